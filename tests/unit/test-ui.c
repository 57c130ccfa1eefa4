/*
 * Unit tests for the reader's pure parts: the line editor and its tag
 * completion, the tag line grammar, the browser's argument vector (a
 * hostile URL must stay one argument), the mapping of keys to actions
 * through config.c's bindings and the search history (ui-history.c).
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <curses.h>

#include "majlis.h"

static char *
line_str(const struct ui_line *l)
{
	return ui_line_text(l, 0, l->len);
}

static void
test_line_edit_utf8(void **state)
{
	struct ui_line	 l;
	char		*s;

	(void)state;
	memset(&l, 0, sizeof l);
	ui_line_set(&l, "إسلام");
	assert_int_equal(l.len, 5);		/* characters, not bytes */
	assert_int_equal(l.pos, 5);
	ui_line_erase(&l, -1);
	s = line_str(&l);
	assert_string_equal(s, "إسلا");
	free(s);
	l.pos = 0;
	ui_line_insert(&l, 'x');
	ui_line_erase(&l, 1);			/* the alef under the cursor */
	s = line_str(&l);
	assert_string_equal(s, "xسلا");
	free(s);
	/* Control characters, ESC and C1 never get in. */
	ui_line_insert(&l, 0x1b);
	ui_line_insert(&l, 0x9b);
	ui_line_insert(&l, '\n');
	assert_int_equal(l.len, 4);
	ui_line_free(&l);
}

static void
test_line_erase_combining(void **state)
{
	struct ui_line	 l;
	char		*s;

	(void)state;
	memset(&l, 0, sizeof l);
	/* e + COMBINING ACUTE: one BACKSPACE takes both. */
	ui_line_set(&l, "ae\xcc\x81");
	ui_line_erase(&l, -1);
	s = line_str(&l);
	assert_string_equal(s, "a");
	free(s);
	ui_line_free(&l);
}

static void
test_complete(void **state)
{
	char *const	 tags[] = { "news", "newsletter", "تاريخ", "تقنية" };
	struct ui_line	 l;
	struct buf	 m;
	char		*s;

	(void)state;
	memset(&l, 0, sizeof l);
	buf_init(&m);

	/* One match: completed, with a space after it. */
	ui_line_set(&l, "old تا");
	assert_int_equal(ui_line_complete(&l, tags, 4, &m), 1);
	s = line_str(&l);
	assert_string_equal(s, "old تاريخ ");
	free(s);

	/* Several: extended to what they share, and listed. */
	buf_reset(&m);
	ui_line_set(&l, "-ne");
	assert_int_equal(ui_line_complete(&l, tags, 4, &m), 2);
	s = line_str(&l);
	assert_string_equal(s, "-news");
	free(s);
	assert_string_equal(buf_str(&m), "news newsletter");

	/* The shared prefix of two Arabic tags is one letter. */
	buf_reset(&m);
	ui_line_set(&l, "ت");
	assert_int_equal(ui_line_complete(&l, tags, 4, &m), 2);
	s = line_str(&l);
	assert_string_equal(s, "ت");
	free(s);

	buf_reset(&m);
	ui_line_set(&l, "zzz");
	assert_int_equal(ui_line_complete(&l, tags, 4, &m), 0);
	s = line_str(&l);
	assert_string_equal(s, "zzz");
	free(s);

	buf_free(&m);
	ui_line_free(&l);
}

/*
 * A tag with a space in it completes in double quotes, which the tags
 * prompt reads as one tag; a word typed in quotes is completed from after
 * the quote, whatever spaces it holds; typed without, from the words
 * before it that a name starts with.
 */
static void
test_complete_spaced(void **state)
{
	char *const	 tags[] = { "شبكة مجلس", "شبكة مدونين", "news" };
	struct ui_line	 l;
	char		*s, **add, **del;
	size_t		 nadd, ndel;

	(void)state;
	memset(&l, 0, sizeof l);
	/* Typed without quotes, the words before count too. */
	ui_line_set(&l, "old شبكة مج");
	assert_int_equal(ui_line_complete(&l, tags, 3, NULL), 1);
	s = line_str(&l);
	assert_string_equal(s, "old \"شبكة مجلس\" ");
	free(s);
	ui_line_set(&l, "news -شبكة");
	assert_int_equal(ui_line_complete(&l, tags, 3, NULL), 2);
	s = line_str(&l);
	assert_string_equal(s, "news -\"شبكة م");
	free(s);
	/* In quotes now: the word is everything after the quote. */
	ui_line_insert(&l, 0x062c);	/* ج */
	assert_int_equal(ui_line_complete(&l, tags, 3, NULL), 1);
	s = line_str(&l);
	assert_string_equal(s, "news -\"شبكة مجلس\" ");
	assert_int_equal(ui_tags_parse(s, &add, &nadd, &del, &ndel), 2);
	assert_string_equal(add[0], "news");
	assert_int_equal(ndel, 1);
	assert_string_equal(del[0], "شبكة مجلس");
	strv_free(add, nadd);
	strv_free(del, ndel);
	free(s);
	ui_line_free(&l);
}

