/* lines.h: a descriptor read line by line, without copies, lines of any length. */
#ifndef ST_LINES_H
#define ST_LINES_H

#include <stddef.h>

struct lines {
	int fd;
	char *buf; /* cap + 1 bytes: room for a NUL after a last line */
	size_t cap;
	size_t pos;	/* the start of the unread lines */
	size_t len;	/* the end of the data */
	size_t scanned; /* bytes after pos known to hold no newline */
	int eof;
	unsigned line; /* the number of the last line returned */
};

/*
 * Start reading fd (not closed by lines_free). The first n bytes of the
 * input are pre, already read by the caller (to sniff a format).
 */
void lines_init(struct lines *l, int fd, const char *pre, size_t n);
/*
 * The next line, without its newline (nor the CR of a CRLF ending): 1 and
 * *line, *n; 0 at the end of input; -1 with errno on a read error. The byte at (*line)[*n] belongs
 * to the caller until the next call (a NUL may be written there). A last
 * line without a newline is a line.
 */
int lines_next(struct lines *l, char **line, size_t *n);
void lines_free(struct lines *l);

#endif
