/*
 * majlis river --out DIR [--list URL | --tag T | --all] [--days N]
 *     [--per-feed N] [--limit N] [--title TEXT] [--link URL] [--tz ZONE]
 *     [--lang L] [--images none|link|inline-same-origin]
 *
 * The network's river (river.c writes it): this file reads the options,
 * checks them (a zone glibc knows, a language tag, an http(s) link), makes
 * DIR and hands the rest to river_publish().
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

static int cmd_river_exec(struct ctx *, int, char **);

const struct cmd_entry cmd_river_entry = {
	.name = "river",
	.usage = CMD_RIVER_USAGE,
	.help = CMD_RIVER_HELP,
	.exec = cmd_river_exec,
};

/* --- options ------------------------------------------------------------- */

/*
 * The language of a locale name ("ckb_IQ.UTF-8" is "ckb-IQ"), "en" for
 * C/POSIX or none: a heap string.
 */
static char *
locale_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v = NULL;
	char		*t, *l;
	size_t		 i;

	for (i = 0; i < nitems(vars) && (v == NULL || *v == '\0'); i++)
		v = getenv(vars[i]);
	if (v == NULL || *v == '\0' || strcmp(v, "C") == 0 ||
	    strncmp(v, "C.", 2) == 0 || strcmp(v, "POSIX") == 0)
		return xstrdup("en");
	t = xstrndup(v, strcspn(v, ".@"));
	l = lang_clean(t);
	free(t);
	return l != NULL ? l : xstrdup("en");
}

/*
 * A zone glibc knows: a name under the zone directory (no ".." in it), or
 * a POSIX TZ string ("<+03>-3", "EST5EDT"), which has a digit.  glibc takes
 * any other name silently as UTC: better to say so.
 */
