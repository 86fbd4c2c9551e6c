/*
 * valgrind.h - instruction counts and profiles from valgrind (issue 13,
 * `--measure instructions`, `--profile`): a command run under cachegrind
 * (no cache simulation) or, for a profile, callgrind executes the same
 * instructions every time, whatever else the machine is doing, so its
 * count is a noise-free figure for CI.
 *
 * The caller runs the argv pace_valgrind_argv builds with its executor,
 * then reads the counts with pace_valgrind_collect.  valgrind follows the
 * command's children (--trace-children), writing one file per process
 * into a directory of the caller's: the count is the sum over the tree.
 * valgrind's own messages go to files there, never to the command's
 * stderr, so output validation sees what the command printed.
 */
#ifndef PACE_PROBE_VALGRIND_H
#define PACE_PROBE_VALGRIND_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "util/util.h"

/* out (initialised, appended to) = valgrind's argv around argv: cachegrind
 * without cache simulation, or callgrind when `profile`; its output files
 * in `dir` (which must exist and be empty). */
void pace_valgrind_argv(struct pace_strvec *out, char *const *argv,
			const char *dir, bool profile);

/* Sums the instruction counts ("summary:") of every file valgrind wrote
 * into dir and removes them (dir itself stays).  With `profile` (not
 * NULL) also builds the profile of the whole tree from callgrind's files
 * (*profile is then a new profile, pace_profile_free frees it).  Returns
 * 0, or PACE_EIO when no count was written (the command did not start
 * under valgrind, or valgrind failed: its log is in the message). */
int pace_valgrind_collect(int64_t *instructions, struct pace_profile **profile,
			  const char *dir, struct pace_error *err);

/* The profile of one or more callgrind output files (exposed for the
 * unit tests): _add parses one file's text (returns 0, or -1 when it has
 * no "summary:" line), _finish makes the profile of everything added and
 * frees the builder, _free frees an unfinished one (NULL ok). */
struct pace_profile_builder;
struct pace_profile_builder *pace_profile_builder_new(void);
int pace_profile_builder_add(struct pace_profile_builder *b, const char *text);
struct pace_profile *pace_profile_builder_finish(struct pace_profile_builder *b);
void pace_profile_builder_free(struct pace_profile_builder *b);

#endif
