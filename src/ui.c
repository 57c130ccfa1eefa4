/*
 * The reader: terminal setup, the main loop, key dispatch, the title and
 * status lines, and the stack of views.
 *
 * One loop serves everything, in this order on each turn:
 *   1. draw the top view, the title bar and the status line (if dirty);
 *   2. poll() the keyboard and the fetch child's progress pipe, with a
 *      timeout of one second so that the loop wakes up when idle;
 *   3. read every key that is waiting and dispatch it: the top view's
 *      action() first, then the actions every view shares (quit, help,
 *      fetch, redraw);
 *   4. read the progress pipe, reap children (ui-spawn.c);
 *   5. once a second, ask SQLite whether another connection wrote
 *      (PRAGMA data_version, e.g. a fetch from cron or from our own fetch
 *      child) and if so reload every view.  Views reload by keeping the id
 *      of the selected row and finding it again, so the cursor never moves
 *      off what the user was looking at.
 *
 * The layout is mirrored in a right-to-left language (i18n.c) or with
 * "layout = rtl": every view places its columns in logical coordinates
 * (column 0 is where a line begins, the left edge or the right one) and
 * ui_put() turns them into the terminal's, so that the marker column,
 * then the title, start at the right edge.  A cell's text is aligned to
 * where the line begins, and the reader's own lines (title bar, status
 * line, hints) are right-to-left paragraphs, so that an English word in
 * them stays in its place.  Article lines arrive in visual order already
 * (rendered_display) and keep their own alignment (ui_put_visual).
 * A resize arrives as KEY_RESIZE from ncurses' own SIGWINCH handler (the
 * signal also interrupts poll()), and everything is drawn again at the
 * new size; nothing caches a width across draws.
 */
#include <sys/types.h>

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

struct ui	*ui;

/* Push a view on the stack; data and title (heap) become the view's. */
struct ui_view *
ui_push(const struct ui_mode *mode, void *data, char *title)
{
	struct ui_view	*v;

	v = xcalloc(1, sizeof *v);
	v->mode = mode;
	v->data = data;
	v->title = title;
	v->below = ui->top;
	ui->top = v;
	ui->dirty = 1;
	return v;
}

/* Close the top view; closing the last one quits. */
void
ui_pop(void)
{
	struct ui_view	*v = ui->top;

	if (v == NULL)
		return;
	ui->top = v->below;
	if (v->mode->free != NULL)
		v->mode->free(v);
	free(v->title);
	free(v);
	/*
	 * Our own writes (read state, tags) do not change data_version, so
	 * the view we go back to reads its rows and counts again here.
	 */
	if (ui->top == NULL)
		ui->quit = 1;
	else if (ui->top->mode->reload != NULL && !ui->quit)
		ui->top->mode->reload(ui->top);
	ui->dirty = 1;
}

/*
 * Set the status line.  The message is ours (it may quote a feed's text:
 * it is made safe when drawn).  error colours it and keeps it until the
 * next message.
 */
void
ui_status(int error, const char *fmt, ...)
{
	va_list	 ap;
	char	*raw;

	free(ui->message);
	ui->message = NULL;
	if (fmt != NULL) {
		va_start(ap, fmt);
		xvasprintf(&raw, fmt, ap);
		va_end(ap);
		/* A message may quote a feed's URL: never its password. */
		ui->message = url_mask_text(raw);
		free(raw);
	}
	ui->message_error = error;
	ui->message_once = 0;
	ui->dirty = 1;
}

/*
 * A feed's name as the reader shows it, terminal-safe: its title, or if it
 * has none its URL with the credentials masked (url_mask()).
 */
char *
ui_feed_name(const char *title, const char *url)
{
	char	*shown, *safe;

	if (title != NULL && *title != '\0')
		return text_safe(title);
	shown = url_mask(url != NULL ? url : "");
	safe = text_safe(shown);
	free(shown);
	return safe;
}

