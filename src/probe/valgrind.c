/*
 * valgrind.c - instruction counts and callgrind profiles (valgrind.h).
 *
 * Counting: cachegrind with --cache-sim=no only counts instructions (Ir),
 * the cheapest valgrind tool that gives a total; callgrind gives the same
 * total plus who called whom, which a profile needs.  Both write a
 * "summary: N" line per process; the command's count is their sum.
 *
 * A profile reads callgrind's format (valgrind's docs, "Callgrind Format
 * Specification"): "fn=" opens a function, cost lines ("POS COST") after
 * it are its self cost, "cfn=" + "calls=" announce a call whose cost
 * line that follows is the callee's inclusive cost for those calls.
 * Names may be compressed ("fn=(12) name" defines 12, "fn=(12)" uses
 * it), per file.  Functions are merged by name over all files (all the
 * processes of the tree); a function's calls to itself are left out of
 * the call graph.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe/valgrind.h"

void pace_valgrind_argv(struct pace_strvec *out, char *const *argv,
			const char *dir, bool profile)
{
	pace_strvec_push(out, "valgrind");
	pace_strvec_push(out, "--quiet");
	if (profile) {
		pace_strvec_push(out, "--tool=callgrind");
		pace_strvec_pushf(out, "--callgrind-out-file=%s/out.%%p", dir);
	} else {
		pace_strvec_push(out, "--tool=cachegrind");
		pace_strvec_push(out, "--cache-sim=no");
		pace_strvec_pushf(out, "--cachegrind-out-file=%s/out.%%p", dir);
	}
	pace_strvec_push(out, "--trace-children=yes");
	pace_strvec_pushf(out, "--log-file=%s/log.%%p", dir);
	pace_strvec_push(out, "--");
	for (size_t i = 0; argv[i]; i++)
		pace_strvec_push(out, argv[i]);
}

/* ---- the profile builder ------------------------------------------------ */

struct fnrec {
	char *name;
	int64_t self;
};

struct edge {
	size_t from, to;
	int64_t cost;
};

struct pace_profile_builder {
	struct fnrec *fns;
	size_t nfns, afns;
	size_t *slots; /* hash of fns by name: index + 1, 0 empty */
	size_t nslots;
	struct edge *edges;
	size_t nedges, aedges;
	int64_t total;
	/* per file: compressed id -> fns index + 1 */
	size_t *ids;
	size_t nids;
};

struct pace_profile_builder *pace_profile_builder_new(void)
{
	struct pace_profile_builder *b = pace_xcalloc(1, sizeof(*b));

	b->nslots = 1024;
	b->slots = pace_xcalloc(b->nslots, sizeof(*b->slots));
	return b;
}

void pace_profile_builder_free(struct pace_profile_builder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nfns; i++)
		free(b->fns[i].name);
	free(b->fns);
	free(b->slots);
	free(b->edges);
	free(b->ids);
	free(b);
}

static size_t *slot_of(struct pace_profile_builder *b, const char *name,
		       size_t len)
{
	size_t h = (size_t)pace_fnv1a(PACE_FNV1A_INIT, name, len);

	for (size_t i = h & (b->nslots - 1);; i = (i + 1) & (b->nslots - 1)) {
		size_t k = b->slots[i];
		if (!k || (strlen(b->fns[k - 1].name) == len &&
			   !memcmp(b->fns[k - 1].name, name, len)))
			return &b->slots[i];
	}
}

static void grow_slots(struct pace_profile_builder *b)
{
	size_t *old = b->slots, nold = b->nslots;

	b->nslots *= 2;
	b->slots = pace_xcalloc(b->nslots, sizeof(*b->slots));
	for (size_t i = 0; i < nold; i++)
		if (old[i]) {
			const char *n = b->fns[old[i] - 1].name;
			*slot_of(b, n, strlen(n)) = old[i];
		}
	free(old);
}

/* The index of the function `name` (len bytes), added when new. */
static size_t fn_index(struct pace_profile_builder *b, const char *name,
		       size_t len)
{
	size_t *slot;

	if (2 * (b->nfns + 1) > b->nslots)
		grow_slots(b);
	slot = slot_of(b, name, len);
	if (*slot)
		return *slot - 1;
	PACE_GROW(b->fns, b->afns, b->nfns + 1);
	b->fns[b->nfns] = (struct fnrec){.name = pace_xstrndup(name, len)};
	*slot = ++b->nfns;
	return b->nfns - 1;
}

