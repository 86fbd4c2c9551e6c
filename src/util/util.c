/*
 * util.c - allocation wrappers, the error record, clocks and the small
 * parsers (durations, sizes, integers, shell-like words) that config,
 * suites and flags share, so that "1.5s" means the same thing everywhere.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <time.h>

#include "util/util.h"
#include "model.h"

static void die_oom(size_t n)
{
	/* Out of memory is not recoverable in a measuring tool: abort
	 * loudly rather than limp on with half-built state. */
	fprintf(stderr, "pace: fatal: out of memory allocating %zu bytes\n", n);
	abort();
}

void *pace_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *pace_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom(count * size);
	return p;
}

void *pace_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *pace_xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die_oom(strlen(s) + 1);
	return p;
}

char *pace_xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p)
		die_oom(n + 1);
	return p;
}

char *pace_xasprintf(const char *fmt, ...)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pace_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return pace_strbuf_detach(&sb);
}

void pace_grow(void **items, size_t *alloc, size_t need, size_t elem_size)
{
	size_t n;
	if (need <= *alloc)
		return;
	n = *alloc ? *alloc : 8;
	while (n < need)
		n = n / 2 * 3 + 8;
	*items = pace_xrealloc(*items, n * elem_size);
	*alloc = n;
}

/* ---- errors ---------------------------------------------------------- */

void pace_error_init(struct pace_error *e)
{
	e->code = 0;
	pace_strbuf_init(&e->msg);
}

void pace_error_release(struct pace_error *e)
{
	pace_strbuf_release(&e->msg);
	e->code = 0;
}

int pace_error_set(struct pace_error *e, int code, const char *fmt, ...)
{
	va_list ap;
	if (!e)
		return code;
	pace_strbuf_reset(&e->msg);
	va_start(ap, fmt);
	pace_strbuf_vaddf(&e->msg, fmt, ap);
	va_end(ap);
	e->code = code;
	return code;
}

const char *pace_error_msg(const struct pace_error *e)
{
	return e->msg.len ? e->msg.buf : "unknown error";
}

const char *pace_fail_name(enum pace_fail f)
{
	switch (f) {
	case PACE_FAIL_NONE: return "none";
	case PACE_FAIL_SPAWN: return "spawn";
	case PACE_FAIL_EXIT: return "exit-code";
	case PACE_FAIL_SIGNAL: return "signal";
	case PACE_FAIL_TIMEOUT: return "timeout";
	case PACE_FAIL_LEFTOVER: return "leftover-processes";
	case PACE_FAIL_OUTPUT: return "output-limit";
	case PACE_FAIL_VALIDATION: return "validation";
	case PACE_FAIL_HOOK: return "hook";
	case PACE_FAIL_MEMORY: return "memory-limit";
	}
	return "unknown";
}

static const char *const executor_names[] = {
	[PACE_EXECUTOR_DEFAULT] = "default", [PACE_EXECUTOR_LOCAL] = "local",
	[PACE_EXECUTOR_SANDBOX] = "sandbox", [PACE_EXECUTOR_DOCKER] = "docker"};

int pace_executor_parse(const char *name)
{
	for (int i = PACE_EXECUTOR_LOCAL; name && i <= PACE_EXECUTOR_DOCKER; i++)
		if (!strcmp(name, executor_names[i]))
			return i;
	return -1;
}

const char *pace_executor_name(enum pace_executor e)
{
	return e <= PACE_EXECUTOR_DOCKER ? executor_names[e] : "unknown";
}

/* ---- time ------------------------------------------------------------ */

int64_t pace_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t pace_unix_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void pace_iso8601(char out[32], int64_t unix_ms)
{
	time_t t = (time_t)(unix_ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03uZ", (unsigned)(unix_ms % 1000) % 1000u);
}

void pace_iso8601_now(char out[32])
{
	pace_iso8601(out, pace_unix_ms());
}

/* ---- parsers --------------------------------------------------------- */

int pace_parse_uint(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static double unit_factor(const char *u, const char *const *names,
			  const double *factors, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(u, names[i]))
			return factors[i];
	return -1;
}

int pace_parse_duration(const char *s, double *seconds)
{
	static const char *const names[] = {"", "s", "sec", "ms", "us", "ns",
					    "m", "min", "h"};
	static const double factors[] = {1, 1, 1, 1e-3, 1e-6, 1e-9,
					 60, 60, 3600};
	char *end;
	double v, f;
	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return -1;
	f = unit_factor(end, names, factors, PACE_ARRAY_SIZE(names));
	if (f < 0)
		return -1;
	*seconds = v * f;
	return 0;
}

int pace_parse_size(const char *s, uint64_t *bytes)
{
	static const char *const names[] = {"", "b", "k", "kb", "kib", "m",
					    "mb", "mib", "g", "gb", "gib"};
	static const double factors[] = {1, 1, 1024, 1e3, 1024, 1048576, 1e6,
					 1048576, 1073741824.0, 1e9,
					 1073741824.0};
	char *end;
	double v, f;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	f = unit_factor(end, names, factors, PACE_ARRAY_SIZE(names));
	if (f < 0 || v * f > 9.0e18)
		return -1;
	*bytes = (uint64_t)(v * f + 0.5);
	return 0;
}

/* Splits like a POSIX shell would for quoting only: no variables, globs,
 * redirections or substitutions.  That is what `--shell` is for. */
int pace_split_words(struct pace_strvec *out, const char *line,
		     const char **why)
{
	struct pace_strbuf w = PACE_STRBUF_INIT;
	const char *p = line;
	bool in_word = false;

	while (*p) {
		if (isspace((unsigned char)*p)) {
			if (in_word)
				pace_strvec_push(out, pace_strbuf_str(&w));
			pace_strbuf_reset(&w);
			in_word = false;
			p++;
			continue;
		}
		in_word = true;
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				goto unterminated;
			pace_strbuf_add(&w, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (*p == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				pace_strbuf_addc(&w, *p++);
			}
			if (!*p)
				goto unterminated;
			p++;
		} else if (*p == '\\') {
			if (p[1])
				p++;
			pace_strbuf_addc(&w, *p++);
		} else {
			pace_strbuf_addc(&w, *p++);
		}
	}
	if (in_word)
		pace_strvec_push(out, pace_strbuf_str(&w));
	pace_strbuf_release(&w);
	return 0;
unterminated:
	pace_strbuf_release(&w);
	if (why)
		*why = "unterminated quote";
	return -1;
}

bool pace_match_pattern(const char *pattern, const char *text)
{
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, text, 0) == 0;
	return strstr(text, pattern) != NULL;
}
