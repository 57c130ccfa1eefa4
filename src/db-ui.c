/*
 * The one query the reader needs beyond db-post.c: where a row of a post
 * list is, by position, without reading the rows before it.
 *
 * A list of 100,000 posts paged by OFFSET costs a table lookup for every
 * row skipped: jumping to the end (G) of "All unread" read 400 ms worth of
 * post rows, wide with their content.  db_posts_key_at() walks the same
 * ordering in the covering index instead (posts_read_time, posts_feed_time
 * or posts_time hold sort_time and the rowid), which is some 30 times
 * cheaper, and returns the key of the row at that position; the page
 * itself is then read by key (db_post_query.before_time/before_id), which
 * is an index seek.
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
 * The sort key (sort_time, id) of the post at position offset (0: the
 * newest) of the list q describes, ignoring q's paging fields.  Returns 0
 * with *time and *id set, 1 if there is no such row (or q is a search), -1
 * on a database error.
 */
int
db_posts_key_at(struct db *db, const struct db_post_query *q, int64_t offset,
    int64_t *time, int64_t *id)
{
	struct buf	 b;
	sqlite3_stmt	*stmt;
	int64_t		 feed = q->feed_id, tag = 0;
	int		 rc, i;

	if (q->search != NULL || offset < 0)
		return 1;
	if (q->feed_url != NULL) {
		if ((rc = db_feed_find(db, q->feed_url, &feed)) != 0)
			return rc;
		if (q->feed_id != 0 && q->feed_id != feed)
			return 1;
	}
	if (q->tag != NULL && (rc = db_tag_id(db, q->tag, 0, &tag)) != 0)
		return rc;

	buf_init(&b);
	buf_adds(&b, "SELECT p.sort_time, p.id FROM posts p WHERE 1");
	if (q->unread)
		buf_adds(&b, " AND p.read = 0");
	if (feed != 0)
		buf_adds(&b, " AND p.feed_id = :feed");
	if (tag != 0)
		buf_adds(&b, " AND (p.id IN (SELECT post_id FROM post_tags"
		    " WHERE tag_id = :tag) OR p.feed_id IN (SELECT feed_id"
		    " FROM feed_tags WHERE tag_id = :tag))");
	buf_adds(&b, " ORDER BY p.sort_time DESC, p.id DESC LIMIT 1"
	    " OFFSET :offset");
	stmt = db_stmt(db, buf_str(&b));
	buf_free(&b);
	if (stmt == NULL)
		return -1;
	if ((i = sqlite3_bind_parameter_index(stmt, ":feed")) > 0)
		sqlite3_bind_int64(stmt, i, feed);
	if ((i = sqlite3_bind_parameter_index(stmt, ":tag")) > 0)
		sqlite3_bind_int64(stmt, i, tag);
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
