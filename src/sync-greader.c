/*
 * sync-greader.c: the Google Reader API as FreshRSS implements it
 * (p/api/greader.php; sync-server = freshrss or greader), sync-url being
 * the API's root (FreshRSS: https://HOST/api/greader.php).
 *
 *   login  POST accounts/ClientLogin (Email, Passwd) gives "Auth=...",
 *          sent as "Authorization: GoogleLogin auth=..."; GET
 *          reader/api/0/token gives the T token every POST carries;
 *   push   POST reader/api/0/edit-tag, i= the item ids, a= (add) or r=
 *          (remove) user/-/state/com.google/read, .../starred (the tag
 *          sync-starred-tag names) or user/-/label/TAG;
 *   feeds  subscription/edit, ac=subscribe s=feed/URL (a=user/-/label/
 *          FOLDER: FreshRSS makes the folder if it has none such),
 *          ac=unsubscribe s=the feed's id, "feed/N", or ac=edit s=feed/N
 *          a=user/-/label/FOLDER (a move); each only when
 *          subscription/list shows it not done yet, as FreshRSS answers
 *          400 to a feed it has already and to one it has not;
 *   pull   subscription/list (the feeds, their folders as tags), tag/list
 *          (the labels), stream/contents/user/-/state/com.google/
 *          reading-list oldest first (r=o) from ot= the start of the last
 *          pull, page after page by c= continuation, and the state as
 *          stream/items/ids: the unread ones (xt= .../read), the starred
 *          ones, each label's.
 * The API has no "state changed since": the state pulled is the whole
 * set of unread, starred and labelled ids, which is bounded by what the
 * user keeps, not by the history.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

#define GR_STATE	"user/-/state/com.google/"
#define GR_LABEL	"user/-/label/"
#define GR_PAGE		250	/* items a page; a server may give fewer */
#define GR_IDS_PAGE	10000	/* ids a page */
#define GR_EDIT_BATCH	100	/* ids an edit-tag */


static int
gr_login(struct sync *s)
{
	struct buf	 body;
	char		*login, *pass, *form, *line, *p;
	long		 status;
	int		 rc = 1;

	login = sync_escape(s->cfg->sync_login);
	pass = sync_escape(s->password);
	xasprintf(&form, "Email=%s&Passwd=%s", login, pass);
	explicit_bzero(pass, strlen(pass));
	free(pass);
	free(login);
	buf_init(&body);
	status = sync_http(s, "/accounts/ClientLogin", form, &body);
	explicit_bzero(form, strlen(form));
	free(form);
	if (status == 401 || status == 403) {
		warnx_(_("sync: %s: the server refused the login of %s"),
		    s->cfg->sync_url, s->cfg->sync_login);
		goto out;
	}
	if (status != 200) {
		if (status != -1)
			sync_bad_answer(s, "ClientLogin", status);
		goto out;
	}
	for (p = body.s; (line = strsep(&p, "\n")) != NULL; ) {
		if (strncmp(line, "Auth=", 5) == 0 && line[5] != '\0') {
			line[strcspn(line, "\r")] = '\0';
			xasprintf(&s->auth, "Authorization: GoogleLogin auth=%s",
			    line + 5);
		}
	}
	if (s->auth == NULL) {
		sync_bad_answer(s, "ClientLogin", status);
		goto out;
	}
	status = sync_http(s, "/reader/api/0/token", NULL, &body);
	if (status != 200) {
		if (status != -1)
			sync_bad_answer(s, "token", status);
		goto out;
	}
	body.s[strcspn(body.s, "\r\n")] = '\0';
	s->token = sync_escape(body.s);
	rc = 0;
out:
	/* ClientLogin's answer holds the Auth, the token answer the token. */
	if (body.s != NULL)
		explicit_bzero(body.s, body.cap);
	buf_free(&body);
	return rc;
}

