/*
 * bpf.c: st-record's path capture in the kernel. Three small eBPF
 * programs, assembled here by hand and loaded with bpf(2) (no libbpf, no
 * compiler): one on raw_syscalls:sys_enter copies the path argument of
 * the calls the seccomp filter then lets through without a stop, for the
 * tasks of the traced tree only; one on raw_syscalls:sys_exit copies it
 * again when the entry could not read it (a page not yet mapped in); one
 * on sched:sched_process_fork adds each new task of the tree to that set.
 * The copies go to the perf ring buffers of perf.c, just before the
 * call's entry (or exit) record.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "record.h"

/* The traced tasks the map can hold at once. */
#define MAX_TASKS 65536
/* The call numbers the capture table covers (x86-64's are below). */
#define MAX_NR 1024

/* Instructions, as the kernel's own filter.h spells them. */
#define INSN(c, d, s, o, i)                \
	((struct bpf_insn){.code = (c),    \
			   .dst_reg = (d), \
			   .src_reg = (s), \
			   .off = (o),     \
			   .imm = (i)})
#define MOV64_REG(d, s)	    INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)	    INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV32_REG(d, s)	    INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV32_IMM(d, i)	    INSN(BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)	    INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ADD64_REG(d, s)	    INSN(BPF_ALU64 | BPF_ADD | BPF_X, d, s, 0, 0)
#define LDX(sz, d, s, o)    INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX(sz, d, s, o)    INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define ST_IMM(sz, d, o, i) INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define CALL(f)		    INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()		    INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* A program under construction: jumps name labels, fixed at the end. */
struct prog {
	struct bpf_insn insn[128];
	int n;
	int label[16];	/* instruction index of each label */
	int fix[32][2]; /* jumps to fix: instruction, label */
	int nfix;
};

static void emit(struct prog *p, struct bpf_insn i)
{
	p->insn[p->n++] = i;
}

/* A map's descriptor into register d (two instructions). */
static void ld_map(struct prog *p, int d, int fd)
{
	emit(p, INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd));
	emit(p, INSN(0, 0, 0, 0, 0));
}

/* if (d OP imm) goto label */
static void jmp_imm(struct prog *p, int op, int d, int imm, int label)
{
	p->fix[p->nfix][0] = p->n;
	p->fix[p->nfix++][1] = label;
	emit(p, INSN(BPF_JMP | op | BPF_K, d, 0, 0, imm));
}

static void set_label(struct prog *p, int label)
{
	p->label[label] = p->n;
}

static void fix_jumps(struct prog *p)
{
	for (int i = 0; i < p->nfix; i++) {
		int at = p->fix[i][0];
		p->insn[at].off = (short)(p->label[p->fix[i][1]] - at - 1);
	}
}

/* A map helper call: func(map, key at r10 + key_off), the result in r0. */
static void map_call(struct prog *p, int func, int map, int key_off)
{
	ld_map(p, BPF_REG_1, map);
	emit(p, MOV64_REG(BPF_REG_2, BPF_REG_10));
	emit(p, ADD64_IMM(BPF_REG_2, key_off));
	emit(p, CALL(func));
}

/*
 * After a helper call: unless it returned 0 (or -ENOSPC, for the output
 * of a record), add one to stats[idx]
 * (the stack slot at -16 is free); then on to label out.
 */
static void count_failure(struct prog *p, int stats, int idx, int out)
{
	jmp_imm(p, BPF_JEQ, BPF_REG_0, 0, out);
	/* a full ring buffer: reported as lost records (perf.c) */
	jmp_imm(p, BPF_JEQ, BPF_REG_0, -ENOSPC, out);
	emit(p, ST_IMM(BPF_W, BPF_REG_10, -16, idx));
	map_call(p, BPF_FUNC_map_lookup_elem, stats, -16);
	jmp_imm(p, BPF_JEQ, BPF_REG_0, 0, out);
	emit(p, MOV64_IMM(BPF_REG_1, 1));
	emit(p, INSN(BPF_STX | BPF_DW | BPF_ATOMIC, BPF_REG_0, BPF_REG_1, 0,
		     BPF_ADD));
}

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(SYS_bpf, cmd, a, sizeof(*a));
}

