/*
 * The reader's drawing primitives, which every view uses: a cell of text
 * placed in logical coordinates (mirrored in a right-to-left layout, see
 * ui.c), a feed's text made visual (bidi) and fitted to its cell, a title
 * with its tags, a date in the configured format, and the cursor of a
 * list.  Every string drawn here is terminal-safe already or made so
 * (text_fit), so no view can put an escape sequence on the screen.
 *
 * The words a search matched are drawn in the search colour.  They are
 * found in the logical text (search_hl_find(), the index's own analyzer)
 * as marks, one a byte (ui_hl_marks()); the marks go with their
 * characters through the cut, the reordering (bidi_line_marks()) and the
 * padding, so a matched Arabic word is coloured where the terminal shows
 * it, reversed inside a left-to-right line or not.
 */
#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

/*
 * The curses attributes of a screen element (enum config_element); focused
 * is for the row under the cursor.  Without colours the configured
 * attributes still apply, and the cursor row is shown in reverse video so
 * that a monochrome terminal still shows where it is.
 */
int
ui_attr(int element, int focused)
{
	int	 a;

	if (focused) {
		element = element == EL_LISTNORMAL_UNREAD ?
		    EL_LISTFOCUS_UNREAD : EL_LISTFOCUS;
	}
	if (element < 0 || element >= CONFIG_NCOLORS)
		element = EL_LISTNORMAL;
	a = ui->cfg.colors[element].attrs;
	if (ui->colors)
		a |= (int)COLOR_PAIR(element + 1);
	else if (focused || element == EL_INFO || element == EL_SEARCH)
		a |= A_REVERSE;
	return a;
}

/* The look of highlight line i (its colour pair, ui.c). */
int
ui_hl_attr(size_t i)
{
	int	 a = ui->cfg.hls[i].color.attrs;

	if (ui->colors && UI_PAIR_HL(i) < (size_t)COLOR_PAIRS)
		a |= (int)COLOR_PAIR(UI_PAIR_HL(i));
	return a;
}

/*
 * The highlight-article (where CONFIG_HL_POSTS) or highlight-feed
 * (CONFIG_HL_FEEDS) lines that match each of the n posts or feeds ids[]
 * (a page of a list, as it is read, not as it is drawn): hl[k] is 1 + the
 * last line that matches ids[k], as newsboat lets a later line win, or 0.
 * One query a line (db_filter_match()).
 */
void
ui_hl_rows(unsigned where, const int64_t *ids, size_t n, int *hl)
{
	char	*match;
	size_t	 i, k;

	memset(hl, 0, n * sizeof *hl);
	if (n == 0 || ui->cfg.nhls == 0)
		return;
	match = xcalloc(n, 1);
	for (i = 0; i < ui->cfg.nhls; i++) {
		if (ui->cfg.hls[i].where != where)
			continue;
		if (db_filter_match(ui->db, ui->cfg.hls[i].f,
		    where == CONFIG_HL_FEEDS, ids, n, match) == -1) {
			ui_status(1, _("database: %s"), db_errmsg(ui->db));
			break;
		}
		for (k = 0; k < n; k++) {
			if (match[k])
				hl[k] = (int)i + 1;
		}
	}
	free(match);
}

/*
 * The look of a word marked m (UI_MARK_*) in a cell drawn with attr: the
 * search colour, the current match underlined and bold too; a highlight
 * line's (UI_MARK_RULE + its index) in its own colour pair (ui.c).
 * Without colours the search is in reverse video, so in a row that is
 * reversed already (the cursor's) a match is underlined instead.
 */
static int
mark_attr(int attr, int m)
{
	int	 a = ui_attr(EL_SEARCH, 0);

	if (m >= UI_MARK_RULE)
		return ui_hl_attr((size_t)(m - UI_MARK_RULE));
	if (!ui->colors && (attr & A_REVERSE))
		a = (a & ~A_REVERSE) | A_UNDERLINE;
	if (m == UI_MARK_CURRENT)
		a |= A_UNDERLINE | A_BOLD;
	return a;
}

/*
 * Mark in *marks (made, len + 1 bytes, at the first match) what the
 * highlight lines of where (CONFIG_HL_*) match in s, a string of len
 * bytes: each match of line i UI_MARK_RULE + i, a later line's over an
 * earlier one's, as newsboat draws them.
 */
