/*
 * pace.c - main(): global options and the table of commands, git-style
 * (`pace <command> [options]`).  Adding a command is one line here and one
 * file cmd_<name>.c.
 */
#include "cli/cli.h"

const struct pace_cli_cmd pace_cli_commands[] = {
	{"run", cmd_run, "measure commands or suites", cmd_run_usage},
	{"list", cmd_list, "list suites, tests, variants and tags", cmd_list_usage},
	{"config", cmd_config, "show the effective configuration", cmd_config_usage},
	{"stats", cmd_stats, "describe and compare samples from files", cmd_stats_usage},
	{"history", cmd_history, "list stored runs; show a run or a test over time", cmd_history_usage},
	{"compare", cmd_compare, "compare two stored runs: what improved or regressed", cmd_compare_usage},
	{"trends", cmd_trends, "least-squares trends of stored tests, with a forecast", cmd_trends_usage},
	{"patterns", cmd_patterns, "search the stored patterns (reward, critique) of tests", cmd_patterns_usage},
	{"report", cmd_report, "write a stored run's reports again (html, md, json, csv)", cmd_report_usage},
	{"show", cmd_show, "a test's histogram and summary from the last run", cmd_show_usage},
	{"system", cmd_system, "check (and tune) the machine for benchmarking", cmd_system_usage},
	{"fixtures", cmd_fixtures, "generate, list and clean repository fixtures", cmd_fixtures_usage},
	{"help", cmd_help, "show help for pace or a command", cmd_help_usage},
	{NULL, NULL, NULL, NULL},
};

const struct pace_cli_cmd *pace_cli_find(const char *name)
{
	for (const struct pace_cli_cmd *c = pace_cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct pace_cli_cmd *cmd;

	if (argc < 2) {
		char *help[] = {"help", NULL};
		cmd_help(1, help);
		return PACE_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv + 1);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("pace %s\n", PACE_VERSION);
		return PACE_EXIT_OK;
	}
	if (argv[1][0] == '-')
		return pace_cli_error("unknown option '%s' (try 'pace --help')",
				      argv[1]);
	cmd = pace_cli_find(argv[1]);
	if (!cmd)
		return pace_cli_error("'%s' is not a pace command (try 'pace --help')",
				      argv[1]);
	return cmd->fn(argc - 1, argv + 1);
}
