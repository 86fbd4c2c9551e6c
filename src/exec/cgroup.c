/*
 * cgroup.c - finding the machine's cgroup hierarchies, making the sandbox's
 * groups in them, limiting, counting OOM kills and cleaning up (cgroup.h).
 *
 * The hierarchies come from /proc/self/mountinfo (fstype "cgroup" with the
 * controller among its super options, or "cgroup2"), pace's place in each
 * from /proc/self/cgroup ("ID:CONTROLLERS:PATH", "0::PATH" for v2).
 * Limits, v1 then v2:
 *   memory: memory.limit_in_bytes (+ memory.memsw.limit_in_bytes where
 *           swap accounting exists, memory.swappiness 0) / memory.max
 *           (+ memory.swap.max 0), so a hog is killed rather than swapped;
 *   cpus:   cpu.cfs_quota_us over cpu.cfs_period_us / cpu.max "QUOTA PERIOD";
 *   pids:   pids.max on both.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "exec/cgroup.h"

static const char *const ctl_names[PACE_CG_NCTL] = {"memory", "pids", "cpu"};

#define CPU_PERIOD_US 100000

/* Where each controller can be had: a v1 mount and pace's path in it, or
 * the v2 mount (v2mnt/v2path) when its root offers the controller. */
struct layout {
	char *v1mnt[PACE_CG_NCTL], *v1path[PACE_CG_NCTL];
	char *v2mnt, *v2path;
};

static void layout_release(struct layout *l)
{
	for (int c = 0; c < PACE_CG_NCTL; c++) {
		free(l->v1mnt[c]);
		free(l->v1path[c]);
	}
	free(l->v2mnt);
	free(l->v2path);
}

/* Whether comma-separated `list` holds `word`. */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, word, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* One mountinfo line: "ID PID M:N ROOT MOUNTPOINT OPTS [OPTIONAL...] -
 * FSTYPE SOURCE SUPER-OPTIONS". */
static void scan_mount(struct layout *l, char *line)
{
	char *save = NULL, *mp = NULL, *fstype = NULL, *super = NULL, *tok;
	int field = 0, after = -1; /* fields after the " - " separator */

	for (tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		if (after >= 0)
			after++;
		if (field++ == 4)
			mp = tok;
		else if (after < 0 && field > 6 && !strcmp(tok, "-"))
			after = 0;
		else if (after == 1)
			fstype = tok;
		else if (after == 3)
			super = tok;
	}
	if (!mp || !fstype)
		return;
	if (!strcmp(fstype, "cgroup2") && !l->v2mnt)
		l->v2mnt = pace_xstrdup(mp);
	else if (!strcmp(fstype, "cgroup") && super)
		for (int c = 0; c < PACE_CG_NCTL; c++)
			if (!l->v1mnt[c] && has_word(super, ctl_names[c]))
				l->v1mnt[c] = pace_xstrdup(mp);
}

/* One /proc/self/cgroup line: "ID:CONTROLLERS:PATH". */
static void scan_cgroup(struct layout *l, char *line)
{
	char *a = strchr(line, ':'), *b = a ? strchr(a + 1, ':') : NULL;

	if (!b)
		return;
	*b = '\0';
	b[strcspn(b + 1, "\n") + 1] = '\0';
	if (!a[1] && !l->v2path)
		l->v2path = pace_xstrdup(b + 1);
	for (int c = 0; c < PACE_CG_NCTL; c++)
		if (!l->v1path[c] && has_word(a + 1, ctl_names[c]))
			l->v1path[c] = pace_xstrdup(b + 1);
}

static void scan_file(struct layout *l, const char *path,
		      void (*fn)(struct layout *, char *))
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0)
		fn(l, line);
	free(line);
	fclose(f);
}

static int write_text(const char *dir, const char *file, const char *text)
{
	char path[4096];
	int fd, e = 0;
	size_t n = strlen(text);

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, n) != (ssize_t)n)
		e = -errno;
	close(fd);
	return e;
}

static bool file_exists(const char *dir, const char *file)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

/* Whether space-separated `list` (cgroup.controllers, subtree_control)
 * holds `word`. */
static bool has_token(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\n' || !p[n]))
			return true;
	return false;
}

/* The v2 directory that new groups go under (see cgroup.h), with `ctl`
 * enabled for its children; NULL when v2 cannot give it. */
