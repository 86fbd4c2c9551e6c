/*
 * test_suite.c - src/suite: a complete suite read field by field, JSON,
 * how command strings become argv (with and without a shell), every kind
 * of malformed suite with the line it must name, the built-in suites, the
 * ad-hoc suite of `pace run -- ...`, and the fixture files the CLI tests
 * use (each bad fixture states its expected error in its first line).
 */
#include <math.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "suite/suite.h"

static int parse(struct pace_suite *s, const char *text, bool shell,
		 struct pace_error *err)
{
	return pace_suite_parse(s, "t.yaml", text, strlen(text), shell, err);
}

static void assert_argv(const struct pace_cmd *c, const char *const *want,
			size_t n)
{
	assert_int_equal(c->argv.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(c->argv.v[i], want[i]);
	assert_null(c->argv.v[n]);
}

static const char full_suite[] =
	"suite: demo\n"
	"name: Demo suite\n"
	"description: for tests\n"
	"variants: [fast, slow]\n"
	"tests:\n"
	"  - id: one\n"
	"    name: First\n"
	"    description: the first\n"
	"    category: basic-operations\n"
	"    tags: [a, b.c]\n"
	"    command:\n"
	"      fast: sleep 0.01\n"
	"      slow: [\"sleep\", \"0.02\"]\n"
	"    setup: mkdir -p /tmp/x\n"
	"    teardown: [\"rm -rf /tmp/x\", [rm, -f, /tmp/y z]]\n"
	"    prepare: \"true\"\n"
	"    conclude: [\"true\"]\n"
	"    env: {FOO: bar, EMPTY: , N: 5}\n"
	"    cwd: /tmp\n"
	"    expectedExitCode: 3\n"
	"    timeout: 5s\n"
	"    runs: 20\n"
	"    warmup: 0\n"
	"    validation: {outputMatches: \"^ok\", minTime: 1ms, maxTime: 2s, maxMemory: 100MB}\n"
	"  - id: two\n"
	"    command: echo 'hello world'\n"
	"    shell: false\n"
	"    dependsOn: [one]\n"
	"  - id: three\n"
	"    command: echo $HOME | wc -c\n"
	"    shell: true\n"
	"    dependsOn: [one, two]\n";

static void test_full_suite(void **state)
{
	static const char *const slow[] = {"sleep", "0.02"};
	static const char *const fast[] = {"sleep", "0.01"};
	static const char *const rm[] = {"rm", "-f", "/tmp/y z"};
	static const char *const sh[] = {"/bin/sh", "-c", "mkdir -p /tmp/x"};
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	const struct pace_test *t;
	(void)state;

	assert_int_equal(parse(&s, full_suite, false, &err), 0);
	assert_string_equal(s.id, "demo");
	assert_string_equal(s.name, "Demo suite");
	assert_string_equal(s.description, "for tests");
	assert_string_equal(s.path, "t.yaml");
	assert_int_equal(s.variants.n, 2);
	assert_int_equal(s.ntests, 3);

	t = &s.tests[0];
	assert_string_equal(t->id, "one");
	assert_string_equal(t->name, "First");
	assert_string_equal(t->suite, "demo");
	assert_string_equal(t->category, "basic-operations");
	assert_int_equal(t->line, 6);
	assert_int_equal(t->tags.n, 2);
	assert_string_equal(t->tags.v[1], "b.c");
	assert_int_equal(t->nvariants, 2);
	assert_string_equal(t->variants[0].name, "fast");
	assert_argv(&t->variants[0].cmd, fast, 2);
	assert_false(t->variants[0].cmd.shell);
	assert_string_equal(t->variants[0].cmd.text, "sleep 0.01");
	assert_argv(&t->variants[1].cmd, slow, 2);
	assert_string_equal(t->variants[1].cmd.text, "sleep 0.02");
	assert_int_equal(t->nsetup, 1);
	assert_argv(&t->setup[0], sh, 3); /* hook strings always use the shell */
	assert_true(t->setup[0].shell);
	assert_int_equal(t->nteardown, 2);
	assert_true(t->teardown[0].shell);
	assert_argv(&t->teardown[1], rm, 3);
	assert_false(t->teardown[1].shell);
	assert_string_equal(t->teardown[1].text, "rm -f '/tmp/y z'");
	assert_int_equal(t->nprepare, 1);
	assert_int_equal(t->nconclude, 1);
	assert_int_equal(t->env.n, 3);
	assert_string_equal(t->env.v[0], "FOO=bar");
	assert_string_equal(t->env.v[1], "EMPTY=");
	assert_string_equal(t->env.v[2], "N=5");
	assert_string_equal(t->cwd, "/tmp");
	assert_int_equal(t->expected_exit, 3);
	assert_true(t->timeout_s == 5.0);
	assert_int_equal(t->runs, 20);
	assert_int_equal(t->warmup, 0);
	assert_string_equal(t->validation.output_regex, "^ok");
	assert_true(t->validation.min_time_s > 0.000999 && t->validation.min_time_s < 0.001001);
	assert_true(t->validation.max_time_s == 2.0);
	assert_int_equal(t->validation.max_memory, 100000000);

	t = &s.tests[1];
	assert_string_equal(t->name, "two"); /* name defaults to the id */
	assert_int_equal(t->nvariants, 1);
	assert_string_equal(t->variants[0].name, "default");
	{
		static const char *const echo[] = {"echo", "hello world"};
		assert_argv(&t->variants[0].cmd, echo, 2);
	}
	assert_int_equal(t->depends_on.n, 1);
	assert_true(t->timeout_s < 0 && t->runs < 0 && t->warmup < 0);
	assert_true(t->validation.min_time_s < 0 && t->validation.max_memory < 0);
	assert_null(t->validation.output_regex);
	assert_null(t->cwd);
	assert_int_equal(t->expected_exit, 0);

	t = &s.tests[2];
	{
		static const char *const shell[] = {"/bin/sh", "-c", "echo $HOME | wc -c"};
		assert_argv(&t->variants[0].cmd, shell, 3);
		assert_true(t->variants[0].cmd.shell);
	}
	pace_suite_release(&s);
	assert_null(s.tests);
	pace_error_release(&err);
}

/* --shell makes strings go through /bin/sh unless a test says otherwise. */
static void test_shell_default(void **state)
{
	const char *text = "suite: s\ntests:\n"
			   "  - id: a\n    command: echo a b\n"
			   "  - id: b\n    command: echo a b\n    shell: false\n"
			   "  - id: c\n    command: [echo, a b]\n";
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_int_equal(parse(&s, text, true, &err), 0);
	assert_true(s.tests[0].variants[0].cmd.shell);
	assert_int_equal(s.tests[0].variants[0].cmd.argv.n, 3);
	assert_false(s.tests[1].variants[0].cmd.shell);
	assert_int_equal(s.tests[1].variants[0].cmd.argv.n, 3);
	assert_string_equal(s.tests[1].variants[0].cmd.argv.v[2], "b");
	assert_false(s.tests[2].variants[0].cmd.shell);
	assert_int_equal(s.tests[2].variants[0].cmd.argv.n, 2);
	assert_string_equal(s.tests[2].variants[0].cmd.text, "echo 'a b'");
	assert_string_equal(s.name, "s");
	pace_suite_release(&s);
	pace_error_release(&err);
}

static void test_json_suite(void **state)
{
	const char *text = "{\"suite\": \"j\", \"variants\": [\"x\", \"y\"],\n"
			   " \"tests\": [{\"id\": \"t1\", \"tags\": [\"k\"],\n"
			   "   \"command\": {\"x\": [\"true\"], \"y\": \"false\"},\n"
			   "   \"runs\": 3, \"timeout\": 1.5}]}\n";
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_int_equal(pace_suite_parse(&s, "t.json", text, strlen(text), false,
					  &err), 0);
	assert_int_equal(s.ntests, 1);
	assert_int_equal(s.tests[0].nvariants, 2);
	assert_string_equal(s.tests[0].variants[1].cmd.argv.v[0], "false");
	assert_int_equal(s.tests[0].runs, 3);
	assert_true(s.tests[0].timeout_s == 1.5);
	pace_suite_release(&s);

	/* errors in JSON name lines too */
	text = "{\"suite\": \"j\",\n \"tests\": [{\"id\": \"t1\",\n"
	       "   \"command\": \"true\", \"runs\": 0}]}\n";
	assert_int_equal(pace_suite_parse(&s, "t.json", text, strlen(text), false,
					  &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "t.json:3:"));
	assert_non_null(strstr(pace_error_msg(&err), "'runs' in test 't1' must be"));
	pace_error_release(&err);
}

struct bad_case {
	const char *text;
	int line;
	const char *phrase;
};

#define T "suite: s\ntests:\n  - id: a\n" /* the test starts on line 3 */

static const struct bad_case bad[] = {
	{"suite: s\ntests: [\n", 3, "invalid YAML"},
	{"suite: s\n  tests: x\n", 1, "invalid YAML: invalid multiline plain key"},
	{"suite: s\nsuite: t\ntests: []\n", 2, "invalid YAML: duplicate key"},
	{"", 1, "empty suite file"},
	{"# nothing here\n", 1, "empty suite file"},
	{"- a\n- b\n", 1, "a suite file must be a mapping with 'suite' and 'tests', got a list"},
	{"just text\n", 1, "a suite file must be a mapping"},
	{"tests:\n  - id: a\n    command: x\n", 1, "missing 'suite'"},
	{"suite: a b\ntests:\n  - id: a\n    command: x\n", 1, "invalid suite id 'a b'"},
	{"suite: [a]\ntests: []\n", 1, "'suite' must be a string, got a list"},
	{"suite: s\n", 1, "missing 'tests'"},
	{"suite: s\ntests: []\n", 2, "'tests' is empty"},
	{"suite: s\ntests:\n", 2, "'tests' is empty"},
	{"suite: s\ntests:\n  a: 1\n", 3, "'tests' must be a list of tests, got a mapping"},
	{"suite: s\ntests:\n  - just-a-string\n", 3, "test #1 must be a mapping with 'id' and 'command', got a string"},
	{"suite: s\ntests:\n  - id: a\n    command: x\n  - [1, 2]\n", 5, "test #2 must be a mapping"},
	{"suite: s\ntests:\n  - command: x\n", 3, "test #1 has no 'id'"},
	{"suite: s\ntests:\n  - id:\n    command: x\n", 3, "'id' must be a string, got null"},
	{"suite: s\ntests:\n  - id: has space\n    command: x\n", 3, "invalid test id 'has space'"},
	{"suite: s\ntests:\n  - id: a/b\n    command: x\n", 3, "invalid test id 'a/b'"},
	{T "    command: x\n  - id: b\n    command: y\n  - id: a\n    command: z\n", 7,
	 "duplicate test id 'a' (first defined at t.yaml:3:9"},
	{"suite: s\nfoo: 1\ntests: []\n", 2,
	 "unknown key 'foo' (expected one of: suite, name, description, variants, tests, fixture, requires, environment, executor, limits, workdir, parameters)"},
	{T "    command: x\n    comand: y\n", 5, "unknown key 'comand' in test 'a' (expected one of: id, name,"},
	{T "    command: x\n    validation:\n      maxTme: 1s\n", 6,
	 "unknown key 'maxTme' in 'validation' in test 'a' (expected one of: outputMatches, minTime, maxTime, maxMemory)"},
	{T "    command: x\n    validation: 5\n", 5, "'validation' in test 'a' must be a mapping"},
	{T "    command: x\n    executor: chroot\n", 5,
	 "'executor' in test 'a' must be one of: local, sandbox, docker, got 'chroot'"},
	{"suite: s\nexecutor: [local]\ntests: []\n", 2, "'executor' must be one of: local, sandbox, docker"},
	{T "    command: x\n    limits: 5\n", 5, "'limits' in test 'a' must be a mapping"},
	{T "    command: x\n    limits: {disk: 1}\n", 5,
	 "unknown key 'disk' in 'limits' in test 'a' (expected one of: memory, cpus, pids, memoryReservation)"},
	{T "    command: x\n    limits: {memory: lots}\n", 5, "'memory' in test 'a' must be a size in bytes"},
	{T "    command: x\n    limits: {cpus: 0}\n", 5, "'cpus' in test 'a' must be a number of CPUs greater than 0"},
	{T "    command: x\n    limits: {pids: 0}\n", 5, "'pids' in test 'a' must be an integer >= 1"},
	{T "    command: x\n    tags: fast\n", 5, "'tags' in test 'a' must be a list, got 'fast'"},
	{T "    command: x\n    tags: [ok, not ok]\n", 5, "invalid tag 'not ok' in test 'a'"},
	{T "    command: x\n    tags: [x, x]\n", 5, "tag 'x' is listed twice in 'tags' in test 'a'"},
	{T "    command: x\n    tags: [[x]]\n", 5, "tag in 'tags' in test 'a' must be a string, got a list"},
	{T "    command: x\n    name: [a]\n", 5, "'name' in test 'a' must be a string, got a list"},
	{T "    command: x\n    runs: many\n", 5, "'runs' in test 'a' must be an integer >= 1, got 'many'"},
	{T "    command: x\n    runs: 0\n", 5, "'runs' in test 'a' must be an integer >= 1, got '0'"},
	{T "    command: x\n    runs: -3\n", 5, "'runs' in test 'a' must be an integer >= 1, got '-3'"},
	{T "    command: x\n    runs: \"5\"\n", 5, "'runs' in test 'a' must be an integer >= 1, got '5'"},
	{T "    command: x\n    runs: 2.5\n", 5, "'runs' in test 'a' must be an integer >= 1"},
	{T "    command: x\n    warmup: -1\n", 5, "'warmup' in test 'a' must be a non-negative integer, got '-1'"},
	{T "    name: x\n", 3, "missing 'command' in test 'a' (expected a string, a list of arguments, or a mapping"},
	{T "    command: \"\"\n", 4, "empty command in test 'a'"},
	{T "    command: \"   \"\n", 4, "empty command in test 'a'"},
	{T "    command: []\n", 4, "empty command in test 'a'"},
	{T "    command: {}\n", 4, "empty command in test 'a'"},
	{T "    command:\n", 4, "empty command in test 'a'"},
	{T "    command: [\"\", x]\n", 4, "empty command in test 'a'"},
	{T "    command: \"''\"\n", 4, "empty command in test 'a'"},
	{T "    command:\n      fast: x\n      slow:\n", 6, "empty command in test 'a'"},
	{T "    command: [echo, [x]]\n", 4, "command argument in test 'a' must be a string, got a list"},
	{T "    command:\n      fast: {a: b}\n", 5, "command in test 'a' must be a string or a list of arguments, got a mapping"},
	{T "    command:\n      bad name: x\n", 5, "invalid variant name 'bad name' in test 'a'"},
	{"suite: s\nvariants: [fast, slow]\ntests:\n  - id: a\n    command:\n      fast: x\n      medium: y\n", 7,
	 "unknown variant 'medium' in test 'a' (expected one of the suite's variants: fast, slow)"},
	{"suite: s\nvariants: fast\ntests:\n  - id: a\n    command: x\n", 2, "'variants' must be a list, got 'fast'"},
	{"suite: s\nvariants: [a, a]\ntests:\n  - id: a\n    command: x\n", 2, "variant name 'a' is listed twice"},
	{T "    command: echo \"hi\n", 4, "unterminated quote in command 'echo \"hi' in test 'a'"},
	{T "    command:\n      fast: echo 'x\n", 5, "unterminated quote in command 'echo 'x' in test 'a'"},
	{T "    command: x\n    shell: maybe\n", 5, "'shell' in test 'a' must be true or false, got 'maybe'"},
	{T "    command: x\n    timeout: 5 parsecs\n", 5, "'timeout' in test 'a' must be a duration"},
	{T "    command: x\n    timeout: -5s\n", 5, "'timeout' in test 'a' must be a duration"},
	{T "    command: x\n    validation:\n      maxMemory: lots\n", 6, "'maxMemory' in test 'a' must be a size in bytes"},
	{T "    command: x\n    validation:\n      minTime: 2s\n      maxTime: 1s\n", 6,
	 "'minTime' in test 'a' is greater than 'maxTime'"},
	{T "    command: x\n    validation:\n      outputMatches: \"a(b\"\n", 6,
	 "invalid regular expression 'a(b' in 'outputMatches' in test 'a'"},
	{T "    command: x\n    validation:\n      outputMatches: [x]\n", 6, "'outputMatches' in test 'a' must be a string, got a list"},
	{T "    command: x\n    expectedExitCode: 256\n", 5,
	 "'expectedExitCode' in test 'a' must be an integer from 0 to 255, got '256'"},
	{T "    command: x\n    expectedExitCode: -1\n", 5, "'expectedExitCode' in test 'a' must be an integer from 0 to 255"},
	{T "    command: x\n    env: [A=1]\n", 5, "'env' in test 'a' must be a mapping of NAME: value, got a list"},
	{T "    command: x\n    env:\n      FOO: [1, 2]\n", 6,
	 "value of environment variable 'FOO' in test 'a' must be a string, got a list"},
	{T "    command: x\n    env:\n      1X: y\n", 6, "invalid environment variable name '1X' in test 'a'"},
	{T "    command: x\n    setup: {a: b}\n", 5, "'setup' names variant 'a' in test 'a', which has no command"},
	{T "    command: x\n    setup: {default: {a: b}}\n", 5, "'default' in test 'a' must be a command or a list of commands, got a mapping"},
	{T "    command: x\n    fixture: {size: small, spec: f}\n", 5, "'fixture' in test 'a' names more than one of size, spec and custom"},
	{T "    command: x\n    fixture: {sise: small}\n", 5, "unknown key 'sise' in 'fixture' in test 'a'"},
	{T "    command: x\n    teardown: [ok, \"\"]\n", 5, "empty command in test 'a'"},
	{T "    command: x\n    prepare: [[]]\n", 5, "empty command in test 'a'"},
	{T "    command: x\n    cwd: [a]\n", 5, "'cwd' in test 'a' must be a string, got a list"},
	{T "    command: x\n    dependsOn: zzz\n", 5, "'dependsOn' in test 'a' must be a list, got 'zzz'"},
	{T "    command: x\n    dependsOn: [zzz]\n", 5, "test 'a' depends on unknown test 'zzz' (expected the id of a test in suite 's')"},
	{T "    command: x\n    dependsOn: [a]\n", 5, "test 'a' depends on itself"},
	/* type: binary */
	{T "    type: binary\n", 3, "missing 'program' in test 'a' (expected the path of a program built with libpace-bench)"},
	{T "    type: shell\n    command: x\n", 4, "unknown test type 'shell' in test 'a' (expected command or binary)"},
	{T "    type: [binary]\n", 4, "'type' in test 'a' must be a string, got a list"},
	{T "    type: binary\n    program: p\n    command: x\n", 6,
	 "unknown key 'command' in test 'a' (type binary) (expected one of: id, name, description, category, tags, type, program, filter, targets, timeout, runs, warmup, dependsOn, estimatedDuration, resources, retries)"},
	{T "    type: binary\n    program: \"\"\n", 5, "empty 'program' in test 'a'"},
	{T "    type: binary\n    program: [p]\n", 5, "'program' in test 'a' must be a string, got a list"},
	{T "    type: binary\n    program: p\n    filter: \"a(b\"\n", 6,
	 "invalid regular expression 'a(b' in 'filter' in test 'a'"},
	{T "    type: binary\n    program: p\n    targets: x\n", 6, "'targets' in test 'a' must be a list of target names, got 'x'"},
	{T "    type: binary\n    program: p\n    targets: [x, x]\n", 6, "target 'x' is listed twice in 'targets' in test 'a'"},
	{T "    type: binary\n    program: p\n    targets: [\"\"]\n", 6, "target in 'targets' in test 'a' must be a non-empty string"},
	{T "    type: binary\n    program: p\n    runs: 0\n", 6, "'runs' in test 'a' must be an integer >= 1, got '0'"},
	{T "    type: binary\n    program: p\n  - id: b\n    command: y\n    dependsOn: [a]\n", 8,
	 "test 'b' depends on 'a', a test of type binary"},
	{T "    command: x\n    dependsOn: [b]\n  - id: b\n    command: y\n    dependsOn: [a]\n", 8,
	 "dependsOn cycle: a -> b -> a"},
	{T "    command: x\n    dependsOn: [b]\n  - id: b\n    command: y\n    dependsOn: [c]\n"
	 "  - id: c\n    command: z\n    dependsOn: [b]\n", 11, "dependsOn cycle: b -> c -> b"},
	{T "    command: x\n    dependsOn: [c]\n  - id: b\n    command: y\n    dependsOn: [a]\n"
	 "  - id: c\n    command: z\n    dependsOn: [x, b]\n  - id: x\n    command: w\n", 8,
	 "dependsOn cycle: a -> c -> b -> a"},
};

static void test_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad); i++) {
		struct pace_suite s;
		struct pace_error err = PACE_ERROR_INIT;
		char prefix[32];
		const char *msg;

		assert_int_equal(parse(&s, bad[i].text, false, &err), PACE_EUSAGE);
		msg = pace_error_msg(&err);
		snprintf(prefix, sizeof(prefix), "t.yaml:%d:", bad[i].line);
		if (strncmp(msg, prefix, strlen(prefix)) || !strstr(msg, bad[i].phrase))
			fail_msg("case %zu: got '%s', want '%s...%s'", i, msg, prefix,
				 bad[i].phrase);
		/* the caller's suite is left empty */
		assert_null(s.id);
		assert_null(s.tests);
		assert_int_equal(s.ntests, 0);
		pace_error_release(&err);
	}
}

