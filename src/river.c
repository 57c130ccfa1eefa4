/*
 * The network's river (majlis river): one page (DIR/index.html), one Atom feed
 * (DIR/atom.xml) and the member list (DIR/opml.xml) of what the feeds in
 * the cache wrote, with the page's stylesheet (DIR/river.css).  It reads
 * the cache alone, never the network, so it can run from cron right after
 * 'majlis fetch'.
 *
 * A web server may be serving DIR while this runs: each file is written
 * beside its final name, flushed to the disk and renamed over it (struct
 * outfile), the stylesheet first and the page last, so a reader gets the
 * old file or the new one, never a part.  If anything fails, the files not
 * yet renamed stay as they were.
 *
 * Everything a feed wrote is hostile: post HTML goes through
 * html_sanitize(), every other string through xml_escape(), every URL
 * through url_safe().  The page carries a Content-Security-Policy that
 * allows no script at all and only its own stylesheet, so a hole in the
 * sanitiser would still not run code.
 *
 * Nor does the page tell a third party who reads it.  A post's images would
 * be requests to their hosts from every visitor, so they become links
 * (--images link, the default) or their alt text (none), or stay images
 * only on the page's own origin (inline-same-origin; rule 8 of
 * sanitize.c), and the CSP allows no image from anywhere else.  Every link
 * carries referrerpolicy="no-referrer", and the page says so for all.
 * atom.xml carries the same HTML as the page: a feed reader, a web one
 * above all, shows it to its own users much as a browser does, and loads
 * what it can; the river is published for them too.
 *
 * Direction is the browser's work: each post and each paragraph of it
 * have dir="auto" (the first strong character decides: for the post, that
 * of its title) and the post's language when known.
 *
 * The page speaks the language of --lang, not the user's: its words come
 * from the catalogues through i18n_lang_begin(), around the page's text
 * alone, so that what the run says on the terminal stays in the user's
 * language.  The page's own direction is the language's, and its headings
 * follow it; every date, time, zone and number inserted into its words is
 * isolated (<time dir="ltr">, <bdi>), so that "2026-12-06" never reads
 * backwards in a page written right to left.  What scripts read stays as
 * it is: the file names, the feed's elements, the datetime attributes.
 *
 * The page and the feed are written in one pass over the posts, which
 * come newest first from db_river_posts(): memory holds one post at a
 * time, whatever the caps.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "majlis.h"

#define RIVER_MAXTEXT	(64 * 1024)	/* text bytes of one post shown */

/* The stylesheet: the page's only style (the CSP allows no other). */
static const char river_css[] =
	"body { margin: 0 auto; max-width: 46em; padding: 0 1em;\n"
	"  font: 1em/1.5 system-ui, \"Noto Sans\", \"Noto Naskh Arabic\","
	" sans-serif; color: #222; background: #fdfdfb; }\n"
	"a { color: #1a55a0; }\n"
	"header.top { border-bottom: 1px solid #ccc; }\n"
	"header.top h1 { margin: .6em 0 0; font-size: 1.6em; }\n"
	".meta, .byline { color: #666; font-size: .9em; margin: 0; }\n"
	"section.day > h2 { font-size: 1em; color: #555; margin: 2em 0 0;"
	" border-bottom: 1px dotted #bbb; }\n"
	"article.post { margin: 1.2em 0 2em; }\n"
	"article.post h3 { margin: 0; font-size: 1.2em; }\n"
	".member { font-weight: bold; }\n"
	/*
	 * Nothing a feed writes makes the page wider than a phone: words
	 * without a space break anywhere, images and tables fit the column.
	 */
	".content, article.post h3, .byline, header.top h1,"
	" section.members td { overflow-wrap: anywhere; }\n"
	".content img { max-width: 100%; height: auto; }\n"
	".content table { table-layout: fixed; width: 100%; }\n"
	".content pre { overflow-x: auto; }\n"
	".content blockquote { margin: 0 1em; padding: 0 1em;"
	" border-inline-start: 3px solid #ddd; }\n"
	"[dir=auto] { text-align: start; }\n"
	"section.members table { border-collapse: collapse; width: 100%;"
	" table-layout: fixed; }\n"
	"section.members th:first-child { width: 45%; }\n"
	"section.members td, section.members th { padding: .2em .5em;"
	" text-align: start; vertical-align: bottom;"
	" border-bottom: 1px solid #eee; }\n"
	".bar { display: inline-flex; align-items: flex-end; height: 1.2em;"
	" gap: 1px; direction: ltr; }\n"
	".bar i { display: inline-block; width: .45em; background: #3a7d44; }\n"
	".bar i.l0 { height: 1px; background: #ccc; }\n"
	".bar i.l1 { height: 13%; } .bar i.l2 { height: 25%; }\n"
	".bar i.l3 { height: 38%; } .bar i.l4 { height: 50%; }\n"
	".bar i.l5 { height: 63%; } .bar i.l6 { height: 75%; }\n"
	".bar i.l7 { height: 88%; } .bar i.l8 { height: 100%; }\n"
	".failing { color: #a33; font-size: .85em; }\n"
	"footer { color: #888; font-size: .8em; margin: 2em 0; }\n";

