/*
 * test_util.c - src/util: string buffers and vectors, shell-like word
 * splitting, the duration/size/integer parsers every module shares, glob
 * vs substring matching, whole-file I/O in a real temporary directory,
 * mkdir -p and the ISO 8601 timestamps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/util.h"

static void test_strbuf_growth(void **state)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	(void)state;

	assert_string_equal(pace_strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		pace_strbuf_adds(&sb, "ab");
	assert_int_equal(sb.len, 2000);
	assert_true(sb.alloc > sb.len);
	assert_int_equal(sb.buf[sb.len], '\0');
	pace_strbuf_addc(&sb, 'z');
	assert_int_equal(sb.buf[2000], 'z');
	pace_strbuf_add(&sb, "xyz", 0);
	assert_int_equal(sb.len, 2001);

	pace_strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(pace_strbuf_str(&sb), "");
	/* Longer than the 64-byte first guess of vaddf: the retry path. */
	pace_strbuf_addf(&sb, "%d-%s-%0200d", 42, "x", 7);
	assert_int_equal(sb.len, 3 + 2 + 200);
	assert_memory_equal(sb.buf, "42-x-000", 8);
	assert_int_equal(sb.buf[sb.len - 1], '7');
	pace_strbuf_addf(&sb, "%s", "!");
	assert_int_equal(sb.buf[sb.len - 1], '!');
	assert_int_equal(strlen(sb.buf), sb.len);
	pace_strbuf_release(&sb);
	assert_null(sb.buf);
}

static void test_strbuf_detach(void **state)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	char *s;
	(void)state;

	s = pace_strbuf_detach(&sb); /* never NULL, even when empty */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	pace_strbuf_adds(&sb, "hello");
	s = pace_strbuf_detach(&sb);
	assert_string_equal(s, "hello");
	assert_null(sb.buf);
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	free(s);
	s = pace_xasprintf("%s=%d", "n", 3);
	assert_string_equal(s, "n=3");
	free(s);
}

static void test_strvec(void **state)
{
	struct pace_strvec sv = PACE_STRVEC_INIT, cp = PACE_STRVEC_INIT;
	(void)state;

	for (int i = 0; i < 50; i++)
		pace_strvec_pushf(&sv, "item%d", i);
	pace_strvec_push(&sv, "last");
	assert_int_equal(sv.n, 51);
	assert_string_equal(sv.v[0], "item0");
	assert_string_equal(sv.v[49], "item49");
	assert_null(sv.v[51]);
	assert_true(pace_strvec_contains(&sv, "last"));
	assert_false(pace_strvec_contains(&sv, "item"));
	pace_strvec_copy(&cp, &sv);
	assert_int_equal(cp.n, 51);
	assert_ptr_not_equal(cp.v[3], sv.v[3]);
	assert_string_equal(cp.v[3], "item3");
	pace_strvec_release(&sv);
	pace_strvec_release(&cp);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
}

static void test_split_commas(void **state)
{
	struct pace_strvec sv = PACE_STRVEC_INIT;
	(void)state;

	pace_strvec_split_commas(&sv, " a,b ,  c d ,,\t, e,");
	assert_int_equal(sv.n, 4);
	assert_string_equal(sv.v[0], "a");
	assert_string_equal(sv.v[1], "b");
	assert_string_equal(sv.v[2], "c d");
	assert_string_equal(sv.v[3], "e");
	assert_null(sv.v[4]);
	pace_strvec_release(&sv);

	pace_strvec_split_commas(&sv, "");
	assert_int_equal(sv.n, 0);
	pace_strvec_split_commas(&sv, " , ,");
	assert_int_equal(sv.n, 0);
	pace_strvec_split_commas(&sv, "only");
	assert_int_equal(sv.n, 1);
	assert_string_equal(sv.v[0], "only");
	pace_strvec_release(&sv);
}

static void test_join_quoted(void **state)
{
	struct pace_strvec sv = PACE_STRVEC_INIT;
	struct pace_strbuf out = PACE_STRBUF_INIT;
	(void)state;

	pace_strvec_push(&sv, "plain");
	pace_strvec_push(&sv, "two words");
	pace_strvec_push(&sv, "it's");
	pace_strvec_push(&sv, "");
	pace_strvec_push(&sv, "$HOME");
	pace_strvec_join_quoted(&out, &sv, " ");
	assert_string_equal(out.buf, "plain 'two words' 'it'\\''s' '' '$HOME'");
	pace_strbuf_reset(&out);
	pace_strvec_release(&sv);

	pace_strvec_push(&sv, "a");
	pace_strvec_push(&sv, "b");
	pace_strvec_join_quoted(&out, &sv, ", ");
	assert_string_equal(out.buf, "a, b");
	pace_strvec_release(&sv);
	pace_strbuf_release(&out);
}