/* Every fixture the CLI tests use: good-*.yaml parse, bad-*.yaml fail at
 * the line and with the phrase their first line announces:
 *   # expect: LINE: PHRASE */
static void check_fixture(const char *dir, const char *name)
{
	char *path = pace_xasprintf("%s/%s", dir, name);
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf text = PACE_STRBUF_INIT;
	int rc = pace_suite_load_file(&s, path, false, &err);

	if (!strncmp(name, "good-", 5)) {
		if (rc)
			fail_msg("%s: %s", name, pace_error_msg(&err));
		pace_suite_release(&s);
	} else {
		int line = 0;
		char phrase[256] = "", *want;
		assert_int_equal(pace_read_file(path, &text, &err), 0);
		if (sscanf(text.buf, "# expect: %d: %255[^\n]", &line, phrase) != 2)
			fail_msg("%s: no '# expect: LINE: PHRASE' first line", name);
		want = pace_xasprintf("%s:%d:", path, line);
		if (rc != PACE_EUSAGE || strncmp(pace_error_msg(&err), want, strlen(want)) ||
		    !strstr(pace_error_msg(&err), phrase))
			fail_msg("%s: got '%s', want '%s ... %s'", name,
				 pace_error_msg(&err), want, phrase);
		free(want);
	}
	pace_strbuf_release(&text);
	pace_error_release(&err);
	free(path);
}

