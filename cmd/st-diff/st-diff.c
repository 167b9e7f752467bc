/* st-diff: the semantic difference of two policies, and whether it widens. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "diag.h"
#include "output.h"
#include "policy.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: st-diff [-q] [-w] old new\n");
}

/* A rule of one side, and what became of it. */
struct item {
	const struct rule *r;
	struct sbuf key; /* the printed condition */
	long match;	 /* index of the rule of the other side, or -1 */
};

/*
 * The rules of one call (or alias) on one side, indexed so that finding
 * the rules that may overlap a given one costs no walk over all: rules
 * with an equality on filename sorted by its value, the others apart.
 */
struct nrange {
	const char *name;
	size_t lo, hi;
	size_t *eq, neq;     /* rule indices, sorted by filename value */
	size_t *glob, nglob; /* match on filename, sorted by literal prefix */
	size_t *oth, noth;   /* the others */
};

struct side {
	const struct policy *p;
	struct item *it;
	size_t n;
	struct nrange *r;
	size_t nr;
};

struct diffstate {
	bool quiet, widen_only;
	bool differ, widens;
	struct sbuf out;
	const char *oldname, *newname;
};

static bool permits(const struct action *a)
{
	return a->kind == ACT_PERMIT || a->kind == ACT_ASK;
}

static void side_init(struct side *s, const struct policy *p)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	if (!p)
		return;
	s->n = p->nrules;
	s->it = xcalloc(s->n ? s->n : 1, sizeof(*s->it));
	for (size_t i = 0; i < s->n; i++) {
		s->it[i].r = &p->rules[i];
		if (p->rules[i].cond)
			policy_print_expr(&s->it[i].key, p->rules[i].cond);
		else
			sbuf_adds(&s->it[i].key, "");
		s->it[i].match = -1;
	}
}

static void side_free(struct side *s)
{
	for (size_t i = 0; i < s->n; i++)
		sbuf_free(&s->it[i].key);
	for (size_t i = 0; i < s->nr; i++) {
		free(s->r[i].eq);
		free(s->r[i].glob);
		free(s->r[i].oth);
	}
	free(s->r);
	free(s->it);
}

/* The comparison of filename by op that a condition requires, or NULL. */
static const struct expr *fop(const struct expr *e, enum op op)
{
	if (e && e->kind == EXPR_AND)
		for (size_t i = 0; i < e->nkids; i++)
			if (fop(e->kids[i], op))
				return e->kids[i];
	if (e && e->kind == EXPR_COND && e->op == op && !e->idx &&
	    strcmp(e->arg, "filename") == 0)
		return e;
	return NULL;
}

static const struct expr *fkey(const struct expr *e)
{
	return fop(e, OP_EQ);
}

/* A glob's literal prefix, as an expression-like pair for cmp_val. */
static size_t gprefix(const struct expr *g)
{
	return policy_glob_prefix(g->str, g->len);
}

static int cmp_val(const struct expr *x, const char *s, size_t n)
{
	size_t m = x->len < n ? x->len : n;
	int c = memcmp(x->str, s, m);
	return c ? c : x->len < n ? -1 : x->len > n;
}

static const struct side *sort_side;
static int cmp_glob(const void *a, const void *b)
{
	const struct expr *x =
		fop(sort_side->it[*(const size_t *)a].r->cond, OP_MATCH);
	const struct expr *y =
		fop(sort_side->it[*(const size_t *)b].r->cond, OP_MATCH);
	size_t xn = gprefix(x), yn = gprefix(y), m = xn < yn ? xn : yn;
	int c = memcmp(x->str, y->str, m);
	if (!c)
		c = xn < yn ? -1 : xn > yn;
	return c ? c : *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}
