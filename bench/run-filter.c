/*
 * run-filter: the peers st-run's benchmark compares with. Loads a seccomp
 * filter through libseccomp and execs the command under it:
 *
 *   run-filter allow -- command ...    one-rule allow-all filter
 *   run-filter rules FILE -- command   rules from FILE, one per line:
 *       DEFAULT errno N                  the default action
 *       allow NAME [IDX OP VALUE VALUE2]...
 *       errno N NAME [IDX OP VALUE VALUE2]...
 *     (bench/run-enforce writes FILE from Docker's default profile; OP
 *     is a libseccomp SCMP_CMP_* name without the prefix)
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static enum scmp_compare op_of(const char *s)
{
	static const struct {
		const char *n;
		enum scmp_compare op;
	} ops[] = {{"NE", SCMP_CMP_NE},
		   {"LT", SCMP_CMP_LT},
		   {"LE", SCMP_CMP_LE},
		   {"EQ", SCMP_CMP_EQ},
		   {"GE", SCMP_CMP_GE},
		   {"GT", SCMP_CMP_GT},
		   {"MASKED_EQ", SCMP_CMP_MASKED_EQ}};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].n, s))
			return ops[i].op;
	fprintf(stderr, "run-filter: unknown comparison %s\n", s);
	exit(125);
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	int i;

	if (argc >= 4 && !strcmp(argv[1], "allow") && !strcmp(argv[2], "--")) {
		ctx = seccomp_init(SCMP_ACT_ALLOW);
		i = 3;
	} else if (argc >= 5 && !strcmp(argv[1], "rules") &&
		   !strcmp(argv[3], "--")) {
		FILE *f = fopen(argv[2], "re");
		char line[4096];
		if (!f) {
			perror(argv[2]);
			return 125;
		}
		ctx = NULL;
		while (fgets(line, sizeof(line), f)) {
			char *tok[32];
			int n = 0;
			for (char *t = strtok(line, " \n"); t && n < 32;
			     t = strtok(NULL, " \n"))
				tok[n++] = t;
			if (n == 3 && !strcmp(tok[0], "DEFAULT")) {
				ctx = seccomp_init(
					SCMP_ACT_ERRNO((unsigned)atoi(tok[2])));
				seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE,
						 2);
				continue;
			}
			if (!ctx || n < 2)
				continue;
			uint32_t act = SCMP_ACT_ALLOW;
			int k = 1;
			if (!strcmp(tok[0], "errno")) {
				act = SCMP_ACT_ERRNO((unsigned)atoi(tok[1]));
				k = 2;
			}
			int nr = seccomp_syscall_resolve_name(tok[k]);
			if (nr == __NR_SCMP_ERROR)
				continue; /* unknown to this libseccomp */
			struct scmp_arg_cmp c[6];
			unsigned nc = 0;
			for (k++; k + 3 < n && nc < 6; k += 4)
				c[nc++] = (struct scmp_arg_cmp){
					.arg = (unsigned)atoi(tok[k]),
					.op = op_of(tok[k + 1]),
					.datum_a =
						strtoull(tok[k + 2], NULL, 0),
					.datum_b =
						strtoull(tok[k + 3], NULL, 0)};
			seccomp_rule_add_array(ctx, act, nr, nc, c);
		}
		fclose(f);
		i = 4;
	} else {
		fprintf(stderr, "usage: run-filter (allow | rules file) -- "
				"command ...\n");
		return 125;
	}
	if (!ctx || seccomp_load(ctx) < 0) {
		fprintf(stderr, "run-filter: cannot load the filter\n");
		return 125;
	}
	execvp(argv[i], argv + i);
	perror(argv[i]);
	return 127;
}