/* Splits `line` and checks the words (NULL-terminated list). */
static void check_words(const char *line, const char *const *want)
{
	struct pace_strvec sv = PACE_STRVEC_INIT;
	const char *why = NULL;
	size_t n = 0;

	assert_int_equal(pace_split_words(&sv, line, &why), 0);
	for (; want[n]; n++) {
		assert_true(n < sv.n);
		assert_string_equal(sv.v[n], want[n]);
	}
	assert_int_equal(sv.n, n);
	pace_strvec_release(&sv);
}

static void test_split_words(void **state)
{
	(void)state;
	check_words("echo hello  world", (const char *const[]){"echo", "hello", "world", NULL});
	check_words("  sleep\t0.1 \n", (const char *const[]){"sleep", "0.1", NULL});
	check_words("echo 'a b' \"c d\"", (const char *const[]){"echo", "a b", "c d", NULL});
	check_words("a'b'\"c\"d", (const char *const[]){"abcd", NULL});
	check_words("'it\\'", (const char *const[]){"it\\", NULL});
	check_words("\"say \\\"hi\\\" \\n\"", (const char *const[]){"say \"hi\" \\n", NULL});
	check_words("a\\ b c\\\\d", (const char *const[]){"a b", "c\\d", NULL});
	check_words("'' \"\"", (const char *const[]){"", "", NULL});
	check_words("$HOME *.c", (const char *const[]){"$HOME", "*.c", NULL});
	check_words("", (const char *const[]){NULL});
	check_words("   ", (const char *const[]){NULL});
}

static void test_split_words_errors(void **state)
{
	static const char *const bad[] = {"echo 'abc", "echo \"abc", "\"a\\\"", "'"};
	(void)state;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad); i++) {
		struct pace_strvec sv = PACE_STRVEC_INIT;
		const char *why = NULL;
		assert_int_equal(pace_split_words(&sv, bad[i], &why), -1);
		assert_non_null(why);
		assert_string_equal(why, "unterminated quote");
		pace_strvec_release(&sv);
	}
}

/* What only a shell understands is found; what the splitter unquotes
 * exactly as sh would is not. */
static void test_shell_syntax(void **state)
{
	static const struct { const char *text, *found; } cases[] = {
		{"echo a | wc -c", "'|'"}, {"true && false", "'&&'"},
		{"a || b", "'||'"}, {"sleep 1 &", "'&'"}, {"a; b", "';'"},
		{"cat < f", "'<'"}, {"echo x>f", "'>'"}, {"echo $HOME", "'$'"},
		{"echo ${x}", "'$'"}, {"echo $(date)", "'$'"},
		{"echo \"$HOME\"", "'$'"}, {"echo `date`", "'`'"},
		{"ls *.c", "'*'"}, {"ls a?", "'?'"}, {"ls [ab]", "'[...]'"},
		{"(cd x)", "'('"}, {"ls ~", "'~'"}, {"echo # c", "'#'"},
		{"FOO=1 env", "'NAME=value'"},
	};
	static const char *const plain[] = {
		"echo 'a | b'", "echo a\\|b", "echo \"a && b\"", "echo '$HOME'",
		"echo \\$HOME", "env FOO=1 prog", "prog --x=1", "echo a#b",
		"echo $", "echo a~b", "git log -1 --format=%H", "test [",
		"pace-helper busy 10", "",
	};
	(void)state;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(cases); i++) {
		const char *why = pace_shell_syntax(cases[i].text);
		assert_non_null(why);
		assert_true(!strncmp(why, cases[i].found, strlen(cases[i].found)));
	}
	for (size_t i = 0; i < PACE_ARRAY_SIZE(plain); i++)
		if (pace_shell_syntax(plain[i]))
			fail_msg("'%s': %s", plain[i], pace_shell_syntax(plain[i]));
}

static void check_duration(const char *s, double want)
{
	double got = -1;
	assert_int_equal(pace_parse_duration(s, &got), 0);
	assert_true(got > want * (1 - 1e-12) - 1e-15 && got < want * (1 + 1e-12) + 1e-15);
}