static int map_create(int type, unsigned key, unsigned value, unsigned n)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	/* a hash map allocated as it fills: the full one takes 50 ms */
	if (type == BPF_MAP_TYPE_HASH)
		a.map_flags = BPF_F_NO_PREALLOC;
	a.map_type = (unsigned)type;
	a.key_size = key;
	a.value_size = value;
	a.max_entries = n;
	return (int)sys_bpf(BPF_MAP_CREATE, &a);
}

/* cmd (BPF_MAP_*_ELEM) on the element key of map fd. */
static int map_elem(int cmd, int fd, const void *key, const void *value)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_fd = (unsigned)fd;
	a.key = (uint64_t)(uintptr_t)key;
	a.value = (uint64_t)(uintptr_t)value;
	a.flags = BPF_ANY;
	return (int)sys_bpf(cmd, &a);
}

static int map_update(int fd, const void *key, const void *value)
{
	return map_elem(BPF_MAP_UPDATE_ELEM, fd, key, value);
}

static char verifier_log[65536];

static int prog_load(struct prog *p)
{
	union bpf_attr a;
	static const char license[] = "GPL";

	fix_jumps(p);
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	a.insns = (uint64_t)(uintptr_t)p->insn;
	a.insn_cnt = (unsigned)p->n;
	/* the helpers that read user memory and write perf records are
	 * offered to GPL-compatible programs only */
	a.license = (uint64_t)(uintptr_t)license;
	int fd = (int)sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0 && errno == EACCES && getenv("ST_RECORD_BPF_DEBUG")) {
		int e = errno;
		a.log_buf = (uint64_t)(uintptr_t)verifier_log;
		a.log_size = sizeof(verifier_log);
		a.log_level = 1;
		if (sys_bpf(BPF_PROG_LOAD, &a) < 0)
			fprintf(stderr, "%s\n", verifier_log);
		errno = e;
	}
	return fd;
}

struct bpf_cap {
	int traced;  /* hash: tid -> 1, the tasks of the tree */
	int spec;    /* array: call number -> 1 + register of its path */
	int scratch; /* per-CPU array: the record being built */
	int events;  /* perf event array: CPU -> its output event */
	int stats;   /* array: [0] tasks the map could not take, [1] paths
		      * that could not be written */
	int retry;   /* hash: tid -> address of a path to read at exit */
	int enter_prog, fork_prog, exit_prog;
	int fork_fd;  /* the sched_process_fork event */
	int enter_fd; /* a sys_enter event holding the program */
	int exit_fd;  /* a sys_exit event holding load_exit's */
	int *out;     /* the output events, one a CPU */
	size_t nout;
};

/* The offset of field name in tracefs event group/event's format. */
static int field_offset(const char *event, const char *name)
{
	static const char *const roots[] = {"/sys/kernel/tracing",
					    "/sys/kernel/debug/tracing"};
	char path[128], line[256], want[64];

	snprintf(want, sizeof(want), " %s;", name);
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events/%s/format", roots[i],
			 event);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		int off = -1;
		while (fgets(line, sizeof(line), f)) {
			char *at = strstr(line, want);
			char *o = strstr(line, "offset:");
			if (at && o && strstr(line, "size:4;")) {
				off = atoi(o + 7);
				break;
			}
		}
		fclose(f);
		return off;
	}
	return -1;
}

static int event_id(const char *event)
{
	long long id;
	return perf_event_id(event, &id) == 0 ? (int)id : -1;
}

/*
 * The end of the path programs: write the record at r7, of r5 bytes, into
 * the current CPU's ring (context in r6), count a failure, and return 1
 * (label out: keep the tracepoint's own record).
 */
static void send_record(struct prog *p, const struct bpf_cap *b, int out)
{
	emit(p, MOV64_REG(BPF_REG_1, BPF_REG_6));
	ld_map(p, BPF_REG_2, b->events);
	emit(p, MOV32_IMM(BPF_REG_3, -1)); /* BPF_F_CURRENT_CPU */
	emit(p, MOV64_REG(BPF_REG_4, BPF_REG_7));
	emit(p, CALL(BPF_FUNC_perf_event_output));
	count_failure(p, b->stats, 1, out);
	set_label(p, out);
	emit(p, MOV64_IMM(BPF_REG_0, 1));
	emit(p, EXIT());
}