/* The stream a change names: a heap string (not escaped). */
static char *
gr_stream(struct sync *s, const char *what)
{
	const char	*tag;
	char		*stream;

	if (strcmp(what, "read") == 0)
		return xstrdup(GR_STATE "read");
	tag = what + strlen("tag:");
	if (s->cfg->sync_starred_tag != NULL &&
	    strcmp(tag, s->cfg->sync_starred_tag) == 0)
		return xstrdup(GR_STATE "starred");
	xasprintf(&stream, GR_LABEL "%s", tag);
	return stream;
}

/* One edit-tag of changes c[0..n), all of the same field and value. */
static int
gr_edit(struct sync *s, const struct db_sync_change *c, size_t n)
{
	struct buf	 form, body;
	char		*stream, *esc;
	size_t		 i;
	long		 status;
	int		 rc = 1;

	buf_init(&form);
	buf_init(&body);
	stream = gr_stream(s, c[0].what);
	esc = sync_escape(stream);
	buf_addf(&form, "T=%s&%s=%s", s->token, c[0].value ? "a" : "r",
	    esc);
	free(esc);
	free(stream);
	for (i = 0; i < n; i++) {
		esc = sync_escape(c[i].sync_id);
		buf_addf(&form, "&i=%s", esc);
		free(esc);
	}
	status = sync_http(s, "/reader/api/0/edit-tag", buf_str(&form),
	    &body);
	if (status == 200)
		rc = sync_acked(s, c, n) == -1 ? -1 : 0;
	else
		rc = sync_refused(s, c, n, "edit-tag", status);
	buf_free(&form);
	buf_free(&body);
	return rc;
}

/* The changes are in order of field and value: a batch per run. */
static int
gr_push(struct sync *s, const struct db_sync_change *c, size_t n)
{
	size_t	 i, j;
	int	 rc;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && j - i < GR_EDIT_BATCH &&
		    strcmp(c[j].what, c[i].what) == 0 &&
		    c[j].value == c[i].value; j++)
			;
		if ((rc = gr_edit(s, c + i, j - i)) != 0)
			return rc;
	}
	return 0;
}

/* A set of strings, the labels or ids gathered. */
struct gr_list {
	char	**v;
	size_t	 n;
};

static void
gr_list_add(struct gr_list *l, const char *s)
{
	strv_add(&l->v, &l->n, xstrdup(s));
}

static int
gr_list_has(const struct gr_list *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], s) == 0)
			return 1;
	}
	return 0;
}

static void
gr_list_free(struct gr_list *l)
{
	strv_free(l->v, l->n);
	l->v = NULL;
	l->n = 0;
}

/*
 * The server's subscription/list: the answer (jval_free()), its array in
 * *subs, or NULL (said why).
 */
static struct jval *
gr_subscriptions(struct sync *s, const struct jval **subs)
{
	struct jval	*v;

	if ((v = sync_get_json(s, "/reader/api/0/subscription/list?output=json",
	    "subscription/list")) == NULL)
		return NULL;
	if ((*subs = jval_get(v, "subscriptions")) == NULL ||
	    (*subs)->type != JVAL_ARRAY) {
		warnx_(_("sync: %s: the server's answer to %s is not JSON"),
		    s->cfg->sync_url, "subscription/list");
		jval_free(v);
		return NULL;
	}
	return v;
}

/* Send one subscription change with subscription/edit: 0, 1, -1. */
static int
gr_subscription_edit(struct sync *s, const struct db_sync_feed_change *c)
{
	struct buf	 form, body;
	char		*esc, *stream;
	long		 status;
	int		 rc;

	buf_init(&form);
	buf_init(&body);
	if (c->action == SYNC_SUBSCRIBE)
		xasprintf(&stream, "feed/%s", c->target);
	else
		stream = xstrdup(c->target);
	esc = sync_escape(stream);
	buf_addf(&form, "T=%s&ac=%s&s=%s", s->token,
	    c->action == SYNC_SUBSCRIBE ? "subscribe" :
	    c->action == SYNC_UNSUBSCRIBE ? "unsubscribe" : "edit", esc);
	free(esc);
	free(stream);
	if (c->action != SYNC_UNSUBSCRIBE && c->folder != NULL) {
		xasprintf(&stream, GR_LABEL "%s", c->folder);
		esc = sync_escape(stream);
		buf_addf(&form, "&a=%s", esc);
		free(esc);
		free(stream);
	}
	status = sync_http(s, "/reader/api/0/subscription/edit",
	    buf_str(&form), &body);
	if (status == 200)
		rc = sync_feed_acked(s, c);
	else
		rc = sync_feed_refused(s, c, "subscription/edit", status);
	buf_free(&form);
	buf_free(&body);
	return rc;
}

