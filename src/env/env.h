/*
 * env.h - environments (issue 18, docs/environments.md): root filesystems
 * made from Debian packages with debootstrap, that a test's commands run
 * in under the sandbox executor.  A definition (struct pace_env_def in
 * model.h) is named by a hash of what makes it (distribution, sorted
 * packages, the mirror as resolved, the variant, a format version), and
 * its build lives at CACHE/<hash>, CACHE being $XDG_CACHE_HOME/pace/env
 * (else ~/.cache/pace/env):
 *
 *   CACHE/<hash>/root/          the root filesystem (with an empty /pace,
 *                               where the sandbox mounts what it needs)
 *   CACHE/<hash>/manifest.json  definition, mirror, build time, duration
 *                               and every installed package's version;
 *                               written last: an entry without it is not
 *                               an environment
 *   CACHE/.<hash>.lock          flock'd while building, so a second pace
 *                               building the same definition waits, then
 *                               reuses the first one's build
 *   CACHE/.tmp-<hash>-<pid>/    a build in progress, renamed to <hash>
 *                               when whole, removed when it fails
 *
 * Nothing here prints: progress goes through a callback, problems come
 * back as PACE_E* codes with messages.
 */
#ifndef PACE_ENV_H
#define PACE_ENV_H

#include <jansson.h>

#include "model.h"
#include "plan/plan.h"
#include "suite/suite.h"

/* Bumped when the way an environment is built changes, so that builds
 * made the old way are not reused. */
#define PACE_ENV_FORMAT_VERSION 1

/* PATH inside an environment: where `requires:` programs are looked for
 * in its root filesystem, and the PATH the sandbox gives commands. */
#define PACE_ENV_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* ---- definitions ---------------------------------------------------------- */

/* pace_env_def_copy() and _release() are with the suite parser
 * (suite/suite.h), which makes definitions. */
/* The hash naming def's build (16 hex digits) when its mirror resolves to
 * `mirror`: the same distribution, packages (in any order, repeated or
 * not) and mirror give the same hash. */
void pace_env_hash(const struct pace_env_def *def, const char *mirror,
		   struct pace_strbuf *out);
/* "sid + git, jujutsu" (for messages and listings). */
void pace_env_describe(const struct pace_env_def *def, struct pace_strbuf *out);
/* CACHE (above), created when missing. */
int pace_env_cache_dir(struct pace_strbuf *out, struct pace_error *err);

/* ---- the mirror ----------------------------------------------------------- */

/* The Debian mirror apt uses on this machine, read from APT_DIR (NULL:
 * /etc/apt): the URI of the first deb822 stanza in sources.list.d/
 * *.sources (in name order) whose Types include deb and whose Suites
 * include a release (a suite without '-' or '/', so not bookworm-security
 * or bookworm-updates), else the first such one-line `deb` entry of
 * sources.list (then sources.list.d/ *.list).  PACE_EUSAGE, naming the
 * files read, when there is none. */
int pace_env_apt_mirror(const char *apt_dir, struct pace_strbuf *out,
			struct pace_error *err);

/* ---- building ------------------------------------------------------------- */

/* One step of a build, for a progress line: debootstrap's "I: ..." lines
 * without the "I: " ("Retrieving libc6 2.36-9", "Configuring git"), and
 * pace's own steps ("Recording package versions"). */
typedef void (*pace_env_progress_fn)(const char *step, void *data);

struct pace_env_opts {
	const char *apt_dir;     /* NULL: /etc/apt (pace_env_apt_mirror) */
	const char *debootstrap; /* NULL: "debootstrap" on PATH */
	pace_env_progress_fn progress; /* NULL: none */
	void *progress_data;
	/* Set (by the caller's SIGINT/SIGTERM handler) to stop a build:
	 * debootstrap is killed and what it made removed.  NULL: none. */
	volatile int *stop;
	/* Skip the root check (unit tests that expect a failure before
	 * debootstrap needs root). */
	bool no_root_check;
};

/* Makes sure def is built: reuses CACHE/<hash> when it is whole, else
 * builds it (waiting for another pace building the same one).  Fills
 * def->root, def->hash and, when def->mirror was NULL, def->mirror with
 * the mirror used; *built (NULL ok) says whether it was built now.  On
 * failure nothing of the build is left and the message says what is
 * missing: root, debootstrap, a mirror, or what debootstrap said. */
int pace_env_ensure(struct pace_env_def *def, const struct pace_env_opts *o,
		    bool *built, struct pace_error *err);

/* ---- what the cache holds ------------------------------------------------- */

struct pace_env_entry {
	char *hash;
	char *path;      /* CACHE/<hash> */
	json_t *manifest; /* its manifest.json (never NULL in a listing) */
	int64_t bytes;   /* on disk (blocks), -1 unknown */
};

/* The whole environments in the cache, sorted by hash. */
int pace_env_list(struct pace_env_entry **out, size_t *n, struct pace_error *err);
void pace_env_entries_free(struct pace_env_entry *e, size_t n);
/* The manifest of the build `hash` (or a unique prefix of one). */
int pace_env_manifest_load(json_t **out, const char *hash, struct pace_error *err);
/* Removes the build `hash` (a unique prefix will do), or every build and
 * leftover temporary when hash is NULL; *removed counts builds. */
int pace_env_clean(const char *hash, size_t *removed, struct pace_error *err);

/* The installed version of package in a manifest (NULL: not installed). */
const char *pace_env_manifest_version(json_t *manifest, const char *package);

/* ---- before a run ---------------------------------------------------------- */

/* Makes sure every distinct environment that tests[0..n) want
 * (pace_env_wanted) is built, each once (progress through o), filling
 * those tests' environment.root/hash.
 * One that cannot be built is an error, unless its definition has
 * fallback_local: then its tests run with the local executor and `notes`
 * gets one line saying why. */
int pace_env_prepare_tests(struct pace_test **tests, size_t n,
			   const struct pace_env_opts *o,
			   struct pace_strvec *notes, struct pace_error *err);

/* Whether t needs its environment built: it has one and an executor
 * that runs commands in one (sandbox, docker).  A test whose executor is
 * still PACE_EXECUTOR_DEFAULT here runs locally; the fallback sets
 * PACE_EXECUTOR_LOCAL. */
bool pace_env_wanted(const struct pace_test *t);
/* Whether t runs in its environment: wanted, and built (root filled). */
bool pace_env_in_use(const struct pace_test *t);
/* Whether PROG (a suite's `requires:`) is there for s's tests: in the
 * root filesystem's PACE_ENV_PATH when they run in an environment, else
 * on the host's PATH. */
bool pace_env_suite_has_program(const struct pace_suite *s, const char *prog);
/* pace_env_tool_versions for a run of plan: the environment of its first
 * test that runs in one, else the host. */
void pace_env_plan_versions(struct pace_env_info *env, const struct pace_plan *plan);

/* Fills env's tool versions: from the manifest of the environment def
 * (when def->root is set; also its hash, distribution and packages), else
 * from `git --version` and `jj --version` on the host's PATH. */
void pace_env_tool_versions(struct pace_env_info *env,
			    const struct pace_env_def *def);

#endif
