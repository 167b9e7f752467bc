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

struct side {
	const struct policy *p;
	struct item *it;
	size_t n;
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
	free(s->it);
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

/* Whether an alias that covers call name is named alias. */
static bool alias_applies(const char *alias, const struct rule *r)
{
	if (r->alias)
		return strcmp(alias, r->name) == 0;
	const struct alias *a = alias_find(alias);
	return a && alias_covers(a, r->name);
}

/*
 * Whether the calls that reach permitting rule R of the new side were all
 * permitted by the old side: walk the old rules a call of R meets (its
 * own name's, then its alias's) to the first that may match. Rules that
 * the new side also has before R stop those calls in both and are passed.
 */
static bool covered(const struct side *o, const struct side *n, size_t ri)
{
	const struct rule *R = n->it[ri].r;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < o->n; i++) {
			const struct rule *X = o->it[i].r;
			bool mine = pass == 0
					    ? strcmp(X->name, R->name) == 0
					    : X->alias && !R->alias &&
						      alias_applies(X->name, R);
			if (!mine || policy_disjoint(X->cond, R->cond))
				continue;
			if (permits(&X->act) &&
			    policy_implies(R->cond, X->cond))
				return true;
			long m = o->it[i].match;
			if (!permits(&X->act) && m >= 0 && (size_t)m < ri &&
			    strcmp(n->it[m].r->name, R->name) == 0 &&
			    policy_action_eq(&n->it[m].r->act, &X->act))
				continue;
			return false;
		}
	}
	return false; /* the default denies */
}

/* Whether removing non-permitting rule D exposes a permission. */
static bool exposes(const struct side *n, const struct rule *D)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n->n; i++) {
			const struct rule *X = n->it[i].r;
			bool mine = pass == 0
					    ? strcmp(X->name, D->name) == 0
					    : X->alias && !D->alias &&
						      alias_applies(X->name, D);
			if (!mine || policy_disjoint(X->cond, D->cond))
				continue;
			return permits(&X->act);
		}
	}
	return false;
}

/* Whether the common rules of one call keep their relative order. */
static void check_order(struct diffstate *S, const struct side *o,
			const struct side *n)
{
	for (size_t i = 0; i < o->n; i++) {
		long mi = o->it[i].match;
		if (mi < 0)
			continue;
		for (size_t j = i + 1; j < o->n; j++) {
			const struct rule *a = o->it[i].r, *b = o->it[j].r;
			if (strcmp(a->name, b->name) != 0)
				break;
			long mj = o->it[j].match;
			if (mj < 0 || mj > mi)
				continue;
			if (policy_action_eq(&a->act, &b->act) ||
			    policy_disjoint(a->cond, b->cond))
				continue;
			/* b now comes before a, and they overlap */
			line(S, '!', n->it[mj].r, NULL,
			     " (now before an overlapping rule it followed)",
			     permits(&b->act));
		}
	}
}

static void diff_policy(struct diffstate *S, const struct policy *po,
			const struct policy *pn)
{
	struct side o, n;
	side_init(&o, po);
	side_init(&n, pn);
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

static int cmp_pol(const struct policy *x, const struct policy *y)
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
				   : cmp_pol(&o.pols[i], &n.pols[j]);
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
