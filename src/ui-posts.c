/*
 * The post list: the posts of a feed, of a tag, all unread posts, or the
 * results of a search; newest first (or oldest first, config "sort").
 *
 * A search (/) started in a list of a feed, a tag or a view (a filter) is
 * a search there: that list's query with the search's words, titled
 * "NAME | Search: WORDS" as a filter's list is (ui_filter_open());
 * search-all (a) widens it to every feed in place (posts_widen()).  From
 * the feed list, and from a list of every feed, it searches every feed.
 * The words a search matched are highlighted in the titles
 * (ui_put_title_tags()) and in the article opened from the list.
 *
 * A list may hold a hundred thousand posts, so it is never loaded whole.
 * The view keeps the number of rows (db_posts_count) and a window of rows
 * around what is on screen, read from SQLite a page at a time
 * (db_posts_query with limit and offset); scrolling past the window reads
 * the next one.  Memory stays at one window whatever the list's length.
 *
 * Oldest first needs no query of its own: display row i is row n - 1 - i
 * of the newest-first order, so a window is read with the mirrored offset
 * and stored reversed.  Search results stay in rank order.
 *
 * Invariant: win[k] is display row woff + k, for k < wn.  Every change
 * of the query, the sort or the data (posts_reload) empties the window, and
 * posts_row() reads the window it needs.  A reload keeps the cursor on the
 * same post: the view remembers which post the user selected (sel_id,
 * set only when the user moves), because the rows on screen may already
 * come from a newer state of the database than the last count did.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

#define WINDOW_MARGIN	64	/* rows read beyond the screen, each side */

struct prow {
	int64_t		 id;
	int64_t		 feed_id;
	int64_t		 sort_time;
	int		 read;
	char		*date;		/* safe, formatted */
	char		*author;	/* safe */
	char		*title;		/* safe */
	char		*feed;		/* safe feed title */
	char		*feed_url;
	char		*tags;		/* safe, joined by "\n", NULL: none */
	char		*link;
	int		 hl;		/* 1 + its highlight-article line; 0 */
};

struct posts {
	struct ui_list		 l;
	struct db_post_query	 q;
	char			*tag;		/* q.tag's storage */
	char			*filter;	/* q.filter's storage */
	char			*search;	/* q.search's storage */
	char			*name;		/* what the list is, for titles */
	char			*scope;		/* a search's list, NULL: all */
	struct search_hl	*hl;		/* q.search's words, or NULL */
	int			 all_unread;	/* the "All unread" view */
	int			 oldest;	/* display order reversed */
	int64_t			 sel_id;	/* the post the user selected */
	int64_t			 sel_time;	/* its sort key */
	/*
	 * The selected post left the list (read, in a list of unread posts)
	 * as a view above it read it: the article's n.  The post that took
	 * its place, under the cursor, is the next one (posts_step_list()).
	 */
	int			 left;
	struct prow		*win;
	size_t			 wn;
	int64_t			 woff;
};

static void
prow_clear(struct prow *r)
{
	free(r->date);
	free(r->author);
	free(r->title);
	free(r->feed);
	free(r->feed_url);
	free(r->tags);
	free(r->link);
}

static void
window_clear(struct posts *ps)
{
	size_t	 i;

	for (i = 0; i < ps->wn; i++)
		prow_clear(&ps->win[i]);
	free(ps->win);
	ps->win = NULL;
	ps->wn = 0;
	ps->woff = 0;
}

struct fill {
	struct posts	*ps;
	size_t		 count;		/* rows asked for */
	size_t		 got;
};

static int
fill_row(const struct db_post *p, void *arg)
{
	struct fill	*f = arg;
	struct posts	*ps = f->ps;
	struct prow	*r;
	struct buf	 b;
	size_t		 i, k;

	if (f->got == f->count)
		return 1;
	/* Reversed windows fill from the end. */
	k = ps->oldest ? f->count - 1 - f->got : f->got;
	f->got++;
	r = &ps->win[k];
	r->id = p->id;
	r->feed_id = p->feed_id;
	r->sort_time = p->sort_time;
	r->read = p->read;
	r->date = ui_date(p->sort_time);
	r->author = text_safe(p->author != NULL ? p->author : "");
	r->title = text_safe(p->title != NULL && *p->title != '\0' ?
	    p->title : _(TEXT_UNTITLED));
	r->feed = ui_feed_name(p->feed_title, p->feed_url);
	r->feed_url = xstrdup(p->feed_url);
	r->link = p->link != NULL ? xstrdup(p->link) : NULL;
	if (p->ntags > 0) {
		buf_init(&b);
		for (i = 0; i < p->ntags; i++) {
			if (i > 0)
				buf_addc(&b, '\n');
			buf_adds(&b, p->tags[i]);
		}
		r->tags = text_safe(buf_str(&b));
		buf_free(&b);
	}
	return 0;
}

