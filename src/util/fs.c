/*
 * fs.c - whole-file reads and atomic writes.  Outputs are written to a
 * temporary file in the same directory and renamed into place, so a run
 * that is interrupted never leaves a half-written results file behind.
 */
#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* Reads at most `max` bytes of `path`; a longer file (or an endless one,
 * /dev/zero) is an error before it fills the memory. */
static int read_max(const char *path, struct pace_strbuf *out, size_t max,
		    struct pace_error *err)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return pace_error_set(err, PACE_EIO, "cannot read '%s': %s",
				      path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return pace_error_set(err, PACE_EIO,
				      "cannot read '%s': is a directory", path);
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			close(fd);
			return pace_error_set(err, PACE_EIO,
					      "cannot read '%s': %s", path,
					      strerror(e));
		}
		if ((size_t)n > max - out->len) {
			close(fd);
			return pace_error_set(err, PACE_EUSAGE,
					      "cannot read '%s': larger than %zu MiB, "
					      "the limit for an input file", path,
					      max >> 20);
		}
		pace_strbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	if (!out->buf)
		pace_strbuf_add(out, "", 0);
	return 0;
}

int pace_read_file(const char *path, struct pace_strbuf *out,
		   struct pace_error *err)
{
	return read_max(path, out, SIZE_MAX, err);
}

int pace_text_check(const char *path, const char *text, size_t len,
		    struct pace_error *err)
{
	const char *nul = memchr(text, '\0', len);
	size_t line = 1;

	if (!nul)
		return 0;
	for (const char *p = text; p < nul; p++)
		line += *p == '\n';
	return pace_error_set(err, PACE_EUSAGE,
			      "%s:%zu: a NUL byte (a text file has none)", path,
			      line);
}

int pace_read_input(const char *path, struct pace_strbuf *out,
		    struct pace_error *err)
{
	int rc = read_max(path, out, PACE_INPUT_MAX, err);

	return rc ? rc : pace_text_check(path, out->buf, out->len, err);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int pace_write_file(const char *path, const char *buf, size_t len,
		    struct pace_error *err)
{
	struct pace_strbuf tmp = PACE_STRBUF_INIT;
	int fd, e;

	pace_strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	if (write_all(fd, buf, len) < 0) {
		e = errno;
		close(fd);
		errno = e;
		goto fail_unlink;
	}
	if (close(fd) < 0 || rename(tmp.buf, path) < 0)
		goto fail_unlink;
	pace_strbuf_release(&tmp);
	return 0;
fail_unlink:
	e = errno;
	unlink(tmp.buf);
	errno = e;
fail:
	e = errno;
	pace_strbuf_release(&tmp);
	return pace_error_set(err, PACE_EIO, "cannot write '%s': %s", path,
			      strerror(e));
}

int pace_write_stream(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx,
		      struct pace_error *err)
{
	struct pace_strbuf tmp = PACE_STRBUF_INIT;
	int fd, rc = 0, e = 0;
	FILE *f;

	pace_strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp.buf);
		}
		rc = pace_error_set(err, PACE_EIO, "cannot write '%s': %s", path,
				    strerror(e));
		pace_strbuf_release(&tmp);
		return rc;
	}
	rc = fn(f, ctx);
	if (fflush(f) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (!rc && !e && rename(tmp.buf, path) != 0)
		e = errno;
	if (rc || e)
		unlink(tmp.buf);
	if (e && !rc)
		rc = pace_error_set(err, PACE_EIO, "cannot write '%s': %s", path,
				    strerror(e));
	else if (rc && !err->code)
		pace_error_set(err, rc, "cannot write '%s'", path);
	pace_strbuf_release(&tmp);
	return rc;
}

