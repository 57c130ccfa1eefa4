/*
 * Hostile HTML to HTML that is safe to publish: what the river
 * (cmd-river.c) puts on its page and in its Atom feed.
 *
 * A post's HTML is read by libxml2's HTML parser (recovering, no network,
 * no implied html/body) into a tree, and the tree is written out again
 * through an allowlist: an element or attribute not named below does not
 * reach the output.  Nothing is copied from the input as markup, so
 * whatever the input's entities decode to ("&lt;script&gt;") is text and
 * is escaped as text.  The rules, in the order html_sanitize() applies
 * them:
 *
 *   1. Elements that run code, load documents or hold text that is not
 *      the post's (script, style, iframe, object, svg, math, template,
 *      textarea, ...) are dropped with everything inside them (el_drop[]);
 *      embed, form, input and the like lose their tags and attributes.
 *   2. Elements in el_keep[] are written with the attributes their entry
 *      allows, each value checked: URLs (url_safe), numbers, dir, lang.
 *      Every other element (font, center, html, unknown names) is
 *      transparent: its tag goes, its content stays.
 *   3. No event attribute (on*), style, class, id or srcset is ever
 *      written: they are not in any entry.
 *   4. A URL attribute is kept only when it resolves, against the post's
 *      base, to http: or https: (or mailto: for a link), after the
 *      decoding and the whitespace and case tricks a browser would undo:
 *      libxml2 has decoded the references, url_resolve() drops tab, CR
 *      and LF, and the scheme is compared without case.  An image without
 *      a usable src is dropped whole.
 *   5. Links get rel="noopener noreferrer nofollow" and, like images,
 *      referrerpolicy="no-referrer"; block elements with text and without
 *      a valid dir get dir="auto", so each paragraph of a post finds its
 *      own direction.
 *   6. Nesting deeper than SAN_MAXDEPTH makes elements transparent, and
 *      after maxtext bytes of text the rest is cut ("…"); the walk is a
 *      loop over the tree's parent links, never a recursion.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "majlis.h"

#define SAN_MAXDEPTH	64

/*
 * Dropped with their content (rule 1).  Elements that are empty in HTML
 * (embed, source, input, meta, ...) are not here but transparent: libxml2
 * 2.9 does not know all of them as empty and makes what follows them
 * their children, which must not be lost.  Their attributes go with them.
 */
static const char *const el_drop[] = {
	"applet", "frameset", "head", "iframe", "math", "noembed",
	"noframes", "noscript", "object", "script", "select", "style", "svg",
	"template", "textarea", "title", "xml", "xmp"
};

#define EF_VOID		0x1	/* no end tag */
#define EF_BLOCK	0x2	/* gets dir="auto" (rule 5) */

