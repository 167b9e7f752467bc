#!/usr/bin/env bats
# st-run: options, exit status, failures before the command starts, and
# the report of denials.

load common
load data/st-run/base

@test "st-run -h prints the usage, -V the version" {
	run_split st-run -h
	assert_success
	assert_output "usage: st-run [-Ccqv] [-d dir] [-o file] (-p policy | -a) [--] command [arg ...]"
	run_split st-run -V
	assert_success
	assert_output --regexp '^st-run [0-9]'
}

@test "st-run: usage errors exit 125 before anything runs" {
	run_split st-run
	assert_failure 125
	[ "$stderr" = "usage: st-run [-Ccqv] [-d dir] [-o file] (-p policy | -a) [--] command [arg ...]" ]
	run_split st-run -p x.policy
	assert_failure 125
	run_split st-run -a -p x.policy -- true
	assert_failure 125
	run_split st-run -Z -p x.policy -- true
	assert_failure 125
}

@test "st-run: a call-level policy runs the command, exit status is the command's" {
	base_policy >p.policy
	run_split st-run -p p.policy -- "$ESCAPE" exit 0
	assert_success
	[ -z "$stderr" ]
	run_split st-run -q -p p.policy -- "$ESCAPE" exit 3
	assert_failure 3
	[ -z "$stderr" ]
}

