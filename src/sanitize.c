/*
 * Hostile HTML to HTML that is safe to publish: what the river (river.c)
 * puts on its page, inside <div class="content">, and in its Atom feed.
 *
 * A post is parsed by Gumbo, which builds the tree the HTML5 specification
 * (and so a browser) builds, as the content of a <div>, no-quirks, as the
 * page holds it; the tree is written out again through an allowlist: an
 * element or attribute not named below does not reach the output.
 * Nothing is copied from the input as markup, so whatever the input's
 * entities decode to ("&lt;script&gt;") is text and is escaped as text.
 * The rules, in the order html_sanitize() applies them:
 *
 *   1. Elements that run code, load documents or hold text that is not
 *      the post's (script, style, iframe, object, svg, math, template,
 *      textarea, ...) are dropped with everything inside them (el_drop[]);
 *      embed, form, input and the like lose their tags and attributes.
 *   2. Elements in el_keep[] are written with the attributes their entry
 *      allows, each value checked: URLs (url_safe), numbers, dir, lang.
 *      Every other element (font, center, button, unknown names) is
 *      transparent: its tag goes, its content stays.
 *   3. No event attribute (on*), style, class, id or srcset is ever
 *      written: they are not in any entry.
 *   4. A URL attribute is kept only when it resolves, against the post's
 *      base, to http: or https: (or mailto: for a link), after the
 *      decoding and the whitespace and case tricks a browser would undo:
 *      Gumbo has decoded the references, url_resolve() drops tab, CR and
 *      LF, and the scheme is compared without case.  An image without a
 *      usable src is dropped whole.
 *   5. Links get rel="noopener noreferrer nofollow" and, like images,
 *      referrerpolicy="no-referrer"; block elements with text and without
 *      a valid dir get dir="auto", so each paragraph of a post finds its
 *      own direction.
 *   6. The caps (struct san_caps): past SAN_MAXDEPTH kept elements open,
 *      SAN_MAXELEMENTS kept in all or SAN_MAXIMAGES images, an element is
 *      transparent (a void one goes); an attribute value longer than
 *      SAN_MAXATTR goes, and so do all once maxtext bytes of them were
 *      written; after maxtext bytes of text the rest is cut ("…").  The
 *      walk is a loop over the tree's parent links, never a recursion.
 *   7. The output is a fixpoint (html_sanitize()): parsed again as above
 *      and written without caps, it comes out the same, byte for byte.
 *      Else the new output is checked the same way, up to SAN_ROUNDS
 *      times (dropping a transparent <button> between a <p> and a nested
 *      <p> leaves markup a parser nests otherwise), and a post that does
 *      not settle, or whose parse went past its bounds (below), is
 *      published as its plain text in paragraphs (san_plain()).
 *   8. An image is a request to its host from every reader of the page,
 *      which tells that host who reads it and when.  html_sanitize()
 *      keeps images; html_sanitize_images() writes each as its struct
 *      san_images says (san_image()): an <img> (KEEP, or ORIGIN for an
 *      image on the page's own origin), a link to it whose text is its
 *      alt text or the word for an image (LINK, and ORIGIN for any other
 *      host), or its alt text alone (NONE).  An image inside a link
 *      becomes its text alone in every mode but KEEP: a link in a link is
 *      markup a parser splits (rule 7).  Nothing else a browser fetches by
 *      itself is ever written: srcset, <picture>'s <source>, <video
 *      poster>, <audio>, <object>, <embed>, <link>, <meta>, style and
 *      background= are on no allowlist, and SVG is dropped (rule 1).
 *
 * Why a fixpoint cannot leave the page's box.  A post used to close
 * <div class="content">, its <article> and the day's <section> with its
 * own end tags, and write a post of its own under any member's name:
 * libxml2 built one tree from it, a browser another, and the end tags
 * written for the one closed the page's elements in the other.  Now:
 *
 *   (a) In a fixpoint every end tag closes its own element, which is then
 *       the current node.  Had the parser closed an element early, made
 *       one the text did not open (an implied <tbody> or <p>, a reopened
 *       <b>), dropped a tag or moved a node (foster parenting, the
 *       adoption agency), the tree read back would not be the one
 *       written, and the output would differ.
 *   (b) In the page the same tokens meet more open elements below the
 *       post's: html, body, main, section, article, div; none of them is a
 *       p, li, dd, dt, heading, table part, formatting element or scope
 *       boundary, and the page's own formatting elements are closed (so
 *       is every earlier post's, by (a)).  The tree builder's choices come
 *       out as in the fragment: an end tag finds its element on top and
 *       never searches down to the page's (a </div> without a <div> of
 *       its own open is how the old output escaped); "in scope" tests for
 *       p, li, headings or formatting elements find none of the page's;
 *       <li>, <dd> and <dt> look down for an open item past div, address
 *       and p but stop at the first other special element, article in the
 *       page, html in the fragment, finding none either way; a heading
 *       start tag closes only a heading that is the current node.
 *   (c) The page is no-quirks (<!DOCTYPE html>) like the fragment, so a
 *       <table> closes an open <p> in both.
 *
 * So the browser builds inside the content box the tree that was
 * sanitised, and the page's own end tags close the page's elements.  What
 * (b) leans on is river.c's page_post(): nothing around the post's HTML
 * may be left open but those six elements.
 *
 * Gumbo bounds neither its time nor its memory: unclosed <b>s reopened
 * before each of many paragraphs make a tree quadratic in the input (37 KB
 * of them: 24 million allocations, 1 GB), every <div> tests the open
 * elements for a <p> (50,000 nested: 4 s), and a tag's every new
 * attribute is compared with those before it (100,000 names: 30 s).  So
 * it allocates through san_alloc(), which stops the parse past
 * SAN_PARSENODES nodes, SAN_PARSEATTRS attributes or SAN_PARSEMEM bytes.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "majlis.h"

/*
 * The caps of rule 6.  A long article (the text cap, 64 KB) is a few hundred
 * paragraphs, links and images; SAN_MAXELEMENTS leaves room for tables and
 * lists beside them.  Chromium lays out the elements of one block in time
 * that grows faster than their number: 150,000 <br>s in a post took it
 * nearly three minutes, 32,768 six seconds, 2,048 no time to speak of.
 * Each image is a request from every reader of the page, and 5,000 in a
 * post took 13 s: a photo essay rarely has more than SAN_MAXIMAGES.  A URL
 * longer than SAN_MAXATTR (browsers and servers take 2,000 bytes, not
 * always more) is a data: URL, refused anyway, or a tracker's.
 */
