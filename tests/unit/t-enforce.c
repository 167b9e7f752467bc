/*
 * t-enforce.c: unit tests of the enforcement plan: the normal form of
 * conditions checked against a direct evaluator on random arguments, the
 * seccomp rules of a policy checked as a simulator (first match of the
 * policy = the one matching rule of the plan), and a table of verdicts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "enforce.h"
#include "policy.h"
#include "sys.h"
#include "tap.h"

static uint64_t rnd_state = 88172645463325252ULL;
static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Random arguments that often hit the small values the conditions use. */
static void rnd_args(uint64_t a[6])
{
	for (int i = 0; i < 6; i++) {
		uint64_t r = rnd();
		a[i] = r % 3 == 0 ? r >> 8 : (r >> 8) % 12;
		if (r % 7 == 0)
			a[i] |= 0xdead00000000ULL; /* junk in the upper half */
	}
}

/* Evaluate an integer condition of sys as the policy defines it. */
static bool eval(const struct expr *e, const char *sys, const uint64_t a[6])
{
	switch (e->kind) {
	case EXPR_TRUE:
		return true;
	case EXPR_NOT:
		return !eval(e->kids[0], sys, a);
	case EXPR_AND:
		for (size_t i = 0; i < e->nkids; i++)
			if (!eval(e->kids[i], sys, a))
				return false;
		return true;
	case EXPR_OR:
		for (size_t i = 0; i < e->nkids; i++)
			if (eval(e->kids[i], sys, a))
				return true;
		return false;
	case EXPR_COND:
		break;
	}
	const struct arg_spec *s = args_find(sys, e->arg, e->idx);
	uint64_t v, m;
	if (!s || args_parse(s->type, e->str, &v, &m) < 0)
		abort();
	bool eq = (a[s->reg] & m) == v;
	return e->op == OP_EQ ? eq : !eq;
}

static struct policy_set parse(const char *text)
{
	struct policy_set ps = {0};
	struct diags d = {0};
	if (policy_parse(&ps, "t.policy", text, strlen(text), &d)) {
		diags_print(&d);
		abort();
	}
	return ps;
}

static void test_dnf(void)
{
	struct enf_dnf a, b, c, n;
	enf_dnf_cmp(&a, 0, 0xf, 0x2, false);
	enf_dnf_cmp(&b, 0, 0xf0, 0x10, false);
	enf_dnf_and(&c, &a, &b);
	is(c.n, 1, "two masked comparisons of one argument merge");
	is(c.v[0].n, 1, "into one comparison");
	is(c.v[0].c[0].mask, 0xff, "mask is the union");
	enf_dnf_free(&c);
	enf_dnf_cmp(&b, 0, 0xff, 0x13, false);
	enf_dnf_and(&c, &a, &b);
	is(c.n, 0, "contradicting comparisons give never");
	enf_dnf_free(&c);
	enf_dnf_not(&n, &a);
	is(n.n, 4, "not of a 4-bit masked comparison: 4 single-bit ones");
	enf_dnf_free(&n);
	enf_dnf_free(&a);
	enf_dnf_free(&b);

	/* property: and, not agree with the direct meaning */
	int bad = 0;
	for (int t = 0; t < 300; t++) {
		unsigned r1 = rnd() % 2, r2 = rnd() % 2;
		uint64_t m1 = rnd() % 3 ? 0xff : UINT64_MAX, v1 = rnd() % 6;
		uint64_t m2 = rnd() % 3 ? 0xf : UINT64_MAX, v2 = rnd() % 6;
		bool n1 = rnd() % 2, n2 = rnd() % 2;
		struct enf_dnf x, y, xy, nxy;
		enf_dnf_cmp(&x, r1, m1, v1, n1);
		enf_dnf_cmp(&y, r2, m2, v2, n2);
		enf_dnf_and(&xy, &x, &y);
		enf_dnf_not(&nxy, &xy);
		for (int k = 0; k < 50; k++) {
			uint64_t a[6];
			rnd_args(a);
			bool bx = ((a[r1] & m1) == (v1 & m1)) != n1;
			bool by = ((a[r2] & m2) == (v2 & m2)) != n2;
			if (xy.overflow)
				continue;
			if (enforce_dnf_holds(&xy, a) != (bx && by) ||
			    enforce_dnf_holds(&nxy, a) != !(bx && by))
				bad++;
		}
		enf_dnf_free(&x);
		enf_dnf_free(&y);
		enf_dnf_free(&xy);
		enf_dnf_free(&nxy);
	}
	is(bad, 0, "and and not of random comparisons match their meaning");
}

