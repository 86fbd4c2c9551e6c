/*
 * strbuf.c - growable strings and string vectors.  Invariant: a strbuf
 * with alloc > 0 is NUL-terminated at len; a strvec with v != NULL has
 * v[n] == NULL, so sv.v can be handed to posix_spawn as an argv.
 */
#include <ctype.h>

#include "util/util.h"

void pace_strbuf_init(struct pace_strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
}

void pace_strbuf_release(struct pace_strbuf *sb)
{
	free(sb->buf);
	pace_strbuf_init(sb);
}

void pace_strbuf_reset(struct pace_strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void strbuf_reserve(struct pace_strbuf *sb, size_t extra)
{
	PACE_GROW(sb->buf, sb->alloc, sb->len + extra + 1);
}

void pace_strbuf_add(struct pace_strbuf *sb, const void *data, size_t n)
{
	strbuf_reserve(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void pace_strbuf_adds(struct pace_strbuf *sb, const char *s)
{
	pace_strbuf_add(sb, s, strlen(s));
}

void pace_strbuf_addc(struct pace_strbuf *sb, char c)
{
	pace_strbuf_add(sb, &c, 1);
}

void pace_strbuf_vaddf(struct pace_strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	strbuf_reserve(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_reserve(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void pace_strbuf_addf(struct pace_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pace_strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *pace_strbuf_detach(struct pace_strbuf *sb)
{
	char *s;
	if (!sb->buf)
		return pace_xstrdup("");
	s = sb->buf;
	pace_strbuf_init(sb);
	return s;
}

const char *pace_strbuf_str(const struct pace_strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

/* ---- strvec ---------------------------------------------------------- */

void pace_strvec_init(struct pace_strvec *sv)
{
	sv->v = NULL;
	sv->n = 0;
	sv->alloc = 0;
}

void pace_strvec_push(struct pace_strvec *sv, const char *s)
{
	PACE_GROW(sv->v, sv->alloc, sv->n + 2);
	sv->v[sv->n++] = pace_xstrdup(s);
	sv->v[sv->n] = NULL;
}

void pace_strvec_pushf(struct pace_strvec *sv, const char *fmt, ...)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	pace_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	PACE_GROW(sv->v, sv->alloc, sv->n + 2);
	sv->v[sv->n++] = pace_strbuf_detach(&sb);
	sv->v[sv->n] = NULL;
}

void pace_strvec_copy(struct pace_strvec *dst, const struct pace_strvec *src)
{
	for (size_t i = 0; i < src->n; i++)
		pace_strvec_push(dst, src->v[i]);
}

bool pace_strvec_contains(const struct pace_strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void pace_strvec_release(struct pace_strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	pace_strvec_init(sv);
}

size_t pace_strvec_split_commas(struct pace_strvec *sv, const char *s)
{
	size_t before = sv->n;

	while (*s) {
		const char *comma = strchr(s, ',');
		const char *end = comma ? comma : s + strlen(s);
		const char *b = s, *e = end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b) {
			char *item = pace_xstrndup(b, (size_t)(e - b));
			pace_strvec_push(sv, item);
			free(item);
		}
		s = comma ? comma + 1 : end;
	}
	return sv->n - before;
}

void pace_strvec_join_quoted(struct pace_strbuf *out,
			     const struct pace_strvec *sv, const char *sep)
{
	for (size_t i = 0; i < sv->n; i++) {
		const char *a = sv->v[i];
		if (i)
			pace_strbuf_adds(out, sep);
		if (*a && !strpbrk(a, " \t\n'\"\\$`*?[]|&;<>()")) {
			pace_strbuf_adds(out, a);
			continue;
		}
		pace_strbuf_addc(out, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				pace_strbuf_adds(out, "'\\''");
			else
				pace_strbuf_addc(out, *a);
		}
		pace_strbuf_addc(out, '\'');
	}
}
