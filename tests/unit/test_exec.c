/*
 * test_exec.c - the local executor against real processes: the helper
 * program (tests/helpers/pace-helper.c) exits, sleeps, crashes, hangs,
 * ignores SIGTERM, leaves children behind and floods its output, and each
 * test checks what the sample says and that nothing is left running.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <dirent.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cmocka.h>

#include "exec/exec.h"
#include "probe/probe.h"

#define MS INT64_C(1000000)
#define MIB (INT64_C(1) << 20)

static const char *helper(void)
{
	const char *h = getenv("PACE_HELPER");

#ifdef PACE_HELPER
	if (!h || !*h)
		h = PACE_HELPER;
#endif
	return h;
}

struct job {
	struct pace_exec_spec spec;
	char *argv[8];
	struct pace_sample s;
	struct pace_capture cap;
	struct pace_error err;
};

/* A spec running the helper with up to two arguments and sane limits. */
static void job_init(struct job *j, const char *a1, const char *a2)
{
	memset(j, 0, sizeof(*j));
	j->argv[0] = (char *)helper();
	j->argv[1] = (char *)a1;
	j->argv[2] = (char *)a2;
	j->spec.argv = j->argv;
	j->spec.timeout_s = 20;
	j->spec.kill_grace_s = 0.5;
	j->spec.capture_limit = 65536;
	j->spec.retries = 2;
	pace_error_init(&j->err);
}

static void job_run(struct job *j)
{
	int rc = pace_exec_run(&j->s, &j->cap, &j->spec, &j->err);

	if (rc)
		fail_msg("pace_exec_run: %s", pace_error_msg(&j->err));
}

static void job_release(struct job *j)
{
	pace_capture_release(&j->cap);
	pace_error_release(&j->err);
}

/* Whether pid is gone or a zombie (dead, waiting for init to reap it). */
static int dead(pid_t pid)
{
	char path[64], buf[512];
	const char *p;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fp = fopen(path, "r");
	if (!fp)
		return kill(pid, 0) < 0 && errno == ESRCH;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && (p[2] == 'Z' || p[2] == 'X');
}

static void exit_code(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "exit", "7");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 7);
	assert_int_equal(j.s.signal, 0);
	assert_int_equal(j.s.spawn_errno, 0);
	assert_int_equal(j.s.fail, PACE_FAIL_NONE);
	assert_false(j.s.timed_out);
	assert_int_equal(j.s.leftover, 0);
	assert_true(j.s.wall_ns > 0);
	assert_true(j.s.user_ns >= 0 && j.s.sys_ns >= 0);
	assert_true(j.s.max_rss > 0);
	assert_true(j.s.minflt > 0);
	assert_true(j.s.started_unix_ms > INT64_C(1600000000000));
	job_release(&j);
}

static void wall_time(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "sleep", "0.05");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_true(j.s.wall_ns >= 50 * MS);
	assert_true(j.s.wall_ns < 500 * MS);
	/* Sleeping costs next to no CPU. */
	assert_true(j.s.user_ns + j.s.sys_ns < j.s.wall_ns);
	assert_true(j.s.nvcsw >= 1);
	job_release(&j);
}

static void segv(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "segv", NULL);
	job_run(&j);
	assert_int_equal(j.s.signal, SIGSEGV);
	assert_int_equal(j.s.fail, PACE_FAIL_SIGNAL);
	assert_false(j.s.timed_out);
	job_release(&j);

	job_init(&j, "abort", NULL);
	job_run(&j);
	assert_int_equal(j.s.signal, SIGABRT);
	assert_int_equal(j.s.fail, PACE_FAIL_SIGNAL);
	job_release(&j);

	job_init(&j, "kill", "9");
	job_run(&j);
	assert_int_equal(j.s.signal, SIGKILL);
	job_release(&j);
}

