/*
 * HTML as a stream of events, and HTML to plain text.  Post bodies and
 * titles are HTML written by anyone, often broken, sometimes hostile, and
 * three parts of the program read it: the reader and "majlis show" lay it
 * out for a terminal (html-render.c), the search index and the parser want
 * its text (html_text(), below).  All three go through the one tokenizer
 * here, which reads the markup forgivingly, as a browser does (a stray "<"
 * is text, an unclosed tag ends at the end of input, end tags without a
 * start are ignored), and reports to a sink (html-int.h):
 *
 *   text and space   the characters, decoded, made safe and classified;
 *   start and end    the tags of the table below, with the attributes a
 *                    sink may use; other tags (span, b, em...) are nothing
 *                    but their content; comments, processing instructions,
 *                    and script, style and the other K_RAW elements with
 *                    their content, are nothing at all.
 *
 * The sinks share no state, so that a change to the terminal layout cannot
 * change what the index holds (which would need a reindex, DB_FOLD_VERSION)
 * or what the parser stores, and so that the parser, the store and the
 * helper programs do not link the layout and FriBidi.
 *
 * Safety: every character, whether literal or produced by a reference
 * (&#27; &#x9b; &#x202e;), passes through put_char(), or through
 * text_run(), which takes only what put_char() would pass as it is; both
 * drop what text_is_unsafe() refuses.  A sink's own decoded text goes
 * through the same door (html_tok_text()).  References are decoded exactly
 * once, so "&amp;#27;" is the harmless text "&#27;".  Nothing here recurses
 * on the input, so no document can exhaust the C stack.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "majlis.h"
#include "html-int.h"

#define LENIENT_MAX	1024	/* HTML_TOK_LENIENT's bound (markup()) */

/* What each known tag is; see enum html_tag. */
static const struct html_tagdef tagdefs[] = {	/* sorted by name */
	{ "a", T_A, 0 },
	{ "address", T_ADDRESS, K_BREAK },
	{ "article", T_ARTICLE, K_BREAK },
	{ "aside", T_ASIDE, K_BREAK },
	{ "audio", T_AUDIO, 0 },
	{ "blockquote", T_BLOCKQUOTE, K_BREAK | K_BLANK },
	{ "body", T_BODY, K_BREAK },
	{ "br", T_BR, K_VOID },
	{ "caption", T_CAPTION, K_BREAK },
	{ "center", T_CENTER, K_BREAK },
	{ "dd", T_DD, K_BREAK },
	{ "details", T_DETAILS, K_BREAK },
	{ "dialog", T_DIALOG, K_BREAK },
	{ "div", T_DIV, K_BREAK },
	{ "dl", T_DL, K_BREAK | K_BLANK },
	{ "dt", T_DT, K_BREAK },
	{ "embed", T_EMBED, K_VOID },
	{ "fieldset", T_FIELDSET, K_BREAK },
	{ "figcaption", T_FIGCAPTION, K_BREAK },
	{ "figure", T_FIGURE, K_BREAK | K_BLANK },
	{ "footer", T_FOOTER, K_BREAK },
	{ "form", T_FORM, K_BREAK },
	{ "h1", T_H1, K_BREAK | K_BLANK },
	{ "h2", T_H2, K_BREAK | K_BLANK },
	{ "h3", T_H3, K_BREAK | K_BLANK },
	{ "h4", T_H4, K_BREAK | K_BLANK },
	{ "h5", T_H5, K_BREAK | K_BLANK },
	{ "h6", T_H6, K_BREAK | K_BLANK },
	{ "head", T_HEAD, K_BREAK },
	{ "header", T_HEADER, K_BREAK },
	{ "hgroup", T_HGROUP, K_BREAK },
	{ "hr", T_HR, K_BREAK | K_BLANK | K_VOID },
	{ "html", T_HTML, K_BREAK },
	{ "iframe", T_IFRAME, K_RAW },
	{ "img", T_IMG, K_VOID },
	{ "legend", T_LEGEND, K_BREAK },
	{ "li", T_LI, K_BREAK },
	{ "listing", T_LISTING, K_BREAK | K_BLANK },
	{ "main", T_MAIN, K_BREAK },
	{ "menu", T_MENU, K_BREAK | K_BLANK },
	{ "nav", T_NAV, K_BREAK },
	{ "noembed", T_NOEMBED, K_RAW },
	{ "noframes", T_NOFRAMES, K_RAW },
	{ "object", T_OBJECT, 0 },
	{ "ol", T_OL, K_BREAK | K_BLANK },
	{ "p", T_P, K_BREAK | K_BLANK },
	{ "plaintext", T_PLAINTEXT, K_BREAK | K_BLANK },
	{ "pre", T_PRE, K_BREAK | K_BLANK },
	{ "q", T_Q, 0 },
	{ "script", T_SCRIPT, K_RAW },
	{ "section", T_SECTION, K_BREAK },
	{ "style", T_STYLE, K_RAW },
	{ "summary", T_SUMMARY, K_BREAK },
	{ "svg", T_SVG, K_RAW },
	{ "table", T_TABLE, K_BREAK | K_BLANK },
	{ "tbody", T_TBODY, 0 },
	{ "td", T_TD, 0 },
	{ "template", T_TEMPLATE, K_RAW },
	{ "textarea", T_TEXTAREA, K_RAW },
	{ "tfoot", T_TFOOT, 0 },
	{ "th", T_TH, 0 },
	{ "thead", T_THEAD, 0 },
	{ "title", T_TITLE, K_RAW },
	{ "tr", T_TR, K_BREAK },
	{ "ul", T_UL, K_BREAK | K_BLANK },
	{ "video", T_VIDEO, 0 },
	{ "xmp", T_XMP, K_BREAK | K_BLANK },
};

