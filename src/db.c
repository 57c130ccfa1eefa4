/*
 * The SQLite connection: opening (the file, its PRAGMAs, the SQL functions
 * the schema's triggers call), errors, the statement cache, transactions,
 * the fetch lock, the checkpointer and the helpers the other db*.c files
 * share.  The schema and its migrations are db-schema.c's; each table
 * family has its own file (db-feed.c, db-tag.c, db-index.c), storing a
 * fetched feed is db-store.c's and every list of posts db-query.c's.
 * Nothing outside db*.c speaks SQL.
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
#include <regex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-int.h"

#define DB_BUSY_TIMEOUT	5000	/* ms; a fetch commits each feed sooner */
#define DB_CHECKPOINT		1000	/* pages of WAL: SQLite's own */
#define DB_BULK_CHECKPOINT	10000	/* pages of WAL (db_set_bulk()) */
#define DB_TIMES_BATCH		16384	/* posts: db_post_times_flush() */

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
	int			 expire_unread;	/* retention takes unread too */
	const struct config_rule *ignores;	/* the killfile, borrowed */
	size_t			 nignores;
	db_progress_cb		 progress;	/* a long catch-up's, or NULL */
	void			*progress_arg;
	int64_t			 next_post;	/* db_post_id_new(); 0: unread */
	int64_t			 times_from;	/* new, not in post_times yet */
	int			 store_synced;	/* the feed being stored is one
						   the sync server knows */
	int			 wal_frames;	/* at the last commit, once
						   db_wal_elsewhere() */
	int			 checkpoint;	/* autocheckpoint, pages */
};

/*
 * Who is told how a long index catch-up goes (db-index.c, majlis.h says
 * how).  NULL: no one (the default).
 */
void
db_set_progress(struct db *db, db_progress_cb cb, void *arg)
{
	db->progress = cb;
	db->progress_arg = arg;
}

/* Tell the progress callback, if there is one. */
void
db_progress(struct db *db, int64_t done, int64_t total)
{
	if (db->progress != NULL)
		db->progress(db->progress_arg, done, total);
}

/*
 * SQL functions majlis_index(text, lang) and majlis_index_html(html, lang):
 * what posts_fts indexes of a post's text, NULL for NULL.  The text goes
 * as it is (the tokenizer folds it), after its language for the
 * tokenizer: STEM_LANG lang STEM_LANG (db-token.c).  The HTML one takes
 * the text out of the markup first (fold_html_text()).
 */
static void
sql_index(sqlite3_context *sc, int argc, sqlite3_value **argv)
{
	const unsigned char	*s, *lang;
	struct buf		 b;
	char			*t = NULL;

	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(sc);
		return;
	}
	if (sqlite3_user_data(sc) != NULL)
		s = (const unsigned char *)(t = fold_html_text((const char *)s));
	lang = argc > 1 ? sqlite3_value_text(argv[1]) : NULL;
	buf_init(&b);
	buf_addc(&b, STEM_LANG);
	if (lang != NULL && strchr((const char *)lang, STEM_LANG) == NULL)
		buf_adds(&b, (const char *)lang);
	buf_addc(&b, STEM_LANG);
	buf_adds(&b, (const char *)s);
	free(t);
	sqlite3_result_text(sc, buf_take(&b), -1, free);
}

