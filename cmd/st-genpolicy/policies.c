/*
 * policies.c: the distinct rules of a fold as policies in canonical form:
 * outcomes resolved, the calls every program needs added, provenance
 * comments for -v, then st-merge's canonical order (policy_merge).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "enforce.h"
#include "genpolicy.h"
#include "sys.h"

/*
 * The calls a process needs to end and to return from a signal handler,
 * whether or not a run showed them: without them a confined program
 * could not even exit. Only those its architecture has are added.
 */
static const struct {
	const char *sys, *why;
} needed[] = {
	{"exit", "# needed to exit\n"},
	{"exit_group", "# needed to exit\n"},
	{"rt_sigreturn", "# needed to return from signal handlers\n"},
	{"sigreturn", "# needed to return from signal handlers\n"},
};

/*
 * Newer calls a C library tries first, falling back to the older one
 * when the kernel answers ENOSYS (st-lint's fallback pairs). A policy
 * that permits the older call and never saw the newer one denies the
 * newer with ENOSYS, so the program behaves the same on a newer C
 * library: with EPERM, the default, the library would not fall back.
 */
static const struct {
	const char *newer, *older, *why;
} fallback[] = {
	{"clone3", "clone",
	 "# fallback: the C library falls back to clone on ENOSYS\n"},
	{"openat2", "openat",
	 "# fallback: the C library falls back to openat on ENOSYS\n"},
	{"faccessat2", "faccessat",
	 "# fallback: the C library falls back to faccessat on ENOSYS\n"},
	{"statx", "newfstatat",
	 "# fallback: the C library falls back to newfstatat on ENOSYS\n"},
};

/* Whether rule e (a call or an alias) answers calls of sys. */
static bool covers(const struct entry *e, const char *sys)
{
	if (e->alias)
		return alias_covers(alias_find(e->name), sys);
	return strcmp(e->name, sys) == 0;
}

/* Add the fallback denials to r[0..nr) (room for them); the new count. */
static size_t add_fallbacks(struct fold *f, struct arena *a, struct entry **r,
			    size_t nr)
{
	enum { NFB = sizeof(fallback) / sizeof(fallback[0]) };
	/* per program and pair: 1 the older is permitted, 2 the newer is
	 * mentioned */
	unsigned char *seen = xcalloc(f->nprogs * NFB + 1, 1);
	for (size_t q = 0; q < nr; q++) {
		for (size_t k = 0; k < NFB; k++) {
			unsigned char *x = &seen[r[q]->prog * NFB + k];
			if (r[q]->err == 0 && covers(r[q], fallback[k].older))
				*x |= 1;
			if (covers(r[q], fallback[k].newer))
				*x |= 2;
		}
	}
	for (uint32_t pi = 0; pi < f->nprogs; pi++) {
		for (size_t k = 0; k < NFB; k++) {
			if (seen[pi * NFB + k] != 1 ||
			    sys_lookup(f->progs[pi].arch, fallback[k].newer) <
				    0)
				continue;
			struct entry *m = arena_alloc(a, sizeof(*m));
			memset(m, 0, sizeof(*m));
			m->prog = pi;
			m->name = fallback[k].newer;
			m->err = ENOSYS;
			m->needed_why = fallback[k].why;
			r[nr++] = m;
		}
	}
	free(seen);
	return nr;
}

/*
 * A recorded rule names the exact path or address the run used; where
 * the kernel cannot hold it exactly (the stat and access calls of
 * fsread, addresses of a TCP port), st-run holds the nearest kernel rule
 * and st-lint warns, rule by rule. The policy says once why that is
 * expected, so its review starts clean (st-lint(1), allow). The line
 * depends only on whether some rule is broader or some path was absent
 * (deny[ENOENT] can be broader), which a union keeps: the policies of
 * several logs merge to the policy of all of them.
 */
static void explain_broader(struct policy *p, struct arena *a, bool absent)
{
	static const char why[] =
		"# st-lint: allow broader (recorded: st-run holds these "
		"rules as closely as the kernel can; st-run -v shows how)\n";
	struct enforce_plan plan;
	enforce_plan_brief(&plan, p, 7);
	bool broader = absent;
	for (size_t i = 0; i < p->nrules && !broader; i++)
		broader = plan.v[i].cls == ENF_BROADER;
	enforce_plan_free(&plan);
	if (!broader)
		return;
	struct sbuf b = {0};
	sbuf_adds(&b, why);
	if (p->comment)
		sbuf_adds(&b, p->comment);
	p->comment = arena_memdup(a, b.s, b.len);
	sbuf_free(&b);
}

