/*
 * perf.c: st-record's view of every system call without a stop: the
 * raw_syscalls tracepoints (entry and exit of each call) of the traced
 * tree, through one perf ring buffer per CPU, read in time order.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "record.h"

/* One CPU's pair of events and their shared ring buffer. */
struct perf_cpu {
	int cpu;
	int fd;	     /* the sys_enter event, owner of the buffer */
	int fd_exit; /* the sys_exit event, writing into fd's buffer */
	int polled;  /* fd is still worth polling (no POLLHUP seen) */
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	size_t size; /* of data: a power of two */
	size_t map_len;
	uint64_t head; /* data_head as read at the start of the round */
	uint64_t tail; /* the next record to read */
	uint64_t done; /* tail as last given back to the kernel */
	int have;      /* rec holds the record at tail */
	size_t reclen;
	struct perf_rec rec;
	unsigned char *copy; /* a record that wraps around the end */
};

struct perf {
	struct perf_cpu *cpu;
	size_t ncpu;
	uint16_t id_enter, id_exit;
};

/* The two tracefs mount points the kernel documents. */
static const char *const tracefs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

int perf_event_id(const char *event, long long *id)
{
	char path[160], buf[32];
	int err = ENOENT;

	for (size_t i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]); i++) {
		snprintf(path, sizeof(path), "%s/events/%s/id", tracefs[i],
			 event);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT)
				err = errno;
			continue;
		}
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		const char *why;
		buf[strcspn(buf, "\n")] = 0;
		if (st_strtonum(buf, 1, 65535, id, &why) == 0)
			return 0;
	}
	errno = err;
	return -1;
}

static int event_open(struct perf_event_attr *a, pid_t pid, int cpu)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

void perf_close(struct perf *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ncpu; i++) {
		struct perf_cpu *c = &p->cpu[i];
		if (c->meta)
			munmap(c->meta, c->map_len);
		if (c->fd_exit >= 0)
			close(c->fd_exit);
		if (c->fd >= 0)
			close(c->fd);
		free(c->copy);
	}
	free(p->cpu);
	free(p);
}

struct perf *perf_open(pid_t pid, size_t pages, const char **why)
{
	long long id_enter, id_exit;
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	long pagesize = sysconf(_SC_PAGESIZE);

	if (perf_event_id("raw_syscalls/sys_enter", &id_enter) < 0 ||
	    perf_event_id("raw_syscalls/sys_exit", &id_exit) < 0) {
		*why = "tracefs events/raw_syscalls";
		return NULL;
	}
	if (ncpu < 1)
		ncpu = 1;
	struct perf *p = xcalloc(1, sizeof(*p));
	p->cpu = xcalloc((size_t)ncpu, sizeof(*p->cpu));
	p->id_enter = (uint16_t)id_enter;
	p->id_exit = (uint16_t)id_exit;

	struct perf_event_attr a;
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.sample_period = 1;
	a.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	/* every descendant, thread or process, writes into these buffers */
	a.inherit = 1;
	/* the time on every record, to merge the CPUs in order */
	a.sample_id_all = 1;
	/* the clock of rec_now_ns: comparable with notification times */
	a.use_clockid = 1;
	a.clockid = CLOCK_MONOTONIC;
	a.watermark = 1;
	a.wakeup_watermark = (uint32_t)(pages * (size_t)pagesize / 16);
	if (a.wakeup_watermark == 0)
		a.wakeup_watermark = 1;

