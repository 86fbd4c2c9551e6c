/*
 * report_json_model.c - the report model's part of results.json: seed
 * 001's BenchmarkReport fields (metadata, the summary's totals and winner,
 * comparison by operation / repository size / overall, charts as
 * Plotly-shaped traces, recommendations, historical, appendices) added to
 * the run object that report_json.c builds.  Existing fields are never
 * changed here; docs/results.schema.json describes them all and allows
 * more (other writers add fields in parallel).
 *
 * Times in the seed's fields are milliseconds (the seed's unit), memory
 * bytes; a figure that does not exist is null.
 */
#include <math.h>
#include <string.h>

#include "report/report_model.h"
#include "report/report_priv.h"

#define SET(o, k, v) json_object_set_new((o), (k), (v))

static json_t *ms(double seconds)
{
	return pace_json_num(seconds * 1e3);
}

static json_t *pair(double lo, double hi)
{
	if (!isfinite(lo) || !isfinite(hi))
		return json_null();
	return json_pack("[f, f]", lo, hi);
}

static void summary_fields(json_t *s, const struct pace_report_model *m)
{
	json_t *kf = json_array();

	SET(s, "totalTests", json_integer((json_int_t)m->nops));
	SET(s, "successfulTests", json_integer((json_int_t)m->nsuccessful));
	SET(s, "failedTests", json_integer((json_int_t)m->nfailed));
	SET(s, "skippedTests", json_integer((json_int_t)m->nskipped));
	SET(s, "successRate", json_real(m->success_rate));
	SET(s, "totalDuration", json_real(m->total_duration_ms));
	SET(s, "overallWinner", pace_report_json_str(m->overall_winner));
	SET(s, "avgSpeedup", pace_json_num(m->avg_speedup));
	SET(s, "avgSpeedupCi", pair(m->avg_speedup_lo, m->avg_speedup_hi));
	for (size_t i = 0; i < m->findings.n; i++)
		json_array_append_new(kf, json_string(m->findings.v[i]));
	SET(s, "keyFindings", kf);
}

static json_t *metadata(const struct pace_report_model *m)
{
	const char *v = m->run->env.pace_version;

	return json_pack("{s:s, s:s, s:o, s:o, s:s}", "reportId", m->run->id,
			 "generatedAt", m->generated, "benchmarkConfig",
			 json_null(), "version", pace_report_json_str(v),
			 "author", "pace");
}

static json_t *op_json(const struct pace_report_model *m,
		       const struct pace_report_op *op)
{
	const struct pace_comparison *c = op->cmp;
	json_t *o = json_object(), *t = json_object();

	SET(o, "operation", json_string(op->test->id));
	SET(o, "size", pace_report_json_str(op->size));
	for (size_t v = 0; v < m->nvariants; v++) {
		const struct pace_result *r = op->by_variant[v];
		if (r)
			SET(t, m->variants[v], pace_report_has_data(r)
				? ms(r->wall.mean) : json_null());
	}
	SET(o, "times", t);
	SET(o, "winner", op->named ? json_string(
		pace_report_variant_label(op->winner)) : json_null());
	SET(o, "speedup", c ? pace_json_num(c->ratio) : json_null());
	SET(o, "speedupCi", c ? pair(c->ci_lo, c->ci_hi) : json_null());
	SET(o, "pValue", c ? pace_json_num(c->p_value) : json_null());
	SET(o, "significant", c ? json_boolean(c->significant) : json_null());
	SET(o, "sameCommand", json_boolean(op->same_command));
	return o;
}

static json_t *per_variant(const struct pace_report_model *m,
			   const double *v, double scale)
{
	json_t *o = json_object();

	for (size_t i = 0; i < m->nvariants; i++)
		SET(o, m->variants[i], pace_json_num(v[i] * scale));
	return o;
}

static json_t *comparison(const struct pace_report_model *m)
{
	json_t *o = json_object(), *ops = json_array(), *sizes = json_array();
	json_t *wr = json_object(), *all = json_object();
	size_t compared = 0;

	for (size_t i = 0; i < m->nops; i++) {
		json_array_append_new(ops, op_json(m, &m->ops[i]));
		compared += m->ops[i].cmp != NULL;
	}
	for (size_t s = 0; s < m->nsizes; s++) {
		json_t *res = json_array();
		for (size_t i = 0; i < m->nops; i++)
			if (m->ops[i].size == m->sizes[s].size)
				json_array_append_new(res,
					json_string(m->ops[i].test->id));
		json_array_append_new(sizes, json_pack(
			"{s:s, s:I, s:o, s:o, s:o}", "size", m->sizes[s].size,
			"operations", (json_int_t)m->sizes[s].nops,
			"averageSpeedup",
			pace_json_num(m->sizes[s].avg_speedup),
			"avgExecutionTime", per_variant(m, m->sizes[s].time, 1e3),
			"results", res));
	}
	for (size_t v = 0; v < m->nvariants; v++)
		SET(wr, m->variants[v], compared ? json_real(
			(double)m->wins[v] / (double)compared) : json_null());
	SET(all, "avgExecutionTime", per_variant(m, m->avg_time, 1e3));
	SET(all, "avgMemoryUsage", per_variant(m, m->avg_rss, 1));
	SET(all, "winRate", wr);
	SET(o, "byOperation", ops);
	SET(o, "byRepoSize", sizes);
	SET(o, "overall", all);
	return o;
}

