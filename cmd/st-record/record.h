/* record.h: what the parts of st-record share: the recorder's state. */
#ifndef ST_RECORD_H
#define ST_RECORD_H

#include <poll.h>
#include <stdint.h>
#include <sys/types.h>

#include "log.h"
#include "util.h"

/* One traced task's cached facts, valid while gen matches. */
struct task_info {
	pid_t tid;
	unsigned gen;
	char *program; /* readlink of /proc/TID/exe */
	size_t program_len;
	char *root;   /* readlink of /proc/TID/root; NULL when "/" */
	int our_root; /* its root is st-record's: "/" in the same mounts */
};

/* The recorder: output, caches and the scratch space of one event. */
struct rec {
	int out_fd;		/* where the log goes */
	const char *out_name;	/* for messages */
	struct sbuf out;	/* pending log text */
	uint32_t arch;		/* the header's architecture */
	int quiet;		/* -q */
	int write_error;	/* errno of a failed write, 0 */
	uint64_t last_flush_ns; /* when out was last written */

	/* the task cache: open addressing on tid, cleared by gen++ */
	struct task_info *tasks;
	size_t ntasks_cap;
	unsigned gen;

	/*
	 * The result of each call will be known (hybrid mode): for calls
	 * that do not create their path, exists=no is then told by the
	 * result (-ENOENT, -ENOTDIR) instead of a check at the stop, and
	 * exists_later is set when rec_decode left it so.
	 */
	int results;
	int exists_later;
	int root_fd;	  /* st-record's root directory, O_PATH */
	uint64_t mnt_ino; /* st-record's mount namespace */

	/* scratch of one event */
	struct sbuf val[LOG_MAXARGS];
	struct sbuf tmp, tmp2;
	struct log_event ev;
};

/*
 * A system call to decode: who made it, on which architecture, and its
 * raw arguments.
 */
struct call {
	pid_t tid;
	uint32_t arch; /* SCMP_ARCH_* (the same numbers as AUDIT_ARCH_*) */
	int nr;
	uint64_t args[6];
};

void rec_init(struct rec *r, int out_fd, const char *out_name);
/*
 * Decode call c into r->ev (program, name, arguments). Returns 0, or -1
 * when the task vanished while it was read (its /proc entries are gone).
 * The result fields are left for the caller. kind tells whether the
 * call is decoded at its entry (exists= is then checked).
 */
int rec_decode(struct rec *r, const struct call *c);
/* The name of call nr on arch, or "syscall_N" for unknown numbers. */
const char *rec_sys_name(uint32_t arch, int nr);
/* Append r->ev to the output, then flush when the buffer is large. */
void rec_emit(struct rec *r);
/* Write everything buffered. Returns 0, or -1 (r->write_error set). */
int rec_flush(struct rec *r);
/* Forget every cached task fact (after clone, exec, chroot, ...). */
void rec_forget(struct rec *r);
/* Forget the cached facts of one task. */
void rec_forget_tid(struct rec *r, pid_t tid);
/* Whether the call (by name) changes which image or root tasks have. */
int rec_call_invalidates(const char *sys);
/* A monotonic clock in nanoseconds. */
uint64_t rec_now_ns(void);
/*
 * Decode only what the registers of call c hold into r->ev (no program,
 * no paths, addresses or structures): for a call seen without a stop.
 */
void rec_decode_regs(struct rec *r, const struct call *c);
/*
 * Whether decoding call nr of arch needs the task stopped at its entry:
 * an argument in its memory (a path, an address, a structure), or a call
 * that changes which image or root the tasks have.
 */
int rec_needs_stop(uint32_t arch, int nr);
/*
 * The image an execve of path (as decoded, absolute) by task tid would
 * run, into out: symbolic links resolved inside the task's root, and a
 * "#!" script's interpreter instead of the script. Best effort: out is
 * path itself when it cannot tell.
 */
