/*
 * The river's queries (cmd-river.c) and the feeds' activity: the newest
 * post and the posts per week of each, which the river's member list,
 * 'feeds --json' and the reader's feed list show.
 *
 * A river page must cost what it shows, not what the cache holds, so every
 * query here walks an index from the newest end and stops:
 *   1. db_river_posts() takes each published feed's entries since the
 *      river's first day from posts_feed_time_read (feed_id, sort_time
 *      DESC, id DESC, read), which covers what it needs, so no post row
 *      is read yet, and keeps per_feed of each (a window); the posts tagged
 *      so come from post_tags_tag.  Only the limit posts that survive the
 *      per-feed cap and the sort are then read whole, by rowid.
 *   2. db_activity_get() reads the same index, in one statement for all
 *      feeds: one entry for the newest post of each, and the entries of
 *      its last DB_WEEKS weeks for the counts.
 * tests/integration/river.sh checks both plans with EXPLAIN QUERY PLAN.
 */
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

void
db_activity_free(struct db_activity *a, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(a[i].list);
	free(a);
}

static int
activity_cmp(const void *key, const void *elt)
{
	int64_t	 id = *(const int64_t *)key;
	int64_t	 other = ((const struct db_activity *)elt)->feed_id;

	return id < other ? -1 : id > other;
}

/* The entry of feed id in a (sorted by id), or NULL. */
const struct db_activity *
db_activity_find(const struct db_activity *a, size_t n, int64_t id)
{
	if (n == 0)
		return NULL;
	return bsearch(&id, a, n, sizeof *a, activity_cmp);
}

/*
 * The posts of feed a.id in week i before ?1 (?2 is a week), the newest
 * week (0) open-ended, for a post stored as the clock moved.  Each is a
 * range of the covering index posts_feed_time_read, and the twelve ranges
 * do not overlap, so the index entries of the last twelve weeks are each
 * counted once; a week older than the feed's newest post is not looked
 * up at all.  (A bound that is not a plain comparison, such as "(?3 OR
 * sort_time <= ...)", is no range: each count then walks every newer
 * post.)  Measured on 100,000 posts in 1000 feeds, best of 7: 21 ms with
 * every post within the twelve weeks, 4 ms with none, against 109 ms for
 * one GROUP BY (feed, week), which sorts every row in a temporary B-tree
 * (and holds 4 MB more).
 */
#define WEEK_COUNT_NEWEST						\
	", CASE WHEN a.last > ?1 - ?2 THEN"				\
	" (SELECT count(*) FROM posts p WHERE p.feed_id = a.id"		\
	"  AND p.sort_time > ?1 - ?2) ELSE 0 END"
#define WEEK_COUNT(i)							\
	", CASE WHEN a.last > ?1 - (" #i " + 1) * ?2 THEN"		\
	" (SELECT count(*) FROM posts p WHERE p.feed_id = a.id"		\
	"  AND p.sort_time > ?1 - (" #i " + 1) * ?2"			\
	"  AND p.sort_time <= ?1 - " #i " * ?2) ELSE 0 END"
_Static_assert(DB_WEEKS == 12, "db_activity_get() counts weeks 0 to 11");

/*
 * Every subscribed feed's activity as of now (UTC seconds): a heap array
 * sorted by feed id, db_activity_free().  One statement: the newest post's
 * id and time are a seek each per feed in posts_feed_time_read, computed
 * once in a subquery that OFFSET keeps from being flattened into the
 * outer one (which would compute it again for each week; MATERIALIZED
 * needs SQLite 3.35), then WEEK_COUNT's ranges in the same index.  0 or -1.
 */
