/* st-genpolicy: fold st-logs (or strace output) into policies. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "genpolicy.h"
#include "output.h"
#include "policy.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: st-genpolicy [-Guv] [-d dir] [-g file] [-o file] "
		   "[file ...]\n");
}

/* One file of -d: its name and the policies it holds. */
struct dfile {
	char *name, *tmp;
	struct policy_set set;
};

static void unlink_tmps(struct dfile *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].tmp)
			unlink(v[i].tmp);
}

/*
 * Write each program's policy to its own file in dir: every file to a
 * temporary name first, then all renamed into place, so that an error
 * leaves nothing behind.
 */
static int write_dir(const char *dir, const struct policy_set *ps)
{
	bool made = false;
	if (mkdir(dir, 0777) == 0)
		made = true;
	else if (errno != EEXIST) {
		diag_warn("%s", dir);
		return -1;
	}
	struct dfile *v = xcalloc(ps->n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const struct policy *p = &ps->pols[i];
		char *nm = policy_file_name(p->program, p->program_len);
		size_t j;
		for (j = 0; j < n && strcmp(v[j].name, nm) != 0; j++)
			;
		if (j == n) {
			v[n].name = nm;
			n++;
		} else {
			free(nm);
		}
		struct policy_set *s = &v[j].set;
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 2;
			s->pols = xrealloc(s->pols, s->cap * sizeof(*s->pols));
		}
		s->pols[s->n++] = *p;
	}
	mode_t um = umask(0);
	umask(um);
	struct sbuf b = {0}, path = {0};
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&path);
		sbuf_printf(&path, "%s/.%s.tmpXXXXXX", dir, v[i].name);
		int fd = mkostemp(path.s, O_CLOEXEC);
		if (fd < 0) {
			diag_warn("%s/%s", dir, v[i].name);
			goto fail;
		}
		v[i].tmp = xstrdup(path.s);
		fchmod(fd, 0666 & ~um);
		sbuf_reset(&b);
		policy_print(&b, &v[i].set);
		const char *p = b.s;
		size_t left = b.len;
		while (left) {
			ssize_t k = write(fd, p, left);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0)
				break;
			p += k;
			left -= (size_t)k;
		}
		if (left || fsync(fd) != 0 || close(fd) != 0) {
			int e = errno;
			close(fd);
			errno = e;
			diag_warn("%s/%s", dir, v[i].name);
			goto fail;
		}
	}
	for (size_t i = 0; i < n; i++) {
		sbuf_reset(&path);
		sbuf_printf(&path, "%s/%s", dir, v[i].name);
		if (rename(v[i].tmp, path.s) != 0) {
			diag_warn("%s", path.s);
			goto fail;
		}
		free(v[i].tmp);
		v[i].tmp = NULL;
	}
	sbuf_free(&b);
	sbuf_free(&path);
	return 0;
fail:
	unlink_tmps(v, n);
	if (made)
		rmdir(dir);
	sbuf_free(&b);
	sbuf_free(&path);
	return -1;
}

int main(int argc, char *argv[])
{
	const char *outpath = NULL, *dir = NULL;
	bool aliases = true, verbose = false, builtin = false;
	const char **gfiles = NULL;
	size_t ngfiles = 0;
	int ch;

	diag_init("st-genpolicy");
	/* a closed pipe is a write error to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "d:Gg:ho:uVv")) != -1) {
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		case 'G':
			builtin = true;
			break;
		case 'g':
			gfiles = xrealloc(gfiles,
					  (ngfiles + 1) * sizeof(*gfiles));
			gfiles[ngfiles++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'o':
			outpath = optarg;
			break;
		case 'u':
			aliases = false;
			break;
		case 'V':
			printf("st-genpolicy %s\n", ST_VERSION);
			return EXIT_OK;
		case 'v':
			verbose = true;
			break;
		default:
			usage(stderr);
			return EXIT_TROUBLE;
		}
	}
	argc -= optind;
	argv += optind;
	if (dir && outpath) {
		diag_warnx("-d and -o cannot be used together");
		usage(stderr);
		return EXIT_TROUBLE;
	}

	struct diags d = {0};
	size_t errors = 0;
	struct general *g = general_new();
	if (builtin)
		general_builtin(g);
	for (size_t i = 0; i < ngfiles; i++)
		errors += general_load(g, gfiles[i], &d);
	if (errors) {
		diags_print(&d);
		return EXIT_TROUBLE;
	}

	static char *stdin_only[] = {"-", NULL};
	if (argc == 0) {
		argv = stdin_only;
		argc = 1;
	}
	struct fold f;
	fold_init(&f, aliases);
	for (int i = 0; i < argc; i++) {
		size_t seen = d.n;
		errors += input_fold(&f, argv[i], &d);
		for (size_t k = seen; k < d.n; k++)
			diag_print(&d.v[k]);
	}
	if (errors)
		return EXIT_TROUBLE; /* nothing written: no partial policy */

	struct policy_set out = {0};
	fold_policies(&f, g, &out, verbose);

	if (dir)
		return write_dir(dir, &out) < 0 ? EXIT_TROUBLE : EXIT_OK;

	struct sbuf b = {0};
	policy_print(&b, &out);
	if (output_write(outpath, b.s, b.len) < 0)
		diag_err(EXIT_TROUBLE, "%s",
			 outpath ? outpath : "standard output");
	return EXIT_OK;
}