/* The highlight-article lines of the window's rows (ui_hl_rows()). */
static void
posts_hl(struct posts *ps)
{
	int64_t	*ids;
	int	*hl;
	size_t	 i;

	if (ps->wn == 0)
		return;
	ids = xreallocarray(NULL, ps->wn, sizeof *ids);
	hl = xreallocarray(NULL, ps->wn, sizeof *hl);
	for (i = 0; i < ps->wn; i++)
		ids[i] = ps->win[i].id;
	ui_hl_rows(CONFIG_HL_POSTS, ids, ps->wn, hl);
	for (i = 0; i < ps->wn; i++)
		ps->win[i].hl = hl[i];
	free(hl);
	free(ids);
}

/*
 * Mark row r read (or not) as the store has it now: a highlight-article
 * filter may ask for the read state, so the window's are asked again.
 */
static void
row_set_read(struct posts *ps, struct prow *r, int read)
{
	r->read = read;
	posts_hl(ps);
}

/* Read display rows [from, from + count) into the window. */
static void
window_load(struct posts *ps, int64_t from, int64_t count)
{
	struct db_post_query	 q = ps->q;
	struct fill		 f;
	size_t			 i;
	int64_t			 dbfrom;

	window_clear(ps);
	if (from < 0) {
		count += from;
		from = 0;
	}
	if (from + count > ps->l.n)
		count = ps->l.n - from;
	if (count <= 0)
		return;
	dbfrom = ps->oldest ? ps->l.n - from - count : from;
	q.offset = dbfrom;
	q.limit = count;
	/*
	 * Far from the top, read the page by the key of the row before it
	 * (db-query.c): OFFSET would read every post row it skips.
	 */
	if (dbfrom > WINDOW_MARGIN && q.search == NULL &&
	    db_posts_key_at(ui->db, &q, dbfrom - 1, &q.before_time,
	    &q.before_id) == 0)
		q.offset = 0;
	ps->win = xcalloc((size_t)count, sizeof *ps->win);
	f.ps = ps;
	f.count = (size_t)count;
	f.got = 0;
	if (db_posts_query(ui->db, &q, fill_row, &f) == -1)
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
	if (f.got < f.count) {
		/* Fewer rows than counted: the data changed in between. */
		if (ps->oldest) {
			memmove(ps->win, ps->win + (f.count - f.got),
			    f.got * sizeof *ps->win);
		}
		for (i = f.got; i < f.count; i++)
			memset(&ps->win[i], 0, sizeof *ps->win);
		ui->dirty = 1;
	}
	ps->wn = f.got;
	ps->woff = from;
	posts_hl(ps);
}

/* Display row i, reading a window around it if needed; NULL if none. */
static struct prow *
posts_row(struct posts *ps, int64_t i)
{
	if (i < 0 || i >= ps->l.n)
		return NULL;
	if (i < ps->woff || i >= ps->woff + (int64_t)ps->wn)
		window_load(ps, i - WINDOW_MARGIN, 2 * WINDOW_MARGIN +
		    (ps->l.rows > 0 ? ps->l.rows : 1));
	if (i < ps->woff || i >= ps->woff + (int64_t)ps->wn)
		return NULL;
	return &ps->win[i - ps->woff];
}

/* Make the window cover the screen, [top, top + rows). */
static void
posts_cover(struct posts *ps)
{
	int64_t	 end = ps->l.top + ps->l.rows;

	if (end > ps->l.n)
		end = ps->l.n;
	if (ps->l.top < ps->woff || end > ps->woff + (int64_t)ps->wn)
		window_load(ps, ps->l.top - WINDOW_MARGIN, 2 * WINDOW_MARGIN +
		    ps->l.rows);
}