static void test_parse_duration(void **state)
{
	static const char *const bad[] = {"", "-1", "-1s", "+1", " 1", "1 s",
		"1x", "s", "ms", "abc", "1e999", "nan", "inf", "1.5.2", "1sec2"};
	double d = 123;
	(void)state;

	check_duration("1.5", 1.5);
	check_duration("1.5s", 1.5);
	check_duration("2sec", 2);
	check_duration("200ms", 0.2);
	check_duration("250us", 250e-6);
	check_duration("10ns", 10e-9);
	check_duration("2m", 120);
	check_duration("3min", 180);
	check_duration("1h", 3600);
	check_duration("0", 0);
	check_duration("5MS", 0.005);
	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad); i++)
		assert_int_equal(pace_parse_duration(bad[i], &d), -1);
	assert_true(d == 123); /* untouched on failure */
	assert_int_equal(pace_parse_duration(NULL, &d), -1);
}

static void test_parse_size(void **state)
{
	static const char *const bad[] = {"", "-1", "-1k", "k", "1x", "1 TB",
		"1e30", "99999999999GB", " 1", "abc", "nan"};
	uint64_t b = 7;
	(void)state;

	assert_int_equal(pace_parse_size("1048576", &b), 0);
	assert_int_equal(b, 1048576);
	assert_int_equal(pace_parse_size("64k", &b), 0);
	assert_int_equal(b, 65536);
	assert_int_equal(pace_parse_size("64KiB", &b), 0);
	assert_int_equal(b, 65536);
	assert_int_equal(pace_parse_size("2kb", &b), 0);
	assert_int_equal(b, 2000);
	assert_int_equal(pace_parse_size("10MB", &b), 0);
	assert_int_equal(b, 10000000);
	assert_int_equal(pace_parse_size("10M", &b), 0);
	assert_int_equal(b, 10485760);
	assert_int_equal(pace_parse_size("1GiB", &b), 0);
	assert_int_equal(b, 1073741824);
	assert_int_equal(pace_parse_size("1.5k", &b), 0);
	assert_int_equal(b, 1536);
	assert_int_equal(pace_parse_size("100 MB", &b), 0);
	assert_int_equal(b, 100000000);
	assert_int_equal(pace_parse_size("0", &b), 0);
	assert_int_equal(b, 0);
	b = 7;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad); i++)
		assert_int_equal(pace_parse_size(bad[i], &b), -1);
	assert_int_equal(b, 7);
}

