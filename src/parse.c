/*
 * The feed parser: bytes in, a struct feed out, in one streaming pass.
 *
 * RSS 0.9x/2.0, RSS 1.0 and 0.90 (RDF), Atom 0.3 and 1.0 and CDF are read
 * with one set of element handlers over libxml2's SAX2 interface; no tree is
 * built, and each entry is handed to the caller's callback as soon as its
 * end tag is seen, so memory stays flat however many entries a feed has.
 * parse-input.c first turns the bytes into repaired UTF-8.
 *
 * The mapping from elements to fields follows Python feedparser, whose
 * results the conformance suite records (conformance/MODEL.md), including
 * the quirks that decide real feeds: a permalink <guid> is the link when
 * there is none, the first content is copied to the summary when there is
 * no summary, a second <description> is content, the shallowest <title> of
 * an entry wins, "email (Name)" authors give Name.
 *
 * State machine (one struct pstate per parse):
 *   1. Every start tag pushes a frame (sax_start): the element's handler and
 *      its xml:base.  Every end tag pops one (sax_end).  libxml2 in recover
 *      mode always pairs them; at the end of input the frames still open are
 *      closed by finish_open_frames(), so a truncated feed keeps its entries.
 *   2. Elements whose text matters push a collector (collector_push); text
 *      goes to the innermost collector (sax_chars) and is taken when the
 *      element ends (collector_pop).
 *   3. Inside a text construct (title, summary, content...), incontent > 0
 *      and child elements are not feed elements but markup: they are written
 *      back into the text as HTML (markup_start, markup_end).
 *   4. <item>/<entry> starts an entry (entry_begin); its end completes it
 *      (entry_end), which calls the callback or collects the entry.
 *
 * Hostile input: external entities and DTDs are never loaded (parse_init
 * installs a loader that refuses everything, and XML_PARSE_NONET, never
 * NOENT/DTDLOAD/HUGE).  Entities declared in the document are replaced by
 * their text without recursive expansion, and the total text produced by
 * entity references is capped, so "billion laughs" finishes at once.  Each
 * field is capped at FIELD_MAX bytes, tags and enclosures per entry too.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>

#include "majlis.h"

#define FIELD_MAX	(1024 * 1024)	/* bytes of text kept per field */
#define ENTITY_MAX	(4096)		/* bytes of a declared entity's text */
#define ENTITY_TOTAL	(8 * 1024 * 1024) /* text from entity refs, per parse */
#define ENTITY_NAMES	512		/* distinct entity names per parse */
#define TAGS_MAX	256
#define PUSH_CHUNK	(1024 * 1024)	/* bytes handed to libxml2 at a time */
#define ENCLOSURES_MAX	64

enum handler {
	H_UNKNOWN = 0,
	H_ABSTRACT,
	H_AUTHOR,
	H_BODY,
	H_CATEGORY,
	H_CHANNEL,
	H_CONTENT,
	H_CONTRIBUTOR,
	H_DC_CONTRIBUTOR,
	H_DESCRIPTION,
	H_EMAIL,
	H_ENCLOSURE,
	H_ENCODED,
	H_FEED,
	H_GENERATOR,
	H_GUID,
	H_IMAGE,
	H_INFO,
	H_ITEM,
	H_ITUNES_CATEGORY,
	H_ITUNES_DURATION,
	H_LANGUAGE,
	H_LINK,
	H_MEDIA_CONTENT,
	H_MEDIA_TITLE,
	H_NAME,
	H_NOPUSH,
	H_OWNER,
	H_PUBLISHED,
	H_PUBLISHER,
	H_RDF,
	H_RIGHTS,
	H_RSS,
	H_SINK,
	H_SOURCE,
	H_SPLITTAGS,
	H_SUBTITLE,
	H_SUMMARY,
	H_TEXTINPUT,
	H_TITLE,
	H_UPDATED,
	H_URL
};

/* Elements by canonical name: the namespace's usual prefix, lower case. */
static const struct element {
	const char	*name;
	enum handler	 h;
} elements[] = {
	{ "abstract",			H_ABSTRACT },
	{ "author",			H_AUTHOR },
	{ "body",			H_BODY },
	{ "category",			H_CATEGORY },
	{ "channel",			H_CHANNEL },
	{ "cloud",			H_NOPUSH },
	{ "content",			H_CONTENT },
	{ "content:encoded",		H_ENCODED },
	{ "contributor",		H_CONTRIBUTOR },
	{ "copyright",			H_RIGHTS },
	{ "dc:author",			H_AUTHOR },
	{ "dc:contributor",		H_DC_CONTRIBUTOR },
	{ "dc:creator",			H_AUTHOR },
	{ "dc:date",			H_UPDATED },
	{ "dc:description",		H_DESCRIPTION },
	{ "dc:language",		H_LANGUAGE },
	{ "dc:publisher",		H_PUBLISHER },
	{ "dc:rights",			H_RIGHTS },
	{ "dc:subject",			H_CATEGORY },
	{ "dc:title",			H_TITLE },
	{ "dcterms:issued",		H_PUBLISHED },
	{ "dcterms:modified",		H_UPDATED },
	{ "description",		H_DESCRIPTION },
	{ "email",			H_EMAIL },
	{ "enclosure",			H_ENCLOSURE },
	{ "entry",			H_ITEM },
	{ "feed",			H_FEED },
	{ "feedburner:browserfriendly",	H_INFO },
	{ "fullitem",			H_ENCODED },
	{ "generator",			H_GENERATOR },
	{ "guid",			H_GUID },
	{ "homepage",			H_URL },
	{ "id",				H_GUID },
	{ "image",			H_IMAGE },
	{ "info",			H_INFO },
	{ "issued",			H_PUBLISHED },
	{ "item",			H_ITEM },
	{ "itunes:author",		H_AUTHOR },
	{ "itunes:category",		H_ITUNES_CATEGORY },
	{ "itunes:duration",		H_ITUNES_DURATION },
	{ "itunes:email",		H_EMAIL },
	{ "itunes:image",		H_SINK },
	{ "itunes:keywords",		H_SPLITTAGS },
	{ "itunes:name",		H_NAME },
	{ "itunes:owner",		H_OWNER },
	{ "itunes:subtitle",		H_SUBTITLE },
	{ "itunes:summary",		H_SUMMARY },
	{ "keywords",			H_CATEGORY },
	{ "language",			H_LANGUAGE },
	{ "lastbuilddate",		H_UPDATED },
	{ "link",			H_LINK },
	{ "managingeditor",		H_AUTHOR },
	{ "media:category",		H_CATEGORY },
	{ "media:content",		H_MEDIA_CONTENT },
	{ "media:credit",		H_SINK },
	{ "media:description",		H_DESCRIPTION },
	{ "media:group",		H_NOPUSH },
	{ "media:keywords",		H_SPLITTAGS },
	{ "media:player",		H_SINK },
	{ "media:rating",		H_SINK },
	{ "media:thumbnail",		H_SINK },
	{ "media:title",		H_MEDIA_TITLE },
	{ "modified",			H_UPDATED },
	{ "name",			H_NAME },
	{ "pubdate",			H_PUBLISHED },
	{ "published",			H_PUBLISHED },
	{ "rdf:rdf",			H_RDF },
	{ "rights",			H_RIGHTS },
	{ "rss",			H_RSS },
	{ "source",			H_SOURCE },
	{ "subtitle",			H_SUBTITLE },
	{ "summary",			H_SUMMARY },
	{ "tagline",			H_SUBTITLE },
	{ "tags",			H_SPLITTAGS },
	{ "textinput",			H_TEXTINPUT },
	{ "title",			H_TITLE },
	{ "updated",			H_UPDATED },
	{ "uri",			H_URL },
	{ "url",			H_URL },
	{ "webmaster",			H_PUBLISHER },
	{ "xhtml:body",			H_BODY },
};

/*
 * Namespaces by the prefix their elements are known by; "" for the feed
 * formats' own.  Namespaces not listed keep the document's prefix, so an
 * element in an unknown default namespace is read as a plain feed element.
 */
static const struct nsname {
	const char	*uri;
	const char	*prefix;
} namespaces[] = {
	{ "http://backend.userland.com/rss",		"" },
	{ "http://blogs.law.harvard.edu/tech/rss",	"" },
	{ "http://purl.org/rss/1.0/",			"" },
	{ "http://my.netscape.com/rdf/simple/0.9/",	"" },
	{ "http://example.com/newformat#",		"" },
	{ "http://example.com/necho",			"" },
	{ "http://purl.org/echo/",			"" },
	{ "uri/of/echo/namespace#",			"" },
	{ "http://purl.org/pie/",			"" },
	{ "http://purl.org/atom/ns#",			"" },
	{ "http://www.w3.org/2005/atom",		"" },
	{ "http://purl.org/rss/1.0/modules/rss091#",	"" },
	{ "http://purl.org/rss/1.0/modules/content/",	"content" },
	{ "http://purl.org/dc/elements/1.1/",		"dc" },
	{ "http://purl.org/dc/terms/",			"dcterms" },
	{ "http://rssnamespace.org/feedburner/ext/1.0",	"feedburner" },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd",	"itunes" },
	{ "http://example.com/dtds/podcast-1.0.dtd",	"itunes" },
	{ "http://search.yahoo.com/mrss/",		"media" },
	{ "http://search.yahoo.com/mrss",		"media" },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf" },
	{ "http://www.w3.org/1999/xhtml",		"xhtml" },
	{ "http://www.w3.org/xml/1998/namespace",	"xml" },
	{ "http://www.w3.org/1999/xlink",		"xlink" },
	{ "http://purl.org/rss/1.0/modules/syndication/", "sy" },
	{ "http://purl.org/rss/1.0/modules/slash/",	"slash" },
	{ "http://purl.org/rss/1.0/modules/taxonomy/",	"taxo" },
	{ "http://wellformedweb.org/commentapi/",	"wfw" },
	{ "http://webns.net/mvcb/",			"admin" },
	{ "http://purl.org/syndication/thread/1.0",	"thr" },
	{ "http://www.georss.org/georss",		"georss" },
	{ "http://podlove.org/simple-chapters",		"psc" },
	{ "http://creativecommons.org/ns#license",	"cc" },
	{ "http://web.resource.org/cc/",		"cc" },
};

/* Content types of text constructs, as far as the parser cares. */
enum ctype {
	CT_TEXT,	/* text/plain */
	CT_HTML,	/* text/html */
	CT_XHTML,	/* application/xhtml+xml */
	CT_XML,		/* another XML type */
	CT_OTHERTEXT,	/* another text/ type */
	CT_OTHER	/* anything else: base64 */
};

/* What a collector's text is for. */
enum field {
	F_NONE,		/* collected only to keep it out of the parent */
	F_TITLE,
	F_SUBTITLE,
	F_RIGHTS,
	F_DESCRIPTION,
	F_SUMMARY,
	F_CONTENT,
	F_LINK,
	F_ID,
	F_AUTHOR,
	F_NAME,
	F_EMAIL,
	F_GENERATOR,
	F_LANGUAGE,
	F_DATE,
	F_CATEGORY,
	F_SPLITTAGS,
	F_DURATION
};

struct collector {
	enum field	 field;
	int		 expecting;	/* the value is stored when popped */
	int		 full;		/* FIELD_MAX reached */
	struct buf	 b;
};

struct frame {
	unsigned char	 h;		/* enum handler */
	unsigned char	 pushed;	/* pushed a collector */
	unsigned char	 markup;	/* 1: written as markup, 2: dropped */
	unsigned char	 base_owned;
	unsigned char	 lang_owned;
	const char	*base;		/* xml:base in scope */
	const char	*lang;		/* xml:lang in scope, or NULL */
};

