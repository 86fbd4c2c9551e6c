/*
 * pace-helper.c - a small program that misbehaves on request, so that the
 * executor's unit tests and the CLI tests need nothing outside the tree:
 * it sleeps, exits with a code, allocates, floods its output, leaves
 * children behind, crashes, ignores SIGTERM, does file I/O and burns CPU.
 *
 * It uses libc only and never links libpace.  It may be built with
 * ASan/UBSan (the sanitizer build dir builds every target that way), so the
 * crashing subcommands first put the default disposition back on their
 * signal: the sanitizers' handlers would otherwise turn a crash into exit 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
	"usage: pace-helper <command> [arg]\n"
	"  sleep SECONDS        sleep (fractions allowed)\n"
	"  exit N               exit with status N\n"
	"  alloc MIB            allocate and touch MIB MiB, exit 0\n"
	"  hold MIB             allocate and touch MIB MiB, keep them 0.3 s\n"
	"  write N              write N bytes to stdout\n"
	"  stderr TEXT          print TEXT to stderr\n"
	"  echo TEXT            print TEXT to stdout\n"
	"  fork-child SECONDS   leave a child sleeping SECONDS; print its pid\n"
	"  fork-wait SECONDS    fork a child sleeping SECONDS and wait for it\n"
	"  tree SECONDS         print own pid and a child's pid, both sleep\n"
	"  tree-ignore-term SECONDS  the same, but the child ignores SIGTERM\n"
	"  segv                 die of SIGSEGV (null dereference)\n"
	"  abort                die of SIGABRT\n"
	"  kill SIGNO           send SIGNO to itself\n"
	"  ignore-term SECONDS  ignore SIGTERM, then sleep\n"
	"  io N                 write N bytes to a temporary file, fsync, unlink\n"
	"  busy MS              spin on the CPU for MS ms of CPU time\n"
	"  spin US              spin on the CPU for US microseconds of CPU time\n"
	"  work N               N units of fixed work (the same instructions\n"
	"                       every time, in pace_helper_work_unit)\n"
	"  env NAME             print the value of NAME (exit 1 when unset)\n"
	"  cwd                  print the working directory\n"
	"  slow-env NAME        sleep for the seconds in $NAME (default 0)\n"
	"  stdin                print how many bytes stdin held\n"
	"  daemon SECONDS       start a setsid() child sleeping SECONDS, exit 0\n"
	"  connect PORT         connect to 127.0.0.1:PORT (exit 0) or exit 1\n"
	"  create PATH          create the file PATH (exit 0) or exit 1\n"
	"  procs                print the pids in /proc, one a line\n";

static int bad_usage(void)
{
	fputs(usage, stderr);
	return 2;
}

static int parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return (errno || end == s || *end || *out < 0) ? -1 : 0;
}

static int parse_long(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno || end == s || *end) ? -1 : 0;
}

static void sleep_seconds(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Writes all of buf, retrying short writes; -1 when the reader went away. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void sleep_seconds(double s);

/* Touches mib MiB, keeps them `hold` seconds, frees them. */
static int cmd_alloc(long long mib, double hold)
{
	size_t n = (size_t)mib << 20;
	volatile char *p = malloc(n ? n : 1);

	if (!p)
		return 1;
	/* Touch every page so it counts in the resident set. */
	for (size_t i = 0; i < n; i += 4096)
		p[i] = (char)i;
	if (hold > 0)
		sleep_seconds(hold);
	free((void *)p);
	return 0;
}

static int write_n(int fd, long long n)
{
	static char chunk[1 << 20];

	memset(chunk, 'x', sizeof(chunk));
	while (n > 0) {
		size_t k = n > (long long)sizeof(chunk) ? sizeof(chunk) : (size_t)n;

		if (write_all(fd, chunk, k) < 0)
			return 1;
		n -= (long long)k;
	}
	return 0;
}

static int cmd_fork_child(double s)
{
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		sleep_seconds(s);
		_exit(0);
	}
	printf("%d\n", (int)pid);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* A parent and a child that both sleep: a timeout must kill both, even
 * when the child ignores SIGTERM and the parent does not. */