int
db_activity_get(struct db *db, int64_t now, struct db_activity **ap,
    size_t *np)
{
	struct db_activity	*a = NULL, *x;
	sqlite3_stmt		*stmt;
	size_t			 n = 0;
	int			 i, rc;

	*ap = NULL;
	*np = 0;
	if ((stmt = db_stmt(db, "SELECT a.id, a.last_id, a.last,"
	    " (SELECT l.url FROM list_members m JOIN lists l"
	    "  ON l.id = m.list_id WHERE m.feed_id = a.id"
	    "  ORDER BY m.left, l.id LIMIT 1),"
	    " (SELECT min(m.left) FROM list_members m WHERE m.feed_id = a.id)"
	    WEEK_COUNT_NEWEST WEEK_COUNT(1) WEEK_COUNT(2) WEEK_COUNT(3)
	    WEEK_COUNT(4) WEEK_COUNT(5) WEEK_COUNT(6) WEEK_COUNT(7)
	    WEEK_COUNT(8) WEEK_COUNT(9) WEEK_COUNT(10) WEEK_COUNT(11)
	    " FROM (SELECT f.id,"
	    "  (SELECT p.id FROM posts p WHERE p.feed_id = f.id"
	    "   ORDER BY p.sort_time DESC, p.id DESC LIMIT 1) AS last_id,"
	    "  (SELECT max(p.sort_time) FROM posts p WHERE p.feed_id = f.id)"
	    "  AS last FROM feeds f WHERE f.subscribed ORDER BY f.id"
	    "  LIMIT -1 OFFSET 0) a")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, now);
	sqlite3_bind_int64(stmt, 2, DB_WEEK);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((n & (n - 1)) == 0)
			a = xreallocarray(a, n ? n * 2 : 1, sizeof *a);
		x = &a[n++];
		memset(x, 0, sizeof *x);
		x->feed_id = sqlite3_column_int64(stmt, 0);
		x->last_id = sqlite3_column_int64(stmt, 1);
		x->last_post = db_column_date(stmt, 2);
		x->list = db_column_str(stmt, 3);
		x->left = sqlite3_column_int(stmt, 4);
		for (i = 0; i < DB_WEEKS; i++)
			x->weekly[DB_WEEKS - 1 - i] =
			    sqlite3_column_int64(stmt, 5 + i);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		goto fail;
	*ap = a;
	*np = n;
	return 0;
fail:
	db_activity_free(a, n);
	return db_error(db, "activity");
}

int
db_post_headline(struct db *db, int64_t id, char **title, char **link)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*title = *link = NULL;
	if ((stmt = db_stmt(db, "SELECT title, link FROM posts"
	    " WHERE id = ?")) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*title = db_column_str(stmt, 0);
		*link = db_column_str(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "post");
	return rc == SQLITE_ROW ? 0 : 1;
}

/*
 * The river's SQL (point 1 above).  cand: each published feed's posts
 * since :since, from the covering index alone (the feeds first, kept from
 * being flattened by OFFSET; a correlated "p.id IN (... LIMIT :per)" let
 * the planner scan the posts whole for each feed once the cache had
 * statistics on the member lists) and
 * the posts tagged so; ranked/top: the per-feed cap again (a feed's tagged
 * posts came from outside its own first per_feed), the sort and the limit;
 * then the rows of those.
 */
/*
 * Is feed f one the river publishes (struct db_river_query's set)?  :set
 * is the RIVER_* number, :list a list's URL, :tag a tag's id (-1: none
 * such) and :tagname its name, which a list followed with that tag has
 * among its tags (joined by char(31), db-list.c).  A member that every
 * list has left is no longer one.
 */
#define RIVER_MEMBER							\
	"(:set = 3"							\
	" OR (:set = 2 AND EXISTS (SELECT 1 FROM feed_tags ft"		\
	"  WHERE ft.feed_id = f.id AND ft.tag_id = :tag))"		\
	" OR EXISTS (SELECT 1 FROM list_members m JOIN lists l"		\
	"  ON l.id = m.list_id WHERE m.feed_id = f.id AND NOT m.left"	\
	"  AND (:set = 0 OR (:set = 1 AND l.url = :list)"		\
	"  OR (:set = 2 AND instr(char(31) || coalesce(l.tags, '')"	\
	"  || char(31), char(31) || :tagname || char(31)) > 0))))"
_Static_assert(RIVER_LISTS == 0 && RIVER_LIST == 1 && RIVER_TAG == 2 &&
    RIVER_ALL == 3, "RIVER_MEMBER's numbers");

static const char river_sql[] =
	"WITH cand(id, feed_id, sort_time) AS ("
	"  SELECT q.id, q.feed_id, q.sort_time FROM (SELECT f.id FROM feeds f"
	"    WHERE f.subscribed AND " RIVER_MEMBER " LIMIT -1 OFFSET 0) f"
	"  CROSS JOIN posts q ON q.feed_id = f.id AND q.sort_time >= :since"
	"  UNION"
	"  SELECT p.id, p.feed_id, p.sort_time FROM post_tags pt"
	"  JOIN posts p ON p.id = pt.post_id"
	"  JOIN feeds f ON f.id = p.feed_id"
	"  WHERE pt.tag_id = :tag AND p.sort_time >= :since"
	"  AND f.subscribed),"
	" ranked(id, sort_time, n) AS ("
	"  SELECT id, sort_time, row_number() OVER (PARTITION BY feed_id"
	"    ORDER BY sort_time DESC, id DESC) FROM cand),"
	" top(id, sort_time) AS ("
	"  SELECT id, sort_time FROM ranked WHERE n <= :per"
	"  ORDER BY sort_time DESC, id DESC LIMIT :limit)"
	" SELECT p.id, p.feed_id, p.key, p.link, p.title, p.author,"
	"  coalesce(nullif(b.content, ''), b.summary), p.lang, b.base,"
	"  p.published, p.updated, p.first_seen, p.sort_time"
	" FROM top JOIN posts p ON p.id = top.id"
	" LEFT JOIN bodies b ON b.post_id = p.id"
	" ORDER BY top.sort_time DESC, top.id DESC";

static const char *
column_text(sqlite3_stmt *stmt, int i)
{
	return (const char *)sqlite3_column_text(stmt, i);
}

/* Bind q's set (RIVER_MEMBER's parameters) to stmt: 0, or -1. */
static int
river_bind(struct db *db, sqlite3_stmt *stmt, const struct db_river_query *q)
{
	int64_t	 tag = -1;
	int	 rc;

	if (q->set == RIVER_TAG && q->tag != NULL &&
	    (rc = db_tag_id(db, q->tag, 0, &tag)) != 0) {
		if (rc == -1)
			return -1;
		tag = -1;
	}
	sqlite3_bind_int(stmt, sqlite3_bind_parameter_index(stmt, ":set"),
	    q->set);
	sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":list"),
	    q->list, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":tag"),
	    tag);
	sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt,
	    ":tagname"), q->tag, -1, SQLITE_STATIC);
	return 0;
}

