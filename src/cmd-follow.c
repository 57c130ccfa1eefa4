/*
 * majlis follow [--force] URL [TAG...]: follow the member list at URL
 * (follow.c keeps it in step on every fetch).  This is network code, as
 * fetch is: it reads the list at once and subscribes its feeds.  A list
 * that cannot be applied the first time is not remembered.  Following a
 * list again reads it again, with the TAGs given, if any, replacing the
 * list's.  unfollow and lists, which need no network, are cmd-lists.c.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_follow_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_follow_entry = {
	.name = "follow",
	.usage = CMD_FOLLOW_USAGE,
	.help = CMD_FOLLOW_HELP,
	.exec = cmd_follow_exec,
};

static int
cmd_follow_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force",	no_argument,	NULL, 'f' },
		{ NULL,		0,		NULL, 0 }
	};
	struct config	 cfg;
	struct db	*db = NULL;
	const char	*url, *why;
	char		*err = NULL;
	int64_t		 id;
	int		 ch, i, force = 0, rc, added, status = EXIT_USAGE;

	while ((ch = cmd_getopt(argc, argv, "f", longopts)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		default:
			return cmd_usage(&cmd_follow_entry);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cmd_usage(&cmd_follow_entry);
	url = argv[0];
	if ((why = sub_check_url(url)) != NULL) {
		warnx_("%s: %s", url, why);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		if (!db_tag_valid(argv[i])) {
			warnx_(_("%s: not a valid tag"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if (config_read(&cfg, ctx->config_path, CONFIG_NET, &err) == -1) {
		warnx_("%s", err);
		free(err);
		goto out;
	}
	if (fetch_check_config(&cfg) == -1)
		goto out;
	if ((db = cmd_db_open(ctx)) == NULL)
		goto out;
	/* A fetch syncs the lists too: one at a time. */
	if (db_fetch_lock(db, 1) == -1 ||
	    (added = db_list_add(db, url, argv + 1, (size_t)argc - 1,
	    &id)) == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		goto out;
	}
	/* Following again with tags: say that they replaced the old. */
	if (added == 1 && argc > 1) {
		printf(_("%s: its members are tagged now:"), url);
		for (i = 1; i < argc; i++)
			printf(" %s", argv[i]);
		putchar('\n');
	}
	rc = follow_sync(db, &cfg, url, force, 2);
	if (rc > 0 && added == 0 && db_list_remove(db, id) == -1)
		rc = -1;
	if (rc == -1)
		warnx_("%s: %s", db_path(db), db_errmsg(db));
	status = rc == 0 ? EXIT_OK : rc > 0 ? EXIT_SOMEFAIL : EXIT_USAGE;
	db_fetch_unlock(db);
out:
	if (db != NULL)
		db_close(db);
	config_free(&cfg);
	return status;
}