static void test_fixtures(void **state)
{
	char *dir = pace_xasprintf("%s/tests/cli/fixtures/suites", PACE_SOURCE_DIR);
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t nbad = 0;
	(void)state;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		check_fixture(dir, e->d_name);
		nbad += !strncmp(e->d_name, "bad-", 4);
	}
	closedir(d);
	assert_true(nbad >= 18);
	free(dir);
}

static void test_missing_file(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_int_equal(pace_suite_load_file(&s, "/nonexistent/nope.yaml", false,
					      &err), PACE_EUSAGE);
	assert_int_equal(err.code, PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "nope.yaml"));
	assert_null(s.tests);
	pace_error_release(&err);
}

static void test_builtin(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	bool found = false;
	(void)state;

	assert_true(pace_suite_builtin_count() >= 1);
	for (size_t i = 0; i < pace_suite_builtin_count(); i++) {
		const char *name = pace_suite_builtin_name(i);
		assert_non_null(pace_suite_builtin_description(i));
		assert_int_equal(pace_suite_load_builtin(&s, name, false, &err), 0);
		found |= !strcmp(name, "example");
		pace_suite_release(&s);
	}
	assert_true(found);
	assert_null(pace_suite_builtin_name(pace_suite_builtin_count()));

	assert_int_equal(pace_suite_load_builtin(&s, "example", false, &err), 0);
	assert_string_equal(s.path, "<built-in:example>");
	assert_int_equal(s.ntests, 3);
	for (size_t i = 0; i < s.ntests; i++) {
		assert_int_equal(s.tests[i].nvariants, 2);
		assert_true(s.tests[i].tags.n > 0);
		assert_int_equal(s.tests[i].runs, 10);
	}
	pace_suite_release(&s);

	assert_int_equal(pace_suite_load_builtin(&s, "nosuch", false, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "'nosuch'"));
	assert_non_null(strstr(pace_error_msg(&err), "example"));
	pace_error_release(&err);
}

