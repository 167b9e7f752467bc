/*
 * policy_algebra.c: conditions as values: canonical form, comparison,
 * and the conservative disjointness and implication tests that merge,
 * diff and lint rely on.
 */
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

bool policy_action_eq(const struct action *a, const struct action *b)
{
	return a->kind == b->kind && a->log == b->log &&
	       (a->kind != ACT_DENY || a->err == b->err);
}

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

int policy_expr_cmp(const struct expr *x, const struct expr *y)
{
	if (!x || !y)
		return !x && !y ? 0 : !x ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	switch (x->kind) {
	case EXPR_TRUE:
		return 0;
	case EXPR_COND: {
		int c = strcmp(x->arg, y->arg);
		if (c)
			return c;
		if (x->idx != y->idx)
			return x->idx < y->idx ? -1 : 1;
		if (x->op != y->op)
			return x->op < y->op ? -1 : 1;
		return cmp_bytes(x->str, x->len, y->str, y->len);
	}
	default:
		for (size_t i = 0; i < x->nkids && i < y->nkids; i++) {
			int c = policy_expr_cmp(x->kids[i], y->kids[i]);
			if (c)
				return c;
		}
		return x->nkids < y->nkids ? -1 : x->nkids > y->nkids;
	}
}

static int cmp_kid(const void *a, const void *b)
{
	return policy_expr_cmp(*(struct expr *const *)a,
			       *(struct expr *const *)b);
}

struct expr *policy_expr_canon(struct arena *a, struct expr *e)
{
	if (!e || e->kind == EXPR_TRUE)
		return NULL;
	if (e->kind == EXPR_COND)
		return e;
	if (e->kind == EXPR_NOT) {
		struct expr *k = policy_expr_canon(a, e->kids[0]);
		if (k && k->kind == EXPR_NOT)
			return k->kids[0]; /* not not x is x */
		if (!k) {
			/* not true: keep it, there is no "false" */
			k = arena_alloc(a, sizeof(*k));
			k->kind = EXPR_TRUE;
			k->loc = e->loc;
		}
		e->kids[0] = k;
		return e;
	}
	/* and/or: flatten, drop true, sort, deduplicate */
	size_t n = 0, cap = e->nkids;
	struct expr **kids = arena_alloc(a, cap * sizeof(*kids));
	for (size_t i = 0; i < e->nkids; i++) {
		struct expr *k = policy_expr_canon(a, e->kids[i]);
		if (!k) {
			if (e->kind == EXPR_OR)
				return NULL; /* true or x is true */
			continue;	     /* true and x is x */
		}
		size_t kn = k->kind == e->kind ? k->nkids : 1;
		if (n + kn > cap) {
			size_t ncap = (n + kn) * 2;
			struct expr **nk = arena_alloc(a, ncap * sizeof(*nk));
			memcpy(nk, kids, n * sizeof(*nk));
			kids = nk;
			cap = ncap;
		}
		if (k->kind == e->kind)
			for (size_t j = 0; j < k->nkids; j++)
				kids[n++] = k->kids[j];
		else
			kids[n++] = k;
	}
	qsort(kids, n, sizeof(*kids), cmp_kid);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || policy_expr_cmp(kids[m - 1], kids[i]) != 0)
			kids[m++] = kids[i];
	if (m == 0)
		return NULL;
	if (m == 1)
		return kids[0];
	e->kids = kids;
	e->nkids = m;
	e->paren = false;
	return e;
}

/* fnmatch as the policy language defines match: pathname, leading dir. */
static bool matches(const char *pat, const char *s)
{
	return fnmatch(pat, s, FNM_PATHNAME | FNM_LEADING_DIR) == 0;
}

size_t policy_glob_prefix(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n && p[i] != '*' && p[i] != '?' && p[i] != '[' &&
	       p[i] != '\\')
		i++;
	return i;
}

/* Whether path s lies at or below directory dir (systrace's inpath). */
static bool in_path(const char *s, size_t sn, const char *dir, size_t dn)
{
	while (dn > 1 && dir[dn - 1] == '/')
		dn--;
	if (sn < dn || memcmp(s, dir, dn) != 0)
		return false;
	return sn == dn || s[dn] == '/' || (dn == 1 && dir[0] == '/');
}

