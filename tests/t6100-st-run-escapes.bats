#!/usr/bin/env bats
# st-run: escapes that must fail. Each runs tests/helpers/run-escape under
# a policy that allows its start and one tree, and tries to get out.

load common
load data/st-run/base

setup() {
	common_setup
	mkdir -p allowed
	echo good >allowed/good
	echo SECRET >secret
	ln -s ../secret allowed/link
	{ base_policy; printf '\tfsread: filename match "%s/allowed" then permit\n' "$PWD"; } >p.policy
}

@test "escape: an allowed file is read (the control)" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" open allowed/good
	assert_output "ok good"
}

@test "escape: i386 int 0x80 from an x86-64 program is denied" {
	run "$ESCAPE" int80
	[ "$status" -eq 0 ] ||
		skip "this kernel does not serve int 0x80 (run-escape int80 exits $status unconfined)"
	run_split st-run -p p.policy -- "$ESCAPE" int80
	assert_output "EPERM"
	grep -q ' x86-getpid = -EPERM$' <<<"$stderr"
}

@test "escape: an x32 call from an x86-64 program is denied" {
	run_split st-run -p p.policy -- "$ESCAPE" x32
	assert_output "EPERM"
	grep -q ' x32-getpid = -EPERM$' <<<"$stderr"
}

@test "st-run: a policy for emulation x32 lets its calls through, and only those" {
	# unconfined, this kernel answers an x32 getpid with ENOSYS (no x32
	# ABI) or runs it: either way the filter let it through
	run "$ESCAPE" x32
	want=$output
	{ cat p.policy; printf '\nPolicy: %s, Emulation: x32\n\tgetpid: permit\n' "$ESCAPE"; } >x.policy
	run_split st-run -p x.policy -- "$ESCAPE" x32
	assert_output "$want"
	[ -z "$stderr" ]
	run_split st-run -v -p x.policy -- "$ESCAPE" x32
	[[ "$stderr" == *"for emulation x32"* ]]
	# the same policy without getpid: denied and reported as x32
	{ cat p.policy; printf '\nPolicy: %s, Emulation: x32\n\tgetppid: permit\n' "$ESCAPE"; } >y.policy
	run_split st-run -p y.policy -- "$ESCAPE" x32
	assert_output "EPERM"
	grep -q ' x32-getpid = -EPERM$' <<<"$stderr"
	# an i386 policy goes into the same filter (int 0x80 itself cannot
	# be tried where the kernel does not serve it: see above)
	{ cat p.policy; printf '\nPolicy: %s, Emulation: x86\n\tgetpid: permit\n' "$ESCAPE"; } >z.policy
	run_split st-run -v -p z.policy -- "$ESCAPE" exit 0
	assert_success
	[[ "$stderr" == *"for emulation x86"* ]]
	# getpid: the x86-64 rule, and the i386 one
	[ "$(grep -c ': exact: getpid: permit: seccomp: getpid allowed$' <<<"$stderr")" -eq 2 ]
}

@test "escape: io_uring_setup when the policy does not name it" {
	run_split st-run -q -p p.policy -- "$ESCAPE" io_uring
	assert_output "EPERM"
}

@test "escape: a file outside the tree through a symlink" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" open allowed/link
	assert_output "EACCES"
}

@test "escape: a file outside the tree through .." {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" open "$PWD/allowed/../secret"
	assert_output "EACCES"
}

@test "escape: a file outside the tree through /proc/self/root" {
	need_landlock 1
	{ cat p.policy; printf '\tfsread: filename match "/proc" then permit\n'; } >q.policy
	run_split st-run -q -p q.policy -- "$ESCAPE" open "/proc/self/root$PWD/secret"
	assert_output "EACCES"
}

@test "escape: a file outside the tree through openat2" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" openat2 "$PWD/secret"
	assert_output "EACCES"
	run_split st-run -q -p p.policy -- "$ESCAPE" openat2 "$PWD/allowed/good"
	assert_output "ok good"
}

@test "escape: writing through openat2, which fsread allows to seccomp" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" write "$PWD/allowed/new"
	assert_output "EPERM"
	[ ! -e allowed/new ]
}

@test "escape: making a file outside the tree with O_CREAT, which Landlock refuses after the fact" {
	# the open fails on write_file only after it made the file, unless
	# Landlock restricts make_reg too
	need_landlock 1
	{
		base_policy
		printf '\topenat: filename match "%s/allowed/*" then permit\n' "$PWD"
	} >w.policy
	run_split st-run -q -p w.policy -- "$ESCAPE" write "$PWD/elsewhere"
	assert_output "EACCES"
	assert_file_not_exists elsewhere
	run_split st-run -q -p w.policy -- "$ESCAPE" write "$PWD/allowed/new"
	assert_output "ok"
	assert_file_exists allowed/new
	# a file the policy names that does not exist yet: its directory
	# lets it be made (broader, said with -v)
	printf '\topenat: filename eq "%s/later" then permit\n' "$PWD" >>w.policy
	run_split st-run -v -p w.policy -- "$ESCAPE" write "$PWD/later"
	assert_output "ok"
	assert_file_exists later
	grep -qx "st-run: landlock: $PWD/later does not exist yet: make_reg,write_file,truncate allowed beneath $PWD (broader: Landlock allows only files that exist)" <<<"$stderr"
}

@test "escape: swapping the path between check and use from a second thread" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" race "$PWD/allowed/good" "$PWD/secret" 20000
	assert_output "EACCES"
}

@test "escape: ptrace of another process" {
	sleep 30 &
	pid=$!
	run_split st-run -q -p p.policy -- "$ESCAPE" ptrace "$pid"
	kill "$pid"
	assert_output "EPERM"
}

@test "escape: execve of a program the policy does not name" {
	# seccomp lets execve through to Landlock, which refuses to execute
	# anything beneath no rule: EACCES, from the kernel, not reported
	need_landlock 1
	run_split st-run -p p.policy -- "$ESCAPE" exec /usr/bin/id
	assert_output "EACCES"
}

@test "escape: connecting to a TCP port the policy does not name" {
	need_landlock 4
	{ cat p.policy; printf '\tsocket: sockdom eq "AF_INET" then permit\n\tconnect: sockaddr eq "inet-[0.0.0.0]:1" then permit\n'; } >q.policy
	run_split st-run -q -p q.policy -- "$ESCAPE" connect 9
	assert_output "EACCES"
	run_split st-run -q -p q.policy -- "$ESCAPE" connect 1
	assert_output "ECONNREFUSED"
}

@test "escape: a child process does what the parent may not" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" child io_uring
	assert_output "EPERM"
	run_split st-run -q -p p.policy -- "$ESCAPE" child open "$PWD/secret"
	assert_output "EACCES"
}

@test "escape: a thread does what the parent may not" {
	need_landlock 1
	run_split st-run -q -p p.policy -- "$ESCAPE" thread io_uring
	assert_output "EPERM"
	run_split st-run -q -p p.policy -- "$ESCAPE" thread open "$PWD/secret"
	assert_output "EACCES"
}
