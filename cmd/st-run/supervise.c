/*
 * supervise.c: st-run's run: fork, confine the child (no_new_privs, the
 * Landlock ruleset, the seccomp filter, exec, in that order), then report
 * each denied call the filter hands over, and exit as the command did.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "diag.h"
#include "kernel.h"
#include "log.h"
#include "run.h"

bool run_log_started;
#include "sys.h"

extern char **environ;

/*
 * What the child and st-run share before the exec: a page of shared
 * memory, because once the filter is in place the child may make no
 * system call but the exec (the policy need not allow st-run's own
 * set-up), so it waits for st-run by spinning on memory.
 */
struct shared {
	int listener; /* the child's listener descriptor, -1 until set */
	int go;	      /* st-run holds the listener: exec */
	int stage;    /* where the child failed: 1 set-up, 2 exec */
	int err;
};

static pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static void child_fail(struct shared *sh, int stage, int err)
{
	__atomic_store_n(&sh->err, err, __ATOMIC_SEQ_CST);
	__atomic_store_n(&sh->stage, stage, __ATOMIC_SEQ_CST);
	for (;;)
		syscall(SYS_exit_group, stage == 2 ? 126 : EXIT_SETUP);
}

static void child_main(const char *path, char **argv, const struct filter *f,
		       int ruleset, int abi, struct shared *sh)
{
	/* no_new_privs first: both Landlock and an unprivileged seccomp
	 * filter need it, and a set-uid program must not gain privileges
	 * the filter was not written for. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(sh, 1, errno);
	/* Landlock before seccomp, so that the filter need not allow
	 * landlock_restrict_self. */
	unsigned flags = abi >= 7 ? LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON : 0;
	if (ruleset >= 0 &&
	    syscall(SYS_landlock_restrict_self, ruleset, flags) < 0)
		child_fail(sh, 1, errno);
	if (ruleset >= 0)
		close(ruleset);
	struct sock_fprog prog = {.len = f->len, .filter = f->insns};
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  f->listener ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0,
			  &prog);
	if (fd < 0)
		child_fail(sh, 1, errno);
	if (f->listener) {
		/* The listener is close-on-exec: the program never holds
		 * it (with it, it could answer its own calls). */
		__atomic_store_n(&sh->listener, (int)fd, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&sh->go, __ATOMIC_SEQ_CST))
			__builtin_ia32_pause();
	}
	execve(path, argv, environ);
	child_fail(sh, 2, errno);
}

/* What the child needs, on st-run's stack: the child shares it. */
struct child_args {
	const char *path;
	char **argv;
	const struct filter *f;
	int ruleset, abi;
	struct shared *sh;
};

static int child_start(void *arg)
{
	const struct child_args *a = arg;
	child_main(a->path, a->argv, a->f, a->ruleset, a->abi, a->sh);
	return EXIT_SETUP; /* not reached: child_main execs or exits */
}

/* Read a NUL-terminated string at addr in pid, into b; 0 or -1. */
static int read_str(pid_t pid, uint64_t addr, struct sbuf *b)
{
	char buf[256];
	sbuf_reset(b);
	while (b->len < PATH_MAX) {
		/* not across a page end: the next page may be unmapped */
		size_t n = 4096 - (addr & 4095);
		if (n > sizeof(buf))
			n = sizeof(buf);
		struct iovec l = {buf, n}, r = {(void *)(uintptr_t)addr, n};
		ssize_t got = process_vm_readv(pid, &l, 1, &r, 1, 0);
		if (got <= 0)
			return -1;
		char *z = memchr(buf, 0, (size_t)got);
		sbuf_add(b, buf, z ? (size_t)(z - buf) : (size_t)got);
		if (z)
			return 0;
		addr += (uint64_t)got;
	}
	return -1;
}

static int proc_link(pid_t pid, const char *what, struct sbuf *b)
{
	char p[128], buf[PATH_MAX];
	snprintf(p, sizeof(p), "/proc/%d/%s", (int)pid, what);
	ssize_t n = readlink(p, buf, sizeof(buf));
	if (n < 0)
		return -1;
	sbuf_reset(b);
	sbuf_add(b, buf, (size_t)n);
	return 0;
}

/* A denied call, decoded: what a report writes. */
struct decoded {
	struct log_event ev;
	struct sbuf prog, vals[LOG_MAXARGS];
	uint64_t oflags;
	char unk[32];
};

