/*
 * fold.c: events into distinct rules. Memory grows with the number of
 * distinct rules (and of distinct spellings of them), not with the number
 * of events: each event is reduced to a key that is looked up in a hash
 * set; only a key never seen before is checked and canonicalised.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "genpolicy.h"
#include "quote.h"
#include "sys.h"

/* A spelling of an event already folded: its key, and its entry. */
struct rawent {
	uint64_t h;
	size_t len;
	size_t ent;
	/* events not yet counted in the entry: n of file (saves a visit to
	 * the entry per event) */
	uint32_t file;
	uint64_t n;
	char key[]; /* right after: one cache miss for both */
};

/*
 * A fast hash of n bytes, eight at a time: the keys are hashed once per
 * event, so util_hash's byte loop would be a fifth of the time.
 */
static uint64_t fast_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	while (n >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return h;
}

/* A system call of an architecture, checked once. */
struct callinfo {
	uint64_t h;
	uint32_t arch;
	const char *sys; /* interned */
	const struct call_args *ca;
	/* the alias of every call (ALIAS_ALWAYS), or NULL */
	const struct alias *always;
	/* the call is of the open family: the alias depends on oflags */
	bool byflags;
};

/* Which errors a policy keeps as a denial (see st-genpolicy(1)). */
static int deny_errno(int64_t e)
{
	switch (e) {
	case ENOENT: /* the path did not exist: the program copes */
	case EACCES: /* refused by permissions: it was never allowed */
	case EPERM:
		return (int)e;
	default:
		/* the call ran and reported something about the run (EAGAIN,
		 * EINTR, EEXIST, ENOTTY, ...): the call itself is needed */
		return 0;
	}
}

void fold_init(struct fold *f, bool aliases)
{
	memset(f, 0, sizeof(*f));
	f->aliases = aliases;
}

uint32_t fold_file(struct fold *f, const char *name)
{
	for (size_t i = 0; i < f->nfiles; i++)
		if (strcmp(f->files[i], name) == 0)
			return (uint32_t)i;
	if (f->nfiles == f->capfiles) {
		f->capfiles = f->capfiles ? f->capfiles * 2 : 8;
		f->files = xrealloc(f->files, f->capfiles * sizeof(*f->files));
	}
	f->files[f->nfiles] = arena_strdup(&f->arena, name);
	return (uint32_t)f->nfiles++;
}

/* Open addressing over index + 1; the caller keeps the hashes. */
static size_t *tab_grow(size_t *tab, size_t *cap, size_t n,
			uint64_t (*hash_of)(void *, size_t), void *ctx)
{
	size_t nc = *cap ? *cap * 2 : 1024;
	size_t *t = xcalloc(nc, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		size_t h = hash_of(ctx, i) & (nc - 1);
		while (t[h])
			h = (h + 1) & (nc - 1);
		t[h] = i + 1;
	}
	free(tab);
	*cap = nc;
	return t;
}

/* The spelling table, twice as large: slots of tag | index + 1. */
static uint64_t *raw_grow(uint64_t *tab, size_t *cap, struct rawent **raws,
			  size_t n)
{
	size_t nc = *cap ? *cap * 2 : 1024;
	uint64_t *t = xcalloc(nc, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		uint64_t h = raws[i]->h;
		size_t j = h & (nc - 1);
		while (t[j])
			j = (j + 1) & (nc - 1);
		t[j] = (h & 0xffffffff00000000ull) | (i + 1);
	}
	free(tab);
	*cap = nc;
	return t;
}

static uint64_t call_hash(void *ctx, size_t i)
{
	return ((struct fold *)ctx)->calls[i].h;
}

static uint64_t prog_hash_of(const struct prog *p)
{
	return util_hash(p->path, p->len) ^ (p->arch * 0x9e3779b97f4a7c15ull);
}

static uint64_t prog_hash(void *ctx, size_t i)
{
	return prog_hash_of(&((struct fold *)ctx)->progs[i]);
}

