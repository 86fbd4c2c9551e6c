/*
 * report_html.c - report.html: one self-contained page over the report
 * model (no network, no framework).  Sections follow issue 5: executive
 * summary, comparison table, charts (relative time per operation with
 * interval whiskers, memory, scalability by repository size, history),
 * key findings, recommendations, detailed results with a bar chart and a
 * box plot per test, environment and reproducibility.
 *
 * Safety: every string that came from a user (suite, test names and ids,
 * commands, failure output, configuration) goes through pace_html_escape,
 * in text and in attributes alike.  As a second wall the page carries a
 * Content-Security-Policy that allows no network fetch at all and only the
 * one inline script below (by its SHA-256), so even an escaping mistake
 * could neither load anything nor run an injected script.  When the
 * script changes, update SORT_SCRIPT_SHA256 (tests/cli/0820-html.bats
 * checks that they agree).
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "report/report_model.h"
#include "report/report_priv.h"
#include "report/svg.h"

/* Overview charts stop here; the tables list everything. */
#define CHART_MAX_OPS 60
#define HISTORY_MAX_SERIES 24

/* Click a column heading to sort by it (numbers by data-v). */
static const char sort_script[] =
	"document.querySelectorAll('table.sort th').forEach(function(th){"
	"th.addEventListener('click',function(){"
	"var b=th.closest('table').tBodies[0],i=th.cellIndex,"
	"d=th.getAttribute('data-d')==='a'?'d':'a';"
	"th.setAttribute('data-d',d);"
	"Array.from(b.rows).sort(function(x,y){"
	"var a=x.cells[i],c=y.cells[i],"
	"p=parseFloat(a.getAttribute('data-v')),q=parseFloat(c.getAttribute('data-v')),"
	"k=(isNaN(p)||isNaN(q))?a.textContent.localeCompare(c.textContent):p-q;"
	"return d==='a'?k:-k;}).forEach(function(r){b.appendChild(r);});});});";
#define SORT_SCRIPT_SHA256 "cRtf1Gs14qelRynG8AJm7O1JzkfxyRuasySHvi4Qbc4="