/* feedparser's author bookkeeping for one context (feed or entry). */
struct person {
	char	*author;		/* the author element's own text */
	char	*dname, *demail;	/* "author_detail" */
	int	 has_detail;
	int	 alias;			/* detail is the current author */
	char	*lname, *lemail;	/* the current author's */
	int	 nauthors;
};

/* Per-context flags the model depends on. */
struct side {
	int		 has_link;
	int		 has_summary;
	int		 has_content;	/* content[0] was stored */
	int		 d_title, d_summary, d_id, d_author; /* depth map */
	struct person	 p;
	int		 last_tag_empty;
	char		**tags;		/* NULL terms allowed until entry_end */
	size_t		 ntags;
};

enum context { CTX_SINK, CTX_FEED, CTX_ENTRY };

struct pentity {
	char		*name;
	xmlEntity	 text;		/* for content: predefined, inlined */
	xmlEntity	 attr;		/* in attributes: kept as a reference */
	int		 declared;
	int		 unknown;	/* neither declared nor HTML */
};

/* A cached element_lookup() answer. */
struct elcache {
	const xmlChar	*local, *prefix;	/* libxml2 dictionary strings */
	char		*uri;
	unsigned char	 h;
	unsigned char	 ends_textinput, ends_image;
};

struct pstate {
	xmlParserCtxtPtr ctxt;
	struct feed	*feed;
	entry_cb	 cb;
	void		*arg;
	const char	*url;
	int		 utf8doc;
	int		 stopped;
	int		 seen_root;
	char		*err;		/* not a feed: why */

	struct frame	*fr;
	size_t		 nfr, frcap;
	struct collector *col;
	size_t		 ncol, colcap;

	/* feedparser's flags. */
	int		 infeed, inentry, inimage, intextinput;
	int		 inauthor, incontributor, inpublisher, insource;
	int		 incontent;
	int		 has_feed_image;
	int		 title_depth;
	int		 depth;
	int		 guidislink;
	int		 has_content_el;	/* hasContent */
	int		 summary_is_content;	/* _summaryKey == 'content' */
	int		 link_enclosure;	/* open <link> is an enclosure */
	char		*link_type, *link_length;

	/* The open text construct's parameters (contentparams). */
	enum ctype	 ctype;
	int		 base64;
	int		 wrapper_div;	/* an xhtml construct's <div> may follow */
	size_t		 content_frame;

	struct entry	*entry;		/* the open entry, or NULL */
	size_t		 entcap;	/* room in feed->entries */
	struct feed_input *in;
	int		 unchecked;	/* input not scanned yet */
	int		 restart;	/* it needs repair: parse again */
	size_t		 skip;		/* entries the callback saw before */
	struct side	 fside, eside;
	struct person	 srcp;		/* the open entry's <source> author */

	struct { const xmlChar *uri; const char *prefix; } nscache[16];
	size_t		 nnscache;

	struct elcache	 elcache[64];	/* element_lookup(): 6-bit hash */

	struct pentity	*ents;
	size_t		 nents;
	size_t		 entity_bytes;
	xmlEntity	 empty_entity;

	struct buf	 tmp;
};

static xmlSAXHandler	 sax;
static int		 initialised;

static void	 entry_end(struct pstate *);
static void	 entry_clear(struct entry *);

/* --- small helpers ---------------------------------------------------- */

static int
element_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct element *)elem)->name);
}

/*
 * Length of the white space character at s (Python's str.strip() set,
 * which includes U+00A0 and the Unicode spaces), or 0.
 */
static size_t
space_len(const unsigned char *s, size_t n)
{
	if (ascii_space(s[0]) || (s[0] >= 0x1c && s[0] <= 0x1f))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0x85))
		return 2;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 || s[2] == 0xa9 ||
	    s[2] == 0xaf))
		return 3;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3;
	if (n >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (n >= 3 && s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3;
	return 0;
}

/* Trim white space (as space_len) from both ends of b. */
static void
trim(struct buf *b)
{
	const unsigned char	*s;
	size_t			 start = 0, end, n, k;

	if (b->s == NULL)
		return;
	s = (const unsigned char *)b->s;
	end = b->len;
	while (start < end && (n = space_len(s + start, end - start)) > 0)
		start += n;
	/* From the right: back up over one character at a time. */
	while (end > start) {
		k = end - 1;
		while (k > start && (s[k] & 0xc0) == 0x80 && end - k < 3)
			k--;
		if (space_len(s + k, end - k) == end - k)
			end = k;
		else if (ascii_space(s[end - 1]))
			end--;
		else
			break;
	}
	if (start > 0)
		memmove(b->s, b->s + start, end - start);
	b->len = end - start;
	b->s[b->len] = '\0';
}

static void
set_str(char **dst, char *s)
{
	free(*dst);
	*dst = s;
}

static char *
dupstr(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Append s[0..n) to b with &, < and > escaped. */
static void
add_escaped(struct buf *b, const char *s, size_t n, int quotes)
{
	const char	*run = s, *end = s + n;

	for (; s < end; s++) {
		const char	*rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quotes ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (rep == NULL)
			continue;
		buf_add(b, run, s - run);
		buf_adds(b, rep);
		run = s + 1;
	}
	buf_add(b, run, end - run);
}

/*
 * How much of s[0..n) to keep to stay within max bytes without cutting a
 * UTF-8 sequence in two (a cut one would be invalid text).
 */
static size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/*
 * The same for HTML made by add_escaped(), which must not cut a reference
 * ("&amp;") in two either.  Text added until it reaches max then ends in
 * the same place however it was handed over: in pieces by libxml2, or
 * whole (parse-input.c).
 */
static size_t
escaped_cut(const char *s, size_t n, size_t max)
{
	const char	*amp;
	size_t		 from;

	n = utf8_cut(s, n, max);
	from = n > 5 ? n - 5 : 0;
	if ((amp = memrchr(s + from, '&', n - from)) != NULL &&
	    memchr(amp, ';', s + n - amp) == NULL)
		n = amp - s;
	return n;
}

/* --- entities ---------------------------------------------------------- */

/*
 * The entity called name for this parse, created on first use from the
 * HTML table, or NULL if there is no such entity.  Each name has two
 * xmlEntity faces: in text a "predefined" one, which libxml2 inlines as
 * characters without parsing it (so nothing expands recursively); in an
 * attribute value a general one, which libxml2 leaves as "&name;" for
 * attr_value() to replace (libxml2 would copy only the first byte of a
 * predefined entity's text there).
 */
static struct pentity *
entity_find(struct pstate *st, const char *name)
{
	size_t		 i;

	for (i = 0; i < st->nents; i++)
		if (strcmp(st->ents[i].name, name) == 0)
			return &st->ents[i];
	return NULL;
}

static struct pentity *
entity_add(struct pstate *st, const char *name, const char *text,
    int declared)
{
	struct pentity	*pe;
	xmlEntity	*faces[2];
	size_t		 i;

	if (st->nents >= ENTITY_NAMES)
		return NULL;
	st->ents = xreallocarray(st->ents, st->nents + 1, sizeof *st->ents);
	pe = &st->ents[st->nents++];
	memset(pe, 0, sizeof *pe);
	pe->name = xstrdup(name);
	pe->declared = declared;
	faces[0] = &pe->text;
	faces[1] = &pe->attr;
	for (i = 0; i < 2; i++) {
		faces[i]->type = XML_ENTITY_DECL;
		faces[i]->name = (const xmlChar *)pe->name;
		faces[i]->content = (xmlChar *)xstrdup(text);
		faces[i]->length = (int)strlen(text);
		faces[i]->etype = i == 0 ? XML_INTERNAL_PREDEFINED_ENTITY :
		    XML_INTERNAL_GENERAL_ENTITY;
	}
	/* Pointers into the array move when it grows: refresh the names. */
	for (i = 0; i < st->nents; i++) {
		st->ents[i].text.name = (const xmlChar *)st->ents[i].name;
		st->ents[i].attr.name = (const xmlChar *)st->ents[i].name;
	}
	return pe;
}

static void
entities_free(struct pstate *st)
{
	size_t	 i;

	for (i = 0; i < st->nents; i++) {
		free(st->ents[i].name);
		free(st->ents[i].text.content);
		free(st->ents[i].attr.content);
		/* libxml2 gives a declared entity its literal text. */
		xmlFree(st->ents[i].text.orig);
		xmlFree(st->ents[i].attr.orig);
	}
	free(st->ents);
}

/* The text of entity name (HTML or declared in this document), or NULL. */
static const char *
entity_text(struct pstate *st, const char *name)
{
	struct pentity	*pe;
	struct buf	*b = &st->tmp;
	uint32_t	 cp;

	if ((pe = entity_find(st, name)) != NULL)
		return (const char *)pe->text.content;
	if ((cp = html_entity_lookup(name)) == 0)
		return NULL;
	buf_reset(b);
	utf8_encode(b, cp);
	if ((pe = entity_add(st, name, buf_str(b), 0)) == NULL)
		return NULL;
	return (const char *)pe->text.content;
}

/*
 * An entity nobody declared and HTML does not know stays in the text as it
 * was written ("&doesnotexist;"), as a lenient parser keeps it, instead of
 * vanishing.  Its name is recorded like the others, as literal text.
 */
static struct pentity *
entity_unknown(struct pstate *st, const char *name)
{
	struct pentity	*pe;
	char		*lit;

	if ((pe = entity_find(st, name)) != NULL)
		return pe;
	xasprintf(&lit, "&%s;", name);
	pe = entity_add(st, name, lit, 0);
	free(lit);
	if (pe != NULL)
		pe->unknown = 1;
	return pe;
}

/*
 * Decode the references in s[0..n) into b: &#38; style character
 * references and &name; for known entities; anything else stays as it is.
 * One level only: an entity's text is not decoded again.
 */
static void
decode_refs(struct pstate *st, struct buf *b, const char *s, size_t n)
{
	const char	*end = s + n, *semi, *t;
	char		 name[64];
	uint32_t	 cp;
	size_t		 len;

	while (s < end) {
		if (*s != '&' || (semi = memchr(s, ';', end - s)) == NULL ||
		    (len = semi - s - 1) == 0 || len >= sizeof name) {
			buf_addc(b, *s++);
			continue;
		}
		memcpy(name, s + 1, len);
		name[len] = '\0';
		if (name[0] == '#') {
			if (name[1] == 'x' || name[1] == 'X')
				cp = (uint32_t)strtoul(name + 2, NULL, 16);
			else
				cp = (uint32_t)strtoul(name + 1, NULL, 10);
			if (cp == 0 || cp > 0x10ffff) {
				buf_addc(b, *s++);
				continue;
			}
			utf8_encode(b, cp);
		} else if (strcmp(name, "amp") == 0)
			buf_addc(b, '&');
		else if (strcmp(name, "lt") == 0)
			buf_addc(b, '<');
		else if (strcmp(name, "gt") == 0)
			buf_addc(b, '>');
		else if (strcmp(name, "quot") == 0)
			buf_addc(b, '"');
		else if ((t = entity_text(st, name)) != NULL &&
		    !entity_find(st, name)->unknown) {
			if (b->len < FIELD_MAX)
				buf_adds(b, t);
		} else {
			buf_addc(b, *s++);
			continue;
		}
		s = semi + 1;
	}
}

static xmlEntityPtr
sax_get_entity(void *ud, const xmlChar *name)
{
	struct pstate	*st = ud;
	struct pentity	*pe;

	if (entity_text(st, (const char *)name) != NULL)
		pe = entity_find(st, (const char *)name);
	else if ((pe = entity_unknown(st, (const char *)name)) == NULL)
		return NULL;
	if (st->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE)
		return &pe->attr;
	/* Billion laughs, flat version: stop feeding text past a total. */
	st->entity_bytes += (size_t)pe->text.length;
	if (st->entity_bytes > ENTITY_TOTAL)
		return &st->empty_entity;
	if (!pe->declared) {
		st->feed->bozo = 1;
		if (st->feed->bozo_message == NULL)
			xasprintf(&st->feed->bozo_message, "line %d: undefined "
			    "entity &%s;", xmlSAX2GetLineNumber(st->ctxt),
			    (const char *)name);
	}
	return &pe->text;
}

/*
 * Internal entities the document declares are kept as plain text (one
 * level of references decoded), never parsed again: a declaration that
 * refers to other entities does not multiply.  External ones are ignored.
 */
static void
sax_entity_decl(void *ud, const xmlChar *name, int type,
    const xmlChar *publicId, const xmlChar *systemId, xmlChar *content)
{
	struct pstate	*st = ud;
	struct buf	 b;
	size_t		 n;

	if (type != XML_INTERNAL_GENERAL_ENTITY || content == NULL ||
	    entity_find(st, (const char *)name) != NULL)
		return;
	n = strlen((const char *)content);
	if (n > ENTITY_MAX)
		n = ENTITY_MAX;
	buf_init(&b);
	decode_refs(st, &b, (const char *)content, n);
	if (b.len > ENTITY_MAX) {
		b.len = utf8_cut(b.s, b.len, ENTITY_MAX);
		b.s[b.len] = '\0';
	}
	entity_add(st, (const char *)name, buf_str(&b), 1);
	buf_free(&b);
}

/* --- collectors --------------------------------------------------------- */

static struct collector *
collector_push(struct pstate *st, enum field field, int expecting)
{
	struct collector	*c;
	size_t			 i;

	if (st->ncol == st->colcap) {
		st->col = xreallocarray(st->col, st->colcap + 8,
		    sizeof *st->col);
		for (i = st->colcap; i < st->colcap + 8; i++)
			buf_init(&st->col[i].b);
		st->colcap += 8;
	}
	c = &st->col[st->ncol++];
	c->field = field;
	c->expecting = expecting;
	c->full = 0;
	buf_reset(&c->b);
	st->fr[st->nfr - 1].pushed = 1;
	return c;
}

static void
collector_add(struct collector *c, const char *s, size_t n)
{
	size_t	 keep;

	if (c->full)
		return;
	if (c->b.len + n > FIELD_MAX) {
		c->full = 1;
		keep = utf8_cut(s, n, FIELD_MAX - c->b.len);
		buf_add(&c->b, s, keep);
		return;
	}
	/* libxml2 hands text over in many small pieces: append in place. */
	if (c->b.len + n < c->b.cap) {
		memcpy(c->b.s + c->b.len, s, n);
		c->b.len += n;
		c->b.s[c->b.len] = '\0';
		return;
	}
	buf_add(&c->b, s, n);
}

/*
 * Repairs feedparser makes to every stored value: text that is UTF-8 read
 * as Latin-1 and encoded again ("Ã©" for "é") is decoded once more, when
 * the document was UTF-8; then C1 controls become their windows-1252
 * characters.  Only text with non-ASCII bytes is looked at.
 */
static void
fix_text(struct pstate *st, struct buf *b)
{
	const unsigned char *u = (const unsigned char *)b->s, *end, *p;
	struct buf	 o;
	uint32_t	 c;
	size_t		 i, n;
	int		 latin = 1, c1 = 0;

	/*
	 * Cheap tests first, on bytes: text is Latin-1 range only if no lead
	 * byte is above 0xc3; a C1 control is 0xc2 0x80..0x9f.
	 */
	end = u + b->len;
	for (p = u; end - p >= 8; p += 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		if (w & SWAR_HIGHS)
			break;
	}
	for (; p < end && *p < 0x80; p++)
		;
	if (p == end)
		return;
	for (; p < end; p++)
		if (*p >= 0xc4) {
			latin = 0;
			break;
		}
	for (p = u; (p = memchr(p, 0xc2, end - p)) != NULL && p + 1 < end;
	    p++)
		if (p[1] >= 0x80 && p[1] <= 0x9f) {
			c1 = 1;
			break;
		}
	if (!(st->utf8doc && latin) && !c1)
		return;
	buf_init(&o);
	if (st->utf8doc && latin) {
		for (i = 0; i < b->len; i += n) {
			n = utf8_decode(b->s + i, b->len - i, &c);
			buf_addc(&o, (int)c);
		}
		if (utf8_valid(o.s, o.len)) {
			buf_reset(b);
			buf_add(b, o.s, o.len);
			c1 = 0;
			for (i = 0; i < b->len; i += n) {
				n = utf8_decode(b->s + i, b->len - i, &c);
				if (c >= 0x80 && c <= 0x9f)
					c1 = 1;
			}
		}
		buf_reset(&o);
	}
	if (c1) {
		for (i = 0; i < b->len; i += n) {
			n = utf8_decode(b->s + i, b->len - i, &c);
			if (html_cp1252(c) != 0)
				utf8_encode(&o, html_cp1252(c));
			else
				buf_add(&o, b->s + i, n);
		}
		buf_reset(b);
		buf_add(b, o.s, o.len);
	}
	buf_free(&o);
}

/* Decode base64 in place if it decodes to UTF-8 text (else leave it). */
static void
base64_decode(struct buf *b)
{
	struct buf	 o;
	uint32_t	 acc = 0;
	size_t		 i, bits = 0, nch = 0;
	int		 v;
	unsigned char	 ch;

	buf_init(&o);
	for (i = 0; i < b->len; i++) {
		ch = (unsigned char)b->s[i];
		if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A';
		else if (ch >= 'a' && ch <= 'z')
			v = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9')
			v = ch - '0' + 52;
		else if (ch == '+')
			v = 62;
		else if (ch == '/')
			v = 63;
		else if (ch == '=')
			break;
		else
			continue;
		nch++;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&o, (int)((acc >> bits) & 0xff));
		}
	}
	if (nch % 4 != 1 && utf8_valid(buf_str(&o), o.len)) {
		buf_reset(b);
		buf_add(b, o.s, o.len);
	}
	buf_free(&o);
}