static void
test_tags_parse(void **state)
{
	char	**add, **del;
	size_t	  nadd, ndel;

	(void)state;
	assert_int_equal(ui_tags_parse("  a +b  -c تاريخ -", &add, &nadd,
	    &del, &ndel), 4);
	assert_int_equal(nadd, 3);
	assert_string_equal(add[0], "a");
	assert_string_equal(add[1], "b");
	assert_string_equal(add[2], "تاريخ");
	assert_int_equal(ndel, 1);
	assert_string_equal(del[0], "c");
	strv_free(add, nadd);
	strv_free(del, ndel);

	/* Commas let a tag hold spaces. */
	assert_int_equal(ui_tags_parse("world news, - old stuff ,x", &add,
	    &nadd, &del, &ndel), 3);
	assert_int_equal(nadd, 2);
	assert_string_equal(add[0], "world news");
	assert_string_equal(add[1], "x");
	assert_string_equal(del[0], "old stuff");
	strv_free(add, nadd);
	strv_free(del, ndel);

	/* The Arabic comma separates as the comma does. */
	assert_int_equal(ui_tags_parse("شبكة مجلس، -تاريخ قديم", &add, &nadd,
	    &del, &ndel), 2);
	assert_int_equal(nadd, 1);
	assert_string_equal(add[0], "شبكة مجلس");
	assert_string_equal(del[0], "تاريخ قديم");
	strv_free(add, nadd);
	strv_free(del, ndel);

	/* Quotes group; a comma inside them does not switch to commas. */
	assert_int_equal(ui_tags_parse("مهم \"to read\" english -\"a, b\"",
	    &add, &nadd, &del, &ndel), 4);
	assert_int_equal(nadd, 3);
	assert_string_equal(add[0], "مهم");
	assert_string_equal(add[1], "to read");
	assert_string_equal(add[2], "english");
	assert_int_equal(ndel, 1);
	assert_string_equal(del[0], "a, b");
	strv_free(add, nadd);
	strv_free(del, ndel);

	assert_int_equal(ui_tags_parse("   ", &add, &nadd, &del, &ndel), 0);
	assert_null(add);
	assert_null(del);
}

static size_t
argc_of(char **v)
{
	size_t	 n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

static void
strv_free0(char **v)
{
	size_t	 i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void
test_browser_argv(void **state)
{
	const char	*url = "http://x.example/a'b\";rm -rf ~;$(id)`id`\n"
	    "second line %u";
	char		**v;
	size_t		  n;

	(void)state;
	v = ui_browser_argv("firefox --new-tab", url, &n);
	assert_int_equal(argc_of(v), 3);
	assert_string_equal(v[0], "firefox");
	assert_string_equal(v[1], "--new-tab");
	assert_string_equal(v[2], url);		/* one argument, as is */
	strv_free0(v);

	v = ui_browser_argv("  my-browser  %u  --flag ", url, &n);
	assert_int_equal(argc_of(v), 3);
	assert_string_equal(v[0], "my-browser");
	assert_string_equal(v[1], url);
	assert_string_equal(v[2], "--flag");
	strv_free0(v);

	v = ui_browser_argv("", url, &n);
	assert_int_equal(argc_of(v), 2);
	assert_string_equal(v[0], "xdg-open");
	strv_free0(v);

	v = ui_browser_argv(NULL, "http://a/", &n);
	assert_string_equal(v[0], "xdg-open");
	assert_string_equal(v[1], "http://a/");
	strv_free0(v);
}

static void
test_key_actions(void **state)
{
	struct config	 cfg;
	char		*keys, *err = NULL;

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(ui_key_action(&cfg, 0, 'j'), UA_DOWN);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_DOWN), UA_DOWN);
	assert_int_equal(ui_key_action(&cfg, 0, '?'), UA_HELP);
	assert_int_equal(ui_key_action(&cfg, 0, 'q'), UA_QUIT);
	assert_int_equal(ui_key_action(&cfg, 0, '/'), UA_SEARCH);
	assert_int_equal(ui_key_action(&cfg, 0, '\r'), UA_OPEN);
	assert_int_equal(ui_key_action(&cfg, 0, 'N'), UA_TOGGLE_READ);
	/* The keys. */
	assert_int_equal(ui_key_action(&cfg, 0, 'u'), UA_LINKS);
	assert_int_equal(ui_key_action(&cfg, 0, 't'), UA_TAG);
	assert_int_equal(ui_key_action(&cfg, 0, 'T'), UA_FILTER_TAG);
	keys = ui_action_keys(&cfg, UA_TAG);
	assert_string_equal(keys, "t");
	free(keys);

	/* A binding from the file wins, and the help follows it. */
	assert_int_equal(config_bind(&cfg, "x", "search", &err), 0);
	assert_int_equal(ui_key_action(&cfg, 0, 'x'), UA_SEARCH);
	keys = ui_action_keys(&cfg, UA_SEARCH);
	assert_non_null(strstr(keys, "x"));
	free(keys);
	assert_int_equal(config_bind(&cfg, "j", "none", &err), 0);
	assert_int_equal(ui_key_action(&cfg, 0, 'j'), UA_NONE);
	keys = ui_action_keys(&cfg, UA_DOWN);
	assert_string_equal(keys, "DOWN");
	free(keys);
	/* A user's binding of t takes it from tag. */
	assert_int_equal(config_bind(&cfg, "t", "search", &err), 0);
	assert_int_equal(ui_key_action(&cfg, 0, 't'), UA_SEARCH);
	keys = ui_action_keys(&cfg, UA_SEARCH);
	assert_int_equal(strlen(keys), strlen("/ x t"));
	assert_non_null(strchr(keys, '/'));
	assert_non_null(strchr(keys, 'x'));
	assert_non_null(strchr(keys, 't'));
	free(keys);
	keys = ui_action_keys(&cfg, UA_TAG);
	assert_string_equal(keys, "");
	free(keys);
	config_free(&cfg);

	/* Every action name is one config.c accepts. */
	assert_int_equal(ui_action_by_name("mark-all-read"), UA_MARK_ALL_READ);
	assert_int_equal(ui_action_by_name("no-such-action"), UA_NONE);
}

