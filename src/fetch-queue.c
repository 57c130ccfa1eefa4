/*
 * The bounded queues of a fetch (fetch-store.c): from the network thread
 * to the parse thread, and from the parse thread to the store thread; and
 * the signal from the store thread to the checkpoint thread.  A producer
 * puts each finished transfer with fetch_queue_put(); its consumer takes
 * them in order with fetch_queue_take() and gives each back with
 * fetch_queue_done() once it is through with it.  The invariants:
 *   1. an item is a finished job whose results the queue's caller took
 *      from fetch_run() (fetch-store.c's fetch_enqueue()); once the store
 *      thread is through with it (fetch_queue_done()) it goes back to the
 *      thread that parsed it, to be freed there (invariant 5);
 *   2. the bodies of the feeds queued (parsed, but a parsed feed holds
 *      about what its body did) add up to at most FETCH_QUEUE_BYTES, one
 *      item always being let in: fetch_queue_put() waits for room, so a
 *      slow disk holds the network back instead of letting memory grow
 *      with the number of feeds (a larger bound costs memory at the peak
 *      and saves no time);
 *   3. once fetch_queue_close() has been called (its producer is over)
 *      nothing more is put, and fetch_queue_take() returns NULL when the
 *      queue is empty: the parse thread ends, the store thread commits
 *      what it has and ends;
 *   4. fetch_queue_committed() counts the store thread's commits, and
 *      fetch_queue_wait_commit() waits for a new one until
 *      fetch_queue_stored() says the store thread is over (it has been
 *      joined): then the checkpoint thread ends;
 *   5. fetch_queue_spend() puts an item its consumer is through with on the
 *      queue's spent list, and fetch_queue_spent() hands the whole list to
 *      the producer, which frees it.  glibc gives a freed chunk back to
 *      the arena it came from, under that arena's lock: the store thread
 *      freeing a parsed feed (some fifteen strings an entry) contended
 *      with the parse thread's own mallocs, and spent the store thread's
 *      time, the scarcer of the two, on it (4% of a cold fetch's CPU, all
 *      on the store thread).  The parse thread takes the list whenever
 *      fetch_queue_put() waits for room and after each put, so it holds
 *      at most what the store thread took since: about FETCH_QUEUE_BYTES
 *      of parsed feeds, when the parse thread waited for the network (a
 *      body too large to be parsed ahead the store thread frees itself);
 *   6. after each copy the checkpoint thread says which commit it began
 *      from and whether the whole WAL is in the database now
 *      (fetch_queue_copied()); fetch_queue_all_copied() tells the store
 *      thread whether that holds for its last commit, waiting for the
 *      copy if asked to: the store thread has SQLite start the WAL over
 *      only at such a moment (fetch-store.c's wal_restart()).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "majlis.h"

/* Bodies or parsed feeds waiting; larger bodies are streamed. */
#define FETCH_QUEUE_BYTES	(1 * 1024 * 1024)

struct fetch_queue {
	pthread_mutex_t		 lock;
	pthread_cond_t		 ready;		/* an item came, or closed */
	pthread_cond_t		 room;		/* bytes were freed */
	struct fetch_item	*head;
	struct fetch_item	*tail;
	struct fetch_item	*spent;		/* invariant 5 */
	size_t			 queued_bytes;
	int			 closed;
	/* the checkpoint thread's */
	pthread_cond_t		 committed;	/* commits changed, or stored */
	unsigned		 commits;	/* made by the store thread */
	int			 stored;	/* the store thread is over */
	pthread_cond_t		 copy;		/* a copy is over (invariant 6) */
	unsigned		 copied;	/* the commits it began from */
	int			 copied_whole;	/* and the WAL is all copied */
};

/* An empty queue, or NULL if its locks cannot be made. */
struct fetch_queue *
fetch_queue_new(void)
{
	struct fetch_queue	*q;

	q = xcalloc(1, sizeof *q);
	if (pthread_mutex_init(&q->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&q->ready, NULL) != 0)
		goto lock;
	if (pthread_cond_init(&q->room, NULL) != 0)
		goto ready;
	if (pthread_cond_init(&q->committed, NULL) != 0)
		goto room;
	if (pthread_cond_init(&q->copy, NULL) != 0)
		goto committed;
	return q;

committed:
	pthread_cond_destroy(&q->committed);
room:
	pthread_cond_destroy(&q->room);
ready:
	pthread_cond_destroy(&q->ready);
lock:
	pthread_mutex_destroy(&q->lock);
fail:
	free(q);
	return NULL;
}

/* Free the queue, empty, its spent list taken, no thread waiting on it. */
void
fetch_queue_free(struct fetch_queue *q)
{
	if (q == NULL)
		return;
	pthread_cond_destroy(&q->copy);
	pthread_cond_destroy(&q->committed);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->ready);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

/* Must it wait for room (invariant 2)?  One item is always let in. */
static int
queue_full(const struct fetch_queue *q, const struct fetch_item *it)
{
	return q->queued_bytes > 0 &&
	    q->queued_bytes + it->bytes > FETCH_QUEUE_BYTES;
}

/*
 * Append it, which the queue owns from now on, waiting while the queue
 * holds FETCH_QUEUE_BYTES already (invariant 2).  While it waits, items
 * spent meanwhile (invariant 5) are handed back at once: then it is not
 * put, *spent is the list for the caller to free, and 0 is returned, for
 * the caller to free them and call again.  Returns 1 once it is put, with
 * *spent what was spent by then (or NULL).
 */