static char *
posts_title(struct posts *ps)
{
	char	*t;

	if (ps->q.unread && !ps->all_unread)
		/* TRANSLATORS: a list's title and its count of unread posts. */
		xasprintf(&t, _("%s (%lld unread)"), ps->name,
		    (long long)ps->l.n);
	else
		xasprintf(&t, "%s (%lld)", ps->name, (long long)ps->l.n);
	return t;
}

/* Remember the post under the cursor as the user's choice. */
static void
posts_select(struct posts *ps)
{
	struct prow	*r;

	if ((r = posts_row(ps, ps->l.cur)) != NULL) {
		ps->sel_id = r->id;
		ps->sel_time = r->sort_time;
	} else
		ps->sel_id = ps->sel_time = 0;
}

/*
 * Count again and reread, keeping the cursor on the same post: its new
 * position is counted by its sort key (db_posts_position); a search, in
 * rank order, looks for it around where it was.  If the post left the
 * list (read, in an unread list), the cursor goes to the post that took
 * its place.  The screen keeps its offset to the cursor.
 */
static void
posts_reload_data(struct ui_view *v)
{
	struct posts	*ps = v->data;
	struct prow	*r;
	int64_t		 id = ps->sel_id, stime = ps->sel_time, i, n, pos;
	size_t		 k;

	ps->oldest = ui->cfg.sort == CONFIG_SORT_OLDEST && ps->q.search == NULL;
	window_clear(ps);
	if ((n = db_posts_count(ui->db, &ps->q)) == -1) {
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
		n = 0;
	}
	ps->l.n = n;
	if (id != 0 && n > 0 && ps->q.search == NULL &&
	    (pos = db_posts_position(ui->db, &ps->q, stime, id)) >= 0) {
		if (ps->oldest) {
			/*
			 * The pos newer rows come after it.  If it is gone,
			 * the first of them took its place.
			 */
			pos = n - 1 - pos;
			if ((r = posts_row(ps, pos)) == NULL || r->id != id)
				pos++;
		}
		ps->l.top += pos - ps->l.cur;
		ps->l.cur = pos;
	}
	ui_list_fix(&ps->l, ps->l.rows);
	/*
	 * Read the rows now and check: another write may have come between
	 * the count and this read.  Then look for the post around.
	 */
	if (id != 0 && n > 0 && ((r = posts_row(ps, ps->l.cur)) == NULL ||
	    r->id != id)) {
		window_load(ps, ps->l.cur - WINDOW_MARGIN - ps->l.rows,
		    2 * (WINDOW_MARGIN + ps->l.rows));
		for (k = 0; k < ps->wn; k++) {
			if (ps->win[k].id == id) {
				i = ps->woff + (int64_t)k;
				ps->l.top += i - ps->l.cur;
				ps->l.cur = i;
				break;
			}
		}
		ui_list_fix(&ps->l, ps->l.rows);
	}
	/*
	 * If the post left the list, the one in its place is selected; for
	 * the article above, that one is still to be read.  Back in the list,
	 * the cursor is where the user sees it.
	 */
	r = posts_row(ps, ps->l.cur);
	if (ui->top != v)
		ps->left |= id != 0 && (r == NULL || r->id != id);
	else
		ps->left = 0;
	posts_select(ps);
	free(v->title);
	v->title = posts_title(ps);
	ui->dirty = 1;
}

/*
 * The widths of the author's and the feed's columns in cols (0: none).  A
 * list of several feeds (all unread posts, a tag's, a view's, a search of
 * every feed) names each post's feed, so that two posts of one title are
 * told apart: the feed's column comes before the author's as the window
 * narrows.  A feed's own list needs no feed column.
 */
static void
posts_columns(const struct posts *ps, int cols, int *aw, int *fw)
{
	*aw = cols >= 80 ? 16 : 0;
	*fw = 0;
	if (ps->q.feed_id != 0)
		return;
	if (cols >= 110)
		*fw = 20;
	else if (cols >= 80) {
		*fw = 16;
		*aw = 12;
	} else if (cols >= 50)
		*fw = 12;
}

/* A post's row, for the fields of articlelist-format. */
struct post_fields {
	const struct posts	*ps;
	const struct prow	*r;
	char			 index[24];
	char			 flags[16];	/* the unread mark is a message */
	char			*tags;		/* heap, joined by commas */
};

