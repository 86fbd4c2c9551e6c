/*
 * test_sandbox.c - the sandbox executor through the session API
 * (exec/session.h), with the host's "/" as the root filesystem, against
 * real processes (tests/helpers/pace-helper.c): no network inside, host
 * processes invisible, nothing writable but the working directory, a
 * memory hog killed by the cgroup and recorded as such, nothing left
 * running after the session, and exit codes, signals and timeouts still
 * data.  Each isolation check also runs the same command with the local
 * executor, where it must succeed, so a check cannot pass vacuously.
 *
 * Skips only where the machine cannot make a sandbox at all (not root and
 * no unprivileged user namespaces), saying why.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "exec/session.h"
#include "unit_env.h"

struct fx {
	char dir[128];
	struct pace_exec_session *sbx, *local;
	struct pace_sample s;
	struct pace_capture cap;
	struct pace_error err;
};

static struct pace_exec_session *start(struct fx *f, enum pace_executor kind,
				       const struct pace_limits *lim)
{
	struct pace_exec_session_opts o = {.kind = kind, .workdir = f->dir,
					   .limits = {-1, -1, -1}};
	struct pace_exec_session *s = NULL;

	if (lim)
		o.limits = *lim;
	if (pace_exec_session_start(&s, &o, &f->err))
		fail_msg("session start: %s", pace_error_msg(&f->err));
	return s;
}

static int setup(void **state)
{
	struct fx *f = pace_xcalloc(1, sizeof(*f));

	if (!unit_helper() || unit_tmpdir_make(f->dir, sizeof(f->dir), "sandbox"))
		return -1;
	pace_error_init(&f->err);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	pace_exec_session_stop(f->sbx);
	pace_exec_session_stop(f->local);
	pace_capture_release(&f->cap);
	pace_error_release(&f->err);
	unit_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* Runs the helper with up to two arguments in session s. */
static void run(struct fx *f, struct pace_exec_session *s, double timeout,
		const char *a1, const char *a2)
{
	char *argv[] = {(char *)unit_helper(), (char *)a1, (char *)a2, NULL};
	struct pace_exec_spec spec = {.argv = argv, .cwd = f->dir,
				      .timeout_s = timeout, .kill_grace_s = 0.2,
				      .capture_limit = 65536, .retries = 2};

	if (pace_exec_session_run(s, &f->s, &f->cap, &spec, &f->err))
		fail_msg("session run: %s", pace_error_msg(&f->err));
}

/* Starts f->sbx with `lim`; when that fails as a non-root user with a
 * message holding `cannot` (what this machine cannot give: user
 * namespaces, cgroups), skips the test saying why. */
static void start_sandbox_or_skip(struct fx *f, const struct pace_limits *lim,
				  const char *cannot)
{
	struct pace_exec_session_opts o = {.kind = PACE_EXECUTOR_SANDBOX,
					   .workdir = f->dir, .limits = *lim};

	if (pace_exec_session_start(&f->sbx, &o, &f->err) == 0)
		return;
	if (geteuid() != 0 && strstr(pace_error_msg(&f->err), cannot)) {
		fprintf(stderr, "skipped: %s\n", pace_error_msg(&f->err));
		skip();
	}
	fail_msg("sandbox start: %s", pace_error_msg(&f->err));
}

/* A sandbox and a local session; skips the test where no sandbox can be
 * made (not root and no unprivileged user namespaces). */
static void need_sandbox(void **state)
{
	struct fx *f = *state;
	struct pace_limits none = {-1, -1, -1};

	start_sandbox_or_skip(f, &none, "user namespaces");
	f->local = start(f, PACE_EXECUTOR_LOCAL, NULL);
}

static void test_runs_and_captures(void **state)
{
	struct fx *f = *state;

	need_sandbox(state);
	run(f, f->sbx, 20, "echo", "inside");
	assert_int_equal(f->s.exit_code, 0);
	assert_int_equal(f->s.fail, PACE_FAIL_NONE);
	assert_string_equal(pace_strbuf_str(&f->cap.out), "inside\n");
	assert_true(f->s.wall_ns > 0);
	assert_true(f->s.user_ns >= 0 && f->s.max_rss > 0);
	/* /proc/PID/io of the zombie, read inside: as readable as outside
	 * (where a non-dumpable pace cannot read it, as run by setpriv). */
	{
		bool inside = f->s.rchar >= 0;
		run(f, f->local, 20, "echo", "outside");
		assert_int_equal(inside, f->s.rchar >= 0);
	}
	/* Many commands, one agent. */
	for (int i = 0; i < 20; i++) {
		run(f, f->sbx, 20, "exit", "0");
		assert_int_equal(f->s.exit_code, 0);
	}
}

