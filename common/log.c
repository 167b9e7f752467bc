/* log.c: the st-log event format: a fast line reader and the writer. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "log.h"
#include "quote.h"
#include "sys.h"

#define SHOW_MAX  64   /* bytes of a token quoted in a message */
#define IDX_MAX	  255  /* the largest N of NAME[N] */
#define ERRNO_MAX 4095 /* the kernel's MAX_ERRNO, for -EN */

struct log_reader {
	struct lines in;     /* counts the lines, too */
	int own;	     /* close in.fd in log_close() */
	const char *name;    /* for diagnostics, not copied */
	uint32_t arch;	     /* of the last header; 0 before the first */
	struct sbuf scratch; /* the unquoted strings of the current line */
	struct sbuf tmp[2];  /* tokens shown in a message */
	/* the last EMUL- prefix and errno name, as lines repeat them */
	char emul[32];
	size_t emul_len;
	uint32_t emul_arch;
	char ename[32];
	size_t ename_len;
	int eno;
};

/* The line being parsed. */
struct pctx {
	struct log_reader *r;
	char *line, *end; /* end: the newline, a stripped CR or the data end */
	struct diags *d;
};

/* Where a string of the event is while its line is parsed. */
struct field {
	char *p; /* in the line (bare), or NULL: in scratch at off */
	size_t off;
	size_t len;
};

static struct log_reader *reader_new(int fd, int own, const char *name,
				     const char *pre, size_t n)
{
	struct log_reader *r = xcalloc(1, sizeof(*r));
	lines_init(&r->in, fd, pre, n);
	r->own = own;
	r->name = name;
	return r;
}

struct log_reader *log_open(const char *path)
{
	if (strcmp(path, "-") == 0)
		return reader_new(STDIN_FILENO, 0, "<stdin>", NULL, 0);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	return reader_new(fd, 1, path, NULL, 0);
}

struct log_reader *log_fdopen(int fd, const char *name, const char *pre,
			      size_t n)
{
	return reader_new(fd, 0, name, pre, n);
}

void log_close(struct log_reader *r)
{
	if (!r)
		return;
	if (r->own)
		close(r->in.fd);
	lines_free(&r->in);
	sbuf_free(&r->scratch);
	sbuf_free(&r->tmp[0]);
	sbuf_free(&r->tmp[1]);
	free(r);
}

unsigned log_line(const struct log_reader *r)
{
	return r->in.line;
}

static inline int blank(char c)
{
	return c == ' ' || c == '\t';
}

static inline int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A byte of an argument name: [a-z_] */
static inline int namech(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* A byte of a system-call or architecture name: [a-z0-9_] */
static inline int sysch(char c)
{
	return namech(c) || digit(c);
}

/* A byte of an errno name: [A-Z0-9] */
static inline int errch(char c)
{
	return (c >= 'A' && c <= 'Z') || digit(c);
}

static char *skip(char *p, const char *end)
{
	while (p < end && blank(*p))
		p++;
	return p;
}

static char *token_end(char *p, const char *end)
{
	while (p < end && !blank(*p))
		p++;
	return p;
}

static int fail(struct pctx *c, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct pctx *c, const char *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct loc loc = {c->r->name, c->r->in.line,
			  (unsigned)(at - c->line) + 1};

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->d, SEV_ERROR, "syntax", &loc, NULL, "%s", msg);
	return -1;
}

/* Whether the byte at p, where the line has a fault, is a NUL. */
static int nul(const struct pctx *c, const char *p)
{
	return p < c->end && *p == '\0';
}

/* The bytes p[0..n-1] quoted for a message, at most SHOW_MAX of them. */
static const char *show(struct pctx *c, int k, const char *p, size_t n)
{
	struct sbuf *b = &c->r->tmp[k];

	sbuf_reset(b);
	quote_add(b, p, n > SHOW_MAX ? SHOW_MAX : n);
	if (n > SHOW_MAX)
		sbuf_adds(b, "...");
	return b->s;
}

/* The first byte of p[0..n-1] that is not allowed in a bare token. */
static char *not_bare(char *p, size_t n)
{
	size_t i = 0;
	while (i < n && quote_is_bare(p + i, 1))
		i++;
	return p + i;
}