static const char style[] =
	":root{--fg:#1d2330;--mut:#5b6475;--bg:#fff;--line:#d9dde5;--acc:#2f6fdf}"
	"*{box-sizing:border-box}"
	"body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;"
	"color:var(--fg);background:var(--bg);margin:0 auto;max-width:1100px;"
	"padding:1rem}"
	"h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:2px solid var(--line);"
	"padding-bottom:.2rem;margin-top:2rem}h3{margin:1.2rem 0 .3rem}"
	"nav a{margin-right:.8rem;color:var(--acc)}.meta{color:var(--mut)}"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));"
	"gap:.6rem}.card{border:1px solid var(--line);border-radius:6px;padding:.6rem}"
	".card b{display:block;font-size:1.4rem}.card span{color:var(--mut);"
	"font-size:.85rem}.warn{background:#fff4d6;border:1px solid #e6b800;"
	"padding:.5rem;border-radius:6px}"
	".tw{overflow-x:auto}.tw.long{max-height:34rem;overflow-y:auto}"
	"thead th{position:sticky;top:0;background:var(--bg)}table{border-collapse:collapse;width:100%;"
	"font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.25rem .5rem;"
	"text-align:left;vertical-align:top}td.n,th.n{text-align:right;"
	"font-variant-numeric:tabular-nums}table.sort th{cursor:pointer}"
	"table.sort th:after{content:' \\2195';color:var(--mut)}"
	"pre{background:#f5f6f8;padding:.5rem;overflow-x:auto;white-space:pre-wrap;"
	"word-break:break-all;font-size:.85rem}"
	".grid2{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}"
	"svg.chart{width:100%;height:auto;display:block}"
	"figure,.grid2>div{margin:1rem 0;overflow-x:auto}"
	".ct{font-weight:600;font-size:13px}.lg,.rl,.tk,.un{font-size:11px;"
	"fill:var(--mut)}.rl{text-anchor:end}.tk{text-anchor:middle}"
	".ty,.un{text-anchor:end}.grid{stroke:#e6e9ef}.wh,.med{stroke:#222;"
	"stroke-width:1.2;fill:none}.med{stroke-width:2}.ref{stroke:#888;"
	"stroke-dasharray:4 3}.out{fill:none;stroke:#d1342f;stroke-width:1.5}"
	"path.ci{fill:none;stroke-width:1.2}.ln{fill:none;stroke-width:2}.reg{fill:#d1342f;stroke:#7a0d0a}"
	".cp{stroke:#7a4bd1;stroke-width:2;stroke-dasharray:5 4}"
	".empty{fill:#f5f6f8;stroke:var(--line)}.box{fill-opacity:.55}"
	".s0{fill:#2f6fdf;stroke:#2f6fdf}.s1{fill:#e8833a;stroke:#e8833a}"
	".s2{fill:#3aa37a;stroke:#3aa37a}.s3{fill:#9b59b6;stroke:#9b59b6}"
	".s4{fill:#c0392b;stroke:#c0392b}.s5{fill:#16a0b5;stroke:#16a0b5}"
	".s6{fill:#8c6d31;stroke:#8c6d31}.s7{fill:#666;stroke:#666}"
	".ln.s0,.ln.s1,.ln.s2,.ln.s3,.ln.s4,.ln.s5,.ln.s6,.ln.s7{fill:none}"
	"rect.s0,rect.s1,rect.s2,rect.s3,rect.s4,rect.s5,rect.s6,rect.s7{stroke:none}"
	".pri{display:inline-block;padding:0 .4rem;border-radius:4px;"
	"font-size:.75rem;text-transform:uppercase;color:#fff;background:#888}"
	".pri.critical{background:#c0392b}.pri.high{background:#e8833a}"
	".pri.medium{background:#2f6fdf}"
	"@media (max-width:640px){body{font-size:14px;padding:.5rem}"
	".grid2{grid-template-columns:1fr}nav a{display:inline-block}"
	"svg.chart{min-width:520px}}"
	"@media print{nav,table.sort th:after{display:none}body{max-width:none}"
	".tw.long{max-height:none;overflow:visible}"
	"section.test,svg.chart,tr{break-inside:avoid}h2{break-after:avoid}"
	"a{color:inherit;text-decoration:none}}";

#define esc pace_html_escape

static void time_cell(FILE *f, double seconds)
{
	char buf[64];

	pace_format_time(buf, sizeof(buf), seconds);
	fprintf(f, "<td class=\"n\" data-v=\"%.9g\">%s</td>", seconds, buf);
}

static void head(FILE *f, const struct pace_report_model *m)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\""
	      "default-src 'none'; style-src 'unsafe-inline'; "
	      "img-src data:; script-src 'sha256-" SORT_SCRIPT_SHA256 "'\">\n"
	      "<title>pace report ", f);
	esc(f, m->run->id);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

static void header(FILE *f, const struct pace_report_model *m)
{
	const struct pace_env_info *e = &m->run->env;

	fputs("<header>\n<h1>Benchmark Report: ", f);
	esc(f, m->run->started);
	fputs("</h1>\n<p class=\"meta\">Run <code>", f);
	esc(f, m->run->id);
	fputs("</code> on ", f);
	esc(f, e->hostname ? e->hostname : "unknown host");
	fputs(" · pace ", f);
	esc(f, e->pace_version ? e->pace_version : "unknown");
	fputs("</p>\n<nav><a href=\"#summary\">Summary</a><a href=\"#comparison\">"
	      "Comparison</a><a href=\"#charts\">Charts</a><a href=\"#findings\">"
	      "Findings</a><a href=\"#recommendations\">Recommendations</a>"
	      "<a href=\"#details\">Details</a><a href=\"#environment\">"
	      "Environment</a></nav>\n</header>\n", f);
}

static void card(FILE *f, const char *value, const char *label)
{
	fputs("<div class=\"card\"><b>", f);
	esc(f, value);
	fputs("</b><span>", f);
	esc(f, label);
	fputs("</span></div>\n", f);
}