static int
tagdef_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_tagdef *)elem)->name);
}

/* HTML's ASCII white space. */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * Appends the value of a (which is set) to b with references decoded
 * (once) and invalid UTF-8 as U+FFFD.  Safety filtering is the caller's:
 * the value goes on through html_tok_text() or becomes a URL.
 */
void
html_attr_decode(struct buf *b, const struct html_attr *a)
{
	const char	*s = a->s;
	size_t		 len = a->len, i, n;
	uint32_t	 c;

	for (i = 0; i < len; i += n) {
		if (s[i] == '&' && (n = html_ref_decode(s + i, len - i, &c,
		    HTML_REF_ATTR)) > 0) {
			utf8_encode(b, c);
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		utf8_encode(b, c);
	}
	buf_str(b);
}

/* ------------------------------------------------------------------ */
/* Characters */

/*
 * One character of content, literal or decoded.  This is the one door
 * through which text reaches a sink, and it drops every character a
 * terminal must not receive.
 */
static void
put_char(struct html_tok *t, uint32_t c)
{
	if (c < 0x80 && is_ws((int)c))
		t->sink->space(t, c);
	else if (text_is_unsafe(c) || c == 0xad)	/* soft hyphen: invisible */
		;
	else if (c == 0x2028 || c == 0x2029)	/* line, paragraph separator */
		t->sink->space(t, c);
	else {
		buf_reset(&t->one);
		utf8_encode(&t->one, c);
		t->sink->text(t, t->one.s, t->one.len, 1);
	}
	t->seen++;
}

/*
 * Feeds decoded text (already UTF-8, maybe unsafe) through put_char(); for
 * a sink's callbacks, which may add text of the document's (an image's
 * alt) this way.
 */
void
html_tok_text(struct html_tok *t, const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		put_char(t, c);
	}
}

/*
 * The bytes at s that go to a sink's text whole: valid UTF-8 of visible
 * characters (no markup, no reference, nothing unsafe or invisible), with
 * single spaces between them, neither first nor last.  put_char() would
 * pass the same a character at a time, each space as a space of its own.
 * *chars gets how many characters that is.
 */
