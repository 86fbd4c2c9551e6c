/*
 * cli.c - helpers shared by the command files: error printing, suite
 * loading by file or built-in name, colour decisions, and the two-phase
 * config loading (collect flags, load files and environment, apply flags)
 * that gives flags the last word.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "binary/binary.h"
#include "cli/cli.h"
#include "plan/plan.h"
#include "suite/suite.h"
#include "util/sanitize.h"

extern char **environ;

/* Every error pace prints goes through here: what it echoes of the
 * user's input (a name, a value, a line of a file) must neither drive the
 * terminal nor run to megabytes. */
static void put_error(const char *msg)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	pace_sanitize_excerpt(&sb, msg, PACE_MESSAGE_MAX, PACE_SAN_KEEP_LINES);
	fprintf(stderr, "pace: error: %s\n", pace_strbuf_str(&sb));
	pace_strbuf_release(&sb);
}

int pace_cli_error(const char *fmt, ...)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	pace_strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	put_error(pace_strbuf_str(&sb));
	pace_strbuf_release(&sb);
	return PACE_EXIT_USAGE;
}

void pace_cli_put_output(FILE *f, const char *text)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	if (!text)
		return;
	pace_sanitize_term(&sb, text, strlen(text), PACE_SAN_KEEP_LINES);
	fputs(pace_strbuf_str(&sb), f);
	pace_strbuf_release(&sb);
}

int pace_cli_exit_code(int code)
{
	switch (code) {
	case 0: return PACE_EXIT_OK;
	case PACE_EUSAGE: return PACE_EXIT_USAGE;
	case PACE_EIO: return PACE_EXIT_USAGE;
	default: return PACE_EXIT_INTERNAL;
	}
}

int pace_cli_report_error(const struct pace_error *err)
{
	put_error(pace_error_msg(err));
	return pace_cli_exit_code(err->code);
}

static bool looks_like_path(const char *s)
{
	size_t n = strlen(s);
	struct stat st;
	if (stat(s, &st) == 0 || strchr(s, '/'))
		return true;
	return (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
	       (n > 4 && !strcmp(s + n - 4, ".yml")) ||
	       (n > 5 && !strcmp(s + n - 5, ".json"));
}

int pace_cli_load_suites(struct pace_suite **out, size_t *n, char **names,
			 size_t nnames, bool shell, struct pace_error *err)
{
	struct pace_suite *s = pace_xcalloc(nnames ? nnames : 1, sizeof(*s));
	int rc = 0;
	size_t i;

	for (i = 0; i < nnames && !rc; i++) {
		if (looks_like_path(names[i]))
			rc = pace_suite_load_file(&s[i], names[i], shell, err);
		else
			rc = pace_suite_load_builtin(&s[i], names[i], shell, err);
	}
	if (rc) {
		pace_cli_free_suites(s, i);
		return rc;
	}
	*out = s;
	*n = nnames;
	return 0;
}

/* ---- tests of type: binary, and pace's own program ------------------------ */

/* Where pace-self lives: $PACE_SELF_PROGRAM, else next to the running pace
 * (a build tree), else ../libexec/pace/ from it (an installed pace). */
static char *find_self_program(struct pace_error *err)
{
	const char *env = getenv("PACE_SELF_PROGRAM");
	char exe[4096], *slash, *a, *b;
	ssize_t len;

	if (env && *env)
		return pace_xstrdup(env);
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0) {
		pace_error_set(err, PACE_EUSAGE, "cannot find pace's own benchmark program "
			       "'pace-self': /proc/self/exe: %s; set PACE_SELF_PROGRAM",
			       strerror(errno));
		return NULL;
	}
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	*slash = '\0';
	a = pace_xasprintf("%s/pace-self", exe);
	b = pace_xasprintf("%s/../libexec/pace/pace-self", exe);
	if (access(a, X_OK) == 0) {
		free(b);
		return a;
	}
	if (access(b, X_OK) == 0) {
		free(a);
		return b;
	}
	pace_error_set(err, PACE_EUSAGE, "cannot find pace's own benchmark program "
		       "'pace-self' (looked for %s and %s); build it with 'ninja -C "
		       "build', or set PACE_SELF_PROGRAM", a, b);
	free(a);
	free(b);
	return NULL;
}

int pace_cli_expand_binaries(struct pace_suite *suites, size_t n, double timeout_s,
			     struct pace_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		for (size_t j = 0; j < suites[i].ntests && !rc; j++) {
			struct pace_test *t = &suites[i].tests[j];

			if (!t->binary || strcmp(t->binary, "@pace-self@"))
				continue;
			free(t->binary);
			t->binary = find_self_program(err);
			if (!t->binary)
				rc = PACE_EUSAGE;
		}
		if (!rc)
			rc = pace_binary_expand(&suites[i], timeout_s > 0 ? timeout_s : 60,
						err);
	}
	return rc;
}

void pace_cli_free_suites(struct pace_suite *suites, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pace_suite_release(&suites[i]);
	free(suites);
}

bool pace_cli_use_color(const struct pace_config *cfg, FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	if (cfg->color && !strcmp(cfg->color, "always"))
		return true;
	if (cfg->color && !strcmp(cfg->color, "never"))
		return false;
	if (nc && *nc)
		return false;
	return isatty(fileno(f)) != 0;
}

void pace_cli_flags_add(struct pace_cli_flags *f, enum pace_config_key key,
			const char *value, const char *flag)
{
	PACE_GROW(f->v, f->alloc, f->n + 1);
	f->v[f->n].key = key;
	f->v[f->n].value = value;
	f->v[f->n].flag = pace_xstrdup(flag);
	f->n++;
}

void pace_cli_flags_release(struct pace_cli_flags *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].flag);
	free(f->v);
	f->v = NULL;
	f->n = f->alloc = 0;
}

int pace_cli_load_config(struct pace_config *cfg, struct pace_cli_flags *f)
{
	struct pace_error err = PACE_ERROR_INIT;
	int rc = pace_config_load_layers(cfg, f->config_file, environ, &err);

	for (size_t i = 0; !rc && i < f->n; i++)
		rc = pace_config_set(cfg, f->v[i].key, f->v[i].value,
				     PACE_SRC_FLAG, f->v[i].flag, &err);
	if (!rc)
		rc = pace_config_check(cfg, &err);
	pace_cli_flags_release(f);
	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	pace_error_release(&err);
	return PACE_EXIT_OK;
}

/* The selection options, shared with `pace list`: 0 when `id` is not
 * one of them, 1 when taken, or PACE_EXIT_USAGE (printed) for an empty
 * list, which would select everything: the opposite of a filter. */
int pace_cli_selection_option(struct pace_plan_filter *f, int id, const char *arg)
{
	switch (id) {
	case 'f': pace_strvec_push(&f->patterns, arg); return 1;
	case 'T':
		if (!pace_strvec_split_commas(&f->tags, arg))
			return pace_cli_error("--tags '%s' names no tag", arg);
		return 1;
	case 'V':
		if (!pace_strvec_split_commas(&f->variants, arg))
			return pace_cli_error("--variants '%s' names no variant", arg);
		return 1;
	case 'D': f->no_deps = true; return 1;
	default: return 0;
	}
}
