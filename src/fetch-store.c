/*
 * Storing what a fetch brings: the glue between the transfer engine
 * (fetch.c), the parser and the database.  As each transfer finishes, its
 * body is parsed (item_parse()) and then stored (fetch_store()).  Only the
 * feeds in flight or queued are in memory, so a fetch stays flat in the
 * number of feeds.  fetch_store_run() is what 'majlis fetch' hands its
 * jobs to.
 *
 * What each outcome does to the feed's row (fetch_store()):
 *   200      posts upserted, validators and title updated, status cleared
 *   304      the fetch's time and status, and the error cleared (the
 *            feed's posts are not touched)
 *   301/308  the stored URL becomes the new one (after a success only)
 *   410      the feed is disabled, with the reason, and no longer fetched
 *   429/503  Retry-After is stored; until then the feed is skipped
 *   failure  status and a one-line error, shown by 'majlis feeds'
 *
 * Batches.  The feeds that finish back to back share one write
 * transaction, since each commit writes the pages of the posts' indexes to
 * the WAL again.  A feed is stored whole or not at all:
 *   1. a feed parsed whole before it is stored can fail only on a database
 *      error, which undoes the batch (batch_lost(); a full disk rolls it
 *      all back anyway), so it is written straight into the batch
 *      (store_body(), db_store_join());
 *   2. a large feed, parsed entry by entry into the database, may still
 *      turn out not to be a feed half-way, so it gets a level of its own
 *      (a savepoint, db.c; store_stream()) and a bad one does not undo the
 *      others;
 *   3. the batch is committed (batch_commit()) once it is FETCH_BATCH_MS
 *      old, and when the fetch ends; not each time the store catches up
 *      with the network, which on a fast link was every few feeds: each
 *      commit writes the pages of the posts' indexes to the WAL again (a
 *      cold fetch of 100,000 posts committed 80 times, a warm one of
 *      1,000 feeds 600 times), and the checkpoint copies every version.
 *      So the write lock is held at most about FETCH_BATCH_MS at a time
 *      (the reader's writes and its index catch-up wait that long at
 *      most), and a crash loses at most the feeds of the last half
 *      second, which the next fetch gets again since their validators
 *      were not stored either;
 *   4. a 304 or a failure writes its time and status in the batch too.
 *
 * Four threads.  The network, the parsing and the storing share nothing
 * but the finished transfers, so they run side by side:
 *   1. the main thread runs fetch_run() and queues each finished transfer
 *      for the parse thread (fetch_enqueue(); the queues are
 *      fetch-queue.c's);
 *   2. the parse thread (parse_main()) parses each body and queues the
 *      result for the store thread, in the order the transfers finished;
 *   3. the store thread (store_main()) takes them off its queue in order,
 *      does every database call, and prints every message and progress
 *      line;
 *   4. after each of its commits, the checkpoint thread (checkpoint_main())
 *      copies the WAL back into the database file on a connection of its
 *      own, which otherwise the close would do alone once the network is
 *      done; the store thread's connection then copies nothing at commit
 *      (db_wal_elsewhere()), and has the WAL started over at the moments
 *      the copy allows (wal_restart()).
 * Parsing is the largest part of a cold fetch's CPU: on the network
 * thread it held every transfer back while it ran.  Should the parse
 * thread not start, the main thread parses; should the store thread not,
 * the same work is done inline (fetch_done()); should the checkpoint
 * thread not, the close copies the WAL back.
 * The fetch's SQLite connection is only ever used by one thread at a time:
 * the store thread during the run, the main thread before it starts and
 * after it is joined.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

#define FETCH_BATCH_MS	500	/* commit a batch this often */
#define FETCH_WAL_RESTART	2560	/* frames (40 MB): wal_restart() */
#define FETCH_WAL_MAX		10240	/* frames (160 MB): wait for a copy */
#define FETCH_PARSE_MAX	(1024 * 1024)	/* larger bodies are streamed */

