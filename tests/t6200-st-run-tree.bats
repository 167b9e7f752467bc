#!/usr/bin/env bats
# st-run: -a (policy directories, systrace's file names) and the union of
# the policies of every program a command may exec.

load common
load data/st-run/base

sysname() {
	local s
	s=$(printf '%s' "$1" | tr -c 'A-Za-z0-9' '_')
	printf '%s\n' "${s##+(_)}" | sed 's/^_*//'
}

setup() {
	common_setup
	cp "$ESCAPE" other
	OTHER=$PWD/other
	mkdir dir
	# run-escape may run other; other may use TCP, run-escape may not
	{ base_policy; printf '\texecve: filename eq "%s" then permit\n' "$OTHER"; } >"dir/$(sysname "$ESCAPE")"
	{ base_policy "$OTHER"; printf '\tsocket: sockdom eq "AF_INET" then permit\n\tconnect: permit\n'; } >"dir/$(sysname "$OTHER")"
}

@test "st-run -a finds the policy by systrace's file name in -d dir" {
	[ "$(sysname /usr/sbin/inetd)" = usr_sbin_inetd ]
	run_split st-run -q -a -d dir -- "$ESCAPE" exit 4
	assert_failure 4
}

@test "st-run -a: no policy in any directory" {
	run_split env XDG_CONFIG_HOME=$PWD/none st-run -a -d empty -- "$ESCAPE" exit 0
	assert_failure 125
	[ "$stderr" = "st-run: no policy for $ESCAPE" ]
}

@test "st-run -a: \$XDG_CONFIG_HOME/st/policy is searched" {
	mkdir -p cfg/st
	mv dir cfg/st/policy
	run_split env XDG_CONFIG_HOME=$PWD/cfg st-run -q -a -- "$ESCAPE" exit 5
	assert_failure 5
}

@test "st-run -a: the union of the policies of the programs it may exec" {
	run_split st-run -q -v -a -d dir -- "$ESCAPE" exec "$OTHER" connect 9
	assert_output "ECONNREFUSED"
	grep -q "policy of $OTHER, in the union" <<<"$stderr"
	# the union holds for the whole tree: run-escape itself may connect now
	run_split st-run -q -a -d dir -- "$ESCAPE" connect 9
	assert_output "ECONNREFUSED"
}

@test "st-run -a: without the execve rule, no union and no exec" {
	base_policy >"dir/$(sysname "$ESCAPE")"
	run_split st-run -a -d dir -- "$ESCAPE" exec "$OTHER" connect 9
	[ "$output" = "EACCES" ] || [ "$output" = "EPERM" ]
}

@test "st-run -p: the union within one file of several policies" {
	cat dir/* >both.policy
	run_split st-run -q -p both.policy -- "$ESCAPE" exec "$OTHER" connect 9
	assert_output "ECONNREFUSED"
}

@test "st-run: a grandchild after exec stays confined (seccomp and Landlock are inherited)" {
	need_landlock 1
	echo SECRET >secret
	cat dir/* >both.policy
	run_split st-run -q -p both.policy -- "$ESCAPE" exec "$OTHER" child open "$PWD/secret"
	assert_output "EACCES"
	run_split st-run -q -p both.policy -- "$ESCAPE" exec "$OTHER" child io_uring
	assert_output "EPERM"
}

@test "st-run: a program run through a symbolic link is found by the image that runs" {
	[ -x /usr/bin/uname ] || skip "no /usr/bin/uname"
	ln -s /usr/bin/uname sysname-link
	{
		base_policy
		printf '\texecve: filename eq "%s/sysname-link" then permit\n' "$PWD"
		echo
		base_policy /usr/bin/uname
		printf '\tuname: permit\n'
	} >u.policy
	# the exec names the link; uname's policy is the image's, /usr/bin/uname
	run_split st-run -p u.policy -- "$ESCAPE" exec "$PWD/sysname-link"
	assert_success
	assert_output "Linux"
	[ -z "$stderr" ]
}

@test "st-run -a: a script runs under its interpreter's policy, recorded and folded" {
	printf '#!/bin/sh\necho "hi from $0"\n' >s.sh
	chmod +x s.sh
	st-record -q -o s.log -- ./s.sh
	mkdir pol
	st-genpolicy -d pol s.log
	# the policy is named after the image that ran, the shell
	[ -e "pol/$(sysname "$(realpath /bin/sh)")" ]
	run_split st-run -a -d pol -- ./s.sh
	assert_success
	assert_output "hi from ./s.sh"
	[ -z "$stderr" ]
}
