/*
 * majlis remove URL: unsubscribe.  The feed's untagged posts are deleted;
 * its tagged posts are kept (the user marked them as worth keeping), with
 * the feed row left behind, unsubscribed, so that they still name it.
 */
#include <string.h>

#include "majlis.h"

static int cmd_remove_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_remove_entry = {
	.name = "remove",
	.usage = "URL",
	.help = N_("unsubscribe; tagged posts are kept"),
	.exec = cmd_remove_exec,
};

static int
cmd_remove_exec(struct ctx *ctx, int argc, char **argv)
{
	struct db	*db;
	int		 rc;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2)
		return cmd_usage(&cmd_remove_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	rc = db_feed_remove(db, argv[1]);
	if (rc == 1)
		warnx_(_("%s: no such feed"), argv[1]);
	else if (rc == -1)
		warnx_("%s: %s", db_path(db), db_errmsg(db));
	db_close(db);
	return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
}
