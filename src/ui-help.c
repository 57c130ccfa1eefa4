/*
 * The help view: one line per action of config-keys.c's table (ui_actions[]),
 * in its order, with the keys bound to it now and what it does.  The keys
 * come from the bindings in force (ui_action_keys), so the help follows the
 * user's "bind" lines.
 */
#include <stdlib.h>

#include "majlis.h"

struct help {
	struct ui_list	 l;
	char		**keys;		/* the keys bound now, per action */
};

/*
 * Three columns: keys, the action's name (as in bind lines), what it does.
 * ui_put() places them from the right edge in a mirrored layout.
 */
static void
help_draw(struct ui_view *v, int rows, int cols)
{
	struct help	*h = v->data;
	int64_t		 i;
	int		 y, attr;

	ui_list_fix(&h->l, rows);
	for (i = h->l.top; i < h->l.n && i < h->l.top + rows; i++) {
		y = 1 + (int)(i - h->l.top);
		attr = ui_attr(EL_LISTNORMAL, i == h->l.cur);
		ui_put(y, 0, cols, "", attr);
		ui_put(y, 1, 18, h->keys[i], attr);
		ui_put(y, 20, 17, ui_actions[i].name, attr);
		ui_put_own(y, 38, cols - 38, _(ui_actions[i].help), attr);
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

	strv_free(h->keys, (size_t)h->l.n);
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
	size_t		 i;

	h = xcalloc(1, sizeof *h);
	h->keys = xreallocarray(NULL, ui_nactions, sizeof *h->keys);
	for (i = 0; i < ui_nactions; i++)
		h->keys[i] = ui_action_keys(&ui->cfg, ui_actions[i].action);
	h->l.n = (int64_t)ui_nactions;
	ui_push(&help_mode, h, xstrdup(_("Help (q to go back)")));
}