static void summary(FILE *f, const struct pace_report_model *m)
{
	char buf[96], t[48];

	fputs("<section id=\"summary\">\n<h2>Executive Summary</h2>\n", f);
	if (m->run->interrupted)
		fputs("<p class=\"warn\">The run was interrupted: these results "
		      "are partial.</p>\n", f);
	fputs("<div class=\"cards\">\n", f);
	snprintf(buf, sizeof(buf), "%zu", m->nops);
	card(f, buf, "tests");
	snprintf(buf, sizeof(buf), "%.1f %%", m->success_rate);
	card(f, buf, "success rate");
	card(f, m->overall_winner ? m->overall_winner : "n/a", "overall winner");
	if (isfinite(m->avg_speedup_lo))
		snprintf(buf, sizeof(buf), "%.2f× (%.2f–%.2f)", m->avg_speedup,
			 m->avg_speedup_lo, m->avg_speedup_hi);
	else if (isfinite(m->avg_speedup))
		snprintf(buf, sizeof(buf), "%.2f×", m->avg_speedup);
	else
		snprintf(buf, sizeof(buf), "n/a");
	card(f, buf, "geometric-mean speedup");
	pace_format_time(t, sizeof(t), m->total_duration_ms / 1e3);
	card(f, t, "measured time");
	snprintf(buf, sizeof(buf), "%zu", m->nvariants);
	card(f, buf, "variants");
	fputs("</div>\n</section>\n", f);
}

static void pvalue_cell(FILE *f, double p)
{
	if (!isfinite(p))
		fputs("<td class=\"n\" data-v=\"\">n/a</td>", f);
	else if (p < 0.001)
		fprintf(f, "<td class=\"n\" data-v=\"%.6g\">&lt; 0.001</td>", p);
	else
		fprintf(f, "<td class=\"n\" data-v=\"%.6g\">%.3f</td>", p, p);
}

static void comparison_row(FILE *f, const struct pace_report_model *m,
			   const struct pace_report_op *op)
{
	const struct pace_comparison *c = op->cmp;

	fputs("<tr><td>", f);
	esc(f, op->test->id);
	fputs("</td><td>", f);
	esc(f, op->size ? op->size : "");
	fputs("</td>", f);
	for (size_t v = 0; v < m->nvariants; v++) {
		const struct pace_result *r = op->by_variant[v];
		if (r && pace_report_has_data(r))
			time_cell(f, r->wall.mean);
		else
			fputs("<td class=\"n\" data-v=\"\">–</td>", f);
	}
	fputs("<td>", f);
	esc(f, pace_report_op_winner(op));
	fputs("</td>", f);
	if (c && isfinite(c->ratio))
		fprintf(f, "<td class=\"n\" data-v=\"%.6g\">%.2f× "
			"(%.2f–%.2f)</td>", c->ratio, c->ratio, c->ci_lo,
			c->ci_hi);
	else
		fputs("<td class=\"n\" data-v=\"\">–</td>", f);
	pvalue_cell(f, c ? c->p_value : NAN);
	fputs("</tr>\n", f);
}

static void comparison(FILE *f, const struct pace_report_model *m)
{
	/* a long table scrolls in its box (not in print) */
	fprintf(f, "<section id=\"comparison\">\n<h2>Performance Comparison</h2>\n"
		"<p>Mean wall time per operation; the winner's speedup over the "
		"runner-up with its confidence interval, and Welch's p-value.</p>\n"
		"<div class=\"tw%s\"><table class=\"sort\" id=\"cmp-table\"><thead>"
		"<tr><th>Operation</th><th>Size</th>", m->nops > 20 ? " long" : "");
	for (size_t v = 0; v < m->nvariants; v++) {
		fputs("<th class=\"n\">", f);
		esc(f, m->variants[v]);
		fputs("</th>", f);
	}
	fputs("<th>Winner</th><th class=\"n\">Speedup (CI)</th>"
	      "<th class=\"n\">p-value</th></tr></thead>\n<tbody>\n", f);
	for (size_t o = 0; o < m->nops; o++)
		comparison_row(f, m, &m->ops[o]);
	fputs("</tbody></table></div>\n", f);
	if (m->nsizes) {
		fputs("<h3>By repository size</h3>\n<div class=\"tw\"><table>"
		      "<thead><tr><th>Size</th><th class=\"n\">Operations</th>"
		      "<th class=\"n\">Average speedup</th></tr></thead><tbody>\n",
		      f);
		for (size_t s = 0; s < m->nsizes; s++) {
			fprintf(f, "<tr><td>%s</td><td class=\"n\">%zu</td>",
				m->sizes[s].size, m->sizes[s].nops);
			if (isfinite(m->sizes[s].avg_speedup))
				fprintf(f, "<td class=\"n\">%.2f×</td></tr>\n",
					m->sizes[s].avg_speedup);
			else
				fputs("<td class=\"n\">–</td></tr>\n", f);
		}
		fputs("</tbody></table></div>\n", f);
	}
	fputs("</section>\n", f);
}

