/*
 * Storing what the fetcher parsed: a feed's entries upserted as posts, its
 * row updated with the outcome of the fetch, and retention applied.
 *
 * A post is identified by (feed, key), the key being the entry's stable id
 * as entry_key() computes it.  Each stored post carries a hash of the
 * fields that come from the feed; db_store_entry():
 *   1. looks the key up (the UNIQUE index): same hash -> nothing to do, no
 *      write at all (the common case on a re-fetch);
 *   2. unknown key listed in "gone" (expired by retention) -> skipped, so
 *      retention does not make old entries reappear as new;
 *   3. otherwise a new post is inserted unread (posts, its text in
 *      bodies) and queued for the full-text index; an edited post is
 *      updated in place, its id, read flag, tags and first_seen
 *      untouched, and queued again if its indexed text changed
 *      (store_unindex()).  The next search brings the index up to date
 *      (db-schema.c, db-index.c): storing never waits for the indexer.
 *
 * A feed's update is one transaction (db_store_begin() .. db_store_end()),
 * or a part of the caller's (db_store_join() .. db_store_finish()), see
 * db_store_join().  db_store_finish() ends with db_expire(): retention,
 * whose limits the connection holds (db_set_retention()).
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db-int.h"

/* FNV-1a, 64 bits: only to notice a change, not for security. */
static uint64_t
hash_add(uint64_t h, const char *s)
{
	const unsigned char	*p;

	if (s == NULL)
		return (h ^ 0xff) * 0x100000001b3ULL;	/* NULL != "" */
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return (h ^ 0) * 0x100000001b3ULL;
}

static uint64_t
hash_int(uint64_t h, int64_t v)
{
	char	 s[32];

	snprintf(s, sizeof s, "%lld", (long long)v);
	return hash_add(h, s);
}

/*
 * The hash stored with each post to notice an edit.  FNV-1a above goes a
 * byte at a time, each step waiting for the last multiplication, which
 * made hashing a visible part of a cold fetch.  This one takes 8 bytes a step (little-endian, so that a file moved between
 * machines keeps its hashes), with a multiplication and a shift to spread
 * every input bit over the word; each field's length goes in after it,
 * so that text moved from one field to the next changes the hash too.
 * Not for security: a feed that forges a collision only hides its own
 * edit.  Changing this function makes every stored post look edited once
 * (one rewrite, no reindex: the text is the same).
 */
#define MIX_K	0x9e3779b97f4a7c15ULL

static uint64_t
mix_add(uint64_t h, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint64_t		 w;
	size_t			 len, i, j;

	if (s == NULL)
		return (h ^ 0xff) * MIX_K;		/* NULL != "" */
	len = strlen(s);
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, sizeof w);
		w = le64toh(w);
		h = (h ^ w) * MIX_K;
		h ^= h >> 29;
	}
	for (w = 0, j = 0; i + j < len; j++)
		w |= (uint64_t)p[i + j] << (8 * j);
	h = (h ^ w) * MIX_K;
	h ^= h >> 29;
	h = (h ^ len) * MIX_K;
	return h ^ (h >> 32);
}

static uint64_t
mix_int(uint64_t h, int64_t v)
{
	h = (h ^ (uint64_t)v) * MIX_K;
	return h ^ (h >> 32);
}

/*
 * The fields of an entry that come from the feed, in a fixed order, fed to
 * a hash: add() for a string (NULL too), num() for a number.  Inline, so
 * that each caller calls its own pair directly: entry_hash() runs for
 * every entry of every fetch.
 */
static inline int64_t
entry_fields_hash(const struct entry *e, uint64_t (*add)(uint64_t,
    const char *), uint64_t (*num)(uint64_t, int64_t))
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	h = add(h, e->title);
	h = add(h, e->link);
	h = add(h, e->author);
	h = add(h, e->summary);
	h = add(h, e->content);
	h = num(h, e->published);
	h = num(h, e->updated);
	for (i = 0; i < e->nenclosures; i++) {
		h = add(h, e->enclosures[i].url);
		h = add(h, e->enclosures[i].type);
		h = num(h, e->enclosures[i].length);
	}
	/*
	 * Only when set: a post stored before text was told from HTML is
	 * stored again (as HTML that shows its text), the others are not.
	 */
	if (e->text != 0)
		h = num(h, e->text);
	/* The same: a podcast's episodes stored before get their time. */
	if (e->duration > 0)
		h = num(h, e->duration);
	return (int64_t)h;
}

