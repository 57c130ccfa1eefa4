/*
 * db-sync.c: the store's side of sync with a server (sync.c runs it).  The
 * cache stays the truth the reader sees; the server's feeds, items and
 * their state are written into it here, and what the user changed since
 * the last push is read back (the table sync_pending, which triggers fill:
 * see migration 15 in db-schema.c).
 *
 * The invariants:
 *   1. a post the server knows carries its item id (posts.sync_id), at most
 *      one post an id; a post the server and a direct fetch both bring is
 *      one post: db_sync_post() files the server's item under the key of
 *      the feed's post with the same link, and db_store_entry() gives a
 *      synced post keyed by its link the entry's own key when the feed
 *      brings it (db_sync_adopt());
 *   2. a pending change outlives the push until the server acknowledged
 *      it, and goes only if it was not changed again meanwhile
 *      (db_sync_pending_done());
 *   3. the server's state is written with the 'applying' row in sync_state
 *      (db_sync_applying()), so the triggers do not take it for the user's,
 *      and never over a field with a pending change: a pending local change
 *      wins (db_sync_apply_read(), db_sync_apply_tag()).
 *   4. a feed removed here while the server lists it is not subscribed
 *      again by the pull while its unsubscribe is pending (db_sync_feed());
 *      a subscription is sent once: the row goes when the server
 *      acknowledged it (db_sync_feed_done()).
 * The caller holds the transaction: each function here is a step of one.
 */
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

/* A value of sync_state: a heap string, or NULL (none, or an error). */
char *
db_sync_get(struct db *db, const char *key)
{
	sqlite3_stmt	*stmt;
	char		*v = NULL;

	if ((stmt = db_stmt(db, "SELECT value FROM sync_state"
	    " WHERE key = ?")) == NULL)
		return NULL;
	db_bind_str(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = db_column_str(stmt, 0);
	sqlite3_reset(stmt);
	return v;
}

/* Set a value of sync_state; NULL deletes it.  0 or -1. */
int
db_sync_set(struct db *db, const char *key, const char *value)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, value == NULL ?
	    "DELETE FROM sync_state WHERE key = ?1" :
	    "INSERT OR REPLACE INTO sync_state(key, value) VALUES (?1, ?2)"))
	    == NULL)
		return -1;
	db_bind_str(stmt, 1, key);
	if (value != NULL)
		db_bind_str(stmt, 2, value);
	return db_step_done(db, stmt, "sync");
}

/*
 * The server's state is being written (on), or no longer (off): the
 * triggers record no pending change meanwhile.  Always turned off before
 * the transaction commits.
 */
int
db_sync_applying(struct db *db, int on)
{
	return db_sync_set(db, "applying", on ? "1" : NULL);
}

/*
 * A feed the server lists: subscribed if it was not, given the server's id
 * for it and its folders as tags.  title is the server's, a hint the
 * feed's own replaces.  *id the feed's.  0, 1 when it is being
 * unsubscribed from (invariant 4: left alone), or -1.
 */
int
db_sync_feed(struct db *db, const char *url, const char *title,
    const char *sync_id, char *const *tags, size_t ntags, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/*
	 * Invariant 4: removed here, the unsubscribe not yet sent (by the
	 * server's id, or by the address: db_sync_feed_removed()).
	 */
	if ((stmt = db_stmt(db, "SELECT 1 FROM sync_feeds"
	    " WHERE action = 0 AND target IN (?, ?)")) == NULL)
		return -1;
	db_bind_str(stmt, 1, sync_id);
	db_bind_str(stmt, 2, url);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_error(db, "sync");
	if (db_feed_add(db, url, NULL, tags, ntags, id) == -1)
		return -1;
	if (title != NULL && db_feed_title_hint(db, *id, title) == -1)
		return -1;
	if ((stmt = db_stmt(db, "UPDATE feeds SET sync_id = ?"
	    " WHERE id = ?")) == NULL)
		return -1;
	db_bind_str(stmt, 1, sync_id);
	sqlite3_bind_int64(stmt, 2, *id);
	return db_step_done(db, stmt, "sync");
}

/* The feed the server calls sync_id: 0 with *id, 1 unknown, -1. */
int
db_sync_feed_find(struct db *db, const char *sync_id, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT id FROM feeds WHERE sync_id = ?"
	    " AND subscribed")) == NULL)
		return -1;
	db_bind_str(stmt, 1, sync_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_error(db, "sync");
}

/*
 * The key a server's item is filed under in a feed: the key of the post
 * that has its id, or of the feed's post with its link (the one a direct
 * fetch brought: invariant 1), else its link, else "sync:" and its id.
 * A heap string, or NULL on an error.
 */
