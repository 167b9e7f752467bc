#!/usr/bin/env bats
# st-run: calls Landlock refuses are reported as st-log lines, as the
# kernel's audit tells them (Landlock ABI 7, audit enabled, CAP_AUDIT_READ).
# The tests switch audit on and put back the state they found.

load common
load data/st-run/base

AUDIT_SET=$TOP/tests/helpers/audit_set

setup() {
	common_setup
	need_landlock 7
	[ "$(id -u)" = 0 ] || skip "switching the kernel's audit on needs root"
	AUDIT_WAS=$("$AUDIT_SET" 1 2>audit.err) ||
		skip "the kernel's audit cannot be switched on here: $(cat audit.err)"
	mkdir ok
	echo hello >ok/a
	echo secret >secret
	{
		base_policy
		printf '\topenat: filename match "%s/ok/*" then permit\n' "$TMP"
		printf '\tsocket: permit\n'
		printf '\tconnect: sockaddr eq "inet-[127.0.0.1]:9" then permit\n'
		printf '\tclock_nanosleep: permit\n'
	} >p.policy
}

teardown() {
	[ -z "${AUDIT_WAS:-}" ] || "$AUDIT_SET" "$AUDIT_WAS" >/dev/null
	common_teardown
}

@test "st-run: a read Landlock refuses is reported with its path" {
	run_split st-run -p p.policy -- "$ESCAPE" open "$TMP/secret"
	assert_success
	assert_output "EACCES"
	[ "$(sed -n 1p <<<"$stderr")" = "#st-log 1 arch=x86_64" ]
	[[ "$(sed -n 2p <<<"$stderr")" =~ ^[0-9]+\ \"$ESCAPE\"\ openat\ filename=\"$TMP/secret\"\ oflags=ro\ mode=0000\ =\ -EACCES$ ]]
	[ "$(wc -l <<<"$stderr")" -eq 2 ]
}

@test "st-run: an allowed read is not reported" {
	run_split st-run -p p.policy -- "$ESCAPE" open "$TMP/ok/a"
	assert_success
	assert_output "ok hello"
	[ -z "$stderr" ]
}

@test "st-run: a file Landlock refuses to make is reported by its own name" {
	# the kernel's record names the directory: the name is read from
	# the program's memory, while it lives
	run_split st-run -p p.policy -- "$ESCAPE" linger write "$TMP/new"
	assert_output "EACCES"
	[[ "$stderr" =~ \ openat\ filename=\"$TMP/new\"\ oflags=woc\ mode=0644\ =\ -EACCES ]]
	assert_file_not_exists new
}

@test "st-run: a relative path is reported resolved" {
	cd ok
	run_split st-run -p ../p.policy -- "$ESCAPE" open ../secret
	assert_output "EACCES"
	[[ "$stderr" =~ \ openat\ filename=\"$TMP/secret\"\ oflags=ro ]]
}

@test "st-run: a TCP connect Landlock refuses is reported with its address" {
	run_split st-run -p p.policy -- "$ESCAPE" connect 8085
	assert_output "EACCES"
	[[ "$(sed -n 2p <<<"$stderr")" =~ ^[0-9]+\ \"$ESCAPE\"\ connect\ fd=[0-9]+\ sockaddr=\"inet-\[127\.0\.0\.1\]:8085\"\ =\ -EACCES$ ]]
}

@test "st-run: Landlock's denials go to -o with the filter's" {
	run_split st-run -o log -p p.policy -- "$ESCAPE" open "$TMP/secret"
	assert_output "EACCES"
	[ -z "$stderr" ]
	[ "$(sed -n 1p log)" = "#st-log 1 arch=x86_64" ]
	grep -q "openat filename=\"$TMP/secret\" .* = -EACCES$" log
}

@test "st-run: -q reports no Landlock denial" {
	run_split st-run -q -p p.policy -- "$ESCAPE" open "$TMP/secret"
	assert_output "EACCES"
	[ -z "$stderr" ]
}

@test "st-run -v says that Landlock's denials are reported" {
	run_split st-run -v -p p.policy -- "$ESCAPE" open "$TMP/ok/a"
	assert_output "ok hello"
	grep -qx "st-run: calls Landlock refuses are reported, as the kernel's audit tells them" <<<"$stderr"
}

@test "st-run -v says when audit is off, and the denial still fails unreported" {
	"$AUDIT_SET" 0 >/dev/null
	run_split st-run -v -p p.policy -- "$ESCAPE" open "$TMP/secret"
	assert_output "EACCES"
	grep -qx "st-run: calls Landlock refuses are not reported: the kernel's audit is disabled (auditctl -e 1, or auditd, enables it)" <<<"$stderr"
	! grep -q "^[0-9]* .*openat" <<<"$stderr"
}

@test "st-run: st-genpolicy reads Landlock's reports back as denials" {
	run_split st-run -o denials.log -p p.policy -- "$ESCAPE" open "$TMP/secret"
	assert_output "EACCES"
	run st-genpolicy denials.log
	assert_success
	assert_line --partial "fsread: filename eq \"$TMP/secret\" then deny[EACCES]"
}

@test "st-run: denials of another Landlock domain are not reported" {
	# other confined programs refused again and again while this run
	# lives: their denials reach every reader of the audit log
	(
		for i in $(seq 20); do
			st-run -q -p p.policy -- "$ESCAPE" open "$TMP/secret" >/dev/null
		done
	) &
	bg=$!
	run_split st-run -p p.policy -- "$ESCAPE" linger open "$TMP/ok/a"
	wait "$bg"
	assert_output "ok hello"
	[ -z "$stderr" ]
}
