#!/usr/bin/env bats
# st-record runs a command: its output, its exit status, the log's header
# and first exec, and the exit codes of st-record's own failures.

load common

H=$TOP/tests/helpers

@test "st-record: runs the command, keeps its output and status" {
	run_split st-record -o log sh -c 'echo out; echo err >&2; exit 3'
	assert_failure 3
	assert_output out
	[ "$stderr" = err ]
	run head -1 log
	assert_output '#st-log 1 arch=x86_64'
}

@test "st-record: the command's exec is the first event, as its new image" {
	run_split st-record -o log /bin/true
	assert_success
	run sed -n 2p log
	assert_output --regexp '^[0-9]+ "/(usr/)?bin/true" execve filename="/(usr/)?bin/true" = 0$'
	grep -q ' "/[a-z/]*bin/true" exit_group = ?$' log
}

@test "st-record: the log goes to standard error by default, -o - to stdout" {
	run_split st-record /bin/true
	assert_success
	assert_output ''
	[[ "$stderr" == "#st-log 1 arch=x86_64"* ]]
	run_split st-record -o - /bin/true
	assert_success
	[[ "$output" == "#st-log 1 arch=x86_64"* ]]
	[ -z "$stderr" ]
}

@test "st-record: a command killed by a signal gives 128+N" {
	need_results
	run_split st-record -o log sh -c 'kill -KILL $$'
	assert_failure 137
	# the call itself succeeded: the signal kills on the way back
	grep -q ' kill signame=SIGKILL = 0$' log
}

@test "st-record: a command that is not found exits 127" {
	run_split -127 st-record -o log no-such-command-st
	assert_failure 127
	[ "$stderr" = "st-record: no-such-command-st: No such file or directory" ]
}

@test "st-record: a command that cannot be executed exits 126" {
	printf 'data\n' > notexec
	chmod 644 notexec
	run_split st-record -o log ./notexec
	assert_failure 126
	[ "$stderr" = "st-record: ./notexec: Permission denied" ]
}

@test "st-record: a failed exec of the command is not logged as an exec" {
	mkdir adir
	run_split st-record -o log ./adir
	assert_failure 126
	run grep -c execve log
	assert_output 0
}

@test "st-record: an unwritable log is a setup failure" {
	run_split st-record -o /nonexistent/dir/log /bin/true
	assert_failure 125
	[ "$stderr" = "st-record: /nonexistent/dir/log: No such file or directory" ]
}

@test "st-record: usage errors fail before the command, 125" {
	run_split st-record
	assert_failure 125
	[[ "$stderr" == "usage: st-record "* ]]
	run_split st-record -p 1 /bin/true
	assert_failure 125
	[[ "$stderr" == "st-record: a command and -p exclude each other"* ]]
	run_split st-record -p x
	assert_failure 125
	[[ "$stderr" == "st-record: pid x: invalid"* ]]
}

@test "st-record: -f is accepted, -q is quiet" {
	run_split st-record -fq -o log /bin/true
	assert_success
	[ -z "$stderr" ]
}

@test "st-record: a shell pipeline, every process of it" {
	need_results
	run_split st-record -o log sh -c 'printf "a\nb\n" | sort -r'
	assert_success
	assert_output "$(printf 'b\na')"
	grep -q ' pipe2 = 0$' log
	grep -q ' execve filename="/usr/bin/sort" = 0$' log
	grep -q '^[0-9]* "/usr/bin/sort" write fd=1 = 4$' log
	# three processes: the shell, printf's fork and sort
	run sh -c "sed 1d log | cut -d' ' -f1 | sort -u | wc -l"
	assert_output 3
}

@test "st-record: the man page examples run" {
	run_split st-record -o ls.log sh -c 'ls /etc | wc -l'
	assert_success
	grep -q ' openat ' ls.log
}

@test "st-record: a log that cannot be written is an error, exit 2" {
	run sh -c 'st-record -o - sh -c "sleep 0.2; echo ran > ran" | true; echo "${?}"'
	[ -s ran ]
	run bash -c 'st-record -o - sh -c "sleep 0.2" 2>err | true; echo "${PIPESTATUS[0]}"'
	assert_output 2
	[ "$(cat err)" = "st-record: standard output: Broken pipe" ]
}
