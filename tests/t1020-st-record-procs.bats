#!/usr/bin/env bats
# st-record follows threads, vfork, exec from a thread, signals, and keeps
# every event when the program is killed by its pid.

load common

H=$TOP/tests/helpers

@test "st-record: threads, each call under its thread's id" {
	need_results
	D=$(pwd -P)
	run_split st-record -o log "$H/threads" 4
	assert_success
	assert_output "4 threads"
	for i in 0 1 2 3; do
		run grep -c "openat filename=\"$D/thread-$i\" oflags=woct mode=0644 exists=no = [0-9]*$" log
		assert_output 1
		run grep -c "unlink filename=\"$D/thread-$i\" = 0$" log
		assert_output 1
	done
	# five tasks: the leader and four threads
	run sh -c "sed 1d log | cut -d' ' -f1 | sort -u | wc -l"
	assert_output 5
	run grep -c ' clone3 flags=CLONE_VM|.* = [0-9]*$' log
	assert_output 4
	# each thread's calls under its own id: its clone3's result
	for tid in $(sed -n 's/.* clone3 flags=CLONE_VM|.* = //p' log); do
		grep -q "^$tid .* unlink " log
	done
}

@test "st-record: vfork and exec in the child" {
	need_results
	run_split st-record -o log "$H/vfork_exec" /bin/true
	assert_success
	assert_output "child 0"
	child=$(grep 'execve filename="/usr/bin/true" = 0$' log | cut -d' ' -f1)
	[ -n "$child" ]
	grep -q "\"[^\"]*/vfork_exec\" vfork = $child\$" log
	grep -q "^$child \"/usr/bin/true\" exit_group = ?$" log
	grep -q "\"[^\"]*/vfork_exec\" wait4 = $child\$" log
}

@test "st-record: exec from a thread other than the leader" {
	need_results
	run_split st-record -o log "$H/thread_exec" /bin/echo hello
	assert_success
	assert_output "exec from other thread
hello"
	leader=$(sed -n 2p log | cut -d' ' -f1)
	tid=$(grep '"[^"]*/thread_exec" execve filename="/usr/bin/echo" = 0$' log | cut -d' ' -f1)
	[ -n "$tid" ]
	[ "$tid" != "$leader" ]
	# the leader's call never returned: the exec ended it
	grep -q "^$leader \"[^\"]*/thread_exec\" pause = ?$" log
	# after the exec, echo runs under the leader's pid
	grep -q "^$leader \"/usr/bin/echo\" write fd=1 = 6$" log
	! grep -q "^$tid \"/usr/bin/echo\"" log
}

@test "st-record: signals are delivered, a restarted call is written twice" {
	need_results
	run_split st-record -o log "$H/signals" 3
	assert_success
	assert_output "got 3 signals, read z"
	run grep -c ' kill signame=SIGUSR1 = 0$' log
	assert_output 3
	run grep -c ' rt_sigreturn = ' log
	[ "$output" -ge 4 ]
	# as strace: the read the timer interrupted, then the restarted one
	run grep ' read fd=[0-9]* = [?1]$' log
	assert_output --regexp '^[0-9]+ "[^"]*/signals" read fd=[0-9]+ = \?
[0-9]+ "[^"]*/signals" read fd=[0-9]+ = 1$'
}

@test "st-record: a program that dies of a signal, st-record gives 128+N" {
	need_results
	run_split st-record -o log "$H/signals" 1 die
	assert_failure 143
	assert_output "got 1 signals, read z"
	grep -q ' kill signame=SIGTERM = 0$' log
}

@test "st-record: killing the program by its pid keeps every event" {
	st-record -o log sh -c 'echo $$ > pid; exec sleep 60' &
	rec=$!
	for i in $(seq 100); do
		# sleep's last call before its clock_nanosleep
		[ -s pid ] && grep -q '"/usr/bin/sleep" close fd=3' log 2>/dev/null && break
		sleep 0.1
	done
	kill "$(cat pid)"
	st=0
	wait "$rec" || st=$?
	[ "$st" -eq 143 ]
	grep -q '"/usr/bin/sleep" clock_nanosleep = ?$' log
}

@test "st-record: SIGTERM to st-record is passed to the command" {
	st-record -o log sh -c 'echo $$ > pid; exec sleep 60' &
	rec=$!
	for i in $(seq 100); do
		# sleep's last call before its clock_nanosleep
		[ -s pid ] && grep -q '"/usr/bin/sleep" close fd=3' log 2>/dev/null && break
		sleep 0.1
	done
	kill -TERM "$rec"
	st=0
	wait "$rec" || st=$?
	[ "$st" -eq 143 ]
	grep -q '"/usr/bin/sleep" clock_nanosleep = ?$' log
}

@test "st-record: an ignored SIGHUP stays ignored in the command" {
	run_split st-record -o log sh -c 'trap "" HUP; exec sh -c "kill -HUP \$\$; echo alive"'
	assert_success
	assert_output alive
}

@test "st-record: the command stops and continues as without st-record" {
	st-record -o log sh -c 'echo $$ > pid; sleep 0.5; echo end > end' &
	rec=$!
	for i in $(seq 100); do
		[ -s pid ] && break
		sleep 0.1
	done
	kill -STOP "$(cat pid)"
	sleep 1
	[ ! -e end ]
	run sh -c "grep State: /proc/$(cat pid)/status"
	assert_output --partial 'T (stopped)'
	kill -CONT "$(cat pid)"
	st=0
	wait "$rec" || st=$?
	[ "$st" -eq 0 ]
	[ "$(cat end)" = end ]
}

@test "st-record: a shell forking while its children exit never fails to fork" {
	# dash handles SIGCHLD without SA_RESTART: a fork stopped for
	# st-record when a child's SIGCHLD arrives would fail with EINTR
	# ("Cannot fork"), which the shell never sees unrecorded
	need_results
	command -v dash >/dev/null || skip "dash is not installed"
	cat >forks.sh <<-'EOS'
		i=0
		while [ $i -lt 300 ]; do
			/bin/true &
			i=$((i + 1))
		done
		wait
		echo done
	EOS
	run_split st-record -o log -- dash forks.sh
	assert_success
	assert_output "done"
	[ -z "$stderr" ]
	run grep -c ' clone flags=.* = [0-9]*$' log
	assert_output 300
}
