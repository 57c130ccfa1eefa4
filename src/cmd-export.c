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

/*
 * Copy one feed of the database into the list (a struct sublist *): a
 * db_feed_cb, which the river's member list uses too.
 */
/* The feed's own settings (the feed command's), for the OPML export. */
static void
sub_settings_of(struct sub *s, const struct db_feed *f)
{
	static const char *const names[] = {
		"interval", "keep-days", "keep-posts",
	};
	const int64_t	 v[] = { f->interval, f->keep_days, f->keep_posts };
	size_t		 i;

	s->settings = xreallocarray(NULL, nitems(names) + 2,
	    sizeof *s->settings);
	for (i = 0; i < nitems(names); i++) {
		if (v[i] >= 0)
			xasprintf(&s->settings[s->nsettings++], "%s=%lld",
			    names[i], (long long)v[i]);
	}
	if (f->proxy != NULL)
		xasprintf(&s->settings[s->nsettings++], "proxy=%s", f->proxy);
	if (f->disabled)
		s->settings[s->nsettings++] = xstrdup("enabled=no");
}

int
sublist_add_feed(const struct db_feed *f, void *arg)
{
	struct sub	*s;
	size_t		 i;

	s = sublist_add(arg, f->url, 0);
	if (s->title == NULL && f->title != NULL && *f->title != '\0')
		s->title = xstrdup(f->title);
	if (s->site == NULL && f->site != NULL && *f->site != '\0')
		s->site = xstrdup(f->site);
	for (i = 0; i < f->ntags; i++)
		sub_add_tag(s, f->tags[i]);
	sub_settings_of(s, f);
	return 0;
}

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

	while ((ch = getopt_long(argc, argv, "u", longopts, NULL)) != -1) {
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
		opml_write(&b, sl.subs, sl.nsubs, (int64_t)time(NULL));
	/* main() checks that stdout was written. */
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
out:
	sublist_free(&sl);
	db_close(db);
	return status;
}
