/*
 * Posts: storing what the fetcher parsed, and the paged queries the
 * commands and the reader run.
 *
 * Storing.  A post is identified by (feed, key), the key being the entry's
 * stable id as entry_key() computes it.  Each stored post carries a hash
 * of the fields that come from the feed; db_store_entry():
 *   1. looks the key up (the UNIQUE index): same hash -> nothing to do, no
 *      write at all (the common case on a re-fetch);
 *   2. unknown key listed in "gone" (expired by retention) -> skipped, so
 *      retention does not make old entries reappear as new;
 *   3. otherwise INSERT ... ON CONFLICT DO UPDATE: new posts are inserted
 *      unread; an edited post is updated in place, its id, read flag, tags
 *      and first_seen untouched.  The triggers make both pending for the
 *      full-text index, which the next search brings up to date (db.c,
 *      db-index.c): storing never waits for the indexer.
 *
 * Queries.  Lists are newest first by sort_time (the published date, else
 * updated, else when first seen; never later than first seen, so a feed
 * with dates in the future cannot pin its posts to the top), ties by id.
 * Every filter maps to an index: posts_read_time for --unread,
 * posts_feed_time_read for --feed (with or without --unread), posts_time
 * otherwise, so a page of 50 reads about 50 index entries whatever the
 * size of the cache.  A search goes
 * through posts_fts and returns every match: first the newest
 * DB_SEARCH_WINDOW matches ranked by bm25 (title weighted over author over
 * body), then recency; then the older matches, newest first.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "majlis.h"

/* How many of the newest matches a search ranks; see query_sql(). */
#define DB_SEARCH_WINDOW 2000

/* bm25 weights of the title, author and body columns. */
#define RANK_EXPR	"bm25(posts_fts, 10.0, 3.0, 1.0)"

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
 * byte at a time, each step waiting for the last multiplication: over the
 * 27 MB of a cold fetch of 200 feeds that was 8% of the fetch.  This one
 * takes 8 bytes a step (little-endian, so that a file moved between
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

static int64_t
entry_hash(const struct entry *e)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	h = mix_add(h, e->title);
	h = mix_add(h, e->link);
	h = mix_add(h, e->author);
	h = mix_add(h, e->summary);
	h = mix_add(h, e->content);
	h = mix_int(h, e->published);
	h = mix_int(h, e->updated);
	for (i = 0; i < e->nenclosures; i++) {
		h = mix_add(h, e->enclosures[i].url);
		h = mix_add(h, e->enclosures[i].type);
		h = mix_int(h, e->enclosures[i].length);
	}
	return (int64_t)h;
}

/*
 * The FNV-1a hash of the entry, for fallback_key() only: keys of entries
 * that have neither id nor link were made with it, and must not change.
 */
static int64_t
entry_key_hash(const struct entry *e)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;
	size_t		 i;

	h = hash_add(h, e->title);
	h = hash_add(h, e->link);
	h = hash_add(h, e->author);
	h = hash_add(h, e->summary);
	h = hash_add(h, e->content);
	h = hash_int(h, e->published);
	h = hash_int(h, e->updated);
	for (i = 0; i < e->nenclosures; i++) {
		h = hash_add(h, e->enclosures[i].url);
		h = hash_add(h, e->enclosures[i].type);
		h = hash_int(h, e->enclosures[i].length);
	}
	return (int64_t)h;
}

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
 * for fifty posts, the dozens of index pages their dates fall on.  On 200
 * feeds of 50 posts that was 0.03 s of CPU and 1.5 MB.  A feed parsed whole
 * beforehand can only fail on a database error, and that costs the
 * caller's transaction anyway (a full disk rolls it all back).  The feed
 * row is looked at first: a feed removed since the fetch began would
 * otherwise fail its posts' foreign key and take the other feeds with it,
 * and one unsubscribed (kept for its tagged posts) must not get new ones.
 * Returns 0, 1 if the feed is gone (nothing to store), or -1.
 */
int
db_store_join(struct db *db, int64_t feed)
{
	return db_row_exists(db, "SELECT 1 FROM feeds WHERE id = ?"
	    " AND subscribed", feed, "store");
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
	    *e->content != '\0' && strcmp(e->summary, e->content) == 0)
		return NULL;
	return e->summary;
}

