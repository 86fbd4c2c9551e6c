/*
 * params.c - parameter sweeps (hyperfine's -P/--parameter-scan and
 * -L/--parameter-list, and `parameters:` in suite files): a test whose
 * commands or hooks mention {NAME} becomes one test per combination of the
 * values (the product of the axes it uses), each with {NAME} replaced and
 * its values recorded in param_names / param_values, so that the plan, the
 * runner, the store and every report see ordinary tests that say which
 * combination they are.
 *
 * Ids: "<id>:n=1,m=a" (the id before expansion is kept as param_base, the
 * same for every combination, which is what charts group by).  A test
 * that depended on the expanded id depends on every combination.
 * Variant names are not substituted: they stay the series a report draws
 * across the combinations.
 */
#include <math.h>
#include <stdlib.h>

#include "suite/suite.h"
#include "suite/suite_priv.h"

/* A sweep larger than this is a typo (a step of 0.0001), not a plan. */
#define MAX_VALUES 10000

void pace_param_axis_release(struct pace_param_axis *a)
{
	free(a->name);
	pace_strvec_release(&a->values);
	memset(a, 0, sizeof(*a));
}

static bool is_param_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s == '_' || *s == '-' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static int check_name(const char *name, struct pace_error *err)
{
	if (!is_param_name(name))
		return pace_error_set(err, PACE_EUSAGE, "parameter name '%s' must be "
				      "letters, digits, '_' or '-' (used as {NAME})",
				      name);
	return 0;
}

/* Digits after the decimal point as written ("0.25": 2, "4": 0). */
static int decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot ? (int)strspn(dot + 1, "0123456789") : 0;
}

static int parse_bound(const char *s, const char *what, double *out,
		       struct pace_error *err)
{
	char *end;

	*out = strtod(s, &end);
	if (end == s || *end || !isfinite(*out) || strpbrk(s, "eExXnN"))
		return pace_error_set(err, PACE_EUSAGE, "parameter scan: %s '%s' is "
				      "not a number (expected e.g. 1, 0.5 or -2)", what, s);
	return 0;
}

int pace_param_scan(struct pace_param_axis *out, const char *name,
		    const char *min, const char *max, const char *step,
		    struct pace_error *err)
{
	double lo, hi, d = 1;
	int rc = check_name(name, err), dec;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = parse_bound(min, "MIN", &lo, err);
	if (!rc)
		rc = parse_bound(max, "MAX", &hi, err);
	if (!rc && step)
		rc = parse_bound(step, "STEP", &d, err);
	if (rc)
		return rc;
	if (d <= 0)
		return pace_error_set(err, PACE_EUSAGE, "parameter scan '%s': the step "
				      "'%s' must be greater than 0", name, step);
	if (lo > hi)
		return pace_error_set(err, PACE_EUSAGE, "parameter scan '%s': MIN %s is "
				      "greater than MAX %s", name, min, max);
	/* the last value may be MAX within rounding (0.1 + 0.1 + 0.1) */
	n = (size_t)floor((hi - lo) / d * (1 + 1e-12) + 1e-9) + 1;
	if (n > MAX_VALUES)
		return pace_error_set(err, PACE_EUSAGE, "parameter scan '%s' from %s to "
				      "%s would have %zu values (at most %d)", name,
				      min, max, n, MAX_VALUES);
	dec = decimals_of(min);
	if (decimals_of(max) > dec)
		dec = decimals_of(max);
	if (step && decimals_of(step) > dec)
		dec = decimals_of(step);
	out->name = pace_xstrdup(name);
	for (size_t i = 0; i < n; i++)
		pace_strvec_pushf(&out->values, "%.*f", dec, lo + (double)i * d);
	return 0;
}

int pace_param_list(struct pace_param_axis *out, const char *name,
		    const char *list, struct pace_error *err)
{
	int rc = check_name(name, err);
	const char *p = list;

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	out->name = pace_xstrdup(name);
	/* hyperfine splits on every comma and keeps blanks and empty items */
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char *v = pace_xstrndup(p, len);
		pace_strvec_push(&out->values, v);
		free(v);
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* ---- does a test use a parameter? --------------------------------------- */

static bool cmd_uses(const struct pace_cmd *c, size_t n, const char *pat)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < c[i].argv.n; k++)
			if (strstr(c[i].argv.v[k], pat))
				return true;
	return false;
}

static bool hooks_use(const struct pace_cmd *const *h, const size_t *n,
		      const char *pat)
{
	for (size_t k = 0; k < 4; k++)
		if (cmd_uses(h[k], n[k], pat))
			return true;
	return false;
}

