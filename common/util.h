/* util.h: memory, growable byte buffers, bounded numbers, whole-file reads. */
#ifndef ST_UTIL_H
#define ST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Allocation that cannot fail: on exhaustion the tool exits 2. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n); /* adds a terminating NUL */

/* A growable byte buffer; always NUL-terminated after the first append. */
struct sbuf {
	char *s;
	size_t len, cap;
};
void sbuf_grow(struct sbuf *b, size_t extra);
void sbuf_add(struct sbuf *b, const void *p, size_t n);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *b); /* len = 0, keeps the memory */
void sbuf_free(struct sbuf *b);

/*
 * A bump allocator: many small objects freed at once. Policies of 100,000
 * rules are built and thrown away whole, so per-object free() is waste.
 */
struct arena {
	struct arena_block *head;
};
void *arena_alloc(struct arena *a, size_t n); /* zeroed, 16-byte aligned */
char *arena_memdup(struct arena *a, const void *p, size_t n); /* + NUL */
char *arena_strdup(struct arena *a, const char *s);
void arena_free(struct arena *a);

/*
 * Parse a decimal integer in [min, max], as OpenBSD's strtonum: returns 0
 * and sets *out, or -1 and sets *errstr to "invalid", "too small" or
 * "too large".
 */
int st_strtonum(const char *s, long long min, long long max, long long *out,
		const char **errstr);

/*
 * Read a whole file ("-" is standard input) into a NUL-terminated buffer
 * the caller frees. Returns 0, or -1 with errno set (EISDIR for a
 * directory).
 */
int util_read_file(const char *path, char **buf, size_t *len);

/* 64-bit FNV-1a of n bytes, for hash tables. */
uint64_t util_hash(const void *p, size_t n);

#endif