static void test_no_network(void **state)
{
	struct fx *f = *state;
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	char port[16];

	need_sandbox(state);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	snprintf(port, sizeof(port), "%d", ntohs(a.sin_port));
	run(f, f->local, 20, "connect", port);
	assert_int_equal(f->s.exit_code, 0); /* the listener is there */
	run(f, f->sbx, 20, "connect", port);
	assert_int_equal(f->s.exit_code, 1);
	assert_non_null(strstr(pace_strbuf_str(&f->cap.err), "refused"));
	close(fd);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_host_processes_invisible(void **state)
{
	struct fx *f = *state;
	int host;

	need_sandbox(state);
	run(f, f->local, 20, "procs", NULL);
	host = count_lines(pace_strbuf_str(&f->cap.out));
	run(f, f->sbx, 20, "procs", NULL);
	assert_int_equal(f->s.exit_code, 0);
	/* PID 1 (the agent), pace-spawn when the root has it (the host's
	 * here) and the helper itself: nothing of the host. */
	if (count_lines(pace_strbuf_str(&f->cap.out)) == 3)
		assert_string_equal(pace_strbuf_str(&f->cap.out), "1\n2\n3\n");
	else
		assert_string_equal(pace_strbuf_str(&f->cap.out), "1\n2\n");
	assert_true(host > 3);
}

static void test_writes_only_in_workdir(void **state)
{
	struct fx *f = *state;
	const char *home = getenv("HOME");
	char *paths[] = {pace_xstrdup("/pace-sandbox-probe"),
			 pace_xstrdup("/tmp/pace-sandbox-probe"),
			 pace_xstrdup("/etc/pace-sandbox-probe"),
			 pace_xasprintf("%s/pace-sandbox-probe", home && *home ? home : "/root")};
	char *mine = pace_xasprintf("%s/written", f->dir);
	struct stat st;

	need_sandbox(state);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(paths); i++) {
		run(f, f->sbx, 20, "create", paths[i]);
		assert_int_equal(f->s.exit_code, 1);
		assert_int_not_equal(stat(paths[i], &st), 0);
		free(paths[i]);
	}
	/* The local executor can write where the sandbox could not. */
	paths[0] = pace_xasprintf("%s/local-probe", "/tmp");
	run(f, f->local, 20, "create", paths[0]);
	assert_int_equal(f->s.exit_code, 0);
	unlink(paths[0]);
	free(paths[0]);
	run(f, f->sbx, 20, "create", mine);
	assert_int_equal(f->s.exit_code, 0);
	assert_int_equal(stat(mine, &st), 0); /* and the host sees it */
	free(mine);
}

/* Limits need root (or a delegated cgroup); skips saying so otherwise. */
static void restart_limited(void **state, const struct pace_limits *lim)
{
	struct fx *f = *state;

	need_sandbox(state);
	pace_exec_session_stop(f->sbx);
	f->sbx = NULL;
	start_sandbox_or_skip(f, lim, "limits need root");
}

static void test_memory_hog_killed(void **state)
{
	struct fx *f = *state;
	struct pace_limits lim = {.memory = 64 << 20, .cpus = -1, .pids = -1};

	restart_limited(state, &lim);
	run(f, f->sbx, 60, "alloc", "8");
	assert_int_equal(f->s.exit_code, 0);
	assert_false(f->s.oom_killed);
	run(f, f->sbx, 60, "alloc", "512");
	assert_true(f->s.oom_killed);
	assert_int_equal(f->s.fail, PACE_FAIL_MEMORY);
	assert_int_equal(f->s.signal, 9);
	/* The agent survived it. */
	run(f, f->sbx, 20, "exit", "4");
	assert_int_equal(f->s.exit_code, 4);
	assert_false(f->s.oom_killed);
}

