/*
 * sandbox_agent.c - the sandbox executor's agent: the process that lives
 * inside the namespaces for one test x variant and runs its commands
 * (sandbox.h, session.h).
 *
 * Two processes, because a new PID namespace applies to children only:
 *   A (forked by pace) joins the cgroups, unshares mount, PID, network,
 *     UTS and IPC namespaces (and a user namespace when not root), forks B
 *     and waits for it; it dies with pace (PR_SET_PDEATHSIG).
 *   B is PID 1 of the new PID namespace and the reaper of every orphan
 *     there; it dies with A.  It builds the root, brings up loopback,
 *     sets the hostname and rlimits, says "ready", then serves requests.
 * When B exits, the kernel kills everything else in its PID namespace:
 * nothing a test starts outlives its session.
 *
 * The root (all in B's private mount namespace, nothing shows on the host):
 *   a scratch tmpfs on /tmp holds the staging point S = /tmp/root;
 *   the root filesystem is bound recursively at S and made read-only and
 *     nosuid recursively (mount_setattr), so its submounts are too;
 *   S/tmp: a fresh tmpfs, read-only once the mount points are made in it
 *     (the sandbox's /tmp is empty and not writable);
 *   S/proc: a fresh proc of the new PID namespace;
 *   S/dev: a read-only tmpfs with null, zero, full, random, urandom and
 *     tty bound from the host, and the fd/stdin/stdout/stderr links;
 *   the working directory, bound read-write at its own absolute path (its
 *     mount point made in S/tmp's or S/dev's tmpfs when it is under /tmp or
 *     /dev/shm, else it must exist in the root filesystem);
 *   then pivot_root into S (chroot where pivot_root is refused).
 * Nothing else is writable.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec/exec.h"
#include "exec/sandbox.h"

#define STAGE "/tmp/root"

/* A stop request (pace run got ^C) reaches the agent as SIGUSR1: pace
 * sends it to A, which passes it on to B, whose running command then stops
 * as pace_exec_run's stop (exec.h).  These two are the handlers' only
 * state, one per process of the agent. */
static volatile pid_t pid1_pid; /* A: B's pid */
static volatile int stop_requests; /* B: SIGUSR1s so far */

static void pass_stop_on(int sig)
{
	if (pid1_pid > 0)
		kill(pid1_pid, sig);
}

static void count_stop(int sig)
{
	(void)sig;
	stop_requests = stop_requests + 1;
}

/* Installs fn for SIGUSR1 and unblocks it (it was blocked across fork). */
static void on_stop_signal(void (*fn)(int))
{
	struct sigaction sa = {.sa_handler = fn};
	sigset_t usr1;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
}

