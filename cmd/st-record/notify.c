/*
 * notify.c: st-record's run mode. The command runs under a seccomp filter
 * that hands st-record the system calls whose arguments are in the
 * program's memory (user notification): st-record decodes them there and
 * lets them continue. Every call's entry and exit, the others' arguments
 * and all results come through perf tracepoints without a stop (trace.c,
 * perf.c). Without perf, every call is notified and no result is seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "kernel.h"
#include "record.h"

extern char **environ;

/*
 * The child sends st-record the listener with a sendmsg whose unused
 * fourth argument carries this value; the filter lets exactly that call
 * through, since nobody could answer it while the listener is on its way.
 * A program that passes this value to sendmsg by chance is not recorded
 * for that one call.
 */
#define COOKIE 0x73742d7265636f72ULL /* "st-recor" */

/* The x32 ABI's flag in call numbers (asm/unistd.h's __X32_SYSCALL_BIT). */
#define X32_SYSCALL_BIT 0x40000000u

/* What the child reports before it execs, or when exec fails. */
struct child_report {
	int stage; /* 0: listener attached; 1: seccomp failed; 2: exec */
	int err;
};

/* Find the command as execvp would; returns a malloc'd path or NULL. */
static char *find_command(const char *name, int *err)
{
	struct stat st;

	if (strchr(name, '/')) {
		*err = 0;
		return xstrdup(name);
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	*err = ENOENT;
	for (const char *p = path;; p++) {
		const char *e = strchrnul(p, ':');
		struct sbuf b = {0};
		if (e == p)
			sbuf_adds(&b, ".");
		else
			sbuf_add(&b, p, (size_t)(e - p));
		sbuf_addc(&b, '/');
		sbuf_adds(&b, name);
		if (stat(b.s, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(b.s, X_OK) == 0)
				return b.s;
			*err = EACCES;
		}
		sbuf_free(&b);
		p = e;
		if (!*e)
			break;
	}
	return NULL;
}

static int send_report(int sock, const struct child_report *rep, int fd)
{
	struct iovec iov = {(void *)rep, sizeof(*rep)};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	/* raw, so that the cookie is in the fourth argument register */
	return (int)syscall(SYS_sendmsg, sock, &msg, MSG_NOSIGNAL,
			    (unsigned long)COOKIE, 0UL, 0UL);
}

/* The most instructions of a filter st-record builds. */
#define FILTER_MAX 512

/* A range of x86-64 call numbers that notify. */
struct range {
	uint32_t lo, hi;
};

/*
 * The code that returns NOTIFY when the accumulator (the call number) is
 * in one of rg[0..n), ALLOW otherwise: a binary search, so that a call
 * that is let through costs a few comparisons. Returns -1 when a jump
 * would be too long for classic BPF.
 */
static int gen_tree(struct sock_filter *f, size_t *len, const struct range *rg,
		    size_t n)
{
	if (*len + 4 > FILTER_MAX)
		return -1;
	if (n == 0) {
		f[(*len)++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
							   SECCOMP_RET_ALLOW);
		return 0;
	}
	if (n == 1) {
		f[(*len)++] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JGE | BPF_K, rg[0].lo, 0, 2);
		f[(*len)++] = (struct sock_filter)BPF_JUMP(
			BPF_JMP | BPF_JGT | BPF_K, rg[0].hi, 1, 0);
		f[(*len)++] = (struct sock_filter)BPF_STMT(
			BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
		f[(*len)++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
							   SECCOMP_RET_ALLOW);
		return 0;
	}
	size_t m = n / 2, at = (*len)++;
	if (gen_tree(f, len, rg, m) < 0)
		return -1;
	size_t skip = *len - at - 1;
	if (skip > 255)
		return -1;
	/* nr >= rg[m].lo: over the lower half, to the upper */
	f[at] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K,
					     rg[m].lo, (uint8_t)skip, 0);
	return gen_tree(f, len, rg + m, n - m);
}

/*
 * The filter. The child's own sendmsg of the listener passes. A call of
 * another architecture (i386 through int 0x80) or of the x32 ABI always
 * notifies: the tracepoints do not tell the architecture, the
 * notification does. With all set, every call notifies; otherwise only
 * the x86-64 calls whose decoding reads the task (rec_needs_stop), and
 * the rest runs without a stop, seen by the tracepoints alone.
 */
