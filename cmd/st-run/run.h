/* run.h: the parts of st-run: policy selection, kernel objects, the run. */
#ifndef ST_RUN_H
#define ST_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/filter.h>

#include "enforce.h"
#include "policy.h"

struct opts {
	bool complain; /* -C: deny nothing, log what would be denied */
	bool cont;     /* -c: go on with broader rules */
	bool quiet;    /* -q: do not report denials */
	bool verbose;  /* -v: print what is enforced and how */
	const char *dir, *out, *policy;
	bool auto_; /* -a */
};

/* The compiled seccomp filter, ready for seccomp(2) in the child. */
struct filter {
	struct sock_filter *insns;
	unsigned short len;
	bool listener; /* denials go to st-run (user notification) */
};

/*
 * Build the filter of plans[0], the command's policy, and of plans[1..n),
 * its policies for the emulations of its architecture (x86 and x32 on
 * x86_64): their rules, the default action (deny, through the listener
 * unless quiet), and the architecture check. Exits 125 with the reason
 * on failure.
 */
void filter_build(struct filter *f, const struct enforce_plan *const *plans,
		  size_t nplans, const struct opts *o);

/* The resolved #! interpreter of the script at path, or NULL; the
 * caller frees it. */
char *run_script_interp(const char *path);

/* The Landlock ABI of the running kernel, 0 when absent or disabled. */
int landlock_abi(void);
/*
 * Create the ruleset of plan (plus the rights to run cmd and the ELF
 * interpreters of every program plan lets run). Returns its descriptor
 * (close-on-exec), or -1 when the plan restricts nothing. Exits 125 on
 * failure. With verbose, prints what it adds beyond the policy.
 */
int landlock_build(const struct enforce_plan *plan, int abi, const char *cmd,
		   bool verbose);

/*
 * Fork, confine the child (no_new_privs, ruleset, filter) and exec argv
 * with path (whose resolved path is real); supervise it, reporting denials
 * as st-log lines on out (NULL: none): the filter's, and Landlock's (of
 * ABI abi) as far as the kernel's audit tells them. Returns st-run's exit
 * status.
 */
int run_command(const char *path, const char *real, char **argv,
		const struct filter *f, int ruleset, int abi,
		const struct enforce_plan *const *plans, size_t nplans,
		const struct opts *o, FILE *out);

/* A call Landlock refused, as the kernel's audit told it (audit.c). */
struct audit_denial {
	pid_t pid;	   /* its process */
	uint32_t arch;	   /* AUDIT_ARCH_* (as SCMP_ARCH_*) */
	int nr;		   /* the call */
	uint64_t args[4];  /* its first four registers (audit has no more) */
	int err;	   /* the errno it failed with */
	char blockers[64]; /* the missing rights: "fs.read_file", ... */
	const char *path;  /* the object refused, or NULL */
	const char *exe;   /* the process's image, or NULL */
	char addr[64];	   /* for a TCP port: the address, or "" */
	int port;	   /* the TCP port, or 0 */
};

struct audit;
/*
 * Subscribe to the kernel's audit records, before the command starts.
 * Returns NULL with *why set when they cannot be read (no audit, audit
 * disabled, no CAP_AUDIT_READ).
 */
struct audit *audit_open(const char **why);
/* The descriptor to poll (-1 for NULL). */
int audit_fd(const struct audit *a);
/*
 * Read the queued records and call fn for each denial of a Landlock
 * domain that process creator made (st-run's child). last: the run has
 * ended, write out events still incomplete. Returns -1 when the kernel
 * dropped records, else 0.
 */
int audit_read(struct audit *a, pid_t creator,
	       void (*fn)(void *arg, const struct audit_denial *d), void *arg,
	       bool last);
void audit_close(struct audit *a);

/* Whether the st-log header has been written (with the first denial). */
extern bool run_log_started;

#endif
