#!/usr/bin/env bats
# st-genpolicy and st-merge agree: folding A and B together, folding
# their concatenation, and merging the policies of A and of B give the
# same bytes, for many random splits of a pool of events.

load common

setup() {
	common_setup
	G=$DATA/st-genpolicy
	# every event of the fixtures, under one header
	{
		echo '#st-log 1 arch=x86_64'
		cat "$G/inetd.log" "$G/ok-aliases.log" "$G/ok-outcomes.log" |
			grep -v '^#'
	} >pool.log
}

split() { # seed: pool.log -> a.log b.log, lines shuffled and dealt
	awk -v s="$1" 'BEGIN { srand(s) }
		NR == 1 { print >"a.log"; print >"b.log"; next }
		{ print rand() "\t" $0 }' pool.log | sort -n | cut -f2- |
		awk -v s="$1" 'BEGIN { srand(s * 7 + 1); p = 0.1 + 0.8 * rand() }
			{ print >>(rand() < p ? "a.log" : "b.log") }'
}

@test "st-genpolicy: fold A B = fold (cat A B) = st-merge (fold A) (fold B), 25 random splits" {
	st-genpolicy pool.log >whole
	for seed in $(seq 1 25); do
		split "$seed"
		st-genpolicy a.log b.log >ab
		st-genpolicy b.log a.log >ba
		cat a.log b.log | st-genpolicy >cat
		st-genpolicy a.log >fa
		st-genpolicy b.log >fb
		run_split st-merge fa fb
		assert_success
		[ -z "$stderr" ]
		printf '%s\n' "$output" >merged
		cmp ab whole
		cmp ba whole
		cmp cat whole
		cmp merged whole
		st-merge fb fa | cmp - whole
	done
}

@test "st-genpolicy: the same with -u" {
	st-genpolicy -u pool.log >whole
	for seed in 3 5 8 13; do
		split "$seed"
		st-genpolicy -u a.log b.log | cmp - whole
		st-genpolicy -u a.log >fa
		st-genpolicy -u b.log >fb
		st-merge fa fb 2>/dev/null | cmp - whole
	done
}

@test "st-genpolicy: a path seen absent in one log and present in another is a permission, folded or merged" {
	printf '#st-log 1 arch=x86_64\n1 "/bin/p" openat filename="/tmp/f" oflags=ro = -ENOENT\n' >a.log
	printf '#st-log 1 arch=x86_64\n1 "/bin/p" openat filename="/tmp/f" oflags=ro = 3\n' >b.log
	run_split st-genpolicy a.log b.log
	assert_success
	[ -z "$stderr" ]
	grep -qx '	fsread: filename eq "/tmp/f" then permit' <<<"$output"
	! grep -q 'deny' <<<"$output"
	printf '%s\n' "$output" >ab
	st-genpolicy a.log >fa
	st-genpolicy b.log >fb
	run_split st-merge fa fb
	assert_success
	[ -z "$stderr" ]
	printf '%s\n' "$output" | cmp - ab
}

@test "st-genpolicy: a path refused in one log and opened in another stays refused, folded or merged" {
	printf '#st-log 1 arch=x86_64\n1 "/bin/p" openat filename="/tmp/f" oflags=ro = -EACCES\n' >a.log
	printf '#st-log 1 arch=x86_64\n1 "/bin/p" openat filename="/tmp/f" oflags=ro = 3\n' >b.log
	run_split st-genpolicy a.log b.log
	assert_success
	printf '%s\n' "$output" >ab
	grep -A1 'deny\[EACCES\]' ab | tail -1 | grep -qx '	fsread: filename eq "/tmp/f" then permit'
	st-genpolicy a.log >fa
	st-genpolicy b.log >fb
	run_split st-merge fa fb
	assert_success
	printf '%s\n' "$output" | cmp - ab
	[[ "$stderr" == *"resolved toward deny[EACCES]"* ]]
}
