/*
 * cmd-fetch.c: majlis fetch [-q] [-j N] [--wait] [URL...]
 *
 * Fetch every subscribed feed, or the ones named, and store what changed.
 * The command reads its options and the config, takes the fetch lock,
 * syncs the member lists followed when fetching every feed (fetch-follow.c:
 * what they say decides which feeds are fetched), chooses the feeds and
 * hands them to fetch_store_run() (fetch-store.c), which runs the
 * transfers (fetch.c) and stores each outcome; then it marks read the
 * backlog of new members (follow_backlog()), prints the summary and sets
 * the exit code (1 too when a list was refused).
 *
 * Two fetches never run at once: db_fetch_lock() serialises them, and the
 * second one waits (--wait) or says so and exits 0, since for cron the
 * feeds are being fetched either way.  Which of the feeds are fetched now
 * is fetch_plan()'s (fetch-store.c); this file says why the others are
 * not.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

static int	cmd_fetch_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = CMD_FETCH_USAGE,
	.help = CMD_FETCH_HELP,
	.exec = cmd_fetch_exec
};

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

/*
 * The last line of a fetch on stdout: each count with the plural form its
 * language needs ("1 feed fetched, 3 new posts, 0 failed").
 */
static void
fetch_summary(const struct fetch_state *st, size_t skipped)
{
	printf(ngettext("%zu feed fetched", "%zu feeds fetched", st->done),
	    st->done);
	/* TRANSLATORS: the separator between the counts of a fetch. */
	fputs(_(", "), stdout);
	printf(ngettext("%lld new post", "%lld new posts",
	    (unsigned long)st->new_posts), (long long)st->new_posts);
	fputs(_(", "), stdout);
	printf(ngettext("%zu failed", "%zu failed", st->failed), st->failed);
	if (skipped > 0) {
		fputs(_(", "), stdout);
		printf(ngettext("%zu skipped", "%zu skipped", skipped),
		    skipped);
	}
	putchar('\n');
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
			fetch_report_failure(st, argv[i], _("not subscribed"));
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
		{ "all",	no_argument,		NULL, 'a' },
		{ "progress-fd", required_argument,	NULL, 'P' },
		{ NULL,		0,			NULL, 0 }
	};
	struct fetch_state	 st;
	struct fetch_opts	 opts;
	struct config		 cfg;
	struct feed_list	 feeds;
	struct fetch_job	*jobs = NULL;
	struct fetch_feed	*ff;
	char			*err = NULL;
	int64_t			 n;
	size_t			 i, njobs = 0, skipped = 0, nleft = 0;
	int64_t			*left = NULL;
	int			 lists_failed = 0, sync_failed = 0;
	time_t			 now;
	enum fetch_plan		 plan;
	int			 ch, jflag = 0, wait = 0, all = 0, rc;
	int			 status = EXIT_OK;

	memset(&st, 0, sizeof st);
	memset(&feeds, 0, sizeof feeds);
	while ((ch = cmd_getopt(argc, argv, "j:q", longopts)) != -1) {
		switch (ch) {
		case 'j':
			if (cmd_number(optarg, 1, 256, &n) == -1) {
				warnx_(_("-j %s: not a number from 1 to 256"),
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
		case 'a':
			all = 1;
			break;
		case 'P':
			if (cmd_number(optarg, 3, INT_MAX, &n) == -1 ||
			    (st.progress = fdopen((int)n, "w")) == NULL) {
				warnx_(_("--progress-fd %s: not an open descriptor"),
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

	if (config_read(&cfg, ctx->config_path, CONFIG_NET, &err) == -1) {
		warnx_("%s", err);
		free(err);
		status = EXIT_USAGE;
		goto out;
	}
	if (fetch_check_config(&cfg) == -1) {
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
	db_set_retention(st.db, cfg.keep_days, cfg.keep_posts,
	    cfg.expire_unread);
	db_set_ignores(st.db, cfg.ignores, cfg.nignores);
	db_set_bulk(st.db);
	rc = db_fetch_lock(st.db, wait);
	if (rc == 1) {
		if (!st.quiet)
			printf("%s\n", _("another fetch is running; not "
			    "fetching"));
		/* The reader must not call that a fetch done. */
		if (st.progress != NULL) {
			fputs("busy\n", st.progress);
			fflush(st.progress);
		}
		goto out;
	}
	if (rc == -1) {
		warnx_("%s: %s", db_path(st.db), db_errmsg(st.db));
		status = EXIT_USAGE;
		goto out;
	}

	/* The sync first, so that the server's feeds are fetched too. */
	if (argc == 0 && cfg.sync_server != SYNC_NONE &&
	    (sync_failed = sync_run(st.db, &cfg, st.quiet)) == -1) {
		status = EXIT_USAGE;
		goto unlock;
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

	now = time(NULL);
	jobs = xcalloc(feeds.n ? feeds.n : 1, sizeof *jobs);
	for (i = 0; i < feeds.n; i++) {
		ff = &feeds.v[i];
		plan = fetch_plan(ff, left, nleft, argc > 0, all, now);
		if (plan == FETCH_GO) {
			jobs[njobs].url = ff->url;
			jobs[njobs].etag = ff->etag;
			jobs[njobs].last_modified = ff->last_modified;
			jobs[njobs].proxy = ff->proxy;
			jobs[njobs].arg = ff;
			njobs++;
			continue;
		}
		/* A feed its list dropped is not this user's any more. */
		if (plan != FETCH_LEFT)
			skipped++;
		if (st.quiet)
			continue;
		if (plan == FETCH_DISABLED && argc > 0)
			warnx_(_("%s: disabled: %s"), ff->url,
			    db_disabled_reason(ff->disabled_reason));
		else if (plan == FETCH_LEFT && argc > 0)
			warnx_(_("%s: not fetched: its member list "
			    "dropped it"), ff->url);
		else if (plan == FETCH_WAIT)
			warnx_(_("%s: skipped: the server asked us to "
			    "wait %lld more seconds"), ff->url,
			    (long long)(ff->retry_after - now));
	}

	st.tty = !st.quiet && isatty(STDOUT_FILENO);
	if (fetch_store_run(&st, jobs, njobs, &opts) == -1) {
		warnx_(_("cannot initialise libcurl"));
		status = EXIT_USAGE;
		goto unlock;
	}
	/* After the batch's commit: the backlog is of posts now stored. */
	if (follow_backlog(st.db, &cfg) == -1) {
		warnx_("%s: %s", db_path(st.db), db_errmsg(st.db));
		st.dberror = 1;
	}
	if (!st.quiet) {
		fetch_summary(&st, skipped);
	}
	if (st.dberror)
		status = EXIT_USAGE;
	else if (st.failed > 0 || lists_failed > 0 || sync_failed > 0)
		status = EXIT_SOMEFAIL;
	if (st.new_posts > 0 && !st.dberror)
		notify_run(st.db, cfg.notify_command, (int64_t)now);

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
