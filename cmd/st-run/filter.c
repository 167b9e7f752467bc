/* filter.c: st-run's kernel objects: the seccomp filter and the Landlock ruleset. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diag.h"
#include "kernel.h"
#include "run.h"
#include "sys.h"

/* The action of the filter for a call the policy denies with err. */
static uint32_t deny_action(const struct opts *o, int err)
{
	/*
	 * Reported denials go to st-run through user notification; st-run
	 * answers every one with an error (the BPF has already decided:
	 * nothing st-run reads in the program's memory can let a call
	 * through). Complain mode lets them continue after logging.
	 */
	if (!o->quiet || o->complain)
		return SCMP_ACT_NOTIFY;
	return SCMP_ACT_ERRNO((unsigned)err);
}

/* Add the rules of plan to ctx, whose default action is def. */
static void add_rules(scmp_filter_ctx ctx, const struct enforce_plan *plan,
		      const struct opts *o, uint32_t def)
{
	for (size_t i = 0; i < plan->nsc; i++) {
		const struct enf_sc *s = &plan->sc[i];
		uint32_t act;
		if (o->complain)
			/* Landlock is not applied: a call whose path or
			 * port it would judge goes to st-run, which logs it
			 * when no permission of the policy covers it */
			act = s->act != ENF_ALLOW ? def
			      : (s->groups & plan->handled) || s->log
				      ? SCMP_ACT_NOTIFY
				      : SCMP_ACT_ALLOW;
		else if (s->act == ENF_ALLOW)
			/* permit log: st-run reports the call, then lets it
			 * run */
			act = s->log && !o->quiet ? SCMP_ACT_NOTIFY
						  : SCMP_ACT_ALLOW;
		else if (s->act == ENF_KILL)
			/* the whole process, as the policy's kill says */
			act = SCMP_ACT_KILL_PROCESS;
		else if (s->act == ENF_ASK)
			/* st-run asks: the call waits for the answer */
			act = SCMP_ACT_NOTIFY;
		else
			act = deny_action(o, s->err);
		/* libseccomp refuses rules with the default action; the
		 * default applies to them anyway */
		if (act == def)
			continue;
		for (size_t c = 0; c < s->cond.n; c++) {
			struct scmp_arg_cmp cmp[6];
			const struct enf_conj *cj = &s->cond.v[c];
			for (unsigned k = 0; k < cj->n; k++) {
				const struct enf_cmp *x = &cj->c[k];
				if (x->ne)
					cmp[k] = SCMP_CMP(x->reg, SCMP_CMP_NE,
							  x->val);
				else if (x->mask == UINT64_MAX)
					cmp[k] = SCMP_CMP(x->reg, SCMP_CMP_EQ,
							  x->val);
				else
					cmp[k] = SCMP_CMP(x->reg,
							  SCMP_CMP_MASKED_EQ,
							  x->mask, x->val);
			}
			/* libseccomp takes x32 numbers without the x32 bit,
			 * which it adds itself */
			int nr = plan->pol->arch == SCMP_ARCH_X32
					 ? s->nr & ~0x40000000
					 : s->nr;
			int rc = seccomp_rule_add_exact_array(ctx, act, nr,
							      cj->n, cmp);
			if (rc < 0 && rc != -EEXIST)
				diag_errx(EXIT_SETUP,
					  "%s:%u: cannot add the seccomp rule "
					  "for %s: %s",
					  plan->pol->rules[s->rule].loc.file,
					  plan->pol->rules[s->rule].loc.line,
					  s->sys, strerror(-rc));
		}
	}
}