int entry_cmp_call(const struct entry *x, const struct entry *y)
{
	if (x->prog != y->prog)
		return x->prog < y->prog ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The conditions of x and y compared: the rule without its outcome. */
static int conds_cmp(const struct entry *x, const struct entry *y)
{
	if (x->nconds != y->nconds)
		return x->nconds < y->nconds ? -1 : 1;
	for (unsigned i = 0; i < x->nconds; i++) {
		const struct cond *a = &x->conds[i], *b = &y->conds[i];
		if (a->arg != b->arg)
			return a->arg < b->arg ? -1 : 1;
		if (a->idx != b->idx)
			return a->idx < b->idx ? -1 : 1;
		if (a->op != b->op)
			return a->op < b->op ? -1 : 1;
		size_t n = a->len < b->len ? a->len : b->len;
		int c = memcmp(a->val, b->val, n);
		if (c)
			return c;
		if (a->len != b->len)
			return a->len < b->len ? -1 : 1;
	}
	return 0;
}

/* Program, name, conditions; then the stricter outcome first. */
static int rule_cmp(const void *pa, const void *pb)
{
	const struct entry *x = *(struct entry *const *)pa;
	const struct entry *y = *(struct entry *const *)pb;
	int c = entry_cmp_call(x, y);
	if (c)
		return c;
	c = conds_cmp(x, y);
	if (c)
		return c;
	if (x->err != y->err)
		return x->err > y->err ? -1 : 1;
	if (!x->why != !y->why)
		return x->why ? -1 : 1;
	return x->why ? strcmp(x->why, y->why) : 0;
}

/* Within one call: stricter actions first (see fold_policies). */
static int emit_cmp(const void *pa, const void *pb)
{
	const struct entry *x = *(struct entry *const *)pa;
	const struct entry *y = *(struct entry *const *)pb;
	int c = entry_cmp_call(x, y);
	if (c)
		return c;
	if (x->err != y->err)
		return x->err > y->err ? -1 : 1;
	return conds_cmp(x, y);
}

static int cmp_name(const void *a, const void *b, void *files)
{
	const char *const *f = files;
	return strcmp(f[*(const uint32_t *)a], f[*(const uint32_t *)b]);
}

/* A file name in a comment: as it is, quoted if it has control bytes. */
static void add_name(struct sbuf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			sbuf_addc(b, '"');
			for (p = s; *p; p++) {
				if ((unsigned char)*p < 0x20 || *p == 0x7f ||
				    *p == '"' || *p == '\\')
					sbuf_printf(b, "\\x%02x",
						    (unsigned char)*p);
				else
					sbuf_addc(b, *p);
			}
			sbuf_addc(b, '"');
			return;
		}
	}
	sbuf_adds(b, s);
}

/* "# 3 events in a.log, b.log\n" */
static void provenance(struct sbuf *b, const struct fold *f,
		       const struct entry *e)
{
	uint32_t *ids = xmalloc((e->nfile ? e->nfile : 1) * sizeof(*ids));
	memcpy(ids, e->file, e->nfile * sizeof(*ids));
	qsort_r(ids, e->nfile, sizeof(*ids), cmp_name, (void *)f->files);
	sbuf_printf(b, "# %llu event%s in ", (unsigned long long)e->total,
		    e->total == 1 ? "" : "s");
	for (size_t i = 0; i < e->nfile; i++) {
		if (i)
			sbuf_adds(b, ", ");
		add_name(b, f->files[ids[i]]);
	}
	sbuf_addc(b, '\n');
	free(ids);
}

static struct expr *make_cond(struct arena *a, const struct cond *c)
{
	struct expr *e = arena_alloc(a, sizeof(*e));
	e->kind = EXPR_COND;
	e->arg = args_names[c->arg];
	e->idx = c->idx;
	e->op = c->op;
	e->str = arena_memdup(a, c->val, c->len);
	e->len = c->len;
	return e;
}

