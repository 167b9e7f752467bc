/*
 * t-policy.c: unit tests of the policy language: parser, printer, round
 * trips over every fixture and over generated policies, and the algebra
 * of merge checked as properties against an evaluator.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "policy.h"
#include "sys.h"
#include "tap.h"

static char *print(const struct policy_set *ps)
{
	struct sbuf b = {0};
	policy_print(&b, ps);
	return b.s ? b.s : xstrdup("");
}

/* Parse text; returns the number of errors, diagnostics in *d. */
static size_t parse(struct policy_set *ps, const char *text, struct diags *d)
{
	return policy_parse(ps, "t.policy", text, strlen(text), d);
}

/* The canonical form of text (merge of one), or NULL on errors. */
static char *canon(const char *text)
{
	struct policy_set ps = {0}, out = {0};
	struct diags d = {0};
	if (parse(&ps, text, &d)) {
		diags_free(&d);
		policy_set_free(&ps);
		return NULL;
	}
	struct policy_set *in = &ps;
	policy_merge(&out, &in, 1, &d);
	char *s = print(&out);
	policy_set_free(&out);
	policy_set_free(&ps);
	diags_free(&d);
	return s;
}

/* Merge texts; *conflicts counts the diagnostics of that code. */
static char *merged_code(const char *const *texts, size_t n, const char *code,
			 size_t *conflicts)
{
	struct policy_set ps[8] = {0}, out = {0};
	struct policy_set *in[8];
	struct diags d = {0};
	for (size_t i = 0; i < n; i++) {
		parse(&ps[i], texts[i], &d);
		in[i] = &ps[i];
	}
	policy_merge(&out, in, n, &d);
	if (conflicts) {
		*conflicts = 0;
		for (size_t i = 0; i < d.n; i++)
			if (strcmp(d.v[i].code, code) == 0)
				++*conflicts;
	}
	char *s = print(&out);
	policy_set_free(&out);
	for (size_t i = 0; i < n; i++)
		policy_set_free(&ps[i]);
	diags_free(&d);
	return s;
}

/* Merge, counting order conflicts: no order keeps every input's answers */
static char *merged(const char *const *texts, size_t n, size_t *conflicts)
{
	return merged_code(texts, n, "order-conflict", conflicts);
}

/* The first diagnostic of parsing text, as "LINE:COL: message". */
static char *first_error(const char *text)
{
	static char buf[512];
	struct policy_set ps = {0};
	struct diags d = {0};
	parse(&ps, text, &d);
	if (!d.n)
		snprintf(buf, sizeof(buf), "(none)");
	else
		snprintf(buf, sizeof(buf), "%u:%u: %s", d.v[0].loc.line,
			 d.v[0].loc.col, d.v[0].msg);
	diags_free(&d);
	policy_set_free(&ps);
	return buf;
}