/*
 * The ids of the feeds q's set publishes, ascending: a heap array in *ids
 * (free()), *n of them.  0, or -1.
 */
int
db_river_members(struct db *db, const struct db_river_query *q,
    int64_t **ids, size_t *n)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((stmt = db_stmt(db, "SELECT f.id FROM feeds f WHERE f.subscribed"
	    " AND " RIVER_MEMBER " ORDER BY f.id")) == NULL)
		return -1;
	if (river_bind(db, stmt, q) == -1) {
		sqlite3_reset(stmt);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if ((*n & (*n - 1)) == 0)
			*ids = xreallocarray(*ids, *n ? *n * 2 : 1,
			    sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_error(db, "river");
	}
	return 0;
}

int64_t
db_river_posts(struct db *db, const struct db_river_query *q,
    db_river_cb cb, void *arg)
{
	struct db_river_post	 p;
	sqlite3_stmt		*stmt;
	int64_t			 n = 0;
	int			 rc;

	if ((stmt = db_stmt(db, river_sql)) == NULL)
		return -1;
	if (river_bind(db, stmt, q) == -1) {
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":since"),
	    q->since);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":per"),
	    q->per_feed);
	sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, ":limit"),
	    q->limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.id = sqlite3_column_int64(stmt, 0);
		p.feed_id = sqlite3_column_int64(stmt, 1);
		p.key = column_text(stmt, 2);
		p.link = column_text(stmt, 3);
		p.title = column_text(stmt, 4);
		p.author = column_text(stmt, 5);
		p.html = column_text(stmt, 6);
		p.lang = column_text(stmt, 7);
		p.base = column_text(stmt, 8);
		p.published = db_column_date(stmt, 9);
		p.updated = db_column_date(stmt, 10);
		p.first_seen = sqlite3_column_int64(stmt, 11);
		p.sort_time = sqlite3_column_int64(stmt, 12);
		n++;
		if (cb(&p, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(stmt);
		return db_error(db, "river");
	}
	sqlite3_reset(stmt);
	return n;
}