/*
 * Pop the innermost collector: its text, trimmed, as a heap string (the
 * buffer stays for reuse).
 */
static char *
collector_pop(struct pstate *st, int *expecting)
{
	struct collector	*c = &st->col[--st->ncol];

	*expecting = c->expecting;
	buf_str(&c->b);
	trim(&c->b);
	if (c->field != F_NONE) {
		if (st->incontent && st->base64)
			base64_decode(&c->b);
		fix_text(st, &c->b);
	}
	return xstrndup(c->b.s, c->b.len);
}

/* --- contexts ----------------------------------------------------------- */

static enum context
context(struct pstate *st)
{
	if (st->insource)
		return CTX_SINK;
	if (st->inimage && st->has_feed_image)
		return CTX_SINK;
	if (st->intextinput)
		return CTX_SINK;
	if (st->inentry && st->entry != NULL)
		return CTX_ENTRY;
	return CTX_FEED;
}

static struct side *
side_of(struct pstate *st, enum context c)
{
	switch (c) {
	case CTX_ENTRY:
		return &st->eside;
	case CTX_FEED:
		return &st->fside;
	default:
		return NULL;
	}
}

/*
 * The author being read: an entry's <source>'s own (Atom) is kept apart,
 * for the entry without one of its own (entry_end()); NULL: no one's.
 */
static struct person *
person_of(struct pstate *st)
{
	struct side	*s;

	if (st->insource && st->inentry && st->entry != NULL)
		return &st->srcp;
	if ((s = side_of(st, context(st))) == NULL)
		return NULL;
	return &s->p;
}

static const char *
current_base(struct pstate *st)
{
	if (st->nfr > 0)
		return st->fr[st->nfr - 1].base;
	return st->url;
}

/*
 * A URL whose host has an unbalanced '[' or ']' ("http://a.c[o/") cannot
 * be resolved; feedparser drops such a link, and so do we.
 */
static int
bad_brackets(const char *u)
{
	const char	*p = strstr(u, "://");
	size_t		 n;

	if (p == NULL)
		return 0;
	p += 3;
	n = strcspn(p, "/?#");
	return (memchr(p, '[', n) != NULL) != (memchr(p, ']', n) != NULL);
}

/* Resolve ref against the base in scope; a heap string. */
static char *
resolve(struct pstate *st, const char *ref)
{
	const char	*base = current_base(st);

	if (base == NULL || *base == '\0')
		return xstrdup(ref);
	if (bad_brackets(ref) || bad_brackets(base))
		return xstrdup("");
	return url_resolve(base, ref);
}

/*
 * Undo a common mangling of query strings in links: "&amp;" written for
 * "&" once too often, and "&b;=2" for "&b=2".
 */