static size_t
text_run(const char *s, size_t len, long *chars)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 i, n;
	long			 k = 0;

	for (i = 0; i < len; i += n, k++) {
		n = 1;
		if (u[i] > ' ' && u[i] < 0x7f && u[i] != '<' && u[i] != '&')
			continue;
		if (u[i] == ' ' && i > 0 && u[i - 1] != ' ' && i + 1 < len &&
		    u[i + 1] > ' ' && u[i + 1] != 0x7f)
			continue;
		if (u[i] < 0x80)
			break;
		n = utf8_decode(s + i, len - i, &c);
		if (c == UTF8_REPLACEMENT || text_is_unsafe(c) || c == 0xad ||
		    c == 0x2028 || c == 0x2029)
			break;
	}
	if (i > 0 && u[i - 1] == ' ') {
		i--;
		k--;
	}
	*chars = k;
	return i;
}

/* ------------------------------------------------------------------ */
/* Markup */

/* Finds needle (ASCII, lower case) in s[0..len) ignoring case; or NULL. */
static const char *
find_ci(const char *s, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i, j;

	if (len < n)
		return NULL;
	for (i = 0; i + n <= len; i++) {
		if (ascii_lower(s[i]) != needle[0])
			continue;
		for (j = 1; j < n && ascii_lower(s[i + j]) == needle[j]; j++)
			;
		if (j == n)
			return s + i;
	}
	return NULL;
}

/*
 * Skips the content of a raw text element (script, style, ...): returns
 * the bytes up to and including its end tag "</name", or all of s.
 */
static size_t
skip_raw(const char *s, size_t len, const char *name)
{
	const char	*p = s, *end = s + len, *gt;
	size_t		 n = strlen(name);
	char		 c;

	for (;;) {
		p = memchr(p, '<', end - p);
		if (p == NULL)
			return len;
		if (end - p >= (ptrdiff_t)(n + 2) && p[1] == '/' &&
		    find_ci(p + 2, n, name) == p + 2) {
			c = (end - p > (ptrdiff_t)(n + 2)) ? p[n + 2] : '>';
			if (is_ws(c) || c == '/' || c == '>') {
				gt = memchr(p, '>', end - p);
				return gt == NULL ? len : (size_t)(gt + 1 - s);
			}
		}
		p++;
	}
}

static void
set_attr(struct html_attrs *at, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	struct html_attr *a = NULL;
	char		 n[8];

	if (nlen >= sizeof n)
		return;
	memcpy(n, name, nlen);
	n[nlen] = '\0';
	if (strcasecmp(n, "href") == 0)
		a = &at->href;
	else if (strcasecmp(n, "src") == 0)
		a = &at->src;
	else if (strcasecmp(n, "alt") == 0)
		a = &at->alt;
	else if (strcasecmp(n, "dir") == 0)
		a = &at->dir;
	else if (strcasecmp(n, "start") == 0)
		a = &at->start;
	else if (strcasecmp(n, "value") == 0)
		a = &at->value;
	if (a == NULL || a->set)	/* the first of a name counts */
		return;
	a->s = v;
	a->len = vlen;
	a->set = 1;
}

/*
 * A markup construct at s[0] == '<'.  Returns the bytes it covers, or 0
 * if this '<' is text.  An unterminated tag or comment covers the rest of
 * the input, as in a browser.
 */
