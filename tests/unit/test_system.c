/*
 * test_system.c - `pace system check|tune|reset` (probe/system.c) against
 * fake /proc and /sys trees the tests write: a machine where every file is
 * missing (all unknown, nothing fails), a tuned one (all ok), an untuned
 * one (each warning, with its value and advice), and tune then reset
 * restoring exactly what was there, a refused write and a broken state.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "probe/system.h"

#define CPU "/sys/devices/system/cpu"
#define KD "/sys/kernel/mm/damon/admin/kdamonds/0"

static char root[256];

static void rm_rf(const char *dir)
{
	char *cmd = pace_xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Writes ROOT/rel (making its directories) with text. */
static void put(const char *rel, const char *text)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *path = pace_xasprintf("%s%s", root, rel);
	char *dir = pace_xstrdup(path);

	*strrchr(dir, '/') = '\0';
	assert_int_equal(pace_mkdirs(dir, &err), 0);
	assert_int_equal(pace_write_file(path, text, strlen(text), &err), 0);
	free(dir);
	free(path);
}

/* The contents of ROOT/rel, trimmed; static buffer. */
static const char *get(const char *rel)
{
	static char buf[256];
	char *path = pace_xasprintf("%s%s", root, rel);
	FILE *fp = fopen(path, "r");
	size_t n;

	free(path);
	if (!fp)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/pace-test-system-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(root));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(root);
	return 0;
}

static const struct pace_env_check *find(const struct pace_env_check *v,
					 size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	fail_msg("no check '%s'", name);
	return NULL;
}

static void expect(const struct pace_env_check *v, size_t n, const char *name,
		   enum pace_check_status st, const char *value)
{
	const struct pace_env_check *k = find(v, n, name);

	if (k->status != st)
		fail_msg("%s: status %s, expected %s (value '%s')", name,
			 pace_check_status_name(k->status),
			 pace_check_status_name(st), k->value);
	if (value && !strstr(k->value, value))
		fail_msg("%s: value '%s' lacks '%s'", name, k->value, value);
}

static void all_missing(void **state)
{
	struct pace_strbuf note = PACE_STRBUF_INIT;
	struct pace_env_check *v;
	size_t n;

	(void)state;
	pace_system_check(&v, &n, root);
	assert_int_equal(n, 16);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(v[i].name, "timer")) /* clock_getres, not a file */
			continue;
		if (v[i].status != PACE_CHECK_UNKNOWN)
			fail_msg("%s is %s on an empty root", v[i].name,
				 pace_check_status_name(v[i].status));
		assert_false(v[i].notable);
		assert_string_equal(v[i].value, "");
	}
	pace_system_note(&note, v, n);
	assert_int_equal(note.len, 0);
	pace_env_checks_free(v, n);
}

/* The kernel configuration as ROOT/boot/config-RELEASE, or gzipped as
 * ROOT/proc/config.gz. */
static void put_config(const char *text, bool gz)
{
	struct utsname u;
	char *rel;
	gzFile f;

	assert_int_equal(uname(&u), 0);
	rel = gz ? pace_xstrdup("/proc/config.gz")
		 : pace_xasprintf("/boot/config-%s", u.release);
	put(rel, "");
	if (gz) {
		char *path = pace_xasprintf("%s%s", root, rel);
		f = gzopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(gzputs(f, text), (int)strlen(text));
		assert_int_equal(gzclose(f), Z_OK);
		free(path);
	} else {
		put(rel, text);
	}
	free(rel);
}

