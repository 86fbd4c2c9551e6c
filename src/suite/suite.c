/*
 * suite.c - reading suite files into struct pace_suite, strictly.
 *
 * The format is docs/suite-format.md.  The reader walks libfyaml's tree
 * (see config/yaml.h) and checks every mapping against the keys it allows,
 * every value against the type it needs, and then the suite as a whole
 * (unique ids, declared variants, dependsOn pointing at real tests and
 * forming no cycle).  The first problem stops the read and becomes one
 * message "FILE:LINE:COL: what is wrong (expected ...)": a suite that
 * half-loads would measure something other than what its author wrote.
 *
 * Ownership: everything in a pace_suite is owned by it; the release
 * functions here free it.  On error the caller's suite is left zeroed.
 */
#include <inttypes.h>
#include <regex.h>

#include "config/yaml.h"
#include "suite/suite.h"
#include "suite/suite_priv.h"
#include "util/sanitize.h"

struct parser {
	struct pace_yaml y;
	struct pace_error *err;
	bool shell_default;
	struct pace_suite *s;
	const char *ctx;             /* " in test 'x'": appended to subjects */
	struct fy_node **id_nodes;   /* per test: its id, for duplicate notes */
	struct fy_node **dep_nodes;  /* per test: its dependsOn list or NULL */
	struct pace_limits limits;   /* the suite's, default of its tests */
	/* `parameters:` per test, and the suite's: expanded once every test
	 * is read and dependsOn is checked (params.c) */
	struct pace_param_axis **taxes;
	size_t *ntaxes, ntaxes_n;        /* ntaxes_n: entries of both */
	struct pace_param_axis *saxes;
	size_t nsaxes;
	struct fy_node *saxes_node;
};

#define ERR(p, n, fb, ...) pace_yaml_error(&(p)->y, (n), (fb), (p)->err, __VA_ARGS__)

#define CMD_FORMS "a string, a list of arguments, or a mapping of variant " \
		  "names to commands"

static const char *const top_keys[] = {"suite", "name", "description",
				       "variants", "tests", "fixture",
				       "requires", "environment", "executor", "limits",
				       "workdir", "parameters"};
static const char *const test_keys[] = {
	"id", "name", "description", "category", "tags", "command", "shell",
	"setup", "teardown", "prepare", "conclude", "env", "cwd",
	"expectedExitCode", "timeout", "runs", "warmup", "precision",
	"maxTime", "minRuns", "maxRuns", "validation", "dependsOn", "type",
	"fixture", "environment", "executor", "limits", "workdir",
	"estimatedDuration", "resources", "retries", "parameters"};
static const char *const fixture_keys[] = {"size", "spec", "seed", "custom"};
static const char *const environment_keys[] = {"distribution", "packages",
						       "mirror", "fallback", "docker"};
static const char *const validation_keys[] = {"outputMatches", "minTime",
					      "maxTime", "maxMemory"};
/* A test of `type: binary`: the targets of a libpace-bench program.  No
 * command, hooks, env or validation: the program measures itself. */
static const char *const binary_keys[] = {
	"id", "name", "description", "category", "tags", "type", "program",
	"filter", "targets", "timeout", "runs", "warmup", "dependsOn",
	"estimatedDuration", "resources", "retries"};

/* ---- small readers ------------------------------------------------------- */

static bool is_ident(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("._-", *s))
			return false;
	return true;
}

static void join_keys(struct pace_strbuf *out, const char *const *keys,
		      size_t n)
{
	for (size_t i = 0; i < n; i++)
		pace_strbuf_addf(out, "%s%s", i ? ", " : "", keys[i]);
}

