#!/usr/bin/env bats
# make install honours PREFIX and DESTDIR: binaries, manuals and share/.

load common

@test "make install puts tools, manuals and data under DESTDIR/PREFIX" {
	run make -s -C "$TOP" install DESTDIR="$TMP/root" PREFIX=/opt/st
	assert_success
	for d in "$TOP"/cmd/st-*; do
		t=${d##*/}
		[ -x "$d/$t" ] || continue
		assert_file_executable "$TMP/root/opt/st/bin/$t"
		assert_file_exists "$TMP/root/opt/st/share/man/man1/$t.1"
	done
	assert_file_exists "$TMP/root/opt/st/share/man/man5/st-policy.5"
	assert_file_exists "$TMP/root/opt/st/share/man/man5/st-log.5"
	assert_file_exists "$TMP/root/opt/st/share/st/examples/inetd.log"
	# the installed tools work from there
	run "$TMP/root/opt/st/bin/st-merge" "$TMP/root/opt/st/share/st/examples/inetd.policy"
	assert_success
	# nothing was written outside DESTDIR
	[ ! -e /opt/st/bin/st-merge ] || [ /opt/st/bin/st-merge -ot "$TMP/root/opt/st/bin/st-merge" ]
}