static void tuned_machine(void)
{
	put(CPU "/online", "0-1\n");
	put(CPU "/cpu0/cpufreq/scaling_governor", "performance\n");
	put(CPU "/cpu1/cpufreq/scaling_governor", "performance\n");
	put(CPU "/intel_pstate/no_turbo", "1\n");
	put("/proc/sys/kernel/randomize_va_space", "2\n");
	put(CPU "/isolated", "1\n");
	put(CPU "/nohz_full", "1\n");
	put(CPU "/smt/active", "0\n");
	put(CPU "/smt/control", "off\n");
	put("/proc/loadavg", "0.10 0.20 0.30 1/100 4242\n");
	put("/proc/meminfo", "MemTotal: 1000 kB\nSwapTotal:       0 kB\n"
	    "SwapFree:        0 kB\n");
	put("/sys/kernel/mm/transparent_hugepage/enabled", "always madvise [never]\n");
	put("/proc/sys/kernel/perf_event_paranoid", "1\n");
	put("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2 "
	    "hypervisorx\n");
	put("/sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
	put("/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n");
	put("/sys/kernel/mm/ksm/run", "0\n"); /* /sys/kernel/mm, no DAMON */
	/* any $TMPDIR lies under / and nowhere else here */
	put("/proc/self/mounts", "/dev/vda / ext4 rw,relatime,nodiscard 0 0\n"
	    "tmpfs /pace-test-shm tmpfs rw 0 0\n");
	put_config("CONFIG_HZ=1000\nCONFIG_VIRT_CPU_ACCOUNTING_NATIVE=y\n", false);
}

static void all_ok(void **state)
{
	struct pace_env_check *v;
	size_t n;

	(void)state;
	tuned_machine();
	pace_system_check(&v, &n, root);
	for (size_t i = 0; i < n; i++)
		if (v[i].status != PACE_CHECK_OK)
			fail_msg("%s is %s ('%s') on a tuned root", v[i].name,
				 pace_check_status_name(v[i].status), v[i].value);
	expect(v, n, "governor", PACE_CHECK_OK, "performance (2 CPUs)");
	expect(v, n, "turbo", PACE_CHECK_OK, "off");
	expect(v, n, "aslr", PACE_CHECK_OK, "full");
	expect(v, n, "isolated_cpus", PACE_CHECK_OK, "1");
	expect(v, n, "load", PACE_CHECK_OK, "0.10 0.20 0.30 on 2 CPUs");
	expect(v, n, "swap", PACE_CHECK_OK, "none");
	expect(v, n, "transparent_hugepages", PACE_CHECK_OK, "never");
	expect(v, n, "virtualization", PACE_CHECK_OK, "bare metal");
	expect(v, n, "damon_reclaim", PACE_CHECK_OK, "none");
	expect(v, n, "cpu_time_accounting", PACE_CHECK_OK, "exact");
	expect(v, n, "timer", PACE_CHECK_OK, "CLOCK_MONOTONIC");
	expect(v, n, "workdir_filesystem", PACE_CHECK_OK, "ext4 on /dev/vda");
	pace_env_checks_free(v, n);
}

/* Tick-based CPU time (the split sampled at CONFIG_HZ), from a gzipped
 * /proc/config.gz; the _GEN flavour is exact only with nohz_full CPUs. */
static void cpu_accounting(void **state)
{
	struct pace_env_check *v;
	size_t n;

	(void)state;
	put_config("# comment\nCONFIG_TICK_CPU_ACCOUNTING=y\nCONFIG_HZ_250=y\n"
		   "CONFIG_HZ=250\n", true);
	pace_system_check(&v, &n, root);
	expect(v, n, "cpu_time_accounting", PACE_CHECK_WARN, "every 4.0 ms (CONFIG_HZ=250)");
	pace_env_checks_free(v, n);
	put_config("CONFIG_VIRT_CPU_ACCOUNTING_GEN=y\nCONFIG_HZ=100\n", false);
	pace_system_check(&v, &n, root);
	expect(v, n, "cpu_time_accounting", PACE_CHECK_WARN, "every 10.0 ms");
	pace_env_checks_free(v, n);
	put(CPU "/nohz_full", "1\n");
	pace_system_check(&v, &n, root);
	expect(v, n, "cpu_time_accounting", PACE_CHECK_OK, "exact");
	pace_env_checks_free(v, n);
}

static void untuned_machine(void)
{
	put(CPU "/online", "0-1\n");
	put(CPU "/cpu0/cpufreq/scaling_governor", "powersave\n");
	put(CPU "/cpu0/cpufreq/scaling_available_governors", "performance powersave\n");
	put(CPU "/cpu1/cpufreq/scaling_governor", "performance\n");
	put(CPU "/intel_pstate/no_turbo", "0\n");
	put("/proc/sys/kernel/randomize_va_space", "0\n");
	put(CPU "/isolated", "1\n");
	put(CPU "/nohz_full", "(null)\n");
	put(CPU "/smt/active", "1\n");
	put(CPU "/smt/control", "on\n");
	put("/proc/loadavg", "3.20 1.10 0.50 3/100 4242\n");
	put("/proc/meminfo", "MemTotal: 1000 kB\nSwapTotal:    2097152 kB\n"
	    "SwapFree:     1048576 kB\n");
	put("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
	put("/proc/sys/kernel/perf_event_paranoid", "3\n");
	put("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu hypervisor sse2\n");
	put("/sys/class/dmi/id/product_name", "Standard PC (Q35 + ICH9, 2009)\n");
	put("/sys/devices/system/clocksource/clocksource0/current_clocksource", "hpet\n");
	put(KD "/state", "on\n");
	put(KD "/contexts/0/schemes/0/action", "pageout\n");
	put(KD "/contexts/0/schemes/0/access_pattern/age/min", "12\n");
	put(KD "/contexts/0/monitoring_attrs/intervals/aggr_us", "5000000\n");
	/* the longest mount point under which $TMPDIR lies decides */
	put("/proc/self/mounts", "tmpfs /pace-test-shm tmpfs rw 0 0\n"
	    "/dev/vda / ext4 rw,relatime,discard,commit=5 0 0\n"
	    "/dev/vdb /pace-test-tmpx ext4 rw 0 0\n");
}

static void warnings(void **state)
{
	struct pace_strbuf note = PACE_STRBUF_INIT;
	struct pace_env_check *v;
	size_t n;

	(void)state;
	untuned_machine();
	pace_system_check(&v, &n, root);
	expect(v, n, "governor", PACE_CHECK_WARN, "cpu0 powersave, cpu1 performance");
	expect(v, n, "turbo", PACE_CHECK_WARN, "on (intel_pstate");
	expect(v, n, "aslr", PACE_CHECK_WARN, "off");
	expect(v, n, "isolated_cpus", PACE_CHECK_OK, "1");
	expect(v, n, "nohz_full", PACE_CHECK_WARN, "none");
	expect(v, n, "smt", PACE_CHECK_WARN, "on (control: on)");
	expect(v, n, "load", PACE_CHECK_WARN, "3.20 1.10 0.50 on 2 CPUs");
	expect(v, n, "swap", PACE_CHECK_WARN, "1024 MiB used of 2048 MiB");
	expect(v, n, "transparent_hugepages", PACE_CHECK_WARN, "always");
	expect(v, n, "perf_event_paranoid", PACE_CHECK_WARN, "3");
	expect(v, n, "virtualization", PACE_CHECK_WARN, "hypervisor CPU flag");
	expect(v, n, "clocksource", PACE_CHECK_WARN, "hpet");
	expect(v, n, "damon_reclaim", PACE_CHECK_WARN, "kdamond 0 on, action pageout");
	assert_non_null(strstr(find(v, n, "damon_reclaim")->advice, "idle for 60 s"));
	assert_non_null(strstr(find(v, n, "damon_reclaim")->advice, "Warm the inputs"));
	expect(v, n, "workdir_filesystem", PACE_CHECK_WARN, "ext4 on /dev/vda, online discard");
	assert_non_null(strstr(find(v, n, "workdir_filesystem")->advice, "workdir: tmpfs"));
	for (size_t i = 0; i < n; i++) {
		bool want = !strcmp(v[i].name, "governor") || !strcmp(v[i].name, "turbo") ||
			    !strcmp(v[i].name, "load") || !strcmp(v[i].name, "damon_reclaim");
		if (v[i].notable != want)
			fail_msg("%s: notable %d", v[i].name, v[i].notable);
		if (v[i].status == PACE_CHECK_WARN && !v[i].advice)
			fail_msg("%s warns without advice", v[i].name);
	}
	pace_system_note(&note, v, n);
	assert_string_equal(note.buf, "CPU governor cpu0 powersave, cpu1 performance; "
			    "turbo on (intel_pstate no_turbo=0); load average "
			    "3.20 1.10 0.50 on 2 CPUs; DAMON reclaim: kdamond 0 "
			    "on, action pageout");
	pace_strbuf_release(&note);
	pace_env_checks_free(v, n);
}

/* cpufreq's boost switch when there is no intel_pstate; odd values. */
static void boost_and_odd_values(void **state)
{
	struct pace_env_check *v;
	size_t n;

	(void)state;
	put(CPU "/cpufreq/boost", "1\n");
	put(CPU "/cpu0/cpufreq/scaling_governor", "schedutil\n");
	put("/proc/loadavg", "not a number\n");
	put("/proc/meminfo", "MemTotal: 1000 kB\n");
	put("/sys/kernel/mm/transparent_hugepage/enabled", "madvise\n");
	put("/sys/module/damon_reclaim/parameters/enabled", "Y\n");
	pace_system_check(&v, &n, root);
	expect(v, n, "turbo", PACE_CHECK_WARN, "cpufreq boost=1");
	/* no online file: the cpuN directories are counted */
	expect(v, n, "governor", PACE_CHECK_WARN, "schedutil (1 CPU)");
	expect(v, n, "load", PACE_CHECK_UNKNOWN, "");
	expect(v, n, "swap", PACE_CHECK_UNKNOWN, "");
	expect(v, n, "transparent_hugepages", PACE_CHECK_OK, "madvise");
	expect(v, n, "damon_reclaim", PACE_CHECK_WARN, "damon_reclaim module enabled");
	pace_env_checks_free(v, n);
	put(CPU "/cpufreq/boost", "0\n");
	put("/sys/module/damon_reclaim/parameters/enabled", "N\n");
	pace_system_check(&v, &n, root);
	expect(v, n, "turbo", PACE_CHECK_OK, "cpufreq boost=0");
	expect(v, n, "damon_reclaim", PACE_CHECK_OK, "none");
	pace_env_checks_free(v, n);
}

static void status_names(void **state)
{
	enum pace_check_status st;

	(void)state;
	for (int i = PACE_CHECK_OK; i <= PACE_CHECK_UNKNOWN; i++) {
		assert_int_equal(pace_check_status_parse(
			pace_check_status_name((enum pace_check_status)i), &st), 0);
		assert_int_equal(st, i);
	}
	assert_int_equal(pace_check_status_parse("bad", &st), -1);
	assert_int_equal(pace_check_status_parse(NULL, &st), -1);
}

static const struct pace_system_change *changed(const struct pace_system_changes *c,
						const char *path)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].path, path))
			return &c->v[i];
	return NULL;
}

