/*
 * The link list of an article ("u"): the post's own link first ("[post]
 * URL"), then the links html-render.c numbered in the text, "[n] URL", in
 * the same order; ENTER or o opens the one under the cursor in the
 * browser, # (or a digit) the one whose number is typed (ui_links_ask(),
 * which the article's # uses too).  The URLs are copied, so the list does not depend on the
 * article view below it staying as it is.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

struct links {
	struct ui_list	 l;
	char		**urls;		/* heap, as html_render() resolved them */
	int64_t		 own;		/* 1: urls[0] is the post's link */
};

static void
links_draw(struct ui_view *v, int rows, int cols)
{
	struct links	*lk = v->data;
	char		*s;
	int64_t		 i;

	ui_list_fix(&lk->l, rows);
	for (i = lk->l.top; i < lk->l.n && i < lk->l.top + rows; i++) {
		if (i < lk->own)
			xasprintf(&s, _(" [post] %s"), lk->urls[i]);
		else
			xasprintf(&s, " [%lld] %s", (long long)(i + 1 - lk->own),
			    lk->urls[i]);
		ui_put(1 + (int)(i - lk->l.top), 0, cols, s,
		    ui_attr(EL_LINK, i == lk->l.cur));
		free(s);
	}
}

/*
 * The number typed at s, in ASCII or Arabic-Indic digits (an Arabic
 * keyboard types those), or 0 if s is not a number from 1 to max.
 */
static size_t
link_number_parse(const char *s, size_t max)
{
	uint32_t	 c;
	size_t		 k = 0, n, len = strlen(s);

	if (len == 0)
		return 0;
	for (; len > 0; s += n, len -= n) {
		n = utf8_decode(s, len, &c);
		if (c >= 0x0660 && c <= 0x0669)
			c = '0' + (c - 0x0660);
		else if (c >= 0x06f0 && c <= 0x06f9)
			c = '0' + (c - 0x06f0);
		if (c < '0' || c > '9' || k > max)
			return 0;
		k = k * 10 + (c - '0');
	}
	return k <= max ? k : 0;
}

/*
 * Ask for a link's number (goto-url: # or a digit, which starts it), as
 * the article's text and this list number them, of n links.  Returns it,
 * or 0 when none was typed or there is no such link (said).
 */
size_t
ui_links_ask(size_t n)
{
	char	 first[2] = "", *s;
	size_t	 k;

	if (ui->key_char >= '0' && ui->key_char <= '9')
		first[0] = (char)ui->key_char;
	if ((s = ui_prompt(_("Open link number: "), first, NULL, 0)) == NULL)
		return 0;
	if ((k = link_number_parse(s, n)) == 0 && *s != '\0')
		ui_status(1, _("no link %s in this post"), s);
	free(s);
	return k;
}

static int
links_action(struct ui_view *v, enum ui_action a)
{
	struct links	*lk = v->data;
	size_t		 k;

	switch (a) {
	case UA_OPEN:
	case UA_BROWSE:
	case UA_BROWSE_MARK:
		if (lk->l.n > 0)
			ui_browse(lk->urls[lk->l.cur]);
		return 1;
	case UA_LINKS:
		ui_pop();
		return 1;
	case UA_GOTO_URL:
		/* The cursor goes to the link, which opens. */
		if ((k = ui_links_ask((size_t)(lk->l.n - lk->own))) > 0) {
			lk->l.cur = lk->own + (int64_t)k - 1;
			ui_list_fix(&lk->l, lk->l.rows);
			ui_browse(lk->urls[lk->l.cur]);
		}
		return 1;
	case UA_ENCLOSURE:
		if (lk->l.n > 0)
			ui_open_enclosure(lk->urls[lk->l.cur]);
		return 1;
	default:
		return ui_list_action(&lk->l, a);
	}
}

static void
links_click(struct ui_view *v, int row)
{
	struct links	*lk = v->data;

	if (lk->l.top + row < lk->l.n)
		lk->l.cur = lk->l.top + row;
	ui_list_fix(&lk->l, lk->l.rows);
}

static void
links_free(struct ui_view *v)
{
	struct links	*lk = v->data;

	strv_free(lk->urls, (size_t)lk->l.n);
	free(lk);
}

static const struct ui_mode links_mode = {
	.name = "links",
	.draw = links_draw,
	.action = links_action,
	.click = links_click,
	.free = links_free,
};

/*
 * Open a list of the post's own link (NULL: none) and the n links of its
 * text; title (safe) names the article.
 */
void
ui_links_open(const char *title, const char *own, const char *const *urls,
    size_t n)
{
	struct links	*lk;
	char		*t;
	size_t		 i;

	lk = xcalloc(1, sizeof *lk);
	lk->urls = xreallocarray(NULL, n + 1, sizeof *lk->urls);
	if (own != NULL && *own != '\0') {
		lk->urls[0] = xstrdup(own);
		lk->own = 1;
	}
	for (i = 0; i < n; i++)
		lk->urls[lk->own + i] = xstrdup(urls[i]);
	lk->l.n = lk->own + (int64_t)n;
	lk->l.rows = 1;
	xasprintf(&t, _("Links: %s"), title);
	ui_push(&links_mode, lk, t);
}
