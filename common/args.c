/* args.c: the argument table, the printed forms of values, the aliases. */

/*
 * PRINTED FORMS
 *
 * st-record prints each argument value in one canonical spelling
 * (args_format); rules compare against these strings, and st-run turns
 * the integer forms back into a value and a mask (args_parse): a call's
 * argument x matches when (x & mask) == value. args_parse accepts the
 * canonical spelling, and also numbers where names would be printed, in
 * the notation the type uses for values without a name: "0x5401" as well
 * as "TCGETS", "9" as well as "SIGKILL", "-100" as well as "AT_FDCWD",
 * named bits inside the hexadecimal part of prot, flags and oflags
 * ("0x3" as well as "PROT_READ|PROT_WRITE"), so that a log written before
 * a name was known stays readable. Nothing else is accepted: no spaces,
 * no other letter case, no leading zeros, no "+", no repeated or reordered
 * parts, no bit given twice.
 *
 * Numbers are those of x86-64, which i386 shares for all of these.
 *
 * The mask covers the bits the kernel reads: the low 32 bits for
 * arguments the kernel declares int or unsigned int (so that a program
 * cannot slip past a rule with junk in the upper half of a register),
 * narrower where stated below.
 *
 * oflags (open, openat, openat2, open_by_handle_at)
 *	The access mode, "ro" (O_RDONLY), "wo" (O_WRONLY), "rw" (O_RDWR) or
 *	"io" (access mode 3, which Linux reserves for opening a device for
 *	ioctl(2) only), followed by one letter per flag, in this order:
 *	    a O_APPEND     c O_CREAT      t O_TRUNC      x O_EXCL
 *	    d O_DIRECTORY  f O_NOFOLLOW   p O_PATH       T O_TMPFILE
 *	O_WRONLY|O_CREAT|O_TRUNC is "woct", O_RDWR|O_TMPFILE is "rwT"
 *	(O_TMPFILE contains O_DIRECTORY, so "d" is not printed with "T").
 *	Other flags (O_CLOEXEC, O_NONBLOCK, O_LARGEFILE, O_NOCTTY, O_SYNC,
 *	...) are neither printed nor compared: the mask covers the access
 *	mode and the lettered bits only, so "ro" matches
 *	O_RDONLY|O_CLOEXEC. The one compared bit that can lack a letter,
 *	O_TMPFILE's own bit without O_DIRECTORY (the kernel refuses it),
 *	prints as a hexadecimal tail: "rw|0x400000".
 *
 * mode (open, openat, openat2, creat, mkdir, mkdirat, mknod, mknodat,
 * chmod, fchmod, fchmodat, fchmodat2, umask)
 *	Octal: "0" and at least three more digits: "0644", "04755", "0000";
 *	mknod's file type bits show: "0100644". Up to 0177777; the mask is
 *	0177777 (the kernel's umode_t).
 *
 * sockdom (socket, socketpair)
 *	AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET, ... (every AF_
 *	name of <sys/socket.h>, AF_UNIX and AF_NETLINK rather than their
 *	synonyms AF_LOCAL, AF_FILE and AF_ROUTE); otherwise signed decimal.
 *
 * socktype (socket, socketpair)
 *	SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SOCK_RDM, SOCK_SEQPACKET,
 *	SOCK_DCCP, SOCK_PACKET; otherwise decimal (0 to 15). Only the type
 *	is printed and compared (mask 0xf): SOCK_NONBLOCK and SOCK_CLOEXEC
 *	are not.
 *
 * signame (kill, tkill, tgkill, rt_sigaction, rt_sigqueueinfo,
 * rt_tgsigqueueinfo, pidfd_send_signal, sigaction, signal)
 *	SIGHUP ... SIGSYS (1 to 31, one name each: SIGABRT not SIGIOT,
 *	SIGIO not SIGPOLL, SIGCHLD), SIGRTMIN (32), SIGRTMIN+1 ...
 *	SIGRTMIN+31 (33 to 63), SIGRTMAX (64), numbered as the kernel
 *	numbers them: glibc keeps two real-time signals for itself, so the
 *	SIGRTMIN of a C program is SIGRTMIN+2 here. 0 and other numbers:
 *	signed decimal.
 *
 * cmd (fcntl, fcntl64)
 *	F_DUPFD, F_GETFD, ..., F_SETLK, F_OFD_SETLK, F_SETPIPE_SZ,
 *	F_ADD_SEALS, ..., and i386's F_GETLK64, F_SETLK64, F_SETLKW64 (12
 *	to 14); otherwise unsigned decimal.
 *
 * request (ioctl)
 *	The name of the request where known (TCGETS, TIOCGWINSZ, FIONREAD,
 *	FIOCLEX, FICLONE, SIOCGIFINDEX, BLKGETSIZE64, ...; one name per
 *	number: FIONREAD rather than TIOCINQ or SIOCINQ, TIOCOUTQ rather
 *	than SIOCOUTQ); otherwise "0x" and lowercase hexadecimal: "0x1234".
 *	The kernel's request is an unsigned int: 32 bits are compared.
 *
 * option (prctl)
 *	PR_SET_NAME, PR_SET_NO_NEW_PRIVS, ...; otherwise signed decimal.
 *
 * prot (mmap, mmap2, mprotect, pkey_mprotect)
 *	PROT_READ, PROT_WRITE, PROT_EXEC, PROT_SEM, PROT_GROWSDOWN,
 *	PROT_GROWSUP, in this order, joined with "|", then the bits without
 *	a name as one hexadecimal part ("PROT_READ|0x10"); 0 is "PROT_NONE".
 *	All 64 bits are compared (the kernel's prot is an unsigned long).
 *
 * flags (clone, clone3, unshare, setns)
 *	The CLONE_ names in the order of their bits (CLONE_NEWTIME,
 *	CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD, ...,
 *	CLONE_IO, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP) joined with "|",
 *	then the bits without a name as one hexadecimal part, then clone's
 *	exit signal (the low byte) as a signame: fork() is
 *	"CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD", a thread
 *	"CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|
 *	CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID".
 *	0 is "0". A low byte of 0x80 prints as CLONE_NEWTIME (the flag of
 *	clone3 and unshare; no exit signal has that number), other low bytes
 *	above 64 join the hexadecimal part. clone() reads only the low 32
 *	bits, so only they are compared, unless the value has higher bits
 *	(clone3's 64-bit flags): then all 64 are.
 *
 * uid, gid (setuid, setreuid, setresuid, setfsuid, chown, lchown,
 * fchown, fchownat, the i386 *32 calls, and the gid twins)
 *	Unsigned decimal; 4294967295, which is (uid_t)-1 and means
 *	"unchanged" to setresuid and chown, prints as "-1".
 *
 * fd (read, write, close, mmap, ioctl, fcntl, bind, ...)
 *	Signed decimal; -100 prints as "AT_FDCWD". fd[1] is the new
 *	descriptor of dup2 and dup3 and the input of sendfile.
 *
 * sockaddr (bind, connect, sendto)
 *	inet-[127.0.0.1]:13       AF_INET: address (inet_ntop), port
 *	inet6-[::1]:22            AF_INET6, inet_ntop's spelling
 *	inet6-[fe80::1%2]:22      with a scope (interface index) when not 0
 *	unix-/run/x.sock          AF_UNIX path: the bytes up to the first
 *	                          NUL; a relative path starting with "@"
 *	                          prints as "./@..."
 *	unix-@name                abstract name: the bytes after the leading
 *	                          NUL, as many as the length says (NULs
 *	                          included: the log's quoting shows them)
 *	unix-                     unnamed (only the family)
 *	family(16)                any other family, by number; also an
 *	                          inet or inet6 address shorter than its
 *	                          structure
 *	family(-1)                an address shorter than its family field
 *	args_parse_sockaddr gives the family and the port of these forms
 *	(no port: -1); an inet or inet6 address must be spelled as
 *	inet_ntop spells it.
 *
 * THE CALLS AND THEIR ARGUMENTS (the table "calls" below)
 *
 * filename is the path a call acts on, as the process resolves it
 * (relative to the dirfd argument for the *at calls). filename[1] is the
 * second path: the new name of rename, renameat and renameat2, the new
 * link of link and linkat (filename is the existing file), put_old of
 * pivot_root, the destination of move_mount. symlink and symlinkat have
 * string, the target text, and filename, the link. mount's filename is
 * its target, quotactl's the device. creat has mode and no oflags: it
 * is open with O_WRONLY|O_CREAT|O_TRUNC, and always fswrite. accept,
 * accept4, getsockname, getpeername and recvfrom have no sockaddr: their
 * address is an output. setns has fd and, as flags, the namespace type.
 * socketcall, and every call not in the table, has no named argument.
 *
 * Register positions are those of x86-64, and of i386 for the calls it
 * has under the same name, with two exceptions that the table does not
 * describe: i386's mmap (old_mmap, whose arguments are in a structure)
 * and fanotify_mark (whose 64-bit mask takes two registers). i386's
 * 16-bit setuid, chown and the like have "-1" as 65535.
 *
 * ALIASES (alias_table)
 *
 * fsread: open, openat and openat2 without write intent; access,
 * faccessat, faccessat2, fstatat64, getxattr, getxattrat, lgetxattr,
 * listxattr, listxattrat, llistxattr, lstat, lstat64, newfstatat,
 * readlink, readlinkat, stat, stat64, statfs, statfs64, statx.
 *
 * fswrite: open, openat and openat2 with write intent (O_WRONLY, O_RDWR,
 * access mode 3, O_CREAT, O_TRUNC or O_TMPFILE); chmod, chown, chown32,
 * creat, fchmodat, fchmodat2, fchownat, futimesat, lchown, lchown32,
 * link, linkat, mkdir, mkdirat, mknod, mknodat, rename, renameat,
 * renameat2, rmdir, symlink, symlinkat, truncate, truncate64, unlink,
 * unlinkat, utime, utimensat, utimensat_time64, utimes.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

/* PROT_SEM is only in the kernel's header, which has all the PROT_. */
#include <linux/mman.h>
#include <linux/sched.h>

/* struct termios2, which TCGETS2 and its kin measure; before ioctl.h. */
#include <asm/termbits.h>
#include <sys/ioctl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/if_tun.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <linux/loop.h>
#include <linux/nsfs.h>
#include <linux/perf_event.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/rtc.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <linux/userfaultfd.h>
#include <linux/vt.h>
#include <linux/watchdog.h>