static void tune_then_reset(void **state)
{
	struct pace_system_changes c;
	struct pace_error err = PACE_ERROR_INIT;
	char *st = pace_system_state_path(root);
	const struct pace_system_change *x;

	(void)state;
	untuned_machine();
	put(CPU "/cpu1/cpufreq/scaling_available_governors", "powersave\n");
	put(CPU "/cpu1/cpufreq/scaling_governor", "powersave\n");
	assert_int_equal(pace_system_tune(&c, root, st, &err), 0);
	assert_int_equal(c.n, 3); /* cpu1 has no performance governor */
	x = changed(&c, CPU "/cpu0/cpufreq/scaling_governor");
	assert_non_null(x);
	assert_string_equal(x->before, "powersave");
	assert_string_equal(x->after, "performance");
	assert_int_equal(x->error, 0);
	assert_non_null(changed(&c, CPU "/intel_pstate/no_turbo"));
	assert_non_null(changed(&c, KD "/state"));
	pace_system_changes_release(&c);
	assert_string_equal(get(CPU "/cpu0/cpufreq/scaling_governor"), "performance");
	assert_string_equal(get(CPU "/cpu1/cpufreq/scaling_governor"), "powersave");
	assert_string_equal(get(CPU "/intel_pstate/no_turbo"), "1");
	assert_string_equal(get(KD "/state"), "off");
	assert_int_equal(access(st, F_OK), 0);

	/* A second tune changes nothing and keeps the first one's originals. */
	assert_int_equal(pace_system_tune(&c, root, st, &err), 0);
	assert_int_equal(c.n, 0);
	pace_system_changes_release(&c);

	assert_int_equal(pace_system_reset(&c, root, st, &err), 0);
	assert_int_equal(c.n, 3);
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(c.v[i].error, 0);
	pace_system_changes_release(&c);
	assert_string_equal(get(CPU "/cpu0/cpufreq/scaling_governor"), "powersave");
	assert_string_equal(get(CPU "/intel_pstate/no_turbo"), "0");
	assert_string_equal(get(KD "/state"), "on");
	assert_int_equal(access(st, F_OK), -1);

	/* Nothing saved: nothing to do. */
	assert_int_equal(pace_system_reset(&c, root, st, &err), 0);
	assert_int_equal(c.n, 0);
	pace_system_changes_release(&c);
	free(st);
	pace_error_release(&err);
}