/* Another connection wrote: every view reloads, keeping its cursor. */
void
ui_reload_all(void)
{
	struct ui_view	*v;

	for (v = ui->top; v != NULL; v = v->below) {
		if (v->mode->reload != NULL)
			v->mode->reload(v);
	}
	ui->dirty = 1;
}

/*
 * The keyboard a reader of the messages' language most likely types on:
 * Sorani Kurdish's for Sorani, the Arabic one otherwise (it maps nothing
 * a Latin keyboard types).
 */
static int
ui_keyboard_auto(void)
{
	const char	*lang = i18n_messages_lang();

	if (lang != NULL && strncmp(lang, "ckb", 3) == 0)
		return CONFIG_KEYBOARD_KURDISH;
	return CONFIG_KEYBOARD_ARABIC;
}

static void
ui_colors_init(void)
{
	const char	*nc = getenv("NO_COLOR");
	int		 i;

	ui->colors = has_colors() && (nc == NULL || *nc == '\0');
	if (!ui->colors)
		return;
	start_color();
	use_default_colors();
	for (i = 0; i < CONFIG_NCOLORS && i + 1 < COLOR_PAIRS; i++) {
		init_pair((short)(i + 1), ui->cfg.colors[i].fg >= COLORS ?
		    -1 : ui->cfg.colors[i].fg, ui->cfg.colors[i].bg >= COLORS ?
		    -1 : ui->cfg.colors[i].bg);
	}
	for (i = 0; i < (int)ui->cfg.nhls && UI_PAIR_HL(i) < COLOR_PAIRS; i++) {
		init_pair((short)UI_PAIR_HL(i), ui->cfg.hls[i].color.fg >=
		    COLORS ? -1 : ui->cfg.hls[i].color.fg,
		    ui->cfg.hls[i].color.bg >= COLORS ? -1 :
		    ui->cfg.hls[i].color.bg);
	}
	bkgdset((chtype)ui_attr(EL_BACKGROUND, 0));
}

/*
 * ui->cfg changed while the reader runs (the command line's set and
 * source): what the reader derives from it follows.  fresh: a config read
 * whole (source), its keyboard still "auto" and its arrows not mirrored
 * yet; else one changed in place, as it was.  The colours are set again,
 * and every view reads its rows again, since a view row of the feed list
 * borrows its filter from the config.
 */
void
ui_config_applied(int fresh)
{
	int	 rtl = ui->rtl;

	ui->rtl = ui->cfg.layout == CONFIG_LAYOUT_RTL ||
	    (ui->cfg.layout == CONFIG_LAYOUT_AUTO && i18n_rtl());
	if (ui->rtl && (fresh || !rtl))
		config_bind_mirror(&ui->cfg, 1);
	else if (!ui->rtl && rtl && !fresh)
		config_bind_mirror(&ui->cfg, 0);
	if (ui->cfg.keyboard == CONFIG_KEYBOARD_AUTO)
		ui->cfg.keyboard = ui_keyboard_auto();
	ui_colors_init();
	ui_reload_all();
	clearok(curscr, TRUE);
	ui->dirty = 1;
}

/*
 * The title bar's text for a view titled title, in cols columns, ready to
 * draw (heap).  The count a view ends its title with, " (N)" or " (N
 * unread)", is kept whole, and the title before it is isolated
 * (bidi_isolated()): an Arabic title does not pull the count into its run,
 * and when it is cut the ellipsis stays where it was cut.
 */
static char *
ui_title_line(const char *title, int cols)
{
	const char	*prefix = " majlis: ", *count = "", *p;
	char		*body, *cut, *line;
	size_t		 len = strlen(title);
	int		 avail;

	p = strrchr(title, '(');
	if (len > 0 && title[len - 1] == ')' && p != NULL && p > title &&
	    p[-1] == ' ') {
		count = p - 1;
		body = xstrndup(title, (size_t)(count - title));
	} else
		body = xstrdup(title);
	avail = cols - text_width(prefix) - text_width(count);
	cut = text_truncate(body, avail > 1 ? avail : 1);
	line = bidi_isolated(prefix, cut, count, (enum bidi_mode)ui->cfg.bidi);
	free(cut);
	free(body);
	return line;
}

