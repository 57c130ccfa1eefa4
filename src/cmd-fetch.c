/*
 * cmd-fetch.c: majlis fetch [-q] [-j N] [--wait] [URL...]
 *
 * Fetch every subscribed feed, or the ones named, and store what changed.
 * This is the glue between the transfer engine (fetch.c), the parser and
 * the database: as each transfer finishes, its body is parsed
 * (item_parse()) and then stored in one database transaction
 * (fetch_store(): db_store_begin .. db_store_end).  Only the feeds in
 * flight or queued are in memory, so it stays flat in the number of feeds.
 *
 * What each outcome does to the feed's row:
 *   200      posts upserted, validators and title updated, status cleared
 *   304      nothing, unless the feed was failing before (then the status
 *            is cleared): an unchanged feed costs no database write
 *   301/308  the stored URL becomes the new one (after a success only)
 *   410      the feed is disabled, with the reason, and no longer fetched
 *   429/503  Retry-After is stored; until then the feed is skipped
 *   failure  status and a one-line error, shown by 'majlis feeds'
 *
 * Two fetches never run at once: db_fetch_lock() serialises them, and the
 * second one waits (--wait) or says so and exits 0, since for cron the
 * feeds are being fetched either way.
 *
 * Batches.  The feeds that finish back to back share one write transaction.
 * A feed is stored whole or not at all: one parsed whole before it is stored can
 * fail only on a database error, which undoes the batch (batch_lost(); a full
 * disk rolls it all back anyway), so it is written straight into the batch
 * (db_store_join()); a large feed, parsed entry by entry into the database, may
 * still turn out not to be a feed half-way, so it gets a level of its own (a
 * savepoint, db.c) and a bad one does not undo the others.  The batch is
 * committed when the loop is about to wait for the network (fetch_idle()), or
 * once it is FETCH_BATCH_MS old: the write lock is never held across a wait,
 * and a crash loses at most the feeds of the last fraction of a second, which
 * the next fetch gets again since their validators were not stored either.
 * Measured on 200 feeds of 50 posts: 0.35 s of CPU instead of 0.39 s with a
 * commit per feed, as each commit writes the pages of the posts' indexes to the
 * WAL again.  Nothing is begun for a 304: an unchanged feed still costs no
 * write.
 *
 * Three threads.  The network and the parse-and-store work share nothing but
 * the finished transfers, so they run side by side: the main thread runs
 * fetch_run(), parses each finished body and queues the result
 * (fetch_enqueue()), and one store thread (store_main()) takes them off the
 * queue in order, does every database call, and prints every message and
 * progress line.  After each of its commits a checkpoint thread
 * (checkpoint_main()) copies the WAL back into the database file on a
 * connection of its own, which otherwise the close would do alone once the
 * network is done.  Measured on 200 feeds of 50 posts (one run, perf): the main
 * thread 0.14 s of CPU, the store thread 0.15 s, the checkpoint thread 0.05 s;
 * 0.24 s wall instead of 0.44 s on one thread (medians of 7 runs taking turns),
 * and 0.225 s once a parsed feed was written straight into the batch.  The
 * fetch's SQLite connection is only ever used by one thread at a time: the
 * store thread during the run, the main thread before it starts and after it is
 * joined.  The invariants of the queue:
 *   1. an item is a finished job whose results the queue owns, taken from
 *      fetch_run() by fetch_enqueue(); store_main() frees it when stored;
 *   2. the bodies of the feeds queued (parsed, but a parsed feed holds
 *      about what its body did) add up to at most FETCH_QUEUE_BYTES (one
 *      is always let in), so a slow disk holds the network back instead of
 *      letting memory grow with the number of feeds (4 MB instead of 1
 *      cost 2 to 4 MB more at the peak and saved no time);
 *   3. once 'closed' is set (fetch_run() is over) nothing more is queued,
 *      and the store thread commits what it has and ends when it is empty;
 *   4. the checkpoint thread ends once 'stored' is set, after the store
 *      thread has been joined.
 * The batch is committed when the queue runs dry, the store thread's
 * equivalent of the single-threaded loop's "about to wait".  Should the
 * store thread not start, the same work is done inline, as before; should
 * the checkpoint thread not, the close copies the WAL back.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

#define FETCH_BATCH_MS	100	/* commit a batch at least this often */
/* Parsed feeds waiting for the store thread; larger bodies are streamed. */
#define FETCH_QUEUE_BYTES	(1 * 1024 * 1024)
#define FETCH_PARSE_MAX		(1024 * 1024)

