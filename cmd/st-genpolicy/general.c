/*
 * general.c: generalisation, explicit and reviewable (-G, -g). Each step
 * rewrites exact path permissions into a match pattern and says so in a
 * comment on the rule; none widens onto a sensitive path. The steps and
 * the rules-file format are documented in st-genpolicy(1).
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "genpolicy.h"
#include "quote.h"

/* A pattern from a rules file: exact paths it matches become it. */
struct gmatch {
	char *pat;
	char *why;
};

struct general {
	bool proc, home, tmp, dir;
	size_t threshold;
	char *homedir;
	struct gmatch *m;
	size_t nm;
	char **sens;
	size_t nsens;
};

/*
 * Never generalised onto (fnmatch with FNM_PATHNAME|FNM_LEADING_DIR, as
 * policies match, so a directory covers its tree): the secrets of the
 * system and of users. "~" is the home of the user running st-genpolicy.
 */
static const char *const builtin_sensitive[] = {
	"/etc/shadow",
	"/etc/shadow-",
	"/etc/gshadow",
	"/etc/gshadow-",
	"/etc/sudoers",
	"/etc/sudoers.d",
	"/etc/security/opasswd",
	"/etc/ssh/ssh_host_*_key",
	"/etc/ssl/private",
	"/etc/krb5.keytab",
	"/etc/libvirt/secrets",
	"/root",
	"/home/*/.ssh",
	"/home/*/.gnupg",
	"/home/*/.netrc",
	"/home/*/.pgpass",
	"/home/*/.aws",
	"/home/*/.kube",
	"/home/*/.docker/config.json",
	"/home/*/.config/gcloud",
	"/home/*/.password-store",
	"/proc/*/mem",
	"/proc/*/environ",
	"/proc/kcore",
	"/dev/mem",
	"/dev/kmem",
	"/sys/firmware",
	"/var/lib/sss",
	"/var/lib/docker/volumes",
	"~/.ssh",
	"~/.gnupg",
	"~/.netrc",
	"~/.pgpass",
	"~/.aws",
	"~/.password-store",
};

static void add_sensitive(struct general *g, const char *pat)
{
	g->sens = xrealloc(g->sens, (g->nsens + 1) * sizeof(*g->sens));
	if (pat[0] == '~' && (pat[1] == '/' || !pat[1])) {
		if (!g->homedir)
			return;
		struct sbuf b = {0};
		sbuf_adds(&b, g->homedir);
		sbuf_adds(&b, pat + 1);
		g->sens[g->nsens++] = b.s;
		return;
	}
	g->sens[g->nsens++] = xstrdup(pat);
}