#define SAN_MAXDEPTH	64		/* kept elements open */
#define SAN_MAXELEMENTS	2048		/* kept elements written */
#define SAN_MAXIMAGES	100		/* images written */
#define SAN_MAXATTR	2048		/* bytes of one attribute value */
#define SAN_ROUNDS	3		/* parses to settle (rule 7) */

/*
 * Gumbo's bounds.  The feed parser keeps at most 1 MB of a post
 * (FIELD_MAX in parse.c), and so does SAN_MAXINPUT.  A long post (the
 * river shows 64 KB of text) has a few thousand nodes, text and elements,
 * and a few attributes per element; SAN_PARSENODES and SAN_PARSEATTRS
 * leave room for markup that is dropped and keep the quadratic cases to a
 * third of a second (12,000 nested <div>s; 10,000 attributes in one tag).
 * SAN_PARSEMEM is many times what 1 MB of text needs.
 */
#define SAN_MAXINPUT	(1024 * 1024)
#define SAN_PARSENODES	12000
#define SAN_PARSEATTRS	10000
#define SAN_PARSEMEM	(64 * 1024 * 1024)

/*
 * Dropped with their content (rule 1).  Void elements (embed, source,
 * input, meta, ...) are not here but transparent, which drops them all
 * the same, attributes and all.
 */
