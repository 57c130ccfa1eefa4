/*
 * majlis remove [--forget] URL: unsubscribe.  The feed's untagged posts are
 * deleted; its tagged posts are kept (the user marked them as worth
 * keeping), with the feed row left behind, unsubscribed, so that they
 * still name it.  With --forget everything goes: every post, tagged too,
 * and all majlis knew of the feed (db_feed_forget()); a feed a plain
 * remove left behind can be forgotten so too.
 *
 * Either way what went is not left readable in the file: secure_delete
 * overwrote it, and db_scrub() merges the search index and empties the
 * WAL, which still held it.
 */
#include <getopt.h>
#include <string.h>

#include "majlis.h"

static int cmd_remove_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_remove_entry = {
	.name = "remove",
	.usage = "[--forget] URL",
	.help = N_("unsubscribe; tagged posts are kept, unless --forget"),
	.exec = cmd_remove_exec,
};

/*
 * Remove (or forget) the feed at url, and in the same transaction, if it
 * is subscribed, take back a subscription to it not yet sent to the sync
 * server, or unsubscribe from it there at the next sync when the server
 * has it (db_sync_feed_removed()).  0, 1 no such feed, -1.
 */
static int
remove_feed(struct db *db, const char *url, int forget)
{
	int64_t	 id;
	int	 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_feed_find(db, url, &id)) == 0 &&
	    db_sync_feed_removed(db, id) == -1)
		rc = -1;
	if (rc != -1)
		rc = forget ? db_feed_forget(db, url) : db_feed_remove(db, url);
	if (rc == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == -1 ? -1 : rc;
}

static int
cmd_remove_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "forget",	no_argument,	NULL, 'F' },
		{ NULL,		0,		NULL, 0 }
	};
	struct db	*db;
	int		 ch, rc, forget = 0;

	while ((ch = cmd_getopt(argc, argv, "", longopts)) != -1) {
		if (ch != 'F')
			return cmd_usage(&cmd_remove_entry);
		forget = 1;
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cmd_usage(&cmd_remove_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	rc = remove_feed(db, argv[0], forget);
	if (rc == 0 && (rc = db_scrub(db)) == 1) {
		warnx_(_("%s: another process was using the database: what "
		    "was removed may stay readable in its search index or "
		    "write-ahead log for a while"), db_path(db));
		rc = 0;
	}
	if (rc == 1)
		warnx_(_("%s: no such feed"), argv[0]);
	else if (rc == -1)
		warnx_("%s: %s", db_path(db), db_errmsg(db));
	db_close(db);
	return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
}
