/* st-run: run a command under a policy, enforced by seccomp-bpf and Landlock. */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "log.h"
#include "output.h"
#include "run.h"
#include "sys.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: st-run [-Ccqv] [-d dir] [-o file] (-p policy | -a) "
		   "[--] command [arg ...]\n");
}

/* Find the command as execvp would; *err the errno when it is not found. */
static char *find_command(const char *name, int *err)
{
	if (strchr(name, '/'))
		return xstrdup(name);
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	*err = ENOENT;
	while (*path) {
		size_t n = strcspn(path, ":");
		struct sbuf b = {0};
		sbuf_add(&b, n ? path : ".", n ? n : 1);
		sbuf_printf(&b, "/%s", name);
		if (access(b.s, X_OK) == 0)
			return b.s;
		if (errno == EACCES)
			*err = EACCES;
		sbuf_free(&b);
		path += n;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/* Where the policies come from, and the ones chosen so far. */
struct pick {
	const struct opts *o;
	struct policy_set file; /* -p: the one file */
	struct policy_set *sets;
	size_t nsets, cap;
	const struct policy **chosen;
	size_t nchosen, capc;
	char **seen;
	size_t nseen, caps;
	struct diags d;
};

/* The policy of prog (its resolved path), or NULL. */
static const struct policy *find_policy(struct pick *pk, const char *prog)
{
	uint32_t native = sys_arch_native();
	if (!pk->o->auto_)
		return policy_find(&pk->file, prog, strlen(prog), native);
	const char *dirs[3];
	size_t nd = 0;
	struct sbuf xdg = {0};
	if (pk->o->dir)
		dirs[nd++] = pk->o->dir;
	const char *x = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (x && *x)
		sbuf_printf(&xdg, "%s/st/policy", x);
	else if (home && *home)
		sbuf_printf(&xdg, "%s/.config/st/policy", home);
	if (xdg.s)
		dirs[nd++] = xdg.s;
	dirs[nd++] = "/etc/st/policy";
	char *fn = policy_file_name(prog, strlen(prog));
	const struct policy *r = NULL;
	for (size_t i = 0; i < nd && !r; i++) {
		struct sbuf p = {0};
		sbuf_printf(&p, "%s/%s", dirs[i], fn);
		if (access(p.s, F_OK) == 0) {
			if (pk->nsets == pk->cap) {
				pk->cap = pk->cap ? 2 * pk->cap : 8;
				pk->sets = xrealloc(
					pk->sets, pk->cap * sizeof(*pk->sets));
			}
			struct policy_set *s = &pk->sets[pk->nsets++];
			memset(s, 0, sizeof(*s));
			char *name = xstrdup(p.s); /* outlives the set */
			if (policy_load(s, name, &pk->d)) {
				diags_print(&pk->d);
				exit(EXIT_SETUP);
			}
			r = policy_find(s, prog, strlen(prog), native);
			if (!r)
				diag_errx(EXIT_SETUP,
					  "%s: no policy for %s, emulation %s",
					  name, prog, sys_arch_name(native));
		}
		sbuf_free(&p);
	}
	free(fn);
	sbuf_free(&xdg);
	return r;
}

/*
 * Choose prog's policy and, transitively, the policies of every program
 * it may exec (its execve rules that name a program): a program that
 * execs another stays under the same filter, so the filter must be the
 * union of all of them (SPEC section 2).
 */
static void choose(struct pick *pk, const char *prog, bool first)
{
	for (size_t i = 0; i < pk->nseen; i++)
		if (!strcmp(pk->seen[i], prog))
			return;
	if (pk->nseen == pk->caps) {
		pk->caps = pk->caps ? 2 * pk->caps : 8;
		pk->seen = xrealloc(pk->seen, pk->caps * sizeof(*pk->seen));
	}
	pk->seen[pk->nseen++] = xstrdup(prog);
	const struct policy *p = find_policy(pk, prog);
	char *interp = !p && first ? run_script_interp(prog) : NULL;
	if (interp) {
		/* a script: the image that runs is its interpreter's, and
		 * the policy st-genpolicy wrote is named after it */
		p = find_policy(pk, interp);
		free(interp);
	}
	if (!p && first && !pk->o->auto_ && pk->file.n == 1 &&
	    (pk->file.pols[0].arch == sys_arch_native()))
		p = &pk->file.pols
			     [0]; /* a file of one policy is the command's */
	if (!p) {
		if (first)
			diag_errx(EXIT_SETUP, "no policy for %s%s%s", prog,
				  pk->o->auto_ ? "" : " in ",
				  pk->o->auto_ ? "" : pk->o->policy);
		return; /* runs under the union of the others */
	}
	if (pk->nchosen == pk->capc) {
		pk->capc = pk->capc ? 2 * pk->capc : 8;
		pk->chosen =
			xrealloc(pk->chosen, pk->capc * sizeof(*pk->chosen));
	}
	pk->chosen[pk->nchosen++] = p;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct rule *r = &p->rules[i];
		const struct expr *e = r->cond;
		if (r->act.kind != ACT_PERMIT || !e ||
		    (strcmp(r->name, "execve") && strcmp(r->name, "execveat")))
			continue;
		const struct expr *const *k = &e;
		size_t n = 1;
		if (e->kind == EXPR_OR) {
			k = (const struct expr *const *)e->kids;
			n = e->nkids;
		}
		for (size_t j = 0; j < n; j++) {
			if (k[j]->kind != EXPR_COND || k[j]->op != OP_EQ ||
			    strcmp(k[j]->arg, "filename"))
				continue;
			choose(pk, k[j]->str, false);
			/* the image that runs is the resolved path (/bin/sh
			 * is /usr/bin/dash), as st-record names programs */
			char *img = realpath(k[j]->str, NULL);
			if (img && strcmp(img, k[j]->str))
				choose(pk, img, false);
			free(img);
		}
	}
}

/* The union of the chosen policies, as one policy for program prog. */
static struct policy *unite(const struct policy *const *v, size_t n,
			    const char *prog, struct policy_set *out)
{
	struct policy_set *in = xcalloc(n, sizeof(*in));
	struct policy_set **inp = xcalloc(n, sizeof(*inp));
	for (size_t i = 0; i < n; i++) {
		in[i].pols = xmalloc(sizeof(struct policy));
		in[i].pols[0] = *v[i];
		in[i].pols[0].program = prog;
		in[i].pols[0].program_len = strlen(prog);
		in[i].n = in[i].cap = 1;
		inp[i] = &in[i];
	}
	struct diags d = {0};
	policy_merge(out, inp, n, &d);
	diags_print(&d); /* conflicts, resolved toward deny */
	if (out->n != 1)
		diag_errx(EXIT_SETUP, "cannot unite the policies");
	return &out->pols[0];
}

/*
 * Print each rule's class with -v, and say which are unenforceable
 * (they stop st-run unless -c or -C). Returns how many are.
 */
static size_t judge(const struct enforce_plan *plan, const struct opts *o)
{
	const struct policy *pol = plan->pol;
	size_t bad = 0;
	for (size_t i = 0; i < pol->nrules; i++) {
		const struct enf_verdict *v = &plan->v[i];
		const struct rule *r = &pol->rules[i];
		if (o->verbose) {
			struct sbuf b = {0};
			policy_print_rule(&b, r);
			while (b.len && (b.s[b.len - 1] == '\n'))
				b.s[--b.len] = 0;
			const char *t = b.s;
			while (*t == '\t')
				t++;
			diag_at(&r->loc, "%s: %s: %s%s%s%s",
				enforce_class_name(v->cls), t, v->kernel,
				v->instead ? " (" : "",
				v->instead ? v->instead : "",
				v->instead ? ")" : "");
			sbuf_free(&b);
		}
		if (v->cls == ENF_UNENFORCEABLE && !o->cont && !o->complain) {
			if (!o->verbose)
				diag_at(&r->loc,
					"unenforceable rule: %s (-c runs it "
					"with a broader kernel rule)",
					v->instead ? v->instead : "");
			bad++;
		}
	}
	return bad;
}

/*
 * The union of the policies for emulation arch of the programs chosen
 * (in the same file with -p, in the same policy files with -a), or NULL.
 */
static const struct policy *emulation(struct pick *pk, uint32_t arch,
				      const char *prog, struct policy_set *out)
{
	const struct policy **v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < pk->nseen; i++) {
		const char *s = pk->seen[i];
		const struct policy_set *sets =
			pk->o->auto_ ? pk->sets : &pk->file;
		size_t nsets = pk->o->auto_ ? pk->nsets : 1;
		for (size_t k = 0; k < nsets; k++) {
			const struct policy *p =
				policy_find(&sets[k], s, strlen(s), arch);
			if (p) {
				v = xrealloc(v, (n + 1) * sizeof(*v));
				v[n++] = p;
			}
		}
	}
	const struct policy *r = n == 1 ? v[0]
				 : n	? unite(v, n, prog, out)
					: NULL;
	free(v);
	return r;
}

