/*
 * The feed list, the reader's first view.
 *
 * Its rows are, in order: the virtual "All unread", one row per tag that
 * posts carry (with the number of tagged posts), then the subscribed
 * feeds with unread/total, their tags, and a '!' when the last fetch
 * failed (the error is on the status line while the cursor is on it).
 * T filters the feeds by tag (feed tags), keeping of the rows above them
 * only the tag's own; F by a filter of feeds (newsboat's, with a feed's
 * attributes: unread_count > 0), or, if what is typed speaks of posts,
 * opens the row's posts through it; ^T shows them all again.
 *
 * Who is active: each feed has its last twelve weeks of posts as a
 * sparkline (ASCII when the locale is not UTF-8), and its state as a mark
 * in the first column: '!' failing, '~' quiet (nothing for quiet-days),
 * '-' left its member list, 'x' disabled; a left or disabled feed's title
 * is dimmed.  sort-feeds (O) orders the feeds as added, by newest post, or
 * longest silent first.  The activity is one more pair of grouped queries
 * over the posts' feed/time index (db_activity_get()).
 *
 * The whole list is held in memory: it is one row per feed and tag (a
 * thousand feeds are a few hundred kilobytes), loaded with one query for
 * the feeds and their counts (db_feeds_foreach aggregates the posts once,
 * never one query per feed) and one for the tags.  The posts themselves
 * are never loaded here.  A reload keeps the cursor on the row it was on,
 * found again by kind and id.
 */
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

enum frow_kind { FROW_ALL, FROW_VIEW, FROW_TAG, FROW_FEED };

struct frow {
	enum frow_kind	 kind;
	int64_t		 id;		/* feed id */
	char		*name;		/* view or tag name, or feed URL */
	const char	*expr;		/* a view's filter (the config's) */
	char		*title;		/* safe, for display */
	char		*tags;		/* safe, joined by "\n"; NULL: none */
	char		*error;		/* safe; NULL: last fetch went well */
	char		*site;		/* the feed's own link */
	char		**tagv;		/* the feed's tags, for the filter */
	size_t		 ntagv;
	int64_t		 unread;
	int64_t		 total;
	enum feed_state	 state;
	int64_t		 last_post;	/* DATE_NONE: no post */
	int64_t		 weekly[DB_WEEKS];
	int		 hl;		/* 1 + its highlight-feed line; 0 */
};

/* The orders of the feeds, in the order sort-feeds cycles through them. */
enum feeds_sort { SORT_ADDED, SORT_NEWEST, SORT_SILENT, SORT__COUNT };
static const char *const sort_names[] = {
	N_("feeds as added"), N_("feeds newest post first"),
	N_("feeds longest silent first")
};

struct feeds {
	struct ui_list	 l;
	struct frow	*rows;
	size_t		 cap;
	char		*filter;	/* feed tag to show, NULL: all */
	char		*expr;		/* a filter of feeds (F), NULL: none */
	int		 showing_error;	/* the status line is our error */
	/*
	 * The feed the cursor was on left the list at a reload (read, with
	 * read feeds hidden): lost_at is the row that took its place, so
	 * that stepping from it does not skip that row (feeds_find()).
	 * A move of the cursor clears it.
	 */
	int		 lost;
	int64_t		 lost_at;
	enum feeds_sort	 sort;
	/* during feeds_load() only */
	struct db_activity *act;
	size_t		 nact;
	int64_t		 now;
};

static struct frow *
row_new(struct feeds *fs)
{
	if ((size_t)fs->l.n == fs->cap) {
		fs->cap = fs->cap == 0 ? 64 : fs->cap * 2;
		fs->rows = xreallocarray(fs->rows, fs->cap, sizeof *fs->rows);
	}
	memset(&fs->rows[fs->l.n], 0, sizeof *fs->rows);
	return &fs->rows[fs->l.n++];
}

static void
rows_clear(struct feeds *fs)
{
	struct frow	*r;
	int64_t		 i;

	for (i = 0; i < fs->l.n; i++) {
		r = &fs->rows[i];
		free(r->name);
		free(r->title);
		free(r->tags);
		free(r->error);
		free(r->site);
		strv_free(r->tagv, r->ntagv);
	}
	fs->l.n = 0;
}

