/*
 * test_probe.c - the probes against real processes: /proc/PID/io of a
 * zombie child, the process-group census (including a comm that tries to
 * fool the /proc/PID/stat parser), rusage conversion and the machine
 * snapshot.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "probe/probe.h"

static void all_unknown(const struct pace_sample *s)
{
	assert_int_equal(s->rchar, -1);
	assert_int_equal(s->wchar, -1);
	assert_int_equal(s->syscr, -1);
	assert_int_equal(s->syscw, -1);
	assert_int_equal(s->read_bytes, -1);
	assert_int_equal(s->write_bytes, -1);
}

/* The child writes 300000 bytes in 3 writes, exits and stays a zombie. */
static void io_of_zombie(void **state)
{
	struct pace_sample s;
	siginfo_t si;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static char buf[100000];
		FILE *fp = fopen("/dev/null", "w");

		for (int i = 0; i < 3; i++)
			if (!fp || fwrite(buf, 1, sizeof(buf), fp) != sizeof(buf) ||
			    fflush(fp))
				_exit(1);
		_exit(0);
	}
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	memset(&s, 0x55, sizeof(s));
	pace_probe_read_io(&s, pid);
	assert_true(s.wchar >= 300000);
	assert_true(s.syscw >= 3);
	assert_true(s.rchar >= 0 && s.syscr >= 0);
	assert_true(s.read_bytes >= 0 && s.write_bytes >= 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);

	/* Reaped: nothing to read any more. */
	memset(&s, 0x55, sizeof(s));
	pace_probe_read_io(&s, pid);
	all_unknown(&s);
}

static void rusage_conversion(void **state)
{
	struct pace_sample s;
	struct rusage ru;

	(void)state;
	memset(&ru, 0, sizeof(ru));
	ru.ru_utime.tv_sec = 2;
	ru.ru_utime.tv_usec = 500000;
	ru.ru_stime.tv_usec = 1234;
	ru.ru_maxrss = 2048;
	ru.ru_minflt = 11;
	ru.ru_majflt = 2;
	ru.ru_nvcsw = 5;
	ru.ru_nivcsw = 7;
	pace_probe_from_rusage(&s, &ru);
	assert_int_equal(s.user_ns, INT64_C(2500000000));
	assert_int_equal(s.sys_ns, INT64_C(1234000));
	assert_int_equal(s.max_rss, 2048 * 1024);
	assert_int_equal(s.minflt, 11);
	assert_int_equal(s.majflt, 2);
	assert_int_equal(s.nvcsw, 5);
	assert_int_equal(s.nivcsw, 7);
}

/* Waits until the group has `want` living members (children start
 * asynchronously), up to two seconds. */
static int count_settled(pid_t pgid, int want)
{
	int n = -1;

	for (int i = 0; i < 200; i++) {
		n = pace_probe_count_group(pgid);
		if (n == want)
			break;
		usleep(10000);
	}
	return n;
}

static void sleep_forever(void)
{
	for (;;)
		pause();
}

/* A group of three: a leader with a hostile comm, a sleeper, and a zombie
 * (which does not count). */
static void group_census(void **state)
{
	int ready[2];
	pid_t leader;
	char c;
	int n;

	(void)state;
	assert_int_equal(pipe(ready), 0);
	leader = fork();
	assert_true(leader >= 0);
	if (leader == 0) {
		setpgid(0, 0);
		prctl(PR_SET_NAME, "x) Z 1 1 (y", 0, 0, 0);
		if (fork() == 0)
			sleep_forever();
		if (fork() == 0)
			_exit(0); /* left a zombie: the leader never waits */
		if (fork() == 0)
			sleep_forever();
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		sleep_forever();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	n = count_settled(leader, 3);
	/* Kill before asserting, so a failure leaves nothing behind. */
	kill(-leader, SIGKILL);
	assert_int_equal(waitpid(leader, NULL, 0), leader);
	assert_int_equal(n, 3);
	assert_int_equal(count_settled(leader, 0), 0);
}

static void empty_group(void **state)
{
	(void)state;
	/* pid_max is at most 2^22: this group cannot exist. */
	assert_int_equal(pace_probe_count_group((pid_t)0x7ffffff0), 0);
	/* Our own group holds at least this process. */
	assert_true(pace_probe_count_group(getpgrp()) >= 1);
}

static void machine_snapshot(void **state)
{
	struct pace_env_info env;
	struct utsname u;

	(void)state;
	assert_int_equal(uname(&u), 0);
	pace_probe_env(&env);
	assert_non_null(env.hostname);
	assert_string_equal(env.hostname, u.nodename);
	assert_string_equal(env.kernel, u.release);
	assert_string_equal(env.arch, u.machine);
	assert_string_equal(env.pace_version, PACE_VERSION);
	assert_int_equal(env.ncpu, (int)sysconf(_SC_NPROCESSORS_ONLN));
	assert_true(env.mem_total > (INT64_C(64) << 20));
	if (access("/etc/os-release", R_OK) == 0) {
		assert_non_null(env.os);
		assert_true(strlen(env.os) > 0);
		assert_null(strchr(env.os, '"'));
		assert_null(strchr(env.os, '\n'));
	}
	if (system("grep -q '^model name' /proc/cpuinfo") == 0) {
		assert_non_null(env.cpu_model);
		assert_null(strchr(env.cpu_model, '\n'));
		assert_true(strlen(env.cpu_model) > 0);
	}
	pace_env_info_release(&env);
	assert_null(env.hostname);
	assert_null(env.cpu_model);
	pace_env_info_release(&env); /* twice is harmless */
	pace_env_info_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(io_of_zombie),
		cmocka_unit_test(rusage_conversion),
		cmocka_unit_test(group_census),
		cmocka_unit_test(empty_group),
		cmocka_unit_test(machine_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
