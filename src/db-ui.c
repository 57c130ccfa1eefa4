/*
 * The queries the reader needs beyond db-post.c: which post is at a given
 * position of a list, and at which position a given post is, without
 * reading the post rows before it.
 *
 * A list of 100,000 posts paged by OFFSET costs a table lookup for every
 * row skipped: jumping to the end (G) of "All unread" read 400 ms worth of
 * post rows, wide with their content.  db_posts_key_at() walks the same
 * ordering in the covering index instead (posts_read_time, posts_feed_time_read
 * or posts_time hold sort_time and the rowid), which is some 30 times
 * cheaper, and returns the key of the row at that position; the page
 * itself is then read by key (db_post_query.before_time/before_id), which
 * is an index seek.  db_posts_position() counts in the same index.
 *
 * The filters and the order must be exactly db-post.c's query_sql() for
 * the positions to agree; a search is ranked, has no such key, and is not
 * handled here (the caller pages it by offset).
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "majlis.h"

/*
 * The filters of q, resolved: the feed and tag ids.  Returns 0, 1 if q
 * cannot match anything or is a search (not handled here), -1 on error.
 */
static int
filter_ids(struct db *db, const struct db_post_query *q, int64_t *feed,
    int64_t *tag)
{
	int	 rc;

	*feed = q->feed_id;
	*tag = 0;
	if (q->search != NULL)
		return 1;
	if (q->feed_url != NULL) {
		if ((rc = db_feed_find(db, q->feed_url, feed)) != 0)
			return rc;
		if (q->feed_id != 0 && q->feed_id != *feed)
			return 1;
	}
	if (q->tag != NULL && (rc = db_tag_id(db, q->tag, 0, tag)) != 0)
		return rc;
	return 0;
}

/*
 * Prepare "SELECT what FROM posts p WHERE <q's filters> tail" with the
 * filters bound (:feed, :tag); the caller binds what tail names.  NULL on
 * error.
 */
static struct sqlite3_stmt *
filter_stmt(struct db *db, const struct db_post_query *q, int64_t feed,
    int64_t tag, const char *what, const char *tail)
{
	struct buf	 b;
	sqlite3_stmt	*stmt;
	int		 i;

	buf_init(&b);
	buf_addf(&b, "SELECT %s FROM posts p WHERE 1", what);
	if (q->unread)
		buf_adds(&b, " AND p.read = 0");
	if (feed != 0)
		buf_adds(&b, " AND p.feed_id = :feed");
	if (tag != 0)
		buf_adds(&b, " AND (p.id IN (SELECT post_id FROM post_tags"
		    " WHERE tag_id = :tag) OR p.feed_id IN (SELECT feed_id"
		    " FROM feed_tags WHERE tag_id = :tag))");
	buf_adds(&b, tail);
	stmt = db_stmt(db, buf_str(&b));
	buf_free(&b);
	if (stmt == NULL)
		return NULL;
	if ((i = sqlite3_bind_parameter_index(stmt, ":feed")) > 0)
		sqlite3_bind_int64(stmt, i, feed);
	if ((i = sqlite3_bind_parameter_index(stmt, ":tag")) > 0)
		sqlite3_bind_int64(stmt, i, tag);
	return stmt;
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
	sqlite3_stmt	*stmt;
	int64_t		 feed, tag;
	int		 rc;

	if (offset < 0)
		return 1;
	if ((rc = filter_ids(db, q, &feed, &tag)) != 0)
		return rc;
	stmt = filter_stmt(db, q, feed, tag, "p.sort_time, p.id",
	    " ORDER BY p.sort_time DESC, p.id DESC LIMIT 1 OFFSET :offset");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":offset"),
	    offset);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*time = sqlite3_column_int64(stmt, 0);
		*id = sqlite3_column_int64(stmt, 1);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = db_error(db, "posts");
	sqlite3_reset(stmt);
	return rc;
}

/*
 * The position (0: the newest) that the post with key (time, id) has, or
 * would have, in the list q describes: the number of its rows newer than
 * the key.  This is how the reader finds its selected post again after
 * the list changed.  Returns the position, or -1 if q is a search or on a
 * database error.
 */
int64_t
db_posts_position(struct db *db, const struct db_post_query *q, int64_t time,
    int64_t id)
{
	sqlite3_stmt	*stmt;
	int64_t		 feed, tag, n = -1;

	if (filter_ids(db, q, &feed, &tag) != 0)
		return q->search == NULL ? 0 : -1;
	stmt = filter_stmt(db, q, feed, tag, "count(*)",
	    " AND (p.sort_time, p.id) > (:time, :id)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":time"),
	    time);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":id"), id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		db_error(db, "posts");
	sqlite3_reset(stmt);
	return n;
}
