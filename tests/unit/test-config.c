/*
 * Unit tests for config.c: defaults, every setting, the errors a user sees
 * (with file and line), bind and color lines, and the paths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

/* Parse text into a fresh default config; returns config_parse's result. */
static int
parse_text(struct config *cfg, const char *text, char **err)
{
	*err = NULL;
	return config_parse(cfg, text, strlen(text), "cfg", err);
}

/* The setting name, formatted by config_value, must be want. */
static void
assert_value(const struct config *cfg, const char *name, const char *want)
{
	char	*v;

	v = config_value(cfg, name);
	assert_non_null(v);
	assert_string_equal(v, want);
	free(v);
}

static void
test_defaults(void **state)
{
	struct config	 cfg;

	(void)state;
	setenv("BROWSER", "mybrowser %u", 1);
	config_defaults(&cfg);
	assert_int_equal(cfg.max_connections, 16);
	assert_string_equal(cfg.user_agent, "majlis/" PACKAGE_VERSION);
	assert_null(cfg.proxy);
	assert_int_equal(cfg.connect_timeout, 15);
	assert_int_equal(cfg.max_size, 16 * 1024 * 1024);
	assert_int_equal(cfg.keep_days, 0);
	assert_int_equal(cfg.keep_posts, 0);
	assert_int_equal(cfg.bidi, BIDI_AUTO);
	assert_int_equal(cfg.sort, CONFIG_SORT_NEWEST);
	assert_int_equal(cfg.confirm_quit, 0);
	assert_int_equal(cfg.show_read, 1);
	assert_string_equal(cfg.browser, "mybrowser %u");
	assert_value(&cfg, "proxy", "none");
	assert_value(&cfg, "max-size", "16777216");
	assert_null(config_value(&cfg, "no-such-setting"));
	config_free(&cfg);

	/* Without $BROWSER, xdg-open. */
	unsetenv("BROWSER");
	config_defaults(&cfg);
	assert_string_equal(cfg.browser, "xdg-open");
	config_free(&cfg);
	setenv("BROWSER", "", 1);
	config_defaults(&cfg);
	assert_string_equal(cfg.browser, "xdg-open");
	config_free(&cfg);
}

static void
test_every_setting(void **state)
{
	struct config	 cfg;
	char		*err;
	const char	*text =
	    "# a comment\n"
	    "\n"
	    "max-connections = 4\n"
	    "max-per-host = 2\n"
	    "user-agent = \"Mozilla/5.0 (compatible; \\\"x\\\")\"\n"
	    "proxy = http://127.0.0.1:3128\n"
	    "connect-timeout = 1m\n"
	    "timeout=0\n"
	    "low-speed-time 45s\n"
	    "low-speed-limit = 1K\n"
	    "max-size = 2 MiB   # after a blank, a comment\n"
	    "reload-interval = 2h\n"
	    "keep-days = 30\n"
	    "keep-posts = 500\n"
	    "bidi = OFF\n"
	    "browser = firefox --new-tab %u\n"
	    "sort = oldest\n"
	    "confirm-quit = yes\n"
	    "show-read = false\n"
	    "date-format = %d.%m.%Y#1\n"
	    "text-width = 72\r\n"
	    "  \t# indented comment\n";

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(parse_text(&cfg, text, &err), 0);
	assert_null(err);
	assert_int_equal(cfg.max_connections, 4);
	assert_int_equal(cfg.max_per_host, 2);
	assert_string_equal(cfg.user_agent,
	    "Mozilla/5.0 (compatible; \"x\")");
	assert_string_equal(cfg.proxy, "http://127.0.0.1:3128");
	assert_int_equal(cfg.connect_timeout, 60);
	assert_int_equal(cfg.timeout, 0);
	assert_int_equal(cfg.low_speed_time, 45);
	assert_int_equal(cfg.low_speed_limit, 1024);
	assert_int_equal(cfg.max_size, 2 * 1024 * 1024);
	assert_int_equal(cfg.reload_interval, 7200);
	assert_int_equal(cfg.keep_days, 30);
	assert_int_equal(cfg.keep_posts, 500);
	assert_int_equal(cfg.bidi, BIDI_OFF);
	assert_string_equal(cfg.browser, "firefox --new-tab %u");
	assert_int_equal(cfg.sort, CONFIG_SORT_OLDEST);
	assert_int_equal(cfg.confirm_quit, 1);
	assert_int_equal(cfg.show_read, 0);
	/* '#' not after a blank is part of the value. */
	assert_string_equal(cfg.date_format, "%d.%m.%Y#1");
	assert_int_equal(cfg.text_width, 72);
	assert_value(&cfg, "bidi", "off");
	assert_value(&cfg, "confirm-quit", "yes");

	/* "none" clears the proxy again. */
	assert_int_equal(parse_text(&cfg, "proxy = none\n", &err), 0);
	assert_null(cfg.proxy);
	config_free(&cfg);
}

