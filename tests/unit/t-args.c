/* t-args.c: unit tests of the argument table, printed forms and aliases. */

/*
 * The test includes args.c itself, so that it can check the static tables
 * behind args.h (sorted for the binary search, one name per number) as
 * well as the interface. The linker then never takes args.o from libst.a.
 */
#include "args.c"

#include "tap.h"

/* glibc's O_LARGEFILE is 0 on x86-64; the kernel's flag is this */
#define KERNEL_O_LARGEFILE 0100000

/* The printed form of v; valid until the next call. */
static const char *fmt(enum arg_type t, uint64_t v)
{
	static struct sbuf b;

	sbuf_reset(&b);
	args_format(t, v, &b);
	return b.s ? b.s : "";
}

static const char *fmt_sa(const void *sa, size_t len, size_t *n)
{
	static struct sbuf b;

	sbuf_reset(&b);
	args_format_sockaddr(sa, len, &b);
	*n = b.len;
	return b.s ? b.s : "";
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static const enum arg_type int_types[] = {
	ARGT_OFLAGS, ARGT_MODE,	 ARGT_SOCKDOM, ARGT_SOCKTYPE, ARGT_SIGNAL,
	ARGT_FCNTL,  ARGT_IOCTL, ARGT_PRCTL,   ARGT_PROT,     ARGT_CLONE,
	ARGT_UID,    ARGT_GID,	 ARGT_FD,
};

/*
 * Whether v prints, and its printed form parses back to v under the mask
 * and prints again the same. Prints a diagnostic on the first failure.
 */
static int round_trip(enum arg_type t, uint64_t v)
{
	uint64_t pv, mask;
	char s[1100];

	snprintf(s, sizeof(s), "%s", fmt(t, v));
	if (args_parse(t, s, &pv, &mask) != 0) {
		printf("# %s %#" PRIx64
		       " printed \"%s\", which does not parse\n",
		       args_type_name(t), v, s);
		return 0;
	}
	if ((v & mask) != pv || (pv & ~mask) != 0) {
		printf("# %s %#" PRIx64 " -> \"%s\" -> %#" PRIx64
		       " mask %#" PRIx64 "\n",
		       args_type_name(t), v, s, pv, mask);
		return 0;
	}
	if (strcmp(fmt(t, pv), s) != 0) {
		printf("# %s %#" PRIx64 " -> \"%s\", but %#" PRIx64
		       " -> \"%s\"\n",
		       args_type_name(t), v, s, pv, fmt(t, pv));
		return 0;
	}
	return 1;
}

static void test_names(void)
{
	static const char *const want[] = {
		"filename", "string",	"oflags",  "mode", "sockaddr",
		"sockdom",  "socktype", "signame", "cmd",  "request",
		"option",   "prot",	"flags",   "uid",  "gid",
		"fd",	    NULL,
	};
	int good = 1;
	enum arg_type t;

	for (size_t i = 0; i < NELEM(want); i++) {
		if (!want[i] || !args_names[i])
			good &= want[i] == args_names[i];
		else
			good &= strcmp(want[i], args_names[i]) == 0;
	}
	ok(good, "args_names in the manual's order");

	good = 1;
	for (size_t i = 0; args_names[i]; i++) {
		if (!args_name_known(args_names[i], &t) ||
		    args_type_name(t) != args_names[i])
			good = 0;
	}
	ok(good, "every name is known, and names its type");
	ok(args_name_known("signame", &t) && t == ARGT_SIGNAL,
	   "signame is ARGT_SIGNAL");
	ok(args_name_known("filename", NULL), "known without a type pointer");
	ok(!args_name_known("signal", &t), "signal is not an argument name");
	ok(!args_name_known("", &t), "empty name unknown");
	is_str(args_type_name(ARGT_PATH), "filename", "type name of PATH");
	is_str(args_type_name(ARGT_CLONE), "flags", "type name of CLONE");
	is_str(args_type_name(ARGT_IOCTL), "request", "type name of IOCTL");

	good = !args_type_is_int(ARGT_PATH) && !args_type_is_int(ARGT_STRING) &&
	       !args_type_is_int(ARGT_SOCKADDR);
	for (size_t i = 0; i < NELEM(int_types); i++)
		good &= args_type_is_int(int_types[i]);
	ok(good, "args_type_is_int: from oflags on");
}

static void test_call_table(void)
{
	int sorted = 1, specs = 1, found = 1;

	for (size_t i = 1; i < NELEM(calls); i++) {
		if (strcmp(calls[i - 1].sys, calls[i].sys) >= 0) {
			printf("# calls: %s before %s\n", calls[i - 1].sys,
			       calls[i].sys);
			sorted = 0;
		}
	}
	ok(sorted, "call table strictly sorted (%zu calls)", NELEM(calls));

	for (size_t i = 0; i < NELEM(calls); i++) {
		const struct call_args *ca = &calls[i];
		if (args_of(ca->sys) != ca)
			found = 0;
		if (ca->nargs == 0)
			specs = 0;
		for (unsigned j = 0; j < ca->nargs; j++) {
			const struct arg_spec *a = &ca->args[j];
			enum arg_type t;
			int named = 0, bad = 0;
			for (size_t k = 0; args_names[k]; k++)
				named |= a->name == args_names[k];
			bad |= !named || !args_name_known(a->name, &t) ||
			       t != a->type;
			bad |= a->reg != ARG_IN_STRUCT &&
			       (a->reg < 0 || a->reg > 5);
			bad |= a->dirfd_reg != ARG_NO_DIRFD &&
			       (a->type != ARGT_PATH || a->dirfd_reg < 0 ||
				a->dirfd_reg > 5 || a->dirfd_reg == a->reg);
			bad |= a->len_reg != -1 &&
			       (a->type != ARGT_SOCKADDR || a->len_reg < 0 ||
				a->len_reg > 5 || a->len_reg == a->reg);
			bad |= a->idx > 0 &&
			       !args_find(ca->sys, a->name, a->idx - 1);
			bad |= args_find(ca->sys, a->name, a->idx) != a;
			for (unsigned k = 0; k < j; k++) {
				const struct arg_spec *b = &ca->args[k];
				bad |= b->reg == a->reg &&
				       a->reg != ARG_IN_STRUCT;
			}
			if (bad) {
				printf("# %s: bad spec %s[%u]\n", ca->sys,
				       a->name, a->idx);
				specs = 0;
			}
		}
	}
	ok(found, "args_of finds every call of the table");
	ok(specs, "every spec well-formed, unique, and found by args_find");
}

static int check_enum_table(const char *what, enum arg_type t,
			    const struct name_val *tab, size_t n)
{
	int good = 1;
	uint64_t v, mask;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++) {
			if (tab[j].val == tab[i].val ||
			    !strcmp(tab[j].name, tab[i].name)) {
				printf("# %s: %s and %s\n", what, tab[j].name,
				       tab[i].name);
				good = 0;
			}
		}
		if (strcmp(fmt(t, tab[i].val), tab[i].name) != 0 ||
		    args_parse(t, tab[i].name, &v, &mask) != 0 ||
		    v != tab[i].val) {
			printf("# %s: %s does not print or parse\n", what,
			       tab[i].name);
			good = 0;
		}
	}
	return good;
}

