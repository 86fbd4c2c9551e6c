/*
 * serve_priv.h - what the files of src/serve/ share and nobody else uses.
 */
#ifndef PACE_SERVE_PRIV_H
#define PACE_SERVE_PRIV_H

#include <jansson.h>

#include "store/store.h"

/* A run's stored facts as the API shows them (api.c; progress.c uses
 * the same shape).  A new reference. */
json_t *pace_serve_run_json(const struct pace_store_run_info *ri);

#endif
