/*
 * session.c - executor sessions (session.h): the local one, a thin wrapper
 * of pace_exec_run, and pace's side of the sandbox one: making the
 * cgroups, forking the agent (sandbox_agent.c), sending it commands,
 * reading back samples and output, noticing OOM kills, and stopping it.
 *
 * Invariant: a sandbox session that exists has a live agent or a `dead`
 * sentence; stopping it always reaps the agent and removes its cgroups.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec/docker.h"
#include "exec/sandbox.h"
#include "exec/session.h"

/* How long stop waits for the agent to leave on its own before SIGKILL. */
#define STOP_WAIT_MS 2000
/* Docker: how long past a command's time-out its reply may take. */
#define DOCKER_REPLY_GRACE_S 60.0

struct pace_exec_session {
	enum pace_executor kind;
	int sock;        /* pace's end; -1 once closed */
	pid_t agent;     /* process A; 0 once reaped */
	struct pace_cgroup cg;
	char *dead;      /* why the agent can no longer serve, or NULL */
	/* docker: the container (sock is then a copy of dk.sock, agent 0),
	 * what it is started from (dko points into own), and containers a
	 * down engine could not remove, tried again at stop. */
	struct pace_docker dk;
	struct pace_docker_opts dko;
	char *own[4];
	struct pace_strvec stale;
	int retries;     /* docker: engine retries not yet counted in a sample */
};

/* ---- the agent's life ------------------------------------------------------ */

/* Reaps the agent, waiting up to `ms` before SIGKILLing it.  Returns its
 * wait status. */
static int reap_agent(struct pace_exec_session *s, int ms)
{
	struct timespec step = {0, 1000000};
	int status = 0;

	for (int i = 0; s->agent; i++) {
		pid_t r = waitpid(s->agent, &status, i > ms ? 0 : WNOHANG);
		if (r == s->agent || (r < 0 && errno != EINTR)) {
			s->agent = 0;
			break;
		}
		if (r < 0)
			continue;
		if (i == ms)
			kill(s->agent, SIGKILL); /* its PID 1 follows (PDEATHSIG) */
		else
			nanosleep(&step, NULL);
	}
	return status;
}

/* The agent stopped answering: record why, once. */
static int mark_dead(struct pace_exec_session *s, int e, struct pace_error *err)
{
	if (!s->dead && s->kind == PACE_EXECUTOR_DOCKER) {
		char *why;
		pace_docker_stop_exec(&s->dk, STOP_WAIT_MS);
		s->sock = -1;
		why = pace_docker_exec_stderr(&s->dk);
		s->dead = pace_xasprintf("the docker agent died (%s%s)",
					 *why ? "docker exec: " : "",
					 *why ? why : e == -ETIMEDOUT ?
					 "no reply in time: the engine hangs" :
					 "end of file on its pipe");
		free(why);
	} else if (!s->dead) {
		int st;
		if (s->sock >= 0)
			close(s->sock);
		s->sock = -1;
		st = reap_agent(s, STOP_WAIT_MS);
		if (WIFSIGNALED(st))
			s->dead = pace_xasprintf("the sandbox agent died (killed by "
						 "signal %d, %s)", WTERMSIG(st),
						 strsignal(WTERMSIG(st)));
		else
			s->dead = pace_xasprintf("the sandbox agent died (%s)",
						 e == -EPIPE ? "end of file on its socket" :
						 strerror(-e));
	}
	return pace_error_set(err, PACE_EINTERNAL, "%s", s->dead);
}

/* Reads one reply; its strings go to cap (when given) and err. */
static int read_reply(struct pace_exec_session *s, struct sbx_reply *r,
		      struct pace_capture *cap, struct pace_error *err)
{
	struct pace_strbuf *dst[3] = {cap ? &cap->out : NULL, cap ? &cap->err : NULL, NULL};
	struct pace_strbuf msg = PACE_STRBUF_INIT;
	uint32_t len[3];
	int rc = pace_sbx_read(s->sock, r, sizeof(*r));

	if (!rc && r->magic != SBX_MAGIC)
		rc = -EPROTO;
	if (rc)
		return mark_dead(s, rc, err);
	len[0] = r->out_len;
	len[1] = r->err_len;
	len[2] = r->msg_len;
	dst[2] = &msg;
	for (int i = 0; i < 3 && !rc; i++) {
		char buf[65536];
		for (uint32_t done = 0; done < len[i] && !rc;) {
			uint32_t n = len[i] - done < sizeof(buf) ? len[i] - done : sizeof(buf);
			rc = pace_sbx_read(s->sock, buf, n);
			if (!rc && dst[i])
				pace_strbuf_add(dst[i], buf, n);
			done += n;
		}
	}
	if (rc) {
		pace_strbuf_release(&msg);
		return mark_dead(s, rc, err);
	}
	if (r->rc)
		rc = pace_error_set(err, r->rc, "%s", pace_strbuf_str(&msg));
	pace_strbuf_release(&msg);
	return rc;
}

