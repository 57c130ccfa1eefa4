/*
 * html-int.h: internal to html.c and html-render.c, as db-int.h is to the
 * db*.c files.  html.c's tokenizer reads the markup and reports what it finds
 * to a sink; html.c's plain-text sink (html_text()) and html-render.c's
 * terminal layout (html_render()) are the two sinks.  majlis.h has the
 * functions the rest of the program calls.
 */
#ifndef HTML_INT_H
#define HTML_INT_H

#include "majlis.h"

/* The tags html.c knows; every other tag is ignored, its content kept. */
enum html_tag {
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

/* What a tag is (struct html_tagdef's kind). */
#define K_BREAK		0x01	/* a block: starts and ends a line */
#define K_BLANK		0x02	/* ... with a blank line around it */
#define K_RAW		0x04	/* content is not markup and not shown */
#define K_VOID		0x08	/* never has an end tag */

struct html_tagdef {
	const char	*name;		/* lower case */
	enum html_tag	 tag;
	int		 kind;
};

/*
 * An attribute value as it stands in the source (borrowed from the input),
 * references not decoded: html_attr_decode() appends it decoded to a buf.
 * Only the attributes a sink uses are kept, the first of each name.
 */
struct html_attr {
	const char	*s;
	size_t		 len;
	int		 set;
};
struct html_attrs {
	struct html_attr href, src, alt, dir, start, value;
};

/*
 * A sink: what the tokenizer calls, in document order.  Every callback
 * gets the tokenizer, whose arg is the sink's own state.
 *   text   s[0..len), n characters to show: valid UTF-8 without anything
 *          unsafe or invisible, and no white space but single spaces
 *          between words (a run of plain text comes whole; a sink treats
 *          its spaces as if each had come as a space of its own);
 *   space  white space: c is an ASCII space, tab, newline, CR or form
 *          feed as written, or U+2028 or U+2029, a break that is never
 *          literal; a layout decides whether it collapses;
 *   start  a start tag of the table, with its attributes;
 *   end    an end tag of the table, with or without a start.
 * A sink's own decoded text (an image's alt) goes back through
 * html_tok_text(), the same door as the document's text.
 */
struct html_tok;
struct html_sink {
	void	(*text)(struct html_tok *, const char *, size_t, long);
	void	(*space)(struct html_tok *, uint32_t);
	void	(*start)(struct html_tok *, const struct html_tagdef *,
		    const struct html_attrs *);
	void	(*end)(struct html_tok *, const struct html_tagdef *);
};

/*
 * One run of the tokenizer.  The caller sets sink, arg and flags (below)
 * and calls html_tokenize(); html_tok_text() is for a sink's callbacks.
 */
#define HTML_TOK_CP1252	 0x01	/* &#146; is windows-1252 */
#define HTML_TOK_LENIENT 0x02	/* "x <y" ending short input is text */
struct html_tok {
	const struct html_sink *sink;
	void		*arg;		/* the sink's state */
	int		 flags;		/* HTML_TOK_* */
	/*
	 * Characters read before the one being reported, shown or not (a
	 * dropped control counts): a sink compares two values to learn
	 * whether anything came in between.
	 */
	size_t		 seen;
	struct buf	 one;		/* html.c's scratch, freed at the end */
};
void	html_tokenize(struct html_tok *, const char *);
void	html_tok_text(struct html_tok *, const char *, size_t);
void	html_attr_decode(struct buf *, const struct html_attr *);

#endif /* HTML_INT_H */
