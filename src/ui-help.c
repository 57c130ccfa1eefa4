/*
 * The reader's actions and the help view generated from them.
 *
 * Keys are config.c's business: its table holds every action's default
 * keys and the user's "bind KEY ACTION" lines change them, so a key means
 * whatever config_action() says, and the help lists exactly the bindings
 * in force.  This table only ties config.c's action names to the reader's
 * enum and says what each action does.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

const struct ui_action_info ui_actions[] = {
	{ "up",			UA_UP,	"move up" },
	{ "down",		UA_DOWN, "move down" },
	{ "page-up",		UA_PAGE_UP, "one page up" },
	{ "page-down",		UA_PAGE_DOWN, "one page down" },
	{ "top",		UA_TOP, "go to the first row" },
	{ "bottom",		UA_BOTTOM, "go to the last row" },
	{ "open",		UA_OPEN,
	  "open the feed, post or link" },
	{ "back",		UA_BACK, "go back" },
	{ "quit",		UA_QUIT,
	  "go back; in the feed list, quit" },
	{ "hard-quit",		UA_HARD_QUIT,	"quit at once" },
	{ "next",		UA_NEXT,	"next post" },
	{ "prev",		UA_PREV,	"previous post" },
	{ "next-unread",	UA_NEXT_UNREAD,	"next unread" },
	{ "prev-unread",	UA_PREV_UNREAD,	"previous unread" },
	{ "next-feed",		UA_NEXT_FEED,
	  "next feed with unread posts" },
	{ "prev-feed",		UA_PREV_FEED,
	  "previous feed with unread posts" },
	{ "toggle-read",	UA_TOGGLE_READ,	"toggle read / unread" },
	{ "mark-all-read",	UA_MARK_ALL_READ,
	  "mark everything in this view read" },
	{ "tag",		UA_TAG,
	  "edit tags: \"a b\" adds, \"-a\" removes, TAB completes" },
	{ "filter-tag",		UA_FILTER_TAG,
	  "show only the feeds with a tag" },
	{ "clear-filter",	UA_CLEAR_FILTER,	"show all feeds again" },
	{ "search",		UA_SEARCH,	"full-text search" },
	{ "toggle-show-read",	UA_TOGGLE_SHOW_READ,
	  "show or hide read posts" },
	{ "sort",		UA_SORT,	"newest or oldest first" },
	{ "sort-feeds",		UA_SORT_FEEDS,
	  "feeds as added, by newest post, or longest silent first" },
	{ "reload",		UA_RELOAD,	"fetch the selected feed" },
	{ "reload-all",		UA_RELOAD_ALL,	"fetch all feeds" },
	{ "open-in-browser",	UA_BROWSE,
	  "open the link in the browser" },
	{ "links",		UA_LINKS,	"list the post's links" },
	{ "help",		UA_HELP,	"this help" },
	{ "redraw",		UA_REDRAW,	"redraw the screen" },
};
const size_t ui_nactions = nitems(ui_actions);

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

/*
 * What the key get_wch() returned does (is_keycode: it returned
 * KEY_CODE_YES) under cfg's bindings.
 */
enum ui_action
ui_key_action(const struct config *cfg, int is_keycode, uint32_t ch)
{
	char		 name[CONFIG_KEYLEN];
	const char	*act;

	if (config_key_from_curses(is_keycode, ch, name, sizeof name) == NULL)
		return UA_NONE;
	if ((act = config_action(cfg, name)) == NULL)
		return UA_NONE;
	return ui_action_by_name(act);
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
