/*
 * HTML to terminal text.  Post bodies are HTML written by anyone, often
 * broken, sometimes hostile; the reader and "majlis show" need lines of
 * safe text of a given width.  A browser-like tokenizer of our own reads
 * the markup forgivingly (a stray "<" is text, an unclosed tag ends at the
 * end of input, end tags without a start are ignored) and a small block
 * layout turns it into lines:
 *
 *   paragraphs, headings, lists, quotes, pre, tables and rules are blocks,
 *   separated by a blank line where a browser would leave a margin;
 *   inline text is whitespace-collapsed and word-wrapped (wrap.c);
 *   links become "text[3]" with "[3] URL" listed at the end, URLs resolved
 *   against the post's base URL (url.c), the same URL keeping one number;
 *   images become "[image: alt]"; script, style and comments vanish.
 *
 * Safety: every character, whether literal or produced by an entity
 * (&#27; &#x9b; &#x202e;), passes through put_char(), which drops what
 * text_is_unsafe() refuses.  Entities are decoded exactly once, so
 * "&amp;#27;" is the harmless text "&#27;".  Nothing here recurses on the
 * input, and the container stack is bounded, so no document can exhaust
 * the C stack.
 *
 * The state machine of the layout, in the order things happen:
 *   1. Characters accumulate in st->para, the current paragraph, in
 *      logical order (put_char(), put_raw()).
 *   2. A block boundary (block()) flushes the paragraph: flush() decides
 *      its direction, wraps it to the width left after the prefix built
 *      from the open containers (quote "> ", list indent and marker), and
 *      appends the lines.  A requested blank line is written before the
 *      next paragraph only, so there are never blank lines at either end.
 *   3. Containers (lists, items, quotes, pre, dd) are pushed by their start
 *      tag and popped by their end tag or by whatever implicitly closes
 *      them (a new <li> closes the open one); a stray end tag is ignored.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "majlis.h"

#define MAXDEPTH	48	/* open containers kept; deeper ones ignored */
#define MAXDIRS		32
#define LIST_MAXNUM	999999999L
#define PLAIN_LENIENT	1024	/* see markup() */
/* No terminal is wider; a bigger width would only make huge rules. */
#define RENDER_MAXWIDTH	1000

enum tag {
	T_OTHER = 0,
	T_A, T_ADDRESS, T_ARTICLE, T_ASIDE, T_AUDIO, T_BLOCKQUOTE, T_BODY,
	T_BR, T_CAPTION, T_CENTER, T_DD, T_DETAILS, T_DIALOG, T_DIV, T_DL,
	T_DT, T_EMBED, T_FIELDSET, T_FIGCAPTION, T_FIGURE, T_FOOTER, T_FORM,
	T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD, T_HEADER, T_HGROUP, T_HR,
	T_HTML, T_IFRAME, T_IMG, T_LEGEND, T_LI, T_LISTING, T_MAIN, T_MENU,
	T_NAV, T_NOEMBED, T_NOFRAMES, T_OBJECT, T_OL, T_P, T_PLAINTEXT, T_PRE,
	T_Q, T_SCRIPT, T_SECTION, T_STYLE, T_SUMMARY, T_SVG, T_TABLE, T_TBODY,
	T_TD, T_TEMPLATE, T_TEXTAREA, T_TFOOT, T_TH, T_THEAD, T_TITLE, T_TR,
	T_UL, T_VIDEO, T_XMP
};

/* What a tag does to the layout. */
#define K_BREAK		0x01	/* starts and ends a line */
#define K_BLANK		0x02	/* ... with a blank line around it */
#define K_RAW		0x04	/* content is not markup and not shown */
#define K_VOID		0x08	/* never has an end tag */