/* Relative time (1 = the operation's fastest) with each mean's interval. */
static void chart_relative(FILE *f, const struct pace_report_model *m)
{
	size_t nv = m->nvariants, n = 0, swept = 0;
	const char **cats = pace_xcalloc(CHART_MAX_OPS, sizeof(*cats));
	double *v = pace_xcalloc(CHART_MAX_OPS * nv, sizeof(*v) * 3);
	double *lo = v + CHART_MAX_OPS * nv, *hi = lo + CHART_MAX_OPS * nv;

	for (size_t o = 0; o < m->nops && n < CHART_MAX_OPS; o++) {
		const struct pace_report_op *op = &m->ops[o];
		double w;
		/* a sweep's lone variant would be a bar of 1.0: its line is in
		 * chart-parameters */
		if (op->winner && op->test->param_base && !op->cmp)
			swept++;
		if (!op->winner || (op->test->param_base && !op->cmp))
			continue;
		w = op->winner->wall.mean;
		cats[n] = op->test->id;
		for (size_t s = 0; s < nv; s++) {
			const struct pace_result *r = op->by_variant[s];
			bool ok = r && pace_report_has_data(r) && w > 0;
			v[n * nv + s] = ok ? r->wall.mean / w : NAN;
			lo[n * nv + s] = ok ? r->wall.ci_lo / w : NAN;
			hi[n * nv + s] = ok ? r->wall.ci_hi / w : NAN;
		}
		n++;
	}
	if (n) {
		struct pace_svg_bars b = {"Time relative to each operation's "
			"fastest variant (whiskers: CI)", "× fastest", cats, n, m->variants, nv, v, lo, hi, 1.0};
		pace_svg_bars(f, &b);
	} else {
		pace_svg_empty(f, "Performance comparison", swept ?
			       "one command per parameter combination: its "
			       "sweep is drawn below" : "no successful runs to compare");
	}
	if (n < m->nops)
		fprintf(f, "<p class=\"meta\">%zu of %zu operations shown; the "
			"comparison table lists all.</p>\n", n, m->nops);
	free(cats);
	free(v);
}

static double result_rss(const struct pace_result *r)
{
	if (isfinite(r->rss.mean) && r->rss.n)
		return r->rss.mean;
	return r->peak_rss >= 0 ? (double)r->peak_rss : NAN;
}

static void chart_memory(FILE *f, const struct pace_report_model *m)
{
	size_t nv = m->nvariants, n = 0;
	const char **cats = pace_xcalloc(CHART_MAX_OPS, sizeof(*cats));
	double *v = pace_xcalloc(CHART_MAX_OPS * nv, sizeof(*v) * 3);
	double *lo = v + CHART_MAX_OPS * nv, *hi = lo + CHART_MAX_OPS * nv;
	bool any = false;

	for (size_t o = 0; o < m->nops && n < CHART_MAX_OPS; o++) {
		cats[n] = m->ops[o].test->id;
		for (size_t s = 0; s < nv; s++) {
			const struct pace_result *r = m->ops[o].by_variant[s];
			double x = r ? result_rss(r) / 1048576.0 : NAN;
			bool ci = r && isfinite(r->rss.ci_lo) && r->rss.n > 1;
			v[n * nv + s] = x;
			lo[n * nv + s] = ci ? r->rss.ci_lo / 1048576.0 : NAN;
			hi[n * nv + s] = ci ? r->rss.ci_hi / 1048576.0 : NAN;
			any |= isfinite(x);
		}
		n++;
	}
	if (any) {
		struct pace_svg_bars b = {"Memory: peak resident set per variant",
			"MiB", cats, n, m->variants, nv, v, lo, hi, 0};
		pace_svg_bars(f, &b);
	} else {
		pace_svg_empty(f, "Memory", "no memory figures in this run");
	}
	free(cats);
	free(v);
}