/* Plotly-shaped: {type, title, data: [{type, name, x, y}]}. */
static json_t *chart(const char *type, const char *title, json_t *data)
{
	return json_pack("{s:s, s:s, s:o}", "type", type, "title", title,
			 "data", data);
}

static json_t *charts(const struct pace_report_model *m)
{
	json_t *perf = json_array(), *mem = json_array(), *scal = json_array();

	for (size_t v = 0; v < m->nvariants; v++) {
		json_t *x = json_array(), *y = json_array(), *my = json_array();
		json_t *sx = json_array(), *sy = json_array();
		for (size_t o = 0; o < m->nops; o++) {
			const struct pace_result *r = m->ops[o].by_variant[v];
			json_array_append_new(x, json_string(m->ops[o].test->id));
			json_array_append_new(y, r && pace_report_has_data(r)
				? ms(r->wall.mean) : json_null());
			json_array_append_new(my, r ? pace_report_json_known(
				r->peak_rss) : json_null());
		}
		for (size_t s = 0; s < m->nsizes; s++) {
			json_array_append_new(sx, json_string(m->sizes[s].size));
			json_array_append_new(sy, ms(m->sizes[s].time[v]));
		}
		json_array_append_new(perf, json_pack("{s:s, s:s, s:O, s:o}",
			"type", "bar", "name", m->variants[v], "x", x, "y", y));
		json_array_append_new(mem, json_pack("{s:s, s:s, s:o, s:o}",
			"type", "bar", "name", m->variants[v], "x", x, "y", my));
		json_array_append_new(scal, json_pack("{s:s, s:s, s:o, s:o}",
			"type", "scatter", "name", m->variants[v], "x", sx,
			"y", sy));
	}
	return json_pack("{s:o, s:o, s:o}",
		"performanceComparison", chart("bar", "Mean time (ms)", perf),
		"memoryUsage", chart("bar", "Peak RSS (bytes)", mem),
		"scalability", chart("line", "Time by repository size (ms)",
				     scal));
}

static json_t *recommendations(const struct pace_report_model *m)
{
	json_t *g[3] = {json_array(), json_array(), json_array()};

	for (size_t i = 0; i < m->nrecs; i++) {
		const struct pace_report_rec *r = &m->recs[i];
		char id[32];
		size_t k = r->priority == PACE_REC_CRITICAL ? 0
			 : r->priority == PACE_REC_HIGH ? 1 : 2;
		snprintf(id, sizeof(id), "rec-%zu", i + 1);
		json_array_append_new(g[k], json_pack(
			"{s:s, s:s, s:s, s:o, s:o, s:o}", "id", id,
			"priority", pace_report_priority_name(r->priority),
			"category", r->category,
			"title", pace_report_json_str(r->title),
			"description", pace_report_json_str(r->message),
			"rationale", pace_report_json_str(r->evidence)));
	}
	return json_pack("{s:o, s:o, s:o}", "critical", g[0], "important", g[1],
			 "optional", g[2]);
}

/* The regressions and improvements the console printed after the run
 * (the pipeline's comparison), with the run compared with. */
static void verdicts(const struct pace_report_model *m, json_t *reg,
		     json_t *imp)
{
	for (size_t i = 0; i < m->ctx.nverdicts; i++) {
		const struct pace_report_verdict *v = &m->ctx.verdicts[i];
		double pct = v->change * 100;

		json_array_append_new(v->regressed ? reg : imp, json_pack(
			"{s:s, s:s, s:o, s:o, s:o, s:s, s:{s:o, s:o}, s:o, s:f, s:s?}",
			"test", v->test, "variant", v->variant,
			"previousValue", ms(v->old_mean),
			"currentValue", ms(v->new_mean),
			v->regressed ? "degradation" : "improvement",
			pace_json_num(v->regressed ? pct : -pct),
			"severity", v->severity, "changeInterval",
			"lo", pace_json_num(v->ci_lo * 100),
			"hi", pace_json_num(v->ci_hi * 100),
			"pValue", pace_json_num(v->p_value),
			"threshold", m->ctx.threshold * 100,
			"comparedWith", m->ctx.compared_with));
	}
}

