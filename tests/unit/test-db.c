/*
 * db*.c: the SQLite cache, on temporary database files.  Migrations and the
 * refusal of a newer schema, the store API's upsert (no duplicates, read
 * flag and tags survive, edits update in place), tags in any script,
 * search across Arabic letter variants and with hostile query text,
 * retention, paging, the no-write 304 path, concurrency with a second
 * connection, the fetch lock and the files' modes.  Deferred indexing:
 * pending posts, searches that catch up, edits and deletes in either
 * state, checked against FTS5's own record of what it holds.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>


#include "db-int.h"	/* the store's own: statements, the handle */

struct fixture {
	char		 dir[64];
	char		*path;
	struct db	*db;
};

/* What a file from before migration 17 does not have. */
#define UNDO_POST_TIMES							\
	"DROP TRIGGER post_times_delete; DROP TRIGGER post_times_update;" \
	"DROP TABLE post_times;"

/* db_store_entry() with the entry's own hash, as the fetch gives it. */
static int
store_entry(struct db *db, int64_t feed, const struct entry *e,
    const char *key)
{
	return db_store_entry(db, feed, e, key, db_entry_hash(e));
}

static int
setup(void **state)
{
	struct fixture	*fx = xcalloc(1, sizeof *fx);
	char		*err = NULL;

	strcpy(fx->dir, "/tmp/majlis-test-db.XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	xasprintf(&fx->path, "%s/majlis.db", fx->dir);
	fx->db = db_open(fx->path, &err);
	if (fx->db == NULL)
		fail_msg("db_open: %s", err);
	*state = fx;
	return 0;
}

/*
 * post_times (migration 17) holds every post's date, id and read flag,
 * once, and nothing else: checked after every test.
 */
static void
times_check(struct db *db)
{
	sqlite3_stmt	*stmt;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT"
	    " (SELECT count(*) FROM post_times) - (SELECT count(*) FROM posts),"
	    " (SELECT count(*) FROM posts p WHERE NOT EXISTS (SELECT 1"
	    "  FROM post_times t WHERE t.sort_time = p.sort_time"
	    "  AND t.id = p.id AND t.read = p.read"
	    "  AND t.ignored = p.ignored))", -1, &stmt, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(stmt, 0), 0);
	assert_int_equal(sqlite3_column_int64(stmt, 1), 0);
	sqlite3_finalize(stmt);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	char		*cmd;

	if (fx->db != NULL)
		times_check(fx->db);
	db_close(fx->db);
	xasprintf(&cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(fx->path);
	free(fx);
	return 0;
}

static struct entry
mkentry(const char *id, const char *title, int64_t published)
{
	struct entry	 e;

	memset(&e, 0, sizeof e);
	e.id = (char *)id;
	e.title = (char *)title;
	e.link = (char *)"https://example.org/post";
	e.summary = (char *)"<p>summary text</p>";
	e.published = published;
	e.updated = DATE_NONE;
	return e;
}

static int64_t
add_feed(struct db *db, const char *url)
{
	int64_t	 id;

	assert_int_equal(db_feed_add(db, url, NULL, NULL, 0, &id), 0);
	return id;
}

/* Store entries as one fetch would; returns what the last store said. */
static int
store(struct db *db, int64_t feed, struct entry *e, size_t n)
{
	struct db_fetch_result	 r;
	size_t			 i;
	int			 rc = 0;

	memset(&r, 0, sizeof r);
	r.time = time(NULL);
	r.status = 200;
	r.retry_after = DATE_NONE;
	assert_int_equal(db_store_begin(db, feed), 0);
	for (i = 0; i < n; i++) {
		rc = store_entry(db, feed, &e[i], e[i].id);
		assert_true(rc >= 0);
	}
	assert_int_equal(db_store_end(db, feed, NULL, &r), 0);
	return rc;
}

static int64_t
count(struct db *db, const struct db_post_query *q)
{
	int64_t	 n = db_posts_count(db, q);

	assert_true(n >= 0);
	return n;
}

static int64_t	search(struct db *, const char *);

struct collect {
	int64_t	 ids[64];
	char	*titles[64];
	int	 n;
};

static int
collect_cb(const struct db_post *p, void *arg)
{
	struct collect	*c = arg;

	if (c->n < 64) {
		c->ids[c->n] = p->id;
		c->titles[c->n] = xstrdup(p->title != NULL ? p->title : "");
		c->n++;
	}
	return 0;
}

static void
collect_free(struct collect *c)
{
	int	 i;

	for (i = 0; i < c->n; i++)
		free(c->titles[i]);
	c->n = 0;
}

/* The first post id in the cache, by the newest-first order. */
static int64_t
first_id(struct db *db, const struct db_post_query *q)
{
	struct collect	 c;
	int64_t		 id;

	memset(&c, 0, sizeof c);
	assert_true(db_posts_query(db, q, collect_cb, &c) >= 1);
	id = c.ids[0];
	collect_free(&c);
	return id;
}

static void
test_migrate_fresh(void **state)
{
	struct fixture	*fx = *state;
	char		*err = NULL;
	struct db	*again;

	assert_int_equal(db_schema_version(fx->db), db_latest_version());
	assert_true(db_latest_version() >= 1);
	/* Opening again migrates nothing and works. */
	again = db_open(fx->path, &err);
	assert_non_null(again);
	assert_int_equal(db_schema_version(again), db_latest_version());
	db_close(again);
}

static void
test_migrate_refuse_newer(void **state)
{
	struct fixture	*fx = *state;
	sqlite3		*sq;
	char		*err = NULL, *sql;
	struct db	*db;

	assert_int_equal(sqlite3_open(fx->path, &sq), SQLITE_OK);
	xasprintf(&sql, "PRAGMA user_version = %d", db_latest_version() + 1);
	assert_int_equal(sqlite3_exec(sq, sql, NULL, NULL, NULL), SQLITE_OK);
	free(sql);
	sqlite3_close(sq);

	db = db_open(fx->path, &err);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, "newer"));
	assert_non_null(strstr(err, fx->path));
	free(err);
}

/*
 * A database named in a directory that does not exist is refused, the
 * directory named; only the default location's directories are made.
 */
static void
test_open_missing_dir(void **state)
{
	struct fixture	*fx = *state;
	struct db	*db;
	char		*path, *want, *err = NULL, *saved;
	struct stat	 sb;

	xasprintf(&path, "%s/no/such/majlis.db", fx->dir);
	assert_null(db_open(path, &err));
	xasprintf(&want, "%s: no such directory: %s/no/such", path, fx->dir);
	assert_string_equal(err, want);
	free(err);
	free(want);
	free(path);
	xasprintf(&path, "%s/no", fx->dir);
	assert_int_equal(stat(path, &sb), -1);
	free(path);

	saved = getenv("XDG_DATA_HOME") != NULL ?
	    xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	xasprintf(&path, "%s/xdg/data", fx->dir);
	setenv("XDG_DATA_HOME", path, 1);
	db = db_open(NULL, &err);
	assert_non_null(db);
	db_close(db);
	free(path);
	xasprintf(&path, "%s/xdg/data/majlis/majlis.db", fx->dir);
	assert_int_equal(stat(path, &sb), 0);
	free(path);
	if (saved != NULL)
		setenv("XDG_DATA_HOME", saved, 1);
	else
		unsetenv("XDG_DATA_HOME");
	free(saved);
}

/* The largest post id in the file, or 0. */
static int64_t
max_post_id(struct db *db)
{
	int64_t	 v = -1;

	assert_int_equal(db_int(db, "SELECT coalesce(max(id), 0) FROM posts",
	    &v), 0);
	return v;
}

/*
 * A post id is never given again: not after the newest posts went with
 * their feed, nor in a file from before migration 13, which starts from
 * the largest id it has.
 */
static void
test_post_ids_never_reused(void **state)
{
	struct fixture	*fx = *state;
	struct entry	 e[3];
	int64_t		 feed, old, v = -1;
	char		*err = NULL, *sql;

	e[0] = mkentry("a", "alpha", 1000);
	e[1] = mkentry("b", "bravo", 2000);
	e[2] = mkentry("c", "charlie", 3000);
	feed = add_feed(fx->db, "https://example.org/a");
	store(fx->db, feed, e, 3);
	old = max_post_id(fx->db);
	assert_int_equal(old, 3);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/a"), 0);
	assert_int_equal(max_post_id(fx->db), 0);
	feed = add_feed(fx->db, "https://example.org/a");
	store(fx->db, feed, e, 1);
	assert_int_equal(max_post_id(fx->db), old + 1);
	/* Outside a transaction too. */
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 1);
	assert_int_equal(max_post_id(fx->db), old + 2);
	assert_int_equal(db_int(fx->db, "SELECT value FROM meta"
	    " WHERE key = 'post_id_max'", &v), 0);
	assert_int_equal(v, old + 2);

	/* A file of schema 12: the mark comes from its posts. */
	xasprintf(&sql, "DELETE FROM meta WHERE key = 'post_id_max';"
	    "DROP TRIGGER sync_feed_move; DROP TABLE sync_feeds;"
	    "DROP TRIGGER sync_read; DROP TRIGGER sync_tag_add;"
	    "DROP TRIGGER sync_tag_del; DROP TABLE sync_pending;"
	    "DROP TABLE sync_state; DROP INDEX posts_sync_id;"
	    "ALTER TABLE posts DROP COLUMN sync_id;"
	    "ALTER TABLE feeds DROP COLUMN sync_id;"
	    "ALTER TABLE posts DROP COLUMN duration;"
	    UNDO_POST_TIMES
	    "CREATE INDEX posts_time ON posts(sort_time DESC, id DESC, read);"
	    "PRAGMA user_version = 12;");
	assert_int_equal(sqlite3_exec(db_handle(fx->db), sql, NULL, NULL,
	    NULL), SQLITE_OK);
	free(sql);
	db_close(fx->db);
	fx->db = db_open(fx->path, &err);
	assert_non_null(fx->db);
	assert_int_equal(db_schema_version(fx->db), db_latest_version());
	assert_int_equal(db_int(fx->db, "SELECT value FROM meta"
	    " WHERE key = 'post_id_max'", &v), 0);
	assert_int_equal(v, old + 2);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/a"), 0);
	feed = add_feed(fx->db, "https://example.org/a");
	store(fx->db, feed, e + 2, 1);
	assert_int_equal(max_post_id(fx->db), old + 3);
}

/* An old, empty file (user_version 0) is brought up to date. */
static void
test_migrate_from_empty_file(void **state)
{
	struct fixture	*fx = *state;
	sqlite3		*sq;
	char		*err = NULL, *path;
	struct db	*db;

	xasprintf(&path, "%s/old.db", fx->dir);
	assert_int_equal(sqlite3_open(path, &sq), SQLITE_OK);
	assert_int_equal(sqlite3_exec(sq, "CREATE TABLE unrelated(x)", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(sq);
	db = db_open(path, &err);
	assert_non_null(db);
	assert_int_equal(db_schema_version(db), db_latest_version());
	add_feed(db, "https://example.org/a");
	db_close(db);
	free(path);
}

/* A database indexed with another folding is reindexed on open. */
static void
test_reindex(void **state)
{
	struct fixture	*fx = *state;
	struct entry	 e;
	sqlite3		*sq;
	int64_t		 feed;
	char		*err = NULL;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("1", "الإسلام", 1000);
	store(fx->db, feed, &e, 1);
	db_close(fx->db);

	assert_int_equal(sqlite3_open(fx->path, &sq), SQLITE_OK);
	/* posts_fts needs majlis's tokenizer: this connection has none. */
	assert_int_equal(sqlite3_exec(sq,
	    "UPDATE meta SET value = 99 WHERE key = 'fold_version'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(sq);

	fx->db = db_open(fx->path, &err);
	assert_non_null(fx->db);
	assert_int_equal(search(fx->db, "الاسلام"), 1);
}

static void
test_upsert(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct db_post		*p;
	struct entry		 e[2];
	int64_t			 feed, id;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "First", 1000000);
	e[1] = mkentry("b", "Second", 2000000);
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[0], "a"), 1);
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 1);
	assert_int_equal(db_store_end(fx->db, feed, NULL, NULL), 0);

	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
	id = first_id(fx->db, &q);
	assert_int_equal(db_post_mark(fx->db, id, 1), 0);
	assert_int_equal(db_post_tag(fx->db, id, "keep"), 0);

	/* The same document again: nothing new, nothing written. */
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[0], "a"), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 0);
	assert_int_equal(db_store_end(fx->db, feed, NULL, NULL), 0);
	assert_int_equal(count(fx->db, &q), 2);

	/* An edit: same key, new title; updated in place. */
	e[1].title = (char *)"Second, corrected";
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 2);
	assert_int_equal(db_store_end(fx->db, feed, NULL, NULL), 0);
	assert_int_equal(count(fx->db, &q), 2);
	p = db_post_get(fx->db, id);
	assert_non_null(p);
	assert_string_equal(p->title, "Second, corrected");
	assert_int_equal(p->read, 1);
	assert_int_equal(p->ntags, 1);
	assert_string_equal(p->tags[0], "keep");
	assert_string_equal(p->feed_url, "https://example.org/feed");
	db_post_free(p);
	q.unread = 1;
	assert_int_equal(count(fx->db, &q), 1);

	/* The old title is gone from the index, the new one is in it. */
	memset(&q, 0, sizeof q);
	q.search = "corrected";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "first";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "Second";
	assert_int_equal(count(fx->db, &q), 1);
}