/* The title bar: what is shown, and a reminder of the main keys. */
static void
ui_draw_title(void)
{
	char	*help, *s;

	help = ui_action_keys(&ui->cfg, UA_HELP);
	/*
	 * A mirrored layout draws the bar as one right-to-left paragraph:
	 * "majlis" at the right edge, the count at the far (left) end.
	 */
	if (ui->rtl) {
		xasprintf(&s, " majlis: %s", ui->top != NULL &&
		    ui->top->title != NULL ? ui->top->title : "");
		ui_put_line(0, s, ui_attr(EL_INFO, 0));
	} else {
		s = ui_title_line(ui->top != NULL && ui->top->title != NULL ?
		    ui->top->title : "", COLS);
		ui_put(0, 0, COLS, s, ui_attr(EL_INFO, 0));
	}
	free(s);
	if (COLS > 50 && *help != '\0') {
		/* TRANSLATORS: the title bar's reminder, "?:help". */
		xasprintf(&s, _("%s:help "), help);
		ui_put_own(0, COLS - text_width(s), text_width(s), s,
		    ui_attr(EL_INFO, 0));
		free(s);
	}
	free(help);
}

static void
ui_draw_status(void)
{
	char	*s = NULL;

	if (ui->fetch_pid != 0) {
		if (ui->fetch_progress)
			xasprintf(&s, _("fetching %'ld/%'ld, %'ld new, %'ld "
			    "failed"),
			    ui->fetch_done, ui->fetch_total, ui->fetch_new,
			    ui->fetch_failed);
		else
			s = xstrdup(_("fetching..."));
	}
	if (ui->message != NULL) {
		char	*t;

		xasprintf(&t, "%s%s%s", ui->message, s != NULL ? "  " : "",
		    s != NULL ? s : "");
		free(s);
		s = t;
	}
	ui_put_line(LINES - 1, s != NULL ? s : "",
	    ui->message_error ? ui_attr(EL_ERROR, 0) : ui_attr(EL_HINT, 0));
	/* Where the view is (an article's line and share), at the right. */
	if (ui->where[0] != '\0' && (s == NULL ||
	    text_width(s) + 2 + (int)strlen(ui->where) <= COLS))
		ui_put(LINES - 1, COLS - (int)strlen(ui->where),
		    (int)strlen(ui->where), ui->where, ui_attr(EL_HINT, 0));
	free(s);
}

/*
 * A long index catch-up (the first search after an upgrade rebuilt the
 * index): said on the status line as it goes, as the reader waits for it.
 */
static void
ui_progress(void *arg, int64_t done, int64_t total)
{
	(void)arg;
	if (done == -1 || done >= total)
		ui_status(0, NULL);
	else
		ui_status(0, _("indexing for search: %lld of %lld posts"),
		    (long long)done, (long long)total);
	ui_draw_status();
	refresh();
}

/* Draw the whole screen now. */
void
ui_draw(void)
{
	erase();
	ui->where[0] = '\0';
	if (ui->top != NULL && LINES > 2)
		ui->top->mode->draw(ui->top, LINES - 2, COLS);
	ui_draw_title();
	ui_draw_status();
	refresh();
	ui->dirty = 0;
}