int
db_store_entry(struct db *db, int64_t feed, const struct entry *e,
    const char *key)
{
	sqlite3_stmt	*stmt;
	char		*ownkey = NULL;
	int64_t		 hash, id = 0, now, st;
	int		 rc, found = 0, ret = -1;

	if (key == NULL || *key == '\0')
		key = ownkey = fallback_key(e);
	hash = entry_hash(e);

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

	now = (int64_t)time(NULL);
	st = e->published != DATE_NONE ? e->published : e->updated;
	if (st == DATE_NONE || st > now)
		st = now;
	if ((stmt = db_stmt(db, "INSERT INTO posts(feed_id, key, link, title,"
	    " author, published, updated, summary, content, first_seen,"
	    " sort_time, hash, lang, base)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT(feed_id, key) DO UPDATE SET link = excluded.link,"
	    " title = excluded.title, author = excluded.author,"
	    " published = excluded.published, updated = excluded.updated,"
	    " summary = excluded.summary, content = excluded.content,"
	    " lang = excluded.lang, base = excluded.base,"
	    " sort_time = min(coalesce(excluded.published, excluded.updated,"
	    "  posts.first_seen), posts.first_seen),"
	    " hash = excluded.hash"
	    " WHERE posts.hash != excluded.hash")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, feed);
	db_bind_str(stmt, 2, key);
	db_bind_str(stmt, 3, e->link);
	db_bind_str(stmt, 4, e->title);
	db_bind_str(stmt, 5, e->author);
	db_bind_date(stmt, 6, e->published);
	db_bind_date(stmt, 7, e->updated);
	db_bind_str(stmt, 8, summary_to_store(e));
	db_bind_str(stmt, 9, e->content);
	sqlite3_bind_int64(stmt, 10, now);
	sqlite3_bind_int64(stmt, 11, st);
	sqlite3_bind_int64(stmt, 12, hash);
	db_bind_str(stmt, 13, e->lang);
	db_bind_str(stmt, 14, e->base);
	if (db_step_done(db, stmt, "store") == -1)
		goto out;
	if (!found)
		id = sqlite3_last_insert_rowid(db_handle(db));
	/* A new post has no enclosures to replace. */
	if ((found || e->nenclosures > 0) &&
	    store_enclosures(db, id, e) == -1)
		goto out;
	ret = found ? 2 : 1;
	db_test_crash("post");
out:
	free(ownkey);
	return ret;
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
	    " title = coalesce(nullif(?1, ''), title),"
	    " site = coalesce(nullif(?2, ''), site),"
	    " etag = ?3, last_modified = ?4, last_fetch = ?5, status = ?6,"
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
	if (db_expire(db, feed) == -1)
		return -1;
	return 0;
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
 * Returns a heap string: the FTS5 query for the user's text.  Each word is
 * folded and put in double quotes (a quote inside doubled), so that no
 * user text is FTS5 syntax: "AND", "NEAR(", "-", ":" are just words.  A
 * word ending in '*' becomes a prefix query.  Words are ANDed (FTS5's
 * implicit operator).  "" if there are no words.
 */
char *
db_search_expr(const char *text)
{
	struct buf	 b;
	char		*folded, *word, *p, *save = NULL;
	size_t		 len;
	int		 prefix;

	buf_init(&b);
	folded = text_fold(text != NULL ? text : "");
	for (word = strtok_r(folded, " \t\r\n\f\v", &save); word != NULL;
	    word = strtok_r(NULL, " \t\r\n\f\v", &save)) {
		len = strlen(word);
		prefix = 0;
		while (len > 0 && word[len - 1] == '*') {
			prefix = 1;
			word[--len] = '\0';
		}
		if (len == 0)
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (p = word; *p != '\0'; p++) {
			if (*p == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
		if (prefix)
			buf_addc(&b, '*');
	}
	free(folded);
	return buf_take(&b);
}

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
};

static int
filter_resolve(struct db *db, const struct db_post_query *q,
    struct post_filter *pf)
{
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
	if (q->search != NULL) {
		pf->match = db_search_expr(q->search);
		if (*pf->match == '\0')
			return 1;
		/* Index what the last fetch stored (db-index.c). */
		if (db_index_catch_up(db) == -1)
			return -1;
	}
	return 0;
}

/*
 * Build the SQL for q: what is "SELECT <what>" (NULL for the post columns
 * with ORDER BY and paging).  The parameters are named so that the binding
 * does not depend on which filters are present.  Returns a heap string.
 *
 * A search ranks only the newest DB_SEARCH_WINDOW matches (by rowid, the
 * order posts were stored in, which FTS5 walks for free): bm25 must be
 * computed for every row it ranks, and a common word matches most of the
 * cache, which would cost a whole-index pass (about 100 ms for 100,000
 * posts) for every search.  Below the window the ranking is exact.  The
 * matches older than the window (rest: rowid < :low, the window's oldest)
 * follow, newest first, through a second statement (db_posts_query()), so
 * that a first page never pays for them.
 * The search always drives the loop, even with --feed: looking each of a
 * feed's posts up in posts_fts instead makes bm25 recompute its
 * whole-index statistics on every row (measured: 0.34 s against 0.1 s).
 */
static char *
query_sql(const struct db_post_query *q, const struct post_filter *pf,
    const char *what, int rest)
{
	struct buf	 b;
	int		 windowed;

	windowed = pf->match != NULL && what == NULL && !rest;
	buf_init(&b);
	if (windowed)
		buf_adds(&b, "SELECT " POST_COLUMNS " FROM"
		    " (SELECT p.id AS wid, " RANK_EXPR " AS wrank FROM ");
	else
		buf_addf(&b, "SELECT %s FROM ", what != NULL ? what :
		    POST_COLUMNS);
	if (pf->match != NULL)
		buf_adds(&b, "posts_fts JOIN posts p"
		    " ON p.id = posts_fts.rowid");
	else
		buf_adds(&b, "posts p");
	if (what == NULL && !windowed)
		buf_adds(&b, " JOIN feeds f ON f.id = p.feed_id");
	buf_adds(&b, " WHERE 1");
	if (pf->match != NULL)
		buf_adds(&b, " AND posts_fts MATCH :match");
	if (rest)
		buf_adds(&b, " AND posts_fts.rowid < :low");
	if (q->unread)
		buf_adds(&b, " AND p.read = 0");
	if (pf->feed != 0)
		buf_adds(&b, " AND p.feed_id = :feed");
	if (pf->tag != 0)
		buf_adds(&b, " AND (p.id IN (SELECT post_id FROM post_tags"
		    " WHERE tag_id = :tag) OR p.feed_id IN (SELECT feed_id"
		    " FROM feed_tags WHERE tag_id = :tag))");
	if (what != NULL)
		return buf_take(&b);
	if (windowed) {
		/* The outer query's p is the window's post. */
		buf_addf(&b, " ORDER BY posts_fts.rowid DESC LIMIT %d) w"
		    " JOIN posts p ON p.id = w.wid"
		    " JOIN feeds f ON f.id = p.feed_id"
		    " ORDER BY w.wrank, p.sort_time DESC, p.id DESC",
		    DB_SEARCH_WINDOW);
	} else {
		if (q->before_time != 0)
			buf_adds(&b, " AND (p.sort_time, p.id) < (:bt, :bi)");
		buf_adds(&b, " ORDER BY p.sort_time DESC, p.id DESC");
	}
	buf_adds(&b, " LIMIT :limit OFFSET :offset");
	return buf_take(&b);
}

static void
bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	int	 i;

	if ((i = sqlite3_bind_parameter_index(stmt, name)) > 0)
		sqlite3_bind_int64(stmt, i, v);
}

static void
query_bind(sqlite3_stmt *stmt, const struct db_post_query *q,
    const struct post_filter *pf)
{
	int	 i;

	if ((i = sqlite3_bind_parameter_index(stmt, ":match")) > 0)
		sqlite3_bind_text(stmt, i, pf->match, -1, SQLITE_STATIC);
	bind_named_int(stmt, ":feed", pf->feed);
	bind_named_int(stmt, ":tag", pf->tag);
	bind_named_int(stmt, ":bt", q->before_time);
	bind_named_int(stmt, ":bi", q->before_id);
	bind_named_int(stmt, ":limit", q->limit > 0 ? q->limit : -1);
	bind_named_int(stmt, ":offset", q->offset > 0 ? q->offset : 0);
}

/*
 * Step stmt (bound) and call cb for each post; *stopped is set when cb
 * asked to stop.  Returns the number of posts passed to cb, or -1.
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
	sqlite3_reset(stmt);
	/* The statement keeps no pointer to match once reset. */
	sqlite3_clear_bindings(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, "posts");
	return n;
}

/*
 * The search window of q: how many matches it holds (*size, at most
 * DB_SEARCH_WINDOW) and the rowid of its oldest (*low).  0, or -1.
 */
static int
window_bounds(struct db *db, const struct db_post_query *q,
    const struct post_filter *pf, int64_t *size, int64_t *low)
{
	sqlite3_stmt	*stmt;
	char		*inner, *sql;
	int		 rc = -1;

	inner = query_sql(q, pf, "posts_fts.rowid AS wid", 0);
	xasprintf(&sql, "SELECT count(*), min(wid) FROM (%s"
	    " ORDER BY posts_fts.rowid DESC LIMIT %d)", inner,
	    DB_SEARCH_WINDOW);
	free(inner);
	stmt = db_stmt(db, sql);
	free(sql);
	if (stmt == NULL)
		return -1;
	query_bind(stmt, q, pf);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		*size = sqlite3_column_int64(stmt, 0);
		*low = sqlite3_column_int64(stmt, 1);
		rc = 0;
	} else
		db_error(db, "posts");
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc;
}

