/*
 * trace.c: st-record's hybrid run, the bookkeeping: pairs the perf
 * records of each call's entry and exit, attaches the decoding made at
 * the call's notification, follows processes and their images, and
 * writes each call once it completed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"

#define NBUCKETS 4096

/* Linux's internal "restart the call" codes, never seen by a program. */
#define ERESTART_FIRST 512
#define ERESTART_LAST  516

/* A decoding made at a notification, waiting for its call's entry. */
struct dec {
	struct dec *next;
	uint64_t t_recv; /* the call enters after this, earlier calls before */
	int nr;		 /* the number the tracepoint reports */
	int ok;		 /* decoded; else registers only */
	int is_exec;
	int exists_later; /* exists=no if the result is -ENOENT, -ENOTDIR */
	uint32_t arch;	  /* of the call: SCMP_ARCH_* */
	uint32_t ev_arch; /* of the event (x32 told apart) */
	const char *sys;
	unsigned nargs;
	struct {
		const char *name;
		size_t name_len;
		unsigned idx;
		size_t off, len;
	} args[LOG_MAXARGS];
	char *vals;
	char *image;	 /* an exec's image to be, or NULL */
	uint64_t xflags; /* clone3's flags, openat2's open flags */
};

/*
 * With the eBPF capture, calls on paths do not stop: their relative
 * paths resolve from what the records told of each task's cwd and
 * descriptors, followed in their order (shared as the kernel shares
 * them: CLONE_FS, CLONE_FILES).
 */
struct fdent {
	char *path;	       /* as the task sees it; NULL: not known */
	unsigned char cloexec; /* closed by a successful exec */
	unsigned char exact;   /* path is the kernel's name (no symlink) */
};

struct files {
	int refs;
	struct fdent *fd;
	size_t cap;
};

struct fsinfo {
	int refs;
	char *cwd; /* NULL: not known, read /proc */
	int exact;
	int foreign; /* chroot, setns, unshare: resolve through /proc */
};

/* A thread: its notified decodings, and its call in progress. */
struct task {
	struct task *next;
	pid_t tid, tgid;
	int setup;		 /* the command's first task before its exec */
	struct dec *fifo, *last; /* decodings, oldest first */
	int in_call;
	long nr;
	uint64_t args[6];
	struct dec *dec; /* the call's decoding, or NULL */
	struct files *files;
	struct fsinfo *fs;
	char *bpf_path; /* the path read at the entry of call bpf_nr */
	long bpf_len;	/* its length, or -errno of the read */
	long bpf_nr;
	int have_bpf;
	int defer; /* the call's path comes at its exit */
};

/* A process: its image and how many of its threads are alive. */
struct proc {
	struct proc *next;
	pid_t tgid;
	char *image;
	int nthreads;
};

struct trace {
	struct rec *r;
	pid_t child;
	struct task *tasks[NBUCKETS];
	struct proc *procs[NBUCKETS];
	unsigned execs;	     /* exec decodings not yet completed */
	uint64_t lost;	     /* records the kernel could not write */
	struct sbuf image;   /* scratch */
	struct bpf_cap *cap; /* the eBPF capture, or NULL */
	uint64_t nostop;     /* calls decoded without a stop */
};

static size_t bucket(pid_t id)
{
	return ((size_t)id * 2654435761u) % NBUCKETS;
}

static struct files *files_new(void)
{
	struct files *f = xcalloc(1, sizeof(*f));
	f->refs = 1;
	return f;
}

static struct files *files_copy(const struct files *o)
{
	struct files *f = files_new();

	if (!o)
		return f;
	f->cap = o->cap;
	f->fd = xcalloc(f->cap ? f->cap : 1, sizeof(*f->fd));
	for (size_t i = 0; i < o->cap; i++) {
		f->fd[i] = o->fd[i];
		if (o->fd[i].path)
			f->fd[i].path = xstrdup(o->fd[i].path);
	}
	return f;
}

static void files_put(struct files *f)
{
	if (!f || --f->refs > 0)
		return;
	for (size_t i = 0; i < f->cap; i++)
		free(f->fd[i].path);
	free(f->fd);
	free(f);
}

static void fd_del(struct files *f, long fd)
{
	if (fd < 0 || (size_t)fd >= f->cap)
		return;
	free(f->fd[fd].path);
	f->fd[fd].path = NULL;
}

/* Descriptors beyond this are not followed (read from /proc). */
#define FD_MAX (1 << 20)