static uint32_t prog_get(struct fold *f, const char *path, size_t len,
			 uint32_t arch)
{
	struct prog p = {path, len, arch};
	uint64_t h = prog_hash_of(&p);
	if ((f->nprogs + 1) * 2 > f->progcap)
		f->progtab = tab_grow(f->progtab, &f->progcap, f->nprogs,
				      prog_hash, f);
	size_t i = h & (f->progcap - 1);
	for (; f->progtab[i]; i = (i + 1) & (f->progcap - 1)) {
		struct prog *q = &f->progs[f->progtab[i] - 1];
		if (q->arch == arch && q->len == len &&
		    memcmp(q->path, path, len) == 0)
			return (uint32_t)(f->progtab[i] - 1);
	}
	if (f->nprogs == f->capprogs) {
		f->capprogs = f->capprogs ? f->capprogs * 2 : 16;
		f->progs = xrealloc(f->progs, f->capprogs * sizeof(*f->progs));
	}
	p.path = arena_memdup(&f->arena, path, len);
	f->progs[f->nprogs] = p;
	f->progtab[i] = ++f->nprogs;
	return (uint32_t)(f->nprogs - 1);
}

static struct callinfo *call_get(struct fold *f, uint32_t arch, const char *sys)
{
	size_t n = strlen(sys);
	uint64_t h = util_hash(sys, n) ^ (arch * 0x9e3779b97f4a7c15ull);
	if ((f->ncalls + 1) * 2 > f->callcap)
		f->calltab = tab_grow(f->calltab, &f->callcap, f->ncalls,
				      call_hash, f);
	size_t i = h & (f->callcap - 1);
	for (; f->calltab[i]; i = (i + 1) & (f->callcap - 1)) {
		struct callinfo *c = &f->calls[f->calltab[i] - 1];
		if (c->h == h && c->arch == arch && strcmp(c->sys, sys) == 0)
			return c;
	}
	if (sys_lookup(arch, sys) < 0)
		return NULL;
	if (f->ncalls == f->capcalls) {
		f->capcalls = f->capcalls ? f->capcalls * 2 : 64;
		f->calls = xrealloc(f->calls, f->capcalls * sizeof(*f->calls));
	}
	struct callinfo *c = &f->calls[f->ncalls];
	memset(c, 0, sizeof(*c));
	c->h = h;
	c->arch = arch;
	c->sys = arena_memdup(&f->arena, sys, n);
	c->ca = args_of(sys);
	const struct alias *r = alias_for(sys, O_RDONLY);
	const struct alias *w = alias_for(sys, O_RDWR);
	if (r == w)
		c->always = r;
	else
		c->byflags = true;
	f->calltab[i] = ++f->ncalls;
	return c;
}

static void key_u32(struct sbuf *b, uint32_t v)
{
	sbuf_add(b, &v, sizeof(v));
}

static uint64_t ent_hash_key(const char *k, size_t n)
{
	return util_hash(k, n);
}

/* The canonical key of an entry: what makes two entries the same. */
static void ent_key(struct sbuf *b, const struct entry *e)
{
	sbuf_reset(b);
	key_u32(b, e->prog);
	key_u32(b, (uint32_t)e->err);
	sbuf_adds(b, e->name);
	sbuf_addc(b, '\0');
	for (unsigned i = 0; i < e->nconds; i++) {
		const struct cond *c = &e->conds[i];
		key_u32(b, c->arg | c->idx << 8 | (unsigned)c->op << 16);
		key_u32(b, (uint32_t)c->len);
		sbuf_add(b, c->val, c->len);
	}
}

static uint64_t ent_hash(void *ctx, size_t i)
{
	struct fold *f = ctx;
	ent_key(&f->scratch, f->ents[i]);
	return ent_hash_key(f->scratch.s, f->scratch.len);
}

