#!/usr/bin/env bats
# st-record decodes arguments: paths as the process sees them (cwd, dirfd,
# AT_EMPTY_PATH, symbolic links of the directory part, names that do not
# exist yet), flags, socket addresses, and i386 calls of a 64-bit process.

load common

H=$TOP/tests/helpers

@test "st-record: paths, flags and addresses, decoded" {
	need_results
	D=$(pwd -P)
	run_split st-record -o log "$H/paths" 3>&-
	assert_success
	assert_output "paths done"
	P="\"$H/paths\""
	sed -n "s|^[0-9]* $P ||p" log | sed "s|$D|DIR|g; s/ fd=[0-9]*//; s/ = [1-9][0-9]*\$/ = N/" > got
	cat > want <<-'EOF2'
	mkdir filename="DIR/d" mode=0755 exists=no = 0
	symlink string="d" filename="DIR/link" exists=no = 0
	openat filename="DIR/link" oflags=rod = N
	openat filename="DIR/d/f" oflags=woct mode=0600 exists=no = N
	newfstatat filename="DIR/d" = 0
	openat filename="DIR/d/f" oflags=ro = N
	fcntl cmd=F_GETFL = N
	rename filename="DIR/d/f" filename[1]="DIR/d/g" = 0
	access filename="DIR/d/nonexistent" exists=no = -ENOENT
	prctl option=PR_SET_NAME = 0
	kill signame=0 = 0
	socket sockdom=AF_INET socktype=SOCK_DGRAM = N
	connect sockaddr="inet-[127.0.0.1]:9" = 0
	socket sockdom=AF_UNIX socktype=SOCK_STREAM = N
	bind sockaddr="unix-sock" = 0
	connect sockaddr="unix-@st-test" = -ECONNREFUSED
	chdir filename="DIR/d" = 0
	unlink filename="DIR/d/g" = 0
	EOF2
	while IFS= read -r line; do
		grep -qxF -- "$line" got || {
			echo "missing: $line"
			return 1
		}
	done < want
}

@test "st-record: a relative path from another directory" {
	need_results
	D=$(pwd -P)
	mkdir -p a/b
	echo x > a/f
	run_split st-record -o log sh -c 'cd a/b && cat ../f && cat ../../a/none'
	assert_failure 1
	assert_output x
	grep -q " openat filename=\"$D/a/f\" oflags=ro = [0-9][0-9]*\$" log
	grep -qF " openat filename=\"$D/a/none\" oflags=ro exists=no = -ENOENT" log
	grep -qF " chdir filename=\"$D/a/b\" = 0" log
}

@test "st-record: i386 calls through int 0x80 carry their architecture" {
	"$H/int80" >/dev/null 2>&1 ||
		skip "this machine does not run i386 calls (int 0x80 faults)"
	run_split st-record -o log "$H/int80"
	assert_success
	assert_output int80
	pid=$(sed -n '2s/ .*//p' log)
	grep -q "^$pid \"[^\"]*/int80\" x86-getpid = $pid\$" log
	grep -q '^[0-9]* "[^"]*/int80" x86-write fd=1 = 6$' log
	# and the 64-bit calls around them stay 64-bit
	grep -q '^[0-9]* "[^"]*/int80" mmap prot=PROT_READ|PROT_WRITE fd=-1 = [0-9][0-9]*$' log
}

@test "st-record: every x86-64 call number is named" {
	run_split st-record -o log sh -c 'exec 3</dev/null; read x <&3; exit 0'
	assert_success
	! grep -q ' syscall_[0-9]' log
}

@test "st-record: /proc/self and /proc/thread-self are the caller's, not st-record's" {
	run_split st-record -o log -- sh -c 'cat /proc/self/stat >/dev/null; cd /proc/self && cat ./status >/dev/null; cat /proc/thread-self/comm >/dev/null'
	assert_success
	# cat's own entry, by cat's number (the first field)
	run awk '$3 == "openat" && $4 ~ /^filename="\/proc\/[0-9]+\/stat"$/ { split($4, p, "/"); print ($1 == p[3]) }' log
	assert_output 1
	# the shell's cd: its own number; cat then reads the shell's entry
	sh_pid=$(awk '$3 == "chdir" && $4 ~ /^filename="\/proc\/[0-9]+"$/ { print $1 }' log)
	[ -n "$sh_pid" ]
	grep -q "^$sh_pid .* chdir filename=\"/proc/$sh_pid\"" log
	grep -q " openat filename=\"/proc/$sh_pid/status\" " log
	run awk '$3 == "openat" && $4 ~ /\/task\/[0-9]+\/comm"$/ { split($4, p, "/"); print ($1 == p[3] && $1 == p[5]) }' log
	assert_output 1
}