static int check_bit_table(const char *what, enum arg_type t,
			   const struct name_val *tab, size_t n)
{
	int good = 1;

	for (size_t i = 0; i < n; i++) {
		uint64_t b = tab[i].val;
		if (!b || (b & (b - 1)) || (i && b <= tab[i - 1].val)) {
			printf("# %s: %s not one bit in order\n", what,
			       tab[i].name);
			good = 0;
		}
		if (strcmp(fmt(t, b), tab[i].name) != 0) {
			printf("# %s: %s prints \"%s\"\n", what, tab[i].name,
			       fmt(t, b));
			good = 0;
		}
	}
	return good;
}

static void test_value_tables(void)
{
	ok(check_enum_table("sockdom", ARGT_SOCKDOM, sockdoms, NELEM(sockdoms)),
	   "sockdom names: unique, print and parse");
	ok(check_enum_table("socktype", ARGT_SOCKTYPE, socktypes,
			    NELEM(socktypes)),
	   "socktype names: unique, print and parse");
	ok(check_enum_table("cmd", ARGT_FCNTL, fcntls, NELEM(fcntls)),
	   "fcntl names: unique, print and parse");
	ok(check_enum_table("request", ARGT_IOCTL, ioctls, NELEM(ioctls)),
	   "ioctl names: unique, print and parse (%zu)", NELEM(ioctls));
	ok(check_enum_table("option", ARGT_PRCTL, prctls, NELEM(prctls)),
	   "prctl names: unique, print and parse");
	ok(check_bit_table("prot", ARGT_PROT, prots, NELEM(prots)),
	   "prot names: one bit each, in order");
	ok(check_bit_table("flags", ARGT_CLONE, clones, NELEM(clones)),
	   "clone names: one bit each, in order");
}

struct fcase {
	enum arg_type t;
	uint64_t v;
	const char *s;
};

