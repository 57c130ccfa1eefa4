/*
 * notify-command: after a fetch that stored new posts, run the user's
 * command with the number of new posts and the newest titles as
 * arguments, so that a desktop notification (or anything) can say so:
 *
 *	notify-command = notify-send majlis
 *	  runs: notify-send majlis 12 "First title" "Second" "Third"
 *
 * The command is split at blanks into an argument vector and run with
 * fork + exec, never through a shell: a title is whatever a feed wrote.
 * Each title is scrubbed first (text_safe(): no control characters, no
 * escape sequences, one line), and one starting with '-' gets a space in
 * front so that the command cannot take it for an option.  The fetch
 * waits for the command (a notifier returns at once) and reports its
 * failure on standard error; it never changes the fetch's exit status.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

#define NOTIFY_TITLES	3

/* A title made safe to hand over as one argument; a heap string. */
static char *
notify_title(const char *title)
{
	char	*safe, *p, *out;

	safe = text_safe(title);
	for (p = safe; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	}
	if (*safe != '-')
		return safe;
	xasprintf(&out, " %s", safe);
	free(safe);
	return out;
}

/*
 * Run command for the posts stored since since (db_new_posts()).  Returns
 * 0 (also when there were none, or no command), -1 if it could not be run
 * or failed (said on stderr).
 */
int
notify_run(struct db *db, const char *command, int64_t since)
{
	char		**titles, **v, *s;
	size_t		  ntitles, n, i;
	int64_t		  count;
	pid_t		  pid;
	int		  status, rc = -1;

	if (command == NULL || command[strspn(command, " \t")] == '\0')
		return 0;
	if ((count = db_new_posts(db, since, NOTIFY_TITLES, &titles,
	    &ntitles)) <= 0) {
		if (count == -1)
			warnx_(_("notify-command: %s"), db_errmsg(db));
		return count == -1 ? -1 : 0;
	}
	v = command_argv(command, &n);
	xasprintf(&s, "%lld", (long long)count);
	strv_add(&v, &n, s);
	for (i = 0; i < ntitles; i++)
		strv_add(&v, &n, notify_title(titles[i]));
	strv_free(titles, ntitles);

	fflush(NULL);
	if ((pid = fork()) == -1) {
		warnx_(_("notify-command: %s"), strerror(errno));
		goto out;
	}
	if (pid == 0) {
		/* Nothing to read; what it prints goes where ours goes. */
		proc_devnull(1);
		execvp(v[0], v);
		warnx_(_("notify-command: %s: %s"), v[0], strerror(errno));
		_exit(127);
	}
	if (proc_wait(pid, &status) == -1) {
		warnx_(_("notify-command: %s"), strerror(errno));
		goto out;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		rc = 0;
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 127)
		warnx_(_("notify-command: %s exited %d"), v[0],
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		warnx_(_("notify-command: %s killed by signal %d"), v[0],
		    WTERMSIG(status));
out:
	strv_free(v, n);
	return rc;
}