static size_t build_filter(struct sock_filter *f, int all, int bpf)
{
	struct sock_filter head[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_sendmsg, 0, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[3])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)COOKIE, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[3]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(COOKIE >> 32), 0,
			 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	size_t len = sizeof(head) / sizeof(head[0]);
	struct range rg[256];
	size_t n = 0;

	memcpy(f, head, sizeof(head));
	if (bpf) {
		/*
		 * With the eBPF capture, open and openat stop only when
		 * they may create their file: whether it existed before is
		 * then not told by the result (rec_bpf_path_reg).
		 * The accumulator holds the call number.
		 */
		static const struct {
			uint32_t nr, arg;
		} creat[] = {{__NR_openat, 2}, {__NR_open, 1}};
		for (size_t i = 0; i < 2; i++) {
			struct sock_filter c[] = {
				BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, creat[i].nr,
					 0, 4),
				BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					 offsetof(struct seccomp_data, args) +
						 8 * creat[i].arg),
				BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_CREAT, 0,
					 1),
				BPF_STMT(BPF_RET | BPF_K,
					 SECCOMP_RET_USER_NOTIF),
				BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
			};
			memcpy(f + len, c, sizeof(c));
			len += sizeof(c) / sizeof(c[0]);
		}
	}
	if (!all) {
		for (int nr = 0; nr < 1024; nr++) {
			if (bpf ? !rec_needs_stop_bpf(nr)
				: !rec_needs_stop(SCMP_ARCH_X86_64, nr))
				continue;
			if (n && rg[n - 1].hi + 1 == (uint32_t)nr) {
				rg[n - 1].hi = (uint32_t)nr;
				continue;
			}
			if (n == sizeof(rg) / sizeof(rg[0]) - 1) {
				all = 1;
				break;
			}
			rg[n].lo = rg[n].hi = (uint32_t)nr;
			n++;
		}
	}
	if (!all) {
		/* numbers beyond the tables: unknown, notified */
		if (n && rg[n - 1].hi == 1023)
			rg[n - 1].hi = X32_SYSCALL_BIT - 1;
		else {
			rg[n].lo = 1024;
			rg[n++].hi = X32_SYSCALL_BIT - 1;
		}
		size_t start = len;
		if (gen_tree(f, &len, rg, n) == 0)
			return len;
		len = start;
	}
	f[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
						SECCOMP_RET_USER_NOTIF);
	return len;
}

static int install_filter(struct sock_filter *f, size_t n)
{
	struct sock_fprog prog = {(unsigned short)n, f};

	/*
	 * Without no_new_privs first: with CAP_SYS_ADMIN (root) the kernel
	 * allows a filter without it, and no_new_privs would change what the
	 * command does (setuid programs would not gain their privileges).
	 * Otherwise the kernel requires no_new_privs.
	 */
	unsigned flags = SECCOMP_FILTER_FLAG_NEW_LISTENER |
			 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	for (int tries = 0; tries < 2; tries++) {
		int fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				      flags, &prog);
		if (fd < 0 && errno == EACCES) {
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
				return -1;
			fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
					  flags, &prog);
		}
		if (fd >= 0 || errno != EINVAL)
			return fd;
		/* a kernel before 5.19 */
		flags &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	}
	return -1;
}

/* The two filters, built before the fork. */
struct filters {
	struct sock_filter hybrid[FILTER_MAX], all[FILTER_MAX], bpf[FILTER_MAX];
	size_t nhybrid, nall, nbpf;
};