struct general *general_new(void)
{
	struct general *g = xcalloc(1, sizeof(*g));
	const char *h = getenv("HOME");
	if (!h || h[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		h = pw ? pw->pw_dir : NULL;
	}
	if (h && h[0] == '/') {
		g->homedir = xstrdup(h);
		size_t n = strlen(g->homedir);
		while (n > 1 && g->homedir[n - 1] == '/')
			g->homedir[--n] = '\0';
	}
	g->threshold = 5;
	for (size_t i = 0;
	     i < sizeof(builtin_sensitive) / sizeof(builtin_sensitive[0]); i++)
		add_sensitive(g, builtin_sensitive[i]);
	return g;
}

void general_builtin(struct general *g)
{
	g->proc = g->home = g->tmp = g->dir = true;
}

static int fail(struct diags *d, const char *file, unsigned line,
		const char *bol, const char *at, const char *msg)
{
	struct loc loc = {file, line, (unsigned)(at - bol) + 1};
	diag_add(d, SEV_ERROR, "syntax", &loc, NULL, "%s", msg);
	return 1;
}

size_t general_load(struct general *g, const char *path, struct diags *d)
{
	char *buf;
	size_t len, errors = 0;
	if (util_read_file(path, &buf, &len) < 0) {
		diag_warn("%s", path);
		d->errors++;
		return 1;
	}
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	const char *end = buf + len;
	unsigned line = 0;
	for (const char *s = buf; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end, *bol = s, *p = s;
		s = nl ? nl + 1 : end;
		line++;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p == '#')
			continue;
		const char *w = p;
		while (p < eol && isalpha((unsigned char)*p))
			p++;
		size_t wn = (size_t)(p - w);
		int kind = wn == 5 && !memcmp(w, "match", 5)	   ? 1
			   : wn == 9 && !memcmp(w, "sensitive", 9) ? 2
			   : wn == 3 && !memcmp(w, "dir", 3)	   ? 3
								   : 0;
		if (!kind || (p < eol && *p != ' ' && *p != '\t')) {
			errors += fail(d, file, line, bol, w,
				       "unknown directive (match, sensitive "
				       "or dir)");
			continue;
		}
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		const char *arg = p;
		struct sbuf v = {0};
		if (p < eol && *p == '"') {
			const char *next, *why;
			if (quote_parse(p, eol, &v, &next, &why) < 0) {
				errors += fail(d, file, line, bol, next, why);
				sbuf_free(&v);
				continue;
			}
			p = next;
		} else {
			while (p < eol && *p != ' ' && *p != '\t')
				p++;
			sbuf_add(&v, arg, (size_t)(p - arg));
		}
		while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (!v.len || (p < eol && *p != '#')) {
			errors += fail(d, file, line, bol, v.len ? p : arg,
				       v.len ? "unexpected text after the "
					       "argument"
					     : "missing argument");
			sbuf_free(&v);
			continue;
		}
		if (kind == 3) {
			long long t;
			const char *es;
			if (st_strtonum(v.s, 2, 1000000, &t, &es) < 0) {
				errors += fail(d, file, line, bol, arg,
					       "invalid dir threshold (2 to "
					       "1000000)");
				sbuf_free(&v);
				continue;
			}
			g->dir = true;
			g->threshold = (size_t)t;
		} else if (v.s[0] != '/' && !(kind == 2 && v.s[0] == '~')) {
			errors += fail(d, file, line, bol, arg,
				       "a pattern must be an absolute path");
			sbuf_free(&v);
			continue;
		} else if (kind == 2) {
			add_sensitive(g, v.s);
		} else {
			g->m = xrealloc(g->m, (g->nm + 1) * sizeof(*g->m));
			struct sbuf why = {0};
			sbuf_printf(&why, "# generalised by -g %s:%u\n", file,
				    line);
			g->m[g->nm].pat = xstrdup(v.s);
			g->m[g->nm].why = why.s;
			g->nm++;
		}
		sbuf_free(&v);
	}
	free(buf);
	return errors;
}

static bool wild(char c)
{
	return c == '*' || c == '?' || c == '[' || c == '\\';
}

/* Append literal bytes to a pattern, escaping what fnmatch would read. */
static void lit(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (wild(s[i]))
			sbuf_addc(b, '\\');
		sbuf_addc(b, s[i]);
	}
}

static bool matches(const char *pat, const char *s)
{
	return fnmatch(pat, s, FNM_PATHNAME | FNM_LEADING_DIR) == 0;
}

static bool has_wild(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (wild(s[i]))
			return true;
	return false;
}

/*
 * Whether patterns a and b may match a common path (or one a path below
 * the other's: match covers trees). Component by component: two literals
 * must be equal, a literal must match the other's pattern; two patterns
 * are assumed to overlap. Conservative: true when unsure.
 */
static bool overlap(const char *a, const char *b)
{
	for (;;) {
		while (*a == '/')
			a++;
		while (*b == '/')
			b++;
		if (!*a || !*b)
			return true; /* one is a directory above the other */
		size_t an = strcspn(a, "/"), bn = strcspn(b, "/");
		bool aw = has_wild(a, an), bw = has_wild(b, bn);
		char *ac = xmemdup(a, an), *bc = xmemdup(b, bn);
		bool ok;
		if (!aw && !bw)
			ok = an == bn && !memcmp(a, b, an);
		else if (aw && bw)
			ok = true;
		else if (aw)
			ok = fnmatch(ac, bc, 0) == 0;
		else
			ok = fnmatch(bc, ac, 0) == 0;
		free(ac);
		free(bc);
		if (!ok)
			return false;
		a += an;
		b += bn;
	}
}

static bool sensitive_path(const struct general *g, const char *p)
{
	for (size_t i = 0; i < g->nsens; i++)
		if (matches(g->sens[i], p))
			return true;
	return false;
}

static bool sensitive_pattern(const struct general *g, const char *pat)
{
	for (size_t i = 0; i < g->nsens; i++)
		if (overlap(pat, g->sens[i]))
			return true;
	return false;
}

