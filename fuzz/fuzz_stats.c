/*
 * fuzz_stats.c - a libFuzzer target for what `pace stats` reads: one
 * number a line, or (when the text starts with '[' or '{') JSON; then the
 * description of each data set read, as the command computes it, so
 * odd values (NaN, inf, 1e308, one value, ties) reach the statistics too.
 *
 * Built only with -Dfuzz=true and clang; fuzz/run.sh builds and runs it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pace_sample_sets sets = {0};
	struct pace_error err = PACE_ERROR_INIT;
	char *text = pace_xmalloc(size ? size : 1);

	memcpy(text, data, size);
	if (pace_stats_read_samples(&sets, "fuzz.txt", text, size, &err) == 0)
		for (size_t i = 0; i < sets.n; i++) {
			struct pace_describe d;
			pace_stats_describe(&d, sets.v[i].x, sets.v[i].n, 0.95, 0.05);
		}
	pace_sample_sets_release(&sets);
	pace_error_release(&err);
	free(text);
	return 0;
}
