/*
 * majlis export [--urls]: the subscriptions (a struct sublist, subs.c) on
 * standard output, as OPML 2.0 (opml_write) or as a newsboat urls file
 * (newsboat_urls_write).  Both keep every feed's tags, so that importing
 * the output into an empty cache gives back the same feeds with the same
 * tags.  An exec: or filter: feed is a command line of the user's own: the
 * urls file keeps it as it was; OPML, a file for others, leaves it out
 * (opml_write), with a warning naming it.
 *
 * majlis export --read: the key of every read post (its GUID, else its
 * link), one a line, as newsboat -E writes them; import --read reads it
 * back (cmd-import.c), here or into newsboat with -I.  A key that holds a
 * line break cannot be written so, and is left out.
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

/* db_read_keys()'s callback: one key a line. */
static int
print_key(const char *key, void *arg)
{
	(void)arg;
	if (key != NULL && strchr(key, '\n') == NULL)
		printf("%s\n", key);
	return 0;
}

/* Name on stderr each command feed the OPML export leaves out. */
static void
export_warn_commands(const struct sublist *sl)
{
	char	*shown;
	size_t	 i;

	for (i = 0; i < sl->nsubs; i++) {
		if (!url_is_command(sl->subs[i].url))
			continue;
		shown = text_safe(sl->subs[i].url);
		warnx_(_("%s: left out: OPML carries no command feeds (export "
		    "--urls keeps them)"), shown);
		free(shown);
	}
}

static int
cmd_export_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "urls",	no_argument,	NULL, 'u' },
		{ "read",	no_argument,	NULL, 'r' },
		{ NULL,		0,		NULL, 0 }
	};
	struct sublist	 sl;
	struct db	*db;
	struct buf	 b;
	int		 ch, as_urls = 0, read = 0, status = EXIT_OK;

	while ((ch = cmd_getopt(argc, argv, "ur", longopts)) != -1) {
		switch (ch) {
		case 'u':
			as_urls = 1;
			break;
		case 'r':
			read = 1;
			break;
		default:
			return cmd_usage(&cmd_export_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_export_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if (read) {
		if (db_read_keys(db, print_key, NULL) == -1) {
			warnx_("%s: %s", db_path(db), db_errmsg(db));
			status = EXIT_USAGE;
		}
		db_close(db);
		return status;
	}

	sublist_init(&sl);
	if (db_feeds_foreach(db, DB_FEEDS_TAGS, sublist_add_feed, &sl) == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		status = EXIT_USAGE;
		goto out;
	}
	buf_init(&b);
	if (as_urls)
		newsboat_urls_write(&b, sl.subs, sl.nsubs);
	else {
		export_warn_commands(&sl);
		opml_write(&b, "majlis subscriptions", sl.subs, sl.nsubs,
		    (int64_t)time(NULL));
	}
	/* main() checks that stdout was written. */
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
out:
	sublist_free(&sl);
	db_close(db);
	return status;
}