static int
add_tag(const char *name, int64_t nposts, int64_t nfeeds, void *arg)
{
	struct feeds	*fs = arg;
	struct frow	*r;
	char		*safe;

	/* Filtered by a tag, the list keeps that tag's row only. */
	if (nposts == 0 ||
	    (fs->filter != NULL && strcmp(name, fs->filter) != 0))
		return 0;
	r = row_new(fs);
	r->kind = FROW_TAG;
	r->name = xstrdup(name);
	safe = text_safe(name);
	/* Both kinds in the count: say that feeds carry it too. */
	if (nfeeds > 0)
		xasprintf(&r->title, ngettext("tag: %s (%lld feed)",
		    "tag: %s (%lld feeds)", (unsigned long)nfeeds), safe,
		    (long long)nfeeds);
	else
		xasprintf(&r->title, _("tag: %s"), safe);
	free(safe);
	r->total = nposts;
	r->unread = -1;
	return 0;
}

static int
add_feed(const struct db_feed *f, void *arg)
{
	struct feeds			*fs = arg;
	const struct db_activity	*a;
	struct frow			*r;
	char				*shown;
	struct buf	 b;
	size_t		 i;

	if (fs->filter != NULL) {
		for (i = 0; i < f->ntags; i++) {
			if (strcmp(f->tags[i], fs->filter) == 0)
				break;
		}
		if (i == f->ntags)
			return 0;
	}
	/* s hides what is read: in the feed list, the feeds all read. */
	if (!ui->cfg.show_read && f->unread == 0)
		return 0;
	r = row_new(fs);
	r->kind = FROW_FEED;
	r->id = f->id;
	r->name = xstrdup(f->url);
	r->title = ui_feed_name(f->title, f->url);
	r->site = f->site != NULL ? xstrdup(f->site) : NULL;
	if (f->error != NULL) {
		/* "moved to URL": no credentials on the status line. */
		shown = url_mask_text(f->error);
		r->error = text_safe(shown);
		free(shown);
	}
	r->unread = f->unread;
	r->total = f->total;
	a = db_activity_find(fs->act, fs->nact, f->id);
	r->state = feed_state(f, a, fs->now, ui->cfg.quiet_days);
	r->last_post = a != NULL ? a->last_post : DATE_NONE;
	if (a != NULL)
		memcpy(r->weekly, a->weekly, sizeof r->weekly);
	if (f->ntags > 0) {
		buf_init(&b);
		r->tagv = xreallocarray(NULL, f->ntags, sizeof *r->tagv);
		for (i = 0; i < f->ntags; i++) {
			r->tagv[i] = xstrdup(f->tags[i]);
			if (i > 0)
				buf_addc(&b, '\n');
			buf_adds(&b, f->tags[i]);
		}
		r->ntagv = f->ntags;
		r->tags = text_safe(buf_str(&b));
		buf_free(&b);
	}
	return 0;
}

/* Is the cursor's row the same row as (kind, id, name)? */
static int
row_is(const struct frow *r, enum frow_kind kind, int64_t id,
    const char *name)
{
	if (r->kind != kind)
		return 0;
	if (kind == FROW_FEED)
		return r->id == id;
	if (kind == FROW_TAG || kind == FROW_VIEW)
		return name != NULL && strcmp(r->name, name) == 0;
	return 1;
}

/*
 * The feeds' order: newest post first puts feeds without posts last,
 * longest silent first puts them first; ties keep the order they were
 * added in.
 */
static enum feeds_sort	 sort_order;

static int
row_cmp(const void *va, const void *vb)
{
	const struct frow	*a = va, *b = vb;
	int64_t			 x = a->last_post, y = b->last_post;

	if (sort_order != SORT_ADDED && x != y) {
		if (sort_order == SORT_NEWEST)
			return x > y ? -1 : 1;
		return x < y ? -1 : 1;
	}
	return a->id < b->id ? -1 : a->id > b->id;
}

static void
feeds_sort_rows(struct feeds *fs)
{
	int64_t	 i;

	for (i = 0; i < fs->l.n && fs->rows[i].kind != FROW_FEED; i++)
		continue;
	sort_order = fs->sort;
	if (fs->l.n - i > 1)
		qsort(fs->rows + i, (size_t)(fs->l.n - i), sizeof *fs->rows,
		    row_cmp);
}

/* Say why the feed under the cursor failed, or clear what we said. */
static void
feeds_error_status(struct feeds *fs)
{
	struct frow	*r;

	r = fs->l.n > 0 ? &fs->rows[fs->l.cur] : NULL;
	if (r != NULL && r->error != NULL) {
		ui_status(1, "! %s", r->error);
		fs->showing_error = 1;
	} else if (fs->showing_error) {
		ui_status(0, NULL);
		fs->showing_error = 0;
	}
}