/* A filter context for arch only, with the default action def. */
static scmp_filter_ctx arch_ctx(uint32_t arch, uint32_t def)
{
	scmp_filter_ctx ctx = seccomp_init(def);
	if (!ctx)
		diag_errx(EXIT_SETUP, "cannot create a seccomp filter");
	/*
	 * The architecture check: the filter names the policies'
	 * architectures only, so an x86-64 program's int 0x80 (i386) and
	 * x32 calls, whose numbers mean other calls, take the bad-arch
	 * action unless a policy for that emulation is given: denied like
	 * any call outside the policy, and reported.
	 */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, def);
	if (rc == 0 && arch != SCMP_ARCH_NATIVE &&
	    arch != seccomp_arch_native()) {
		rc = seccomp_arch_add(ctx, arch);
		if (rc == 0)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	/* A binary tree of calls: the cost of a call does not grow with
	 * the number of rules. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc < 0)
		diag_errx(EXIT_SETUP, "cannot set up the seccomp filter: %s",
			  strerror(-rc));
	return ctx;
}

void filter_build(struct filter *f, const struct enforce_plan *const *plans,
		  size_t nplans, const struct opts *o)
{
	/* The default: whatever the policy does not name is denied with
	 * EPERM (SPEC section 4), the only default the language has. */
	uint32_t def = deny_action(o, EPERM);
	scmp_filter_ctx ctx = arch_ctx(plans[0]->pol->arch, def);
	add_rules(ctx, plans[0], o, def);
	/* the emulations the policy has a policy for: their own numbers,
	 * one filter */
	for (size_t i = 1; i < nplans; i++) {
		scmp_filter_ctx e = arch_ctx(plans[i]->pol->arch, def);
		add_rules(e, plans[i], o, def);
		int rc = seccomp_merge(ctx, e);
		if (rc < 0)
			diag_errx(EXIT_SETUP,
				  "cannot add the %s policy to the seccomp "
				  "filter: %s",
				  plans[i]->pol->emul, strerror(-rc));
	}
	int rc;

	int mfd = memfd_create("st-run-bpf", MFD_CLOEXEC);
	if (mfd < 0)
		diag_err(EXIT_SETUP, "memfd_create");
	rc = seccomp_export_bpf(ctx, mfd);
	if (rc < 0)
		diag_errx(EXIT_SETUP, "cannot export the seccomp filter: %s",
			  strerror(-rc));
	off_t n = lseek(mfd, 0, SEEK_END);
	if (n <= 0 || n % (off_t)sizeof(struct sock_filter) ||
	    n / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS)
		diag_errx(EXIT_SETUP,
			  "the seccomp filter is too large (%lld bytes)",
			  (long long)n);
	f->insns = xmalloc((size_t)n);
	if (pread(mfd, f->insns, (size_t)n, 0) != n)
		diag_err(EXIT_SETUP, "reading the seccomp filter");
	f->len = (unsigned short)(n / (off_t)sizeof(struct sock_filter));
	bool ask = false;
	for (size_t i = 0; i < nplans; i++)
		for (size_t k = 0; k < plans[i]->nsc; k++)
			ask |= plans[i]->sc[k].act == ENF_ASK;
	f->listener = !o->quiet || o->complain || ask;
	close(mfd);
	seccomp_release(ctx);
}

int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0,
			 LANDLOCK_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

/* The rights of groups. */
static uint64_t fs_rights(unsigned g, int abi)
{
	uint64_t r = 0;
	if (g & ENF_LL_READ)
		r |= LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
	if (g & ENF_LL_WRITE) {
		/* an open with O_CREAT makes the file before it is opened
		 * for writing: unhandled, make_reg would let a refused open
		 * leave an empty file behind */
		r |= LANDLOCK_ACCESS_FS_WRITE_FILE |
		     LANDLOCK_ACCESS_FS_MAKE_REG;
		if (abi >= 3)
			r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	}
	if (g & ENF_LL_EXEC)
		r |= LANDLOCK_ACCESS_FS_EXECUTE;
	return r;
}

#define FILE_RIGHTS                                                   \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | \
	 LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | \
	 LANDLOCK_ACCESS_FS_IOCTL_DEV)

