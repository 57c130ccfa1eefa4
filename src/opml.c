/*
 * Subscription lists: OPML import and OPML 2.0 export, and the list of
 * subscriptions (struct sublist) that both file formats read into and write
 * from (urls.c is the other format).
 *
 * Reading is pure: bytes in, a sublist out, no database, so that the
 * parsers can be tested and fuzzed alone; cmd-import.c stores the list.
 * An imported file is hostile, for it may have come from anywhere:
 *
 *   1. Only http and https feeds are accepted (sub_check_url).  newsboat's
 *      urls and OPML files may hold "exec:" and "filter:" feeds, which run
 *      a command, and "query:" feeds, which are newsboat's own searches;
 *      a "file:" URL would read local files.  Each is refused, one message
 *      per feed naming the file, the line and the URL, and the rest of the
 *      file is imported.
 *   2. A file that is not well-formed XML, or not OPML, is refused whole
 *      (opml_parse returns -1): nothing of it is imported.
 *   3. libxml2 never loads anything: no network (XML_PARSE_NONET), no DTD,
 *      no entity substitution, and parse_init() installs an entity loader
 *      that refuses every external entity.  A document that declares
 *      entities is refused too: OPML has no use for them, and expanding
 *      one in an attribute value is how "billion laughs" would get in.
 *
 * In OPML, the folders an outline sits in become its tags, outermost
 * first, then the tags of its category attribute ("a,b/c" gives a, b, c).
 * The export writes each feed inside a folder named by its first tag, and
 * all its tags as category, so that both majlis and readers that know only
 * folders (newsboat) get the feeds and their tags back.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "majlis.h"

/* --- the list ---------------------------------------------------------- */

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
	}
	free(sl->subs);
	for (i = 0; i < sl->nerrors; i++)
		free(sl->errors[i]);
	free(sl->errors);
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
 * (see 1. above); the named cases get their own words so that a newsboat
 * user sees what was dropped.
 */
const char *
sub_check_url(const char *url)
{
	static const struct {
		const char	*prefix;
		const char	*why;
	} refused[] = {
		{ "exec:",	"refused: an exec: feed runs a command" },
		{ "filter:",	"refused: a filter: feed runs a command" },
		{ "|",		"refused: a command, not a URL" },
		{ "query:",	"refused: query feeds are not supported" },
		{ "file:",	"refused: a file: URL reads local files" },
	};
	const char	*p;
	size_t		 i;

	for (i = 0; i < nitems(refused); i++) {
		if (strncasecmp(url, refused[i].prefix,
		    strlen(refused[i].prefix)) == 0)
			return refused[i].why;
	}
	if (strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return "refused: not an http or https URL";
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return "refused: the URL has no host";
	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "refused: white space or a control character "
			    "in the URL";
	}
	return NULL;
}

/*
 * Check url and add it (a feed of the file name, read at line), or record
 * why not.  Returns the subscription, or NULL if refused.
 */
