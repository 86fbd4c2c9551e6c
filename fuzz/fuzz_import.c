/*
 * fuzz_import.c - a libFuzzer target for the JSON exports `pace stats`
 * imports: hyperfine's (results[].times), pace's raw files
 * (variants[].samples[].wall_ns with fail and iterations) and plain
 * arrays, always read as JSON (fuzz_stats spends most inputs on text).
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
	pace_stats_read_json(&sets, "fuzz.json", text, size, &err);
	pace_sample_sets_release(&sets);
	pace_error_release(&err);
	free(text);
	return 0;
}
