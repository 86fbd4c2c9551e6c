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

void pace_suite_release(struct pace_suite *s);
void pace_test_release(struct pace_test *t);
void pace_cmd_release(struct pace_cmd *c);
void pace_fixture_use_release(struct pace_fixture_use *f);
/* An environment definition's contents (_copy: dst is overwritten). */
void pace_env_def_release(struct pace_env_def *e);
void pace_env_def_copy(struct pace_env_def *dst, const struct pace_env_def *src);

/* Makes a command from text: shell ? {"/bin/sh","-c",text} : split words. */
int pace_cmd_from_text(struct pace_cmd *out, const char *text, bool shell,
		       struct pace_error *err);

#endif
