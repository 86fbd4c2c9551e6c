/*
 * build.c - pace_env_ensure: reuse an environment's build, or make it.
 * A build runs debootstrap into CACHE/.tmp-<hash>-<pid>/root, records the
 * installed packages (dpkg-query) in manifest.json beside it, then renames
 * the directory to CACHE/<hash> in one step, so a reader sees a whole
 * environment or none.  The lock file CACHE/.<hash>.lock is held for all
 * of it: a second pace wanting the same build waits and then finds it.
 * When debootstrap fails, or the caller's stop flag is raised (SIGINT,
 * SIGTERM), debootstrap's process group is killed, whatever it left
 * mounted in the temporary root is unmounted and the directory removed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "env/env_priv.h"

#define TAIL_LINES 6 /* of debootstrap's output, for a failure's message */

static void progress(const struct pace_env_opts *o, const char *step)
{
	if (o->progress)
		o->progress(step, o->progress_data);
}

static bool stopped(const struct pace_env_opts *o)
{
	return o->stop && *o->stop;
}

/* The mount points at or below dir (from /proc/self/mountinfo), deepest
 * last, so that unmounting them in reverse order works. */
static void mounts_below(const char *dir, struct pace_strvec *out)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	struct pace_error ignored = PACE_ERROR_INIT;
	size_t n = strlen(dir);
	char *save = NULL;

	if (!pace_read_file("/proc/self/mountinfo", &text, &ignored) && text.len)
		for (char *l = strtok_r(text.buf, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			char mp[4096];
			/* id parent major:minor root mountpoint ... */
			if (sscanf(l, "%*s %*s %*s %*s %4095s", mp) == 1 &&
			    !strncmp(mp, dir, n) && (mp[n] == '/' || !mp[n]))
				pace_strvec_push(out, mp);
		}
	pace_strbuf_release(&text);
	pace_error_release(&ignored);
}

void pace_env_discard(const char *dir)
{
	struct pace_strvec mps = PACE_STRVEC_INIT;
	struct pace_error ignored = PACE_ERROR_INIT;

	mounts_below(dir, &mps);
	for (size_t i = mps.n; i-- > 0;)
		umount2(mps.v[i], MNT_DETACH);
	pace_remove_tree(dir, &ignored);
	pace_strvec_release(&mps);
	pace_error_release(&ignored);
}

/* Keeps the last TAIL_LINES lines that are not progress ("I: ..."). */
static void keep_tail(struct pace_strvec *tail, const char *line)
{
	if (tail->n == TAIL_LINES) {
		free(tail->v[0]);
		memmove(tail->v, tail->v + 1, (tail->n - 1) * sizeof(*tail->v));
		tail->v[--tail->n] = NULL;
	}
	pace_strvec_push(tail, line);
}

/* Splits what arrived into lines: progress for "I: ", the tail otherwise. */
static void take_lines(struct pace_strbuf *pending, const struct pace_env_opts *o,
		       struct pace_strvec *tail)
{
	char *start = pending->buf, *nl;
	size_t used;

	while (start && (nl = memchr(start, '\n', pending->len - (size_t)(start - pending->buf)))) {
		*nl = '\0';
		if (!strncmp(start, "I: ", 3))
			progress(o, start + 3);
		else if (*start)
			keep_tail(tail, start);
		start = nl + 1;
	}
	if (!start)
		return;
	used = (size_t)(start - pending->buf);
	memmove(pending->buf, start, pending->len - used);
	pending->len -= used;
	pending->buf[pending->len] = '\0';
}

/* Starts argv in its own process group (so a terminal's Ctrl-C reaches
 * pace, which then stops it) with stdout and stderr on *fd; it is killed
 * if pace dies. */
static pid_t start(char *const *argv, int *fd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (null >= 0)
			dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0)
		close(p[0]);
	else
		setpgid(pid, pid); /* also here: no race with kill(-pid) */
	*fd = p[0];
	return pid;
}

/* TERM to the group, KILL after a grace period; reaps pid. */
static int stop_group(pid_t pid)
{
	int status = 0;

	kill(-pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			kill(-pid, SIGKILL); /* what it left of its group */
			return status;
		}
		usleep(100 * 1000);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Reads pid's output until it ends (or a stop), then reaps it. */
static int follow(pid_t pid, int fd, const struct pace_env_opts *o,
		  struct pace_strvec *tail, bool *interrupted)
{
	struct pace_strbuf pending = PACE_STRBUF_INIT;
	int status = 0;

	for (;;) {
		struct pollfd pfd = {fd, POLLIN, 0};
		char buf[4096];
		ssize_t got;

		if (stopped(o)) {
			*interrupted = true;
			status = stop_group(pid);
			break;
		}
		if (poll(&pfd, 1, 200) <= 0)
			continue;
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		pace_strbuf_add(&pending, buf, (size_t)got);
		take_lines(&pending, o, tail);
	}
	if (pending.len)
		keep_tail(tail, pending.buf);
	if (!*interrupted)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	close(fd);
	pace_strbuf_release(&pending);
	return status;
}

static void debootstrap_argv(const struct pace_env_def *def, const char *prog,
			     const char *root, struct pace_strvec *argv)
{
	pace_strvec_push(argv, prog);
	pace_strvec_push(argv, "--variant=minbase");
	if (def->packages.n) {
		struct pace_strbuf inc = PACE_STRBUF_INIT;
		for (size_t i = 0; i < def->packages.n; i++)
			pace_strbuf_addf(&inc, "%s%s", i ? "," : "", def->packages.v[i]);
		pace_strvec_pushf(argv, "--include=%s", inc.buf);
		pace_strbuf_release(&inc);
	}
	pace_strvec_push(argv, def->distribution);
	pace_strvec_push(argv, root);
	pace_strvec_push(argv, def->mirror);
}

int pace_env_debootstrap(const struct pace_env_def *def, const char *root,
			 const struct pace_env_opts *o, struct pace_error *err)
{
	struct pace_strvec argv = PACE_STRVEC_INIT, tail = PACE_STRVEC_INIT;
	const char *prog = o->debootstrap ? o->debootstrap : "debootstrap";
	bool interrupted = false;
	int fd, status = 0, rc = 0;
	pid_t pid;

	debootstrap_argv(def, prog, root, &argv);
	pid = start(argv.v, &fd);
	if (pid < 0)
		rc = pace_error_set(err, PACE_EINTERNAL, "cannot start '%s': %s",
				    prog, strerror(errno));
	else
		status = follow(pid, fd, o, &tail, &interrupted);
	if (!rc && interrupted)
		rc = pace_error_set(err, PACE_EINTERNAL, "environment build "
				    "interrupted: removed what debootstrap made");
	else if (!rc && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		struct pace_strbuf why = PACE_STRBUF_INIT;
		for (size_t i = 0; i < tail.n; i++)
			pace_strbuf_addf(&why, "%s%s", i ? "; " : "", tail.v[i]);
		rc = pace_error_set(err, PACE_EUSAGE, "debootstrap failed (%s %d)%s%s",
				    WIFEXITED(status) ? "exit code" : "signal",
				    WIFEXITED(status) ? WEXITSTATUS(status)
						      : WTERMSIG(status),
				    why.len ? ": " : "", pace_strbuf_str(&why));
		pace_strbuf_release(&why);
	}
	pace_strvec_release(&argv);
	pace_strvec_release(&tail);
	return rc;
}
