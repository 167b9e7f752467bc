/*
 * stress: 1,000 short-lived children (default), 50 threads writing to
 * /dev/null, signals in flight, and an exec of argv[1] from a thread.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int devnull;
static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

static void *writer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		if (write(devnull, "x", 1) != 1)
			abort();
	return NULL;
}

static void *forker(void *arg)
{
	long n = (long)arg;
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p == 0) {
			syscall(SYS_getppid);
			_exit(0);
		}
		if (p < 0 || waitpid(p, NULL, 0) != p)
			abort();
	}
	return NULL;
}

static char **exec_args;

static void *execer(void *arg)
{
	(void)arg;
	execv(exec_args[0], exec_args);
	_exit(127);
}

int main(int argc, char *argv[])
{
	pthread_t w[50], f, e;
	struct sigaction sa;

	if (argc < 2)
		return 2;
	exec_args = argv + 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pthread_create(&f, NULL, forker, (void *)1000L);
	for (int i = 0; i < 50; i++)
		pthread_create(&w[i], NULL, writer, NULL);
	/* to this very thread: handled before the next one is sent */
	for (int i = 0; i < 100; i++)
		syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	for (int i = 0; i < 50; i++)
		pthread_join(w[i], NULL);
	pthread_join(f, NULL);
	fprintf(stderr, "signals %d\n", (int)got);
	pthread_create(&e, NULL, execer, NULL);
	for (;;)
		pause();
}