/* Kept, with the attributes each may carry besides title/lang/dir. */
static const struct sanel {
	const char	*name;
	int		 flags;
	const char	*attrs;		/* space-separated */
} el_keep[] = {
	{ "a",		0,		"href hreflang" },
	{ "abbr",	0,		"" },
	{ "acronym",	0,		"" },
	{ "address",	EF_BLOCK,	"" },
	{ "article",	EF_BLOCK,	"" },
	{ "aside",	EF_BLOCK,	"" },
	{ "b",		0,		"" },
	{ "bdi",	0,		"" },
	{ "bdo",	0,		"" },
	{ "big",	0,		"" },
	{ "blockquote",	EF_BLOCK,	"cite" },
	{ "br",		EF_VOID,	"" },
	{ "caption",	EF_BLOCK,	"" },
	{ "cite",	0,		"" },
	{ "code",	0,		"" },
	{ "col",	EF_VOID,	"span" },
	{ "colgroup",	0,		"span" },
	{ "dd",		EF_BLOCK,	"" },
	{ "del",	0,		"cite datetime" },
	{ "details",	EF_BLOCK,	"" },
	{ "dfn",	0,		"" },
	{ "div",	EF_BLOCK,	"" },
	{ "dl",		0,		"" },
	{ "dt",		EF_BLOCK,	"" },
	{ "em",		0,		"" },
	{ "figcaption",	EF_BLOCK,	"" },
	{ "figure",	0,		"" },
	{ "footer",	EF_BLOCK,	"" },
	{ "h1",		EF_BLOCK,	"" },
	{ "h2",		EF_BLOCK,	"" },
	{ "h3",		EF_BLOCK,	"" },
	{ "h4",		EF_BLOCK,	"" },
	{ "h5",		EF_BLOCK,	"" },
	{ "h6",		EF_BLOCK,	"" },
	{ "header",	EF_BLOCK,	"" },
	{ "hr",		EF_VOID,	"" },
	{ "i",		0,		"" },
	{ "img",	EF_VOID,	"src alt width height" },
	{ "ins",	0,		"cite datetime" },
	{ "kbd",	0,		"" },
	{ "li",		EF_BLOCK,	"value" },
	{ "mark",	0,		"" },
	{ "ol",		0,		"start reversed" },
	{ "p",		EF_BLOCK,	"" },
	{ "pre",	0,		"" },
	{ "q",		0,		"cite" },
	{ "rp",		0,		"" },
	{ "rt",		0,		"" },
	{ "ruby",	0,		"" },
	{ "s",		0,		"" },
	{ "samp",	0,		"" },
	{ "section",	EF_BLOCK,	"" },
	{ "small",	0,		"" },
	{ "span",	0,		"" },
	{ "strike",	0,		"" },
	{ "strong",	0,		"" },
	{ "sub",	0,		"" },
	{ "summary",	EF_BLOCK,	"" },
	{ "sup",	0,		"" },
	{ "table",	0,		"" },
	{ "tbody",	0,		"" },
	{ "td",		EF_BLOCK,	"colspan rowspan" },
	{ "tfoot",	0,		"" },
	{ "th",		EF_BLOCK,	"colspan rowspan" },
	{ "thead",	0,		"" },
	{ "time",	0,		"datetime" },
	{ "tr",		0,		"" },
	{ "tt",		0,		"" },
	{ "u",		0,		"" },
	{ "ul",		0,		"" },
	{ "var",	0,		"" },
	{ "wbr",	EF_VOID,	"" },
};

struct san {
	struct buf	*out;
	const char	*base;		/* http(s) base, or NULL */
	size_t		 text;		/* text bytes written */
	size_t		 maxtext;
	int		 cut;
	int		 depth;		/* kept elements open */
};

/* The mark left on an element whose start tag was written. */
static char	 san_open_mark;

static int
el_cmp(const void *key, const void *el)
{
	return strcmp(key, ((const struct sanel *)el)->name);
}

static int
name_cmp(const void *key, const void *name)
{
	return strcmp(key, *(const char *const *)name);
}

static const struct sanel *
el_find(const char *name)
{
	return bsearch(name, el_keep, nitems(el_keep), sizeof el_keep[0],
	    el_cmp);
}

static int
el_dropped(const char *name)
{
	return bsearch(name, el_drop, nitems(el_drop), sizeof el_drop[0],
	    name_cmp) != NULL;
}

/* Is word one of the space-separated words of list? */
static int
word_in(const char *list, const char *word)
{
	size_t	 n = strlen(word);

	while (*list != '\0') {
		if (strncmp(list, word, n) == 0 &&
		    (list[n] == ' ' || list[n] == '\0'))
			return 1;
		list += strcspn(list, " ");
		list += strspn(list, " ");
	}
	return 0;
}

/*
 * A heap copy of ref made absolute against base, if the result is an
 * http: or https: URL (or mailto: when mailto is set); else NULL.  base
 * counts only if it is itself http(s).  A URL with a control character
 * left in it is refused rather than guessed at.
 */
char *
url_safe(const char *ref, const char *base, int mailto)
{
	char		*r;
	const char	*p;

	if (ref == NULL)
		return NULL;
	if (base != NULL && !url_is_http(base))
		base = NULL;
	r = url_resolve(base, ref);
	for (p = r; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			goto bad;
	}
	if (url_is_http(r) && strncmp(strchr(r, ':'), "://", 3) == 0)
		return r;
	if (mailto && strncasecmp(r, "mailto:", 7) == 0 && r[7] != '\0')
		return r;
bad:
	free(r);
	return NULL;
}