#include "args.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Argument names. The specs below point to these very strings, so that
 * callers may compare names by pointer once they hold an args_names entry.
 */
static const char n_filename[] = "filename";
static const char n_string[] = "string";
static const char n_oflags[] = "oflags";
static const char n_mode[] = "mode";
static const char n_sockaddr[] = "sockaddr";
static const char n_sockdom[] = "sockdom";
static const char n_socktype[] = "socktype";
static const char n_signame[] = "signame";
static const char n_cmd[] = "cmd";
static const char n_request[] = "request";
static const char n_option[] = "option";
static const char n_prot[] = "prot";
static const char n_flags[] = "flags";
static const char n_uid[] = "uid";
static const char n_gid[] = "gid";
static const char n_fd[] = "fd";

const char *const args_names[] = {
	n_filename, n_string,  n_oflags, n_mode,    n_sockaddr, n_sockdom,
	n_socktype, n_signame, n_cmd,	 n_request, n_option,	n_prot,
	n_flags,    n_uid,     n_gid,	 n_fd,	    NULL,
};

/* The name of each type, indexed by enum arg_type. */
static const char *const type_names[] = {
	[ARGT_PATH] = n_filename,     [ARGT_STRING] = n_string,
	[ARGT_SOCKADDR] = n_sockaddr, [ARGT_OFLAGS] = n_oflags,
	[ARGT_MODE] = n_mode,	      [ARGT_SOCKDOM] = n_sockdom,
	[ARGT_SOCKTYPE] = n_socktype, [ARGT_SIGNAL] = n_signame,
	[ARGT_FCNTL] = n_cmd,	      [ARGT_IOCTL] = n_request,
	[ARGT_PRCTL] = n_option,      [ARGT_PROT] = n_prot,
	[ARGT_CLONE] = n_flags,	      [ARGT_UID] = n_uid,
	[ARGT_GID] = n_gid,	      [ARGT_FD] = n_fd,
};

int args_type_is_int(enum arg_type t)
{
	return t >= ARGT_OFLAGS && t <= ARGT_FD;
}

const char *args_type_name(enum arg_type t)
{
	if ((unsigned)t >= NELEM(type_names))
		return "?";
	return type_names[t];
}

int args_name_known(const char *name, enum arg_type *type)
{
	for (unsigned t = 0; t < NELEM(type_names); t++) {
		if (strcmp(name, type_names[t]) == 0) {
			if (type)
				*type = (enum arg_type)t;
			return 1;
		}
	}
	return 0;
}

/*
 * THE CALL TABLE
 *
 * Register positions are those of x86-64 (and of i386 where the call
 * exists there under the same name with the same layout). Arguments are
 * listed in register order, those inside a structure last.
 */
#define SPEC(nm, i, t, r, d, l)                                            \
	{                                                                  \
		.name = nm, .idx = i, .type = t, .reg = r, .dirfd_reg = d, \
		.len_reg = l                                               \
	}
#define PATH(r)		 SPEC(n_filename, 0, ARGT_PATH, r, ARG_NO_DIRFD, -1)
#define PATHAT(r, d)	 SPEC(n_filename, 0, ARGT_PATH, r, d, -1)
#define PATH1(r)	 SPEC(n_filename, 1, ARGT_PATH, r, ARG_NO_DIRFD, -1)
#define PATH1AT(r, d)	 SPEC(n_filename, 1, ARGT_PATH, r, d, -1)
#define STRING(r)	 SPEC(n_string, 0, ARGT_STRING, r, ARG_NO_DIRFD, -1)
#define SOCKADDR(r, l)	 SPEC(n_sockaddr, 0, ARGT_SOCKADDR, r, ARG_NO_DIRFD, l)
#define INT(nm, i, t, r) SPEC(nm, i, t, r, ARG_NO_DIRFD, -1)
#define OFLAGS(r)	 INT(n_oflags, 0, ARGT_OFLAGS, r)
#define MODE(r)		 INT(n_mode, 0, ARGT_MODE, r)
#define SOCKDOM(r)	 INT(n_sockdom, 0, ARGT_SOCKDOM, r)
#define SOCKTYPE(r)	 INT(n_socktype, 0, ARGT_SOCKTYPE, r)
#define SIGNAME(r)	 INT(n_signame, 0, ARGT_SIGNAL, r)
#define CMD(r)		 INT(n_cmd, 0, ARGT_FCNTL, r)
#define REQUEST(r)	 INT(n_request, 0, ARGT_IOCTL, r)
#define OPTION(r)	 INT(n_option, 0, ARGT_PRCTL, r)
#define PROT(r)		 INT(n_prot, 0, ARGT_PROT, r)
#define FLAGS(r)	 INT(n_flags, 0, ARGT_CLONE, r)
#define UID(i, r)	 INT(n_uid, i, ARGT_UID, r)
#define GID(i, r)	 INT(n_gid, i, ARGT_GID, r)
#define FD(i, r)	 INT(n_fd, i, ARGT_FD, r)

/* Argument lists, named for what they hold; a_pathat1: path in 1, dirfd 0 */
static const struct arg_spec a_path0[] = {PATH(0)};
static const struct arg_spec a_pathat1[] = {PATHAT(1, 0)};
static const struct arg_spec a_path1[] = {PATH(1)};
static const struct arg_spec a_fd0[] = {FD(0, 0)};
static const struct arg_spec a_fd01[] = {FD(0, 0), FD(1, 1)};
static const struct arg_spec a_path_mode[] = {PATH(0), MODE(1)};
static const struct arg_spec a_pathat_mode[] = {PATHAT(1, 0), MODE(2)};
static const struct arg_spec a_path_path[] = {PATH(0), PATH1(1)};
static const struct arg_spec a_pathat_pathat[] = {PATHAT(1, 0), PATH1AT(3, 2)};
static const struct arg_spec a_chown[] = {PATH(0), UID(0, 1), GID(0, 2)};
static const struct arg_spec a_fchown[] = {FD(0, 0), UID(0, 1), GID(0, 2)};
static const struct arg_spec a_fchownat[] = {PATHAT(1, 0), UID(0, 2),
					     GID(0, 3)};
static const struct arg_spec a_fchmod[] = {FD(0, 0), MODE(1)};
static const struct arg_spec a_open[] = {PATH(0), OFLAGS(1), MODE(2)};
static const struct arg_spec a_openat[] = {PATHAT(1, 0), OFLAGS(2), MODE(3)};
static const struct arg_spec a_openat2[] = {PATHAT(1, 0), OFLAGS(ARG_IN_STRUCT),
					    MODE(ARG_IN_STRUCT)};
static const struct arg_spec a_oflags2[] = {OFLAGS(2)};
static const struct arg_spec a_mode0[] = {MODE(0)};
static const struct arg_spec a_symlink[] = {STRING(0), PATH(1)};
static const struct arg_spec a_symlinkat[] = {STRING(0), PATHAT(2, 1)};
static const struct arg_spec a_sockaddr[] = {FD(0, 0), SOCKADDR(1, 2)};
static const struct arg_spec a_sendto[] = {FD(0, 0), SOCKADDR(4, 5)};
static const struct arg_spec a_socket[] = {SOCKDOM(0), SOCKTYPE(1)};
static const struct arg_spec a_sig0[] = {SIGNAME(0)};
static const struct arg_spec a_sig1[] = {SIGNAME(1)};
static const struct arg_spec a_sig2[] = {SIGNAME(2)};
static const struct arg_spec a_fcntl[] = {FD(0, 0), CMD(1)};
static const struct arg_spec a_ioctl[] = {FD(0, 0), REQUEST(1)};
static const struct arg_spec a_prctl[] = {OPTION(0)};
static const struct arg_spec a_mmap[] = {PROT(2), FD(0, 4)};
static const struct arg_spec a_prot2[] = {PROT(2)};
static const struct arg_spec a_clone[] = {FLAGS(0)};
static const struct arg_spec a_clone3[] = {FLAGS(ARG_IN_STRUCT)};
static const struct arg_spec a_setns[] = {FD(0, 0), FLAGS(1)};
static const struct arg_spec a_uid0[] = {UID(0, 0)};
static const struct arg_spec a_uid01[] = {UID(0, 0), UID(1, 1)};
static const struct arg_spec a_uid012[] = {UID(0, 0), UID(1, 1), UID(2, 2)};
static const struct arg_spec a_gid0[] = {GID(0, 0)};
static const struct arg_spec a_gid01[] = {GID(0, 0), GID(1, 1)};
static const struct arg_spec a_gid012[] = {GID(0, 0), GID(1, 1), GID(2, 2)};
/* fanotify_mark(fd, flags, mask, dirfd, path): x86-64's registers */
static const struct arg_spec a_fanotify_mark[] = {PATHAT(4, 3)};

#define CALL(nm, a)                                      \
	{                                                \
		.sys = #nm, .args = a, .nargs = NELEM(a) \
	}

