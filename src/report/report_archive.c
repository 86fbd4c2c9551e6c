/*
 * report_archive.c - keeps earlier reports (seed 000 §9): before
 * latest.* are replaced, the previous run's latest.json / latest.md /
 * latest.html move to archive/<run-id>/ under their own names
 * (results.json, summary.md, report.html), compressed with zstd when
 * output.compression is on; its raw/ moves to archive/<run-id>/raw/.
 * The run id comes from latest.json; without one the files go to
 * archive/unknown-<mtime>/ rather than be lost.
 * A compressed copy is written (temporary file, rename) before the
 * original is removed, so an interruption loses nothing.  Several pace
 * processes may share one output directory (CI shards, parallel runs):
 * they archive and switch one at a time under the directory's lock
 * (report_files.c), so each superseded run is archived once.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "report/report_priv.h"

#define ZSTD_LEVEL 9

static const struct {
	const char *latest, *archived;
} names[] = {
	{"latest.json", "results.json"},
	{"latest.md", "summary.md"},
	{"latest.html", "report.html"},
};

/* The run id recorded in DIR/latest.json, made safe as one path part. */
static void previous_id(struct pace_strbuf *out, const char *dir)
{
	struct pace_strbuf path = PACE_STRBUF_INIT;
	json_t *j, *id;
	struct stat st;

	pace_strbuf_addf(&path, "%s/latest.json", dir);
	j = json_load_file(path.buf, 0, NULL);
	id = j ? json_object_get(j, "run_id") : NULL;
	if (json_is_string(id) && *json_string_value(id) != '.') {
		for (const char *p = json_string_value(id); *p; p++)
			pace_strbuf_addc(out, strchr("/\\", *p) ? '_' : *p);
	} else {
		pace_strbuf_addf(out, "unknown-%lld", stat(path.buf, &st) == 0
				 ? (long long)st.st_mtime : 0LL);
	}
	json_decref(j);
	pace_strbuf_release(&path);
}

static int compress_file(const char *from, const char *to,
			 struct pace_error *err)
{
	struct pace_strbuf in = PACE_STRBUF_INIT;
	size_t bound, n;
	char *out;
	int rc = pace_read_file(from, &in, err);

	if (rc && access(from, F_OK) != 0 && errno == ENOENT) {
		pace_error_release(err); /* archived by another pace */
		return 0;
	}
	if (rc)
		return rc;
	bound = ZSTD_compressBound(in.len);
	out = pace_xmalloc(bound);
	n = ZSTD_compress(out, bound, pace_strbuf_str(&in), in.len, ZSTD_LEVEL);
	if (ZSTD_isError(n))
		rc = pace_error_set(err, PACE_EIO, "cannot compress '%s': %s",
				    from, ZSTD_getErrorName(n));
	else
		rc = pace_write_file(to, out, n, err);
	if (!rc && unlink(from) != 0 && errno != ENOENT)
		rc = pace_error_set(err, PACE_EIO, "cannot remove '%s': %s",
				    from, strerror(errno));
	free(out);
	pace_strbuf_release(&in);
	return rc;
}

static int archive_one(const char *from, const char *dest, bool compress,
		       struct pace_error *err)
{
	struct pace_strbuf to = PACE_STRBUF_INIT;
	int rc = 0;

	pace_strbuf_addf(&to, "%s%s", dest, compress ? ".zst" : "");
	if (compress)
		rc = compress_file(from, to.buf, err);
	else if (rename(from, to.buf) != 0 && errno != ENOENT)
		rc = pace_error_set(err, PACE_EIO, "cannot move '%s' to '%s': %s",
				    from, to.buf, strerror(errno));
	pace_strbuf_release(&to);
	return rc;
}

int pace_report_archive_latest(const char *dir, const char *run_id,
			       bool compress, struct pace_error *err)
{
	struct pace_strbuf id = PACE_STRBUF_INIT, adir = PACE_STRBUF_INIT;
	struct pace_strbuf from = PACE_STRBUF_INIT, to = PACE_STRBUF_INIT;
	bool any = false;
	int rc = 0;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(names) && !any; i++) {
		pace_strbuf_reset(&from);
		pace_strbuf_addf(&from, "%s/%s", dir, names[i].latest);
		any = access(from.buf, F_OK) == 0;
	}
	if (!any)
		goto out;
	previous_id(&id, dir);
	if (strcmp(id.buf, run_id) == 0)
		goto out; /* the same run again: overwrite, keep no copy */
	pace_strbuf_addf(&adir, "%s/archive/%s", dir, id.buf);
	rc = pace_mkdirs(adir.buf, err);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(names) && !rc; i++) {
		pace_strbuf_reset(&from);
		pace_strbuf_addf(&from, "%s/%s", dir, names[i].latest);
		if (access(from.buf, F_OK) != 0)
			continue;
		pace_strbuf_reset(&to);
		pace_strbuf_addf(&to, "%s/%s", adir.buf, names[i].archived);
		rc = archive_one(from.buf, to.buf, compress, err);
	}
	/* Its raw files go with it: raw/ must hold only the next run's. */
	pace_strbuf_reset(&from);
	pace_strbuf_reset(&to);
	pace_strbuf_addf(&from, "%s/raw", dir);
	pace_strbuf_addf(&to, "%s/raw", adir.buf);
	if (!rc && rename(from.buf, to.buf) != 0 && errno != ENOENT)
		rc = pace_error_set(err, PACE_EIO, "cannot move '%s' to '%s': %s",
				    from.buf, to.buf, strerror(errno));
out:
	pace_strbuf_release(&id);
	pace_strbuf_release(&adir);
	pace_strbuf_release(&from);
	pace_strbuf_release(&to);
	return rc;
}
