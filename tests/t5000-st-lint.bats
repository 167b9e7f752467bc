#!/usr/bin/env bats
# st-lint: every rule against fixtures that trigger it and fixtures that
# must not, output formats, -W, allow comments and exit codes.

load common

@test "st-lint: every fixture gives its golden findings and exit status" {
	cd "$DATA/st-lint"
	for f in *.policy; do
		run_split st-lint "$f"
		want=0
		grep -qE ': (error|warning): ' "${f%.policy}.out" && want=1
		[ "$status" -eq "$want" ] || { echo "$f: exit $status, want $want"; return 1; }
		[ -z "$stderr" ]
		if [ -s "${f%.policy}.out" ]; then
			diff -u "${f%.policy}.out" - <<<"$output"
		else
			[ -z "$output" ] || { echo "$f: $output"; return 1; }
		fi
	done
}

@test "st-lint: every rule has a fixture that triggers it and one that must not" {
	cd "$DATA/st-lint"
	for r in duplicate shadowed unreachable-alias dangerous fallback mixed-and-or unconditional-permit; do
		grep -q "\[$r\]" "$r.out"
		! grep -q "\[$r\]" "$r-ok.out"
	done
	for r in syntax unknown-emulation emulation-mismatch unknown-syscall wrong-arch unknown-argument no-such-argument unknown-operator unknown-errno bad-value format broader unenforceable; do
		cat *.out | grep -q "\[$r\]" || { echo "no fixture for $r"; return 1; }
	done
}

@test "st-lint: a clean policy prints nothing and exits 0" {
	printf 'Policy: /bin/app, Emulation: x86_64\n\texit_group: permit\n\tread: permit\n\tsocket: sockdom eq "AF_INET" and socktype eq "SOCK_STREAM" then permit\n' >clean.policy
	run_split st-lint clean.policy
	assert_success
	assert_output ""
}

@test "st-lint: findings of several files come sorted by file and line" {
	cp "$DATA/st-lint/duplicate.policy" b.policy
	cp "$DATA/st-lint/shadowed.policy" a.policy
	run_split st-lint -W no-broader -W no-unenforceable b.policy a.policy
	assert_failure 1
	assert_output - <<'OUT'
a.policy:3:2: warning: never applies: an earlier rule answers permit to every call this one matches (see a.policy:2:2) [shadowed]
b.policy:3:1: note: not in canonical form from here on; "st-merge -o b.policy b.policy" rewrites it [format]
b.policy:3:2: warning: duplicate of an earlier rule (see b.policy:2:2) [duplicate]
OUT
}

@test "st-lint -W no-RULE turns a rule off, -W RULE back on" {
	cd "$DATA/st-lint"
	run_split st-lint -W no-duplicate duplicate.policy
	assert_success
	assert_output --partial "[format]"
	refute_output --partial "[duplicate]"
	run_split st-lint -W no-duplicate -W no-format duplicate.policy
	assert_success
	assert_output ""
	run_split st-lint -W no-duplicate -W duplicate duplicate.policy
	assert_failure 1
	assert_output --partial "[duplicate]"
	run_split st-lint -W no-such-rule duplicate.policy
	assert_failure 2
	[ "$stderr" = 'st-lint: unknown rule "such-rule" for -W' ]
}

@test "st-lint: '# st-lint: allow RULE' above a rule silences that rule there only" {
	printf 'Policy: /bin/app, Emulation: x86_64\n\t# st-lint: allow dangerous\n\tptrace: permit\n\tbpf: permit\n' >p.policy
	run_split st-lint -W no-format p.policy
	assert_failure 1
	assert_output "p.policy:4:2: warning: bpf permitted without a comment on the line before saying why [dangerous]"
	printf 'Policy: /bin/app, Emulation: x86_64\n\t# st-lint: allow duplicate, shadowed\n\tbpf: permit\n' >q.policy
	run_split st-lint -W no-format q.policy
	assert_failure 1
	assert_output --partial "[dangerous]"
}

