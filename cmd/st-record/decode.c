/* decode.c: st-record's decoding of one system call into an st-log event. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "diag.h"
#include "record.h"
#include "sys.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define X32_BIT	   0x40000000
#define NAME_SLOTS 1024

uint64_t rec_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rec_init(struct rec *r, int out_fd, const char *out_name)
{
	memset(r, 0, sizeof(*r));
	r->out_fd = out_fd;
	r->out_name = out_name;
	r->arch = sys_arch_native();
	r->ntasks_cap = 8192;
	r->tasks = xcalloc(r->ntasks_cap, sizeof(*r->tasks));
	r->gen = 1;
	r->last_flush_ns = rec_now_ns();
	r->root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct stat st;
	if (stat("/proc/self/ns/mnt", &st) == 0)
		r->mnt_ino = (uint64_t)st.st_ino;
	sbuf_grow(&r->out, 1 << 17);
	log_format_header(&r->out, r->arch);
}

/*
 * Names and argument tables by number, looked up once: libseccomp's
 * resolver allocates, and the hot path must not.
 */
struct name_slot {
	const char *name;
	const struct call_args *ca;
};
static struct name_slot names64[NAME_SLOTS], names32[NAME_SLOTS],
	namesx32[NAME_SLOTS];

static struct name_slot *name_slot(uint32_t arch, int nr)
{
	struct name_slot *t;
	uint32_t a = arch;
	int idx = nr;

	if (arch == SCMP_ARCH_X86_64 && (nr & X32_BIT)) {
		a = SCMP_ARCH_X32;
		t = namesx32;
		idx = nr & ~X32_BIT;
	} else if (arch == SCMP_ARCH_X86_64) {
		t = names64;
	} else if (arch == SCMP_ARCH_X86) {
		t = names32;
	} else {
		return NULL;
	}
	if (idx < 0 || idx >= NAME_SLOTS)
		return NULL;
	if (!t[idx].name) {
		const char *n = sys_name(a, nr);
		char buf[32];
		if (!n) {
			/* no name: a token the log grammar accepts */
			snprintf(buf, sizeof(buf), "syscall_%d", nr);
			n = buf;
		}
		t[idx].name = xstrdup(n);
		t[idx].ca = args_of(t[idx].name);
	}
	return &t[idx];
}

const char *rec_sys_name(uint32_t arch, int nr)
{
	struct name_slot *s = name_slot(arch, nr);
	static char buf[32];

	if (s)
		return s->name;
	const char *n = sys_name(arch, nr);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "syscall_%d", nr);
	return buf;
}

/* Whether the call (by name) changes the image or root of its task. */
static int changes_image_or_root(const char *sys)
{
	static const char *const calls[] = {
		"execve",     "execveat", "chroot",
		"pivot_root", "setns",	  "unshare",
	};
	for (size_t i = 0; i < NELEM(calls); i++)
		if (strcmp(sys, calls[i]) == 0)
			return 1;
	return 0;
}

int rec_call_invalidates(const char *sys)
{
	/* a new task may take the id, and so the entry, of one gone */
	return changes_image_or_root(sys) || strcmp(sys, "clone") == 0 ||
	       strcmp(sys, "clone3") == 0 || strcmp(sys, "fork") == 0 ||
	       strcmp(sys, "vfork") == 0;
}

/* The task cache */

void rec_forget(struct rec *r)
{
	r->gen++;
	if (r->gen == 0)
		r->gen = 1;
}

static struct task_info *task_slot(struct rec *r, pid_t tid, int insert)
{
	size_t mask = r->ntasks_cap - 1;
	size_t i = ((size_t)tid * 2654435761u) & mask;

	/*
	 * Linear probing; slots of older generations are free. Entries of
	 * the current generation are never removed (only their facts are
	 * dropped), so a lookup may stop at the first free slot.
	 */
	for (size_t n = 0; n < r->ntasks_cap; n++, i = (i + 1) & mask) {
		struct task_info *t = &r->tasks[i];
		if (t->gen != r->gen) {
			if (!insert)
				return NULL;
			t->gen = r->gen;
			t->tid = tid;
			t->program_len = 0;
			if (t->program)
				t->program[0] = 0;
			free(t->root);
			t->root = NULL;
			t->our_root = 0;
			return t;
		}
		if (t->tid == tid)
			return t;
	}
	return NULL;
}

