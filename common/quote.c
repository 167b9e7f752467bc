/* quote.c: quoting that round-trips any byte string, for logs and policies. */
#include <string.h>

#include "quote.h"

static int bare_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' ||
	       c == '+' || c == '|' || c == '/' || c == '-';
}

int quote_is_bare(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!bare_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned min;
	unsigned cp;

	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, cp = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, cp = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, cp = c & 0x07, min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void quote_add(struct sbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	sbuf_grow(out, n + 2);
	sbuf_addc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t run = i;
		/* copy the plain run in one go */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		       p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			sbuf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};
			sbuf_add(out, e, 2);
			i++;
		} else if (c == '\n') {
			sbuf_add(out, "\\n", 2);
			i++;
		} else if (c == '\t') {
			sbuf_add(out, "\\t", 2);
			i++;
		} else if (c >= 0x80) {
			size_t l = utf8_len(p + i, n - i);
			if (l) {
				sbuf_add(out, s + i, l);
				i += l;
			} else {
				char e[4] = {'\\', 'x', hex[c >> 4],
					     hex[c & 15]};
				sbuf_add(out, e, 4);
				i++;
			}
		} else {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			sbuf_add(out, e, 4);
			i++;
		}
	}
	sbuf_addc(out, '"');
}

void quote_add_token(struct sbuf *out, const char *s, size_t n)
{
	if (n > 0 && quote_is_bare(s, n))
		sbuf_add(out, s, n);
	else
		quote_add(out, s, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int quote_parse(const char *p, const char *end, struct sbuf *out,
		const char **next, const char **why)
{
	const char *start = p;
	p++; /* the opening quote */
	for (;;) {
		const char *q = p;
		while (q < end && *q != '"' && *q != '\\' && *q != '\n')
			q++;
		sbuf_add(out, p, (size_t)(q - p));
		p = q;
		if (p >= end || *p == '\n') {
			*next = start;
			*why = "unterminated string";
			return -1;
		}
		if (*p == '"') {
			*next = p + 1;
			return 0;
		}
		/* a backslash */
		if (p + 1 >= end) {
			*next = start;
			*why = "unterminated string";
			return -1;
		}
		switch (p[1]) {
		case '"':
		case '\\':
			sbuf_addc(out, p[1]);
			p += 2;
			break;
		case 'n':
			sbuf_addc(out, '\n');
			p += 2;
			break;
		case 't':
			sbuf_addc(out, '\t');
			p += 2;
			break;
		case 'x': {
			int h = p + 2 < end ? hexval(p[2]) : -1;
			int l = p + 3 < end ? hexval(p[3]) : -1;
			if (h < 0 || l < 0) {
				*next = p;
				*why = "invalid escape";
				return -1;
			}
			sbuf_addc(out, (char)(h * 16 + l));
			p += 4;
			break;
		}
		default:
			*next = p;
			*why = "invalid escape";
			return -1;
		}
	}
}
