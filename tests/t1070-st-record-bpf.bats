#!/usr/bin/env bats
# st-record's eBPF path capture: calls whose only argument in memory is a
# path run without a stop, and their paths decode as the stops decode
# them (ST_RECORD_NOBPF=1 turns the capture off). ST_RECORD_STATS=1 makes
# st-record tell its mode and count its stops on standard error.

load common

# Skip unless the capture loads here: it needs the tracepoints and
# CAP_BPF (root), and a kernel whose verifier takes st-record's programs.
need_bpf() {
	need_results
	local d=${BATS_TEST_TMPDIR:-/tmp}
	ST_RECORD_STATS=1 st-record -o /dev/null -- /bin/true 2>"$d/bpf-probe.err" || true
	grep -q '^st-record: mode: bpf$' "$d/bpf-probe.err" ||
		skip "no eBPF path capture here: $(grep mode: "$d/bpf-probe.err")"
}

need_python() {
	command -v python3 >/dev/null || skip "python3 is not installed"
}

# The stop count st-record reports in file $1.
stops() {
	sed -n 's/^st-record: stops: //p' "$1"
}

# The decoded path events of a log, without pids, sorted.
paths_of() {
	sed 1d "$1" | grep 'filename=' | sed 's/^[0-9]* //' | sort
}

# Paths relative to the cwd, to a dirfd, after chdir and fchdir, through
# AT_EMPTY_PATH, after dup2, and after close and a reopen of the same
# descriptor number. The link stays: without a stop, a directory opened
# through a symbolic link is resolved when its record is read (see
# CAVEATS in st-record(1)).
cat_walk() {
	cat <<'PY'
import os
os.mkdir("d")
os.mkdir("d/sub")
open("d/f", "w").close()
os.symlink("d", "link")
os.stat("d/f")
dfd = os.open("link", os.O_RDONLY | os.O_DIRECTORY)
os.stat("f", dir_fd=dfd)
os.stat("sub/../f", dir_fd=dfd)
os.fstat(dfd)
os.chdir("d")
os.stat("f")
os.access("sub", os.F_OK)
os.chdir("..")
os.fchdir(dfd)
os.access("f", os.F_OK)
os.chdir("..")
os.dup2(dfd, 10)
os.stat("f", dir_fd=10)
os.close(dfd)
dfd2 = os.open("d/sub", os.O_RDONLY | os.O_DIRECTORY)
print(dfd == dfd2)
try:
    os.stat("x", dir_fd=dfd2)
except FileNotFoundError:
    pass
os.access("absent/x", os.F_OK)
os.readlink("link")
PY
}

@test "st-record: bpf: path calls do not stop" {
	need_bpf
	mkdir -p t/a/b
	touch t/a/b/f1 t/a/b/f2 t/a/f3
	run_split env ST_RECORD_STATS=1 st-record -o log find t -name 'f*'
	assert_success
	[[ "$stderr" == *"st-record: mode: bpf"* ]]
	n=$(echo "$stderr" | sed -n 's/^st-record: stops: //p')
	# the exec only: every newfstatat, openat and fchdir ran through
	[ "$n" -le 2 ]
	D=$(pwd -P)
	grep -q "^[0-9]* \"[^\"]*/find\" openat filename=\"$D/t/a/b\" oflags=" log
	run_split env ST_RECORD_STATS=1 ST_RECORD_NOBPF=1 st-record -o log2 find t -name 'f*'
	assert_success
	[[ "$stderr" == *"st-record: mode: hybrid (no bpf: ST_RECORD_NOBPF)"* ]]
	m=$(echo "$stderr" | sed -n 's/^st-record: stops: //p')
	[ "$m" -gt "$((n + 10))" ]
	run diff <(paths_of log2) <(paths_of log)
	assert_success
}

@test "st-record: bpf: cwd, dirfd, chdir, fchdir, AT_EMPTY_PATH, dup2, reopen" {
	need_bpf
	need_python
	D=$(pwd -P)
	cat_walk >walk.py
	mkdir one two
	(cd one && ST_RECORD_STATS=1 st-record -o ../bpf.log python3 ../walk.py 2>err)
	(cd two && ST_RECORD_STATS=1 ST_RECORD_NOBPF=1 st-record -o ../nobpf.log python3 ../walk.py 2>err)
	grep -q '^st-record: mode: bpf$' one/err
	grep -q '^st-record: mode: hybrid' two/err
	[ "$(stops one/err)" -lt "$(stops two/err)" ]
	# the same calls on the same paths, each run in its own directory
	run diff <(paths_of nobpf.log | sed "s|$D/two|DIR|g") <(paths_of bpf.log | sed "s|$D/one|DIR|g")
	assert_success
	# and what they are
	P='^[0-9]* "[^"]*python[^"]*"'
	grep -q "$P newfstatat filename=\"$D/one/d/f\" = 0\$" bpf.log
	grep -q "$P openat filename=\"$D/one/link\" oflags=rod = [0-9]*\$" bpf.log
	grep -q "$P openat filename=\"$D/one/d/sub\" oflags=rod = [0-9]*\$" bpf.log
	grep -q "$P newfstatat filename=\"$D/one/d\" = 0\$" bpf.log
	grep -q "$P access filename=\"$D/one/d/sub\" = 0\$" bpf.log
	grep -q "$P access filename=\"$D/one/d/f\" = 0\$" bpf.log
	grep -q "$P newfstatat filename=\"$D/one/d/sub/x\" exists=no = -ENOENT\$" bpf.log
	grep -q "$P access filename=\"$D/one/absent/x\" exists=no = -ENOENT\$" bpf.log
	grep -q "$P readlink filename=\"$D/one/link\" = 1\$" bpf.log
	[ "$(grep -c "$P newfstatat filename=\"$D/one/d/f\" = 0\$" bpf.log)" -ge 4 ]
}

@test "st-record: bpf: a shell pipeline logs as without the capture" {
	need_bpf
	mkdir -p src/x
	printf 'a\nb\n' > src/x/f
	cmd='cd src && for f in x/*; do cat "$f" | sort -r > /dev/null; done; ls -l x | wc -l; test -e nope || :'
	mkdir one two
	cp -R src one/ && cp -R src two/
	(cd one && ST_RECORD_STATS=1 st-record -o ../bpf.log sh -c "$cmd" >/dev/null 2>err)
	(cd two && ST_RECORD_STATS=1 ST_RECORD_NOBPF=1 st-record -o ../nobpf.log sh -c "$cmd" >/dev/null 2>err)
	D=$(pwd -P)
	grep -q '^st-record: mode: bpf$' one/err
	run diff <(paths_of nobpf.log | sed "s|$D/two|DIR|g") <(paths_of bpf.log | sed "s|$D/one|DIR|g")
	assert_success
}

@test "st-record: ST_RECORD_NOBPF: the calls on paths stop" {
	need_results
	run_split env ST_RECORD_STATS=1 ST_RECORD_NOBPF=1 st-record -o log sh -c 'cat /dev/null'
	assert_success
	[[ "$stderr" == *"st-record: mode: hybrid (no bpf: ST_RECORD_NOBPF)"* ]]
	grep -q '^[0-9]* "/usr/bin/cat" openat filename="/dev/null" oflags=ro = [0-9]*$' log
}