void rec_forget_tid(struct rec *r, pid_t tid)
{
	struct task_info *t = task_slot(r, tid, 0);
	if (t)
		t->program_len = 0;
}

int rec_readlink(const char *path, struct sbuf *b)
{
	sbuf_reset(b);
	sbuf_grow(b, PATH_MAX + 1);
	ssize_t n = readlink(path, b->s, PATH_MAX);
	if (n < 0)
		return -1;
	b->len = (size_t)n;
	b->s[n] = 0;
	return 0;
}

/* readlink /proc/TID/WHAT into b (reset first). Returns 0 or -1. */
static int proc_readlink(pid_t tid, const char *what, struct sbuf *b)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, what);
	return rec_readlink(path, b);
}

static struct task_info *task_get(struct rec *r, pid_t tid)
{
	struct task_info *t = task_slot(r, tid, 1);

	if (!t) {
		/* full: start a new generation */
		rec_forget(r);
		t = task_slot(r, tid, 1);
	}
	if (t->program_len)
		return t;
	if (proc_readlink(tid, "exe", &r->tmp) < 0)
		return NULL;
	t->program = xrealloc(t->program, r->tmp.len + 1);
	memcpy(t->program, r->tmp.s, r->tmp.len + 1);
	t->program_len = r->tmp.len;
	free(t->root);
	t->root = NULL;
	t->our_root = 0;
	if (proc_readlink(tid, "root", &r->tmp) == 0) {
		char ns[64];
		struct stat st;
		if (strcmp(r->tmp.s, "/") != 0)
			t->root = xstrdup(r->tmp.s);
		snprintf(ns, sizeof(ns), "/proc/%d/ns/mnt", (int)tid);
		/*
		 * "/" seen from st-record's mounts: the same directory, so
		 * that absolute paths resolve from st-record's own root
		 * (one open of /proc less per path).
		 */
		t->our_root = !t->root && r->root_fd >= 0 && r->mnt_ino &&
			      stat(ns, &st) == 0 &&
			      (uint64_t)st.st_ino == r->mnt_ino;
	}
	return t;
}

/* Reading the task's memory */

static int read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = {buf, len};
	struct iovec remote = {(void *)(uintptr_t)addr, len};

	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	return n == (ssize_t)len ? 0 : -1;
}

/*
 * Read a NUL-terminated string of at most max bytes into b, page by page:
 * process_vm_readv stops at the first unmapped page, and a string may end
 * right before one.
 */
static int read_str(pid_t tid, uint64_t addr, struct sbuf *b, size_t max)
{
	sbuf_reset(b);
	sbuf_grow(b, 256);
	while (b->len < max) {
		size_t chunk = 4096 - (size_t)(addr & 4095);
		if (chunk > max - b->len)
			chunk = max - b->len;
		sbuf_grow(b, chunk + 1);
		struct iovec local = {b->s + b->len, chunk};
		struct iovec remote = {(void *)(uintptr_t)addr, chunk};
		ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
		if (n <= 0)
			return b->len ? 0 : -1;
		char *nul = memchr(b->s + b->len, 0, (size_t)n);
		if (nul) {
			b->len = (size_t)(nul - b->s);
			b->s[b->len] = 0;
			return 0;
		}
		b->len += (size_t)n;
		b->s[b->len] = 0;
		addr += (uint64_t)n;
	}
	return 0;
}

/* Paths */

/* Append to out the lexical normal form of path p (absolute). */
static void lexical_add(struct sbuf *out, const char *p)
{
	size_t base = out->len;

	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out->len > base && out->s[out->len - 1] != '/')
				out->len--;
			if (out->len > base)
				out->len--;
		} else {
			sbuf_addc(out, '/');
			sbuf_add(out, p, n);
		}
		p = e;
	}
	if (out->len == base)
		sbuf_addc(out, '/');
	out->s[out->len] = 0;
}

/* Remove the task's root prefix from an absolute path we read back. */
static void strip_root(struct sbuf *b, const char *root)
{
	size_t n;

	if (!root)
		return;
	n = strlen(root);
	if (strncmp(b->s, root, n) == 0 && (b->s[n] == '/' || b->s[n] == 0)) {
		memmove(b->s, b->s + n, b->len - n + 1);
		b->len -= n;
		if (b->len == 0)
			sbuf_addc(b, '/');
	}
}