@test "st-lint -f json prints the same findings, with replacements" {
	cd "$DATA/st-lint"
	run_split st-lint -f json mixed-and-or.policy
	assert_failure 1
	assert_output - <<'OUT'
[
{"file":"mixed-and-or.policy","line":2,"column":1,"severity":"note","rule":"format","message":"not in canonical form from here on; \"st-merge -o mixed-and-or.policy mixed-and-or.policy\" rewrites it","replacement":"Policy: /bin/app, Emulation: x86_64\n\tsocket: sockdom eq \"AF_INET\" or (sockdom eq \"AF_INET6\" and socktype eq \"SOCK_STREAM\") then permit\n"},
{"file":"mixed-and-or.policy","line":2,"column":10,"severity":"warning","rule":"mixed-and-or","message":"\"and\" inside \"or\" without parentheses: and binds tighter here, systrace read it left to right; write: socket: sockdom eq \"AF_INET\" or (sockdom eq \"AF_INET6\" and socktype eq \"SOCK_STREAM\") then permit","replacement":"socket: sockdom eq \"AF_INET\" or (sockdom eq \"AF_INET6\" and socktype eq \"SOCK_STREAM\") then permit"}
]
OUT
	if command -v python3 >/dev/null; then
		st-lint -f json *.policy | python3 -c 'import json,sys; d=json.load(sys.stdin); assert all(set(x) >= {"file","line","column","severity","rule","message"} for x in d); print(len(d))'
	fi
	run_split st-lint -f json duplicate-ok.policy
	assert_success
	assert_output "[]"
	run_split st-lint -f xml duplicate-ok.policy
	assert_failure 2
	[ "$stderr" = 'st-lint: unknown format "xml" (text or json)' ]
}

@test "st-lint: an unreadable file is trouble (exit 2), the others are still linted" {
	cp "$DATA/st-lint/duplicate.policy" .
	run_split st-lint nosuch.policy duplicate.policy
	assert_failure 2
	[ "$stderr" = "st-lint: nosuch.policy: No such file or directory" ]
	assert_output --partial "[duplicate]"
	mkdir dir
	run_split st-lint dir
	assert_failure 2
	[ "$stderr" = "st-lint: dir: Is a directory" ]
}

@test "st-lint: standard input, and binary garbage" {
	run_split st-lint <"$DATA/st-lint/duplicate.policy"
	assert_failure 1
	assert_output --partial "<stdin>:3:2: warning: duplicate of an earlier rule"
	head -c 2000 /bin/true >garbage.policy
	run_split st-lint garbage.policy
	assert_failure 1
	assert_output --partial "garbage.policy:1:"
	assert_output --partial "error:"
	[ -z "$stderr" ]
}

@test "st-lint: '# st-lint: allow RULE' above a Policy header speaks for the whole policy" {
	printf '# st-lint: allow dangerous\n# a debugger\nPolicy: /bin/app, Emulation: x86_64\n\tbpf: permit\n\tptrace: permit\n' >p.policy
	run_split st-lint -W no-format p.policy
	assert_success
	assert_output ""
}

@test "st-lint: enforcement classes, as st-run would apply them" {
	printf 'Policy: /bin/app, Emulation: x86_64\n\tbind: sockaddr eq "inet-[127.0.0.1]:13" then permit\n\tfsread: filename sub "conf" then permit\n' >e.policy
	run_split st-lint -W no-format e.policy
	assert_failure 1
	assert_output --partial "e.policy:2:2: warning: the kernel enforces a broader rule: the port is enforced for TCP only"
	assert_output --partial "[broader]"
	assert_output --partial "e.policy:3:2: error: no kernel rule enforces this: "
	assert_output --partial "[unenforceable]"
}

@test "st-lint: the policies the project ships are clean or explained" {
	for f in "$TOP"/share/examples/*.policy; do
		run_split st-lint "$f"
		assert_success
		assert_output ""
		[ -z "$stderr" ]
	done
}
