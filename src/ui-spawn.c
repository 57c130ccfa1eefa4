/*
 * The reader's child processes: the browser, and the fetch that runs in
 * the background so that the reader never freezes on the network.
 *
 * Both are started with fork + exec and an argument vector, never through
 * a shell: a URL is whatever a feed wrote (quotes, ';', "$(...)",
 * newlines) and must reach the browser as one argument with nothing
 * interpreted.  A URL that is not http(s) is refused, which also means it
 * cannot start with '-' and be taken for an option.
 *
 * The browser.  A terminal browser (lynx, w3m, ...) needs the terminal, so
 * the reader leaves curses (endwin), waits for it, and redraws.  A
 * graphical one, or xdg-open, must not block the reader: it runs detached
 * in its own session with /dev/null for its standard streams, and is
 * reaped later by ui_reap().  Which is which: a known terminal browser, or
 * no display at all ($DISPLAY and $WAYLAND_DISPLAY unset), means the
 * terminal; anything else is graphical.  Either way a browser that fails
 * (xdg-open without a handler exits 3) is named on the status line with
 * its exit status and the first line of its stderr, which goes to a
 * temporary file for that (browser_report()).
 *
 * The fetch.  "majlis-net -d DB fetch -q --progress-fd 3 [URL]" (the
 * program 'majlis fetch' runs, found by exec_path(); cmd-exec.c) writes one
 * line "DONE TOTAL NEW FAILED" to fd 3 per finished feed; the main loop
 * polls the pipe with the keyboard (ui_fetch_read) and reaps the child
 * (ui_reap).  Its stderr is a pipe the loop polls too: the last line it
 * wrote is why it failed, when it did not get as far as fetching (a
 * proxy-only mode without a usable proxy, an unreadable config), said on
 * the status line.  The child writes to the database through its own
 * connection, so the reader's data_version poll notices each feed as it
 * is stored.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

#define PROGRESS_FD	3

/*
 * The browser's argument vector: the command split at spaces, with the
 * URL as one more argument, or in place of a word that is exactly "%u".
 * An empty command means xdg-open.  Returns a NULL-terminated heap vector
 * of *n heap strings (strv_free(v, *n)).
 */
char **
ui_browser_argv(const char *browser, const char *url, size_t *n)
{
	char	**v;
	size_t	  i;
	int	  placed = 0;

	if (browser == NULL || browser[strspn(browser, " \t")] == '\0')
		browser = "xdg-open";
	v = command_argv(browser, n);
	for (i = 0; i < *n; i++) {
		if (strcmp(v[i], "%u") == 0) {
			free(v[i]);
			v[i] = xstrdup(url);
			placed = 1;
		}
	}
	if (!placed)
		strv_add(&v, n, xstrdup(url));
	return v;
}

/* Does the browser need our terminal (see the top of the file)? */
static int
browser_is_terminal(const char *prog)
{
	static const char *const tty[] = {
		"lynx", "w3m", "links", "links2", "elinks", "browsh",
		"www-browser", "carbonyl", "chawan", "cha"
	};
	const char	*base = strrchr(prog, '/'), *d, *w;
	size_t		 i;

	base = base != NULL ? base + 1 : prog;
	for (i = 0; i < nitems(tty); i++) {
		if (strcmp(base, tty[i]) == 0)
			return 1;
	}
	d = getenv("DISPLAY");
	w = getenv("WAYLAND_DISPLAY");
	return (d == NULL || *d == '\0') && (w == NULL || *w == '\0');
}

/*
 * The first line a child wrote in fp (a temporary file; NULL: none), at
 * most 255 bytes, made safe: a heap string, "" if there was none.
 */
char *
ui_first_line(FILE *fp)
{
	char	 line[256];

	line[0] = '\0';
	if (fp != NULL) {
		fflush(fp);
		rewind(fp);
		if (fgets(line, sizeof line, fp) == NULL)
			line[0] = '\0';
	}
	line[strcspn(line, "\r\n")] = '\0';
	return text_safe(line);
}

/*
 * Say on the status line that the browser prog ended badly (status from
 * waitpid), with the first line it wrote on errfp (NULL: none), made safe.
 * Nothing when it succeeded.
 */