/*
 * Directories resolved for the calls decoded without a stop, which are
 * decoded in a stream: the same directories again and again. An entry
 * holds until a call of the tree that may change what a name resolves
 * to (rec_dir_changed).
 */
#define DIR_CACHE 4096
struct dir_cache {
	char *key; /* "./DIR" from st-record's root */
	char *val; /* what it resolved to */
	unsigned gen;
};
static struct dir_cache dir_cache[DIR_CACHE];

static size_t str_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void rec_dir_changed(struct rec *r)
{
	r->dir_gen++;
}

/* Whether a call does not follow a symbolic link in its last component. */
static int nofollow_call(const char *sys, const struct call *c, unsigned idx)
{
	static const char *const always[] = {
		"lstat",     "lstat64",	   "lchown",	   "lchown32",
		"lgetxattr", "llistxattr", "lremovexattr", "lsetxattr",
		"readlink",  "readlinkat", "unlink",	   "unlinkat",
		"rmdir",     "rename",	   "renameat",	   "renameat2",
		"symlink",   "symlinkat",  "mkdir",	   "mkdirat",
		"mknod",     "mknodat",	   "link",	   "linkat",
	};
	/* calls with an AT_SYMLINK_NOFOLLOW flag, and its register */
	static const struct {
		const char *sys;
		int reg;
	} flagged[] = {
		{"newfstatat", 3}, {"fstatat64", 3},	     {"statx", 2},
		{"fchownat", 4},   {"utimensat", 3},	     {"fchmodat2", 3},
		{"faccessat2", 3}, {"name_to_handle_at", 4},
	};
	for (size_t i = 0; i < NELEM(always); i++)
		if (strcmp(sys, always[i]) == 0)
			return !(idx == 0 && strcmp(sys, "linkat") == 0 &&
				 (c->args[4] & AT_SYMLINK_FOLLOW));
	for (size_t i = 0; i < NELEM(flagged); i++)
		if (strcmp(sys, flagged[i].sys) == 0)
			return (c->args[flagged[i].reg] &
				AT_SYMLINK_NOFOLLOW) != 0;
	if (strcmp(sys, "open") == 0)
		return (c->args[1] & (O_CREAT | O_EXCL)) ==
			       (O_CREAT | O_EXCL) ||
		       (c->args[1] & O_NOFOLLOW);
	if (strcmp(sys, "openat") == 0)
		return (c->args[2] & (O_CREAT | O_EXCL)) ==
			       (O_CREAT | O_EXCL) ||
		       (c->args[2] & O_NOFOLLOW);
	return 0;
}

/* Whether the call's flags ask for AT_EMPTY_PATH. */
static int empty_path_ok(const char *sys, const struct call *c)
{
	static const struct {
		const char *sys;
		int reg;
	} flagged[] = {
		{"newfstatat", 3}, {"fstatat64", 3},
		{"statx", 2},	   {"fchownat", 4},
		{"linkat", 4},	   {"execveat", 4},
		{"utimensat", 3},  {"name_to_handle_at", 4},
		{"fchmodat2", 3},  {"faccessat2", 3},
		{"open_tree", 2},  {"fspick", 2},
	};
	for (size_t i = 0; i < NELEM(flagged); i++)
		if (strcmp(sys, flagged[i].sys) == 0)
			return (c->args[flagged[i].reg] & AT_EMPTY_PATH) != 0;
	return 0;
}

/*
 * The directory a relative path of the task starts from: its cwd, or the
 * directory of dirfd. Sets proc to the magic link and out to its target.
 */
static int start_dir(const struct rec *r, pid_t tid, int dirfd_reg,
		     const struct call *c, char *proc, size_t nproc,
		     struct sbuf *out, int *seen)
{
	int fd = AT_FDCWD;
	const struct rec_view *v = r->view;