int
fetch_queue_put(struct fetch_queue *q, struct fetch_item *it,
    struct fetch_item **spent)
{
	pthread_mutex_lock(&q->lock);
	while (queue_full(q, it) && q->spent == NULL)
		pthread_cond_wait(&q->room, &q->lock);
	*spent = q->spent;
	q->spent = NULL;
	if (queue_full(q, it)) {	/* so *spent is not NULL */
		pthread_mutex_unlock(&q->lock);
		return 0;
	}
	it->next = NULL;
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	q->queued_bytes += it->bytes;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
	return 1;
}

/*
 * The oldest item, taken off the queue.  If the queue is empty: NULL at
 * once if wait_ms is 0, else wait for an item, at most wait_ms
 * milliseconds (-1: for ever); NULL once the queue is closed (invariant 3).
 * The item's bytes still count until fetch_queue_done().
 */
struct fetch_item *
fetch_queue_take(struct fetch_queue *q, int wait_ms)
{
	struct fetch_item	*it;
	struct timespec		 until;

	if (wait_ms > 0) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&q->lock);
	while ((it = q->head) == NULL && wait_ms != 0 && !q->closed) {
		if (wait_ms < 0)
			pthread_cond_wait(&q->ready, &q->lock);
		else if (pthread_cond_timedwait(&q->ready, &q->lock, &until) ==
		    ETIMEDOUT)
			break;
	}
	if (it != NULL && (q->head = it->next) == NULL)
		q->tail = NULL;
	pthread_mutex_unlock(&q->lock);
	return it;
}

/* Is the queue closed (nothing more will be put)? */
int
fetch_queue_closed(struct fetch_queue *q)
{
	int	 closed;

	pthread_mutex_lock(&q->lock);
	closed = q->closed;
	pthread_mutex_unlock(&q->lock);
	return closed;
}

/* it, taken, is stored: its bytes make room.  it is the caller's to free. */
void
fetch_queue_done(struct fetch_queue *q, struct fetch_item *it)
{
	pthread_mutex_lock(&q->lock);
	q->queued_bytes -= it->bytes;
	pthread_cond_signal(&q->room);
	pthread_mutex_unlock(&q->lock);
}

/*
 * it, done (fetch_queue_done()), goes back to the producer (invariant 5),
 * which a put waiting for room takes at once.
 */
void
fetch_queue_spend(struct fetch_queue *q, struct fetch_item *it)
{
	pthread_mutex_lock(&q->lock);
	it->next = q->spent;
	q->spent = it;
	pthread_cond_signal(&q->room);
	pthread_mutex_unlock(&q->lock);
}

/* The items spent since the last call, linked by next: the caller's. */
struct fetch_item *
fetch_queue_spent(struct fetch_queue *q)
{
	struct fetch_item	*list;

	pthread_mutex_lock(&q->lock);
	list = q->spent;
	q->spent = NULL;
	pthread_mutex_unlock(&q->lock);
	return list;
}

/* No more items will come: let the store thread finish. */
void
fetch_queue_close(struct fetch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = 1;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&q->lock);
}

/* The store thread committed: wake the checkpoint thread. */
void
fetch_queue_committed(struct fetch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->commits++;
	pthread_cond_signal(&q->committed);
	pthread_mutex_unlock(&q->lock);
}

/*
 * For the checkpoint thread: wait until the store thread has committed
 * since *seen (the count last returned) or is over.  Returns 0 with *seen
 * updated after a commit, 1 once fetch_queue_stored() was called.
 */
int
fetch_queue_wait_commit(struct fetch_queue *q, unsigned *seen)
{
	int	 stored;

	pthread_mutex_lock(&q->lock);
	while (q->commits == *seen && !q->stored)
		pthread_cond_wait(&q->committed, &q->lock);
	if (!(stored = q->stored))
		*seen = q->commits;
	pthread_mutex_unlock(&q->lock);
	return stored;
}

/*
 * For the checkpoint thread: the copy it began after commit number seen
 * is over, and whole says whether the WAL is all in the database now.
 */
void
fetch_queue_copied(struct fetch_queue *q, unsigned seen, int whole)
{
	pthread_mutex_lock(&q->lock);
	q->copied = seen;
	q->copied_whole = whole;
	pthread_cond_broadcast(&q->copy);
	pthread_mutex_unlock(&q->lock);
}

/*
 * For the store thread: was a copy begun after its last commit, and did
 * it leave the whole WAL in the database?  With wait, first wait for
 * that copy to be over (invariant 6).
 */
int
fetch_queue_all_copied(struct fetch_queue *q, int wait)
{
	int	 all;

	pthread_mutex_lock(&q->lock);
	while (wait && q->copied != q->commits && !q->stored)
		pthread_cond_wait(&q->copy, &q->lock);
	all = q->copied == q->commits && q->copied_whole;
	pthread_mutex_unlock(&q->lock);
	return all;
}

/* The store thread has been joined: let the checkpoint thread end. */
void
fetch_queue_stored(struct fetch_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->stored = 1;
	pthread_cond_signal(&q->committed);
	pthread_mutex_unlock(&q->lock);
}
