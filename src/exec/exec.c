/*
 * exec.c - the local executor: start one command, watch it, measure it,
 * and make sure nothing of it is left running (DESIGN.md §3, exec.h).
 *
 * One run goes: posix_spawn of pace-spawn into a new process group with
 * stdout/stderr on pipes, which clones the command as pace's child and
 * reports its pid and start time (or posix_spawnp of the command itself
 * when pace-spawn is not there) -> a ppoll loop over a pidfd and both pipes, which drains output as
 * it comes and enforces the timeout and the output limit (TERM to the
 * group, KILL after the grace period) -> the moment the pidfd turns
 * readable is the end of the wall time -> a bounded non-blocking drain of
 * what is left in the pipes -> /proc/PID/io while the child is still an
 * unreaped zombie -> wait4 for the rusage -> a check that the process group
 * is empty, killing whatever is left.
 *
 * The hot path of a successful run is kept to the syscalls it needs: no
 * /proc scans (the empty-group check is a single kill(-pgid, 0)), no
 * allocation beyond posix_spawn's own file-action list and, only when extra
 * variables are given, the environment vector.  Everything that scans or
 * sleeps lives on the failure paths.
 *
 * Invariant: when pace_exec_run returns, the child has been reaped, every
 * descriptor it opened is closed, and no living process is left in the
 * child's process group (unless a process is stuck in the kernel beyond
 * the one-second wait after SIGKILL).
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec/exec.h"
#include "exec/spawn_helper.h"
#include "probe/probe.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* same number on every architecture but alpha */
#endif

#define NS_PER_S INT64_C(1000000000)
#define NO_DEADLINE INT64_MAX
#define READ_CHUNK 65536
/* After the child exited, drain at most this many rounds: a grandchild
 * that keeps the pipe open and keeps writing must not keep pace here. */
#define FINAL_DRAIN_ROUNDS 64
/* How long to wait for a SIGKILLed group to disappear. */
#define KILL_WAIT_NS NS_PER_S
/* A stop request (^C) must end the command within a second: TERM, then
 * KILL after at most this, and the stop counter is looked at at least
 * this often (a signal that lands between the check and ppoll). */
#define STOP_GRACE_NS (NS_PER_S / 2)
#define STOP_POLL_NS (NS_PER_S / 10)

extern char **environ;

enum phase { RUNNING, TERMED, KILLED };

/* One run in progress.  pfd[0] is the pidfd (fd -1 in the polling
 * fallback), pfd[1] and pfd[2] the read ends of stdout and stderr (fd -1
 * once they reached EOF). */
struct run {
	const struct pace_exec_spec *spec;
	struct pace_sample *s;
	struct pace_capture *cap;
	pid_t pid;
	pid_t pgid; /* pace-spawn's pid, whose group the command is in */
	pid_t helper; /* pace-spawn, reaped after the command; 0 once reaped */
	struct pollfd pfd[3];
	int64_t t0, t1;
	int64_t deadline;
	int64_t grace_ns;
	int64_t poll_step_ns; /* fallback only: current sleep between checks */
	int stop_seen; /* *spec->stop when the stop request was acted on */
	enum phase phase;
	/* pace's children just before the command started (the children
	 * file; a sandbox agent, a docker exec of another session): never
	 * adopted leftovers, even when they started in the same clock tick */
	pid_t before[64];
	int nbefore;
};

/* Set once pidfd_open said ENOSYS, so later runs do not ask again.
 * Atomic because runs may happen on several threads at once. */
static atomic_int no_pidfd;

/* pace-spawn's path, looked up once (helper_path); "" when not found. */
static pthread_once_t helper_once = PTHREAD_ONCE_INIT;
static char helper[PATH_MAX];

void pace_capture_release(struct pace_capture *c)
{
	if (!c)
		return;
	pace_strbuf_release(&c->out);
	pace_strbuf_release(&c->err);
}

static int64_t seconds_to_ns(double s)
{
	if (s <= 0)
		return 0;
	if (s > 1e9)
		return NO_DEADLINE / 2;
	return (int64_t)(s * 1e9);
}

