/*
 * The SQLite cache: opening, the schema and its migrations, transactions,
 * the statement cache, the fetch lock and retention.  db-feed.c, db-post.c
 * and db-tag.c hold the queries of each table family; nothing outside db*.c
 * speaks SQL.
 *
 * Schema versions.  PRAGMA user_version is the number of migrations applied.
 * migrations[] below is append-only: a released entry is never edited, a
 * change is a new entry.  db_open() applies the missing ones in one
 * IMMEDIATE transaction (so two processes opening an old file at once do
 * not both migrate: the second re-reads the version under the lock), and
 * refuses a file whose version is newer than the list: it was written by a
 * newer majlis, and guessing at its meaning could lose data.
 *
 * Full-text index.  posts_fts is a contentless FTS5 table whose rowid is
 * the post's id.  It holds folded text (fold.c), which is not what the
 * posts table stores, so it cannot be an external-content table.  Indexing
 * is deferred: building the index is most of the CPU a cold fetch would
 * otherwise spend (0.87 s of 1.19 s for 10,000 posts), so a fetch only
 * records which posts need it and searches catch up (db-index.c).  Every
 * post is in exactly one of two states:
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
 * The triggers call the SQL functions majlis_fold() and majlis_fold_html()
 * that db_open() registers on every connection.  A contentless table can
 * only delete a row given the very tokens indexed, so folding must be
 * deterministic; when fold.c's table changes, DB_FOLD_VERSION changes and
 * db_open() empties the index and makes every post pending.
 *
 * Transactions nest (db_begin/db_commit/db_rollback): the outermost level
 * is BEGIN IMMEDIATE, so that a writer waits for the lock in the busy
 * handler at the start instead of failing with SQLITE_BUSY when a read
 * transaction would have to be upgraded; inner levels are savepoints, so
 * that rolling one back undoes that level only.  The fetch depends on it:
 * it stores several feeds in one transaction, each feed a level of its
 * own, and a feed that turns out not to parse must not take the others
 * with it.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "majlis.h"

#define DB_BUSY_TIMEOUT	5000	/* ms; a fetch commits each feed sooner */

struct db_cached {
	const char	*key;		/* where the caller's SQL was: a hint */
	char		*sql;		/* our copy, for strcmp */
	sqlite3_stmt	*stmt;
};

struct db {
	sqlite3			*sq;
	char			*path;
	char			*err;		/* last error */
	struct db_cached	*stmts;
	size_t			 nstmts;
	int			 depth;		/* db_begin() depth */
	int			 failed;	/* a savepoint was not undone */
	int			 lockfd;	/* fetch lock or -1 */
	int			 keep_days;
	int			 keep_posts;
};

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
	 * out of fts_pending; the probe cost 4% of a cold fetch.
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
	 * 4: followed member lists (follow.c, db-list.c).  A member keeps the
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
};

/* SQL function majlis_fold(text): text_fold(), NULL for NULL. */
static void
sql_fold(sqlite3_context *sc, int argc, sqlite3_value **argv)
{
	const unsigned char	*s;
	char			*f;

	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(sc);
		return;
	}
	f = text_fold((const char *)s);
	sqlite3_result_text(sc, f, -1, free);
}

/* SQL function majlis_fold_html(html): the folded text of HTML. */
static void
sql_fold_html(sqlite3_context *sc, int argc, sqlite3_value **argv)
{
	const unsigned char	*s;
	char			*t, *f;

	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(sc);
		return;
	}
	t = fold_html_text((const char *)s);
	f = text_fold(t);
	free(t);
	sqlite3_result_text(sc, f, -1, free);
}

/* Record SQLite's current error, prefixed by what we were doing. */
int
db_error(struct db *db, const char *what)
{
	free(db->err);
	if (what != NULL)
		xasprintf(&db->err, "%s: %s", what, sqlite3_errmsg(db->sq));
	else
		db->err = xstrdup(sqlite3_errmsg(db->sq));
	return -1;
}