static int cond_cmp(const void *a, const void *b)
{
	const struct cond *x = a, *y = b;
	if (x->arg != y->arg)
		return x->arg < y->arg ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->val, y->val, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * The entry equal to e (conditions sorted), made from a copy of e when
 * new. Returns its index.
 */
static size_t ent_get(struct fold *f, const struct entry *e)
{
	ent_key(&f->key, e);
	uint64_t h = ent_hash_key(f->key.s, f->key.len);
	if ((f->nents + 1) * 2 > f->entcap) {
		struct sbuf save = f->key;
		f->key = (struct sbuf){0};
		f->enttab =
			tab_grow(f->enttab, &f->entcap, f->nents, ent_hash, f);
		sbuf_free(&f->key);
		f->key = save;
	}
	size_t i = h & (f->entcap - 1);
	for (; f->enttab[i]; i = (i + 1) & (f->entcap - 1)) {
		ent_key(&f->scratch, f->ents[f->enttab[i] - 1]);
		if (f->scratch.len == f->key.len &&
		    memcmp(f->scratch.s, f->key.s, f->key.len) == 0)
			return f->enttab[i] - 1;
	}
	if (f->nents == f->capents) {
		f->capents = f->capents ? f->capents * 2 : 256;
		f->ents = xrealloc(f->ents, f->capents * sizeof(*f->ents));
	}
	struct entry *n = arena_alloc(&f->arena, sizeof(*n));
	*n = *e;
	n->conds = arena_alloc(&f->arena,
			       (e->nconds ? e->nconds : 1) * sizeof(*n->conds));
	for (unsigned k = 0; k < e->nconds; k++) {
		n->conds[k] = e->conds[k];
		n->conds[k].val = arena_memdup(&f->arena, e->conds[k].val,
					       e->conds[k].len);
	}
	n->file = n->count = NULL;
	n->nfile = n->capfile = 0;
	n->total = 0;
	f->ents[f->nents] = n;
	f->enttab[i] = ++f->nents;
	return f->nents - 1;
}

/* Count n events of file for entry e. */
static void account(struct entry *e, uint32_t file, uint64_t n)
{
	e->total += n;
	if (e->nfile && e->file[e->nfile - 1] == file) {
		e->count[e->nfile - 1] += (uint32_t)n;
		return;
	}
	for (size_t i = 0; i < e->nfile; i++) {
		if (e->file[i] == file) {
			e->count[i] += (uint32_t)n;
			return;
		}
	}
	if (e->nfile == e->capfile) {
		e->capfile = e->capfile ? e->capfile * 2 : 2;
		e->file = xrealloc(e->file, e->capfile * sizeof(*e->file));
		e->count = xrealloc(e->count, e->capfile * sizeof(*e->count));
	}
	e->file[e->nfile] = file;
	e->count[e->nfile++] = (uint32_t)n;
}

/* Merge the provenance of src into dst. */
void fold_account_merge(struct entry *dst, const struct entry *src)
{
	for (size_t i = 0; i < src->nfile; i++)
		account(dst, src->file[i], src->count[i]);
}

static int is(const struct log_arg *a, const char *s, size_t n)
{
	return a->name_len == n && memcmp(a->name, s, n) == 0;
}

/* An fd value: decimal, possibly negative, or AT_FDCWD. */
static int fd_ok(const char *s, size_t n)
{
	if (n == 8 && memcmp(s, "AT_FDCWD", 8) == 0)
		return 1;
	size_t i = n && s[0] == '-';
	if (i == n || n > 12)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static unsigned col(const struct log_event *ev, const char *p,
		    unsigned (*col_of)(const struct log_event *, const char *))
{
	return col_of ? col_of(ev, p) : ev->loc.col;
}

static int fail(struct diags *d, const struct log_event *ev, unsigned c,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(struct diags *d, const struct log_event *ev, unsigned c,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	struct loc at = ev->loc;
	at.col = c;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, SEV_ERROR, "input", &at, NULL, "%s", msg);
	return -1;
}

/* A name or value for a message, quoted, at most 64 bytes. */
static const char *shown(struct sbuf *b, const char *s, size_t n)
{
	sbuf_reset(b);
	quote_add(b, s, n > 64 ? 64 : n);
	if (n > 64)
		sbuf_adds(b, "...");
	return b->s;
}

/* Where the value of argument a starts in its line (after "="). */
static const char *val_at(const struct log_arg *a)
{
	const char *p = a->name + a->name_len;
	while (*p != '=')
		p++; /* "[N]": the line has the "=" of the argument */
	return p + 1;
}

static int arg_index(const char *name)
{
	for (int i = 0; args_names[i]; i++)
		if (args_names[i] == name)
			return i;
	return -1;
}

/* Check and canonicalise an event that was not seen in this spelling. */
static long slow_path(struct fold *f, const struct log_event *ev,
		      struct diags *d, int err, struct sbuf *vals,
		      unsigned (*col_of)(const struct log_event *,
					 const char *))
{
	struct callinfo *ci = call_get(f, ev->arch, ev->sys);
	if (!ci) {
		const char *an = sys_arch_name(ev->arch);
		if (sys_arch_having(ev->sys))
			return fail(d, ev, col(ev, ev->sys, col_of),
				    "system call \"%s\" does not exist on %s",
				    ev->sys, an ? an : "?");
		return fail(d, ev, col(ev, ev->sys, col_of),
			    "unknown system call %s",
			    shown(vals, ev->sys, ev->sys_len));
	}
	struct entry e = {0};
	struct cond conds[LOG_MAXARGS];
	size_t off[LOG_MAXARGS];
	bool has_oflags = false;
	uint64_t oflags = 0;
	unsigned n = 0;
	sbuf_reset(vals);
	for (unsigned i = 0; i < ev->nargs; i++) {
		const struct log_arg *a = &ev->args[i];
		char name[32];
		if (is(a, "exists", 6))
			continue; /* checked on the fast path */
		snprintf(name, sizeof(name), "%.*s",
			 (int)(a->name_len < 31 ? a->name_len : 31), a->name);
		const struct arg_spec *s =
			a->name_len < 31 ? args_find(ci->sys, name, a->idx)
					 : NULL;
		if (!s) {
			if (a->idx)
				return fail(d, ev, col(ev, a->name, col_of),
					    "system call \"%s\" has no "
					    "argument \"%s[%u]\"",
					    ci->sys, name, a->idx);
			return fail(d, ev, col(ev, a->name, col_of),
				    "system call \"%s\" has no argument "
				    "\"%s\"",
				    ci->sys, name);
		}
		for (unsigned j = 0; j < i; j++)
			if (ev->args[j].idx == a->idx &&
			    is(&ev->args[j], a->name, a->name_len))
				return fail(d, ev, col(ev, a->name, col_of),
					    "argument \"%s\" given twice",
					    name);
		if (s->type == ARGT_FD) {
			uint64_t v, mask;
			if (args_parse(s->type, a->val, &v, &mask) < 0) {
				struct sbuf t = {0};
				fail(d, ev, col(ev, val_at(a), col_of),
				     "invalid fd value %s",
				     shown(&t, a->val, a->len));
				sbuf_free(&t);
				return -1;
			}
			continue; /* descriptor numbers are not kept */
		}
		struct cond *c = &conds[n];
		c->arg = (unsigned)arg_index(s->name);
		c->idx = s->idx;
		c->op = OP_EQ;
		off[n] = vals->len;
		if (args_type_is_int(s->type)) {
			uint64_t v, mask;
			if (memchr(a->val, '\0', a->len) ||
			    args_parse(s->type, a->val, &v, &mask) < 0) {
				struct sbuf t = {0};
				fail(d, ev, col(ev, val_at(a), col_of),
				     "invalid %s value %s",
				     args_type_name(s->type),
				     shown(&t, a->val, a->len));
				sbuf_free(&t);
				return -1;
			}
			if (s->type == ARGT_OFLAGS) {
				has_oflags = true;
				oflags = v;
			}
			args_format(s->type, v, vals);
		} else {
			if (s->type == ARGT_SOCKADDR) {
				int fam, port;
				if (args_parse_sockaddr(a->val, a->len, &fam,
							&port) < 0) {
					struct sbuf t = {0};
					fail(d, ev, col(ev, val_at(a), col_of),
					     "invalid sockaddr value %s",
					     shown(&t, a->val, a->len));
					sbuf_free(&t);
					return -1;
				}
			}
			sbuf_add(vals, a->val, a->len);
		}
		c->len = vals->len - off[n];
		n++;
	}
	for (unsigned i = 0; i < n; i++)
		conds[i].val = vals->s + off[i];

	/* a call whose path is unknown is no member of an alias: its rule
	 * would be the alias without a condition */
	bool path_known = !args_find(ci->sys, args_names[0], 0);
	for (unsigned i = 0; i < n; i++)
		if (args_names[conds[i].arg] == args_names[0] && !conds[i].idx)
			path_known = true;
	const struct alias *al = NULL;
	if (f->aliases && path_known)
		al = ci->byflags
			     ? (has_oflags ? alias_for(ci->sys, oflags) : NULL)
			     : ci->always;
	e.prog = prog_get(f, ev->program, ev->program_len, ev->arch);
	if (al) {
		/* the alias keeps the paths: the other arguments belong to
		 * the member calls, not to the alias */
		unsigned m = 0;
		for (unsigned i = 0; i < n; i++)
			if (args_names[conds[i].arg] == args_names[0])
				conds[m++] = conds[i];
		n = m;
		e.name = al->name;
		e.alias = true;
	} else {
		e.name = ci->sys;
	}
	qsort(conds, n, sizeof(*conds), cond_cmp);
	e.conds = conds;
	e.nconds = n;
	/* a denial without a condition would deny every such call, one
	 * without its path every such call on any path */
	e.err = n && path_known ? err : 0;
	return (long)ent_get(f, &e);
}

int fold_event(struct fold *f, uint32_t file, const struct log_event *ev,
	       struct diags *d,
	       unsigned (*col_of)(const struct log_event *, const char *))
{
	struct sbuf *k = &f->key;
	int err = ev->rkind == LOG_RES_ERRNO ? deny_errno(ev->result) : 0;

	size_t need = ev->program_len + ev->sys_len + 10;
	for (unsigned i = 0; i < ev->nargs; i++)
		need += ev->args[i].name_len + ev->args[i].len + 8;
	sbuf_reset(k);
	sbuf_grow(k, need);
	char *w = k->s;
	memcpy(w, ev->program, ev->program_len + 1);
	w += ev->program_len + 1;
	memcpy(w, ev->sys, ev->sys_len + 1);
	w += ev->sys_len + 1;
	for (unsigned i = 0; i < ev->nargs; i++) {
		const struct log_arg *a = &ev->args[i];
		if (a->name_len == 2 && a->name[0] == 'f' &&
		    a->name[1] == 'd' && a->idx < 2 && fd_ok(a->val, a->len))
			continue;
		if (is(a, "exists", 6) && a->idx == 0) {
			if (a->len == 2 && memcmp(a->val, "no", 2) == 0) {
				if (ev->rkind != LOG_RES_VALUE)
					err = ENOENT;
			} else if (!(a->len == 3 &&
				     memcmp(a->val, "yes", 3) == 0)) {
				struct sbuf t = {0};
				fail(d, ev, col(ev, val_at(a), col_of),
				     "invalid exists value %s (yes or no)",
				     shown(&t, a->val, a->len));
				sbuf_free(&t);
				return -1;
			}
			continue;
		}
		uint32_t v[2] = {a->idx, (uint32_t)a->len};
		memcpy(w, a->name, a->name_len);
		w += a->name_len;
		memcpy(w, v, sizeof(v));
		w += sizeof(v);
		memcpy(w, a->val, a->len);
		w += a->len;
	}
	k->len = (size_t)(w - k->s);
	key_u32(k, ev->arch);
	key_u32(k, (uint32_t)err);
	uint64_t h = fast_hash(k->s, k->len);

	if ((f->nraws + 1) * 2 > f->rawcap)
		f->rawtab = raw_grow(f->rawtab, &f->rawcap, f->raws, f->nraws);
	/* a slot holds the hash's high half as a tag and the index + 1 */
	uint64_t tag = h & 0xffffffff00000000ull;
	size_t i = h & (f->rawcap - 1);
	for (; f->rawtab[i]; i = (i + 1) & (f->rawcap - 1)) {
		if ((f->rawtab[i] & 0xffffffff00000000ull) != tag)
			continue;
		struct rawent *r = f->raws[(f->rawtab[i] & 0xffffffffu) - 1];
		if (r->len == k->len && memcmp(r->key, k->s, k->len) == 0) {
			if (r->file != file) {
				if (r->n)
					account(f->ents[r->ent], r->file, r->n);
				r->file = file;
				r->n = 0;
			}
			r->n++;
			return 0;
		}
	}
	/* a new spelling: keep its key before slow_path reuses f->key */
	struct rawent *r = arena_alloc(&f->arena, sizeof(*r) + k->len);
	r->h = h;
	r->len = k->len;
	memcpy(r->key, k->s, k->len);
	struct sbuf vals = {0};
	long ent = slow_path(f, ev, d, err, &vals, col_of);
	sbuf_free(&vals);
	if (ent < 0)
		return -1;
	if (f->nraws == f->capraws) {
		f->capraws = f->capraws ? f->capraws * 2 : 256;
		f->raws = xrealloc(f->raws, f->capraws * sizeof(*f->raws));
	}
	if (f->nraws >= 0xffffffffu)
		diag_errx(EXIT_TROUBLE, "too many distinct events");
	r->ent = (size_t)ent;
	r->file = file;
	r->n = 1;
	f->raws[f->nraws] = r;
	/* the table did not grow since i was found: slow_path touches
	 * other tables only */
	f->rawtab[i] = tag | ++f->nraws;
	return 0;
}

void fold_flush(struct fold *f)
{
	for (size_t i = 0; i < f->nraws; i++) {
		struct rawent *r = f->raws[i];
		if (r->n)
			account(f->ents[r->ent], r->file, r->n);
		r->n = 0;
	}
}
