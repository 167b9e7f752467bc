#!/usr/bin/env bats
# Nothing lost: 1,000 short-lived children, 50 threads doing I/O, signals
# in flight and an exec from a thread; the per-call counts of the log
# against strace -f -c on the same workload.

load common

H=$TOP/tests/helpers

@test "st-record: per-call counts match strace -f -c" {
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
	# clone: strace also counts the restarted attempts, as errors
	c=$(awk '$1 == "clone" { print $2 - $3 }' strace.counts)
	[ "$(count clone rec.counts)" = "$c" ]
	[ "$c" = 1000 ]
}
