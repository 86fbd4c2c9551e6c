/*
 * docker.c - the docker executor's containers (docker.h): finding or
 * importing the image, starting the container and the agent's long-lived
 * `docker exec`, reading the container's OOM counter, removing it.
 *
 * Everything goes through the docker CLI (so DOCKER_HOST and the CLI's
 * own configuration are honoured), each call run by pace_exec_run with a
 * time-out, in its own process group.  Invariant: once pace_docker_start
 * created a container, every path out of it either hands back a running
 * container with its exec or removes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec/docker.h"
#include "exec/exec.h"
#include "exec/session.h"

extern char **environ;

/* CLI calls that talk to the engine; an import copies a whole root. */
#define CLI_TIMEOUT_S 120.0
#define IMPORT_TIMEOUT_S 1800.0
/* Inside every container: the agent and pace-spawn, read-only. */
#define AGENT_IN "/.pace/pace-agent"
#define SPAWN_IN "/.pace/pace-spawn"
/* The PATH commands get, as in the sandbox (env.h, PACE_ENV_PATH). */
#define CONTAINER_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static void sleep_s(double s)
{
	struct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};

	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

double pace_docker_backoff(int i)
{
	static const double def[PACE_DOCKER_RETRIES] = {1, 5, 10};
	const char *env = getenv("PACE_DOCKER_BACKOFF");
	double d = i < PACE_DOCKER_RETRIES ? def[i] : def[PACE_DOCKER_RETRIES - 1];

	for (int k = 0; env && *env; k++) {
		char *end;
		double v = strtod(env, &end);
		if (end == env || v < 0)
			break;
		if (k == i)
			return v;
		d = v; /* a shorter list repeats its last wait */
		env = *end == ',' ? end + 1 : end;
		if (!*end)
			break;
	}
	return d;
}

void pace_docker_wait(int i)
{
	sleep_s(pace_docker_backoff(i));
}

/* ---- the CLI ---------------------------------------------------------------- */

struct cli {
	int status;            /* exit code; -1 when it did not run or finish */
	bool timed_out, missing;
	struct pace_capture cap;
};
#define CLI_INIT {-1, false, false, PACE_CAPTURE_INIT}

static int run_cli(struct cli *c, char *const *argv, double timeout,
		   struct pace_error *err)
{
	struct pace_exec_spec spec = {
		.argv = argv, .timeout_s = timeout, .kill_grace_s = 2,
		.capture_limit = 1 << 16, .max_output = 1 << 24, .retries = 2};
	struct pace_sample s;
	int rc = pace_exec_run(&s, &c->cap, &spec, err);

	if (rc)
		return rc;
	c->status = s.signal ? -1 : s.exit_code;
	c->timed_out = s.fail == PACE_FAIL_TIMEOUT;
	c->missing = s.fail == PACE_FAIL_SPAWN;
	return 0;
}

/* The CLI's last non-empty stderr line (its error), trimmed. */
static char *cli_error(const struct cli *c)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	const char *e = pace_strbuf_str(&c->cap.err);
	size_t n = c->cap.err.len;

	while (n && (e[n - 1] == '\n' || e[n - 1] == ' '))
		n--;
	size_t start = n;
	while (start && e[start - 1] != '\n')
		start--;
	if (n > start)
		pace_strbuf_add(&b, e + start, n - start);
	else
		pace_strbuf_addf(&b, "exit code %d", c->status);
	return pace_strbuf_detach(&b);
}

/* Whether a failed call is the engine's passing trouble, worth a retry. */
static bool retryable(const struct cli *c)
{
	static const char *const passing[] = {
		"Cannot connect to the Docker daemon", "connection refused",
		"connection reset", "i/o timeout", "context deadline exceeded",
		"is the docker daemon running", "EOF", "daemon is restarting"};
	const char *e = pace_strbuf_str(&c->cap.err);

	if (c->timed_out)
		return true;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(passing); i++)
		if (strstr(e, passing[i]))
			return true;
	return false;
}

static void cli_release(struct cli *c)
{
	pace_capture_release(&c->cap);
}