/* The subscriptions to change (sync_feeds_send()): 0, 1, -1. */
static int
gr_feeds(struct sync *s, const struct db_sync_feed_change *c, size_t n)
{
	const struct jval	*subs;
	struct jval		*v;
	int			 rc;

	if ((v = gr_subscriptions(s, &subs)) == NULL)
		return 1;
	rc = sync_feeds_send(s, subs, "url", c, n, gr_subscription_edit);
	jval_free(v);
	return rc;
}

/*
 * The feeds, in one transaction; their folders' names go to folders.
 * 0, 1, -1.
 */
static int
gr_pull_feeds(struct sync *s, struct gr_list *folders)
{
	const struct jval	*subs, *sub, *cats;
	struct jval		*v;
	struct gr_list		 tags = { NULL, 0 };
	const char		*url, *id, *label;
	int64_t			 feed;
	size_t			 i, j;
	int			 rc = -1;

	if ((v = gr_subscriptions(s, &subs)) == NULL)
		return 1;
	/* The server's folders are not the user's moves ('applying'). */
	if (db_begin(s->db) == -1)
		goto out;
	if (db_sync_applying(s->db, 1) == -1) {
		db_rollback(s->db);
		goto out;
	}
	for (i = 0; i < subs->n; i++) {
		sub = subs->v[i];
		if ((url = jval_str(sub, "url")) == NULL ||
		    (id = jval_str(sub, "id")) == NULL || !url_is_http(url))
			continue;
		cats = jval_get(sub, "categories");
		for (j = 0; cats != NULL && j < cats->n; j++) {
			if ((label = jval_str(cats->v[j], "label")) == NULL ||
			    !db_tag_valid(label))
				continue;
			gr_list_add(&tags, label);
			if (!gr_list_has(folders, label))
				gr_list_add(folders, label);
		}
		if (db_sync_feed(s->db, url, jval_str(sub, "title"), id,
		    tags.v, tags.n, &feed) == -1) {
			db_rollback(s->db);
			goto out;
		}
		gr_list_free(&tags);
	}
	if ((rc = db_sync_applying(s->db, 0)) == 0)
		rc = db_commit(s->db);
	else
		db_rollback(s->db);
out:
	gr_list_free(&tags);
	jval_free(v);
	return rc;
}

/* The feeds listed again, mid-pull (gr_pull_items()): 0, 1, -1. */
static int
gr_relist(struct sync *s)
{
	struct gr_list	 folders = { NULL, 0 };
	int		 rc;

	rc = gr_pull_feeds(s, &folders);
	gr_list_free(&folders);
	return rc;
}

/* The labels that are not folders. 0 or 1. */
static int
gr_pull_labels(struct sync *s, const struct gr_list *folders,
    struct gr_list *labels)
{
	const struct jval	*tags;
	struct jval		*v;
	const char		*id, *type;
	size_t			 i;

	if ((v = sync_get_json(s, "/reader/api/0/tag/list?output=json",
	    "tag/list")) == NULL)
		return 1;
	tags = jval_get(v, "tags");
	for (i = 0; tags != NULL && i < tags->n; i++) {
		if ((id = jval_str(tags->v[i], "id")) == NULL ||
		    strncmp(id, GR_LABEL, strlen(GR_LABEL)) != 0)
			continue;
		id += strlen(GR_LABEL);
		type = jval_str(tags->v[i], "type");
		if ((type != NULL && strcmp(type, "folder") == 0) ||
		    gr_list_has(folders, id) || !db_tag_valid(id))
			continue;
		gr_list_add(labels, id);
	}
	jval_free(v);
	return 0;
}