/* Add to plan the Landlock rules of e (an emulation's), in the groups
 * plan restricts. */
static void add_landlock_rules(struct enforce_plan *plan,
			       const struct enforce_plan *e)
{
	for (size_t i = 0; i < e->nll; i++) {
		struct enf_ll l = e->ll[i];
		l.groups &= plan->handled;
		if (!l.groups)
			continue;
		l.rule = SIZE_MAX; /* not one of plan's rules */
		if (plan->nll == plan->capll) {
			plan->capll = plan->capll ? 2 * plan->capll : 16;
			plan->ll = xrealloc(plan->ll,
					    plan->capll * sizeof(*plan->ll));
		}
		plan->ll[plan->nll++] = l;
	}
}

/* Whether the plan lets exec run path (seccomp and, if handled, Landlock). */
static bool exec_allowed(const struct enforce_plan *pl, const char *path,
			 const char *real)
{
	int nr = sys_lookup(pl->pol->arch, "execve");
	bool sc = false;
	for (size_t i = 0; i < pl->nsc; i++)
		if (pl->sc[i].nr == nr && pl->sc[i].act == ENF_ALLOW)
			sc = true;
	if (!sc)
		return false;
	if (!(pl->handled & ENF_LL_EXEC))
		return true;
	for (size_t i = 0; i < pl->nll; i++) {
		const char *t = pl->ll[i].path;
		if (!t || !(pl->ll[i].groups & ENF_LL_EXEC))
			continue;
		size_t n = strlen(t);
		const char *c[2] = {path, real};
		for (int k = 0; k < 2; k++)
			if ((n == 1 && t[0] == '/') ||
			    (!strncmp(t, c[k], n) &&
			     (c[k][n] == 0 || c[k][n] == '/')))
				return true;
	}
	return false;
}