/* Sorted by name (strcmp), for the binary search of args_of. */
static const struct call_args calls[] = {
	CALL(_llseek, a_fd0),
	CALL(accept, a_fd0),
	CALL(accept4, a_fd0),
	CALL(access, a_path0),
	CALL(acct, a_path0),
	CALL(bind, a_sockaddr),
	CALL(chdir, a_path0),
	CALL(chmod, a_path_mode),
	CALL(chown, a_chown),
	CALL(chown32, a_chown),
	CALL(chroot, a_path0),
	CALL(clone, a_clone),
	CALL(clone3, a_clone3),
	CALL(close, a_fd0),
	CALL(connect, a_sockaddr),
	CALL(creat, a_path_mode),
	CALL(dup, a_fd0),
	CALL(dup2, a_fd01),
	CALL(dup3, a_fd01),
	CALL(execve, a_path0),
	CALL(execveat, a_pathat1),
	CALL(faccessat, a_pathat1),
	CALL(faccessat2, a_pathat1),
	CALL(fadvise64, a_fd0),
	CALL(fallocate, a_fd0),
	CALL(fanotify_mark, a_fanotify_mark),
	CALL(fchdir, a_fd0),
	CALL(fchmod, a_fchmod),
	CALL(fchmodat, a_pathat_mode),
	CALL(fchmodat2, a_pathat_mode),
	CALL(fchown, a_fchown),
	CALL(fchown32, a_fchown),
	CALL(fchownat, a_fchownat),
	CALL(fcntl, a_fcntl),
	CALL(fcntl64, a_fcntl),
	CALL(fdatasync, a_fd0),
	CALL(fgetxattr, a_fd0),
	CALL(flistxattr, a_fd0),
	CALL(flock, a_fd0),
	CALL(fremovexattr, a_fd0),
	CALL(fsetxattr, a_fd0),
	CALL(fspick, a_pathat1),
	CALL(fstat, a_fd0),
	CALL(fstat64, a_fd0),
	CALL(fstatat64, a_pathat1),
	CALL(fstatfs, a_fd0),
	CALL(fstatfs64, a_fd0),
	CALL(fsync, a_fd0),
	CALL(ftruncate, a_fd0),
	CALL(ftruncate64, a_fd0),
	CALL(futimesat, a_pathat1),
	CALL(getdents, a_fd0),
	CALL(getdents64, a_fd0),
	CALL(getpeername, a_fd0),
	CALL(getsockname, a_fd0),
	CALL(getsockopt, a_fd0),
	CALL(getxattr, a_path0),
	CALL(getxattrat, a_pathat1),
	CALL(inotify_add_watch, a_path1),
	CALL(ioctl, a_ioctl),
	CALL(kill, a_sig1),
	CALL(lchown, a_chown),
	CALL(lchown32, a_chown),
	CALL(lgetxattr, a_path0),
	CALL(link, a_path_path),
	CALL(linkat, a_pathat_pathat),
	CALL(listen, a_fd0),
	CALL(listxattr, a_path0),
	CALL(listxattrat, a_pathat1),
	CALL(llistxattr, a_path0),
	CALL(lremovexattr, a_path0),
	CALL(lseek, a_fd0),
	CALL(lsetxattr, a_path0),
	CALL(lstat, a_path0),
	CALL(lstat64, a_path0),
	CALL(mkdir, a_path_mode),
	CALL(mkdirat, a_pathat_mode),
	CALL(mknod, a_path_mode),
	CALL(mknodat, a_pathat_mode),
	CALL(mmap, a_mmap),
	CALL(mmap2, a_mmap),
	CALL(mount, a_path1),
	CALL(mount_setattr, a_pathat1),
	CALL(move_mount, a_pathat_pathat),
	CALL(mprotect, a_prot2),
	CALL(name_to_handle_at, a_pathat1),
	CALL(newfstatat, a_pathat1),
	CALL(open, a_open),
	CALL(open_by_handle_at, a_oflags2),
	CALL(open_tree, a_pathat1),
	CALL(open_tree_attr, a_pathat1),
	CALL(openat, a_openat),
	CALL(openat2, a_openat2),
	CALL(pidfd_send_signal, a_sig1),
	CALL(pivot_root, a_path_path),
	CALL(pkey_mprotect, a_prot2),
	CALL(prctl, a_prctl),
	CALL(pread64, a_fd0),
	CALL(preadv, a_fd0),
	CALL(preadv2, a_fd0),
	CALL(pwrite64, a_fd0),
	CALL(pwritev, a_fd0),
	CALL(pwritev2, a_fd0),
	CALL(quotactl, a_path1),
	CALL(read, a_fd0),
	CALL(readahead, a_fd0),
	CALL(readdir, a_fd0),
	CALL(readlink, a_path0),
	CALL(readlinkat, a_pathat1),
	CALL(readv, a_fd0),
	CALL(recvfrom, a_fd0),
	CALL(recvmmsg, a_fd0),
	CALL(recvmmsg_time64, a_fd0),
	CALL(recvmsg, a_fd0),
	CALL(removexattr, a_path0),
	CALL(removexattrat, a_pathat1),
	CALL(rename, a_path_path),
	CALL(renameat, a_pathat_pathat),
	CALL(renameat2, a_pathat_pathat),
	CALL(rmdir, a_path0),
	CALL(rt_sigaction, a_sig0),
	CALL(rt_sigqueueinfo, a_sig1),
	CALL(rt_tgsigqueueinfo, a_sig2),
	CALL(sendfile, a_fd01),
	CALL(sendfile64, a_fd01),
	CALL(sendmmsg, a_fd0),
	CALL(sendmsg, a_fd0),
	CALL(sendto, a_sendto),
	CALL(setfsgid, a_gid0),
	CALL(setfsgid32, a_gid0),
	CALL(setfsuid, a_uid0),
	CALL(setfsuid32, a_uid0),
	CALL(setgid, a_gid0),
	CALL(setgid32, a_gid0),
	CALL(setns, a_setns),
	CALL(setregid, a_gid01),
	CALL(setregid32, a_gid01),
	CALL(setresgid, a_gid012),
	CALL(setresgid32, a_gid012),
	CALL(setresuid, a_uid012),
	CALL(setresuid32, a_uid012),
	CALL(setreuid, a_uid01),
	CALL(setreuid32, a_uid01),
	CALL(setsockopt, a_fd0),
	CALL(setuid, a_uid0),
	CALL(setuid32, a_uid0),
	CALL(setxattr, a_path0),
	CALL(setxattrat, a_pathat1),
	CALL(shutdown, a_fd0),
	CALL(sigaction, a_sig0),
	CALL(signal, a_sig0),
	CALL(socket, a_socket),
	CALL(socketpair, a_socket),
	CALL(stat, a_path0),
	CALL(stat64, a_path0),
	CALL(statfs, a_path0),
	CALL(statfs64, a_path0),
	CALL(statx, a_pathat1),
	CALL(swapoff, a_path0),
	CALL(swapon, a_path0),
	CALL(symlink, a_symlink),
	CALL(symlinkat, a_symlinkat),
	CALL(sync_file_range, a_fd0),
	CALL(syncfs, a_fd0),
	CALL(tgkill, a_sig2),
	CALL(tkill, a_sig1),
	CALL(truncate, a_path0),
	CALL(truncate64, a_path0),
	CALL(umask, a_mode0),
	CALL(umount, a_path0),
	CALL(umount2, a_path0),
	CALL(unlink, a_path0),
	CALL(unlinkat, a_pathat1),
	CALL(unshare, a_clone),
	CALL(uselib, a_path0),
	CALL(utime, a_path0),
	CALL(utimensat, a_pathat1),
	CALL(utimensat_time64, a_pathat1),
	CALL(utimes, a_path0),
	CALL(write, a_fd0),
	CALL(writev, a_fd0),
};