/*
 * Decode a denied (or, complain mode, would-be-denied) call. Reading the
 * program's memory is for the report and the choice of errno only: the
 * filter has decided already that the call fails.
 */
/* A call to decode: whose, which, and what is known of its arguments. */
struct call_view {
	pid_t pid;
	uint32_t arch;
	int nr;
	const uint64_t *args; /* its registers */
	int nregs;	      /* how many of them are known */
	const char *exe;      /* its image when known, else read from /proc */
	const char *path;     /* its path, when known: not read from memory */
	const void *sa;	      /* its socket address, when known */
	size_t salen;
};

static void decode_call(struct decoded *dc, const struct call_view *cv,
			const char *self, const char *cmd)
{
	memset(dc, 0, sizeof(*dc));
	struct log_event *e = &dc->ev;
	struct sbuf *vals = dc->vals;
	uint32_t arch = cv->arch;
	int nr = cv->nr;
	if (arch == SCMP_ARCH_X86_64 && (nr & 0x40000000))
		arch = SCMP_ARCH_X32;
	const char *sys = sys_name(arch, nr);
	if (!sys) {
		snprintf(dc->unk, sizeof(dc->unk), "syscall_%d", nr);
		sys = dc->unk;
	}
	pid_t pid = cv->pid;
	if (cv->exe)
		sbuf_adds(&dc->prog, cv->exe);
	else if (proc_link(pid, "exe", &dc->prog) < 0)
		sbuf_adds(&dc->prog, "?");
	if (self && dc->prog.s && !strcmp(dc->prog.s, self))
		/* st-run's child before its exec: the exec of the command
		 * belongs to the command's policy, as st-record logs it */
		sbuf_reset(&dc->prog), sbuf_adds(&dc->prog, cmd);
	e->pid = pid;
	e->program = dc->prog.s;
	e->program_len = dc->prog.len;
	e->arch = arch;
	e->sys = sys;
	e->sys_len = strlen(sys);
	const struct call_args *ca =
		arch == sys_arch_native() ? args_of(sys) : NULL;
	for (unsigned i = 0; ca && i < ca->nargs && e->nargs < LOG_MAXARGS;
	     i++) {
		const struct arg_spec *s = &ca->args[i];
		struct sbuf *v = &vals[e->nargs];
		if (s->reg < 0 || s->reg >= cv->nregs)
			continue;
		uint64_t x = cv->args[s->reg];
		if (s->type == ARGT_OFLAGS)
			dc->oflags = x;
		if (args_type_is_int(s->type)) {
			args_format(s->type, x, v);
		} else if (s->type == ARGT_SOCKADDR && cv->sa) {
			args_format_sockaddr(cv->sa, cv->salen, v);
		} else if (s->type == ARGT_SOCKADDR) {
			unsigned char sa[128];
			size_t n = s->len_reg >= 0 && s->len_reg < cv->nregs
					   ? (size_t)cv->args[s->len_reg]
					   : sizeof(sa);
			if (n > sizeof(sa))
				n = sizeof(sa);
			struct iovec l = {sa, n}, r = {(void *)(uintptr_t)x, n};
			if (!x || process_vm_readv(pid, &l, 1, &r, 1, 0) !=
					  (ssize_t)n)
				continue;
			args_format_sockaddr(sa, n, v);
		} else if (s->type == ARGT_PATH && cv->path && !s->idx) {
			sbuf_adds(v, cv->path);
		} else {
			struct sbuf s0 = {0};
			if (read_str(pid, x, &s0) < 0) {
				sbuf_free(&s0);
				continue;
			}
			if (s->type == ARGT_PATH && s0.len && s0.s[0] != '/') {
				/* relative: as the process resolves it */
				char w[64];
				long dfd =
					s->dirfd_reg >= 0 &&
							s->dirfd_reg < cv->nregs
						? (int)cv->args[s->dirfd_reg]
						: AT_FDCWD;
				if (dfd == AT_FDCWD)
					snprintf(w, sizeof(w), "cwd");
				else
					snprintf(w, sizeof(w), "fd/%ld", dfd);
				if (proc_link(pid, w, v) == 0)
					sbuf_addc(v, '/');
			}
			sbuf_add(v, s0.s ? s0.s : "", s0.len);
			sbuf_free(&s0);
		}
		e->args[e->nargs++] =
			(struct log_arg){.name = s->name,
					 .name_len = strlen(s->name),
					 .idx = s->idx,
					 .val = v->s ? v->s : "",
					 .len = v->len};
	}
}

