#!/usr/bin/env bats
# Every tool: -h prints the usage (the man page's SYNOPSIS) on stdout and
# exits 0, -V the version, an unknown option is a usage error (exit 2).

load common

tools() {
	for d in "$TOP"/cmd/st-*; do
		[ -x "$d/${d##*/}" ] && echo "${d##*/}"
	done
}

@test "every tool: -h prints its usage and exits 0" {
	for t in $(tools); do
		run_split "$t" -h
		assert_success
		assert_output --regexp "^usage: $t "
		[ -z "$stderr" ]
	done
}

@test "every tool: the usage is the man page's SYNOPSIS" {
	for t in $(tools); do
		run_split "$t" -h
		usage=${output#usage: }
		synopsis=$(mandoc -Tascii -O width=200 "$TOP/cmd/$t/$t.1" |
			sed 's/.\x08//g' | sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//')
		[ "$usage" = "$synopsis" ] || {
			echo "usage:    $usage"
			echo "synopsis: $synopsis"
			return 1
		}
	done
}

@test "every tool: -V prints the version" {
	for t in $(tools); do
		run_split "$t" -V
		assert_success
		assert_output --regexp "^$t [0-9]+\.[0-9]+\.[0-9]+$"
	done
}

@test "every tool: an unknown option is a usage error" {
	for t in $(tools); do
		run_split "$t" -Z
		# st-record and st-run keep 1-124 and 126-255 for the command's
		# status: their own failures before it starts are 125
		case $t in
		st-record | st-run) assert_failure 125 ;;
		*) assert_failure 2 ;;
		esac
		[[ "$stderr" == *"usage: $t "* ]]
	done
}