	*seen = 0;
	if (dirfd_reg >= 0)
		fd = (int)(int32_t)c->args[dirfd_reg];
	if (v) {
		/* a call without a stop: the state tracked for its task */
		const char *s = NULL;
		if (fd == AT_FDCWD)
			s = v->cwd;
		else if (v->fd_path)
			s = v->fd_path(v->arg, fd);
		if (s) {
			sbuf_reset(out);
			sbuf_adds(out, s);
			proc[0] = 0;
			*seen = 1;
			return 0;
		}
	}
	if (fd == AT_FDCWD)
		snprintf(proc, nproc, "/proc/%d/cwd", (int)tid);
	else
		snprintf(proc, nproc, "/proc/%d/fd/%d", (int)tid, fd);
	sbuf_reset(out);
	sbuf_grow(out, PATH_MAX + 1);
	ssize_t n = readlink(proc, out->s, PATH_MAX);
	if (n < 0)
		return -1;
	out->len = (size_t)n;
	out->s[n] = 0;
	return 0;
}

/*
 * Whether the call's result says if its first path existed: it fails
 * with ENOENT or ENOTDIR exactly when it did not (the call does not
 * create it, and no other file it needs is looked up).
 */
static int result_tells_exists(const char *sys, const struct call *c)
{
	static const char *const calls[] = {
		"stat",	      "lstat",	   "newfstatat",  "statx",
		"access",     "faccessat", "faccessat2",  "readlink",
		"readlinkat", "unlink",	   "unlinkat",	  "rmdir",
		"chdir",      "chmod",	   "fchmodat",	  "fchmodat2",
		"chown",      "lchown",	   "fchownat",	  "truncate",
		"utimensat",  "utimes",	   "utime",	  "futimesat",
		"getxattr",   "lgetxattr", "listxattr",	  "llistxattr",
		"setxattr",   "lsetxattr", "removexattr", "lremovexattr",
		"statfs",     "chroot",
	};
	if (strcmp(sys, "open") == 0)
		return !(c->args[1] & O_CREAT);
	if (strcmp(sys, "openat") == 0)
		return !(c->args[2] & O_CREAT);
	for (size_t i = 0; i < NELEM(calls); i++)
		if (strcmp(sys, calls[i]) == 0)
			return 1;
	return 0;
}

/* The process of the task of call c, from /proc when not known. */
static pid_t call_tgid(const struct call *c)
{
	if (c->tgid > 0)
		return c->tgid;
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)c->tid);
	FILE *f = fopen(path, "re");
	long tgid = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %ld", &tgid) == 1)
			break;
	if (f)
		fclose(f);
	return (pid_t)tgid;
}

/*
 * "/proc/self" and "/proc/thread-self" are the caller's own entries:
 * resolved by st-record, they would be st-record's. The path with them
 * written by number into buf (n bytes), or p unchanged.
 */
static const char *proc_self(const struct call *c, const char *p, char *buf,
			     size_t n)
{
	const char *rest;
	int thread = 0;
	if (!strncmp(p, "/proc/self", 10) && (p[10] == '/' || !p[10])) {
		rest = p + 10;
	} else if (!strncmp(p, "/proc/thread-self", 17) &&
		   (p[17] == '/' || !p[17])) {
		rest = p + 17;
		thread = 1;
	} else {
		return p;
	}
	pid_t tgid = call_tgid(c);
	if (tgid <= 0)
		return p;
	int w = thread ? snprintf(buf, n, "/proc/%d/task/%d%s", (int)tgid,
				  (int)c->tid, rest)
		       : snprintf(buf, n, "/proc/%d%s", (int)tgid, rest);
	return w > 0 && (size_t)w < n ? buf : p;
}

/*
 * Resolve path p of call c as the task sees it, into out: absolute, the
 * directory part with its symbolic links resolved (through the kernel:
 * the task's own cwd, dirfd and root, by their /proc magic links), the
 * last component as written. *exists is set to whether the file exists
 * now, before the call runs: the outcome a policy depends on, which a
 * recorder that does not wait for results would otherwise lose.
 */
static void resolve_path(struct rec *r, const struct call *c,
			 const struct task_info *t, const char *sys,
			 const struct arg_spec *a, const char *p,
			 struct sbuf *out, int *exists)
{
	char proc[64];
	char own[PATH_MAX];
	if (t->our_root)
		p = proc_self(c, p, own, sizeof(own));
	size_t plen = strlen(p);
	struct sbuf *dir = &r->tmp2;
	const char *last;
	size_t dlen;
	int nofollow = nofollow_call(sys, c, a->idx);
	struct stat st;