const struct call_args *args_of(const char *sys)
{
	size_t lo = 0, hi = NELEM(calls);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sys, calls[mid].sys);
		if (c == 0)
			return &calls[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct arg_spec *args_find(const char *sys, const char *name,
				 unsigned idx)
{
	const struct call_args *ca = args_of(sys);

	if (!ca)
		return NULL;
	for (unsigned i = 0; i < ca->nargs; i++) {
		const struct arg_spec *a = &ca->args[i];
		if (a->idx == idx &&
		    (a->name == name || !strcmp(a->name, name)))
			return a;
	}
	return NULL;
}

/*
 * THE VALUE TABLES
 *
 * Every number from a header, by its name. One name per number: where
 * headers give synonyms, the table keeps one.
 */
struct name_val {
	uint64_t val;
	const char *name;
};
#define NV(x)                     \
	{                         \
		(uint64_t)(x), #x \
	}

static const struct name_val sockdoms[] = {
	NV(AF_UNSPEC),	   NV(AF_UNIX),	     NV(AF_INET),     NV(AF_AX25),
	NV(AF_IPX),	   NV(AF_APPLETALK), NV(AF_NETROM),   NV(AF_BRIDGE),
	NV(AF_ATMPVC),	   NV(AF_X25),	     NV(AF_INET6),    NV(AF_ROSE),
	NV(AF_DECnet),	   NV(AF_NETBEUI),   NV(AF_SECURITY), NV(AF_KEY),
	NV(AF_NETLINK),	   NV(AF_PACKET),    NV(AF_ASH),      NV(AF_ECONET),
	NV(AF_ATMSVC),	   NV(AF_RDS),	     NV(AF_SNA),      NV(AF_IRDA),
	NV(AF_PPPOX),	   NV(AF_WANPIPE),   NV(AF_LLC),      NV(AF_IB),
	NV(AF_MPLS),	   NV(AF_CAN),	     NV(AF_TIPC),     NV(AF_BLUETOOTH),
	NV(AF_IUCV),	   NV(AF_RXRPC),     NV(AF_ISDN),     NV(AF_PHONET),
	NV(AF_IEEE802154), NV(AF_CAIF),	     NV(AF_ALG),      NV(AF_NFC),
	NV(AF_VSOCK),	   NV(AF_KCM),	     NV(AF_QIPCRTR),  NV(AF_SMC),
	NV(AF_XDP),
#ifdef AF_MCTP
	NV(AF_MCTP),
#endif
};

/* The kernel's SOCK_TYPE_MASK, which no user-space header exports. */
#define SOCKTYPE_MASK 0xfu

static const struct name_val socktypes[] = {
	NV(SOCK_STREAM),    NV(SOCK_DGRAM), NV(SOCK_RAW),    NV(SOCK_RDM),
	NV(SOCK_SEQPACKET), NV(SOCK_DCCP),  NV(SOCK_PACKET),
};

/*
 * The kernel numbers real-time signals from 32 to 64; glibc's SIGRTMIN
 * and SIGRTMAX are functions (34 and 64), its __SIGRTMIN and __SIGRTMAX
 * are the kernel's numbers.
 */
#define KSIGRTMIN __SIGRTMIN
#define KSIGRTMAX __SIGRTMAX

#define SIGN(x) [x] = #x
static const char *const signames[KSIGRTMIN] = {
	SIGN(SIGHUP),  SIGN(SIGINT),	SIGN(SIGQUIT), SIGN(SIGILL),
	SIGN(SIGTRAP), SIGN(SIGABRT),	SIGN(SIGBUS),  SIGN(SIGFPE),
	SIGN(SIGKILL), SIGN(SIGUSR1),	SIGN(SIGSEGV), SIGN(SIGUSR2),
	SIGN(SIGPIPE), SIGN(SIGALRM),	SIGN(SIGTERM), SIGN(SIGSTKFLT),
	SIGN(SIGCHLD), SIGN(SIGCONT),	SIGN(SIGSTOP), SIGN(SIGTSTP),
	SIGN(SIGTTIN), SIGN(SIGTTOU),	SIGN(SIGURG),  SIGN(SIGXCPU),
	SIGN(SIGXFSZ), SIGN(SIGVTALRM), SIGN(SIGPROF), SIGN(SIGWINCH),
	SIGN(SIGIO),   SIGN(SIGPWR),	SIGN(SIGSYS),
};

/*
 * i386's fcntl64 commands for struct flock64. The x86-64 headers define
 * F_GETLK64 as F_GETLK (5), so the i386 numbers cannot come from them.
 */
#define I386_F_GETLK64	12
#define I386_F_SETLK64	13
#define I386_F_SETLKW64 14

static const struct name_val fcntls[] = {
	NV(F_DUPFD),
	NV(F_GETFD),
	NV(F_SETFD),
	NV(F_GETFL),
	NV(F_SETFL),
	NV(F_GETLK),
	NV(F_SETLK),
	NV(F_SETLKW),
	NV(F_SETOWN),
	NV(F_GETOWN),
	NV(F_SETSIG),
	NV(F_GETSIG),
	{I386_F_GETLK64, "F_GETLK64"},
	{I386_F_SETLK64, "F_SETLK64"},
	{I386_F_SETLKW64, "F_SETLKW64"},
	NV(F_SETOWN_EX),
	NV(F_GETOWN_EX),
	NV(F_OFD_GETLK),
	NV(F_OFD_SETLK),
	NV(F_OFD_SETLKW),
	NV(F_SETLEASE),
	NV(F_GETLEASE),
	NV(F_NOTIFY),
#ifdef F_DUPFD_QUERY
	NV(F_DUPFD_QUERY),
#endif
#ifdef F_CREATED_QUERY
	NV(F_CREATED_QUERY),
#endif
	NV(F_DUPFD_CLOEXEC),
	NV(F_SETPIPE_SZ),
	NV(F_GETPIPE_SZ),
	NV(F_ADD_SEALS),
	NV(F_GET_SEALS),
	NV(F_GET_RW_HINT),
	NV(F_SET_RW_HINT),
#ifdef F_GET_FILE_RW_HINT
	NV(F_GET_FILE_RW_HINT),
	NV(F_SET_FILE_RW_HINT),
#endif
};

static const struct name_val ioctls[] = {
	/* terminals: <asm/ioctls.h> */
	NV(TCGETS),
	NV(TCSETS),
	NV(TCSETSW),
	NV(TCSETSF),
	NV(TCGETA),
	NV(TCSETA),
	NV(TCSETAW),
	NV(TCSETAF),
	NV(TCSBRK),
	NV(TCXONC),
	NV(TCFLSH),
	NV(TIOCEXCL),
	NV(TIOCNXCL),
	NV(TIOCSCTTY),
	NV(TIOCGPGRP),
	NV(TIOCSPGRP),
	NV(TIOCOUTQ),
	NV(TIOCSTI),
	NV(TIOCGWINSZ),
	NV(TIOCSWINSZ),
	NV(TIOCMGET),
	NV(TIOCMBIS),
	NV(TIOCMBIC),
	NV(TIOCMSET),
	NV(TIOCGSOFTCAR),
	NV(TIOCSSOFTCAR),
	NV(FIONREAD),
	NV(TIOCLINUX),
	NV(TIOCCONS),
	NV(TIOCGSERIAL),
	NV(TIOCSSERIAL),
	NV(TIOCPKT),
	NV(FIONBIO),
	NV(TIOCNOTTY),
	NV(TIOCSETD),
	NV(TIOCGETD),
	NV(TCSBRKP),
	NV(TIOCSBRK),
	NV(TIOCCBRK),
	NV(TIOCGSID),
	NV(TCGETS2),
	NV(TCSETS2),
	NV(TCSETSW2),
	NV(TCSETSF2),
	NV(TIOCGRS485),
	NV(TIOCSRS485),
	NV(TIOCGPTN),
	NV(TIOCSPTLCK),
	NV(TIOCGDEV),
	NV(TCGETX),
	NV(TCSETX),
	NV(TCSETXF),
	NV(TCSETXW),
	NV(TIOCSIG),
	NV(TIOCVHANGUP),
	NV(TIOCGPKT),
	NV(TIOCGPTLCK),
	NV(TIOCGEXCL),
	NV(TIOCGPTPEER),
	NV(FIONCLEX),
	NV(FIOCLEX),
	NV(FIOASYNC),
	NV(TIOCSERCONFIG),
	NV(TIOCSERGWILD),
	NV(TIOCSERSWILD),
	NV(TIOCGLCKTRMIOS),
	NV(TIOCSLCKTRMIOS),
	NV(TIOCSERGSTRUCT),
	NV(TIOCSERGETLSR),
	NV(TIOCSERGETMULTI),
	NV(TIOCSERSETMULTI),
	NV(TIOCMIWAIT),
	NV(TIOCGICOUNT),
	NV(FIOQSIZE),
	/* sockets: <asm/sockios.h>, <linux/sockios.h> */
	NV(FIOSETOWN),
	NV(SIOCSPGRP),
	NV(FIOGETOWN),
	NV(SIOCGPGRP),
	NV(SIOCATMARK),
	NV(SIOCGSTAMP),
	NV(SIOCGSTAMPNS),
#ifdef SIOCGSTAMP_NEW
	NV(SIOCGSTAMP_NEW),
	NV(SIOCGSTAMPNS_NEW),
#endif
	NV(SIOCADDRT),
	NV(SIOCDELRT),
	NV(SIOCRTMSG),
	NV(SIOCGIFNAME),
	NV(SIOCSIFLINK),
	NV(SIOCGIFCONF),
	NV(SIOCGIFFLAGS),
	NV(SIOCSIFFLAGS),
	NV(SIOCGIFADDR),
	NV(SIOCSIFADDR),
	NV(SIOCGIFDSTADDR),
	NV(SIOCSIFDSTADDR),
	NV(SIOCGIFBRDADDR),
	NV(SIOCSIFBRDADDR),
	NV(SIOCGIFNETMASK),
	NV(SIOCSIFNETMASK),
	NV(SIOCGIFMETRIC),
	NV(SIOCSIFMETRIC),
	NV(SIOCGIFMEM),
	NV(SIOCSIFMEM),
	NV(SIOCGIFMTU),
	NV(SIOCSIFMTU),
	NV(SIOCSIFNAME),
	NV(SIOCSIFHWADDR),
	NV(SIOCGIFENCAP),
	NV(SIOCSIFENCAP),
	NV(SIOCGIFHWADDR),
	NV(SIOCGIFSLAVE),
	NV(SIOCSIFSLAVE),
	NV(SIOCADDMULTI),
	NV(SIOCDELMULTI),
	NV(SIOCGIFINDEX),
	NV(SIOCSIFPFLAGS),
	NV(SIOCGIFPFLAGS),
	NV(SIOCDIFADDR),
	NV(SIOCSIFHWBROADCAST),
	NV(SIOCGIFCOUNT),
	NV(SIOCGIFBR),
	NV(SIOCSIFBR),
	NV(SIOCGIFTXQLEN),
	NV(SIOCSIFTXQLEN),
	NV(SIOCETHTOOL),
	NV(SIOCGMIIPHY),
	NV(SIOCGMIIREG),
	NV(SIOCSMIIREG),
	NV(SIOCWANDEV),
	NV(SIOCOUTQNSD),
	NV(SIOCGSKNS),
	NV(SIOCDARP),
	NV(SIOCGARP),
	NV(SIOCSARP),
	NV(SIOCDRARP),
	NV(SIOCGRARP),
	NV(SIOCSRARP),
	NV(SIOCGIFMAP),
	NV(SIOCSIFMAP),
	NV(SIOCADDDLCI),
	NV(SIOCDELDLCI),
	NV(SIOCGIFVLAN),
	NV(SIOCSIFVLAN),
	NV(SIOCBONDENSLAVE),
	NV(SIOCBONDRELEASE),
	NV(SIOCBONDSETHWADDR),
	NV(SIOCBONDSLAVEINFOQUERY),
	NV(SIOCBONDINFOQUERY),
	NV(SIOCBONDCHANGEACTIVE),
	NV(SIOCBRADDBR),
	NV(SIOCBRDELBR),
	NV(SIOCBRADDIF),
	NV(SIOCBRDELIF),
	NV(SIOCSHWTSTAMP),
	NV(SIOCGHWTSTAMP),
	/* files and block devices: <linux/fs.h> */
	NV(FIBMAP),
	NV(FIGETBSZ),
	NV(FIFREEZE),
	NV(FITHAW),
	NV(FITRIM),
	NV(FICLONE),
	NV(FICLONERANGE),
	NV(FIDEDUPERANGE),
	NV(FS_IOC_GETFLAGS),
	NV(FS_IOC_SETFLAGS),
	NV(FS_IOC_GETVERSION),
	NV(FS_IOC_SETVERSION),
	NV(FS_IOC_FIEMAP),
	NV(FS_IOC32_GETFLAGS),
	NV(FS_IOC32_SETFLAGS),
	NV(FS_IOC32_GETVERSION),
	NV(FS_IOC32_SETVERSION),
	NV(FS_IOC_FSGETXATTR),
	NV(FS_IOC_FSSETXATTR),
	NV(FS_IOC_GETFSLABEL),
	NV(FS_IOC_SETFSLABEL),
#ifdef FS_IOC_GETFSUUID
	NV(FS_IOC_GETFSUUID),
#endif
#ifdef FS_IOC_GETFSSYSFSPATH
	NV(FS_IOC_GETFSSYSFSPATH),
#endif
	NV(BLKROSET),
	NV(BLKROGET),
	NV(BLKRRPART),
	NV(BLKGETSIZE),
	NV(BLKFLSBUF),
	NV(BLKRASET),
	NV(BLKRAGET),
	NV(BLKFRASET),
	NV(BLKFRAGET),
	NV(BLKSECTSET),
	NV(BLKSECTGET),
	NV(BLKSSZGET),
	NV(BLKBSZGET),
	NV(BLKBSZSET),
	NV(BLKGETSIZE64),
	NV(BLKDISCARD),
	NV(BLKIOMIN),
	NV(BLKIOOPT),
	NV(BLKALIGNOFF),
	NV(BLKPBSZGET),
	NV(BLKDISCARDZEROES),
	NV(BLKSECDISCARD),
	NV(BLKROTATIONAL),
	NV(BLKZEROOUT),
#ifdef BLKGETDISKSEQ
	NV(BLKGETDISKSEQ),
#endif
	/* loop devices: <linux/loop.h> */
	NV(LOOP_SET_FD),
	NV(LOOP_CLR_FD),
	NV(LOOP_SET_STATUS),
	NV(LOOP_GET_STATUS),
	NV(LOOP_SET_STATUS64),
	NV(LOOP_GET_STATUS64),
	NV(LOOP_CHANGE_FD),
	NV(LOOP_SET_CAPACITY),
	NV(LOOP_SET_DIRECT_IO),
	NV(LOOP_SET_BLOCK_SIZE),
	NV(LOOP_CONFIGURE),
	NV(LOOP_CTL_ADD),
	NV(LOOP_CTL_REMOVE),
	NV(LOOP_CTL_GET_FREE),
	/* tun and tap: <linux/if_tun.h> */
	NV(TUNSETNOCSUM),
	NV(TUNSETDEBUG),
	NV(TUNSETIFF),
	NV(TUNSETPERSIST),
	NV(TUNSETOWNER),
	NV(TUNSETLINK),
	NV(TUNSETGROUP),
	NV(TUNGETFEATURES),
	NV(TUNSETOFFLOAD),
	NV(TUNSETTXFILTER),
	NV(TUNGETIFF),
	NV(TUNGETSNDBUF),
	NV(TUNSETSNDBUF),
	NV(TUNATTACHFILTER),
	NV(TUNDETACHFILTER),
	NV(TUNGETVNETHDRSZ),
	NV(TUNSETVNETHDRSZ),
	NV(TUNSETQUEUE),
	NV(TUNSETIFINDEX),
	NV(TUNGETFILTER),
	NV(TUNSETVNETLE),
	NV(TUNGETVNETLE),
	NV(TUNSETVNETBE),
	NV(TUNGETVNETBE),
	NV(TUNSETSTEERINGEBPF),
	NV(TUNSETFILTEREBPF),
	NV(TUNSETCARRIER),
	NV(TUNGETDEVNETNS),
	/* namespaces: <linux/nsfs.h> */
	NV(NS_GET_USERNS),
	NV(NS_GET_PARENT),
	NV(NS_GET_NSTYPE),
	NV(NS_GET_OWNER_UID),
	/* the entropy pool: <linux/random.h> */
	NV(RNDGETENTCNT),
	NV(RNDADDTOENTCNT),
	NV(RNDGETPOOL),
	NV(RNDADDENTROPY),
	NV(RNDZAPENTCNT),
	NV(RNDCLEARPOOL),
	NV(RNDRESEEDCRNG),
	/* consoles and virtual terminals: <linux/kd.h>, <linux/vt.h> */
	NV(GIO_FONT),
	NV(PIO_FONT),
	NV(GIO_FONTX),
	NV(PIO_FONTX),
	NV(PIO_FONTRESET),
	NV(GIO_CMAP),
	NV(PIO_CMAP),
	NV(KIOCSOUND),
	NV(KDMKTONE),
	NV(KDGETLED),
	NV(KDSETLED),
	NV(KDGKBTYPE),
	NV(KDADDIO),
	NV(KDDELIO),
	NV(KDENABIO),
	NV(KDDISABIO),
	NV(KDSETMODE),
	NV(KDGETMODE),
	NV(KDMAPDISP),
	NV(KDUNMAPDISP),
	NV(GIO_SCRNMAP),
	NV(PIO_SCRNMAP),
	NV(GIO_UNISCRNMAP),
	NV(PIO_UNISCRNMAP),
	NV(GIO_UNIMAP),
	NV(PIO_UNIMAP),
	NV(PIO_UNIMAPCLR),
	NV(KDGKBMODE),
	NV(KDSKBMODE),
	NV(KDGKBENT),
	NV(KDSKBENT),
	NV(KDGKBSENT),
	NV(KDSKBSENT),
	NV(KDGKBDIACR),
	NV(KDSKBDIACR),
	NV(KDGKBDIACRUC),
	NV(KDSKBDIACRUC),
	NV(KDGETKEYCODE),
	NV(KDSETKEYCODE),
	NV(KDSIGACCEPT),
	NV(KDKBDREP),
	NV(KDGKBMETA),
	NV(KDSKBMETA),
	NV(KDGKBLED),
	NV(KDSKBLED),
	NV(KDFONTOP),
	NV(VT_OPENQRY),
	NV(VT_GETMODE),
	NV(VT_SETMODE),
	NV(VT_GETSTATE),
	NV(VT_SENDSIG),
	NV(VT_RELDISP),
	NV(VT_ACTIVATE),
	NV(VT_WAITACTIVE),
	NV(VT_DISALLOCATE),
	NV(VT_RESIZE),
	NV(VT_RESIZEX),
	NV(VT_LOCKSWITCH),
	NV(VT_UNLOCKSWITCH),
	NV(VT_GETHIFONTMASK),
	NV(VT_WAITEVENT),
	NV(VT_SETACTIVATE),
	/* input devices: <linux/input.h> (the fixed-size requests) */
	NV(EVIOCGVERSION),
	NV(EVIOCGID),
	NV(EVIOCGREP),
	NV(EVIOCSREP),
	NV(EVIOCGKEYCODE),
	NV(EVIOCSKEYCODE),
	NV(EVIOCSFF),
	NV(EVIOCRMFF),
	NV(EVIOCGEFFECTS),
	NV(EVIOCGRAB),
	NV(EVIOCREVOKE),
	NV(EVIOCSCLOCKID),
	/* real-time clocks: <linux/rtc.h> */
	NV(RTC_AIE_ON),
	NV(RTC_AIE_OFF),
	NV(RTC_UIE_ON),
	NV(RTC_UIE_OFF),
	NV(RTC_PIE_ON),
	NV(RTC_PIE_OFF),
	NV(RTC_WIE_ON),
	NV(RTC_WIE_OFF),
	NV(RTC_ALM_SET),
	NV(RTC_ALM_READ),
	NV(RTC_RD_TIME),
	NV(RTC_SET_TIME),
	NV(RTC_IRQP_READ),
	NV(RTC_IRQP_SET),
	NV(RTC_EPOCH_READ),
	NV(RTC_EPOCH_SET),
	NV(RTC_WKALM_SET),
	NV(RTC_WKALM_RD),
	/* watchdogs: <linux/watchdog.h> */
	NV(WDIOC_GETSUPPORT),
	NV(WDIOC_GETSTATUS),
	NV(WDIOC_GETBOOTSTATUS),
	NV(WDIOC_GETTEMP),
	NV(WDIOC_SETOPTIONS),
	NV(WDIOC_KEEPALIVE),
	NV(WDIOC_SETTIMEOUT),
	NV(WDIOC_GETTIMEOUT),
	NV(WDIOC_SETPRETIMEOUT),
	NV(WDIOC_GETPRETIMEOUT),
	NV(WDIOC_GETTIMELEFT),
	/* seccomp user notification: <linux/seccomp.h> */
	NV(SECCOMP_IOCTL_NOTIF_RECV),
	NV(SECCOMP_IOCTL_NOTIF_SEND),
	NV(SECCOMP_IOCTL_NOTIF_ID_VALID),
	NV(SECCOMP_IOCTL_NOTIF_ADDFD),
#ifdef SECCOMP_IOCTL_NOTIF_SET_FLAGS
	NV(SECCOMP_IOCTL_NOTIF_SET_FLAGS),
#endif
	/* userfaultfd: <linux/userfaultfd.h> */
	NV(UFFDIO_API),
	NV(UFFDIO_REGISTER),
	NV(UFFDIO_UNREGISTER),
	NV(UFFDIO_WAKE),
	NV(UFFDIO_COPY),
	NV(UFFDIO_ZEROPAGE),
	NV(UFFDIO_WRITEPROTECT),
	NV(UFFDIO_CONTINUE),
	/* perf events: <linux/perf_event.h> */
	NV(PERF_EVENT_IOC_ENABLE),
	NV(PERF_EVENT_IOC_DISABLE),
	NV(PERF_EVENT_IOC_REFRESH),
	NV(PERF_EVENT_IOC_RESET),
	NV(PERF_EVENT_IOC_PERIOD),
	NV(PERF_EVENT_IOC_SET_OUTPUT),
	NV(PERF_EVENT_IOC_SET_FILTER),
	NV(PERF_EVENT_IOC_ID),
	NV(PERF_EVENT_IOC_SET_BPF),
	NV(PERF_EVENT_IOC_PAUSE_OUTPUT),
	NV(PERF_EVENT_IOC_QUERY_BPF),
	NV(PERF_EVENT_IOC_MODIFY_ATTRIBUTES),
};

static const struct name_val prctls[] = {
	NV(PR_SET_PDEATHSIG),
	NV(PR_GET_PDEATHSIG),
	NV(PR_GET_DUMPABLE),
	NV(PR_SET_DUMPABLE),
	NV(PR_GET_UNALIGN),
	NV(PR_SET_UNALIGN),
	NV(PR_GET_KEEPCAPS),
	NV(PR_SET_KEEPCAPS),
	NV(PR_GET_FPEMU),
	NV(PR_SET_FPEMU),
	NV(PR_GET_FPEXC),
	NV(PR_SET_FPEXC),
	NV(PR_GET_TIMING),
	NV(PR_SET_TIMING),
	NV(PR_SET_NAME),
	NV(PR_GET_NAME),
	NV(PR_GET_ENDIAN),
	NV(PR_SET_ENDIAN),
	NV(PR_GET_SECCOMP),
	NV(PR_SET_SECCOMP),
	NV(PR_CAPBSET_READ),
	NV(PR_CAPBSET_DROP),
	NV(PR_GET_TSC),
	NV(PR_SET_TSC),
	NV(PR_GET_SECUREBITS),
	NV(PR_SET_SECUREBITS),
	NV(PR_SET_TIMERSLACK),
	NV(PR_GET_TIMERSLACK),
	NV(PR_TASK_PERF_EVENTS_DISABLE),
	NV(PR_TASK_PERF_EVENTS_ENABLE),
	NV(PR_MCE_KILL),
	NV(PR_MCE_KILL_GET),
	NV(PR_SET_MM),
	NV(PR_SET_PTRACER),
	NV(PR_SET_CHILD_SUBREAPER),
	NV(PR_GET_CHILD_SUBREAPER),
	NV(PR_SET_NO_NEW_PRIVS),
	NV(PR_GET_NO_NEW_PRIVS),
	NV(PR_GET_TID_ADDRESS),
	NV(PR_SET_THP_DISABLE),
	NV(PR_GET_THP_DISABLE),
	NV(PR_MPX_ENABLE_MANAGEMENT),
	NV(PR_MPX_DISABLE_MANAGEMENT),
	NV(PR_SET_FP_MODE),
	NV(PR_GET_FP_MODE),
	NV(PR_CAP_AMBIENT),
	NV(PR_SVE_SET_VL),
	NV(PR_SVE_GET_VL),
	NV(PR_GET_SPECULATION_CTRL),
	NV(PR_SET_SPECULATION_CTRL),
	NV(PR_PAC_RESET_KEYS),
	NV(PR_SET_TAGGED_ADDR_CTRL),
	NV(PR_GET_TAGGED_ADDR_CTRL),
	NV(PR_SET_IO_FLUSHER),
	NV(PR_GET_IO_FLUSHER),
	NV(PR_SET_SYSCALL_USER_DISPATCH),
	NV(PR_PAC_SET_ENABLED_KEYS),
	NV(PR_PAC_GET_ENABLED_KEYS),
	NV(PR_SCHED_CORE),
	NV(PR_SME_SET_VL),
	NV(PR_SME_GET_VL),
	NV(PR_SET_VMA),
#ifdef PR_SET_MDWE
	NV(PR_SET_MDWE),
	NV(PR_GET_MDWE),
#endif
#ifdef PR_SET_MEMORY_MERGE
	NV(PR_SET_MEMORY_MERGE),
	NV(PR_GET_MEMORY_MERGE),
#endif
#ifdef PR_GET_AUXV
	NV(PR_GET_AUXV),
#endif
#ifdef PR_GET_SHADOW_STACK_STATUS
	NV(PR_GET_SHADOW_STACK_STATUS),
	NV(PR_SET_SHADOW_STACK_STATUS),
	NV(PR_LOCK_SHADOW_STACK_STATUS),
#endif
};

/* Bit sets: one bit per entry, in increasing order. */
static const struct name_val prots[] = {
	NV(PROT_READ), NV(PROT_WRITE),	   NV(PROT_EXEC),
	NV(PROT_SEM),  NV(PROT_GROWSDOWN), NV(PROT_GROWSUP),
};

/*
 * The exit signal of clone() is the low byte (CSIGNAL); CLONE_NEWTIME
 * lives there too, for clone3 and unshare, which have no exit signal in
 * their flags.
 */
#define CLONE_SIGNAL_MASK 0xffu

static const struct name_val clones[] = {
	NV(CLONE_NEWTIME),
	NV(CLONE_VM),
	NV(CLONE_FS),
	NV(CLONE_FILES),
	NV(CLONE_SIGHAND),
	NV(CLONE_PIDFD),
	NV(CLONE_PTRACE),
	NV(CLONE_VFORK),
	NV(CLONE_PARENT),
	NV(CLONE_THREAD),
	NV(CLONE_NEWNS),
	NV(CLONE_SYSVSEM),
	NV(CLONE_SETTLS),
	NV(CLONE_PARENT_SETTID),
	NV(CLONE_CHILD_CLEARTID),
	NV(CLONE_DETACHED),
	NV(CLONE_UNTRACED),
	NV(CLONE_CHILD_SETTID),
	NV(CLONE_NEWCGROUP),
	NV(CLONE_NEWUTS),
	NV(CLONE_NEWIPC),
	NV(CLONE_NEWUSER),
	NV(CLONE_NEWPID),
	NV(CLONE_NEWNET),
	NV(CLONE_IO),
	NV(CLONE_CLEAR_SIGHAND),
	NV(CLONE_INTO_CGROUP),
};

/* The open flags that have letters, in their printed order. */
static const struct {
	char c;
	uint32_t bits;
} oletters[] = {
	{'a', O_APPEND},    {'c', O_CREAT},    {'t', O_TRUNC}, {'x', O_EXCL},
	{'d', O_DIRECTORY}, {'f', O_NOFOLLOW}, {'p', O_PATH},  {'T', O_TMPFILE},
};
#define OFLAGS_MASK                                                     \
	((uint32_t)(O_ACCMODE | O_APPEND | O_CREAT | O_TRUNC | O_EXCL | \
		    O_DIRECTORY | O_NOFOLLOW | O_PATH | O_TMPFILE))
static const char *const oaccess[] = {"ro", "wo", "rw", "io"};
/* O_TMPFILE's own bit (glibc's O_TMPFILE and __O_TMPFILE add O_DIRECTORY) */
#define TMPFILE_BIT ((uint32_t)(O_TMPFILE & ~O_DIRECTORY))

#define MODE_MASK 0177777u
#define LOW32	  0xffffffffu

static const char *name_of(const struct name_val *t, size_t n, uint64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].val == v)
			return t[i].name;
	return NULL;
}

