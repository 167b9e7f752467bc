/*
 * kernel.h: kernel ABI definitions newer than Debian 12's linux-libc-dev
 * (6.1), which st-run and st-record use on the kernels they run on (each
 * probed at run time). Each is guarded so that newer headers win, and
 * each says which kernel brought it.
 */
#ifndef ST_KERNEL_H
#define ST_KERNEL_H

#include <stdint.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>

/*
 * The ruleset attribute as of Landlock ABI 6. The 6.1 header has only
 * handled_access_fs; the kernel reads as many bytes as the size given, so
 * st-run passes the size of the fields the probed ABI knows.
 */
struct st_landlock_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 (Linux 6.7) */
	uint64_t scoped;	     /* ABI 6 (Linux 6.12) */
};

/* ABI 3 (Linux 6.2): truncate(2), ftruncate and O_TRUNC need a right. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
/* ABI 5 (Linux 6.10): ioctl on character and block devices. */
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

/* ABI 4 (Linux 6.7): TCP bind and connect by port. */
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#endif
#ifndef LANDLOCK_ACCESS_NET_CONNECT_TCP
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_RULE_NET_PORT
#define LANDLOCK_RULE_NET_PORT 2
/* The rule of LANDLOCK_RULE_NET_PORT (packed, as the kernel's). */
struct landlock_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));
#endif

/* ABI 6 (Linux 6.12): scoping of abstract unix sockets and signals. */
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/*
 * ABI 7 (Linux 6.15): Landlock logs its denials through audit. By default
 * it logs those of the program that made the domain until it execs, not
 * those of the programs it execs; st-run confines what it execs.
 */
#ifndef LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON
#define LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON (1U << 1)
#endif
/* Their audit record types (Linux 6.15; linux/audit.h of 6.1 lacks them). */
#ifndef AUDIT_LANDLOCK_ACCESS
#define AUDIT_LANDLOCK_ACCESS 1423
#endif
#ifndef AUDIT_LANDLOCK_DOMAIN
#define AUDIT_LANDLOCK_DOMAIN 1424
#endif

/* Linux 5.0 has these; listed for older headers only. */
#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

/*
 * Linux 5.19: a task whose notification st-record has received waits for
 * the answer without being interrupted by signals it handles. Otherwise
 * such a signal ends the wait, and a call that never fails with EINTR
 * (fork, say) does, as a shell's "Cannot fork".
 */
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/*
 * Linux 6.6: ask the kernel to wake the task on the supervisor's CPU when
 * the supervisor answers, and the supervisor on the task's CPU when a
 * notification arrives: the two alternate instead of migrating, which
 * roughly halves the cost of each notification (st-record).
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

#endif