	int seen = 0;

	sbuf_reset(out);
	*exists = 1;
	if (plen == 0) {
		if (a->dirfd_reg >= 0 && empty_path_ok(sys, c) &&
		    start_dir(r, c->tid, a->dirfd_reg, c, proc, sizeof(proc),
			      dir, &seen) == 0) {
			if (!seen)
				strip_root(dir, t->root);
			sbuf_add(out, dir->s, dir->len);
		} else {
			*exists = 0;
		}
		return;
	}

	/* split into the directory part and the last component */
	while (plen > 1 && p[plen - 1] == '/')
		plen--;
	const char *slash = memrchr(p, '/', plen);
	last = slash ? slash + 1 : p;
	size_t llen = plen - (size_t)(last - p);
	int whole = (llen == 1 && last[0] == '.') ||
		    (llen == 2 && last[0] == '.' && last[1] == '.') ||
		    (slash && llen == 0);
	if (whole) {
		/* "..", ".", "/": the whole path names a directory */
		dlen = plen;
		last = "";
		llen = 0;
	} else {
		dlen = slash ? (size_t)(slash - p) : 0;
		if (slash && dlen == 0)
			dlen = 1; /* "/name" */
	}

	/* the starting directory, as a magic link of /proc */
	int absolute = p[0] == '/';
	if (absolute) {
		snprintf(proc, sizeof(proc), "/proc/%d/root", (int)c->tid);
	} else if (start_dir(r, c->tid, a->dirfd_reg, c, proc, sizeof(proc),
			     dir, &seen) < 0) {
		/* a bad dirfd: the call fails; keep the path as written */
		sbuf_add(out, p, strlen(p));
		*exists = 0;
		return;
	}

