/*
 * json.c - see json.h: the one place that decides how a non-finite double
 * is written in JSON (as null).
 */
#include <math.h>
#include <string.h>

#include "util/json.h"
#include "util/util.h"

json_t *pace_json_num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* Seconds per unit of Google Benchmark's time_unit (its default: ns). */
static double gbench_unit(const char *u)
{
	static const struct { const char *name; double s; } units[] = {
		{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1.0}};

	for (size_t i = 0; u && i < PACE_ARRAY_SIZE(units); i++)
		if (strcmp(u, units[i].name) == 0)
			return units[i].s;
	return u ? NAN : 1e-9;
}

static bool gbench_counted(const json_t *b)
{
	const char *type = json_string_value(json_object_get(b, "run_type"));

	return (!type || strcmp(type, "iteration") == 0) &&
	       !json_is_true(json_object_get(b, "error_occurred"));
}

int pace_json_gbench_reps(const json_t *root,
			   struct pace_gbench_rep **out, size_t *n)
{
	const json_t *arr = json_object_get(root, "benchmarks"), *b;
	size_t i, alloc = 0;

	*out = NULL;
	*n = 0;
	if (!json_is_array(arr))
		return -1;
	json_array_foreach(arr, i, b) {
		const json_t *name = json_object_get(b, "run_name");
		double unit = gbench_unit(json_string_value(
			json_object_get(b, "time_unit")));
		struct pace_gbench_rep *r;

		if (!gbench_counted(b))
			continue;
		if (!json_is_string(name))
			name = json_object_get(b, "name");
		if (!json_is_string(name) ||
		    !json_is_number(json_object_get(b, "real_time")) ||
		    !isfinite(unit)) {
			free(*out);
			*out = NULL;
			*n = 0;
			return -1;
		}
		pace_grow((void **)out, &alloc, *n + 1, sizeof(**out));
		r = &(*out)[(*n)++];
		r->name = json_string_value(name);
		r->real_s = json_number_value(json_object_get(b, "real_time")) * unit;
		r->cpu_s = json_is_number(json_object_get(b, "cpu_time"))
			? json_number_value(json_object_get(b, "cpu_time")) * unit
			: NAN;
		r->iterations = json_is_integer(json_object_get(b, "iterations"))
			? json_integer_value(json_object_get(b, "iterations")) : 1;
	}
	return 0;
}
