/*
 * test_env.c - environments without the network: the definition hash
 * (stable under package order and repeats, changed by what changes the
 * root filesystem), reading apt's mirror from files written here (deb822
 * and one-line formats, comments, several stanzas, none), a manifest made
 * by the real dpkg-query from a small dpkg database and read back through
 * the cache (list, show, tool versions, reuse, clean), suite files'
 * `environment:` key, and builds that fail or are interrupted (a stand-in
 * debootstrap script, so no root or mirror is needed) leaving nothing in
 * the cache.  tests/cli/0620-env.bats builds a real one.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "env/env_priv.h"
#include "probe/probe.h"
#include "suite/suite.h"
#include "unit_env.h"

static char scratch[128];

static int setup_all(void **state)
{
	(void)state;
	if (unit_tmpdir_make(scratch, sizeof(scratch), "env"))
		return -1;
	return 0;
}

static int teardown_all(void **state)
{
	(void)state;
	return unit_tmpdir_remove(scratch) ? -1 : 0;
}

/* A fresh cache directory for one test: XDG_CACHE_HOME=scratch/NAME. */
static char *use_cache(const char *name)
{
	char *dir = pace_xasprintf("%s/%s", scratch, name);
	setenv("XDG_CACHE_HOME", dir, 1);
	return dir;
}

static void write_text(const char *path, const char *text)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *dir = pace_xstrdup(path);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(pace_mkdirs(dir, &err), 0);
	assert_int_equal(pace_write_file(path, text, strlen(text), &err), 0);
	pace_error_release(&err);
	free(dir);
}

static void def_init(struct pace_env_def *d, const char *dist,
		     const char *packages, const char *mirror)
{
	memset(d, 0, sizeof(*d));
	d->set = true;
	d->distribution = pace_xstrdup(dist);
	pace_strvec_split_commas(&d->packages, packages);
	d->mirror = mirror ? pace_xstrdup(mirror) : NULL;
}

static char *hash_of(const char *dist, const char *packages, const char *mirror)
{
	struct pace_env_def d;
	struct pace_strbuf h = PACE_STRBUF_INIT;

	def_init(&d, dist, packages, NULL);
	pace_env_hash(&d, mirror, &h);
	pace_env_def_release(&d);
	return pace_strbuf_detach(&h);
}

static void hash_is_stable(void **state)
{
	char *a = hash_of("sid", "git,jujutsu", "http://m/debian");
	char *b = hash_of("sid", "jujutsu,git,git", "http://m/debian");
	char *c = hash_of("sid", "git", "http://m/debian");
	char *d = hash_of("bookworm", "git,jujutsu", "http://m/debian");
	char *e = hash_of("sid", "git,jujutsu", "http://other/debian");
	struct pace_env_def def;
	struct pace_strbuf h = PACE_STRBUF_INIT;

	(void)state;
	assert_int_equal(strlen(a), 16);
	assert_true(a[strspn(a, "0123456789abcdef")] == '\0');
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_string_not_equal(a, e);
	/* fallback says what to do when it cannot be built: same build */
	def_init(&def, "sid", "git,jujutsu", NULL);
	def.fallback_local = true;
	pace_env_hash(&def, "http://m/debian", &h);
	assert_string_equal(h.buf, a);
	/* and the same text every time: it names directories across runs */
	assert_string_equal(a, "f4a4525f82a2b0fe");
	pace_strbuf_release(&h);
	pace_env_def_release(&def);
	free(a), free(b), free(c), free(d), free(e);
}

static char *mirror_in(const char *apt, int *rc, struct pace_error *err)
{
	struct pace_strbuf m = PACE_STRBUF_INIT;
	*rc = pace_env_apt_mirror(apt, &m, err);
	return pace_strbuf_detach(&m);
}