	if (dlen == 0 || (absolute && dlen == 1)) {
		/* the start itself is the directory: nothing to resolve */
		if (absolute) {
			sbuf_reset(dir);
			sbuf_addc(dir, '/');
		} else if (!seen) {
			strip_root(dir, t->root);
		}
	} else {
		/*
		 * Let the kernel resolve the directory part from the task's
		 * start directory, then read the result back: symbolic
		 * links and ".." are then resolved as the task resolves them.
		 * RESOLVE_IN_ROOT keeps an absolute path inside the task's
		 * root when that is not ours.
		 */
		struct sbuf *rel = &r->val[LOG_MAXARGS - 1];
		sbuf_reset(rel);
		if (absolute || seen)
			sbuf_addc(rel, '.');
		if (seen && !absolute) {
			/* the start as the task sees it, from its root */
			sbuf_add(rel, dir->s, dir->len);
			sbuf_addc(rel, '/');
		}
		sbuf_add(rel, p, dlen);
		/* a tracked start is a path from the task's root: ours */
		int from_root = absolute || seen;
		int own = from_root && t->our_root;
		struct dir_cache *dc = NULL;
		int cached = 0;
		if (r->view && own) {
			dc = &dir_cache[str_hash(rel->s) % DIR_CACHE];
			if (dc->key && dc->gen == r->dir_gen &&
			    strcmp(dc->key, rel->s) == 0) {
				sbuf_reset(dir);
				sbuf_adds(dir, dc->val);
				cached = 1;
			}
		}
		int base =
			own || cached
				? r->root_fd
				: open(proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
		int dfd = -1;
		if (base >= 0 && !cached) {
			struct open_how how = {
				.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
				.resolve = from_root ? RESOLVE_IN_ROOT : 0,
			};
			dfd = (int)syscall(SYS_openat2, base, rel->s, &how,
					   sizeof(how));
			if (!own)
				close(base);
		}
		if (dfd >= 0) {
			char self[64];
			snprintf(self, sizeof(self), "/proc/self/fd/%d", dfd);
			sbuf_reset(dir);
			sbuf_grow(dir, PATH_MAX + 1);
			ssize_t n = readlink(self, dir->s, PATH_MAX);
			close(dfd);
			if (n < 0)
				n = 0;
			dir->len = (size_t)n;
			dir->s[n] = 0;
			strip_root(dir, t->root);
			if (dc && n > 0) {
				free(dc->key);
				free(dc->val);
				dc->key = xstrdup(rel->s);
				dc->val = xstrdup(dir->s);
				dc->gen = r->dir_gen;
			}
		} else if (!cached) {
			/*
			 * The directory does not exist (yet): the name
			 * made absolute by its lexical form.
			 */
			struct sbuf *joined = &r->tmp;
			sbuf_reset(joined);
			if (!absolute) {
				if (!seen)
					strip_root(dir, t->root);
				sbuf_add(joined, dir->s, dir->len);
				sbuf_addc(joined, '/');
			}
			sbuf_add(joined, p, dlen);
			sbuf_reset(dir);
			lexical_add(dir, joined->s);
			/*
			 * Decoded after the call (no stop), the directory
			 * may be gone since: the result tells, when it can.
			 */
			if (!(r->view && r->results && a->idx == 0 &&
			      result_tells_exists(sys, c)))
				*exists = 0;
		}
	}

	sbuf_add(out, dir->s, dir->len);
	if (llen) {
		if (out->len == 0 || out->s[out->len - 1] != '/')
			sbuf_addc(out, '/');
		sbuf_add(out, last, llen);
	}
	if (!*exists)
		return;
	/* only the first path's existence is written */
	if (a->idx != 0)
		return;
	if (r->results && result_tells_exists(sys, c)) {
		r->exists_later = 1;
		return;
	}

	/* does it exist, as the task would see it? */
	struct sbuf *chk = &r->tmp;
	sbuf_reset(chk);
	if (t->root) {
		sbuf_adds(chk, t->root);
	}
	sbuf_add(chk, out->s, out->len);
	if (fstatat(AT_FDCWD, chk->s, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0) <
	    0)
		*exists = errno != ENOENT && errno != ENOTDIR;
}

/* The integer value of an argument that lives in a structure. */
static int struct_value(const struct call *c, const char *sys,
			const struct arg_spec *a, uint64_t *v)
{
	if (strcmp(sys, "openat2") == 0) {
		struct open_how how;
		if (c->args[3] < 16 || read_mem(c->tid, c->args[2], &how, 16))
			return -1;
		*v = a->type == ARGT_OFLAGS ? how.flags : how.mode;
		return 0;
	}
	if (strcmp(sys, "clone3") == 0) {
		if (c->args[1] < 8 || read_mem(c->tid, c->args[0], v, 8))
			return -1;
		return 0;
	}
	return -1;
}

/*
 * The arguments of c into r->ev. t is the task's cached facts, or NULL
 * when the task is not stopped: then only what the registers hold.
 */
static void decode_args(struct rec *r, const struct call *c,
			struct task_info *t, const char *sys,
			const struct call_args *ca)
{
	struct log_event *ev = &r->ev;
	int exists = 1;
	uint64_t oflags = 0;
	int have_oflags = 0;

	ev->nargs = 0;
	if (!ca)
		return;
	for (unsigned i = 0; i < ca->nargs && ev->nargs < LOG_MAXARGS - 1;
	     i++) {
		const struct arg_spec *a = &ca->args[i];
		struct sbuf *v = &r->val[ev->nargs];
		uint64_t x;

		if (!t && (a->type == ARGT_PATH || a->type == ARGT_STRING ||
			   a->type == ARGT_SOCKADDR || a->reg == ARG_IN_STRUCT))
			continue;
		sbuf_reset(v);
		switch (a->type) {
		case ARGT_PATH: {
			int ex = 1;
			if (!c->args[a->reg])
				continue;
			if (r->view && r->view->path && a->idx == 0) {
				/* read at the call's entry (bpf.c) */
				sbuf_reset(&r->tmp);
				sbuf_add(&r->tmp, r->view->path,
					 r->view->path_len);
			} else if (read_str(c->tid, c->args[a->reg], &r->tmp,
					    PATH_MAX) < 0) {
				continue;
			}
			char *raw = xmemdup(r->tmp.s, r->tmp.len);
			resolve_path(r, c, t, sys, a, raw, v, &ex);
			free(raw);
			/* an AT_EMPTY_PATH call on a pipe, socket or other
			 * object without a name acts on the descriptor: there
			 * is no path for a policy to name */
			if (v->len && v->s[0] != '/')
				continue;
			if (a->idx == 0 && !ex)
				exists = 0;
			break;
		}
		case ARGT_STRING:
			if (!c->args[a->reg] ||
			    read_str(c->tid, c->args[a->reg], v, PATH_MAX) < 0)
				continue;
			break;
		case ARGT_SOCKADDR: {
			unsigned char sa[128];
			uint64_t len = c->args[a->len_reg];
			if (!c->args[a->reg])
				continue;
			if (len > sizeof(sa))
				len = sizeof(sa);
			if (read_mem(c->tid, c->args[a->reg], sa, (size_t)len))
				continue;
			args_format_sockaddr(sa, (size_t)len, v);
			break;
		}
		default:
			if (a->reg == ARG_IN_STRUCT) {
				if (struct_value(c, sys, a, &x) < 0)
					continue;
			} else {
				x = c->args[a->reg];
			}
			if (a->type == ARGT_OFLAGS) {
				oflags = x;
				have_oflags = 1;
			}
			/* the mode of an open only counts when it creates */
			if (a->type == ARGT_MODE && have_oflags &&
			    !(oflags & O_CREAT) &&
			    (oflags & O_TMPFILE) != O_TMPFILE)
				continue;
			args_format(a->type, x, v);
			break;
		}
		struct log_arg *la = &ev->args[ev->nargs++];
		la->name = a->name;
		la->name_len = strlen(a->name);
		la->idx = a->idx;
		la->val = v->s ? v->s : "";
		la->len = v->len;
	}
	if (!exists)
		rec_add_exists_no(ev);
}

void rec_add_exists_no(struct log_event *ev)
{
	if (ev->nargs < LOG_MAXARGS)
		ev->args[ev->nargs++] = (struct log_arg){
			.name = "exists", .name_len = 6, .val = "no", .len = 2};
}

/* The event's call, architecture and empty result, from c. */
static void decode_head(struct rec *r, const struct call *c, const char *sys)
{
	struct log_event *ev = &r->ev;

	ev->pid = c->tid;
	ev->arch = c->arch == SCMP_ARCH_X86_64 && (c->nr & X32_BIT)
			   ? SCMP_ARCH_X32
			   : c->arch;
	ev->sys = sys;
	ev->sys_len = strlen(sys);
	ev->nargs = 0;
	ev->rkind = LOG_RES_UNKNOWN;
	ev->result = 0;
}

int rec_decode(struct rec *r, const struct call *c)
{
	struct log_event *ev = &r->ev;
	struct name_slot *ns = name_slot(c->arch, c->nr);
	const char *sys = ns ? ns->name : rec_sys_name(c->arch, c->nr);
	const struct call_args *ca = ns ? ns->ca : args_of(sys);
	struct task_info *t = task_get(r, c->tid);

	if (!t)
		return -1;
	r->exists_later = 0;
	decode_head(r, c, sys);
	ev->program = t->program;
	ev->program_len = t->program_len;
	decode_args(r, c, t, sys, ca);
	return 0;
}

int rec_decode_view(struct rec *r, const struct call *c,
		    const struct rec_view *v)
{
	struct log_event *ev = &r->ev;
	struct name_slot *ns = name_slot(c->arch, c->nr);
	const char *sys = ns ? ns->name : rec_sys_name(c->arch, c->nr);
	const struct call_args *ca = ns ? ns->ca : args_of(sys);
	struct task_info own = {.tid = c->tid, .our_root = 1};
	struct task_info *t = &own;

	/*
	 * A task whose root or mounts changed: its root from /proc, if
	 * it is still there.
	 */
	if (v->foreign && !(t = task_get(r, c->tid)))
		return -1;
	r->exists_later = 0;
	decode_head(r, c, sys);
	ev->program = "";
	ev->program_len = 0;
	r->view = v;
	decode_args(r, c, t, sys, ca);
	r->view = NULL;
	return 0;
}

int rec_bpf_path_reg(int nr)
{
	struct name_slot *ns = name_slot(SCMP_ARCH_X86_64, nr);
	int reg = -1;

	if (!ns || !ns->ca || rec_call_invalidates(ns->name))
		return 0;
	for (unsigned i = 0; i < ns->ca->nargs; i++) {
		const struct arg_spec *a = &ns->ca->args[i];
		if (a->type == ARGT_STRING || a->type == ARGT_SOCKADDR ||
		    a->reg == ARG_IN_STRUCT)
			return 0;
		if (a->type == ARGT_PATH) {
			if (reg >= 0 || a->idx != 0)
				return 0;
			reg = a->reg;
		}
	}
	/* the program reads the first two registers only */
	if (reg < 0 || reg > 1)
		return 0;
	/*
	 * Without a stop, exists= can only come from the result: calls
	 * that may create their path keep stopping (open and openat with
	 * O_CREAT: the filter tells by the flags).
	 */
	struct call c = {.nr = nr};
	if (!result_tells_exists(ns->name, &c))
		return 0;
	return reg + 1;
}

int rec_needs_stop_bpf(int nr)
{
	return rec_needs_stop(SCMP_ARCH_X86_64, nr) && !rec_bpf_path_reg(nr);
}

void rec_decode_regs(struct rec *r, const struct call *c)
{
	struct name_slot *ns = name_slot(c->arch, c->nr);
	const char *sys = ns ? ns->name : rec_sys_name(c->arch, c->nr);
	const struct call_args *ca = ns ? ns->ca : args_of(sys);

	decode_head(r, c, sys);
	decode_args(r, c, NULL, sys, ca);
}

int rec_needs_stop(uint32_t arch, int nr)
{
	struct name_slot *ns = name_slot(arch, nr);

	if (!ns)
		return 1;
	/*
	 * Calls that change the image or the root of their task stop too,
	 * so that its cache entry is dropped before its next stop. Not the
	 * calls that make a task: with the tracepoints, a reused id's entry
	 * is dropped with the exit record of the task that had it (trace.c).
	 * A stop is where a signal the program handles can interrupt a
	 * call (the wait is interruptible until st-record receives it): a
	 * fork failing with EINTR is a "Cannot fork" the program never
	 * sees unrecorded. (clone3 stops for its structure.)
	 */
	if (changes_image_or_root(ns->name))
		return 1;
	if (!ns->ca)
		return 0;
	for (unsigned i = 0; i < ns->ca->nargs; i++) {
		const struct arg_spec *a = &ns->ca->args[i];
		if (a->type == ARGT_PATH || a->type == ARGT_STRING ||
		    a->type == ARGT_SOCKADDR || a->reg == ARG_IN_STRUCT)
			return 1;
	}
	return 0;
}

void rec_exec_image(struct rec *r, pid_t tid, const char *path,
		    struct sbuf *out)
{
	struct task_info *t = task_get(r, tid);
	const char *root = t && t->root ? t->root : "";
	size_t rlen = strlen(root);
	struct sbuf cur = {0};
	char buf[256];