/*
 * The saved views (config view lines), with live counts: two counts of a
 * filtered list each, as a tag row's would be.  A view whose filter
 * fails (it was checked when the config was read) shows no counts.
 */
static void
add_views(struct feeds *fs)
{
	struct db_post_query	 q;
	struct frow		*r;
	char			*safe;
	size_t			 i;

	for (i = 0; i < ui->cfg.nviews; i++) {
		r = row_new(fs);
		r->kind = FROW_VIEW;
		r->name = xstrdup(ui->cfg.views[i].what);
		r->expr = ui->cfg.views[i].expr;
		safe = text_safe(r->name);
		xasprintf(&r->title, _("view: %s"), safe);
		free(safe);
		memset(&q, 0, sizeof q);
		q.filter = r->expr;
		r->total = db_posts_count(ui->db, &q);
		q.unread = 1;
		r->unread = db_posts_count(ui->db, &q);
		if (r->total < 0 || r->unread < 0)
			r->total = r->unread = 0;
	}
}

/* (Re)load every row, keeping the cursor on the row it was on. */
/*
 * The highlight-feed lines of the feed rows (ui_hl_rows()), as the list
 * is read: one query a line for the whole list.
 */
static void
feeds_hl(struct feeds *fs)
{
	int64_t	*ids;
	int	*hl;
	int64_t	 i;

	if (fs->l.n == 0)
		return;
	ids = xreallocarray(NULL, (size_t)fs->l.n, sizeof *ids);
	hl = xreallocarray(NULL, (size_t)fs->l.n, sizeof *hl);
	/* A tag's or a view's row is no feed: -1, which no feed's id is. */
	for (i = 0; i < fs->l.n; i++)
		ids[i] = fs->rows[i].kind == FROW_FEED ? fs->rows[i].id : -1;
	ui_hl_rows(CONFIG_HL_FEEDS, ids, (size_t)fs->l.n, hl);
	for (i = 0; i < fs->l.n; i++)
		fs->rows[i].hl = hl[i];
	free(hl);
	free(ids);
}

static void
feeds_load(struct feeds *fs)
{
	struct frow	*r, *all;
	enum frow_kind	 kind = FROW_ALL;
	int64_t		 id = 0, i, unread = 0, old_cur = fs->l.cur;
	char		*name = NULL;

	if (fs->l.n > 0) {
		r = &fs->rows[fs->l.cur];
		kind = r->kind;
		id = r->id;
		name = r->name != NULL ? xstrdup(r->name) : NULL;
	}
	rows_clear(fs);
	/*
	 * All unread and the views are of every feed: a list filtered by a
	 * tag (T) leaves them out, as it leaves the other tags' rows.
	 */
	if (fs->filter == NULL) {
		all = row_new(fs);
		all->kind = FROW_ALL;
		all->title = xstrdup(_("All unread"));
		add_views(fs);
	}
	fs->now = (int64_t)time(NULL);
	if (db_activity_get(ui->db, fs->now, &fs->act, &fs->nact) == -1 ||
	    db_tags_foreach(ui->db, add_tag, fs) == -1 ||
	    db_feeds_filter(ui->db, DB_FEEDS_COUNTS | DB_FEEDS_TAGS,
	    fs->expr, add_feed, fs) == -1)
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
	db_activity_free(fs->act, fs->nact);
	fs->act = NULL;
	fs->nact = 0;
	feeds_sort_rows(fs);
	for (i = 0; i < fs->l.n; i++) {
		if (fs->rows[i].kind == FROW_FEED)
			unread += fs->rows[i].unread;
	}
	if (fs->l.n > 0 && fs->rows[0].kind == FROW_ALL)
		fs->rows[0].unread = fs->rows[0].total = unread;
	feeds_hl(fs);

	fs->l.cur = old_cur < fs->l.n ? old_cur : fs->l.n - 1;
	for (i = 0; i < fs->l.n; i++) {
		if (row_is(&fs->rows[i], kind, id, name)) {
			fs->l.cur = i;
			break;
		}
	}
	if (i == fs->l.n && kind == FROW_FEED) {
		fs->lost = 1;
		fs->lost_at = old_cur;
	}
	free(name);
	ui_list_fix(&fs->l, fs->l.rows);
	ui->dirty = 1;
}

