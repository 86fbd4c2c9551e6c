/*
 * main.c - pace_bench_main(), the main() of every benchmark program: parses
 * its options, selects targets (--filter REGEX, --exact NAME), then lists
 * or runs them, writing a human table to stdout or the JSON lines protocol
 * to stdout (--json), a file (--out) or an inherited descriptor
 * (--protocol-fd, so the program's own stdout stays free for the target's
 * chatter).  Returns 0, 1 when a target failed, 2 on a usage error.
 */
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_priv.h"

struct args {
	int list, json, fd;
	const char *filter, *exact, *out;
	struct pace_bench_options o;
	const char *clock;      /* --clock; NULL: $PACE_BENCH_CLOCK or auto */
};

static const char usage[] =
	"usage: %s [--list] [--filter REGEX] [--exact NAME] [--json] [--out FILE]\n"
	"          [--protocol-fd N] [--min-time MS] [--samples N] [--warmup N]\n"
	"          [--clock auto|tsc|monotonic]\n"
	"Runs the benchmark targets of this program (pace-bench " PACE_BENCH_VERSION ").\n"
	"  --list            list targets instead of running them\n"
	"  --filter REGEX    only targets whose name matches (POSIX extended regex)\n"
	"  --exact NAME      only the target with this exact name\n"
	"  --json            JSON lines protocol on stdout instead of a table\n"
	"  --out FILE        JSON lines protocol into FILE\n"
	"  --protocol-fd N   JSON lines protocol on descriptor N\n"
	"  --min-time MS     minimum duration of one sample (default 2)\n"
	"  --samples N       measured samples per target (default 20)\n"
	"  --warmup N        warm-up samples after calibration (default 2)\n"
	"  --clock WHICH     auto (the TSC where invariant, else CLOCK_MONOTONIC),\n"
	"                    tsc or monotonic (default: $PACE_BENCH_CLOCK, else auto)\n";

static int parse_num(const char *s, double lo, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= lo))
		return -1;
	*out = v;
	return 0;
}

static int parse_args(struct args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"list", no_argument, 0, 'l'}, {"filter", required_argument, 0, 'f'},
		{"exact", required_argument, 0, 'e'}, {"json", no_argument, 0, 'j'},
		{"out", required_argument, 0, 'o'}, {"protocol-fd", required_argument, 0, 'p'},
		{"min-time", required_argument, 0, 't'}, {"samples", required_argument, 0, 's'},
		{"warmup", required_argument, 0, 'w'}, {"help", no_argument, 0, 'h'},
		{"clock", required_argument, 0, 'c'},
		{0, 0, 0, 0}};
	int c;
	double v;

	optind = 0;   /* glibc: full reset, so main can be called again (tests) */
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': a->list = 1; break;
		case 'f': a->filter = optarg; break;
		case 'e': a->exact = optarg; break;
		case 'j': a->json = 1; break;
		case 'o': a->out = optarg; a->json = 1; break;
		case 'p': if (parse_num(optarg, 0, &v)) return -1; a->fd = (int)v; a->json = 1; break;
		case 't': if (parse_num(optarg, 0, &v)) return -1; a->o.min_time_ns = v * 1e6; break;
		case 's': if (parse_num(optarg, 1, &v)) return -1; a->o.samples = (int)v; break;
		case 'w': if (parse_num(optarg, 0, &v)) return -1; a->o.warmup = (int)v; break;
		case 'c':
			if (strcmp(optarg, "auto") && strcmp(optarg, "tsc") && strcmp(optarg, "monotonic"))
				return -1;
			a->clock = optarg;
			break;
		case 'h': return 1;
		default: return -1;
		}
	}
	return optind < argc ? -1 : 0;
}

static FILE *open_output(const struct args *a)
{
	if (a->out)
		return fopen(a->out, "w");
	if (a->fd > 0 && a->fd != 1) {
		int fd = dup(a->fd);

		return fd < 0 ? NULL : fdopen(fd, "w");
	}
	return stdout;
}

static int selected(const struct args *a, const regex_t *re, const char *name)
{
	if (a->exact && strcmp(a->exact, name) != 0)
		return 0;
	return !a->filter || regexec(re, name, 0, NULL, 0) == 0;
}

static int run_all(const struct args *a, FILE *f, const regex_t *re,
		   const struct pace_bench_instance *v, int n)
{
	struct pace_bench_timer timer;
	int ran = 0, failed = 0;

	/* a plain --list shows no timer: skip calibrating one */
	if (a->json || !a->list)
		pace_bench_timer_measure(&timer, a->clock ? a->clock : getenv("PACE_BENCH_CLOCK"));
	if (a->json)
		pace_bench_json_hello(f, &timer, &a->o);
	else if (!a->list)
		pace_bench_human_header(f, &timer);
	for (int i = 0; i < n; i++) {
		struct pace_bench_result r;

		if (!selected(a, re, v[i].name))
			continue;
		ran++;
		if (a->list) {
			if (a->json)
				pace_bench_json_target(f, &v[i], "target");
			else
				fprintf(f, "%s\n", v[i].name);
			continue;
		}
		failed += pace_bench_run(&r, &v[i], &a->o) < 0;
		if (a->json)
			pace_bench_json_result(f, &v[i], &r);
		else
			pace_bench_human_result(f, &v[i], &r);
		fflush(f);
		pace_bench_result_release(&r);
	}
	if (a->json)
		pace_bench_json_done(f, ran, failed);
	return failed ? 1 : 0;
}

int pace_bench_main(int argc, char **argv)
{
	struct args a = {0, 0, 0, NULL, NULL, NULL, PACE_BENCH_OPTIONS_INIT};
	struct pace_bench_instance *v;
	char err[512];
	regex_t re;
	FILE *f;
	int n, rc = parse_args(&a, argc, argv);

	if (rc) {
		fprintf(rc < 0 ? stderr : stdout, usage, argv[0]);
		return rc < 0 ? 2 : 0;
	}
	if (a.filter && regcomp(&re, a.filter, REG_EXTENDED | REG_NOSUB) != 0) {
		fprintf(stderr, "%s: invalid --filter regex '%s'\n", argv[0], a.filter);
		return 2;
	}
	n = pace_bench_instances(&v, err, sizeof(err));
	if (n < 0 || !(f = open_output(&a))) {
		fprintf(stderr, "%s: %s\n", argv[0], n < 0 ? err : "cannot open the protocol output");
		if (n >= 0)
			pace_bench_instances_free(v);
		if (a.filter)
			regfree(&re);
		return 2;
	}
	rc = run_all(&a, f, &re, v, n);
	if (f != stdout)
		fclose(f);
	pace_bench_instances_free(v);
	if (a.filter)
		regfree(&re);
	return rc;
}
