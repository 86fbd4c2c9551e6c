/*
 * ensure.c - pace_env_ensure: the order of a build (env.h has the cache
 * layout).  Cheap checks first and each names what is missing: a
 * distribution, a mirror, then (only when something must be built) root
 * and debootstrap.  The lock is taken before looking for stale
 * temporaries, so a build in progress in another pace is never mistaken
 * for a leftover.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env/env_priv.h"

static int resolve_mirror(struct pace_env_def *def, const struct pace_env_opts *o,
			  struct pace_error *err)
{
	struct pace_strbuf m = PACE_STRBUF_INIT;
	int rc;

	if (def->mirror)
		return 0;
	rc = pace_env_apt_mirror(o->apt_dir, &m, err);
	if (!rc)
		def->mirror = pace_strbuf_detach(&m);
	pace_strbuf_release(&m);
	return rc;
}

static int check_builder(const struct pace_env_opts *o, struct pace_error *err)
{
	const char *prog = o->debootstrap ? o->debootstrap : "debootstrap";
	bool found = strchr(prog, '/') ? !access(prog, X_OK)
				       : pace_find_program(NULL, getenv("PATH"), prog);

	if (!o->no_root_check && geteuid() != 0)
		return pace_error_set(err, PACE_EUSAGE, "building an environment "
				      "needs root (debootstrap, chroot)");
	if (!found)
		return pace_error_set(err, PACE_EUSAGE, "'%s' not found on PATH: "
				      "building an environment needs it (apt-get "
				      "install debootstrap, or scripts/deps)", prog);
	return 0;
}

/* Takes CACHE/.<hash>.lock, saying so when another pace holds it. */
static int lock(const char *cache, const char *hash, const struct pace_env_opts *o,
		int *fd, struct pace_error *err)
{
	char *path = pace_xasprintf("%s/.%s.lock", cache, hash);
	int rc = 0;

	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		rc = pace_error_set(err, PACE_EIO, "cannot open '%s': %s", path,
				    strerror(errno));
	else if (flock(*fd, LOCK_EX | LOCK_NB)) {
		if (o->progress)
			o->progress("Waiting for another pace building this "
				    "environment", o->progress_data);
		while (flock(*fd, LOCK_EX) && !rc)
			if (errno != EINTR || (o->stop && *o->stop))
				rc = pace_error_set(err, PACE_EINTERNAL, "cannot lock "
						    "'%s': %s", path, errno == EINTR
						    ? "interrupted" : strerror(errno));
	}
	if (rc && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	free(path);
	return rc;
}

/* Temporaries of hash that a killed pace left (we hold the lock). */
static void remove_stale(const char *cache, const char *hash)
{
	char *prefix = pace_xasprintf(".tmp-%s-", hash);
	DIR *d = opendir(cache);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		char *p = pace_xasprintf("%s/%s", cache, de->d_name);
		pace_env_discard(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(prefix);
}

/* Builds into a temporary directory and renames it to final. */
static int build(struct pace_env_def *def, const char *cache, const char *hash,
		 const char *final, const struct pace_env_opts *o,
		 struct pace_error *err)
{
	char *tmp = pace_xasprintf("%s/.tmp-%s-%ld", cache, hash, (long)getpid());
	char *root = pace_xasprintf("%s/root", tmp), *mnt;
	int64_t t0 = pace_now_ns(), started = pace_unix_ms();
	int rc = pace_mkdirs(root, err);

	if (!rc)
		rc = pace_env_debootstrap(def, root, o, err);
	if (!rc && o->stop && *o->stop)
		rc = pace_error_set(err, PACE_EINTERNAL, "environment build "
				    "interrupted");
	if (!rc && o->progress)
		o->progress("Recording package versions", o->progress_data);
	mnt = pace_xasprintf("%s/pace", root);
	if (!rc)
		rc = pace_mkdirs(mnt, err); /* the sandbox's mount point area */
	free(mnt);
	if (!rc)
		rc = pace_env_write_manifest(tmp, def, hash, started,
					     pace_now_ns() - t0, err);
	if (!rc && rename(tmp, final))
		rc = pace_error_set(err, PACE_EIO, "cannot rename '%s' to '%s': %s",
				    tmp, final, strerror(errno));
	if (rc)
		pace_env_discard(tmp);
	free(root);
	free(tmp);
	return rc;
}

static int check_def(const struct pace_env_def *def, struct pace_error *err)
{
	if (!def->distribution || !*def->distribution)
		return pace_error_set(err, PACE_EUSAGE, "the environment names no "
				      "distribution (expected e.g. 'sid' or 'bookworm')");
	for (size_t i = 0; i < def->packages.n; i++)
		if (!*def->packages.v[i] || strpbrk(def->packages.v[i], ", \t/"))
			return pace_error_set(err, PACE_EUSAGE, "invalid package name "
					      "'%s' in the environment", def->packages.v[i]);
	return 0;
}

int pace_env_ensure(struct pace_env_def *def, const struct pace_env_opts *o,
		    bool *built, struct pace_error *err)
{
	struct pace_strbuf cache = PACE_STRBUF_INIT, hash = PACE_STRBUF_INIT;
	char *final = NULL;
	int fd = -1, rc = check_def(def, err);

	if (built)
		*built = false;
	if (!rc)
		rc = resolve_mirror(def, o, err);
	if (!rc)
		rc = pace_env_cache_dir(&cache, err);
	if (rc)
		goto out;
	pace_env_hash(def, def->mirror, &hash);
	final = pace_xasprintf("%s/%s", cache.buf, hash.buf);
	if (pace_env_is_built(final))
		goto found;
	rc = check_builder(o, err);
	if (!rc)
		rc = lock(cache.buf, hash.buf, o, &fd, err);
	if (rc || pace_env_is_built(final)) /* the other pace built it */
		goto found;
	remove_stale(cache.buf, hash.buf);
	pace_env_discard(final); /* a manifest-less leftover, if any */
	rc = build(def, cache.buf, hash.buf, final, o, err);
	if (!rc && built)
		*built = true;
found:
	if (!rc) {
		free(def->root);
		free(def->hash);
		def->root = pace_xasprintf("%s/root", final);
		def->hash = pace_strbuf_detach(&hash);
	}
	if (fd >= 0)
		close(fd);
out:
	free(final);
	pace_strbuf_release(&cache);
	pace_strbuf_release(&hash);
	return rc;
}