/*
 * Allow rights beneath path; returns 0, or -1 when the path is absent.
 * exact: the policy names the path itself, not its tree; Landlock has no
 * rule for one directory, so a directory gets read_dir of its tree only
 * (broader: its subdirectories can be listed), reported with verbose.
 */
static int add_path(int rs, const char *path, uint64_t rights, bool exact,
		    bool verbose)
{
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == EACCES)
			return -1; /* nothing there to allow */
		diag_err(EXIT_SETUP, "%s", path);
	}
	if (fstat(fd, &st) < 0)
		diag_err(EXIT_SETUP, "%s", path);
	if (!S_ISDIR(st.st_mode)) {
		rights &= FILE_RIGHTS; /* Landlock refuses directory rights
					  on a file */
	} else if (exact) {
		rights &= LANDLOCK_ACCESS_FS_READ_DIR;
		if (verbose)
			diag_warnx("landlock: %s is a directory: read_dir "
				   "allowed beneath it (broader: Landlock "
				   "cannot allow one directory)",
				   path);
	}
	struct landlock_path_beneath_attr pb = {.allowed_access = rights,
						.parent_fd = fd};
	if (rights && syscall(SYS_landlock_add_rule, rs,
			      LANDLOCK_RULE_PATH_BENEATH, &pb, 0) < 0)
		diag_err(EXIT_SETUP, "landlock rule for %s", path);
	close(fd);
	return 0;
}

/*
 * A path the policy names that does not exist (yet): nothing to allow,
 * unless the policy lets it be written, and so made. Landlock allows only
 * what exists, so the file's directory gets the rights to make and write
 * files beneath it: broader, and said with verbose.
 */
static void absent_path(int rs, const char *path, uint64_t rights, bool verbose)
{
	const char *slash = strrchr(path, '/');
	if (!(rights & LANDLOCK_ACCESS_FS_MAKE_REG) || !slash) {
		if (verbose)
			diag_warnx("landlock: %s does not exist: nothing to "
				   "allow",
				   path);
		return;
	}
	char *dir = xstrdup(path);
	dir[slash == path ? 1 : slash - path] = '\0';
	struct stat st;
	uint64_t w = rights & (LANDLOCK_ACCESS_FS_MAKE_REG |
			       LANDLOCK_ACCESS_FS_WRITE_FILE |
			       LANDLOCK_ACCESS_FS_TRUNCATE);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (verbose)
			diag_warnx("landlock: %s does not exist, nor its "
				   "directory: nothing to allow",
				   path);
	} else if (add_path(rs, dir, w, false, false) == 0 && verbose) {
		diag_warnx("landlock: %s does not exist yet: make_reg,"
			   "write_file%s allowed beneath %s (broader: Landlock "
			   "allows only files that exist)",
			   path,
			   w & LANDLOCK_ACCESS_FS_TRUNCATE ? ",truncate" : "",
			   dir);
	}
	free(dir);
}

/*
 * The ELF interpreter of the program at path ("/lib64/ld-linux-x86-64.so.2"),
 * or NULL (static program, script, unreadable).
 */
static char *elf_interp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	Elf64_Ehdr eh;
	char *r = NULL;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phnum > 512)
		goto out;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + i * sizeof(ph))) != sizeof(ph))
			break;
		if (ph.p_type != PT_INTERP || ph.p_filesz > 4096 ||
		    ph.p_filesz < 2)
			continue;
		r = xmalloc(ph.p_filesz + 1);
		if (pread(fd, r, ph.p_filesz, (off_t)ph.p_offset) !=
		    (ssize_t)ph.p_filesz) {
			free(r);
			r = NULL;
			break;
		}
		r[ph.p_filesz] = 0;
		break;
	}
out:
	close(fd);
	return r;
}

char *run_script_interp(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 3 || buf[0] != '#' || buf[1] != '!')
		return NULL;
	buf[n] = '\0';
	char *q = buf + 2;
	while (*q == ' ' || *q == '\t')
		q++;
	q[strcspn(q, " \t\r\n")] = '\0';
	return *q == '/' ? realpath(q, NULL) : NULL;
}

