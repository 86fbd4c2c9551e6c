/*
 * report_md_model.c - the top of summary.md in seed 001's "Markdown Report
 * Template": "# Benchmark Report: {date}", Executive Summary, Performance
 * Comparison (one column per variant, winner, speedup with its interval,
 * p-value), Key Findings, Recommendations by priority; and the
 * reproducibility list at the end.  report_md.c writes the rest.
 * Cells go through pace_report_md_cell.
 */
#include <math.h>
#include <string.h>

#include "report/report_model.h"
#include "report/report_priv.h"

static void exec_summary(FILE *f, const struct pace_report_model *m)
{
	fprintf(f, "# Benchmark Report: %s\n\n## Executive Summary\n\n",
		m->run->started);
	if (m->run->interrupted)
		fputs("> **Interrupted**: the results below are partial.\n\n", f);
	fprintf(f, "- **Total Tests**: %zu\n", m->nops);
	fprintf(f, "- **Success Rate**: %.1f%%\n", m->success_rate);
	fputs("- **Overall Winner**: ", f);
	pace_report_md_cell(f, m->overall_winner ? m->overall_winner : "n/a");
	fputs("\n- **Average Speedup**: ", f);
	if (isfinite(m->avg_speedup))
		fprintf(f, "%.2fx (geometric mean", m->avg_speedup);
	else
		fputs("n/a", f);
	if (isfinite(m->avg_speedup) && isfinite(m->avg_speedup_lo))
		fprintf(f, ", CI %.2f–%.2f", m->avg_speedup_lo,
			m->avg_speedup_hi);
	fputs(isfinite(m->avg_speedup) ? ")\n" : "\n", f);
}

static void op_row(FILE *f, const struct pace_report_model *m,
		   const struct pace_report_op *op)
{
	const struct pace_comparison *c = op->cmp;

	fputs("| ", f);
	pace_report_md_cell(f, op->test->id);
	for (size_t v = 0; v < m->nvariants; v++) {
		const struct pace_result *r = op->by_variant[v];
		if (r && pace_report_has_data(r))
			fprintf(f, " | %.3f", r->wall.mean * 1e3);
		else
			fputs(" | –", f);
	}
	fputs(" | ", f);
	pace_report_md_cell(f, pace_report_op_winner(op));
	if (c && isfinite(c->ratio))
		fprintf(f, " | %.2fx | %.2f–%.2f", c->ratio, c->ci_lo, c->ci_hi);
	else
		fputs(" | – | –", f);
	if (c && isfinite(c->p_value))
		fprintf(f, c->p_value < 0.001 ? " | < 0.001 |\n" : " | %.3f |\n",
			c->p_value);
	else
		fputs(" | – |\n", f);
}

static void comparison(FILE *f, const struct pace_report_model *m)
{
	fputs("\n## Performance Comparison\n\n| Operation", f);
	for (size_t v = 0; v < m->nvariants; v++) {
		fputs(" | ", f);
		pace_report_md_cell(f, m->variants[v]);
		fputs(" (ms)", f);
	}
	fputs(" | Winner | Speedup | CI | p-value |\n|:----------", f);
	for (size_t v = 0; v < m->nvariants; v++)
		fputs("|-----:", f);
	fputs("|:-------|-------:|---:|--------:|\n", f);
	for (size_t o = 0; o < m->nops; o++)
		op_row(f, m, &m->ops[o]);
	if (!m->nsizes)
		return;
	fputs("\n### By Repository Size\n\n| Size | Operations | "
	      "Average Speedup |\n|:-----|-----------:|----------------:|\n", f);
	for (size_t s = 0; s < m->nsizes; s++) {
		fprintf(f, "| %s | %zu | ", m->sizes[s].size, m->sizes[s].nops);
		if (isfinite(m->sizes[s].avg_speedup))
			fprintf(f, "%.2fx |\n", m->sizes[s].avg_speedup);
		else
			fputs("– |\n", f);
	}
}

static void findings_recs(FILE *f, const struct pace_report_model *m)
{
	static const char *const groups[] = {"Critical", "Important",
					     "Optional"};

	fputs("\n## Key Findings\n\n", f);
	for (size_t i = 0; i < m->findings.n; i++)
		fprintf(f, "%zu. %s\n", i + 1, m->findings.v[i]);
	fputs("\n## Recommendations\n", f);
	if (!m->nrecs)
		fputs("\nNothing to recommend: no failures, no noisy "
		      "measurements.\n", f);
	for (size_t g = 0; g < PACE_ARRAY_SIZE(groups); g++) {
		bool any = false;
		for (size_t i = 0; i < m->nrecs; i++) {
			const struct pace_report_rec *r = &m->recs[i];
			size_t k = r->priority == PACE_REC_CRITICAL ? 0
				 : r->priority == PACE_REC_HIGH ? 1 : 2;
			if (k != g)
				continue;
			if (!any)
				fprintf(f, "\n### %s\n\n", groups[g]);
			any = true;
			fprintf(f, "- **%s** (%s, %s): %s", r->title,
				r->category,
				pace_report_priority_name(r->priority),
				r->message);
			if (*r->evidence) {
				fputs(" Evidence: ", f);
				pace_report_md_cell(f, r->evidence);
			}
			fputs("\n", f);
		}
	}
}

void pace_report_md_head(FILE *f, const struct pace_report_model *m)
{
	exec_summary(f, m);
	comparison(f, m);
	findings_recs(f, m);
}

void pace_report_md_repro(FILE *f, const struct pace_report_model *m)
{
	if (m->ctx.seed >= 0)
		fprintf(f, "- **Seed**: %lld\n", (long long)m->ctx.seed);
	if (m->ctx.command_line) {
		fputs("- **Command**: `", f);
		pace_report_md_cell(f, m->ctx.command_line);
		fputs("`\n", f);
	}
	fputs("- **Raw data**: `raw/<test-id>.json`; configuration and every "
	      "figure in `results.json`\n", f);
}