/*
 * The seccomp rules of a plan decide a call as the policy does: allowed
 * exactly when the first matching rule permits, and the rules of a call
 * are disjoint.
 */
static void test_simulate(void)
{
	static const char *const conds[] = {
		"sockdom eq \"AF_INET\"",
		"sockdom neq \"AF_INET6\"",
		"socktype eq \"SOCK_STREAM\"",
		"not socktype eq \"SOCK_DGRAM\"",
		"sockdom eq \"AF_UNIX\" or socktype eq \"SOCK_RAW\"",
		"(sockdom eq \"AF_INET\" or sockdom eq \"AF_INET6\") and "
		"socktype neq \"SOCK_STREAM\"",
		"not (sockdom eq \"AF_UNIX\" and socktype eq \"SOCK_DGRAM\")",
		"true",
	};
	static const char *const acts[] = {"permit", "deny", "deny[EACCES]",
					   "kill"};
	int bad = 0, overlap = 0, policies = 0;
	for (int t = 0; t < 200; t++) {
		struct sbuf b = {0};
		sbuf_adds(&b, "Policy: /x, Emulation: x86_64\n");
		int n = 1 + (int)(rnd() % 4);
		for (int i = 0; i < n; i++)
			sbuf_printf(&b, "\tsocket: %s then %s\n",
				    conds[rnd() % 8], acts[rnd() % 4]);
		struct policy_set ps = parse(b.s);
		const struct policy *p = &ps.pols[0];
		struct enforce_plan pl;
		enforce_plan(&pl, p, 7);
		bool exact = true;
		for (size_t i = 0; i < p->nrules; i++)
			if (pl.v[i].cls != ENF_EXACT)
				exact = false;
		int nr = sys_lookup(p->arch, "socket");
		if (!exact) {
			/* too many comparisons: the verdict says so, and the
			 * kernel must still not deny what the policy allows */
			for (size_t i = 0; i < p->nrules; i++)
				if (pl.v[i].cls == ENF_EXACT &&
				    p->rules[i].act.kind == ACT_PERMIT &&
				    pl.v[i].instead)
					bad++;
			enforce_plan_free(&pl);
			policy_set_free(&ps);
			sbuf_free(&b);
			continue;
		}
		policies++;
		for (int k = 0; k < 200; k++) {
			uint64_t a[6];
			rnd_args(a);
			a[0] = a[0] % 3 == 0 ? 1 : a[0] % 3 == 1 ? 2 : 10;
			a[1] = (a[1] % 4) | (a[1] & ~0xfULL);
			/* the policy: first match, default deny EPERM */
			enum act_kind want = ACT_DENY;
			int werr = 1;
			for (size_t i = 0; i < p->nrules; i++) {
				const struct rule *r = &p->rules[i];
				if (r->cond && !eval(r->cond, "socket", a))
					continue;
				want = r->act.kind;
				werr = r->act.err;
				break;
			}
			/* the plan: the one matching seccomp rule, or default */
			int hits = 0;
			enum enf_act got = ENF_DENY;
			int gerr = 1;
			for (size_t i = 0; i < pl.nsc; i++)
				if (pl.sc[i].nr == nr &&
				    enforce_dnf_holds(&pl.sc[i].cond, a)) {
					if (hits && (got != pl.sc[i].act ||
						     gerr != pl.sc[i].err))
						overlap++;
					hits++;
					got = pl.sc[i].act;
					gerr = pl.sc[i].err;
				}
			enum enf_act w = want == ACT_PERMIT ? ENF_ALLOW
					 : want == ACT_KILL ? ENF_KILL
							    : ENF_DENY;
			if (got != w || (w == ENF_DENY && gerr != werr)) {
				if (bad++ < 3)
					printf("# mismatch on args %#llx %#llx "
					       "for\n%s",
					       (unsigned long long)a[0],
					       (unsigned long long)a[1], b.s);
			}
			bool lg;
			if (w == ENF_DENY &&
			    enforce_deny_errno(&pl, nr, a, &lg) != werr)
				bad++;
		}
		enforce_plan_free(&pl);
		policy_set_free(&ps);
		sbuf_free(&b);
	}
	ok(policies >= 150,
	   "%d of 200 random policies of integer conditions "
	   "are exact",
	   policies);
	is(bad, 0, "the plan decides every call as the policy's first match");
	is(overlap, 0,
	   "seccomp rules of a call with different actions are disjoint");
}

