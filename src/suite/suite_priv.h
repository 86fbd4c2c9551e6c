/*
 * suite_priv.h - what the suite module's files share and nobody else
 * needs: copying a fixture use (suite.c) for the tests params.c makes.
 */
#ifndef PACE_SUITE_PRIV_H
#define PACE_SUITE_PRIV_H

#include "model.h"

/* A deep copy; dst is overwritten, not released first. */
void pace_suite_fixture_copy(struct pace_fixture_use *dst,
			     const struct pace_fixture_use *src);

/* Replaces s->tests[index] by one test per combination of the n axes
 * (params.c). */
struct pace_param_axis;
int pace_suite_expand_test(struct pace_suite *s, size_t index,
			   const struct pace_param_axis *const *axes, size_t n,
			   struct pace_error *err);

#endif