/* The built-in example really runs on this machine: every command of every
 * variant exits 0 (a real process per command, no mocks). */
static void test_builtin_runs(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_int_equal(pace_suite_load_builtin(&s, "example", false, &err), 0);
	for (size_t i = 0; i < s.ntests; i++)
		for (size_t v = 0; v < s.tests[i].nvariants; v++) {
			struct pace_strbuf cmd = PACE_STRBUF_INIT;
			const struct pace_cmd *c = &s.tests[i].variants[v].cmd;
			pace_strbuf_adds(&cmd, "LC_ALL=C ");
			pace_strvec_join_quoted(&cmd, &c->argv, " ");
			pace_strbuf_adds(&cmd, " > /dev/null");
			if (system(pace_strbuf_str(&cmd)) != 0)
				fail_msg("example command failed: %s", pace_strbuf_str(&cmd));
			pace_strbuf_release(&cmd);
		}
	pace_suite_release(&s);
	pace_error_release(&err);
}

/* fixture:, requires: and hooks given per variant, on a suite of our own
 * and on the built-in vcs suite. */
static void test_fixture_and_variant_hooks(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	const char *text =
		"suite: s\n"
		"fixture: {size: medium, seed: 7}\n"
		"requires: {b: [prog-b, other]}\n"
		"tests:\n"
		"  - id: one\n"
		"    command: {a: \"true\", b: \"false\"}\n"
		"    prepare: {b: [first, [second, arg]]}\n"
		"    conclude: {a: check-a}\n"
		"  - id: two\n"
		"    fixture: {custom: repo}\n"
		"    command: \"true\"\n";
	(void)state;

	assert_int_equal(parse(&s, text, false, &err), 0);
	assert_true(s.fixture.set);
	assert_string_equal(s.fixture.size, "medium");
	assert_int_equal(s.fixture.seed, 7);
	assert_int_equal(s.requires.n, 2);
	assert_string_equal(s.requires.v[0], "b=prog-b");
	assert_string_equal(s.requires.v[1], "b=other");
	assert_true(s.tests[0].fixture.set);
	assert_string_equal(s.tests[0].fixture.size, "medium");
	assert_int_equal(s.tests[0].nprepare, 0);
	assert_int_equal(s.tests[0].variants[0].nprepare, 0);
	assert_int_equal(s.tests[0].variants[0].nconclude, 1);
	assert_int_equal(s.tests[0].variants[1].nprepare, 2);
	assert_string_equal(s.tests[0].variants[1].prepare[0].argv.v[0], "/bin/sh");
	assert_string_equal(s.tests[0].variants[1].prepare[1].argv.v[1], "arg");
	assert_null(s.tests[1].fixture.size);
	assert_string_equal(s.tests[1].fixture.custom, "repo");
	pace_suite_release(&s);

	assert_int_equal(pace_suite_load_builtin(&s, "vcs", false, &err), 0);
	assert_int_equal(s.ntests, 25);
	assert_string_equal(s.fixture.size, "small");
	assert_int_equal(s.fixture.seed, 1);
	assert_string_equal(s.requires.v[0], "jujutsu=jj");
	for (size_t i = 0; i < s.ntests; i++) {
		assert_int_equal(s.tests[i].nvariants, 3);
		assert_true(s.tests[i].fixture.set);
		assert_non_null(s.tests[i].category);
		/* adaptive stopping, not a fixed count (docs/vcs-suite.md) */
		assert_int_equal(s.tests[i].runs, -1);
		assert_true(fabs(s.tests[i].precision - 0.03) < 1e-12);
		assert_int_equal(s.tests[i].min_runs, 10);
		assert_int_equal(s.tests[i].max_runs, 100);
		assert_true(s.tests[i].max_time_s == 6);
		for (size_t v = 0; v < 3; v++) {
			assert_true(s.tests[i].variants[v].nsetup >= 1);
			assert_true(s.tests[i].variants[v].nprepare >= 1);
			/* every test checks its result: output or a conclude check */
			assert_true(s.tests[i].validation.output_regex ||
				    s.tests[i].variants[v].nconclude >= 1);
		}
	}
	pace_suite_release(&s);
	pace_error_release(&err);
}

