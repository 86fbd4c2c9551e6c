/*
 * fs.c - whole-file reads and atomic writes.  Outputs are written to a
 * temporary file in the same directory and renamed into place, so a run
 * that is interrupted never leaves a half-written results file behind.
 * Also where pace's caches live, removing trees and finding programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

int pace_read_file(const char *path, struct pace_strbuf *out,
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
		pace_strbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	if (!out->buf)
		pace_strbuf_add(out, "", 0);
	return 0;
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
