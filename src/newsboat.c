/*
 * The newsboat "urls" file: one feed a line, its URL then its tags, a
 * word starting with "~" giving the feed's title.  Words are separated by
 * blanks; a word with blanks is quoted, with \" and \\ inside the quotes.
 *
 *	# a comment
 *	https://example.org/feed.xml news "long reads" "~Example Org"
 *	"query:Unread:unread = \"yes\""		(a saved view: query_line())
 *	exec:~/bin/make-feed			(runs a command: see below)
 *	"filter:~/bin/clean:https://example.org/feed.xml"
 *
 * It reads into and writes from the subscription list (subs.c).  Like
 * opml.c, reading is pure (no database) and refuses, one message per
 * line naming the file and line, everything but http and https feeds; the
 * rest of the file is read.  exec: and filter: feeds are taken only when
 * the file is the user's own (sl->commands: import of a named file), never
 * from a member list.  Only a file that is not text at all is
 * refused whole.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "majlis.h"

/*
 * Split a line into words in place: blanks separate words, quotes group
 * them, a backslash in quotes takes the next character as it is, and an
 * unquoted word starting with '#' starts a comment.  Returns the number of
 * words (at most max; more are dropped), or -1 if a quote is not closed.
 */
static int
urls_words(char *p, char **words, int max)
{
	char	*q;
	int	 n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			return n;
		q = p;
		if (n < max)
			words[n] = q;
		n += n < max;
		/* A word may mix quoted and unquoted parts, as in a shell. */
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p != '"') {
				*q++ = *p++;
				continue;
			}
			for (p++; *p != '"'; p++) {
				if (*p == '\0')
					return -1;
				if (*p == '\\' && p[1] != '\0')
					p++;
				*q++ = *p;
			}
			p++;
		}
		if (*p != '\0')
			p++;
		*q = '\0';
	}
}

/* word, quoted for the config file (config.c's unquote()). */
static void
config_word(struct buf *b, const char *word)
{
	buf_addc(b, '"');
	for (; *word != '\0'; word++) {
		if (*word == '"' || *word == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *word == '\n' || *word == '\r' ? ' ' : *word);
	}
	buf_addc(b, '"');
}

/*
 * A newsboat query feed, "query:NAME:FILTER": the same filter language
 * (filter.c), so it becomes a saved view, the config line
 * 'view "NAME" "FILTER"' in sl->views; one whose filter majlis cannot
 * read is refused with the column.  A followed member list
 * (sl->no_views) names members: the views are the user's own, and a
 * list's query: lines are refused unread.  The line is quoted in a
 * message cut short: a hostile one may be 100,000 characters.
 */
static void
query_line(struct sublist *sl, const char *name, long lineno,
    const char *q)
{
	struct filter	*f;
	struct buf	 b;
	const char	*colon;
	char		*view, *err, *safe;

	safe = sub_clean(q, 80);
	if (sl->no_views) {
		sublist_error(sl, _("%s:%ld: query:%s: refused: a member list "
		    "brings no views (views are your own)"), name, lineno,
		    safe);
		free(safe);
		return;
	}
	if ((colon = strchr(q, ':')) == NULL || colon == q) {
		sublist_error(sl, _("%s:%ld: query:%s: refused: not "
		    "query:NAME:FILTER"), name, lineno, safe);
		free(safe);
		return;
	}
	if ((f = filter_compile(colon + 1, time(NULL), &err, NULL)) == NULL) {
		sublist_error(sl, _("%s:%ld: query:%s: refused: filter: %s"),
		    name, lineno, safe, err);
		free(safe);
		free(err);
		return;
	}
	free(safe);
	filter_free(f);
	view = xstrndup(q, (size_t)(colon - q));
	safe = sub_clean(view, 256);
	free(view);
	view = safe;
	buf_init(&b);
	buf_adds(&b, "view ");
	config_word(&b, view);
	buf_addc(&b, ' ');
	config_word(&b, colon + 1);
	free(view);
	sl->views = xreallocarray(sl->views, sl->nviews + 1,
	    sizeof *sl->views);
	sl->views[sl->nviews++] = buf_take(&b);
}