static void test_adhoc(void **state)
{
	char *cmds[] = {"sleep 0.01", "sleep 0.02"};
	struct pace_strvec names = PACE_STRVEC_INIT;
	struct pace_suite s, s2;
	struct pace_error err = PACE_ERROR_INIT;
	const struct pace_test *t;
	(void)state;

	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, NULL, false, &err), 0);
	assert_string_equal(s.id, "adhoc");
	assert_int_equal(s.ntests, 1);
	t = &s.tests[0];
	assert_int_equal(strlen(t->id), strlen("adhoc-") + 8);
	assert_memory_equal(t->id, "adhoc-", 6);
	assert_true(strspn(t->id + 6, "0123456789abcdef") == 8);
	assert_string_equal(t->name, "sleep 0.01 vs sleep 0.02");
	assert_string_equal(t->suite, "adhoc");
	assert_int_equal(t->nvariants, 2);
	assert_string_equal(t->variants[0].name, "sleep 0.01");
	assert_string_equal(t->variants[1].cmd.argv.v[1], "0.02");
	assert_true(t->runs < 0 && t->timeout_s < 0);

	/* same commands, same id; different commands, different id */
	assert_int_equal(pace_suite_from_commands(&s2, cmds, 2, NULL, false, &err), 0);
	assert_string_equal(s.tests[0].id, s2.tests[0].id);
	pace_suite_release(&s2);
	assert_int_equal(pace_suite_from_commands(&s2, cmds, 1, NULL, false, &err), 0);
	assert_string_not_equal(s.tests[0].id, s2.tests[0].id);
	pace_suite_release(&s2);
	pace_suite_release(&s);

	pace_strvec_push(&names, "short");
	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, &names, true, &err), 0);
	assert_string_equal(s.tests[0].variants[0].name, "short");
	assert_string_equal(s.tests[0].variants[1].name, "sleep 0.02");
	assert_true(s.tests[0].variants[0].cmd.shell);
	assert_string_equal(s.tests[0].variants[0].cmd.argv.v[2], "sleep 0.01");
	pace_suite_release(&s);

	/* the same command twice still gives two distinct variants */
	cmds[1] = cmds[0];
	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, NULL, false, &err), 0);
	assert_string_not_equal(s.tests[0].variants[0].name, s.tests[0].variants[1].name);
	pace_suite_release(&s);

	cmds[1] = "echo \"unterminated";
	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, NULL, false, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "unterminated quote"));
	assert_null(s.tests);
	cmds[1] = "  ";
	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, NULL, false, &err), PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "empty command"));
	pace_strvec_push(&names, "b");
	pace_strvec_push(&names, "c");
	assert_int_equal(pace_suite_from_commands(&s, cmds, 2, &names, false, &err), PACE_EUSAGE);
	assert_int_equal(pace_suite_from_commands(&s, cmds, 0, NULL, false, &err), PACE_EUSAGE);
	pace_strvec_release(&names);
	pace_error_release(&err);
}

