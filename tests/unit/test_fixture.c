/*
 * test_fixture.c - the fixture generator against real git: the same spec
 * and seed give the same commits and metadata, another seed does not, the
 * metadata agrees with what git itself reports, spec files are strict, and
 * the cache reuses, lists and cleans (and leaves foreign files alone).
 * Tiny specs keep it fast.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture/fixture.h"

static const char tiny_yaml[] =
	"name: tiny\n"
	"fileTree: {maxDepth: 2, filesPerDir: 3, dirCount: 4}\n"
	"commits: {count: 40, timeSpan: 10, authorsCount: 3, avgFilesPerCommit: 2}\n"
	"branches: {count: 3, mergeFrequency: 0.5, branchLifetime: 3}\n"
	"content: {codeLanguages: [c, python], avgFileSize: 300, binaryRatio: 0.2}\n";

static char *scratch(void)
{
	char tmpl[] = "/tmp/pace-test-fixture-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	return pace_xstrdup(tmpl);
}

static void rmtree(char *dir)
{
	struct pace_error err = PACE_ERROR_INIT;
	assert_int_equal(pace_fixture_remove_tree(dir, &err), 0);
	pace_error_release(&err);
	free(dir);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tiny_spec(struct pace_fixture_spec *s, const char *dir)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *p = pace_xasprintf("%s/tiny.yaml", dir);
	write_text(p, tiny_yaml);
	if (pace_fixture_spec_load(s, p, &err))
		fail_msg("%s", pace_error_msg(&err));
	free(p);
}

/* Trimmed stdout of `git ARGS` in dir. */
static char *git(const char *dir, const char *const *args)
{
	struct pace_strbuf out = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	if (pace_fixture_git(dir, args, &out, &err))
		fail_msg("%s", pace_error_msg(&err));
	while (out.len && out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = '\0';
	return pace_strbuf_detach(&out);
}
#define GIT(dir, ...) git(dir, (const char *const[]){__VA_ARGS__, NULL})

static char *make(const struct pace_fixture_spec *s, uint64_t seed,
		  const char *parent, const char *name)
{
	struct pace_error err = PACE_ERROR_INIT;
	char *dir = pace_xasprintf("%s/%s", parent, name);
	if (pace_fixture_generate(s, seed, "git", dir, &err))
		fail_msg("%s", pace_error_msg(&err));
	return dir;
}

static json_t *meta(const char *repo)
{
	char *p = pace_xasprintf("%s/.git/pace-fixture.json", repo);
	json_t *j = json_load_file(p, 0, NULL);
	assert_non_null(j);
	free(p);
	return j;
}

static long lines(const char *s)
{
	long n = *s ? 1 : 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void same_seed_same_repo(void **state)
{
	struct pace_fixture_spec s;
	char *tmp = scratch(), *a, *b, *c, *ha, *hb, *hc, *ra, *rb;
	json_t *ma, *mb, *mc;
	(void)state;
	tiny_spec(&s, tmp);
	a = make(&s, 7, tmp, "a");
	b = make(&s, 7, tmp, "b");
	c = make(&s, 8, tmp, "c");
	ha = GIT(a, "rev-parse", "HEAD");
	hb = GIT(b, "rev-parse", "HEAD");
	hc = GIT(c, "rev-parse", "HEAD");
	assert_string_equal(ha, hb);
	assert_string_not_equal(ha, hc);
	ra = GIT(a, "for-each-ref", "--format=%(objectname) %(refname)");
	rb = GIT(b, "for-each-ref", "--format=%(objectname) %(refname)");
	assert_string_equal(ra, rb);
	ma = meta(a);
	mb = meta(b);
	mc = meta(c);
	assert_true(json_equal(json_object_get(ma, "metadata"),
			       json_object_get(mb, "metadata")));
	assert_true(json_equal(json_object_get(ma, "characteristics"),
			       json_object_get(mb, "characteristics")));
	assert_false(json_equal(json_object_get(ma, "characteristics"),
				json_object_get(mc, "characteristics")) &&
		     json_equal(json_object_get(ma, "metadata"),
				json_object_get(mc, "metadata")));
	json_decref(ma);
	json_decref(mb);
	json_decref(mc);
	free(ha), free(hb), free(hc), free(ra), free(rb);
	free(a), free(b), free(c);
	pace_fixture_spec_release(&s);
	rmtree(tmp);
}

static long long meta_int(json_t *m, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(m, "metadata"), key));
}

