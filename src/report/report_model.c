/*
 * report_model.c - builds the report model (report_model.h) from a run:
 * operations by variant, the executive summary, comparison by repository
 * size, and the key findings and recommendations that the data supports.
 *
 * Findings and recommendations are rules over figures already computed
 * (summaries, comparisons): each says what to do and quotes the figures
 * that led to it, so a reader can check it.  Thresholds are conventional:
 * a coefficient of variation above 10 % is noisy, power below 0.8 is too
 * little to see the practical difference, a peak RSS twice another
 * variant's is worth a look.
 */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "report/report_model.h"
#include "report/report_priv.h"

#define NOISY_CV 0.10
#define LOW_POWER 0.8
#define MEMORY_FACTOR 2.0
#define EVIDENCE_ITEMS 5

static const char *const size_names[] = {"tiny", "small", "medium", "large",
					 "xlarge", "huge"};

void pace_report_history_release(struct pace_report_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->series[i].test_id);
		free(h->series[i].variant);
		free(h->series[i].points);
	}
	free(h->series);
	h->series = NULL;
	h->n = 0;
}

const char *pace_report_priority_name(enum pace_rec_priority p)
{
	static const char *const names[] = {"critical", "high", "medium", "low"};

	return names[p];
}

const char *pace_report_op_winner(const struct pace_report_op *op)
{
	if (op->named)
		return pace_report_variant_label(op->winner);
	if (op->same_command)
		return "same command";
	if (!op->cmp)
		return "–";
	return op->cmp->significant ? "none (below the threshold)"
				    : "none (not significant)";
}

size_t pace_report_model_variant(const struct pace_report_model *m,
				 const char *label)
{
	size_t i;

	for (i = 0; i < m->nvariants; i++)
		if (strcmp(m->variants[i], label) == 0)
			break;
	return i;
}

/* The size of the generated repository the test ran on (its fixture's
 * preset, after `pace run --size`); NULL for a spec or custom fixture or
 * none.  Never guessed from the id or tags: "commit-large" commits a
 * large change on the small fixture (issue 14). */
static const char *test_size(const struct pace_test *t)
{
	if (!t->fixture.set || !t->fixture.size || t->fixture.spec ||
	    t->fixture.custom)
		return NULL;
	for (size_t k = 0; k < PACE_ARRAY_SIZE(size_names); k++)
		if (strcmp(t->fixture.size, size_names[k]) == 0)
			return size_names[k];
	return NULL;
}

const char *pace_report_test_size(const struct pace_test *t)
{
	return test_size(t);
}

static void build_variants(struct pace_report_model *m)
{
	const struct pace_run *run = m->run;

	m->variants = run->nresults ? pace_xcalloc(run->nresults,
						   sizeof(*m->variants)) : NULL;
	for (size_t i = 0; i < run->nresults; i++) {
		const char *l = pace_report_variant_label(&run->results[i]);
		if (pace_report_model_variant(m, l) == m->nvariants)
			m->variants[m->nvariants++] = l;
	}
}

static void build_op(struct pace_report_model *m, struct pace_report_op *op,
		     const struct pace_test *t)
{
	const struct pace_run *run = m->run;
	bool all_skipped = true;

	op->test = t;
	op->size = test_size(t);
	op->by_variant = pace_xcalloc(m->nvariants ? m->nvariants : 1,
				      sizeof(*op->by_variant));
	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_result *r = &run->results[i];
		if (r->test != t)
			continue;
		op->by_variant[pace_report_model_variant(
			m, pace_report_variant_label(r))] = r;
		if (r->nfailed || r->failure || r->skipped)
			op->failed = true;
		all_skipped &= r->skipped != NULL;
	}
	op->skipped = all_skipped;
	op->winner = pace_report_fastest(run, t);
	for (size_t i = 0; i < run->ncomparisons; i++) {
		const struct pace_comparison *c = &run->comparisons[i];
		if (pace_report_cmp_of(c, t) && c->faster == op->winner &&
		    (!op->cmp || c->ratio < op->cmp->ratio))
			op->cmp = c;
	}
	op->same_command = op->cmp && pace_report_same_command(
		op->cmp->faster->variant, op->cmp->slower->variant);
	if (op->same_command)
		op->cmp = NULL;
	op->named = op->cmp && op->cmp->meaningful;
}

