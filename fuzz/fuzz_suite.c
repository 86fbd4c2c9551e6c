/*
 * fuzz_suite.c - a libFuzzer target for suite files alone (fuzz_config
 * splits its time with the config loader): YAML and, by the input's
 * parity, JSON mode (a ".json" name forces it) and the shell default.
 * Any input must give a suite or a message: no crash, leak, over-read,
 * hang, or memory blow-up (an alias bomb must stop at the node limit).
 *
 * Built only with -Dfuzz=true and clang; fuzz/run.sh builds and runs it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suite/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;
	/* no terminator past `size`, so ASan sees any over-read */
	char *text = pace_xmalloc(size ? size : 1);
	bool json = size % 2 == 1, shell = size % 4 >= 2;

	memcpy(text, data, size);
	if (pace_suite_parse(&s, json ? "fuzz.json" : "fuzz.yaml", text, size,
			     shell, &err) == 0)
		pace_suite_release(&s);
	pace_error_release(&err);
	free(text);
	return 0;
}