	sbuf_reset(out);
	sbuf_adds(out, path);
	if (path[0] != '/')
		return;
	sbuf_adds(&cur, path);
	/* a script names its interpreter; at most as deep as the kernel */
	for (int depth = 0; depth < 5; depth++) {
		sbuf_reset(&r->tmp);
		sbuf_adds(&r->tmp, root);
		sbuf_adds(&r->tmp, cur.s);
		char *real = realpath(r->tmp.s, NULL);
		if (!real)
			break;
		const char *in = real;
		if (rlen && strncmp(real, root, rlen) == 0)
			in = real[rlen] ? real + rlen : "/";
		sbuf_reset(out);
		sbuf_adds(out, in);
		int fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		free(real);
		if (fd < 0)
			break;
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n < 3 || buf[0] != '#' || buf[1] != '!')
			break;
		buf[n] = 0;
		char *p = buf + 2;
		p += strspn(p, " \t");
		size_t len = strcspn(p, " \t\n");
		if (len == 0 || p[0] != '/')
			break;
		sbuf_reset(&cur);
		sbuf_add(&cur, p, len);
	}
	sbuf_free(&cur);
}

/* Output */

int rec_flush(struct rec *r)
{
	size_t off = 0;

	while (off < r->out.len) {
		ssize_t n = write(r->out_fd, r->out.s + off, r->out.len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (!r->write_error)
				r->write_error = errno;
			break;
		}
		off += (size_t)n;
	}
	sbuf_reset(&r->out);
	r->last_flush_ns = rec_now_ns();
	return r->write_error ? -1 : 0;
}

void rec_emit(struct rec *r)
{
	log_format_event(&r->out, &r->ev, r->arch);
	if (r->out.len >= (1 << 16))
		rec_flush(r);
}
