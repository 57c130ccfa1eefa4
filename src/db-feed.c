/*
 * Feeds: subscribing, unsubscribing, per-feed settings and the state the
 * fetcher keeps between runs (validators, last status, failures).
 *
 * A feed row has two lives:
 *   1. subscribed: listed, fetched (db_feed_add() makes it so);
 *   2. unsubscribed: db_feed_remove() of a feed that still has tagged posts
 *      keeps the row, without tags and validators, so that those posts still
 *      name their feed.  It is invisible to db_feed_find() and
 *      db_feeds_foreach(); db_feed_add() of the same URL brings it back to 1.
 * A removed feed without tagged posts is deleted outright.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db-int.h"

static int	 tags_prune(struct db *, int64_t);
static int	 feed_find_any(struct db *, const char *, int64_t *);
static int	 feed_by_url(struct db *, const char *, const char *,
		     int64_t *);

#define FEED_COLUMNS							\
	"f.id, f.url, f.title, f.site, f.etag, f.last_modified,"	\
	" f.last_fetch, f.status, f.error, f.failures, f.retry_after,"	\
	" f.disabled, f.disabled_reason, f.proxy, f.settings,"		\
	" f.title_set, f.fetch_interval, f.keep_days, f.keep_posts,"	\
	" f.last_change,"						\
	" (SELECT group_concat(t.name, char(31)) FROM feed_tags ft"	\
	"  JOIN tags t ON t.id = ft.tag_id WHERE ft.feed_id = f.id)"

/* A numeric per-feed setting: -1 (NULL) for the configured default. */
static int64_t
column_setting(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return -1;
	return sqlite3_column_int64(stmt, col);
}

/*
 * Fill f from a row of FEED_COLUMNS (and, if counts, unread and total
 * after them).  The strings are f's: db_feed_clear() frees them.
 */
static void
feed_from_row(sqlite3_stmt *stmt, struct db_feed *f, int flags)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(stmt, 0);
	f->url = db_column_str(stmt, 1);
	f->title = db_column_str(stmt, 2);
	f->site = db_column_str(stmt, 3);
	f->etag = db_column_str(stmt, 4);
	f->last_modified = db_column_str(stmt, 5);
	f->last_fetch = db_column_date(stmt, 6);
	f->status = sqlite3_column_int(stmt, 7);
	f->error = db_column_str(stmt, 8);
	f->failures = sqlite3_column_int(stmt, 9);
	f->retry_after = db_column_date(stmt, 10);
	f->disabled = sqlite3_column_int(stmt, 11);
	f->disabled_reason = db_column_str(stmt, 12);
	f->proxy = db_column_str(stmt, 13);
	f->settings = db_column_str(stmt, 14);
	f->title_set = sqlite3_column_int(stmt, 15);
	f->interval = column_setting(stmt, 16);
	f->keep_days = column_setting(stmt, 17);
	f->keep_posts = column_setting(stmt, 18);
	f->last_change = db_column_date(stmt, 19);
	if (flags & DB_FEEDS_TAGS)
		db_split_tags((const char *)sqlite3_column_text(stmt, 20),
		    &f->tags, &f->ntags);
	if (flags & DB_FEEDS_COUNTS) {
		f->unread = sqlite3_column_int64(stmt, 21);
		f->total = sqlite3_column_int64(stmt, 22);
	}
}

static void
feed_clear(struct db_feed *f)
{
	free(f->url);
	free(f->title);
	free(f->site);
	free(f->etag);
	free(f->last_modified);
	free(f->error);
	free(f->disabled_reason);
	free(f->proxy);
	free(f->settings);
	strv_free(f->tags, f->ntags);
}

void
db_feed_free(struct db_feed *f)
{
	if (f == NULL)
		return;
	feed_clear(f);
	free(f);
}

