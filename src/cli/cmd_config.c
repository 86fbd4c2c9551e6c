/*
 * cmd_config.c - `pace config show`: the effective configuration, one key
 * a line, with the layer each value came from (default, a file and line,
 * an environment variable or a flag), like `git config --show-origin`.
 */
#include <getopt.h>

#include "cli/cli.h"

const char cmd_config_usage[] =
"usage: pace config show [--config FILE] [--json]\n"
"\n"
"Prints every configuration key, its effective value and where it came\n"
"from.  Layers, lowest first: built-in defaults, /etc/pace/config.yaml,\n"
"~/.config/pace/config.yaml, ./pace.yaml (or --config FILE), PACE_*\n"
"environment variables, command-line flags.  See docs/config.md.\n"
"\n"
"  -c, --config FILE   use FILE instead of ./pace.yaml\n"
"      --json          the effective configuration as JSON\n";

enum { OPT_JSON = 256, OPT_HELP };

static const struct option config_options[] = {
	{"config", required_argument, NULL, 'c'},
	{"json", no_argument, NULL, OPT_JSON},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

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
	int c, rc;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", config_options, NULL)) != -1) {
		switch (c) {
		case 'c': flags.config_file = optarg; break;
		case OPT_JSON: json = true; break;
		case 'h': case OPT_HELP: fputs(cmd_config_usage, stdout); return 0;
		case ':': return pace_cli_bad_option("config", argv, optind, optopt, true);
		default: return pace_cli_bad_option("config", argv, optind, optopt, false);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "show") || optind + 1 != argc)
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
