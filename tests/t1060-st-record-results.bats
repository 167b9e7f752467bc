#!/usr/bin/env bats
# st-record's results: every call's return value or -ERRNO through the
# tracepoints; without them (ST_RECORD_NOPERF, or not allowed) every call
# stops and is written with ?; a full ring buffer is reported, not hidden.

load common

H=$TOP/tests/helpers

@test "st-record: results: a byte count, a descriptor, -ENOENT" {
	need_results
	D=$(pwd -P)
	printf hello > f
	run_split st-record -o log sh -c 'cat f; cat absent-st 2>/dev/null; exit 0' 3>&-
	assert_success
	assert_output hello
	[ -z "$stderr" ]
	grep -q "^[0-9]* \"/usr/bin/cat\" openat filename=\"$D/f\" oflags=ro = 3\$" log
	grep -q '^[0-9]* "/usr/bin/cat" read fd=3 = 5$' log
	grep -q '^[0-9]* "/usr/bin/cat" read fd=3 = 0$' log
	grep -q '^[0-9]* "/usr/bin/cat" write fd=1 = 5$' log
	grep -q "^[0-9]* \"/usr/bin/cat\" openat filename=\"$D/absent-st\" oflags=ro exists=no = -ENOENT\$" log
	# every line has its result, but the exits that never return
	run sh -c "sed 1d log | grep ' = ?\$' | grep -v ' exit_group = ?\$'"
	assert_output ''
}

@test "st-record: results of calls that do not stop" {
	need_results
	run_split st-record -o log "$H/getppid_loop" 1000
	assert_success
	pid=$(sed -n '2s/ .*//p' log)
	ppid=$(sed -n "s/^$pid \"[^\"]*\" getppid = \\([0-9]*\\)\$/\\1/p" log | sort -u)
	[ "$ppid" -gt 1 ]
	run grep -c "^$pid \"[^\"]*/getppid_loop\" getppid = $ppid\$" log
	assert_output 1000
}

@test "st-record: ST_RECORD_NOPERF: every call stops, results are ?" {
	D=$(pwd -P)
	printf hello > f
	ST_RECORD_NOPERF=1 run_split st-record -o log sh -c 'cat f; cat absent-st 2>/dev/null; exit 0' 3>&-
	assert_success
	assert_output hello
	[ -z "$stderr" ]
	run sed -n 2p log
	assert_output --regexp '^[0-9]+ "/usr/bin/dash" execve filename="/usr/bin/sh" = 0$'
	grep -q "^[0-9]* \"/usr/bin/cat\" openat filename=\"$D/f\" oflags=ro = ?\$" log
	grep -q '^[0-9]* "/usr/bin/cat" read fd=3 = ?$' log
	grep -q "^[0-9]* \"/usr/bin/cat\" openat filename=\"$D/absent-st\" oflags=ro exists=no = ?\$" log
	[ "$(sed 1,2d log | grep -c ' = [0-9-]')" = 0 ]
}

@test "st-record: ST_RECORD_NOPERF: threads, exec from a thread" {
	ST_RECORD_NOPERF=1 run_split st-record -o log "$H/thread_exec" /bin/echo hello
	assert_success
	assert_output "exec from other thread
hello"
	leader=$(sed -n 2p log | cut -d' ' -f1)
	tid=$(grep ' execve filename="/usr/bin/echo" = ?$' log | cut -d' ' -f1)
	[ -n "$tid" ]
	[ "$tid" != "$leader" ]
	grep -q "^$leader \"/usr/bin/echo\" write fd=1 = ?\$" log
}

@test "st-record: without the tracepoints' privileges, it says so and records" {
	[ -z "${ST_RECORD_NOPERF:-}" ] || skip "ST_RECORD_NOPERF is set: the message is not printed"
	[ "$(id -u)" -eq 0 ] || skip "not root: cannot become another user"
	command -v setpriv >/dev/null || skip "no setpriv"
	run_split setpriv --reuid=65534 --regid=65534 --clear-groups \
		st-record -o - /bin/true
	assert_success
	[[ "$stderr" == "st-record: recording without results: "* ]]
	assert_line --index 1 --regexp '^[0-9]+ "/usr/bin/true" execve filename="/usr/bin/true" = 0$'
	assert_line --regexp ' exit_group = \?$'
}

@test "st-record: lost records are written as # lines and reported" {
	need_results
	# one page of ring buffer a CPU: 100,000 calls cannot fit
	for i in 1 2 3 4 5; do
		ST_RECORD_PERF_PAGES=1 run_split st-record -o log "$H/getppid_loop" 100000
		grep -q '^# st-record: [0-9]* events lost on cpu [0-9]*: the perf ring buffer was full$' log && break
	done
	assert_success
	assert_output 100000
	grep -q '^# st-record: [0-9]* events lost' log
	[[ "$stderr" =~ ^st-record:\ [0-9]+\ events\ lost\ \(the\ perf\ ring\ buffers\ were\ full\):\ the\ log\ is\ incomplete$ ]]
}
