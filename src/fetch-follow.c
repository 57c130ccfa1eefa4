/*
 * Following member lists: a network publishes its members' feeds as OPML
 * or a urls file at a URL, and majlis keeps its subscriptions in step with
 * it.  follow_sync() runs before every fetch of all feeds (and for
 * 'majlis follow'): it asks for each list with its validators, through the
 * same transfer engine as the feeds, and applies what changed.
 *
 * A list is read as 'import' reads a file (sublist_parse: only http and
 * https feeds, no exec:, filter:, query: or file:, no entities), with two
 * more limits, since it comes from the network every time: its body is at
 * most FOLLOW_MAX_SIZE and it names at most FOLLOW_MAX_MEMBERS feeds.
 * And where import makes a urls file's query: lines saved views, a list
 * brings none (sl.no_views): it names members, the views are the user's
 * own, and a list that could add them would change what the user reads
 * by a line on someone else's server.  Each query: line is refused with
 * the list's URL and line, unread, and the rest of the list applies.
 *
 * A list is applied (follow_apply()) unless, and then the last good list
 * stays in force and the fetch says why on one line and exits 1:
 *   1. it could not be fetched (an HTTP error, the network);
 *   2. it is not OPML nor a urls file;
 *   3. it names no feed at all;
 *   4. more than half of its members are gone from it at once;
 *   5. it names more than FOLLOW_MAX_MEMBERS feeds.
 * 'follow --force' applies 3 and 4 anyway (an empty list: everyone left).
 *
 * Applying a list, for each feed it names:
 *   - a member already: nothing, or, if it had left, it is back (fetched
 *     again, its posts and tags as they were);
 *   - a feed subscribed and a member of this list under another URL (the
 *     list now gives the address the feed moved to): the member's URL
 *     follows the list;
 *   - a feed subscribed and a member of another list: a member of this one
 *     too, with this list's tags;
 *   - a feed subscribed and no list's member: subscribed by hand, a member
 *     now, but never tagged by a list, and fetched still if it leaves;
 *   - otherwise subscribed, tagged with the list's tags and folders, a new
 *     member.
 * and each member it no longer names, neither by the member's URL nor by
 * its feed's current one, has left: not fetched, kept.  A new or returning
 * member's backlog is marked read after its first good fetch
 * (follow_backlog()): posts older than backlog-days do not flood anyone.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

#define FOLLOW_MAX_SIZE		(4 * 1024 * 1024)
#define FOLLOW_MAX_MEMBERS	5000
#define DAY			(24 * 3600)

/* One list being synced: what the row said, then the transfer's result. */
struct follow_item {
	int64_t		 id;
	char		*url;
	char		**tags;
	size_t		 ntags;
	char		*etag;
	char		*last_modified;
	/* the transfer's, taken from the job */
	long		 status;
	struct buf	 body;
	char		*error;
	char		*new_etag;
	char		*new_last_modified;
};

struct follow_set {
	struct follow_item	*v;
	size_t			 n;
	const char		*only;	/* one list's URL, or NULL: all */
};

/* What applying one list did, for the summary line. */
struct follow_count {
	size_t	 joined;
	size_t	 back;
	size_t	 left;
	size_t	 by_hand;
	char	**gone;		/* the URLs of those that left */
};

static int
collect_list(const struct db_list *l, void *arg)
{
	struct follow_set	*set = arg;
	struct follow_item	*it;
	size_t			 i;

	if (set->only != NULL && strcmp(set->only, l->url) != 0)
		return 0;
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	it = &set->v[set->n++];
	memset(it, 0, sizeof *it);
	it->id = l->id;
	it->url = xstrdup(l->url);
	it->tags = xreallocarray(NULL, l->ntags + 1, sizeof *it->tags);
	for (i = 0; i < l->ntags; i++)
		it->tags[i] = xstrdup(l->tags[i]);
	it->ntags = l->ntags;
	it->etag = l->etag != NULL ? xstrdup(l->etag) : NULL;
	it->last_modified = l->last_modified != NULL ?
	    xstrdup(l->last_modified) : NULL;
	buf_init(&it->body);
	return 0;
}

static void
follow_set_free(struct follow_set *set)
{
	struct follow_item	*it;
	size_t			 i;

	for (i = 0; i < set->n; i++) {
		it = &set->v[i];
		free(it->url);
		strv_free(it->tags, it->ntags);
		free(it->etag);
		free(it->last_modified);
		buf_free(&it->body);
		free(it->error);
		free(it->new_etag);
		free(it->new_last_modified);
	}
	free(set->v);
}

/* fetch_run()'s callback: take the results the apply step needs. */
static void
follow_done(struct fetch_job *job, void *arg)
{
	struct follow_item	*it = job->arg;

	it->status = job->status;
	it->body = job->body;
	memset(&job->body, 0, sizeof job->body);
	it->error = job->error;
	it->new_etag = job->new_etag;
	it->new_last_modified = job->new_last_modified;
	job->error = job->new_etag = job->new_last_modified = NULL;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
member_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct db_member *)elt)->url);
}

