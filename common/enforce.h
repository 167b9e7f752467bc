/*
 * enforce.h: how the kernel enforces a policy (SPEC section 4, the
 * enforcement table). Pure code shared by st-run (which compiles the plan
 * into one seccomp filter and one Landlock ruleset) and st-lint (which
 * reports the class of each rule): no system call is made here.
 */
#ifndef ST_ENFORCE_H
#define ST_ENFORCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "policy.h"
#include "util.h"

/* The class of a rule, as st-run -v and st-lint report it. */
enum enf_class {
	ENF_EXACT,	   /* the kernel enforces the rule as written */
	ENF_BROADER,	   /* the kernel enforces a rule that contains it */
	ENF_UNENFORCEABLE, /* no kernel rule enforces it (st-run needs -c) */
};
/* "exact", "broader", "unenforceable" */
const char *enforce_class_name(enum enf_class c);

/*
 * One seccomp argument comparison: the call's argument reg (0..5) matches
 * when (arg & mask) == val, or, with ne, when arg != val (ne is used with
 * a mask of all 64 bits only; a masked "not equal" is written as the
 * disjunction of its bits, which seccomp can compare exactly).
 */
struct enf_cmp {
	uint8_t reg;
	bool ne;
	uint64_t mask, val; /* val has no bit outside mask */
};
/* A conjunction of comparisons on distinct arguments (n 0: always true). */
struct enf_conj {
	unsigned n;
	struct enf_cmp c[6];
};
/*
 * A condition in disjunctive normal form: the call matches when some
 * conjunction holds. n 0 is "never".
 */
struct enf_dnf {
	struct enf_conj *v;
	size_t n, cap;
	bool overflow; /* grew beyond ENF_DNF_MAX: the value is not usable */
};
#define ENF_DNF_MAX 512

/* What the kernel does with a call the seccomp filter matches. */
enum enf_act {
	ENF_ALLOW,
	ENF_DENY,
	ENF_KILL,
	ENF_ASK /* st-run asks its operator; without an answer, denied */
};

/*
 * One rule of the seccomp filter: call nr matches when cond holds, and
 * then act applies (with errno err for ENF_DENY). The rules of one call
 * in a plan are pairwise disjoint, so their order in the filter does not
 * matter (libseccomp does not keep it).
 */
struct enf_sc {
	int nr;
	const char *sys;
	enum enf_act act;
	int err;
	bool log; /* the policy's rule says log */
	struct enf_dnf cond;
	size_t rule;	 /* index of the policy rule it comes from */
	unsigned groups; /* the Landlock groups (ENF_LL_*) the call may
			    touch: where handled, Landlock decides too */
};

/* The Landlock right groups st-run handles. */
#define ENF_LL_READ  (1u << 0) /* opens without write intent */
#define ENF_LL_WRITE (1u << 1) /* opens with write intent, creat */
#define ENF_LL_EXEC  (1u << 2) /* execve, execveat */
#define ENF_LL_BIND  (1u << 3) /* bind to a TCP port */
#define ENF_LL_CONN  (1u << 4) /* connect to a TCP port */

/*
 * One Landlock rule: the groups (ENF_LL_*) allowed beneath path (its
 * tree when it is a directory), or on TCP port (path NULL).
 */
struct enf_ll {
	unsigned groups;
	const char *path; /* absolute, NUL-terminated; NULL for a port */
	bool exact_path;  /* the rule names this path (eq), not its tree:
			     when it is a directory, Landlock can only allow
			     its tree, and st-run allows read_dir only */
	int port;
	size_t rule; /* index of the policy rule it comes from */
};

/* The verdict on one policy rule. */
struct enf_verdict {
	enum enf_class cls;
	char *kernel;  /* one line: the kernel rules that enforce it */
	char *instead; /* broader: what the kernel allows instead;
			  unenforceable: why; NULL when exact */
};

/*
 * The plan for one policy: every seccomp rule and every Landlock rule,
 * and a verdict for each rule of the policy. Calls the plan names no
 * seccomp rule for are denied by the filter's default (EPERM).
 */
struct enforce_plan {
	struct arena arena; /* owns the strings */
	const struct policy *pol;
	struct enf_sc *sc;
	size_t nsc, capsc;
	struct enf_ll *ll;
	size_t nll, capll;
	unsigned handled;      /* the ENF_LL_* groups Landlock restricts */
	struct enf_verdict *v; /* pol->nrules verdicts */
};

/*
 * Plan the enforcement of p on a kernel with Landlock ABI ll_abi (0: no
 * Landlock; the TCP groups need 4). Never fails: a rule the kernel cannot
 * enforce gets the class unenforceable, and the plan then holds the
 * broader kernel rule that st-run -c applies instead (for a path: its
 * group left unrestricted, or the tree "/"). p must outlive the plan.
 */
void enforce_plan(struct enforce_plan *plan, const struct policy *p,
		  int ll_abi);
/* The same, for the classes only (st-lint): no seccomp rules (nsc 0),
 * and exact rules are not described (kernel ""). */
void enforce_plan_brief(struct enforce_plan *plan, const struct policy *p,
			int ll_abi);
void enforce_plan_free(struct enforce_plan *plan);

/*
 * Whether a call with arguments args[6] satisfies cond (the comparisons a
 * seccomp filter makes, on the register values the kernel reported).
 */
bool enforce_dnf_holds(const struct enf_dnf *cond, const uint64_t args[6]);

/*
 * The errno and action the policy gives to a call nr with args that the
 * filter denied: the first seccomp rule of the plan for nr whose
 * condition holds, if it denies or kills; EPERM otherwise (the default).
 * Sets *log when the deciding rule says log.
 */
int enforce_deny_errno(const struct enforce_plan *plan, int nr,
		       const uint64_t args[6], bool *log);
/* The first seccomp rule of the plan that a call nr with args matches,
 * or NULL (the default). */
const struct enf_sc *enforce_sc_match(const struct enforce_plan *plan, int nr,
				      const uint64_t args[6]);

/*
 * "$HOME" at the start of a path in a policy (st-policy(5)) is the home
 * directory of the user the tool runs as: HOME, when it is an absolute
 * path, else NULL. enforce_expand_home appends s[0..len) with it expanded
 * and returns true, or returns false (s does not start with $HOME, or
 * HOME is not usable).
 */
const char *enforce_home(void);
bool enforce_expand_home(struct sbuf *out, const char *s, size_t len);

/* The Landlock access names of groups ("read_file,read_dir"), appended. */
void enforce_groups_name(struct sbuf *out, unsigned groups);
/* Append a condition in the form st-run -v prints: "arg2 & 0x3 == 0x0". */
void enforce_dnf_print(struct sbuf *out, const struct enf_dnf *d);

/* DNF operations (exported for the unit tests). */
void enf_dnf_true(struct enf_dnf *d);
void enf_dnf_free(struct enf_dnf *d);
void enf_dnf_and(struct enf_dnf *out, const struct enf_dnf *a,
		 const struct enf_dnf *b);
void enf_dnf_not(struct enf_dnf *out, const struct enf_dnf *a);
/* One comparison as a DNF: (arg & mask) == val, or its negation. */
void enf_dnf_cmp(struct enf_dnf *out, unsigned reg, uint64_t mask, uint64_t val,
		 bool negate);

#endif