/* Without a key, the entry's id or link files it; no duplicates either. */
/*
 * highlight-article and highlight-feed: which of a page's posts or feeds a
 * filter matches, in one query a page of 64 ids; an id past the first
 * page is found too, an id of no row is not.
 */
static void
test_filter_match(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct collect		 c;
	struct filter		*f;
	struct entry		 e[3];
	int64_t			 feed, other, ids[70];
	char			 match[70], *err;
	size_t			 i;

	feed = add_feed(fx->db, "https://example.org/feed");
	other = add_feed(fx->db, "https://example.org/other");
	e[0] = mkentry("a", "Release 1", 3000000);
	e[1] = mkentry("b", "Other news", 2000000);
	e[2] = mkentry("c", "release 2", 1000000);
	store(fx->db, feed, e, 3);
	memset(&q, 0, sizeof q);
	memset(&c, 0, sizeof c);
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 3);
	for (i = 0; i < nitems(ids); i++)
		ids[i] = 1000000 + (int64_t)i;
	ids[0] = c.ids[0];
	ids[1] = c.ids[1];
	ids[66] = c.ids[2];
	assert_non_null(f = filter_compile("title =~ \"^release\"", time(NULL),
	    &err, NULL));
	memset(match, 7, sizeof match);
	assert_int_equal(db_filter_match(fx->db, f, 0, ids, nitems(ids),
	    match), 0);
	for (i = 0; i < nitems(ids); i++)
		assert_int_equal(match[i], i == 0 || i == 66);
	filter_free(f);
	collect_free(&c);

	assert_non_null(f = filter_compile_feeds("unread_count > 0",
	    time(NULL), &err, NULL));
	ids[0] = other;
	ids[1] = feed;
	assert_int_equal(db_filter_match(fx->db, f, 1, ids, 2, match), 0);
	assert_int_equal(match[0], 0);
	assert_int_equal(match[1], 1);
	filter_free(f);
}

static void
test_store_fallback_key(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e;
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry(NULL, "No id", DATE_NONE);
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e, NULL), 1);
	assert_int_equal(store_entry(fx->db, feed, &e, NULL), 0);
	assert_int_equal(db_store_end(fx->db, feed, NULL, NULL), 0);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 1);
}

static void
test_enclosures(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct enclosure	 enc = { (char *)"https://example.org/a.mp3",
	    (char *)"audio/mpeg", 1234 };
	struct db_post		*p;
	struct entry		 e;
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("x", "Podcast", 1000);
	e.enclosures = &enc;
	e.nenclosures = 1;
	store(fx->db, feed, &e, 1);
	memset(&q, 0, sizeof q);
	p = db_post_get(fx->db, first_id(fx->db, &q));
	assert_non_null(p);
	assert_int_equal(p->nenclosures, 1);
	assert_string_equal(p->enclosures[0].url, "https://example.org/a.mp3");
	assert_string_equal(p->enclosures[0].type, "audio/mpeg");
	assert_int_equal(p->enclosures[0].length, 1234);
	assert_string_equal(p->summary, "<p>summary text</p>");
	db_post_free(p);
}

struct tagcount {
	const char	*name;
	int64_t		 posts;
	int64_t		 feeds;
	int		 seen;
};

static int
tag_cb(const char *name, int64_t posts, int64_t feeds, void *arg)
{
	struct tagcount	*t = arg;

	if (strcmp(name, t->name) == 0) {
		t->posts = posts;
		t->feeds = feeds;
		t->seen = 1;
	}
	return 0;
}

static void
test_tags(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct tagcount		 tc;
	struct db_post		*p;
	struct entry		 e[3];
	char			*feedtags[] = { (char *)"news" };
	int64_t			 feed, feed2, id;

	feed = add_feed(fx->db, "https://example.org/feed");
	assert_int_equal(db_feed_add(fx->db, "https://example.org/other",
	    NULL, feedtags, 1, &feed2), 0);
	e[0] = mkentry("a", "one", 1000);
	e[1] = mkentry("b", "two", 2000);
	e[2] = mkentry("c", "three", 3000);
	store(fx->db, feed, e, 2);
	store(fx->db, feed2, &e[2], 1);

	memset(&q, 0, sizeof q);
	q.feed_id = feed;
	id = first_id(fx->db, &q);	/* "two", the newest of feed */
	assert_int_equal(db_post_tag(fx->db, id, "مهم"), 0);
	assert_int_equal(db_post_tag(fx->db, id, "مهم"), 0);	/* again */
	assert_int_equal(db_post_tag(fx->db, id, "news"), 0);
	assert_int_equal(db_post_tag(fx->db, 99999, "x"), 1);
	assert_int_equal(db_post_tag(fx->db, id, ""), -1);
	assert_int_equal(db_post_tag(fx->db, id, "bad\033[2J"), -1);
	assert_int_equal(db_post_tag(fx->db, id, " spaced "), -1);

	p = db_post_get(fx->db, id);
	assert_int_equal(p->ntags, 2);
	assert_string_equal(p->tags[0], "news");
	assert_string_equal(p->tags[1], "مهم");
	db_post_free(p);

	memset(&q, 0, sizeof q);
	q.tag = "مهم";
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(first_id(fx->db, &q), id);
	/* A feed's tag covers its posts too. */
	q.tag = "news";
	assert_int_equal(count(fx->db, &q), 2);
	q.tag = "nonexistent";
	assert_int_equal(count(fx->db, &q), 0);

	memset(&tc, 0, sizeof tc);
	tc.name = "news";
	assert_int_equal(db_tags_foreach(fx->db, tag_cb, &tc), 0);
	assert_true(tc.seen);
	/* Every post the tag lists: the feed's two, one tagged itself. */
	assert_int_equal(tc.posts, 2);
	assert_int_equal(tc.feeds, 1);

	assert_int_equal(db_post_untag(fx->db, id, "مهم"), 0);
	assert_int_equal(db_post_untag(fx->db, id, "never-there"), 0);
	memset(&tc, 0, sizeof tc);
	tc.name = "مهم";
	assert_int_equal(db_tags_foreach(fx->db, tag_cb, &tc), 0);
	assert_false(tc.seen);		/* unused tags are dropped */
}

/* db_tags_apply(): adds and removals at once, all or none. */
static void
test_tags_apply(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct db_post		*p;
	struct db_feed		*f;
	struct entry		 e = mkentry("a", "one", 1000);
	char			*add[] = { (char *)"x", (char *)"y" };
	char			*bad[] = { (char *)"z", (char *)"bad\033[2J" };
	char			*del[] = { (char *)"x" };
	int64_t			 feed, id;

	feed = add_feed(fx->db, "https://example.org/feed");
	store(fx->db, feed, &e, 1);
	memset(&q, 0, sizeof q);
	id = first_id(fx->db, &q);

	assert_int_equal(db_tags_apply(fx->db, id, 0, add, 2, NULL, 0), 0);
	/* An invalid name in the list: nothing changes, not even "z". */
	assert_int_equal(db_tags_apply(fx->db, id, 0, bad, 2, del, 1), -1);
	p = db_post_get(fx->db, id);
	assert_int_equal(p->ntags, 2);
	assert_string_equal(p->tags[0], "x");
	db_post_free(p);
	/* Added and removed in one call. */
	assert_int_equal(db_tags_apply(fx->db, id, 0, bad, 1, del, 1), 0);
	p = db_post_get(fx->db, id);
	assert_int_equal(p->ntags, 2);
	assert_string_equal(p->tags[0], "y");
	assert_string_equal(p->tags[1], "z");
	db_post_free(p);
	assert_int_equal(db_tags_apply(fx->db, 99999, 0, add, 1, NULL, 0), 1);
	/* A feed's tags, the same way. */
	assert_int_equal(db_tags_apply(fx->db, 0, feed, add, 2, del, 1), 0);
	f = db_feed_get(fx->db, feed);
	assert_int_equal(f->ntags, 1);
	assert_string_equal(f->tags[0], "y");
	db_feed_free(f);
}

/* Search a single-post cache for query; returns the hit count. */
static int64_t
search(struct db *db, const char *query)
{
	struct db_post_query	 q;

	memset(&q, 0, sizeof q);
	q.search = query;
	return count(db, &q);
}

static void
test_search_arabic(void **state)
{
	struct fixture	*fx = *state;
	struct entry	 e[4];
	int64_t		 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("1", "تاريخ الإسلام", 1000);
	e[1] = mkentry("2", "المدرسة الجديدة", 2000);
	e[2] = mkentry("3", "مستشفى المدينة", 3000);
	e[3] = mkentry("4", "Crème brûlée", 4000);
	e[3].summary = (char *)"<p>In <b>Kurdish</b>: کوردستان ٢٠٢٤</p>";
	store(fx->db, feed, e, 4);

	assert_int_equal(search(fx->db, "إسلام"), 1);	/* the article's stem */
	assert_int_equal(search(fx->db, "الاسلام"), 1);
	assert_int_equal(search(fx->db, "الإسلام"), 1);
	assert_int_equal(search(fx->db, "الأسلام"), 1);
	assert_int_equal(search(fx->db, "اسلا*"), 1);	/* prefix of the stem */
	assert_int_equal(search(fx->db, "سلام*"), 0);
	assert_int_equal(search(fx->db, "الاسلا*"), 1);
	assert_int_equal(search(fx->db, "المدرسه"), 1);	/* ة / ه */
	assert_int_equal(search(fx->db, "مستشفي"), 1);	/* ى / ي */
	assert_int_equal(search(fx->db, "مستشفی"), 1);	/* Farsi yeh */
	assert_int_equal(search(fx->db, "تاريخ الاسلام"), 1);
	assert_int_equal(search(fx->db, "تاريخ المدينة"), 0);	/* AND */
	assert_int_equal(search(fx->db, "creme"), 1);	/* diacritics */
	assert_int_equal(search(fx->db, "BRULEE"), 1);	/* case */
	assert_int_equal(search(fx->db, "kurdish"), 1);	/* body, no tags */
	assert_int_equal(search(fx->db, "کوردستان"), 1);
	assert_int_equal(search(fx->db, "كوردستان"), 1);	/* Arabic kaf */
	assert_int_equal(search(fx->db, "2024"), 1);	/* Arabic-Indic digits */
	assert_int_equal(search(fx->db, "p"), 0);		/* not the tag name */
}