static void
rule_marks(unsigned where, const char *s, size_t len, char **marks)
{
	const struct config_hl *h;
	regmatch_t	 m;
	size_t		 i, from;

	for (i = 0; i < ui->cfg.nhls; i++) {
		h = &ui->cfg.hls[i];
		if (!(h->where & where) || h->re == NULL)
			continue;
		for (from = 0; from < len; from = (size_t)m.rm_eo + from) {
			if (regexec(h->re, s + from, 1, &m,
			    from > 0 ? REG_NOTBOL : 0) != 0)
				break;
			if (m.rm_eo == m.rm_so) {
				/* An empty match: on to the next character. */
				if (from + (size_t)m.rm_eo >= len)
					break;
				m.rm_eo += (regoff_t)text_grapheme(s + from +
				    m.rm_eo, len - from - (size_t)m.rm_eo,
				    NULL);
				continue;
			}
			if (*marks == NULL)
				*marks = xcalloc(len + 1, 1);
			memset(*marks + from + m.rm_so, UI_MARK_RULE + (int)i,
			    (size_t)(m.rm_eo - m.rm_so));
		}
	}
}

/*
 * Returns the marks of s[0..len) (a string: s[len] is NUL): what the
 * highlight lines of where (CONFIG_HL_*, 0: none) match, and over them
 * the words hl matched (NULL: none), UI_MARK_MATCH on each byte of such a
 * word; 0 elsewhere.  A heap array of len + 1 bytes, NULL when nothing
 * matched.
 */
char *
ui_hl_marks(unsigned where, struct search_hl *hl, const char *s,
    size_t len)
{
	char	*marks = NULL;
	size_t	 from = 0, start, end;

	if (where != 0 && ui->cfg.nhls > 0)
		rule_marks(where, s, len, &marks);
	while (hl != NULL && search_hl_find(hl, s, len, from, &start, &end)) {
		if (marks == NULL)
			marks = xcalloc(len + 1, 1);
		memset(marks + start, UI_MARK_MATCH, end - start);
		from = end;
	}
	return marks;
}

/*
 * Draw vis, in visual order, with marks[i] the mark of its byte i, in
 * exactly width columns from the terminal's column x, padded on the left
 * when right_align: each run of marked bytes in its mark's look
 * (mark_attr()), the rest in attr.  What is wider is cut at a cluster.
 * vis must be terminal-safe: the callers' text comes from
 * text_truncate() or html_render(), through bidi_line_marks(), which only
 * reorders, mirrors and drops direction marks.
 */
static void
put_marked(int y, int x, int width, const char *vis, const char *marks,
    int attr, int right_align)
{
	size_t	 len = strlen(vis), i, n;
	int	 used = 0, w, pad;

	for (i = 0; i < len; i += n) {
		n = text_grapheme(vis + i, len - i, &w);
		if (used + w > width)
			break;
		used += w;
	}
	len = i;
	pad = width - used;
	move(y, x);
	attrset(attr);
	for (; right_align && pad > 0; pad--)
		addch(' ');
	for (i = 0; i < len; i += n) {
		for (n = 1; i + n < len && marks[i + n] == marks[i]; n++)
			continue;
		attrset(marks[i] ? mark_attr(attr, (unsigned char)marks[i]) :
		    attr);
		addnstr(vis + i, (int)n);
	}
	attrset(attr);
	for (; pad > 0; pad--)
		addch(' ');
	attrset(A_NORMAL);
}

/*
 * Draw s padded or cut to exactly width columns at (y, x) in the terminal's
 * columns, aligned right when right_align.  text_pad() makes it safe, so s
 * may be anything a feed wrote.
 */
static void
put_cell(int y, int x, int width, const char *s, int attr, int right_align)
{
	char	*t;

	if (width <= 0)
		return;
	t = text_pad(s != NULL ? s : "", width, right_align);
	bidi_strip_marks(t);
	attrset(attr);
	mvaddnstr(y, x, t, -1);
	attrset(A_NORMAL);
	free(t);
}

/*
 * Draw s at (y, x) padded or cut to exactly width columns; x is logical
 * (from the right edge in a mirrored layout, see the top of the file).
 */
void
ui_put(int y, int x, int width, const char *s, int attr)
{
	if (ui->rtl)
		put_cell(y, COLS - x - width, width, s, attr, 1);
	else
		put_cell(y, x, width, s, attr, 0);
}

/* As ui_put(), for a line already in visual order that keeps its place. */
void
ui_put_visual(int y, int x, int width, const char *s, int attr)
{
	put_cell(y, ui->rtl ? COLS - x - width : x, width, s, attr, 0);
}

/*
 * As ui_put_visual(), with the marks of s (rendered_display_marks(); NULL:
 * none): a line of an article that a search matched words of.
 */
