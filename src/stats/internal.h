/*
 * internal.h - helpers shared by the files of src/stats/, not part of its
 * interface.
 */
#ifndef PACE_STATS_INTERNAL_H
#define PACE_STATS_INTERNAL_H

#include <math.h>
#include <stddef.h>

/* Copies the finite values of x[0..n) to dst; returns how many. */
static inline size_t pace_stats_finite(double *dst, const double *x, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]))
			dst[k++] = x[i];
	return k;
}

#endif
