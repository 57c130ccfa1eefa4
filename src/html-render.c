/*
 * HTML laid out for a terminal: the sink of html.c's tokenizer that the
 * reader and "majlis show" use.  It turns the events into lines of safe
 * text of a given width with a small block layout:
 *
 *   paragraphs, headings, lists, quotes, pre, tables and rules are blocks,
 *   separated by a blank line where a browser would leave a margin;
 *   inline text is whitespace-collapsed and word-wrapped (wrap.c);
 *   links become "text[3]" with "[3] URL" listed at the end, URLs resolved
 *   against the post's base URL (url.c), the same URL keeping one number;
 *   images become "[image 4: alt]", numbered and listed as links are
 *   (put_image()); script, style and comments vanish.
 *
 * Only this file, of the HTML code, uses the layout and FriBidi (wrap.c,
 * bidi.c): the parser, the search index and the helper programs use
 * html.c alone.
 *
 * Safety: text arrives through the tokenizer's door (html.c's put_char()),
 * the alt text of an image too (html_tok_text()), so it is already safe;
 * what is added here is our own (markers, "[n]", rules) or a URL made
 * safe by make_url().  The container stack is bounded and nothing here
 * recurses, so no document can exhaust the C stack.
 *
 * The state machine of the layout, in the order things happen:
 *   1. Characters accumulate in st->para, the current paragraph, in
 *      logical order (render_text(), render_space(), put_raw()).
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
#include "html-int.h"

#define MAXDEPTH	48	/* open containers kept; deeper ones ignored */
#define MAXDIRS		32
#define LIST_MAXNUM	999999999L
/* No terminal is wider; a bigger width would only make huge rules. */
#define RENDER_MAXWIDTH	1000

enum ckind {
	C_LIST,			/* ul, ol, menu */
	C_ITEM,			/* li */
	C_QUOTE,		/* blockquote */
	C_PRE,			/* pre, listing, xmp, plaintext */
	C_DD			/* dd */
};

struct container {
	enum ckind	 kind;
	enum html_tag	 tag;		/* the end tag that closes it */
	char		*prefix;	/* continuation lines' share */
	char		*marker;	/* first line's share, until used */
	size_t		 plen, mlen;	/* their lengths ... */
	int		 pwidth, mwidth;	/* ... and columns */
	int		 ordered;	/* C_LIST: numbered */
	long		 counter;	/* C_LIST: last number given */
};

struct dirmark {
	enum html_tag	 tag;
	int		 rtl;		/* 1 rtl, 0 ltr, -1 auto */
};

struct state {
	struct rendered	*r;
	int		 width;
	const char	*base;

	struct buf	 para;		/* the paragraph being built */
	int		 space;		/* a space is due */
	long		 emitted;	/* visible characters so far */

	int		 blank;		/* a blank line is due */
	int		 blank_depth;	/* ... inside this many containers */
	int		 last_blank;	/* the last line is blank */

	int		 heading;	/* 1-6 inside a heading, else 0 */
	size_t		 pre_mark;	/* t->seen at the last <pre> */
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

/* Asks for a space before the next text. */
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
	flush(st);
	if (blank)
		want_blank(st);
}

/* ------------------------------------------------------------------ */
/* Characters */

/*
 * Writes the space that is due before more text; nothing at the start of
 * the paragraph or after a line break, so a line never begins or ends
 * with white space.
 */
static void
put_space(struct state *st)
{
	char	 last;

	if (st->space == 0)
		return;
	if (st->para.len > 0) {
		last = st->para.s[st->para.len - 1];
		if (last != '\n' && last != ' ')
			buf_addc(&st->para, ' ');
	}
	st->space = 0;
}

/*
 * Step 1: characters of the document to show (the sink's text).  In pre
 * the column is counted a character at a time, for the tabs to come.
 */
static void
render_text(struct html_tok *t, const char *s, size_t len, long n)
{
	struct state	*st = t->arg;
	uint32_t	 c;
	size_t		 i, k;

	put_space(st);
	buf_add(&st->para, s, len);
	st->emitted += n;
	if (st->pre > 0)
		for (i = 0; i < len; i += k) {
			k = utf8_decode(s + i, len - i, &c);
			st->precol += char_width(c);
		}
}