static uint32_t arch_lookup(const char *p, size_t n)
{
	char name[32];

	if (n >= sizeof(name) || memchr(p, '\0', n))
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	return sys_arch_lookup(name);
}

static uint32_t emul_lookup(struct log_reader *r, const char *p, size_t n)
{
	if (n == r->emul_len && r->emul_arch && memcmp(p, r->emul, n) == 0)
		return r->emul_arch;
	uint32_t a = arch_lookup(p, n);
	if (a && n < sizeof(r->emul)) {
		memcpy(r->emul, p, n);
		r->emul_len = n;
		r->emul_arch = a;
	}
	return a;
}

static int errno_lookup(struct log_reader *r, const char *p, size_t n)
{
	if (n == r->ename_len && r->eno && memcmp(p, r->ename, n) == 0)
		return r->eno;
	int e = sys_errno_lookup(p, n);
	if (e && n < sizeof(r->ename)) {
		memcpy(r->ename, p, n);
		r->ename_len = n;
		r->eno = e;
	}
	return e;
}

/*
 * A line starting with '#' at p: a header ("#st-log 1 arch=NAME") sets
 * the architecture and returns 1; another comment returns 0; a malformed
 * header returns -1.
 */
static int header(struct pctx *c, char *p)
{
	static const char tag[] = "#st-log";
	size_t n = sizeof(tag) - 1;
	char *end = c->end, *t, *q;
	unsigned long v = 0;

	if ((size_t)(end - p) < n || memcmp(p, tag, n) != 0 ||
	    (p + n < end && !blank(p[n])))
		return 0;
	/* the lines after a bad header belong to no known architecture */
	c->r->arch = 0;
	p = skip(p + n, end);
	if (p == end)
		return fail(c, p, "missing st-log version");
	t = token_end(p, end);
	for (q = p; q < t && digit(*q); q++)
		if (v < 1000000)
			v = v * 10 + (unsigned long)(*q - '0');
	if (q != t) {
		if (nul(c, q))
			return fail(c, q, "NUL byte in line");
		return fail(c, q, "invalid st-log version %s",
			    show(c, 0, p, (size_t)(t - p)));
	}
	if (v != LOG_VERSION)
		return fail(c, p, "unsupported st-log version %.*s",
			    (int)(t - p > SHOW_MAX ? SHOW_MAX : t - p), p);
	p = skip(t, end);
	if (end - p < 5 || memcmp(p, "arch=", 5) != 0) {
		if (nul(c, p))
			return fail(c, p, "NUL byte in line");
		return fail(c, p,
			    "expected \"arch=\" after the st-log version");
	}
	p += 5;
	t = token_end(p, end);
	if (t == p)
		return fail(c, p, "missing architecture after \"arch=\"");
	if ((q = memchr(p, '\0', (size_t)(t - p))))
		return fail(c, q, "NUL byte in line");
	uint32_t arch = arch_lookup(p, (size_t)(t - p));
	if (!arch)
		return fail(c, p, "unknown architecture %s",
			    show(c, 0, p, (size_t)(t - p)));
	p = skip(t, end);
	if (p != end) {
		if (nul(c, p))
			return fail(c, p, "NUL byte in line");
		return fail(c, p, "unexpected text after the #st-log header");
	}
	c->r->arch = arch;
	return 1;
}

/* A quoted string at *pp, unquoted into scratch. */
static int quoted(struct pctx *c, char **pp, struct field *f)
{
	struct sbuf *s = &c->r->scratch;
	const char *next, *why;

	f->p = NULL;
	f->off = s->len;
	if (quote_parse(*pp, c->end, s, &next, &why) < 0)
		return fail(c, next, "%s", why);
	f->len = s->len - f->off;
	sbuf_addc(s, '\0');
	*pp = (char *)next;
	return 0;
}

/*
 * The fault at f in the argument token starting at s: a missing "=", a
 * NUL, or a bad byte in what (the name or the index).
 */
static int bad_arg(struct pctx *c, char *s, char *f, const char *what)
{
	char *t = token_end(s, c->end);
	char *eq = memchr(s, '=', (size_t)(t - s));

	if (nul(c, f))
		return fail(c, f, "NUL byte in line");
	if (!eq) {
		if (skip(t, c->end) == c->end)
			return fail(c, s, "expected \"=\" before the result");
		return fail(c, s, "expected \"=\" in argument %s",
			    show(c, 0, s, (size_t)(t - s)));
	}
	return fail(c, f, "invalid %s %s", what,
		    show(c, 0, s, (size_t)(eq - s)));
}

