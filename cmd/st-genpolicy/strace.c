/*
 * strace.c: read `strace -f` output (with or without -tt, -y, -yy, -T;
 * "<unfinished ...>" and "<... resumed>" joined) as st-log events, so
 * existing traces become policies. See st-genpolicy(1) for what is
 * decoded and what a trace cannot tell.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "genpolicy.h"
#include "lines.h"
#include "quote.h"
#include "sys.h"

#define MAXPARTS 16

/* What a process is: its program, architecture, cwd; and its open files. */
struct proc {
	long pid;
	char *program;
	uint32_t arch;
	char *cwd;
	bool clone_pending; /* a fork of it has not returned yet */
	bool dead;	    /* "+++ exited" */
};

struct fdpath {
	long pid;
	long fd;
	char *path;
};

struct pending {
	long pid;
	char *text; /* the call up to "<unfinished ...>" */
	unsigned line;
};

struct strace_reader {
	struct lines in; /* counts the lines, too */
	const char *name;
	struct proc *procs;
	size_t nprocs, capprocs;
	struct fdpath *fds;
	size_t nfds, capfds;
	struct pending *pend;
	size_t npend, cappend;
	long last_pid;
	struct sbuf joined, vals, tmp, oldprog, carry, whole;
	char *lstart; /* the current line, for columns */
	/* the strings the event's pointers refer to */
	char names[LOG_MAXARGS][16];
};

struct strace_reader *strace_open(int fd, const char *name, char *prefix,
				  size_t plen)
{
	struct strace_reader *r = xcalloc(1, sizeof(*r));
	lines_init(&r->in, fd, prefix, plen);
	r->name = name;
	return r;
}

void strace_close(struct strace_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nprocs; i++) {
		free(r->procs[i].program);
		free(r->procs[i].cwd);
	}
	for (size_t i = 0; i < r->nfds; i++)
		free(r->fds[i].path);
	for (size_t i = 0; i < r->npend; i++)
		free(r->pend[i].text);
	free(r->procs);
	free(r->fds);
	free(r->pend);
	sbuf_free(&r->joined);
	sbuf_free(&r->vals);
	sbuf_free(&r->tmp);
	sbuf_free(&r->oldprog);
	sbuf_free(&r->carry);
	sbuf_free(&r->whole);
	lines_free(&r->in);
	free(r);
}

static int fail(struct strace_reader *r, struct diags *d, const char *at,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(struct strace_reader *r, struct diags *d, const char *at,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct loc loc = {r->name, r->in.line, 1};
	if (at && r->lstart && at >= r->lstart)
		loc.col = (unsigned)(at - r->lstart) + 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, SEV_ERROR, "syntax", &loc, NULL, "%s", msg);
	return -1;
}

static struct proc *proc_find(struct strace_reader *r, long pid)
{
	for (size_t i = r->nprocs; i-- > 0;)
		if (r->procs[i].pid == pid)
			return &r->procs[i];
	return NULL;
}

