/*
 * test_svg.c - the drawing kit behind report.html (src/report/svg.h):
 * HTML escaping of everything a user supplies, axis ticks, and that each
 * chart draws what it was given (bars, whiskers, outliers, regressions),
 * with hostile labels escaped in text and in attributes.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/svg.h"

#define EVIL "<script>alert('x') & \"y\"</script>"
#define EVIL_ESCAPED "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"

static char *buf;
static size_t len;

static FILE *open_buf(void)
{
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	return f;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_escape(void **state)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	FILE *f = open_buf();

	(void)state;
	pace_html_escape(f, EVIL);
	pace_html_escape(f, NULL);
	pace_html_escape(f, "plain µs ±");
	fclose(f);
	assert_string_equal(buf, EVIL_ESCAPED "plain µs ±");
	free(buf);
	pace_html_escape_buf(&sb, EVIL);
	pace_html_escape_buf(&sb, NULL);
	assert_string_equal(pace_strbuf_str(&sb), EVIL_ESCAPED);
	pace_strbuf_release(&sb);
}

static void test_ticks(void **state)
{
	double t[12];
	size_t n;

	(void)state;
	n = pace_svg_ticks(0, 1, 5, t, 12);
	assert_int_equal(n, 6);
	assert_true(t[0] == 0 && fabs(t[1] - 0.2) < 1e-12 && t[5] == 1.0);
	n = pace_svg_ticks(0, 43.3, 5, t, 12);
	assert_int_equal(n, 6);
	assert_true(t[1] == 10 && t[5] == 50);
	n = pace_svg_ticks(0.0012, 0.0047, 4, t, 12);
	assert_true(fabs(t[0] - 0.001) < 1e-15);
	assert_true(t[n - 1] >= 0.0047);
	assert_int_equal(pace_svg_ticks(3, 3, 5, t, 12), 1);
	assert_int_equal(pace_svg_ticks(NAN, 3, 5, t, 12), 0);
	assert_int_equal(pace_svg_ticks(5, 3, 5, t, 12), 0);
	/* never more than asked for */
	assert_int_equal(pace_svg_ticks(0, 1e9, 5, t, 3), 3);
}

static void test_bars(void **state)
{
	const char *cats[] = {EVIL, "b"};
	const char *series[] = {"x", "y\"z"};
	const double v[] = {1, 2, 3, NAN};
	const double lo[] = {0.5, NAN, 2.5, NAN}, hi[] = {1.5, NAN, 3.5, NAN};
	struct pace_svg_bars b = {"Title " EVIL, "ms", cats, 2, series, 2, v,
				  lo, hi, 1.0};
	FILE *f = open_buf();

	(void)state;
	pace_svg_bars(f, &b);
	fclose(f);
	assert_non_null(strstr(buf, "<svg class=\"chart\" viewBox="));
	assert_non_null(strstr(buf, "aria-label=\"Title " EVIL_ESCAPED "\""));
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "y\"z"));
	assert_non_null(strstr(buf, "y&quot;z"));
	/* three bars (NaN draws none), two whiskers, a legend of two */
	assert_int_equal(count(buf, "<rect class=\"s"), 3 + 2);
	assert_int_equal(count(buf, "class=\"wh\""), 2);
	assert_int_equal(count(buf, "class=\"ref\""), 1);
	assert_int_equal(count(buf, "</svg>"), 1);
	free(buf);
}

static void test_boxes(void **state)
{
	const double x[] = {10, 11, 11, 12, 12, 12, 13, 13, 14, 40};
	const double none[] = {0};
	struct pace_svg_box_row rows[] = {{EVIL, x, 10}, {"empty", none, 0}};
	FILE *f = open_buf();

	(void)state;
	pace_svg_boxes(f, "dist", "ms", rows, 2);
	fclose(f);
	/* 40 is beyond q3 + 1.5 IQR: the one outlier */
	assert_int_equal(count(buf, "class=\"out\""), 1);
	assert_non_null(strstr(buf, "outlier 40"));
	assert_int_equal(count(buf, "class=\"med\""), 1);
	assert_non_null(strstr(buf, "no successful runs"));
	assert_non_null(strstr(buf, EVIL_ESCAPED));
	assert_null(strstr(buf, "<script"));
	free(buf);
}

static void test_lines_and_empty(void **state)
{
	const char *x[] = {"r1", "r2", EVIL};
	const char *s[] = {"a", "b"};
	const double y[] = {1, 2, 3, 2, NAN, 2};
	const bool mark[] = {false, false, true, false, false, false};
	struct pace_svg_lines l = {"trend", "ms", x, 3, s, 2, y, mark};
	FILE *f = open_buf();

	(void)state;
	pace_svg_lines(f, &l);
	pace_svg_empty(f, "History", "no history " EVIL);
	fclose(f);
	assert_int_equal(count(buf, "class=\"reg"), 1);
	assert_int_equal(count(buf, "class=\"pt"), 4);
	/* the NaN breaks series b into two pieces */
	assert_non_null(strstr(buf, "class=\"ln s1\" d=\"M"));
	assert_int_equal(count(buf, "</svg>"), 2);
	assert_non_null(strstr(buf, "no history " EVIL_ESCAPED));
	assert_null(strstr(buf, "<script"));
	free(buf);
}

/* A numeric x axis puts 1, 2, 8 at linear positions, and each point's
 * interval is a whisker clamped at the axis. */
static void test_lines_numeric_x_and_whiskers(void **state)
{
	const char *x[] = {"1", "2", "8"};
	const char *s[] = {"a"};
	const double xv[] = {1, 2, 8}, y[] = {1, 2, 3};
	const double lo[] = {-5, 1.5, NAN}, hi[] = {2, 2.5, NAN};
	struct pace_svg_lines l = {"sweep", "ms", x, 3, s, 1, y, NULL, xv, lo, hi};
	double px[3];
	const char *p;
	FILE *f = open_buf();

	(void)state;
	pace_svg_lines(f, &l);
	fclose(f);
	p = strstr(buf, "class=\"ln s0\" d=\"M");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "class=\"ln s0\" d=\"M%lf %*f L%lf %*f L%lf",
				&px[0], &px[1], &px[2]), 3);
	/* the gap from 2 to 8 is six times the gap from 1 to 2 */
	assert_true(fabs((px[2] - px[1]) - 6 * (px[1] - px[0])) < 0.5);
	/* two whiskers (the third point has no interval) */
	assert_int_equal(count(buf, "class=\"ci s0\""), 2);
	assert_non_null(strstr(buf, "interval -5 to 2 ms"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_boxes),
		cmocka_unit_test(test_lines_and_empty),
		cmocka_unit_test(test_lines_numeric_x_and_whiskers),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
