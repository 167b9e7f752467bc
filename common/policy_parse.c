/* policy_parse.c: the st-policy parser, line by line, every error located. */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "policy.h"
#include "quote.h"
#include "sys.h"

/* The state of one parse: the current line and its cursor. */
struct parser {
	struct policy_set *ps;
	struct diags *d;
	const char *file;
	unsigned line;
	const char *bol, *p, *eol; /* the line, the cursor, its end */
	struct policy *cur;	   /* the policy rules go to */
	int bad_header;		   /* the last header was in error: no policy */
	struct sbuf comment;	   /* comment lines waiting for their owner */
	struct sbuf tmp;
	int failed; /* this line had an error */
};

static struct loc here(struct parser *P, const char *at)
{
	struct loc l = {P->file, P->line, (unsigned)(at - P->bol) + 1};
	return l;
}

static void error(struct parser *P, const char *at, const char *code,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void error(struct parser *P, const char *at, const char *code,
		  const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (P->failed)
		return; /* one error per line: the rest is noise */
	P->failed = 1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct loc l = here(P, at);
	diag_add(P->d, SEV_ERROR, code, &l, NULL, "%s", buf);
}

static void skip_space(struct parser *P)
{
	while (P->p < P->eol && (*P->p == ' ' || *P->p == '\t'))
		P->p++;
}

/* At the end of the meaningful part of the line (or a comment)? */
static int at_end(struct parser *P)
{
	skip_space(P);
	return P->p >= P->eol || *P->p == '#';
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The word at the cursor, [A-Za-z0-9_]+, or length 0. */
static size_t word_len(struct parser *P)
{
	const char *q = P->p;
	while (q < P->eol && word_char(*q))
		q++;
	return (size_t)(q - P->p);
}

static int word_is(struct parser *P, const char *w)
{
	/* w, and no more of a word: without measuring the whole word */
	size_t n = strlen(w);
	return (size_t)(P->eol - P->p) >= n && memcmp(P->p, w, n) == 0 &&
	       (P->p + n == P->eol || !word_char(P->p[n]));
}

/* Describe the token at at for "unexpected ..." messages. */
static const char *describe(struct parser *P, const char *at)
{
	sbuf_reset(&P->tmp);
	if (at >= P->eol) {
		sbuf_adds(&P->tmp, "end of line");
		return P->tmp.s;
	}
	const char *q = at;
	if (word_char(*q)) {
		while (q < P->eol && word_char(*q) && q - at < 40)
			q++;
	} else {
		q++;
	}
	quote_add(&P->tmp, at, (size_t)(q - at));
	return P->tmp.s;
}

static int expect_char(struct parser *P, char c, const char *what)
{
	skip_space(P);
	if (P->p < P->eol && *P->p == c) {
		P->p++;
		return 0;
	}
	error(P, P->p, "syntax", "expected %s, found %s", what,
	      describe(P, P->p));
	return -1;
}

/* A quoted string at the cursor, into arena memory. */
static int parse_string(struct parser *P, char **s, size_t *len)
{
	const char *next, *why;
	skip_space(P);
	if (P->p >= P->eol || *P->p != '"') {
		error(P, P->p, "syntax", "expected a quoted string, found %s",
		      describe(P, P->p));
		return -1;
	}
	sbuf_reset(&P->tmp);
	if (quote_parse(P->p, P->eol, &P->tmp, &next, &why) < 0) {
		error(P, next, "syntax", "%s", why);
		return -1;
	}
	*len = P->tmp.len;
	*s = arena_memdup(&P->ps->arena, P->tmp.s ? P->tmp.s : "", P->tmp.len);
	P->p = next;
	return 0;
}

static char *take_comment(struct parser *P)
{
	if (!P->comment.len)
		return NULL;
	char *c = arena_memdup(&P->ps->arena, P->comment.s, P->comment.len);
	sbuf_reset(&P->comment);
	return c;
}

/* A trailing "# ..." on the rest of the line, without the newline. */
static char *trailing_comment(struct parser *P)
{
	skip_space(P);
	if (P->p >= P->eol || *P->p != '#')
		return NULL;
	const char *e = P->eol;
	while (e > P->p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return arena_memdup(&P->ps->arena, P->p, (size_t)(e - P->p));
}

/* Policy: PATH, Emulation: ARCH */
static void parse_header(struct parser *P)
{
	const char *start = P->p;
	char *prog;
	size_t plen;

	/* until this header is good, its rules have no policy: they are not
	 * reported again as rules outside a policy */
	P->cur = NULL;
	P->bad_header = 1;
	P->p += strlen("Policy:");
	skip_space(P);
	if (P->p < P->eol && *P->p == '"') {
		if (parse_string(P, &prog, &plen) < 0)
			return;
	} else {
		const char *q = P->p;
		while (q < P->eol && *q != ',' && *q != '#')
			q++;
		const char *e = q;
		while (e > P->p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == P->p) {
			error(P, P->p, "syntax",
			      "expected a program path after \"Policy:\"");
			return;
		}
		plen = (size_t)(e - P->p);
		prog = arena_memdup(&P->ps->arena, P->p, plen);
		P->p = q;
	}
	if (memchr(prog, '\0', plen)) {
		error(P, start, "syntax", "program path contains a NUL byte");
		return;
	}
	if (expect_char(P, ',', "\",\" after the program path") < 0)
		return;
	skip_space(P);
	if (!(P->eol - P->p >= 10 && memcmp(P->p, "Emulation:", 10) == 0)) {
		error(P, P->p, "syntax", "expected \"Emulation:\", found %s",
		      describe(P, P->p));
		return;
	}
	P->p += 10;
	skip_space(P);
	const char *an = P->p;
	size_t n = word_len(P);
	if (!n) {
		error(P, an, "syntax", "expected an emulation name, found %s",
		      describe(P, an));
		return;
	}
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)(n < 63 ? n : 63), an);
	uint32_t arch = n < 63 ? sys_arch_lookup(name) : 0;
	if (!arch) {
		error(P, an, "unknown-emulation", "unknown emulation \"%.*s\"",
		      (int)(n < 60 ? n : 60), an);
		return;
	}
	P->p += n;
	if (!at_end(P)) {
		error(P, P->p, "syntax", "unexpected %s after the header",
		      describe(P, P->p));
		return;
	}
	/* a comment after the header joins the comment lines above it */
	char *tc = trailing_comment(P);
	if (tc) {
		sbuf_adds(&P->comment, tc);
		sbuf_addc(&P->comment, '\n');
	}
	struct policy_set *ps = P->ps;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4;
		ps->pols = xrealloc(ps->pols, ps->cap * sizeof(*ps->pols));
	}
	struct policy *pol = &ps->pols[ps->n++];
	memset(pol, 0, sizeof(*pol));
	pol->program = prog;
	pol->program_len = plen;
	pol->arch = arch;
	pol->emul = sys_arch_name(arch);
	pol->loc = here(P, start);
	pol->comment = take_comment(P);
	P->cur = pol;
	P->bad_header = 0;
}