static void test_format(void)
{
	static const struct fcase cases[] = {
		{ARGT_OFLAGS, O_RDONLY, "ro"},
		{ARGT_OFLAGS, O_RDONLY | O_CLOEXEC | O_NONBLOCK, "ro"},
		{ARGT_OFLAGS, O_WRONLY, "wo"},
		{ARGT_OFLAGS, O_RDWR, "rw"},
		{ARGT_OFLAGS, 3, "io"},
		{ARGT_OFLAGS, O_WRONLY | O_CREAT | O_TRUNC, "woct"},
		{ARGT_OFLAGS, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, "woct"},
		{ARGT_OFLAGS, O_RDWR | O_TMPFILE, "rwT"},
		{ARGT_OFLAGS, O_RDWR | O_TMPFILE | O_EXCL, "rwxT"},
		{ARGT_OFLAGS, O_RDWR | TMPFILE_BIT, "rw|0x400000"},
		{ARGT_OFLAGS, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, "rodf"},
		{ARGT_OFLAGS, O_PATH | O_CLOEXEC, "rop"},
		{ARGT_OFLAGS, O_WRONLY | O_APPEND | O_CREAT, "woac"},
		{ARGT_OFLAGS,
		 O_RDWR | O_APPEND | O_CREAT | O_TRUNC | O_EXCL | O_NOFOLLOW |
			 O_PATH | O_TMPFILE,
		 "rwactxfpT"},
		{ARGT_OFLAGS, O_RDONLY | KERNEL_O_LARGEFILE | O_NOCTTY | O_SYNC,
		 "ro"},
		{ARGT_OFLAGS, 0xffffffff00000000u | O_WRONLY, "wo"},
		{ARGT_MODE, 0644, "0644"},
		{ARGT_MODE, 04755, "04755"},
		{ARGT_MODE, 0, "0000"},
		{ARGT_MODE, 07, "0007"},
		{ARGT_MODE, 0100644, "0100644"},
		{ARGT_MODE, 0177777, "0177777"},
		{ARGT_MODE, 0x10000 | 0600, "0600"},
		{ARGT_SOCKDOM, AF_INET, "AF_INET"},
		{ARGT_SOCKDOM, AF_UNIX, "AF_UNIX"},
		{ARGT_SOCKDOM, AF_INET6, "AF_INET6"},
		{ARGT_SOCKDOM, AF_NETLINK, "AF_NETLINK"},
		{ARGT_SOCKDOM, AF_UNSPEC, "AF_UNSPEC"},
		{ARGT_SOCKDOM, AF_VSOCK, "AF_VSOCK"},
		{ARGT_SOCKDOM, 200, "200"},
		{ARGT_SOCKDOM, 0xffffffffu, "-1"},
		{ARGT_SOCKTYPE, SOCK_STREAM, "SOCK_STREAM"},
		{ARGT_SOCKTYPE, SOCK_STREAM | SOCK_CLOEXEC, "SOCK_STREAM"},
		{ARGT_SOCKTYPE, SOCK_DGRAM | SOCK_NONBLOCK, "SOCK_DGRAM"},
		{ARGT_SOCKTYPE, SOCK_PACKET, "SOCK_PACKET"},
		{ARGT_SOCKTYPE, 0, "0"},
		{ARGT_SOCKTYPE, 7, "7"},
		{ARGT_SIGNAL, 0, "0"},
		{ARGT_SIGNAL, SIGHUP, "SIGHUP"},
		{ARGT_SIGNAL, SIGKILL, "SIGKILL"},
		{ARGT_SIGNAL, SIGABRT, "SIGABRT"},
		{ARGT_SIGNAL, SIGIO, "SIGIO"},
		{ARGT_SIGNAL, SIGSYS, "SIGSYS"},
		{ARGT_SIGNAL, 32, "SIGRTMIN"},
		{ARGT_SIGNAL, 34, "SIGRTMIN+2"},
		{ARGT_SIGNAL, 63, "SIGRTMIN+31"},
		{ARGT_SIGNAL, 64, "SIGRTMAX"},
		{ARGT_SIGNAL, 65, "65"},
		{ARGT_SIGNAL, 77, "77"},
		{ARGT_SIGNAL, 0xffffffffu, "-1"},
		{ARGT_SIGNAL, UINT64_MAX, "-1"},
		{ARGT_SIGNAL, 0x100000000u | SIGTERM, "SIGTERM"},
		{ARGT_FCNTL, F_GETFL, "F_GETFL"},
		{ARGT_FCNTL, F_DUPFD, "F_DUPFD"},
		{ARGT_FCNTL, F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC"},
		{ARGT_FCNTL, F_OFD_SETLKW, "F_OFD_SETLKW"},
		{ARGT_FCNTL, F_ADD_SEALS, "F_ADD_SEALS"},
		{ARGT_FCNTL, 14, "F_SETLKW64"},
		{ARGT_FCNTL, 999, "999"},
		{ARGT_FCNTL, 0xffffffffu, "4294967295"},
		{ARGT_IOCTL, TCGETS, "TCGETS"},
		{ARGT_IOCTL, TIOCGWINSZ, "TIOCGWINSZ"},
		{ARGT_IOCTL, TIOCSCTTY, "TIOCSCTTY"},
		{ARGT_IOCTL, FIONREAD, "FIONREAD"},
		{ARGT_IOCTL, FIOCLEX, "FIOCLEX"},
		{ARGT_IOCTL, FICLONE, "FICLONE"},
		{ARGT_IOCTL, FS_IOC_GETFLAGS, "FS_IOC_GETFLAGS"},
		{ARGT_IOCTL, SIOCGIFINDEX, "SIOCGIFINDEX"},
		{ARGT_IOCTL, SIOCGIFHWADDR, "SIOCGIFHWADDR"},
		{ARGT_IOCTL, BLKGETSIZE64, "BLKGETSIZE64"},
		{ARGT_IOCTL, TCGETS | 0x100000000u, "TCGETS"},
		{ARGT_IOCTL, 0x1234, "0x1234"},
		{ARGT_IOCTL, 0xdeadbeef, "0xdeadbeef"},
		{ARGT_IOCTL, 0, "0x0"},
		{ARGT_PRCTL, PR_SET_NAME, "PR_SET_NAME"},
		{ARGT_PRCTL, PR_SET_NO_NEW_PRIVS, "PR_SET_NO_NEW_PRIVS"},
		{ARGT_PRCTL, PR_SET_SECCOMP, "PR_SET_SECCOMP"},
		{ARGT_PRCTL, PR_SET_PTRACER, "PR_SET_PTRACER"},
		{ARGT_PRCTL, 0, "0"},
		{ARGT_PRCTL, 1000, "1000"},
		{ARGT_PRCTL, (uint32_t)-5, "-5"},
		{ARGT_PROT, PROT_NONE, "PROT_NONE"},
		{ARGT_PROT, PROT_READ | PROT_WRITE, "PROT_READ|PROT_WRITE"},
		{ARGT_PROT, PROT_EXEC | PROT_READ, "PROT_READ|PROT_EXEC"},
		{ARGT_PROT, PROT_READ | PROT_WRITE | PROT_GROWSDOWN,
		 "PROT_READ|PROT_WRITE|PROT_GROWSDOWN"},
		{ARGT_PROT, 0x10, "0x10"},
		{ARGT_PROT, PROT_READ | 0x10, "PROT_READ|0x10"},
		{ARGT_PROT, PROT_READ | 0x100000000u, "PROT_READ|0x100000000"},
		{ARGT_CLONE, 0, "0"},
		{ARGT_CLONE,
		 CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
			 CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
		 "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
		 "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
		 "CLONE_CHILD_CLEARTID"},
		{ARGT_CLONE,
		 CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
		 "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"},
		{ARGT_CLONE, CLONE_VM | CLONE_VFORK | SIGCHLD,
		 "CLONE_VM|CLONE_VFORK|SIGCHLD"},
		{ARGT_CLONE, SIGCHLD, "SIGCHLD"},
		{ARGT_CLONE, CLONE_VM | 34, "CLONE_VM|SIGRTMIN+2"},
		{ARGT_CLONE, CLONE_NEWUSER | CLONE_NEWNS,
		 "CLONE_NEWNS|CLONE_NEWUSER"},
		{ARGT_CLONE, CLONE_NEWTIME, "CLONE_NEWTIME"},
		{ARGT_CLONE, CLONE_NEWTIME | CLONE_NEWPID,
		 "CLONE_NEWTIME|CLONE_NEWPID"},
		{ARGT_CLONE, 0xc8, "0xc8"},
		{ARGT_CLONE, CLONE_VM | 0xc8, "CLONE_VM|0xc8"},
		{ARGT_CLONE, CLONE_VM | 0x400000000u, "CLONE_VM|0x400000000"},
		{ARGT_CLONE, CLONE_VM | 0x400000000u | SIGCHLD,
		 "CLONE_VM|0x400000000|SIGCHLD"},
		{ARGT_CLONE, CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP,
		 "CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP"},
		{ARGT_UID, 0, "0"},
		{ARGT_UID, 1000, "1000"},
		{ARGT_UID, 0xffffffffu, "-1"},
		{ARGT_UID, UINT64_MAX, "-1"},
		{ARGT_UID, 0xfffffffeu, "4294967294"},
		{ARGT_GID, 65534, "65534"},
		{ARGT_GID, 0xffffffffu, "-1"},
		{ARGT_FD, 0, "0"},
		{ARGT_FD, 3, "3"},
		{ARGT_FD, (uint64_t)(int64_t)AT_FDCWD, "AT_FDCWD"},
		{ARGT_FD, (uint32_t)AT_FDCWD, "AT_FDCWD"},
		{ARGT_FD, UINT64_MAX, "-1"},
		{ARGT_FD, 0x7fffffff, "2147483647"},
		{ARGT_FD, 0x80000000u, "-2147483648"},
	};
	int good = 1;

	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *got = fmt(cases[i].t, cases[i].v);
		if (strcmp(got, cases[i].s) != 0) {
			printf("# %s %#" PRIx64 ": got \"%s\", want \"%s\"\n",
			       args_type_name(cases[i].t), cases[i].v, got,
			       cases[i].s);
			good = 0;
		}
	}
	ok(good, "%zu printed forms exactly as documented", NELEM(cases));

	/* the ones named in the brief, one by one for a readable report */
	is_str(fmt(ARGT_OFLAGS, O_WRONLY | O_CREAT | O_TRUNC), "woct",
	       "O_WRONLY|O_CREAT|O_TRUNC is woct");
	is_str(fmt(ARGT_OFLAGS, O_RDONLY | O_CLOEXEC), "ro",
	       "O_RDONLY|O_CLOEXEC is ro");
	is_str(fmt(ARGT_OFLAGS, O_RDWR | O_TMPFILE), "rwT",
	       "O_RDWR|O_TMPFILE is rwT");
	is_str(fmt(ARGT_PROT, PROT_READ | PROT_WRITE), "PROT_READ|PROT_WRITE",
	       "prot PROT_READ|PROT_WRITE");
	is_str(fmt(ARGT_MODE, 0644), "0644", "mode 0644");
	is_str(fmt(ARGT_CLONE,
		   CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD),
	       "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD",
	       "glibc fork() flags, in bit order");

	struct sbuf b = {0};
	sbuf_adds(&b, "x=");
	args_format(ARGT_SIGNAL, SIGTERM, &b);
	is_str(b.s, "x=SIGTERM", "args_format appends");
	sbuf_free(&b);
}

struct pcase {
	enum arg_type t;
	const char *s;
	uint64_t v, mask;
};