static void decoded_free(struct decoded *dc)
{
	for (unsigned i = 0; i < LOG_MAXARGS; i++)
		sbuf_free(&dc->vals[i]);
	sbuf_free(&dc->prog);
}

/* Whether cond holds on the printed arguments of e (false when an
 * argument it names was not decoded). */
static bool holds(const struct expr *c, const struct log_event *e)
{
	if (!c || c->kind == EXPR_TRUE)
		return true;
	switch (c->kind) {
	case EXPR_NOT:
		return !holds(c->kids[0], e);
	case EXPR_AND:
		for (size_t i = 0; i < c->nkids; i++)
			if (!holds(c->kids[i], e))
				return false;
		return true;
	case EXPR_OR:
		for (size_t i = 0; i < c->nkids; i++)
			if (holds(c->kids[i], e))
				return true;
		return false;
	default:
		break;
	}
	const struct log_arg *a = NULL;
	for (unsigned i = 0; i < e->nargs && !a; i++)
		if (e->args[i].idx == c->idx &&
		    e->args[i].name_len == strlen(c->arg) &&
		    !memcmp(e->args[i].name, c->arg, e->args[i].name_len))
			a = &e->args[i];
	if (!a)
		return false;
	char *v = strndup(a->val, a->len);
	/* a path written from $HOME: as st-run's Landlock rules read it */
	struct sbuf h = {0};
	const char *cs = c->str;
	size_t cl = c->len;
	if (!strcmp(c->arg, "filename") && enforce_expand_home(&h, cs, cl))
		cs = h.s, cl = h.len;
	bool r = policy_str_holds(c->op, cs, cl, v, a->len);
	sbuf_free(&h);
	free(v);
	return r;
}

/*
 * The policy's rule for a denied call, on its decoded arguments: its own
 * rules in order, then its alias's; NULL when none matches (the default).
 * The filter has decided whatever this says: it only chooses the errno
 * of a denial, and whether the call is reported.
 */
static const struct rule *deciding(const struct policy *p,
				   const struct decoded *dc)
{
	const struct log_event *e = &dc->ev;
	for (int pass = 0; pass < 2; pass++) {
		const struct alias *al =
			pass ? alias_for(e->sys, dc->oflags) : NULL;
		if (pass && !al)
			break;
		for (size_t i = 0; i < p->nrules; i++) {
			const struct rule *r = &p->rules[i];
			if (pass ? !r->alias || alias_find(r->name) != al
				 : r->alias || strcmp(r->name, e->sys) != 0)
				continue;
			if (holds(r->cond, e))
				return r;
		}
	}
	return NULL;
}

/*
 * Whether a permission of p covers the call with its path resolved as
 * Landlock sees it (through symbolic links: /lib/x.so is /usr/lib/x.so on
 * a merged /usr); for complain mode, which does not apply Landlock.
 */
static bool permitted_resolved(const struct policy *p, struct decoded *dc)
{
	struct log_arg *a = NULL;
	for (unsigned i = 0; i < dc->ev.nargs && !a; i++)
		if (dc->ev.args[i].idx == 0 && dc->ev.args[i].name_len == 8 &&
		    !memcmp(dc->ev.args[i].name, "filename", 8))
			a = &dc->ev.args[i];
	if (!a || !a->len || a->val[0] != '/')
		return false;
	char *v = strndup(a->val, a->len), *real = realpath(v, NULL);
	if (!real) {
		/* a file yet to be made: its directory, resolved */
		char *slash = strrchr(v, '/');
		*slash = '\0';
		char *dir = realpath(slash == v ? "/" : v, NULL);
		if (dir) {
			real = xmalloc(strlen(dir) + strlen(slash + 1) + 2);
			sprintf(real, "%s/%s", strcmp(dir, "/") ? dir : "",
				slash + 1);
			free(dir);
		}
	}
	bool ok = false;
	if (real && strcmp(real, v)) {
		struct log_arg keep = *a;
		a->val = real;
		a->len = strlen(real);
		const struct rule *r = deciding(p, dc);
		ok = r && r->act.kind == ACT_PERMIT;
		*a = keep;
	}
	free(real);
	free(v);
	return ok;
}