static void
fix_link_amps(char *s, int amp_too)
{
	char	*r = s, *w = s, *q;

	for (; *r != '\0';) {
		if (*r != '&') {
			*w++ = *r++;
			continue;
		}
		if (amp_too && strncmp(r, "&amp;", 5) == 0) {
			*w++ = '&';
			r += 5;
			continue;
		}
		if (*r == '&') {
			for (q = r + 1; (*q >= 'a' && *q <= 'z') ||
			    (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')
			    || *q == '_'; q++)
				;
			if (q > r + 1 && *q == ';') {
				memmove(w, r, q - r);
				w += q - r;
				r = q + 1;
				continue;
			}
		}
		*w++ = *r++;
	}
	*w = '\0';
}

/* --- authors ------------------------------------------------------------ */

static void
person_free(struct person *p)
{
	free(p->author);
	free(p->dname);
	free(p->demail);
	free(p->lname);
	free(p->lemail);
	memset(p, 0, sizeof *p);
}

/* A new author element starts: the current author is a fresh one. */
static void
person_new(struct person *p)
{
	set_str(&p->lname, NULL);
	set_str(&p->lemail, NULL);
	p->nauthors++;
	p->alias = 0;
}

/*
 * Find an e-mail address in s as feedparser's pattern does,
 * local@label.label.tld optionally followed by "?subject=...", but with a
 * last part of 2 to 63 letters (or 1-3 digits): feedparser's 2-4 letters
 * took "jane@news.exam" out of "jane@news.example (Jane Doe)", leaving the
 * name "ple (Jane Doe".  Returns its start and length.
 */
static int
find_email(const char *s, size_t *start, size_t *len)
{
	const char	*at, *p, *q, *dot, *lastok;
	size_t		 n;

	for (at = strchr(s, '@'); at != NULL; at = strchr(at + 1, '@')) {
		for (p = at; p > s && (ascii_alnum(p[-1]) || p[-1] == '_' ||
		    p[-1] == '-' || p[-1] == '.' || p[-1] == '+'); p--)
			;
		if (p == at)
			continue;
		/* Labels followed by '.', then the last part. */
		lastok = NULL;
		q = at + 1;
		for (;;) {
			for (dot = q; ascii_alnum(*dot) || *dot == '-'; dot++)
				;
			if (dot == q || *dot != '.')
				break;
			q = dot + 1;
			for (n = 0; n < 63 && (q[n] >= 'a' && q[n] <= 'z' ? 1 :
			    (q[n] >= 'A' && q[n] <= 'Z')); n++)
				;
			if (n >= 2)
				lastok = q + n;
			else {
				for (n = 0; n < 3 && q[n] >= '0' &&
				    q[n] <= '9'; n++)
					;
				if (n >= 1)
					lastok = q + n;
			}
		}
		if (lastok == NULL)
			continue;
		if (strncmp(lastok, "?subject=", 9) == 0 && lastok[9] != '\0'
		    && !ascii_space(lastok[9]))
			for (lastok += 9; *lastok != '\0' &&
			    !ascii_space(*lastok); lastok++)
				;
		*start = p - s;
		*len = lastok - p;
		return 1;
	}
	return 0;
}

/* Remove every occurrence of what from s, in place. */
static void
remove_all(char *s, const char *what)
{
	size_t	 n = strlen(what);
	char	*p;

	if (n == 0)
		return;
	while ((p = strstr(s, what)) != NULL)
		memmove(p, p + n, strlen(p + n) + 1);
}

static void
strip_ascii(char *s)
{
	size_t	 n = strlen(s), i = 0;

	while (n > 0 && ascii_space(s[n - 1]))
		s[--n] = '\0';
	while (ascii_space(s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* feedparser's _sync_author_detail. */
static void
person_sync(struct person *p)
{
	char	*name, *email = NULL;
	size_t	 start, len, n;

	if (p->lname != NULL || p->lemail != NULL) {
		if (p->lname != NULL && p->lemail != NULL)
			xasprintf(&name, "%s (%s)", p->lname, p->lemail);
		else
			name = xstrdup(p->lname != NULL ? p->lname : p->lemail);
		set_str(&p->author, name);
		return;
	}
	if (p->author == NULL || *p->author == '\0')
		return;
	name = xstrdup(p->author);
	if (find_email(p->author, &start, &len)) {
		email = xstrndup(p->author + start, len);
		remove_all(name, email);
		remove_all(name, "()");
		remove_all(name, "<>");
		remove_all(name, "&lt;&gt;");
		strip_ascii(name);
		if (name[0] == '(')
			memmove(name, name + 1, strlen(name));
		n = strlen(name);
		if (n > 0 && name[n - 1] == ')')
			name[n - 1] = '\0';
		strip_ascii(name);
	}
	if (*name != '\0' || email != NULL) {
		if (!p->has_detail) {
			p->has_detail = 1;
			p->alias = 1;
		}
	}
	if (*name != '\0') {
		set_str(&p->lname, xstrdup(name));
		if (p->alias)
			set_str(&p->dname, xstrdup(name));
	}
	if (email != NULL) {
		set_str(&p->lemail, xstrdup(email));
		if (p->alias)
			set_str(&p->demail, xstrdup(email));
	}
	free(name);
	free(email);
}

/* feedparser's _save_author: a name or email of the current author. */
static void
person_save(struct person *p, int is_email, const char *value)
{
	p->has_detail = 1;
	if (is_email) {
		set_str(&p->demail, xstrdup(value));
		set_str(&p->lemail, xstrdup(value));
	} else {
		set_str(&p->dname, xstrdup(value));
		set_str(&p->lname, xstrdup(value));
	}
	person_sync(p);
}

/* The model's author: detail name, else detail email, else the text. */
static char *
person_result(struct person *p)
{
	if (p->dname != NULL && *p->dname != '\0')
		return xstrdup(p->dname);
	if (p->demail != NULL && *p->demail != '\0')
		return xstrdup(p->demail);
	if (p->author != NULL && *p->author != '\0')
		return xstrdup(p->author);
	return NULL;
}

static void
side_reset(struct side *s)
{
	size_t	 i;

	person_free(&s->p);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i]);
	free(s->tags);
	memset(s, 0, sizeof *s);
	s->d_title = s->d_summary = s->d_id = s->d_author = -1;
}

/* --- storing values ----------------------------------------------------- */

static void
add_tag(struct pstate *st, char *term, int qualified)
{
	struct side	*s = &st->eside;

	if (context(st) != CTX_ENTRY) {
		free(term);
		return;
	}
	if ((term == NULL || *term == '\0') && !qualified) {
		free(term);
		return;
	}
	if (s->ntags >= TAGS_MAX) {
		free(term);
		return;
	}
	s->tags = xreallocarray(s->tags, s->ntags + 1, sizeof *s->tags);
	s->tags[s->ntags++] = term;
	s->last_tag_empty = term == NULL || *term == '\0';
}

static void
add_enclosure(struct pstate *st, const char *href, const char *type,
    const char *length)
{
	struct entry		*e = st->entry;
	struct enclosure	*enc;
	const char		*p;

	if (context(st) != CTX_ENTRY || href == NULL || *href == '\0' ||
	    e->nenclosures >= ENCLOSURES_MAX)
		return;
	e->enclosures = xreallocarray(e->enclosures, e->nenclosures + 1,
	    sizeof *e->enclosures);
	enc = &e->enclosures[e->nenclosures++];
	enc->url = resolve(st, href);
	enc->type = dupstr(type);
	enc->length = -1;
	if (length != NULL && *length != '\0' && strlen(length) < 19) {
		for (p = length; *p >= '0' && *p <= '9'; p++)
			;
		if (*p == '\0')
			enc->length = strtoll(length, NULL, 10);
	}
}

/* Does the open entry have an enclosure for href (as resolved)? */
static int
has_enclosure(struct pstate *st, const char *href)
{
	struct entry	*e = st->entry;
	char		*r;
	size_t		 i;
	int		 found = 0;

	if (context(st) != CTX_ENTRY)
		return 0;
	r = resolve(st, href);
	for (i = 0; i < e->nenclosures && !found; i++)
		found = strcmp(e->enclosures[i].url, r) == 0;
	free(r);
	return found;
}

/* A date element ended: the last one wins, even if it cannot be read. */
static void
save_date(struct pstate *st, int published, const char *text)
{
	int64_t		 t = date_parse(text);

	switch (context(st)) {
	case CTX_ENTRY:
		if (published)
			st->entry->published = t;
		else
			st->entry->updated = t;
		break;
	case CTX_FEED:
		if (published)
			st->feed->published = t;
		else
			st->feed->updated = t;
		break;
	default:
		break;
	}
}

/* Set a depth-ruled entry field: the shallowest occurrence wins. */
/* Returns whether value was set (else it was freed). */
static int
entry_set(struct pstate *st, int *d, char **dst, char *value)
{
	if (*d < 0 || st->depth <= *d) {
		*d = st->depth;
		set_str(dst, value);
		return 1;
	}
	free(value);
	return 0;
}

/* Mark (or clear) flag in e->text: is that field plain text? */
static void
entry_mark_text(struct entry *e, int flag, int text)
{
	if (text)
		e->text |= flag;
	else
		e->text &= ~flag;
}

/*
 * The language and base of an entry's text, which only the river uses
 * (struct entry).  The base is kept only when an xml:base is in scope: a
 * relative link in a post is otherwise read against the post's own link.
 */
static void
entry_note_base(struct pstate *st, struct entry *e)
{
	const char	*b = current_base(st);

	if (e->base == NULL && b != NULL && b != st->url && *b != '\0')
		e->base = xstrdup(b);
}

static void	 attr_value(struct pstate *, struct buf *, const xmlChar **,
		     int);

static void
frame_note_lang(struct pstate *st, struct frame *fr, int nattr,
    const xmlChar **attrs)
{
	int	 i;

	for (i = 0; i < nattr; i++) {
		if (strcmp((const char *)attrs[i * 5], "lang") != 0 ||
		    attrs[i * 5 + 2] == NULL || strcmp((const char *)
		    attrs[i * 5 + 2], (const char *)XML_XML_NAMESPACE) != 0)
			continue;
		attr_value(st, &st->tmp, attrs, i);
		fr->lang = lang_clean(st->tmp.s);
		fr->lang_owned = 1;
		break;
	}
}

/*
 * Store the value of a popped element (feedparser's pop()).  Takes
 * ownership of value.  html says the text construct held HTML, which
 * titles drop to become plain text.
 */
static void
store(struct pstate *st, enum field f, char *value, int html)
{
	struct entry	*e = st->entry;
	struct feed	*fd = st->feed;
	struct side	*s;

	if (f == F_TITLE && st->title_depth > -1 &&
	    st->title_depth <= st->depth) {
		free(value);
		return;
	}
	if (f == F_TITLE && html) {
		char	*t = html_text(value, HTML_TEXT_NO_ALT |
		    HTML_TEXT_CP1252);

		free(value);
		value = t;
	}
	if (st->inentry && e != NULL && !st->insource) {
		s = &st->eside;
		switch (f) {
		case F_CONTENT:
			if (!s->has_content) {
				s->has_content = 1;
				set_str(&e->content, value);
				entry_mark_text(e, ENTRY_CONTENT_TEXT, !html);
				entry_note_base(st, e);
			} else
				free(value);
			return;
		case F_LANGUAGE:
			if (e->lang == NULL)
				e->lang = lang_clean(value);
			free(value);
			return;
		case F_DURATION:
			/* The first that reads as a time: not the model's. */
			if (e->duration == 0 && num_clock(value,
			    &e->duration) == -1)
				e->duration = 0;
			free(value);
			return;
		case F_LINK:
			if (st->inimage) {
				free(value);
				return;
			}
			fix_link_amps(value, 1);
			set_str(&e->link, value);
			s->has_link = 1;
			return;
		case F_DESCRIPTION:
		case F_SUMMARY:
			s->has_summary = 1;
			if (entry_set(st, &s->d_summary, &e->summary, value))
				entry_mark_text(e, ENTRY_SUMMARY_TEXT, !html);
			entry_note_base(st, e);
			return;
		case F_TITLE:
			entry_set(st, &s->d_title, &e->title, value);
			return;
		case F_ID:
			entry_set(st, &s->d_id, &e->id, value);
			return;
		case F_AUTHOR:
			entry_set(st, &s->d_author, &s->p.author, value);
			return;
		default:
			free(value);
			return;
		}
	}
	if ((!st->infeed && !st->insource) || context(st) != CTX_FEED) {
		free(value);
		return;
	}
	s = &st->fside;
	switch (f) {
	case F_TITLE:
		set_str(&fd->title, value);
		break;
	case F_LINK:
		fix_link_amps(value, 0);
		set_str(&fd->link, value);
		s->has_link = 1;
		break;
	case F_DESCRIPTION:
	case F_SUBTITLE:
		set_str(&fd->subtitle, value);
		break;
	case F_RIGHTS:
		set_str(&fd->rights, value);
		break;
	case F_ID:
		set_str(&fd->id, value);
		break;
	case F_AUTHOR:
		set_str(&s->p.author, value);
		break;
	case F_GENERATOR:
		set_str(&fd->generator, value);
		break;
	case F_LANGUAGE:
		if (fd->lang == NULL && !st->insource)
			fd->lang = lang_clean(value);
		free(value);
		break;
	case F_SUMMARY:
		s->has_summary = 1;
		free(value);
		break;
	default:
		free(value);
		break;
	}
}

/* --- text constructs ---------------------------------------------------- */

static enum ctype
map_ctype(const char *t)
{
	size_t	 n;

	if (t == NULL)
		return CT_TEXT;
	if (strcasecmp(t, "text") == 0 || strcasecmp(t, "plain") == 0 ||
	    strcasecmp(t, "text/plain") == 0)
		return CT_TEXT;
	if (strcasecmp(t, "html") == 0 || strcasecmp(t, "text/html") == 0)
		return CT_HTML;
	if (strcasecmp(t, "xhtml") == 0 ||
	    strcasecmp(t, "application/xhtml+xml") == 0)
		return CT_XHTML;
	n = strlen(t);
	if (n >= 3 && strcasecmp(t + n - 3, "xml") == 0)
		return CT_XML;
	if (strncasecmp(t, "text/", 5) == 0)
		return CT_OTHERTEXT;
	return CT_OTHER;
}

/* feedparser's push_content: open a text construct. */
static void
content_push(struct pstate *st, enum field f, const char *type,
    const char *mode, enum ctype dflt, int expecting)
{
	enum ctype	 ct = type != NULL ? map_ctype(type) : dflt;
	size_t		 n;

	st->incontent++;
	st->base64 = 0;
	if (mode != NULL && strcmp(mode, "base64") == 0)
		st->base64 = 1;
	else if (ct == CT_OTHER)
		st->base64 = 1;
	else if (ct == CT_XML && type != NULL) {
		/* "+xml" and "/xml" are text; a bare "xml" is not. */
		n = strlen(type);
		st->base64 = !(n >= 4 && (type[n - 4] == '+' ||
		    type[n - 4] == '/'));
	}
	st->ctype = ct;
	st->wrapper_div = ct == CT_XHTML;
	st->content_frame = st->nfr - 1;
	collector_push(st, f, expecting);
}

/*
 * Close a text construct and store its value; returns whether it was
 * non-empty.  If copy is not NULL it gets a heap copy of the value.
 */
static int
content_pop(struct pstate *st, char **copy)
{
	enum field	 f = st->col[st->ncol - 1].field;
	char		*v;
	int		 expecting, nonempty, html;

	v = collector_pop(st, &expecting);
	html = st->ctype == CT_HTML || st->ctype == CT_XHTML;
	st->incontent--;
	st->base64 = 0;
	nonempty = *v != '\0';
	if (copy != NULL)
		*copy = xstrdup(v);
	if (expecting)
		store(st, f, v, html);
	else
		free(v);
	st->ctype = CT_TEXT;
	return nonempty;
}

/* _end_content: content, and the summary if there is none yet. */
static void
content_end(struct pstate *st)
{
	struct side	*s;
	char		*copy;
	int		 tocopy, text;

	tocopy = st->ctype == CT_TEXT || st->ctype == CT_HTML ||
	    st->ctype == CT_XHTML;
	text = st->ctype == CT_TEXT;
	content_pop(st, &copy);
	s = side_of(st, context(st));
	if (!tocopy || s == NULL || s->has_summary) {
		free(copy);
		return;
	}
	s->has_summary = 1;
	if (s == &st->eside) {
		set_str(&st->entry->summary, copy);
		entry_mark_text(st->entry, ENTRY_SUMMARY_TEXT, text);
	} else
		free(copy);
}

/* --- markup inside text constructs -------------------------------------- */

static void
lower_into(char *dst, size_t size, const char *src)
{
	size_t	 i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 :
		    src[i];
	dst[i] = '\0';
}

/* Attribute i's value with references decoded, into b (reset first). */
static void
attr_value(struct pstate *st, struct buf *b, const xmlChar **attrs, int i)
{
	const char	*v = (const char *)attrs[i * 5 + 3];
	size_t		 n = (size_t)(attrs[i * 5 + 4] - attrs[i * 5 + 3]);

	buf_reset(b);
	if (memchr(v, '&', n) == NULL)
		buf_add(b, v, n);
	else
		decode_refs(st, b, v, n > FIELD_MAX ? FIELD_MAX : n);
	buf_str(b);
}

static void
markup_start(struct pstate *st, struct frame *fr, const xmlChar *local,
    int nattr, const xmlChar **attrs)
{
	struct collector	*c = &st->col[st->ncol - 1];
	struct buf		 v;
	char			 name[64];
	int			 i, is_div;

	lower_into(name, sizeof name, (const char *)local);
	is_div = strcmp(name, "div") == 0;
	if (st->ctype != CT_XHTML && st->ctype != CT_XML) {
		/* Escaped markup that is not: a <div> wrapper is dropped. */
		if (is_div) {
			fr->markup = 2;
			return;
		}
		st->ctype = CT_XHTML;
	}
	/* Atom's xhtml <div> wrapper is not part of the content. */
	if (st->wrapper_div && is_div && st->nfr - 2 == st->content_frame) {
		size_t	 k;

		for (k = 0; k < c->b.len && ascii_space(c->b.s[k]); k++)
			;
		st->wrapper_div = 0;
		if (k == c->b.len) {
			fr->markup = 2;
			return;
		}
	}
	st->wrapper_div = 0;
	fr->markup = 1;
	if (c->full)
		return;
	buf_addc(&c->b, '<');
	buf_adds(&c->b, (const char *)local);
	buf_init(&v);
	for (i = 0; i < nattr; i++) {
		buf_addc(&c->b, ' ');
		if (attrs[i * 5 + 1] != NULL) {
			buf_adds(&c->b, (const char *)attrs[i * 5 + 1]);
			buf_addc(&c->b, ':');
		}
		buf_adds(&c->b, (const char *)attrs[i * 5]);
		buf_adds(&c->b, "=\"");
		attr_value(st, &v, attrs, i);
		add_escaped(&c->b, v.s, v.len, 1);
		buf_addc(&c->b, '"');
	}
	buf_free(&v);
	buf_addc(&c->b, '>');
	if (c->b.len > FIELD_MAX)
		c->full = 1;
}

static void
markup_end(struct pstate *st, struct frame *fr, const xmlChar *local)
{
	struct collector	*c = &st->col[st->ncol - 1];

	if (fr->markup != 1 || c->full)
		return;
	buf_adds(&c->b, "</");
	buf_adds(&c->b, (const char *)local);
	buf_addc(&c->b, '>');
}

/* --- element dispatch ---------------------------------------------------- */

/* The prefix the elements of namespace uri are known by (see namespaces). */
static const char *
ns_prefix(struct pstate *st, const xmlChar *uri, const xmlChar *given)
{
	char	 lower[256];
	size_t	 i;
	const char *p = NULL;

	if (uri == NULL)
		return given != NULL ? (const char *)given : "";
	for (i = 0; i < st->nnscache; i++)
		if (st->nscache[i].uri == uri)
			return st->nscache[i].prefix != NULL ?
			    st->nscache[i].prefix :
			    (given != NULL ? (const char *)given : "");
	lower_into(lower, sizeof lower, (const char *)uri);
	if (strstr(lower, "backend.userland.com/rss") != NULL)
		p = "";
	for (i = 0; p == NULL && i < nitems(namespaces); i++)
		if (strcmp(lower, namespaces[i].uri) == 0)
			p = namespaces[i].prefix;
	if (st->nnscache < nitems(st->nscache)) {
		st->nscache[st->nnscache].uri = uri;
		st->nscache[st->nnscache].prefix = p;
		st->nnscache++;
	}
	return p != NULL ? p : (given != NULL ? (const char *)given : "");
}

/* Find attribute "prefix:local" (canonical prefix, lower case), or -1. */
static int
attr_find(struct pstate *st, int nattr, const xmlChar **attrs,
    const char *prefix, const char *local)
{
	const char	*p;
	int		 i;

	for (i = 0; i < nattr; i++) {
		if (strcasecmp((const char *)attrs[i * 5], local) != 0)
			continue;
		p = ns_prefix(st, attrs[i * 5 + 2], attrs[i * 5 + 1]);
		if (strcmp(p, prefix) == 0)
			return i;
	}
	return -1;
}

/* Attribute value as a heap string, or NULL if absent. */
static char *
attr_get(struct pstate *st, int nattr, const xmlChar **attrs,
    const char *prefix, const char *local)
{
	int	 i;

	if ((i = attr_find(st, nattr, attrs, prefix, local)) < 0)
		return NULL;
	attr_value(st, &st->tmp, attrs, i);
	return xstrndup(st->tmp.s, st->tmp.len);
}

static void
lower_inplace(char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 32;
}

static void
set_version(struct pstate *st, const char *v)
{
	st->feed->version = v;
}

static void
entry_begin(struct pstate *st, int nattr, const xmlChar **attrs)
{
	char	*about;

	if (st->entry != NULL)
		entry_end(st);
	st->entry = xcalloc(1, sizeof *st->entry);
	st->entry->published = st->entry->updated = DATE_NONE;
	side_reset(&st->eside);
	person_free(&st->srcp);
	st->inentry = 1;
	st->guidislink = 0;
	st->title_depth = -1;
	if (st->nfr > 0 && st->fr[st->nfr - 1].lang != NULL)
		st->entry->lang = xstrdup(st->fr[st->nfr - 1].lang);
	if ((about = attr_get(st, nattr, attrs, "rdf", "about")) != NULL) {
		if (*about != '\0')
			set_str(&st->entry->id, about);
		else
			free(about);
	}
}

/* CDF's channel and item attributes. */
static void
cdf_common(struct pstate *st, int nattr, const xmlChar **attrs)
{
	char	*v;

	if ((v = attr_get(st, nattr, attrs, "", "lastmod")) != NULL) {
		save_date(st, 0, v);
		free(v);
	}
	if ((v = attr_get(st, nattr, attrs, "", "href")) != NULL) {
		char	*r = resolve(st, v);

		free(v);
		store(st, F_LINK, r, 0);
	}
}

static void
link_start(struct pstate *st, int nattr, const xmlChar **attrs)
{
	struct side	*s;
	enum context	 c = context(st);
	char		*rel, *type, *href, *len;
	enum ctype	 ct;

	rel = attr_get(st, nattr, attrs, "", "rel");
	type = attr_get(st, nattr, attrs, "", "type");
	lower_inplace(rel);
	lower_inplace(type);
	if (rel == NULL)
		rel = xstrdup("alternate");
	if (type == NULL)
		type = xstrdup(strcmp(rel, "self") == 0 ?
		    "application/atom+xml" : "text/html");
	if ((href = attr_get(st, nattr, attrs, "", "url")) == NULL &&
	    (href = attr_get(st, nattr, attrs, "", "uri")) == NULL)
		href = attr_get(st, nattr, attrs, "", "href");
	if (href != NULL && *href == '\0')
		set_str(&href, NULL);
	if (href != NULL)
		set_str(&href, resolve(st, href));
	if (!(st->inentry && st->inimage) && strcmp(rel, "enclosure") == 0) {
		len = attr_get(st, nattr, attrs, "", "length");
		add_enclosure(st, href, type, len);
		free(len);
	}
	if (href != NULL) {
		ct = map_ctype(type);
		s = side_of(st, c);
		if (strcmp(rel, "alternate") == 0 &&
		    (ct == CT_HTML || ct == CT_XHTML) && s != NULL) {
			if (c == CTX_ENTRY)
				set_str(&st->entry->link, xstrdup(href));
			else
				set_str(&st->feed->link, xstrdup(href));
			s->has_link = 1;
		}
	} else {
		collector_push(st, F_LINK, st->infeed || st->inentry ||
		    st->insource);
		/* <link rel="enclosure">url</link>: the text is the URL. */
		if (!(st->inentry && st->inimage) &&
		    strcmp(rel, "enclosure") == 0) {
			st->link_enclosure = 1;
			set_str(&st->link_type, xstrdup(type));
			set_str(&st->link_length, attr_get(st, nattr, attrs,
			    "", "length"));
		}
	}
	free(rel);
	free(type);
	free(href);
}

static void
handler_start(struct pstate *st, enum handler h, int nattr,
    const xmlChar **attrs)
{
	struct side	*s;
	struct person	*who;
	char		*a, *b, *c;
	int		 expect = st->infeed || st->inentry || st->insource;

	switch (h) {
	case H_RSS:
		if (st->feed->version == NULL ||
		    strncmp(st->feed->version, "rss", 3) != 0) {
			a = attr_get(st, nattr, attrs, "", "version");
			if (a == NULL)
				set_version(st, "rss");
			else if (strcmp(a, "0.91") == 0)
				set_version(st, "rss091u");
			else if (strcmp(a, "0.92") == 0)
				set_version(st, "rss092");
			else if (strcmp(a, "0.93") == 0)
				set_version(st, "rss093");
			else if (strcmp(a, "0.94") == 0)
				set_version(st, "rss094");
			else if (strncmp(a, "2.", 2) == 0)
				set_version(st, "rss20");
			else
				set_version(st, "rss");
			free(a);
		}
		break;
	case H_FEED:
		st->infeed = 1;
		if (st->feed->version == NULL) {
			a = attr_get(st, nattr, attrs, "", "version");
			if (a != NULL && strcmp(a, "0.1") == 0)
				set_version(st, "atom01");
			else if (a != NULL && strcmp(a, "0.2") == 0)
				set_version(st, "atom02");
			else if (a != NULL && strcmp(a, "0.3") == 0)
				set_version(st, "atom03");
			else
				set_version(st, "atom");
			free(a);
		}
		break;
	case H_CHANNEL:
		st->infeed = 1;
		cdf_common(st, nattr, attrs);
		break;
	case H_ITEM:
		entry_begin(st, nattr, attrs);
		collector_push(st, F_NONE, 0);
		cdf_common(st, nattr, attrs);
		break;
	case H_IMAGE:
		if (!st->inentry)
			st->has_feed_image = 1;
		st->inimage = 1;
		st->title_depth = -1;
		collector_push(st, F_NONE, 0);
		break;
	case H_TEXTINPUT:
		st->intextinput = 1;
		st->title_depth = -1;
		collector_push(st, F_NONE, 0);
		break;
	case H_AUTHOR:
		st->inauthor = 1;
		collector_push(st, F_AUTHOR, 1);
		if ((who = person_of(st)) != NULL)
			person_new(who);
		break;
	case H_CONTRIBUTOR:
		st->incontributor = 1;
		collector_push(st, F_NONE, 0);
		break;
	case H_DC_CONTRIBUTOR:
		st->incontributor = 1;
		collector_push(st, F_NAME, 0);
		break;
	case H_NAME:
		collector_push(st, F_NAME, 0);
		break;
	case H_EMAIL:
		collector_push(st, F_EMAIL, 0);
		break;
	case H_URL:
	case H_PUBLISHER:
	case H_SINK:
		collector_push(st, F_NONE, 1);
		break;
	case H_OWNER:
		st->inpublisher = 1;
		collector_push(st, F_NONE, 0);
		break;
	case H_SUBTITLE:
	case H_RIGHTS:
	case H_INFO:
	case H_TITLE:
	case H_MEDIA_TITLE:
	case H_ABSTRACT:
		a = attr_get(st, nattr, attrs, "", "type");
		b = attr_get(st, nattr, attrs, "", "mode");
		content_push(st, h == H_SUBTITLE ? F_SUBTITLE :
		    h == H_RIGHTS ? F_RIGHTS : h == H_INFO ? F_NONE :
		    h == H_ABSTRACT ? F_DESCRIPTION : F_TITLE, a, b, CT_TEXT,
		    h == H_TITLE || h == H_MEDIA_TITLE || h == H_ABSTRACT ?
		    expect : 1);
		free(a);
		free(b);
		break;
	case H_DESCRIPTION:
	case H_SUMMARY:
		a = attr_get(st, nattr, attrs, "", "type");
		b = attr_get(st, nattr, attrs, "", "mode");
		s = side_of(st, context(st));
		if (s != NULL && s->has_summary && !st->has_content_el) {
			/* A second summary is the content. */
			st->summary_is_content = 1;
			st->has_content_el = 1;
			content_push(st, F_CONTENT, a, b, CT_TEXT, 1);
		} else if (h == H_DESCRIPTION) {
			st->summary_is_content = 0;
			content_push(st, F_DESCRIPTION, a, b, CT_HTML, expect);
		} else {
			st->summary_is_content = 0;
			content_push(st, F_SUMMARY, a, b, CT_TEXT, 1);
		}
		free(a);
		free(b);
		break;
	case H_CONTENT:
	case H_ENCODED:
	case H_BODY:
		a = attr_get(st, nattr, attrs, "", "type");
		b = attr_get(st, nattr, attrs, "", "mode");
		if (h != H_BODY)
			st->has_content_el = 1;
		content_push(st, F_CONTENT, a, b, h == H_CONTENT ? CT_TEXT :
		    h == H_ENCODED ? CT_HTML : CT_XHTML, 1);
		free(a);
		free(b);
		break;
	case H_GENERATOR:
		collector_push(st, F_GENERATOR, 1);
		break;
	case H_LANGUAGE:
		collector_push(st, F_LANGUAGE, 1);
		break;
	case H_ITUNES_DURATION:
		collector_push(st, F_DURATION, 1);
		break;
	case H_MEDIA_CONTENT:
		/*
		 * Media RSS: not an enclosure to feedparser, but the only
		 * media link of many video and podcast feeds.
		 */
		a = attr_get(st, nattr, attrs, "", "url");
		b = attr_get(st, nattr, attrs, "", "type");
		lower_inplace(b);
		c = attr_get(st, nattr, attrs, "", "filesize");
		if (a != NULL && !has_enclosure(st, a))
			add_enclosure(st, a, b, c);
		free(a);
		free(b);
		free(c);
		break;
	case H_ENCLOSURE:
		if ((a = attr_get(st, nattr, attrs, "", "url")) == NULL &&
		    (a = attr_get(st, nattr, attrs, "", "uri")) == NULL)
			a = attr_get(st, nattr, attrs, "", "href");
		b = attr_get(st, nattr, attrs, "", "type");
		lower_inplace(b);
		c = attr_get(st, nattr, attrs, "", "length");
		add_enclosure(st, a, b, c);
		free(a);
		free(b);
		free(c);
		break;
	case H_LINK:
		link_start(st, nattr, attrs);
		break;
	case H_GUID:
		a = attr_get(st, nattr, attrs, "", "ispermalink");
		st->guidislink = a == NULL || strcmp(a, "true") == 0;
		free(a);
		collector_push(st, F_ID, 1);
		break;
	case H_PUBLISHED:
	case H_UPDATED:
		collector_push(st, F_DATE, 1);
		break;
	case H_CATEGORY:
		a = attr_get(st, nattr, attrs, "", "term");
		if ((b = attr_get(st, nattr, attrs, "", "scheme")) == NULL)
			b = attr_get(st, nattr, attrs, "", "domain");
		c = attr_get(st, nattr, attrs, "", "label");
		add_tag(st, a, (b != NULL && *b != '\0') ||
		    (c != NULL && *c != '\0'));
		free(b);
		free(c);
		collector_push(st, F_CATEGORY, 1);
		break;
	case H_ITUNES_CATEGORY:
		add_tag(st, attr_get(st, nattr, attrs, "", "text"), 1);
		collector_push(st, F_CATEGORY, 1);
		break;
	case H_SPLITTAGS:
		collector_push(st, F_SPLITTAGS, 1);
		break;
	case H_SOURCE:
		collector_push(st, F_NONE, 1);
		st->insource = 1;
		st->title_depth = -1;
		break;
	case H_RDF:
	case H_NOPUSH:
		break;
	case H_UNKNOWN:
		if (nattr == 0)
			collector_push(st, F_NONE, 1);
		break;
	}
}

static void
handler_end(struct pstate *st, const struct frame *fr)
{
	struct side	*s;
	struct person	*who;
	enum handler	 h = (enum handler)fr->h;
	char		*v, *p, *q;
	int		 expecting, saved, nonempty;

	/* <link href="..."> and unknown elements with attributes push none. */
	if ((h == H_LINK || h == H_UNKNOWN) && !fr->pushed)
		return;
	switch (h) {
	case H_CHANNEL:
	case H_FEED:
		st->infeed = 0;
		return;
	case H_ITEM:
		free(collector_pop(st, &expecting));
		entry_end(st);
		st->inentry = 0;
		st->has_content_el = 0;
		return;
	case H_IMAGE:
		free(collector_pop(st, &expecting));
		st->inimage = 0;
		return;
	case H_TEXTINPUT:
		free(collector_pop(st, &expecting));
		st->intextinput = 0;
		return;
	case H_AUTHOR:
		v = collector_pop(st, &expecting);
		store(st, F_AUTHOR, v, 0);
		st->inauthor = 0;
		if ((who = person_of(st)) != NULL)
			person_sync(who);
		return;
	case H_CONTRIBUTOR:
		free(collector_pop(st, &expecting));
		st->incontributor = 0;
		return;
	case H_NAME:
	case H_EMAIL:
	case H_DC_CONTRIBUTOR:
		v = collector_pop(st, &expecting);
		if (!st->inpublisher && st->inauthor &&
		    (who = person_of(st)) != NULL)
			person_save(who, h == H_EMAIL, v);
		free(v);
		if (h == H_DC_CONTRIBUTOR)
			st->incontributor = 0;
		return;
	case H_OWNER:
		free(collector_pop(st, &expecting));
		st->inpublisher = 0;
		return;
	case H_SUBTITLE:
	case H_RIGHTS:
	case H_INFO:
		content_pop(st, NULL);
		return;
	case H_TITLE:
	case H_MEDIA_TITLE:
		saved = st->title_depth;
		nonempty = content_pop(st, NULL);
		if (nonempty)
			st->title_depth = st->depth;
		if (h == H_MEDIA_TITLE)
			st->title_depth = saved;
		return;
	case H_DESCRIPTION:
	case H_SUMMARY:
	case H_ABSTRACT:
		if (st->summary_is_content)
			content_end(st);
		else
			content_pop(st, NULL);
		st->summary_is_content = 0;
		return;
	case H_CONTENT:
	case H_ENCODED:
	case H_BODY:
		content_end(st);
		return;
	case H_GENERATOR:
		store(st, F_GENERATOR, collector_pop(st, &expecting), 0);
		return;
	case H_LANGUAGE:
		store(st, F_LANGUAGE, collector_pop(st, &expecting), 0);
		return;
	case H_ITUNES_DURATION:
		store(st, F_DURATION, collector_pop(st, &expecting), 0);
		return;
	case H_LINK:
		v = collector_pop(st, &expecting);
		if (*v != '\0')
			set_str(&v, resolve(st, v));
		if (st->link_enclosure && *v != '\0')
			add_enclosure(st, v, st->link_type, st->link_length);
		st->link_enclosure = 0;
		set_str(&st->link_type, NULL);
		set_str(&st->link_length, NULL);
		if (expecting)
			store(st, F_LINK, v, 0);
		else
			free(v);
		return;
	case H_GUID:
		v = collector_pop(st, &expecting);
		if (st->guidislink && *v != '\0')
			set_str(&v, resolve(st, v));
		s = side_of(st, context(st));
		if (st->guidislink && s != NULL && !s->has_link) {
			s->has_link = 1;
			if (s == &st->eside)
				set_str(&st->entry->link, xstrdup(v));
			else
				set_str(&st->feed->link, xstrdup(v));
		}
		store(st, F_ID, v, 0);
		return;
	case H_PUBLISHED:
	case H_UPDATED:
		v = collector_pop(st, &expecting);
		save_date(st, h == H_PUBLISHED, v);
		free(v);
		return;
	case H_CATEGORY:
	case H_ITUNES_CATEGORY:
		v = collector_pop(st, &expecting);
		if (*v == '\0') {
			free(v);
			return;
		}
		s = &st->eside;
		if (context(st) == CTX_ENTRY && s->ntags > 0 &&
		    s->last_tag_empty) {
			set_str(&s->tags[s->ntags - 1], v);
			s->last_tag_empty = 0;
		} else
			add_tag(st, v, 0);
		return;
	case H_SPLITTAGS:
		v = collector_pop(st, &expecting);
		for (p = v; p != NULL; p = q) {
			if ((q = strchr(p, ',')) != NULL)
				*q++ = '\0';
			st->tmp.len = 0;
			buf_adds(&st->tmp, p);
			trim(&st->tmp);
			if (st->tmp.len > 0)
				add_tag(st, xstrdup(st->tmp.s), 0);
		}
		free(v);
		return;
	case H_SOURCE:
		free(collector_pop(st, &expecting));
		st->insource = 0;
		return;
	case H_URL:
	case H_PUBLISHER:
	case H_SINK:
	case H_UNKNOWN:
		free(collector_pop(st, &expecting));
		return;
	case H_RSS:
	case H_RDF:
	case H_NOPUSH:
	case H_ENCLOSURE:
	case H_MEDIA_CONTENT:
		return;
	}
}

/* --- SAX callbacks ------------------------------------------------------- */

static void
frame_push(struct pstate *st)
{
	struct frame	*fr;

	if (st->nfr == st->frcap) {
		st->frcap = st->frcap ? st->frcap * 2 : 32;
		st->fr = xreallocarray(st->fr, st->frcap, sizeof *st->fr);
	}
	fr = &st->fr[st->nfr];
	memset(fr, 0, sizeof *fr);
	fr->base = st->nfr > 0 ? st->fr[st->nfr - 1].base : st->url;
	fr->lang = st->nfr > 0 ? st->fr[st->nfr - 1].lang : NULL;
	st->nfr++;
}

/*
 * The handler of an element, and whether it ends an open <textInput> or
 * <image> (feedparser's way of closing empty ones: any plain element but
 * their children does).  libxml2 gives every name as a pointer into its
 * dictionary, so the answer is cached by pointer; the namespace URI is
 * compared as a string, as its pointer is not promised to be unique.
 */
static struct elcache *
element_lookup(struct pstate *st, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *uri)
{
	static const char *const keep_textinput[] = {
		"title", "link", "description", "name"
	};
	static const char *const keep_image[] = {
		"title", "link", "description", "url", "href", "width", "height"
	};
	const struct element	*el;
	struct elcache		*ce;
	const char		*pfx;
	char			 name[96], lower[64];
	size_t			 i, k;

	/*
	 * Multiplicative hashing: dictionary strings sit close together, and
	 * their low address bits alone made the common elements of an item
	 * evict each other.
	 */
	k = (size_t)(((uint64_t)(uintptr_t)local * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)(uintptr_t)prefix * 0xc2b2ae3d27d4eb4fULL ^
	    (uint64_t)(uintptr_t)uri * 0x165667b19e3779f9ULL) >> 58);
	ce = &st->elcache[k];
	if (ce->local == local && ce->prefix == prefix &&
	    (uri == NULL ? ce->uri == NULL : (ce->uri != NULL &&
	    strcmp(ce->uri, (const char *)uri) == 0)))
		return ce;

	ce->local = local;
	ce->prefix = prefix;
	free(ce->uri);
	ce->uri = uri != NULL ? xstrdup((const char *)uri) : NULL;
	pfx = ns_prefix(st, uri, prefix);
	lower_into(lower, sizeof lower, (const char *)local);
	if (*pfx != '\0') {
		k = strlen(pfx);
		if (k + 1 + strlen(lower) >= sizeof name)
			k = 0, name[0] = '\0';
		else {
			memcpy(name, pfx, k);
			name[k++] = ':';
			memcpy(name + k, lower, strlen(lower) + 1);
			lower_into(name, sizeof name, name);
		}
	} else
		memcpy(name, lower, strlen(lower) + 1);
	el = bsearch(name, elements, nitems(elements), sizeof elements[0],
	    element_cmp);
	ce->h = el != NULL ? (unsigned char)el->h : H_UNKNOWN;
	ce->ends_textinput = ce->ends_image = 0;
	if (*pfx == '\0') {
		ce->ends_textinput = ce->ends_image = 1;
		for (i = 0; i < nitems(keep_textinput); i++)
			if (strcmp(lower, keep_textinput[i]) == 0)
				ce->ends_textinput = 0;
		for (i = 0; i < nitems(keep_image); i++)
			if (strcmp(lower, keep_image[i]) == 0)
				ce->ends_image = 0;
	}
	return ce;
}

static int
is_feed_root(const char *local)
{
	return strcasecmp(local, "rss") == 0 ||
	    strcasecmp(local, "rdf") == 0 ||
	    strcasecmp(local, "feed") == 0 ||
	    strcasecmp(local, "channel") == 0;
}

static void
sax_start(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *URI, int nns, const xmlChar **nsdecls, int nattr,
    int ndefaulted, const xmlChar **attrs)
{
	struct pstate		*st = ud;
	struct frame		*fr;
	struct elcache		*ce;
	const char		*v;
	char			 lower[64], *nb;
	enum handler		 h;
	int			 i;

	st->ctxt->wellFormed = 1;	/* else libxml2 drops entity refs */
	if (st->stopped)
		return;
	if (!st->seen_root) {
		st->seen_root = 1;
		if (!is_feed_root((const char *)local)) {
			xasprintf(&st->err, "not a feed: root element is <%s>",
			    (const char *)local);
			st->stopped = 1;
			xmlStopParser(st->ctxt);
			return;
		}
		if (strcasecmp((const char *)local, "channel") == 0)
			set_version(st, "cdf");
	}
	/* Namespace declarations tell RSS 1.0/0.90 and Atom 1.0 apart. */
	for (i = 0; i < nns && st->feed->version == NULL; i++) {
		v = (const char *)nsdecls[i * 2 + 1];
		if (v == NULL)
			continue;
		lower_into(lower, sizeof lower, v);
		if (nsdecls[i * 2] == NULL &&
		    strcmp(lower, "http://my.netscape.com/rdf/simple/0.9/") == 0)
			set_version(st, "rss090");
		else if (strcmp(lower, "http://purl.org/rss/1.0/") == 0)
			set_version(st, "rss10");
		else if (strcmp(lower, "http://www.w3.org/2005/atom") == 0)
			set_version(st, "atom10");
	}

	frame_push(st);
	fr = &st->fr[st->nfr - 1];
	st->depth++;
	for (i = 0; i < nattr; i++) {
		if (strcmp((const char *)attrs[i * 5], "base") != 0)
			continue;
		if (attrs[i * 5 + 2] != NULL && strcmp((const char *)
		    attrs[i * 5 + 2], (const char *)XML_XML_NAMESPACE) != 0)
			continue;
		attr_value(st, &st->tmp, attrs, i);
		if (st->tmp.len == 0)
			break;
		nb = fr->base != NULL && *fr->base != '\0' ?
		    url_resolve(fr->base, st->tmp.s) : xstrdup(st->tmp.s);
		fr->base = nb;
		fr->base_owned = 1;
		break;
	}
	frame_note_lang(st, fr, nattr, attrs);

	if (st->incontent) {
		markup_start(st, fr, local, nattr, attrs);
		return;
	}

	ce = element_lookup(st, local, prefix, URI);
	fr->h = ce->h;
	/* feedparser ends an empty <textInput/> or <image/> this way. */
	if (ce->ends_textinput)
		st->intextinput = 0;
	if (ce->ends_image)
		st->inimage = 0;
	h = (enum handler)ce->h;
	handler_start(st, h, nattr, attrs);
	(void)ndefaulted;
}

static void
frame_pop(struct pstate *st)
{
	struct frame	*fr = &st->fr[st->nfr - 1];

	if (fr->base_owned)
		free((char *)fr->base);
	if (fr->lang_owned)
		free((char *)fr->lang);
	st->nfr--;
	st->depth--;
}

static void
sax_end(void *ud, const xmlChar *local, const xmlChar *prefix,
    const xmlChar *URI)
{
	struct pstate	*st = ud;
	struct frame	*fr;

	st->ctxt->wellFormed = 1;
	if (st->stopped || st->nfr == 0)
		return;
	fr = &st->fr[st->nfr - 1];
	if (fr->markup) {
		markup_end(st, fr, local);
	} else if (st->incontent && st->nfr - 1 > st->content_frame) {
		/* A child of a construct that opened before incontent. */
	} else
		handler_end(st, fr);
	frame_pop(st);
	(void)prefix;
	(void)URI;
}

static void
sax_chars(void *ud, const xmlChar *s, int len)
{
	struct pstate		*st = ud;
	struct collector	*c;

	st->ctxt->wellFormed = 1;
	if (st->ncol == 0 || st->stopped)
		return;
	c = &st->col[st->ncol - 1];
	if (c->field == F_NONE || c->full)
		return;
	if (st->incontent && st->ctype == CT_XHTML) {
		add_escaped(&c->b, (const char *)s, (size_t)len, 0);
		if (c->b.len > FIELD_MAX) {
			c->b.len = escaped_cut(c->b.s, c->b.len, FIELD_MAX);
			c->b.s[c->b.len] = '\0';
			c->full = 1;
		}
	} else
		collector_add(c, (const char *)s, (size_t)len);
}

/*
 * A comment: only, as in every handler, the fault libxml2 may have found
 * in it forgotten, or it would drop a reference right after it ("<!-- a
 * -- b -->&quot;").
 */
static void
sax_comment(void *ud, const xmlChar *s)
{
	struct pstate	*st = ud;

	(void)s;
	st->ctxt->wellFormed = 1;
}

/* Text parse-input.c lifted out of the document (feed_input_slice()). */
static void
sax_pi(void *ud, const xmlChar *target, const xmlChar *data)
{
	struct pstate	*st = ud;
	const char	*s;
	size_t		 len;

	(void)data;
	st->ctxt->wellFormed = 1;
	if (strcmp((const char *)target, FEED_INPUT_MARK) == 0 &&
	    feed_input_lifted(st->in, &s, &len))
		sax_chars(st, (const xmlChar *)s, (int)len);
}

/* An undefined entity: kept as it was written, as a lenient parser does. */
static void
sax_reference(void *ud, const xmlChar *name)
{
	struct pstate		*st = ud;
	struct collector	*c;

	if (st->ncol == 0 || st->stopped)
		return;
	c = &st->col[st->ncol - 1];
	if (c->field == F_NONE)
		return;
	collector_add(c, "&", 1);
	collector_add(c, (const char *)name, strlen((const char *)name));
	collector_add(c, ";", 1);
}

static void
sax_serror(void *ud, xmlErrorPtr e)
{
	struct pstate	*st = ud;
	struct buf	 b;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	/* The first fault in unscanned input: is it one we repair? */
	if (st->unchecked) {
		st->unchecked = 0;
		if (!feed_input_clean(st->in->data, st->in->len)) {
			st->restart = 1;
			st->stopped = 1;
			xmlStopParser(st->ctxt);
			return;
		}
	}
	/* A parameter entity in the DTD that is never loaded: harmless. */
	if ((e->code == XML_WAR_UNDECLARED_ENTITY ||
	    e->code == XML_ERR_UNDECLARED_ENTITY) && !st->seen_root)
		return;
	st->feed->bozo = 1;
	if (st->feed->bozo_message != NULL)
		return;
	buf_init(&b);
	buf_addf(&b, "line %d: %s", e->line, e->message != NULL ?
	    e->message : "XML error");
	text_trim(&b);
	st->feed->bozo_message = buf_take(&b);
}

static void
sax_warning(void *ud, const char *fmt, ...)
{
	(void)ud;
	(void)fmt;
}

/* --- entries and the feed -------------------------------------------------- */

static int
tag_seen(char **tags, size_t n, const char *t)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(tags[i], t) == 0)
			return 1;
	return 0;
}

