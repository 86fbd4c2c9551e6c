/*
 * cmd_list.c - `pace list [SUITE ...]`: the built-in suites, or the tests
 * of the given suites with their variants and tags, after the same
 * filters `pace run` takes, so a user can see what a run would measure.
 */
#include <getopt.h>

#include "cli/cli.h"
#include "plan/plan.h"
#include "suite/suite.h"

const char cmd_list_usage[] =
"usage: pace list [options] [SUITE-FILE | SUITE-NAME ...]\n"
"\n"
"Without a suite, lists the built-in suites.  With suites, lists their\n"
"tests (id, variants, tags, category) as `pace run` would select them.\n"
"\n"
"  -f, --filter PATTERN    tests whose id matches (substring or glob); repeatable\n"
"      --tags a,b          tests with any of these tags\n"
"      --variants a,b      only these variants\n"
"      --shell             parse string commands as shell commands\n"
"  -v, --verbose           also show each variant's command\n";

enum { OPT_TAGS = 256, OPT_VARIANTS, OPT_SHELL, OPT_HELP };

static const struct option list_options[] = {
	{"filter", required_argument, NULL, 'f'},
	{"tags", required_argument, NULL, OPT_TAGS},
	{"variants", required_argument, NULL, OPT_VARIANTS},
	{"shell", no_argument, NULL, OPT_SHELL},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static void list_builtins(void)
{
	printf("Built-in suites:\n");
	for (size_t i = 0; i < pace_suite_builtin_count(); i++)
		printf("  %-12s %s\n", pace_suite_builtin_name(i),
		       pace_suite_builtin_description(i));
	printf("\nRun one with 'pace run NAME'; list its tests with 'pace list NAME'.\n");
}

static void list_plan(const struct pace_plan *plan, bool verbose)
{
	const char *suite = NULL;
	for (size_t i = 0; i < plan->n; i++) {
		const struct pace_plan_item *it = &plan->items[i];
		if (!suite || strcmp(suite, it->test->suite)) {
			suite = it->test->suite;
			printf("%s%s:\n", i ? "\n" : "", suite);
		}
		printf("  %-24s", it->test->id);
		printf(" variants: ");
		for (size_t v = 0; v < it->nvariants; v++)
			printf("%s%s", v ? "," : "", it->variants[v]->name);
		if (it->test->tags.n) {
			printf("  tags: ");
			for (size_t t = 0; t < it->test->tags.n; t++)
				printf("%s%s", t ? "," : "", it->test->tags.v[t]);
		}
		if (it->test->category)
			printf("  category: %s", it->test->category);
		putchar('\n');
		for (size_t v = 0; verbose && v < it->nvariants; v++)
			printf("      %s: %s\n", it->variants[v]->name,
			       it->variants[v]->cmd.text);
	}
}

int cmd_list(int argc, char **argv)
{
	struct pace_plan_filter filter = {0};
	struct pace_plan plan = PACE_PLAN_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_suite *suites = NULL;
	size_t nsuites = 0;
	bool verbose = false, shell = false;
	int c, rc = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:vh", list_options, NULL)) != -1) {
		switch (c) {
		case 'f': pace_strvec_push(&filter.patterns, optarg); break;
		case OPT_TAGS: pace_strvec_split_commas(&filter.tags, optarg); break;
		case OPT_VARIANTS: pace_strvec_split_commas(&filter.variants, optarg); break;
		case OPT_SHELL: shell = true; break;
		case 'v': verbose = true; break;
		case 'h': case OPT_HELP: fputs(cmd_list_usage, stdout); goto out;
		case ':': rc = pace_cli_bad_option("list", argv, optind, optopt, true); goto out;
		default: rc = pace_cli_bad_option("list", argv, optind, optopt, false); goto out;
		}
	}
	if (optind == argc) {
		list_builtins();
		goto out;
	}
	if (pace_cli_load_suites(&suites, &nsuites, argv + optind,
				 (size_t)(argc - optind), shell, &err) ||
	    pace_cli_expand_binaries(suites, nsuites, 0, &err) ||
	    pace_plan_build(&plan, suites, nsuites, &filter, &err)) {
		rc = pace_cli_report_error(&err);
		goto out;
	}
	list_plan(&plan, verbose);
out:
	pace_plan_release(&plan);
	pace_cli_free_suites(suites, nsuites);
	pace_strvec_release(&filter.patterns);
	pace_strvec_release(&filter.tags);
	pace_strvec_release(&filter.variants);
	pace_error_release(&err);
	return rc;
}
