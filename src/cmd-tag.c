/*
 * majlis tag POST TAG... and majlis untag POST TAG...: the user's tags on a
 * post; with --feed URL instead of POST, the tags of a feed.  Tagging what
 * is already tagged, or untagging what is not, is not an error: the post
 * or feed ends up as asked.  A tagged post is kept by retention and by
 * 'remove'; a feed's tags group it (every post of the feed is listed
 * under them) and keep nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_tag_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_tag_entry = {
	.name = "tag",
	.usage = "POST TAG... | --feed URL TAG...",
	.help = N_("add tags to a post, or to a feed"),
	.exec = cmd_tag_exec,
};

const struct cmd_entry cmd_untag_entry = {
	.name = "untag",
	.usage = "POST TAG... | --feed URL TAG...",
	.help = N_("remove tags from a post, or from a feed"),
	.exec = cmd_tag_exec,
};

static int
cmd_tag_exec(struct ctx *ctx, int argc, char **argv)
{
	const struct cmd_entry	*entry;
	struct db		*db;
	int64_t			 id;
	int			 i, rc, untag, feed = 0;

	untag = strcmp(argv[0], "untag") == 0;
	entry = untag ? &cmd_untag_entry : &cmd_tag_entry;
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc > 1 && strcmp(argv[1], "--feed") == 0) {
		feed = 1;
		argv++;
		argc--;
	}
	if (argc < 3)
		return cmd_usage(entry);
	if (!feed && cmd_post_id(argv[1], &id) == -1) {
		warnx_(_("%s: not a post number"), argv[1]);
		return EXIT_USAGE;
	}
	for (i = 2; i < argc; i++) {
		if (!untag && !db_tag_valid(argv[i])) {
			warnx_(_("%s: not a valid tag (empty, spaces around it, "
			    "or control characters)"), argv[i]);
			return EXIT_USAGE;
		}
	}
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if (feed && (rc = db_feed_find(db, argv[1], &id)) != 0) {
		if (rc == -1)
			goto dberr;
		warnx_(_("%s: not subscribed"), argv[1]);
		db_close(db);
		return EXIT_SOMEFAIL;
	}
	/* All the tags or none. */
	rc = untag ? db_tags_apply(db, feed ? 0 : id, id, NULL, 0, argv + 2,
	    (size_t)argc - 2) : db_tags_apply(db, feed ? 0 : id, id, argv + 2,
	    (size_t)argc - 2, NULL, 0);
	if (rc == 1) {
		warnx_(_("post %lld: not found"), (long long)id);
		db_close(db);
		return EXIT_SOMEFAIL;
	}
	if (rc == -1)
		goto dberr;
	db_close(db);
	return EXIT_OK;
dberr:
	warnx_("%s: %s", db_path(db), db_errmsg(db));
	db_close(db);
	return EXIT_USAGE;
}