int pace_mkdirs(const char *path, struct pace_error *err)
{
	char *p;
	struct stat st;

	if (!*path)
		return pace_error_set(err, PACE_EIO,
				      "cannot create directory '': empty path");
	p = pace_xstrdup(path);
	/* p + 1: a leading '/' is the root, which exists. */
	for (char *s = p + 1; ; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			int e = errno;
			pace_error_set(err, PACE_EIO,
				       "cannot create directory '%s': %s", p,
				       strerror(e));
			free(p);
			return PACE_EIO;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
		return pace_error_set(err, PACE_EIO,
				      "cannot create directory '%s': not a directory",
				      path);
	return 0;
}

/* ---- checks before a long run writes ------------------------------------ */

/* The nearest existing ancestor of `path` (itself included) into *dir,
 * its stat in *st (zeroed when not even "." or "/" can be read). */
static void existing_ancestor(const char *path, struct pace_strbuf *dir,
			      struct stat *st)
{
	pace_strbuf_reset(dir);
	pace_strbuf_adds(dir, *path ? path : ".");
	while (stat(dir->buf, st) != 0) {
		char *slash = strrchr(dir->buf, '/');
		if (!strcmp(dir->buf, ".") || !strcmp(dir->buf, "/")) {
			memset(st, 0, sizeof(*st));
			return;
		}
		if (!slash) {
			pace_strbuf_reset(dir);
			pace_strbuf_adds(dir, ".");
			continue;
		}
		dir->len = slash == dir->buf ? 1 : (size_t)(slash - dir->buf);
		dir->buf[dir->len] = '\0';
	}
}

/* `dir` (with stat `st`, valid when `exists`) must be a directory pace
 * can create files in, for writing `path` as `what`. */
static int writable_dir(const char *dir, const struct stat *st, bool exists,
			const char *what, const char *path, struct pace_error *err)
{
	if (!exists || !S_ISDIR(st->st_mode))
		return pace_error_set(err, PACE_EUSAGE, "%s '%s': '%s' is not a "
				      "directory", what, path, dir);
	if (access(dir, W_OK | X_OK) != 0)
		return pace_error_set(err, PACE_EUSAGE, "%s '%s': cannot write "
				      "in '%s': %s", what, path, dir,
				      strerror(errno));
	return 0;
}

int pace_check_dir_writable(const char *dir, const char *what,
			    struct pace_error *err)
{
	struct pace_strbuf at = PACE_STRBUF_INIT;
	struct stat st;
	int rc;

	existing_ancestor(dir, &at, &st);
	rc = writable_dir(at.buf, &st, true, what, dir, err);
	pace_strbuf_release(&at);
	return rc;
}

int pace_check_file_writable(const char *path, const char *what,
			     struct pace_error *err)
{
	struct pace_strbuf parent = PACE_STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	struct stat st;
	int rc;

	if (!*path)
		return pace_error_set(err, PACE_EUSAGE, "%s: empty path", what);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return pace_error_set(err, PACE_EUSAGE, "%s '%s': is a directory",
				      what, path);
	/* written through a temporary file in the same directory, which
	 * must exist: pace does not create an export's directories */
	if (slash)
		pace_strbuf_add(&parent, path, slash == path ? 1 : (size_t)(slash - path));
	else
		pace_strbuf_adds(&parent, ".");
	rc = writable_dir(parent.buf, &st, stat(parent.buf, &st) == 0, what,
			  path, err);
	pace_strbuf_release(&parent);
	return rc;
}

int pace_cache_dir(struct pace_strbuf *out, const char *sub,
		   struct pace_error *err)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	pace_strbuf_reset(out);
	if (xdg && *xdg == '/')
		pace_strbuf_addf(out, "%s/pace/%s", xdg, sub);
	else if (home && *home)
		pace_strbuf_addf(out, "%s/.cache/pace/%s", home, sub);
	else
		return pace_error_set(err, PACE_EUSAGE, "no place for pace's "
				      "cache: set XDG_CACHE_HOME or HOME");
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

int pace_remove_tree(const char *path, struct pace_error *err)
{
	struct stat st;
	if (lstat(path, &st) && errno == ENOENT)
		return 0;
	/* FTW_MOUNT skips what is mounted below path, so its mount point
	 * stays non-empty and removing it fails rather than emptying, say,
	 * a /proc or a bind-mounted home left mounted by a killed build. */
	if (nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT))
		return pace_error_set(err, PACE_EIO, "cannot remove '%s': %s", path,
				      strerror(errno));
	return 0;
}

bool pace_find_program(const char *root, const char *path, const char *prog)
{
	char *copy, *save = NULL;
	bool found = false, under = root && *root;

	if (!path)
		return false;
	copy = pace_xstrdup(path);
	for (char *d = strtok_r(copy, ":", &save); d && !found;
	     d = strtok_r(NULL, ":", &save)) {
		char *p = pace_xasprintf("%s%s/%s", under ? root : "",
					 *d ? d : ".", prog);
		struct stat st;
		found = !access(p, X_OK) ||
			(under && !lstat(p, &st) && S_ISLNK(st.st_mode));
		free(p);
	}
	free(copy);
	return found;
}
