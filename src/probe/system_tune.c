/*
 * system_tune.c - `pace system tune` and `reset`: write the settings that
 * make a machine quieter for benchmarks (performance governor, turbo off,
 * DAMON pageout stopped), and put the earlier values back.
 *
 * Invariant: before tune writes anything, the values it is about to
 * replace are in the state file, so that an interrupted tune can still be
 * reset.  A state that is already there keeps its values (a second tune
 * must not record the first one's settings as the originals).  Paths in
 * the state are relative to the root, so a fake root's state resets the
 * fake root.  Settings tune leaves alone on purpose: ASLR (a layout fixed
 * for the whole machine hides layout effects and weakens security; turn
 * it off per process instead), SMT (takes CPUs offline) and THP.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "probe/system.h"
#include "probe/system_priv.h"

void pace_system_changes_release(struct pace_system_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].before);
		free(c->v[i].after);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

char *pace_system_state_path(const char *root)
{
	return pace_xasprintf("%s/run/pace/system-tune.json", root ? root : "");
}

static void change_add(struct pace_system_changes *c, const char *path,
		       const char *before, const char *after)
{
	struct pace_system_change *x;

	pace_grow((void **)&c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	x = &c->v[c->n++];
	x->path = pace_xstrdup(path);
	x->before = pace_xstrdup(before);
	x->after = pace_xstrdup(after);
	x->error = 0;
}

/* Whether the space-separated list has `word`. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static void plan_governors(struct pace_system_changes *out,
			   const struct checks *c)
{
	char rel[128], avail[512], gov[64];
	int *cpus;
	size_t n = pace_system_cpus(c, &cpus);

	for (size_t i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), CPU_DIR "/cpu%d/cpufreq/"
			 "scaling_available_governors", cpus[i]);
		if (pace_system_readf(c, rel, avail, sizeof(avail)) == 0 &&
		    !has_word(avail, "performance"))
			continue;
		snprintf(rel, sizeof(rel), CPU_DIR "/cpu%d/cpufreq/"
			 "scaling_governor", cpus[i]);
		if (pace_system_readf(c, rel, gov, sizeof(gov)) == 0 &&
		    strcmp(gov, "performance"))
			change_add(out, rel, gov, "performance");
	}
	free(cpus);
}

static void plan_damon(struct pace_system_changes *out, const struct checks *c)
{
	char path[PATH_MAX], rel[PATH_MAX], state[16];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s" DAMON_DIR, c->root);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		double age;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(rel, sizeof(rel), DAMON_DIR "/%s/state", de->d_name);
		if (pace_system_readf(c, rel, state, sizeof(state)) == 0 &&
		    !strcmp(state, "on") &&
		    pace_system_kdamond_pages_out(c, de->d_name, &age))
			change_add(out, rel, state, "off");
	}
	if (d)
		closedir(d);
}

/* What tune would write, with the values it replaces. */
static void plan(struct pace_system_changes *out, const struct checks *c)
{
	char buf[16];

	plan_governors(out, c);
	if (pace_system_readf(c, CPU_DIR "/intel_pstate/no_turbo", buf,
			      sizeof(buf)) == 0) {
		if (strcmp(buf, "1"))
			change_add(out, CPU_DIR "/intel_pstate/no_turbo", buf, "1");
	} else if (pace_system_readf(c, CPU_DIR "/cpufreq/boost", buf,
				     sizeof(buf)) == 0 && strcmp(buf, "0")) {
		change_add(out, CPU_DIR "/cpufreq/boost", buf, "0");
	}
	plan_damon(out, c);
}

/* Writes value to ROOT/rel, which must exist (sysfs never creates). */
static int write_value(const char *root, const char *rel, const char *value)
{
	char path[PATH_MAX];
	size_t len = strlen(value);
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return errno;
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	e = n < 0 ? errno : n != (ssize_t)len ? EIO : 0;
	if (close(fd) < 0 && !e)
		e = errno;
	return e;
}

/* ---- the state file --------------------------------------------------- */

/* The saved settings: a JSON object path -> value (NULL when no file). */
static int state_load(json_t **out, const char *state_path,
		      struct pace_error *err)
{
	json_error_t jerr;
	json_t *o, *s;