	for (long cpu = 0; cpu < ncpu; cpu++) {
		struct perf_cpu *c = &p->cpu[p->ncpu];
		c->cpu = (int)cpu;
		c->fd = c->fd_exit = -1;
		a.config = (uint64_t)id_enter;
		a.task = 1; /* fork and exit records, on this one only */
		c->fd = event_open(&a, pid, (int)cpu);
		if (c->fd < 0 && errno == ENODEV)
			continue; /* an offline CPU */
		if (c->fd < 0) {
			*why = "perf_event_open";
			goto fail;
		}
		p->ncpu++;
		a.config = (uint64_t)id_exit;
		a.task = 0;
		c->fd_exit = event_open(&a, pid, (int)cpu);
		if (c->fd_exit < 0) {
			*why = "perf_event_open";
			goto fail;
		}
		c->size = pages * (size_t)pagesize;
		c->map_len = c->size + (size_t)pagesize;
		/* writable: the kernel then keeps what is unread (and
		 * reports what it could not write) instead of overwriting */
		void *m = mmap(NULL, c->map_len, PROT_READ | PROT_WRITE,
			       MAP_SHARED, c->fd, 0);
		if (m == MAP_FAILED) {
			*why = "perf ring buffer";
			goto fail;
		}
		c->meta = m;
		c->data = (unsigned char *)m + pagesize;
		c->copy = xmalloc(65536);
		c->polled = 1;
		if (ioctl(c->fd_exit, PERF_EVENT_IOC_SET_OUTPUT, c->fd) < 0) {
			*why = "perf_event_open";
			goto fail;
		}
	}
	if (p->ncpu == 0) {
		*why = "perf_event_open";
		goto fail;
	}
	return p;
fail : {
	int e = errno;
	perf_close(p);
	errno = e;
	return NULL;
}
}

size_t perf_pollfds(struct perf *p, struct pollfd *pfd, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ncpu && n < max; i++) {
		if (!p->cpu[i].polled)
			continue;
		pfd[n].fd = p->cpu[i].fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	return n;
}

void perf_hup(struct perf *p, int fd)
{
	/*
	 * The event of the first process is over (it ended); its buffer
	 * still receives its descendants' records, and is read each round.
	 */
	for (size_t i = 0; i < p->ncpu; i++)
		if (p->cpu[i].fd == fd)
			p->cpu[i].polled = 0;
}

static uint32_t get32(const unsigned char *b)
{
	uint32_t v;
	memcpy(&v, b, 4);
	return v;
}

static uint64_t get64(const unsigned char *b)
{
	uint64_t v;
	memcpy(&v, b, 8);
	return v;
}