int main(int argc, char *argv[])
{
	struct opts o = {0};
	int ch;

	diag_init("st-run");
	while ((ch = getopt(argc, argv, "+aCcd:ho:p:qVv")) != -1) {
		switch (ch) {
		case 'a':
			o.auto_ = true;
			break;
		case 'C':
			o.complain = true;
			break;
		case 'c':
			o.cont = true;
			break;
		case 'd':
			o.dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'o':
			o.out = optarg;
			break;
		case 'p':
			o.policy = optarg;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'V':
			printf("st-run %s\n", ST_VERSION);
			return EXIT_OK;
		case 'v':
			o.verbose = true;
			break;
		default:
			usage(stderr);
			return EXIT_SETUP;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 || !o.policy == !o.auto_) {
		usage(stderr);
		return EXIT_SETUP;
	}

	int err = ENOENT;
	char *path = find_command(argv[0], &err);
	if (!path) {
		errno = err;
		diag_err(err == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "%s",
			 argv[0]);
	}
	if (access(path, X_OK) < 0) {
		int e = errno;
		errno = e;
		diag_err(e == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "%s",
			 argv[0]);
	}
	char *real = realpath(path, NULL);
	if (!real) {
		int e = errno;
		errno = e;
		diag_err(e == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "%s",
			 argv[0]);
	}

	/* An unreadable or malformed policy: nothing runs (fail closed). */
	struct pick pk = {.o = &o};
	if (o.policy && policy_load(&pk.file, o.policy, &pk.d)) {
		diags_print(&pk.d);
		return EXIT_SETUP;
	}
	choose(&pk, real, true);
	struct policy_set uset = {0};
	const struct policy *pol =
		pk.nchosen == 1 ? pk.chosen[0]
				: unite(pk.chosen, pk.nchosen, real, &uset);
	if (o.verbose && pk.nchosen > 1)
		for (size_t i = 0; i < pk.nchosen; i++)
			diag_warnx("%s:%u: policy of %s, in the union",
				   pk.chosen[i]->loc.file,
				   pk.chosen[i]->loc.line,
				   pk.chosen[i]->program);

	/* Enforcement needs a seccomp filter; Landlock where paths or ports
	 * are restricted. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		diag_errx(
			EXIT_SETUP,
			"this kernel has no seccomp: nothing can be enforced");
	int abi = landlock_abi();
	struct enforce_plan plan;
	enforce_plan(&plan, pol, abi);

	/* its policies for the emulations of its architecture (an x86-64
	 * program's int 0x80 and x32 calls): one filter holds them all */
	const struct enforce_plan *plans[3] = {&plan};
	size_t nplans = 1;
	struct enforce_plan eplan[2];
	struct policy_set eset[2];
	memset(eset, 0, sizeof(eset));
	if (pol->arch == SCMP_ARCH_X86_64 ||
	    (pol->arch == SCMP_ARCH_NATIVE &&
	     sys_arch_native() == SCMP_ARCH_X86_64)) {
		static const uint32_t emul[] = {SCMP_ARCH_X86, SCMP_ARCH_X32};
		for (size_t e = 0; e < 2; e++) {
			const struct policy *fp =
				emulation(&pk, emul[e], real, &eset[e]);
			if (!fp)
				continue;
			enforce_plan(&eplan[e], fp, abi);
			plans[nplans++] = &eplan[e];
			if (o.verbose)
				diag_warnx("%s:%u: policy of %s for emulation "
					   "%s",
					   fp->loc.file, fp->loc.line, real,
					   fp->emul);
		}
	}
	size_t bad = 0;
	for (size_t k = 0; k < nplans; k++)
		bad += judge(plans[k], &o);
	/* Landlock holds the paths and ports of every policy, where the
	 * command's policy restricts them */
	for (size_t k = 1; k < nplans; k++)
		add_landlock_rules(&plan, plans[k]);
	if (o.verbose) {
		struct sbuf g = {0};
		enforce_groups_name(&g, plan.handled);
		diag_warnx("landlock: ABI %d; restricted: %s", abi,
			   g.s ? g.s : "nothing");
		sbuf_free(&g);
	}
	if (bad) {
		if (o.verbose)
			diag_warnx("%zu unenforceable rule%s: -c runs them "
				   "with broader kernel rules",
				   bad, bad == 1 ? "" : "s");
		return EXIT_SETUP;
	}
	if (!o.complain && !exec_allowed(&plan, path, real))
		diag_errx(EXIT_SETUP,
			  "the policy does not permit the execve of %s: add "
			  "execve: filename eq \"%s\" then permit",
			  real, real);

	struct filter f;
	filter_build(&f, plans, nplans, &o);
	/* Complain mode denies nothing, so it restricts no path either. */
	int rs = o.complain ? -1 : landlock_build(&plan, abi, path, o.verbose);

	struct output out = {0};
	FILE *fo = NULL;
	if (!o.quiet || o.complain) {
		if (o.out) {
			if (output_open(&out, o.out) < 0)
				diag_err(EXIT_SETUP, "%s", o.out);
			fo = out.f;
		} else {
			fo = stderr;
		}
	}
	int status = run_command(path, real, argv, &f, rs, abi, plans, nplans,
				 &o, fo);
	if (o.out && fo && !run_log_started) {
		/* a log file is a log even when nothing was denied */
		struct sbuf h = {0};
		log_format_header(&h, sys_arch_native());
		fwrite(h.s, 1, h.len, fo);
		sbuf_free(&h);
	}
	if (o.out && fo && output_commit(&out) < 0)
		diag_err(status ? status : EXIT_TROUBLE, "%s", o.out);
	return status;
}