	*out = NULL;
	if (access(state_path, F_OK) < 0)
		return 0;
	o = json_load_file(state_path, 0, &jerr);
	s = json_object_get(o, "settings");
	if (!json_is_object(s)) {
		json_decref(o);
		return pace_error_set(err, PACE_EIO, "cannot read the saved "
				      "settings '%s': %s", state_path,
				      o ? "no \"settings\" object" : jerr.text);
	}
	*out = json_incref(s);
	json_decref(o);
	return 0;
}

/* Writes the settings (or removes the file when there are none). */
static int state_save(const char *state_path, json_t *settings,
		      struct pace_error *err)
{
	json_t *o;
	char *text, *dir, *slash;
	int rc;

	if (!settings || !json_object_size(settings)) {
		if (unlink(state_path) < 0 && errno != ENOENT)
			return pace_error_set(err, PACE_EIO, "cannot remove '%s': %s",
					      state_path, strerror(errno));
		return 0;
	}
	dir = pace_xstrdup(state_path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		rc = pace_mkdirs(dir, err);
		if (rc) {
			free(dir);
			return rc;
		}
	}
	free(dir);
	o = json_pack("{s:s, s:O}", "what", "settings replaced by 'pace system "
		      "tune'; 'pace system reset' writes them back", "settings",
		      settings);
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	rc = pace_write_file(state_path, text, strlen(text), err);
	free(text);
	json_decref(o);
	return rc;
}

int pace_system_tune(struct pace_system_changes *out, const char *root,
		     const char *state_path, struct pace_error *err)
{
	struct checks c = {.root = root ? root : ""};
	json_t *saved;
	bool failed = false;
	size_t writable = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = state_load(&saved, state_path, err)))
		return rc;
	if (!saved)
		saved = json_object();
	plan(out, &c);
	/* What cannot be written (no root) is said, and never saved: a user
	 * without root learns what needs it, not that /run is not theirs. */
	for (size_t i = 0; i < out->n; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s%s", c.root, out->v[i].path);
		if (access(path, W_OK) < 0) {
			out->v[i].error = errno;
			failed = true;
		} else {
			writable++;
			if (!json_object_get(saved, out->v[i].path))
				json_object_set_new(saved, out->v[i].path,
						    json_string(out->v[i].before));
		}
	}
	rc = writable ? state_save(state_path, saved, err) : 0;
	for (size_t i = 0; !rc && writable && i < out->n; i++) {
		if (out->v[i].error)
			continue;
		out->v[i].error = write_value(c.root, out->v[i].path,
					      out->v[i].after);
		failed |= out->v[i].error != 0;
	}
	/* A value that could not be replaced need not be restored, unless
	 * an earlier tune replaced it (then before == the tuned value). */
	if (!rc && failed && writable) {
		for (size_t i = 0; i < out->n; i++) {
			json_t *v = json_object_get(saved, out->v[i].path);
			if (out->v[i].error && v &&
			    !strcmp(json_string_value(v), out->v[i].before))
				json_object_del(saved, out->v[i].path);
		}
		rc = state_save(state_path, saved, err);
	}
	json_decref(saved);
	return rc;
}

int pace_system_reset(struct pace_system_changes *out, const char *root,
		      const char *state_path, struct pace_error *err)
{
	struct checks c = {.root = root ? root : ""};
	json_t *saved, *v, *left;
	const char *path;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = state_load(&saved, state_path, err)) || !saved)
		return rc;
	left = json_object();
	json_object_foreach(saved, path, v) {
		char now[256];
		struct pace_system_change *x;

		if (!json_is_string(v))
			continue;
		if (pace_system_readf(&c, path, now, sizeof(now)) < 0)
			now[0] = '\0';
		change_add(out, path, now, json_string_value(v));
		x = &out->v[out->n - 1];
		x->error = write_value(c.root, path, x->after);
		if (x->error)
			json_object_set(left, path, v);
	}
	rc = state_save(state_path, left, err);
	json_decref(left);
	json_decref(saved);
	return rc;
}
