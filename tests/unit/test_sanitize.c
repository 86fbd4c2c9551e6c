/*
 * test_sanitize.c - the one sanitiser (src/util/sanitize.c): terminal
 * escapes, CSV formula guards, secret redaction and bounded excerpts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/sanitize.h"

static void term_is(const char *in, unsigned flags, const char *want)
{
	char *got = pace_sanitize_term_dup(in, flags);
	if (strcmp(got, want))
		fail_msg("sanitize '%s': got '%s', want '%s'", in, got, want);
	assert_int_equal(pace_sanitize_term_needed(in, strlen(in), flags),
			 strcmp(in, want) != 0);
	free(got);
}

static void test_terminal(void **state)
{
	(void)state;
	term_is("plain name", 0, "plain name");
	term_is("caf\xc3\xa9 \xe2\x9c\x93", 0, "caf\xc3\xa9 \xe2\x9c\x93"); /* UTF-8 kept */
	term_is("\x1b]0;pwned\x07title", 0, "\\x1b]0;pwned\\x07title");  /* OSC title */
	term_is("\x1b[2J\x1b[H", 0, "\\x1b[2J\\x1b[H");                  /* clear screen */
	term_is("a\nb\tc\r", 0, "a\\x0ab\\x09c\\x0d");
	term_is("a\nb\tc\r", PACE_SAN_KEEP_LINES, "a\nb\tc\\x0d");
	term_is("del\x7f", 0, "del\\x7f");
	term_is("c1 \xc2\x9b" "31m", 0, "c1 \\xc2\\x9b31m");            /* U+009B CSI */
	term_is("stray \x9b" "31m", 0, "stray \\x9b31m");               /* 8-bit CSI */
	term_is("nbsp \xc2\xa0", 0, "nbsp \xc2\xa0");
}

static void test_excerpt(void **state)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	char *big = malloc(5000001);

	(void)state;
	memset(big, 'x', 5000000);
	big[5000000] = '\0';
	pace_sanitize_excerpt(&sb, big, PACE_EXCERPT_MAX, 0);
	assert_int_equal(sb.len, PACE_EXCERPT_MAX + strlen("\u2026"));
	assert_string_equal(sb.buf + PACE_EXCERPT_MAX, "\u2026");
	pace_strbuf_reset(&sb);
	/* never cut inside a UTF-8 sequence */
	pace_sanitize_excerpt(&sb, "ab\xc3\xa9", 3, 0);
	assert_string_equal(sb.buf, "ab\u2026");
	pace_strbuf_reset(&sb);
	pace_sanitize_excerpt(&sb, "short\x1b", 200, 0);
	assert_string_equal(sb.buf, "short\\x1b");
	pace_strbuf_release(&sb);
	free(big);
}

static void test_csv_guard(void **state)
{
	(void)state;
	assert_true(pace_csv_needs_guard("=HYPERLINK(\"http://x\")"));
	assert_true(pace_csv_needs_guard("+cmd"));
	assert_true(pace_csv_needs_guard("-2+3+cmd|' /C calc'!A0"));
	assert_true(pace_csv_needs_guard("@SUM(A1)"));
	assert_true(pace_csv_needs_guard("\tx"));
	assert_true(pace_csv_needs_guard("\rx"));
	assert_true(pace_csv_needs_guard("-"));
	assert_false(pace_csv_needs_guard("-1.5"));
	assert_false(pace_csv_needs_guard("+3"));
	assert_false(pace_csv_needs_guard("-2e-05"));
	assert_false(pace_csv_needs_guard("name"));
	assert_false(pace_csv_needs_guard(""));
	assert_false(pace_csv_needs_guard(NULL));
}

static void text_is(const char *in, const char *want)
{
	char *got = pace_redact_text(in);
	if (strcmp(got, want))
		fail_msg("redact '%s': got '%s', want '%s'", in, got, want);
	free(got);
}

static void test_redact_text(void **state)
{
	(void)state;
	text_is("curl --password=hunter2 x", "curl --password=*** x");
	text_is("curl --token abc123 x", "curl --token *** x");
	text_is("TOKEN=abc ./run", "TOKEN=*** ./run");
	text_is("AWS_SECRET_ACCESS_KEY=k env", "AWS_SECRET_ACCESS_KEY=*** env");
	text_is("GH_KEY=k; DB_PASSWORD='a b' run", "GH_KEY=***; DB_PASSWORD=*** run");
	text_is("curl -H 'Authorization: Bearer abc' u",
		"curl -H 'Authorization: ***' u");
	text_is("curl -H Authorization: Bearer abc u",
		"curl -H Authorization: *** *** u");
	text_is("app '--api-key=xyz'", "app '--api-key=***'");
	text_is("sort --key 2 file", "sort --key 2 file"); /* not a secret */
	text_is("echo hello  world", "echo hello  world");
	text_is("", "");
}

static void test_redact_argv(void **state)
{
	struct pace_strvec in = {0}, out = {0};
	const char *args[] = {"curl", "--password", "p w", "--token=t",
			      "-H", "Authorization: Basic Zm9v", "MY_SECRET=s",
			      "plain=1", "--key", "k", "curl --token t u"};
	const char *want[] = {"curl", "--password", "***", "--token=***",
			      "-H", "Authorization: ***", "MY_SECRET=***",
			      "plain=1", "--key", "k", "curl --token *** u"};

	(void)state;
	for (size_t i = 0; i < PACE_ARRAY_SIZE(args); i++)
		pace_strvec_push(&in, args[i]);
	pace_redact_argv(&out, &in);
	assert_int_equal(out.n, in.n);
	for (size_t i = 0; i < out.n; i++)
		assert_string_equal(out.v[i], want[i]);
	/* the input, which is what runs, is unchanged */
	assert_string_equal(in.v[2], "p w");
	pace_strvec_release(&in);
	pace_strvec_release(&out);
}

static void test_secret_name(void **state)
{
	(void)state;
	assert_true(pace_secret_name("--password", 10));
	assert_true(pace_secret_name("GITHUB_TOKEN", 12));
	assert_true(pace_secret_name("gpg-key", 7));
	assert_false(pace_secret_name("--key", 5));
	assert_false(pace_secret_name("PATH", 4));
	assert_false(pace_secret_name("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_csv_guard),
		cmocka_unit_test(test_redact_text),
		cmocka_unit_test(test_redact_argv),
		cmocka_unit_test(test_secret_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