/* SQL function majlis_fold(text): text_fold(), NULL for NULL. */
static void
sql_fold(sqlite3_context *sc, int argc, sqlite3_value **argv)
{
	const unsigned char	*s;

	(void)argc;
	if ((s = sqlite3_value_text(argv[0])) == NULL) {
		sqlite3_result_null(sc);
		return;
	}
	sqlite3_result_text(sc, text_fold((const char *)s), -1, free);
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
int
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
int
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

static const char	*test_crash;
static pthread_once_t	 test_crash_once = PTHREAD_ONCE_INIT;

static void
test_crash_read(void)
{
	test_crash = getenv("MAJLIS_TEST_CRASH");
}

/*
 * For the crash tests only: with MAJLIS_TEST_CRASH=POINT[:N] in the
 * environment, the Nth time (the first by default) the process passes
 * POINT it says so on stderr and kills itself with SIGKILL, a kill that
 * lands inside a write for certain.  The points: "commit", just before
 * the outermost COMMIT; "post", a post just written in an open
 * transaction (db_store_entry()).  The environment is read once: "post"
 * is passed for every post a fetch stores, and getenv() walks the whole
 * environment each time.
 */
void
db_test_crash(const char *point)
{
	static long	 passed;
	const char	*v;
	size_t		 n;

	pthread_once(&test_crash_once, test_crash_read);
	if ((v = test_crash) == NULL)
		return;
	n = strlen(point);
	if (strncmp(v, point, n) != 0 || (v[n] != '\0' && v[n] != ':'))
		return;
	if (++passed < (v[n] == ':' ? atol(v + n + 1) : 1))
		return;
	fprintf(stderr, "majlis: test crash at %s %ld\n", point, passed);
	raise(SIGKILL);
}

static int	 post_id_save(struct db *, int64_t);

/*
 * The id for a new post: one no post ever had, so that a script holding
 * the number of a post that went never reaches another (SQLite's own
 * choice, the largest id plus one, gives the ids of the newest posts
 * again once they are deleted).  The largest id ever given is kept in
 * meta as 'post_id_max' (migration 13): read at the first new post of a
 * transaction, counted on in memory, written once as the transaction
 * commits (post_id_save()), so a cold fetch's inserts cost no query each.
 * Only in a transaction, whose commit also puts the new posts in
 * post_times (post_times_add()).  Returns the id, or -1.
 */
int64_t
db_post_id_new(struct db *db)
{
	int64_t	 max;

	if (db->depth == 0)
		return db_error_msg(db, "a new post outside a transaction");
	if (db->next_post == 0) {
		if (db_int(db, "SELECT max(coalesce((SELECT max(id) FROM"
		    " posts), 0), coalesce((SELECT value FROM meta WHERE"
		    " key = 'post_id_max'), 0))", &max) == -1)
			return -1;
		db->next_post = db->times_from = max + 1;
	}
	return db->next_post++;
}

/*
 * The transaction's new posts into post_times (migration 17), in its
 * order: put there one by one as they were stored, at random places, a
 * cold fetch read and wrote most of that table's pages again for each
 * post once it outgrew the page cache; sorted, each page is read once
 * for many posts.  The posts are read back rather than noted as they
 * came, so that what happened to them since (an edit, the killfile,
 * retention) is taken as it is: their ids are the transaction's, from
 * times_from on, and the rows are the last written, so in order they are
 * few pages read.  The triggers did nothing for them until now, not
 * finding them there.  Sorted here, 16 bytes a post, not by an ORDER BY:
 * SQLite's sorter takes as much memory as the page cache, and took a
 * cold fetch of 5,000 feeds from 29 to 39 MB.
 */
struct post_time {
	int64_t		 time;
	int64_t		 key;		/* id << 2 | ignored << 1 | read */
};

/* Newest first, as post_times is (the ids differ: so do the keys). */
static int
post_time_cmp(const void *a, const void *b)
{
	const struct post_time	*x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? 1 : -1;
	return x->key < y->key ? 1 : x->key > y->key ? -1 : 0;
}

/*
 * Heapsort, in place: qsort() takes a copy the size of the array, a
 * quarter of a megabyte more at a cold fetch's peak for DB_TIMES_BATCH
 * posts.
 */
static void
post_times_sift(struct post_time *pt, size_t i, size_t n)
{
	struct post_time	 t;
	size_t			 c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && post_time_cmp(&pt[c + 1], &pt[c]) > 0)
			c++;
		if (post_time_cmp(&pt[c], &pt[i]) <= 0)
			break;
		t = pt[i];
		pt[i] = pt[c];
		pt[c] = t;
		i = c;
	}
}

static void
post_times_sort(struct post_time *pt, size_t n)
{
	struct post_time	 t;
	size_t			 i;

	for (i = n / 2; i-- > 0;)
		post_times_sift(pt, i, n);
	for (i = n; i-- > 1;) {
		t = pt[0];
		pt[0] = pt[i];
		pt[i] = t;
		post_times_sift(pt, 0, i);
	}
}

/*
 * TIMES_ROWS rows a statement (TIMES_INSERT_MANY), the last few one by
 * one: one INSERT of many rows costs less than as many of one row (each
 * one's step and reset), a tenth of post_times_add()'s time.
 */
#define TIMES_ROWS	64
#define TIMES_INSERT	"INSERT INTO post_times(sort_time, id, read, ignored)" \
			" VALUES (?, ?, ?, ?)"