static struct proc *proc_new(struct strace_reader *r, long pid,
			     const struct proc *from)
{
	if (r->nprocs == r->capprocs) {
		r->capprocs = r->capprocs ? r->capprocs * 2 : 16;
		r->procs = xrealloc(r->procs, r->capprocs * sizeof(*r->procs));
	}
	struct proc *p = &r->procs[r->nprocs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->arch = from ? from->arch : sys_arch_native();
	p->program = from && from->program ? xstrdup(from->program) : NULL;
	p->cwd = from && from->cwd ? xstrdup(from->cwd) : NULL;
	return p;
}

static const char *fd_path(struct strace_reader *r, long pid, long fd)
{
	for (size_t i = r->nfds; i-- > 0;)
		if (r->fds[i].pid == pid && r->fds[i].fd == fd)
			return r->fds[i].path;
	return NULL;
}

static void fd_put(struct strace_reader *r, long pid, long fd, const char *path)
{
	for (size_t i = 0; i < r->nfds; i++) {
		if (r->fds[i].pid == pid && r->fds[i].fd == fd) {
			free(r->fds[i].path);
			if (path) {
				r->fds[i].path = xstrdup(path);
			} else {
				r->fds[i] = r->fds[--r->nfds];
			}
			return;
		}
	}
	if (!path)
		return;
	if (r->nfds == r->capfds) {
		r->capfds = r->capfds ? r->capfds * 2 : 64;
		r->fds = xrealloc(r->fds, r->capfds * sizeof(*r->fds));
	}
	r->fds[r->nfds++] = (struct fdpath){pid, fd, xstrdup(path)};
}

/* A child gets copies of its parent's descriptors. */
static void fd_inherit(struct strace_reader *r, long parent, long child)
{
	size_t n = r->nfds;
	for (size_t i = 0; i < n; i++)
		if (r->fds[i].pid == parent)
			fd_put(r, child, r->fds[i].fd, r->fds[i].path);
}

/* Split "a, b(c, d), "e,f"" at the top-level commas. */
static size_t split(char *s, char *end, char **part, char **pend)
{
	size_t n = 0;
	int depth = 0;
	char *start = s;
	while (s < end) {
		if (*s == '"') {
			for (s++; s < end && *s != '"'; s++)
				if (*s == '\\')
					s++;
		} else if (*s == '/' && s + 1 < end && s[1] == '*') {
			char *c = strstr(s + 2, "*/");
			s = c && c < end ? c + 1 : end - 1;
		} else if (*s == '(' || *s == '[' || *s == '{') {
			depth++;
		} else if (*s == ')' || *s == ']' || *s == '}') {
			depth--;
		} else if (*s == ',' && depth == 0) {
			if (n < MAXPARTS) {
				part[n] = start;
				pend[n++] = s;
			}
			start = s + 1;
		}
		s++;
	}
	if (n < MAXPARTS && (start < end || n)) {
		part[n] = start;
		pend[n++] = end;
	}
	for (size_t i = 0; i < n; i++) {
		while (part[i] < pend[i] && isspace((unsigned char)*part[i]))
			part[i]++;
		while (pend[i] > part[i] && isspace((unsigned char)pend[i][-1]))
			pend[i]--;
	}
	return n;
}

/* A strace string literal at s: its bytes appended to out. */
static int cstring(const char *s, const char *end, struct sbuf *out,
		   const char **next)
{
	if (s >= end || *s != '"')
		return -1;
	for (s++; s < end && *s != '"'; s++) {
		if (*s != '\\') {
			sbuf_addc(out, *s);
			continue;
		}
		if (++s >= end)
			return -1;
		switch (*s) {
		case 'n':
			sbuf_addc(out, '\n');
			break;
		case 't':
			sbuf_addc(out, '\t');
			break;
		case 'r':
			sbuf_addc(out, '\r');
			break;
		case 'v':
			sbuf_addc(out, '\v');
			break;
		case 'f':
			sbuf_addc(out, '\f');
			break;
		case 'x': {
			unsigned v = 0;
			int k = 0;
			while (k < 2 && s + 1 < end &&
			       isxdigit((unsigned char)s[1])) {
				s++;
				v = v * 16 +
				    (unsigned)(isdigit((unsigned char)*s)
						       ? *s - '0'
						       : (*s | 32) - 'a' + 10);
				k++;
			}
			sbuf_addc(out, (char)v);
			break;
		}
		default:
			if (*s >= '0' && *s <= '7') {
				unsigned v = (unsigned)(*s - '0');
				for (int k = 0; k < 2 && s + 1 < end &&
						s[1] >= '0' && s[1] <= '7';
				     k++)
					v = v * 8 + (unsigned)(*++s - '0');
				sbuf_addc(out, (char)v);
			} else {
				sbuf_addc(out, *s);
			}
		}
	}
	if (s >= end)
		return -1;
	*next = s + 1;
	return 0;
}

/* "3</path>" (strace -y): the path; or NULL. Sets *fd. */
static const char *fd_annot(const char *s, const char *end, long *fd,
			    struct sbuf *out)
{
	char *q;
	*fd = strtol(s, &q, 10);
	if (q == s)
		return NULL;
	if (q < end && *q == '<' && end[-1] == '>' && q[1] == '/') {
		/* -yy adds the device: "1</dev/null<char 1:3>>" */
		const char *e = end - 1;
		if (e[-1] == '>') {
			const char *lt = e - 1;
			while (lt > q + 1 && *lt != '<')
				lt--;
			if (lt > q + 1)
				e = lt;
		}
		sbuf_add(out, q + 1, (size_t)(e - (q + 1)));
		return out->s;
	}
	return NULL;
}

/* Join dir and a relative path. */
static void join(struct sbuf *out, const char *dir, const char *rel, size_t n)
{
	sbuf_adds(out, dir);
	if (n) {
		if (!out->len || out->s[out->len - 1] != '/')
			sbuf_addc(out, '/');
		sbuf_add(out, rel, n);
	}
}

static const struct {
	const char *name;
	uint64_t v;
} oflag_names[] = {
	{"O_RDONLY", O_RDONLY},	      {"O_WRONLY", O_WRONLY},
	{"O_RDWR", O_RDWR},	      {"O_ACCMODE", O_ACCMODE},
	{"O_CREAT", O_CREAT},	      {"O_EXCL", O_EXCL},
	{"O_NOCTTY", O_NOCTTY},	      {"O_TRUNC", O_TRUNC},
	{"O_APPEND", O_APPEND},	      {"O_NONBLOCK", O_NONBLOCK},
	{"O_NDELAY", O_NDELAY},	      {"O_DSYNC", O_DSYNC},
	{"O_SYNC", O_SYNC},	      {"O_RSYNC", O_RSYNC},
	{"O_DIRECTORY", O_DIRECTORY}, {"O_NOFOLLOW", O_NOFOLLOW},
	{"O_CLOEXEC", O_CLOEXEC},     {"O_ASYNC", O_ASYNC},
	{"O_DIRECT", O_DIRECT},	      {"O_LARGEFILE", 0100000},
	{"O_NOATIME", O_NOATIME},     {"O_PATH", O_PATH},
	{"O_TMPFILE", O_TMPFILE},
};

/* "A|B|0x10" as a value: each part through name(), or a number. */
static int bits(const char *s, const char *end, enum arg_type t, uint64_t *out,
		struct sbuf *tmp)
{
	uint64_t v = 0;
	while (s < end) {
		const char *e = memchr(s, '|', (size_t)(end - s));
		if (!e)
			e = end;
		uint64_t x, mask;
		size_t n = (size_t)(e - s);
		int ok = 0;
		if (t == ARGT_OFLAGS) {
			for (size_t i = 0;
			     i < sizeof(oflag_names) / sizeof(oflag_names[0]);
			     i++)
				if (strlen(oflag_names[i].name) == n &&
				    memcmp(oflag_names[i].name, s, n) == 0) {
					x = oflag_names[i].v;
					ok = 1;
				}
		} else {
			sbuf_reset(tmp);
			sbuf_add(tmp, s, n);
			ok = args_parse(t, tmp->s, &x, &mask) == 0;
		}
		if (!ok) {
			char *q;
			sbuf_reset(tmp);
			sbuf_add(tmp, s, n);
			x = strtoull(tmp->s, &q, 0);
			if (!n || *q)
				return -1;
		}
		v |= x;
		s = e + 1;
	}
	*out = v;
	return 0;
}

/* One sockaddr structure as strace prints it, in st's printed form. */
static int sockaddr(const char *s, const char *end, struct sbuf *out,
		    struct sbuf *tmp)
{
	if (s >= end || *s != '{' || end[-1] != '}')
		return -1;
	char *part[MAXPARTS], *pe[MAXPARTS];
	size_t n = split((char *)s + 1, (char *)end - 1, part, pe);
	const char *fam = NULL, *port = NULL, *addr = NULL, *path = NULL;
	size_t famn = 0;
	bool abstract = false;
	for (size_t i = 0; i < n; i++) {
		const char *p = part[i];
		size_t k = (size_t)(pe[i] - p);
		if (k > 10 && memcmp(p, "sa_family=", 10) == 0) {
			fam = p + 10;
			famn = k - 10;
		} else if ((k > 15 && memcmp(p, "sin_port=htons(", 15) == 0) ||
			   (k > 16 && memcmp(p, "sin6_port=htons(", 16) == 0)) {
			port = strchr(p, '(') + 1;
		} else if (k > 19 &&
			   memcmp(p, "sin_addr=inet_addr(", 19) == 0) {
			addr = p + 19;
		} else if (k > 10 && memcmp(p, "inet_pton(", 10) == 0) {
			addr = memchr(p, '"', k);
		} else if (k > 9 && memcmp(p, "sun_path=", 9) == 0) {
			path = p + 9;
			if (*path == '@') {
				abstract = true;
				path++;
			}
		}
	}
	if (!fam)
		return -1;
	const char *nx;
	if (famn == 7 && memcmp(fam, "AF_UNIX", 7) == 0) {
		sbuf_adds(out, abstract ? "unix-@" : "unix-");
		if (path && cstring(path, end, out, &nx) < 0)
			return -1;
		return 0;
	}
	bool v6 = famn == 8 && memcmp(fam, "AF_INET6", 8) == 0;
	if ((v6 || (famn == 7 && memcmp(fam, "AF_INET", 7) == 0)) && addr &&
	    port) {
		sbuf_adds(out, v6 ? "inet6-[" : "inet-[");
		if (cstring(addr, end, out, &nx) < 0)
			return -1;
		sbuf_addc(out, ']');
		sbuf_addc(out, ':');
		while (isdigit((unsigned char)*port))
			sbuf_addc(out, *port++);
		return 0;
	}
	uint64_t v, mask;
	sbuf_reset(tmp);
	sbuf_add(tmp, fam, famn);
	if (args_parse(ARGT_SOCKDOM, tmp->s, &v, &mask) < 0)
		return -1;
	sbuf_printf(out, "family(%d)", (int)v);
	return 0;
}

/* Decode argument text [s, e) of type t into r->vals. */
static int decode(struct strace_reader *r, const struct arg_spec *spec,
		  const char *s, const char *e, const char *dirtext,
		  const char *dirend, struct proc *p, long pid)
{
	struct sbuf *v = &r->vals;
	uint64_t x, mask;
	const char *nx;
	switch (spec->type) {
	case ARGT_PATH:
	case ARGT_STRING: {
		struct sbuf raw = {0};
		if (cstring(s, e, &raw, &nx) < 0) {
			sbuf_free(&raw);
			return -1;
		}
		if (spec->type == ARGT_PATH && (!raw.len || raw.s[0] != '/')) {
			/* relative to the dirfd, or to the cwd */
			const char *dir = NULL;
			long fd = -100;
			sbuf_reset(&r->tmp);
			if (dirtext && !(dirend - dirtext == 8 &&
					 memcmp(dirtext, "AT_FDCWD", 8) == 0)) {
				dir = fd_annot(dirtext, dirend, &fd, &r->tmp);
				if (!dir)
					dir = fd_path(r, pid, fd);
			} else {
				dir = p->cwd;
			}
			if (dir) {
				join(v, dir, raw.s ? raw.s : "", raw.len);
				sbuf_free(&raw);
				return 0;
			}
			/* the trace does not say where it is: no condition
			 * rather than one that never matches */
			sbuf_free(&raw);
			return -1;
		}
		sbuf_add(v, raw.s ? raw.s : "", raw.len);
		sbuf_free(&raw);
		return 0;
	}
	case ARGT_SOCKADDR:
		return sockaddr(s, e, v, &r->tmp);
	case ARGT_FD:
		return -1; /* not kept */
	case ARGT_SOCKTYPE: {
		const char *bar = memchr(s, '|', (size_t)(e - s));
		if (bar)
			e = bar;
	}
	/* fall through */
	case ARGT_SOCKDOM:
	case ARGT_FCNTL:
	case ARGT_IOCTL:
	case ARGT_PRCTL:
	case ARGT_UID:
	case ARGT_GID:
	case ARGT_SIGNAL:
		sbuf_reset(&r->tmp);
		if (spec->type == ARGT_SIGNAL && e - s > 6 &&
		    memcmp(s, "SIGRT_", 6) == 0) {
			sbuf_adds(&r->tmp, "SIGRTMIN+");
			sbuf_add(&r->tmp, s + 6, (size_t)(e - s - 6));
		} else {
			sbuf_add(&r->tmp, s, (size_t)(e - s));
		}
		if (args_parse(spec->type, r->tmp.s, &x, &mask) < 0)
			return -1;
		args_format(spec->type, x, v);
		return 0;
	case ARGT_MODE: {
		const char *bar = memchr(s, '|', (size_t)(e - s));
		char *q;
		if (bar)
			return -1;
		sbuf_reset(&r->tmp);
		sbuf_add(&r->tmp, s, (size_t)(e - s));
		x = strtoull(r->tmp.s, &q, 8);
		if (*q || q == r->tmp.s)
			return -1;
		args_format(ARGT_MODE, x, v);
		return 0;
	}
	case ARGT_OFLAGS:
	case ARGT_PROT:
	case ARGT_CLONE:
		if (bits(s, e, spec->type, &x, &r->tmp) < 0)
			return -1;
		args_format(spec->type, x, v);
		return 0;
	}
	return -1;
}

/* "flags=..." among the parts, or inside a structure part. */
static int named(char **part, char **pe, size_t n, const char *key,
		 const char **s, const char **e)
{
	size_t k = strlen(key);
	for (size_t i = 0; i < n; i++) {
		char *p = part[i];
		if (*p == '{') {
			char *sub[MAXPARTS], *se[MAXPARTS];
			char *q = pe[i] - (pe[i][-1] == '}');
			size_t m = split(p + 1, q, sub, se);
			if (named(sub, se, m, key, s, e) == 0)
				return 0;
		} else if ((size_t)(pe[i] - p) > k && memcmp(p, key, k) == 0) {
			*s = p + k;
			*e = pe[i];
			return 0;
		}
	}
	return -1;
}

static bool is_fork(const char *sys)
{
	return !strcmp(sys, "clone") || !strcmp(sys, "clone3") ||
	       !strcmp(sys, "fork") || !strcmp(sys, "vfork");
}

/* The errno named by the word at en ("ENOENT (No such ..."), or 0. */
static int errno_word(const char *en)
{
	const char *ee = en;
	while (isupper((unsigned char)*ee) || isdigit((unsigned char)*ee))
		ee++;
	return sys_errno_lookup(en, (size_t)(ee - en));
}

/*
 * One whole call "name(args) = result ..." of pid into ev. Returns 1 (an
 * event), 0 (nothing to fold) or -1.
 */
static int call(struct strace_reader *r, long pid, char *s, char *end,
		struct log_event *ev, struct diags *d)
{
	char *open = s;
	while (open < end && (isalnum((unsigned char)*open) || *open == '_'))
		open++;
	if (open == s || open >= end || *open != '(')
		return fail(r, d, open, "unrecognised strace line");
	/* the result: the last " = " outside strings */
	char *eq = NULL;
	for (char *q = open; q + 2 < end; q++) {
		if (*q == '"') {
			for (q++; q < end && *q != '"'; q++)
				if (*q == '\\')
					q++;
		} else if (q[0] == ' ' && q[1] == '=' && q[2] == ' ') {
			eq = q;
		}
	}
	if (!eq)
		return fail(r, d, end, "expected \" = \" and a result");
	char *close = eq;
	while (close > open && close[-1] == ' ')
		close--;
	if (close[-1] != ')')
		return fail(r, d, close, "expected \")\" before the result");
	close--;

	*open = '\0';
	struct proc *p = proc_find(r, pid);
	if (!p) {
		/* a child that ran before its parent's fork returned */
		struct proc *parent = NULL;
		for (size_t i = 0; i < r->nprocs && !parent; i++)
			if (r->procs[i].clone_pending)
				parent = &r->procs[i];
		if (!parent)
			parent = proc_find(r, r->last_pid);
		p = proc_new(r, pid, parent);
		if (parent)
			fd_inherit(r, parent->pid, pid);
	}

	char *res = eq + 3;
	while (res < end && *res == ' ')
		res++;
	ev->rkind = LOG_RES_VALUE;
	ev->result = 0;
	long long rv = 0;
	if (*res == '?') {
		ev->rkind = LOG_RES_UNKNOWN;
		char *en = res + 1;
		while (*en == ' ')
			en++;
		if (*en == 'E') {
			int e = errno_word(en);
			if (e) {
				ev->rkind = LOG_RES_ERRNO;
				ev->result = e;
			}
		}
	} else {
		char *q;
		rv = strtoll(res, &q, 0);
		if (q == res)
			return fail(r, d, res, "invalid result");
		if (rv == -1 && *q == ' ' && q[1] == 'E') {
			int e = errno_word(q + 1);
			if (e) {
				ev->rkind = LOG_RES_ERRNO;
				ev->result = e;
			} else {
				ev->rkind = LOG_RES_UNKNOWN;
			}
		} else {
			ev->result = rv;
		}
	}

	char *part[MAXPARTS], *pe[MAXPARTS];
	size_t n = split(open + 1, close, part, pe);
	const struct call_args *ca = args_of(s);
	sbuf_reset(&r->vals);
	size_t off[LOG_MAXARGS];
	unsigned na = 0;
	for (unsigned i = 0; ca && i < ca->nargs && na < LOG_MAXARGS; i++) {
		const struct arg_spec *spec = &ca->args[i];
		const char *as, *ae;
		if (spec->type == ARGT_FD)
			continue;
		if (spec->type == ARGT_CLONE &&
		    named(part, pe, n, "flags=", &as, &ae) == 0) {
			/* clone's flags are named; clone3's are in a struct */
			const char *ss, *se;
			struct sbuf fl = {0};
			sbuf_add(&fl, as, (size_t)(ae - as));
			if (!strcmp(s, "clone3") &&
			    named(part, pe, n, "exit_signal=", &ss, &se) == 0 &&
			    !(se - ss == 1 && *ss == '0')) {
				sbuf_addc(&fl, '|');
				sbuf_add(&fl, ss, (size_t)(se - ss));
			}
			size_t o = r->vals.len;
			uint64_t x;
			if (bits(fl.s, fl.s + fl.len, ARGT_CLONE, &x,
				 &r->tmp) == 0) {
				args_format(ARGT_CLONE, x, &r->vals);
				off[na] = o;
				snprintf(r->names[na], sizeof(r->names[na]),
					 "%s=", spec->name);
				ev->args[na].name = r->names[na];
				ev->args[na].name_len = strlen(spec->name);
				ev->args[na].idx = spec->idx;
				ev->args[na].len = r->vals.len - o;
				sbuf_addc(&r->vals, '\0');
				na++;
			}
			sbuf_free(&fl);
			continue;
		}
		if (spec->reg < 0 || (size_t)spec->reg >= n)
			continue;
		as = part[spec->reg];
		ae = pe[spec->reg];
		const char *dt = NULL, *de = NULL;
		if (spec->dirfd_reg >= 0 && (size_t)spec->dirfd_reg < n) {
			dt = part[spec->dirfd_reg];
			de = pe[spec->dirfd_reg];
		}
		size_t o = r->vals.len;
		if (decode(r, spec, as, ae, dt, de, p, pid) < 0) {
			r->vals.len = o;
			continue; /* not decodable: the rule is wider */
		}
		off[na] = o;
		snprintf(r->names[na], sizeof(r->names[na]), "%s=", spec->name);
		ev->args[na].name = r->names[na];
		ev->args[na].name_len = strlen(spec->name);
		ev->args[na].idx = spec->idx;
		ev->args[na].len = r->vals.len - o;
		sbuf_addc(&r->vals, '\0');
		na++;
	}
	for (unsigned i = 0; i < na; i++)
		ev->args[i].val = r->vals.s + off[i];
	ev->nargs = na;
	ev->pid = pid;
	ev->program = p->program ? p->program : "?";
	ev->program_len = strlen(ev->program);
	ev->arch = p->arch;
	ev->sys = s;
	ev->sys_len = (size_t)(open - s);
	ev->loc.file = r->name;
	ev->loc.line = r->in.line;
	ev->loc.col = (unsigned)(s - r->lstart) + 1;

	/* what the call changes for the calls after it */
	bool ok = ev->rkind == LOG_RES_VALUE;
	const char *path = NULL;
	for (unsigned i = 0; i < na; i++)
		if (!strcmp(r->names[i], "filename=") && !ev->args[i].idx)
			path = ev->args[i].val;
	if (ok && (!strcmp(s, "execve") || !strcmp(s, "execveat")) && path) {
		if (!p->program) {
			/* the first program: its exec is its own */
			p->program = xstrdup(path);
			ev->program = p->program;
			ev->program_len = strlen(path);
			p->clone_pending = false;
			return 1;
		}
		p->clone_pending = false;
		/* the exec belongs to the caller's policy; ev->program must
		 * stay valid until the next read */
		sbuf_reset(&r->oldprog);
		sbuf_adds(&r->oldprog, p->program);
		free(p->program);
		p->program = xstrdup(path);
		ev->program = r->oldprog.s;
		ev->program_len = r->oldprog.len;
	} else if (ok && is_fork(s) && rv > 0) {
		p->clone_pending = false;
		struct proc *c = proc_find(r, rv);
		if (!c) {
			/* proc_new may move p */
			long ppid = p->pid;
			c = proc_new(r, rv, p);
			p = proc_find(r, ppid);
			fd_inherit(r, ppid, rv);
			ev->program = p->program ? p->program : "?";
			ev->program_len = strlen(ev->program);
		}
	} else if (ok && rv >= 0 && path &&
		   (!strcmp(s, "open") || !strcmp(s, "openat") ||
		    !strcmp(s, "openat2") || !strcmp(s, "creat"))) {
		fd_put(r, pid, rv, path);
	} else if (ok && path && !strcmp(s, "chdir")) {
		free(p->cwd);
		p->cwd = xstrdup(path);
	} else if (ok && !strcmp(s, "close") && n) {
		fd_put(r, pid, strtol(part[0], NULL, 10), NULL);
	} else if (ok &&
		   (!strcmp(s, "dup") || !strcmp(s, "dup2") ||
		    !strcmp(s, "dup3")) &&
		   n) {
		const char *src = fd_path(r, pid, strtol(part[0], NULL, 10));
		char *cp = src ? xstrdup(src) : NULL;
		fd_put(r, pid, rv, cp);
		free(cp);
	}
	return 1;
}

/*
 * A process first named when it resumes a call that was left unfinished
 * by the unnamed first process (pid 0): strace -f names the first process
 * only once there is a second. It is that process: rename it. Returns
 * the index of the pending call, or r->npend.
 */
static size_t adopt(struct strace_reader *r, long pid)
{
	size_t i;
	for (i = 0; i < r->npend && r->pend[i].pid != 0; i++)
		;
	if (i == r->npend)
		return i;
	struct proc *p = proc_find(r, 0);
	if (p)
		p->pid = pid;
	for (size_t k = 0; k < r->nfds; k++)
		if (r->fds[k].pid == 0)
			r->fds[k].pid = pid;
	for (size_t k = 0; k < r->npend; k++)
		if (r->pend[k].pid == 0)
			r->pend[k].pid = pid;
	return i;
}

/* Skip "[pid N] ", "N ", and a timestamp; returns the pid (or 0). */
static char *prefix(char *s, char *end, long *pid)
{
	*pid = 0;
	if (end - s > 5 && memcmp(s, "[pid", 4) == 0) {
		char *q;
		*pid = strtol(s + 4, &q, 10);
		if (*q == ']')
			s = q + 1;
	} else if (isdigit((unsigned char)*s)) {
		char *q = s;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		if (q < end && *q == ' ') {
			*pid = strtol(s, NULL, 10);
			s = q;
		}
	}
	while (s < end && *s == ' ')
		s++;
	/* -t, -tt, -ttt, -r: digits, ':' and '.' then a space */
	char *q = s;
	while (q < end &&
	       (isdigit((unsigned char)*q) || *q == ':' || *q == '.'))
		q++;
	if (q > s && q < end && *q == ' ' &&
	    (memchr(s, ':', (size_t)(q - s)) ||
	     memchr(s, '.', (size_t)(q - s))))
		s = q;
	while (s < end && *s == ' ')
		s++;
	return s;
}

int strace_read(struct strace_reader *r, struct log_event *ev, struct diags *d)
{
	char *line;
	size_t n;
	for (;;) {
		int k = lines_next(&r->in, &line, &n);
		if (k <= 0)
			return k;
		line[n] = '\0';
		r->lstart = line;
		if (r->carry.len) {
			/* the rest of a line strace's own note cut in two */
			sbuf_add(&r->carry, line, n);
			sbuf_reset(&r->whole);
			sbuf_add(&r->whole, r->carry.s, r->carry.len);
			sbuf_reset(&r->carry);
			line = r->whole.s;
			n = r->whole.len;
			r->lstart = NULL;
		}
		char *end = line + n;
		/* "vfork(strace: Process 42 attached": strace writing to
		 * standard error interrupts a line with a note */
		char *note =
			n > 20 ? strstr(line + 1, "strace: Process ") : NULL;
		if (note && end - note > 9 &&
		    (!memcmp(end - 8, "attached", 8) ||
		     !memcmp(end - 8, "detached", 8))) {
			sbuf_add(&r->carry, line, (size_t)(note - line));
			continue;
		}
		long pid;
		char *s = prefix(line, end, &pid);
		if (s == end)
			continue;
		/*
		 * No pid: strace without -f, or strace -f writing to standard
		 * error while it traces one process only. That is the one
		 * process alive, or, before any is known, pid 0.
		 */
		if (!pid) {
			struct proc *only = NULL;
			size_t alive = 0;
			for (size_t i = 0; i < r->nprocs; i++)
				if (!r->procs[i].dead) {
					alive++;
					only = &r->procs[i];
				}
			if (alive == 1)
				pid = only->pid;
		}
		if (*s == '+') {
			struct proc *p = proc_find(r, pid);
			if (p && (strstr(s, "exited") || strstr(s, "killed")))
				p->dead = true;
			continue;
		}
		if ((end - s > 3 && memcmp(s, "---", 3) == 0) ||
		    (end - s > 7 && memcmp(s, "strace:", 7) == 0))
			continue; /* exits, signals, strace's own notes */
		if (*s == '[') {
			/* "[ Process PID 42 runs in 32 bit mode. ]" */
			char *q = strstr(s, "runs in ");
			long ppid = 0;
			char *pp = strstr(s, "PID");
			if (pp && (pp[3] == '=' || pp[3] == ' '))
				ppid = strtol(pp + 4, NULL, 10);
			struct proc *p = ppid ? proc_find(r, ppid) : NULL;
			if (q && p) {
				q += 8;
				uint32_t a = 0;
				if (!strncmp(q, "32 bit", 6))
					a = sys_arch_lookup("x86");
				else if (!strncmp(q, "x32", 3))
					a = sys_arch_lookup("x32");
				else if (!strncmp(q, "64 bit", 6))
					a = sys_arch_lookup("x86_64");
				if (a)
					p->arch = a;
			}
			continue;
		}
		r->last_pid = pid;
		static const char unf[] = "<unfinished ...>";
		size_t un = sizeof(unf) - 1;
		if ((size_t)(end - s) >= un && memcmp(end - un, unf, un) == 0) {
			char *t = end - un;
			while (t > s && t[-1] == ' ')
				t--;
			if (r->npend == r->cappend) {
				r->cappend = r->cappend ? r->cappend * 2 : 8;
				r->pend = xrealloc(
					r->pend, r->cappend * sizeof(*r->pend));
			}
			r->pend[r->npend++] = (struct pending){
				pid, xmemdup(s, (size_t)(t - s)), r->in.line};
			struct proc *p = proc_find(r, pid);
			if (p && (!strncmp(s, "clone", 5) ||
				  !strncmp(s, "fork(", 5) ||
				  !strncmp(s, "vfork(", 6)))
				p->clone_pending = true;
			continue;
		}
		if (end - s > 5 && memcmp(s, "<... ", 5) == 0) {
			char *q = strstr(s, " resumed>");
			if (!q)
				return fail(r, d, s,
					    "unrecognised strace line");
			size_t i;
			for (i = 0; i < r->npend && r->pend[i].pid != pid; i++)
				;
			if (i == r->npend && pid && !proc_find(r, pid))
				i = adopt(r, pid);
			if (i == r->npend)
				return fail(r, d, s,
					    "\"resumed\" without an "
					    "\"<unfinished ...>\" call of "
					    "process %ld",
					    pid);
			sbuf_reset(&r->tmp);
			sbuf_adds(&r->tmp, r->pend[i].text);
			free(r->pend[i].text);
			r->pend[i] = r->pend[--r->npend];
			char *rest = q + 9;
			if (r->tmp.len && r->tmp.s[r->tmp.len - 1] != '(' &&
			    *rest != ')' && *rest != ',')
				sbuf_addc(&r->tmp, ' ');
			sbuf_add(&r->tmp, rest, (size_t)(end - rest));
			/* parse the joined text; columns point at the line */
			struct sbuf j = r->tmp;
			r->tmp = (struct sbuf){0};
			sbuf_free(&r->joined);
			r->joined = j;
			r->lstart = NULL;
			int c = call(r, pid, r->joined.s,
				     r->joined.s + r->joined.len, ev, d);
			if (c == 1)
				ev->loc.col = 1;
			if (c != 0)
				return c;
			continue;
		}
		int c = call(r, pid, s, end, ev, d);
		if (c != 0)
			return c;
	}
}
