/*
 * The deferred full-text index: moving posts from pending to indexed.
 * db-schema.c's top comment gives the two states and the triggers that
 * keep them; this file performs the one transition the triggers leave to
 * us.
 *
 * Who indexes:
 *   1. a search: db_posts_query() and db_posts_count() call
 *      db_index_catch_up() before they search, so that a post fetched a
 *      moment ago is found;
 *   2. the reader, on its idle timer ticks, with db_index_pending() and a
 *      small max, so that a search rarely finds anything left to do;
 *   3. never the fetch: indexing is most of what a cold fetch would cost.
 *
 * The busy case.  Indexing needs the write lock.  A fetch holds it for a
 * batch of feeds at a time, at most about FETCH_BATCH_MS (500 ms), so
 * waiting DB_INDEX_BUSY ms usually gets it;
 * if it does not (a fetch that never waits, another process with a long
 * transaction), the search goes on with what is already indexed and says
 * nothing: a search that misses a post fetched that very second is better
 * than a reader frozen for the whole busy timeout, and the next search
 * catches up.  A read-only file is treated alike.
 *
 * Fairness.  A large catch-up (100,000 posts after a first fetch of a big
 * list) is cut into transactions of DB_INDEX_BATCH posts, and while a fetch
 * is running we pause between them longer than SQLite's busy handler
 * sleeps (at most 100 ms), so that the fetch's next feed gets in instead of
 * timing out behind us.
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "db-int.h"

#define DB_INDEX_BUSY	600	/* ms to wait for the write lock */
#define DB_INDEX_BATCH	1000	/* posts per transaction when catching up */
#define DB_INDEX_YIELD	120	/* ms between batches while a fetch runs */

/* How many posts are pending: >= 0, or -1.  Needs no lock. */
static int64_t
pending_count(struct db *db)
{
	sqlite3_stmt	*stmt;
	int64_t		 n;

	if ((stmt = db_stmt(db, "SELECT count(*) FROM fts_pending")) == NULL)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return db_errorf(db, _("index: %s"),
		    sqlite3_errmsg(db_handle(db)));
	}
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return n;
}

/*
 * Index up to max (0: all) of the oldest pending posts in one write
 * transaction.  Returns the number still pending, or -1; *busy is set when
 * the write lock could not be had (then nothing was done).
 */
static int64_t
index_batch(struct db *db, int64_t max, int *busy)
{
	static const char *const sql[] = {
		/*
		 * The posts first: the join needs them still pending.
		 * CROSS JOIN: the pending ids drive, in order.  Left to
		 * choose, the planner of a cache with statistics on posts
		 * walked all 100,000 posts and sorted them for each batch
		 * of 1,000 (a rebuild of the index took 32 s, not 14 s).
		 */
		"INSERT INTO posts_fts(rowid, title, author, body)"
		" SELECT p.id, majlis_index(p.title, p.lang),"
		"  majlis_index(p.author, p.lang), majlis_index_html("
		"  coalesce(nullif(b.content, ''), b.summary), p.lang)"
		" FROM fts_pending f CROSS JOIN posts p ON p.id = f.post_id"
		" LEFT JOIN bodies b ON b.post_id = p.id"
		" ORDER BY f.post_id LIMIT ?1",
		/* The same ids: nothing else writes inside our transaction. */
		"DELETE FROM fts_pending WHERE post_id IN"
		" (SELECT post_id FROM fts_pending ORDER BY post_id LIMIT ?1)",
	};
	sqlite3_stmt	*stmt;
	int64_t		 left;
	size_t		 i;
	int		 rc;

	*busy = 0;
	if ((rc = db_try_begin(db, DB_INDEX_BUSY)) == 1) {
		*busy = 1;
		return pending_count(db);
	}
	if (rc == -1)
		return -1;
	for (i = 0; i < nitems(sql); i++) {
		if ((stmt = db_stmt(db, sql[i])) == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, max > 0 ? max : -1);
		if (db_step_done(db, stmt, "index") == -1)
			goto fail;
	}
	if ((left = pending_count(db)) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	return left;
fail:
	db_rollback(db);
	return -1;
}

/*
 * Index up to max pending posts (0: all), oldest first, in one write
 * transaction.  Returns how many are left pending: 0 when the index is
 * complete, unchanged if another connection held the write lock for more
 * than DB_INDEX_BUSY ms (try again later); -1 on error.
 */
int
db_index_pending(struct db *db, int64_t max)
{
	int64_t	 left;
	int	 busy;

	left = index_batch(db, max, &busy);
	return left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * Index everything pending before a search, in batches (see the top of
 * the file).  Returns 0 when done or when the lock was busy, -1 on error.
 */
int
db_index_catch_up(struct db *db)
{
	int64_t	 left, total;
	int	 busy;

	/* The common case, nothing pending, takes no lock at all. */
	if ((total = pending_count(db)) <= 0)
		return total == -1 ? -1 : 0;
	for (;;) {
		if ((left = index_batch(db, DB_INDEX_BATCH, &busy)) == -1)
			return -1;
		/* Others may add posts meanwhile: done never goes back. */
		if (left > total)
			total = left;
		if (total > DB_INDEX_BATCH)
			db_progress(db, busy ? -1 : total - left, total);
		if (left == 0 || busy)
			return 0;
		if (db_fetch_running(db))
			usleep(DB_INDEX_YIELD * 1000);
	}
}
