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
	int root_fd;		     /* st-record's root directory, O_PATH */
	const struct rec_view *view; /* rec_decode_view's, while it runs */
	unsigned dir_gen;	     /* rec_dir_changed's count */
	uint64_t mnt_ino;	     /* st-record's mount namespace */

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
	pid_t tgid;    /* its process, or 0 when not known */
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
/*
 * Whether a stop of the call (by name) must drop the task cache: it
 * changes which image or root tasks have, or makes a task.
 */
int rec_call_invalidates(const char *sys);
/* Add exists=no to ev's arguments: the path was not there. */
void rec_add_exists_no(struct log_event *ev);
/* readlink path into b (reset first). Returns 0 or -1. */
int rec_readlink(const char *path, struct sbuf *b);
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
	PERF_REC_PATH,	    /* a path the eBPF program read: tid, nr, path */
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
	/* PERF_REC_PATH: the string (without its NUL) and its length, or
	 * path NULL and the error of the read in path_len */
	const char *path;
	long path_len;
	int at_exit; /* read at the call's exit (BPF_PATH_MAGIC_EXIT) */
};

/*
 * The id of tracepoint event ("raw_syscalls/sys_enter") in tracefs, into
 * *id. Returns 0, or -1 with errno set.
 */
int perf_event_id(const char *event, long long *id);

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

/* How many CPUs p follows. */
size_t perf_ncpu(struct perf *p);
/* The descriptor owning the ring buffer of p's i-th CPU; *cpu its number. */
int perf_cpu_fd(struct perf *p, size_t i, int *cpu);

/*
 * The eBPF path capture (bpf.c). Its records, in the perf ring buffers:
 * a header of BPF_PATH_HDR bytes (u32 magic, u32 tid, u32 call number,
 * s32 length of the string with its NUL or the read's -errno), then the
 * string.
 */
#define BPF_PATH_MAGIC 0x53540000u /* u16 0 (no tracepoint), then "TS" */
/* the same, read again at the call's exit: the entry could not read it */
#define BPF_PATH_MAGIC_EXIT 0x53550000u
#define BPF_PATH_HDR	    16
#define BPF_PATH_MAX	    4096
struct bpf_cap;
/*
 * Load the programs, attach them, and follow task child and the tasks
 * it creates; their records go to p's buffers. Returns NULL with *why
 * (and errno) set when the kernel or the privileges do not allow it.
 */
struct bpf_cap *bpf_cap_open(struct perf *p, pid_t child, const char **why);
/* Detach and free; b may be NULL. */
void bpf_cap_close(struct bpf_cap *b);
/* Task tid ended: its id may be reused outside the tree. */
void bpf_cap_forget(struct bpf_cap *b, pid_t tid);
/*
 * What the capture failed to do: 0, how many new tasks of the tree it
 * could not follow; 1, how many paths it could not write (a full ring
 * buffer is reported as lost records too).
 */
uint64_t bpf_cap_failed(struct bpf_cap *b, int what);
/*
 * For x86-64 call nr: 1 + the register of the path the capture reads
 * when the call runs without a stop (its path is its only argument in
 * memory, and its result tells whether the path existed), else 0. For
 * open and openat only when they do not create (the filter checks).
 */
int rec_bpf_path_reg(int nr);
/*
 * Whether decoding x86-64 call nr needs a stop when the capture runs.
 */
int rec_needs_stop_bpf(int nr);

/*
 * What a call decoded without a stop knows of its task instead of
 * /proc: its cwd and its descriptors as it sees them (tracked in the
 * order of the records), and the path string read at its entry.
 */
struct rec_view {
	const char *cwd; /* NULL: read /proc */
	/* the path of descriptor fd, or NULL to read /proc */
	const char *(*fd_path)(void *arg, int fd);
	void *arg;
	const char *path; /* the captured string, NULL: read the memory */
	size_t path_len;
	int foreign; /* its root or mounts may differ from st-record's */
};
/*
 * A call of the tree may have changed what a directory's name resolves
 * to (rename, unlink, rmdir, symlink, mount): forget the directories
 * resolved for rec_decode_view.
 */
void rec_dir_changed(struct rec *r);
/* Decode call c as rec_decode does, with v for what a stop would read. */
int rec_decode_view(struct rec *r, const struct call *c,
		    const struct rec_view *v);

/* The hybrid run's bookkeeping (trace.c). */
struct trace;

/* Start following the tree of child, whose first exec is not yet done. */
struct trace *trace_new(struct rec *r, pid_t child);
/*
 * Take the eBPF capture's records, and follow the cwd and descriptors of
 * the tree to resolve their paths (the command waits before its exec).
 */
void trace_use_bpf(struct trace *t, struct bpf_cap *cap);
/* How many calls were decoded without a stop. */
uint64_t trace_nostop(struct trace *t);
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
