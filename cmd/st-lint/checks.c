/* checks.c: st-lint's rules over parsed policies. */
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "enforce.h"
#include "lint.h"
#include "sys.h"

const struct lint_rule lint_rules[] = {
	/* what the parser finds */
	{"syntax", SEV_ERROR, "the line is not a header, a rule or a comment"},
	{"unknown-emulation", SEV_ERROR,
	 "an emulation libseccomp does not know"},
	{"emulation-mismatch", SEV_ERROR,
	 "an EMUL- prefix that is not the policy's emulation"},
	{"unknown-syscall", SEV_ERROR, "a system call no architecture has"},
	{"wrong-arch", SEV_ERROR,
	 "a system call that does not exist on the policy's architecture"},
	{"unknown-argument", SEV_ERROR, "an argument name st does not know"},
	{"no-such-argument", SEV_ERROR, "an argument the call does not have"},
	{"unknown-operator", SEV_ERROR, "an operator that is not eq, neq, ..."},
	{"unknown-errno", SEV_ERROR, "an errno name that does not exist"},
	{"bad-value", SEV_ERROR,
	 "a value that is not a printed form of its argument"},
	/* what the checks below find */
	{"duplicate", SEV_WARNING, "the same rule twice"},
	{"shadowed", SEV_WARNING,
	 "a rule an earlier rule of its call always answers first"},
	{"unreachable-alias", SEV_WARNING,
	 "an alias rule a member call's own rule answers first, differently"},
	{"dangerous", SEV_WARNING,
	 "a dangerous permission without a comment on the line before"},
	{"fallback", SEV_WARNING,
	 "a call permitted without its fallback pair (clone3/clone, ...)"},
	{"mixed-and-or", SEV_WARNING,
	 "and inside or without parentheses (systrace read them differently)"},
	{"unconditional-permit", SEV_WARNING,
	 "a permit without condition beside conditional rules of its call"},
	{"unenforceable", SEV_ERROR,
	 "a rule no kernel mechanism enforces (st-run refuses it without -c)"},
	{"broader", SEV_WARNING,
	 "a rule the kernel enforces only through a broader one"},
	{"format", SEV_NOTE, "the file is not in canonical form"},
	{NULL, SEV_NOTE, NULL},
};

const struct lint_rule *lint_rule_find(const char *name, size_t n)
{
	for (const struct lint_rule *r = lint_rules; r->name; r++)
		if (strlen(r->name) == n && memcmp(r->name, name, n) == 0)
			return r;
	return NULL;
}

static void finding(struct diags *d, const char *rule, const struct loc *at,
		    const struct loc *rel, const char *fix, const char *fmt,
		    ...) __attribute__((format(printf, 6, 7)));

static void finding(struct diags *d, const char *rule, const struct loc *at,
		    const struct loc *rel, const char *fix, const char *fmt,
		    ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, lint_rule_find(rule, strlen(rule))->sev, rule, at, rel,
		 "%s", msg);
	if (fix)
		d->v[d->n - 1].fix = xstrdup(fix);
}

static bool permits(const struct action *a)
{
	return a->kind == ACT_PERMIT || a->kind == ACT_ASK;
}

static char *rule_text(const struct rule *r)
{
	struct sbuf b = {0};
	policy_print_rule(&b, r);
	return b.s;
}

/* and inside or without parentheses: systrace grouped them left to
 * right, st binds and tighter, so the same text meant different things */
static void check_mixed(const struct rule *r, const struct expr *e,
			struct diags *d)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nkids; i++) {
		const struct expr *k = e->kids[i];
		if (e->kind == EXPR_OR && k->kind == EXPR_AND && !k->paren) {
			char *fix = rule_text(r);
			finding(d, "mixed-and-or", &e->loc, NULL, fix,
				"\"and\" inside \"or\" without parentheses: "
				"and binds tighter here, systrace read it left "
				"to right; write: %s",
				fix);
			free(fix);
			return;
		}
		check_mixed(r, k, d);
	}
}

static const char *const dangerous_calls[] = {
	"ptrace",
	"process_vm_writev",
	"process_vm_readv",
	"bpf",
	"kexec_load",
	"kexec_file_load",
	"init_module",
	"finit_module",
	"delete_module",
	"mount",
	"umount2",
	"pivot_root",
	"swapon",
	"io_uring_setup",
	"userfaultfd",
	"perf_event_open",
	"personality",
	"keyctl",
	"add_key",
	"request_key",
	"open_by_handle_at",
	"setns",
	"unshare",
	NULL,
};