struct vcase {
	const char *rule;
	int abi;
	enum enf_class cls;
	const char *kernel; /* a part of the description */
};

static void test_verdicts(void)
{
	static const struct vcase cases[] = {
		{"getppid: permit", 7, ENF_EXACT, "seccomp: getppid allowed"},
		{"socket: sockdom eq \"AF_INET\" then permit", 7, ENF_EXACT,
		 "socket allowed when arg0 & 0xffffffff == 0x2"},
		{"mmap: prot neq \"PROT_READ\" then permit", 7, ENF_EXACT,
		 "mmap allowed when arg2 != 0x1"},
		{"openat: filename eq \"/etc/passwd\" then permit", 7,
		 ENF_EXACT,
		 "landlock: read_file,read_dir,write_file,truncate,make_reg "
		 "beneath "
		 "/etc/passwd"},
		{"openat: filename match \"/usr/lib/*\" then permit", 7,
		 ENF_EXACT, "beneath /usr/lib"},
		{"openat: filename match \"/tmp/conf*\" then permit", 7,
		 ENF_BROADER, "beneath /tmp"},
		{"openat: filename eq \"/etc/passwd\" then permit", 0,
		 ENF_UNENFORCEABLE, "seccomp: openat allowed"},
		{"openat: filename re \"^/etc\" then permit", 7,
		 ENF_UNENFORCEABLE, "beneath /"},
		{"openat: filename inpath \"/etc/\" then permit", 7, ENF_EXACT,
		 "beneath /etc"},
		{"chdir: filename eq \"/tmp\" then permit", 7, ENF_BROADER,
		 "seccomp: chdir allowed"},
		{"connect: sockaddr eq \"inet-[127.0.0.1]:80\" then permit", 7,
		 ENF_BROADER, "landlock: connect_tcp port 80"},
		{"connect: sockaddr eq \"inet-[0.0.0.0]:80\" then permit", 7,
		 ENF_BROADER, "landlock: connect_tcp port 80"},
		{"connect: sockaddr eq \"inet-[0.0.0.0]:80\" then permit", 3,
		 ENF_UNENFORCEABLE, "seccomp: connect allowed"},
		{"connect: sockaddr eq \"unix-/run/x\" then permit", 7,
		 ENF_UNENFORCEABLE, "seccomp: connect allowed"},
		{"execve: filename eq \"/bin/ls\" then permit", 7, ENF_EXACT,
		 "landlock: execute beneath /bin/ls"},
		{"ptrace: deny[EPERM] log", 7, ENF_EXACT,
		 "seccomp: ptrace denied (EPERM)"},
		{"io_uring_setup: kill", 7, ENF_EXACT,
		 "seccomp: io_uring_setup killed"},
		{"openat2: oflags eq \"ro\" then permit", 7, ENF_BROADER,
		 "seccomp: openat2 allowed"},
		{"connect: sockaddr eq \"unix-/run/nscd\" then deny", 7,
		 ENF_UNENFORCEABLE, ""},
		{"connect: sockaddr eq \"unix-/run/nscd\" then deny[ENOENT]", 7,
		 ENF_BROADER, ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		struct sbuf b = {0};
		sbuf_printf(&b, "Policy: /x, Emulation: x86_64\n\t%s\n",
			    c->rule);
		struct policy_set ps = parse(b.s);
		struct enforce_plan pl;
		enforce_plan(&pl, &ps.pols[0], c->abi);
		const struct enf_verdict *v = &pl.v[0];
		ok(v->cls == c->cls, "%s (ABI %d): %s", c->rule, c->abi,
		   enforce_class_name(c->cls));
		if (v->cls != c->cls)
			printf("#   got %s: %s\n", enforce_class_name(v->cls),
			       v->instead ? v->instead : "");
		ok(strstr(v->kernel, c->kernel) != NULL, "  kernel rule: %s",
		   c->kernel);
		if (!strstr(v->kernel, c->kernel))
			printf("#   got: %s\n", v->kernel);
		enforce_plan_free(&pl);
		policy_set_free(&ps);
		sbuf_free(&b);
	}
}

static void test_deny_in_tree(void)
{
	struct policy_set ps = parse(
		"Policy: /usr/bin/id, Emulation: x86_64\n"
		"\tfsread: filename eq \"/etc/shadow\" then deny[EACCES] "
		"log\n"
		"\tfsread: filename match \"/etc\" then permit\n"
		"\tfsread: filename eq \"/nonesuch\" then deny[ENOENT]\n"
		"\tfsread: filename eq \"/etc/nosuch\" then deny[ENOENT]\n");
	struct enforce_plan pl;
	enforce_plan(&pl, &ps.pols[0], 7);
	is(pl.v[0].cls, ENF_UNENFORCEABLE, "a deny inside an allowed tree");
	is_str(pl.v[0].instead, "a deny of a path inside an allowed tree",
	       "  says why");
	is(pl.v[3].cls, ENF_BROADER, "an absence inside an allowed tree");
	is_str(pl.v[3].instead,
	       "an absence: the kernel answers ENOENT while the path or "
	       "socket is absent, and nothing denies it once it exists",
	       "  says why");
	is(pl.v[2].cls, ENF_EXACT, "a deny of a path no rule allows");
	ok(strstr(pl.v[2].kernel, "landlock: no right granted, EACCES") != NULL,
	   "  Landlock answers EACCES");
	ok(pl.handled & ENF_LL_READ, "reads are restricted");
	enforce_plan_free(&pl);
	policy_set_free(&ps);
}

static void test_home(void)
{
	struct policy_set ps =
		parse("Policy: /x, Emulation: x86_64\n"
		      "\topenat: filename eq \"$HOME/.apprc\" then permit\n"
		      "\topenat: filename match \"$HOME/.config/*\" then "
		      "permit\n"
		      "\topenat: filename eq \"$HOMEBREW\" then permit\n");
	struct enforce_plan pl;
	setenv("HOME", "/home/alice/", 1);
	enforce_plan(&pl, &ps.pols[0], 7);
	is(pl.v[0].cls, ENF_EXACT, "$HOME/FILE is exact");
	ok(strstr(pl.v[0].kernel, "beneath /home/alice/.apprc") != NULL,
	   "  beneath the file in HOME");
	ok(strstr(pl.v[1].kernel, "beneath /home/alice/.config") != NULL,
	   "  $HOME/DIR/* is the tree");
	is(pl.v[2].cls, ENF_UNENFORCEABLE, "$HOMEBREW is no $HOME");
	enforce_plan_free(&pl);
	setenv("HOME", "relative", 1);
	enforce_plan(&pl, &ps.pols[0], 7);
	is(pl.v[0].cls, ENF_UNENFORCEABLE, "no absolute HOME: unenforceable");
	is_str(pl.v[0].instead, "$HOME needs HOME set to an absolute path",
	       "  says why");
	enforce_plan_free(&pl);
	policy_set_free(&ps);
}

static void test_groups(void)
{
	struct policy_set ps =
		parse("Policy: /x, Emulation: x86_64\n"
		      "\topenat: permit\n"
		      "\tfsread: filename eq \"/etc/passwd\" then permit\n");
	struct enforce_plan pl;
	enforce_plan(&pl, &ps.pols[0], 7);
	is(pl.handled, 0,
	   "an unconditional openat: Landlock restricts no "
	   "opens");
	is(pl.v[1].cls, ENF_BROADER, "so the fsread path rule is broader");
	enforce_plan_free(&pl);
	policy_set_free(&ps);
}

int main(void)
{
	test_dnf();
	test_simulate();
	test_verdicts();
	test_deny_in_tree();
	test_groups();
	test_home();
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
