/*
 * samples.c - reads the samples `pace stats` describes: one number a line
 * (blank lines and '#' comments skipped), a JSON array of numbers, a
 * hyperfine export (results[].times), a pace raw file
 * (variants[].samples[].wall_ns, failed samples left out) or a Google
 * Benchmark export (benchmarks[], each repetition one sample).  Here rather
 * than in cli/ so the fuzz target (fuzz/fuzz_stats.c) reads exactly what
 * the command reads.  Nothing here prints: notes for the user are kept in
 * sets->notes.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stats/stats.h"
#include "util/json.h"
#include "util/sanitize.h"

static struct pace_samples *set_new(struct pace_sample_sets *s, char *name)
{
	struct pace_samples *d;

	pace_grow((void **)&s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	d = &s->v[s->n++];
	memset(d, 0, sizeof(*d));
	d->name = name;
	return d;
}

static void set_push(struct pace_samples *d, double v)
{
	pace_grow((void **)&d->x, &d->alloc, d->n + 1, sizeof(*d->x));
	d->x[d->n++] = v;
}

void pace_sample_sets_release(struct pace_sample_sets *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].x);
	}
	free(s->v);
	pace_strvec_release(&s->notes);
	memset(s, 0, sizeof(*s));
}

bool pace_stats_parse_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (end == s || errno == ERANGE)
		return false;
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	return *end == '\0';
}

/* `text` is modified (lines are cut at their newline). */
static int read_text(struct pace_sample_sets *s, const char *path, char *text,
		     struct pace_error *err)
{
	struct pace_samples *d = set_new(s, pace_xstrdup(path));
	size_t line = 0;

	for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		double v;
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		p += strspn(p, " \t\r");
		if (*p == '\0' || *p == '#')
			continue;
		if (!pace_stats_parse_number(p, &v)) {
			struct pace_strbuf got = PACE_STRBUF_INIT;
			pace_sanitize_excerpt(&got, p, PACE_EXCERPT_MAX, 0);
			pace_error_set(err, PACE_EUSAGE, "%s:%zu: not a number: '%s'",
				       path, line, pace_strbuf_str(&got));
			pace_strbuf_release(&got);
			return PACE_EUSAGE;
		}
		set_push(d, v);
	}
	return 0;
}

/* Appends the numbers of `arr` to d: its elements, or their member `key`
 * (samples whose "fail" is not "none" are left out); -1 on a bad shape. */
static int json_numbers(struct pace_samples *d, const json_t *arr,
			const char *key, double scale)
{
	size_t i; /* divide: ns / 1e9 rounds once, ns * 1e-9 twice */
	json_t *v;

	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, v) {
		const json_t *num = key ? json_object_get(v, key) : v;
		const json_t *fail = key ? json_object_get(v, "fail") : NULL;
		const json_t *iters = key ? json_object_get(v, "iterations") : NULL;
		double per = 1;
		if (fail && json_is_string(fail) &&
		    strcmp(json_string_value(fail), "none") != 0)
			continue;
		if (!json_is_number(num))
			return -1;
		/* A raw sample of an in-process target spans many iterations. */
		if (json_is_integer(iters) && json_integer_value(iters) > 1)
			per = (double)json_integer_value(iters);
		set_push(d, json_number_value(num) / scale / per);
	}
	return 0;
}

static int read_json_sets(struct pace_sample_sets *s, const char *path,
			  const json_t *sets, const char *label,
			  const char *list, const char *key, double scale,
			  struct pace_error *err)
{
	size_t i;
	json_t *o;

	json_array_foreach(sets, i, o) {
		const char *what = json_string_value(json_object_get(o, label));
		/* an imported command name is printed: no escapes, bounded */
		struct pace_strbuf name = PACE_STRBUF_INIT;
		struct pace_samples *d;

		pace_strbuf_adds(&name, path);
		if (json_array_size(sets) > 1) {
			pace_strbuf_addc(&name, ':');
			pace_sanitize_excerpt(&name, what ? what : "?",
					      PACE_EXCERPT_MAX, 0);
		}
		d = set_new(s, pace_strbuf_detach(&name));
		if (json_numbers(d, json_object_get(o, list), key, scale))
			return pace_error_set(err, PACE_EUSAGE, "%s: %s[%zu].%s is "
					      "not a list of numbers", path,
					      label[0] == 'c' ? "results" : "variants",
					      i, list);
		if (d->n == 0) { /* a command that failed every run */
			pace_strvec_pushf(&s->notes, "%s: no samples, left out",
					  d->name);
			free(d->name);
			free(d->x);
			s->n--;
		}
	}
	return 0;
}

