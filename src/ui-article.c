/*
 * The article view: one post, a header (feed, title, author, date, link,
 * tags, enclosures) and then its HTML rendered to text by html-render.c,
 * wrapped to the window, with its links numbered in the text and listed at
 * the bottom.  u lists the links to open one; # (or a digit) asks for a
 * link's number and opens it; o opens the post's own link.
 *
 * The rendering depends on the width, so it is redone whenever the width
 * the view is drawn at changes (a resize); the scroll position is kept as a
 * line number and clamped.  Right-to-left paragraphs come out of
 * rendered_display() reordered and flush right, per config "bidi".
 *
 * The header is laid out at each draw (head_layout()): a long title is
 * wrapped, not cut, and in a window of fewer than ARTICLE_FOLD_ROWS rows
 * the header folds to one row of title and one of feed and date, so that
 * the text keeps most of the window.  The status line says where in the
 * article the window is ("12/80 15%").
 *
 * The view remembers the post list it was opened from, so that n/p and
 * J/K go to the next post of that list without going back to it: through
 * that view's step operation (struct ui_mode), never by calling into
 * another view's file.
 *
 * Searching.  The words of the list's search, if it was one, are
 * highlighted (list_hl).  / searches the article itself (find_hl, which
 * is highlighted instead): it goes to the first match at or below the top
 * of the window, and while it lasts n and N (the keys of next-unread and
 * toggle-read) go to the next and the previous match, round the end
 * (article_find()); / with an empty line ends it.  A match is a place in
 * the article's lines as laid out at the last draw (article_line()): the
 * header's rows, a blank line, the rendered text; the current one (mline,
 * mstart) is drawn underlined, and found again after a resize as the
 * first match from where it was.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int	 article_action(struct ui_view *, enum ui_action);

struct hline {
	const char	*label;		/* static */
	char		*text;		/* safe */
	int		 element;
};

#define ARTICLE_FOLD_ROWS	14	/* fewer rows: the header folds */
#define ARTICLE_MARGIN(cols)	((cols) >= 60 ? 1 : 0)	/* on each side */

/* One header row as drawn: text[off, off + len) of h, labelled or not. */
struct hrow {
	const struct hline *h;
	size_t		 off, len;
	int		 cont;		/* a wrapped title's next row */
};

struct article {
	struct ui_view	*list;		/* the list view below, or NULL */
	struct db_post	*p;
	struct rendered	*r;
	int		 width;		/* r was rendered at */
	struct hline	*head;
	size_t		 nhead;
	struct hrow	*hrows;		/* head as laid out for the window */
	size_t		 nhrows;
	struct hline	 fold;		/* "FEED, DATE" of a folded header */
	int64_t		 top;		/* first line on screen */
	int		 rows;
	int		 cols;		/* the window, at the last draw */
	struct search_hl *list_hl;	/* the list's search, or NULL */
	struct search_hl *find_hl;	/* /'s here, or NULL */
	int64_t		 mline;		/* the current match's line, -1 none */
	size_t		 mstart;	/* and its first byte in the line */
};

/* A match: a line of the article (article_line()) and its first byte. */
struct amatch {
	int64_t		 line;
	size_t		 start;
};

static void
head_add(struct article *ar, const char *label, const char *text, int el)
{
	char	*shown;

	/* The Feed and Link lines show no credentials. */
	shown = url_mask_text(text);
	ar->head = xreallocarray(ar->head, ar->nhead + 1, sizeof *ar->head);
	ar->head[ar->nhead].label = label;
	ar->head[ar->nhead].text = text_safe(shown);
	free(shown);
	ar->head[ar->nhead].element = el;
	ar->nhead++;
}