static const char *const el_drop[] = {
	"applet", "frameset", "head", "iframe", "math", "noembed",
	"noframes", "noscript", "object", "script", "select", "style", "svg",
	"template", "textarea", "title", "xmp"
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

/*
 * What a walk may still write (rule 6); SIZE_MAX for no cap.  text and
 * attrs count bytes (of text, and of attribute values), the rest elements.
 */
struct san_caps {
	size_t		 text;
	size_t		 attrs;
	size_t		 elements;
	size_t		 images;
	size_t		 depth;
};

static const struct san_caps san_nocaps = {
	SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX
};

/* What a link gets besides its href (rule 5); an image's link too. */
#define SAN_LINK_ATTRS	" rel=\"noopener noreferrer nofollow\"" \
			" referrerpolicy=\"no-referrer\""

/* What san_image() makes of an image (rule 8). */
enum san_image_form { IMG_DROP, IMG_KEEP, IMG_LINK, IMG_TEXT };

/* One walk of a tree, writing to out. */
struct san {
	struct buf	*out;
	const char	*base;		/* http(s) base, or NULL */
	const struct san_images *img;	/* what images become (rule 8) */
	struct san_caps	 left;		/* what may still be written */
	int		 cut;		/* the text was cut */
	GumboNode	**open;		/* kept elements open, innermost last */
	size_t		 nopen;
	size_t		 aopen;
};

/*
 * A parse: every block Gumbo holds, on one list, so that all are freed
 * however the parse ended.  The counts are those of the bounds.
 */
struct san_block {
	struct san_block	*prev;
	struct san_block	*next;
	size_t			 size;
};
#define SAN_ALIGN	alignof(max_align_t)
#define SAN_BLOCKHDR	\
	((sizeof (struct san_block) + SAN_ALIGN - 1) / SAN_ALIGN * SAN_ALIGN)

struct san_parse {
	struct san_block	*blocks;
	size_t			 bytes;		/* held */
	size_t			 nodes;		/* made */
	size_t			 attrs;		/* made */
	jmp_buf			 over;
};

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
 * Gumbo's allocator: a zeroed block on ps's list, or, past a bound, the
 * end of the parse (a longjmp to san_parse(), which returns NULL).  Gumbo
 * keeps no state but what it allocated here, so nothing is left behind
 * but blocks that san_parse_free() frees.  Nodes and attributes are told
 * by their size; a string of the same size counts as one too, which errs
 * on the safe side.  Zeroed blocks also give the fragment's document the
 * no-quirks mode that Gumbo 0.10 leaves unset.
 */
static void *
san_alloc(void *arg, size_t size)
{
	struct san_parse	*ps = arg;
	struct san_block	*b;

	if (size > SAN_PARSEMEM - ps->bytes ||
	    (size == sizeof (GumboNode) && ++ps->nodes > SAN_PARSENODES) ||
	    (size == sizeof (GumboAttribute) && ++ps->attrs > SAN_PARSEATTRS))
		longjmp(ps->over, 1);
	b = xcalloc(1, SAN_BLOCKHDR + size);
	b->size = size;
	b->next = ps->blocks;
	if (ps->blocks != NULL)
		ps->blocks->prev = b;
	ps->blocks = b;
	ps->bytes += size;
	return (char *)b + SAN_BLOCKHDR;
}

/* Gumbo frees blocks as it goes: a grown vector's old array, a token. */
static void
san_dealloc(void *arg, void *p)
{
	struct san_parse	*ps = arg;
	struct san_block	*b;

	if (p == NULL)
		return;
	b = (struct san_block *)(void *)((char *)p - SAN_BLOCKHDR);
	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		ps->blocks = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
	ps->bytes -= b->size;
	free(b);
}

/*
 * Free what a parse holds, its tree too.  Not gumbo_destroy_output(),
 * which recurses once per level of the tree.
 */
static void
san_parse_free(struct san_parse *ps)
{
	struct san_block	*b;

	while ((b = ps->blocks) != NULL) {
		ps->blocks = b->next;
		free(b);
	}
	ps->bytes = 0;
}

/*
 * Parse len bytes of s as the content of a <div>.  Returns the root, an
 * <html> element whose children are the fragment's, or NULL when the
 * parse went past its bounds; in both cases san_parse_free(ps) frees it.
 */
static GumboNode *
san_parse(struct san_parse *ps, const char *s, size_t len)
{
	GumboOptions	 opt = kGumboDefaultOptions;
	GumboOutput	*g;

	memset(ps, 0, sizeof *ps);
	opt.allocator = san_alloc;
	opt.deallocator = san_dealloc;
	opt.userdata = ps;
	opt.max_errors = 0;		/* errors would take memory, unread */
	opt.fragment_context = GUMBO_TAG_DIV;
	opt.fragment_namespace = GUMBO_NAMESPACE_HTML;
	if (setjmp(ps->over) != 0)
		return NULL;
	g = gumbo_parse_with_options(&opt, s, len);
	return g->root;
}

/* The children of n, or NULL for a node that has none (text). */
static const GumboVector *
san_children(const GumboNode *n)
{
	switch (n->type) {
	case GUMBO_NODE_DOCUMENT:
		return &n->v.document.children;
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		return &n->v.element.children;
	default:
		return NULL;
	}
}

static GumboNode *
san_first(const GumboNode *n)
{
	const GumboVector	*v = san_children(n);

	return v != NULL && v->length > 0 ? v->data[0] : NULL;
}

static GumboNode *
san_next(const GumboNode *n)
{
	const GumboVector	*v;
	size_t			 i = n->index_within_parent + 1;

	if (n->parent == NULL || (v = san_children(n->parent)) == NULL)
		return NULL;
	return i < v->length ? v->data[i] : NULL;
}

/* n's name if it is an HTML element ("" for an unknown one), else NULL. */
static const char *
san_name(const GumboNode *n)
{
	if (n->type != GUMBO_NODE_ELEMENT ||
	    n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
		return NULL;
	return gumbo_normalized_tagname(n->v.element.tag);
}

static int
is_text(const GumboNode *n)
{
	return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	    n->type == GUMBO_NODE_CDATA;
}

/* The value of n's attribute name (no namespace), or NULL. */
static const char *
san_attr_get(const GumboNode *n, const char *name)
{
	const GumboVector	*v = &n->v.element.attributes;
	const GumboAttribute	*a;
	size_t			 i;

	for (i = 0; i < v->length; i++) {
		a = v->data[i];
		if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE &&
		    strcmp(a->name, name) == 0)
			return a->value;
	}
	return NULL;
}

/*
 * What the image n becomes (rule 8), wherever it stands: IMG_DROP without
 * a usable source (rule 4), else IMG_KEEP, IMG_LINK or IMG_TEXT.  For
 * IMG_LINK, *src (unless src is NULL) is set to the heap URL to link to;
 * else it is NULL.
 */
static enum san_image_form
san_image(const struct san *sa, const GumboNode *n, char **src)
{
	enum san_image_form	 form;
	char			*u, *o;

	if (src != NULL)
		*src = NULL;
	if ((u = url_safe(san_attr_get(n, "src"), sa->base, 0)) == NULL ||
	    strlen(u) > SAN_MAXATTR) {
		free(u);
		return IMG_DROP;
	}
	switch (sa->img->mode) {
	case SAN_IMAGES_KEEP:
		form = IMG_KEEP;
		break;
	case SAN_IMAGES_NONE:
		form = IMG_TEXT;
		break;
	case SAN_IMAGES_ORIGIN:
		o = url_origin(u);
		form = o != NULL && sa->img->origin != NULL &&
		    strcmp(o, sa->img->origin) == 0 ? IMG_KEEP : IMG_LINK;
		free(o);
		break;
	default:
		form = IMG_LINK;
		break;
	}
	if (form == IMG_LINK && src != NULL)
		*src = u;
	else
		free(u);
	return form;
}

/*
 * The text that stands for the image n, which san_image() made form, when
 * it is not an <img>: its alt text if it has one that is not blank, else
 * (but for NONE, where an image without alt text leaves nothing) the word
 * for an image.  NULL when n leaves no text.  Borrowed from n or sa.
 */
static const char *
san_image_text(const struct san *sa, const GumboNode *n,
    enum san_image_form form)
{
	const char	*alt;

	if (form == IMG_DROP || form == IMG_KEEP)
		return NULL;
	alt = san_attr_get(n, "alt");
	if (alt != NULL && alt[strspn(alt, " \t\r\n\f")] != '\0')
		return alt;
	return sa->img->mode == SAN_IMAGES_NONE ? NULL : sa->img->word;
}

/*
 * Does n hold text that is not blank, within its first nodes and outside
 * what rule 1 drops?  A block without any (a paragraph of one image) gets
 * no dir="auto", which would make it ltr for want of a strong character:
 * it takes its parent's.
 */
static int
block_has_text(const struct san *sa, const GumboNode *n)
{
	const GumboNode	*c = san_first(n), *next;
	const char	*t, *name;
	int		 budget = 256;

	while (c != NULL && budget-- > 0) {
		t = is_text(c) ? c->v.text.text : "";
		if (t[strspn(t, " \t\r\n\f")] != '\0')
			return 1;
		name = san_name(c);
		if (name != NULL && strcmp(name, "img") == 0 &&
		    san_image_text(sa, c, san_image(sa, c, NULL)) != NULL)
			return 1;
		if (name != NULL && !el_dropped(name) &&
		    (next = san_first(c)) != NULL) {
			c = next;
			continue;
		}
		while (c != n && (next = san_next(c)) == NULL)
			c = c->parent;
		if (c == n)
			return 0;
		c = next;
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
 * Write the attribute name="val" if its value passes (rules 3 and 4, and
 * the length caps of rule 6).  Returns 1 if it was written.
 */
static int
san_attr_value(struct san *sa, const char *name, const char *val)
{
	char	*u = NULL;
	size_t	 len;
	int	 done = 0;

	if (strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
	    strcmp(name, "cite") == 0)
		val = u = url_safe(val, sa->base, strcmp(name, "href") == 0);
	else if (strcmp(name, "dir") == 0) {
		if (strcasecmp(val, "ltr") == 0 ||
		    strcasecmp(val, "rtl") == 0 ||
		    strcasecmp(val, "auto") == 0) {
			val = u = xstrdup(val);
			for (char *p = u; *p != '\0'; p++)
				*p = (char)(*p | 0x20);
		} else
			val = NULL;
	} else if (strcmp(name, "lang") == 0 || strcmp(name, "hreflang") == 0)
		val = u = lang_clean(val);
	else if (strcmp(name, "reversed") == 0)
		val = "";
	else if (word_in("width height span colspan rowspan start value",
	    name) && !is_small_number(val))
		val = NULL;
	if (val != NULL && (len = strlen(val)) <= SAN_MAXATTR &&
	    len <= sa->left.attrs) {
		sa->left.attrs -= len;
		if (strcmp(name, "reversed") == 0)
			buf_adds(sa->out, " reversed");
		else
			san_attr(sa, name, val);
		done = 1;
	}
	free(u);
	return done;
}

/*
 * Write the attributes of n that el allows.  Returns 0, or -1 for an
 * image without a usable source.
 */
static int
san_attrs(struct san *sa, const GumboNode *n, const struct sanel *el)
{
	const GumboVector	*v = &n->v.element.attributes;
	const GumboAttribute	*a;
	size_t			 i;
	int			 has_dir = 0, has_src = 0, is_img;

	is_img = strcmp(el->name, "img") == 0;
	for (i = 0; i < v->length; i++) {
		a = v->data[i];
		if (a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE ||
		    (!word_in("title lang dir", a->name) &&
		    !word_in(el->attrs, a->name)))
			continue;
		if (!san_attr_value(sa, a->name, a->value))
			continue;
		if (strcmp(a->name, "src") == 0)
			has_src = 1;
		else if (strcmp(a->name, "dir") == 0)
			has_dir = 1;
	}
	if (is_img && !has_src)
		return -1;
	if ((el->flags & EF_BLOCK) && !has_dir && block_has_text(sa, n))
		buf_adds(sa->out, " dir=\"auto\"");
	if (strcmp(el->name, "a") == 0)
		buf_adds(sa->out, SAN_LINK_ATTRS);
	if (is_img)
		buf_adds(sa->out, " referrerpolicy=\"no-referrer\""
		    " loading=\"lazy\"");
	return 0;
}

static void
san_text(struct san *sa, const char *t)
{
	size_t	 n = strlen(t), cut;
	char	*part;

	if (sa->cut)
		return;
	if (n > sa->left.text) {
		/* Cut at a character boundary. */
		cut = sa->left.text;
		while (cut > 0 && (t[cut] & 0xc0) == 0x80)
			cut--;
		part = xstrndup(t, cut);
		xml_escape(sa->out, part);
		free(part);
		buf_adds(sa->out, "\xe2\x80\xa6");	/* … */
		sa->cut = 1;
		return;
	}
	sa->left.text -= n;
	xml_escape(sa->out, t);
}

/* Is a link open, written by this walk? */
static int
san_in_link(const struct san *sa)
{
	size_t	 i;

	for (i = 0; i < sa->nopen; i++) {
		if (strcmp(san_name(sa->open[i]), "a") == 0)
			return 1;
	}
	return 0;
}

/*
 * Write the image n as san_image() says, unless it stays an <img>, within
 * the caps of rule 6.  Returns 1 if it was written (or left nothing), 0 if
 * it is to be written as an <img>.
 */
static int
san_image_write(struct san *sa, const GumboNode *n)
{
	enum san_image_form	 form;
	const char		*text;
	char			*src;
	size_t			 len;

	if ((form = san_image(sa, n, &src)) == IMG_KEEP)
		return 0;
	text = san_image_text(sa, n, form);
	if (form == IMG_LINK && !san_in_link(sa) &&
	    (len = strlen(src)) <= sa->left.attrs) {
		sa->left.attrs -= len;
		sa->left.elements--;
		buf_adds(sa->out, "<a");
		san_attr(sa, "href", src);
		buf_adds(sa->out, SAN_LINK_ATTRS ">");
		if (text != NULL)
			san_text(sa, text);
		buf_adds(sa->out, "</a>");
	} else if (form != IMG_DROP && text != NULL)
		san_text(sa, text);
	if (form != IMG_DROP)
		sa->left.images--;
	free(src);
	return 1;
}

/*
 * Enter node n: write its text or start tag.  Returns 1 if the walk
 * should go into its children.  An element whose start tag was written is
 * pushed on sa->open, for san_leave().
 */
static int
san_enter(struct san *sa, GumboNode *n)
{
	const struct sanel	*el;
	const char		*name;
	const GumboNode		*c;
	size_t			 mark;
	int			 is_img;

	if (is_text(n)) {
		san_text(sa, n->v.text.text);
		return 0;
	}
	if (sa->cut || (name = san_name(n)) == NULL || el_dropped(name))
		return 0;
	el = el_find(name);
	is_img = el != NULL && strcmp(el->name, "img") == 0;
	if (el == NULL || sa->nopen >= sa->left.depth ||
	    sa->left.elements == 0 || (is_img && sa->left.images == 0))
		return san_first(n) != NULL;
	if (is_img && san_image_write(sa, n))
		return 0;
	mark = sa->out->len;
	buf_addc(sa->out, '<');
	buf_adds(sa->out, el->name);
	if (san_attrs(sa, n, el) == -1) {
		sa->out->len = mark;
		sa->out->s[mark] = '\0';
		return 0;
	}
	buf_addc(sa->out, '>');
	sa->left.elements--;
	if (is_img)
		sa->left.images--;
	if (el->flags & EF_VOID)
		return 0;
	/*
	 * A parser drops a newline right after <pre>: one that was text
	 * must be written twice to stay.
	 */
	if (strcmp(el->name, "pre") == 0 && (c = san_first(n)) != NULL &&
	    is_text(c) && c->v.text.text[0] == '\n')
		buf_addc(sa->out, '\n');
	if (sa->nopen == sa->aopen) {
		sa->aopen = sa->aopen == 0 ? 16 : sa->aopen * 2;
		sa->open = xreallocarray(sa->open, sa->aopen,
		    sizeof *sa->open);
	}
	sa->open[sa->nopen++] = n;
	return 1;
}

static void
san_leave(struct san *sa, const GumboNode *n)
{
	if (sa->nopen == 0 || sa->open[sa->nopen - 1] != n)
		return;
	buf_adds(sa->out, "</");
	buf_adds(sa->out, san_name(n));
	buf_addc(sa->out, '>');
	sa->nopen--;
}

/*
 * The fragment under root written through the allowlist, within caps: a
 * heap string.
 */
static char *
san_write(GumboNode *root, const char *base, const struct san_images *img,
    const struct san_caps *caps)
{
	struct buf	 out;
	struct san	 sa;
	GumboNode	*n, *next;

	buf_init(&out);
	buf_str(&out);
	memset(&sa, 0, sizeof sa);
	sa.out = &out;
	sa.base = base;
	sa.img = img;
	sa.left = *caps;
	n = san_first(root);
	while (n != NULL) {
		if (san_enter(&sa, n) && (next = san_first(n)) != NULL) {
			n = next;
			continue;
		}
		san_leave(&sa, n);
		while ((next = san_next(n)) == NULL) {
			n = n->parent;
			if (n == NULL || n == root)
				goto done;
			san_leave(&sa, n);
		}
		n = next;
	}
done:
	free(sa.open);
	return buf_take(&out);
}

/*
 * The post as its plain text, a paragraph for each of its blocks, cut
 * after maxtext bytes: what is published when its markup cannot be (rule
 * 7).  Paragraphs of text alone are a fixpoint.  A heap string.
 */
static char *
san_plain(const char *html, size_t len, size_t maxtext)
{
	struct buf	 out;
	struct san	 sa;
	char		*in, *text, *p, *end;
	size_t		 paras = 0;

	in = xstrndup(html, len);
	text = html_text(in, HTML_TEXT_PARAS);
	free(in);
	buf_init(&out);
	buf_str(&out);
	memset(&sa, 0, sizeof sa);
	sa.out = &out;
	sa.left.text = maxtext;
	/* Past SAN_MAXELEMENTS paragraphs, the last takes the rest. */
	for (p = text; *p != '\0' && !sa.cut; p = end) {
		if ((end = strstr(p, "\n\n")) != NULL)
			*end = '\0';
		if (p[strspn(p, " \t\n")] != '\0') {
			if (paras == SAN_MAXELEMENTS)
				buf_addc(&out, ' ');
			else {
				if (paras++ > 0)
					buf_adds(&out, "</p>");
				buf_adds(&out, "<p dir=\"auto\">");
			}
			san_text(&sa, p);
		}
		end = end != NULL ? end + 2 : p + strlen(p);
	}
	if (paras > 0)
		buf_adds(&out, "</p>");
	free(text);
	return buf_take(&out);
}

/*
 * How much of html Gumbo reads: at most SAN_MAXINPUT bytes, cut at a
 * character boundary.
 */
static size_t
san_input_len(const char *html)
{
	size_t	 len = strnlen(html, SAN_MAXINPUT + 1);

	if (len <= SAN_MAXINPUT)
		return len;
	len = SAN_MAXINPUT;
	while (len > 0 && (html[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/*
 * html_sanitize(html, base, maxtext): the safe HTML for a post's html (a
 * heap string, "" for nothing), its relative URLs resolved against base
 * (may be NULL: they are dropped), its text cut after about maxtext bytes.
 * Its images are kept; html_sanitize_images() writes them as img says.
 */
char *
html_sanitize(const char *html, const char *base, size_t maxtext)
{
	static const struct san_images keep = { SAN_IMAGES_KEEP, NULL, NULL };

	return html_sanitize_images(html, base, maxtext, &keep);
}

char *
html_sanitize_images(const char *html, const char *base, size_t maxtext,
    const struct san_images *img)
{
	struct san_parse	 ps;
	struct san_caps		 caps = {
		maxtext, maxtext, SAN_MAXELEMENTS, SAN_MAXIMAGES, SAN_MAXDEPTH
	};
	GumboNode		*root;
	char			*out = NULL, *again;
	size_t			 len, round;

	if (html == NULL || (len = san_input_len(html)) == 0)
		return xstrdup("");
	if ((root = san_parse(&ps, html, len)) != NULL)
		out = san_write(root, base, img, &caps);
	san_parse_free(&ps);
	/* The text was cut, and a parse adds none: no second "…". */
	caps.text = SIZE_MAX;
	for (round = 0; out != NULL && round < SAN_ROUNDS; round++) {
		if ((root = san_parse(&ps, out, strlen(out))) == NULL) {
			san_parse_free(&ps);
			break;
		}
		again = san_write(root, base, img, &san_nocaps);
		if (strcmp(again, out) == 0) {
			free(again);
			san_parse_free(&ps);
			return out;
		}
		free(again);
		free(out);
		out = san_write(root, base, img, &caps);
		san_parse_free(&ps);
	}
	free(out);
	return san_plain(html, len, maxtext);
}
