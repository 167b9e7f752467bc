/*
 * audit.c: the calls Landlock refuses, as the kernel's audit subsystem
 * tells them. Landlock decides inside the kernel and returns EACCES;
 * since Linux 6.15 (Landlock ABI 7) it logs each denial as an audit
 * event: a LANDLOCK_ACCESS record (the domain, the missing right and the
 * object), the domain's LANDLOCK_DOMAIN record with its first denial
 * (which process created it), and the SYSCALL record of the call. st-run
 * reads them from the audit multicast group, which needs CAP_AUDIT_READ
 * and an enabled audit (auditd running, or auditctl -e 1).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel.h"
#include "run.h"
#include "util.h"

/* The records of one audit event (one serial number) read so far. */
struct event {
	uint64_t serial;
	bool used, access, syscall;
	uint64_t domain;
	struct audit_denial d;
	struct sbuf path, exe;
};

#define NEVENTS 32

struct audit {
	int fd;
	uint64_t *domains; /* the domains of the confined command */
	size_t ndomains, cap;
	struct event ev[NEVENTS];
	bool lost;
};

/* Ask the kernel whether audit is enabled: 1, 0, or -1 (cannot tell). */
static int audit_enabled(int fd)
{
	struct {
		struct nlmsghdr h;
		struct audit_status s;
	} req = {.h = {.nlmsg_len = NLMSG_LENGTH(0),
		       .nlmsg_type = AUDIT_GET,
		       .nlmsg_flags = NLM_F_REQUEST,
		       .nlmsg_seq = 1}};
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	if (sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&k,
		   sizeof(k)) < 0)
		return -1;
	for (int tries = 0; tries < 8; tries++) {
		union {
			struct nlmsghdr h;
			char b[1024];
		} rep;
		ssize_t n = recv(fd, &rep, sizeof(rep), 0);
		if (n < (ssize_t)NLMSG_HDRLEN)
			return -1;
		if (rep.h.nlmsg_type == NLMSG_ERROR)
			return -1;
		if (rep.h.nlmsg_type == AUDIT_GET &&
		    n >= (ssize_t)NLMSG_LENGTH(sizeof(struct audit_status))) {
			struct audit_status s;
			memcpy(&s, NLMSG_DATA(&rep.h), sizeof(s));
			return s.enabled != 0;
		}
	}
	return -1;
}

struct audit *audit_open(const char **why)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0) {
		*why = "the kernel has no audit subsystem";
		return NULL;
	}
	struct sockaddr_nl a = {.nl_family = AF_NETLINK};
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    audit_enabled(fd) == 0) {
		/* a kernel that cannot say is tried anyway */
		close(fd);
		*why = "the kernel's audit is disabled (auditctl -e 1, or "
		       "auditd, enables it)";
		return NULL;
	}
	close(fd);
	/* a fresh socket for the multicast group only: replies to our
	 * request cannot mix with the records */
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_AUDIT);
	if (fd < 0) {
		*why = "the kernel has no audit subsystem";
		return NULL;
	}
	a.nl_groups = 1U << (AUDIT_NLGRP_READLOG - 1);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		*why = "reading the audit log needs CAP_AUDIT_READ";
		return NULL;
	}
	/* room for a burst of denials while st-run serves the filter */
	int sz = 4 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	struct audit *au = xcalloc(1, sizeof(*au));
	au->fd = fd;
	return au;
}

int audit_fd(const struct audit *a)
{
	return a ? a->fd : -1;
}

void audit_close(struct audit *a)
{
	if (!a)
		return;
	close(a->fd);
	for (size_t i = 0; i < NEVENTS; i++) {
		sbuf_free(&a->ev[i].path);
		sbuf_free(&a->ev[i].exe);
	}
	free(a->domains);
	free(a);
}

/*
 * The value of field key= in the record body. With text, the value is a
 * string audit does not trust (a path, an image), which it writes either
 * in double quotes or, when it holds a quote, a space or a control
 * character, in hexadecimal: it is unquoted or decoded. Returns 0 and
 * sets out, or -1 when the record has no such field.
 */
