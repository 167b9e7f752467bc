#!/usr/bin/env bats
# The EXAMPLES of every manual page run: commands ("$ " lines) in a
# directory holding the bundled example files under the names the pages
# use; policy and log displays of the section-5 pages parse.

load common

setup() {
	common_setup
	cp "$TOP"/share/examples/inetd.log "$TOP"/share/examples/*.policy .
	mkdir host1 host2
	cp inetd.policy host1/
	cp inetd-old.policy host2/inetd.policy
}

@test "the EXAMPLES commands of every tool's manual run" {
	n=0
	for page in "$TOP"/cmd/st-*/st-*.1; do
		tool=$(basename "$page" .1)
		[ -x "$TOP/cmd/$tool/$tool" ] || continue
		"$TOP/tests/man-examples" "$page" | sed -n 's/^\$ //p' >cmds
		while IFS= read -r cmd; do
			n=$((n + 1))
			run sh -c "$cmd"
			# 0 and 1 are answers (st-diff found differences); 2 and up
			# are trouble
			[ "$status" -le 1 ] || {
				echo "$page: $cmd: exit $status: $output"
				return 1
			}
		done <cmds
	done
	[ "$n" -gt 0 ]
}

@test "the policies in the EXAMPLES of the section-5 manuals parse" {
	n=0
	for page in "$TOP"/doc/*.5; do
		rm -f block*
		"$TOP/tests/man-examples" "$page" >blocks
		k=0
		while IFS= read -r line; do
			if [ "$line" = "--" ]; then
				k=$((k + 1))
				if grep -q '^Policy:' "block$k" 2>/dev/null; then
					n=$((n + 1))
					run_split st-merge "block$k"
					[ "$status" -eq 0 ] || {
						echo "$page block $k: $stderr"
						return 1
					}
				fi
				continue
			fi
			printf '%s\n' "$line" >>"block$((k + 1))"
		done <blocks
	done
	[ "$n" -gt 0 ] || skip "no section-5 page has a policy example yet"
}

@test "the logs in the EXAMPLES of the section-5 manuals read" {
	command -v st-genpolicy >/dev/null ||
		skip "st-genpolicy, the tool that reads logs, is not built yet"
	n=0
	for page in "$TOP"/doc/*.5; do
		"$TOP/tests/man-examples" "$page" >blocks
		awk -v RS='--\n' '/^#st-log/ { f = sprintf("log%d", ++k); printf "%s", $0 > f }' blocks
		for f in log*; do
			[ -f "$f" ] || continue
			n=$((n + 1))
			run_split st-genpolicy "$f"
			[ "$status" -eq 0 ] || {
				echo "$page $f: $stderr"
				return 1
			}
			rm "$f"
		done
	done
	[ "$n" -gt 0 ]
}