/* The actions every view shares, when the view did not take the key. */
static void
ui_common_action(enum ui_action a)
{
	switch (a) {
	case UA_QUIT:
	case UA_BACK:
		if (ui->top != NULL && ui->top->below == NULL &&
		    (a == UA_BACK || (ui->cfg.confirm_quit &&
		    !ui_yes_no(_("Quit majlis?")))))
			break;
		ui_pop();
		break;
	case UA_HARD_QUIT:
		if (!ui->cfg.confirm_quit || ui_yes_no(_("Quit majlis?")))
			ui->quit = 1;
		break;
	case UA_HELP:
		if (ui->top == NULL || strcmp(ui->top->mode->name, "help") != 0)
			ui_help_open();
		break;
	case UA_RELOAD_ALL:
		ui_fetch_start(NULL);
		break;
	case UA_UNDO:
		ui_undo();
		break;
	case UA_REDRAW:
		clearok(curscr, TRUE);
		ui->dirty = 1;
		break;
	case UA_CMDLINE:
		ui_cmdline();
		break;
	case UA_SORT:
		ui->cfg.sort = ui->cfg.sort == CONFIG_SORT_NEWEST ?
		    CONFIG_SORT_OLDEST : CONFIG_SORT_NEWEST;
		ui_status(0, ui->cfg.sort == CONFIG_SORT_NEWEST ?
		    _("sorted newest first") : _("sorted oldest first"));
		ui_reload_all();
		break;
	case UA_NONE:
		break;
	default:
		ui_status(0, _("nothing to do for that here (%s for help)"),
		    "?");
		break;
	}
}

/* Mouse: the wheel scrolls, a click selects a row, a double click opens. */
static void
ui_mouse(void)
{
	MEVENT		 ev;
	enum ui_action	 a = UA_NONE;
	int		 i;

	if (getmouse(&ev) != OK || ui->top == NULL)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		a = UA_UP;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		a = UA_DOWN;
#endif
	if (a != UA_NONE) {
		for (i = 0; i < 3; i++)
			ui->top->mode->action(ui->top, a);
		ui->dirty = 1;
		return;
	}
	if ((ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) &&
	    ev.y >= 1 && ev.y < LINES - 1 && ui->top->mode->click != NULL) {
		ui->top->mode->click(ui->top, ev.y - 1);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			ui->top->mode->action(ui->top, UA_OPEN);
		ui->dirty = 1;
	}
}

/*
 * A macro's actions (space separated names), each done as its key would
 * be, on whatever view is on top by then (an action may open or close
 * one), drawn in between so that a view that sizes itself at its draw is
 * right for the next action.
 */
static void
ui_run_macro(const char *actions)
{
	char		*copy, *name, *save = NULL;
	enum ui_action	 a;

	copy = xstrdup(actions);
	if (!ui->message_error && ui->message != NULL)
		ui_status(0, NULL);
	for (name = strtok_r(copy, " ", &save); name != NULL && !ui->quit;
	    name = strtok_r(NULL, " ", &save)) {
		if ((a = ui_action_by_name(name)) == UA_NONE)
			continue;
		ui->key_char = 0;
		if (ui->top == NULL || !ui->top->mode->action(ui->top, a))
			ui_common_action(a);
		if (ui->dirty)
			ui_draw();
	}
	free(copy);
	ui->dirty = 1;
}

static void
ui_key(int rc, wint_t ch)
{
	enum ui_action	 a;
	const char	*macro;

	if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
		ui->dirty = 1;
		return;
	}
	if (rc == KEY_CODE_YES && ch == KEY_MOUSE) {
		ui_mouse();
		return;
	}
	if ((macro = ui_key_macro(&ui->cfg, rc == KEY_CODE_YES,
	    (uint32_t)ch)) != NULL) {
		ui_run_macro(macro);
		return;
	}
	a = ui_key_action(&ui->cfg, rc == KEY_CODE_YES, (uint32_t)ch);
	/* The digit that goto-url was typed with starts its number. */
	ui->key_char = rc == KEY_CODE_YES ? 0 : (uint32_t)ch;
	if (a == UA_NONE) {
		/* raw() keeps ^C from killing us mid-draw; it still quits. */
		if (rc != KEY_CODE_YES && ch == 3)
			ui->quit = 1;
		else {
			/* The way to the help is said once, not nagged. */
			ui_status(0, "%s", ui->key_hinted ? _("unknown key") :
			    _("unknown key — ? for help"));
			ui->key_hinted = 1;
		}
		return;
	}
	/* A message is about the last thing done; a new key clears it. */
	if ((!ui->message_error || ui->message_once) && ui->message != NULL)
		ui_status(0, NULL);
	ui->arrived = 0;
	if (ui->top == NULL || !ui->top->mode->action(ui->top, a))
		ui_common_action(a);
	ui->dirty = 1;
}