/* The word "إسلام" alone, indexed and found with the plain alef. */
static void
test_search_variants(void **state)
{
	struct fixture	*fx = *state;
	struct entry	 e;
	int64_t		 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("1", "إسلام", 1000);
	e.summary = (char *)"مَدْرَسَة على";
	store(fx->db, feed, &e, 1);
	assert_int_equal(search(fx->db, "اسلام"), 1);
	assert_int_equal(search(fx->db, "إسلام"), 1);
	assert_int_equal(search(fx->db, "مدرسه"), 1);
	assert_int_equal(search(fx->db, "علي"), 1);
	assert_int_equal(search(fx->db, "عل"), 0);
}

/* No user text is FTS5 syntax: hostile queries run and find nothing odd. */
static void
test_search_hostile(void **state)
{
	static const char *const queries[] = {
		"\"", "\"\"", "AND", "OR NOT", "NEAR(a b)", "a:b", "title:x",
		"*", "-x", "+", "(", ")", "^a", "a\"b", "{title}: x", "'",
		"NOT", "   ", "", "a AND", "\xff\xfe",
	};
	struct fixture	*fx = *state;
	struct db_post_query q;
	struct entry	 e;
	char		*expr, *err;
	int64_t		 feed;
	size_t		 i;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("1", "Rock AND roll \"quoted\"", 1000);
	store(fx->db, feed, &e, 1);
	/* Each runs, or is refused with our message, never FTS5's. */
	for (i = 0; i < nitems(queries); i++) {
		memset(&q, 0, sizeof q);
		q.search = queries[i];
		if (db_posts_count(fx->db, &q) == -1)
			assert_int_equal(strncmp(db_errmsg(fx->db), "search: ",
			    8), 0);
	}
	assert_int_equal(search(fx->db, "AND"), 1);	/* a word, found */
	assert_int_equal(search(fx->db, "\"quoted\""), 1);
	assert_int_equal(search(fx->db, "or not"), 0);
	assert_int_equal(search(fx->db, "rock OR nosuch"), 1);
	assert_int_equal(search(fx->db, "rock -roll"), 0);
	assert_int_equal(search(fx->db, "\"rock and\""), 1);
	assert_int_equal(search(fx->db, "\"and rock\""), 0);

	expr = search_expr("a  Ü* x", &err);
	assert_string_equal(expr, "(((\"a\" OR \"\2a\") AND \"Ü\"* AND"
	    " (\"x\" OR \"\2x\")))");
	free(expr);
	expr = search_expr("\"a b\"* OR -c d NOT e", &err);
	assert_string_equal(expr,
	    "((\"a b\"*)) OR (((\"d\" OR \"\2d\")) NOT \"c\" NOT \"e\")");
	free(expr);
	expr = search_expr("  ", &err);
	assert_string_equal(expr, "");
	free(expr);
	assert_null(search_expr("a\"b", &err));
	assert_non_null(strstr(err, "closing quote"));
	free(err);
	assert_null(search_expr("-a", &err));
	free(err);
}

/* Ranking: bm25 first (title beats body), then the newest. */
static void
test_search_rank(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct collect		 c;
	struct entry		 e[3];
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("1", "nothing here", 3000);
	e[0].summary = (char *)"a long body that mentions zebra once among "
	    "many many other words of no interest at all";
	e[1] = mkentry("2", "zebra", 1000);
	e[2] = mkentry("3", "unrelated", 2000);
	store(fx->db, feed, e, 3);
	memset(&q, 0, sizeof q);
	memset(&c, 0, sizeof c);
	q.search = "zebra";
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 2);
	assert_string_equal(c.titles[0], "zebra");
	assert_string_equal(c.titles[1], "nothing here");
	collect_free(&c);
}

/* The form typed ranks first, before a newer post with another form. */
static void
test_search_rank_exact(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct collect		 c;
	struct entry		 e[4];
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("1", "عن كهرباء المدينة", 1000);
	e[1] = mkentry("2", "عن الكهرباء المدينة", 2000);
	e[2] = mkentry("3", "عن بالكهرباء المدينة", 3000);
	e[3] = mkentry("4", "blogging every day", 4000);
	store(fx->db, feed, e, 4);
	memset(&q, 0, sizeof q);
	memset(&c, 0, sizeof c);
	q.search = "كهرباء";
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 3);
	assert_string_equal(c.titles[0], "عن كهرباء المدينة");
	collect_free(&c);
	memset(&c, 0, sizeof c);
	q.search = "الكهرباء";
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 3);
	assert_string_equal(c.titles[0], "عن الكهرباء المدينة");
	collect_free(&c);
	q.search = "blog";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "\"every blog\"";		/* a phrase, by its stems */
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "\"blog every\"";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "blog -كهرباء";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "المدينة -الكهرباء";	/* excludes every form */
	assert_int_equal(count(fx->db, &q), 0);
}

/* One integer from SQL run on the connection itself. */
static int64_t
sql_int(struct db *db, const char *sql)
{
	sqlite3_stmt	*stmt;
	int64_t		 v;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &stmt, NULL) !=
	    SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static int64_t
pending(struct db *db)
{
	return sql_int(db, "SELECT count(*) FROM fts_pending");
}

/*
 * The number of rows posts_fts believes it holds: the first varint of its
 * averages record (row 1 of the %_data table).  FTS5's own integrity-check
 * cannot see a 'delete' of text a contentless table never had, but this
 * count can: such a delete decrements it all the same.
 */
static int64_t
fts_rows(struct db *db)
{
	sqlite3_stmt		*stmt;
	const unsigned char	*b;
	int64_t			 v = 0;
	int			 i, n;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT block FROM"
	    " posts_fts_data WHERE id = 1", -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		b = sqlite3_column_blob(stmt, 0);
		n = sqlite3_column_bytes(stmt, 0);
		/* An SQLite varint, big-endian, 7 bits a byte (< 2^56 here). */
		for (i = 0; i < n && i < 8; i++) {
			v = (v << 7) | (b[i] & 0x7f);
			if ((b[i] & 0x80) == 0)
				break;
		}
	}
	sqlite3_finalize(stmt);
	return v;
}

/* How many indexed documents hold term (folded, as indexed). */
static int64_t
fts_docs(struct db *db, const char *term)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = 0;

	assert_int_equal(sqlite3_exec(db_handle(db), "CREATE VIRTUAL TABLE IF"
	    " NOT EXISTS temp.fts_vocab USING fts5vocab(main, posts_fts,"
	    " 'row')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT doc FROM"
	    " temp.fts_vocab WHERE term = ?", -1, &stmt, NULL), SQLITE_OK);
	sqlite3_bind_text(stmt, 1, term, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/*
 * The index is sound: FTS5's integrity-check passes and it holds exactly
 * the posts that are not pending, each once.
 */
static void
fts_check(struct db *db)
{
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO"
	    " posts_fts(posts_fts) VALUES ('integrity-check')", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(fts_rows(db), sql_int(db, "SELECT count(*) FROM"
	    " posts") - pending(db));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM fts_pending"
	    " WHERE post_id NOT IN (SELECT id FROM posts)"), 0);
}

/* Storing does not index; a search catches up first; oldest first. */
static void
test_index_deferred(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e[3];
	int64_t			 feed, first;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "alpha one", 1000);
	e[1] = mkentry("b", "bravo two", 2000);
	e[2] = mkentry("c", "charlie three", 3000);
	store(fx->db, feed, e, 3);
	assert_int_equal(pending(fx->db), 3);
	assert_int_equal(fts_rows(fx->db), 0);
	fts_check(fx->db);
	first = sql_int(fx->db, "SELECT min(id) FROM posts");

	/* A small batch takes the oldest post; two are left. */
	assert_int_equal(db_index_pending(fx->db, 1), 2);
	assert_int_equal(sql_int(fx->db, "SELECT min(post_id) FROM"
	    " fts_pending"), first + 1);
	assert_int_equal(fts_docs(fx->db, "alpha"), 1);
	assert_int_equal(fts_docs(fx->db, "charlie"), 0);
	fts_check(fx->db);

	/* Lists do not index; a search does, and finds the newest post. */
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 3);
	assert_int_equal(pending(fx->db), 2);
	q.search = "charlie";
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(pending(fx->db), 0);
	assert_int_equal(fts_rows(fx->db), 3);
	fts_check(fx->db);
	assert_int_equal(db_index_pending(fx->db, 0), 0);

	/* A new post after that is pending until the next search. */
	e[0] = mkentry("d", "delta four", 4000);
	store(fx->db, feed, e, 1);
	assert_int_equal(pending(fx->db), 1);
	memset(&q, 0, sizeof q);
	q.search = "delta";
	assert_int_equal(first_id(fx->db, &q), sql_int(fx->db,
	    "SELECT max(id) FROM posts"));
	assert_int_equal(pending(fx->db), 0);
	fts_check(fx->db);
}

/* An edited post is reindexed exactly once, whatever state it was in. */
static void
test_index_edit(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e;
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("a", "alpha", 1000);
	store(fx->db, feed, &e, 1);
	assert_int_equal(db_index_pending(fx->db, 0), 0);
	assert_int_equal(fts_docs(fx->db, "alpha"), 1);

	/* Indexed, then edited: the old text leaves the index at once. */
	e.title = (char *)"bravo";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	assert_int_equal(pending(fx->db), 1);
	assert_int_equal(fts_docs(fx->db, "alpha"), 0);
	assert_int_equal(fts_rows(fx->db), 0);
	fts_check(fx->db);
	memset(&q, 0, sizeof q);
	q.search = "alpha";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "bravo";
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(fts_docs(fx->db, "bravo"), 1);
	assert_int_equal(fts_docs(fx->db, "summary"), 1);
	fts_check(fx->db);

	/*
	 * Edited twice before anyone searched: the second edit finds it
	 * pending and must not delete "charlie" from an index that never
	 * had it.
	 */
	e.title = (char *)"charlie";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	e.title = (char *)"delta";
	e.summary = (char *)"<p>new body</p>";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	assert_int_equal(pending(fx->db), 1);
	fts_check(fx->db);
	q.search = "delta";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "bravo";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "charlie";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "summary";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "body";
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(fts_docs(fx->db, "delta"), 1);
	assert_int_equal(fts_docs(fx->db, "charlie"), 0);
	assert_int_equal(fts_rows(fx->db), 1);
	fts_check(fx->db);

	/* An edit that leaves the indexed text alone costs no reindex. */
	e.link = (char *)"https://example.org/moved";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	assert_int_equal(pending(fx->db), 0);
	assert_int_equal(fts_docs(fx->db, "delta"), 1);
	fts_check(fx->db);
}

