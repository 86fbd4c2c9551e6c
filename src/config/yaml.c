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
#include "util/sanitize.h"

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


/* libfyaml stops at a "%YAML 2.0" directive with a message of its own
 * that no collecting diag receives; say what was wrong instead of taking
 * the stream for an empty one. */
static int directive_error(struct pace_yaml *y, const char *text, size_t len,
			   struct pace_error *err)
{
	int line = 1;

	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
		if (n >= 6 && !memcmp(text + i, "%YAML ", 6))
			return pace_error_set(err, PACE_EUSAGE,
					      "%s:%d:1: unsupported YAML version "
					      "'%.*s' (pace reads YAML 1.1 and 1.2)",
					      y->path, line, (int)(n > 40 ? 40 : n - 6),
					      text + i + 6);
		i += n + 1;
	}
	return pace_error_set(err, PACE_EUSAGE, "%s:1:1: invalid YAML: cannot "
			      "read the document", y->path);
}

/* Nodes of an alias bomb ("a: &a [x, x], b: &b [*a, *a], ...") multiply
 * with each level, so 541 bytes expand to 10^8 nodes and 8 GB.  The walk
 * below counts what resolving would copy, with an explicit stack (the
 * expansion can be deep), and stops at the limit: it costs at most the
 * document's own nodes plus PACE_YAML_MAX_EXPANDED.  It also refuses what
 * every reader would otherwise get wrong: a scalar holding a NUL byte
 * (JSON's "\u0000", which the readers' C strings would cut) and explicit
 * tags ("!!str 5" is not the integer 5, and pace reads no custom tags). */
struct walk {
	struct { struct fy_node *n; bool aliased; } *v;
	size_t n, alloc;
};

static void walk_push(struct walk *w, struct fy_node *n, bool aliased)
{
	if (!n)
		return;
	pace_grow((void **)&w->v, &w->alloc, w->n + 1, sizeof(*w->v));
	w->v[w->n].n = n;
	w->v[w->n++].aliased = aliased;
}

/* Checks one node and pushes what it holds (an alias: its anchor's node,
 * marked as copied by the expansion). */
static int check_node(struct pace_yaml *y, struct walk *w, struct fy_node *n,
		      bool aliased, struct pace_error *err)
{
	struct fy_token *tag = fy_node_get_tag_token(n);
	struct fy_node_pair *pr;
	void *it = NULL;
	size_t len;

	if (tag) {
		/* as written ("!!str"), not as resolved ("tag:yaml.org,...") */
		const struct fy_mark *a = fy_token_start_mark(tag);
		const struct fy_mark *b = fy_token_end_mark(tag);
		int len_tag = a && b && b->input_pos > a->input_pos &&
			      b->input_pos <= y->len
				      ? (int)(b->input_pos - a->input_pos) : 0;
		return pace_yaml_error(y, n, NULL, err, "explicit YAML tag '%.*s': "
				       "pace reads no tags (write the value "
				       "without it)", len_tag > 40 ? 40 : len_tag,
				       len_tag ? y->text + a->input_pos : "");
	}
	if (fy_node_is_alias(n)) {
		struct fy_node *target = fy_node_resolve_alias(n);
		if (!target)
			return pace_yaml_error(y, n, NULL, err, "alias '%s' refers "
					       "to no anchor (or to itself)",
					       fy_node_get_scalar0(n));
		walk_push(w, target, true);
	} else if (fy_node_is_scalar(n)) {
		/* the text every reader gets (scalar0) is shorter than the
		 * scalar when it holds a NUL */
		const char *v = fy_node_get_scalar0(n);
		len = fy_node_get_scalar_length(n);
		if (v && strlen(v) != len)
			return pace_yaml_error(y, n, NULL, err, "a string with a "
					       "NUL byte (\\u0000)");
	} else if (fy_node_is_sequence(n)) {
		struct fy_node *k;
		while ((k = fy_node_sequence_iterate(n, &it)))
			walk_push(w, k, aliased);
	} else if (fy_node_is_mapping(n)) {
		while ((pr = fy_node_mapping_iterate(n, &it))) {
			walk_push(w, fy_node_pair_key(pr), aliased);
			walk_push(w, fy_node_pair_value(pr), aliased);
		}
	}
	return 0;
}

static int check_nodes(struct pace_yaml *y, struct pace_error *err)
{
	struct walk w = {NULL, 0, 0};
	size_t expanded = 0;
	int rc = 0;

	walk_push(&w, y->root, false);
	while (w.n && !rc) {
		struct fy_node *n = w.v[--w.n].n;
		bool aliased = w.v[w.n].aliased;
		if (aliased && ++expanded > PACE_YAML_MAX_EXPANDED)
			rc = pace_yaml_error(y, n, NULL, err, "too many nodes after "
					     "alias expansion (limit %d)",
					     PACE_YAML_MAX_EXPANDED);
		else
			rc = check_node(y, &w, n, aliased, err);
	}
	free(w.v);
	return rc;
}