int pace_sbx_write(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		/* The docker agent's stdout is a pipe (its SIGPIPE is ignored). */
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EPIPE;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pace_sbx_read(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EPIPE;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Sends a reply: a sample (or none), captured output and a message. */
static void reply(int sock, int rc, const struct pace_sample *s,
		  const struct pace_capture *cap, const char *msg)
{
	struct sbx_reply r;

	memset(&r, 0, sizeof(r));
	r.magic = SBX_MAGIC;
	r.rc = rc;
	if (s)
		r.sample = *s;
	r.out_len = cap ? (uint32_t)cap->out.len : 0;
	r.err_len = cap ? (uint32_t)cap->err.len : 0;
	r.msg_len = msg ? (uint32_t)strlen(msg) : 0;
	if (pace_sbx_write(sock, &r, sizeof(r)) ||
	    (r.out_len && pace_sbx_write(sock, cap->out.buf, r.out_len)) ||
	    (r.err_len && pace_sbx_write(sock, cap->err.buf, r.err_len)) ||
	    (r.msg_len && pace_sbx_write(sock, msg, r.msg_len)))
		_exit(1); /* pace is gone */
}

/* An error during start-up: "STEP: strerror(errno)" to pace, then exit. */
_Noreturn static void fail(int sock, const char *step, const char *subject, int e)
{
	char msg[4400];

	snprintf(msg, sizeof(msg), "cannot start the sandbox: %s%s%s%s: %s", step,
		 subject ? " '" : "", subject ? subject : "", subject ? "'" : "",
		 strerror(e));
	reply(sock, PACE_EINTERNAL, NULL, NULL, msg);
	_exit(1);
}

/* ---- the root ----------------------------------------------------------- */

static void path_in(char *out, size_t n, const char *rel)
{
	snprintf(out, n, "%s%s", STAGE, rel);
}

static int mkdirs_in(const char *abs)
{
	char path[4096];
	size_t base = strlen(STAGE);

	path_in(path, sizeof(path), abs);
	for (char *p = path + base + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

static int setattr_rdonly(const char *path)
{
	struct mount_attr a;

	memset(&a, 0, sizeof(a));
	a.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID;
	return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE,
			    &a, sizeof(a));
}

static void make_dev(int sock)
{
	static const char *const nodes[] = {"null", "zero", "full", "random",
					    "urandom", "tty"};
	static const char *const links[][2] = {
		{"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"}};
	char dev[4200], node[4300], host[64];

	path_in(dev, sizeof(dev), "/dev");
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755"))
		fail(sock, "mount a tmpfs on", "/dev", errno);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(nodes); i++) {
		int fd;
		snprintf(node, sizeof(node), "%s/%s", dev, nodes[i]);
		snprintf(host, sizeof(host), "/dev/%s", nodes[i]);
		fd = open(node, O_CREAT | O_WRONLY | O_CLOEXEC, 0666);
		if (fd < 0)
			fail(sock, "create", node, errno);
		close(fd);
		if (mount(host, node, NULL, MS_BIND, NULL))
			fail(sock, "bind", host, errno);
	}
	for (size_t i = 0; i < PACE_ARRAY_SIZE(links); i++) {
		snprintf(node, sizeof(node), "%s/%s", dev, links[i][1]);
		if (symlink(links[i][0], node))
			fail(sock, "link", node, errno);
	}
	/* made read-only in build_root, once the working directory (which may
	 * be under /dev/shm, workdir: tmpfs) has its mount point here */
}

/* The working directory at its own path, read-write; `wfd` is an O_PATH
 * descriptor of it, opened before the scratch /tmp covered the host's. */
static void bind_workdir(int sock, const char *workdir, int wfd)
{
	char target[4200], src[64];
	struct stat st;

	path_in(target, sizeof(target), workdir);
	if (!strncmp(workdir, "/tmp/", 5) || !strncmp(workdir, "/dev/shm/", 9)) {
		if (mkdirs_in(workdir))
			fail(sock, "make the mount point", workdir, errno);
	} else if (stat(target, &st) || !S_ISDIR(st.st_mode)) {
		fail(sock, "find the working directory in the root filesystem "
		     "(put work directories under /tmp or /dev/shm)", workdir, ENOENT);
	}
	snprintf(src, sizeof(src), "/proc/self/fd/%d", wfd);
	if (mount(src, target, NULL, MS_BIND, NULL))
		fail(sock, "bind the working directory", workdir, errno);
	close(wfd);
}

static void enter_root(int sock)
{
	if (chdir(STAGE))
		fail(sock, "enter", STAGE, errno);
	/* pivot_root(".", "."): the old root ends up on top of the new one,
	 * where a lazy unmount drops it (pivot_root(2), NOTES). */
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH))
			fail(sock, "detach the old root", NULL, errno);
	} else if (chroot(".")) {
		fail(sock, "chroot into", STAGE, errno);
	}
	if (chdir("/"))
		fail(sock, "enter", "/", errno);
}