/* Each bad line: the message, and the config untouched. */
static void
test_errors(void **state)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		{ "max-connections = 8\nfrobnicate = 1\n",
		  "cfg:2: unknown setting 'frobnicate'" },
		{ "\n\n\nmax-connections = lots\n",
		  "cfg:4: max-connections: 'lots' is not a number" },
		{ "max-connections = 0\n",
		  "cfg:1: max-connections: 0 is out of range (1 to 256)" },
		{ "max-connections = 99999999999999999999999\n",
		  "cfg:1: max-connections: '99999999999999999999999' is not "
		  "a number" },
		{ "keep-days = -1\n",
		  "cfg:1: keep-days: -1 is out of range (0 to 365000)" },
		{ "max-size = 16Q\n",
		  "cfg:1: max-size: '16Q' is not a size (like 512K or 16M)" },
		{ "connect-timeout = soon\n",
		  "cfg:1: connect-timeout: 'soon' is not a duration "
		  "(like 30 or 5m)" },
		{ "bidi = sometimes\n",
		  "cfg:1: bidi: 'sometimes' is not one of auto, on or off" },
		{ "sort = random\n",
		  "cfg:1: sort: 'random' is not one of newest or oldest" },
		{ "confirm-quit = maybe\n",
		  "cfg:1: confirm-quit: 'maybe' is not yes or no" },
		{ "user-agent =\n", "cfg:1: user-agent: the value is empty" },
		{ "user-agent = \"open\n", "cfg:1: missing closing quote" },
		{ "user-agent = \"a\" b\n",
		  "cfg:1: text after the quoted value" },
		{ "bind j\n", "cfg:1: bind: expected KEY ACTION" },
		{ "bind j down up\n", "cfg:1: bind: expected KEY ACTION" },
		{ "bind j fly\n", "cfg:1: bind: unknown action 'fly'" },
		{ "bind HYPER-X quit\n", "cfg:1: bind: unknown key 'HYPER-X'" },
		{ "bind F13 quit\n", "cfg:1: bind: unknown key 'F13'" },
		{ "color listfocus red\n",
		  "cfg:1: color: expected ELEMENT FOREGROUND BACKGROUND "
		  "[ATTRIBUTE...]" },
		{ "color sidebar red blue\n",
		  "cfg:1: color: unknown element 'sidebar'" },
		{ "color info mauve blue\n",
		  "cfg:1: color: unknown colour 'mauve'" },
		{ "color info red color256\n",
		  "cfg:1: color: unknown colour 'color256'" },
		{ "color info red blue sparkly\n",
		  "cfg:1: color: unknown attribute 'sparkly'" },
		{ "bidi = on\nsort = \xff\n",
		  "cfg:2: the line is not valid UTF-8" },
		{ "show-read = \x1b[31mno\n",
		  "cfg:1: show-read: '[31mno' is not yes or no" },
	};
	struct config	 cfg;
	char		*err;
	size_t		 i;

	(void)state;
	config_defaults(&cfg);
	for (i = 0; i < nitems(cases); i++) {
		assert_int_equal(parse_text(&cfg, cases[i].text, &err), -1);
		assert_non_null(err);
		if (strcmp(err, cases[i].msg) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    cases[i].msg);
		free(err);
	}
	/* Every good line applies, those before a bad one and after it. */
	assert_int_equal(cfg.max_connections, 8);
	assert_int_equal(cfg.bidi, BIDI_ON);
	assert_string_equal(config_action(&cfg, "j"), "down");
	assert_int_equal(parse_text(&cfg, "keep-days = 3\nfrobnicate = 1\n"
	    "keep-posts = 9\n", &err), -1);
	assert_string_equal(err, "cfg:2: unknown setting 'frobnicate'");
	free(err);
	assert_int_equal(cfg.keep_days, 3);
	assert_int_equal(cfg.keep_posts, 9);

	/* A NUL byte in a line. */
	assert_int_equal(config_parse(&cfg, "sort = old\0est\n", 15, "cfg",
	    &err), -1);
	assert_string_equal(err, "cfg:1: the line holds a NUL byte");
	free(err);
	config_free(&cfg);
}