static int field(const char *body, const char *key, bool text, struct sbuf *out)
{
	size_t kl = strlen(key);
	const char *p = body;
	for (;;) {
		p = strstr(p, key);
		if (!p)
			return -1;
		if ((p == body || p[-1] == ' ') && p[kl] == '=')
			break;
		p += kl;
	}
	p += kl + 1;
	sbuf_reset(out);
	if (*p == '"') {
		const char *e = strchr(p + 1, '"');
		if (!e)
			return -1;
		sbuf_add(out, p + 1, (size_t)(e - p - 1));
		return 0;
	}
	size_t n = strcspn(p, " \n");
	bool hex = text && n && n % 2 == 0;
	for (size_t i = 0; i < n && hex; i++)
		hex = (p[i] >= '0' && p[i] <= '9') ||
		      (p[i] >= 'A' && p[i] <= 'F');
	if (!hex) {
		sbuf_add(out, p, n);
		return 0;
	}
	for (size_t i = 0; i < n; i += 2) {
		char h[3] = {p[i], p[i + 1], 0};
		sbuf_addc(out, (char)strtoul(h, NULL, 16));
	}
	return 0;
}

/* A numeric field of the record body in base base; -1 when absent. */
static int num(const char *body, const char *key, int base, uint64_t *v)
{
	struct sbuf s = {0};
	int r = field(body, key, false, &s);
	if (r == 0) {
		char *end;
		errno = 0;
		if (s.s && s.s[0] == '-')
			*v = (uint64_t)strtoll(s.s, &end, base);
		else
			*v = strtoull(s.s ? s.s : "", &end, base);
		if (errno || !s.len || *end)
			r = -1;
	}
	sbuf_free(&s);
	return r;
}

static bool ours(const struct audit *a, uint64_t domain)
{
	for (size_t i = 0; i < a->ndomains; i++)
		if (a->domains[i] == domain)
			return true;
	return false;
}

static struct event *event_of(struct audit *a, uint64_t serial)
{
	struct event *free_slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < NEVENTS; i++) {
		struct event *e = &a->ev[i];
		if (e->used && e->serial == serial)
			return e;
		if (!e->used && !free_slot)
			free_slot = e;
		if (e->used && (!oldest || e->serial < oldest->serial))
			oldest = e;
	}
	struct event *e = free_slot;
	if (!e) {
		/* an event whose end never came (no SYSCALL record):
		 * without its call it cannot be written */
		e = oldest;
	}
	struct sbuf path = e->path, exe = e->exe;
	sbuf_reset(&path);
	sbuf_reset(&exe);
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->exe = exe;
	e->used = true;
	e->serial = serial;
	return e;
}

static void finish(struct audit *a, struct event *e,
		   void (*fn)(void *, const struct audit_denial *), void *arg)
{
	if (e->access && e->syscall && ours(a, e->domain)) {
		e->d.path = e->path.len ? e->path.s : NULL;
		e->d.exe = e->exe.len ? e->exe.s : NULL;
		fn(arg, &e->d);
	}
	e->used = false;
}