/* Deleting pending and indexed posts leaves a sound index. */
static void
test_index_delete(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e[4];
	int64_t			 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "alpha", 1000);
	e[1] = mkentry("b", "bravo", 2000);
	e[2] = mkentry("c", "charlie", 3000);
	e[3] = mkentry("d", "delta", 4000);
	store(fx->db, feed, e, 2);
	assert_int_equal(db_index_pending(fx->db, 0), 0);
	store(fx->db, feed, e, 4);
	assert_int_equal(pending(fx->db), 2);

	/* Retention removes two indexed and ... */
	db_set_retention(fx->db, 0, 2, 1);
	assert_int_equal(db_expire(fx->db, feed), 2);
	assert_int_equal(pending(fx->db), 2);
	assert_int_equal(fts_rows(fx->db), 0);
	fts_check(fx->db);
	memset(&q, 0, sizeof q);
	q.search = "alpha";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "charlie";
	assert_int_equal(count(fx->db, &q), 1);
	fts_check(fx->db);

	/* ... unsubscribing removes two indexed posts and a pending one. */
	assert_int_equal(pending(fx->db), 0);
	db_set_retention(fx->db, 0, 0, 1);
	e[0] = mkentry("e", "echo", 5000);
	store(fx->db, feed, e, 1);
	assert_int_equal(pending(fx->db), 1);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/feed"), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM posts"), 0);
	assert_int_equal(pending(fx->db), 0);
	assert_int_equal(fts_rows(fx->db), 0);
	assert_int_equal(fts_docs(fx->db, "charlie"), 0);
	fts_check(fx->db);

	/*
	 * The feed's row deleted outright: ON DELETE CASCADE fires the
	 * triggers too, so no pending id is left behind for a new post to
	 * collide with when its id is reused.
	 */
	feed = add_feed(fx->db, "https://example.org/b");
	store(fx->db, feed, e, 2);
	assert_int_equal(db_index_pending(fx->db, 1), 1);
	assert_int_equal(sqlite3_exec(db_handle(fx->db), "DELETE FROM feeds",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(pending(fx->db), 0);
	assert_int_equal(fts_rows(fx->db), 0);
	fts_check(fx->db);
	feed = add_feed(fx->db, "https://example.org/c");
	store(fx->db, feed, e, 2);
	assert_int_equal(pending(fx->db), 2);
	fts_check(fx->db);
}

/*
 * A file from before deferred indexing (schema 1, every post indexed by
 * the old triggers) keeps its index: nothing becomes pending.
 */
static void
test_index_migrate(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct db_post		*p;
	struct entry		 e[2];
	int64_t			 feed;
	char			*err = NULL;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "alpha", 1000);
	e[1] = mkentry("b", "bravo", 2000);
	store(fx->db, feed, e, 1);
	assert_int_equal(db_index_pending(fx->db, 0), 0);
	/*
	 * What migration 2 finds: the version, its table and triggers gone,
	 * the indexes of schema 1, no columns of migration 4.
	 */
	assert_int_equal(sqlite3_exec(db_handle(fx->db),
	    "DROP TRIGGER posts_fts_delete;"
	    "ALTER TABLE posts ADD COLUMN summary TEXT;"
	    "ALTER TABLE posts ADD COLUMN content TEXT;"
	    "ALTER TABLE posts ADD COLUMN base TEXT;"
	    "UPDATE posts SET (summary, content) = (SELECT summary, content"
	    " FROM bodies WHERE post_id = posts.id);"
	    "DROP TABLE bodies;"
	    "DROP INDEX posts_feed_time_read;"
	    UNDO_POST_TIMES
	    "CREATE INDEX posts_time ON posts(sort_time DESC, id DESC);"
	    "CREATE INDEX posts_read_time ON posts(read, sort_time DESC, id DESC);"
	    "CREATE INDEX posts_feed_time"
	    "  ON posts(feed_id, sort_time DESC, id DESC);"
	    "CREATE INDEX posts_feed_read ON posts(feed_id, read);"
	    "DROP TABLE fts_pending;"
	    "DROP TRIGGER IF EXISTS posts_fts_insert;"
	    "CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts"
	    " BEGIN SELECT 1; END;"
	    "CREATE TRIGGER posts_fts_update AFTER UPDATE ON posts"
	    " BEGIN SELECT 1; END;"
	    "CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts"
	    " BEGIN SELECT 1; END;"
	    "ALTER TABLE posts DROP COLUMN lang;"
	    "ALTER TABLE posts DROP COLUMN base;"
	    "DROP INDEX posts_ignored;"
	    "ALTER TABLE posts DROP COLUMN ignored;"
	    "ALTER TABLE feeds DROP COLUMN title_set;"
	    "ALTER TABLE feeds DROP COLUMN fetch_interval;"
	    "ALTER TABLE feeds DROP COLUMN keep_days;"
	    "ALTER TABLE feeds DROP COLUMN keep_posts;"
	    "ALTER TABLE list_members DROP COLUMN by_hand;"
	    "ALTER TABLE feeds DROP COLUMN last_change;"
	    "DROP TRIGGER sync_feed_move; DROP TABLE sync_feeds;"
	    "DROP TRIGGER sync_read; DROP TRIGGER sync_tag_add;"
	    "DROP TRIGGER sync_tag_del; DROP TABLE sync_pending;"
	    "DROP TABLE sync_state; DROP INDEX posts_sync_id;"
	    "ALTER TABLE posts DROP COLUMN sync_id;"
	    "ALTER TABLE feeds DROP COLUMN sync_id;"
	    "ALTER TABLE posts DROP COLUMN duration;"
	    "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	db_close(fx->db);

	fx->db = db_open(fx->path, &err);
	assert_non_null(fx->db);
	assert_int_equal(db_schema_version(fx->db), db_latest_version());
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM sqlite_schema"
	    " WHERE name IN ('posts_feed_time', 'posts_feed_read')"), 0);
	/* Migration 12 moved the text into bodies. */
	p = db_post_get(fx->db, sql_int(fx->db,
	    "SELECT id FROM posts WHERE title = 'alpha'"));
	assert_non_null(p);
	assert_string_equal(p->summary, "<p>summary text</p>");
	db_post_free(p);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM bodies"), 1);
	/* Migration 7 made the index again: every post is pending. */
	assert_int_equal(pending(fx->db), 1);
	assert_int_equal(db_index_pending(fx->db, 0), 0);
	assert_int_equal(fts_docs(fx->db, "alpha"), 1);
	fts_check(fx->db);
	store(fx->db, feed, &e[1], 1);
	assert_int_equal(pending(fx->db), 1);
	memset(&q, 0, sizeof q);
	q.search = "alpha";
	assert_int_equal(count(fx->db, &q), 1);
	q.search = "bravo";
	assert_int_equal(count(fx->db, &q), 1);
	fts_check(fx->db);
}

/*
 * The statement cache goes by the SQL, not by where it was: a built string
 * freed and the next one allocated at the same address (as malloc likes to
 * do) once made a search count every post.
 */
static void
test_stmt_cache(void **state)
{
	struct fixture	*fx = *state;
	sqlite3_stmt	*stmt;
	char		*a, *b;
	int		 i;

	for (i = 0; i < 2; i++) {
		a = xstrdup("SELECT 1 AS n");
		stmt = db_stmt(fx->db, a);
		assert_non_null(stmt);
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(stmt, 0), 1);
		free(a);
		b = xstrdup("SELECT 2 AS n");
		stmt = db_stmt(fx->db, b);
		assert_non_null(stmt);
		assert_string_equal(sqlite3_sql(stmt), "SELECT 2 AS n");
		assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(stmt, 0), 2);
		free(b);
	}
}

/*
 * Feeds a and b, three entries with the given titles, and the result of a
 * 200 with an ETag: what the batch tests below store.
 */
static void
two_feeds(struct db *db, int64_t *a, int64_t *b, struct entry e[3],
    const char *const titles[3], struct db_fetch_result *r)
{
	*a = add_feed(db, "https://example.org/a");
	*b = add_feed(db, "https://example.org/b");
	e[0] = mkentry("1", titles[0], 1000);
	e[1] = mkentry("2", titles[1], 2000);
	e[2] = mkentry("3", titles[2], 3000);
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->retry_after = DATE_NONE;
	r->etag = "\"v1\"";
}

/*
 * Several feeds in one transaction, as the fetch batches them: a feed
 * rolled back takes only itself with it.
 */
static void
test_nested_rollback(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct db_post_query	 q;
	struct entry		 e[3];
	int64_t			 a, b;

	static const char *const titles[3] = { "kept", "undone", "also kept" };

	two_feeds(fx->db, &a, &b, e, titles, &r);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_begin(fx->db, a), 0);
	assert_int_equal(store_entry(fx->db, a, &e[0], "1"), 1);
	assert_int_equal(db_store_end(fx->db, a, NULL, &r), 0);
	assert_int_equal(db_store_begin(fx->db, b), 0);
	assert_int_equal(store_entry(fx->db, b, &e[1], "2"), 1);
	db_store_abort(fx->db);
	assert_int_equal(db_store_begin(fx->db, a), 0);
	assert_int_equal(store_entry(fx->db, a, &e[2], "3"), 1);
	assert_int_equal(db_store_end(fx->db, a, NULL, &r), 0);
	assert_int_equal(db_commit(fx->db), 0);

	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
	q.feed_id = b;
	assert_int_equal(count(fx->db, &q), 0);
	assert_int_equal(pending(fx->db), 2);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM feeds"
	    " WHERE etag IS NOT NULL"), 1);
	memset(&q, 0, sizeof q);
	q.search = "undone";
	assert_int_equal(count(fx->db, &q), 0);
	q.search = "kept";
	assert_int_equal(count(fx->db, &q), 2);
	fts_check(fx->db);

	/* The outermost rollback still undoes everything. */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_begin(fx->db, b), 0);
	assert_int_equal(store_entry(fx->db, b, &e[1], "2"), 1);
	assert_int_equal(db_store_end(fx->db, b, NULL, &r), 0);
	db_rollback(fx->db);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
}

/*
 * db_store_join(): feeds stored straight into the caller's transaction,
 * which commits them together or, after a failure, undoes them together;
 * a feed removed meanwhile is refused before anything is written.
 */
/*
 * db-sync.c: every way of marking or tagging a synced post leaves one
 * pending change a field (the last value), an unsynced post none, the
 * sync's own writes none; the server's state never overwrites a field with
 * a pending change; an acknowledged change goes unless changed again.
 */
static void
test_sync_pending(void **state)
{
	struct fixture		*fx = *state;
	struct db_sync_change	*c;
	struct entry		 e[3];
	int64_t			 feed, synced, other, local;
	size_t			 n;
	char			*tag[] = { (char *)"starred" };

	feed = add_feed(fx->db, "https://example.org/s");
	e[0] = mkentry("a", "first", 1000);
	e[1] = mkentry("b", "second", 2000);
	e[2] = mkentry("c", "third", 3000);
	e[0].link = (char *)"https://example.org/s/a";
	e[1].link = (char *)"https://example.org/s/b";
	e[2].link = (char *)"https://example.org/s/c";
	store(fx->db, feed, e, 3);
	synced = sql_int(fx->db, "SELECT id FROM posts WHERE key = 'a'");
	other = sql_int(fx->db, "SELECT id FROM posts WHERE key = 'b'");
	local = sql_int(fx->db, "SELECT id FROM posts WHERE key = 'c'");
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_sync_applying(fx->db, 1), 0);
	/* The server's item with a's link is a (unchanged): its id given. */
	e[0].id = NULL;
	assert_int_equal(db_sync_post(fx->db, feed, &e[0], "101"), 0);
	e[1].id = NULL;
	assert_true(db_sync_post(fx->db, feed, &e[1], "102") >= 0);
	assert_int_equal(db_sync_post_state(fx->db, "101", 1, tag, 1), 0);
	assert_int_equal(db_sync_applying(fx->db, 0), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM posts"), 3);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM posts"
	    " WHERE sync_id IS NOT NULL"), 2);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM sync_pending"),
	    0);

	/* The user's: every way, the last value, synced posts only. */
	assert_true(db_mark_all(fx->db, 1) >= 2);
	assert_int_equal(db_post_mark(fx->db, synced, 0), 0);
	assert_int_equal(db_post_untag(fx->db, synced, "starred"), 0);
	assert_int_equal(db_post_tag(fx->db, other, "x"), 0);
	assert_int_equal(db_post_tag(fx->db, local, "x"), 0);
	assert_int_equal(db_sync_pending(fx->db, &c, &n), 0);
	assert_int_equal(n, 4);
	/* In order of field and value. */
	assert_string_equal(c[0].what, "read");
	assert_int_equal(c[0].value, 0);
	assert_int_equal(c[0].post, synced);
	assert_string_equal(c[1].what, "read");
	assert_int_equal(c[1].value, 1);
	assert_int_equal(c[1].post, other);
	assert_string_equal(c[2].what, "tag:starred");
	assert_int_equal(c[2].value, 0);
	assert_string_equal(c[2].sync_id, "101");
	assert_string_equal(c[3].what, "tag:x");
	assert_int_equal(c[3].post, other);

	/*
	 * The server's state: all read, 101 alone starred and labelled x.
	 * A pending field keeps the user's value (101 unread and unstarred,
	 * the other post's x); 101 gets x; an unsynced post is left alone.
	 */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_sync_applying(fx->db, 1), 0);
	assert_int_equal(db_sync_ids_clear(fx->db), 0);
	assert_int_equal(db_sync_apply_read(fx->db), 0);	/* all read */
	assert_int_equal(db_sync_ids_add(fx->db, "101"), 0);
	assert_int_equal(db_sync_apply_tag(fx->db, "starred"), 0);
	assert_int_equal(db_sync_apply_tag(fx->db, "x"), 0);
	assert_int_equal(db_sync_applying(fx->db, 0), 0);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(sql_int(fx->db, "SELECT read FROM posts WHERE sync_id"
	    " = '101'"), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM post_tags pt"
	    " JOIN tags t ON t.id = pt.tag_id WHERE t.name = 'starred'"), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM post_tags pt"
	    " JOIN tags t ON t.id = pt.tag_id WHERE t.name = 'x'"), 3);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM sync_pending"),
	    4);

	/* Acknowledged: gone, but a field changed since stays. */
	assert_int_equal(db_post_mark(fx->db, other, 0), 0);
	assert_int_equal(db_sync_pending_done(fx->db, c, n), 0);
	db_sync_changes_free(c, n);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM sync_pending"),
	    1);
	assert_int_equal(sql_int(fx->db, "SELECT value FROM sync_pending"
	    " WHERE what = 'read'"), 0);
}