/* The value of field spec (LISTFMT_POSTS) of a post's row; borrowed. */
static const char *
post_field(int spec, void *arg)
{
	struct post_fields	*pf = arg;

	switch (spec) {
	case 'i':
		return pf->index;
	case 'f':
		return pf->flags;
	case 'n':
		return pf->r->read ? " " : _("N");
	case 't':
		return pf->r->title;
	case 'T':
		/* As newsboat's: only where the list has several feeds. */
		return pf->ps->q.feed_id == 0 ? pf->r->feed : "";
	case 'a':
		return pf->r->author;
	case 'D':
		return pf->r->date;
	case 'F':
		return pf->tags;
	}
	return NULL;
}

/*
 * Draw row i (r) of the list by articlelist-format (f): %f is newsboat's
 * two flags, the unread mark and '!' for a post with tags (majlis's
 * flags), %F the tags.
 */
static void
posts_draw_format(const struct posts *ps, const struct listfmt *f,
    const struct prow *r, int64_t i, int y, int cols, int attr)
{
	struct post_fields	 pf;
	struct listfmt_cell	*c;
	struct buf		 b;
	const char		*t;
	size_t			 n;

	pf.ps = ps;
	pf.r = r;
	snprintf(pf.index, sizeof pf.index, "%lld", (long long)i + 1);
	snprintf(pf.flags, sizeof pf.flags, "%s%s", r->read ? " " : _("N"),
	    r->tags != NULL ? "!" : " ");
	buf_init(&b);
	for (t = r->tags; t != NULL && *t != '\0'; t += n) {
		n = strcspn(t, "\n");
		if (b.len > 0)
			buf_adds(&b, i18n_comma());
		buf_add(&b, t, n);
		if (t[n] == '\n')
			n++;
	}
	buf_str(&b);
	pf.tags = buf_take(&b);
	c = listfmt_layout(f, cols, post_field, &pf, &n);
	ui_put_cells(y, c, n, attr, CONFIG_HL_ARTICLELIST, ps->hl);
	listfmt_cells_free(c, n);
	free(pf.tags);
}

static void
posts_draw(struct ui_view *v, int rows, int cols)
{
	struct posts	*ps = v->data;
	struct prow	*r;
	struct listfmt	*fmt;
	char		*err = NULL;
	int64_t		 i;
	int		 y, x, end, dw, aw, fw, attr, focus;

	ui_list_fix(&ps->l, rows);
	posts_cover(ps);
	dw = text_width(ps->wn > 0 ? ps->win[0].date : "2000-01-01");
	if (dw > cols / 3)
		dw = cols / 3;
	posts_columns(ps, cols, &aw, &fw);
	/* Checked as the config was read: NULL is majlis's own layout. */
	fmt = ui->cfg.articlelist_format == NULL ? NULL :
	    listfmt_parse(ui->cfg.articlelist_format, "articlelist-format",
	    LISTFMT_POSTS, &err);
	for (i = ps->l.top; i < ps->l.n && i < ps->l.top + rows; i++) {
		y = 1 + (int)(i - ps->l.top);
		focus = i == ps->l.cur;
		if ((r = posts_row(ps, i)) == NULL || r->title == NULL)
			continue;
		attr = ui_attr(r->read ? EL_LISTNORMAL : EL_LISTNORMAL_UNREAD,
		    focus);
		/* A highlight-article line's look; the cursor's keeps its. */
		if (r->hl > 0 && !focus)
			attr = ui_hl_attr((size_t)r->hl - 1);
		ui_put(y, 0, cols, "", attr);
		if (fmt != NULL) {
			posts_draw_format(ps, fmt, r, i, y, cols, attr);
			continue;
		}
		/*
		 * TRANSLATORS: the mark of an unread post in a list, one
		 * column wide (newsboat's "N", for new).
		 */
		ui_put(y, 0, 2, r->read ? "" : _("N"), attr);
		/*
		 * Date, author and feed after the mark, or in a mirrored
		 * layout at the far (left) end, so that the title follows the
		 * mark there.
		 */
		x = 2;
		end = cols;
		if (ui->rtl) {
			end -= dw + 1;
			ui_put(y, end + 1, dw, r->date, focus ? attr :
			    ui_attr(EL_DATE, 0));
			if (aw > 0) {
				end -= aw + 1;
				ui_put_bidi(y, end + 1, aw, r->author, attr);
			}
			if (fw > 0) {
				end -= fw + 1;
				ui_put_bidi(y, end + 1, fw, r->feed, attr);
			}
		} else {
			ui_put(y, x, dw, r->date, focus ? attr :
			    ui_attr(EL_DATE, 0));
			x += dw + 1;
			if (aw > 0) {
				ui_put_bidi(y, x, aw, r->author, attr);
				x += aw + 1;
			}
			if (fw > 0) {
				ui_put_hl(y, x, fw, r->feed, attr,
				    CONFIG_HL_ARTICLELIST, NULL);
				x += fw + 1;
			}
		}
		ui_put_title_tags(y, x, end - x, r->title, cols >= 60 ?
		    r->tags : NULL, 1, attr, focus ? attr : ui_attr(EL_TAG, 0),
		    CONFIG_HL_ARTICLELIST, ps->hl);
	}
	listfmt_free(fmt);
	free(err);
	if (ps->l.n == 0 && rows > 2)
		ui_put_own(2, 2, cols - 2, ps->q.search != NULL ?
		    _("No post matches.") : _("No posts here."),
		    ui_attr(EL_HINT, 0));
}

