#!/usr/bin/env bats
# st-record -p attaches to running processes with ptrace, records with
# results, and detaches on SIGINT/SIGTERM leaving them running.

load common

start_loop() {
	sh -c 'while :; do cat /etc/hostname >/dev/null; sleep 0.1; done' &
	LOOP=$!
}

stop_loop() {
	kill "$LOOP" 2>/dev/null || :
	wait "$LOOP" 2>/dev/null || :
}

wait_for() {
	for i in $(seq 100); do
		grep -q "$1" log 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

@test "st-record -p: attach, record with results, detach on SIGINT" {
	start_loop
	st-record -o log -p "$LOOP" 2>err &
	rec=$!
	wait_for 'openat filename="/etc/hostname" oflags=ro = [0-9]' || {
		kill "$rec"
		stop_loop
		return 1
	}
	kill -INT "$rec"
	st=0
	wait "$rec" || st=$?
	# still running, no longer traced
	kill -0 "$LOOP"
	run grep TracerPid /proc/"$LOOP"/status
	assert_output --regexp 'TracerPid:[[:space:]]+0'
	stop_loop
	[ "$st" -eq 0 ]
	grep -q "openat filename=\"/etc/hostname\" oflags=ro = [0-9]*$" log
	grep -q ' execve filename="/usr/bin/cat" = 0$' log
	grep -q ' vfork = [0-9]*$' log
	grep -q ' access filename="/etc/ld.so.preload" exists=no = -ENOENT$' log
	[ "$(head -1 err)" = "st-record: attached to $LOOP" ]
}

@test "st-record -p: detach on SIGTERM, -q is quiet" {
	start_loop
	st-record -q -o log -p "$LOOP" 2>err &
	rec=$!
	wait_for 'cat' || {
		kill "$rec"
		stop_loop
		return 1
	}
	kill -TERM "$rec"
	st=0
	wait "$rec" || st=$?
	kill -0 "$LOOP"
	stop_loop
	[ "$st" -eq 0 ]
	[ ! -s err ]
}

@test "st-record -p: the process ends, st-record gives its status" {
	sh -c 'sleep 0.5; cat /etc/hostname >/dev/null; exit 7' &
	pid=$!
	st-record -o log -p "$pid" &
	rec=$!
	st=0
	wait "$rec" || st=$?
	wait "$pid" 2>/dev/null || :
	[ "$st" -eq 7 ]
	grep -q ' exit_group = ?$' log
}

@test "st-record -p: a pid that does not exist is a setup failure" {
	run_split st-record -o log -p 999999999
	assert_failure 125
	[[ "$stderr" == "st-record: attach 999999999: "* ]]
}