/*
 * A search's matches older than its window (see query_sql()), for the
 * part of the page q the window did not fill (it gave had posts): the
 * page goes on at q->offset minus the window's size.  Returns the number
 * of posts passed to cb, or -1.
 */
static int64_t
query_rest(struct db *db, const struct db_post_query *q,
    const struct post_filter *pf, int64_t had, db_post_cb cb, void *arg,
    int *stopped)
{
	struct db_post_query	 rq = *q;
	sqlite3_stmt		*stmt;
	char			*sql;
	int64_t			 size, low;

	if (window_bounds(db, q, pf, &size, &low) == -1)
		return -1;
	if (size < DB_SEARCH_WINDOW)
		return 0;	/* the window held every match */
	rq.offset = q->offset > size ? q->offset - size : 0;
	rq.limit = q->limit > 0 ? q->limit - had : 0;
	sql = query_sql(&rq, pf, NULL, 1);
	stmt = db_stmt(db, sql);
	free(sql);
	if (stmt == NULL)
		return -1;
	query_bind(stmt, &rq, pf);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":low"),
	    low);
	return query_step(db, stmt, cb, arg, stopped);
}

/*
 * Call cb for each post of the page q asks for.  The statement text
 * depends only on which filters are set, so the cache holds at most a few
 * dozen variants.  A search whose page goes past its ranked window goes
 * on with the older matches (query_rest()).  Returns the number of posts
 * passed to cb, or -1.
 */