static void test_parse(void)
{
	static const struct pcase cases[] = {
		{ARGT_OFLAGS, "ro", O_RDONLY, OFLAGS_MASK},
		{ARGT_OFLAGS, "woct", O_WRONLY | O_CREAT | O_TRUNC,
		 OFLAGS_MASK},
		{ARGT_OFLAGS, "rwT", O_RDWR | O_TMPFILE, OFLAGS_MASK},
		{ARGT_OFLAGS, "io", 3, OFLAGS_MASK},
		{ARGT_OFLAGS, "rw|0x400000", O_RDWR | TMPFILE_BIT, OFLAGS_MASK},
		{ARGT_MODE, "0644", 0644, 0177777},
		{ARGT_MODE, "0000", 0, 0177777},
		{ARGT_MODE, "0100755", 0100755, 0177777},
		{ARGT_SOCKDOM, "AF_INET6", AF_INET6, 0xffffffff},
		{ARGT_SOCKDOM, "10", AF_INET6, 0xffffffff},
		{ARGT_SOCKDOM, "-1", 0xffffffff, 0xffffffff},
		{ARGT_SOCKTYPE, "SOCK_DGRAM", SOCK_DGRAM, 0xf},
		{ARGT_SOCKTYPE, "15", 15, 0xf},
		{ARGT_SIGNAL, "SIGKILL", SIGKILL, 0xffffffff},
		{ARGT_SIGNAL, "9", SIGKILL, 0xffffffff},
		{ARGT_SIGNAL, "SIGRTMIN+2", 34, 0xffffffff},
		{ARGT_SIGNAL, "SIGRTMAX", 64, 0xffffffff},
		{ARGT_SIGNAL, "-2147483648", 0x80000000, 0xffffffff},
		{ARGT_FCNTL, "F_SETFD", F_SETFD, 0xffffffff},
		{ARGT_FCNTL, "4294967295", 0xffffffff, 0xffffffff},
		{ARGT_IOCTL, "TCGETS", TCGETS, 0xffffffff},
		{ARGT_IOCTL, "0x5401", TCGETS, 0xffffffff},
		{ARGT_IOCTL, "0xffffffff", 0xffffffff, 0xffffffff},
		{ARGT_PRCTL, "PR_SET_NAME", PR_SET_NAME, 0xffffffff},
		{ARGT_PRCTL, "-7", 0xfffffff9, 0xffffffff},
		{ARGT_PROT, "PROT_NONE", 0, UINT64_MAX},
		{ARGT_PROT, "PROT_READ|PROT_EXEC", PROT_READ | PROT_EXEC,
		 UINT64_MAX},
		{ARGT_PROT, "0x3", PROT_READ | PROT_WRITE, UINT64_MAX},
		{ARGT_PROT, "PROT_EXEC|0x8000000000000000",
		 PROT_EXEC | 0x8000000000000000u, UINT64_MAX},
		{ARGT_CLONE, "0", 0, 0xffffffff},
		{ARGT_CLONE, "CLONE_VM|SIGCHLD", CLONE_VM | SIGCHLD,
		 0xffffffff},
		{ARGT_CLONE, "CLONE_VM|17", CLONE_VM | SIGCHLD, 0xffffffff},
		{ARGT_CLONE, "SIGRTMAX", 64, 0xffffffff},
		{ARGT_CLONE, "CLONE_NEWTIME|CLONE_NEWNS",
		 CLONE_NEWTIME | CLONE_NEWNS, 0xffffffff},
		{ARGT_CLONE, "CLONE_INTO_CGROUP", CLONE_INTO_CGROUP,
		 UINT64_MAX},
		{ARGT_CLONE, "CLONE_VM|0x100000000|SIGCHLD",
		 CLONE_VM | 0x100000000u | SIGCHLD, UINT64_MAX},
		{ARGT_UID, "0", 0, 0xffffffff},
		{ARGT_UID, "-1", 0xffffffff, 0xffffffff},
		{ARGT_UID, "4294967295", 0xffffffff, 0xffffffff},
		{ARGT_GID, "100", 100, 0xffffffff},
		{ARGT_FD, "AT_FDCWD", (uint32_t)AT_FDCWD, 0xffffffff},
		{ARGT_FD, "-100", (uint32_t)AT_FDCWD, 0xffffffff},
		{ARGT_FD, "-1", 0xffffffff, 0xffffffff},
		{ARGT_FD, "2147483647", 0x7fffffff, 0xffffffff},
	};
	int good = 1;

	for (size_t i = 0; i < NELEM(cases); i++) {
		uint64_t v = 0, mask = 0;
		int r = args_parse(cases[i].t, cases[i].s, &v, &mask);
		if (r != 0 || v != cases[i].v || mask != cases[i].mask) {
			printf("# %s \"%s\": %d %#" PRIx64 "/%#" PRIx64 "\n",
			       args_type_name(cases[i].t), cases[i].s, r, v,
			       mask);
			good = 0;
		}
	}
	ok(good, "%zu printed forms parse to value and mask", NELEM(cases));
}

