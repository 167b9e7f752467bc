/* sys.h: architectures and system-call names, through libseccomp. */
#ifndef ST_SYS_H
#define ST_SYS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Resolve an emulation name as the policy language reads it: a libseccomp
 * architecture name ("x86_64", "x86", "x32", "aarch64", ...), "native",
 * or systrace's "linux64" (x86_64) and "linux" (x86). Returns the
 * libseccomp token (SCMP_ARCH_*), or 0 when the name is unknown.
 */
uint32_t sys_arch_lookup(const char *name);
/* The canonical name of an architecture token ("x86_64"), or NULL. */
const char *sys_arch_name(uint32_t arch);
/* The architecture st runs on. */
uint32_t sys_arch_native(void);

/*
 * The number of system call name on arch, or -1 when arch has no such
 * call. Knows the calls newer than this libseccomp's tables too.
 */
int sys_lookup(uint32_t arch, const char *name);
/* The name of system call nr on arch, or NULL. Static storage. */
const char *sys_name(uint32_t arch, int nr);
/*
 * The name of some architecture that has a call named name, for a better
 * message ("open" does not exist on aarch64 but does on x86_64), or NULL
 * when no architecture knows it.
 */
const char *sys_arch_having(const char *name);

/* The errno for an errno name ("ENOENT"), or 0. Case-insensitive. */
int sys_errno_lookup(const char *name, size_t n);
/* The name of errno e ("ENOENT"), or NULL. */
const char *sys_errno_name(int e);

#endif