/* The store's side of one run: its batch and its threads. */
struct store {
	struct fetch_state	*st;
	int			 batch;		/* a batch is open */
	int64_t			 batch_start;	/* when it was begun, ms */
	size_t			 batch_feeds;	/* stored in it */
	int64_t			 batch_new;	/* new posts in it */
	/* a large feed being parsed, for store_entry() */
	int64_t			 feed_id;
	const char		*feed_url;
	int64_t			 feed_new;
	int			 store_failed;
	struct fetch_queue	*raw;		/* to the parse thread */
	struct fetch_queue	*queue;		/* to the store thread */
	struct db_checkpointer	*cp;		/* the checkpoint thread's */
	int			 wal_tried;	/* frames at the last restart */
};

/* Free what a struct fetch_feed holds (not the struct). */
void
fetch_feed_clear(struct fetch_feed *f)
{
	free(f->url);
	free(f->etag);
	free(f->last_modified);
	free(f->proxy);
	free(f->disabled_reason);
}

/* Fill f with a copy of the feed row row's fetch state. */
void
fetch_feed_copy(struct fetch_feed *f, const struct db_feed *row)
{
	memset(f, 0, sizeof *f);
	f->id = row->id;
	f->url = xstrdup(row->url);
	f->etag = row->etag != NULL ? xstrdup(row->etag) : NULL;
	f->last_modified = row->last_modified != NULL ?
	    xstrdup(row->last_modified) : NULL;
	f->proxy = row->proxy != NULL ? xstrdup(row->proxy) : NULL;
	f->retry_after = row->retry_after;
	f->disabled = row->disabled;
	f->disabled_reason = row->disabled_reason != NULL ?
	    xstrdup(row->disabled_reason) : NULL;
	f->last_fetch = row->last_fetch;
	f->interval = row->interval;
}

/* Clear the progress line so that a message can be printed. */
static void
progress_clear(struct fetch_state *st)
{
	if (st->tty) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
	}
}

/*
 * The progress line on a terminal; and for the reader, which runs a fetch
 * as a child with --progress-fd, one line "DONE TOTAL NEW FAILED" on that
 * descriptor after each feed.  A reader that quit closes its end: the
 * write then fails (SIGPIPE is ignored) and the fetch goes on regardless.
 */
static void
progress_draw(struct fetch_state *st)
{
	if (st->progress != NULL) {
		fprintf(st->progress, "%zu %zu %lld %zu\n", st->done,
		    st->total, (long long)st->new_posts, st->failed);
		fflush(st->progress);
	}
	if (!st->tty)
		return;
	fputs("\r\033[K", stdout);
	printf(_("fetching %zu/%zu  %lld new  %zu failed"), st->done,
	    st->total, (long long)st->new_posts, st->failed);
	fflush(stdout);
}

/* A feed failed: one line on stderr, "majlis: URL: WHY". */
void
fetch_report_failure(struct fetch_state *st, const char *url,
    const char *why)
{
	char	*safe_url = text_safe(url), *said = fetch_error_said(why);
	char	*safe_why = text_safe(said);

	free(said);
	st->failed++;
	progress_clear(st);
	warnx_("%s: %s", safe_url, safe_why);
	free(safe_url);
	free(safe_why);
}

/* A monotonic clock in milliseconds. */
static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Open a batch if none is.  If the lock cannot be had, the feed's own
 * db_store_begin() will fail the same way and say so for that feed.
 */
static void
batch_begin(struct store *s)
{
	if (s->batch || db_begin(s->st->db) == -1)
		return;
	s->batch = 1;
	s->batch_start = now_ms();
	s->batch_feeds = 0;
	s->batch_new = 0;
}

/*
 * The open batch is undone (a failed commit, or a database error while a
 * feed was stored in it): its feeds were not stored after all, and count
 * as failed.  Their validators went with them, so the next fetch gets
 * them again.
 */
static void
batch_lost(struct store *s)
{
	s->batch = 0;
	s->st->dberror = 1;
	s->st->failed += s->batch_feeds;
	s->st->new_posts -= s->batch_new;
}

/*
 * Commit the open batch, if any.  A failure (a full disk) loses its feeds:
 * say so, and count them failed rather than fetched.
 */
static void
batch_commit(struct store *s)
{
	struct db	*db = s->st->db;

	if (!s->batch)
		return;
	if (db_commit(db) == -1) {
		batch_lost(s);
		progress_clear(s->st);
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		return;
	}
	s->batch = 0;
	if (s->cp != NULL)
		fetch_queue_committed(s->queue);
}