static void test_reject(void)
{
	static const struct {
		enum arg_type t;
		const char *s;
	} bad[] = {
		{ARGT_OFLAGS, "rq"},
		{ARGT_OFLAGS, "ro c"},
		{ARGT_OFLAGS, "wtc"},
		{ARGT_OFLAGS, "wotc"},
		{ARGT_OFLAGS, "wct"},
		{ARGT_OFLAGS, ""},
		{ARGT_OFLAGS, "r"},
		{ARGT_OFLAGS, "RO"},
		{ARGT_OFLAGS, " ro"},
		{ARGT_OFLAGS, "ro "},
		{ARGT_OFLAGS, "roo"},
		{ARGT_OFLAGS, "rocc"},
		{ARGT_OFLAGS, "rwdT"},
		{ARGT_OFLAGS, "rwTd"},
		{ARGT_OFLAGS, "ro|"},
		{ARGT_OFLAGS, "ro|0x"},
		{ARGT_OFLAGS, "ro|0x0"},
		{ARGT_OFLAGS, "ro|0X400000"},
		{ARGT_OFLAGS, "ro|0x80000"},
		{ARGT_OFLAGS, "ro|0x1"},
		{ARGT_OFLAGS, "rwT|0x400000"},
		{ARGT_OFLAGS, "ro|0x400000|0x40"},
		{ARGT_OFLAGS, "xx"},
		{ARGT_MODE, "0x"},
		{ARGT_MODE, "0999"},
		{ARGT_MODE, "644"},
		{ARGT_MODE, "00644"},
		{ARGT_MODE, "0"},
		{ARGT_MODE, "000"},
		{ARGT_MODE, "0644 "},
		{ARGT_MODE, "-0644"},
		{ARGT_MODE, "+0644"},
		{ARGT_MODE, "0200000"},
		{ARGT_MODE, "01777777"},
		{ARGT_MODE, ""},
		{ARGT_SOCKDOM, ""},
		{ARGT_SOCKDOM, "AF_LOCAL"},
		{ARGT_SOCKDOM, "AF_ROUTE"},
		{ARGT_SOCKDOM, "af_inet"},
		{ARGT_SOCKDOM, "AF_INET "},
		{ARGT_SOCKDOM, "02"},
		{ARGT_SOCKDOM, "+2"},
		{ARGT_SOCKDOM, "-0"},
		{ARGT_SOCKDOM, "-"},
		{ARGT_SOCKDOM, "2147483648"},
		{ARGT_SOCKDOM, "-2147483649"},
		{ARGT_SOCKDOM, "AF_INET|AF_INET6"},
		{ARGT_SOCKTYPE, "SOCK_NONBLOCK"},
		{ARGT_SOCKTYPE, "SOCK_STREAM|SOCK_CLOEXEC"},
		{ARGT_SOCKTYPE, "16"},
		{ARGT_SOCKTYPE, "-1"},
		{ARGT_SIGNAL, "SIGFOO"},
		{ARGT_SIGNAL, "SIG"},
		{ARGT_SIGNAL, "SIGIOT"},
		{ARGT_SIGNAL, "SIGPOLL"},
		{ARGT_SIGNAL, "SIGCLD"},
		{ARGT_SIGNAL, "sigkill"},
		{ARGT_SIGNAL, "KILL"},
		{ARGT_SIGNAL, "SIGRTMIN+0"},
		{ARGT_SIGNAL, "SIGRTMIN+32"},
		{ARGT_SIGNAL, "SIGRTMIN+01"},
		{ARGT_SIGNAL, "SIGRTMIN+"},
		{ARGT_SIGNAL, "SIGRTMAX-1"},
		{ARGT_SIGNAL, "09"},
		{ARGT_SIGNAL, ""},
		{ARGT_FCNTL, "F_FOO"},
		{ARGT_FCNTL, "-1"},
		{ARGT_FCNTL, "4294967296"},
		{ARGT_FCNTL, "0x3"},
		{ARGT_IOCTL, "0x"},
		{ARGT_IOCTL, "5401"},
		{ARGT_IOCTL, "0X5401"},
		{ARGT_IOCTL, "0x5401 "},
		{ARGT_IOCTL, "0x05401"},
		{ARGT_IOCTL, "0x54O1"},
		{ARGT_IOCTL, "0x100000000"},
		{ARGT_IOCTL, "TIOCINQ"},
		{ARGT_IOCTL, "tcgets"},
		{ARGT_PRCTL, "PR_FOO"},
		{ARGT_PRCTL, "1.0"},
		{ARGT_PRCTL, "PR_SET_PTRACER_ANY"},
		{ARGT_PROT, ""},
		{ARGT_PROT, "0"},
		{ARGT_PROT, "0x0"},
		{ARGT_PROT, "PROT_NONE|PROT_READ"},
		{ARGT_PROT, "PROT_WRITE|PROT_READ"},
		{ARGT_PROT, "PROT_READ|PROT_READ"},
		{ARGT_PROT, "PROT_READ|"},
		{ARGT_PROT, "|PROT_READ"},
		{ARGT_PROT, "PROT_READ||PROT_WRITE"},
		{ARGT_PROT, "PROT_READ|0x1"},
		{ARGT_PROT, "0x10|PROT_READ"},
		{ARGT_PROT, "PROT_READ|0x10|0x20"},
		{ARGT_PROT, "PROT_READ|SIGCHLD"},
		{ARGT_PROT, "PROT_READ|0x10000000000000000"},
		{ARGT_CLONE, ""},
		{ARGT_CLONE, "0x0"},
		{ARGT_CLONE, "CLONE_FS|CLONE_VM"},
		{ARGT_CLONE, "SIGCHLD|CLONE_VM"},
		{ARGT_CLONE, "CLONE_VM|SIGCHLD|SIGCHLD"},
		{ARGT_CLONE, "CLONE_VM|CLONE_VM"},
		{ARGT_CLONE, "CLONE_VM|"},
		{ARGT_CLONE, "CLONE_FOO"},
		{ARGT_CLONE, "CLONE_NEWTIME|SIGCHLD"},
		{ARGT_CLONE, "0xc8|SIGCHLD"},
		{ARGT_CLONE, "CLONE_VM|0"},
		{ARGT_CLONE, "0|CLONE_VM"},
		{ARGT_CLONE, "CLONE_VM|256"},
		{ARGT_CLONE, "CLONE_VM|-1"},
		{ARGT_CLONE, "SIGCHLD|0x100"},
		{ARGT_UID, ""},
		{ARGT_UID, "-2"},
		{ARGT_UID, "-0"},
		{ARGT_UID, "4294967296"},
		{ARGT_UID, "01"},
		{ARGT_UID, "root"},
		{ARGT_UID, "1e3"},
		{ARGT_FD, "-0"},
		{ARGT_FD, "AT_FDCWD|1"},
		{ARGT_FD, "at_fdcwd"},
		{ARGT_FD, "2147483648"},
		{ARGT_FD, "3 "},
		{ARGT_PATH, "/etc/passwd"},
		{ARGT_STRING, "x"},
		{ARGT_SOCKADDR, "inet-[127.0.0.1]:1"},
	};
	int good = 1;
	uint64_t v, mask;

	for (size_t i = 0; i < NELEM(bad); i++) {
		if (args_parse(bad[i].t, bad[i].s, &v, &mask) != -1) {
			printf("# %s \"%s\" accepted\n",
			       args_type_name(bad[i].t), bad[i].s);
			good = 0;
		}
	}
	ok(good, "%zu malformed forms rejected", NELEM(bad));
	is(args_parse(ARGT_OFLAGS, NULL, &v, &mask), -1, "NULL rejected");
	is(args_parse(ARGT_OFLAGS, "rq", &v, &mask), -1, "oflags rq rejected");
	is(args_parse(ARGT_OFLAGS, "wotc", &v, &mask), -1,
	   "oflags wotc (letters out of order) rejected");
	is(args_parse(ARGT_MODE, "0999", &v, &mask), -1, "mode 0999 rejected");
	is(args_parse(ARGT_SIGNAL, "SIGFOO", &v, &mask), -1,
	   "signame SIGFOO rejected");
	is(args_parse(ARGT_IOCTL, "0x", &v, &mask), -1, "request 0x rejected");
}

/* Whether the printed form s of type t matches the value x. */
static int matches(enum arg_type t, const char *s, uint64_t x)
{
	uint64_t v, mask;

	if (args_parse(t, s, &v, &mask) != 0)
		return -1;
	return (x & mask) == v;
}

