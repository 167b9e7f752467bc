/* st-lint: the policy reviewer, for editors, pre-commit hooks and CI. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "lint.h"
#include "policy.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: st-lint [-f format] [-W rule ...] [file ...]\n");
}

/* Rules turned off by -W no-RULE (on by default, -W RULE turns back on). */
static const struct lint_rule *off[64];
static size_t noff;

static bool is_off(const char *rule)
{
	for (size_t i = 0; i < noff; i++)
		if (strcmp(off[i]->name, rule) == 0)
			return true;
	return false;
}

static void set_rule(const char *arg)
{
	bool on = strncmp(arg, "no-", 3) != 0;
	const char *name = on ? arg : arg + 3;
	const struct lint_rule *r = lint_rule_find(name, strlen(name));
	if (!r)
		diag_errx(EXIT_TROUBLE, "unknown rule \"%s\" for -W", name);
	for (size_t i = 0; i < noff; i++)
		if (off[i] == r) {
			if (on)
				off[i] = off[--noff];
			return;
		}
	if (!on && noff < sizeof(off) / sizeof(off[0]))
		off[noff++] = r;
}

/* Drop the findings that the comment above their line allows. */
static void apply_allows(const struct policy_set *ps, struct diags *d,
			 size_t from)
{
	size_t k = from;
	for (size_t i = from; i < d->n; i++) {
		struct diag *g = &d->v[i];
		/* the comment above the finding's rule, and the one above its
		 * policy's header, which speaks for the whole policy */
		const char *c = NULL, *pc = NULL;
		for (size_t p = 0; p < ps->n && !c && !pc; p++) {
			const struct policy *pol = &ps->pols[p];
			if (pol->loc.line == g->loc.line)
				pc = pol->comment;
			for (size_t r = 0; r < pol->nrules && !c; r++)
				if (pol->rules[r].loc.line == g->loc.line) {
					c = pol->rules[r].comment;
					pc = pol->comment;
				}
		}
		if ((c && lint_allowed(c, g->code)) ||
		    (pc && lint_allowed(pc, g->code)) || is_off(g->code)) {
			free(g->msg);
			free(g->fix);
			if (g->sev == SEV_ERROR)
				d->errors--;
			continue;
		}
		d->v[k++] = *g;
	}
	d->n = k;
}

/* Lint one file; returns -1 when it cannot be read. */
/* The name a file's findings carry. */
static const char *shown_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static char **sort_argv;
/* Operands by the name their findings carry, then as given. */
static int cmp_arg(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	int c = strcmp(shown_name(sort_argv[x]), shown_name(sort_argv[y]));
	return c ? c : (x > y) - (x < y);
}

static int lint_file(const char *path, struct diags *d)
{
	char *buf;
	size_t len;
	if (util_read_file(path, &buf, &len) < 0) {
		diag_warn("%s", path);
		return -1;
	}
	struct policy_set *ps = xcalloc(1, sizeof(*ps));
	const char *name = shown_name(path);
	size_t from = d->n;
	size_t errors = policy_parse(ps, name, buf, len, d);
	for (size_t i = from; i < d->n; i++) {
		const struct lint_rule *r =
			lint_rule_find(d->v[i].code, strlen(d->v[i].code));
		if (r)
			d->v[i].sev = r->sev;
	}
	lint_policies(ps, name, buf, len, errors, d);
	apply_allows(ps, d, from);
	free(buf);
	/* ps stays: the findings point at its names */
	return 0;
}

static const char *sev_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void json_str(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			sbuf_adds(b, "\\n");
		else if (*p == '\t')
			sbuf_adds(b, "\\t");
		else if (*p < 0x20)
			sbuf_printf(b, "\\u%04x", *p);
		else
			sbuf_addc(b, (char)*p);
	}
	sbuf_addc(b, '"');
}

static void print_text(struct sbuf *b, const struct diag *g)
{
	sbuf_printf(b, "%s:%u:%u: %s: %s", g->loc.file, g->loc.line, g->loc.col,
		    sev_name(g->sev), g->msg);
	if (g->rel.line)
		sbuf_printf(b, " (see %s:%u:%u)", g->rel.file, g->rel.line,
			    g->rel.col);
	sbuf_printf(b, " [%s]\n", g->code);
}

static void print_json(struct sbuf *b, const struct diag *g, bool first)
{
	sbuf_adds(b, first ? "[\n" : ",\n");
	sbuf_adds(b, "{\"file\":");
	json_str(b, g->loc.file);
	sbuf_printf(b, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\"",
		    g->loc.line, g->loc.col, sev_name(g->sev));
	sbuf_adds(b, ",\"rule\":");
	json_str(b, g->code);
	sbuf_adds(b, ",\"message\":");
	json_str(b, g->msg);
	if (g->rel.line) {
		sbuf_adds(b, ",\"related\":{\"file\":");
		json_str(b, g->rel.file);
		sbuf_printf(b, ",\"line\":%u,\"column\":%u}", g->rel.line,
			    g->rel.col);
	}
	if (g->fix) {
		sbuf_adds(b, ",\"replacement\":");
		json_str(b, g->fix);
	}
	sbuf_addc(b, '}');
}

int main(int argc, char *argv[])
{
	bool json = false;
	int ch;

	diag_init("st-lint");
	while ((ch = getopt(argc, argv, "f:hVW:")) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "text") == 0)
				json = false;
			else
				diag_errx(
					EXIT_TROUBLE,
					"unknown format \"%s\" (text or json)",
					optarg);
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("st-lint %s\n", ST_VERSION);
			return EXIT_OK;
		case 'W':
			set_rule(optarg);
			break;
		default:
			usage(stderr);
			return EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	static char *stdin_only[] = {"-", NULL};
	if (argc == 0) {
		argv = stdin_only;
		argc = 1;
	}

	/*
	 * Files in the order their findings sort (by name): each file's
	 * findings are sorted, printed and freed before the next file is
	 * read, so many files with many findings need no memory for all.
	 */
	int *order = xmalloc((size_t)argc * sizeof(*order));
	for (int i = 0; i < argc; i++)
		order[i] = i;
	sort_argv = argv;
	qsort(order, (size_t)argc, sizeof(*order), cmp_arg);
	int trouble = 0;
	size_t nout = 0;
	struct sbuf b = {0};
	bool findings = false, werr = false;
	for (int i = 0; i < argc;) {
		struct diags d = {0};
		int j = i;
		do {
			if (lint_file(argv[order[j]], &d) < 0)
				trouble = 1;
			j++;
		} while (j < argc && !strcmp(shown_name(argv[order[i]]),
					     shown_name(argv[order[j]])));
		diags_sort(&d);
		for (size_t k = 0; k < d.n; k++, nout++) {
			if (json)
				print_json(&b, &d.v[k], nout == 0);
			else
				print_text(&b, &d.v[k]);
			if (d.v[k].sev != SEV_NOTE)
				findings = true;
			if (b.len >= 1 << 16) {
				werr |= fwrite(b.s, 1, b.len, stdout) != b.len;
				sbuf_reset(&b);
			}
		}
		diags_free(&d);
		i = j;
	}
	free(order);
	if (json)
		sbuf_adds(&b, nout ? "\n]\n" : "[]\n");
	if (werr || (b.len && fwrite(b.s, 1, b.len, stdout) != b.len) ||
	    fflush(stdout) != 0)
		diag_err(EXIT_TROUBLE, "standard output");
	if (trouble)
		return EXIT_TROUBLE;
	return findings ? EXIT_NEGATIVE : EXIT_OK;
}
