/*
 * raw_spawn.c - the floor pace is held to: a bare posix_spawn + wait4 loop
 * (stdin from /dev/null, stdout and stderr to /dev/null, as hyperfine does)
 * over N runs of one program.  Prints the mean wall time per run in
 * microseconds.  Usage: raw-spawn N PROGRAM [ARGS...]
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	long n;
	double t0, t1;

	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: raw-spawn N PROGRAM [ARGS...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_s();
	for (long i = 0; i < n; i++) {
		pid_t pid;
		int status;
		struct rusage ru;
		if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ)) {
			perror("posix_spawn");
			return 1;
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("wait4");
			return 1;
		}
	}
	t1 = now_s();
	printf("%.3f\n", (t1 - t0) / (double)n * 1e6);
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