/* NAME[N]=VALUE at *pp; *pp is left after the value. */
static int arg(struct pctx *c, char **pp, struct log_arg *a, struct field *f)
{
	char *s = *pp, *q = s, *end = c->end;
	unsigned idx = 0;

	while (q < end && namech(*q))
		q++;
	a->name = s;
	a->name_len = (size_t)(q - s);
	if (q == s)
		return bad_arg(c, s, q, "argument name");
	if (q < end && *q == '[') {
		char *dig = ++q;
		while (q < end && digit(*q)) {
			if (idx <= IDX_MAX)
				idx = idx * 10 + (unsigned)(*q - '0');
			q++;
		}
		if (q == dig || q == end || *q != ']')
			return bad_arg(c, s, q, "index in argument");
		if (idx > IDX_MAX)
			return bad_arg(c, s, dig, "index in argument");
		q++;
	}
	if (q == end || *q != '=')
		return bad_arg(c, s, q, "argument name");
	a->idx = idx;
	char *name_end = q++;
	if (q < end && *q == '"') {
		if (quoted(c, &q, f) < 0)
			return -1;
		*pp = q;
		return 0;
	}
	char *t = token_end(q, end);
	if (t == q)
		return fail(c, q, "missing value of argument %s",
			    show(c, 0, s, (size_t)(name_end - s)));
	if (!quote_is_bare(q, (size_t)(t - q))) {
		char *b = not_bare(q, (size_t)(t - q));
		if (nul(c, b))
			return fail(c, b, "NUL byte in line");
		return fail(c, b, "invalid character %s in the value of %s",
			    show(c, 0, b, 1),
			    show(c, 1, s, (size_t)(name_end - s)));
	}
	f->p = q;
	f->len = (size_t)(t - q);
	*pp = t;
	return 0;
}

/* RESULT at p, which is not the end of the line; *pp is left after it. */
static int result(struct pctx *c, char **pp, struct log_event *ev)
{
	char *p = *pp, *end = c->end, *t = token_end(p, end), *q;

	if (*p == '?') {
		q = p + 1;
		if (q != t)
			goto bad;
		ev->rkind = LOG_RES_UNKNOWN;
		ev->result = 0;
	} else if (*p == '-' && p + 1 < t && p[1] >= 'A' && p[1] <= 'Z') {
		char *nm = p + 1;
		int e = 0;
		for (q = nm; q < t && errch(*q);)
			q++;
		if (q != t)
			goto bad;
		for (q = nm + 1; q < t && digit(*q);)
			q++;
		if (*nm == 'E' && t - nm > 1 && q == t) {
			/* -EN: an errno without a name */
			for (q = nm + 1; q < t && e <= ERRNO_MAX; q++)
				e = e * 10 + (*q - '0');
			if (e < 1 || e > ERRNO_MAX || q != t)
				return fail(c, nm, "invalid errno %s",
					    show(c, 0, nm, (size_t)(t - nm)));
		} else if (!(e = errno_lookup(c->r, nm, (size_t)(t - nm)))) {
			return fail(c, nm, "unknown errno %s",
				    show(c, 0, nm, (size_t)(t - nm)));
		}
		ev->rkind = LOG_RES_ERRNO;
		ev->result = e;
	} else {
		int neg = *p == '-';
		uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;
		int over = 0;
		char *dig = q = p + neg;
		for (; q < t && digit(*q); q++) {
			unsigned d = (unsigned)(*q - '0');
			if (v > (lim - d) / 10)
				over = 1;
			else
				v = v * 10 + d;
		}
		if (q == dig || q != t)
			goto bad;
		if (over)
			return fail(c, p, "invalid result %s",
				    show(c, 0, p, (size_t)(t - p)));
		ev->rkind = LOG_RES_VALUE;
		ev->result = neg ? -(int64_t)(v - 1) - 1 : (int64_t)v;
	}
	*pp = t;
	return 0;
bad:
	if (nul(c, q))
		return fail(c, q, "NUL byte in line");
	return fail(c, q, "invalid result %s", show(c, 0, p, (size_t)(t - p)));
}