static void test_masks(void)
{
	ok(matches(ARGT_OFLAGS, "ro", O_RDONLY | O_CLOEXEC | O_NONBLOCK) == 1,
	   "ro matches O_RDONLY|O_CLOEXEC|O_NONBLOCK");
	ok(matches(ARGT_OFLAGS, "ro",
		   O_RDONLY | KERNEL_O_LARGEFILE | O_NOCTTY) == 1,
	   "ro matches O_RDONLY|O_LARGEFILE|O_NOCTTY");
	ok(matches(ARGT_OFLAGS, "ro", O_RDONLY | O_CREAT) == 0,
	   "ro does not match O_RDONLY|O_CREAT");
	ok(matches(ARGT_OFLAGS, "ro", O_WRONLY) == 0,
	   "ro does not match O_WRONLY");
	ok(matches(ARGT_OFLAGS, "ro", O_RDONLY | O_DIRECTORY) == 0,
	   "ro does not match O_RDONLY|O_DIRECTORY");
	ok(matches(ARGT_OFLAGS, "rw", O_RDWR | TMPFILE_BIT) == 0,
	   "rw does not match O_RDWR with the O_TMPFILE bit");
	ok(matches(ARGT_OFLAGS, "woct",
		   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
			   KERNEL_O_LARGEFILE) == 1,
	   "woct matches with O_CLOEXEC|O_LARGEFILE");
	ok(matches(ARGT_SOCKTYPE, "SOCK_STREAM",
		   SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK) == 1,
	   "SOCK_STREAM matches with SOCK_CLOEXEC|SOCK_NONBLOCK");
	ok(matches(ARGT_SOCKTYPE, "SOCK_STREAM", SOCK_DGRAM) == 0,
	   "SOCK_STREAM does not match SOCK_DGRAM");
	ok(matches(ARGT_FD, "AT_FDCWD", (uint64_t)(int64_t)AT_FDCWD) == 1,
	   "AT_FDCWD matches the sign-extended register");
	ok(matches(ARGT_SIGNAL, "SIGKILL", 0xdead000000000000u | SIGKILL) == 1,
	   "int arguments: the upper half of the register is not compared");
	ok(matches(ARGT_SIGNAL, "SIGKILL", SIGTERM) == 0,
	   "SIGKILL does not match SIGTERM");
	ok(matches(ARGT_CLONE, "CLONE_VM|SIGCHLD",
		   0x5500000000000000u | CLONE_VM | SIGCHLD) == 1,
	   "clone flags: clone() reads 32 bits");
	ok(matches(ARGT_CLONE, "CLONE_VM|SIGCHLD", CLONE_VM) == 0,
	   "clone flags: the exit signal is compared");
	ok(matches(ARGT_CLONE, "CLONE_CLEAR_SIGHAND",
		   CLONE_CLEAR_SIGHAND | (1ull << 40)) == 0,
	   "clone3 flags: all 64 bits when the form has high bits");
	ok(matches(ARGT_PROT, "PROT_READ", PROT_READ | (1ull << 40)) == 0,
	   "prot: all 64 bits compared");
	ok(matches(ARGT_MODE, "0644", 0x10000 | 0644) == 1,
	   "mode: 16 bits compared");
	ok(matches(ARGT_IOCTL, "TCGETS", 0xffffffff00000000u | TCGETS) == 1,
	   "request: 32 bits compared");
}

static void test_round_trips(void)
{
	static const uint64_t edges[] = {
		0,
		1,
		2,
		3,
		0x7f,
		0x80,
		0xff,
		0x100,
		0xffff,
		0x10000,
		0x7fffffff,
		0x80000000,
		0xfffffffe,
		0xffffffff,
		0x100000000,
		0x7fffffffffffffff,
		0x8000000000000000,
		0xffffffffffffff9c,
		UINT64_MAX,
	};

	for (size_t i = 0; i < NELEM(int_types); i++) {
		enum arg_type t = int_types[i];
		int good = 1;
		size_t n = 0;

		for (size_t j = 0; j < NELEM(edges) && good; j++, n++)
			good = round_trip(t, edges[j]);
		/* every value that matters to the small types */
		for (uint64_t v = 0; v < 0x1000 && good; v++, n++)
			good = round_trip(t, v);
		for (uint64_t v = 0x80000000 - 300;
		     v < 0x80000000 + 300 && good; v++, n++)
			good = round_trip(t, v);
		for (uint64_t v = 0xffffffff - 300; v <= 0xffffffff && good;
		     v++, n++)
			good = round_trip(t, v);
		/* random values, random bit sets of the low 32, and junk */
		for (int j = 0; j < 3000 && good; j++, n += 3) {
			uint64_t r = rnd();
			good = round_trip(t, r) && round_trip(t, r & LOW32) &&
			       round_trip(t, r & rnd() & rnd());
		}
		ok(good, "%s: %zu values print and parse back",
		   args_type_name(t), n);
	}

	int good = 1;
	for (uint64_t v = 0; v <= MODE_MASK && good; v++)
		good = round_trip(ARGT_MODE, v);
	ok(good, "mode: every value up to 0177777");

	/* every combination of the access mode and the lettered bits */
	uint32_t bits[] = {O_APPEND,	O_CREAT,    O_TRUNC, O_EXCL,
			   O_DIRECTORY, O_NOFOLLOW, O_PATH,  TMPFILE_BIT,
			   O_CLOEXEC,	O_NONBLOCK};
	good = 1;
	for (uint32_t c = 0; c < (1u << (NELEM(bits) + 2)) && good; c++) {
		uint64_t v = c & 3;
		for (size_t j = 0; j < NELEM(bits); j++)
			if (c & (4u << j))
				v |= bits[j];
		good = round_trip(ARGT_OFLAGS, v);
	}
	ok(good, "oflags: every combination of the compared bits");

	good = 1;
	for (uint64_t low = 0; low < 0x100 && good; low++)
		good = round_trip(ARGT_CLONE, low) &&
		       round_trip(ARGT_CLONE, low | CLONE_VM | CLONE_FS) &&
		       round_trip(ARGT_CLONE, low | 0x400000000u) &&
		       round_trip(ARGT_CLONE,
				  low | CLONE_INTO_CGROUP | CLONE_NEWUSER);
	ok(good, "flags: every low byte, with and without flags");

	good = 1;
	for (int64_t sig = -300; sig < 300 && good; sig++)
		good = round_trip(ARGT_SIGNAL, (uint64_t)sig);
	ok(good, "signame: -300 to 300");
}

/* The printed forms that parse also print back the same: canonical. */
static void test_canonical(void)
{
	static const struct {
		enum arg_type t;
		const char *s;
	} forms[] = {
		{ARGT_OFLAGS, "woct"},
		{ARGT_OFLAGS, "rwactxfpT"},
		{ARGT_OFLAGS, "rw|0x400000"},
		{ARGT_MODE, "0644"},
		{ARGT_SOCKDOM, "AF_INET"},
		{ARGT_SIGNAL, "SIGRTMIN+5"},
		{ARGT_FCNTL, "F_GETLK64"},
		{ARGT_IOCTL, "0x1234"},
		{ARGT_PROT, "PROT_READ|0x10"},
		{ARGT_FD, "AT_FDCWD"},
		{ARGT_CLONE, "CLONE_NEWTIME|CLONE_NEWPID"},
		{ARGT_CLONE, "CLONE_VM|0x400000000|SIGRTMIN"},
	};
	int good = 1;
	uint64_t v, mask;

	for (size_t i = 0; i < NELEM(forms); i++) {
		if (args_parse(forms[i].t, forms[i].s, &v, &mask) != 0 ||
		    strcmp(fmt(forms[i].t, v), forms[i].s) != 0) {
			printf("# \"%s\" does not print back\n", forms[i].s);
			good = 0;
		}
	}
	ok(good, "canonical forms print back as they were");
}

