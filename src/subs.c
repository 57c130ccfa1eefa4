/*
 * The subscription list: what an OPML or newsboat urls file holds, and
 * what export gathers from the database (sublist_add_feed) before writing
 * either format.
 * One feed per URL, tags merged (sublist_add), and, for each feed refused,
 * a message naming the file and line (sublist_error, sublist_add_checked).
 *
 * Both formats read into it and write from it (opml.c, newsboat.c); this
 * file knows neither, but for sublist_parse(), which tells them apart by
 * content.  Everything here is pure: no I/O, no database.
 *
 * An imported file is hostile: only http and https feeds with a host are
 * accepted (sub_check_url); newsboat's "exec:" and "filter:" feeds run a
 * command, taken only from a urls file the user wrote (sl->commands, set
 * by import of a named file; never for an OPML file or a member list), its "query:" feeds are its own searches, and a "file:" URL would
 * read local files.  Each refused feed is one message, and the rest of the
 * file is imported.  Text from a file reaches the list and the messages
 * only through sub_clean().
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "majlis.h"

void
sublist_init(struct sublist *sl)
{
	memset(sl, 0, sizeof *sl);
}

void
sublist_free(struct sublist *sl)
{
	size_t	 i, j;

	for (i = 0; i < sl->nsubs; i++) {
		free(sl->subs[i].url);
		free(sl->subs[i].title);
		free(sl->subs[i].site);
		for (j = 0; j < sl->subs[i].ntags; j++)
			free(sl->subs[i].tags[j]);
		free(sl->subs[i].tags);
		strv_free(sl->subs[i].settings, sl->subs[i].nsettings);
	}
	free(sl->subs);
	for (i = 0; i < sl->nerrors; i++)
		free(sl->errors[i]);
	free(sl->errors);
	strv_free(sl->views, sl->nviews);
	free(sl->slots);
	free(sl->title);
	memset(sl, 0, sizeof *sl);
}

/* FNV-1a: the URL index only needs to spread similar URLs apart. */
static size_t
url_hash(const char *s)
{
	uint64_t	 h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return (size_t)h;
}

/*
 * The index of subs by URL is an open-addressing table of sub index + 1 (0
 * is an empty slot), kept at most half full: a list of ten thousand feeds,
 * many in two folders, is merged in linear time.
 */
static void
sublist_rehash(struct sublist *sl)
{
	size_t	 i, j, mask;

	free(sl->slots);
	sl->nslots = sl->nslots == 0 ? 64 : sl->nslots * 2;
	sl->slots = xcalloc(sl->nslots, sizeof *sl->slots);
	mask = sl->nslots - 1;
	for (i = 0; i < sl->nsubs; i++) {
		j = url_hash(sl->subs[i].url) & mask;
		while (sl->slots[j] != 0)
			j = (j + 1) & mask;
		sl->slots[j] = i + 1;
	}
}

/*
 * The subscription to url, added if it is not in the list yet (line is
 * where it was read, 0 if not from a file).  A URL listed twice is one
 * subscription, with the tags of both.  The result is borrowed, valid
 * until the next sublist_add.
 */
struct sub *
sublist_add(struct sublist *sl, const char *url, long line)
{
	struct sub	*s;
	size_t		 j, mask;

	if (2 * (sl->nsubs + 1) > sl->nslots)
		sublist_rehash(sl);
	mask = sl->nslots - 1;
	for (j = url_hash(url) & mask; sl->slots[j] != 0; j = (j + 1) & mask) {
		s = &sl->subs[sl->slots[j] - 1];
		if (strcmp(s->url, url) == 0)
			return s;
	}
	sl->subs = xreallocarray(sl->subs, sl->nsubs + 1, sizeof *sl->subs);
	s = &sl->subs[sl->nsubs++];
	memset(s, 0, sizeof *s);
	s->url = xstrdup(url);
	s->line = line;
	sl->slots[j] = sl->nsubs;
	return s;
}

/* Add tag to s unless it is empty or s has it already. */
void
sub_add_tag(struct sub *s, const char *tag)
{
	size_t	 i;

	if (*tag == '\0')
		return;
	for (i = 0; i < s->ntags; i++) {
		if (strcmp(s->tags[i], tag) == 0)
			return;
	}
	s->tags = xreallocarray(s->tags, s->ntags + 1, sizeof *s->tags);
	s->tags[s->ntags++] = xstrdup(tag);
}

/* Record a message about one refused feed; the list keeps it. */
void
sublist_error(struct sublist *sl, const char *fmt, ...)
{
	va_list	 ap;

	sl->errors = xreallocarray(sl->errors, sl->nerrors + 1,
	    sizeof *sl->errors);
	va_start(ap, fmt);
	xvasprintf(&sl->errors[sl->nerrors++], fmt, ap);
	va_end(ap);
}

/*
 * One line of text from a file: valid UTF-8, no control characters (line
 * breaks and tabs included) and no bidi controls, runs of white space as one
 * space, trimmed; cut on a character boundary after at most max bytes, with
 * "..." added to show it was.  Used for titles, tags and for URLs quoted in
 * messages.  Returns a heap string.
 */
