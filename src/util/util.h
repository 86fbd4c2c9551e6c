/*
 * util.h - the small toolbox every pace module shares: allocation wrappers
 * that abort on out-of-memory (so callers never carry half-built state
 * around), a growable string buffer for building text, a growable array of
 * strings, and the error record through which modules report problems
 * without printing (only cli/ talks to the user).
 *
 * Lifecycle words follow git: _init (no allocation), _release (frees the
 * contents, leaves the struct reusable), _free (contents and struct; NULL ok).
 */
#ifndef PACE_UTIL_H
#define PACE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define PACE_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PACE_PRINTF(f, a)
#endif

#define PACE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: never returns NULL; aborts with a message on exhaustion. */
void *pace_xmalloc(size_t n);
void *pace_xcalloc(size_t count, size_t size);
void *pace_xrealloc(void *p, size_t n);
char *pace_xstrdup(const char *s);
char *pace_xstrndup(const char *s, size_t n);
char *pace_xasprintf(const char *fmt, ...) PACE_PRINTF(1, 2);

/* Grow *items (of elem_size) so that at least `need` fit; updates *alloc. */
void pace_grow(void **items, size_t *alloc, size_t need, size_t elem_size);
#define PACE_GROW(arr, alloc, need)                                          \
	pace_grow((void **)&(arr), &(alloc), (need), sizeof(*(arr)))

/* ---- string buffer ----------------------------------------------------
 * buf is always NUL-terminated once anything was added; len excludes NUL. */
struct pace_strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
#define PACE_STRBUF_INIT {NULL, 0, 0}

void pace_strbuf_init(struct pace_strbuf *sb);
void pace_strbuf_release(struct pace_strbuf *sb);
void pace_strbuf_reset(struct pace_strbuf *sb);
void pace_strbuf_add(struct pace_strbuf *sb, const void *data, size_t n);
void pace_strbuf_adds(struct pace_strbuf *sb, const char *s);
void pace_strbuf_addc(struct pace_strbuf *sb, char c);
void pace_strbuf_addf(struct pace_strbuf *sb, const char *fmt, ...)
	PACE_PRINTF(2, 3);
void pace_strbuf_vaddf(struct pace_strbuf *sb, const char *fmt, va_list ap)
	PACE_PRINTF(2, 0);
/* Gives up ownership of the text (never NULL) and re-initialises sb. */
char *pace_strbuf_detach(struct pace_strbuf *sb);
/* "" when nothing was added yet. */
const char *pace_strbuf_str(const struct pace_strbuf *sb);

/* ---- string list: a NULL-terminated vector, usable as argv ------------ */
struct pace_strvec {
	char **v; /* v[n] == NULL whenever n > 0 or v != NULL */
	size_t n;
	size_t alloc;
};
#define PACE_STRVEC_INIT {NULL, 0, 0}

void pace_strvec_init(struct pace_strvec *sv);
void pace_strvec_push(struct pace_strvec *sv, const char *s);
void pace_strvec_pushf(struct pace_strvec *sv, const char *fmt, ...)
	PACE_PRINTF(2, 3);
void pace_strvec_copy(struct pace_strvec *dst, const struct pace_strvec *src);
bool pace_strvec_contains(const struct pace_strvec *sv, const char *s);
void pace_strvec_release(struct pace_strvec *sv);
/* Splits "a,b, c" on commas, trimming blanks; empty items are skipped.
 * Returns how many items it added (0 for "" or ",,"). */
size_t pace_strvec_split_commas(struct pace_strvec *sv, const char *s);
/* Joins with sep; quotes items that hold blanks or quotes (for display). */
void pace_strvec_join_quoted(struct pace_strbuf *out,
			     const struct pace_strvec *sv, const char *sep);

/* Splits a command line into words with POSIX-shell quoting rules for
 * '...', "..." and backslash, but no expansion of any kind.  Returns 0, or
 * -1 with a reason in *why (static text) on an unterminated quote. */
int pace_split_words(struct pace_strvec *out, const char *line,
		     const char **why);
/* The first construct of a command string that only a shell would
 * interpret and pace_split_words would pass on literally (a pipe, '&&',
 * ';', a redirection, $VAR, a glob, `...`, ~, #, NAME=value first), as a
 * phrase for a message ("'|' (a pipe)"), or NULL when there is none.
 * Quoted or backslash-escaped characters are literal, as in sh. */
const char *pace_shell_syntax(const char *text);
/* text with every {NAME} of names replaced by the value at the same index
 * of values (hyperfine's parameter syntax); other braces stay. */
void pace_substitute(struct pace_strbuf *out, const char *text,
		     const struct pace_strvec *names,
		     const struct pace_strvec *values);

/* ---- errors ------------------------------------------------------------
 * A module that fails records one message a user can act on: lowercase,
 * problem first, subject quoted.  The caller decides whether and how to
 * print it.  Codes are negative PACE_E* values. */
enum pace_errcode {
	PACE_OK = 0,
	PACE_EUSAGE = -2,  /* bad input from the user: config, suite, flag */
	PACE_EINTERNAL = -3, /* pace itself failed (spawn, I/O, ...) */
	PACE_EIO = -4,     /* a file could not be read or written */
};

struct pace_error {
	int code;
	struct pace_strbuf msg;
};
#define PACE_ERROR_INIT {0, PACE_STRBUF_INIT}

