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
#include <unistd.h>

#include "report/report_model.h"
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

/* ---- every format, over the report model --------------------------------- */

typedef int (*model_fn)(FILE *f, const struct pace_report_model *m);

static int render_model(model_fn fn, const struct pace_report_model *m,
			const char *what, struct pace_strbuf *out,
			struct pace_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return pace_error_set(err, PACE_EIO, "cannot render '%s': %s",
				      what, strerror(errno));
	rc = fn(f, m);
	if (fclose(f) != 0 && !rc)
		rc = PACE_EIO;
	if (rc)
		pace_error_set(err, PACE_EIO, "cannot render '%s'", what);
	else
		pace_strbuf_add(out, buf, len);
	free(buf);
	return rc;
}

static int csv_model(FILE *f, const struct pace_report_model *m)
{
	return pace_report_results_csv(f, m->run);
}

static int wide_model(FILE *f, const struct pace_report_model *m)
{
	return pace_report_wide_csv(f, m->run);
}

/* DIR/latest as a hard link to DIR/name: the same bytes without writing
 * them twice.  Safe because files are replaced by renaming a new file
 * into place (pace_write_file), never rewritten: the next run's report
 * gets a new inode, and archiving latest moves or removes only the link.
 * Where links are not possible, a copy. */
static int write_latest(const char *dir, const char *name, const char *latest,
			const struct pace_strbuf *text, struct pace_error *err)
{
	struct pace_strbuf from = PACE_STRBUF_INIT, to = PACE_STRBUF_INIT;
	int rc = 0;

	pace_strbuf_addf(&from, "%s/%s", dir, name);
	pace_strbuf_addf(&to, "%s/%s", dir, latest);
	if (unlink(to.buf) != 0 && errno != ENOENT)
		rc = pace_error_set(err, PACE_EIO, "cannot replace '%s': %s",
				    to.buf, strerror(errno));
	else if (link(from.buf, to.buf) != 0)
		rc = pace_write_file(to.buf, pace_strbuf_str(text), text->len,
				     err);
	pace_strbuf_release(&from);
	pace_strbuf_release(&to);
	return rc;
}

/* Writes DIR/name (and DIR/latest, when given) from one rendering. */
static int write_model_file(const struct pace_report_model *m, const char *dir,
			    const char *name, const char *latest, model_fn fn,
			    struct pace_error *err)
{
	struct pace_strbuf text = PACE_STRBUF_INIT, path = PACE_STRBUF_INIT;
	int rc = render_model(fn, m, name, &text, err);

	if (!rc) {
		pace_strbuf_addf(&path, "%s/%s", dir, name);
		rc = pace_write_file(path.buf, pace_strbuf_str(&text), text.len,
				     err);
	}
	if (!rc && latest)
		rc = write_latest(dir, name, latest, &text, err);
	pace_strbuf_release(&text);
	pace_strbuf_release(&path);
	return rc;
}

/* DIR/vcs.md, only when the run has a VCS variant (a run of other
 * suites must not get an empty table). */
static int write_vcs(const struct pace_report_model *m, const char *dir,
		     struct pace_error *err)
{
	struct pace_strbuf path = PACE_STRBUF_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rows = f ? pace_report_vcs_md(f, m) : -1, rc = 0;

	pace_strbuf_addf(&path, "%s/vcs.md", dir);
	if (f && fclose(f))
		rows = -1;
	if (rows < 0)
		rc = pace_error_set(err, PACE_EIO, "cannot write '%s'", path.buf);
	else if (rows > 0)
		rc = pace_write_file(path.buf, buf, len, err);
	free(buf);
	pace_strbuf_release(&path);
	return rc;
}

int pace_report_write_all(const struct pace_report_model *m,
			  const struct pace_report_write_opts *o,
			  struct pace_error *err)
{
	static const struct {
		unsigned fmt;
		const char *name, *latest;
		model_fn fn;
	} files[] = {
		{PACE_REPORT_JSON, "results.json", "latest.json",
		 pace_report_model_json},
		{PACE_REPORT_CSV, "results.csv", NULL, csv_model},
		{PACE_REPORT_CSV, "results-wide.csv", NULL, wide_model},
		{PACE_REPORT_MD, "summary.md", "latest.md", pace_report_model_md},
		{PACE_REPORT_HTML, "report.html", "latest.html", pace_report_html},
	};
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc;

	/* raw/ only when raw files are asked for: `pace report -f html`
	 * must not leave an empty raw/ behind. */
	pace_strbuf_addf(&path, "%s%s", o->dir,
			 (o->formats & PACE_REPORT_RAW) ? "/raw" : "");
	rc = pace_mkdirs(path.buf, err);
	if (!rc && (o->formats & PACE_REPORT_RAW))
		rc = write_raw_files(m->run, o->dir, err);
	if (!rc)
		rc = pace_report_archive_latest(o->dir, m->run->id,
						o->compression, err);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(files) && !rc; i++)
		if (o->formats & files[i].fmt)
			rc = write_model_file(m, o->dir, files[i].name,
					      files[i].latest, files[i].fn, err);
	if (!rc && (o->formats & (PACE_REPORT_MD | PACE_REPORT_VCS)))
		rc = write_vcs(m, o->dir, err);
	pace_strbuf_release(&path);
	return rc;
}

void pace_report_raw_path(struct pace_strbuf *sb, const char *dir,
			  const char *id)
{
	raw_path(sb, dir, id);
}

int pace_report_parse_formats(const char *list, unsigned *out,
			      struct pace_error *err)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{"html", PACE_REPORT_HTML}, {"md", PACE_REPORT_MD},
		{"markdown", PACE_REPORT_MD}, {"json", PACE_REPORT_JSON},
		{"csv", PACE_REPORT_CSV}, {"raw", PACE_REPORT_RAW},
		{"all", PACE_REPORT_ALL},
	};
	struct pace_strvec words = PACE_STRVEC_INIT;
	int rc = 0;

	*out = 0;
	pace_strvec_split_commas(&words, list);
	for (size_t i = 0; i < words.n && !rc; i++) {
		size_t k;
		for (k = 0; k < PACE_ARRAY_SIZE(names); k++)
			if (strcmp(words.v[i], names[k].name) == 0)
				break;
		if (k == PACE_ARRAY_SIZE(names))
			rc = pace_error_set(err, PACE_EUSAGE,
					    "unknown report format '%s' "
					    "(expected html, md, json, csv, "
					    "raw or all)", words.v[i]);
		else
			*out |= names[k].bits;
	}
	if (!rc && !*out)
		rc = pace_error_set(err, PACE_EUSAGE,
				    "no report format given (expected html, "
				    "md, json, csv, raw or all)");
	pace_strvec_release(&words);
	return rc;
}