/* Every key of `map` must be one of `keys`. */
static int check_keys(struct parser *p, struct fy_node *map,
		      const char *where, const char *const *keys, size_t n)
{
	struct fy_node_pair *pr;
	void *it = NULL;

	while ((pr = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(pr);
		const char *name = pace_yaml_text(k);
		struct pace_strbuf exp = PACE_STRBUF_INIT;
		size_t i;
		int rc;

		for (i = 0; name && i < n; i++)
			if (!strcmp(name, keys[i]))
				break;
		if (name && i < n)
			continue;
		join_keys(&exp, keys, n);
		rc = ERR(p, k, map, "unknown key '%s'%s (expected one of: %s)",
			 name ? name : "(not a string)", where,
			 pace_strbuf_str(&exp));
		pace_strbuf_release(&exp);
		return rc;
	}
	return 0;
}

static struct fy_node_pair *lookup(struct fy_node *map, const char *key)
{
	return fy_node_mapping_lookup_pair_by_string(map, key, FY_NT);
}

/* "got 'abc'" / "got a list" for messages about `n`. */
static int wrong_type(struct parser *p, struct fy_node_pair *pr,
		      const char *expected)
{
	struct fy_node *v = fy_node_pair_value(pr);
	struct pace_strbuf got = PACE_STRBUF_INIT;
	int rc;

	pace_yaml_describe(v, &got);
	rc = ERR(p, v, fy_node_pair_key(pr), "'%s'%s must be %s, got %s",
		 pace_yaml_text(fy_node_pair_key(pr)), p->ctx, expected,
		 pace_strbuf_str(&got));
	pace_strbuf_release(&got);
	return rc;
}

/* A string value; null leaves *out alone unless `required`. */
static int read_string(struct parser *p, struct fy_node_pair *pr,
		       bool required, char **out)
{
	struct fy_node *v = pr ? fy_node_pair_value(pr) : NULL;

	if (!pr || (pace_yaml_is_null(v) && !required))
		return 0;
	if (pace_yaml_is_null(v) || !fy_node_is_scalar(v))
		return wrong_type(p, pr, "a string");
	free(*out);
	*out = pace_xstrdup(pace_yaml_text(v));
	return 0;
}

/* A string only ever shown (a name, a description): its control
 * characters become visible escapes here, once, so no report or terminal
 * receives an escape sequence from a suite file. */
static int read_shown(struct parser *p, struct fy_node_pair *pr, unsigned flags,
		      char **out)
{
	int rc = read_string(p, pr, false, out);
	char *clean;

	if (rc || !*out)
		return rc;
	clean = pace_sanitize_term_dup(*out, flags);
	free(*out);
	*out = clean;
	return 0;
}

static int check_ident(struct parser *p, struct fy_node *n,
		       struct fy_node *fallback, const char *what,
		       const char *s)
{
	if (is_ident(s))
		return 0;
	return ERR(p, n, fallback, "invalid %s '%s'%s (expected letters, digits, "
		   "'.', '_' or '-')", what, s, p->ctx);
}

static int read_ident(struct parser *p, struct fy_node_pair *pr,
		      const char *what, char **out)
{
	int rc = read_string(p, pr, true, out);
	if (rc)
		return rc;
	return check_ident(p, fy_node_pair_value(pr), fy_node_pair_key(pr),
			   what, *out);
}

static int read_count(struct parser *p, struct fy_node_pair *pr,
		      uint64_t min, uint64_t max, int64_t *out)
{
	struct fy_node *v;
	uint64_t u;
	char exp[64];

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (pace_yaml_is_plain(v) && !pace_parse_uint(pace_yaml_text(v), &u) &&
	    u >= min && u <= max) {
		*out = (int64_t)u;
		return 0;
	}
	if (max < INT64_MAX)
		snprintf(exp, sizeof(exp), "an integer from %" PRIu64 " to %" PRIu64,
			 min, max);
	else if (min)
		snprintf(exp, sizeof(exp), "an integer >= %" PRIu64, min);
	else
		snprintf(exp, sizeof(exp), "a non-negative integer");
	return wrong_type(p, pr, exp);
}

static int read_duration(struct parser *p, struct fy_node_pair *pr,
			 double *out)
{
	struct fy_node *v;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (!pace_yaml_is_null(v) && fy_node_is_scalar(v) &&
	    !pace_parse_duration(pace_yaml_text(v), out))
		return 0;
	return wrong_type(p, pr, "a duration (seconds, or with a unit: 1.5s, "
			  "200ms, 2m)");
}

/* A fraction strictly between 0 and 1: 0.02, or a percentage, 2%. */
static int read_fraction(struct parser *p, struct fy_node_pair *pr,
			 double *out)
{
	struct fy_node *v;
	const char *text;
	char *end;
	double x;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	text = pace_yaml_is_null(v) || !fy_node_is_scalar(v) ? NULL :
	       pace_yaml_text(v);
	if (text && *text) {
		x = strtod(text, &end);
		if (*end == '%' && end > text) {
			x /= 100;
			end++;
		}
		if (!*end && end > text && x > 0 && x < 1) {
			*out = x;
			return 0;
		}
	}
	return wrong_type(p, pr, "a fraction between 0 and 1 or a percentage "
			  "(0.02, 2%)");
}

static int read_size(struct parser *p, struct fy_node_pair *pr, int64_t *out)
{
	struct fy_node *v;
	uint64_t u;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (!pace_yaml_is_null(v) && fy_node_is_scalar(v) &&
	    !pace_parse_size(pace_yaml_text(v), &u) && u <= INT64_MAX) {
		*out = (int64_t)u;
		return 0;
	}
	return wrong_type(p, pr, "a size in bytes (65536, 64k, 100MB, 1GiB)");
}

static int read_bool(struct parser *p, struct fy_node_pair *pr, bool *out)
{
	struct fy_node *v;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (pace_yaml_is_plain(v) && !pace_yaml_bool(pace_yaml_text(v), out))
		return 0;
	return wrong_type(p, pr, "true or false");
}

/* A list of identifiers (tags, variants, dependsOn): no duplicates. */
static int read_id_list(struct parser *p, struct fy_node_pair *pr,
			const char *what, struct pace_strvec *out)
{
	struct fy_node *v, *item;
	void *it = NULL;
	int rc;

	if (!pr || pace_yaml_is_null(v = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_sequence(v))
		return wrong_type(p, pr, "a list");
	while ((item = fy_node_sequence_iterate(v, &it))) {
		const char *s = pace_yaml_text(item);
		if (!s || pace_yaml_is_null(item))
			return ERR(p, item, v, "%s in '%s'%s must be a string, got %s",
				   what, pace_yaml_text(fy_node_pair_key(pr)), p->ctx,
				   pace_yaml_kind(item));
		rc = check_ident(p, item, v, what, s);
		if (rc)
			return rc;
		if (pace_strvec_contains(out, s))
			return ERR(p, item, v, "%s '%s' is listed twice in '%s'%s",
				   what, s, pace_yaml_text(fy_node_pair_key(pr)),
				   p->ctx);
		pace_strvec_push(out, s);
	}
	return 0;
}

/* ---- commands -------------------------------------------------------------- */

/* A command as shown and stored (cmd.text): secrets redacted, control
 * characters escaped.  Only argv runs, so the command keeps its values. */
static char *shown_text(const char *text)
{
	char *redacted = pace_redact_text(text);
	char *clean = pace_sanitize_term_dup(redacted, PACE_SAN_KEEP_LINES);

	free(redacted);
	return clean;
}

int pace_cmd_from_text(struct pace_cmd *out, const char *text, bool shell,
		       struct pace_error *err)
{
	const char *why = NULL;

	memset(out, 0, sizeof(*out));
	if (shell) {
		pace_strvec_push(&out->argv, "/bin/sh");
		pace_strvec_push(&out->argv, "-c");
		pace_strvec_push(&out->argv, text);
	} else if (pace_split_words(&out->argv, text, &why) < 0) {
		pace_cmd_release(out);
		return pace_error_set(err, PACE_EUSAGE, "%s in command '%s'",
				      why ? why : "cannot split", text);
	} else if ((why = pace_shell_syntax(text))) {
		/* Never a silent literal: `echo a | wc -c` would run echo
		 * with three arguments and measure the wrong thing. */
		pace_cmd_release(out);
		return pace_error_set(err, PACE_EUSAGE, "command '%s' needs a "
				      "shell: %s is shell syntax, and commands run "
				      "without a shell unless asked; ask for one "
				      "(pace run --shell for /bin/sh, -S SHELL, or "
				      "'shell: true' in a suite), or quote the "
				      "character to pass it as an argument",
				      text, why);
	}
	if (text[strspn(text, " \t\n\r")] == '\0' ||
	    (!shell && (!out->argv.n || !*out->argv.v[0]))) {
		pace_cmd_release(out);
		return pace_error_set(err, PACE_EUSAGE, "empty command");
	}
	out->text = shown_text(text);
	out->shell = shell;
	return 0;
}

/* ["prog", "arg", ...]: used as argv as it stands. */
static int read_argv(struct parser *p, struct fy_node *v, struct pace_cmd *out)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	struct pace_strvec shown = PACE_STRVEC_INIT;
	struct fy_node *item;
	void *it = NULL;

	memset(out, 0, sizeof(*out));
	while ((item = fy_node_sequence_iterate(v, &it))) {
		if (!fy_node_is_scalar(item) || pace_yaml_is_null(item)) {
			pace_cmd_release(out);
			return ERR(p, item, v, "command argument%s must be a string, "
				   "got %s", p->ctx, pace_yaml_kind(item));
		}
		pace_strvec_push(&out->argv, pace_yaml_text(item));
	}
	if (!out->argv.n || !*out->argv.v[0]) {
		pace_cmd_release(out);
		return ERR(p, v, NULL, "empty command%s (expected a program "
			   "and its arguments)", p->ctx);
	}
	pace_redact_argv(&shown, &out->argv);
	pace_strvec_join_quoted(&text, &shown, " ");
	pace_strvec_release(&shown);
	out->text = pace_sanitize_term_dup(pace_strbuf_str(&text),
					   PACE_SAN_KEEP_LINES);
	pace_strbuf_release(&text);
	return 0;
}

/* A string (split into words, or run by /bin/sh when `shell`) or an argv
 * list.  `key` is where to point when the value has no position. */
static int read_cmd(struct parser *p, struct fy_node *v, struct fy_node *key,
		    bool shell, struct pace_cmd *out)
{
	struct pace_error sub = PACE_ERROR_INIT;
	int rc;

	if (fy_node_is_sequence(v))
		return read_argv(p, v, out);
	if (pace_yaml_is_null(v) || !fy_node_is_scalar(v)) {
		memset(out, 0, sizeof(*out));
		if (pace_yaml_is_null(v) || (fy_node_is_mapping(v) &&
					     !fy_node_mapping_item_count(v)))
			return ERR(p, v, key, "empty command%s (expected %s)",
				   p->ctx, CMD_FORMS);
		return ERR(p, v, key, "command%s must be a string or a list of "
			   "arguments, got %s", p->ctx, pace_yaml_kind(v));
	}
	rc = pace_cmd_from_text(out, pace_yaml_text(v), shell, &sub);
	if (rc && !shell && pace_shell_syntax(pace_yaml_text(v)))
		rc = ERR(p, v, key, "%s%s", pace_error_msg(&sub), p->ctx);
	else if (rc)
		rc = ERR(p, v, key, "%s%s (expected %s)", pace_error_msg(&sub),
			 p->ctx, strcmp(pace_error_msg(&sub), "empty command") ?
			 "matching quotes, or 'shell: true'" : CMD_FORMS);
	pace_error_release(&sub);
	return rc;
}

static void add_variant(struct pace_test *t, const char *name,
			struct pace_cmd *cmd)
{
	t->variants = pace_xrealloc(t->variants,
				    (t->nvariants + 1) * sizeof(*t->variants));
	memset(&t->variants[t->nvariants], 0, sizeof(*t->variants));
	t->variants[t->nvariants].name = pace_xstrdup(name);
	t->variants[t->nvariants].cmd = *cmd;
	t->nvariants++;
}

static int read_variant_map(struct parser *p, struct fy_node *map,
			    struct pace_test *t, bool shell)
{
	const struct pace_strvec *declared = &p->s->variants;
	struct fy_node_pair *pr;
	void *it = NULL;

	while ((pr = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(pr);
		const char *name = pace_yaml_text(k);
		struct pace_strbuf exp = PACE_STRBUF_INIT;
		struct pace_cmd cmd;
		int rc = check_ident(p, k, map, "variant name", name ? name : "");

		if (!rc && declared->n && !pace_strvec_contains(declared, name)) {
			pace_strvec_join_quoted(&exp, declared, ", ");
			rc = ERR(p, k, map, "unknown variant '%s'%s (expected one of "
				 "the suite's variants: %s)", name, p->ctx,
				 pace_strbuf_str(&exp));
			pace_strbuf_release(&exp);
		}
		if (!rc)
			rc = read_cmd(p, fy_node_pair_value(pr), k, shell, &cmd);
		if (rc)
			return rc;
		add_variant(t, name, &cmd);
	}
	return 0;
}

static int read_commands(struct parser *p, struct fy_node *tmap,
			 struct pace_test *t, bool shell)
{
	struct fy_node_pair *pr = lookup(tmap, "command");
	struct fy_node *v;
	struct pace_cmd cmd;
	int rc;

	if (!pr)
		return ERR(p, tmap, NULL, "missing 'command'%s (expected %s)",
			   p->ctx, CMD_FORMS);
	v = fy_node_pair_value(pr);
	if (!pace_yaml_is_null(v) && fy_node_is_mapping(v) &&
	    fy_node_mapping_item_count(v) > 0)
		return read_variant_map(p, v, t, shell);
	rc = read_cmd(p, v, fy_node_pair_key(pr), shell, &cmd);
	if (rc)
		return rc;
	add_variant(t, "default", &cmd);
	return 0;
}

static void add_hook(struct pace_cmd **arr, size_t *n, struct pace_cmd *cmd)
{
	*arr = pace_xrealloc(*arr, (*n + 1) * sizeof(**arr));
	(*arr)[(*n)++] = *cmd;
}

/* setup/teardown/prepare/conclude: a string, or a list whose items are
 * strings or argv lists.  Strings always go through /bin/sh: hooks are
 * glue (mkdir, cp, rm -rf) where the shell is what people mean. */
static int read_variant_hooks(struct parser *p, struct fy_node_pair *pr,
			      struct pace_test *t, const char *key);

/* The value of pair `pr`: a string, or a list of strings and argv lists. */
static int read_hook_list(struct parser *p, struct fy_node_pair *pr,
			  struct pace_cmd **arr, size_t *n)
{
	struct fy_node *v = fy_node_pair_value(pr), *item;
	struct pace_cmd cmd;
	void *it = NULL;
	int rc;

	if (pace_yaml_is_null(v))
		return 0;
	if (fy_node_is_mapping(v))
		return wrong_type(p, pr, "a command or a list of commands");
	if (fy_node_is_scalar(v)) {
		rc = read_cmd(p, v, fy_node_pair_key(pr), true, &cmd);
		if (!rc)
			add_hook(arr, n, &cmd);
		return rc;
	}
	while ((item = fy_node_sequence_iterate(v, &it))) {
		rc = read_cmd(p, item, v, true, &cmd);
		if (rc)
			return rc;
		add_hook(arr, n, &cmd);
	}
	return 0;
}

static int read_hooks(struct parser *p, struct fy_node *tmap, const char *key,
		      struct pace_test *t, struct pace_cmd **arr, size_t *n)
{
	struct fy_node_pair *pr = lookup(tmap, key);
	struct fy_node *v;

	if (!pr || pace_yaml_is_null(v = fy_node_pair_value(pr)))
		return 0;
	if (fy_node_is_mapping(v))
		return read_variant_hooks(p, pr, t, key);
	return read_hook_list(p, pr, arr, n);
}

/* ---- the rest of a test -------------------------------------------------- */

static bool is_env_name(const char *s)
{
	if (!s || !*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_')
			return false;
	return true;
}

static int read_env(struct parser *p, struct fy_node_pair *pr,
		    struct pace_strvec *env)
{
	struct fy_node *map;
	struct fy_node_pair *e;
	void *it = NULL;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping of NAME: value");
	while ((e = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(e), *v = fy_node_pair_value(e);
		const char *name = pace_yaml_text(k);
		if (!is_env_name(name))
			return ERR(p, k, map, "invalid environment variable name "
				   "'%s'%s (expected letters, digits and '_', not "
				   "starting with a digit)", name ? name : "", p->ctx);
		if (v && !fy_node_is_scalar(v))
			return ERR(p, v, k, "value of environment variable '%s'%s "
				   "must be a string, got %s", name, p->ctx,
				   pace_yaml_kind(v));
		/* `NAME:` with nothing after it sets NAME to "". */
		pace_strvec_pushf(env, "%s=%s", name,
				  pace_yaml_is_null(v) ? "" : pace_yaml_text(v));
	}
	return 0;
}

static int read_regex(struct parser *p, struct fy_node_pair *pr, char **out)
{
	regex_t re;
	int rc = read_string(p, pr, true, out);

	if (rc || !pr)
		return rc;
	rc = regcomp(&re, *out, REG_EXTENDED | REG_NEWLINE | REG_NOSUB);
	if (rc) {
		char why[256];
		regerror(rc, &re, why, sizeof(why));
		return ERR(p, fy_node_pair_value(pr), fy_node_pair_key(pr),
			   "invalid regular expression '%s' in 'outputMatches'%s: "
			   "%s (expected a POSIX extended regex)", *out, p->ctx, why);
	}
	regfree(&re);
	return 0;
}

static int read_validation(struct parser *p, struct fy_node_pair *pr,
			   struct pace_validation *val)
{
	struct fy_node *map;
	struct pace_strbuf where = PACE_STRBUF_INIT;
	int rc;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping (outputMatches, minTime, "
				  "maxTime, maxMemory)");
	pace_strbuf_addf(&where, " in 'validation'%s", p->ctx);
	rc = check_keys(p, map, pace_strbuf_str(&where), validation_keys,
			PACE_ARRAY_SIZE(validation_keys));
	pace_strbuf_release(&where);
	if (!rc)
		rc = read_regex(p, lookup(map, "outputMatches"), &val->output_regex);
	if (!rc)
		rc = read_duration(p, lookup(map, "minTime"), &val->min_time_s);
	if (!rc)
		rc = read_duration(p, lookup(map, "maxTime"), &val->max_time_s);
	if (!rc)
		rc = read_size(p, lookup(map, "maxMemory"), &val->max_memory);
	if (!rc && val->min_time_s >= 0 && val->max_time_s >= 0 &&
	    val->min_time_s > val->max_time_s)
		rc = ERR(p, fy_node_pair_value(lookup(map, "minTime")), map,
			 "'minTime'%s is greater than 'maxTime' (expected minTime "
			 "<= maxTime)", p->ctx);
	return rc;
}

static int read_fixture(struct parser *p, struct fy_node_pair *pr,
			struct pace_fixture_use *f);
static int read_environment(struct parser *p, struct fy_node_pair *pr,
			    struct pace_env_def *e);

/* The test's own `fixture:`, else the suite's. */
static int read_test_fixture(struct parser *p, struct fy_node *m,
			     struct pace_test *t)
{
	struct fy_node_pair *pr = lookup(m, "fixture");

	if (pr)
		return read_fixture(p, pr, &t->fixture);
	pace_suite_fixture_copy(&t->fixture, &p->s->fixture);
	return 0;
}

/* The test's own `environment:`, else the suite's. */
static int read_test_environment(struct parser *p, struct fy_node *m,
				 struct pace_test *t)
{
	struct fy_node_pair *pr = lookup(m, "environment");

	if (pr)
		return read_environment(p, pr, &t->environment);
	pace_env_def_copy(&t->environment, &p->s->environment);
	return 0;
}

static int read_executor(struct parser *p, struct fy_node_pair *pr,
			 enum pace_executor *out);
static int read_workdir(struct parser *p, struct fy_node_pair *pr,
			enum pace_workdir *out);
static int read_limits(struct parser *p, struct fy_node_pair *pr,
		       struct pace_limits *lim);

/* The test's own `executor:` and `limits:`, else the suite's; a limit the
 * test does not name is the suite's. */
static int read_test_executor(struct parser *p, struct fy_node *m,
			      struct pace_test *t)
{
	int rc;

	t->executor = p->s->executor;
	t->workdir = p->s->workdir;
	t->limits = p->limits;
	rc = read_executor(p, lookup(m, "executor"), &t->executor);
	if (!rc)
		rc = read_workdir(p, lookup(m, "workdir"), &t->workdir);
	return rc ? rc : read_limits(p, lookup(m, "limits"), &t->limits);
}

/* precision, maxTime, minRuns, maxRuns: adaptive stopping of this test;
 * minRuns may not exceed maxRuns. */
static int read_stop_rule(struct parser *p, struct fy_node *m,
			  struct pace_test *t)
{
	int rc = read_fraction(p, lookup(m, "precision"), &t->precision);

	if (!rc)
		rc = read_duration(p, lookup(m, "maxTime"), &t->max_time_s);
	if (!rc && lookup(m, "maxTime") && t->max_time_s <= 0)
		rc = wrong_type(p, lookup(m, "maxTime"), "a duration > 0");
	if (!rc)
		rc = read_count(p, lookup(m, "minRuns"), 1, INT64_MAX, &t->min_runs);
	if (!rc)
		rc = read_count(p, lookup(m, "maxRuns"), 1, INT64_MAX, &t->max_runs);
	if (!rc && t->min_runs && t->max_runs && t->min_runs > t->max_runs)
		rc = ERR(p, fy_node_pair_value(lookup(m, "minRuns")), m,
			 "'minRuns'%s is greater than 'maxRuns' (expected "
			 "minRuns <= maxRuns)", p->ctx);
	return rc;
}

/* Plain values of a test (everything but id, commands and hooks). */
static int read_test_fields(struct parser *p, struct fy_node *m,
			    struct pace_test *t)
{
	int64_t code = 0;
	int rc = 0;

	rc = read_shown(p, lookup(m, "name"), 0, &t->name);
	if (!rc)
		rc = read_shown(p, lookup(m, "description"), PACE_SAN_KEEP_LINES,
				&t->description);
	if (!rc)
		rc = read_shown(p, lookup(m, "category"), 0, &t->category);
	if (!rc)
		rc = read_id_list(p, lookup(m, "tags"), "tag", &t->tags);
	if (!rc)
		rc = read_env(p, lookup(m, "env"), &t->env);
	if (!rc)
		rc = read_string(p, lookup(m, "cwd"), false, &t->cwd);
	if (!rc)
		rc = read_count(p, lookup(m, "expectedExitCode"), 0, 255, &code);
	t->expected_exit = (int)code;
	if (!rc)
		rc = read_duration(p, lookup(m, "timeout"), &t->timeout_s);
	if (!rc)
		rc = read_duration(p, lookup(m, "estimatedDuration"), &t->estimated_s);
	if (!rc)
		rc = read_string(p, lookup(m, "resources"), false, &t->resources);
	if (!rc)
		rc = read_count(p, lookup(m, "retries"), 0, 100, &t->retries);
	if (!rc)
		rc = read_count(p, lookup(m, "runs"), 1, INT64_MAX, &t->runs);
	if (!rc)
		rc = read_count(p, lookup(m, "warmup"), 0, INT64_MAX, &t->warmup);
	if (!rc)
		rc = read_stop_rule(p, m, t);
	if (!rc)
		rc = read_validation(p, lookup(m, "validation"), &t->validation);
	if (!rc)
		rc = read_id_list(p, lookup(m, "dependsOn"), "test id",
				  &t->depends_on);
	return rc;
}

/* targets: a list of target names as the program lists them (they hold
 * '/' and '=', so they are not ids); no duplicates. */
static int read_target_list(struct parser *p, struct fy_node_pair *pr,
			    struct pace_strvec *out)
{
	struct fy_node *v, *item;
	void *it = NULL;

	if (!pr || pace_yaml_is_null(v = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_sequence(v))
		return wrong_type(p, pr, "a list of target names");
	while ((item = fy_node_sequence_iterate(v, &it))) {
		const char *s = pace_yaml_text(item);

		if (!s || !*s || pace_yaml_is_null(item) || !fy_node_is_scalar(item))
			return ERR(p, item, v, "target in 'targets'%s must be a "
				   "non-empty string, got %s", p->ctx,
				   pace_yaml_kind(item));
		if (pace_strvec_contains(out, s))
			return ERR(p, item, v, "target '%s' is listed twice in "
				   "'targets'%s", s, p->ctx);
		pace_strvec_push(out, s);
	}
	return 0;
}

static int read_filter(struct parser *p, struct fy_node_pair *pr, char **out)
{
	regex_t re;
	int rc = read_string(p, pr, true, out);

	if (rc || !pr)
		return rc;
	rc = regcomp(&re, *out, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		char why[256];
		regerror(rc, &re, why, sizeof(why));
		return ERR(p, fy_node_pair_value(pr), fy_node_pair_key(pr),
			   "invalid regular expression '%s' in 'filter'%s: %s "
			   "(expected a POSIX extended regex over target names)",
			   *out, p->ctx, why);
	}
	regfree(&re);
	return 0;
}

/* The body of a `type: binary` test (docs/suite-format.md). */
static int read_binary_body(struct parser *p, struct fy_node *m,
			    struct pace_test *t)
{
	struct pace_strbuf where = PACE_STRBUF_INIT;
	struct fy_node_pair *prog = lookup(m, "program");
	int rc;

	pace_strbuf_addf(&where, " in test '%s' (type binary)", t->id);
	rc = check_keys(p, m, pace_strbuf_str(&where), binary_keys,
			PACE_ARRAY_SIZE(binary_keys));
	pace_strbuf_release(&where);
	if (!rc && !prog)
		rc = ERR(p, m, NULL, "missing 'program'%s (expected the path of a "
			 "program built with libpace-bench)", p->ctx);
	if (!rc)
		rc = read_string(p, prog, true, &t->binary);
	if (!rc && !*t->binary)
		rc = ERR(p, fy_node_pair_value(prog), m, "empty 'program'%s "
			 "(expected the path of a program built with "
			 "libpace-bench)", p->ctx);
	if (!rc)
		rc = read_filter(p, lookup(m, "filter"), &t->binary_filter);
	if (!rc)
		rc = read_target_list(p, lookup(m, "targets"), &t->binary_targets);
	if (!rc)
		rc = read_test_fields(p, m, t);
	if (!rc && !t->name)
		t->name = pace_xstrdup(t->id);
	return rc;
}

/* `type:` is "command" (the default) or "binary". */
static int read_type(struct parser *p, struct fy_node *m, bool *binary)
{
	struct fy_node_pair *pr = lookup(m, "type");
	char *type = NULL;
	int rc = read_string(p, pr, false, &type);

	*binary = false;
	if (!rc && type && !strcmp(type, "binary"))
		*binary = true;
	else if (!rc && type && strcmp(type, "command"))
		rc = ERR(p, fy_node_pair_value(pr), fy_node_pair_key(pr),
			 "unknown test type '%s'%s (expected command or binary)",
			 type, p->ctx);
	free(type);
	return rc;
}

/* parameters: {NAME: [values...], ...}: scalars, one test per
 * combination (params.c). */
static int read_params(struct parser *p, struct fy_node_pair *pr,
		       struct pace_param_axis **out, size_t *n)
{
	struct fy_node *map, *item;
	struct fy_node_pair *kv;
	void *it = NULL;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping of parameter names to lists "
				  "of values");
	while ((kv = fy_node_mapping_iterate(map, &it))) {
		const char *name = pace_yaml_text(fy_node_pair_key(kv));
		struct fy_node *vals = fy_node_pair_value(kv);
		struct pace_param_axis *a;
		void *vit = NULL;

		if (!fy_node_is_sequence(vals) || !fy_node_sequence_item_count(vals))
			return ERR(p, vals, fy_node_pair_key(kv), "parameter '%s'%s "
				   "must be a non-empty list of values, got %s", name,
				   p->ctx, pace_yaml_kind(vals));
		*out = pace_xrealloc(*out, (*n + 1) * sizeof(**out));
		a = &(*out)[(*n)++];
		memset(a, 0, sizeof(*a));
		a->name = pace_xstrdup(name);
		while ((item = fy_node_sequence_iterate(vals, &vit))) {
			if (!fy_node_is_scalar(item) || pace_yaml_is_null(item))
				return ERR(p, item, vals, "a value of parameter '%s'%s "
					   "must be a number or a string, got %s", name,
					   p->ctx, pace_yaml_kind(item));
			pace_strvec_push(&a->values, pace_yaml_text(item));
		}
	}
	return 0;
}

/* Every parameter of the test is used by one of its commands or hooks:
 * one that is not would only repeat the test. */
static int check_params_used(struct parser *p, struct fy_node *m,
			     const struct pace_test *t,
			     const struct pace_param_axis *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!pace_suite_test_uses_param(t, a[i].name))
			return ERR(p, fy_node_pair_value(lookup(m, "parameters")), m,
				   "parameter '%s'%s is used by no command or hook "
				   "(expected {%s} in one)", a[i].name, p->ctx,
				   a[i].name);
	return 0;
}

static int read_test_body(struct parser *p, struct fy_node *m,
			  struct pace_test *t)
{
	struct pace_strbuf where = PACE_STRBUF_INIT;
	bool shell = p->shell_default, binary;
	int rc = read_type(p, m, &binary);

	if (rc || binary)
		return rc ? rc : read_binary_body(p, m, t);
	pace_strbuf_addf(&where, " in test '%s'", t->id);
	rc = check_keys(p, m, pace_strbuf_str(&where), test_keys,
			PACE_ARRAY_SIZE(test_keys));
	pace_strbuf_release(&where);
	if (!rc)
		rc = read_bool(p, lookup(m, "shell"), &shell);
	if (!rc)
		rc = read_test_fields(p, m, t);
	if (!rc)
		rc = read_commands(p, m, t, shell);
	if (!rc)
		rc = read_hooks(p, m, "setup", t, &t->setup, &t->nsetup);
	if (!rc)
		rc = read_hooks(p, m, "teardown", t, &t->teardown, &t->nteardown);
	if (!rc)
		rc = read_hooks(p, m, "prepare", t, &t->prepare, &t->nprepare);
	if (!rc)
		rc = read_hooks(p, m, "conclude", t, &t->conclude, &t->nconclude);
	if (!rc)
		rc = read_test_fixture(p, m, t);
	if (!rc)
		rc = read_test_environment(p, m, t);
	if (!rc)
		rc = read_test_executor(p, m, t);
	if (!rc && !t->name)
		t->name = pace_xstrdup(t->id);
	if (!rc) {
		size_t i = (size_t)(t - p->s->tests);
		rc = read_params(p, lookup(m, "parameters"), &p->taxes[i],
				 &p->ntaxes[i]);
		if (!rc)
			rc = check_params_used(p, m, t, p->taxes[i], p->ntaxes[i]);
	}
	return rc;
}

/* The id: present, well-formed, not used by an earlier test. */
static int read_test_id(struct parser *p, struct fy_node *m, size_t index,
			struct pace_test *t)
{
	struct fy_node_pair *pr = lookup(m, "id");
	int rc, line, col;

	if (!pr)
		return ERR(p, m, NULL, "test #%zu has no 'id' (expected a unique "
			   "id made of letters, digits, '.', '_' or '-')", index + 1);
	rc = read_ident(p, pr, "test id", &t->id);
	if (rc)
		return rc;
	for (size_t i = 0; i < index; i++) {
		if (strcmp(p->s->tests[i].id, t->id))
			continue;
		pace_yaml_pos(&p->y, p->id_nodes[i], &line, &col);
		return ERR(p, fy_node_pair_value(pr), m, "duplicate test id '%s' "
			   "(first defined at %s:%d:%d; expected ids unique in the "
			   "suite)", t->id, p->y.path, line, col);
	}
	p->id_nodes[index] = fy_node_pair_value(pr);
	return 0;
}

static int read_test(struct parser *p, struct fy_node *m, size_t index,
		     struct pace_test *t)
{
	struct fy_node_pair *deps;
	char *ctx;
	int rc, col;

	pace_test_init(t);
	if (!fy_node_is_mapping(m))
		return ERR(p, m, NULL, "test #%zu must be a mapping with 'id' and "
			   "'command', got %s", index + 1, pace_yaml_kind(m));
	pace_yaml_pos(&p->y, m, &t->line, &col);
	t->suite = pace_xstrdup(p->s->id);
	rc = read_test_id(p, m, index, t);
	if (rc)
		return rc;
	ctx = pace_xasprintf(" in test '%s'", t->id);
	p->ctx = ctx;
	rc = read_test_body(p, m, t);
	p->ctx = "";
	free(ctx);
	deps = lookup(m, "dependsOn");
	p->dep_nodes[index] = deps ? fy_node_pair_value(deps) : NULL;
	return rc;
}

/* ---- the suite as a whole: dependsOn ----------------------------------------- */

static long test_index(const struct pace_suite *s, const char *id)
{
	for (size_t i = 0; i < s->ntests; i++)
		if (!strcmp(s->tests[i].id, id))
			return (long)i;
	return -1;
}

static struct fy_node *dep_node(struct parser *p, size_t t, size_t j)
{
	return fy_node_sequence_get_by_index(p->dep_nodes[t], (int)j);
}

/* Each dependsOn entry names another test of this suite. */
static int check_dep_targets(struct parser *p)
{
	const struct pace_suite *s = p->s;

	for (size_t i = 0; i < s->ntests; i++) {
		const struct pace_test *t = &s->tests[i];
		for (size_t j = 0; j < t->depends_on.n; j++) {
			const char *d = t->depends_on.v[j];
			if (!strcmp(d, t->id))
				return ERR(p, dep_node(p, i, j), NULL, "test '%s' "
					   "depends on itself (expected the ids of "
					   "other tests in 'dependsOn')", t->id);
			if (test_index(s, d) < 0)
				return ERR(p, dep_node(p, i, j), NULL, "test '%s' "
					   "depends on unknown test '%s' (expected "
					   "the id of a test in suite '%s')", t->id,
					   d, s->id);
			if (s->tests[test_index(s, d)].binary)
				return ERR(p, dep_node(p, i, j), NULL, "test '%s' "
					   "depends on '%s', a test of type binary "
					   "(expected a command test: a binary test "
					   "becomes one test per target)", t->id, d);
		}
	}
	return 0;
}

enum { WHITE = 0, GREY, BLACK };

/* Depth-first search; on a back edge, reports the cycle from the stack. */
static int visit(struct parser *p, size_t i, char *color, size_t *stack,
		 size_t depth)
{
	const struct pace_test *t = &p->s->tests[i];

	color[i] = GREY;
	stack[depth] = i;
	for (size_t j = 0; j < t->depends_on.n; j++) {
		size_t d = (size_t)test_index(p->s, t->depends_on.v[j]);
		int rc;
		if (color[d] == GREY) {
			struct pace_strbuf path = PACE_STRBUF_INIT;
			size_t k = depth;
			while (stack[k] != d)
				k--;
			for (; k <= depth; k++)
				pace_strbuf_addf(&path, "%s -> ",
						 p->s->tests[stack[k]].id);
			pace_strbuf_adds(&path, p->s->tests[d].id);
			rc = ERR(p, dep_node(p, i, j), NULL, "dependsOn cycle: %s "
				 "(expected dependencies without cycles)",
				 pace_strbuf_str(&path));
			pace_strbuf_release(&path);
			return rc;
		}
		if (color[d] == WHITE && (rc = visit(p, d, color, stack, depth + 1)))
			return rc;
	}
	color[i] = BLACK;
	return 0;
}

static int check_deps(struct parser *p)
{
	size_t n = p->s->ntests;
	char *color;
	size_t *stack;
	int rc = check_dep_targets(p);

	if (rc)
		return rc;
	color = pace_xcalloc(n, 1);
	stack = pace_xcalloc(n, sizeof(*stack));
	for (size_t i = 0; i < n && !rc; i++)
		if (color[i] == WHITE)
			rc = visit(p, i, color, stack, 0);
	free(color);
	free(stack);
	return rc;
}

/* ---- the top level ----------------------------------------------------------- */

static int read_tests(struct parser *p, struct fy_node *root)
{
	struct fy_node_pair *pr = lookup(root, "tests");
	struct fy_node *seq, *item;
	void *it = NULL;
	size_t n;
	int rc = 0;

	if (!pr)
		return ERR(p, root, NULL, "missing 'tests' (expected a list of "
			   "tests, each with 'id' and 'command')");
	seq = fy_node_pair_value(pr);
	if (!pace_yaml_is_null(seq) && !fy_node_is_sequence(seq))
		return wrong_type(p, pr, "a list of tests");
	n = pace_yaml_is_null(seq) ? 0 : (size_t)fy_node_sequence_item_count(seq);
	if (!n)
		return ERR(p, seq, fy_node_pair_key(pr), "'tests' is empty "
			   "(expected at least one test)");
	p->s->tests = pace_xcalloc(n, sizeof(*p->s->tests));
	p->id_nodes = pace_xcalloc(n, sizeof(*p->id_nodes));
	p->dep_nodes = pace_xcalloc(n, sizeof(*p->dep_nodes));
	p->taxes = pace_xcalloc(n, sizeof(*p->taxes));
	p->ntaxes = pace_xcalloc(n, sizeof(*p->ntaxes));
	p->ntaxes_n = n;
	while (!rc && (item = fy_node_sequence_iterate(seq, &it))) {
		rc = read_test(p, item, p->s->ntests,
			       &p->s->tests[p->s->ntests]);
		p->s->ntests++; /* counted even when half-read: release frees it */
	}
	return rc ? rc : check_deps(p);
}

/* After dependsOn is checked (against the ids as written): each test's
 * own parameters, then the suite's over every test that uses them. */
static int expand_params(struct parser *p, size_t nread)
{
	bool *used = pace_xcalloc(p->nsaxes + 1, sizeof(*used));
	int rc = 0;

	for (size_t i = nread; i-- > 0 && !rc;) {
		const struct pace_param_axis **a = pace_xcalloc(p->ntaxes[i] + 1,
								sizeof(*a));
		for (size_t k = 0; k < p->ntaxes[i]; k++)
			a[k] = &p->taxes[i][k];
		rc = pace_suite_expand_test(p->s, i, a, p->ntaxes[i], p->err);
		free(a);
	}
	if (!rc)
		rc = pace_suite_expand_params(p->s, p->saxes, p->nsaxes, used, p->err);
	for (size_t k = 0; k < p->nsaxes && !rc; k++)
		if (!used[k])
			rc = ERR(p, p->saxes_node, NULL, "parameter '%s' is used by "
				 "no test (expected {%s} in a command or hook)",
				 p->saxes[k].name, p->saxes[k].name);
	free(used);
	return rc;
}

static void release_params(struct parser *p)
{
	for (size_t i = 0; i < p->ntaxes_n; i++) {
		for (size_t k = 0; k < p->ntaxes[i]; k++)
			pace_param_axis_release(&p->taxes[i][k]);
		free(p->taxes[i]);
	}
	free(p->taxes);
	free(p->ntaxes);
	for (size_t k = 0; k < p->nsaxes; k++)
		pace_param_axis_release(&p->saxes[k]);
	free(p->saxes);
}

static int read_requires(struct parser *p, struct fy_node_pair *pr);

static const char *const limits_keys[] = {"memory", "cpus", "pids",
					  "memoryReservation"};

/* executor: local | sandbox | docker */
static int read_executor(struct parser *p, struct fy_node_pair *pr,
			 enum pace_executor *out)
{
	struct fy_node *v;
	int e;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (pace_yaml_is_plain(v) && (e = pace_executor_parse(pace_yaml_text(v))) >= 0) {
		*out = (enum pace_executor)e;
		return 0;
	}
	return wrong_type(p, pr, "one of: local, sandbox, docker");
}

/* workdir: disk | tmpfs (where the fixture copies are made) */
static int read_workdir(struct parser *p, struct fy_node_pair *pr,
			enum pace_workdir *out)
{
	struct fy_node *v;
	int w;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	if (pace_yaml_is_plain(v) && (w = pace_workdir_parse(pace_yaml_text(v))) >= 0) {
		*out = (enum pace_workdir)w;
		return 0;
	}
	return wrong_type(p, pr, "one of: disk, tmpfs");
}

static int read_cpus(struct parser *p, struct fy_node_pair *pr, double *out)
{
	struct fy_node *v;
	const char *text;
	char *end;
	double d;

	if (!pr)
		return 0;
	v = fy_node_pair_value(pr);
	text = pace_yaml_is_plain(v) ? pace_yaml_text(v) : NULL;
	d = text ? strtod(text, &end) : 0;
	if (text && end != text && !*end && d > 0 && d <= 4096) {
		*out = d;
		return 0;
	}
	return wrong_type(p, pr, "a number of CPUs greater than 0 (1, 1.5, 0.25)");
}

/* limits: {memory: SIZE, cpus: NUMBER, pids: COUNT}, each optional;
 * enforced by the sandbox executor (docs/measurement.md). */
static int read_limits(struct parser *p, struct fy_node_pair *pr,
		       struct pace_limits *lim)
{
	struct pace_strbuf where = PACE_STRBUF_INIT;
	struct fy_node *map;
	int rc;

	if (!pr)
		return 0;
	map = fy_node_pair_value(pr);
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping with memory, cpus and/or pids");
	pace_strbuf_addf(&where, " in 'limits'%s", p->ctx);
	rc = check_keys(p, map, pace_strbuf_str(&where), limits_keys,
			PACE_ARRAY_SIZE(limits_keys));
	pace_strbuf_release(&where);
	if (!rc)
		rc = read_size(p, lookup(map, "memory"), &lim->memory);
	if (!rc)
		rc = read_cpus(p, lookup(map, "cpus"), &lim->cpus);
	if (!rc)
		rc = read_count(p, lookup(map, "pids"), 1, INT64_MAX, &lim->pids);
	if (!rc)
		rc = read_size(p, lookup(map, "memoryReservation"),
			       &lim->memory_reservation);
	return rc;
}

static int read_suite(struct parser *p)
{
	struct fy_node *root = p->y.root;
	struct pace_suite *s = p->s;
	struct fy_node_pair *pr;
	int rc;

	if (pace_yaml_is_null(root))
		return ERR(p, NULL, NULL, "empty suite file (expected a mapping "
			   "with 'suite' and 'tests')");
	if (!fy_node_is_mapping(root))
		return ERR(p, root, NULL, "a suite file must be a mapping with "
			   "'suite' and 'tests', got %s", pace_yaml_kind(root));
	rc = check_keys(p, root, "", top_keys, PACE_ARRAY_SIZE(top_keys));
	if (rc)
		return rc;
	pr = lookup(root, "suite");
	if (!pr)
		return ERR(p, root, NULL, "missing 'suite' (expected the suite's "
			   "id, e.g. 'suite: my-suite')");
	rc = read_ident(p, pr, "suite id", &s->id);
	if (!rc)
		rc = read_shown(p, lookup(root, "name"), 0, &s->name);
	if (!rc)
		rc = read_shown(p, lookup(root, "description"),
				PACE_SAN_KEEP_LINES, &s->description);
	if (!rc)
		rc = read_id_list(p, lookup(root, "variants"), "variant name",
				  &s->variants);
	if (!rc)
		rc = read_fixture(p, lookup(root, "fixture"), &s->fixture);
	if (!rc)
		rc = read_environment(p, lookup(root, "environment"),
				      &s->environment);
	if (!rc)
		rc = read_requires(p, lookup(root, "requires"));
	if (!rc)
		rc = read_executor(p, lookup(root, "executor"), &s->executor);
	if (!rc)
		rc = read_workdir(p, lookup(root, "workdir"), &s->workdir);
	if (!rc)
		rc = read_limits(p, lookup(root, "limits"), &p->limits);
	if (!rc)
		rc = read_params(p, lookup(root, "parameters"), &p->saxes, &p->nsaxes);
	if (!rc && lookup(root, "parameters"))
		p->saxes_node = fy_node_pair_value(lookup(root, "parameters"));
	if (!rc)
		rc = read_tests(p, root);
	if (!rc)
		rc = expand_params(p, s->ntests);
	if (!rc && !s->name)
		s->name = pace_xstrdup(s->id);
	return rc;
}

int pace_suite_parse(struct pace_suite *out, const char *path,
		     const char *text, size_t len, bool shell_default,
		     struct pace_error *err)
{
	struct parser p;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(out, 0, sizeof(*out));
	p.err = err;
	p.shell_default = shell_default;
	p.s = out;
	p.ctx = "";
	p.limits = (struct pace_limits){-1, -1, -1, -1};
	out->path = pace_xstrdup(path);
	rc = pace_yaml_parse(&p.y, out->path, text, len, err);
	if (!rc)
		rc = read_suite(&p);
	release_params(&p);
	pace_yaml_release(&p.y);
	free(p.id_nodes);
	free(p.dep_nodes);
	if (rc)
		pace_suite_release(out);
	return rc;
}

int pace_suite_load_file(struct pace_suite *out, const char *path,
			 bool shell_default, struct pace_error *err)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	int rc = pace_read_input(path, &text, err);

	if (rc) {
		/* A suite named on the command line that cannot be read is
		 * the user's to fix: exit 2, not 3. */
		memset(out, 0, sizeof(*out));
		err->code = PACE_EUSAGE;
		pace_strbuf_release(&text);
		return PACE_EUSAGE;
	}
	rc = pace_suite_parse(out, path, text.buf, text.len, shell_default, err);
	pace_strbuf_release(&text);
	return rc;
}

/* ---- releasing --------------------------------------------------------------- */

/* ---- ad-hoc commands ------------------------------------------------------- */

/* FNV-1a, 64 bits: a stable id for the same commands across runs, so that
 * history can line ad-hoc runs up. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *b = data;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static char *adhoc_variant_name(const struct pace_test *t, const char *want)
{
	char *name = pace_xstrdup(want);
	for (unsigned k = 2; ; k++) {
		bool taken = false;
		for (size_t v = 0; v < t->nvariants && !taken; v++)
			taken = !strcmp(t->variants[v].name, name);
		if (!taken)
			return name;
		free(name);
		name = pace_xasprintf("%s (%u)", want, k);
	}
}

static int adhoc_test(struct pace_test *t, char *const *commands, size_t n,
		      const struct pace_strvec *names, bool shell,
		      struct pace_error *err)
{
	struct pace_strbuf title = PACE_STRBUF_INIT;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	char hex[17];

	for (size_t i = 0; i < n; i++) {
		struct pace_cmd cmd;
		char *vname, *shown;
		int rc = pace_cmd_from_text(&cmd, commands[i], shell, err);
		if (rc) {
			pace_strbuf_release(&title);
			return rc;
		}
		/* shown as cmd.text (redacted, escaped); the id hashes what
		 * runs, as before */
		shown = names && i < names->n ?
			pace_sanitize_term_dup(names->v[i], 0) : pace_xstrdup(cmd.text);
		pace_strbuf_addf(&title, "%s%s", i ? " vs " : "", cmd.text);
		vname = adhoc_variant_name(t, shown);
		free(shown);
		add_variant(t, vname, &cmd);
		t->variants[t->nvariants - 1].named = names && i < names->n;
		free(vname);
		h = fnv1a(h, commands[i], strlen(commands[i]) + 1);
	}
	/* `sh -c TEXT` and TEXT split into argv are different commands with
	 * different times: their histories must not mix.  Only the shell's
	 * ids change, so stored histories of argv commands keep theirs. */
	if (shell)
		h = fnv1a(h, "\0shell", 7);
	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	t->id = pace_xasprintf("adhoc-%.8s", hex);
	t->name = pace_strbuf_detach(&title);
	t->suite = pace_xstrdup("adhoc");
	return 0;
}