/* /proc/PID/... (and .../task/TID/...): any process's own files. */
static bool step_proc(const char *p, struct sbuf *out)
{
	if (strncmp(p, "/proc/", 6) != 0 || !isdigit((unsigned char)p[6]))
		return false;
	const char *q = p + 6;
	while (isdigit((unsigned char)*q))
		q++;
	if (*q && *q != '/')
		return false;
	sbuf_adds(out, "/proc/[0-9]*");
	if (strncmp(q, "/task/", 6) == 0 && isdigit((unsigned char)q[6])) {
		const char *t = q + 6;
		while (isdigit((unsigned char)*t))
			t++;
		if (!*t || *t == '/') {
			sbuf_adds(out, "/task/[0-9]*");
			q = t;
		}
	}
	lit(out, q, strlen(q));
	return true;
}

/* HOME/rest -> $HOME/rest (st-policy(5): st-run reads it from HOME). */
static bool step_home(const struct general *g, const char *p, struct sbuf *out)
{
	const char *h = g->homedir;
	if (!h || !strcmp(h, "/"))
		return false;
	size_t n = strlen(h);
	if (strncmp(p, h, n) != 0 || p[n] != '/')
		return false;
	sbuf_adds(out, "$HOME");
	sbuf_adds(out, p + n);
	return true;
}

/* A name in a temporary directory ending in a random-looking run. */
static bool step_tmp(const char *p, struct sbuf *out)
{
	static const char *const dirs[] = {"/tmp/", "/var/tmp/", "/dev/shm/"};
	const char *tmpdir = getenv("TMPDIR");
	size_t dn = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !dn; i++)
		if (strncmp(p, dirs[i], strlen(dirs[i])) == 0)
			dn = strlen(dirs[i]);
	if (!dn && tmpdir && tmpdir[0] == '/' &&
	    strncmp(p, tmpdir, strlen(tmpdir)) == 0 && p[strlen(tmpdir)] == '/')
		dn = strlen(tmpdir) + 1;
	if (!dn || strchr(p + dn, '/'))
		return false;
	size_t n = strlen(p), k = n;
	while (k > dn && isalnum((unsigned char)p[k - 1]))
		k--;
	size_t run = n - k;
	if (run < 6)
		return false;
	int up = 0, low = 0, dig = 0;
	for (size_t i = k; i < n; i++) {
		up |= isupper((unsigned char)p[i]) != 0;
		low |= islower((unsigned char)p[i]) != 0;
		dig |= isdigit((unsigned char)p[i]) != 0;
	}
	if (up + low + dig < 2)
		return false; /* "/tmp/logfile": a word, not a random name */
	lit(out, p, k);
	for (size_t i = k; i < n; i++)
		sbuf_addc(out, '?');
	return true;
}

static bool is_exec(const struct entry *e)
{
	return !strcmp(e->name, "execve") || !strcmp(e->name, "execveat");
}

static bool is_path(const struct cond *c)
{
	return args_names[c->arg] == args_names[0] && c->op == OP_EQ;
}

/* Rewrite one exact path by the first step that applies. */
static void rewrite(struct general *g, struct fold *f, struct entry *e,
		    struct cond *c)
{
	char *p = xmemdup(c->val, c->len);
	if (strlen(p) != c->len || sensitive_path(g, p)) {
		free(p);
		return; /* a sensitive path keeps its exact rule */
	}
	struct sbuf b = {0};
	const char *why = NULL;
	for (size_t i = 0; i < g->nm && !why; i++)
		if (matches(g->m[i].pat, p)) {
			sbuf_adds(&b, g->m[i].pat);
			why = g->m[i].why;
		}
	if (!why && g->proc && step_proc(p, &b))
		why = "# generalised by -G proc: the process's own /proc/PID\n";
	bool exact = false;
	if (!why && g->home && (sbuf_reset(&b), step_home(g, p, &b))) {
		why = "# generalised by -G home: the home of the user st-run "
		      "runs as\n";
		exact = true; /* still one path, for each user */
	}
	if (!why && g->tmp && (sbuf_reset(&b), step_tmp(p, &b)))
		why = "# generalised by -G tmpname: a random temporary name\n";
	if (why && (exact || !sensitive_pattern(g, b.s))) {
		if (!exact)
			c->op = OP_MATCH;
		c->val = arena_memdup(&f->arena, b.s, b.len);
		c->len = b.len;
		e->why = why;
	}
	sbuf_free(&b);
	free(p);
}