static void
test_bind(void **state)
{
	struct config	 cfg;
	const char	*keys[8];
	char		*err;

	(void)state;
	config_defaults(&cfg);
	assert_string_equal(config_action(&cfg, "q"), "quit");
	assert_string_equal(config_action(&cfg, "ENTER"), "open");
	assert_string_equal(config_action(&cfg, "^L"), "redraw");
	assert_null(config_action(&cfg, "x"));
	assert_int_equal(config_keys(&cfg, "down", keys, nitems(keys)), 2);

	assert_int_equal(parse_text(&cfg,
	    "bind x quit\n"
	    "bind C-r reload-all   # comment\n"
	    "bind \"#\" help\n"
	    "bind pagedown down\n"
	    "bind q none\n"
	    "bind f5 reload\n"
	    "bind é open\n"
	    "bind ^m back\n", &err), 0);
	assert_string_equal(config_action(&cfg, "x"), "quit");
	assert_string_equal(config_action(&cfg, "^R"), "reload-all");
	assert_string_equal(config_action(&cfg, "#"), "help");
	assert_string_equal(config_action(&cfg, "PGDN"), "down");
	assert_null(config_action(&cfg, "q"));
	assert_string_equal(config_action(&cfg, "F5"), "reload");
	assert_string_equal(config_action(&cfg, "é"), "open");
	/* ^M is ENTER: rebinding one rebinds the other. */
	assert_string_equal(config_action(&cfg, "ENTER"), "back");
	assert_int_equal(config_keys(&cfg, "quit", keys, nitems(keys)), 1);
	assert_string_equal(keys[0], "x");
	assert_int_equal(config_keys(&cfg, "down", keys, nitems(keys)), 3);

	/* The API as the reader uses it. */
	assert_int_equal(config_bind(&cfg, "Ctrl+x", "hard-quit", &err), 0);
	assert_string_equal(config_action(&cfg, "^X"), "hard-quit");
	assert_int_equal(config_bind(&cfg, "x", "levitate", &err), -1);
	assert_string_equal(err, "unknown action 'levitate'");
	free(err);
	config_free(&cfg);
}

static void
test_key_names(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "j", "j" }, { "J", "J" }, { "^r", "^R" }, { "C-a", "^A" },
		{ "ctrl-z", "^Z" }, { "^I", "TAB" }, { "^[", "ESC" },
		{ "^?", "BACKSPACE" }, { "^H", "BACKSPACE" },
		{ "Return", "ENTER" }, { "space", "SPACE" },
		{ "PageUp", "PGUP" }, { "npage", "PGDN" }, { "up", "UP" },
		{ "F12", "F12" }, { "s-tab", "BTAB" }, { "ж", "ж" },
		{ "^", "^" }, { "delete", "DEL" },
	};
	static const char *const bad[] = {
		"", "jj", "F0", "F99", "^1", "C-", "\x1b", "\xe2\x80\xae",
	};
	char	 out[CONFIG_KEYLEN];
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		assert_int_equal(config_key_canon(cases[i].in, out, sizeof out),
		    0);
		assert_string_equal(out, cases[i].out);
	}
	for (i = 0; i < nitems(bad); i++) {
		if (config_key_canon(bad[i], out, sizeof out) != -1)
			fail_msg("key %zu was accepted as %s", i, out);
	}

	/* What curses gives, to the same names. */
	assert_string_equal(config_key_from_curses(1, KEY_UP, out, sizeof out),
	    "UP");
	assert_string_equal(config_key_from_curses(1, KEY_NPAGE, out,
	    sizeof out), "PGDN");
	assert_string_equal(config_key_from_curses(1, KEY_F(5), out,
	    sizeof out), "F5");
	assert_string_equal(config_key_from_curses(1, KEY_ENTER, out,
	    sizeof out), "ENTER");
	assert_string_equal(config_key_from_curses(0, '\r', out, sizeof out),
	    "ENTER");
	assert_string_equal(config_key_from_curses(0, 18, out, sizeof out),
	    "^R");
	assert_string_equal(config_key_from_curses(0, 127, out, sizeof out),
	    "BACKSPACE");
	assert_string_equal(config_key_from_curses(0, ' ', out, sizeof out),
	    "SPACE");
	assert_string_equal(config_key_from_curses(0, 0x436, out, sizeof out),
	    "ж");
	assert_null(config_key_from_curses(0, 0x202e, out, sizeof out));
	assert_null(config_key_from_curses(1, KEY_MOUSE, out, sizeof out));
}