/*
 * The program on sys_enter. Its context is the tracepoint's record, the
 * first 8 bytes of which the kernel replaced by a pointer: the call
 * number at 8, the arguments from 16. It always returns 1 (keep the
 * entry record).
 */
static int load_enter(struct bpf_cap *b)
{
	struct prog p = {.n = 0};
	enum { OUT, ARG_SET, SEND, FAILED };

	/* the call first (an array), then the task (a hash): cheaper for
	 * the calls of the whole system that have no path */
	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_1));
	emit(&p, LDX(BPF_DW, BPF_REG_8, BPF_REG_6, 8)); /* nr */
	jmp_imm(&p, BPF_JGT, BPF_REG_8, MAX_NR - 1, OUT);
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_8, -8));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->spec, -8);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, LDX(BPF_W, BPF_REG_9, BPF_REG_0, 0)); /* 1 + register */
	jmp_imm(&p, BPF_JEQ, BPF_REG_9, 0, OUT);
	emit(&p, CALL(BPF_FUNC_get_current_pid_tgid));
	emit(&p, MOV32_REG(BPF_REG_7, BPF_REG_0)); /* tid */
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_7, -4));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->traced, -4);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, ST_IMM(BPF_W, BPF_REG_10, -12, 0));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->scratch, -12);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	/* the header: magic, tid, nr, length (or error) */
	emit(&p, ST_IMM(BPF_W, BPF_REG_0, 0, (int)BPF_PATH_MAGIC));
	emit(&p, STX(BPF_W, BPF_REG_0, BPF_REG_7, 4));
	emit(&p, STX(BPF_W, BPF_REG_0, BPF_REG_8, 8));
	emit(&p, MOV64_REG(BPF_REG_7, BPF_REG_0)); /* the buffer */
	emit(&p, LDX(BPF_DW, BPF_REG_3, BPF_REG_6, 16));
	jmp_imm(&p, BPF_JNE, BPF_REG_9, 2, ARG_SET);
	emit(&p, LDX(BPF_DW, BPF_REG_3, BPF_REG_6, 24));
	set_label(&p, ARG_SET);
	emit(&p, STX(BPF_DW, BPF_REG_10, BPF_REG_3, -24));
	emit(&p, MOV64_REG(BPF_REG_1, BPF_REG_7));
	emit(&p, ADD64_IMM(BPF_REG_1, BPF_PATH_HDR));
	emit(&p, MOV64_IMM(BPF_REG_2, BPF_PATH_MAX));
	emit(&p, CALL(BPF_FUNC_probe_read_user_str));
	emit(&p, STX(BPF_W, BPF_REG_7, BPF_REG_0, 12));
	emit(&p, MOV64_IMM(BPF_REG_5, BPF_PATH_HDR));
	/* the size, bounded for the verifier: the header alone on error */
	jmp_imm(&p, BPF_JSLT, BPF_REG_0, 1, FAILED);
	jmp_imm(&p, BPF_JGT, BPF_REG_0, BPF_PATH_MAX, SEND);
	emit(&p, ADD64_REG(BPF_REG_5, BPF_REG_0));
	jmp_imm(&p, BPF_JA, 0, 0, SEND);
	/*
	 * Not readable now (a page the task has not touched yet): again
	 * at the call's exit, when the kernel has read it (load_exit).
	 */
	set_label(&p, FAILED);
	emit(&p, LDX(BPF_DW, BPF_REG_1, BPF_REG_10, -24));
	jmp_imm(&p, BPF_JEQ, BPF_REG_1, 0, SEND);
	ld_map(&p, BPF_REG_1, b->retry);
	emit(&p, MOV64_REG(BPF_REG_2, BPF_REG_10));
	emit(&p, ADD64_IMM(BPF_REG_2, -4));
	emit(&p, MOV64_REG(BPF_REG_3, BPF_REG_10));
	emit(&p, ADD64_IMM(BPF_REG_3, -24));
	emit(&p, MOV64_IMM(BPF_REG_4, BPF_ANY));
	emit(&p, CALL(BPF_FUNC_map_update_elem));
	emit(&p, MOV64_IMM(BPF_REG_5, BPF_PATH_HDR));
	set_label(&p, SEND);
	send_record(&p, b, OUT);
	return prog_load(&p);
}

