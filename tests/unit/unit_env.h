/*
 * unit_env.h - what the unit tests that run real processes share: where
 * the helper program is (PACE_HELPER in the environment, else the path
 * meson compiled in), and a scratch directory per test program, made
 * before its tests and removed after them.  Header-only (static inline),
 * so each test program stays one file plus this.
 */
#ifndef PACE_UNIT_ENV_H
#define PACE_UNIT_ENV_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/util.h"

/* The helper program's path; NULL (having said why) when it is missing. */
static inline const char *unit_helper(void)
{
	const char *h = getenv("PACE_HELPER");

	if (!h || !*h)
		h = PACE_HELPER;
	if (access(h, X_OK)) {
		fprintf(stderr, "no helper program at '%s'\n", h);
		return NULL;
	}
	return h;
}

/* Makes /tmp/pace-test-NAME-XXXXXX into dir (at least 64 bytes). */
static inline int unit_tmpdir_make(char *dir, size_t n, const char *name)
{
	snprintf(dir, n, "/tmp/pace-test-%s-XXXXXX", name);
	return mkdtemp(dir) ? 0 : -1;
}

static inline int unit_tmpdir_remove(const char *dir)
{
	char *cmd = pace_xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);

	free(cmd);
	return rc;
}

#endif