static int dir_cmp(const void *pa, const void *pb)
{
	const struct entry *x = *(struct entry *const *)pa;
	const struct entry *y = *(struct entry *const *)pb;
	int c = entry_cmp_call(x, y);
	if (c)
		return c;
	const struct cond *a = &x->conds[0], *b = &y->conds[0];
	size_t an = (size_t)((char *)memrchr(a->val, '/', a->len) - a->val);
	size_t bn = (size_t)((char *)memrchr(b->val, '/', b->len) - b->val);
	size_t n = an < bn ? an : bn;
	c = memcmp(a->val, b->val, n);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

/* Whether x and y are in one dir step group (same call, same dir). */
static bool same_dir(const struct entry *x, const struct entry *y)
{
	return dir_cmp(&x, &y) == 0;
}

size_t general_apply(struct general *g, struct fold *f, struct entry **r,
		     size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct entry *e = r[i];
		if (e->err || is_exec(e))
			continue; /* denials and execs stay exact */
		for (unsigned k = 0; k < e->nconds; k++)
			if (is_path(&e->conds[k]))
				rewrite(g, f, e, &e->conds[k]);
	}
	if (!g->dir)
		return nr;
	/* many files of one directory: that directory's tree */
	struct entry **c = xmalloc((nr + 1) * sizeof(*c));
	size_t nc = 0;
	for (size_t i = 0; i < nr; i++) {
		struct entry *e = r[i];
		if (!e->err && !is_exec(e) && e->nconds == 1 &&
		    is_path(&e->conds[0]) && !e->conds[0].idx &&
		    e->conds[0].len && e->conds[0].val[0] == '/')
			c[nc++] = e;
	}
	qsort(c, nc, sizeof(*c), dir_cmp);
	for (size_t i = 0; i < nc;) {
		size_t j = i + 1;
		while (j < nc && same_dir(c[i], c[j]))
			j++;
		const struct cond *k = &c[i]->conds[0];
		size_t dn =
			(size_t)((char *)memrchr(k->val, '/', k->len) - k->val);
		const char *second =
			dn ? memchr(k->val + 1, '/', dn - 1) : NULL;
		/*
		 * Absent paths in the tree need no denial of their own once
		 * it is permitted (the kernel answers ENOENT); a refusal in
		 * it (EACCES, EPERM) keeps the paths exact, as a denial inside
		 * a permitted tree is what Landlock cannot enforce.
		 */
		size_t absent = 0;
		bool refused = false;
		for (size_t q = 0; q < nr && j - i >= g->threshold; q++) {
			const struct entry *x = r[q];
			if (!x->err || x->prog != c[i]->prog ||
			    strcmp(x->name, c[i]->name) != 0)
				continue;
			for (unsigned m = 0; m < x->nconds; m++) {
				const struct cond *y = &x->conds[m];
				if (is_path(y) && y->len > dn &&
				    !memcmp(y->val, k->val, dn) &&
				    y->val[dn] == '/') {
					if (x->err == ENOENT && x->nconds == 1)
						absent++;
					else
						refused = true;
				}
			}
		}
		if (j - i >= g->threshold && second && !refused) {
			struct sbuf b = {0};
			lit(&b, k->val, dn);
			sbuf_adds(&b, "/*");
			if (!sensitive_pattern(g, b.s)) {
				char *pat = arena_memdup(&f->arena, b.s, b.len);
				sbuf_reset(&b);
				sbuf_printf(&b,
					    "# generalised by -G dir: %zu "
					    "paths in %.*s",
					    j - i, (int)dn, k->val);
				if (absent)
					sbuf_printf(&b, " (and %zu absent)",
						    absent);
				sbuf_addc(&b, '\n');
				for (size_t q = 0; absent && q < nr; q++) {
					struct entry *x = r[q];
					const struct cond *y = &x->conds[0];
					if (x->err == ENOENT &&
					    x->nconds == 1 &&
					    x->prog == c[i]->prog &&
					    !strcmp(x->name, c[i]->name) &&
					    is_path(y) && y->len > dn &&
					    !memcmp(y->val, k->val, dn) &&
					    y->val[dn] == '/') {
						x->dropped = true;
						fold_account_merge(c[i], x);
					}
				}
				char *why = arena_memdup(&f->arena, b.s, b.len);
				for (size_t q = i; q < j; q++) {
					c[q]->conds[0].op = OP_MATCH;
					c[q]->conds[0].val = pat;
					c[q]->conds[0].len = strlen(pat);
					c[q]->why = why;
				}
			}
			sbuf_free(&b);
		}
		i = j;
	}
	free(c);
	return nr;
}
