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

#include "cli/analysis.h"
#include "cli/cli.h"
#include "pipeline/pipeline.h"

enum { REPORT_FORMAT = 1 };

static const struct pace_opt report_opts[] = {
	{"format", 'F', "LIST", "files to write: html,md,json,csv,raw or all\n"
	 "(default html,md,json,csv)", .id = REPORT_FORMAT,
	 .complete = PACE_COMPLETE_WORDS, .choices = "html md json csv raw all"},
	PACE_OPT_INCLUDE(pace_opt_output),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_report_spec = {
	.name = "report",
	.summary = "write a stored run's reports again (html, md, json, csv)",
	.usage =
"usage: pace report [options] [RUN]\n"
"\n"
"Writes the reports of a stored run again (default: latest).  RUN is a run\n"
"id (or a unique prefix), 'latest', 'previous' or a baseline name.\n",
	.opts = report_opts,
	.footer = "Exit status: 0 written, 2 usage error or unknown run, 3 internal error.\n",
	.operands = PACE_COMPLETE_WORDS,
	.words = "latest previous",
};

struct report_args {
	struct pace_cli_flags flags;
	unsigned formats;
	const char *ref;
};

static int on_option(void *data, int id, const char *arg)
{
	struct report_args *a = data;
	struct pace_error err = PACE_ERROR_INIT;
	int rc = 0;

	if (id == REPORT_FORMAT && pace_report_parse_formats(arg, &a->formats, &err))
		rc = pace_cli_report_error(&err);
	pace_error_release(&err);
	return rc;
}

/* 0 to go on, -1 after --help, else an exit code. */
static int parse_args(struct report_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc;

	a->formats = PACE_REPORT_ALL & ~(unsigned)PACE_REPORT_RAW;
	a->ref = "latest";
	if ((rc = pace_opt_parse(&st, &cmd_report_spec, argc, argv)) != 0)
		return rc;
	if (st.nargs > 1)
		return pace_cli_error("report: expected at most one run; "
				      "see 'pace report --help'");
	if (st.nargs == 1)
		a->ref = st.args[0];
	return 0;
}

static int report(const void *args, const struct pace_config *cfg)
{
	const struct report_args *a = args;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	char id[48];
	int rc = pace_cli_store_open(&st, cfg);

	mode_t old;

	if (rc)
		return rc;
	old = pace_cli_private_begin(cfg);
	if (pace_pipeline_report(st, a->ref, cfg->output_dir, a->formats,
				 cfg->compression, id, &err))
		rc = pace_cli_report_error(&err);
	else if (!cfg->quiet)
		printf("Reports of run %s written to %s/\n", id, cfg->output_dir);
	pace_cli_private_end(old);
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
