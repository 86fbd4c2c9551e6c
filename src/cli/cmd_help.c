/*
 * cmd_help.c - `pace help [COMMAND]` and `pace --help`: the overview with
 * the command table and exit codes, or one command's usage, both from the
 * declared tables; `pace help --man [TEMPLATE]` prints the man page's
 * OPTIONS section (into TEMPLATE at its `.\" @OPTIONS@` line), which the
 * build installs as pace(1).
 */
#include <errno.h>

#include "cli/cli.h"

enum { HELP_MAN = 1 };

static const struct pace_opt help_opts[] = {
	{"man", 0, NULL, "print the man page's OPTIONS section, generated from\n"
	 "the option tables (into TEMPLATE, at its marker line)",
	 .id = HELP_MAN},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_help_spec = {
	.name = "help",
	.summary = "show help for pace or a command",
	.usage =
"usage: pace help [COMMAND]\n"
"   or: pace help --man [TEMPLATE]\n"
"\n"
"Shows the overview, or the help of COMMAND (same as 'pace COMMAND --help').\n",
	.opts = help_opts,
	.operands = PACE_COMPLETE_COMMAND,
};

static void overview(void)
{
	printf("usage: pace [--version] [--help] <command> [options]\n\n"
	       "pace measures commands and suites of benchmarks, judges the numbers\n"
	       "with statistics, and writes reports.\n\nCommands:\n");
	for (const struct pace_cli_cmd *c = pace_cli_commands; c->spec; c++)
		printf("  %-10s %s\n", c->spec->name, c->spec->summary);
	printf("\nExamples:\n"
	       "  pace run -- 'sleep 0.01' 'sleep 0.02'   compare two commands\n"
	       "  pace run example                        run the built-in example suite\n"
	       "  pace run suite.yaml --tags fast         run a suite file's fast tests\n"
	       "\nEvery command takes -h/--help; options may follow the operands, and\n"
	       "'--' ends the options.\n"
	       "\nExit status:\n"
	       "  0    everything ran and passed\n"
	       "  1    some benchmark failed, or (--fail-on-regression) a\n"
	       "       performance regression was found\n"
	       "  2    usage, configuration or suite error; also before measuring:\n"
	       "       an unwritable output path, an unknown --baseline, a damaged\n"
	       "       store (--no-store runs anyway), an input file over its limits\n"
	       "  3    internal error (results.json is then saved in $TMPDIR)\n"
	       "  130  interrupted (Ctrl-C; 143 SIGTERM, 129 SIGHUP); finished results\n"
	       "       were written\n"
	       "\nSee 'pace help <command>' and pace(1).\n");
}

/* TEMPLATE with its "@OPTIONS@" line replaced by the generated section. */
static int man(const char *template_path)
{
	const struct pace_opt_cmd *const *specs = pace_cli_specs();
	char line[4096];
	FILE *f;

	if (pace_opt_check_letters(specs))
		return PACE_EXIT_INTERNAL;
	if (!template_path) {
		pace_opt_man(stdout, specs);
		return PACE_EXIT_OK;
	}
	f = fopen(template_path, "r");
	if (!f)
		return pace_cli_error("help: cannot read '%s': %s", template_path,
				      strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "@OPTIONS@"))
			pace_opt_man(stdout, specs);
		else
			fputs(line, stdout);
	}
	fclose(f);
	return PACE_EXIT_OK;
}

static int on_opt(void *data, int id, const char *arg)
{
	(void)arg;
	if (id == HELP_MAN)
		*(bool *)data = true;
	return 0;
}

int cmd_help(int argc, char **argv)
{
	bool want_man = false;
	struct pace_opt_state st = {.cb = on_opt, .data = &want_man};
	const struct pace_cli_cmd *c;
	int rc;

	if (argc < 2) {
		overview();
		return PACE_EXIT_OK;
	}
	rc = pace_opt_parse(&st, &cmd_help_spec, argc, argv);
	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
	if (want_man)
		return st.nargs > 1 ? pace_cli_error("help: --man takes one template")
				    : man(st.nargs ? st.args[0] : NULL);
	if (!st.nargs) {
		overview();
		return PACE_EXIT_OK;
	}
	c = pace_cli_find(st.args[0]);
	if (!c)
		return pace_cli_unknown_command(st.args[0]);
	pace_opt_usage(stdout, c->spec);
	return PACE_EXIT_OK;
}
