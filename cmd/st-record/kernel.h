/*
 * kernel.h: the kernel constants st-record needs that Debian 12's
 * linux-libc-dev (6.1) headers lack. They are part of the kernel's stable
 * ABI; defining them here lets st-record build on Debian 12 and use the
 * newer features when the running kernel has them (probed at run time).
 */
#ifndef ST_RECORD_KERNEL_H
#define ST_RECORD_KERNEL_H

#include <linux/seccomp.h>

/*
 * Linux 6.6: ask the kernel to wake the task on the supervisor's CPU when
 * the supervisor answers, and the supervisor on the task's CPU when a
 * notification arrives: the two alternate instead of migrating, which
 * roughly halves the cost of each notification.
 */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

#endif