char *
sub_clean(const char *s, size_t max)
{
	struct buf	 b;
	uint32_t	 c;
	size_t		 i, n, len = strlen(s);
	int		 space = 0;

	buf_init(&b);
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == 0xa0) {
			space = b.len > 0;
			continue;
		}
		if (text_is_unsafe(c))
			continue;
		if (b.len + (space ? 1 : 0) + n > max) {
			buf_adds(&b, "...");
			break;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		if (c == UTF8_REPLACEMENT)
			utf8_encode(&b, c);
		else
			buf_add(&b, s + i, n);
	}
	return buf_take(&b);
}

/*
 * Is url one majlis may subscribe to?  Returns NULL if so, else a static
 * string saying why not.  Only http and https with a host are allowed
 * (see above); the named cases get their own words so that a newsboat
 * user sees what was dropped.
 */
const char *
sub_check_url(const char *url)
{
	static const struct {
		const char	*prefix;
		const char	*why;
	} refused[] = {
		{ "exec:",	N_("refused: an exec: feed runs a command; "
		    "only add and import of your own urls file take one") },
		{ "filter:",	N_("refused: a filter: feed runs a command; "
		    "only add and import of your own urls file take one") },
		{ "|",		N_("refused: a command, not a URL") },
		{ "query:",	N_("refused: query feeds are not supported") },
		{ "file:",	N_("refused: a file: URL reads local files") },
	};
	const char	*p;
	size_t		 i;

	for (i = 0; i < nitems(refused); i++) {
		if (strncasecmp(url, refused[i].prefix,
		    strlen(refused[i].prefix)) == 0)
			return _(refused[i].why);
	}
	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return _("refused: not an http or https URL");
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return _("refused: the URL has no host");
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return _("refused: white space or a control "
			    "character in the URL");
	}
	return NULL;
}

/*
 * Is url a command feed the user may subscribe to, from their own hand?
 * Returns NULL if so or if url is no command, else a static string saying
 * why not: an exec: without a command, a filter: without its script or an
 * http(s) URL, or a control character (a command line is one line).
 */
const char *
sub_check_command(const char *url)
{
	const char	*p;

	switch (url_is_command(url)) {
	case 0:
		return NULL;
	case 1:
		if (url[5 + strspn(url + 5, " \t")] == '\0')
			return _("refused: not exec:COMMAND");
		break;
	default:
		if (url[7] == ':' || url_command_http(url) == NULL)
			return _("refused: not filter:SCRIPT:URL");
		break;
	}
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return _("refused: a control character in the "
			    "command");
	}
	return NULL;
}

/*
 * Check url and add it (a feed of the file name, read at line), or record
 * why not.  Returns the subscription, or NULL if refused.  A command feed
 * is taken only when the list is the user's own (sl->commands).
 */
struct sub *
sublist_add_checked(struct sublist *sl, const char *name, long line,
    const char *url)
{
	const char	*why;
	char		*shown;

	if (sl->commands && url_is_command(url))
		why = sub_check_command(url);
	else
		why = sub_check_url(url);
	if (why == NULL)
		return sublist_add(sl, url, line);
	shown = sub_clean(url, 200);
	sublist_error(sl, "%s:%ld: %s: %s", name, line, shown, why);
	free(shown);
	return NULL;
}

/*
 * Is data an OPML document rather than a urls file?  XML starts with '<'
 * (after a byte order mark and white space); a urls line never does.
 */
int
sublist_is_opml(const char *data, size_t len)
{
	size_t	 i = 0;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	    data[i] == '\n' || data[i] == '\r'))
		i++;
	return i < len && data[i] == '<';
}

/*
 * Read a subscription file of either format, told apart by content.  See
 * opml_parse and newsboat_urls_parse.
 */
int
sublist_parse(const char *data, size_t len, const char *name,
    struct sublist *sl, char **err)
{
	/* An OPML file comes from others, whoever gives it: no commands. */
	if (sublist_is_opml(data, len)) {
		sl->commands = 0;
		return opml_parse(data, len, name, sl, err);
	}
	return newsboat_urls_parse(data, len, name, sl, err);
}

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

/*
 * Copy one feed of the database into the list (a struct sublist *): a
 * db_feed_cb, for export and the river's member list.
 */
int
sublist_add_feed(const struct db_feed *f, void *arg)
{
	struct sub	*s;
	size_t		 i;

	s = sublist_add(arg, f->url, 0);
	if (s->title == NULL && f->title != NULL && *f->title != '\0') {
		s->title = xstrdup(f->title);
		s->title_own = f->title_set;
	}
	if (s->site == NULL && f->site != NULL && *f->site != '\0')
		s->site = xstrdup(f->site);
	for (i = 0; i < f->ntags; i++)
		sub_add_tag(s, f->tags[i]);
	sub_settings_of(s, f);
	return 0;
}