static void test_parse_print(void)
{
	const char *in = "# inetd\n"
			 "Policy: /usr/sbin/inetd, Emulation: linux64\n"
			 "  native-accept:   permit\n"
			 "\tbind: sockaddr eq \"inet-[127.0.0.1]:13\" then "
			 "permit # daytime\n"
			 "\tfsread: filename match \"/usr/lib/*\" then permit\n"
			 "\tptrace: deny log\n"
			 "\topenat: filename eq \"/x\" then deny[enoent]\n"
			 "\tsocket: sockdom eq \"AF_INET\" and socktype eq "
			 "\"SOCK_STREAM\" or true then permit\n"
			 "\trename: filename[1] eq \"a b\" then kill\n"
			 "\tunlink: not (filename eq \"/a\" or filename eq "
			 "\"/b\") then ask\n";
	const char *want =
		"# inetd\n"
		"Policy: /usr/sbin/inetd, Emulation: x86_64\n"
		"\taccept: permit\n"
		"\tbind: sockaddr eq \"inet-[127.0.0.1]:13\" then permit "
		"# daytime\n"
		"\tfsread: filename match \"/usr/lib/*\" then permit\n"
		"\tptrace: deny[EPERM] log\n"
		"\topenat: filename eq \"/x\" then deny[ENOENT]\n"
		"\tsocket: (sockdom eq \"AF_INET\" and socktype eq "
		"\"SOCK_STREAM\") or true then permit\n"
		"\trename: filename[1] eq \"a b\" then kill\n"
		"\tunlink: not (filename eq \"/a\" or filename eq \"/b\") then "
		"ask\n";
	struct policy_set ps = {0};
	struct diags d = {0};
	is(parse(&ps, in, &d), 0, "a policy in every form parses");
	char *got = print(&ps);
	is_str(got, want, "printed in canonical spelling, in file order");
	ok(ps.n == 1 && ps.pols[0].nrules == 8, "one policy, eight rules");
	if (ps.n == 1) {
		is(ps.pols[0].rules[1].loc.line, 4, "rule keeps its line");
		is(ps.pols[0].rules[1].loc.col, 2, "and its column");
		ok(ps.pols[0].rules[1].trailing &&
			   strcmp(ps.pols[0].rules[1].trailing, "# daytime") ==
				   0,
		   "trailing comment kept");
	}
	free(got);
	policy_set_free(&ps);
	diags_free(&d);

	/* and binds tighter than or */
	ps = (struct policy_set){0};
	parse(&ps,
	      "Policy: /p, Emulation: x86_64\n"
	      "\topenat: filename eq \"/a\" or filename eq \"/b\" and "
	      "oflags eq \"ro\" then permit\n",
	      &d);
	struct expr *e = ps.n ? ps.pols[0].rules[0].cond : NULL;
	ok(e && e->kind == EXPR_OR && e->nkids == 2 &&
		   e->kids[1]->kind == EXPR_AND && !e->kids[1]->paren,
	   "and binds tighter than or, no parentheses recorded");
	policy_set_free(&ps);
	diags_free(&d);
}

static void test_errors(void)
{
	static const struct {
		const char *text, *want;
	} t[] = {
		{"\topenat: permit\n",
		 "1:2: rule outside a policy (a \"Policy:\" line must come "
		 "first)"},
		{"Policy: /p, Emulation: x86_64\n\topne: permit\n",
		 "2:2: unknown system call \"opne\""},
		{"Policy: /p, Emulation: aarch64\n\topen: permit\n",
		 "2:2: system call \"open\" does not exist on aarch64"},
		{"Policy: /p, Emulation: x86_64\n\tptrace: deny[EFOO]\n",
		 "2:15: unknown errno \"EFOO\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename eq \"/x "
		 "then permit\n",
		 "2:22: unterminated string"},
		{"Policy: /p, Emulation: x86_64\n\tx86-read: permit\n",
		 "2:2: emulation \"x86\" does not match the policy's "
		 "\"x86_64\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename eq \"/x\" "
		 "then\n",
		 "2:31: expected an action, found end of line"},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename eq "
		 "\"/x\"\n",
		 "2:26: expected \"then\" after the condition, found end of "
		 "line"},
		{"Policy: /p, Emulation: x86_64\n\topenat: sockaddr eq \"x\" "
		 "then permit\n",
		 "2:10: system call \"openat\" has no argument \"sockaddr\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: nosuch eq \"x\" "
		 "then permit\n",
		 "2:10: unknown argument \"nosuch\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename equals "
		 "\"x\" then permit\n",
		 "2:19: unknown operator \"equals\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: oflags eq \"rq\" "
		 "then permit\n",
		 "2:20: invalid oflags value \"rq\""},
		{"Policy: /p, Emulation: vax\n",
		 "1:24: unknown emulation \"vax\""},
		{"Policy: /p\n",
		 "1:11: expected \",\" after the program path, found end of "
		 "line"},
		{"Policy: /p, Emulation: x86_64\n\tread: permit please\n",
		 "2:15: unexpected \"please\" after the action"},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename eq \"\\q\" "
		 "then permit\n",
		 "2:23: invalid escape"},
		{"Policy: /p, Emulation: x86_64\n\topenat: (filename eq \"/x\" "
		 "then permit\n",
		 "2:28: expected \")\", found \"then\""},
		{"Policy: /p, Emulation: x86_64\n\topenat: filename re \"(\" "
		 "then permit\n",
		 "2:22: invalid regular expression: Unmatched ( or \\("},
		{"Policy: /p, Emulation: x86_64\n\x01\x02\n",
		 "2:1: unexpected \"\\x01\""},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		is_str(first_error(t[i].text), t[i].want, "error %zu", i);

	/* every error of a file, one per line, parsing goes on */
	struct policy_set ps = {0};
	struct diags d = {0};
	size_t n = parse(&ps,
			 "Policy: /p, Emulation: x86_64\n\topne: permit\n"
			 "\tread: permit\n\twrite: deny[EBAR]\n",
			 &d);
	is(n, 2, "two errors found");
	ok(ps.n == 1 && ps.pols[0].nrules == 1, "the good rule is kept");
	policy_set_free(&ps);
	diags_free(&d);
}

