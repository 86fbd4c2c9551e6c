/*
 * cmd_import.c - `pace import FILE...`: other tools' results (hyperfine's
 * --export-json, Google Benchmark's --benchmark_format=json) and pace's
 * own raw/<test>.json files into the history, one run per FILE in the
 * order given, each analysed as a measured run (pipeline/import.c): the
 * comparison with the previous run of its first test is printed as after
 * `pace run`, and compare, trends and changes see the runs.
 */
#include <string.h>

#include "cli/analysis.h"
#include "cli/cli.h"

static const struct pace_opt import_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_alpha),
	PACE_OPT_INCLUDE(pace_opt_threshold),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_import_spec = {
	.name = "import",
	.summary = "bring hyperfine, Google Benchmark or pace raw results into the history",
	.usage =
"usage: pace import [options] FILE [FILE ...]\n"
"\n"
"Stores each FILE as one run of the history, in the order given: a\n"
"hyperfine export (--export-json: suite 'hyperfine', one variant per\n"
"command), a Google Benchmark export (--benchmark_format=json: suite\n"
"'gbench', one test per benchmark, each repetition a sample) or a pace raw\n"
"file (raw/<test>.json, its own suite, test and variants).  Each run is\n"
"compared with the previous run of its first test, as after pace run;\n"
"pace compare, trends and changes then work across tools.\n",
	.opts = import_opts,
	.operands = PACE_COMPLETE_FILE,
};

struct import_args {
	struct pace_cli_flags flags;
	char **files;
	size_t nfiles;
};

static int on_option(void *data, int id, const char *arg)
{
	(void)data;
	(void)id;
	(void)arg;
	return 0;
}

static void warn(void *data, const char *msg)
{
	(void)data;
	fprintf(stderr, "pace: warning: %s\n", msg);
}

static size_t samples_of(const struct pace_run *run)
{
	size_t n = 0;

	for (size_t i = 0; i < run->nresults; i++)
		n += run->results[i].nsamples;
	return n;
}

static int import_one(struct pace_store *st, const char *path,
		      const struct pace_config *cfg, struct pace_error *err)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	struct pace_import im;
	struct pace_pipeline_result res;
	struct pace_run run;
	int rc = pace_read_input(path, &text, err);

	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	pace_run_init(&run);
	if (!rc)
		rc = pace_import_parse(&im, path, text.buf, text.len, err);
	if (!rc)
		rc = pace_pipeline_import(&res, &run, st, &im, cfg, "pace import",
					  warn, NULL, err);
	if (!rc) {
		printf("%s (%s): run %s, %zu result%s, %zu samples\n", path,
		       im.tool, run.id, run.nresults,
		       run.nresults == 1 ? "" : "s", samples_of(&run));
		if (res.have_diff) {
			printf("Compared with run %s (%s):\n", res.baseline_id,
			       res.baseline_started);
			pace_cli_print_diff(stdout, &res.diff,
					    pace_cli_use_color(cfg, stdout), false);
		}
	}
	pace_pipeline_result_release(&res);
	pace_run_release(&run);
	pace_import_release(&im);
	pace_strbuf_release(&text);
	return rc;
}

static int import(const struct import_args *a, const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < a->nfiles; i++)
		if (import_one(st, a->files[i], cfg, &err))
			rc = pace_cli_report_error(&err);
	pace_store_free(st);
	pace_error_release(&err);
	return rc;
}

static int import_cb(const void *args, const struct pace_config *cfg)
{
	return import(args, cfg);
}

int cmd_import(int argc, char **argv)
{
	struct import_args a = {0};
	struct pace_opt_state st = {.flags = &a.flags, .cb = on_option, .data = &a};
	int rc = pace_opt_parse(&st, &cmd_import_spec, argc, argv);

	if (!rc && !st.nargs)
		rc = pace_cli_error("import: expected FILE...; see 'pace import "
				    "--help'");
	a.files = st.args;
	a.nfiles = st.nargs;
	return pace_cli_with_config(rc, &a.flags, import_cb, &a);
}
