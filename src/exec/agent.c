/*
 * agent.c - pace-agent, the docker executor's program inside a container
 * (docs/environments.md, "The docker executor").  Static and libc only, so
 * that it runs in any image; pace bind-mounts it read-only at
 * /.pace/pace-agent, beside pace-spawn.
 *
 *   pace-agent idle   the container's PID 1: it only reaps orphans (a
 *                     command's daemonised grandchildren end up here) and
 *                     leaves on SIGTERM; `docker rm -f` SIGKILLs it.
 *   pace-agent serve  started by one long-lived `docker exec -i`: the
 *                     sandbox agent's serving loop (pace_sbx_serve,
 *                     sandbox.h) on stdin and stdout, so a sample is taken
 *                     inside the container by the same pace_exec_run as
 *                     the local executor's, and the docker CLI and daemon
 *                     that carry the request and the reply stay outside
 *                     the timed region.  It leaves at end of file.
 *
 * Both ends are built from the same sources (the wire's structs are the
 * same), which the protocol's magic number checks only loosely: pace and
 * its pace-agent come from one build.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec/sandbox.h"

static void on_chld(int sig)
{
	(void)sig; /* only wakes pause() */
}

static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

_Noreturn static void idle(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	/* PID 1 of a PID namespace ignores signals it has no handler for:
	 * `docker stop` must still end it at once. */
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		pause();
	}
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "idle"))
		idle();
	if (argc == 2 && !strcmp(argv[1], "serve")) {
		/* pace gone: the write fails with EPIPE and the agent leaves. */
		signal(SIGPIPE, SIG_IGN);
		pace_sbx_serve(0, 1);
	}
	if (write(2, "usage: pace-agent idle|serve (run by pace's docker executor)\n",
		  61) < 0)
		return 2;
	return 2;
}