/* ----- generated policies ----- */

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const atoms[] = {
	"filename eq \"/etc/passwd\"",
	"filename eq \"/etc/shadow\"",
	"filename eq \"/usr/lib/libc.so\"",
	"filename match \"/etc/*\"",
	"filename match \"/usr/lib/*\"",
	"filename match \"/usr\"",
	"filename eq \"/tmp/x\"",
	"filename neq \"/etc/passwd\"",
	"filename sub \"pass\"",
	"filename inpath \"/tmp\"",
	"filename eq \"/a b\\n\\\"q\\\"\\xff\"",
};
static const char *const samples[] = {
	"/etc/passwd",	"/etc/shadow", "/etc/hosts",	  "/usr/lib/libc.so",
	"/usr/lib/x/y", "/usr",	       "/usr/bin",	  "/tmp/x",
	"/tmp/y",	"/passwd",     "/a b\n\"q\"\xff",
};
static const char *const names[] = {"openat", "fsread", "unlink"};
static const char *const actions[] = {
	"permit", "permit", "permit",	  "deny[EPERM]",      "deny[ENOENT]",
	"kill",	  "ask",    "permit log", "deny[EACCES] log",
};

/*
 * 1: policies as st-genpolicy folds them: exact files and directory
 * matches, permit or ENOENT, no rule in the shadow of an earlier one.
 */
static int realistic;

static void gen_cond(struct sbuf *b)
{
	unsigned k = rnd(20);
	const char *a = atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))];
	const char *c = atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))];
	if (k < 12)
		sbuf_printf(b, "%s", a);
	else if (k < 15)
		sbuf_printf(b, "%s and %s", a, c);
	else if (k < 18)
		sbuf_printf(b, "(%s or %s)", a, c);
	else if (k < 19)
		sbuf_printf(b, "not %s", a);
	else
		sbuf_printf(b, "true");
}

/* A random policy text over the pools above. */
static char *gen_policy(void)
{
	struct sbuf b = {0};
	/* one block per program: a file's blocks of one program are a union
	 * like separate inputs, which the evaluator below does not model */
	unsigned first = rnd(3), np = 1 + rnd(2);
	for (unsigned p = 0; p < np; p++) {
		sbuf_printf(&b, "Policy: /bin/p%u, Emulation: x86_64\n",
			    (first + p) % 3);
		unsigned nr = rnd(12);
		/* folded: the atoms each call has used */
		static const int folded[] = {0, 1, 2, 6, 10, 3, 4};
		static const int covered_by[] = {3, 3, 4, -1, -1, -1, -1};
		bool used[3][7] = {{0}};
		for (unsigned r = 0; r < nr && realistic; r++) {
			unsigned n = rnd(3), k = rnd(7);
			if (used[n][k] || (covered_by[k] >= 0 &&
					   used[n][covered_by[k] == 3 ? 5 : 6]))
				continue;
			used[n][k] = true;
			sbuf_printf(&b, "\t%s: %s then %s\n", names[n],
				    atoms[folded[k]],
				    k >= 5 || rnd(4) ? "permit"
						     : "deny[ENOENT]");
		}
		for (unsigned r = 0; r < nr && !realistic; r++) {
			if (rnd(8) == 0)
				sbuf_printf(&b, "\t# why %u\n", rnd(3));
			if (rnd(16) == 0)
				sbuf_printf(&b, "\t# z\n\t# because %u\n",
					    rnd(3));
			sbuf_printf(&b, "\t%s: ", names[rnd(3)]);
			if (rnd(10)) {
				gen_cond(&b);
				sbuf_adds(&b, " then ");
			}
			sbuf_printf(&b, "%s",
				    actions[rnd(sizeof(actions) /
						sizeof(actions[0]))]);
			if (rnd(6) == 0)
				sbuf_printf(&b, " # t%u", rnd(3));
			sbuf_addc(&b, '\n');
		}
	}
	return b.s ? b.s : xstrdup("");
}

