/*
 * cmd_store.c - `pace store`: the history store itself.  `info` says what
 * the store is (backend and version; encrypted or not; for PostgreSQL the
 * host, the sslmode in force and whether TLS is in use) and how much it
 * holds; `copy FROM TO` moves a whole history between backends (SQLite and
 * PostgreSQL, either way) and prints the rows copied per table.
 */
#include <jansson.h>

#include "cli/analysis.h"
#include "cli/cli.h"
#include "store/store.h"
#include "store/store_copy.h"

enum { STORE_FROM_KEY = 1, STORE_TO_KEY };

static const struct pace_opt store_opts[] = {
	{"from-key-file", 0, "FILE", "copy: the key of an encrypted FROM (its first line)",
	 .id = STORE_FROM_KEY, .complete = PACE_COMPLETE_FILE},
	{"to-key-file", 0, "FILE", "copy: encrypt TO with this key (its first line)",
	 .id = STORE_TO_KEY, .complete = PACE_COMPLETE_FILE},
	PACE_OPT_INCLUDE(pace_opt_json),
	PACE_OPT_INCLUDE(pace_opt_store),
	PACE_OPT_INCLUDE(pace_opt_config),
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_store_spec = {
	.name = "store",
	.summary = "what the history store is; copy a history between stores",
	.usage =
"usage: pace store info [options]\n"
"   or: pace store copy [options] FROM TO\n"
"\n"
"info describes the store (--store, output.store or PACE_STORE): its backend,\n"
"whether it is encrypted, for PostgreSQL the connection's sslmode and TLS,\n"
"and the runs it holds.  copy copies every row of FROM into TO (a SQLite\n"
"file or a postgresql:// URL each; TO must hold no run), in one transaction,\n"
"and prints the rows copied per table.  Keys of encrypted SQLite files come\n"
"from files (--from-key-file, --to-key-file), never from the command line.\n",
	.opts = store_opts,
	.operands = PACE_COMPLETE_WORDS,
	.words = "info copy",
};

struct store_args {
	struct pace_cli_flags flags;
	const char *verb, *from, *to;
	const char *from_key, *to_key;
	bool json;
};

static int on_option(void *data, int id, const char *arg)
{
	struct store_args *a = data;

	switch (id) {
	case STORE_FROM_KEY: a->from_key = arg; break;
	case STORE_TO_KEY: a->to_key = arg; break;
	case 'j': a->json = true; break;
	}
	return 0;
}

static int parse_args(struct store_args *a, int argc, char **argv)
{
	struct pace_opt_state st = {.flags = &a->flags, .cb = on_option, .data = a};
	int rc = pace_opt_parse(&st, &cmd_store_spec, argc, argv);

	if (rc)
		return rc;
	a->verb = st.nargs ? st.args[0] : "info";
	if (!strcmp(a->verb, "info")) {
		if (st.nargs > 1)
			return pace_cli_error("store info: unexpected argument '%s'",
					      st.args[1]);
	} else if (!strcmp(a->verb, "copy")) {
		if (st.nargs != 3)
			return pace_cli_error("store copy: give FROM and TO (see "
					      "'pace store --help')");
		a->from = st.args[1];
		a->to = st.args[2];
	} else {
		return pace_cli_error("store: '%s' is not info or copy", a->verb);
	}
	return 0;
}

static int info(const struct store_args *a, const struct pace_config *cfg)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_run_info *ri = NULL;
	struct pace_store *st;
	size_t n = 0;
	char *what;
	int rc = pace_cli_store_open(&st, cfg);

	if (rc)
		return rc;
	what = pace_store_describe(st);
	if (pace_store_list_runs(st, 0, &ri, &n, &err))
		rc = pace_cli_report_error(&err);
	if (!rc && a->json) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "location",
				      pace_store_location(st), "backend",
				      pace_store_backend(st), "description", what,
				      "runs", (json_int_t)n);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else if (!rc) {
		printf("store: %s\n%s\n%zu run%s\n", pace_store_location(st), what, n,
		       n == 1 ? "" : "s");
	}
	pace_store_run_infos_free(ri, n);
	free(what);
	pace_store_free(st);
	pace_error_release(&err);
	return rc;
}

/* Opens a copy's end with the key in key_file (NULL: none). */
static int open_end(struct pace_store **out, const char *location,
		    const char *key_file)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *key = NULL;
	int rc = key_file ? pace_cli_read_key_file(key_file, &key) : 0;

	*out = NULL;
	if (!rc && pace_store_open_key(out, location, key, &err))
		rc = pace_cli_report_error(&err);
	free(key);
	pace_error_release(&err);
	return rc;
}

static void print_counts(const struct pace_store_copy_counts *c, bool json)
{
	json_t *o = json ? json_object() : NULL;

	for (size_t i = 0; i < c->n; i++) {
		if (o)
			json_object_set_new(o, c->tables[i].name,
					    json_integer((json_int_t)c->tables[i].rows));
		else
			printf("%-20s %zu\n", c->tables[i].name, c->tables[i].rows);
	}
	if (o) {
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	}
}

static int copy(const struct store_args *a)
{
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_store_copy_counts counts = {0};
	struct pace_store *from = NULL, *to = NULL;
	int rc = open_end(&from, a->from, a->from_key);

	if (!rc)
		rc = open_end(&to, a->to, a->to_key);
	if (!rc && !strcmp(pace_store_location(from), pace_store_location(to)))
		rc = pace_cli_error("store copy: FROM and TO are the same store");
	if (!rc && pace_store_copy(from, to, &counts, &err))
		rc = pace_cli_report_error(&err);
	if (!rc)
		print_counts(&counts, a->json);
	pace_store_copy_counts_release(&counts);
	pace_store_free(from);
	pace_store_free(to);
	pace_error_release(&err);
	return rc;
}

static int store_cb(const void *args, const struct pace_config *cfg)
{
	const struct store_args *a = args;
	return !strcmp(a->verb, "copy") ? copy(a) : info(a, cfg);
}

int cmd_store(int argc, char **argv)
{
	struct store_args a = {0};
	int rc = parse_args(&a, argc, argv);

	return pace_cli_with_config(rc, &a.flags, store_cb, &a);
}
