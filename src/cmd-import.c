/*
 * majlis import FILE|-: subscribe to the feeds of an OPML or newsboat urls
 * file, told apart by content (sublist_parse).
 *
 * The outcome follows the file:
 *   - not OPML nor a urls file (not XML, not text): nothing is imported,
 *     the reason is printed, exit 2;
 *   - some feeds refused (not http or https, an outline without xmlUrl;
 *     exec: and filter: but in a urls file named by the user): the others
 *     are imported, each refused one is named by file and line, exit 1;
 *   - otherwise exit 0.
 * All the feeds go in in one transaction: an import that fails half way
 * (disk full, database locked too long) leaves the cache as it was, and ten
 * thousand feeds cost one commit, not ten thousand.  A feed already
 * subscribed gets the file's tags added, and its title if it had none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static int cmd_import_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = CMD_IMPORT_USAGE,
	.help = CMD_IMPORT_HELP,
	.exec = cmd_import_exec,
};

/* What one import did, for the summary line; and how it may. */
struct import_count {
	size_t	 added;
	size_t	 merged;
	int	 proxies;	/* a file's proxy= may be taken */
};

/*
 * May a file's proxy= settings be taken?  Not in proxy-only mode
 * (proxy-only, tor), nor when the config cannot say: 1 or 0.
 */
static int
import_proxies(struct ctx *ctx)
{
	struct config	 cfg;
	char		*err;
	int		 ok;

	if (config_read(&cfg, ctx->config_path, CONFIG_NET, &err) == -1) {
		free(err);
		return 0;
	}
	ok = !cfg.proxy_only && !cfg.tor;
	config_free(&cfg);
	return ok;
}

/*
 * Store one subscription.  Tags the database would refuse (sub_clean
 * makes them valid, this is a second line) are left out rather than
 * failing the whole import.  Returns 0, or -1 on a database error.
 */
static int
import_sub(struct db *db, const struct sub *s, struct import_count *n)
{
	struct db_feed	*f;
	char		**tags;
	size_t		  i, ntags = 0;
	int64_t		  id;
	int		  rc;

	tags = xreallocarray(NULL, s->ntags > 0 ? s->ntags : 1, sizeof *tags);
	for (i = 0; i < s->ntags; i++) {
		if (db_tag_valid(s->tags[i]))
			tags[ntags++] = s->tags[i];
	}
	rc = db_feed_add(db, s->url, s->title, tags, ntags, &id);
	free(tags);
	if (rc == -1)
		return -1;
	/*
	 * The file's settings (majlis's own OPML): a bad one is left out.
	 * A proxy decides where the feed's requests go: taken only for a
	 * feed the file adds, never over the user's own for one already
	 * here, and never in proxy-only mode, where a file (from anyone)
	 * would send the feed by a proxy not the user's.
	 */
	for (i = 0; i < s->nsettings; i++) {
		if (strncmp(s->settings[i], "proxy=", 6) == 0 &&
		    (rc != 0 || !n->proxies)) {
			if (rc == 0)
				warnx_(_("%s: %s: left out in proxy-only mode"),
				    s->url, s->settings[i]);
			continue;
		}
		if (db_feed_setting(db, id, s->settings[i]) == -1) {
			warnx_(_("%s: %s: left out: %s"), s->url,
			    s->settings[i], db_errmsg(db));
		}
	}
	if (rc == 0) {
		n->added++;
		return 0;
	}
	n->merged++;
	if (s->title == NULL || (f = db_feed_get(db, id)) == NULL)
		return 0;
	rc = 0;
	if (f->title == NULL)
		rc = db_feed_set_title(db, id, s->title);
	db_feed_free(f);
	return rc == -1 ? -1 : 0;
}

/*
 * Append the saved views of the list (newsboat query: feeds) to the config
 * file as view lines, those it does not hold already, and say so.
 * Returns 0, or -1 with the error printed.
 */
/*
 * "FILE: 3 new, 1 already subscribed, 0 refused": each count in its own
 * plural form, put together by a translated pattern.
 */
static void
import_summary(const char *name, size_t added, size_t merged, size_t refused)
{
	char	*a, *m, *r;

	xasprintf(&a, ngettext("%zu new", "%zu new", (unsigned long)added),
	    added);
	xasprintf(&m, ngettext("%zu already subscribed",
	    "%zu already subscribed", (unsigned long)merged), merged);
	xasprintf(&r, ngettext("%zu refused", "%zu refused",
	    (unsigned long)refused), refused);
	/* TRANSLATORS: "urls: 3 new, 1 already subscribed, 0 refused". */
	printf(_("%s: %s, %s, %s\n"), name, a, m, r);
	free(a);
	free(m);
	free(r);
}

