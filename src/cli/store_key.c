/*
 * store_key.c - where the key of an encrypted (SQLCipher) history comes
 * from: a file (PACE_STORE_KEY_FILE, or --key-file where a command has
 * one) or the environment (PACE_STORE_KEY), never the command line, where
 * every user of the machine could read it in /proc.  The file's first
 * line is the key; a file others can read is refused.
 *
 * Also output.private (default true): while the store is created and the
 * reports are written, the umask is widened to 077, so the history, its
 * directory and the result files are the user's alone.  Only around those
 * writes: fixtures and work directories keep the user's umask.
 */
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli/analysis.h"
#include "cli/cli.h"

int pace_cli_read_key_file(const char *path, char **key)
{
	struct pace_strbuf b = PACE_STRBUF_INIT;
	struct stat sb;
	char line[1024];
	FILE *f = fopen(path, "re");

	*key = NULL;
	if (!f)
		return pace_cli_error("cannot read the key file '%s': %s", path,
				      strerror(errno));
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077)) {
		fclose(f);
		return pace_cli_error("key file '%s' can be read by others (mode %03o): "
				      "chmod 600 it", path, (unsigned)(sb.st_mode & 0777));
	}
	if (fgets(line, sizeof(line), f))
		pace_strbuf_adds(&b, line);
	fclose(f);
	while (b.len && (b.buf[b.len - 1] == '\n' || b.buf[b.len - 1] == '\r'))
		b.buf[--b.len] = '\0';
	if (!b.len) {
		pace_strbuf_release(&b);
		return pace_cli_error("key file '%s' is empty", path);
	}
	*key = pace_strbuf_detach(&b);
	return 0;
}

mode_t pace_cli_private_begin(const struct pace_config *cfg)
{
	mode_t old = umask(0);

	umask(cfg->private_files ? old | 077 : old);
	return old;
}

void pace_cli_private_end(mode_t old)
{
	umask(old);
}

int pace_cli_store_key(char **key)
{
	const char *file = getenv("PACE_STORE_KEY_FILE");
	const char *env = getenv("PACE_STORE_KEY");

	*key = NULL;
	if (file && *file)
		return pace_cli_read_key_file(file, key);
	if (env && *env)
		*key = pace_xstrdup(env);
	return 0;
}