static char *
sync_post_key(struct db *db, int64_t feed, const struct entry *e,
    const char *sync_id)
{
	sqlite3_stmt	*stmt;
	char		*key = NULL;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT key FROM posts WHERE feed_id = ?1"
	    " AND (sync_id = ?2 OR link = ?3)"
	    " ORDER BY sync_id IS ?2 DESC, id LIMIT 1")) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, feed);
	db_bind_str(stmt, 2, sync_id);
	db_bind_str(stmt, 3, e->link);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		key = db_column_str(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(db, "sync");
		return NULL;
	}
	if (key != NULL)
		return key;
	if (e->link != NULL && *e->link != '\0')
		return xstrdup(e->link);
	xasprintf(&key, "sync:%s", sync_id);
	return key;
}

/*
 * Store a server's item as a post of feed, with its id.  Returns
 * db_store_entry()'s 0, 1 (new) or 2 (edited), or -1.
 */
int
db_sync_post(struct db *db, int64_t feed, const struct entry *e,
    const char *sync_id)
{
	static const char *const moves[] = {
		"UPDATE posts SET sync_id = NULL WHERE sync_id = ?1"
		" AND NOT (feed_id = ?2 AND key = ?3)",
		"UPDATE posts SET sync_id = ?1 WHERE feed_id = ?2 AND key = ?3"
	};
	sqlite3_stmt	*stmt;
	char		*key;
	size_t		 i;
	int		 rc = -1;

	if ((key = sync_post_key(db, feed, e, sync_id)) == NULL)
		return -1;
	if ((rc = db_store_entry(db, feed, e, key, db_entry_hash(e))) == -1)
		goto out;
	/*
	 * The id is this post's: first it leaves a post the server gave it
	 * to before (an item moved between feeds), then it comes here.  Two
	 * statements, as SQLite checks the unique index row by row.
	 */
	for (i = 0; i < nitems(moves); i++) {
		if ((stmt = db_stmt(db, moves[i])) == NULL)
			goto fail;
		db_bind_str(stmt, 1, sync_id);
		sqlite3_bind_int64(stmt, 2, feed);
		db_bind_str(stmt, 3, key);
		if (db_step_done(db, stmt, "sync") == -1)
			goto fail;
	}
	goto out;
fail:
	rc = -1;
out:
	free(key);
	return rc;
}

/*
 * Invariant 1 from the fetch's side: an entry whose key no post of the
 * feed has, whose link a synced post was filed under, is that post.  Only
 * a feed the server knows has synced posts (db_store_join() noted it).  It
 * takes the entry's key; *id is the post's.  0 adopted, 1 none, -1.
 */
int
db_sync_adopt(struct db *db, int64_t feed, const struct entry *e,
    const char *key, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (!db_store_synced(db) || e->link == NULL || *e->link == '\0' ||
	    strcmp(key, e->link) == 0)
		return 1;
	if ((stmt = db_stmt(db, "SELECT id FROM posts WHERE feed_id = ?"
	    " AND key = ? AND sync_id IS NOT NULL")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, feed);
	db_bind_str(stmt, 2, e->link);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_error(db, "store");
	if ((stmt = db_stmt(db, "UPDATE posts SET key = ? WHERE id = ?"))
	    == NULL)
		return -1;
	db_bind_str(stmt, 1, key);
	sqlite3_bind_int64(stmt, 2, *id);
	return db_step_done(db, stmt, "store");
}

/*
 * The set of item ids the next db_sync_apply_*() reads: emptied by
 * db_sync_ids_clear(), filled by db_sync_ids_add().  A temporary table,
 * the connection's own.
 */
int
db_sync_ids_clear(struct db *db)
{
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_ids"
	    " (id TEXT PRIMARY KEY) WITHOUT ROWID") == -1)
		return -1;
	return db_exec(db, "DELETE FROM temp.sync_ids");
}

int
db_sync_ids_add(struct db *db, const char *id)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "INSERT OR IGNORE INTO temp.sync_ids(id)"
	    " VALUES (?)")) == NULL)
		return -1;
	db_bind_str(stmt, 1, id);
	return db_step_done(db, stmt, "sync");
}

/*
 * The server's read state: the synced posts whose ids are in the set are
 * unread, the others read; a post with a pending change of its read flag
 * keeps it (invariant 3).  Posts changed, or -1.
 */
int64_t
db_sync_apply_read(struct db *db)
{
	if (db_exec(db, "UPDATE posts SET read = NOT (sync_id IN"
	    " (SELECT id FROM temp.sync_ids))"
	    " WHERE sync_id IS NOT NULL"
	    " AND read IS NOT (NOT (sync_id IN (SELECT id FROM temp.sync_ids)))"
	    " AND NOT EXISTS (SELECT 1 FROM sync_pending s"
	    "  WHERE s.post_id = posts.id AND s.what = 'read')") == -1)
		return -1;
	return sqlite3_changes(db_handle(db));
}