/* One set per benchmark, in the order each first appears. */
static int read_gbench(struct pace_sample_sets *s, const char *path,
		       const json_t *root, struct pace_error *err)
{
	struct pace_gbench_rep *r;
	const char **names; /* of the sets from `first` on */
	size_t n, first = s->n;

	if (pace_json_gbench_reps(root, &r, &n))
		return pace_error_set(err, PACE_EUSAGE, "%s: benchmarks[] is not "
				      "a Google Benchmark export (each entry needs "
				      "name, real_time and a known time_unit)",
				      path);
	names = pace_xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++) {
		struct pace_samples *d = NULL;
		struct pace_strbuf name = PACE_STRBUF_INIT;

		for (size_t k = first; k < s->n && !d; k++)
			if (strcmp(names[k - first], r[i].name) == 0)
				d = &s->v[k];
		if (!d) {
			pace_strbuf_adds(&name, path);
			pace_strbuf_addc(&name, ':');
			pace_sanitize_excerpt(&name, r[i].name, PACE_EXCERPT_MAX, 0);
			names[s->n - first] = r[i].name;
			d = set_new(s, pace_strbuf_detach(&name));
		}
		set_push(d, r[i].real_s);
	}
	free(names);
	free(r);
	return 0;
}

int pace_stats_read_json(struct pace_sample_sets *s, const char *path,
			 const char *text, size_t len, struct pace_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(text, len, 0, &jerr), *r;
	size_t before = s->n;
	int rc = 0;

	if (!root)
		return pace_error_set(err, PACE_EUSAGE, "%s:%d: invalid JSON: %s",
				      path, jerr.line, jerr.text);
	if (json_is_array(root)) {
		if (json_numbers(set_new(s, pace_xstrdup(path)), root, NULL, 1.0))
			rc = pace_error_set(err, PACE_EUSAGE, "%s: not a list of "
					    "numbers", path);
	} else if (json_is_array(r = json_object_get(root, "results"))) {
		rc = read_json_sets(s, path, r, "command", "times", NULL, 1.0, err);
	} else if (json_is_array(r = json_object_get(root, "variants"))) {
		rc = read_json_sets(s, path, r, "variant", "samples", "wall_ns",
				    1e9, err);
	} else if (json_is_array(json_object_get(root, "benchmarks"))) {
		rc = read_gbench(s, path, root, err);
	} else {
		rc = pace_error_set(err, PACE_EUSAGE, "%s: JSON is neither a list "
				    "of numbers, a hyperfine export, a pace raw "
				    "file nor a Google Benchmark export", path);
	}
	json_decref(root);
	/* An export whose every command failed, or with none, is not a
	 * description of nothing. */
	if (!rc && s->n == before)
		rc = pace_error_set(err, PACE_EUSAGE, "%s: no samples in this "
				    "export", path);
	return rc;
}

int pace_stats_read_samples(struct pace_sample_sets *out, const char *path,
			    const char *text, size_t len, struct pace_error *err)
{
	size_t skip = 0;
	char *copy;
	int rc;

	if ((rc = pace_text_check(path, text, len, err)))
		return rc;
	while (skip < len && strchr(" \t\r\n", text[skip]))
		skip++;
	if (skip < len && (text[skip] == '{' || text[skip] == '['))
		return pace_stats_read_json(out, path, text, len, err);
	copy = pace_xstrndup(text, len);
	rc = read_text(out, path, copy, err);
	free(copy);
	return rc;
}

int pace_stats_read_file(struct pace_sample_sets *out, const char *path,
			 struct pace_error *err)
{
	struct pace_strbuf buf = PACE_STRBUF_INIT;
	int rc = pace_read_input(path, &buf, err);

	if (!rc)
		rc = pace_stats_read_samples(out, path, buf.buf, buf.len, err);
	pace_strbuf_release(&buf);
	return rc;
}