static void chart_scalability(FILE *f, const struct pace_report_model *m)
{
	const char *x[8];
	double *y, top = 0;
	struct pace_time_unit u;

	if (!m->nsizes || !m->nvariants) {
		pace_svg_empty(f, "Scalability by repository size",
			       "no repository sizes in this suite (tag tests "
			       "small, medium, large)");
		return;
	}
	y = pace_xcalloc(m->nsizes * m->nvariants, sizeof(*y));
	for (size_t s = 0; s < m->nsizes; s++)
		for (size_t v = 0; v < m->nvariants; v++)
			if (isfinite(m->sizes[s].time[v]))
				top = fmax(top, m->sizes[s].time[v]);
	u = pace_format_time_unit(top);
	for (size_t s = 0; s < m->nsizes; s++) {
		x[s] = m->sizes[s].size;
		for (size_t v = 0; v < m->nvariants; v++)
			y[v * m->nsizes + s] = m->sizes[s].time[v] * u.per_second;
	}
	{
		struct pace_svg_lines l = {"Scalability: time by repository size "
			"(geometric mean)", u.name, x,
			m->nsizes, m->variants, m->nvariants, y, NULL};
		pace_svg_lines(f, &l);
	}
	free(y);
}

/* What a change point's line says: the change of the means (the
 * pipeline's figures) and its permutation p. */
static char *change_label(double change, double p)
{
	return pace_xasprintf("mean %+.1f%% (E-divisive, permutation p = %.3f)",
			      change * 100, p);
}

static void chart_history_series(FILE *f, const struct pace_report_model *m,
				 size_t s)
{
	const struct pace_report_history_series *hs = &m->ctx.history->series[s];
	const struct pace_result *cur = m->hist_current[s];
	size_t n = hs->n + (cur != NULL);
	const char **x = pace_xcalloc(n + 1, sizeof(*x));
	double *y = pace_xcalloc(n + 1, sizeof(*y)), top = 0;
	bool *mark = pace_xcalloc(n + 1, sizeof(*mark));
	bool *cp = pace_xcalloc(n + 1, sizeof(*cp));
	char **cpl = pace_xcalloc(n + 1, sizeof(*cpl));
	const char *names[1] = {hs->variant};
	char *title = pace_xasprintf("History: %s / %s", hs->test_id, hs->variant);
	struct pace_time_unit u;

	for (size_t i = 0; i < hs->n; i++)
		top = fmax(top, isfinite(hs->points[i].mean) ? hs->points[i].mean : 0);
	u = pace_format_time_unit(top);
	for (size_t i = 0; i < hs->n; i++) {
		x[i] = hs->points[i].run_id;
		y[i] = hs->points[i].mean * u.per_second;
		mark[i] = hs->points[i].regression;
		cp[i] = hs->points[i].change_point;
		if (cp[i])
			cpl[i] = change_label(hs->points[i].cp_change,
					      hs->points[i].cp_p);
	}
	if (cur) {
		x[hs->n] = "this run";
		y[hs->n] = cur->wall.mean * u.per_second;
		mark[hs->n] = m->hist_regressed[s];
		cp[hs->n] = hs->current_change_point;
		if (cp[hs->n])
			cpl[hs->n] = change_label(hs->current_cp_change,
						  hs->current_cp_p);
	}
	{
		struct pace_svg_lines l = {title, u.name, x, n, names, 1, y, mark,
					   .change = cp,
					   .change_label = (const char *const *)cpl};
		pace_svg_lines(f, &l);
	}
	for (size_t i = 0; i < n; i++)
		free(cpl[i]);
	free(cpl);
	free(cp);
	free(title);
	free(x);
	free(y);
	free(mark);
}

