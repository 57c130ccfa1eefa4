/*
 * Tags: one table of names, linked to posts (post_tags) and to feeds
 * (feed_tags).  A tag is the user's word, in any script; we only insist
 * that it is valid UTF-8, not empty and free of characters that would
 * corrupt a terminal or the one-line-per-item output.  Names are compared
 * exactly (after trimming), so "News" and "news" are two tags.
 *
 * Tag lists travel inside a query row as one string joined with the unit
 * separator (0x1f), which a valid tag cannot contain; db_split_tags()
 * turns that into a sorted array.
 */
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

/* Is name usable as a tag? */
int
db_tag_valid(const char *name)
{
	uint32_t	 c;
	size_t		 i, n, len;

	if (name == NULL || (len = strlen(name)) == 0)
		return 0;
	if (!utf8_valid(name, len))
		return 0;
	if (name[0] == ' ' || name[len - 1] == ' ')
		return 0;
	for (i = 0; i < len; i += n) {
		n = utf8_decode(name + i, len - i, &c);
		if (c < 0x20 || text_is_unsafe(c))
			return 0;
	}
	return 1;
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Split a 0x1f-joined list (NULL: none) into a sorted heap array of heap
 * strings; *tags is NULL when there are none.
 */
void
db_split_tags(const char *joined, char ***tags, size_t *ntags)
{
	const char	*p, *end;

	*tags = NULL;
	*ntags = 0;
	if (joined == NULL || *joined == '\0')
		return;
	for (p = joined;; p = end + 1) {
		if ((end = strchr(p, 0x1f)) == NULL)
			end = p + strlen(p);
		*tags = xreallocarray(*tags, *ntags + 1, sizeof **tags);
		(*tags)[(*ntags)++] = xstrndup(p, end - p);
		if (*end == '\0')
			break;
	}
	qsort(*tags, *ntags, sizeof **tags, tag_cmp);
}

/*
 * The id of tag name, created if create is set.  Returns 0 with *id set, 1
 * if the tag does not exist (and !create), -1 on error.
 */
int
db_tag_id(struct db *db, const char *name, int create, int64_t *id)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (create) {
		if ((stmt = db_stmt(db, "INSERT OR IGNORE INTO tags(name)"
		    " VALUES (?)")) == NULL)
			return -1;
		db_bind_str(stmt, 1, name);
		if (db_step_done(db, stmt, "tag") == -1)
			return -1;
	}
	if ((stmt = db_stmt(db, "SELECT id FROM tags WHERE name = ?")) == NULL)
		return -1;
	db_bind_str(stmt, 1, name);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		return 0;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, "tag");
	return 1;
}

/*
 * Tag a post.  Returns 0 (also when it already had the tag), 1 if there is
 * no such post, -1 on error (an invalid name is an error too).
 */
int
db_post_tag(struct db *db, int64_t post, const char *name)
{
	int		 rc;

	if (!db_tag_valid(name)) {
		return db_errorf(db, _("%s: not a valid tag"), name);
	}
	if ((rc = db_post_exists(db, post)) != 0)
		return rc;
	return db_tag_attach(db, "INSERT OR IGNORE INTO post_tags(post_id,"
	    " tag_id) VALUES (?, ?)", post, name, "tag");
}

/*
 * Give the row id (a post or a feed) the tag called name, creating the
 * tag if need be: sql inserts the (id, tag id) pair into post_tags or
 * feed_tags, ignoring a pair already there; what names the step in an
 * error.  One transaction.  Returns 0 or -1.
 */
