/*
 * session.h - the executor interface the runner uses (DESIGN.md §1, exec/):
 * one session per test x variant, started before its setup hooks and
 * stopped after its teardown, that runs any number of commands.
 *
 *   local:   a session is nothing; each command is pace_exec_run (exec.h).
 *   sandbox: the session is an agent process inside fresh mount, PID,
 *            network, UTS and IPC namespaces, in the test's cgroups, rooted
 *            in the environment's root filesystem (the host's "/" without
 *            one), read-only except for the variant's working directory.
 *            Each command is sent to it and run there by the same
 *            pace_exec_run, so timing, rusage and /proc/PID/io are taken as
 *            the local executor takes them, inside; the request and the
 *            reply (the executor's own cost) are outside the timed region.
 *            Stopping the agent ends the PID namespace, which kills every
 *            process left in it, and removes the cgroups.
 *   docker:  the session is a container (docker.h) started from an image,
 *            with the variant's working directory bound read-write and
 *            the limits as docker's resources, and in it the same agent
 *            loop as the sandbox's (pace-agent, agent.c) behind one
 *            `docker exec -i`: timing happens inside the container.  An
 *            agent that dies (the daemon went away) is restarted in a new
 *            container with the retry policy of docker.h, and the command
 *            run again; the retries count in the sample.  Stopping removes
 *            the container.
 *
 * See docs/measurement.md, "The sandbox executor", for what is isolated.
 */
#ifndef PACE_EXEC_SESSION_H
#define PACE_EXEC_SESSION_H

#include "exec/exec.h"
#include "model.h"

struct pace_exec_session_opts {
	enum pace_executor kind; /* LOCAL, SANDBOX or DOCKER (DEFAULT = LOCAL) */
	const char *root;        /* root filesystem; NULL: the host's "/" */
	const char *workdir;     /* the one writable directory (absolute);
				  * sandbox only, required there */
	struct pace_limits limits; /* sandbox and docker; fields < 0 unset */
	const char *hostname;    /* NULL: "pace-sandbox" */
	const char *env_hash;    /* docker: the environment (root) is imported
				  * as the image pace-env:HASH */
	const char *image;       /* docker: an existing image instead */
};

struct pace_exec_session;

/* Starts a session into *out.  A sandbox that cannot be made (no root and
 * no user namespaces, a missing cgroup controller, a mount refused) is an
 * error whose message says which; nothing is left behind then. */
int pace_exec_session_start(struct pace_exec_session **out,
			    const struct pace_exec_session_opts *o,
			    struct pace_error *err);

/* Runs one command in the session, with pace_exec_run's contract (exec.h).
 * Besides, a sandbox sample whose tree the kernel's OOM killer hit in the
 * test's memory cgroup has oom_killed set and fail PACE_FAIL_MEMORY.  A
 * session whose agent died returns PACE_EINTERNAL with a message saying
 * so, now and for every later command (see pace_exec_session_dead). */
int pace_exec_session_run(struct pace_exec_session *s, struct pace_sample *sample,
			  struct pace_capture *cap, const struct pace_exec_spec *spec,
			  struct pace_error *err);

/* Why the session can no longer run commands (its agent died), or NULL:
 * the runner fails that test x variant with this sentence and goes on. */
const char *pace_exec_session_dead(const struct pace_exec_session *s);

/* A docker session's image, image id and engine version (NULL when not
 * a docker session), for the run's records. */
struct pace_exec_docker_info {
	const char *image, *image_id, *engine;
};
int pace_exec_session_docker_info(const struct pace_exec_session *s,
				  struct pace_exec_docker_info *out);

/* A docker session's container figures from its cgroup (peak memory in
 * bytes, CPU time in ns, of everything that ran in the container, hooks
 * included); -1 when not a docker session or unknown. */
void pace_exec_session_container_stats(const struct pace_exec_session *s,
				       int64_t *mem_peak, int64_t *cpu_ns);

/* The id of docker image `image` in the engine the docker CLI talks to
 * (DOCKER_HOST): 0 with *id set (the caller frees), 1 when the engine
 * has no such image, < 0 when no engine answers (the message says why).
 * An environment's image is named pace_exec_docker_env_image(HASH). */
int pace_exec_docker_image_id(const char *image, char **id, struct pace_error *err);
char *pace_exec_docker_env_image(const char *hash);

/* Stops the agent (every process in its namespaces dies), removes the
 * cgroups and frees s.  NULL ok. */
void pace_exec_session_stop(struct pace_exec_session *s);

#endif
