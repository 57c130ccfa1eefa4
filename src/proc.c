/*
 * Child processes: the user's commands (notify-command, pipe-command,
 * enclosure-command, the browser) and majlis's own helpers.  Every one is
 * an argument vector run with fork + exec, never through a shell: an
 * argument is often something a feed wrote (a title, a URL), and must
 * reach the program as one word with nothing interpreted.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

/*
 * Append s (a heap string, now the vector's; NULL adds nothing but the
 * terminator) to the NULL-terminated vector *v of *n strings.
 */
void
strv_add(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[*n] = s;
	if (s != NULL)
		(*n)++;
	(*v)[*n] = NULL;
}

/*
 * A command line from the config split at blanks into an argument vector
 * (no quoting, no shell: what a user writes for notify-command or
 * pipe-command).  Returns a NULL-terminated heap vector of heap strings,
 * *n words (0 for an empty command); free with strv_free(v, *n).
 */
char **
command_argv(const char *command, size_t *n)
{
	char		**v = NULL;
	const char	 *p;
	size_t		  len;

	*n = 0;
	strv_add(&v, n, NULL);		/* an empty vector is { NULL } */
	for (p = command != NULL ? command : ""; *p != '\0'; p += len) {
		p += strspn(p, " \t");
		if ((len = strcspn(p, " \t")) == 0)
			break;
		strv_add(&v, n, xstrndup(p, len));
	}
	return v;
}

/*
 * In a child: the standard streams in mask (1 stdin, 2 stdout, 4 stderr)
 * on /dev/null.
 */
void
proc_devnull(int mask)
{
	int	 fd, i;

	if ((fd = open("/dev/null", O_RDWR)) == -1)
		return;
	for (i = 0; i < 3; i++) {
		if (mask & (1 << i))
			dup2(fd, i);
	}
	if (fd > 2)
		close(fd);
}

/*
 * Wait for the child pid, across signals that interrupt the wait.  Returns
 * 0 with *status as waitpid() gives it, or -1 with errno set.
 */
int
proc_wait(pid_t pid, int *status)
{
	while (waitpid(pid, status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}