/* Wins, averages and the overall winner with its geometric-mean speedup. */
static void build_summary(struct pace_report_model *m)
{
	size_t nv = m->nvariants ? m->nvariants : 1, *cnt;
	const struct pace_report_geomean *best = NULL;

	m->wins = pace_xcalloc(nv, sizeof(*m->wins));
	m->avg_time = pace_xcalloc(nv, sizeof(*m->avg_time));
	m->avg_rss = pace_xcalloc(nv, sizeof(*m->avg_rss));
	cnt = pace_xcalloc(2 * nv, sizeof(*cnt));
	for (size_t o = 0; o < m->nops; o++) {
		const struct pace_report_op *op = &m->ops[o];
		m->nsuccessful += !op->failed;
		m->nskipped += op->skipped;
		m->nfailed += op->failed && !op->skipped;
		m->ncompared += op->cmp != NULL;
		if (op->named)
			m->wins[pace_report_model_variant(
				m, pace_report_variant_label(op->winner))]++;
		for (size_t v = 0; v < m->nvariants; v++) {
			const struct pace_result *r = op->by_variant[v];
			if (!r || !pace_report_has_data(r))
				continue;
			m->avg_time[v] += r->wall.mean;
			cnt[v]++;
			if (r->peak_rss >= 0 || isfinite(r->rss.mean)) {
				m->avg_rss[v] += r->peak_rss >= 0
					? (double)r->peak_rss : r->rss.mean;
				cnt[nv + v]++;
			}
		}
	}
	for (size_t v = 0; v < m->nvariants; v++) {
		m->avg_time[v] = cnt[v] ? m->avg_time[v] / (double)cnt[v] : NAN;
		m->avg_rss[v] = cnt[nv + v] ? m->avg_rss[v] / (double)cnt[nv + v]
					    : NAN;
		if (m->wins[v] && (!m->overall_winner ||
				   m->wins[v] > m->wins[pace_report_model_variant(
					   m, m->overall_winner)]))
			m->overall_winner = m->variants[v];
	}
	free(cnt);
	m->success_rate = m->nops ? 100.0 * (double)m->nsuccessful /
					    (double)m->nops : 0;
	for (size_t i = 0; i < m->run->nresults; i++)
		m->total_duration_ms +=
			pace_report_counted_seconds(&m->run->results[i]) * 1e3;
	m->ngeomeans = pace_report_geomeans(m->run, &m->geomeans);
	m->avg_speedup = m->avg_speedup_lo = m->avg_speedup_hi = NAN;
	for (size_t i = 0; i < m->ngeomeans && m->overall_winner; i++)
		if (strcmp(m->geomeans[i].faster, m->overall_winner) == 0 &&
		    (!best || m->geomeans[i].ntests > best->ntests))
			best = &m->geomeans[i];
	if (best) {
		m->avg_speedup = best->geomean;
		m->avg_speedup_lo = best->ci_lo;
		m->avg_speedup_hi = best->ci_hi;
	} else if (m->overall_winner) {
		/* a single operation: its own speedup */
		for (size_t o = 0; o < m->nops; o++)
			if (m->ops[o].named && !isfinite(m->avg_speedup)) {
				m->avg_speedup = m->ops[o].cmp->ratio;
				m->avg_speedup_lo = m->ops[o].cmp->ci_lo;
				m->avg_speedup_hi = m->ops[o].cmp->ci_hi;
			}
	}
	/* No overall winner on an interval that includes 1 (issue 14:
	 * "Prefer git" rested on 0.65-2.24). */
	if (m->overall_winner && !(m->avg_speedup_lo > 1.0)) {
		m->no_overall_winner = m->overall_winner;
		m->overall_winner = NULL;
	}
}

static void build_sizes(struct pace_report_model *m)
{
	m->sizes = pace_xcalloc(PACE_ARRAY_SIZE(size_names), sizeof(*m->sizes));
	for (size_t k = 0; k < PACE_ARRAY_SIZE(size_names); k++) {
		struct pace_report_size *s = &m->sizes[m->nsizes];
		size_t nsp = 0, *cnt = pace_xcalloc(m->nvariants + 1, sizeof(*cnt));
		double logsp = 0;

		s->size = size_names[k];
		s->time = pace_xcalloc(m->nvariants + 1, sizeof(*s->time));
		for (size_t o = 0; o < m->nops; o++) {
			const struct pace_report_op *op = &m->ops[o];
			if (op->size != size_names[k])
				continue;
			s->nops++;
			if (op->cmp && isfinite(op->cmp->ratio)) {
				logsp += log(op->cmp->ratio);
				nsp++;
			}
			for (size_t v = 0; v < m->nvariants; v++)
				if (op->by_variant[v] &&
				    pace_report_has_data(op->by_variant[v]) &&
				    op->by_variant[v]->wall.mean > 0) {
					s->time[v] += log(op->by_variant[v]->wall.mean);
					cnt[v]++;
				}
		}
		for (size_t v = 0; v < m->nvariants; v++)
			s->time[v] = cnt[v] ? exp(s->time[v] / (double)cnt[v]) : NAN;
		s->avg_speedup = nsp ? exp(logsp / (double)nsp) : NAN;
		free(cnt);
		if (s->nops)
			m->nsizes++;
		else
			free(s->time);
	}
}

