/*
 * The schema: the append-only list of migrations and the code that applies
 * them when a database is opened (db_migrate(), called by db_open()).
 *
 * Schema versions.  PRAGMA user_version is the number of migrations applied.
 * migrations[] below is append-only: a released entry is never edited, a
 * change is a new entry.  db_migrate() applies the missing ones in one
 * IMMEDIATE transaction (so two processes opening an old file at once do
 * not both migrate: the second re-reads the version under the lock), and
 * refuses a file whose version is newer than the list: it was written by a
 * newer majlis, and guessing at its meaning could lose data.
 *
 * Full-text index.  posts_fts is a contentless FTS5 table whose rowid is
 * the post's id.  It holds folded text (fold.c), which is not what the
 * posts table stores, so it cannot be an external-content table.  Indexing
 * is deferred: building the index is most of the CPU a cold fetch would
 * otherwise spend, so a fetch only records which posts need it and
 * searches catch up (db-index.c).  Every post is in exactly one of two
 * states:
 *   1. pending: its id is in fts_pending and posts_fts knows nothing of it
 *      (the insert trigger puts a new post there, in the fetch's own
 *      transaction);
 *   2. indexed: posts_fts holds the folded text of its current title,
 *      author and body; db_index_pending() moves posts from 1 to 2.
 * An edit of an indexed post deletes its old text from the index and makes
 * it pending again; an edit of a pending post changes nothing (it will be
 * indexed with its new text).  Deleting a post removes it from whichever
 * state it is in.  The WHEN NOT EXISTS conditions in the triggers are what
 * keep a 'delete' away from posts_fts for a pending post: a contentless
 * table told to delete tokens it never had corrupts its counts silently.
 * The triggers call the SQL functions majlis_index() and majlis_index_html()
 * and the table the tokenizer "majlis" (db-token.c) that db_open()
 * registers on every connection.  A contentless table can only delete a
 * row given the very tokens indexed, so the analysis must be
 * deterministic; when it changes (fold.c, stem.c, db-token.c),
 * DB_FOLD_VERSION changes and db_migrate() empties the index and makes
 * every post pending.
 */
#include <stdlib.h>

#include "db-int.h"