/* A failed call as an error: "WHAT: the CLI's message". */
static int cli_fail(const struct cli *c, const char *what, struct pace_error *err)
{
	char *msg;
	int rc;

	if (c->missing)
		return pace_error_set(err, PACE_EUSAGE, "the docker executor needs the "
				      "docker CLI on PATH (Debian package docker.io)");
	if (c->timed_out)
		return pace_error_set(err, PACE_EINTERNAL, "%s: the docker engine did "
				      "not answer in time", what);
	msg = cli_error(c);
	rc = pace_error_set(err, PACE_EINTERNAL, "%s: %s", what, msg);
	free(msg);
	return rc;
}

/* stdout's first line, trimmed. */
static char *first_line(const struct cli *c)
{
	const char *o = pace_strbuf_str(&c->cap.out);
	size_t n = strcspn(o, "\r\n");

	return pace_xstrndup(o, n);
}

/* ---- the image -------------------------------------------------------------- */

static int engine_version(struct pace_docker *d, struct pace_error *err)
{
	char *argv[] = {"docker", "version", "--format", "{{.Server.Version}}", NULL};
	struct cli c = CLI_INIT;
	int rc = run_cli(&c, argv, CLI_TIMEOUT_S, err);

	if (!rc && c.status != 0)
		rc = cli_fail(&c, "cannot reach the docker engine", err);
	if (!rc) {
		free(d->engine);
		d->engine = first_line(&c);
	}
	cli_release(&c);
	return rc;
}

/* The image's id into d->image_id; 1 when the engine does not have it. */
static int image_id(struct pace_docker *d, struct pace_error *err)
{
	char *argv[] = {"docker", "image", "inspect", "--format", "{{.Id}}",
			d->image, NULL};
	struct cli c = CLI_INIT;
	int rc = run_cli(&c, argv, CLI_TIMEOUT_S, err);

	if (!rc && c.status != 0)
		rc = strstr(pace_strbuf_str(&c.cap.err), "No such image") ? 1 :
			cli_fail(&c, "cannot inspect a docker image", err);
	if (!rc) {
		free(d->image_id);
		d->image_id = first_line(&c);
	}
	cli_release(&c);
	return rc;
}

char *pace_exec_docker_env_image(const char *hash)
{
	return pace_xasprintf("pace-env:%s", hash);
}

int pace_exec_docker_image_id(const char *image, char **id, struct pace_error *err)
{
	struct pace_docker d = PACE_DOCKER_INIT;
	int rc = engine_version(&d, err);

	d.image = (char *)image;
	if (!rc)
		rc = image_id(&d, err);
	*id = !rc ? d.image_id : NULL;
	if (rc)
		free(d.image_id);
	free(d.engine);
	return rc;
}

/* docker import of the environment's root filesystem, tagged with its
 * hash: done once, later sessions find the tag. */
static int import_env(struct pace_docker *d, const struct pace_docker_opts *o,
		      struct pace_error *err)
{
	char *argv[] = {"sh", "-c",
			"tar -C \"$1\" --numeric-owner -cf - . | docker import "
			"--message \"pace environment $3\" - \"$2\"",
			"sh", (char *)o->env_root, d->image, (char *)o->env_hash, NULL};
	struct cli c = CLI_INIT;
	int rc = run_cli(&c, argv, IMPORT_TIMEOUT_S, err);

	if (!rc && c.status != 0)
		rc = cli_fail(&c, "cannot import the environment as a docker image", err);
	cli_release(&c);
	return rc;
}

static int find_image(struct pace_docker *d, const struct pace_docker_opts *o,
		      struct pace_error *err)
{
	int rc;

	free(d->image);
	if (o->image)
		d->image = pace_xstrdup(o->image);
	else if (o->env_root && o->env_hash)
		d->image = pace_exec_docker_env_image(o->env_hash);
	else
		return pace_error_set(err, PACE_EUSAGE, "the docker executor needs an "
				      "image: an environment (environment: in the "
				      "suite) or environment.docker.baseImages");
	rc = image_id(d, err);
	if (rc == 1 && o->image)
		return pace_error_set(err, PACE_EUSAGE, "docker image '%s' not found in "
				      "the engine (nothing is pulled: make it with "
				      "docker import or docker load)", o->image);
	if (rc == 1 && !(rc = import_env(d, o, err)))
		rc = image_id(d, err);
	if (rc == 1)
		rc = pace_error_set(err, PACE_EINTERNAL, "docker image '%s' is missing "
				    "after its import", d->image);
	return rc;
}

