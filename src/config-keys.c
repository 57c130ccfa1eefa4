/*
 * Key bindings, macros and colours: the reader's part of the configuration,
 * and the one table of the reader's actions (ui_actions[]: name, default
 * keys, help) that both the "bind" lines and the help view (ui-help.c) use.
 *
 * config.c reads the file and hands it the "bind", "macro" and "color"
 * lines (config_bind, config_macro, config_color) and asks it for the
 * defaults (config_bind_defaults, config_color_defaults); it never sees a
 * key code or a curses attribute.  This file knows curses' key codes
 * (KEY_*) and attributes (A_*), as constants only: nothing here calls
 * curses, so a command reading the config never starts it.  It is a part
 * of the configuration, below the reader, so that every command validates
 * these lines the same way (a bad "bind" line is reported with its line
 * number by the reader, and only warned about by a cron fetch).
 *
 * Keys are named canonically ("j", "^R", "ENTER", "PGDN", "F5"): a binding
 * stores the canonical name (config_key_canon), and a key the reader reads
 * is named the same way (config_key_from_curses) before it is looked up
 * (config_action, ui_key_action).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "majlis.h"

static const char	*typed_key_name(const struct config *, int, uint32_t,
			     int, char *, size_t);

/*
 * The one table of the reader's actions: the name a bind line uses, what
 * the action is, its default keys (space-separated, as a user would write
 * them after "bind") and what it does, for the help view, which lists them
 * in this order.  config_bind_defaults() binds the keys in this order.
 */
const struct ui_action_info ui_actions[] = {
	{ "up",			UA_UP,		"k UP",		N_("move up") },
	{ "down",		UA_DOWN,	"j DOWN",	N_("move down") },
	{ "page-up",		UA_PAGE_UP,	"PGUP b",	N_("one page up") },
	{ "page-down",		UA_PAGE_DOWN,	"PGDN ^F SPACE",
	  N_("one page down") },
	{ "top",		UA_TOP,		"g HOME",
	  N_("go to the first row") },
	{ "bottom",		UA_BOTTOM,	"G END",
	  N_("go to the last row") },
	{ "open",		UA_OPEN,	"ENTER l RIGHT",
	  N_("open the feed, post or link") },
	{ "back",		UA_BACK,	"h LEFT BACKSPACE",
	  N_("go back") },
	{ "quit",		UA_QUIT,	"q",
	  N_("go back; in the feed list, quit") },
	{ "hard-quit",		UA_HARD_QUIT,	"Q",	N_("quit at once") },
	{ "next",		UA_NEXT,	"J",	N_("next post") },
	{ "prev",		UA_PREV,	"K",	N_("previous post") },
	{ "next-unread",	UA_NEXT_UNREAD,	"n",	N_("next unread") },
	{ "prev-unread",	UA_PREV_UNREAD,	"p",	N_("previous unread") },
	{ "next-feed",		UA_NEXT_FEED,	"]",
	  N_("next feed with unread posts") },
	{ "prev-feed",		UA_PREV_FEED,	"[",
	  N_("previous feed with unread posts") },
	{ "toggle-read",	UA_TOGGLE_READ,	"N",	N_("toggle read / unread") },
	{ "mark-all-read",	UA_MARK_ALL_READ, "A",
	  N_("mark everything in this view read (asks first above"
	  " confirm-threshold)") },
	{ "undo",		UA_UNDO,	"U",
	  N_("undo the last mark or tag change") },
	{ "tag",		UA_TAG,		"t",
	  N_("edit tags (on a feed row, the feed's): \"a b\" adds, \"-a\""
	  " removes, TAB completes") },
	{ "filter-tag",		UA_FILTER_TAG,	"T",
	  N_("show only the feeds with a tag") },
	{ "clear-filter",	UA_CLEAR_FILTER, "^T",	N_("show all feeds again") },
	{ "search",		UA_SEARCH,	"/",
	  N_("search (in a list: there; in an article: in it, n/N)") },
	{ "search-all",		UA_SEARCH_ALL,	"a",
	  N_("a search in a feed, tag or view: the same in every feed") },
	{ "feed-settings",	UA_FEED_SETTINGS, "e",
	  N_("set a feed's setting (title=, interval=, keep-days=, ...)") },
	{ "filter",		UA_FILTER,	"F",
	  N_("the list through a filter (title =~ \"x\" and age < 7)") },
	{ "toggle-show-read",	UA_TOGGLE_SHOW_READ, "s",
	  N_("show or hide read posts (and read feeds)") },
	{ "sort",		UA_SORT,	"S",	N_("newest or oldest first") },
	{ "sort-feeds",		UA_SORT_FEEDS,	"O",
	  N_("feeds as added, by newest post, or longest silent first") },
	{ "reload",		UA_RELOAD,	"r",	N_("fetch the selected feed") },
	{ "reload-all",		UA_RELOAD_ALL,	"R",	N_("fetch all feeds") },
	{ "open-in-browser",	UA_BROWSE,	"o",
	  N_("open the link in the browser; the post is marked read") },
	/* newsboat's O is sort-feeds here: no key of its own. */
	{ "open-in-browser-and-mark-read", UA_BROWSE_MARK, "",
	  N_("open the link in the browser, then go to the next post (or"
	  " the next unread one)") },
	{ "links",		UA_LINKS,	"u",
	  N_("list the post's links and enclosures") },
	{ "goto-url",		UA_GOTO_URL,	"# 1 2 3 4 5 6 7 8 9",
	  N_("open the link numbered in the text (a digit starts the number,"
	  " ENTER opens)") },
	{ "pipe",		UA_PIPE,	"|",
	  N_("pipe the post to pipe-command") },
	{ "save",		UA_SAVE,	"w",
	  N_("save the post to a file under save-dir") },
	{ "open-enclosure",	UA_ENCLOSURE,	"E",
	  N_("open the enclosure (in the link list: the link) with"
	  " enclosure-command") },
	{ "bookmark",		UA_BOOKMARK,	"^B",
	  N_("bookmark the post with bookmark-cmd") },
	{ "help",		UA_HELP,	"?",	N_("this help") },
	{ "cmdline",		UA_CMDLINE,	":",
	  N_("a command: set KEY VALUE, source, goto FEED, NUMBER, "
	  "dumpconfig FILE") },
	{ "redraw",		UA_REDRAW,	"^L",	N_("redraw the screen") },
};
const size_t ui_nactions = nitems(ui_actions);