/* The numbers come from the repository, so git must agree with them. */
static void metadata_matches_git(void **state)
{
	struct pace_fixture_spec s;
	char *tmp = scratch(), *r, *count, *files, *heads, *tags, *status;
	long long total = 0;
	json_t *m;
	(void)state;
	tiny_spec(&s, tmp);
	r = make(&s, 3, tmp, "r");
	m = meta(r);
	count = GIT(r, "rev-list", "--count", "--all");
	files = GIT(r, "ls-files");
	heads = GIT(r, "for-each-ref", "--format=%(refname)", "refs/heads");
	tags = GIT(r, "for-each-ref", "--format=%(refname)", "refs/tags");
	status = GIT(r, "status", "--porcelain");
	assert_int_equal(meta_int(m, "commits"), atoll(count));
	assert_int_equal(meta_int(m, "commits"), 40);
	assert_int_equal(meta_int(m, "files"), lines(files));
	assert_int_equal(meta_int(m, "files"), 12);
	assert_int_equal(meta_int(m, "branches"), lines(heads));
	assert_int_equal(meta_int(m, "branches"), 4);
	assert_int_equal(meta_int(m, "tags"), lines(tags));
	assert_string_equal(status, ""); /* checked out, metadata not in tree */
	for (char *p = files, *nl; p; p = nl ? nl + 1 : NULL) {
		struct stat st;
		char *path;
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		path = pace_xasprintf("%s/%s", r, p);
		assert_int_equal(stat(path, &st), 0);
		total += st.st_size;
		free(path);
	}
	assert_int_equal(meta_int(m, "totalSize"), total);
	assert_string_equal(json_string_value(json_object_get(m, "path")), r);
	json_decref(m);
	free(count), free(files), free(heads), free(tags), free(status), free(r);
	pace_fixture_spec_release(&s);
	rmtree(tmp);
}

static void stream_is_deterministic(void **state)
{
	struct pace_fixture_spec s;
	struct pace_error err = PACE_ERROR_INIT;
	char *buf[3];
	size_t len[3];
	(void)state;
	assert_int_equal(pace_fixture_spec_preset(&s, "small", &err), 0);
	for (int i = 0; i < 3; i++) {
		FILE *f = open_memstream(&buf[i], &len[i]);
		assert_int_equal(pace_fixture_write_stream(&s, i < 2 ? 42 : 43, f, NULL, &err), 0);
		fclose(f);
	}
	assert_true(len[0] > 100000);
	assert_true(len[0] == len[1] && !memcmp(buf[0], buf[1], len[0]));
	assert_false(len[0] == len[2] && !memcmp(buf[0], buf[2], len[0]));
	for (int i = 0; i < 3; i++)
		free(buf[i]);
	pace_fixture_spec_release(&s);
}

static void expect_spec_error(const char *dir, const char *text, const char *want)
{
	struct pace_fixture_spec s;
	struct pace_error err = PACE_ERROR_INIT;
	char *p = pace_xasprintf("%s/bad.yaml", dir);
	write_text(p, text);
	assert_int_equal(pace_fixture_spec_load(&s, p, &err), PACE_EUSAGE);
	if (!strstr(pace_error_msg(&err), want))
		fail_msg("got '%s', want '%s'", pace_error_msg(&err), want);
	pace_error_release(&err);
	free(p);
}

