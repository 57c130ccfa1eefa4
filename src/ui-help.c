/*
 * The help view: the actions of config-keys.c's table (ui_actions[]), in
 * its order, with the keys bound to it now and what it does.  The keys
 * come from the bindings in force (ui_action_keys), so the help follows the
 * user's "bind" lines.
 *
 * On a wide screen each action is one row of three columns: keys, the
 * action's name (as in bind lines), what it does.  Under HELP_WIDE
 * columns the name is left out and what an action does is wrapped over as
 * many rows as it needs, the keys on its first: at 40 columns the three
 * columns left a letter or two of each description.  The rows are laid
 * out again when the width changes (help_layout()).
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

#define HELP_WIDE	80	/* columns from which the name is shown */
#define HELP_KEYS	10	/* the keys' column on a narrow screen */

/* One row drawn: the action, and its part of the description. */
struct hrow {
	size_t		 action;
	size_t		 off, len;	/* bytes of the translated help */
	int		 first;		/* the action's first row */
};

struct help {
	struct ui_list	 l;
	char		**keys;		/* the keys bound now, per action */
	struct hrow	*rows;
	size_t		 nrows;
	int		 cols;		/* the width laid out for; 0 none */
};

static void
hrow_add(struct help *h, size_t action, size_t off, size_t len, int first)
{
	h->rows = xreallocarray(h->rows, h->nrows + 1, sizeof *h->rows);
	h->rows[h->nrows].action = action;
	h->rows[h->nrows].off = off;
	h->rows[h->nrows].len = len;
	h->rows[h->nrows].first = first;
	h->nrows++;
}

/* Lay the rows out for cols columns; the cursor stays on its action. */
static void
help_layout(struct help *h, int cols)
{
	const char	*text;
	size_t		 i, action = 0, off, len, next, seg;
	int		 w = cols - HELP_KEYS - 2;

	if (h->cols == cols)
		return;
	if (h->nrows > 0 && h->l.cur >= 0 && (size_t)h->l.cur < h->nrows)
		action = h->rows[h->l.cur].action;
	h->nrows = 0;
	for (i = 0; i < ui_nactions; i++) {
		text = _(ui_actions[i].help);
		len = strlen(text);
		if (cols >= HELP_WIDE || w < 1) {
			hrow_add(h, i, 0, len, 1);
			continue;
		}
		off = 0;
		do {
			seg = text_wrap_break(text + off, len - off, w, &next);
			hrow_add(h, i, off, seg, off == 0);
			next += off;
			if (next <= off)	/* nothing fits: no endless loop */
				break;
			off = next;
		} while (off < len);
	}
	h->cols = cols;
	h->l.n = (int64_t)h->nrows;
	for (i = 0; i < h->nrows; i++) {
		if (h->rows[i].action == action && h->rows[i].first) {
			h->l.cur = (int64_t)i;
			break;
		}
	}
}

static void
help_draw(struct ui_view *v, int rows, int cols)
{
	struct help	*h = v->data;
	const struct hrow *r;
	const char	*text;
	char		*part;
	int64_t		 i;
	int		 y, attr, wide = cols >= HELP_WIDE;

	help_layout(h, cols);
	ui_list_fix(&h->l, rows);
	for (i = h->l.top; i < h->l.n && i < h->l.top + rows; i++) {
		r = &h->rows[i];
		y = 1 + (int)(i - h->l.top);
		attr = ui_attr(EL_LISTNORMAL, i == h->l.cur);
		ui_put(y, 0, cols, "", attr);
		text = _(ui_actions[r->action].help);
		if (wide) {
			ui_put(y, 1, 18, h->keys[r->action], attr);
			ui_put(y, 20, 17, ui_actions[r->action].name, attr);
			ui_put_own(y, 38, cols - 38, text, attr);
			continue;
		}
		if (r->first)
			ui_put(y, 1, HELP_KEYS, h->keys[r->action], attr);
		part = xstrndup(text + r->off, r->len);
		ui_put_own(y, HELP_KEYS + 2, cols - HELP_KEYS - 2, part, attr);
		free(part);
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

	strv_free(h->keys, ui_nactions);
	free(h->rows);
	free(h);
}

static const struct ui_mode help_mode = {
	.name = "help",
	.draw = help_draw,
	.action = help_action,
	.click = help_click,
	.free = help_free,
};

/* Open the help view: the actions, with their keys now. */
void
ui_help_open(void)
{
	struct help	*h;
	size_t		 i;

	h = xcalloc(1, sizeof *h);
	h->keys = xreallocarray(NULL, ui_nactions, sizeof *h->keys);
	for (i = 0; i < ui_nactions; i++)
		h->keys[i] = ui_action_keys(&ui->cfg, ui_actions[i].action);
	/* Laid out at the first draw, for the width it has. */
	h->l.n = (int64_t)ui_nactions;
	ui_push(&help_mode, h, xstrdup(_("Help (q to go back)")));
}
