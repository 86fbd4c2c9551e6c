/*
 * cli.h - what the command files share: the command table entry, printing
 * errors the one way pace prints them, loading suites named on the command
 * line, and deciding about colour.  Only src/cli/ talks to the user; the
 * rest of pace hands it codes and messages.
 *
 * Exit codes (documented in `pace --help` and pace(1)):
 */
#ifndef PACE_CLI_H
#define PACE_CLI_H

#include <stdio.h>

#include "config/config.h"
#include "model.h"
#include "cli/options.h"

#define PACE_EXIT_OK 0       /* everything ran and passed */
#define PACE_EXIT_FAILED 1   /* some benchmark failed, or a regression */
#define PACE_EXIT_USAGE 2    /* usage, configuration or suite error */
#define PACE_EXIT_INTERNAL 3 /* pace itself failed */
/* Ended by signal N (SIGINT: 130), after writing what finished: main()
 * re-raises the signal so that a calling shell sees it (cmd_run). */
#define PACE_EXIT_SIGNAL(n) (128 + (n))

struct pace_cli_cmd {
	const struct pace_opt_cmd *spec; /* name, help, options */
	int (*fn)(int argc, char **argv);
};

/* The command table (pace.c), ending with {NULL, NULL}. */
extern const struct pace_cli_cmd pace_cli_commands[];
const struct pace_cli_cmd *pace_cli_find(const char *name);
/* "'x' is not a pace command" and the nearest commands; returns 2. */
int pace_cli_unknown_command(const char *name);
/* The specs of every command, NULL-terminated (for help and completion). */
const struct pace_opt_cmd *const *pace_cli_specs(void);

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_fixtures(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_store(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_trends(int argc, char **argv);
int cmd_changes(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_patterns(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_completion(int argc, char **argv);
int cmd_env(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_system(int argc, char **argv);

extern const struct pace_opt_cmd cmd_run_spec;
extern const struct pace_opt_cmd cmd_list_spec;
extern const struct pace_opt_cmd cmd_config_spec;
extern const struct pace_opt_cmd cmd_help_spec;
extern const struct pace_opt_cmd cmd_fixtures_spec;
extern const struct pace_opt_cmd cmd_stats_spec;
extern const struct pace_opt_cmd cmd_history_spec;
extern const struct pace_opt_cmd cmd_store_spec;
extern const struct pace_opt_cmd cmd_compare_spec;
extern const struct pace_opt_cmd cmd_trends_spec;
extern const struct pace_opt_cmd cmd_changes_spec;
extern const struct pace_opt_cmd cmd_import_spec;
extern const struct pace_opt_cmd cmd_bisect_spec;
extern const struct pace_opt_cmd cmd_patterns_spec;
extern const struct pace_opt_cmd cmd_show_spec;
extern const struct pace_opt_cmd cmd_report_spec;
extern const struct pace_opt_cmd cmd_completion_spec;
extern const struct pace_opt_cmd cmd_env_spec;
extern const struct pace_opt_cmd cmd_serve_spec;
extern const struct pace_opt_cmd cmd_monitor_spec;
extern const struct pace_opt_cmd cmd_system_spec;

struct pace_plan_filter;
/* Builds (or finds) the environments of the tests the filter selects,
 * with progress on stderr, filling their environment.root; prints each
 * environment's root (unless quiet) and one line for each that falls
 * back to the local executor (cmd_env.c).  Returns an exit code. */
int pace_cli_prepare_environments(struct pace_suite *suites, size_t n,
				  const struct pace_plan_filter *filter, bool quiet);

/* pace run --push (cmd_serve.c): PUTs run_id's metrics from st to the
 * Pushgateway at url; prints why and returns an exit code on failure. */
struct pace_store;
int pace_cli_push(struct pace_store *st, const char *run_id, const char *url,
		  bool quiet);

/* "pace: error: <msg>" on stderr; returns PACE_EXIT_USAGE. */
int pace_cli_error(const char *fmt, ...) PACE_PRINTF(1, 2);
/* Prints err's message and maps its code to an exit code. */
int pace_cli_report_error(const struct pace_error *err);
/* Writes a benchmark's output (--show-output) with its control characters
 * as visible escapes, lines and tabs kept. */
void pace_cli_put_output(FILE *f, const char *text);
/* Maps a PACE_E* code to an exit code. */
int pace_cli_exit_code(int code);

/* Loads each argument as a suite: a file when it exists or looks like a
 * path (has '/' or ends in .yaml/.yml/.json), else a built-in name. */
int pace_cli_load_suites(struct pace_suite **out, size_t *n, char **names,
			 size_t nnames, bool shell, struct pace_error *err);
void pace_cli_free_suites(struct pace_suite *suites, size_t n);
/* Expands the tests of type: binary in suites into one test per target
 * (pace_binary_expand: runs each program with --list, waiting at most
 * timeout_s, 60 s when <= 0).  The program "@pace-self@" (the built-in
 * suite self) is pace-self: $PACE_SELF_PROGRAM, else next to the running
 * pace, else ../libexec/pace/ from it; PACE_EUSAGE naming the places
 * looked at when it is in none. */
int pace_cli_expand_binaries(struct pace_suite *suites, size_t n, double timeout_s,
			     struct pace_error *err);

/* The ids of pace_opt_selection (-f, --tags, --variants): adds arg to f
 * and returns 1, or returns 0 for another id. */
struct pace_plan_filter;
int pace_cli_selection_option(struct pace_plan_filter *f, int id, const char *arg);

/* The progress line of pace run (term.c).  Parts in display order; when
 * the terminal is narrow the name is shortened first ("..."), then the
 * optional parts are dropped: ETA and last time before the variant. */
struct pace_cli_progress {
	char head[48];    /* "  [2/5] " */
	char count[48];   /* ": run 3/10" */
	char opt[3][96];  /* " VARIANT", "  last 1.2 ms", "  ETA 0:04" */
};
/* Whether to draw one: stderr is a terminal, TERM is not dumb, and
 * nothing else writes there (--quiet, --show-output, -v). */
bool pace_cli_progress_wanted(const struct pace_config *cfg, bool verbose);
/* TIOCGWINSZ of stderr, else $COLUMNS, else 80. */
size_t pace_cli_term_width(void);
/* Joins pp into line in width - 1 columns. */
void pace_cli_progress_fit(struct pace_strbuf *line, const struct pace_cli_progress *pp,
			   const char *name, size_t width);

/* Whether to colour `f`: cfg->color, NO_COLOR, and isatty. */
bool pace_cli_use_color(const struct pace_config *cfg, FILE *f);

/* Config option scanning shared by commands that accept --config: the
 * flag values are collected first so that files load before flags apply. */
struct pace_cli_flag {
	enum pace_config_key key;
	const char *value;
	char *flag; /* "--runs", owned */
};
struct pace_cli_flags {
	struct pace_cli_flag *v;
	size_t n, alloc;
	const char *config_file;
};
void pace_cli_flags_add(struct pace_cli_flags *f, enum pace_config_key key,
			const char *value, const char *flag);
/* Frees what flags_add collected (pace_cli_load_config does it too). */
void pace_cli_flags_release(struct pace_cli_flags *f);
/* Loads layers then applies the flags; prints errors; returns exit code. */
int pace_cli_load_config(struct pace_config *cfg, struct pace_cli_flags *f);

#endif
