/*
 * cmd_help.c - `pace help [COMMAND]` and `pace --help`: the overview with
 * the command table and exit codes, or one command's usage.
 */
#include "cli/cli.h"

const char cmd_help_usage[] =
"usage: pace help [COMMAND]\n"
"\n"
"Shows the overview, or the help of COMMAND (same as 'pace COMMAND --help').\n";

static void overview(void)
{
	printf("usage: pace [--version] [--help] <command> [options]\n\n"
	       "pace measures commands and suites of benchmarks, judges the numbers\n"
	       "with statistics, and writes reports.\n\nCommands:\n");
	for (const struct pace_cli_cmd *c = pace_cli_commands; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\nExamples:\n"
	       "  pace run -- 'sleep 0.01' 'sleep 0.02'   compare two commands\n"
	       "  pace run example                        run the built-in example suite\n"
	       "  pace run suite.yaml --tags fast         run a suite file's fast tests\n"
	       "\nExit status:\n"
	       "  0  everything ran and passed\n"
	       "  1  some benchmark failed, the run was interrupted, or\n"
	       "     (--fail-on-regression) a performance regression was found\n"
	       "  2  usage, configuration or suite error; also before measuring:\n"
	       "     an unwritable output path, an unknown --baseline, a damaged\n"
	       "     store (--no-store runs anyway), an input file over its limits\n"
	       "  3  internal error (results.json is then saved in $TMPDIR)\n"
	       "\nSee 'pace help <command>' and pace(1).\n");
}

int cmd_help(int argc, char **argv)
{
	const struct pace_cli_cmd *c;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		if (argc >= 2)
			fputs(cmd_help_usage, stdout);
		else
			overview();
		return PACE_EXIT_OK;
	}
	c = pace_cli_find(argv[1]);
	if (!c)
		return pace_cli_error("help: '%s' is not a pace command", argv[1]);
	fputs(c->usage, stdout);
	return PACE_EXIT_OK;
}
