/*
 * sync-miniflux.c: Miniflux's REST API (sync-server = miniflux), sync-url
 * being the server's root (https://HOST; the calls are under /v1).  The
 * password is an API key of the user's (Settings, API Keys), sent as
 * X-Auth-Token; sync-login is not used.
 *
 *   login  GET /v1/me: 401 is a key the server refuses;
 *   push   PUT /v1/entries {"entry_ids": [...], "status": "read"|"unread"};
 *          the starred tag as the entry's bookmark, which Miniflux can only
 *          toggle (PUT /v1/entries/ID/bookmark), so the entry is read
 *          first and toggled only when it differs: sent twice after a
 *          crash, it still ends as the user left it.  Miniflux has no
 *          labels: other tags stay here alone;
 *   feeds  POST /v1/feeds {"feed_url", "category_id"}, the category the
 *          one of the folder's title (GET /v1/categories), made if there
 *          is none (POST /v1/categories {"title"}); DELETE /v1/feeds/ID;
 *          a move, PUT /v1/feeds/ID {"category_id"};
 *          each only when /v1/feeds shows it not done yet, as Miniflux
 *          answers 400 to a feed it has already;
 *   pull   /v1/feeds (their categories as tags), the entries after the
 *          last one stored (after_entry_id, oldest first, a page a
 *          transaction with the cursor), then the entries whose state
 *          changed since the last pull began (changed_after), their
 *          status and bookmark.
 * sync_state keys: mf_after (the last entry id stored), mf_changed (when
 * the last state pull began).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

#define MF_PAGE		100	/* entries a page */
#define MF_BATCH	100	/* ids a status change */


static int
mf_login(struct sync *s)
{
	struct buf	 body;
	long		 status;

	xasprintf(&s->auth, "X-Auth-Token: %s", s->password);
	buf_init(&body);
	status = sync_http(s, "/v1/me", NULL, &body);
	buf_free(&body);
	if (status == 200)
		return 0;
	if (status == 401 || status == 403)
		warnx_(_("sync: %s: the server refused the login of %s"),
		    s->cfg->sync_url, s->cfg->sync_login != NULL ?
		    s->cfg->sync_login : "-");
	else if (status != -1)
		sync_bad_answer(s, "/v1/me", status);
	return 1;
}

/* PUT the read flag of changes c[0..n), all of the same value. */
static int
mf_status(struct sync *s, const struct db_sync_change *c, size_t n)
{
	struct buf	 data, body;
	size_t		 i;
	long		 status;
	int		 rc = 1;

	buf_init(&data);
	buf_init(&body);
	buf_adds(&data, "{\"entry_ids\": [");
	for (i = 0; i < n; i++)
		buf_addf(&data, "%s%lld", i > 0 ? ", " : "",
		    strtoll(c[i].sync_id, NULL, 10));
	buf_addf(&data, "], \"status\": \"%s\"}", c[0].value ? "read" :
	    "unread");
	status = sync_request(s, "PUT", "/v1/entries", "application/json",
	    buf_str(&data), &body);
	if (status == 204 || status == 200)
		rc = sync_acked(s, c, n) == -1 ? -1 : 0;
	else
		rc = sync_refused(s, c, n, "PUT /v1/entries", status);
	buf_free(&data);
	buf_free(&body);
	return rc;
}

/*
 * Star or unstar one entry as the change says: 0, 1, -1.  The bookmark
 * call only toggles, so the entry is read first: a change sent before a
 * crash is not undone by sending it again.
 */
static int
mf_star(struct sync *s, const struct db_sync_change *c)
{
	struct buf		 body;
	struct jval		*v;
	const struct jval	*st;
	char			*path;
	long			 status;
	int			 starred;

	xasprintf(&path, "/v1/entries/%lld", strtoll(c->sync_id, NULL, 10));
	v = sync_get_json_status(s, path, "/v1/entries/ID", &status);
	free(path);
	if (status != 200)
		return sync_refused(s, c, 1, "/v1/entries/ID", status);
	if (v == NULL)
		return 1;
	st = jval_get(v, "starred");
	starred = st != NULL && st->type == JVAL_TRUE;
	jval_free(v);
	if (starred != c->value) {
		buf_init(&body);
		xasprintf(&path, "/v1/entries/%lld/bookmark",
		    strtoll(c->sync_id, NULL, 10));
		status = sync_request(s, "PUT", path, NULL, NULL, &body);
		free(path);
		buf_free(&body);
		if (status != 204 && status != 200)
			return sync_refused(s, c, 1, "bookmark", status);
	}
	return sync_acked(s, c, 1) == -1 ? -1 : 0;
}