/*
 * Call cb for each subscribed feed, in the order they were added.  flags:
 * DB_FEEDS_COUNTS fills unread and total (one pass over the
 * posts_feed_time_read index for all feeds, not one query per feed),
 * DB_FEEDS_TAGS the tags.
 * cb may call other db functions (but not db_feeds_foreach()).  Returns 0,
 * or -1 on error.
 */
int
db_feeds_foreach(struct db *db, int flags, db_feed_cb cb, void *arg)
{
	return db_feeds_filter(db, flags, NULL, cb, arg);
}

/*
 * db_feeds_foreach() for the feeds that filter, a filter of feeds
 * (filter_compile_feeds()), matches; NULL: every feed.  A filter that
 * does not compile is an error: db_errmsg() says "filter: column N: WHY".
 */
int
db_feeds_filter(struct db *db, int flags, const char *filter, db_feed_cb cb,
    void *arg)
{
	struct db_feed	 f;
	struct filter	*flt = NULL;
	sqlite3_stmt	*stmt;
	struct buf	 sql;
	char		*err;
	int		 rc, next = 1;

	if (filter != NULL && (flt = filter_compile_feeds(filter, time(NULL),
	    &err, NULL)) == NULL) {
		db_errorf(db, _("filter: %s"), err);
		free(err);
		return -1;
	}
	buf_init(&sql);
	if (flags & DB_FEEDS_COUNTS)
		buf_adds(&sql, "SELECT " FEED_COLUMNS ", coalesce(c.unread, 0),"
		    " coalesce(c.total, 0) FROM feeds f LEFT JOIN"
		    " (SELECT feed_id, sum(read = 0) AS unread,"
		    "  count(*) AS total FROM posts GROUP BY feed_id) c"
		    " ON c.feed_id = f.id WHERE f.subscribed");
	else
		buf_adds(&sql, "SELECT " FEED_COLUMNS " FROM feeds f"
		    " WHERE f.subscribed");
	/* The filter's text is filter.c's fixed pieces; values are '?'s. */
	if (flt != NULL)
		buf_addf(&sql, " AND %s", flt->sql);
	buf_adds(&sql, " ORDER BY f.id");
	stmt = db_stmt(db, buf_str(&sql));
	buf_free(&sql);
	if (stmt == NULL) {
		filter_free(flt);
		return -1;
	}
	if (flt != NULL)
		db_filter_bind(flt, stmt, &next);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		feed_from_row(stmt, &f, flags);
		rc = cb(&f, arg);
		feed_clear(&f);
		if (rc != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	/* Reset and unbound: the filter's text values are its own. */
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	filter_free(flt);
	if (rc != SQLITE_DONE)
		return db_error(db, "feeds");
	return 0;
}

/*
 * The feed with this id (subscribed or not), with tags and counts, or NULL
 * if there is none or on error (db_errmsg() is then set).  Free with
 * db_feed_free().
 */
struct db_feed *
db_feed_get(struct db *db, int64_t id)
{
	struct db_feed	*f;
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT " FEED_COLUMNS ","
	    " (SELECT count(*) FROM posts WHERE feed_id = f.id AND read = 0),"
	    " (SELECT count(*) FROM posts WHERE feed_id = f.id)"
	    " FROM feeds f WHERE f.id = ?")) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE)
			db_error(db, "feed");
		else
			db_errorf(db, _("feed %lld: not found"), (long long)id);
		return NULL;
	}
	f = xmalloc(sizeof *f);
	feed_from_row(stmt, f, DB_FEEDS_COUNTS | DB_FEEDS_TAGS);
	sqlite3_reset(stmt);
	return f;
}

/*
 * Look up a subscribed feed by URL, or by the URL as majlis shows it, its
 * secrets masked (db_find_masked()), so that what feeds prints names
 * the feed in every command.  Returns 0 with *id set, 1 if there is none,
 * -1 on error.
 */
int
db_feed_find(struct db *db, const char *url, int64_t *id)
{
	int	 rc;

	if ((rc = db_feed_find_exact(db, url, id)) != 1)
		return rc;
	return db_find_masked(db, "SELECT id, url FROM feeds WHERE subscribed"
	    " AND (url LIKE '%@%' OR url LIKE '%?%=%')", url, id);
}