/* The screen elements that take a colour, with their default look. */
struct element {
	const char	*name;
	const char	*def;	/* "FG BG [ATTR...]" */
};
static const struct element elements[] = {
	{ "background",		"default default" },
	{ "listnormal",		"default default" },
	{ "listfocus",		"yellow blue bold" },
	{ "listnormal_unread",	"default default bold" },
	{ "listfocus_unread",	"yellow blue bold" },
	{ "info",		"yellow blue bold" },
	{ "title",		"default default bold" },
	{ "article",		"default default" },
	{ "date",		"cyan default" },
	{ "link",		"blue default underline" },
	{ "tag",		"green default" },
	{ "hint",		"default default dim" },
	{ "search",		"black yellow" },
	{ "error",		"red default bold" },
};
_Static_assert(nitems(elements) == CONFIG_NCOLORS,
    "elements[] must follow enum config_element");

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char	*name;
	int		 attr;
} attr_names[] = {
	{ "normal",	A_NORMAL },
	{ "bold",	A_BOLD },
	{ "dim",	A_DIM },
	{ "underline",	A_UNDERLINE },
	{ "reverse",	A_REVERSE },
	{ "standout",	A_STANDOUT },
	{ "blink",	A_BLINK },
	{ "italic",	A_ITALIC },
	{ "invis",	A_INVIS },
	{ "protect",	A_PROTECT },
};

/* Named keys: the canonical name first, then the spellings accepted. */
static const struct {
	const char	*name;
	const char	*aliases;	/* space-separated, case-insensitive */
	int		 code;		/* curses KEY_*, or a character */
	int		 is_keycode;
} named_keys[] = {
	{ "ENTER",	"RET RETURN",		'\n',		0 },
	{ "SPACE",	"SPC",			' ',		0 },
	{ "TAB",	"",			'\t',		0 },
	{ "ESC",	"ESCAPE",		27,		0 },
	{ "BACKSPACE",	"BS",			KEY_BACKSPACE,	1 },
	{ "DEL",	"DELETE",		KEY_DC,		1 },
	{ "INSERT",	"INS",			KEY_IC,		1 },
	{ "UP",		"",			KEY_UP,		1 },
	{ "DOWN",	"",			KEY_DOWN,	1 },
	{ "LEFT",	"",			KEY_LEFT,	1 },
	{ "RIGHT",	"",			KEY_RIGHT,	1 },
	{ "PGUP",	"PAGEUP PPAGE PRIOR",	KEY_PPAGE,	1 },
	{ "PGDN",	"PAGEDOWN NPAGE NEXT",	KEY_NPAGE,	1 },
	{ "HOME",	"",			KEY_HOME,	1 },
	{ "END",	"",			KEY_END,	1 },
	{ "BTAB",	"S-TAB BACKTAB",	KEY_BTAB,	1 },
};

