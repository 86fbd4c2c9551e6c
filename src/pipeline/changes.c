/*
 * changes.c - the change points of a test x variant's stored history, by
 * analyze/'s E-divisive means over the mean wall time of each run (runs
 * in progress and runs without counted samples left out), at the
 * configuration's alpha, threshold, confidence and seed with
 * PACE_CP_PERMUTATIONS shuffles.  The one place where change points are
 * computed: `pace run` stores them after each run, `pace changes`
 * recomputes and stores them, `pace compare` and the reports' history
 * charts read them from here.
 */
#include <math.h>
#include <string.h>

#include "pipeline/pipeline.h"
#include "store/store_changes.h"

void pace_pipeline_cp_opts(struct pace_cp_opts *o, const struct pace_config *cfg)
{
	o->alpha = cfg->alpha;
	o->confidence = cfg->confidence;
	o->threshold = cfg->threshold;
	o->permutations = PACE_CP_PERMUTATIONS;
	o->min_size = PACE_CP_MIN_SIZE;
	o->seed = (unsigned long)cfg->seed;
}

static bool counted(const struct pace_store_point *p, int64_t until_ms)
{
	return p->started_unix_ms <= until_ms &&
	       p->status != PACE_STORE_RUNNING && p->n > 0 && isfinite(p->mean);
}

static void fill(struct pace_store_change *c, const struct pace_changepoint *cp,
		 const struct pace_store_point *p, size_t m,
		 const struct pace_cp_opts *o)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->run_id, sizeof(c->run_id), "%s", p->run_id);
	snprintf(c->started, sizeof(c->started), "%s", p->started);
	c->started_unix_ms = p->started_unix_ms;
	c->git_commit = p->git_commit ? pace_xstrdup(p->git_commit) : NULL;
	c->position = cp->index;
	c->history_runs = m;
	c->before_mean = cp->before_mean;
	c->before_lo = cp->before_lo;
	c->before_hi = cp->before_hi;
	c->after_mean = cp->after_mean;
	c->after_lo = cp->after_lo;
	c->after_hi = cp->after_hi;
	c->change = cp->change;
	c->statistic = cp->statistic;
	c->p_value = cp->p_value;
	c->alpha = o->alpha;
	c->permutations = o->permutations;
	c->meaningful = cp->meaningful;
}

int pace_pipeline_changes(struct pace_store *st, const char *suite,
			  const char *test_id, const char *variant,
			  const struct pace_config *cfg, int64_t until_ms,
			  struct pace_store_change **out, size_t *nout,
			  struct pace_error *err)
{
	struct pace_store_point *p = NULL, **kept;
	struct pace_changepoint *cp;
	struct pace_cp_opts o;
	size_t n = 0, m = 0, ncp;
	double *y;
	int rc = pace_store_test_history(st, suite, test_id, variant, 0, &p,
					 &n, err);

	*out = NULL;
	*nout = 0;
	if (rc)
		return rc;
	y = pace_xmalloc((n + 1) * sizeof(*y));
	kept = pace_xmalloc((n + 1) * sizeof(*kept));
	for (size_t i = 0; i < n; i++)
		if (counted(&p[i], until_ms)) {
			kept[m] = &p[i];
			y[m++] = p[i].mean;
		}
	pace_pipeline_cp_opts(&o, cfg);
	ncp = pace_analyze_changepoints(&cp, y, m, &o);
	if (ncp) {
		*out = pace_xcalloc(ncp, sizeof(**out));
		for (size_t k = 0; k < ncp; k++) {
			fill(&(*out)[k], &cp[k], kept[cp[k].index], m, &o);
			(*out)[k].suite = pace_xstrdup(suite ? suite : "");
			(*out)[k].test_id = pace_xstrdup(test_id);
			(*out)[k].variant = pace_xstrdup(variant);
		}
	}
	*nout = ncp;
	free(cp);
	free(kept);
	free(y);
	pace_store_points_free(p, n);
	return 0;
}

int pace_pipeline_changes_update(struct pace_store *st, const char *suite,
				 const char *test_id, const char *variant,
				 const struct pace_config *cfg,
				 struct pace_store_change **out, size_t *n,
				 struct pace_error *err)
{
	int rc = pace_pipeline_changes(st, suite, test_id, variant, cfg,
				       INT64_MAX, out, n, err);

	if (!rc)
		rc = pace_store_changes_replace(st, suite, test_id, variant,
						*out, *n, err);
	if (rc) {
		pace_store_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