/* ----- an evaluator, to check that merge keeps meanings ----- */

static bool eval(const struct expr *e, const char *path)
{
	if (!e)
		return true;
	switch (e->kind) {
	case EXPR_TRUE:
		return true;
	case EXPR_NOT:
		return !eval(e->kids[0], path);
	case EXPR_AND:
		for (size_t i = 0; i < e->nkids; i++)
			if (!eval(e->kids[i], path))
				return false;
		return true;
	case EXPR_OR:
		for (size_t i = 0; i < e->nkids; i++)
			if (eval(e->kids[i], path))
				return true;
		return false;
	case EXPR_COND:
		break;
	}
	size_t n = strlen(path), dn = e->len;
	switch (e->op) {
	case OP_EQ:
		return strcmp(e->str, path) == 0;
	case OP_NEQ:
		return strcmp(e->str, path) != 0;
	case OP_MATCH:
		return fnmatch(e->str, path, FNM_PATHNAME | FNM_LEADING_DIR) ==
		       0;
	case OP_SUB:
		return strstr(path, e->str) != NULL;
	case OP_NSUB:
		return strstr(path, e->str) == NULL;
	case OP_INPATH:
		return n >= dn && memcmp(path, e->str, dn) == 0 &&
		       (n == dn || path[dn] == '/');
	case OP_RE:
		return false;
	}
	return false;
}

/* The verdict of policy p's rules named name on path: an action code
 * ordered by strictness (0 = no rule matched). */
static int verdict(const struct policy *p, const char *name, const char *path)
{
	for (size_t i = 0; p && i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		if (strcmp(r->name, name) == 0 && eval(r->cond, path))
			return 1 + r->act.kind * 1000 +
			       (r->act.kind == ACT_DENY ? r->act.err : 0);
		/* log is not a verdict */
	}
	return 0;
}

/* Whether of two verdicts one is an absence (deny[ENOENT], deny[ENOSYS])
 * and the other a permission: st-merge lets another input fill an
 * absence, which the stricter-verdict rule does not model. */
static bool absent_vs_permit(int va, int vb)
{
	int enoent = 1 + ACT_DENY * 1000 + ENOENT;
	int enosys = 1 + ACT_DENY * 1000 + ENOSYS;
	int permit = 1 + ACT_PERMIT * 1000;
	return ((va == enoent || va == enosys) && vb == permit) ||
	       ((vb == enoent || vb == enosys) && va == permit);
}

static struct policy *find(struct policy_set *ps, const char *prog)
{
	return policy_find(ps, prog, strlen(prog), sys_arch_lookup("x86_64"));
}

/* Whether some rule of ps never applies (an earlier rule covers it). */
static bool has_shadowed(const struct policy_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		for (size_t n = 0; n < 3; n++) {
			struct expr *c[64];
			long by[64];
			size_t k = 0;
			for (size_t j = 0; j < p->nrules && k < 64; j++)
				if (strcmp(p->rules[j].name, names[n]) == 0)
					c[k++] = p->rules[j].cond;
			policy_shadowed(c, k, by);
			for (size_t j = 0; j < k; j++)
				if (by[j] >= 0)
					return true;
		}
	}
	return false;
}

static void parse_ok(struct policy_set *ps, const char *text)
{
	struct diags d = {0};
	if (parse(ps, text, &d)) {
		printf("# parse failed: %s\n%s", d.v[0].msg, text);
	}
	diags_free(&d);
}