static bool test_uses(const struct pace_test *t, const char *name)
{
	char *pat = pace_xasprintf("{%s}", name);
	const struct pace_cmd *th[] = {t->setup, t->teardown, t->prepare, t->conclude};
	const size_t tn[] = {t->nsetup, t->nteardown, t->nprepare, t->nconclude};
	bool used = hooks_use(th, tn, pat);

	for (size_t v = 0; v < t->nvariants && !used; v++) {
		const struct pace_variant *x = &t->variants[v];
		const struct pace_cmd *vh[] = {x->setup, x->teardown, x->prepare,
					       x->conclude};
		const size_t vn[] = {x->nsetup, x->nteardown, x->nprepare, x->nconclude};
		used = cmd_uses(&x->cmd, 1, pat) || hooks_use(vh, vn, pat);
	}
	free(pat);
	return used;
}

/* ---- copying a test with the values substituted ------------------------- */

struct combo {
	const struct pace_strvec *names, *values;
};

static char *subst(const char *text, const struct combo *c)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	if (!text)
		return NULL;
	pace_substitute(&sb, text, c->names, c->values);
	return pace_strbuf_detach(&sb);
}

static char *dup_or_null(const char *s)
{
	return s ? pace_xstrdup(s) : NULL;
}

static void cmd_copy(struct pace_cmd *dst, const struct pace_cmd *src,
		     const struct combo *c)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->argv.n; i++) {
		char *w = subst(src->argv.v[i], c);
		pace_strvec_push(&dst->argv, w);
		free(w);
	}
	dst->text = subst(src->text, c);
	dst->shell = src->shell;
}

static struct pace_cmd *cmds_copy(const struct pace_cmd *src, size_t n,
				  const struct combo *c)
{
	struct pace_cmd *dst = n ? pace_xcalloc(n, sizeof(*dst)) : NULL;

	for (size_t i = 0; i < n; i++)
		cmd_copy(&dst[i], &src[i], c);
	return dst;
}

static void variants_copy(struct pace_test *dst, const struct pace_test *src,
			  const struct combo *c)
{
	dst->variants = pace_xcalloc(src->nvariants ? src->nvariants : 1,
				     sizeof(*dst->variants));
	for (size_t i = 0; i < src->nvariants; i++) {
		const struct pace_variant *s = &src->variants[i];
		struct pace_variant *d = &dst->variants[i];

		*d = *s;
		d->name = pace_xstrdup(s->name);
		cmd_copy(&d->cmd, &s->cmd, c);
		d->setup = cmds_copy(s->setup, s->nsetup, c);
		d->teardown = cmds_copy(s->teardown, s->nteardown, c);
		d->prepare = cmds_copy(s->prepare, s->nprepare, c);
		d->conclude = cmds_copy(s->conclude, s->nconclude, c);
	}
}

/* "n=1,m=a" */
static char *combo_label(const struct combo *c)
{
	struct pace_strbuf sb = PACE_STRBUF_INIT;

	for (size_t i = 0; i < c->names->n; i++)
		pace_strbuf_addf(&sb, "%s%s=%s", i ? "," : "", c->names->v[i],
				 c->values->v[i]);
	return pace_strbuf_detach(&sb);
}

static void test_copy(struct pace_test *dst, const struct pace_test *src,
		      const struct combo *c)
{
	const char *base = src->param_base ? src->param_base : src->id;
	char *label = combo_label(c);
	bool templ = false;

	*dst = *src;
	dst->id = pace_xasprintf("%s:%s", base, label);
	dst->param_base = pace_xstrdup(base);
	/* a name that says where the values go gets them; else they follow */
	for (size_t i = 0; i < c->names->n && !templ; i++) {
		char *pat = pace_xasprintf("{%s}", c->names->v[i]);
		templ = src->name && strstr(src->name, pat);
		free(pat);
	}
	dst->name = templ ? subst(src->name, c)
		  : pace_xasprintf("%s (%s)", src->name ? src->name : base, label);
	free(label);
	dst->description = dup_or_null(src->description);
	dst->category = dup_or_null(src->category);
	dst->suite = dup_or_null(src->suite);
	memset(&dst->tags, 0, sizeof(dst->tags));
	pace_strvec_copy(&dst->tags, &src->tags);
	variants_copy(dst, src, c);
	dst->setup = cmds_copy(src->setup, src->nsetup, c);
	dst->teardown = cmds_copy(src->teardown, src->nteardown, c);
	dst->prepare = cmds_copy(src->prepare, src->nprepare, c);
	dst->conclude = cmds_copy(src->conclude, src->nconclude, c);
	memset(&dst->env, 0, sizeof(dst->env));
	pace_strvec_copy(&dst->env, &src->env);
	dst->cwd = dup_or_null(src->cwd);
	dst->input = dup_or_null(src->input);
	dst->validation.output_regex = dup_or_null(src->validation.output_regex);
	memset(&dst->depends_on, 0, sizeof(dst->depends_on));
	pace_strvec_copy(&dst->depends_on, &src->depends_on);
	memset(&dst->param_names, 0, sizeof(dst->param_names));
	memset(&dst->param_values, 0, sizeof(dst->param_values));
	pace_strvec_copy(&dst->param_names, c->names);
	pace_strvec_copy(&dst->param_values, c->values);
	dst->binary = dup_or_null(src->binary);
	dst->binary_filter = dup_or_null(src->binary_filter);
	memset(&dst->binary_targets, 0, sizeof(dst->binary_targets));
	pace_strvec_copy(&dst->binary_targets, &src->binary_targets);
	dst->binary_target = dup_or_null(src->binary_target);
	pace_suite_fixture_copy(&dst->fixture, &src->fixture);
	pace_env_def_copy(&dst->environment, &src->environment);
}