/* Trees a program writes to only with a reason. */
static const char *const sensitive_trees[] = {
	"/etc", "/proc/sys", "/sys", "/dev/mem", "/boot", NULL,
};

/* Whether rule r may write to a file: fswrite, a call of it, or an open
 * whose flags it does not restrict to reading. */
static bool may_write(const struct rule *r)
{
	const struct alias *w = alias_find("fswrite");
	if (strcmp(r->name, "fswrite") == 0)
		return true;
	if (r->alias || !alias_covers(w, r->name))
		return false;
	for (unsigned i = 0; i < w->nmembers; i++)
		if (strcmp(w->members[i].sys, r->name) == 0 &&
		    w->members[i].when == ALIAS_ALWAYS)
			return true;
	/* the open family: writes unless an oflags equality says read */
	const struct expr *e = r->cond;
	const struct expr *one[1] = {e};
	const struct expr *const *k = one;
	size_t n = e ? 1 : 0;
	if (e && e->kind == EXPR_AND) {
		k = (const struct expr *const *)e->kids;
		n = e->nkids;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t v, mask;
		if (k[i]->kind == EXPR_COND && k[i]->op == OP_EQ &&
		    strcmp(k[i]->arg, "oflags") == 0 &&
		    args_parse(ARGT_OFLAGS, k[i]->str, &v, &mask) == 0)
			return args_oflags_write(v);
	}
	return true;
}

/* Whether a comment line above r says something (an allow directive
 * alone is no reason). */
static bool justified(const struct rule *r)
{
	for (const char *c = r->comment; c && *c;) {
		const char *nl = strchr(c, '\n');
		size_t n = nl ? (size_t)(nl - c) : strlen(c);
		if (!memmem(c, n, "st-lint: allow", 14))
			return true;
		c += n + (nl ? 1 : 0);
	}
	return false;
}

static void check_dangerous(const struct policy *p, struct diags *d)
{
	const char *filename = "filename";
	for (size_t a = 0; args_names[a]; a++)
		if (strcmp(args_names[a], "filename") == 0)
			filename = args_names[a];
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!permits(&r->act) || justified(r))
			continue;
		/* no alias is a dangerous call */
		for (size_t k = 0; !r->alias && dangerous_calls[k]; k++)
			if (strcmp(r->name, dangerous_calls[k]) == 0)
				finding(d, "dangerous", &r->loc, NULL, NULL,
					"%s permitted without a comment on the "
					"line before saying why",
					r->name);
		if (!may_write(r))
			continue;
		for (size_t k = 0; sensitive_trees[k]; k++) {
			struct expr tree = {.kind = EXPR_COND,
					    .arg = filename,
					    .op = OP_MATCH,
					    .str = (char *)sensitive_trees[k],
					    .len = strlen(sensitive_trees[k])};
			if (policy_disjoint(r->cond, &tree))
				continue;
			finding(d, "dangerous", &r->loc, NULL, NULL,
				"writes under %s permitted without a comment "
				"on the line before saying why",
				sensitive_trees[k]);
			break;
		}
	}
}

/* The rules of p named name, in file order. */
static size_t rules_named(const struct policy *p, const char *name,
			  const struct rule **out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].name, name) == 0)
			out[n++] = &p->rules[i];
	return n;
}

/* Keys of canonical conditions, to tell a duplicate from a shadow. */
static bool same_rule(const struct rule *a, const struct rule *b)
{
	return policy_expr_cmp(a->cond, b->cond) == 0 &&
	       policy_action_eq(&a->act, &b->act);
}