static void
article_clear(struct article *ar)
{
	size_t	 i;

	for (i = 0; i < ar->nhead; i++)
		free(ar->head[i].text);
	free(ar->head);
	ar->head = NULL;
	free(ar->hrows);
	ar->hrows = NULL;
	ar->nhrows = 0;
	free(ar->fold.text);
	ar->fold.text = NULL;
	ar->nhead = 0;
	rendered_free(ar->r);
	ar->r = NULL;
	ar->width = 0;
	db_post_free(ar->p);
	ar->p = NULL;
}

/* Load post id (0 if it cannot be found).  The header is built here. */
static int
article_load(struct article *ar, int64_t id)
{
	struct db_post	*p;
	struct buf	 b;
	char		*date, *s, size[64];
	size_t		 i;

	if ((p = db_post_get(ui->db, id)) == NULL)
		return -1;
	article_clear(ar);
	ar->p = p;
	head_add(ar, N_("Feed"), p->feed_title != NULL ? p->feed_title :
	    p->feed_url, EL_LISTNORMAL);
	head_add(ar, N_("Title"), p->title != NULL && *p->title != '\0' ?
	    p->title : _(TEXT_UNTITLED), EL_TITLE);
	if (p->author != NULL && *p->author != '\0')
		head_add(ar, N_("Author"), p->author, EL_LISTNORMAL);
	date = ui_date(p->sort_time);
	if (*date != '\0')
		head_add(ar, N_("Date"), date, EL_DATE);
	free(date);
	if (p->link != NULL)
		head_add(ar, N_("Link"), p->link, EL_LINK);
	if (p->ntags > 0) {
		buf_init(&b);
		for (i = 0; i < p->ntags; i++) {
			if (i > 0)
				buf_adds(&b, i18n_comma());
			buf_adds(&b, p->tags[i]);
		}
		head_add(ar, N_("Tags"), buf_str(&b), EL_TAG);
		buf_free(&b);
	}
	for (i = 0; i < p->nenclosures; i++) {
		/* As show writes it: "URL (type) 12.3 MB". */
		xasprintf(&s, "%s%s%s%s%s%s", p->enclosures[i].url,
		    p->enclosures[i].type != NULL ? " (" : "",
		    p->enclosures[i].type != NULL ? p->enclosures[i].type : "",
		    p->enclosures[i].type != NULL ? ")" : "",
		    p->enclosures[i].length > 0 ? " " : "",
		    p->enclosures[i].length > 0 ? num_size_format(
		    p->enclosures[i].length, size, sizeof size) : "");
		head_add(ar, N_("Enclosure"), s, EL_LINK);
		free(s);
	}
	if (p->duration > 0)
		head_add(ar, N_("Duration"), num_clock_format(p->duration,
		    size, sizeof size), EL_LISTNORMAL);
	return 0;
}

/* Render the body for width columns, if it is not already. */
static void
article_render(struct article *ar, int width)
{
	const char	*html;

	if (ar->r != NULL && ar->width == width)
		return;
	rendered_free(ar->r);
	html = ar->p->content != NULL && *ar->p->content != '\0' ?
	    ar->p->content : ar->p->summary;
	ar->r = html_render(html != NULL && *html != '\0' ? html :
	    _("<p>(no text)</p>"), ar->p->link, width);
	ar->width = width;
}

static void
hrow_add(struct article *ar, const struct hline *h, size_t off, size_t len,
    int cont)
{
	ar->hrows = xreallocarray(ar->hrows, ar->nhrows + 1,
	    sizeof *ar->hrows);
	ar->hrows[ar->nhrows].h = h;
	ar->hrows[ar->nhrows].off = off;
	ar->hrows[ar->nhrows].len = len;
	ar->hrows[ar->nhrows].cont = cont;
	ar->nhrows++;
}

/* The header's hline labelled label, or NULL. */
static const struct hline *
head_find(const struct article *ar, const char *label)
{
	size_t	 i;

	for (i = 0; i < ar->nhead; i++) {
		if (strcmp(ar->head[i].label, label) == 0)
			return &ar->head[i];
	}
	return NULL;
}