static void mirror_from_deb822(void **state)
{
	char *apt = pace_xasprintf("%s/apt-deb822", scratch);
	char *p = pace_xasprintf("%s/sources.list.d/a.sources", apt);
	char *q = pace_xasprintf("%s/sources.list.d/b.sources", apt);
	struct pace_error err = PACE_ERROR_INIT;
	char *m;
	int rc;

	(void)state;
	/* sources only, security only, one turned off: none counts */
	write_text(p, "# a comment\n"
		   "Types: deb-src\nURIs: http://src.example/debian\nSuites: sid\n\n"
		   "Types: deb\n# inside a stanza\nURIs: http://sec.example/debian-security\n"
		   "Suites: bookworm-security\nComponents: main\n\n\n"
		   "Types: deb\nURIs: http://off.example/debian\nSuites: sid\n"
		   "Enabled: no\n");
	/* the next file's second stanza, continued over lines, does */
	write_text(q, "Types: deb\nURIs: cdrom:[Debian]/\nSuites: bookworm\n\n"
		   "Types: deb deb-src\r\nURIs:\n http://mirror.example/debian/\r\n"
		   "Suites: bookworm\n bookworm-updates\nComponents: main\n");
	m = mirror_in(apt, &rc, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(m, "http://mirror.example/debian");
	free(m);
	/* the first file wins once it has one */
	write_text(p, "Types: deb\nURIs: https://first.example/debian\n"
		   "Suites: trixie\n");
	m = mirror_in(apt, &rc, &err);
	assert_string_equal(m, "https://first.example/debian");
	free(m);
	pace_error_release(&err);
	free(p), free(q), free(apt);
}

static void mirror_from_one_line(void **state)
{
	char *apt = pace_xasprintf("%s/apt-one-line", scratch);
	char *p = pace_xasprintf("%s/sources.list", apt);
	struct pace_error err = PACE_ERROR_INIT;
	char *m;
	int rc;

	(void)state;
	write_text(p, "# deb http://commented.example/debian sid main\n"
		   "\n"
		   "deb-src http://src.example/debian sid main\n"
		   "deb http://security.example/debian-security bookworm-security main\n"
		   "  deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] "
		   "http://line.example/debian/ bookworm main # trailing\n"
		   "deb http://later.example/debian sid main\n");
	m = mirror_in(apt, &rc, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(m, "http://line.example/debian");
	free(m);
	pace_error_release(&err);
	free(p), free(apt);
}

static void mirror_none_found(void **state)
{
	char *apt = pace_xasprintf("%s/apt-none", scratch);
	char *p = pace_xasprintf("%s/sources.list", apt);
	struct pace_error err = PACE_ERROR_INIT;
	char *m;
	int rc;

	(void)state;
	write_text(p, "# nothing here\ndeb-src http://src.example/debian sid main\n");
	m = mirror_in(apt, &rc, &err);
	assert_int_equal(rc, PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no Debian mirror found"));
	assert_non_null(strstr(pace_error_msg(&err), "--mirror"));
	free(m);
	/* and a missing apt directory says the same */
	free(apt);
	apt = pace_xasprintf("%s/no-such-apt", scratch);
	m = mirror_in(apt, &rc, &err);
	assert_int_equal(rc, PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no Debian mirror found"));
	free(m);
	pace_error_release(&err);
	free(p), free(apt);
}

/* A cache entry as a build makes it, with a dpkg database of two
 * packages in place of a debootstrapped root. */
static char *fake_build(struct pace_env_def *d, const char *cache)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf h = PACE_STRBUF_INIT;
	char *dir, *status;

	pace_env_hash(d, d->mirror, &h);
	dir = pace_xasprintf("%s/pace/env/%s", cache, h.buf);
	status = pace_xasprintf("%s/root/var/lib/dpkg/status", dir);
	write_text(status, "Package: git\nStatus: install ok installed\n"
		   "Version: 1:2.47.2-1\nArchitecture: amd64\nMaintainer: m\n"
		   "Description: d\n\nPackage: libc6\nStatus: install ok "
		   "installed\nVersion: 2.41-6\nArchitecture: amd64\n"
		   "Maintainer: m\nDescription: d\n");
	assert_int_equal(pace_env_write_manifest(dir, d, h.buf, 1700000000000LL,
						 1500000000LL, &err), 0);
	pace_error_release(&err);
	pace_strbuf_release(&h);
	free(status);
	return dir;
}

static void manifest_round_trip(void **state)
{
	char *cache = use_cache("manifest");
	struct pace_env_def d;
	struct pace_env_entry *e;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_env_info info = {0};
	struct pace_env_opts o = {.debootstrap = "/nonexistent/debootstrap"};
	size_t n, removed;
	json_t *m;
	bool built = true;
	char *dir;

	(void)state;
	def_init(&d, "sid", "git", "http://m.example/debian");
	dir = fake_build(&d, cache);
	assert_int_equal(pace_env_list(&e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].path, dir);
	assert_true(e[0].bytes > 0);
	m = e[0].manifest;
	assert_string_equal(json_string_value(json_object_get(m, "hash")), e[0].hash);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m,
			    "definition"), "distribution")), "sid");
	assert_string_equal(json_string_value(json_object_get(m, "mirror")),
			    "http://m.example/debian");
	assert_string_equal(json_string_value(json_object_get(m, "builtAt")),
			    "2023-11-14T22:13:20.000Z");
	assert_string_equal(pace_env_manifest_version(m, "libc6"), "2.41-6");
	assert_null(pace_env_manifest_version(m, "jujutsu"));

	/* ensure finds it (no debootstrap needed), by hash prefix too */
	assert_int_equal(pace_env_ensure(&d, &o, &built, &err), 0);
	assert_false(built);
	assert_string_equal(d.hash, e[0].hash);
	assert_true(!strncmp(d.root, dir, strlen(dir)));
	pace_env_entries_free(e, n);
	{
		char prefix[5];
		snprintf(prefix, sizeof(prefix), "%s", d.hash);
		assert_int_equal(pace_env_manifest_load(&m, prefix, &err), 0);
		assert_int_equal(json_object_size(json_object_get(m, "packages")), 2);
		json_decref(m);
	}

	/* the run's record: the environment's git, no jj in it */
	pace_env_tool_versions(&info, &d);
	assert_non_null(info.git_version);
	assert_non_null(strstr(info.git_version, "1:2.47.2-1"));
	assert_null(info.jj_version);
	assert_string_equal(info.env_hash, d.hash);
	assert_string_equal(info.env_distribution, "sid");
	assert_int_equal(info.env_packages.n, 1);
	pace_env_info_release(&info);

	assert_int_equal(pace_env_clean(d.hash, &removed, &err), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(pace_env_list(&e, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(pace_env_manifest_load(&m, d.hash, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no environment"));
	pace_env_entries_free(e, n);
	pace_env_def_release(&d);
	pace_error_release(&err);
	free(dir);
	free(cache);
}

/* Nothing but lock files in CACHE/pace/env. */
static void assert_cache_empty(const char *cache)
{
	char *dir = pace_xasprintf("%s/pace/env", cache);
	DIR *d = opendir(dir);
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (n < 5 || strcmp(de->d_name + n - 5, ".lock"))
			fail_msg("left in the cache: %s", de->d_name);
	}
	closedir(d);
	free(dir);
}

/* A stand-in for debootstrap: makes files in its target like the real
 * one, says "I: ..." lines, then fails, or (with sleep) waits. */
static char *fake_debootstrap(const char *name, const char *tail)
{
	char *path = pace_xasprintf("%s/%s", scratch, name);
	char *text = pace_xasprintf(
		"#!/bin/sh\n"
		"for a; do target=$prev; prev=$a; done\n"
		"mkdir -p \"$target/var/lib/dpkg\" && echo x > \"$target/var/lib/dpkg/status\"\n"
		"echo 'I: Retrieving InRelease'\n"
		"echo 'I: Retrieving libc6 2.41-6'\n"
		"%s\n", tail);
	write_text(path, text);
	assert_int_equal(chmod(path, 0755), 0);
	free(text);
	return path;
}

struct steps {
	struct pace_strvec seen;
	volatile int *stop; /* raised at the second step, when set */
};

static void on_step(const char *step, void *data)
{
	struct steps *s = data;
	pace_strvec_push(&s->seen, step);
	if (s->stop && s->seen.n == 2)
		*s->stop = 1;
}

static void failed_build_leaves_nothing(void **state)
{
	char *cache = use_cache("failed");
	char *prog = fake_debootstrap("debootstrap-fails",
		"echo 'E: Couldn'\"'\"'t find these debs: no-such-package' >&2; exit 1");
	struct steps st = {PACE_STRVEC_INIT, NULL};
	struct pace_env_opts o = {.debootstrap = prog, .no_root_check = true,
				  .progress = on_step, .progress_data = &st};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_env_def d;
	bool built = true;

	(void)state;
	def_init(&d, "sid", "no-such-package", "http://m.example/debian");
	assert_int_equal(pace_env_ensure(&d, &o, &built, &err), PACE_EUSAGE);
	assert_false(built);
	assert_null(d.root);
	assert_non_null(strstr(pace_error_msg(&err), "debootstrap failed (exit code 1)"));
	assert_non_null(strstr(pace_error_msg(&err), "no-such-package"));
	assert_int_equal(st.seen.n, 2);
	assert_string_equal(st.seen.v[1], "Retrieving libc6 2.41-6");
	assert_cache_empty(cache);
	pace_strvec_release(&st.seen);
	pace_env_def_release(&d);
	pace_error_release(&err);
	free(prog);
	free(cache);
}

static void interrupted_build_leaves_nothing(void **state)
{
	char *cache = use_cache("interrupted");
	char *pidfile = pace_xasprintf("%s/sleeper.pid", scratch);
	char *tail = pace_xasprintf("sleep 60 & echo $! > '%s'; wait", pidfile);
	char *prog = fake_debootstrap("debootstrap-sleeps", tail);
	volatile int stop = 0;
	struct steps st = {PACE_STRVEC_INIT, &stop};
	struct pace_env_opts o = {.debootstrap = prog, .no_root_check = true,
				  .progress = on_step, .progress_data = &st,
				  .stop = &stop};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf pid = PACE_STRBUF_INIT;
	struct pace_env_def d;
	int64_t t0 = pace_now_ns();

	(void)state;
	def_init(&d, "sid", "git", "http://m.example/debian");
	assert_int_equal(pace_env_ensure(&d, &o, NULL, &err), PACE_EINTERNAL);
	assert_non_null(strstr(pace_error_msg(&err), "interrupted"));
	assert_true(pace_now_ns() - t0 < 30 * 1000000000LL); /* not the sleep */
	assert_cache_empty(cache);
	/* debootstrap's children went with it */
	if (!pace_read_file(pidfile, &pid, &err)) {
		long p = strtol(pid.buf, NULL, 10);
		int i;
		assert_true(p > 0);
		/* killed; gone once whoever inherited it reaps it */
		for (i = 0; i < 100 && !kill((pid_t)p, 0); i++)
			usleep(50 * 1000);
		assert_int_equal(kill((pid_t)p, 0), -1);
	}
	pace_strbuf_release(&pid);
	pace_strvec_release(&st.seen);
	pace_env_def_release(&d);
	pace_error_release(&err);
	free(prog), free(tail), free(pidfile), free(cache);
}

static void prepare_tests_builds_once_or_falls_back(void **state)
{
	char *cache = use_cache("prepare");
	char *prog = fake_debootstrap("debootstrap-counts",
		"echo x >> \"$(dirname \"$0\")/debootstrap-counts.calls\"; exit 1");
	char *calls = pace_xasprintf("%s/debootstrap-counts.calls", scratch);
	struct pace_env_opts o = {.debootstrap = prog, .no_root_check = true};
	struct pace_test t[4] = {{0}};
	struct pace_test *tp[4] = {&t[0], &t[1], &t[2], &t[3]};
	struct pace_strvec notes = PACE_STRVEC_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf count = PACE_STRBUF_INIT;
	char *dir;

	(void)state;
	/* t0 and t1 share a built environment; t2 wants one that fails, with
	 * fallback; t3 has one but runs locally, so nothing is built for it */
	def_init(&t[0].environment, "sid", "git", "http://m.example/debian");
	dir = fake_build(&t[0].environment, cache);
	def_init(&t[1].environment, "sid", "git,git", "http://m.example/debian");
	def_init(&t[2].environment, "sid", "no-such-package", "http://m.example/debian");
	t[2].environment.fallback_local = true;
	def_init(&t[3].environment, "bookworm", "", "http://m.example/debian");
	for (int i = 0; i < 3; i++)
		t[i].executor = PACE_EXECUTOR_SANDBOX;
	assert_int_equal(pace_env_prepare_tests(tp, 4, &o, &notes, &err), 0);
	assert_non_null(t[0].environment.root);
	assert_string_equal(t[0].environment.root, t[1].environment.root);
	assert_true(pace_env_in_use(&t[1]));
	assert_null(t[2].environment.root);
	assert_int_equal(t[2].executor, PACE_EXECUTOR_LOCAL);
	assert_null(t[3].environment.root);
	assert_int_equal(notes.n, 1);
	assert_non_null(strstr(notes.v[0], "environment sid + no-such-package "
			       "not available (debootstrap failed"));
	assert_non_null(strstr(notes.v[0], "running its tests locally"));
	assert_int_equal(pace_read_file(calls, &count, &err), 0);
	assert_string_equal(count.buf, "x\n"); /* one attempt, not one per test */

	/* without fallback the run cannot go on */
	t[2].executor = PACE_EXECUTOR_SANDBOX;
	t[2].environment.fallback_local = false;
	assert_int_equal(pace_env_prepare_tests(tp, 4, &o, &notes, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "debootstrap failed"));
	assert_int_equal(notes.n, 1);
	for (int i = 0; i < 4; i++)
		pace_env_def_release(&t[i].environment);
	pace_strvec_release(&notes);
	pace_strbuf_release(&count);
	pace_error_release(&err);
	free(dir), free(calls), free(prog), free(cache);
}

static void missing_preconditions_say_what(void **state)
{
	char *cache = use_cache("preconditions");
	struct pace_env_opts o = {.debootstrap = "/nonexistent/debootstrap",
				  .no_root_check = true,
				  .apt_dir = "/nonexistent/apt"};
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_env_def d;

	(void)state;
	def_init(&d, "sid", "git", NULL);
	assert_int_equal(pace_env_ensure(&d, &o, NULL, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no Debian mirror found"));
	free(d.mirror);
	d.mirror = pace_xstrdup("http://m.example/debian");
	assert_int_equal(pace_env_ensure(&d, &o, NULL, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "'/nonexistent/debootstrap' not found"));
	o.no_root_check = false;
	if (geteuid() != 0) {
		assert_int_equal(pace_env_ensure(&d, &o, NULL, &err), PACE_EUSAGE);
		assert_string_equal(pace_error_msg(&err), "building an environment "
				    "needs root (debootstrap, chroot)");
	}
	free(d.distribution);
	d.distribution = NULL;
	assert_int_equal(pace_env_ensure(&d, &o, NULL, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "no distribution"));
	assert_cache_empty(cache);
	pace_env_def_release(&d);
	pace_error_release(&err);
	free(cache);
}

static const char suite_yaml[] =
	"suite: s\n"
	"environment: {distribution: sid, packages: [git, jujutsu, git],\n"
	"              fallback: local}\n"
	"tests:\n"
	"  - {id: inherits, command: 'true'}\n"
	"  - id: own\n"
	"    command: 'true'\n"
	"    environment: {distribution: bookworm, mirror: 'http://m.example/debian'}\n"
	"  - {id: none, command: 'true', environment: null}\n";

static int parse(struct pace_suite *s, const char *text, struct pace_error *err)
{
	return pace_suite_parse(s, "s.yaml", text, strlen(text), false, err);
}

static void suite_environment_key(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;

	(void)state;
	assert_int_equal(parse(&s, suite_yaml, &err), 0);
	assert_true(s.environment.set);
	assert_string_equal(s.environment.distribution, "sid");
	assert_int_equal(s.environment.packages.n, 2);
	assert_true(s.environment.fallback_local);
	assert_true(s.tests[0].environment.set);
	assert_string_equal(s.tests[0].environment.distribution, "sid");
	assert_true(s.tests[0].environment.fallback_local);
	assert_string_equal(s.tests[1].environment.distribution, "bookworm");
	assert_string_equal(s.tests[1].environment.mirror, "http://m.example/debian");
	assert_int_equal(s.tests[1].environment.packages.n, 0);
	assert_false(s.tests[1].environment.fallback_local);
	assert_false(s.tests[2].environment.set);
	pace_suite_release(&s);

	assert_int_equal(parse(&s, "suite: s\nenvironment:\n  distribution: sid\n"
			       "  packages: [git, Bad_Name]\ntests: []\n", &err),
			 PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "s.yaml:4:"));
	assert_non_null(strstr(pace_error_msg(&err), "invalid package name 'Bad_Name'"));
	assert_int_equal(parse(&s, "suite: s\ntests:\n  - id: t\n    command: 'true'\n"
			       "    environment: {packages: [git]}\n", &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "s.yaml:5:"));
	assert_non_null(strstr(pace_error_msg(&err), "no 'distribution'"));
	assert_int_equal(parse(&s, "suite: s\nenvironment: {distribution: sid, "
			       "fallback: maybe}\ntests: []\n", &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "'fallback'"));
	assert_int_equal(parse(&s, "suite: s\nenvironment: {distribution: sid, "
			       "packges: [git]}\ntests: []\n", &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "unknown key 'packges'"));
	pace_error_release(&err);
}

static void requires_looks_inside_the_root(void **state)
{
	char *root = pace_xasprintf("%s/fake-root", scratch);
	char *jj = pace_xasprintf("%s/usr/bin/jj", root);
	struct pace_suite s = {0};
	struct pace_test t = {0};

	(void)state;
	write_text(jj, "#!/bin/sh\n");
	assert_int_equal(chmod(jj, 0755), 0);
	s.tests = &t;
	s.ntests = 1;
	/* no environment: the host's PATH, where there is no such program */
	assert_false(pace_env_suite_has_program(&s, "pace-no-such-program"));
	t.environment.set = true;
	t.environment.root = root;
	assert_false(pace_env_in_use(&t)); /* the local executor: the host */
	t.executor = PACE_EXECUTOR_SANDBOX;
	assert_true(pace_env_suite_has_program(&s, "jj"));
	assert_false(pace_env_suite_has_program(&s, "git"));
	t.executor = PACE_EXECUTOR_LOCAL; /* fell back: the host again */
	assert_false(pace_env_in_use(&t));
	assert_false(pace_env_suite_has_program(&s, "jj"));
	free(jj);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_is_stable),
		cmocka_unit_test(mirror_from_deb822),
		cmocka_unit_test(mirror_from_one_line),
		cmocka_unit_test(mirror_none_found),
		cmocka_unit_test(manifest_round_trip),
		cmocka_unit_test(failed_build_leaves_nothing),
		cmocka_unit_test(interrupted_build_leaves_nothing),
		cmocka_unit_test(prepare_tests_builds_once_or_falls_back),
		cmocka_unit_test(missing_preconditions_say_what),
		cmocka_unit_test(suite_environment_key),
		cmocka_unit_test(requires_looks_inside_the_root),
	};
	return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