static void test_generated(int mode)
{
	realistic = mode;
	const char *what = mode ? "folded" : "random";
	int unordered = 0, shadowed = 0;
	static const char *const progs[] = {"/bin/p0", "/bin/p1", "/bin/p2"};
	int roundtrip = 1, idem = 1, same = 1, comm = 1, assoc = 1, self = 1,
	    meaning = 1, uni = 1;
	for (int iter = 0; iter < 1500; iter++) {
		char *a = gen_policy(), *b = gen_policy(), *c = gen_policy();

		/* round trip: parsing the printed form gives the same */
		struct policy_set pa = {0}, pb = {0};
		parse_ok(&pa, a);
		char *pr = print(&pa);
		parse_ok(&pb, pr);
		char *pr2 = print(&pb);
		if (strcmp(pr, pr2) != 0 && roundtrip) {
			printf("# round trip:\n%s---\n%s", pr, pr2);
			roundtrip = 0;
		}

		/* the formatter is stable */
		char *ca = canon(a), *cca = canon(ca);
		if (strcmp(ca, cca) != 0 && idem) {
			printf("# canon twice:\n%s---\n%s", ca, cca);
			idem = 0;
		}
		/* formatting keeps the meaning of every call */
		struct policy_set pc = {0};
		parse_ok(&pc, ca);
		for (size_t p = 0; p < 3 && meaning; p++)
			for (size_t n = 0; n < 3; n++)
				for (size_t x = 0;
				     x < sizeof(samples) / sizeof(samples[0]);
				     x++) {
					int v1 = verdict(find(&pa, progs[p]),
							 names[n], samples[x]);
					int v2 = verdict(find(&pc, progs[p]),
							 names[n], samples[x]);
					if (v1 != v2 && meaning) {
						printf("# meaning %s %s: %d "
						       "%d\n"
						       "%s---\n%s",
						       names[n], samples[x], v1,
						       v2, a, ca);
						meaning = 0;
					}
				}

		const char *aa[] = {a, a}, *ab[] = {a, b}, *ba[] = {b, a};
		size_t cycles = 0, k;
		char *maa = merged(aa, 2, &k);
		cycles += k;
		if (strcmp(maa, ca) != 0 && self) {
			printf("# merge(a,a) != canon(a):\n%s---\n%s", maa, ca);
			self = 0;
		}
		size_t conflicts;
		char *mab = merged(ab, 2, &conflicts),
		     *mba = merged(ba, 2, NULL);
		if (strcmp(mab, mba) != 0 && comm) {
			printf("# commutative:\n%s---\n%s---\n%s---\n%s", a, b,
			       mab, mba);
			comm = 0;
		}
		const char *ab_c[] = {mab, c};
		char *mbc;
		{
			const char *bc[] = {b, c};
			mbc = merged(bc, 2, &k);
			cycles += k;
		}
		const char *a_bc[] = {a, mbc};
		char *l = merged(ab_c, 2, &k);
		cycles += k;
		char *r = merged(a_bc, 2, &k);
		cycles += k;
		/* where no order of the rules keeps every input's answers (a
		 * conflict st-merge reports), the grouping shows */
		if (cycles)
			unordered++;
		if (!cycles && strcmp(l, r) != 0 && assoc) {
			printf("# associative:\n%s---\n%s---\n%s---\n%s---\n%s",
			       a, b, c, l, r);
			assoc = 0;
		}
		const char *a1[] = {a};
		char *ma = merged(a1, 1, NULL);
		if (strcmp(ma, ca) != 0 && same) {
			same = 0;
		}

		/* the union: per call, the stricter of the two verdicts, a
		 * permission where either permits and neither denies */
		struct policy_set pm = {0}, pbb = {0};
		parse_ok(&pm, mab);
		parse_ok(&pbb, b);
		/* rules that never apply still steer the order of the
		 * others; st-lint reports them */
		bool shadows = has_shadowed(&pa) || has_shadowed(&pbb);
		if (shadows)
			shadowed++;
		for (size_t p = 0; p < 3 && uni; p++)
			for (size_t n = 0; n < 3; n++)
				for (size_t x = 0;
				     x < sizeof(samples) / sizeof(samples[0]);
				     x++) {
					int va = verdict(find(&pa, progs[p]),
							 names[n], samples[x]);
					int vb = verdict(find(&pbb, progs[p]),
							 names[n], samples[x]);
					int vm = verdict(find(&pm, progs[p]),
							 names[n], samples[x]);
					int want = va > vb ? va : vb;
					/* an absence against a permission:
					 * tested on its own below */
					if (absent_vs_permit(va, vb))
						continue;
					if (!cycles && !shadows && vm != want &&
					    uni) {
						printf("# union %s %s: %d %d "
						       "-> "
						       "%d\n%s---\n%s---\n%s",
						       names[n], samples[x], va,
						       vb, vm, a, b, mab);
						uni = 0;
					}
				}
		policy_set_free(&pm);
		policy_set_free(&pbb);
		policy_set_free(&pa);
		policy_set_free(&pb);
		policy_set_free(&pc);
		free(a), free(b), free(c), free(pr), free(pr2), free(ca);
		free(cca), free(maa), free(mab), free(mba), free(mbc), free(l);
		free(r), free(ma);
	}
	ok(roundtrip, "%s: parse(print(p)) prints the same", what);
	ok(idem, "%s: formatting twice changes nothing", what);
	ok(meaning, "%s: formatting keeps every call's verdict", what);
	ok(same, "%s: merge of one is the formatter", what);
	ok(self, "%s: merge(a, a) = merge(a)", what);
	ok(comm, "%s: merge(a, b) = merge(b, a)", what);
	ok(assoc, "%s: merge(merge(a, b), c) = merge(a, merge(b, c))", what);
	ok(uni,
	   "%s: merge(a, b) answers the stricter verdict (%d pairs with "
	   "shadowed rules left out)",
	   what, shadowed);
	if (mode)
		is(unordered, 0, "%s: no order conflicts", what);
	else
		ok(unordered < 1500 / 2,
		   "%s: %d of 1500 triples had order conflicts, excluded from "
		   "the two tests above",
		   what, unordered);
}