#define TIMES_ROW	", (?, ?, ?, ?)"
#define TIMES_ROW7	TIMES_ROW TIMES_ROW TIMES_ROW TIMES_ROW TIMES_ROW \
			TIMES_ROW TIMES_ROW
#define TIMES_ROW8	TIMES_ROW7 TIMES_ROW
#define TIMES_INSERT_MANY TIMES_INSERT TIMES_ROW7 TIMES_ROW8 TIMES_ROW8 \
			TIMES_ROW8 TIMES_ROW8 TIMES_ROW8 TIMES_ROW8 TIMES_ROW8

static int
post_times_add(struct db *db)
{
	struct post_time	*pt;
	sqlite3_stmt		*stmt;
	size_t			 n = 0, max, i, j, rows;
	int			 rc, ret = -1;

	/* At most one post for each id given. */
	if ((max = (size_t)(db->next_post - db->times_from)) == 0)
		return 0;
	pt = xreallocarray(NULL, max, sizeof *pt);
	if ((stmt = db_stmt(db, "SELECT sort_time, id, ignored != 0,"
	    " read != 0 FROM posts WHERE id >= ?")) == NULL)
		goto out;
	sqlite3_bind_int64(stmt, 1, db->times_from);
	/* A row past max (not the transaction's) ends it as an error. */
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && n < max) {
		pt[n].time = sqlite3_column_int64(stmt, 0);
		pt[n++].key = sqlite3_column_int64(stmt, 1) * 4 +
		    sqlite3_column_int(stmt, 2) * 2 +
		    sqlite3_column_int(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_error(db, "post_times");
		goto out;
	}
	post_times_sort(pt, n);
	for (i = 0; i < n; i += rows) {
		rows = n - i >= TIMES_ROWS ? TIMES_ROWS : 1;
		if ((stmt = db_stmt(db, rows > 1 ? TIMES_INSERT_MANY :
		    TIMES_INSERT)) == NULL)
			goto out;
		for (j = 0; j < rows; j++) {
			sqlite3_bind_int64(stmt, 4 * j + 1, pt[i + j].time);
			sqlite3_bind_int64(stmt, 4 * j + 2, pt[i + j].key >> 2);
			sqlite3_bind_int(stmt, 4 * j + 3,
			    (int)(pt[i + j].key & 1));
			sqlite3_bind_int(stmt, 4 * j + 4,
			    (int)(pt[i + j].key >> 1 & 1));
		}
		if (db_step_done(db, stmt, "post_times") == -1)
			goto out;
	}
	db->times_from = db->next_post;
	ret = 0;
out:
	free(pt);
	return ret;
}

/*
 * Between two feeds of a long transaction (a fetch's batch of half a
 * second: 56,000 posts on a cold fetch of 5,000 feeds): once
 * DB_TIMES_BATCH new posts wait, put them in post_times now rather than
 * at the commit, so that what they take in memory stays small (it took
 * a megabyte more at the peak).  Only with no savepoint open: undoing
 * one would take the post_times rows of the posts before it with it, and
 * not those posts.  0 or -1.
 */
int
db_post_times_flush(struct db *db)
{
	if (db->depth != 1 || db->next_post - db->times_from < DB_TIMES_BATCH)
		return 0;
	return post_times_add(db);
}

/* Record id as the largest post id given (db_post_id_new()). */
static int
post_id_save(struct db *db, int64_t id)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "INSERT OR REPLACE INTO meta(key, value)"
	    " VALUES ('post_id_max', ?)")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return db_step_done(db, stmt, "meta");
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
	db->next_post = 0;
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
	db_test_crash("commit");
	/* The ids given, with the posts that have them (db_post_id_new()). */
	if (!db->failed && db->next_post != 0 && (post_times_add(db) == -1 ||
	    post_id_save(db, db->next_post - 1) == -1))
		db->failed = 1;
	db->next_post = 0;
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
	} else {
		db_exec(db, "ROLLBACK");
		db->next_post = 0;
	}
	free(db->err);
	db->err = saved;
}

/* Returns a heap string: $XDG_DATA_HOME/majlis/majlis.db or its default. */
static char *
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
 * Whether the directory that is to hold path is missing (or no
 * directory); if so, *err is a heap string naming it.
 */
