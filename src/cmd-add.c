/*
 * majlis add URL [TAG...]: subscribe.  Only http and https URLs are taken:
 * a file: or other URL in the cache would make every later fetch read
 * something that is not the web.  The one exception is a command feed the
 * user typed (exec:, filter:, fetch-exec.c): a command line is theirs to
 * run, and it skips discovery.  Subscribing again adds the tags to the
 * existing subscription.
 *
 * The URL goes through discover_feed() first: a web page given instead of
 * a feed is replaced by the feed it announces, a permanent redirect by its
 * target.  A URL whose answer is neither a feed nor a page linking to one
 * is refused.  When the check cannot be made (the site is down, we are
 * offline), the URL is subscribed as given, with a warning: the next fetch
 * reports on it, and an offline machine can still be set up.  A server
 * that answers 404 or 410 has no feed there: that URL is refused (exit 1).
 *
 * The answer that showed the URL to be a feed is the new subscription's
 * first fetch: it is stored by the fetcher's own store (fetch_store_job();
 * a feed found through a page is fetched by fetch_store_run(), as 'majlis
 * fetch URL' would), so that its posts are there at once, and add says what it subscribed: title, URL, posts.  On a
 * terminal a line says what is being fetched while the server is slow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

static int cmd_add_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.usage = CMD_ADD_USAGE,
	.help = CMD_ADD_HELP,
	.exec = cmd_add_exec,
};

/* On a terminal, say what add waits for; progress_done() takes it away. */
static void
progress_show(const char *url)
{
	char	*safe;

	if (!isatty(STDERR_FILENO))
		return;
	safe = text_safe(url);
	fprintf(stderr, _("fetching %s..."), safe);
	fflush(stderr);
	free(safe);
}

static void
progress_done(void)
{
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
}

/*
 * The first fetch of feed id, stored as every fetch is (fetch-store.c):
 * got if it holds the feed's answer (got->status not 0), else fetched now.
 * Returns 0, 1 when another fetch holds the lock (nothing stored), -1 on
 * a database error.  st counts what was stored.
 */
static int
add_fetch(struct db *db, int64_t id, const struct fetch_opts *opts,
    struct fetch_job *got, struct fetch_state *st)
{
	struct fetch_opts	 o = *opts;
	struct fetch_feed	 ff;
	struct fetch_job	 job;
	struct db_feed		*row;
	int			 rc;

	if ((rc = db_fetch_lock(db, 0)) != 0)
		return rc;
	if ((row = db_feed_get(db, id)) == NULL) {
		db_fetch_unlock(db);
		return -1;
	}
	fetch_feed_copy(&ff, row);
	db_feed_free(row);
	memset(&job, 0, sizeof job);
	job.url = ff.url;
	job.proxy = ff.proxy;
	job.arg = &ff;
	memset(st, 0, sizeof *st);
	st->db = db;
	st->tty = isatty(STDOUT_FILENO);
	rc = 0;
	if (ff.disabled)
		;
	else if (got->status != 0) {
		got->url = ff.url;
		got->arg = &ff;
		fetch_store_job(st, got);
	} else if (fetch_store_run(st, &job, 1, &o) == -1) {
		warnx_(_("cannot initialise libcurl"));
		rc = -1;
	}
	if (st->dberror)
		rc = -1;
	db_fetch_unlock(db);
	fetch_feed_clear(&ff);
	return rc;
}

/*
 * "subscribed: TITLE  URL  N posts" for feed id (what: the label, marked
 * N_(); posts -1: not known, left out).
 */
static void
add_report(struct db *db, int64_t id, const char *what, int64_t posts)
{
	struct db_feed	*row;

	if ((row = db_feed_get(db, id)) == NULL)
		return;
	printf(_("%s: "), _(what));
	cmd_print_field(stdout, row->title, "-");
	fputs("  ", stdout);
	cmd_print_url(stdout, row->url, "-");
	if (posts >= 0)
		printf(ngettext("  %lld post", "  %lld posts",
		    (unsigned long)posts), (long long)posts);
	putchar('\n');
	db_feed_free(row);
}

/*
 * db_feed_add(), and with a sync server configured the subscription to
 * send it (db_sync_feed_added(), its first tag the server's folder), in
 * one transaction: a crash loses neither.  A command feed is never sent
 * (a script's path is not the server's business), nor a feed that was
 * subscribed already.  db_feed_add()'s 0, 1 or -1.
 */