static void test_sockaddr(void)
{
	struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons(13)};
	struct sockaddr_in6 in6 = {.sin6_family = AF_INET6,
				   .sin6_port = htons(22)};
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	struct sockaddr_nl {
		sa_family_t family;
		unsigned short pad;
		uint32_t pid, groups;
	} nl = {.family = AF_NETLINK};
	size_t off = offsetof(struct sockaddr_un, sun_path), n;
	const char *s;
	int fam, port;

	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	s = fmt_sa(&in, sizeof(in), &n);
	is_str(s, "inet-[127.0.0.1]:13", "inet address");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_INET &&
		   port == 13,
	   "inet address parses: AF_INET, port 13");
	s = fmt_sa(&in, 8, &n);
	is_str(s, "family(2)", "inet address shorter than sockaddr_in");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_INET &&
		   port == -1,
	   "family(2) parses: AF_INET, no port");

	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	s = fmt_sa(&in6, sizeof(in6), &n);
	is_str(s, "inet6-[::1]:22", "inet6 address");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_INET6 &&
		   port == 22,
	   "inet6 address parses: AF_INET6, port 22");
	inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
	in6.sin6_scope_id = 2;
	in6.sin6_port = htons(65535);
	s = fmt_sa(&in6, sizeof(in6), &n);
	is_str(s, "inet6-[fe80::1%2]:65535", "inet6 address with a scope");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_INET6 &&
		   port == 65535,
	   "inet6 address with a scope parses");
	is_str(fmt_sa(&in6, 24, &n), "inet6-[fe80::1]:65535",
	       "inet6 address of the RFC 2133 size: no scope field");
	is_str(fmt_sa(&in6, 23, &n), "family(10)", "inet6 address too short");
	inet_pton(AF_INET6, "::ffff:10.0.0.1", &in6.sin6_addr);
	in6.sin6_scope_id = 0;
	in6.sin6_port = htons(443);
	is_str(fmt_sa(&in6, sizeof(in6), &n), "inet6-[::ffff:10.0.0.1]:443",
	       "v4-mapped inet6 address");

	strcpy(un.sun_path, "/run/x.sock");
	s = fmt_sa(&un, off + strlen(un.sun_path) + 1, &n);
	is_str(s, "unix-/run/x.sock", "unix path");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_UNIX &&
		   port == -1,
	   "unix path parses: AF_UNIX, no port");
	is_str(fmt_sa(&un, off + strlen(un.sun_path), &n), "unix-/run/x.sock",
	       "unix path without its NUL");
	is_str(fmt_sa(&un, sizeof(un), &n), "unix-/run/x.sock",
	       "unix path, whole structure: up to the NUL");
	is_str(fmt_sa(&un, off + 4, &n), "unix-/run",
	       "unix path cut by the length");
	strcpy(un.sun_path, "@rel");
	is_str(fmt_sa(&un, off + 5, &n), "unix-./@rel",
	       "relative unix path starting with @");

	memset(un.sun_path, 0, sizeof(un.sun_path));
	memcpy(un.sun_path, "\0foo\0bar", 8);
	s = fmt_sa(&un, off + 8, &n);
	ok(n == 13 && memcmp(s, "unix-@foo\0bar", 13) == 0,
	   "abstract unix name keeps its NUL bytes");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_UNIX &&
		   port == -1,
	   "abstract unix name parses");
	s = fmt_sa(&un, off + 1, &n);
	is_str(s, "unix-@", "empty abstract name");
	s = fmt_sa(&un, off, &n);
	is_str(s, "unix-", "unnamed unix socket");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_UNIX &&
		   port == -1,
	   "unnamed unix socket parses");
	memset(un.sun_path, 'a', sizeof(un.sun_path));
	s = fmt_sa(&un, sizeof(un), &n);
	ok(n == 5 + sizeof(un.sun_path) &&
		   args_parse_sockaddr(s, n, &fam, &port) == 0,
	   "unix path filling sun_path, without NUL");

	s = fmt_sa(&nl, sizeof(nl), &n);
	is_str(s, "family(16)", "netlink address by family number");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == AF_NETLINK &&
		   port == -1,
	   "family(16) parses");
	s = fmt_sa(&nl, 1, &n);
	is_str(s, "family(-1)", "address shorter than its family");
	ok(args_parse_sockaddr(s, n, &fam, &port) == 0 && fam == -1 &&
		   port == -1,
	   "family(-1) parses");
	is_str(fmt_sa(NULL, 16, &n), "family(-1)", "no address");

	static const char *const bad[] = {
		"",
		"inet-",
		"inet-[127.0.0.1]",
		"inet-[127.0.0.1]:",
		"inet-[127.0.0.1]:65536",
		"inet-[127.0.0.1]:013",
		"inet-[127.0.0.1]:-1",
		"inet-[127.0.0.1]:1x",
		"inet-[127.0.0.01]:1",
		"inet-[127.1]:1",
		"inet-[::1]:1",
		"inet-127.0.0.1:1",
		"inet-[127.0.0.1%1]:1",
		"inet6-[0:0::1]:22",
		"inet6-[::1%0]:22",
		"inet6-[::1%]:22",
		"inet6-[::1%eth0]:22",
		"inet6-[::1]:022",
		"inet6-[127.0.0.1]:22",
		"inet6-[]:22",
		"INET-[127.0.0.1]:1",
		"family(1)",
		"family()",
		"family(02)",
		"family(65536)",
		"family(-2)",
		"family(2",
		"unix",
		"tcp-[127.0.0.1]:1",
	};
	int good = 1;
	for (size_t i = 0; i < NELEM(bad); i++) {
		if (args_parse_sockaddr(bad[i], strlen(bad[i]), &fam, &port) !=
		    -1) {
			printf("# \"%s\" accepted\n", bad[i]);
			good = 0;
		}
	}
	ok(good, "%zu malformed socket addresses rejected", NELEM(bad));
	ok(args_parse_sockaddr("unix-/a\0b", 9, &fam, &port) == -1,
	   "NUL inside a unix path rejected");
	char longp[5 + 110];
	memcpy(longp, "unix-/", 6);
	memset(longp + 6, 'a', sizeof(longp) - 6);
	ok(args_parse_sockaddr(longp, 5 + 109, &fam, &port) == -1,
	   "unix path longer than sun_path rejected");
	longp[5] = '@';
	ok(args_parse_sockaddr(longp, 5 + 108, &fam, &port) == 0 &&
		   args_parse_sockaddr(longp, 5 + 109, &fam, &port) == -1,
	   "abstract name up to 107 bytes");
	ok(args_parse_sockaddr("inet-[10.0.0.1]:80 ", 18, &fam, &port) == 0 &&
		   port == 80,
	   "parse reads only n bytes");
}