static size_t
markup(struct html_tok *t, const char *s, size_t len)
{
	const struct html_tagdef *td = NULL;
	const char		*p, *end = s + len, *name, *an, *v;
	char			 tname[16];
	struct html_attrs	 at;
	size_t			 nlen, anlen, vlen, i;
	int			 closing = 0, selfclose = 0, known;
	char			 q;

	if (len < 2)
		return 0;
	if (s[1] == '!') {
		if (len >= 4 && s[2] == '-' && s[3] == '-') {
			if (len >= 5 && s[4] == '>')
				return 5;
			if (len >= 6 && s[4] == '-' && s[5] == '>')
				return 6;
			p = len > 4 ? find_ci(s + 4, len - 4, "-->") : NULL;
			return p == NULL ? len : (size_t)(p + 3 - s);
		}
		if (len >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
			/* Shown as text: a feed's HTML sometimes wraps in it. */
			p = find_ci(s + 9, len - 9, "]]>");
			nlen = p == NULL ? len - 9 : (size_t)(p - (s + 9));
			html_tok_text(t, s + 9, nlen);
			return p == NULL ? len : (size_t)(p + 3 - s);
		}
		p = memchr(s, '>', len);
		return p == NULL ? len : (size_t)(p + 1 - s);
	}
	if (s[1] == '?') {
		p = memchr(s, '>', len);
		return p == NULL ? len : (size_t)(p + 1 - s);
	}
	p = s + 1;
	if (*p == '/') {
		closing = 1;
		p++;
		if (p == end)
			return 0;
		if (*p == '>')
			return 2 + 1;	/* "</>" is nothing */
		if (!ascii_alpha(*p)) {
			p = memchr(s, '>', len);
			return p == NULL ? len : (size_t)(p + 1 - s);
		}
	} else if (!ascii_alpha(*p))
		return 0;

	name = p;
	while (p < end && !is_ws(*p) && *p != '/' && *p != '>')
		p++;
	nlen = p - name;

	memset(&at, 0, sizeof at);
	for (;;) {
		while (p < end && (is_ws(*p) || *p == '/')) {
			selfclose = *p == '/';
			p++;
		}
		if (p == end)
			goto unterminated;
		if (*p == '>') {
			p++;
			break;
		}
		selfclose = 0;
		an = p;
		/* An attribute name may start with '='; it ends at the next. */
		p++;
		while (p < end && !is_ws(*p) && *p != '/' && *p != '>' &&
		    *p != '=')
			p++;
		anlen = p - an;
		while (p < end && is_ws(*p))
			p++;
		v = NULL;
		vlen = 0;
		if (p < end && *p == '=') {
			p++;
			while (p < end && is_ws(*p))
				p++;
			if (p == end)
				goto unterminated;
			if (*p == '"' || *p == '\'') {
				q = *p++;
				v = p;
				if ((p = memchr(p, q, end - p)) == NULL)
					goto unterminated;
				vlen = p - v;
				p++;
			} else {
				v = p;
				while (p < end && !is_ws(*p) && *p != '>')
					p++;
				vlen = p - v;
			}
		}
		if (!closing)
			set_attr(&at, an, anlen, v != NULL ? v : "", vlen);
	}

	known = 0;
	if (nlen < sizeof tname) {
		for (i = 0; i < nlen; i++)
			tname[i] = ascii_lower(name[i]);
		tname[nlen] = '\0';
		td = bsearch(tname, tagdefs, nitems(tagdefs), sizeof tagdefs[0],
		    tagdef_cmp);
		if (td != NULL)
			known = 1;
	}
	if (!known || td == NULL)
		return p - s;	/* unknown tags (span, b, em...): no effect */
	if (closing) {
		t->sink->end(t, td);
		return p - s;
	}
	t->sink->start(t, td, &at);
	if ((td->kind & K_VOID) || (selfclose && td->tag == T_SVG))
		return p - s;
	if (td->kind & K_RAW)
		return (p - s) + skip_raw(p, end - p, td->name);
	if (td->tag == T_PLAINTEXT) {
		/* Everything after <plaintext> is text. */
		html_tok_text(t, p, end - p);
		return len;
	}
	return p - s;
unterminated:
	/*
	 * A browser drops a tag cut off by the end of the input, which suits
	 * a truncated summary.  A title is different: "x <y" there is text.
	 * HTML_TOK_LENIENT keeps such a '<' when little input is left, the
	 * bound keeping a run of unterminated tags from being rescanned
	 * quadratically.
	 */
	if ((t->flags & HTML_TOK_LENIENT) && len < LENIENT_MAX)
		return 0;
	return len;
}