/* Copy src into dst of size dstsz (> 0), cutting it short if need be. */
static void
strlcpy_(char *dst, const char *src, size_t dstsz)
{
	size_t	 n = strlen(src);

	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* --- keys and bindings ------------------------------------------------- */

/* Is s (len bytes) exactly one printable character?  Its code in *cp. */
static int
one_char(const char *s, size_t len, uint32_t *cp)
{
	if (len == 0 || utf8_decode(s, len, cp) != len)
		return 0;
	return *cp > 0x20 && *cp != 0x7f && *cp != UTF8_REPLACEMENT &&
	    !text_is_unsafe(*cp);
}

/*
 * The name of control character c (0 to 31, or 127): the keys that have a
 * name of their own (ENTER, TAB, ESC, BACKSPACE) are called by it, so that
 * "^M" and "ENTER" in the file mean the same key.
 */
static void
ctrl_name(int c, char *out, size_t outsz)
{
	switch (c) {
	case '\n':
	case '\r':
		strlcpy_(out, "ENTER", outsz);
		break;
	case '\t':
		strlcpy_(out, "TAB", outsz);
		break;
	case 27:
		strlcpy_(out, "ESC", outsz);
		break;
	case 8:
	case 127:
		strlcpy_(out, "BACKSPACE", outsz);
		break;
	default:
		snprintf(out, outsz, "^%c", c + '@');
		break;
	}
}

/*
 * Turn a key as a user writes it ("j", "^R", "C-r", "enter", "PageDown",
 * "f5", "é") into its canonical name ("j", "^R", "ENTER", "PGDN", "F5",
 * "é"), which is what bindings store and config_key_from_curses() produces.
 * Returns 0, or -1 if in names no key.
 */
int
config_key_canon(const char *in, char *out, size_t outsz)
{
	const char	*p, *a;
	size_t		 len = strlen(in), n, i;
	uint32_t	 cp;
	int		 c;

	if (outsz < CONFIG_KEYLEN)
		return -1;
	if (one_char(in, len, &cp)) {
		memcpy(out, in, len + 1);
		return 0;
	}

	/* ^X, C-x, Ctrl-x, Ctrl+x. */
	p = NULL;
	if (len == 2 && in[0] == '^')
		p = in + 1;
	else if (len == 3 && (in[0] == 'C' || in[0] == 'c') && in[1] == '-')
		p = in + 2;
	else if (len == 6 && strncasecmp(in, "ctrl", 4) == 0 &&
	    (in[4] == '-' || in[4] == '+'))
		p = in + 5;
	if (p != NULL) {
		c = (unsigned char)*p;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c == '?') {
			ctrl_name(127, out, outsz);
			return 0;
		}
		if (c < '@' || c > '_')
			return -1;
		ctrl_name(c - '@', out, outsz);
		return 0;
	}

	if ((in[0] == 'F' || in[0] == 'f') && len >= 2 && len <= 3 &&
	    in[1] >= '1' && in[1] <= '9') {
		n = (size_t)(in[1] - '0');
		if (len == 3) {
			if (in[2] < '0' || in[2] > '9')
				return -1;
			n = n * 10 + (size_t)(in[2] - '0');
		}
		if (n > 12)
			return -1;
		snprintf(out, outsz, "F%zu", n);
		return 0;
	}

	for (i = 0; i < nitems(named_keys); i++) {
		if (strcasecmp(in, named_keys[i].name) == 0)
			goto found;
		for (a = named_keys[i].aliases; *a != '\0'; a += n) {
			while (*a == ' ')
				a++;
			n = strcspn(a, " ");
			if (n == len && strncasecmp(a, in, n) == 0)
				goto found;
		}
	}
	return -1;
found:
	strlcpy_(out, named_keys[i].name, outsz);
	return 0;
}

/*
 * The canonical name of what curses' get_wch() returned: is_keycode is
 * whether it returned KEY_CODE_YES, ch the key code or character.  Writes
 * into buf (at least CONFIG_KEYLEN bytes) and returns it, or returns NULL
 * for a key that has no name (and so cannot be bound).
 */
const char *
config_key_from_curses(int is_keycode, uint32_t ch, char *buf, size_t bufsz)
{
	struct buf	 b;
	size_t		 i;

	if (bufsz < CONFIG_KEYLEN)
		return NULL;
	if (is_keycode) {
		if (ch == KEY_ENTER) {
			strlcpy_(buf, "ENTER", bufsz);
			return buf;
		}
		if (ch >= (uint32_t)KEY_F(1) && ch <= (uint32_t)KEY_F(12)) {
			snprintf(buf, bufsz, "F%u", ch - (uint32_t)KEY_F(0));
			return buf;
		}
		for (i = 0; i < nitems(named_keys); i++) {
			if (named_keys[i].is_keycode &&
			    (uint32_t)named_keys[i].code == ch) {
				strlcpy_(buf, named_keys[i].name, bufsz);
				return buf;
			}
		}
		return NULL;
	}
	if (ch < 0x20 || ch == 0x7f) {
		ctrl_name((int)ch, buf, bufsz);
		return buf;
	}
	if (ch == ' ') {
		strlcpy_(buf, "SPACE", bufsz);
		return buf;
	}
	if (ch > 0x10ffff || text_is_unsafe(ch))
		return NULL;
	buf_init(&b);
	utf8_encode(&b, ch);
	strlcpy_(buf, buf_str(&b), bufsz);
	buf_free(&b);
	return buf;
}

/* The action called name (as in a bind line) in ui_actions[], or NULL. */
static const struct ui_action_info *
action_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < ui_nactions; i++) {
		if (strcmp(ui_actions[i].name, name) == 0)
			return &ui_actions[i];
	}
	return NULL;
}

/*
 * Bind key (as a user writes it) to action, or unbind it when action is
 * "none".  A key has at most one action; an action may have many keys.
 * Returns 0, or -1 with a heap message in *err.
 */
