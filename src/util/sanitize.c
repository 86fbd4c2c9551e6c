/*
 * sanitize.c - terminal text, CSV cells, secrets and bounded excerpts: see
 * sanitize.h.  The rules are deliberately simple and conservative: a
 * false positive only changes how a command is shown (never what runs),
 * while a miss leaks a password into a report or lets a benchmark's name
 * drive the reader's terminal.
 */
#include <ctype.h>
#include <strings.h>

#include "util/sanitize.h"

/* ---- terminal text ---------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 :
		   (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;

	if (!n || n > left || (n == 2 && s[0] < 0xc2))
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Bytes to escape at s, or 0 to keep the sequence of *keep bytes. */
static size_t escape_len(const unsigned char *s, size_t left, unsigned flags,
			 size_t *keep)
{
	size_t n;

	*keep = 1;
	if (s[0] < 0x20)
		return (flags & PACE_SAN_KEEP_LINES) &&
		       (s[0] == '\n' || s[0] == '\t') ? 0 : 1;
	if (s[0] == 0x7f)
		return 1;
	if (s[0] < 0x80)
		return 0;
	n = utf8_len(s, left);
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 2; /* U+0080..U+009F: C1 controls (CSI is U+009B) */
	if (!n)
		return 1; /* a stray byte: 0x9b alone is CSI to some terminals */
	*keep = n;
	return 0;
}

void pace_sanitize_term(struct pace_strbuf *out, const char *s, size_t len,
			unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, keep, esc;

	while (i < len) {
		esc = escape_len(p + i, len - i, flags, &keep);
		if (!esc) {
			pace_strbuf_add(out, p + i, keep);
			i += keep;
			continue;
		}
		for (size_t k = 0; k < esc; k++)
			pace_strbuf_addf(out, "\\x%02x", p[i + k]);
		i += esc;
	}
	if (!out->buf)
		pace_strbuf_add(out, "", 0);
}

bool pace_sanitize_term_needed(const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t keep;

	for (size_t i = 0; i < len; i += keep)
		if (escape_len(p + i, len - i, flags, &keep))
			return true;
	return false;
}

char *pace_sanitize_term_dup(const char *s, unsigned flags)
{
	struct pace_strbuf out = PACE_STRBUF_INIT;

	if (!s)
		return NULL;
	pace_sanitize_term(&out, s, strlen(s), flags);
	return pace_strbuf_detach(&out);
}