int64_t
db_entry_hash(const struct entry *e)
{
	return entry_fields_hash(e, mix_add, mix_int);
}

/*
 * The FNV-1a hash of the entry, for fallback_key() only: keys of entries
 * that have neither id nor link were made with it, and must not change.
 */
static int64_t
entry_key_hash(const struct entry *e)
{
	return entry_fields_hash(e, hash_add, hash_int);
}

static int	 store_ignore(struct db *, int64_t, int64_t);

int
db_store_begin(struct db *db, int64_t feed)
{
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_store_join(db, feed)) != 0)
		db_rollback(db);
	return rc;
}

/*
 * Store a feed in the transaction the caller has open, without a savepoint
 * of its own.  Within a savepoint SQLite copies every page it changes that
 * existed before into a journal in memory, in case the level is undone:
 * for fifty posts, every index page they fall on.  A feed parsed whole
 * beforehand can only fail on a database error, and that costs the
 * caller's transaction anyway (a full disk rolls it all back).  The feed
 * row is looked at first: a feed removed since the fetch began would
 * otherwise fail its posts' foreign key and take the other feeds with it,
 * and one unsubscribed (kept for its tagged posts) must not get new ones.
 * Whether the sync server knows the feed is noted at the same time
 * (db_sync_adopt()).  Returns 0, 1 if the feed is gone (nothing to
 * store), or -1.
 */
int
db_store_join(struct db *db, int64_t feed)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT sync_id IS NOT NULL FROM feeds"
	    " WHERE id = ? AND subscribed")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, feed);
	rc = sqlite3_step(stmt);
	db_set_store_synced(db, rc == SQLITE_ROW &&
	    sqlite3_column_int(stmt, 0));
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_error(db, "store");
}

void
db_store_abort(struct db *db)
{
	db_rollback(db);
}

/* Replace a post's enclosures with the entry's. */
static int
store_enclosures(struct db *db, int64_t post, const struct entry *e)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	if ((stmt = db_stmt(db, "DELETE FROM enclosures WHERE post_id = ?"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, post);
	if (db_step_done(db, stmt, "enclosures") == -1)
		return -1;
	for (i = 0; i < e->nenclosures; i++) {
		if (e->enclosures[i].url == NULL)
			continue;
		if ((stmt = db_stmt(db, "INSERT INTO enclosures(post_id, url,"
		    " type, length) VALUES (?, ?, ?, ?)")) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, post);
		db_bind_str(stmt, 2, e->enclosures[i].url);
		db_bind_str(stmt, 3, e->enclosures[i].type);
		if (e->enclosures[i].length >= 0)
			sqlite3_bind_int64(stmt, 4, e->enclosures[i].length);
		if (db_step_done(db, stmt, "enclosures") == -1)
			return -1;
	}
	return 0;
}

/*
 * The key to file an entry under when the caller has none: its id, its
 * link, or a hash of its title and text.  Returns a heap string.
 */
static char *
fallback_key(const struct entry *e)
{
	char	*k;

	if (e->id != NULL && *e->id != '\0')
		return xstrdup(e->id);
	if (e->link != NULL && *e->link != '\0')
		return xstrdup(e->link);
	xasprintf(&k, "hash:%016llx", (unsigned long long)entry_key_hash(e));
	return k;
}

/*
 * The summary to store: NULL when it is the content over again, which the
 * parser does for every entry that has a content but no summary (feedparser
 * does the same); db_post_get() gives the content back as the summary.
 * That is a third of the posts of a typical list of feeds, and their text
 * was written twice.
 */
static const char *
summary_to_store(const struct entry *e)
{
	if (e->summary != NULL && e->content != NULL &&
	    *e->content != '\0' && strcmp(e->summary, e->content) == 0 &&
	    !(e->text & ENTRY_SUMMARY_TEXT) == !(e->text & ENTRY_CONTENT_TEXT))
		return NULL;
	return e->summary;
}

/*
 * The HTML the cache keeps for a field of e: the field itself, or when
 * the feed said it is plain text, a heap copy in *made that shows it so.
 */
static const char *
html_to_store(const struct entry *e, const char *field, int flag,
    char **made)
{
	*made = NULL;
	if (field == NULL || !(e->text & flag))
		return field;
	return *made = html_from_text(field);
}

/*
 * Before post id is edited into e's fields: if the text the index holds
 * for it (title, author, body, in its language) is about to change, take
 * that text out of posts_fts (unless it is still pending, and never
 * indexed) and make the post pending.  A link or a date that changes
 * costs no reindex.  The old text is read from posts and bodies as they
 * still are, which no trigger on either table could see for both.
 */
#define TEXT_CHANGES							\
	" (p.title IS NOT ?2 OR p.author IS NOT ?3 OR p.lang IS NOT ?4"	\
	" OR b.summary IS NOT ?5 OR b.content IS NOT ?6)"

static int
store_unindex(struct db *db, int64_t id, const struct entry *e,
    const char *summary, const char *content)
{
	static const char *const sql[] = {
		"INSERT INTO posts_fts(posts_fts, rowid, title, author, body)"
		" SELECT 'delete', p.id, majlis_index(p.title, p.lang),"
		"  majlis_index(p.author, p.lang), majlis_index_html("
		"  coalesce(nullif(b.content, ''), b.summary), p.lang)"
		" FROM posts p LEFT JOIN bodies b ON b.post_id = p.id"
		" WHERE p.id = ?1 AND" TEXT_CHANGES
		" AND NOT EXISTS (SELECT 1 FROM fts_pending"
		"  WHERE post_id = ?1)",
		"INSERT OR IGNORE INTO fts_pending(post_id) SELECT p.id"
		" FROM posts p LEFT JOIN bodies b ON b.post_id = p.id"
		" WHERE p.id = ?1 AND" TEXT_CHANGES,
	};
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < nitems(sql); i++) {
		if ((stmt = db_stmt(db, sql[i])) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, id);
		db_bind_str(stmt, 2, e->title);
		db_bind_str(stmt, 3, e->author);
		db_bind_str(stmt, 4, e->lang);
		db_bind_str(stmt, 5, summary);
		db_bind_str(stmt, 6, content);
		if (db_step_done(db, stmt, "store") == -1)
			return -1;
	}
	return 0;
}

