#!/usr/bin/env bats
# Nothing lost: 1,000 short-lived children, 50 threads doing I/O, signals
# in flight and an exec from a thread; the per-call counts of the log
# against strace -f -c on the same workload.

load common

H=$TOP/tests/helpers

@test "st-record: per-call counts match strace -f -c" {
	need_results
	command -v strace >/dev/null || skip "no strace"
	run_split st-record -o log "$H/stress" /bin/echo done
	assert_success
	assert_output done
	[ "$stderr" = "signals 100" ]
	run_split strace -f -c -o sc "$H/stress" /bin/echo done
	assert_success
	# strace -c: calls and errors per name; an interrupted call that the
	# kernel restarts counts twice there, as an error and again
	awk '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ {
		print $NF, $4, (NF == 6 ? $5 : 0) }' sc > strace.counts
	sed 1d log | awk '{ n[$3]++ } END { for (c in n) print c, n[c] }' > rec.counts
	count() { awk -v c="$1" '$1 == c { print $2 }' "$2"; }
	for c in getppid write wait4 tgkill rt_sigreturn clone3 execve; do
		[ "$(count $c rec.counts)" = "$(count $c strace.counts)" ] || {
			echo "$c: st-record $(count $c rec.counts), strace $(count $c strace.counts)"
			cat rec.counts strace.counts
			return 1
		}
	done
	[ "$(count getppid rec.counts)" = 1000 ]
	[ "$(count write rec.counts)" -ge 5000 ]
	# clone: an attempt that a signal interrupted and the kernel
	# restarted is a line with the result ?, and an error for strace
	c=$(awk '$1 == "clone" { print $2 - $3 }' strace.counts)
	[ "$(grep -c ' clone flags=[^ ]* = [0-9][0-9]*$' log)" = "$c" ]
	[ "$c" = 1000 ]
	# nothing lost, no call without its result but those that end
	# their thread (exit), are restarted (clone), or die in the exec
	[ "$(sed 1d log | grep -c '^#')" = 0 ]
	[ "$(sed 1d log | grep -c ' = [0-9-]')" -gt 10000 ]
}
