/*
 * input.c: one input of st-genpolicy, an st-log or strace output (told
 * apart by their first line: an st-log starts with "#"), folded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "genpolicy.h"

#define PEEK 4096

/*
 * The column of byte p of an st-log event's line. The reader hands out
 * pointers into the line but not its start: walk back from the call's
 * name over the program (quoted or bare) to the blanks after the pid.
 * Exact for lines that start with the pid, as writers write them.
 */
static unsigned stlog_col(const struct log_event *ev, const char *p)
{
	const char *s = ev->sys;
	if (s[-1] == '-')
		for (s--; (s[-1] >= 'a' && s[-1] <= 'z') ||
			  (s[-1] >= '0' && s[-1] <= '9') || s[-1] == '_';)
			s--;
	while (s[-1] == ' ' || s[-1] == '\t')
		s--;
	if (s[-1] == '"') {
		/* the opening quote: the first one before that is not
		 * escaped by an odd run of backslashes */
		const char *q = s - 1;
		for (;;) {
			q--;
			if (*q != '"')
				continue;
			size_t k = 0;
			while (q[-1 - (long)k] == '\\')
				k++;
			if (k % 2 == 0)
				break;
		}
		s = q;
	} else {
		s = ev->program;
	}
	while (s[-1] == ' ' || s[-1] == '\t')
		s--;
	unsigned digits = 1;
	for (long v = ev->pid; v >= 10; v /= 10)
		digits++;
	return (unsigned)(p - s) + digits + 1;
}

static unsigned strace_col(const struct log_event *ev, const char *p)
{
	(void)p;
	return ev->loc.col;
}

static int read_stlog(void *r, struct log_event *ev, struct diags *d)
{
	return log_read(r, ev, d);
}

static int read_strace(void *r, struct log_event *ev, struct diags *d)
{
	return strace_read(r, ev, d);
}

/* Fold every event reader r gives; the number of errors (0 or 1: the
 * first bad line stops the input). */
static size_t fold_all(struct fold *f, uint32_t file, const char *name,
		       struct diags *d,
		       int (*next)(void *, struct log_event *, struct diags *),
		       void *r,
		       unsigned (*col)(const struct log_event *, const char *))
{
	struct log_event ev;
	size_t before = d->n;
	int k;
	while ((k = next(r, &ev, d)) > 0)
		if (fold_event(f, file, &ev, d, col) < 0)
			return 1;
	if (k < 0 && d->n == before)
		diag_warn("%s", name); /* a read error, not a bad line */
	return k < 0;
}

/*
 * Whether a first line is an st-log's: a comment or header, or an event
 * (a pid, then a quoted program), which the reader will say lacks its
 * header. strace's lines have a call with "(" where the program would be.
 */
static bool stlog_first(const char *p, const char *eol)
{
	if (*p == '#')
		return true;
	while (p < eol && *p >= '0' && *p <= '9')
		p++;
	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	return p < eol && *p == '"';
}

size_t input_fold(struct fold *f, const char *path, struct diags *d)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO
					: open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_warn("%s", path);
		return 1;
	}
	uint32_t file = fold_file(f, name);
	static char prefix[PEEK];
	size_t plen = 0;
	const char *first = NULL, *eol = NULL;
	/* read the first line that is not blank */
	while (!eol && plen < sizeof(prefix)) {
		ssize_t k = read(fd, prefix + plen, sizeof(prefix) - plen);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			diag_warn("%s", name);
			if (fd != STDIN_FILENO)
				close(fd);
			return 1;
		}
		if (k == 0)
			break;
		for (size_t i = plen; i < plen + (size_t)k && !eol; i++) {
			if (!first && prefix[i] != ' ' && prefix[i] != '\t' &&
			    prefix[i] != '\n' && prefix[i] != '\r')
				first = prefix + i;
			else if (first && prefix[i] == '\n')
				eol = prefix + i;
		}
		plen += (size_t)k;
	}
	if (first && !eol)
		eol = prefix + plen;
	size_t errors;
	if (!first || stlog_first(first, eol)) {
		/* the bytes read to tell the format are the log's first */
		struct log_reader *r = log_fdopen(fd, name, prefix, plen);
		errors = fold_all(f, file, name, d, read_stlog, r, stlog_col);
		log_close(r);
	} else {
		struct strace_reader *r = strace_open(fd, name, prefix, plen);
		errors = fold_all(f, file, name, d, read_strace, r, strace_col);
		strace_close(r);
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return errors;
}