/* A header row's label in the messages' language, as `majlis show`
 * writes it ("Title: "); a heap string. */
static char *
head_label(const struct hline *h)
{
	char	*s;

	xasprintf(&s, _("%s: "), _(h->label));
	return s;
}

/* Lay the header out for a window of rows x cols (see the top). */
static void
head_layout(struct article *ar, int rows, int cols)
{
	const struct hline *h, *feed, *date;
	char		*label, *marked;
	size_t		 i, off, len, next;
	int		 small = rows < ARTICLE_FOLD_ROWS, lw, cont;

	ar->nhrows = 0;
	free(ar->fold.text);
	ar->fold.text = NULL;
	for (i = 0; i < ar->nhead; i++) {
		h = &ar->head[i];
		if (h->element != EL_TITLE) {
			if (!small)
				hrow_add(ar, h, 0, strlen(h->text), 0);
			continue;
		}
		label = head_label(h);
		lw = text_width(label);
		free(label);
		len = strlen(h->text);
		/* Folded, the title keeps one row (cut, with an ellipsis). */
		if (small) {
			hrow_add(ar, h, 0, len, 0);
			continue;
		}
		for (off = 0, cont = 0; off < len || !cont; off = next) {
			if (off >= len) {
				hrow_add(ar, h, 0, 0, 0);
				break;
			}
			hrow_add(ar, h, off, text_wrap_break(h->text + off,
			    len - off, cols - lw, &next), cont);
			next += off;
			cont = 1;
		}
	}
	if (small && ((feed = head_find(ar, "Feed")) != NULL ||
	    head_find(ar, "Date") != NULL)) {
		date = head_find(ar, "Date");
		/* The date in its own direction after a feed's Arabic name. */
		marked = bidi_mark(date != NULL ? date->text : "");
		xasprintf(&ar->fold.text, "%s%s%s", feed != NULL ? feed->text :
		    "", feed != NULL && date != NULL ? i18n_comma() : "",
		    date != NULL ? marked : "");
		free(marked);
		ar->fold.label = "Feed";
		ar->fold.element = EL_LISTNORMAL;
		hrow_add(ar, &ar->fold, 0, strlen(ar->fold.text), 0);
	}
}

/*
 * Lay the article out for a window of rows x cols: the text rendered (if
 * it is not already) and the header's rows.  Returns the text's width: a
 * margin on wide screens, config text-width caps it (80 by default: a
 * line of 190 characters is hard to read).  The capped column stands where
 * lines start, at the left, or in a mirrored layout at the right
 * (ui_put_visual() mirrors x), so that the header above it starts where
 * the text does.
 */
static int
article_layout(struct article *ar, int rows, int cols)
{
	int	 width = cols - 2 * ARTICLE_MARGIN(cols);

	if (ui->cfg.text_width > 0 && ui->cfg.text_width < width)
		width = ui->cfg.text_width;
	article_render(ar, width);
	head_layout(ar, rows, cols - 2 * ARTICLE_MARGIN(cols));
	ar->rows = rows;
	ar->cols = cols;
	return width;
}

static int64_t
article_lines(struct article *ar)
{
	return (int64_t)(ar->nhrows > 0 ? ar->nhrows : ar->nhead) + 1 +
	    (ar->r != NULL ? (int64_t)ar->r->nlines : 0);
}

static void
article_clamp(struct article *ar)
{
	int64_t	 max = article_lines(ar) - ar->rows;

	if (ar->top > max)
		ar->top = max;
	if (ar->top < 0)
		ar->top = 0;
}

/*
 * Line i of the article as laid out at the last draw: a header row, the
 * blank line after the header, a line of the text; logical and safe, *len
 * its length.  NULL past the end.
 */