/*
 * Ask the operator on st-run's terminal whether a call of an ask rule
 * may run, as systrace did: once, always or never for the calls of that
 * rule. Without a terminal, or without an answer, it is denied.
 */
static bool ask(struct decoded *dc, const struct enf_sc *sc)
{
	static int tty = -2;
	static struct {
		const struct enf_sc *sc;
		bool permit;
	} mem[64];
	static size_t nmem;
	for (size_t i = 0; i < nmem; i++)
		if (mem[i].sc == sc)
			return mem[i].permit;
	if (tty == -2)
		tty = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (tty < 0)
		return false;
	struct sbuf q = {0};
	dc->ev.rkind = LOG_RES_UNKNOWN;
	log_format_event(&q, &dc->ev, sys_arch_native());
	if (q.len && q.s[q.len - 1] == '\n')
		q.s[--q.len] = '\0';
	sbuf_adds(&q,
		  "\nst-run: permit? [y]es once, [n]o, [a]lways, ne[v]er: ");
	bool permit = false;
	char a[16];
	if (write(tty, "st-run: ask: ", 13) == 13 &&
	    write(tty, q.s, q.len) == (ssize_t)q.len) {
		ssize_t n = read(tty, a, sizeof(a) - 1);
		char c = n > 0 ? a[0] : 'n';
		permit = c == 'y' || c == 'Y' || c == 'a' || c == 'A';
		if ((c == 'a' || c == 'A' || c == 'v' || c == 'V') &&
		    nmem < sizeof(mem) / sizeof(mem[0]))
			mem[nmem].sc = sc, mem[nmem++].permit = permit;
	}
	sbuf_free(&q);
	return permit;
}

/* Write one denied (or, complain mode, would-be-denied) call. */
static void report(FILE *out, struct decoded *dc, int err, bool complain)
{
	dc->ev.rkind = complain ? LOG_RES_UNKNOWN : LOG_RES_ERRNO;
	dc->ev.result = err;
	struct sbuf line = {0};
	/* the header with the first line: a run without denials prints
	 * nothing */
	if (!run_log_started) {
		log_format_header(&line, sys_arch_native());
		run_log_started = true;
	}
	log_format_event(&line, &dc->ev, sys_arch_native());
	fwrite(line.s, 1, line.len, out);
	fflush(out);
	sbuf_free(&line);
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return EXIT_SETUP;
}

/* What a Landlock denial report needs. */
struct audit_ctx {
	FILE *out;
	const char *self, *cmd;
};

/*
 * Whether Landlock's record names the refused object itself (a file read,
 * written, run), not the directory in which a name was to be made or
 * removed.
 */
static bool blocks_object(const char *blockers)
{
	static const char *const dir[] = {"fs.make_", "fs.remove_", "fs.refer",
					  "fs.change_"};
	for (size_t i = 0; i < sizeof(dir) / sizeof(dir[0]); i++)
		if (strstr(blockers, dir[i]))
			return false;
	return !strncmp(blockers, "fs.", 3);
}

/* Write one call Landlock refused as an st-log line. */
static void report_landlock(void *arg, const struct audit_denial *d)
{
	const struct audit_ctx *ax = arg;
	/* the port of a TCP bind or connect, as the call's address */
	struct sockaddr_storage ss;
	size_t salen = 0;
	memset(&ss, 0, sizeof(ss));
	if (d->port) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
		if (inet_pton(AF_INET6, d->addr, &in6->sin6_addr) == 1) {
			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)d->port);
			salen = sizeof(*in6);
		} else {
			in->sin_family = AF_INET;
			in->sin_port = htons((uint16_t)d->port);
			if (inet_pton(AF_INET, d->addr, &in->sin_addr) != 1)
				in->sin_addr.s_addr = htonl(INADDR_ANY);
			salen = sizeof(*in);
		}
	}
	struct call_view cv = {
		.pid = d->pid,
		.arch = d->arch,
		.nr = d->nr,
		.args = d->args,
		.nregs = 4,
		.exe = d->exe,
		/* a name to be made or removed is read from the program's
		 * memory, for the report only: the record names only its
		 * directory */
		.path = d->path && blocks_object(d->blockers) ? d->path : NULL,
		.sa = salen ? &ss : NULL,
		.salen = salen};
	struct decoded dc;
	decode_call(&dc, &cv, ax->self, ax->cmd);
	report(ax->out, &dc, d->err, false);
	decoded_free(&dc);
}