static void fd_put(struct files *f, long fd, const char *path, int cloexec,
		   int exact)
{
	if (fd < 0 || fd >= FD_MAX)
		return;
	if ((size_t)fd >= f->cap) {
		size_t n = f->cap ? f->cap : 64;
		while (n <= (size_t)fd)
			n *= 2;
		f->fd = xrealloc(f->fd, n * sizeof(*f->fd));
		memset(f->fd + f->cap, 0, (n - f->cap) * sizeof(*f->fd));
		f->cap = n;
	}
	free(f->fd[fd].path);
	f->fd[fd].path = path ? xstrdup(path) : NULL;
	f->fd[fd].cloexec = (unsigned char)!!cloexec;
	f->fd[fd].exact = (unsigned char)!!exact;
}

static struct fdent *fd_get(struct files *f, long fd)
{
	if (!f || fd < 0 || (size_t)fd >= f->cap || !f->fd[fd].path)
		return NULL;
	return &f->fd[fd];
}

static struct fsinfo *fs_new(const char *cwd)
{
	struct fsinfo *s = xcalloc(1, sizeof(*s));
	s->refs = 1;
	if (cwd) {
		s->cwd = xstrdup(cwd);
		s->exact = 1;
	}
	return s;
}

static struct fsinfo *fs_copy(const struct fsinfo *o)
{
	struct fsinfo *s = fs_new(o ? o->cwd : NULL);
	if (o) {
		s->exact = o->exact;
		s->foreign = o->foreign;
	}
	return s;
}

static void fs_put(struct fsinfo *s)
{
	if (!s || --s->refs > 0)
		return;
	free(s->cwd);
	free(s);
}

/*
 * The kernel's name of path (absolute, in st-record's root): symbolic
 * links resolved, now. Replaces *pp; best effort.
 */
static void canonical(struct trace *t, char **pp)
{
	char self[64];
	struct stat st;

	/*
	 * Its directory part was resolved when it was decoded: only a last
	 * component that is a link differs (one call, not three).
	 */
	if (lstat(*pp, &st) == 0 && !S_ISLNK(st.st_mode))
		return;
	int fd = open(*pp, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return;
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	if (rec_readlink(self, &t->image) == 0 && t->image.s[0] == '/') {
		free(*pp);
		*pp = xstrdup(t->image.s);
	}
	close(fd);
}

static struct task *task_find(struct trace *t, pid_t tid)
{
	for (struct task *k = t->tasks[bucket(tid)]; k; k = k->next)
		if (k->tid == tid)
			return k;
	return NULL;
}

static struct task *task_get(struct trace *t, pid_t tid)
{
	struct task *k = task_find(t, tid);

	if (k)
		return k;
	k = xcalloc(1, sizeof(*k));
	k->tid = tid;
	k->tgid = tid;
	k->next = t->tasks[bucket(tid)];
	t->tasks[bucket(tid)] = k;
	return k;
}

static void dec_free(struct trace *t, struct dec *d)
{
	if (!d)
		return;
	if (d->is_exec && t->execs)
		t->execs--;
	free(d->vals);
	free(d->image);
	free(d);
}

static void task_del(struct trace *t, struct task *k)
{
	struct task **pp = &t->tasks[bucket(k->tid)];

	while (*pp != k)
		pp = &(*pp)->next;
	*pp = k->next;
	while (k->fifo) {
		struct dec *d = k->fifo;
		k->fifo = d->next;
		dec_free(t, d);
	}
	dec_free(t, k->dec);
	files_put(k->files);
	fs_put(k->fs);
	free(k->bpf_path);
	free(k);
}

static struct proc *proc_find(struct trace *t, pid_t tgid)
{
	for (struct proc *p = t->procs[bucket(tgid)]; p; p = p->next)
		if (p->tgid == tgid)
			return p;
	return NULL;
}

static struct proc *proc_get(struct trace *t, pid_t tgid)
{
	struct proc *p = proc_find(t, tgid);

	if (p)
		return p;
	p = xcalloc(1, sizeof(*p));
	p->tgid = tgid;
	p->nthreads = 1;
	p->next = t->procs[bucket(tgid)];
	t->procs[bucket(tgid)] = p;
	return p;
}

static void proc_del(struct trace *t, struct proc *p)
{
	struct proc **pp = &t->procs[bucket(p->tgid)];

	while (*pp != p)
		pp = &(*pp)->next;
	*pp = p->next;
	free(p->image);
	free(p);
}

static void proc_set_image(struct proc *p, const char *image)
{
	free(p->image);
	p->image = xstrdup(image);
}

/* The image of process tgid: as followed, else as /proc tells now. */
static const char *image_of(struct trace *t, pid_t tgid)
{
	struct proc *p = proc_get(t, tgid);
	char path[64];

	if (p->image)
		return p->image;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tgid);
	sbuf_reset(&t->image);
	sbuf_grow(&t->image, PATH_MAX + 1);
	ssize_t n = readlink(path, t->image.s, PATH_MAX);
	if (n <= 0)
		return "?";
	t->image.s[n] = 0;
	t->image.len = (size_t)n;
	proc_set_image(p, t->image.s);
	return p->image;
}

