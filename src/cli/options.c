/*
 * options.c - the declared-options engine (options.h): parsing argv
 * against a command's table with GNU permutation, --help from the table,
 * "did you mean" by edit distance, and the options several commands share,
 * declared here once.
 *
 * Invariant: parsing never prints except to say why it failed (stderr) or
 * for --help (stdout); values stay pointers into argv.
 */
#include <assert.h>

#include "cli/cli.h"
#include "cli/options.h"

/* ---- the shared options ---------------------------------------------------- */

const struct pace_opt pace_opt_config[] = {
	{"config", 'c', "FILE", "use FILE instead of ./pace.yaml",
	 .id = PACE_OPT_ID_CONFIG, .complete = PACE_COMPLETE_FILE},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_store[] = {
	{"store", 0, "PATH", "the history database (default benchmarks/pace.db;\n"
	 "config output.store, PACE_STORE)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_STORE), .complete = PACE_COMPLETE_FILE},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_output[] = {
	{"output", 'o', "DIR", "where the result files are (default:\n"
	 "output.destination, benchmarks/output)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_OUTPUT_DIR), .complete = PACE_COMPLETE_DIR},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_color[] = {
	{"color", 0, "WHEN", "auto, always or never (NO_COLOR is respected)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_COLOR), .complete = PACE_COMPLETE_WORDS,
	 .choices = "auto always never"},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_quiet[] = {
	{"quiet", 'q', NULL, "only errors and the verdict: no per-test blocks,\n"
	 "no progress, no summary; one 'pace: N benchmarks\n"
	 "passed' line on success", .cfg = PACE_OPT_KEY(PACE_CFG_QUIET)},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_json[] = {
	{"json", 'j', NULL, "print JSON instead of tables", .id = 'j'},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_alpha[] = {
	{"alpha", 0, "A", "significance level of the tests (default 0.05)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_ALPHA)},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_threshold[] = {
	{"threshold", 0, "X", "smallest relative difference that is meaningful,\n"
	 "a fraction or a percentage (default 0.02 = 2%)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_THRESHOLD)},
	PACE_OPT_END,
};
const struct pace_opt pace_opt_bootstrap_seed[] = {
	{"bootstrap", 0, "N", "bootstrap resamples of the interval (default 2000)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_BOOTSTRAP)},
	{"seed", 0, "N", "bootstrap seed; same seed, same interval (default 1)",
	 .cfg = PACE_OPT_KEY(PACE_CFG_SEED)},
	PACE_OPT_END,
};
/* run and list: what `pace list` shows is what `pace run` measures. */
const struct pace_opt pace_opt_selection[] = {
	{"filter", 'f', "PATTERN", "tests whose id matches (substring or glob); repeatable",
	 .id = 'f'},
	{"tags", 0, "a,b", "tests with any of these tags", .id = 'T'},
	{"variants", 0, "a,b", "only these variants", .id = 'V'},
	{"no-deps", 0, NULL, "with --filter/--tags, leave out the tests the\n"
	 "selected ones dependsOn (brought along by default)", .id = 'D'},
	PACE_OPT_END,
};

/* ---- walking the tables ---------------------------------------------------- */

static bool is_end(const struct pace_opt *o)
{
	return !o->name && !o->help && !o->include;
}

void pace_opt_walk(const struct pace_opt *t,
		   void (*fn)(const struct pace_opt *o, void *data), void *data)
{
	for (; t && !is_end(t); t++) {
		if (t->include)
			pace_opt_walk(t->include, fn, data);
		else
			fn(t, data);
	}
}

struct lookup {
	const char *name; /* long: the text after "--" up to '=' */
	size_t len;
	char letter;      /* short: the letter */
	const struct pace_opt *exact, *prefix;
	size_t nprefix;
	struct pace_strbuf prefixes;
};

static void lookup_one(const struct pace_opt *o, void *data)
{
	struct lookup *l = data;

	if (!o->name)
		return;
	if (l->letter) {
		if (o->letter == l->letter)
			l->exact = o;
		return;
	}
	if (strlen(o->name) == l->len && !strncmp(o->name, l->name, l->len)) {
		l->exact = o;
	} else if (!strncmp(o->name, l->name, l->len)) {
		l->prefix = o;
		pace_strbuf_addf(&l->prefixes, "%s--%s", l->nprefix ? ", " : "", o->name);
		l->nprefix++;
	}
}

static void collect_name(const struct pace_opt *o, void *data)
{
	struct pace_strvec *sv = data;

	if (o->name)
		pace_strvec_pushf(sv, "--%s", o->name);
}

/* ---- parsing ---------------------------------------------------------------- */

struct parse {
	struct pace_opt_state *st;
	const struct pace_opt_cmd *cmd;
	int argc;
	char **argv;
	int i; /* the argument being read */
};

/* "pace: error: run: <problem> '<what>'<rest> (see 'pace run --help')" */
static int bad(const struct parse *p, const char *problem, const char *what,
	       const char *rest)
{
	fprintf(stderr, "pace: error: %s: %s '%s'%s (see 'pace %s --help')\n",
		p->cmd->name, problem, what, rest, p->cmd->name);
	return PACE_EXIT_USAGE;
}

/* An option with .more takes that many more words after its value. */
static int take_more(struct parse *p, const struct pace_opt *o, const char *arg,
		     const char *shown)
{
	struct pace_opt_state *st = p->st;

	memset(st->values, 0, sizeof(st->values));
	st->values[0] = arg;
	if (o->more <= 0)
		return 0;
	assert(o->more < (int)PACE_ARRAY_SIZE(st->values));
	if (p->i + o->more >= p->argc) {
		fprintf(stderr, "pace: error: %s: option '%s' needs %d values: %s "
			"(see 'pace %s --help')\n", p->cmd->name, shown, o->more + 1,
			o->arg, p->cmd->name);
		return PACE_EXIT_USAGE;
	}
	for (int k = 1; k <= o->more; k++)
		st->values[k] = p->argv[++p->i];
	return 0;
}

static int apply(struct parse *p, const struct pace_opt *o, const char *arg)
{
	struct pace_opt_state *st = p->st;
	char shown[80];
	int rc;

	snprintf(shown, sizeof(shown), "--%s", o->name);
	if ((rc = take_more(p, o, arg, shown)) != 0)
		return rc;

	if (o->cfg && st->flags)
		pace_cli_flags_add(st->flags, (enum pace_config_key)(o->cfg - 1),
				   arg ? arg : o->value ? o->value : "true", shown);
	if (o->id == PACE_OPT_ID_CONFIG && st->flags)
		st->flags->config_file = arg;
	else if (o->id > 0 && st->cb)
		return st->cb(st->data, o->id, arg);
	return 0;
}

static void unknown_long(const struct parse *p, const char *word, size_t len)
{
	struct pace_strvec names = PACE_STRVEC_INIT;
	char *w = pace_xstrndup(word, len);
	char *shown = pace_xasprintf("--%s", w);

	bad(p, "unknown option", shown, "");
	pace_opt_walk(p->cmd->opts, collect_name, &names);
	pace_strvec_push(&names, "--help");
	pace_opt_suggest(shown, (const char *const *)names.v, "");
	pace_strvec_release(&names);
	free(shown);
	free(w);
}

static int parse_long(struct parse *p)
{
	const char *word = p->argv[p->i] + 2, *eq = strchr(word, '=');
	struct lookup l = {.name = word, .len = eq ? (size_t)(eq - word) : strlen(word),
			   .prefixes = PACE_STRBUF_INIT};
	const struct pace_opt *o;
	int rc = 0;

	if (l.len == 4 && !strncmp(word, "help", 4) && !eq)
		return -1;
	pace_opt_walk(p->cmd->opts, lookup_one, &l);
	o = l.exact ? l.exact : l.nprefix == 1 ? l.prefix : NULL;
	if (!o && l.nprefix > 1) {
		char *w = pace_xstrndup(p->argv[p->i], l.len + 2);
		fprintf(stderr, "pace: error: %s: option '%s' is ambiguous (%s)\n",
			p->cmd->name, w, pace_strbuf_str(&l.prefixes));
		free(w);
		rc = PACE_EXIT_USAGE;
	} else if (!o) {
		unknown_long(p, word, l.len);
		rc = PACE_EXIT_USAGE;
	} else if (!o->arg && eq) {
		rc = bad(p, "option", p->argv[p->i], " takes no value");
	} else if (o->arg && !o->optional && !eq && p->i + 1 >= p->argc) {
		rc = bad(p, "option", p->argv[p->i], " needs a value");
	} else {
		const char *arg = !o->arg ? NULL : eq ? eq + 1 :
				  o->optional ? NULL : p->argv[++p->i];
		rc = apply(p, o, arg);
	}
	pace_strbuf_release(&l.prefixes);
	return rc;
}

/* -abc, -rN, -r N */
static int parse_short(struct parse *p)
{
	const char *s = p->argv[p->i] + 1;

	for (; *s; s++) {
		struct lookup l = {.letter = *s};
		char shown[3] = {'-', *s, '\0'};
		int rc;

		if (*s == 'h')
			return -1;
		pace_opt_walk(p->cmd->opts, lookup_one, &l);
		if (!l.exact)
			return bad(p, "unknown option", shown, "");
		if (!l.exact->arg) {
			if ((rc = apply(p, l.exact, NULL)) != 0)
				return rc;
			continue;
		}
		if (s[1])
			return apply(p, l.exact, s + 1);
		if (p->i + 1 >= p->argc)
			return bad(p, "option", shown, " needs a value");
		return apply(p, l.exact, p->argv[++p->i]);
	}
	return 0;
}

int pace_opt_parse(struct pace_opt_state *st, const struct pace_opt_cmd *cmd,
		   int argc, char **argv)
{
	struct parse p = {st, cmd, argc, argv, 1};
	char **ops = argv + 1; /* operands are moved down, in order */
	size_t n = 0;
	int rc = 0;

	st->dashdash = false;
	for (; p.i < argc && rc == 0; p.i++) {
		const char *a = argv[p.i];

		if (!strcmp(a, "--")) {
			st->dashdash = true;
			st->nbefore = n;
			for (p.i++; p.i < argc; p.i++)
				ops[n++] = argv[p.i];
			break;
		}
		if (a[0] == '-' && a[1] == '-')
			rc = parse_long(&p);
		else if (a[0] == '-' && a[1])
			rc = parse_short(&p);
		else
			ops[n++] = argv[p.i];
	}
	if (!st->dashdash)
		st->nbefore = n;
	st->args = ops;
	st->nargs = n;
	if (n < (size_t)argc - 1)
		ops[n] = NULL;
	if (rc < 0)
		pace_opt_usage(stdout, cmd);
	return rc;
}

/* ---- --help ----------------------------------------------------------------- */

#define HELP_COLUMN 26

static void usage_one(const struct pace_opt *o, void *data)
{
	FILE *f = data;
	struct pace_strbuf left = PACE_STRBUF_INIT;
	const char *h = o->help ? o->help : "";

	if (!o->name) {
		fprintf(f, "\n%s\n", h);
		return;
	}
	if (o->letter)
		pace_strbuf_addf(&left, "  -%c, --%s", o->letter, o->name);
	else
		pace_strbuf_addf(&left, "      --%s", o->name);
	if (o->arg && o->optional)
		pace_strbuf_addf(&left, "[=%s]", o->arg);
	else if (o->arg)
		pace_strbuf_addf(&left, " %s", o->arg);
	fputs(left.buf, f);
	if (left.len + 2 > HELP_COLUMN)
		fputs("  ", f);
	else
		fprintf(f, "%*s", (int)(HELP_COLUMN - left.len), "");
	for (; *h; h++) {
		fputc(*h, f);
		if (*h == '\n')
			fprintf(f, "%*s", HELP_COLUMN, "");
	}
	fputc('\n', f);
	pace_strbuf_release(&left);
}

void pace_opt_usage(FILE *f, const struct pace_opt_cmd *cmd)
{
	fputs(cmd->usage, f);
	if (cmd->opts && !is_end(cmd->opts) && cmd->opts->name)
		fputc('\n', f);
	pace_opt_walk(cmd->opts, usage_one, f);
	fprintf(f, "  -h, --help%*sthis help\n", HELP_COLUMN - 12, "");
	if (cmd->footer)
		fprintf(f, "\n%s", cmd->footer);
}

/* ---- did you mean ----------------------------------------------------------- */

/* Optimal string alignment distance: Levenshtein plus adjacent swaps. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *m = pace_xcalloc((la + 1) * (lb + 1), sizeof(*m));
#define M(x, y) m[(x) * (lb + 1) + (y)]

	for (i = 0; i <= la; i++)
		M(i, 0) = i;
	for (j = 0; j <= lb; j++)
		M(0, j) = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = M(i - 1, j) + 1;
			if (M(i, j - 1) + 1 < best)
				best = M(i, j - 1) + 1;
			if (M(i - 1, j - 1) + cost < best)
				best = M(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    M(i - 2, j - 2) + 1 < best)
				best = M(i - 2, j - 2) + 1;
			M(i, j) = best;
		}
	d = M(la, lb);
#undef M
	free(m);
	return d;
}

/* The smallest distance from word to a candidate when it is close enough
 * to be a likely typo, else (size_t)-1. */
static size_t closest(const char *word, const char *const *candidates)
{
	size_t best = (size_t)-1, len = strlen(word);
	/* git's rule of thumb: a typo changes few characters of a word. */
	size_t limit = len < 4 ? 1 : len < 8 ? 2 : 3;

	for (const char *const *c = candidates; *c; c++) {
		size_t d = distance(word, *c);
		if (d < best)
			best = d;
	}
	return best > limit ? (size_t)-1 : best;
}

bool pace_opt_is_near(const char *word, const char *const *candidates)
{
	return closest(word, candidates) != (size_t)-1;
}

size_t pace_opt_suggest(const char *word, const char *const *candidates,
			const char *prefix)
{
	size_t best = closest(word, candidates), n = 0;

	if (best == (size_t)-1)
		return 0;
	for (const char *const *c = candidates; *c; c++)
		if (distance(word, *c) == best) {
			fprintf(stderr, "pace: did you mean '%s%s'?\n", prefix, *c);
			n++;
		}
	return n;
}

/* ---- one meaning per short letter ------------------------------------------- */

struct letters {
	const struct pace_opt *by[128];
	const char *cmd[128];
	const char *current;
	int rc;
};

static void letter_one(const struct pace_opt *o, void *data)
{
	struct letters *l = data;
	unsigned char c = (unsigned char)o->letter;

	if (!o->name || !c || c >= 128)
		return;
	if (c == 'h' || (l->by[c] && strcmp(l->by[c]->name, o->name))) {
		fprintf(stderr, "pace: error: '-%c' is '--%s' in %s but '--%s' in %s\n",
			c, c == 'h' ? "help" : l->by[c]->name, c == 'h' ? "every command" : l->cmd[c],
			o->name, l->current);
		l->rc = -1;
	}
	if (!l->by[c]) {
		l->by[c] = o;
		l->cmd[c] = l->current;
	}
}

int pace_opt_check_letters(const struct pace_opt_cmd *const *cmds)
{
	struct letters l = {.rc = 0};

	for (; *cmds; cmds++) {
		l.current = (*cmds)->name;
		pace_opt_walk((*cmds)->opts, letter_one, &l);
	}
	return l.rc;
}
