/* getppid_loop: make N getppid calls (default 100000), a benchmark load. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	printf("%ld\n", n);
	return 0;
}
