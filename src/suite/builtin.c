/*
 * builtin.c - suites compiled into pace, as YAML text read by the same
 * strict parser as files (so a built-in suite can never be laxer than what
 * users write).  Each is named "<built-in:NAME>" in messages.
 *
 * "example" is the smallest honest benchmark: three tests with two
 * variants each, needing nothing beyond coreutils and /bin/sh, each
 * iteration far under 50 ms, so the whole suite takes a few seconds.
 */
#include "suite/suite.h"

/* suites/vcs.yaml, embedded at build time by scripts/embed-text. */
extern const char pace_suite_vcs_yaml[];

struct builtin {
	const char *name;
	const char *description;
	const char *yaml;
};

static const struct builtin builtins[] = {
	{"example", "three small coreutils benchmarks with two variants each",
	 "suite: example\n"
	 "name: Example suite\n"
	 "description: >-\n"
	 "  Small benchmarks that run on any Debian machine with coreutils:\n"
	 "  sleeping, sorting and printing, two ways each.\n"
	 "variants: [fast, slow]\n"
	 "tests:\n"
	 "  - id: sleep\n"
	 "    name: Sleep briefly\n"
	 "    description: sleep 5 ms against 10 ms; the slow one takes twice as long.\n"
	 "    category: basic-operations\n"
	 "    tags: [fast, sleep]\n"
	 "    runs: 10\n"
	 "    command:\n"
	 "      fast: [sleep, \"0.005\"]\n"
	 "      slow: [sleep, \"0.01\"]\n"
	 "    validation: {minTime: 4ms}\n"
	 "\n"
	 "  - id: sort-numbers\n"
	 "    name: Sort 20000 numbers\n"
	 "    description: seq piped into sort, numeric against general numeric.\n"
	 "    category: basic-operations\n"
	 "    tags: [io, shell]\n"
	 "    runs: 10\n"
	 "    shell: true\n"
	 "    command:\n"
	 "      fast: seq 1 20000 | sort -rn > /dev/null\n"
	 "      slow: seq 1 20000 | sort -rg > /dev/null\n"
	 "    env: {LC_ALL: C}\n"
	 "\n"
	 "  - id: print-lines\n"
	 "    name: Print 5 lines\n"
	 "    description: the shell's printf builtin against one /bin/echo process per line.\n"
	 "    category: basic-operations\n"
	 "    tags: [io, shell]\n"
	 "    runs: 10\n"
	 "    shell: true\n"
	 "    command:\n"
	 "      fast: seq 1 5 | while read i; do printf '%s\\n' \"$i\"; done\n"
	 "      slow: seq 1 5 | while read i; do /bin/echo \"$i\"; done\n"
	 "    validation: {outputMatches: \"^1\"}\n"},
	/* pace's own performance regression suite (issue 7): the targets of
	 * the pace-self program; `pace run` finds it next to the pace binary
	 * (cmd_run.c, docs/bench-library.md) in place of "@pace-self@". */
	{"self", "pace measuring itself: statistics, trend fit, zstd, "
	 "reports, SQLite, suite parsing",
	 "suite: self\n"
	 "name: pace measuring itself\n"
	 "description: >-\n"
	 "  pace's own hot paths, measured in-process by libpace-bench; they\n"
	 "  double as pace's performance regression suite.\n"
	 "tests:\n"
	 "  - id: pace-self\n"
	 "    type: binary\n"
	 "    program: \"@pace-self@\"\n"
	 "    tags: [self]\n"},
	{"vcs", "Jujutsu vs Git vs Git worktrees on a generated repository "
	 "(suites/vcs.yaml)", pace_suite_vcs_yaml},
};

size_t pace_suite_builtin_count(void)
{
	return PACE_ARRAY_SIZE(builtins);
}

const char *pace_suite_builtin_name(size_t i)
{
	return i < PACE_ARRAY_SIZE(builtins) ? builtins[i].name : NULL;
}

const char *pace_suite_builtin_description(size_t i)
{
	return i < PACE_ARRAY_SIZE(builtins) ? builtins[i].description : NULL;
}

int pace_suite_load_builtin(struct pace_suite *out, const char *name,
			    bool shell_default, struct pace_error *err)
{
	struct pace_strbuf avail = PACE_STRBUF_INIT;

	for (size_t i = 0; i < PACE_ARRAY_SIZE(builtins); i++) {
		if (strcmp(builtins[i].name, name))
			continue;
		char *path = pace_xasprintf("<built-in:%s>", name);
		int rc = pace_suite_parse(out, path, builtins[i].yaml,
					  strlen(builtins[i].yaml),
					  shell_default, err);
		free(path);
		return rc;
	}
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < PACE_ARRAY_SIZE(builtins); i++)
		pace_strbuf_addf(&avail, "%s%s", i ? ", " : "", builtins[i].name);
	pace_error_set(err, PACE_EUSAGE, "no suite file or built-in suite named "
		       "'%s' (built-in suites: %s)", name, pace_strbuf_str(&avail));
	pace_strbuf_release(&avail);
	return PACE_EUSAGE;
}
