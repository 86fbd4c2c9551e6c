/*
 * pace.c - main(): global options and the table of commands, git-style
 * (`pace <command> [options]`).  Adding a command is one line here and one
 * file cmd_<name>.c that declares its `struct pace_opt_cmd` (options.h).
 */
#include <signal.h>

#include "cli/cli.h"

const struct pace_cli_cmd pace_cli_commands[] = {
	{&cmd_run_spec, cmd_run},
	{&cmd_list_spec, cmd_list},
	{&cmd_config_spec, cmd_config},
	{&cmd_stats_spec, cmd_stats},
	{&cmd_history_spec, cmd_history},
	{&cmd_compare_spec, cmd_compare},
	{&cmd_trends_spec, cmd_trends},
	{&cmd_changes_spec, cmd_changes},
	{&cmd_import_spec, cmd_import},
	{&cmd_bisect_spec, cmd_bisect},
	{&cmd_patterns_spec, cmd_patterns},
	{&cmd_report_spec, cmd_report},
	{&cmd_store_spec, cmd_store},
	{&cmd_show_spec, cmd_show},
	{&cmd_system_spec, cmd_system},
	{&cmd_fixtures_spec, cmd_fixtures},
	{&cmd_env_spec, cmd_env},
	{&cmd_serve_spec, cmd_serve},
	{&cmd_monitor_spec, cmd_monitor},
	{&cmd_completion_spec, cmd_completion},
	{&cmd_help_spec, cmd_help},
	{NULL, NULL},
};

const struct pace_cli_cmd *pace_cli_find(const char *name)
{
	for (const struct pace_cli_cmd *c = pace_cli_commands; c->spec; c++)
		if (!strcmp(c->spec->name, name))
			return c;
	return NULL;
}

const struct pace_opt_cmd *const *pace_cli_specs(void)
{
	static const struct pace_opt_cmd *specs[PACE_ARRAY_SIZE(pace_cli_commands)];

	for (size_t i = 0; pace_cli_commands[i].spec; i++)
		specs[i] = pace_cli_commands[i].spec;
	return specs;
}

int pace_cli_unknown_command(const char *name)
{
	const char *names[PACE_ARRAY_SIZE(pace_cli_commands)] = {NULL};

	for (size_t i = 0; pace_cli_commands[i].spec; i++)
		names[i] = pace_cli_commands[i].spec->name;
	pace_cli_error("'%s' is not a pace command (try 'pace --help')", name);
	pace_opt_suggest(name, names, "");
	return PACE_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct pace_cli_cmd *cmd;
	int rc;

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
	if (argv[1][0] == '-') {
		static const char *const global[] = {"--help", "--version", NULL};
		pace_cli_error("unknown option '%s' (try 'pace --help')", argv[1]);
		pace_opt_suggest(argv[1], global, "");
		return PACE_EXIT_USAGE;
	}
	cmd = pace_cli_find(argv[1]);
	if (!cmd)
		return pace_cli_unknown_command(argv[1]);
	rc = cmd->fn(argc - 1, argv + 1);
	if (rc > 128 && rc < 128 + NSIG) {
		/* Die of the signal, so that a calling shell or make stops
		 * too (a shell loop goes on after a child's plain exit). */
		fflush(NULL);
		signal(rc - 128, SIG_DFL);
		raise(rc - 128);
	}
	return rc;
}