int64_t
db_posts_query(struct db *db, const struct db_post_query *q, db_post_cb cb,
    void *arg)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	char			*sql;
	int64_t			 n = -1, more;
	int			 rc, stopped = 0;

	if ((rc = filter_resolve(db, q, &pf)) != 0) {
		free(pf.match);
		return rc == 1 ? 0 : -1;
	}
	sql = query_sql(q, &pf, NULL, 0);
	stmt = db_stmt(db, sql);
	free(sql);
	if (stmt == NULL)
		goto out;
	query_bind(stmt, q, &pf);
	if ((n = query_step(db, stmt, cb, arg, &stopped)) == -1)
		goto out;
	if (pf.match != NULL && !stopped && (q->limit <= 0 || n < q->limit)) {
		more = query_rest(db, q, &pf, n, cb, arg, &stopped);
		n = more == -1 ? -1 : n + more;
	}
out:
	free(pf.match);
	return n;
}

/* How many posts q matches, paging aside.  -1 on error. */
int64_t
db_posts_count(struct db *db, const struct db_post_query *q)
{
	struct post_filter	 pf;
	sqlite3_stmt		*stmt;
	char			*sql;
	int64_t			 n = -1;
	int			 rc;

	if ((rc = filter_resolve(db, q, &pf)) != 0) {
		free(pf.match);
		return rc == 1 ? 0 : -1;
	}
	sql = query_sql(q, &pf, "count(*)", 0);
	stmt = db_stmt(db, sql);
	free(sql);
	if (stmt != NULL) {
		query_bind(stmt, q, &pf);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		else
			db_error(db, "posts");
		sqlite3_reset(stmt);
		sqlite3_clear_bindings(stmt);
	}
	free(pf.match);
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
	    " coalesce(p.summary, p.content),"
	    " p.content FROM posts p JOIN feeds f ON f.id = p.feed_id"
	    " WHERE p.id = ?")) == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (rc == SQLITE_DONE)
			db_errorf(db, "post %lld: not found", (long long)id);
		else
			db_error(db, "post");
		return NULL;
	}
	p = xmalloc(sizeof *p);
	post_from_row(stmt, p);
	p->summary = db_column_str(stmt, 13);
	p->content = db_column_str(stmt, 14);
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
