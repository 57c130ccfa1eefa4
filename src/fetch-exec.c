/*
 * Script-made feeds, newsboat's: "exec:COMMAND", whose output is the feed,
 * and "filter:SCRIPT:URL", whose URL is fetched and its body given to
 * SCRIPT on its standard input, the output being the feed.  Only the user
 * subscribes to one (add, import of their own urls file: subs.c); a
 * member list, an OPML file or a page's discovery never can.
 *
 * A command runs as fetch.c's other transfers do, beside them in the same
 * loop: fetch_cmd_start() forks it, fetch.c polls its pipes with curl's,
 * fetch_cmd_read() takes what they hold, fetch_cmd_finish() settles the
 * job as an HTTP transfer would be (status 200 and the body, or an error),
 * so the store cannot tell them apart.  The command:
 *   1. is split into words as the config's commands are (command_argv(),
 *      no shell), each word's leading "~/" the home directory; no feed
 *      text is ever put in it;
 *   2. runs in a process group of its own, stdin /dev/null (exec:) or the
 *      fetched body (filter:), so that the whole group can be killed;
 *   3. is killed when it outlives the fetch's timeout or writes more than
 *      max-size bytes; exit status not 0 or a signal fails the feed with
 *      the first line of its stderr.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

#define CMD_STDERR_MAX	1024	/* bytes of stderr kept, for its first line */

struct fetch_cmd {
	pid_t		 pid;
	int		 out;		/* stdout pipe, -1 once at EOF */
	int		 err;		/* stderr pipe, -1 once at EOF */
	time_t		 deadline;	/* 0: none */
	size_t		 max_size;
	struct buf	 body;
	struct buf	 errtext;
	int		 toobig;
	int		 timedout;
	int		 reaped;	/* status is waitpid()'s */
	int		 status;
};

/*
 * The argument vector of a command feed: exec:'s command, filter:'s
 * script; "~/" at a word's start is the home directory.  Returns a heap
 * vector of *n words (free with strv_free), or NULL if there is none.
 */
static char **
cmd_argv(const char *url, size_t *n)
{
	char		**v, *command, *home;
	const char	 *p;
	size_t		  i;

	if (url_is_command(url) == 1)
		command = xstrdup(url + 5);
	else if ((p = strchr(url + 7, ':')) != NULL)
		command = xstrndup(url + 7, (size_t)(p - (url + 7)));
	else
		return NULL;
	v = command_argv(command, n);
	free(command);
	if (*n == 0) {
		strv_free(v, *n);
		return NULL;
	}
	for (i = 0; i < *n; i++) {
		home = path_expand(v[i]);
		free(v[i]);
		v[i] = home;
	}
	return v;
}

/*
 * Start the command of url (exec: or filter:) with in as its stdin (-1:
 * /dev/null; the caller keeps in).  Returns a heap fetch_cmd that
 * fetch_cmd_finish() frees, or NULL with *err a heap string.
 */
struct fetch_cmd *
fetch_cmd_start(const char *url, int in, long timeout, size_t max_size,
    char **err)
{
	struct fetch_cmd	*c;
	char			**v;
	size_t			  n;
	int			  out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int			  i;
	pid_t			  pid;

	*err = NULL;
	if ((v = cmd_argv(url, &n)) == NULL) {
		*err = xstrdup("no command");
		return NULL;
	}
	if (pipe(out) == -1 || pipe(errp) == -1 || (pid = fork()) == -1) {
		xasprintf(err, "cannot run %s: %s", v[0], strerror(errno));
		for (i = 0; i < 2; i++) {
			if (out[i] != -1)
				close(out[i]);
			if (errp[i] != -1)
				close(errp[i]);
		}
		strv_free(v, n);
		return NULL;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls: the parent may be threaded. */
		setpgid(0, 0);
		if (in != -1)
			dup2(in, 0);
		else
			proc_devnull(1);
		dup2(out[1], 1);
		dup2(errp[1], 2);
		close(out[0]);
		close(out[1]);
		close(errp[0]);
		close(errp[1]);
		execvp(v[0], v);
		/* No stdio here: it may take a lock another thread holds. */
		write(2, v[0], strlen(v[0]));
		write(2, ": cannot run it\n", 16);
		_exit(127);
	}
	/* Both set the group, so a kill never races the child's own call. */
	setpgid(pid, pid);
	strv_free(v, n);
	close(out[1]);
	close(errp[1]);
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
	fcntl(errp[0], F_SETFL, fcntl(errp[0], F_GETFL) | O_NONBLOCK);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(errp[0], F_SETFD, FD_CLOEXEC);
	c = xcalloc(1, sizeof *c);
	c->pid = pid;
	c->out = out[0];
	c->err = errp[0];
	c->deadline = timeout > 0 ? time(NULL) + timeout : 0;
	c->max_size = max_size;
	buf_init(&c->body);
	buf_init(&c->errtext);
	return c;
}