int run_command(const char *path, const char *real, char **argv,
		const struct filter *f, int ruleset, int abi,
		const struct enforce_plan *const *plans, size_t nplans,
		const struct opts *o, FILE *out)
{
	struct sbuf self = {0};
	if (proc_link(getpid(), "exe", &self) < 0)
		sbuf_free(&self);
	struct shared *sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		diag_err(EXIT_SETUP, "mmap");
	sh->listener = -1;
	/* Landlock's denials, when the kernel's audit tells them: read
	 * from before the command starts, so that none is missed */
	struct audit *au = NULL;
	if (out && f->listener && !o->complain && ruleset >= 0 && abi >= 7) {
		const char *why;
		au = audit_open(&why);
		if (!au && o->verbose)
			diag_warnx(
				"calls Landlock refuses are not reported: %s",
				why);
		else if (au && o->verbose)
			diag_warnx("calls Landlock refuses are reported, as "
				   "the kernel's audit tells them");
	} else if (out && !o->complain && ruleset >= 0 && o->verbose) {
		diag_warnx("calls Landlock refuses are not reported: Landlock "
			   "ABI %d logs no denials (7 does)",
			   abi);
	}
	fflush(NULL);
	/*
	 * The child shares st-run's memory until its exec (as vfork's
	 * would, without suspending st-run, which must take the listener
	 * meanwhile): copying the page tables for a fork costs more than
	 * the whole set-up on some virtual machines. The child makes only
	 * system calls: no malloc, no stdio, nothing st-run could hold.
	 * errno is shared too: until the exec, st-run's own calls fail only
	 * if a signal interrupts its short sleeps.
	 */
	struct child_args ca = {path, argv, f, ruleset, abi, sh};
	size_t stack_len = 256 * 1024;
	char *stack = mmap(NULL, stack_len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		diag_err(EXIT_SETUP, "mmap");
	child = clone(child_start, stack + stack_len, CLONE_VM | SIGCHLD, &ca);
	if (child < 0)
		diag_err(EXIT_SETUP, "clone");
	struct audit_ctx ax = {out, self.s, real};
	if (ruleset >= 0)
		close(ruleset);

	struct sigaction sa = {.sa_handler = forward};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);

	int st = 0, lfd = -1;
	bool reaped = false;
	if (f->listener) {
		int pfd = (int)syscall(SYS_pidfd_open, child, 0);
		if (pfd < 0)
			diag_err(EXIT_SETUP, "pidfd_open");
		/* Wait for the child to install the filter (or fail). */
		for (;;) {
			int l = __atomic_load_n(&sh->listener,
						__ATOMIC_SEQ_CST);
			if (l >= 0) {
				lfd = (int)syscall(SYS_pidfd_getfd, pfd, l, 0);
				if (lfd < 0) {
					int e = errno;
					kill(child, SIGKILL);
					errno = e;
					diag_err(EXIT_SETUP,
						 "pidfd_getfd (the listener)");
				}
				break;
			}
			if (waitpid(child, &st, WNOHANG) == child) {
				reaped = true;
				break;
			}
			struct timespec ts = {0, 20000};
			nanosleep(&ts, NULL);
		}
		close(pfd);
		fcntl(lfd, F_SETFD, FD_CLOEXEC);
		__atomic_store_n(&sh->go, 1, __ATOMIC_SEQ_CST);
	}

	/* Serve the listener until every confined process is gone: children
	 * of the command carry the filter and may still be denied. */
	while (lfd >= 0) {
		struct pollfd pa[2] = {{.fd = lfd, .events = POLLIN},
				       {.fd = audit_fd(au), .events = POLLIN}};
		struct pollfd p = pa[0];
		int n = poll(pa, au ? 2 : 1, reaped ? -1 : 200);
		if (n < 0 && errno != EINTR)
			diag_err(EXIT_SETUP, "poll");
		if (!reaped && waitpid(child, &st, WNOHANG) == child)
			reaped = true;
		if (n <= 0)
			continue;
		if (au && (pa[1].revents & POLLIN))
			audit_read(au, child, report_landlock, &ax, false);
		p = pa[0];
		if (p.revents & POLLIN) {
			struct seccomp_notif rq;
			memset(&rq, 0, sizeof(rq));
			if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &rq) < 0)
				continue; /* the caller died meanwhile */
			/* the policy of the call's architecture: the
			 * command's, or one of its emulations' */
			uint32_t arch = rq.data.arch;
			if (arch == SCMP_ARCH_X86_64 &&
			    (rq.data.nr & 0x40000000))
				arch = SCMP_ARCH_X32;
			const struct enforce_plan *plan = NULL;
			for (size_t k = 0; k < nplans && !plan; k++)
				if (plans[k]->pol->arch == arch ||
				    (!k &&
				     plans[k]->pol->arch == SCMP_ARCH_NATIVE &&
				     arch == sys_arch_native()))
					plan = plans[k];
			bool own = plan != NULL;
			/* the seccomp rule the call matched (NULL: the
			 * default, or a foreign architecture) */
			const struct enf_sc *sc =
				own ? enforce_sc_match(
					      plan, rq.data.nr,
					      (const uint64_t *)rq.data.args)
				    : NULL;
			int err = sc && sc->act != ENF_ALLOW ? sc->err : EPERM;
			struct decoded dc;
			struct call_view cv = {
				.pid = (pid_t)rq.pid,
				.arch = rq.data.arch,
				.nr = rq.data.nr,
				.args = (const uint64_t *)rq.data.args,
				.nregs = 6};
			decode_call(&dc, &cv, self.s, real);
			/* a denial the policy names by path or address (which
			 * the filter cannot read) answers with its errno; an
			 * absence it records (deny[ENOENT]: the run saw the
			 * path or socket missing) is what the kernel would
			 * answer, reported only when the policy says log */
			const struct rule *r =
				own ? deciding(plan->pol, &dc) : NULL;
			bool tell = true;
			/* the filter permitted the call: it runs */
			bool run = o->complain || (sc && sc->act == ENF_ALLOW);
			if (sc && sc->act == ENF_ASK && !o->complain) {
				/* the operator decides on what the filter
				 * matched; the arguments shown are read for
				 * the question only */
				run = ask(&dc, sc);
				err = sc->err;
				tell = !run || sc->log;
			} else if (sc && sc->act == ENF_ALLOW && sc->log) {
				/* permit log: reported, and let through (the
				 * filter decided; the report only reads) */
				tell = true;
			} else if (sc && sc->act == ENF_ALLOW) {
				/* complain mode, a call seccomp allows and
				 * Landlock would judge by its path or port:
				 * logged unless a permission covers it */
				tell = !(r && r->act.kind == ACT_PERMIT) &&
				       !permitted_resolved(plan->pol, &dc);
			} else if (r && r->act.kind == ACT_DENY) {
				err = r->act.err;
				tell = err != ENOENT || r->act.log ||
				       o->complain;
			}
			/* whether the call was still pending while we read:
			 * else the pid may have gone, and the report could
			 * describe another process */
			if (out && tell &&
			    ioctl(lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &rq.id) ==
				    0)
				report(out, &dc, err, run);
			decoded_free(&dc);
			struct seccomp_notif_resp rp = {.id = rq.id};
			if (run) {
				rp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
			} else {
				rp.error = -err;
			}
			ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &rp);
			if (__atomic_load_n(&sh->stage, __ATOMIC_SEQ_CST))
				kill(child, SIGKILL); /* exec failed and
							 exit is denied */
		} else if (p.revents & (POLLHUP | POLLERR)) {
			break;
		}
	}
	if (!reaped)
		while (waitpid(child, &st, 0) < 0)
			if (errno != EINTR)
				diag_err(EXIT_SETUP, "waitpid");
	/* the kernel wrote each record before the call returned: all are
	 * queued now */
	if (au && audit_read(au, child, report_landlock, &ax, true) < 0)
		diag_warnx("the kernel dropped audit records: some calls "
			   "Landlock refused are not reported");
	audit_close(au);
	int stage = __atomic_load_n(&sh->stage, __ATOMIC_SEQ_CST);
	int err = __atomic_load_n(&sh->err, __ATOMIC_SEQ_CST);
	if (stage == 1) {
		errno = err;
		diag_err(EXIT_SETUP, "cannot confine the command");
	}
	if (stage == 2) {
		errno = err;
		diag_warn("%s", path);
		return err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC;
	}
	return status_of(st);
}