struct tagdef {
	const char	*name;
	enum tag	 tag;
	int		 kind;
};
static const struct tagdef tagdefs[] = {	/* sorted by name */
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

enum ckind {
	C_LIST,			/* ul, ol, menu */
	C_ITEM,			/* li */
	C_QUOTE,		/* blockquote */
	C_PRE,			/* pre, listing, xmp, plaintext */
	C_DD			/* dd */
};

struct container {
	enum ckind	 kind;
	enum tag	 tag;		/* the end tag that closes it */
	char		*prefix;	/* continuation lines' share */
	char		*marker;	/* first line's share, until used */
	size_t		 plen, mlen;	/* their lengths ... */
	int		 pwidth, mwidth;	/* ... and columns */
	int		 ordered;	/* C_LIST: numbered */
	long		 counter;	/* C_LIST: last number given */
};

struct dirmark {
	enum tag	 tag;
	int		 rtl;		/* 1 rtl, 0 ltr, -1 auto */
};

/* An attribute value as it stands in the source, entities not decoded. */
struct attr {
	const char	*s;
	size_t		 len;
	int		 set;
};
struct attrs {
	struct attr	 href, src, alt, dir, start, value;
};

struct state {
	struct rendered	*r;
	int		 plain;		/* html_text(): no lines, no links */
	int		 flags;		/* ... and its HTML_TEXT_* */
	int		 refs;		/* HTML_REF_* for text */
	int		 width;
	const char	*base;

	struct buf	 para;		/* the paragraph being built */
	int		 space;		/* white space due: 1 a space, 2 a
					   paragraph break (HTML_TEXT_PARAS) */
	long		 emitted;	/* visible characters so far */

	int		 blank;		/* a blank line is due */
	int		 blank_depth;	/* ... inside this many containers */
	int		 last_blank;	/* the last line is blank */

	int		 heading;	/* 1-6 inside a heading, else 0 */
	int		 pre_start;	/* just after <pre>: drop one newline */
	int		 precol;	/* column in a pre line, for tabs */
	int		 cells;		/* cells so far in this table row */

	char		*href;		/* the open <a>'s URL, or NULL */
	long		 a_mark;	/* emitted when it opened */

	struct container stack[MAXDEPTH];
	int		 depth;
	int		 pre;		/* C_PRE containers open */
	int		 quote;		/* C_QUOTE containers open */
	struct dirmark	 dirs[MAXDIRS];
	int		 ndirs;

	size_t		*hash;		/* link index + 1, by URL; 0 empty */
	size_t		 hashcap;
	size_t		 linkcap;
	size_t		 linecap;
};

static int
tagdef_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tagdef *)elem)->name);
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* HTML's ASCII white space. */
static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Appends s[0..len), an attribute value from the source, to b with
 * entities decoded (once) and invalid UTF-8 as U+FFFD.  Safety filtering is
 * the caller's.
 */