bool policy_str_holds(enum op op, const char *pat, size_t pn, const char *v,
		      size_t vn)
{
	bool r = false;
	switch (op) {
	case OP_EQ:
	case OP_NEQ:
		r = vn == pn && memcmp(v, pat, pn) == 0;
		return op == OP_EQ ? r : !r;
	case OP_MATCH:
		return matches(pat, v);
	case OP_SUB:
	case OP_NSUB:
		r = memmem(v, vn, pat, pn) != NULL;
		return op == OP_SUB ? r : !r;
	case OP_INPATH:
		return in_path(v, vn, pat, pn);
	case OP_RE: {
		regex_t re;
		if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) == 0) {
			r = regexec(&re, v, 0, NULL, 0) == 0;
			regfree(&re);
		}
		return r;
	}
	}
	return false;
}

static bool same_arg(const struct expr *x, const struct expr *y)
{
	return x->arg == y->arg && x->idx == y->idx;
}

static bool has_nul(const struct expr *x)
{
	return memchr(x->str, '\0', x->len) != NULL;
}

/* Two comparisons of one argument that no value satisfies both of. */
static bool atoms_disjoint(const struct expr *x, const struct expr *y)
{
	if (!same_arg(x, y))
		return false;
	if (y->op == OP_EQ && x->op != OP_EQ) {
		const struct expr *t = x;
		x = y;
		y = t;
	}
	if (x->op == OP_MATCH && y->op == OP_MATCH) {
		size_t a = policy_glob_prefix(x->str, x->len);
		size_t b = policy_glob_prefix(y->str, y->len);
		size_t n = a < b ? a : b;
		return memcmp(x->str, y->str, n) != 0;
	}
	if (x->op != OP_EQ)
		return false;
	bool same = x->len == y->len && memcmp(x->str, y->str, x->len) == 0;
	if (has_nul(x) || has_nul(y))
		return (y->op == OP_EQ && !same) || (y->op == OP_NEQ && same);
	if (y->op == OP_RE)
		return false; /* unsure without running it */
	return !policy_str_holds(y->op, y->str, y->len, x->str, x->len);
}

bool policy_disjoint(const struct expr *x, const struct expr *y)
{
	if (!x || !y || x->kind == EXPR_TRUE || y->kind == EXPR_TRUE)
		return false;
	if (x->kind == EXPR_OR) {
		for (size_t i = 0; i < x->nkids; i++)
			if (!policy_disjoint(x->kids[i], y))
				return false;
		return true;
	}
	if (y->kind == EXPR_OR)
		return policy_disjoint(y, x);
	if (x->kind == EXPR_AND) {
		for (size_t i = 0; i < x->nkids; i++)
			if (policy_disjoint(x->kids[i], y))
				return true;
		return false;
	}
	if (y->kind == EXPR_AND)
		return policy_disjoint(y, x);
	if (x->kind == EXPR_NOT || y->kind == EXPR_NOT) {
		/* x and not x */
		if (x->kind == EXPR_NOT && y->kind != EXPR_NOT)
			return policy_expr_cmp(x->kids[0], y) == 0;
		if (y->kind == EXPR_NOT && x->kind != EXPR_NOT)
			return policy_expr_cmp(y->kids[0], x) == 0;
		return false;
	}
	return atoms_disjoint(x, y);
}

/* Whether every value satisfying comparison x satisfies y. */
static bool atom_implies(const struct expr *x, const struct expr *y)
{
	if (!same_arg(x, y))
		return false;
	bool same = x->op == y->op && x->len == y->len &&
		    memcmp(x->str, y->str, x->len) == 0;
	if (same)
		return true;
	if (x->op == OP_EQ && !has_nul(x) && !has_nul(y)) {
		switch (y->op) {
		case OP_EQ:
			return false;
		case OP_NEQ:
			return x->len != y->len ||
			       memcmp(x->str, y->str, x->len) != 0;
		case OP_MATCH:
			return matches(y->str, x->str);
		case OP_SUB:
			return memmem(x->str, x->len, y->str, y->len) != NULL;
		case OP_NSUB:
			return !memmem(x->str, x->len, y->str, y->len);
		case OP_INPATH:
			return in_path(x->str, x->len, y->str, y->len);
		case OP_RE:
			return false;
		}
	}
	if (x->op == OP_MATCH && (y->op == OP_MATCH || y->op == OP_INPATH)) {
		/* y covers a directory D (match "D" or "D/..." with a final
		 * star, or inpath "D"):
		 * every path x can match starts with x's literal prefix */
		size_t dn = y->len;
		if (y->op == OP_MATCH) {
			if (dn >= 2 && y->str[dn - 1] == '*' &&
			    y->str[dn - 2] == '/')
				dn -= 2;
			if (policy_glob_prefix(y->str, dn) != dn)
				return false;
		}
		while (dn > 1 && y->str[dn - 1] == '/')
			dn--;
		size_t xp = policy_glob_prefix(x->str, x->len);
		return xp > dn && memcmp(x->str, y->str, dn) == 0 &&
		       x->str[dn] == '/';
	}
	return false;
}