static void
test_store_join(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct db_post_query	 q;
	struct entry		 e[3];
	int64_t			 a, b;

	static const char *const titles[3] = { "first", "second", "third" };

	two_feeds(fx->db, &a, &b, e, titles, &r);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_join(fx->db, a), 0);
	assert_int_equal(store_entry(fx->db, a, &e[0], "1"), 1);
	assert_int_equal(db_store_finish(fx->db, a, NULL, &r), 0);
	assert_int_equal(db_store_join(fx->db, b), 0);
	assert_int_equal(store_entry(fx->db, b, &e[1], "2"), 1);
	assert_int_equal(db_store_finish(fx->db, b, NULL, &r), 0);
	assert_int_equal(db_commit(fx->db), 0);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM feeds"
	    " WHERE etag IS NOT NULL"), 2);
	assert_int_equal(pending(fx->db), 2);

	/* A failure undoes every feed of the transaction. */
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_join(fx->db, a), 0);
	assert_int_equal(store_entry(fx->db, a, &e[2], "3"), 1);
	assert_int_equal(db_store_finish(fx->db, a, NULL, &r), 0);
	assert_int_equal(db_store_join(fx->db, b), 0);
	db_store_abort(fx->db);
	assert_int_equal(pending(fx->db), 2);
	assert_int_equal(count(fx->db, &q), 2);
	q.search = "third";
	assert_int_equal(count(fx->db, &q), 0);

	/* Unsubscribed since the fetch began: 1, and nothing written. */
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/b"), 0);
	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_join(fx->db, b), 1);
	assert_int_equal(db_store_begin(fx->db, b), 1);
	assert_int_equal(db_store_join(fx->db, a), 0);
	assert_int_equal(store_entry(fx->db, a, &e[2], "3"), 1);
	assert_int_equal(db_store_finish(fx->db, a, NULL, &r), 0);
	assert_int_equal(db_commit(fx->db), 0);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
	q.search = "third";
	assert_int_equal(count(fx->db, &q), 1);
	fts_check(fx->db);
}

/*
 * post_times (migration 17) gets a transaction's new posts as it commits,
 * sorted, as they are then: a date edited in the same transaction, a post
 * undone with its level, one marked read; another connection sees none
 * of them before the commit.  Lists of every feed walk it: their order is
 * the posts' own, ties by id, and the read and ignored flags are kept.
 */
static void
test_post_times(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct db_post_query	 q;
	struct collect		 c;
	struct entry		 e[6];
	struct db		*other;
	char			*err = NULL;
	int64_t			 a, b, t, id;
	int			 i;

	static const char *const titles[3] = { "p1000", "p2000", "p3000" };
	static const char *const order[] = { "p4000", "p3000", "p2500b",
	    "p2500a", "p1000" };

	two_feeds(fx->db, &a, &b, e, titles, &r);
	store(fx->db, a, e, 1);
	other = db_open(fx->path, &err);
	assert_non_null(other);

	assert_int_equal(db_begin(fx->db), 0);
	assert_int_equal(db_store_join(fx->db, b), 0);
	assert_int_equal(store_entry(fx->db, b, &e[2], "3"), 1);
	/* p2000 is stored, then comes again dated 4000, as p4000. */
	assert_int_equal(store_entry(fx->db, b, &e[1], "2"), 1);
	e[3] = mkentry("2", "p4000", 4000);
	assert_int_equal(store_entry(fx->db, b, &e[3], "2"), 2);
	/* Two posts of the same date: the later id first. */
	e[4] = mkentry("4", "p2500a", 2500);
	e[5] = mkentry("5", "p2500b", 2500);
	assert_int_equal(store_entry(fx->db, b, &e[4], "4"), 1);
	assert_int_equal(store_entry(fx->db, b, &e[5], "5"), 1);
	assert_int_equal(db_store_finish(fx->db, b, NULL, &r), 0);
	/* A level undone: its post never reaches post_times. */
	assert_int_equal(db_store_begin(fx->db, a), 0);
	e[0] = mkentry("9", "undone", 5000);
	assert_int_equal(store_entry(fx->db, a, &e[0], "9"), 1);
	db_store_abort(fx->db);
	assert_int_equal(db_exec(fx->db, "UPDATE posts SET read = 1"
	    " WHERE title = 'p3000'"), 0);
	/* Not there before the commit, for the writer nor for a reader. */
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM post_times"),
	    1);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(other, &q), 1);
	assert_int_equal(db_commit(fx->db), 0);
	assert_int_equal(count(other, &q), 5);
	db_close(other);
	times_check(fx->db);

	memset(&c, 0, sizeof c);
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 5);
	for (i = 0; i < c.n; i++)
		assert_string_equal(c.titles[i], order[i]);
	collect_free(&c);
	assert_int_equal(db_posts_key_at(fx->db, &q, 2, &t, &id), 0);
	assert_int_equal(t, 2500);
	assert_int_equal(db_posts_position(fx->db, &q, t, id), 2);
	q.unread = 1;
	assert_int_equal(count(fx->db, &q), 4);
	memset(&c, 0, sizeof c);
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 4);
	assert_string_equal(c.titles[0], "p4000");
	assert_string_equal(c.titles[1], "p2500b");
	collect_free(&c);

	/* What the killfile does: the trigger follows, the list too. */
	assert_int_equal(db_exec(fx->db, "UPDATE posts SET ignored = 1,"
	    " read = 1 WHERE title = 'p4000'"), 0);
	times_check(fx->db);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 4);
	q.all = 1;
	assert_int_equal(count(fx->db, &q), 5);
	/* And a feed removed takes its posts out of it. */
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/b"), 0);
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM post_times"),
	    1);
}

/*
 * A batch longer than DB_TIMES_BATCH (16,384 new posts, db.c) puts them
 * in post_times between two feeds, before its commit; what comes after
 * (a feed's level undone, a date edited) keeps post_times right.
 */
static void
test_post_times_flush(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct db_post_query	 q;
	struct entry		 e[100];
	char			 keys[100][8], url[64];
	int64_t			 feeds[171];
	int			 i, j;

	memset(&r, 0, sizeof r);
	r.status = 200;
	r.retry_after = DATE_NONE;
	for (i = 0; i < 171; i++) {
		snprintf(url, sizeof url, "https://example.org/%d", i);
		feeds[i] = add_feed(fx->db, url);
	}
	for (j = 0; j < 100; j++)
		snprintf(keys[j], sizeof keys[j], "k%d", j);
	assert_int_equal(db_begin(fx->db), 0);
	for (i = 0; i < 170; i++) {
		for (j = 0; j < 100; j++)
			e[j] = mkentry(keys[j], "post", 1000000 +
			    (j * 7919 + i * 104729) % 1000003);
		assert_int_equal(db_store_join(fx->db, feeds[i]), 0);
		for (j = 0; j < 100; j++)
			assert_int_equal(store_entry(fx->db, feeds[i], &e[j],
			    keys[j]), 1);
		assert_int_equal(db_store_finish(fx->db, feeds[i], NULL, &r),
		    0);
		/* In at the first feed's end past 16,384, not before. */
		assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM"
		    " post_times"), i < 163 ? 0 : 16400);
	}
	/* A level undone after that takes only its own posts. */
	assert_int_equal(db_store_begin(fx->db, feeds[170]), 0);
	assert_int_equal(store_entry(fx->db, feeds[170], &e[0], "k0"), 1);
	db_store_abort(fx->db);
	/* A post put in post_times early, dated again. */
	e[0] = mkentry("k0", "post", 5);
	assert_int_equal(db_store_join(fx->db, feeds[0]), 0);
	assert_int_equal(store_entry(fx->db, feeds[0], &e[0], "k0"), 2);
	assert_int_equal(db_store_finish(fx->db, feeds[0], NULL, &r), 0);
	assert_int_equal(db_commit(fx->db), 0);
	times_check(fx->db);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 17000);
	assert_int_equal(sql_int(fx->db, "SELECT min(sort_time) FROM"
	    " post_times"), 5);
}

/* Every kind of edit is noticed, and only an edit. */
static void
test_edit_detect(void **state)
{
	struct fixture	*fx = *state;
	struct entry	 e;
	int64_t		 feed;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("a", "ab", 1000);
	e.author = (char *)"c";
	e.content = (char *)"<p>a body that is longer than a word</p>";
	assert_int_equal(store(fx->db, feed, &e, 1), 1);
	assert_int_equal(store(fx->db, feed, &e, 1), 0);
	/* Text moved from one field to the next. */
	e.title = (char *)"a";
	e.author = (char *)"bc";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	assert_int_equal(store(fx->db, feed, &e, 1), 0);
	/* One byte in the middle of a long field, one at its end. */
	e.content = (char *)"<p>a body that is longer than a ward</p>";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	e.content = (char *)"<p>a body that is longer than a ward</p> ";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	/* Absent and empty differ. */
	e.author = NULL;
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	e.author = (char *)"";
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	e.updated = 5000;
	assert_int_equal(store(fx->db, feed, &e, 1), 2);
	assert_int_equal(store(fx->db, feed, &e, 1), 0);
	fts_check(fx->db);
}

/* The summary is not stored twice, and reads back as before. */
static void
test_summary_dedup(void **state)
{
	struct fixture		*fx = *state;
	struct db_post		*p;
	struct entry		 e[2];
	int64_t			 feed, id;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "copied", 1000);
	e[0].content = (char *)"<p>the whole text</p>";
	e[0].summary = e[0].content;
	e[1] = mkentry("b", "both", 2000);
	e[1].content = (char *)"<p>the whole text</p>";
	e[1].summary = (char *)"<p>short</p>";
	store(fx->db, feed, e, 2);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM bodies"
	    " WHERE summary IS NULL"), 1);

	id = sql_int(fx->db, "SELECT id FROM posts WHERE key = 'a'");
	p = db_post_get(fx->db, id);
	assert_non_null(p);
	assert_string_equal(p->summary, "<p>the whole text</p>");
	assert_string_equal(p->content, "<p>the whole text</p>");
	db_post_free(p);
	id = sql_int(fx->db, "SELECT id FROM posts WHERE key = 'b'");
	p = db_post_get(fx->db, id);
	assert_non_null(p);
	assert_string_equal(p->summary, "<p>short</p>");
	db_post_free(p);

	/* Unchanged on the next fetch: no write. */
	assert_int_equal(store(fx->db, feed, e, 2), 0);
}

/*
 * The first two pages of 3 of q's list, the second by keyset after the
 * first's last row (left in q): p9 to p7, then p6 to p4.
 */