/* The open entry is complete: hand it over (callback) or keep it. */
static void
entry_end(struct pstate *st)
{
	struct entry	*e = st->entry;
	struct side	*s = &st->eside;
	size_t		 i, n = 0;
	int		 rc;

	if (e == NULL)
		return;
	st->entry = NULL;
	e->author = person_result(&s->p);
	/*
	 * RFC 4287 4.2.1: an Atom entry without an author has its source's,
	 * else the feed's (as far as the document has given it: entries
	 * are handed over as they end, and feeds name it at the top).
	 * Python feedparser does not do this, so the conformance model
	 * leaves it out (author_inherited).
	 */
	if (e->author == NULL && st->feed->version != NULL &&
	    strncmp(st->feed->version, "atom", 4) == 0) {
		if ((e->author = person_result(&st->srcp)) == NULL)
			e->author = person_result(&st->fside.p);
		e->author_inherited = e->author != NULL;
	}
	person_free(&st->srcp);
	if (e->lang == NULL && st->feed->lang != NULL)
		e->lang = xstrdup(st->feed->lang);
	for (i = 0; i < s->ntags; i++) {
		if (s->tags[i] == NULL || *s->tags[i] == '\0' ||
		    tag_seen(s->tags, n, s->tags[i])) {
			free(s->tags[i]);
			continue;
		}
		s->tags[n++] = s->tags[i];
	}
	e->tags = s->tags;
	e->ntags = n;
	s->tags = NULL;
	s->ntags = 0;
	side_reset(s);
	st->feed->count++;
	if (st->cb != NULL && st->feed->count <= st->skip) {
		/* Handed over before the input was found to need repair. */
		entry_clear(e);
		free(e);
		return;
	}
	if (st->cb != NULL) {
		rc = st->cb(e, st->arg);
		entry_clear(e);
		free(e);
		if (rc != 0 && !st->stopped) {
			st->stopped = 1;
			xmlStopParser(st->ctxt);
		}
		return;
	}
	if (st->feed->nentries == st->entcap) {
		st->entcap = st->entcap ? st->entcap * 2 : 16;
		st->feed->entries = xreallocarray(st->feed->entries,
		    st->entcap, sizeof *st->feed->entries);
	}
	st->feed->entries[st->feed->nentries++] = *e;
	free(e);
}