/*
 * The program on sys_exit: the path of a call whose entry could not read
 * it (retry map), read again now, in a record of magic BPF_PATH_MAGIC_EXIT.
 * Its context: the call number at 8. Returns 1 (keep the exit record).
 */
static int load_exit(struct bpf_cap *b)
{
	struct prog p = {.n = 0};
	enum { OUT, SEND };

	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_1));
	/* a call with a path only (an array) before the task (a hash) */
	emit(&p, LDX(BPF_DW, BPF_REG_9, BPF_REG_6, 8)); /* nr */
	jmp_imm(&p, BPF_JGT, BPF_REG_9, MAX_NR - 1, OUT);
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_9, -8));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->spec, -8);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, LDX(BPF_W, BPF_REG_1, BPF_REG_0, 0));
	jmp_imm(&p, BPF_JEQ, BPF_REG_1, 0, OUT);
	emit(&p, CALL(BPF_FUNC_get_current_pid_tgid));
	emit(&p, MOV32_REG(BPF_REG_7, BPF_REG_0)); /* tid */
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_7, -4));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->retry, -4);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, LDX(BPF_DW, BPF_REG_8, BPF_REG_0, 0)); /* the address */
	map_call(&p, BPF_FUNC_map_delete_elem, b->retry, -4);
	emit(&p, ST_IMM(BPF_W, BPF_REG_10, -12, 0));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->scratch, -12);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, ST_IMM(BPF_W, BPF_REG_0, 0, (int)BPF_PATH_MAGIC_EXIT));
	emit(&p, STX(BPF_W, BPF_REG_0, BPF_REG_7, 4));
	emit(&p, STX(BPF_W, BPF_REG_0, BPF_REG_9, 8));
	emit(&p, MOV64_REG(BPF_REG_7, BPF_REG_0));
	emit(&p, MOV64_REG(BPF_REG_1, BPF_REG_7));
	emit(&p, ADD64_IMM(BPF_REG_1, BPF_PATH_HDR));
	emit(&p, MOV64_IMM(BPF_REG_2, BPF_PATH_MAX));
	emit(&p, MOV64_REG(BPF_REG_3, BPF_REG_8));
	emit(&p, CALL(BPF_FUNC_probe_read_user_str));
	emit(&p, STX(BPF_W, BPF_REG_7, BPF_REG_0, 12));
	emit(&p, MOV64_IMM(BPF_REG_5, BPF_PATH_HDR));
	jmp_imm(&p, BPF_JSLT, BPF_REG_0, 1, SEND);
	jmp_imm(&p, BPF_JGT, BPF_REG_0, BPF_PATH_MAX, SEND);
	emit(&p, ADD64_REG(BPF_REG_5, BPF_REG_0));
	set_label(&p, SEND);
	send_record(&p, b, OUT);
	return prog_load(&p);
}

/*
 * The program on sched_process_fork: a task created by a traced task is
 * traced (threads too: the map is keyed by thread id). A full map is
 * counted in stats[0]. Returns 0: no perf sample.
 */
static int load_fork(struct bpf_cap *b, int parent_off, int child_off)
{
	struct prog p = {.n = 0};
	enum { OUT };

	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_1));
	emit(&p, LDX(BPF_W, BPF_REG_1, BPF_REG_6, (short)parent_off));
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_1, -4));
	map_call(&p, BPF_FUNC_map_lookup_elem, b->traced, -4);
	jmp_imm(&p, BPF_JEQ, BPF_REG_0, 0, OUT);
	emit(&p, LDX(BPF_W, BPF_REG_1, BPF_REG_6, (short)child_off));
	emit(&p, STX(BPF_W, BPF_REG_10, BPF_REG_1, -8));
	emit(&p, ST_IMM(BPF_W, BPF_REG_10, -12, 1));
	ld_map(&p, BPF_REG_1, b->traced);
	emit(&p, MOV64_REG(BPF_REG_2, BPF_REG_10));
	emit(&p, ADD64_IMM(BPF_REG_2, -8));
	emit(&p, MOV64_REG(BPF_REG_3, BPF_REG_10));
	emit(&p, ADD64_IMM(BPF_REG_3, -12));
	emit(&p, MOV64_IMM(BPF_REG_4, BPF_ANY));
	emit(&p, CALL(BPF_FUNC_map_update_elem));
	count_failure(&p, b->stats, 0, OUT);
	set_label(&p, OUT);
	emit(&p, MOV64_IMM(BPF_REG_0, 0));
	emit(&p, EXIT());
	return prog_load(&p);
}

