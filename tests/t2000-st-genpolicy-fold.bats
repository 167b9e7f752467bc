#!/usr/bin/env bats
# st-genpolicy: folding logs into canonical policies, golden outputs,
# the options and the output rules every tool shares.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
}

@test "st-genpolicy -h prints the usage, which is the manual's SYNOPSIS" {
	run_split st-genpolicy -h
	assert_success
	assert_output "usage: st-genpolicy [-Guv] [-d dir] [-g file] [-o file] [file ...]"
	syn=$(mandoc -Tascii "$TOP/cmd/st-genpolicy/st-genpolicy.1" | col -b |
		sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//')
	[ "usage: $syn" = "$output" ]
}

@test "st-genpolicy -V prints the version; a bad option is a usage error" {
	run_split st-genpolicy -V
	assert_success
	[[ "$output" == "st-genpolicy "* ]]
	run_split st-genpolicy -x
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: st-genpolicy [-Guv] [-d dir] [-g file] [-o file] [file ...]" ]]
	run_split st-genpolicy -d dir -o file "$G/inetd.log"
	assert_failure 2
	[[ "$stderr" == "st-genpolicy: -d and -o cannot be used together"* ]]
	[ ! -e dir ] && [ ! -e file ]
}

@test "st-genpolicy folds every ok fixture as its golden .out" {
	cd "$G"
	for f in inetd.log ok-*.log; do
		run_split st-genpolicy "$f"
		assert_success
		[ -z "$stderr" ]
		diff -u "${f%.log}.out" - <<<"$output"
	done
}

@test "st-genpolicy: the bundled inetd.log gives two policies, inetd and oidentd" {
	run_split st-genpolicy "$TOP/share/examples/inetd.log"
	assert_success
	[ "$(grep -c '^Policy:' <<<"$output")" -eq 2 ]
	grep -qx 'Policy: /usr/sbin/inetd, Emulation: x86_64' <<<"$output"
	grep -qx 'Policy: /usr/sbin/oidentd, Emulation: x86_64' <<<"$output"
	grep -qx '	execve: filename eq "/usr/sbin/oidentd" then permit' <<<"$output"
	grep -qx '	fsread: filename eq "/etc/hosts.allow" then deny\[ENOENT\]' <<<"$output"
}

@test "st-genpolicy: the output is canonical (st-merge changes nothing)" {
	for f in "$G"/inetd.log "$G"/ok-*.log; do
		for opt in "" -v -u; do
			st-genpolicy $opt "$f" >once
			st-merge once >twice
			cmp once twice
		done
	done
}

@test "st-genpolicy -u: no aliases, every argument but fd kept" {
	cd "$G"
	run_split st-genpolicy -u inetd.log
	assert_success
	diff -u inetd-u.out - <<<"$output"
	! grep -q 'fsread\|fswrite' <<<"$output"
	grep -qx '	openat: filename eq "/etc/inetd.conf" and oflags eq "ro" then permit' <<<"$output"
	grep -qx '	newfstatat: filename eq "/lib/x86_64-linux-gnu/libc.so.6" then permit' <<<"$output"
}

@test "st-genpolicy -v: how many events, from which logs, per rule and per policy" {
	cd "$G"
	run_split st-genpolicy -v inetd.log
	assert_success
	diff -u inetd-v.out - <<<"$output"
	head -2 <<<"$output" | grep -qx '# from inetd.log (35 events)'
	cd "$TMP"
	cp "$G/inetd.log" a.log
	cp "$G/inetd.log" b.log
	run_split st-genpolicy -v b.log a.log
	assert_success
	head -2 <<<"$output" | grep -qx '# from a.log (35 events), b.log (35 events)'
	grep -A1 -x '	# 6 events in a.log, b.log' <<<"$output" | grep -qx '	accept: permit'
	# without -v, just rules (and the comments of needed calls)
	run_split st-genpolicy a.log
	! grep -v 'needed to\|# fallback: \|^# st-lint: allow broader' <<<"$output" | grep -q '#'
}

@test "st-genpolicy: every policy may exit and return from signals" {
	printf '#st-log 1 arch=x86_64\n1 "/bin/p" getpid = 1\n#st-log 1 arch=x86\n1 "/bin/q" getpid = 1\n#st-log 1 arch=aarch64\n1 "/bin/r" getpid = 1\n' >l.log
	run_split st-genpolicy l.log
	assert_success
	assert_output - <<'P'
Policy: /bin/p, Emulation: x86_64
	# needed to exit
	exit: permit
	# needed to exit
	exit_group: permit
	getpid: permit
	# needed to return from signal handlers
	rt_sigreturn: permit

Policy: /bin/q, Emulation: x86
	# needed to exit
	exit: permit
	# needed to exit
	exit_group: permit
	getpid: permit
	# needed to return from signal handlers
	rt_sigreturn: permit
	# needed to return from signal handlers
	sigreturn: permit

Policy: /bin/r, Emulation: aarch64
	# needed to exit
	exit: permit
	# needed to exit
	exit_group: permit
	getpid: permit
	# needed to return from signal handlers
	rt_sigreturn: permit
P
}

@test "st-genpolicy: - and no operand read standard input; logs concatenated in one stream" {
	run_split st-genpolicy - <"$G/inetd.log"
	assert_success
	diff -u "$G/inetd.out" - <<<"$output"
	run_split st-genpolicy <"$G/inetd.log"
	assert_success
	diff -u "$G/inetd.out" - <<<"$output"
	cat "$G/inetd.log" | st-genpolicy >piped
	cmp piped "$G/inetd.out"
	cat "$G/inetd.log" "$G/ok-concat.log" "$G/ok-outcomes.log" | st-genpolicy >cat.out
	st-genpolicy "$G/inetd.log" "$G/ok-concat.log" "$G/ok-outcomes.log" >args.out
	cmp cat.out args.out
	st-genpolicy - "$G/ok-concat.log" <"$G/ok-outcomes.log" >mixed.out
	st-genpolicy "$G/ok-outcomes.log" "$G/ok-concat.log" >both.out
	cmp mixed.out both.out
}

@test "st-genpolicy: byte-identical whatever the order of inputs and lines" {
	st-genpolicy "$G/inetd.log" "$G/ok-outcomes.log" "$G/ok-aliases.log" >ref
	st-genpolicy "$G/ok-aliases.log" "$G/inetd.log" "$G/ok-outcomes.log" >perm
	cmp ref perm
	for seed in 1 2 3; do
		for f in inetd ok-outcomes ok-aliases; do
			{
				head -1 "$G/$f.log"
				tail -n +2 "$G/$f.log" | grep -v '^#' |
					awk -v s=$seed 'BEGIN { srand(s) } { print rand() "\t" $0 }' |
					sort -n | cut -f2-
			} >"$f.shuf"
		done
		st-genpolicy ok-aliases.shuf inetd.shuf ok-outcomes.shuf >shuf
		cmp ref shuf
		st-genpolicy -v inetd.shuf >v1
		st-genpolicy -v "$G/inetd.log" | sed 's|[^ ]*inetd\.log|inetd.shuf|g' >v2
		cmp v1 v2
	done
}

@test "st-genpolicy: duplicates fold; memory follows distinct rules, not events" {
	{
		echo '#st-log 1 arch=x86_64'
		for i in $(seq 2000); do
			echo "$i \"/bin/a\" openat filename=\"/etc/f$((i % 7))\" oflags=ro = $((i % 9 + 3))"
			echo "$i \"/bin/a\" read fd=3 = $i"
		done
	} >rep.log
	run_split st-genpolicy rep.log
	assert_success
	[ "$(grep -c 'fsread' <<<"$output")" -eq 7 ]
	[ "$(grep -c 'read: permit' <<<"$output")" -eq 1 ]
	# 200 times the events, the same memory
	for i in $(seq 100); do cat rep.log rep.log; done >big.log
	rss() { /usr/bin/time -f %M st-genpolicy "$1" 2>&1 >/dev/null; }
	if [ -x /usr/bin/time ]; then
		small=$(rss rep.log)
		large=$(rss big.log)
		[ "$large" -lt $((small + 4096)) ] || {
			echo "rss $small KB -> $large KB"
			return 1
		}
	fi
	st-genpolicy big.log | cmp - <(st-genpolicy rep.log)
}

@test "st-genpolicy -o writes atomically; bad input leaves the output untouched" {
	run_split st-genpolicy -o p.policy "$G/inetd.log"
	assert_success
	assert_output ""
	cmp p.policy "$G/inetd.out"
	[ "$(ls -A)" = p.policy ]
	echo keep >p.policy
	run_split st-genpolicy -o p.policy "$G/inetd.log" "$G/fail-unknown-syscall.log"
	assert_failure 2
	[ "$(cat p.policy)" = keep ]
	[ "$(ls -A)" = p.policy ]
}

@test "st-genpolicy: an unwritable output is an error" {
	run_split st-genpolicy -o /nonexistent/dir/p.policy "$G/inetd.log"
	assert_failure 2
	[ "$stderr" = "st-genpolicy: /nonexistent/dir/p.policy: No such file or directory" ]
	if [ -w /dev/full ]; then
		run sh -c 'st-genpolicy "$1" >/dev/full' sh "$G/inetd.log"
		assert_failure 2
		assert_output "st-genpolicy: standard output: No space left on device"
	fi
}

@test "st-genpolicy: an empty input folds to nothing" {
	: >empty.log
	run_split st-genpolicy empty.log
	assert_success
	assert_output ""
	printf '#st-log 1 arch=x86_64\n# nothing happened\n' >quiet.log
	run_split st-genpolicy quiet.log
	assert_success
	assert_output ""
}