/*
 * With a checkpoint thread, the fetch's connection does not copy the WAL
 * back itself (db_wal_elsewhere()), but SQLite starts the WAL over only
 * when a transaction begins with the whole WAL copied, which a store
 * thread that begins its next batch as soon as it commits never sees: the
 * WAL would grow for the whole fetch.  So once it holds FETCH_WAL_RESTART
 * frames and the checkpoint thread has just copied it all, commit the
 * batch (as young as that copy took) and wait for its copy: the next
 * batch finds the WAL copied, and SQLite writes it from the start.  The
 * wait is that small batch's copy, where a commit that checkpointed by
 * itself copied a whole batch.  Should the copy never catch up (a slow
 * disk), then from FETCH_WAL_MAX frames on the store thread waits after
 * each batch's commit for its copy, as SQLite's own checkpoint at commit
 * did, so that the WAL stays as small as it was.  While a reader keeps
 * part of the WAL from being copied SQLite cannot start it over, whatever
 * is done.  Called after each feed stored, and after its batch's commit.
 */
static void
wal_restart(struct store *s)
{
	struct db	*db = s->st->db;
	int		 frames;

	if (s->cp == NULL || (frames = db_wal_frames(db)) < FETCH_WAL_RESTART ||
	    frames == s->wal_tried)
		return;
	if (!s->batch) {		/* just committed */
		if (frames >= FETCH_WAL_MAX) {
			s->wal_tried = frames;
			fetch_queue_all_copied(s->queue, 1);
		}
		return;
	}
	if (!fetch_queue_all_copied(s->queue, 0))
		return;
	batch_commit(s);
	s->wal_tried = db_wal_frames(db);
	fetch_queue_all_copied(s->queue, 1);
}

/* fetch_run()'s idle callback: about to wait, so let the lock go. */
static void
fetch_idle(void *arg)
{
	batch_commit(arg);
}

/*
 * Parse a 200 body into the item: the feed with its entries, and each
 * entry's key and hash.  This is the CPU-heavy half of storing a feed, and
 * it needs no database, so it runs on the parse thread.  The body
 * stays the job's.  A body over FETCH_PARSE_MAX is left alone: held
 * parsed, a very large feed takes much more memory than its body did, so
 * it is parsed by store_stream() entry by entry into the database instead.
 */
static void
item_parse(struct fetch_item *it)
{
	struct fetch_job	*job = &it->job;
	struct fetch_feed	*ff = job->arg;
	const char		*url, *data;
	size_t			 i, n;

	if (job->error != NULL || job->status == 304 ||
	    job->body.len > FETCH_PARSE_MAX)
		return;
	it->parsed = 1;
	url = job->final_url != NULL ? job->final_url : ff->url;
	data = job->body.s != NULL ? job->body.s : "";
	it->feed = feed_parse(data, job->body.len, url, job->charset, NULL,
	    NULL, &it->parse_err);
	if (it->feed == NULL)
		return;
	n = it->feed->nentries ? it->feed->nentries : 1;
	it->keys = xcalloc(n, sizeof *it->keys);
	it->hashes = xcalloc(n, sizeof *it->hashes);
	for (i = 0; i < it->feed->nentries; i++) {
		it->keys[i] = entry_key(&it->feed->entries[i], url);
		it->hashes[i] = db_entry_hash(&it->feed->entries[i]);
	}
}

/* Free what item_parse() made. */
static void
item_clear(struct fetch_item *it)
{
	size_t	 i;

	if (it->feed != NULL) {
		for (i = 0; i < it->feed->nentries; i++)
			free(it->keys[i]);
		free(it->keys);
		free(it->hashes);
		feed_free(it->feed);
	}
	free(it->parse_err);
	it->feed = NULL;
	it->keys = NULL;
	it->hashes = NULL;
	it->parse_err = NULL;
}

/* Free the items linked from it by next, each with all it holds. */
static void
items_free(struct fetch_item *it)
{
	struct fetch_item	*next;

	for (; it != NULL; it = next) {
		next = it->next;
		item_clear(it);
		fetch_job_clear(&it->job);
		free(it);
	}
}

