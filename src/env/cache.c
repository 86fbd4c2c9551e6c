/*
 * cache.c - what the environment cache holds: listing whole builds (with
 * their manifests and size on disk), finding one by hash or a unique
 * prefix of it, and removing builds.  Only entries that look like pace's
 * (a 16-hex-digit name, ".tmp-" or a ".lock" file) are ever removed, so
 * a mistaken XDG_CACHE_HOME cannot wipe anything else.
 */
#include <dirent.h>
#include <fts.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env/env_priv.h"

static bool is_hash(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return n == 16 && !s[n];
}

static int64_t disk_bytes(const char *dir)
{
	char *paths[] = {(char *)dir, NULL};
	FTS *fts = fts_open(paths, FTS_PHYSICAL | FTS_XDEV | FTS_NOCHDIR, NULL);
	FTSENT *e;
	int64_t total = 0;

	if (!fts)
		return -1;
	while ((e = fts_read(fts)))
		if (e->fts_info != FTS_DP && e->fts_statp)
			total += (int64_t)e->fts_statp->st_blocks * 512;
	fts_close(fts);
	return total;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct pace_env_entry *)a)->hash,
		      ((const struct pace_env_entry *)b)->hash);
}

/* The builds in the cache; sizes only when `sizes` (they walk the tree). */
static int list(struct pace_env_entry **out, size_t *n, bool sizes,
		struct pace_error *err)
{
	struct pace_strbuf dir = PACE_STRBUF_INIT;
	size_t alloc = 0;
	struct dirent *de;
	DIR *d;
	int rc = pace_env_cache_dir(&dir, err);

	*out = NULL;
	*n = 0;
	if (rc || !(d = opendir(dir.buf))) {
		pace_strbuf_release(&dir);
		return rc;
	}
	while ((de = readdir(d))) {
		char *p, *m;
		json_t *j;
		if (!is_hash(de->d_name))
			continue;
		p = pace_xasprintf("%s/%s", dir.buf, de->d_name);
		m = pace_xasprintf("%s/manifest.json", p);
		j = pace_env_is_built(p) ? json_load_file(m, 0, NULL) : NULL;
		free(m);
		if (!j) {
			free(p);
			continue;
		}
		PACE_GROW(*out, alloc, *n + 1);
		(*out)[*n] = (struct pace_env_entry){pace_xstrdup(de->d_name), p, j,
						     sizes ? disk_bytes(p) : -1};
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof(**out), cmp_entry);
	pace_strbuf_release(&dir);
	return 0;
}

int pace_env_list(struct pace_env_entry **out, size_t *n, struct pace_error *err)
{
	return list(out, n, true, err);
}

void pace_env_entries_free(struct pace_env_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].hash);
		free(e[i].path);
		json_decref(e[i].manifest);
	}
	free(e);
}

/* The one entry whose hash starts with prefix, or an error. */
static int find(const struct pace_env_entry *e, size_t n, const char *prefix,
		size_t *at, struct pace_error *err)
{
	size_t hits = 0, len = strlen(prefix);

	for (size_t i = 0; i < n; i++)
		if (len && !strncmp(e[i].hash, prefix, len)) {
			*at = i;
			hits++;
		}
	if (hits == 1)
		return 0;
	if (hits)
		return pace_error_set(err, PACE_EUSAGE, "environment '%s' is "
				      "ambiguous: %zu builds start with it",
				      prefix, hits);
	return pace_error_set(err, PACE_EUSAGE, "no environment '%s' in the "
			      "cache (see 'pace env list')", prefix);
}

int pace_env_manifest_load(json_t **out, const char *hash, struct pace_error *err)
{
	struct pace_env_entry *e;
	size_t n, at = 0;
	int rc = list(&e, &n, false, err);

	*out = NULL;
	if (!rc)
		rc = find(e, n, hash, &at, err);
	if (!rc)
		*out = json_incref(e[at].manifest);
	pace_env_entries_free(e, n);
	return rc;
}

/* Every build, temporary and lock file in the cache. */
static int clean_all(const char *dir, size_t *removed)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t len;

	while (d && (de = readdir(d))) {
		char *p = pace_xasprintf("%s/%s", dir, de->d_name);
		len = strlen(de->d_name);
		if (is_hash(de->d_name)) {
			pace_env_discard(p);
			(*removed)++;
		} else if (!strncmp(de->d_name, ".tmp-", 5)) {
			pace_env_discard(p);
		} else if (de->d_name[0] == '.' && len > 5 &&
			   !strcmp(de->d_name + len - 5, ".lock")) {
			unlink(p);
		}
		free(p);
	}
	if (d)
		closedir(d);
	return 0;
}

int pace_env_clean(const char *hash, size_t *removed, struct pace_error *err)
{
	struct pace_strbuf dir = PACE_STRBUF_INIT;
	struct pace_env_entry *e = NULL;
	size_t n = 0, at = 0;
	int rc = pace_env_cache_dir(&dir, err);

	*removed = 0;
	if (!rc && !hash)
		rc = clean_all(dir.buf, removed);
	else if (!rc)
		rc = list(&e, &n, false, err);
	if (!rc && hash)
		rc = find(e, n, hash, &at, err);
	if (!rc && hash) {
		pace_env_discard(e[at].path);
		*removed = 1;
		if (pace_env_is_built(e[at].path))
			rc = pace_error_set(err, PACE_EIO, "cannot remove '%s'",
					    e[at].path);
	}
	pace_env_entries_free(e, n);
	pace_strbuf_release(&dir);
	return rc;
}
