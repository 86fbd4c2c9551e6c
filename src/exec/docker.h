/*
 * docker.h - the docker executor's containers (private to exec/; the
 * session in session.c drives them).  One container per test x variant:
 *
 *   docker run -d --network none [--cpus C] [--memory M --memory-swap M]
 *     [--memory-reservation R] [--pids-limit N]
 *     -v AGENT:/.pace/pace-agent:ro -v SPAWN:/.pace/pace-spawn:ro
 *     -v WORKDIR:WORKDIR -w WORKDIR --entrypoint /.pace/pace-agent IMAGE idle
 *   docker exec -i CONTAINER /.pace/pace-agent serve
 *
 * and the exec's stdin and stdout are one end of a socketpair whose other
 * end pace keeps: the sandbox agent's wire (sandbox.h) over the docker CLI.
 * The CLI processes run in their own process group, so a ^C reaches pace
 * alone, which then removes the container itself.
 *
 * The engine is the one the docker CLI talks to (DOCKER_HOST, else its
 * default socket).  Engine errors that may pass (a daemon that is down or
 * restarting, a time-out) are retried with the backoff of
 * pace_docker_backoff; an image that is missing or a container the engine
 * refuses is an error at once.
 */
#ifndef PACE_EXEC_DOCKER_H
#define PACE_EXEC_DOCKER_H

#include <sys/types.h>

#include "model.h"

/* Retries of an engine error, and the wait before each (seconds). */
#define PACE_DOCKER_RETRIES 3

struct pace_docker_opts {
	const char *image;    /* an existing image; NULL: the environment's */
	const char *env_root; /* the environment's root filesystem ... */
	const char *env_hash; /* ... and hash: imported as pace-env:HASH */
	const char *workdir;  /* absolute; bound read-write at its own path */
	struct pace_limits limits;
};

struct pace_docker {
	char *name;       /* the container's name; NULL when none exists */
	char *image;      /* the image as named (tag) */
	char *image_id;   /* sha256:... */
	char *engine;     /* the engine's version */
	char *oom_file;   /* the container's memory cgroup OOM counter, or NULL */
	char *peak_file;  /* its peak memory (v1 max_usage_in_bytes, v2 peak) */
	char *cpu_file;   /* its CPU time (v1 cpuacct.usage, v2 cpu.stat) */
	bool cpu_v2;
	int sock;         /* pace's end of the exec's stdin/stdout; -1 none */
	pid_t exec_pid;   /* the `docker exec` CLI; 0 none */
	int exec_err;     /* the exec's stderr (an unlinked file); -1 none */
};
#define PACE_DOCKER_INIT {NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, -1, 0, -1}

/* The wait before retry i (0-based) in seconds: 1, 5, 10, or what
 * $PACE_DOCKER_BACKOFF lists ("0.1,0.1,0.1": tests that kill the daemon
 * on purpose). */
double pace_docker_backoff(int i);
/* Sleeps pace_docker_backoff(i) seconds. */
void pace_docker_wait(int i);

/* Starts the container and its agent's exec (retrying engine errors up
 * to max_retries times; *retries counts the retries made).  On error
 * nothing is left (the container is removed, or its removal retried) and
 * the message says what failed. */
int pace_docker_start(struct pace_docker *d, const struct pace_docker_opts *o,
		      int max_retries, int *retries, struct pace_error *err);

/* docker rm -f NAME, retrying engine errors; 0 when it is gone. */
int pace_docker_remove(const char *name, int retries);

/* Closes the pipe and waits for the exec (SIGKILL after `ms`); the
 * container stays. */
void pace_docker_stop_exec(struct pace_docker *d, int ms);

/* What the exec's CLI wrote on stderr (its last line), for a message when
 * the agent died; "" when nothing.  The caller frees. */
char *pace_docker_exec_stderr(struct pace_docker *d);

/* The container's own cgroup figures so far: peak memory (bytes) and CPU
 * time (ns) of everything that ran in it; -1 each when unknown. */
void pace_docker_stats(const struct pace_docker *d, int64_t *mem_peak, int64_t *cpu_ns);

/* Closes the pipe, waits for the exec (SIGKILL after `ms`), removes the
 * container (docker rm -f) and frees d's contents; d is then as INIT. */
void pace_docker_release(struct pace_docker *d, int ms);

#endif