/* Is url one of the n sorted URLs? */
static int
named(char **urls, size_t n, const char *url)
{
	return url != NULL && n > 0 &&
	    bsearch(&url, urls, n, sizeof *urls, str_cmp) != NULL;
}

/*
 * The list was not applied: say why on one line, and record it.  why may
 * name the list itself ("URL: WHY", "URL:LINE: WHY", as sublist_parse()
 * says it), else the URL is put before it.  Returns 1, or -1 on a
 * database error.
 */
static int
follow_refuse(struct db *db, struct follow_item *it, int64_t now,
    const char *why)
{
	struct db_list_result	 r;
	size_t			 len = strlen(it->url);

	/* warnx_() makes the line terminal-safe. */
	if (strncmp(why, it->url, len) == 0 && why[len] == ':')
		warnx_(_("%s; the list was not applied"), why);
	else
		warnx_(_("%s: %s; the list was not applied"), it->url, why);
	memset(&r, 0, sizeof r);
	r.time = now;
	r.status = (int)it->status;
	r.error = why;
	return db_list_set_result(db, it->id, &r) == -1 ? -1 : 1;
}

/*
 * The list names s, which is no member of it yet: subscribe it, or make
 * the feed of another list a member of this one too, or leave alone a feed
 * subscribed by hand.  0 or -1.
 */
static int
follow_join(struct db *db, struct follow_item *it, const struct sub *s,
    struct db_member *m, size_t nm, char **urls, size_t nurls,
    struct follow_count *c)
{
	char		**tags;
	size_t		  i, ntags = 0;
	int64_t		  fid;
	int		  rc;

	if ((rc = db_feed_find_exact(db, s->url, &fid)) == -1)
		return -1;
	if (rc == 0) {
		for (i = 0; i < nm; i++) {
			/* Named twice, by both addresses: keep the first. */
			if (m[i].feed_id == fid)
				return named(urls, nurls, m[i].url) ? 0 :
				    db_member_rename(db, it->id, m[i].url,
				    s->url);
		}
		/*
		 * Subscribed by hand: a member all the same (the river
		 * publishes it, 'lists' counts it, it can leave), but the
		 * list's tags are not put on it, and leaving the list does
		 * not stop its fetch (db_feeds_left()).
		 */
		if ((rc = db_feed_is_member(db, fid)) == -1)
			return -1;
		if (rc == 1) {
			c->by_hand++;
			return db_member_add(db, it->id, s->url, fid, 1);
		}
	}
	tags = xreallocarray(NULL, it->ntags + s->ntags + 1, sizeof *tags);
	for (i = 0; i < it->ntags; i++)
		tags[ntags++] = it->tags[i];
	for (i = 0; i < s->ntags; i++) {
		if (db_tag_valid(s->tags[i]))
			tags[ntags++] = s->tags[i];
	}
	/* The list's title for it is the list's, not the user's choice. */
	rc = db_feed_add(db, s->url, NULL, tags, ntags, &fid);
	free(tags);
	if (rc == -1 || (s->title != NULL &&
	    db_feed_title_hint(db, fid, s->title) == -1) ||
	    db_member_add(db, it->id, s->url, fid, 0) == -1)
		return -1;
	c->joined++;
	return 0;
}

