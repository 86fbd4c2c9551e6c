/*
 * report_files.c - lays out the output directory (DESIGN.md §6):
 * raw/<test-id>.json for each test, results.json, results.csv and, unless
 * turned off, summary.md.  Each file is rendered into memory first and
 * then written through pace_write_file (a temporary file renamed into
 * place), so a reader never sees half a file and an interrupted run never
 * leaves one behind.
 *
 * A run's report set (pace_report_write_all) is written into a staging
 * directory of its own, DIR/.stage-<run>-<pid>/, and then switched in
 * under DIR/.pace.lock (flock): the previous run's latest.* and raw/ go to
 * archive/<its id>/, the staged files and raw/ are renamed into DIR, and
 * latest.* are linked to them.  Several pace processes sharing one output
 * directory therefore take turns at the switch: raw/ and results.json are
 * always of one run, every run that is superseded is archived once under
 * its own id, and no raw file of an earlier run stays behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
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

struct rendering {
	render_fn fn;
	const struct pace_run *run;
	const struct pace_test *test;
};

static int render_to(FILE *f, void *ctx)
{
	const struct rendering *r = ctx;

	return r->fn(f, r->run, r->test) ? PACE_EIO : 0;
}

/* Written as it is rendered (pace_write_stream): a raw file or CSV of
 * 100 000 samples never sits whole in memory. */
static int write_rendered(const char *path, render_fn fn,
			  const struct pace_run *run,
			  const struct pace_test *test, struct pace_error *err)
{
	struct rendering r = {fn, run, test};

	return pace_write_stream(path, render_to, &r, err);
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
			struct pace_error *err)
{
	struct pace_strbuf from = PACE_STRBUF_INIT, to = PACE_STRBUF_INIT;
	struct pace_strbuf text = PACE_STRBUF_INIT;
	int rc = 0;

	pace_strbuf_addf(&from, "%s/%s", dir, name);
	pace_strbuf_addf(&to, "%s/%s", dir, latest);
	if (unlink(to.buf) != 0 && errno != ENOENT)
		rc = pace_error_set(err, PACE_EIO, "cannot replace '%s': %s",
				    to.buf, strerror(errno));
	else if (link(from.buf, to.buf) != 0) {
		rc = pace_read_file(from.buf, &text, err);
		if (!rc)
			rc = pace_write_file(to.buf, pace_strbuf_str(&text),
					     text.len, err);
	}
	pace_strbuf_release(&from);
	pace_strbuf_release(&to);
	pace_strbuf_release(&text);
	return rc;
}

struct model_rendering {
	model_fn fn;
	const struct pace_report_model *m;
};

static int render_model_to(FILE *f, void *ctx)
{
	const struct model_rendering *r = ctx;

	return r->fn(f, r->m) ? PACE_EIO : 0;
}

/* Writes DIR/name as it is rendered. */
static int write_model_file(const struct pace_report_model *m, const char *dir,
			    const char *name, model_fn fn, struct pace_error *err)
{
	struct pace_strbuf path = PACE_STRBUF_INIT;
	struct model_rendering r = {fn, m};
	int rc;

	pace_strbuf_addf(&path, "%s/%s", dir, name);
	rc = pace_write_stream(path.buf, render_model_to, &r, err);
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

static const struct {
	unsigned fmt;
	const char *name, *latest;
	model_fn fn;
} model_files[] = {
	{PACE_REPORT_JSON, "results.json", "latest.json", pace_report_model_json},
	{PACE_REPORT_CSV, "results.csv", NULL, csv_model},
	{PACE_REPORT_CSV, "results-wide.csv", NULL, wide_model},
	{PACE_REPORT_MD, "summary.md", "latest.md", pace_report_model_md},
	{PACE_REPORT_HTML, "report.html", "latest.html", pace_report_html},
};

/* Every file of the report set into `dir` (the staging directory). */
static int write_set(const struct pace_report_model *m, unsigned formats,
		     const char *dir, struct pace_error *err)
{
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc;

	/* raw/ only when raw files are asked for: `pace report -f html`
	 * must not leave an empty raw/ behind. */
	pace_strbuf_addf(&path, "%s%s", dir, (formats & PACE_REPORT_RAW) ? "/raw" : "");
	rc = pace_mkdirs(path.buf, err);
	if (!rc && (formats & PACE_REPORT_RAW))
		rc = write_raw_files(m->run, dir, err);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(model_files) && !rc; i++)
		if (formats & model_files[i].fmt)
			rc = write_model_file(m, dir, model_files[i].name,
					      model_files[i].fn, err);
	if (!rc && (formats & (PACE_REPORT_MD | PACE_REPORT_VCS)))
		rc = write_vcs(m, dir, err);
	pace_strbuf_release(&path);
	return rc;
}