static int cmd_tree(double s, int child_ignores_term)
{
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (child_ignores_term)
			signal(SIGTERM, SIG_IGN);
		sleep_seconds(s);
		_exit(0);
	}
	printf("%d %d\n", (int)getpid(), (int)pid);
	fflush(stdout);
	sleep_seconds(s);
	return 0;
}

static int cmd_stdin(void)
{
	char buf[4096];
	long long total = 0;
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("%lld\n", total);
	return 0;
}

static int cmd_fork_wait(double s)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		sleep_seconds(s);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* A real invalid access; the sanitizers must not intercept it first. */
#if defined(__GNUC__)
__attribute__((no_sanitize("address", "undefined")))
#endif
static void null_store(void)
{
	volatile int *volatile p = NULL;

	*p = 1;
}

static int die_of(int sig)
{
	signal(sig, SIG_DFL);
	if (sig == SIGSEGV)
		null_store();
	if (sig == SIGABRT)
		abort();
	kill(getpid(), sig);
	/* Ignored or blocked in a way SIG_DFL did not undo (SIGCHLD, ...). */
	return 1;
}

static int cmd_io(long long n)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc;

	snprintf(path, sizeof(path), "%s/pace-helper-io.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("pace-helper: mkstemp");
		return 1;
	}
	unlink(path);
	rc = write_n(fd, n);
	if (rc == 0 && fsync(fd) < 0)
		rc = 1;
	close(fd);
	return rc;
}

static double cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Spins until MS ms of CPU time (not wall time) are spent, so that a busy
 * machine makes it take longer rather than use less CPU.  The clock is read
 * rarely so nearly all of it is user time. */
static int cmd_busy(long long ms)
{
	double end = cpu_seconds() + (double)ms / 1e3;
	volatile unsigned long x = 0;

	while (cpu_seconds() < end)
		for (int i = 0; i < 200000; i++)
			x = x * 6364136223846793005UL + 1;
	return 0;
}

/* busy in microseconds, the clock read every few microseconds of work:
 * fine enough for the statistics tests' 10 % differences. */
static int cmd_spin(long long us)
{
	double end = cpu_seconds() + (double)us / 1e6;
	volatile unsigned long x = 0;

	while (cpu_seconds() < end)
		for (int i = 0; i < 20000; i++)
			x = x * 6364136223846793005UL + 1;
	return 0;
}

/* One unit of work: a fixed number of instructions, never the clock, so
 * that `work N` executes the same instructions every run and `work 101`
 * about 1 % more than `work 100` (--measure instructions tests).  Not
 * static and never inlined: --profile must name it as the hot function. */
__attribute__((noinline)) unsigned long pace_helper_work_unit(unsigned long x);
__attribute__((noinline)) unsigned long pace_helper_work_unit(unsigned long x)
{
	for (int i = 0; i < 10000; i++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	return x;
}

static int cmd_work(long long n)
{
	volatile unsigned long x = 1;

	for (long long i = 0; i < n; i++)
		x = pace_helper_work_unit(x);
	return 0;
}

static int cmd_env(const char *name)
{
	const char *v = getenv(name);

	if (!v)
		return 1;
	printf("%s\n", v);
	return 0;
}

static int cmd_cwd(void)
{
	char buf[4096];

	if (!getcwd(buf, sizeof(buf)))
		return 1;
	printf("%s\n", buf);
	return 0;
}

static int cmd_slow_env(const char *name)
{
	const char *v = getenv(name);
	double s = 0;

	if (v && *v && parse_double(v, &s) < 0)
		return bad_usage();
	sleep_seconds(s);
	return 0;
}

/* A background process in its own session, as a daemon would be: outside
 * the command's process group, so only the sandbox's end can reach it. */
static int cmd_daemon(double s)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		setsid();
		close(p[0]);
		close(p[1]); /* tells the parent it left the group */
		sleep_seconds(s);
		_exit(0);
	}
	close(p[1]);
	/* Exit only once the child is in its own session: else the
	 * executor could find it still in the process group. */
	while (read(p[0], &c, 1) < 0 && errno == EINTR)
		;
	return 0;
}