/* Digits only, at most 5: sizes, spans, list numbers. */
static int
is_small_number(const char *v)
{
	size_t	 n = strspn(v, "0123456789");

	return n > 0 && n <= 5 && v[n] == '\0';
}

/*
 * Does n hold text that is not blank, within its first nodes?  A block
 * without any (a paragraph of one image) gets no dir="auto", which would
 * make it ltr for want of a strong character: it takes its parent's.
 */
static int
block_has_text(xmlNodePtr n)
{
	xmlNodePtr	 c = n->children;
	const char	*t;
	int		 budget = 256;

	while (c != NULL && budget-- > 0) {
		if (c->type == XML_TEXT_NODE && (t = (const char *)c->content)
		    != NULL && t[strspn(t, " \t\r\n")] != '\0')
			return 1;
		if (c->type == XML_ELEMENT_NODE && c->children != NULL) {
			c = c->children;
			continue;
		}
		while (c != NULL && c->next == NULL) {
			c = c->parent;
			if (c == n)
				return 0;
		}
		if (c != NULL)
			c = c->next;
	}
	return budget <= 0;
}

static void
san_attr(struct san *sa, const char *name, const char *value)
{
	buf_addc(sa->out, ' ');
	buf_adds(sa->out, name);
	buf_adds(sa->out, "=\"");
	xml_escape(sa->out, value);
	buf_addc(sa->out, '"');
}

/*
 * Write the attributes of n that el allows, checked (rules 3 and 4).
 * Returns 0, or -1 for an image without a usable source.
 */
static int
san_attrs(struct san *sa, xmlNodePtr n, const struct sanel *el)
{
	xmlAttrPtr	 a;
	xmlChar		*v;
	const char	*name, *val;
	char		*u;
	int		 has_dir = 0, has_src = 0, is_img;

	is_img = strcmp(el->name, "img") == 0;
	for (a = n->properties; a != NULL; a = a->next) {
		name = (const char *)a->name;
		if (a->ns != NULL || (!word_in("title lang dir", name) &&
		    !word_in(el->attrs, name)))
			continue;
		if ((v = xmlNodeGetContent((xmlNodePtr)a)) == NULL)
			continue;
		val = (const char *)v;
		if (strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
		    strcmp(name, "cite") == 0) {
			u = url_safe(val, sa->base, strcmp(name, "href") == 0);
			if (u != NULL) {
				san_attr(sa, name, u);
				if (strcmp(name, "src") == 0)
					has_src = 1;
			}
			free(u);
		} else if (strcmp(name, "dir") == 0) {
			if (strcasecmp(val, "ltr") == 0 ||
			    strcasecmp(val, "rtl") == 0 ||
			    strcasecmp(val, "auto") == 0) {
				u = xstrdup(val);
				for (char *p = u; *p != '\0'; p++)
					*p = (char)(*p | 0x20);
				san_attr(sa, name, u);
				free(u);
				has_dir = 1;
			}
		} else if (strcmp(name, "lang") == 0 ||
		    strcmp(name, "hreflang") == 0) {
			if ((u = lang_clean(val)) != NULL)
				san_attr(sa, name, u);
			free(u);
		} else if (strcmp(name, "reversed") == 0) {
			buf_adds(sa->out, " reversed");
		} else if (word_in("width height span colspan rowspan start value",
		    name)) {
			if (is_small_number(val))
				san_attr(sa, name, val);
		} else
			san_attr(sa, name, val);
		xmlFree(v);
	}
	if (is_img && !has_src)
		return -1;
	if ((el->flags & EF_BLOCK) && !has_dir && block_has_text(n))
		buf_adds(sa->out, " dir=\"auto\"");
	if (strcmp(el->name, "a") == 0)
		buf_adds(sa->out, " rel=\"noopener noreferrer nofollow\""
		    " referrerpolicy=\"no-referrer\"");
	if (is_img)
		buf_adds(sa->out, " referrerpolicy=\"no-referrer\""
		    " loading=\"lazy\"");
	return 0;
}

