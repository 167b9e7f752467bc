# tests/common.bash: set-up shared by the command-line tests.
# The tools under test come first in PATH; each test runs in its own
# temporary directory with LC_ALL=C, so expected output has no host paths.

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
DATA=$TOP/tests/data
for d in "$TOP"/cmd/st-*; do
	PATH=$d:$PATH
done
export PATH LC_ALL=C

common_setup() {
	TMP=$(mktemp -d "${BATS_TMPDIR:-/tmp}/st-test.XXXXXX")
	cd "$TMP" || return 1
}

common_teardown() {
	cd / && rm -rf "$TMP"
}

setup() {
	common_setup
}

teardown() {
	common_teardown
}

# run a command and keep its standard error apart (bats 1.5+)
# usage: run_split CMD...; then check $status, $output (stdout), $stderr
run_split() {
	run --separate-stderr "$@"
}

# Skip unless st-record records results on this machine: it reads them
# from the kernel's raw_syscalls tracepoints, which need root (or
# CAP_PERFMON) and a mounted tracefs; without them, or with
# ST_RECORD_NOPERF set, it stops every call and writes ? (SPEC section 3).
need_results() {
	local d=${BATS_TEST_TMPDIR:-/tmp}
	st-record -o "$d/results-probe.log" -- /bin/true 2>"$d/results-probe.err" || true
	grep -v ' execve ' "$d/results-probe.log" | grep -q ' = [0-9-]' ||
		skip "st-record records no results here (no raw_syscalls tracepoints, or ST_RECORD_NOPERF): $(head -c 200 "$d/results-probe.err")"
}