static const char *
article_line(const struct article *ar, int64_t i, size_t *len)
{
	int64_t	 li = i - (int64_t)ar->nhrows - 1;

	if (i < 0)
		return NULL;
	if (i < (int64_t)ar->nhrows) {
		*len = ar->hrows[i].len;
		return ar->hrows[i].h->text + ar->hrows[i].off;
	}
	*len = 0;
	if (li < 0)
		return "";
	if (ar->r == NULL || li >= (int64_t)ar->r->nlines)
		return NULL;
	*len = strlen(ar->r->lines[li]);
	return ar->r->lines[li];
}

/*
 * The marks of line i, s[0..len) (ui_hl_marks()), what the highlight
 * lines of the article and its search matched in it, the current match's
 * as such: heap, or NULL.
 */
static char *
article_marks(const struct article *ar, int64_t i, const char *s,
    size_t len)
{
	char	*marks;
	size_t	 k;

	marks = ui_hl_marks(CONFIG_HL_ARTICLE, ar->find_hl != NULL ?
	    ar->find_hl : ar->list_hl, s, len);
	if (marks == NULL || ar->find_hl == NULL || i != ar->mline ||
	    ar->mstart >= len)
		return marks;
	for (k = ar->mstart; k < len && marks[k] == UI_MARK_MATCH; k++)
		marks[k] = UI_MARK_CURRENT;
	return marks;
}

/* Every match of find_hl, in order: a heap array of *n (NULL: none). */
static struct amatch *
article_matches(const struct article *ar, size_t *n)
{
	struct amatch	*m = NULL;
	const char	*t;
	size_t		 len, from, start, end;
	int64_t		 i;

	*n = 0;
	for (i = 0; (t = article_line(ar, i, &len)) != NULL; i++) {
		for (from = 0; search_hl_find(ar->find_hl, t, len, from,
		    &start, &end); from = end) {
			m = xreallocarray(m, *n + 1, sizeof *m);
			m[*n].line = i;
			m[(*n)++].start = start;
		}
	}
	return m;
}

/* Where match a is from the place (line, start): -1 before, 0, 1 after. */
static int
amatch_cmp(const struct amatch *a, int64_t line, size_t start)
{
	if (a->line != line)
		return a->line < line ? -1 : 1;
	return a->start < start ? -1 : a->start > start;
}

/*
 * Go to a match of the article's search: the first at or below the top of
 * the window when there is no current one (a new search), else the next
 * (dir 1) or the previous (-1), round the end.  The window scrolls to a
 * match that is not in it, and the status line says which match it is, or
 * that the search went round, or found nothing.
 */
static void
article_find(struct article *ar, int dir)
{
	struct amatch	*m;
	size_t		 n, k;
	int		 round = 0;

	/*
	 * Keys typed ahead come before the next draw: a post just loaded (J,
	 * then n) is laid out here first.
	 */
	article_layout(ar, ar->rows, ar->cols > 0 ? ar->cols : COLS);
	if ((m = article_matches(ar, &n)) == NULL) {
		ar->mline = -1;
		ui_status(0, "%s", _("no match in this post"));
		return;
	}
	if (ar->mline < 0 || dir > 0) {
		/* The first at or below the top, or after the current one. */
		for (k = 0; k < n && (ar->mline < 0 ? m[k].line < ar->top :
		    amatch_cmp(&m[k], ar->mline, ar->mstart) <= 0); k++)
			continue;
		if ((round = k == n))
			k = 0;
	} else {
		/* The last before the current one. */
		for (k = n; k > 0 && amatch_cmp(&m[k - 1], ar->mline,
		    ar->mstart) >= 0; k--)
			continue;
		if ((round = k == 0))
			k = n;
		k--;
	}
	ar->mline = m[k].line;
	ar->mstart = m[k].start;
	free(m);
	if (ar->mline < ar->top || ar->mline >= ar->top + ar->rows) {
		ar->top = ar->mline - ar->rows / 3;
		article_clamp(ar);
	}
	if (round)
		ui_status(0, dir > 0 ? _("match %zu/%zu, from the top again") :
		    _("match %zu/%zu, from the bottom again"), k + 1, n);
	else
		ui_status(0, _("match %zu/%zu"), k + 1, n);
	ui->dirty = 1;
}

