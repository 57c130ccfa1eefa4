/*
 * majlis unfollow URL, majlis lists [--json]: the member lists followed
 * (cmd-follow.c follows one).  Neither needs the network.
 *
 * unfollow forgets the list: its feeds stay subscribed, as ordinary feeds
 * (those that had left are fetched again).
 *
 * lists prints one line per list, columns separated by two spaces:
 *
 *	URL  TITLE  MEMBERS  LAST-SYNC  STATUS  [N left]  [error: WHY]
 *
 * MEMBERS counts those that have not left, N left those that have (after
 * the columns a script reads, and only when there are some); LAST-SYNC is
 * when the list was
 * last applied or found unchanged; STATUS the last HTTP status ("-":
 * none).  --json: [{"url", "title", "members", "left", "last_sync",
 * "status", "error"}].
 */
#include <getopt.h>
#include <string.h>

#include "majlis.h"

static int cmd_unfollow_exec(struct ctx *, int, char **);
static int cmd_lists_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_unfollow_entry = {
	.name = "unfollow",
	.usage = "URL",
	.help = N_("stop following a list; its feeds stay subscribed"),
	.exec = cmd_unfollow_exec,
};

const struct cmd_entry cmd_lists_entry = {
	.name = "lists",
	.usage = "[--json]",
	.help = N_("the member lists followed, with members and last sync"),
	.exec = cmd_lists_exec,
};

static int
cmd_unfollow_exec(struct ctx *ctx, int argc, char **argv)
{
	struct db	*db;
	int64_t		 id;
	int		 rc;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2)
		return cmd_usage(&cmd_unfollow_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if ((rc = db_list_find(db, argv[1], &id)) == 0)
		rc = db_list_remove(db, id);
	if (rc == 1)
		warnx_(_("%s: not a list followed"), argv[1]);
	else if (rc == -1)
		warnx_("%s: %s", db_path(db), db_errmsg(db));
	db_close(db);
	return rc == 0 ? EXIT_OK : rc == 1 ? EXIT_SOMEFAIL : EXIT_USAGE;
}

static int
print_text(const struct db_list *l, void *arg)
{
	cmd_print_url(stdout, l->url, "-");
	fputs("  ", stdout);
	cmd_print_field(stdout, l->title, "-");
	printf("  %lld  ", (long long)l->members);
	cmd_print_date(stdout, l->last_sync);
	if (l->status == 0)
		fputs("  -", stdout);
	else
		printf("  %d", l->status);
	if (l->left > 0)
		printf(_("  %lld left"), (long long)l->left);
	if (l->error != NULL) {
		/* TRANSLATORS: the last sync's error after a list's line. */
		fputs(_("  error: "), stdout);
		cmd_print_field(stdout, l->error, "?");
	}
	putchar('\n');
	return 0;
}

static int
print_json(const struct db_list *l, void *arg)
{
	struct json	*j = arg;

	json_begin_object(j);
	json_key(j, "url"); cmd_json_masked(j, l->url, 1);
	json_key(j, "title"); json_string(j, l->title);
	json_key(j, "members"); json_int(j, l->members);
	json_key(j, "left"); json_int(j, l->left);
	json_key(j, "last_sync"); json_date(j, l->last_sync);
	json_key(j, "status");
	if (l->status == 0)
		json_null(j);
	else
		json_int(j, l->status);
	json_key(j, "error"); cmd_json_masked(j, l->error, 0);
	json_end_object(j);
	return 0;
}

static int
cmd_lists_exec(struct ctx *ctx, int argc, char **argv)
{
	struct json	 j;
	struct db	*db;
	int		 as_json, rc;

	if ((rc = cmd_json_option(&cmd_lists_entry, argc, argv, &as_json)) != 0)
		return rc;
	if (optind != argc)
		return cmd_usage(&cmd_lists_entry);
	if ((db = cmd_db_open(ctx)) == NULL)
		return EXIT_USAGE;
	if (as_json) {
		json_init(&j, stdout, 0);
		json_begin_array(&j);
		rc = db_lists_foreach(db, print_json, &j);
		json_end_array(&j);
		json_end(&j);
	} else
		rc = db_lists_foreach(db, print_text, NULL);
	if (rc == -1) {
		warnx_("%s: %s", db_path(db), db_errmsg(db));
		db_close(db);
		return EXIT_USAGE;
	}
	db_close(db);
	return EXIT_OK;
}