static const char *field_ptr(const struct pctx *c, struct field *f)
{
	if (f->p) {
		/* after the token: a blank or the line's end, now unused */
		f->p[f->len] = '\0';
		return f->p;
	}
	return c->r->scratch.s + f->off;
}

/* PID PROGRAM SYSCALL [NAME[N]=VALUE ...] = RESULT, starting at p. */
static int event(struct pctx *c, char *p, struct log_event *ev)
{
	struct log_reader *r = c->r;
	char *end = c->end, *t, *name;
	struct field prog, vals[LOG_MAXARGS];
	uint32_t arch = r->arch;
	unsigned nargs = 0;
	long pid = 0;

	if (!arch)
		return fail(c, p, "missing #st-log header");
	sbuf_reset(&r->scratch);

	for (t = p; t < end && digit(*t); t++)
		if (pid <= INT_MAX)
			pid = pid * 10 + (*t - '0');
	if (t < end && !blank(*t)) {
		if (nul(c, t))
			return fail(c, t, "NUL byte in line");
		return fail(c, t, "invalid pid %s",
			    show(c, 0, p, (size_t)(token_end(p, end) - p)));
	}
	if (pid < 1 || pid > INT_MAX)
		return fail(c, p, "invalid pid %s",
			    show(c, 0, p, (size_t)(t - p)));

	p = skip(t, end);
	if (p == end)
		return fail(c, p, "missing program");
	if (*p == '"') {
		if (quoted(c, &p, &prog) < 0)
			return -1;
		if (p < end && !blank(*p)) {
			if (nul(c, p))
				return fail(c, p, "NUL byte in line");
			return fail(c, p, "expected a space after the program");
		}
	} else {
		t = token_end(p, end);
		if (!quote_is_bare(p, (size_t)(t - p))) {
			char *b = not_bare(p, (size_t)(t - p));
			if (nul(c, b))
				return fail(c, b, "NUL byte in line");
			return fail(c, b,
				    "invalid character %s in unquoted program",
				    show(c, 0, b, 1));
		}
		prog.p = p;
		prog.len = (size_t)(t - p);
		p = t;
	}

	p = skip(p, end);
	if (p == end || *p == '=')
		return fail(c, p, "missing system call");
	for (t = p; t < end && sysch(*t);)
		t++;
	name = p;
	if (t > p && t < end && *t == '-') {
		name = ++t;
		while (t < end && sysch(*t))
			t++;
	}
	if (t == name || (t < end && !blank(*t))) {
		if (nul(c, t))
			return fail(c, t, "NUL byte in line");
		return fail(c, t, "invalid system call %s",
			    show(c, 0, p, (size_t)(token_end(p, end) - p)));
	}
	if (name != p) {
		arch = emul_lookup(r, p, (size_t)(name - 1 - p));
		if (!arch)
			return fail(c, p, "unknown architecture %s",
				    show(c, 0, p, (size_t)(name - 1 - p)));
	}
	ev->sys = name;
	ev->sys_len = (size_t)(t - name);

	for (;;) {
		p = skip(t, end);
		if (p == end)
			return fail(c, p, "expected \"=\" before the result");
		if (*p == '=')
			break;
		if (nargs == LOG_MAXARGS) {
			t = token_end(p, end);
			if (!memchr(p, '=', (size_t)(t - p)) &&
			    skip(t, end) == end)
				return fail(c, p,
					    "expected \"=\" before the result");
			return fail(c, p, "too many arguments (at most %d)",
				    LOG_MAXARGS);
		}
		t = p;
		if (arg(c, &t, &ev->args[nargs], &vals[nargs]) < 0)
			return -1;
		if (t < end && !blank(*t)) {
			const struct log_arg *a = &ev->args[nargs];
			if (nul(c, t))
				return fail(c, t, "NUL byte in line");
			return fail(
				c, t, "expected a space after the value of %s",
				show(c, 0, a->name,
				     (size_t)((char *)memchr(a->name, '=',
							     (size_t)(t - p)) -
					      a->name)));
		}
		nargs++;
	}

	if (p + 1 < end && !blank(p[1])) {
		if (nul(c, p + 1))
			return fail(c, p + 1, "NUL byte in line");
		return fail(c, p + 1, "expected a space after \"=\"");
	}
	p = skip(p + 1, end);
	if (p == end)
		return fail(c, p, "missing result");
	if (result(c, &p, ev) < 0)
		return -1;
	p = skip(p, end);
	if (p != end) {
		if (nul(c, p))
			return fail(c, p, "NUL byte in line");
		return fail(c, p, "unexpected text after the result");
	}

	/* the line is good: terminate the strings, now that scratch is still */
	ev->pid = pid;
	ev->program = field_ptr(c, &prog);
	ev->program_len = prog.len;
	ev->arch = arch;
	name[ev->sys_len] = '\0';
	for (unsigned i = 0; i < nargs; i++) {
		ev->args[i].val = field_ptr(c, &vals[i]);
		ev->args[i].len = vals[i].len;
	}
	ev->nargs = nargs;
	ev->loc.file = r->name;
	ev->loc.line = r->in.line;
	ev->loc.col = 1;
	return 1;
}