/*
 * /: ask for words and search the article for them (article_find()); an
 * empty line ends the search.
 */
static void
article_search(struct article *ar)
{
	struct search_hl *hl;
	char		*s;

	if ((s = ui_search_prompt(_("Search this post: "))) == NULL)
		return;
	if (*s == '\0') {
		if (ar->find_hl != NULL)
			ui_status(0, "%s", _("search ended"));
		search_hl_free(ar->find_hl);
		ar->find_hl = NULL;
		free(s);
		return;
	}
	if ((hl = search_hl_new(s)) == NULL) {
		ui_status(1, "%s", _("search: no word to search for"));
		free(s);
		return;
	}
	search_hl_free(ar->find_hl);
	ar->find_hl = hl;
	ar->mline = -1;
	article_find(ar, 1);
	free(s);
}

static void
article_draw(struct ui_view *v, int rows, int cols)
{
	struct article	*ar = v->data;
	struct hrow	*hr;
	char		*s, *marks, *vmarks;
	int64_t		 i, li, total, seen;
	int		 y, x, width, lw, el, fl;

	if (ar->p == NULL)
		return;
	x = ARTICLE_MARGIN(cols);
	width = article_layout(ar, rows, cols);
	article_clamp(ar);
	total = article_lines(ar);
	seen = ar->top + rows < total ? ar->top + rows : total;
	snprintf(ui->where, sizeof ui->where, "%lld/%lld %lld%%",
	    (long long)seen, (long long)total,
	    (long long)(total > 0 ? seen * 100 / total : 100));
	for (y = 0; y < rows; y++) {
		i = ar->top + y;
		if (i < (int64_t)ar->nhrows) {
			hr = &ar->hrows[i];
			s = head_label(hr->h);
			lw = text_width(s);
			/*
			 * newsboat's highlight article "^(Title|Feed):" colours
			 * the labels: a left-to-right layout's is drawn as it
			 * is, so the marks made on it fit it.
			 */
			marks = ui->rtl ? NULL : ui_hl_marks(CONFIG_HL_ARTICLE,
			    NULL, s, strlen(s));
			if (!hr->cont && marks != NULL)
				ui_put_marks(1 + y, x, lw, s, marks,
				    ui_attr(EL_INFO, 0) & ~A_REVERSE);
			else if (!hr->cont)
				ui_put_own(1 + y, x, lw, s,
				    ui_attr(EL_INFO, 0) & ~A_REVERSE);
			free(marks);
			free(s);
			s = xstrndup(hr->h->text + hr->off, hr->len);
			marks = article_marks(ar, i, s, hr->len);
			ui_put_marks(1 + y, x + lw, cols - x - lw, s, marks,
			    ui_attr(hr->h->element, 0));
			free(marks);
			free(s);
			continue;
		}
		li = i - (int64_t)ar->nhrows - 1;
		if (li < 0 || li >= (int64_t)ar->r->nlines)
			continue;
		fl = ar->r->flags[li];
		el = EL_ARTICLE;
		if (fl & RLINE_HEADING)
			el = EL_TITLE;
		else if (fl & RLINE_LINKLIST)
			el = EL_LINK;
		else if (fl & RLINE_QUOTE)
			el = EL_HINT;
		marks = article_marks(ar, i, ar->r->lines[li],
		    strlen(ar->r->lines[li]));
		vmarks = NULL;
		s = rendered_display_marks(ar->r, (size_t)li,
		    (enum bidi_mode)ui->cfg.bidi, marks, &vmarks);
		ui_put_visual_marks(1 + y, x, width, s, vmarks, ui_attr(el, 0));
		free(vmarks);
		free(marks);
		free(s);
	}
}