static struct expr *new_expr(struct parser *P, enum expr_kind k, const char *at)
{
	struct expr *e = arena_alloc(&P->ps->arena, sizeof(*e));
	e->kind = k;
	e->loc = here(P, at);
	return e;
}

static const struct {
	const char *name;
	enum op op;
} ops[] = {
	{"eq", OP_EQ},	 {"neq", OP_NEQ},   {"match", OP_MATCH},
	{"sub", OP_SUB}, {"nsub", OP_NSUB}, {"inpath", OP_INPATH},
	{"re", OP_RE},
};

const char *policy_op_name(enum op op)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == op)
			return ops[i].name;
	return "?";
}

/* Whether the rule's call (or some member of its alias) has name[idx]. */
static const struct arg_spec *rule_arg(const struct rule *r, const char *name,
				       unsigned idx)
{
	if (!r->alias)
		return args_find(r->name, name, idx);
	const struct alias *a = alias_find(r->name);
	for (unsigned i = 0; a && i < a->nmembers; i++) {
		const struct arg_spec *s =
			args_find(a->members[i].sys, name, idx);
		if (s)
			return s;
	}
	return NULL;
}

/* Check (and normalise to its canonical printed form) a condition's value. */
static int check_value(struct parser *P, const struct rule *r, struct expr *e,
		       const char *at, enum arg_type t)
{
	if (e->op == OP_RE) {
		regex_t re;
		if (memchr(e->str, '\0', e->len)) {
			error(P, at, "bad-value",
			      "regular expression contains a NUL byte");
			return -1;
		}
		int rc = regcomp(&re, e->str, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char why[128];
			regerror(rc, &re, why, sizeof(why));
			error(P, at, "bad-value",
			      "invalid regular expression: %s", why);
			return -1;
		}
		regfree(&re);
		return 0;
	}
	if (e->op != OP_EQ && e->op != OP_NEQ)
		return 0;
	if (t == ARGT_SOCKADDR) {
		int fam, port;
		if (args_parse_sockaddr(e->str, e->len, &fam, &port) < 0) {
			sbuf_reset(&P->tmp);
			quote_add(&P->tmp, e->str, e->len);
			error(P, at, "bad-value", "invalid sockaddr value %s",
			      P->tmp.s);
			return -1;
		}
		return 0;
	}
	if (!args_type_is_int(t))
		return 0;
	uint64_t v, mask;
	if (memchr(e->str, '\0', e->len) ||
	    args_parse(t, e->str, &v, &mask) < 0) {
		sbuf_reset(&P->tmp);
		quote_add(&P->tmp, e->str, e->len);
		error(P, at, "bad-value", "invalid %s value %s",
		      args_type_name(t), P->tmp.s);
		return -1;
	}
	/* equivalent spellings print the same */
	struct sbuf canon = {0};
	args_format(t, v, &canon);
	if (canon.len != e->len || memcmp(canon.s, e->str, e->len) != 0) {
		e->str = arena_memdup(&P->ps->arena, canon.s, canon.len);
		e->len = canon.len;
	}
	sbuf_free(&canon);
	(void)r;
	return 0;
}

