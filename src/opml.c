/*
 * OPML: import (opml_parse) and OPML 2.0 export (opml_write) of the
 * subscription list (struct sublist, subs.c).
 *
 * Reading is pure: bytes in, a sublist out, no database, so that the
 * parser can be tested and fuzzed alone; cmd-import.c stores the list.
 * An imported file is hostile, for it may have come from anywhere:
 *
 *   1. Only http and https feeds are accepted (sub_check_url, subs.c):
 *      newsboat's OPML files may hold "exec:", "filter:" and "query:"
 *      feeds, and a "file:" URL would read local files.  Each is refused,
 *      one message per feed naming the file, the line and the URL, and the
 *      rest of the file is imported.
 *   2. A file that is not well-formed XML, or not OPML, is refused whole
 *      (opml_parse returns -1): nothing of it is imported.
 *   3. libxml2 never loads anything: no network (XML_PARSE_NONET), no DTD,
 *      no entity substitution, and xml_init() installs an entity loader
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

/*
 * The feed settings an outline carries in majlis's namespace (our own
 * export writes them; other readers pass over attributes they do not
 * know), as "KEY=VALUE" for db_feed_setting(), which checks the values.
 */
static void
opml_settings(struct sub *s, xmlNodePtr node)
{
	static const char *const keys[] = {
		"interval", "keep-days", "keep-posts", "proxy", "enabled",
	};
	xmlChar		*v;
	char		*clean;
	size_t		 i;

	for (i = 0; i < nitems(keys); i++) {
		if ((v = xmlGetNsProp(node, (const xmlChar *)keys[i],
		    (const xmlChar *)OPML_MAJLIS_NS)) == NULL)
			continue;
		clean = sub_clean((const char *)v, 1024);
		xmlFree(v);
		s->settings = xreallocarray(s->settings, s->nsettings + 1,
		    sizeof *s->settings);
		xasprintf(&s->settings[s->nsettings++], "%s=%s", keys[i],
		    clean);
		free(clean);
	}
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
				s->title_own = 1;	/* stored as the user's */
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
			if (s->nsettings == 0)
				opml_settings(s, node);
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
			sublist_error(st->sl, _("%s:%ld: outline has no xmlUrl"),
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
	int		 code;		/* libxml2's xmlParserErrors */
};

/*
 * libxml2's commonest complaints about a file that is not XML, in majlis's
 * words (and so in the messages' language: libxml2's own are English);
 * NULL for the others, whose text libxml2 gives.
 */
static const char *
xml_error_text(int code)
{
	switch (code) {
	case XML_ERR_DOCUMENT_EMPTY:
		return _("no element where the document should start");
	case XML_ERR_DOCUMENT_END:
		return _("something follows the end of the document");
	case XML_ERR_TAG_NAME_MISMATCH:
		return _("an end tag does not match its start tag");
	case XML_ERR_TAG_NOT_FINISHED:
		return _("the file ends with an element still open");
	case XML_ERR_INVALID_CHAR:
		return _("a character that XML does not allow");
	case XML_ERR_UNDECLARED_ENTITY:
		return _("an entity that is not declared");
	case XML_ERR_GT_REQUIRED:
		return _("a tag without its closing '>'");
	default:
		return NULL;
	}
}

static void
opml_xml_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr	 ctxt = data;
	struct opml_xml_error	*first = ctxt->_private;

	if (first->msg != NULL || e == NULL || e->level < XML_ERR_ERROR)
		return;
	first->msg = sub_clean(e->message != NULL ? e->message : "", 200);
	first->line = e->line;
	first->code = e->code;
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
	struct opml_xml_error first = { NULL, 0, 0 };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr	 doc = NULL;
	xmlNodePtr	 root, body, n;
	char		*msg;
	int		 opts, rc = -1;

	*err = NULL;
	if (len > INT32_MAX) {
		xasprintf(err, _("%s: the file is too large"), name);
		return -1;
	}
	xml_init();
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
			xasprintf(err, _("%s:%d: not well-formed XML: %s"), name,
			    first.line, xml_error_text(first.code) != NULL ?
			    xml_error_text(first.code) : first.msg);
		else
			xasprintf(err, _("%s: not well-formed XML"), name);
		goto out;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL ||
	    doc->intSubset->pentities != NULL)) {
		xasprintf(err, _("%s: refused: the document declares "
		    "entities"),
		    name);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || strcasecmp((const char *)root->name, "opml") != 0) {
		msg = sub_clean(root != NULL ? (const char *)root->name : "",
		    64);
		xasprintf(err, _("%s: not an OPML file (the document is "
		    "<%s>)"),
		    name, msg);
		free(msg);
		goto out;
	}
	if ((body = child_element(root, "body")) == NULL) {
		xasprintf(err,
		    _("%s:%ld: not an OPML file (<opml> has no <body>)"), name,
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
	/* The settings, "KEY=VALUE", as majlis:KEY="VALUE". */
	for (i = 0; i < s->nsettings; i++) {
		const char	*eq = strchr(s->settings[i], '=');

		if (eq == NULL)
			continue;
		buf_adds(b, " majlis:");
		buf_add(b, s->settings[i], (size_t)(eq - s->settings[i]));
		buf_adds(b, "=\"");
		xml_escape(b, eq + 1);
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
 * Append the OPML 2.0 document titled title for subs[0..n) to b, created
 * at now (UTC seconds).  The order of subs is kept within each folder.
 * An exec: or filter: feed is left out: an OPML file goes to others, whose
 * reader would refuse it (majlis does) or, worse, run a stranger's command
 * line; the caller says so where a person reads it (cmd-export.c).
 */
void
opml_write(struct buf *b, const char *title, const struct sub *subs,
    size_t n, int64_t now)
{
	const struct sub **sorted, *s;
	const char	*folder = NULL;
	size_t		 i, k = 0;

	sorted = xreallocarray(NULL, n > 0 ? n : 1, sizeof *sorted);
	for (i = 0; i < n; i++) {
		if (!url_is_command(subs[i].url))
			sorted[k++] = &subs[i];
	}
	n = k;
	qsort(sorted, n, sizeof *sorted, cmp_first_tag);

	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\" xmlns:majlis=\"" OPML_MAJLIS_NS "\">\n"
	    "  <head>\n"
	    "    <title>");
	xml_escape(b, title);
	buf_adds(b, "</title>\n"
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