/* Parse the record at c->tail into c->rec. Returns 0, or -1 if none. */
static int peek(struct perf *p, struct perf_cpu *c)
{
	struct perf_event_header h;
	size_t mask = c->size - 1;

	if (c->have)
		return 0;
	if (c->tail >= c->head)
		return -1;
	/* records are 8-byte aligned: a header never wraps */
	memcpy(&h, c->data + (c->tail & mask), sizeof(h));
	if (h.size < sizeof(h) || h.size > c->head - c->tail) {
		/* cannot happen; drop what is there rather than loop */
		c->tail = c->head;
		return -1;
	}
	size_t off = (size_t)(c->tail & mask);
	const unsigned char *b = c->data + off;
	if (off + h.size > c->size) {
		size_t first = c->size - off;
		memcpy(c->copy, c->data + off, first);
		memcpy(c->copy + first, c->data, h.size - first);
		b = c->copy;
	}
	struct perf_rec *r = &c->rec;
	memset(r, 0, sizeof(*r));
	r->cpu = c->cpu;
	r->kind = PERF_REC_OTHER;
	const unsigned char *q = b + sizeof(h);
	const unsigned char *end = b + h.size;
	switch (h.type) {
	case PERF_RECORD_SAMPLE: {
		if (end - q < 20)
			break;
		r->pid = (pid_t)get32(q);
		r->tid = (pid_t)get32(q + 4);
		r->time = get64(q + 8);
		uint32_t size = get32(q + 16);
		const unsigned char *raw = q + 20;
		if (size > (size_t)(end - raw))
			break;
		if (size >= BPF_PATH_HDR &&
		    (get32(raw) == BPF_PATH_MAGIC ||
		     get32(raw) == BPF_PATH_MAGIC_EXIT)) {
			/* a path read by the eBPF program (bpf.c) */
			int32_t len = (int32_t)get32(raw + 12);
			r->kind = PERF_REC_PATH;
			r->at_exit = get32(raw) == BPF_PATH_MAGIC_EXIT;
			r->tid = (pid_t)get32(raw + 4);
			r->nr = (long)get32(raw + 8);
			if (len >= 1 && len <= BPF_PATH_MAX &&
			    (uint32_t)len <= size - BPF_PATH_HDR) {
				r->path = (const char *)raw + BPF_PATH_HDR;
				r->path_len = len - 1;
			} else {
				r->path_len = len < 0 ? len : -EFAULT;
			}
			break;
		}
		if (size < 24)
			break;
		uint16_t type;
		memcpy(&type, raw, 2);
		r->nr = (long)get64(raw + 8);
		if (type == p->id_enter && size >= 64) {
			r->kind = PERF_REC_ENTER;
			for (int i = 0; i < 6; i++)
				r->args[i] = get64(raw + 16 + 8 * i);
		} else if (type == p->id_exit) {
			r->kind = PERF_REC_EXIT;
			r->ret = (int64_t)get64(raw + 16);
		}
		break;
	}
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		if (end - q < 24)
			break;
		r->kind = h.type == PERF_RECORD_FORK ? PERF_REC_FORK
						     : PERF_REC_TASK_EXIT;
		r->pid = (pid_t)get32(q);
		r->ppid = (pid_t)get32(q + 4);
		r->tid = (pid_t)get32(q + 8);
		r->ptid = (pid_t)get32(q + 12);
		r->time = get64(q + 16);
		break;
	case PERF_RECORD_LOST:
		if (end - q < 16)
			break;
		r->kind = PERF_REC_LOST;
		r->lost = get64(q + 8);
		/* sample_id_all: pid, tid, time */
		if (end - q >= 32)
			r->time = get64(q + 24);
		break;
	case PERF_RECORD_LOST_SAMPLES:
		if (end - q < 8)
			break;
		r->kind = PERF_REC_LOST;
		r->lost = get64(q);
		if (end - q >= 24)
			r->time = get64(q + 16);
		break;
	default:
		break;
	}
	c->reclen = h.size;
	c->have = 1;
	return 0;
}

int perf_round(struct perf *p, uint64_t limit,
	       void (*fn)(void *arg, const struct perf_rec *r), void *arg)
{
	int more = 0;

	for (size_t i = 0; i < p->ncpu; i++) {
		struct perf_cpu *c = &p->cpu[i];
		c->head =
			__atomic_load_n(&c->meta->data_head, __ATOMIC_ACQUIRE);
	}
	for (;;) {
		struct perf_cpu *best = NULL;
		for (size_t i = 0; i < p->ncpu; i++) {
			struct perf_cpu *c = &p->cpu[i];
			if (peek(p, c) < 0)
				continue;
			if (!best || c->rec.time < best->rec.time)
				best = c;
		}
		if (!best)
			break;
		if (best->rec.time >= limit) {
			more = 1;
			break;
		}
		fn(arg, &best->rec);
		best->tail += best->reclen;
		best->have = 0;
	}
	for (size_t i = 0; i < p->ncpu; i++) {
		struct perf_cpu *c = &p->cpu[i];
		if (c->tail != c->done) {
			/* the kernel may reuse what was read */
			__atomic_store_n(&c->meta->data_tail, c->tail,
					 __ATOMIC_RELEASE);
			c->done = c->tail;
		}
	}
	return more;
}

size_t perf_ncpu(struct perf *p)
{
	return p->ncpu;
}

int perf_cpu_fd(struct perf *p, size_t i, int *cpu)
{
	*cpu = p->cpu[i].cpu;
	return p->cpu[i].fd;
}