static void timeout_kills_tree(void **state)
{
	struct job j;
	int leader = 0, child = 0;
	int64_t t = pace_now_ns();

	(void)state;
	job_init(&j, "tree", "100");
	j.spec.timeout_s = 0.2;
	job_run(&j);
	t = pace_now_ns() - t;
	assert_true(j.s.timed_out);
	assert_int_equal(j.s.fail, PACE_FAIL_TIMEOUT);
	assert_int_equal(j.s.signal, SIGTERM);
	assert_true(j.s.wall_ns >= 200 * MS);
	assert_true(j.s.wall_ns < 2000 * MS);
	assert_true(t < 2000 * MS);
	assert_int_equal(sscanf(pace_strbuf_str(&j.cap.out), "%d %d", &leader,
				&child), 2);
	assert_int_equal(pace_probe_count_group(leader), 0);
	assert_true(dead(child));
	job_release(&j);

	job_init(&j, "sleep", "100");
	j.spec.timeout_s = 0.2;
	job_run(&j);
	assert_true(j.s.timed_out);
	assert_true(j.s.wall_ns < 2000 * MS);
	job_release(&j);
}

/* The leader dies of TERM at once; its child ignores TERM and must still
 * be gone when pace_exec_run returns. */
static void timeout_kills_stubborn_child(void **state)
{
	struct job j;
	int leader = 0, child = 0;

	(void)state;
	job_init(&j, "tree-ignore-term", "100");
	j.spec.timeout_s = 0.2;
	j.spec.kill_grace_s = 5;
	job_run(&j);
	assert_true(j.s.timed_out);
	assert_int_equal(j.s.signal, SIGTERM);
	assert_true(j.s.wall_ns < 2000 * MS);
	assert_int_equal(sscanf(pace_strbuf_str(&j.cap.out), "%d %d", &leader,
				&child), 2);
	if (!dead(child))
		kill(child, SIGKILL);
	assert_int_equal(pace_probe_count_group(leader), 0);
	job_release(&j);
}

static void timeout_escalates_to_kill(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "ignore-term", "100");
	j.spec.timeout_s = 0.2;
	j.spec.kill_grace_s = 0.3;
	job_run(&j);
	assert_true(j.s.timed_out);
	assert_int_equal(j.s.fail, PACE_FAIL_TIMEOUT);
	assert_int_equal(j.s.signal, SIGKILL);
	assert_true(j.s.wall_ns >= 500 * MS);
	assert_true(j.s.wall_ns < 3000 * MS);
	job_release(&j);
}

static void leftover_child_killed(void **state)
{
	struct job j;
	int child = 0;
	int64_t t = pace_now_ns();

	(void)state;
	job_init(&j, "fork-child", "30");
	job_run(&j);
	t = pace_now_ns() - t;
	assert_int_equal(j.s.exit_code, 0);
	assert_int_equal(j.s.fail, PACE_FAIL_LEFTOVER);
	assert_int_equal(j.s.leftover, 1);
	/* The child holding the pipes open delays neither the wall time nor
	 * the return beyond the grace period. */
	assert_true(j.s.wall_ns < 1000 * MS);
	assert_true(t < 3000 * MS);
	child = atoi(pace_strbuf_str(&j.cap.out));
	assert_true(child > 1);
	assert_true(dead(child));
	job_release(&j);
}

/* Living processes whose command line holds `needle` (zombies do not
 * count), from /proc. */
static int count_alive(const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], buf[4096];
		size_t len;
		FILE *fp;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		len = fread(buf, 1, sizeof(buf) - 1, fp);
		fclose(fp);
		for (size_t i = 0; i < len; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[len] = '\0';
		if (strstr(buf, needle) && !dead((pid_t)atoi(e->d_name)))
			n++;
	}
	closedir(d);
	return n;
}

/* A child in its own session (setsid) is outside the group, yet it is
 * found (pace is a subreaper while the command runs), counted, and
 * killed and reaped by the time pace_exec_run returns. */