static int
zone_ok(const char *z)
{
	const char	*dir = getenv("TZDIR");
	char		*path;
	int		 ok;

	if (*z == ':')
		z++;
	if (*z == '\0' || strstr(z, "..") != NULL)
		return 0;
	if (strcmp(z, "UTC") == 0 || strpbrk(z, "0123456789") != NULL)
		return 1;
	if (*z == '/')
		return access(z, R_OK) == 0;
	xasprintf(&path, "%s/%s", dir != NULL && *dir != '\0' ? dir :
	    "/usr/share/zoneinfo", z);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

/* --link URL: http(s), taken as a directory ("…/river" is "…/river/"). */
static char *
page_link(const char *s)
{
	char	*u, *l;
	size_t	 n;

	if ((u = url_safe(s, NULL, 0)) == NULL)
		return NULL;
	n = strlen(u);
	if (n > 0 && u[n - 1] == '/')
		return u;
	if (n > 11 && strcmp(u + n - 11, "/index.html") == 0) {
		u[n - 10] = '\0';
		return u;
	}
	xasprintf(&l, "%s/", u);
	free(u);
	return l;
}

/* --images MODE. */
static int
river_images(const char *s, enum san_image_mode *mode)
{
	if (strcmp(s, "none") == 0)
		*mode = SAN_IMAGES_NONE;
	else if (strcmp(s, "link") == 0)
		*mode = SAN_IMAGES_LINK;
	else if (strcmp(s, "inline-same-origin") == 0)
		*mode = SAN_IMAGES_ORIGIN;
	else
		return -1;
	return 0;
}

static int
count_list(const struct db_list *l, void *arg)
{
	(void)l;
	(*(size_t *)arg)++;
	return 0;
}

/*
 * The river publishes the network: by default the members of the lists
 * followed, and without any there is no network to publish; --list names
 * one that is followed.  Refused (exit 2, said why) rather than publishing
 * every subscription, private feeds included, as a network.
 */
static int
river_set_check(struct db *db, const struct river_opts *r)
{
	size_t	 n = 0;
	int64_t	 id;
	int	 rc;

	if (r->set == RIVER_LIST) {
		if ((rc = db_list_find(db, r->list, &id)) == -1) {
			warnx_("%s", db_errmsg(db));
			return EXIT_USAGE;
		}
		if (rc == 1) {
			warnx_(_("%s: not a member list followed (see "
			    "'majlis lists')"), r->list);
			return EXIT_USAGE;
		}
	} else if (r->set == RIVER_LISTS) {
		if (db_lists_foreach(db, count_list, &n) == -1) {
			warnx_("%s", db_errmsg(db));
			return EXIT_USAGE;
		}
		if (n == 0) {
			warnx_(_("no member list followed: the river publishes"
			    " the members of the lists followed ('majlis "
			    "follow URL'); --tag T or --all publish others"));
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

static int
cmd_river_exec(struct ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out",	required_argument,	NULL, 'o' },
		{ "list",	required_argument,	NULL, 'i' },
		{ "tag",	required_argument,	NULL, 't' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "days",	required_argument,	NULL, 'D' },
		{ "per-feed",	required_argument,	NULL, 'p' },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "title",	required_argument,	NULL, 'T' },
		{ "link",	required_argument,	NULL, 'l' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "lang",	required_argument,	NULL, 'L' },
		{ "images",	required_argument,	NULL, 'I' },
		{ NULL,		0,			NULL, 0 }
	};
	struct river_opts r;
	struct stat	 sb;
	struct db	*db = NULL;
	const char	*lang = NULL;
	int		 ch, status = EXIT_USAGE;

	memset(&r, 0, sizeof r);
	r.days = 14;
	r.per_feed = 10;
	r.limit = 200;
	r.images = SAN_IMAGES_LINK;
	while ((ch = cmd_getopt(argc, argv, "", longopts)) != -1) {
		switch (ch) {
		case 'o':
			r.dir = optarg;
			break;
		case 'i':
			if (r.set != RIVER_LISTS)
				goto usage;
			r.set = RIVER_LIST;
			r.list = optarg;
			break;
		case 't':
			if (r.set != RIVER_LISTS)
				goto usage;
			r.set = RIVER_TAG;
			r.tag = optarg;
			break;
		case 'a':
			if (r.set != RIVER_LISTS)
				goto usage;
			r.set = RIVER_ALL;
			break;
		case 'D':
			if (cmd_number(optarg, 1, 36500, &r.days) == -1)
				goto usage;
			break;
		case 'p':
			if (cmd_number(optarg, 1, 100000, &r.per_feed) == -1)
				goto usage;
			break;
		case 'n':
			if (cmd_number(optarg, 1, 100000, &r.limit) == -1)
				goto usage;
			break;
		case 'T':
			r.title = optarg;
			break;
		case 'l':
			free(r.link);
			if ((r.link = page_link(optarg)) == NULL) {
				warnx_(_("%s: not an http or https URL"), optarg);
				goto out;
			}
			break;
		case 'z':
			if (!zone_ok(optarg)) {
				warnx_(_("%s: unknown time zone"), optarg);
				goto out;
			}
			r.zone = optarg;
			break;
		case 'L':
			lang = optarg;
			break;
		case 'I':
			if (river_images(optarg, &r.images) == -1) {
				warnx_(_("%s: not an --images mode (none, link, "
				    "inline-same-origin)"), optarg);
				goto out;
			}
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc || r.dir == NULL || *r.dir == '\0')
		goto usage;
	if (lang != NULL && (r.lang = lang_clean(lang)) == NULL) {
		warnx_(_("%s: not a language tag"), lang);
		goto out;
	}
	if (r.lang == NULL)
		r.lang = locale_lang();
	if (r.zone != NULL) {
		setenv("TZ", r.zone, 1);
		tzset();
	}
	if (mkdir(r.dir, 0755) == -1 && errno != EEXIST) {
		warnx_("%s: %s", r.dir, strerror(errno));
		goto out;
	}
	if (stat(r.dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		warnx_(_("%s: not a directory"), r.dir);
		goto out;
	}
	if ((db = cmd_db_open(ctx)) == NULL)
		goto out;
	if ((status = river_set_check(db, &r)) != EXIT_OK)
		goto out;
	status = EXIT_USAGE;
	if (river_publish(db, &r) == 0)
		status = EXIT_OK;
	goto out;
usage:
	status = cmd_usage(&cmd_river_entry);
out:
	if (db != NULL)
		db_close(db);
	free(r.link);
	free(r.lang);
	return status;
}
