/* t-log.c: unit tests of the st-log reader and writer (common/log.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "log.h"
#include "quote.h"
#include "sys.h"
#include "util.h"

static char dir[64];

/* Write len bytes to DIR/name; returns the path (static storage). */
static const char *put(const char *name, const void *data, size_t len)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) < 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* An open file of the bytes, named "t.log" in diagnostics. */
struct input {
	int fd;
	struct log_reader *r;
	struct diags d;
};

static void input_open(struct input *in, const void *data, size_t len)
{
	const char *path = put("t.log", data, len);
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		perror(path);
		exit(2);
	}
	in->r = log_fdopen(in->fd, "t.log", NULL, 0);
	memset(&in->d, 0, sizeof(in->d));
}

static void input_close(struct input *in)
{
	log_close(in->r);
	close(in->fd);
	diags_free(&in->d);
}

/* "FILE:LINE:COL: message" of diagnostic i (static storage). */
static const char *diag_text(const struct diags *d, size_t i)
{
	static char out[1024];
	if (i >= d->n)
		return "(none)";
	snprintf(out, sizeof(out), "%s:%u:%u: %s", d->v[i].loc.file,
		 d->v[i].loc.line, d->v[i].loc.col, d->v[i].msg);
	return out;
}

/*
 * Read len bytes to their end or first fault: the fault as
 * "FILE:LINE:COL: message", or "" when every line was read.
 */
static const char *first_error(const void *data, size_t len)
{
	static char out[1024];
	struct input in;
	struct log_event ev;
	int k;

	input_open(&in, data, len);
	while ((k = log_read(in.r, &ev, &in.d)) == 1)
		;
	out[0] = '\0';
	if (k < 0 && in.d.n == 1)
		snprintf(out, sizeof(out), "%s", diag_text(&in.d, 0));
	else if (k < 0)
		snprintf(out, sizeof(out), "(%zu diagnostics)", in.d.n);
	input_close(&in);
	return out;
}

static const char *err_of(const char *text)
{
	return first_error(text, strlen(text));
}

#define H "#st-log 1 arch=x86_64\n"

