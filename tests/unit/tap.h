/* tap.h: a tiny TAP producer for the C unit tests (run by prove). */
#ifndef ST_TAP_H
#define ST_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...)                                              \
	tap_is((long long)(got), (long long)(want), __FILE__, __LINE__, \
	       __VA_ARGS__)
#define is_str(got, want, ...) \
	tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_ok(int c, const char *f, int l, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static inline int tap_ok(int c, const char *f, int l, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", c ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!c) {
		tap_failed++;
		printf("#   failed at %s:%d\n", f, l);
	}
	return c;
}

static inline int tap_is(long long got, long long want, const char *f, int l,
			 const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline int tap_is(long long got, long long want, const char *f, int l,
			 const char *fmt, ...)
{
	va_list ap;
	int c = got == want;
	printf("%sok %d - ", c ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!c) {
		tap_failed++;
		printf("#   failed at %s:%d\n#   got: %lld\n#   want: %lld\n",
		       f, l, got, want);
	}
	return c;
}

static inline int tap_is_str(const char *got, const char *want, const char *f,
			     int l, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static inline int tap_is_str(const char *got, const char *want, const char *f,
			     int l, const char *fmt, ...)
{
	va_list ap;
	int c = got && want ? strcmp(got, want) == 0 : got == want;
	printf("%sok %d - ", c ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!c) {
		tap_failed++;
		printf("#   failed at %s:%d\n#   got:  \"%s\"\n#   want: "
		       "\"%s\"\n",
		       f, l, got ? got : "(null)", want ? want : "(null)");
	}
	return c;
}

/* Print the plan and return the exit status for main(). */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