static void
two_pages(struct db *db, struct db_post_query *q)
{
	struct collect	 c;
	struct db_post	*last;

	memset(&c, 0, sizeof c);
	q->limit = 3;
	assert_int_equal(db_posts_query(db, q, collect_cb, &c), 3);
	assert_string_equal(c.titles[0], "p9");
	assert_string_equal(c.titles[2], "p7");
	last = db_post_get(db, c.ids[2]);
	q->before_time = last->sort_time;
	q->before_id = last->id;
	db_post_free(last);
	collect_free(&c);
	assert_int_equal(db_posts_query(db, q, collect_cb, &c), 3);
	assert_string_equal(c.titles[0], "p6");
	assert_string_equal(c.titles[2], "p4");
	collect_free(&c);
}

static void
test_paging(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct collect		 c;
	struct entry		 e[10];
	char			 ids[10][8];
	struct db_post		*last;
	int64_t			 feed, feed2, t, id;
	int			 i;

	feed = add_feed(fx->db, "https://example.org/feed");
	feed2 = add_feed(fx->db, "https://example.org/two");
	for (i = 0; i < 10; i++) {
		snprintf(ids[i], sizeof ids[i], "p%d", i);
		e[i] = mkentry(ids[i], ids[i], 1000 + i);
	}
	store(fx->db, feed, e, 6);
	store(fx->db, feed2, e + 6, 4);

	memset(&q, 0, sizeof q);
	memset(&c, 0, sizeof c);
	two_pages(fx->db, &q);
	/* Offset. */
	memset(&q, 0, sizeof q);
	q.limit = 2;
	q.offset = 8;
	assert_int_equal(db_posts_query(fx->db, &q, collect_cb, &c), 2);
	assert_string_equal(c.titles[0], "p1");
	assert_string_equal(c.titles[1], "p0");
	collect_free(&c);
	/* By feed, by URL, unread. */
	memset(&q, 0, sizeof q);
	q.feed_url = "https://example.org/two";
	assert_int_equal(count(fx->db, &q), 4);
	q.feed_url = "https://example.org/none";
	assert_int_equal(count(fx->db, &q), 0);
	memset(&q, 0, sizeof q);
	assert_true(db_feed_mark(fx->db, feed2, 1) == 4);
	q.unread = 1;
	assert_int_equal(count(fx->db, &q), 6);
	assert_int_equal(db_mark_all(fx->db, 1), 6);
	assert_int_equal(count(fx->db, &q), 0);
	assert_int_equal(db_mark_all(fx->db, 0), 10);
	assert_int_equal(count(fx->db, &q), 10);

	/*
	 * A filter on the title reads the rows in the table's order
	 * (query_sql()): the list, its pages, its positions are in date
	 * order all the same.  p4..p9 match; p6..p9 came from the second
	 * feed, stored after the first, whose p4 and p5 are older.
	 */
	memset(&q, 0, sizeof q);
	q.filter = "title =~ \"^p[4-9]$\"";
	two_pages(fx->db, &q);
	assert_int_equal(db_posts_position(fx->db, &q, q.before_time,
	    q.before_id), 2);
	q.before_time = q.before_id = 0;
	assert_int_equal(db_posts_key_at(fx->db, &q, 4, &t, &id), 0);
	last = db_post_get(fx->db, id);
	assert_string_equal(last->title, "p5");
	assert_int_equal(last->sort_time, t);
	db_post_free(last);
	q.limit = 0;
	assert_int_equal(count(fx->db, &q), 6);
	assert_int_equal(db_posts_count(fx->db, &q), 6);
}

/* The statements on posts or feeds run on the connection (test_plan). */
struct traced {
	char	*sql[16];
	size_t	 n;
};

static int
trace_sql(unsigned type, void *arg, void *p, void *x)
{
	struct traced	*t = arg;

	(void)type;
	(void)p;
	if ((strstr(x, "FROM posts p") != NULL ||
	    strstr(x, "FROM post_times p") != NULL ||
	    strstr(x, "FROM post_times t") != NULL ||
	    strstr(x, "FROM feeds") != NULL) && t->n < nitems(t->sql))
		t->sql[t->n++] = xstrdup(x);
	return 0;
}

/*
 * Fail if the plan of any statement traced reads the feeds by a scan
 * ("SCAN f", "SCAN feeds"); forget them.
 */
static void
traced_check(struct db *db, struct traced *t)
{
	sqlite3_stmt	*stmt;
	const char	*detail;
	char		*eqp;
	size_t		 i;

	assert_true(t->n > 0);
	for (i = 0; i < t->n; i++) {
		xasprintf(&eqp, "EXPLAIN QUERY PLAN %s", t->sql[i]);
		if (sqlite3_prepare_v2(db_handle(db), eqp, -1, &stmt, NULL) !=
		    SQLITE_OK)
			fail_msg("%s: %s", eqp, sqlite3_errmsg(db_handle(db)));
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			detail = (const char *)sqlite3_column_text(stmt, 3);
			if (strncmp(detail, "SCAN f", 6) == 0 ||
			    strstr(detail, "BLOOM FILTER") != NULL)
				fail_msg("%s: %s", detail, t->sql[i]);
		}
		sqlite3_finalize(stmt);
		free(eqp);
		free(t->sql[i]);
	}
	t->n = 0;
}

/*
 * A list walks the posts through their index, and retention reads one
 * feed's posts for one feed, whatever statistics the planner has: after a
 * cache's first fetch it has some on feeds and none on posts, which once
 * made a list walk every feed and sort all their posts, and retention
 * read every post of every feed for each feed fetched.
 */
static void
test_plan(void **state)
{
	static const char *filters[] = { NULL, "title =~ \"a\"",
	    "title =~ \"a\" and age < 36500" };
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct collect		 c;
	struct traced		 t;
	struct entry		 e[3];
	int64_t			 feed;
	size_t			 i;

	feed = add_feed(fx->db, "https://example.org/feed");
	add_feed(fx->db, "https://example.org/two");
	e[0] = mkentry("a1", "a one", 1000);
	e[1] = mkentry("a2", "a two", 1001);
	e[2] = mkentry("b3", "b three", 1002);
	store(fx->db, feed, e, 3);
	assert_int_equal(sqlite3_exec(db_handle(fx->db), "ANALYZE feeds;"
	    "UPDATE sqlite_stat1 SET stat = '1000 1' WHERE tbl = 'feeds';"
	    "DELETE FROM sqlite_stat1 WHERE tbl = 'posts';"
	    "ANALYZE sqlite_schema", NULL, NULL, NULL), SQLITE_OK);
	memset(&t, 0, sizeof t);
	sqlite3_trace_v2(db_handle(fx->db), SQLITE_TRACE_STMT, trace_sql, &t);
	for (i = 0; i < nitems(filters); i++) {
		memset(&q, 0, sizeof q);
		memset(&c, 0, sizeof c);
		q.filter = filters[i];
		q.limit = 50;
		assert_true(db_posts_query(fx->db, &q, collect_cb, &c) >= 2);
		collect_free(&c);
		traced_check(fx->db, &t);
	}
	/*
	 * Statistics on the posts and none on post_times (a file just
	 * migrated): a list that joined post_times to the posts as it
	 * walked had the planner build a Bloom filter of every post first.
	 * Every feed, unread, a tag, with an ignored post to hide.
	 */
	assert_int_equal(db_post_tag(fx->db, first_id(fx->db, &q), "x"), 0);
	assert_int_equal(sqlite3_exec(db_handle(fx->db), "UPDATE posts"
	    " SET ignored = 1 WHERE key = 'b3'; ANALYZE posts;"
	    "DELETE FROM sqlite_stat1 WHERE tbl = 'post_times';"
	    "ANALYZE sqlite_schema", NULL, NULL, NULL), SQLITE_OK);
	for (i = 0; i < 3; i++) {
		memset(&q, 0, sizeof q);
		memset(&c, 0, sizeof c);
		q.limit = 50;
		q.unread = i == 1;
		q.tag = i == 2 ? "x" : NULL;
		assert_true(db_posts_query(fx->db, &q, collect_cb, &c) >= 1);
		collect_free(&c);
		assert_true(db_posts_count(fx->db, &q) >= 1);
		traced_check(fx->db, &t);
	}
	/* Retention of one feed: nothing asked, then by age and count. */
	assert_int_equal(db_expire(fx->db, feed), 0);
	traced_check(fx->db, &t);
	db_set_retention(fx->db, 30, 2, 1);
	assert_int_equal(db_expire(fx->db, feed), 2);	/* not the tagged */
	traced_check(fx->db, &t);
	sqlite3_trace_v2(db_handle(fx->db), 0, NULL, NULL);
}

/* Dates in the future do not pin posts to the top. */
static void
test_future_dates(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct db_post		*p;
	struct entry		 e;
	int64_t			 feed, before;

	feed = add_feed(fx->db, "https://example.org/feed");
	e = mkentry("a", "from the future", 4102444800LL);	/* 2100 */
	before = time(NULL);
	store(fx->db, feed, &e, 1);
	memset(&q, 0, sizeof q);
	p = db_post_get(fx->db, first_id(fx->db, &q));
	assert_int_equal(p->published, 4102444800LL);	/* as written */
	assert_true(p->sort_time >= before && p->sort_time <= time(NULL));
	db_post_free(p);
}

static void
test_retention(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct db_post		*p;
	struct entry		 e[4];
	int64_t			 feed, oldest;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "oldest", 1000);
	e[1] = mkentry("b", "old", 2000);
	e[2] = mkentry("c", "newer", 3000);
	e[3] = mkentry("d", "newest", 4000);
	store(fx->db, feed, e, 4);
	memset(&q, 0, sizeof q);
	q.search = "oldest";
	oldest = first_id(fx->db, &q);
	assert_int_equal(db_post_tag(fx->db, oldest, "keep"), 0);

	db_set_retention(fx->db, 0, 2, 1);
	store(fx->db, feed, e, 4);	/* retention runs at the end */
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 3);	/* 2 newest + tagged */
	p = db_post_get(fx->db, oldest);
	assert_non_null(p);
	db_post_free(p);
	q.search = "old";
	assert_int_equal(count(fx->db, &q), 0);	/* gone from the index */

	/* Still in the feed's document: does not come back. */
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 0);
	assert_int_equal(db_store_end(fx->db, feed, NULL, NULL), 0);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 3);

	/* By age: everything here is from 1970; the tagged one stays. */
	db_set_retention(fx->db, 30, 0, 1);
	assert_int_equal(db_expire(fx->db, 0), 2);
	assert_int_equal(count(fx->db, &q), 1);
}

static void
test_remove_keeps_tagged(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e[2];
	struct db_post		*p;
	int64_t			 feed, id, again;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "keep me", 1000);
	e[1] = mkentry("b", "drop me", 2000);
	store(fx->db, feed, e, 2);
	memset(&q, 0, sizeof q);
	q.search = "keep";
	id = first_id(fx->db, &q);
	assert_int_equal(db_post_tag(fx->db, id, "saved"), 0);

	assert_int_equal(db_feed_remove(fx->db, "https://example.org/feed"), 0);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/feed"), 1);
	assert_int_equal(db_feed_find(fx->db, "https://example.org/feed", &again),
	    1);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 1);
	p = db_post_get(fx->db, id);
	assert_non_null(p);
	assert_string_equal(p->feed_url, "https://example.org/feed");
	db_post_free(p);

	/* Subscribing again finds the kept post, no duplicate. */
	assert_int_equal(db_feed_add(fx->db, "https://example.org/feed", NULL,
	    NULL, 0, &again), 0);
	assert_int_equal(again, feed);
	store(fx->db, feed, e, 2);
	assert_int_equal(count(fx->db, &q), 2);

	/* A feed without tagged posts goes entirely. */
	assert_int_equal(db_post_untag(fx->db, id, "saved"), 0);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/feed"), 0);
	assert_int_equal(count(fx->db, &q), 0);
	assert_null(db_feed_get(fx->db, feed));
}

