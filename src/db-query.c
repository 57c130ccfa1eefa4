/*
 * Every query of a list of posts, for the commands and the reader alike,
 * built by one function (query_sql()); one post whole (db_post_get());
 * and marking posts read.
 *
 * Lists are newest first by sort_time (the published date, else updated,
 * else when first seen; never later than first seen, so a feed with dates
 * in the future cannot pin its posts to the top), ties by id.  Every
 * filter maps to an index: posts_feed_time_read for --feed (with or
 * without --unread), the table post_times otherwise (--unread too: the
 * read flag is in it, so an unread list skips the read posts there, never
 * reading their rows), so a page of 50 reads about 50 index entries for
 * every list but an unread one whose unread posts are old (8 ms on
 * 100,000 posts all read but the 50 oldest; a separate index of the
 * unread cost every fetch a tenth more CPU).  A filter on what only the
 * row holds (a title, a tag) reads the narrow posts table in order and
 * sorts what it keeps (query_sql()).  A search goes through posts_fts
 * and returns every match: first the newest DB_SEARCH_WINDOW matches
 * ranked by bm25 (title weighted over author over body), then recency;
 * then the older matches, newest first.
 *
 * Positions.  The reader also asks which post is at a given position of a
 * list and at which position a given post is.  Paged by OFFSET, a long
 * list costs a table lookup for every row skipped, each row wide with its
 * content; db_posts_key_at() walks the same ordering in the covering index
 * instead (both above hold sort_time and the id) and returns the
 * key of the row at that position; the page itself is then read by key
 * (db_post_query.before_time/before_id), which is an index seek.
 * db_posts_position() counts in the same index.  The positions agree with
 * the pages because all of them are built by query_sql() from the same
 * filters in the same order.  A search is ranked, has no such key, and is
 * not positioned (the caller pages it by offset).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db-int.h"

/* How many of the newest matches a search ranks; see query_sql(). */
#define DB_SEARCH_WINDOW 2000

/*
 * The rank (db-token.c's majlis_rank(): BM25 without the IDF pass), with
 * the weights of the title, author and body columns.
 */
#define RANK_EXPR	"majlis_rank(posts_fts, 10.0, 3.0, 1.0)"

/* The columns of a post in a list, then its tags. */
#define POST_COLUMNS							\
	"p.id, p.feed_id, f.url, f.title, p.link, p.title, p.author,"	\
	" p.published, p.updated, p.first_seen, p.sort_time, p.read,"	\
	" (SELECT group_concat(t.name, char(31)) FROM post_tags pt"	\
	"  JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = p.id)"

static void
post_from_row(sqlite3_stmt *stmt, struct db_post *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	p->feed_id = sqlite3_column_int64(stmt, 1);
	p->feed_url = db_column_str(stmt, 2);
	p->feed_title = db_column_str(stmt, 3);
	p->link = db_column_str(stmt, 4);
	p->title = db_column_str(stmt, 5);
	p->author = db_column_str(stmt, 6);
	p->published = db_column_date(stmt, 7);
	p->updated = db_column_date(stmt, 8);
	p->first_seen = sqlite3_column_int64(stmt, 9);
	p->sort_time = sqlite3_column_int64(stmt, 10);
	p->read = sqlite3_column_int(stmt, 11);
	db_split_tags((const char *)sqlite3_column_text(stmt, 12), &p->tags,
	    &p->ntags);
}

static void
post_clear(struct db_post *p)
{
	size_t	 i;

	free(p->feed_url);
	free(p->feed_title);
	free(p->link);
	free(p->title);
	free(p->author);
	free(p->summary);
	free(p->content);
	strv_free(p->tags, p->ntags);
	for (i = 0; i < p->nenclosures; i++) {
		free(p->enclosures[i].url);
		free(p->enclosures[i].type);
	}
	free(p->enclosures);
}

void
db_post_free(struct db_post *p)
{
	if (p == NULL)
		return;
	post_clear(p);
	free(p);
}

/*
 * The parameters of a query, resolved: feed URL and tag name to ids, the
 * search text to an FTS5 expression.  Returns 0, 1 if the query cannot
 * match anything (unknown feed or tag, empty search), -1 on error.
 */