static int
store_entry(struct db *db, int64_t feed, const struct entry *e,
    const char *key, int64_t hash)
{
	sqlite3_stmt	*stmt;
	const char	*summary, *content;
	char		*ownkey = NULL, *made_summary = NULL;
	char		*made_content = NULL;
	int64_t		 id = 0, now, st;
	int		 rc, found = 0, ret = -1;

	if (key == NULL || *key == '\0')
		key = ownkey = fallback_key(e);

	if ((stmt = db_stmt(db, "SELECT id, hash FROM posts"
	    " WHERE feed_id = ? AND key = ?")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, feed);
	db_bind_str(stmt, 2, key);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		found = 1;
		id = sqlite3_column_int64(stmt, 0);
		if (sqlite3_column_int64(stmt, 1) == hash) {
			sqlite3_reset(stmt);
			ret = 0;
			goto out;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(db, "store");
		goto out;
	}

	/* A post the sync filed under its link is this entry (db-sync.c). */
	if (!found && (rc = db_sync_adopt(db, feed, e, key, &id)) != 1) {
		if (rc == -1)
			goto out;
		found = 1;
	}
	if (!found) {
		if ((stmt = db_stmt(db, "SELECT 1 FROM gone"
		    " WHERE feed_id = ? AND key = ?")) == NULL)
			goto out;
		sqlite3_bind_int64(stmt, 1, feed);
		db_bind_str(stmt, 2, key);
		rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc == SQLITE_ROW) {
			ret = 0;
			goto out;
		}
		if (rc != SQLITE_DONE) {
			db_error(db, "store");
			goto out;
		}
	}

	summary = html_to_store(e, summary_to_store(e), ENTRY_SUMMARY_TEXT,
	    &made_summary);
	content = html_to_store(e, e->content, ENTRY_CONTENT_TEXT,
	    &made_content);
	if (found && store_unindex(db, id, e, summary, content) == -1)
		goto out;
	now = (int64_t)time(NULL);
	st = e->published != DATE_NONE ? e->published : e->updated;
	if (st == DATE_NONE || st > now)
		st = now;
	/*
	 * A plain INSERT for a new post, an UPDATE by id for a changed one
	 * (the lookup above told which), and the new post's place in the
	 * index queue written here rather than by a trigger: an upsert or a
	 * trigger makes SQLite keep a statement journal of every page the
	 * insert touches (10-12% of a cold fetch's CPU).  The parameters are
	 * numbered alike in both (the UPDATE leaves ?1, ?2, ?8 and ?9
	 * unused, which SQLite allows).  A new post's id is given here, never
	 * one a post had before (db_post_id_new()).
	 */
	if (!found && (id = db_post_id_new(db)) == -1)
		goto out;
	if ((stmt = db_stmt(db, !found ?
	    "INSERT INTO posts(feed_id, key, link, title, author, published,"
	    " updated, first_seen, sort_time, hash, lang, id, duration)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" :
	    "UPDATE posts SET link = ?3, title = ?4, author = ?5,"
	    " published = ?6, updated = ?7, lang = ?11, duration = ?13,"
	    " sort_time = min(coalesce(?6, ?7, first_seen), first_seen),"
	    " hash = ?10 WHERE id = ?12")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, feed);
	db_bind_str(stmt, 2, key);
	db_bind_str(stmt, 3, e->link);
	db_bind_str(stmt, 4, e->title);
	db_bind_str(stmt, 5, e->author);
	db_bind_date(stmt, 6, e->published);
	db_bind_date(stmt, 7, e->updated);
	sqlite3_bind_int64(stmt, 8, now);
	sqlite3_bind_int64(stmt, 9, st);
	sqlite3_bind_int64(stmt, 10, hash);
	db_bind_str(stmt, 11, e->lang);
	sqlite3_bind_int64(stmt, 12, id);
	if (e->duration > 0)
		sqlite3_bind_int64(stmt, 13, e->duration);
	else
		sqlite3_bind_null(stmt, 13);
	if (db_step_done(db, stmt, "store") == -1)
		goto out;
	/* Every post has its bodies row, an edited one a new one. */
	if ((stmt = db_stmt(db, !found ? "INSERT INTO bodies(post_id,"
	    " summary, content, base) VALUES (?, ?, ?, ?)" : "REPLACE INTO"
	    " bodies(post_id, summary, content, base) VALUES (?, ?, ?, ?)"))
	    == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, id);
	db_bind_str(stmt, 2, summary);
	db_bind_str(stmt, 3, content);
	db_bind_str(stmt, 4, e->base);
	if (db_step_done(db, stmt, "store") == -1)
		goto out;
	if (!found) {
		if ((stmt = db_stmt(db, "INSERT INTO fts_pending(post_id)"
		    " VALUES (?)")) == NULL)
			goto out;
		sqlite3_bind_int64(stmt, 1, id);
		if (db_step_done(db, stmt, "store") == -1)
			goto out;
	}
	/* A new post has no enclosures to replace. */
	if ((found || e->nenclosures > 0) &&
	    store_enclosures(db, id, e) == -1)
		goto out;
	ret = found ? 2 : 1;
	db_test_crash("post");
out:
	free(ownkey);
	free(made_summary);
	free(made_content);
	return ret;
}

/*
 * Outside a transaction, the entry is stored in one of its own: a new
 * post goes into post_times as its transaction commits (db_commit()).
 */
int
db_store_entry(struct db *db, int64_t feed, const struct entry *e,
    const char *key, int64_t hash)
{
	int	 ret;

	if (!sqlite3_get_autocommit(db_handle(db)))
		return store_entry(db, feed, e, key, hash);
	if (db_begin(db) == -1)
		return -1;
	if ((ret = store_entry(db, feed, e, key, hash)) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == -1 ? -1 : ret;
}

/*
 * Finish a feed update: the feed's own fields and the fetch result, then
 * retention.  Returns 0, or -1 leaving the undoing to the caller.
 */
int
db_store_finish(struct db *db, int64_t feed, const struct feed *f,
    const struct db_fetch_result *r)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE feeds SET"
	    " title = CASE WHEN title_set THEN title"
	    "  ELSE coalesce(nullif(?1, ''), title) END,"
	    " site = coalesce(nullif(?2, ''), site),"
	    " etag = ?3, last_modified = ?4, last_fetch = ?5, status = ?6,"
	    " last_change = CASE WHEN ?7 IS NULL THEN ?5 ELSE last_change END,"
	    " error = ?7, retry_after = ?8,"
	    " failures = CASE WHEN ?7 IS NULL THEN 0 ELSE failures + 1 END"
	    " WHERE id = ?9")) == NULL)
		return -1;
	db_bind_str(stmt, 1, f != NULL ? f->title : NULL);
	db_bind_str(stmt, 2, f != NULL ? f->link : NULL);
	db_bind_str(stmt, 3, r != NULL ? r->etag : NULL);
	db_bind_str(stmt, 4, r != NULL ? r->last_modified : NULL);
	sqlite3_bind_int64(stmt, 5, r != NULL ? r->time : (int64_t)time(NULL));
	sqlite3_bind_int(stmt, 6, r != NULL ? r->status : 200);
	db_bind_str(stmt, 7, r != NULL ? r->error : NULL);
	db_bind_date(stmt, 8, r != NULL ? r->retry_after : DATE_NONE);
	sqlite3_bind_int64(stmt, 9, feed);
	if (db_step_done(db, stmt, "feed") == -1)
		return -1;
	if (store_ignore(db, feed, r != NULL ? r->time : (int64_t)time(NULL))
	    == -1)
		return -1;
	if (db_expire(db, feed) == -1)
		return -1;
	return db_post_times_flush(db);
}