/*
 * Put it on q, freeing what the consumer gave back meanwhile (fetch-queue.c,
 * invariant 5).
 */
static void
queue_put(struct fetch_queue *q, struct fetch_item *it)
{
	struct fetch_item	*spent;
	int			 put;

	do {
		put = fetch_queue_put(q, it, &spent);
		items_free(spent);
	} while (!put);
}

/* The parser's entry callback: store each entry as soon as it is complete. */
static int
store_entry(struct entry *e, void *arg)
{
	struct store	*s = arg;
	char		*key;
	int		 rc;

	key = entry_key(e, s->feed_url);
	rc = db_store_entry(s->st->db, s->feed_id, e, key, db_entry_hash(e));
	free(key);
	if (rc == -1) {
		s->store_failed = 1;
		return 1;	/* stop the parse: the transaction is lost */
	}
	if (rc == 1)
		s->feed_new++;
	return 0;
}

/* The database failed while a feed was stored: returns a heap message. */
static char *
store_dberr(struct store *s)
{
	char	*msg;

	s->st->dberror = 1;
	xasprintf(&msg, "database: %s", db_errmsg(s->st->db));
	return msg;
}

/* A feed was stored, with nnew new posts: count it, and in its batch. */
static void
store_count(struct store *s, int64_t nnew)
{
	s->st->new_posts += nnew;
	if (s->batch) {
		s->batch_feeds++;
		s->batch_new += nnew;
	}
}

/* "not a feed: WHY" for a body that did not parse, a heap string. */
static char *
not_a_feed(const char *why)
{
	char	*msg;

	xasprintf(&msg, "not a feed: %s", why != NULL ? why :
	    "unknown format");
	return msg;
}

/*
 * Parse a large 200 body straight into the database.  As store_body(); the
 * feed has a savepoint of its own, since the parse may still fail after
 * some of its entries are stored.
 */
static char *
store_stream(struct store *s, struct fetch_feed *ff, struct fetch_job *job,
    struct db_fetch_result *res)
{
	struct db	*db = s->st->db;
	struct feed	*feed;
	const char	*data = job->body.s != NULL ? job->body.s : "";
	char		*err = NULL, *msg;
	int		 rc;

	batch_begin(s);
	if ((rc = db_store_begin(db, ff->id)) == -1)
		return store_dberr(s);
	if (rc == 1)
		return NULL;	/* unsubscribed meanwhile */
	s->feed_id = ff->id;
	s->feed_url = job->final_url != NULL ? job->final_url : ff->url;
	s->feed_new = 0;
	s->store_failed = 0;
	feed = feed_parse(data, job->body.len, s->feed_url, job->charset,
	    store_entry, s, &err);
	if (s->store_failed) {
		db_store_abort(db);
		feed_free(feed);
		free(err);
		return store_dberr(s);
	}
	if (feed == NULL) {
		/* Nothing of a document that is not a feed is kept. */
		db_store_abort(db);
		msg = not_a_feed(err);
		free(err);
		return msg;
	}
	if (db_store_end(db, ff->id, feed, res) == -1) {
		feed_free(feed);
		return store_dberr(s);
	}
	store_count(s, s->feed_new);
	feed_free(feed);
	return NULL;
}

/*
 * Store a 200 body, parsed or not.  Returns NULL or a heap error.  A parsed
 * feed is stored straight into the batch (db_store_join()): should the
 * database fail half-way, the whole batch is undone (batch_lost()).
 */
static char *
store_body(struct store *s, struct fetch_feed *ff, struct fetch_item *it,
    struct db_fetch_result *res)
{
	struct db	*db = s->st->db;
	struct feed	*feed = it->feed;
	int64_t		 nnew = 0;
	size_t		 i;
	char		*msg;
	int		 rc;