static void check_order(const struct policy *p, struct diags *d)
{
	const struct rule **rs = xmalloc((p->nrules + 1) * sizeof(*rs));
	struct expr **conds = xmalloc((p->nrules + 1) * sizeof(*conds));
	long *by = xmalloc((p->nrules + 1) * sizeof(*by));
	char *seen = xcalloc(p->nrules + 1, 1);
	for (size_t i = 0; i < p->nrules; i++) {
		if (seen[i])
			continue;
		size_t n = rules_named(p, p->rules[i].name, rs);
		for (size_t k = 0; k < n; k++) {
			seen[rs[k] - p->rules] = 1;
			conds[k] = rs[k]->cond;
		}
		policy_shadowed(conds, n, by);
		bool uncond_permit = false, conditional = false;
		const struct rule *up = NULL, *cr = NULL;
		for (size_t k = 0; k < n; k++) {
			if (!rs[k]->cond && permits(&rs[k]->act) && !up)
				up = rs[k], uncond_permit = true;
			if (rs[k]->cond && !cr)
				cr = rs[k], conditional = true;
			if (by[k] < 0)
				continue;
			const struct rule *x = rs[by[k]];
			struct sbuf a = {0};
			policy_print_action(&a, &x->act);
			if (same_rule(rs[k], x))
				finding(d, "duplicate", &rs[k]->loc, &x->loc,
					"", "duplicate of an earlier rule");
			else if (policy_action_eq(&rs[k]->act, &x->act) ||
				 (rs[k]->act.kind == x->act.kind &&
				  rs[k]->act.err == x->act.err))
				finding(d, "shadowed", &rs[k]->loc, &x->loc, "",
					"never applies: an earlier rule "
					"matches "
					"every call this one matches, with the "
					"same answer (%s)",
					a.s);
			else
				finding(d, "shadowed", &rs[k]->loc, &x->loc,
					NULL,
					"never applies: an earlier rule "
					"answers "
					"%s to every call this one matches",
					a.s);
			sbuf_free(&a);
		}
		/* a path call permitted outright beside rules that look at
		 * its path: one of them is probably a mistake */
		const struct call_args *ca = up ? args_of(up->name) : NULL;
		bool paths = up && up->alias;
		for (unsigned k = 0; ca && k < ca->nargs; k++)
			paths |= ca->args[k].type == ARGT_PATH;
		if (uncond_permit && conditional && paths)
			finding(d, "unconditional-permit", &up->loc, &cr->loc,
				NULL,
				"%s is permitted for every path, yet has "
				"conditional rules: probably a mistake",
				up->name);
	}
	free(rs);
	free(conds);
	free(by);
	free(seen);
}

static const struct policy *sort_pol;
static int cmp_rule_name(const void *a, const void *b)
{
	const struct rule *x = &sort_pol->rules[*(const size_t *)a];
	const struct rule *y = &sort_pol->rules[*(const size_t *)b];
	int c = strcmp(x->name, y->name);
	return c ? c : *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * An alias rule that says a path is absent (deny[ENOENT]) and a call's
 * own permission that answers first give the program the same answer
 * while the path is absent: the kernel says ENOENT itself. st-genpolicy
 * writes both when a call was also made on a descriptor with no path
 * (fstat of a pipe: newfstatat: permit).
 */
static bool absent_either_way(const struct rule *alias, const struct rule *own)
{
	return alias->act.kind == ACT_DENY && alias->act.err == ENOENT &&
	       own->act.kind == ACT_PERMIT && !own->act.log;
}

struct span {
	const struct alias *al;
	size_t *lo; /* per member: its first rule in byname, SIZE_MAX: none */
};

static void check_alias(const struct policy *p, struct diags *d)
{
	struct span *spans = NULL;
	size_t nspans = 0;
	/* the rules of p by name, to find a member's own rules at once */
	size_t *byname = xmalloc((p->nrules + 1) * sizeof(*byname));
	for (size_t i = 0; i < p->nrules; i++)
		byname[i] = i;
	sort_pol = p;
	qsort(byname, p->nrules, sizeof(*byname), cmp_rule_name);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!r->alias)
			continue;
		const struct alias *al = alias_find(r->name);
		unsigned covered = 0, members = 0;
		const struct rule *first = NULL;
		/* where each member's own rules are in byname, and whether
		 * the member exists here: the same for every rule of al */
		struct span *sp = NULL;
		for (size_t k = 0; k < nspans && !sp; k++)
			if (spans[k].al == al)
				sp = &spans[k];
		if (!sp) {
			spans = xrealloc(spans, (nspans + 1) * sizeof(*spans));
			sp = &spans[nspans++];
			sp->al = al;
			sp->lo = xmalloc((al->nmembers + 1) * sizeof(*sp->lo));
			for (unsigned m = 0; m < al->nmembers; m++) {
				const char *sys = al->members[m].sys;
				size_t lo = 0, hi = p->nrules;
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;
					if (strcmp(p->rules[byname[mid]].name,
						   sys) < 0)
						lo = mid + 1;
					else
						hi = mid;
				}
				sp->lo[m] = sys_lookup(p->arch, sys) < 0
						    ? SIZE_MAX
						    : lo;
			}
		}
		for (unsigned m = 0; m < al->nmembers; m++) {
			const char *sys = al->members[m].sys;
			if (sp->lo[m] == SIZE_MAX)
				continue;
			members++;
			for (size_t lo = sp->lo[m];
			     lo < p->nrules &&
			     strcmp(p->rules[byname[lo]].name, sys) == 0;
			     lo++) {
				const struct rule *x = &p->rules[byname[lo]];
				if (x->alias ||
				    !policy_implies(r->cond, x->cond))
					continue;
				covered++;
				if (!policy_action_eq(&x->act, &r->act) &&
				    !absent_either_way(r, x) && !first)
					first = x;
				break;
			}
		}
		if (members && covered == members) {
			finding(d, "unreachable-alias", &r->loc, NULL, "",
				"never applies: every call of %s has its own "
				"rule that answers first",
				r->name);
		} else if (first) {
			struct sbuf a = {0}, b = {0};
			policy_print_action(&a, &first->act);
			policy_print_action(&b, &r->act);
			finding(d, "unreachable-alias", &r->loc, &first->loc,
				NULL,
				"for %s calls this %s rule never applies: %s's "
				"own rule answers %s first, not %s",
				first->name, r->name, first->name, a.s, b.s);
			sbuf_free(&a);
			sbuf_free(&b);
		}
	}
	for (size_t k = 0; k < nspans; k++)
		free(spans[k].lo);
	free(spans);
	free(byname);
}