/*
 * remove --forget: every post goes, the tagged one too, with the tags that
 * only this feed carried (on a post, on the feed) and the feed row; another
 * feed's tag of the same name stays.  A feed a plain remove left behind
 * for its tagged post is found and forgotten too; then there is nothing
 * (1).
 */
static void
test_forget(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct entry		 e[2];
	struct db_post		*p;
	int64_t			 feed, other, id;

	feed = add_feed(fx->db, "https://example.org/feed");
	other = add_feed(fx->db, "https://example.org/other");
	e[0] = mkentry("a", "keep me", 1000);
	e[1] = mkentry("b", "drop me", 2000);
	store(fx->db, feed, e, 2);
	store(fx->db, other, e, 1);
	memset(&q, 0, sizeof q);
	q.search = "drop";
	id = first_id(fx->db, &q);
	assert_int_equal(db_post_tag(fx->db, id, "private"), 0);
	assert_int_equal(db_feed_tag(fx->db, feed, "hidden"), 0);
	assert_int_equal(db_feed_tag(fx->db, feed, "shared"), 0);
	assert_int_equal(db_feed_tag(fx->db, other, "shared"), 0);

	assert_int_equal(db_feed_forget(fx->db, "https://example.org/feed"), 0);
	assert_null(db_feed_get(fx->db, feed));
	assert_null(db_post_get(fx->db, id));
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 1);	/* the other feed's */
	q.tag = "private";
	assert_int_equal(count(fx->db, &q), 0);
	q.tag = "shared";
	assert_int_equal(count(fx->db, &q), 1);
	assert_int_equal(db_feed_forget(fx->db, "https://example.org/feed"), 1);

	/* Left behind by remove for its tagged post, then forgotten. */
	feed = add_feed(fx->db, "https://example.org/feed");
	store(fx->db, feed, e, 2);
	memset(&q, 0, sizeof q);
	q.search = "keep";
	id = first_id(fx->db, &q);
	assert_int_equal(db_post_tag(fx->db, id, "private"), 0);
	assert_int_equal(db_feed_remove(fx->db, "https://example.org/feed"), 0);
	p = db_post_get(fx->db, id);
	assert_non_null(p);
	db_post_free(p);
	assert_int_equal(db_feed_forget(fx->db, "https://example.org/feed"), 0);
	assert_null(db_post_get(fx->db, id));
	assert_int_equal(db_feed_forget(fx->db, "https://example.org/feed"), 1);
	assert_int_equal(db_scrub(fx->db), 0);
}

static int
feed_cb(const struct db_feed *f, void *arg)
{
	struct db_feed	*out = arg;

	if (strcmp(f->url, "https://example.org/feed") == 0) {
		out->unread = f->unread;
		out->total = f->total;
		out->status = f->status;
		out->ntags = f->ntags;
	}
	return 0;
}

static void
test_feeds(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct feed		 f;
	struct db_feed		 got, *fp;
	struct entry		 e[3];
	char			*tags[] = { (char *)"a", (char *)"ب" };
	int64_t			 feed, id2;

	assert_int_equal(db_feed_add(fx->db, "https://example.org/feed",
	    "Title", tags, 2, &feed), 0);
	assert_int_equal(db_feed_add(fx->db, "https://example.org/feed",
	    NULL, NULL, 0, &id2), 1);
	assert_int_equal(id2, feed);
	e[0] = mkentry("a", "x", 1000);
	e[1] = mkentry("b", "y", 2000);
	e[2] = mkentry("c", "z", 3000);

	memset(&f, 0, sizeof f);
	f.title = (char *)"From the feed";
	f.link = (char *)"https://example.org/";
	memset(&r, 0, sizeof r);
	r.time = 1764158400;
	r.status = 200;
	r.etag = "\"v1\"";
	r.last_modified = "Wed, 26 Nov 2025 12:00:00 GMT";
	r.retry_after = DATE_NONE;
	assert_int_equal(db_store_begin(fx->db, feed), 0);
	assert_int_equal(store_entry(fx->db, feed, &e[0], "a"), 1);
	assert_int_equal(store_entry(fx->db, feed, &e[1], "b"), 1);
	assert_int_equal(store_entry(fx->db, feed, &e[2], "c"), 1);
	assert_int_equal(db_store_end(fx->db, feed, &f, &r), 0);
	assert_int_equal(db_feed_mark(fx->db, feed, 1), 3);
	assert_int_equal(db_post_mark(fx->db, first_id(fx->db,
	    &(struct db_post_query){ 0 }), 0), 0);

	memset(&got, 0, sizeof got);
	assert_int_equal(db_feeds_foreach(fx->db, DB_FEEDS_COUNTS |
	    DB_FEEDS_TAGS, feed_cb, &got), 0);
	assert_int_equal(got.unread, 1);
	assert_int_equal(got.total, 3);
	assert_int_equal(got.status, 200);
	assert_int_equal(got.ntags, 2);

	fp = db_feed_get(fx->db, feed);
	assert_non_null(fp);
	/* The title given when subscribing is the user's: kept. */
	assert_string_equal(fp->title, "Title");
	assert_true(fp->title_set);
	assert_string_equal(fp->site, "https://example.org/");
	assert_string_equal(fp->etag, "\"v1\"");
	assert_int_equal(fp->last_fetch, 1764158400);
	assert_int_equal(fp->unread, 1);
	assert_string_equal(fp->tags[1], "ب");
	db_feed_free(fp);

	assert_int_equal(db_feed_set_disabled(fx->db, feed, 1, "gone"), 0);
	assert_int_equal(db_feed_set_proxy(fx->db, feed, "socks5://h:1"), 0);
	assert_int_equal(db_feed_untag(fx->db, feed, "a"), 0);
	fp = db_feed_get(fx->db, feed);
	assert_int_equal(fp->disabled, 1);
	assert_string_equal(fp->disabled_reason, "gone");
	assert_string_equal(fp->proxy, "socks5://h:1");
	assert_int_equal(fp->ntags, 1);
	db_feed_free(fp);
	assert_int_equal(db_feed_set_title(fx->db, 424242, "x"), 1);
}

/*
 * Every fetch is recorded, a 304 too (last_fetch moves, 'majlis feeds'
 * shows cron still runs); last_change stays at the last 200.
 */
static void
test_status_recorded(void **state)
{
	struct fixture		*fx = *state;
	struct db_fetch_result	 r;
	struct db_feed		*fp;
	struct db		*other;
	char			*err = NULL;
	int64_t			 feed, v;

	feed = add_feed(fx->db, "https://example.org/feed");
	other = db_open(fx->path, &err);
	assert_non_null(other);

	memset(&r, 0, sizeof r);
	r.time = 1000;
	r.status = 304;
	r.retry_after = DATE_NONE;
	v = db_data_version(other);
	assert_int_equal(db_feed_set_status(fx->db, feed, &r), 0);
	assert_true(db_data_version(other) != v);	/* 0 -> 304: written */
	v = db_data_version(other);
	r.time = 2000;
	assert_int_equal(db_feed_set_status(fx->db, feed, &r), 0);
	assert_true(db_data_version(other) != v);	/* 304 again: recorded */
	fp = db_feed_get(other, feed);
	assert_int_equal(fp->last_fetch, 2000);
	assert_int_equal(fp->status, 304);
	assert_int_equal(fp->last_change, DATE_NONE);
	db_feed_free(fp);

	r.status = 0;
	r.error = "Connection refused";
	assert_int_equal(db_feed_set_status(fx->db, feed, &r), 0);
	assert_int_equal(db_feed_set_status(fx->db, feed, &r), 0);
	fp = db_feed_get(other, feed);
	assert_int_equal(fp->failures, 2);
	assert_string_equal(fp->error, "Connection refused");
	db_feed_free(fp);
	r.status = 304;
	r.error = NULL;
	assert_int_equal(db_feed_set_status(fx->db, feed, &r), 0);
	fp = db_feed_get(other, feed);
	assert_int_equal(fp->failures, 0);
	assert_null(fp->error);
	db_feed_free(fp);
	assert_int_equal(db_feed_set_status(fx->db, 99999, &r), 1);
	db_close(other);
}

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A wait that must not be the busy timeout (5 s, db.c): anything under
 * 4 s.  Not a speed target: the short waits are 0 and 0.6 s, and a test
 * machine busy enough to stretch them by 3 s is still told apart from
 * one that waited out the lock.
 */
#define NOT_BUSY_TIMEOUT_MS	4000

struct writer {
	struct db	*db;
	int		 held;
};

/* Hold the write lock for a while, then commit. */
static void *
writer_thread(void *arg)
{
	struct writer	*w = arg;

	usleep(300 * 1000);
	assert_int_equal(db_commit(w->db), 0);
	return NULL;
}

static void
test_concurrency(void **state)
{
	struct fixture		*fx = *state;
	struct db_post_query	 q;
	struct writer		 w;
	struct entry		 e[3];
	struct db		*other, *third;
	pthread_t		 th;
	char			*err = NULL;
	int64_t			 feed;
	long long		 start;

	feed = add_feed(fx->db, "https://example.org/feed");
	e[0] = mkentry("a", "one", 1000);
	e[1] = mkentry("b", "two", 2000);
	e[2] = mkentry("c", "three", 1500);
	store(fx->db, feed, e, 1);
	assert_int_equal(db_index_pending(fx->db, 0), 0);
	/* Committed, not indexed yet. */
	store(fx->db, feed, &e[2], 1);

	other = db_open(fx->path, &err);
	assert_non_null(other);
	/* other holds a write transaction with an uncommitted post. */
	assert_int_equal(db_store_begin(other, feed), 0);
	assert_int_equal(store_entry(other, feed, &e[1], "b"), 1);

	/* Opening does not wait for the writer (no write lock to open). */
	start = now_ms();
	third = db_open(fx->path, &err);
	assert_non_null(third);
	assert_true(now_ms() - start < NOT_BUSY_TIMEOUT_MS);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(third, &q), 2);
	db_close(third);

	/* Readers go on, and see the committed state. */
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 2);
	q.search = "one";
	assert_int_equal(count(fx->db, &q), 1);
	/*
	 * A search cannot index while the writer holds the lock: it searches
	 * what is indexed after a short wait, not the whole busy timeout.
	 */
	start = now_ms();
	q.search = "three";
	assert_int_equal(count(fx->db, &q), 0);
	assert_int_equal(db_index_pending(fx->db, 0), 1);
	assert_true(now_ms() - start < NOT_BUSY_TIMEOUT_MS);

	/* A second writer waits in the busy handler, then gets in. */
	w.db = other;
	assert_int_equal(pthread_create(&th, NULL, writer_thread, &w), 0);
	assert_int_equal(db_post_mark(fx->db, first_id(fx->db,
	    &(struct db_post_query){ 0 }), 1), 0);
	pthread_join(th, NULL);
	memset(&q, 0, sizeof q);
	assert_int_equal(count(fx->db, &q), 3);
	/* The lock is free again: the search catches up first. */
	q.search = "three";
	assert_int_equal(count(fx->db, &q), 1);
	db_close(other);
}

static void
test_fetch_lock(void **state)
{
	struct fixture	*fx = *state;
	struct db	*other;
	char		*err = NULL;

	other = db_open(fx->path, &err);
	assert_non_null(other);
	assert_int_equal(db_fetch_lock(fx->db, 0), 0);
	assert_int_equal(db_fetch_lock(other, 0), 1);	/* busy */
	db_fetch_unlock(fx->db);
	assert_int_equal(db_fetch_lock(other, 0), 0);
	db_close(other);		/* releases it */
	assert_int_equal(db_fetch_lock(fx->db, 1), 0);
}

static void
check_mode(const char *path, mode_t want)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		fail_msg("%s: missing", path);
	assert_int_equal(st.st_mode & 07777, want);
}

