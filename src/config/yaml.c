/*
 * yaml.c - libfyaml, made quiet and position-aware for pace's strict
 * readers of config and suite files.
 *
 * libfyaml prints its diagnostics to stderr unless told otherwise; pace's
 * modules must not print, so every parse gets its own fy_diag in "collect"
 * mode with an output callback that drops everything, and the collected
 * errors become a pace_error.  libfyaml 0.7 has no public "start mark of
 * a node" call for mappings and sequences, but fy_node_report() on a
 * collecting diag records the node's line and column, so that is how a
 * collection's position is found (scalars use their token directly).
 */
#include <strings.h>

#include "config/yaml.h"

static void discard_output(struct fy_diag *diag, void *user, const char *buf,
			   size_t len)
{
	(void)diag;
	(void)user;
	(void)buf;
	(void)len;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

static struct fy_diag *quiet_diag(void)
{
	struct fy_diag_cfg dc;
	struct fy_diag *diag;

	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	dc.output_fn = discard_output;
	dc.colorize = false;
	diag = fy_diag_create(&dc);
	if (!diag) {
		fprintf(stderr, "pace: fatal: cannot create a YAML diagnostic\n");
		abort();
	}
	fy_diag_set_collect_errors(diag, true);
	return diag;
}

/* The first error libfyaml collected, as "PATH:L:C: invalid YAML: ...",
 * or 0 when it collected none. */
static int syntax_error(struct pace_yaml *y, struct pace_error *err)
{
	void *it = NULL;
	struct fy_diag_error *e;

	while ((e = fy_diag_errors_iterate(y->diag, &it)))
		if (e->type >= FYET_ERROR)
			return pace_error_set(err, PACE_EUSAGE,
					      "%s:%d:%d: invalid YAML: %s", y->path,
					      e->line > 0 ? e->line : 1,
					      e->column > 0 ? e->column : 1,
					      e->msg ? e->msg : "syntax error");
	return 0;
}

/* The first diagnostic collected since the last call, or NULL.  y->seen
 * is a cursor into libfyaml's list, which only grows, so that each lookup
 * costs O(1) however many positions were asked for before. */
static struct fy_diag_error *next_new_error(struct pace_yaml *y)
{
	void *it = y->seen;
	struct fy_diag_error *first = fy_diag_errors_iterate(y->diag, &it);

	if (first) {
		y->seen = it;
		while (fy_diag_errors_iterate(y->diag, &it))
			y->seen = it;
	}
	return first;
}

/* YAML must be UTF-8, and libfyaml 0.7.12 loops forever on some invalid
 * sequences (a '%' directive followed by a stray byte, found by
 * fuzz/fuzz_config), so bad bytes are refused here with their position.
 * Returns the offset of the first invalid sequence, or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
			   (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1fu) :
			      n == 3 ? (c & 0x0fu) : (c & 0x07u);
		static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
		if (!n || len - i < n)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3fu);
		}
		if (cp < min_cp[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return len;
}

static int encoding_error(const char *path, const char *text, size_t at,
			  struct pace_error *err)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < at; i++, col++)
		if (text[i] == '\n') {
			line++;
			col = 0;
		}
	return pace_error_set(err, PACE_EUSAGE,
			      "%s:%d:%d: invalid YAML: not valid UTF-8 (byte 0x%02x)",
			      path, line, col, (unsigned char)text[at]);
}

int pace_yaml_parse(struct pace_yaml *y, const char *path, const char *text,
		    size_t len, struct pace_error *err)
{
	struct fy_parse_cfg pc;
	size_t bad = utf8_invalid_at((const unsigned char *)text, len);

	y->path = path;
	if (bad < len)
		return encoding_error(path, text, bad, err);
	memset(&pc, 0, sizeof(pc));
	y->diag = quiet_diag();
	/* RESOLVE_DOCUMENT expands aliases and merge keys, so readers never
	 * see an alias node. */
	pc.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_RESOLVE_DOCUMENT |
		   (ends_with(path, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
	pc.diag = y->diag;
	y->doc = fy_document_build_from_string(&pc, text, len);
	if (!y->doc) {
		/* An empty stream (nothing, or only comments) gives no
		 * document and no message (though libfyaml flags an error):
		 * not a syntax error; the caller decides whether it is fine. */
		return syntax_error(y, err);
	}
	y->root = fy_document_root(y->doc);
	next_new_error(y); /* skip any warnings of the parse itself */
	return 0;
}

void pace_yaml_release(struct pace_yaml *y)
{
	if (y->doc)
		fy_document_destroy(y->doc);
	if (y->diag)
		fy_diag_destroy(y->diag);
	y->doc = NULL;
	y->diag = NULL;
	y->root = NULL;
	y->seen = NULL;
}

static void scalar_pos(struct fy_node *n, int *line, int *col)
{
	struct fy_token *t = fy_node_get_scalar_token(n);
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
	enum fy_node_style st = fy_node_get_style(n);

	if (!m)
		return;
	*line = m->line + 1;
	*col = m->column + 1;
	/* libfyaml marks the text inside quotes; point at the opening
	 * quote, where the value starts for a reader. */
	if ((st == FYNS_SINGLE_QUOTED || st == FYNS_DOUBLE_QUOTED) && *col > 1)
		(*col)--;
}

void pace_yaml_pos(struct pace_yaml *y, struct fy_node *n, int *line,
		   int *col)
{
	struct fy_diag_error *e;

	*line = *col = 0;
	if (!n)
		return;
	if (fy_node_is_scalar(n)) {
		scalar_pos(n, line, col);
		return;
	}
	fy_node_report(n, FYET_ERROR, "%s", "position");
	e = next_new_error(y);
	if (e && e->line > 0) {
		*line = e->line;
		*col = e->column > 0 ? e->column : 1;
		return;
	}
	/* libfyaml cannot report on a collection holding an empty value
	 * ({a: }); its first child starts where it does, give or take the
	 * opening bracket. */
	if (fy_node_is_mapping(n)) {
		struct fy_node_pair *p = fy_node_mapping_get_by_index(n, 0);
		if (p)
			pace_yaml_pos(y, fy_node_pair_key(p), line, col);
	} else if (fy_node_is_sequence(n)) {
		pace_yaml_pos(y, fy_node_sequence_get_by_index(n, 0), line, col);
	}
}

int pace_yaml_error(struct pace_yaml *y, struct fy_node *n,
		    struct fy_node *fallback, struct pace_error *err,
		    const char *fmt, ...)
{
	struct pace_strbuf msg = PACE_STRBUF_INIT;
	int line, col;
	va_list ap;

	pace_yaml_pos(y, n, &line, &col);
	if (!line)
		pace_yaml_pos(y, fallback, &line, &col);
	if (!line)
		line = col = 1;
	va_start(ap, fmt);
	pace_strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pace_error_set(err, PACE_EUSAGE, "%s:%d:%d: %s", y->path, line, col,
		       pace_strbuf_str(&msg));
	pace_strbuf_release(&msg);
	return PACE_EUSAGE;
}

bool pace_yaml_is_plain(struct fy_node *n)
{
	return n && fy_node_is_scalar(n) && fy_node_get_style(n) == FYNS_PLAIN;
}

bool pace_yaml_is_null(struct fy_node *n)
{
	const char *s;
	if (!n || fy_node_is_null(n))
		return true;
	if (!pace_yaml_is_plain(n))
		return false;
	s = fy_node_get_scalar0(n);
	return !s || !*s || !strcmp(s, "~") || !strcasecmp(s, "null");
}

const char *pace_yaml_text(struct fy_node *n)
{
	if (!n || !fy_node_is_scalar(n))
		return NULL;
	return fy_node_get_scalar0(n);
}

const char *pace_yaml_kind(struct fy_node *n)
{
	if (pace_yaml_is_null(n))
		return "null";
	if (fy_node_is_mapping(n))
		return "a mapping";
	if (fy_node_is_sequence(n))
		return "a list";
	return "a string";
}

void pace_yaml_describe(struct fy_node *n, struct pace_strbuf *out)
{
	const char *s = pace_yaml_text(n);
	if (s && !pace_yaml_is_null(n))
		pace_strbuf_addf(out, "'%s'", s);
	else
		pace_strbuf_adds(out, pace_yaml_kind(n));
}

int pace_yaml_bool(const char *s, bool *out)
{
	if (!strcasecmp(s, "true")) {
		*out = true;
		return 0;
	}
	if (!strcasecmp(s, "false")) {
		*out = false;
		return 0;
	}
	return -1;
}
