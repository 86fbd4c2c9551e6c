/*
 * expand.c - turns the tests of `type: binary` in a suite (one entry naming
 * a libpace-bench program, docs/suite-format.md) into one test per chosen
 * target, before planning, so that the plan, filters, reports and history
 * see ordinary tests.  Listing a program runs it (`PROG --list --json`),
 * which is why this is not done by the suite parser: parsing stays free of
 * side effects, and `pace list` shows the entry as written.
 *
 * Each expanded test: id and name = the target's name (as `pace run
 * --binary` names them, so both ways line up in the history), the entry's
 * suite, category (or the target's own suite), tags (the entry's, then the
 * target's), timeout, runs, warmup and dependsOn; one variant "default"
 * whose command is `PROG --exact NAME`; binary and binary_target set, which
 * is what makes the runner measure it in-process.
 */
#include <regex.h>

#include "binary/binary.h"

static bool chosen(const struct pace_test *e, const regex_t *re,
		   const struct pace_binary_target *bt)
{
	if (e->binary_targets.n && !pace_strvec_contains(&e->binary_targets, bt->name))
		return false;
	return !re || regexec(re, bt->name, 0, NULL, 0) == 0;
}

static void copy_strvec(struct pace_strvec *to, const struct pace_strvec *from)
{
	for (size_t i = 0; i < from->n; i++)
		if (!pace_strvec_contains(to, from->v[i]))
			pace_strvec_push(to, from->v[i]);
}

static void target_test(struct pace_test *t, const struct pace_test *e,
			const struct pace_binary_target *bt)
{
	struct pace_variant *v;

	pace_test_init(t);
	t->id = pace_xstrdup(bt->name);
	t->name = pace_xstrdup(bt->name);
	t->description = e->description ? pace_xstrdup(e->description) : NULL;
	t->suite = pace_xstrdup(e->suite);
	if (e->category)
		t->category = pace_xstrdup(e->category);
	else if (bt->suite && *bt->suite)
		t->category = pace_xstrdup(bt->suite);
	copy_strvec(&t->tags, &e->tags);
	copy_strvec(&t->tags, &bt->tags);
	copy_strvec(&t->depends_on, &e->depends_on);
	t->timeout_s = e->timeout_s;
	t->estimated_s = e->estimated_s;
	t->retries = e->retries;
	t->resources = e->resources ? pace_xstrdup(e->resources) : NULL;
	t->runs = e->runs;
	t->warmup = e->warmup;
	t->line = e->line;
	t->binary = pace_xstrdup(e->binary);
	t->binary_target = pace_xstrdup(bt->name);
	t->variants = v = pace_xcalloc(1, sizeof(*v));
	t->nvariants = 1;
	v->name = pace_xstrdup("default");
	v->cmd.text = pace_xasprintf("%s --exact %s", e->binary, bt->name);
	pace_strvec_push(&v->cmd.argv, e->binary);
	pace_strvec_push(&v->cmd.argv, "--exact");
	pace_strvec_push(&v->cmd.argv, bt->name);
}

/* Every name in targets: must be one the program has. */
static int check_targets(const struct pace_test *e, const struct pace_binary_target *bt,
			 size_t n, struct pace_error *err)
{
	for (size_t i = 0; i < e->binary_targets.n; i++) {
		size_t k;

		for (k = 0; k < n && strcmp(bt[k].name, e->binary_targets.v[i]); k++)
			;
		if (k == n)
			return pace_error_set(err, PACE_EUSAGE, "test '%s': program '%s' "
					      "has no target '%s' (see '%s --list')", e->id,
					      e->binary, e->binary_targets.v[i], e->binary);
	}
	return 0;
}

/* Appends the chosen targets of entry e to *out (n tests, alloc room). */
static int expand_entry(struct pace_test **out, size_t *n, size_t *alloc,
			const struct pace_test *e, double timeout_s, struct pace_error *err)
{
	struct pace_binary_target *bt = NULL;
	size_t nbt = 0, before = *n;
	regex_t re;
	int rc;

	if (e->binary_filter && regcomp(&re, e->binary_filter, REG_EXTENDED | REG_NOSUB))
		return pace_error_set(err, PACE_EUSAGE, "test '%s': invalid filter '%s'",
				      e->id, e->binary_filter);
	rc = pace_binary_list(&bt, &nbt, e->binary, timeout_s, err);
	if (!rc)
		rc = check_targets(e, bt, nbt, err);
	for (size_t i = 0; !rc && i < nbt; i++) {
		if (!chosen(e, e->binary_filter ? &re : NULL, &bt[i]))
			continue;
		PACE_GROW(*out, *alloc, *n + 1);
		target_test(&(*out)[(*n)++], e, &bt[i]);
	}
	if (!rc && !nbt)
		rc = pace_error_set(err, PACE_EUSAGE, "'%s' lists no benchmark targets",
				    e->binary);
	else if (!rc && *n == before)
		rc = pace_error_set(err, PACE_EUSAGE, "test '%s': no target of '%s' is "
				    "chosen by its filter/targets", e->id, e->binary);
	if (e->binary_filter)
		regfree(&re);
	pace_binary_targets_free(bt, nbt);
	return rc;
}

static int unique_ids(const struct pace_suite *s, struct pace_error *err)
{
	for (size_t i = 0; i < s->ntests; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(s->tests[i].id, s->tests[j].id))
				return pace_error_set(err, PACE_EUSAGE, "suite '%s': test "
						      "id '%s' appears twice after "
						      "expanding binary tests", s->id,
						      s->tests[i].id);
	return 0;
}

int pace_binary_expand(struct pace_suite *s, double timeout_s, struct pace_error *err)
{
	struct pace_test *out = NULL;
	size_t n = 0, alloc = 0, i;
	bool any = false;
	int rc = 0;

	for (i = 0; i < s->ntests; i++)
		any |= s->tests[i].binary && !s->tests[i].binary_target;
	if (!any)
		return 0;
	for (i = 0; i < s->ntests && !rc; i++) {
		struct pace_test *t = &s->tests[i];

		if (t->binary && !t->binary_target) {
			rc = expand_entry(&out, &n, &alloc, t, timeout_s, err);
			pace_test_release(t);
		} else {
			PACE_GROW(out, alloc, n + 1);
			out[n++] = *t;   /* moved: the old array no longer owns it */
			memset(t, 0, sizeof(*t));
		}
	}
	for (; i < s->ntests; i++)
		pace_test_release(&s->tests[i]);
	free(s->tests);
	s->tests = out;
	s->ntests = n;
	return rc ? rc : unique_ids(s, err);
}