static char *
feeds_title(struct feeds *fs)
{
	char	*t, *safe, *marked;
	int64_t	 i, n = 0;

	for (i = 0; i < fs->l.n; i++)
		n += fs->rows[i].kind == FROW_FEED;
	if (fs->filter == NULL)
		xasprintf(&t, ui->cfg.show_read ? _("Feeds (%lld)") :
		    _("Feeds with unread posts (%lld)"), (long long)n);
	else {
		safe = text_safe(fs->filter);
		xasprintf(&t, ui->cfg.show_read ? _("Feeds tagged %s (%lld)") :
		    _("Feeds tagged %s with unread posts (%lld)"), safe,
		    (long long)n);
		free(safe);
	}
	if (fs->expr != NULL) {
		/* The expression as typed, as a list of posts shows it. */
		marked = bidi_mark(fs->expr);
		safe = t;
		xasprintf(&t, "%s | %s", safe, marked);
		free(safe);
		free(marked);
	}
	return t;
}

/*
 * The twelve weeks as a sparkline of width DB_WEEKS into s (at least
 * 3 * DB_WEEKS + 1 bytes): each week's bar scaled to the feed's
 * busiest week, a week without posts blank.
 */
static void
sparkline(const int64_t *weekly, int utf8, char *s)
{
	static const char *const bars[] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	static const char ascii[] = "_.-:=+*#";
	int64_t	 max = 0;
	int	 i, lvl;

	for (i = 0; i < DB_WEEKS; i++) {
		if (weekly[i] > max)
			max = weekly[i];
	}
	*s = '\0';
	for (i = 0; i < DB_WEEKS; i++) {
		if (weekly[i] == 0) {
			strcat(s, " ");
			continue;
		}
		lvl = (int)((weekly[i] * 8 - 1) / max);
		if (utf8)
			strcat(s, bars[lvl]);
		else
			strncat(s, &ascii[lvl], 1);
	}
}

/* The mark in the first column for a feed's state, and its look. */
static const char *
state_mark(enum feed_state st, int *el)
{
	*el = EL_HINT;
	switch (st) {
	case FEED_FAILING:
		*el = EL_ERROR;
		return "!";
	case FEED_QUIET:
		return "~";
	case FEED_LEFT:
		return "-";
	case FEED_DISABLED:
		return "x";
	default:
		return "";
	}
}

/* A row of the feed list, for the fields of feedlist-format. */
struct feed_fields {
	const struct frow	*r;
	char			 index[24];
	char			 counts[48];
	char			 unread[24];
	char			 total[24];
	char			*tag;		/* heap: the first tag */
	char			*site;		/* heap, masked and safe */
	char			*url;		/* heap, masked and safe */
};

/* The value of field spec (LISTFMT_FEEDS) of a row; borrowed. */
static const char *
feed_field(int spec, void *arg)
{
	struct feed_fields	*ff = arg;

	switch (spec) {
	case 'i':
		return ff->index;
	case 'n':
		return ff->r->unread > 0 ? _("N") : " ";
	case 't':
		return ff->r->title;
	case 'T':
		return ff->tag;
	case 'u':
		return ff->counts;
	case 'U':
		return ff->unread;
	case 'c':
		return ff->total;
	case 'l':
		return ff->site;
	case 'L':
		return ff->url;
	}
	return NULL;
}

/*
 * Draw row i (r) by feedlist-format (f), the counts as the default layout
 * writes them (%u is "(unread/total)", a tag's row "(posts)").
 */
static void
feeds_draw_format(const struct listfmt *f, const struct frow *r,
    const char *count, int64_t i, int y, int cols, int attr)
{
	struct feed_fields	 ff;
	struct listfmt_cell	*c;
	size_t			 n;

	ff.r = r;
	snprintf(ff.index, sizeof ff.index, "%lld", (long long)i + 1);
	snprintf(ff.counts, sizeof ff.counts, "%s", count);
	ff.unread[0] = '\0';
	if (r->unread >= 0)
		snprintf(ff.unread, sizeof ff.unread, "%'lld",
		    (long long)r->unread);
	snprintf(ff.total, sizeof ff.total, "%'lld", (long long)r->total);
	ff.tag = r->tags != NULL ? xstrndup(r->tags, strcspn(r->tags, "\n")) :
	    NULL;
	/* A URL on the screen shows no credentials (ui_feed_name()). */
	ff.site = r->kind == FROW_FEED && r->site != NULL ?
	    ui_feed_name(NULL, r->site) : NULL;
	ff.url = r->kind == FROW_FEED ? ui_feed_name(NULL, r->name) : NULL;
	c = listfmt_layout(f, cols, feed_field, &ff, &n);
	ui_put_cells(y, c, n, attr, CONFIG_HL_FEEDLIST, NULL);
	listfmt_cells_free(c, n);
	free(ff.tag);
	free(ff.site);
	free(ff.url);
}

