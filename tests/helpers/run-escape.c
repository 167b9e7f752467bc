/*
 * run-escape: tries one thing a confined program should not manage, for
 * st-run's escape tests. Prints "ok" (and what it read) when the attempt
 * succeeded, or the errno name when it failed; exits 0 either way, so the
 * test reads the verdict from the output.
 *
 *   run-escape open PATH            openat(AT_FDCWD, PATH, O_RDONLY)
 *   run-escape openat2 PATH         openat2 with RESOLVE flags 0
 *   run-escape write PATH           open for writing
 *   run-escape race GOOD BAD N      a second thread swaps the path buffer
 *                                   between GOOD and BAD while the main
 *                                   thread opens it N times; prints "ok"
 *                                   if BAD's content was ever read
 *   run-escape int80                getpid through int 0x80 (i386 ABI)
 *   run-escape x32                  getpid through the x32 ABI
 *   run-escape io_uring             io_uring_setup
 *   run-escape ptrace PID           PTRACE_ATTACH to PID
 *   run-escape exec PATH            execve(PATH)
 *   run-escape connect PORT         TCP connect to 127.0.0.1:PORT
 *   run-escape connect-unix PATH    connect to the unix socket PATH
 *   run-escape child OP ARG...      a forked child does OP
 *   run-escape thread OP ARG...     a thread does OP
 *   run-escape linger OP ARG...     does OP, then lives 300 ms more
 *   run-escape exit N               exits with status N
 *   run-escape getppid N            N getppid calls
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static void verdict(long r)
{
	if (r < 0)
		printf("%s\n", strerrorname_np(errno));
	else
		printf("ok\n");
	fflush(stdout);
}

static void show(int fd)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	if (n >= 0) {
		buf[n] = 0;
		printf("ok %s", buf);
	} else {
		printf("%s\n", strerrorname_np(errno));
	}
	close(fd);
	fflush(stdout);
}

static char racebuf[4096];
static const char *good, *bad;
static volatile int stop;

static void *swapper(void *arg)
{
	(void)arg;
	size_t n = strlen(good) > strlen(bad) ? strlen(good) : strlen(bad);
	while (!stop) {
		memcpy(racebuf, bad, strlen(bad) + 1);
		memcpy(racebuf, good, strlen(good) + 1);
	}
	(void)n;
	return NULL;
}

static int op(int argc, char **argv);

struct targ {
	int argc;
	char **argv;
};
static void *thread_op(void *p)
{
	struct targ *t = p;
	op(t->argc, t->argv);
	return NULL;
}

static int op(int argc, char **argv)
{
	if (argc < 1)
		return 2;
	const char *o = argv[0];
	if (!strcmp(o, "open") && argc == 2) {
		int fd = openat(AT_FDCWD, argv[1], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			verdict(-1);
		else
			show(fd);
	} else if (!strcmp(o, "openat2") && argc == 2) {
		struct {
			uint64_t flags, mode, resolve;
		} how = {O_RDONLY | O_CLOEXEC, 0, 0};
		long fd = syscall(SYS_openat2, AT_FDCWD, argv[1], &how,
				  sizeof(how));
		if (fd < 0)
			verdict(-1);
		else
			show((int)fd);
	} else if (!strcmp(o, "write") && argc == 2) {
		int fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		verdict(fd);
	} else if (!strcmp(o, "race") && argc == 4) {
		good = argv[1];
		bad = argv[2];
		memcpy(racebuf, good, strlen(good) + 1);
		pthread_t t;
		pthread_create(&t, NULL, swapper, NULL);
		int n = atoi(argv[3]), got_bad = 0, good_ok = 0;
		for (int i = 0; i < n; i++) {
			int fd = open(racebuf, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			char c = 0;
			if (read(fd, &c, 1) == 1 && c == 'S')
				got_bad = 1;
			else
				good_ok = 1;
			close(fd);
		}
		stop = 1;
		pthread_join(t, NULL);
		printf("%s%s\n", got_bad ? "ok" : "EACCES",
		       good_ok ? "" : " (never opened the good file)");
	} else if (!strcmp(o, "int80")) {
		long r;
		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "a"(20L) /* i386 getpid */
				 : "memory", "r8", "r9", "r10", "r11");
		if (r < 0) {
			errno = (int)-r;
			r = -1;
		}
		verdict(r);
	} else if (!strcmp(o, "x32")) {
		verdict(syscall(39 | 0x40000000L)); /* x32 getpid */
	} else if (!strcmp(o, "io_uring")) {
		char params[120] = {0};
		verdict(syscall(425, 8, params));
	} else if (!strcmp(o, "ptrace") && argc == 2) {
		verdict(ptrace(PTRACE_ATTACH, atoi(argv[1]), 0, 0));
	} else if (!strcmp(o, "exec") && argc >= 2) {
		execv(argv[1], argv + 1);
		verdict(-1);
	} else if (!strcmp(o, "connect") && argc == 2) {
		int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (s < 0) {
			verdict(-1);
			return 0;
		}
		struct sockaddr_in sa = {.sin_family = AF_INET,
					 .sin_port =
						 htons((uint16_t)atoi(argv[1])),
					 .sin_addr.s_addr = htonl(0x7f000001)};
		verdict(connect(s, (struct sockaddr *)&sa, sizeof(sa)));
	} else if (!strcmp(o, "connect-unix") && argc == 2) {
		int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		if (s < 0 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
			verdict(-1);
			return 0;
		}
		strcpy(sa.sun_path, argv[1]);
		verdict(connect(s, (struct sockaddr *)&sa, sizeof(sa)));
	} else if (!strcmp(o, "child") && argc >= 2) {
		pid_t p = fork();
		if (p == 0) {
			op(argc - 1, argv + 1);
			_exit(0);
		}
		int st;
		waitpid(p, &st, 0);
	} else if (!strcmp(o, "thread") && argc >= 2) {
		pthread_t t;
		struct targ ta = {argc - 1, argv + 1};
		pthread_create(&t, NULL, thread_op, &ta);
		pthread_join(t, NULL);
	} else if (!strcmp(o, "linger") && argc >= 2) {
		op(argc - 1, argv + 1);
		fflush(stdout);
		struct timespec ts = {0, 300 * 1000 * 1000};
		nanosleep(&ts, NULL);
	} else if (!strcmp(o, "exit") && argc == 2) {
		exit(atoi(argv[1]));
	} else if (!strcmp(o, "getppid") && argc == 2) {
		long n = atol(argv[1]);
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	} else {
		fprintf(stderr, "run-escape: bad arguments\n");
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	return op(argc - 1, argv + 1);
}
