/*
 * majlis add URL [TAG...]: subscribe.  Only http and https URLs are taken:
 * a file: or other URL in the cache would make every later fetch read
 * something that is not the web.  Subscribing again adds the tags to the
 * existing subscription.
 *
 * The URL goes through discover_feed() first: a web page given instead of
 * a feed is replaced by the feed it announces, a permanent redirect by its
 * target.  A URL whose answer is neither a feed nor a page linking to one
 * is refused.  When the check cannot be made (the site is down, we are
 * offline), the URL is subscribed as given, with a warning: the next fetch
 * reports on it, and an offline machine can still be set up.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_add_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.usage = CMD_ADD_USAGE,
	.help = CMD_ADD_HELP,
	.exec = cmd_add_exec,
};

static int
cmd_add_exec(struct ctx *ctx, int argc, char **argv)
{
	struct db	*db;
	char		*url, *err = NULL;
	int		 i, rc, nofeed;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc < 2 || argv[1][0] == '-')
		return cmd_usage(&cmd_add_entry);
	if (!url_is_http(argv[1])) {
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
	url = discover_feed(argv[1], ctx->config_path, &err, &nofeed);
	if (url == NULL && nofeed) {
		warnx_(_("%s: %s; not subscribed"), argv[1], err);
		free(err);
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
		return EXIT_SOMEFAIL;
	}
	if ((db = cmd_db_open(ctx)) == NULL) {
		free(url);
		return EXIT_USAGE;
	}
	rc = db_feed_add(db, url, NULL, argv + 2, argc - 2, NULL);
	if (rc == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		db_close(db);
		free(url);
		return EXIT_USAGE;
	}
	if (rc == 1)
		warnx_(argc > 2 ? _("%s: already subscribed; tags added") :
		    _("%s: already subscribed"), url);
	db_close(db);
	free(url);
	return EXIT_OK;
}
