/* output.h: tool output to standard output or atomically to a named file. */
#ifndef ST_OUTPUT_H
#define ST_OUTPUT_H

#include <stdio.h>

/*
 * Output of a tool. A named file is written to a temporary file beside it
 * and renamed into place on success, so an interrupted or failed run never
 * leaves half a file (SPEC section 2).
 */
struct output {
	FILE *f;
	char *path; /* final name, NULL for standard output */
	char *tmp;  /* temporary name while open */
};

/* Open path (NULL or "-": standard output). Returns 0, or -1 with errno. */
int output_open(struct output *o, const char *path);
/*
 * Flush and check for write errors; rename a named file into place.
 * Returns 0, or -1 with errno set (the temporary file is removed).
 */
int output_commit(struct output *o);
/* Drop a named output without touching the final name. */
void output_abort(struct output *o);
/*
 * Write buf[0..len) to path as one output (open, write, commit). Returns
 * 0, or -1 with errno set, leaving the final name untouched.
 */
int output_write(const char *path, const void *buf, size_t len);

#endif
