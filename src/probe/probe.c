/*
 * probe.c - what the kernel knows about a process and about the machine.
 *
 * pace_probe_read_io runs once per measured sample, on the hot path of the
 * executor, so it reads /proc/PID/io with one open/read/close into a stack
 * buffer and no allocation.  The other readers (rusage conversion, process
 * group census, machine snapshot) follow the same rule as the header: what
 * cannot be read becomes -1 or NULL, never a failure, because a hardened
 * /proc or a kernel without task I/O accounting must not stop a benchmark.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe/probe.h"
#include "probe/system.h"

#ifndef PACE_VERSION
#define PACE_VERSION "unknown"
#endif

/* Reads a small /proc file into buf (NUL-terminated); bytes read or -1.
 * /proc files report size 0, so read until EOF or the buffer is full. */
ssize_t pace_probe_read_small(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		/* procfs hands out a whole small file in one read: a short
		 * read is the end, which saves a syscall on the hot path. */
		if ((size_t)n < size - 1 - (len - (size_t)n))
			break;
	}
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

/* The value after "key: " on its own line in text, or -1. */
static int64_t field_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	const char *p = text;

	while (p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			char *end;
			long long v = strtoll(p + klen + 1, &end, 10);

			return end == p + klen + 1 ? -1 : (int64_t)v;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

void pace_probe_read_io(struct pace_sample *s, pid_t pid)
{
	char path[64], buf[512];

	s->rchar = s->wchar = s->syscr = s->syscw = -1;
	s->read_bytes = s->write_bytes = -1;
	snprintf(path, sizeof(path), "/proc/%d/io", (int)pid);
	if (pace_probe_read_small(path, buf, sizeof(buf)) <= 0)
		return;
	s->rchar = field_value(buf, "rchar");
	s->wchar = field_value(buf, "wchar");
	s->syscr = field_value(buf, "syscr");
	s->syscw = field_value(buf, "syscw");
	s->read_bytes = field_value(buf, "read_bytes");
	s->write_bytes = field_value(buf, "write_bytes");
}

static int64_t tv_ns(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000000 + (int64_t)tv->tv_usec * 1000;
}

void pace_probe_from_rusage(struct pace_sample *s, const struct rusage *ru)
{
	s->user_ns = tv_ns(&ru->ru_utime);
	s->sys_ns = tv_ns(&ru->ru_stime);
	s->max_rss = (int64_t)ru->ru_maxrss * 1024; /* Linux reports KiB */
	s->minflt = ru->ru_minflt;
	s->majflt = ru->ru_majflt;
	s->nvcsw = ru->ru_nvcsw;
	s->nivcsw = ru->ru_nivcsw;
}

/* Parses /proc/PID/stat far enough to learn the state and process group.
 * comm may hold spaces and parentheses, hence the last ')'. */
static int stat_pgrp(const char *pid, char *state, long *pgrp)
{
	char path[64], buf[1024];
	const char *p;
	long ppid;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (pace_probe_read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %ld %ld", state, &ppid, pgrp) != 3)
		return -1;
	return 0;
}

int pace_probe_proc_stat(pid_t pid, struct pace_proc_stat *st)
{
	char path[64], buf[1024];
	const char *p;
	long ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (pace_probe_read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	p = strrchr(buf, ')');
	/* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime */
	if (!p || sscanf(p + 1, " %c %ld %ld %*d %*d %*d %*u %*u %*u %*u %*u"
			 " %*u %*u %*d %*d %*d %*d %*d %*d %llu", &st->state, &ppid,
			 &st->pgrp, &st->start_ticks) != 4)
		return -1;
	return 0;
}

int pace_probe_count_group(pid_t pgid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int count = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char state;
		long pgrp;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (stat_pgrp(de->d_name, &state, &pgrp) < 0)
			continue; /* gone since readdir, or unreadable */
		/* Zombies and dying tasks have exited; only the living count. */
		if (pgrp == (long)pgid && state != 'Z' && state != 'X' &&
		    state != 'x')
			count++;
	}
	closedir(d);
	return count;
}

/* ---- machine snapshot ------------------------------------------------ */

/* Copies the text after "key" + blanks + ':' + blanks on a line of fp. */
static char *file_field(const char *path, const char *key, char sep)
{
	FILE *fp = fopen(path, "re");
	size_t klen = strlen(key), cap = 0;
	char *line = NULL, *val = NULL;

	if (!fp)
		return NULL;
	while (!val && getline(&line, &cap, fp) > 0) {
		char *p = line + klen, *end;

		if (strncmp(line, key, klen))
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != sep)
			continue;
		while (*p == ' ' || *p == '\t' || *p == '"')
			p++;
		end = p + strlen(p);
		while (end > p && strchr(" \t\r\n\"", end[-1]))
			end--;
		val = pace_xstrndup(p, (size_t)(end - p));
	}
	free(line);
	fclose(fp);
	return val;
}

static int64_t mem_total(void)
{
	char *v = file_field("/proc/meminfo", "MemTotal", ':');
	int64_t kib = -1;

	if (v) {
		char *end;
		long long n = strtoll(v, &end, 10);

		if (end != v)
			kib = n;
		free(v);
	}
	return kib < 0 ? -1 : kib * 1024; /* "MemTotal: 16314300 kB" */
}

void pace_probe_env(struct pace_env_info *env)
{
	struct utsname u;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(env, 0, sizeof(*env));
	if (uname(&u) == 0) {
		env->hostname = pace_xstrdup(u.nodename);
		env->kernel = pace_xstrdup(u.release);
		env->arch = pace_xstrdup(u.machine);
	}
	env->os = file_field("/etc/os-release", "PRETTY_NAME", '=');
	if (!env->os)
		env->os = file_field("/usr/lib/os-release", "PRETTY_NAME", '=');
	env->cpu_model = file_field("/proc/cpuinfo", "model name", ':');
	if (!env->cpu_model) /* many ARM kernels name the board instead */
		env->cpu_model = file_field("/proc/cpuinfo", "Hardware", ':');
	env->ncpu = ncpu > 0 ? (int)ncpu : -1;
	env->mem_total = mem_total();
	env->pace_version = pace_xstrdup(PACE_VERSION);
	pace_system_check(&env->checks, &env->nchecks, NULL);
}