/* deny[ENOENT] and deny[ENOSYS] record an absence another input fills */
static void test_merge_absences(void)
{
	const char *a = "Policy: /p, Emulation: x86_64\n"
			"\tclone: permit\n"
			"\tclone3: deny[ENOSYS]\n"
			"\topenat: filename eq \"/a/x\" then deny[ENOENT]\n"
			"\topenat: filename eq \"/b\" then deny[ENOENT]\n"
			"\topenat: filename eq \"/c\" then deny[EACCES]\n";
	const char *b = "Policy: /p, Emulation: x86_64\n"
			"\tclone3: flags eq \"CLONE_VM\" then permit\n"
			"\topenat: filename eq \"/b\" then permit\n"
			"\topenat: filename eq \"/c\" then permit\n"
			"\topenat: filename match \"/a/*\" then permit\n";
	const char *ab[] = {a, b}, *ba[] = {b, a};
	size_t conflicts;
	char *m = merged_code(ab, 2, "conflict", &conflicts);
	is_str(m,
	       "Policy: /p, Emulation: x86_64\n"
	       "\tclone: permit\n"
	       "\tclone3: flags eq \"CLONE_VM\" then permit\n"
	       "\topenat: filename eq \"/b\" then permit\n"
	       "\topenat: filename eq \"/c\" then deny[EACCES]\n"
	       "\topenat: filename eq \"/c\" then permit\n"
	       "\topenat: filename match \"/a/*\" then permit\n",
	       "absences another input permits go, a refusal stays");
	is(conflicts, 1, "only the refusal is a conflict");
	char *m2 = merged_code(ba, 2, "conflict", NULL);
	is_str(m2, m, "in either order");
	free(m), free(m2);

	const char *c = "Policy: /p, Emulation: x86_64\n"
			"\topenat: filename eq \"/b\" then deny[ENOENT]\n"
			"\topenat: filename eq \"/b\" then permit\n"
			"\topenat: filename eq \"/a/y\" then deny[ENOENT]\n"
			"\topenat: filename match \"/a/*\" then permit\n";
	m = canon(c);
	is_str(m,
	       "Policy: /p, Emulation: x86_64\n"
	       "\topenat: filename eq \"/a/y\" then deny[ENOENT]\n"
	       "\topenat: filename eq \"/b\" then deny[ENOENT]\n"
	       "\topenat: filename eq \"/b\" then permit\n"
	       "\topenat: filename match \"/a/*\" then permit\n",
	       "the formatter keeps an absence its own policy puts first");
	const char *cb[] = {c, b};
	m2 = merged_code(cb, 2, "conflict", NULL);
	is_str(m2,
	       "Policy: /p, Emulation: x86_64\n"
	       "\tclone3: flags eq \"CLONE_VM\" then permit\n"
	       "\topenat: filename eq \"/b\" then permit\n"
	       "\topenat: filename eq \"/c\" then permit\n"
	       "\topenat: filename match \"/a/*\" then permit\n",
	       "and lets another input fill it");
	free(m), free(m2);
	const char *d = "Policy: /p, Emulation: x86_64\n"
			"\topenat: filename match \"/a/*\" then deny[ENOENT]\n"
			"\topenat: filename eq \"/a/z\" then permit\n";
	const char *e = "Policy: /p, Emulation: x86_64\n"
			"\topenat: filename match \"/a/*\" then deny[ENOENT]\n";
	const char *de[] = {d, e};
	m = merged_code(de, 2, "conflict", NULL);
	is_str(m,
	       "Policy: /p, Emulation: x86_64\n"
	       "\topenat: filename match \"/a/*\" then deny[ENOENT]\n"
	       "\topenat: filename eq \"/a/z\" then permit\n",
	       "a narrower permission does not fill a wider absence");
	free(m);
}

