/*
 * load.c - a stored run back as a measured one: the store gives the data
 * (tests, samples, texts), and the pipeline redoes the analysis with the
 * settings the run was made with (read from its config JSON), as the
 * runner did when it measured, so `pace report`, `pace compare` and
 * `pace history RUN` see the figures `pace run` saw.  Also the git commit
 * of the working directory, recorded with each run.
 */
#include <ctype.h>

#include <jansson.h>

#include "fixture/fixture.h"
#include "pipeline/pipeline.h"

/* The analysis settings a run was made with, from its config JSON. */
static void analysis_config(struct pace_config *cfg, const char *json)
{
	static const enum pace_config_key keys[] = {
		PACE_CFG_CONFIDENCE, PACE_CFG_ALPHA, PACE_CFG_THRESHOLD,
		PACE_CFG_BOOTSTRAP, PACE_CFG_SEED,
	};
	struct pace_error err = PACE_ERROR_INIT;
	json_t *root = json ? json_loads(json, 0, NULL) : NULL;

	for (size_t i = 0; root && i < PACE_ARRAY_SIZE(keys); i++) {
		const char *name = pace_config_key_name(keys[i]);
		const char *dot = strchr(name, '.');
		json_t *sec = json_object_getn(root, name, (size_t)(dot - name));
		json_t *v = json_object_get(sec, dot + 1);
		char text[64];

		if (json_is_integer(v))
			snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
				 json_integer_value(v));
		else if (json_is_real(v))
			snprintf(text, sizeof(text), "%.17g", json_real_value(v));
		else
			continue;
		pace_config_set(cfg, keys[i], text, PACE_SRC_PROJECT, "store", &err);
	}
	pace_error_release(&err);
	json_decref(root);
}

int pace_pipeline_load(struct pace_store *st, const char *run_id,
		       struct pace_loaded_run *out, struct pace_error *err)
{
	struct pace_strvec group = PACE_STRVEC_INIT;
	struct pace_store_loaded l;
	int rc = pace_store_group_members(st, run_id, &group, err);

	if (!rc)
		rc = group.n ? pace_pipeline_load_group(st, run_id, &group, &l, err)
			     : pace_store_load_run(st, run_id, &l, err);
	pace_strvec_release(&group);
	memset(out, 0, sizeof(*out));
	if (rc)
		return rc; /* out stays empty: releasing it is a no-op */
	pace_config_init(&out->cfg);
	out->info = l.info;
	out->suites = l.suites;
	out->nsuites = l.nsuites;
	out->run = l.run;
	analysis_config(&out->cfg, out->info.config_json);
	pace_run_analyze(&out->run, &out->cfg);
	return 0;
}

int pace_pipeline_load_ref(struct pace_store *st, const char *ref,
			   struct pace_loaded_run *out, struct pace_error *err)
{
	char id[48];
	int rc = pace_store_resolve(st, ref, id, err);

	if (rc) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	return pace_pipeline_load(st, id, out, err);
}

void pace_pipeline_loaded_release(struct pace_loaded_run *l)
{
	struct pace_store_loaded sl = {l->info, l->suites, l->nsuites, l->run};

	pace_store_loaded_release(&sl);
	pace_config_release(&l->cfg);
	memset(l, 0, sizeof(*l));
}

char *pace_pipeline_git_commit(const char *dir)
{
	static const char *const args[] = {"rev-parse", "--verify", "-q", "HEAD", NULL};
	struct pace_strbuf out = PACE_STRBUF_INIT;
	struct pace_error err = PACE_ERROR_INIT;
	char *commit = NULL;

	if (!pace_fixture_git(dir, args, &out, &err)) {
		while (out.len && isspace((unsigned char)out.buf[out.len - 1]))
			out.buf[--out.len] = '\0';
		if (out.len >= 7)
			commit = pace_strbuf_detach(&out);
	}
	pace_strbuf_release(&out);
	pace_error_release(&err);
	return commit;
}