static void chart_history(FILE *f, const struct pace_report_model *m)
{
	const struct pace_report_history *h = m->ctx.history;

	if (!h || !h->n) {
		pace_svg_empty(f, "History", "no history yet: earlier runs "
			       "appear here once they are stored");
		return;
	}
	for (size_t s = 0; s < h->n && s < HISTORY_MAX_SERIES; s++)
		chart_history_series(f, m, s);
	fputs("<figcaption>Red points: a regression against the run before "
	      "(significant and at least the practical threshold). Dashed "
	      "lines: change points of the history (E-divisive means, "
	      "permutation test; <code>pace changes</code>).</figcaption>\n",
	      f);
}

static void charts(FILE *f, const struct pace_report_model *m)
{
	fputs("<section id=\"charts\">\n<h2>Charts</h2>\n<figure id=\"chart-"
	      "performance\">\n", f);
	chart_relative(f, m);
	fputs("</figure>\n<figure id=\"chart-memory\">\n", f);
	chart_memory(f, m);
	fputs("</figure>\n<figure id=\"chart-scalability\">\n", f);
	chart_scalability(f, m);
	fputs("</figure>\n<figure id=\"chart-history\">\n", f);
	chart_history(f, m);
	fputs("</figure>\n", f);
	pace_report_html_params(f, m);
	fputs("</section>\n", f);
}

static void findings(FILE *f, const struct pace_report_model *m)
{
	fputs("<section id=\"findings\">\n<h2>Key Findings</h2>\n<ol>\n", f);
	for (size_t i = 0; i < m->findings.n; i++) {
		fputs("<li>", f);
		esc(f, m->findings.v[i]);
		fputs("</li>\n", f);
	}
	fputs("</ol>\n</section>\n", f);
}

static void recommendations(FILE *f, const struct pace_report_model *m)
{
	fputs("<section id=\"recommendations\">\n<h2>Recommendations</h2>\n",
	      f);
	if (!m->nrecs)
		fputs("<p>Nothing to recommend: no failures, no noisy "
		      "measurements.</p>\n", f);
	fputs("<ul>\n", f);
	for (int p = PACE_REC_CRITICAL; p <= PACE_REC_LOW; p++)
		for (size_t i = 0; i < m->nrecs; i++) {
			const struct pace_report_rec *r = &m->recs[i];
			const char *pn = pace_report_priority_name(r->priority);
			if ((int)r->priority != p)
				continue;
			fprintf(f, "<li><span class=\"pri %s\">%s</span> "
				"<b>", pn, pn);
			esc(f, r->title);
			fprintf(f, "</b> <i>(%s)</i><br>", r->category);
			esc(f, r->message);
			if (*r->evidence) {
				fputs("<br><small>Evidence: ", f);
				esc(f, r->evidence);
				fputs("</small>", f);
			}
			fputs("</li>\n", f);
		}
	fputs("</ul>\n</section>\n", f);
}

static void details_row(FILE *f, const struct pace_result *r)
{
	const struct pace_summary *w = &r->wall;
	char mem[32];

	fputs("<tr><td>", f);
	esc(f, r->test->id);
	fputs("</td><td>", f);
	esc(f, pace_report_variant_label(r));
	fputs("</td>", f);
	time_cell(f, w->mean);
	time_cell(f, w->sd);
	time_cell(f, w->median);
	time_cell(f, w->min);
	time_cell(f, w->max);
	fprintf(f, "<td class=\"n\" data-v=\"%zu\">%zu</td>"
		"<td class=\"n\" data-v=\"%zu\">%zu</td>", w->n, w->n,
		r->nfailed, r->nfailed);
	pace_format_bytes(mem, sizeof(mem), (double)r->peak_rss);
	fprintf(f, "<td class=\"n\" data-v=\"%lld\">%s</td><td>",
		(long long)r->peak_rss, mem);
	esc(f, r->skipped ? r->skipped : r->failure ? r->failure : "");
	fputs("</td></tr>\n", f);
}