/* Whether the n bytes at s are word. */
static int word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* The index in t of the name s[0..n), setting *v; or -1. */
static int val_of(const struct name_val *t, size_t nt, const char *s, size_t n,
		  uint64_t *v)
{
	for (size_t i = 0; i < nt; i++) {
		if (word_is(s, n, t[i].name)) {
			*v = t[i].val;
			return (int)i;
		}
	}
	return -1;
}

/*
 * FORMATTING
 */
/* How a type prints a number that has no name. */
enum numstyle { NUM_DEC, NUM_UDEC, NUM_HEX };

static void fmt_num(struct sbuf *out, uint32_t v, enum numstyle style)
{
	if (style == NUM_DEC)
		sbuf_printf(out, "%d", (int32_t)v);
	else if (style == NUM_UDEC)
		sbuf_printf(out, "%u", v);
	else
		sbuf_printf(out, "0x%x", v);
}

static void fmt_name_or(struct sbuf *out, const struct name_val *t, size_t n,
			uint32_t v, enum numstyle style)
{
	const char *name = name_of(t, n, v);

	if (name)
		sbuf_adds(out, name);
	else
		fmt_num(out, v, style);
}

static void fmt_oflags(struct sbuf *out, uint64_t v)
{
	uint32_t f = (uint32_t)v & OFLAGS_MASK, done = 0;

	sbuf_adds(out, oaccess[f & O_ACCMODE]);
	/* O_TMPFILE contains O_DIRECTORY: "T" alone says both */
	if ((f & O_TMPFILE) == O_TMPFILE)
		done = O_TMPFILE;
	for (size_t i = 0; i < NELEM(oletters); i++) {
		uint32_t b = oletters[i].bits;
		if ((f & b) != b)
			continue;
		if (b != O_TMPFILE && (b & done))
			continue;
		sbuf_printf(out, "%c", oletters[i].c);
		done |= b;
	}
	f &= ~(uint32_t)O_ACCMODE & ~done;
	if (f)
		sbuf_printf(out, "|0x%x", f);
}