/* An item's id, "tag:google.com,2005:reader/item/HEX", in decimal. */
static void
gr_item_id(const char *id, char *out, size_t len)
{
	const char	*p;

	if (strncmp(id, "tag:", 4) == 0 && (p = strrchr(id, '/')) != NULL)
		snprintf(out, len, "%llu", strtoull(p + 1, NULL, 16));
	else
		snprintf(out, len, "%s", id);
}

/* The first href of an item's member (canonical, alternate), or NULL. */
static const char *
gr_href(const struct jval *item, const char *key)
{
	const struct jval	*a = jval_get(item, key);

	if (a == NULL || a->type != JVAL_ARRAY || a->n == 0)
		return NULL;
	return jval_str(a->v[0], "href");
}

/*
 * Store one item of a page (in the page's transaction): 0, -1, or 2 for
 * an item of a feed not known here (gr_pull_items() lists the feeds again
 * once, and then skips it).
 */
static int
gr_store_item(struct sync *s, const struct jval *item,
    const struct gr_list *folders)
{
	const struct jval	*cats, *text;
	struct entry		 e;
	struct gr_list		 tags = { NULL, 0 };
	const char		*id, *origin, *c, *pub;
	char			 sid[32];
	int64_t			 feed;
	size_t			 i;
	int			 read = 0, rc;

	if ((id = jval_str(item, "id")) == NULL ||
	    (origin = jval_str(jval_get(item, "origin"), "streamId")) == NULL)
		return 0;
	if ((rc = db_sync_feed_find(s->db, origin, &feed)) != 0)
		return rc == 1 ? (s->relisted ? 0 : 2) : -1;
	gr_item_id(id, sid, sizeof sid);
	memset(&e, 0, sizeof e);
	e.title = (char *)jval_str(item, "title");
	if ((e.link = (char *)gr_href(item, "canonical")) == NULL)
		e.link = (char *)gr_href(item, "alternate");
	e.author = (char *)jval_str(item, "author");
	if ((text = jval_get(item, "content")) == NULL)
		text = jval_get(item, "summary");
	e.content = (char *)jval_str(text, "content");
	pub = jval_str(item, "published");
	e.published = pub != NULL ? strtoll(pub, NULL, 10) : DATE_NONE;
	e.updated = DATE_NONE;
	if ((rc = db_sync_post(s->db, feed, &e, sid)) == -1)
		return -1;
	if (rc == 1)
		s->new_posts++;
	cats = jval_get(item, "categories");
	for (i = 0; cats != NULL && i < cats->n; i++) {
		if (cats->v[i]->type != JVAL_STRING)
			continue;
		c = cats->v[i]->s;
		if (strcmp(c, GR_STATE "read") == 0)
			read = 1;
		else if (strcmp(c, GR_STATE "starred") == 0 &&
		    s->cfg->sync_starred_tag != NULL)
			gr_list_add(&tags, s->cfg->sync_starred_tag);
		else if (strncmp(c, GR_LABEL, strlen(GR_LABEL)) == 0 &&
		    !gr_list_has(folders, c + strlen(GR_LABEL)))
			gr_list_add(&tags, c + strlen(GR_LABEL));
	}
	rc = db_sync_post_state(s->db, sid, read, tags.v, tags.n);
	gr_list_free(&tags);
	return rc;
}

/*
 * The items new since the last pull, a page a transaction, the cursor
 * (sync_state: since, the next pull's ot; cont, cont_ot and cont_start, a
 * pull under way) moved in the same transaction.  0, 1, -1.
 */