/* The counted samples' per-operation times in `u`, sorted. */
static size_t sorted_times(const struct pace_result *r, double per_second,
			   double **out)
{
	double *x = pace_xcalloc(r->nsamples + 1, sizeof(*x));
	size_t n = 0;

	for (size_t i = 0; i < r->nsamples; i++) {
		const struct pace_sample *s = &r->samples[i];
		if (s->fail != PACE_FAIL_NONE || s->wall_ns < 0)
			continue;
		x[n++] = (double)s->wall_ns / 1e9 * per_second /
			 (double)(s->iterations > 1 ? s->iterations : 1);
	}
	gsl_sort(x, 1, n);
	*out = x;
	return n;
}

static void test_charts(FILE *f, const struct pace_report_model *m,
			const struct pace_report_op *op)
{
	size_t nv = m->nvariants, nrows = 0;
	double *v = pace_xcalloc(nv * 3, sizeof(*v)), top = 0;
	struct pace_svg_box_row *rows = pace_xcalloc(nv, sizeof(*rows));
	const char *cat[1] = {op->test->id};
	struct pace_time_unit u;
	char *title;

	for (size_t s = 0; s < nv; s++)
		if (op->by_variant[s] && pace_report_has_data(op->by_variant[s]))
			top = fmax(top, op->by_variant[s]->wall.mean);
	u = pace_format_time_unit(top);
	for (size_t s = 0; s < nv; s++) {
		const struct pace_result *r = op->by_variant[s];
		bool ok = r && pace_report_has_data(r);
		v[s] = ok ? r->wall.mean * u.per_second : NAN;
		v[nv + s] = ok ? r->wall.ci_lo * u.per_second : NAN;
		v[2 * nv + s] = ok ? r->wall.ci_hi * u.per_second : NAN;
		if (!r)
			continue;
		rows[nrows].label = m->variants[s];
		rows[nrows].n = sorted_times(r, u.per_second,
					     (double **)&rows[nrows].x);
		nrows++;
	}
	fputs("<div class=\"grid2\"><div>\n", f);
	title = pace_xasprintf("%s: mean (whiskers: CI)",
			       op->test->id);
	{
		struct pace_svg_bars b = {title, u.name, cat, 1, m->variants,
			nv, v, v + nv, v + 2 * nv, 0};
		pace_svg_bars(f, &b);
	}
	free(title);
	fputs("</div><div>\n", f);
	title = pace_xasprintf("%s: runs (circles: outliers)",
			       op->test->id);
	pace_svg_boxes(f, title, u.name, rows, nrows);
	free(title);
	fputs("</div></div>\n", f);
	for (size_t i = 0; i < nrows; i++)
		free((void *)rows[i].x);
	free(rows);
	free(v);
}

static void test_section(FILE *f, const struct pace_report_model *m,
			 const struct pace_report_op *op)
{
	fputs("<section class=\"test\"><h3>", f);
	esc(f, op->test->id);
	if (op->test->name && strcmp(op->test->name, op->test->id)) {
		fputs(" — ", f);
		esc(f, op->test->name);
	}
	fputs("</h3>\n", f);
	if (op->test->description) {
		fputs("<p>", f);
		esc(f, op->test->description);
		fputs("</p>\n", f);
	}
	test_charts(f, m, op);
	for (size_t s = 0; s < m->nvariants; s++)
		if (op->by_variant[s])
			pace_report_html_instructions(f, m->variants[s],
						      op->by_variant[s]);
	for (size_t s = 0; s < m->nvariants; s++)
		if (op->by_variant[s])
			pace_report_html_timeseries(f, m->variants[s],
						    op->by_variant[s]);
	for (size_t s = 0; s < m->nvariants; s++) {
		const struct pace_result *r = op->by_variant[s];
		if (!r || (!r->failure && !r->output_snippet && !r->skipped))
			continue;
		fputs("<p><b>", f);
		esc(f, m->variants[s]);
		fputs("</b>: ", f);
		esc(f, r->skipped ? r->skipped : r->failure);
		fputs("</p>\n", f);
		if (r->output_snippet) {
			fputs("<pre class=\"output\">", f);
			esc(f, r->output_snippet);
			fputs("</pre>\n", f);
		}
	}
	fputs("</section>\n", f);
}

