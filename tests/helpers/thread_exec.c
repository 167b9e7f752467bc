/* thread_exec: a thread other than the leader execs argv[1...]. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static char **args;

static void *run(void *arg)
{
	(void)arg;
	printf("exec from %s thread\n",
	       syscall(SYS_gettid) == getpid() ? "leader" : "other");
	fflush(stdout);
	execv(args[0], args);
	_exit(127);
}

int main(int argc, char *argv[])
{
	pthread_t t;

	if (argc < 2)
		return 2;
	args = argv + 1;
	pthread_create(&t, NULL, run, NULL);
	for (;;)
		pause();
}
