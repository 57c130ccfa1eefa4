/*
 * majlis posts [--unread] [--feed URL] [--tag T] [--search QUERY]
 * [--filter EXPR] [--all] [--limit N] [--json]: list posts, newest first
 * (--filter: newsboat's filter language, filter.c; --all: the posts a
 * killfile rule ignored too; with --search, every
 * match: the newest ranked best first, then the rest newest first; see
 * db-query.c).  Text output is one line per post, columns separated by two
 * spaces: id, date, feed title, title, tags (comma separated).  Everything
 * a feed wrote is made terminal-safe and flattened to one line.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

static int cmd_posts_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_posts_entry = {
	.name = "posts",
	.usage = "[--unread] [--feed URL] [--tag T] [--search QUERY] "
	    "[--filter EXPR] [--all] [--limit N] [--json]",
	.help = N_("list posts, newest first"),
	.exec = cmd_posts_exec,
};

static int
print_text(const struct db_post *p, void *arg)
{
	size_t	 i;

	printf("%lld  ", (long long)p->id);
	cmd_print_date(stdout, p->published != DATE_NONE ? p->published :
	    p->updated != DATE_NONE ? p->updated : p->first_seen);
	fputs("  ", stdout);
	cmd_print_field(stdout, p->feed_title != NULL ? p->feed_title :
	    p->feed_url, "-");
	fputs("  ", stdout);
	cmd_print_field(stdout, p->title, TEXT_UNTITLED);
	/* The tags column is the last: none, no trailing separator. */
	for (i = 0; i < p->ntags; i++) {
		fputs(i == 0 ? "  " : ",", stdout);
		cmd_print_field(stdout, p->tags[i], "-");
	}
	putchar('\n');
	return 0;
}

/* One post as in the design's posts --json. */
static void
cmd_post_json(struct json *j, const struct db_post *p)
{
	json_begin_object(j);
	json_key(j, "id"); json_int(j, p->id);
	json_key(j, "feed"); cmd_json_masked(j, p->feed_url, 1);
	json_key(j, "feed_title"); json_string(j, p->feed_title);
	json_key(j, "title"); json_string(j, p->title);
	json_key(j, "link"); json_string(j, p->link);
	json_key(j, "author"); json_string(j, p->author);
	json_key(j, "published"); json_date(j, p->published);
	json_key(j, "updated"); json_date(j, p->updated);
	json_key(j, "read"); json_bool(j, p->read);
	json_key(j, "tags");
	json_strings(j, p->tags, p->ntags);
	json_end_object(j);
}

static int
print_json(const struct db_post *p, void *arg)
{
	cmd_post_json(arg, p);
	return 0;
}

static int
cmd_posts_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread",	no_argument,		NULL, 'u' },
		{ "feed",	required_argument,	NULL, 'f' },
		{ "tag",	required_argument,	NULL, 't' },
		{ "search",	required_argument,	NULL, 's' },
		{ "filter",	required_argument,	NULL, 'F' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "json",	no_argument,		NULL, 'j' },
		{ NULL,		0,			NULL, 0 }
	};
	struct db_post_query	 q;
	struct json		 j;
	struct db		*db;
	struct filter		*f;
	char			*match, *err;
	size_t			 col;
	int64_t			 n, feed;
	int			 ch, as_json = 0, rc;

	memset(&q, 0, sizeof q);
	while ((ch = cmd_getopt(argc, argv, "uf:t:s:F:an:j",
	    longopts)) != -1) {
		switch (ch) {
		case 'u':
			q.unread = 1;
			break;
		case 'f':
			q.feed_url = optarg;
			break;
		case 't':
			q.tag = optarg;
			break;
		case 's':
			q.search = optarg;
			break;
		case 'F':
			q.filter = optarg;
			break;
		case 'a':
			q.all = 1;
			break;
		case 'n':
			if (cmd_number(optarg, 0, INT64_MAX, &q.limit) == -1) {
				warnx_(_("--limit %s: not a number of posts"),
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			as_json = 1;
			break;
		default:
			return cmd_usage(&cmd_posts_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_posts_entry);
	/* A malformed search is the user's to fix: say what is wrong. */
	if (q.search != NULL) {
		if ((match = search_expr(q.search, &err)) == NULL) {
			warnx_(_("--search %s: %s"), q.search, err);
			free(err);
			return EXIT_USAGE;
		}
		free(match);
	}
	if (q.filter != NULL) {
		if ((f = filter_compile(q.filter, time(NULL), &err, &col)) ==
		    NULL) {
			warnx_(_("--filter: %s"), err);
			cmd_filter_caret(q.filter, col);
			free(err);
			return EXIT_USAGE;
		}
		filter_free(f);
	}
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;

	/* An unknown feed is an error, not an empty list: likely a typo. */
	if (q.feed_url != NULL) {
		if ((rc = db_feed_find(db, q.feed_url, &feed)) != 0) {
			if (rc == 1)
				warnx_(_("%s: no such feed"), q.feed_url);
			else
				warnx_("%s: %s", db_path(db), db_errmsg(db));
			db_close(db);
			return rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
		}
	}
	if (as_json) {
		json_init(&j, stdout, 0);
		json_begin_array(&j);
		n = db_posts_query(db, &q, print_json, &j);
		json_end_array(&j);
		json_end(&j);
	} else
		n = db_posts_query(db, &q, print_text, NULL);
	if (n == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		db_close(db);
		return EXIT_USAGE;
	}
	db_close(db);
	return EXIT_OK;
}
