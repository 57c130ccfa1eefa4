/*
 * The reader's actions, their default keys, and the help view generated
 * from them.
 *
 * This table is where the reader's keys are defined (the keys of the
 * issue: j/k, g/G, n/p, N, A, t, T, /, r, R, o, u, ?...).  config.c reads
 * the user's "bind KEY ACTION" lines and names the keys get_wch() returns;
 * it also keeps default bindings of its own, which may lag behind this
 * table.  So a key means, in this order:
 *   1. what the user bound it to, if the config file changed that key
 *      (its binding differs from config.c's default, or it was unbound);
 *   2. else the action this table gives it;
 *   3. else what config.c binds it to by default.
 * ui_key_action() applies that rule and ui_action_keys() lists the keys
 * that result, so the help view is always the truth about the keys in
 * force.  (A "bind" line that repeats config.c's default for a key is
 * indistinguishable from no line, and this table wins for that key.)
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

const struct ui_action_info ui_actions[] = {
	{ "up",			UA_UP,		"k UP",	"move up" },
	{ "down",		UA_DOWN,	"j DOWN", "move down" },
	{ "page-up",		UA_PAGE_UP,	"PGUP ^B b", "one page up" },
	{ "page-down",		UA_PAGE_DOWN,	"PGDN ^F SPACE", "one page down" },
	{ "top",		UA_TOP,		"g HOME", "go to the first row" },
	{ "bottom",		UA_BOTTOM,	"G END", "go to the last row" },
	{ "open",		UA_OPEN,	"ENTER l RIGHT",
	  "open the feed, post or link" },
	{ "back",		UA_BACK,	"h LEFT BACKSPACE", "go back" },
	{ "quit",		UA_QUIT,	"q",
	  "go back; in the feed list, quit" },
	{ "hard-quit",		UA_HARD_QUIT,	"Q",	"quit at once" },
	{ "next",		UA_NEXT,	"J",	"next post" },
	{ "prev",		UA_PREV,	"K",	"previous post" },
	{ "next-unread",	UA_NEXT_UNREAD,	"n",	"next unread" },
	{ "prev-unread",	UA_PREV_UNREAD,	"p",	"previous unread" },
	{ "next-feed",		UA_NEXT_FEED,	"]",
	  "next feed with unread posts" },
	{ "prev-feed",		UA_PREV_FEED,	"[",
	  "previous feed with unread posts" },
	{ "toggle-read",	UA_TOGGLE_READ,	"N",	"toggle read / unread" },
	{ "mark-all-read",	UA_MARK_ALL_READ, "A",
	  "mark everything in this view read" },
	{ "tag",		UA_TAG,		"t",
	  "edit tags: \"a b\" adds, \"-a\" removes, TAB completes" },
	{ "filter-tag",		UA_FILTER_TAG,	"T",
	  "show only the feeds with a tag" },
	{ "clear-filter",	UA_CLEAR_FILTER, "^T",	"show all feeds again" },
	{ "search",		UA_SEARCH,	"/",	"full-text search" },
	{ "toggle-show-read",	UA_TOGGLE_SHOW_READ, "s",
	  "show or hide read posts" },
	{ "sort",		UA_SORT,	"S",	"newest or oldest first" },
	{ "reload",		UA_RELOAD,	"r",	"fetch the selected feed" },
	{ "reload-all",		UA_RELOAD_ALL,	"R",	"fetch all feeds" },
	{ "open-in-browser",	UA_BROWSE,	"o",
	  "open the link in the browser" },
	{ "links",		UA_LINKS,	"u",	"list the post's links" },
	{ "help",		UA_HELP,	"?",	"this help" },
	{ "redraw",		UA_REDRAW,	"^L",	"redraw the screen" },
};
const size_t ui_nactions = nitems(ui_actions);

/* config.c's own defaults, to tell the user's bindings from them. */
static struct config	 cfg_default;
static int		 cfg_default_set;

