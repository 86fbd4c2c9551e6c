/*
 * registry.c - the list of registered targets and its expansion into
 * instances, one per combination of parameter values.  Targets register
 * from constructors, before main(), so the list is built without locks and
 * kept in registration order (appended at the tail).  Parameter syntax:
 * "n=1,2,3", "n=8..4096*8" (geometric; hi is always included),
 * "n=0..100+25" (arithmetic); several separated by ';'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_priv.h"

#define MAX_VALUES 64

static struct pace_bench_target *head, **tail = &head;

void pace_bench_register(struct pace_bench_target *t)
{
	t->next = NULL;
	*tail = t;
	tail = &t->next;
}

struct param_axis {
	char name[32];
	int n;
	long long v[MAX_VALUES];
};

static int add_value(struct param_axis *a, long long v)
{
	if (a->n == MAX_VALUES)
		return -1;
	a->v[a->n++] = v;
	return 0;
}

static int parse_range(struct param_axis *a, const char *s)
{
	char *end;
	long long lo = strtoll(s, &end, 10), hi, step;
	char op;

	if (end == s || strncmp(end, "..", 2) != 0)
		return -1;
	s = end + 2;
	hi = strtoll(s, &end, 10);
	if (end == s || (*end != '*' && *end != '+') || hi < lo)
		return -1;
	op = *end;
	s = end + 1;
	step = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || (op == '*' && (step < 2 || lo < 1)) || (op == '+' && step < 1))
		return -1;
	for (long long v = lo; v < hi; v = op == '*' ? v * step : v + step)
		if (add_value(a, v) < 0)
			return -1;
	return add_value(a, hi);
}

static int parse_list(struct param_axis *a, const char *s)
{
	for (;;) {
		char *end;
		long long v = strtoll(s, &end, 10);

		if (end == s || add_value(a, v) < 0)
			return -1;
		if (*end == '\0')
			return 0;
		if (*end != ',')
			return -1;
		s = end + 1;
	}
}

/* One "name=spec" item (spec NUL-terminated in a scratch copy). */
static int parse_axis(struct param_axis *a, char *item)
{
	char *eq = strchr(item, '=');
	size_t len;

	if (!eq || eq == item || (size_t)(eq - item) >= sizeof(a->name))
		return -1;
	len = (size_t)(eq - item);
	memcpy(a->name, item, len);
	a->name[len] = '\0';
	a->n = 0;
	return strstr(eq + 1, "..") ? parse_range(a, eq + 1) : parse_list(a, eq + 1);
}

static int parse_params(struct param_axis *axes, const char *spec)
{
	char buf[1024], *save = NULL, *item;
	int n = 0;

	if (!spec || !*spec)
		return 0;
	if (strlen(spec) >= sizeof(buf))
		return -1;
	memcpy(buf, spec, strlen(spec) + 1);
	for (item = strtok_r(buf, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
		while (*item == ' ')
			item++;
		if (n == PACE_BENCH_MAX_PARAMS || parse_axis(&axes[n], item) < 0)
			return -1;
		n++;
	}
	return n;
}

static void fill_instance(struct pace_bench_instance *in, const struct pace_bench_target *t,
			  const struct param_axis *axes, int naxes, const int *idx)
{
	size_t off;

	memset(in, 0, sizeof(*in));
	in->target = t;
	in->nparams = naxes;
	off = (size_t)snprintf(in->name, sizeof(in->name), "%s", t->name);
	for (int i = 0; i < naxes; i++) {
		memcpy(in->param_names[i], axes[i].name, sizeof(axes[i].name));
		in->param_values[i] = axes[i].v[idx[i]];
		if (off < sizeof(in->name))
			off += (size_t)snprintf(in->name + off, sizeof(in->name) - off, "/%s=%lld",
						axes[i].name, axes[i].v[idx[i]]);
	}
}

/* Appends the cartesian product of the axes (last axis varies fastest). */
static void expand(struct pace_bench_instance **v, int *n, int *cap,
		   const struct pace_bench_target *t, const struct param_axis *axes, int naxes)
{
	int idx[PACE_BENCH_MAX_PARAMS] = {0};

	for (;;) {
		int k;

		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			*v = realloc(*v, (size_t)*cap * sizeof(**v));
			if (!*v)
				abort();
		}
		fill_instance(&(*v)[(*n)++], t, axes, naxes, idx);
		for (k = naxes - 1; k >= 0; k--) {
			if (++idx[k] < axes[k].n)
				break;
			idx[k] = 0;
		}
		if (k < 0)
			return;
	}
}

int pace_bench_instances(struct pace_bench_instance **out, char *err, size_t errlen)
{
	struct pace_bench_instance *v = NULL;
	int n = 0, cap = 0;

	for (const struct pace_bench_target *t = head; t; t = t->next) {
		struct param_axis axes[PACE_BENCH_MAX_PARAMS];
		int naxes = parse_params(axes, t->params);

		if (naxes < 0) {
			snprintf(err, errlen, "invalid parameters of target '%s': '%s'",
				 t->name, t->params);
			free(v);
			return -1;
		}
		expand(&v, &n, &cap, t, axes, naxes);
	}
	*out = v;
	return n;
}

void pace_bench_instances_free(struct pace_bench_instance *v)
{
	free(v);
}
