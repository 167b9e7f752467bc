#!/usr/bin/env bats
# st-genpolicy: bad input is a FILE:LINE:COL error, exit 2, and nothing
# is written.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
}

@test "st-genpolicy reports every bad fixture exactly as its golden .err" {
	cd "$G"
	n=0
	for f in fail-*.log fail-*.trace; do
		run_split st-genpolicy "$f"
		assert_failure 2
		assert_output ""
		diff -u "${f%.*}.err" - <<<"$stderr"
		n=$((n + 1))
	done
	[ "$n" -ge 10 ]
}

@test "st-genpolicy: the column of a fault after an escaped program path" {
	printf '#st-log 1 arch=x86_64\n7 "/opt/a \\"b\\" \\\\" bogus = 0\n' >e.log
	run_split st-genpolicy e.log
	assert_failure 2
	[ "$stderr" = 'st-genpolicy: e.log:2:21: unknown system call "bogus"' ]
	printf '#st-log 1 arch=x86_64\n7 "/opt/a" x86-openat filename="/x" oflags=ro mode=99 = 0\n' >m.log
	run_split st-genpolicy m.log
	assert_failure 2
	[ "$stderr" = 'st-genpolicy: m.log:2:52: invalid mode value "99"' ]
}

@test "st-genpolicy: a bad line on standard input is reported as <stdin>" {
	run_split st-genpolicy <"$G/fail-bad-oflags.log"
	assert_failure 2
	[ "$stderr" = 'st-genpolicy: <stdin>:2:41: invalid oflags value "rx"' ]
	cat "$G/inetd.log" "$G/fail-unterminated.log" | {
		run_split st-genpolicy -
		assert_failure 2
		[ "$stderr" = 'st-genpolicy: <stdin>:49:29: unterminated string' ]
	}
}

@test "st-genpolicy: each bad input is reported, and nothing is written" {
	run_split st-genpolicy "$G/inetd.log" "$G/fail-twice.log" "$G/fail-bad-fd.log"
	assert_failure 2
	assert_output ""
	[ "$stderr" = "st-genpolicy: $G/fail-twice.log:2:23: argument \"fd\" given twice
st-genpolicy: $G/fail-bad-fd.log:2:21: invalid fd value \"x3\"" ]
}

@test "st-genpolicy: a missing file, a directory" {
	run_split st-genpolicy nosuch.log
	assert_failure 2
	assert_output ""
	[ "$stderr" = "st-genpolicy: nosuch.log: No such file or directory" ]
	mkdir d
	run_split st-genpolicy d
	assert_failure 2
	[ "$stderr" = "st-genpolicy: d: Is a directory" ]
}

@test "st-genpolicy -d: bad input leaves no directory and no file" {
	run_split st-genpolicy -d out "$G/inetd.log" "$G/fail-wrong-arch.log"
	assert_failure 2
	[ ! -e out ]
	mkdir out2
	run_split st-genpolicy -d out2 "$G/inetd.log" "$G/fail-wrong-arch.log"
	assert_failure 2
	[ -z "$(ls -A out2)" ]
}