static void fmt_signal(struct sbuf *out, int32_t sig)
{
	if (sig > 0 && sig < KSIGRTMIN && signames[sig])
		sbuf_adds(out, signames[sig]);
	else if (sig == KSIGRTMIN)
		sbuf_adds(out, "SIGRTMIN");
	else if (sig > KSIGRTMIN && sig < KSIGRTMAX)
		sbuf_printf(out, "SIGRTMIN+%d", sig - KSIGRTMIN);
	else if (sig == KSIGRTMAX)
		sbuf_adds(out, "SIGRTMAX");
	else
		sbuf_printf(out, "%d", sig);
}

/* Names of the bits of v in t, then the rest in hex; returns the count. */
static int fmt_bits(struct sbuf *out, const struct name_val *t, size_t n,
		    uint64_t v)
{
	int parts = 0;

	for (size_t i = 0; i < n; i++) {
		if (v & t[i].val) {
			sbuf_printf(out, "%s%s", parts++ ? "|" : "", t[i].name);
			v &= ~t[i].val;
		}
	}
	if (v)
		sbuf_printf(out, "%s0x%" PRIx64, parts++ ? "|" : "", v);
	return parts;
}

static void fmt_clone(struct sbuf *out, uint64_t v)
{
	uint64_t low = v & CLONE_SIGNAL_MASK, rest = 0, named = 0;
	int sig = 0, parts = 0;

	if (low >= 1 && low <= KSIGRTMAX)
		sig = (int)low;
	else if (low == CLONE_NEWTIME)
		parts = fmt_bits(out, clones, 1, low); /* clones[0] */
	else
		rest = low;
	for (size_t i = 1; i < NELEM(clones); i++) {
		if (v & clones[i].val)
			sbuf_printf(out, "%s%s", parts++ ? "|" : "",
				    clones[i].name);
		named |= clones[i].val;
	}
	rest |= v & ~(uint64_t)CLONE_SIGNAL_MASK & ~named;
	if (rest)
		sbuf_printf(out, "%s0x%" PRIx64, parts++ ? "|" : "", rest);
	if (sig) {
		if (parts++)
			sbuf_adds(out, "|");
		fmt_signal(out, sig);
	}
	if (!parts)
		sbuf_adds(out, "0");
}