static void
test_colors(void **state)
{
	struct config	 cfg;
	char		*err;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(cfg.colors[EL_LISTNORMAL].fg, -1);
	assert_int_equal(cfg.colors[EL_LISTNORMAL].bg, -1);
	assert_int_equal(cfg.colors[EL_INFO].attrs, A_BOLD);
	assert_int_equal(config_element("listfocus_unread"),
	    EL_LISTFOCUS_UNREAD);
	assert_int_equal(config_element("nope"), -1);

	assert_int_equal(parse_text(&cfg,
	    "color listfocus white red bold underline\n"
	    "color info color208 default reverse\n"
	    "color article brightgreen 17\n", &err), 0);
	assert_int_equal(cfg.colors[EL_LISTFOCUS].fg, COLOR_WHITE);
	assert_int_equal(cfg.colors[EL_LISTFOCUS].bg, COLOR_RED);
	assert_int_equal(cfg.colors[EL_LISTFOCUS].attrs,
	    A_BOLD | A_UNDERLINE);
	assert_int_equal(cfg.colors[EL_INFO].fg, 208);
	assert_int_equal(cfg.colors[EL_INFO].bg, -1);
	assert_int_equal(cfg.colors[EL_INFO].attrs, A_REVERSE);
	assert_int_equal(cfg.colors[EL_ARTICLE].fg, 10);
	assert_int_equal(cfg.colors[EL_ARTICLE].bg, 17);
	assert_int_equal(cfg.colors[EL_ARTICLE].attrs, A_NORMAL);
	/* majlis.conf(5) names "colour" as an unknown key: it is one. */
	assert_int_equal(parse_text(&cfg, "colour info red default\n", &err),
	    -1);
	assert_string_equal(err, "cfg:1: unknown setting 'colour'");
	free(err);
	config_free(&cfg);
}

/*
 * highlight, highlight-article, highlight-feed (newsboat's): the location,
 * the pattern compiled once, the look with a background left out; a bad
 * line named and skipped, the good ones kept.
 */
