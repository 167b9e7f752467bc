#!/usr/bin/env bats
# st-record on a real daemon: python3's http.server on the loopback,
# served to a client, then stopped by its pid.

load common

teardown() {
	[ -s pid ] && kill "$(cat pid)" 2>/dev/null
	common_teardown
}

wait_for() {
	for i in $(seq 100); do
		grep -q "$1" "$2" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

@test "st-record: a loopback HTTP server, stopped by its pid" {
	need_results
	py=/usr/bin/python3
	[ -x "$py" ] || skip "no /usr/bin/python3"
	echo hello > index.txt
	PYTHONUNBUFFERED=1 st-record -o log "$py" -m http.server -b 127.0.0.1 0 >out 2>&1 3>&- &
	rec=$!
	wait_for ' listen ' log
	grep -m1 ' bind ' log | cut -d' ' -f1 > pid
	wait_for 'http://127.0.0.1:' out
	port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' out)
	[ -n "$port" ]
	run "$py" -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/index.txt').read().decode(), end='')"
	assert_output hello
	wait_for 'index.txt' log
	kill "$(cat pid)"
	st=0
	wait "$rec" || st=$?
	rm pid
	# python dies of SIGTERM, st-record gives 128+15 and keeps every event
	[ "$st" -eq 143 ]
	grep -q " bind fd=[0-9]* sockaddr=\"inet-\[127.0.0.1\]:0\" = 0$" log
	grep -q ' listen fd=[0-9]* = 0$' log
	grep -q ' accept4 fd=[0-9]* = [0-9][0-9]*$' log
	grep -q " openat filename=\"$(pwd -P)/index.txt\" oflags=ro = [0-9][0-9]*$" log
	grep -q ' socket sockdom=AF_INET socktype=SOCK_STREAM = [0-9][0-9]*$' log
}
