/*
 * Commands on a post, from the article view: | pipes it to pipe-command
 * (or a command asked for), w saves it under save-dir (or in a file asked
 * for), E opens an enclosure (or, in the link list, any link) with
 * enclosure-command.
 *
 * Every command is an argument vector split from the config line and run
 * with fork + exec, never a shell: what a feed wrote reaches the command
 * as data on its standard input (|) or as one argument (E), with nothing
 * interpreted.  The command may use the terminal (a pager): the reader
 * leaves curses while it runs and redraws after.
 *
 * The text piped or saved is what the article shows, rendered (title,
 * feed, date, link, then the body as text with its numbered links), or
 * with pipe-format = html the post's HTML as the feed gave it.
 *
 * A saved file's name comes from the title (post_file_name()): letters of
 * any script kept, so that an Arabic title stays readable; no '/', no
 * control characters, no leading '.', at most 120 bytes; so it is always a
 * plain name inside save-dir, never a path out of it.  An existing file is
 * replaced only after asking.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "majlis.h"

#define SAVE_NAME_MAX	120	/* bytes, before the extension */

/* The post as text, or as its HTML; a heap buffer. */
static void
post_text(const struct db_post *p, int html, struct buf *b)
{
	struct rendered	*r;
	const char	*body;
	char		*date, *shown;
	size_t		 i;

	body = p->content != NULL && *p->content != '\0' ? p->content :
	    p->summary;
	if (html) {
		buf_adds(b, body != NULL ? body : "");
		if (b->len == 0 || buf_str(b)[b->len - 1] != '\n')
			buf_addc(b, '\n');
		return;
	}
	buf_addf(b, "%s\n", p->title != NULL ? p->title : "");
	shown = ui_feed_name(p->feed_title, p->feed_url);
	buf_addf(b, "%s\n", shown);
	free(shown);
	date = ui_date(p->sort_time);
	if (*date != '\0')
		buf_addf(b, "%s\n", date);
	free(date);
	if (p->link != NULL)
		buf_addf(b, "%s\n", p->link);
	buf_addc(b, '\n');
	r = html_render(body != NULL && *body != '\0' ? body : "", p->link,
	    ui->cfg.text_width > 0 ? ui->cfg.text_width : 72);
	for (i = 0; i < r->nlines; i++)
		buf_addf(b, "%s\n", r->lines[i]);
	for (i = 0; i < r->nlinks; i++)
		buf_addf(b, "%s[%zu] %s\n", i == 0 ? "\n" : "", i + 1,
		    r->links[i]);
	rendered_free(r);
}

/*
 * What a command wrote on the terminal (wc -w) stays there until a key, as
 * in mutt: the reader's redraw would wipe it at once.  The terminal is put
 * back in the reader's mode (no echo, a key at a time) to read the key;
 * the rest of what the key sent (an arrow's sequence) is dropped.
 */
static void
wait_key(void)
{
	char	*msg, c;
	ssize_t	 w;

	xasprintf(&msg, "\n%s", _("Press a key to go back to the reader."));
	w = write(STDOUT_FILENO, msg, strlen(msg));
	(void)w;
	free(msg);
	reset_prog_mode();
	while (read(STDIN_FILENO, &c, 1) == -1 && errno == EINTR)
		continue;
	tcflush(STDIN_FILENO, TCIFLUSH);
}

/*
 * Run v with the terminal, input (len bytes, or none if NULL) on its
 * standard input; wait, and with wait set, for a key after it (wait_key()).
 * Returns its exit status, or -1 (said on the status line) if it could not
 * be started.
 */