/* ---- the container ---------------------------------------------------------- */

/* pace-agent and pace-spawn: next to the running program, in
 * ../libexec/pace/ from it, where installed, in the build tree. */
static int find_program(char *out, size_t n, const char *name, const char *built)
{
	char self[PATH_MAX - 64], *slash;
	ssize_t k = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (k > 0 && (self[k] = '\0', slash = strrchr(self, '/'))) {
		*slash = '\0';
		snprintf(out, n, "%s/%s", self, name);
		if (access(out, X_OK) == 0)
			return 0;
		snprintf(out, n, "%s/../libexec/pace/%s", self, name);
		if (access(out, X_OK) == 0)
			return 0;
	}
	snprintf(out, n, "%s/%s", PACE_LIBEXEC_DIR, name);
	if (access(out, X_OK) == 0)
		return 0;
	snprintf(out, n, "%s", built);
	return access(out, X_OK);
}

static void add_limits(struct pace_strvec *v, const struct pace_limits *l)
{
	if (l->cpus > 0)
		pace_strvec_pushf(v, "--cpus=%g", l->cpus);
	/* The same swap limit: the memory limit is a limit, not a move to
	 * swap. */
	if (l->memory > 0) {
		pace_strvec_pushf(v, "--memory=%lld", (long long)l->memory);
		pace_strvec_pushf(v, "--memory-swap=%lld", (long long)l->memory);
	}
	if (l->memory_reservation > 0)
		pace_strvec_pushf(v, "--memory-reservation=%lld",
				  (long long)l->memory_reservation);
	if (l->pids > 0)
		pace_strvec_pushf(v, "--pids-limit=%lld", (long long)l->pids);
}

static void new_name(struct pace_docker *d)
{
	unsigned rnd = 0;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (unsigned)pace_now_ns();
	free(d->name);
	d->name = pace_xasprintf("pace-%d-%08x", (int)getpid(), rnd);
}

/* A file of the container's cgroup on the host, from its PID 1's
 * /proc/PID/cgroup: V1 in the v1 hierarchy whose controllers include
 * CTL, else V2 in the unified one; NULL when neither exists. */