struct fetch_queue;

static int	cmd_fetch_exec(struct ctx *, int, char **);
static void	queue_committed(struct fetch_queue *);

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "[-q] [-j N] [--wait] [URL...]",
	.help = "fetch all feeds, or the given ones",
	.exec = cmd_fetch_exec
};

/* One feed to fetch: a copy of what the row said, owned here. */
struct fetch_feed {
	int64_t		 id;
	char		*url;
	char		*etag;
	char		*last_modified;
	char		*proxy;
	int64_t		 retry_after;
	int		 status;	/* stored: last HTTP status */
	int		 failing;	/* stored: the last fetch failed */
	int		 disabled;
	char		*disabled_reason;
};

struct fetch_state {
	struct db		*db;
	int			 quiet;
	int			 tty;		/* draw the progress line */
	FILE			*progress;	/* --progress-fd, or NULL */
	size_t			 total;
	size_t			 done;
	size_t			 failed;
	int64_t			 new_posts;
	int			 dberror;	/* the database itself failed */
	int			 batch;		/* a batch is open */
	int64_t			 batch_start;	/* when it was begun, ms */
	size_t			 batch_feeds;	/* stored in it */
	int64_t			 batch_new;	/* new posts in it */
	/* a large feed being parsed, for store_entry() */
	int64_t			 feed_id;
	const char		*feed_url;
	int64_t			 feed_new;
	int			 store_failed;
	struct fetch_queue	*queue;		/* told of each commit, or NULL */
};

/*
 * A finished transfer, its body parsed (item_parse()), on its way to the
 * store thread.  feed, keys and parse_err are the item's; so are the job's
 * results once fetch_enqueue() has taken them.
 */
struct fetch_item {
	struct fetch_item	*next;
	struct fetch_job	 job;
	struct feed		*feed;		/* NULL: no body, or not a feed */
	char			**keys;		/* entry_key() of each entry */
	char			*parse_err;	/* why it is not a feed */
	int			 parsed;	/* else the body is parsed as stored */
	size_t			 bytes;		/* counted against queued_bytes */
};

/* The queue between the two threads; see the top of the file. */
struct fetch_queue {
	pthread_mutex_t		 lock;
	pthread_cond_t		 ready;		/* an item came, or closed */
	pthread_cond_t		 room;		/* bytes were freed */
	struct fetch_item	*head;
	struct fetch_item	*tail;
	size_t			 queued_bytes;
	int			 closed;
	struct fetch_state	*st;		/* the store thread's alone */
	/* the checkpoint thread's */
	pthread_cond_t		 committed;	/* commits changed, or stored */
	unsigned		 commits;	/* made by the store thread */
	int			 stored;	/* the store thread is over */
	struct db_checkpointer	*cp;
};

static void
fetch_feed_clear(struct fetch_feed *f)
{
	free(f->url);
	free(f->etag);
	free(f->last_modified);
	free(f->proxy);
	free(f->disabled_reason);
}

static void
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
	f->status = row->status;
	f->failing = row->error != NULL || row->failures > 0;
	f->disabled = row->disabled;
	f->disabled_reason = row->disabled_reason != NULL ?
	    xstrdup(row->disabled_reason) : NULL;
}

struct feed_list {
	struct fetch_feed	*v;
	size_t			 n;
	size_t			 cap;
};

static struct fetch_feed *
feed_list_add(struct feed_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	return &l->v[l->n++];
}

static int
collect_feed(const struct db_feed *row, void *arg)
{
	fetch_feed_copy(feed_list_add(arg), row);
	return 0;
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
	printf("\r\033[Kfetching %zu/%zu  %lld new  %zu failed", st->done,
	    st->total, (long long)st->new_posts, st->failed);
	fflush(stdout);
}

