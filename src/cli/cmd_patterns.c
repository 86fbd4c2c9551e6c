/*
 * cmd_patterns.c - `pace patterns search`: the AgentDB-style patterns that
 * every stored run leaves (one per test x variant, seed 001 §6), found by
 * task with seed 001's PatternQuery filters, printed with the search
 * result's statistics (count, mean reward, success rate, mean latency)
 * and insights (best, worst, trend of the reward).  --json uses seed 001's
 * PatternSearchResult names.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "report/report.h"
#include "store/store_analysis.h"

enum { PAT_TASK = 1, PAT_K, PAT_MIN_REWARD, PAT_SUCC, PAT_FAIL };

static const struct pace_opt patterns_opts[] = {
	{"task", 0, "TASK", "the task, or a glob such as 'commit-*' (default: all)",
	 .id = PAT_TASK},
	{"k", 'k', "N", "the newest N patterns (default 50, 0 = all)", .id = PAT_K},
	{"min-reward", 0, "R", "only patterns with reward >= R", .id = PAT_MIN_REWARD},
	{"only-successes", 0, NULL, "only patterns whose samples all succeeded",
	 .id = PAT_SUCC},
	{"only-failures", 0, NULL, "only patterns with failed samples", .id = PAT_FAIL},
	{"json", 'j', NULL, "print as JSON (seed 001's PatternSearchResult)", .id = 'j'},
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_patterns_spec = {
	.name = "patterns",
	.summary = "search the stored patterns (reward, critique) of tests",
	.usage =
"usage: pace patterns search [options]\n"
"\n"
"Searches the patterns that pace run stores for every test x variant\n"
"(task '<test>-<variant>-benchmark', a reward 0..1 and a critique; see\n"
"docs/history-analysis.md) and prints them, oldest first, with their\n"
"statistics and insights.\n",
	.opts = patterns_opts,
	.operands = PACE_COMPLETE_WORDS,
	.words = "search",
};

struct patterns_args {
	struct pace_cli_flags flags;
	struct pace_pattern_query q;
	bool json;
};

static int parse_number(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(*out) ? 0 : -1;
}

static int on_option(void *data, int id, const char *arg)
{
	struct patterns_args *a = data;
	uint64_t k;

	switch (id) {
	case PAT_TASK: a->q.task = arg; return 0;
	case PAT_K:
		if (pace_parse_uint(arg, &k))
			return pace_cli_error("patterns: --k wants a count, "
					      "not '%s'", arg);
		a->q.k = (size_t)k;
		return 0;
	case PAT_MIN_REWARD:
		if (parse_number(arg, &a->q.min_reward))
			return pace_cli_error("patterns: --min-reward wants a "
					      "number, not '%s'", arg);
		return 0;
	case PAT_SUCC: a->q.only = 1; return 0;
	case PAT_FAIL: a->q.only = -1; return 0;
	case 'j': a->json = true; return 0;
	}
	return 0;
}

static int parse_args(struct patterns_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc;

	a->q.k = 50;
	a->q.min_reward = -INFINITY;
	if ((rc = pace_opt_parse(&st, &cmd_patterns_spec, argc, argv)) != 0)
		return rc;
	if (!st.nargs || strcmp(st.args[0], "search") != 0)
		return pace_cli_error("patterns: expected 'search'; see "
				      "'pace patterns --help'");
	if (st.nargs > 1)
		return pace_cli_error("patterns: unexpected argument '%s'",
				      st.args[1]);
	return 0;
}

/* "benchmark-<run id>" -> "<run id>" */
static const char *run_of(const struct pace_pattern *p)
{
	const char *s = p->session_id ? p->session_id : "";

	return strncmp(s, "benchmark-", 10) == 0 ? s + 10 : s;
}

static void print_pattern_line(const struct pace_pattern *p)
{
	char when[32], lat[32];

	pace_iso8601(when, p->created_unix_ms);
	if (isfinite(p->latency_ms))
		pace_format_time(lat, sizeof(lat), p->latency_ms / 1e3);
	else
		snprintf(lat, sizeof(lat), "-");
	printf("%-24s  %-22s  %6.3f  %-7s  %10s  %s\n", when, run_of(p),
	       p->reward, p->success ? "yes" : "no", lat,
	       p->critique ? p->critique : "");
}