struct post_filter {
	int64_t		 feed;
	int64_t		 tag;
	char		*match;
	struct filter	*filter;	/* q->filter compiled */
	int		 hide_ignored;	/* there are ignored posts to hide */
};

static int
filter_resolve(struct db *db, const struct db_post_query *q,
    struct post_filter *pf)
{
	char	*err;
	int64_t	 any;
	int	 rc;

	memset(pf, 0, sizeof *pf);
	pf->feed = q->feed_id;
	if (q->feed_url != NULL) {
		if ((rc = db_feed_find(db, q->feed_url, &pf->feed)) != 0)
			return rc;
		if (q->feed_id != 0 && q->feed_id != pf->feed)
			return 1;
	}
	if (q->tag != NULL && (rc = db_tag_id(db, q->tag, 0, &pf->tag)) != 0)
		return rc;
	if (q->filter != NULL && (pf->filter = filter_compile(q->filter,
	    time(NULL), &err, NULL)) == NULL) {
		db_errorf(db, _("filter: %s"), err);
		free(err);
		return -1;
	}
	/* Ignored posts are read: an unread list has none to hide. */
	if (!q->all && !q->unread) {
		if (db_int(db, "SELECT EXISTS (SELECT 1 FROM posts"
		    " WHERE ignored)", &any) == -1)
			return -1;
		pf->hide_ignored = any != 0;
	}
	if (q->search != NULL) {
		if ((pf->match = search_expr(q->search, &err)) == NULL) {
			db_errorf(db, _("search: %s"), err);
			free(err);
			return -1;
		}
		if (*pf->match == '\0')
			return 1;
		/* Index what the last fetch stored (db-index.c). */
		if (db_index_catch_up(db) == -1)
			return -1;
	}
	return 0;
}

/* Which statement query_sql() builds for a list. */
enum list_sql {
	LIST_PAGE,	/* the post columns of a page, in list order */
	LIST_COUNT,	/* how many posts the list has, paging aside */
	LIST_KEY_AT,	/* the sort key of the post at :offset */
	LIST_NEWER,	/* how many posts are newer than (:time, :id) */
	LIST_WINDOW,	/* a search window's size and oldest rowid */
	LIST_REST	/* a search's matches older than its window */
};

/*
 * Build the SQL of kind for q.  The parameters are named so that the
 * binding does not depend on which filters are present (query_start());
 * the statement text depends only on which filters are set, so the cache
 * holds at most a few dozen variants.  Returns a heap string.
 *
 * A search ranks only the newest DB_SEARCH_WINDOW matches (by rowid, the
 * order posts were stored in, which FTS5 walks for free): bm25 must be
 * computed for every row it ranks, and a common word matches most of the
 * cache, which would cost a pass over the whole index for every search.
 * Below the window the ranking is exact.  The matches older than the
 * window (LIST_REST: rowid < :low, the window's oldest, found by
 * LIST_WINDOW) follow, newest first, through a second statement
 * (query_rest()), so that a first page never pays for them.  The search
 * always drives the
 * loop, even with --feed: looking each of a feed's posts up in posts_fts
 * instead makes bm25 recompute its whole-index statistics on every row,
 * several times slower.  LIST_KEY_AT and LIST_NEWER are not for a search.
 */
static char *
query_sql(const struct db_post_query *q, const struct post_filter *pf,
    enum list_sql kind)
{
	struct buf	 b;
	int		 windowed, fts_only, scan, timed, paged;