int pace_suite_from_commands(struct pace_suite *out, char *const *commands,
			     size_t ncommands, const struct pace_strvec *names,
			     bool shell, struct pace_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ncommands)
		return pace_error_set(err, PACE_EUSAGE, "no command to run");
	if (names && names->n > ncommands)
		return pace_error_set(err, PACE_EUSAGE, "%zu command names for %zu "
				      "commands (expected at most one name per "
				      "command)", names->n, ncommands);
	out->id = pace_xstrdup("adhoc");
	out->name = pace_xstrdup("ad-hoc commands");
	out->path = pace_xstrdup("<command line>");
	out->tests = pace_xcalloc(1, sizeof(*out->tests));
	out->ntests = 1;
	pace_test_init(&out->tests[0]);
	rc = adhoc_test(&out->tests[0], commands, ncommands, names, shell, err);
	if (rc)
		pace_suite_release(out);
	return rc;
}

/* ---- fixtures, requirements and per-variant hooks ------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? pace_xstrdup(s) : NULL;
}

void pace_suite_fixture_copy(struct pace_fixture_use *dst,
			     const struct pace_fixture_use *src)
{
	dst->set = src->set;
	dst->size = dup_or_null(src->size);
	dst->spec = dup_or_null(src->spec);
	dst->custom = dup_or_null(src->custom);
	dst->path = dup_or_null(src->path);
	dst->seed = src->seed;
}

/* A path in a suite file is relative to the file's directory, so that a
 * suite and the repository or spec beside it move together. */
