/*
 * majlis feed URL [KEY=VALUE...]: one feed's settings, shown or set.
 *
 *	title       a title of the user's own, kept over the feed's
 *	interval    fetch at most this often (30m, 6h, 1d); plain 'fetch'
 *	            leaves the feed alone until it is due
 *	keep-days   retention for this feed, over the configured one
 *	keep-posts
 *	proxy       the proxy for this feed's requests
 *	enabled     yes/no; a feed disabled by 410 Gone is enabled again
 *
 * "KEY=" resets a setting to the default.  All the settings of one command
 * or none: one transaction.  Without settings, one line per setting,
 * "KEY  VALUE", "-" for the default.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_feed_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_feed_entry = {
	.name = "feed",
	.usage = "URL [KEY=VALUE...]",
	.help = N_("show or set a feed's settings (see majlis(1))"),
	.exec = cmd_feed_exec,
};

static void
print_setting(const char *key, const char *v)
{
	printf("%s  ", key);
	cmd_print_field(stdout, v, "-");
	putchar('\n');
}

static void
print_number(const char *key, int64_t v)
{
	char	 s[32];

	snprintf(s, sizeof s, "%lld", (long long)v);
	print_setting(key, v >= 0 ? s : NULL);
}

static void
print_settings(const struct db_feed *f)
{
	char	 s[32];

	print_setting("title", f->title_set ? f->title : NULL);
	/* In the unit it was typed in (6h), as it would be set. */
	print_setting("interval", f->interval >= 0 ?
	    num_seconds_format(f->interval, s, sizeof s) : NULL);
	print_number("keep-days", f->keep_days);
	print_number("keep-posts", f->keep_posts);
	print_setting("proxy", f->proxy);
	print_setting("enabled", f->disabled ? "no" : "yes");
	if (f->disabled && f->disabled_reason != NULL)
		print_setting("disabled",
		    db_disabled_reason(f->disabled_reason));
}

static int
cmd_feed_exec(struct ctx *ctx, int argc, char **argv)
{
	struct db	*db;
	struct db_feed	*f;
	int64_t		 id;
	int		 i, rc, status = EXIT_USAGE;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2)
		return cmd_usage(&cmd_feed_entry);
	for (i = 2; i < argc; i++) {
		if (strchr(argv[i], '=') == NULL) {
			warnx_(_("%s: not KEY=VALUE"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if ((rc = db_feed_find(db, argv[1], &id)) == 1) {
		warnx_(_("%s: not subscribed"), argv[1]);
		status = EXIT_SOMEFAIL;
		goto out;
	}
	if (rc == -1)
		goto dberr;
	if (argc == 2) {
		if ((f = db_feed_get(db, id)) == NULL)
			goto dberr;
		print_settings(f);
		db_feed_free(f);
		status = EXIT_OK;
		goto out;
	}
	if (db_begin(db) == -1)
		goto dberr;
	for (i = 2; i < argc; i++) {
		if (db_feed_setting(db, id, argv[i]) == -1) {
			/* A bad value is the user's: usage, not the database. */
			warnx_("%s", db_errmsg(db));
			db_rollback(db);
			goto out;
		}
	}
	if (db_commit(db) == -1)
		goto dberr;
	status = EXIT_OK;
	goto out;
dberr:
	warnx_("%s: %s", db_path(db), db_errmsg(db));
out:
	db_close(db);
	return status;
}