/* A feed failed: one line on stderr, "majlis: URL: WHY". */
static void
report_failure(struct fetch_state *st, const char *url, const char *why)
{
	char	*safe_url = text_safe(url), *safe_why = text_safe(why);

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
batch_begin(struct fetch_state *st)
{
	if (st->batch || db_begin(st->db) == -1)
		return;
	st->batch = 1;
	st->batch_start = now_ms();
	st->batch_feeds = 0;
	st->batch_new = 0;
}

/*
 * The open batch is undone (a failed commit, or a database error while a
 * feed was stored in it): its feeds were not stored after all, and count
 * as failed.  Their validators went with them, so the next fetch gets
 * them again.
 */
static void
batch_lost(struct fetch_state *st)
{
	st->batch = 0;
	st->dberror = 1;
	st->failed += st->batch_feeds;
	st->new_posts -= st->batch_new;
}

/*
 * Commit the open batch, if any.  A failure (a full disk) loses its feeds:
 * say so, and count them failed rather than fetched.
 */
static void
batch_commit(struct fetch_state *st)
{
	if (!st->batch)
		return;
	if (db_commit(st->db) == -1) {
		batch_lost(st);
		progress_clear(st);
		warnx_("%s: %s", db_path(st->db), db_errmsg(st->db));
		return;
	}
	st->batch = 0;
	if (st->queue != NULL)
		queue_committed(st->queue);
}

/* fetch_run()'s idle callback: about to wait, so let the lock go. */
static void
fetch_idle(void *arg)
{
	batch_commit(arg);
}

/*
 * Parse a 200 body into the item: the feed with its entries, and each
 * entry's key.  This is the CPU-heavy half of storing a feed, and it needs
 * no database, so it runs on the thread that runs the network.  The body
 * stays the job's.  A body over FETCH_PARSE_MAX is left alone: held parsed,
 * a 16 MB feed of 200,000 entries took 110 MB instead of 64, so it is
 * parsed by store_body() entry by entry into the database instead.
 */
static void
item_parse(struct fetch_item *it)
{
	struct fetch_job	*job = &it->job;
	struct fetch_feed	*ff = job->arg;
	const char		*url, *data;
	size_t			 i;

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
	it->keys = xcalloc(it->feed->nentries ? it->feed->nentries : 1,
	    sizeof *it->keys);
	for (i = 0; i < it->feed->nentries; i++)
		it->keys[i] = entry_key(&it->feed->entries[i], url);
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
		feed_free(it->feed);
	}
	free(it->parse_err);
	it->feed = NULL;
	it->keys = NULL;
	it->parse_err = NULL;
}

/* The parser's entry callback: store each entry as soon as it is complete. */
static int
store_entry(struct entry *e, void *arg)
{
	struct fetch_state	*st = arg;
	char			*key;
	int			 rc;

	key = entry_key(e, st->feed_url);
	rc = db_store_entry(st->db, st->feed_id, e, key);
	free(key);
	if (rc == -1) {
		st->store_failed = 1;
		return 1;	/* stop the parse: the transaction is lost */
	}
	if (rc == 1)
		st->feed_new++;
	return 0;
}

/* The database failed while a feed was stored: returns a heap message. */
static char *
store_dberr(struct fetch_state *st)
{
	char	*msg;

	st->dberror = 1;
	xasprintf(&msg, "database: %s", db_errmsg(st->db));
	return msg;
}

/* A feed was stored, with nnew new posts: count it, and in its batch. */
static void
store_count(struct fetch_state *st, int64_t nnew)
{
	st->new_posts += nnew;
	if (st->batch) {
		st->batch_feeds++;
		st->batch_new += nnew;
	}
}

/*
 * Parse a large 200 body straight into the database.  As store_body(); the
 * feed has a savepoint of its own, since the parse may still fail after
 * some of its entries are stored.
 */
static char *
store_stream(struct fetch_state *st, struct fetch_feed *ff,
    struct fetch_job *job, struct db_fetch_result *res)
{
	struct feed	*feed;
	const char	*data = job->body.s != NULL ? job->body.s : "";
	char		*err = NULL, *msg;
	int		 rc;