static int
add_subscribe(struct db *db, const struct config *cfg, const char *url,
    char *const *tags, size_t ntags, int64_t *id)
{
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	rc = db_feed_add(db, url, NULL, tags, ntags, id);
	if (rc == 0 && cfg->sync_server != SYNC_NONE && url_is_http(url) &&
	    db_sync_feed_added(db, *id, ntags > 0 ? tags[0] : NULL) == -1)
		rc = -1;
	if (rc == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == -1 ? -1 : rc;
}

static int
cmd_add_exec(struct ctx *ctx, int argc, char **argv)
{
	struct fetch_state	 st;
	struct fetch_opts	 opts;
	struct fetch_job	 got;
	struct config		 cfg;
	struct db		*db;
	const char		*why, *refused;
	char			*url, *err = NULL, *said;
	int64_t			 id;
	int			 i, rc, nofeed, status = EXIT_OK;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2 || argv[1][0] == '-')
		return cmd_usage(&cmd_add_entry);
	if ((why = sub_check_command(argv[1])) != NULL) {
		warnx_("%s: %s", argv[1], why);
		return EXIT_USAGE;
	}
	if (!url_is_command(argv[1]) && !url_is_http(argv[1])) {
		warnx_(_("%s: not an http or https URL"), argv[1]);
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (!db_tag_valid(argv[i])) {
			warnx_(_("%s: not a valid tag (empty, spaces around it, "
			    "or control characters)"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (config_read(&cfg, ctx->config_path, CONFIG_NET, &err) == -1) {
		warnx_("%s", err);
		free(err);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	if (fetch_check_config(&cfg) == -1) {
		config_free(&cfg);
		return EXIT_USAGE;
	}
	fetch_opts_config(&opts, &cfg);
	/*
	 * A command the user typed is theirs to run; a page's discovery
	 * gives only http(s) feeds (the check below), never a command.  In
	 * proxy-only mode it is not subscribed: no fetch would run it.
	 */
	if (url_is_command(argv[1]) &&
	    (refused = fetch_refused(&opts, argv[1], NULL)) != NULL) {
		said = fetch_error_said(refused);
		warnx_("%s: %s", argv[1], said);
		free(said);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	if (url_is_command(argv[1])) {
		memset(&got, 0, sizeof got);
		url = xstrdup(argv[1]);
		goto subscribe;
	}
	progress_show(argv[1]);
	url = discover_feed(argv[1], &opts, &got, &err, &nofeed);
	progress_done();
	/*
	 * In proxy-only mode a page that could not be read is not taken as
	 * a feed: the proxy down, it must be said, not stored as a feed
	 * that is failing.
	 */
	if (url == NULL && (nofeed || opts.proxy_only)) {
		warnx_(_("%s: %s; not subscribed"), argv[1], err);
		free(err);
		fetch_job_clear(&got);
		config_free(&cfg);
		return EXIT_SOMEFAIL;
	}
	if (url == NULL) {
		warnx_(_("%s: %s; subscribed as given"), argv[1], err);
		free(err);
		url = xstrdup(argv[1]);
	}
	if (!url_is_http(url)) {
		warnx_(_("%s: not an http or https URL"), url);
		free(url);
		fetch_job_clear(&got);
		config_free(&cfg);
		return EXIT_SOMEFAIL;
	}
subscribe:
	if ((db = cmd_db_open(ctx)) == NULL) {
		free(url);
		fetch_job_clear(&got);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	db_set_retention(db, cfg.keep_days, cfg.keep_posts, cfg.expire_unread);
	db_set_ignores(db, cfg.ignores, cfg.nignores);
	rc = add_subscribe(db, &cfg, url, argv + 2, argc - 2, &id);
	if (rc == 1) {
		/*
		 * Not an error: the feed is subscribed, as asked.  One line
		 * on stdout, in the place and columns of a new one's.  Adding
		 * it is asking for it: a disabled feed is enabled.
		 */
		if (db_feed_set_disabled(db, id, 0, NULL) == -1)
			rc = -1;
		else
			add_report(db, id, argc > 2 ?
			    N_("already subscribed, tags added") :
			    N_("already subscribed"), -1);
	} else if (rc == 0) {
		rc = add_fetch(db, id, &opts, &got, &st);
		if (rc == 1)
			warnx_(_("%s: another fetch is running; the next fetch "
			    "brings its posts"), url);
		if (rc != -1)
			add_report(db, id, N_("subscribed"),
			    rc == 0 && st.failed == 0 ? st.new_posts : -1);
	}
	if (rc == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		status = EXIT_USAGE;
	}
	db_close(db);
	free(url);
	fetch_job_clear(&got);
	config_free(&cfg);
	return status;
}