static void
test_highlight(void **state)
{
	struct config	 cfg, cp;
	regmatch_t	 m;
	char		*err;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(parse_text(&cfg,
	    "highlight article \"ma(j|g)lis\" red\n"
	    "highlight all x yellow blue bold underline\n"
	    "highlight-article \"unread = \\\"yes\\\"\" green default\n"
	    "highlight-feed \"unread_count > 0\" white blue\n", &err), 0);
	assert_int_equal(cfg.nhls, 4);
	assert_int_equal(cfg.hls[0].where, CONFIG_HL_ARTICLE);
	assert_int_equal(cfg.hls[0].color.fg, COLOR_RED);
	assert_int_equal(cfg.hls[0].color.bg, -1);
	/* Case is ignored, as newsboat ignores it. */
	assert_int_equal(regexec(cfg.hls[0].re, "a MAGLIS b", 1, &m, 0), 0);
	assert_int_equal(m.rm_so, 2);
	assert_int_equal(m.rm_eo, 8);
	assert_int_equal(cfg.hls[1].where, CONFIG_HL_ARTICLE |
	    CONFIG_HL_ARTICLELIST | CONFIG_HL_FEEDLIST);
	assert_int_equal(cfg.hls[1].color.attrs, A_BOLD | A_UNDERLINE);
	assert_int_equal(cfg.hls[1].color.bg, COLOR_BLUE);
	assert_int_equal(cfg.hls[2].where, CONFIG_HL_POSTS);
	assert_null(cfg.hls[2].re);
	assert_string_equal(cfg.hls[2].expr, "unread = \"yes\"");
	assert_int_equal(cfg.hls[3].where, CONFIG_HL_FEEDS);
	config_copy(&cp, &cfg);
	config_free(&cfg);
	assert_int_equal(regexec(cp.hls[0].re, "majlis", 0, NULL, 0), 0);
	config_free(&cp);

	config_defaults(&cfg);
	assert_int_equal(parse_text(&cfg, "highlight bogus x red\n", &err),
	    -1);
	assert_string_equal(err, "cfg:1: highlight: unknown location 'bogus'");
	free(err);
	assert_int_equal(parse_text(&cfg, "highlight article \"(\" red\n",
	    &err), -1);
	assert_string_equal(err,
	    "cfg:1: highlight: bad regular expression '('");
	free(err);
	assert_int_equal(parse_text(&cfg, "highlight article x\n", &err), -1);
	free(err);
	assert_int_equal(parse_text(&cfg, "highlight article x red default "
	    "nope\n",
	    &err), -1);
	assert_string_equal(err, "cfg:1: highlight: unknown attribute 'nope'");
	free(err);
	assert_int_equal(parse_text(&cfg, "highlight-article \"x = \" red "
	    "blue\n", &err), -1);
	assert_non_null(strstr(err, "cfg:1: highlight-article: filter: "));
	free(err);
	/* A feed's filter has a feed's attributes only. */
	assert_int_equal(parse_text(&cfg, "highlight-feed \"author = \\\"y\\\"\" "
	    "red blue\n", &err), -1);
	free(err);
	assert_int_equal(parse_text(&cfg, "highlight-article x red\n", &err),
	    -1);
	free(err);
	assert_int_equal(cfg.nhls, 0);
	config_free(&cfg);
}

static void
test_copy(void **state)
{
	struct config	 a, b;
	char		*err;

	(void)state;
	config_defaults(&a);
	assert_int_equal(parse_text(&a, "proxy = socks5h://h:1\n"
	    "bind z quit\n", &err), 0);
	config_copy(&b, &a);
	config_free(&a);
	assert_string_equal(b.proxy, "socks5h://h:1");
	assert_string_equal(config_action(&b, "z"), "quit");
	config_free(&b);
}

/*
 * dumpconfig: a config as a file says it, read back into the defaults,
 * is the same config: the same dump, the settings, an unbound key, the
 * colours, a view with quotes and a macro.
 */
static void
test_dump(void **state)
{
	struct config	 a, b;
	struct buf	 da, db;
	char		*err;

	(void)state;
	config_defaults(&a);
	assert_int_equal(parse_text(&a, "browser = \"firefox --new %u\"\n"
	    "date-format = %d.%m #x\n"
	    "show-read = no\nbind z quit\nbind q none\n"
	    "color title brightred color200 bold underline\n"
	    "view \"A \\\"b\\\"\" \"title =~ \\\"x y\\\"\"\n"
	    "ignore regex:^https:// \"author = \\\"spam\\\"\"\n"
	    "macro , open quit\n"
	    "highlight feedlist \"a\\\"b #c\" red\n"
	    "highlight all x yellow blue bold\n"
	    "highlight-article \"unread = \\\"yes\\\"\" green default\n"
	    "highlight-feed \"unread_count > 0\" white blue\n", &err), 0);
	buf_init(&da);
	config_dump(&a, &da);
	config_keys_dump(&a, &da);
	config_defaults(&b);
	if (parse_text(&b, buf_str(&da), &err) == -1)
		fail_msg("%s\n%s", err, buf_str(&da));
	buf_init(&db);
	config_dump(&b, &db);
	config_keys_dump(&b, &db);
	assert_string_equal(buf_str(&da), buf_str(&db));
	assert_string_equal(b.browser, "firefox --new %u");
	assert_string_equal(b.date_format, "%d.%m");
	assert_int_equal(b.show_read, 0);
	assert_null(config_action(&b, "q"));
	assert_string_equal(config_action(&b, "z"), "quit");
	assert_int_equal(b.colors[EL_TITLE].fg, 9);
	assert_int_equal(b.colors[EL_TITLE].bg, 200);
	assert_string_equal(b.views[0].what, "A \"b\"");
	assert_string_equal(b.views[0].expr, "title =~ \"x y\"");
	assert_string_equal(b.ignores[0].what, "regex:^https://");
	assert_int_equal(b.nmacros, 1);
	assert_int_equal(b.nhls, 4);
	assert_string_equal(b.hls[0].expr, "a\"b #c");
	assert_int_equal(b.hls[0].where, CONFIG_HL_FEEDLIST);
	assert_int_equal(b.hls[1].color.attrs, A_BOLD);
	assert_int_equal(b.hls[3].where, CONFIG_HL_FEEDS);
	buf_free(&da);
	buf_free(&db);
	config_free(&a);
	config_free(&b);
}