static int start_sandbox(struct pace_exec_session *s,
			 const struct pace_exec_session_opts *o,
			 struct pace_error *err)
{
	struct sbx_conf c = {
		.root = o->root ? o->root : "/",
		.workdir = o->workdir,
		.hostname = o->hostname ? o->hostname : "pace-sandbox",
		.userns = geteuid() != 0,
		.uid = geteuid(),
		.gid = getegid(),
		.cg = &s->cg,
		.pids = o->limits.pids,
		.pace_pid = getpid(),
	};
	struct sbx_reply r = {0};
	unsigned rnd = 0;
	char name[64];
	int sv[2], rc;

	if (!o->workdir || o->workdir[0] != '/')
		return pace_error_set(err, PACE_EINTERNAL,
				      "the sandbox needs an absolute working directory");
	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned)pace_now_ns();
	snprintf(name, sizeof(name), "pace-sandbox-%d-%08x", (int)getpid(), rnd);
	rc = pace_cgroup_create(&s->cg, &o->limits, name, err);
	if (rc)
		return rc;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return pace_error_set(err, PACE_EINTERNAL,
				      "cannot start the sandbox: socketpair: %s",
				      strerror(errno));
	c.sock = sv[1];
	s->agent = fork();
	if (s->agent < 0) {
		rc = errno;
		close(sv[0]);
		close(sv[1]);
		s->agent = 0;
		return pace_error_set(err, PACE_EINTERNAL,
				      "cannot start the sandbox: fork: %s", strerror(rc));
	}
	if (s->agent == 0)
		pace_sandbox_agent(&c);
	close(sv[1]);
	s->sock = sv[0];
	rc = read_reply(s, &r, NULL, err);
	if (rc && s->dead && !r.rc)
		rc = pace_error_set(err, PACE_EINTERNAL,
				    "cannot start the sandbox: %s", s->dead);
	return rc;
}

static int send_request(struct pace_exec_session *s,
			const struct pace_exec_spec *spec, struct pace_error *err);
static int await_reply(struct pace_exec_session *s, double timeout_s,
		       struct pace_error *err);

/* ---- the docker session ----------------------------------------------------- */

/* Starts (or restarts) the container and waits for its agent's "ready". */
static int docker_up(struct pace_exec_session *s, int max_retries,
		     struct pace_error *err)
{
	struct sbx_reply r = {0};
	int retries = 0;
	int rc = pace_docker_start(&s->dk, &s->dko, max_retries, &retries, err);

	s->retries += retries;
	if (rc)
		return rc;
	s->sock = s->dk.sock;
	free(s->dead);
	s->dead = NULL;
	s->cg.oom_file = s->dk.oom_file;
	rc = read_reply(s, &r, NULL, err);
	if (rc && s->dead && !r.rc)
		rc = pace_error_set(err, PACE_EINTERNAL,
				    "cannot start the docker agent: %s", s->dead);
	return rc;
}

/* Ends the exec and removes the container; one that a down engine cannot
 * remove now is tried again at stop (`tries` retries now). */
static void docker_down(struct pace_exec_session *s, int tries)
{
	pace_docker_stop_exec(&s->dk, STOP_WAIT_MS);
	s->sock = -1;
	s->cg.oom_file = NULL; /* dk's */
	if (s->dk.name && pace_docker_remove(s->dk.name, tries))
		pace_strvec_push(&s->stale, s->dk.name);
	free(s->dk.name);
	s->dk.name = NULL;
}

static int start_docker(struct pace_exec_session *s,
			const struct pace_exec_session_opts *o,
			struct pace_error *err)
{
	const char *src[4] = {o->image, o->root, o->env_hash, o->workdir};

	if (!o->workdir || o->workdir[0] != '/')
		return pace_error_set(err, PACE_EINTERNAL,
				      "the docker executor needs an absolute working "
				      "directory");
	if (!o->image && !(o->root && o->env_hash))
		return pace_error_set(err, PACE_EUSAGE, "the docker executor needs an "
				      "image: an environment (environment: in the "
				      "suite) or environment.docker.baseImages");
	for (int i = 0; i < 4; i++)
		s->own[i] = src[i] ? pace_xstrdup(src[i]) : NULL;
	s->dko = (struct pace_docker_opts){
		.image = s->own[0], .env_root = s->own[1], .env_hash = s->own[2],
		.workdir = s->own[3], .limits = o->limits};
	return docker_up(s, PACE_DOCKER_RETRIES, err);
}

