/*
 * term.c - the terminal habits of pace's live output: whether a progress
 * line may be drawn at all (a terminal on stderr, not TERM=dumb), the
 * terminal's width, and fitting a progress line into it so that it is
 * redrawn in place with \r and never wraps (a wrapped line leaves stale
 * rows behind: 30 of them in a 50-column terminal before this file).
 */
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"

/* A progress line only where it can be redrawn in place: stderr is a
 * terminal that understands \r and ESC[K (not TERM=dumb), and nothing
 * else writes there (--quiet, --show-output, -v). */
bool pace_cli_progress_wanted(const struct pace_config *cfg, bool verbose)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb")) &&
	       !cfg->quiet && !cfg->show_output && !verbose;
}

/* The terminal's width: TIOCGWINSZ on stderr (asked at every redraw, so
 * a resized window is followed), else $COLUMNS, else 80. */
size_t pace_cli_term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	uint64_t n;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && !pace_parse_uint(env, &n) && n > 0 && n < 10000)
		return (size_t)n;
	return 80;
}

/* Columns of UTF-8 text (one per code point: test ids are not wide
 * characters), and the bytes of its first `cols` columns. */
static size_t text_cols(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static size_t cols_bytes(const char *s, size_t cols)
{
	size_t i = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && cols-- == 0)
			break;
	return i;
}

/* The pieces of the progress line, by how much they matter when the
 * terminal is narrow: the name (shortened to no less than NAME_MIN
 * columns, with "...") and the run count stay, then the variant, the
 * ETA and the last time are kept while they fit. */
#define NAME_MIN 12

/* Joins the parts into line, in width - 1 columns (writing the last
 * column makes some terminals wrap, and a wrapped line cannot be redrawn
 * with \r). */
void pace_cli_progress_fit(struct pace_strbuf *line, const struct pace_cli_progress *pp,
			   const char *name, size_t width)
{
	static const int order[3] = {0, 2, 1}; /* variant, ETA, last */
	size_t room = width > 1 ? width - 1 : 1, ncols = text_cols(name);
	size_t used = text_cols(pp->head) + text_cols(pp->count);
	size_t nmin = ncols <= NAME_MIN ? ncols : NAME_MIN + 3; /* + "..." */
	bool keep[3] = {false, false, false};

	for (int k = 0; k < 3; k++) {
		size_t c = text_cols(pp->opt[order[k]]);
		if (used + nmin + c <= room) {
			keep[order[k]] = true;
			used += c;
		}
	}
	pace_strbuf_adds(line, pp->head);
	if (used + ncols <= room || ncols <= 3) {
		pace_strbuf_adds(line, name);
	} else {
		size_t avail = room > used + 4 ? room - used - 3 : 1;
		pace_strbuf_add(line, name, cols_bytes(name, avail));
		pace_strbuf_adds(line, "...");
	}
	pace_strbuf_adds(line, pp->count);
	for (int k = 0; k < 3; k++)
		if (keep[k])
			pace_strbuf_adds(line, pp->opt[k]);
	if (text_cols(line->buf) > room) {
		line->len = cols_bytes(line->buf, room);
		line->buf[line->len] = '\0';
	}
}