static void child(int sock, const char *path, char **argv,
		  const sigset_t *origmask, struct filters *fl)
{
	struct child_report rep = {0, 0};
	char mode;
	ssize_t n;

	rec_child_restore_signals();
	sigprocmask(SIG_SETMASK, origmask, NULL);
	/*
	 * Wait for st-record to say whether its tracepoints follow this
	 * process ('h', hybrid; 'b', with the eBPF path capture too) or
	 * not ('n'): it decides which calls stop.
	 */
	do {
		n = read(sock, &mode, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(EXIT_SETUP);
	int fd = mode == 'b'   ? install_filter(fl->bpf, fl->nbpf)
		 : mode == 'h' ? install_filter(fl->hybrid, fl->nhybrid)
			       : install_filter(fl->all, fl->nall);
	if (fd < 0) {
		rep.stage = 1;
		rep.err = errno;
		send_report(sock, &rep, -1);
		_exit(EXIT_SETUP);
	}
	if (send_report(sock, &rep, fd) < 0)
		_exit(EXIT_SETUP);
	/* the listener is close-on-exec; execve is the first call seen */
	execve(path, argv, environ);
	rep.stage = 2;
	rep.err = errno;
	send_report(sock, &rep, -1);
	_exit(rep.err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC);
}

/* Receive the child's report and, with stage 0, the listener. */
static int recv_report(int sock, struct child_report *rep, int *fd)
{
	struct iovec iov = {rep, sizeof(*rep)};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf)};
	ssize_t n;

	*fd = -1;
	do {
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return (int)n;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c;
	     c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return (int)n;
}

/* The run's state */
struct run {
	struct rec *r;
	int listener;
	int status_fd; /* the child's report socket until it execs */
	pid_t child;   /* the command's first process */
	int reaped;    /* the child's status is known */
	int wstatus;
	int exec_err;	     /* errno of a failed exec of the command, or 0 */
	char *exec_filename; /* the command's execve, until it is known */
	pid_t exec_tid;	     /* the initial execve's caller */
	pid_t *pending;	     /* tasks inside an execve not yet seen back */
	size_t npending, cappending;
	struct perf *perf;   /* the tracepoints; NULL: every call notifies */
	struct trace *trace; /* with perf: the calls in progress */
	struct bpf_cap *cap; /* the eBPF path capture, or NULL */
	uint64_t stops;	     /* notifications handled */
};

static void pending_add(struct run *u, pid_t tid)
{
	if (u->npending == u->cappending) {
		u->cappending = u->cappending ? 2 * u->cappending : 8;
		u->pending = xrealloc(u->pending,
				      u->cappending * sizeof(*u->pending));
	}
	u->pending[u->npending++] = tid;
}

/*
 * While some task is inside an execve, a cached PROGRAM of its process
 * may turn stale at any moment (and a thread's exec hands its tid to the
 * leader), so the cache is not used. An exec is over when its task makes
 * its next call, or when its tid is gone (the exec of a thread succeeded,
 * or the process died).
 */
static void pending_update(struct run *u, pid_t tid)
{
	/* what was cached while an exec was under way may be stale */
	rec_forget(u->r);
	for (size_t i = 0; i < u->npending;) {
		if (u->pending[i] == tid ||
		    (kill(u->pending[i], 0) < 0 && errno == ESRCH))
			u->pending[i] = u->pending[--u->npending];
		else
			i++;
	}
}

static void reap(struct run *u, int block)
{
	int st;

	if (u->reaped)
		return;
	for (;;) {
		pid_t p = waitpid(u->child, &st, block ? 0 : WNOHANG);
		if (p < 0 && errno == EINTR)
			continue;
		if (p == u->child) {
			rec_forward_pid = 0;
			u->reaped = 1;
			u->wstatus = st;
		}
		return;
	}
}

/* The command's exec succeeded: write its execve, as the new image's. */
static void initial_exec_done(struct run *u)
{
	struct rec *r = u->r;
	struct log_event *ev = &r->ev;
	struct sbuf prog = {0};
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)u->exec_tid);
	sbuf_grow(&prog, 4097);
	ssize_t n = readlink(path, prog.s, 4096);
	if (n < 0) {
		sbuf_reset(&prog);
		sbuf_adds(&prog, u->exec_filename);
	} else {
		prog.len = (size_t)n;
		prog.s[n] = 0;
	}
	memset(ev, 0, sizeof(*ev));
	ev->pid = u->exec_tid;
	ev->program = prog.s;
	ev->program_len = prog.len;
	ev->arch = r->arch;
	ev->sys = "execve";
	ev->sys_len = 6;
	ev->nargs = 1;
	ev->args[0].name = "filename";
	ev->args[0].name_len = 8;
	ev->args[0].val = u->exec_filename;
	ev->args[0].len = strlen(u->exec_filename);
	ev->rkind = LOG_RES_VALUE;
	ev->result = 0;
	rec_emit(r);
	rec_forget(r);
	sbuf_free(&prog);
	free(u->exec_filename);
	u->exec_filename = NULL;
}