/*
 * White space of the document (the sink's space): collapsed, except that
 * pre keeps spaces, newlines and tabs (expanded to the next multiple of 8)
 * and drops a newline that comes right after its start tag, as a browser
 * does.
 */
static void
render_space(struct html_tok *t, uint32_t c)
{
	struct state	*st = t->arg;

	if (st->pre == 0 || c >= 0x80) {
		want_space(st);
		return;
	}
	if (c == '\n') {
		/* Nothing, not even a dropped control, came after <pre>. */
		if (t->seen == st->pre_mark)
			return;
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
	if (st->space && st->para.len > 0 &&
	    st->para.s[st->para.len - 1] != '\n')
		buf_addc(&st->para, ' ');
	st->space = 0;
	put_raw(st, s);
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
make_url(struct state *st, const struct html_attr *a)
{
	struct buf	 raw, clean;
	char		*abs, *p;
	size_t		 i;
	uint32_t	 c;
	size_t		 n;

	if (!a->set)
		return NULL;
	buf_init(&raw);
	html_attr_decode(&raw, a);
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
	if (st->emitted > st->a_mark) {
		n = link_number(st, st->href);
		snprintf(mark, sizeof mark, "[%zu]", n);
		put_raw(st, mark);
	} else
		free(st->href);
	st->href = NULL;
}

/* An embedded object: "[video][n]" with its source in the link list. */
static void
put_embed(struct state *st, const char *label, const struct html_attr *src)
{
	char	*url, mark[32];

	put_word(st, label);
	if ((url = make_url(st, src)) != NULL) {
		snprintf(mark, sizeof mark, "[%zu]", link_number(st, url));
		put_raw(st, mark);
	}
}

/*
 * An image: "[image 4: alt]", numbered as a link is with its source in the
 * link list, so that the reader can open it; "[image 4]" without alt
 * text, and without a source no number ("[image: alt]").
 */
static void
put_image(struct state *st, struct html_tok *t, const struct html_attrs *at)
{
	struct buf	 alt;
	char		*url, word[48];

	buf_init(&alt);
	if (at->alt.set) {
		html_attr_decode(&alt, &at->alt);
		text_trim(&alt);
	}
	if ((url = make_url(st, &at->src)) != NULL)
		snprintf(word, sizeof word, alt.len > 0 ? "[image %zu: " :
		    "[image %zu]", link_number(st, url));
	else
		snprintf(word, sizeof word, "%s", alt.len > 0 ? "[image: " :
		    "[image]");
	put_word(st, word);
	if (alt.len > 0) {
		html_tok_text(t, alt.s, alt.len);
		st->space = 0;
		put_raw(st, "]");
	}
	buf_free(&alt);
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
push(struct state *st, enum ckind kind, enum html_tag tag,
    const char *prefix)
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
attr_number(const struct html_attr *a)
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
open_item(struct state *st, const struct html_attrs *at)
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
open_list(struct state *st, enum html_tag tag,
    const struct html_attrs *at)
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
push_dir(struct state *st, enum html_tag tag, const struct html_attr *dir)
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
pop_dir(struct state *st, enum html_tag tag)
{
	int	 i;

	for (i = st->ndirs - 1; i >= 0; i--) {
		if (st->dirs[i].tag == tag) {
			st->ndirs = i;
			return;
		}
	}
}

/* The sink's start: what a start tag does to the layout. */
static void
render_start(struct html_tok *t, const struct html_tagdef *td,
    const struct html_attrs *at)
{
	struct state	*st = t->arg;
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
		if ((s = make_url(st, &at->href)) != NULL) {
			st->href = s;
			st->a_mark = st->emitted;
		}
		break;
	case T_BR:
		st->space = 0;
		buf_addc(&st->para, '\n');
		st->precol = 0;
		break;
	case T_IMG:
		put_image(st, t, at);
		break;
	case T_HR:
		buf_init(&b);
		build_prefix(st, &b, 0);
		add_repeat(&b, '-', st->width > 0 ?
		    st->width - text_width(b.s) : 40);
		put_blank(st);
		add_line(st, buf_take(&b), 0);
		block(st, 1);
		break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		st->heading = td->tag - T_H1 + 1;
		break;
	case T_UL: case T_OL: case T_MENU:
		open_list(st, td->tag == T_OL ? T_OL : T_UL, at);
		break;
	case T_LI:
		open_item(st, at);
		break;
	case T_BLOCKQUOTE:
		push(st, C_QUOTE, T_BLOCKQUOTE, "> ");
		break;
	case T_PRE: case T_LISTING: case T_XMP: case T_PLAINTEXT:
		push(st, C_PRE, td->tag, "");
		/* For render_space(): nothing read since the start tag. */
		st->pre_mark = t->seen;
		st->precol = 0;
		break;
	case T_DD:
		if (st->depth > 0 && st->stack[st->depth - 1].kind == C_DD)
			close_kind(st, C_DD);
		push(st, C_DD, T_DD, "    ");
		break;
	case T_DT:
		if (st->depth > 0 && st->stack[st->depth - 1].kind == C_DD)
			close_kind(st, C_DD);
		break;
	case T_TABLE:
	case T_TR:
		st->cells = 0;
		break;
	case T_TD: case T_TH:
		if (st->cells++ > 0 && st->para.len > 0) {
			st->space = 0;
			put_raw(st, " | ");
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

/* The sink's end: what an end tag does to the layout. */
static void
render_end(struct html_tok *t, const struct html_tagdef *td)
{
	struct state	*st = t->arg;

	switch (td->tag) {
	case T_A:
		close_anchor(st);
		break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		flush(st);
		st->heading = 0;
		break;
	case T_UL: case T_OL: case T_MENU:
		close_kind(st, C_LIST);
		break;
	case T_LI:
		close_kind(st, C_ITEM);
		break;
	case T_BLOCKQUOTE:
		close_kind(st, C_QUOTE);
		break;
	case T_PRE: case T_LISTING: case T_XMP: case T_PLAINTEXT:
		close_kind(st, C_PRE);
		break;
	case T_DD:
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

static const struct html_sink render_sink = {
	render_text, render_space, render_start, render_end
};

static void
state_init(struct state *st, struct rendered *r, const char *base, int width)
{
	memset(st, 0, sizeof *st);
	st->r = r;
	st->base = base;
	st->width = width > 0 ? width : 0;
	st->pre_mark = SIZE_MAX;
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
 * wrapping; more than RENDER_MAXWIDTH counts as that).  Relative links
 * are resolved against base_url (may be NULL).
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
	struct html_tok	 t;
	struct buf	 b;
	size_t		 i;

	r = xcalloc(1, sizeof *r);
	if (width > RENDER_MAXWIDTH)
		width = RENDER_MAXWIDTH;
	r->width = width > 0 ? width : 0;
	state_init(&st, r, base_url, width);
	if (html != NULL) {
		memset(&t, 0, sizeof t);
		t.sink = &render_sink;
		t.arg = &st;
		html_tokenize(&t, html);
	}
	close_anchor(&st);
	block(&st, 0);
	while (st.depth > 0)
		pop(&st);

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
	return rendered_display_marks(r, i, mode, NULL, NULL);
}

/*
 * As rendered_display(), carrying marks along (bidi_line_marks()):
 * marks[k] is byte k's of r->lines[i], *vmarks (heap) gets the drawn
 * line's, the padding unmarked.  marks NULL: *vmarks is not touched.
 */
char *
rendered_display_marks(const struct rendered *r, size_t i,
    enum bidi_mode mode, const char *marks, char **vmarks)
{
	char	*vis, *out, *vm;
	size_t	 pad;
	int	 rtl;

	if (i >= r->nlines) {
		if (marks != NULL)
			*vmarks = xstrdup("");
		return xstrdup("");
	}
	rtl = (r->flags[i] & RLINE_RTL) != 0;
	vis = bidi_line_marks(r->lines[i], rtl, mode, marks, vmarks);
	if (!rtl || bidi_resolve(mode) == BIDI_OFF || r->width <= 0 ||
	    text_width(vis) >= r->width)
		return vis;
	out = text_pad(vis, r->width, 1);
	if (marks != NULL) {
		/* text_pad() put spaces before the line, and nothing else. */
		pad = strlen(out) - strlen(vis);
		vm = xcalloc(strlen(out) + 1, 1);
		memcpy(vm + pad, *vmarks, strlen(vis));
		free(*vmarks);
		*vmarks = vm;
	}
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