/* A write the kernel refuses is a change with its error, and its value is
 * not kept for reset; the other changes still happen. */
static void refused_write(void **state)
{
	struct pace_system_changes c;
	struct pace_error err = PACE_ERROR_INIT;
	char *st = pace_system_state_path(root);
	char *dir = pace_xasprintf("%s" CPU "/cpu1/cpufreq/scaling_governor", root);
	const struct pace_system_change *x;
	struct pace_strbuf text = PACE_STRBUF_INIT;

	(void)state;
	untuned_machine();
	unlink(dir);
	assert_int_equal(mkdir(dir, 0755), 0); /* open for writing: EISDIR */
	assert_int_equal(pace_system_tune(&c, root, st, &err), 0);
	x = changed(&c, CPU "/cpu1/cpufreq/scaling_governor");
	assert_non_null(x);
	assert_int_equal(x->error, EISDIR);
	assert_int_equal(changed(&c, CPU "/cpu0/cpufreq/scaling_governor")->error, 0);
	pace_system_changes_release(&c);
	assert_int_equal(pace_read_file(st, &text, &err), 0);
	assert_null(strstr(text.buf, "cpu1"));
	assert_non_null(strstr(text.buf, "cpu0"));
	assert_int_equal(pace_system_reset(&c, root, st, &err), 0);
	assert_string_equal(get(CPU "/cpu0/cpufreq/scaling_governor"), "powersave");
	pace_system_changes_release(&c);
	pace_strbuf_release(&text);
	free(dir);
	free(st);
	pace_error_release(&err);
}