	if (!it->parsed)
		return store_stream(s, ff, &it->job, res);
	if (feed == NULL) {
		/* Nothing of a document that is not a feed is kept. */
		return not_a_feed(it->parse_err);
	}
	batch_begin(s);
	if (!s->batch || (rc = db_store_join(db, ff->id)) == -1)
		return store_dberr(s);
	if (rc == 1)
		return NULL;	/* unsubscribed meanwhile */
	for (i = 0; i < feed->nentries; i++) {
		rc = db_store_entry(db, ff->id, &feed->entries[i],
		    it->keys[i], it->hashes[i]);
		if (rc == -1)
			goto lost;
		if (rc == 1)
			nnew++;
	}
	if (db_store_finish(db, ff->id, feed, res) == -1)
		goto lost;
	store_count(s, nnew);
	return NULL;

lost:
	msg = store_dberr(s);
	db_store_abort(db);
	batch_lost(s);
	return msg;
}

/* One transfer is over and its body parsed: store its outcome. */
static void
fetch_store(struct store *s, struct fetch_item *it)
{
	struct fetch_state	*st = s->st;
	struct fetch_job	*job = &it->job;
	struct fetch_feed	*ff = job->arg;
	struct db_fetch_result	 res;
	char			*err = NULL;

	memset(&res, 0, sizeof res);
	res.time = (int64_t)time(NULL);
	res.status = (int)job->status;
	res.retry_after = job->retry_after != 0 ? job->retry_after :
	    DATE_NONE;

	if (job->error == NULL && job->status != 304) {
		res.etag = job->new_etag;
		res.last_modified = job->new_last_modified;
		err = store_body(s, ff, it, &res);
		if (err != NULL) {
			res.error = err;
			res.etag = res.last_modified = NULL;
			if (db_feed_set_status(st->db, ff->id, &res) == -1)
				st->dberror = 1;
		}
	} else {
		/*
		 * A 304 or a failure: its time and outcome are recorded in
		 * the batch, so that a thousand unchanged feeds share a few
		 * commits as the changed ones do.
		 */
		batch_begin(s);
		res.error = job->error;
		if (db_feed_set_status(st->db, ff->id, &res) == -1)
			st->dberror = 1;
		if (job->status == 410 &&
		    db_feed_set_disabled(st->db, ff->id, 1,
		    "HTTP 410 Gone: the feed was removed") == -1)
			st->dberror = 1;
	}
	/*
	 * Retention runs on every fetch, not only when new posts came
	 * (db_store_finish() did it then): a feed that stopped changing
	 * must still be trimmed.
	 */
	if ((job->error != NULL || job->status == 304 || err != NULL) &&
	    db_expire(st->db, ff->id) == -1)
		st->dberror = 1;

	/* A permanent redirect moves the subscription, after a success. */
	if (job->moved_url != NULL && job->error == NULL && err == NULL &&
	    strcmp(job->moved_url, ff->url) != 0 &&
	    db_feed_set_url(st->db, ff->id, job->moved_url) != 0) {
		progress_clear(st);
		warnx_(_("%s: moved to %s, but that URL cannot be stored"),
		    ff->url, job->moved_url);
	}

	st->done++;
	if (job->error != NULL)
		fetch_report_failure(st, ff->url, job->error);
	else if (err != NULL)
		fetch_report_failure(st, ff->url, err);
	if (job->status == 410) {
		progress_clear(st);
		if (!st->quiet)
			warnx_(_("%s: disabled: the server says the feed is gone"),
			    ff->url);
	}
	progress_draw(st);
	free(err);
	/*
	 * After a database error, end the batch at once: a full disk makes
	 * SQLite roll the whole transaction back by itself, and the next
	 * feed must start a transaction of its own, not run outside one.
	 */
	if (s->batch && (st->dberror ||
	    now_ms() - s->batch_start >= FETCH_BATCH_MS))
		batch_commit(s);
	wal_restart(s);
}

/* fetch_run()'s callback when there is no store thread: all inline. */
static void
fetch_done(struct fetch_job *job, void *arg)
{
	struct fetch_item	 it;

	memset(&it, 0, sizeof it);
	it.job = *job;		/* borrowed: fetch_run() frees the results */
	item_parse(&it);
	fetch_store(arg, &it);
	item_clear(&it);
}

/* Parse the item's body, which is freed once it is parsed. */
static void
item_ready(struct fetch_item *it)
{
	item_parse(it);
	if (it->parsed)
		buf_free(&it->job.body);
}