/* Renames every entry of `stage` into `dir`; a raw/ already there (of
 * the same run, or of one without an id to archive it under) goes first. */
static int switch_in(const char *stage, const char *dir, struct pace_error *err)
{
	struct pace_strbuf from = PACE_STRBUF_INIT, to = PACE_STRBUF_INIT;
	DIR *d = opendir(stage);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return pace_error_set(err, PACE_EIO, "cannot read '%s': %s", stage,
				      strerror(errno));
	while (!rc && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		pace_strbuf_reset(&from);
		pace_strbuf_reset(&to);
		pace_strbuf_addf(&from, "%s/%s", stage, e->d_name);
		pace_strbuf_addf(&to, "%s/%s", dir, e->d_name);
		if (!strcmp(e->d_name, "raw"))
			rc = pace_remove_tree(to.buf, err);
		if (!rc && rename(from.buf, to.buf) != 0)
			rc = pace_error_set(err, PACE_EIO, "cannot move '%s' to '%s': %s",
					    from.buf, to.buf, strerror(errno));
	}
	closedir(d);
	pace_strbuf_release(&from);
	pace_strbuf_release(&to);
	return rc;
}

/* Takes DIR/.pace.lock (blocking): the switch of one run at a time.
 * Returns the descriptor (closing it unlocks), or -1 with err set. */
static int lock_dir(const char *dir, struct pace_error *err)
{
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int fd, rc;

	pace_strbuf_addf(&path, "%s/.pace.lock", dir);
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	while (fd >= 0 && (rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
		;
	if (fd < 0 || rc != 0) {
		pace_error_set(err, PACE_EIO, "cannot lock '%s': %s", path.buf,
			       strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	pace_strbuf_release(&path);
	return fd;
}

/* Under the lock: the previous run archived, the staged set in, latest.*
 * linked to it. */
static int switch_set(const char *stage, const struct pace_report_write_opts *o,
		      const char *run_id, struct pace_error *err)
{
	int fd = lock_dir(o->dir, err), rc;

	if (fd < 0)
		return err->code;
	rc = pace_report_archive_latest(o->dir, run_id, o->compression, err);
	if (!rc)
		rc = switch_in(stage, o->dir, err);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(model_files) && !rc; i++)
		if ((o->formats & model_files[i].fmt) && model_files[i].latest)
			rc = write_latest(o->dir, model_files[i].name,
					  model_files[i].latest, err);
	close(fd);
	return rc;
}

int pace_report_write_all(const struct pace_report_model *m,
			  const struct pace_report_write_opts *o,
			  struct pace_error *err)
{
	struct pace_strbuf stage = PACE_STRBUF_INIT;
	struct pace_error ignored = PACE_ERROR_INIT;
	int rc = pace_mkdirs(o->dir, err);

	pace_strbuf_addf(&stage, "%s/.stage-", o->dir);
	for (const char *p = m->run->id; p && *p; p++)
		pace_strbuf_addc(&stage, strchr("/\\", *p) ? '_' : *p);
	pace_strbuf_addf(&stage, "-%d", (int)getpid());
	if (!rc)
		rc = pace_remove_tree(stage.buf, err); /* a crashed run's */
	if (!rc)
		rc = write_set(m, o->formats, stage.buf, err);
	if (!rc)
		rc = switch_set(stage.buf, o, m->run->id, err);
	pace_remove_tree(stage.buf, &ignored); /* empty unless it failed */
	pace_error_release(&ignored);
	pace_strbuf_release(&stage);
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
