/* policy_print.c: the canonical spelling of policies, rules and conditions. */
#include <string.h>

#include "policy.h"
#include "quote.h"
#include "sys.h"

static void print_kid(struct sbuf *out, const struct expr *k,
		      enum expr_kind parent)
{
	/* parentheses wherever and/or nest in each other or under not: the
	 * canonical form never relies on precedence (systrace had none) */
	int paren = (k->kind == EXPR_AND || k->kind == EXPR_OR) &&
		    (parent == EXPR_NOT || k->kind != parent);
	if (paren)
		sbuf_addc(out, '(');
	policy_print_expr(out, k);
	if (paren)
		sbuf_addc(out, ')');
}

void policy_print_expr(struct sbuf *out, const struct expr *e)
{
	switch (e->kind) {
	case EXPR_TRUE:
		sbuf_adds(out, "true");
		break;
	case EXPR_COND:
		sbuf_adds(out, e->arg);
		if (e->idx)
			sbuf_printf(out, "[%u]", e->idx);
		sbuf_addc(out, ' ');
		sbuf_adds(out, policy_op_name(e->op));
		sbuf_addc(out, ' ');
		quote_add(out, e->str, e->len);
		break;
	case EXPR_NOT:
		sbuf_adds(out, "not ");
		print_kid(out, e->kids[0], EXPR_NOT);
		break;
	case EXPR_AND:
	case EXPR_OR:
		for (size_t i = 0; i < e->nkids; i++) {
			if (i)
				sbuf_adds(out, e->kind == EXPR_AND ? " and "
								   : " or ");
			print_kid(out, e->kids[i], e->kind);
		}
		break;
	}
}

void policy_print_action(struct sbuf *out, const struct action *a)
{
	switch (a->kind) {
	case ACT_PERMIT:
		sbuf_adds(out, "permit");
		break;
	case ACT_ASK:
		sbuf_adds(out, "ask");
		break;
	case ACT_KILL:
		sbuf_adds(out, "kill");
		break;
	case ACT_DENY: {
		const char *n = sys_errno_name(a->err);
		/* the errno is always spelled out: reviewers should not have to
		 * know the default */
		sbuf_printf(out, "deny[%s]", n ? n : "EPERM");
		break;
	}
	}
	if (a->log)
		sbuf_adds(out, " log");
}

void policy_print_rule(struct sbuf *out, const struct rule *r)
{
	sbuf_adds(out, r->name);
	sbuf_adds(out, ": ");
	if (r->cond) {
		policy_print_expr(out, r->cond);
		sbuf_adds(out, " then ");
	}
	policy_print_action(out, &r->act);
}

void policy_print_header(struct sbuf *out, const struct policy *p)
{
	sbuf_adds(out, "Policy: ");
	if (p->program_len && quote_is_bare(p->program, p->program_len))
		sbuf_add(out, p->program, p->program_len);
	else
		quote_add(out, p->program, p->program_len);
	sbuf_adds(out, ", Emulation: ");
	sbuf_adds(out, p->emul);
}

/* Comment lines, each indented by ind. */
static void print_comment(struct sbuf *out, const char *c, const char *ind)
{
	while (c && *c) {
		const char *nl = strchr(c, '\n');
		size_t n = nl ? (size_t)(nl - c) : strlen(c);
		sbuf_adds(out, ind);
		sbuf_add(out, c, n);
		sbuf_addc(out, '\n');
		c += n + (nl ? 1 : 0);
	}
}

void policy_print(struct sbuf *out, const struct policy_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		if (i)
			sbuf_addc(out, '\n');
		print_comment(out, p->comment, "");
		policy_print_header(out, p);
		sbuf_addc(out, '\n');
		for (size_t j = 0; j < p->nrules; j++) {
			const struct rule *r = &p->rules[j];
			print_comment(out, r->comment, "\t");
			sbuf_addc(out, '\t');
			policy_print_rule(out, r);
			if (r->trailing) {
				sbuf_addc(out, ' ');
				sbuf_adds(out, r->trailing);
			}
			sbuf_addc(out, '\n');
		}
	}
	if (ps->tail) {
		if (ps->n)
			sbuf_addc(out, '\n');
		print_comment(out, ps->tail, "");
	}
}

char *policy_file_name(const char *prog, size_t n)
{
	struct sbuf b = {0};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)prog[i];
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');
		if (alnum)
			sbuf_addc(&b, (char)c);
		else if (b.len)
			sbuf_addc(&b, '_');
	}
	if (!b.len)
		sbuf_addc(&b, '_');
	return b.s;
}