/* The analysis' bottleneck of every result that ran. */
static json_t *bottlenecks(const struct pace_report_model *m)
{
	json_t *arr = json_array();

	for (size_t i = 0; m->ctx.bottlenecks && i < m->run->nresults; i++) {
		const struct pace_result *r = &m->run->results[i];
		const struct pace_report_bottleneck *b = &m->ctx.bottlenecks[i];

		if (r->skipped || !r->test)
			continue;
		json_array_append_new(arr, json_pack(
			"{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "test", r->test->id,
			"variant", pace_report_variant_label(r), "type", b->type,
			"cpuShare", pace_json_num(b->cpu_share),
			"majorFaultsPerRun", pace_json_num(b->major_faults),
			"ioBytesPerRun", pace_json_num(b->io_bytes),
			"ioBytesPerSecond", pace_json_num(b->io_rate)));
	}
	return arr;
}

static json_t *historical(const struct pace_report_model *m)
{
	const struct pace_report_history *h = m->ctx.history;
	json_t *prev = json_array(), *trends = json_array(), *reg = json_array();
	json_t *imp = json_array();

	for (size_t s = 0; h && s < h->n; s++) {
		const struct pace_report_history_series *hs = &h->series[s];
		json_t *pts = json_array();
		for (size_t i = 0; i < hs->n; i++) {
			char iso[32] = "";
			if (hs->points[i].unix_ms > 0)
				pace_iso8601(iso, hs->points[i].unix_ms);
			json_array_append_new(pts, json_pack("{s:s, s:s, s:o}",
				"runId", hs->points[i].run_id, "timestamp", iso,
				"mean", ms(hs->points[i].mean)));
			if (s == 0)
				json_array_append_new(prev,
					json_string(hs->points[i].run_id));
		}
		json_array_append_new(trends, json_pack("{s:s, s:s, s:o}",
			"test", hs->test_id, "variant", hs->variant,
			"points", pts));
	}
	verdicts(m, reg, imp);
	return json_pack("{s:o, s:o, s:o, s:o}", "previousReports", prev,
			 "trendsOverTime", trends, "regressions", reg,
			 "improvements", imp);
}

static json_t *appendices(const struct pace_report_model *m)
{
	const struct pace_env_info *e = &m->run->env;
	json_t *cmds = json_array(), *cfg = NULL, *env;
	char mem[32];

	for (size_t i = 0; i < m->run->nresults; i++) {
		const struct pace_result *r = &m->run->results[i];
		if (r->variant && r->variant->cmd.text)
			json_array_append_new(cmds,
				pace_report_json_str(r->variant->cmd.text));
	}
	if (m->ctx.config_json)
		cfg = json_loads(m->ctx.config_json, 0, NULL);
	pace_format_bytes(mem, sizeof(mem), (double)e->mem_total);
	env = json_pack("{s:o, s:o, s:o, s:s, s:n, s:n, s:o, s:o, s:o}",
		"os", pace_report_json_str(e->os),
		"kernel", pace_report_json_str(e->kernel),
		"cpu", pace_report_json_str(e->cpu_model), "memory", mem,
		"disk", "docker", "jujutsu", pace_report_json_str(e->jj_version),
		"git", pace_report_json_str(e->git_version),
		"systemChecks", pace_report_json_checks(e));
	return json_pack("{s:s, s:s, s:o, s:{s:o, s:o, s:o, s:o, s:o}}",
		"rawData", "raw/",
		"methodology", "Each command ran in its own process group; wall "
		"time from spawn to reap (CLOCK_MONOTONIC), CPU and memory from "
		"wait4 and /proc.  Failed runs are excluded from every figure. "
		"Intervals are t intervals of the mean; speedups compare means "
		"with Welch's t test and a bootstrap interval.",
		"environmentDetails", env,
		"reproducibility", "dockerImages", pace_report_json_docker_images(e),
		"commands", cmds,
		"configFile", cfg ? cfg : json_null(),
		"commandLine", pace_report_json_str(m->ctx.command_line),
		"seed", m->ctx.seed >= 0 ? json_integer(m->ctx.seed)
					 : json_null());
}

int pace_report_model_json(FILE *f, const struct pace_report_model *m)
{
	json_t *o = pace_report_results_object(m->run);

	summary_fields(json_object_get(o, "summary"), m);
	SET(o, "metadata", metadata(m));
	SET(o, "comparison", comparison(m));
	SET(o, "charts", charts(m));
	SET(o, "recommendations", recommendations(m));
	SET(o, "historical", historical(m));
	SET(o, "bottlenecks", bottlenecks(m));
	SET(o, "appendices", appendices(m));
	return pace_report_json_dump(f, o);
}