static void
feeds_draw(struct ui_view *v, int rows, int cols)
{
	struct feeds	*fs = v->data;
	struct frow	*r;
	struct listfmt	*fmt;
	const char	*mark;
	char		 count[48], spark[3 * DB_WEEKS + 1], *err = NULL;
	int64_t		 i;
	int		 y, cw, tw, sw, cx, tx, attr, focus, el, utf8;

	ui_list_fix(&fs->l, rows);
	/* Checked as the config was read: NULL is majlis's own layout. */
	fmt = ui->cfg.feedlist_format == NULL ? NULL :
	    listfmt_parse(ui->cfg.feedlist_format, "feedlist-format",
	    LISTFMT_FEEDS, &err);
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	cw = cols >= 60 ? 14 : 10;
	/* The sparkline, right of the titles, when there is room for it. */
	sw = cols >= 60 ? DB_WEEKS + 1 : 0;
	/* A row's tags take width from its own title only (ui-posts.c too). */
	tw = cols - 2 - cw - 1 - sw;
	/*
	 * Columns from where a line begins (ui_put): the state mark, the
	 * counts, the title and its tags, the sparkline; mirrored, the title
	 * follows the mark and the counts go to the far (left) end.
	 */
	cx = ui->rtl ? cols - cw : 2;
	tx = ui->rtl ? 2 : 2 + cw + 1;
	for (i = fs->l.top; i < fs->l.n && i < fs->l.top + rows; i++) {
		r = &fs->rows[i];
		y = 1 + (int)(i - fs->l.top);
		focus = i == fs->l.cur;
		attr = ui_attr(r->unread > 0 ? EL_LISTNORMAL_UNREAD :
		    EL_LISTNORMAL, focus);
		/* A highlight-feed line's look; the cursor's keeps its. */
		if (r->hl > 0 && !focus)
			attr = ui_hl_attr((size_t)r->hl - 1);
		ui_put(y, 0, cols, "", attr);
		/* Numbers as the locale writes them (' groups thousands). */
		if (r->kind == FROW_TAG)
			snprintf(count, sizeof count, "(%'lld)",
			    (long long)r->total);
		else if (r->kind == FROW_ALL)
			snprintf(count, sizeof count, "(%'lld)",
			    (long long)r->unread);
		else
			snprintf(count, sizeof count, "(%'lld/%'lld)",
			    (long long)r->unread, (long long)r->total);
		if (fmt != NULL) {
			feeds_draw_format(fmt, r, count, i, y, cols, attr);
			continue;
		}
		mark = r->error != NULL ? "!" : "";
		el = EL_ERROR;
		if (r->kind == FROW_FEED)
			mark = state_mark(r->state, &el);
		ui_put(y, 0, 2, mark, focus ? attr : ui_attr(el, 0));
		/* Right-align the counts in their column. */
		if (text_width(count) < cw && !ui->rtl)
			ui_put(y, cx + cw - text_width(count),
			    text_width(count), count, attr);
		else
			ui_put(y, cx, cw, count, attr);
		if (sw > 0 && r->kind == FROW_FEED) {
			sparkline(r->weekly, utf8, spark);
			ui_put(y, ui->rtl ? tx + tw + 1 : cols - DB_WEEKS,
			    DB_WEEKS, spark, focus ? attr : ui_attr(EL_DATE, 0));
		}
		if (!focus && r->kind == FROW_FEED &&
		    (r->state == FEED_LEFT || r->state == FEED_DISABLED))
			attr = ui_attr(EL_HINT, 0);
		ui_put_title_tags(y, tx, tw, r->title, r->tags, 0,
		    attr, focus ? attr : ui_attr(EL_TAG, 0),
		    CONFIG_HL_FEEDLIST, NULL);
	}
	listfmt_free(fmt);
	free(err);
	/* Short lines: the hint must fit an 80-column terminal whole. */
	if (fs->l.n <= 1 && rows > 5 && ui->cfg.show_read &&
	    fs->filter == NULL && fs->expr == NULL) {
		ui_put_own(3, 2, cols - 2, _("No feeds yet: add some with"),
		    ui_attr(EL_HINT, 0));
		ui_put(4, 4, cols - 4, "majlis add URL    or    majlis "
		    "import FILE", ui_attr(EL_HINT, 0));
		ui_put_own(5, 2, cols - 2, _("then press R to fetch them."),
		    ui_attr(EL_HINT, 0));
	}
}