/* Show the post the list's cursor moved to, marking it read. */
static void
article_goto(struct ui_view *v, int64_t id)
{
	struct article	*ar = v->data;

	if (id == 0 || article_load(ar, id) == -1)
		return;
	ar->top = 0;
	ar->mline = -1;
	/* A post of another feed (a mixed list, n into the next feed). */
	free(v->title);
	v->title = ui_feed_name(ar->p->feed_title, ar->p->feed_url);
	if (!ar->p->read && db_post_mark(ui->db, id, 1) != -1)
		ar->p->read = 1;
	if (ar->list != NULL)
		ar->list->mode->reload(ar->list);
	ui->dirty = 1;
}

/*
 * The numbered links of the article, as u lists them and # opens them:
 * the links of its text (link N is urls[N - 1]), then its enclosures.  A
 * heap array of *n borrowed strings, NULL when there are none.
 */
static const char **
article_urls(const struct article *ar, size_t *n)
{
	const char	**urls;
	size_t		  i, max;

	*n = 0;
	max = (ar->r != NULL ? ar->r->nlinks : 0) + ar->p->nenclosures;
	if (max == 0)
		return NULL;
	urls = xreallocarray(NULL, max, sizeof *urls);
	for (i = 0; ar->r != NULL && i < ar->r->nlinks; i++)
		urls[(*n)++] = ar->r->links[i];
	for (i = 0; i < ar->p->nenclosures; i++)
		urls[(*n)++] = ar->p->enclosures[i].url;
	return urls;
}

/* u: the post's own link, the links of the text, then the enclosures. */
static void
article_links(struct article *ar)
{
	const char	**urls;
	char		 *t;
	size_t		  n;

	urls = article_urls(ar, &n);
	if (n == 0 && (ar->p->link == NULL || *ar->p->link == '\0')) {
		ui_status(0, _("this post has no links"));
		return;
	}
	t = text_safe(ar->p->title != NULL ? ar->p->title : "");
	ui_links_open(t, ar->p->link, urls, n);
	free(t);
	free(urls);
}

/*
 * o: open the post's link in the browser and, once it started, mark the
 * post read (N may have marked it unread).  With and_next
 * (open-in-browser-and-mark-read) and openbrowser-and-mark-jumps-to-next-
 * unread, then the next unread post, as n.
 */
static void
article_browse(struct ui_view *v, int and_next)
{
	struct article	*ar = v->data;

	if (ui_browse(ar->p->link) == -1)
		return;
	if (!ar->p->read && db_post_mark(ui->db, ar->p->id, 1) != -1) {
		ar->p->read = 1;
		if (ar->list != NULL)
			ar->list->mode->reload(ar->list);
	}
	if (and_next && ui->cfg.open_mark_next)
		article_action(v, UA_NEXT_UNREAD);
}

/*
 * # (or a digit, which starts the number): ask for a link's number, as
 * the text and u number them, and open that link in the browser.
 */
static void
article_goto_url(struct article *ar)
{
	const char	**urls;
	size_t		  n, k;

	urls = article_urls(ar, &n);
	if ((k = ui_links_ask(n)) > 0)
		ui_browse(urls[k - 1]);
	free(urls);
}

