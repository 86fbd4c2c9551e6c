/*
 * system.c - `pace system check`: reads what the kernel says about the
 * CPU frequency, turbo, ASLR, isolated CPUs, SMT, load, swap, huge pages,
 * perf events, virtualisation, the clock source and DAMON reclaim, and
 * says for each what it means for a benchmark and what to do about it.
 *
 * All paths are ROOT + an absolute path, so the unit tests point the
 * checks at a directory they wrote.  A file that is missing or unreadable
 * makes its check "unknown"; nothing here fails.  Only the virtualisation
 * check starts a program (systemd-detect-virt), and only on the real root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "probe/probe.h"
#include "probe/system.h"
#include "probe/system_priv.h"


extern char **environ;


/* Adds a check; advice is a printf format, NULL for none. */
static void PACE_PRINTF(6, 7)
add(struct checks *c, const char *name, enum pace_check_status st,
    bool notable, const char *value, const char *advice, ...)
{
	struct pace_env_check *k;
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	va_list ap;

	pace_grow((void **)&c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	k = &c->v[c->n++];
	k->name = pace_xstrdup(name);
	k->status = st;
	k->notable = notable && st == PACE_CHECK_WARN;
	k->value = pace_xstrdup(value ? value : "");
	k->advice = NULL;
	if (advice) {
		va_start(ap, advice);
		pace_strbuf_vaddf(&sb, advice, ap);
		va_end(ap);
		k->advice = pace_strbuf_detach(&sb);
	}
}

/* Reads ROOT/rel into buf with blanks trimmed at both ends: 0, or -1 when
 * the file cannot be read. */
int pace_system_readf(const struct checks *c, const char *rel, char *buf,
		 size_t size)
{
	char path[PATH_MAX];
	size_t len;
	char *p;

	snprintf(path, sizeof(path), "%s%s", c->root, rel);
	if (pace_probe_read_small(path, buf, size) < 0)
		return -1;
	for (p = buf; *p == ' ' || *p == '\t' || *p == '\n'; p++)
		;
	len = strlen(p);
	while (len && strchr(" \t\r\n", p[len - 1]))
		len--;
	memmove(buf, p, len);
	buf[len] = '\0';
	return 0;
}

/* ---- CPUs ---------------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The cpuN directories under ROOT/sys/devices/system/cpu, in order. */
size_t pace_system_cpus(const struct checks *c, int **out)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t n = 0, alloc = 0;
	int *v = NULL;
	DIR *d;

	snprintf(path, sizeof(path), "%s" CPU_DIR, c->root);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		char *end;
		long id;

		if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' ||
		    de->d_name[3] > '9')
			continue;
		id = strtol(de->d_name + 3, &end, 10);
		if (*end || id > INT_MAX)
			continue;
		pace_grow((void **)&v, &alloc, n + 1, sizeof(*v));
		v[n++] = (int)id;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_int);
	*out = v;
	return n;
}

/* How many CPUs a "0-3,6" list names; -1 when it is not one. */
static int count_cpu_list(const char *s)
{
	int n = 0;

	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s)
			return -1;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a)
				return -1;
		}
		n += (int)(b - a + 1);
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	return n;
}

