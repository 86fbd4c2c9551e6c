/*
 * shell.c - what of a command string only a shell would understand.
 * pace runs a string command by splitting it into words (pace_split_words:
 * quotes and backslashes as in sh, nothing else), so `echo a | wc -c`
 * would quietly run echo with three arguments.  pace_shell_syntax finds
 * the first construct that sh would interpret and the splitter would pass
 * on literally, so that callers can refuse it and say how to ask for a
 * shell.  Quoting follows the splitter exactly: what it unquotes is never
 * reported, and "$x" inside double quotes is (sh expands it there).
 */
#include <ctype.h>
#include <string.h>

#include "util/util.h"

static bool is_name_start(char c)
{
	return c == '_' || isalpha((unsigned char)c);
}

/* $ starts an expansion when sh would expand it: $NAME, ${...}, $(...),
 * $0-9 and the special parameters; a lone '$' stays a '$' in sh too. */
static bool is_expansion(const char *p)
{
	return p[1] && (is_name_start(p[1]) || isdigit((unsigned char)p[1]) ||
			strchr("{(@*#?$!-", p[1]));
}

/* NAME=... as the first word: an assignment, not a program. */
static bool is_assignment(const char *word)
{
	const char *p = word;

	if (!is_name_start(*p))
		return false;
	while (*p == '_' || isalnum((unsigned char)*p))
		p++;
	return *p == '=';
}

static const char *operator(const char *p)
{
	switch (*p) {
	case '|': return p[1] == '|' ? "'||' (run the next command if this one fails)"
				     : "'|' (a pipe)";
	case '&': return p[1] == '&' ? "'&&' (run the next command if this one succeeds)"
				     : "'&' (run in the background)";
	case ';': return "';' (a list of commands)";
	case '<': return "'<' (a redirection)";
	case '>': return "'>' (a redirection)";
	case '(': case ')': return "'(' ... ')' (a subshell)";
	case '`': return "'`' (command substitution)";
	case '*': return "'*' (a glob)";
	case '?': return "'?' (a glob)";
	case '[': return strchr(p, ']') ? "'[...]' (a glob)" : NULL;
	default: return NULL;
	}
}

/* Inside "...": only $ and ` are special to sh (\ is the splitter's). */
static const char *in_double_quotes(const char **pp)
{
	const char *p = *pp + 1;

	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '$' && is_expansion(p))
			return "'$' (a variable or substitution)";
		if (*p == '`')
			return "'`' (command substitution)";
	}
	*pp = *p ? p + 1 : p;
	return NULL;
}

const char *pace_shell_syntax(const char *text)
{
	const char *p = text, *why;
	bool word_start = true, first_word = true;

	while (*p) {
		if (isspace((unsigned char)*p)) {
			if (!word_start)
				first_word = false;
			word_start = true;
			p++;
			continue;
		}
		if (word_start && first_word && is_assignment(p))
			return "'NAME=value' before the program (a variable assignment)";
		if (word_start && *p == '~')
			return "'~' (the home directory)";
		if (word_start && *p == '#')
			return "'#' (a comment)";
		word_start = false;
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			p = q ? q + 1 : p + strlen(p);
		} else if (*p == '"') {
			if ((why = in_double_quotes(&p)))
				return why;
		} else if (*p == '\\') {
			p += p[1] ? 2 : 1;
		} else if (*p == '$' && is_expansion(p)) {
			return "'$' (a variable or substitution)";
		} else if ((why = operator(p))) {
			return why;
		} else {
			p++;
		}
	}
	return NULL;
}

void pace_substitute(struct pace_strbuf *out, const char *text,
		     const struct pace_strvec *names,
		     const struct pace_strvec *values)
{
	const char *p = text;

	while (*p) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		size_t i, len = close ? (size_t)(close - p - 1) : 0;

		for (i = 0; close && i < names->n; i++)
			if (strlen(names->v[i]) == len &&
			    !strncmp(p + 1, names->v[i], len))
				break;
		if (close && i < names->n) {
			pace_strbuf_adds(out, values->v[i]);
			p = close + 1;
		} else {
			pace_strbuf_addc(out, *p++);
		}
	}
}
