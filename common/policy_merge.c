/*
 * policy_merge.c: union of policies in canonical order (st-merge; merging
 * one set is the formatter). See policy_merge() in policy.h for the
 * contract; the ordering argument is in the comment of order_pair().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "policy.h"

/* Where a rule occurs: which input block, at which position in it. */
struct occ {
	size_t block, pos;
	const struct rule *r;
};

/* A distinct rule: name, canonical condition and action (log aside). */
struct node {
	const char *name;
	bool alias;
	struct expr *cond;
	char *key; /* the printed condition, "" when none */
	size_t keylen;
	struct action act;
	struct occ *occ; /* first the one inline, then on the heap */
	size_t nocc, capocc;
	struct occ occ1;
	/* the first equality of the condition, to skip disjoint pairs */
	const struct expr *eq;
	size_t *out; /* nodes that must come after this one */
	size_t nout, capout, indeg;
	bool done;
	bool gone; /* an absence another input fills (see absent()) */
};

/* A hash table slot: the node's hash, to skip most comparisons. */
struct slot {
	uint64_t hash;
	size_t index; /* node index + 1; 0: empty */
};

struct group {
	struct node *v;
	size_t n, cap;
	struct slot *table; /* open addressing, index 0: empty */
	size_t tcap;
};

static struct expr *expr_copy(struct arena *a, const struct expr *e)
{
	struct expr *c = arena_alloc(a, sizeof(*c));
	*c = *e;
	if (e->kind == EXPR_COND)
		c->str = arena_memdup(a, e->str, e->len);
	if (e->nkids) {
		c->kids = arena_alloc(a, e->nkids * sizeof(*c->kids));
		for (size_t i = 0; i < e->nkids; i++)
			c->kids[i] = expr_copy(a, e->kids[i]);
	}
	return c;
}

static int act_cmp(const struct action *a, const struct action *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == ACT_DENY && a->err != b->err)
		return a->err < b->err ? -1 : 1;
	return 0;
}

static uint64_t node_hash(const char *name, const char *key, size_t keylen,
			  const struct action *a)
{
	uint64_t h = util_hash(name, strlen(name));
	h ^= util_hash(key, keylen) * 31;
	h ^= (uint64_t)a->kind * 1000003u +
	     (uint64_t)(a->kind == ACT_DENY ? a->err : 0);
	return h;
}

static void table_grow(struct group *g)
{
	size_t cap = g->tcap ? g->tcap * 2 : 256;
	free(g->table);
	g->table = xcalloc(cap, sizeof(*g->table));
	g->tcap = cap;
	for (size_t i = 0; i < g->n; i++) {
		struct node *x = &g->v[i];
		uint64_t hv = node_hash(x->name, x->key, x->keylen, &x->act);
		size_t h = hv & (cap - 1);
		while (g->table[h].index)
			h = (h + 1) & (cap - 1);
		g->table[h] = (struct slot){hv, i + 1};
	}
}

/* The node for rule r (whose condition prints as key), made if new. */
static size_t node_get(struct group *g, struct arena *a, const struct rule *r,
		       struct expr *cond, const char *key, size_t keylen)
{
	if ((g->n + 1) * 2 > g->tcap)
		table_grow(g);
	uint64_t hv = node_hash(r->name, key, keylen, &r->act);
	size_t h = hv & (g->tcap - 1);
	for (; g->table[h].index; h = (h + 1) & (g->tcap - 1)) {
		if (g->table[h].hash != hv)
			continue;
		struct node *x = &g->v[g->table[h].index - 1];
		if (x->keylen == keylen && act_cmp(&x->act, &r->act) == 0 &&
		    strcmp(x->name, r->name) == 0 &&
		    memcmp(x->key, key, keylen) == 0)
			return g->table[h].index - 1;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xrealloc(g->v, g->cap * sizeof(*g->v));
		for (size_t i = 0; i < g->n; i++) /* the inline ones moved */
			if (g->v[i].capocc == 1)
				g->v[i].occ = &g->v[i].occ1;
	}
	struct node *x = &g->v[g->n];
	memset(x, 0, sizeof(*x));
	x->name = r->name;
	x->alias = r->alias;
	x->cond = cond ? expr_copy(a, cond) : NULL;
	x->key = arena_memdup(a, key, keylen);
	x->keylen = keylen;
	x->act = r->act;
	x->act.log = false;
	if (x->cond && x->cond->kind == EXPR_COND && x->cond->op == OP_EQ)
		x->eq = x->cond;
	else if (x->cond && x->cond->kind == EXPR_AND)
		for (size_t i = 0; i < x->cond->nkids && !x->eq; i++)
			if (x->cond->kids[i]->kind == EXPR_COND &&
			    x->cond->kids[i]->op == OP_EQ)
				x->eq = x->cond->kids[i];
	g->table[h] = (struct slot){hv, ++g->n};
	return g->n - 1;
}

