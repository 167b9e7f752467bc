/* record.h: what the parts of st-record share: the recorder's state. */
#ifndef ST_RECORD_H
#define ST_RECORD_H

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
	char *root; /* readlink of /proc/TID/root; NULL when "/" */
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
 * Run argv under seccomp user notification, record until the last process
 * of its tree ends, and return the exit status for st-record.
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
