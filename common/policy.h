/*
 * policy.h: the st-policy language (SPEC section 4): model, parser,
 * canonical printer, the algebra of conditions, and merge.
 */
#ifndef ST_POLICY_H
#define ST_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "util.h"

enum op { OP_EQ, OP_NEQ, OP_MATCH, OP_SUB, OP_NSUB, OP_INPATH, OP_RE };
/* The keyword of an operator ("eq"). */
const char *policy_op_name(enum op op);

enum expr_kind { EXPR_TRUE, EXPR_COND, EXPR_NOT, EXPR_AND, EXPR_OR };

/* A condition: a tree of and/or/not over comparisons of one argument. */
struct expr {
	enum expr_kind kind;
	bool paren;	/* written inside parentheses */
	struct loc loc; /* where it starts */
	/* EXPR_NOT: kids[0]; EXPR_AND, EXPR_OR: kids[0..nkids-1], nkids >= 2 */
	struct expr **kids;
	size_t nkids;
	/* EXPR_COND: ARG[IDX] OP "STR" */
	const char *arg; /* static: an entry of args_names */
	unsigned idx;
	enum op op;
	char *str; /* the string's bytes, NUL-terminated */
	size_t len;
	struct loc str_loc; /* where the string starts */
};

/* Actions, ordered from the least to the most strict. */
enum act_kind { ACT_PERMIT, ACT_ASK, ACT_DENY, ACT_KILL };

struct action {
	enum act_kind kind;
	int err; /* errno for ACT_DENY (EPERM when unstated) */
	bool log;
};

/* One rule: NAME: [EXPR then] ACTION */
struct rule {
	const char *name;  /* a system call of the policy's arch, or an alias */
	bool alias;	   /* name is an alias (fsread, fswrite) */
	struct expr *cond; /* NULL: no condition */
	struct action act;
	struct loc loc; /* of the first character of the rule */
	char *comment;	/* comment lines right above, "# ...\n" each; or NULL */
	char *trailing; /* "# ..." after the rule on its line, or NULL */
};

/* One Policy: block. */
struct policy {
	const char *program;
	size_t program_len;
	uint32_t arch;	  /* libseccomp token */
	const char *emul; /* its canonical name: "x86_64" */
	struct rule *rules;
	size_t nrules, cap;
	struct loc loc;
	char *comment; /* comment lines above the header, or NULL */
};

/* The policies of one or more files. */
struct policy_set {
	struct arena arena; /* owns everything below */
	struct policy *pols;
	size_t n, cap;
	char *tail; /* comment lines after the last rule, or NULL */
};

void policy_set_free(struct policy_set *ps);

/*
 * Parse buf (len bytes) named file, appending its policies to ps. Every
 * problem is appended to d (parsing goes on at the next line so that all
 * of a file's errors are found); returns the number of errors. file must
 * outlive ps (locations point to it).
 */
size_t policy_parse(struct policy_set *ps, const char *file, const char *buf,
		    size_t len, struct diags *d);
/*
 * Read and parse path ("-" is standard input). A file that cannot be read
 * is reported through diag_warn and counts as one error.
 */
size_t policy_load(struct policy_set *ps, const char *path, struct diags *d);

/*
 * Print the policies as they are (no reordering), in canonical spelling:
 * one tab before each rule, single spaces, minimal quoting, errno names,
 * parentheses around every and/or nested in the other.
 */
void policy_print(struct sbuf *out, const struct policy_set *ps);
void policy_print_rule(struct sbuf *out, const struct rule *r);
void policy_print_expr(struct sbuf *out, const struct expr *e);
void policy_print_action(struct sbuf *out, const struct action *a);
/* The header line without newline: "Policy: /bin/ls, Emulation: x86_64" */
void policy_print_header(struct sbuf *out, const struct policy *p);

/*
 * Rewrite a condition in canonical form, in place: nested and/or
 * flattened, operands sorted and deduplicated, not not removed, true
 * absorbed. Returns the new root (NULL when it is always true).
 */
struct expr *policy_expr_canon(struct arena *a, struct expr *e);
/* Compare two canonical conditions (NULL is "true"): <0, 0, >0. */
int policy_expr_cmp(const struct expr *x, const struct expr *y);

/*
 * Whether two conditions can never both hold for the same call (false
 * when unsure: a conservative answer). NULL is "true".
 */
bool policy_disjoint(const struct expr *x, const struct expr *y);
/*
 * Whether a value v[0..vn) (a printed form, NUL-terminated) satisfies a
 * comparison op with the string pat[0..pn) (NUL-terminated), as the
 * policy language defines op. An invalid re pattern holds for nothing.
 */
bool policy_str_holds(enum op op, const char *pat, size_t pn, const char *v,
		      size_t vn);
/* Whether x implies y (false when unsure). NULL is "true". */
bool policy_implies(const struct expr *x, const struct expr *y);
/*
 * The rules of one call in evaluation order, by condition (NULL: none):
 * sets by[i] to the index of the earliest rule whose condition holds
 * whenever conds[i] does (rule i never applies: that rule answers), or -1. Conservative: a
 * rule it cannot prove shadowed gets -1. Linear in n for equality rules.
 */
void policy_shadowed(struct expr *const *conds, size_t n, long *by);

/* The length of the literal part of a glob before its first wildcard:
 * every string the pattern matches starts with it. */
size_t policy_glob_prefix(const char *pat, size_t n);

/* Whether actions are identical (kind, errno and log). */
bool policy_action_eq(const struct action *a, const struct action *b);

/*
 * Union of n policy sets into out (SPEC st-merge): per program and
 * emulation, a call permitted by any input is permitted unless another
 * input denies it explicitly; each such conflict is appended to d as a
 * warning with both locations and resolved toward the stricter action.
 * The output is canonical: policies sorted by program and emulation, rules
 * by name and then condition, identical rules folded, and rules of one
 * call that may overlap with different actions kept in the order that
 * keeps their meaning. Merging one set is the formatter. The conditions
 * of the inputs are rewritten in canonical form in place (same meaning).
 * Returns the number of conflicts.
 */
size_t policy_merge(struct policy_set *out, struct policy_set *const *in,
		    size_t n, struct diags *d);

/* The canonical order of policies: by program path bytes, then emulation
 * name. */
int policy_cmp(const struct policy *x, const struct policy *y);

/*
 * systrace's file name of a program's policy, as st-genpolicy -d writes
 * and st-run -a looks up: every character that is not a letter or digit
 * becomes "_", leading ones dropped (/usr/sbin/inetd -> usr_sbin_inetd;
 * "_" when nothing is left). The caller frees it.
 */
char *policy_file_name(const char *prog, size_t n);

/* Find the policy for program/arch in ps, or NULL. */
struct policy *policy_find(const struct policy_set *ps, const char *program,
			   size_t program_len, uint32_t arch);

#endif
