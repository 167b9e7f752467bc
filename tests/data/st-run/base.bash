# base.bash: policies for st-run's tests, built around the test's paths.
# Sourced by tests/t6*-st-run-*.bats after common.bash.

ESCAPE=$(realpath "$TOP/tests/helpers/run-escape")

# The calls every run of run-escape makes (the C library's start, threads,
# forks, exit), its own execve, and reading the shared libraries.
base_policy() {
	local prog=${1:-$ESCAPE} c
	printf 'Policy: %s, Emulation: x86_64\n' "$prog"
	for c in access arch_prctl brk clone clone3 close exit exit_group \
		fstat futex getpid getrandom gettid ioctl lseek madvise mmap \
		mprotect munmap newfstatat pread64 prlimit64 read rseq \
		rt_sigaction rt_sigprocmask set_robust_list set_tid_address \
		wait4 write; do
		printf '\t%s: permit\n' "$c"
	done
	printf '\texecve: filename eq "%s" then permit\n' "$prog"
	printf '\tfsread: filename eq "/etc/ld.so.cache" then permit\n'
	printf '\tfsread: filename match "/usr/lib/x86_64-linux-gnu/*" then permit\n'
}

# Skip unless the kernel has Landlock (paths) of at least ABI $1.
need_landlock() {
	local abi
	printf 'Policy: /usr/bin/true, Emulation: x86_64\n\texecve: permit\n' >probe.policy
	abi=$(st-run -Cqv -p probe.policy /usr/bin/true 2>&1 |
		sed -n 's/.*landlock: ABI \([0-9]*\).*/\1/p')
	rm -f probe.policy
	[ -n "$abi" ] || abi=0
	[ "$abi" -ge "${1:-1}" ] || skip "Landlock ABI ${1:-1} is not available (ABI $abi)"
}
