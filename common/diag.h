/* diag.h: the one diagnostic helper and the exit codes shared by every tool. */
#ifndef ST_DIAG_H
#define ST_DIAG_H

#include <stdarg.h>
#include <stddef.h>

/* Exit status, the same for all tools (SPEC section 2). */
enum {
	EXIT_OK = 0,
	EXIT_NEGATIVE = 1,   /* st-diff found differences, st-lint findings */
	EXIT_TROUBLE = 2,    /* usage, unreadable or malformed input, I/O */
	EXIT_SETUP = 125,    /* st-record/st-run failed before the command */
	EXIT_NOEXEC = 126,   /* the command cannot be executed */
	EXIT_NOTFOUND = 127, /* the command was not found */
};

/* A source location: FILE:LINE:COL, lines and columns from 1. */
struct loc {
	const char *file;
	unsigned line, col;
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

/* One diagnostic about an input: what st-lint prints, what tools report. */
struct diag {
	struct loc loc;
	enum severity sev;
	const char *code; /* a rule name for st-lint: "syntax", ... */
	char *msg;	  /* lowercase, no trailing period */
	struct loc rel;	  /* a related location (rel.line 0: none) */
	size_t seq;	  /* order of discovery, for a stable sort */
	char *fix;	  /* a suggested replacement, or NULL (st-lint) */
};

/* A list of diagnostics collected while reading input. */
struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors;
};

/* Set the tool name used as the prefix of every message ("st-merge"). */
void diag_init(const char *tool);
const char *diag_tool(void);

/* Append a diagnostic to d (rel may be NULL). */
void diag_add(struct diags *d, enum severity sev, const char *code,
	      const struct loc *at, const struct loc *rel, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void diags_free(struct diags *d);
/* Sort by file, line, column (stable), as linters print. */
void diags_sort(struct diags *d);

/*
 * Print to standard error as "st-TOOL: FILE:LINE:COL: message", followed by
 * " (see FILE:LINE:COL)" for the related location.
 */
void diag_print(const struct diag *g);
void diags_print(const struct diags *d);

/* "st-TOOL: FILE:LINE:COL: message" for one input problem. */
void diag_at(const struct loc *at, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "st-TOOL: message" */
void diag_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "st-TOOL: message: strerror(errno)" */
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* As diag_warnx/diag_warn, then exit with code. */
void diag_errx(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void diag_err(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