@test "st-run: a call outside the policy fails with EPERM and is reported" {
	base_policy >p.policy
	run_split st-run -p p.policy -- "$ESCAPE" io_uring
	assert_success
	assert_output "EPERM"
	[ "$(sed -n 1p <<<"$stderr")" = "#st-log 1 arch=x86_64" ]
	[[ "$(sed -n 2p <<<"$stderr")" =~ ^[0-9]+\ \"$ESCAPE\"\ io_uring_setup\ =\ -EPERM$ ]]
}

@test "st-run: deny[ERRNO] gives that errno, and arguments are decoded" {
	{ base_policy; printf '\tsocket: sockdom eq "AF_INET" then deny[EACCES]\n'; } >p.policy
	run_split st-run -p p.policy -- "$ESCAPE" connect 9
	assert_output "EACCES"
	[[ "$stderr" =~ \"$ESCAPE\"\ socket\ sockdom=AF_INET\ socktype=SOCK_STREAM.*=\ -EACCES ]]
}

@test "st-run: a denial by socket path answers the rule's errno; an absence is not reported" {
	{
		base_policy
		printf '\tsocket: permit\n'
		printf '\tconnect: sockaddr eq "unix-/nonexistent/nscd" then deny[ENOENT]\n'
		printf '\tconnect: sockaddr eq "unix-/nonexistent/log" then deny[EACCES]\n'
		printf '\tconnect: sockaddr eq "unix-/nonexistent/audit" then deny[ENOENT] log\n'
	} >p.policy
	# the filter cannot read the address: it denies every unix connect,
	# and st-run picks the errno of the rule the address matches
	run_split st-run -c -p p.policy -- "$ESCAPE" connect-unix /nonexistent/nscd
	assert_output "ENOENT"
	[ -z "$stderr" ]
	run_split st-run -c -p p.policy -- "$ESCAPE" connect-unix /nonexistent/log
	assert_output "EACCES"
	[[ "$stderr" =~ connect\ fd=[0-9]+\ sockaddr=\"unix-/nonexistent/log\"\ =\ -EACCES ]]
	run_split st-run -c -p p.policy -- "$ESCAPE" connect-unix /nonexistent/audit
	assert_output "ENOENT"
	[[ "$stderr" =~ sockaddr=\"unix-/nonexistent/audit\"\ =\ -ENOENT ]]
	run_split st-run -c -p p.policy -- "$ESCAPE" connect-unix /nonexistent/other
	assert_output "EPERM"
	[[ "$stderr" =~ sockaddr=\"unix-/nonexistent/other\"\ =\ -EPERM ]]
}

@test "st-run -q: denied, not reported" {
	base_policy >p.policy
	run_split st-run -q -p p.policy -- "$ESCAPE" io_uring
	assert_output "EPERM"
	[ -z "$stderr" ]
}

@test "st-run -o file: the report goes to the file, which st-genpolicy-style readers parse" {
	base_policy >p.policy
	run_split st-run -o deny.log -p p.policy -- "$ESCAPE" io_uring
	assert_output "EPERM"
	[ -z "$stderr" ]
	[ "$(sed -n 1p deny.log)" = "#st-log 1 arch=x86_64" ]
	grep -q ' io_uring_setup = -EPERM$' deny.log
}

@test "st-run: integer conditions are compared by seccomp (eq, neq, or)" {
	{ base_policy; printf '\tsocket: sockdom eq "AF_INET6" or sockdom eq "AF_UNIX" then permit\n'; } >p.policy
	run_split st-run -q -p p.policy -- "$ESCAPE" connect 9
	assert_output "EPERM"
	{ base_policy; printf '\tsocket: not sockdom neq "AF_INET" and socktype eq "SOCK_STREAM" then permit\n\tconnect: permit\n'; } >p.policy
	run_split st-run -q -p p.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
}

@test "st-run: kill kills the process; the status is 128+SIGSYS" {
	{ base_policy; printf '\tio_uring_setup: kill\n'; } >p.policy
	run_split st-run -q -p p.policy -- "$ESCAPE" io_uring
	assert_failure 159
}

@test "st-run: a missing policy file" {
	run_split st-run -p nosuch.policy -- true
	assert_failure 125
	[ "$stderr" = "st-run: nosuch.policy: No such file or directory" ]
}

@test "st-run: a malformed policy, the command never starts" {
	printf 'Policy: /usr/bin/touch, Emulation: x86_64\n\topne: permit\n' >bad.policy
	run_split st-run -p bad.policy -- touch ran
	assert_failure 125
	[ "$stderr" = 'st-run: bad.policy:2:2: unknown system call "opne"' ]
	[ ! -e ran ]
}

@test "st-run: a file without the command's policy" {
	printf 'Policy: /a, Emulation: x86_64\n\tread: permit\nPolicy: /b, Emulation: x86_64\n\tread: permit\n' >two.policy
	run_split st-run -p two.policy -- true
	assert_failure 125
	[ "$stderr" = "st-run: no policy for /usr/bin/true in two.policy" ]
}

@test "st-run: a policy that does not permit the command's execve" {
	base_policy | grep -v execve >p.policy
	run_split st-run -p p.policy -- "$ESCAPE" exit 0
	assert_failure 125
	[ "$stderr" = "st-run: the policy does not permit the execve of $ESCAPE: add execve: filename eq \"$ESCAPE\" then permit" ]
}

@test "st-run: command not found is 127, not executable is 126" {
	base_policy >p.policy
	run_split -127 st-run -p p.policy -- ./nosuch
	assert_failure 127
	[ "$stderr" = "st-run: ./nosuch: No such file or directory" ]
	touch plain
	run_split st-run -p p.policy -- ./plain
	assert_failure 126
}

@test "st-run: an unenforceable rule stops st-run unless -c" {
	need_landlock 1
	{ base_policy; printf '\tfsread: filename sub "secret" then permit\n'; } >p.policy
	n=$(wc -l <p.policy)
	run_split st-run -q -p p.policy -- "$ESCAPE" exit 0
	assert_failure 125
	[ "$stderr" = "st-run: p.policy:$n:2: unenforceable rule: Landlock cannot compare paths with sub, nsub, neq or re; allowed whatever the path or the arguments seccomp cannot read: stat, lstat, access, readlink, statfs, getxattr, lgetxattr, listxattr, llistxattr, newfstatat, readlinkat, faccessat, statx, faccessat2, getxattrat, listxattrat (-c runs it with a broader kernel rule)" ]
	run_split st-run -c -q -p p.policy -- "$ESCAPE" exit 0
	assert_success
}

@test "st-run -v: the class and the kernel rule of every rule" {
	need_landlock 1
	{ base_policy; printf '\tsocket: sockdom eq "AF_INET" then permit\n\tfsread: filename match "%s/conf*" then permit\n' "$PWD"; } >p.policy
	n=$(($(wc -l <p.policy) - 1))
	run_split st-run -q -v -p p.policy -- "$ESCAPE" exit 0
	assert_success
	grep -qx 'st-run: p.policy:2:2: exact: access: permit: seccomp: access allowed' <<<"$stderr"
	grep -qxF "st-run: p.policy:$n:2: exact: socket: sockdom eq \"AF_INET\" then permit: seccomp: socket allowed when arg0 & 0xffffffff == 0x2" <<<"$stderr"
	grep -q "^st-run: p.policy:$((n + 1)):2: broader: fsread: filename match \"$PWD/conf\\*\" then permit: .*landlock: read_file,read_dir beneath $PWD .*a wildcard inside a name: the directory is allowed" <<<"$stderr"
	grep -qx 'st-run: landlock: ABI [0-9]*; restricted: read_file,read_dir,write_file,truncate,make_reg,execute' <<<"$stderr"
}

@test "st-run -C: nothing is denied, every call outside the policy is logged" {
	base_policy >p.policy
	run_split st-run -C -p p.policy -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
	grep -q ' socket sockdom=AF_INET socktype=SOCK_STREAM = ?$' <<<"$stderr"
	grep -q ' connect fd=[0-9]* sockaddr="inet-\[127.0.0.1\]:9" = ?$' <<<"$stderr"
}

@test "st-run: the command does not hold the seccomp listener (it could answer its own calls)" {
	printf 'Policy: /usr/bin/ls, Emulation: x86_64\n' >ls.policy
	run_split st-run -C -q -p ls.policy -- /usr/bin/ls -l /proc/self/fd/
	assert_success
	assert_output --partial ' 0 -> '
	refute_output --partial 'seccomp'
}

@test "st-run: \$HOME in a path is the home of the user st-run runs as" {
	need_landlock 1
	mkdir -p alice bob
	echo a >alice/app.conf
	echo b >bob/app.conf
	{ base_policy; printf '\tfsread: filename eq "$HOME/app.conf" then permit\n'; } >p.policy
	HOME=$PWD/alice run_split st-run -q -p p.policy -- "$ESCAPE" open "$PWD/alice/app.conf"
	assert_output "ok a"
	HOME=$PWD/alice run_split st-run -q -p p.policy -- "$ESCAPE" open "$PWD/bob/app.conf"
	assert_output "EACCES"
	HOME=$PWD/bob run_split st-run -q -p p.policy -- "$ESCAPE" open "$PWD/bob/app.conf"
	assert_output "ok b"
	HOME=$PWD/bob run_split st-run -v -q -p p.policy -- "$ESCAPE" exit 0
	[[ "$stderr" == *"beneath $PWD/bob/app.conf"* ]]
	# without a usable HOME the rule cannot be held: fail closed
	HOME=relative run_split st-run -q -p p.policy -- "$ESCAPE" exit 0
	assert_failure 125
	[[ "$stderr" == *'$HOME needs HOME set to an absolute path'* ]]
}

@test "st-run: permit log lets the call run and reports it" {
	{ base_policy; printf '\tgetppid: permit log\n'; } >p.policy
	run_split st-run -p p.policy -- "$ESCAPE" getppid 3
	assert_success
	[ "$(grep -c '^[0-9]* "'"$ESCAPE"'" getppid = ?$' <<<"$stderr")" -eq 3 ]
	run_split st-run -q -p p.policy -- "$ESCAPE" getppid 3
	assert_success
	[ -z "$stderr" ]
	run_split st-run -v -q -p p.policy -- "$ESCAPE" exit 0
	[[ "$stderr" == *"getppid: permit log: seccomp: getppid allowed (log: st-run reports each call its seccomp rule lets through)"* ]]
}

@test "st-run: ask asks on the terminal; yes runs the call, no denies it, and so does no terminal" {
	command -v script >/dev/null || skip "no script(1) to give st-run a terminal"
	{ base_policy; printf '\tsocket: permit\n\tconnect: ask\n'; } >p.policy
	cmd="st-run -p p.policy -- $ESCAPE connect 9"
	run bash -c "printf 'y\n' | script -qec '$cmd' /dev/null"
	[[ "$output" == *'st-run: ask: '*' connect fd='*' sockaddr="inet-[127.0.0.1]:9" = ?'* ]]
	[[ "$output" == *'permit? [y]es once, [n]o, [a]lways, ne[v]er: ECONNREFUSED'* ]]
	run bash -c "printf 'n\n' | script -qec '$cmd' /dev/null"
	[[ "$output" == *'sockaddr="inet-[127.0.0.1]:9" = -EPERM'* ]]
	[[ "$output" == *EPERM* ]]
	# without a terminal nobody can answer: denied, reported
	run_split setsid -w st-run -p p.policy -- "$ESCAPE" connect 9 </dev/null
	assert_output "EPERM"
	[[ "$stderr" == *' sockaddr="inet-[127.0.0.1]:9" = -EPERM'* ]]
	run_split st-run -v -q -p p.policy -- "$ESCAPE" exit 0
	[[ "$stderr" == *"connect: ask: seccomp: connect asked (ask: st-run asks on its terminal; without an answer, denied)"* ]]
}
