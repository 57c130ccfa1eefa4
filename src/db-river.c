/*
 * The river's queries (cmd-river.c) and a feed's activity: its newest post
 * and its posts per week, which the river's member list shows and the feed
 * list can show too.
 *
 * A river page must cost what it shows, not what the cache holds, so every
 * query here walks an index from the newest end and stops:
 *   1. db_river_posts() takes, per feed, at most per_feed post ids from
 *      posts_feed_time_read (feed_id, sort_time DESC, id DESC, read), which
 *      covers what it needs, so no post row is read yet; the posts tagged
 *      so come from post_tags_tag.  Only the limit posts that survive the
 *      per-feed cap and the sort are then read whole, by rowid.
 *   2. db_feed_activity() reads the same index: one entry for the newest
 *      post, and the entries of the last DB_WEEKS weeks for the counts.
 * tests/integration/river.sh checks both plans with EXPLAIN QUERY PLAN.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "majlis.h"

int
db_feed_activity(struct db *db, int64_t feed, int64_t now,
    struct db_activity *a)
{
	sqlite3_stmt	*stmt;
	int64_t		 w;
	int		 rc;

	memset(a, 0, sizeof *a);
	a->last_post = DATE_NONE;
	if ((stmt = db_stmt(db, "SELECT id, sort_time FROM posts"
	    " WHERE feed_id = ? ORDER BY sort_time DESC, id DESC"
	    " LIMIT 1")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, feed);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a->last_id = sqlite3_column_int64(stmt, 0);
		a->last_post = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "activity");
	if (rc == SQLITE_DONE)
		return 0;

	/* Week 0 is the one that ends at now; a future post counts in it. */
	if ((stmt = db_stmt(db, "SELECT max(0, (?1 - sort_time) / ?2),"
	    " count(*) FROM posts WHERE feed_id = ?3 AND sort_time > ?4"
	    " GROUP BY 1")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, DB_WEEK);
	sqlite3_bind_int64(stmt, 3, feed);
	sqlite3_bind_int64(stmt, 4, now - (int64_t)DB_WEEKS * DB_WEEK);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		w = sqlite3_column_int64(stmt, 0);
		if (w >= 0 && w < DB_WEEKS)
			a->weekly[DB_WEEKS - 1 - w] +=
			    sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, "activity");
	return 0;
}

int
db_post_headline(struct db *db, int64_t id, char **title, char **link)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*title = *link = NULL;
	if ((stmt = db_stmt(db, "SELECT title, link FROM posts"
	    " WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*title = db_column_str(stmt, 0);
		*link = db_column_str(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "post");
	return rc == SQLITE_ROW ? 0 : 1;
}

/*
 * The river's SQL (point 1 above).  cand: each subscribed feed's newest
 * posts since :since (all feeds, or with a tag the feeds tagged so) and
 * the posts tagged so; ranked/top: the per-feed cap again (a feed's tagged
 * posts came from outside its own first per_feed), the sort and the limit;
 * then the rows of those.
 */
static const char river_sql[] =
	"WITH cand(id, feed_id, sort_time) AS ("
	"  SELECT p.id, p.feed_id, p.sort_time FROM feeds f"
	"  JOIN posts p ON p.id IN (SELECT q.id FROM posts q"
	"    WHERE q.feed_id = f.id AND q.sort_time >= :since"
	"    ORDER BY q.sort_time DESC, q.id DESC LIMIT :per)"
	"  WHERE f.subscribed AND (:tag IS NULL OR EXISTS (SELECT 1"
	"    FROM feed_tags ft WHERE ft.feed_id = f.id AND ft.tag_id = :tag))"
	"  UNION"
	"  SELECT p.id, p.feed_id, p.sort_time FROM post_tags pt"
	"  JOIN posts p ON p.id = pt.post_id"
	"  JOIN feeds f ON f.id = p.feed_id"
	"  WHERE pt.tag_id = :tag AND p.sort_time >= :since"
	"  AND f.subscribed),"
	" ranked(id, sort_time, n) AS ("
	"  SELECT id, sort_time, row_number() OVER (PARTITION BY feed_id"
	"    ORDER BY sort_time DESC, id DESC) FROM cand),"
	" top(id, sort_time) AS ("
	"  SELECT id, sort_time FROM ranked WHERE n <= :per"
	"  ORDER BY sort_time DESC, id DESC LIMIT :limit)"
	" SELECT p.id, p.feed_id, p.key, p.link, p.title, p.author,"
	"  coalesce(nullif(p.content, ''), p.summary), p.lang, p.base,"
	"  p.published, p.updated, p.first_seen, p.sort_time"
	" FROM top JOIN posts p ON p.id = top.id"
	" ORDER BY top.sort_time DESC, top.id DESC";

static const char *
column_text(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

int64_t
db_river_posts(struct db *db, const struct db_river_query *q,
    db_river_cb cb, void *arg)
{
	struct db_river_post	 p;
	sqlite3_stmt		*stmt;
	int64_t			 tag = 0, n = 0;
	int			 rc;

	if (q->tag != NULL) {
		if ((rc = db_tag_id(db, q->tag, 0, &tag)) == -1)
			return -1;
		if (rc == 1)
			return 0;
	}
	if ((stmt = db_stmt(db, river_sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":since"),
	    q->since);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":per"),
	    q->per_feed);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":limit"),
	    q->limit);
	if (q->tag != NULL)
		sqlite3_bind_int64(stmt,
		    sqlite3_bind_parameter_index(stmt, ":tag"), tag);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.id = sqlite3_column_int64(stmt, 0);
		p.feed_id = sqlite3_column_int64(stmt, 1);
		p.key = column_text(stmt, 2);
		p.link = column_text(stmt, 3);
		p.title = column_text(stmt, 4);
		p.author = column_text(stmt, 5);
		p.html = column_text(stmt, 6);
		p.lang = column_text(stmt, 7);
		p.base = column_text(stmt, 8);
		p.published = db_column_date(stmt, 9);
		p.updated = db_column_date(stmt, 10);
		p.first_seen = sqlite3_column_int64(stmt, 11);
		p.sort_time = sqlite3_column_int64(stmt, 12);
		n++;
		if (cb(&p, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(stmt);
		return db_error(db, "river");
	}
	sqlite3_reset(stmt);
	return n;
}