struct trace *trace_new(struct rec *r, pid_t child)
{
	struct trace *t = xcalloc(1, sizeof(*t));

	t->r = r;
	t->child = child;
	task_get(t, child)->setup = 1;
	proc_get(t, child);
	return t;
}

/*
 * Follow child's descriptors and cwd from now on (it waits before its
 * exec), and take the eBPF capture's records.
 */
void trace_use_bpf(struct trace *t, struct bpf_cap *cap)
{
	struct task *k = task_get(t, t->child);
	char path[64];

	t->cap = cap;
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)t->child);
	k->fs = fs_new(rec_readlink(path, &t->image) == 0 ? t->image.s : NULL);
	k->files = files_new();
	/* what it inherits from st-record, close-on-exec or not */
	for (int fd = 0; fd < 1024; fd++) {
		char info[256];
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)t->child,
			 fd);
		if (rec_readlink(path, &t->image) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d",
			 (int)t->child, fd);
		int cloexec = 0;
		int ifd = open(path, O_RDONLY | O_CLOEXEC);
		if (ifd >= 0) {
			ssize_t n = read(ifd, info, sizeof(info) - 1);
			close(ifd);
			char *fl = n > 0 ? (info[n] = 0, strstr(info, "flags:"))
					 : NULL;
			if (fl)
				cloexec = (strtoul(fl + 6, NULL, 8) &
					   O_CLOEXEC) != 0;
		}
		fd_put(k->files, fd, t->image.s, cloexec, 1);
	}
}

uint64_t trace_nostop(struct trace *t)
{
	return t->nostop;
}

/* A decoding of call c from r->ev (ok) or of its registers only. */
static struct dec *dec_new(struct trace *t, const struct call *c,
			   uint64_t t_recv, int ok, const char *image)
{
	struct dec *d = xcalloc(1, sizeof(*d));
	const struct log_event *ev = &t->r->ev;
	const char *sys = rec_sys_name(c->arch, c->nr);

	d->t_recv = t_recv;
	d->nr = c->nr;
	d->arch = c->arch;
	d->ok = ok;
	d->is_exec = strcmp(sys, "execve") == 0 || strcmp(sys, "execveat") == 0;
	if (d->is_exec)
		t->execs++;
	if (image)
		d->image = xstrdup(image);
	if (ok) {
		size_t total = 0;
		d->exists_later = t->r->exists_later;
		d->sys = ev->sys;
		d->ev_arch = ev->arch;
		d->nargs = ev->nargs;
		for (unsigned i = 0; i < ev->nargs; i++)
			total += ev->args[i].len + 1;
		d->vals = xmalloc(total ? total : 1);
		total = 0;
		for (unsigned i = 0; i < ev->nargs; i++) {
			const struct log_arg *a = &ev->args[i];
			d->args[i].name = a->name;
			d->args[i].name_len = a->name_len;
			d->args[i].idx = a->idx;
			d->args[i].off = total;
			d->args[i].len = a->len;
			memcpy(d->vals + total, a->val, a->len);
			d->vals[total + a->len] = 0;
			total += a->len + 1;
		}
	}
	return d;
}

void trace_push(struct trace *t, const struct call *c, uint64_t t_recv, int ok,
		const char *image)
{
	struct task *k = task_get(t, c->tid);
	struct dec *d = dec_new(t, c, t_recv, ok, image);
	const char *sys = d->sys ? d->sys : rec_sys_name(c->arch, c->nr);

	if (t->cap && c->arch == SCMP_ARCH_X86_64) {
		/* the flags the descriptors and cwd follow, read while
		 * the task waits */
		struct iovec l = {&d->xflags, 8}, rm = {NULL, 8};
		if (strcmp(sys, "clone3") == 0 && c->args[1] >= 8)
			rm.iov_base = (void *)(uintptr_t)c->args[0];
		else if (strcmp(sys, "openat2") == 0 && c->args[3] >= 8)
			rm.iov_base = (void *)(uintptr_t)c->args[2];
		if (rm.iov_base &&
		    process_vm_readv(c->tid, &l, 1, &rm, 1, 0) != 8)
			d->xflags = 0;
	}
	if (k->last)
		k->last->next = d;
	else
		k->fifo = d;
	k->last = d;
}