void pace_error_init(struct pace_error *e);
void pace_error_release(struct pace_error *e);
/* Records code and message (replacing any earlier one); returns code. */
int pace_error_set(struct pace_error *e, int code, const char *fmt, ...)
	PACE_PRINTF(3, 4);
const char *pace_error_msg(const struct pace_error *e);

/* ---- small helpers ---------------------------------------------------- */
/* Monotonic clock in nanoseconds. */
int64_t pace_now_ns(void);
/* Wall-clock time as ISO 8601 UTC with milliseconds: 2025-12-02T12:34:56.789Z */
void pace_iso8601_now(char out[32]);
void pace_iso8601(char out[32], int64_t unix_ms);
int64_t pace_unix_ms(void);

/* Parses a duration ("1.5", "1.5s", "200ms", "2m") into seconds. */
int pace_parse_duration(const char *s, double *seconds);
/* Parses a byte size ("1048576", "64k", "10MB", "1GiB"). */
int pace_parse_size(const char *s, uint64_t *bytes);
/* Parses a non-negative integer, the whole string; -1 otherwise. */
int pace_parse_uint(const char *s, uint64_t *out);

/* Writes all of buf to path (via a temporary file and rename). */
int pace_write_file(const char *path, const char *buf, size_t len,
		    struct pace_error *err);
/* Writes path by fn(f, ctx) on a stream into a temporary file beside
 * it, renamed into place only when fn returned 0 and every write
 * succeeded: large outputs go to the file as they are made, never whole
 * into memory.  fn's own non-zero return is passed on (with err set to a
 * "cannot write" message when fn did not set one). */
int pace_write_stream(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx,
		      struct pace_error *err);
/* Reads a whole file; *out is NUL-terminated. */
int pace_read_file(const char *path, struct pace_strbuf *out,
		   struct pace_error *err);
/* The largest input file pace reads (suite, config, fixture spec, stats
 * input): documented in the README. */
#define PACE_INPUT_MAX ((size_t)64 << 20)
/* Reads an input text file: at most PACE_INPUT_MAX bytes and no NUL byte
 * (which would silently end it for every reader after), else PACE_EUSAGE
 * naming the file (and line). */
int pace_read_input(const char *path, struct pace_strbuf *out,
		    struct pace_error *err);
/* PACE_EUSAGE "PATH:LINE: a NUL byte ..." when text holds one. */
int pace_text_check(const char *path, const char *text, size_t len,
		    struct pace_error *err);
/* Before a long run: could `dir` be created (or written) and `path` be
 * written (its directory exists and is writable, it is no directory)?
 * PACE_EUSAGE "WHAT 'PATH': ..." otherwise.  Permissions are as access(2)
 * sees them (root writes anywhere but read-only file systems). */
int pace_check_dir_writable(const char *dir, const char *what,
			    struct pace_error *err);
int pace_check_file_writable(const char *path, const char *what,
			     struct pace_error *err);
/* mkdir -p */
int pace_mkdirs(const char *path, struct pace_error *err);

/* pace's cache directory for `sub` ("fixtures", "env"):
 * $XDG_CACHE_HOME/pace/SUB (when absolute), else ~/.cache/pace/SUB;
 * PACE_EUSAGE when neither is set. */
int pace_cache_dir(struct pace_strbuf *out, const char *sub,
		   struct pace_error *err);
/* rm -rf that stays on path's filesystem: it never descends into a
 * mount point below path (a root filesystem's /proc, a bind mount), and
 * never follows symbolic links.  A missing path is not an error. */
int pace_remove_tree(const char *path, struct pace_error *err);
/* Whether PROG is an executable in one of PATH's directories, each
 * taken below `root` (NULL or "": the host's).  Under a root, a
 * symbolic link counts as found: it points into the root, not here. */
bool pace_find_program(const char *root, const char *path, const char *prog);

/* FNV-1a, 64 bits, continuing from h (start with PACE_FNV1A_INIT): a
 * cache key needs spread, not cryptographic strength. */
#define PACE_FNV1A_INIT 14695981039346656037ULL
uint64_t pace_fnv1a(uint64_t h, const void *data, size_t n);

/* fnmatch-style glob, or substring when the pattern has no glob chars. */
bool pace_match_pattern(const char *pattern, const char *text);

#include "util/banned.h"

/* ---- numbers as people read them (format.c) ------------------------- */

/* Seconds with a unit that fits ("12.3 ms", "1.234 s"); "n/a" when not
 * finite. */
void pace_format_time(char *out, size_t outsz, double seconds);
/* Bytes in binary units ("3.2 MiB"); "n/a" when unknown (< 0, NaN). */
void pace_format_bytes(char *out, size_t outsz, double bytes);
/* A unit for showing times of about `seconds` ("ms" with 1 decimal, ...),
 * so that all figures in one line can share the unit of the mean. */
struct pace_time_unit {
	const char *name;
	double per_second;
	int decimals;
};
struct pace_time_unit pace_format_time_unit(double seconds);
void pace_format_time_in(char *out, size_t outsz, double seconds,
			 struct pace_time_unit u);
/* The shortest "%g" text that reads back as exactly v ("null"-free: NaN
 * and infinities give ""), for CSV where every digit shows. */
void pace_format_double(char *out, size_t outsz, double v);
/* Terminal columns taken by UTF-8 text (one per code point: enough for
 * the units and symbols pace prints). */
size_t pace_text_width(const char *s);
/* Writes s right-aligned (pad_left) or left-aligned in width columns. */
void pace_format_pad(FILE *f, const char *s, size_t width, bool pad_left);

#endif