static int
gr_pull_items(struct sync *s, const struct gr_list *folders)
{
	const struct jval	*items;
	struct jval		*v;
	char			*cont, *ot, *start, *path, *esc, now[32];
	const char		*next, *u;
	size_t			 i;
	int64_t			 counted;
	int			 rc = 0;

	start = NULL;
	if ((cont = db_sync_get(s->db, "cont")) != NULL &&
	    (start = db_sync_get(s->db, "cont_start")) != NULL)
		ot = db_sync_get(s->db, "cont_ot");
	else
		ot = db_sync_get(s->db, "since");
	if (ot == NULL)
		ot = xstrdup("0");
	for (;;) {
		esc = cont != NULL ? sync_escape(cont) : NULL;
		xasprintf(&path, "/reader/api/0/stream/contents/user/-/state/"
		    "com.google/reading-list?output=json&r=o&n=%d&ot=%s%s%s",
		    GR_PAGE, ot, esc != NULL ? "&c=" : "", esc != NULL ? esc : "");
		free(esc);
		v = sync_get_json(s, path, "stream/contents");
		free(path);
		if (v == NULL) {
			rc = 1;
			break;
		}
		/*
		 * The next pull's ot: when this one began by the server's
		 * clock (its answer's "updated"), as the items' crawl times
		 * are; the client's may be off.  Without it, a day before
		 * the client's now: an item brought twice is still one post.
		 */
		if (start == NULL) {
			if ((u = jval_str(v, "updated")) != NULL &&
			    strspn(u, "0123456789") == strlen(u) && *u != '\0')
				start = xstrdup(u);
			else {
				snprintf(now, sizeof now, "%lld",
				    (long long)time(NULL) - 86400);
				start = xstrdup(now);
			}
		}
		items = jval_get(v, "items");
		next = jval_str(v, "continuation");
		counted = s->new_posts;
		rc = -1;
		if (db_begin(s->db) == -1 || db_sync_applying(s->db, 1) == -1)
			goto page_fail;
		for (i = 0; items != NULL && i < items->n; i++) {
			if ((rc = gr_store_item(s, items->v[i], folders)) == 2)
				break;
			if (rc == -1)
				goto page_fail;
		}
		/*
		 * An item of a feed the list did not have: one subscribed
		 * on the server since it was read (a phone's, which FreshRSS
		 * crawls at once).  The page is undone, the feeds listed
		 * again, and the same page asked for again: the cursor
		 * would otherwise move past the item for good.  Once a pull:
		 * a feed still not known (one unsubscribed here, waiting to
		 * be there) has its items skipped.
		 */
		if (rc == 2) {
			jval_free(v);
			if ((rc = sync_page_relist(s, counted, gr_relist)) != 0)
				break;
			continue;
		}
		rc = -1;
		if (next != NULL && *next != '\0') {
			if (db_sync_set(s->db, "cont", next) == -1 ||
			    db_sync_set(s->db, "cont_ot", ot) == -1 ||
			    db_sync_set(s->db, "cont_start", start) == -1)
				goto page_fail;
		} else if (db_sync_set(s->db, "since", start) == -1 ||
		    db_sync_set(s->db, "cont", NULL) == -1 ||
		    db_sync_set(s->db, "cont_ot", NULL) == -1 ||
		    db_sync_set(s->db, "cont_start", NULL) == -1)
			goto page_fail;
		if (db_sync_applying(s->db, 0) == -1 || db_commit(s->db) == -1)
			goto page_fail;
		rc = 0;
		free(cont);
		cont = next != NULL && *next != '\0' ? xstrdup(next) : NULL;
		jval_free(v);
		if (cont == NULL)
			break;
		continue;
page_fail:
		db_rollback(s->db);
		jval_free(v);
		break;
	}
	free(cont);
	free(ot);
	free(start);
	return rc;
}

/* Every id of a stream (xt: excluded, or NULL), page after page.  0, 1. */
static int
gr_pull_ids(struct sync *s, const char *stream, const char *xt,
    struct gr_list *ids)
{
	const struct jval	*refs;
	struct jval		*v;
	char			*path, *es, *ex, *ec, *cont = NULL;
	const char		*next, *id;
	size_t			 i;