/* ---- findings and recommendations --------------------------------------- */

/* Up to EVIDENCE_ITEMS items joined by "; ", then "and N more". */
struct evidence {
	struct pace_strbuf sb;
	size_t n;
};

static void ev_add(struct evidence *e, const char *fmt, ...)
	PACE_PRINTF(2, 3);
static void ev_add(struct evidence *e, const char *fmt, ...)
{
	va_list ap;

	if (e->n++ >= EVIDENCE_ITEMS)
		return;
	if (e->sb.len)
		pace_strbuf_adds(&e->sb, "; ");
	va_start(ap, fmt);
	pace_strbuf_vaddf(&e->sb, fmt, ap);
	va_end(ap);
}

static char *ev_finish(struct evidence *e)
{
	if (e->n > EVIDENCE_ITEMS)
		pace_strbuf_addf(&e->sb, "; and %zu more",
				 e->n - EVIDENCE_ITEMS);
	return pace_strbuf_detach(&e->sb);
}

static void add_rec(struct pace_report_model *m, enum pace_rec_priority p,
		    const char *category, const char *title, const char *msg,
		    struct evidence *e)
{
	struct pace_report_rec *r;

	pace_grow((void **)&m->recs, &m->recs_alloc, m->nrecs + 1,
		  sizeof(*m->recs));
	r = &m->recs[m->nrecs++];
	r->priority = p;
	r->category = category;
	r->title = pace_xstrdup(title);
	r->message = pace_xstrdup(msg);
	r->evidence = e ? ev_finish(e) : pace_xstrdup("");
}

/* A recommendation when there is evidence for it; frees the evidence
 * otherwise. */
static void rec_if_any(struct pace_report_model *m, enum pace_rec_priority p,
		       const char *category, const char *title, const char *msg,
		       struct evidence *e)
{
	if (e->n)
		add_rec(m, p, category, title, msg, e);
	else
		pace_strbuf_release(&e->sb);
}

static void rec_failures(struct pace_report_model *m)
{
	struct evidence e = {PACE_STRBUF_INIT, 0};

	if (m->run->interrupted)
		add_rec(m, PACE_REC_CRITICAL, "quality", "The run was interrupted",
			"Run the suite again to completion before drawing "
			"conclusions; these results are partial.", NULL);
	for (size_t i = 0; i < m->run->nresults; i++) {
		const struct pace_result *r = &m->run->results[i];
		char name[256];
		if (!r->nfailed && !r->failure && !r->skipped)
			continue;
		pace_report_result_name(name, sizeof(name), r);
		ev_add(&e, "%s: %s", name, r->skipped ? r->skipped
			: r->failure ? r->failure : "failed runs");
	}
	rec_if_any(m, PACE_REC_CRITICAL, "quality", "Fix the failing tests",
			"Failed runs are left out of every figure; fix the "
			"command, its expected exit code or its timeout and run "
			"again.", &e);
}

static void rec_noise(struct pace_report_model *m)
{
	struct evidence noisy = {PACE_STRBUF_INIT, 0};
	struct evidence outl = {PACE_STRBUF_INIT, 0};

	for (size_t i = 0; i < m->run->nresults; i++) {
		const struct pace_result *r = &m->run->results[i];
		double cv = r->wall.sd / r->wall.mean;
		char name[256];
		if (!pace_report_has_data(r) || r->wall.n < 2)
			continue;
		pace_report_result_name(name, sizeof(name), r);
		if (isfinite(cv) && cv > NOISY_CV)
			ev_add(&noisy, "%s CV %.1f %%", name, cv * 100);
		if (r->wall.outliers_severe)
			ev_add(&outl, "%s: %zu severe of %zu", name,
			       r->wall.outliers_severe, r->wall.n);
	}
	rec_if_any(m, PACE_REC_HIGH, "quality", "Reduce measurement noise",
			"Pin the benchmark to an idle CPU (taskset -c N), stop "
			"background load and frequency scaling, and raise "
			"execution.runs or use --precision.", &noisy);
	rec_if_any(m, PACE_REC_LOW, "quality", "Look at the outliers",
			"Severe outliers (beyond 3 IQR) usually mean "
			"interference: caches, other processes, I/O.  Check the "
			"distribution plots.", &outl);
}