static int
mf_push(struct sync *s, const struct db_sync_change *c, size_t n)
{
	const char	*star = s->cfg->sync_starred_tag;
	size_t		 i, j;
	int		 rc;

	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (strcmp(c[i].what, "read") == 0) {
			for (; j < n && j - i < MF_BATCH &&
			    strcmp(c[j].what, "read") == 0 &&
			    c[j].value == c[i].value; j++)
				;
			rc = mf_status(s, c + i, j - i);
		} else if (star != NULL && strncmp(c[i].what, "tag:", 4) == 0 &&
		    strcmp(c[i].what + 4, star) == 0)
			rc = mf_star(s, c + i);
		else	/* a label: Miniflux has none, nothing to send */
			rc = sync_acked(s, c + i, 1);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * The id of the category titled title, made if there is none: a heap
 * string, or NULL (said why).
 */
static char *
mf_category(struct sync *s, const char *title)
{
	struct buf	 body;
	struct jval	*v;
	char		*q, *data, *id = NULL;
	const char	*t;
	size_t		 i;
	long		 status;

	if ((v = sync_get_json(s, "/v1/categories", "/v1/categories")) == NULL)
		return NULL;
	for (i = 0; v->type == JVAL_ARRAY && i < v->n && id == NULL; i++) {
		if ((t = jval_str(v->v[i], "title")) != NULL &&
		    strcmp(t, title) == 0 && jval_str(v->v[i], "id") != NULL)
			id = xstrdup(jval_str(v->v[i], "id"));
	}
	jval_free(v);
	if (id != NULL)
		return id;
	q = sync_json_string(title);
	xasprintf(&data, "{\"title\": %s}", q);
	free(q);
	buf_init(&body);
	status = sync_request(s, "POST", "/v1/categories", "application/json",
	    data, &body);
	free(data);
	if ((status == 201 || status == 200) &&
	    (v = json_parse(body.s, body.len)) != NULL) {
		if (jval_str(v, "id") != NULL)
			id = xstrdup(jval_str(v, "id"));
		jval_free(v);
	}
	if (id == NULL && status != -1)
		sync_bad_answer(s, "POST /v1/categories", status);
	buf_free(&body);
	return id;
}

/* Send one subscription change: 0, 1, -1. */
static int
mf_feed_edit(struct sync *s, const struct db_sync_feed_change *c)
{
	struct buf	 body;
	char		*q, *data, *path, *cat = NULL;
	const char	*what;
	long		 status;
	int		 rc;

	if (c->action != SYNC_UNSUBSCRIBE && c->folder != NULL &&
	    (cat = mf_category(s, c->folder)) == NULL)
		return 1;
	buf_init(&body);
	if (c->action == SYNC_MOVE) {
		xasprintf(&data, "{\"category_id\": %s}", cat != NULL ? cat : "0");
		xasprintf(&path, "/v1/feeds/%lld",
		    strtoll(c->target, NULL, 10));
		what = "PUT /v1/feeds/ID";
		status = sync_request(s, "PUT", path, "application/json",
		    data, &body);
		free(path);
		free(data);
	} else if (c->action == SYNC_SUBSCRIBE) {
		q = sync_json_string(c->target);
		xasprintf(&data, "{\"feed_url\": %s%s%s}", q,
		    cat != NULL ? ", \"category_id\": " : "",
		    cat != NULL ? cat : "");
		free(q);
		what = "POST /v1/feeds";
		status = sync_request(s, "POST", "/v1/feeds",
		    "application/json", data, &body);
		free(data);
	} else {
		xasprintf(&path, "/v1/feeds/%lld",
		    strtoll(c->target, NULL, 10));
		what = "DELETE /v1/feeds/ID";
		status = sync_request(s, "DELETE", path, NULL, NULL, &body);
		free(path);
	}
	if (status == 200 || status == 201 || status == 204)
		rc = sync_feed_acked(s, c);
	else
		rc = sync_feed_refused(s, c, what, status);
	buf_free(&body);
	free(cat);
	return rc;
}

/* The subscriptions to change (sync_feeds_send()): 0, 1, -1. */
static int
mf_feeds(struct sync *s, const struct db_sync_feed_change *c, size_t n)
{
	struct jval	*v;
	int		 rc;

	if ((v = sync_get_json(s, "/v1/feeds", "/v1/feeds")) == NULL)
		return 1;
	rc = sync_feeds_send(s, v, "feed_url", c, n, mf_feed_edit);
	jval_free(v);
	return rc;
}

/* The feeds, their categories as tags, in one transaction: 0, 1, -1. */
static int
mf_pull_feeds(struct sync *s)
{
	struct jval		*v;
	const char		*url, *cat;
	char			 id[32], *tags[1];
	int64_t			 feed;
	size_t			 i;
	int			 rc = -1;

	if ((v = sync_get_json(s, "/v1/feeds", "/v1/feeds")) == NULL)
		return 1;
	if (v->type != JVAL_ARRAY) {
		warnx_(_("sync: %s: the server's answer to %s is not JSON"),
		    s->cfg->sync_url, "/v1/feeds");
		jval_free(v);
		return 1;
	}
	/* The server's categories are not the user's moves ('applying'). */
	if (db_begin(s->db) == -1)
		goto out;
	if (db_sync_applying(s->db, 1) == -1) {
		db_rollback(s->db);
		goto out;
	}
	for (i = 0; i < v->n; i++) {
		if ((url = jval_str(v->v[i], "feed_url")) == NULL ||
		    jval_str(v->v[i], "id") == NULL || !url_is_http(url))
			continue;
		snprintf(id, sizeof id, "%s", jval_str(v->v[i], "id"));
		cat = jval_str(jval_get(v->v[i], "category"), "title");
		tags[0] = (char *)cat;
		if (db_sync_feed(s->db, url, jval_str(v->v[i], "title"), id,
		    tags, cat != NULL && db_tag_valid(cat), &feed) == -1) {
			db_rollback(s->db);
			goto out;
		}
	}
	if ((rc = db_sync_applying(s->db, 0)) == 0)
		rc = db_commit(s->db);
	else
		db_rollback(s->db);
out:
	jval_free(v);
	return rc;
}

/*
 * One entry of a page (in the page's transaction), stored if store, its
 * status and bookmark applied either way: 0, -1, or 2 for an entry of a
 * feed not known here (mf_pull_pages() lists the feeds again once, and
 * then skips it).
 */
static int
mf_entry(struct sync *s, const struct jval *en, int store)
{
	struct entry		 e;
	const struct jval	*st;
	const char		*id, *fid, *status, *star = s->cfg->sync_starred_tag;
	int64_t			 feed;
	int			 rc, starred;

	if ((id = jval_str(en, "id")) == NULL ||
	    (fid = jval_str(en, "feed_id")) == NULL ||
	    (status = jval_str(en, "status")) == NULL ||
	    strcmp(status, "removed") == 0)
		return 0;
	if (store) {
		if ((rc = db_sync_feed_find(s->db, fid, &feed)) != 0)
			return rc == 1 ? (s->relisted ? 0 : 2) : -1;
		memset(&e, 0, sizeof e);
		e.title = (char *)jval_str(en, "title");
		e.link = (char *)jval_str(en, "url");
		e.author = (char *)jval_str(en, "author");
		e.content = (char *)jval_str(en, "content");
		e.published = jval_str(en, "published_at") != NULL ?
		    date_parse(jval_str(en, "published_at")) : DATE_NONE;
		e.updated = DATE_NONE;
		if ((rc = db_sync_post(s->db, feed, &e, id)) == -1)
			return -1;
		if (rc == 1)
			s->new_posts++;
	}
	st = jval_get(en, "starred");
	starred = st != NULL && st->type == JVAL_TRUE;
	if (db_sync_post_state(s->db, id, strcmp(status, "read") == 0,
	    NULL, 0) == -1)
		return -1;
	if (star == NULL)
		return 0;
	return db_sync_post_tag(s->db, id, star, starred);
}

/*
 * Pages of entries after the cursor key's id (oldest first; with since,
 * only those changed after it), each page one transaction that moves the
 * cursor.  0, 1, -1.
 */
static int
mf_pull_pages(struct sync *s, const char *key, const char *since, int store)
{
	const struct jval	*entries, *last;
	struct jval		*v;
	char			*after, *path;
	size_t			 i;
	int64_t			 counted;
	int			 rc = 0, more;

	if ((after = db_sync_get(s->db, key)) == NULL)
		after = xstrdup("0");
	for (;;) {
		xasprintf(&path, "/v1/entries?order=id&direction=asc&limit=%d"
		    "&after_entry_id=%s%s%s", MF_PAGE, after,
		    since != NULL ? "&changed_after=" : "",
		    since != NULL ? since : "");
		v = sync_get_json(s, path, "/v1/entries");
		free(path);
		if (v == NULL) {
			rc = 1;
			break;
		}
		entries = jval_get(v, "entries");
		rc = -1;
		if (db_begin(s->db) == -1)
			goto fail;
		if (db_sync_applying(s->db, 1) == -1)
			goto rollback;
		counted = s->new_posts;
		for (i = 0; entries != NULL && i < entries->n; i++) {
			if ((rc = mf_entry(s, entries->v[i], store)) == 2)
				break;
			if (rc == -1)
				goto rollback;
		}
		/*
		 * An entry of a feed the list did not have (one subscribed
		 * on the server since): the page undone, the feeds listed
		 * again, the same page asked for again, as gr_pull_items()
		 * does, and for the same reason.
		 */
		if (rc == 2) {
			jval_free(v);
			if ((rc = sync_page_relist(s, counted, mf_pull_feeds)) != 0)
				break;
			continue;
		}
		rc = -1;
		last = entries != NULL && entries->n > 0 ?
		    entries->v[entries->n - 1] : NULL;
		if (last != NULL && jval_str(last, "id") != NULL) {
			free(after);
			after = xstrdup(jval_str(last, "id"));
			if (db_sync_set(s->db, key, after) == -1)
				goto rollback;
		}
		if (db_sync_applying(s->db, 0) == -1 || db_commit(s->db) == -1)
			goto fail;
		rc = 0;
		/*
		 * total counts what the query matches past the page's limit
		 * (a server may give fewer than asked): more, while it is
		 * above the page's.
		 */
		i = entries != NULL ? entries->n : 0;
		more = i > 0 && jval_str(v, "total") != NULL &&
		    strtoll(jval_str(v, "total"), NULL, 10) > (long long)i;
		jval_free(v);
		if (!more)
			break;
		continue;
rollback:
		db_rollback(s->db);
fail:
		jval_free(v);
		break;
	}
	free(after);
	return rc;
}

static int
mf_pull(struct sync *s)
{
	char	*since, now[32];
	int	 rc;

	/*
	 * Before the entries, so that a change made while they come is not
	 * missed; and a day early, as changed_at is the server's clock and
	 * this one may be off (a change pulled twice is the same state).
	 */
	snprintf(now, sizeof now, "%lld", (long long)time(NULL) - 86400);
	if ((rc = mf_pull_feeds(s)) != 0 ||
	    (rc = mf_pull_pages(s, "mf_after", NULL, 1)) != 0)
		return rc;
	/*
	 * The state changed since the last pull began, paged by id from 0
	 * (the key mf_state, dropped at the end), so that an interrupted
	 * pull goes on; the start of this one is the next one's since.
	 */
	if ((since = db_sync_get(s->db, "mf_changed")) == NULL) {
		/* The first pull's entries brought their state with them. */
		return db_sync_set(s->db, "mf_changed", now);
	}
	rc = mf_pull_pages(s, "mf_state", since, 0);
	free(since);
	if (rc == 0 && (db_sync_set(s->db, "mf_state", NULL) == -1 ||
	    db_sync_set(s->db, "mf_changed", now) == -1))
		rc = -1;
	return rc;
}

const struct sync_ops sync_miniflux_ops = {
	.login = mf_login,
	.push = mf_push,
	.pull = mf_pull,
	.feeds = mf_feeds,
};