static void test_errors(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"1 \"/bin/true\" read = 0\n",
		 "t.log:1:1: missing #st-log header"},
		{"# a comment\n\n1 \"/bin/true\" read = 0\n",
		 "t.log:3:1: missing #st-log header"},
		{"#st-log 2 arch=x86_64\n",
		 "t.log:1:9: unsupported st-log version 2"},
		{"#st-log 10 arch=x86_64\n",
		 "t.log:1:9: unsupported st-log version 10"},
		{"#st-log one arch=x86_64\n",
		 "t.log:1:9: invalid st-log version \"one\""},
		{"#st-log\n", "t.log:1:8: missing st-log version"},
		{"#st-log 1\n",
		 "t.log:1:10: expected \"arch=\" after the st-log version"},
		{"#st-log 1 emul=x86_64\n",
		 "t.log:1:11: expected \"arch=\" after the st-log version"},
		{"#st-log 1 arch=\n",
		 "t.log:1:16: missing architecture after \"arch=\""},
		{"#st-log 1 arch=vax\n",
		 "t.log:1:16: unknown architecture \"vax\""},
		{"#st-log 1 arch=x86_64 host=a\n",
		 "t.log:1:23: unexpected text after the #st-log header"},
		{H "x \"/bin/true\" read = 0\n",
		 "t.log:2:1: invalid pid \"x\""},
		{H "12x \"/bin/true\" read = 0\n",
		 "t.log:2:3: invalid pid \"12x\""},
		{H "-1 \"/bin/true\" read = 0\n",
		 "t.log:2:1: invalid pid \"-1\""},
		{H "0 \"/bin/true\" read = 0\n",
		 "t.log:2:1: invalid pid \"0\""},
		{H "2147483648 \"/bin/true\" read = 0\n",
		 "t.log:2:1: invalid pid \"2147483648\""},
		{H "12\n", "t.log:2:3: missing program"},
		{H "12 /bin/tr$ue read = 0\n",
		 "t.log:2:11: invalid character \"$\" in unquoted program"},
		{H "12 /bin/tr\"ue\" read = 0\n",
		 "t.log:2:11: invalid character \"\\\"\" in unquoted program"},
		{H "12 \"/bin/true\"read = 0\n",
		 "t.log:2:15: expected a space after the program"},
		{H "12 \"/bin/true\n", "t.log:2:4: unterminated string"},
		{H "12 \"/bin/true\\\"\n", "t.log:2:4: unterminated string"},
		{H "12 \"/bin/t\\rue\" read = 0\n",
		 "t.log:2:11: invalid escape"},
		{H "12 \"/bin/t\\x4\" read = 0\n",
		 "t.log:2:11: invalid escape"},
		{H "12 \"/bin/true\"\n", "t.log:2:15: missing system call"},
		{H "12 \"/bin/true\" = 0\n", "t.log:2:16: missing system call"},
		{H "12 \"/bin/true\" Read = 0\n",
		 "t.log:2:16: invalid system call \"Read\""},
		{H "12 \"/bin/true\" re.ad = 0\n",
		 "t.log:2:18: invalid system call \"re.ad\""},
		{H "12 \"/bin/true\" x86- = 0\n",
		 "t.log:2:20: invalid system call \"x86-\""},
		{H "12 \"/bin/true\" -read = 0\n",
		 "t.log:2:16: invalid system call \"-read\""},
		{H "12 \"/bin/true\" vax-read = 0\n",
		 "t.log:2:16: unknown architecture \"vax\""},
		{H "12 \"/bin/true\" read\n",
		 "t.log:2:20: expected \"=\" before the result"},
		{H "12 \"/bin/true\" read 0\n",
		 "t.log:2:21: expected \"=\" before the result"},
		{H "12 \"/bin/true\" read fd=3 0\n",
		 "t.log:2:26: expected \"=\" before the result"},
		{H "12 \"/bin/true\" read fd 3 = 0\n",
		 "t.log:2:21: expected \"=\" in argument \"fd\""},
		{H "12 \"/bin/true\" read fD=3 = 0\n",
		 "t.log:2:22: invalid argument name \"fD\""},
		{H "12 \"/bin/true\" read 2fd=3 = 0\n",
		 "t.log:2:21: invalid argument name \"2fd\""},
		{H "12 \"/bin/true\" read [1]=3 = 0\n",
		 "t.log:2:21: invalid argument name \"[1]\""},
		{H "12 \"/bin/true\" rename filename[x]=\"a\" = 0\n",
		 "t.log:2:32: invalid index in argument \"filename[x]\""},
		{H "12 \"/bin/true\" rename filename[]=\"a\" = 0\n",
		 "t.log:2:32: invalid index in argument \"filename[]\""},
		{H "12 \"/bin/true\" rename filename[1=\"a\" = 0\n",
		 "t.log:2:33: invalid index in argument \"filename[1\""},
		{H "12 \"/bin/true\" rename filename[256]=\"a\" = 0\n",
		 "t.log:2:32: invalid index in argument \"filename[256]\""},
		{H "12 \"/bin/true\" read fd= = 0\n",
		 "t.log:2:24: missing value of argument \"fd\""},
		{H "12 \"/bin/true\" read fd=3$ = 0\n",
		 "t.log:2:25: invalid character \"$\" in the value of \"fd\""},
		{H "12 \"/bin/true\" open filename=\"/a\"x = 0\n",
		 "t.log:2:34: expected a space after the value of "
		 "\"filename\""},
		{H "12 \"/bin/true\" rename filename[1]=\"/a\"x = 0\n",
		 "t.log:2:39: expected a space after the value of "
		 "\"filename[1]\""},
		{H "12 \"/bin/true\" open filename=\"/a = 0\n",
		 "t.log:2:30: unterminated string"},
		{H "12 \"/bin/true\" open filename=\"/a\\q\" = 0\n",
		 "t.log:2:33: invalid escape"},
		{H "12 \"/bin/true\" read a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 "
		   "= 0\n",
		 "t.log:2:53: too many arguments (at most 8)"},
		{H "12 \"/bin/true\" read a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 0\n",
		 "t.log:2:53: expected \"=\" before the result"},
		{"#st-log 1 arch=x86\r\n12 /bin/true read = 0\r\n12 /a "
		 "read\r\n",
		 "t.log:3:11: expected \"=\" before the result"},
		{H "12 \"/bin/true\" read =0\n",
		 "t.log:2:22: expected a space after \"=\""},
		{H "12 \"/bin/true\" read =\n", "t.log:2:22: missing result"},
		{H "12 \"/bin/true\" read =  \n", "t.log:2:24: missing result"},
		{H "12 \"/bin/true\" read = x\n",
		 "t.log:2:23: invalid result \"x\""},
		{H "12 \"/bin/true\" read = 12k\n",
		 "t.log:2:25: invalid result \"12k\""},
		{H "12 \"/bin/true\" read = -\n",
		 "t.log:2:24: invalid result \"-\""},
		{H "12 \"/bin/true\" read = ?!\n",
		 "t.log:2:24: invalid result \"?!\""},
		{H "12 \"/bin/true\" read = -enoent\n",
		 "t.log:2:24: invalid result \"-enoent\""},
		{H "12 \"/bin/true\" read = -ENO-ENT\n",
		 "t.log:2:27: invalid result \"-ENO-ENT\""},
		{H "12 \"/bin/true\" read = 9223372036854775808\n",
		 "t.log:2:23: invalid result \"9223372036854775808\""},
		{H "12 \"/bin/true\" read = -9223372036854775809\n",
		 "t.log:2:23: invalid result \"-9223372036854775809\""},
		{H "12 \"/bin/true\" read = -EFOO\n",
		 "t.log:2:24: unknown errno \"EFOO\""},
		{H "12 \"/bin/true\" read = -E0\n",
		 "t.log:2:24: invalid errno \"E0\""},
		{H "12 \"/bin/true\" read = -E4096\n",
		 "t.log:2:24: invalid errno \"E4096\""},
		{H "12 \"/bin/true\" read = 0 x\n",
		 "t.log:2:25: unexpected text after the result"},
		{H "12 \"/bin/true\" read = 0 # why\n",
		 "t.log:2:25: unexpected text after the result"},
		{H "12 \"/bin/true\" read = 0\r\r\n",
		 "t.log:2:24: invalid result \"0\\x0d\""},
		{H "12 \"/bin/true\" read\v= 0\n",
		 "t.log:2:20: invalid system call \"read\\x0b=\""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(err_of(cases[i].text), cases[i].want, "error: %s",
		       cases[i].want);
}