int
config_bind(struct config *cfg, const char *key, const char *action,
    char **err)
{
	const struct ui_action_info *act = NULL;
	char		 canon[CONFIG_KEYLEN], *v;
	size_t		 i;

	if (config_key_canon(key, canon, sizeof canon) == -1) {
		v = text_safe(key);
		xasprintf(err, _("unknown key '%s'"), v);
		free(v);
		return -1;
	}
	if (strcmp(action, "none") != 0 &&
	    (act = action_find(action)) == NULL) {
		v = text_safe(action);
		xasprintf(err, _("unknown action '%s'"), v);
		free(v);
		return -1;
	}
	for (i = 0; i < cfg->nbindings; i++) {
		if (strcmp(cfg->bindings[i].key, canon) == 0)
			break;
	}
	if (act == NULL) {
		if (i < cfg->nbindings) {
			cfg->bindings[i] = cfg->bindings[cfg->nbindings - 1];
			cfg->nbindings--;
		}
		return 0;
	}
	if (i == cfg->nbindings) {
		cfg->bindings = xreallocarray(cfg->bindings, cfg->nbindings + 1,
		    sizeof *cfg->bindings);
		cfg->nbindings++;
		memcpy(cfg->bindings[i].key, canon, sizeof canon);
	}
	cfg->bindings[i].action = act->name;
	return 0;
}

/* Bind every action's default keys (ui_actions[]) in cfg, which has none. */
void
config_bind_defaults(struct config *cfg)
{
	char	*keys, *k, *save, *why;
	size_t	 i;

	for (i = 0; i < ui_nactions; i++) {
		keys = xstrdup(ui_actions[i].keys);
		for (k = strtok_r(keys, " ", &save); k != NULL;
		    k = strtok_r(NULL, " ", &save)) {
			if (config_bind(cfg, k, ui_actions[i].name, &why) == -1)
				fatalx("default binding: %s", why);
		}
		free(keys);
	}
}

/*
 * macro KEY ACTION...: several actions in one key, run in order as if
 * their keys were pressed (ui.c).  words[0] is the key, the rest action
 * names (those of bind lines).  A macro is kept as a rule, the key in
 * canonical form and the actions joined by spaces; a key's last macro
 * line wins, and a macro wins over a binding of the same key.
 */
int
config_macro(struct config *cfg, char **words, int n, char **err)
{
	struct buf	 b;
	char		 canon[CONFIG_KEYLEN], *v;
	size_t		 j;
	int		 i;

	if (n < 2) {
		*err = xstrdup("macro: expected KEY ACTION...");
		return -1;
	}
	if (config_key_canon(words[0], canon, sizeof canon) == -1) {
		v = text_safe(words[0]);
		xasprintf(err, "macro: unknown key '%s'", v);
		free(v);
		return -1;
	}
	buf_init(&b);
	for (i = 1; i < n; i++) {
		if (action_find(words[i]) == NULL) {
			v = text_safe(words[i]);
			xasprintf(err, "macro: unknown action '%s'", v);
			free(v);
			buf_free(&b);
			return -1;
		}
		if (i > 1)
			buf_addc(&b, ' ');
		buf_adds(&b, words[i]);
	}
	for (j = 0; j < cfg->nmacros; j++) {
		if (strcmp(cfg->macros[j].what, canon) == 0)
			break;
	}
	if (j == cfg->nmacros) {
		cfg->macros = xreallocarray(cfg->macros, cfg->nmacros + 1,
		    sizeof *cfg->macros);
		cfg->macros[j].what = xstrdup(canon);
		cfg->nmacros++;
	} else
		free(cfg->macros[j].expr);
	cfg->macros[j].expr = buf_take(&b);
	return 0;
}

const char *
ui_key_macro(const struct config *cfg, int is_keycode, uint32_t ch)
{
	char	 name[CONFIG_KEYLEN];
	size_t	 i;
	int	 latin;

	for (latin = 0; latin < 2 && cfg->nmacros > 0; latin++) {
		if (typed_key_name(cfg, is_keycode, ch, latin, name,
		    sizeof name) == NULL)
			continue;
		for (i = 0; i < cfg->nmacros; i++) {
			if (strcmp(cfg->macros[i].what, name) == 0)
				return cfg->macros[i].expr;
		}
	}
	return NULL;
}

/*
 * The key bound by default to action (ui_actions[]) that is also named
 * key, or NULL: is "LEFT" one of back's default keys?
 */
static const char *
default_action_of(const char *key)
{
	const char	*k;
	size_t		 i, n = strlen(key);

	for (i = 0; i < ui_nactions; i++) {
		for (k = ui_actions[i].keys; (k = strstr(k, key)) != NULL;
		    k += n) {
			if ((k == ui_actions[i].keys || k[-1] == ' ') &&
			    (k[n] == ' ' || k[n] == '\0'))
				return ui_actions[i].name;
		}
	}
	return NULL;
}

/*
 * A mirrored layout: the arrows follow the screen, so RIGHT goes back and
 * LEFT opens, as long as both still do what they do by default (a user's
 * "bind" line for either wins).  mirror 0 turns them back, for a layout
 * set to ltr while the reader runs, as long as they are still mirrored.
 */