static void daemon_in_own_session_killed(void **state)
{
	struct job j;
	char secs[32];

	(void)state;
	snprintf(secs, sizeof(secs), "%d.%03d", 300 + (int)(getpid() % 600), 321);
	job_init(&j, "daemon", secs);
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_int_equal(j.s.leftover, 1);
	assert_int_equal(j.s.fail, PACE_FAIL_LEFTOVER);
	assert_int_equal(count_alive(secs), 0);
	/* Reaped, not left a zombie of this process; and no longer a
	 * subreaper once the run is over. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	{
		int on = -1;
		assert_int_equal(prctl(PR_GET_CHILD_SUBREAPER, &on), 0);
		assert_int_equal(on, 0);
	}
	job_release(&j);
}

/* Polls until count_alive(needle) == want (>= -want when want < 0) or
 * 10 s passed; returns the count. */
static int wait_alive(const char *needle, int want)
{
	int n = count_alive(needle);

	for (int i = 0; i < 1000 && (want < 0 ? n < -want : n != want); i++) {
		usleep(10000);
		n = count_alive(needle);
	}
	return n;
}

/* pace SIGKILLed while its command runs: the command and its child do not
 * outlive it (the command's PDEATHSIG, pace-spawn guarding the group). */
static void nothing_outlives_killed_pace(void **state)
{
	char secs[32];
	pid_t pace;

	(void)state;
	snprintf(secs, sizeof(secs), "%d.%03d", 300 + (int)(getpid() % 600), 654);
	pace = fork();
	assert_true(pace >= 0);
	if (pace == 0) {
		struct job j;
		job_init(&j, "tree", secs);
		job_run(&j);
		_exit(0);
	}
	/* Both run (and pace-spawn, whose command line holds theirs). */
	assert_true(wait_alive(secs, -2) >= 2);
	kill(pace, SIGKILL);
	while (waitpid(pace, NULL, 0) < 0 && errno == EINTR)
		;
	assert_int_equal(wait_alive(secs, 0), 0);
}

static volatile int stops;

static void on_alarm(int sig)
{
	(void)sig;
	stops = stops + 1;
}

/* Runs the job with a SIGALRM after 200 ms raising `stops`, as pace run's
 * ^C handler does; returns how long pace_exec_run took. */
static int64_t run_stopped_by_alarm(struct job *j)
{
	struct sigaction sa = {.sa_handler = on_alarm}, old;
	struct itimerval it = {{0, 0}, {0, 200000}};
	int64_t t = pace_now_ns();

	stops = 0;
	j->spec.stop = &stops;
	j->spec.stop_at = 1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old); /* no SA_RESTART, like pace run */
	setitimer(ITIMER_REAL, &it, NULL);
	job_run(j);
	sigaction(SIGALRM, &old, NULL);
	return pace_now_ns() - t;
}

/* A stop request ends a command that would run 30 s, and one that ignores
 * SIGTERM even with a 20 s grace (the stop caps it at half a second); the
 * bound checked is far from the command's own length, not a speed. */
static void stop_request_ends_command(void **state)
{
	struct job j;
	int64_t t;

	(void)state;
	job_init(&j, "sleep", "30");
	t = run_stopped_by_alarm(&j);
	assert_true(j.s.interrupted);
	assert_false(j.s.timed_out);
	assert_int_equal(j.s.signal, SIGTERM);
	assert_true(t < 10000 * MS);
	job_release(&j);

	job_init(&j, "ignore-term", "30");
	j.spec.kill_grace_s = 20;
	t = run_stopped_by_alarm(&j);
	assert_true(j.s.interrupted);
	assert_int_equal(j.s.signal, SIGKILL);
	assert_true(t < 10000 * MS);
	job_release(&j);
}

/* Asked to stop before it starts: nothing runs.  Below stop_at (a
 * teardown hook after the first ^C): it runs to its end. */
static void stop_request_levels(void **state)
{
	struct job j;
	volatile int n = 1;

	(void)state;
	job_init(&j, "exit", "3");
	j.spec.stop = &n;
	j.spec.stop_at = 1;
	job_run(&j);
	assert_true(j.s.interrupted);
	assert_int_equal(j.s.exit_code, -1);
	assert_int_equal(j.s.wall_ns, -1);
	job_release(&j);

	job_init(&j, "sleep", "0.05");
	j.spec.stop = &n;
	j.spec.stop_at = 2;
	job_run(&j);
	assert_false(j.s.interrupted);
	assert_int_equal(j.s.exit_code, 0);
	assert_int_equal(j.s.fail, PACE_FAIL_NONE);
	job_release(&j);
}