/*
 * fetch_run()'s callback when the store thread runs: take the job's results
 * (fetch_run() frees only what is left in the job) and queue them for the
 * parse thread, or, without one, parse the body here, queue the item for
 * the store thread and free those it is through with; either waits while
 * its queue is full (fetch-queue.c).
 */
static void
fetch_enqueue(struct fetch_job *job, void *arg)
{
	struct store		*s = arg;
	struct fetch_item	*it;

	it = xcalloc(1, sizeof *it);
	it->job = *job;
	/* What the parsed feed holds is about what its body was. */
	it->bytes = job->body.len;
	memset(&job->body, 0, sizeof job->body);
	job->final_url = job->moved_url = job->charset = NULL;
	job->content_type = job->new_etag = job->new_last_modified = NULL;
	job->error = NULL;
	if (s->raw != NULL) {
		queue_put(s->raw, it);
		return;
	}
	item_ready(it);
	queue_put(s->queue, it);
}

/*
 * The parse thread: parse each body the network thread queued, in order,
 * and pass it on to the store thread, until the network is done; and free
 * what the store thread is through with, since this thread allocated it
 * (fetch-queue.c, invariant 5).  Parsing is the larger part of the CPU a
 * fetch spends; on the network thread it made every transfer wait for it.
 */
static void *
parse_main(void *arg)
{
	struct store		*s = arg;
	struct fetch_item	*it;

	while ((it = fetch_queue_take(s->raw, -1)) != NULL) {
		fetch_queue_done(s->raw, it);
		item_ready(it);
		queue_put(s->queue, it);
	}
	return NULL;
}

/*
 * The checkpoint thread: after each commit, copy the WAL back into the
 * database (see db_checkpointer_open()), until the store thread is over.
 * What is left then, the close copies.
 */
static void *
checkpoint_main(void *arg)
{
	struct store	*s = arg;
	unsigned	 seen = 0;

	while (fetch_queue_wait_commit(s->queue, &seen) == 0)
		fetch_queue_copied(s->queue, seen, db_checkpointer_run(s->cp));
	return NULL;
}

/*
 * How long the store thread may wait for the queue: for ever without a
 * batch open, else until the batch is FETCH_BATCH_MS old (0: now).
 */
static int
batch_wait(const struct store *s)
{
	int64_t	 left;

	if (!s->batch)
		return -1;
	left = FETCH_BATCH_MS - (now_ms() - s->batch_start);
	return left > 0 ? (int)left : 0;
}

/*
 * The store thread: store each queued transfer in turn, and give it back
 * to its producer to be freed, committing each batch once it is
 * FETCH_BATCH_MS old or the queue is closed; it ends once the queue is
 * closed and empty.
 */
static void *
store_main(void *arg)
{
	struct store		*s = arg;
	struct fetch_item	*it;

	for (;;) {
		if ((it = fetch_queue_take(s->queue, batch_wait(s))) == NULL) {
			if (!s->batch)
				break;
			if (batch_wait(s) == 0 || fetch_queue_closed(s->queue))
				batch_commit(s);
			continue;	/* something may have come */
		}
		fetch_store(s, it);
		fetch_queue_done(s->queue, it);
		/*
		 * A body too large to be parsed ahead (it was parsed into the
		 * database entry by entry) goes now: the network thread
		 * allocated it, and it may be many megabytes.
		 */
		buf_free(&it->job.body);
		fetch_queue_spend(s->queue, it);
	}
	return NULL;
}

/*
 * Start the checkpoint thread, before the store thread, which it leaves
 * the copying to (db_wal_elsewhere()); without one (no connection or no
 * thread) s->cp is NULL and the store's connection copies at commit.
 */
static void
checkpointer_start(struct store *s, pthread_t *t)
{
	if ((s->cp = db_checkpointer_open(s->st->db)) == NULL)
		return;
	if (pthread_create(t, NULL, checkpoint_main, s) != 0) {
		db_checkpointer_close(s->cp);
		s->cp = NULL;
		return;
	}
	db_wal_elsewhere(s->st->db, 0);
}

/* End the checkpoint thread, if there is one, the store thread over. */
static void
checkpointer_stop(struct store *s, pthread_t t)
{
	if (s->cp == NULL)
		return;
	fetch_queue_stored(s->queue);
	pthread_join(t, NULL);
	db_checkpointer_close(s->cp);
	s->cp = NULL;
	db_wal_elsewhere(s->st->db, 1);
}