void trace_pop(struct trace *t, pid_t tid)
{
	struct task *k = task_find(t, tid);

	if (!k || !k->last)
		return;
	struct dec *d = k->last, **pp = &k->fifo;
	while (*pp != d)
		pp = &(*pp)->next;
	*pp = NULL;
	k->last = NULL;
	for (struct dec *e = k->fifo; e; e = e->next)
		k->last = e;
	dec_free(t, d);
}

static const char *call_name(const struct task *k)
{
	if (k->dec)
		return rec_sys_name(k->dec->arch, k->dec->nr);
	return rec_sys_name(SCMP_ARCH_X86_64, (int)k->nr);
}

static int call_is_exec(const struct task *k)
{
	if (k->dec)
		return k->dec->is_exec;
	const char *s = call_name(k);
	return strcmp(s, "execve") == 0 || strcmp(s, "execveat") == 0;
}

/*
 * Write the call of k, by program, with its result: ret, or unknown
 * (the call never returned to the program).
 */
static void emit(struct trace *t, struct task *k, const char *program,
		 int known, int64_t ret)
{
	struct rec *r = t->r;
	struct log_event *ev = &r->ev;

	if (k->dec && k->dec->ok) {
		struct dec *d = k->dec;
		ev->pid = k->tid;
		ev->arch = d->ev_arch;
		ev->sys = d->sys;
		ev->sys_len = strlen(d->sys);
		ev->nargs = d->nargs;
		for (unsigned i = 0; i < d->nargs; i++) {
			struct log_arg *a = &ev->args[i];
			a->name = d->args[i].name;
			a->name_len = d->args[i].name_len;
			a->idx = d->args[i].idx;
			a->val = d->vals + d->args[i].off;
			a->len = d->args[i].len;
		}
	} else {
		struct call c = {.tid = k->tid,
				 .arch = k->dec ? k->dec->arch
						: SCMP_ARCH_X86_64,
				 .nr = (int)k->nr};
		memcpy(c.args, k->args, sizeof(c.args));
		rec_decode_regs(r, &c);
	}
	ev->program = program;
	ev->program_len = strlen(program);
	if (k->dec && k->dec->ok && k->dec->exists_later && known &&
	    (ret == -ENOENT || ret == -ENOTDIR)) {
		/* the path was not there: as rec_decode would have said */
		rec_add_exists_no(ev);
	}
	if (!known || (ret <= -ERESTART_FIRST && ret >= -ERESTART_LAST)) {
		/* a call the kernel restarts is written again when it runs */
		ev->rkind = LOG_RES_UNKNOWN;
		ev->result = 0;
	} else if (ret < 0 && ret >= -4095) {
		ev->rkind = LOG_RES_ERRNO;
		ev->result = -ret;
	} else {
		ev->rkind = LOG_RES_VALUE;
		ev->result = ret;
	}
	rec_emit(r);
}

static void end_call(struct trace *t, struct task *k)
{
	k->in_call = 0;
	dec_free(t, k->dec);
	k->dec = NULL;
}

static void settle(struct trace *t, struct task *k);

/* The call of k never returned: write it with an unknown result. */
static void abandon(struct trace *t, struct task *k)
{
	if (!k->in_call)
		return;
	settle(t, k);
	if (!k->setup)
		emit(t, k, image_of(t, k->tgid), 0, 0);
	end_call(t, k);
}

/* The image a successful exec of k's call gave process tgid. */
static void exec_done(struct trace *t, struct task *k, pid_t tgid)
{
	struct proc *p = proc_get(t, tgid);
	char path[64];

	/*
	 * /proc tells the truth while no other exec of the tree can have
	 * run since (each waits at its notification, which is counted); a
	 * process that is gone already leaves what was resolved at the
	 * notification.
	 */
	if (t->execs <= 1) {
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)tgid);
		sbuf_reset(&t->image);
		sbuf_grow(&t->image, PATH_MAX + 1);
		ssize_t n = readlink(path, t->image.s, PATH_MAX);
		if (n > 0) {
			t->image.s[n] = 0;
			proc_set_image(p, t->image.s);
			return;
		}
	}
	if (k->dec && k->dec->image) {
		proc_set_image(p, k->dec->image);
		return;
	}
	if (k->dec && k->dec->ok)
		for (unsigned i = 0; i < k->dec->nargs; i++)
			if (strcmp(k->dec->args[i].name, "filename") == 0) {
				proc_set_image(p, k->dec->vals +
							  k->dec->args[i].off);
				return;
			}
}

static int call_is_sigreturn(const struct task *k)
{
	const char *s = call_name(k);
	return strcmp(s, "rt_sigreturn") == 0 || strcmp(s, "sigreturn") == 0;
}