void
config_bind_mirror(struct config *cfg, int mirror)
{
	const char	*left = config_action(cfg, "LEFT");
	const char	*right = config_action(cfg, "RIGHT");
	const char	*dleft = default_action_of("LEFT");
	const char	*dright = default_action_of("RIGHT");
	const char	*was_left = mirror ? dleft : dright;
	const char	*was_right = mirror ? dright : dleft;
	char		*why = NULL;

	if (left == NULL || right == NULL || dleft == NULL || dright == NULL ||
	    strcmp(left, was_left) != 0 || strcmp(right, was_right) != 0)
		return;
	if (config_bind(cfg, "LEFT", was_right, &why) == -1 ||
	    config_bind(cfg, "RIGHT", was_left, &why) == -1)
		fatalx("mirrored arrows: %s", why);
}

/*
 * The action bound to key, a canonical name (config_key_canon or
 * config_key_from_curses), or NULL if the key does nothing.  The result is
 * static.
 */
const char *
config_action(const struct config *cfg, const char *key)
{
	size_t	 i;

	for (i = 0; i < cfg->nbindings; i++) {
		if (strcmp(cfg->bindings[i].key, key) == 0)
			return cfg->bindings[i].action;
	}
	return NULL;
}

/*
 * The keys bound to action, for a help line: up to max of them are stored
 * in keys[] (borrowed from cfg, valid until it changes).  Returns how many
 * keys the action has in all.
 */
size_t
config_keys(const struct config *cfg, const char *action, const char **keys,
    size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < cfg->nbindings; i++) {
		if (strcmp(cfg->bindings[i].action, action) != 0)
			continue;
		if (n < max)
			keys[n] = cfg->bindings[i].key;
		n++;
	}
	return n;
}

/* --- colours ----------------------------------------------------------- */

