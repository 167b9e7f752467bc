#!/usr/bin/env bats
# st-lint in pre-commit hooks, with real git: a commit with a bad policy
# is refused, a good one goes through.

load common

setup() {
	common_setup
	command -v git >/dev/null || skip "git is not installed"
	git init -q repo
	cd repo
	git config user.email t@example.invalid
	git config user.name t
	printf 'Policy: /bin/app, Emulation: x86_64\n\tread: permit\n' >good.policy
	printf 'Policy: /bin/app, Emulation: x86_64\n\tread: permit\n\tptrace: permit\n' >bad.policy
}

@test "the plain git hook of share/hooks refuses a bad policy, lets a good one through" {
	cp "$TOP/share/hooks/pre-commit" .git/hooks/pre-commit
	git add bad.policy
	run_split git commit -qm bad
	assert_failure
	[[ "$stderr" == *"bad.policy:3:2: warning: ptrace permitted without a comment on the line before saying why [dangerous]"* ]]
	[[ "$stderr" == *"commit refused"* ]] || [[ "$output" == *"commit refused"* ]]
	run git rev-parse -q --verify HEAD
	assert_failure
	git rm -q --cached bad.policy
	git add good.policy
	run_split git commit -qm good
	assert_success
	# the staged content is linted, not the working tree
	printf '\tbpf: permit\n' >>good.policy
	git add good.policy
	printf 'Policy: /bin/app, Emulation: x86_64\n\tread: permit\n' >good.policy
	run_split git commit -qm staged-bad
	assert_failure
}

@test "the pre-commit framework runs st-lint through .pre-commit-hooks.yaml" {
	command -v pre-commit >/dev/null || skip "the pre-commit framework is not installed"
	# a repository that offers the hook, as ours does
	git init -q "$TMP/hookrepo"
	cp "$TOP/.pre-commit-hooks.yaml" "$TMP/hookrepo/"
	git -C "$TMP/hookrepo" add .pre-commit-hooks.yaml
	git -C "$TMP/hookrepo" -c user.email=t@example.invalid -c user.name=t commit -qm hooks
	rev=$(git -C "$TMP/hookrepo" rev-parse HEAD)
	cat >.pre-commit-config.yaml <<CFG
repos:
- repo: $TMP/hookrepo
  rev: $rev
  hooks:
  - id: st-lint
CFG
	export PRE_COMMIT_HOME=$TMP/pre-commit-home
	run pre-commit install
	assert_success
	git add .pre-commit-config.yaml bad.policy
	run git commit -qm bad
	assert_failure
	assert_output --partial "bad.policy:3:2: warning: ptrace permitted without a comment"
	git rm -q --cached bad.policy
	git add good.policy
	run git commit -qm good
	assert_success
}