static void build_root(const struct sbx_conf *c)
{
	char p[4200];
	int wfd = open(c->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* Opened before the staging tmpfs covers /tmp: a root filesystem
	 * under /tmp (XDG_CACHE_HOME=/tmp/...) is bound through its fd. */
	int rfd = open(c->root, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (wfd < 0)
		fail(c->sock, "open the working directory", c->workdir, errno);
	if (rfd < 0)
		fail(c->sock, "open the root filesystem", c->root, errno);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		fail(c->sock, "make mounts private", NULL, errno);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=64k,mode=700") ||
	    mkdir(STAGE, 0755))
		fail(c->sock, "make the staging directory", STAGE, errno);
	snprintf(p, sizeof(p), "/proc/self/fd/%d", rfd);
	if (mount(p, STAGE, NULL, MS_BIND | MS_REC, NULL))
		fail(c->sock, "bind the root filesystem", c->root, errno);
	close(rfd);
	if (setattr_rdonly(STAGE))
		fail(c->sock, "make the root filesystem read-only", c->root, errno);
	path_in(p, sizeof(p), "/tmp");
	if (mount("tmpfs", p, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=1777"))
		fail(c->sock, "mount a tmpfs on", "/tmp", errno);
	path_in(p, sizeof(p), "/proc");
	if (mount("proc", p, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		fail(c->sock, "mount", "/proc", errno);
	make_dev(c->sock);
	bind_workdir(c->sock, c->workdir, wfd);
	path_in(p, sizeof(p), "/tmp");
	if (mount(NULL, p, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL))
		fail(c->sock, "make read-only", "/tmp", errno);
	path_in(p, sizeof(p), "/dev");
	if (mount(NULL, p, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL))
		fail(c->sock, "make read-only", "/dev", errno);
	enter_root(c->sock);
	/* A command without a cwd starts in the working directory (without a
	 * fixture that is pace's own, where the local executor starts it). */
	if (chdir(c->workdir))
		fail(c->sock, "enter", c->workdir, errno);
}

/* ---- the rest of the start-up --------------------------------------------- */

static void loopback_up(int sock)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		fail(sock, "open a socket for", "lo", errno);
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		fail(sock, "read the flags of", "lo", errno);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		fail(sock, "bring up", "lo", errno);
	close(fd);
}

static void limits(const struct sbx_conf *c)
{
	struct rlimit none = {0, 0};

	/* A crashing benchmark must not write cores into its working copy. */
	setrlimit(RLIMIT_CORE, &none);
	if (c->pids > 0) {
		struct rlimit n = {(rlim_t)c->pids, (rlim_t)c->pids};
		setrlimit(RLIMIT_NPROC, &n); /* ignored for root; cgroup rules */
	}
}

static void write_map(int sock, const char *file, unsigned id)
{
	char line[64];
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	int n = snprintf(line, sizeof(line), "0 %u 1\n", id);

	if (fd < 0 || write(fd, line, (size_t)n) != n)
		fail(sock, "write", file, errno);
	close(fd);
}

/* ---- serving --------------------------------------------------------------- */

/* The next NUL-terminated string of a request's blob; exits on a
 * malformed one (pace and the agent are one binary: cannot happen). */
static char *next_string(char **p, const char *end)
{
	char *s = *p;
	size_t n = strnlen(s, (size_t)(end - s));

	if (s >= end)
		_exit(1);
	*p = s + n + 1;
	return s;
}

/* Reads one request; 1 at a clean end of file, 0 with *spec filled (its
 * vectors point into *blob and *vec, which the caller frees).  *vec holds
 * argv, NULL, env, NULL. */
static int read_request(int sock, struct pace_exec_spec *spec, char **blob,
			char ***vec)
{
	struct sbx_req q;
	char *p, *end, **v;
	int rc = pace_sbx_read(sock, &q, sizeof(q));

	if (rc == -EPIPE)
		return 1;
	if (rc || q.magic != SBX_MAGIC || !q.nargv)
		_exit(1);
	*blob = pace_xmalloc(q.blob_len + 1);
	if (pace_sbx_read(sock, *blob, q.blob_len))
		_exit(1);
	(*blob)[q.blob_len] = '\0';
	v = *vec = pace_xcalloc(q.nargv + q.nenv + 2, sizeof(char *));
	p = *blob;
	end = *blob + q.blob_len;
	memset(spec, 0, sizeof(*spec));
	for (uint32_t i = 0; i < q.nargv; i++)
		v[i] = next_string(&p, end);
	for (uint32_t i = 0; i < q.nenv; i++)
		v[q.nargv + 1 + i] = next_string(&p, end);
	spec->cwd = q.has_cwd ? next_string(&p, end) : NULL;
	spec->argv = v;
	spec->env = q.nenv ? v + q.nargv + 1 : NULL;
	spec->timeout_s = q.timeout_s;
	spec->kill_grace_s = q.kill_grace_s;
	spec->capture_limit = q.capture_limit;
	spec->max_output = q.max_output;
	spec->retries = q.retries;
	return 0;
}

_Noreturn void pace_sbx_serve(int in, int out)
{
	struct pace_capture cap = PACE_CAPTURE_INIT;
	int stop_base = stop_requests;

	on_stop_signal(count_stop);
	reply(out, 0, NULL, NULL, NULL); /* ready */
	for (;;) {
		struct pace_exec_spec spec;
		struct pace_error err = PACE_ERROR_INIT;
		struct pace_sample s;
		char *blob = NULL, **vec = NULL;
		int rc;

		/* PID 1 reaps whatever was orphaned in the namespace. */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (read_request(in, &spec, &blob, &vec))
			_exit(0);
		/* pace signals only once it sent this request, after the reply
		 * before it, whose base was taken before that reply went out. */
		spec.stop = &stop_requests;
		spec.stop_at = stop_base + 1;
		rc = pace_exec_run(&s, &cap, &spec, &err);
		stop_base = stop_requests;
		reply(out, rc, &s, &cap, rc ? pace_error_msg(&err) : NULL);
		pace_error_release(&err);
		free(blob);
		free(vec);
	}
}

_Noreturn static void pid1(const struct sbx_conf *c)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		fail(c->sock, "prctl", NULL, errno);
	build_root(c);
	loopback_up(c->sock);
	if (sethostname(c->hostname, strlen(c->hostname)))
		fail(c->sock, "set the hostname", c->hostname, errno);
	limits(c);
	pace_sbx_serve(c->sock, c->sock);
}

_Noreturn void pace_sandbox_agent(const struct sbx_conf *c)
{
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS |
		    CLONE_NEWIPC;
	const char *failed = NULL;
	int status, e;
	pid_t pid;

	sigset_t usr1;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != c->pace_pid)
		_exit(1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL); /* until each has its handler */
	/* Out of pace's process group: a ^C reaches pace, which stops the
	 * session itself after the current iteration. */
	setpgid(0, 0);
	if (c->sock > 3)
		close_range(3, (unsigned)c->sock - 1, 0);
	close_range((unsigned)c->sock + 1, ~0U, 0);
	if ((e = pace_cgroup_join(c->cg, &failed)) != 0)
		fail(c->sock, "join the cgroup", failed, -e);
	if (unshare(flags | (c->userns ? CLONE_NEWUSER : 0))) {
		e = errno;
		if (e == EPERM || e == EINVAL || e == ENOSPC)
			fail(c->sock, c->userns ?
			     "the sandbox executor needs root or unprivileged user "
			     "namespaces; unshare(CLONE_NEWUSER)" :
			     "unshare the namespaces", NULL, e);
		fail(c->sock, "unshare the namespaces", NULL, e);
	}
	if (c->userns) {
		int fd = open("/proc/self/setgroups", O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			if (write(fd, "deny", 4) != 4)
				fail(c->sock, "write", "/proc/self/setgroups", errno);
			close(fd);
		}
		write_map(c->sock, "/proc/self/uid_map", (unsigned)c->uid);
		write_map(c->sock, "/proc/self/gid_map", (unsigned)c->gid);
	}
	pid = fork();
	if (pid < 0)
		fail(c->sock, "fork the namespace's first process", NULL, errno);
	if (pid == 0)
		pid1(c);
	close(c->sock); /* B's end alone: its death is pace's end of file */
	pid1_pid = pid;
	on_stop_signal(pass_stop_on);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(1);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}
