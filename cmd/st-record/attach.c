/*
 * attach.c: st-record's attach mode (-p). A running process cannot be
 * given a seccomp filter from outside, so attach mode uses ptrace: a stop
 * at the entry of each call (decoded there, before the call changes what
 * its paths name) and one at its exit (for the result).
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"
#include "sys.h"

/* One traced task: its call in progress, formatted at its entry. */
struct task {
	pid_t tid;
	int in_call;	  /* an entry was seen and not yet its exit */
	struct sbuf line; /* the event, ending in " = ?\n" */
};

struct attach {
	struct rec *r;
	struct task *t;
	size_t n, cap;
	pid_t first;	  /* the first -p pid, whose status st-record gives */
	int first_status; /* its wait status, -1 until it ends */
};

static struct task *task_find(struct attach *a, pid_t tid)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->t[i].tid == tid)
			return &a->t[i];
	return NULL;
}

static struct task *task_add(struct attach *a, pid_t tid)
{
	struct task *t = task_find(a, tid);

	if (t)
		return t;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->t = xrealloc(a->t, a->cap * sizeof(*a->t));
	}
	t = &a->t[a->n++];
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	return t;
}

static void task_del(struct attach *a, pid_t tid)
{
	struct task *t = task_find(a, tid);

	if (!t)
		return;
	sbuf_free(&t->line);
	*t = a->t[--a->n];
}

/* Write the pending event of t with its result (NULL: unknown). */
static void finish(struct attach *a, struct task *t,
		   const struct __ptrace_syscall_info *si)
{
	struct rec *r = a->r;

	if (!t->in_call)
		return;
	t->in_call = 0;
	/* the line ends in "?\n": replace that with the result */
	t->line.len -= 2;
	if (!si)
		sbuf_adds(&t->line, "?");
	else if (si->exit.is_error) {
		const char *n = sys_errno_name((int)-si->exit.rval);
		if (n)
			sbuf_printf(&t->line, "-%s", n);
		else
			sbuf_printf(&t->line, "-E%lld",
				    (long long)-si->exit.rval);
	} else
		sbuf_printf(&t->line, "%lld", (long long)si->exit.rval);
	sbuf_addc(&t->line, '\n');
	sbuf_add(&r->out, t->line.s, t->line.len);
	if (r->out.len >= (1 << 16))
		rec_flush(r);
}

static void on_syscall_stop(struct attach *a, struct task *t)
{
	struct __ptrace_syscall_info si;
	struct rec *r = a->r;

	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, sizeof(si), &si) < 0)
		return;
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY) {
		struct call c = {
			.tid = t->tid, .arch = si.arch, .nr = (int)si.entry.nr};
		memcpy(c.args, si.entry.args, sizeof(c.args));
		if (rec_call_invalidates(rec_sys_name(c.arch, c.nr)))
			rec_forget(r);
		if (rec_decode(r, &c) < 0)
			return;
		sbuf_reset(&t->line);
		log_format_event(&t->line, &r->ev, r->arch);
		t->in_call = 1;
	} else if (si.op == PTRACE_SYSCALL_INFO_EXIT) {
		finish(a, t, &si);
	}
}

/* Seize every thread of pid. Returns the number seized. */
static int seize(struct attach *a, pid_t pid)
{
	char path[64];
	int n = 0;
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE |
		    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		    PTRACE_O_TRACEEXEC;

	/* threads may appear while we walk: walk until nothing is new */
	for (int again = 1; again;) {
		again = 0;
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		DIR *d = opendir(path);
		if (!d)
			break;
		struct dirent *e;
		while ((e = readdir(d))) {
			pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);
			if (tid <= 0 || task_find(a, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0, opts) < 0)
				continue;
			/* stop it once, to start tracing its calls */
			ptrace(PTRACE_INTERRUPT, tid, 0, 0);
			task_add(a, tid);
			n++;
			again = 1;
		}
		closedir(d);
	}
	return n;
}