/*
 * A mirrored layout swaps the arrows (RIGHT back, LEFT open), unless the
 * user bound either of them.
 */
static void
test_mirror_arrows(void **state)
{
	struct config	 cfg;
	char		*err = NULL;

	(void)state;
	config_defaults(&cfg);
	config_bind_mirror(&cfg, 1);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_LEFT), UA_OPEN);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_RIGHT), UA_BACK);
	assert_int_equal(ui_key_action(&cfg, 0, 'l'), UA_OPEN);
	assert_int_equal(ui_key_action(&cfg, 0, 'h'), UA_BACK);
	/* Back to left to right (:set layout ltr): the arrows turn back. */
	config_bind_mirror(&cfg, 0);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_LEFT), UA_BACK);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_RIGHT), UA_OPEN);
	config_bind_mirror(&cfg, 0);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_RIGHT), UA_OPEN);
	config_free(&cfg);

	config_defaults(&cfg);
	assert_int_equal(config_bind(&cfg, "LEFT", "next", &err), 0);
	config_bind_mirror(&cfg, 1);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_LEFT), UA_NEXT);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_RIGHT), UA_OPEN);
	config_bind_mirror(&cfg, 0);
	assert_int_equal(ui_key_action(&cfg, 1, KEY_LEFT), UA_NEXT);
	config_free(&cfg);
}

/* Which languages are written right to left, by locale or LANGUAGE name. */
static void
test_rtl_language(void **state)
{
	(void)state;
	assert_true(lang_is_rtl("ar"));
	assert_true(lang_is_rtl("ar_IQ.UTF-8"));
	assert_true(lang_is_rtl("ckb"));
	assert_true(lang_is_rtl("ckb_IQ.UTF-8@x"));
	assert_true(lang_is_rtl("fa_IR"));
	assert_true(lang_is_rtl("he:en"));
	assert_true(lang_is_rtl("ur"));
	assert_true(lang_is_rtl("ku_IQ"));
	assert_false(lang_is_rtl("ku_TR"));
	assert_false(lang_is_rtl("en_US.UTF-8"));
	assert_false(lang_is_rtl("a"));
	assert_false(lang_is_rtl("arn"));	/* Mapudungun */
	assert_false(lang_is_rtl("C.UTF-8"));
	assert_false(lang_is_rtl(""));
	assert_false(lang_is_rtl(NULL));
}

/*
 * The one table of actions: each has a name a bind line takes, help, and
 * default keys that are bound to it and run it (none only where the table
 * gives none); no action is listed twice.
 */