void
ui_put_visual_marks(int y, int x, int width, const char *s,
    const char *marks, int attr)
{
	if (marks == NULL)
		ui_put_visual(y, x, width, s, attr);
	else if (width > 0)
		put_marked(y, ui->rtl ? COLS - x - width : x, width, s, marks,
		    attr, 0);
}

/* The terminal column of logical column x (the prompt's cursor). */
int
ui_cursor_x(int x, int width)
{
	return ui->rtl ? COLS - x - width : x;
}

/*
 * Text of the reader's own (a label, a help text, a hint), which may quote
 * a feed's text: a right-to-left paragraph in a mirrored layout, so that
 * "Feed: " keeps its colon and space next to the text that follows, else
 * one in the direction of its text.
 */
void
ui_put_own(int y, int x, int width, const char *s, int attr)
{
	char	*cut, *marked, *vis;

	if (!ui->rtl) {
		ui_put_bidi(y, x, width, s, attr);
		return;
	}
	if (width <= 0)
		return;
	cut = text_truncate(s != NULL ? s : "", width);
	marked = bidi_mark_ascii(cut);
	vis = bidi_line(marked, 1, (enum bidi_mode)ui->cfg.bidi);
	ui_put(y, x, width, vis, attr);
	free(vis);
	free(marked);
	free(cut);
}

/* A whole line of the reader's own: the title bar, the status line. */
void
ui_put_line(int y, const char *s, int attr)
{
	ui_put_own(y, 0, COLS, s, attr);
}

/*
 * As ui_put(), for one line of text that may be right-to-left (a title):
 * cut it to the width in logical order first, so that its beginning stays,
 * then reorder it for the terminal (config bidi).
 */
void
ui_put_bidi(int y, int x, int width, const char *s, int attr)
{
	char	*cut, *vis;

	if (width <= 0)
		return;
	if (s == NULL || !bidi_has_rtl(s)) {
		ui_put(y, x, width, s, attr);
		return;
	}
	cut = text_truncate(s, width);
	vis = bidi_line(cut, bidi_paragraph_is_rtl(s),
	    (enum bidi_mode)ui->cfg.bidi);
	ui_put(y, x, width, vis, attr);
	free(vis);
	free(cut);
}

/*
 * As ui_put_bidi(), with marks (ui_hl_marks(); NULL: none) for each byte
 * of s in their look, wherever the reordering puts them.  s is safe text
 * (text_safe()), whose one line (text_truncate() without a limit) has its
 * bytes where s has them: the marks, made on s, fit the line cut to the
 * width, a prefix of it (the ellipsis is unmarked).
 */
void
ui_put_marks(int y, int x, int width, const char *s, const char *marks,
    int attr)
{
	char	*line, *cut, *cmarks, *vis, *vmarks;
	size_t	 k;

	if (width <= 0)
		return;
	if (s == NULL)
		s = "";
	line = text_truncate(s, INT_MAX);
	if (marks == NULL || strlen(line) != strlen(s)) {
		ui_put_bidi(y, x, width, line, attr);
		free(line);
		return;
	}
	cut = text_truncate(line, width);
	cmarks = xcalloc(strlen(cut) + 1, 1);
	for (k = 0; cut[k] != '\0' && cut[k] == line[k]; k++)
		cmarks[k] = marks[k];
	vis = bidi_line_marks(cut, bidi_paragraph_is_rtl(line),
	    (enum bidi_mode)ui->cfg.bidi, cmarks, &vmarks);
	put_marked(y, ui->rtl ? COLS - x - width : x, width, vis, vmarks, attr,
	    ui->rtl);
	free(vmarks);
	free(vis);
	free(cmarks);
	free(cut);
	free(line);
}

/*
 * A row of a list laid out by a list format (listfmt_layout()): each cell
 * in its own direction, with what the highlight lines of where
 * (CONFIG_HL_*) match in it, and the title's (%t) with the words hl
 * matched (NULL: none) in the search colour.
 */
void
ui_put_cells(int y, const struct listfmt_cell *c, size_t n, int attr,
    unsigned where, struct search_hl *hl)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (c[i].width - c[i].pad <= 0)
			continue;
		ui_put_hl(y, c[i].x + c[i].pad, c[i].width - c[i].pad,
		    c[i].text, attr, where, c[i].spec == 't' ? hl : NULL);
	}
}

/*
 * As ui_put_bidi(), with what the highlight lines of where match in s
 * (safe) in their colours and the words that hl matched (NULL: none) in
 * the search colour (ui_hl_marks()).
 */
void
ui_put_hl(int y, int x, int width, const char *s, int attr, unsigned where,
    struct search_hl *hl)
{
	char	*marks;