static void rec_power(struct pace_report_model *m)
{
	struct evidence e = {PACE_STRBUF_INIT, 0};

	for (size_t i = 0; i < m->run->ncomparisons; i++) {
		const struct pace_comparison *c = &m->run->comparisons[i];
		if (!c->faster || !c->slower || c->significant ||
		    !isfinite(c->test.power) || c->test.power >= LOW_POWER)
			continue;
		ev_add(&e, "%s: %s vs %s power %.2f", c->faster->test->id,
		       pace_report_variant_label(c->faster),
		       pace_report_variant_label(c->slower), c->test.power);
	}
	rec_if_any(m, PACE_REC_MEDIUM, "quality", "Collect more runs",
			"These differences are not significant and the tests "
			"had too little power to see the practical threshold; "
			"more runs (or --precision) would settle them.", &e);
}

static void rec_memory(struct pace_report_model *m)
{
	struct evidence e = {PACE_STRBUF_INIT, 0};

	for (size_t o = 0; o < m->nops; o++) {
		const struct pace_result *lo = NULL, *hi = NULL;
		for (size_t v = 0; v < m->nvariants; v++) {
			const struct pace_result *r = m->ops[o].by_variant[v];
			if (!r || r->peak_rss <= 0)
				continue;
			if (!lo || r->peak_rss < lo->peak_rss)
				lo = r;
			if (!hi || r->peak_rss > hi->peak_rss)
				hi = r;
		}
		if (lo && hi && (double)hi->peak_rss >
				MEMORY_FACTOR * (double)lo->peak_rss)
			ev_add(&e, "%s: %s %.1f MiB vs %s %.1f MiB",
			       m->ops[o].test->id, pace_report_variant_label(hi),
			       (double)hi->peak_rss / 1048576.0,
			       pace_report_variant_label(lo),
			       (double)lo->peak_rss / 1048576.0);
	}
	rec_if_any(m, PACE_REC_MEDIUM, "performance", "Memory use differs widely",
		   "One variant's peak memory is more than twice another's; "
		   "check whether that matters where it runs.", &e);
}

static void rec_winner(struct pace_report_model *m)
{
	struct evidence e = {PACE_STRBUF_INIT, 0};
	char *msg;

	if (!m->overall_winner || !isfinite(m->avg_speedup))
		return;
	ev_add(&e, "fastest in %zu of %zu compared operations",
	       m->wins[pace_report_model_variant(m, m->overall_winner)],
	       m->ncompared);
	ev_add(&e, "geometric-mean speedup %.2fx (CI %.2f-%.2f, excluding 1)",
	       m->avg_speedup, m->avg_speedup_lo, m->avg_speedup_hi);
	msg = pace_xasprintf("Prefer %s for these operations where speed "
			     "matters.", m->overall_winner);
	add_rec(m, PACE_REC_LOW, "performance", "Overall fastest variant",
		msg, &e);
	free(msg);
}