static char *v2_parent(const struct layout *l, const char *ctl)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	char *dir, *file, *slash;
	char plus[32];
	bool ok;

	if (!l->v2mnt || !l->v2path)
		return NULL;
	dir = pace_xasprintf("%s%s", l->v2mnt, strcmp(l->v2path, "/") ? l->v2path : "");
	slash = strrchr(dir + strlen(l->v2mnt), '/');
	if (slash)
		*slash = '\0'; /* pace's parent: pace's group holds processes */
	file = pace_xasprintf("%s/cgroup.controllers", dir);
	ok = !pace_read_file(file, &sb, NULL) && has_token(sb.buf, ctl);
	free(file);
	pace_strbuf_reset(&sb);
	file = pace_xasprintf("%s/cgroup.subtree_control", dir);
	if (ok && (pace_read_file(file, &sb, NULL) || !has_token(sb.buf, ctl))) {
		snprintf(plus, sizeof(plus), "+%s", ctl);
		ok = write_text(dir, "cgroup.subtree_control", plus) == 0;
	}
	free(file);
	pace_strbuf_release(&sb);
	if (!ok) {
		free(dir);
		return NULL;
	}
	return dir;
}

static int set_limit(const char *dir, const char *file, const char *value,
		     struct pace_error *err)
{
	int e = write_text(dir, file, value);

	if (!e)
		return 0;
	return pace_error_set(err, PACE_EINTERNAL, "cannot set %s/%s to %s: %s",
			      dir, file, value, strerror(-e));
}

static int apply_memory(struct pace_cgroup *cg, int64_t bytes, struct pace_error *err)
{
	const char *dir = cg->dir[PACE_CG_MEMORY];
	char v[32];
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)bytes);
	if (cg->v2[PACE_CG_MEMORY]) {
		rc = set_limit(dir, "memory.max", v, err);
		if (!rc && file_exists(dir, "memory.swap.max"))
			rc = set_limit(dir, "memory.swap.max", "0", err);
		cg->oom_file = pace_xasprintf("%s/memory.events", dir);
		return rc;
	}
	rc = set_limit(dir, "memory.limit_in_bytes", v, err);
	/* memsw (memory + swap) must not be below the memory limit, so after. */
	if (!rc && file_exists(dir, "memory.memsw.limit_in_bytes"))
		rc = set_limit(dir, "memory.memsw.limit_in_bytes", v, err);
	if (!rc && file_exists(dir, "memory.swappiness"))
		write_text(dir, "memory.swappiness", "0"); /* best effort */
	cg->oom_file = pace_xasprintf("%s/memory.oom_control", dir);
	return rc;
}

static int apply_limits(struct pace_cgroup *cg, const struct pace_limits *lim,
			struct pace_error *err)
{
	char v[64];
	int rc = 0;

	if (lim->memory >= 0)
		rc = apply_memory(cg, lim->memory, err);
	if (!rc && lim->pids >= 0) {
		snprintf(v, sizeof(v), "%lld", (long long)lim->pids);
		rc = set_limit(cg->dir[PACE_CG_PIDS], "pids.max", v, err);
	}
	if (!rc && lim->cpus > 0) {
		long long quota = (long long)(lim->cpus * CPU_PERIOD_US + 0.5);
		const char *dir = cg->dir[PACE_CG_CPU];
		if (cg->v2[PACE_CG_CPU]) {
			snprintf(v, sizeof(v), "%lld %d", quota, CPU_PERIOD_US);
			rc = set_limit(dir, "cpu.max", v, err);
		} else {
			snprintf(v, sizeof(v), "%d", CPU_PERIOD_US);
			rc = set_limit(dir, "cpu.cfs_period_us", v, err);
			snprintf(v, sizeof(v), "%lld", quota);
			if (!rc)
				rc = set_limit(dir, "cpu.cfs_quota_us", v, err);
		}
	}
	return rc;
}

/* Removes the groups a pace that died (SIGKILL: no stop ran) left under
 * `parent`: "pace-sandbox-PID-..." whose PID is gone.  Its agents died
 * with it (PR_SET_PDEATHSIG), so the groups are empty and rmdir works. */
static void sweep_stale(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		long pid;
		char *dir;
		if (strncmp(e->d_name, "pace-sandbox-", 13))
			continue;
		pid = strtol(e->d_name + 13, NULL, 10);
		if (pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		dir = pace_xasprintf("%s/%s", parent, e->d_name);
		rmdir(dir);
		free(dir);
	}
	if (d)
		closedir(d);
}

/* Makes the group for controller c, or sets nothing when the machine has
 * no such controller (an error only when `needed`). */
