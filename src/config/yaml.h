/*
 * yaml.h - the thin layer over libfyaml that config files and suite files
 * share: parse text into a document without libfyaml printing anything,
 * turn its diagnostics into "FILE:LINE:COL: message" errors, find where a
 * node sits in its file, and read scalars strictly (an integer must be
 * written as a plain YAML integer, not as "20" in quotes).
 *
 * Lines and columns in messages are 1-based.  Nothing here prints.
 */
#ifndef PACE_YAML_H
#define PACE_YAML_H

#include <libfyaml.h>

#include "util/util.h"

struct pace_yaml {
	const char *path;        /* borrowed: the name used in messages */
	const char *text;        /* borrowed: the text parsed */
	size_t len;
	struct fy_diag *diag;    /* collects libfyaml's diagnostics */
	struct fy_parser *parser; /* owns doc */
	struct fy_document *doc; /* NULL for an empty stream */
	struct fy_node *root;    /* NULL for an empty stream */
	void *seen;              /* last diagnostic already looked at */
};
#define PACE_YAML_INIT {NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL}

/* The most nodes that resolving a document's aliases may copy (an alias
 * bomb expands exponentially); documented in the README. */
#define PACE_YAML_MAX_EXPANDED 100000

/* Parses `text` (which must outlive `y`).  JSON is forced for paths that
 * end in ".json"; otherwise YAML 1.2, of which JSON is a subset.  An empty
 * document is not an error here: y->root is then NULL.  Syntax errors are
 * PACE_EUSAGE "PATH:LINE:COL: invalid YAML: <what libfyaml said>".  Also
 * PACE_EUSAGE: a NUL byte, a second document, an unsupported %YAML
 * version, explicit tags, a string holding NUL, and aliases expanding to
 * more than PACE_YAML_MAX_EXPANDED nodes. */
int pace_yaml_parse(struct pace_yaml *y, const char *path, const char *text,
		    size_t len, struct pace_error *err);
void pace_yaml_release(struct pace_yaml *y);

/* Where `n` starts (1-based).  Nodes without a position of their own (an
 * empty value) give 0, 0. */
void pace_yaml_pos(struct pace_yaml *y, struct fy_node *n, int *line,
		   int *col);

/* Records "PATH:LINE:COL: <fmt>" as PACE_EUSAGE and returns it.  The
 * position is that of `n`, or of `fallback` when `n` has none (an empty
 * value: point at its key). */
int pace_yaml_error(struct pace_yaml *y, struct fy_node *n,
		    struct fy_node *fallback, struct pace_error *err,
		    const char *fmt, ...) PACE_PRINTF(5, 6);

/* A missing value, "~", "null" (plain) count as null. */
bool pace_yaml_is_null(struct fy_node *n);
/* True for a scalar written without quotes (so "20" is not a number). */
bool pace_yaml_is_plain(struct fy_node *n);
/* The scalar's text (NUL-terminated, owned by the document), or NULL when
 * `n` is not a scalar. */
const char *pace_yaml_text(struct fy_node *n);
/* "a mapping", "a list", "a string", "null": for "got ..." in messages. */
const char *pace_yaml_kind(struct fy_node *n);
/* Text for "got '...'" in messages: the scalar, or its kind. */
void pace_yaml_describe(struct fy_node *n, struct pace_strbuf *out);

/* Parses a plain YAML boolean (true/false in any case). */
int pace_yaml_bool(const char *s, bool *out);

#endif
