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