/*
 * Run the transfers with the store thread beside them, and the checkpoint
 * thread if it can be had; or, if the store thread cannot be started,
 * storing each feed inline.  Returns fetch_run()'s result.
 */
static int
store_threaded(struct store *s, struct fetch_job *jobs, size_t njobs,
    struct fetch_opts *opts)
{
	pthread_t	 store, checkpoint, parse;
	int		 rc;

	/* libxml2 is thread-safe once initialised, and only from this thread. */
	parse_init();
	if ((s->queue = fetch_queue_new()) == NULL)
		goto serial;
	checkpointer_start(s, &checkpoint);
	if (pthread_create(&store, NULL, store_main, s) != 0) {
		checkpointer_stop(s, checkpoint);
		fetch_queue_free(s->queue);
		s->queue = NULL;
		goto serial;
	}
	if ((s->raw = fetch_queue_new()) != NULL &&
	    pthread_create(&parse, NULL, parse_main, s) != 0) {
		fetch_queue_free(s->raw);
		s->raw = NULL;
	}
	opts->idle = NULL;
	rc = fetch_run(jobs, njobs, opts, fetch_enqueue, s);
	if (s->raw != NULL) {
		fetch_queue_close(s->raw);
		pthread_join(parse, NULL);
		fetch_queue_free(s->raw);
		s->raw = NULL;
	}
	fetch_queue_close(s->queue);
	pthread_join(store, NULL);
	items_free(fetch_queue_spent(s->queue));
	checkpointer_stop(s, checkpoint);
	fetch_queue_free(s->queue);
	s->queue = NULL;
	return rc;

serial:
	opts->idle = fetch_idle;
	return fetch_run(jobs, njobs, opts, fetch_done, s);
}

/*
 * Store job, fetched already (its arg its struct fetch_feed), as
 * fetch_store_run() stores each of its own, and commit: 'majlis add' keeps
 * the answer that told it the URL is a feed, as the feed's first fetch.
 * The job's results stay the caller's.
 */
void
fetch_store_job(struct fetch_state *st, struct fetch_job *job)
{
	struct store	 s;

	memset(&s, 0, sizeof s);
	s.st = st;
	st->total = 1;
	parse_init();
	fetch_done(job, &s);
	batch_commit(&s);
	progress_clear(st);
}

/*
 * Fetch the jobs, whose args are their struct fetch_feed, and store each
 * outcome, counting in st and drawing the progress.  st->db holds the
 * fetch lock and is not used by the caller until this returns; everything
 * stored is committed then.  Returns fetch_run()'s result: -1 if libcurl
 * could not be initialised.
 */
int
fetch_store_run(struct fetch_state *st, struct fetch_job *jobs, size_t njobs,
    struct fetch_opts *opts)
{
	struct store	 s;
	int		 rc;

	memset(&s, 0, sizeof s);
	s.st = st;
	st->total = njobs;
	progress_draw(st);
	if ((rc = store_threaded(&s, jobs, njobs, opts)) == -1)
		return -1;
	batch_commit(&s);
	progress_clear(st);
	return rc;
}

/*
 * Is the feed f fetched now?  Not when it is disabled, nor when its member
 * list dropped it (its id is in left[0..nleft), db_feeds_left()), nor,
 * unless it was named on the command line or all says so, before its own
 * interval (feed URL interval=6h) is over since its last fetch, nor while
 * the wait its server asked for (Retry-After) is not over.  In that order:
 * the first reason is the one said.
 */
enum fetch_plan
fetch_plan(const struct fetch_feed *f, const int64_t *left, size_t nleft,
    int named, int all, time_t now)
{
	if (f->disabled)
		return FETCH_DISABLED;
	if (follow_left(left, nleft, f->id))
		return FETCH_LEFT;
	if (!named && !all && f->interval > 0 && f->last_fetch != DATE_NONE &&
	    (int64_t)now < f->last_fetch + f->interval)
		return FETCH_NOT_DUE;
	if (f->retry_after != DATE_NONE && f->retry_after > now)
		return FETCH_WAIT;
	return FETCH_GO;
}