static void
test_paths(void **state)
{
	char	*p;

	(void)state;
	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("XDG_DATA_HOME", "/x/data", 1);
	p = config_path(NULL);
	assert_string_equal(p, "/x/conf/majlis/config");
	free(p);
	p = config_path("/etc/other");
	assert_string_equal(p, "/etc/other");
	free(p);
	p = data_path("majlis.db");
	assert_string_equal(p, "/x/data/majlis/majlis.db");
	free(p);

	/* Unset or relative XDG variables fall back to the home directory. */
	unsetenv("XDG_CONFIG_HOME");
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	p = config_path(NULL);
	assert_string_equal(p, "/home/u/.config/majlis/config");
	free(p);
	p = data_path("majlis.db");
	assert_string_equal(p, "/home/u/.local/share/majlis/majlis.db");
	free(p);
}

static void
test_load_file(void **state)
{
	struct config	 cfg;
	char		 dir[] = "/tmp/test-config.XXXXXX", *path, *err = NULL;
	FILE		*fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	xasprintf(&path, "%s/a/b/config", dir);

	/* A missing file is no error. */
	config_defaults(&cfg);
	assert_int_equal(config_load(&cfg, path, &err), 0);
	assert_null(err);

	assert_int_equal(path_mkparent(path), 0);
	assert_non_null(fp = fopen(path, "w"));
	fputs("\xef\xbb\xbfkeep-posts = 7\nbind\tq\n", fp);
	fclose(fp);
	assert_int_equal(config_load(&cfg, path, &err), -1);
	/* The error names the file and the line; the good line applies. */
	assert_non_null(strstr(err, "/a/b/config:2: "));
	free(err);
	assert_int_equal(cfg.keep_posts, 7);

	assert_non_null(fp = fopen(path, "w"));
	fputs("\xef\xbb\xbfkeep-posts = 7\n", fp);
	fclose(fp);
	config_free(&cfg);
	assert_int_equal(config_read(&cfg, path, CONFIG_ALL, &err), 0);
	assert_int_equal(cfg.keep_posts, 7);
	config_free(&cfg);

	/* A directory cannot be read: an error naming it. */
	config_defaults(&cfg);
	assert_int_equal(config_load(&cfg, dir, &err), -1);
	assert_non_null(strstr(err, dir));
	free(err);
	config_free(&cfg);

	unlink(path);
	free(path);
	xasprintf(&path, "%s/a/b", dir);
	rmdir(path);
	free(path);
	xasprintf(&path, "%s/a", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
}

/* A proxy is checked: a value curl would misread is refused. */
static void
test_proxy(void **state)
{
	static const char *const good[] = {
		"socks5h://127.0.0.1:9050", "http://proxy.example:3128",
		"127.0.0.1:8080", "proxy.example", "http://u:p@h:1/",
		"socks5://[::1]:1080", "HTTPS://h",
	};
	static const char *const bad[] = {
		"socks5h:/127.0.0.1:9050", "sock5h://127.0.0.1:9050",
		"127.0.0.1:", "127.0.0.1:99999", "http://", "h:1 x",
		"ftp://h:21",
	};
	struct config	 cfg;
	char		*text, *err;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(good); i++) {
		config_defaults(&cfg);
		xasprintf(&text, "proxy = %s\n", good[i]);
		if (parse_text(&cfg, text, &err) != 0)
			fail_msg("%s refused: %s", good[i], err);
		assert_string_equal(cfg.proxy, good[i]);
		free(text);
		config_free(&cfg);
	}
	for (i = 0; i < nitems(bad); i++) {
		config_defaults(&cfg);
		xasprintf(&text, "proxy = %s\n", bad[i]);
		if (parse_text(&cfg, text, &err) != -1)
			fail_msg("%s taken", bad[i]);
		assert_non_null(strstr(err, "is not a proxy"));
		assert_null(cfg.proxy);
		free(err);
		free(text);
		config_free(&cfg);
	}
}

