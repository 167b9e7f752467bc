/* diag.c: diagnostics in one format for every tool. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

static const char *tool = "st";

void diag_init(const char *name)
{
	tool = name;
}

const char *diag_tool(void)
{
	return tool;
}

void diag_add(struct diags *d, enum severity sev, const char *code,
	      const struct loc *at, const struct loc *rel, const char *fmt, ...)
{
	va_list ap;
	struct sbuf b = {0};

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sbuf_grow(&b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	struct diag *g = &d->v[d->n++];
	memset(g, 0, sizeof(*g));
	g->seq = d->n - 1;
	g->sev = sev;
	g->code = code;
	g->msg = b.s;
	if (at)
		g->loc = *at;
	if (rel)
		g->rel = *rel;
	if (sev == SEV_ERROR)
		d->errors++;
}

void diags_free(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg);
		free(d->v[i].fix);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int cmp_diag(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = x->loc.file == y->loc.file
			? 0
			: strcmp(x->loc.file ? x->loc.file : "",
				 y->loc.file ? y->loc.file : "");
	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	/* stable: the order they were found in */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), cmp_diag);
}

static void print_loc(const struct loc *l)
{
	fprintf(stderr, "%s:%u:%u", l->file, l->line, l->col);
}

void diag_print(const struct diag *g)
{
	fprintf(stderr, "%s: ", tool);
	if (g->loc.file) {
		print_loc(&g->loc);
		fputs(": ", stderr);
	}
	if (g->sev == SEV_WARNING)
		fputs("warning: ", stderr);
	else if (g->sev == SEV_NOTE)
		fputs("note: ", stderr);
	fputs(g->msg, stderr);
	if (g->rel.line) {
		fputs(" (see ", stderr);
		print_loc(&g->rel);
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

void diags_print(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		diag_print(&d->v[i]);
}

void diag_at(const struct loc *at, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", tool);
	print_loc(at);
	fputs(": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void vwarn(int with_errno, const char *fmt, va_list ap)
{
	int e = errno;
	fprintf(stderr, "%s: ", tool);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(e));
	fputc('\n', stderr);
}

void diag_warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
}

void diag_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(1, fmt, ap);
	va_end(ap);
}

void diag_errx(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(0, fmt, ap);
	va_end(ap);
	exit(code);
}

void diag_err(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(1, fmt, ap);
	va_end(ap);
	exit(code);
}
