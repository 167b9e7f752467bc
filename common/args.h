/*
 * args.h: the argument table and the alias table, shared by st-record
 * (decoding), st-genpolicy (folding), st-lint (checking) and st-run
 * (compiling): which call has which named argument, and the printed form
 * of each argument type.
 */
#ifndef ST_ARGS_H
#define ST_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* The type of a named argument: how its value is printed and compared. */
enum arg_type {
	ARGT_PATH,     /* filename: a path, as the process resolves it */
	ARGT_STRING,   /* string: bytes (the contents of a symlink) */
	ARGT_SOCKADDR, /* inet-[ADDR]:PORT, inet6-[ADDR]:PORT, unix-PATH, ... */
	/* integer arguments, enforceable by seccomp comparisons: */
	ARGT_OFLAGS,   /* ro|wo|rw followed by letters, see args_format */
	ARGT_MODE,     /* octal, "0644" */
	ARGT_SOCKDOM,  /* AF_INET */
	ARGT_SOCKTYPE, /* SOCK_STREAM (type only: the flag bits are masked) */
	ARGT_SIGNAL,   /* SIGTERM */
	ARGT_FCNTL,    /* F_GETFL */
	ARGT_IOCTL,    /* TCGETS, or hexadecimal 0x5401 when unknown */
	ARGT_PRCTL,    /* PR_SET_NAME */
	ARGT_PROT,     /* PROT_READ|PROT_WRITE, PROT_NONE */
	ARGT_CLONE,    /* CLONE_VM|CLONE_FS|...|SIGCHLD (exit signal last) */
	ARGT_UID,      /* decimal */
	ARGT_GID,      /* decimal */
	ARGT_FD,       /* decimal */
};

/* Whether values of type t are integers (seccomp can compare them). */
int args_type_is_int(enum arg_type t);
/* The name of an argument type, for messages ("oflags"). */
const char *args_type_name(enum arg_type t);

/*
 * Where an argument of a call lives. reg is the system-call argument
 * (0..5) holding the value, or the pointer to it; ARG_IN_STRUCT when the
 * value is inside a structure the call points to (openat2's open_how,
 * clone3's clone_args), which seccomp cannot read.
 */
#define ARG_IN_STRUCT (-1)
#define ARG_NO_DIRFD  (-1)
struct arg_spec {
	const char *name; /* "filename", "oflags", ... */
	unsigned idx;	  /* the N of filename[N]; 0 for the first */
	enum arg_type type;
	int reg;       /* 0..5 or ARG_IN_STRUCT */
	int dirfd_reg; /* for paths of *at calls: the dirfd argument */
	int len_reg;   /* for sockaddr: the length argument, else -1 */
};

/* The named arguments of one system call. */
struct call_args {
	const char *sys;
	const struct arg_spec *args;
	unsigned nargs;
};

/*
 * The arguments of system call sys (by its kernel name on any
 * architecture: "openat", "newfstatat", "fstatat64"), or NULL when the
 * call has no named arguments.
 */
const struct call_args *args_of(const char *sys);
/* The spec of argument name[idx] of sys, or NULL if sys has no such. */
const struct arg_spec *args_find(const char *sys, const char *name,
				 unsigned idx);
/*
 * Whether name is an argument name at all ("filename", "sockaddr", ...);
 * sets *type to its type when it is.
 */
int args_name_known(const char *name, enum arg_type *type);
/* Every argument name, NULL-terminated, in the manual's order. */
extern const char *const args_names[];

/*
 * Print integer value v of type t in its printed form, appended to out.
 * Every value prints: unknown bits or numbers print numerically so that
 * args_parse() gives the same value back.
 */
void args_format(enum arg_type t, uint64_t v, struct sbuf *out);
/*
 * Parse the printed form s of type t. On success returns 0 and sets *v and
 * *mask: a call's value x matches when (x & *mask) == *v. For most types
 * the mask is all ones; for oflags it covers the access mode and the
 * flags that have letters, for socktype the type bits. Returns -1 when s
 * is not a valid printed form of t.
 */
int args_parse(enum arg_type t, const char *s, uint64_t *v, uint64_t *mask);

/*
 * Print a socket address (struct sockaddr of len bytes) in its printed
 * form: inet-[127.0.0.1]:13, inet6-[::1]:22, unix-/run/x.sock,
 * unix-@abstract (bytes after the @ as they are), family(N).
 */
void args_format_sockaddr(const void *sa, size_t len, struct sbuf *out);
/*
 * Parse the printed form of a socket address: returns 0 and sets *family
 * (AF_INET, AF_INET6, AF_UNIX, or N of family(N)) and *port (-1 when the
 * form has no port), or -1 when malformed.
 */
int args_parse_sockaddr(const char *s, size_t n, int *family, int *port);

/* The aliases: systrace's fsread and fswrite, extended to modern calls. */
enum alias_when {
	ALIAS_ALWAYS,	/* every call of the member */
	ALIAS_IF_READ,	/* open family: no write intent in the flags */
	ALIAS_IF_WRITE, /* open family: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC
			   or O_TMPFILE */
};
struct alias_member {
	const char *sys;
	enum alias_when when;
};
struct alias {
	const char *name;
	const struct alias_member *members;
	unsigned nmembers;
};
/* Every alias, NULL-name-terminated. */
extern const struct alias alias_table[];
/* The alias named name, or NULL. */
const struct alias *alias_find(const char *name);
/*
 * The alias that covers a call of sys whose open flags are oflags (ignored
 * for calls that are not of the open family), or NULL.
 */
const struct alias *alias_for(const char *sys, uint64_t oflags);
/* Whether an alias covers sys for some flags (fsread and fswrite: opens). */
int alias_covers(const struct alias *a, const char *sys);
/* Whether open flags carry write intent (the fswrite condition). */
int args_oflags_write(uint64_t oflags);

#endif
