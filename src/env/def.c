/*
 * def.c - an environment definition's identity: the hash that names its
 * build in the cache.  The hash covers what changes the root filesystem
 * (distribution, the set of packages, the mirror it came from, the
 * debootstrap variant, PACE_ENV_FORMAT_VERSION) and nothing else, so
 * `packages: [jujutsu, git]` and `[git, jujutsu, git]` share one build,
 * and fallback (what to do when it cannot be built) does not count.
 */
#include "env/env.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The packages sorted, without repeats, joined by commas. */
static void canonical_packages(const struct pace_strvec *pk,
			       struct pace_strbuf *out)
{
	char **v = pace_xcalloc(pk->n + 1, sizeof(*v));

	memcpy(v, pk->v, pk->n * sizeof(*v));
	qsort(v, pk->n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < pk->n; i++) {
		if (i && !strcmp(v[i], v[i - 1]))
			continue;
		if (out->len)
			pace_strbuf_addc(out, ',');
		pace_strbuf_adds(out, v[i]);
	}
	free(v);
}

void pace_env_hash(const struct pace_env_def *def, const char *mirror,
		   struct pace_strbuf *out)
{
	struct pace_strbuf text = PACE_STRBUF_INIT, pk = PACE_STRBUF_INIT;
	uint64_t h;

	canonical_packages(&def->packages, &pk);
	pace_strbuf_addf(&text, "pace-env %d\nvariant=minbase\ndistribution=%s\n"
			 "mirror=%s\npackages=%s\n", PACE_ENV_FORMAT_VERSION,
			 def->distribution ? def->distribution : "",
			 mirror ? mirror : "", pace_strbuf_str(&pk));
	h = pace_fnv1a(PACE_FNV1A_INIT, text.buf, text.len);
	pace_strbuf_reset(out);
	pace_strbuf_addf(out, "%016llx", (unsigned long long)h);
	pace_strbuf_release(&text);
	pace_strbuf_release(&pk);
}

void pace_env_describe(const struct pace_env_def *def, struct pace_strbuf *out)
{
	struct pace_strbuf pk = PACE_STRBUF_INIT;

	canonical_packages(&def->packages, &pk);
	pace_strbuf_addf(out, "%s", def->distribution ? def->distribution : "?");
	if (pk.len) {
		pace_strbuf_adds(out, " + ");
		for (size_t i = 0; i < pk.len; i++) {
			if (pk.buf[i] == ',')
				pace_strbuf_adds(out, ", ");
			else
				pace_strbuf_addc(out, pk.buf[i]);
		}
	}
	pace_strbuf_release(&pk);
}

int pace_env_cache_dir(struct pace_strbuf *out, struct pace_error *err)
{
	int rc = pace_cache_dir(out, "env", err);
	return rc ? rc : pace_mkdirs(out->buf, err);
}