static void details(FILE *f, const struct pace_report_model *m)
{
	fprintf(f, "<section id=\"details\">\n<h2>Detailed Results</h2>\n"
		"<div class=\"tw%s\"><table class=\"sort\" id=\"results-table\">"
		"<thead><tr><th>Test</th><th>Variant</th><th class=\"n\">Mean</th>"
		"<th class=\"n\">SD</th><th class=\"n\">Median</th>"
		"<th class=\"n\">Min</th><th class=\"n\">Max</th>"
		"<th class=\"n\">Runs</th><th class=\"n\">Failed</th>"
		"<th class=\"n\">Peak RSS</th><th>Notes</th></tr></thead>\n"
		"<tbody>\n", m->run->nresults > 20 ? " long" : "");
	for (size_t i = 0; i < m->run->nresults; i++)
		details_row(f, &m->run->results[i]);
	fputs("</tbody></table></div>\n", f);
	for (size_t o = 0; o < m->nops; o++)
		test_section(f, m, &m->ops[o]);
	fputs("</section>\n", f);
}

static void env_row(FILE *f, const char *k, const char *v)
{
	fprintf(f, "<tr><th>%s</th><td>", k);
	esc(f, v ? v : "unknown");
	fputs("</td></tr>\n", f);
}

static void environment(FILE *f, const struct pace_report_model *m)
{
	const struct pace_env_info *e = &m->run->env;
	char buf[64];

	fputs("<section id=\"environment\">\n<h2>Environment and "
	      "Reproducibility</h2>\n<div class=\"tw\"><table>\n", f);
	env_row(f, "Host", e->hostname);
	env_row(f, "OS", e->os);
	env_row(f, "Kernel", e->kernel);
	env_row(f, "Architecture", e->arch);
	env_row(f, "CPU", e->cpu_model);
	snprintf(buf, sizeof(buf), "%d", e->ncpu);
	env_row(f, "CPUs", e->ncpu > 0 ? buf : NULL);
	pace_format_bytes(buf, sizeof(buf), (double)e->mem_total);
	env_row(f, "Memory", buf);
	env_row(f, "pace", e->pace_version);
	if (e->git_version)
		env_row(f, "git", e->git_version);
	if (e->jj_version)
		env_row(f, "jj", e->jj_version);
	if (e->env_hash)
		env_row(f, "Test environment", e->env_hash);
	env_row(f, "Run ID", m->run->id);
	env_row(f, "Started", m->run->started);
	env_row(f, "Ended", m->run->ended[0] ? m->run->ended : NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)m->ctx.seed);
	env_row(f, "Seed", m->ctx.seed >= 0 ? buf : NULL);
	fputs("</table></div>\n<h3>Command</h3>\n<pre>", f);
	esc(f, m->ctx.command_line ? m->ctx.command_line : "unknown");
	fputs("</pre>\n<h3>Benchmarked commands</h3>\n<ul>\n", f);
	for (size_t i = 0; i < m->run->nresults; i++) {
		const struct pace_result *r = &m->run->results[i];
		fputs("<li><code>", f);
		esc(f, r->test->id);
		fputs("/", f);
		esc(f, pace_report_variant_label(r));
		fputs("</code>: <code>", f);
		esc(f, r->variant ? r->variant->cmd.text : "");
		fputs("</code></li>\n", f);
	}
	fputs("</ul>\n<h3>Configuration</h3>\n<pre>", f);
	esc(f, m->ctx.config_json ? m->ctx.config_json : "not recorded");
	fputs("</pre>\n<p>Raw samples: <code>raw/&lt;test-id&gt;.json</code>; "
	      "every figure: <code>results.json</code>.</p>\n</section>\n", f);
}

int pace_report_html(FILE *f, const struct pace_report_model *m)
{
	head(f, m);
	header(f, m);
	fputs("<main>\n", f);
	summary(f, m);
	comparison(f, m);
	charts(f, m);
	findings(f, m);
	recommendations(f, m);
	details(f, m);
	environment(f, m);
	fputs("</main>\n<footer class=\"meta\"><p>Generated by pace from run ",
	      f);
	esc(f, m->run->id);
	fprintf(f, ".</p></footer>\n<script>%s</script>\n</body>\n</html>\n",
		sort_script);
	return pace_report_stream_status(f);
}