/*
 * Another process wrote (a fetch from cron): say how many posts it
 * brought, counted since the last key, so that a fetch seen in several
 * commits is one sum.  Our own fetch says it itself (ui-spawn.c), and
 * what it stores is only taken as seen.
 */
static void
ui_arrived(void)
{
	int64_t	 n;

	if ((n = db_posts_after(ui->db, &ui->last_post)) <= 0 ||
	    ui->fetch_pid != 0)
		return;
	ui->arrived += n;
	ui_status(0, ngettext("%lld new post came in", "%lld new posts came in",
	    (unsigned long)ui->arrived), (long long)ui->arrived);
}

static void
ui_loop(void)
{
	struct pollfd	 pfd[3];
	struct timespec	 now, last;
	wint_t		 ch;
	int64_t		 v;
	int		 rc, n, i;

	clock_gettime(CLOCK_MONOTONIC, &last);
	while (!ui->quit) {
		if (ui->dirty)
			ui_draw();

		/* A negative fd is left out by poll(): its revents are 0. */
		pfd[0].fd = STDIN_FILENO;
		pfd[1].fd = ui->fetch_fd;
		pfd[2].fd = ui->fetch_err_fd;
		for (i = 0; i < 3; i++) {
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		n = poll(pfd, 3, 1000);
		if (n == -1 && errno != EINTR)
			fatalx("poll: %s", strerror(errno));

		/* EINTR is usually SIGWINCH: getting keys finds KEY_RESIZE. */
		while (!ui->quit && (rc = get_wch(&ch)) != ERR)
			ui_key(rc, ch);
		if (n > 0 && ui->fetch_fd != -1 &&
		    (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
			ui_fetch_read();
		if (n > 0 && ui->fetch_err_fd != -1 &&
		    (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)))
			ui_fetch_err_read();
		ui_reap();

		/*
		 * A second without a key: index a few of the posts the last
		 * fetch stored (about 10 ms), so that a search seldom has to
		 * catch up.  Not while a fetch writes: it would wait for the
		 * write lock, and the keyboard with it.
		 */
		if (n == 0 && ui->fetch_pid == 0 && !db_fetch_running(ui->db))
			db_index_pending(ui->db, 200);

		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec != last.tv_sec) {
			last = now;
			v = db_data_version(ui->db);
			if (v != ui->data_version) {
				ui->data_version = v;
				ui_arrived();
				ui_reload_all();
			}
			if (ui->cfg.reload_interval > 0 && ui->fetch_pid == 0 &&
			    time(NULL) - ui->fetch_last >=
			    ui->cfg.reload_interval)
				ui_fetch_start(NULL);
		}
	}
}

/*
 * What is wrong in the config, on the status line until a key: the line
 * that keeps fetch from running (err; it stays until another message),
 * else the first line skipped, with how many more were (warn holds them,
 * one a line; any command, majlis feeds for one, writes them all).
 */
static void
ui_config_status(const char *err, char *warn, size_t nwarn)
{
	char	*nl;

	if (err != NULL) {
		if (nwarn == 0)
			ui_status(1, _("config: %s (fetching refuses to run "
			    "until it is fixed)"), err);
		else
			ui_status(1, ngettext("config: %s (fetching refuses "
			    "to run until it is fixed), and %zu line skipped",
			    "config: %s (fetching refuses to run until it is "
			    "fixed), and %zu lines skipped",
			    (unsigned long)nwarn), err, nwarn);
		return;
	}
	if ((nl = strchr(warn, '\n')) != NULL)
		*nl = '\0';
	if (nwarn <= 1)
		ui_status(1, _("config: %s"), warn);
	else
		ui_status(1, ngettext("config: %s, and %zu more line",
		    "config: %s, and %zu more lines",
		    (unsigned long)(nwarn - 1)), warn, nwarn - 1);
	/* Read once is enough: the next key takes it away. */
	ui->message_once = 1;
}

/*
 * The entry point: majlis with no command.  Returns an exit code.  A broken
 * config file is no reason not to start: the defaults are used and the
 * status line says what is wrong.
 */
int
ui_main(struct ctx *ctx)
{
	struct ui	 u;
	char		*err = NULL, *cfgerr = NULL, *histerr = NULL;
	char		*cfgwarn = NULL;
	size_t		 ncfgwarn = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		warnx_(_("the reader needs a terminal"));
		return EXIT_USAGE;
	}
	memset(&u, 0, sizeof u);
	ui = &u;
	u.ctx = ctx;
	u.fetch_fd = u.fetch_err_fd = -1;
	if (config_read_warn(&u.cfg, ctx->config_path, CONFIG_ALL, &cfgerr,
	    &cfgwarn, &ncfgwarn) == -1 && cfgerr == NULL)
		cfgerr = xstrdup(_("cannot read the config file"));
	if ((u.db = db_open(ctx->db_path, &err)) == NULL) {
		if (err != NULL)
			warnx_("%s", err);
		free(err);
		free(cfgerr);
		free(cfgwarn);
		config_free(&u.cfg);
		return EXIT_USAGE;
	}
	u.exe = exec_path(NET_PROGRAM);
	u.data_version = db_data_version(u.db);
	db_posts_after(u.db, &u.last_post);
	if (ui_history_load(&u.searches, data_path(UI_HISTORY_FILE)) == -1)
		xasprintf(&histerr, _("cannot read the search history %s: %s"),
		    u.searches.path, strerror(errno));
	u.fetch_last = time(NULL);

	/* Escape alone is rarely a key here; do not wait a second for it. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(200);
	ui_colors_init();
	db_set_progress(u.db, ui_progress, NULL);
	u.rtl = u.cfg.layout == CONFIG_LAYOUT_RTL ||
	    (u.cfg.layout == CONFIG_LAYOUT_AUTO && i18n_rtl());
	if (u.rtl)
		config_bind_mirror(&u.cfg, 1);
	if (u.cfg.keyboard == CONFIG_KEYBOARD_AUTO)
		u.cfg.keyboard = ui_keyboard_auto();

	ui_feeds_open();
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		ui_status(1, _("the locale is not UTF-8 (see LANG): text will "
		    "look wrong"));
	if (cfgerr != NULL || cfgwarn != NULL)
		ui_config_status(cfgerr, cfgwarn, ncfgwarn);
	else if (histerr != NULL)
		ui_status(1, "%s", histerr);
	/* -r or refresh-on-startup: every feed, as R would, in the background. */
	if (ctx->refresh || u.cfg.refresh_on_startup)
		ui_fetch_start(NULL);
	ui_loop();

	while (ui->top != NULL)
		ui_pop();
	endwin();
	if (u.fetch_fd != -1)
		close(u.fetch_fd);
	if (u.fetch_err_fd != -1)
		close(u.fetch_err_fd);
	free(cfgerr);
	free(cfgwarn);
	free(histerr);
	ui_history_free(&u.searches);
	ui_history_free(&u.commands);
	ui_history_free(&u.pipes);
	ui_history_free(&u.files);
	free(u.message);
	free(u.exe);
	ui_undo_free();
	free(u.browser_prog);
	if (u.browser_err != NULL)
		fclose(u.browser_err);
	db_close(u.db);
	config_free(&u.cfg);
	ui = NULL;
	return EXIT_OK;
}