	batch_begin(st);
	if ((rc = db_store_begin(st->db, ff->id)) == -1)
		return store_dberr(st);
	if (rc == 1)
		return NULL;	/* unsubscribed meanwhile */
	st->feed_id = ff->id;
	st->feed_url = job->final_url != NULL ? job->final_url : ff->url;
	st->feed_new = 0;
	st->store_failed = 0;
	feed = feed_parse(data, job->body.len, st->feed_url, job->charset,
	    store_entry, st, &err);
	if (st->store_failed) {
		db_store_abort(st->db);
		feed_free(feed);
		free(err);
		return store_dberr(st);
	}
	if (feed == NULL) {
		/* Nothing of a document that is not a feed is kept. */
		db_store_abort(st->db);
		xasprintf(&msg, "not a feed: %s", err != NULL ? err :
		    "unknown format");
		free(err);
		return msg;
	}
	if (db_store_end(st->db, ff->id, feed, res) == -1) {
		feed_free(feed);
		return store_dberr(st);
	}
	store_count(st, st->feed_new);
	feed_free(feed);
	return NULL;
}

/*
 * Store a 200 body, parsed or not.  Returns NULL or a heap error.  A parsed
 * feed is stored straight into the batch (db_store_join()): should the
 * database fail half-way, the whole batch is undone (batch_lost()).
 */
static char *
store_body(struct fetch_state *st, struct fetch_feed *ff,
    struct fetch_item *it, struct db_fetch_result *res)
{
	struct feed	*feed = it->feed;
	int64_t		 nnew = 0;
	size_t		 i;
	char		*msg;
	int		 rc;

	if (!it->parsed)
		return store_stream(st, ff, &it->job, res);
	if (feed == NULL) {
		/* Nothing of a document that is not a feed is kept. */
		xasprintf(&msg, "not a feed: %s", it->parse_err != NULL ?
		    it->parse_err : "unknown format");
		return msg;
	}
	batch_begin(st);
	if (!st->batch || (rc = db_store_join(st->db, ff->id)) == -1)
		return store_dberr(st);
	if (rc == 1)
		return NULL;	/* unsubscribed meanwhile */
	for (i = 0; i < feed->nentries; i++) {
		rc = db_store_entry(st->db, ff->id, &feed->entries[i],
		    it->keys[i]);
		if (rc == -1)
			goto lost;
		if (rc == 1)
			nnew++;
	}
	if (db_store_finish(st->db, ff->id, feed, res) == -1)
		goto lost;
	store_count(st, nnew);
	return NULL;

lost:
	msg = store_dberr(st);
	db_store_abort(st->db);
	batch_lost(st);
	return msg;
}

/* One transfer is over and its body parsed: store its outcome. */
static void
fetch_store(struct fetch_state *st, struct fetch_item *it)
{
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
		err = store_body(st, ff, it, &res);
		if (err != NULL) {
			res.error = err;
			res.etag = res.last_modified = NULL;
			if (db_feed_set_status(st->db, ff->id, &res) == -1)
				st->dberror = 1;
		}
	} else if (job->status == 304 && !ff->failing &&
	    (ff->status == 200 || ff->status == 304)) {
		/*
		 * Unchanged, and it was fine last time: nothing to write.
		 * (Only a feed recovering from an error has its status
		 * written on a 304.)
		 */
	} else {
		res.error = job->error;
		if (db_feed_set_status(st->db, ff->id, &res) == -1)
			st->dberror = 1;
		if (job->status == 410 &&
		    db_feed_set_disabled(st->db, ff->id, 1,
		    "HTTP 410 Gone: the feed was removed") == -1)
			st->dberror = 1;
	}

	/* A permanent redirect moves the subscription, after a success. */
	if (job->moved_url != NULL && job->error == NULL && err == NULL &&
	    strcmp(job->moved_url, ff->url) != 0 &&
	    db_feed_set_url(st->db, ff->id, job->moved_url) != 0) {
		progress_clear(st);
		warnx_("%s: moved to %s, but that URL cannot be stored",
		    ff->url, job->moved_url);
	}

	st->done++;
	if (job->error != NULL)
		report_failure(st, ff->url, job->error);
	else if (err != NULL)
		report_failure(st, ff->url, err);
	if (job->status == 410) {
		progress_clear(st);
		if (!st->quiet)
			warnx_("%s: disabled: the server says the feed is gone",
			    ff->url);
	}
	progress_draw(st);
	free(err);
	/*
	 * After a database error, end the batch at once: a full disk makes
	 * SQLite roll the whole transaction back by itself, and the next
	 * feed must start a transaction of its own, not run outside one.
	 */
	if (st->batch && (st->dberror ||
	    now_ms() - st->batch_start >= FETCH_BATCH_MS))
		batch_commit(st);
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