/*
 * Move the cursor to the next (dir 1) or previous (-1) post, unread only
 * if unread, in this list, and return its id; 0 (cursor unchanged) if
 * there is none.
 */
static int64_t
posts_step_list(struct posts *ps, int dir, int unread)
{
	struct prow	*r;
	int64_t		 i;

	i = ps->l.cur + dir;
	if (ps->left && dir > 0)
		i = ps->l.cur;
	for (; i >= 0 && i < ps->l.n; i += dir) {
		if ((r = posts_row(ps, i)) == NULL)
			break;
		if (!unread || !r->read) {
			ps->left = 0;
			ps->l.cur = i;
			ui_list_fix(&ps->l, ps->l.rows);
			posts_select(ps);
			ui->dirty = 1;
			return r->id;
		}
	}
	return 0;
}

static void	 posts_first_unread(struct posts *);
/* The post id the cursor is on, 0 if none; *rp gets its row. */
static int64_t	 posts_current(struct posts *, struct prow **);

/*
 * A feed's own list (not a search, nor through a filter) opened from the
 * feed list goes on to the next (dir 1) or the previous (-1) feed with
 * unread posts there, in place: the feed list's cursor moves to it (its
 * step operation) and this list becomes that feed's, its cursor where at
 * says: on the first unread post (1), the last (-1), or where a list
 * opens (0, goto-first-unread).  Returns the post under the cursor, 0 if
 * there is no such feed (nothing changed).
 */
static int64_t
posts_next_feed(struct ui_view *v, int dir, int at)
{
	struct posts	*ps = v->data;
	struct ui_view	*fl = v->below;
	struct db_feed	*f;
	int64_t		 feed;

	if (ps->q.feed_id == 0 || ps->q.search != NULL ||
	    ps->q.filter != NULL || fl == NULL || fl->mode->step == NULL ||
	    strcmp(fl->mode->name, "feeds") != 0)
		return 0;
	if ((feed = fl->mode->step(fl, dir, 1)) == 0 ||
	    (f = db_feed_get(ui->db, feed)) == NULL)
		return 0;
	ps->q.feed_id = feed;
	free(ps->name);
	ps->name = ui_feed_name(f->title, f->url);
	db_feed_free(f);
	ps->l.cur = ps->l.top = 0;
	ps->sel_id = ps->sel_time = 0;
	ps->left = 0;
	posts_reload_data(v);
	if (at > 0 || (at == 0 && ui->cfg.goto_first_unread))
		posts_first_unread(ps);
	else if (at < 0) {
		ps->l.cur = ps->l.n;
		posts_step_list(ps, -1, 1);
	}
	return posts_current(ps, NULL);
}

/*
 * The view's step operation (the article view's n/p/J/K): posts_step_list(),
 * and for an unread post past the end of a feed's list, with
 * goto-next-feed, the first (or the last) unread post of the next (or
 * the previous) feed with unread posts (posts_next_feed()).
 */