static void add_occ(struct node *x, size_t block, size_t pos,
		    const struct rule *r)
{
	if (x->nocc && x->occ[x->nocc - 1].block == block) {
		/* seen earlier in this block: the first place decides */
		if (r->act.log)
			x->act.log = true;
		return;
	}
	if (!x->capocc) {
		/* most rules occur once: no allocation for them */
		x->occ = &x->occ1;
		x->capocc = 1;
	} else if (x->nocc == x->capocc) {
		struct occ *o = xmalloc(x->capocc * 2 * sizeof(*o));
		memcpy(o, x->occ, x->nocc * sizeof(*o));
		if (x->occ != &x->occ1)
			free(x->occ);
		x->occ = o;
		x->capocc *= 2;
	}
	x->occ[x->nocc++] = (struct occ){block, pos, r};
	if (r->act.log)
		x->act.log = true; /* logging is sticky across inputs */
}

static const struct occ *occ_in(const struct node *x, size_t block)
{
	for (size_t i = 0; i < x->nocc; i++)
		if (x->occ[i].block == block)
			return &x->occ[i];
	return NULL;
}

static void add_edge(struct node *v, size_t from, size_t to)
{
	struct node *x = &v[from];
	if (x->nout == x->capout) {
		x->capout = x->capout ? x->capout * 2 : 4;
		x->out = xrealloc(x->out, x->capout * sizeof(*x->out));
	}
	x->out[x->nout++] = to;
	v[to].indeg++;
}

/* What ordering one call's rules needs. */
struct ctx {
	struct node *v;
	struct diags *d;
	size_t *conflicts;
};

/*
 * Whether block b lets x answer the calls that both x and y match: b has
 * x, and has not y before it.
 */
static bool live(const struct ctx *c, size_t b, size_t x, size_t y)
{
	const struct occ *ox = occ_in(&c->v[x], b);
	const struct occ *oy = occ_in(&c->v[y], b);
	return ox && !(oy && oy->pos < ox->pos);
}

/*
 * Order two rules of one call that may match the same call and differ in
 * action. The first match decides, so their order is their meaning on the
 * overlap. Let s be the stricter, w the other. w stays in front only when
 * every input that has s has w before it: every input that speaks of the
 * overlap through s lets w answer there. Otherwise some input answers
 * the overlap with s, explicitly, and the union's rule puts s first:
 * resolved toward deny. The decision depends on the set of inputs only,
 * so merging is commutative and idempotent; and a merged policy keeps
 * every decision in its order, so merging is associative too, except
 * where the decisions of several pairs cannot all hold in one order (an
 * order conflict, reported).
 */
static void order_pair(struct ctx *c, size_t a, size_t b)
{
	struct node *v = c->v;
	size_t s = a, w = b;
	if (act_cmp(&v[a].act, &v[b].act) < 0) {
		s = b;
		w = a;
	}
	bool s_first = false;
	for (size_t i = 0; i < v[s].nocc && !s_first; i++)
		s_first = live(c, v[s].occ[i].block, s, w);
	if (!s_first) {
		add_edge(v, w, s);
		return;
	}
	add_edge(v, s, w);
	/* an input in which w answered on the overlap is overridden */
	for (size_t i = 0; i < v[w].nocc; i++) {
		if (!live(c, v[w].occ[i].block, w, s))
			continue;
		struct sbuf sa = {0}, wa = {0};
		policy_print_action(&sa, &v[s].act);
		policy_print_action(&wa, &v[w].act);
		diag_add(c->d, SEV_WARNING, "conflict", &v[s].occ[0].r->loc,
			 &v[w].occ[i].r->loc,
			 "conflict: this %s rule (%s) overrides a rule that "
			 "answers %s, resolved toward %s",
			 v[s].name, sa.s, wa.s, sa.s);
		sbuf_free(&sa);
		sbuf_free(&wa);
		(*c->conflicts)++;
		break;
	}
}

