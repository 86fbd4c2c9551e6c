/*
 * json.h - jansson glue every stage that writes JSON shares: a double as
 * a JSON number, or null when it is NaN or infinite (json_real refuses
 * them, and JSON has no spelling for them), so that "unknown" reads the
 * same in results.json, the store's JSON columns and `--json` output.
 */
#ifndef PACE_UTIL_JSON_H
#define PACE_UTIL_JSON_H

#include <jansson.h>

/* A new reference: a real, or null when v is not finite. */
json_t *pace_json_num(double v);

#endif