static int64_t
posts_step(struct ui_view *v, int dir, int unread)
{
	int64_t	 id;

	if ((id = posts_step_list(v->data, dir, unread)) != 0 || !unread ||
	    !ui->cfg.goto_next_feed)
		return id;
	return posts_next_feed(v, dir, dir);
}

static int64_t
posts_current(struct posts *ps, struct prow **rp)
{
	struct prow	*r;

	r = posts_row(ps, ps->l.cur);
	if (rp != NULL)
		*rp = r;
	return r != NULL ? r->id : 0;
}

/*
 * Open the article under the cursor, marking it read.  The article view
 * steps through this list (posts_mode.step), so it gets the view.
 */
static void
posts_open(struct ui_view *v)
{
	struct posts	*ps = v->data;
	struct prow	*r;
	int64_t		 id;

	if ((id = posts_current(ps, &r)) == 0)
		return;
	if (!r->read && db_post_mark(ui->db, id, 1) != -1)
		row_set_read(ps, r, 1);
	ui_article_open(id, v, ps->q.search);
}

/*
 * o: open the link of the post under the cursor (r) in the browser and,
 * once it started, mark the post read, as opening it does.  With and_next
 * (open-in-browser-and-mark-read, as newsboat's) the cursor then goes to
 * the next post, or with openbrowser-and-mark-jumps-to-next-unread to the
 * next unread one, on into the next feed as n does.
 */
static void
posts_browse(struct ui_view *v, struct prow *r, int and_next)
{
	struct posts	*ps = v->data;

	if (r == NULL || ui_browse(r->link) == -1)
		return;
	if (!r->read && db_post_mark(ui->db, r->id, 1) != -1)
		row_set_read(ps, r, 1);
	if (!and_next)
		return;
	if (ui->cfg.open_mark_next)
		posts_step(v, 1, 1);
	else if (ui_list_action(&ps->l, UA_DOWN))
		posts_select(ps);
}

static void
posts_mark_all(struct posts *ps)
{
	ui_mark_read(&ps->q);
}

/* Is q a list of some posts only: a feed's, a tag's, a view's? */
static int
posts_scoped(const struct db_post_query *q)
{
	return q->feed_id != 0 || q->tag != NULL || q->filter != NULL;
}

/* A search list's name: "Search: WORDS", or "SCOPE | Search: WORDS". */
static void
posts_search_name(struct posts *ps)
{
	free(ps->name);
	if (ps->scope != NULL)
		xasprintf(&ps->name, _("%s | Search: %s"), ps->scope,
		    ps->search != NULL ? ps->search : "");
	else
		xasprintf(&ps->name, _("Search: %s"), ps->search != NULL ?
		    ps->search : "");
}

/*
 * search-all: a search in a feed, tag or view becomes the same search in
 * every feed, in this view (back still goes to the list it was started
 * from), the cursor at the first match.
 */
static void
posts_widen(struct ui_view *v)
{
	struct posts	*ps = v->data;

	if (ps->scope == NULL) {
		ui_status(0, "%s", _("this search is in every feed already"));
		return;
	}
	ps->q.feed_id = 0;
	ps->q.tag = ps->q.filter = NULL;
	free(ps->tag);
	free(ps->filter);
	free(ps->scope);
	ps->tag = ps->filter = ps->scope = NULL;
	posts_search_name(ps);
	ps->l.cur = ps->l.top = 0;
	ps->sel_id = ps->sel_time = 0;
	posts_reload_data(v);
}