static int
run_in_terminal(char **v, const char *input, size_t len, int wait)
{
	pid_t	 pid;
	int	 fds[2] = { -1, -1 }, status;
	ssize_t	 w;
	size_t	 off;

	if (input != NULL && pipe(fds) == -1) {
		ui_status(1, "%s: %s", v[0], strerror(errno));
		return -1;
	}
	def_prog_mode();
	endwin();
	if ((pid = fork()) == -1) {
		reset_prog_mode();
		ui_status(1, "%s: %s", v[0], strerror(errno));
		if (input != NULL) {
			close(fds[0]);
			close(fds[1]);
		}
		return -1;
	}
	if (pid == 0) {
		if (input != NULL) {
			dup2(fds[0], STDIN_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		signal(SIGPIPE, SIG_DFL);
		execvp(v[0], v);
		_exit(127);
	}
	if (input != NULL) {
		close(fds[0]);
		/* A command that stops reading early is not an error. */
		signal(SIGPIPE, SIG_IGN);
		for (off = 0; off < len; off += (size_t)w) {
			if ((w = write(fds[1], input + off, len - off)) == -1) {
				if (errno == EINTR) {
					w = 0;
					continue;
				}
				break;
			}
		}
		close(fds[1]);
	}
	if (proc_wait(pid, &status) == -1)
		status = 0;
	/* A command that could not be run wrote nothing to read. */
	if (wait && !(WIFEXITED(status) && WEXITSTATUS(status) == 127))
		wait_key();
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	ui->dirty = 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Say how a command ended. */
/*
 * Say how running prog went: done ("piped to %s") or failed ("piped to %s:
 * it exited %d"), each a message of its own.
 */
static void
report(const char *done, const char *failed, const char *prog, int rc)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (rc == 0)
		ui_status(0, _(done), prog);
	else if (rc == 127)
		ui_status(1, _("cannot run %s"), prog);
	else if (rc > 0)
		ui_status(1, _(failed), prog, rc);
#pragma GCC diagnostic pop
}

/*
 * Ask at the prompt label, initial in place, UP and DOWN going through h,
 * which keeps what is typed.  A heap string, or NULL if nothing was typed
 * (ESC, or an empty line).
 */
static char *
ask(const char *label, const char *initial, struct ui_history *h)
{
	char	*s;

	if ((s = ui_prompt_history(label, initial, h)) == NULL)
		return NULL;
	if (s[strspn(s, " \t")] == '\0') {
		free(s);
		return NULL;
	}
	ui_history_add(h, s);
	return s;
}

/*
 * |: the post to pipe-command, or when none is set to a command asked for,
 * split the same way (no shell).  What it writes on the terminal stays
 * there until a key.
 */
void
ui_pipe_post(const struct db_post *p)
{
	struct buf	 b;
	char		**v, *typed = NULL;
	size_t		 n;

	v = command_argv(ui->cfg.pipe_command, &n);
	if (n == 0) {
		strv_free(v, n);
		if ((typed = ask(_("Pipe to command: "), "",
		    &ui->pipes)) == NULL)
			return;
		v = command_argv(typed, &n);
		free(typed);
	}
	buf_init(&b);
	post_text(p, ui->cfg.pipe_html, &b);
	report(N_("piped to %s"), N_("piped to %s: it exited %d"),
	    v[0], run_in_terminal(v, buf_str(&b), b.len, 1));
	buf_free(&b);
	strv_free(v, n);
}

/* May the character at s (n bytes of UTF-8) be in a file name? */
static int
name_char_ok(const char *s, size_t n)
{
	unsigned char	 c = (unsigned char)*s;

	if (n > 1)
		return 1;	/* any script's letters, as they are */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == ',' || c == '(' || c == ')';
}

/*
 * The file name for a post: its title made safe (see the top of the
 * file), or "post-ID" when nothing of the title is left; then ext.  A
 * heap string.
 */
char *
post_file_name(const char *title, int64_t id, const char *ext)
{
	struct buf	 b;
	char		*safe, *out;
	const char	*s;
	uint32_t	 cp;
	size_t		 n;
	int		 gap = 0;

	buf_init(&b);
	safe = text_safe(title != NULL ? title : "");
	for (s = safe; *s != '\0' && b.len < SAVE_NAME_MAX; s += n) {
		n = utf8_decode(s, strlen(s), &cp);
		if (!name_char_ok(s, n) || cp == 0xfffd ||
		    (*s == '.' && b.len == 0)) {
			gap = b.len > 0;
			continue;
		}
		if (b.len + n > SAVE_NAME_MAX)
			break;
		if (gap)
			buf_addc(&b, '_');
		gap = 0;
		buf_add(&b, s, n);
	}
	free(safe);
	if (b.len == 0)
		buf_addf(&b, "post-%lld", (long long)id);
	xasprintf(&out, "%s%s", buf_str(&b), ext);
	buf_free(&b);
	return out;
}

/*
 * The file w saves p in: under save-dir, or when none is set the file asked
 * for, the one under the home directory offered; ~/ is the home directory,
 * and a name without a directory goes there.  A heap string, or NULL if
 * none was given.
 */
static char *
save_path(const struct db_post *p, int html)
{
	const char	*home, *dir = ui->cfg.save_dir;
	char		*name, *path, *typed;

	home = getenv("HOME") != NULL ? getenv("HOME") : ".";
	name = post_file_name(p->title, p->id, html ? ".html" : ".txt");
	xasprintf(&path, "%s/%s", dir != NULL && *dir != '\0' ? dir : home,
	    name);
	free(name);
	if (dir != NULL && *dir != '\0')
		return path;
	typed = ask(_("Save to file: "), path, &ui->files);
	free(path);
	if (typed == NULL)
		return NULL;
	if (strncmp(typed, "~/", 2) == 0)
		xasprintf(&path, "%s/%s", home, typed + 2);
	else if (*typed != '/')
		xasprintf(&path, "%s/%s", home, typed);
	else
		path = xstrdup(typed);
	free(typed);
	return path;
}

/*
 * w: the post into a file (save_path()), asking before replacing one.
 */
void
ui_save_post(const struct db_post *p)
{
	struct buf	 b;
	char		*path, *q;
	int		 fd, html = ui->cfg.pipe_html;
	ssize_t		 w;
	size_t		 off;

	if ((path = save_path(p, html)) == NULL)
		return;
	/*
	 * Private (0600), as the cache is: a saved post says what someone
	 * read.  One that is replaced keeps its mode, the user's.
	 */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd == -1 && errno == EEXIST) {
		xasprintf(&q, _("%s exists: replace it?"), path);
		if (!ui_yes_no(q)) {
			ui_status(0, _("not saved"));
			free(q);
			free(path);
			return;
		}
		free(q);
		fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW);
	}
	if (fd == -1) {
		ui_status(1, "%s: %s", path, strerror(errno));
		free(path);
		return;
	}
	buf_init(&b);
	post_text(p, html, &b);
	for (off = 0; off < b.len; off += (size_t)w) {
		if ((w = write(fd, buf_str(&b) + off, b.len - off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			break;
		}
	}
	if (off < b.len || close(fd) == -1)
		ui_status(1, "%s: %s", path, strerror(errno));
	else
		ui_status(0, _("saved %s"), path);
	buf_free(&b);
	free(path);
}

/*
 * E: open url (an enclosure, or a link) with enclosure-command: "%u" in it
 * is the URL, else the URL goes last; xdg-open when none is set.  Only
 * http(s) URLs, so that none is taken for an option or a local file.
 */
void
ui_open_enclosure(const char *url)
{
	char	**v;
	size_t	  n;

	if (url == NULL || !url_is_http(url)) {
		ui_status(1, _("not opening a link that is not http(s)"));
		return;
	}
	v = ui_browser_argv(ui->cfg.enclosure_command, url, &n);
	report(N_("opened with %s"), N_("opened with %s: it exited %d"),
	    v[0], run_in_terminal(v, NULL, 0, 0));
	strv_free(v, n);
}

/*
 * Run v without the terminal (standard input /dev/null, its output and
 * errors in a temporary file) and wait.  Returns its waitpid() status, or
 * -1 (with errno) if it could not be started; *out (heap) gets the first
 * line it wrote (ui_first_line()).
 */
static int
run_quiet(char **v, char **out)
{
	FILE	*fp;
	pid_t	 pid;
	int	 status;

	*out = NULL;
	if ((fp = tmpfile()) == NULL)
		return -1;
	if ((pid = fork()) == -1) {
		fclose(fp);
		return -1;
	}
	if (pid == 0) {
		proc_devnull(1);
		dup2(fileno(fp), STDOUT_FILENO);
		dup2(fileno(fp), STDERR_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvp(v[0], v);
		_exit(127);
	}
	if (proc_wait(pid, &status) == -1)
		status = 0;
	*out = ui_first_line(fp);
	fclose(fp);
	return status;
}

/*
 * ^B: bookmark p with bookmark-cmd, as newsboat does: the command's words,
 * then the post's URL, its title, a description asked for (may be empty)
 * and the feed's title, each one argument, no shell.  The command runs
 * without the terminal; the first line it wrote is said on the status line,
 * with its exit status if it failed.
 */
void
ui_bookmark_post(const struct db_post *p)
{
	char	**v, *desc, *line;
	size_t	  n;
	int	  status;

	if (p->link == NULL || *p->link == '\0') {
		ui_status(1, _("this post has no link to bookmark"));
		return;
	}
	v = command_argv(ui->cfg.bookmark_cmd, &n);
	if (n == 0) {
		strv_free(v, n);
		ui_status(1, _("no bookmark-cmd set (see majlis.conf(5))"));
		return;
	}
	if ((desc = ui_prompt(_("Bookmark description: "), "", NULL, 0)) ==
	    NULL) {
		strv_free(v, n);
		return;
	}
	strv_add(&v, &n, xstrdup(p->link));
	strv_add(&v, &n, text_safe(p->title != NULL ? p->title : ""));
	strv_add(&v, &n, desc);
	strv_add(&v, &n, text_safe(p->feed_title != NULL ? p->feed_title :
	    ""));
	if ((status = run_quiet(v, &line)) == -1)
		ui_status(1, "%s: %s", v[0], strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		ui_status(0, *line != '\0' ? _("bookmarked: %s") :
		    _("bookmarked"), line);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		ui_status(1, _("cannot run %s"), v[0]);
	else if (WIFEXITED(status))
		ui_status(1, *line != '\0' ?
		    _("bookmark-cmd failed (exit %d): %s") :
		    _("bookmark-cmd failed (exit %d)"), WEXITSTATUS(status),
		    line);
	else
		ui_status(1, _("bookmark-cmd was killed (signal %d)"),
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	free(line);
	strv_free(v, n);
}
