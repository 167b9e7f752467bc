#!/usr/bin/env bats
# The README's main job (make demo) on the bundled example.

load common

@test "the example pipeline: record, fold, review, enforce ls and show a denial; review inetd's change" {
	run_split sh "$TOP/share/examples/demo"
	assert_success
	assert_output --regexp "\(([0-9]+) system calls recorded\)"
	assert_output --partial 'execve: filename eq "/usr/bin/ls" then permit'
	assert_output --partial "(ran confined, nothing denied)"
	assert_output --regexp '[0-9]+ "/usr/bin/ls" socket sockdom=AF_UNIX socktype=SOCK_STREAM = -EPERM'
	assert_output --partial "Policy: /usr/sbin/oidentd, Emulation: x86_64"
	assert_output --partial '+ bind: sockaddr eq "inet-[127.0.0.1]:37" then permit  # inetd.policy:6 (widens)'
	assert_output --partial '- ptrace: deny[EPERM] log  # inetd-old.policy:27'
	assert_output --partial "-> the new policy grants inetd more"
	# both policies the job generates review clean (SPEC: findings
	# explained in the policy), with the format check on
	[ "$(grep -A1 '^== st-lint' <<<"$output" | grep -c '^(no findings)$')" = 2 ]
	[ -z "$stderr" ]
}

@test "the bundled folded policy is what st-genpolicy makes of the bundled log" {
	run_split st-genpolicy "$TOP/share/examples/inetd.log"
	assert_success
	# comments aside: the shipped copy explains what st-lint would ask
	grep -v '^[[:space:]]*#' "$TOP/share/examples/inetd.policy" |
		diff - <(printf '%s\n' "$output" | grep -v '^[[:space:]]*#')
}
