/* lines.c: a descriptor read line by line (st-log and strace readers). */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "lines.h"
#include "util.h"

/* Read in large chunks: logs are long, lines short. */
#define CHUNK (1u << 20)

void lines_init(struct lines *l, int fd, const char *pre, size_t n)
{
	memset(l, 0, sizeof(*l));
	l->fd = fd;
	l->cap = n > CHUNK ? 2 * n : CHUNK;
	l->buf = xmalloc(l->cap + 1);
	if (n)
		memcpy(l->buf, pre, n);
	l->len = n;
}

/* A line found: counted, and a CRLF ending taken as a line end (both
 * formats escape a CR that belongs to the data). */
static int found(struct lines *l, char **line, size_t *n)
{
	l->line++;
	if (*n && (*line)[*n - 1] == '\r')
		--*n;
	return 1;
}

int lines_next(struct lines *l, char **line, size_t *n)
{
	for (;;) {
		char *from = l->buf + l->pos + l->scanned;
		char *nl = memchr(from, '\n', l->len - l->pos - l->scanned);
		if (nl) {
			*line = l->buf + l->pos;
			*n = (size_t)(nl - *line);
			l->pos += *n + 1;
			l->scanned = 0;
			return found(l, line, n);
		}
		if (l->eof) {
			if (l->pos == l->len)
				return 0;
			*line = l->buf + l->pos;
			*n = l->len - l->pos;
			l->pos = l->len;
			l->scanned = 0;
			return found(l, line, n);
		}
		/* keep the partial line, make room, read more; what is
		 * already scanned is not searched again (a 1 MB line costs one
		 * pass, not one per chunk) */
		l->scanned = l->len - l->pos;
		if (l->pos > 0) {
			memmove(l->buf, l->buf + l->pos, l->len - l->pos);
			l->len -= l->pos;
			l->pos = 0;
		}
		if (l->len == l->cap) {
			l->cap *= 2;
			l->buf = xrealloc(l->buf, l->cap + 1);
		}
		ssize_t k;
		do
			k = read(l->fd, l->buf + l->len, l->cap - l->len);
		while (k < 0 && errno == EINTR);
		if (k < 0)
			return -1;
		if (k == 0)
			l->eof = 1;
		l->len += (size_t)k;
	}
}

void lines_free(struct lines *l)
{
	free(l->buf);
	l->buf = NULL;
}