static void fmt_int(struct sbuf *out, enum arg_type t, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	switch (t) {
	case ARGT_OFLAGS:
		fmt_oflags(out, v);
		break;
	case ARGT_MODE:
		sbuf_printf(out, "0%03o", (unsigned)(v & MODE_MASK));
		break;
	case ARGT_SOCKDOM:
		fmt_name_or(out, sockdoms, NELEM(sockdoms), v32, NUM_DEC);
		break;
	case ARGT_SOCKTYPE:
		fmt_name_or(out, socktypes, NELEM(socktypes),
			    v32 & SOCKTYPE_MASK, NUM_UDEC);
		break;
	case ARGT_SIGNAL:
		fmt_signal(out, (int32_t)v32);
		break;
	case ARGT_FCNTL:
		fmt_name_or(out, fcntls, NELEM(fcntls), v32, NUM_UDEC);
		break;
	case ARGT_IOCTL:
		fmt_name_or(out, ioctls, NELEM(ioctls), v32, NUM_HEX);
		break;
	case ARGT_PRCTL:
		fmt_name_or(out, prctls, NELEM(prctls), v32, NUM_DEC);
		break;
	case ARGT_PROT:
		if (!fmt_bits(out, prots, NELEM(prots), v))
			sbuf_adds(out, "PROT_NONE");
		break;
	case ARGT_CLONE:
		fmt_clone(out, v);
		break;
	case ARGT_UID:
	case ARGT_GID:
		if (v32 == LOW32)
			sbuf_adds(out, "-1");
		else
			sbuf_printf(out, "%u", v32);
		break;
	case ARGT_FD:
		if ((int32_t)v32 == AT_FDCWD)
			sbuf_adds(out, "AT_FDCWD");
		else
			sbuf_printf(out, "%d", (int32_t)v32);
		break;
	default:
		sbuf_printf(out, "%" PRIu64, v);
		break;
	}
}

void args_format(enum arg_type t, uint64_t v, struct sbuf *out)
{
	fmt_int(out, t, v);
}

/*
 * PARSING
 *
 * Each parser reads exactly the bytes s[0..n) and fails on anything that
 * is not a printed form. Numbers: decimal without leading zeros, "+" or
 * "-0"; hexadecimal "0x" with lowercase digits and no leading zeros.
 */
static int parse_udec(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t u = 0;

	if (n == 0 || (s[0] == '0' && n > 1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (u > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		u = u * 10 + (uint64_t)(s[i] - '0');
	}
	*out = u;
	return 0;
}

/* A signed 32-bit decimal, returned as its 32-bit pattern. */
static int parse_dec32(const char *s, size_t n, uint64_t *out)
{
	uint64_t u;

	if (n > 0 && s[0] == '-') {
		if (n < 2 || s[1] == '0' ||
		    parse_udec(s + 1, n - 1, (uint64_t)INT32_MAX + 1, &u))
			return -1;
		*out = (uint32_t)(0 - (uint32_t)u);
		return 0;
	}
	if (parse_udec(s, n, INT32_MAX, &u))
		return -1;
	*out = u;
	return 0;
}

static int parse_hex(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t u = 0;

	if (n < 3 || s[0] != '0' || s[1] != 'x' || (s[2] == '0' && n > 3))
		return -1;
	for (size_t i = 2; i < n; i++) {
		unsigned d;
		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = (unsigned)(s[i] - 'a' + 10);
		else
			return -1;
		if (u > (max - d) / 16)
			return -1;
		u = u * 16 + d;
	}
	*out = u;
	return 0;
}

/* A name of table t, or a number in the type's style for other values. */
static int parse_name_or(const struct name_val *t, size_t nt, const char *s,
			 size_t n, enum numstyle style, uint64_t *v)
{
	if (val_of(t, nt, s, n, v) >= 0)
		return 0;
	if (style == NUM_DEC)
		return parse_dec32(s, n, v);
	if (style == NUM_UDEC)
		return parse_udec(s, n, LOW32, v);
	return parse_hex(s, n, LOW32, v);
}

static int parse_oflags(const char *s, size_t n, uint64_t *v)
{
	uint64_t f, h;
	size_t acc = 0, i = 2, last = 0;

	if (n < 2)
		return -1;
	while (acc < NELEM(oaccess) && memcmp(s, oaccess[acc], 2) != 0)
		acc++;
	if (acc == NELEM(oaccess))
		return -1;
	f = acc;
	for (; i < n && s[i] != '|'; i++) {
		size_t l = last;
		while (l < NELEM(oletters) && oletters[l].c != s[i])
			l++;
		/* unknown, repeated or out of order */
		if (l == NELEM(oletters) || (f & oletters[l].bits))
			return -1;
		f |= oletters[l].bits;
		last = l + 1;
	}
	if (i < n) {
		/* the bits without a letter, as the hexadecimal tail */
		if (parse_hex(s + i + 1, n - i - 1, LOW32, &h) || !h ||
		    (h & f) || (h & ~(uint64_t)(OFLAGS_MASK & ~O_ACCMODE)))
			return -1;
		f |= h;
	}
	*v = f;
	return 0;
}

static int parse_mode(const char *s, size_t n, uint64_t *v)
{
	uint64_t u = 0;

	/* "0" then three digits, or more without a leading zero */
	if (n < 4 || s[0] != '0' || (n > 4 && s[1] == '0'))
		return -1;
	for (size_t i = 1; i < n; i++) {
		if (s[i] < '0' || s[i] > '7')
			return -1;
		u = u * 8 + (uint64_t)(s[i] - '0');
		if (u > MODE_MASK)
			return -1;
	}
	*v = u;
	return 0;
}

static int parse_signal(const char *s, size_t n, uint64_t *v)
{
	uint64_t u;

	if (n > 3 && memcmp(s, "SIG", 3) == 0) {
		if (word_is(s, n, "SIGRTMIN")) {
			*v = KSIGRTMIN;
			return 0;
		}
		if (word_is(s, n, "SIGRTMAX")) {
			*v = KSIGRTMAX;
			return 0;
		}
		if (n > 9 && memcmp(s, "SIGRTMIN+", 9) == 0) {
			if (parse_udec(s + 9, n - 9, KSIGRTMAX - KSIGRTMIN - 1,
				       &u) ||
			    u == 0)
				return -1;
			*v = KSIGRTMIN + u;
			return 0;
		}
		for (unsigned i = 1; i < NELEM(signames); i++) {
			if (signames[i] && word_is(s, n, signames[i])) {
				*v = i;
				return 0;
			}
		}
		return -1;
	}
	return parse_dec32(s, n, v);
}

/* The next part of a "|"-joined form: its length (0 when empty). */
static size_t part_len(const char *s, size_t n)
{
	const char *bar = memchr(s, '|', n);

	return bar ? (size_t)(bar - s) : n;
}

/*
 * Names of table t (bit values, increasing) in order, each once, then
 * optionally the other bits in hex. *pos is where parsing stopped, at a
 * part that is neither (for clone's exit signal); *parts the count.
 */
static int parse_bits(const struct name_val *t, size_t nt, const char *s,
		      size_t n, size_t *pos, int *parts, uint64_t *v)
{
	uint64_t bits = 0, h;
	size_t i = 0, next = 0;
	int hex = 0;

	*parts = 0;
	while (i < n) {
		size_t l = part_len(s + i, n - i);
		int k = val_of(t + next, nt - next, s + i, l, &h);
		if (k >= 0 && !hex) {
			next += (size_t)k + 1;
		} else if (!hex && l > 2 && s[i] == '0' && s[i + 1] == 'x') {
			if (parse_hex(s + i, l, UINT64_MAX, &h) || !h ||
			    (h & bits))
				return -1;
			hex = 1;
		} else {
			break;
		}
		bits |= h;
		++*parts;
		i += l;
		if (i < n) {
			/* a part must follow a "|" */
			if (++i == n)
				return -1;
		}
	}
	*pos = i;
	*v = bits;
	return 0;
}

static int parse_prot(const char *s, size_t n, uint64_t *v)
{
	size_t pos;
	int parts;

	if (word_is(s, n, "PROT_NONE")) {
		*v = 0;
		return 0;
	}
	if (parse_bits(prots, NELEM(prots), s, n, &pos, &parts, v) ||
	    pos != n || !parts)
		return -1;
	return 0;
}

static int parse_clone(const char *s, size_t n, uint64_t *v)
{
	uint64_t bits, sig;
	size_t pos;
	int parts;

	if (word_is(s, n, "0")) {
		*v = 0;
		return 0;
	}
	if (parse_bits(clones, NELEM(clones), s, n, &pos, &parts, &bits))
		return -1;
	if (pos < n) {
		/* the exit signal, last: it takes the low byte */
		if (parse_signal(s + pos, n - pos, &sig) || sig == 0 ||
		    sig > CLONE_SIGNAL_MASK || (bits & CLONE_SIGNAL_MASK))
			return -1;
		bits |= sig;
	} else if (!parts) {
		return -1;
	}
	*v = bits;
	return 0;
}

static int parse_int(enum arg_type t, const char *s, size_t n, uint64_t *v)
{
	switch (t) {
	case ARGT_OFLAGS:
		return parse_oflags(s, n, v);
	case ARGT_MODE:
		return parse_mode(s, n, v);
	case ARGT_SOCKDOM:
		return parse_name_or(sockdoms, NELEM(sockdoms), s, n, NUM_DEC,
				     v);
	case ARGT_SOCKTYPE:
		if (parse_name_or(socktypes, NELEM(socktypes), s, n, NUM_UDEC,
				  v) ||
		    *v > SOCKTYPE_MASK)
			return -1;
		return 0;
	case ARGT_SIGNAL:
		return parse_signal(s, n, v);
	case ARGT_FCNTL:
		return parse_name_or(fcntls, NELEM(fcntls), s, n, NUM_UDEC, v);
	case ARGT_IOCTL:
		return parse_name_or(ioctls, NELEM(ioctls), s, n, NUM_HEX, v);
	case ARGT_PRCTL:
		return parse_name_or(prctls, NELEM(prctls), s, n, NUM_DEC, v);
	case ARGT_PROT:
		return parse_prot(s, n, v);
	case ARGT_CLONE:
		return parse_clone(s, n, v);
	case ARGT_UID:
	case ARGT_GID:
		if (word_is(s, n, "-1")) {
			*v = LOW32;
			return 0;
		}
		return parse_udec(s, n, LOW32, v);
	case ARGT_FD:
		if (word_is(s, n, "AT_FDCWD")) {
			*v = (uint32_t)AT_FDCWD;
			return 0;
		}
		return parse_dec32(s, n, v);
	default:
		return -1;
	}
}

/* The bits of a value of type t that the kernel reads, see the top. */
static uint64_t mask_of(enum arg_type t, uint64_t v)
{
	switch (t) {
	case ARGT_OFLAGS:
		return OFLAGS_MASK;
	case ARGT_MODE:
		return MODE_MASK;
	case ARGT_SOCKTYPE:
		return SOCKTYPE_MASK;
	case ARGT_PROT:
		return UINT64_MAX;
	case ARGT_CLONE:
		/* clone() reads 32 bits; clone3's flags have 64 */
		return v >> 32 ? UINT64_MAX : LOW32;
	default:
		return LOW32;
	}
}

int args_parse(enum arg_type t, const char *s, uint64_t *v, uint64_t *mask)
{
	uint64_t x, m;

	if (!s || !args_type_is_int(t) || parse_int(t, s, strlen(s), &x))
		return -1;
	m = mask_of(t, x);
	*v = x & m;
	*mask = m;
	return 0;
}

/*
 * SOCKET ADDRESSES
 */
void args_format_sockaddr(const void *sa, size_t len, struct sbuf *out)
{
	struct sockaddr_storage ss;
	char addr[INET6_ADDRSTRLEN];
	sa_family_t fam;

	if (!sa || len < sizeof(fam)) {
		sbuf_adds(out, "family(-1)");
		return;
	}
	/* the tracee's bytes may be unaligned and short: copy what there is */
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, sa, len < sizeof(ss) ? len : sizeof(ss));
	fam = ss.ss_family;
	if (fam == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const void *)&ss;
		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		sbuf_printf(out, "inet-[%s]:%u", addr, ntohs(in->sin_port));
	} else if (fam == AF_INET6 &&
		   len >= offsetof(struct sockaddr_in6, sin6_scope_id)) {
		/* the kernel takes the RFC 2133 size, without the scope */
		const struct sockaddr_in6 *in6 = (const void *)&ss;
		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		sbuf_printf(out, "inet6-[%s", addr);
		if (len >= sizeof(*in6) && in6->sin6_scope_id)
			sbuf_printf(out, "%%%" PRIu32, in6->sin6_scope_id);
		sbuf_printf(out, "]:%u", ntohs(in6->sin6_port));
	} else if (fam == AF_UNIX) {
		const struct sockaddr_un *un = (const void *)&ss;
		size_t off = offsetof(struct sockaddr_un, sun_path);
		size_t n = (len < sizeof(*un) ? len : sizeof(*un)) - off;
		sbuf_adds(out, "unix-");
		if (n == 0)
			return;
		if (un->sun_path[0] == '\0') {
			sbuf_addc(out, '@');
			sbuf_add(out, un->sun_path + 1, n - 1);
			return;
		}
		/* "@" starts an abstract name: say ./ before such a path */
		if (un->sun_path[0] == '@')
			sbuf_adds(out, "./");
		sbuf_add(out, un->sun_path, strnlen(un->sun_path, n));
	} else {
		sbuf_printf(out, "family(%u)", (unsigned)fam);
	}
}

