/*
 * env_priv.h - what the files of src/env/ share and nobody else uses.
 */
#ifndef PACE_ENV_PRIV_H
#define PACE_ENV_PRIV_H

#include "env/env.h"

/* Runs debootstrap for def (whose mirror is resolved) into root, with
 * progress through o; the message carries debootstrap's last lines. */
int pace_env_debootstrap(const struct pace_env_def *def, const char *root,
			 const struct pace_env_opts *o, struct pace_error *err);
/* Unmounts whatever is mounted below dir, then removes dir. */
void pace_env_discard(const char *dir);
/* Writes DIR/manifest.json for def (built in DIR/root) as `hash`. */
int pace_env_write_manifest(const char *dir, const struct pace_env_def *def,
			    const char *hash, int64_t started_ms,
			    int64_t duration_ns, struct pace_error *err);
/* Whether DIR is a whole build (its manifest.json and root/ exist). */
bool pace_env_is_built(const char *dir);

#endif