static int cmd_connect(long long port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((unsigned short)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("connect");
		return 1;
	}
	close(fd);
	return 0;
}

static int cmd_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	close(fd);
	return 0;
}

static int cmd_procs(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return 1;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			puts(e->d_name);
	closedir(d);
	return 0;
}

static int with_seconds(const char *cmd, const char *arg)
{
	double s;

	if (parse_double(arg, &s) < 0)
		return bad_usage();
	if (!strcmp(cmd, "sleep")) {
		sleep_seconds(s);
		return 0;
	}
	if (!strcmp(cmd, "fork-child"))
		return cmd_fork_child(s);
	if (!strcmp(cmd, "fork-wait"))
		return cmd_fork_wait(s);
	if (!strcmp(cmd, "tree"))
		return cmd_tree(s, 0);
	if (!strcmp(cmd, "tree-ignore-term"))
		return cmd_tree(s, 1);
	if (!strcmp(cmd, "daemon"))
		return cmd_daemon(s);
	/* ignore-term */
	signal(SIGTERM, SIG_IGN);
	sleep_seconds(s);
	return 0;
}

static int with_number(const char *cmd, const char *arg)
{
	long long n;

	if (parse_long(arg, &n) < 0)
		return bad_usage();
	if (!strcmp(cmd, "exit"))
		return (int)n;
	if (!strcmp(cmd, "kill"))
		return die_of((int)n);
	if (n < 0)
		return bad_usage();
	if (!strcmp(cmd, "alloc"))
		return cmd_alloc(n, 0);
	if (!strcmp(cmd, "hold"))
		return cmd_alloc(n, 0.3);
	if (!strcmp(cmd, "write"))
		return write_n(STDOUT_FILENO, n);
	if (!strcmp(cmd, "io"))
		return cmd_io(n);
	if (!strcmp(cmd, "connect"))
		return cmd_connect(n);
	if (!strcmp(cmd, "spin"))
		return cmd_spin(n);
	if (!strcmp(cmd, "work"))
		return cmd_work(n);
	return cmd_busy(n); /* busy */
}

int main(int argc, char **argv)
{
	static const char *const secs[] = {"sleep", "fork-child", "fork-wait",
					   "tree", "tree-ignore-term",
					   "ignore-term", "daemon"};
	static const char *const nums[] = {"exit", "kill", "alloc", "write",
					   "io", "busy", "spin", "connect", "work",
					   "hold"};
	const char *cmd = argc > 1 ? argv[1] : "";

	if (argc == 2 && !strcmp(cmd, "segv"))
		return die_of(SIGSEGV);
	if (argc == 2 && !strcmp(cmd, "abort"))
		return die_of(SIGABRT);
	if (argc == 2 && !strcmp(cmd, "cwd"))
		return cmd_cwd();
	if (argc == 2 && !strcmp(cmd, "stdin"))
		return cmd_stdin();
	if (argc == 2 && !strcmp(cmd, "procs"))
		return cmd_procs();
	if (argc != 3)
		return bad_usage();
	for (size_t i = 0; i < sizeof(secs) / sizeof(secs[0]); i++)
		if (!strcmp(cmd, secs[i]))
			return with_seconds(cmd, argv[2]);
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(cmd, nums[i]))
			return with_number(cmd, argv[2]);
	if (!strcmp(cmd, "echo"))
		return puts(argv[2]) < 0;
	if (!strcmp(cmd, "stderr"))
		return fprintf(stderr, "%s\n", argv[2]) < 0;
	if (!strcmp(cmd, "env"))
		return cmd_env(argv[2]);
	if (!strcmp(cmd, "slow-env"))
		return cmd_slow_env(argv[2]);
	if (!strcmp(cmd, "create"))
		return cmd_create(argv[2]);
	return bad_usage();
}