	windowed = pf->match != NULL && kind == LIST_PAGE;
	/*
	 * A search with no other condition ranks its window from the index
	 * alone: joining the posts only to find every match there read a
	 * page of the posts table per match, 2,000 of them, half a common
	 * word's time.  The page's 50 are joined afterwards.
	 */
	fts_only = (windowed || kind == LIST_WINDOW) && !q->unread &&
	    pf->feed == 0 && pf->tag == 0 && !pf->hide_ignored &&
	    pf->filter == NULL;
	/*
	 * A filter that reads the rows (a title, a tag) and no index to
	 * narrow them: every post is read whatever the order, so in the
	 * table's own order.  Walked in date order through post_times, each
	 * row was a page read of its own (0.3 s on 100,000 posts with no
	 * match); the narrow rows in sequence take 20 ms, then the matches
	 * are sorted.  The planner cannot tell: it does not know how few
	 * rows a regular expression keeps, and an age range made it walk
	 * the index for all of them.
	 */
	scan = pf->filter != NULL && pf->filter->row && pf->match == NULL &&
	    pf->feed == 0 && pf->tag == 0;
	/*
	 * Every feed's posts in date order: post_times (migration 17),
	 * which holds the date, the id and the read and ignored flags.  It
	 * is read alone, named p as the posts are elsewhere, so that what
	 * asks no more (a count, a position, unread, an age filter) reads
	 * no row; a page of it joins the rows of its 50 afterwards (paged).
	 * Joined to the posts as it is walked, the planner built a Bloom
	 * filter of every post first when it had no statistics on
	 * post_times (40 ms on 100,000 posts, for a page of 50).  A tag's
	 * posts are found through its posts and its feeds' (post_tags,
	 * posts_feed_time_read) and sorted, as before: walking post_times
	 * for the few a tag has took 20 ms, not 5, when it had 1 post in
	 * 100.
	 */
	timed = pf->match == NULL && pf->feed == 0 && pf->tag == 0 &&
	    (pf->filter == NULL || !pf->filter->row);
	paged = timed && kind == LIST_PAGE;
	buf_init(&b);
	switch (kind) {
	case LIST_PAGE:
		if (windowed)
			buf_adds(&b, "SELECT " POST_COLUMNS " FROM (SELECT"
			    " posts_fts.rowid AS wid, " RANK_EXPR " AS wrank"
			    " FROM ");
		else if (paged)
			buf_adds(&b, "SELECT " POST_COLUMNS " FROM (SELECT"
			    " p.id AS tid FROM ");
		else
			buf_adds(&b, "SELECT " POST_COLUMNS " FROM ");
		break;
	case LIST_REST:
		buf_adds(&b, "SELECT " POST_COLUMNS " FROM ");
		break;
	case LIST_WINDOW:
		buf_adds(&b, "SELECT count(*), min(wid) FROM (SELECT"
		    " posts_fts.rowid AS wid FROM ");
		break;
	case LIST_KEY_AT:
		buf_adds(&b, "SELECT p.sort_time, p.id FROM ");
		break;
	case LIST_COUNT:
	case LIST_NEWER:
		buf_adds(&b, "SELECT count(*) FROM ");
		break;
	}
	if (fts_only)
		buf_adds(&b, "posts_fts");
	else if (pf->match != NULL)
		buf_adds(&b, "posts_fts JOIN posts p"
		    " ON p.id = posts_fts.rowid");
	else if (timed)
		buf_adds(&b, "post_times p");
	else
		buf_adds(&b, scan ? "posts p NOT INDEXED" : "posts p");
	/*
	 * CROSS JOIN: the posts first, through the index their filters map
	 * to, and then each one's feed.  Left to choose, the planner of a
	 * cache that has statistics on feeds but not yet on posts (any
	 * cache after its first fetch) walks the feeds instead and sorts
	 * every post they have: 0.24 s for a filter on 100,000 posts, not
	 * 0.04 s.
	 */
	if ((kind == LIST_PAGE && !windowed && !paged) || kind == LIST_REST)
		buf_adds(&b, " CROSS JOIN feeds f ON f.id = p.feed_id");
	buf_adds(&b, " WHERE 1");
	if (pf->match != NULL)
		buf_adds(&b, " AND posts_fts MATCH :match");
	if (kind == LIST_REST)
		buf_adds(&b, " AND posts_fts.rowid < :low");
	if (q->unread)
		buf_adds(&b, " AND p.read = 0");
	if (pf->feed != 0)
		buf_adds(&b, " AND p.feed_id = :feed");
	if (pf->tag != 0)
		buf_adds(&b, " AND (p.id IN (SELECT post_id FROM post_tags"
		    " WHERE tag_id = :tag) OR p.feed_id IN (SELECT feed_id"
		    " FROM feed_tags WHERE tag_id = :tag))");
	if (pf->hide_ignored)
		buf_adds(&b, " AND p.ignored = 0");
	/* The filter's text is filter.c's fixed pieces; values are '?'s. */
	if (pf->filter != NULL) {
		buf_adds(&b, " AND ");
		buf_adds(&b, pf->filter->sql);
	}
	switch (kind) {
	case LIST_COUNT:
		break;
	case LIST_NEWER:
		buf_adds(&b, " AND (p.sort_time, p.id) > (:time, :id)");
		break;
	case LIST_KEY_AT:
		buf_adds(&b, " ORDER BY p.sort_time DESC, p.id DESC"
		    " LIMIT 1 OFFSET :offset");
		break;
	case LIST_WINDOW:
		buf_addf(&b, " ORDER BY posts_fts.rowid DESC LIMIT %d)",
		    DB_SEARCH_WINDOW);
		break;
	case LIST_REST:
		buf_adds(&b, " ORDER BY p.sort_time DESC, p.id DESC"
		    " LIMIT :limit OFFSET :offset");
		break;
	case LIST_PAGE:
		if (windowed) {
			/* The outer query's p is the window's post. */
			buf_addf(&b, " ORDER BY posts_fts.rowid DESC LIMIT %d)"
			    " w JOIN posts p ON p.id = w.wid"
			    " CROSS JOIN feeds f ON f.id = p.feed_id"
			    " ORDER BY w.wrank, p.sort_time DESC, p.id DESC",
			    DB_SEARCH_WINDOW);
			buf_adds(&b, " LIMIT :limit OFFSET :offset");
			break;
		}
		if (q->before_time != 0)
			buf_adds(&b, " AND (p.sort_time, p.id) < (:bt, :bi)");
		buf_adds(&b, " ORDER BY p.sort_time DESC, p.id DESC"
		    " LIMIT :limit OFFSET :offset");
		/* The outer query's p is the page's post. */
		if (paged)
			buf_adds(&b, ") w CROSS JOIN posts p ON p.id = w.tid"
			    " CROSS JOIN feeds f ON f.id = p.feed_id"
			    " ORDER BY p.sort_time DESC, p.id DESC");
		break;
	}
	return buf_take(&b);
}