struct sub *
sublist_add_checked(struct sublist *sl, const char *name, long line,
    const char *url)
{
	const char	*why;
	char		*shown;

	if ((why = sub_check_url(url)) == NULL)
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
 * opml_parse and urls_parse.
 */
int
sublist_parse(const char *data, size_t len, const char *name,
    struct sublist *sl, char **err)
{
	if (sublist_is_opml(data, len))
		return opml_parse(data, len, name, sl, err);
	return urls_parse(data, len, name, sl, err);
}

/* --- OPML in ----------------------------------------------------------- */

/* The tags of the folders around the outline being read, outermost first. */
struct opml_state {
	const char	*name;
	struct sublist	*sl;
	xmlDocPtr	 doc;
	char		**path;
	size_t		 npath;
};

/*
 * The value of attribute name of node, matched without regard to case
 * (exporters write xmlUrl, xmlurl and XMLURL), cleaned up by sub_clean
 * for text or just trimmed for a URL.  Returns a heap string, or NULL if
 * the attribute is absent or empty.
 */
static char *
opml_attr(xmlDocPtr doc, xmlNodePtr node, const char *name, int is_url)
{
	xmlAttrPtr	 a;
	xmlChar		*v;
	struct buf	 b;
	char		*s;

	for (a = node->properties; a != NULL; a = a->next) {
		if (a->ns == NULL &&
		    strcasecmp((const char *)a->name, name) == 0)
			break;
	}
	if (a == NULL ||
	    (v = xmlNodeListGetString(doc, a->children, 1)) == NULL)
		return NULL;
	if (is_url) {
		buf_init(&b);
		buf_adds(&b, (const char *)v);
		text_trim(&b);
		s = buf_take(&b);
	} else
		s = sub_clean((const char *)v, 1024);
	xmlFree(v);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Tags from a category attribute: a comma-separated list of /-paths. */
static void
opml_categories(struct sub *s, const char *cat)
{
	char	*copy, *item, *part, *save1, *save2, *clean;

	copy = xstrdup(cat);
	for (item = strtok_r(copy, ",", &save1); item != NULL;
	    item = strtok_r(NULL, ",", &save1)) {
		for (part = strtok_r(item, "/", &save2); part != NULL;
		    part = strtok_r(NULL, "/", &save2)) {
			clean = sub_clean(part, 256);
			sub_add_tag(s, clean);
			free(clean);
		}
	}
	free(copy);
}

static int
is_outline(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, "outline") == 0;
}

static int
has_outlines(xmlNodePtr node)
{
	xmlNodePtr	 n;

	for (n = node->children; n != NULL; n = n->next) {
		if (is_outline(n))
			return 1;
	}
	return 0;
}

/* One outline: a feed (it has an xmlUrl), or a folder of outlines. */
static void
opml_outline(struct opml_state *st, xmlNodePtr node)
{
	struct sub	*s;
	xmlNodePtr	 n;
	char		*url, *title, *site, *cat, *type, *folder = NULL;
	long		 line;
	size_t		 i;

	line = xmlGetLineNo(node);
	url = opml_attr(st->doc, node, "xmlUrl", 1);
	if ((title = opml_attr(st->doc, node, "title", 0)) == NULL)
		title = opml_attr(st->doc, node, "text", 0);
	if (url != NULL) {
		site = opml_attr(st->doc, node, "htmlUrl", 1);
		cat = opml_attr(st->doc, node, "category", 0);
		s = sublist_add_checked(st->sl, st->name, line, url);
		if (s != NULL) {
			/*
			 * A title that is the URL itself is what an exporter
			 * writes when it knows no title (our own export does,
			 * as OPML requires a text).
			 */
			if (s->title == NULL && title != NULL &&
			    strcmp(title, url) != 0) {
				s->title = title;
				title = NULL;
			}
			if (s->site == NULL && site != NULL &&
			    sub_check_url(site) == NULL) {
				s->site = site;
				site = NULL;
			}
			for (i = 0; i < st->npath; i++)
				sub_add_tag(s, st->path[i]);
			if (cat != NULL)
				opml_categories(s, cat);
		}
		free(site);
		free(cat);
	} else if (has_outlines(node)) {
		folder = title;
		title = NULL;
	} else {
		/*
		 * A feed without its URL is an error; an empty folder or a
		 * note is not.
		 */
		type = opml_attr(st->doc, node, "type", 0);
		site = opml_attr(st->doc, node, "htmlUrl", 1);
		if (site != NULL || (type != NULL &&
		    (strcasecmp(type, "rss") == 0 ||
		    strcasecmp(type, "atom") == 0)))
			sublist_error(st->sl, "%s:%ld: outline has no xmlUrl",
			    st->name, line);
		free(type);
		free(site);
	}
	free(url);
	free(title);

	if (folder != NULL) {
		st->path = xreallocarray(st->path, st->npath + 1,
		    sizeof *st->path);
		st->path[st->npath++] = folder;
	}
	for (n = node->children; n != NULL; n = n->next) {
		if (is_outline(n))
			opml_outline(st, n);
	}
	if (folder != NULL)
		free(st->path[--st->npath]);
}

/*
 * libxml2 keeps only the last error, which for a tag left open is "Premature
 * end of data" at the end of the file; the first one names the real fault.
 */
struct opml_xml_error {
	char		*msg;
	int		 line;
};

static void
opml_xml_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct opml_xml_error	*first = ctxt->_private;

	if (first->msg != NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	first->msg = sub_clean(e->message != NULL ? e->message : "", 200);
	first->line = e->line;
}

/*
 * Some of libxml2's complaints (an encoding it cannot convert) bypass the
 * parser context and go to the generic handler, which prints on stderr:
 * the first error above already says what is wrong.
 */
static void
opml_xml_quiet(void *ctx, const char *fmt, ...)
{
}

/* The first child element of node called name, or NULL. */
static xmlNodePtr
child_element(xmlNodePtr node, const char *name)
{
	xmlNodePtr	 n;

	for (n = node->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcasecmp((const char *)n->name, name) == 0)
			return n;
	}
	return NULL;
}