/* ---- expanding ------------------------------------------------------------ */

/* dependsOn OLD becomes dependsOn every one of ids. */
static void redirect_deps(struct pace_suite *s, const char *old,
			  const struct pace_strvec *ids)
{
	for (size_t i = 0; i < s->ntests; i++) {
		struct pace_strvec *d = &s->tests[i].depends_on, kept = PACE_STRVEC_INIT;

		if (!pace_strvec_contains(d, old))
			continue;
		for (size_t k = 0; k < d->n; k++) {
			if (strcmp(d->v[k], old))
				pace_strvec_push(&kept, d->v[k]);
			else
				pace_strvec_copy(&kept, ids);
		}
		pace_strvec_release(d);
		*d = kept;
	}
}

/* The c-th combination (the first axis changes slowest). */
static void combination(struct pace_strvec *names, struct pace_strvec *values,
			const struct pace_test *t,
			const struct pace_param_axis *const *axes, size_t n, size_t c)
{
	size_t *idx = pace_xcalloc(n ? n : 1, sizeof(*idx));

	pace_strvec_copy(names, &t->param_names);
	pace_strvec_copy(values, &t->param_values);
	for (size_t k = n; k-- > 0;) {
		idx[k] = c % axes[k]->values.n;
		c /= axes[k]->values.n;
	}
	for (size_t k = 0; k < n; k++) {
		pace_strvec_push(names, axes[k]->name);
		pace_strvec_push(values, axes[k]->values.v[idx[k]]);
	}
	free(idx);
}

int pace_suite_expand_test(struct pace_suite *s, size_t index,
			   const struct pace_param_axis *const *axes, size_t n,
			   struct pace_error *err)
{
	struct pace_test *t = &s->tests[index], *made;
	struct pace_strvec ids = PACE_STRVEC_INIT;
	size_t total = 1;
	char *old;

	for (size_t k = 0; k < n; k++) {
		if (pace_strvec_contains(&t->param_names, axes[k]->name))
			return pace_error_set(err, PACE_EUSAGE, "test '%s': parameter "
					      "'%s' is given twice", t->id, axes[k]->name);
		if (!axes[k]->values.n)
			return pace_error_set(err, PACE_EUSAGE, "parameter '%s' has "
					      "no values", axes[k]->name);
		total *= axes[k]->values.n;
		if (total > MAX_VALUES)
			return pace_error_set(err, PACE_EUSAGE, "test '%s': more than %d "
					      "parameter combinations", t->id, MAX_VALUES);
	}
	if (!n)
		return 0;
	made = pace_xcalloc(total, sizeof(*made));
	for (size_t c = 0; c < total; c++) {
		struct pace_strvec names = PACE_STRVEC_INIT, values = PACE_STRVEC_INIT;
		struct combo cb = {&names, &values};

		combination(&names, &values, t, axes, n, c);
		test_copy(&made[c], t, &cb);
		pace_strvec_push(&ids, made[c].id);
		pace_strvec_release(&names);
		pace_strvec_release(&values);
	}
	old = pace_xstrdup(t->id);
	pace_test_release(t);
	s->tests = pace_xrealloc(s->tests, (s->ntests + total - 1) * sizeof(*s->tests));
	memmove(&s->tests[index + total], &s->tests[index + 1],
		(s->ntests - index - 1) * sizeof(*s->tests));
	memcpy(&s->tests[index], made, total * sizeof(*made));
	s->ntests += total - 1;
	redirect_deps(s, old, &ids);
	free(old);
	free(made);
	pace_strvec_release(&ids);
	return 0;
}

int pace_suite_expand_params(struct pace_suite *s,
			     const struct pace_param_axis *axes, size_t n,
			     bool *used, struct pace_error *err)
{
	const struct pace_param_axis **mine = pace_xcalloc(n ? n : 1, sizeof(*mine));
	int rc = 0;

	/* from the end, so that the tests not yet seen keep their index */
	for (size_t i = s->ntests; i-- > 0 && !rc;) {
		size_t m = 0;

		for (size_t k = 0; k < n; k++)
			if (test_uses(&s->tests[i], axes[k].name)) {
				mine[m++] = &axes[k];
				if (used)
					used[k] = true;
			}
		rc = pace_suite_expand_test(s, i, mine, m, err);
	}
	free(mine);
	return rc;
}

bool pace_suite_test_uses_param(const struct pace_test *t, const char *name)
{
	return test_uses(t, name);
}
