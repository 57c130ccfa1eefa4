/*
 * Member lists followed (the lists and list_members tables, migration 5)
 * and the states they give a feed (feed_state()) with its activity
 * (db-river.c's db_activity_get()), which 'feeds --json' and the reader
 * show.
 * fetch-follow.c decides what a list does; this file stores and answers, and
 * needs neither the network nor libxml2 (majlis itself uses it, not only
 * the network program).
 *
 * A feed's list state comes from its member rows: it is a list's member
 * when any row names it, and it has left when every row that names it has
 * left (two lists may share a member; it stays while either names it).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db-int.h"

static int	 list_find_exact(struct db *, const char *, int64_t *);

#define DAY	(24 * 3600)

/* --- lists -------------------------------------------------------------- */

static void
list_clear(struct db_list *l)
{
	free(l->url);
	free(l->title);
	strv_free(l->tags, l->ntags);
	free(l->etag);
	free(l->last_modified);
	free(l->error);
}

void
db_list_free(struct db_list *l)
{
	if (l == NULL)
		return;
	list_clear(l);
	free(l);
}

/*
 * Call cb for each list, in the order they were followed, with its member
 * counts.  The list is borrowed; cb may call other db functions.  0 or -1.
 */
int
db_lists_foreach(struct db *db, db_list_cb cb, void *arg)
{
	struct db_list	 l;
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT l.id, l.url, l.title, l.tags,"
	    " l.etag, l.last_modified, l.last_sync, l.status, l.error,"
	    " (SELECT count(*) FROM list_members m WHERE m.list_id = l.id"
	    "  AND NOT m.left),"
	    " (SELECT count(*) FROM list_members m WHERE m.list_id = l.id"
	    "  AND m.left)"
	    " FROM lists l ORDER BY l.id")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&l, 0, sizeof l);
		l.id = sqlite3_column_int64(stmt, 0);
		l.url = db_column_str(stmt, 1);
		l.title = db_column_str(stmt, 2);
		db_split_tags((const char *)sqlite3_column_text(stmt, 3),
		    &l.tags, &l.ntags);
		l.etag = db_column_str(stmt, 4);
		l.last_modified = db_column_str(stmt, 5);
		l.last_sync = db_column_date(stmt, 6);
		l.status = sqlite3_column_int(stmt, 7);
		l.error = db_column_str(stmt, 8);
		l.members = sqlite3_column_int64(stmt, 9);
		l.left = sqlite3_column_int64(stmt, 10);
		rc = cb(&l, arg);
		list_clear(&l);
		if (rc != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, "lists");
	return 0;
}

/*
 * The list at url, or at the URL as majlis shows it (db_find_masked()):
 * 0 with *id, 1 if it is not followed, -1.
 */
int
db_list_find(struct db *db, const char *url, int64_t *id)
{
	int	 rc;

	if ((rc = list_find_exact(db, url, id)) != 1)
		return rc;
	return db_find_masked(db, "SELECT id, url FROM lists"
	    " WHERE url LIKE '%@%' OR url LIKE '%?%=%'", url, id);
}

/* The list at exactly url: 0 with *id, 1 if it is not followed, -1. */
static int
list_find_exact(struct db *db, const char *url, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = db_stmt(db, "SELECT id FROM lists WHERE url = ?")) ==
	    NULL)
		return -1;
	db_bind_str(stmt, 1, url);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_error(db, "list");
}

/*
 * The members of list id (not those subscribed by hand, which a list never
 * tags) get tags in place of the list's old ones: an old tag goes unless
 * another list of the feed gives it too.  0 or -1.
 */
