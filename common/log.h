/* log.h: the st-log event format (SPEC section 3): reader and writer. */
#ifndef ST_LOG_H
#define ST_LOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"
#include "util.h"

#define LOG_VERSION 1
#define LOG_MAXARGS 8

/* One NAME[N]=VALUE of an event. */
struct log_arg {
	const char *name; /* as written: "filename" */
	size_t name_len;
	unsigned idx;	 /* N of name[N]; 0 when absent */
	const char *val; /* the value's bytes, unquoted; NUL-terminated */
	size_t len;
};

enum log_result { LOG_RES_VALUE, LOG_RES_ERRNO, LOG_RES_UNKNOWN };

/*
 * One event. In events returned by log_read() every pointer is valid until
 * the next call of log_read() on the same reader.
 */
struct log_event {
	long pid;
	const char *program; /* the image's path, unquoted; NUL-ended */
	size_t program_len;
	uint32_t arch;	 /* the header's, or the call's EMUL- prefix */
	const char *sys; /* the call's name, no EMUL- prefix; NUL-ended */
	size_t sys_len;
	struct log_arg args[LOG_MAXARGS];
	unsigned nargs;
	enum log_result rkind;
	int64_t result; /* the value, or the positive errno */
	struct loc loc; /* where the line is */
};

struct log_reader;

/*
 * Open path ("-": standard input) for reading. Returns NULL with errno set
 * when it cannot be opened. The name is used in diagnostics ("<stdin>" for
 * "-") and in ev->loc; it is not copied and must outlive them.
 */
struct log_reader *log_open(const char *path);
/*
 * Read from an open descriptor (not closed by log_close) whose first n
 * bytes, pre, the caller has already read (to tell the format; n may be
 * 0).
 */
struct log_reader *log_fdopen(int fd, const char *name, const char *pre,
			      size_t n);
/*
 * Read the next event. Returns 1 and fills *ev, 0 at the end of input, or
 * -1 on a malformed line (the diagnostic is appended to d, with the
 * FILE:LINE:COL of the fault) or a read error (errno set, nothing added to
 * d). A malformed line is consumed: the next call reads the line after
 * it. Header lines ("#st-log 1 arch=ARCH") may appear anywhere (logs are
 * concatenated) and set the architecture of the lines after them; a log
 * must start with one. Other "#" lines and blank lines are skipped.
 */
int log_read(struct log_reader *r, struct log_event *ev, struct diags *d);
/* The number of the last line read. */
unsigned log_line(const struct log_reader *r);
void log_close(struct log_reader *r);

/* Append the header line "#st-log 1 arch=NAME\n". */
void log_format_header(struct sbuf *out, uint32_t arch);
/*
 * Append one event line. header_arch is the architecture of the log's
 * header: an event of another architecture is written with its EMUL-
 * prefix ("x86-open"). Path-like values (filename, string, sockaddr) and
 * the program are always quoted, other values are bare when they can be.
 */
void log_format_event(struct sbuf *out, const struct log_event *ev,
		      uint32_t header_arch);

#endif