static void check_pair(struct ctx *c, size_t a, size_t b)
{
	if (act_cmp(&c->v[a].act, &c->v[b].act) == 0)
		return; /* same action: their order means nothing */
	if (policy_disjoint(c->v[a].cond, c->v[b].cond))
		return;
	order_pair(c, a, b);
}

static int cmp_eq(const struct node *x, const struct node *y)
{
	int c = strcmp(x->eq->arg, y->eq->arg);
	if (c)
		return c;
	return x->eq->idx < y->eq->idx ? -1 : x->eq->idx > y->eq->idx;
}

static struct node *sort_nodes;

static int cmp_by_eq(const void *a, const void *b)
{
	const struct node *x = &sort_nodes[*(const size_t *)a];
	const struct node *y = &sort_nodes[*(const size_t *)b];
	int c = cmp_eq(x, y);
	if (c)
		return c;
	size_t n = x->eq->len < y->eq->len ? x->eq->len : y->eq->len;
	c = memcmp(x->eq->str, y->eq->str, n);
	if (c)
		return c;
	return x->eq->len < y->eq->len ? -1 : x->eq->len > y->eq->len;
}

static int cmp_by_act(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = act_cmp(&sort_nodes[x].act, &sort_nodes[y].act);
	return c ? c : x < y ? -1 : x > y;
}

/* The glob a condition requires (match, alone or in a conjunction). */
static const struct expr *glob_of(const struct expr *e)
{
	if (e && e->kind == EXPR_COND && e->op == OP_MATCH)
		return e;
	if (e && e->kind == EXPR_AND)
		for (size_t i = 0; i < e->nkids; i++)
			if (e->kids[i]->kind == EXPR_COND &&
			    e->kids[i]->op == OP_MATCH)
				return e->kids[i];
	return NULL;
}