/* "[ADDR]:PORT" of family af, canonical as inet_ntop writes ADDR. */
static int parse_inet(int af, const char *s, size_t n, int *port)
{
	char buf[INET6_ADDRSTRLEN + 16], back[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	const char *end, *pct;
	uint64_t u;
	size_t alen;

	if (n < 1 || s[0] != '[' || !(end = memchr(s, ']', n)))
		return -1;
	alen = (size_t)(end - s - 1);
	pct = af == AF_INET6 ? memchr(s + 1, '%', alen) : NULL;
	if (pct) {
		/* the scope: a nonzero interface index */
		size_t plen = (size_t)(end - pct - 1);
		if (parse_udec(pct + 1, plen, UINT32_MAX, &u) || u == 0)
			return -1;
		alen = (size_t)(pct - s - 1);
	}
	if (alen == 0 || alen >= sizeof(buf))
		return -1;
	memcpy(buf, s + 1, alen);
	buf[alen] = '\0';
	if (inet_pton(af, buf, bin) != 1 ||
	    !inet_ntop(af, bin, back, sizeof(back)) || strcmp(back, buf) != 0)
		return -1;
	n -= (size_t)(end + 1 - s);
	s = end + 1;
	if (n < 2 || s[0] != ':' || parse_udec(s + 1, n - 1, 65535, &u))
		return -1;
	*port = (int)u;
	return 0;
}

int args_parse_sockaddr(const char *s, size_t n, int *family, int *port)
{
	const size_t pathmax = sizeof(((struct sockaddr_un *)0)->sun_path);
	int fam, pt = -1;
	uint64_t u;

	if (n >= 5 && memcmp(s, "inet-", 5) == 0) {
		fam = AF_INET;
		if (parse_inet(AF_INET, s + 5, n - 5, &pt))
			return -1;
	} else if (n >= 6 && memcmp(s, "inet6-", 6) == 0) {
		fam = AF_INET6;
		if (parse_inet(AF_INET6, s + 6, n - 6, &pt))
			return -1;
	} else if (n >= 5 && memcmp(s, "unix-", 5) == 0) {
		fam = AF_UNIX;
		s += 5;
		n -= 5;
		/* unnamed; an abstract name after its leading NUL; a path */
		if (n > 0 && s[0] == '@' && n - 1 > pathmax - 1)
			return -1;
		if (n > 0 && s[0] != '@' && (n > pathmax || memchr(s, 0, n)))
			return -1;
	} else if (n >= 8 && memcmp(s, "family(", 7) == 0 && s[n - 1] == ')') {
		if (word_is(s + 7, n - 8, "-1"))
			fam = -1;
		/* AF_UNIX addresses always print as unix- */
		else if (parse_udec(s + 7, n - 8, UINT16_MAX, &u) ||
			 u == AF_UNIX)
			return -1;
		else
			fam = (int)u;
	} else {
		return -1;
	}
	*family = fam;
	*port = pt;
	return 0;
}

/*
 * ALIASES
 *
 * Members sorted by name (strcmp), for the binary search of member_find.
 */
static const struct alias_member fsread_members[] = {
	{"access", ALIAS_ALWAYS},      {"faccessat", ALIAS_ALWAYS},
	{"faccessat2", ALIAS_ALWAYS},  {"fstatat64", ALIAS_ALWAYS},
	{"getxattr", ALIAS_ALWAYS},    {"getxattrat", ALIAS_ALWAYS},
	{"lgetxattr", ALIAS_ALWAYS},   {"listxattr", ALIAS_ALWAYS},
	{"listxattrat", ALIAS_ALWAYS}, {"llistxattr", ALIAS_ALWAYS},
	{"lstat", ALIAS_ALWAYS},       {"lstat64", ALIAS_ALWAYS},
	{"newfstatat", ALIAS_ALWAYS},  {"open", ALIAS_IF_READ},
	{"openat", ALIAS_IF_READ},     {"openat2", ALIAS_IF_READ},
	{"readlink", ALIAS_ALWAYS},    {"readlinkat", ALIAS_ALWAYS},
	{"stat", ALIAS_ALWAYS},	       {"stat64", ALIAS_ALWAYS},
	{"statfs", ALIAS_ALWAYS},      {"statfs64", ALIAS_ALWAYS},
	{"statx", ALIAS_ALWAYS},
};

static const struct alias_member fswrite_members[] = {
	{"chmod", ALIAS_ALWAYS},      {"chown", ALIAS_ALWAYS},
	{"chown32", ALIAS_ALWAYS},    {"creat", ALIAS_ALWAYS},
	{"fchmodat", ALIAS_ALWAYS},   {"fchmodat2", ALIAS_ALWAYS},
	{"fchownat", ALIAS_ALWAYS},   {"futimesat", ALIAS_ALWAYS},
	{"lchown", ALIAS_ALWAYS},     {"lchown32", ALIAS_ALWAYS},
	{"link", ALIAS_ALWAYS},	      {"linkat", ALIAS_ALWAYS},
	{"mkdir", ALIAS_ALWAYS},      {"mkdirat", ALIAS_ALWAYS},
	{"mknod", ALIAS_ALWAYS},      {"mknodat", ALIAS_ALWAYS},
	{"open", ALIAS_IF_WRITE},     {"openat", ALIAS_IF_WRITE},
	{"openat2", ALIAS_IF_WRITE},  {"rename", ALIAS_ALWAYS},
	{"renameat", ALIAS_ALWAYS},   {"renameat2", ALIAS_ALWAYS},
	{"rmdir", ALIAS_ALWAYS},      {"symlink", ALIAS_ALWAYS},
	{"symlinkat", ALIAS_ALWAYS},  {"truncate", ALIAS_ALWAYS},
	{"truncate64", ALIAS_ALWAYS}, {"unlink", ALIAS_ALWAYS},
	{"unlinkat", ALIAS_ALWAYS},   {"utime", ALIAS_ALWAYS},
	{"utimensat", ALIAS_ALWAYS},  {"utimensat_time64", ALIAS_ALWAYS},
	{"utimes", ALIAS_ALWAYS},
};

const struct alias alias_table[] = {
	{"fsread", fsread_members, NELEM(fsread_members)},
	{"fswrite", fswrite_members, NELEM(fswrite_members)},
	{NULL, NULL, 0},
};

const struct alias *alias_find(const char *name)
{
	for (const struct alias *a = alias_table; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

static const struct alias_member *member_find(const struct alias *a,
					      const char *sys)
{
	size_t lo = 0, hi = a->nmembers;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sys, a->members[mid].sys);
		if (c == 0)
			return &a->members[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int alias_covers(const struct alias *a, const char *sys)
{
	return a && member_find(a, sys) != NULL;
}

/*
 * Write intent: any access mode but O_RDONLY (mode 3 needs write
 * permission too), or a flag that creates or changes a file.
 */
int args_oflags_write(uint64_t oflags)
{
	return (oflags & O_ACCMODE) != O_RDONLY ||
	       (oflags & (O_CREAT | O_TRUNC | TMPFILE_BIT)) != 0;
}

const struct alias *alias_for(const char *sys, uint64_t oflags)
{
	int write = args_oflags_write(oflags);

	for (const struct alias *a = alias_table; a->name; a++) {
		const struct alias_member *m = member_find(a, sys);
		if (!m)
			continue;
		if (m->when == ALIAS_ALWAYS ||
		    (m->when == ALIAS_IF_READ && !write) ||
		    (m->when == ALIAS_IF_WRITE && write))
			return a;
	}
	return NULL;
}
