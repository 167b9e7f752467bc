/* vfork_exec: vfork, exec argv[1...] in the child, report its status. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	int st;

	if (argc < 2)
		return 2;
	pid_t p = vfork();
	if (p == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return 2;
	printf("child %d\n", WEXITSTATUS(st));
	return 0;
}