/*
 * The killfile: the posts of feed first seen since since (this fetch's)
 * that a rule for the feed (its URL, "*" or a regex: its URL matches,
 * filter_feeds_match()) matches become ignored, and
 * read, so that they are neither listed nor counted as unread, and, being
 * stored, never come back as new.  A rule whose filter no longer compiles
 * cannot happen (config.c checked it) and is passed over.  0 or -1.
 */
static int
store_ignore(struct db *db, int64_t feed, int64_t since)
{
	const struct config_rule *rules;
	struct db_feed	*fd = NULL;
	struct filter	*f;
	sqlite3_stmt	*stmt;
	char		*sql, *err;
	size_t		 n, i;
	int		 next, rc = 0;

	db_ignores(db, &rules, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(rules[i].what, "*") != 0) {
			if (fd == NULL && (fd = db_feed_get(db, feed)) ==
			    NULL)
				return -1;
			if (!filter_feeds_match(rules[i].what, fd->url))
				continue;
		}
		if ((f = filter_compile(rules[i].expr, time(NULL), &err, NULL)) ==
		    NULL) {
			free(err);
			continue;
		}
		xasprintf(&sql, "UPDATE posts SET ignored = 1, read = 1"
		    " WHERE id IN (SELECT p.id FROM posts p"
		    " WHERE p.feed_id = :feed AND p.first_seen >= :since"
		    " AND p.ignored = 0 AND %s)", f->sql);
		stmt = db_stmt(db, sql);
		free(sql);
		if (stmt == NULL)
			rc = -1;
		else {
			sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(
			    stmt, ":feed"), feed);
			sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(
			    stmt, ":since"), since);
			next = 1;
			db_filter_bind(f, stmt, &next);
			rc = db_step_done(db, stmt, "ignore");
			sqlite3_clear_bindings(stmt);
		}
		filter_free(f);
	}
	db_feed_free(fd);
	return rc;
}