void rec_exec_image(struct rec *r, pid_t tid, const char *path,
		    struct sbuf *out);

/* A record of the perf ring buffers, parsed. */
enum perf_kind {
	PERF_REC_ENTER,	    /* a call's entry: nr, args */
	PERF_REC_EXIT,	    /* a call's exit: nr, ret */
	PERF_REC_FORK,	    /* a new task: pid, tid, ppid, ptid */
	PERF_REC_TASK_EXIT, /* a task ended: pid, tid */
	PERF_REC_LOST,	    /* lost records were not written */
	PERF_REC_OTHER,	    /* anything else: ignored */
};

/* One record; which fields are set depends on kind. */
struct perf_rec {
	enum perf_kind kind;
	int cpu;
	uint64_t time;	/* CLOCK_MONOTONIC, as rec_now_ns() */
	pid_t pid, tid; /* process and thread */
	pid_t ppid, ptid;
	long nr;
	uint64_t args[6];
	int64_t ret;
	uint64_t lost;
};

/* The tracepoints of a run and their ring buffers (perf.c). */
struct perf;

/*
 * Open the raw_syscalls entry and exit tracepoints of task pid and every
 * task it will create, one pair per CPU, each CPU's into a ring buffer of
 * pages pages (a power of two). Returns NULL with *why (and errno) set
 * when the kernel, tracefs or the privileges do not allow it.
 */
struct perf *perf_open(pid_t pid, size_t pages, const char **why);
/* Close the events and unmap their buffers; p may be NULL. */
void perf_close(struct perf *p);
/* The descriptors to poll for records; returns how many, at most max. */
size_t perf_pollfds(struct perf *p, struct pollfd *pfd, size_t max);
/* Descriptor fd reported POLLHUP: stop polling it (its buffer stays). */
void perf_hup(struct perf *p, int fd);
/*
 * Hand fn every record older than limit, all CPUs merged in time order,
 * and give their space back to the kernel. Returns 1 when records newer
 * than limit wait, 0 when the buffers were emptied.
 */
int perf_round(struct perf *p, uint64_t limit,
	       void (*fn)(void *arg, const struct perf_rec *r), void *arg);

/* The hybrid run's bookkeeping (trace.c). */
struct trace;

/* Start following the tree of child, whose first exec is not yet done. */
struct trace *trace_new(struct rec *r, pid_t child);
/*
 * A notification of call c, received at time t_recv: keep its decoding
 * (r->ev when ok, else only c's registers) for its entry record. For an
 * exec, image is what it would run (rec_exec_image), or NULL.
 */
void trace_push(struct trace *t, const struct call *c, uint64_t t_recv, int ok,
		const char *image);
/*
 * The last notification of tid did not become a call (it was
 * interrupted): forget its decoding.
 */
void trace_pop(struct trace *t, pid_t tid);
/* One perf record, in time order (a perf_round callback). */
void trace_record(void *t, const struct perf_rec *r);
/*
 * Everything is read: write the calls that never returned, and return
 * the number of lost records.
 */
uint64_t trace_finish(struct trace *t);

/*
 * Run argv under seccomp user notification and, when allowed, the
 * raw_syscalls tracepoints; record until the last process of its tree
 * ends, and return the exit status for st-record.
 */
int notify_run(struct rec *r, char **argv);
/* Attach to the pids with ptrace, record, and return the exit status. */
int attach_run(struct rec *r, const pid_t *pids, size_t npids);

/* In a child before exec: the signal dispositions st-record started with. */
void rec_child_restore_signals(void);

/* Set by the signal handlers of st-record; read by the loops. */
extern volatile int rec_signal;	     /* SIGINT, SIGTERM, SIGHUP or 0 */
extern volatile int rec_signal_user; /* it came from kill(), not a tty */
extern volatile int rec_got_sigchld;
/* While running a command: its pid, to which the handlers pass signals. */
extern volatile pid_t rec_forward_pid;

#endif