static void
bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	int	 i;

	if ((i = sqlite3_bind_parameter_index(stmt, name)) > 0)
		sqlite3_bind_int64(stmt, i, v);
}

/*
 * Resolve q's filters and prepare the statement of kind with them and q's
 * paging bound; the caller binds what else kind names (:offset of
 * LIST_KEY_AT, :time and :id of LIST_NEWER) and, when done, calls
 * query_end().  Returns 0, 1 if q cannot match anything (unknown feed or
 * tag, empty search), -1 on error.  pf->match is the statement's until
 * query_end().
 */
static int
query_start(struct db *db, const struct db_post_query *q, enum list_sql kind,
    struct post_filter *pf, sqlite3_stmt **stmtp)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	int		 i, rc;

	*stmtp = NULL;
	if ((rc = filter_resolve(db, q, pf)) != 0)
		return rc;
	sql = query_sql(q, pf, kind);
	stmt = db_stmt(db, sql);
	free(sql);
	if (stmt == NULL)
		return -1;
	if ((i = sqlite3_bind_parameter_index(stmt, ":match")) > 0)
		sqlite3_bind_text(stmt, i, pf->match, -1, SQLITE_STATIC);
	bind_named_int(stmt, ":feed", pf->feed);
	bind_named_int(stmt, ":tag", pf->tag);
	bind_named_int(stmt, ":bt", q->before_time);
	bind_named_int(stmt, ":bi", q->before_id);
	bind_named_int(stmt, ":limit", q->limit > 0 ? q->limit : -1);
	bind_named_int(stmt, ":offset", q->offset > 0 ? q->offset : 0);
	if (pf->filter != NULL) {
		i = 1;
		db_filter_bind(pf->filter, stmt, &i);
	}
	*stmtp = stmt;
	return 0;
}

/* Done with query_start()'s statement (NULL: none) and filter. */
static void
query_end(sqlite3_stmt *stmt, struct post_filter *pf)
{
	if (stmt != NULL) {
		sqlite3_reset(stmt);
		/* The statement keeps no pointer to match once reset. */
		sqlite3_clear_bindings(stmt);
	}
	free(pf->match);
	filter_free(pf->filter);
	pf->filter = NULL;
}

/*
 * Step stmt (from query_start()) and call cb for each post; *stopped is
 * set when cb asked to stop.  Returns the number of posts passed to cb, or
 * -1.
 */