/* The posts the row r lists, as a query (borrowing r's strings). */
static void
row_query(const struct frow *r, struct db_post_query *q)
{
	memset(q, 0, sizeof *q);
	q->unread = !ui->cfg.show_read;
	switch (r->kind) {
	case FROW_ALL:
		q->unread = 1;
		break;
	case FROW_VIEW:
		q->filter = r->expr;
		break;
	case FROW_TAG:
		q->tag = r->name;
		break;
	case FROW_FEED:
		q->feed_id = r->id;
		break;
	}
}

/* The list again from its top, after its tag or filter changed. */
static void
feeds_refilter(struct ui_view *v, struct feeds *fs)
{
	fs->l.cur = fs->l.top = 0;
	fs->lost = 0;
	feeds_load(fs);
	free(v->title);
	v->title = feeds_title(fs);
}

/* Open the posts of the row under the cursor. */
static void
feeds_open(struct feeds *fs)
{
	struct db_post_query	 q;
	struct frow		*r;

	if (fs->l.n == 0)
		return;
	r = &fs->rows[fs->l.cur];
	row_query(r, &q);
	ui_posts_open(&q, r->title);
}

/*
 * F: a filter typed.  With a feed's attributes only (newsboat's feed
 * list filter: unread_count > 0, feedtitle =~ "x") it keeps the feeds it
 * matches in the list; else it is a filter of the posts of the row under
 * the cursor, which opens them (ui_filter_posts(), which reports an
 * error).
 */
static void
feeds_filter_expr(struct ui_view *v, struct feeds *fs)
{
	struct db_post_query	 q;
	struct filter		*f;
	char			*s, *err;

	if ((s = ui_prompt(_("Filter: "), "", NULL, 0)) == NULL || *s == '\0') {
		free(s);
		return;
	}
	if ((f = filter_compile_feeds(s, time(NULL), &err, NULL)) != NULL) {
		filter_free(f);
		free(fs->expr);
		fs->expr = s;
		feeds_refilter(v, fs);
		return;
	}
	free(err);
	if (fs->l.n > 0) {
		row_query(&fs->rows[fs->l.cur], &q);
		ui_filter_posts(&q, fs->rows[fs->l.cur].title, s);
	}
	free(s);
}

/*
 * e: a feed's settings (the feed command's, db_feed_setting()), one
 * KEY=VALUE at a time, the current ones in the prompt's label.
 */
static void
feeds_settings(struct feeds *fs)
{
	struct db_feed	*f;
	struct frow	*r;
	struct buf	 label;
	char		*line, *safe, *shown, secs[32];

	if (fs->l.n == 0 || (r = &fs->rows[fs->l.cur])->kind != FROW_FEED) {
		ui_status(0, _("settings are a feed's: move to a feed"));
		return;
	}
	if ((f = db_feed_get(ui->db, r->id)) == NULL) {
		ui_status(1, _("database: %s"), db_errmsg(ui->db));
		return;
	}
	buf_init(&label);
	if (f->title_set)
		buf_addf(&label, " title=%s", f->title);
	if (f->interval >= 0)
		buf_addf(&label, " interval=%s",
		    num_seconds_format(f->interval, secs, sizeof secs));
	if (f->keep_days >= 0)
		buf_addf(&label, " keep-days=%lld", (long long)f->keep_days);
	if (f->keep_posts >= 0)
		buf_addf(&label, " keep-posts=%lld", (long long)f->keep_posts);
	if (f->proxy != NULL)
		buf_addf(&label, " proxy=%s", f->proxy);
	if (f->disabled)
		buf_adds(&label, " enabled=no");
	db_feed_free(f);
	/* A proxy's password is not shown either. */
	shown = url_mask_text(buf_str(&label));
	safe = text_safe(shown);
	free(shown);
	shown = bidi_mark(safe);
	free(safe);
	safe = shown;
	buf_reset(&label);
	/* TRANSLATORS: %s is the feed's settings ("title=X interval=3600s"). */
	buf_addf(&label, _("Feed setting [%s ] KEY=VALUE: "), safe);
	free(safe);
	line = ui_prompt(buf_str(&label), "", NULL, 0);
	buf_free(&label);
	if (line == NULL || *line == '\0') {
		free(line);
		return;
	}
	if (db_feed_setting(ui->db, r->id, line) == -1)
		ui_status(1, "%s", db_errmsg(ui->db));
	else {
		safe = text_safe(line);
		ui_status(0, _("set %s"), safe);
		free(safe);
	}
	free(line);
	ui_reload_all();
}