/* The agent died under a command (the engine went away): a new container,
 * up to PACE_DOCKER_RETRIES times with the backoff, and the command again.
 * Returns 0 with the reply in *r, or the session stays dead. */
static int docker_again(struct pace_exec_session *s, struct sbx_reply *r,
			struct pace_capture *cap, const struct pace_exec_spec *spec,
			struct pace_error *err)
{
	char *first = pace_xstrdup(s->dead);
	int rc = PACE_EINTERNAL;

	for (int i = 0; i < PACE_DOCKER_RETRIES && rc; i++) {
		docker_down(s, 0);
		pace_docker_wait(i);
		s->retries++;
		pace_error_release(err);
		rc = docker_up(s, 0, err);
		if (!rc)
			rc = send_request(s, spec, err);
		if (!rc)
			rc = await_reply(s, spec->timeout_s, err);
		if (!rc)
			rc = read_reply(s, r, cap, err);
	}
	if (rc) {
		char *last = pace_xstrdup(pace_error_msg(err));
		free(s->dead);
		s->dead = pace_xasprintf("%s; %d restarts failed, the last: %s", first,
					 PACE_DOCKER_RETRIES, last);
		free(last);
		docker_down(s, 0);
		rc = pace_error_set(err, PACE_EINTERNAL, "%s", s->dead);
	}
	free(first);
	return rc;
}

int pace_exec_session_start(struct pace_exec_session **out,
			    const struct pace_exec_session_opts *o,
			    struct pace_error *err)
{
	struct pace_exec_session *s = pace_xcalloc(1, sizeof(*s));
	int rc = 0;