static void
san_text(struct san *sa, const char *t)
{
	size_t	 n = strlen(t), cut;

	if (sa->cut)
		return;
	if (sa->text + n > sa->maxtext) {
		/* Cut at a character boundary. */
		cut = sa->maxtext - sa->text;
		while (cut > 0 && (t[cut] & 0xc0) == 0x80)
			cut--;
		{
			char	*part = xstrndup(t, cut);

			xml_escape(sa->out, part);
			free(part);
		}
		buf_adds(sa->out, "\xe2\x80\xa6");	/* … */
		sa->cut = 1;
		return;
	}
	sa->text += n;
	xml_escape(sa->out, t);
}

/*
 * Enter node n: write its text or start tag.  Returns 1 if the walk
 * should go into its children.  A start tag written is marked in
 * n->_private for san_leave().
 */
static int
san_enter(struct san *sa, xmlNodePtr n)
{
	const struct sanel	*el;
	const char		*name;
	size_t			 mark;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			san_text(sa, (const char *)n->content);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE || sa->cut)
		return 0;
	name = (const char *)n->name;
	if (n->ns != NULL || el_dropped(name))
		return 0;
	if ((el = el_find(name)) == NULL || sa->depth >= SAN_MAXDEPTH)
		return n->children != NULL;
	mark = sa->out->len;
	buf_addc(sa->out, '<');
	buf_adds(sa->out, el->name);
	if (san_attrs(sa, n, el) == -1) {
		sa->out->len = mark;
		sa->out->s[mark] = '\0';
		return 0;
	}
	buf_addc(sa->out, '>');
	if (el->flags & EF_VOID)
		return 0;
	n->_private = &san_open_mark;
	sa->depth++;
	return 1;
}

static void
san_leave(struct san *sa, xmlNodePtr n)
{
	if (n->type != XML_ELEMENT_NODE || n->_private != &san_open_mark)
		return;
	buf_adds(sa->out, "</");
	buf_adds(sa->out, (const char *)n->name);
	buf_addc(sa->out, '>');
	sa->depth--;
}

/*
 * html_sanitize(html, base, maxtext): the safe HTML for a post's html (a
 * heap string, "" for nothing), its relative URLs resolved against base
 * (may be NULL: they are dropped), its text cut after about maxtext bytes.
 */
char *
html_sanitize(const char *html, const char *base, size_t maxtext)
{
	struct buf	 out;
	struct san	 sa;
	htmlDocPtr	 doc;
	xmlNodePtr	 n, top;
	size_t		 len;

	buf_init(&out);
	buf_str(&out);
	if (html == NULL || (len = strlen(html)) == 0 || len > INT32_MAX)
		return buf_take(&out);
	/* The entity loader that refuses everything, as for feeds. */
	parse_init();
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING);
	if (doc == NULL)
		return buf_take(&out);
	memset(&sa, 0, sizeof sa);
	sa.out = &out;
	sa.base = base;
	sa.maxtext = maxtext;

	/*
	 * The implied html and body are where the parser closes a <p>
	 * that a block starts; without them (HTML_PARSE_NOIMPLIED) libxml2
	 * 2.9 nests such paragraphs instead.  Walk the body, or the whole
	 * document if it has none (a head-only fragment).
	 */
	top = (xmlNodePtr)doc;
	if ((n = xmlDocGetRootElement(doc)) != NULL) {
		for (n = n->children; n != NULL; n = n->next) {
			if (n->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)n->name, "body") == 0)
				break;
		}
	}
	if (n != NULL)
		top = n;
	n = top->children;
	while (n != NULL) {
		if (san_enter(&sa, n) && n->children != NULL) {
			n = n->children;
			continue;
		}
		san_leave(&sa, n);
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == top)
				goto done;
			san_leave(&sa, n);
		}
		n = n->next;
	}
done:
	xmlFreeDoc(doc);
	return buf_take(&out);
}
