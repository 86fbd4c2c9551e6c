/*
 * cmd_fixtures.c - `pace fixtures generate|list|clean`: make a generated
 * repository (printing its path), show what the cache holds, empty it.
 * The work is the fixture module's; this file reads flags and prints.
 */
#include <errno.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "fixture/fixture.h"

enum { FIX_SIZE = 1, FIX_SEED, FIX_SPEC, FIX_VCS, FIX_OUTPUT, FIX_STREAM };

static const struct pace_opt fixtures_opts[] = {
	PACE_OPT_GROUP("generate:"),
	{"size", 0, "SIZE", "small (default), medium or large (docs/fixtures.md)",
	 .id = FIX_SIZE, .complete = PACE_COMPLETE_WORDS, .choices = "small medium large"},
	{"seed", 's', "N", "random seed (default 1)", .id = FIX_SEED},
	{"spec", 0, "FILE", "a YAML/JSON spec (GenerationParameters) instead of --size",
	 .id = FIX_SPEC, .complete = PACE_COMPLETE_FILE},
	{"vcs", 0, "VCS", "git (default) or jujutsu (needs jj)", .id = FIX_VCS,
	 .complete = PACE_COMPLETE_WORDS, .choices = "git jujutsu"},
	{"output", 'o', "DIR", "generate into DIR (must not exist) instead of the cache",
	 .id = FIX_OUTPUT, .complete = PACE_COMPLETE_DIR},
	{"stream-only", 0, "F", "only write the fast-import stream to F ('-': stdout)",
	 .id = FIX_STREAM, .complete = PACE_COMPLETE_FILE},
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_fixtures_spec = {
	.name = "fixtures",
	.summary = "generate, list and clean repository fixtures",
	.usage =
"usage: pace fixtures generate [--size small|medium|large] [--seed N]\n"
"                              [--spec FILE] [--vcs git|jujutsu] [--output DIR]\n"
"       pace fixtures list\n"
"       pace fixtures clean\n"
"\n"
"generate makes a repository from a spec and a seed (the same spec and seed\n"
"always give the same commit ids) and prints its path.  Without --output it\n"
"lands in the fixture cache ($PACE_FIXTURE_CACHE, else\n"
"$XDG_CACHE_HOME/pace/fixtures, else ~/.cache/pace/fixtures) and is reused.\n"
"Its measured metadata is in REPO/.git/pace-fixture.json.\n",
	.opts = fixtures_opts,
	.footer = "list shows the cached fixtures; clean removes them.\n",
	.operands = PACE_COMPLETE_WORDS,
	.words = "generate list clean",
};

struct gen_opts {
	const char *size, *spec, *vcs, *output, *stream;
	uint64_t seed;
	bool any; /* an option of generate was given */
};

static int on_option(void *data, int id, const char *arg)
{
	struct gen_opts *o = data;

	o->any = true;
	switch (id) {
	case FIX_SIZE: o->size = arg; break;
	case FIX_OUTPUT: o->output = arg; break;
	case FIX_SPEC: o->spec = arg; break;
	case FIX_VCS: o->vcs = arg; break;
	case FIX_STREAM: o->stream = arg; break;
	case FIX_SEED:
		if (pace_parse_uint(arg, &o->seed))
			return pace_cli_error("--seed needs a non-negative "
					      "integer, got '%s'", arg);
		break;
	}
	return 0;
}

static int check_gen(const struct gen_opts *o)
{
	if (o->spec && o->size)
		return pace_cli_error("--spec and --size cannot be combined (a spec "
				      "file names its base size)");
	if (strcmp(o->vcs, "git") && strcmp(o->vcs, "jujutsu"))
		return pace_cli_error("--vcs must be git or jujutsu, got '%s'", o->vcs);
	return 0;
}

static int write_stream(const struct pace_fixture_spec *spec, uint64_t seed,
			const char *path, struct pace_error *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	int rc;
	if (!f)
		return pace_error_set(err, PACE_EIO, "cannot write '%s': %s", path,
				      strerror(errno));
	rc = pace_fixture_write_stream(spec, seed, f, NULL, err);
	if (f != stdout && fclose(f) && !rc)
		rc = pace_error_set(err, PACE_EIO, "cannot write '%s'", path);
	return rc;
}

static int generate(const struct gen_opts *opts)
{
	struct gen_opts o = *opts;
	struct pace_fixture_spec spec;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc = check_gen(&o);

	if (rc)
		return rc;
	rc = o.spec ? pace_fixture_spec_load(&spec, o.spec, &err)
		    : pace_fixture_spec_preset(&spec, o.size ? o.size : "small", &err);
	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	if (o.stream)
		rc = write_stream(&spec, o.seed, o.stream, &err);
	else if (o.output)
		rc = pace_fixture_generate(&spec, o.seed, o.vcs, o.output, &err);
	else
		rc = pace_fixture_obtain(&spec, o.seed, o.vcs, &path, NULL, &err);
	if (!rc && !o.stream)
		printf("%s\n", o.output ? o.output : path.buf);
	if (rc)
		rc = pace_cli_report_error(&err);
	pace_fixture_spec_release(&spec);
	pace_strbuf_release(&path);
	pace_error_release(&err);
	return rc;
}

static long long meta_int(json_t *meta, const char *obj, const char *key)
{
	json_t *o = obj ? json_object_get(meta, obj) : meta;
	return json_integer_value(json_object_get(o, key));
}

static const char *meta_str(json_t *meta, const char *key)
{
	const char *s = json_string_value(json_object_get(meta, key));
	return s ? s : "?";
}

static int list(void)
{
	struct pace_fixture_entry *e;
	struct pace_error err = PACE_ERROR_INIT;
	size_t n;
	int rc = pace_fixture_cache_list(&e, &n, &err);

	if (rc) {
		rc = pace_cli_report_error(&err);
		pace_error_release(&err);
		return rc;
	}
	if (!n)
		printf("No cached fixtures.\n");
	else
		printf("%-8s %-6s %-8s %8s %8s  %s\n", "SIZE", "VCS", "SEED",
		       "COMMITS", "FILES", "PATH");
	for (size_t i = 0; i < n; i++) {
		json_t *m = e[i].meta;
		printf("%-8s %-6s %-8lld %8lld %8lld  %s\n",
		       meta_str(m, "size"), meta_str(m, "vcsType"),
		       meta_int(m, "generation", "seed"),
		       meta_int(m, "metadata", "commits"),
		       meta_int(m, "metadata", "files"), e[i].path);
	}
	pace_fixture_entries_free(e, n);
	return PACE_EXIT_OK;
}

static int clean(void)
{
	struct pace_error err = PACE_ERROR_INIT;
	size_t removed;
	int rc = pace_fixture_cache_clean(&removed, &err);
	if (rc)
		rc = pace_cli_report_error(&err);
	else
		printf("Removed %zu cached fixture%s.\n", removed,
		       removed == 1 ? "" : "s");
	pace_error_release(&err);
	return rc;
}

int cmd_fixtures(int argc, char **argv)
{
	struct gen_opts o = {NULL, NULL, "git", NULL, NULL, 1, false};
	struct pace_opt_state st = {.cb = on_option, .data = &o};
	const char *sub;
	int rc = pace_opt_parse(&st, &cmd_fixtures_spec, argc, argv);

	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
	if (!st.nargs)
		return pace_cli_error("pace fixtures: say generate, list or clean "
				      "(try 'pace fixtures --help')");
	sub = st.args[0];
	if (st.nargs > 1)
		return pace_cli_error("pace fixtures %s: unexpected argument '%s'",
				      sub, st.args[1]);
	if (!strcmp(sub, "generate"))
		return generate(&o);
	if (strcmp(sub, "list") && strcmp(sub, "clean"))
		return pace_cli_error("pace fixtures: unknown subcommand '%s' "
				      "(generate, list or clean)", sub);
	if (o.any)
		return pace_cli_error("pace fixtures %s takes no options", sub);
	return !strcmp(sub, "list") ? list() : clean();
}