/*
 * fetch_run()'s callback when the store thread runs: take the job's results
 * (fetch_run() frees only what is left in the job) and queue them, waiting
 * while the queue holds FETCH_QUEUE_BYTES already.
 */
static void
fetch_enqueue(struct fetch_job *job, void *arg)
{
	struct fetch_queue	*q = arg;
	struct fetch_item	*it;

	it = xcalloc(1, sizeof *it);
	it->job = *job;
	/* What the parsed feed holds is about what its body was. */
	it->bytes = job->body.len;
	item_parse(it);
	if (it->parsed) {
		buf_free(&job->body);
		memset(&it->job.body, 0, sizeof it->job.body);
	} else
		memset(&job->body, 0, sizeof job->body);
	job->final_url = job->moved_url = job->charset = NULL;
	job->content_type = job->new_etag = job->new_last_modified = NULL;
	job->error = NULL;

	pthread_mutex_lock(&q->lock);
	while (q->queued_bytes > 0 &&
	    q->queued_bytes + it->bytes > FETCH_QUEUE_BYTES)
		pthread_cond_wait(&q->room, &q->lock);
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	q->queued_bytes += it->bytes;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/* No more items will come: let the store thread finish. */
static void
queue_close(struct fetch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/* The store thread committed: wake the checkpoint thread. */
static void
queue_committed(struct fetch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->commits++;
	pthread_cond_signal(&q->committed);
	pthread_mutex_unlock(&q->lock);
}

/*
 * The checkpoint thread: after each commit, copy the WAL back into the
 * database (see db_checkpointer_open()), until the store thread is over.
 * What is left then, the close copies.
 */
static void *
checkpoint_main(void *arg)
{
	struct fetch_queue	*q = arg;
	unsigned		 seen = 0;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->commits == seen && !q->stored)
			pthread_cond_wait(&q->committed, &q->lock);
		if (q->stored)
			break;
		seen = q->commits;
		pthread_mutex_unlock(&q->lock);
		db_checkpointer_run(q->cp);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/*
 * The store thread: store each queued transfer in turn.  When the queue is
 * empty it commits the open batch before it waits, so the write lock is
 * not held while nothing is being written.
 */
static void *
store_main(void *arg)
{
	struct fetch_queue	*q = arg;
	struct fetch_item	*it;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		if (q->head == NULL) {
			if (q->st->batch) {
				pthread_mutex_unlock(&q->lock);
				batch_commit(q->st);
				pthread_mutex_lock(&q->lock);
				continue;	/* something may have come */
			}
			if (q->closed)
				break;
			pthread_cond_wait(&q->ready, &q->lock);
			continue;
		}
		it = q->head;
		if ((q->head = it->next) == NULL)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);

		fetch_store(q->st, it);
		item_clear(it);
		fetch_job_clear(&it->job);

		pthread_mutex_lock(&q->lock);
		q->queued_bytes -= it->bytes;
		pthread_cond_signal(&q->room);
		free(it);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

/* Make the queue's locks.  Returns 0, or -1 with nothing to undo. */
static int
queue_init(struct fetch_queue *q, struct fetch_state *st)
{
	memset(q, 0, sizeof *q);
	q->st = st;
	if (pthread_mutex_init(&q->lock, NULL) != 0)
		return -1;
	if (pthread_cond_init(&q->ready, NULL) != 0)
		goto lock;
	if (pthread_cond_init(&q->room, NULL) != 0)
		goto ready;
	if (pthread_cond_init(&q->committed, NULL) != 0)
		goto room;
	return 0;

room:
	pthread_cond_destroy(&q->room);
ready:
	pthread_cond_destroy(&q->ready);
lock:
	pthread_mutex_destroy(&q->lock);
	return -1;
}

static void
queue_destroy(struct fetch_queue *q)
{
	pthread_cond_destroy(&q->committed);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->ready);
	pthread_mutex_destroy(&q->lock);
}

/*
 * Run the transfers with the store thread beside them, and the checkpoint
 * thread if it can be had; or, if the store thread cannot be started,
 * storing each feed inline.  Returns fetch_run()'s result.
 */
static int
fetch_threaded(struct fetch_job *jobs, size_t njobs, struct fetch_opts *opts,
    struct fetch_state *st)
{
	struct fetch_queue	 q;
	pthread_t		 store, checkpoint;
	int			 rc;

	/* libxml2 is thread-safe once initialised, and only from this thread. */
	parse_init();
	if (queue_init(&q, st) == -1)
		goto serial;
	if (pthread_create(&store, NULL, store_main, &q) != 0) {
		queue_destroy(&q);
		goto serial;
	}
	if ((q.cp = db_checkpointer_open(st->db)) != NULL) {
		if (pthread_create(&checkpoint, NULL, checkpoint_main,
		    &q) == 0)
			st->queue = &q;
		else {
			db_checkpointer_close(q.cp);
			q.cp = NULL;
		}
	}
	opts->idle = NULL;
	rc = fetch_run(jobs, njobs, opts, fetch_enqueue, &q);
	queue_close(&q);
	pthread_join(store, NULL);
	if (q.cp != NULL) {
		pthread_mutex_lock(&q.lock);
		q.stored = 1;
		pthread_cond_signal(&q.committed);
		pthread_mutex_unlock(&q.lock);
		pthread_join(checkpoint, NULL);
		db_checkpointer_close(q.cp);
		st->queue = NULL;
	}
	queue_destroy(&q);
	return rc;

serial:
	opts->idle = fetch_idle;
	return fetch_run(jobs, njobs, opts, fetch_done, st);
}

/*
 * Which feeds: all subscribed ones, or those named on the command line
 * (each must be subscribed; one that is not counts as a failure).
 */
static int
select_feeds(struct fetch_state *st, struct feed_list *l, int argc,
    char **argv)
{
	struct db_feed	*row;
	int64_t		 id;
	int		 i, rc;

	if (argc == 0)
		return db_feeds_foreach(st->db, 0, collect_feed, l) == -1 ?
		    -1 : 0;
	for (i = 0; i < argc; i++) {
		rc = db_feed_find(st->db, argv[i], &id);
		if (rc == -1)
			return -1;
		if (rc == 1 || (row = db_feed_get(st->db, id)) == NULL) {
			report_failure(st, argv[i], "not subscribed");
			continue;
		}
		fetch_feed_copy(feed_list_add(l), row);
		db_feed_free(row);
	}
	return 0;
}

static int
cmd_fetch_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "wait",	no_argument,		NULL, 'w' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "progress-fd", required_argument,	NULL, 'P' },
		{ NULL,		0,			NULL, 0 }
	};
	struct fetch_state	 st;
	struct fetch_opts	 opts;
	struct config		 cfg;
	struct feed_list	 feeds;
	struct fetch_job	*jobs = NULL;
	struct fetch_feed	*ff;
	char			*err = NULL, *end;
	long			 n;
	size_t			 i, njobs = 0, skipped = 0, nleft = 0;
	int64_t			*left = NULL;
	int			 lists_failed = 0;
	time_t			 now;
	int			 ch, jflag = 0, wait = 0, rc, status = EXIT_OK;

	memset(&st, 0, sizeof st);
	memset(&feeds, 0, sizeof feeds);
	while ((ch = getopt_long(argc, argv, "j:q", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 1 || n > 256) {
				warnx_("-j %s: not a number from 1 to 256",
				    optarg);
				return EXIT_USAGE;
			}
			jflag = (int)n;
			break;
		case 'q':
			st.quiet = 1;
			break;
		case 'w':
			wait = 1;
			break;
		case 'P':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    n < 3 || n > INT_MAX ||
			    (st.progress = fdopen((int)n, "w")) == NULL) {
				warnx_("--progress-fd %s: not an open descriptor",
				    optarg);
				return EXIT_USAGE;
			}
			signal(SIGPIPE, SIG_IGN);
			break;
		default:
			return cmd_usage(&cmd_fetch_entry);
		}
	}
	argc -= optind;
	argv += optind;

	if (config_read(&cfg, ctx->config_path, &err) == -1) {
		warnx_("%s", err);
		free(err);
		status = EXIT_USAGE;
		goto out;
	}
	fetch_opts_config(&opts, &cfg);
	if (jflag > 0)
		opts.max_transfers = jflag;

	if ((st.db = cmd_db_open(ctx)) == NULL) {
		status = EXIT_USAGE;
		goto out;
	}
	db_set_retention(st.db, cfg.keep_days, cfg.keep_posts);
	db_set_bulk(st.db);
	rc = db_fetch_lock(st.db, wait);
	if (rc == 1) {
		if (!st.quiet)
			printf("another fetch is running; not fetching\n");
		goto out;
	}
	if (rc == -1) {
		warnx_("%s: %s", db_path(st.db), db_errmsg(st.db));
		status = EXIT_USAGE;
		goto out;
	}

	/* Member lists first: what they say decides which feeds are fetched. */
	if (argc == 0 &&
	    (lists_failed = follow_sync(st.db, &cfg, NULL, 0, !st.quiet)) == -1) {
		status = EXIT_USAGE;
		goto unlock;
	}
	if (select_feeds(&st, &feeds, argc, argv) == -1 ||
	    db_feeds_left(st.db, &left, &nleft) == -1) {
		warnx_("%s: %s", db_path(st.db), db_errmsg(st.db));
		status = EXIT_USAGE;
		goto unlock;
	}

	/* Disabled feeds, and those whose server asked us to wait, stay put. */
	now = time(NULL);
	jobs = xcalloc(feeds.n ? feeds.n : 1, sizeof *jobs);
	for (i = 0; i < feeds.n; i++) {
		ff = &feeds.v[i];
		if (ff->disabled) {
			if (argc > 0 && !st.quiet)
				warnx_("%s: disabled: %s", ff->url,
				    ff->disabled_reason != NULL ?
				    ff->disabled_reason : "by the user");
			skipped++;
			continue;
		}
		if (follow_left(left, nleft, ff->id)) {
			if (argc > 0 && !st.quiet)
				warnx_("%s: not fetched: its member list "
				    "dropped it", ff->url);
			continue;
		}
		if (ff->retry_after != DATE_NONE && ff->retry_after > now) {
			if (!st.quiet)
				warnx_("%s: skipped: the server asked us to "
				    "wait %lld more seconds", ff->url,
				    (long long)(ff->retry_after - now));
			skipped++;
			continue;
		}
		jobs[njobs].url = ff->url;
		jobs[njobs].etag = ff->etag;
		jobs[njobs].last_modified = ff->last_modified;
		jobs[njobs].proxy = ff->proxy;
		jobs[njobs].arg = ff;
		njobs++;
	}

	st.total = njobs;
	st.tty = !st.quiet && isatty(STDOUT_FILENO);
	progress_draw(&st);
	if (fetch_threaded(jobs, njobs, &opts, &st) == -1) {
		warnx_("cannot initialise libcurl");
		status = EXIT_USAGE;
		goto unlock;
	}
	batch_commit(&st);
	if (follow_backlog(st.db, &cfg) == -1) {
		warnx_("%s: %s", db_path(st.db), db_errmsg(st.db));
		st.dberror = 1;
	}
	progress_clear(&st);
	if (!st.quiet) {
		printf("%zu feed%s fetched, %lld new post%s, %zu failed",
		    st.done, st.done == 1 ? "" : "s", (long long)st.new_posts,
		    st.new_posts == 1 ? "" : "s", st.failed);
		if (skipped > 0)
			printf(", %zu skipped", skipped);
		printf("\n");
	}
	if (st.dberror)
		status = EXIT_USAGE;
	else if (st.failed > 0 || lists_failed > 0)
		status = EXIT_SOMEFAIL;

unlock:
	db_fetch_unlock(st.db);
out:
	for (i = 0; i < feeds.n; i++)
		fetch_feed_clear(&feeds.v[i]);
	free(feeds.v);
	free(jobs);
	free(left);
	if (st.db != NULL)
		db_close(st.db);
	config_free(&cfg);
	if (st.progress != NULL)
		fclose(st.progress);
	return status;
}
