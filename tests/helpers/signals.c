/*
 * signals: catch SIGUSR1 sent to itself N times (default 3), sleep through
 * an interrupted, restarted read, then die of SIGTERM when asked ("die").
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

static void on_alrm(int sig)
{
	(void)sig;
}

int main(int argc, char *argv[])
{
	int n = argc > 1 ? atoi(argv[1]) : 3;
	struct sigaction sa;
	int p[2];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	for (int i = 0; i < n; i++)
		kill(getpid(), SIGUSR1);
	/* a timer interrupts a blocking read, which restarts */
	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	if (pipe(p) < 0)
		return 2;
	if (fork() == 0) {
		usleep(200000);
		_exit(write(p[1], "z", 1) != 1);
	}
	struct itimerval it = {{0, 0}, {0, 50000}};
	setitimer(ITIMER_REAL, &it, NULL);
	char c;
	if (read(p[0], &c, 1) != 1)
		return 2;
	printf("got %d signals, read %c\n", (int)got, c);
	fflush(stdout);
	if (argc > 2 && strcmp(argv[2], "die") == 0) {
		signal(SIGTERM, SIG_DFL);
		kill(getpid(), SIGTERM);
	}
	return 0;
}
