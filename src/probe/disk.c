/*
 * disk.c - a working directory's size and entry count (disk.h).  A walk
 * with openat/fstatat from directory descriptors: no path grows with the
 * depth, and a directory renamed meanwhile cannot send the walk astray.
 */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe/disk.h"

struct walk {
	dev_t dev;
	int64_t bytes, inodes;
	int depth;
};

static int walk_dir(struct walk *w, int dfd)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		close(dfd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue; /* gone meanwhile */
		if (++w->inodes > PACE_DISK_MAX_ENTRIES)
			rc = -1;
		else if (S_ISREG(st.st_mode))
			w->bytes += (int64_t)st.st_size;
		else if (S_ISDIR(st.st_mode) && st.st_dev == w->dev && w->depth < 256) {
			int sub = openat(dirfd(d), de->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0) {
				w->depth++;
				rc = walk_dir(w, sub);
				w->depth--;
			}
		}
	}
	closedir(d);
	return rc;
}

int pace_probe_dir_usage(const char *dir, int64_t *bytes, int64_t *inodes)
{
	struct walk w = {0};
	struct stat st;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*bytes = *inodes = -1;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		close(fd);
		return -1;
	}
	w.dev = st.st_dev;
	if (walk_dir(&w, fd) < 0)
		return -1;
	*bytes = w.bytes;
	*inodes = w.inodes;
	return 0;
}
