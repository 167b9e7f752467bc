#!/usr/bin/env bats
# st-genpolicy reads `strace -f` output: real traces of real programs
# (recorded once, kept with their golden policies) and a hand-written
# trace with every form the reader knows.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
	# a trace does not name its architecture: it is the machine's
	[ "$(uname -m)" = x86_64 ] ||
		skip "the traces were recorded on x86_64, this is $(uname -m)"
}

@test "st-genpolicy folds real strace traces (-f -o; -f -tt -yy; -f to stderr) as their golden policies" {
	cd "$G"
	for f in strace-sh.trace strace-tt-yy.trace strace-stderr.trace ok-strace.trace; do
		run_split st-genpolicy "$f"
		assert_success
		[ -z "$stderr" ]
		diff -u "${f%.trace}.out" - <<<"$output"
	done
}

@test "st-genpolicy: a real trace gives one policy per program, execs and missing files kept" {
	run_split st-genpolicy "$G/strace-sh.trace"
	assert_success
	[ "$(grep '^Policy:' <<<"$output" | tr '\n' '|')" = "Policy: /usr/bin/cat, Emulation: x86_64|Policy: /usr/bin/ls, Emulation: x86_64|Policy: /usr/bin/sh, Emulation: x86_64|" ]
	grep -qx '	execve: filename eq "/usr/bin/ls" then permit' <<<"$output"
	grep -qx '	fsread: filename eq "/nonexistent" then deny\[ENOENT\]' <<<"$output"
	grep -qx '	fsread: filename eq "/etc/hostname" then permit' <<<"$output"
	st-merge - <<<"$output" | diff -u - <(printf '%s\n' "$output")
}

@test "st-genpolicy strace: unfinished calls joined, -tt and -T, [pid N], 32-bit mode" {
	run_split st-genpolicy "$G/ok-strace.trace"
	assert_success
	# the exec resumed after another process's line
	grep -qx '	execve: filename eq "/usr/libexec/srv-helper" then permit' <<<"$output"
	grep -qx 'Policy: /usr/libexec/srv-helper, Emulation: x86' <<<"$output"
	# paths relative to chdir, to descriptors; a descriptor never opened
	grep -qx '	fswrite: filename eq "/var/lib/srv/state.tmp" and filename\[1\] eq "/var/lib/srv/state" then permit' <<<"$output"
	grep -qx '	newfstatat: permit' <<<"$output"
	# sockets and signals in st's printed forms
	grep -qx '	bind: sockaddr eq "inet6-\[::1\]:8080" then permit' <<<"$output"
	grep -qx '	connect: sockaddr eq "unix-@/tmp/.X11-unix/X0" then permit' <<<"$output"
	grep -qx '	rt_sigaction: signame eq "SIGRTMIN+1" then permit' <<<"$output"
}

@test "st-genpolicy strace: the same trace from standard input, -u" {
	st-genpolicy <"$G/strace-sh.trace" | cmp - "$G/strace-sh.out"
	run_split st-genpolicy -u "$G/strace-sh.trace"
	assert_success
	grep -qx '	openat: filename eq "/etc/hostname" and oflags eq "ro" then permit' <<<"$output"
}

@test "st-genpolicy strace: a trace recorded here now folds" {
	command -v strace >/dev/null || skip "strace is not installed"
	strace -f -o t.trace /bin/sh -c 'true' 2>/dev/null ||
		skip "strace cannot trace here (no ptrace)"
	run_split st-genpolicy t.trace
	assert_success
	grep -qx 'Policy: /bin/sh, Emulation: x86_64' <<<"$output"
	grep -qx '	execve: filename eq "/bin/sh" then permit' <<<"$output"
}
