/*
 * json.c - see json.h: the one place that decides how a non-finite double
 * is written in JSON (as null).
 */
#include <math.h>

#include "util/json.h"

json_t *pace_json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}