/*
 * The migrations.  Entry N takes a database from user_version N to N + 1.
 * Append only.
 */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT,"
	"  site TEXT,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  last_fetch INTEGER,"
	"  status INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  retry_after INTEGER,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  disabled_reason TEXT,"
	"  proxy TEXT,"
	"  settings TEXT,"
	"  subscribed INTEGER NOT NULL DEFAULT 1,"
	"  added INTEGER NOT NULL);"
	"CREATE TABLE tags ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE feed_tags ("
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (feed_id, tag_id)) WITHOUT ROWID;"
	"CREATE INDEX feed_tags_tag ON feed_tags(tag_id, feed_id);"
	"CREATE TABLE posts ("
	"  id INTEGER PRIMARY KEY,"
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  link TEXT,"
	"  title TEXT,"
	"  author TEXT,"
	"  published INTEGER,"
	"  updated INTEGER,"
	"  summary TEXT,"
	"  content TEXT,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  first_seen INTEGER NOT NULL,"
	"  sort_time INTEGER NOT NULL,"
	"  hash INTEGER NOT NULL,"
	"  UNIQUE (feed_id, key));"
	/* posts --unread, newest first: walks this index and stops. */
	"CREATE INDEX posts_read_time ON posts(read, sort_time DESC, id DESC);"
	"CREATE INDEX posts_feed_time"
	"  ON posts(feed_id, sort_time DESC, id DESC);"
	"CREATE INDEX posts_time ON posts(sort_time DESC, id DESC);"
	/* Per-feed unread/total counts from the index alone. */
	"CREATE INDEX posts_feed_read ON posts(feed_id, read);"
	"CREATE TABLE post_tags ("
	"  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,"
	"  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (post_id, tag_id)) WITHOUT ROWID;"
	"CREATE INDEX post_tags_tag ON post_tags(tag_id, post_id);"
	"CREATE TABLE enclosures ("
	"  id INTEGER PRIMARY KEY,"
	"  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL,"
	"  type TEXT,"
	"  length INTEGER);"
	"CREATE INDEX enclosures_post ON enclosures(post_id);"
	/*
	 * Keys of expired posts, so that a post still in the feed's document
	 * does not come back as new after retention removed it.
	 */
	"CREATE TABLE gone ("
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  key TEXT NOT NULL,"
	"  PRIMARY KEY (feed_id, key)) WITHOUT ROWID;"
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value) WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE posts_fts USING fts5("
	"  title, author, body, content='',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN"
	"  INSERT INTO posts_fts(rowid, title, author, body) VALUES (new.id,"
	"    majlis_fold(new.title), majlis_fold(new.author),"
	"    majlis_fold_html(coalesce(nullif(new.content, ''), new.summary)));"
	" END;"
	"CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    VALUES ('delete', old.id,"
	"    majlis_fold(old.title), majlis_fold(old.author),"
	"    majlis_fold_html(coalesce(nullif(old.content, ''), old.summary)));"
	" END;"
	/* Only text changes touch the index; marking read does not. */
	"CREATE TRIGGER posts_fts_update"
	"  AFTER UPDATE OF title, author, summary, content ON posts BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    VALUES ('delete', old.id,"
	"    majlis_fold(old.title), majlis_fold(old.author),"
	"    majlis_fold_html(coalesce(nullif(old.content, ''), old.summary)));"
	"  INSERT INTO posts_fts(rowid, title, author, body) VALUES (new.id,"
	"    majlis_fold(new.title), majlis_fold(new.author),"
	"    majlis_fold_html(coalesce(nullif(new.content, ''), new.summary)));"
	" END;",

	/*
	 * 2: deferred indexing (see the top of the file).  Posts indexed so
	 * far stay indexed.  The update trigger fires only when the indexed
	 * text really changed: a feed that edits a link or a date must not
	 * cost a reindex.  No INSERT OR IGNORE in a trigger: the upsert
	 * that fires it imposes its own conflict handling (ABORT) on it.
	 */
	"CREATE TABLE fts_pending ("
	"  post_id INTEGER PRIMARY KEY);"
	"DROP TRIGGER posts_fts_insert;"
	"DROP TRIGGER posts_fts_delete;"
	"DROP TRIGGER posts_fts_update;"
	"CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN"
	"  INSERT INTO fts_pending(post_id) SELECT new.id"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = new.id);"
	" END;"
	"CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    SELECT 'delete', old.id,"
	"    majlis_fold(old.title), majlis_fold(old.author),"
	"    majlis_fold_html(coalesce(nullif(old.content, ''), old.summary))"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = old.id);"
	"  DELETE FROM fts_pending WHERE post_id = old.id;"
	" END;"
	"CREATE TRIGGER posts_fts_update"
	"  AFTER UPDATE OF title, author, summary, content ON posts"
	"  WHEN old.title IS NOT new.title OR old.author IS NOT new.author"
	"  OR old.summary IS NOT new.summary OR old.content IS NOT new.content"
	"  BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    SELECT 'delete', old.id,"
	"    majlis_fold(old.title), majlis_fold(old.author),"
	"    majlis_fold_html(coalesce(nullif(old.content, ''), old.summary))"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = old.id);"
	"  INSERT INTO fts_pending(post_id) SELECT new.id"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = new.id);"
	" END;",

	/*
	 * 3: less work for every post stored.  One index fewer: the read
	 * flag joins the feed's list index, which then also gives the
	 * per-feed unread and total counts (covering), filters a feed's
	 * unread posts without reading the rows, and marks a feed read;
	 * EXPLAIN QUERY PLAN of every query of db-*.c picks it where it
	 * picked either.  And the insert trigger without its NOT EXISTS: a
	 * new id cannot be pending, as deleting a post (by hand or by the
	 * feeds' ON DELETE CASCADE, which fires triggers too) takes its id
	 * out of fts_pending, and the probe was a cost on every post stored.
	 */
	"DROP INDEX IF EXISTS posts_feed_read;"
	"DROP INDEX IF EXISTS posts_feed_time;"
	"CREATE INDEX posts_feed_time_read"
	"  ON posts(feed_id, sort_time DESC, id DESC, read);"
	"DROP TRIGGER posts_fts_insert;"
	"CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN"
	"  INSERT INTO fts_pending(post_id) VALUES (new.id);"
	" END;",

	/*
	 * 4: what the river (cmd-river.c) needs to publish a post: its
	 * language (xml:lang, else the feed's <language>) for the page's
	 * lang attributes, and the xml:base its text was written against,
	 * when the feed set one, to resolve the links in it.  Posts stored
	 * before have neither: the page then lets the browser guess the
	 * direction, and resolves against the post's link.
	 */
	("ALTER TABLE posts ADD COLUMN lang TEXT;"
	 "ALTER TABLE posts ADD COLUMN base TEXT;"),

	/*
	 * 5: followed member lists (fetch-follow.c, db-list.c).  A member keeps the
	 * URL the list gives it apart from its feed's, which a permanent
	 * redirect may change; a feed the user removes leaves its member
	 * rows with feed_id NULL, so that the list does not bring it back.
	 * tags are follow's TAG arguments, joined by char(31).  IF NOT
	 * EXISTS: a file whose user_version was set back (the migration
	 * tests do) must still open.
	 */
	"CREATE TABLE IF NOT EXISTS lists ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT,"
	"  tags TEXT,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  last_sync INTEGER,"
	"  status INTEGER NOT NULL DEFAULT 0,"
	"  error TEXT,"
	"  added INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS list_members ("
	"  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL,"
	"  feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,"
	"  left INTEGER NOT NULL DEFAULT 0,"
	"  backlog INTEGER,"
	"  PRIMARY KEY (list_id, url)) WITHOUT ROWID;"
	"CREATE INDEX IF NOT EXISTS list_members_feed"
	"  ON list_members(feed_id);",

	/*
	 * 6: per-feed settings (db_feed_setting(), the feed command).  A title
	 * the user chose (title_set) is kept over the feed's own; the other
	 * columns are NULL for "the configured default".  ignored marks a
	 * post a killfile rule hid (and made read): kept, so that it is
	 * not new again at the next fetch, but left out of lists unless
	 * asked for (posts --all).
	 */
	("ALTER TABLE feeds ADD COLUMN title_set INTEGER NOT NULL DEFAULT 0;"
	 "ALTER TABLE feeds ADD COLUMN fetch_interval INTEGER;"
	 "ALTER TABLE feeds ADD COLUMN keep_days INTEGER;"
	 "ALTER TABLE feeds ADD COLUMN keep_posts INTEGER;"
	 "ALTER TABLE posts ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0;"
	 /* Whether any post is ignored at all, without a scan. */
	 "CREATE INDEX posts_ignored ON posts(id) WHERE ignored;"
	 /*
	  * The title in the list index: a filter on the title (posts
	  * --filter 'title =~ ...', a view) reads it from the index, in
	  * list order, and goes to the row only for a match; walking the
	  * rows of 100,000 posts for it took 0.5 s, this 0.06 s.
	  */
	 "DROP INDEX posts_time;"
	 "CREATE INDEX posts_time ON posts(sort_time DESC, id DESC, title);"),

	/*
	 * 7: the index with majlis's own tokenizer (db-token.c: folding,
	 * Sorani letters, stems by language), which is a parameter of the
	 * table, so the table is made again.  Indexed text now carries the
	 * post's language (majlis_index()), so a change of lang is a change
	 * of the indexed text.  Every post becomes pending: the next search,
	 * or the reader's idle time, indexes them again (db-index.c), in
	 * batches that an interruption does not undo.
	 */
	"DROP TRIGGER posts_fts_delete;"
	"DROP TRIGGER posts_fts_update;"
	"DROP TABLE posts_fts;"
	"CREATE VIRTUAL TABLE posts_fts USING fts5("
	"  title, author, body, content='', tokenize='majlis');"
	"CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    SELECT 'delete', old.id,"
	"    majlis_index(old.title, old.lang),"
	"    majlis_index(old.author, old.lang),"
	"    majlis_index_html(coalesce(nullif(old.content, ''), old.summary),"
	"      old.lang)"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = old.id);"
	"  DELETE FROM fts_pending WHERE post_id = old.id;"
	" END;"
	"CREATE TRIGGER posts_fts_update"
	"  AFTER UPDATE OF title, author, summary, content, lang ON posts"
	"  WHEN old.title IS NOT new.title OR old.author IS NOT new.author"
	"  OR old.summary IS NOT new.summary OR old.content IS NOT new.content"
	"  OR old.lang IS NOT new.lang"
	"  BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    SELECT 'delete', old.id,"
	"    majlis_index(old.title, old.lang),"
	"    majlis_index(old.author, old.lang),"
	"    majlis_index_html(coalesce(nullif(old.content, ''), old.summary),"
	"      old.lang)"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = old.id);"
	"  INSERT INTO fts_pending(post_id) SELECT new.id"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = new.id);"
	" END;"
	"INSERT OR IGNORE INTO fts_pending(post_id) SELECT id FROM posts;",

	/*
	 * 8: a feed the user subscribed by hand before a list named it is a
	 * member all the same (the river publishes the network's members,
	 * 'lists' counts them); by_hand keeps it fetched if it leaves.
	 */
	"ALTER TABLE list_members ADD COLUMN by_hand INTEGER NOT NULL"
	" DEFAULT 0;",

	/*
	 * 9: every fetch is recorded in last_fetch, a 304 too, so that
	 * 'majlis feeds' shows that cron still runs; when the feed last
	 * brought a document is kept apart.  Before, last_fetch was only
	 * written when something changed: the best guess for a feed that
	 * was fine is that.
	 */
	"ALTER TABLE feeds ADD COLUMN last_change INTEGER;"
	"UPDATE feeds SET last_change = last_fetch WHERE error IS NULL"
	" AND status BETWEEN 200 AND 299;",

	/*
	 * 10: a new post is queued for the index by db_store_entry(), the
	 * one place posts are inserted, not by a trigger: a trigger on the
	 * insert made SQLite keep a statement journal of every page each
	 * insert touched.
	 */
	"DROP TRIGGER posts_fts_insert;",

	/*
	 * 11: one list index for every post and for the unread ones, the
	 * read flag in it beside the title: each index keyed by time takes
	 * a cold fetch's posts in random order, and each commit wrote its
	 * touched pages again (posts_read_time was a fifth of a fetch of
	 * 100,000 posts).  An unread list walks posts_time and skips the
	 * read entries in the index, never the rows.
	 */
	"DROP INDEX IF EXISTS posts_read_time;"
	"DROP INDEX IF EXISTS posts_time;"
	"CREATE INDEX posts_time ON posts(sort_time DESC, id DESC, read, title);",

	/*
	 * 12: the text of a post (summary, content, xml:base) in a table of
	 * its own, bodies, one row per post, and the title out of the list
	 * index.  A cold fetch inserts into posts_time in date order, which
	 * is random: with the title in it the index outgrew the fetch's
	 * page cache at 100,000 posts and every page went to the WAL several
	 * times (a seventh of the CPU; at 500,000 posts, more).  What the
	 * title there was for, a title filter that reads no row it does
	 * not list, now reads the narrow posts rows (a tenth of the bytes
	 * they had).  An edit unindexes the post in C (db-store.c): the old
	 * text is in two tables, which no one trigger sees before both
	 * change.  The delete trigger runs BEFORE the row goes, while its
	 * body is still there.
	 */
	"CREATE TABLE bodies ("
	"  post_id INTEGER PRIMARY KEY,"
	"  summary TEXT,"
	"  content TEXT,"
	"  base TEXT);"
	"INSERT INTO bodies(post_id, summary, content, base)"
	"  SELECT id, summary, content, base FROM posts;"
	"DROP TRIGGER posts_fts_delete;"
	"DROP TRIGGER posts_fts_update;"
	"DROP INDEX posts_time;"
	"ALTER TABLE posts DROP COLUMN summary;"
	"ALTER TABLE posts DROP COLUMN content;"
	"ALTER TABLE posts DROP COLUMN base;"
	"CREATE INDEX posts_time ON posts(sort_time DESC, id DESC, read);"
	"CREATE TRIGGER posts_fts_delete BEFORE DELETE ON posts BEGIN"
	"  INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
	"    SELECT 'delete', old.id,"
	"    majlis_index(old.title, old.lang),"
	"    majlis_index(old.author, old.lang),"
	"    majlis_index_html((SELECT coalesce(nullif(b.content, ''),"
	"      b.summary) FROM bodies b WHERE b.post_id = old.id), old.lang)"
	"    WHERE NOT EXISTS (SELECT 1 FROM fts_pending"
	"      WHERE post_id = old.id);"
	"  DELETE FROM fts_pending WHERE post_id = old.id;"
	"  DELETE FROM bodies WHERE post_id = old.id;"
	" END;",

	/*
	 * 13: a post id is never given twice: SQLite gives a new row the
	 * largest id plus one, so after 'remove' the ids of the newest
	 * posts went to the next ones, and a script holding one reached
	 * another post.  The largest id given is kept here and counted on
	 * by db_post_id_new(), read and written once per transaction (not
	 * AUTOINCREMENT, which reads and writes sqlite_sequence at every
	 * insert, and would mean copying the posts into a new table).  Ids
	 * deleted before this version are not known: the largest left is
	 * where it starts.
	 */
	"INSERT OR REPLACE INTO meta(key, value)"
	"  SELECT 'post_id_max', coalesce(max(id), 0) FROM posts;",

	/*
	 * 14: a podcast episode's running time (itunes:duration), seconds,
	 * for show and the reader's header; NULL when the feed gives none.
	 */
	"ALTER TABLE posts ADD COLUMN duration INTEGER;",

	/*
	 * 15: sync with a server (sync.c, db-sync.c).  A feed and a post the
	 * server knows keep its id for them (sync_id); sync_state holds the
	 * pull's cursor (when the last pull began, the continuation of one
	 * under way), so that an interrupted pull goes on where its last
	 * committed page ended.  sync_pending is what the user changed on a
	 * synced post since the last push: one row per post and field
	 * ("read", or "tag:" and the tag's name), the last value set, until
	 * the server acknowledged it.  The triggers write it, so that every
	 * way of marking or tagging (the reader, undo, the commands, a
	 * killfile) is seen without each knowing of sync; while the sync
	 * applies the server's state, its transaction holds the row
	 * 'applying' in sync_state, which the triggers read to stay quiet
	 * (the row is deleted before that transaction commits, so no other
	 * connection ever sees it).  Delete and insert, not INSERT OR
	 * REPLACE: a statement's conflict clause (post_tags' INSERT OR
	 * IGNORE) would override the trigger's.
	 */
	"ALTER TABLE feeds ADD COLUMN sync_id TEXT;"
	"ALTER TABLE posts ADD COLUMN sync_id TEXT;"
	"CREATE UNIQUE INDEX posts_sync_id ON posts(sync_id)"
	"  WHERE sync_id IS NOT NULL;"
	"CREATE TABLE sync_state ("
	"  key TEXT PRIMARY KEY,"
	"  value) WITHOUT ROWID;"
	"CREATE TABLE sync_pending ("
	"  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,"
	"  what TEXT NOT NULL,"
	"  value INTEGER NOT NULL,"
	"  time INTEGER NOT NULL,"
	"  PRIMARY KEY (post_id, what)) WITHOUT ROWID;"
	"CREATE TRIGGER sync_read AFTER UPDATE OF read ON posts"
	"  WHEN new.sync_id IS NOT NULL AND old.read IS NOT new.read"
	"  AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
	"  BEGIN"
	"  DELETE FROM sync_pending WHERE post_id = new.id AND what = 'read';"
	"  INSERT INTO sync_pending(post_id, what, value, time)"
	"    VALUES (new.id, 'read', new.read, strftime('%s', 'now'));"
	" END;"
	"CREATE TRIGGER sync_tag_add AFTER INSERT ON post_tags"
	"  WHEN (SELECT sync_id FROM posts WHERE id = new.post_id) IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
	"  BEGIN"
	"  DELETE FROM sync_pending WHERE post_id = new.post_id AND what ="
	"    'tag:' || (SELECT name FROM tags WHERE id = new.tag_id);"
	"  INSERT INTO sync_pending(post_id, what, value, time)"
	"    SELECT new.post_id, 'tag:' || name, 1, strftime('%s', 'now')"
	"    FROM tags WHERE id = new.tag_id;"
	" END;"
	"CREATE TRIGGER sync_tag_del AFTER DELETE ON post_tags"
	"  WHEN (SELECT sync_id FROM posts WHERE id = old.post_id) IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
	"  BEGIN"
	"  DELETE FROM sync_pending WHERE post_id = old.post_id AND what ="
	"    'tag:' || (SELECT name FROM tags WHERE id = old.tag_id);"
	"  INSERT INTO sync_pending(post_id, what, value, time)"
	"    SELECT old.post_id, 'tag:' || name, 0, strftime('%s', 'now')"
	"    FROM tags WHERE id = old.tag_id;"
	" END;",

	/*
	 * 16: subscriptions both ways (db_sync_feed_added(),
	 * db_sync_feed_removed()): action 1, a feed added here to subscribe
	 * to on the server (target its URL, folder its first tag); 0, one
	 * removed here to unsubscribe from there (target the server's id of
	 * it, and nothing more: after remove --forget it is all the cache
	 * keeps of the feed, until the server acknowledged); 2, a synced
	 * feed to move to the folder named as the tag last put on it here
	 * (target its id), which the trigger writes, so that every way of
	 * tagging a feed is seen, and not while the sync writes the
	 * server's folders ('applying').  enum sync_feed_action.
	 */
	"CREATE TABLE sync_feeds ("
	"  id INTEGER PRIMARY KEY,"
	"  action INTEGER NOT NULL,"
	"  target TEXT NOT NULL,"
	"  folder TEXT,"
	"  time INTEGER NOT NULL);"
	"CREATE TRIGGER sync_feed_move AFTER INSERT ON feed_tags"
	"  WHEN (SELECT sync_id FROM feeds WHERE id = new.feed_id"
	"    AND subscribed) IS NOT NULL"
	"  AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')"
	"  BEGIN"
	"  DELETE FROM sync_feeds WHERE action = 2 AND target ="
	"    (SELECT sync_id FROM feeds WHERE id = new.feed_id);"
	"  INSERT INTO sync_feeds(action, target, folder, time)"
	"    SELECT 2, f.sync_id, t.name, strftime('%s', 'now')"
	"    FROM feeds f, tags t WHERE f.id = new.feed_id AND t.id = new.tag_id;"
	" END;",

	/*
	 * 17: the posts in date order as a table, post_times, in place of
	 * the index posts_time.  SQLite puts a row in every index as it is
	 * inserted, and a cold fetch's posts come in date order nowhere:
	 * once the index was larger than the fetch's page cache (500,000
	 * posts, 9 MB), most inserts read a page back from the WAL and
	 * wrote one out again (a cold fetch of 5,000 feeds spent a fifth
	 * of its CPU so).  The store puts a transaction's new posts in
	 * this table when it commits, sorted, one pass over its pages
	 * (db.c's post_times_add()); the triggers keep it up to date for
	 * every other change, so no one else needs to know of it.  Only
	 * the new rows of a transaction are missing from it, and only
	 * until its COMMIT, which no other connection sees before.  With
	 * the read and ignored flags, a list of every feed's posts reads
	 * it alone and joins the rows of the page it shows (db-query.c).
	 */
	"CREATE TABLE post_times ("
	"  sort_time INTEGER NOT NULL,"
	"  id INTEGER NOT NULL,"
	"  read INTEGER NOT NULL,"
	"  ignored INTEGER NOT NULL,"
	"  PRIMARY KEY (sort_time DESC, id DESC)) WITHOUT ROWID;"
	"INSERT INTO post_times(sort_time, id, read, ignored)"
	"  SELECT sort_time, id, read, ignored FROM posts"
	"  ORDER BY sort_time DESC, id DESC;"
	"DROP INDEX posts_time;"
	"CREATE TRIGGER post_times_delete AFTER DELETE ON posts BEGIN"
	"  DELETE FROM post_times WHERE sort_time = old.sort_time"
	"    AND id = old.id;"
	" END;"
	"CREATE TRIGGER post_times_update"
	"  AFTER UPDATE OF sort_time, read, ignored ON posts"
	"  WHEN old.sort_time IS NOT new.sort_time"
	"  OR old.read IS NOT new.read OR old.ignored IS NOT new.ignored BEGIN"
	"  UPDATE post_times SET sort_time = new.sort_time, read = new.read,"
	"    ignored = new.ignored"
	"    WHERE sort_time = old.sort_time AND id = old.id;"
	" END;",
};