static void print_text(const struct patterns_args *a,
		       const struct pace_pattern *p, size_t n,
		       const struct pace_pattern_stats *s)
{
	char lat[32];

	if (n == 0) {
		printf("no patterns match task '%s'\n",
		       a->q.task ? a->q.task : "*");
		return;
	}
	printf("%-24s  %-22s  %6s  %-7s  %10s  %s\n", "CREATED", "RUN",
	       "REWARD", "SUCCESS", "LATENCY", "CRITIQUE");
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(p[i].task, p[i - 1].task) != 0)
			printf("-- %s\n", p[i].task);
		print_pattern_line(&p[i]);
	}
	pace_format_time(lat, sizeof(lat), s->mean_latency_ms / 1e3);
	printf("\nStatistics: %zu patterns, mean reward %.3f, success rate "
	       "%.0f%%, mean latency %s\n", s->count, s->mean_reward,
	       s->success_rate * 100.0, lat);
	printf("Insights: best %.3f (run %s), worst %.3f (run %s), trend %s",
	       p[s->best].reward, run_of(&p[s->best]), p[s->worst].reward,
	       run_of(&p[s->worst]), pace_direction_name(s->trend));
	if (isfinite(s->fit.slope_p))
		printf(" (reward %+.3f per pattern, p=%.2g)", s->fit.slope,
		       s->fit.slope_p);
	printf("\n");
}

static json_t *pattern_json(const struct pace_pattern *p)
{
	json_t *in = json_loads(p->input ? p->input : "null", 0, NULL);
	json_t *out = json_loads(p->output ? p->output : "null", 0, NULL);

	return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s?, s:o, s:I, "
			 "s:b, s:I}",
			 "id", (json_int_t)p->id, "sessionId", p->session_id,
			 "task", p->task, "input", in ? in : json_null(),
			 "output", out ? out : json_null(),
			 "reward", pace_json_num(p->reward), "critique", p->critique,
			 "latencyMs", pace_json_num(p->latency_ms), "tokensUsed",
			 (json_int_t)0, "success", p->success,
			 "createdAt", (json_int_t)p->created_unix_ms);
}

static void print_json(const struct pace_pattern *p, size_t n,
		       const struct pace_pattern_stats *s)
{
	json_t *arr = json_array(), *o;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, pattern_json(&p[i]));
	o = json_pack("{s:o, s:{s:I, s:o, s:o, s:o}, s:{s:o, s:o, s:s}}",
		      "patterns", arr, "statistics",
		      "totalFound", (json_int_t)s->count,
		      "avgReward", pace_json_num(s->mean_reward),
		      "successRate", pace_json_num(s->success_rate),
		      "avgLatency", pace_json_num(s->mean_latency_ms), "insights",
		      "bestPerforming",
		      s->best >= 0 ? pattern_json(&p[s->best]) : json_null(),
		      "worstPerforming",
		      s->worst >= 0 ? pattern_json(&p[s->worst]) : json_null(),
		      "trend", pace_direction_name(s->trend));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(o);
}

static int search(const struct patterns_args *a,
		  const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store *st = NULL;
	struct pace_pattern *p = NULL;
	struct pace_pattern_stats s;
	size_t n = 0;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	if (pace_store_pattern_search(st, &a->q, &p, &n, &err)) {
		rc = pace_cli_report_error(&err);
	} else {
		pace_analyze_pattern_stats(&s, p, n, cfg->alpha,
					   cfg->threshold);
		if (a->json)
			print_json(p, n, &s);
		else
			print_text(a, p, n, &s);
	}
	pace_store_patterns_free(p, n);
	pace_store_free(st);
	pace_error_release(&err);
	return rc;
}

static int search_cb(const void *args, const struct pace_config *cfg)
{
	return search(args, cfg);
}

int cmd_patterns(int argc, char **argv)
{
	struct patterns_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, search_cb, &a);
}