static struct expr *parse_or(struct parser *P, const struct rule *r);

/* ARG [ "[" N "]" ] OP "STRING" | true | not X | ( EXPR ) */
static struct expr *parse_unary(struct parser *P, const struct rule *r)
{
	skip_space(P);
	const char *at = P->p;
	if (P->p < P->eol && *P->p == '(') {
		P->p++;
		struct expr *e = parse_or(P, r);
		if (!e || expect_char(P, ')', "\")\"") < 0)
			return NULL;
		e->paren = true;
		e->loc = here(P, at);
		return e;
	}
	if (word_is(P, "not")) {
		P->p += 3;
		struct expr *k = parse_unary(P, r);
		if (!k)
			return NULL;
		struct expr *e = new_expr(P, EXPR_NOT, at);
		e->kids = arena_alloc(&P->ps->arena, sizeof(*e->kids));
		e->kids[0] = k;
		e->nkids = 1;
		return e;
	}
	if (word_is(P, "true")) {
		P->p += 4;
		return new_expr(P, EXPR_TRUE, at);
	}
	size_t n = word_len(P);
	if (!n) {
		error(P, at, "syntax", "expected a condition, found %s",
		      describe(P, at));
		return NULL;
	}
	char name[32];
	enum arg_type t;
	snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), at);
	if (n >= 31 || !args_name_known(name, &t)) {
		error(P, at, "unknown-argument", "unknown argument %s",
		      describe(P, at));
		return NULL;
	}
	struct expr *e = new_expr(P, EXPR_COND, at);
	for (size_t i = 0; args_names[i]; i++)
		if (strcmp(args_names[i], name) == 0)
			e->arg = args_names[i];
	P->p += n;
	if (P->p < P->eol && *P->p == '[') {
		const char *ip = ++P->p;
		long long idx = 0;
		while (P->p < P->eol && isdigit((unsigned char)*P->p)) {
			idx = idx * 10 + (*P->p - '0');
			P->p++;
			if (idx > 5)
				break;
		}
		if (P->p == ip || idx > 5) {
			error(P, ip, "syntax",
			      "expected an argument index from 0 to 5, found "
			      "%s",
			      describe(P, ip));
			return NULL;
		}
		e->idx = (unsigned)idx;
		if (expect_char(P, ']', "\"]\"") < 0)
			return NULL;
	}
	if (!rule_arg(r, e->arg, e->idx)) {
		error(P, at, "no-such-argument",
		      "%s \"%s\" has no argument \"%.*s\"",
		      r->alias ? "alias" : "system call", r->name,
		      (int)(P->p - at), at);
		return NULL;
	}
	skip_space(P);
	const char *op = P->p;
	n = word_len(P);
	size_t i;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (n == strlen(ops[i].name) && memcmp(op, ops[i].name, n) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0])) {
		error(P, op, "unknown-operator", "%s %s",
		      n ? "unknown operator" : "expected an operator, found",
		      describe(P, op));
		return NULL;
	}
	e->op = ops[i].op;
	P->p += n;
	skip_space(P);
	const char *sat = P->p;
	if (parse_string(P, &e->str, &e->len) < 0)
		return NULL;
	e->str_loc = here(P, sat);
	if (check_value(P, r, e, sat, t) < 0)
		return NULL;
	return e;
}