/* Close what a truncated document left open, innermost first. */
static void
finish_open_frames(struct pstate *st)
{
	while (st->nfr > 0 && !st->stopped) {
		struct frame *fr = &st->fr[st->nfr - 1];

		if (!fr->markup && !(st->incontent &&
		    st->nfr - 1 > st->content_frame))
			handler_end(st, fr);
		frame_pop(st);
	}
	while (st->nfr > 0)
		frame_pop(st);
	if (st->entry != NULL && !st->stopped)
		entry_end(st);
	/* Stopped by the callback: the entry it did not see is dropped. */
	if (st->entry != NULL) {
		entry_clear(st->entry);
		free(st->entry);
		st->entry = NULL;
	}
}

static void
entry_clear(struct entry *e)
{
	size_t	 i;

	if (e == NULL)
		return;
	free(e->title);
	free(e->link);
	free(e->id);
	free(e->author);
	free(e->summary);
	free(e->content);
	free(e->lang);
	free(e->base);
	for (i = 0; i < e->ntags; i++)
		free(e->tags[i]);
	free(e->tags);
	for (i = 0; i < e->nenclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
	memset(e, 0, sizeof *e);
	e->published = e->updated = DATE_NONE;
}

void
feed_free(struct feed *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	free(f->title);
	free(f->link);
	free(f->subtitle);
	free(f->id);
	free(f->author);
	free(f->rights);
	free(f->generator);
	free(f->lang);
	free(f->bozo_message);
	for (i = 0; i < f->nentries; i++)
		entry_clear(&f->entries[i]);
	free(f->entries);
	free(f);
}

/* --- entry points ------------------------------------------------------------ */

void
parse_init(void)
{
	if (initialised)
		return;
	initialised = 1;
	xml_init();
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_chars;
	sax.cdataBlock = sax_chars;
	sax.processingInstruction = sax_pi;
	sax.comment = sax_comment;
	sax.getEntity = sax_get_entity;
	sax.entityDecl = sax_entity_decl;
	sax.reference = sax_reference;
	sax.serror = sax_serror;
	sax.warning = sax_warning;
	sax.error = sax_warning;
}

/*
 * A stable key for an entry, for the database: its id (guid) if it has
 * one, else its link, else "majlis:" and a 128-bit hash (two FNV-1a 64-bit
 * hashes with different offsets) of the feed URL, title, published and
 * updated dates, and the summary (for entries that have neither title nor
 * date).  Fields are separated by a NUL so that ("ab","c") and ("a","bc")
 * differ.  A heap string.
 */
char *
entry_key(const struct entry *e, const char *feed_url)
{
	const char	*parts[4];
	char		 dates[48], *key;
	uint64_t	 h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL;
	size_t		 i;
	const unsigned char *p;

	if (e->id != NULL && *e->id != '\0')
		return xstrdup(e->id);
	if (e->link != NULL && *e->link != '\0')
		return xstrdup(e->link);
	snprintf(dates, sizeof dates, "%lld/%lld", (long long)e->published,
	    (long long)e->updated);
	parts[0] = feed_url != NULL ? feed_url : "";
	parts[1] = e->title != NULL ? e->title : "";
	parts[2] = dates;
	parts[3] = e->title == NULL && e->summary != NULL ? e->summary : "";
	for (i = 0; i < nitems(parts); i++) {
		for (p = (const unsigned char *)parts[i]; ; p++) {
			h1 = (h1 ^ *p) * 0x100000001b3ULL;
			h2 = (h2 ^ *p) * 0x100000001b3ULL;
			if (*p == '\0')
				break;
		}
	}
	xasprintf(&key, "majlis:%016llx%016llx", (unsigned long long)h1,
	    (unsigned long long)h2);
	return key;
}

static int
blank(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!ascii_space((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * One pass over the document (see feed_parse).  lazy: take UTF-8 input
 * unscanned (feed_input_prepare()); *restart is set if it turned out to
 * need repair.  The first skip entries are not handed to the callback (it
 * has seen them).
 */
static struct feed *
parse_pass(const char *data, size_t len, const char *url, const char *charset,
    entry_cb cb, void *arg, char **err, int lazy, size_t skip, int *restart)
{
	struct feed_input	 in;
	struct pstate		 st;
	struct feed		*f;
	xmlParserCtxtPtr	 ctxt;
	const char		*s;
	int			 opts, last;
	size_t			 i, n;

	*restart = 0;
	if (feed_input_prepare(&in, data, len, charset, lazy) == -1) {
		*err = in.bozo != NULL ? in.bozo : xstrdup("unknown encoding");
		in.bozo = NULL;
		feed_input_free(&in);
		return NULL;
	}
	if (in.len == 0 || blank(in.data, in.len)) {
		feed_input_free(&in);
		*err = xstrdup("empty document");
		return NULL;
	}

	f = xcalloc(1, sizeof *f);
	f->updated = f->published = DATE_NONE;
	if (in.bozo != NULL) {
		f->bozo = 1;
		f->bozo_message = in.bozo;
		in.bozo = NULL;
	}
	memset(&st, 0, sizeof st);
	st.feed = f;
	st.cb = cb;
	st.arg = arg;
	st.url = url;
	st.in = &in;
	st.unchecked = in.unchecked;
	st.skip = skip;
	st.utf8doc = in.encoding != NULL;
	st.title_depth = -1;
	side_reset(&st.fside);
	side_reset(&st.eside);
	person_free(&st.srcp);
	buf_init(&st.tmp);
	st.empty_entity.type = XML_ENTITY_DECL;
	st.empty_entity.name = (const xmlChar *)"";
	st.empty_entity.content = (xmlChar *)"";
	st.empty_entity.etype = XML_INTERNAL_PREDEFINED_ENTITY;

	/*
	 * A push parser fed in slices of the buffer: a memory parser would
	 * first copy the whole document, which for a big feed costs more
	 * than the parse.  The last slice (the only one, for most feeds) is
	 * handed over as the end: until it has the end, the push parser
	 * scans ahead for the end of each run of text and each CDATA
	 * section before it parses it (3% of a parse).  A pull parser on
	 * the same bytes was slower still: it reads CDATA a character at a
	 * time.
	 */
	ctxt = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL);
	if (ctxt == NULL) {
		feed_input_free(&in);
		free(f->bozo_message);
		free(f);
		*err = xstrdup("out of memory in the XML parser");
		return NULL;
	}
	st.ctxt = ctxt;
	opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC |
	    XML_PARSE_NOCDATA;
#if defined(HAVE_DECL_XML_PARSE_NO_XXE) && HAVE_DECL_XML_PARSE_NO_XXE
	opts |= XML_PARSE_NO_XXE;
#endif
	xmlCtxtUseOptions(ctxt, opts);
	/* The input is UTF-8 now, whatever its declaration says. */
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	for (last = 0; !last && !st.stopped; ) {
		last = feed_input_slice(&in, PUSH_CHUNK, &s, &n);
		if (xmlParseChunk(ctxt, s, (int)n, last) != 0 &&
		    ctxt->instate == XML_PARSER_EOF)
			break;
	}
	if (!st.stopped && !last)
		xmlParseChunk(ctxt, NULL, 0, 1);
	finish_open_frames(&st);
	/* libxml2 builds a stand-in document for an internal subset. */
	if (ctxt->myDoc != NULL) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
	}
	xmlFreeParserCtxt(ctxt);

	for (i = 0; i < st.colcap; i++)
		buf_free(&st.col[i].b);
	free(st.col);
	free(st.fr);
	entities_free(&st);
	buf_free(&st.tmp);
	free(st.link_type);
	free(st.link_length);
	for (i = 0; i < nitems(st.elcache); i++)
		free(st.elcache[i].uri);
	feed_input_free(&in);

	if (st.restart) {
		*restart = 1;
		side_reset(&st.fside);
		side_reset(&st.eside);
		person_free(&st.srcp);
		free(st.err);
		return f;
	}
	if (!st.seen_root || st.err != NULL) {
		side_reset(&st.fside);
		side_reset(&st.eside);
		person_free(&st.srcp);
		if (st.err != NULL)
			*err = st.err;
		else
			*err = xstrdup("not a feed: no XML element in it");
		feed_free(f);
		return NULL;
	}
	f->author = person_result(&st.fside.p);
	side_reset(&st.fside);
	side_reset(&st.eside);
	person_free(&st.srcp);
	return f;
}

/*
 * Parsing is optimistic: a UTF-8 document goes to libxml2 as it is.  If
 * libxml2 finds fault with it and it holds something parse-input.c
 * repairs (invalid UTF-8, a bare '&' or '<', a control character), it is
 * parsed again, repaired.  libxml2 reports such a fault at or before the
 * first byte the repair changes, and everything before that byte is the
 * same in both, so the entries already handed to the callback are the
 * same too and are skipped the second time.
 */
struct feed *
feed_parse(const char *data, size_t len, const char *url, const char *charset,
    entry_cb cb, void *arg, char **err)
{
	struct feed	*f;
	size_t		 seen;
	int		 restart;

	parse_init();
	*err = NULL;
	if (len == 0 || blank(data, len)) {
		*err = xstrdup("empty document");
		return NULL;
	}
	if (len > INT_MAX) {
		*err = xstrdup("document too large");
		return NULL;
	}
	/*
	 * Without a callback nothing of a pass that restarts is kept, so the
	 * input need not even be checked for valid UTF-8 first.
	 */
	f = parse_pass(data, len, url, charset, cb, arg, err, cb != NULL ? 1 : 2,
	    0, &restart);
	if (!restart)
		return f;
	seen = cb != NULL ? f->count : 0;
	feed_free(f);
	f = parse_pass(data, len, url, charset, cb, arg, err, 0, seen,
	    &restart);
	return f;
}