/* Whether p has a permitting rule that can answer a call of sys. */
static const struct rule *permitting(const struct policy *p, const char *sys)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (!permits(&r->act))
			continue;
		if (strcmp(r->name, sys) == 0)
			return r;
		if (r->alias && alias_covers(alias_find(r->name), sys))
			return r;
	}
	return NULL;
}

/* Whether p says anything about sys (its own rules, or an alias's). */
static bool mentions(const struct policy *p, const char *sys)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (strcmp(r->name, sys) == 0 ||
		    (r->alias && alias_covers(alias_find(r->name), sys)))
			return true;
	}
	return false;
}

static void check_fallback(const struct policy *p, struct diags *d)
{
	/* newer call, the older one libc falls back to on ENOSYS */
	static const char *const pairs[][2] = {
		{"clone3", "clone"},
		{"openat2", "openat"},
		{"faccessat2", "faccessat"},
		{"statx", "newfstatat"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const char *newer = pairs[i][0], *older = pairs[i][1];
		if (sys_lookup(p->arch, newer) < 0 ||
		    sys_lookup(p->arch, older) < 0)
			continue;
		const struct rule *po = permitting(p, older);
		const struct rule *pn = permitting(p, newer);
		char fix[64];
		if (po && !mentions(p, newer)) {
			/* the default EPERM is no reason for libc to fall
			 * back; ENOSYS is */
			snprintf(fix, sizeof(fix), "%s: deny[ENOSYS]", newer);
			finding(d, "fallback", &po->loc, NULL, fix,
				"%s is permitted but %s is not: a C library "
				"that tries %s first gets EPERM and does not "
				"fall back; add \"%s\"",
				older, newer, newer, fix);
		} else if (pn && !mentions(p, older)) {
			finding(d, "fallback", &pn->loc, NULL, NULL,
				"%s is permitted but %s is not: a C library or "
				"kernel without %s falls back to %s, which "
				"fails",
				newer, older, newer, older);
		}
	}
}

/*
 * What st-run would make of each rule (SPEC section 4): exact rules are
 * fine, broader ones are worth knowing, unenforceable ones are refused.
 * Judged for the newest Landlock st-run knows rather than this machine's:
 * a policy is reviewed for where it will run.
 */
/* Whether comment lines say "st-lint: allow RULE" for rule. */
bool lint_allowed(const char *comment, const char *rule)
{
	size_t n = strlen(rule);
	for (const char *c = comment; c && *c;) {
		const char *nl = strchr(c, '\n');
		const char *e = nl ? nl : c + strlen(c);
		const char *a =
			memmem(c, (size_t)(e - c), "st-lint: allow", 14);
		for (const char *p = a ? a + 14 : e; p < e;) {
			while (p < e && (*p == ' ' || *p == ',' || *p == '\t'))
				p++;
			const char *w = p;
			while (p < e && *p != ' ' && *p != ',' && *p != '\t')
				p++;
			if ((size_t)(p - w) == n && memcmp(w, rule, n) == 0)
				return true;
		}
		c = nl ? nl + 1 : e;
	}
	return false;
}

static void check_enforcement(const struct policy *p, struct diags *d)
{
	struct enforce_plan plan;
	enforce_plan_brief(&plan, p, 7);
	/* a policy that explains its broader rules (as st-genpolicy's do)
	 * has many: no message is made for them */
	bool all_broader = lint_allowed(p->comment, "broader");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct enf_verdict *v = &plan.v[i];
		if (v->cls == ENF_BROADER &&
		    (all_broader ||
		     lint_allowed(p->rules[i].comment, "broader")))
			continue;
		if (v->cls == ENF_UNENFORCEABLE)
			finding(d, "unenforceable", &p->rules[i].loc, NULL,
				NULL, "no kernel rule enforces this: %s",
				v->instead ? v->instead : v->kernel);
		else if (v->cls == ENF_BROADER)
			finding(d, "broader", &p->rules[i].loc, NULL, NULL,
				"the kernel enforces a broader rule: %s",
				v->instead ? v->instead : v->kernel);
	}
	enforce_plan_free(&plan);
}