int log_read(struct log_reader *r, struct log_event *ev, struct diags *d)
{
	char *line;
	size_t n;

	for (;;) {
		int k = lines_next(&r->in, &line, &n);
		if (k <= 0)
			return k;
		struct pctx c = {r, line, line + n, d};
		char *p = skip(line, c.end);
		if (p == c.end)
			continue;
		if (*p == '#') {
			if (header(&c, p) < 0)
				return -1;
			continue;
		}
		return event(&c, p, ev);
	}
}

/* Decimal digits of v at the end of buf[24]; returns the first. */
static char *fmt_i64(char *buf, int64_t v)
{
	char *p = buf + 24;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	return p;
}

static void add_i64(struct sbuf *out, int64_t v)
{
	char buf[24];
	char *p = fmt_i64(buf, v);
	sbuf_add(out, p, (size_t)(buf + sizeof(buf) - p));
}

static const char *arch_or_unknown(uint32_t arch)
{
	/* "unknown" is no architecture: the reader refuses it rather than
	 * attribute the event to a wrong one */
	const char *n = sys_arch_name(arch);
	return n ? n : "unknown";
}

void log_format_header(struct sbuf *out, uint32_t arch)
{
	sbuf_printf(out, "#st-log %d arch=%s\n", LOG_VERSION,
		    arch_or_unknown(arch));
}

static int is_name(const struct log_arg *a, const char *s)
{
	size_t n = strlen(s);
	return a->name_len == n && memcmp(a->name, s, n) == 0;
}

void log_format_event(struct sbuf *out, const struct log_event *ev,
		      uint32_t header_arch)
{
	add_i64(out, ev->pid);
	sbuf_addc(out, ' ');
	quote_add(out, ev->program, ev->program_len);
	sbuf_addc(out, ' ');
	if (ev->arch != header_arch) {
		sbuf_adds(out, arch_or_unknown(ev->arch));
		sbuf_addc(out, '-');
	}
	sbuf_add(out, ev->sys, ev->sys_len);
	for (unsigned i = 0; i < ev->nargs; i++) {
		const struct log_arg *a = &ev->args[i];
		sbuf_addc(out, ' ');
		sbuf_add(out, a->name, a->name_len);
		if (a->idx) {
			sbuf_addc(out, '[');
			add_i64(out, a->idx);
			sbuf_addc(out, ']');
		}
		sbuf_addc(out, '=');
		if (is_name(a, "filename") || is_name(a, "string") ||
		    is_name(a, "sockaddr"))
			quote_add(out, a->val, a->len);
		else
			quote_add_token(out, a->val, a->len);
	}
	sbuf_add(out, " = ", 3);
	switch (ev->rkind) {
	case LOG_RES_VALUE:
		add_i64(out, ev->result);
		break;
	case LOG_RES_ERRNO: {
		const char *n = ev->result > 0 && ev->result <= INT_MAX
					? sys_errno_name((int)ev->result)
					: NULL;
		sbuf_addc(out, '-');
		if (n) {
			sbuf_adds(out, n);
		} else {
			/* no name: -EN, which no errno name looks like */
			sbuf_addc(out, 'E');
			add_i64(out, ev->result);
		}
		break;
	}
	case LOG_RES_UNKNOWN:
		sbuf_addc(out, '?');
		break;
	}
	sbuf_addc(out, '\n');
}