/* The line of the last "---" at or before `line` (where the second
 * document starts for a reader), or `line` itself, at least 1. */
static int marker_line(const struct pace_yaml *y, int line)
{
	int at = 1, found = 0;

	for (size_t i = 0; i < y->len && (line <= 0 || at <= line); at++) {
		const char *nl = memchr(y->text + i, '\n', y->len - i);
		size_t n = nl ? (size_t)(nl - (y->text + i)) : y->len - i;
		if (n >= 3 && !memcmp(y->text + i, "---", 3) &&
		    (n == 3 || y->text[i + 3] == ' ' || y->text[i + 3] == '\r'))
			found = at;
		i += n + 1;
	}
	return found ? found : line > 0 ? line : 1;
}

/* A second document ("---") would be ignored by every reader: refuse it,
 * valid or not, at the line where it starts. */
static int one_document(struct pace_yaml *y, struct pace_error *err)
{
	struct fy_document *more = fy_parse_load_document(y->parser);
	struct fy_diag_error *e;
	int rc = 0;

	if (more) {
		int line = 0, col = 0;
		pace_yaml_pos(y, fy_document_root(more), &line, &col);
		rc = pace_error_set(err, PACE_EUSAGE, "%s:%d: only one YAML "
				    "document is allowed (a second one starts "
				    "here)", y->path, marker_line(y, line));
		fy_parse_document_destroy(y->parser, more);
	} else if (fy_parser_get_stream_error(y->parser)) {
		e = next_new_error(y);
		rc = pace_error_set(err, PACE_EUSAGE, "%s:%d: only one YAML "
				    "document is allowed (a second, invalid one "
				    "starts here: %s)", y->path,
				    marker_line(y, e ? e->line : 0),
				    e && e->msg ? e->msg : "syntax error");
	}
	return rc;
}

int pace_yaml_parse(struct pace_yaml *y, const char *path, const char *text,
		    size_t len, struct pace_error *err)
{
	struct fy_parse_cfg pc;
	size_t bad = utf8_invalid_at((const unsigned char *)text, len);
	int rc;

	y->path = path;
	y->text = text;
	y->len = len;
	if ((rc = pace_text_check(path, text, len, err)))
		return rc;
	if (bad < len)
		return encoding_error(path, text, bad, err);
	memset(&pc, 0, sizeof(pc));
	y->diag = quiet_diag();
	/* Aliases are resolved below, after check_nodes() has bounded what
	 * resolving copies, so readers never see an alias node. */
	pc.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG |
		   (ends_with(path, ".json") ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE);
	pc.diag = y->diag;
	y->parser = fy_parser_create(&pc);
	if (!y->parser || fy_parser_set_string(y->parser, text, len)) {
		fprintf(stderr, "pace: fatal: cannot create a YAML parser\n");
		abort();
	}
	y->doc = fy_parse_load_document(y->parser);
	if (!y->doc) {
		/* An empty stream (nothing, or only comments) gives no
		 * document and no message: not a syntax error; the caller
		 * decides whether it is fine. */
		if ((rc = syntax_error(y, err)))
			return rc;
		return fy_parser_get_stream_error(y->parser)
			       ? directive_error(y, text, len, err) : 0;
	}
	y->root = fy_document_root(y->doc);
	next_new_error(y); /* skip any warnings of the parse itself */
	if ((rc = one_document(y, err)) || (rc = check_nodes(y, err)))
		return rc;
	if (fy_document_resolve(y->doc)) {
		rc = syntax_error(y, err);
		return rc ? rc : pace_error_set(err, PACE_EUSAGE, "%s:1:1: invalid "
						"YAML: cannot resolve its aliases",
						y->path);
	}
	y->root = fy_document_root(y->doc);
	next_new_error(y);
	return 0;
}

void pace_yaml_release(struct pace_yaml *y)
{
	if (y->doc)
		fy_parse_document_destroy(y->parser, y->doc);
	if (y->parser)
		fy_parser_destroy(y->parser);
	if (y->diag)
		fy_diag_destroy(y->diag);
	y->doc = NULL;
	y->parser = NULL;
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
	if (s && !pace_yaml_is_null(n)) {
		pace_strbuf_addc(out, '\'');
		pace_sanitize_excerpt(out, s, PACE_EXCERPT_MAX, 0);
		pace_strbuf_addc(out, '\'');
	} else
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
