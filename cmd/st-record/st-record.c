/* st-record: trace a command, or running processes, into an st-log. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "record.h"
#include "util.h"
#include "version.h"

volatile int rec_signal;
volatile int rec_signal_user;
volatile int rec_got_sigchld;
volatile pid_t rec_forward_pid;

/* The signals st-record catches, and how it found them. */
static const int caught[] = {SIGINT,  SIGTERM, SIGHUP,
			     SIGCHLD, SIGALRM, SIGPIPE};
static struct sigaction orig_act[sizeof(caught) / sizeof(caught[0])];

static void usage(FILE *f)
{
	fprintf(f, "usage: st-record [-fq] [-o file] [-p pid ...] [--] "
		   "[command [arg ...]]\n");
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	int e = errno;

	if (sig == SIGCHLD) {
		rec_got_sigchld = 1;
		return;
	}
	if (sig == SIGALRM)
		return; /* only to interrupt a blocking wait */
	rec_signal = sig;
	/*
	 * Passed on to the command when someone sent it to st-record (by
	 * its pid); a terminal's signal (SI_KERNEL) already reached the
	 * command, which is in st-record's process group. Done here, not
	 * in the loop, so that it cannot wait for the next system call.
	 */
	rec_signal_user = si->si_code != SI_KERNEL;
	if (rec_signal_user && rec_forward_pid > 0)
		kill(rec_forward_pid, sig);
	errno = e;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	/* no SA_RESTART: a blocking wait must return to see the flag */
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
		if (caught[i] == SIGPIPE) {
			/* a closed log pipe is a write error, not death */
			struct sigaction ign = {.sa_handler = SIG_IGN};
			sigaction(SIGPIPE, &ign, &orig_act[i]);
			continue;
		}
		sigaction(caught[i], &sa, &orig_act[i]);
	}
}

void rec_child_restore_signals(void)
{
	/*
	 * The command gets the dispositions st-record was started with: an
	 * ignored SIGHUP (nohup) or SIGPIPE stays ignored, a default stays
	 * default.
	 */
	for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaction(caught[i], &orig_act[i], NULL);
}

int main(int argc, char *argv[])
{
	const char *outpath = NULL;
	pid_t *pids = NULL;
	size_t npids = 0;
	int quiet = 0, ch;

	diag_init("st-record");
	while ((ch = getopt(argc, argv, "+fho:p:qV")) != -1) {
		switch (ch) {
		case 'f':
			/* strace's -f: following every process is the default */
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'o':
			outpath = optarg;
			break;
		case 'p': {
			long long v;
			const char *why;
			if (st_strtonum(optarg, 1, 2147483647, &v, &why) < 0) {
				diag_warnx("pid %s: %s", optarg, why);
				usage(stderr);
				return EXIT_SETUP;
			}
			pids = xrealloc(pids, (npids + 1) * sizeof(*pids));
			pids[npids++] = (pid_t)v;
			break;
		}
		case 'q':
			quiet = 1;
			break;
		case 'V':
			printf("st-record %s\n", ST_VERSION);
			return EXIT_OK;
		default:
			/* st-record fails before the command: 125 */
			usage(stderr);
			return EXIT_SETUP;
		}
	}
	argc -= optind;
	argv += optind;
	if ((argc == 0) == (npids == 0)) {
		if (argc && npids)
			diag_warnx("a command and -p exclude each other");
		usage(stderr);
		return EXIT_SETUP;
	}

	int fd = STDERR_FILENO;
	const char *name = "standard error";
	if (outpath && strcmp(outpath, "-") == 0) {
		fd = STDOUT_FILENO;
		name = "standard output";
	} else if (outpath) {
		/*
		 * Written as it goes, not renamed into place at the end: a
		 * log is read while it grows (tail -f), and what was recorded
		 * before st-record itself was killed must stay.
		 */
		fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0666);
		if (fd < 0)
			diag_err(EXIT_SETUP, "%s", outpath);
		name = outpath;
	}

	struct rec r;
	rec_init(&r, fd, name);
	r.quiet = quiet;
	catch_signals();

	int status = npids ? attach_run(&r, pids, npids) : notify_run(&r, argv);

	if (rec_flush(&r) < 0 || (fd > 2 && close(fd) < 0 && !r.write_error)) {
		errno = r.write_error ? r.write_error : errno;
		diag_warn("%s", name);
		return EXIT_TROUBLE;
	}
	return status;
}
