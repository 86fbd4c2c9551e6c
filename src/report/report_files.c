/*
 * report_files.c - lays out the output directory (DESIGN.md §6):
 * raw/<test-id>.json for each test, results.json, results.csv and, unless
 * turned off, summary.md.  Each file is rendered into memory first and
 * then written through pace_write_file (a temporary file renamed into
 * place), so a reader never sees half a file and an interrupted run never
 * leaves one behind.
 */
#include <errno.h>
#include <string.h>

#include "report/report_priv.h"

typedef int (*render_fn)(FILE *f, const struct pace_run *run,
			 const struct pace_test *test);

static int render_raw(FILE *f, const struct pace_run *run,
		      const struct pace_test *test)
{
	return pace_report_raw_json(f, run, test);
}

static int render_results_json(FILE *f, const struct pace_run *run,
			       const struct pace_test *test)
{
	(void)test;
	return pace_report_results_json(f, run);
}

static int render_results_csv(FILE *f, const struct pace_run *run,
			      const struct pace_test *test)
{
	(void)test;
	return pace_report_results_csv(f, run);
}

static int render_summary_md(FILE *f, const struct pace_run *run,
			     const struct pace_test *test)
{
	(void)test;
	return pace_report_summary_md(f, run);
}

static int write_rendered(const char *path, render_fn fn,
			  const struct pace_run *run,
			  const struct pace_test *test, struct pace_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return pace_error_set(err, PACE_EIO, "cannot write '%s': %s",
				      path, strerror(errno));
	rc = fn(f, run, test);
	if (fclose(f) != 0 && !rc)
		rc = PACE_EIO;
	if (rc)
		pace_error_set(err, PACE_EIO, "cannot write '%s': rendering failed",
			       path);
	else
		rc = pace_write_file(path, buf, len, err);
	free(buf);
	return rc;
}

/* A file name for a test id: ids are [A-Za-z0-9._-] already, but a path
 * separator or a leading dot must never reach the file system. */
static void raw_path(struct pace_strbuf *sb, const char *dir, const char *id)
{
	pace_strbuf_addf(sb, "%s/raw/", dir);
	if (!*id || *id == '.')
		pace_strbuf_addc(sb, '_');
	for (const char *p = id; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			  c == '-';
		pace_strbuf_addc(sb, ok ? c : '_');
	}
	pace_strbuf_adds(sb, ".json");
}

static int write_raw_files(const struct pace_run *run, const char *dir,
			   struct pace_error *err)
{
	const struct pace_test **tests;
	size_t n = pace_report_tests(run, &tests);
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		pace_strbuf_reset(&path);
		raw_path(&path, dir, tests[i]->id);
		rc = write_rendered(path.buf, render_raw, run, tests[i], err);
	}
	pace_strbuf_release(&path);
	free(tests);
	return rc;
}

int pace_report_write_outputs(const struct pace_run *run, const char *dir,
			      bool summary, struct pace_error *err)
{
	static const struct {
		const char *name;
		render_fn fn;
	} files[] = {
		{"results.json", render_results_json},
		{"results.csv", render_results_csv},
		{"summary.md", render_summary_md},
	};
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc;

	pace_strbuf_addf(&path, "%s/raw", dir);
	rc = pace_mkdirs(path.buf, err);
	if (!rc)
		rc = write_raw_files(run, dir, err);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(files) && !rc; i++) {
		if (!summary && files[i].fn == render_summary_md)
			continue;
		pace_strbuf_reset(&path);
		pace_strbuf_addf(&path, "%s/%s", dir, files[i].name);
		rc = write_rendered(path.buf, files[i].fn, run, NULL, err);
	}
	pace_strbuf_release(&path);
	return rc;
}