static void
attr_decode(struct buf *b, const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;

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
/* Lines */

/* A line with nothing but quote marks: blank for spacing purposes. */
static int
is_blank_line(const char *line)
{
	for (; *line != '\0'; line++)
		if (*line != '>' && *line != ' ')
			return 0;
	return 1;
}

static void
add_line(struct state *st, char *line, int flags)
{
	struct rendered	*r = st->r;

	if (r->nlines == st->linecap) {
		st->linecap = st->linecap == 0 ? 64 : st->linecap * 2;
		r->lines = xreallocarray(r->lines, st->linecap,
		    sizeof *r->lines);
		r->flags = xreallocarray(r->flags, st->linecap,
		    sizeof *r->flags);
	}
	r->lines[r->nlines] = line;
	r->flags[r->nlines] = flags;
	r->nlines++;
	st->last_blank = is_blank_line(line);
}

/*
 * The prefix of the next line from the open containers into b: the first
 * line of a list item gets its marker, later lines the item's indent.  A
 * prefix takes at most half the width, so pathological nesting still
 * leaves room for the text.
 */
static void
build_prefix(struct state *st, struct buf *b, int first)
{
	struct container	*c;
	int			 i, max, w, used = 0;
	size_t			 n, k;

	max = st->width > 0 ? st->width / 2 : INT32_MAX;
	buf_reset(b);
	for (i = 0; i < st->depth && used < max; i++) {
		c = &st->stack[i];
		if (first && c->marker != NULL) {
			buf_add(b, c->marker, c->mlen);
			used += c->mwidth;
		} else {
			buf_add(b, c->prefix, c->plen);
			used += c->pwidth;
		}
	}
	buf_str(b);
	if (used <= max)
		return;
	used = 0;
	for (n = 0; n < b->len; n += k) {
		k = text_grapheme(b->s + n, b->len - n, &w);
		if (used + w > max) {
			b->len = n;
			b->s[n] = '\0';
			break;
		}
		used += w;
	}
}

/*
 * Writes the blank line that is due, if one is and it is not redundant.
 * It carries the prefix of the containers that were open when it was asked
 * for and still are, so that the blank line after a quote is not quoted.
 */
static void
put_blank(struct state *st)
{
	struct buf	 b;
	int		 depth;

	if (st->blank && st->r->nlines > 0 && !st->last_blank) {
		buf_init(&b);
		depth = st->depth;
		st->depth = st->blank_depth;
		build_prefix(st, &b, 0);
		st->depth = depth;
		while (b.len > 0 && b.s[b.len - 1] == ' ')
			b.s[--b.len] = '\0';
		add_line(st, buf_take(&b), st->blank_depth > 0 &&
		    st->stack[0].kind == C_QUOTE ? RLINE_QUOTE : 0);
	}
	st->blank = 0;
}

/* Asks for a blank line before the next paragraph. */
static void
want_blank(struct state *st)
{
	/* Of several requests, the outermost wins. */
	if (!st->blank || st->depth < st->blank_depth)
		st->blank_depth = st->depth;
	st->blank = 1;
}

/* The direction of the paragraph text: dir="" if given, else its text. */
static int
para_is_rtl(struct state *st, const char *text)
{
	if (st->ndirs > 0 && st->dirs[st->ndirs - 1].rtl >= 0)
		return st->dirs[st->ndirs - 1].rtl;
	return bidi_paragraph_is_rtl(text);
}

/* Appends n copies of the ASCII character c to b. */
static void
add_repeat(struct buf *b, int c, int n)
{
	while (n-- > 0)
		buf_addc(b, c);
}

/*
 * Step 2: the paragraph becomes lines.  Pre text keeps its lines; other
 * text is wrapped at the width left after the prefix, a newline (from
 * <br>) forcing a break.
 */
static void
flush(struct state *st)
{
	struct buf	 first, cont, line;
	char		*text, *seg, *nl;
	size_t		 len, off, next, n;
	int		 flags = 0, avail, pw, maxw = 0, w, isfirst = 1, i;

	if (st->plain)
		return;
	if (st->para.len == 0) {
		st->space = 0;
		return;
	}
	text = buf_take(&st->para);
	st->space = 0;
	st->precol = 0;
	/* A <br> at the very end of a block makes no empty line. */
	len = strlen(text);
	if (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';

	put_blank(st);
	buf_init(&first);
	buf_init(&cont);
	buf_init(&line);
	build_prefix(st, &first, 1);
	build_prefix(st, &cont, 0);
	for (i = 0; i < st->depth; i++) {
		free(st->stack[i].marker);
		st->stack[i].marker = NULL;
	}
	if (st->heading >= 3) {
		add_repeat(&first, '#', st->heading);
		buf_addc(&first, ' ');
		add_repeat(&cont, ' ', st->heading + 1);
	}

	if (para_is_rtl(st, text))
		flags |= RLINE_RTL;
	if (st->heading > 0)
		flags |= RLINE_HEADING;
	if (st->quote > 0)
		flags |= RLINE_QUOTE;
	if (st->pre > 0)
		flags |= RLINE_PRE;

	pw = text_nwidth(cont.s, cont.len);
	avail = st->width > 0 ? st->width - pw : 0;
	if (st->width > 0 && avail < 1)
		avail = 1;

	for (seg = text;; seg = nl + 1) {
		nl = strchr(seg, '\n');
		len = nl != NULL ? (size_t)(nl - seg) : strlen(seg);
		off = 0;
		do {
			if (st->pre > 0) {
				n = len;
				next = len;
			} else
				n = text_wrap_break(seg + off, len - off,
				    avail, &next);
			buf_reset(&line);
			buf_adds(&line, isfirst ? first.s : cont.s);
			buf_add(&line, seg + off, n);
			if (st->pre == 0)
				while (line.len > 0 &&
				    line.s[line.len - 1] == ' ')
					line.len--;
			buf_str(&line);
			line.s[line.len] = '\0';
			w = text_nwidth(seg + off, n);
			if (w > maxw)
				maxw = w;
			add_line(st, buf_take(&line), flags);
			isfirst = 0;
			off += next;
			while (st->pre == 0 && off < len && seg[off] == ' ')
				off++;
		} while (off < len);
		if (nl == NULL)
			break;
	}

	/* h1 and h2 are underlined, as in Setext. */
	if (st->heading == 1 || st->heading == 2) {
		buf_reset(&line);
		buf_adds(&line, cont.s);
		add_repeat(&line, st->heading == 1 ? '=' : '-', maxw);
		add_line(st, buf_take(&line), flags);
	}
	buf_free(&line);
	buf_free(&first);
	buf_free(&cont);
	free(text);
}

/* Asks for a space before the next text; a paragraph break stays due. */
static void
want_space(struct state *st)
{
	if (st->space == 0)
		st->space = 1;
}

/* Ends the current block; blank asks for a blank line after it. */
static void
block(struct state *st, int blank)
{
	if (st->plain) {
		if (st->flags & HTML_TEXT_PARAS)
			st->space = 2;
		else
			want_space(st);
		return;
	}
	flush(st);
	if (blank)
		want_blank(st);
}

/* ------------------------------------------------------------------ */
/* Characters */

/*
 * Writes the white space that is due before more text: a space, or the
 * blank line of a paragraph break; nothing at the start or after a line
 * break, so the text never begins or ends with white space.
 */
static void
put_space(struct state *st)
{
	char	 last;

	if (st->space == 0)
		return;
	if (st->para.len > 0) {
		last = st->para.s[st->para.len - 1];
		if (st->space == 2)
			buf_adds(&st->para, "\n\n");
		else if (last != '\n' && last != ' ')
			buf_addc(&st->para, ' ');
	}
	st->space = 0;
}

/*
 * Step 1: one character of content, literal or decoded.  This is the one
 * door through which text enters the output, and it drops every
 * character a terminal must not receive.
 */
static void
put_char(struct state *st, uint32_t c)
{
	if (c < 0x80 && is_ws((int)c)) {
		if (st->pre == 0 || st->plain) {
			want_space(st);
			return;
		}
		if (c == '\n') {
			if (st->pre_start) {
				st->pre_start = 0;
				return;
			}
			buf_addc(&st->para, '\n');
			st->precol = 0;
		} else if (c == '\t') {
			do {
				buf_addc(&st->para, ' ');
			} while (++st->precol % 8 != 0);
		} else if (c == ' ') {
			buf_addc(&st->para, ' ');
			st->precol++;
		}
		st->pre_start = 0;
		return;
	}
	st->pre_start = 0;
	if (text_is_unsafe(c) || c == 0xad)	/* soft hyphen: invisible */
		return;
	if (c == 0x2028 || c == 0x2029) {	/* line, paragraph separator */
		want_space(st);
		return;
	}
	put_space(st);
	if (c < 0x80)
		buf_addc(&st->para, (int)c);
	else
		utf8_encode(&st->para, c);
	st->emitted++;
	if (st->pre > 0)
		st->precol += char_width(c);
}

/* Text of our own (a marker, a separator), glued to what precedes it. */
static void
put_raw(struct state *st, const char *s)
{
	buf_adds(&st->para, s);
	st->emitted++;
}

/* Text of our own that is a word of its own, like "[image: ...]". */
static void
put_word(struct state *st, const char *s)
{
	if (st->space == 2)
		put_space(st);
	else if (st->space && st->para.len > 0 &&
	    st->para.s[st->para.len - 1] != '\n')
		buf_addc(&st->para, ' ');
	st->space = 0;
	put_raw(st, s);
}

/* Feeds decoded text (already UTF-8, maybe unsafe) through put_char(). */
static void
put_text(struct state *st, const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		put_char(st, c);
	}
}

/* ------------------------------------------------------------------ */
/* Links */

static uint64_t
hash_str(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * The number (from 1) of url in the link list, adding it if new.  Takes
 * ownership of url.
 */
static size_t
link_number(struct state *st, char *url)
{
	struct rendered	*r = st->r;
	size_t		 i, j, *old, oldcap;

	if (st->hashcap == 0 || (r->nlinks + 1) * 2 > st->hashcap) {
		old = st->hash;
		oldcap = st->hashcap;
		st->hashcap = oldcap == 0 ? 64 : oldcap * 2;
		st->hash = xcalloc(st->hashcap, sizeof *st->hash);
		for (i = 0; i < oldcap; i++) {
			if (old[i] == 0)
				continue;
			j = hash_str(r->links[old[i] - 1]) & (st->hashcap - 1);
			while (st->hash[j] != 0)
				j = (j + 1) & (st->hashcap - 1);
			st->hash[j] = old[i];
		}
		free(old);
	}
	j = hash_str(url) & (st->hashcap - 1);
	while (st->hash[j] != 0) {
		if (strcmp(r->links[st->hash[j] - 1], url) == 0) {
			free(url);
			return st->hash[j];
		}
		j = (j + 1) & (st->hashcap - 1);
	}
	if (r->nlinks == st->linkcap) {
		st->linkcap = st->linkcap == 0 ? 16 : st->linkcap * 2;
		r->links = xreallocarray(r->links, st->linkcap,
		    sizeof *r->links);
	}
	r->links[r->nlinks++] = url;
	st->hash[j] = r->nlinks;
	return r->nlinks;
}

/*
 * Returns a heap string: the absolute, displayable URL for an href or src
 * value from the source, or NULL if it is no link worth listing (empty,
 * same-page "#...", or javascript:).  Tabs and newlines inside a URL are
 * removed as browsers do; what remains unsafe is dropped and spaces become
 * %20, so a listed URL is one clean word.
 */
static char *
make_url(struct state *st, const struct attr *a)
{
	struct buf	 raw, clean;
	char		*abs, *p;
	size_t		 i;
	uint32_t	 c;
	size_t		 n;

	if (!a->set)
		return NULL;
	buf_init(&raw);
	attr_decode(&raw, a->s, a->len);
	text_trim(&raw);
	buf_init(&clean);
	for (i = 0; i < raw.len; i += n) {
		n = utf8_decode(raw.s + i, raw.len - i, &c);
		if (c == '\t' || c == '\n' || c == '\r' || text_is_unsafe(c))
			continue;
		buf_add(&clean, raw.s + i, n);
	}
	buf_free(&raw);
	p = buf_take(&clean);
	if (*p == '\0' || *p == '#' || strncasecmp(p, "javascript:", 11) == 0 ||
	    strncasecmp(p, "data:", 5) == 0) {
		free(p);
		return NULL;
	}
	abs = url_resolve(st->base, p);
	free(p);
	buf_init(&clean);
	for (p = abs; *p != '\0'; p++) {
		if (*p == ' ')
			buf_adds(&clean, "%20");
		else
			buf_addc(&clean, *p);
	}
	free(abs);
	p = buf_take(&clean);
	/* url_resolve() may re-join pieces; make sure nothing unsafe is left. */
	abs = text_safe(p);
	free(p);
	return abs;
}

/* Ends the open link: "[n]" after its text, if it showed any. */
static void
close_anchor(struct state *st)
{
	char	 mark[32];
	size_t	 n;

	if (st->href == NULL)
		return;
	if (st->emitted > st->a_mark && !st->plain) {
		n = link_number(st, st->href);
		snprintf(mark, sizeof mark, "[%zu]", n);
		put_raw(st, mark);
	} else
		free(st->href);
	st->href = NULL;
}

/* An embedded object: "[video][n]" with its source in the link list. */
static void
put_embed(struct state *st, const char *label, const struct attr *src)
{
	char	*url, mark[32];

	if (st->plain)
		return;
	put_word(st, label);
	if ((url = make_url(st, src)) != NULL) {
		snprintf(mark, sizeof mark, "[%zu]", link_number(st, url));
		put_raw(st, mark);
	}
}

/* ------------------------------------------------------------------ */
/* Containers */

static int
in_item(struct state *st)
{
	int	 i;

	for (i = st->depth - 1; i >= 0; i--)
		if (st->stack[i].kind == C_ITEM)
			return 1;
	return 0;
}

/* Opens a container; beyond MAXDEPTH the nesting is ignored. */
static struct container *
push(struct state *st, enum ckind kind, enum tag tag, const char *prefix)
{
	struct container	*c;

	if (st->depth == MAXDEPTH)
		return NULL;
	c = &st->stack[st->depth++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->tag = tag;
	c->prefix = xstrdup(prefix);
	c->plen = strlen(prefix);
	c->pwidth = text_width(prefix);
	if (kind == C_PRE)
		st->pre++;
	if (kind == C_QUOTE)
		st->quote++;
	return c;
}

static void
pop(struct state *st)
{
	struct container	*c = &st->stack[--st->depth];

	if (c->kind == C_PRE)
		st->pre--;
	if (c->kind == C_QUOTE)
		st->quote--;
	free(c->prefix);
	free(c->marker);
	if (st->blank_depth > st->depth)
		st->blank_depth = st->depth;
}

/*
 * Closes the innermost container of the given kind and all inside it, the
 * paragraph first.  Returns 0 if none is open (a stray end tag), without
 * touching anything.  A list boundary stops the search for an item, so a
 * </li> inside a nested list cannot close the outer item.
 */
static int
close_kind(struct state *st, enum ckind kind)
{
	int	 i;

	for (i = st->depth - 1; i >= 0; i--) {
		if (st->stack[i].kind == kind)
			break;
		if ((kind == C_ITEM || kind == C_DD) &&
		    st->stack[i].kind == C_LIST)
			return 0;
	}
	if (i < 0)
		return 0;
	flush(st);
	while (st->depth > i)
		pop(st);
	return 1;
}

/* An ordered list's number attribute, kept to a sane range. */
static long
attr_number(const struct attr *a)
{
	char	 num[16];
	long	 v;

	snprintf(num, sizeof num, "%.*s", (int)(a->len < 12 ? a->len : 12),
	    a->s);
	v = strtol(num, NULL, 10);
	if (v > LIST_MAXNUM)
		v = LIST_MAXNUM;
	if (v < -LIST_MAXNUM)
		v = -LIST_MAXNUM;
	return v;
}

static void
open_item(struct state *st, const struct attrs *at)
{
	struct container	*list = NULL, *c;
	static const char *const bullets[] = {
	    "\xe2\x80\xa2 ",		/* U+2022 BULLET */
	    "\xe2\x97\xa6 ",		/* U+25E6 WHITE BULLET */
	    "- "
	};
	struct buf		 b;
	char			*marker, num[32];
	int			 i, level = 0;

	/* A new item closes the open one of the same list. */
	if (st->depth > 0 && st->stack[st->depth - 1].kind != C_LIST)
		close_kind(st, C_ITEM);
	block(st, 0);
	for (i = st->depth - 1; i >= 0; i--) {
		if (st->stack[i].kind == C_LIST) {
			if (list == NULL)
				list = &st->stack[i];
			if (!st->stack[i].ordered)
				level++;
		}
	}
	if (list != NULL && list->ordered) {
		if (at->value.set)
			list->counter = attr_number(&at->value) - 1;
		if (list->counter < LIST_MAXNUM)
			list->counter++;
		snprintf(num, sizeof num, "%ld. ", list->counter);
		marker = xstrdup(num);
	} else
		marker = xstrdup(bullets[level > 0 ?
		    (level - 1) % nitems(bullets) : 0]);
	buf_init(&b);
	add_repeat(&b, ' ', text_width(marker));
	c = push(st, C_ITEM, T_LI, buf_str(&b));
	buf_free(&b);
	if (c != NULL) {
		c->marker = marker;
		c->mlen = strlen(marker);
		c->mwidth = text_width(marker);
	} else
		free(marker);
}

static void
open_list(struct state *st, enum tag tag, const struct attrs *at)
{
	struct container	*c;
	int			 nested = in_item(st);

	block(st, !nested);
	/* Inside an item the item's indent already moves the list right. */
	c = push(st, C_LIST, tag, nested ? "" : "  ");
	if (c == NULL)
		return;
	c->ordered = tag == T_OL;
	if (c->ordered && at->start.set)
		c->counter = attr_number(&at->start) - 1;
}

/* ------------------------------------------------------------------ */
/* Tags */

static void
push_dir(struct state *st, enum tag tag, const struct attr *dir)
{
	char	 v[8];
	int	 rtl;

	if (!dir->set || st->ndirs == MAXDIRS)
		return;
	snprintf(v, sizeof v, "%.*s", (int)(dir->len < 7 ? dir->len : 7),
	    dir->s);
	if (strcasecmp(v, "rtl") == 0)
		rtl = 1;
	else if (strcasecmp(v, "ltr") == 0)
		rtl = 0;
	else
		rtl = -1;
	st->dirs[st->ndirs].tag = tag;
	st->dirs[st->ndirs].rtl = rtl;
	st->ndirs++;
}

static void
pop_dir(struct state *st, enum tag tag)
{
	int	 i;

	for (i = st->ndirs - 1; i >= 0; i--) {
		if (st->dirs[i].tag == tag) {
			st->ndirs = i;
			return;
		}
	}
}

static void
start_tag(struct state *st, const struct tagdef *td, const struct attrs *at)
{
	struct buf	 b;
	char		*s;

	if (td->kind & K_BREAK) {
		/* A block's direction applies to its paragraphs. */
		block(st, (td->kind & K_BLANK) &&
		    !(in_item(st) && (td->tag == T_UL || td->tag == T_OL)));
	}
	if (!(td->kind & K_VOID) && at->dir.set) {
		flush(st);
		push_dir(st, td->tag, &at->dir);
	}

	switch (td->tag) {
	case T_A:
		close_anchor(st);
		if (!st->plain && (s = make_url(st, &at->href)) != NULL) {
			st->href = s;
			st->a_mark = st->emitted;
		}
		break;
	case T_BR:
		if (st->plain) {
			block(st, 0);
			break;
		}
		st->space = 0;
		buf_addc(&st->para, '\n');
		st->precol = 0;
		break;
	case T_IMG:
		buf_init(&b);
		if (at->alt.set) {
			attr_decode(&b, at->alt.s, at->alt.len);
			text_trim(&b);
		}
		if (st->plain) {
			if (!(st->flags & HTML_TEXT_NO_ALT))
				put_text(st, b.s, b.len);
		} else {
			put_word(st, b.len > 0 ? "[image: " : "[image]");
			if (b.len > 0) {
				put_text(st, b.s, b.len);
				st->space = 0;
				put_raw(st, "]");
			}
		}
		buf_free(&b);
		break;
	case T_HR:
		if (!st->plain) {
			buf_init(&b);
			build_prefix(st, &b, 0);
			add_repeat(&b, '-', st->width > 0 ?
			    st->width - text_width(b.s) : 40);
			put_blank(st);
			add_line(st, buf_take(&b), 0);
		}
		block(st, 1);
		break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		st->heading = td->tag - T_H1 + 1;
		break;
	case T_UL: case T_OL: case T_MENU:
		if (!st->plain)
			open_list(st, td->tag == T_OL ? T_OL : T_UL, at);
		break;
	case T_LI:
		if (!st->plain)
			open_item(st, at);
		break;
	case T_BLOCKQUOTE:
		if (!st->plain)
			push(st, C_QUOTE, T_BLOCKQUOTE, "> ");
		break;
	case T_PRE: case T_LISTING: case T_XMP: case T_PLAINTEXT:
		if (!st->plain) {
			push(st, C_PRE, td->tag, "");
			st->pre_start = 1;
			st->precol = 0;
		}
		break;
	case T_DD:
		if (!st->plain) {
			if (st->depth > 0 &&
			    st->stack[st->depth - 1].kind == C_DD)
				close_kind(st, C_DD);
			push(st, C_DD, T_DD, "    ");
		}
		break;
	case T_DT:
		if (!st->plain && st->depth > 0 &&
		    st->stack[st->depth - 1].kind == C_DD)
			close_kind(st, C_DD);
		break;
	case T_TABLE:
	case T_TR:
		st->cells = 0;
		break;
	case T_TD: case T_TH:
		if (st->cells++ > 0) {
			if (st->plain)
				want_space(st);
			else if (st->para.len > 0) {
				st->space = 0;
				put_raw(st, " | ");
			}
		}
		break;
	case T_Q:
		put_word(st, "\xe2\x80\x9c");	/* U+201C LEFT DOUBLE QUOTATION */
		break;
	case T_VIDEO:
		put_embed(st, "[video]", &at->src);
		break;
	case T_AUDIO:
		put_embed(st, "[audio]", &at->src);
		break;
	case T_IFRAME: case T_EMBED:
		put_embed(st, "[embed]", &at->src);
		break;
	default:
		break;
	}
}

static void
end_tag(struct state *st, const struct tagdef *td)
{
	switch (td->tag) {
	case T_A:
		close_anchor(st);
		break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		flush(st);
		st->heading = 0;
		break;
	case T_UL: case T_OL: case T_MENU:
		if (!st->plain)
			close_kind(st, C_LIST);
		break;
	case T_LI:
		if (!st->plain)
			close_kind(st, C_ITEM);
		break;
	case T_BLOCKQUOTE:
		if (!st->plain)
			close_kind(st, C_QUOTE);
		break;
	case T_PRE: case T_LISTING: case T_XMP: case T_PLAINTEXT:
		if (!st->plain)
			close_kind(st, C_PRE);
		break;
	case T_DD:
		if (!st->plain)
			close_kind(st, C_DD);
		break;
	case T_TABLE:
		st->cells = 0;
		break;
	case T_Q:
		st->space = 0;
		put_raw(st, "\xe2\x80\x9d");	/* U+201D RIGHT DOUBLE QUOTATION */
		break;
	default:
		break;
	}
	if (td->kind & K_BREAK)
		block(st, (td->kind & K_BLANK) && !(in_item(st) &&
		    (td->tag == T_UL || td->tag == T_OL || td->tag == T_MENU)));
	if (!(td->kind & K_VOID))
		pop_dir(st, td->tag);
}

/* ------------------------------------------------------------------ */
/* Tokenizer */

/* Finds needle (ASCII, lower case) in s[0..len) ignoring case; or NULL. */
static const char *
find_ci(const char *s, size_t len, const char *needle)
{
	size_t	 n = strlen(needle), i, j;

	if (len < n)
		return NULL;
	for (i = 0; i + n <= len; i++) {
		if (lower(s[i]) != needle[0])
			continue;
		for (j = 1; j < n && lower(s[i + j]) == needle[j]; j++)
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
set_attr(struct attrs *at, const char *name, size_t nlen, const char *v,
    size_t vlen)
{
	struct attr	*a = NULL;
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
markup(struct state *st, const char *s, size_t len)
{
	const struct tagdef	*td = NULL;
	const char		*p, *end = s + len, *name, *an, *v;
	char			 tname[16];
	struct attrs		 at;
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
			put_text(st, s + 9, nlen);
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
		if (!is_alpha(*p)) {
			p = memchr(s, '>', len);
			return p == NULL ? len : (size_t)(p + 1 - s);
		}
	} else if (!is_alpha(*p))
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
			tname[i] = lower(name[i]);
		tname[nlen] = '\0';
		td = bsearch(tname, tagdefs, nitems(tagdefs), sizeof tagdefs[0],
		    tagdef_cmp);
		if (td != NULL)
			known = 1;
	}
	if (!known || td == NULL)
		return p - s;	/* unknown tags (span, b, em...): no effect */
	if (closing) {
		end_tag(st, td);
		return p - s;
	}
	start_tag(st, td, &at);
	if ((td->kind & K_VOID) || (selfclose && td->tag == T_SVG))
		return p - s;
	if (td->kind & K_RAW)
		return (p - s) + skip_raw(p, end - p, td->name);
	if (td->tag == T_PLAINTEXT) {
		/* Everything after <plaintext> is text. */
		put_text(st, p, end - p);
		return len;
	}
	return p - s;
unterminated:
	/*
	 * A browser drops a tag cut off by the end of the input, which suits
	 * a truncated summary.  A title is different: "x <y" there is text.
	 * Plain one-line text keeps such a '<' when little input is left,
	 * the bound keeping a run of unterminated tags from being rescanned
	 * quadratically.
	 */
	if (st->plain && !(st->flags & HTML_TEXT_PARAS) &&
	    len < PLAIN_LENIENT)
		return 0;
	return len;
}

/*
 * The bytes at s that outside pre put_char() would copy as they are:
 * valid UTF-8 of visible characters (no markup, no reference, nothing
 * unsafe or invisible), with single spaces between them, neither first
 * nor last.  *chars gets how many characters that is.
 */
static size_t
plain_run(const char *s, size_t len, long *chars)
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

/* Runs the tokenizer over the whole document. */
static void
run(struct state *st, const char *html)
{
	const char	*s = html;
	size_t		 len = strlen(html), i = 0, n;
	uint32_t	 c;
	long		 k;

	while (i < len) {
		if (s[i] == '<' && (n = markup(st, s + i, len - i)) > 0) {
			i += n;
			continue;
		}
		if (s[i] == '&' &&
		    (n = html_ref_decode(s + i, len - i, &c, st->refs)) > 0) {
			put_char(st, c);
			i += n;
			continue;
		}
		/*
		 * Most text is plain runs: copied whole, as put_char() would
		 * copy them a character at a time, after the space due.
		 */
		if (st->pre == 0 && (n = plain_run(s + i, len - i, &k)) > 0) {
			st->pre_start = 0;
			put_space(st);
			buf_add(&st->para, s + i, n);
			st->emitted += k;
			i += n;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			put_char(st, (unsigned char)s[i]);
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		put_char(st, c);
		i += n;
	}
	close_anchor(st);
	block(st, 0);
	while (st->depth > 0)
		pop(st);
}

static void
state_init(struct state *st, struct rendered *r, const char *base, int width,
    int plain, int flags)
{
	memset(st, 0, sizeof *st);
	st->r = r;
	st->base = base;
	st->width = width > 0 ? width : 0;
	st->plain = plain;
	st->flags = flags;
	st->refs = (flags & HTML_TEXT_CP1252) ? HTML_REF_CP1252 : 0;
	buf_init(&st->para);
}

static void
state_free(struct state *st)
{
	while (st->depth > 0)
		pop(st);
	free(st->href);
	free(st->hash);
	buf_free(&st->para);
}

/* ------------------------------------------------------------------ */
/* Interface */

/*
 * Renders html (NULL is empty) for a terminal width columns wide (<= 0: no
 * wrapping; more than RENDER_MAXWIDTH counts as that).  Relative links are resolved against base_url (may be NULL).
 * Returns a struct rendered to free with rendered_free(): lines of safe
 * text, wrapped in logical order, then a blank line and the link list.
 * Lines are at most width columns, except pre lines, which keep their
 * length, and link list lines, since a URL cut in two opens nowhere.
 */
struct rendered *
html_render(const char *html, const char *base_url, int width)
{
	struct rendered	*r;
	struct state	 st;
	struct buf	 b;
	size_t		 i;

	r = xcalloc(1, sizeof *r);
	if (width > RENDER_MAXWIDTH)
		width = RENDER_MAXWIDTH;
	r->width = width > 0 ? width : 0;
	state_init(&st, r, base_url, width, 0, 0);
	if (html != NULL)
		run(&st, html);

	if (r->nlinks > 0) {
		st.blank = 1;
		put_blank(&st);
		buf_init(&b);
		for (i = 0; i < r->nlinks; i++) {
			buf_addf(&b, "[%zu] %s", i + 1, r->links[i]);
			add_line(&st, buf_take(&b), RLINE_LINKLIST);
		}
	}
	/* Never end on a blank line. */
	while (r->nlines > 0 && is_blank_line(r->lines[r->nlines - 1]))
		free(r->lines[--r->nlines]);
	state_free(&st);
	return r;
}

/*
 * Returns line i of r as a heap string to draw: in visual order unless mode
 * is BIDI_OFF, and for a right-to-left paragraph padded on the left so that
 * it ends at the right margin.
 */
char *
rendered_display(const struct rendered *r, size_t i, enum bidi_mode mode)
{
	char	*vis, *out;
	int	 rtl;

	if (i >= r->nlines)
		return xstrdup("");
	rtl = (r->flags[i] & RLINE_RTL) != 0;
	vis = bidi_line(r->lines[i], rtl, mode);
	if (!rtl || bidi_resolve(mode) == BIDI_OFF || r->width <= 0 ||
	    text_width(vis) >= r->width)
		return vis;
	out = text_pad(vis, r->width, 1);
	free(vis);
	return out;
}

void
rendered_free(struct rendered *r)
{
	if (r == NULL)
		return;
	strv_free(r->lines, r->nlines);
	free(r->flags);
	strv_free(r->links, r->nlinks);
	free(r);
}

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
	struct rendered	 r;
	struct state	 st;
	char		*s;

	memset(&r, 0, sizeof r);
	state_init(&st, &r, NULL, 0, 1, flags);
	if (html != NULL)
		run(&st, html);
	s = buf_take(&st.para);
	state_free(&st);
	return s;
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