static struct expr *make_expr(struct arena *a, const struct entry *e)
{
	if (!e->nconds)
		return NULL;
	if (e->nconds == 1)
		return make_cond(a, &e->conds[0]);
	struct expr *x = arena_alloc(a, sizeof(*x));
	x->kind = EXPR_AND;
	x->nkids = e->nconds;
	x->kids = arena_alloc(a, e->nconds * sizeof(*x->kids));
	for (unsigned i = 0; i < e->nconds; i++)
		x->kids[i] = make_cond(a, &e->conds[i]);
	return x;
}

static void add_rule(struct policy *p, struct rule *r)
{
	if (p->nrules == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->rules = xrealloc(p->rules, p->cap * sizeof(*p->rules));
	}
	p->rules[p->nrules++] = *r;
}

void fold_policies(struct fold *f, struct general *g, struct policy_set *out,
		   bool verbose)
{
	struct arena *a = &f->arena;
	fold_flush(f);
	size_t n = f->nents;
	struct entry **v = xmalloc((n ? n : 1) * sizeof(*v));
	memcpy(v, f->ents, n * sizeof(*v));
	qsort(v, n, sizeof(*v), rule_cmp);

	/*
	 * One rule per call, condition and outcome, as st-merge would merge
	 * the logs' policies: a success anywhere makes an absence (ENOENT) a
	 * permission (while the path is absent the kernel answers ENOENT by
	 * itself); a refusal (EACCES, EPERM) stays a denial, before the
	 * permission, and st-merge would report it as a conflict.
	 */
	struct entry **r = xmalloc((n + 8 * f->nprogs + 1) * sizeof(*r));
	size_t nr = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && v[j]->prog == v[i]->prog &&
		       strcmp(v[j]->name, v[i]->name) == 0 &&
		       conds_cmp(v[j], v[i]) == 0)
			j++;
		bool ok = false;
		for (size_t k = i; k < j; k++)
			ok |= v[k]->err == 0;
		for (size_t k = i; k < j;) {
			struct entry *m = arena_alloc(a, sizeof(*m));
			*m = *v[k];
			m->file = m->count = NULL;
			m->nfile = m->capfile = 0;
			m->total = 0;
			bool absorb = ok && (m->err == 0 || m->err == ENOENT);
			if (absorb)
				m->err = 0;
			size_t l = k;
			while (l < j && (v[l]->err == v[k]->err ||
					 (absorb && (v[l]->err == 0 ||
						     v[l]->err == ENOENT)))) {
				fold_account_merge(m, v[l]);
				if (!m->why)
					m->why = v[l]->why;
				l++;
			}
			r[nr++] = m;
			k = l;
		}
		i = j;
	}
	/* generalisation, then the rules it made equal folded */
	nr = general_apply(g, f, r, nr);
	qsort(r, nr, sizeof(*r), rule_cmp);
	size_t w = 0;
	for (size_t i = 0; i < nr; i++) {
		if (r[i]->dropped)
			continue;
		if (w && r[w - 1]->prog == r[i]->prog &&
		    r[w - 1]->err == r[i]->err &&
		    strcmp(r[w - 1]->name, r[i]->name) == 0 &&
		    conds_cmp(r[w - 1], r[i]) == 0) {
			fold_account_merge(r[w - 1], r[i]);
			continue;
		}
		r[w++] = r[i];
	}
	nr = w;
	/* the calls every program needs */
	enum { NNEEDED = sizeof(needed) / sizeof(needed[0]) };
	bool *have = xcalloc(f->nprogs * NNEEDED + 1, sizeof(*have));
	for (size_t q = 0, nq = nr; q < nq; q++) {
		if (r[q]->nconds || r[q]->err)
			continue;
		for (size_t k = 0; k < NNEEDED; k++) {
			if (strcmp(r[q]->name, needed[k].sys) == 0) {
				r[q]->needed_why = needed[k].why;
				have[r[q]->prog * NNEEDED + k] = true;
			}
		}
	}
	for (uint32_t pi = 0; pi < f->nprogs; pi++) {
		for (size_t k = 0; k < NNEEDED; k++) {
			if (have[pi * NNEEDED + k] ||
			    sys_lookup(f->progs[pi].arch, needed[k].sys) < 0)
				continue;
			struct entry *m = arena_alloc(a, sizeof(*m));
			m->prog = pi;
			m->name = needed[k].sys;
			m->needed_why = needed[k].why;
			r[nr++] = m;
		}
	}
	free(have);
	nr = add_fallbacks(f, a, r, nr);
	/*
	 * Stricter actions first within a call: where an exact denial and
	 * a generalised permission overlap, the denial answers, which is
	 * also how st-merge orders the union of two folded policies.
	 */
	qsort(r, nr, sizeof(*r), emit_cmp);

	struct policy_set in = {0};
	in.cap = f->nprogs ? f->nprogs : 1;
	in.pols = xcalloc(in.cap, sizeof(*in.pols));
	in.n = f->nprogs;
	struct sbuf b = {0};
	for (uint32_t pi = 0; pi < f->nprogs; pi++) {
		struct policy *p = &in.pols[pi];
		p->program = f->progs[pi].path;
		p->program_len = f->progs[pi].len;
		p->arch = f->progs[pi].arch;
		p->emul = sys_arch_name(p->arch);
	}
	struct entry *tot = NULL;
	uint32_t totprog = 0;
	for (size_t i = 0; i <= nr; i++) {
		if (verbose && tot && (i == nr || r[i]->prog != totprog)) {
			/* "# from a.log (40 events), b.log (3 events)" */
			struct entry *t = tot;
			uint32_t *ids = xmalloc(t->nfile * sizeof(*ids) + 1);
			for (size_t k = 0; k < t->nfile; k++)
				ids[k] = (uint32_t)k;
			sbuf_reset(&b);
			sbuf_adds(&b, "# from ");
			for (size_t k = 0; k < t->nfile; k++) {
				size_t best = k;
				for (size_t q = k + 1; q < t->nfile; q++)
					if (strcmp(f->files[t->file[ids[q]]],
						   f->files[t->file[ids[best]]]) <
					    0)
						best = q;
				uint32_t s = ids[k];
				ids[k] = ids[best];
				ids[best] = s;
				if (k)
					sbuf_adds(&b, ", ");
				add_name(&b, f->files[t->file[ids[k]]]);
				sbuf_printf(&b, " (%u event%s)",
					    t->count[ids[k]],
					    t->count[ids[k]] == 1 ? "" : "s");
			}
			sbuf_addc(&b, '\n');
			in.pols[totprog].comment = arena_memdup(a, b.s, b.len);
			free(ids);
			tot = NULL;
		}
		if (i == nr)
			break;
		struct entry *e = r[i];
		if (verbose && e->total) {
			if (!tot) {
				tot = arena_alloc(a, sizeof(*tot));
				totprog = e->prog;
			}
			fold_account_merge(tot, e);
		}
		struct rule rule = {0};
		rule.name = e->name;
		rule.alias = e->alias;
		rule.cond = make_expr(a, e);
		rule.act.kind = e->err ? ACT_DENY : ACT_PERMIT;
		rule.act.err = e->err;
		sbuf_reset(&b);
		if (e->needed_why)
			sbuf_adds(&b, e->needed_why);
		if (e->why) {
			sbuf_adds(&b, e->why);
		}
		if (verbose && e->total)
			provenance(&b, f, e);
		rule.comment = b.len ? arena_memdup(a, b.s, b.len) : NULL;
		add_rule(&in.pols[e->prog], &rule);
	}
	sbuf_free(&b);

	struct policy_set *inp = &in;
	struct diags d = {0};
	policy_merge(out, &inp, 1, &d);
	diags_free(&d);
	/* a path seen absent may have become a permission (the kernel
	 * answers ENOENT): it counts, so that the line is the same
	 * whether the logs are folded together or apart and merged */
	bool *absent = xcalloc(f->nprogs + 1, sizeof(*absent));
	for (size_t i = 0; i < n; i++)
		if (f->ents[i]->err == ENOENT)
			absent[f->ents[i]->prog] = true;
	for (size_t i = 0; i < out->n; i++) {
		struct policy *p = &out->pols[i];
		bool any = false;
		for (uint32_t pi = 0; pi < f->nprogs && !any; pi++)
			any = absent[pi] && f->progs[pi].arch == p->arch &&
			      f->progs[pi].len == p->program_len &&
			      memcmp(f->progs[pi].path, p->program,
				     p->program_len) == 0;
		explain_broader(p, &out->arena, any);
	}
	free(absent);
	free(v);
	free(r);
}