/* The first line where a and b differ (1-based). */
static unsigned first_diff_line(const char *a, size_t an, const char *b,
				size_t bn)
{
	unsigned line = 1;
	for (size_t i = 0; i < an && i < bn && a[i] == b[i]; i++)
		if (a[i] == '\n')
			line++;
	return line;
}

/*
 * Whether ps, printed as it is, is already canonical: its text is the
 * file's, policies and each call's rules in canonical order, none twice.
 * A single input's order constraints all follow the file's order, so a
 * file whose rules are sorted is what merging it would print.
 */
static bool canonical(const struct policy_set *ps, const char *text, size_t len)
{
	struct sbuf b = {0};
	policy_print(&b, ps);
	bool same = b.len == len && memcmp(b.s ? b.s : "", text, len) == 0;
	sbuf_free(&b);
	for (size_t i = 0; same && i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		if (i && policy_cmp(&ps->pols[i - 1], p) >= 0)
			return false;
		for (size_t j = 1; same && j < p->nrules; j++) {
			const struct rule *x = &p->rules[j - 1],
					  *y = &p->rules[j];
			int c = strcmp(x->name, y->name);
			if (!c) {
				struct sbuf kx = {0}, ky = {0};
				if (x->cond)
					policy_print_expr(&kx, x->cond);
				if (y->cond)
					policy_print_expr(&ky, y->cond);
				c = strcmp(kx.s ? kx.s : "", ky.s ? ky.s : "");
				sbuf_free(&kx);
				sbuf_free(&ky);
			}
			same = c < 0;
		}
	}
	return same;
}

static void check_format(struct policy_set *ps, const char *file,
			 const char *text, size_t len, struct diags *d)
{
	if (canonical(ps, text, len))
		return;
	struct policy_set out = {0};
	struct diags md = {0};
	struct policy_set *in = ps;
	policy_merge(&out, &in, 1, &md);
	struct sbuf b = {0};
	policy_print(&b, &out);
	if (b.len != len || memcmp(b.s ? b.s : "", text, len) != 0) {
		struct loc at = {
			file, first_diff_line(text, len, b.s ? b.s : "", b.len),
			1};
		finding(d, "format", &at, NULL, b.s ? b.s : "",
			"not in canonical form from here on; \"st-merge -o %s "
			"%s\" rewrites it",
			file, file);
	}
	sbuf_free(&b);
	diags_free(&md);
	policy_set_free(&out);
}

void lint_policies(struct policy_set *ps, const char *file, const char *text,
		   size_t len, size_t parse_errors, struct diags *d)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		for (size_t j = 0; j < p->nrules; j++)
			check_mixed(&p->rules[j], p->rules[j].cond, d);
	}
	/* the other checks compare conditions in canonical form */
	for (size_t i = 0; i < ps->n; i++)
		for (size_t j = 0; j < ps->pols[i].nrules; j++) {
			struct rule *r = &ps->pols[i].rules[j];
			r->cond = policy_expr_canon(&ps->arena, r->cond);
		}
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		check_order(p, d);
		check_alias(p, d);
		check_dangerous(p, d);
		check_fallback(p, d);
		check_enforcement(p, d);
	}
	if (!parse_errors)
		check_format(ps, file, text, len, d);
}
