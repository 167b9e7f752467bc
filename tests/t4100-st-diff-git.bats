#!/usr/bin/env bats
# st-diff as git's diff driver, with real git on a real repository.

load common

@test "git diff shows policy changes by meaning through st-diff" {
	command -v git >/dev/null || skip "git is not installed"
	git init -q repo
	cd repo
	git config user.email t@example.invalid
	git config user.name t
	echo '*.policy diff=stpolicy' >.gitattributes
	git config diff.stpolicy.command st-diff
	cat >inetd.policy <<'P'
Policy: /usr/sbin/inetd, Emulation: x86_64
	accept: permit
	bind: sockaddr eq "inet-[127.0.0.1]:13" then permit
P
	git add . && git commit -qm one
	# a respelling only: no semantic difference
	cat >inetd.policy <<'P'
Policy: /usr/sbin/inetd, Emulation: linux64
	bind: sockaddr eq "inet-[127.0.0.1]:13" then permit   # daytime
	native-accept: permit
P
	run_split git diff
	assert_success
	assert_output ""
	# a real change
	echo '	bind: sockaddr eq "inet-[127.0.0.1]:37" then permit' >>inetd.policy
	run_split git diff
	assert_success
	assert_output - <<'D'
@ Policy: /usr/sbin/inetd, Emulation: x86_64  # inetd.policy:1 inetd.policy:1
+ bind: sockaddr eq "inet-[127.0.0.1]:37" then permit  # inetd.policy:4
D
	git commit -qam two
	run_split git log -p --ext-diff --format=%s
	assert_success
	assert_output --partial '+ bind: sockaddr eq "inet-[127.0.0.1]:37" then permit'
	# a new policy file: the old side is /dev/null
	printf 'Policy: /bin/x, Emulation: x86_64\n\tread: permit\n' >x.policy
	git add x.policy
	run_split git diff --cached
	assert_success
	assert_output --partial '+ Policy: /bin/x, Emulation: x86_64'
}