/* Found by fuzz/fuzz_config: libfyaml never returned on a '%' directive
 * followed by a byte that is not UTF-8.  Such input is refused up front
 * with its position; valid multi-byte text still parses. */
static void test_invalid_utf8(void **state)
{
	static const char *const inputs[] = {"\n%\xe9\xf1\"\x7f\n",
		"suite: s\ntests: [\xc3]\n", "a: \xed\xa0\x80\n",
		"a: \xc0\xaf\n", "a: \xf4\x90\x80\x80\n"};
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(inputs); i++) {
		assert_int_equal(parse(&s, inputs[i], false, &err), PACE_EUSAGE);
		assert_non_null(strstr(pace_error_msg(&err), "not valid UTF-8"));
	}
	assert_int_equal(parse(&s, inputs[0], false, &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err),
			    "t.yaml:2:2: invalid YAML: not valid UTF-8 (byte 0xe9)");
	assert_int_equal(parse(&s, "suite: s\nname: caf\xc3\xa9\ntests:\n"
			       "  - {id: t, command: echo \xe2\x82\xac}\n",
			       false, &err), 0);
	pace_suite_release(&s);
	pace_error_release(&err);
}

/* A test of type: binary keeps its program, filter and targets, and the
 * plain fields; it has no variants until pace_binary_expand(). */