static int
posts_action(struct ui_view *v, enum ui_action a)
{
	struct posts		*ps = v->data;
	struct prow		*r;
	struct db_feed		*f;
	int64_t			 id;

	id = posts_current(ps, &r);
	switch (a) {
	case UA_OPEN:
		posts_open(v);
		return 1;
	case UA_NEXT_UNREAD:
	case UA_PREV_UNREAD:
		if (posts_step(v, a == UA_NEXT_UNREAD ? 1 : -1, 1) == 0)
			ui_status(0, a == UA_NEXT_UNREAD ?
			    _("no more unread posts below") :
			    _("no more unread posts above"));
		return 1;
	case UA_NEXT_FEED:
	case UA_PREV_FEED:
		/* In a feed's own list; elsewhere they do nothing. */
		if (ps->q.feed_id == 0 || ps->q.search != NULL ||
		    ps->q.filter != NULL)
			return 0;
		if (posts_next_feed(v, a == UA_NEXT_FEED ? 1 : -1, 0) == 0)
			ui_status(0, a == UA_NEXT_FEED ?
			    _("no later feed with unread posts") :
			    _("no earlier feed with unread posts"));
		return 1;
	case UA_TOGGLE_READ:
		if (r == NULL)
			return 1;
		if (db_post_mark(ui->db, id, !r->read) == -1)
			ui_status(1, _("database: %s"), db_errmsg(ui->db));
		else {
			row_set_read(ps, r, !r->read);
			ui_undo_mark(&id, 1, r->read);
		}
		ui->dirty = 1;
		return 1;
	case UA_MARK_ALL_READ:
		posts_mark_all(ps);
		return 1;
	case UA_TAG:
		if (id != 0)
			ui_edit_tags(id, 0);
		return 1;
	case UA_BROWSE:
	case UA_BROWSE_MARK:
		posts_browse(v, r, a == UA_BROWSE_MARK);
		return 1;
	case UA_LINKS:
		if (id != 0) {
			ui_article_open(id, v, ps->q.search);
			if (ui->top != v)
				ui->top->mode->action(ui->top, UA_LINKS);
		}
		return 1;
	case UA_RELOAD:
		/* The list's feed, else the feed of the post under the cursor. */
		if (ps->q.feed_id != 0 &&
		    (f = db_feed_get(ui->db, ps->q.feed_id)) != NULL) {
			ui_fetch_start(f->url);
			db_feed_free(f);
		} else if (r != NULL)
			ui_fetch_start(r->feed_url);
		return 1;
	case UA_SEARCH:
		ui_search(&ps->q, ps->q.search != NULL ? ps->scope : ps->name);
		return 1;
	case UA_SEARCH_ALL:
		if (ps->search == NULL)
			return 0;
		posts_widen(v);
		return 1;
	case UA_FILTER:
		ui_filter_open(&ps->q, ps->name);
		return 1;
	case UA_TOGGLE_SHOW_READ:
		if (ps->all_unread)
			return 1;
		ps->q.unread = !ps->q.unread;
		ui_status(0, ps->q.unread ? _("hiding read posts") :
		    _("showing read posts"));
		posts_reload_data(v);
		return 1;
	default:
		if (!ui_list_action(&ps->l, a))
			return 0;
		posts_select(ps);
		return 1;
	}
}

static void
posts_click(struct ui_view *v, int row)
{
	struct posts	*ps = v->data;

	if (ps->l.top + row < ps->l.n)
		ps->l.cur = ps->l.top + row;
	ui_list_fix(&ps->l, ps->l.rows);
	posts_select(ps);
}

static void
posts_free(struct ui_view *v)
{
	struct posts	*ps = v->data;

	window_clear(ps);
	free(ps->tag);
	free(ps->filter);
	free(ps->search);
	free(ps->name);
	free(ps->scope);
	search_hl_free(ps->hl);
	free(ps);
}

static struct ui_list *
posts_list(struct ui_view *v)
{
	struct posts	*ps = v->data;

	return &ps->l;
}

static const struct ui_mode posts_mode = {
	.name = "posts",
	.draw = posts_draw,
	.action = posts_action,
	.reload = posts_reload_data,
	.click = posts_click,
	.step = posts_step,
	.list = posts_list,
	.free = posts_free,
};

/*
 * Open a post list for q (copied: its strings stay the caller's).  name is
 * what the title bar calls the list, made safe here; NULL for a search,
 * named after its words and scope, the name of the list q searches in
 * (NULL: every feed).
 */
/*
 * The cursor on the list's first unread post (goto-first-unread, as in
 * newsboat): found in the index, where it is in the list and which it is,
 * without walking the rows before it.  A search is in rank order, and an
 * unread list starts on one: both are left as they are.
 */
static void
posts_first_unread(struct posts *ps)
{
	struct db_post_query	 q = ps->q;
	int64_t			 t, id, at;

	if (ps->q.search != NULL || ps->q.unread)
		return;
	q.unread = 1;
	if (db_posts_key_at(ui->db, &q, 0, &t, &id) != 0 ||
	    (at = db_posts_position(ui->db, &ps->q, t, id)) <= 0)
		return;
	ps->l.cur = at;
	ui_list_fix(&ps->l, ps->l.rows);
	posts_select(ps);
}