/*
 * The server's label (or starred, as the tag the user named for it): the
 * synced posts whose ids are in the set carry tag, the other synced posts
 * do not; a post with a pending change of that tag keeps it (invariant 3).
 * 0 or -1.
 */
int
db_sync_apply_tag(struct db *db, const char *tag)
{
	sqlite3_stmt	*stmt;
	char		*what;
	int64_t		 tid;
	int		 rc = -1;

	if (!db_tag_valid(tag))
		return 0;
	if (db_tag_id(db, tag, 1, &tid) == -1)
		return -1;
	xasprintf(&what, "tag:%s", tag);
	if ((stmt = db_stmt(db, "INSERT OR IGNORE INTO post_tags(post_id,"
	    " tag_id) SELECT p.id, ?1 FROM posts p JOIN temp.sync_ids s"
	    " ON p.sync_id = s.id WHERE NOT EXISTS (SELECT 1 FROM sync_pending"
	    " q WHERE q.post_id = p.id AND q.what = ?2)")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, tid);
	db_bind_str(stmt, 2, what);
	if (db_step_done(db, stmt, "sync") == -1)
		goto out;
	if ((stmt = db_stmt(db, "DELETE FROM post_tags WHERE tag_id = ?1"
	    " AND post_id IN (SELECT p.id FROM posts p WHERE p.sync_id IS NOT"
	    " NULL AND p.sync_id NOT IN (SELECT id FROM temp.sync_ids)"
	    " AND NOT EXISTS (SELECT 1 FROM sync_pending q"
	    "  WHERE q.post_id = p.id AND q.what = ?2))")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, tid);
	db_bind_str(stmt, 2, what);
	if (db_step_done(db, stmt, "sync") == -1)
		goto out;
	rc = db_tag_gc(db, tid);
out:
	free(what);
	return rc;
}

/*
 * A synced post's tag as the server has it (on: carried), unless the
 * post has a pending change of that tag (invariant 3).  0 or -1.
 */
int
db_sync_post_tag(struct db *db, const char *sync_id, const char *tag,
    int on)
{
	sqlite3_stmt	*stmt;
	char		*what;
	int64_t		 id = 0;
	int		 rc;

	if (!db_tag_valid(tag))
		return 0;
	xasprintf(&what, "tag:%s", tag);
	if ((stmt = db_stmt(db, "SELECT id FROM posts p WHERE sync_id = ?"
	    " AND NOT EXISTS (SELECT 1 FROM sync_pending s"
	    " WHERE s.post_id = p.id AND s.what = ?)")) == NULL) {
		free(what);
		return -1;
	}
	db_bind_str(stmt, 1, sync_id);
	db_bind_str(stmt, 2, what);	/* bound, not copied: freed after */
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	free(what);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_error(db, "sync");
	rc = on ? db_post_tag(db, id, tag) : db_post_untag(db, id, tag);
	return rc == -1 ? -1 : 0;
}

/*
 * One item's state as the server gave it with the item: its read flag and
 * tags it carries, each unless pending (invariant 3).  0 or -1.
 */
int
db_sync_post_state(struct db *db, const char *sync_id, int read,
    char *const *tags, size_t ntags)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	if ((stmt = db_stmt(db, "UPDATE posts SET read = ?1 WHERE sync_id = ?2"
	    " AND read IS NOT ?1 AND NOT EXISTS (SELECT 1 FROM sync_pending s"
	    " WHERE s.post_id = posts.id AND s.what = 'read')")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, read);
	db_bind_str(stmt, 2, sync_id);
	if (db_step_done(db, stmt, "sync") == -1)
		return -1;
	for (i = 0; i < ntags; i++) {
		if (db_sync_post_tag(db, sync_id, tags[i], 1) == -1)
			return -1;
	}
	return 0;
}

/*
 * What the user changed on synced posts since the last push, oldest first:
 * a heap array of *n changes (db_sync_changes_free()).  0 or -1.
 */
int
db_sync_pending(struct db *db, struct db_sync_change **out, size_t *n)
{
	sqlite3_stmt		*stmt;
	struct db_sync_change	*c;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, "SELECT s.post_id, p.sync_id, s.what,"
	    " s.value, s.time FROM sync_pending s JOIN posts p"
	    " ON p.id = s.post_id WHERE p.sync_id IS NOT NULL"
	    " ORDER BY s.what, s.value, s.time")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		c->post = sqlite3_column_int64(stmt, 0);
		c->sync_id = db_column_str(stmt, 1);
		c->what = db_column_str(stmt, 2);
		c->value = sqlite3_column_int(stmt, 3);
		c->time = sqlite3_column_int64(stmt, 4);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_sync_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, "sync");
	}
	return 0;
}

void
db_sync_changes_free(struct db_sync_change *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(c[i].sync_id);
		free(c[i].what);
	}
	free(c);
}

