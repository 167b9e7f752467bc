/*
 * audit_set: switch the kernel's audit on (1) or off (0), as auditctl -e
 * does, and print the state it had, so that a test can put it back.
 * Exits 2 when the kernel cannot tell or change it (no audit, not root).
 */
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int request(int fd, int type, const void *data, size_t len)
{
	struct {
		struct nlmsghdr h;
		struct audit_status s;
	} m;
	memset(&m, 0, sizeof(m));
	m.h.nlmsg_len = (unsigned)NLMSG_LENGTH(len);
	m.h.nlmsg_type = (unsigned short)type;
	m.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	memcpy(&m.s, data, len);
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	return sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&k,
		      sizeof(k)) < 0
		       ? -1
		       : 0;
}

/* Read replies until the acknowledgement; the status into *s if given. */
static int reply(int fd, struct audit_status *s)
{
	for (;;) {
		union {
			struct nlmsghdr h;
			char b[4096];
		} r;
		ssize_t n = recv(fd, &r, sizeof(r), 0);
		if (n < (ssize_t)NLMSG_HDRLEN)
			return -1;
		if (r.h.nlmsg_type == AUDIT_GET && s)
			memcpy(s, NLMSG_DATA(&r.h), sizeof(*s));
		if (r.h.nlmsg_type == NLMSG_ERROR) {
			int err;
			memcpy(&err, NLMSG_DATA(&r.h), sizeof(err));
			if (err)
				return -1;
			if (!s)
				return 0;
		}
		if (r.h.nlmsg_type == AUDIT_GET)
			return 0;
	}
}

int main(int argc, char *argv[])
{
	if (argc != 2 || (strcmp(argv[1], "0") && strcmp(argv[1], "1"))) {
		fprintf(stderr, "usage: audit_set 0|1\n");
		return 2;
	}
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	struct sockaddr_nl a = {.nl_family = AF_NETLINK};
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("audit_set: netlink audit");
		return 2;
	}
	struct audit_status s = {0};
	if (request(fd, AUDIT_GET, &s, 0) < 0 || reply(fd, &s) < 0) {
		perror("audit_set: AUDIT_GET");
		return 2;
	}
	unsigned was = s.enabled;
	memset(&s, 0, sizeof(s));
	s.mask = AUDIT_STATUS_ENABLED;
	s.enabled = (unsigned)atoi(argv[1]);
	if (request(fd, AUDIT_SET, &s, sizeof(s)) < 0 || reply(fd, NULL) < 0) {
		perror("audit_set: AUDIT_SET");
		return 2;
	}
	printf("%u\n", was);
	return 0;
}