static void test_binary_entry(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	const struct pace_test *t;
	(void)state;

	assert_int_equal(parse(&s,
		"suite: s\n"
		"tests:\n"
		"  - id: first\n"
		"    command: \"true\"\n"
		"  - id: lib\n"
		"    type: binary\n"
		"    program: build/examples/bench-params\n"
		"    filter: \"^sum/\"\n"
		"    targets: [sum/n=64/stride=1, \"sort/n=1000\"]\n"
		"    category: in-process\n"
		"    tags: [cpu, lib]\n"
		"    timeout: 30s\n"
		"    runs: 7\n"
		"    warmup: 1\n"
		"    dependsOn: [first]\n"
		"  - id: explicit\n"
		"    type: command\n"
		"    command: \"true\"\n", false, &err), 0);
	assert_int_equal(s.ntests, 3);
	assert_null(s.tests[0].binary);
	t = &s.tests[1];
	assert_string_equal(t->binary, "build/examples/bench-params");
	assert_string_equal(t->binary_filter, "^sum/");
	assert_int_equal(t->binary_targets.n, 2);
	assert_string_equal(t->binary_targets.v[1], "sort/n=1000");
	assert_null(t->binary_target);
	assert_string_equal(t->name, "lib");
	assert_string_equal(t->category, "in-process");
	assert_int_equal(t->tags.n, 2);
	assert_true(t->timeout_s == 30);
	assert_int_equal(t->runs, 7);
	assert_int_equal(t->warmup, 1);
	assert_string_equal(t->depends_on.v[0], "first");
	assert_int_equal(t->nvariants, 0);
	assert_null(s.tests[2].binary);
	assert_int_equal(s.tests[2].nvariants, 1);
	pace_suite_release(&s);

	/* the built-in suite self is one binary entry for pace-self */
	assert_int_equal(pace_suite_load_builtin(&s, "self", false, &err), 0);
	assert_int_equal(s.ntests, 1);
	assert_string_equal(s.tests[0].binary, "@pace-self@");
	assert_true(pace_strvec_contains(&s.tests[0].tags, "self"));
	pace_suite_release(&s);
	pace_error_release(&err);
}

/* executor and limits: the test's own, else the suite's, key by key for
 * limits; DEFAULT (the run decides) when neither says. */
static void test_executor_and_limits(void **state)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	const char *text =
		"suite: s\n"
		"executor: sandbox\n"
		"limits: {memory: 512MiB, pids: 256}\n"
		"tests:\n"
		"  - id: inherits\n"
		"    command: x\n"
		"  - id: own\n"
		"    command: x\n"
		"    executor: local\n"
		"    limits: {cpus: 1.5, pids: 8}\n";
	(void)state;

	assert_int_equal(parse(&s, text, false, &err), 0);
	assert_int_equal(s.executor, PACE_EXECUTOR_SANDBOX);
	assert_int_equal(s.tests[0].executor, PACE_EXECUTOR_SANDBOX);
	assert_int_equal(s.tests[0].limits.memory, INT64_C(512) << 20);
	assert_true(s.tests[0].limits.cpus < 0);
	assert_int_equal(s.tests[0].limits.pids, 256);
	assert_int_equal(s.tests[1].executor, PACE_EXECUTOR_LOCAL);
	assert_int_equal(s.tests[1].limits.memory, INT64_C(512) << 20);
	assert_true(s.tests[1].limits.cpus == 1.5);
	assert_int_equal(s.tests[1].limits.pids, 8);
	pace_suite_release(&s);
	assert_int_equal(parse(&s, "suite: s\ntests:\n  - id: a\n    command: x\n",
			       false, &err), 0);
	assert_int_equal(s.tests[0].executor, PACE_EXECUTOR_DEFAULT);
	assert_true(s.tests[0].limits.memory < 0 && s.tests[0].limits.pids < 0);
	pace_suite_release(&s);
	pace_error_release(&err);
}

