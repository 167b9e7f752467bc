# genpolicy.awk: a large realistic policy for the benchmarks.
# usage: awk -v n=100000 -v seed=1 [-v uniq=1] -f bench/genpolicy.awk
# (uniq: every file name once, as in a folded policy)
BEGIN {
	srand(seed)
	print "Policy: /usr/bin/bench, Emulation: x86_64"
	split("read write close fstat lseek mmap mprotect munmap brk pread64 getdents64 futex", plain, " ")
	for (i = 0; i < n; i++) {
		r = rand()
		k = uniq ? i : int(rand() * n * 0.75)
		if (r < 0.70)
			printf "\tfsread: filename eq \"/usr/share/doc/pkg%d/file%d.txt\" then permit\n", k % 5000, k
		else if (r < 0.80)
			printf "\tfsread: filename eq \"/etc/opt/missing%d\" then deny[ENOENT]\n", k
		else if (r < 0.90)
			printf "\tfswrite: filename eq \"/var/lib/app/state%d\" then permit\n", k
		else if (r < 0.95)
			printf "\topenat: filename eq \"/srv/data/%d\" and oflags eq \"wo\" then permit\n", k
		else if (r < 0.99)
			printf "\tfsread: filename match \"/usr/lib/mod%d/*\" then permit\n", k % 20000
		else
			printf "\t%s: permit\n", plain[1 + int(rand() * 12)]
	}
}
