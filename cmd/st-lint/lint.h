/* lint.h: st-lint's checks, shared by its files. */
#ifndef ST_LINT_H
#define ST_LINT_H

#include "diag.h"
#include "policy.h"

/* A rule of st-lint: its name (for -W and [name]) and its severity. */
struct lint_rule {
	const char *name;
	enum severity sev;
	const char *summary; /* for -h and the manual */
};
extern const struct lint_rule lint_rules[];
/* The rule named name, or NULL. */
const struct lint_rule *lint_rule_find(const char *name, size_t n);

/* Whether comment lines say "st-lint: allow RULE" for rule (NULL: no). */
bool lint_allowed(const char *comment, const char *rule);

/*
 * Run every check over the policies of one file (text is its bytes, for
 * the format check; parse_errors is the number of errors parsing found),
 * appending findings to d with the rule's name as code.
 */
void lint_policies(struct policy_set *ps, const char *file, const char *text,
		   size_t len, size_t parse_errors, struct diags *d);

#endif