static int
import_views(struct ctx *ctx, const struct sublist *sl)
{
	FILE	*fp;
	char	*path, *data = NULL;
	size_t	 len = 0, i, added = 0;
	int	 rc = -1;

	path = config_path(ctx->config_path);
	if (read_file(path, &data, &len) == -1 && errno != ENOENT) {
		warnx_("%s: %s", path, strerror(errno));
		goto out;
	}
	if (path_mkparent(path) == -1 || (fp = path_create(path, 1)) == NULL) {
		warnx_("%s: %s", path, strerror(errno));
		goto out;
	}
	if (len > 0 && data[len - 1] != '\n')
		fputc('\n', fp);
	for (i = 0; i < sl->nviews; i++) {
		if (data != NULL && memmem(data, len, sl->views[i],
		    strlen(sl->views[i])) != NULL)
			continue;
		fprintf(fp, "%s\n", sl->views[i]);
		added++;
	}
	if (fclose(fp) == EOF) {
		warnx_("%s: %s", path, strerror(errno));
		goto out;
	}
	printf(ngettext("%s: %zu view added (newsboat query feeds)\n",
	    "%s: %zu views added (newsboat query feeds)\n", added), path,
	    added);
	rc = 0;
out:
	free(data);
	free(path);
	return rc;
}

/*
 * majlis import --read FILE: mark read the posts whose keys FILE lists,
 * one a line (export --read, newsboat -E), blank lines and a final CR
 * ignored.  A key no post has yet is counted, not kept: import the feeds
 * and fetch them first.
 */
static int
import_read(struct ctx *ctx, const char *file)
{
	struct db	*db;
	const char	*name;
	char		*data, *line, *p, **keys = NULL;
	char		*said_marked, *said_unknown;
	size_t		 len, nkeys = 0, n;
	int64_t		 marked, unknown = 0;

	name = strcmp(file, "-") == 0 ? "standard input" : file;
	if (read_file(file, &data, &len) == -1) {
		warnx_("%s: %s", name, strerror(errno));
		return EXIT_USAGE;
	}
	for (p = data; (line = strsep(&p, "\n")) != NULL;) {
		n = strlen(line);
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n > 0)
			strv_add(&keys, &nkeys, xstrdup(line));
	}
	free(data);
	if ((db = cmd_db_open(ctx)) == NULL) {
		strv_free(keys, nkeys);
		return EXIT_USAGE;
	}
	marked = db_mark_keys_read(db, keys, nkeys, &unknown);
	strv_free(keys, nkeys);
	if (marked == -1) {
		warnx_(_("%s: %s; nothing marked"), db_path(db),
		    db_errmsg(db));
		db_close(db);
		return EXIT_USAGE;
	}
	db_close(db);
	xasprintf(&said_marked, ngettext("%lld post marked read",
	    "%lld posts marked read", (unsigned long)marked),
	    (long long)marked);
	xasprintf(&said_unknown, ngettext("%lld key not in the cache",
	    "%lld keys not in the cache", (unsigned long)unknown),
	    (long long)unknown);
	/* TRANSLATORS: "FILE: 3 posts marked read; 1 key not in the cache". */
	printf(_("%s: %s; %s\n"), name, said_marked, said_unknown);
	free(said_marked);
	free(said_unknown);
	return EXIT_OK;
}

static int
cmd_import_exec(struct ctx *ctx, int argc, char **argv)
{
	struct import_count n = { 0, 0, 0 };
	struct sublist	 sl;
	struct db	*db;
	const char	*name;
	char		*data, *err = NULL;
	size_t		 len, i;
	int		 status = EXIT_USAGE;

	if (argc == 3 && strcmp(argv[1], "--read") == 0)
		return import_read(ctx, argv[2]);
	if (argc == 3 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return cmd_usage(&cmd_import_entry);
	name = strcmp(argv[1], "-") == 0 ? "standard input" : argv[1];
	if (read_file(argv[1], &data, &len) == -1) {
		warnx_("%s: %s", name, strerror(errno));
		return EXIT_USAGE;
	}

	sublist_init(&sl);
	/*
	 * A urls file the user names is theirs: its exec: and filter: feeds
	 * are taken (never an OPML file's: sublist_parse).  Standard input
	 * is as often another program's output, a download piped in.
	 */
	sl.commands = strcmp(argv[1], "-") != 0;
	if (sublist_parse(data, len, name, &sl, &err) == -1) {
		warnx_(_("%s; nothing imported"), err);
		free(err);
		goto out;
	}
	for (i = 0; i < sl.nerrors; i++)
		warnx_("%s", sl.errors[i]);

	if (sl.nsubs > 0) {
		n.proxies = import_proxies(ctx);
		if ((db = cmd_db_open(ctx)) == NULL)
			goto out;
		if (db_begin(db) == -1)
			goto dberr;
		for (i = 0; i < sl.nsubs; i++) {
			if (import_sub(db, &sl.subs[i], &n) == -1) {
				db_rollback(db);
				goto dberr;
			}
		}
		if (db_commit(db) == -1)
			goto dberr;
		db_close(db);
	}
	if (sl.nviews > 0 && import_views(ctx, &sl) == -1)
		goto out;
	import_summary(name, n.added, n.merged, sl.nerrors);
	status = sl.nerrors > 0 ? EXIT_SOMEFAIL : EXIT_OK;
	goto out;

dberr:
	warnx_(_("%s: %s; nothing imported"), db_path(db), db_errmsg(db));
	db_close(db);
out:
	sublist_free(&sl);
	free(data);
	return status;
}