static void spec_files_are_strict(void **state)
{
	struct pace_fixture_spec s;
	struct pace_error err = PACE_ERROR_INIT;
	char *tmp = scratch(), *p = pace_xasprintf("%s/ok.json", tmp);
	(void)state;
	expect_spec_error(tmp, "commits:\n  count: 5\n  colour: 3\n",
			  "bad.yaml:3:3: unknown key 'commits.colour'");
	expect_spec_error(tmp, "fileTree:\n  dirCount: \"4\"\n",
			  "bad.yaml:2:13: fileTree.dirCount must be an integer");
	expect_spec_error(tmp, "branches: {mergeFrequency: 1.5}\n",
			  "bad.yaml:1:28: branches.mergeFrequency must be a number from 0 to 1");
	expect_spec_error(tmp, "base: huge\n", "bad.yaml:1:7: base must be");
	expect_spec_error(tmp, "sizes: 3\n", "bad.yaml:1:1: unknown key 'sizes'");
	expect_spec_error(tmp, "content: {codeLanguages: []}\n", "non-empty list");
	write_text(p, "{\"base\": \"medium\", \"commits\": {\"count\": 17}}");
	assert_int_equal(pace_fixture_spec_load(&s, p, &err), 0);
	assert_string_equal(s.name, "custom");
	assert_int_equal(s.commits.count, 17);
	assert_int_equal(s.tree.dir_count, 200); /* from medium */
	pace_fixture_spec_release(&s);
	assert_int_equal(pace_fixture_spec_preset(&s, "big", &err), PACE_EUSAGE);
	pace_error_release(&err);
	free(p);
	rmtree(tmp);
}

static void cache_reuses_lists_cleans(void **state)
{
	struct pace_fixture_spec s;
	struct pace_error err = PACE_ERROR_INIT;
	struct pace_strbuf p1 = PACE_STRBUF_INIT, p2 = PACE_STRBUF_INIT;
	struct pace_fixture_entry *e;
	char *tmp = scratch(), *cache = pace_xasprintf("%s/cache", tmp), *keep;
	bool gen;
	size_t n;
	(void)state;
	setenv("PACE_FIXTURE_CACHE", cache, 1);
	tiny_spec(&s, tmp);
	assert_int_equal(pace_fixture_obtain(&s, 5, "git", &p1, &gen, &err), 0);
	assert_true(gen);
	assert_int_equal(pace_fixture_obtain(&s, 5, "git", &p2, &gen, &err), 0);
	assert_false(gen);
	assert_string_equal(p1.buf, p2.buf);
	assert_non_null(strstr(p1.buf, "/cache/tiny-s5-"));
	keep = pace_xasprintf("%s/not-a-fixture", cache);
	assert_int_equal(mkdir(keep, 0777), 0);
	assert_int_equal(pace_fixture_cache_list(&e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].path, p1.buf);
	assert_int_equal(meta_int(e[0].meta, "commits"), 40);
	pace_fixture_entries_free(e, n);
	assert_int_equal(pace_fixture_cache_clean(&n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(access(p1.buf, F_OK), -1);
	assert_int_equal(access(keep, F_OK), 0); /* not ours: left alone */
	unsetenv("PACE_FIXTURE_CACHE");
	pace_strbuf_release(&p1);
	pace_strbuf_release(&p2);
	pace_fixture_spec_release(&s);
	free(keep);
	free(cache);
	rmtree(tmp);
}

static void jujutsu_needs_jj(void **state)
{
	struct pace_fixture_spec s;
	struct pace_error err = PACE_ERROR_INIT;
	char *tmp = scratch(), *dir = pace_xasprintf("%s/j", tmp);
	char *path = pace_xstrdup(getenv("PATH"));
	(void)state;
	setenv("PATH", tmp, 1); /* nothing there: no jj */
	tiny_spec(&s, tmp);
	assert_int_equal(pace_fixture_generate(&s, 1, "jujutsu", dir, &err),
			 PACE_EUSAGE);
	assert_non_null(strstr(pace_error_msg(&err), "jj is not installed"));
	assert_int_equal(access(dir, F_OK), -1);
	setenv("PATH", path, 1);
	pace_error_release(&err);
	pace_fixture_spec_release(&s);
	free(path);
	free(dir);
	rmtree(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_repo),
		cmocka_unit_test(metadata_matches_git),
		cmocka_unit_test(stream_is_deterministic),
		cmocka_unit_test(spec_files_are_strict),
		cmocka_unit_test(cache_reuses_lists_cleans),
		cmocka_unit_test(jujutsu_needs_jj),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
