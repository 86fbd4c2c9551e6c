/*
 * mirror.c - the Debian mirror apt uses here, read from apt's own
 * sources, so that an environment comes from the same place the machine's
 * packages do (and pace never names a host).  Two formats: deb822 stanzas
 * in sources.list.d/ *.sources ("Types: deb", "URIs: ...", "Suites: ...",
 * "Enabled: no" to turn one off) and one-line entries in sources.list
 * ("deb [options] URI SUITE COMPONENT...").  Only a stanza or line with a
 * release suite counts: bookworm-security lives on another archive that
 * debootstrap cannot start from.
 */
#include <dirent.h>
#include <strings.h>

#include "env/env.h"

/* A release ("sid", "bookworm", "stable"), not "bookworm-security". */
static bool release_suite(const char *s, size_t n)
{
	return n && !memchr(s, '-', n) && !memchr(s, '/', n);
}

/* Whether a blank-separated list holds a word for which ok() holds. */
static bool any_word(const char *list, bool (*ok)(const char *, size_t))
{
	while (list && *list) {
		size_t n;
		list += strspn(list, " \t");
		n = strcspn(list, " \t");
		if (ok(list, n))
			return true;
		list += n;
	}
	return false;
}

static bool is_deb(const char *s, size_t n)
{
	return n == 3 && !memcmp(s, "deb", 3);
}

static bool usable_uri(const char *s, size_t n)
{
	return (n > 7 && !strncmp(s, "http://", 7)) ||
	       (n > 8 && !strncmp(s, "https://", 8)) ||
	       (n > 7 && !strncmp(s, "file://", 7));
}

/* The first word of list that usable_uri() accepts, without a trailing
 * '/', into out. */
static bool first_uri(const char *list, struct pace_strbuf *out)
{
	while (list && *list) {
		size_t n;
		list += strspn(list, " \t");
		n = strcspn(list, " \t");
		if (usable_uri(list, n)) {
			while (n > 1 && list[n - 1] == '/')
				n--;
			pace_strbuf_reset(out);
			pace_strbuf_add(out, list, n);
			return true;
		}
		list += n;
	}
	return false;
}

struct stanza {
	struct pace_strbuf types, uris, suites, enabled;
};

static struct pace_strbuf *stanza_field(struct stanza *st, const char *key,
					size_t n)
{
	static const char *const names[] = {"Types", "URIs", "Suites", "Enabled"};
	struct pace_strbuf *fields[] = {&st->types, &st->uris, &st->suites,
					&st->enabled};
	for (size_t i = 0; i < PACE_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && !strncasecmp(key, names[i], n))
			return fields[i];
	return NULL;
}

/* "Enabled: no" turns a stanza off. */
static bool disabled(const struct pace_strbuf *enabled)
{
	const char *v = pace_strbuf_str(enabled);
	v += strspn(v, " \t");
	return !strncasecmp(v, "no", 2) && v[2 + strspn(v + 2, " \t")] == '\0';
}

/* Checks the stanza just read, then empties it for the next one. */
static bool stanza_done(struct stanza *st, struct pace_strbuf *out)
{
	bool found = any_word(st->types.buf, is_deb) &&
		     any_word(st->suites.buf, release_suite) &&
		     !disabled(&st->enabled) &&
		     first_uri(st->uris.buf, out);
	pace_strbuf_reset(&st->types);
	pace_strbuf_reset(&st->uris);
	pace_strbuf_reset(&st->suites);
	pace_strbuf_reset(&st->enabled);
	return found;
}

/* The next line of *p (NUL-terminated in place, without '\r'), or NULL
 * at the end; empty lines are returned (they end deb822 stanzas). */
static char *next_line(char **p)
{
	char *line = *p, *nl;
	size_t n;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	*p = nl ? nl + 1 : line + strlen(line);
	if (nl)
		*nl = '\0';
	n = strlen(line);
	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	return line;
}

/* One deb822 file: stanzas separated by blank lines; '#' comments;
 * a line starting with a blank continues the field before it. */