static struct expr *parse_list(struct parser *P, const struct rule *r,
			       enum expr_kind k, const char *kw)
{
	const char *at = P->p;
	struct expr *first = k == EXPR_OR ? parse_list(P, r, EXPR_AND, "and")
					  : parse_unary(P, r);
	if (!first)
		return NULL;
	skip_space(P);
	if (!word_is(P, kw))
		return first;
	struct expr *e = new_expr(P, k, at);
	size_t cap = 4;
	e->kids = xmalloc(cap * sizeof(*e->kids));
	e->kids[e->nkids++] = first;
	while (word_is(P, kw)) {
		P->p += strlen(kw);
		struct expr *x = k == EXPR_OR
					 ? parse_list(P, r, EXPR_AND, "and")
					 : parse_unary(P, r);
		if (!x) {
			free(e->kids);
			return NULL;
		}
		if (e->nkids == cap) {
			cap *= 2;
			e->kids = xrealloc(e->kids, cap * sizeof(*e->kids));
		}
		e->kids[e->nkids++] = x;
		skip_space(P);
	}
	/* move the kids into the arena, which owns the tree */
	struct expr **kids =
		arena_alloc(&P->ps->arena, e->nkids * sizeof(*kids));
	memcpy(kids, e->kids, e->nkids * sizeof(*kids));
	free(e->kids);
	e->kids = kids;
	return e;
}

static struct expr *parse_or(struct parser *P, const struct rule *r)
{
	return parse_list(P, r, EXPR_OR, "or");
}

/* permit | deny [ "[" ERRNO "]" ] | kill | ask, then optionally log */
static int parse_action(struct parser *P, struct action *a)
{
	skip_space(P);
	const char *at = P->p;
	memset(a, 0, sizeof(*a));
	if (word_is(P, "permit")) {
		a->kind = ACT_PERMIT;
	} else if (word_is(P, "deny")) {
		a->kind = ACT_DENY;
		a->err = EPERM;
	} else if (word_is(P, "kill")) {
		a->kind = ACT_KILL;
	} else if (word_is(P, "ask")) {
		a->kind = ACT_ASK;
	} else {
		error(P, at, "syntax", "expected an action, found %s",
		      describe(P, at));
		return -1;
	}
	P->p += word_len(P);
	if (a->kind == ACT_DENY && P->p < P->eol && *P->p == '[') {
		const char *en = ++P->p;
		size_t n = word_len(P);
		int e = n ? sys_errno_lookup(en, n) : 0;
		if (!e) {
			error(P, en, "unknown-errno", "%s %s",
			      n ? "unknown errno" : "expected an errno, found",
			      describe(P, en));
			return -1;
		}
		a->err = e;
		P->p += n;
		if (expect_char(P, ']', "\"]\"") < 0)
			return -1;
	}
	skip_space(P);
	if (word_is(P, "log")) {
		a->log = true;
		P->p += 3;
	}
	if (!at_end(P)) {
		error(P, P->p, "syntax", "unexpected %s after the action",
		      describe(P, P->p));
		return -1;
	}
	return 0;
}

