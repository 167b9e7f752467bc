#!/usr/bin/env bats
# st-genpolicy -d: one policy file per program, named as systrace named
# them, written all or nothing.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
}

@test "st-genpolicy -d: the inetd scenario gives two files" {
	run_split st-genpolicy -d policies "$TOP/share/examples/inetd.log"
	assert_success
	assert_output ""
	[ -z "$stderr" ]
	[ "$(ls -A policies | tr '\n' ' ')" = "usr_sbin_inetd usr_sbin_oidentd " ]
	st-genpolicy "$TOP/share/examples/inetd.log" >all
	cat policies/usr_sbin_inetd >joined
	echo >>joined
	cat policies/usr_sbin_oidentd >>joined
	cmp all joined
	grep -qx 'Policy: /usr/sbin/oidentd, Emulation: x86_64' policies/usr_sbin_oidentd
	! grep -q inetd policies/usr_sbin_oidentd
}

@test "st-genpolicy -d: names, collisions, other files kept, reruns" {
	cat >n.log <<'EOF2'
#st-log 1 arch=x86_64
1 "/usr/lib/a-b/x.sh" getpid = 1
2 "/usr/lib/a_b/x.sh" getpid = 1
3 "//opt/My Tool+" getpid = 1
3 "//opt/My Tool+" x86-getpid = 1
EOF2
	mkdir d
	echo mine >d/keep
	run_split st-genpolicy -d d n.log
	assert_success
	[ "$(ls -A d | tr '\n' ' ')" = "keep opt_My_Tool_ usr_lib_a_b_x_sh " ]
	[ "$(cat d/keep)" = mine ]
	[ "$(grep -c '^Policy:' d/usr_lib_a_b_x_sh)" -eq 2 ]
	[ "$(grep -c '^Policy:' d/opt_My_Tool_)" -eq 2 ]
	run_split st-genpolicy -d d n.log
	assert_success
	[ "$(ls -A d | tr '\n' ' ')" = "keep opt_My_Tool_ usr_lib_a_b_x_sh " ]
}

@test "st-genpolicy -d with -v and -u" {
	run_split st-genpolicy -uv -d d "$G/inetd.log"
	assert_success
	head -2 d/usr_sbin_inetd | grep -qx '# from .*inetd.log (35 events)'
	grep -q 'openat: filename eq "/etc/inetd.conf" and oflags eq "ro" then permit' d/usr_sbin_inetd
}

@test "st-genpolicy -d: an unwritable directory is an error, nothing left" {
	[ "$(id -u)" -ne 0 ] || skip "root writes anywhere"
	mkdir ro
	chmod 555 ro
	run_split st-genpolicy -d ro "$G/inetd.log"
	assert_failure 2
	[ -z "$(ls -A ro)" ]
}

@test "st-genpolicy -d: a path that is a file is an error" {
	echo x >f
	run_split st-genpolicy -d f/sub "$G/inetd.log"
	assert_failure 2
	[ "$stderr" = "st-genpolicy: f/sub: Not a directory" ]
}