/* One record of type type with text body (NUL-ended). */
static void record(struct audit *a, int type, const char *body, pid_t creator,
		   void (*fn)(void *, const struct audit_denial *), void *arg)
{
	/* "audit(SECONDS.MS:SERIAL): ..." */
	const char *c = strchr(body, ':');
	if (strncmp(body, "audit(", 6) || !c)
		return;
	uint64_t serial = strtoull(c + 1, NULL, 10);
	const char *rest = strstr(c, "): ");
	if (!rest)
		return;
	rest += 3;
	uint64_t v;
	struct sbuf s = {0};
	switch (type) {
	case AUDIT_LANDLOCK_DOMAIN:
		/* "domain=ID status=allocated ... pid=PID": the process that
		 * made the domain; st-run's child made the command's */
		if (num(rest, "domain", 16, &v) == 0 &&
		    field(rest, "status", false, &s) == 0 && s.s &&
		    !strcmp(s.s, "allocated")) {
			uint64_t pid;
			if (num(rest, "pid", 10, &pid) == 0 &&
			    (pid_t)pid == creator && !ours(a, v)) {
				if (a->ndomains == a->cap) {
					a->cap = a->cap ? 2 * a->cap : 4;
					a->domains = xrealloc(
						a->domains,
						a->cap * sizeof(*a->domains));
				}
				a->domains[a->ndomains++] = v;
			}
		}
		break;
	case AUDIT_LANDLOCK_ACCESS: {
		struct event *e = event_of(a, serial);
		if (num(rest, "domain", 16, &e->domain) < 0)
			break;
		e->access = true;
		if (field(rest, "blockers", false, &s) == 0 && s.s)
			snprintf(e->d.blockers, sizeof(e->d.blockers), "%s",
				 s.s);
		field(rest, "path", true, &e->path);
		/* a TCP port: connect names the peer, bind the local end */
		struct sbuf addr = {0};
		if (field(rest, "daddr", false, &addr) == 0 &&
		    num(rest, "dest", 10, &v) == 0) {
			snprintf(e->d.addr, sizeof(e->d.addr), "%s",
				 addr.s ? addr.s : "");
			e->d.port = (int)v;
		} else if (field(rest, "saddr", false, &addr) == 0 &&
			   num(rest, "src", 10, &v) == 0) {
			snprintf(e->d.addr, sizeof(e->d.addr), "%s",
				 addr.s ? addr.s : "");
			e->d.port = (int)v;
		} else if (num(rest, "src", 10, &v) == 0) {
			e->d.port = (int)v;
		}
		sbuf_free(&addr);
		break;
	}
	case AUDIT_SYSCALL: {
		struct event *e = event_of(a, serial);
		uint64_t arch, nr, pid, ex;
		if (num(rest, "arch", 16, &arch) < 0 ||
		    num(rest, "syscall", 10, &nr) < 0 ||
		    num(rest, "pid", 10, &pid) < 0)
			break;
		e->syscall = true;
		e->d.arch = (uint32_t)arch;
		e->d.nr = (int)nr;
		e->d.pid = (pid_t)pid;
		e->d.err = num(rest, "exit", 10, &ex) == 0 && (int64_t)ex < 0
				   ? (int)-(int64_t)ex
				   : EACCES;
		static const char *const regs[] = {"a0", "a1", "a2", "a3"};
		for (int i = 0; i < 4; i++)
			if (num(rest, regs[i], 16, &e->d.args[i]) < 0)
				e->d.args[i] = 0;
		field(rest, "exe", true, &e->exe);
		break;
	}
	case AUDIT_EOE:
		for (size_t i = 0; i < NEVENTS; i++)
			if (a->ev[i].used && a->ev[i].serial == serial)
				finish(a, &a->ev[i], fn, arg);
		break;
	default:
		break;
	}
	sbuf_free(&s);
}

int audit_read(struct audit *a, pid_t creator,
	       void (*fn)(void *arg, const struct audit_denial *d), void *arg,
	       bool last)
{
	union {
		struct nlmsghdr h;
		char b[16384]; /* a record is at most 8970 bytes */
	} m;
	for (;;) {
		ssize_t n = recv(a->fd, &m, sizeof(m) - 1, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* the kernel dropped records: say so once */
				a->lost = true;
				continue;
			}
			break;
		}
		/* one record per message; its length as received (audit's
		 * nlmsg_len has not always counted the header) */
		if (n < (ssize_t)NLMSG_HDRLEN)
			continue;
		size_t len = (size_t)n - NLMSG_HDRLEN;
		char *body = NLMSG_DATA(&m.h);
		body[len] = '\0';
		record(a, m.h.nlmsg_type, body, creator, fn, arg);
	}
	if (last)
		for (size_t i = 0; i < NEVENTS; i++)
			if (a->ev[i].used)
				finish(a, &a->ev[i], fn, arg);
	return a->lost ? -1 : 0;
}
