/*
 * majlis export [--urls]: the subscriptions (a struct sublist, subs.c) on
 * standard output, as OPML 2.0 (opml_write) or as a newsboat urls file
 * (newsboat_urls_write).  Both keep every feed's tags, so that importing
 * the output into an empty cache gives back the same feeds with the same
 * tags.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

static int cmd_export_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = CMD_EXPORT_USAGE,
	.help = CMD_EXPORT_HELP,
	.exec = cmd_export_exec,
};

static int
cmd_export_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "urls",	no_argument,	NULL, 'u' },
		{ NULL,		0,		NULL, 0 }
	};
	struct sublist	 sl;
	struct db	*db;
	struct buf	 b;
	int		 ch, as_urls = 0, status = EXIT_OK;

	while ((ch = cmd_getopt(argc, argv, "u", longopts)) != -1) {
		switch (ch) {
		case 'u':
			as_urls = 1;
			break;
		default:
			return cmd_usage(&cmd_export_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_export_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;

	sublist_init(&sl);
	if (db_feeds_foreach(db, DB_FEEDS_TAGS, sublist_add_feed, &sl) == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		status = EXIT_USAGE;
		goto out;
	}
	buf_init(&b);
	if (as_urls)
		newsboat_urls_write(&b, sl.subs, sl.nsubs);
	else
		opml_write(&b, "majlis subscriptions", sl.subs, sl.nsubs,
		    (int64_t)time(NULL));
	/* main() checks that stdout was written. */
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
out:
	sublist_free(&sl);
	db_close(db);
	return status;
}