static void test_find(void)
{
	const struct arg_spec *a;
	char name[16];

	a = args_find("openat", "filename", 0);
	ok(a && a->reg == 1 && a->dirfd_reg == 0 && a->type == ARGT_PATH &&
		   a->len_reg == -1,
	   "openat filename: reg 1, dirfd 0");
	ok(a && a->name == args_names[0], "spec names are args_names entries");
	strcpy(name, "filename");
	ok(args_find("openat", name, 0) == a, "names compared by value too");
	a = args_find("openat", "oflags", 0);
	ok(a && a->reg == 2 && a->type == ARGT_OFLAGS, "openat oflags: reg 2");
	a = args_find("openat", "mode", 0);
	ok(a && a->reg == 3, "openat mode: reg 3");
	a = args_find("open", "filename", 0);
	ok(a && a->reg == 0 && a->dirfd_reg == ARG_NO_DIRFD,
	   "open filename: reg 0, no dirfd");
	a = args_find("openat2", "oflags", 0);
	ok(a && a->reg == ARG_IN_STRUCT, "openat2 oflags in struct open_how");
	a = args_find("openat2", "mode", 0);
	ok(a && a->reg == ARG_IN_STRUCT, "openat2 mode in struct open_how");
	a = args_find("rename", "filename", 1);
	ok(a && a->reg == 1 && a->idx == 1, "rename filename[1]: reg 1");
	a = args_find("renameat2", "filename", 1);
	ok(a && a->reg == 3 && a->dirfd_reg == 2,
	   "renameat2 filename[1]: reg 3, dirfd 2");
	a = args_find("linkat", "filename", 0);
	ok(a && a->reg == 1 && a->dirfd_reg == 0,
	   "linkat filename (the existing file): reg 1, dirfd 0");
	a = args_find("symlinkat", "string", 0);
	ok(a && a->reg == 0 && a->type == ARGT_STRING,
	   "symlinkat string (the target): reg 0");
	a = args_find("symlinkat", "filename", 0);
	ok(a && a->reg == 2 && a->dirfd_reg == 1,
	   "symlinkat filename (the link): reg 2, dirfd 1");
	ok(args_find("openat", "sockaddr", 0) == NULL,
	   "openat has no sockaddr");
	ok(args_find("openat", "filename", 1) == NULL,
	   "openat has no filename[1]");
	ok(args_find("nosuchcall", "filename", 0) == NULL, "unknown call");
	a = args_find("connect", "sockaddr", 0);
	ok(a && a->reg == 1 && a->len_reg == 2,
	   "connect sockaddr: reg 1, length reg 2");
	a = args_find("sendto", "sockaddr", 0);
	ok(a && a->reg == 4 && a->len_reg == 5,
	   "sendto sockaddr: reg 4, length reg 5");
	ok(args_find("accept", "sockaddr", 0) == NULL &&
		   args_find("recvfrom", "sockaddr", 0) == NULL &&
		   args_find("getpeername", "sockaddr", 0) == NULL,
	   "output addresses are not arguments");
	a = args_find("socket", "socktype", 0);
	ok(a && a->reg == 1, "socket socktype: reg 1");
	a = args_find("tgkill", "signame", 0);
	ok(a && a->reg == 2, "tgkill signame: reg 2");
	a = args_find("mmap", "prot", 0);
	ok(a && a->reg == 2 && args_find("mmap", "fd", 0)->reg == 4,
	   "mmap prot: reg 2, fd: reg 4");
	a = args_find("clone3", "flags", 0);
	ok(a && a->reg == ARG_IN_STRUCT, "clone3 flags in struct clone_args");
	a = args_find("setresuid32", "uid", 2);
	ok(a && a->reg == 2, "setresuid32 uid[2]: reg 2");
	a = args_find("fchownat", "gid", 0);
	ok(a && a->reg == 3 && args_find("fchownat", "uid", 0)->reg == 2,
	   "fchownat uid reg 2, gid reg 3");
	ok(args_find("creat", "oflags", 0) == NULL &&
		   args_find("creat", "mode", 0)->reg == 1,
	   "creat: mode, no oflags");
	ok(args_find("ioctl", "request", 0)->reg == 1 &&
		   args_find("fcntl64", "cmd", 0)->reg == 1 &&
		   args_find("prctl", "option", 0)->reg == 0,
	   "ioctl request, fcntl64 cmd, prctl option");
	ok(args_of("socketcall") == NULL, "socketcall has no named arguments");
	ok(args_of("") == NULL && args_of("zzzz") == NULL &&
		   args_of("AAAA") == NULL,
	   "args_of outside the table");
	ok(args_of("fstatat64") && args_of("_llseek") && args_of("writev"),
	   "args_of at both ends and for i386 names");
}

static void test_aliases(void)
{
	const struct alias *r = alias_find("fsread");
	const struct alias *w = alias_find("fswrite");
	int good;

	ok(r && w && !alias_find("fsexec") && !alias_find(""),
	   "alias_find fsread, fswrite, and no others");
	ok(alias_table[0].name && alias_table[1].name && !alias_table[2].name,
	   "alias_table has two entries and its terminator");

	good = 0;
	for (unsigned i = 0; r && i < r->nmembers; i++)
		good |= strcmp(r->members[i].sys, "newfstatat") == 0;
	ok(good, "fsread members include newfstatat");

	is_str(alias_for("openat", O_RDONLY)
		       ? alias_for("openat", O_RDONLY)->name
		       : NULL,
	       "fsread", "openat O_RDONLY is fsread");
	ok(alias_for("openat", O_WRONLY | O_CREAT) == w,
	   "openat O_WRONLY|O_CREAT is fswrite");
	ok(alias_for("openat", O_RDONLY | O_CLOEXEC | O_DIRECTORY) == r,
	   "openat O_RDONLY|O_CLOEXEC|O_DIRECTORY is fsread");
	ok(alias_for("open", O_RDWR) == w, "open O_RDWR is fswrite");
	ok(alias_for("openat2", O_RDONLY | O_TRUNC) == w,
	   "openat2 O_RDONLY|O_TRUNC is fswrite");
	ok(alias_for("openat", O_RDWR | O_TMPFILE) == w,
	   "O_TMPFILE is fswrite");
	ok(alias_for("openat", 3) == w, "access mode 3 is fswrite");
	ok(alias_for("unlink", 0) == w, "unlink is fswrite");
	ok(alias_for("creat", 0) == w, "creat is fswrite");
	ok(alias_for("newfstatat", O_WRONLY) == r,
	   "newfstatat is fsread whatever the flags");
	ok(alias_for("read", 0) == NULL, "read has no alias");
	ok(alias_for("execve", 0) == NULL, "execve has no alias");
	ok(alias_covers(r, "openat") && alias_covers(w, "openat") &&
		   !alias_covers(r, "unlink") && !alias_covers(w, "stat") &&
		   !alias_covers(NULL, "openat"),
	   "alias_covers");
	ok(!args_oflags_write(O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_PATH) &&
		   args_oflags_write(O_WRONLY) && args_oflags_write(O_RDWR) &&
		   args_oflags_write(O_CREAT) && args_oflags_write(O_TRUNC) &&
		   args_oflags_write(O_RDWR | O_TMPFILE) &&
		   !args_oflags_write(O_APPEND | O_EXCL),
	   "args_oflags_write");

	good = 1;
	for (const struct alias *a = alias_table; a->name; a++) {
		for (unsigned i = 0; i < a->nmembers; i++) {
			const struct alias_member *m = &a->members[i];
			uint64_t f = m->when == ALIAS_IF_WRITE ? O_WRONLY : 0;
			const struct arg_spec *p =
				args_find(m->sys, "filename", 0);
			if ((i && strcmp(a->members[i - 1].sys, m->sys) >= 0) ||
			    alias_for(m->sys, f) != a || !p ||
			    (m->when != ALIAS_ALWAYS &&
			     !args_find(m->sys, "oflags", 0))) {
				printf("# %s: member %s\n", a->name, m->sys);
				good = 0;
			}
		}
	}
	ok(good, "members sorted, have a filename, and alias_for agrees");
}

int main(void)
{
	test_names();
	test_call_table();
	test_value_tables();
	test_format();
	test_parse();
	test_reject();
	test_masks();
	test_round_trips();
	test_canonical();
	test_sockaddr();
	test_find();
	test_aliases();
	return tap_done();
}