/*
 * The row of the next (dir 1) or previous (-1) feed from the cursor, one
 * with unread posts if unread; -1 if there is none.
 */
static int64_t
feeds_find(struct feeds *fs, int dir, int unread)
{
	int64_t	 i;

	i = fs->l.cur + dir;
	if (fs->lost)
		i = dir > 0 ? fs->lost_at : fs->lost_at - 1;
	for (; i >= 0 && i < fs->l.n; i += dir) {
		if (fs->rows[i].kind == FROW_FEED &&
		    (!unread || fs->rows[i].unread > 0))
			return i;
	}
	return -1;
}

/* The cursor to row i, a move of the user's. */
static void
feeds_move(struct feeds *fs, int64_t i)
{
	fs->l.cur = i;
	fs->lost = 0;
	ui_list_fix(&fs->l, fs->l.rows);
}

/* Move to the next (dir 1) or previous (-1) feed with unread posts. */
static void
feeds_step_unread(struct feeds *fs, int dir)
{
	int64_t	 i;

	if ((i = feeds_find(fs, dir, 1)) != -1) {
		feeds_move(fs, i);
		return;
	}
	ui_status(0, dir > 0 ? _("no later feed with unread posts") :
	    _("no earlier feed with unread posts"));
}

/*
 * The view's step operation, for a feed's list opened from here (n past
 * its end, ]): the cursor to the next or previous feed, one with unread
 * posts if unread, counted again first (the lists above mark posts read
 * and the rows here do not know it); its id, 0 if there is none.
 */
static int64_t
feeds_step(struct ui_view *v, int dir, int unread)
{
	struct feeds	*fs = v->data;
	int64_t		 i;

	/* Not feeds_reload(): no feed's error on the status line now. */
	feeds_load(fs);
	free(v->title);
	v->title = feeds_title(fs);
	if ((i = feeds_find(fs, dir, unread)) == -1)
		return 0;
	feeds_move(fs, i);
	ui->dirty = 1;
	return fs->rows[i].id;
}

static void
feeds_mark_read(struct feeds *fs)
{
	struct db_post_query	 q;

	row_query(&fs->rows[fs->l.cur], &q);
	q.unread = 0;		/* every post of it, shown or not */
	ui_mark_read(&q);
}

static void
feeds_filter(struct ui_view *v, struct feeds *fs, int clear)
{
	char	**names, *tag = NULL;
	size_t	  n;

	if (clear) {
		free(fs->expr);
		fs->expr = NULL;
	} else {
		names = ui_tag_names(&n);
		tag = ui_prompt(_("Show feeds tagged: "), "", names, n);
		strv_free(names, n);
		if (tag == NULL)
			return;
		/* TAB completion leaves a space after the tag. */
		n = strspn(tag, " ");
		memmove(tag, tag + n, strlen(tag + n) + 1);
		for (n = strlen(tag); n > 0 && tag[n - 1] == ' '; n--)
			tag[n - 1] = '\0';
		if (*tag == '\0') {
			free(tag);
			tag = NULL;
		}
	}
	free(fs->filter);
	fs->filter = tag;
	feeds_refilter(v, fs);
}

static int
feeds_action(struct ui_view *v, enum ui_action a)
{
	struct feeds		*fs = v->data;
	struct frow		*r = fs->l.n > 0 ? &fs->rows[fs->l.cur] : NULL;

	switch (a) {
	case UA_OPEN:
		feeds_open(fs);
		return 1;
	case UA_NEXT_UNREAD:
	case UA_NEXT_FEED:
		feeds_step_unread(fs, 1);
		break;
	case UA_PREV_UNREAD:
	case UA_PREV_FEED:
		feeds_step_unread(fs, -1);
		break;
	case UA_RELOAD:
		ui_fetch_start(r != NULL && r->kind == FROW_FEED ? r->name :
		    NULL);
		return 1;
	case UA_MARK_ALL_READ:
		if (r != NULL)
			feeds_mark_read(fs);
		return 1;
	case UA_TAG:
		if (r == NULL || r->kind != FROW_FEED) {
			ui_status(0, _("tags are edited on a feed or a post"));
			return 1;
		}
		ui_edit_tags(0, r->id);
		return 1;
	case UA_FILTER_TAG:
		feeds_filter(v, fs, 0);
		return 1;
	case UA_FILTER:
		feeds_filter_expr(v, fs);
		return 1;
	case UA_FEED_SETTINGS:
		feeds_settings(fs);
		return 1;
	case UA_CLEAR_FILTER:
		feeds_filter(v, fs, 1);
		return 1;
	case UA_SEARCH:
		ui_search(NULL, NULL);
		return 1;
	case UA_BROWSE:
		if (r != NULL && r->kind == FROW_FEED)
			ui_browse(r->site != NULL ? r->site : r->name);
		return 1;
	case UA_SORT_FEEDS:
		fs->sort = (fs->sort + 1) % SORT__COUNT;
		feeds_load(fs);
		ui_status(0, "%s", _(sort_names[fs->sort]));
		return 1;
	case UA_TOGGLE_SHOW_READ:
		ui->cfg.show_read = !ui->cfg.show_read;
		ui_status(0, "%s", ui->cfg.show_read ?
		    _("showing every feed and read posts") :
		    _("hiding feeds without unread posts, and read posts"));
		feeds_load(fs);
		free(v->title);
		v->title = feeds_title(fs);
		return 1;
	default:
		if (!ui_list_action(&fs->l, a))
			return 0;
		fs->lost = 0;
		break;
	}
	feeds_error_status(fs);
	ui->dirty = 1;
	return 1;
}

