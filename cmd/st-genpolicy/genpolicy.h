/*
 * genpolicy.h: the parts of st-genpolicy: inputs (st-log or strace), the
 * fold of events into distinct rules, generalisation, output.
 */
#ifndef ST_GENPOLICY_H
#define ST_GENPOLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "log.h"
#include "policy.h"
#include "util.h"

/* What the fold keeps of a call's argument: a condition of its rule. */
struct cond {
	unsigned arg; /* index into args_names */
	unsigned idx;
	enum op op; /* OP_EQ for observations; OP_MATCH once generalised */
	const char *val;
	size_t len;
};

/* One distinct rule: program, call or alias, conditions, outcome. */
struct entry {
	uint32_t prog; /* index into fold.progs */
	const char *name;
	bool alias;
	int err; /* 0: the call succeeded (permit), else deny[err] */
	struct cond *conds;
	unsigned nconds;
	/* how many events in which file: provenance for -v */
	uint32_t *file, *count;
	size_t nfile, capfile;
	uint64_t total;
	const char *why; /* a generalisation step, or NULL */
	bool dropped;	 /* folded into a generalised rule */
	const char *needed_why;
};

struct prog {
	const char *path;
	size_t len;
	uint32_t arch;
};

/* The distinct rules of every input, and what they came from. */
struct fold {
	struct arena arena;
	bool aliases; /* write calls under their alias (not -u) */
	const char **files;
	size_t nfiles, capfiles;
	struct prog *progs;
	size_t nprogs, capprogs;
	size_t *progtab, progcap; /* open addressing: index + 1 */
	struct entry **ents;
	size_t nents, capents;
	size_t *enttab, entcap;
	/* raw spellings already seen -> their entry (skips validation) */
	struct rawent **raws;
	size_t nraws, capraws;
	uint64_t *rawtab;
	size_t rawcap;
	/* the calls seen: validated name, alias decision */
	struct callinfo *calls;
	size_t ncalls, capcalls;
	size_t *calltab, callcap;
	struct sbuf key, scratch;
};

void fold_init(struct fold *f, bool aliases);
/* Count the events still pending in the spellings (before reading f). */
void fold_flush(struct fold *f);
/* Register an input name; returns its index. */
uint32_t fold_file(struct fold *f, const char *name);
/*
 * Fold one event of input file (an index of fold_file). Returns 0, or -1
 * with a diagnostic in d (an unknown call, argument or value). col_of
 * gives the column of a byte of the event's line (NULL: column 1).
 */
/* The order of entries by program, then call or alias name. */
int entry_cmp_call(const struct entry *x, const struct entry *y);

int fold_event(struct fold *f, uint32_t file, const struct log_event *ev,
	       struct diags *d,
	       unsigned (*col_of)(const struct log_event *, const char *));

/* Generalisation (general.c). */
struct general;
struct general *general_new(void);
/* Turn on the built-in steps (-G). */
void general_builtin(struct general *g);
/* Read a rules file (-g); returns the number of errors (added to d). */
size_t general_load(struct general *g, const char *path, struct diags *d);
/*
 * Apply to the rules r[0..nr) of f (one per call, condition and action):
 * rewrites conditions in place, setting each rewritten rule's why.
 * Returns nr.
 */
size_t general_apply(struct general *g, struct fold *f, struct entry **r,
		     size_t nr);

/* Build the canonical policies of the fold into out. verbose: -v. */
void fold_policies(struct fold *f, struct general *g, struct policy_set *out,
		   bool verbose);
/* Merge the provenance of src into dst. */
void fold_account_merge(struct entry *dst, const struct entry *src);

/* Inputs (input.c): read path ("-": stdin) into f. Returns errors. */
size_t input_fold(struct fold *f, const char *path, struct diags *d);

/* strace -f output (strace.c). */
struct strace_reader;
struct strace_reader *strace_open(int fd, const char *name, char *prefix,
				  size_t plen);
int strace_read(struct strace_reader *r, struct log_event *ev, struct diags *d);
void strace_close(struct strace_reader *r);

#endif
