/*
 * cmd_list.c - `pace list [SUITE ...]`: the built-in suites, or the tests
 * of the given suites with their variants and tags, after the same
 * filters `pace run` takes, so a user can see what a run would measure.
 */

#include "cli/cli.h"
#include "plan/plan.h"
#include "suite/suite.h"

enum { LIST_SHELL = 1, LIST_VERBOSE, LIST_SHOW_COMMANDS };

static const struct pace_opt list_opts[] = {
	PACE_OPT_INCLUDE(pace_opt_selection),
	{"shell", 0, NULL, "parse string commands as shell commands", .id = LIST_SHELL},
	{"verbose", 'v', NULL, "also show each variant's command", .id = LIST_VERBOSE},
	{"show-commands", 0, NULL, "every command line each variant would run, hooks\n"
	 "included, in run order: a '## TEST VARIANT KIND'\n"
	 "line, then the command's text", .id = LIST_SHOW_COMMANDS},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_list_spec = {
	.name = "list",
	.summary = "list suites, tests, variants and tags",
	.usage =
"usage: pace list [options] [SUITE-FILE | SUITE-NAME ...]\n"
"\n"
"Without a suite, lists the built-in suites.  With suites, lists their\n"
"tests (id, variants, tags, category) as `pace run` would select them.\n",
	.opts = list_opts,
	.operands = PACE_COMPLETE_SUITE,
};

struct list_args {
	struct pace_plan_filter filter;
	bool verbose, shell, commands;
};

static int on_option(void *data, int id, const char *arg)
{
	struct list_args *a = data;

	int sel = pace_cli_selection_option(&a->filter, id, arg);

	if (sel)
		return sel == 1 ? 0 : sel;
	a->shell |= id == LIST_SHELL;
	a->verbose |= id == LIST_VERBOSE;
	a->commands |= id == LIST_SHOW_COMMANDS;
	return 0;
}

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

static void show_cmds(const char *test, const char *variant, const char *kind,
		      const struct pace_cmd *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(c[i].text);
		printf("## %s %s %s\n%s%s", test, variant, kind, c[i].text,
		       len && c[i].text[len - 1] == '\n' ? "" : "\n");
	}
}

/* Everything each variant runs, in the order the runner runs it. */
static void show_commands(const struct pace_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const struct pace_test *t = plan->items[i].test;
		for (size_t k = 0; k < plan->items[i].nvariants; k++) {
			const struct pace_variant *v = plan->items[i].variants[k];
			show_cmds(t->id, v->name, "setup", t->setup, t->nsetup);
			show_cmds(t->id, v->name, "setup", v->setup, v->nsetup);
			show_cmds(t->id, v->name, "prepare", t->prepare, t->nprepare);
			show_cmds(t->id, v->name, "prepare", v->prepare, v->nprepare);
			show_cmds(t->id, v->name, "command", &v->cmd, 1);
			show_cmds(t->id, v->name, "conclude", t->conclude, t->nconclude);
			show_cmds(t->id, v->name, "conclude", v->conclude, v->nconclude);
			show_cmds(t->id, v->name, "teardown", v->teardown, v->nteardown);
			show_cmds(t->id, v->name, "teardown", t->teardown, t->nteardown);
		}
	}
}

int cmd_list(int argc, char **argv)
{
	struct list_args a = {0};
	struct pace_opt_state st = {.cb = on_option, .data = &a};
	struct pace_plan_filter *filter = &a.filter;
	struct pace_plan plan = PACE_PLAN_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_suite *suites = NULL;
	size_t nsuites = 0;
	int rc = pace_opt_parse(&st, &cmd_list_spec, argc, argv);

	if (rc) {
		rc = rc < 0 ? PACE_EXIT_OK : rc;
		goto out;
	}
	if (!st.nargs) {
		list_builtins();
		goto out;
	}
	if (pace_cli_load_suites(&suites, &nsuites, st.args, st.nargs, a.shell, &err) ||
	    pace_cli_expand_binaries(suites, nsuites, 0, &err) ||
	    pace_plan_build(&plan, suites, nsuites, filter, &err)) {
		rc = pace_cli_report_error(&err);
		goto out;
	}
	if (a.commands)
		show_commands(&plan);
	else
		list_plan(&plan, a.verbose);
out:
	pace_plan_release(&plan);
	pace_cli_free_suites(suites, nsuites);
	pace_strvec_release(&filter->patterns);
	pace_strvec_release(&filter->tags);
	pace_strvec_release(&filter->variants);
	pace_error_release(&err);
	return rc;
}