static void
feeds_reload(struct ui_view *v)
{
	struct feeds	*fs = v->data;

	feeds_load(fs);
	free(v->title);
	v->title = feeds_title(fs);
	feeds_error_status(fs);
}

static void
feeds_click(struct ui_view *v, int row)
{
	struct feeds	*fs = v->data;

	if (fs->l.top + row < fs->l.n)
		feeds_move(fs, fs->l.top + row);
	ui_list_fix(&fs->l, fs->l.rows);
	feeds_error_status(fs);
}

static void
feeds_free(struct ui_view *v)
{
	struct feeds	*fs = v->data;

	rows_clear(fs);
	free(fs->rows);
	free(fs->filter);
	free(fs->expr);
	free(fs);
}

static struct ui_list *
feeds_list(struct ui_view *v)
{
	struct feeds	*fs = v->data;

	return &fs->l;
}

static const struct ui_mode feeds_mode = {
	.name = "feeds",
	.draw = feeds_draw,
	.action = feeds_action,
	.reload = feeds_reload,
	.click = feeds_click,
	.step = feeds_step,
	.list = feeds_list,
	.free = feeds_free,
};

/* Does the folded text hold the folded word? */
static int
folded_has(const char *text, const char *word)
{
	char	*f;
	int	 has;

	f = text_fold(text);
	has = strstr(f, word) != NULL;
	free(f);
	return has;
}

/*
 * The command line's goto: back to the feed list (the views above it
 * close), its cursor on feed number n (1 the first feed, as newsboat's
 * :goto counts) if text is a number, else on the next feed after the
 * cursor, round the end, whose title or address holds text (folded as a
 * search folds).  Returns 0, or -1 (said on the status line) if none.
 */
int
ui_feeds_goto(const char *text)
{
	struct ui_view	*v;
	struct feeds	*fs;
	struct frow	*r;
	char		*word, *safe;
	int64_t		 i, k, n = 0, want = 0;

	for (v = ui->top; v != NULL && v->below != NULL; v = v->below)
		continue;
	if (v == NULL || v->mode != &feeds_mode)
		return -1;
	while (ui->top != v)
		ui_pop();
	fs = v->data;
	if (num_parse(text, &want) == -1)
		want = 0;
	word = text_fold(text);
	for (k = 1; k <= fs->l.n; k++) {
		i = want > 0 ? k - 1 : (fs->l.cur + k) % fs->l.n;
		r = &fs->rows[i];
		if (r->kind != FROW_FEED)
			continue;
		if (want > 0 ? ++n == want : folded_has(r->title, word) ||
		    folded_has(r->name, word)) {
			fs->l.cur = i;
			ui_list_fix(&fs->l, fs->l.rows);
			feeds_error_status(fs);
			ui->dirty = 1;
			free(word);
			return 0;
		}
	}
	free(word);
	safe = text_safe(text);
	ui_status(1, _("goto: no feed %s"), safe);
	free(safe);
	return -1;
}

/* Open the feed list (the bottom of the view stack). */
void
ui_feeds_open(void)
{
	struct feeds	*fs;
	struct ui_view	*v;

	fs = xcalloc(1, sizeof *fs);
	fs->l.rows = 1;
	v = ui_push(&feeds_mode, fs, NULL);
	feeds_reload(v);
}