/* A CFS quota of a quarter CPU: 200 ms of CPU take at least 4 x as long
 * in wall time (a loaded machine only stretches the wall time further). */
static void test_cpus_limit(void **state)
{
	struct fx *f = *state;
	struct pace_limits lim = {.memory = -1, .cpus = 0.25, .pids = -1};

	restart_limited(state, &lim);
	run(f, f->sbx, 60, "busy", "200");
	assert_int_equal(f->s.exit_code, 0);
	assert_true(f->s.user_ns + f->s.sys_ns >= 190 * INT64_C(1000000));
	assert_true(f->s.wall_ns > 2 * (f->s.user_ns + f->s.sys_ns));
}

/* pids.max counts the agent's two processes too, and pace-spawn where
 * the root has it: 5 leaves room for the shell and one or two children,
 * so the third background sleep cannot fork, and later a single command
 * still starts even while a killed sleeper is being reaped. */
static void test_pids_limit(void **state)
{
	struct fx *f = *state;
	struct pace_limits lim = {.memory = -1, .cpus = -1, .pids = 5};
	char *argv[] = {"/bin/sh", "-c", "sleep 1 & sleep 1 & sleep 1 & wait", NULL};
	struct pace_exec_spec spec = {.argv = argv, .timeout_s = 30,
				      .kill_grace_s = 0.2, .capture_limit = 4096};

	restart_limited(state, &lim);
	assert_int_equal(pace_exec_session_run(f->sbx, &f->s, &f->cap, &spec, &f->err), 0);
	assert_non_null(strstr(pace_strbuf_str(&f->cap.err), "fork"));
	run(f, f->sbx, 20, "exit", "0"); /* one process is still fine */
	assert_int_equal(f->s.exit_code, 0);
}

/* Host processes whose command line holds `word` as an argument. */
static int count_host(const char *word)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], buf[4096];
		ssize_t len;
		int fd;
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		for (ssize_t i = 0; i < len; i += (ssize_t)strlen(buf + i) + 1)
			n += !strcmp(buf + i, word);
	}
	if (d)
		closedir(d);
	return n;
}

static void test_nothing_outlives(void **state)
{
	struct fx *f = *state;
	char secs[32];

	need_sandbox(state);
	snprintf(secs, sizeof(secs), "%d.%03d", 300 + (int)(getpid() % 600), 123);
	run(f, f->sbx, 20, "daemon", secs);
	assert_int_equal(f->s.exit_code, 0);
	/* It left the process group, yet the agent (PID 1, the reaper) finds
	 * it, counts it and has killed and reaped it when the reply comes. */
	assert_int_equal(f->s.leftover, 1);
	assert_int_equal(f->s.fail, PACE_FAIL_LEFTOVER);
	assert_int_equal(count_host(secs), 0);
	pace_exec_session_stop(f->sbx);
	f->sbx = NULL;
	assert_int_equal(count_host(secs), 0);
}

static void test_exit_signal_timeout_are_data(void **state)
{
	struct fx *f = *state;

	need_sandbox(state);
	run(f, f->sbx, 20, "exit", "7");
	assert_int_equal(f->s.exit_code, 7);
	assert_int_equal(f->s.fail, PACE_FAIL_NONE);
	run(f, f->sbx, 20, "kill", "15");
	assert_int_equal(f->s.signal, 15);
	assert_int_equal(f->s.fail, PACE_FAIL_SIGNAL);
	run(f, f->sbx, 0.3, "sleep", "30");
	assert_true(f->s.timed_out);
	assert_int_equal(f->s.fail, PACE_FAIL_TIMEOUT);
	run(f, f->sbx, 20, "no-such-mode", NULL);
	assert_int_equal(f->s.exit_code, 2);
}

static void test_missing_binary_is_data(void **state)
{
	struct fx *f = *state;
	char *argv[] = {"/no/such/binary", NULL};
	struct pace_exec_spec spec = {.argv = argv, .timeout_s = 5,
				      .capture_limit = 1024};

	need_sandbox(state);
	assert_int_equal(pace_exec_session_run(f->sbx, &f->s, &f->cap, &spec, &f->err), 0);
	assert_int_equal(f->s.fail, PACE_FAIL_SPAWN);
	assert_int_equal(f->s.spawn_errno, ENOENT);
}