/* Record a message of our own; returns -1. */
int
db_errorf(struct db *db, const char *fmt, ...)
{
	va_list	 ap;

	free(db->err);
	va_start(ap, fmt);
	xvasprintf(&db->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int
db_error_msg(struct db *db, const char *msg)
{
	free(db->err);
	db->err = xstrdup(msg);
	return -1;
}

const char *
db_errmsg(struct db *db)
{
	return db->err != NULL ? db->err : "unknown error";
}

const char *
db_path(struct db *db)
{
	return db->path;
}

/*
 * Returns the statement for sql, prepared once per connection and reset
 * and unbound on every later call.  sql is normally a literal; a built
 * string works too (it is compared by content).  The statement stays the
 * cache's: the caller steps it and may leave it unreset, the next db_stmt()
 * resets it.  Returns NULL with the error recorded if sql does not prepare.
 */
sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	struct db_cached	*c;
	sqlite3_stmt		*stmt;
	size_t			 i;

	/*
	 * By address first (a literal is found without comparing it with
	 * every statement before it), then by content.  The address alone
	 * is not proof: a built string may be freed and the next one
	 * allocated at the same place, with other SQL in it, which handed a
	 * search the statement that counted all posts.
	 */
	for (i = 0; i < db->nstmts; i++) {
		c = &db->stmts[i];
		if (c->key == sql && strcmp(c->sql, sql) == 0)
			goto found;
	}
	for (i = 0; i < db->nstmts; i++) {
		c = &db->stmts[i];
		if (strcmp(c->sql, sql) == 0)
			goto found;
	}
	if (sqlite3_prepare_v3(db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		db_error(db, "prepare");
		return NULL;
	}
	db->stmts = xreallocarray(db->stmts, db->nstmts + 1,
	    sizeof *db->stmts);
	c = &db->stmts[db->nstmts++];
	c->key = sql;
	c->sql = xstrdup(sql);
	c->stmt = stmt;
	return stmt;

found:
	sqlite3_reset(c->stmt);
	sqlite3_clear_bindings(c->stmt);
	return c->stmt;
}

/* Run SQL that returns no rows, outside the statement cache. */
static int
db_exec(struct db *db, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(db->sq, sql, NULL, NULL, &msg) != SQLITE_OK) {
		free(db->err);
		xasprintf(&db->err, "%s", msg != NULL ? msg :
		    sqlite3_errmsg(db->sq));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* An integer from a one-row query, e.g. a PRAGMA. */
static int
db_int(struct db *db, const char *sql, int64_t *v)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return db_error(db, NULL);
	}
	*v = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

int
db_begin(struct db *db)
{
	if (db->depth++ > 0) {
		if (db_exec(db, "SAVEPOINT db_level") == -1) {
			db->depth--;
			return -1;
		}
		return 0;
	}
	db->failed = 0;
	if (db_exec(db, "BEGIN IMMEDIATE") == -1) {
		db->depth = 0;
		return -1;
	}
	return 0;
}

/*
 * db_begin(), waiting at most ms for another connection's write lock
 * instead of the usual DB_BUSY_TIMEOUT.  For work that can be put off
 * (indexing): returns 0 (in a transaction), 1 if the lock stayed busy or
 * the file is read-only (no error recorded), -1 on another error.
 */
int
db_try_begin(struct db *db, int ms)
{
	int	 rc, code;

	if (db->depth > 0)
		return db_begin(db);
	sqlite3_busy_timeout(db->sq, ms);
	rc = db_begin(db);
	sqlite3_busy_timeout(db->sq, DB_BUSY_TIMEOUT);
	if (rc == 0)
		return 0;
	code = sqlite3_errcode(db->sq) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED ||
	    code == SQLITE_READONLY)
		return 1;
	return -1;
}

/*
 * End one level.  An inner level is kept for the outer one to commit; the
 * outermost commits, or rolls back if an inner level could not be undone
 * (then it returns -1: the work was not saved).
 */
int
db_commit(struct db *db)
{
	char	*saved;

	if (db->depth == 0)
		return db_error_msg(db, "commit without a transaction");
	if (--db->depth > 0) {
		if (db_exec(db, "RELEASE db_level") == -1) {
			db->failed = 1;
			return -1;
		}
		return 0;
	}
	if (!db->failed && db_exec(db, "COMMIT") == 0)
		return 0;
	/*
	 * A full disk may have rolled back already: the ROLLBACK then fails
	 * too, and its message must not hide the one that says why.
	 */
	saved = db->err;
	db->err = NULL;
	db_exec(db, "ROLLBACK");
	free(db->err);
	db->err = saved != NULL ? saved : xstrdup("transaction rolled back");
	return -1;
}

void
db_rollback(struct db *db)
{
	char	*saved;

	if (db->depth == 0)
		return;
	/* Keep the message that made us roll back. */
	saved = db->err;
	db->err = NULL;
	if (--db->depth > 0) {
		/*
		 * An I/O error or a full disk can make SQLite roll back the
		 * whole transaction itself, savepoints and all: then the
		 * outermost level must not commit what is left.
		 */
		if (db_exec(db, "ROLLBACK TO db_level") == -1 ||
		    db_exec(db, "RELEASE db_level") == -1)
			db->failed = 1;
	} else
		db_exec(db, "ROLLBACK");
	free(db->err);
	db->err = saved;
}

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
static int
db_migrate(struct db *db)
{
	sqlite3_stmt	*stmt;
	char		*sql;
	int64_t		 fold;
	int		 v, latest = db_latest_version();

	if ((v = db_schema_version(db)) == -1)
		return -1;
	if (v > latest) {
		free(db->err);
		xasprintf(&db->err, "database schema version %d is newer than "
		    "this majlis knows (%d): use a newer majlis", v, latest);
		return -1;
	}
	/*
	 * The common case, an up-to-date file, must not take the write lock:
	 * a query would then wait for a running fetch.
	 */
	if (v == latest && db_fold_version(db) == DB_FOLD_VERSION)
		return 0;
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

/* Returns a heap string: $XDG_DATA_HOME/majlis/majlis.db or its default. */
char *
db_default_path(void)
{
	const char	*xdg, *home;
	char		*path;

	if ((xdg = getenv("XDG_DATA_HOME")) != NULL && *xdg == '/')
		xasprintf(&path, "%s/majlis/majlis.db", xdg);
	else {
		if ((home = getenv("HOME")) == NULL || *home == '\0')
			home = ".";
		xasprintf(&path, "%s/.local/share/majlis/majlis.db", home);
	}
	return path;
}

/*
 * Create the directories above path that are missing, private.  Existing
 * ones are left as they are: they are the user's.
 */
static int
make_parents(const char *path)
{
	char	*dir, *p;

	dir = xstrdup(path);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/*
 * Open (creating if need be) the database at path, or at the default path
 * if path is NULL.  Returns a connection to close with db_close(), or NULL
 * with *err a heap string saying why ("PATH: WHY").
 */
struct db *
db_open(const char *path, char **err)
{
	struct db	*db;
	mode_t		 mask;
	int		 rc, flags;
	char		*p;
	static int	 configured;

	/*
	 * SQLite counts every allocation under a global mutex, for
	 * sqlite3_memory_used(), which majlis never asks; with the fetch's
	 * threads that lock showed in its profile.  The library takes such
	 * settings only before its first use.
	 */
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	db = xcalloc(1, sizeof *db);
	db->lockfd = -1;
	db->path = path != NULL ? xstrdup(path) : db_default_path();

	/*
	 * SQLite creates the -wal and -shm files with the database file's
	 * mode, so a private database file is enough for all three; the
	 * umask covers the moment the file is created.
	 */
	mask = umask(077);
	if (make_parents(db->path) == -1) {
		umask(mask);
		xasprintf(err, "%s: %s", db->path, strerror(errno));
		goto fail;
	}
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(db->path, &db->sq, flags, NULL);
	umask(mask);
	if (rc != SQLITE_OK) {
		xasprintf(err, "%s: %s", db->path, db->sq != NULL ?
		    sqlite3_errmsg(db->sq) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	sqlite3_busy_timeout(db->sq, DB_BUSY_TIMEOUT);
	if (sqlite3_create_function(db->sq, "majlis_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_fold, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db->sq, "majlis_fold_html", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_fold_html, NULL, NULL) != SQLITE_OK) {
		db_error(db, NULL);
		goto fail_msg;
	}
	mask = umask(077);
	rc = db_exec(db, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA temp_store = MEMORY;");
	umask(mask);
	if (rc == -1)
		goto fail_msg;
	if (db_migrate(db) == -1)
		goto fail_msg;
	return db;

fail_msg:
	xasprintf(&p, "%s: %s", db->path, db_errmsg(db));
	*err = p;
fail:
	db_close(db);
	return NULL;
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	while (db->depth > 0)
		db_rollback(db);
	for (i = 0; i < db->nstmts; i++) {
		sqlite3_finalize(db->stmts[i].stmt);
		free(db->stmts[i].sql);
	}
	free(db->stmts);
	if (db->sq != NULL) {
		/*
		 * Keep the planner's statistics fresh after writing; never
		 * wait for the lock to do it (a fetch may hold it), and a
		 * query-only command has nothing to add.
		 */
		if (sqlite3_total_changes(db->sq) > 0) {
			sqlite3_busy_timeout(db->sq, 0);
			sqlite3_exec(db->sq, "PRAGMA optimize", NULL, NULL,
			    NULL);
		}
		sqlite3_close_v2(db->sq);
	}
	db_fetch_unlock(db);
	free(db->path);
	free(db->err);
	free(db);
}

/*
 * PRAGMA data_version: changes when another connection committed since we
 * last looked; the reader polls it to know when to reload.  -1 on error.
 */
int64_t
db_data_version(struct db *db)
{
	int64_t	 v;

	if (db_int(db, "PRAGMA data_version", &v) == -1)
		return -1;
	return v;
}

/*
 * Take the fetch lock: an flock() on "DB.lock" beside the database, so that
 * two fetches never run at once while readers go on.  With wait, blocks
 * until the other fetch ends.  Returns 0 (held until db_fetch_unlock() or
 * db_close()), 1 if another process holds it and !wait, -1 on error.
 */
int
db_fetch_lock(struct db *db, int wait)
{
	char	*path;
	int	 fd;

	if (db->lockfd != -1)
		return 0;
	xasprintf(&path, "%s.lock", db->path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		free(db->err);
		xasprintf(&db->err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == -1) {
		if (errno == EINTR)
			continue;
		close(fd);
		if (errno == EWOULDBLOCK)
			return 1;
		free(db->err);
		xasprintf(&db->err, "lock: %s", strerror(errno));
		return -1;
	}
	db->lockfd = fd;
	return 0;
}

/*
 * Is another process fetching (holding the fetch lock)?  A probe with a
 * shared lock that is given back at once; never creates the lock file.
 * 0 if this connection holds the lock itself or on any error.
 */
int
db_fetch_running(struct db *db)
{
	char	*path;
	int	 fd, running = 0;

	if (db->lockfd != -1)
		return 0;
	xasprintf(&path, "%s.lock", db->path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == -1)
		running = errno == EWOULDBLOCK;
	close(fd);		/* releases the probe's lock, if it got it */
	return running;
}

void
db_fetch_unlock(struct db *db)
{
	if (db->lockfd != -1) {
		close(db->lockfd);	/* releases the flock */
		db->lockfd = -1;
	}
}

/*
 * Settings for a connection about to write a lot (a fetch).  Measured on
 * 1000 feeds of 100 posts (330 MB): a 6 MB page cache instead of 2 MB and
 * a checkpoint every 40 MB of WAL instead of 4 MB make a third fewer
 * pread/pwrite calls and 37 instead of 268 fdatasync; 0.3 s less system
 * time.  On 200 feeds of 50 posts it changes nothing measurable.  The
 * size limit gives the disk back when a reader keeps the WAL from being
 * removed at close.  Best effort: a failure only costs speed.
 */
void
db_set_bulk(struct db *db)
{
	sqlite3_exec(db->sq, "PRAGMA cache_size = -6000;"
	    "PRAGMA wal_autocheckpoint = 10000;"
	    "PRAGMA journal_size_limit = 4194304", NULL, NULL, NULL);
}

/*
 * A second connection to the database, used only to copy the WAL into the
 * database file while the first goes on writing.  A fetch of many new
 * posts writes them all to the WAL; left to the close, the copy back (and
 * its fsync) came after the network was done: 90 of 260 ms on 200 feeds
 * of 50 posts.  A PASSIVE checkpoint takes no lock a writer or reader
 * needs, so it can run beside them on another thread.  Returns NULL if
 * the connection cannot be had, which costs only that speed.
 */
struct db_checkpointer {
	sqlite3		*sq;
};

struct db_checkpointer *
db_checkpointer_open(struct db *db)
{
	struct db_checkpointer	*cp;

	cp = xcalloc(1, sizeof *cp);
	if (sqlite3_open_v2(db->path, &cp->sq, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto fail;
	/*
	 * The last connection to close checkpoints; that is the writer's
	 * job, not this one's.  Until it has read the file a connection
	 * does not know the database is in WAL mode, and a checkpoint
	 * would do nothing: ask.
	 */
	sqlite3_db_config(cp->sq, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (sqlite3_exec(cp->sq, "PRAGMA synchronous = NORMAL;"
	    "PRAGMA journal_mode", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return cp;

fail:
	db_checkpointer_close(cp);
	return NULL;
}

/* Copy what the WAL holds that no reader still needs; waits for no lock. */
void
db_checkpointer_run(struct db_checkpointer *cp)
{
	sqlite3_wal_checkpoint_v2(cp->sq, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL);
}

void
db_checkpointer_close(struct db_checkpointer *cp)
{
	if (cp == NULL)
		return;
	sqlite3_close(cp->sq);
	free(cp);
}

void
db_set_retention(struct db *db, int days, int posts)
{
	db->keep_days = days > 0 ? days : 0;
	db->keep_posts = posts > 0 ? posts : 0;
}

/*
 * Apply retention to one feed (0: every feed).  Expired keys are kept in
 * "gone" so the next fetch does not bring the posts back.  Tagged posts
 * are never expired; they still count among the newest keep_posts, so a
 * feed keeps at most keep_posts posts plus its older tagged ones.  Returns
 * the number of posts removed, or -1.
 */
int
db_expire(struct db *db, int64_t feed_id)
{
	static const char *const by_age[] = {
		"INSERT OR IGNORE INTO gone(feed_id, key)"
		" SELECT feed_id, key FROM posts"
		" WHERE (?1 = 0 OR feed_id = ?1) AND sort_time < ?2"
		" AND NOT EXISTS (SELECT 1 FROM post_tags"
		"   WHERE post_id = posts.id)",
		"DELETE FROM posts"
		" WHERE (?1 = 0 OR feed_id = ?1) AND sort_time < ?2"
		" AND NOT EXISTS (SELECT 1 FROM post_tags"
		"   WHERE post_id = posts.id)",
	};
	static const char *const by_count[] = {
		"INSERT OR IGNORE INTO gone(feed_id, key)"
		" SELECT feed_id, key FROM posts WHERE id IN"
		" (SELECT id FROM (SELECT id, row_number() OVER"
		"   (PARTITION BY feed_id"
		"    ORDER BY sort_time DESC, id DESC) AS n"
		"   FROM posts WHERE ?1 = 0 OR feed_id = ?1) WHERE n > ?2)"
		" AND NOT EXISTS (SELECT 1 FROM post_tags"
		"   WHERE post_id = posts.id)",
		"DELETE FROM posts WHERE id IN"
		" (SELECT id FROM (SELECT id, row_number() OVER"
		"   (PARTITION BY feed_id"
		"    ORDER BY sort_time DESC, id DESC) AS n"
		"   FROM posts WHERE ?1 = 0 OR feed_id = ?1) WHERE n > ?2)"
		" AND NOT EXISTS (SELECT 1 FROM post_tags"
		"   WHERE post_id = posts.id)",
	};
	sqlite3_stmt	*stmt;
	int		 removed = 0, pass, i;
	int64_t		 arg;

	if (db->keep_days == 0 && db->keep_posts == 0)
		return 0;
	if (db_begin(db) == -1)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		const char *const *sql = pass == 0 ? by_age : by_count;

		if (pass == 0 && db->keep_days == 0)
			continue;
		if (pass == 1 && db->keep_posts == 0)
			continue;
		arg = pass == 0 ? (int64_t)time(NULL) -
		    (int64_t)db->keep_days * 86400 : db->keep_posts;
		for (i = 0; i < 2; i++) {
			if ((stmt = db_stmt(db, sql[i])) == NULL)
				goto fail;
			sqlite3_bind_int64(stmt, 1, feed_id);
			sqlite3_bind_int64(stmt, 2, arg);
			if (sqlite3_step(stmt) != SQLITE_DONE) {
				db_error(db, "expire");
				goto fail;
			}
			if (i == 1)
				removed += sqlite3_changes(db->sq);
		}
	}
	if (db_commit(db) == -1)
		return -1;
	return removed;
fail:
	db_rollback(db);
	return -1;
}

/* For db-*.c: the connection's handle. */
sqlite3 *
db_handle(struct db *db)
{
	return db->sq;
}

/* For db-*.c: a column as a heap string, or NULL for SQL NULL. */
char *
db_column_str(struct sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		return NULL;
	return xstrdup((const char *)s);
}

/* For db-*.c: a column as a date, DATE_NONE for SQL NULL. */
int64_t
db_column_date(struct sqlite3_stmt *stmt, int i)
{
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return DATE_NONE;
	return sqlite3_column_int64(stmt, i);
}

/* For db-*.c: bind a date, NULL for DATE_NONE. */
int
db_bind_date(struct sqlite3_stmt *stmt, int i, int64_t v)
{
	if (v == DATE_NONE)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_int64(stmt, i, v);
}

/* For db-*.c: bind a borrowed string (NULL binds NULL). */
int
db_bind_str(struct sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		return sqlite3_bind_null(stmt, i);
	return sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC);
}

/*
 * For db-*.c: step a statement that returns no rows.  Returns 0, or -1
 * with the error recorded as "what: WHY".
 */
int
db_step_done(struct db *db, struct sqlite3_stmt *stmt, const char *what)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(db, what);
	return 0;
}

/*
 * Run sql, a query of one row or none with id as its only parameter.
 * Returns 0 if there is a row, 1 if not, -1 with the error recorded as
 * "what: WHY".
 */
int
db_row_exists(struct db *db, const char *sql, int64_t id, const char *what)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return db_error(db, what);
}
