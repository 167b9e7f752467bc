/* enforce.c: the enforcement plan of a policy: seccomp rules, Landlock rules, classes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "enforce.h"
#include "sys.h"

/*
 * Open flags as the kernel defines them on every architecture st runs on
 * (the values of x86, arm and generic Linux): st-run compares the
 * register, so it needs the kernel's numbers, not the C library's.
 */
#define K_O_ACCMODE 03ULL
#define K_O_CREAT   0100ULL
#define K_O_TRUNC   01000ULL
#define K_O_TMPFILE 020000000ULL /* O_TMPFILE's own bit */
/* The bits that decide between fsread and fswrite (args_oflags_write). */
#define WRITE_MASK (K_O_ACCMODE | K_O_CREAT | K_O_TRUNC | K_O_TMPFILE)

const char *enforce_class_name(enum enf_class c)
{
	switch (c) {
	case ENF_EXACT:
		return "exact";
	case ENF_BROADER:
		return "broader";
	default:
		return "unenforceable";
	}
}

/* ---- conditions in disjunctive normal form ---- */

static void dnf_push(struct enf_dnf *d, const struct enf_conj *c)
{
	if (d->overflow)
		return;
	if (d->n >= ENF_DNF_MAX) {
		d->overflow = true;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 4;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = *c;
}

void enf_dnf_free(struct enf_dnf *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void enf_dnf_true(struct enf_dnf *d)
{
	struct enf_conj c = {0};
	memset(d, 0, sizeof(*d));
	dnf_push(d, &c);
}

static bool dnf_is_true(const struct enf_dnf *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].n == 0)
			return true;
	return false;
}

/*
 * Conjoin one comparison k to c, appending the result (0 to 64
 * conjunctions) to out. Comparisons of one argument are merged so that
 * each conjunction compares each argument once, as libseccomp requires.
 */
static void conj_add(struct enf_dnf *out, const struct enf_conj *c,
		     const struct enf_cmp *k)
{
	unsigned i;
	for (i = 0; i < c->n; i++)
		if (c->c[i].reg == k->reg)
			break;
	if (i == c->n) {
		struct enf_conj r = *c;
		r.c[r.n++] = *k;
		dnf_push(out, &r);
		return;
	}
	const struct enf_cmp *o = &c->c[i];
	if (!o->ne && !k->ne) {
		if (o->mask & k->mask & (o->val ^ k->val))
			return; /* contradiction */
		struct enf_conj r = *c;
		r.c[i].mask = o->mask | k->mask;
		r.c[i].val = o->val | k->val;
		dnf_push(out, &r);
		return;
	}
	if (o->ne && k->ne && o->val == k->val) {
		dnf_push(out, c);
		return;
	}
	if (o->ne && k->ne) {
		/* x != a and x != b: no conjunction of comparisons says it */
		out->overflow = true;
		return;
	}
	const struct enf_cmp *eq = o->ne ? k : o, *ne = o->ne ? o : k;
	if (eq->mask == UINT64_MAX) {
		if (eq->val == ne->val)
			return;
		struct enf_conj r = *c;
		r.c[i] = *eq;
		dnf_push(out, &r);
		return;
	}
	/* A masked equality and a not-equal: the latter as the disjunction
	 * of its 64 bits, each merged with the former. */
	struct enf_conj base = *c;
	base.c[i] = *eq;
	for (unsigned b = 0; b < 64; b++) {
		struct enf_cmp bit = {.reg = k->reg,
				      .mask = 1ULL << b,
				      .val = ~ne->val & (1ULL << b)};
		conj_add(out, &base, &bit);
	}
}

static void dnf_copy(struct enf_dnf *out, const struct enf_dnf *a)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < a->n; i++)
		dnf_push(out, &a->v[i]);
	out->overflow = a->overflow;
}

/* Whether comparison x implies comparison y (same argument). */
static bool cmp_implies(const struct enf_cmp *x, const struct enf_cmp *y)
{
	if (!x->ne && !y->ne)
		return (y->mask & ~x->mask) == 0 &&
		       (x->val & y->mask) == y->val;
	if (x->ne && y->ne)
		return x->val == y->val;
	if (!x->ne && y->ne)
		return x->mask == UINT64_MAX && x->val != y->val;
	return false;
}

/* Whether conjunction x implies conjunction y. */
static bool conj_implies(const struct enf_conj *x, const struct enf_conj *y)
{
	for (unsigned j = 0; j < y->n; j++) {
		bool found = false;
		for (unsigned i = 0; i < x->n && !found; i++)
			found = x->c[i].reg == y->c[j].reg &&
				cmp_implies(&x->c[i], &y->c[j]);
		if (!found)
			return false;
	}
	return true;
}

/*
 * Keep a DNF small: drop conjunctions that imply another, and join two
 * that differ only in one bit of one comparison (x&b == 0 or x&b == b
 * says nothing about that bit), which undoes the bit expansion of "not".
 */
static void dnf_simplify(struct enf_dnf *d)
{
	bool changed = true;
	for (int round = 0; changed && round < 64; round++) {
		changed = false;
		for (size_t i = 0; i < d->n; i++)
			for (size_t j = 0; j < d->n; j++) {
				if (i == j)
					continue;
				struct enf_conj *x = &d->v[i], *y = &d->v[j];
				if (conj_implies(x, y)) {
					d->v[i] = d->v[--d->n];
					changed = true;
					goto next;
				}
				if (x->n != y->n)
					continue;
				/* one comparison differs by one bit */
				int diff = -1;
				unsigned k;
				for (k = 0; k < x->n; k++) {
					unsigned l;
					for (l = 0; l < y->n; l++)
						if (y->c[l].reg == x->c[k].reg)
							break;
					if (l == y->n)
						break;
					const struct enf_cmp *a = &x->c[k],
							     *b = &y->c[l];
					if (a->ne == b->ne &&
					    a->mask == b->mask &&
					    a->val == b->val)
						continue;
					uint64_t dv = a->val ^ b->val;
					if (diff >= 0 || a->ne || b->ne ||
					    a->mask != b->mask ||
					    (dv & (dv - 1)) != 0)
						break;
					diff = (int)k;
				}
				if (k < x->n || diff < 0)
					continue;
				struct enf_cmp *a = &x->c[diff];
				uint64_t dv = a->val ^ d->v[j].c[0].val;
				for (unsigned l = 0; l < y->n; l++)
					if (y->c[l].reg == a->reg)
						dv = a->val ^ y->c[l].val;
				a->mask &= ~dv;
				a->val &= ~dv;
				if (!a->mask)
					x->c[diff] = x->c[--x->n];
				d->v[j] = d->v[--d->n];
				changed = true;
				goto next;
			}
	next:;
	}
}