/* The first of eq[lo..hi) (sorted by value) whose value is >= s[0..n). */
static size_t lower_bound(const struct node *v, const size_t *eq, size_t lo,
			  size_t hi, const char *s, size_t n)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct expr *k = v[eq[mid]].eq;
		size_t m = k->len < n ? k->len : n;
		int c = memcmp(k->str, s, m);
		if (c < 0 || (c == 0 && k->len < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A denial that tells the program something is not there, deny[ENOENT]
 * (no such file) or deny[ENOSYS] (no such call), records an absence, not
 * a refusal. The union with an input in which the thing is there lets it
 * be there: x goes when some input without x has a permission w of the
 * same call that covers it (for ENOENT, x's condition implies w's; for
 * ENOSYS, any permission of the call). So a path seen absent in one run
 * and present in another is a permission whether the logs are folded
 * together or apart and merged, and a fallback denial st-genpolicy adds
 * for a call the run never made gives way to a run that made it.
 */
static bool absence(const struct action *a)
{
	return a->kind == ACT_DENY && (a->err == ENOENT || a->err == ENOSYS);
}

static bool fills(const struct node *w, const struct node *x)
{
	if (x->act.err == ENOSYS) {
		/* the call exists where the input has any rule for it */
		if (absence(&w->act) && w->act.err == ENOSYS)
			return false;
	} else if (w->act.kind != ACT_PERMIT ||
		   !policy_implies(x->cond, w->cond)) {
		return false;
	}
	for (size_t i = 0; i < w->nocc; i++)
		if (!occ_in(x, w->occ[i].block))
			return true;
	return false;
}

/* Mark the ENOSYS absences of calls an alias rule of another input
 * speaks of (as fsread speaks of openat2). */
static void drop_aliased(struct node *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct node *x = &v[i];
		if (x->alias || !absence(&x->act) || x->act.err != ENOSYS)
			continue;
		for (size_t k = 0; k < n && !x->gone; k++)
			x->gone =
				v[k].alias &&
				alias_covers(alias_find(v[k].name), x->name) &&
				fills(&v[k], x);
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort v[0..n) and drop repeats; the new count. */
static size_t sort_uniq_size(size_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_size);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || v[m - 1] != v[i])
			v[m++] = v[i];
	return m;
}

/* A permission indexed by a string its condition needs: the value of an
 * equality, or the literal prefix of a glob. */
struct keyed {
	const char *s;
	size_t len, id;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Try the entries of k[0..n) whose string is s[0..len) on x. */
static void try_keyed(struct node *v, const struct keyed *k, size_t n,
		      const char *s, size_t len, struct node *x)
{
	struct keyed key = {s, len, 0};
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_keyed(&k[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !x->gone && cmp_keyed(&k[lo], &key) == 0; lo++)
		x->gone = fills(&v[k[lo].id], x);
}

/*
 * Mark the absences of ids[0..n) (one call's nodes in canonical order)
 * that another input fills, and move them out: returns how many stay.
 * A permission can cover an absence only if each equality of its
 * condition is one of the absence's, and the literal prefix of its glob
 * starts one of the absence's values: permissions are indexed by those,
 * so that many absences and many permissions cost no product of both.
 */
static size_t drop_filled(struct node *v, size_t *ids, size_t n)
{
	size_t nabs = 0;
	for (size_t i = 0; i < n; i++)
		nabs += absence(&v[ids[i]].act);
	if (!nabs)
		return n;
	struct keyed *eqs = xmalloc(n * sizeof(*eqs));
	struct keyed *globs = xmalloc(n * sizeof(*globs));
	size_t *rest = xmalloc(n * sizeof(*rest)), neq = 0, nglob = 0,
	       nrest = 0;
	size_t *lens = xmalloc(n * sizeof(*lens)), nlens = 0;
	for (size_t i = 0; i < n; i++) {
		const struct node *w = &v[ids[i]];
		if (w->act.kind != ACT_PERMIT)
			continue;
		const struct expr *g = glob_of(w->cond);
		if (w->eq) {
			eqs[neq++] =
				(struct keyed){w->eq->str, w->eq->len, ids[i]};
		} else if (g) {
			size_t pl = policy_glob_prefix(g->str, g->len);
			globs[nglob++] = (struct keyed){g->str, pl, ids[i]};
			lens[nlens++] = pl;
		} else {
			rest[nrest++] = ids[i];
		}
	}
	qsort(eqs, neq, sizeof(*eqs), cmp_keyed);
	qsort(globs, nglob, sizeof(*globs), cmp_keyed);
	nlens = sort_uniq_size(lens, nlens);
	for (size_t i = 0; i < n; i++) {
		struct node *x = &v[ids[i]];
		if (!absence(&x->act) || x->gone)
			continue;
		if (x->act.err == ENOSYS) {
			for (size_t k = 0; k < n && !x->gone; k++)
				x->gone = fills(&v[ids[k]], x);
			continue;
		}
		/* the values of x's equalities */
		const struct expr *one[1] = {x->cond}, *const *kids = one;
		size_t nk = x->cond ? 1 : 0;
		if (x->cond && x->cond->kind == EXPR_AND) {
			kids = (const struct expr *const *)x->cond->kids;
			nk = x->cond->nkids;
		}
		for (size_t q = 0; q < nk && !x->gone; q++) {
			const struct expr *e = kids[q];
			if (e->kind != EXPR_COND || e->op != OP_EQ)
				continue;
			try_keyed(v, eqs, neq, e->str, e->len, x);
			for (size_t l = 0;
			     l < nlens && lens[l] <= e->len && !x->gone; l++)
				try_keyed(v, globs, nglob, e->str, lens[l], x);
		}
		for (size_t k = 0; k < nrest && !x->gone; k++)
			x->gone = fills(&v[rest[k]], x);
	}
	free(eqs);
	free(globs);
	free(rest);
	free(lens);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!v[ids[i]].gone)
			ids[m++] = ids[i];
	return m;
}

/* Find the pairs of ids[0..n) that need an order, without trying all. */
static void order_name(struct node *v, size_t *ids, size_t n, struct diags *d,
		       size_t *conflicts)
{
	bool mixed = false;
	for (size_t i = 1; i < n && !mixed; i++)
		mixed = act_cmp(&v[ids[0]].act, &v[ids[i]].act) != 0;
	if (!mixed)
		return;
	struct ctx c = {v, d, conflicts};
	size_t *eq = xmalloc(n * sizeof(*eq)), ne = 0;
	size_t *other = xmalloc(n * sizeof(*other)), no = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[ids[i]].eq)
			eq[ne++] = ids[i];
		else
			other[no++] = ids[i];
	}
	/* equalities of one argument overlap only when their values are the
	 * same; of different arguments, they may */
	sort_nodes = v;
	qsort(eq, ne, sizeof(*eq), cmp_by_eq);
	for (size_t i = 0; i < ne;) {
		size_t j = i + 1;
		while (j < ne && cmp_by_eq(&eq[i], &eq[j]) == 0)
			j++;
		for (size_t a = i; a < j; a++)
			for (size_t b = a + 1; b < j; b++)
				check_pair(&c, eq[a], eq[b]);
		i = j;
	}
	/* runs of equalities on one argument */
	size_t *run = xmalloc((ne + 1) * sizeof(*run)), nrun = 0;
	for (size_t i = 0; i < ne; i++)
		if (!i || cmp_eq(&v[eq[i - 1]], &v[eq[i]]) != 0)
			run[nrun++] = i;
	run[nrun] = ne;
	for (size_t r = 0; r < nrun; r++)
		for (size_t a = run[r]; a < run[r + 1]; a++)
			for (size_t b = run[r + 1]; b < ne; b++)
				check_pair(&c, eq[a], eq[b]);
	/* a rule without an equality can overlap anything; a glob only the
	 * equalities of its argument that start with its literal prefix */
	sort_nodes = v;
	qsort(other, no, sizeof(*other), cmp_by_act);
	for (size_t i = 0, next = 0; i < no; i++) {
		const struct node *x = &v[other[i]];
		/* pairs of one action need no order: start past i's class */
		if (next <= i)
			for (next = i + 1;
			     next < no &&
			     act_cmp(&x->act, &v[other[next]].act) == 0;
			     next++)
				;
		for (size_t j = next; j < no; j++)
			check_pair(&c, other[i], other[j]);
		const struct expr *g = glob_of(x->cond);
		for (size_t r = 0; r < nrun; r++) {
			size_t lo = run[r], hi = run[r + 1];
			const struct expr *k = v[eq[lo]].eq;
			if (g && g->arg == k->arg && g->idx == k->idx) {
				size_t pl = policy_glob_prefix(g->str, g->len);
				lo = lower_bound(v, eq, lo, hi, g->str, pl);
				while (lo < hi && v[eq[lo]].eq->len >= pl &&
				       memcmp(v[eq[lo]].eq->str, g->str, pl) ==
					       0)
					check_pair(&c, other[i], eq[lo++]);
				continue;
			}
			for (size_t b = lo; b < hi; b++)
				check_pair(&c, other[i], eq[b]);
		}
	}
	free(run);
	free(eq);
	free(other);
}