static void broken_state(void **state)
{
	struct pace_system_changes c;
	struct pace_error err = PACE_ERROR_INIT;
	char *st = pace_system_state_path(root);

	(void)state;
	untuned_machine();
	put("/run/pace/system-tune.json", "{not json");
	assert_int_equal(pace_system_tune(&c, root, st, &err), PACE_EIO);
	assert_non_null(strstr(pace_error_msg(&err), "system-tune.json"));
	pace_system_changes_release(&c);
	assert_int_equal(pace_system_reset(&c, root, st, &err), PACE_EIO);
	pace_system_changes_release(&c);
	/* nothing was written */
	assert_string_equal(get(CPU "/cpu0/cpufreq/scaling_governor"), "powersave");
	free(st);
	pace_error_release(&err);
}

/* The real machine: every check gives an answer, whatever it is. */
static void real_machine(void **state)
{
	struct pace_env_check *v;
	size_t n;

	(void)state;
	pace_system_check(&v, &n, NULL);
	assert_int_equal(n, 16);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(v[i].value);
		assert_true(v[i].status <= PACE_CHECK_UNKNOWN);
	}
	pace_env_checks_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(all_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(all_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(boost_and_odd_values, setup, teardown),
		cmocka_unit_test(status_names),
		cmocka_unit_test_setup_teardown(cpu_accounting, setup, teardown),
		cmocka_unit_test_setup_teardown(tune_then_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_write, setup, teardown),
		cmocka_unit_test_setup_teardown(broken_state, setup, teardown),
		cmocka_unit_test(real_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