static bool parse_deb822(char *text, struct pace_strbuf *out)
{
	struct stanza st = {PACE_STRBUF_INIT, PACE_STRBUF_INIT, PACE_STRBUF_INIT,
			    PACE_STRBUF_INIT};
	struct pace_strbuf *cur = NULL;
	bool found = false;
	char *line;

	while (!found && (line = next_line(&text))) {
		char *colon;
		if (line[0] == '#')
			continue;
		if (line[strspn(line, " \t")] == '\0') {
			found = stanza_done(&st, out);
			cur = NULL;
		} else if (line[0] == ' ' || line[0] == '\t') {
			if (cur)
				pace_strbuf_addf(cur, " %s", line);
		} else if ((colon = strchr(line, ':'))) {
			cur = stanza_field(&st, line, (size_t)(colon - line));
			if (cur)
				pace_strbuf_addf(cur, " %s", colon + 1);
		}
	}
	if (!found)
		found = stanza_done(&st, out);
	pace_strbuf_release(&st.types);
	pace_strbuf_release(&st.uris);
	pace_strbuf_release(&st.suites);
	pace_strbuf_release(&st.enabled);
	return found;
}

/* One-line format: "deb [opt=v ...] URI SUITE COMPONENT...". */
static bool parse_one_line(char *text, struct pace_strbuf *out)
{
	char *line;

	while ((line = next_line(&text))) {
		struct pace_strvec w = PACE_STRVEC_INIT;
		char *hash = strchr(line, '#');
		size_t i = 1;
		bool ok;

		if (hash)
			*hash = '\0';
		for (char *p = line; *p;) {
			size_t n;
			p += strspn(p, " \t");
			if (!*p)
				break;
			n = *p == '[' && strchr(p, ']') ? (size_t)(strchr(p, ']') - p) + 1
							 : strcspn(p, " \t");
			pace_strvec_pushf(&w, "%.*s", (int)n, p);
			p += n;
		}
		if (w.n > 1 && w.v[1][0] == '[')
			i = 2;
		ok = w.n > i + 1 && !strcmp(w.v[0], "deb") &&
		     release_suite(w.v[i + 1], strlen(w.v[i + 1])) &&
		     first_uri(w.v[i], out);
		pace_strvec_release(&w);
		if (ok)
			return true;
	}
	return false;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of dir ending in suffix, in name order. */
static void files_in(const char *dir, const char *suffix, struct pace_strvec *out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t first = out->n;

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, suffix))
			pace_strvec_pushf(out, "%s/%s", dir, de->d_name);
	if (d)
		closedir(d);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), cmp_name);
}

int pace_env_apt_mirror(const char *apt_dir, struct pace_strbuf *out,
			struct pace_error *err)
{
	struct pace_strvec files = PACE_STRVEC_INIT;
	char *sdir = pace_xasprintf("%s/sources.list.d", apt_dir ? apt_dir : "/etc/apt");
	size_t ndeb822;
	bool found = false;

	files_in(sdir, ".sources", &files);
	ndeb822 = files.n;
	pace_strvec_pushf(&files, "%s/sources.list", apt_dir ? apt_dir : "/etc/apt");
	files_in(sdir, ".list", &files);
	for (size_t i = 0; i < files.n && !found; i++) {
		struct pace_strbuf text = PACE_STRBUF_INIT;
		struct pace_error ignored = PACE_ERROR_INIT;
		if (!pace_read_file(files.v[i], &text, &ignored) && text.len)
			found = i < ndeb822 ? parse_deb822(text.buf, out)
					    : parse_one_line(text.buf, out);
		pace_strbuf_release(&text);
		pace_error_release(&ignored);
	}
	if (!found)
		pace_error_set(err, PACE_EUSAGE, "no Debian mirror found in apt's "
			       "sources (%s/*.sources, %s/sources.list, %s/*.list "
			       "name no 'deb' source of a release suite): give one "
			       "with --mirror or the environment's 'mirror'", sdir,
			       apt_dir ? apt_dir : "/etc/apt", sdir);
	free(sdir);
	pace_strvec_release(&files);
	return found ? 0 : PACE_EUSAGE;
}