static void test_merge_examples(void)
{
	const char *a = "Policy: /p, Emulation: x86_64\n"
			"\tread: permit\n"
			"\topenat: filename eq \"/etc/passwd\" then permit\n"
			"\topenat: filename match \"/etc/*\" then deny\n";
	const char *b = "Policy: /p, Emulation: x86_64\n"
			"\topenat: filename match \"/etc/*\" then deny\n"
			"\twrite: permit\n";
	const char *ab[] = {a, b};
	size_t conflicts;
	char *m = merged_code(ab, 2, "conflict", &conflicts);
	is_str(m,
	       "Policy: /p, Emulation: x86_64\n"
	       "\topenat: filename match \"/etc/*\" then deny[EPERM]\n"
	       "\topenat: filename eq \"/etc/passwd\" then permit\n"
	       "\tread: permit\n"
	       "\twrite: permit\n",
	       "an explicit deny in one input overrides another's exception");
	is(conflicts, 1, "and is reported as a conflict");
	free(m);

	char *c = canon(a);
	is_str(c,
	       "Policy: /p, Emulation: x86_64\n"
	       "\topenat: filename eq \"/etc/passwd\" then permit\n"
	       "\topenat: filename match \"/etc/*\" then deny[EPERM]\n"
	       "\tread: permit\n",
	       "the formatter keeps an exception before its rule");
	free(c);
	c = canon("Policy: /p, Emulation: x86_64\n"
		  "\topenat: filename eq \"/b\" then deny\n"
		  "\topenat: filename eq \"/a\" then permit\n"
		  "\topenat: filename eq \"/a\" then permit\n"
		  "\topenat: oflags eq \"ro\" and filename eq \"/c\" then "
		  "permit\n");
	is_str(c,
	       "Policy: /p, Emulation: x86_64\n"
	       "\topenat: filename eq \"/a\" then permit\n"
	       "\topenat: filename eq \"/b\" then deny[EPERM]\n"
	       "\topenat: filename eq \"/c\" and oflags eq \"ro\" then "
	       "permit\n",
	       "disjoint rules sort, duplicates fold, operands sort");
	free(c);
}

/* Every fixture of tests/data/policy/ok-*.policy round-trips. */
static void test_fixtures(const char *argv0)
{
	char self[4096], dir[4200];
	snprintf(self, sizeof(self), "%s", argv0);
	snprintf(dir, sizeof(dir), "%s/../data/policy", dirname(self));
	DIR *dp = opendir(dir);
	if (!ok(dp != NULL, "fixture directory %s", dir))
		return;
	struct dirent *de;
	int n = 0;
	while ((de = readdir(dp))) {
		if (strncmp(de->d_name, "ok-", 3) != 0 ||
		    !strstr(de->d_name, ".policy"))
			continue;
		char path[8192];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		struct policy_set ps = {0}, ps2 = {0};
		struct diags d = {0};
		size_t e = policy_load(&ps, path, &d);
		char *p1 = print(&ps);
		policy_parse(&ps2, "again", p1, strlen(p1), &d);
		char *p2 = print(&ps2);
		ok(e == 0 && strcmp(p1, p2) == 0, "fixture %s round-trips",
		   de->d_name);
		char *c1 = canon(p1), *c2 = c1 ? canon(c1) : NULL;
		ok(c1 && c2 && strcmp(c1, c2) == 0,
		   "fixture %s: canonical form is stable", de->d_name);
		free(p1), free(p2), free(c1), free(c2);
		policy_set_free(&ps);
		policy_set_free(&ps2);
		diags_free(&d);
		n++;
	}
	closedir(dp);
	ok(n > 0, "%d fixtures", n);
}

int main(int argc, char *argv[])
{
	(void)argc;
	test_parse_print();
	test_errors();
	test_merge_examples();
	test_merge_absences();
	test_generated(0);
	test_generated(1);
	test_fixtures(argv[0]);
	return tap_done();
}