void pace_sanitize_excerpt(struct pace_strbuf *out, const char *s, size_t max,
			   unsigned flags)
{
	size_t len = strlen(s), cut = len;

	if (len > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	pace_sanitize_term(out, s, cut, flags);
	if (cut < len)
		pace_strbuf_adds(out, "\u2026");
}

/* ---- CSV cells --------------------------------------------------------- */

bool pace_csv_needs_guard(const char *cell)
{
	char *end;

	if (!cell || !*cell || !strchr("=+-@\t\r", *cell))
		return false;
	/* "-1.5" and "+3" stay numbers: only text cells are guarded */
	(void)strtod(cell, &end);
	return *end || end == cell || !strpbrk(cell, "0123456789");
}

/* ---- secrets ------------------------------------------------------------ */

static bool has_word(const char *lower, const char *w)
{
	return strstr(lower, w) != NULL;
}

static bool ends_with(const char *lower, size_t n, const char *w)
{
	size_t m = strlen(w);
	return n >= m && !memcmp(lower + n - m, w, m);
}

bool pace_secret_name(const char *name, size_t len)
{
	static const char *const words[] = {"password", "passwd", "passphrase",
		"token", "secret", "apikey", "api-key", "api_key", "credential",
		"private-key", "private_key", "access-key", "access_key"};
	char lower[128];
	size_t n = 0;

	while (len && *name == '-')
		name++, len--;
	if (!len || len >= sizeof(lower))
		return false;
	for (; n < len; n++)
		lower[n] = (char)tolower((unsigned char)name[n]);
	lower[n] = '\0';
	for (size_t i = 0; i < PACE_ARRAY_SIZE(words); i++)
		if (has_word(lower, words[i]))
			return true;
	/* AWS_SECRET_KEY, GPG-KEY; not `sort --key 2` */
	return ends_with(lower, n, "_key") || ends_with(lower, n, "-key");
}

static const char *find_auth(const char *s, size_t len)
{
	static const char h[] = "authorization:";

	for (size_t i = 0; i + sizeof(h) - 1 <= len; i++)
		if (!strncasecmp(s + i, h, sizeof(h) - 1))
			return s + i + sizeof(h) - 1;
	return NULL;
}

/* Where the value of NAME=VALUE starts in w[0..len) (after quotes and
 * dashes of the name), or NULL when w is no secret assignment. */
static const char *secret_value(const char *w, size_t len)
{
	const char *eq = memchr(w, '=', len), *b = w;

	if (!eq)
		return NULL;
	while (b < eq && (*b == '\'' || *b == '"'))
		b++;
	return pace_secret_name(b, (size_t)(eq - b)) ? eq + 1 : NULL;
}

/* An option (-x, --name) without '=' whose next word is its secret. */
static bool secret_option(const char *w, size_t len)
{
	while (len && (*w == '\'' || *w == '"'))
		w++, len--;
	return len > 1 && *w == '-' && !memchr(w, '=', len) &&
	       pace_secret_name(w, len);
}

/* Blanks and the shell's operators end a word (TOKEN=x;next). */
static bool is_separator(char c)
{
	return isspace((unsigned char)c) || (c && strchr(";&|<>()", c));
}

/* The end of the shell-like word starting at s (quotes and backslashes
 * keep blanks inside it). */
static const char *word_end(const char *s)
{
	char q = 0;

	for (; *s; s++) {
		if (q) {
			if (*s == q)
				q = 0;
			else if (*s == '\\' && q == '"' && s[1])
				s++;
		} else if (*s == '\'' || *s == '"') {
			q = *s;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (is_separator(*s)) {
			break;
		}
	}
	return s;
}

/* What the word after this one is: */
enum { SHOW, HIDE_VALUE, HIDE_AUTH };

static bool auth_scheme(const char *w, size_t len)
{
	return (len == 6 && !strncasecmp(w, "bearer", 6)) ||
	       (len == 5 && (!strncasecmp(w, "basic", 5) ||
			     !strncasecmp(w, "token", 5)));
}

/* Appends w[0..len) redacted as `state` (from the word before) says, and
 * returns the state of the next word. */
static int redact_word(struct pace_strbuf *out, const char *w, size_t len,
		       int state)
{
	const char *auth = find_auth(w, len), *v = auth;
	char q = (*w == '\'' || *w == '"') && len > 1 && w[len - 1] == *w ? *w : 0;

	if (state != SHOW) {
		pace_strbuf_adds(out, "***");
		/* "Authorization: Bearer X": the scheme, then the secret */
		return state == HIDE_AUTH && auth_scheme(w, len) ? HIDE_VALUE : SHOW;
	}
	if (!v)
		v = secret_value(w, len);
	else
		while ((size_t)(v - w) < len && *v == ' ')
			v++;
	if (v && (size_t)(v - w) + (q ? 1 : 0) < len) {
		pace_strbuf_add(out, w, (size_t)(v - w));
		pace_strbuf_adds(out, "***");
		if (q)
			pace_strbuf_addc(out, q);
		return SHOW;
	}
	pace_strbuf_add(out, w, len);
	if (auth)
		return HIDE_AUTH; /* "Authorization:" alone: the value follows */
	return secret_option(w, len) ? HIDE_VALUE : SHOW;
}

char *pace_redact_text(const char *text)
{
	struct pace_strbuf out = PACE_STRBUF_INIT;
	const char *s = text;
	int state = SHOW;

	if (!text)
		return NULL;
	while (*s) {
		const char *e;
		if (is_separator(*s)) {
			pace_strbuf_addc(&out, *s++);
			continue;
		}
		e = word_end(s);
		state = redact_word(&out, s, (size_t)(e - s), state);
		s = e;
	}
	if (!out.buf)
		pace_strbuf_add(&out, "", 0);
	return pace_strbuf_detach(&out);
}

void pace_redact_argv(struct pace_strvec *out, const struct pace_strvec *argv)
{
	struct pace_strbuf w = PACE_STRBUF_INIT;
	int state = SHOW;

	for (size_t i = 0; i < argv->n; i++) {
		const char *a = argv->v[i];
		size_t len = strlen(a);
		/* a whole command in one argument ("sh -c '...'", or pace's
		 * own "pace run -- 'curl --token X'") is read as text */
		if (state == SHOW && strpbrk(a, " \t\n") && !find_auth(a, len)) {
			char *r = pace_redact_text(a);
			pace_strvec_push(out, r);
			free(r);
			continue;
		}
		pace_strbuf_reset(&w);
		state = redact_word(&w, a, len, state);
		pace_strvec_push(out, pace_strbuf_str(&w));
	}
	pace_strbuf_release(&w);
}