/* Let path's interpreters run: its ELF interpreter, or, for a script,
 * its #! interpreter and that one's ELF interpreter. The kernel opens
 * them without a system call a policy can name: SPEC section 4, the
 * first fact that bites. */
static void allow_interps(int rs, const char *path, uint64_t rights,
			  bool verbose)
{
	char *in = elf_interp(path);
	if (in && add_path(rs, in, rights, false, false) == 0 && verbose)
		diag_warnx("landlock: read_file,execute allowed on %s (the "
			   "interpreter of %s)",
			   in, path);
	free(in);
	char *si = run_script_interp(path);
	if (!si)
		return;
	if (add_path(rs, si, rights, false, false) == 0 && verbose)
		diag_warnx("landlock: read_file,execute allowed on %s (the "
			   "interpreter of the script %s)",
			   si, path);
	in = elf_interp(si);
	if (in && add_path(rs, in, rights, false, false) == 0 && verbose)
		diag_warnx("landlock: read_file,execute allowed on %s (the "
			   "interpreter of %s)",
			   in, si);
	free(in);
	free(si);
}

/* Let a program the policy runs be run: read and execute it and its
 * interpreters. */
static void allow_program(int rs, const char *path, uint64_t rights,
			  bool verbose)
{
	if (add_path(rs, path, rights, false, false) == 0 && verbose)
		diag_warnx("landlock: %s allowed on %s (a program the policy "
			   "runs)",
			   rights & LANDLOCK_ACCESS_FS_EXECUTE
				   ? "read_file,execute"
				   : "read_file",
			   path);
	allow_interps(rs, path, rights, verbose);
}

int landlock_build(const struct enforce_plan *plan, int abi, const char *cmd,
		   bool verbose)
{
	unsigned h = plan->handled;
	if (!h)
		return -1;
	struct st_landlock_ruleset_attr attr = {0};
	attr.handled_access_fs = fs_rights(h, abi);
	if (h & ENF_LL_BIND)
		attr.handled_access_net |= LANDLOCK_ACCESS_NET_BIND_TCP;
	if (h & ENF_LL_CONN)
		attr.handled_access_net |= LANDLOCK_ACCESS_NET_CONNECT_TCP;
	size_t size = abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
	int rs = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
	if (rs < 0)
		diag_err(EXIT_SETUP, "landlock_create_ruleset");
	uint64_t prog =
		fs_rights(h & (ENF_LL_READ | ENF_LL_EXEC), abi) &
		(LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE);
	for (size_t i = 0; i < plan->nll; i++) {
		const struct enf_ll *l = &plan->ll[i];
		if (l->path) {
			uint64_t r = fs_rights(l->groups & h, abi);
			if (add_path(rs, l->path, r, l->exact_path, verbose) <
			    0)
				absent_path(rs, l->path, r, verbose);
			if ((l->groups & ENF_LL_EXEC) && prog)
				allow_interps(rs, l->path, prog, verbose);
			continue;
		}
		struct landlock_net_port_attr np = {
			.port = (uint64_t)l->port,
			.allowed_access =
				(l->groups & ENF_LL_BIND
					 ? LANDLOCK_ACCESS_NET_BIND_TCP
					 : 0) |
				(l->groups & ENF_LL_CONN
					 ? LANDLOCK_ACCESS_NET_CONNECT_TCP
					 : 0)};
		np.allowed_access &= attr.handled_access_net;
		if (np.allowed_access &&
		    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_NET_PORT,
			    &np, 0) < 0)
			diag_err(EXIT_SETUP, "landlock rule for port %d",
				 l->port);
	}
	/* st-run execs the command under the ruleset: the policy allows
	 * that exec (checked before), and the kernel needs these rights. */
	if (prog)
		allow_program(rs, cmd, prog, verbose);
	return rs;
}