static void build_findings(struct pace_report_model *m)
{
	const struct pace_report_op *gap = NULL;
	size_t ncmp = 0, nsig = 0;

	if (m->overall_winner && isfinite(m->avg_speedup))
		pace_strvec_pushf(&m->findings,
				  "%s was fastest in %zu of %zu compared operations, "
				  "%.2fx faster on geometric mean (CI %.2f-%.2f)",
				  m->overall_winner,
				  m->wins[pace_report_model_variant(
					  m, m->overall_winner)],
				  m->ncompared, m->avg_speedup,
				  m->avg_speedup_lo, m->avg_speedup_hi);
	else if (m->no_overall_winner && isfinite(m->avg_speedup_lo))
		pace_strvec_pushf(&m->findings,
				  "No overall winner: %s led, but its geometric-"
				  "mean speedup %.2fx has an interval %.2f-%.2f "
				  "that includes 1", m->no_overall_winner,
				  m->avg_speedup, m->avg_speedup_lo,
				  m->avg_speedup_hi);
	else if (m->no_overall_winner)
		pace_strvec_pushf(&m->findings,
				  "No overall winner: %s led, but its geometric-"
				  "mean speedup has no interval",
				  m->no_overall_winner);
	for (size_t o = 0; o < m->nops; o++) {
		const struct pace_comparison *c = m->ops[o].cmp;
		if (!c || !isfinite(c->ratio))
			continue;
		ncmp++;
		nsig += c->significant;
		if (!gap || c->ratio > gap->cmp->ratio)
			gap = &m->ops[o];
	}
	if (gap)
		pace_strvec_pushf(&m->findings,
				  "Largest gap: %s, where %s is %.2fx faster "
				  "than %s", gap->test->id,
				  pace_report_variant_label(gap->cmp->faster),
				  gap->cmp->ratio,
				  pace_report_variant_label(gap->cmp->slower));
	if (ncmp)
		pace_strvec_pushf(&m->findings,
				  "%zu of %zu winners are statistically "
				  "significant", nsig, ncmp);
	if (m->nfailed)
		pace_strvec_pushf(&m->findings, "%zu of %zu tests had failures",
				  m->nfailed, m->nops);
	if (m->nsizes > 1)
		pace_strvec_pushf(&m->findings,
				  "Operations cover %zu repository sizes",
				  m->nsizes);
	if (!m->findings.n && m->nops)
		pace_strvec_pushf(&m->findings, "%zu tests ran, none compared",
				  m->nops);
}

static void build_history(struct pace_report_model *m)
{
	const struct pace_report_history *h = m->ctx.history;

	if (!h || !h->n)
		return;
	m->hist_current = pace_xcalloc(h->n, sizeof(*m->hist_current));
	m->hist_regressed = pace_xcalloc(h->n, sizeof(*m->hist_regressed));
	for (size_t s = 0; s < h->n; s++) {
		const struct pace_report_history_series *hs = &h->series[s];
		const struct pace_report_history_point *last =
			hs->n ? &hs->points[hs->n - 1] : NULL;
		for (size_t i = 0; i < m->run->nresults; i++) {
			const struct pace_result *r = &m->run->results[i];
			if (strcmp(r->test->id, hs->test_id) == 0 &&
			    strcmp(pace_report_variant_label(r), hs->variant) == 0)
				m->hist_current[s] = r;
		}
		/* the verdict is the analysis' (pace_pipeline_history):
		 * the report makes none of its own */
		if (last && m->hist_current[s] &&
		    pace_report_has_data(m->hist_current[s]))
			m->hist_regressed[s] = hs->current_regressed;
	}
}

void pace_report_model_build(struct pace_report_model *m,
			     const struct pace_run *run,
			     const struct pace_report_context *ctx)
{
	static const struct pace_report_context dflt = PACE_REPORT_CONTEXT_INIT;
	const struct pace_test **tests;

	memset(m, 0, sizeof(*m));
	m->run = run;
	m->ctx = ctx ? *ctx : dflt;
	pace_strvec_init(&m->findings);
	snprintf(m->generated, sizeof(m->generated), "%s",
		 run->ended[0] ? run->ended : run->started);
	build_variants(m);
	m->nops = pace_report_tests(run, &tests);
	m->ops = pace_xcalloc(m->nops ? m->nops : 1, sizeof(*m->ops));
	for (size_t i = 0; i < m->nops; i++)
		build_op(m, &m->ops[i], tests[i]);
	free(tests);
	build_summary(m);
	build_sizes(m);
	build_history(m);
	build_findings(m);
	rec_failures(m);
	rec_noise(m);
	rec_power(m);
	rec_memory(m);
	rec_winner(m);
}

void pace_report_model_release(struct pace_report_model *m)
{
	for (size_t i = 0; i < m->nops; i++)
		free(m->ops[i].by_variant);
	for (size_t i = 0; i < m->nsizes; i++)
		free(m->sizes[i].time);
	for (size_t i = 0; i < m->nrecs; i++) {
		free(m->recs[i].title);
		free(m->recs[i].message);
		free(m->recs[i].evidence);
	}
	free(m->ops);
	free(m->sizes);
	free(m->recs);
	free(m->variants);
	free(m->wins);
	free(m->avg_time);
	free(m->avg_rss);
	free(m->geomeans);
	free(m->hist_current);
	free(m->hist_regressed);
	pace_strvec_release(&m->findings);
	memset(m, 0, sizeof(*m));
}