static int cmp_fkey(const void *a, const void *b)
{
	const struct expr *x = fkey(sort_side->it[*(const size_t *)a].r->cond);
	const struct expr *y = fkey(sort_side->it[*(const size_t *)b].r->cond);
	int c = cmp_val(x, y->str, y->len);
	return c ? c : *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Index a side: its rules come grouped by name (canonical order). */
static void side_index(struct side *s)
{
	for (size_t i = 0; i < s->n;) {
		size_t j = i + 1;
		while (j < s->n &&
		       strcmp(s->it[j].r->name, s->it[i].r->name) == 0)
			j++;
		s->r = xrealloc(s->r, (s->nr + 1) * sizeof(*s->r));
		struct nrange *r = &s->r[s->nr++];
		memset(r, 0, sizeof(*r));
		r->name = s->it[i].r->name;
		r->lo = i;
		r->hi = j;
		r->eq = xmalloc((j - i) * sizeof(size_t));
		r->glob = xmalloc((j - i) * sizeof(size_t));
		r->oth = xmalloc((j - i) * sizeof(size_t));
		for (size_t k = i; k < j; k++) {
			const struct expr *c = s->it[k].r->cond;
			if (fkey(c))
				r->eq[r->neq++] = k;
			else if (fop(c, OP_MATCH))
				r->glob[r->nglob++] = k;
			else
				r->oth[r->noth++] = k;
		}
		sort_side = s;
		qsort(r->eq, r->neq, sizeof(size_t), cmp_fkey);
		qsort(r->glob, r->nglob, sizeof(size_t), cmp_glob);
		i = j;
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The first glob of r, in the order of their literal prefixes as byte
 * strings, whose prefix is not less than v[0..n).
 */
static size_t glob_lower(const struct side *s, const struct nrange *r,
			 const char *v, size_t n)
{
	size_t lo = 0, hi = r->nglob;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct expr *g =
			fop(s->it[r->glob[mid]].r->cond, OP_MATCH);
		size_t gn = gprefix(g), m = gn < n ? gn : n;
		int c = memcmp(g->str, v, m);
		if (c < 0 || (c == 0 && gn < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The rules named name on side s that may match a call that cond
 * matches, in evaluation order, into *out (n of them).
 */
static void candidates(const struct side *s, const char *name,
		       const struct expr *cond, size_t **out, size_t *n)
{
	*n = 0;
	const struct nrange *r = NULL;
	for (size_t i = 0; i < s->nr && !r; i++)
		if (strcmp(s->r[i].name, name) == 0)
			r = &s->r[i];
	if (!r)
		return;
	*out = xrealloc(*out, (r->hi - r->lo + 1) * sizeof(size_t));
	const struct expr *k = fkey(cond), *g = k ? NULL : fop(cond, OP_MATCH);
	if (!k && !g) {
		for (size_t i = r->lo; i < r->hi; i++)
			(*out)[(*n)++] = i;
		return;
	}
	/* a value or a glob's literal prefix: the strings cond can match
	 * start with it (all of it, for a value) */
	const char *v = k ? k->str : g->str;
	size_t vn = k ? k->len : gprefix(g);
	for (size_t i = 0; i < r->noth; i++)
		(*out)[(*n)++] = r->oth[i];
	/* equalities: the same value, or any value under the prefix */
	size_t lo = 0, hi = r->neq;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_val(fkey(s->it[r->eq[mid]].r->cond), v, vn) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->neq; lo++) {
		const struct expr *e = fkey(s->it[r->eq[lo]].r->cond);
		if (k ? cmp_val(e, v, vn) != 0
		      : (e->len < vn || memcmp(e->str, v, vn) != 0))
			break;
		(*out)[(*n)++] = r->eq[lo];
	}
	/* globs whose literal prefix is a prefix of v: each prefix of v is
	 * looked up */
	for (size_t p = 0; p <= vn; p++) {
		lo = glob_lower(s, r, v, p);
		for (; lo < r->nglob; lo++) {
			const struct expr *h =
				fop(s->it[r->glob[lo]].r->cond, OP_MATCH);
			if (gprefix(h) != p || memcmp(h->str, v, p) != 0)
				break;
			(*out)[(*n)++] = r->glob[lo];
		}
	}
	/* for a glob, also the globs whose literal prefix extends v */
	if (g)
		for (lo = glob_lower(s, r, v, vn); lo < r->nglob; lo++) {
			const struct expr *h =
				fop(s->it[r->glob[lo]].r->cond, OP_MATCH);
			if (gprefix(h) < vn || memcmp(h->str, v, vn) != 0)
				break;
			if (gprefix(h) > vn) /* equal ones are in already */
				(*out)[(*n)++] = r->glob[lo];
		}
	qsort(*out, *n, sizeof(size_t), cmp_size);
}

/* The names whose rules a call of rule R meets: its own, then aliases. */
static size_t meets(const struct rule *R, const char **names)
{
	size_t n = 0;
	names[n++] = R->name;
	if (!R->alias)
		for (const struct alias *a = alias_table; a->name; a++)
			if (alias_covers(a, R->name))
				names[n++] = a->name;
	return n;
}

static int item_cmp(const struct item *a, const struct item *b)
{
	int c = strcmp(a->r->name, b->r->name);
	if (c)
		return c;
	size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
	c = memcmp(a->key.s, b->key.s, n);
	if (c)
		return c;
	return a->key.len < b->key.len ? -1 : a->key.len > b->key.len;
}

static struct item *sort_items;
static int cmp_idx(const void *a, const void *b)
{
	const size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = item_cmp(&sort_items[x], &sort_items[y]);
	return c ? c : x < y ? -1 : x > y;
}

/* Pair the rules of both sides by call and condition, k-th with k-th. */
static void pair(struct side *o, struct side *n)
{
	size_t *oi = xmalloc((o->n + 1) * sizeof(*oi));
	size_t *ni = xmalloc((n->n + 1) * sizeof(*ni));
	for (size_t i = 0; i < o->n; i++)
		oi[i] = i;
	for (size_t i = 0; i < n->n; i++)
		ni[i] = i;
	sort_items = o->it;
	qsort(oi, o->n, sizeof(*oi), cmp_idx);
	sort_items = n->it;
	qsort(ni, n->n, sizeof(*ni), cmp_idx);
	for (size_t i = 0, j = 0; i < o->n && j < n->n;) {
		int c = item_cmp(&o->it[oi[i]], &n->it[ni[j]]);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			o->it[oi[i]].match = (long)ni[j];
			n->it[ni[j]].match = (long)oi[i];
			i++;
			j++;
		}
	}
	free(oi);
	free(ni);
}

static void loc_add(struct sbuf *b, const struct loc *l)
{
	sbuf_printf(b, "%s:%u", l->file, l->line);
}

static void line(struct diffstate *S, char tag, const struct rule *r,
		 const struct rule *r2, const char *extra, bool widens)
{
	S->differ = true;
	if (widens)
		S->widens = true;
	if (S->quiet)
		return;
	sbuf_printf(&S->out, "%c ", tag);
	policy_print_rule(&S->out, r);
	if (r2) {
		sbuf_adds(&S->out, " -> ");
		policy_print_action(&S->out, &r2->act);
	}
	if (extra)
		sbuf_adds(&S->out, extra);
	sbuf_adds(&S->out, "  # ");
	loc_add(&S->out, &r->loc);
	if (r2) {
		sbuf_addc(&S->out, ' ');
		loc_add(&S->out, &r2->loc);
	}
	if (widens && S->widen_only)
		sbuf_adds(&S->out, " (widens)");
	sbuf_addc(&S->out, '\n');
}

/*
 * The first rule of side s that a call of rule R meets (its own name's
 * rules, then its aliases') and may match, passing those that pass()
 * accepts (pass may be NULL); -1 when there is none.
 */
static long first_overlap(const struct side *s, const struct rule *R,
			  bool (*pass)(const struct side *, size_t,
				       const void *),
			  const void *arg)
{
	const char *names[8];
	size_t nn = meets(R, names), nc;
	size_t *c = NULL;
	long found = -1;
	for (size_t k = 0; k < nn && found < 0; k++) {
		candidates(s, names[k], R->cond, &c, &nc);
		for (size_t j = 0; j < nc && found < 0; j++)
			if (!policy_disjoint(s->it[c[j]].r->cond, R->cond) &&
			    !(pass && pass(s, c[j], arg)))
				found = (long)c[j];
	}
	free(c);
	return found;
}

/* The new side, and the index of a rule of it. */
struct at {
	const struct side *n;
	size_t ri;
};

/* An old rule that does not permit and that the new side also has in
 * front of rule ri: it stops the same calls on both sides. */
static bool stops_before(const struct side *o, size_t i, const void *arg)
{
	const struct at *at = arg;
	const struct rule *X = o->it[i].r;
	long m = o->it[i].match;
	return !permits(&X->act) && m >= 0 && (size_t)m < at->ri &&
	       strcmp(at->n->it[m].r->name, at->n->it[at->ri].r->name) == 0 &&
	       policy_action_eq(&at->n->it[m].r->act, &X->act);
}

/*
 * Whether the calls that reach permitting rule ri of the new side were all
 * permitted by the old side: the first old rule they meet that may match
 * them, past the ones the new side keeps in front, permits all of them.
 */
static bool covered(const struct side *o, const struct side *n, size_t ri)
{
	const struct rule *R = n->it[ri].r;
	struct at at = {n, ri};
	long i = first_overlap(o, R, stops_before, &at);
	/* none: the default denies */
	return i >= 0 && permits(&o->it[i].r->act) &&
	       policy_implies(R->cond, o->it[i].r->cond);
}

/* Whether removing non-permitting rule D exposes a permission. */
static bool exposes(const struct side *n, const struct rule *D)
{
	long i = first_overlap(n, D, NULL, NULL);
	return i >= 0 && permits(&n->it[i].r->act);
}

/* Whether the common rules of one call keep their relative order. */
static void check_order(struct diffstate *S, const struct side *o,
			const struct side *n)
{
	size_t *c = NULL, nc;
	for (size_t r = 0; r < o->nr; r++) {
		/* the usual case: the common rules keep their order */
		long last = -1;
		bool sorted = true;
		for (size_t i = o->r[r].lo; i < o->r[r].hi && sorted; i++) {
			long m = o->it[i].match;
			if (m >= 0)
				sorted = m > last, last = m;
		}
		if (sorted)
			continue;
		for (size_t i = o->r[r].lo; i < o->r[r].hi; i++) {
			long mi = o->it[i].match;
			const struct rule *a = o->it[i].r;
			if (mi < 0)
				continue;
			candidates(o, a->name, a->cond, &c, &nc);
			for (size_t k = 0; k < nc; k++) {
				size_t j = c[k];
				const struct rule *b = o->it[j].r;
				long mj = o->it[j].match;
				if (j <= i || mj < 0 || mj > mi)
					continue;
				if (policy_action_eq(&a->act, &b->act) ||
				    policy_disjoint(a->cond, b->cond))
					continue;
				/* b now comes before a, and they overlap */
				line(S, '!', n->it[mj].r, NULL,
				     " (now before an overlapping rule it "
				     "followed)",
				     permits(&b->act));
			}
		}
	}
	free(c);
}

static void diff_policy(struct diffstate *S, const struct policy *po,
			const struct policy *pn)
{
	struct side o, n;
	side_init(&o, po);
	side_init(&n, pn);
	side_index(&o);
	side_index(&n);
	pair(&o, &n);
	size_t mark = S->out.len;
	const struct policy *p = pn ? pn : po;
	bool differ0 = S->differ;
	S->differ = false;

	/* removed and changed rules, in the old side's canonical order */
	for (size_t i = 0; i < o.n; i++) {
		const struct rule *r = o.it[i].r;
		long m = o.it[i].match;
		if (m < 0) {
			line(S, '-', r, NULL, NULL,
			     !permits(&r->act) && exposes(&n, r));
		} else if (!policy_action_eq(&r->act, &n.it[m].r->act)) {
			line(S, '~', r, n.it[m].r, NULL,
			     permits(&n.it[m].r->act) && !covered(&o, &n, m));
		}
	}
	for (size_t i = 0; i < n.n; i++) {
		const struct rule *r = n.it[i].r;
		if (n.it[i].match < 0)
			line(S, '+', r, NULL, NULL,
			     permits(&r->act) && !covered(&o, &n, i));
	}
	if (po && pn)
		check_order(S, &o, &n);

	if (S->differ && !S->quiet) {
		/* the header of this program's changes goes before them */
		struct sbuf h = {0};
		sbuf_adds(&h, !po ? "+ " : !pn ? "- " : "@ ");
		policy_print_header(&h, p);
		sbuf_adds(&h, "  # ");
		loc_add(&h, po ? &po->loc : &pn->loc);
		if (po && pn) {
			sbuf_addc(&h, ' ');
			loc_add(&h, &pn->loc);
		}
		sbuf_addc(&h, '\n');
		struct sbuf t = {0};
		sbuf_add(&t, S->out.s + mark, S->out.len - mark);
		S->out.len = mark;
		sbuf_add(&S->out, h.s, h.len);
		sbuf_add(&S->out, t.s, t.len);
		sbuf_free(&h);
		sbuf_free(&t);
	}
	S->differ = S->differ || differ0;
	side_free(&o);
	side_free(&n);
}

/*
 * Read path into its canonical form, locations named name. The raw parse
 * is kept: the canonical rules point at its locations.
 */
static size_t load(struct policy_set *canon, const char *path, const char *name,
		   struct diags *d)
{
	struct policy_set *raw = xcalloc(1, sizeof(*raw));
	char *buf;
	size_t len;
	if (util_read_file(path, &buf, &len) < 0) {
		diag_warn("%s", path);
		return 1;
	}
	size_t e = policy_parse(raw, name, buf, len, d);
	free(buf);
	if (!e)
		policy_merge(canon, &raw, 1, d);
	return e;
}

int main(int argc, char *argv[])
{
	struct diffstate S = {0};
	int ch;

	diag_init("st-diff");
	while ((ch = getopt(argc, argv, "hqVw")) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'q':
			S.quiet = true;
			break;
		case 'V':
			printf("st-diff %s\n", ST_VERSION);
			return EXIT_OK;
		case 'w':
			S.widen_only = true;
			break;
		default:
			usage(stderr);
			return EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;

	/* as git's diff driver: path old-file old-hex old-mode new-file
	 * new-hex new-mode; git stops at a non-zero exit, so differences
	 * exit 0 there */
	bool git = argc == 7;
	const char *names[2] = {argv[0], argv[1]};
	if (git) {
		/* git's files are temporary: name both by the path */
		names[0] = names[1] = argv[0];
		argv[0] = argv[1];
		argv[1] = argv[4];
		argc = 2;
	} else if (argc == 2) {
		for (int i = 0; i < 2; i++)
			if (strcmp(names[i], "-") == 0)
				names[i] = "<stdin>";
	}
	if (argc != 2) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	struct policy_set o = {0}, n = {0};
	struct diags d = {0};
	size_t errors = load(&o, argv[0], names[0], &d) +
			load(&n, argv[1], names[1], &d);
	if (errors) {
		diags_print(&d);
		return EXIT_TROUBLE;
	}
	for (size_t i = 0, j = 0; i < o.n || j < n.n;) {
		int c = i == o.n   ? 1
			: j == n.n ? -1
				   : policy_cmp(&o.pols[i], &n.pols[j]);
		if (c < 0)
			diff_policy(&S, &o.pols[i++], NULL);
		else if (c > 0)
			diff_policy(&S, NULL, &n.pols[j++]);
		else
			diff_policy(&S, &o.pols[i++], &n.pols[j++]);
	}
	if (S.out.len && fwrite(S.out.s, 1, S.out.len, stdout) != S.out.len)
		diag_err(EXIT_TROUBLE, "standard output");
	if (fflush(stdout) != 0 || ferror(stdout))
		diag_err(EXIT_TROUBLE, "standard output");
	if (git)
		return EXIT_OK;
	if (S.widen_only)
		return S.widens ? EXIT_NEGATIVE : EXIT_OK;
	return S.differ ? EXIT_NEGATIVE : EXIT_OK;
}
