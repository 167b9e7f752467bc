/*
 * int80: i386 system calls from a 64-bit process, through int $0x80:
 * getpid (20) and write (4) of a buffer below 4 GiB.
 */
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static long int80(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	char *buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (buf == MAP_FAILED)
		return 2;
	if (int80(20, 0, 0, 0) != getpid())
		return 1;
	strcpy(buf, "int80\n");
	return int80(4, 1, (long)buf, 6) == 6 ? 0 : 1;
}