int
db_tag_attach(struct db *db, const char *sql, int64_t id, const char *name,
    const char *what)
{
	sqlite3_stmt	*stmt;
	int64_t		 tag;

	if (db_begin(db) == -1)
		return -1;
	if (db_tag_id(db, name, 1, &tag) != 0)
		goto fail;
	if ((stmt = db_stmt(db, sql)) == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, tag);
	if (db_step_done(db, stmt, what) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * Remove a tag from a post; a tag left on nothing is deleted.  Returns 0
 * (also when the post did not have it), 1 if there is no such post, -1.
 */
int
db_post_untag(struct db *db, int64_t post, const char *name)
{
	sqlite3_stmt	*stmt;
	int64_t		 tag;
	int		 rc;

	if ((rc = db_post_exists(db, post)) != 0)
		return rc;
	if ((rc = db_tag_id(db, name, 0, &tag)) != 0)
		return rc == 1 ? 0 : -1;
	if (db_begin(db) == -1)
		return -1;
	if ((stmt = db_stmt(db, "DELETE FROM post_tags WHERE post_id = ?"
	    " AND tag_id = ?")) == NULL)
		goto fail;
	sqlite3_bind_int64(stmt, 1, post);
	sqlite3_bind_int64(stmt, 2, tag);
	if (db_step_done(db, stmt, "untag") == -1)
		goto fail;
	if (db_tag_gc(db, tag) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* Delete tag if no post and no feed carries it any more. */
int
db_tag_gc(struct db *db, int64_t tag)
{
	sqlite3_stmt	*stmt;

	if ((stmt = db_stmt(db, "DELETE FROM tags WHERE id = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM post_tags WHERE tag_id = ?1)"
	    " AND NOT EXISTS (SELECT 1 FROM feed_tags WHERE tag_id = ?1)"))
	    == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, tag);
	return db_step_done(db, stmt, "tag");
}

/*
 * Call cb(name, posts, feeds, arg) for every tag, by name: posts is the
 * number of posts the tag lists (tagged so, or in a feed tagged so), feeds
 * the number of feeds tagged so.  Each count comes from the (tag_id, ...)
 * and (feed_id, ...) indexes.  A non-zero return from cb stops.
 */
int
db_tags_foreach(struct db *db, db_tag_cb cb, void *arg)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	/*
	 * The posts a tag lists (db-query.c): those of its feeds, and those
	 * tagged themselves in other feeds; each counted once.
	 */
	if ((stmt = db_stmt(db, "SELECT t.name,"
	    " (SELECT count(*) FROM posts WHERE feed_id IN"
	    "   (SELECT feed_id FROM feed_tags WHERE tag_id = t.id))"
	    " + (SELECT count(*) FROM post_tags pt"
	    "   JOIN posts p ON p.id = pt.post_id WHERE pt.tag_id = t.id"
	    "   AND p.feed_id NOT IN"
	    "   (SELECT feed_id FROM feed_tags WHERE tag_id = t.id)),"
	    " (SELECT count(*) FROM feed_tags WHERE tag_id = t.id)"
	    " FROM tags t ORDER BY t.name")) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (cb((const char *)sqlite3_column_text(stmt, 0),
		    sqlite3_column_int64(stmt, 1),
		    sqlite3_column_int64(stmt, 2), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return db_error(db, "tags");
	return 0;
}

/*
 * Tag a post (post != 0) or a feed (else feed) with add[0..nadd) and take
 * del[0..ndel) away, in that order, all or none: one transaction, so that
 * a tag line, an undo or a command never leaves half its tags.  Returns 0,
 * 1 if there is no such post or feed, -1 on error (an invalid name too);
 * on 1 and -1 nothing changed.
 */
int
db_tags_apply(struct db *db, int64_t post, int64_t feed, char *const *add,
    size_t nadd, char *const *del, size_t ndel)
{
	size_t	 i;
	int	 rc = 0;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < nadd && rc == 0; i++)
		rc = post != 0 ? db_post_tag(db, post, add[i]) :
		    db_feed_tag(db, feed, add[i]);
	for (i = 0; i < ndel && rc == 0; i++)
		rc = post != 0 ? db_post_untag(db, post, del[i]) :
		    db_feed_untag(db, feed, del[i]);
	if (rc != 0) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}