/* "fn=(12) name", "fn=(12)" or "fn=name" (after the '='): the function. */
static size_t fn_ref(struct pace_profile_builder *b, const char *s, size_t len)
{
	size_t id = 0, k;
	const char *end = s + len;

	if (*s != '(')
		return fn_index(b, s, len);
	id = (size_t)strtoull(s + 1, NULL, 10);
	s = memchr(s, ')', len);
	s = s ? s + 1 : end;
	while (s < end && *s == ' ')
		s++;
	if (s < end) {
		k = fn_index(b, s, (size_t)(end - s));
		if (id >= b->nids) {
			size_t old = b->nids;
			PACE_GROW(b->ids, b->nids, id + 1);
			memset(b->ids + old, 0, (b->nids - old) * sizeof(*b->ids));
		}
		b->ids[id] = k + 1;
		return k;
	}
	if (id < b->nids && b->ids[id])
		return b->ids[id] - 1;
	return fn_index(b, "???", 3);
}

/* The cost of a cost line: the field after the position (positions:
 * line, events: Ir, as pace asks callgrind for). */
static int64_t line_cost(const char *s)
{
	const char *sp = strchr(s, ' ');

	return sp ? strtoll(sp + 1, NULL, 10) : 0;
}

static void add_edge(struct pace_profile_builder *b, size_t from, size_t to,
		     int64_t cost)
{
	for (size_t i = b->nedges; i-- > 0;)
		if (b->edges[i].from == from && b->edges[i].to == to) {
			b->edges[i].cost += cost;
			return;
		}
	PACE_GROW(b->edges, b->aedges, b->nedges + 1);
	b->edges[b->nedges++] = (struct edge){from, to, cost};
}

static bool is_cost_line(const char *s)
{
	return (*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == '*';
}

int pace_profile_builder_add(struct pace_profile_builder *b, const char *text)
{
	size_t cur = SIZE_MAX, callee = SIZE_MAX;
	bool call = false, summary = false;

	b->nids = 0; /* compressed ids are per file */
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if (!strncmp(s, "fn=", 3)) {
			cur = fn_ref(b, s + 3, len - 3);
		} else if (!strncmp(s, "cfn=", 4)) {
			callee = fn_ref(b, s + 4, len - 4);
		} else if (!strncmp(s, "calls=", 6)) {
			call = true;
		} else if (!strncmp(s, "summary:", 8)) {
			b->total += strtoll(s + 8, NULL, 10);
			summary = true;
		} else if (is_cost_line(s) && cur != SIZE_MAX) {
			int64_t c = line_cost(s);
			if (!call) {
				b->fns[cur].self += c;
			} else if (callee != SIZE_MAX && callee != cur) {
				add_edge(b, cur, callee, c);
			}
			call = false;
		}
		s += len + (nl != NULL);
	}
	return summary ? 0 : -1;
}

/* ---- hot functions and paths --------------------------------------------- */

static int by_self_desc(const void *a, const void *b)
{
	const struct pace_profile_fn *x = a, *y = b;

	return x->self < y->self ? 1 : x->self > y->self ? -1 : 0;
}

static int by_cost_desc(const void *a, const void *b)
{
	const struct pace_profile_path *x = a, *y = b;

	return x->cost < y->cost ? 1 : x->cost > y->cost ? -1 : 0;
}

/* The heaviest call into `to` from a function not yet on the path, or
 * NULL. */
static const struct edge *heaviest_caller(const struct pace_profile_builder *b,
					  size_t to, const bool *on_path)
{
	const struct edge *best = NULL;

	for (size_t i = 0; i < b->nedges; i++) {
		const struct edge *e = &b->edges[i];
		if (e->to == to && !on_path[e->from] &&
		    (!best || e->cost > best->cost))
			best = e;
	}
	return best;
}

/* The hot path that ends in hot function f: its callers, the heaviest
 * call each, while that call carries at least `hot` instructions. */
static void hot_path(struct pace_profile *p, const struct pace_profile_builder *b,
		     size_t f, int64_t hot, bool *on_path)
{
	size_t chain[64], n = 0;
	int64_t cost = INT64_MAX;
	struct pace_strbuf sb = PACE_STRBUF_INIT;
	const struct edge *e;

	memset(on_path, 0, b->nfns * sizeof(*on_path));
	chain[n++] = f;
	on_path[f] = true;
	while (n < PACE_ARRAY_SIZE(chain) &&
	       (e = heaviest_caller(b, chain[n - 1], on_path)) && e->cost >= hot) {
		chain[n++] = e->from;
		on_path[e->from] = true;
		if (e->cost < cost)
			cost = e->cost;
	}
	if (n < 2)
		return; /* a function alone is no path */
	for (size_t i = n; i-- > 0;)
		pace_strbuf_addf(&sb, "%s%s", b->fns[chain[i]].name, i ? " > " : "");
	p->paths = pace_xrealloc(p->paths, (p->npaths + 1) * sizeof(*p->paths));
	p->paths[p->npaths++] = (struct pace_profile_path){
		pace_strbuf_detach(&sb), cost};
}

