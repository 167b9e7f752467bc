/* sys.c: architecture and system-call names (libseccomp), errno names. */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sys.h"
#include "util.h"

/*
 * Calls newer than the tables of Debian 12's libseccomp (2.5.4 knows up
 * to futex_requeue, 456). Since pidfd_send_signal (424) new calls have one
 * number on every architecture (x32 adds its bit), so one list serves all.
 */
static const struct {
	const char *name;
	int nr;
} newer[] = {
	{"statmount", 457},	    {"listmount", 458},
	{"lsm_get_self_attr", 459}, {"lsm_set_self_attr", 460},
	{"lsm_list_modules", 461},  {"mseal", 462},
	{"setxattrat", 463},	    {"getxattrat", 464},
	{"listxattrat", 465},	    {"removexattrat", 466},
	{"open_tree_attr", 467},    {"file_getattr", 468},
	{"file_setattr", 469},
};
#define X32_BIT 0x40000000

/* Architectures libseccomp may know, tried by sys_arch_having(). */
static const char *const arch_names[] = {
	"x86_64",      "x86",	 "x32",	     "arm",	 "aarch64",
	"mips",	       "mipsel", "mips64",   "mipsel64", "mips64n32",
	"mipsel64n32", "ppc",	 "ppc64",    "ppc64le",	 "s390",
	"s390x",       "parisc", "parisc64", "riscv64",	 NULL,
};

uint32_t sys_arch_native(void)
{
	return seccomp_arch_native();
}

uint32_t sys_arch_lookup(const char *name)
{
	if (strcmp(name, "native") == 0)
		return seccomp_arch_native();
	/* systrace's emulation names */
	if (strcmp(name, "linux64") == 0)
		return SCMP_ARCH_X86_64;
	if (strcmp(name, "linux") == 0)
		return SCMP_ARCH_X86;
	for (size_t i = 0; arch_names[i]; i++)
		if (strcmp(arch_names[i], name) == 0)
			return seccomp_arch_resolve_name(name);
	return 0;
}

const char *sys_arch_name(uint32_t arch)
{
	for (size_t i = 0; arch_names[i]; i++)
		if (seccomp_arch_resolve_name(arch_names[i]) == arch)
			return arch_names[i];
	return NULL;
}

static int newer_nr(uint32_t arch, int i)
{
	return arch == SCMP_ARCH_X32 ? newer[i].nr | X32_BIT : newer[i].nr;
}

static int lookup(uint32_t arch, const char *name)
{
	/* libseccomp answers negative pseudo-numbers for calls that exist on
	 * other architectures only: those are not calls of arch */
	int nr = seccomp_syscall_resolve_name_arch(arch, name);
	if (nr >= 0)
		return nr;
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		if (strcmp(newer[i].name, name) == 0)
			return newer_nr(arch, (int)i);
	return -1;
}

int sys_lookup(uint32_t arch, const char *name)
{
	/* libseccomp searches its table linearly: the tools look up the
	 * same few names again and again, so remember the answers */
	enum { SLOTS = 2048 };
	static struct {
		uint32_t arch;
		int nr;
		char name[32];
	} cache[SLOTS];
	size_t n = strlen(name);
	if (n >= sizeof(cache[0].name))
		return lookup(arch, name);
	size_t h = (util_hash(name, n) ^ arch) & (SLOTS - 1);
	if (cache[h].arch == arch && strcmp(cache[h].name, name) == 0)
		return cache[h].nr;
	int nr = lookup(arch, name);
	cache[h].arch = arch;
	cache[h].nr = nr;
	memcpy(cache[h].name, name, n + 1);
	return nr;
}

const char *sys_name(uint32_t arch, int nr)
{
	static char last[64];
	char *s = seccomp_syscall_resolve_num_arch(arch, nr);
	if (s) {
		snprintf(last, sizeof(last), "%s", s);
		free(s);
		return last;
	}
	for (size_t i = 0; i < sizeof(newer) / sizeof(newer[0]); i++)
		if (newer_nr(arch, (int)i) == nr)
			return newer[i].name;
	return NULL;
}

const char *sys_arch_having(const char *name)
{
	for (size_t i = 0; arch_names[i]; i++) {
		uint32_t a = seccomp_arch_resolve_name(arch_names[i]);
		if (a && seccomp_syscall_resolve_name_arch(a, name) >= 0)
			return arch_names[i];
	}
	return NULL;
}

int sys_errno_lookup(const char *name, size_t n)
{
	/* glibc knows every errno name (strerrorname_np, glibc 2.32); Linux
	 * errnos stay below 256 */
	static const char *names[256];
	static size_t lens[256];
	static int ready;

	if (!ready) {
		for (int e = 1; e < 256; e++) {
			names[e] = strerrorname_np(e);
			lens[e] = names[e] ? strlen(names[e]) : 0;
		}
		ready = 1;
	}
	for (int e = 1; e < 256; e++)
		if (lens[e] == n && strncasecmp(names[e], name, n) == 0)
			return e;
	/* the second names of numbers glibc names once */
	static const struct {
		const char *name;
		int e;
	} alias[] = {
		{"EWOULDBLOCK", EWOULDBLOCK},
		{"EDEADLOCK", EDEADLOCK},
		{"ENOTSUP", ENOTSUP},
	};
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strlen(alias[i].name) == n &&
		    strncasecmp(alias[i].name, name, n) == 0)
			return alias[i].e;
	return 0;
}

const char *sys_errno_name(int e)
{
	return e > 0 ? strerrorname_np(e) : NULL;
}