/*
 * Release the events that hold the programs in a child that outlives
 * st-record: each release waits for the kernel's grace periods (some
 * 30 ms each, and as long again for perf.c's events if these were gone
 * first), which would add a tenth of a second to every run. The child
 * holds nothing else, and lets go once st-record has exited.
 */
static void release_later(struct bpf_cap *b)
{
	int keep[4] = {b->fork_fd, b->enter_fd, b->exit_fd, -1};
	int pfd[2];

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		keep[3] = pfd[0];
		/* every other descriptor closed: no pipe is held open */
		for (int i = 0; i < 4; i++)
			for (int j = i + 1; j < 4; j++)
				if (keep[j] < keep[i]) {
					int x = keep[i];
					keep[i] = keep[j];
					keep[j] = x;
				}
		unsigned lo = 0;
		for (int i = 0; i < 4; i++) {
			if (keep[i] < 0)
				continue;
			if ((unsigned)keep[i] > lo)
				syscall(SYS_close_range, lo, keep[i] - 1, 0);
			lo = (unsigned)keep[i] + 1;
		}
		syscall(SYS_close_range, lo, ~0u, 0);
		char c;
		while (read(pfd[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pfd[0]);
	if (pid < 0)
		close(pfd[1]);
	/* else pfd[1] stays open until st-record exits */
}

/*
 * A counting event of tracepoint id on cpu holding program prog (which
 * then runs for every task that reaches the tracepoint). Its descriptor,
 * or -1 with errno set.
 */
static int attach(int id, int cpu, int prog)
{
	struct perf_event_attr a;

	if (id < 0) {
		errno = ENOENT;
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = (uint64_t)id;
	int fd = (int)syscall(SYS_perf_event_open, &a, -1, cpu, -1,
			      PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0 && ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void bpf_cap_close(struct bpf_cap *b)
{
	if (!b)
		return;
	release_later(b);
	if (b->fork_fd >= 0)
		close(b->fork_fd);
	if (b->enter_fd >= 0)
		close(b->enter_fd);
	if (b->exit_fd >= 0)
		close(b->exit_fd);
	for (size_t i = 0; i < b->nout; i++)
		if (b->out[i] >= 0)
			close(b->out[i]);
	free(b->out);
	int fds[] = {b->enter_prog, b->fork_prog, b->exit_prog,
		     b->traced,	    b->spec,	  b->scratch,
		     b->events,	    b->stats,	  b->retry};
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(b);
}

struct bpf_cap *bpf_cap_open(struct perf *p, pid_t child, const char **why)
{
	struct bpf_cap *b = xcalloc(1, sizeof(*b));
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int parent_off = field_offset("sched/sched_process_fork", "parent_pid");
	int child_off = field_offset("sched/sched_process_fork", "child_pid");
	int fork_id = event_id("sched/sched_process_fork");

	b->traced = b->spec = b->scratch = b->events = b->stats = -1;
	b->enter_prog = b->fork_prog = b->fork_fd = b->enter_fd = -1;
	b->exit_prog = b->exit_fd = b->retry = -1;
	if (ncpu < 1)
		ncpu = 1;
	if (parent_off < 8 || child_off < 8 || fork_id < 0) {
		*why = "tracefs events/sched/sched_process_fork";
		goto fail;
	}
	*why = "bpf maps";
	b->traced = map_create(BPF_MAP_TYPE_HASH, 4, 4, MAX_TASKS);
	b->spec = map_create(BPF_MAP_TYPE_ARRAY, 4, 4, MAX_NR);
	b->scratch = map_create(BPF_MAP_TYPE_PERCPU_ARRAY, 4,
				BPF_PATH_HDR + BPF_PATH_MAX, 1);
	b->events =
		map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, (unsigned)ncpu);
	b->stats = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 2);
	b->retry = map_create(BPF_MAP_TYPE_HASH, 4, 8, MAX_TASKS);
	if (b->traced < 0 || b->spec < 0 || b->scratch < 0 || b->events < 0 ||
	    b->stats < 0 || b->retry < 0)
		goto fail;
	for (int nr = 0; nr < MAX_NR; nr++) {
		uint32_t k = (uint32_t)nr, v = (uint32_t)rec_bpf_path_reg(nr);
		if (v && map_update(b->spec, &k, &v) < 0)
			goto fail;
	}
	uint32_t k = (uint32_t)child, one = 1;
	if (map_update(b->traced, &k, &one) < 0)
		goto fail;

	*why = "bpf program load";
	b->enter_prog = load_enter(b);
	b->fork_prog = load_fork(b, parent_off, child_off);
	b->exit_prog = load_exit(b);
	if (b->enter_prog < 0 || b->fork_prog < 0 || b->exit_prog < 0)
		goto fail;

	/* one output event a CPU, writing into that CPU's ring buffer */
	*why = "bpf output events";
	size_t n = perf_ncpu(p);
	b->out = xcalloc(n, sizeof(*b->out));
	for (size_t i = 0; i < n; i++) {
		int cpu, ring = perf_cpu_fd(p, i, &cpu);
		struct perf_event_attr a;
		memset(&a, 0, sizeof(a));
		a.type = PERF_TYPE_SOFTWARE;
		a.config = PERF_COUNT_SW_BPF_OUTPUT;
		a.size = sizeof(a);
		a.sample_period = 1;
		a.sample_type =
			PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
		a.sample_id_all = 1;
		a.use_clockid = 1;
		a.clockid = CLOCK_MONOTONIC;
		b->out[b->nout] = (int)syscall(SYS_perf_event_open, &a, -1, cpu,
					       -1, PERF_FLAG_FD_CLOEXEC);
		if (b->out[b->nout] < 0)
			goto fail;
		b->nout++;
		if (ioctl(b->out[i], PERF_EVENT_IOC_SET_OUTPUT, ring) < 0)
			goto fail;
		uint32_t key = (uint32_t)cpu;
		if (map_update(b->events, &key, &b->out[i]) < 0)
			goto fail;
	}

	*why = "bpf attach";
	/* the events that hold the programs: on a CPU that is online */
	int cpu0;
	perf_cpu_fd(p, 0, &cpu0);
	b->fork_fd = attach(fork_id, cpu0, b->fork_prog);
	if (b->fork_fd < 0)
		goto fail;
	/*
	 * The programs of a tracepoint run for every task of the system,
	 * whichever of its events holds them. Not perf.c's events: those
	 * are inherited, and the event of a task that ends takes the
	 * program away with it. A counting event (no samples).
	 */
	b->enter_fd =
		attach(event_id("raw_syscalls/sys_enter"), cpu0, b->enter_prog);
	if (b->enter_fd < 0)
		goto fail;
	b->exit_fd =
		attach(event_id("raw_syscalls/sys_exit"), cpu0, b->exit_prog);
	if (b->exit_fd < 0)
		goto fail;
	return b;
fail : {
	int e = errno;
	bpf_cap_close(b);
	errno = e;
	return NULL;
}
}

void bpf_cap_forget(struct bpf_cap *b, pid_t tid)
{
	uint32_t k = (uint32_t)tid;

	map_elem(BPF_MAP_DELETE_ELEM, b->traced, &k, NULL);
	/* a call it was killed in leaves its address to read again */
	map_elem(BPF_MAP_DELETE_ELEM, b->retry, &k, NULL);
}

uint64_t bpf_cap_failed(struct bpf_cap *b, int what)
{
	uint32_t k = (uint32_t)what;
	uint64_t v = 0;

	if (map_elem(BPF_MAP_LOOKUP_ELEM, b->stats, &k, &v) < 0)
		return 0;
	return v;
}