static int64_t
query_step(struct db *db, sqlite3_stmt *stmt, db_post_cb cb, void *arg,
    int *stopped)
{
	struct db_post	 p;
	int64_t		 n = 0;
	int		 rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		post_from_row(stmt, &p);
		n++;
		rc = cb(&p, arg);
		post_clear(&p);
		if (rc != 0) {
			*stopped = 1;
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		return db_error(db, "posts");
	return n;
}

/*
 * A search's matches older than its window (see query_sql()), for the
 * part of the page q the window did not fill (it gave had posts): the
 * page goes on at q->offset minus the window's size.  Returns the number
 * of posts passed to cb, or -1.
 */
static int64_t
query_rest(struct db *db, const struct db_post_query *q, int64_t had,
    db_post_cb cb, void *arg, int *stopped)
{
	struct db_post_query	 rq = *q;
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	int64_t			 size = 0, low = 0, n;
	int			 rc;

	if ((rc = query_start(db, q, LIST_WINDOW, &pf, &stmt)) == 0) {
		if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			size = sqlite3_column_int64(stmt, 0);
			low = sqlite3_column_int64(stmt, 1);
			rc = 0;
		} else
			rc = db_error(db, "posts");
	}
	query_end(stmt, &pf);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (size < DB_SEARCH_WINDOW)
		return 0;	/* the window held every match */
	rq.offset = q->offset > size ? q->offset - size : 0;
	rq.limit = q->limit > 0 ? q->limit - had : 0;
	if ((rc = query_start(db, &rq, LIST_REST, &pf, &stmt)) != 0) {
		query_end(stmt, &pf);
		return rc == 1 ? 0 : -1;
	}
	bind_named_int(stmt, ":low", low);
	n = query_step(db, stmt, cb, arg, stopped);
	query_end(stmt, &pf);
	return n;
}

/*
 * Call cb for each post of the page q asks for.  A search whose page goes
 * past its ranked window goes on with the older matches (query_rest()).
 * Returns the number of posts passed to cb, or -1.
 */
int64_t
db_posts_query(struct db *db, const struct db_post_query *q, db_post_cb cb,
    void *arg)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	int64_t			 n, more;
	int			 rc, stopped = 0;

	if ((rc = query_start(db, q, LIST_PAGE, &pf, &stmt)) != 0) {
		query_end(stmt, &pf);
		return rc == 1 ? 0 : -1;
	}
	n = query_step(db, stmt, cb, arg, &stopped);
	query_end(stmt, &pf);
	if (n != -1 && q->search != NULL && !stopped &&
	    (q->limit <= 0 || n < q->limit)) {
		more = query_rest(db, q, n, cb, arg, &stopped);
		n = more == -1 ? -1 : n + more;
	}
	return n;
}

/*
 * Run a count(*) statement of query_start()'s: the count, or -1 (with the
 * error recorded).
 */
static int64_t
query_count(struct db *db, sqlite3_stmt *stmt)
{
	if (sqlite3_step(stmt) == SQLITE_ROW)
		return sqlite3_column_int64(stmt, 0);
	return db_error(db, "posts");
}

/* How many posts q matches, paging aside.  -1 on error. */
int64_t
db_posts_count(struct db *db, const struct db_post_query *q)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	int64_t			 n;
	int			 rc;

	if ((rc = query_start(db, q, LIST_COUNT, &pf, &stmt)) != 0)
		n = rc == 1 ? 0 : -1;
	else
		n = query_count(db, stmt);
	query_end(stmt, &pf);
	return n;
}

/*
 * The sort key (sort_time, id) of the post at position offset (0: the
 * newest) of the list q describes, ignoring q's paging fields.  Returns 0
 * with *time and *id set, 1 if there is no such row (or q is a search), -1
 * on a database error.
 */
int
db_posts_key_at(struct db *db, const struct db_post_query *q, int64_t offset,
    int64_t *time, int64_t *id)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	int			 rc;

	if (offset < 0 || q->search != NULL)
		return 1;
	if ((rc = query_start(db, q, LIST_KEY_AT, &pf, &stmt)) == 0) {
		bind_named_int(stmt, ":offset", offset);
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*time = sqlite3_column_int64(stmt, 0);
			*id = sqlite3_column_int64(stmt, 1);
			rc = 0;
		} else if (rc == SQLITE_DONE)
			rc = 1;
		else
			rc = db_error(db, "posts");
	}
	query_end(stmt, &pf);
	return rc;
}