/* Apply a list read whole into sl, in one transaction.  0 or -1. */
static int
follow_apply(struct db *db, struct follow_item *it, struct sublist *sl,
    struct db_member *m, size_t nm, char **urls, int64_t now,
    struct follow_count *c)
{
	struct db_list_result	 r;
	struct db_member	*x;
	size_t			 i;

	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < sl->nsubs; i++) {
		x = nm > 0 ? bsearch(sl->subs[i].url, m, nm, sizeof *m,
		    member_cmp) : NULL;
		if (x == NULL) {
			if (follow_join(db, it, &sl->subs[i], m, nm, urls,
			    sl->nsubs, c) == -1)
				goto fail;
		} else if (x->left) {
			if (db_member_set_left(db, it->id, x->url, 0,
			    now) == -1)
				goto fail;
			c->back++;
		}
	}
	for (i = 0; i < nm; i++) {
		if (m[i].left || named(urls, sl->nsubs, m[i].url) ||
		    named(urls, sl->nsubs, m[i].feed_url))
			continue;
		if (db_member_set_left(db, it->id, m[i].url, 1, now) == -1)
			goto fail;
		strv_add(&c->gone, &c->left, sub_clean(m[i].url, 2048));
	}
	memset(&r, 0, sizeof r);
	r.time = now;
	r.status = (int)it->status;
	r.etag = it->new_etag;
	r.last_modified = it->new_last_modified;
	r.title = sl->title;
	if (db_list_set_result(db, it->id, &r) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * Check the list that came (see the top of the file) and apply it.
 * Returns 0 applied, 1 refused (said on stderr), -1 database error.
 */
static int
follow_one(struct db *db, struct follow_item *it, int force, int verbose,
    int64_t now)
{
	struct db_list_result	 r;
	struct follow_count	 c;
	struct sublist		 sl;
	struct db_member	*m = NULL;
	char			**urls = NULL, *err = NULL, *why = NULL, *shown;
	size_t			 i, nm = 0, active = 0, lost = 0;
	int			 rc;

	if (it->error != NULL)
		return follow_refuse(db, it, now, it->error);
	if (it->status == 304) {
		memset(&r, 0, sizeof r);
		r.time = now;
		r.status = 304;
		return db_list_set_result(db, it->id, &r);
	}
	sublist_init(&sl);
	sl.no_views = 1;
	if (sublist_parse(buf_str(&it->body), it->body.len, it->url, &sl,
	    &err) == -1) {
		why = err;
		err = NULL;
		goto refuse;
	}
	if (verbose > 1) {
		for (i = 0; i < sl.nerrors; i++)
			warnx_("%s", sl.errors[i]);
	}
	if (sl.nsubs > FOLLOW_MAX_MEMBERS) {
		xasprintf(&why, "it names %zu feeds, more than %d", sl.nsubs,
		    FOLLOW_MAX_MEMBERS);
		goto refuse;
	}
	if (sl.nsubs == 0 && !force) {
		if (sl.nerrors > 0)
			xasprintf(&why, "not a list of feeds (%zu lines "
			    "refused, no feed)", sl.nerrors);
		else
			why = xstrdup("the list is empty");
		goto refuse;
	}
	if (db_members_get(db, it->id, &m, &nm) == -1) {
		rc = -1;
		goto out;
	}
	urls = xreallocarray(NULL, sl.nsubs + 1, sizeof *urls);
	for (i = 0; i < sl.nsubs; i++)
		urls[i] = sl.subs[i].url;
	qsort(urls, sl.nsubs, sizeof *urls, str_cmp);
	for (i = 0; i < nm; i++) {
		if (m[i].left || !m[i].subscribed)
			continue;
		active++;
		if (!named(urls, sl.nsubs, m[i].url) &&
		    !named(urls, sl.nsubs, m[i].feed_url))
			lost++;
	}
	if (!force && lost * 2 > active) {
		xasprintf(&why, "%zu of its %zu members are gone from it at "
		    "once (use follow --force to accept)", lost, active);
		goto refuse;
	}
	memset(&c, 0, sizeof c);
	if ((rc = follow_apply(db, it, &sl, m, nm, urls, now, &c)) == -1) {
		strv_free(c.gone, c.left);
		goto out;
	}
	if (verbose > 1 || (verbose && c.joined + c.back + c.left > 0)) {
		shown = url_mask(it->url);
		printf(_("%s: %zu feeds, %zu new, %zu back, %zu left, %zu "
		    "subscribed by hand\n"), shown, sl.nsubs, c.joined, c.back,
		    c.left, c.by_hand);
		/* Who: a count alone leaves the user to find them. */
		for (i = 0; i < c.left; i++) {
			char	*who = url_mask(c.gone[i]);

			printf(_("%s: %s left the list\n"), shown, who);
			free(who);
		}
		free(shown);
	}
	strv_free(c.gone, c.left);
	goto out;

refuse:
	rc = follow_refuse(db, it, now, why);
out:
	free(why);
	free(err);
	free(urls);
	db_members_free(m, nm);
	sublist_free(&sl);
	return rc;
}

int
follow_sync(struct db *db, const struct config *cfg, const char *only,
    int force, int verbose)
{
	struct follow_set	 set;
	struct fetch_opts	 opts;
	struct fetch_job	*jobs;
	int64_t			 now;
	size_t			 i;
	int			 rc, failed = 0;

	memset(&set, 0, sizeof set);
	set.only = only;
	if (db_lists_foreach(db, collect_list, &set) == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		return -1;
	}
	if (set.n == 0)
		return 0;
	fetch_opts_config(&opts, cfg);
	if (opts.max_size > FOLLOW_MAX_SIZE)
		opts.max_size = FOLLOW_MAX_SIZE;
	opts.idle = NULL;
	jobs = xcalloc(set.n, sizeof *jobs);
	for (i = 0; i < set.n; i++) {
		jobs[i].url = set.v[i].url;
		jobs[i].etag = set.v[i].etag;
		jobs[i].last_modified = set.v[i].last_modified;
		jobs[i].arg = &set.v[i];
	}
	if (fetch_run(jobs, set.n, &opts, follow_done, NULL) == -1) {
		warnx_(_("cannot initialise libcurl"));
		failed = -1;
		goto out;
	}
	now = (int64_t)time(NULL);
	for (i = 0; i < set.n; i++) {
		if ((rc = follow_one(db, &set.v[i], force, verbose,
		    now)) == -1) {
			warnx_("%s: %s", db_path(db), db_errmsg(db));
			failed = -1;
			goto out;
		}
		failed += rc;
	}
out:
	free(jobs);
	follow_set_free(&set);
	return failed;
}

int
follow_backlog(struct db *db, const struct config *cfg)
{
	int64_t	 cutoff = INT64_MIN;

	if (cfg->backlog_days > 0)
		cutoff = (int64_t)time(NULL) - (int64_t)cfg->backlog_days * DAY;
	return db_backlog_apply(db, cutoff);
}