	s->kind = o->kind == PACE_EXECUTOR_DEFAULT ? PACE_EXECUTOR_LOCAL : o->kind;
	s->sock = -1;
	s->dk = (struct pace_docker)PACE_DOCKER_INIT;
	*out = NULL;
	if (s->kind == PACE_EXECUTOR_DOCKER)
		rc = start_docker(s, o, err);
	else if (s->kind == PACE_EXECUTOR_SANDBOX)
		rc = start_sandbox(s, o, err);
	if (rc) {
		pace_exec_session_stop(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* ---- one command ------------------------------------------------------------ */

static void add_strings(struct pace_strbuf *blob, char *const *v, uint32_t *n)
{
	for (*n = 0; v && v[*n]; (*n)++)
		pace_strbuf_add(blob, v[*n], strlen(v[*n]) + 1);
}

static int send_request(struct pace_exec_session *s,
			const struct pace_exec_spec *spec, struct pace_error *err)
{
	struct pace_strbuf blob = PACE_STRBUF_INIT;
	struct sbx_req q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.magic = SBX_MAGIC;
	add_strings(&blob, spec->argv, &q.nargv);
	add_strings(&blob, spec->env, &q.nenv);
	if (spec->cwd) {
		q.has_cwd = 1;
		pace_strbuf_add(&blob, spec->cwd, strlen(spec->cwd) + 1);
	}
	q.blob_len = (uint32_t)blob.len;
	q.timeout_s = spec->timeout_s;
	q.kill_grace_s = spec->kill_grace_s;
	q.capture_limit = spec->capture_limit;
	q.max_output = spec->max_output;
	q.retries = spec->retries;
	rc = pace_sbx_write(s->sock, &q, sizeof(q));
	if (!rc)
		rc = pace_sbx_write(s->sock, blob.buf, blob.len);
	pace_strbuf_release(&blob);
	return rc ? mark_dead(s, rc, err) : 0;
}

/* Docker: waits for the reply to start, at most the command's time-out
 * and DOCKER_REPLY_GRACE_S more (its agent enforces the time-out inside),
 * so that an engine that hangs is a death to retry, not a hung run. */
static int await_reply(struct pace_exec_session *s, double timeout_s,
		       struct pace_error *err)
{
	int64_t end = pace_now_ns() + (int64_t)((timeout_s + DOCKER_REPLY_GRACE_S) * 1e9);
	struct pollfd p = {.fd = s->sock, .events = POLLIN};

	if (s->kind != PACE_EXECUTOR_DOCKER || timeout_s <= 0)
		return 0;
	for (;;) {
		int64_t left = end - pace_now_ns();
		int n = left > 0 ? poll(&p, 1, (int)(left / 1000000) + 1) : 0;
		if (n > 0)
			return 0;
		if (n == 0)
			return mark_dead(s, -ETIMEDOUT, err);
		if (errno != EINTR)
			return mark_dead(s, -errno, err);
	}
}

/* Waits for the agent's reply, passing a stop request (exec.h: stop,
 * stop_at) on to it as SIGUSR1 (sandbox_agent.c), again at each raise.
 * A docker session's agent is behind `docker exec`, which would die of
 * the signal rather than pass it on: there the command runs to its end
 * (or time-out), and the wait ends at the docker deadline (await_reply). */
static void wait_reply(struct pace_exec_session *s, const struct pace_exec_spec *spec)
{
	int64_t end = s->kind == PACE_EXECUTOR_DOCKER && spec->timeout_s > 0
		? pace_now_ns() + (int64_t)((spec->timeout_s + DOCKER_REPLY_GRACE_S) * 1e9) : 0;
	int passed = 0;

	if (!spec->stop || spec->stop_at <= 0)
		return;
	for (;;) {
		struct pollfd p = {.fd = s->sock, .events = POLLIN};
		int n = *spec->stop, rc;

		if (n >= spec->stop_at && n > passed && s->kind != PACE_EXECUTOR_DOCKER) {
			kill(s->agent, SIGUSR1);
			passed = n;
		}
		if (end && pace_now_ns() >= end)
			return;
		rc = poll(&p, 1, 100);
		if (rc > 0 || (rc < 0 && errno != EINTR))
			return;
	}
}

int pace_exec_session_run(struct pace_exec_session *s, struct pace_sample *sample,
			  struct pace_capture *cap, const struct pace_exec_spec *spec,
			  struct pace_error *err)
{
	struct sbx_reply r;
	int64_t oom0, oom1;
	int rc;

	if (s->kind == PACE_EXECUTOR_LOCAL)
		return pace_exec_run(sample, cap, spec, err);
	if (s->dead)
		return pace_error_set(err, PACE_EINTERNAL, "%s", s->dead);
	if (cap) {
		pace_strbuf_reset(&cap->out);
		pace_strbuf_reset(&cap->err);
	}
	oom0 = pace_cgroup_oom_kills(&s->cg);
	rc = send_request(s, spec, err);
	if (!rc) {
		wait_reply(s, spec);
		rc = await_reply(s, spec->timeout_s, err);
	}
	if (!rc)
		rc = read_reply(s, &r, cap, err);
	if (rc && s->dead && s->kind == PACE_EXECUTOR_DOCKER)
		rc = docker_again(s, &r, cap, spec, err);
	if (rc)
		return rc;
	*sample = r.sample;
	sample->retries += s->retries;
	s->retries = 0;
	oom1 = pace_cgroup_oom_kills(&s->cg);
	if (oom0 >= 0 && oom1 > oom0) {
		sample->oom_killed = true;
		sample->fail = PACE_FAIL_MEMORY;
	}
	return 0;
}

const char *pace_exec_session_dead(const struct pace_exec_session *s)
{
	return s ? s->dead : NULL;
}

int pace_exec_session_docker_info(const struct pace_exec_session *s,
				  struct pace_exec_docker_info *out)
{
	*out = (struct pace_exec_docker_info){0};
	if (!s || s->kind != PACE_EXECUTOR_DOCKER)
		return -1;
	out->image = s->dk.image;
	out->image_id = s->dk.image_id;
	out->engine = s->dk.engine;
	return 0;
}

void pace_exec_session_container_stats(const struct pace_exec_session *s,
				       int64_t *mem_peak, int64_t *cpu_ns)
{
	*mem_peak = *cpu_ns = -1;
	if (s && s->kind == PACE_EXECUTOR_DOCKER)
		pace_docker_stats(&s->dk, mem_peak, cpu_ns);
}

void pace_exec_session_stop(struct pace_exec_session *s)
{
	if (!s)
		return;
	if (s->kind == PACE_EXECUTOR_DOCKER) {
		docker_down(s, PACE_DOCKER_RETRIES);
		for (size_t i = 0; i < s->stale.n; i++)
			pace_docker_remove(s->stale.v[i], PACE_DOCKER_RETRIES);
		pace_strvec_release(&s->stale);
		pace_docker_release(&s->dk, STOP_WAIT_MS);
		for (int i = 0; i < 4; i++)
			free(s->own[i]);
	}
	if (s->sock >= 0)
		close(s->sock); /* the agent's end of file: it exits */
	if (s->agent)
		reap_agent(s, STOP_WAIT_MS);
	pace_cgroup_destroy(&s->cg);
	free(s->dead);
	free(s);
}
