/*
 * suite.h - reading suite files (YAML, or JSON since JSON is YAML 1.2) into
 * pace_suite, and the suites built into pace.
 *
 * The format is written down in docs/suite-format.md.  The parser walks
 * libfyaml's document tree and checks every key against what it expects:
 * unknown keys, wrong types, missing commands, duplicate ids, variants not
 * declared, negative counts and dependsOn pointing nowhere (or in a cycle)
 * are all errors that name file:line:column and what was expected.
 */
#ifndef PACE_SUITE_H
#define PACE_SUITE_H

#include "model.h"

/* Parses `text` (named `path` in messages).  `shell_default` is the run's
 * --shell setting, used for string commands that do not say `shell:`.
 * On error *out is left empty and the message is in err (PACE_EUSAGE). */
int pace_suite_parse(struct pace_suite *out, const char *path,
		     const char *text, size_t len, bool shell_default,
		     struct pace_error *err);

/* Reads and parses a file (PACE_EUSAGE when it does not exist). */
int pace_suite_load_file(struct pace_suite *out, const char *path,
			 bool shell_default, struct pace_error *err);

/* Built-in suites, by name ("example", ...). */
size_t pace_suite_builtin_count(void);
const char *pace_suite_builtin_name(size_t i);
const char *pace_suite_builtin_description(size_t i);
/* Loads a built-in suite; PACE_EUSAGE when there is no such name. */
int pace_suite_load_builtin(struct pace_suite *out, const char *name,
			    bool shell_default, struct pace_error *err);

/* Builds the one-test suite of `pace run -- 'cmd one' 'cmd two'`: each
 * command is a variant of test `name` (or an id derived from the
 * commands); `names` optionally names the variants (--command-name). */
int pace_suite_from_commands(struct pace_suite *out, char *const *commands,
			     size_t ncommands, const struct pace_strvec *names,
			     bool shell, struct pace_error *err);

/* Makes a command from text: shell ? {"/bin/sh","-c",text} : split words. */
int pace_cmd_from_text(struct pace_cmd *out, const char *text, bool shell,
		       struct pace_error *err);

/* ---- parameters (params.c) ---------------------------------------------- */

/* One parameter of a sweep: its name and its values, in order. */
struct pace_param_axis {
	char *name;
	struct pace_strvec values;
};
void pace_param_axis_release(struct pace_param_axis *a);

/* hyperfine's -P NAME MIN MAX [-D STEP]: MIN, MIN + STEP, ... up to MAX
 * (STEP NULL: 1), written with as many decimals as the most precise of
 * the three ("1" .. "4"; "0" "0.25" .. "1.00").  PACE_EUSAGE for a bad
 * number, STEP <= 0, MIN > MAX or more than 10000 values. */
int pace_param_scan(struct pace_param_axis *out, const char *name,
		    const char *min, const char *max, const char *step,
		    struct pace_error *err);
/* hyperfine's -L NAME a,b,c: split on every comma, as hyperfine does. */
int pace_param_list(struct pace_param_axis *out, const char *name,
		    const char *list, struct pace_error *err);

/* Replaces every test of s whose commands or hooks mention {NAME} of one
 * of the axes by one test per combination of the axes it uses (their
 * product; params.c says how ids, names and dependsOn follow).  used
 * (n entries, may be NULL) is set true for each axis some test used. */
int pace_suite_expand_params(struct pace_suite *s,
			     const struct pace_param_axis *axes, size_t n,
			     bool *used, struct pace_error *err);
/* Whether a command or hook of t mentions {name}. */
bool pace_suite_test_uses_param(const struct pace_test *t, const char *name);

#endif
