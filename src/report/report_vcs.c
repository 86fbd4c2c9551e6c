/*
 * report_vcs.c - the Jujutsu / Git / Git-WT table of seed 001's Markdown
 * report: one row per operation (test) that has any of the variants
 * `jujutsu`, `git` and `git-worktrees`, the mean time of each, the winner
 * (lowest mean) and its speedup over the slowest of them.  The speedup
 * says "(n.s.)" when Welch's test does not find the difference
 * significant, so a coin toss is never announced as a win, and the
 * winner is "Git-WT ≈ Git" when it did not beat Git significantly.  A variant
 * that did not run shows why in one word: "skipped" (not measured here,
 * e.g. jj not installed) or "failed".  When the fastest and the slowest
 * run the same command and hooks, the row says "same command" instead of
 * a winner: their difference is the machine's.  pace run prints the table
 * and writes it as vcs.md (pace_report_vcs_md, one of the files of
 * pace_report_write_all), so pace report RUN writes it again.
 */
#include <math.h>

#include "report/report_priv.h"
#include "report/report_model.h"

static const struct {
	const char *variant, *label, *header;
} vcs_cols[] = {
	{"jujutsu", "JJ", "Jujutsu"},
	{"git", "Git", "Git"},
	{"git-worktrees", "Git-WT", "Git-WT"},
};
#define NCOLS PACE_ARRAY_SIZE(vcs_cols)

static const struct pace_result *find_result(const struct pace_run *run,
					     const struct pace_test *t,
					     const char *variant)
{
	for (size_t i = 0; i < run->nresults; i++)
		if (run->results[i].test == t &&
		    !strcmp(run->results[i].variant->name, variant))
			return &run->results[i];
	return NULL;
}

static bool ok(const struct pace_result *r)
{
	return r && !r->skipped && !r->failure && r->wall.n > 0;
}

/* " ≈ Git" for each other variant the winner is not significantly faster
 * than (or that runs the same command): a winner is named alone only when
 * it beat each of the others. */
static void winner_ties(FILE *f, const struct pace_run *run,
			const struct pace_result *const *r, size_t best)
{
	for (size_t c = 0; c < NCOLS; c++) {
		const struct pace_comparison *cmp;
		if (c == best || !ok(r[c]))
			continue;
		cmp = pace_report_find_cmp(run, r[best], r[c]);
		if (pace_report_same_command(r[best]->variant, r[c]->variant) ||
		    !cmp || !cmp->significant)
			fprintf(f, " ≈ %s", vcs_cols[c].label);
	}
}

/* One row; false when the test has none of the three variants. */
static bool vcs_row(FILE *f, const struct pace_run *run,
		    const struct pace_test *t)
{
	const struct pace_result *r[NCOLS];
	size_t best = NCOLS, worst = NCOLS, found = 0;
	char cell[32];

	for (size_t c = 0; c < NCOLS; c++) {
		r[c] = find_result(run, t, vcs_cols[c].variant);
		found += r[c] != NULL;
		if (!ok(r[c]))
			continue;
		if (best == NCOLS || r[c]->wall.mean < r[best]->wall.mean)
			best = c;
		if (worst == NCOLS || r[c]->wall.mean > r[worst]->wall.mean)
			worst = c;
	}
	if (!found)
		return false;
	fprintf(f, "| %s |", t->id);
	for (size_t c = 0; c < NCOLS; c++) {
		if (ok(r[c]))
			pace_format_time(cell, sizeof(cell), r[c]->wall.mean);
		fprintf(f, " %s |", ok(r[c]) ? cell : !r[c] || r[c]->skipped ?
			"skipped" : "failed");
	}
	if (best == NCOLS || best == worst) {
		fprintf(f, " %s | - |\n", best == NCOLS ? "-" : vcs_cols[best].label);
		return true;
	}
	if (pace_report_same_command(r[best]->variant, r[worst]->variant)) {
		fputs(" same command | - |\n", f);
		return true;
	}
	{
		const struct pace_comparison *cmp = pace_report_find_cmp(run, r[best], r[worst]);
		fprintf(f, " %s", vcs_cols[best].label);
		winner_ties(f, run, r, best);
		fprintf(f, " | %.2fx%s |\n", r[worst]->wall.mean / r[best]->wall.mean,
			cmp && !cmp->significant ? " (n.s.)" : "");
	}
	return true;
}

int pace_report_vcs_table(FILE *f, const struct pace_run *run)
{
	const struct pace_test *last = NULL;
	size_t rows = 0;

	for (size_t i = 0; i < run->nresults; i++) {
		const struct pace_test *t = run->results[i].test;
		if (t == last)
			continue;
		last = t;
		if (find_result(run, t, "git") == NULL &&
		    find_result(run, t, "git-worktrees") == NULL &&
		    find_result(run, t, "jujutsu") == NULL)
			continue;
		if (!rows++) {
			fputs("| Operation |", f);
			for (size_t c = 0; c < NCOLS; c++)
				fprintf(f, " %s |", vcs_cols[c].header);
			fputs(" Winner | Speedup |\n|---|---:|---:|---:|---|---:|\n", f);
		}
		vcs_row(f, run, t);
	}
	return ferror(f) ? -1 : (int)rows;
}

int pace_report_vcs_md(FILE *f, const struct pace_report_model *m)
{
	char *table = NULL;
	size_t len = 0;
	FILE *t = open_memstream(&table, &len);
	int rows = t ? pace_report_vcs_table(t, m->run) : -1;

	if (t && fclose(t))
		rows = -1;
	if (rows > 0) {
		fprintf(f, "# Jujutsu / Git / Git-WT\n\nMean wall time per "
			"operation; the winner's speedup is over the slowest "
			"variant; (n.s.): the difference is not statistically "
			"significant; \"Git ≈ Git-WT\": the winner was not "
			"significantly faster than Git-WT.\n\n");
		fputs(table, f);
	}
	free(table);
	return rows < 0 || ferror(f) ? -1 : rows;
}