static void check_governor(struct checks *c, const int *cpus, size_t ncpus)
{
	struct pace_strbuf list = PACE_STRBUF_INIT, val = PACE_STRBUF_INIT;
	char first[64] = "", buf[64], rel[128];
	size_t nread = 0, nperf = 0;
	bool same = true;

	for (size_t i = 0; i < ncpus; i++) {
		snprintf(rel, sizeof(rel), CPU_DIR "/cpu%d/cpufreq/scaling_governor",
			 cpus[i]);
		if (pace_system_readf(c, rel, buf, sizeof(buf)) < 0)
			continue;
		if (!nread)
			snprintf(first, sizeof(first), "%s", buf);
		else if (strcmp(first, buf))
			same = false;
		nperf += !strcmp(buf, "performance");
		pace_strbuf_addf(&list, "%scpu%d %s", nread ? ", " : "", cpus[i], buf);
		nread++;
	}
	if (!nread)
		add(c, "governor", PACE_CHECK_UNKNOWN, false, "", "no cpufreq "
		    "governor to read: in a VM, or with a kernel without cpufreq, "
		    "the host or the firmware sets the frequency");
	else {
		if (same)
			pace_strbuf_addf(&val, "%s (%zu CPU%s)", first, nread,
					 nread == 1 ? "" : "s");
		else
			pace_strbuf_adds(&val, list.buf);
		if (nperf == nread)
			add(c, "governor", PACE_CHECK_OK, false, val.buf, NULL);
		else
			add(c, "governor", PACE_CHECK_WARN, true, val.buf,
			    "the clock follows the load, so a short benchmark runs at "
			    "whatever speed the last one left: 'pace system tune' (root) "
			    "sets performance, or 'cpupower frequency-set -g performance'");
	}
	pace_strbuf_release(&list);
	pace_strbuf_release(&val);
}

static void check_turbo(struct checks *c)
{
	static const char why[] = "turbo makes the clock depend on temperature "
		"and on what the other cores do: 'pace system tune' (root) turns "
		"it off, or ";
	char buf[32];

	if (pace_system_readf(c, CPU_DIR "/intel_pstate/no_turbo", buf, sizeof(buf)) == 0) {
		if (!strcmp(buf, "1"))
			add(c, "turbo", PACE_CHECK_OK, false,
			    "off (intel_pstate no_turbo=1)", NULL);
		else
			add(c, "turbo", PACE_CHECK_WARN, true,
			    "on (intel_pstate no_turbo=0)", "%secho 1 > "
			    CPU_DIR "/intel_pstate/no_turbo", why);
	} else if (pace_system_readf(c, CPU_DIR "/cpufreq/boost", buf, sizeof(buf)) == 0) {
		if (!strcmp(buf, "0"))
			add(c, "turbo", PACE_CHECK_OK, false,
			    "off (cpufreq boost=0)", NULL);
		else
			add(c, "turbo", PACE_CHECK_WARN, true,
			    "on (cpufreq boost=1)", "%secho 0 > "
			    CPU_DIR "/cpufreq/boost", why);
	} else {
		add(c, "turbo", PACE_CHECK_UNKNOWN, false, "", "no turbo switch "
		    "to read (intel_pstate/no_turbo, cpufreq/boost): in a VM the "
		    "host decides");
	}
}

static void check_aslr(struct checks *c)
{
	char buf[32];

	if (pace_system_readf(c, "/proc/sys/kernel/randomize_va_space", buf, sizeof(buf)) < 0)
		add(c, "aslr", PACE_CHECK_UNKNOWN, false, "", NULL);
	else if (!strcmp(buf, "0"))
		add(c, "aslr", PACE_CHECK_WARN, false, "off (0)", "every process "
		    "gets the same memory layout, so a layout effect looks like the "
		    "code's own (Mytkowicz et al.); turn it back on with 'sysctl "
		    "kernel.randomize_va_space=2' and repeat runs");
	else
		add(c, "aslr", PACE_CHECK_OK, false,
		    !strcmp(buf, "2") ? "full randomization (2)" :
		    !strcmp(buf, "1") ? "partial randomization (1)" : buf, NULL);
}

