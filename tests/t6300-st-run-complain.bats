#!/usr/bin/env bats
# st-run -C: the learn loop. What complain mode logs, folded by
# st-genpolicy and merged into the policy, runs without denials.

load common
load data/st-run/base

@test "st-run -C, st-genpolicy, st-merge: the same run has no denials" {
	command -v st-genpolicy >/dev/null ||
		skip "st-genpolicy is not built (cmd/st-genpolicy)"
	base_policy >p.policy
	run_split st-run -C -p p.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
	printf '%s\n' "$stderr" >learn.log
	grep -q ' connect ' learn.log
	st-genpolicy learn.log >learned.policy
	st-merge p.policy learned.policy >p2.policy
	run_split st-run -p p2.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
	[ -z "$stderr" ]
}

@test "st-run -C: a kill rule does not kill, the call is logged" {
	{ base_policy; printf '\tio_uring_setup: kill\n'; } >p.policy
	run_split st-run -C -p p.policy -- "$ESCAPE" io_uring
	assert_success
	grep -q ' io_uring_setup = ?$' <<<"$stderr"
}

@test "st-run -C: unenforceable rules do not stop complain mode" {
	{ base_policy; printf '\tfsread: filename re "x" then permit\n'; } >p.policy
	run_split st-run -C -p p.policy -- "$ESCAPE" exit 0
	assert_success
}

@test "st-run -C: paths and ports Landlock would refuse are logged, and the learn loop covers them" {
	need_landlock 4
	mkdir -p allowed
	echo good >allowed/good
	echo SECRET >secret
	{
		base_policy
		printf '\tfsread: filename match "%s/allowed" then permit\n' "$PWD"
		printf '\tsocket: permit\n'
		printf '\tconnect: sockaddr eq "inet-[127.0.0.1]:80" then permit\n'
	} >p.policy
	# enforced: refused by Landlock
	run_split st-run -q -p p.policy -- "$ESCAPE" open secret
	assert_output "EACCES"
	# complain mode: let through, and logged; an allowed path is not
	run_split st-run -C -p p.policy -- "$ESCAPE" open allowed/good
	assert_output "ok good"
	[ -z "$stderr" ]
	run_split st-run -C -p p.policy -- "$ESCAPE" open secret
	assert_output "ok SECRET"
	grep -q " openat fd=AT_FDCWD filename=\"$PWD/secret\" oflags=ro.* = ?$" <<<"$stderr" ||
		grep -q " openat .*filename=\"$PWD/secret\".* = ?$" <<<"$stderr"
	printf '%s\n' "$stderr" >learn.log
	run_split st-run -C -p p.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
	grep -q ' connect .*sockaddr="inet-\[127.0.0.1\]:9" = ?$' <<<"$stderr"
	printf '%s\n' "$stderr" | grep -v '^#' >>learn.log
	# folded and merged: both runs pass enforced, with nothing denied
	st-genpolicy learn.log >learned.policy
	st-merge p.policy learned.policy >p2.policy
	run_split st-run -p p2.policy -- "$ESCAPE" open secret
	assert_output "ok SECRET"
	[ -z "$stderr" ]
	run_split st-run -p p2.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
	[ -z "$stderr" ]
}