static void waited_child_is_fine(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "fork-wait", "0.05");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_int_equal(j.s.fail, PACE_FAIL_NONE);
	assert_int_equal(j.s.leftover, 0);
	assert_true(j.s.wall_ns >= 50 * MS);
	job_release(&j);
}

static void output_flood(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "write", "50000000");
	j.spec.max_output = 10 * MIB;
	j.spec.capture_limit = 4096;
	job_run(&j);
	assert_true(j.s.output_overflow);
	assert_int_equal(j.s.fail, PACE_FAIL_OUTPUT);
	assert_false(j.s.timed_out);
	assert_true(j.s.stdout_bytes > 10 * MIB);
	assert_true(j.s.stdout_bytes < 50000000);
	assert_int_equal(j.cap.out.len, 4096);
	assert_int_equal(j.s.signal, SIGTERM);
	job_release(&j);
}

static void output_counted_and_capped(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "write", "3000000");
	j.spec.capture_limit = 1000;
	job_run(&j);
	assert_int_equal(j.s.fail, PACE_FAIL_NONE);
	assert_int_equal(j.s.stdout_bytes, 3000000);
	assert_int_equal(j.s.stderr_bytes, 0);
	assert_int_equal(j.cap.out.len, 1000);
	assert_int_equal(j.cap.out.buf[999], 'x');
	assert_true(j.s.wchar >= 3000000);
	job_release(&j);

	job_init(&j, "stderr", "oops");
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.err), "oops\n");
	assert_int_equal(j.s.stderr_bytes, 5);
	assert_int_equal(j.s.stdout_bytes, 0);
	assert_int_equal(j.cap.out.len, 0);
	job_release(&j);

	/* No capture wanted: still counted. */
	job_init(&j, "echo", "hello");
	assert_int_equal(pace_exec_run(&j.s, NULL, &j.spec, &j.err), 0);
	assert_int_equal(j.s.stdout_bytes, 6);
	job_release(&j);
}

static void spawn_failures(void **state)
{
	struct job j;
	char path[] = "/tmp/pace-test-noexec.XXXXXX";
	int fd;

	(void)state;
	job_init(&j, NULL, NULL);
	j.argv[0] = "/nonexistent/pace-no-such-binary";
	job_run(&j);
	assert_int_equal(j.s.spawn_errno, ENOENT);
	assert_int_equal(j.s.fail, PACE_FAIL_SPAWN);
	assert_int_equal(j.s.wall_ns, -1);
	assert_int_equal(j.s.max_rss, -1);
	job_release(&j);

	job_init(&j, NULL, NULL);
	j.argv[0] = "pace-no-such-binary-in-path";
	job_run(&j);
	assert_int_equal(j.s.spawn_errno, ENOENT);
	assert_int_equal(j.s.fail, PACE_FAIL_SPAWN);
	job_release(&j);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	chmod(path, 0644);
	job_init(&j, NULL, NULL);
	j.argv[0] = path;
	job_run(&j);
	assert_int_equal(j.s.spawn_errno, EACCES);
	assert_int_equal(j.s.fail, PACE_FAIL_SPAWN);
	unlink(path);
	job_release(&j);
}

static void max_rss(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "alloc", "100");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_true(j.s.max_rss >= 100 * MIB);
	assert_true(j.s.minflt >= 100 * MIB / 4096 / 2);
	job_release(&j);
}

/* The child's peak RSS is its own: not the high-water mark of the
 * address space it was started from (pace's, here 128 MiB touched). */
static void max_rss_not_parents(void **state)
{
	size_t big = 128 * MIB;
	char *p = mmap(NULL, big, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct job j;

	(void)state;
	assert_true(p != MAP_FAILED);
	memset(p, 1, big);
	job_init(&j, "exit", "0");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_true(j.s.max_rss > 0);
	assert_true(j.s.max_rss < 64 * MIB);
	job_release(&j);
	munmap(p, big);
}

static void io_counters(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "io", "1000000");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_true(j.s.write_bytes > 0 || j.s.wchar > 0);
	assert_true(j.s.wchar >= 1000000);
	assert_true(j.s.syscw >= 1);
	assert_true(j.s.rchar >= 0 && j.s.syscr >= 0 && j.s.read_bytes >= 0);
	job_release(&j);
}