static char *cgroup_file(const char *pid, const char *ctl_want, const char *v1,
			 const char *v2)
{
	char path[64], line[4096], *found = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/cgroup", pid);
	f = fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *grp = ctl ? strchr(ctl + 1, ':') : NULL;
		struct stat st;
		if (!grp)
			continue;
		*grp++ = '\0';
		grp[strcspn(grp, "\n")] = '\0';
		if (!strcmp(ctl + 1, ""))
			found = pace_xasprintf("/sys/fs/cgroup%s/%s", grp, v2);
		else if (strstr(ctl + 1, ctl_want))
			found = pace_xasprintf("/sys/fs/cgroup/%s%s/%s", ctl + 1, grp, v1);
		if (found && stat(found, &st)) {
			free(found);
			found = NULL;
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* The number after `key` (a line "KEY N"), or the file's first number
 * when key is NULL; -1 when unreadable. */
static int64_t read_number(const char *file, const char *key)
{
	char buf[4096], *p = buf;
	ssize_t n;
	int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (key) {
		size_t k = strlen(key);
		for (p = buf; p && (strncmp(p, key, k) || p[k] != ' ');
		     p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			;
		if (!p)
			return -1;
		p += k + 1;
	}
	return strtoll(p, NULL, 10);
}

void pace_docker_stats(const struct pace_docker *d, int64_t *mem_peak, int64_t *cpu_ns)
{
	int64_t us;

	*mem_peak = read_number(d->peak_file, NULL);
	if (d->cpu_v2) {
		us = read_number(d->cpu_file, "usage_usec");
		*cpu_ns = us >= 0 ? us * 1000 : -1;
	} else {
		*cpu_ns = read_number(d->cpu_file, NULL);
	}
}

static void find_cgroup_files(struct pace_docker *d, const char *pid)
{
	free(d->oom_file);
	free(d->peak_file);
	free(d->cpu_file);
	d->oom_file = cgroup_file(pid, "memory", "memory.oom_control", "memory.events");
	d->peak_file = cgroup_file(pid, "memory", "memory.max_usage_in_bytes",
				   "memory.peak");
	d->cpu_file = cgroup_file(pid, "cpuacct", "cpuacct.usage", "cpu.stat");
	d->cpu_v2 = d->cpu_file && strstr(d->cpu_file, "/cpu.stat");
}

/* After the run: the image's id and the OOM counter's file. */
static int inspect_container(struct pace_docker *d, struct pace_error *err)
{
	char *argv[] = {"docker", "inspect", "--format", "{{.State.Pid}}",
			d->name, NULL};
	struct cli c = CLI_INIT;
	int rc = run_cli(&c, argv, CLI_TIMEOUT_S, err);

	if (!rc && c.status != 0)
		rc = cli_fail(&c, "cannot inspect the container", err);
	if (!rc) {
		char *pid = first_line(&c);
		find_cgroup_files(d, pid);
		free(pid);
	}
	cli_release(&c);
	return rc;
}

int pace_docker_remove(const char *name, int retries)
{
	char *argv[] = {"docker", "rm", "-f", "-v", (char *)name, NULL};
	int gone = -1;

	for (int i = 0; name && gone && i <= retries; i++) {
		struct pace_error e = PACE_ERROR_INIT;
		struct cli c = CLI_INIT;
		bool again = false;
		if (!run_cli(&c, argv, CLI_TIMEOUT_S, &e)) {
			gone = c.status == 0 ||
			       strstr(pace_strbuf_str(&c.cap.err), "No such container") ?
			       0 : -1;
			again = gone && retryable(&c);
		}
		cli_release(&c);
		pace_error_release(&e);
		if (!again)
			break;
		if (i < retries)
			pace_docker_wait(i);
	}
	return name ? gone : 0;
}

static void remove_container(struct pace_docker *d)
{
	pace_docker_remove(d->name, PACE_DOCKER_RETRIES);
	free(d->name);
	d->name = NULL;
}

/* docker run -d ... IMAGE idle (docker.h). */
static int run_container(struct pace_docker *d, const struct pace_docker_opts *o,
			 const char *agent, const char *spawn, bool *again,
			 struct pace_error *err)
{
	struct pace_strvec v = PACE_STRVEC_INIT;
	struct cli c = CLI_INIT;
	int rc;

	new_name(d);
	pace_strvec_push(&v, "docker");
	pace_strvec_push(&v, "run");
	pace_strvec_push(&v, "-d");
	pace_strvec_push(&v, "--network=none");
	pace_strvec_pushf(&v, "--name=%s", d->name);
	pace_strvec_push(&v, "--label=pace.executor=docker");
	pace_strvec_push(&v, "--hostname=pace-docker");
	pace_strvec_push(&v, "--security-opt=seccomp=unconfined");
	pace_strvec_push(&v, "--env=" CONTAINER_PATH);
	add_limits(&v, &o->limits);
	pace_strvec_pushf(&v, "--volume=%s:" AGENT_IN ":ro", agent);
	pace_strvec_pushf(&v, "--volume=%s:" SPAWN_IN ":ro", spawn);
	pace_strvec_pushf(&v, "--volume=%s:%s", o->workdir, o->workdir);
	pace_strvec_pushf(&v, "--workdir=%s", o->workdir);
	pace_strvec_push(&v, "--entrypoint=" AGENT_IN);
	pace_strvec_push(&v, d->image);
	pace_strvec_push(&v, "idle");
	rc = run_cli(&c, v.v, CLI_TIMEOUT_S, err);
	if (!rc && c.status != 0) {
		*again = retryable(&c);
		rc = cli_fail(&c, "cannot start the container", err);
	}
	cli_release(&c);
	pace_strvec_release(&v);
	if (!rc)
		rc = inspect_container(d, err);
	return rc;
}

/* The long-lived docker exec, its stdin and stdout on a socketpair. */
static int start_exec(struct pace_docker *d, struct pace_error *err)
{
	char *argv[] = {"docker", "exec", "-i", "--env=PACE_SPAWN_HELPER=" SPAWN_IN,
			d->name, AGENT_IN, "serve", NULL};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	char tmpl[] = "/tmp/pace-docker-exec-XXXXXX";
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return pace_error_set(err, PACE_EINTERNAL, "socketpair: %s",
				      strerror(errno));
	d->exec_err = mkostemp(tmpl, O_CLOEXEC);
	if (d->exec_err >= 0)
		unlink(tmpl);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
	posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
	if (d->exec_err >= 0)
		posix_spawn_file_actions_adddup2(&fa, d->exec_err, 2);
	posix_spawnattr_init(&at);
	/* Its own process group: a ^C is pace's to handle. */
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP);
	rc = posix_spawnp(&d->exec_pid, "docker", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(sv[1]);
	if (rc) {
		close(sv[0]);
		d->exec_pid = 0;
		return pace_error_set(err, PACE_EINTERNAL, "cannot run docker exec: %s",
				      strerror(rc));
	}
	d->sock = sv[0];
	return 0;
}

char *pace_docker_exec_stderr(struct pace_docker *d)
{
	char buf[4096];
	ssize_t n;
	size_t end, start;

	if (d->exec_err < 0)
		return pace_xstrdup("");
	n = pread(d->exec_err, buf, sizeof(buf) - 1, 0);
	end = n > 0 ? (size_t)n : 0;
	while (end && (buf[end - 1] == '\n' || buf[end - 1] == ' '))
		end--;
	start = end;
	while (start && buf[start - 1] != '\n')
		start--;
	return pace_xstrndup(buf + start, end - start);
}

static void stop_exec(struct pace_docker *d, int ms)
{
	int status;

	if (d->sock >= 0)
		close(d->sock); /* the agent's end of file: it leaves */
	d->sock = -1;
	for (int i = 0; d->exec_pid; i++) {
		pid_t r = waitpid(d->exec_pid, &status, i >= ms ? 0 : WNOHANG);
		if (r == d->exec_pid || (r < 0 && errno != EINTR))
			d->exec_pid = 0;
		else if (i == ms)
			kill(d->exec_pid, SIGKILL);
		else if (r == 0)
			sleep_s(0.001);
	}
	if (d->exec_err >= 0)
		close(d->exec_err);
	d->exec_err = -1;
}

/* One attempt: the engine, the image, the container, the exec. */
static int start_once(struct pace_docker *d, const struct pace_docker_opts *o,
		      bool *again, struct pace_error *err)
{
	char agent[PATH_MAX], spawn[PATH_MAX];
	int rc;

	*again = false;
	if (find_program(agent, sizeof(agent), "pace-agent", PACE_AGENT_BUILT) ||
	    find_program(spawn, sizeof(spawn), "pace-spawn", PACE_SPAWN_HELPER_BUILT))
		return pace_error_set(err, PACE_EUSAGE, "the docker executor needs "
				      "pace-agent and pace-spawn (built with pace, "
				      "installed in its libexec directory)");
	rc = engine_version(d, err);
	if (rc) {
		*again = rc != PACE_EUSAGE;
		return rc;
	}
	rc = find_image(d, o, err);
	if (rc) {
		*again = rc == PACE_EINTERNAL;
		return rc;
	}
	rc = run_container(d, o, agent, spawn, again, err);
	if (!rc)
		rc = start_exec(d, err);
	if (rc)
		remove_container(d);
	return rc;
}

int pace_docker_start(struct pace_docker *d, const struct pace_docker_opts *o,
		      int max_retries, int *retries, struct pace_error *err)
{
	int rc;
	bool again;

	*retries = 0;
	for (;;) {
		rc = start_once(d, o, &again, err);
		if (!rc || !again || *retries >= max_retries)
			break;
		pace_docker_wait((*retries)++);
		pace_error_release(err);
	}
	if (rc && *retries) {
		char *msg = pace_xstrdup(pace_error_msg(err));
		rc = pace_error_set(err, rc, "%s (after %d retries)", msg, *retries);
		free(msg);
	}
	return rc;
}

void pace_docker_stop_exec(struct pace_docker *d, int ms)
{
	stop_exec(d, ms);
}

void pace_docker_release(struct pace_docker *d, int ms)
{
	stop_exec(d, ms);
	remove_container(d);
	free(d->image);
	free(d->image_id);
	free(d->engine);
	free(d->oom_file);
	free(d->peak_file);
	free(d->cpu_file);
	*d = (struct pace_docker)PACE_DOCKER_INIT;
}