	marks = s != NULL ? ui_hl_marks(where, hl, s, strlen(s)) : NULL;
	ui_put_marks(y, x, width, s, marks, attr);
	free(marks);
}

/*
 * The text of tags (safe, joined by "\n", which no tag holds) for at most
 * avail columns: as many as fit, joined by the language's comma, then "+N"
 * for the others; in brackets if asked.  Never less than "+N" (all left
 * out).  Heap.
 */
static char *
tags_fit(const char *tags, int avail, int brackets)
{
	struct buf	 b;
	const char	*p, *nl;
	size_t		 ntags = 1, k, i;
	char		*s;

	for (p = tags; *p != '\0'; p++)
		ntags += *p == '\n';
	for (k = ntags;; k--) {
		buf_init(&b);
		if (brackets)
			buf_addc(&b, '[');
		for (i = 0, p = tags; i < k; i++, p = nl + 1) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p);
			if (i > 0)
				buf_adds(&b, i18n_comma());
			buf_add(&b, p, (size_t)(nl - p));
		}
		if (k < ntags)
			buf_addf(&b, "%s+%zu", k > 0 ? " " : "", ntags - k);
		if (brackets)
			buf_addc(&b, ']');
		s = buf_take(&b);
		if (k == 0 || text_width(s) <= avail)
			return s;
		free(s);
	}
}

/*
 * Draw a list row's title and tags (safe, joined by "\n"; NULL: none) in
 * width columns from x.  The title comes first, whole if it fits; the tags
 * take what it leaves, at the right: those that fit and "+N" for the rest
 * (tags_fit()), so a row without tags loses nothing to a tag column and a
 * long title is not cut for tags that could not be shown anyway.  The
 * title's words that hl matched are highlighted (hl NULL: none), and what
 * the highlight lines of where match (ui_put_hl()).
 */
void
ui_put_title_tags(int y, int x, int width, const char *title,
    const char *tags, int brackets, int attr, int tagattr, unsigned where,
    struct search_hl *hl)
{
	char	*s;
	int	 gw;

	if (tags != NULL && *tags != '\0' && width > 8) {
		s = tags_fit(tags, width - text_width(title) - 1, brackets);
		gw = text_width(s);
		if (gw > width / 2)
			gw = width / 2;
		ui_put_bidi(y, x + width - gw, gw, s, tagattr);
		width -= gw + 1;
		free(s);
	}
	ui_put_hl(y, x, width, title, attr, where, hl);
}

/* A post's date in the configured format, a heap string ("" if none). */
char *
ui_date(int64_t t)
{
	struct tm	 tm;
	time_t		 tt;
	const char	*fmt;
	char		 s[64];

	if (t == DATE_NONE || t == 0)
		return xstrdup("");
	tt = (time_t)t;
	if (localtime_r(&tt, &tm) == NULL)
		return xstrdup("");
	/*
	 * The format is the user's own (config date-format), on purpose; the
	 * default one is the language's.
	 */
	fmt = ui->cfg.date_format;
	if (strcmp(fmt, "%Y-%m-%d") == 0)
		/* TRANSLATORS: strftime(3): a post's date in the lists. */
		fmt = _("%Y-%m-%d");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(s, sizeof s, fmt, &tm) == 0)
		return xstrdup("");
#pragma GCC diagnostic pop
	return text_safe(s);
}

/* Keep the cursor in [0, n) and on screen, with rows body rows. */
void
ui_list_fix(struct ui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	l->rows = rows;
	if (l->cur >= l->n)
		l->cur = l->n - 1;
	if (l->cur < 0)
		l->cur = 0;
	if (l->cur < l->top)
		l->top = l->cur;
	if (l->cur >= l->top + rows)
		l->top = l->cur - rows + 1;
	if (l->top > l->n - rows)
		l->top = l->n - rows;
	if (l->top < 0)
		l->top = 0;
}

/* Cursor movement shared by every list.  Returns 1 if it was one. */
int
ui_list_action(struct ui_list *l, enum ui_action a)
{
	int	 page = l->rows > 1 ? l->rows - 1 : 1;

	switch (a) {
	case UA_UP:
	case UA_PREV:
		l->cur--;
		break;
	case UA_DOWN:
	case UA_NEXT:
		l->cur++;
		break;
	case UA_PAGE_UP:
		l->cur -= page;
		l->top -= page;
		break;
	case UA_PAGE_DOWN:
		l->cur += page;
		l->top += page;
		break;
	case UA_TOP:
		l->cur = 0;
		break;
	case UA_BOTTOM:
		l->cur = l->n - 1;
		break;
	default:
		return 0;
	}
	ui_list_fix(l, l->rows);
	ui->dirty = 1;
	return 1;
}