/* The pipes still open, for poll: up to two in fds.  Returns how many. */
int
fetch_cmd_fds(const struct fetch_cmd *c, int fds[2])
{
	int	 n = 0;

	if (c->out != -1)
		fds[n++] = c->out;
	if (c->err != -1)
		fds[n++] = c->err;
	return n;
}

/* Kill the command's whole group and stop reading it. */
static void
cmd_kill(struct fetch_cmd *c)
{
	kill(-c->pid, SIGKILL);
	if (c->out != -1)
		close(c->out);
	if (c->err != -1)
		close(c->err);
	c->out = c->err = -1;
}

/*
 * Read what one pipe holds into b, keeping at most max bytes (more sets
 * *over).  Returns 1 at EOF or on an error, else 0.
 */
static int
cmd_drain(int fd, struct buf *b, size_t max, int *over)
{
	char	 data[8192];
	ssize_t	 got;

	for (;;) {
		if ((got = read(fd, data, sizeof data)) == -1) {
			if (errno == EINTR)
				continue;
			return errno != EAGAIN && errno != EWOULDBLOCK;
		}
		if (got == 0)
			return 1;
		if ((size_t)got > max - b->len) {
			buf_add(b, data, max - b->len);
			*over = 1;
			return 0;
		}
		buf_add(b, data, (size_t)got);
	}
}

/*
 * Take what the command wrote since the last call, and end it when it
 * ran out of time or wrote too much.  Returns 1 when it is over (both
 * pipes closed), else 0.
 */
int
fetch_cmd_read(struct fetch_cmd *c)
{
	int	 over = 0, ignored = 0;

	if (c->out != -1 && cmd_drain(c->out, &c->body, c->max_size, &over)) {
		close(c->out);
		c->out = -1;
	}
	if (over) {
		c->toobig = 1;
		cmd_kill(c);
	}
	if (c->err != -1 &&
	    cmd_drain(c->err, &c->errtext, CMD_STDERR_MAX, &ignored)) {
		close(c->err);
		c->err = -1;
	}
	if (c->out == -1 && c->err == -1 && !c->reaped &&
	    waitpid(c->pid, &c->status, WNOHANG) == c->pid)
		c->reaped = 1;
	/* A command that closed its pipes but lives on is timed too. */
	if (!c->reaped && c->deadline != 0 && time(NULL) >= c->deadline) {
		c->timedout = 1;
		cmd_kill(c);
	}
	return c->out == -1 && c->err == -1 && (c->reaped || c->timedout);
}

/* The first line of the command's stderr, made safe: heap, maybe "". */
static char *
cmd_first_line(struct fetch_cmd *c)
{
	const char	*s = buf_str(&c->errtext);
	char		*line, *safe;

	line = xstrndup(s, strcspn(s, "\n"));
	safe = text_safe(line);
	free(line);
	return safe;
}

/*
 * The command is over (fetch_cmd_read() returned 1): wait for it and set
 * the job's results as a transfer's, status 200 and the output, or the
 * error.  Frees c.
 */
void
fetch_cmd_finish(struct fetch_cmd *c, struct fetch_job *job)
{
	char	*line;
	int	 status;

	if (c->out != -1 || c->err != -1)
		cmd_kill(c);
	if (!c->reaped)
		proc_wait(c->pid, &c->status);
	status = c->status;
	buf_free(&job->body);
	job->status = 0;
	line = cmd_first_line(c);
	if (c->timedout)
		/* fetch.c's own words (own_errors), said translated. */
		job->error = xstrdup("the command ran past the timeout and "
		    "was killed");
	else if (c->toobig)
		job->error = fetch_curl_message(0, NULL, 0, 1, c->max_size);
	else if (WIFSIGNALED(status))
		xasprintf(&job->error, "killed by signal %d%s%s",
		    WTERMSIG(status), *line != '\0' ? ": " : "", line);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		xasprintf(&job->error, "exit status %d%s%s",
		    WEXITSTATUS(status), *line != '\0' ? ": " : "", line);
	else {
		job->status = 200;
		job->body = c->body;
		buf_init(&c->body);
	}
	free(line);
	buf_free(&c->body);
	buf_free(&c->errtext);
	free(c);
}