/* The element called name (enum config_element), or -1. */
int
config_element(const char *name)
{
	size_t	 i;

	for (i = 0; i < nitems(elements); i++) {
		if (strcmp(elements[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* A colour: "default" (-1), a name, "bright"NAME, colorN or N (0-255). */
static int
parse_color(const char *s, short *out)
{
	int64_t	 n;
	size_t	 i;

	if (strcasecmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < nitems(color_names); i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
		if (strncasecmp(s, "bright", 6) == 0 &&
		    strcasecmp(s + 6, color_names[i]) == 0) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	if (strncasecmp(s, "colour", 6) == 0)
		s += 6;
	else if (strncasecmp(s, "color", 5) == 0)
		s += 5;
	if (*s == '-' || *s == '+' || num_parse(s, &n) == -1 || n > 255)
		return -1;
	*out = (short)n;
	return 0;
}

/*
 * A look, FOREGROUND BACKGROUND [ATTRIBUTE...], in words[0..n) (a color
 * line's after its element, a highlight line's after its pattern), into
 * *c; no background is the terminal's default.  kw is the line's keyword,
 * for the messages.  Returns 0, or -1 with a heap message in *err.
 */
static int
parse_look(const char *kw, char **words, int n, struct config_color *c,
    char **err)
{
	size_t		 j;
	int		 i;
	char		*v;

	c->bg = -1;
	for (i = 0; i < 2 && i < n; i++) {
		if (parse_color(words[i], i == 0 ? &c->fg : &c->bg) == -1) {
			v = text_safe(words[i]);
			xasprintf(err, _("%s: unknown colour '%s'"), kw, v);
			free(v);
			return -1;
		}
	}
	c->attrs = A_NORMAL;
	for (i = 2; i < n; i++) {
		for (j = 0; j < nitems(attr_names); j++) {
			if (strcasecmp(words[i], attr_names[j].name) == 0)
				break;
		}
		if (j == nitems(attr_names)) {
			v = text_safe(words[i]);
			xasprintf(err, _("%s: unknown attribute '%s'"), kw, v);
			free(v);
			return -1;
		}
		c->attrs |= attr_names[j].attr;
	}
	return 0;
}

/*
 * A "color" line's n words: words[0] is the element, then foreground,
 * background, attributes.  Returns 0, or -1 with a heap message in *err.
 */
int
config_color(struct config *cfg, char **words, int n, char **err)
{
	struct config_color c;
	int		 el;
	char		*v;

	if (n < 3) {
		xasprintf(err, "%s", _("color: expected ELEMENT FOREGROUND "
		    "BACKGROUND [ATTRIBUTE...]"));
		return -1;
	}
	if ((el = config_element(words[0])) == -1) {
		v = text_safe(words[0]);
		xasprintf(err, _("color: unknown element '%s'"), v);
		free(v);
		return -1;
	}
	if (parse_look("color", words + 1, n - 1, &c, err) == -1)
		return -1;
	cfg->colors[el] = c;
	return 0;
}

/* highlight's locations, as newsboat names them. */
static const struct {
	const char	*name;
	unsigned	 where;
} hl_locations[] = {
	{ "article",		CONFIG_HL_ARTICLE },
	{ "articlelist",	CONFIG_HL_ARTICLELIST },
	{ "feedlist",		CONFIG_HL_FEEDLIST },
	{ "all",		CONFIG_HL_ARTICLE | CONFIG_HL_ARTICLELIST |
				    CONFIG_HL_FEEDLIST },
};

static const char *
hl_keyword(const struct config_hl *h)
{
	if (h->loc != NULL)
		return "highlight";
	return h->where == CONFIG_HL_FEEDS ? "highlight-feed" :
	    "highlight-article";
}

/*
 * Compile h's expression: its regular expression (a location's line,
 * case ignored as newsboat ignores it) into h->re, or its filter into
 * h->f, both heap.  Returns 0, or -1 with *err (heap) and nothing held.
 */
static int
hl_compile(struct config_hl *h, char **err)
{
	const char	*bound;
	char		*why, *v;

	h->re = NULL;
	h->f = NULL;
	if (h->loc == NULL) {
		h->f = h->where == CONFIG_HL_FEEDS ?
		    filter_compile_feeds(h->expr, time(NULL), &why, NULL) :
		    filter_compile(h->expr, time(NULL), &why, NULL);
		if (h->f != NULL)
			return 0;
		xasprintf(err, _("%s: filter: %s"), hl_keyword(h), why);
		free(why);
		return -1;
	}
	if ((bound = filter_regex_bound(h->expr)) != NULL) {
		xasprintf(err, "highlight: %s", _(bound));
		return -1;
	}
	h->re = xmalloc(sizeof *h->re);
	if (regcomp(h->re, h->expr, REG_EXTENDED | REG_ICASE) != 0) {
		free(h->re);
		h->re = NULL;
		v = text_safe(h->expr);
		xasprintf(err, _("highlight: bad regular expression '%s'"),
		    v);
		free(v);
		return -1;
	}
	return 0;
}

/*
 * Add a copy of h, a line of another config, to cfg's highlight lines,
 * compiled again (a regex_t cannot be copied); it compiled once, so it
 * compiles.
 */
void
config_hl_add(struct config *cfg, const struct config_hl *h)
{
	struct config_hl *n;
	char		*why;

	cfg->hls = xreallocarray(cfg->hls, cfg->nhls + 1, sizeof *cfg->hls);
	n = &cfg->hls[cfg->nhls];
	*n = *h;
	n->loc = h->loc != NULL ? xstrdup(h->loc) : NULL;
	n->expr = xstrdup(h->expr);
	n->look = xstrdup(h->look);
	if (hl_compile(n, &why) == -1)
		fatalx("%s", why);
	cfg->nhls++;
}

/*
 * A highlight line's words (kw "highlight", "highlight-article" or
 * "highlight-feed"): the regex or the filter is compiled here, once, so
 * that a mistake is the line's.  Returns 0, or -1 with *err (heap).
 */
int
config_highlight(struct config *cfg, const char *kw, char **words, int n,
    char **err)
{
	struct config_hl h;
	struct buf	 look;
	char		*v;
	size_t		 j;
	int		 i;

	memset(&h, 0, sizeof h);
	if (cfg->nhls >= CONFIG_HL_MAX) {
		xasprintf(err, ngettext("%s: more than %d highlight line",
		    "%s: more than %d highlight lines", CONFIG_HL_MAX), kw,
		    CONFIG_HL_MAX);
		return -1;
	}
	if (strcmp(kw, "highlight") == 0) {
		if (n < 3) {
			xasprintf(err, "%s", _("highlight: expected LOCATION "
			    "REGEX FOREGROUND [BACKGROUND [ATTRIBUTE...]]"));
			return -1;
		}
		for (j = 0; j < nitems(hl_locations); j++) {
			if (strcmp(words[0], hl_locations[j].name) == 0)
				h.where = hl_locations[j].where;
		}
		if (h.where == 0) {
			v = text_safe(words[0]);
			xasprintf(err, _("highlight: unknown location '%s'"),
			    v);
			free(v);
			return -1;
		}
		h.loc = words[0];
		words++;
		n--;
	} else if (n < 3) {
		xasprintf(err, _("%s: expected FILTER FOREGROUND BACKGROUND "
		    "[ATTRIBUTE...]"), kw);
		return -1;
	} else
		h.where = strcmp(kw, "highlight-feed") == 0 ?
		    CONFIG_HL_FEEDS : CONFIG_HL_POSTS;
	if (parse_look(kw, words + 1, n - 1, &h.color, err) == -1)
		return -1;
	h.loc = h.loc != NULL ? xstrdup(h.loc) : NULL;
	h.expr = xstrdup(words[0]);
	if (hl_compile(&h, err) == -1) {
		free(h.loc);
		free(h.expr);
		return -1;
	}
	buf_init(&look);
	for (i = 1; i < n; i++)
		buf_addf(&look, "%s%s", i > 1 ? " " : "", words[i]);
	h.look = buf_take(&look);
	cfg->hls = xreallocarray(cfg->hls, cfg->nhls + 1, sizeof *cfg->hls);
	cfg->hls[cfg->nhls++] = h;
	return 0;
}

/* A colour as a color line names it (parse_color() reads it back). */
static void
dump_color(struct buf *b, short c)
{
	if (c < 0)
		buf_adds(b, " default");
	else if (c < 8)
		buf_addf(b, " %s", color_names[c]);
	else if (c < 16)
		buf_addf(b, " bright%s", color_names[c - 8]);
	else
		buf_addf(b, " color%d", c);
}

/*
 * The reader's part of cfg as config lines, appended to b (see
 * config_dump()): a bind line for every key, "none" for a key bound by
 * default and no longer, the macros, a color line for every element.
 */
void
config_keys_dump(const struct config *cfg, struct buf *b)
{
	struct config	 def;
	size_t		 i, j;

	for (i = 0; i < cfg->nbindings; i++) {
		buf_adds(b, "bind ");
		config_dump_word(b, cfg->bindings[i].key);
		buf_addf(b, " %s\n", cfg->bindings[i].action);
	}
	memset(&def, 0, sizeof def);
	config_bind_defaults(&def);
	for (i = 0; i < def.nbindings; i++) {
		if (config_action(cfg, def.bindings[i].key) == NULL) {
			buf_adds(b, "bind ");
			config_dump_word(b, def.bindings[i].key);
			buf_adds(b, " none\n");
		}
	}
	free(def.bindings);
	for (i = 0; i < cfg->nmacros; i++) {
		buf_adds(b, "macro ");
		config_dump_word(b, cfg->macros[i].what);
		buf_addf(b, " %s\n", cfg->macros[i].expr);
	}
	for (i = 0; i < nitems(elements); i++) {
		buf_addf(b, "color %s", elements[i].name);
		dump_color(b, cfg->colors[i].fg);
		dump_color(b, cfg->colors[i].bg);
		for (j = 1; j < nitems(attr_names); j++) {
			if ((cfg->colors[i].attrs & attr_names[j].attr) ==
			    attr_names[j].attr)
				buf_addf(b, " %s", attr_names[j].name);
		}
		buf_addc(b, '\n');
	}
}

/* Give cfg, which has no colour yet, the default look of every element. */
void
config_color_defaults(struct config *cfg)
{
	char	*copy, *w, *save, *words[8], *why;
	int	 n;
	size_t	 i;

	for (i = 0; i < nitems(elements); i++) {
		xasprintf(&copy, "%s %s", elements[i].name, elements[i].def);
		n = 0;
		for (w = strtok_r(copy, " ", &save); w != NULL &&
		    n < (int)nitems(words); w = strtok_r(NULL, " ", &save))
			words[n++] = w;
		if (config_color(cfg, words, n, &why) == -1)
			fatalx("default colour for %s: %s", elements[i].name,
			    why);
		free(copy);
	}
}

/* --- actions --------------------------------------------------------- */

/* The action called name (as in a bind line), or UA_NONE. */
enum ui_action
ui_action_by_name(const char *name)
{
	const struct ui_action_info *ai;

	return (ai = action_find(name)) != NULL ? ai->action : UA_NONE;
}

/* Is the key called key one of the space-separated names in list? */
static int
key_in(const char *key, const char *list)
{
	size_t	 n, klen = strlen(key);

	while (*list != '\0') {
		while (*list == ' ')
			list++;
		n = strcspn(list, " ");
		if (n == klen && strncmp(list, key, n) == 0)
			return 1;
		list += n;
	}
	return 0;
}

/*
 * Arabic-script keyboards: the character each key types, and the Latin
 * key in its place on a US keyboard.  Someone who writes Arabic or
 * Kurdish all day has such a layout active, and j, k, n, y arrive as
 * ت ن ى غ (Arabic) or ژ ک ن ی (Sorani): a binding on a Latin key is
 * reached through them too (ui_key_action()), unless the user bound the
 * character itself.  The layouts are xkeyboard-config's "ara" (the
 * Arabic 101 layout; its Shift level types marks and ligatures, which
 * are here where they are a character of their own) and the Sorani
 * Kurdish layout of Windows and Android.  The two put letters on
 * different keys (ق is r on one, q on the other), hence a setting,
 * keyboard-layout.
 */
struct layout_key {
	uint32_t	 ch;
	char		 latin;
};

static const struct layout_key arabic_keys[] = {
	{ 0x0636, 'q' }, { 0x0635, 'w' }, { 0x062b, 'e' }, { 0x0642, 'r' },
	{ 0x0641, 't' }, { 0x063a, 'y' }, { 0x0639, 'u' }, { 0x0647, 'i' },
	{ 0x062e, 'o' }, { 0x062d, 'p' }, { 0x062c, '[' }, { 0x062f, ']' },
	{ 0x0634, 'a' }, { 0x0633, 's' }, { 0x064a, 'd' }, { 0x0628, 'f' },
	{ 0x0644, 'g' }, { 0x0627, 'h' }, { 0x062a, 'j' }, { 0x0646, 'k' },
	{ 0x0645, 'l' }, { 0x0643, ';' }, { 0x0637, '\'' },
	{ 0x0626, 'z' }, { 0x0621, 'x' }, { 0x0624, 'c' }, { 0x0631, 'v' },
	{ 0xfefb, 'b' }, { 0x0649, 'n' }, { 0x0629, 'm' }, { 0x0648, ',' },
	{ 0x0632, '.' }, { 0x0638, '/' }, { 0x0630, '`' },
	{ 0x064e, 'Q' }, { 0x064b, 'W' }, { 0x064f, 'E' }, { 0x064c, 'R' },
	{ 0xfef9, 'T' }, { 0x0625, 'Y' }, { 0x061b, 'P' }, { 0x0650, 'A' },
	{ 0x064d, 'S' }, { 0xfef7, 'G' }, { 0x0623, 'H' }, { 0x0640, 'J' },
	{ 0x060c, 'K' }, { 0x0652, 'X' }, { 0xfef5, 'B' }, { 0x0622, 'N' },
	{ 0x061f, '?' }, { 0x0651, '~' },
};

static const struct layout_key kurdish_keys[] = {
	{ 0x0642, 'q' }, { 0x0648, 'w' }, { 0x06d5, 'e' }, { 0x0631, 'r' },
	{ 0x062a, 't' }, { 0x06cc, 'y' }, { 0x0626, 'u' }, { 0x0639, 'i' },
	{ 0x06c6, 'o' }, { 0x067e, 'p' }, { 0x0627, 'a' }, { 0x0633, 's' },
	{ 0x062f, 'd' }, { 0x0641, 'f' }, { 0x06af, 'g' }, { 0x0647, 'h' },
	{ 0x0698, 'j' }, { 0x06a9, 'k' }, { 0x0644, 'l' }, { 0x0632, 'z' },
	{ 0x062e, 'x' }, { 0x062c, 'c' }, { 0x06a4, 'v' }, { 0x0628, 'b' },
	{ 0x0646, 'n' }, { 0x0645, 'm' },
	{ 0x066f, 'Q' }, { 0x064a, 'E' }, { 0x0695, 'R' }, { 0x0637, 'T' },
	{ 0x06ce, 'Y' }, { 0x0621, 'U' }, { 0x062d, 'I' }, { 0x0624, 'O' },
	{ 0x062b, 'P' }, { 0x0622, 'A' }, { 0x0634, 'S' }, { 0x0630, 'D' },
	{ 0x0625, 'F' }, { 0x063a, 'G' }, { 0x0623, 'J' }, { 0x0643, 'K' },
	{ 0x06b5, 'L' }, { 0x0636, 'Z' }, { 0x0635, 'X' }, { 0x0686, 'C' },
	{ 0x0638, 'V' }, { 0x0649, 'B' }, { 0x0629, 'N' }, { 0x0640, 'M' },
	{ 0x061f, '?' },
};

/*
 * The Latin key in the place of the key that typed ch on keyboard (enum
 * config_keyboard, not AUTO), or 0 if none.
 */
int
config_key_latin(int keyboard, uint32_t ch)
{
	const struct layout_key	*t;
	size_t			 n, i;

	switch (keyboard) {
	case CONFIG_KEYBOARD_ARABIC:
		t = arabic_keys;
		n = nitems(arabic_keys);
		break;
	case CONFIG_KEYBOARD_KURDISH:
		t = kurdish_keys;
		n = nitems(kurdish_keys);
		break;
	default:
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (t[i].ch == ch)
			return t[i].latin;
	}
	return 0;
}

/*
 * The name of the key get_wch() returned (is_keycode: it returned
 * KEY_CODE_YES), or with latin set, of the Latin key in its place on the
 * user's keyboard; NULL if there is none.
 */
static const char *
typed_key_name(const struct config *cfg, int is_keycode, uint32_t ch,
    int latin, char *name, size_t size)
{
	if (latin && (is_keycode ||
	    (ch = (uint32_t)config_key_latin(cfg->keyboard, ch)) == 0))
		return NULL;
	return config_key_from_curses(is_keycode, ch, name, size);
}

/*
 * What the key get_wch() returned does under cfg's bindings: its own
 * binding, else the Latin key's in its place (see arabic_keys).
 */
enum ui_action
ui_key_action(const struct config *cfg, int is_keycode, uint32_t ch)
{
	char		 name[CONFIG_KEYLEN];
	const char	*act;
	int		 latin;

	for (latin = 0; latin < 2; latin++) {
		if (typed_key_name(cfg, is_keycode, ch, latin, name,
		    sizeof name) != NULL &&
		    (act = config_action(cfg, name)) != NULL)
			return ui_action_by_name(act);
	}
	return UA_NONE;
}

/* Add key to b, space separated, unless it is there already. */
static void
keys_add(struct buf *b, const char *key)
{
	if (b->len > 0 && key_in(key, buf_str(b)))
		return;
	if (b->len > 0)
		buf_addc(b, ' ');
	buf_adds(b, key);
}

/*
 * The keys that run action a now, space separated, as a heap string (""
 * if none), in the order of cfg's bindings.
 */
char *
ui_action_keys(const struct config *cfg, enum ui_action a)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < cfg->nbindings; i++) {
		if (ui_action_by_name(cfg->bindings[i].action) == a)
			keys_add(&b, cfg->bindings[i].key);
	}
	buf_str(&b);
	return buf_take(&b);
}