/*
 * The position (0: the newest) that the post with key (time, id) has, or
 * would have, in the list q describes: the number of its rows newer than
 * the key.  This is how the reader finds its selected post again after
 * the list changed.  Returns the position (0 if q cannot match anything),
 * or -1 if q is a search or on a database error.
 */
int64_t
db_posts_position(struct db *db, const struct db_post_query *q, int64_t time,
    int64_t id)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	int64_t			 n;
	int			 rc;

	if (q->search != NULL)
		return -1;
	if ((rc = query_start(db, q, LIST_NEWER, &pf, &stmt)) != 0)
		n = rc == 1 ? 0 : -1;
	else {
		bind_named_int(stmt, ":time", time);
		bind_named_int(stmt, ":id", id);
		n = query_count(db, stmt);
	}
	query_end(stmt, &pf);
	return n;
}


/* Does post id exist?  0 yes, 1 no, -1 error. */
int
db_post_exists(struct db *db, int64_t id)
{
	return db_row_exists(db, "SELECT 1 FROM posts WHERE id = ?", id,
	    "post");
}

/*
 * One post with everything: text and enclosures.  NULL if there is no such
 * post (db_errmsg() says "post N: not found") or on error.
 */
struct db_post *
db_post_get(struct db *db, int64_t id)
{
	struct db_post	*p;
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT " POST_COLUMNS ","
	    " coalesce(b.summary, b.content),"
	    " b.content, p.duration FROM posts p"
	    " JOIN feeds f ON f.id = p.feed_id"
	    " LEFT JOIN bodies b ON b.post_id = p.id"
	    " WHERE p.id = ?")) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc == SQLITE_DONE)
			db_errorf(db, _("post %lld: not found"), (long long)id);
		else
			db_error(db, "post");
		return NULL;
	}
	p = xmalloc(sizeof *p);
	post_from_row(stmt, p);
	p->summary = db_column_str(stmt, 13);
	p->content = db_column_str(stmt, 14);
	p->duration = sqlite3_column_int64(stmt, 15);	/* NULL: 0 */
	sqlite3_reset(stmt);

	if ((stmt = db_stmt(db, "SELECT url, type, length FROM enclosures"
	    " WHERE post_id = ? ORDER BY id")) == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct enclosure *en;

		p->enclosures = xreallocarray(p->enclosures,
		    p->nenclosures + 1, sizeof *p->enclosures);
		en = &p->enclosures[p->nenclosures++];
		en->url = db_column_str(stmt, 0);
		en->type = db_column_str(stmt, 1);
		en->length = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_error(db, "post");
		goto fail;
	}
	return p;
fail:
	db_post_free(p);
	return NULL;
}

/* Mark one post read (1) or unread (0).  0, 1 if no such post, -1. */
int
db_post_mark(struct db *db, int64_t id, int read)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((rc = db_post_exists(db, id)) != 0)
		return rc;
	if ((stmt = db_stmt(db, "UPDATE posts SET read = ? WHERE id = ?"
	    " AND read != ?1")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, read != 0);
	sqlite3_bind_int64(stmt, 2, id);
	return db_step_done(db, stmt, "mark");
}

/* Mark every post of a feed; returns the number changed, or -1. */
int64_t
db_feed_mark(struct db *db, int64_t feed, int read)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE posts SET read = ?1"
	    " WHERE feed_id = ?2 AND read != ?1")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, read != 0);
	sqlite3_bind_int64(stmt, 2, feed);
	if (db_step_done(db, stmt, "mark") == -1)
		return -1;
	return sqlite3_changes(db_handle(db));
}

/* Mark every post; returns the number changed, or -1. */
int64_t
db_mark_all(struct db *db, int read)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE posts SET read = ?1"
	    " WHERE read != ?1")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, read != 0);
	if (db_step_done(db, stmt, "mark") == -1)
		return -1;
	return sqlite3_changes(db_handle(db));
}

struct ids {
	int64_t	*v;
	size_t	 n;
	size_t	 cap;
};

