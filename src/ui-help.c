/*
 * The reader's actions and the help view generated from them.
 *
 * Keys are config.c's business: it holds the default bindings and the
 * user's "bind KEY ACTION" lines, and names what get_wch() returned.  This
 * file maps an action's name to what the reader does and says what each
 * action is for, so the help view is always the truth about the bindings
 * in force.  An action that config.c has no binding for at all falls back
 * to the keys listed here, so a reader action never ends up with no key
 * because the two tables drifted apart.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

const struct ui_action_info ui_actions[] = {
	{ "up",			UA_UP,		"k UP",	"move up" },
	{ "down",		UA_DOWN,	"j DOWN", "move down" },
	{ "page-up",		UA_PAGE_UP,	"PGUP",	"one page up" },
	{ "page-down",		UA_PAGE_DOWN,	"PGDN",	"one page down" },
	{ "top",		UA_TOP,		"g",	"go to the first row" },
	{ "bottom",		UA_BOTTOM,	"G",	"go to the last row" },
	{ "open",		UA_OPEN,	"ENTER", "open the feed, post or link" },
	{ "back",		UA_BACK,	"h",	"go back" },
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
 * KEY_CODE_YES).  The binding in cfg wins; a key with no binding runs an
 * action only if config.c binds nothing at all to that action and the
 * key is in the action's fallback list.
 */
enum ui_action
ui_key_action(const struct config *cfg, int is_keycode, uint32_t ch)
{
	char		 name[CONFIG_KEYLEN];
	const char	*act;
	size_t		 i;

	if (config_key_from_curses(is_keycode, ch, name, sizeof name) == NULL)
		return UA_NONE;
	if ((act = config_action(cfg, name)) != NULL)
		return ui_action_by_name(act);
	for (i = 0; i < ui_nactions; i++) {
		if (config_keys(cfg, ui_actions[i].name, NULL, 0) == 0 &&
		    key_in(name, ui_actions[i].fallback))
			return ui_actions[i].action;
	}
	return UA_NONE;
}

/* The keys of action a, space separated, as a heap string ("" if none). */
char *
ui_action_keys(const struct config *cfg, enum ui_action a)
{
	const char	*keys[8];
	struct buf	 b;
	size_t		 i, j, n;

	buf_init(&b);
	for (i = 0; i < ui_nactions; i++) {
		if (ui_actions[i].action != a)
			continue;
		n = config_keys(cfg, ui_actions[i].name, keys, nitems(keys));
		if (n == 0)
			buf_adds(&b, ui_actions[i].fallback);
		for (j = 0; j < n && j < nitems(keys); j++) {
			if (j > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, keys[j]);
		}
		break;
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