/* newsboat's keywords, each mapped onto majlis's (the one table). */
static void
test_newsboat(void **state)
{
	struct config	 cfg;
	char		*err;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(parse_text(&cfg,
	    "auto-reload yes\n"
	    "reload-time 20\n"
	    "reload-threads 4\n"
	    "max-items 50\n"
	    "keep-articles-days 30\n"
	    "show-read-feeds no\n"
	    "confirm-exit yes\n"
	    "notify-program \"notify-send newsboat\"\n"
	    "datetime-format \"%d %b\"\n"
	    "save-path ~/saved\n"
	    "download-timeout 45\n"
	    "proxy 127.0.0.1:9050\n"
	    "proxy-type socks5h\n"
	    "use-proxy yes\n"
	    "ssl-verifypeer yes\n"
	    "bind-key ^D pagedown\n"
	    "bind-key SPACE toggle-article-read articlelist\n"
	    "unbind-key R\n"
	    "macro , open-in-browser ; toggle-article-read -- \"open\"\n"
	    "ignore-article \"*\" \"title =~ \\\"Sponsored\\\"\"\n"
	    "highlight article \"^(Feed|Title|Author|Link|Date):\" color75 "
	    "default bold\n"
	    "highlight-article \"unread = \\\"yes\\\" and title =~ "
	    "\\\"release\\\"\" color208 default bold\n"
	    "highlight-feed \"unread_count > 20\" color214 default\n", &err),
	    0);
	assert_int_equal(cfg.reload_interval, 20 * 60);
	assert_int_equal(cfg.max_connections, 4);
	assert_int_equal(cfg.keep_posts, 50);
	assert_int_equal(cfg.keep_days, 30);
	assert_int_equal(cfg.show_read, 0);
	assert_int_equal(cfg.confirm_quit, 1);
	assert_string_equal(cfg.notify_command, "notify-send newsboat");
	assert_string_equal(cfg.date_format, "%d %b");
	assert_int_equal(cfg.timeout, 45);
	assert_string_equal(cfg.proxy, "socks5h://127.0.0.1:9050");
	assert_string_equal(config_action(&cfg, "^D"), "page-down");
	assert_string_equal(config_action(&cfg, "SPACE"), "toggle-read");
	assert_null(config_action(&cfg, "R"));
	assert_int_equal(cfg.nmacros, 1);
	assert_string_equal(cfg.macros[0].expr,
	    "open-in-browser toggle-read");
	assert_int_equal(cfg.nignores, 1);
	assert_string_equal(cfg.ignores[0].expr, "title =~ \"Sponsored\"");
	/* newsboat's highlight lines are majlis's own. */
	assert_int_equal(cfg.nhls, 3);
	assert_int_equal(cfg.hls[0].color.fg, 75);
	assert_int_equal(cfg.hls[1].where, CONFIG_HL_POSTS);
	assert_int_equal(cfg.hls[2].where, CONFIG_HL_FEEDS);
	config_free(&cfg);

	/* A setting majlis does not have is named as newsboat's. */
	config_defaults(&cfg);
	assert_int_equal(parse_text(&cfg, "html-renderer w3m\n", &err), -1);
	assert_string_equal(err,
	    "cfg:1: 'html-renderer' is a newsboat setting majlis does not have");
	free(err);
	/* One it has under its own name: newsboat's line sets majlis's. */
	assert_int_equal(parse_text(&cfg, "cookie-cache ~/c.txt\n"
	    "ssl-verifypeer no\n", &err), 0);
	assert_non_null(cfg.cookie_cache);
	assert_int_equal(cfg.ssl_verify, 0);
	assert_int_equal(parse_text(&cfg, "bind-key x edit-urls\n", &err), -1);
	assert_string_equal(err, "cfg:1: bind-key: newsboat's operation "
	    "'edit-urls' has no majlis action");
	free(err);
	/* Newsboat's macros follow a comma; majlis's j stays down. */
	assert_int_equal(parse_text(&cfg, "macro j next ; open\n", &err), -1);
	assert_non_null(strstr(err, "j is the key of down"));
	free(err);
	assert_string_equal(config_action(&cfg, "j"), "down");
	/* use-proxy no: newsboat would connect directly, and so does majlis. */
	assert_int_equal(parse_text(&cfg, "proxy h:1\nuse-proxy no\n", &err),
	    0);
	assert_null(cfg.proxy);
	/* use-proxy yes and no proxy: refused, a proxy was asked for. */
	assert_int_equal(parse_text(&cfg, "use-proxy yes\n", &err), -1);
	assert_string_equal(err, "cfg: use-proxy is yes but no proxy is set");
	free(err);
	config_free(&cfg);
}