bool policy_implies(const struct expr *x, const struct expr *y)
{
	if (!y || y->kind == EXPR_TRUE)
		return true;
	if (!x || x->kind == EXPR_TRUE)
		return false;
	if (x->kind == EXPR_OR) {
		for (size_t i = 0; i < x->nkids; i++)
			if (!policy_implies(x->kids[i], y))
				return false;
		return true;
	}
	if (y->kind == EXPR_AND) {
		for (size_t i = 0; i < y->nkids; i++)
			if (!policy_implies(x, y->kids[i]))
				return false;
		return true;
	}
	if (y->kind == EXPR_OR) {
		for (size_t i = 0; i < y->nkids; i++)
			if (policy_implies(x, y->kids[i]))
				return true;
	}
	if (x->kind == EXPR_AND) {
		for (size_t i = 0; i < x->nkids; i++)
			if (policy_implies(x->kids[i], y))
				return true;
		return false;
	}
	if (x->kind == EXPR_COND && y->kind == EXPR_COND)
		return atom_implies(x, y);
	return policy_expr_cmp(x, y) == 0;
}

/* Whether e is one equality: the rules st-genpolicy writes. */
static bool single_eq(const struct expr *e)
{
	return e && e->kind == EXPR_COND && e->op == OP_EQ;
}

static uint64_t eq_hash(const struct expr *e)
{
	return util_hash(e->str, e->len) ^ (uintptr_t)e->arg ^ e->idx;
}

static bool same_eq(const struct expr *x, const struct expr *y)
{
	return x->arg == y->arg && x->idx == y->idx && x->len == y->len &&
	       memcmp(x->str, y->str, x->len) == 0;
}

void policy_shadowed(struct expr *const *conds, size_t n, long *by)
{
	/* earlier equalities in a hash table, everything else in a list */
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	long *table = xmalloc(cap * sizeof(*table));
	for (size_t i = 0; i < cap; i++)
		table[i] = -1;
	size_t *other = xmalloc((n ? n : 1) * sizeof(*other)), no = 0;

	for (size_t i = 0; i < n; i++) {
		const struct expr *x = conds[i];
		/* the earliest rule that covers x: it answers x's calls */
		by[i] = -1;
		for (size_t k = 0; k < no && by[i] < 0; k++)
			if (policy_implies(x, conds[other[k]]))
				by[i] = (long)other[k];
		/* x, or a conjunct of x, equal to an earlier equality */
		size_t nk = single_eq(x)	       ? 1
			    : x && x->kind == EXPR_AND ? x->nkids
						       : 0;
		for (size_t k = 0; k < nk; k++) {
			const struct expr *e = single_eq(x) ? x : x->kids[k];
			if (!single_eq(e))
				continue;
			for (size_t h = eq_hash(e) & (cap - 1); table[h] >= 0;
			     h = (h + 1) & (cap - 1))
				if (same_eq(conds[table[h]], e)) {
					if (by[i] < 0 || table[h] < by[i])
						by[i] = table[h];
					break;
				}
		}
		if (!single_eq(x)) {
			other[no++] = i;
			continue;
		}
		size_t h = eq_hash(x) & (cap - 1);
		while (table[h] >= 0 && !same_eq(conds[table[h]], x))
			h = (h + 1) & (cap - 1);
		if (table[h] < 0)
			table[h] = (long)i;
	}
	free(table);
	free(other);
}
