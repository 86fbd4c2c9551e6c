/*
 * manifest.c - an environment's manifest.json: what was asked for (the
 * definition), where it came from (the mirror), when and how long it
 * took to build, and every installed package with its version, as
 * dpkg-query reads them from the root filesystem's dpkg database.  The
 * manifest is written last in a build, so its presence marks a whole
 * environment; listings and run records read it back.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "env/env_priv.h"
#include "exec/exec.h"

/* "name\tversion" lines from dpkg-query into an object. */
static int read_packages(const char *root, json_t *pkgs, struct pace_error *err)
{
	char *admin = pace_xasprintf("--admindir=%s/var/lib/dpkg", root);
	char *argv[] = {"dpkg-query", admin, "-W", "-f",
			"${Package}\t${Version}\n", NULL};
	struct pace_exec_spec spec = {.argv = argv, .kill_grace_s = 1,
				      .timeout_s = 120, .capture_limit = 16 << 20};
	struct pace_capture cap = PACE_CAPTURE_INIT;
	struct pace_sample s;
	char *save = NULL;
	int rc = pace_exec_run(&s, &cap, &spec, err);

	if (!rc && (s.spawn_errno || s.signal || s.exit_code))
		rc = pace_error_set(err, PACE_EINTERNAL, "cannot list the packages "
				    "of '%s' with dpkg-query: %s", root,
				    s.spawn_errno ? strerror(s.spawn_errno)
						  : pace_strbuf_str(&cap.err));
	for (char *l = rc ? NULL : strtok_r(cap.out.buf, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(l, '\t');
		if (tab && tab[1]) {
			*tab = '\0';
			json_object_set_new(pkgs, l, json_string(tab + 1));
		}
	}
	pace_capture_release(&cap);
	free(admin);
	return rc;
}

static json_t *strvec_json(const struct pace_strvec *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++)
		json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

int pace_env_write_manifest(const char *dir, const struct pace_env_def *def,
			    const char *hash, int64_t started_ms,
			    int64_t duration_ns, struct pace_error *err)
{
	char *root = pace_xasprintf("%s/root", dir), *path, *text;
	json_t *pkgs = json_object(), *m;
	char when[32];
	int rc = read_packages(root, pkgs, err);

	pace_iso8601(when, started_ms);
	m = json_pack("{s:i, s:s, s:{s:s, s:o, s:s, s:s}, s:s, s:s, s:f, s:o}",
		      "formatVersion", PACE_ENV_FORMAT_VERSION, "hash", hash,
		      "definition", "distribution", def->distribution,
		      "packages", strvec_json(&def->packages),
		      "mirror", def->mirror, "variant", "minbase",
		      "mirror", def->mirror, "builtAt", when,
		      "buildSeconds", (double)duration_ns / 1e9, "packages", pkgs);
	text = json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
	path = pace_xasprintf("%s/manifest.json", dir);
	if (!rc)
		rc = pace_write_file(path, text, strlen(text), err);
	free(text);
	free(path);
	free(root);
	json_decref(m);
	return rc;
}

bool pace_env_is_built(const char *dir)
{
	char *m = pace_xasprintf("%s/manifest.json", dir);
	char *r = pace_xasprintf("%s/root", dir);
	struct stat st;
	bool yes = !access(m, R_OK) && !stat(r, &st) && S_ISDIR(st.st_mode);
	free(m);
	free(r);
	return yes;
}

const char *pace_env_manifest_version(json_t *manifest, const char *package)
{
	return json_string_value(json_object_get(
		json_object_get(manifest, "packages"), package));
}