/* The children of this process (the agent is one), from /proc. */
static int children(pid_t *out, int max)
{
	char path[64];
	FILE *f;
	int n = 0;
	long pid;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (n < max && fscanf(f, "%ld", &pid) == 1)
		out[n++] = (pid_t)pid;
	fclose(f);
	return n;
}

static void test_dead_agent_is_reported(void **state)
{
	struct fx *f = *state;
	pid_t kids[16];
	int n;

	need_sandbox(state);
	pace_exec_session_stop(f->local);
	f->local = NULL;
	n = children(kids, 16);
	if (n < 0)
		skip(); /* no /proc/PID/task/TID/children in this kernel */
	assert_int_equal(n, 1); /* the agent alone */
	assert_int_equal(kill(kids[0], SIGKILL), 0);
	assert_int_equal(pace_exec_session_run(f->sbx, &f->s, &f->cap,
		&(struct pace_exec_spec){.argv = (char *[]){(char *)unit_helper(), "exit", "0", NULL},
					 .timeout_s = 5}, &f->err), PACE_EINTERNAL);
	assert_non_null(strstr(pace_error_msg(&f->err), "the sandbox agent died"));
	assert_non_null(pace_exec_session_dead(f->sbx));
	assert_int_equal(children(kids, 16), 0); /* reaped */
	/* And every later command says the same at once. */
	assert_int_equal(pace_exec_session_run(f->sbx, &f->s, &f->cap,
		&(struct pace_exec_spec){.argv = (char *[]){"true", NULL}}, &f->err), PACE_EINTERNAL);
	assert_non_null(strstr(pace_error_msg(&f->err), "the sandbox agent died"));
}

/* A root filesystem under /tmp (an environment cache in
 * XDG_CACHE_HOME=/tmp/...): the agent covers /tmp with its staging tmpfs,
 * so it must open the root before that.  Here the root is a symlink in
 * /tmp to the host's /. */
static void test_root_under_tmp(void **state)
{
	struct fx *f = *state;
	char *link = pace_xasprintf("/tmp/pace-test-root-%ld", (long)getpid());
	struct pace_exec_session_opts o = {.kind = PACE_EXECUTOR_SANDBOX,
					   .root = link, .workdir = f->dir,
					   .limits = {-1, -1, -1}};
	struct pace_exec_session *s = NULL;
	int rc;

	need_sandbox(state);
	unlink(link);
	assert_int_equal(symlink("/", link), 0);
	rc = pace_exec_session_start(&s, &o, &f->err);
	unlink(link);
	free(link);
	if (rc)
		fail_msg("sandbox start: %s", pace_error_msg(&f->err));
	run(f, s, 20, "exit", "0");
	assert_int_equal(f->s.exit_code, 0);
	pace_exec_session_stop(s);
}

/* Without an image or an environment to import, a docker session is
 * refused before any engine is asked (tests/cli/0670-docker.bats runs
 * real containers). */
static void test_docker_needs_an_image(void **state)
{
	struct fx *f = *state;
	struct pace_exec_session_opts o = {.kind = PACE_EXECUTOR_DOCKER,
					   .workdir = f->dir,
					   .limits = {-1, -1, -1, -1}};
	struct pace_exec_session *s = NULL;

	assert_int_equal(pace_exec_session_start(&s, &o, &f->err), PACE_EUSAGE);
	assert_null(s);
	assert_non_null(strstr(pace_error_msg(&f->err), "docker executor needs an image"));
	assert_int_equal(pace_executor_parse("sandbox"), PACE_EXECUTOR_SANDBOX);
	assert_int_equal(pace_executor_parse("chroot"), -1);
	assert_string_equal(pace_executor_name(PACE_EXECUTOR_LOCAL), "local");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_runs_and_captures),
		T(test_no_network),
		T(test_host_processes_invisible),
		T(test_writes_only_in_workdir),
		T(test_memory_hog_killed),
		T(test_cpus_limit),
		T(test_pids_limit),
		T(test_nothing_outlives),
		T(test_exit_signal_timeout_are_data),
		T(test_missing_binary_is_data),
		T(test_root_under_tmp),
		T(test_dead_agent_is_reported),
		T(test_docker_needs_an_image),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
