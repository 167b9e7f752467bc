#!/usr/bin/env bats
# st-diff: semantic differences, -q, -w, exit codes, bad input.

load common

setup() {
	common_setup
	cat >old.policy <<'P'
Policy: /usr/sbin/inetd, Emulation: x86_64
	accept: permit
	bind: sockaddr eq "inet-[127.0.0.1]:13" then permit
	fsread: filename eq "/etc/shadow" then deny[EACCES]
	fsread: filename match "/etc/*" then permit
	ptrace: deny[EPERM] log
P
}

@test "st-diff: order, spacing, comments and spellings are not differences" {
	cat >new.policy <<'P'
# reordered, respelled, commented
Policy: /usr/sbin/inetd, Emulation: linux64
	native-ptrace:   deny log   # never
	native-accept: permit
	fsread: filename eq "/etc/shadow" then deny[eacces]
	fsread: filename match "/etc/*" then permit
	bind: (sockaddr eq "inet-[127.0.0.1]:13") then permit
P
	run_split st-diff old.policy new.policy
	assert_success
	assert_output ""
	[ -z "$stderr" ]
}

@test "st-diff: added, removed and changed rules, per program, with lines" {
	cat >new.policy <<'P'
Policy: /usr/sbin/inetd, Emulation: x86_64
	accept: permit
	bind: sockaddr eq "inet-[127.0.0.1]:37" then permit
	fsread: filename eq "/etc/shadow" then deny[EACCES]
	fsread: filename match "/etc/*" then permit
	ptrace: permit
Policy: /usr/sbin/oidentd, Emulation: x86_64
	read: permit
P
	run_split st-diff old.policy new.policy
	assert_failure 1
	assert_output - <<'P'
@ Policy: /usr/sbin/inetd, Emulation: x86_64  # old.policy:1 new.policy:1
- bind: sockaddr eq "inet-[127.0.0.1]:13" then permit  # old.policy:3
~ ptrace: deny[EPERM] log -> permit  # old.policy:6 new.policy:6
+ bind: sockaddr eq "inet-[127.0.0.1]:37" then permit  # new.policy:3
+ Policy: /usr/sbin/oidentd, Emulation: x86_64  # new.policy:7
+ read: permit  # new.policy:8
P
	[ -z "$stderr" ]
}

@test "st-diff -q prints nothing, the status tells" {
	sed 's/:13/:37/' old.policy >new.policy
	run_split st-diff -q old.policy new.policy
	assert_failure 1
	assert_output ""
	run_split st-diff -q old.policy old.policy
	assert_success
	assert_output ""
}

@test "st-diff -w: narrowing passes, widening fails" {
	# narrowing: a permission removed, a deny added
	grep -v accept old.policy >narrow.policy
	echo '	write: deny' >>narrow.policy
	run_split st-diff -w old.policy narrow.policy
	assert_success
	assert_output --partial "- accept: permit"
	# a match narrowed to exact files is no widening
	sed 's|filename match "/etc/\*" then permit|filename eq "/etc/hosts" then permit|' old.policy >exact.policy
	run_split st-diff -w old.policy exact.policy
	assert_success
	# widening: a new permission
	sed 's/:13/:37/' old.policy >wide.policy
	run_split st-diff -w old.policy wide.policy
	assert_failure 1
	assert_output --partial '+ bind: sockaddr eq "inet-[127.0.0.1]:37" then permit  # wide.policy:3 (widens)'
	# widening: a deny removed in front of a permission that covers it
	grep -v shadow old.policy >wide2.policy
	run_split st-diff -w old.policy wide2.policy
	assert_failure 1
	assert_output --partial '- fsread: filename eq "/etc/shadow" then deny[EACCES]  # old.policy:4 (widens)'
	# widening: the exception moved behind the rule it guarded
	{ sed -n 1,3p old.policy; sed -n 5p old.policy; sed -n 4p old.policy; sed -n 6p old.policy; } >swap.policy
	run_split st-diff -w old.policy swap.policy
	assert_failure 1
	# widening: deny changed to permit
	sed 's/ptrace: deny\[EPERM\] log/ptrace: permit/' old.policy >ptrace.policy
	run_split st-diff -w old.policy ptrace.policy
	assert_failure 1
	assert_output --partial "~ ptrace: deny[EPERM] log -> permit"
	# widening: a new program
	printf 'Policy: /bin/new, Emulation: x86_64\n\tread: permit\n' >>ptrace.policy
	run_split st-diff -w old.policy old.policy
	assert_success
}

@test "st-diff -w: an alias deny removed under a member's permission is no widening, in front of one it is" {
	cat >a.policy <<'P'
Policy: /p, Emulation: x86_64
	openat: filename eq "/etc/shadow" then deny
	fsread: filename match "/etc/*" then permit
P
	grep -v shadow a.policy >b.policy
	run_split st-diff -w a.policy b.policy
	assert_failure 1
	assert_output --partial "(widens)"
}

@test "st-diff: the policies may come from standard input and /dev/null" {
	run_split st-diff - old.policy <old.policy
	assert_success
	run_split st-diff /dev/null old.policy
	assert_failure 1
	assert_output --partial "+ Policy: /usr/sbin/inetd, Emulation: x86_64"
	run_split st-diff -w old.policy /dev/null
	assert_success
}

@test "st-diff: usage errors and bad input exit 2" {
	run_split st-diff old.policy
	assert_failure 2
	[ "$stderr" = "usage: st-diff [-q] [-w] old new" ]
	run_split st-diff old.policy nosuch.policy
	assert_failure 2
	[ "$stderr" = "st-diff: nosuch.policy: No such file or directory" ]
	printf 'Policy: /p, Emulation: x86_64\n\tread: perm\n' >bad.policy
	run_split st-diff old.policy bad.policy
	assert_failure 2
	assert_output ""
	[ "$stderr" = 'st-diff: bad.policy:2:8: expected a condition or an action, found "perm"' ]
	mkdir dir
	run_split st-diff dir old.policy
	assert_failure 2
	[ "$stderr" = "st-diff: dir: Is a directory" ]
}

@test "st-diff -w: globs are weighed against the old rules they overlap" {
	# inside a tree the old policy permitted, past its exception: narrower
	cp old.policy inside.policy
	echo '	fsread: filename match "/etc/s*" then permit' >>inside.policy
	run_split st-diff -w old.policy inside.policy
	assert_success
	assert_output --partial '+ fsread: filename match "/etc/s*" then permit'
	# outside it: wider
	cp old.policy outside.policy
	echo '	fsread: filename match "/var/*" then permit' >>outside.policy
	run_split st-diff -w old.policy outside.policy
	assert_failure 1
	assert_output --partial '+ fsread: filename match "/var/*" then permit  # outside.policy:7 (widens)'
	# a glob in front of the exception: wider
	{ sed -n 1,3p old.policy; echo '	fsread: filename match "/etc/sh*" then permit'; sed -n '4,$p' old.policy; } >front.policy
	run_split st-diff -w old.policy front.policy
	assert_failure 1
	assert_output --partial '(widens)'
}