static void
test_modes(void **state)
{
	struct fixture	*fx = *state;
	char		*p;
	mode_t		 mask;
	struct db	*db;

	/*
	 * Even with a permissive umask; the default location, whose
	 * directories db_open() makes (a named one's must exist).
	 */
	xasprintf(&p, "%s/fresh/dir", fx->dir);
	setenv("XDG_DATA_HOME", p, 1);
	free(p);
	mask = umask(0);
	db = db_open(NULL, &(char *){ NULL });
	umask(mask);
	unsetenv("XDG_DATA_HOME");
	assert_non_null(db);
	add_feed(db, "https://example.org/feed");	/* WAL in use */
	xasprintf(&p, "%s/fresh/dir/majlis/majlis.db", fx->dir);
	check_mode(p, 0600);
	free(p);
	xasprintf(&p, "%s/fresh/dir/majlis/majlis.db-wal", fx->dir);
	check_mode(p, 0600);
	free(p);
	xasprintf(&p, "%s/fresh/dir/majlis/majlis.db-shm", fx->dir);
	check_mode(p, 0600);
	free(p);
	xasprintf(&p, "%s/fresh/dir/majlis", fx->dir);
	check_mode(p, 0700);
	free(p);
	xasprintf(&p, "%s/fresh/dir", fx->dir);
	check_mode(p, 0700);
	free(p);
	xasprintf(&p, "%s/fresh", fx->dir);
	check_mode(p, 0700);
	free(p);
	assert_int_equal(db_fetch_lock(db, 0), 0);
	xasprintf(&p, "%s/fresh/dir/majlis/majlis.db.lock", fx->dir);
	check_mode(p, 0600);
	free(p);
	db_close(db);
}

/* The commands' one-line fields: safe, no tab, no two spaces in a row. */
static void
check_field(const char *in, const char *dflt, const char *want)
{
	char	 got[256];
	FILE	*fp = tmpfile();
	size_t	 n;

	assert_non_null(fp);
	cmd_print_field(fp, in, dflt);
	rewind(fp);
	n = fread(got, 1, sizeof got - 1, fp);
	got[n] = '\0';
	fclose(fp);
	assert_string_equal(got, want);
}

static void
test_print_field(void **state)
{
	check_field("plain", "-", "plain");
	check_field("  two  spaces\tand\nlines  ", "-", "two spaces and lines");
	check_field("esc\033[31mred", "-", "esc[31mred");
	check_field("bidi\u202eevil", "-", "bidievil");
	check_field(NULL, "(none)", "(none)");
	check_field(" \n\t ", "(none)", "(none)");
	check_field("سلام  دنیا", "-", "سلام دنیا");
}

/* An unreadable place is an error with the path in it, not a crash. */
static void
test_open_error(void **state)
{
	char		*err = NULL;
	struct db	*db;

	db = db_open("/proc/majlis-no/such.db", &err);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, "/proc/majlis-no/such.db"));
	free(err);
}

/*
 * Activity (db-river.c): the newest post (its id, for the river's member
 * list, and its time) and the posts of each of the last twelve weeks,
 * oldest first, a post dated in the future in the last week;
 * and the states feed_state() derives from it.
 */
static void
test_activity(void **state)
{
	struct fixture		*fx = *state;
	struct db_activity	*a;
	const struct db_activity *x;
	struct db_feed		 f;
	struct entry		 e[5];
	int64_t			 now = time(NULL), busy, idle;
	size_t			 n;

	busy = add_feed(fx->db, "https://example.org/busy");
	idle = add_feed(fx->db, "https://example.org/idle");
	e[0] = mkentry("a", "this week", now - 3600);
	e[1] = mkentry("b", "two weeks ago", now - 15 * 86400);
	e[2] = mkentry("c", "two weeks ago too", now - 16 * 86400);
	e[3] = mkentry("d", "from the future", now + 30 * 86400);
	e[4] = mkentry("e", "a year ago", now - 365 * 86400);
	store(fx->db, busy, e, 5);
	store(fx->db, idle, &e[4], 1);

	assert_int_equal(db_activity_get(fx->db, now, &a, &n), 0);
	assert_int_equal(n, 2);
	x = db_activity_find(a, n, busy);
	assert_non_null(x);
	/* The future post is stored as first seen (db-store.c): now. */
	assert_true(x->last_post >= now && x->last_post <= now + 60);
	assert_int_equal(x->last_id,
	    sql_int(fx->db, "SELECT id FROM posts WHERE key = 'd'"));
	assert_int_equal(x->weekly[DB_WEEKS - 1], 2);
	assert_int_equal(x->weekly[DB_WEEKS - 3], 2);
	assert_int_equal(x->weekly[0], 0);
	assert_null(x->list);
	x = db_activity_find(a, n, idle);
	assert_non_null(x);
	assert_int_equal(x->last_post, now - 365 * 86400);
	assert_int_equal(x->last_id,
	    sql_int(fx->db, "SELECT max(id) FROM posts"));
	assert_int_equal(x->weekly[DB_WEEKS - 1], 0);
	assert_null(db_activity_find(a, n, idle + busy));

	memset(&f, 0, sizeof f);
	f.last_fetch = now;
	assert_int_equal(feed_state(&f, x, now, 30), FEED_QUIET);
	assert_int_equal(feed_state(&f, x, now, 0), FEED_OK);
	assert_int_equal(feed_state(&f, db_activity_find(a, n, busy), now,
	    30), FEED_OK);
	f.failures = 2;
	assert_int_equal(feed_state(&f, x, now, 30), FEED_FAILING);
	f.disabled = 1;
	assert_int_equal(feed_state(&f, x, now, 30), FEED_DISABLED);
	f.disabled = f.failures = 0;
	f.last_fetch = DATE_NONE;
	assert_int_equal(feed_state(&f, NULL, now, 30), FEED_OK);
	assert_string_equal(feed_state_name(FEED_LEFT), "left");
	db_activity_free(a, n);
}

/*
 * Members (db-list.c): a feed is left when every list that named it has
 * left it; a member's backlog is marked read after its first good fetch,
 * only its posts first seen since it joined and dated before the cutoff.
 */
static void
test_members(void **state)
{
	struct fixture		*fx = *state;
	struct db_activity	*a;
	struct entry		 e[2];
	int64_t			 l1, l2, feed, *ids, now = time(NULL);
	size_t			 n;

	feed = add_feed(fx->db, "https://example.org/member");
	assert_int_equal(db_list_add(fx->db, "https://example.org/l1", NULL,
	    0, &l1), 0);
	assert_int_equal(db_list_add(fx->db, "https://example.org/l2", NULL,
	    0, &l2), 0);
	assert_int_equal(db_list_add(fx->db, "https://example.org/l1", NULL,
	    0, &l1), 1);
	assert_int_equal(db_feed_is_member(fx->db, feed), 1);
	assert_int_equal(db_member_add(fx->db, l1, "https://example.org/m",
	    feed, 0), 0);
	assert_int_equal(db_member_add(fx->db, l2, "https://example.org/m",
	    feed, 0), 0);
	assert_int_equal(db_feed_is_member(fx->db, feed), 0);

	assert_int_equal(db_member_set_left(fx->db, l1,
	    "https://example.org/m", 1, now), 0);
	assert_int_equal(db_feeds_left(fx->db, &ids, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	assert_int_equal(db_member_set_left(fx->db, l2,
	    "https://example.org/m", 1, now), 0);
	assert_int_equal(db_feeds_left(fx->db, &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_true(follow_left(ids, n, feed));
	assert_false(follow_left(ids, n, feed + 1));
	free(ids);
	assert_int_equal(db_activity_get(fx->db, now, &a, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].left, 1);
	assert_string_equal(a[0].list, "https://example.org/l1");
	db_activity_free(a, n);

	/* Back again: the backlog is what it wrote since. */
	assert_int_equal(db_member_set_left(fx->db, l2,
	    "https://example.org/m", 0, now), 0);
	e[0] = mkentry("old", "old", now - 100 * 86400);
	e[1] = mkentry("new", "new", now - 3600);
	store(fx->db, feed, e, 2);
	assert_int_equal(db_backlog_apply(fx->db, now - 14 * 86400), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM posts"
	    " WHERE read = 0"), 1);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM list_members"
	    " WHERE backlog IS NOT NULL"), 0);

	/* Unfollowing a list keeps the feed. */
	assert_int_equal(db_list_remove(fx->db, l1), 0);
	assert_int_equal(db_list_remove(fx->db, l2), 0);
	assert_int_equal(db_feed_find(fx->db, "https://example.org/member",
	    &l1), 0);
	assert_int_equal(sql_int(fx->db, "SELECT count(*) FROM list_members"),
	    0);
}

/*
 * A fetch with a checkpoint thread: the writer copies nothing at commit
 * and counts the WAL's frames; the checkpointer says whether it copied the
 * whole WAL, which a reader's open snapshot prevents; once it did, the
 * next transaction starts the WAL over (what fetch-store.c's wal_restart()
 * counts on).
 */
static void
test_wal_elsewhere(void **state)
{
	struct fixture		*fx = *state;
	struct db_checkpointer	*cp;
	struct db_post_query	 q;
	struct entry		 e[40];
	char			 ids[40][16], body[4000];
	sqlite3			*reader;
	int64_t			 feed;
	int			 i, frames;

	memset(body, 'x', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	for (i = 0; i < 40; i++) {
		snprintf(ids[i], sizeof ids[i], "p%d", i);
		e[i] = mkentry(ids[i], "t", 1000 + i);
		e[i].content = body;
	}
	feed = add_feed(fx->db, "https://example.org/feed");
	db_set_bulk(fx->db);
	db_wal_elsewhere(fx->db, 0);
	assert_int_equal(db_wal_frames(fx->db), 0);
	store(fx->db, feed, e, 20);
	frames = db_wal_frames(fx->db);
	assert_true(frames > 4);
	assert_non_null(cp = db_checkpointer_open(fx->db));

	/* A reader inside a transaction keeps its snapshot's frames. */
	assert_int_equal(sqlite3_open(fx->path, &reader), SQLITE_OK);
	assert_int_equal(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM"
	    " posts", NULL, NULL, NULL), SQLITE_OK);
	store(fx->db, feed, e + 20, 10);
	assert_true(db_wal_frames(fx->db) > frames);	/* nothing copied */
	assert_int_equal(db_checkpointer_run(cp), 0);
	assert_int_equal(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(db_checkpointer_run(cp), 1);

	/* All copied, no reader: the next transaction writes from the start. */
	frames = db_wal_frames(fx->db);
	store(fx->db, feed, e + 30, 1);
	assert_true(db_wal_frames(fx->db) < frames);
	sqlite3_close(reader);
	db_checkpointer_close(cp);
	db_wal_elsewhere(fx->db, 1);
	store(fx->db, feed, e + 31, 9);
	memset(&q, 0, sizeof q);
	q.feed_id = feed;
	assert_int_equal(count(fx->db, &q), 40);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_migrate_fresh),
		T(test_wal_elsewhere),
		T(test_migrate_refuse_newer),
		T(test_open_missing_dir),
		T(test_post_ids_never_reused),
		T(test_migrate_from_empty_file),
		T(test_reindex),
		T(test_upsert),
		T(test_filter_match),
		T(test_store_fallback_key),
		T(test_enclosures),
		T(test_tags),
		T(test_tags_apply),
		T(test_search_arabic),
		T(test_search_variants),
		T(test_search_hostile),
		T(test_search_rank),
		T(test_search_rank_exact),
		T(test_index_deferred),
		T(test_index_edit),
		T(test_index_delete),
		T(test_index_migrate),
		T(test_summary_dedup),
		T(test_stmt_cache),
		T(test_nested_rollback),
		T(test_store_join),
		T(test_post_times),
		T(test_post_times_flush),
		T(test_sync_pending),
		T(test_edit_detect),
		T(test_paging),
		T(test_plan),
		T(test_future_dates),
		T(test_retention),
		T(test_remove_keeps_tagged),
		T(test_forget),
		T(test_feeds),
		T(test_status_recorded),
		T(test_concurrency),
		T(test_fetch_lock),
		T(test_modes),
		T(test_activity),
		T(test_members),
		cmocka_unit_test(test_open_error),
		cmocka_unit_test(test_print_field),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