/*
 * The server acknowledged these changes: they are no longer pending,
 * unless the user changed the field again since they were read (its row
 * then has another value or time, and is pushed next time).  0 or -1.
 */
int
db_sync_pending_done(struct db *db, const struct db_sync_change *c,
    size_t n)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((stmt = db_stmt(db, "DELETE FROM sync_pending"
		    " WHERE post_id = ? AND what = ? AND value = ?"
		    " AND time = ?")) == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, c[i].post);
		db_bind_str(stmt, 2, c[i].what);
		sqlite3_bind_int(stmt, 3, c[i].value);
		sqlite3_bind_int64(stmt, 4, c[i].time);
		if (db_step_done(db, stmt, "sync") == -1)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * majlis add subscribed feed (new, or back from a remove) with a sync
 * server configured: subscribe to it there too, at the next push, in
 * folder (its first tag, or NULL).  An unsubscribe of it not yet sent is
 * only taken back: the server still has the feed.  0 or -1.
 */
int
db_sync_feed_added(struct db *db, int64_t feed, const char *folder)
{
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_row_exists(db, "SELECT 1 FROM sync_feeds s JOIN feeds f"
	    " ON s.target = f.sync_id WHERE s.action = 0 AND f.id = ?",
	    feed, "sync")) == 0)
		rc = db_exec_id(db, "DELETE FROM sync_feeds WHERE"
		    " action = 0 AND target = (SELECT sync_id FROM feeds"
		    " WHERE id = ?1)", feed, NULL, "sync");
	else if (rc == 1 && (rc = db_exec_id(db, "DELETE FROM sync_feeds"
	    " WHERE action = 1 AND target = (SELECT url FROM feeds"
	    " WHERE id = ?1)", feed, NULL, "sync")) != -1)
		rc = db_exec_id(db, "INSERT INTO sync_feeds(action,"
		    " target, folder, time) SELECT 1, url, ?2,"
		    " strftime('%s', 'now') FROM feeds WHERE id = ?1", feed,
		    folder, "sync");
	if (rc == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/*
 * majlis remove of subscribed feed, in the remove's transaction: a
 * subscription to it not yet sent is taken back; if the server has it
 * (its id), unsubscribe from it there at the next push, keeping that id
 * alone.  A feed without the server's id in a cache that syncs may be one
 * the server took a subscription to, whose id the pull that lists it
 * never brought (a sync killed between the two): its address is kept
 * instead, which the push looks up in the server's list
 * (sync_feeds_send()) and the pull leaves alone (db_sync_feed()).  Not a
 * command feed's, which the server never has.  0 or -1.
 */
int
db_sync_feed_removed(struct db *db, int64_t feed)
{
	if (db_exec_id(db, "INSERT INTO sync_feeds(action, target,"
	    " time) SELECT 0, coalesce(sync_id, url), strftime('%s', 'now')"
	    " FROM feeds f WHERE id = ?1 AND (sync_id IS NOT NULL OR"
	    " ((url LIKE 'http://%' OR url LIKE 'https://%') AND"
	    " EXISTS (SELECT 1 FROM sync_state) AND NOT EXISTS (SELECT 1"
	    " FROM sync_feeds s WHERE s.action = 1 AND s.target = f.url)))"
	    " AND NOT EXISTS (SELECT 1 FROM sync_feeds s WHERE s.action = 0"
	    " AND s.target = coalesce(f.sync_id, f.url))", feed, NULL,
	    "sync") == -1)
		return -1;
	return db_exec_id(db, "DELETE FROM sync_feeds WHERE action = 1 AND"
	    " target = (SELECT url FROM feeds WHERE id = ?1)", feed, NULL,
	    "sync") == -1 ? -1 : 0;
}

/* The subscriptions to send, oldest first (the header says how).  0, -1. */
int
db_sync_feeds(struct db *db, struct db_sync_feed_change **out, size_t *n)
{
	sqlite3_stmt			*stmt;
	struct db_sync_feed_change	*c;
	int				 rc;

	*out = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, "SELECT id, action, target, folder"
	    " FROM sync_feeds ORDER BY id")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(stmt, 0);
		c->action = sqlite3_column_int(stmt, 1);
		c->target = db_column_str(stmt, 2);
		c->folder = db_column_str(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_sync_feeds_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(db, "sync");
	}
	return 0;
}

void
db_sync_feeds_free(struct db_sync_feed_change *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(c[i].target);
		free(c[i].folder);
	}
	free(c);
}

/* The server acknowledged subscription change id: it goes.  0 or -1. */
int
db_sync_feed_done(struct db *db, int64_t id)
{
	return db_exec_id(db, "DELETE FROM sync_feeds WHERE id = ?1", id,
	    NULL, "sync") == -1 ? -1 : 0;
}
