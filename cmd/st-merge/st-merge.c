/* st-merge: union of policies in canonical form; with one file, the formatter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "policy.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: st-merge [-o file] file ...\n");
}

int main(int argc, char *argv[])
{
	const char *outpath = NULL;
	int ch;

	diag_init("st-merge");
	while ((ch = getopt(argc, argv, "ho:V")) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'o':
			outpath = optarg;
			break;
		case 'V':
			printf("st-merge %s\n", ST_VERSION);
			return EXIT_OK;
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
	struct policy_set *in = xcalloc((size_t)argc, sizeof(*in));
	struct policy_set **inp = xcalloc((size_t)argc, sizeof(*inp));
	struct diags d = {0};
	size_t errors = 0;
	for (int i = 0; i < argc; i++) {
		errors += policy_load(&in[i], argv[i], &d);
		inp[i] = &in[i];
	}
	if (errors) {
		diags_print(&d);
		return EXIT_TROUBLE;
	}

	struct policy_set out = {0};
	policy_merge(&out, inp, (size_t)argc, &d);
	diags_print(&d); /* conflicts: warnings, resolved */

	struct sbuf b = {0};
	policy_print(&b, &out);
	if (output_write(outpath, b.s, b.len) < 0)
		diag_err(EXIT_TROUBLE, "%s",
			 outpath ? outpath : "standard output");
	return EXIT_OK;
}