void enf_dnf_and(struct enf_dnf *out, const struct enf_dnf *a,
		 const struct enf_dnf *b)
{
	memset(out, 0, sizeof(*out));
	out->overflow = a->overflow || b->overflow;
	for (size_t i = 0; i < a->n && !out->overflow; i++)
		for (size_t j = 0; j < b->n && !out->overflow; j++) {
			struct enf_dnf cur = {0}, next;
			dnf_push(&cur, &a->v[i]);
			for (unsigned k = 0; k < b->v[j].n; k++) {
				memset(&next, 0, sizeof(next));
				for (size_t t = 0; t < cur.n; t++)
					conj_add(&next, &cur.v[t],
						 &b->v[j].c[k]);
				next.overflow |= cur.overflow;
				enf_dnf_free(&cur);
				cur = next;
			}
			for (size_t t = 0; t < cur.n; t++)
				dnf_push(out, &cur.v[t]);
			out->overflow |= cur.overflow;
			enf_dnf_free(&cur);
			if (out->n > 64)
				dnf_simplify(out);
		}
	dnf_simplify(out);
}

static void dnf_or(struct enf_dnf *a, const struct enf_dnf *b)
{
	a->overflow |= b->overflow;
	for (size_t i = 0; i < b->n; i++)
		dnf_push(a, &b->v[i]);
}

void enf_dnf_cmp(struct enf_dnf *out, unsigned reg, uint64_t mask, uint64_t val,
		 bool negate)
{
	struct enf_conj c = {.n = 1};
	memset(out, 0, sizeof(*out));
	val &= mask;
	if (!negate) {
		c.c[0] = (struct enf_cmp){.reg = reg, .mask = mask, .val = val};
		dnf_push(out, &c);
	} else if (mask == UINT64_MAX) {
		c.c[0] = (struct enf_cmp){
			.reg = reg, .ne = true, .mask = mask, .val = val};
		dnf_push(out, &c);
	} else {
		/* (x & m) != v: some bit of m differs from v's */
		for (unsigned b = 0; b < 64; b++) {
			uint64_t bit = 1ULL << b;
			if (!(mask & bit))
				continue;
			c.c[0] = (struct enf_cmp){
				.reg = reg, .mask = bit, .val = ~val & bit};
			dnf_push(out, &c);
		}
	}
}

void enf_dnf_not(struct enf_dnf *out, const struct enf_dnf *a)
{
	enf_dnf_true(out);
	out->overflow = a->overflow;
	for (size_t i = 0; i < a->n && !out->overflow; i++) {
		struct enf_dnf neg = {0}, t;
		for (unsigned k = 0; k < a->v[i].n; k++) {
			const struct enf_cmp *c = &a->v[i].c[k];
			enf_dnf_cmp(&t, c->reg, c->mask, c->val, !c->ne);
			dnf_or(&neg, &t);
			enf_dnf_free(&t);
		}
		enf_dnf_and(&t, out, &neg);
		enf_dnf_free(&neg);
		enf_dnf_free(out);
		*out = t;
	}
}

bool enforce_dnf_holds(const struct enf_dnf *d, const uint64_t args[6])
{
	for (size_t i = 0; i < d->n; i++) {
		bool all = true;
		for (unsigned k = 0; k < d->v[i].n && all; k++) {
			const struct enf_cmp *c = &d->v[i].c[k];
			uint64_t x = args[c->reg];
			all = c->ne ? x != c->val : (x & c->mask) == c->val;
		}
		if (all)
			return true;
	}
	return false;
}

void enforce_dnf_print(struct sbuf *out, const struct enf_dnf *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (i)
			sbuf_adds(out, " or ");
		for (unsigned k = 0; k < d->v[i].n; k++) {
			const struct enf_cmp *c = &d->v[i].c[k];
			if (k)
				sbuf_adds(out, " and ");
			if (c->ne)
				sbuf_printf(out, "arg%u != %#llx", c->reg,
					    (unsigned long long)c->val);
			else if (c->mask == UINT64_MAX)
				sbuf_printf(out, "arg%u == %#llx", c->reg,
					    (unsigned long long)c->val);
			else
				sbuf_printf(out, "arg%u & %#llx == %#llx",
					    c->reg, (unsigned long long)c->mask,
					    (unsigned long long)c->val);
		}
	}
}

/* ---- from a policy condition to seccomp comparisons ---- */

/*
 * The DNF of e (negated when neg) for call sys. Comparisons seccomp
 * cannot make (paths, addresses, values inside structures, operators
 * other than eq and neq on integers) are unknown: true in the
 * over-approximation (over), false in the under-approximation. *inexact
 * is set when an unknown was met.
 */
static void expr_dnf(struct enf_dnf *out, const struct expr *e, const char *sys,
		     bool neg, bool over, bool *inexact)
{
	struct enf_dnf a, b;
	memset(out, 0, sizeof(*out));
	switch (e->kind) {
	case EXPR_TRUE:
		if (!neg)
			enf_dnf_true(out);
		return;
	case EXPR_NOT:
		expr_dnf(out, e->kids[0], sys, !neg, over, inexact);
		return;
	case EXPR_AND:
	case EXPR_OR:
		/* De Morgan: under not, and is or and or is and */
		if ((e->kind == EXPR_AND) != neg) {
			enf_dnf_true(out);
			for (size_t i = 0; i < e->nkids; i++) {
				expr_dnf(&a, e->kids[i], sys, neg, over,
					 inexact);
				enf_dnf_and(&b, out, &a);
				enf_dnf_free(&a);
				enf_dnf_free(out);
				*out = b;
			}
		} else {
			for (size_t i = 0; i < e->nkids; i++) {
				expr_dnf(&a, e->kids[i], sys, neg, over,
					 inexact);
				dnf_or(out, &a);
				enf_dnf_free(&a);
			}
		}
		return;
	case EXPR_COND:
		break;
	}
	const struct arg_spec *s = args_find(sys, e->arg, e->idx);
	uint64_t v, m;
	if (s && args_type_is_int(s->type) && s->reg >= 0 &&
	    (e->op == OP_EQ || e->op == OP_NEQ) &&
	    args_parse(s->type, e->str, &v, &m) == 0) {
		enf_dnf_cmp(out, (unsigned)s->reg, m, v,
			    (e->op == OP_NEQ) != neg);
		return;
	}
	*inexact = true;
	if (over)
		enf_dnf_true(out);
}

/* ---- path and port parts ---- */

enum part_kind { PART_NONE, PART_PATH, PART_ADDR };

/* One atom of a rule's path or address part, and what the kernel makes of it. */
struct atom {
	const struct expr *e;
	const char *lit; /* e's string, $HOME expanded (set for paths) */
	enum enf_class cls;
	const char *path; /* Landlock tree (arena) */
	int port;
	const char *why;
};

static bool is_path_atom(const struct expr *e)
{
	return e->kind == EXPR_COND && !strcmp(e->arg, "filename") &&
	       e->idx == 0;
}
static bool is_addr_atom(const struct expr *e)
{
	return e->kind == EXPR_COND && !strcmp(e->arg, "sockaddr");
}
static bool has_kind(const struct expr *e, bool (*f)(const struct expr *))
{
	if (!e)
		return false;
	if (f(e))
		return true;
	for (size_t i = 0; e->kind != EXPR_COND && i < e->nkids; i++)
		if (has_kind(e->kids[i], f))
			return true;
	return false;
}

const char *enforce_home(void)
{
	const char *h = getenv("HOME");
	return h && h[0] == '/' ? h : NULL;
}