struct pace_profile *pace_profile_builder_finish(struct pace_profile_builder *b)
{
	struct pace_profile *p = pace_xcalloc(1, sizeof(*p));
	int64_t hot = (int64_t)((double)b->total * PACE_PROFILE_HOT);
	bool *on_path = pace_xcalloc(b->nfns ? b->nfns : 1, sizeof(*on_path));

	p->total = b->total;
	for (size_t i = 0; i < b->nfns; i++) {
		struct fnrec *f = &b->fns[i];
		if (b->total <= 0 || f->self < hot)
			continue;
		p->fns = pace_xrealloc(p->fns, (p->nfns + 1) * sizeof(*p->fns));
		p->fns[p->nfns++] = (struct pace_profile_fn){
			pace_xstrdup(f->name), f->self};
		hot_path(p, b, i, hot, on_path);
	}
	if (p->nfns)
		qsort(p->fns, p->nfns, sizeof(*p->fns), by_self_desc);
	if (p->npaths)
		qsort(p->paths, p->npaths, sizeof(*p->paths), by_cost_desc);
	free(on_path);
	pace_profile_builder_free(b);
	return p;
}

/* ---- reading valgrind's files -------------------------------------------- */

/* Adds one output file's count (and profile); 0, or -1 without a count. */
static int collect_one(const char *path, int64_t *sum,
		       struct pace_profile_builder *b, struct pace_error *err)
{
	struct pace_strbuf text = PACE_STRBUF_INIT;
	const char *s;
	int rc = pace_read_file(path, &text, err);

	if (rc == 0 && b)
		rc = pace_profile_builder_add(b, pace_strbuf_str(&text));
	if (rc == 0 && (s = strstr(pace_strbuf_str(&text), "\nsummary:")))
		*sum += strtoll(s + 9, NULL, 10);
	else if (rc == 0)
		rc = -1;
	pace_strbuf_release(&text);
	return rc;
}

/* valgrind's own messages (its log files), for an error message. */
static void add_logs(struct pace_strbuf *sb, const char *dir, char **names,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pace_strbuf t = PACE_STRBUF_INIT;
		struct pace_error e = PACE_ERROR_INIT;
		char *p;

		if (strncmp(names[i], "log.", 4))
			continue;
		p = pace_xasprintf("%s/%s", dir, names[i]);
		if (!pace_read_file(p, &t, &e) && t.len)
			pace_strbuf_addf(sb, ": %.*s", (int)(t.len < 400 ? t.len : 400),
					 t.buf);
		pace_error_release(&e);
		pace_strbuf_release(&t);
		free(p);
	}
}

static void list_dir(const char *dir, struct pace_strvec *names)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d)))
		if (!strncmp(de->d_name, "out.", 4) || !strncmp(de->d_name, "log.", 4))
			pace_strvec_push(names, de->d_name);
	if (d)
		closedir(d);
}

int pace_valgrind_collect(int64_t *instructions, struct pace_profile **profile,
			  const char *dir, struct pace_error *err)
{
	struct pace_strvec names = PACE_STRVEC_INIT;
	struct pace_profile_builder *b = profile ? pace_profile_builder_new() : NULL;
	int64_t sum = 0;
	size_t counted = 0;
	int rc = 0;

	list_dir(dir, &names);
	for (size_t i = 0; i < names.n && rc == 0; i++) {
		char *p = pace_xasprintf("%s/%s", dir, names.v[i]);
		if (!strncmp(names.v[i], "out.", 4)) {
			rc = collect_one(p, &sum, b, err);
			counted += rc == 0;
		}
		free(p);
	}
	if (rc == 0 && counted == 0) {
		struct pace_strbuf sb = PACE_STRBUF_INIT;
		pace_strbuf_adds(&sb, "valgrind wrote no instruction count");
		add_logs(&sb, dir, names.v, names.n);
		rc = pace_error_set(err, PACE_EIO, "%s", pace_strbuf_str(&sb));
		pace_strbuf_release(&sb);
	} else if (rc < 0 && rc != PACE_EIO) {
		rc = pace_error_set(err, PACE_EIO, "a valgrind output file in '%s' "
				    "has no instruction count", dir);
	}
	for (size_t i = 0; i < names.n; i++) {
		char *p = pace_xasprintf("%s/%s", dir, names.v[i]);
		unlink(p);
		free(p);
	}
	pace_strvec_release(&names);
	*instructions = rc ? -1 : sum;
	if (profile)
		*profile = rc ? NULL : pace_profile_builder_finish(b);
	if (rc && b)
		pace_profile_builder_free(b);
	return rc;
}