/* Canonical order of nodes: by name, printed condition, then action. */
static int node_cmp(const struct node *x, const struct node *y)
{
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	c = memcmp(x->key, y->key, n);
	if (c)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return act_cmp(&x->act, &y->act);
}

static int cmp_node_id(const void *a, const void *b)
{
	return node_cmp(&sort_nodes[*(const size_t *)a],
			&sort_nodes[*(const size_t *)b]);
}

/* A binary min-heap of node ids in canonical order. */
struct heap {
	size_t *v, n;
	struct node *nodes;
};

static bool heap_less(struct heap *h, size_t i, size_t j)
{
	return node_cmp(&h->nodes[h->v[i]], &h->nodes[h->v[j]]) < 0;
}

static void heap_push(struct heap *h, size_t id)
{
	size_t i = h->n++;
	h->v[i] = id;
	while (i && heap_less(h, i, (i - 1) / 2)) {
		size_t p = (i - 1) / 2, t = h->v[p];
		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (r < h->n && heap_less(h, r, m))
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort and deduplicate n strings in place; returns how many remain. */
static size_t sort_uniq(const char **v, size_t n)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i])
			v[m++] = v[i];
	qsort(v, m, sizeof(*v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		if (!k || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	return k;
}

/*
 * The comment lines of a merged rule or policy from the blocks of its
 * inputs (each "# ...\n" lines, or NULL): the block itself when all
 * inputs that have one agree, otherwise the sorted set of their lines.
 * A set, so merging stays commutative and associative with comments too.
 */
static char *join_comments(struct arena *a, const char **c, size_t n)
{
	size_t m = sort_uniq(c, n);
	if (!m)
		return NULL;
	if (m == 1)
		return arena_strdup(a, c[0]);
	size_t nl = 0;
	for (size_t i = 0; i < m; i++)
		for (const char *p = c[i]; (p = strchr(p, '\n')); p++)
			nl++;
	const char **lines = xmalloc(nl * sizeof(*lines));
	size_t k = 0;
	for (size_t i = 0; i < m; i++)
		for (const char *p = c[i], *e; (e = strchr(p, '\n')); p = e + 1)
			lines[k++] = arena_memdup(a, p, (size_t)(e - p));
	k = sort_uniq(lines, k);
	struct sbuf b = {0};
	for (size_t i = 0; i < k; i++) {
		sbuf_adds(&b, lines[i]);
		sbuf_addc(&b, '\n');
	}
	char *s = arena_memdup(a, b.s, b.len);
	sbuf_free(&b);
	free(lines);
	return s;
}

static void emit(struct policy *p, struct arena *a, const struct node *x)
{
	if (p->nrules == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rules = xrealloc(p->rules, p->cap * sizeof(*p->rules));
	}
	struct rule *r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	r->name = x->name;
	r->alias = x->alias;
	r->cond = x->cond;
	r->act = x->act;
	r->loc = x->occ[0].r->loc;
	bool any = false;
	for (size_t i = 0; i < x->nocc && !any; i++)
		any = x->occ[i].r->comment || x->occ[i].r->trailing;
	if (!any)
		return;
	/* the first trailing comment stays on the line, the others join the
	 * lines above */
	const char **c = xmalloc((x->nocc + 1) * sizeof(*c));
	for (size_t i = 0; i < x->nocc; i++)
		c[i] = x->occ[i].r->trailing;
	size_t nt = sort_uniq(c, x->nocc);
	r->trailing = nt ? (char *)c[0] : NULL;
	struct sbuf extra = {0};
	for (size_t i = 1; i < nt; i++) {
		sbuf_adds(&extra, c[i]);
		sbuf_addc(&extra, '\n');
	}
	for (size_t i = 0; i < x->nocc; i++)
		c[i] = x->occ[i].r->comment;
	c[x->nocc] = extra.s;
	r->comment = join_comments(a, c, x->nocc + 1);
	sbuf_free(&extra);
	free(c);
}

/* One output policy from the input blocks b[0..nb) of one program. */
static void merge_group(struct policy_set *out, struct policy **b, size_t nb,
			struct diags *d, size_t *conflicts)
{
	struct arena *a = &out->arena;
	struct group g = {0};
	struct sbuf key = {0};

	/* as many nodes as rules at most: no reallocation while folding */
	for (size_t i = 0; i < nb; i++)
		g.cap += b[i]->nrules;
	g.v = xmalloc((g.cap ? g.cap : 1) * sizeof(*g.v));

	for (size_t i = 0; i < nb; i++) {
		for (size_t j = 0; j < b[i]->nrules; j++) {
			/* canonical in place (the meaning is the same); copied
			 * into out only for a new node */
			struct rule *r = &b[i]->rules[j];
			r->cond = policy_expr_canon(a, r->cond);
			sbuf_reset(&key);
			if (r->cond)
				policy_print_expr(&key, r->cond);
			size_t id = node_get(&g, a, r, r->cond,
					     key.s ? key.s : "", key.len);
			add_occ(&g.v[id], i, j, r);
		}
	}
	sbuf_free(&key);
	for (size_t i = 0; i < g.n; i++) {
		/* the name must outlive the inputs */
		if (!g.v[i].alias)
			g.v[i].name = arena_strdup(a, g.v[i].name);
	}

	drop_aliased(g.v, g.n);
	size_t *ids = xmalloc((g.n ? g.n : 1) * sizeof(*ids));
	for (size_t i = 0; i < g.n; i++)
		ids[i] = i;
	sort_nodes = g.v;
	qsort(ids, g.n, sizeof(*ids), cmp_node_id);

	struct policy *p = &out->pols[out->n++];
	memset(p, 0, sizeof(*p));
	p->program = arena_memdup(a, b[0]->program, b[0]->program_len);
	p->program_len = b[0]->program_len;
	p->arch = b[0]->arch;
	p->emul = b[0]->emul;
	p->loc = b[0]->loc;
	const char **c = xmalloc(nb * sizeof(*c));
	for (size_t i = 0; i < nb; i++)
		c[i] = b[i]->comment;
	p->comment = join_comments(a, c, nb);
	free(c);

	struct heap h = {xmalloc((g.n ? g.n : 1) * sizeof(size_t)), 0, g.v};
	for (size_t i = 0; i < g.n;) {
		size_t j = i + 1;
		while (j < g.n &&
		       strcmp(g.v[ids[i]].name, g.v[ids[j]].name) == 0)
			j++;
		size_t next = j;
		j = i + drop_filled(g.v, ids + i, j - i);
		order_name(g.v, ids + i, j - i, d, conflicts);
		bool edges = false;
		for (size_t k = i; k < j && !edges; k++)
			edges = g.v[ids[k]].nout > 0;
		if (!edges) {
			/* nothing to keep in order: the canonical sort is all */
			for (size_t k = i; k < j; k++)
				emit(p, a, &g.v[ids[k]]);
			i = next;
			continue;
		}
		/* Kahn's algorithm, smallest canonical rule first */
		h.n = 0;
		for (size_t k = i; k < j; k++)
			if (!g.v[ids[k]].indeg)
				heap_push(&h, ids[k]);
		for (size_t left = j - i; left;) {
			size_t x;
			if (h.n) {
				x = heap_pop(&h);
			} else {
				/* inputs order the same rules both ways: the
				 * strictest rule left goes first */
				x = SIZE_MAX;
				for (size_t k = i; k < j; k++) {
					struct node *y = &g.v[ids[k]];
					if (!y->done &&
					    (x == SIZE_MAX ||
					     act_cmp(&y->act, &g.v[x].act) > 0))
						x = ids[k];
				}
				diag_add(
					d, SEV_WARNING, "order-conflict",
					&g.v[x].occ[0].r->loc, NULL,
					"conflict: no order of the %s rules "
					"keeps what every input answers, "
					"this rule goes first as the strictest",
					g.v[x].name);
				(*conflicts)++;
			}
			struct node *y = &g.v[x];
			y->done = true;
			left--;
			emit(p, a, y);
			for (size_t k = 0; k < y->nout; k++) {
				struct node *z = &g.v[y->out[k]];
				if (--z->indeg == 0 && !z->done)
					heap_push(&h, y->out[k]);
			}
		}
		i = next;
	}
	free(h.v);
	for (size_t i = 0; i < g.n; i++) {
		if (g.v[i].occ != &g.v[i].occ1)
			free(g.v[i].occ);
		free(g.v[i].out);
	}
	free(g.v);
	free(g.table);
	free(ids);
}

int policy_cmp(const struct policy *x, const struct policy *y)
{
	size_t n = x->program_len < y->program_len ? x->program_len
						   : y->program_len;
	int c = memcmp(x->program, y->program, n);
	if (c)
		return c;
	if (x->program_len != y->program_len)
		return x->program_len < y->program_len ? -1 : 1;
	return strcmp(x->emul, y->emul);
}

/* An input block and its place in the inputs. */
struct block {
	struct policy *p;
	size_t seq;
};

static int cmp_block(const void *a, const void *b)
{
	const struct block *bx = a, *by = b;
	int c = policy_cmp(bx->p, by->p);
	if (c)
		return c;
	/* stable: keep the input order within one program */
	return bx->seq < by->seq ? -1 : bx->seq > by->seq;
}

size_t policy_merge(struct policy_set *out, struct policy_set *const *in,
		    size_t n, struct diags *d)
{
	size_t nb = 0, conflicts = 0;
	for (size_t i = 0; i < n; i++)
		nb += in[i]->n;
	struct block *b = xmalloc((nb ? nb : 1) * sizeof(*b));
	struct policy **grp = xmalloc((nb ? nb : 1) * sizeof(*grp));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < in[i]->n; j++, k++)
			b[k] = (struct block){&in[i]->pols[j], k};
	qsort(b, nb, sizeof(*b), cmp_block);
	out->cap = nb ? nb : 1;
	out->pols = xcalloc(out->cap, sizeof(*out->pols));
	for (size_t i = 0; i < nb;) {
		size_t j = i;
		while (j < nb && b[j].p->program_len == b[i].p->program_len &&
		       memcmp(b[j].p->program, b[i].p->program,
			      b[i].p->program_len) == 0 &&
		       b[j].p->arch == b[i].p->arch) {
			grp[j - i] = b[j].p;
			j++;
		}
		merge_group(out, grp, j - i, d, &conflicts);
		i = j;
	}
	free(grp);
	free(b);
	const char **c = xmalloc((n ? n : 1) * sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c[i] = in[i]->tail;
	out->tail = join_comments(&out->arena, c, n);
	free(c);
	return conflicts;
}
