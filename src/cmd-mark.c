/*
 * majlis mark read|unread POST...|--feed URL|--all: set the read flag.
 * With POSTs, each one is marked and a missing one is reported (exit 1)
 * without stopping the others.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_mark_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "read|unread POST...|--feed URL|--all",
	.help = N_("mark posts read or unread"),
	.exec = cmd_mark_exec,
};

static int
cmd_mark_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "feed",	required_argument,	NULL, 'f' },
		{ "all",	no_argument,		NULL, 'a' },
		{ NULL,		0,			NULL, 0 }
	};
	struct db	*db;
	const char	*feed_url = NULL;
	int64_t		 id, feed;
	int		 ch, all = 0, read, i, rc, status = EXIT_OK;

	while ((ch = cmd_getopt(argc, argv, "f:a", longopts)) != -1) {
		switch (ch) {
		case 'f':
			feed_url = optarg;
			break;
		case 'a':
			all = 1;
			break;
		default:
			return cmd_usage(&cmd_mark_entry);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cmd_usage(&cmd_mark_entry);
	if (strcmp(argv[0], "read") == 0)
		read = 1;
	else if (strcmp(argv[0], "unread") == 0)
		read = 0;
	else
		return cmd_usage(&cmd_mark_entry);
	/* Exactly one of: posts, --feed, --all. */
	if ((argc > 1) + (feed_url != NULL) + all != 1)
		return cmd_usage(&cmd_mark_entry);
	for (i = 1; i < argc; i++) {
		if (cmd_post_id(argv[i], &id) == -1) {
			warnx_(_("%s: not a post number"), argv[i]);
			return EXIT_USAGE;
		}
	}

	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if (all) {
		if (db_mark_all(db, read) == -1)
			goto dberr;
	} else if (feed_url != NULL) {
		if ((rc = db_feed_find(db, feed_url, &feed)) == 1) {
			warnx_(_("%s: no such feed"), feed_url);
			status = EXIT_SOMEFAIL;
		} else if (rc == -1 || db_feed_mark(db, feed, read) == -1)
			goto dberr;
	} else {
		for (i = 1; i < argc; i++) {
			cmd_post_id(argv[i], &id);
			if ((rc = db_post_mark(db, id, read)) == -1)
				goto dberr;
			if (rc == 1) {
				warnx_(_("post %lld: not found"), (long long)id);
				status = EXIT_SOMEFAIL;
			}
		}
	}
	db_close(db);
	return status;
dberr:
	warnx_("%s: %s", db_path(db), db_errmsg(db));
	db_close(db);
	return EXIT_USAGE;
}
