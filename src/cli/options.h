/*
 * options.h - declared options (git's parse-options, tmux's cmd_entry):
 * every command describes itself once, in a `struct pace_opt_cmd` at the
 * top of its cmd_<name>.c (name, summary, usage text, option table,
 * operands), and everything else is generated from that: argv parsing
 * with GNU permutation, `--help`, "did you mean", the man page's OPTIONS
 * section (`pace help --man`) and the bash, zsh and fish completions
 * (`pace completion SHELL`).
 *
 * How to add an option: one line in the command's table, e.g.
 *
 *     {"executor", 0, "KIND", "how tests run: process or sandbox",
 *      .id = RUN_EXECUTOR, .choices = "process sandbox"},
 *
 * and a `case RUN_EXECUTOR:` in the command's callback (it gets the value).
 * An option that sets a configuration key needs no callback at all: give
 * it `.cfg = PACE_OPT_KEY(PACE_CFG_X)` and the value goes through
 * pace_config_set as a flag (a flag without a value sets "true", or
 * `.value`).  An option several commands take is declared once in
 * options.c (pace_opt_store[], ...) and included with PACE_OPT_INCLUDE.
 * Short letters have one meaning across pace: reuse a letter only for the
 * same option (pace_opt_check_letters, run by `pace help --man` and so by
 * the build, fails on a clash).
 *
 * How to add a command: a cmd_<name>.c with its `struct pace_opt_cmd` and
 * `int cmd_<name>(int argc, char **argv)` calling pace_opt_parse, and one
 * line in the table in pace.c.
 *
 * -h/--help is every command's; `--` ends the options; options may come
 * after operands; a long option may be abbreviated to a unique prefix
 * (getopt_long's rule, kept for compatibility).
 */
#ifndef PACE_CLI_OPTIONS_H
#define PACE_CLI_OPTIONS_H

#include <stdio.h>

#include "config/config.h"
#include "util/util.h"

struct pace_cli_flags; /* cli.h */

/* How shells complete a value or an operand. */
enum pace_opt_complete {
	PACE_COMPLETE_NONE = 0, /* free text: no completion */
	PACE_COMPLETE_FILE,
	PACE_COMPLETE_DIR,
	PACE_COMPLETE_SUITE,    /* built-in suite names and files */
	PACE_COMPLETE_COMMAND,  /* pace's commands */
	PACE_COMPLETE_WORDS,    /* the words of .choices / .words */
};

/* Config key + 1, so that 0 means "sets no key". */
#define PACE_OPT_KEY(k) ((int)(k) + 1)
/* The id of -c/--config: it names the file, it is not a key. */
#define PACE_OPT_ID_CONFIG (-1)

struct pace_opt {
	const char *name;    /* long name without "--"; NULL: group, include, end */
	char letter;         /* short letter, 0 for none */
	const char *arg;     /* the value's name in help ("N"); NULL: a flag */
	const char *help;    /* help text; '\n' starts a continuation line */
	int cfg;             /* PACE_OPT_KEY(key) it sets, 0 for none */
	const char *value;   /* what a flag with .cfg sets (default "true") */
	int id;              /* handed to the command's callback, 0 for none */
	enum pace_opt_complete complete; /* the value's completion */
	const char *choices; /* "a b c": the values, for completion */
	const struct pace_opt *include; /* shared options spliced in here */
	/* Values after the first (hyperfine's -P NAME MIN MAX: 2): the
	 * callback finds all of them in pace_opt_state.values. */
	int more;
	/* The value is optional: only --name=VALUE gives one (--shell, or
	 * --shell=bash); the short letter always takes one (-S bash). */
	bool optional;
};

#define PACE_OPT_END {NULL, 0, NULL, NULL, 0, NULL, 0, 0, NULL, NULL, 0, false}
/* A heading in --help ("Run count:"). */
#define PACE_OPT_GROUP(title) {.help = (title)}
#define PACE_OPT_INCLUDE(table) {.include = (table)}

/* The shared options (options.c). */
extern const struct pace_opt pace_opt_config[];  /* -c, --config FILE */
extern const struct pace_opt pace_opt_store[];   /* --store PATH */
extern const struct pace_opt pace_opt_output[];  /* -o, --output DIR */
extern const struct pace_opt pace_opt_color[];   /* --color WHEN */
extern const struct pace_opt pace_opt_quiet[];   /* -q, --quiet */
extern const struct pace_opt pace_opt_json[];    /* -j, --json */
extern const struct pace_opt pace_opt_alpha[];   /* --alpha A */
extern const struct pace_opt pace_opt_threshold[]; /* --threshold X */
extern const struct pace_opt pace_opt_bootstrap_seed[]; /* --bootstrap, --seed */
extern const struct pace_opt pace_opt_selection[]; /* -f, --tags, --variants */

/* A command: what `pace help`, the man page and completions show. */
struct pace_opt_cmd {
	const char *name;
	const char *summary;  /* one line for `pace --help` */
	const char *usage;    /* "usage: ..." lines and description */
	const struct pace_opt *opts;
	const char *footer;   /* after the options (exit status, notes) */
	enum pace_opt_complete operands;
	const char *words;    /* subcommands / operand words (PACE_COMPLETE_WORDS) */
};

/* What parsing found.  Operands point into argv. */
struct pace_opt_state {
	struct pace_cli_flags *flags; /* config flags; NULL: none allowed */
	int (*cb)(void *data, int id, const char *arg);
	void *data;
	char **args;          /* the operands, in order */
	size_t nargs;
	size_t nbefore;       /* operands before "--" (all when no "--") */
	bool dashdash;        /* "--" was given */
	/* While the callback runs for an option with .more: its 1 + more
	 * values, in order (values[0] is the callback's arg). */
	const char *values[4];
};

/* Parses argv (argv[0] is the command's name) against cmd's table:
 * options with .cfg are added to st->flags, --config sets the file, the
 * rest go to st->cb (which returns 0 or an exit code, having printed
 * why).  The operands are gathered, in order, at the front of argv + 1.
 * Returns 0 to go on, -1 when --help was printed (exit 0), else an exit
 * code after printing the error (2 for usage errors). */
int pace_opt_parse(struct pace_opt_state *st, const struct pace_opt_cmd *cmd,
		   int argc, char **argv);

/* cmd's --help text. */
void pace_opt_usage(FILE *f, const struct pace_opt_cmd *cmd);

/* The candidates (a NULL-terminated list) closest to word by edit
 * distance (transpositions count one), when close enough to be a
 * likely typo; prints "did you mean 'x'?" lines to stderr with prefix
 * before each name, and returns how many (0: none close enough). */
size_t pace_opt_suggest(const char *word, const char *const *candidates,
			const char *prefix);
/* Whether pace_opt_suggest would suggest something (it prints nothing). */
bool pace_opt_is_near(const char *word, const char *const *candidates);

/* Calls fn for every option of t, includes spliced; groups are passed
 * with o->name == NULL. */
void pace_opt_walk(const struct pace_opt *t,
		   void (*fn)(const struct pace_opt *o, void *data), void *data);

/* 0, or prints the clash and returns -1 when a short letter means two
 * options across cmds (NULL-terminated). */
int pace_opt_check_letters(const struct pace_opt_cmd *const *cmds);

/* Generated text (completion.c): the man page's OPTIONS section and the
 * shells' completion scripts for the command table. */
void pace_opt_man(FILE *f, const struct pace_opt_cmd *const *cmds);
int pace_opt_completion(FILE *f, const char *shell,
			const struct pace_opt_cmd *const *cmds);

#endif