static void
posts_push(const struct db_post_query *q, const char *name,
    const char *scope)
{
	struct posts	*ps;
	struct ui_view	*v;

	ps = xcalloc(1, sizeof *ps);
	ps->q = *q;
	ps->q.limit = ps->q.offset = 0;
	ps->q.before_time = ps->q.before_id = 0;
	if (q->tag != NULL)
		ps->q.tag = ps->tag = xstrdup(q->tag);
	if (q->search != NULL) {
		ps->q.search = ps->search = xstrdup(q->search);
		ps->hl = search_hl_new(q->search);
	}
	if (q->filter != NULL)
		ps->q.filter = ps->filter = xstrdup(q->filter);
	ps->all_unread = q->unread && q->feed_id == 0 && q->tag == NULL &&
	    q->search == NULL && q->feed_url == NULL && q->filter == NULL;
	if (scope != NULL)
		ps->scope = text_safe(scope);
	if (name != NULL)
		ps->name = text_safe(name);
	else
		posts_search_name(ps);
	/* The window needs the screen's height before the first draw. */
	ps->l.rows = LINES > 2 ? LINES - 2 : 1;
	v = ui_push(&posts_mode, ps, NULL);
	posts_reload_data(v);
	if (ui->cfg.goto_first_unread)
		posts_first_unread(ps);
}

/*
 * Open a post list for q (copied: its strings stay the caller's).  name is
 * what the title bar calls the list, made safe here; NULL for a search
 * ("Search: WORDS").
 */
void
ui_posts_open(const struct db_post_query *q, const char *name)
{
	posts_push(q, name, NULL);
}

/*
 * The search prompt (/).  From a list of a feed, a tag or a view (scope,
 * named name), the search is in that list, read posts too, and the status
 * line says how to widen it; from the feed list (scope NULL) or a list of
 * every feed, in every feed.  Opens the matches (ui_search_prompt() said
 * what is wrong with a malformed search).
 */
void
ui_search(const struct db_post_query *scope, const char *name)
{
	struct db_post_query	 q;
	char			*s, *keys;

	if ((s = ui_search_prompt(_("Search: "))) == NULL || *s == '\0') {
		free(s);
		return;
	}
	memset(&q, 0, sizeof q);
	q.search = s;
	if (scope == NULL || !posts_scoped(scope)) {
		posts_push(&q, NULL, NULL);
		free(s);
		return;
	}
	q.feed_id = scope->feed_id;
	q.tag = scope->tag;
	q.filter = scope->filter;
	posts_push(&q, NULL, name != NULL ? name : "");
	keys = ui_action_keys(&ui->cfg, UA_SEARCH_ALL);
	if (*keys != '\0')
		/* TRANSLATORS: %s is the key of search-all ("a"). */
		ui_status(0, _("%s: the same search in every feed"), keys);
	free(keys);
	free(s);
}

/*
 * F: ask for a filter (filter.c) and open q's posts through it
 * (ui_filter_posts()); name is q's list.
 */
void
ui_filter_open(const struct db_post_query *q, const char *name)
{
	char	*s;

	if ((s = ui_prompt(_("Filter: "), "", NULL, 0)) != NULL && *s != '\0')
		ui_filter_posts(q, name, s);
	free(s);
}

/*
 * Open q's posts through the filter s, and through q's own filter if it
 * has one; name is q's list.  A filter that does not compile is reported
 * with its column on the status line.
 */
void
ui_filter_posts(const struct db_post_query *q, const char *name,
    const char *s)
{
	struct db_post_query	 fq = *q;
	struct filter		*f;
	char			*err, *expr, *title, *marked;

	if ((f = filter_compile(s, time(NULL), &err, NULL)) == NULL) {
		ui_status(1, _("filter: %s"), err);
		free(err);
		return;
	}
	filter_free(f);
	if (q->filter != NULL)
		xasprintf(&expr, "(%s) and (%s)", q->filter, s);
	else
		expr = xstrdup(s);
	fq.filter = expr;
	/* The expression as typed, whatever the title's direction. */
	marked = bidi_mark(s);
	xasprintf(&title, "%s | %s", name != NULL ? name : "", marked);
	free(marked);
	ui_posts_open(&fq, title);
	free(title);
	free(expr);
}
