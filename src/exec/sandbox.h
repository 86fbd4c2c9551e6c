/*
 * sandbox.h - what the sandbox's two halves share (private to exec/): the
 * agent's start-up parameters and the wire format of its socket.
 *
 * The agent is a fork of pace, never an exec, so both ends are the same
 * binary and plain structs cross the socket as they are.  A message is a
 * fixed header followed by the byte strings its lengths announce:
 *   request: struct sbx_req, then argv strings, env strings and the cwd,
 *            each NUL-terminated (blob_len bytes in all);
 *   reply:   struct sbx_reply, then out_len bytes of stdout, err_len of
 *            stderr and msg_len of error message.
 * The first reply, before any request, says whether the agent is ready
 * (rc 0) or why it could not start (rc < 0 and a message).
 */
#ifndef PACE_EXEC_SANDBOX_H
#define PACE_EXEC_SANDBOX_H

#include <stdint.h>
#include <sys/types.h>

#include "exec/cgroup.h"
#include "model.h"

#define SBX_MAGIC 0x70616365u /* "pace" */

struct sbx_req {
	uint32_t magic;
	uint32_t nargv, nenv;
	uint32_t has_cwd;
	uint32_t blob_len;
	int32_t retries;
	double timeout_s, kill_grace_s;
	int64_t capture_limit, max_output;
};

struct sbx_reply {
	uint32_t magic;
	int32_t rc;
	struct pace_sample sample;
	uint32_t out_len, err_len, msg_len;
};

struct sbx_conf {
	int sock;             /* the agent's end of the socketpair */
	pid_t pace_pid;       /* to notice a parent that died before prctl */
	const char *root;     /* "/" for the host's */
	const char *workdir;  /* absolute, bind-mounted read-write */
	const char *hostname;
	bool userns;          /* not root: map ourselves to root in a user ns */
	uid_t uid;
	gid_t gid;
	const struct pace_cgroup *cg;
	int64_t pids;         /* RLIMIT_NPROC too, when set */
};

/* In the forked child: joins the cgroups, enters the namespaces, becomes
 * (through one more fork) PID 1 there, builds the root, and serves
 * requests until the socket closes.  Never returns. */
_Noreturn void pace_sandbox_agent(const struct sbx_conf *c);

/* Answers requests read from `in` with replies on `out` (the same socket
 * in the sandbox; the docker agent's stdin and stdout, src/exec/agent.c)
 * until end of file: first the "ready" reply, then per request one
 * pace_exec_run.  Never returns. */
_Noreturn void pace_sbx_serve(int in, int out);

/* Whole-buffer I/O on the socket: 0, or -errno (-EPIPE at end of file). */
int pace_sbx_write(int fd, const void *buf, size_t n);
int pace_sbx_read(int fd, void *buf, size_t n);

#endif