/* One line, NUL-terminated, without its line break. */
static void
urls_line(struct sublist *sl, const char *name, long lineno, char *line)
{
	struct sub	*s;
	char		*words[256], *clean;
	int		 n, i;

	if ((n = urls_words(line, words, nitems(words))) == -1) {
		sublist_error(sl, _("%s:%ld: missing closing quote"), name,
		    lineno);
		return;
	}
	if (n == 0)
		return;
	if (strncasecmp(words[0], "query:", 6) == 0) {
		query_line(sl, name, lineno, words[0] + 6);
		return;
	}
	if ((s = sublist_add_checked(sl, name, lineno, words[0])) == NULL)
		return;
	for (i = 1; i < n; i++) {
		if (words[i][0] == '~') {
			clean = sub_clean(words[i] + 1, 1024);
			if (*clean != '\0' && s->title == NULL) {
				s->title = clean;
				s->title_own = 1;
				clean = NULL;
			}
		} else {
			clean = sub_clean(words[i], 256);
			sub_add_tag(s, clean);
		}
		free(clean);
	}
}

/*
 * Read the urls file data (len bytes; name is the file name for messages)
 * into sl.  Returns 0 with the file's feeds in sl and a message in
 * sl->errors for each refused line, or -1 with *err a heap string when the
 * file is not text (it holds NUL bytes), in which case sl is unchanged.
 */
int
newsboat_urls_parse(const char *data, size_t len, const char *name,
    struct sublist *sl, char **err)
{
	const char	*p = data, *end = data + len, *nl;
	char		*line;
	size_t		 n;
	long		 lineno = 0;

	*err = NULL;
	if (memchr(data, '\0', len) != NULL) {
		xasprintf(err, _("%s: binary data, not an OPML or urls "
		    "file"),
		    name);
		return -1;
	}
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (!utf8_valid(p, n))
			sublist_error(sl, _("%s:%ld: the line is not valid UTF-8"),
			    name, lineno);
		else {
			line = xstrndup(p, n);
			urls_line(sl, name, lineno, line);
			free(line);
		}
		p = nl + 1;
	}
	return 0;
}

/* Write word, quoted if newsboat would otherwise read it differently. */
static void
urls_word(struct buf *b, const char *prefix, const char *word)
{
	const char	*p;
	int		 quote;

	quote = *prefix != '\0' || *word == '\0' || *word == '#' ||
	    strpbrk(word, " \t\"\\") != NULL;
	if (!quote) {
		buf_adds(b, word);
		return;
	}
	buf_addc(b, '"');
	buf_adds(b, prefix);
	for (p = word; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		if (*p == '\n' || *p == '\r')
			buf_addc(b, ' ');
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* Append the urls file for subs[0..n) to b (titles: title_own only). */
void
newsboat_urls_write(struct buf *b, const struct sub *subs, size_t n)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		/* A URL may hold a quote: RFC 3986 says no, the web yes. */
		urls_word(b, "", subs[i].url);
		for (j = 0; j < subs[i].ntags; j++) {
			/*
			 * The format has no way to write a tag starting with
			 * '~': it would be read back as the title.
			 */
			if (subs[i].tags[j][0] == '~')
				continue;
			buf_addc(b, ' ');
			urls_word(b, "", subs[i].tags[j]);
		}
		/*
		 * Only a title the user chose: "~Title" is one on import, and
		 * the feed's own would then be pinned over the feed's changes.
		 */
		if (subs[i].title_own && subs[i].title != NULL &&
		    *subs[i].title != '\0') {
			buf_addc(b, ' ');
			urls_word(b, "~", subs[i].title);
		}
		buf_addc(b, '\n');
	}
}
