/*
 * majlis feeds [--filter EXPR] [--json]: the subscriptions with their
 * tags, unread/total counts and the last fetch's outcome (--filter: those
 * a filter of feeds matches, newsboat's filter language with a feed's
 * attributes, filter.c).  Text output, one line per feed, columns
 * separated by two spaces:
 *
 *	URL  TITLE  UNREAD/TOTAL  STATUS  TAGS  ERROR
 *
 * Every line has the six columns, "-" where one is empty, so that cut(1)
 * and awk find the same field on every line.  STATUS is the last HTTP
 * status, "-" if never fetched, "disabled" for a disabled feed, "left" for
 * one its member list dropped; TAGS are joined by ",".  The counts come
 * from one grouped pass over an index, not one query per feed (see
 * db_feeds_foreach()); so does the JSON output's activity (list, state,
 * last_post, weekly: db_activity_get()).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

static int cmd_feeds_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_feeds_entry = {
	.name = "feeds",
	.usage = "[--filter EXPR] [--json]",
	.help = N_("list feeds with tags, unread/total and last status"),
	.exec = cmd_feeds_exec,
};

/* What the JSON and text lines need besides the feed: its activity. */
struct feeds_out {
	struct json		*j;
	struct db_activity	*act;
	size_t			 nact;
	int64_t			 now;
	int			 quiet_days;
};

static int
print_text(const struct db_feed *f, void *arg)
{
	struct feeds_out		*o = arg;
	const struct db_activity	*a;
	size_t				 i;

	cmd_print_url(stdout, f->url, "-");
	fputs("  ", stdout);
	cmd_print_field(stdout, f->title, "-");
	printf("  %lld/%lld  ", (long long)f->unread, (long long)f->total);
	a = db_activity_find(o->act, o->nact, f->id);
	if (f->disabled)
		fputs("disabled", stdout);
	else if (a != NULL && a->list != NULL && a->left)
		fputs("left", stdout);
	else if (f->status == 0)
		fputs("-", stdout);
	else
		printf("%d", f->status);
	fputs("  ", stdout);
	if (f->ntags == 0)
		fputs("-", stdout);
	for (i = 0; i < f->ntags; i++) {
		if (i > 0)
			putchar(',');
		cmd_print_field(stdout, f->tags[i], "-");
	}
	fputs("  ", stdout);
	cmd_print_field(stdout, f->error, "-");
	putchar('\n');
	return 0;
}

/* A per-feed number: null for the configured default. */
static void
json_setting(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	if (v < 0)
		json_null(j);
	else
		json_int(j, v);
}

/* The feed command's settings (cmd-feed.c), null where the default. */
static void
json_settings(struct json *j, const struct db_feed *f)
{
	json_begin_object(j);
	json_key(j, "title"); json_string(j, f->title_set ? f->title : NULL);
	json_setting(j, "interval", f->interval);
	json_setting(j, "keep_days", f->keep_days);
	json_setting(j, "keep_posts", f->keep_posts);
	json_key(j, "proxy"); cmd_json_masked(j, f->proxy, 1);
	json_key(j, "enabled"); json_bool(j, !f->disabled);
	json_end_object(j);
}

static int
print_json(const struct db_feed *f, void *arg)
{
	struct feeds_out		*o = arg;
	struct json			*j = o->j;
	const struct db_activity	*a;
	int				 i;

	json_begin_object(j);
	json_key(j, "url"); cmd_json_masked(j, f->url, 1);
	json_key(j, "title"); json_string(j, f->title);
	json_key(j, "site"); json_string(j, f->site);
	json_key(j, "tags");
	json_strings(j, f->tags, f->ntags);
	json_key(j, "unread"); json_int(j, f->unread);
	json_key(j, "total"); json_int(j, f->total);
	json_key(j, "last_fetch"); json_date(j, f->last_fetch);
	json_key(j, "last_change"); json_date(j, f->last_change);
	json_key(j, "status");
	if (f->status == 0)
		json_null(j);
	else
		json_int(j, f->status);
	json_key(j, "error"); cmd_json_masked(j, f->error, 0);
	a = db_activity_find(o->act, o->nact, f->id);
	json_key(j, "list");
	cmd_json_masked(j, a != NULL ? a->list : NULL, 1);
	json_key(j, "state");
	json_string(j, feed_state_name(feed_state(f, a, o->now,
	    o->quiet_days)));
	json_key(j, "last_post");
	json_date(j, a != NULL ? a->last_post : DATE_NONE);
	json_key(j, "weekly");
	json_begin_array(j);
	for (i = 0; i < DB_WEEKS; i++)
		json_int(j, a != NULL ? a->weekly[i] : 0);
	json_end_array(j);
	json_key(j, "settings"); json_settings(j, f);
	json_end_object(j);
	return 0;
}

static int
cmd_feeds_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "filter",	required_argument,	NULL, 'F' },
		{ "json",	no_argument,		NULL, 'j' },
		{ NULL,		0,			NULL, 0 }
	};
	struct feeds_out o;
	struct config	 cfg;
	struct json	 j;
	struct db	*db;
	struct filter	*f;
	const char	*filter = NULL;
	char		*err = NULL;
	size_t		 col;
	int		 ch, as_json = 0, rc;

	while ((ch = cmd_getopt(argc, argv, "F:j", longopts)) != -1) {
		switch (ch) {
		case 'F':
			filter = optarg;
			break;
		case 'j':
			as_json = 1;
			break;
		default:
			return cmd_usage(&cmd_feeds_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_feeds_entry);
	if (filter != NULL) {
		if ((f = filter_compile_feeds(filter, time(NULL), &err, &col))
		    == NULL) {
			warnx_(_("--filter: %s"), err);
			cmd_filter_caret(filter, col);
			free(err);
			return EXIT_USAGE;
		}
		filter_free(f);
	}
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	/* Only quiet-days is wanted: a broken config leaves the default. */
	if (config_read(&cfg, ctx->config_path, CONFIG_SHOW, &err) == -1) {
		warnx_("%s", err);
		free(err);
	}
	memset(&o, 0, sizeof o);
	o.j = &j;
	o.now = (int64_t)time(NULL);
	o.quiet_days = cfg.quiet_days;
	config_free(&cfg);
	rc = db_activity_get(db, o.now, &o.act, &o.nact);
	if (rc == 0 && as_json) {
		json_init(&j, stdout, 0);
		json_begin_array(&j);
		rc = db_feeds_filter(db, DB_FEEDS_COUNTS | DB_FEEDS_TAGS,
		    filter, print_json, &o);
		json_end_array(&j);
		json_end(&j);
	} else if (rc == 0)
		rc = db_feeds_filter(db, DB_FEEDS_COUNTS | DB_FEEDS_TAGS,
		    filter, print_text, &o);
	db_activity_free(o.act, o.nact);
	if (rc == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		db_close(db);
		return EXIT_USAGE;
	}
	db_close(db);
	return EXIT_OK;
}