/* Detach from every task, leaving it running as it was. */
static void detach_all(struct attach *a)
{
	for (size_t i = 0; i < a->n; i++)
		ptrace(PTRACE_INTERRUPT, a->t[i].tid, 0, 0);
	while (a->n) {
		int st;
		pid_t tid = waitpid(-1, &st, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		struct task *t = task_find(a, tid);
		if (!t)
			continue;
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			finish(a, t, NULL);
			task_del(a, tid);
			continue;
		}
		int sig = WSTOPSIG(st);
		int event = st >> 16;
		/* a signal on its way is delivered, not lost */
		int inject = (sig != SIGTRAP && sig != (SIGTRAP | 0x80) &&
			      event == 0)
				     ? sig
				     : 0;
		finish(a, t, NULL);
		ptrace(PTRACE_DETACH, tid, 0, inject);
		task_del(a, tid);
	}
}

int attach_run(struct rec *r, const pid_t *pids, size_t npids)
{
	struct attach a = {.r = r, .first = pids[0], .first_status = -1};

	for (size_t i = 0; i < npids; i++) {
		if (!seize(&a, pids[i])) {
			int e = errno;
			detach_all(&a);
			errno = e;
			diag_err(EXIT_SETUP, "attach %d", (int)pids[i]);
		}
		if (!r->quiet)
			diag_warnx("attached to %d", (int)pids[i]);
	}

	/* a timer interrupts waitpid: flushes, and a signal is seen soon */
	struct itimerval it = {{0, 250000}, {0, 250000}};
	setitimer(ITIMER_REAL, &it, NULL);
	while (a.n) {
		int st;
		if (rec_signal) {
			/* SIGINT, SIGTERM, SIGHUP: detach, leave them be */
			detach_all(&a);
			break;
		}
		pid_t tid = waitpid(-1, &st, __WALL);
		if (tid < 0) {
			if (errno == EINTR) {
				if (r->out.len &&
				    rec_now_ns() - r->last_flush_ns >
					    200000000u)
					rec_flush(r);
				continue;
			}
			break;
		}
		struct task *t = task_find(&a, tid);
		if (!t)
			t = task_add(&a, tid); /* a new child, auto-attached */
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			finish(&a, t, NULL);
			if (tid == a.first)
				a.first_status = st;
			task_del(&a, tid);
			continue;
		}
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st);
		int event = st >> 16;
		int inject = 0;
		if (sig == (SIGTRAP | 0x80)) {
			on_syscall_stop(&a, t);
		} else if (event == PTRACE_EVENT_EXEC) {
			/* a thread's exec: it now has the leader's tid */
			unsigned long old = 0;
			ptrace(PTRACE_GETEVENTMSG, tid, 0, &old);
			struct task *o = task_find(&a, (pid_t)old);
			if (o && o != t) {
				struct sbuf tmp = t->line;
				int in = t->in_call;
				t->line = o->line;
				t->in_call = o->in_call;
				o->line = tmp;
				o->in_call = in;
				task_del(&a, (pid_t)old);
				t = task_find(&a, tid);
			}
			rec_forget(r);
		} else if (event == PTRACE_EVENT_STOP) {
			if (sig == SIGSTOP || sig == SIGTSTP ||
			    sig == SIGTTIN || sig == SIGTTOU) {
				/* a group stop: stay stopped, as untraced */
				ptrace(PTRACE_LISTEN, tid, 0, 0);
				continue;
			}
		} else if (event) {
			/* fork, vfork, clone: the child reports itself */
			rec_forget(r);
		} else if (sig != SIGTRAP) {
			inject = sig; /* deliver the signal */
		}
		ptrace(PTRACE_SYSCALL, tid, 0, inject);
	}
	if (!r->quiet && rec_signal)
		diag_warnx("detached");
	rec_flush(r);
	free(a.t);
	if (a.first_status != -1) {
		if (WIFEXITED(a.first_status))
			return WEXITSTATUS(a.first_status);
		if (WIFSIGNALED(a.first_status))
			return 128 + WTERMSIG(a.first_status);
	}
	return EXIT_OK;
}
