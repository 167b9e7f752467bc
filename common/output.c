/* output.c: write standard output, or a named file atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

int output_open(struct output *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	struct sbuf t = {0};
	sbuf_printf(&t, "%s.tmpXXXXXX", path);
	int fd = mkostemp(t.s, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		sbuf_free(&t);
		errno = e;
		return -1;
	}
	/* the umask's usual permissions, not mkstemp's 0600 */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		close(fd);
		unlink(t.s);
		sbuf_free(&t);
		errno = e;
		return -1;
	}
	o->path = xstrdup(path);
	o->tmp = t.s;
	return 0;
}

int output_commit(struct output *o)
{
	int e = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	if (!o->path) {
		/* standard output: the caller's exit flushes nothing more */
		if (e) {
			errno = e;
			return -1;
		}
		return 0;
	}
	if (fsync(fileno(o->f)) != 0 && !e && errno != EINVAL)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (!e && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

void output_abort(struct output *o)
{
	if (o->path) {
		if (o->f)
			fclose(o->f);
		unlink(o->tmp);
		free(o->tmp);
		free(o->path);
	}
	memset(o, 0, sizeof(*o));
}

int output_write(const char *path, const void *buf, size_t len)
{
	struct output o;
	if (output_open(&o, path) < 0)
		return -1;
	if (fwrite(len ? buf : "", 1, len, o.f) != len ||
	    output_commit(&o) < 0) {
		int e = errno;
		output_abort(&o);
		errno = e;
		return -1;
	}
	return 0;
}