static char *suite_relative(const struct parser *p, const char *path)
{
	const char *slash = strrchr(p->y.path, '/');

	if (path[0] == '/' || !slash || p->y.path[0] == '<')
		return pace_xstrdup(path);
	return pace_xasprintf("%.*s/%s", (int)(slash - p->y.path), p->y.path, path);
}

static int read_fixture_fields(struct parser *p, struct fy_node *map,
			       struct pace_fixture_use *f)
{
	struct fy_node_pair *seed = lookup(map, "seed");
	char *spec = NULL, *custom = NULL;
	int64_t n = 1;
	int rc = read_string(p, lookup(map, "size"), true, &f->size);

	if (!rc)
		rc = read_string(p, lookup(map, "spec"), true, &spec);
	if (!rc)
		rc = read_string(p, lookup(map, "custom"), true, &custom);
	if (!rc)
		rc = read_count(p, seed, 0, INT64_MAX, &n);
	f->seed = (uint64_t)n;
	if (spec)
		f->spec = suite_relative(p, spec);
	if (custom)
		f->custom = suite_relative(p, custom);
	free(spec);
	free(custom);
	if (!rc && f->size && strcmp(f->size, "small") &&
	    strcmp(f->size, "medium") && strcmp(f->size, "large"))
		rc = wrong_type(p, lookup(map, "size"), "small, medium or large");
	if (!rc && (!!f->size + !!f->spec + !!f->custom) > 1)
		rc = ERR(p, map, NULL, "'fixture'%s names more than one of size, "
			 "spec and custom (expected one of them)", p->ctx);
	if (!rc && !f->spec && !f->custom && !f->size)
		f->size = pace_xstrdup("small");
	return rc;
}