static void
browser_report(const char *prog, int status, FILE *errfp)
{
	char	*safe_line, *safe_prog;

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	safe_line = ui_first_line(errfp);
	safe_prog = text_safe(prog);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ui_status(1, _("cannot run the browser: %s"), safe_prog);
	else if (WIFEXITED(status))
		ui_status(1, *safe_line != '\0' ?
		    _("the browser %s failed (exit %d): %s") :
		    _("the browser %s failed (exit %d)"), safe_prog,
		    WEXITSTATUS(status), safe_line);
	else
		ui_status(1, _("the browser %s was killed (signal %d)"),
		    safe_prog, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	free(safe_line);
	free(safe_prog);
}

/* Forget the detached browser ui_reap() was to report on. */
static void
browser_forget(void)
{
	if (ui->browser_err != NULL)
		fclose(ui->browser_err);
	ui->browser_err = NULL;
	free(ui->browser_prog);
	ui->browser_prog = NULL;
	ui->browser_pid = 0;
}

/*
 * Open url in the browser (config "browser", which defaults to $BROWSER,
 * else xdg-open).  Returns 0 if it was started, -1 (on the status line) if
 * not.
 */
int
ui_browse(const char *url)
{
	char		**argv;
	FILE		 *errfp;
	size_t		  n;
	pid_t		  pid;
	int		  status, term;

	if (url == NULL || *url == '\0') {
		ui_status(1, _("no link here"));
		return -1;
	}
	if (!url_is_http(url)) {
		ui_status(1, _("not opening a link that is not http(s)"));
		return -1;
	}
	argv = ui_browser_argv(ui->cfg.browser, url, &n);
	term = browser_is_terminal(argv[0]);
	errfp = tmpfile();
	if (term) {
		def_prog_mode();
		endwin();
	}
	switch (pid = fork()) {
	case -1:
		strv_free(argv, n);
		if (errfp != NULL)
			fclose(errfp);
		if (term)
			refresh();
		ui_status(1, _("cannot start the browser: %s"), strerror(errno));
		return -1;
	case 0:
		if (!term) {
			setsid();
			proc_devnull(7);
		}
		if (errfp != NULL)
			dup2(fileno(errfp), STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (term) {
		if (proc_wait(pid, &status) == -1)
			status = 0;
		reset_prog_mode();
		clearok(curscr, TRUE);
		refresh();
		browser_report(argv[0], status, errfp);
		if (errfp != NULL)
			fclose(errfp);
	} else {
		ui_status(0, _("opened in %s"), argv[0]);
		browser_forget();
		ui->browser_pid = (int)pid;
		ui->browser_prog = xstrdup(argv[0]);
		ui->browser_err = errfp;
	}
	strv_free(argv, n);
	ui->dirty = 1;
	return 0;
}

/*
 * Start a background fetch of url, or of every feed when url is NULL.
 * Returns 0 if started, -1 (on the status line) if not.
 */
int
ui_fetch_start(const char *url)
{
	char		**argv = NULL;
	size_t		  n = 0;
	int		  p[2], e[2], flags;
	pid_t		  pid;

	if (ui->fetch_pid != 0) {
		ui_status(0, _("a fetch is already running"));
		return -1;
	}
	strv_add(&argv, &n, xstrdup(ui->exe));
	strv_add(&argv, &n, xstrdup("-d"));
	strv_add(&argv, &n, xstrdup(db_path(ui->db)));
	if (ui->ctx->config_path != NULL) {
		strv_add(&argv, &n, xstrdup("-c"));
		strv_add(&argv, &n, xstrdup(ui->ctx->config_path));
	}
	strv_add(&argv, &n, xstrdup("fetch"));
	strv_add(&argv, &n, xstrdup("-q"));
	strv_add(&argv, &n, xstrdup("--progress-fd"));
	strv_add(&argv, &n, xstrdup("3"));
	/*
	 * The feed as majlis shows it, credentials masked (fetch takes that
	 * form too): a command line is visible to every user of the machine.
	 */
	if (url != NULL)
		strv_add(&argv, &n, url_mask(url));

	if (pipe2(p, O_CLOEXEC) == -1) {
		strv_free(argv, n);
		ui_status(1, _("cannot fetch: %s"), strerror(errno));
		return -1;
	}
	if (pipe2(e, O_CLOEXEC) == -1) {
		close(p[0]);
		close(p[1]);
		strv_free(argv, n);
		ui_status(1, _("cannot fetch: %s"), strerror(errno));
		return -1;
	}
	switch (pid = fork()) {
	case -1:
		close(p[0]);
		close(p[1]);
		close(e[0]);
		close(e[1]);
		strv_free(argv, n);
		ui_status(1, _("cannot fetch: %s"), strerror(errno));
		return -1;
	case 0:
		/*
		 * Our stdout is the screen: the child must not write on it.
		 * Its stderr comes to us, for why it failed (fetch_ended()).
		 * Taken before fd 3 is made, which e[1] may be.
		 */
		proc_devnull(7);
		dup2(e[1], STDERR_FILENO);
		if (p[1] == PROGRESS_FD) {
			flags = fcntl(p[1], F_GETFD);
			fcntl(p[1], F_SETFD, flags & ~FD_CLOEXEC);
		} else
			dup2(p[1], PROGRESS_FD);
		/*
		 * If the reader quits first, the fetch goes on: a progress
		 * line nobody reads must fail with EPIPE, not kill it.
		 */
		signal(SIGPIPE, SIG_IGN);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	close(e[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(e[0], F_SETFL, fcntl(e[0], F_GETFL) | O_NONBLOCK);
	strv_free(argv, n);
	ui->fetch_fd = p[0];
	ui->fetch_err_fd = e[0];
	ui->fetch_err[0] = ui->fetch_why[0] = '\0';
	ui->fetch_pid = (int)pid;
	ui->fetch_progress = 0;
	ui->fetch_busy = 0;
	ui->fetch_line[0] = '\0';
	/* The last fetch's outcome must not stand in front of this one. */
	ui_status(0, NULL);
	ui->fetch_done = ui->fetch_total = ui->fetch_new = 0;
	ui->fetch_failed = 0;
	ui->fetch_last = time(NULL);
	ui->dirty = 1;
	return 0;
}

/* One progress line: "DONE TOTAL NEW FAILED", or "busy" (not fetching). */
static void
progress_line(const char *s)
{
	long	 d, t, nw, f;

	if (strcmp(s, "busy") == 0) {
		ui->fetch_busy = 1;
		return;
	}
	if (sscanf(s, "%ld %ld %ld %ld", &d, &t, &nw, &f) != 4)
		return;
	ui->fetch_progress = 1;
	ui->fetch_done = d;
	ui->fetch_total = t;
	ui->fetch_new = nw;
	ui->fetch_failed = f;
	ui->dirty = 1;
}

/* The progress pipe is readable: take the lines, close it at EOF. */
void
ui_fetch_read(void)
{
	char	*nl;
	size_t	 have;
	ssize_t	 n;

	if (ui->fetch_fd == -1)
		return;
	for (;;) {
		/* A line longer than the buffer is nonsense: drop it. */
		if ((have = strlen(ui->fetch_line)) >=
		    sizeof ui->fetch_line - 1)
			have = 0;
		n = read(ui->fetch_fd, ui->fetch_line + have,
		    sizeof ui->fetch_line - 1 - have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(ui->fetch_fd);
			ui->fetch_fd = -1;
			return;
		}
		ui->fetch_line[have + (size_t)n] = '\0';
		while ((nl = strchr(ui->fetch_line, '\n')) != NULL) {
			*nl = '\0';
			progress_line(ui->fetch_line);
			memmove(ui->fetch_line, nl + 1, strlen(nl + 1) + 1);
		}
	}
}

/*
 * The fetch's stderr is readable: keep its last whole line (fetch_why),
 * which says why it failed if it did; close the pipe at EOF.  The lines
 * are read as they come, so that a fetch with much to say never waits
 * on a full pipe.
 */
void
ui_fetch_err_read(void)
{
	char	 chunk[512], *s, *nl;
	size_t	 have, len;
	ssize_t	 n;

	while (ui->fetch_err_fd != -1) {
		n = read(ui->fetch_err_fd, chunk, sizeof chunk - 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(ui->fetch_err_fd);
			ui->fetch_err_fd = -1;
			break;
		}
		chunk[n] = '\0';
		for (s = chunk; *s != '\0'; s = nl + 1) {
			if ((nl = strchr(s, '\n')) == NULL) {
				nl = s + strlen(s) - 1;
				len = strlen(s);
			} else
				len = (size_t)(nl - s);
			/* A line longer than the buffer keeps its start. */
			have = strlen(ui->fetch_err);
			if (len > sizeof ui->fetch_err - 1 - have)
				len = sizeof ui->fetch_err - 1 - have;
			memcpy(ui->fetch_err + have, s, len);
			ui->fetch_err[have + len] = '\0';
			if (*nl == '\n' && ui->fetch_err[0] != '\0') {
				memcpy(ui->fetch_why, ui->fetch_err,
				    sizeof ui->fetch_why);
				ui->fetch_err[0] = '\0';
			}
		}
	}
	/* At EOF, a last line without its newline counts too. */
	if (ui->fetch_err[0] != '\0') {
		memcpy(ui->fetch_why, ui->fetch_err, sizeof ui->fetch_why);
		ui->fetch_err[0] = '\0';
	}
}

/*
 * Why the fetch failed, as it said so on stderr (its last line, without
 * "majlis: "), made safe: a heap string, "" if it said nothing.
 */
static char *
fetch_why(void)
{
	const char	*s = ui->fetch_why;
	size_t		 len = strlen(progname);

	if (strncmp(s, progname, len) == 0 && strncmp(s + len, ": ", 2) == 0)
		s += len + 2;
	return text_safe(s);
}

/*
 * The status line after a fetch: three counts, each with the plural form
 * its language needs, put together by a translated pattern.
 */
static void
fetch_summary(void)
{
	char	*feeds, *posts, *failed;

	xasprintf(&feeds, ngettext("fetched %'ld feed", "fetched %'ld feeds",
	    (unsigned long)ui->fetch_done), ui->fetch_done);
	xasprintf(&posts, ngettext("%'ld new post", "%'ld new posts",
	    (unsigned long)ui->fetch_new), ui->fetch_new);
	xasprintf(&failed, ngettext("%'ld failed", "%'ld failed",
	    (unsigned long)ui->fetch_failed), ui->fetch_failed);
	/* TRANSLATORS: "fetched 3 feeds: 5 new posts, 0 failed". */
	ui_status(ui->fetch_failed > 0, _("%s: %s, %s"), feeds, posts, failed);
	free(feeds);
	free(posts);
	free(failed);
}

/* The fetch child ended with status. */
static void
fetch_ended(int status)
{
	int	 code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char	*why;

	ui->fetch_pid = 0;
	if (ui->fetch_fd != -1) {
		ui_fetch_read();
		if (ui->fetch_fd != -1) {
			close(ui->fetch_fd);
			ui->fetch_fd = -1;
		}
	}
	if (ui->fetch_busy && code == EXIT_OK)
		ui_status(1, _("another fetch is running; not fetching (its "
		    "posts show when it is done)"));
	else if (code == EXIT_OK || code == EXIT_SOMEFAIL) {
		if (ui->fetch_progress)
			fetch_summary();
		else
			ui_status(0, _("fetch done"));
	} else if (code == 127)
		ui_status(1, _("cannot run %s"), ui->exe);
	else {
		/* It has exited: whatever it wrote is in the pipe now. */
		ui_fetch_err_read();
		why = fetch_why();
		ui_status(1, *why != '\0' ? _("fetch failed (exit %d): %s") :
		    _("fetch failed (exit %d)"), code, why);
		free(why);
	}
	if (ui->fetch_err_fd != -1) {
		close(ui->fetch_err_fd);
		ui->fetch_err_fd = -1;
	}
	ui->data_version = db_data_version(ui->db);
	/* What it stored is in its summary: seen, not said again. */
	db_posts_after(ui->db, &ui->last_post);
	ui_reload_all();
}

/* Reap every child that ended: the fetch, detached browsers. */
void
ui_reap(void)
{
	pid_t	 pid;
	int	 status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (ui->fetch_pid != 0 && pid == (pid_t)ui->fetch_pid)
			fetch_ended(status);
		else if (ui->browser_pid != 0 &&
		    pid == (pid_t)ui->browser_pid) {
			browser_report(ui->browser_prog, status,
			    ui->browser_err);
			browser_forget();
		}
	}
}
