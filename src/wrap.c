/*
 * Word wrapping, truncating and padding to a width in columns (width.c
 * measures).
 *
 * Invariants the wrapping keeps:
 *   1. A line never ends in the middle of a UTF-8 sequence.
 *   2. A line never ends between a character and what extends it: combining
 *      marks, variation selectors, emoji modifiers, a zero width joiner and
 *      the character it joins, the second of a pair of regional indicators
 *      (text_grapheme() finds these clusters).
 *   3. Lines break at spaces, or between two wide (CJK) characters, which
 *      need no space; a word is broken only when it alone is wider than the
 *      line, and then at a cluster boundary.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/*
 * Append the drawable part of s[0..len) to b: unsafe characters dropped,
 * tab and newline as one space each (a single line must not jump to a tab
 * stop or the next row), invalid UTF-8 as U+FFFD.
 */
static void
add_line_safe(struct buf *b, const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c == '\t' || c == '\n')
			buf_addc(b, ' ');
		else if (text_is_unsafe(c))
			continue;
		else if (c == UTF8_REPLACEMENT)
			utf8_encode(b, c);
		else
			buf_add(b, s + i, n);
	}
}

/*
 * The number of bytes of s[0..len) that fit in width columns without
 * cutting a cluster.  *usedp (if not NULL) gets their columns.
 */
static size_t
fit_prefix(const char *s, size_t len, int width, int *usedp)
{
	size_t	 i = 0, n;
	int	 used = 0, w;

	while (i < len) {
		n = text_grapheme(s + i, len - i, &w);
		if (used + w > width)
			break;
		used += w;
		i += n;
	}
	if (usedp != NULL)
		*usedp = used;
	return i;
}

/*
 * Returns a heap string: s made safe for one line and cut to at most width
 * columns, ending in "…" when something was cut.  width <= 0 gives "".
 */
char *
text_truncate(const char *s, int width)
{
	struct buf	 b;
	char		*safe;
	size_t		 n;

	buf_init(&b);
	if (width <= 0)
		return buf_take(&b);
	add_line_safe(&b, s, strlen(s));
	if (text_nwidth(b.s, b.len) <= width)
		return buf_take(&b);
	safe = buf_take(&b);
	n = fit_prefix(safe, strlen(safe), width - 1, NULL);
	buf_add(&b, safe, n);
	buf_adds(&b, "\xe2\x80\xa6");	/* U+2026 HORIZONTAL ELLIPSIS */
	/*
	 * Cut in right-to-left text, the ellipsis belongs to that run (drawn
	 * at its left, where the text was cut), also in a left-to-right
	 * line: a RIGHT-TO-LEFT MARK after it says so; bidi_visual() drops
	 * the mark once the line is ordered.
	 */
	if (bidi_ends_rtl(safe, n))
		buf_adds(&b, "\xe2\x80\x8f");
	free(safe);
	return buf_take(&b);
}

/*
 * Returns a heap string: s made safe for one line and padded with spaces to
 * exactly width columns, truncated first if it is wider.  right_align puts
 * the padding on the left, which is how a right-to-left line is set flush
 * right; the caller passes the line in visual order (bidi_line()).
 */
char *
text_pad(const char *s, int width, int right_align)
{
	struct buf	 b;
	char		*t;
	int		 w, pad;

	t = text_truncate(s, width);
	w = text_width(t);
	pad = width > w ? width - w : 0;
	buf_init(&b);
	if (right_align)
		while (pad-- > 0)
			buf_addc(&b, ' ');
	buf_adds(&b, t);
	if (!right_align)
		while (pad-- > 0)
			buf_addc(&b, ' ');
	free(t);
	return buf_take(&b);
}

/* Is c a CJK character, between two of which a line may break? */
static int
is_cjk_break(uint32_t c)
{
	return c >= 0x2e80 && char_width(c) == 2 &&
	    !(c >= 0x1f000 && c <= 0x1faff);	/* not emoji: keep with words */
}

/*
 * Where to end the first line of s[0..len), a paragraph without newlines,
 * at width columns.  Returns the length in bytes of the line's text, with
 * the spaces at the break left off, and sets *next to the offset where the
 * next line starts (past those spaces).  *next == len once the paragraph is
 * done.  width <= 0 means no limit.  Some text is always taken when there is
 * any, so a caller looping until *next == len always finishes, even with a
 * cluster wider than the line.
 */
size_t
text_wrap_break(const char *s, size_t len, int width, size_t *next)
{
	size_t	 i = 0, n, brk_end = 0, brk_next = 0, end;
	int	 col = 0, w, have_brk = 0, prev_cjk = 0, cjk;
	uint32_t c;

	if (width <= 0) {
		end = len;
		goto trim;
	}
	/* Leading spaces of a continuation line were skipped by the caller. */
	while (i < len) {
		if (s[i] == ' ') {
			/* A break: the line may end before this run of spaces. */
			brk_end = i;
			while (i < len && s[i] == ' ')
				i++;
			brk_next = i;
			have_brk = 1;
			prev_cjk = 0;
			col += (int)(brk_next - brk_end);
			continue;
		}
		n = text_grapheme(s + i, len - i, &w);
		cjk = 0;
		if ((unsigned char)s[i] >= 0xe2) {
			utf8_decode(s + i, len - i, &c);
			cjk = is_cjk_break(c);
			if (cjk && prev_cjk && i > 0) {
				/* Ideographs break without a space. */
				brk_end = brk_next = i;
				have_brk = 1;
			}
		}
		if (col + w > width) {
			if (have_brk && brk_end > 0) {
				*next = brk_next;
				return brk_end;
			}
			/* One word wider than the line: cut it here. */
			if (i == 0)
				i = n;	/* a cluster wider than the line */
			*next = i;
			return i;
		}
		col += w;
		i += n;
		prev_cjk = cjk;
	}
	end = len;
trim:
	while (end > 0 && s[end - 1] == ' ')
		end--;
	*next = len;
	return end;
}

/*
 * Wraps text to width columns.  Newlines in text are hard breaks; tabs and
 * unsafe characters are handled as in text_truncate().  Returns a heap array
 * of *nlines heap strings (free with strv_free()); an empty text gives one
 * empty line.
 */
char **
text_wrap(const char *text, int width, size_t *nlines)
{
	struct buf	 b;
	char		**lines = NULL, *safe;
	const char	*p, *nl;
	size_t		 n = 0, cap = 0, seg, off, len, next;

	/* Make it safe line by line: newlines must survive. */
	buf_init(&b);
	for (p = text; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		add_line_safe(&b, p, nl - p);
		buf_addc(&b, '\n');
	}
	add_line_safe(&b, p, strlen(p));
	safe = buf_take(&b);

	for (p = safe;; p = nl + 1) {
		nl = strchr(p, '\n');
		seg = nl != NULL ? (size_t)(nl - p) : strlen(p);
		off = 0;
		do {
			len = text_wrap_break(p + off, seg - off, width, &next);
			if (n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				lines = xreallocarray(lines, cap, sizeof *lines);
			}
			lines[n++] = xstrndup(p + off, len);
			off += next;
			while (off < seg && p[off] == ' ')
				off++;
		} while (off < seg);
		if (nl == NULL)
			break;
	}
	free(safe);
	*nlines = n;
	return lines;
}