static int
list_retag(struct db *db, int64_t id, char *const *tags, size_t ntags)
{
	static const char drop[] =
	    "DELETE FROM feed_tags WHERE tag_id = (SELECT t.id FROM tags t"
	    "  WHERE t.name = ?1) AND feed_id IN (SELECT m.feed_id"
	    "  FROM list_members m WHERE m.list_id = ?2 AND NOT m.by_hand)"
	    " AND NOT EXISTS (SELECT 1 FROM list_members o JOIN lists l"
	    "  ON l.id = o.list_id WHERE o.feed_id = feed_tags.feed_id"
	    "  AND o.list_id != ?2 AND instr(char(31) || coalesce(l.tags, '')"
	    "  || char(31), char(31) || ?1 || char(31)) > 0)";
	static const char add[] =
	    "INSERT OR IGNORE INTO feed_tags(feed_id, tag_id)"
	    " SELECT m.feed_id, ?1 FROM list_members m JOIN feeds f"
	    " ON f.id = m.feed_id WHERE m.list_id = ?2 AND NOT m.by_hand";
	sqlite3_stmt	*stmt;
	char		*old, *p, *t;
	size_t		 i;
	int64_t		 tid;

	if ((stmt = db_stmt(db, "SELECT coalesce(tags, '') FROM lists"
	    " WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	old = sqlite3_step(stmt) == SQLITE_ROW ? db_column_str(stmt, 0) :
	    xstrdup("");
	sqlite3_reset(stmt);
	for (p = old; (t = strsep(&p, "\x1f")) != NULL;) {
		for (i = 0; i < ntags && strcmp(tags[i], t) != 0; i++)
			continue;
		if (*t == '\0' || i < ntags)
			continue;
		if ((stmt = db_stmt(db, drop)) == NULL)
			goto fail;
		db_bind_str(stmt, 1, t);
		sqlite3_bind_int64(stmt, 2, id);
		if (db_step_done(db, stmt, "list") == -1)
			goto fail;
	}
	free(old);
	for (i = 0; i < ntags; i++) {
		if (db_tag_id(db, tags[i], 1, &tid) == -1 ||
		    (stmt = db_stmt(db, add)) == NULL)
			return -1;
		sqlite3_bind_int64(stmt, 1, tid);
		sqlite3_bind_int64(stmt, 2, id);
		if (db_step_done(db, stmt, "list") == -1)
			return -1;
	}
	return 0;
fail:
	free(old);
	return -1;
}

/*
 * Follow the list at url with these tags (valid ones: the caller checks).
 * Returns 0 if it is new, 1 if it was followed already (its tags are then
 * replaced by these, if any are given, on its members' feeds too), -1.
 * *id gets its id.
 */
int
db_list_add(struct db *db, const char *url, char *const *tags, size_t ntags,
    int64_t *id)
{
	sqlite3_stmt	*stmt;
	struct buf	 b;
	size_t		 i;
	int		 rc;

	buf_init(&b);
	for (i = 0; i < ntags; i++) {
		if (i > 0)
			buf_addc(&b, 0x1f);
		buf_adds(&b, tags[i]);
	}
	if ((rc = list_find_exact(db, url, id)) == -1)
		goto out;
	if (rc == 0) {
		rc = 1;
		if (ntags == 0)
			goto out;
		/* The list's tags and its members' change together. */
		if (db_begin(db) == -1) {
			rc = -1;
			goto out;
		}
		stmt = NULL;
		if (list_retag(db, *id, tags, ntags) == -1 ||
		    (stmt = db_stmt(db, "UPDATE lists SET tags = ? WHERE"
		    " id = ?")) == NULL) {
			db_rollback(db);
			rc = -1;
			goto out;
		}
		db_bind_str(stmt, 1, buf_str(&b));
		sqlite3_bind_int64(stmt, 2, *id);
		if (db_step_done(db, stmt, "list") == -1) {
			db_rollback(db);
			rc = -1;
		} else if (db_commit(db) == -1)
			rc = -1;
		goto out;
	}
	if ((stmt = db_stmt(db, "INSERT INTO lists (url, tags, added)"
	    " VALUES (?, ?, ?)")) == NULL) {
		rc = -1;
		goto out;
	}
	db_bind_str(stmt, 1, url);
	db_bind_str(stmt, 2, ntags > 0 ? buf_str(&b) : NULL);
	sqlite3_bind_int64(stmt, 3, (int64_t)time(NULL));
	if (db_step_done(db, stmt, "list") == -1)
		rc = -1;
	else {
		*id = sqlite3_last_insert_rowid(db_handle(db));
		rc = 0;
	}
out:
	buf_free(&b);
	return rc;
}

/* Forget a list; its members' feeds stay, as ordinary feeds.  0 or -1. */
int
db_list_remove(struct db *db, int64_t id)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "DELETE FROM lists WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return db_step_done(db, stmt, "list");
}

/*
 * Record a sync.  Applied (no error): last_sync, status, the validators
 * (if the result has any: a 304 has none, and keeps the old ones) and the
 * title.  Not applied: status and error only, so that the last good list
 * and its validators stay, and the next sync asks for the list again.
 */
int
db_list_set_result(struct db *db, int64_t id, const struct db_list_result *r)
{
	sqlite3_stmt	*stmt;

	if (r->error != NULL) {
		if ((stmt = db_stmt(db, "UPDATE lists SET status = ?,"
		    " error = ? WHERE id = ?")) == NULL)
			return -1;
		sqlite3_bind_int(stmt, 1, r->status);
		db_bind_str(stmt, 2, r->error);
		sqlite3_bind_int64(stmt, 3, id);
		return db_step_done(db, stmt, "list");
	}
	if ((stmt = db_stmt(db, "UPDATE lists SET status = ?1, error = NULL,"
	    " last_sync = ?2,"
	    " etag = CASE WHEN ?1 = 304 THEN etag ELSE ?3 END,"
	    " last_modified = CASE WHEN ?1 = 304 THEN last_modified"
	    "  ELSE ?4 END,"
	    " title = coalesce(?5, title) WHERE id = ?6")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, r->status);
	sqlite3_bind_int64(stmt, 2, r->time);
	db_bind_str(stmt, 3, r->etag);
	db_bind_str(stmt, 4, r->last_modified);
	db_bind_str(stmt, 5, r->title);
	sqlite3_bind_int64(stmt, 6, id);
	return db_step_done(db, stmt, "list");
}

/* --- members ------------------------------------------------------------ */

void
db_members_free(struct db_member *m, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(m[i].url);
		free(m[i].feed_url);
	}
	free(m);
}

/*
 * Every member of the list, sorted by the list's URL for it (bytewise, as
 * strcmp), with its feed's current URL.  A heap array: db_members_free().
 */
int
db_members_get(struct db *db, int64_t list, struct db_member **mp,
    size_t *np)
{
	struct db_member	*m = NULL;
	sqlite3_stmt		*stmt;
	size_t			 n = 0;
	int			 rc;

	*mp = NULL;
	*np = 0;
	if ((stmt = db_stmt(db, "SELECT m.url, m.feed_id, f.url,"
	    " coalesce(f.subscribed, 0), m.left FROM list_members m"
	    " LEFT JOIN feeds f ON f.id = m.feed_id"
	    " WHERE m.list_id = ? ORDER BY m.url")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, list);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		m = xreallocarray(m, n + 1, sizeof *m);
		m[n].url = db_column_str(stmt, 0);
		m[n].feed_id = sqlite3_column_int64(stmt, 1);
		m[n].feed_url = db_column_str(stmt, 2);
		m[n].subscribed = sqlite3_column_int(stmt, 3);
		m[n].left = sqlite3_column_int(stmt, 4);
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		db_members_free(m, n);
		return db_error(db, "members");
	}
	*mp = m;
	*np = n;
	return 0;
}

/* A new member, its backlog to be marked read after its first fetch. */
int
db_member_add(struct db *db, int64_t list, const char *url, int64_t feed,
    int by_hand)
{
	sqlite3_stmt	*stmt;

	/*
	 * The user's own subscription's posts are not a backlog to mark.
	 * The backlog's time is time()'s, as the fetch's last_fetch it is
	 * compared with: SQLite's 'now' reads another clock, which can be a
	 * second ahead of time() just after a second begins.
	 */
	if ((stmt = db_stmt(db, "INSERT INTO list_members"
	    " (list_id, url, feed_id, backlog, by_hand)"
	    " VALUES (?1, ?2, ?3, CASE WHEN ?4 THEN NULL ELSE ?5 END, ?4)"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, list);
	db_bind_str(stmt, 2, url);
	sqlite3_bind_int64(stmt, 3, feed);
	sqlite3_bind_int(stmt, 4, by_hand);
	sqlite3_bind_int64(stmt, 5, (int64_t)time(NULL));
	return db_step_done(db, stmt, "member");
}

/*
 * A member leaves (left 1) or comes back (0: its backlog, what it wrote
 * while it was away, is marked as a new member's is).
 */
int
db_member_set_left(struct db *db, int64_t list, const char *url, int left,
    int64_t now)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE list_members SET left = ?1,"
	    " backlog = CASE WHEN ?1 THEN backlog ELSE ?2 END"
	    " WHERE list_id = ?3 AND url = ?4")) == NULL)
		return -1;
	sqlite3_bind_int(stmt, 1, left);
	sqlite3_bind_int64(stmt, 2, now);
	sqlite3_bind_int64(stmt, 3, list);
	db_bind_str(stmt, 4, url);
	return db_step_done(db, stmt, "member");
}

