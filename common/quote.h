/* quote.h: the string quoting shared by st-log and st-policy. */
#ifndef ST_QUOTE_H
#define ST_QUOTE_H

#include <stddef.h>
#include "util.h"

/* A bare token: letters, digits and _ . : + | / - (SPEC section 3). */
int quote_is_bare(const char *s, size_t n);

/*
 * Append s as a double-quoted string: \" \\ \n \t, \xHH for other control
 * bytes, DEL and bytes that are not part of valid UTF-8; valid UTF-8 is
 * kept as it is. quote_parse() of the result gives back the same bytes.
 */
void quote_add(struct sbuf *out, const char *s, size_t n);
/* Bare when quote_is_bare() and non-empty, quoted otherwise. */
void quote_add_token(struct sbuf *out, const char *s, size_t n);

/*
 * Parse a quoted string starting at p (which points at the opening quote),
 * no further than end. On success appends the bytes to out, sets *next past
 * the closing quote and returns 0. On error returns -1 and sets *next to the
 * offending byte and *why to "unterminated string" or "invalid escape".
 */
int quote_parse(const char *p, const char *end, struct sbuf *out,
		const char **next, const char **why);

#endif