bool enforce_expand_home(struct sbuf *out, const char *s, size_t len)
{
	const char *h = enforce_home();
	if (len < 5 || memcmp(s, "$HOME", 5) != 0 || (len > 5 && s[5] != '/'))
		return false;
	if (!h)
		return false;
	size_t hn = strlen(h);
	while (hn > 1 && h[hn - 1] == '/')
		hn--; /* HOME=/ stays "/", HOME=/home/a/ is /home/a */
	sbuf_add(out, h, hn == 1 && len > 5 ? 0 : hn);
	sbuf_add(out, s + 5, len - 5);
	return true;
}

/* Classify one path atom: the tree Landlock allows for it. */
static void path_atom(struct arena *ar, struct atom *a)
{
	const struct expr *e = a->e;
	const char *str = e->str;
	size_t len = e->len;
	a->cls = ENF_EXACT;
	a->why = NULL;
	a->lit = str;
	if (len >= 5 && !memcmp(str, "$HOME", 5) &&
	    (len == 5 || str[5] == '/')) {
		struct sbuf b = {0};
		if (!enforce_expand_home(&b, str, len)) {
			a->cls = ENF_UNENFORCEABLE;
			a->why = "$HOME needs HOME set to an absolute path";
			a->path = "/";
			return;
		}
		len = b.len;
		str = a->lit = arena_memdup(ar, b.s, b.len);
		sbuf_free(&b);
	}
	if (e->op != OP_EQ && e->op != OP_MATCH && e->op != OP_INPATH) {
		a->cls = ENF_UNENFORCEABLE;
		a->why = "Landlock cannot compare paths with sub, nsub, neq or "
			 "re";
		a->path = "/";
		return;
	}
	if (e->op == OP_EQ && len == 0) {
		/* the empty path (fstatat's AT_EMPTY_PATH) opens nothing:
		 * there is nothing for Landlock to allow */
		a->path = NULL;
		return;
	}
	if (memchr(str, 0, len) || str[0] != '/') {
		a->cls = ENF_UNENFORCEABLE;
		a->why = "Landlock rules need an absolute path";
		a->path = "/";
		return;
	}
	switch (e->op) {
	case OP_EQ:
		a->path = str;
		return;
	case OP_INPATH: {
		/* inpath is a tree, which is what path-beneath is */
		size_t n = len;
		while (n > 1 && str[n - 1] == '/')
			n--;
		a->path = arena_memdup(ar, str, n);
		return;
	}
	case OP_MATCH: {
		size_t p = policy_glob_prefix(str, len);
		if (p == len) {
			a->path = str; /* FNM_LEADING_DIR: the tree */
			return;
		}
		if (p + 1 == len && str[p] == '*' && p > 1 &&
		    str[p - 1] == '/') {
			a->path = arena_memdup(ar, str, p - 1);
			return; /* DIR/ * : the tree below DIR */
		}
		while (p > 0 && str[p - 1] != '/')
			p--;
		a->path = arena_memdup(ar, str, p > 1 ? p - 1 : 1);
		a->cls = ENF_BROADER;
		a->why = "a wildcard inside a name: the directory is allowed";
		return;
	}
	default:
		a->cls = ENF_UNENFORCEABLE;
		a->why = "Landlock cannot compare paths with sub, nsub, neq or "
			 "re";
		a->path = "/";
		return;
	}
}

/* Classify one address atom: the TCP port Landlock allows for it. */
static void addr_atom(struct atom *a, int abi)
{
	int fam, port;
	const struct expr *e = a->e;
	a->path = NULL;
	a->port = -1;
	if (e->op != OP_EQ ||
	    args_parse_sockaddr(e->str, e->len, &fam, &port) < 0 || port < 0 ||
	    (fam != 2 && fam != 10)) {
		a->cls = ENF_UNENFORCEABLE;
		a->why = "Landlock restricts TCP ports only (no unix, UDP or "
			 "pattern addresses)";
		return;
	}
	if (abi < 4) {
		a->cls = ENF_UNENFORCEABLE;
		a->why = "this kernel's Landlock has no TCP port rules (ABI < "
			 "4)";
		return;
	}
	a->port = port;
	/* Landlock's port rules bind TCP sockets only: a UDP (or other)
	 * socket may use any port, so a port rule is never exact. */
	a->cls = ENF_BROADER;
	if ((fam == 2 && !strncmp(e->str, "inet-[0.0.0.0]:", 15)) ||
	    (fam == 10 && !strncmp(e->str, "inet6-[::]:", 11)))
		a->why = "the port is enforced for TCP only (UDP may use any "
			 "port)";
	else
		a->why = "the port is enforced for TCP only (UDP may use any "
			 "port), the address is not";
}

/*
 * The path or address part of e: e itself when it is an atom or an or of
 * atoms of the kind, or the one such kid of a top-level and. Returns the
 * number of atoms put in at[] (at most max), or -1 when the part has
 * another shape (an atom under not, mixed with other arguments in an or,
 * two parts) that no Landlock rule can express.
 */
static int find_part(const struct expr *e, bool (*f)(const struct expr *),
		     struct atom *at, int max)
{
	if (!e || !has_kind(e, f))
		return 0;
	if (f(e)) {
		at[0].e = e;
		return 1;
	}
	if (e->kind == EXPR_OR) {
		if ((int)e->nkids > max)
			return -1;
		for (size_t i = 0; i < e->nkids; i++) {
			if (!f(e->kids[i]))
				return -1;
			at[i].e = e->kids[i];
		}
		return (int)e->nkids;
	}
	if (e->kind == EXPR_AND) {
		int n = 0;
		for (size_t i = 0; i < e->nkids; i++) {
			if (!has_kind(e->kids[i], f))
				continue;
			if (n)
				return -1;
			n = find_part(e->kids[i], f, at, max);
			if (n <= 0)
				return -1;
		}
		return n;
	}
	return -1;
}

/* ---- the plan ---- */

/* One (rule, call) pair in evaluation order. */
struct item {
	size_t rule;
	bool via_alias;
	bool shared; /* over and under belong to the member cache */
	int nr;
	const char *sys;
	unsigned groups; /* Landlock groups the call may touch */
	struct enf_dnf over, under;
	bool inexact;
};

/*
 * An alias member's item for a rule whose condition seccomp cannot see
 * at all: the same for every such rule (over true, under false), so it is
 * made once per policy, and a policy of many path rules costs no DNF
 * work per rule.
 */
struct mcache {
	bool done;
	struct item x;	/* x.nr < 0: no such call here */
	unsigned other; /* Landlock groups it makes the rule restrict */
};

/* Whether every comparison of e is on an argument seccomp cannot read. */
static bool blind(const struct expr *e)
{
	if (e->kind == EXPR_COND)
		return !strcmp(e->arg, "filename") ||
		       !strcmp(e->arg, "string") || !strcmp(e->arg, "sockaddr");
	if (e->kind == EXPR_TRUE)
		return false;
	for (size_t i = 0; i < e->nkids; i++)
		if (!blind(e->kids[i]))
			return false;
	return true;
}

static int item_cmp(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->via_alias != b->via_alias)
		return a->via_alias ? 1 : -1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/*
 * Sort items by item_cmp: by call number, own rules before alias rules,
 * then rule order, which is the order they were made in, so a stable
 * counting sort does it in one pass for the usual small call numbers.
 */
