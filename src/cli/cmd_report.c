/*
 * cmd_report.c - `pace report [RUN]`: writes the reports of a run kept in
 * the history store again, as `pace run` wrote them when it ended, every
 * file (vcs.md included) through the same pipeline (pace_pipeline_report):
 * the run comes back with every sample, its summaries and comparisons
 * are recomputed with the analysis settings stored with it (same seed,
 * so the same bootstrap intervals), and the report context
 * (configuration, command line, history up to that run) is the stored
 * one, so results.json comes out the same as the run's own.
 */
#include <getopt.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

const char cmd_report_usage[] =
"usage: pace report [options] [RUN]\n"
"\n"
"Writes the reports of a stored run again (default: latest).  RUN is a run\n"
"id (or a unique prefix), 'latest', 'previous' or a baseline name.\n"
"\n"
"  -f, --format LIST       files to write: html,md,json,csv,raw or all\n"
"                          (default html,md,json,csv)\n"
"  -o, --output DIR        where to write them (default: output.destination,\n"
"                          benchmarks/output)\n"
"      --store PATH        the history database (default benchmarks/pace.db)\n"
"  -c, --config FILE       use FILE instead of ./pace.yaml\n"
"\n"
"Exit status: 0 written, 2 usage error or unknown run, 3 internal error.\n";

enum { OPT_STORE = 256, OPT_HELP };

static const struct option report_options[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"store", required_argument, NULL, OPT_STORE},
	{"config", required_argument, NULL, 'c'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct report_args {
	struct pace_cli_flags flags;
	unsigned formats;
	const char *ref;
};

/* 0 to go on, -1 after --help, else an exit code. */
static int parse_args(struct report_args *a, int argc, char **argv)
{
	struct pace_error err = PACE_ERROR_INIT;
	int c, rc;

	a->formats = PACE_REPORT_ALL & ~(unsigned)PACE_REPORT_RAW;
	a->ref = "latest";
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:f:o:c:", report_options,
				NULL)) != -1) {
		switch (c) {
		case 'f':
			if (pace_report_parse_formats(optarg, &a->formats, &err)) {
				rc = pace_cli_report_error(&err);
				pace_error_release(&err);
				return rc;
			}
			break;
		case 'o':
			pace_cli_flags_add(&a->flags, PACE_CFG_OUTPUT_DIR, optarg,
					   argv[optind - 1]);
			break;
		case OPT_STORE:
			pace_cli_flags_add(&a->flags, PACE_CFG_STORE, optarg,
					   argv[optind - 1]);
			break;
		case 'c': a->flags.config_file = optarg; break;
		case OPT_HELP: fputs(cmd_report_usage, stdout); return -1;
		case ':':
			return pace_cli_bad_option("report", argv, optind,
						   optopt, true);
		default:
			return pace_cli_bad_option("report", argv, optind,
						   optopt, false);
		}
	}
	if (argc - optind > 1)
		return pace_cli_error("report: expected at most one run; "
				      "see 'pace report --help'");
	if (argc - optind == 1)
		a->ref = argv[optind];
	return 0;
}

static int report(const void *args, const struct pace_config *cfg)
{
	const struct report_args *a = args;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	char id[48];
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	if (pace_pipeline_report(st, a->ref, cfg->output_dir, a->formats,
				 cfg->compression, id, &err))
		rc = pace_cli_report_error(&err);
	else if (!cfg->quiet)
		printf("Reports of run %s written to %s/\n", id, cfg->output_dir);
	pace_error_release(&err);
	pace_store_free(st);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct report_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, report, &a);
}