/* The list now names a member by another URL (the feed's own, moved). */
int
db_member_rename(struct db *db, int64_t list, const char *from,
    const char *to)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "UPDATE list_members SET url = ?1, left = 0"
	    " WHERE list_id = ?2 AND url = ?3")) == NULL)
		return -1;
	db_bind_str(stmt, 1, to);
	sqlite3_bind_int64(stmt, 2, list);
	db_bind_str(stmt, 3, from);
	return db_step_done(db, stmt, "member");
}

/* Does any list name this feed?  0 yes, 1 no (subscribed by hand), -1. */
int
db_feed_is_member(struct db *db, int64_t feed)
{
	return db_row_exists(db, "SELECT 1 FROM list_members"
	    " WHERE feed_id = ?", feed, "member");
}

/*
 * The ids of the subscribed feeds every list that named them has left
 * (not to be fetched), ascending: a heap array.  A feed the user had
 * subscribed by hand before a list named it is fetched still.  0 or -1.
 */
int
db_feeds_left(struct db *db, int64_t **idsp, size_t *np)
{
	sqlite3_stmt	*stmt;
	int64_t		*ids = NULL;
	size_t		 n = 0;
	int		 rc;

	*idsp = NULL;
	*np = 0;
	if ((stmt = db_stmt(db, "SELECT m.feed_id FROM list_members m"
	    " JOIN feeds f ON f.id = m.feed_id WHERE f.subscribed"
	    " GROUP BY m.feed_id HAVING min(m.left) = 1 AND max(m.by_hand) = 0"
	    " ORDER BY m.feed_id")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(ids);
		return db_error(db, "members");
	}
	*idsp = ids;
	*np = n;
	return 0;
}

/*
 * Members that joined (or came back) at time B and whose feed has been
 * fetched well since: their posts first seen since B and dated before
 * cutoff are marked read, and B is cleared.  A member whose fetch failed
 * keeps B for the next one.  One transaction.  0 or -1.
 */
int
db_backlog_apply(struct db *db, int64_t cutoff)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/* Nothing to do is the common case, and must cost no write. */
	if ((rc = db_row_exists(db, "SELECT 1 FROM list_members"
	    " WHERE backlog IS NOT NULL AND ?1 = ?1 LIMIT 1", 0,
	    "backlog")) != 0)
		return rc == 1 ? 0 : -1;
	if (db_begin(db) == -1)
		return -1;
	if ((stmt = db_stmt(db, "UPDATE posts SET read = 1"
	    " WHERE read = 0 AND sort_time < ?1 AND feed_id IN"
	    "  (SELECT m.feed_id FROM list_members m JOIN feeds f"
	    "   ON f.id = m.feed_id WHERE m.backlog IS NOT NULL"
	    "   AND f.last_fetch >= m.backlog AND f.error IS NULL)"
	    " AND first_seen >= (SELECT min(m.backlog) FROM list_members m"
	    "  WHERE m.feed_id = posts.feed_id)")) == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, cutoff);
	if (db_step_done(db, stmt, "backlog") == -1)
		goto fail;
	if ((stmt = db_stmt(db, "UPDATE list_members SET backlog = NULL"
	    " WHERE backlog IS NOT NULL AND feed_id IN"
	    "  (SELECT f.id FROM feeds f WHERE f.id = list_members.feed_id"
	    "   AND f.last_fetch >= list_members.backlog"
	    "   AND f.error IS NULL)")) == NULL)
		goto fail;
	if (db_step_done(db, stmt, "backlog") == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* --- states (no SQL: what the rows above mean) ----------------------------- */

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Is id in ids (ascending, as db_feeds_left() gives them)? */
int
follow_left(const int64_t *ids, size_t n, int64_t id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof *ids, id_cmp) != NULL;
}

/*
 * A feed's state (a may be NULL: no activity known), by precedence: the
 * user disabled it; its list dropped it; its last fetch failed; nothing
 * new for quiet_days (0: never quiet) since it was first fetched well.
 */
enum feed_state
feed_state(const struct db_feed *f, const struct db_activity *a, int64_t now,
    int quiet_days)
{
	if (f->disabled)
		return FEED_DISABLED;
	if (a != NULL && a->list != NULL && a->left)
		return FEED_LEFT;
	if (f->error != NULL || f->failures > 0)
		return FEED_FAILING;
	if (quiet_days > 0 && f->last_fetch != DATE_NONE && (a == NULL ||
	    a->last_post == DATE_NONE ||
	    a->last_post < now - (int64_t)quiet_days * DAY))
		return FEED_QUIET;
	return FEED_OK;
}

const char *
feed_state_name(enum feed_state s)
{
	static const char *const names[] = {
		"ok", "quiet", "failing", "left", "disabled"
	};

	return names[s];
}