/*
 * Read the OPML document data (len bytes; name is the file name for
 * messages) into sl.  Returns 0 with every feed of the file in sl and a
 * message in sl->errors for each refused one, or -1 with *err a heap
 * string "NAME: WHY" (or "NAME:LINE: WHY") when the file is not OPML at
 * all, in which case nothing was added to sl.
 */
int
opml_parse(const char *data, size_t len, const char *name, struct sublist *sl,
    char **err)
{
	struct opml_state st;
	struct opml_xml_error first = { NULL, 0 };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root, body, n;
	char		*msg;
	int		 opts, rc = -1;

	*err = NULL;
	if (len > INT32_MAX) {
		xasprintf(err, "%s: the file is too large", name);
		return -1;
	}
	parse_init();
	xmlSetGenericErrorFunc(NULL, opml_xml_quiet);
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		fatalx("out of memory");
	ctxt->_private = &first;
	ctxt->sax->serror = opml_xml_error;
	opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
#if HAVE_DECL_XML_PARSE_NO_XXE
	opts |= XML_PARSE_NO_XXE;
#endif
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, opts);
	if (doc == NULL || !ctxt->wellFormed) {
		if (first.msg != NULL && *first.msg != '\0')
			xasprintf(err, "%s:%d: not well-formed XML: %s", name,
			    first.line, first.msg);
		else
			xasprintf(err, "%s: not well-formed XML", name);
		goto out;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->pentities != NULL)) {
		xasprintf(err, "%s: refused: the document declares entities",
		    name);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcasecmp((const char *)root->name, "opml") != 0) {
		msg = sub_clean(root != NULL ? (const char *)root->name : "",
		    64);
		xasprintf(err, "%s: not an OPML file (the document is <%s>)",
		    name, msg);
		free(msg);
		goto out;
	}
	if ((body = child_element(root, "body")) == NULL) {
		xasprintf(err,
		    "%s:%ld: not an OPML file (<opml> has no <body>)", name,
		    xmlGetLineNo(root));
		goto out;
	}

	/* The list's name, for a followed list (majlis lists). */
	if ((n = child_element(root, "head")) != NULL &&
	    (n = child_element(n, "title")) != NULL && sl->title == NULL) {
		xmlChar	*t = xmlNodeGetContent(n);

		if (t != NULL && *t != '\0')
			sl->title = sub_clean((const char *)t, 200);
		xmlFree(t);
	}
	memset(&st, 0, sizeof st);
	st.name = name;
	st.sl = sl;
	st.doc = doc;
	for (n = body->children; n != NULL; n = n->next) {
		if (is_outline(n))
			opml_outline(&st, n);
	}
	free(st.path);
	rc = 0;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	free(first.msg);
	return rc;
}

/* --- OPML out ---------------------------------------------------------- */

/*
 * s as XML attribute text: the five markup characters escaped, the
 * characters XML 1.0 cannot hold at all dropped (C0 controls, but as
 * character references tab and newline, which an attribute would otherwise
 * turn into spaces), invalid UTF-8 as U+FFFD.
 */