static void env_passed(void **state)
{
	struct job j;
	char *env[] = {"PACE_T_NEW=hello", "PACE_T_OLD=new", NULL};
	char *unset[] = {"PACE_T_OLD", NULL};

	(void)state;
	setenv("PACE_T_OLD", "old", 1);
	job_init(&j, "env", "PACE_T_NEW");
	j.spec.env = env;
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.out), "hello\n");
	job_release(&j);

	job_init(&j, "env", "PACE_T_OLD");
	j.spec.env = env;
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.out), "new\n");
	job_release(&j);

	job_init(&j, "env", "PACE_T_OLD");
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.out), "old\n");
	job_release(&j);

	job_init(&j, "env", "PACE_T_OLD");
	j.spec.env = unset;
	job_run(&j);
	assert_int_equal(j.s.exit_code, 1);
	assert_int_equal(j.cap.out.len, 0);
	job_release(&j);
	unsetenv("PACE_T_OLD");
}

static void cwd_and_stdin(void **state)
{
	struct job j;
	char dir[] = "/tmp/pace-test-cwd.XXXXXX", real[PATH_MAX];
	char want[PATH_MAX + 2];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(realpath(dir, real));
	snprintf(want, sizeof(want), "%s\n", real);
	job_init(&j, "cwd", NULL);
	j.spec.cwd = dir;
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.out), want);
	job_release(&j);
	rmdir(dir);

	/* A missing directory is a start failure, not pace's. */
	job_init(&j, "cwd", NULL);
	j.spec.cwd = dir;
	job_run(&j);
	assert_int_equal(j.s.fail, PACE_FAIL_SPAWN);
	assert_int_equal(j.s.spawn_errno, ENOENT);
	job_release(&j);

	job_init(&j, "stdin", NULL);
	job_run(&j);
	assert_string_equal(pace_strbuf_str(&j.cap.out), "0\n");
	job_release(&j);
}

/* pace's own ignored or blocked signals must not reach the child. */
static void signals_reset(void **state)
{
	struct job j;
	sigset_t set, old;

	(void)state;
	signal(SIGTERM, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, &old);
	job_init(&j, "sleep", "100");
	j.spec.timeout_s = 0.1;
	job_run(&j);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGTERM, SIG_DFL);
	assert_true(j.s.timed_out);
	assert_int_equal(j.s.signal, SIGTERM);
	job_release(&j);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static void no_fd_leaks(void **state)
{
	struct job j;
	int before;

	(void)state;
	/* Once first, so that lazily opened library descriptors settle. */
	job_init(&j, "exit", "0");
	job_run(&j);
	before = count_fds();
	for (int i = 0; i < 100; i++) {
		job_run(&j);
		assert_int_equal(j.s.exit_code, 0);
	}
	j.argv[0] = "/nonexistent/pace-no-such-binary";
	job_run(&j);
	j.argv[0] = (char *)helper();
	j.argv[1] = "sleep";
	j.argv[2] = "10";
	j.spec.timeout_s = 0.05;
	j.spec.kill_grace_s = 0;
	job_run(&j);
	assert_true(j.s.timed_out);
	assert_int_equal(j.s.signal, SIGKILL);
	j.argv[1] = "fork-child";
	j.spec.timeout_s = 10;
	job_run(&j);
	assert_int_equal(j.s.fail, PACE_FAIL_LEFTOVER);
	assert_int_equal(count_fds(), before);
	job_release(&j);
}

static void cpu_time(void **state)
{
	struct job j;

	(void)state;
	job_init(&j, "busy", "100");
	job_run(&j);
	assert_int_equal(j.s.exit_code, 0);
	assert_true(j.s.user_ns >= 80 * MS);
	assert_true(j.s.wall_ns >= j.s.user_ns / 2);
	job_release(&j);
}

