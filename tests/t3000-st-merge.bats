#!/usr/bin/env bats
# st-merge: the formatter and the union, its options, exit codes and the
# exact diagnostics for bad input.

load common

@test "st-merge formats every ok fixture as its golden .out" {
	for f in "$DATA"/policy/ok-*.policy; do
		run_split st-merge "$f"
		assert_success
		[ -z "$stderr" ]
		diff -u "${f%.policy}.out" - <<<"$output"
	done
}

@test "st-merge: formatting is stable (a second run changes nothing)" {
	for f in "$DATA"/policy/ok-*.policy; do
		st-merge "$f" >once
		st-merge once >twice
		cmp once twice
	done
}

@test "st-merge reports every bad fixture exactly as its golden .err" {
	cd "$DATA/policy"
	for f in fail-*.policy; do
		run_split st-merge "$f"
		assert_failure 2
		assert_output ""
		diff -u "${f%.policy}.err" - <<<"$stderr"
	done
}

@test "st-merge: a missing file" {
	run_split st-merge nosuch.policy
	assert_failure 2
	assert_output ""
	[ "$stderr" = "st-merge: nosuch.policy: No such file or directory" ]
}

@test "st-merge: a directory" {
	mkdir d
	run_split st-merge d
	assert_failure 2
	[ "$stderr" = "st-merge: d: Is a directory" ]
}

@test "st-merge: a 1 MB line is read whole" {
	long=$(head -c 1048576 /dev/zero | tr '\0' a)
	printf 'Policy: /p, Emulation: x86_64\n\topenat: filename eq "/%s" then permit\n' "$long" >big.policy
	run_split st-merge big.policy
	assert_success
	[ "${#output}" -gt 1048576 ]
	printf 'Policy: /p, Emulation: x86_64\n\topenat: filename eq "/%s then permit\n' "$long" >bad.policy
	run_split st-merge bad.policy
	assert_failure 2
	[ "$stderr" = "st-merge: bad.policy:2:22: unterminated string" ]
}

@test "st-merge: - and no operand read standard input" {
	run_split st-merge - <"$DATA/policy/ok-inetd.policy"
	assert_success
	diff -u "$DATA/policy/ok-inetd.out" - <<<"$output"
	run_split st-merge <"$DATA/policy/ok-inetd.policy"
	assert_success
	diff -u "$DATA/policy/ok-inetd.out" - <<<"$output"
	run_split st-merge - <"$DATA/policy/fail-unknown-errno.policy"
	assert_failure 2
	[ "$stderr" = 'st-merge: <stdin>:2:15: unknown errno "ENOTANERRNO"' ]
}

@test "st-merge -o formats in place, atomically" {
	cp "$DATA/policy/ok-inetd.policy" p.policy
	run_split st-merge -o p.policy p.policy
	assert_success
	assert_output ""
	cmp p.policy "$DATA/policy/ok-inetd.out"
	ls -A >files
	[ "$(cat files)" = "files
p.policy" ]
}

@test "st-merge -o: bad input leaves the output untouched" {
	echo keep >out.policy
	run_split st-merge -o out.policy "$DATA/policy/fail-unknown-syscall.policy"
	assert_failure 2
	[ "$(cat out.policy)" = keep ]
	[ "$(ls -A)" = out.policy ]
}

@test "st-merge: an unwritable output is an error" {
	run_split st-merge -o /nonexistent/dir/p.policy "$DATA/policy/ok-inetd.policy"
	assert_failure 2
	[[ "$stderr" == "st-merge: /nonexistent/dir/p.policy: No such file or directory" ]]
	if [ -w /dev/full ]; then
		run_split st-merge -o - "$DATA/policy/ok-inetd.policy" '>/dev/full'
		run sh -c 'st-merge "$1" >/dev/full' sh "$DATA/policy/ok-inetd.policy"
		assert_failure 2
		assert_output "st-merge: standard output: No space left on device"
	fi
}

@test "st-merge: union of two policies, conflicts reported with both locations" {
	cat >a.policy <<'P'
Policy: /usr/bin/app, Emulation: x86_64
	read: permit
	fsread: filename eq "/etc/app.conf" then permit
P
	cat >b.policy <<'P'
Policy: /usr/bin/app, Emulation: x86_64
	write: permit
	fsread: filename eq "/etc/app.conf" then deny[EACCES]
Policy: /usr/bin/helper, Emulation: x86_64
	read: permit
P
	run_split st-merge a.policy b.policy
	assert_success
	assert_output - <<'P'
Policy: /usr/bin/app, Emulation: x86_64
	fsread: filename eq "/etc/app.conf" then deny[EACCES]
	fsread: filename eq "/etc/app.conf" then permit
	read: permit
	write: permit

Policy: /usr/bin/helper, Emulation: x86_64
	read: permit
P
	[ "$stderr" = "st-merge: b.policy:3:2: warning: conflict: this fsread rule (deny[EACCES]) overrides a rule that answers permit, resolved toward deny[EACCES] (see a.policy:3:2)" ]
	run_split st-merge b.policy a.policy
	assert_success
	st-merge a.policy b.policy 2>/dev/null >ab
	diff -u ab - <<<"$output"
}

@test "st-merge: the same program under two emulations stays two policies" {
	printf 'Policy: /p, Emulation: x86\n\tread: permit\n' >a.policy
	printf 'Policy: /p, Emulation: x86_64\n\twrite: permit\n' >b.policy
	run_split st-merge b.policy a.policy
	assert_success
	assert_output - <<'P'
Policy: /p, Emulation: x86
	read: permit

Policy: /p, Emulation: x86_64
	write: permit
P
}

@test "st-merge: merging is idempotent, commutative and associative on the examples" {
	ex=$TOP/share/examples
	st-merge "$ex/inetd.policy" "$ex/inetd-old.policy" 2>/dev/null >ab
	st-merge "$ex/inetd-old.policy" "$ex/inetd.policy" 2>/dev/null >ba
	cmp ab ba
	st-merge ab ab >abab
	cmp ab abab
	st-merge ab "$DATA/policy/ok-inetd.policy" 2>/dev/null >l
	st-merge "$ex/inetd.policy" "$DATA/policy/ok-inetd.policy" 2>/dev/null >bc
	st-merge "$ex/inetd-old.policy" bc 2>/dev/null >r
	cmp l r
}