static void
xml_escape(struct buf *b, const char *s)
{
	uint32_t	 c;
	size_t		 i, n, len = strlen(s);

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		switch (c) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&apos;");
			break;
		case '\t':
			buf_adds(b, "&#9;");
			break;
		case '\n':
			buf_adds(b, "&#10;");
			break;
		default:
			if (c < 0x20 || c == 0xfffe || c == 0xffff)
				break;
			if (c == UTF8_REPLACEMENT)
				utf8_encode(b, c);
			else
				buf_add(b, s + i, n);
			break;
		}
	}
}

/* An RFC 822 date for dateCreated, in English whatever the locale. */
static void
rfc822_date(struct buf *b, int64_t t)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	struct tm	 tm;
	time_t		 tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	buf_addf(b, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

static void
opml_write_sub(struct buf *b, const struct sub *s, const char *indent)
{
	size_t	 i;

	buf_adds(b, indent);
	buf_adds(b, "<outline type=\"rss\" text=\"");
	xml_escape(b, s->title != NULL ? s->title : s->url);
	buf_adds(b, "\"");
	if (s->title != NULL) {
		buf_adds(b, " title=\"");
		xml_escape(b, s->title);
		buf_adds(b, "\"");
	}
	buf_adds(b, " xmlUrl=\"");
	xml_escape(b, s->url);
	buf_adds(b, "\"");
	if (s->site != NULL) {
		buf_adds(b, " htmlUrl=\"");
		xml_escape(b, s->site);
		buf_adds(b, "\"");
	}
	if (s->ntags > 0) {
		buf_adds(b, " category=\"");
		for (i = 0; i < s->ntags; i++) {
			if (i > 0)
				buf_adds(b, ",");
			xml_escape(b, s->tags[i]);
		}
		buf_adds(b, "\"");
	}
	buf_adds(b, "/>\n");
}

/*
 * Folders in name order, the feeds without a tag after them, and the
 * list's own order within each: the pointers are into one array, so their
 * order is the list's (qsort alone is not stable).
 */
static int
cmp_first_tag(const void *a, const void *b)
{
	const struct sub *x = *(const struct sub *const *)a;
	const struct sub *y = *(const struct sub *const *)b;
	int		 c;

	if (x->ntags == 0 || y->ntags == 0)
		c = (x->ntags == 0) - (y->ntags == 0);
	else
		c = strcmp(x->tags[0], y->tags[0]);
	if (c == 0)
		c = (x > y) - (x < y);
	return c;
}

/*
 * Append the OPML 2.0 document for subs[0..n) to b, created at now (UTC
 * seconds).  The order of subs is kept within each folder.
 */
void
opml_write(struct buf *b, const struct sub *subs, size_t n, int64_t now)
{
	const struct sub **sorted, *s;
	const char	*folder = NULL;
	size_t		 i;

	sorted = xreallocarray(NULL, n > 0 ? n : 1, sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = &subs[i];
	qsort(sorted, n, sizeof *sorted, cmp_first_tag);

	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\">\n"
	    "  <head>\n"
	    "    <title>majlis subscriptions</title>\n"
	    "    <dateCreated>");
	rfc822_date(b, now);
	buf_adds(b, "</dateCreated>\n"
	    "  </head>\n"
	    "  <body>\n");
	for (i = 0; i < n; i++) {
		s = sorted[i];
		if (folder != NULL && (s->ntags == 0 ||
		    strcmp(folder, s->tags[0]) != 0)) {
			buf_adds(b, "    </outline>\n");
			folder = NULL;
		}
		if (folder == NULL && s->ntags > 0) {
			folder = s->tags[0];
			buf_adds(b, "    <outline text=\"");
			xml_escape(b, folder);
			buf_adds(b, "\" title=\"");
			xml_escape(b, folder);
			buf_adds(b, "\">\n");
		}
		opml_write_sub(b, s, folder != NULL ? "      " : "    ");
	}
	if (folder != NULL)
		buf_adds(b, "    </outline>\n");
	buf_adds(b, "  </body>\n"
	    "</opml>\n");
	free(sorted);
}