/* The action called name (a config.c action name), or UA_NONE. */
enum ui_action
ui_action_by_name(const char *name)
{
	size_t	 i;

	for (i = 0; i < ui_nactions; i++) {
		if (strcmp(ui_actions[i].name, name) == 0)
			return ui_actions[i].action;
	}
	return UA_NONE;
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

/* Our table's action for the key called key, or UA_NONE. */
static enum ui_action
table_action(const char *key)
{
	size_t	 i;

	for (i = 0; i < ui_nactions; i++) {
		if (key_in(key, ui_actions[i].fallback))
			return ui_actions[i].action;
	}
	return UA_NONE;
}

/*
 * Did the user's config change the key called key?  Its binding in cfg
 * differs from config.c's default binding (one of them may be none).
 */
static int
key_changed(const struct config *cfg, const char *key)
{
	const char	*mine, *dflt;

	if (!cfg_default_set) {
		config_defaults(&cfg_default);
		cfg_default_set = 1;
	}
	mine = config_action(cfg, key);
	dflt = config_action(&cfg_default, key);
	if (mine == NULL || dflt == NULL)
		return mine != dflt;
	return strcmp(mine, dflt) != 0;
}

/*
 * What the key get_wch() returned does (is_keycode: it returned
 * KEY_CODE_YES), by the rule at the top of the file.
 */
enum ui_action
ui_key_action(const struct config *cfg, int is_keycode, uint32_t ch)
{
	char		 name[CONFIG_KEYLEN];
	const char	*act;
	enum ui_action	 a;

	if (config_key_from_curses(is_keycode, ch, name, sizeof name) == NULL)
		return UA_NONE;
	act = config_action(cfg, name);
	if (!key_changed(cfg, name) && (a = table_action(name)) != UA_NONE)
		return a;
	return act != NULL ? ui_action_by_name(act) : UA_NONE;
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
 * if none): this table's keys the user left alone, then the keys the
 * config file bound to a.
 */
char *
ui_action_keys(const struct config *cfg, enum ui_action a)
{
	struct buf	 b;
	const char	*p;
	char		 key[CONFIG_KEYLEN];
	size_t		 i, n;

	buf_init(&b);
	for (i = 0; i < ui_nactions; i++) {
		if (ui_actions[i].action != a)
			continue;
		for (p = ui_actions[i].fallback; *p != '\0'; p += n) {
			p += strspn(p, " ");
			if ((n = strcspn(p, " ")) == 0 || n >= sizeof key)
				break;
			memcpy(key, p, n);
			key[n] = '\0';
			if (!key_changed(cfg, key))
				keys_add(&b, key);
		}
	}
	for (i = 0; i < cfg->nbindings; i++) {
		if (ui_action_by_name(cfg->bindings[i].action) != a)
			continue;
		if (key_changed(cfg, cfg->bindings[i].key) ||
		    table_action(cfg->bindings[i].key) == UA_NONE)
			keys_add(&b, cfg->bindings[i].key);
	}
	buf_str(&b);
	return buf_take(&b);
}

/* --- the help view ----------------------------------------------------- */

struct help {
	struct ui_list	 l;
	char		**lines;
};

static void
help_draw(struct ui_view *v, int rows, int cols)
{
	struct help	*h = v->data;
	int64_t		 i;

	ui_list_fix(&h->l, rows);
	for (i = h->l.top; i < h->l.n && i < h->l.top + rows; i++) {
		ui_put(1 + (int)(i - h->l.top), 0, cols, h->lines[i],
		    ui_attr(EL_LISTNORMAL, i == h->l.cur));
	}
}

static int
help_action(struct ui_view *v, enum ui_action a)
{
	struct help	*h = v->data;

	if (a == UA_OPEN || a == UA_HELP) {
		ui_pop();
		return 1;
	}
	return ui_list_action(&h->l, a);
}

static void
help_click(struct ui_view *v, int row)
{
	struct help	*h = v->data;

	h->l.cur = h->l.top + row;
	ui_list_fix(&h->l, h->l.rows);
}

static void
help_free(struct ui_view *v)
{
	struct help	*h = v->data;

	ui_strv_free(h->lines, (size_t)h->l.n);
	free(h);
}

static const struct ui_mode help_mode = {
	.name = "help",
	.draw = help_draw,
	.action = help_action,
	.click = help_click,
	.free = help_free,
};

/* Open the help view: one line per action, with its keys now. */
void
ui_help_open(void)
{
	struct help	*h;
	char		*keys, *k;
	size_t		 i;

	h = xcalloc(1, sizeof *h);
	h->lines = xreallocarray(NULL, ui_nactions, sizeof *h->lines);
	for (i = 0; i < ui_nactions; i++) {
		keys = ui_action_keys(&ui->cfg, ui_actions[i].action);
		k = text_pad(keys, 18, 0);
		xasprintf(&h->lines[i], " %s %-17s %s", k, ui_actions[i].name,
		    ui_actions[i].help);
		free(k);
		free(keys);
	}
	h->l.n = (int64_t)ui_nactions;
	ui_push(&help_mode, h, xstrdup("Help (q to go back)"));
}
