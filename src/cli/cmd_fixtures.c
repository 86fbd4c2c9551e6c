/*
 * cmd_fixtures.c - `pace fixtures generate|list|clean`: make a generated
 * repository (printing its path), show what the cache holds, empty it.
 * The work is the fixture module's; this file reads flags and prints.
 */
#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "fixture/fixture.h"

const char cmd_fixtures_usage[] =
"usage: pace fixtures generate [--size small|medium|large] [--seed N]\n"
"                              [--spec FILE] [--vcs git|jujutsu] [--output DIR]\n"
"       pace fixtures list\n"
"       pace fixtures clean\n"
"\n"
"generate makes a repository from a spec and a seed (the same spec and seed\n"
"always give the same commit ids) and prints its path.  Without --output it\n"
"lands in the fixture cache ($PACE_FIXTURE_CACHE, else\n"
"$XDG_CACHE_HOME/pace/fixtures, else ~/.cache/pace/fixtures) and is reused.\n"
"Its measured metadata is in REPO/.git/pace-fixture.json.\n"
"\n"
"  -s, --size SIZE      small (default), medium or large (docs/fixtures.md)\n"
"      --seed N         random seed (default 1)\n"
"      --spec FILE      a YAML/JSON spec (GenerationParameters) instead of --size\n"
"      --vcs VCS        git (default) or jujutsu (needs jj)\n"
"  -o, --output DIR     generate into DIR (must not exist) instead of the cache\n"
"      --stream-only F  only write the fast-import stream to F ('-': stdout)\n"
"\n"
"list shows the cached fixtures; clean removes them.\n";

enum { OPT_SEED = 256, OPT_SPEC, OPT_VCS, OPT_STREAM, OPT_HELP };

static const struct option gen_options[] = {
	{"size", required_argument, NULL, 's'},
	{"seed", required_argument, NULL, OPT_SEED},
	{"spec", required_argument, NULL, OPT_SPEC},
	{"vcs", required_argument, NULL, OPT_VCS},
	{"output", required_argument, NULL, 'o'},
	{"stream-only", required_argument, NULL, OPT_STREAM},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

struct gen_opts {
	const char *size, *spec, *vcs, *output, *stream;
	uint64_t seed;
};

static int parse_gen(int argc, char **argv, struct gen_opts *o)
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:o:", gen_options, NULL)) != -1) {
		switch (c) {
		case 's': o->size = optarg; break;
		case 'o': o->output = optarg; break;
		case OPT_SPEC: o->spec = optarg; break;
		case OPT_VCS: o->vcs = optarg; break;
		case OPT_STREAM: o->stream = optarg; break;
		case OPT_SEED:
			if (pace_parse_uint(optarg, &o->seed))
				return pace_cli_error("--seed needs a non-negative "
						      "integer, got '%s'", optarg);
			break;
		case OPT_HELP: fputs(cmd_fixtures_usage, stdout); return -1;
		default:
			return pace_cli_bad_option("fixtures generate", argv, optind,
						   optopt, c == ':');
		}
	}
	if (optind < argc)
		return pace_cli_error("pace fixtures generate: unexpected argument '%s'",
				      argv[optind]);
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

static int generate(int argc, char **argv)
{
	struct gen_opts o = {NULL, NULL, "git", NULL, NULL, 1};
	struct pace_fixture_spec spec;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf path = PACE_STRBUF_INIT;
	int rc = parse_gen(argc, argv, &o);

	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
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
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (!sub)
		return pace_cli_error("pace fixtures: say generate, list or clean "
				      "(try 'pace fixtures --help')");
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		fputs(cmd_fixtures_usage, stdout);
		return PACE_EXIT_OK;
	}
	if (!strcmp(sub, "generate"))
		return generate(argc - 1, argv + 1);
	if (argc > 2)
		return pace_cli_error("pace fixtures %s: unexpected argument '%s'",
				      sub, argv[2]);
	if (!strcmp(sub, "list"))
		return list();
	if (!strcmp(sub, "clean"))
		return clean();
	return pace_cli_error("pace fixtures: unknown subcommand '%s' "
			      "(generate, list or clean)", sub);
}