static struct timespec ns_to_timespec(int64_t ns)
{
	struct timespec ts = {(time_t)(ns / NS_PER_S), (long)(ns % NS_PER_S)};
	return ts;
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts = ns_to_timespec(ns);

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void sample_reset(struct pace_sample *s)
{
	memset(s, 0, sizeof(*s));
	s->wall_ns = s->user_ns = s->sys_ns = s->max_rss = -1;
	s->iterations = 1;
	s->minflt = s->majflt = s->nvcsw = s->nivcsw = -1;
	s->read_bytes = s->write_bytes = s->rchar = s->wchar = -1;
	s->syscr = s->syscw = -1;
	s->instructions = -1;
	s->started_unix_ms = -1;
	s->exit_code = -1;
	s->fail = PACE_FAIL_NONE;
}

/* ---- environment ------------------------------------------------------ */

static size_t name_len(const char *entry)
{
	const char *eq = strchr(entry, '=');

	return eq ? (size_t)(eq - entry) : strlen(entry);
}

/* Whether `entry` is overridden by extra[from...]: same NAME. */
static int overridden(const char *entry, char *const *extra, size_t from)
{
	size_t n = name_len(entry);

	for (size_t i = from; extra[i]; i++)
		if (name_len(extra[i]) == n && !strncmp(entry, extra[i], n))
			return 1;
	return 0;
}

/* environ with spec->env on top: an extra "NAME=value" replaces NAME, a
 * bare "NAME" removes it, and of repeated extras the last one wins.
 * Returns NULL (use environ as is) when there are no extras; otherwise a
 * vector the caller frees (the strings stay borrowed). */
static char **build_env(char *const *extra)
{
	size_t n = 0, m = 0, k = 0;
	char **v;

	if (!extra || !extra[0])
		return NULL;
	while (environ && environ[n])
		n++;
	while (extra[m])
		m++;
	v = pace_xmalloc((n + m + 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (!overridden(environ[i], extra, 0))
			v[k++] = environ[i];
	for (size_t i = 0; i < m; i++)
		if (strchr(extra[i], '=') && !overridden(extra[i], extra, i + 1))
			v[k++] = extra[i];
	v[k] = NULL;
	return v;
}

/* ---- starting --------------------------------------------------------- */

/* Finds pace-spawn: $PACE_SPAWN_HELPER ("" or "none": do not use it, so
 * that bench/overhead can compare), next to the running program, in
 * ../libexec/pace/ from it, where it is installed, in the build tree. */
static void find_helper(void)
{
	const char *env = getenv("PACE_SPAWN_HELPER");
	char self[PATH_MAX - 32], *slash; /* room for the name after it */
	ssize_t n;

	helper[0] = '\0';
	if (env) {
		if (*env && strcmp(env, "none") && access(env, X_OK) == 0)
			snprintf(helper, sizeof(helper), "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(helper, sizeof(helper), "%s/pace-spawn", self);
			if (access(helper, X_OK) == 0)
				return;
			snprintf(helper, sizeof(helper),
				 "%s/../libexec/pace/pace-spawn", self);
			if (access(helper, X_OK) == 0)
				return;
		}
	}
	snprintf(helper, sizeof(helper), "%s", PACE_SPAWN_HELPER_INSTALLED);
	if (access(helper, X_OK) == 0)
		return;
	snprintf(helper, sizeof(helper), "%s", PACE_SPAWN_HELPER_BUILT);
	if (access(helper, X_OK) < 0)
		helper[0] = '\0';
}

static const char *helper_path(void)
{
	pthread_once(&helper_once, find_helper);
	return helper[0] ? helper : NULL;
}

/* report: the write end of pace-spawn's report pipe, -1 without it. */
static int setup_spawn(posix_spawn_file_actions_t *fa, posix_spawnattr_t *at,
		       const int out[2], const int errp[2], int report,
		       const char *cwd, const char *input)
{
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	rc = posix_spawn_file_actions_addopen(fa, 0, input ? input : "/dev/null",
					      O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(fa, out[1], 1);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(fa, errp[1], 2);
	if (!rc && report >= 0) /* last: it may overwrite a pipe's old fd 3 */
		rc = posix_spawn_file_actions_adddup2(fa, report,
						      PACE_SPAWN_REPORT_FD);
	if (!rc && cwd)
		rc = posix_spawn_file_actions_addchdir_np(fa, cwd);
	if (!rc)
		rc = posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP |
					      POSIX_SPAWN_SETSIGMASK |
					      POSIX_SPAWN_SETSIGDEF);
	if (!rc)
		rc = posix_spawnattr_setpgroup(at, 0);
	if (!rc)
		rc = posix_spawnattr_setsigmask(at, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(at, &all);
	return rc;
}

/* pace-spawn stays as the group's guard (spawn_helper.c) until this. */
static void reap_helper(struct run *r)
{
	if (r->helper > 0)
		kill(r->helper, SIGKILL);
	if (r->helper > 0)
		while (waitpid(r->helper, NULL, 0) < 0 && errno == EINTR)
			;
	r->helper = 0;
}

/* Waits for pace-spawn's report on the non-blocking pipe.  It comes right
 * after the clone, and pace must be watching the command by the time a
 * short one exits, so this does not wait for pace-spawn to exit; only
 * when nothing comes does it check that pace-spawn is still alive.
 * Returns 0, or -1 when pace-spawn exited without a word. */
static int read_report(struct run *r, int fd, struct pace_spawn_report *rep)
{
	for (bool gone = false;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t got = read(fd, rep, sizeof(*rep));

		if (got == (ssize_t)sizeof(*rep))
			return 0;
		if (got >= 0 || (errno != EAGAIN && errno != EINTR) || gone)
			return -1;
		if (waitpid(r->helper, NULL, WNOHANG) == r->helper) {
			r->helper = 0;
			gone = true; /* read once more: it may have written */
			continue;
		}
		poll(&p, 1, 10);
	}
}

/* Starts the command through pace-spawn, whose report gives the command's
 * pid and the start of its wall time.  Returns 0, the errno of a failed
 * start (an exec failure reaps the failed command and pace-spawn), or -1
 * when pace-spawn said nothing. */
static int spawn_via_helper(struct run *r, const posix_spawn_file_actions_t *fa,
			    const posix_spawnattr_t *at, char *const *envp,
			    int report)
{
	struct pace_spawn_report rep;
	size_t n = 0;
	char **argv;
	pid_t hpid;
	int rc;

	while (r->spec->argv[n])
		n++;
	argv = pace_xmalloc((n + 2) * sizeof(*argv));
	argv[0] = helper;
	memcpy(argv + 1, r->spec->argv, (n + 1) * sizeof(*argv));
	rc = posix_spawn(&hpid, helper, fa, at, argv, envp);
	free(argv);
	if (rc)
		return rc;
	r->helper = hpid;
	if (read_report(r, report, &rep) < 0) {
		reap_helper(r);
		return -1;
	}
	if (rep.pid > 0 && rep.err) /* exec failed: the command is a zombie */
		while (waitpid(rep.pid, NULL, 0) < 0 && errno == EINTR)
			;
	if (rep.err) {
		reap_helper(r);
		return rep.err;
	}
	r->pid = rep.pid;
	r->pgid = hpid;
	r->t0 = rep.t0_ns;
	return 0;
}

/* Starts the command (through pace-spawn when it was found), retrying
 * EAGAIN/ENOMEM with 1, 2, 4 ... ms of backoff.  Returns 0, the errno of
 * the last attempt, or -1 when pace-spawn failed. */
static int spawn_retrying(struct run *r, const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *at, char *const *envp,
			  int report)
{
	int rc;

	for (int attempt = 0;; attempt++) {
		r->s->started_unix_ms = pace_unix_ms();
		r->t0 = pace_now_ns();
		if (report >= 0) {
			rc = spawn_via_helper(r, fa, at, envp, report);
		} else {
			rc = posix_spawnp(&r->pid, r->spec->argv[0], fa, at,
					  r->spec->argv, envp);
			r->pgid = r->pid;
		}
		if ((rc != EAGAIN && rc != ENOMEM) || attempt >= r->spec->retries)
			return rc;
		r->s->retries++;
		sleep_ns((INT64_C(1000000) << (attempt < 10 ? attempt : 10)));
	}
}

/* Starts the child.  Returns 0 when it runs, 1 when it could not start
 * (data: spawn_errno and fail are set), or a PACE_E* code. */
static int start(struct run *r, struct pace_error *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int out[2] = {-1, -1}, errp[2] = {-1, -1}, report[2] = {-1, -1};
	char **envp = NULL;
	int rc;

	/* Checked each time: an executor in a new root may not have it. */
	bool use_helper = helper_path() && access(helper, X_OK) == 0;

	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 ||
	    (use_helper && pipe2(report, O_CLOEXEC | O_NONBLOCK) < 0)) {
		rc = errno;
		close_fd(&out[0]);
		close_fd(&out[1]);
		close_fd(&errp[0]);
		close_fd(&errp[1]);
		return pace_error_set(err, PACE_EINTERNAL,
				      "cannot create output pipes for '%s': %s",
				      r->spec->argv[0], strerror(rc));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	rc = setup_spawn(&fa, &at, out, errp, report[1], r->spec->cwd,
			 r->spec->input);
	if (!rc) {
		envp = build_env(r->spec->env);
		rc = spawn_retrying(r, &fa, &at, envp ? envp : environ,
				    report[0]);
		free(envp);
	}
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	/* The child has its copies; pace keeps only the read ends. */
	close_fd(&out[1]);
	close_fd(&errp[1]);
	close_fd(&report[0]);
	close_fd(&report[1]);
	r->pfd[1] = (struct pollfd){.fd = out[0], .events = POLLIN};
	r->pfd[2] = (struct pollfd){.fd = errp[0], .events = POLLIN};
	if (!rc)
		return 0;
	close_fd(&r->pfd[1].fd);
	close_fd(&r->pfd[2].fd);
	if (rc < 0)
		return pace_error_set(err, PACE_EINTERNAL, "cannot start '%s': "
				      "'%s' exited without saying what happened",
				      r->spec->argv[0], helper);
	r->s->spawn_errno = rc;
	r->s->fail = PACE_FAIL_SPAWN;
	if (rc == EAGAIN || rc == ENOMEM)
		return pace_error_set(err, PACE_EINTERNAL,
				      "cannot start '%s': %s (after %d retries)",
				      r->spec->argv[0], strerror(rc),
				      r->s->retries);
	return 1;
}

/* pidfd for the child, or -1 in the polling fallback (no pidfd_open in
 * this kernel).  Any other failure is pace's own. */
static int open_pidfd(struct run *r, struct pace_error *err)
{
	int fd = -1, e;

	r->pfd[0] = (struct pollfd){.fd = -1, .events = POLLIN};
	r->poll_step_ns = 20000;
	if (no_pidfd)
		return 0;
	do
		fd = (int)syscall(SYS_pidfd_open, r->pid, 0);
	while (fd < 0 && errno == EINTR);
	if (fd >= 0) { /* pidfds are always close-on-exec */
		r->pfd[0].fd = fd;
		return 0;
	}
	e = errno;
	if (e == ENOSYS) {
		no_pidfd = 1;
		return 0;
	}
	return pace_error_set(err, PACE_EINTERNAL,
			      "cannot watch process %d ('%s'): pidfd_open: %s",
			      (int)r->pid, r->spec->argv[0], strerror(e));
}

/* ---- watching --------------------------------------------------------- */

static void signal_group(struct run *r, int sig, int64_t now)
{
	kill(-r->pgid, sig);
	if (sig == SIGKILL) {
		r->phase = KILLED;
		r->deadline = NO_DEADLINE;
	} else {
		r->phase = TERMED;
		r->deadline = now + r->grace_ns;
	}
}

/* Whether the caller asks the command to stop (exec.h: stop, stop_at). */
static bool stop_wanted(const struct pace_exec_spec *spec)
{
	return spec->stop && spec->stop_at > 0 && *spec->stop >= spec->stop_at;
}

/* A stop request: TERM with a short grace at the first look, KILL when
 * the request is repeated (a second ^C) before the grace ran out. */
static void check_stop(struct run *r, int64_t now)
{
	int n;

	if (!stop_wanted(r->spec) || r->phase == KILLED)
		return;
	n = *r->spec->stop;
	if (!r->s->interrupted) {
		r->s->interrupted = true;
		r->stop_seen = n;
		signal_group(r, r->grace_ns > 0 ? SIGTERM : SIGKILL, now);
		if (r->phase == TERMED && r->deadline > now + STOP_GRACE_NS)
			r->deadline = now + STOP_GRACE_NS;
	} else if (n > r->stop_seen) {
		signal_group(r, SIGKILL, now);
	}
}

/* The deadline passed: the timeout (TERM) or the grace period (KILL). */
static void escalate(struct run *r, int64_t now)
{
	if (r->phase == RUNNING) {
		r->s->timed_out = true;
		signal_group(r, r->grace_ns > 0 ? SIGTERM : SIGKILL, now);
	} else {
		signal_group(r, SIGKILL, now);
	}
}

static void keep(struct pace_strbuf *sb, const char *buf, size_t n,
		 int64_t limit)
{
	if (limit <= 0 || (int64_t)sb->len >= limit)
		return;
	if ((int64_t)n > limit - (int64_t)sb->len)
		n = (size_t)(limit - (int64_t)sb->len);
	pace_strbuf_add(sb, buf, n);
}

/* One read from pipe i (1 = stdout, 2 = stderr); closes it at EOF. */
static void drain_one(struct run *r, int i)
{
	char buf[READ_CHUNK];
	ssize_t n;
	int64_t *count = i == 1 ? &r->s->stdout_bytes : &r->s->stderr_bytes;
	int64_t max = r->spec->max_output;

	do
		n = read(r->pfd[i].fd, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n <= 0) {
		close_fd(&r->pfd[i].fd);
		return;
	}
	*count += n;
	if (r->cap)
		keep(i == 1 ? &r->cap->out : &r->cap->err, buf, (size_t)n,
		     r->spec->capture_limit);
	if (max > 0 && !r->s->output_overflow &&
	    r->s->stdout_bytes + r->s->stderr_bytes > max) {
		r->s->output_overflow = true;
		if (r->phase == RUNNING)
			signal_group(r, r->grace_ns > 0 ? SIGTERM : SIGKILL,
				     pace_now_ns());
	}
}

static void drain_ready(struct run *r)
{
	for (int i = 1; i <= 2; i++)
		if (r->pfd[i].fd >= 0 &&
		    (r->pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
			drain_one(r, i);
}

/* Polling fallback: has the child exited (left as a zombie)? */
static int exited_nowait(struct run *r)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)r->pid, &si,
		      WEXITED | WNOHANG | WNOWAIT) < 0)
		if (errno != EINTR)
			return -1;
	return si.si_pid == r->pid;
}

/* Waits for the child to exit, draining output and enforcing the limits
 * meanwhile; sets t1.  Returns 0, or -errno of a failed ppoll/waitid. */
static int watch(struct run *r)
{
	for (;;) {
		int64_t now = pace_now_ns(), wait;
		struct timespec ts;
		int rc;

		check_stop(r, now);
		if (now >= r->deadline) {
			escalate(r, now);
			continue;
		}
		wait = r->deadline == NO_DEADLINE ? -1 : r->deadline - now;
		if (r->pfd[0].fd < 0 && (wait < 0 || wait > r->poll_step_ns))
			wait = r->poll_step_ns;
		if (r->spec->stop && (wait < 0 || wait > STOP_POLL_NS))
			wait = STOP_POLL_NS;
		ts = ns_to_timespec(wait);
		rc = ppoll(r->pfd, 3, wait < 0 ? NULL : &ts, NULL);
		if (rc < 0 && errno != EINTR)
			return -errno;
		now = pace_now_ns();
		if (rc > 0)
			drain_ready(r);
		if (rc > 0 && (r->pfd[0].revents & (POLLIN | POLLHUP))) {
			r->t1 = now;
			return 0;
		}
		if (r->pfd[0].fd < 0) {
			rc = exited_nowait(r);
			if (rc < 0)
				return -errno;
			if (rc) {
				r->t1 = now;
				return 0;
			}
			if (r->poll_step_ns < 1000000)
				r->poll_step_ns *= 2;
		}
	}
}

/* The child is gone, but a grandchild may still hold the pipes open:
 * take what is already there without waiting for an EOF that may never
 * come, then close. */
static void final_drain(struct run *r)
{
	struct timespec zero = {0, 0};

	for (int round = 0; round < FINAL_DRAIN_ROUNDS; round++) {
		int rc;

		if (r->pfd[1].fd < 0 && r->pfd[2].fd < 0)
			break;
		rc = ppoll(r->pfd + 1, 2, &zero, NULL);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			break;
		drain_ready(r);
	}
	close_fd(&r->pfd[1].fd);
	close_fd(&r->pfd[2].fd);
}

/* ---- after the exit --------------------------------------------------- */

/* Whether anything alive is left in the group.  Zombies do not count
 * (whoever inherited them reaps them); without /proc, kill(2) decides. */
static int group_alive(pid_t pgid)
{
	int n = pace_probe_count_group(pgid);

	if (n < 0)
		n = kill(-pgid, 0) == 0;
	return n;
}

static int wait_group_gone(pid_t pgid, int64_t limit_ns)
{
	int64_t end = pace_now_ns() + limit_ns;
	int n;

	while ((n = group_alive(pgid)) > 0 && pace_now_ns() < end)
		sleep_ns(1000000);
	return n;
}

/* TERM, grace, KILL for what is left in the group after the child was
 * reaped.  Safe against pid reuse: a process group id stays allocated as
 * long as any process is in the group, so -pgid can only name the group
 * the child created. */
static void kill_leftovers(struct run *r)
{
	int n;

	if (r->phase != RUNNING) {
		/* Timeout or output kill: TERM and KILL already went out; make
		 * sure nothing that ignored them, or forked meanwhile, stays. */
		kill(-r->pgid, SIGKILL);
		wait_group_gone(r->pgid, KILL_WAIT_NS);
		return;
	}
	if (kill(-r->pgid, 0) < 0)
		return; /* the common case: the group is empty */
	n = group_alive(r->pgid);
	if (n <= 0)
		return;
	r->s->leftover = n;
	if (r->grace_ns > 0) {
		kill(-r->pgid, SIGTERM);
		if (wait_group_gone(r->pgid, r->grace_ns) == 0)
			return;
	}
	kill(-r->pgid, SIGKILL);
	wait_group_gone(r->pgid, KILL_WAIT_NS);
}

/* ---- what left the group ----------------------------------------------- */

/*
 * A process that leaves the command's group (setsid, setpgid) and whose
 * parent then exits is not reached by the group check.  While a command
 * runs, pace is a child subreaper (PR_SET_CHILD_SUBREAPER, set at the
 * start of each run and cleared at its end, so that nothing orphaned
 * between runs, such as a sandbox agent's PID 1, lands on pace), so such
 * an orphan becomes pace's child instead of init's, and pace's children
 * file lists it: a child that started after the command did and is not in
 * its group came from its tree (pace starts nothing else while a command
 * runs; the runner is one thread).  Those are leftovers too: counted,
 * TERMed, KILLed, and reaped, so they are known dead when the sample says
 * killed.  Zombies among them (exited orphans, the group's killed
 * leftovers) are reaped.  The children file stays open and is read with
 * pread (one syscall per run while nothing is adopted); a forked process
 * (the sandbox agent) opens its own.
 */

#define ADOPT_MAX 64

static atomic_int children_state; /* 0: not opened yet, 1: open, -1: cannot */
static int children_fd = -1;

static void forget_children(void)
{
	if (children_fd >= 0)
		close(children_fd);
	children_fd = -1;
	children_state = 0; /* this process's own file, opened on first use */
}

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void register_atfork(void)
{
	pthread_atfork(NULL, NULL, forget_children);
}

/* Becomes (on = true) or stops being a subreaper; the children file is
 * opened on the first call in a process.  Not thread-safe on that first
 * call: the runner is one thread (a race only opens the file twice). */
static void subreaper(bool on)
{
	char path[64];

	if (children_state < 0)
		return;
	if (on && !children_state) {
		pthread_once(&atfork_once, register_atfork);
		snprintf(path, sizeof(path), "/proc/self/task/%d/children",
			 (int)getpid());
		children_fd = open(path, O_RDONLY | O_CLOEXEC);
		children_state = children_fd >= 0 ? 1 : -1;
		if (children_state < 0)
			return;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0) < 0 && on)
		children_state = -1;
}

/* The command's start in /proc's clock ticks since boot. */
static unsigned long long start_ticks(const struct run *r)
{
	struct timespec b;
	long hz = sysconf(_SC_CLK_TCK);
	int64_t boot_t0;

	clock_gettime(CLOCK_BOOTTIME, &b);
	boot_t0 = (int64_t)b.tv_sec * NS_PER_S + b.tv_nsec - (pace_now_ns() - r->t0);
	if (hz <= 0 || boot_t0 < 0)
		return 0;
	return (unsigned long long)(boot_t0 / (NS_PER_S / hz));
}

static bool listed(const pid_t *v, int n, pid_t pid);

/* pace's children now, into r->before (up to its size). */
static void children_before(struct run *r)
{
	char buf[4096], *p = buf, *end;
	ssize_t n;

	r->nbefore = 0;
	if (children_state <= 0)
		return;
	n = pread(children_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (long pid; (pid = strtol(p, &end, 10)) > 0 &&
	     r->nbefore < (int)PACE_ARRAY_SIZE(r->before); p = end)
		r->before[r->nbefore++] = (pid_t)pid;
}

/* Fills out[] with the living adopted leftovers (see above), reaping the
 * dead ones; returns how many. */
static int adopted(const struct run *r, pid_t *out, int max)
{
	char buf[4096], *p = buf, *end;
	unsigned long long since;
	ssize_t n;
	int k = 0;

	if (children_state <= 0)
		return 0;
	n = pread(children_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	since = start_ticks(r);
	for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end) {
		struct pace_proc_stat st;

		if (listed(r->before, r->nbefore, (pid_t)pid) ||
		    pace_probe_proc_stat((pid_t)pid, &st) < 0 || st.start_ticks < since)
			continue;
		if (st.state == 'Z' || st.state == 'X' || st.state == 'x')
			waitpid((pid_t)pid, NULL, WNOHANG);
		else if (st.pgrp != (long)r->pgid && k < max)
			out[k++] = (pid_t)pid;
	}
	return k;
}

/* Waits until every pid in p[] is reaped (entries become 0) or limit_ns
 * passed; returns how many are left. */
static int reap_each(pid_t *p, int n, int64_t limit_ns)
{
	int64_t end = pace_now_ns() + limit_ns;
	int left;

	for (;;) {
		left = 0;
		for (int i = 0; i < n; i++)
			if (p[i] > 0 && waitpid(p[i], NULL, WNOHANG) != 0)
				p[i] = 0; /* reaped, or not ours any more */
			else if (p[i] > 0)
				left++;
		if (!left || pace_now_ns() >= end)
			return left;
		sleep_ns(1000000);
	}
}

static void signal_each(const pid_t *p, int n, int sig)
{
	for (int i = 0; i < n; i++)
		if (p[i] > 0) {
			kill(p[i], sig);
			kill(-p[i], sig); /* its own group, when it leads one */
		}
}

static bool listed(const pid_t *v, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Finds, counts, kills and reaps the adopted leftovers, again for what
 * their deaths orphan in turn (bounded rounds). */
static void kill_adopted(struct run *r)
{
	pid_t p[ADOPT_MAX], seen[4 * ADOPT_MAX];
	int nseen = 0, n;

	for (int round = 0; round < 4 && (n = adopted(r, p, ADOPT_MAX)) > 0; round++) {
		for (int i = 0; i < n; i++)
			if (!listed(seen, nseen, p[i])) {
				seen[nseen++] = p[i];
				r->s->leftover++;
			}
		if (round == 0 && r->phase == RUNNING && r->grace_ns > 0) {
			signal_each(p, n, SIGTERM);
			if (reap_each(p, n, r->grace_ns) == 0)
				continue;
		}
		signal_each(p, n, SIGKILL);
		reap_each(p, n, KILL_WAIT_NS);
	}
}

/* Reaps the child (after /proc/PID/io was read from its zombie) and
 * records how it ended. */
static void reap(struct run *r)
{
	struct rusage ru;
	int status = 0;

	pace_probe_read_io(r->s, r->pid);
	while (wait4(r->pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			reap_helper(r);
			return; /* SIGCHLD ignored by someone: it reaped itself */
		}
	reap_helper(r); /* the guard is not needed any more */
	pace_probe_from_rusage(r->s, &ru);
	if (WIFSIGNALED(status)) {
		r->s->signal = WTERMSIG(status);
		r->s->exit_code = -1;
	} else {
		r->s->exit_code = WEXITSTATUS(status);
	}
}

static void verdict(struct pace_sample *s)
{
	if (s->timed_out)
		s->fail = PACE_FAIL_TIMEOUT;
	else if (s->output_overflow)
		s->fail = PACE_FAIL_OUTPUT;
	else if (s->signal)
		s->fail = PACE_FAIL_SIGNAL;
	else if (s->leftover)
		s->fail = PACE_FAIL_LEFTOVER;
}

/* pace itself failed while the child runs: kill it all, reap, clean up. */
static int abandon(struct run *r, int e, struct pace_error *err)
{
	kill(-r->pgid, SIGKILL);
	while (waitpid(r->pid, NULL, 0) < 0 && errno == EINTR)
		;
	reap_helper(r);
	wait_group_gone(r->pgid, KILL_WAIT_NS);
	r->phase = KILLED;
	if (!r->spec->no_adopt)
		kill_adopted(r);
	subreaper(false);
	close_fd(&r->pfd[0].fd);
	close_fd(&r->pfd[1].fd);
	close_fd(&r->pfd[2].fd);
	if (err->code)
		return err->code;
	return pace_error_set(err, PACE_EINTERNAL,
			      "cannot watch process %d ('%s'): %s", (int)r->pid,
			      r->spec->argv[0], strerror(e));
}

int pace_exec_run(struct pace_sample *sample, struct pace_capture *cap,
		  const struct pace_exec_spec *spec, struct pace_error *err)
{
	struct run r = {.spec = spec, .s = sample, .cap = cap};
	int rc;

	assert(spec->argv && spec->argv[0]);
	sample_reset(sample);
	if (cap) {
		pace_strbuf_reset(&cap->out);
		pace_strbuf_reset(&cap->err);
	}
	r.grace_ns = seconds_to_ns(spec->kill_grace_s);
	r.deadline = NO_DEADLINE;
	if (stop_wanted(spec)) { /* asked to stop before it started */
		sample->interrupted = true;
		sample->started_unix_ms = pace_unix_ms();
		return 0;
	}
	subreaper(true);
	children_before(&r);
	rc = start(&r, err);
	if (rc) {
		subreaper(false);
		return rc > 0 ? 0 : rc;
	}
	if (spec->timeout_s > 0)
		r.deadline = r.t0 + seconds_to_ns(spec->timeout_s);
	if (spec->on_start)
		spec->on_start(spec->on_start_data, r.pid);
	if (open_pidfd(&r, err))
		return abandon(&r, 0, err);
	rc = watch(&r);
	if (rc)
		return abandon(&r, -rc, err);
	sample->wall_ns = r.t1 - r.t0;
	final_drain(&r);
	reap(&r);
	close_fd(&r.pfd[0].fd);
	kill_leftovers(&r);
	if (!spec->no_adopt)
		kill_adopted(&r);
	subreaper(false);
	verdict(sample);
	return 0;
}