/*
 * The subscribed feed at exactly url: what a list names is looked up so,
 * that a list cannot name a private feed by its masked URL.  0, 1 or -1.
 */
int
db_feed_find_exact(struct db *db, const char *url, int64_t *id)
{
	return feed_by_url(db, "SELECT id FROM feeds WHERE url = ?"
	    " AND subscribed", url, id);
}

/* The id of sql's one row for url (its only parameter): 0, 1 or -1. */
static int
feed_by_url(struct db *db, const char *sql, const char *url, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_str(stmt, 1, url);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_error(db, "feed");
}

int
db_feed_add(struct db *db, const char *url, const char *title,
    char *const *tags, size_t ntags, int64_t *idp)
{
	sqlite3_stmt	*stmt;
	int64_t		 id;
	size_t		 i;
	int		 rc, subscribed = 0, found;

	if (url == NULL || *url == '\0')
		return db_errorf(db, _("empty feed URL"));
	for (i = 0; i < ntags; i++) {
		if (!db_tag_valid(tags[i]))
			return db_errorf(db, _("%s: not a valid tag"), tags[i]);
	}
	if (db_begin(db) == -1)
		return -1;
	if ((stmt = db_stmt(db, "SELECT id, subscribed FROM feeds"
	    " WHERE url = ?")) == NULL)
		goto fail;
	db_bind_str(stmt, 1, url);
	rc = sqlite3_step(stmt);
	if ((found = rc == SQLITE_ROW)) {
		id = sqlite3_column_int64(stmt, 0);
		subscribed = sqlite3_column_int(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_error(db, "feed");
		goto fail;
	}
	if (!found) {
		if ((stmt = db_stmt(db, "INSERT INTO feeds(url, title,"
		    " title_set, added) VALUES (?, ?, ?, ?)")) == NULL)
			goto fail;
		db_bind_str(stmt, 1, url);
		db_bind_str(stmt, 2, title);
		sqlite3_bind_int(stmt, 3, title != NULL && *title != '\0');
		sqlite3_bind_int64(stmt, 4, (int64_t)time(NULL));
		if (db_step_done(db, stmt, "add feed") == -1)
			goto fail;
		id = sqlite3_last_insert_rowid(db_handle(db));
	} else if (!subscribed) {
		/*
		 * Back from the dead: fetch it afresh, no stale validators,
		 * and enabled again (subscribing is asking for it, whatever
		 * disabled it before, a 410 Gone included).
		 */
		if ((stmt = db_stmt(db, "UPDATE feeds SET subscribed = 1,"
		    " title = coalesce(?1, title),"
		    " title_set = CASE WHEN ?1 IS NULL THEN title_set ELSE 1 END,"
		    " etag = NULL, last_modified = NULL, status = 0,"
		    " error = NULL, failures = 0, retry_after = NULL,"
		    " disabled = 0, disabled_reason = NULL, added = ?2"
		    " WHERE id = ?3")) == NULL)
			goto fail;
		db_bind_str(stmt, 1, title);
		sqlite3_bind_int64(stmt, 2, (int64_t)time(NULL));
		sqlite3_bind_int64(stmt, 3, id);
		if (db_step_done(db, stmt, "add feed") == -1)
			goto fail;
	}
	for (i = 0; i < ntags; i++) {
		if (db_feed_tag(db, id, tags[i]) != 0)
			goto fail;
	}
	if (db_commit(db) == -1)
		return -1;
	if (idp != NULL)
		*idp = id;
	return found && subscribed ? 1 : 0;
fail:
	db_rollback(db);
	return -1;
}

int
db_feed_remove(struct db *db, const char *url)
{
	int64_t	 id;
	int	 rc, kept;

	if ((rc = db_feed_find(db, url, &id)) != 0)
		return rc;
	if (db_begin(db) == -1)
		return -1;
	if (db_exec_id(db, "DELETE FROM posts WHERE feed_id = ? AND NOT EXISTS"
	    " (SELECT 1 FROM post_tags WHERE post_id = posts.id)", id, NULL,
	    "remove") == -1)
		goto fail;
	if ((kept = db_exec_id(db, "UPDATE feeds SET subscribed = 0,"
	    " etag = NULL, last_modified = NULL"
	    " WHERE id = ?1"
	    " AND EXISTS (SELECT 1 FROM posts WHERE feed_id = ?1)",
	    id, NULL, "remove")) == -1)
		goto fail;
	if (kept) {
		if (db_exec_id(db, "DELETE FROM feed_tags WHERE feed_id = ?",
		    id, NULL, "remove") == -1 ||
		    db_exec_id(db, "DELETE FROM gone WHERE feed_id = ?", id,
		    NULL, "remove") == -1)
			goto fail;
	} else if (db_exec_id(db, "DELETE FROM feeds WHERE id = ?", id, NULL,
	    "remove") == -1)
		goto fail;
	if (tags_prune(db, id) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * Tags that only the feed that went (id, subscribed or not) carried, on
 * itself or on its posts: a name the user gave is something they read
 * about.  0, or -1.
 */
static int
tags_prune(struct db *db, int64_t id)
{
	return db_exec_id(db, "DELETE FROM tags WHERE ?1 = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM post_tags WHERE tag_id = tags.id)"
	    " AND NOT EXISTS (SELECT 1 FROM feed_tags WHERE tag_id = tags.id)",
	    id, NULL, "remove") == -1 ? -1 : 0;
}

/*
 * remove --forget: the feed at url, subscribed or left behind by a plain
 * remove for its tagged posts, goes with every post (tagged too), and
 * with them, by the schema's cascades and triggers, their bodies, tags,
 * enclosures and index entries, the feed's tags, the keys of its expired
 * posts (gone) and its fetch state, which is the feed row's.  A member
 * list keeps naming the URL (list_members: the list's own words), no
 * longer the feed.  What is deleted is overwritten (secure_delete); what
 * the index and the WAL still hold is db_scrub()'s.  0, 1 if no feed
 * has that URL, -1.
 */
int
db_feed_forget(struct db *db, const char *url)
{
	int64_t	 id;
	int	 rc;

	if ((rc = db_feed_find(db, url, &id)) == 1)
		rc = feed_find_any(db, url, &id);
	if (rc != 0)
		return rc;
	if (db_begin(db) == -1)
		return -1;
	if (db_exec_id(db, "DELETE FROM posts WHERE feed_id = ?", id, NULL,
	    "forget") == -1 ||
	    db_exec_id(db, "DELETE FROM feeds WHERE id = ?", id, NULL,
	    "forget") == -1 ||
	    tags_prune(db, id) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* Any feed row at url, subscribed or not, found as db_feed_find() does. */
static int
feed_find_any(struct db *db, const char *url, int64_t *id)
{
	int	 rc;

	if ((rc = feed_by_url(db, "SELECT id FROM feeds WHERE url = ?", url,
	    id)) != 1)
		return rc;
	return db_find_masked(db, "SELECT id, url FROM feeds"
	    " WHERE url LIKE '%@%' OR url LIKE '%?%=%'", url, id);
}

/* Set one text column of a feed; 0, 1 if no such feed, -1. */
static int
feed_set(struct db *db, const char *sql, int64_t id, const char *v)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	db_bind_str(stmt, 1, v);
	sqlite3_bind_int64(stmt, 2, id);
	if (db_step_done(db, stmt, "feed") == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0 ? 0 : 1;
}

/*
 * A title the user chose: kept over the feed's own from now on.  NULL
 * gives the feed's own back at the next fetch, which must then read the
 * document, not get a 304: the validators go.
 */
int
db_feed_set_title(struct db *db, int64_t id, const char *title)
{
	return feed_set(db, "UPDATE feeds SET title = ?1,"
	    " title_set = ?1 IS NOT NULL,"
	    " etag = CASE WHEN ?1 IS NULL THEN NULL ELSE etag END,"
	    " last_modified = CASE WHEN ?1 IS NULL THEN NULL"
	    "  ELSE last_modified END WHERE id = ?2", id, title);
}

/*
 * A title from someone else's list (a followed member list): shown until
 * the feed's own comes with its first fetch, unlike the user's own
 * (db_feed_set_title()); a feed that has a title keeps it.
 */
int
db_feed_title_hint(struct db *db, int64_t id, const char *title)
{
	return feed_set(db, "UPDATE feeds SET title = ?1"
	    " WHERE id = ?2 AND title IS NULL", id, title);
}

/*
 * Set one numeric per-feed setting by its column name (one of the fixed
 * names below, never the user's text), v < 0 resetting it to the default.
 * Returns 0, 1 if there is no such feed, -1.
 */
int
db_feed_set_number(struct db *db, int64_t id, const char *column, int64_t v)
{
	static const char *const sql[][2] = {
		{ "fetch_interval",
		  "UPDATE feeds SET fetch_interval = ? WHERE id = ?" },
		{ "keep_days", "UPDATE feeds SET keep_days = ? WHERE id = ?" },
		{ "keep_posts",
		  "UPDATE feeds SET keep_posts = ? WHERE id = ?" },
	};
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < nitems(sql); i++) {
		if (strcmp(sql[i][0], column) == 0)
			break;
	}
	if (i == nitems(sql))
		return db_errorf(db, _("%s: not a feed setting"), column);
	if ((stmt = db_stmt(db, sql[i][1])) == NULL)
		return -1;
	if (v < 0)
		sqlite3_bind_null(stmt, 1);
	else
		sqlite3_bind_int64(stmt, 1, v);
	sqlite3_bind_int64(stmt, 2, id);
	if (db_step_done(db, stmt, "feed") == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0 ? 0 : 1;
}

/* A permanent redirect: the new URL must not be another feed's. */
int
db_feed_set_url(struct db *db, int64_t id, const char *url)
{
	return feed_set(db, "UPDATE feeds SET url = ? WHERE id = ?", id, url);
}

int
db_feed_set_proxy(struct db *db, int64_t id, const char *proxy)
{
	return feed_set(db, "UPDATE feeds SET proxy = ? WHERE id = ?", id,
	    proxy);
}

/* A stored reason (NULL: none) as a person reads it. */
const char *
db_disabled_reason(const char *stored)
{
	if (stored == NULL || strcmp(stored, DB_DISABLED_BY_USER) == 0)
		return _("by the user");
	return stored;
}

int
db_feed_set_disabled(struct db *db, int64_t id, int disabled,
    const char *reason)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE feeds SET disabled = ?,"
	    " disabled_reason = ? WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, disabled != 0);
	db_bind_str(stmt, 2, disabled ? reason : NULL);
	sqlite3_bind_int64(stmt, 3, id);
	if (db_step_done(db, stmt, "feed") == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0 ? 0 : 1;
}

/*
 * The per-feed settings the feed command and the reader set, by name, as
 * "KEY=VALUE" ("KEY=" resetting to the default).  Returns 0, 1 if there is
 * no such feed, -1 with db_errmsg() saying what is wrong (a bad key or
 * value: nothing is written then).
 */
int
db_feed_setting(struct db *db, int64_t id, const char *kv)
{
	static const struct {
		const char	*key;
		const char	*column;	/* numbers; NULL: special */
		int		 seconds;	/* a duration, not a count */
	} keys[] = {
		{ "title", NULL, 0 },
		{ "interval", "fetch_interval", 1 },
		{ "keep-days", "keep_days", 0 },
		{ "keep-posts", "keep_posts", 0 },
		{ "proxy", NULL, 0 },
		{ "enabled", NULL, 0 },
	};
	const char	*eq, *v;
	size_t		 i, klen;
	int64_t		 n = -1;
	int		 rc;

	if ((eq = strchr(kv, '=')) == NULL)
		return db_errorf(db, _("%s: not KEY=VALUE"), kv);
	klen = (size_t)(eq - kv);
	v = eq + 1;
	for (i = 0; i < nitems(keys); i++) {
		if (strlen(keys[i].key) == klen &&
		    strncmp(keys[i].key, kv, klen) == 0)
			break;
	}
	if (i == nitems(keys)) {
		return db_errorf(db, _("%.*s: not a feed setting (title, interval,"
		    " keep-days, keep-posts, proxy, enabled)"), (int)klen, kv);
	}
	if (keys[i].column != NULL) {
		if (*v != '\0' && ((keys[i].seconds ? num_seconds(v, &n) :
		    num_parse(v, &n)) == -1 || n < 0 || n > INT32_MAX)) {
			return db_errorf(db, "%s: %s", kv, keys[i].seconds ?
			    _("not a duration (30m, 6h, 1d)") :
			    _("not a number of 0 or more"));
		}
		return db_feed_set_number(db, id, keys[i].column, n);
	}
	if (strcmp(keys[i].key, "title") == 0)
		return db_feed_set_title(db, id, *v != '\0' ? v : NULL);
	if (strcmp(keys[i].key, "proxy") == 0)
		return db_feed_set_proxy(db, id, *v != '\0' ? v : NULL);
	if (*v == '\0' || strcmp(v, "yes") == 0)
		rc = db_feed_set_disabled(db, id, 0, NULL);
	else if (strcmp(v, "no") == 0)
		rc = db_feed_set_disabled(db, id, 1, DB_DISABLED_BY_USER);
	else
		return db_errorf(db, _("%s: not yes or no"), kv);
	return rc;
}

/* Add a tag to a feed; 0 (also if it had it), 1 if no such feed, -1. */
int
db_feed_tag(struct db *db, int64_t id, const char *name)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (!db_tag_valid(name))
		return db_errorf(db, _("%s: not a valid tag"), name);
	if ((stmt = db_stmt(db, "SELECT 1 FROM feeds WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW)
		return db_error(db, "feed");
	return db_tag_attach(db, "INSERT OR IGNORE INTO feed_tags(feed_id,"
	    " tag_id) VALUES (?, ?)", id, name, "tag feed");
}

/* Remove a tag from a feed; 0 (also if it did not have it), -1. */
int
db_feed_untag(struct db *db, int64_t id, const char *name)
{
	sqlite3_stmt	*stmt;
	int64_t		 tag;
	int		 rc;

	if ((rc = db_tag_id(db, name, 0, &tag)) != 0)
		return rc == 1 ? 0 : -1;
	if (db_begin(db) == -1)
		return -1;
	if ((stmt = db_stmt(db, "DELETE FROM feed_tags WHERE feed_id = ?"
	    " AND tag_id = ?")) == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, tag);
	if (db_step_done(db, stmt, "untag feed") == -1 ||
	    db_tag_gc(db, tag) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * Record a fetch that brought no entries (304, or a failure): its time and
 * outcome, so that 'majlis feeds' shows that the fetches go on while the
 * feed does not change.  The fetcher calls it inside its batch, so a
 * thousand unchanged feeds cost a thousand row updates in a few
 * transactions, not a thousand commits.  Returns 0, 1 if no such feed, -1.
 */
int
db_feed_set_status(struct db *db, int64_t id, const struct db_fetch_result *r)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE feeds SET status = ?, error = ?,"
	    " last_fetch = ?, retry_after = ?,"
	    " failures = CASE WHEN ?2 IS NULL THEN 0 ELSE failures + 1 END"
	    " WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, r->status);
	db_bind_str(stmt, 2, r->error);
	sqlite3_bind_int64(stmt, 3, r->time);
	db_bind_date(stmt, 4, r->retry_after);
	sqlite3_bind_int64(stmt, 5, id);
	if (db_step_done(db, stmt, "feed status") == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) == 0;
}