	es = sync_escape(stream);
	ex = xt != NULL ? sync_escape(xt) : NULL;
	for (;;) {
		ec = cont != NULL ? sync_escape(cont) : NULL;
		xasprintf(&path, "/reader/api/0/stream/items/ids?output=json"
		    "&n=%d&s=%s%s%s%s%s", GR_IDS_PAGE, es,
		    ex != NULL ? "&xt=" : "", ex != NULL ? ex : "",
		    ec != NULL ? "&c=" : "", ec != NULL ? ec : "");
		free(ec);
		v = sync_get_json(s, path, "stream/items/ids");
		free(path);
		if (v == NULL)
			break;
		refs = jval_get(v, "itemRefs");
		for (i = 0; refs != NULL && i < refs->n; i++) {
			if ((id = jval_str(refs->v[i], "id")) != NULL)
				gr_list_add(ids, id);
		}
		free(cont);
		next = jval_str(v, "continuation");
		cont = next != NULL && *next != '\0' ? xstrdup(next) : NULL;
		jval_free(v);
		if (cont == NULL) {
			free(es);
			free(ex);
			return 0;
		}
	}
	free(cont);
	free(es);
	free(ex);
	return 1;
}

/* Fill the id set with ids; 0 or -1. */
static int
gr_ids_set(struct sync *s, const struct gr_list *ids)
{
	size_t	 i;

	if (db_sync_ids_clear(s->db) == -1)
		return -1;
	for (i = 0; i < ids->n; i++) {
		if (db_sync_ids_add(s->db, ids->v[i]) == -1)
			return -1;
	}
	return 0;
}

/*
 * The state of every synced post: unread, starred, labels, all gathered
 * first and applied in one transaction.  0, 1, -1.
 */
static int
gr_pull_state(struct sync *s, const struct gr_list *labels)
{
	struct gr_list	 unread = { NULL, 0 }, starred = { NULL, 0 };
	struct gr_list	*each;
	const char	*star = s->cfg->sync_starred_tag;
	char		*stream;
	size_t		 i;
	int		 rc = 1;

	each = xcalloc(labels->n ? labels->n : 1, sizeof *each);
	if (gr_pull_ids(s, GR_STATE "reading-list", GR_STATE "read",
	    &unread) != 0 ||
	    gr_pull_ids(s, GR_STATE "starred", NULL, &starred) != 0)
		goto out;
	for (i = 0; i < labels->n; i++) {
		xasprintf(&stream, GR_LABEL "%s", labels->v[i]);
		rc = gr_pull_ids(s, stream, NULL, &each[i]);
		free(stream);
		if (rc != 0)
			goto out;
	}
	rc = -1;
	if (db_begin(s->db) == -1)
		goto out;
	if (db_sync_applying(s->db, 1) == -1 ||
	    gr_ids_set(s, &unread) == -1 || db_sync_apply_read(s->db) == -1)
		goto fail;
	if (star != NULL && (gr_ids_set(s, &starred) == -1 ||
	    db_sync_apply_tag(s->db, star) == -1))
		goto fail;
	for (i = 0; i < labels->n; i++) {
		if (star != NULL && strcmp(labels->v[i], star) == 0)
			continue;
		if (gr_ids_set(s, &each[i]) == -1 ||
		    db_sync_apply_tag(s->db, labels->v[i]) == -1)
			goto fail;
	}
	if (db_sync_applying(s->db, 0) == -1 || db_commit(s->db) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	db_rollback(s->db);
out:
	gr_list_free(&unread);
	gr_list_free(&starred);
	for (i = 0; i < labels->n; i++)
		gr_list_free(&each[i]);
	free(each);
	return rc;
}

static int
gr_pull(struct sync *s)
{
	struct gr_list	 folders = { NULL, 0 }, labels = { NULL, 0 };
	int		 rc;

	if ((rc = gr_pull_feeds(s, &folders)) == 0 &&
	    (rc = gr_pull_labels(s, &folders, &labels)) == 0 &&
	    (rc = gr_pull_items(s, &folders)) == 0)
		rc = gr_pull_state(s, &labels);
	gr_list_free(&folders);
	gr_list_free(&labels);
	return rc;
}

const struct sync_ops sync_greader_ops = {
	.login = gr_login,
	.push = gr_push,
	.pull = gr_pull,
	.feeds = gr_feeds,
};
