/* paths: system calls whose arguments st-record decodes, in a known order. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int main(void)
{
	struct stat st;
	struct sockaddr_in in;
	struct sockaddr_un un;

	mkdir("d", 0755);
	symlink("d", "link");
	int dfd = open("link", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int fd = openat(dfd, "f", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	close(fd);
	fstatat(dfd, "", &st, AT_EMPTY_PATH);
	fd = open("link/../link/f", O_RDONLY);
	fcntl(fd, F_GETFL);
	rename("d/f", "link/g");
	access("d/nonexistent", F_OK);
	prctl(PR_SET_NAME, "paths");
	kill(getpid(), 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	in.sin_port = htons(9);
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	connect(fd, (struct sockaddr *)&in, sizeof(in));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, "sock");
	bind(fd, (struct sockaddr *)&un, sizeof(un));
	memcpy(un.sun_path, "\0st-test", 8);
	connect(fd, (struct sockaddr *)&un,
		offsetof(struct sockaddr_un, sun_path) + 8);
	chdir("d");
	unlink("g");
	puts("paths done");
	return 0;
}