/*
 * Whether the cursor may start a condition: "(", not, true, or a word
 * followed by "[" or an operator (an unknown argument there is reported
 * as such by parse_unary).
 */
static int starts_condition(struct parser *P)
{
	if (P->p >= P->eol || *P->p == '(' || word_is(P, "not") ||
	    word_is(P, "true"))
		return 1;
	const char *q = P->p + word_len(P);
	if (q == P->p)
		return 1; /* not a word: parse_unary says what it is */
	while (q < P->eol && (*q == ' ' || *q == '\t'))
		q++;
	if (q < P->eol && *q == '[')
		return 1;
	size_t n = 0;
	while (q + n < P->eol && word_char(q[n]))
		n++;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (n == strlen(ops[i].name) && memcmp(q, ops[i].name, n) == 0)
			return 1;
	enum arg_type t;
	char w[32];
	size_t wn = word_len(P);
	snprintf(w, sizeof(w), "%.*s", (int)(wn < 31 ? wn : 31), P->p);
	return wn < 31 && args_name_known(w, &t);
}

static int is_action_word(struct parser *P)
{
	return word_is(P, "permit") || word_is(P, "deny") ||
	       word_is(P, "kill") || word_is(P, "ask");
}

/* [EMUL-]NAME: ACTION | [EMUL-]NAME: EXPR then ACTION */
static void parse_rule(struct parser *P)
{
	const char *start = P->p;
	const char *q = P->p;
	while (q < P->eol && (word_char(*q) || *q == '-'))
		q++;
	if (q == P->p || q >= P->eol || *q != ':') {
		if (q == P->p)
			error(P, P->p, "syntax", "unexpected %s",
			      describe(P, P->p));
		else
			error(P, q, "syntax",
			      "expected \":\" after the rule name, found %s",
			      describe(P, q));
		return;
	}
	if (!P->cur) {
		if (P->bad_header)
			return;
		error(P, start, "syntax",
		      "rule outside a policy (a \"Policy:\" line must come "
		      "first)");
		return;
	}
	const char *name = P->p, *dash = memchr(P->p, '-', (size_t)(q - P->p));
	if (dash) {
		char emul[32];
		size_t n = (size_t)(dash - P->p);
		snprintf(emul, sizeof(emul), "%.*s", (int)(n < 31 ? n : 31),
			 P->p);
		uint32_t arch = n < 31 ? sys_arch_lookup(emul) : 0;
		if (!arch) {
			error(P, P->p, "unknown-emulation",
			      "unknown emulation \"%.*s\"",
			      (int)(n < 60 ? n : 60), P->p);
			return;
		}
		if (arch != P->cur->arch) {
			error(P, P->p, "emulation-mismatch",
			      "emulation \"%s\" does not match the policy's "
			      "\"%s\"",
			      emul, P->cur->emul);
			return;
		}
		name = dash + 1;
	}
	if (name == q || memchr(name, '-', (size_t)(q - name))) {
		error(P, name, "syntax", "invalid rule name \"%.*s\"",
		      (int)(q - start < 60 ? q - start : 60), start);
		return;
	}
	struct rule r = {0};
	r.loc = here(P, start);
	char nm[64];
	size_t n = (size_t)(q - name);
	snprintf(nm, sizeof(nm), "%.*s", (int)(n < 63 ? n : 63), name);
	const struct alias *al = n < 63 ? alias_find(nm) : NULL;
	if (al) {
		r.name = al->name;
		r.alias = true;
	} else if (n >= 63 || sys_lookup(P->cur->arch, nm) < 0) {
		const char *other = n < 63 ? sys_arch_having(nm) : NULL;
		if (other)
			error(P, name, "wrong-arch",
			      "system call \"%s\" does not exist on %s", nm,
			      P->cur->emul);
		else
			error(P, name, "unknown-syscall",
			      "unknown system call \"%.*s\"",
			      (int)(n < 60 ? n : 60), name);
		return;
	} else {
		r.name = arena_strdup(&P->ps->arena, nm);
	}
	P->p = q + 1;
	skip_space(P);
	if (!is_action_word(P) && !starts_condition(P)) {
		error(P, P->p, "syntax",
		      "expected a condition or an action, found %s",
		      describe(P, P->p));
		return;
	}
	if (!is_action_word(P)) {
		if (at_end(P)) {
			error(P, P->p, "syntax",
			      "expected a condition or an action, found %s",
			      describe(P, P->p));
			return;
		}
		r.cond = parse_or(P, &r);
		if (!r.cond)
			return;
		skip_space(P);
		if (!word_is(P, "then")) {
			error(P, P->p, "syntax",
			      "expected \"then\" after the condition, found %s",
			      describe(P, P->p));
			return;
		}
		P->p += 4;
	}
	if (parse_action(P, &r.act) < 0)
		return;
	r.trailing = trailing_comment(P);
	r.comment = take_comment(P);
	struct policy *pol = P->cur;
	if (pol->nrules == pol->cap) {
		pol->cap = pol->cap ? pol->cap * 2 : 16;
		pol->rules = xrealloc(pol->rules, pol->cap * sizeof(r));
	}
	pol->rules[pol->nrules++] = r;
}

