/*
 * sanitize.h - the one place that decides how untrusted text may leave
 * pace: names, commands and a benchmark's output reaching a terminal
 * (no escape sequences: a test name must not set the window title or
 * clear the screen), CSV cells (no spreadsheet formulas), secrets on a
 * benchmark's command line (redacted wherever the command is shown or
 * stored; the executed argv keeps the real value), and input echoed in
 * error messages (bounded).
 *
 * Everything appends to a pace_strbuf or returns a new string the caller
 * frees.  Nothing here prints.
 */
#ifndef PACE_SANITIZE_H
#define PACE_SANITIZE_H

#include "util/util.h"

/* Keep '\n' and '\t' (a command's output, multi-line messages). */
#define PACE_SAN_KEEP_LINES 1u

/* Appends s[0..len) with every control character (C0 but the kept ones,
 * DEL, and the C1 range U+0080..U+009F, which terminals also obey) as a
 * visible "\x1b".  Other bytes, UTF-8 included, are kept. */
void pace_sanitize_term(struct pace_strbuf *out, const char *s, size_t len,
			unsigned flags);
/* The same as a new string; NULL for NULL. */
char *pace_sanitize_term_dup(const char *s, unsigned flags);
/* True when s holds anything pace_sanitize_term() would escape. */
bool pace_sanitize_term_needed(const char *s, size_t len, unsigned flags);

/* Appends at most `max` bytes of s (cut on a UTF-8 boundary, then "…")
 * through pace_sanitize_term(): for echoing a user's input in a message
 * (a 5 MB line must not make a 5 MB error). */
void pace_sanitize_excerpt(struct pace_strbuf *out, const char *s, size_t max,
			   unsigned flags);
/* The excerpt length messages use for an echoed value, and the most a
 * whole message printed by cli/ may hold. */
#define PACE_EXCERPT_MAX 200
#define PACE_MESSAGE_MAX 2000

/* A text cell a spreadsheet would run as a formula (it starts with '=',
 * '+', '-', '@', tab or CR, per OWASP's CSV-injection advice) and that
 * is not a number: the CSV writer prefixes it with '. */
bool pace_csv_needs_guard(const char *cell);

/* Secrets in a command as shown: the value of an option or variable whose
 * name says it is one (--password=V, --token V, TOKEN=V, AWS_SECRET_KEY=V,
 * --api-key V, ...) and whatever follows "Authorization:" become "***".
 * pace_redact_text() reads shell-like text (quotes kept); pace_redact_argv()
 * returns a redacted copy of an argv vector. */
char *pace_redact_text(const char *text);
void pace_redact_argv(struct pace_strvec *out, const struct pace_strvec *argv);
/* True for a variable or option name that names a secret. */
bool pace_secret_name(const char *name, size_t len);

#endif
