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

#define PACE_EXIT_OK 0       /* everything ran and passed */
#define PACE_EXIT_FAILED 1   /* some benchmark failed (or was interrupted) */
#define PACE_EXIT_USAGE 2    /* usage, configuration or suite error */
#define PACE_EXIT_INTERNAL 3 /* pace itself failed */

struct pace_cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text, printed by --help */
};

/* The command table (pace.c). */
extern const struct pace_cli_cmd pace_cli_commands[];
const struct pace_cli_cmd *pace_cli_find(const char *name);

int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_fixtures(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_trends(int argc, char **argv);
int cmd_patterns(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_system(int argc, char **argv);

extern const char cmd_run_usage[];
extern const char cmd_list_usage[];
extern const char cmd_config_usage[];
extern const char cmd_help_usage[];
extern const char cmd_fixtures_usage[];
extern const char cmd_stats_usage[];
extern const char cmd_history_usage[];
extern const char cmd_compare_usage[];
extern const char cmd_trends_usage[];
extern const char cmd_patterns_usage[];
extern const char cmd_show_usage[];
extern const char cmd_report_usage[];
extern const char cmd_system_usage[];

/* "pace: error: <msg>" on stderr; returns PACE_EXIT_USAGE. */
int pace_cli_error(const char *fmt, ...) PACE_PRINTF(1, 2);
/* Prints err's message and maps its code to an exit code. */
int pace_cli_report_error(const struct pace_error *err);
/* Maps a PACE_E* code to an exit code. */
int pace_cli_exit_code(int code);
/* "pace CMD: unknown option '--x'" etc. for getopt's '?' and ':'. */
int pace_cli_bad_option(const char *cmd, char **argv, int optind_, int optopt_,
			bool missing_arg);

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

/* Whether to colour `f`: cfg->color, NO_COLOR, and isatty. */
bool pace_cli_use_color(const struct pace_config *cfg, FILE *f);

/* Config option scanning shared by commands that accept --config: the
 * flag values are collected first so that files load before flags apply. */
struct pace_cli_flag {
	enum pace_config_key key;
	const char *value;
	const char *flag;
};
struct pace_cli_flags {
	struct pace_cli_flag *v;
	size_t n, alloc;
	const char *config_file;
};
void pace_cli_flags_add(struct pace_cli_flags *f, enum pace_config_key key,
			const char *value, const char *flag);
/* Loads layers then applies the flags; prints errors; returns exit code. */
int pace_cli_load_config(struct pace_config *cfg, struct pace_cli_flags *f);

#endif