/*
 * A file written beside its final name (".NAME.XXXXXX" in the same
 * directory, so that rename() is atomic) and renamed over it by
 * outfile_commit() once it is on the disk.
 */
struct outfile {
	char	*tmp;
	char	*path;
	FILE	*fp;
};

static int
outfile_open(struct outfile *o, const char *dir, const char *name)
{
	int	 fd;

	xasprintf(&o->path, "%s/%s", dir, name);
	xasprintf(&o->tmp, "%s/.%s.XXXXXX", dir, name);
	o->fp = NULL;
	if ((fd = mkstemp(o->tmp)) == -1) {
		warnx_("%s: %s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	/* Served to the world: readable by the web server. */
	(void)fchmod(fd, 0644);
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		warnx_("%s: %s", o->tmp, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

static void
outfile_abort(struct outfile *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

static int
outfile_commit(struct outfile *o)
{
	int	 bad;

	bad = fflush(o->fp) == EOF || ferror(o->fp) ||
	    fsync(fileno(o->fp)) == -1;
	if (fclose(o->fp) == EOF)
		bad = 1;
	o->fp = NULL;
	if (bad || rename(o->tmp, o->path) == -1) {
		warnx_("%s: %s", o->path, strerror(errno ? errno : EIO));
		outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	free(o->path);
	o->path = NULL;
	return 0;
}

/* The options and what the run has gathered. */
struct river {
	struct db	*db;
	const char	*dir;
	int		 set;		/* RIVER_* */
	const char	*list;
	const char	*tag;
	const char	*title;
	char		*own_title;	/* the default title, translated */
	const char	*link;		/* the page's URL, ending in '/' */
	const char	*lang;
	const char	*zone;		/* for the footer, or NULL: local */
	int64_t		 days, per_feed, limit;
	int64_t		 now;
	struct san_images images;	/* what a post's images become */
	char		*origin;	/* images.origin: the link's, or NULL */
	char		*image_word;	/* images.word, translated */

	struct sublist	 members;	/* every subscribed feed, by id */
	int64_t		*ids;		/* members.subs[i]'s feed id */
	unsigned char	*show;		/* member of this river */
	unsigned char	*failing;	/* its last fetch failed */
	int64_t		*shown;		/* the ids of those, ascending */
	size_t		 nshown;
	struct db_activity *act;	/* by feed id */
	size_t		 nact;

	struct outfile	 page, atom;
	struct buf	 b;		/* one post's text at a time */
	char		*day;		/* the day section open, or NULL */
	int64_t		 nposts;
};

/* --- members ----------------------------------------------------------- */

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
river_member(const struct db_feed *f, void *arg)
{
	struct river	*r = arg;
	size_t		 i = r->members.nsubs;
	const char	*url = f->url;
	char		*shown;

	/*
	 * A command feed is the user's own script, not a blog of the
	 * network: its command line (a path in the home directory, perhaps
	 * a token) is never published.  A filter: feed is published as the
	 * feed it fetches; an exec: one not at all.
	 */
	if (url_is_command(url) && (url = url_command_http(url)) == NULL)
		return 0;
	sublist_add_feed(f, &r->members);
	/*
	 * Published files never carry credentials: from here on a member's
	 * URL is its masked one (url_mask()), on the page, in the feeds'
	 * sources, in the entries' ids and in opml.xml.
	 */
	shown = url_mask(url);
	free(r->members.subs[i].url);
	r->members.subs[i].url = shown;
	r->ids = xreallocarray(r->ids, i + 1, sizeof *r->ids);
	r->show = xreallocarray(r->show, i + 1, 1);
	r->failing = xreallocarray(r->failing, i + 1, 1);
	r->failing[i] = f->error != NULL;
	r->ids[i] = f->id;
	r->show[i] = r->nshown > 0 && bsearch(&f->id, r->shown, r->nshown,
	    sizeof *r->shown, id_cmp) != NULL;
	return 0;
}

/* The query of the feeds and posts r publishes. */
static void
river_query(const struct river *r, struct db_river_query *q)
{
	memset(q, 0, sizeof *q);
	q->set = r->set;
	q->list = r->list;
	q->tag = r->tag;
	q->since = r->now - r->days * 86400;
	q->per_feed = r->per_feed;
	q->limit = r->limit;
}

/* The index of feed id in members (they come ordered by id), or -1. */
static ssize_t
member_index(struct river *r, int64_t id)
{
	size_t	 lo = 0, hi = r->members.nsubs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->ids[mid] == id)
			return (ssize_t)mid;
		if (r->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static const char *
member_name(const struct sub *s)
{
	return s->title != NULL && *s->title != '\0' ? s->title : s->url;
}

static int
river_members_load(struct river *r)
{
	struct db_river_query	 q;

	river_query(r, &q);
	if (db_river_members(r->db, &q, &r->shown, &r->nshown) == -1 ||
	    db_feeds_foreach(r->db, DB_FEEDS_TAGS, river_member, r) == -1)
		return -1;
	return db_activity_get(r->db, r->now, &r->act, &r->nact);
}

/* Member i's activity; none known (no post) if it has no entry. */
static const struct db_activity *
member_activity(struct river *r, size_t i)
{
	static const struct db_activity none = { .last_post = DATE_NONE };
	const struct db_activity	*a;

	a = db_activity_find(r->act, r->nact, r->ids[i]);
	return a != NULL ? a : &none;
}

/* --- times and ids ------------------------------------------------------- */

static void
add_rfc3339(struct buf *b, int64_t t)
{
	struct tm	 tm;
	time_t		 tt;

	/* Years 1 to 9999: what RFC 3339 can write. */
	if (t < -62135596800LL)
		t = -62135596800LL;
	if (t > 253402300799LL)
		t = 253402300799LL;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * Append t in the zone in force (TZ) as a day, a time of day, or both with
 * the zone's name; "?" for a time the C library cannot place (a feed's
 * year 300,000).
 */
enum local_form { LOCAL_DAY, LOCAL_TIME, LOCAL_STAMP };

static void
add_local(struct buf *b, int64_t t, enum local_form form)
{
	struct tm	 tm;
	time_t		 tt = (time_t)t;
	char		 s[64];
	size_t		 n = 0;

	if (localtime_r(&tt, &tm) != NULL) {
		switch (form) {
		case LOCAL_DAY:
			n = strftime(s, sizeof s, "%Y-%m-%d", &tm);
			break;
		case LOCAL_TIME:
			n = strftime(s, sizeof s, "%H:%M", &tm);
			break;
		case LOCAL_STAMP:
			n = strftime(s, sizeof s, "%Y-%m-%d %H:%M %Z", &tm);
			break;
		}
	}
	if (n == 0) {
		buf_addc(b, '?');
		return;
	}
	xml_escape(b, s);
}

/* A post's time: its sort time, never after the run. */
static int64_t
post_time(const struct river *r, const struct db_river_post *p)
{
	return p->sort_time < r->now ? p->sort_time : r->now;
}

/*
 * A stable Atom id for a post of a feed: a name-based UUID from the feed's
 * URL and the post's key, so the same post keeps its id from run to run
 * and a post quoted by two feeds is two entries.
 */
static void
add_uuid(struct buf *b, const char *a, const char *c)
{
	uint64_t	 h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	const char	*s;
	int		 k;

	for (k = 0; k < 2; k++) {
		for (s = a; *s != '\0'; s++)
			h[k] = (h[k] ^ (unsigned char)*s) * 0x100000001b3ULL;
		h[k] = (h[k] ^ 0xff) * 0x100000001b3ULL;
		for (s = c; s != NULL && *s != '\0'; s++)
			h[k] = (h[k] ^ (unsigned char)*s) * 0x100000001b3ULL;
		h[k] ^= h[k] >> 29;
	}
	/* RFC 9562 version 8 (custom), variant 10. */
	h[0] = (h[0] & ~0xf000ULL) | 0x8000ULL;
	h[1] = (h[1] & ~(3ULL << 62)) | (2ULL << 62);
	buf_addf(b, "urn:uuid:%08x-%04x-%04x-%04x-%012llx",
	    (unsigned)(h[0] >> 32), (unsigned)(h[0] >> 16) & 0xffff,
	    (unsigned)h[0] & 0xffff, (unsigned)(h[1] >> 48),
	    (unsigned long long)(h[1] & 0xffffffffffffULL));
}

/* An attribute name="value", escaped; nothing when value is NULL. */
static void
add_attr(struct buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_addf(b, " %s=\"", name);
	xml_escape(b, value);
	buf_addc(b, '"');
}

static void
add_link_attrs(struct buf *b, const char *url)
{
	add_attr(b, "href", url);
	buf_adds(b, " rel=\"noopener noreferrer nofollow\""
	    " referrerpolicy=\"no-referrer\"");
}

/*
 * Append msg, a message of the page as the catalogue gives it, with its
 * own text escaped and its directives replaced as printf() would: "%%" by
 * '%', the nth "%s" by args[n - 1] and "%N$s" by args[N - 1], markup the
 * page writes (an isolated number, a <time>), as it is.  Never printf():
 * the message is escaped first, and what is escaped is no format.
 */
static void
add_message(struct buf *b, const char *msg, const char *const *args,
    size_t nargs)
{
	struct buf	 text;
	const char	*p;
	char		*end;
	unsigned long	 k;
	size_t		 next = 0;

	buf_init(&text);
	for (p = msg; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			buf_addc(&text, *p);
			continue;
		}
		if (*++p == '%') {
			buf_addc(&text, '%');
			continue;
		}
		k = next++;
		if (*p >= '1' && *p <= '9') {
			k = strtoul(p, &end, 10) - 1;
			if (*end == '$')
				p = end + 1;
		}
		xml_escape(b, buf_str(&text));
		buf_reset(&text);
		if (*p == 's' && k < nargs)
			buf_adds(b, args[k]);
	}
	xml_escape(b, buf_str(&text));
	buf_free(&text);
}

/*
 * "<time dir="ltr" datetime="RFC 3339">t in the zone</time>": dir="ltr"
 * isolates it and keeps its digits, dashes and zone in their order.
 */
static void
add_time(struct buf *b, int64_t t, enum local_form form)
{
	buf_adds(b, "<time dir=\"ltr\" datetime=\"");
	add_rfc3339(b, t);
	buf_adds(b, "\">");
	add_local(b, t, form);
	buf_adds(b, "</time>");
}

/* --- the page ------------------------------------------------------------ */

/* The page's head and header.  In the page's language. */
static void
page_begin(struct river *r)
{
	struct buf	*b = &r->b;
	struct buf	 stamp;
	const char	*args[1];

	buf_reset(b);
	buf_adds(b, "<!DOCTYPE html>\n<html");
	add_attr(b, "lang", r->lang);
	add_attr(b, "dir", lang_is_rtl(r->lang) ? "rtl" : "ltr");
	/*
	 * The CSP lets the browser load images from the page's own origin
	 * alone, and only when --images inline-same-origin keeps them: a
	 * hole in the sanitiser still loads nothing from another host.
	 */
	buf_adds(b, ">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; ");
	if (r->images.mode == SAN_IMAGES_ORIGIN && r->origin != NULL) {
		buf_adds(b, "img-src ");
		xml_escape(b, r->origin);
		buf_adds(b, "; ");
	}
	buf_adds(b, "style-src 'self'; base-uri 'none'; form-action 'none'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"majlis " PACKAGE_VERSION
	    "\">\n<title>");
	xml_escape(b, r->title);
	buf_adds(b, "</title>\n<link rel=\"stylesheet\" href=\"river.css\">\n"
	    "<link rel=\"alternate\" type=\"application/atom+xml\""
	    " href=\"atom.xml\"");
	add_attr(b, "title", r->title);
	buf_adds(b, ">\n</head>\n<body>\n<header class=\"top\">\n"
	    "<h1 dir=\"auto\">");
	if (r->link != NULL) {
		buf_adds(b, "<a");
		add_attr(b, "href", r->link);
		buf_adds(b, " referrerpolicy=\"no-referrer\">");
	}
	xml_escape(b, r->title);
	buf_adds(b, r->link != NULL ? "</a></h1>\n" : "</h1>\n");
	buf_init(&stamp);
	add_time(&stamp, r->now, LOCAL_STAMP);
	args[0] = buf_str(&stamp);
	buf_adds(b, "<p class=\"meta\">");
	/* TRANSLATORS: the river page's first line: %s is when it was written. */
	add_message(b, _("updated %s"), args, nitems(args));
	buf_free(&stamp);
	/* The formats' names, isolated: a list reads in the page's order. */
	buf_adds(b, " \xc2\xb7 <a href=\"atom.xml\" dir=\"ltr\""
	    " referrerpolicy=\"no-referrer\">Atom</a>"
	    " \xc2\xb7 <a href=\"opml.xml\" dir=\"ltr\""
	    " referrerpolicy=\"no-referrer\">OPML</a>"
	    " \xc2\xb7 <a href=\"#members\" referrerpolicy=\"no-referrer\">");
	/* TRANSLATORS: the link to the river page's member table, its heading. */
	xml_escape(b, _("members"));
	buf_adds(b, "</a></p>\n</header>\n<main>\n");
	fwrite(b->s, 1, b->len, r->page.fp);
}

/* Open the day section of t (in the zone) unless it is open already. */
static void
page_day(struct river *r, int64_t t)
{
	struct buf	*b = &r->b;
	struct buf	 day;

	buf_init(&day);
	add_local(&day, t, LOCAL_DAY);
	if (r->day != NULL && strcmp(buf_str(&day), r->day) == 0) {
		buf_free(&day);
		return;
	}
	if (r->day != NULL)
		buf_adds(b, "</section>\n");
	free(r->day);
	r->day = buf_take(&day);
	buf_addf(b, "<section class=\"day\">\n<h2><time dir=\"ltr\""
	    " datetime=\"%s\">%s</time></h2>\n", r->day, r->day);
}

static void
page_post(struct river *r, const struct db_river_post *p,
    const struct sub *m, const char *link, const char *html)
{
	struct buf	*b = &r->b;

	page_day(r, post_time(r, p));
	buf_adds(b, "<article class=\"post\" dir=\"auto\"");
	add_attr(b, "lang", p->lang);
	buf_adds(b, ">\n<h3 class=\"title\">");
	if (link != NULL) {
		buf_adds(b, "<a");
		add_link_attrs(b, link);
		buf_adds(b, ">");
	}
	xml_escape(b, p->title != NULL && *p->title != '\0' ? p->title :
	    "\xe2\x80\x94");
	buf_adds(b, link != NULL ? "</a></h3>\n" : "</h3>\n");
	buf_adds(b, "<p class=\"byline\"><span class=\"member\" dir=\"auto\">");
	xml_escape(b, member_name(m));
	buf_adds(b, "</span>");
	if (p->author != NULL && *p->author != '\0' &&
	    strcmp(p->author, member_name(m)) != 0) {
		buf_adds(b, " \xc2\xb7 <span class=\"author\" dir=\"auto\">");
		xml_escape(b, p->author);
		buf_adds(b, "</span>");
	}
	buf_adds(b, " ");
	add_time(b, post_time(r, p), LOCAL_TIME);
	/*
	 * No dir on the content: dir="auto" passes over children that have
	 * their own (every paragraph has), so it would find nothing and say
	 * ltr.  The content takes the post's direction; each of its
	 * paragraphs finds its own.
	 */
	buf_adds(b, "</p>\n<div class=\"content\">");
	buf_adds(b, html);
	buf_adds(b, "</div>\n</article>\n");
	fwrite(b->s, 1, b->len, r->page.fp);
}

/*
 * An activity bar: one <i> per week, its height a step of the count.  Its
 * title has the 12 weeks in the message itself: a message has one count
 * for ngettext(), and the translation says "12 weeks" in its own grammar.
 */
_Static_assert(DB_WEEKS == 12, "the bar's title says 12 weeks");

static void
page_bar(struct buf *b, const struct db_activity *a)
{
	static const int64_t steps[] = { 1, 2, 3, 5, 8, 13, 21, 36 };
	int64_t		 total = 0;
	size_t		 w, l;
	char		*title;

	for (w = 0; w < DB_WEEKS; w++)
		total += a->weekly[w];
	/*
	 * TRANSLATORS: the title of a member's activity bar: its posts in the
	 * last 12 weeks, a bar a week.
	 */
	xasprintf(&title, ngettext("%lld post in 12 weeks",
	    "%lld posts in 12 weeks", (unsigned long)total), (long long)total);
	buf_adds(b, "<span class=\"bar\"");
	add_attr(b, "title", title);
	buf_adds(b, ">");
	free(title);
	for (w = 0; w < DB_WEEKS; w++) {
		for (l = 0; l < nitems(steps) && a->weekly[w] >= steps[l]; l++)
			;
		buf_addf(b, "<i class=\"l%zu\" title=\"%lld\"></i>", l,
		    (long long)a->weekly[w]);
	}
	buf_adds(b, "</span>");
}

/* Member i's row of the member table, onto b.  In the page's language. */
static int
page_member(struct river *r, size_t i)
{
	struct buf	*b = &r->b;
	const struct sub *m = &r->members.subs[i];
	const struct db_activity *a;
	char		*title, *link, *safe;

	/*
	 * The row follows the page's direction; the member's name is isolated
	 * and takes its own, so that the page's words after it stay in place.
	 */
	buf_adds(b, "<tr><td><bdi>");
	safe = url_safe(m->site, NULL, 0);
	if (safe != NULL) {
		buf_adds(b, "<a");
		add_link_attrs(b, safe);
		buf_adds(b, ">");
	}
	xml_escape(b, member_name(m));
	buf_adds(b, safe != NULL ? "</a></bdi>" : "</bdi>");
	free(safe);
	if ((safe = url_safe(m->url, NULL, 0)) != NULL) {
		buf_adds(b, " <a class=\"feed\"");
		add_link_attrs(b, safe);
		buf_adds(b, ">");
		/* TRANSLATORS: the link to a member's feed, after its name. */
		xml_escape(b, _("feed"));
		buf_adds(b, "</a>");
	}
	free(safe);
	/*
	 * A member whose feed fails is marked so, without the error itself
	 * (the reader's business, not the world's).
	 */
	if (r->failing[i]) {
		buf_adds(b, " <span class=\"failing\">");
		/* TRANSLATORS: after a member whose feed cannot be fetched. */
		xml_escape(b, _("failing"));
		buf_adds(b, "</span>");
	}
	buf_adds(b, "</td><td>");
	a = member_activity(r, i);
	if (a->last_id != 0) {
		if (db_post_headline(r->db, a->last_id, &title, &link) == -1)
			return -1;
		add_time(b, a->last_post, LOCAL_DAY);
		safe = url_safe(link, NULL, 0);
		buf_adds(b, " <a dir=\"auto\"");
		if (safe != NULL)
			add_link_attrs(b, safe);
		buf_adds(b, ">");
		xml_escape(b, title != NULL && *title != '\0' ? title :
		    "\xe2\x80\x94");
		buf_adds(b, "</a>");
		free(safe);
		free(title);
		free(link);
	} else
		buf_adds(b, "\xe2\x80\x94");
	buf_adds(b, "</td><td>");
	page_bar(b, a);
	buf_adds(b, "</td></tr>\n");
	return 0;
}

/* The page's footer and end, onto b.  In the page's language. */
static void
page_footer(struct river *r)
{
	struct buf	*b = &r->b;
	const char	*args[2];
	struct buf	 zone;

	args[0] = "<bdi>" PACKAGE_VERSION "</bdi>";
	buf_adds(b, "<footer>");
	if (r->zone == NULL) {
		/* TRANSLATORS: the river page's footer: %s is majlis's version. */
		add_message(b, _("written by majlis %s from its cache."), args, 1);
	} else {
		buf_init(&zone);
		buf_adds(&zone, "<bdi>");
		xml_escape(&zone, r->zone);
		buf_adds(&zone, "</bdi>");
		args[1] = buf_str(&zone);
		/*
		 * TRANSLATORS: the river page's footer: the first %s is majlis's
		 * version, the second the time zone of its days and times
		 * ("Asia/Baghdad", "UTC").
		 */
		add_message(b, _("written by majlis %s from its cache; times in "
		    "%s."), args, 2);
		buf_free(&zone);
	}
	buf_adds(b, "</footer>\n</body>\n</html>\n");
}

/* The member table and the end of the page.  In the page's language. */
static int
page_members(struct river *r)
{
	struct buf	*b = &r->b;
	const char	*args[1];
	char		*weeks;
	size_t		 i;

	buf_reset(b);
	if (r->day != NULL)
		buf_adds(b, "</section>\n");
	if (r->nposts == 0) {
		buf_adds(b, "<p>");
		xml_escape(b, _("No posts."));
		buf_adds(b, "</p>\n");
	}
	buf_adds(b, "</main>\n<section id=\"members\" class=\"members\">\n"
	    "<h2>");
	xml_escape(b, _("members"));
	buf_adds(b, "</h2>\n<table>\n<thead><tr><th>");
	/* TRANSLATORS: the heading of the member table's first column. */
	xml_escape(b, _("member"));
	buf_adds(b, "</th><th>");
	/* TRANSLATORS: the heading of the column of a member's last post. */
	xml_escape(b, _("last post"));
	buf_adds(b, "</th><th>");
	xasprintf(&weeks, "<bdi>%d</bdi>", DB_WEEKS);
	args[0] = weeks;
	/*
	 * TRANSLATORS: the heading of the column of the members' activity
	 * bars, a bar a week: %s is the number of weeks.
	 */
	add_message(b, ngettext("%s week", "%s weeks", DB_WEEKS), args, 1);
	free(weeks);
	buf_adds(b, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->members.nsubs; i++) {
		if (!r->show[i])
			continue;
		if (page_member(r, i) == -1)
			return -1;
		fwrite(b->s, 1, b->len, r->page.fp);
		buf_reset(b);
	}
	buf_adds(b, "</tbody>\n</table>\n</section>\n");
	page_footer(r);
	fwrite(b->s, 1, b->len, r->page.fp);
	return 0;
}

/* --- the Atom feed ------------------------------------------------------- */

static void
atom_begin(struct river *r)
{
	struct buf	*b = &r->b;
	char		*self;

	buf_reset(b);
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	add_attr(b, "xml:lang", r->lang);
	buf_adds(b, ">\n<title type=\"text\">");
	xml_escape(b, r->title);
	buf_adds(b, "</title>\n<id>");
	if (r->link != NULL) {
		self = url_resolve(r->link, "atom.xml");
		xml_escape(b, self);
		buf_adds(b, "</id>\n<link rel=\"self\""
		    " type=\"application/atom+xml\"");
		add_attr(b, "href", self);
		buf_adds(b, "/>\n<link rel=\"alternate\" type=\"text/html\"");
		add_attr(b, "href", r->link);
		buf_adds(b, "/>\n");
		free(self);
	} else {
		add_uuid(b, r->dir, r->title);
		buf_adds(b, "</id>\n");
	}
	buf_adds(b, "<updated>");
	add_rfc3339(b, r->now);
	buf_adds(b, "</updated>\n<generator version=\"" PACKAGE_VERSION
	    "\">majlis</generator>\n");
	fwrite(b->s, 1, b->len, r->atom.fp);
}

static void
atom_post(struct river *r, const struct db_river_post *p, size_t mi,
    const char *link, const char *html)
{
	const struct sub *m = &r->members.subs[mi];
	struct buf	*b = &r->b;
	int64_t		 t, last;
	char		*site;

	buf_reset(b);
	buf_adds(b, "<entry");
	add_attr(b, "xml:lang", p->lang);
	buf_adds(b, ">\n<id>");
	add_uuid(b, m->url, p->key);
	buf_adds(b, "</id>\n<title type=\"text\">");
	xml_escape(b, p->title != NULL ? p->title : "");
	buf_adds(b, "</title>\n");
	if (link != NULL) {
		buf_adds(b, "<link rel=\"alternate\" type=\"text/html\"");
		add_attr(b, "href", link);
		buf_adds(b, "/>\n");
	}
	if (p->published != DATE_NONE) {
		buf_adds(b, "<published>");
		add_rfc3339(b, p->published < r->now ? p->published : r->now);
		buf_adds(b, "</published>\n");
	}
	t = p->updated != DATE_NONE ? p->updated : post_time(r, p);
	buf_adds(b, "<updated>");
	add_rfc3339(b, t < r->now ? t : r->now);
	buf_adds(b, "</updated>\n<author><name>");
	xml_escape(b, p->author != NULL && *p->author != '\0' ? p->author :
	    member_name(m));
	buf_adds(b, "</name></author>\n<source>\n<id>");
	xml_escape(b, m->url);
	buf_adds(b, "</id>\n<title type=\"text\">");
	xml_escape(b, member_name(m));
	buf_adds(b, "</title>\n<link rel=\"self\"");
	add_attr(b, "href", m->url);
	buf_adds(b, "/>\n");
	if ((site = url_safe(m->site, NULL, 0)) != NULL) {
		buf_adds(b, "<link rel=\"alternate\" type=\"text/html\"");
		add_attr(b, "href", site);
		buf_adds(b, "/>\n");
		free(site);
	}
	buf_adds(b, "<updated>");
	last = member_activity(r, mi)->last_post;
	add_rfc3339(b, last != DATE_NONE && last < r->now ? last : r->now);
	buf_adds(b, "</updated>\n</source>\n<content type=\"html\">");
	xml_escape(b, html);
	buf_adds(b, "</content>\n</entry>\n");
	fwrite(b->s, 1, b->len, r->atom.fp);
}

/* One post of db_river_posts(): to the page and to the feed. */
static int
river_post(const struct db_river_post *p, void *arg)
{
	struct river	*r = arg;
	const char	*base;
	char		*link, *html;
	ssize_t		 mi;

	if ((mi = member_index(r, p->feed_id)) == -1)
		return 0;
	r->show[mi] = 1;
	link = url_safe(p->link, NULL, 0);
	/* xml:base, else the post's own link, else its feed's site. */
	base = p->base != NULL && url_is_http(p->base) ? p->base :
	    link != NULL ? link : r->members.subs[mi].site;
	html = html_sanitize_images(p->html, base, RIVER_MAXTEXT, &r->images);
	buf_reset(&r->b);
	page_post(r, p, &r->members.subs[mi], link, html);
	atom_post(r, p, (size_t)mi, link, html);
	free(html);
	free(link);
	r->nposts++;
	return 0;
}

/* --- the run ------------------------------------------------------------- */

static int
write_css(struct river *r)
{
	struct outfile	 css;

	if (outfile_open(&css, r->dir, "river.css") == -1) {
		outfile_abort(&css);
		return -1;
	}
	fputs(river_css, css.fp);
	return outfile_commit(&css);
}

static int
write_opml(struct river *r)
{
	struct outfile	 o;
	struct sub	*subs;
	struct buf	 b;
	size_t		 i, n = 0;

	/*
	 * The published list names each member by its title and URLs only:
	 * never the user's tags or settings, which are what the user's own
	 * export keeps (cmd-export.c), and a site URL only if it is one to
	 * publish (no javascript:, data:).
	 */
	subs = xcalloc(r->members.nsubs + 1, sizeof *subs);
	for (i = 0; i < r->members.nsubs; i++) {
		if (!r->show[i])
			continue;
		subs[n].url = r->members.subs[i].url;		/* borrowed */
		subs[n].title = r->members.subs[i].title;	/* borrowed */
		subs[n++].site = r->members.subs[i].site != NULL ?
		    url_safe(r->members.subs[i].site, NULL, 0) : NULL;
	}
	buf_init(&b);
	opml_write(&b, r->title, subs, n, r->now);
	for (i = 0; i < n; i++)
		free(subs[i].site);
	free(subs);
	if (outfile_open(&o, r->dir, "opml.xml") == -1) {
		outfile_abort(&o);
		buf_free(&b);
		return -1;
	}
	fwrite(buf_str(&b), 1, b.len, o.fp);
	buf_free(&b);
	return outfile_commit(&o);
}

static int
river_write(struct river *r)
{
	struct db_river_query	 q;
	int			 fd, rc;

	if (write_css(r) == -1)
		return -1;
	if (outfile_open(&r->page, r->dir, "index.html") == -1 ||
	    outfile_open(&r->atom, r->dir, "atom.xml") == -1)
		return -1;
	i18n_lang_begin(r->lang);
	page_begin(r);
	i18n_lang_end();
	atom_begin(r);
	river_query(r, &q);
	if (db_river_posts(r->db, &q, river_post, r) == -1)
		rc = -1;
	else {
		i18n_lang_begin(r->lang);
		rc = page_members(r);
		i18n_lang_end();
	}
	if (rc == -1) {
		warnx_("%s: %s", db_path(r->db), db_errmsg(r->db));
		return -1;
	}
	fputs("</feed>\n", r->atom.fp);
	if (write_opml(r) == -1 || outfile_commit(&r->atom) == -1 ||
	    outfile_commit(&r->page) == -1)
		return -1;
	/* The renames themselves on the disk. */
	if ((fd = open(r->dir, O_RDONLY | O_DIRECTORY)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	return 0;
}

/*
 * Write the river of the cache db into o->dir as o says.  Returns 0, or -1
 * (said on stderr) with the files not yet renamed as they were.
 */
int
river_publish(struct db *db, const struct river_opts *o)
{
	struct river	 r;
	int		 rc = -1;

	memset(&r, 0, sizeof r);
	r.db = db;
	r.dir = o->dir;
	r.set = o->set;
	r.list = o->list;
	r.tag = o->tag;
	r.title = o->title;
	i18n_lang_begin(o->lang);
	if (r.title == NULL) {
		/* TRANSLATORS: the river's title, where --title gives none. */
		r.title = r.own_title = xstrdup(_("majlis river"));
	}
	/*
	 * TRANSLATORS: on the river page, the text of a link to an image of
	 * a post that has no alt text: the image is not shown, to be opened.
	 */
	r.image_word = xstrdup(_("image"));
	i18n_lang_end();
	/*
	 * The page's own origin is --link's.  Without one the page does not
	 * know where it is served from, and no image is on it.
	 */
	r.images.mode = o->images;
	if (o->images == SAN_IMAGES_ORIGIN && o->link != NULL)
		r.origin = url_origin(o->link);
	r.images.origin = r.origin;
	r.images.word = r.image_word;
	r.link = o->link;
	r.lang = o->lang;
	r.zone = o->zone;
	r.days = o->days;
	r.per_feed = o->per_feed;
	r.limit = o->limit;
	r.now = (int64_t)time(NULL);
	sublist_init(&r.members);
	buf_init(&r.b);
	if (river_members_load(&r) == -1)
		warnx_("%s: %s", db_path(db), db_errmsg(db));
	else
		rc = river_write(&r);
	/* Whatever was not committed: nothing, once all went well. */
	outfile_abort(&r.page);
	outfile_abort(&r.atom);
	sublist_free(&r.members);
	free(r.ids);
	free(r.show);
	free(r.failing);
	free(r.shown);
	db_activity_free(r.act, r.nact);
	free(r.day);
	free(r.own_title);
	free(r.origin);
	free(r.image_word);
	buf_free(&r.b);
	return rc;
}