/* The tracked state of k, created when the records did not tell it. */
static void task_state(struct task *k)
{
	if (!k->fs)
		k->fs = fs_new(NULL);
	if (!k->files)
		k->files = files_new();
}

struct view_arg {
	struct trace *t;
	struct task *k;
};

/* rec_view's fd_path: the path of descriptor fd of the task. */
static const char *view_fd_path(void *arg, int fd)
{
	struct view_arg *va = arg;
	struct trace *t = va->t;
	struct task *k = va->k;
	struct fdent *e = fd_get(k->files, fd);
	char path[64];

	if (e) {
		if (!e->exact && e->path[0] == '/') {
			canonical(t, &e->path);
			e->exact = 1;
		}
		return e->path;
	}
	/* not opened by a call seen (a pipe, a socket, received): now */
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)k->tid, fd);
	if (rec_readlink(path, &t->image) < 0) {
		/*
		 * The task is gone, or going: most likely a pipe or a
		 * socket its parent made (their descriptors are in memory,
		 * not in the records): a descriptor without a name.
		 */
		return "?";
	}
	fd_put(k->files, fd, t->image.s, 0, 1);
	return k->files->fd[fd].path;
}

/* Decode the call of k (no stop) with its captured path. */
static void decode_nostop(struct trace *t, struct task *k, uint64_t time)
{
	struct call c = {.tid = k->tid,
			 .tgid = k->tgid,
			 .arch = SCMP_ARCH_X86_64,
			 .nr = (int)k->nr};
	struct view_arg va = {t, k};
	struct rec_view v = {.fd_path = view_fd_path, .arg = &va};

	task_state(k);
	memcpy(c.args, k->args, sizeof(c.args));
	if (k->fs->foreign) {
		v.foreign = 1;
		v.fd_path = NULL;
	} else {
		if (k->fs->cwd && !k->fs->exact) {
			canonical(t, &k->fs->cwd);
			k->fs->exact = 1;
		}
		if (!k->fs->cwd) {
			char path[64];
			snprintf(path, sizeof(path), "/proc/%d/cwd",
				 (int)k->tid);
			if (rec_readlink(path, &t->image) == 0)
				k->fs->cwd = xstrdup(t->image.s);
			k->fs->exact = 1;
		}
		v.cwd = k->fs->cwd;
	}
	if (k->bpf_len >= 0) {
		v.path = k->bpf_path;
		v.path_len = (size_t)k->bpf_len;
	}
	int ok = rec_decode_view(t->r, &c, &v) == 0;
	k->dec = dec_new(t, &c, time, ok, NULL);
	t->nostop++;
}

static void on_path(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_find(t, pr->tid);

	/* a task of the tree only (an id reused outside is not) */
	if (!k)
		return;
	if (pr->at_exit && !(k->defer && k->in_call && k->nr == pr->nr))
		return;
	free(k->bpf_path);
	k->bpf_path = NULL;
	k->bpf_len = pr->path_len;
	if (pr->path)
		k->bpf_path = xmemdup(pr->path, (size_t)pr->path_len);
	k->bpf_nr = pr->nr;
	k->have_bpf = !pr->at_exit;
	if (pr->at_exit)
		settle(t, k);
}

/* The value of decoded argument name of k's call, or NULL. */
static const char *dec_arg(const struct task *k, const char *name)
{
	if (!k->dec || !k->dec->ok)
		return NULL;
	for (unsigned i = 0; i < k->dec->nargs; i++)
		if (k->dec->args[i].idx == 0 &&
		    strcmp(k->dec->args[i].name, name) == 0)
			return k->dec->vals + k->dec->args[i].off;
	return NULL;
}

/* The descriptor fd of k's files copied to nfd (a dup). */
static void fd_dup(struct task *k, long fd, long nfd, int cloexec)
{
	/*
	 * Not through /proc: by the time the record is read, the source
	 * (a pipe's end, most often) is closed and its number reused.
	 */
	struct fdent *src = fd == nfd ? NULL : fd_get(k->files, fd);
	const char *p = src ? src->path : NULL;

	if (fd == nfd) {
		struct fdent *e = fd_get(k->files, nfd);
		if (e)
			e->cloexec = (unsigned char)!!cloexec;
		return;
	}
	if (!p) {
		fd_del(k->files, nfd);
		return;
	}
	char *copy = xstrdup(p);
	int exact = src->exact; /* src moves when the table grows */
	fd_put(k->files, nfd, copy, cloexec, exact);
	free(copy);
}

/* k gets a table of its own, a copy of the one it shared. */
static void files_unshare(struct task *k)
{
	struct files *f = files_copy(k->files);
	files_put(k->files);
	k->files = f;
}

