#!/usr/bin/env bats
# st-genpolicy -G and -g: generalisation is explicit, commented, and never
# reaches a sensitive path.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
	export HOME=/home/alice TMPDIR=/nonexistent-tmpdir
}

@test "st-genpolicy -G: each built-in step, with its comment" {
	run_split st-genpolicy -G "$G/general.log"
	assert_success
	[ -z "$stderr" ]
	diff -u "$G/general-G.out" - <<<"$output"
}

@test "st-genpolicy: without -G or -g, exact rules only" {
	run_split st-genpolicy "$G/general.log"
	assert_success
	! grep -q 'match\|generalised' <<<"$output"
}

@test "st-genpolicy -G: sensitive paths keep exact rules; no match covers them" {
	run_split st-genpolicy -G "$G/general.log"
	assert_success
	grep -qx '	fsread: filename eq "/home/alice/.ssh/id_rsa" then permit' <<<"$output"
	grep -qx '	fsread: filename eq "/proc/1234/environ" then permit' <<<"$output"
	# five files in /etc, but /etc/* would cover /etc/shadow
	grep -qx '	fsread: filename eq "/etc/a1" then permit' <<<"$output"
	! grep -q 'match "/etc' <<<"$output"
	# denials and execs stay exact
	grep -qx '	execve: filename eq "/tmp/tmp.Ab3dE9xQ" then permit' <<<"$output"
	# an absent path in a generalised tree needs no denial; a refused
	# one keeps the tree's paths exact
	! grep -q '/usr/lib/app/missing' <<<"$output"
	grep -qx '	# generalised by -G dir: 5 paths in /usr/lib/app (and 1 absent)' <<<"$output"
	grep -qx '	fsread: filename eq "/opt/app/secret" then deny\[EACCES\]' <<<"$output"
	grep -qx '	fsread: filename eq "/opt/app/f1" then permit' <<<"$output"
}

@test "st-genpolicy -G: the output is canonical and order-independent" {
	st-genpolicy -G "$G/general.log" >once
	st-merge once | cmp - once
	{
		head -1 "$G/general.log"
		tail -n +2 "$G/general.log" | sort -r
	} >rev.log
	st-genpolicy -G rev.log | cmp - once
}

@test "st-genpolicy -g: match, sensitive and dir directives" {
	cat >rules <<'R'
# our rules
match "/etc/a[0-9]"
match /srv/data/*
sensitive /srv/data/secret
dir 3
R
	run_split st-genpolicy -g rules "$G/general.log"
	assert_success
	[ -z "$stderr" ]
	grep -B1 -x '	fsread: filename match "/etc/a\[0-9\]" then permit' <<<"$output" |
		grep -qx '	# generalised by -g rules:2'
	# the pattern would cover a sensitive path: not produced
	! grep -q 'match "/srv/data' <<<"$output"
	grep -qx '	fsread: filename eq "/srv/data/x" then permit' <<<"$output"
	# dir 3: three paths of /usr/share/app
	grep -B1 -x '	fsread: filename match "/usr/share/app/\*" then permit' <<<"$output" |
		grep -qx '	# generalised by -G dir: 3 paths in /usr/share/app'
	# -g alone does not turn on the built-in steps
	! grep -q 'match "/proc' <<<"$output"
}

@test "st-genpolicy -g: a bad rules file is FILE:LINE:COL, exit 2" {
	printf 'match /ok\nwiden /x\nmatch relative\ndir 1\nmatch "/x\nsensitive\n' >bad
	run_split st-genpolicy -g bad "$G/general.log"
	assert_failure 2
	assert_output ""
	[ "$stderr" = 'st-genpolicy: bad:2:1: unknown directive (match, sensitive or dir)
st-genpolicy: bad:3:7: a pattern must be an absolute path
st-genpolicy: bad:4:5: invalid dir threshold (2 to 1000000)
st-genpolicy: bad:5:7: unterminated string
st-genpolicy: bad:6:10: missing argument' ]
	run_split st-genpolicy -g nosuch "$G/general.log"
	assert_failure 2
	[ "$stderr" = "st-genpolicy: nosuch: No such file or directory" ]
}