static int
collect_unread(const struct db_post *p, void *arg)
{
	struct ids	*ids = arg;

	if (p->read)
		return 0;
	if (ids->n == ids->cap) {
		ids->cap = ids->cap == 0 ? 256 : ids->cap * 2;
		ids->v = xreallocarray(ids->v, ids->cap, sizeof *ids->v);
	}
	ids->v[ids->n++] = p->id;
	return 0;
}

/*
 * Mark every unread post q matches read (paging aside), in one
 * transaction.  Returns the number marked, or -1 on a database error.
 */
int64_t
db_mark_query(struct db *db, const struct db_post_query *q, int64_t **idsp)
{
	struct db_post_query	 all = *q;
	struct ids		 ids = { NULL, 0, 0 };
	size_t			 i;
	int64_t			 n = -1;

	all.unread = 1;
	all.limit = all.offset = 0;
	if (db_posts_query(db, &all, collect_unread, &ids) == -1)
		goto out;
	if (db_begin(db) == -1)
		goto out;
	for (i = 0; i < ids.n; i++) {
		if (db_post_mark(db, ids.v[i], 1) == -1) {
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db) == -1) {
		db_rollback(db);
		goto out;
	}
	n = (int64_t)ids.n;
	if (idsp != NULL) {
		*idsp = ids.v;
		ids.v = NULL;
	}
out:
	free(ids.v);
	return n;
}

/*
 * Set the read flag of the posts ids (those that still exist), in one
 * transaction: the reader's undo (U) of a mark.  Returns 0 or -1.
 */
int
db_mark_ids(struct db *db, const int64_t *ids, size_t n, int read)
{
	size_t	 i;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (db_post_mark(db, ids[i], read) == -1) {
			db_rollback(db);
			return -1;
		}
	}
	return db_commit(db);
}

/*
 * The key (the feed's GUID for it, else its link) of every read post, in
 * the order they were stored, to cb until it returns non-zero: majlis
 * export --read.  Returns 0 or -1.
 */
int
db_read_keys(struct db *db, int (*cb)(const char *, void *), void *arg)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT key FROM posts WHERE read = 1"
	    " ORDER BY id")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    cb((const char *)sqlite3_column_text(stmt, 0), arg) == 0)
		;
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "read posts");
	return 0;
}

/*
 * Mark read, in one transaction, every post whose key is one of keys[]
 * (a file of GUIDs, majlis import --read; newsboat -E writes them), in
 * whichever feed.  The keys go to a temporary table first: the index on
 * (feed, key) cannot find a key alone, and one pass over the posts does
 * for any number of them.  Returns the posts marked (that were unread),
 * with *unknown the keys no post has; or -1.
 */
int64_t
db_mark_keys_read(struct db *db, char *const *keys, size_t n,
    int64_t *unknown)
{
	sqlite3_stmt	*stmt;
	int64_t		 marked;
	size_t		 i;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS read_keys"
	    " (k TEXT PRIMARY KEY) WITHOUT ROWID;"
	    "DELETE FROM temp.read_keys") == -1 || db_begin(db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((stmt = db_stmt(db, "INSERT OR IGNORE INTO temp.read_keys"
		    " VALUES (?)")) == NULL)
			goto fail;
		db_bind_str(stmt, 1, keys[i]);
		if (db_step_done(db, stmt, "read keys") == -1)
			goto fail;
	}
	if ((stmt = db_stmt(db, "UPDATE posts SET read = 1 WHERE read = 0"
	    " AND key IN (SELECT k FROM temp.read_keys)")) == NULL ||
	    db_step_done(db, stmt, "mark") == -1)
		goto fail;
	marked = sqlite3_changes(db_handle(db));
	if ((stmt = db_stmt(db, "SELECT count(*) FROM temp.read_keys"
	    " WHERE k NOT IN (SELECT key FROM posts)")) == NULL)
		goto fail;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		db_error(db, "read keys");
		goto fail;
	}
	*unknown = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (db_commit(db) == -1)
		return -1;
	return marked;
fail:
	db_rollback(db);
	return -1;
}

/*
 * The posts stored since the last call, by their ids (*last: the highest
 * id seen, which the call raises): how many are listed (not ignored), or
 * -1.  The reader counts with it what another process's fetch brought.
 */
