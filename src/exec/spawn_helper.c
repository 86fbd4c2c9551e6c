/*
 * spawn_helper.c - pace-spawn, the tiny program the local executor starts
 * a measured command through, so that the command's peak RSS is its own.
 *
 * Why: Linux carries the high-water mark of the address space a process
 * leaves at execve into its rusage (ru_maxrss).  posix_spawn from pace
 * runs the child in pace's address space up to execve, so every sample's
 * max_rss was at least pace's own (3.6 MiB for `true`, which needs 1).
 * This program is small and static, and its child is a new process whose
 * address space before execve is this program's: a few hundred KiB,
 * below any dynamically linked command's own.
 *
 *   pace-spawn CMD [ARG...]      (fd 3: pace's report pipe)
 *
 * It clones the command with CLONE_PARENT (so pace is its parent: pace
 * watches it with a pidfd, reads /proc/PID/io of its zombie and reaps it
 * with wait4, exactly as before) and CLONE_VM | CLONE_VFORK (no copy of
 * anything, and the clone returns once the command has exec'd or failed
 * to).  It reads CLOCK_MONOTONIC just before the clone: that is the start
 * of the command's wall time, so this program's own start-up is outside
 * the timed region.  Then it writes {t0, pid, errno} to fd 3 and exits.
 * Process group, signal mask, signal dispositions, descriptors, directory
 * and environment were set by pace's posix_spawn of this program and are
 * inherited by the command.
 *
 * Then it stays, asleep, as the group's guard: should pace die (SIGKILL,
 * a crash), PR_SET_PDEATHSIG wakes it and it SIGKILLs the whole process
 * group, so nothing of the command outlives pace.  pace SIGKILLs and
 * reaps it once the command is reaped.  The command itself also dies with
 * pace (its own PR_SET_PDEATHSIG), even if it left the group.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "exec/spawn_helper.h"

#define STACK_SIZE (256 * 1024)

static char child_stack[STACK_SIZE] __attribute__((aligned(16)));

struct child {
	char **argv;
	volatile int err; /* shared (CLONE_VM): the errno of a failed exec */
};

static int child_main(void *arg)
{
	struct child *c = arg;

	prctl(PR_SET_PDEATHSIG, SIGKILL); /* pace is the parent (CLONE_PARENT) */
	execvp(c->argv[0], c->argv);
	c->err = errno ? errno : ENOEXEC;
	_exit(127);
}

/* pace died: take the command's whole group (this one included) along. */
static void on_pace_death(int sig)
{
	(void)sig;
	kill(0, SIGKILL);
}

/* Sleeps until pace SIGKILLs this process, or dies; see the top. */
_Noreturn static void guard(pid_t pace)
{
	struct sigaction sa = {.sa_handler = on_pace_death};

	/* the pipes' EOF must not wait for this process */
	close_range(0, PACE_SPAWN_REPORT_FD, 0);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGUSR2) || getppid() != pace)
		on_pace_death(0); /* pace is already gone */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	struct pace_spawn_report rep = {0, -1, 0, 0};
	struct child c = {argv + 1, 0};
	struct timespec ts;
	pid_t pace = getppid(); /* for the guard: whose death ends the group */
	ssize_t n;

	if (argc < 2)
		return 2;
	/* The report pipe must not leak into the command. */
	if (fcntl(PACE_SPAWN_REPORT_FD, F_SETFD, FD_CLOEXEC) < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	rep.pid = clone(child_main, child_stack + STACK_SIZE,
			CLONE_PARENT | CLONE_VM | CLONE_VFORK, &c);
	rep.t0_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	rep.err = rep.pid < 0 ? errno : c.err;
	do
		n = write(PACE_SPAWN_REPORT_FD, &rep, sizeof(rep));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(rep))
		return 2;
	if (rep.err)
		return 0; /* nothing runs: nothing to guard */
	guard(pace);
}