static int make_one(struct pace_cgroup *cg, const struct layout *l, int c,
		    const char *name, bool needed, struct pace_error *err)
{
	char *parent = NULL;

	if (l->v1mnt[c] && l->v1path[c]) {
		parent = pace_xasprintf("%s%s", l->v1mnt[c],
					strcmp(l->v1path[c], "/") ? l->v1path[c] : "");
	} else if ((parent = v2_parent(l, ctl_names[c])) != NULL) {
		cg->v2[c] = true;
	} else {
		if (!needed)
			return 0;
		return pace_error_set(err, PACE_EUSAGE,
				      "cannot limit %s: this machine offers no %s "
				      "cgroup controller (neither cgroup v1 nor v2)",
				      c == PACE_CG_CPU ? "cpus" : ctl_names[c],
				      ctl_names[c]);
	}
	sweep_stale(parent);
	cg->dir[c] = pace_xasprintf("%s/%s", parent, name);
	free(parent);
	for (int k = 0; k < c; k++)
		if (cg->dir[k] && !strcmp(cg->dir[k], cg->dir[c])) {
			/* v2: one directory serves every controller. */
			cg->procs[c] = NULL;
			return 0;
		}
	if (mkdir(cg->dir[c], 0755) && errno != EEXIST) {
		int e = errno;
		free(cg->dir[c]);
		cg->dir[c] = NULL;
		cg->v2[c] = false;
		if (!needed)
			return 0; /* only for finding processes: the PID ns does */
		return pace_error_set(err, e == EACCES || e == EPERM || e == EROFS ?
				      PACE_EUSAGE : PACE_EINTERNAL,
				      "cannot create the test's %s cgroup: %s%s",
				      ctl_names[c], strerror(e),
				      e == EACCES || e == EPERM || e == EROFS ?
				      " (limits need root or a delegated cgroup)" : "");
	}
	cg->procs[c] = pace_xasprintf("%s/cgroup.procs", cg->dir[c]);
	return 0;
}

int pace_cgroup_create(struct pace_cgroup *cg, const struct pace_limits *lim,
		       const char *name, struct pace_error *err)
{
	struct layout l = {0};
	bool needed[PACE_CG_NCTL] = {lim->memory >= 0, lim->pids >= 0, lim->cpus > 0};
	int rc = 0;

	memset(cg, 0, sizeof(*cg));
	scan_file(&l, "/proc/self/mountinfo", scan_mount);
	scan_file(&l, "/proc/self/cgroup", scan_cgroup);
	for (int c = 0; c < PACE_CG_NCTL && !rc; c++)
		if (needed[c] || c == PACE_CG_PIDS)
			rc = make_one(cg, &l, c, name, needed[c], err);
	if (!rc)
		rc = apply_limits(cg, lim, err);
	layout_release(&l);
	if (rc)
		pace_cgroup_destroy(cg);
	return rc;
}

int pace_cgroup_join(const struct pace_cgroup *cg, const char **failed)
{
	for (int c = 0; c < PACE_CG_NCTL; c++) {
		int fd, e = 0;
		if (!cg->procs[c])
			continue;
		fd = open(cg->procs[c], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1)
			e = -errno;
		if (fd >= 0)
			close(fd);
		if (e) {
			*failed = cg->procs[c];
			return e;
		}
	}
	return 0;
}

int64_t pace_cgroup_oom_kills(const struct pace_cgroup *cg)
{
	char buf[1024], *p;
	ssize_t n;
	int fd;

	if (!cg->oom_file)
		return -1;
	fd = open(cg->oom_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "oom_kill N" on a line of its own (v1 oom_control, v2 events). */
	for (p = buf; (p = strstr(p, "oom_kill ")) != NULL; p++)
		if (p == buf || p[-1] == '\n')
			return strtoll(p + 9, NULL, 10);
	return -1;
}

/* SIGKILLs every process listed in DIR/cgroup.procs; returns how many. */
static int kill_listed(const char *procs)
{
	FILE *f = fopen(procs, "re");
	long pid;
	int n = 0;

	if (!f)
		return 0;
	while (fscanf(f, "%ld", &pid) == 1)
		if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
			n++;
	fclose(f);
	return n;
}

void pace_cgroup_destroy(struct pace_cgroup *cg)
{
	struct timespec ms = {0, 1000000};

	for (int c = 0; c < PACE_CG_NCTL; c++) {
		if (!cg->procs[c])
			continue;
		if (cg->v2[c])
			write_text(cg->dir[c], "cgroup.kill", "1");
		for (int i = 0; i < 1000; i++) {
			kill_listed(cg->procs[c]);
			if (rmdir(cg->dir[c]) == 0 || errno != EBUSY)
				break;
			nanosleep(&ms, NULL);
		}
	}
	for (int c = 0; c < PACE_CG_NCTL; c++) {
		free(cg->dir[c]);
		free(cg->procs[c]);
	}
	free(cg->oom_file);
	memset(cg, 0, sizeof(*cg));
}
