/*
 * fuzz_config.c - a libFuzzer target for everything pace reads from files
 * a user writes: the same bytes go to the suite parser and, through a
 * memfd, to the config file loader.  Both must reject any input with a
 * message (never crash, leak or read out of bounds); ASan checks the rest.
 *
 * Built only with -Dfuzz=true and clang; fuzz/run.sh does both.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"
#include "suite/suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_suite(const char *text, size_t size, bool shell)
{
	struct pace_suite s;
	struct pace_error err = PACE_ERROR_INIT;

	if (pace_suite_parse(&s, "fuzz.yaml", text, size, shell, &err) == 0)
		pace_suite_release(&s);
	pace_error_release(&err);
}

/* The loader takes a path, so the bytes go to an anonymous file whose
 * /proc/self/fd name stands in for it: no temporary files to clean up. */
static void fuzz_config(const uint8_t *data, size_t size)
{
	struct pace_config cfg;
	struct pace_error err = PACE_ERROR_INIT;
	char path[64];
	int fd = memfd_create("pace-fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	pace_config_init(&cfg);
	pace_config_load_file(&cfg, path, PACE_SRC_PROJECT, false, &err);
	pace_config_release(&cfg);
	pace_error_release(&err);
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private NUL-terminated copy: the parsers get (text, len) but a
	 * terminator past len must not hide an over-read of `data`. */
	char *text = pace_xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_suite(text, size, size % 2 == 0);
	free(text);
	fuzz_config(data, size);
	return 0;
}