int64_t
db_posts_after(struct db *db, int64_t *last)
{
	sqlite3_stmt	*stmt;
	int64_t		 n;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT count(*) FILTER (WHERE ignored = 0),"
	    " max(id) FROM posts WHERE id > ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, *last);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		n = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_type(stmt, 1) != SQLITE_NULL)
			*last = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return db_error(db, "new posts");
	return n;
}

/*
 * The posts first stored at or after since and not ignored (a fetch's
 * new posts): returns how many, or -1, and their newest max titles in
 * *titles (a heap vector of heap strings, "" for none; strv_free()).
 */
int64_t
db_new_posts(struct db *db, int64_t since, size_t max, char ***titles,
    size_t *ntitles)
{
	sqlite3_stmt	*stmt;
	const char	*t;
	int64_t		 n;
	int		 rc;

	*titles = NULL;
	*ntitles = 0;
	if ((stmt = db_stmt(db, "SELECT count(*) FROM posts"
	    " WHERE first_seen >= ? AND ignored = 0")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, since);
	rc = sqlite3_step(stmt);
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return db_error(db, "new posts");
	/*
	 * The rows in their order and the newest max kept as they go (the
	 * count above reads them all anyway): walking post_times and
	 * joining each row, the planner built a Bloom filter of every post
	 * first when it had no statistics on post_times.
	 */
	if ((stmt = db_stmt(db, "SELECT title FROM posts NOT INDEXED"
	    " WHERE first_seen >= ? AND ignored = 0"
	    " ORDER BY sort_time DESC, id DESC LIMIT ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, since);
	sqlite3_bind_int64(stmt, 2, (int64_t)max);
	*titles = xreallocarray(NULL, max > 0 ? max : 1, sizeof **titles);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(stmt, 0);
		(*titles)[(*ntitles)++] = xstrdup(t != NULL ? t : "");
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		strv_free(*titles, *ntitles);
		*titles = NULL;
		*ntitles = 0;
		return db_error(db, "new posts");
	}
	return n;
}

/* How many ids db_filter_match() asks for in one statement. */
#define MATCH_IDS	64

/*
 * Which of the n posts ids[] (feeds, if feeds) the compiled filter f
 * matches: match[i] is 1 for each it matches, 0 for the others.  One
 * query for a page of MATCH_IDS (a highlight line's for a list's page,
 * not a query a row), its text the same for every page so that it is
 * prepared once; a short page is filled with -1, no row's id.  (SQLite
 * before 3.38 may lack json_each(), which would bind them as one.)  0, or
 * -1.
 */
int
db_filter_match(struct db *db, const struct filter *f, int feeds,
    const int64_t *ids, size_t n, char *match)
{
	sqlite3_stmt	*stmt;
	struct buf	 sql;
	int64_t		 id;
	size_t		 i, k, at;
	int		 rc = SQLITE_DONE, next;

	memset(match, 0, n);
	if (n == 0)
		return 0;
	buf_init(&sql);
	buf_adds(&sql, feeds ? "SELECT f.id FROM feeds f WHERE f.id IN (" :
	    "SELECT p.id FROM posts p CROSS JOIN feeds f"
	    " ON f.id = p.feed_id WHERE p.id IN (");
	for (i = 0; i < MATCH_IDS; i++)
		buf_addf(&sql, "%s:i%zu", i > 0 ? ", " : "", i);
	/* The filter's text is filter.c's fixed pieces; values are '?'s. */
	buf_addf(&sql, ") AND %s", f->sql);
	stmt = db_stmt(db, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL)
		return -1;
	for (at = 0; at < n && rc == SQLITE_DONE; at += MATCH_IDS) {
		for (i = 0; i < MATCH_IDS; i++)
			sqlite3_bind_int64(stmt, (int)i + 1, at + i < n ?
			    ids[at + i] : -1);
		next = 1;
		db_filter_bind(f, stmt, &next);
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			id = sqlite3_column_int64(stmt, 0);
			for (k = at; k < n && k < at + MATCH_IDS; k++) {
				if (ids[k] == id)
					match[k] = 1;
			}
		}
		/* Reset and unbound: the filter's text values are its own. */
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	if (rc != SQLITE_DONE)
		return db_error(db, "highlight");
	return 0;
}