static void
test_action_table(void **state)
{
	struct config	 cfg;
	const char	*keys[16];	/* goto-url has ten: # and the digits */
	char		*shown, *err = NULL;
	size_t		 i, j, n;
	int		 seen[UA__COUNT] = { 0 };

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(ui_nactions, UA__COUNT - 1);
	for (i = 0; i < ui_nactions; i++) {
		assert_int_equal(ui_action_by_name(ui_actions[i].name),
		    ui_actions[i].action);
		assert_int_equal(seen[ui_actions[i].action]++, 0);
		assert_true(*ui_actions[i].help != '\0');
		n = config_keys(&cfg, ui_actions[i].name, keys, nitems(keys));
		/* No key only where the table says so (newsboat's is taken). */
		assert_true(n <= nitems(keys));
		assert_true(n > 0 || *ui_actions[i].keys == '\0');
		for (j = 0; j < n; j++) {
			assert_string_equal(config_action(&cfg, keys[j]),
			    ui_actions[i].name);
		}
		shown = ui_action_keys(&cfg, ui_actions[i].action);
		assert_true((*shown != '\0') == (n > 0));
		free(shown);
		/* Any action can be bound by its name. */
		assert_int_equal(config_bind(&cfg, "F12", ui_actions[i].name,
		    &err), 0);
		assert_int_equal(ui_key_action(&cfg, 1, KEY_F(12)),
		    ui_actions[i].action);
	}
	config_free(&cfg);
}

/* A saved post's file name: one plain name, readable, never a path. */
static void
test_post_file_name(void **state)
{
	static const struct {
		const char	*title;
		const char	*want;
	} cases[] = {
		{ "Hello, world!", "Hello,_world.txt" },
		{ "../../etc/passwd", "etc_passwd.txt" },
		{ "/abs/path", "abs_path.txt" },
		{ ".hidden", "hidden.txt" },
		{ "a\x1b[2Jb\tc\nd", "a_2Jb_c_d.txt" },
		{ "مقال عن الإسلام", "مقال_عن_الإسلام.txt" },
		{ "", "post-42.txt" },
		{ "///", "post-42.txt" },
		{ NULL, "post-42.txt" },
	};
	char	*name, long_title[400];
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		name = post_file_name(cases[i].title, 42, ".txt");
		assert_string_equal(name, cases[i].want);
		free(name);
	}
	/* Long: cut at 120 bytes, on a character boundary. */
	long_title[0] = '\0';
	for (i = 0; i < 60; i++)
		strcat(long_title, "ب");
	strcat(long_title, "x");
	name = post_file_name(long_title, 1, ".txt");
	assert_int_equal(strlen(name), 120 + 4);
	assert_true(utf8_valid(name, strlen(name)));
	free(name);
}

/*
 * The search history: a search typed again moves to the end, the oldest
 * goes past UI_HISTORY_MAX, and the file is the user's alone (0600, also
 * over one that was not), read back as it was written; what is not safe
 * text in it is dropped.
 */
static void
test_history(void **state)
{
	struct ui_history h;
	struct stat	 sb;
	char		 dir[] = "/tmp/majlis-test-ui.XXXXXX", *path, num[16];
	FILE		*fp;
	int		 i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	xasprintf(&path, "%s/sub/%s", dir, UI_HISTORY_FILE);
	assert_int_equal(ui_history_load(&h, xstrdup(path)), 0);
	assert_int_equal(h.n, 0);		/* no file yet */
	ui_history_add(&h, "a");
	ui_history_add(&h, "");
	ui_history_add(&h, "بغداد");
	ui_history_add(&h, "a");
	assert_int_equal(h.n, 2);
	assert_string_equal(h.v[0], "بغداد");
	assert_string_equal(h.v[1], "a");
	for (i = 0; i < UI_HISTORY_MAX; i++) {
		snprintf(num, sizeof num, "w%d", i);
		ui_history_add(&h, num);
	}
	assert_int_equal(h.n, UI_HISTORY_MAX);
	assert_string_equal(h.v[0], "w0");
	/* A file someone left readable is replaced by a private one. */
	assert_int_equal(path_mkparent(path), 0);
	assert_non_null(fp = fopen(path, "w"));
	fclose(fp);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(ui_history_save(&h), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	ui_history_free(&h);

	assert_int_equal(ui_history_load(&h, xstrdup(path)), 0);
	assert_int_equal(h.n, UI_HISTORY_MAX);
	assert_string_equal(h.v[UI_HISTORY_MAX - 1], "w49");
	ui_history_free(&h);
	assert_non_null(fp = fopen(path, "w"));
	fputs("ok\nan \x1b[2Jescape\n", fp);
	fclose(fp);
	assert_int_equal(ui_history_load(&h, xstrdup(path)), 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.v[1], "an [2Jescape");
	ui_history_free(&h);

	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	rmdir(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_edit_utf8),
		cmocka_unit_test(test_line_erase_combining),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_complete_spaced),
		cmocka_unit_test(test_tags_parse),
		cmocka_unit_test(test_browser_argv),
		cmocka_unit_test(test_post_file_name),
		cmocka_unit_test(test_key_actions),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_mirror_arrows),
		cmocka_unit_test(test_rtl_language),
		cmocka_unit_test(test_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