static int
article_action(struct ui_view *v, enum ui_action a)
{
	struct article	*ar = v->data;
	int64_t		 id;
	int		 page = ar->rows > 1 ? ar->rows - 1 : 1;

	/* While / searches the article, n and N go to its matches. */
	if (ar->find_hl != NULL && (a == UA_NEXT_UNREAD ||
	    a == UA_TOGGLE_READ)) {
		article_find(ar, a == UA_NEXT_UNREAD ? 1 : -1);
		return 1;
	}
	switch (a) {
	case UA_UP:
		ar->top--;
		break;
	case UA_DOWN:
		ar->top++;
		break;
	case UA_PAGE_UP:
		ar->top -= page;
		break;
	case UA_PAGE_DOWN:
	case UA_OPEN:
		ar->top += page;
		break;
	case UA_TOP:
		ar->top = 0;
		break;
	case UA_BOTTOM:
		ar->top = article_lines(ar);
		break;
	case UA_NEXT:
	case UA_PREV:
	case UA_NEXT_UNREAD:
	case UA_PREV_UNREAD:
		if (ar->list == NULL || ar->list->mode->step == NULL)
			return 1;
		id = ar->list->mode->step(ar->list, a == UA_NEXT ||
		    a == UA_NEXT_UNREAD ? 1 : -1, a == UA_NEXT_UNREAD ||
		    a == UA_PREV_UNREAD);
		if (id == 0)
			ui_status(0, a == UA_NEXT_UNREAD ||
			    a == UA_PREV_UNREAD ? _("no more unread posts") :
			    _("no more posts"));
		article_goto(v, id);
		return 1;
	case UA_TOGGLE_READ:
		if (db_post_mark(ui->db, ar->p->id, !ar->p->read) == -1) {
			ui_status(1, _("database: %s"), db_errmsg(ui->db));
			return 1;
		}
		ar->p->read = !ar->p->read;
		ui_undo_mark(&ar->p->id, 1, ar->p->read);
		ui_status(0, ar->p->read ? _("marked read") :
		    _("marked unread"));
		if (ar->list != NULL)
			ar->list->mode->reload(ar->list);
		return 1;
	case UA_TAG:
		ui_edit_tags(ar->p->id, 0);
		return 1;
	case UA_BROWSE:
	case UA_BROWSE_MARK:
		article_browse(v, a == UA_BROWSE_MARK);
		return 1;
	case UA_LINKS:
		article_links(ar);
		return 1;
	case UA_GOTO_URL:
		article_goto_url(ar);
		return 1;
	case UA_PIPE:
		ui_pipe_post(ar->p);
		return 1;
	case UA_SAVE:
		ui_save_post(ar->p);
		return 1;
	case UA_BOOKMARK:
		ui_bookmark_post(ar->p);
		return 1;
	case UA_ENCLOSURE:
		if (ar->p->nenclosures == 0)
			ui_status(0, _("this post has no enclosure"));
		else
			ui_open_enclosure(ar->p->enclosures[0].url);
		return 1;
	case UA_RELOAD:
		ui_fetch_start(ar->p->feed_url);
		return 1;
	case UA_SEARCH:
		article_search(ar);
		return 1;
	default:
		return 0;
	}
	article_clamp(ar);
	ui->dirty = 1;
	return 1;
}

/* The data changed: read the post again (its tags may have), keep top. */
static void
article_reload(struct ui_view *v)
{
	struct article	*ar = v->data;
	int64_t		 top = ar->top;

	if (ar->p != NULL && article_load(ar, ar->p->id) == 0)
		ar->top = top;
}

static void
article_free(struct ui_view *v)
{
	struct article	*ar = v->data;

	article_clear(ar);
	search_hl_free(ar->list_hl);
	search_hl_free(ar->find_hl);
	free(ar);
}

static const struct ui_mode article_mode = {
	.name = "article",
	.draw = article_draw,
	.action = article_action,
	.reload = article_reload,
	.free = article_free,
};

/*
 * Open post id.  list is the view it was chosen in (n/p step through it
 * with its step operation), or NULL; search is that list's search, whose
 * words are highlighted, or NULL.
 */
void
ui_article_open(int64_t id, struct ui_view *list, const char *search)
{
	struct article	*ar;

	ar = xcalloc(1, sizeof *ar);
	ar->list = list;
	ar->rows = LINES > 2 ? LINES - 2 : 1;
	ar->mline = -1;
	if (article_load(ar, id) == -1) {
		free(ar);
		ui_status(1, _("post %lld is gone"), (long long)id);
		return;
	}
	if (search != NULL)
		ar->list_hl = search_hl_new(search);
	ui_push(&article_mode, ar, ui_feed_name(ar->p->feed_title,
	    ar->p->feed_url));
}