/*
 * Runs the tokenizer over html, a whole document, reporting to t->sink.
 * The caller has set t->sink, t->arg and t->flags.
 */
void
html_tokenize(struct html_tok *t, const char *html)
{
	const char	*s = html;
	size_t		 len = strlen(html), i = 0, n;
	uint32_t	 c;
	long		 k;
	int		 refs;

	refs = (t->flags & HTML_TOK_CP1252) ? HTML_REF_CP1252 : 0;
	t->seen = 0;
	buf_init(&t->one);
	while (i < len) {
		if (s[i] == '<' && (n = markup(t, s + i, len - i)) > 0) {
			i += n;
			continue;
		}
		if (s[i] == '&' &&
		    (n = html_ref_decode(s + i, len - i, &c, refs)) > 0) {
			put_char(t, c);
			i += n;
			continue;
		}
		/* Most text is plain runs, reported whole. */
		if ((n = text_run(s + i, len - i, &k)) > 0) {
			t->sink->text(t, s + i, n, k);
			t->seen += k;
			i += n;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			put_char(t, (unsigned char)s[i]);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		put_char(t, c);
		i += n;
	}
	buf_free(&t->one);
}

/* ------------------------------------------------------------------ */
/* The plain-text sink */

/*
 * Text as one string: white space collapsed to one space, or to a blank
 * line between blocks with HTML_TEXT_PARAS, never at either end.  Of the
 * tags, blocks and <br> separate, table cells are apart by a space, an
 * image is its alt text and <q> its quotation marks; links, lists and
 * quotes are just their text.
 */
struct plain {
	struct buf	 text;		/* so far */
	int		 flags;		/* HTML_TEXT_* */
	int		 space;		/* white space due: 1 a space, 2 a
					   paragraph break (HTML_TEXT_PARAS) */
	int		 cells;		/* cells so far in this table row */
};

/* Asks for a space before the next text; a paragraph break stays due. */
static void
plain_want_space(struct plain *p)
{
	if (p->space == 0)
		p->space = 1;
}

/* A block boundary. */
static void
plain_block(struct plain *p)
{
	if (p->flags & HTML_TEXT_PARAS)
		p->space = 2;
	else
		plain_want_space(p);
}

/*
 * Writes the white space that is due before more text: a space, or the
 * blank line of a paragraph break; nothing at the start, so the text never
 * begins or ends with white space.
 */
static void
plain_put_space(struct plain *p)
{
	char	 last;

	if (p->space == 0)
		return;
	if (p->text.len > 0) {
		last = p->text.s[p->text.len - 1];
		if (p->space == 2)
			buf_adds(&p->text, "\n\n");
		else if (last != '\n' && last != ' ')
			buf_addc(&p->text, ' ');
	}
	p->space = 0;
}

/* Text of our own that is a word of its own (a quotation mark). */
static void
plain_put_word(struct plain *p, const char *s)
{
	if (p->space == 2)
		plain_put_space(p);
	else if (p->space && p->text.len > 0 &&
	    p->text.s[p->text.len - 1] != '\n')
		buf_addc(&p->text, ' ');
	p->space = 0;
	buf_adds(&p->text, s);
}

static void
plain_text(struct html_tok *t, const char *s, size_t len, long n)
{
	struct plain	*p = t->arg;

	plain_put_space(p);
	buf_add(&p->text, s, len);
}

static void
plain_space(struct html_tok *t, uint32_t c)
{
	plain_want_space(t->arg);
}

static void
plain_start(struct html_tok *t, const struct html_tagdef *td,
    const struct html_attrs *at)
{
	struct plain	*p = t->arg;
	struct buf	 b;

	if (td->kind & K_BREAK)
		plain_block(p);
	switch (td->tag) {
	case T_BR:
		plain_block(p);
		break;
	case T_IMG:
		if (at->alt.set && !(p->flags & HTML_TEXT_NO_ALT)) {
			buf_init(&b);
			html_attr_decode(&b, &at->alt);
			text_trim(&b);
			html_tok_text(t, b.s, b.len);
			buf_free(&b);
		}
		break;
	case T_TABLE:
	case T_TR:
		p->cells = 0;
		break;
	case T_TD: case T_TH:
		if (p->cells++ > 0)
			plain_want_space(p);
		break;
	case T_Q:
		/* U+201C LEFT DOUBLE QUOTATION MARK */
		plain_put_word(p, "\xe2\x80\x9c");
		break;
	default:
		break;
	}
}

static void
plain_end(struct html_tok *t, const struct html_tagdef *td)
{
	struct plain	*p = t->arg;

	switch (td->tag) {
	case T_TABLE:
		p->cells = 0;
		break;
	case T_Q:
		p->space = 0;
		/* U+201D RIGHT DOUBLE QUOTATION MARK */
		buf_adds(&p->text, "\xe2\x80\x9d");
		break;
	default:
		break;
	}
	if (td->kind & K_BREAK)
		plain_block(p);
}

static const struct html_sink plain_sink = {
	plain_text, plain_space, plain_start, plain_end
};

/* ------------------------------------------------------------------ */
/* Interface */

/*
 * Returns a heap string: html (NULL is empty) as plain, safe text, the
 * one way from HTML to text.  Tags are dropped (script, style and the
 * like with their content), references decoded once, white space
 * collapsed and trimmed; blocks and <br> become a space, and an image
 * stands for its alt text.  flags (HTML_TEXT_*) serve the other callers:
 *   HTML_TEXT_PARAS   blocks are kept apart by a blank line, and a tag
 *                     cut off by the end of input is dropped, as in a
 *                     body (the search index: fold_html_text(); what
 *                     it gives is in the index, see DB_FOLD_VERSION);
 *   HTML_TEXT_NO_ALT  an image gives no text (feed titles, where the
 *                     conformance model reads alt text as markup);
 *   HTML_TEXT_CP1252  &#146; and the other C1 references are the
 *                     windows-1252 characters (the parser's fields).
 */
char *
html_text(const char *html, int flags)
{
	struct plain	 p;
	struct html_tok	 t;

	memset(&p, 0, sizeof p);
	buf_init(&p.text);
	p.flags = flags;
	memset(&t, 0, sizeof t);
	t.sink = &plain_sink;
	t.arg = &p;
	if (flags & HTML_TEXT_CP1252)
		t.flags |= HTML_TOK_CP1252;
	if (!(flags & HTML_TEXT_PARAS))
		t.flags |= HTML_TOK_LENIENT;
	if (html != NULL)
		html_tokenize(&t, html);
	return buf_take(&p.text);
}

/*
 * Returns a heap string: html as one line of plain, safe text, for titles
 * and other short fields that may carry markup.
 */
char *
html_to_plain(const char *html)
{
	return html_text(html, 0);
}

/*
 * html_from_text(text): plain text (an Atom text construct) as HTML that
 * shows it as it is, a heap string: the markup characters escaped, each
 * line break a <br>, so that neither the reader nor the river takes a
 * "<" the author typed for a tag.
 */
char *
html_from_text(const char *text)
{
	struct buf	 b;
	const char	*p;
	size_t		 n;

	buf_init(&b);
	buf_str(&b);
	if (text == NULL)
		return buf_take(&b);
	/* Most text has few of the characters that grow. */
	buf_reserve(&b, strlen(text) + 64);
	for (p = text; *p != '\0'; p++) {
		if ((n = strcspn(p, "&<>\r\n")) > 0) {
			buf_add(&b, p, n);
			if (*(p += n) == '\0')
				break;
		}
		switch (*p) {
		case '&':
			buf_adds(&b, "&amp;");
			break;
		case '<':
			buf_adds(&b, "&lt;");
			break;
		case '>':
			buf_adds(&b, "&gt;");
			break;
		case '\r':
			if (p[1] == '\n')
				p++;
			/* FALLTHROUGH */
		default:	/* '\n' */
			buf_adds(&b, "<br>\n");
			break;
		}
	}
	return buf_take(&b);
}