int
db_latest_version(void)
{
	return (int)nitems(migrations);
}

int
db_schema_version(struct db *db)
{
	int64_t	 v;

	if (db_int(db, "PRAGMA user_version", &v) == -1)
		return -1;
	return (int)v;
}

/*
 * Empty the full-text index and make every post pending.  Needed when the
 * folding changed: the old tokens cannot be deleted one by one any more.
 * The next search (or the reader's idle time) indexes them again, so
 * opening the file stays quick however large the cache.
 */
static int
db_reindex(struct db *db)
{
	if (db_exec(db,
	    "INSERT INTO posts_fts(posts_fts) VALUES ('delete-all');"
	    "INSERT OR IGNORE INTO fts_pending(post_id)"
	    "  SELECT id FROM posts") == -1)
		return -1;
	return 0;
}

/* The folding the index was built with: 0 if not recorded, -1 on error. */
static int64_t
db_fold_version(struct db *db)
{
	sqlite3_stmt	*stmt;
	int64_t		 fold = 0;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT value FROM meta WHERE key = "
	    "'fold_version'")) == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		fold = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "meta");
	return fold;
}

/* Bring the schema to the latest version; see the top of the file. */
static int	 migrate(struct db *, int);

int
db_migrate(struct db *db)
{
	int	 v, rc, latest = db_latest_version();

	if ((v = db_schema_version(db)) == -1)
		return -1;
	if (v > latest) {
		return db_errorf(db, _("database schema version %d is newer "
		    "than this majlis knows (%d): use a newer majlis"), v,
		    latest);
	}
	/*
	 * The common case, an up-to-date file, must not take the write lock:
	 * a query would then wait for a running fetch.
	 */
	if (v == latest && db_fold_version(db) == DB_FOLD_VERSION)
		return 0;
	/*
	 * A migration that rewrites a table (12 moves the posts' text out)
	 * keeps a statement journal of every page it changes, in memory
	 * with the connection's temp_store: 260 MB for a cache of 100,000
	 * posts.  On disk here; db_open() set memory for the rest.
	 */
	if (db_exec(db, "PRAGMA temp_store = FILE") == -1)
		return -1;
	rc = migrate(db, latest);
	if (db_exec(db, "PRAGMA temp_store = MEMORY") == -1)
		return -1;
	return rc;
}

/* db_migrate()'s work, under the write lock. */
static int
migrate(struct db *db, int latest)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	int64_t		 fold;
	int		 v;

	if (db_begin(db) == -1)
		return -1;
	/* Again under the write lock: another process may have done it. */
	if ((v = db_schema_version(db)) == -1)
		goto fail;
	for (; v < latest; v++) {
		if (db_exec(db, migrations[v]) == -1)
			goto fail;
		xasprintf(&sql, "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, sql) == -1) {
			free(sql);
			goto fail;
		}
		free(sql);
	}
	if ((fold = db_fold_version(db)) == -1)
		goto fail;
	if (fold != DB_FOLD_VERSION) {
		if (fold != 0 && db_reindex(db) == -1)
			goto fail;
		if ((stmt = db_stmt(db, "INSERT OR REPLACE INTO meta(key,"
		    " value) VALUES ('fold_version', ?)")) == NULL)
			goto fail;
		sqlite3_bind_int(stmt, 1, DB_FOLD_VERSION);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			db_error(db, "meta");
			goto fail;
		}
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}