/* Read the child's report socket. Returns 1 when it is finished. */
static int read_status(struct run *u, int nonblock)
{
	struct child_report rep;
	ssize_t n;

	do {
		n = recv(u->status_fd, &rep, sizeof(rep),
			 nonblock ? MSG_DONTWAIT : 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n == (ssize_t)sizeof(rep) && rep.stage == 2) {
		u->exec_err = rep.err;
	} else if (n == 0 && u->exec_filename) {
		/* close-on-exec closed it: the command's exec succeeded */
		initial_exec_done(u);
	}
	close(u->status_fd);
	u->status_fd = -1;
	return 1;
}

/*
 * Hybrid mode: decode the call now, while its task waits; it is written
 * when the tracepoints bring its exit (or show it never returned).
 */
static void keep_decoding(struct run *u, const struct call *c, uint64_t t_recv,
			  int is_exec)
{
	struct rec *r = u->r;
	int ok = rec_decode(r, c) == 0;
	const char *image = NULL;
	struct sbuf img = {0};

	if (ok && is_exec) {
		for (unsigned i = 0; i < r->ev.nargs; i++)
			if (strcmp(r->ev.args[i].name, "filename") == 0)
				image = r->ev.args[i].val;
		if (image) {
			char *f = xstrdup(image);
			rec_exec_image(r, c->tid, f, &img);
			free(f);
			image = img.s;
		}
	}
	trace_push(u->trace, c, t_recv, ok, image);
	sbuf_free(&img);
}

/* Notify-only mode: write the call now, without its result. */
static void record_now(struct run *u, const struct call *c, int is_exec)
{
	struct rec *r = u->r;

	if (u->status_fd >= 0 && c->tid == u->child) {
		/* the child between fork and the command's exec */
		if (u->exec_filename)
			read_status(u, 1);
		if (u->status_fd >= 0) {
			if (!is_exec || u->exec_filename)
				return;
			/* the command's own exec: written once it is known */
			if (rec_decode(r, c) < 0)
				return;
			const char *f = "";
			for (unsigned i = 0; i < r->ev.nargs; i++)
				if (strcmp(r->ev.args[i].name, "filename") == 0)
					f = r->ev.args[i].val;
			u->exec_filename = xstrdup(f);
			u->exec_tid = c->tid;
			return;
		}
	}
	if (rec_decode(r, c) == 0)
		rec_emit(r);
}

/*
 * Receive one notification, record it, let the call continue. Returns 0,
 * or -1 when nothing was received (errno set).
 */
static int handle_one(struct run *u)
{
	struct rec *r = u->r;
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct call c = {0};

	memset(&req, 0, sizeof(req));
	if (ioctl(u->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return -1; /* ENOENT: the task was killed or interrupted */

	uint64_t t_recv = rec_now_ns();
	u->stops++;
	c.tid = (pid_t)req.pid;
	c.arch = req.data.arch;
	c.nr = req.data.nr;
	memcpy(c.args, req.data.args, sizeof(c.args));
	const char *sys = rec_sys_name(c.arch, c.nr);
	int is_exec =
		strcmp(sys, "execve") == 0 || strcmp(sys, "execveat") == 0;
	size_t mark = r->out.len;

	if (u->npending)
		pending_update(u, c.tid);
	if (rec_call_invalidates(sys))
		rec_forget(r);
	if (u->trace)
		keep_decoding(u, &c, t_recv, is_exec);
	else
		record_now(u, &c, is_exec);
	if (is_exec)
		pending_add(u, c.tid);

	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	/*
	 * CONTINUE lets the kernel run the call as if no filter were there.
	 * It is safe for a recorder: st-record makes no decision here, and
	 * what it read is only a record of what the call was asked to do.
	 */
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (ioctl(u->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0) {
		/*
		 * The task was interrupted by a signal (the call will be
		 * restarted and notified again) or killed: it did not make
		 * this call, and what was read may not even be its memory.
		 */
		r->out.len = mark;
		if (r->out.s)
			r->out.s[mark] = 0;
		if (u->trace)
			trace_pop(u->trace, c.tid);
	}
	return 0;
}

/* Whether environment variable name is set to something but 0. */
static int env_set(const char *name)
{
	const char *e = getenv(name);
	return e && *e && strcmp(e, "0") != 0;
}

/*
 * The pages of each CPU's ring buffer: 64 MiB in all, from 1 to 16 MiB a
 * CPU. ST_RECORD_PERF_PAGES sets it (a power of two), for tests.
 */
static size_t perf_pages(void)
{
	long pagesize = sysconf(_SC_PAGESIZE);
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	const char *e = getenv("ST_RECORD_PERF_PAGES");
	long long v;
	const char *why;

	if (e && st_strtonum(e, 1, 1 << 20, &v, &why) == 0 &&
	    (v & (v - 1)) == 0)
		return (size_t)v;
	if (ncpu < 1)
		ncpu = 1;
	size_t per = ((size_t)64 << 20) / (size_t)ncpu;
	if (per > ((size_t)16 << 20))
		per = (size_t)16 << 20;
	if (per < ((size_t)1 << 20))
		per = (size_t)1 << 20;
	size_t pages = 1;
	while (pages * 2 * (size_t)pagesize <= per)
		pages *= 2;
	return pages;
}

/*
 * How long after its time stamp a record is surely in its buffer: a
 * record is written with preemption off, but a virtual CPU may stall.
 * Records are merged in time order only once this old.
 */
#define SETTLE_NS 2000000u

/* Read the rounds of records that are old enough; 1 if some wait. */
static int perf_read(struct run *u, uint64_t *prev)
{
	uint64_t now = rec_now_ns();
	uint64_t limit = now - SETTLE_NS;

	/*
	 * Only what is older than the start of the previous round, too:
	 * by now every CPU has finished writing those.
	 */
	if (*prev < limit)
		limit = *prev;
	*prev = now;
	return perf_round(u->perf, limit, trace_record, u->trace);
}

/* Interrupt st-record every usec microseconds, or not (0). */
static void set_timer(long usec)
{
	struct itimerval it = {{0, usec}, {0, usec}};
	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * The loop of the hybrid mode: notifications and tracepoints. While
 * notifications come one after another, st-record blocks in RECV itself,
 * and a timer interrupts it for the records; otherwise it polls.
 */
static void hybrid_loop(struct run *u, const sigset_t *orig)
{
	struct rec *r = u->r;
	size_t npfd = 2 + 1024;
	struct pollfd *pfd = xcalloc(npfd, sizeof(*pfd));
	uint64_t prev = 0;
	int waiting = 0, fast = 0;

	for (;;) {
		if (rec_got_sigchld) {
			rec_got_sigchld = 0;
			reap(u, 0);
		}
		rec_signal = 0; /* the handler passed it on */
		/*
		 * The records are read between notifications at most once
		 * a millisecond: a notified task waits while st-record is
		 * busy.
		 */
		uint64_t now = rec_now_ns();
		if (now - prev >= 1000000u) {
			waiting = perf_read(u, &prev);
			if (r->out.len && now - r->last_flush_ns > 1000000000u)
				rec_flush(r);
		}
		if (fast && u->status_fd < 0) {
			/*
			 * While notifications come one after the other, block
			 * in RECV itself; the timer (or a signal) interrupts
			 * it for the records, then one round of ppoll below.
			 */
			if (handle_one(u) < 0) {
				fast = 0;
				set_timer(0);
			}
			continue;
		}
		size_t n = 0;
		pfd[n].fd = u->listener;
		pfd[n++].events = POLLIN;
		size_t st = n;
		if (u->status_fd >= 0) {
			pfd[n].fd = u->status_fd;
			pfd[n++].events = POLLIN;
		}
		size_t pf = n;
		n += perf_pollfds(u->perf, pfd + n, npfd - n);
		/*
		 * Records wait to be old enough: back soon. Otherwise the
		 * buffers wake st-record when a sixteenth full, and a
		 * quiet program's records are read within 50 ms.
		 */
		struct timespec ts = {0, waiting ? 1000000 : 50000000};
		int m = ppoll(pfd, (nfds_t)n, &ts, orig);
		if (m < 0) {
			if (errno == EINTR)
				continue;
			diag_err(EXIT_TROUBLE, "poll");
		}
		if (m == 0) {
			if (!waiting)
				rec_flush(r);
			continue;
		}
		for (size_t i = pf; i < n; i++)
			if (pfd[i].revents & (POLLHUP | POLLERR))
				perf_hup(u->perf, pfd[i].fd);
		if (st < pf && pfd[st].revents)
			read_status(u, 0);
		if (pfd[0].revents & POLLIN) {
			handle_one(u);
			if (!fast)
				set_timer(5000);
			fast = 1;
		} else if (pfd[0].revents & (POLLHUP | POLLERR)) {
			/* no task uses the filter any more */
			reap(u, 1);
			break;
		}
	}
	/* every task has ended: every record is in the buffers */
	while (perf_round(u->perf, UINT64_MAX, trace_record, u->trace))
		;
	free(pfd);
}

/* The loop of the notify-only mode. */
static void notify_loop(struct run *u, const sigset_t *orig)
{
	struct rec *r = u->r;
	struct pollfd pfd[2];
	int fast = 0;

	for (;;) {
		if (rec_got_sigchld) {
			rec_got_sigchld = 0;
			reap(u, 0);
		}
		rec_signal = 0; /* the handler passed it on */
		if (u->status_fd < 0 && fast) {
			/*
			 * The hot path: block in RECV itself, with the
			 * signals let through so that they interrupt it. When
			 * it fails (a signal, no task left), one round of
			 * ppoll below tells why.
			 */
			if (handle_one(u) == 0) {
				if (r->out.len &&
				    rec_now_ns() - r->last_flush_ns >
					    1000000000u)
					rec_flush(r);
				continue;
			}
			fast = 0;
			continue;
		}
		fast = 1;
		pfd[0].fd = u->listener;
		pfd[0].events = POLLIN;
		pfd[1].fd = u->status_fd;
		pfd[1].events = POLLIN;
		struct timespec ts = {0, 100000000};
		int m = ppoll(pfd, u->status_fd >= 0 ? 2 : 1,
			      r->out.len ? &ts : NULL, orig);
		if (m < 0) {
			if (errno == EINTR)
				continue;
			diag_err(EXIT_TROUBLE, "poll");
		}
		if (m == 0) {
			rec_flush(r);
			continue;
		}
		if (u->status_fd >= 0 && pfd[1].revents)
			read_status(u, 0);
		if (pfd[0].revents & POLLIN) {
			handle_one(u);
			if (r->out.len &&
			    rec_now_ns() - r->last_flush_ns > 1000000000u)
				rec_flush(r);
		} else if (pfd[0].revents & (POLLHUP | POLLERR)) {
			/* no task uses the filter any more */
			reap(u, 1);
			break;
		}
	}
}

int notify_run(struct rec *r, char **argv)
{
	struct run u = {.r = r, .listener = -1, .status_fd = -1};
	int err, sv[2];
	sigset_t block, orig;
	static struct filters fl;

	char *path = find_command(argv[0], &err);
	if (!path) {
		errno = err;
		diag_warn("%s", argv[0]);
		return err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		diag_err(EXIT_SETUP, "socketpair");
	fl.nhybrid = build_filter(fl.hybrid, 0, 0);
	fl.nall = build_filter(fl.all, 1, 0);
	fl.nbpf = build_filter(fl.bpf, 0, 1);

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig);

	u.child = fork();
	if (u.child < 0)
		diag_err(EXIT_SETUP, "fork");
	if (u.child == 0) {
		close(sv[0]);
		child(sv[1], path, argv, &orig, &fl);
	}
	close(sv[1]);
	u.status_fd = sv[0];
	rec_forward_pid = u.child;

	/*
	 * The tracepoints follow the child from now on, before its exec;
	 * then the child learns which filter to install.
	 */
	const char *why = NULL;
	if (!env_set("ST_RECORD_NOPERF")) {
		/*
		 * Smaller buffers when the locked memory allowed is less
		 * (CAP_PERFMON without CAP_IPC_LOCK).
		 */
		for (size_t pages = perf_pages();; pages /= 4) {
			u.perf = perf_open(u.child, pages, &why);
			if (u.perf || (errno != EPERM && errno != ENOMEM) ||
			    pages < 64)
				break;
		}
		if (!u.perf && !r->quiet)
			diag_warn("recording without results: %s", why);
	}
	if (u.perf) {
		u.trace = trace_new(r, u.child);
		r->results = 1;
	}
	/*
	 * The eBPF path capture: calls on paths then run without a stop.
	 * When the kernel or the privileges refuse it, they stop as
	 * before, with the same log: no message (ST_RECORD_STATS tells).
	 */
	const char *bpf_why = "ST_RECORD_NOBPF";
	int bpf_err = 0;
	if (u.perf && !env_set("ST_RECORD_NOBPF")) {
		u.cap = bpf_cap_open(u.perf, u.child, &bpf_why);
		if (u.cap)
			trace_use_bpf(u.trace, u.cap);
		else
			bpf_err = errno;
	}
	char mode = u.cap ? 'b' : u.perf ? 'h' : 'n';
	if (write(u.status_fd, &mode, 1) != 1)
		diag_err(EXIT_SETUP, "cannot start %s", argv[0]);

	/*
	 * Signals stay deliverable from here on: they must interrupt a
	 * blocking RECV. The handlers only set flags and pass signals on.
	 * Without the tracepoints a timer interrupts it too, to flush the
	 * log when the traced program is idle; hybrid_loop sets its own.
	 */
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (!u.perf)
		set_timer(250000);

	struct child_report rep;
	int n = recv_report(u.status_fd, &rep, &u.listener);
	if (n != (int)sizeof(rep) || rep.stage != 0 || u.listener < 0) {
		reap(&u, 1);
		if (n == (int)sizeof(rep) && rep.stage == 1) {
			errno = rep.err;
			diag_err(EXIT_SETUP, "seccomp user notification");
		}
		diag_errx(EXIT_SETUP, "cannot start %s", argv[0]);
	}
	/*
	 * Linux 6.6: wake the task on st-record's CPU and st-record on the
	 * task's, so that the two alternate like a function call instead of
	 * waking each other across CPUs. Older kernels refuse the flag.
	 */
	ioctl(u.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0);

	if (u.perf)
		hybrid_loop(&u, &orig);
	else
		notify_loop(&u, &orig);
	set_timer(0);
	if (u.status_fd >= 0)
		read_status(&u, 1);
	if (env_set("ST_RECORD_STATS")) {
		/* for tests and benchmarks: which mode ran, how many stops */
		if (u.cap)
			diag_warnx("mode: bpf");
		else if (u.perf && bpf_err)
			diag_warnx("mode: hybrid (no bpf: %s: %s)", bpf_why,
				   strerror(bpf_err));
		else if (u.perf)
			diag_warnx("mode: hybrid (no bpf: %s)", bpf_why);
		else
			diag_warnx("mode: notify");
		diag_warnx("stops: %llu", (unsigned long long)u.stops);
		diag_warnx("decoded without a stop: %llu",
			   (unsigned long long)(u.trace ? trace_nostop(u.trace)
							: 0));
	}
	if (u.cap) {
		uint64_t n = bpf_cap_failed(u.cap, 0);
		if (n)
			diag_warnx("%llu tasks could not be followed by the "
				   "path capture: the log is incomplete",
				   (unsigned long long)n);
		n = bpf_cap_failed(u.cap, 1);
		if (n)
			diag_warnx("%llu paths could not be written by the "
				   "path capture: the log is incomplete",
				   (unsigned long long)n);
	}
	if (u.perf) {
		uint64_t lost = trace_finish(u.trace);
		bpf_cap_close(u.cap);
		perf_close(u.perf);
		if (lost)
			diag_warnx("%llu events lost (the perf ring buffers "
				   "were full): the log is incomplete",
				   (unsigned long long)lost);
	}
	rec_flush(r);
	close(u.listener);

	if (u.exec_err) {
		errno = u.exec_err;
		diag_warn("%s", argv[0]);
		return u.exec_err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC;
	}
	if (WIFEXITED(u.wstatus))
		return WEXITSTATUS(u.wstatus);
	if (WIFSIGNALED(u.wstatus))
		return 128 + WTERMSIG(u.wstatus);
	return EXIT_TROUBLE;
}