/* A duration reads back as typed: the largest whole unit, and parses. */
static void
test_seconds_format(void **state)
{
	static const struct {
		int64_t		 secs;
		const char	*want;
	} cases[] = {
		{ 0, "0s" }, { 1, "1s" }, { 90, "90s" }, { 60, "1m" },
		{ 3540, "59m" }, { 3600, "1h" }, { 5400, "90m" },
		{ 21600, "6h" }, { 86400, "1d" }, { 129600, "36h" },
		{ 172800, "2d" }, { 86401, "86401s" },
	};
	char	 buf[32];
	int64_t	 back;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		assert_string_equal(num_seconds_format(cases[i].secs, buf,
		    sizeof buf), cases[i].want);
		assert_int_equal(num_seconds(buf, &back), 0);
		assert_int_equal(back, cases[i].secs);
	}
}

/* A podcast's running time: read as feeds write it, shown as a clock. */
static void
test_clock(void **state)
{
	static const struct {
		const char	*in;
		int64_t		 secs;	/* -1: refused */
		const char	*shown;
	} cases[] = {
		{ "1:02:03", 3723, "1:02:03" }, { "62:03", 3723, "1:02:03" },
		{ "185", 185, "3:05" }, { " 00:45 ", 45, "0:45" },
		{ "10:00:00.5", 36000, "10:00:00" }, { "59", 59, "0:59" },
		{ "1:60", -1, NULL }, { "soon", -1, NULL }, { "", -1, NULL },
		{ "0", -1, NULL }, { "1:2:3:4", -1, NULL }, { "1::2", -1, NULL },
	};
	char	 buf[32];
	int64_t	 v;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		if (cases[i].secs == -1) {
			assert_int_equal(num_clock(cases[i].in, &v), -1);
			continue;
		}
		assert_int_equal(num_clock(cases[i].in, &v), 0);
		assert_int_equal(v, cases[i].secs);
		assert_string_equal(num_clock_format(v, buf, sizeof buf),
		    cases[i].shown);
	}
}

/* Sizes for a person, in units of 1024. */
static void
test_size_format(void **state)
{
	static const struct {
		int64_t		 bytes;
		const char	*want;
	} cases[] = {
		{ 1, "1 byte" }, { 900, "900 bytes" }, { 1024, "1.0 KB" },
		{ 1536, "1.5 KB" }, { 12897485, "12.3 MB" },
		{ 150 * 1024 * 1024, "150 MB" },
		{ INT64_C(3) * 1024 * 1024 * 1024, "3.0 GB" },
	};
	char	 buf[64];
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++)
		assert_string_equal(num_size_format(cases[i].bytes, buf,
		    sizeof buf), cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_setting),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bind),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_proxy),
		cmocka_unit_test(test_newsboat),
		cmocka_unit_test(test_seconds_format),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_size_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