static void test_cmd_from_text(void **state)
{
	static const char *const words[] = {"grep", "-e", "a b", "it's", "x\"y"};
	static const char *const sh[] = {"/bin/sh", "-c", "ls | wc -l"};
	struct pace_cmd c;
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_int_equal(pace_cmd_from_text(&c, "grep -e 'a b' \"it's\" x\\\"y", false,
					    &err), 0);
	assert_argv(&c, words, 5);
	assert_false(c.shell);
	assert_string_equal(c.text, "grep -e 'a b' \"it's\" x\\\"y");
	pace_cmd_release(&c);
	assert_int_equal(pace_cmd_from_text(&c, "ls | wc -l", true, &err), 0);
	assert_argv(&c, sh, 3);
	assert_true(c.shell);
	pace_cmd_release(&c);
	assert_int_equal(pace_cmd_from_text(&c, "echo 'x", false, &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "unterminated quote in command 'echo 'x'");
	assert_null(c.text);
	assert_int_equal(pace_cmd_from_text(&c, "", true, &err), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "empty command");
	pace_error_release(&err);
}

static void check_values(const struct pace_param_axis *a, const char *const *want,
			 size_t n)
{
	assert_int_equal(a->values.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(a->values.v[i], want[i]);
}

/* -P's values: integers stay integers, decimals as many as written, the
 * last value reached within rounding; -L splits on every comma. */
static void test_param_scan_and_list(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_param_axis a;
	(void)state;

	assert_int_equal(pace_param_scan(&a, "n", "1", "4", NULL, &err), 0);
	check_values(&a, (const char *const[]){"1", "2", "3", "4"}, 4);
	pace_param_axis_release(&a);
	assert_int_equal(pace_param_scan(&a, "x", "0", "0.3", "0.1", &err), 0);
	check_values(&a, (const char *const[]){"0.0", "0.1", "0.2", "0.3"}, 4);
	pace_param_axis_release(&a);
	assert_int_equal(pace_param_scan(&a, "x", "-1", "1", "0.5", &err), 0);
	check_values(&a, (const char *const[]){"-1.0", "-0.5", "0.0", "0.5", "1.0"}, 5);
	pace_param_axis_release(&a);
	assert_int_equal(pace_param_scan(&a, "n", "2", "2", NULL, &err), 0);
	check_values(&a, (const char *const[]){"2"}, 1);
	pace_param_axis_release(&a);
	assert_int_equal(pace_param_list(&a, "w", "a,,b c", &err), 0);
	check_values(&a, (const char *const[]){"a", "", "b c"}, 3);
	pace_param_axis_release(&a);
	assert_int_equal(pace_param_scan(&a, "n", "1", "1e3", NULL, &err), PACE_EUSAGE);
	assert_int_equal(pace_param_scan(&a, "n", "3", "1", NULL, &err), PACE_EUSAGE);
	assert_int_equal(pace_param_scan(&a, "n", "1", "3", "-1", &err), PACE_EUSAGE);
	assert_int_equal(pace_param_list(&a, "{n}", "1", &err), PACE_EUSAGE);
	pace_error_release(&err);
}

/* Expanding: only tests that use {NAME}; the product in order; values in
 * argv, text and hooks; variant names kept; ids, names, base, dependsOn. */
static void test_expand_params(void **state)
{
	static const char yaml[] =
		"suite: s\n"
		"tests:\n"
		"  - id: a\n"
		"    name: A {n}\n"
		"    command: [echo, '{n}-{m}', x]\n"
		"    setup: touch {m}\n"
		"  - id: plain\n"
		"    command: echo no\n"
		"    dependsOn: [a]\n";
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_param_axis axes[2];
	bool used[2] = {false, false};
	struct pace_suite s;
	const struct pace_test *t;
	(void)state;

	assert_int_equal(parse(&s, yaml, false, &err), 0);
	assert_int_equal(pace_param_list(&axes[0], "n", "1,2", &err), 0);
	assert_int_equal(pace_param_list(&axes[1], "m", "x,y", &err), 0);
	assert_int_equal(pace_suite_expand_params(&s, axes, 2, used, &err), 0);
	assert_true(used[0] && used[1]);
	assert_int_equal(s.ntests, 5);
	assert_string_equal(s.tests[0].id, "a:n=1,m=x");
	assert_string_equal(s.tests[1].id, "a:n=1,m=y");
	assert_string_equal(s.tests[3].id, "a:n=2,m=y");
	t = &s.tests[2];
	assert_string_equal(t->param_base, "a");
	assert_string_equal(t->name, "A 2");
	assert_argv(&t->variants[0].cmd, (const char *const[]){"echo", "2-x", "x"}, 3);
	assert_string_equal(t->variants[0].name, "default");
	assert_string_equal(t->setup[0].argv.v[2], "touch x");
	assert_int_equal(t->param_names.n, 2);
	assert_string_equal(t->param_values.v[1], "x");
	/* untouched, and its dependency is every combination */
	t = &s.tests[4];
	assert_string_equal(t->id, "plain");
	assert_int_equal(t->param_names.n, 0);
	assert_null(t->param_base);
	assert_int_equal(t->depends_on.n, 4);
	assert_string_equal(t->depends_on.v[3], "a:n=2,m=y");
	/* an axis nobody uses is reported as unused */
	pace_param_axis_release(&axes[0]);
	assert_int_equal(pace_param_list(&axes[0], "zz", "1", &err), 0);
	used[0] = false;
	assert_int_equal(pace_suite_expand_params(&s, axes, 1, used, &err), 0);
	assert_false(used[0]);
	assert_int_equal(s.ntests, 5);
	pace_param_axis_release(&axes[0]);
	pace_param_axis_release(&axes[1]);
	pace_suite_release(&s);
	pace_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_suite),
		cmocka_unit_test(test_shell_default),
		cmocka_unit_test(test_json_suite),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_builtin_runs),
		cmocka_unit_test(test_fixture_and_variant_hooks),
		cmocka_unit_test(test_adhoc),
		cmocka_unit_test(test_binary_entry),
		cmocka_unit_test(test_executor_and_limits),
		cmocka_unit_test(test_cmd_from_text),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_param_scan_and_list),
		cmocka_unit_test(test_expand_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