/* ---- paths that need a changed process: run in a forked child -------- */

/* Runs fn in a child process; the child reports failure by exit status. */
static void in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
		skip();
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status))
		fail_msg("child check %d failed", WEXITSTATUS(status));
}

/* Makes pidfd_open fail with ENOSYS, as on kernels before 5.3. */
static int deny_pidfd_open(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_open, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {(unsigned short)PACE_ARRAY_SIZE(f), f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

static int fallback_checks(void)
{
	struct job j;

	if (deny_pidfd_open() < 0)
		return 77;
	if (syscall(SYS_pidfd_open, getpid(), 0) >= 0 || errno != ENOSYS)
		return 1;
	job_init(&j, "exit", "3");
	job_run(&j);
	if (j.s.exit_code != 3 || j.s.wall_ns <= 0)
		return 2;
	job_init(&j, "sleep", "0.05");
	job_run(&j);
	/* Polling may notice the exit up to a step (1 ms) late. */
	if (j.s.wall_ns < 50 * MS || j.s.wall_ns > 500 * MS)
		return 3;
	job_init(&j, "sleep", "100");
	j.spec.timeout_s = 0.1;
	job_run(&j);
	if (!j.s.timed_out || j.s.signal != SIGTERM)
		return 4;
	job_init(&j, "write", "200000");
	job_run(&j);
	if (j.s.stdout_bytes != 200000)
		return 5;
	return 0;
}

static void polling_fallback(void **state)
{
	(void)state;
	in_child(fallback_checks);
}

/* RLIMIT_NPROC makes every spawn fail with EAGAIN: pace retries with
 * backoff, then reports its own failure. */
static int retry_checks(void)
{
	struct rlimit one = {1, 1};
	struct job j;
	int64_t t;
	int rc;

	if (geteuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
		return 77;
	if (setrlimit(RLIMIT_NPROC, &one) < 0)
		return 77;
	job_init(&j, "exit", "0");
	j.spec.retries = 3;
	t = pace_now_ns();
	rc = pace_exec_run(&j.s, &j.cap, &j.spec, &j.err);
	t = pace_now_ns() - t;
	if (rc != PACE_EINTERNAL || j.s.retries != 3)
		return 1;
	if (j.s.spawn_errno != EAGAIN || j.s.fail != PACE_FAIL_SPAWN)
		return 2;
	if (t < 7 * MS) /* 1 + 2 + 4 ms of backoff */
		return 3;
	if (!strstr(pace_error_msg(&j.err), "cannot start"))
		return 4;
	return 0;
}

static void retries_then_error(void **state)
{
	(void)state;
	in_child(retry_checks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_code),
		cmocka_unit_test(wall_time),
		cmocka_unit_test(segv),
		cmocka_unit_test(timeout_kills_tree),
		cmocka_unit_test(timeout_kills_stubborn_child),
		cmocka_unit_test(timeout_escalates_to_kill),
		cmocka_unit_test(leftover_child_killed),
		cmocka_unit_test(waited_child_is_fine),
		cmocka_unit_test(daemon_in_own_session_killed),
		cmocka_unit_test(nothing_outlives_killed_pace),
		cmocka_unit_test(stop_request_ends_command),
		cmocka_unit_test(stop_request_levels),
		cmocka_unit_test(output_flood),
		cmocka_unit_test(output_counted_and_capped),
		cmocka_unit_test(spawn_failures),
		cmocka_unit_test(max_rss),
		cmocka_unit_test(max_rss_not_parents),
		cmocka_unit_test(io_counters),
		cmocka_unit_test(env_passed),
		cmocka_unit_test(cwd_and_stdin),
		cmocka_unit_test(signals_reset),
		cmocka_unit_test(no_fd_leaks),
		cmocka_unit_test(cpu_time),
		cmocka_unit_test(polling_fallback),
		cmocka_unit_test(retries_then_error),
	};

	if (!helper() || access(helper(), X_OK) < 0) {
		fprintf(stderr, "test_exec: helper not found; set PACE_HELPER\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