/* A NUL byte outside strings is a fault; inside one it is a byte. */
static void test_nul(void)
{
	static const struct {
		const char *text;
		size_t len;
		const char *want;
	} cases[] = {
#define C(s, w) {s, sizeof(s) - 1, w}
		C(H "1\0 \"/bin/true\" read = 0\n",
		  "t.log:2:2: NUL byte in line"),
		C(H "1 /bin\0 read = 0\n", "t.log:2:7: NUL byte in line"),
		C(H "1 \"/bin\"\0 read = 0\n", "t.log:2:9: NUL byte in line"),
		C(H "1 \"/bin\" re\0ad = 0\n", "t.log:2:12: NUL byte in line"),
		C(H "1 \"/bin\" read f\0d=1 = 0\n",
		  "t.log:2:16: NUL byte in line"),
		C(H "1 \"/bin\" read fd=1\0 = 0\n",
		  "t.log:2:19: NUL byte in line"),
		C(H "1 \"/bin\" read fd=\"1\"\0 = 0\n",
		  "t.log:2:21: NUL byte in line"),
		C(H "1 \"/bin\" read =\0 0\n", "t.log:2:16: NUL byte in line"),
		C(H "1 \"/bin\" read = \0\n", "t.log:2:17: NUL byte in line"),
		C(H "1 \"/bin\" read = 0\0\n", "t.log:2:18: NUL byte in line"),
		C(H "1 \"/bin\" read = 0 \0\n", "t.log:2:19: NUL byte in line"),
		C(H "1 \"/bin\" read = -EN\0\n",
		  "t.log:2:20: NUL byte in line"),
		C("#st-log 1 arch=x86_64\0\n", "t.log:1:22: NUL byte in line"),
		C("#st-log 1\0 arch=x86_64\n", "t.log:1:10: NUL byte in line"),
		C("# comment \0 with a NUL\n" H "1 \"/bin\" read = 0\n", ""),
		C(H "1 \"/bin\" open filename=\"a\0b\" = 0\n", ""),
#undef C
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(first_error(cases[i].text, cases[i].len), cases[i].want,
		       "NUL case %zu", i);

	static const char raw[] = H "1 \"/bin\" open filename=\"a\0b\" = 0\n";
	struct input in;
	struct log_event ev;
	input_open(&in, raw, sizeof(raw) - 1);
	is(log_read(in.r, &ev, &in.d), 1, "raw NUL inside a string");
	ok(ev.nargs == 1 && ev.args[0].len == 3 &&
		   memcmp(ev.args[0].val, "a\0b", 4) == 0,
	   "raw NUL kept as a byte");
	input_close(&in);
}

/* Everything of one event, field by field. */
static void test_fields(void)
{
	static const char text[] =
		"# made by hand\n"
		"#st-log 1 arch=x86_64\n"
		"\n"
		"   \t\n"
		"4242 \"/usr/sbin/inetd\" openat filename=\"/etc/inetd.conf\" "
		"oflags=ro = 3\n"
		"  4242\t\t\"/usr/sbin/inetd\"  socket   sockdom=AF_INET "
		"socktype=SOCK_STREAM\t=\t5  \n"
		"4250 /usr/sbin/oidentd x86-open filename=\"/a b\" "
		"exists=no = ?\n"
		"4250 \"/usr/sbin/oidentd\" rename filename=\"/a\" "
		"filename[1]=\"/b\" = -ENOENT\n"
		"4250 \"/usr/sbin/oidentd\" lseek = -9223372036854775808\n"
		"4250 \"/usr/sbin/oidentd\" linux-read = -E512\r\n"
		"4250 \"/usr/sbin/oidentd\" x86_64-read fd=\"\" = "
		"9223372036854775807";
	struct input in;
	struct log_event ev;

	input_open(&in, text, sizeof(text) - 1);
	is(log_line(in.r), 0, "no line read yet");

	is(log_read(in.r, &ev, &in.d), 1, "openat read");
	is(log_line(in.r), 5, "log_line() after blank lines and comments");
	is(ev.loc.line, 5, "loc.line");
	is(ev.loc.col, 1, "loc.col");
	is_str(ev.loc.file, "t.log", "loc.file");
	is(ev.pid, 4242, "pid");
	is_str(ev.program, "/usr/sbin/inetd", "program");
	is(ev.program_len, 15, "program_len");
	ok(ev.arch == sys_arch_lookup("x86_64"), "arch of the header");
	is_str(ev.sys, "openat", "sys, NUL-terminated");
	is(ev.sys_len, 6, "sys_len");
	is(ev.nargs, 2, "nargs");
	is_str(ev.args[0].val, "/etc/inetd.conf", "quoted value");
	is(ev.args[0].name_len, 8, "name_len");
	ok(memcmp(ev.args[0].name, "filename", 8) == 0, "name");
	is(ev.args[0].idx, 0, "idx");
	is_str(ev.args[1].val, "ro", "bare value, NUL-terminated");
	is(ev.args[1].len, 2, "bare value length");
	is(ev.rkind, LOG_RES_VALUE, "value result");
	is(ev.result, 3, "result");

	is(log_read(in.r, &ev, &in.d), 1, "blanks and tabs between fields");
	is_str(ev.sys, "socket", "socket");
	is_str(ev.args[0].val, "AF_INET", "sockdom");
	is_str(ev.args[1].val, "SOCK_STREAM", "socktype");
	is(ev.result, 5, "result before trailing blanks");

	is(log_read(in.r, &ev, &in.d), 1, "x86 event");
	is_str(ev.program, "/usr/sbin/oidentd", "bare program");
	ok(ev.arch == sys_arch_lookup("x86"), "EMUL- prefix sets arch");
	is_str(ev.sys, "open", "sys without its prefix");
	is_str(ev.args[0].val, "/a b", "path with a space");
	is_str(ev.args[1].val, "no", "exists=no");
	is(ev.rkind, LOG_RES_UNKNOWN, "? result");

	is(log_read(in.r, &ev, &in.d), 1, "rename");
	is(ev.args[1].idx, 1, "filename[1]");
	is(ev.args[1].name_len, 8, "the index is not part of the name");
	is(ev.rkind, LOG_RES_ERRNO, "errno result");
	is(ev.result, ENOENT, "ENOENT");

	is(log_read(in.r, &ev, &in.d), 1, "lseek");
	ok(ev.result == INT64_MIN, "INT64_MIN");

	is(log_read(in.r, &ev, &in.d), 1, "CRLF line ending");
	ok(ev.arch == sys_arch_lookup("x86"), "systrace's linux- prefix");
	is(ev.rkind, LOG_RES_ERRNO, "-EN");
	is(ev.result, 512, "errno without a name");

	is(log_read(in.r, &ev, &in.d), 1, "last line without a newline");
	ok(ev.arch == sys_arch_lookup("x86_64"), "own arch as a prefix");
	is(ev.args[0].len, 0, "empty quoted value");
	is_str(ev.args[0].val, "", "empty value is NUL-terminated");
	ok(ev.result == INT64_MAX, "INT64_MAX");
	is(log_line(in.r), 11, "log_line() of the last line");

	is(log_read(in.r, &ev, &in.d), 0, "end of input");
	is(log_read(in.r, &ev, &in.d), 0, "end of input again");
	is(in.d.n, 0, "no diagnostics");
	input_close(&in);
}

/* Concatenated logs: each header sets the arch of the lines after it. */
static void test_concat(void)
{
	static const char text[] = "#st-log 1 arch=x86_64\n"
				   "1 \"/a\" read = 0\n"
				   "1 \"/a\" x86-read = 0\n"
				   "# exit 0\n"
				   "#st-log 1 arch=aarch64\n"
				   "2 \"/b\" read = 0\n"
				   "2 \"/b\" x86_64-read = 0\n"
				   "#st-log 1 arch=native\n"
				   "3 \"/c\" read = 0\n";
	struct input in;
	struct log_event ev;
	uint32_t want[] = {sys_arch_lookup("x86_64"), sys_arch_lookup("x86"),
			   sys_arch_lookup("aarch64"),
			   sys_arch_lookup("x86_64"), sys_arch_native()};
	unsigned lines[] = {2, 3, 6, 7, 9};

	input_open(&in, text, sizeof(text) - 1);
	for (int i = 0; i < 5; i++) {
		is(log_read(in.r, &ev, &in.d), 1, "concatenated event %d", i);
		ok(ev.arch == want[i], "arch of event %d", i);
		is(ev.loc.line, lines[i], "line of event %d", i);
	}
	is(log_read(in.r, &ev, &in.d), 0, "end of the concatenation");
	input_close(&in);
}

/* A bad line is consumed: the reader goes on with the next one. */
static void test_continue(void)
{
	static const char text[] = H "1 \"/a\" read = 0\n"
				     "1 \"/a\" read = -EFOO\n"
				     "1 \"/a\" write = 1\n"
				     "#st-log 1 arch=vax\n"
				     "1 \"/a\" read = 0\n"
				     "#st-log 1 arch=x86\n"
				     "1 \"/a\" read = 0\n";
	struct input in;
	struct log_event ev;

	input_open(&in, text, sizeof(text) - 1);
	is(log_read(in.r, &ev, &in.d), 1, "good line");
	is(log_read(in.r, &ev, &in.d), -1, "bad line");
	is(in.d.n, 1, "one diagnostic");
	is_str(diag_text(&in.d, 0), "t.log:3:16: unknown errno \"EFOO\"",
	       "its text");
	is_str(in.d.v[0].code, "syntax", "its code");
	is(in.d.v[0].sev, SEV_ERROR, "an error");
	is(log_line(in.r), 3, "log_line() of the bad line");
	is(log_read(in.r, &ev, &in.d), 1, "the line after it");
	is_str(ev.sys, "write", "is read");
	is(log_read(in.r, &ev, &in.d), -1, "bad header");
	is_str(diag_text(&in.d, 1), "t.log:5:16: unknown architecture \"vax\"",
	       "bad header text");
	is(log_read(in.r, &ev, &in.d), -1, "no arch after a bad header");
	is_str(diag_text(&in.d, 2), "t.log:6:1: missing #st-log header",
	       "the lines after a bad header have no arch");
	is(log_read(in.r, &ev, &in.d), 1, "a good header again");
	ok(ev.arch == sys_arch_lookup("x86"), "its arch");
	is(log_read(in.r, &ev, &in.d), 0, "end");
	input_close(&in);
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Random bytes of one of several kinds into b. */
static void random_bytes(struct sbuf *b, size_t max)
{
	static const char *const pieces[] = {
		"/",
		" ",
		"\"",
		"\\",
		"\n",
		"\t",
		"\r",
		"\x7f",
		"\xff",
		"\xc3\xa9",
		"\xe2\x82\xac",
		"\xf0\x9f\x98\x80",
		"\xed\xa0\x80",
		"\xc3",
		"#",
		"=",
		"x",
		"\\x41",
		"usr",
		"[1]",
	};
	size_t n = rnd((uint32_t)max + 1);

	sbuf_reset(b);
	for (size_t i = 0; i < n; i++) {
		switch (rnd(3)) {
		case 0:
			sbuf_addc(b, (char)rnd(256));
			break;
		case 1:
			sbuf_adds(b, pieces[rnd(sizeof(pieces) /
						sizeof(pieces[0]))]);
			break;
		default:
			sbuf_addc(b, (char)('a' + rnd(26)));
			break;
		}
	}
	if (b->s == NULL)
		sbuf_add(b, "", 0);
}

static void random_bare(struct sbuf *b)
{
	static const char chars[] = "abcXYZ019_.:+|/-";
	size_t n = 1 + rnd(12);

	sbuf_reset(b);
	for (size_t i = 0; i < n; i++)
		sbuf_addc(b, chars[rnd(sizeof(chars) - 1)]);
}

static int same_event(const struct log_event *a, const struct log_event *b)
{
	if (a->pid != b->pid || a->arch != b->arch ||
	    a->program_len != b->program_len ||
	    memcmp(a->program, b->program, a->program_len) != 0 ||
	    a->sys_len != b->sys_len ||
	    memcmp(a->sys, b->sys, a->sys_len) != 0 || a->nargs != b->nargs ||
	    a->rkind != b->rkind ||
	    (a->rkind != LOG_RES_UNKNOWN && a->result != b->result))
		return 0;
	for (unsigned i = 0; i < a->nargs; i++) {
		const struct log_arg *x = &a->args[i], *y = &b->args[i];
		if (x->name_len != y->name_len || x->idx != y->idx ||
		    memcmp(x->name, y->name, x->name_len) != 0 ||
		    x->len != y->len || memcmp(x->val, y->val, x->len) != 0 ||
		    x->val[x->len] != '\0')
			return 0;
	}
	return a->program[a->program_len] == '\0' && a->sys[a->sys_len] == '\0';
}

#define NEVENTS 3000

/* Events with random bytes, written, read back and compared. */
static void test_round_trip(void)
{
	static const char *const syscalls[] = {
		"openat", "read",   "newfstatat", "bind",	 "rename",
		"clone3", "socket", "execve",	  "syscall_999", "fstatat64",
	};
	static const char *const names[] = {
		"filename", "string", "sockaddr", "oflags", "mode",
		"exists",   "fd",     "a_b",	  "x",
	};
	static const char *const arch_names[] = {"x86_64", "x86", "x32",
						 "aarch64", "riscv64"};
	static const int64_t values[] = {
		0, 1, -1, 42, 4095, -4096, INT64_MAX, INT64_MIN, 1ll << 40,
	};
	struct log_event *evs = xcalloc(NEVENTS, sizeof(*evs));
	struct sbuf *bufs = xcalloc(NEVENTS * (LOG_MAXARGS + 1), sizeof(*bufs));
	uint32_t *hdr = xcalloc(NEVENTS, sizeof(*hdr));
	struct sbuf text = {0}, line = {0}, again = {0};
	uint32_t cur = sys_arch_lookup("x86_64");
	int kinds[3] = {0}, foreign = 0, nul_values = 0, max_args = 0;

	log_format_header(&text, cur);
	for (int i = 0; i < NEVENTS; i++) {
		struct log_event *ev = &evs[i];
		struct sbuf *b = &bufs[i * (LOG_MAXARGS + 1)];

		if (rnd(100) == 0) {
			cur = sys_arch_lookup(arch_names[rnd(5)]);
			log_format_header(&text, cur);
		}
		hdr[i] = cur;
		ev->pid = 1 + (long)rnd(INT_MAX);
		if (rnd(10) == 0)
			ev->pid = INT_MAX;
		random_bytes(&b[0], rnd(4) ? 40 : 300);
		ev->program = b[0].s;
		ev->program_len = b[0].len;
		ev->arch = rnd(4) ? cur : sys_arch_lookup(arch_names[rnd(5)]);
		foreign += ev->arch != cur;
		ev->sys = syscalls[rnd(sizeof(syscalls) / sizeof(syscalls[0]))];
		ev->sys_len = strlen(ev->sys);
		ev->nargs = rnd(LOG_MAXARGS + 1);
		max_args += ev->nargs == LOG_MAXARGS;
		for (unsigned j = 0; j < ev->nargs; j++) {
			struct log_arg *a = &ev->args[j];
			a->name = names[rnd(sizeof(names) / sizeof(names[0]))];
			a->name_len = strlen(a->name);
			a->idx = rnd(3) == 0 ? rnd(256) : 0;
			if (rnd(2))
				random_bare(&b[1 + j]);
			else
				random_bytes(&b[1 + j], rnd(8) ? 30 : 500);
			a->val = b[1 + j].s;
			a->len = b[1 + j].len;
			nul_values += memchr(a->val, '\0', a->len) != NULL;
		}
		ev->rkind = (enum log_result)rnd(3);
		kinds[ev->rkind]++;
		if (ev->rkind == LOG_RES_VALUE)
			ev->result =
				rnd(2) ? values[rnd(9)] : (int64_t)rnd(100000);
		else if (ev->rkind == LOG_RES_ERRNO)
			ev->result = rnd(4) ? 1 + rnd(133) : 1 + rnd(4095);
		else
			ev->result = 0;
		log_format_event(&text, ev, cur);
	}
	ok(kinds[0] && kinds[1] && kinds[2], "every result kind generated");
	ok(foreign > 100, "events of other architectures generated");
	ok(nul_values > 100, "values with NUL bytes generated");
	ok(max_args > 100, "events with %d arguments generated", LOG_MAXARGS);

	struct input in;
	struct log_event ev;
	int same = 0, stable = 0, k = 0;

	input_open(&in, text.s, text.len);
	for (int i = 0; i < NEVENTS; i++) {
		k = log_read(in.r, &ev, &in.d);
		if (k != 1)
			break;
		same += same_event(&ev, &evs[i]);
		/* the text is canonical: written again it is the same */
		sbuf_reset(&line);
		log_format_event(&line, &evs[i], hdr[i]);
		sbuf_reset(&again);
		log_format_event(&again, &ev, hdr[i]);
		stable += line.len == again.len &&
			  memcmp(line.s, again.s, line.len) == 0;
	}
	is(k, 1, "every generated line read");
	if (in.d.n)
		printf("# %s\n", diag_text(&in.d, 0));
	is(same, NEVENTS, "every event read back the same");
	is(stable, NEVENTS, "every event written back the same");
	is(log_read(in.r, &ev, &in.d), 0, "nothing more");
	input_close(&in);

	for (int i = 0; i < NEVENTS * (LOG_MAXARGS + 1); i++)
		sbuf_free(&bufs[i]);
	free(bufs);
	free(evs);
	free(hdr);
	sbuf_free(&text);
	sbuf_free(&line);
	sbuf_free(&again);
}

/* The writer's spelling. */
static void test_writer(void)
{
	struct sbuf out = {0};
	struct log_event ev = {0};
	uint32_t x86_64 = sys_arch_lookup("x86_64");

	log_format_header(&out, x86_64);
	is_str(out.s, "#st-log 1 arch=x86_64\n", "header");

	ev.pid = 4242;
	ev.program = "/usr/sbin/inetd";
	ev.program_len = 15;
	ev.arch = x86_64;
	ev.sys = "openat";
	ev.sys_len = 6;
	ev.nargs = 3;
	ev.args[0] = (struct log_arg){"filename", 8, 0, "/etc/inetd.conf", 15};
	ev.args[1] = (struct log_arg){"oflags", 6, 0, "ro", 2};
	ev.args[2] = (struct log_arg){"mode", 4, 0, "", 0};
	ev.rkind = LOG_RES_VALUE;
	ev.result = 3;
	sbuf_reset(&out);
	log_format_event(&out, &ev, x86_64);
	is_str(out.s,
	       "4242 \"/usr/sbin/inetd\" openat filename=\"/etc/inetd.conf\" "
	       "oflags=ro mode=\"\" = 3\n",
	       "paths quoted, bare tokens bare, empty quoted");

	ev.arch = sys_arch_lookup("x86");
	ev.sys = "rename";
	ev.args[0] = (struct log_arg){"filename", 8, 0, "a", 1};
	ev.args[1] = (struct log_arg){"filename", 8, 1, "b c", 3};
	ev.args[2] = (struct log_arg){"flags", 5, 0, "a b", 3};
	ev.rkind = LOG_RES_ERRNO;
	ev.result = ENOENT;
	sbuf_reset(&out);
	log_format_event(&out, &ev, x86_64);
	is_str(out.s,
	       "4242 \"/usr/sbin/inetd\" x86-rename filename=\"a\" "
	       "filename[1]=\"b c\" flags=\"a b\" = -ENOENT\n",
	       "EMUL- prefix, index, quoted when not bare, errno name");

	ev.nargs = 1;
	ev.args[0] = (struct log_arg){"sockaddr", 8, 0, "unix-@a\0b", 9};
	ev.rkind = LOG_RES_UNKNOWN;
	sbuf_reset(&out);
	log_format_event(&out, &ev, ev.arch);
	is_str(out.s,
	       "4242 \"/usr/sbin/inetd\" rename sockaddr=\"unix-@a\\x00b\" "
	       "= ?\n",
	       "same arch: no prefix; NUL escaped; unknown result");

	ev.nargs = 0;
	ev.rkind = LOG_RES_ERRNO;
	ev.result = 512;
	sbuf_reset(&out);
	log_format_event(&out, &ev, ev.arch);
	is_str(out.s, "4242 \"/usr/sbin/inetd\" rename = -E512\n",
	       "an errno without a name");

	ev.rkind = LOG_RES_VALUE;
	ev.result = -4;
	sbuf_reset(&out);
	log_format_event(&out, &ev, ev.arch);
	is_str(out.s, "4242 \"/usr/sbin/inetd\" rename = -4\n",
	       "a negative value");
	sbuf_free(&out);
}

/* A line that does not fit the first buffer, between ordinary ones. */
static void test_long_line(void)
{
	size_t n = 3u << 20;
	struct sbuf text = {0};
	char *big = xmalloc(n);
	struct log_event ev;
	struct input in;

	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	big[n / 2] = ' ';
	big[n / 3] = '"';
	sbuf_adds(&text, H "1 \"/a\" read = 0\n1 \"/a\" open filename=");
	quote_add(&text, big, n);
	sbuf_adds(&text, " = 3\n1 \"/a\" close fd=3 = 0\n");
	sbuf_adds(&text, "1 \"/a\" open filename=\"");
	sbuf_add(&text, big, 1u << 20);
	sbuf_adds(&text, "\" = 4");

	input_open(&in, text.s, text.len);
	is(log_read(in.r, &ev, &in.d), 1, "line before");
	is(log_read(in.r, &ev, &in.d), 1, "a 3 MB line");
	ok(ev.args[0].len == n && memcmp(ev.args[0].val, big, n) == 0,
	   "its value");
	is(log_read(in.r, &ev, &in.d), 1, "line after");
	is_str(ev.sys, "close", "is close");
	is(log_read(in.r, &ev, &in.d), 1, "a 1 MB last line without newline");
	ok(ev.args[0].len == 1u << 20 &&
		   memcmp(ev.args[0].val, big, 1u << 20) == 0,
	   "its value");
	is(ev.result, 4, "its result");
	is(log_read(in.r, &ev, &in.d), 0, "end");
	input_close(&in);

	/* a fault far into a long line has its column */
	sbuf_reset(&text);
	sbuf_adds(&text, H "1 \"/a\" open filename=\"");
	sbuf_add(&text, big, 1u << 20);
	sbuf_adds(&text, "\\q\" = 0\n");
	char want[64];
	snprintf(want, sizeof(want), "t.log:2:%u: invalid escape",
		 (unsigned)(22 + (1u << 20) + 1));
	is_str(first_error(text.s, text.len), want, "column past 1 MB");
	sbuf_free(&text);
	free(big);
}

/* Input through a pipe in small pieces: lines cut across reads. */
static void test_pipe(void)
{
	struct sbuf text = {0};
	int fds[2];
	pid_t pid;

	sbuf_adds(&text, H);
	for (int i = 0; i < 500; i++)
		sbuf_printf(&text,
			    "%d \"/usr/bin/find\" newfstatat "
			    "filename=\"/usr/share/doc/%d\" = %s\n",
			    i + 1, i, i % 3 ? "0" : "-ENOENT");
	if (pipe2(fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		perror("pipe");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		for (size_t off = 0; off < text.len; off += 7) {
			size_t n = text.len - off < 7 ? text.len - off : 7;
			if (write(fds[1], text.s + off, n) != (ssize_t)n)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);

	struct log_reader *r = log_fdopen(fds[0], "pipe", NULL, 0);
	struct diags d = {0};
	struct log_event ev;
	int n = 0, good = 0, status;
	char want[64];

	while (log_read(r, &ev, &d) == 1) {
		snprintf(want, sizeof(want), "/usr/share/doc/%d", n);
		good += ev.pid == n + 1 && strcmp(ev.args[0].val, want) == 0 &&
			ev.rkind == (n % 3 ? LOG_RES_VALUE : LOG_RES_ERRNO);
		n++;
	}
	is(n, 500, "every line through a pipe");
	is(good, 500, "every line right");
	is(d.n, 0, "no diagnostics");
	log_close(r);
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer done");
	diags_free(&d);
	sbuf_free(&text);
}

static void test_open(void)
{
	struct diags d = {0};
	struct log_event ev;
	char path[128];

	snprintf(path, sizeof(path), "%s/none.log", dir);
	errno = 0;
	ok(log_open(path) == NULL && errno == ENOENT, "missing file: ENOENT");

	const char *p = put("x.log", "1 \"/a\" read = 0\n", 16);
	snprintf(path, sizeof(path), "%s", p);
	struct log_reader *r = log_open(path);
	ok(r != NULL, "log_open");
	is(log_read(r, &ev, &d), -1, "no header");
	ok(d.n == 1 && strcmp(d.v[0].loc.file, path) == 0,
	   "log_open() names diagnostics by the path");
	log_close(r);
	diags_free(&d);

	/* a read error: errno set, no diagnostic */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	r = log_fdopen(fd, "dir", NULL, 0);
	errno = 0;
	is(log_read(r, &ev, &d), -1, "read error");
	is(errno, EISDIR, "errno of the read error");
	is(d.n, 0, "no diagnostic for a read error");
	log_close(r);
	ok(fcntl(fd, F_GETFD) >= 0, "log_close() leaves log_fdopen's fd open");
	close(fd);

	is_str(err_of(""), "", "empty input: no events, no error");
	is_str(err_of("#st-log 1 arch=x86_64"), "", "a header alone");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t-log.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_errors();
	test_nul();
	test_fields();
	test_concat();
	test_continue();
	test_writer();
	test_round_trip();
	test_long_line();
	test_pipe();
	test_open();

	char path[128];
	snprintf(path, sizeof(path), "%s/t.log", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/x.log", dir);
	unlink(path);
	if (rmdir(dir) < 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