/* fixture: {size: small|medium|large, seed: N} | {spec: FILE, seed: N} |
 * {custom: REPO}. */
static int read_fixture(struct parser *p, struct fy_node_pair *pr,
			struct pace_fixture_use *f)
{
	struct fy_node *map;
	struct pace_strbuf where = PACE_STRBUF_INIT;
	int rc;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping (size, spec, seed, custom)");
	pace_strbuf_addf(&where, " in 'fixture'%s", p->ctx);
	rc = check_keys(p, map, pace_strbuf_str(&where), fixture_keys,
			PACE_ARRAY_SIZE(fixture_keys));
	pace_strbuf_release(&where);
	pace_fixture_use_release(f);
	f->set = true;
	return rc ? rc : read_fixture_fields(p, map, f);
}

/* ---- environments (src/env/, docs/environments.md) ------------------------- */

/* Debian's rule for package names: lowercase letters, digits, '+', '-'
 * and '.', at least two, starting with a letter or digit. */
static bool is_package_name(const char *s)
{
	if (!s || strlen(s) < 2 || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", *s))
		return false;
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789+-.")] == '\0';
}

static int read_packages(struct parser *p, struct fy_node_pair *pr,
			 struct pace_strvec *out)
{
	struct fy_node *v, *item;
	void *it = NULL;

	if (!pr || pace_yaml_is_null(v = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_sequence(v))
		return wrong_type(p, pr, "a list of Debian package names");
	while ((item = fy_node_sequence_iterate(v, &it))) {
		const char *s = fy_node_is_scalar(item) ? pace_yaml_text(item) : NULL;
		if (!is_package_name(s))
			return ERR(p, item, v, "invalid package name '%s' in "
				   "'environment'%s (expected a Debian package: "
				   "lowercase letters, digits, '+', '-', '.')",
				   s ? s : pace_yaml_kind(item), p->ctx);
		if (!pace_strvec_contains(out, s))
			pace_strvec_push(out, s);
	}
	return 0;
}

/* docker: {baseImages: {VARIANT: IMAGE}} -> "VARIANT=IMAGE". */
static int read_docker(struct parser *p, struct fy_node_pair *pr,
		       struct pace_env_def *e)
{
	static const char *const keys[] = {"baseImages"};
	struct fy_node *map, *imgs;
	struct fy_node_pair *b, *it_pr;
	void *it = NULL;
	int rc;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping with baseImages");
	rc = check_keys(p, map, " in 'environment.docker'", keys, PACE_ARRAY_SIZE(keys));
	b = rc ? NULL : lookup(map, "baseImages");
	if (!b)
		return rc;
	imgs = fy_node_pair_value(b);
	if (!fy_node_is_mapping(imgs))
		return wrong_type(p, b, "a mapping of variant names to docker images");
	while ((it_pr = fy_node_mapping_iterate(imgs, &it))) {
		struct fy_node *k = fy_node_pair_key(it_pr), *v = fy_node_pair_value(it_pr);
		const char *name = pace_yaml_text(k);
		rc = check_ident(p, k, imgs, "variant name", name ? name : "");
		if (!rc && (!fy_node_is_scalar(v) || pace_yaml_is_null(v) ||
			    !*pace_yaml_text(v)))
			rc = wrong_type(p, it_pr, "a docker image name (debian:sid, "
					"pace-env:HASH, sha256:...)");
		if (rc)
			return rc;
		pace_strvec_pushf(&e->docker_images, "%s=%s", name, pace_yaml_text(v));
	}
	return 0;
}

static int read_environment_fields(struct parser *p, struct fy_node *map,
				   struct pace_env_def *e)
{
	struct fy_node_pair *dist = lookup(map, "distribution");
	struct fy_node_pair *fb = lookup(map, "fallback");
	char *fallback = NULL;
	int rc = 0;

	rc = read_docker(p, lookup(map, "docker"), e);
	if (!rc && !dist && !e->docker_images.n)
		return ERR(p, map, NULL, "'environment'%s has no 'distribution' "
			   "(expected a Debian suite, e.g. 'distribution: sid')",
			   p->ctx);
	if (!rc && dist)
		rc = read_ident(p, dist, "distribution", &e->distribution);
	if (!rc)
		rc = read_packages(p, lookup(map, "packages"), &e->packages);
	if (!rc)
		rc = read_string(p, lookup(map, "mirror"), true, &e->mirror);
	if (!rc && e->mirror && !strstr(e->mirror, "://"))
		rc = wrong_type(p, lookup(map, "mirror"), "a URL (http://, "
				"https:// or file://)");
	if (!rc)
		rc = read_string(p, fb, true, &fallback);
	if (!rc && fallback && strcmp(fallback, "local") && strcmp(fallback, "none"))
		rc = wrong_type(p, fb, "'local' (run on the host when the "
				"environment cannot be built) or 'none'");
	e->fallback_local = fallback && !strcmp(fallback, "local");
	free(fallback);
	return rc;
}

/* environment: {distribution: sid, packages: [git, jujutsu], mirror: URL,
 * fallback: local|none}. */
static int read_environment(struct parser *p, struct fy_node_pair *pr,
			    struct pace_env_def *e)
{
	struct fy_node *map;
	struct pace_strbuf where = PACE_STRBUF_INIT;
	int rc;

	pace_env_def_release(e);
	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0; /* null: none (a test opting out of the suite's) */
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping (distribution, packages, "
				  "mirror, fallback)");
	pace_strbuf_addf(&where, " in 'environment'%s", p->ctx);
	rc = check_keys(p, map, pace_strbuf_str(&where), environment_keys,
			PACE_ARRAY_SIZE(environment_keys));
	pace_strbuf_release(&where);
	e->set = true;
	return rc ? rc : read_environment_fields(p, map, e);
}

/* requires: {VARIANT: PROGRAM | [PROGRAM, ...]} -> "VARIANT=PROGRAM". */
static int read_requires(struct parser *p, struct fy_node_pair *pr)
{
	struct fy_node *map;
	struct fy_node_pair *e;
	void *it = NULL;

	if (!pr || pace_yaml_is_null(map = fy_node_pair_value(pr)))
		return 0;
	if (!fy_node_is_mapping(map))
		return wrong_type(p, pr, "a mapping of variant names to programs");
	while ((e = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(e), *v = fy_node_pair_value(e);
		const char *name = pace_yaml_text(k);
		struct pace_strvec progs = PACE_STRVEC_INIT;
		int rc = check_ident(p, k, map, "variant name", name ? name : "");

		if (!rc && fy_node_is_scalar(v) && !pace_yaml_is_null(v))
			pace_strvec_push(&progs, pace_yaml_text(v));
		else if (!rc)
			rc = read_id_list(p, e, "program", &progs);
		if (!rc && !progs.n)
			rc = ERR(p, v, k, "'requires' of variant '%s' names no "
				 "program (expected a program name or a list)", name);
		for (size_t i = 0; !rc && i < progs.n; i++)
			pace_strvec_pushf(&p->s->requires, "%s=%s", name, progs.v[i]);
		pace_strvec_release(&progs);
		if (rc)
			return rc;
	}
	return 0;
}

static struct pace_variant *find_variant(struct pace_test *t, const char *name)
{
	for (size_t i = 0; name && i < t->nvariants; i++)
		if (!strcmp(t->variants[i].name, name))
			return &t->variants[i];
	return NULL;
}

/* The hooks of `key` kind of variant `v`. */
static void variant_hooks(struct pace_variant *v, const char *key,
			  struct pace_cmd ***arr, size_t **n)
{
	if (!strcmp(key, "setup"))
		*arr = &v->setup, *n = &v->nsetup;
	else if (!strcmp(key, "teardown"))
		*arr = &v->teardown, *n = &v->nteardown;
	else if (!strcmp(key, "prepare"))
		*arr = &v->prepare, *n = &v->nprepare;
	else
		*arr = &v->conclude, *n = &v->nconclude;
}

/* prepare: {git: [...], jujutsu: "..."}: hooks of single variants. */
static int read_variant_hooks(struct parser *p, struct fy_node_pair *pr,
			      struct pace_test *t, const char *key)
{
	struct fy_node *map = fy_node_pair_value(pr);
	struct fy_node_pair *e;
	void *it = NULL;

	while ((e = fy_node_mapping_iterate(map, &it))) {
		struct fy_node *k = fy_node_pair_key(e);
		struct pace_variant *v = find_variant(t, pace_yaml_text(k));
		struct pace_cmd **arr;
		size_t *n;
		int rc;

		if (!v)
			return ERR(p, k, map, "'%s' names variant '%s'%s, which has "
				   "no command (expected a variant of the test)", key,
				   pace_yaml_text(k) ? pace_yaml_text(k) : "", p->ctx);
		variant_hooks(v, key, &arr, &n);
		rc = read_hook_list(p, e, arr, n);
		if (rc)
			return rc;
	}
	return 0;
}