static int
missing_parent(const char *path, char **err)
{
	struct stat	 sb;
	char		*dir, *slash;
	int		 missing;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return 0;
	}
	slash[slash == dir ? 1 : 0] = '\0';
	missing = stat(dir, &sb) == -1 || !S_ISDIR(sb.st_mode);
	if (missing)
		xasprintf(err, _("%s: no such directory: %s"), path, dir);
	free(dir);
	return missing;
}

static void
regex_free(void *p)
{
	regfree(p);
	free(p);
}

/*
 * The SQL function regexp(PATTERN, TEXT): 1 if TEXT matches.  The pattern
 * is compiled once per statement (SQLite keeps it as the argument's
 * auxiliary data while the statement runs), not once per row.  A pattern
 * over a filter's bounds or that does not compile is an error of the
 * statement: filter_compile() checked it before, but the pattern bound is
 * not always the one it read (text_fold() made it), and regcomp() of a
 * pattern over the bounds would take seconds and gigabytes.
 */
static void
sql_regexp(struct sqlite3_context *ctx, int argc,
    struct sqlite3_value **argv)
{
	regex_t		*r;
	const char	*re, *text, *why;

	(void)argc;
	if ((r = sqlite3_get_auxdata(ctx, 0)) == NULL) {
		if ((re = (const char *)sqlite3_value_text(argv[0])) == NULL) {
			sqlite3_result_null(ctx);
			return;
		}
		if ((why = filter_regex_bound(re)) != NULL) {
			sqlite3_result_error(ctx, _(why), -1);
			return;
		}
		r = xmalloc(sizeof *r);
		if (regcomp(r, re, FILTER_REGEX) != 0) {
			free(r);
			sqlite3_result_error(ctx, "not a valid regular "
			    "expression", -1);
			return;
		}
		sqlite3_set_auxdata(ctx, 0, r, regex_free);
		if ((r = sqlite3_get_auxdata(ctx, 0)) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	if ((text = (const char *)sqlite3_value_text(argv[1])) == NULL) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	sqlite3_result_int(ctx, regexec(r, text, 0, NULL, 0) == 0);
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
	db->checkpoint = DB_CHECKPOINT;
	db->path = path != NULL ? xstrdup(path) : db_default_path();

	/*
	 * Only the default location is made: a database named by -d or
	 * MAJLIS_DB in a directory that does not exist is a typing mistake
	 * or a disk not mounted, and a cron job fetching into a new empty
	 * cache there would hide it.
	 */
	if (path != NULL && missing_parent(db->path, err))
		goto fail;
	/*
	 * SQLite creates the -wal and -shm files with the database file's
	 * mode, so a private database file is enough for all three; the
	 * umask covers the moment the file is created.
	 */
	mask = umask(077);
	if (path == NULL && make_parents(db->path) == -1) {
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
	    sqlite3_create_function(db->sq, "majlis_index", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_index, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db->sq, "majlis_index_html", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, "html",
	    sql_index, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db->sq, "regexp", 2,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	    sql_regexp, NULL, NULL) != SQLITE_OK) {
		db_error(db, NULL);
		goto fail_msg;
	}
	if (db_token_register(db) == -1)
		goto fail_msg;
	mask = umask(077);
	/*
	 * 16 KB pages for a new database (an existing one keeps its own): a
	 * post's row is 3 KB on average, so 4 KB pages left a quarter of the
	 * table empty, and a cold fetch of 100,000 posts wrote a fifth less
	 * (8-11% less CPU) this way.
	 */
	/*
	 * secure_delete: what is deleted (a removed feed's posts, an expired
	 * post, a tag) is overwritten with zeros, in its page and in pages
	 * freed, not left readable in the file until reused.  What someone
	 * read and kept is evidence; SQLite's own default is off outside
	 * some distributions' builds.
	 */
	rc = db_exec(db, "PRAGMA page_size = 16384;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA journal_mode = WAL;"
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
 * After a deliberate erase (remove, remove --forget): leave nothing of what
 * went in the file.  secure_delete (db_open()) zeroed the rows and the pages
 * they freed, but
 *   1. the full-text index keeps a deleted post's terms in its older
 *      segments (a delete is a new entry beside them) until they are merged:
 *      'optimize' merges them all, now (SQLite 3.40 has no FTS5
 *      secure-delete option); it rewrites the index, a deliberate erase's
 *      cost, not a fetch's;
 *   2. the WAL holds the pages as they were, in frames a checkpoint copied
 *      but did not overwrite, until the last connection closes: TRUNCATE
 *      copies them back and empties it, if no other connection is reading
 *      (it waits the busy timeout for one).
 * Returns 0, 1 if another process kept the index from being merged (a
 * fetch writing) or the WAL from being emptied (reading; its last close
 * empties it), -1 on error.
 */
int
db_scrub(struct db *db)
{
	int	 rc, log = -1, done = -1;

	/*
	 * The erase itself is committed: a fetch holding the write lock
	 * past the busy timeout leaves the index as it was, to be said, not
	 * failed on.
	 */
	if (db_exec(db, "INSERT INTO posts_fts(posts_fts)"
	    " VALUES ('optimize')") == -1)
		return (sqlite3_errcode(db->sq) & 0xff) == SQLITE_BUSY ? 1 : -1;
	rc = sqlite3_wal_checkpoint_v2(db->sq, NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	if (rc == SQLITE_BUSY || (rc == SQLITE_OK && log != 0))
		return 1;
	if (rc != SQLITE_OK)
		return db_error(db, "checkpoint");
	return 0;
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
 * db_close()), 1 if another fetch holds it and !wait, -1 on error.
 *
 * A fetch holds the lock exclusive; db_fetch_running() probes it shared,
 * for an instant.  Without the second look below, a fetch that started
 * during a probe (the idle reader probes once a second) gave way as if
 * another fetch were running, and a fetch from cron was skipped.
 */
#define FETCH_LOCK_PROBE_TRIES	10000	/* a millisecond each: 10 s */

/* The fetch lock's file beside the database at dbpath: a heap string. */
static char *
lock_path(const char *dbpath)
{
	char	*path;

	xasprintf(&path, "%s.lock", dbpath);
	return path;
}

int
db_fetch_lock(struct db *db, int wait)
{
	char	*path;
	int	 fd, e, tries = 0;

	if (db->lockfd != -1)
		return 0;
	path = lock_path(db->path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		free(db->err);
		xasprintf(&db->err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) == -1) {
		if ((e = errno) == EINTR)
			continue;
		/*
		 * Taken: by a fetch, or by probes only?  A shared lock of
		 * our own is granted only if no one holds it exclusive: then
		 * the holders are probes, about to let go; try again.
		 */
		if (e == EWOULDBLOCK && tries++ < FETCH_LOCK_PROBE_TRIES) {
			if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
				(void)flock(fd, LOCK_UN);
				usleep(1000);
				continue;
			}
			if (errno != EWOULDBLOCK)
				e = errno;
		}
		close(fd);
		if (e == EWOULDBLOCK)
			return 1;
		free(db->err);
		xasprintf(&db->err, "lock: %s", strerror(e));
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
	path = lock_path(db->path);
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
 * wipe: the database's files go, the database first to last: its -wal
 * (which SQLite would replay into a new file of the same name, a half
 * database, if it stayed), -journal, -shm, the file itself, then the
 * fetch lock.  Each is overwritten with zeros and synced before it is
 * unlinked (path_shred()).  The caller holds the lock (db_wipe_lock()) and
 * has checked that no one has the file open (db_wipe_user()).  Each file
 * there that cannot be removed is handed to failed with its errno.
 * Returns the number of those.
 */
static const char *const db_files[] = { "-wal", "-journal", "-shm", "",
    ".lock" };

int
db_wipe(const char *dbpath, db_wipe_cb failed, void *arg)
{
	char	*path;
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < nitems(db_files); i++) {
		xasprintf(&path, "%s%s", dbpath, db_files[i]);
		if (path_shred(path) == -1 && errno != ENOENT) {
			failed(arg, path, errno);
			n++;
		}
		free(path);
	}
	return n;
}

/*
 * For wipe: the database at path, or the default one, as db_open() finds
 * it.  A heap string.
 */
char *
db_file_path(const char *path)
{
	return path != NULL ? xstrdup(path) : db_default_path();
}

/*
 * For wipe: take the fetch lock of the database at dbpath without waiting,
 * so that no fetch starts while its files go.  Returns the descriptor that
 * holds it (close() lets go), -2 if a fetch holds it, -1 with errno set.
 */
int
db_wipe_lock(const char *dbpath)
{
	char	*path;
	int	 fd, e;

	path = lock_path(dbpath);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if ((e = errno) == EINTR)
			continue;
		close(fd);
		if (e == EWOULDBLOCK)
			return -2;
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * For wipe: the id of a process that has the database at dbpath open, -1
 * if one has it whose id cannot be known here, or 0.  Every SQLite
 * connection to a WAL database holds a shared lock on the
 * "DMS" byte of its -shm file (offset 128, after the eight WAL locks: the
 * WAL file format, sqlite.org/walformat.html) for as long as it is open: a
 * reader idle for hours, a fetch, the sqlite3 shell.  A write lock asked
 * for it is refused, and F_GETLK names a holder.  A connection opened
 * after the look is not seen.
 */
#define DB_SHM_DMS	128

pid_t
db_wipe_user(const char *dbpath)
{
	struct flock	 fl;
	char		*path;
	int		 fd;

	xasprintf(&path, "%s-shm", dbpath);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return 0;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = DB_SHM_DMS;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) == -1 || fl.l_type == F_UNLCK)
		fl.l_pid = 0;
	else if (fl.l_pid <= 0)
		fl.l_pid = -1;	/* a holder this process cannot name: in
				   another pid namespace (a container), or
				   an open file description's lock */
	close(fd);
	return fl.l_pid;
}

/*
 * Settings for a connection about to write a lot (a fetch).  On a large
 * cold fetch a 4.5 MB page cache instead of 2 MB and a checkpoint every
 * DB_BULK_CHECKPOINT pages of WAL (160 MB at 16 KB pages) instead of 1000
 * make far fewer pread/pwrite and fdatasync calls; on a small one they
 * change nothing.  (6 MB was no faster, and took a fetch of 5,000 feeds
 * past 30 MB.)  Each time SQLite starts the WAL over it cuts the file
 * down to the size limit: 64 MB, not less, since the fetch fills it again
 * at once (cutting it to 4 MB took 60 ms, and the blocks had to be found
 * again), and no more, so that a reader that keeps the WAL from being
 * removed at close keeps no more disk than that.  Best effort: a failure
 * only costs speed.
 */
void
db_set_bulk(struct db *db)
{
	sqlite3_exec(db->sq, "PRAGMA cache_size = -4500;"
	    "PRAGMA journal_size_limit = 67108864", NULL, NULL, NULL);
	db->checkpoint = DB_BULK_CHECKPOINT;
	sqlite3_wal_autocheckpoint(db->sq, db->checkpoint);
}

/*
 * SQLite's hook after each commit to the WAL, in place of the
 * autocheckpoint: note how many frames the WAL holds, copy nothing.
 */
static int
wal_noted(void *arg, sqlite3 *sq, const char *name, int frames)
{
	struct db	*db = arg;

	(void)sq;
	(void)name;
	db->wal_frames = frames;
	return SQLITE_OK;
}

/*
 * A checkpoint thread copies the WAL back while this connection writes
 * (db_checkpointer_open()): this connection no longer does it itself at
 * commit, where the copy of the last batch and two fdatasync calls held a
 * cold fetch's every thread back for 130-180 ms each 160 MB (the store
 * thread commits, the parse thread waits for room, the network for the
 * parse thread); it only counts the WAL's frames for db_wal_frames().  In
 * its place the fetch has the WAL started over when it is large and
 * copied (fetch-store.c's wal_restart()).  With own = 1, the connection
 * checkpoints at commit again, after as many pages as it did before.
 */
void
db_wal_elsewhere(struct db *db, int own)
{
	db->wal_frames = 0;
	if (own)
		sqlite3_wal_autocheckpoint(db->sq, db->checkpoint);
	else
		sqlite3_wal_hook(db->sq, wal_noted, db);
}

/* Frames in the WAL at the last commit since db_wal_elsewhere(). */
int
db_wal_frames(struct db *db)
{
	return db->wal_frames;
}

/*
 * A second connection to the database, used only to copy the WAL into the
 * database file while the first goes on writing.  A fetch of many new
 * posts writes them all to the WAL; left to the close, the copy back (and
 * its fsync) came after the network was done, a good part of the
 * fetch's time.  A PASSIVE checkpoint takes no lock a writer or reader
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

/*
 * Copy what the WAL holds that no reader still needs; waits for no lock.
 * Returns 1 if the whole WAL is in the database now, else 0.
 */
int
db_checkpointer_run(struct db_checkpointer *cp)
{
	int	 log = -1, copied = -1;

	if (sqlite3_wal_checkpoint_v2(cp->sq, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &log, &copied) != SQLITE_OK)
		return 0;
	return log >= 0 && log == copied;	/* -1: not a WAL */
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
db_set_retention(struct db *db, int days, int posts, int unread)
{
	db->keep_days = days > 0 ? days : 0;
	db->keep_posts = posts > 0 ? posts : 0;
	db->expire_unread = unread != 0;
}

/*
 * The killfile (config ignore lines) db_store_finish() applies to the new
 * posts of a feed; borrowed: they must outlive the connection's stores.
 */
void
db_set_ignores(struct db *db, const struct config_rule *rules, size_t n)
{
	db->ignores = rules;
	db->nignores = n;
}

/*
 * For db-store.c and db-sync.c: whether the feed db_store_join() took is
 * one the sync server knows, so that only its entries look for a post the
 * sync filed under their link (an index probe a new post saved otherwise).
 */
void
db_set_store_synced(struct db *db, int synced)
{
	db->store_synced = synced;
}

int
db_store_synced(struct db *db)
{
	return db->store_synced;
}

void
db_ignores(struct db *db, const struct config_rule **rules, size_t *n)
{
	*rules = db->ignores;
	*n = db->nignores;
}

/*
 * For db-store.c: the limits db_set_retention() set, 0 for none, and
 * whether unread posts may go too.
 */
void
db_retention(struct db *db, int *days, int *posts, int *unread)
{
	*days = db->keep_days;
	*posts = db->keep_posts;
	*unread = db->expire_unread;
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
 * The row that url names as majlis shows it, with its credentials masked
 * (url_mask()): sql selects the id and the URL of every candidate.
 * Returns 0 with *id set if exactly one row's masked URL is url, 1 if
 * none is (or url has nothing masked in it), -1 if several are (which one
 * is meant only the URL with its credentials can say) or on error.
 */
int
db_find_masked(struct db *db, const char *sql, const char *url, int64_t *id)
{
	sqlite3_stmt	*stmt;
	char		*m;
	int64_t		 found = 0;
	int		 rc, n = 0;

	m = url_mask(url);
	rc = strcmp(m, url) != 0 || (strstr(url, "*:*@") == NULL &&
	    strstr(url, "=*") == NULL);
	free(m);
	if (rc)
		return 1;	/* not the masked form of anything */
	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m = url_mask((const char *)sqlite3_column_text(stmt, 1));
		if (strcmp(m, url) == 0) {
			found = sqlite3_column_int64(stmt, 0);
			n++;
		}
		free(m);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, url);
	if (n > 1)
		return db_errorf(db, _("%s: names more than one subscription; "
		    "give the URL with its user and password"), url);
	if (n == 1)
		*id = found;
	return n == 1 ? 0 : 1;
}

/*
 * For db-*.c: run a statement of an id (?1) and, if it has a ?2, a text
 * (NULL binds NULL).  what names it in an error.  Returns the rows it
 * changed, or -1.
 */
int
db_exec_id(struct db *db, const char *sql, int64_t id, const char *text,
    const char *what)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_bind_parameter_count(stmt) >= 2)
		db_bind_str(stmt, 2, text);
	if (db_step_done(db, stmt, what) == -1)
		return -1;
	return sqlite3_changes(db->sq);
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

/*
 * Bind f's values to the nameless parameters of stmt, in order, starting
 * with the first nameless one at or after index *next (updated): the '?'s
 * of the filter are the statement's only nameless parameters, wherever
 * the named ones are.
 */
void
db_filter_bind(const struct filter *f, struct sqlite3_stmt *stmt, int *next)
{
	int	 i, n = sqlite3_bind_parameter_count(stmt);
	size_t	 k = 0;

	for (i = *next; i <= n && k < f->n; i++) {
		if (sqlite3_bind_parameter_name(stmt, i) != NULL)
			continue;
		if (f->v[k].text != NULL)
			sqlite3_bind_text(stmt, i, f->v[k].text, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_int64(stmt, i, f->v[k].num);
		k++;
	}
	*next = i;
}