static void sort_items(struct item **pit, size_t n)
{
	struct item *it = *pit;
	int max = 0;
	for (size_t i = 0; i < n; i++)
		if (it[i].nr > max)
			max = it[i].nr;
	if (max >= 4096) {
		qsort(it, n, sizeof(*it), item_cmp);
		return;
	}
	size_t nb = 2 * (size_t)max + 3;
	size_t *at = xcalloc(nb, sizeof(*at));
	for (size_t i = 0; i < n; i++)
		at[2 * (size_t)it[i].nr + it[i].via_alias + 1]++;
	for (size_t b = 1; b < nb; b++)
		at[b] += at[b - 1];
	struct item *out = xmalloc((n + 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[at[2 * (size_t)it[i].nr + it[i].via_alias]++] = it[i];
	free(at);
	free(it);
	*pit = out;
}

static bool is_open(const char *s)
{
	return !strcmp(s, "open") || !strcmp(s, "openat") ||
	       !strcmp(s, "openat2");
}

/* The Landlock groups a call with condition d may touch. */
static unsigned call_groups(const char *sys, const struct enf_dnf *d)
{
	if (!strcmp(sys, "execve") || !strcmp(sys, "execveat"))
		return ENF_LL_EXEC;
	if (!strcmp(sys, "bind"))
		return ENF_LL_BIND;
	if (!strcmp(sys, "connect"))
		return ENF_LL_CONN;
	if (!strcmp(sys, "creat"))
		return ENF_LL_WRITE;
	if (!is_open(sys))
		return 0;
	const struct arg_spec *s = args_find(sys, "oflags", 0);
	if (!s || s->reg < 0)
		return ENF_LL_READ | ENF_LL_WRITE;
	unsigned g = 0;
	struct enf_dnf rd, t;
	enf_dnf_cmp(&rd, (unsigned)s->reg, WRITE_MASK, 0, false);
	enf_dnf_and(&t, d, &rd);
	if (t.n || t.overflow)
		g |= ENF_LL_READ;
	enf_dnf_free(&t);
	enf_dnf_cmp(&rd, (unsigned)s->reg, WRITE_MASK, 0, true);
	enf_dnf_and(&t, d, &rd);
	if (t.n || t.overflow)
		g |= ENF_LL_WRITE;
	enf_dnf_free(&t);
	enf_dnf_free(&rd);
	return g;
}

static void add_sc(struct enforce_plan *pl, const struct item *it,
		   const struct action *a, struct enf_dnf *cond)
{
	if (pl->nsc == pl->capsc) {
		pl->capsc = pl->capsc ? 2 * pl->capsc : 64;
		pl->sc = xrealloc(pl->sc, pl->capsc * sizeof(*pl->sc));
	}
	struct enf_sc *s = &pl->sc[pl->nsc++];
	s->nr = it->nr;
	s->sys = it->sys;
	/* ask: st-run asks its operator; without one it is denied (fail
	 * closed) */
	s->act = a->kind == ACT_PERMIT ? ENF_ALLOW
		 : a->kind == ACT_KILL ? ENF_KILL
		 : a->kind == ACT_ASK  ? ENF_ASK
				       : ENF_DENY;
	s->err = a->kind == ACT_DENY ? a->err : 1 /* EPERM */;
	s->log = a->log;
	s->cond = *cond;
	s->rule = it->rule;
	s->groups = it->groups;
}

static void add_ll(struct enforce_plan *pl, unsigned groups, const char *path,
		   bool exact_path, int port, size_t rule)
{
	if (pl->nll == pl->capll) {
		pl->capll = pl->capll ? 2 * pl->capll : 32;
		pl->ll = xrealloc(pl->ll, pl->capll * sizeof(*pl->ll));
	}
	pl->ll[pl->nll++] = (struct enf_ll){.groups = groups,
					    .path = path,
					    .exact_path = exact_path,
					    .port = port,
					    .rule = rule};
}

/* Per rule, while planning. */
struct wide {
	int nr;
	const char *sys;
	size_t next; /* the rule's next entry + 1; 0: none */
};

/* The wide calls every lazy path rule of an alias has (see plan). */
struct lazywide {
	const struct mcache *mc;
	struct wide *v; /* by call number */
	size_t n;
	struct sbuf text; /* their names, joined */
};

/* The wide entries of every rule of a plan, one list per rule. */
struct wpool {
	struct wide *v;
	size_t n, cap;
};

struct rstate {
	enum enf_class cls;
	struct sbuf why;
	/* calls allowed whatever their paths or struct arguments: a list
	 * in the plan's wpool */
	size_t whead, nw;
	const struct lazywide *lazyw; /* and those of its alias, or NULL */
	unsigned other;	 /* groups opened by openat2, whose flags seccomp
			     cannot read */
	struct atom *at; /* nat of them (in the plan's arena) */
	int nat;	 /* atoms of its path or address part, -1: shape */
	enum part_kind part;
	unsigned groups; /* the groups its calls touch */
};

static void add_wide(struct wpool *wp, struct rstate *r, int nr,
		     const char *sys)
{
	if (r->cls < ENF_BROADER)
		r->cls = ENF_BROADER;
	if (wp->n == wp->cap) {
		wp->cap = wp->cap ? 2 * wp->cap : 256;
		wp->v = xrealloc(wp->v, wp->cap * sizeof(*wp->v));
	}
	wp->v[wp->n] = (struct wide){nr, sys, r->whead};
	r->whead = ++wp->n;
	r->nw++;
}

static int cmp_wide(const void *a, const void *b)
{
	const struct wide *x = a, *y = b;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

/* Append what r allows beyond its rule to its why, in call order. */
static void wide_why(const struct wpool *wp, struct rstate *r)
{
	const struct lazywide *lw = r->lazyw;
	if (!r->nw && !lw)
		return;
	if (r->why.len)
		sbuf_adds(&r->why, "; ");
	sbuf_adds(&r->why, "allowed whatever the path or the arguments "
			   "seccomp cannot read: ");
	if (!r->nw) {
		sbuf_add(&r->why, lw->text.s, lw->text.len);
		r->lazyw = NULL;
		return;
	}
	size_t all = r->nw + (lw ? lw->n : 0);
	struct wide buf[64], *v = all > 64 ? xmalloc(all * sizeof(*v)) : buf;
	size_t n = 0;
	for (size_t e = r->whead; e; e = wp->v[e - 1].next)
		v[n++] = wp->v[e - 1];
	for (size_t k = 0; lw && k < lw->n; k++)
		v[n++] = lw->v[k];
	/* in call order, as the seccomp rules are made */
	qsort(v, n, sizeof(*v), cmp_wide);
	for (size_t k = 0; k < n; k++) {
		if (k)
			sbuf_adds(&r->why, ", ");
		sbuf_adds(&r->why, v[k].sys);
	}
	if (v != buf)
		free(v);
	r->whead = r->nw = 0;
	r->lazyw = NULL;
}

static void worsen(struct rstate *r, enum enf_class c, const char *fmt,
		   const char *s)
{
	if (c > r->cls)
		r->cls = c;
	struct sbuf t = {0};
	sbuf_printf(&t, fmt, s);
	/* a reason found twice (by several checks) is given once */
	if (!r->why.len || !strstr(r->why.s, t.s)) {
		if (r->why.len)
			sbuf_adds(&r->why, "; ");
		sbuf_adds(&r->why, t.s);
	}
	sbuf_free(&t);
}

void enforce_groups_name(struct sbuf *out, unsigned g)
{
	static const char *const names[] = {
		"read_file,read_dir", "write_file,truncate,make_reg", "execute",
		"bind_tcp", "connect_tcp"};
	const char *sep = "";
	for (unsigned i = 0; i < 5; i++)
		if (g & (1u << i)) {
			sbuf_printf(out, "%s%s", sep, names[i]);
			sep = ",";
		}
}

/* Whether tree contains path (byte prefix ending at a slash). */
static bool tree_has(const char *tree, const char *path)
{
	size_t n = strlen(tree);
	if (n == 1 && tree[0] == '/')
		return true;
	return !strncmp(tree, path, n) && (path[n] == 0 || path[n] == '/');
}

/* Whether a Landlock rule allows path (an exact path: only itself). */
static bool ll_has(const struct enf_ll *l, const char *path)
{
	return l->exact_path ? !strcmp(l->path, path) : tree_has(l->path, path);
}

/*
 * deny[ENOENT] on a path or address says it is absent (st-genpolicy writes
 * it for a file the run did not find). Where no kernel rule can deny it,
 * the kernel still answers ENOENT while it stays absent: broader, not
 * unenforceable.
 */
static const char absent_why[] =
	"an absence: the kernel answers ENOENT while the path or socket "
	"is absent, and nothing denies it once it exists";

static bool absent(const struct action *a)
{
	return a->kind == ACT_DENY && a->err == ENOENT;
}

static void plan(struct enforce_plan *pl, const struct policy *p, int abi,
		 bool brief);

void enforce_plan(struct enforce_plan *pl, const struct policy *p, int abi)
{
	plan(pl, p, abi, false);
}

void enforce_plan_brief(struct enforce_plan *pl, const struct policy *p,
			int abi)
{
	plan(pl, p, abi, true);
}

/*
 * Whether item x can take calls from a later item of its call: seccomp
 * sees some of its condition (a condition seccomp cannot see, a path,
 * may hold for no call, and subtracts nothing), or it is an inexact
 * denial a later permit overrides.
 */
static bool takes_calls(const struct item *x, const struct policy *p,
			const struct rstate *rs)
{
	return x->under.n || x->under.overflow ||
	       (x->inexact && p->rules[x->rule].act.kind != ACT_PERMIT &&
		rs[x->rule].part != PART_PATH);
}

static void plan(struct enforce_plan *pl, const struct policy *p, int abi,
		 bool brief)
{
	memset(pl, 0, sizeof(*pl));
	struct wpool wp = {0};
	pl->pol = p;
	pl->v = arena_alloc(&pl->arena, (p->nrules + 1) * sizeof(*pl->v));
	struct rstate *rs = xcalloc(p->nrules + 1, sizeof(*rs));

	/* Every (rule, call) pair: a rule's own call, or each member of its
	 * alias, restricted to the member's open flags. */
	size_t nit = 0, capit = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct alias *al =
			p->rules[i].alias ? alias_find(p->rules[i].name) : NULL;
		capit += al ? al->nmembers : 1;
	}
	struct item *it = xmalloc((capit + 1) * sizeof(*it));
	/* alias members of rules seccomp cannot see into, by alias */
	enum { NCACHE = 8, RELNR_MAX = 4096 };
	struct lazywide lw[NCACHE] = {{0}};
	size_t nlw = 0;
	struct mcache *mcache[NCACHE] = {0};
	struct lazy {
		size_t rule;
		const struct mcache *mc;
		unsigned nm;
	} *lazy = xmalloc((p->nrules + 1) * sizeof(*lazy));
	size_t nlazy = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		const struct alias *al = r->alias ? alias_find(r->name) : NULL;
		unsigned nm = al ? al->nmembers : 1;
		struct mcache *mc = NULL;
		if (al && al - alias_table < NCACHE && r->cond &&
		    blind(r->cond)) {
			size_t ai = (size_t)(al - alias_table);
			if (!mcache[ai])
				mcache[ai] = xcalloc(nm, sizeof(*mcache[ai]));
			mc = mcache[ai];
		}
		rs[i].part = has_kind(r->cond, is_path_atom)   ? PART_PATH
			     : has_kind(r->cond, is_addr_atom) ? PART_ADDR
							       : PART_NONE;
		if (rs[i].part == PART_PATH && has_kind(r->cond, is_addr_atom))
			rs[i].nat = -1;
		else if (rs[i].part != PART_NONE) {
			struct atom at[16];
			rs[i].nat = find_part(r->cond,
					      rs[i].part == PART_PATH
						      ? is_path_atom
						      : is_addr_atom,
					      at, 16);
			if (rs[i].nat > 0) {
				rs[i].at = arena_alloc(&pl->arena,
						       (size_t)rs[i].nat *
							       sizeof(*at));
				for (int k = 0; k < rs[i].nat; k++)
					rs[i].at[k] =
						(struct atom){.e = at[k].e};
			}
		}
		for (int k = 0; k < rs[i].nat; k++) {
			if (rs[i].part == PART_PATH)
				path_atom(&pl->arena, &rs[i].at[k]);
			else
				addr_atom(&rs[i].at[k], abi);
		}
		/* a brief plan judges a path rule's alias members in bulk */
		bool lazy_rule = brief && mc && rs[i].part == PART_PATH;
		for (unsigned m = 0; m < nm; m++) {
			const char *sys = al ? al->members[m].sys : r->name;
			if (mc && mc[m].done) {
				/* the same as for every such rule before */
				if (mc[m].x.nr < 0)
					continue;
				if (lazy_rule) {
					rs[i].other |= mc[m].other;
					rs[i].groups |= mc[m].x.groups;
					continue;
				}
				if (nit == capit) {
					capit = capit ? 2 * capit : 64;
					it = xrealloc(it, capit * sizeof(*it));
				}
				it[nit] = mc[m].x;
				it[nit++].rule = i;
				rs[i].other |= mc[m].other;
				rs[i].groups |= mc[m].x.groups;
				continue;
			}
			int nr = sys_lookup(p->arch, sys);
			if (mc && nr < 0) {
				mc[m].done = true;
				mc[m].x.nr = -1;
			}
			if (nr < 0)
				continue;
			if (nit == capit) {
				capit = capit ? 2 * capit : 64;
				it = xrealloc(it, capit * sizeof(*it));
			}
			struct item *x = &it[nit++];
			memset(x, 0, sizeof(*x));
			x->rule = i;
			x->via_alias = al != NULL;
			x->nr = nr;
			x->sys = sys;
			if (r->cond) {
				expr_dnf(&x->over, r->cond, sys, false, true,
					 &x->inexact);
				expr_dnf(&x->under, r->cond, sys, false, false,
					 &x->inexact);
			} else {
				enf_dnf_true(&x->over);
				enf_dnf_true(&x->under);
			}
			enum alias_when w =
				al ? al->members[m].when : ALIAS_ALWAYS;
			const struct arg_spec *os = args_find(sys, "oflags", 0);
			if (w != ALIAS_ALWAYS && os && os->reg >= 0) {
				/* fsread/fswrite split open by its flags */
				struct enf_dnf c, t;
				enf_dnf_cmp(&c, (unsigned)os->reg, WRITE_MASK,
					    0, w == ALIAS_IF_WRITE);
				enf_dnf_and(&t, &x->over, &c);
				enf_dnf_free(&x->over);
				x->over = t;
				enf_dnf_and(&t, &x->under, &c);
				enf_dnf_free(&x->under);
				x->under = t;
				enf_dnf_free(&c);
				x->groups = w == ALIAS_IF_WRITE ? ENF_LL_WRITE
								: ENF_LL_READ;
			} else if (w != ALIAS_ALWAYS) {
				/* openat2: the flags are in a structure, so
				 * seccomp lets it open for reading and
				 * writing alike; Landlock must restrict the
				 * other kind of access too */
				x->inexact = true;
				rs[i].other |= w == ALIAS_IF_WRITE
						       ? ENF_LL_READ
						       : ENF_LL_WRITE;
				enf_dnf_free(&x->under);
				x->groups = w == ALIAS_IF_WRITE ? ENF_LL_WRITE
								: ENF_LL_READ;
			} else {
				x->groups = call_groups(sys, &x->over);
			}
			if (x->over.overflow || x->under.overflow)
				x->inexact = true;
			rs[i].groups |= x->groups;
			if (mc) {
				mc[m].done = true;
				mc[m].x = *x;
				mc[m].x.shared = true;
				dnf_copy(&mc[m].x.over, &x->over);
				dnf_copy(&mc[m].x.under, &x->under);
				mc[m].other =
					w != ALIAS_ALWAYS &&
							!(os && os->reg >= 0)
						? (w == ALIAS_IF_WRITE
							   ? ENF_LL_READ
							   : ENF_LL_WRITE)
						: 0;
				if (lazy_rule) {
					/* made once, kept in the cache only */
					enf_dnf_free(&x->over);
					enf_dnf_free(&x->under);
					nit--;
				}
			}
		}
		if (lazy_rule)
			lazy[nlazy++] = (struct lazy){i, mc, nm};
	}
	/*
	 * A lazy rule's items matter in the seccomp pass only on the calls
	 * where an earlier rule seccomp sees some of can take calls from it
	 * (see rel below): made there; the rest are judged after it.
	 */
	bool *relnr = NULL;
	if (nlazy) {
		relnr = xcalloc(RELNR_MAX + 1, sizeof(*relnr));
		for (size_t j = 0; j < nit; j++)
			if (takes_calls(&it[j], p, rs))
				relnr[it[j].nr < RELNR_MAX ? it[j].nr
							   : RELNR_MAX] = true;
		for (size_t q = 0; q < nlazy; q++) {
			const struct lazy *l = &lazy[q];
			for (unsigned m = 0; m < l->nm; m++) {
				int nr = l->mc[m].x.nr;
				if (nr < 0 ||
				    !(relnr[RELNR_MAX] ||
				      relnr[nr < RELNR_MAX ? nr : RELNR_MAX]))
					continue;
				it[nit] = l->mc[m].x;
				it[nit++].rule = l->rule;
			}
		}
	}
	sort_items(&it, nit);

	/*
	 * Which groups Landlock restricts. Landlock denies every access of a
	 * handled kind that no rule allows, for every call, so a group is
	 * handled only when each permit rule that touches it names its paths
	 * (ports) in a form Landlock expresses: one permit without a path
	 * condition means the policy allows that kind of access everywhere.
	 */
	unsigned seen = 0, open_ = 0;
	for (size_t i = 0; i < p->nrules; i++) {
		if (p->rules[i].act.kind != ACT_PERMIT)
			continue;
		unsigned g = rs[i].groups;
		bool ok = rs[i].nat > 0;
		for (int k = 0; ok && k < rs[i].nat; k++)
			if (rs[i].part == PART_ADDR &&
			    rs[i].at[k].cls == ENF_UNENFORCEABLE)
				ok = false;
		if (rs[i].part == PART_PATH)
			g &= ENF_LL_READ | ENF_LL_WRITE | ENF_LL_EXEC;
		else if (rs[i].part == PART_ADDR)
			g &= ENF_LL_BIND | ENF_LL_CONN;
		seen |= g | rs[i].other;
		if (!ok)
			open_ |= rs[i].groups;
	}
	unsigned avail =
		abi >= 1 ? ENF_LL_READ | ENF_LL_WRITE | ENF_LL_EXEC : 0;
	if (abi >= 4)
		avail |= ENF_LL_BIND | ENF_LL_CONN;
	pl->handled = seen & ~open_ & avail;

	/* The lazy rules' other calls: what the seccomp pass below would
	 * find for them, with nothing earlier to subtract; the same for
	 * every lazy rule of an alias, so found and written once. */
	for (size_t q = 0; q < nlazy; q++) {
		const struct lazy *l = &lazy[q];
		if (p->rules[l->rule].act.kind != ACT_PERMIT)
			continue;
		size_t k = 0;
		while (k < nlw && lw[k].mc != l->mc)
			k++;
		if (k == nlw) {
			lw[nlw++] = (struct lazywide){.mc = l->mc};
			lw[k].v = xmalloc((l->nm + 1) * sizeof(*lw[k].v));
			for (unsigned m = 0; m < l->nm; m++) {
				const struct item *x = &l->mc[m].x;
				if (x->nr < 0 || relnr[RELNR_MAX] ||
				    relnr[x->nr < RELNR_MAX ? x->nr
							    : RELNR_MAX])
					continue;
				if (x->inexact && !(x->groups & pl->handled))
					lw[k].v[lw[k].n++] =
						(struct wide){x->nr, x->sys, 0};
			}
			qsort(lw[k].v, lw[k].n, sizeof(*lw[k].v), cmp_wide);
			for (size_t w = 0; w < lw[k].n; w++) {
				if (w)
					sbuf_adds(&lw[k].text, ", ");
				sbuf_adds(&lw[k].text, lw[k].v[w].sys);
			}
		}
		if (lw[k].n) {
			struct rstate *r = &rs[l->rule];
			if (r->cls < ENF_BROADER)
				r->cls = ENF_BROADER;
			r->lazyw = &lw[k];
		}
	}
	free(relnr);
	free(lazy);

	/* The seccomp rules, call by call, first match first. */
	size_t *rel = NULL, nrel = 0;
	for (size_t s = 0; s < nit;) {
		size_t e = s;
		while (e < nit && it[e].nr == it[s].nr)
			e++;
		/* the earlier rules that can take calls from a later one
		 * (takes_calls): many path rules of one call thus cost no
		 * product of rules */
		if (e - s > nrel) {
			nrel = e - s;
			rel = xrealloc(rel, nrel * sizeof(*rel));
		}
		size_t nr_ = 0;
		for (size_t j = s; j < e; j++)
			if (takes_calls(&it[j], p, rs))
				rel[nr_++] = j;
		for (size_t i = s; i < e; i++) {
			const struct action *a = &p->rules[it[i].rule].act;
			if (a->kind != ACT_PERMIT &&
			    rs[it[i].rule].part != PART_NONE)
				continue; /* a deny by path or address: below */
			/* eff borrows over until something is subtracted */
			struct enf_dnf eff = it[i].over, t;
			bool own = false;
			for (size_t q = 0; q < nr_ && rel[q] < i; q++) {
				size_t j = rel[q];
				const struct action *b =
					&p->rules[it[j].rule].act;
				if (policy_action_eq(a, b) ||
				    (a->kind != ACT_PERMIT &&
				     b->kind != ACT_PERMIT &&
				     a->kind == b->kind && a->err == b->err))
					continue;
				if (!it[j].under.n && !it[j].under.overflow &&
				    !(it[j].inexact && b->kind != ACT_PERMIT &&
				      a->kind == ACT_PERMIT &&
				      rs[it[j].rule].part != PART_PATH))
					continue;
				if (dnf_is_true(&it[j].under)) {
					if (own)
						enf_dnf_free(&eff);
					memset(&eff, 0, sizeof(eff));
					own = true;
					break; /* never reached */
				}
				struct enf_dnf nj;
				enf_dnf_not(&nj, &it[j].under);
				enf_dnf_and(&t, &eff, &nj);
				enf_dnf_free(&nj);
				if (own)
					enf_dnf_free(&eff);
				eff = t;
				own = true;
				if (it[j].inexact &&
				    p->rules[it[j].rule].act.kind !=
					    ACT_PERMIT &&
				    a->kind == ACT_PERMIT &&
				    rs[it[j].rule].part != PART_PATH)
					worsen(&rs[it[j].rule],
					       ENF_UNENFORCEABLE,
					       "a later permit rule (%s) "
					       "allows "
					       "what it denies, and seccomp "
					       "cannot tell them apart",
					       it[i].sys);
			}
			if (eff.overflow) {
				if (own)
					enf_dnf_free(&eff);
				eff = it[i].over;
				own = false;
				worsen(&rs[it[i].rule],
				       a->kind == ACT_PERMIT
					       ? ENF_BROADER
					       : ENF_UNENFORCEABLE,
				       "the earlier rules of %s are too many "
				       "comparisons to subtract",
				       it[i].sys);
			}
			if (eff.overflow || it[i].over.overflow) {
				if (own)
					enf_dnf_free(&eff);
				enf_dnf_true(&eff);
				own = true;
			}
			bool path_ll = rs[it[i].rule].part != PART_NONE &&
				       (it[i].groups & pl->handled);
			/* a deny by path is judged with the paths below */
			if (it[i].inexact && !path_ll &&
			    a->kind == ACT_PERMIT) {
				add_wide(&wp, &rs[it[i].rule], it[i].nr,
					 it[i].sys);
			}
			if (!eff.n || brief) {
				/* nothing to add, or a brief plan, which
				 * holds no seccomp rules */
				if (own)
					enf_dnf_free(&eff);
				continue;
			}
			if (!own)
				dnf_copy(&eff, &it[i].over);
			add_sc(pl, &it[i], a, &eff);
		}
		s = e;
	}
	free(rel);

	/* The Landlock rules and the verdicts. */
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		struct rstate *st = &rs[i];
		unsigned g = st->groups;
		unsigned h = g & pl->handled;
		if (st->part == PART_PATH)
			g &= ENF_LL_READ | ENF_LL_WRITE | ENF_LL_EXEC;
		if (st->part == PART_ADDR)
			g &= ENF_LL_BIND | ENF_LL_CONN;
		if (st->part == PART_NONE) {
			/* nothing for Landlock */
		} else if (st->nat < 0) {
			worsen(st, ENF_UNENFORCEABLE, "%s",
			       "the condition mixes paths or addresses with "
			       "other arguments in a way Landlock cannot "
			       "express");
			if (r->act.kind == ACT_PERMIT && h &&
			    st->part == PART_PATH)
				add_ll(pl, h, "/", false, -1, i);
		} else if (r->act.kind == ACT_PERMIT) {
			if (!h && g) {
				if (st->part == PART_PATH && abi < 1)
					worsen(st, ENF_UNENFORCEABLE, "%s",
					       "Landlock is not available: "
					       "the call is allowed for all "
					       "paths");
				else
					worsen(st, ENF_BROADER, "%s",
					       st->part == PART_PATH
						       ? "another rule allows "
							 "this access on all "
							 "paths, so Landlock "
							 "does not restrict it"
						       : "another rule allows "
							 "all addresses, or "
							 "one cannot be "
							 "expressed");
			} else if (!g) {
				worsen(st, ENF_BROADER, "%s",
				       st->part == PART_PATH
					       ? "Landlock cannot restrict "
						 "these calls: they are "
						 "allowed for all paths"
					       : "Landlock cannot restrict "
						 "this call by address");
			}
			for (int k = 0; k < st->nat; k++) {
				struct atom *a = &st->at[k];
				if (a->cls != ENF_EXACT &&
				    (h || a->cls == ENF_UNENFORCEABLE))
					worsen(st, a->cls, "%s", a->why);
				if (!h)
					continue;
				if (st->part == PART_PATH && !a->path) {
					continue;
				} else if (st->part == PART_PATH) {
					unsigned gg = h;
					/* running a program reads it too */
					if (gg & ENF_LL_EXEC)
						gg |= pl->handled & ENF_LL_READ;
					add_ll(pl, gg, a->path,
					       a->e->op == OP_EQ, -1, i);
				} else if (a->port >= 0) {
					add_ll(pl, h, NULL, false, a->port, i);
				}
			}
		} else {
			/* deny, kill, ask by path or address */
			bool inside = false;
			for (int k = 0; k < st->nat; k++)
				for (size_t l = 0; l < pl->nll; l++)
					if (st->part == PART_PATH &&
					    pl->ll[l].path &&
					    (pl->ll[l].groups & h) &&
					    st->at[k].e->op == OP_EQ &&
					    ll_has(&pl->ll[l], st->at[k].lit))
						inside = true;
			if ((!h || inside || st->part == PART_ADDR) &&
			    absent(&p->rules[i].act))
				worsen(st, ENF_BROADER, "%s", absent_why);
			else if (!h || inside || st->part == PART_ADDR)
				worsen(st, ENF_UNENFORCEABLE, "%s",
				       inside ? "a deny of a path inside an "
						"allowed tree"
				       : h    ? "Landlock cannot deny an "
						"address"
					      : "the access is not restricted "
						"by Landlock, so the path is "
						"not denied");
		}
	}
	/* Paths named in denies are judged against all permits: a later
	 * permit's tree may contain an earlier deny's path. */
	for (size_t i = 0; i < p->nrules; i++) {
		struct rstate *st = &rs[i];
		if (p->rules[i].act.kind == ACT_PERMIT ||
		    st->part != PART_PATH || st->nat <= 0 ||
		    st->cls == ENF_UNENFORCEABLE)
			continue;
		for (int k = 0; k < st->nat; k++)
			for (size_t l = 0; l < pl->nll; l++)
				if (pl->ll[l].path &&
				    (st->at[k].e->op != OP_EQ ||
				     ll_has(&pl->ll[l], st->at[k].lit))) {
					if (absent(&p->rules[i].act))
						worsen(st, ENF_BROADER, "%s",
						       absent_why);
					else
						worsen(st, ENF_UNENFORCEABLE,
						       "%s",
						       "a deny of a path "
						       "inside an allowed "
						       "tree");
					k = st->nat;
					break;
				}
	}

	char *last = NULL; /* the last why (brief) */
	/* Descriptions: each rule's seccomp and Landlock rules, found
	 * through an index by rule (a policy has many). */
	size_t *scat = xcalloc(p->nrules + 1, sizeof(*scat));
	size_t *llat = xcalloc(p->nrules + 1, sizeof(*llat));
	size_t *scby = xmalloc((pl->nsc + 1) * sizeof(*scby));
	size_t *llby = xmalloc((pl->nll + 1) * sizeof(*llby));
	for (size_t k = 0; k < pl->nsc; k++)
		scat[pl->sc[k].rule + 1]++;
	for (size_t k = 0; k < pl->nll; k++)
		llat[pl->ll[k].rule + 1]++;
	for (size_t i = 0; i < p->nrules; i++) {
		scat[i + 1] += scat[i];
		llat[i + 1] += llat[i];
	}
	{
		size_t *fill = xmalloc((p->nrules + 1) * sizeof(*fill));
		memcpy(fill, scat, (p->nrules + 1) * sizeof(*fill));
		for (size_t k = 0; k < pl->nsc; k++)
			scby[fill[pl->sc[k].rule]++] = k;
		memcpy(fill, llat, (p->nrules + 1) * sizeof(*fill));
		for (size_t k = 0; k < pl->nll; k++)
			llby[fill[pl->ll[k].rule]++] = k;
		free(fill);
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		struct sbuf d = {0};
		const char *sep = "";
		size_t nsc = scat[i + 1] - scat[i];
		if (brief) {
			/* the class and why: all a brief plan says; many
			 * rules say the same, which is kept once */
			wide_why(&wp, &rs[i]);
			pl->v[i].cls = rs[i].cls;
			pl->v[i].kernel = "";
			pl->v[i].instead = NULL;
			if (rs[i].why.len && last && !strcmp(last, rs[i].why.s))
				pl->v[i].instead = last;
			else if (rs[i].why.len)
				pl->v[i].instead = last =
					arena_strdup(&pl->arena, rs[i].why.s);
			sbuf_free(&rs[i].why);
			continue;
		}
		const size_t *mine = scby + scat[i];
		if (nsc) {
			/* calls with the same comparisons are listed together */
			sbuf_adds(&d, "seccomp: ");
			bool *done = xcalloc(nsc, sizeof(bool));
			struct sbuf *c = xcalloc(nsc, sizeof(*c));
			for (size_t k = 0; k < nsc; k++) {
				enforce_dnf_print(&c[k], &pl->sc[mine[k]].cond);
				if (!c[k].s)
					sbuf_adds(&c[k], "");
			}
			for (size_t k = 0; k < nsc; k++) {
				if (done[k])
					continue;
				const struct enf_sc *x = &pl->sc[mine[k]];
				sbuf_printf(&d, "%s%s", sep, x->sys);
				for (size_t l = k + 1; l < nsc; l++) {
					if (!done[l] &&
					    !strcmp(c[k].s, c[l].s)) {
						done[l] = true;
						sbuf_printf(
							&d, " %s",
							pl->sc[mine[l]].sys);
					}
				}
				if (x->act == ENF_ALLOW)
					sbuf_adds(&d, " allowed");
				else if (x->act == ENF_KILL)
					sbuf_adds(&d, " killed");
				else if (x->act == ENF_ASK)
					sbuf_adds(&d, " asked");
				else
					sbuf_printf(
						&d, " denied (%s)",
						sys_errno_name(x->err)
							? sys_errno_name(x->err)
							: "?");
				if (c[k].len)
					sbuf_printf(&d, " when %s", c[k].s);
				sep = "; ";
			}
			for (size_t k = 0; k < nsc; k++)
				sbuf_free(&c[k]);
			free(c);
			free(done);
		} else if (r->act.kind == ACT_PERMIT) {
			sbuf_adds(&d, "seccomp: no rule (never reached, or no "
				      "such call here)");
			sep = "; ";
		} else {
			sbuf_adds(&d, "seccomp: denied by the default action");
			sep = "; ";
		}
		for (size_t q = llat[i]; q < llat[i + 1]; q++) {
			size_t l = llby[q];
			sbuf_printf(&d, "%slandlock: ", sep);
			enforce_groups_name(&d, pl->ll[l].groups);
			if (pl->ll[l].path)
				sbuf_printf(&d, " beneath %s", pl->ll[l].path);
			else
				sbuf_printf(&d, " port %d", pl->ll[l].port);
			sep = "; ";
		}
		if (r->act.kind != ACT_PERMIT && rs[i].part == PART_PATH &&
		    rs[i].cls != ENF_UNENFORCEABLE)
			sbuf_printf(&d, "%slandlock: no right granted, EACCES",
				    sep);
		if (r->act.kind == ACT_ASK)
			sbuf_adds(&d, " (ask: st-run asks on its terminal; "
				      "without an answer, denied)");
		if (r->act.kind == ACT_PERMIT && r->act.log)
			sbuf_adds(&d, " (log: st-run reports each call its "
				      "seccomp rule lets through)");
		wide_why(&wp, &rs[i]);
		pl->v[i].cls = rs[i].cls;
		pl->v[i].kernel = arena_strdup(&pl->arena, d.s ? d.s : "");
		pl->v[i].instead =
			rs[i].why.len ? arena_strdup(&pl->arena, rs[i].why.s)
				      : NULL;
		sbuf_free(&d);
		sbuf_free(&rs[i].why);
	}
	free(wp.v);
	for (size_t k = 0; k < nlw; k++) {
		free(lw[k].v);
		sbuf_free(&lw[k].text);
	}
	free(scat);
	free(llat);
	free(scby);
	free(llby);
	for (size_t i = 0; i < nit; i++) {
		if (it[i].shared)
			continue;
		enf_dnf_free(&it[i].over);
		enf_dnf_free(&it[i].under);
	}
	for (size_t a = 0; a < NCACHE; a++) {
		for (size_t m = 0; mcache[a] && m < alias_table[a].nmembers;
		     m++) {
			enf_dnf_free(&mcache[a][m].x.over);
			enf_dnf_free(&mcache[a][m].x.under);
		}
		free(mcache[a]);
	}
	free(it);
	free(rs);
}

void enforce_plan_free(struct enforce_plan *pl)
{
	for (size_t i = 0; i < pl->nsc; i++)
		enf_dnf_free(&pl->sc[i].cond);
	free(pl->sc);
	free(pl->ll);
	arena_free(&pl->arena);
	memset(pl, 0, sizeof(*pl));
}

const struct enf_sc *enforce_sc_match(const struct enforce_plan *pl, int nr,
				      const uint64_t args[6])
{
	for (size_t i = 0; i < pl->nsc; i++) {
		const struct enf_sc *s = &pl->sc[i];
		if (s->nr == nr && enforce_dnf_holds(&s->cond, args))
			return s;
	}
	return NULL;
}

int enforce_deny_errno(const struct enforce_plan *pl, int nr,
		       const uint64_t args[6], bool *log)
{
	const struct enf_sc *s = enforce_sc_match(pl, nr, args);
	bool deny = s && s->act != ENF_ALLOW;
	*log = deny && s->log;
	return deny ? s->err : 1; /* EPERM: the default */
}
