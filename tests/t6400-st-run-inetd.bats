#!/usr/bin/env bats
# The scenario of SPEC section 5: openbsd-inetd serving daytime and time
# itself and oidentd for ident, recorded while clients use all three,
# stopped by its pid, folded into two policies, enforced: the three
# services answer, and a service the recording never saw is denied and
# logged.

load common
load data/st-run/base

# talk PORT [TEXT]: connect to 127.0.0.1:PORT, send TEXT, print the answer
talk() {
	timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "$2" >&3 && timeout 2 cat <&3' _ "$1" "${2:-}" 2>/dev/null
}

waitport() {
	local i
	for i in $(seq 50); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# inetd, the child of $1, stopped by its pid as an administrator would
stop_inetd() {
	local p
	p=$(pgrep -P "$1" -x inetd) || return 1
	kill "$p"
}

setup() {
	common_setup
	[ -x /usr/sbin/inetd ] || skip "openbsd-inetd is not installed (apt package openbsd-inetd)"
	[ -x /usr/sbin/oidentd ] || skip "oidentd is not installed (apt package oidentd)"
	command -v st-record >/dev/null || skip "st-record is not built (cmd/st-record)"
	command -v st-genpolicy >/dev/null || skip "st-genpolicy is not built (cmd/st-genpolicy)"
	for port in 13 37 113; do
		! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null ||
			skip "port $port is in use on this machine"
	done
	# with the kernel's audit on, st-run reports what Landlock refuses
	# too, so "no denials" below covers paths and ports as well
	AUDIT_WAS=$("$TOP/tests/helpers/audit_set" 1 2>/dev/null) || AUDIT_WAS=
	cat >inetd.conf <<-EOF
		127.0.0.1:daytime stream tcp nowait root internal
		127.0.0.1:time stream tcp nowait root internal
		127.0.0.1:ident stream tcp nowait root /usr/sbin/oidentd oidentd -I
	EOF
}

teardown() {
	[ -z "${AUDIT_WAS:-}" ] || "$TOP/tests/helpers/audit_set" "$AUDIT_WAS" >/dev/null
	common_teardown
}

@test "inetd: recorded, folded, enforced; the services answer, an unseen one is denied and logged" {
	st-record -o rec.log -- /usr/sbin/inetd -i "$PWD/inetd.conf" &
	rec=$!
	waitport 13
	talk 13 >day1
	talk 37 >time1
	talk 113 '1,2\r\n' >ident1
	stop_inetd "$rec"
	wait "$rec" || :
	[ -s day1 ] && [ "$(wc -c <time1)" -eq 4 ] && grep -q '^1 *, *2 *:' ident1

	# -G: oidentd reads its own /proc/PID/net/tcp, another PID each run
	st-genpolicy -G rec.log >all.policy
	[ "$(grep -c '^Policy:' all.policy)" -eq 2 ]
	grep -q '^Policy: /usr/sbin/inetd,' all.policy
	grep -q '^Policy: /usr/sbin/oidentd,' all.policy

	# enforced: -c because syslog's unix socket address is unenforceable
	# (Landlock restricts TCP ports only): connect is allowed for all
	# unix addresses, as st-run -v reports
	st-run -c -o deny.log -p all.policy -- /usr/sbin/inetd -i "$PWD/inetd.conf" &
	run=$!
	waitport 13
	talk 13 >day2
	talk 37 >time2
	talk 113 '1,2\r\n' >ident2
	stop_inetd "$run"
	wait "$run" || :
	[ -s day2 ]
	[ "$(wc -c <time2)" -eq 4 ]
	grep -q '^1 *, *2 *:' ident2
	# nothing the recorded services did is denied
	[ "$(grep -vc '^#' deny.log)" -eq 0 ] || { cat deny.log; false; }

	# a new service (daytime over TCP on IPv6): its socket is denied and
	# logged, the other services still answer
	echo 'daytime stream tcp6 nowait root internal' >>inetd.conf
	st-run -c -o deny.log -p all.policy -- /usr/sbin/inetd -i "$PWD/inetd.conf" &
	run=$!
	waitport 13
	talk 13 >day3
	stop_inetd "$run"
	wait "$run" || :
	[ -s day3 ]
	grep -q '"/usr/sbin/inetd" socket sockdom=AF_INET6 socktype=SOCK_STREAM = -EPERM$' deny.log
}

@test "inetd: a port it never bound and a program it never ran are refused by Landlock and logged" {
	[ -n "$AUDIT_WAS" ] || skip "the kernel's audit cannot be switched on here: Landlock's denials are not reported"
	need_landlock 7
	st-record -o rec.log -- /usr/sbin/inetd -i "$PWD/inetd.conf" &
	rec=$!
	waitport 13
	talk 113 '1,2\r\n' >ident1
	stop_inetd "$rec"
	wait "$rec" || :
	grep -q '^1 *, *2 *:' ident1
	st-genpolicy -G rec.log >all.policy

	# discard on port 9: a port the recording never bound; ident served
	# by a program the recording never ran
	cat >inetd.conf <<-EOF
		127.0.0.1:daytime stream tcp nowait root internal
		127.0.0.1:discard stream tcp nowait root internal
		127.0.0.1:ident stream tcp nowait root /usr/bin/cat cat
	EOF
	st-run -c -o deny.log -p all.policy -- /usr/sbin/inetd -i "$PWD/inetd.conf" &
	run=$!
	waitport 13
	talk 13 >day2
	talk 113 'x\r\n' >ident2 || :
	stop_inetd "$run"
	wait "$run" || :
	[ -s day2 ]
	grep -q '"/usr/sbin/inetd" bind fd=[0-9]* sockaddr="inet-\[127\.0\.0\.1\]:9" = -EACCES$' deny.log ||
		{ cat deny.log; false; }
	grep -q '"/usr/sbin/inetd" execve filename="/usr/bin/cat" = -EACCES$' deny.log ||
		{ cat deny.log; false; }
}