static void check_isolation(struct checks *c)
{
	char iso[256], nohz[256];
	int have_iso = pace_system_readf(c, CPU_DIR "/isolated", iso, sizeof(iso)) == 0;
	int have_nohz = pace_system_readf(c, CPU_DIR "/nohz_full", nohz, sizeof(nohz)) == 0;

	if (have_nohz && !strcmp(nohz, "(null)"))
		nohz[0] = '\0';
	if (!have_iso)
		add(c, "isolated_cpus", PACE_CHECK_UNKNOWN, false, "", NULL);
	else
		add(c, "isolated_cpus", PACE_CHECK_OK, false, iso[0] ? iso : "none",
		    iso[0] ? NULL : "to keep other tasks off a benchmark's CPUs, "
		    "boot with isolcpus=LIST nohz_full=LIST and pin the benchmark "
		    "to them");
	if (!have_nohz)
		add(c, "nohz_full", PACE_CHECK_UNKNOWN, false, "", "this kernel "
		    "has no nohz_full (CONFIG_NO_HZ_FULL)");
	else if (have_iso && iso[0] && strcmp(iso, nohz))
		add(c, "nohz_full", PACE_CHECK_WARN, false, nohz[0] ? nohz : "none",
		    "the isolated CPUs %s still get the scheduler tick: add "
		    "nohz_full=%s to the kernel command line", iso, iso);
	else
		add(c, "nohz_full", PACE_CHECK_OK, false, nohz[0] ? nohz : "none",
		    NULL);
}

