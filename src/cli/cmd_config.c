/*
 * cmd_config.c - `pace config show`: the effective configuration, one key
 * a line, with the layer each value came from (default, a file and line,
 * an environment variable or a flag), like `git config --show-origin`.
 */

#include "cli/cli.h"

static const struct pace_opt config_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_INCLUDE(pace_opt_json),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_config_spec = {
	.name = "config",
	.summary = "show the effective configuration",
	.usage =
"usage: pace config show [--config FILE] [--json]\n"
"\n"
"Prints every configuration key, its effective value and where it came\n"
"from.  Layers, lowest first: built-in defaults, /etc/pace/config.yaml,\n"
"~/.config/pace/config.yaml, ./pace.yaml (or --config FILE), PACE_*\n"
"environment variables, command-line flags.  See docs/config.md.\n",
	.opts = config_opts,
	.operands = PACE_COMPLETE_WORDS,
	.words = "show",
};

static int on_option(void *data, int id, const char *arg)
{
	(void)arg;
	if (id == 'j')
		*(bool *)data = true;
	return 0;
}

static void show(const struct pace_config *cfg)
{
	struct pace_strbuf v = PACE_STRBUF_INIT;
	for (int k = 0; k < PACE_CFG_NKEYS; k++) {
		pace_strbuf_reset(&v);
		pace_config_value_str(cfg, (enum pace_config_key)k, &v);
		printf("%-28s %-20s # %s", pace_config_key_name((enum pace_config_key)k),
		       pace_strbuf_str(&v), pace_config_source_name(cfg->source[k]));
		if (cfg->origin[k])
			printf(" (%s)", cfg->origin[k]);
		putchar('\n');
	}
	pace_strbuf_release(&v);
}

int cmd_config(int argc, char **argv)
{
	struct pace_cli_flags flags = {0};
	struct pace_config cfg;
	bool json = false;
	struct pace_opt_state st = {.flags = &flags, .cb = on_option, .data = &json};
	int rc = pace_opt_parse(&st, &cmd_config_spec, argc, argv);

	if (rc) {
		pace_cli_flags_release(&flags);
		return rc < 0 ? PACE_EXIT_OK : rc;
	}
	if (st.nargs != 1 || strcmp(st.args[0], "show"))
		return pace_cli_error("config: expected 'pace config show' (see 'pace config --help')");
	pace_config_init(&cfg);
	rc = pace_cli_load_config(&cfg, &flags);
	if (!rc && json) {
		struct pace_strbuf sb = PACE_STRBUF_INIT;
		pace_config_to_json(&cfg, &sb);
		puts(pace_strbuf_str(&sb));
		pace_strbuf_release(&sb);
	} else if (!rc) {
		show(&cfg);
	}
	pace_config_release(&cfg);
	return rc;
}
