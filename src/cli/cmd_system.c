/*
 * cmd_system.c - `pace system check|tune|reset`: how well this machine
 * suits benchmarking and what to do about it; setting what can be set
 * (root) and putting it back.  The checks and the writes are probe/
 * system.c's; this file reads flags and prints.
 *
 * Exit codes: check always 0 (what it cannot read is "unknown"); tune and
 * reset 0 when every write went through, 2 when the kernel refused some
 * (EACCES/EPERM without root: it says which), 3 when the saved state
 * cannot be written or read.
 */
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "probe/system.h"

enum { SYS_ROOT = 1, SYS_STATE };

static const struct pace_opt system_opts_table[] = {
	PACE_OPT_INCLUDE(pace_opt_json),
	{"root", 0, "DIR", "read /proc and /sys under DIR (tests, containers)",
	 .id = SYS_ROOT, .complete = PACE_COMPLETE_DIR},
	{"state", 0, "FILE", "where tune saves the replaced values (default\n"
	 "ROOT/run/pace/system-tune.json)", .id = SYS_STATE,
	 .complete = PACE_COMPLETE_FILE},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_system_spec = {
	.name = "system",
	.summary = "check (and tune) the machine for benchmarking",
	.usage =
"usage: pace system [check] [--json] [--root DIR]\n"
"       pace system tune [--json] [--root DIR] [--state FILE]\n"
"       pace system reset [--json] [--root DIR] [--state FILE]\n"
"\n"
"check reads what makes benchmark results noisy or misleading: CPU governor,\n"
"turbo/boost, ASLR, isolated and nohz_full CPUs, SMT, load average, swap,\n"
"transparent huge pages, perf_event_paranoid, virtualisation, the clock\n"
"source and DAMON proactive reclaim.  Each gets ok, warn or unknown (could\n"
"not be read), the value read and what to do about it.  Every pace run\n"
"records the same checks with its environment, and says at its start when\n"
"the machine is loaded or untuned.\n"
"\n"
"tune (root) sets each CPU's governor to performance, turns turbo/boost off\n"
"and stops DAMON kdamonds that page memory out, after saving the values it\n"
"replaces; reset writes them back.  It leaves ASLR, SMT and huge pages alone.\n"
"Without root it says which settings need root and exits 2.\n",
	.opts = system_opts_table,
	.operands = PACE_COMPLETE_WORDS,
	.words = "check tune reset",
};

struct system_opts {
	bool json;
	const char *root, *state;
};

/* Prints text in lines of at most 78 columns, each indented by `indent`. */
static void print_wrapped(const char *text, int indent)
{
	const int width = 78 - indent;

	while (*text) {
		int len = (int)strlen(text), cut = len;

		if (len > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				cut = width;
		}
		printf("%*s%.*s\n", indent, "", cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

static int check(const struct system_opts *o)
{
	struct pace_env_check *v;
	size_t n, warn = 0, unknown = 0;

	pace_system_check(&v, &n, o->root);
	if (o->json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:b}",
				"name", v[i].name, "status",
				pace_check_status_name(v[i].status), "value",
				v[i].value, "advice", v[i].advice, "notable",
				v[i].notable));
		json_dumpf(a, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(a);
	}
	for (size_t i = 0; i < n && !o->json; i++) {
		printf("%-22s %-8s %s\n", v[i].name,
		       pace_check_status_name(v[i].status),
		       v[i].value[0] ? v[i].value : "-");
		if (v[i].advice)
			print_wrapped(v[i].advice, 4);
	}
	for (size_t i = 0; i < n; i++) {
		warn += v[i].status == PACE_CHECK_WARN;
		unknown += v[i].status == PACE_CHECK_UNKNOWN;
	}
	if (!o->json)
		printf("\n%zu check%s: %zu warning%s, %zu unknown\n", n,
		       n == 1 ? "" : "s", warn, warn == 1 ? "" : "s", unknown);
	pace_env_checks_free(v, n);
	return PACE_EXIT_OK;
}

static void print_changes_json(const struct pace_system_changes *c,
			       const char *state)
{
	json_t *a = json_array();

	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?}",
			"path", c->v[i].path, "before", c->v[i].before, "after",
			c->v[i].after, "error", c->v[i].error ?
			strerror(c->v[i].error) : NULL));
	json_dumpf(json_pack("{s:s, s:o}", "state", state, "changes", a), stdout,
		   JSON_INDENT(2));
	putchar('\n');
}

/* Prints the changes; returns the exit code (2 when a write failed). */
static int report_changes(const struct pace_system_changes *c, bool tune,
			  const struct system_opts *o, const char *state)
{
	size_t failed = 0;

	for (size_t i = 0; i < c->n; i++)
		failed += c->v[i].error != 0;
	if (o->json)
		print_changes_json(c, state);
	for (size_t i = 0; i < c->n && !o->json; i++) {
		const struct pace_system_change *x = &c->v[i];
		if (!x->error)
			printf("%s %s: %s -> %s\n", tune ? "set" : "restored",
			       x->path, x->before, x->after);
		else
			fprintf(stderr, "pace system %s: cannot write '%s' to "
				"%s: %s%s\n", tune ? "tune" : "reset", x->after,
				x->path, strerror(x->error),
				geteuid() ? " (needs root)" : "");
	}
	if (!o->json && !c->n)
		printf(tune ? "Nothing to tune: no governor, turbo or DAMON "
		       "setting to change here.\n" : "Nothing to reset: no saved "
		       "settings at %s.\n", state);
	else if (!o->json && tune && failed < c->n)
		printf("Saved the values replaced to %s; 'pace system reset' "
		       "writes them back.\n", state);
	return failed ? PACE_EXIT_USAGE : PACE_EXIT_OK;
}

static int tune_or_reset(const struct system_opts *o, bool tune)
{
	struct pace_system_changes c = {0};
	struct pace_error err = PACE_ERROR_INIT;
	char *state = o->state ? pace_xstrdup(o->state)
			       : pace_system_state_path(o->root);
	int rc = tune ? pace_system_tune(&c, o->root, state, &err)
		      : pace_system_reset(&c, o->root, state, &err);

	if (rc)
		rc = pace_cli_report_error(&err);
	else
		rc = report_changes(&c, tune, o, state);
	pace_system_changes_release(&c);
	pace_error_release(&err);
	free(state);
	return rc;
}

static int on_option(void *data, int id, const char *arg)
{
	struct system_opts *o = data;

	switch (id) {
	case 'j': o->json = true; break;
	case SYS_ROOT: o->root = arg; break;
	case SYS_STATE: o->state = arg; break;
	}
	return 0;
}

int cmd_system(int argc, char **argv)
{
	struct system_opts o = {0};
	struct pace_opt_state st = {.cb = on_option, .data = &o};
	const char *sub = "check";
	int rc = pace_opt_parse(&st, &cmd_system_spec, argc, argv);

	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
	if (st.nargs)
		sub = st.args[0];
	if (st.nargs > 1)
		return pace_cli_error("pace system %s: unexpected argument '%s'",
				      sub, st.args[1]);
	if (!strcmp(sub, "check"))
		return check(&o);
	if (!strcmp(sub, "tune") || !strcmp(sub, "reset"))
		return tune_or_reset(&o, !strcmp(sub, "tune"));
	return pace_cli_error("pace system: unknown subcommand '%s' (check, "
			      "tune or reset)", sub);
}