static void check_smt(struct checks *c)
{
	char active[16], control[64], val[96];

	if (pace_system_readf(c, CPU_DIR "/smt/active", active, sizeof(active)) < 0) {
		add(c, "smt", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	if (pace_system_readf(c, CPU_DIR "/smt/control", control, sizeof(control)) < 0)
		snprintf(control, sizeof(control), "?");
	snprintf(val, sizeof(val), "%s (control: %s)",
		 !strcmp(active, "1") ? "on" : "off", control);
	if (!strcmp(active, "1"))
		add(c, "smt", PACE_CHECK_WARN, false, val, "two hardware threads "
		    "share one core's caches and units: pin benchmarks to one "
		    "thread per core, or turn SMT off with 'echo off > "
		    CPU_DIR "/smt/control'");
	else
		add(c, "smt", PACE_CHECK_OK, false, val, NULL);
}

static void check_load(struct checks *c)
{
	char buf[128], val[128];
	double l1, l5, l15;

	if (pace_system_readf(c, "/proc/loadavg", buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%lf %lf %lf", &l1, &l5, &l15) != 3) {
		add(c, "load", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	if (c->ncpu > 0)
		snprintf(val, sizeof(val), "%.2f %.2f %.2f on %d CPU%s", l1, l5,
			 l15, c->ncpu, c->ncpu == 1 ? "" : "s");
	else
		snprintf(val, sizeof(val), "%.2f %.2f %.2f", l1, l5, l15);
	/* More than half the CPUs busy on average over the last minute. */
	if (c->ncpu > 0 && l1 > 0.5 * c->ncpu)
		add(c, "load", PACE_CHECK_WARN, true, val, "other work competes "
		    "for the CPUs and caches: stop it or wait for it; variants "
		    "of one run are interleaved, so they share the noise, but "
		    "runs made at different times do not compare");
	else
		add(c, "load", PACE_CHECK_OK, false, val, NULL);
}

/* "Key:   123 kB" of /proc/meminfo in KiB, or -1. */
static long long meminfo_kib(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	if (!p || (p != text && p[-1] != '\n'))
		return -1;
	p += strlen(key);
	return *p == ':' ? strtoll(p + 1, NULL, 10) : -1;
}

static void check_swap(struct checks *c)
{
	char buf[8192], val[96];
	long long total, freek;

	if (pace_system_readf(c, "/proc/meminfo", buf, sizeof(buf)) < 0 ||
	    (total = meminfo_kib(buf, "SwapTotal")) < 0 ||
	    (freek = meminfo_kib(buf, "SwapFree")) < 0) {
		add(c, "swap", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	if (total == 0) {
		add(c, "swap", PACE_CHECK_OK, false, "none", NULL);
		return;
	}
	snprintf(val, sizeof(val), "%lld MiB used of %lld MiB",
		 (total - freek) / 1024, total / 1024);
	if (total > freek)
		add(c, "swap", PACE_CHECK_WARN, false, val, "pages are swapped "
		    "out, so a benchmark may wait for the disk to bring its own "
		    "(or pace's) memory back: free memory, or 'swapoff -a' while "
		    "measuring");
	else
		add(c, "swap", PACE_CHECK_OK, false, val, NULL);
}

static void check_thp(struct checks *c)
{
	char buf[128], mode[128] = "";
	const char *open, *close_;

	if (pace_system_readf(c, "/sys/kernel/mm/transparent_hugepage/enabled", buf,
		  sizeof(buf)) < 0) {
		add(c, "transparent_hugepages", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	open = strchr(buf, '[');
	close_ = open ? strchr(open, ']') : NULL;
	if (open && close_ && (size_t)(close_ - open) < sizeof(mode))
		snprintf(mode, sizeof(mode), "%.*s", (int)(close_ - open - 1),
			 open + 1);
	else
		snprintf(mode, sizeof(mode), "%s", buf);
	if (!strcmp(mode, "always"))
		add(c, "transparent_hugepages", PACE_CHECK_WARN, false, mode,
		    "khugepaged may merge a benchmark's pages while it runs and "
		    "memory-heavy code then varies with alignment: 'echo madvise > "
		    "/sys/kernel/mm/transparent_hugepage/enabled'");
	else
		add(c, "transparent_hugepages", PACE_CHECK_OK, false, mode, NULL);
}

static void check_perf(struct checks *c)
{
	char buf[32];
	long v;

	if (pace_system_readf(c, "/proc/sys/kernel/perf_event_paranoid", buf, sizeof(buf)) < 0) {
		add(c, "perf_event_paranoid", PACE_CHECK_UNKNOWN, false, "",
		    "no perf events in this kernel: no hardware counters");
		return;
	}
	v = strtol(buf, NULL, 10);
	if (v >= 3)
		add(c, "perf_event_paranoid", PACE_CHECK_WARN, false, buf,
		    "users other than root cannot open perf events, so no "
		    "counters: 'sysctl kernel.perf_event_paranoid=2' (own "
		    "processes, user space) or run as root");
	else
		add(c, "perf_event_paranoid", PACE_CHECK_OK, false, buf, NULL);
}

static void check_clock(struct checks *c)
{
	static const char *const slow[] = {"hpet", "acpi_pm", "jiffies", "pit"};
	char buf[64];

	if (pace_system_readf(c, "/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  buf, sizeof(buf)) < 0) {
		add(c, "clocksource", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	for (size_t i = 0; i < PACE_ARRAY_SIZE(slow); i++)
		if (!strcmp(buf, slow[i])) {
			add(c, "clocksource", PACE_CHECK_WARN, false, buf, "reading "
			    "this clock is a slow system call (microseconds), which "
			    "adds to every timing and to benchmarks that read the "
			    "time; if the TSC is stable: 'echo tsc > /sys/devices/"
			    "system/clocksource/clocksource0/current_clocksource'");
			return;
		}
	add(c, "clocksource", PACE_CHECK_OK, false, buf, NULL);
}

static void check_timer(struct checks *c)
{
	struct timespec res;
	char val[96];

	if (clock_getres(CLOCK_MONOTONIC, &res) < 0) {
		add(c, "timer", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	snprintf(val, sizeof(val), "CLOCK_MONOTONIC, resolution %lld ns; "
		 "rusage in us", (long long)res.tv_sec * 1000000000 + res.tv_nsec);
	if (res.tv_sec || res.tv_nsec > 1000)
		add(c, "timer", PACE_CHECK_WARN, false, val, "a coarse clock: "
		    "wall times are rounded to its resolution, so time commands "
		    "that last many times longer");
	else
		add(c, "timer", PACE_CHECK_OK, false, val, NULL);
}

/* The kernel's build configuration: ROOT/boot/config-RELEASE, else
 * ROOT/proc/config.gz (zlib reads plain files too).  Empty when neither
 * can be read. */
static void kernel_config(const struct checks *c, struct pace_strbuf *out)
{
	char path[PATH_MAX], buf[16384];
	struct utsname u;
	gzFile gz = NULL;
	int n;

	if (uname(&u) == 0) {
		snprintf(path, sizeof(path), "%s/boot/config-%s", c->root, u.release);
		gz = gzopen(path, "rbe");
	}
	if (!gz) {
		snprintf(path, sizeof(path), "%s/proc/config.gz", c->root);
		gz = gzopen(path, "rbe");
	}
	if (!gz)
		return;
	while ((n = gzread(gz, buf, sizeof(buf))) > 0)
		pace_strbuf_add(out, buf, (size_t)n);
	gzclose(gz);
}

/* Whether config has line "NAME=y" (or for HZ: its number, else 0). */
static long config_value(const char *config, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = config; (p = strstr(p, name)); p += n)
		if ((p == config || p[-1] == '\n') && p[n] == '=')
			return p[n + 1] == 'y' ? 1 : strtol(p + n + 1, NULL, 10);
	return 0;
}

/* How the kernel splits CPU time into user and sys: at each tick (the
 * split is sampled, the sum is the scheduler's exact runtime) or at each
 * kernel entry (exact; VIRT_CPU_ACCOUNTING, on nohz_full CPUs only for
 * the _GEN flavour). */
static void check_cpu_accounting(struct checks *c)
{
	struct pace_strbuf cfg = PACE_STRBUF_INIT;
	char val[160], nohz[64];
	long hz;

	kernel_config(c, &cfg);
	hz = cfg.len ? config_value(cfg.buf, "CONFIG_HZ") : 0;
	if (!cfg.len) {
		add(c, "cpu_time_accounting", PACE_CHECK_UNKNOWN, false, "",
		    "no kernel configuration to read (/boot/config-*, "
		    "/proc/config.gz): user and sys may be sampled at each tick");
	} else if (config_value(cfg.buf, "CONFIG_VIRT_CPU_ACCOUNTING_NATIVE") ||
		   (config_value(cfg.buf, "CONFIG_VIRT_CPU_ACCOUNTING_GEN") &&
		    pace_system_readf(c, CPU_DIR "/nohz_full", nohz, sizeof(nohz)) == 0 &&
		    nohz[0] && strcmp(nohz, "(null)"))) {
		add(c, "cpu_time_accounting", PACE_CHECK_OK, false,
		    "exact user/sys split (VIRT_CPU_ACCOUNTING)", NULL);
	} else {
		if (hz > 0)
			snprintf(val, sizeof(val), "tick-sampled user/sys split "
				 "every %.1f ms (CONFIG_HZ=%ld); user+sys is exact",
				 1000.0 / (double)hz, hz);
		else
			snprintf(val, sizeof(val), "tick-sampled user/sys split; "
				 "user+sys is exact");
		add(c, "cpu_time_accounting", PACE_CHECK_WARN, false, val, "for "
		    "commands shorter than a few ticks, read CPU %% or user+sys "
		    "rather than user and sys apart (one may read 0)");
	}
	pace_strbuf_release(&cfg);
}

/* ---- virtualisation --------------------------------------------------- */

/* Runs systemd-detect-virt FLAG; its one word, or "" (none, or absent). */
static void detect_virt(const char *flag, char *out, size_t size)
{
	char *argv[] = {"systemd-detect-virt", (char *)flag, NULL};
	posix_spawn_file_actions_t fa;
	int fd[2], status;
	ssize_t n = 0;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(fd, O_CLOEXEC) < 0)
		return;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0) {
		close(fd[1]);
		fd[1] = -1;
		n = read(fd[0], out, size - 1);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (fd[1] >= 0)
		close(fd[1]);
	close(fd[0]);
	out[n > 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (!strcmp(out, "none"))
		out[0] = '\0';
}

/* A DMI vendor or product that names a hypervisor, or NULL. */
static const char *dmi_virt(const char *s)
{
	static const char *const names[] = {
		"QEMU", "KVM", "VMware", "VirtualBox", "innotek", "Xen", "Bochs",
		"BHYVE", "Parallels", "Virtual Machine", "Amazon EC2",
		"Google Compute Engine", "OpenStack", "Cloud Hypervisor",
	};
	for (size_t i = 0; i < PACE_ARRAY_SIZE(names); i++)
		if (strstr(s, names[i]))
			return names[i];
	return NULL;
}

static void check_vm(struct checks *c)
{
	struct pace_strbuf val = PACE_STRBUF_INIT, cpuinfo = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	char path[PATH_MAX], dmi[256], vm[64] = "", ct[64] = "";
	bool known = false, virt = false;

	snprintf(path, sizeof(path), "%s/proc/cpuinfo", c->root);
	if (pace_read_file(path, &cpuinfo, &err) == 0) {
		known = true;
		/* x86 sets the "hypervisor" CPUID bit inside any VM. */
		for (const char *p = cpuinfo.buf; (p = strstr(p, "hypervisor")); p++)
			if ((p[-1] == ' ' || p[-1] == '\t') &&
			    (p[10] == ' ' || p[10] == '\n' || !p[10])) {
				pace_strbuf_adds(&val, "hypervisor CPU flag");
				virt = true;
				break;
			}
	}
	for (int i = 0; i < 2; i++) {
		const char *rel = i ? "/sys/class/dmi/id/product_name"
				    : "/sys/class/dmi/id/sys_vendor";
		const char *name;

		if (pace_system_readf(c, rel, dmi, sizeof(dmi)) < 0)
			continue;
		known = true;
		if ((name = dmi_virt(dmi)) && !virt) {
			pace_strbuf_addf(&val, "%sDMI '%s'", val.len ? "; " : "", dmi);
			virt = true;
		}
	}
	if (!c->root[0]) {
		detect_virt("--vm", vm, sizeof(vm));
		detect_virt("--container", ct, sizeof(ct));
		if (vm[0]) {
			pace_strbuf_addf(&val, "%s%s", val.len ? "; " : "", vm);
			virt = known = true;
		}
		if (ct[0]) {
			pace_strbuf_addf(&val, "%scontainer: %s", val.len ? "; " : "", ct);
			known = true;
		}
	}
	if (!known)
		add(c, "virtualization", PACE_CHECK_UNKNOWN, false, "", NULL);
	else if (virt)
		add(c, "virtualization", PACE_CHECK_WARN, false, val.buf, "a VM "
		    "shares its CPUs with other guests (steal time) and emulates "
		    "some timers: expect more noise, repeat runs, and compare "
		    "only runs made on the same kind of instance");
	else
		add(c, "virtualization", PACE_CHECK_OK, false,
		    val.len ? val.buf : "none (bare metal)", NULL);
	pace_strbuf_release(&val);
	pace_strbuf_release(&cpuinfo);
	pace_error_release(&err);
}

/* ---- DAMON ------------------------------------------------------------- */

/* Whether a scheme of kdamond `k` pages out; *age_s = its shortest idle
 * age in seconds (-1 unknown). */
bool pace_system_kdamond_pages_out(const struct checks *c, const char *k,
			      double *age_s)
{
	char rel[PATH_MAX], buf[64], aggr[32];
	bool found = false;

	*age_s = -1;
	for (int ctx = 0; ctx < 8; ctx++)
		for (int s = 0; s < 16; s++) {
			snprintf(rel, sizeof(rel), DAMON_DIR "/%s/contexts/%d/"
				 "schemes/%d/action", k, ctx, s);
			if (pace_system_readf(c, rel, buf, sizeof(buf)) < 0)
				break;
			if (strcmp(buf, "pageout"))
				continue;
			found = true;
			snprintf(rel, sizeof(rel), DAMON_DIR "/%s/contexts/%d/"
				 "schemes/%d/access_pattern/age/min", k, ctx, s);
			if (pace_system_readf(c, rel, buf, sizeof(buf)) < 0)
				continue;
			snprintf(rel, sizeof(rel), DAMON_DIR "/%s/contexts/%d/"
				 "monitoring_attrs/intervals/aggr_us", k, ctx);
			if (pace_system_readf(c, rel, aggr, sizeof(aggr)) == 0)
				*age_s = strtod(buf, NULL) * strtod(aggr, NULL) / 1e6;
		}
	return found;
}

static void check_damon(struct checks *c)
{
	struct pace_strbuf val = PACE_STRBUF_INIT;
	char path[PATH_MAX], buf[32];
	double age = -1;
	int first = -1;
	struct dirent *de;
	bool known;
	DIR *d;

	snprintf(path, sizeof(path), "%s" DAMON_DIR, c->root);
	d = opendir(path);
	known = d != NULL;
	while (d && (de = readdir(d))) {
		char rel[PATH_MAX];
		double a;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(rel, sizeof(rel), DAMON_DIR "/%s/state", de->d_name);
		if (pace_system_readf(c, rel, buf, sizeof(buf)) < 0 || strcmp(buf, "on") ||
		    !pace_system_kdamond_pages_out(c, de->d_name, &a))
			continue;
		pace_strbuf_addf(&val, "%skdamond %s on, action pageout",
				 val.len ? "; " : "", de->d_name);
		if (first < 0)
			first = atoi(de->d_name);
		if (a >= 0 && (age < 0 || a < age))
			age = a;
	}
	if (d)
		closedir(d);
	/* DAMON_RECLAIM, the module, reclaims without the sysfs interface. */
	if (pace_system_readf(c, "/sys/module/damon_reclaim/parameters/enabled", buf,
		  sizeof(buf)) == 0) {
		known = true;
		if (!strcmp(buf, "Y"))
			pace_strbuf_addf(&val, "%sdamon_reclaim module enabled",
					 val.len ? "; " : "");
	}
	/* No DAMON directory in a readable /sys/kernel/mm: no DAMON. */
	snprintf(path, sizeof(path), "%s/sys/kernel/mm", c->root);
	if (val.len) {
		char agetxt[48] = "a while";

		if (age >= 0)
			snprintf(agetxt, sizeof(agetxt), "%.0f s", age);
		add(c, "damon_reclaim", PACE_CHECK_WARN, true, val.buf, "DAMON "
		    "proactive reclaim pages out memory left idle for %s, also the "
		    "page cache of the files a benchmark reads: then results of "
		    "I/O-touching benchmarks depend on how long ago their inputs "
		    "were read.  Warm the inputs right before measuring (warmup "
		    "runs, or a prepare: step that reads them), or stop it as "
		    "root: 'pace system tune', or 'echo off > " DAMON_DIR
		    "/%d/state'", agetxt, first < 0 ? 0 : first);
	} else if (known || access(path, F_OK) == 0) {
		add(c, "damon_reclaim", PACE_CHECK_OK, false, "none", NULL);
	} else {
		add(c, "damon_reclaim", PACE_CHECK_UNKNOWN, false, "", NULL);
	}
	pace_strbuf_release(&val);
}

/* ---- the filesystem of the working copies ------------------------------- */

/* The mount holding `path` in ROOT/proc/self/mounts: the entry with the
 * longest mount point that is a prefix of it.  0, or -1 when unreadable. */
static int mount_of(const struct checks *c, const char *path, char *dev,
		    char *type, char *opts, size_t size)
{
	char file[PATH_MAX], line[4096];
	size_t best = 0;
	FILE *f;

	snprintf(file, sizeof(file), "%s/proc/self/mounts", c->root);
	f = fopen(file, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char d[1024], m[1024], t[64], o[1024];
		size_t len;
		if (sscanf(line, "%1023s %1023s %63s %1023s", d, m, t, o) != 4)
			continue;
		len = strlen(m);
		if (strncmp(path, m, len) ||
		    (len > 1 && path[len] != '/' && path[len] != '\0') ||
		    len < best)
			continue;
		best = len;
		snprintf(dev, size, "%s", d);
		snprintf(type, size, "%s", t);
		snprintf(opts, size, "%s", o);
	}
	fclose(f);
	return best ? 0 : -1;
}

/* Whether the mount options name online discard ("discard", not
 * "nodiscard" nor "discard=async" of btrfs, which batches it). */
static bool online_discard(const char *opts)
{
	const char *p = opts;

	while ((p = strstr(p, "discard"))) {
		bool start = p == opts || p[-1] == ',';
		bool end = p[7] == '\0' || p[7] == ',';
		if (start && end)
			return true;
		p += 7;
	}
	return false;
}

/* Where working copies go by default ($TMPDIR, workdir: disk): on a disk
 * filesystem with online discard, every file deleted is trimmed at the next
 * journal commit, and creating files costs system time that depends on
 * where the allocator puts them (docs/vcs-suite.md, "Bias" 7). */
static void check_workdir_fs(struct checks *c)
{
	const char *tmp = getenv("TMPDIR");
	char dev[1024], type[1024], opts[1024], val[4200];

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (mount_of(c, tmp, dev, type, opts, sizeof(dev))) {
		add(c, "workdir_filesystem", PACE_CHECK_UNKNOWN, false, "", NULL);
		return;
	}
	snprintf(val, sizeof(val), "%s: %s on %s%s", tmp, type, dev,
		 online_discard(opts) ? ", online discard" : "");
	if (!strcmp(type, "tmpfs") || !online_discard(opts)) {
		add(c, "workdir_filesystem", PACE_CHECK_OK, false, val, NULL);
		return;
	}
	add(c, "workdir_filesystem", PACE_CHECK_WARN, false, val,
	    "files created and deleted on %s cost system time that depends on "
	    "where the block allocator puts them (on this project's VM one of "
	    "two identical copies was 1.3-2.5x slower for git worktree add): "
	    "give suites that create many files 'workdir: tmpfs', point TMPDIR "
	    "at a tmpfs, or mount without online discard (fstrim instead)",
	    tmp);
}

void pace_system_check(struct pace_env_check **out, size_t *n,
		       const char *root)
{
	struct checks c = {.root = root ? root : ""};
	char online[256];
	int *cpus;
	size_t ncpus = pace_system_cpus(&c, &cpus);

	c.ncpu = pace_system_readf(&c, CPU_DIR "/online", online, sizeof(online)) == 0
		 ? count_cpu_list(online) : -1;
	if (c.ncpu <= 0)
		c.ncpu = (int)ncpus;
	check_governor(&c, cpus, ncpus);
	check_turbo(&c);
	check_aslr(&c);
	check_isolation(&c);
	check_smt(&c);
	check_load(&c);
	check_swap(&c);
	check_thp(&c);
	check_perf(&c);
	check_vm(&c);
	check_clock(&c);
	check_timer(&c);
	check_cpu_accounting(&c);
	check_damon(&c);
	check_workdir_fs(&c);
	free(cpus);
	*out = c.v;
	*n = c.n;
}

void pace_system_note(struct pace_strbuf *out, const struct pace_env_check *v,
		      size_t n)
{
	static const char *const labels[][2] = {
		{"load", "load average"}, {"governor", "CPU governor"},
		{"turbo", "turbo"}, {"damon_reclaim", "DAMON reclaim:"},
	};
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		const char *label = v[i].name;

		if (!v[i].notable)
			continue;
		for (size_t k = 0; k < PACE_ARRAY_SIZE(labels); k++)
			if (!strcmp(v[i].name, labels[k][0]))
				label = labels[k][1];
		pace_strbuf_addf(out, "%s%s %s", first ? "" : "; ", label,
				 v[i].value);
		first = false;
	}
}