/* db_store_finish(), then commit.  Returns 0, or -1 (the feed undone). */
int
db_store_end(struct db *db, int64_t feed, const struct feed *f,
    const struct db_fetch_result *r)
{
	if (db_store_finish(db, feed, f, r) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/*
 * The posts retention takes (see db_expire()), as "SELECT id ...": ?1 the
 * feed (0: all), ?2 the default keep-days, ?3 the default keep-posts, ?4
 * whether unread posts may go, ?5 now.  A feed's own setting wins over the
 * default, 0 meaning no limit for either.  Tagged posts always stay.
 *
 * Each comes in two texts, WHERE one feed (FEED_ONE) and every feed
 * (FEED_ALL), not one "?1 = 0 OR p.feed_id = ?1": the planner cannot
 * know ?1 when it prepares, so that reads every post for each feed
 * fetched (25 s for a fetch of 1,000 feeds that all answered 304, on
 * 100,000 posts with keep-days set; a fraction of a second this way).
 */
#define FEED_ONE	"p.feed_id = ?1"
#define FEED_ALL	"?1 = 0"
#define EXPIRE_KEEP							\
	" AND (?4 OR p.read) AND NOT EXISTS (SELECT 1 FROM post_tags"	\
	"   WHERE post_id = p.id)"
#define EXPIRE_BY_AGE(feeds)						\
	"SELECT p.id FROM posts p JOIN feeds f ON f.id = p.feed_id"	\
	" WHERE " feeds							\
	" AND coalesce(f.keep_days, ?2) > 0"				\
	" AND p.sort_time < ?5 - coalesce(f.keep_days, ?2) * 86400"	\
	EXPIRE_KEEP
#define EXPIRE_BY_COUNT(feeds)						\
	"SELECT id FROM (SELECT p.id, p.read, coalesce(f.keep_posts, ?3)"\
	"  AS k, row_number() OVER (PARTITION BY p.feed_id"		\
	"   ORDER BY p.sort_time DESC, p.id DESC) AS n"		\
	"  FROM posts p JOIN feeds f ON f.id = p.feed_id"		\
	"  WHERE " feeds ") p"						\
	" WHERE k > 0 AND n > k" EXPIRE_KEEP
/* Remember the keys of what retention takes, then take it. */
#define EXPIRE(feeds)							\
	"INSERT OR IGNORE INTO gone(feed_id, key)"			\
	" SELECT feed_id, key FROM posts WHERE id IN ("		\
	EXPIRE_BY_AGE(feeds) ")",					\
	"DELETE FROM posts WHERE id IN (" EXPIRE_BY_AGE(feeds) ")",	\
	"INSERT OR IGNORE INTO gone(feed_id, key)"			\
	" SELECT feed_id, key FROM posts WHERE id IN ("		\
	EXPIRE_BY_COUNT(feeds) ")",					\
	"DELETE FROM posts WHERE id IN (" EXPIRE_BY_COUNT(feeds) ")"

/*
 * Apply retention to one feed (0: every feed).  Expired keys are kept in
 * "gone" so the next fetch does not bring the posts back.  Tagged posts
 * are never expired, nor unread ones unless expire-unread says so; they
 * still count among the newest keep_posts, so a feed keeps at most
 * keep_posts posts plus its older tagged (and unread) ones.  The fetcher
 * calls it after every fetch of a feed, a 304 or a failure too: a feed
 * that stopped changing must still be trimmed.  Returns the number of
 * posts removed, or -1.
 */
int
db_expire(struct db *db, int64_t feed_id)
{
	static const char *const one[] = { EXPIRE(FEED_ONE) };
	static const char *const all[] = { EXPIRE(FEED_ALL) };
	const char *const *sql = feed_id != 0 ? one : all;
	sqlite3_stmt	*stmt;
	int		 removed = 0, i, rc;
	int		 keep_days, keep_posts, unread;

	db_retention(db, &keep_days, &keep_posts, &unread);
	/*
	 * Nothing asked of any feed concerned: no write lock, no scan.  One
	 * feed is looked up by its rowid: "?1 = 0 OR id = ?1" would read
	 * every feed for each one fetched (60% of a fetch of 1,000 feeds
	 * that all answer 304).
	 */
	if (keep_days == 0 && keep_posts == 0 && (rc = db_row_exists(db,
	    feed_id != 0 ? "SELECT 1 FROM feeds WHERE id = ?1"
	    " AND (keep_days > 0 OR keep_posts > 0)" :
	    "SELECT 1 FROM feeds WHERE ?1 = 0"
	    " AND (keep_days > 0 OR keep_posts > 0)", feed_id,
	    "expire")) != 0)
		return rc == 1 ? 0 : -1;
	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < (int)nitems(one); i++) {
		if ((stmt = db_stmt(db, sql[i])) == NULL)
			goto fail;
		sqlite3_bind_int64(stmt, 1, feed_id);
		sqlite3_bind_int(stmt, 2, keep_days);
		sqlite3_bind_int(stmt, 3, keep_posts);
		sqlite3_bind_int(stmt, 4, unread);
		sqlite3_bind_int64(stmt, 5, (int64_t)time(NULL));
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			db_error(db, "expire");
			goto fail;
		}
		if (i % 2 == 1)
			removed += sqlite3_changes(db_handle(db));
	}
	if (db_commit(db) == -1)
		return -1;
	return removed;
fail:
	db_rollback(db);
	return -1;
}