static void test_parse_uint(void **state)
{
	static const char *const bad[] = {"", "-1", "+1", " 1", "1 ", "1.0",
		"12a", "0x10", "18446744073709551616", "99999999999999999999999"};
	uint64_t v = 9;
	(void)state;

	assert_int_equal(pace_parse_uint("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pace_parse_uint("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(pace_parse_uint("007", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(pace_parse_uint("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	v = 9;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(bad); i++)
		assert_int_equal(pace_parse_uint(bad[i], &v), -1);
	assert_int_equal(pace_parse_uint(NULL, &v), -1);
	assert_int_equal(v, 9);
}

static void test_match_pattern(void **state)
{
	(void)state;
	/* Without glob characters: substring. */
	assert_true(pace_match_pattern("sort", "suite/sort-large"));
	assert_true(pace_match_pattern("", "anything"));
	assert_false(pace_match_pattern("Sort", "sort"));
	/* With them: the whole text must match. */
	assert_true(pace_match_pattern("sort*", "sort-large"));
	assert_false(pace_match_pattern("sort*", "suite/sort-large"));
	assert_true(pace_match_pattern("*/sort-*", "suite/sort-large"));
	assert_true(pace_match_pattern("s?rt", "sort"));
	assert_false(pace_match_pattern("s?rt", "sorted"));
	assert_true(pace_match_pattern("[ab]x", "bx"));
	assert_false(pace_match_pattern("[ab]x", "cx"));
}

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pace-test-util-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char *cmd = pace_xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);
	(void)state;
	free(cmd);
	return rc;
}

static void test_file_round_trip(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf in = PACE_STRBUF_INIT;
	char *path = pace_xasprintf("%s/data.bin", tmpdir);
	char big[200000];
	(void)state;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 % 251);
	assert_int_equal(pace_write_file(path, big, sizeof(big), &err), 0);
	assert_int_equal(pace_read_file(path, &in, &err), 0);
	assert_int_equal(in.len, sizeof(big));
	assert_memory_equal(in.buf, big, sizeof(big));
	/* Overwrite with something shorter; an empty file reads as "". */
	assert_int_equal(pace_write_file(path, "", 0, &err), 0);
	pace_strbuf_release(&in);
	assert_int_equal(pace_read_file(path, &in, &err), 0);
	assert_non_null(in.buf);
	assert_int_equal(in.len, 0);
	assert_string_equal(in.buf, "");
	/* No temporary file left next to it. */
	{
		char *tmp = pace_xasprintf("%s.tmp.%ld", path, (long)getpid());
		assert_int_equal(access(tmp, F_OK), -1);
		free(tmp);
	}
	pace_strbuf_release(&in);
	pace_error_release(&err);
	free(path);
}

static void test_file_errors(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf in = PACE_STRBUF_INIT;
	char *missing = pace_xasprintf("%s/nope.txt", tmpdir);
	char *want = pace_xasprintf("cannot read '%s': No such file or directory", missing);
	char *nodir = pace_xasprintf("%s/no/such/dir/x", tmpdir);
	(void)state;

	assert_int_equal(pace_read_file(missing, &in, &err), PACE_EIO);
	assert_int_equal(err.code, PACE_EIO);
	assert_string_equal(pace_error_msg(&err), want);
	free(want);
	want = pace_xasprintf("cannot read '%s': is a directory", tmpdir);
	assert_int_equal(pace_read_file(tmpdir, &in, &err), PACE_EIO);
	assert_string_equal(pace_error_msg(&err), want);
	free(want);
	want = pace_xasprintf("cannot write '%s': No such file or directory", nodir);
	assert_int_equal(pace_write_file(nodir, "x", 1, &err), PACE_EIO);
	assert_string_equal(pace_error_msg(&err), want);
	free(want);
	pace_strbuf_release(&in);
	pace_error_release(&err);
	free(missing);
	free(nodir);
}

static void test_mkdirs(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *deep = pace_xasprintf("%s/a/b/c", tmpdir);
	char *file = pace_xasprintf("%s/plain", tmpdir);
	char *under = pace_xasprintf("%s/plain/sub", tmpdir);
	struct stat st;
	(void)state;

	assert_int_equal(pace_mkdirs(deep, &err), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(pace_mkdirs(deep, &err), 0); /* exists: fine */
	assert_int_equal(pace_write_file(file, "x", 1, &err), 0);
	assert_int_equal(pace_mkdirs(file, &err), PACE_EIO);
	assert_non_null(strstr(pace_error_msg(&err), "cannot create directory"));
	assert_int_equal(pace_mkdirs(under, &err), PACE_EIO);
	assert_non_null(strstr(pace_error_msg(&err), "Not a directory"));
	/* Used to read past the end of its copy of the path. */
	assert_int_equal(pace_mkdirs("", &err), PACE_EIO);
	assert_string_equal(pace_error_msg(&err), "cannot create directory '': empty path");
	assert_int_equal(pace_mkdirs("/", &err), 0);
	pace_error_release(&err);
	free(deep);
	free(file);
	free(under);
}

static void test_iso8601(void **state)
{
	char out[32];
	(void)state;

	pace_iso8601(out, 0);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	pace_iso8601(out, 1764678896789LL);
	assert_string_equal(out, "2025-12-02T12:34:56.789Z");
	pace_iso8601(out, 1764678896007LL);
	assert_string_equal(out, "2025-12-02T12:34:56.007Z");
	pace_iso8601_now(out);
	assert_int_equal(strlen(out), 24);
	assert_int_equal(out[10], 'T');
	assert_int_equal(out[23], 'Z');
	assert_true(pace_now_ns() > 0);
}

static void test_error(void **state)
{
	struct pace_error err = PACE_ERROR_INIT;
	(void)state;

	assert_string_equal(pace_error_msg(&err), "unknown error");
	assert_int_equal(pace_error_set(&err, PACE_EUSAGE, "bad '%s'", "x"), PACE_EUSAGE);
	assert_string_equal(pace_error_msg(&err), "bad 'x'");
	pace_error_set(&err, PACE_EIO, "second");
	assert_string_equal(pace_error_msg(&err), "second");
	assert_int_equal(err.code, PACE_EIO);
	assert_int_equal(pace_error_set(NULL, PACE_EIO, "ignored"), PACE_EIO);
	pace_error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf_growth),
		cmocka_unit_test(test_strbuf_detach),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_split_commas),
		cmocka_unit_test(test_join_quoted),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_split_words_errors),
		cmocka_unit_test(test_shell_syntax),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_match_pattern),
		cmocka_unit_test(test_file_round_trip),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_mkdirs),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
