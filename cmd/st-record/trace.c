/*
 * trace.c: st-record's hybrid run, the bookkeeping: pairs the perf
 * records of each call's entry and exit, attaches the decoding made at
 * the call's notification, follows processes and their images, and
 * writes each call once it completed.
 */
#include <errno.h>
#include <limits.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	char *image; /* an exec's image to be, or NULL */
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
	unsigned execs;	   /* exec decodings not yet completed */
	uint64_t lost;	   /* records the kernel could not write */
	struct sbuf image; /* scratch */
};

static size_t bucket(pid_t id)
{
	return ((size_t)id * 2654435761u) % NBUCKETS;
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

void trace_push(struct trace *t, const struct call *c, uint64_t t_recv, int ok,
		const char *image)
{
	struct task *k = task_get(t, c->tid);
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
	    (ret == -ENOENT || ret == -ENOTDIR) && ev->nargs < LOG_MAXARGS) {
		/* the path was not there: as rec_decode would have said */
		struct log_arg *a = &ev->args[ev->nargs++];
		a->name = "exists";
		a->name_len = 6;
		a->idx = 0;
		a->val = "no";
		a->len = 2;
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

/* The call of k never returned: write it with an unknown result. */
static void abandon(struct trace *t, struct task *k)
{
	if (!k->in_call)
		return;
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
	end_call(t, caller);
	if (caller != k) {
		/* the caller's id is gone: it is the leader's now */
		struct task *l = task_get(t, pr->tid);
		l->tgid = tgid;
		l->setup = caller->setup;
		if (!caller->fifo)
			task_del(t, caller);
	}
}

static void on_fork(struct trace *t, const struct perf_rec *pr)
{
	struct task *k = task_get(t, pr->tid);

	k->tgid = pr->pid;
	k->setup = 0;
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