/* A successful exec of k: close-on-exec descriptors are closed. */
static void track_exec(struct task *k)
{
	task_state(k);
	if (k->files->refs > 1)
		files_unshare(k); /* exec unshares a shared table */
	for (size_t i = 0; i < k->files->cap; i++)
		if (k->files->fd[i].cloexec)
			fd_del(k->files, (long)i);
}

/* Whether call sys may change what the name of a directory resolves to. */
static int changes_names(const char *sys)
{
	static const char *const calls[] = {
		"rename",     "renameat",   "renameat2", "unlink", "unlinkat",
		"rmdir",      "symlink",    "symlinkat", "mount",  "umount2",
		"move_mount", "pivot_root", "chroot",	 "setns",  "unshare",
		"mkdir",      "mkdirat",
	};
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(sys, calls[i]) == 0)
			return 1;
	return 0;
}

/*
 * What the call of k that returned ret changed in its descriptors and
 * cwd (only with the capture on).
 */
static void track(struct trace *t, struct task *k, int64_t ret)
{
	const char *sys = call_name(k);
	const uint64_t *a = k->args;

	if (!t->cap)
		return;
	if (ret >= 0 && changes_names(sys))
		rec_dir_changed(t->r);
	if (k->dec && k->dec->arch != SCMP_ARCH_X86_64)
		return;
	task_state(k);
	if (strcmp(sys, "close") == 0) {
		fd_del(k->files, (long)a[0]);
		return;
	}
	if (ret < 0)
		return;
	if (strcmp(sys, "open") == 0 || strcmp(sys, "openat") == 0 ||
	    strcmp(sys, "openat2") == 0 || strcmp(sys, "creat") == 0) {
		uint64_t fl = sys[4] == 0     ? a[1]
			      : sys[4] == 't' ? a[2]
			      : sys[4] == '2' ? (k->dec ? k->dec->xflags : 0)
					      : (O_CREAT | O_WRONLY | O_TRUNC);
		const char *p = dec_arg(k, "filename");
		if (!p || p[0] != '/') {
			fd_del(k->files, ret);
			return;
		}
		/* the name as opened: its last component may be a link */
		int exact = (fl & O_NOFOLLOW) ||
			    (fl & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
		fd_put(k->files, ret, p, (fl & O_CLOEXEC) != 0, exact);
	} else if (strcmp(sys, "dup") == 0 || strcmp(sys, "dup2") == 0) {
		fd_dup(k, (long)a[0], ret, 0);
	} else if (strcmp(sys, "dup3") == 0) {
		fd_dup(k, (long)a[0], ret, (a[2] & O_CLOEXEC) != 0);
	} else if (strcmp(sys, "fcntl") == 0) {
		if (a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC)
			fd_dup(k, (long)a[0], ret, a[1] == F_DUPFD_CLOEXEC);
		else if (a[1] == F_SETFD) {
			struct fdent *e = fd_get(k->files, (long)a[0]);
			if (e)
				e->cloexec = (a[2] & FD_CLOEXEC) != 0;
		}
	} else if (strcmp(sys, "close_range") == 0) {
		if (a[2] & CLOSE_RANGE_UNSHARE)
			files_unshare(k);
		for (uint64_t fd = a[0]; fd <= a[1] && fd < k->files->cap; fd++)
			if (a[2] & CLOSE_RANGE_CLOEXEC)
				k->files->fd[fd].cloexec = 1;
			else
				fd_del(k->files, (long)fd);
	} else if (strcmp(sys, "chdir") == 0) {
		const char *p = dec_arg(k, "filename");
		free(k->fs->cwd);
		k->fs->cwd = p && p[0] == '/' ? xstrdup(p) : NULL;
		k->fs->exact = 0;
	} else if (strcmp(sys, "fchdir") == 0) {
		struct view_arg va = {t, k};
		const char *p = view_fd_path(&va, (int)a[0]);
		char *cwd = p && p[0] == '/' ? xstrdup(p) : NULL;
		free(k->fs->cwd);
		k->fs->cwd = cwd;
		k->fs->exact = 1;
	} else if (strcmp(sys, "chroot") == 0 ||
		   strcmp(sys, "pivot_root") == 0 ||
		   strcmp(sys, "setns") == 0 || strcmp(sys, "unshare") == 0) {
		/* the root or the mounts may differ from st-record's */
		if (strcmp(sys, "unshare") == 0 && (a[0] & CLONE_FILES))
			files_unshare(k);
		struct fsinfo *fs = fs_copy(k->fs);
		fs_put(k->fs);
		k->fs = fs;
		k->fs->foreign = 1;
	} else if (strcmp(sys, "execve") == 0 || strcmp(sys, "execveat") == 0) {
		track_exec(k);
	} else if (ret >= 0 && ret < FD_MAX) {
		/* a new descriptor of a call that names no path */
		static const char *const newfd[] = {
			"socket",	  "accept",	     "accept4",
			"epoll_create",	  "epoll_create1",   "eventfd",
			"eventfd2",	  "memfd_create",    "signalfd",
			"signalfd4",	  "timerfd_create",  "inotify_init",
			"inotify_init1",  "fanotify_init",   "pidfd_open",
			"pidfd_getfd",	  "perf_event_open", "userfaultfd",
			"io_uring_setup", "memfd_secret",
		};
		for (size_t i = 0; i < sizeof(newfd) / sizeof(newfd[0]); i++)
			if (strcmp(sys, newfd[i]) == 0) {
				/* not a file with a name */
				fd_put(k->files, ret, "anon_inode", 0, 1);
				return;
			}
		if (strcmp(sys, "open_by_handle_at") == 0 ||
		    strcmp(sys, "open_tree") == 0 ||
		    strcmp(sys, "fsmount") == 0 || strcmp(sys, "fsopen") == 0 ||
		    strcmp(sys, "fspick") == 0)
			fd_del(k->files, ret);
	}
}

static void on_enter(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_get(t, pr->tid);

	k->tgid = pr->pid;
	/* an exit that was lost: the call is over all the same */
	abandon(t, k);
	/*
	 * The decoding of a notified call waits in the task's queue. It
	 * was received before the call entered, and after every earlier
	 * call of the task entered: older decodings are of calls that did
	 * not happen (the task was killed at its notification).
	 */
	struct dec *d;
	while ((d = k->fifo) && d->t_recv < pr->time) {
		k->fifo = d->next;
		if (!k->fifo)
			k->last = NULL;
		d->next = NULL;
		if (d->nr == pr->nr) {
			k->dec = d;
			break;
		}
		dec_free(t, d);
	}
	k->in_call = 1;
	k->nr = pr->nr;
	memcpy(k->args, pr->args, sizeof(k->args));
	/*
	 * A call that did not stop, with its path read at its entry:
	 * decode it now, from the state of the task at this point. A
	 * stop's decoding wins (the calls of other architectures stop,
	 * and the capture does not know their numbers).
	 */
	k->defer = 0;
	if (k->have_bpf) {
		k->have_bpf = 0;
		int reg = rec_bpf_path_reg((int)pr->nr) - 1;
		if (k->dec || k->bpf_nr != pr->nr || k->setup)
			return;
		/* not read at the entry: read again at the exit */
		if (k->bpf_len == -EFAULT && reg >= 0 && k->args[reg])
			k->defer = 1;
		else
			decode_nostop(t, k, pr->time);
	}
}

/* A call whose path comes at its exit: decode it now, with what came. */
static void settle(struct trace *t, struct task *k)
{
	if (k->defer) {
		k->defer = 0;
		decode_nostop(t, k, 0);
	}
}

/* The task of process tgid, other than skip, inside an exec. */
static struct task *exec_caller(struct trace *t, pid_t tgid, struct task *skip)
{
	for (size_t i = 0; i < NBUCKETS; i++)
		for (struct task *k = t->tasks[i]; k; k = k->next)
			if (k != skip && k->tgid == tgid && k->in_call &&
			    call_is_exec(k))
				return k;
	return NULL;
}

static void on_exit_call(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_find(t, pr->tid);
	struct task *caller = k;

	/*
	 * rt_sigreturn sets the call number to -1 (no restart of a call
	 * it returns into): its exit carries that.
	 */
	if (k && k->in_call && pr->nr == -1 && call_is_sigreturn(k)) {
		settle(t, k);
		emit(t, k, image_of(t, pr->pid), 1, pr->ret);
		end_call(t, k);
		return;
	}
	if (!k || !k->in_call || k->nr != pr->nr) {
		/*
		 * An exec by another thread reports its success on the
		 * leader's id, which the caller takes over. Any other exit
		 * without its entry is of a call the seccomp notification
		 * did not let run (interrupted), or one whose entry was lost.
		 */
		if (pr->ret != 0 || !(caller = exec_caller(t, pr->pid, NULL)) ||
		    caller->nr != pr->nr)
			return;
		if (k)
			abandon(t, k);
	}
	settle(t, caller);
	int is_exec = call_is_exec(caller);
	pid_t tgid = pr->pid;
	if (caller->setup) {
		if (is_exec && pr->ret == 0) {
			/* the command's exec: written as its new image */
			exec_done(t, caller, tgid);
			emit(t, caller, image_of(t, tgid), 1, pr->ret);
			caller->setup = 0;
		}
	} else {
		emit(t, caller, image_of(t, tgid), 1, pr->ret);
		if (is_exec && pr->ret == 0)
			exec_done(t, caller, tgid);
	}
	track(t, caller, pr->ret);
	end_call(t, caller);
	if (caller != k) {
		/* the caller's id is gone: it is the leader's now */
		struct task *l = task_get(t, pr->tid);
		l->tgid = tgid;
		l->setup = caller->setup;
		if (caller->files) {
			files_put(l->files);
			fs_put(l->fs);
			l->files = caller->files;
			l->fs = caller->fs;
			caller->files = NULL;
			caller->fs = NULL;
		}
		if (!caller->fifo)
			task_del(t, caller);
	}
}

/* The state a new task k gets from the task that created it. */
static void fork_state(struct trace *t, struct task *k,
		       const struct perf_rec *pr)
{
	struct task *parent = task_find(t, pr->ptid);
	uint64_t flags = 0;

	files_put(k->files);
	fs_put(k->fs);
	k->files = NULL;
	k->fs = NULL;
	if (!parent) {
		task_state(k);
		return;
	}
	task_state(parent);
	const char *sys = parent->in_call ? call_name(parent) : "";
	if (strcmp(sys, "clone") == 0)
		flags = parent->args[0];
	else if (strcmp(sys, "clone3") == 0 && parent->dec)
		flags = parent->dec->xflags;
	else if (pr->pid == pr->ppid)
		flags = CLONE_FS | CLONE_FILES; /* a thread, surely */
	if (flags & CLONE_FS) {
		k->fs = parent->fs;
		k->fs->refs++;
	} else {
		k->fs = fs_copy(parent->fs);
	}
	if (flags & CLONE_FILES) {
		k->files = parent->files;
		k->files->refs++;
	} else {
		k->files = files_copy(parent->files);
	}
}

static void on_fork(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_get(t, pr->tid);

	k->tgid = pr->pid;
	k->setup = 0;
	if (t->cap)
		fork_state(t, k, pr);
	if (pr->pid != pr->ppid) {
		/* a new process runs its parent's image */
		struct proc *parent = proc_find(t, pr->ppid);
		struct proc *p = proc_get(t, pr->pid);
		p->nthreads = 1;
		if (parent && parent->image)
			proc_set_image(p, parent->image);
		else {
			free(p->image);
			p->image = NULL;
		}
	} else {
		proc_get(t, pr->pid)->nthreads++;
	}
}

static void on_task_exit(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_find(t, pr->tid);

	if (t->cap)
		bpf_cap_forget(t->cap, pr->tid);
	/* a new task given this id is another task */
	rec_forget_tid(t->r, pr->tid);
	if (k) {
		abandon(t, k);
		/* decodings received after this belong to a new task of
		 * the same id (a reused id, or the exec of a thread) */
		struct dec *d;
		while ((d = k->fifo) && d->t_recv < pr->time) {
			k->fifo = d->next;
			if (!k->fifo)
				k->last = NULL;
			dec_free(t, d);
		}
		if (!k->fifo)
			task_del(t, k);
	}
	struct proc *p = proc_find(t, pr->pid);
	if (p && --p->nthreads <= 0)
		proc_del(t, p);
}

static void on_lost(struct trace *t, const struct perf_rec *pr)
{
	t->lost += pr->lost;
	sbuf_printf(&t->r->out,
		    "# st-record: %llu events lost on cpu %d: the perf ring "
		    "buffer was full\n",
		    (unsigned long long)pr->lost, pr->cpu);
}

void trace_record(void *arg, const struct perf_rec *pr)
{
	struct trace *t = arg;

	switch (pr->kind) {
	case PERF_REC_ENTER:
		on_enter(t, pr);
		break;
	case PERF_REC_EXIT:
		on_exit_call(t, pr);
		break;
	case PERF_REC_FORK:
		on_fork(t, pr);
		break;
	case PERF_REC_TASK_EXIT:
		on_task_exit(t, pr);
		break;
	case PERF_REC_LOST:
		on_lost(t, pr);
		break;
	case PERF_REC_PATH:
		on_path(t, pr);
		break;
	case PERF_REC_OTHER:
		break;
	}
}

uint64_t trace_finish(struct trace *t)
{
	uint64_t lost = t->lost;

	for (size_t i = 0; i < NBUCKETS; i++)
		while (t->tasks[i]) {
			abandon(t, t->tasks[i]);
			task_del(t, t->tasks[i]);
		}
	for (size_t i = 0; i < NBUCKETS; i++)
		while (t->procs[i])
			proc_del(t, t->procs[i]);
	sbuf_free(&t->image);
	free(t);
	return lost;
}