size_t policy_parse(struct policy_set *ps, const char *file, const char *buf,
		    size_t len, struct diags *d)
{
	struct parser P = {.ps = ps, .d = d, .file = file};
	size_t errors0 = d->errors;
	const char *end = buf + len;

	for (const char *s = buf; s < end; P.line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		P.line = P.line ? P.line : 1;
		P.bol = P.p = s;
		P.eol = nl ? nl : end;
		if (P.eol > P.bol && P.eol[-1] == '\r')
			P.eol--; /* CRLF line ends, as st-log reads them */
		P.failed = 0;
		s = nl ? nl + 1 : end;
		const char *nul = memchr(P.bol, '\0', (size_t)(P.eol - P.bol));
		if (nul) {
			error(&P, nul, "syntax", "NUL byte in line");
			continue;
		}
		skip_space(&P);
		if (P.p >= P.eol)
			continue;
		if (*P.p == '#') {
			const char *e = P.eol;
			while (e > P.p &&
			       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			sbuf_add(&P.comment, P.p, (size_t)(e - P.p));
			sbuf_addc(&P.comment, '\n');
			continue;
		}
		if (P.eol - P.p >= 7 && memcmp(P.p, "Policy:", 7) == 0)
			parse_header(&P);
		else
			parse_rule(&P);
	}
	if (P.comment.len) {
		struct sbuf t = {0};
		if (ps->tail)
			sbuf_adds(&t, ps->tail);
		sbuf_add(&t, P.comment.s, P.comment.len);
		ps->tail = arena_memdup(&ps->arena, t.s, t.len);
		sbuf_free(&t);
	}
	sbuf_free(&P.comment);
	sbuf_free(&P.tmp);
	return d->errors - errors0;
}

size_t policy_load(struct policy_set *ps, const char *path, struct diags *d)
{
	char *buf;
	size_t len;
	if (util_read_file(path, &buf, &len) < 0) {
		diag_warn("%s", path);
		d->errors++;
		return 1;
	}
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	name = arena_strdup(&ps->arena, name);
	size_t n = policy_parse(ps, name, buf, len, d);
	free(buf);
	return n;
}

void policy_set_free(struct policy_set *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->pols[i].rules);
	free(ps->pols);
	arena_free(&ps->arena);
	memset(ps, 0, sizeof(*ps));
}

struct policy *policy_find(const struct policy_set *ps, const char *program,
			   size_t program_len, uint32_t arch)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->pols[i].arch == arch &&
		    ps->pols[i].program_len == program_len &&
		    memcmp(ps->pols[i].program, program, program_len) == 0)
			return &ps->pols[i];
	return NULL;
}
