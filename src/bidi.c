/*
 * Right-to-left text for terminals.  Most terminals draw characters left to
 * right in the order they receive them, so an Arabic, Sorani Kurdish,
 * Persian or Hebrew line sent as stored (logical order) reads backwards.
 * This file reorders one line at a time into visual order with GNU FriBidi
 * (the Unicode Bidirectional Algorithm), for the reader and "majlis show".
 *
 * The order of work matters and is the caller's:
 *   1. Decide the paragraph's direction once, from the whole paragraph
 *      (bidi_paragraph_is_rtl()): a wrapped line that starts with a Latin
 *      word still belongs to an Arabic paragraph.
 *   2. Wrap the LOGICAL text (wrap.c), so that each line holds the words
 *      that belong on it.
 *   3. Reorder each line for display (bidi_visual()) and, when the
 *      paragraph is right-to-left, set it flush right (text_pad()).
 * Reordering before wrapping would put the end of a sentence on its first
 * line.
 *
 * Some terminals (mlterm, Konsole, VTE with BiDi enabled) reorder by
 * themselves; reordering twice scrambles the text, so the user can turn
 * this off (BIDI_OFF) and the logical text is passed through.
 */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include <fribidi.h>

#include "majlis.h"

/*
 * FriBidi indexes with int.  A longer "line" is no line a person reads
 * (only a pathological <pre> makes one) and is left in logical order.
 */
#define BIDI_MAXLEN	(1024 * 1024)

/*
 * Decode s into a heap array of code points; *lenp gets its length and, if
 * offp is not NULL, *offp a heap array of the byte each one starts at.
 */
static FriBidiChar *
to_unicode(const char *s, FriBidiStrIndex *lenp, size_t **offp)
{
	FriBidiChar	*u;
	size_t		 len = strlen(s), i, n, k = 0, *off = NULL;
	uint32_t	 c;

	u = xreallocarray(NULL, len + 1, sizeof *u);
	if (offp != NULL)
		off = *offp = xreallocarray(NULL, len + 1, sizeof *off);
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (off != NULL)
			off[k] = i;
		u[k++] = c;
	}
	*lenp = (FriBidiStrIndex)k;
	return u;
}

/*
 * Is the paragraph s right-to-left?  Rule P2 of the algorithm: the first
 * strong character decides; a paragraph without one is left-to-right.
 */
int
bidi_paragraph_is_rtl(const char *s)
{
	FriBidiCharType	 t;
	size_t		 i, n, len = strlen(s);
	uint32_t	 c;

	for (i = 0; i < len; i += n) {
		if ((unsigned char)s[i] < 0x80) {
			n = 1;
			if ((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z'))
				return 0;
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		t = fribidi_get_bidi_type(c);
		if (FRIBIDI_IS_LETTER(t))
			return FRIBIDI_IS_RTL(t) ? 1 : 0;
	}
	return 0;
}

/* Does s hold any right-to-left character (so needs reordering at all)? */
int
bidi_has_rtl(const char *s)
{
	FriBidiCharType	 t;
	size_t		 i, n, len = strlen(s);
	uint32_t	 c;

	for (i = 0; i < len; i += n) {
		/* Nothing below U+0590 (lead byte 0xd6) is right-to-left. */
		if ((unsigned char)s[i] < 0xd6) {
			n = 1;
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		t = fribidi_get_bidi_type(c);
		if (FRIBIDI_IS_RTL(t) || FRIBIDI_IS_ARABIC(t))
			return 1;
	}
	return 0;
}

/* An isolate or a directional mark: U+2066-2069, LRM, RLM. */
static int
is_direction_mark(FriBidiChar c)
{
	return (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
}

/*
 * Returns a heap copy of s where, in a right-to-left paragraph, each run
 * of ASCII with a letter or a digit in it (a key, "title=", a filter, a
 * file name; spaces inside it, not at its ends) is between LEFT-TO-RIGHT
 * MARKs: the syntax a translated sentence quotes reads as it is typed, its
 * punctuation with it ("(title=, interval=, ...)" drawn as
 * "(... ,=title=, interval)" was the '=' and the parentheses taken into
 * the Arabic around).  A left-to-right paragraph comes back as it is.
 */
char *
bidi_mark_ascii(const char *s)
{
	struct buf	 b;
	size_t		 i, j, k, len = strlen(s);
	int		 alnum;

	buf_init(&b);
	if (!bidi_paragraph_is_rtl(s)) {
		buf_adds(&b, s);
		return buf_take(&b);
	}
	for (i = 0; i < len; i = j) {
		if ((unsigned char)s[i] >= 0x80 || s[i] == ' ') {
			buf_addc(&b, s[i]);
			j = i + 1;
			continue;
		}
		/* An ASCII run from i, its trailing spaces left out. */
		for (j = i, alnum = 0; j < len && (unsigned char)s[j] < 0x80;
		    j++)
			alnum |= isalnum((unsigned char)s[j]) != 0;
		for (k = j; k > i && s[k - 1] == ' '; k--)
			;
		if (alnum)
			buf_adds(&b, "\xe2\x80\x8e");
		buf_add(&b, s + i, k - i);
		if (alnum)
			buf_adds(&b, "\xe2\x80\x8e");
		buf_add(&b, s + k, j - k);
	}
	buf_str(&b);
	return buf_take(&b);
}

/*
 * Drop from s, in place, the marks and isolates majlis puts in (they are
 * zero-width): what a line left in logical order (left-to-right text,
 * bidi off) still holds of them must not reach the terminal either.
 */
void
bidi_strip_marks(char *s)
{
	size_t		 i, j, n, len = strlen(s);
	uint32_t	 c;

	for (i = j = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (is_direction_mark(c))
			continue;
		memmove(s + j, s + i, n);
		j += n;
	}
	s[j] = '\0';
}

/*
 * Does the last strong character of s[0..len) run right to left?  For
 * text_truncate(): an ellipsis after it belongs to that run.
 */
int
bidi_ends_rtl(const char *s, size_t len)
{
	FriBidiCharType	 t;
	size_t		 i, n;
	uint32_t	 c;
	int		 rtl = 0;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		t = fribidi_get_bidi_type(c);
		if (FRIBIDI_IS_LETTER(t))
			rtl = FRIBIDI_IS_RTL(t) ? 1 : 0;
	}
	return rtl;
}

/*
 * Returns a heap string: "before" + text + "after" on one left-to-right
 * line in visual order, with text (safe, one line) isolated as Unicode's
 * FSI ... PDI isolate it: its direction is its own (its first strong
 * character), and nothing of it mixes with what surrounds it.  So a count
 * after an Arabic title stays after it ("tag: (2) مهم" was the count
 * pulled into the title's run), and the ellipsis of a title cut short
 * stays at the side it was cut.  Under BIDI_OFF the parts are joined as
 * they are, for the terminal to order.
 */
char *
bidi_isolated(const char *before, const char *text, const char *after,
    enum bidi_mode mode)
{
	char	*line, *vis;

	if (mode == BIDI_OFF) {
		xasprintf(&line, "%s%s%s", before, text, after);
		return line;
	}
	/* U+2068 FIRST STRONG ISOLATE, U+2069 POP DIRECTIONAL ISOLATE. */
	xasprintf(&line, "%s\xe2\x81\xa8%s\xe2\x81\xa9%s", before, text,
	    after);
	vis = bidi_visual(line, 0);
	free(line);
	return vis;
}

/*
 * Returns a heap copy of text (safe, one line) between two marks of its
 * own direction (its first strong character's: LEFT-TO-RIGHT MARK, else
 * RIGHT-TO-LEFT MARK), to be inserted in a sentence of the reader's own:
 * the neutrals at its edges (the quotes of a filter, the parentheses and
 * the '=' of a setting, a date's separators) then go with it, not with
 * the sentence around it, so that "title =~ \"x\"" in an Arabic title
 * bar reads as typed.  Marks, not FSI ... PDI: the reader's text is made
 * terminal-safe (text_safe()) after it is composed, which drops the
 * isolates but keeps the marks; bidi_visual() drops them once the line is
 * ordered, and a terminal that orders by itself (bidi off) reads them as
 * the same hint.
 */
char *
bidi_mark(const char *text)
{
	const char	*m;
	char		*s;

	/* U+200F RIGHT-TO-LEFT MARK, U+200E LEFT-TO-RIGHT MARK. */
	m = bidi_paragraph_is_rtl(text) ? "\xe2\x80\x8f" : "\xe2\x80\x8e";
	xasprintf(&s, "%s%s%s", m, text, m);
	return s;
}

/*
 * Append line to b as it is, and its marks (if any) to vm: the visual
 * order of a line that needs none, or that FriBidi could not order.
 */
static void
visual_as_is(struct buf *b, const char *line, const char *marks,
    struct buf *vm)
{
	buf_adds(b, line);
	if (marks != NULL)
		buf_add(vm, marks, strlen(line));
}

/*
 * Line in visual order into b (see bidi_visual()).  With marks (one byte
 * for each byte of line; NULL: none), vm gets one for each byte of b:
 * that of the character it was reordered from, so that what is marked in
 * the logical line (a word a search matched) is marked where it is drawn.
 */
static void
visual(const char *line, int is_rtl, const char *marks, struct buf *b,
    struct buf *vm)
{
	FriBidiChar		*u = NULL;
	FriBidiCharType		*types = NULL;
	FriBidiBracketType	*brackets = NULL;
	FriBidiLevel		*levels = NULL;
	FriBidiStrIndex		*map = NULL;
	FriBidiParType		 base;
	FriBidiStrIndex		 len, i;
	size_t			*off = NULL, at;

	if ((!is_rtl && !bidi_has_rtl(line)) || strlen(line) > BIDI_MAXLEN) {
		visual_as_is(b, line, marks, vm);
		return;
	}
	u = to_unicode(line, &len, marks != NULL ? &off : NULL);
	if (len == 0)
		goto out;
	types = xreallocarray(NULL, len, sizeof *types);
	brackets = xreallocarray(NULL, len, sizeof *brackets);
	levels = xreallocarray(NULL, len, sizeof *levels);
	if (marks != NULL) {
		/* fribidi_reorder_line() permutes the map it is given. */
		map = xreallocarray(NULL, len, sizeof *map);
		for (i = 0; i < len; i++)
			map[i] = i;
	}

	fribidi_get_bidi_types(u, len, types);
	fribidi_get_bracket_types(u, len, types, brackets);
	base = is_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	if (fribidi_get_par_embedding_levels_ex(types, brackets, len, &base,
	    levels) == 0) {
		/* FriBidi failed (out of memory inside it): show it logical. */
		visual_as_is(b, line, marks, vm);
		goto out;
	}
	fribidi_shape_mirroring(levels, len, u);
	if (fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, types, len, 0, base,
	    levels, u, map) == 0) {
		visual_as_is(b, line, marks, vm);
		goto out;
	}
	/*
	 * The isolates and marks majlis put in (bidi_isolated(), the mark
	 * after an ellipsis in text_truncate()) have done their work: a
	 * terminal must not get them (it might reorder again, or draw a box).
	 */
	for (i = 0; i < len; i++) {
		if (is_direction_mark(u[i]))
			continue;
		at = b->len;
		utf8_encode(b, u[i]);
		for (; map != NULL && at < b->len; at++)
			buf_addc(vm, marks[off[map[i]]]);
	}
out:
	free(map);
	free(levels);
	free(brackets);
	free(types);
	free(off);
	free(u);
}

/*
 * Returns a heap string: line in visual order, for a paragraph whose
 * direction is right-to-left when is_rtl is set.  A left-to-right line
 * without right-to-left characters comes back unchanged.
 *
 * fribidi_log2vis() is deliberately not used: it also applies Arabic
 * joining and shaping (FRIBIDI_FLAGS_ARABIC), replacing letters with
 * presentation forms.  A terminal joins Arabic itself, or shows the plain
 * letters; presentation forms would then be wrong, and copied text would no
 * longer match what the feed wrote.  So the steps are called one by one
 * with only these flags:
 *   - mirroring: "(" in a right-to-left run is drawn as ")" (rule L4);
 *   - FRIBIDI_FLAG_REORDER_NSM: keep each combining mark after its base in
 *     the output, since the terminal attaches a mark to the cell before it
 *     (without the flag a harakat would land on the neighbouring letter).
 */
char *
bidi_visual(const char *line, int is_rtl)
{
	struct buf	 b;

	buf_init(&b);
	visual(line, is_rtl, NULL, &b, NULL);
	buf_str(&b);
	return buf_take(&b);
}

/*
 * What bidi = auto means here: BIDI_OFF in a terminal known to reorder
 * right-to-left text itself (reordering it once more would turn it back
 * round), BIDI_ON elsewhere.  Known: VTE from 0.58 (GNOME Terminal,
 * Tilix...; VTE_VERSION is 5800 and up), mlterm (MLTERM, or TERM=mlterm),
 * Konsole (KONSOLE_VERSION).  Read from the environment each time: cheap,
 * and a test can change it.
 */
enum bidi_mode
bidi_resolve(enum bidi_mode mode)
{
	const char	*v, *term;

	if (mode != BIDI_AUTO)
		return mode;
	if ((v = getenv("VTE_VERSION")) != NULL && atol(v) >= 5800)
		return BIDI_OFF;
	term = getenv("TERM");
	if (getenv("MLTERM") != NULL ||
	    (term != NULL && strncmp(term, "mlterm", 6) == 0))
		return BIDI_OFF;
	if ((v = getenv("KONSOLE_VERSION")) != NULL && *v != '\0')
		return BIDI_OFF;
	return BIDI_ON;
}

/*
 * Returns a heap string: line ready to draw under the user's bidi setting.
 * BIDI_OFF passes the logical text through for a terminal that reorders it
 * itself; BIDI_ON reorders; BIDI_AUTO is one of them (bidi_resolve()).
 */
char *
bidi_line(const char *line, int is_rtl, enum bidi_mode mode)
{
	return bidi_line_marks(line, is_rtl, mode, NULL, NULL);
}

/*
 * As bidi_line(), carrying marks along: marks[i] is byte i's of line, and
 * *vmarks is set to a heap array of the result's, each byte's that of the
 * character it came from (visual()).  marks NULL: *vmarks is not touched.
 */
char *
bidi_line_marks(const char *line, int is_rtl, enum bidi_mode mode,
    const char *marks, char **vmarks)
{
	struct buf	 b, vm;

	buf_init(&b);
	buf_init(&vm);
	if (bidi_resolve(mode) == BIDI_OFF)
		visual_as_is(&b, line, marks, &vm);
	else
		visual(line, is_rtl, marks, &b, &vm);
	buf_str(&b);
	if (marks != NULL) {
		buf_str(&vm);
		*vmarks = buf_take(&vm);
	}
	buf_free(&vm);
	return buf_take(&b);
}

/*
 * Returns a heap string for a column width columns wide (a title in a
 * list): s made safe and cut to width (in logical order, so an Arabic
 * title loses its end, not its beginning), then reordered per mode, then
 * padded to exactly width columns, on the left when s is right-to-left.
 */
char *
text_fit(const char *s, int width, enum bidi_mode mode)
{
	char	*cut, *vis, *out;
	int	 rtl;

	cut = text_truncate(s, width);
	rtl = bidi_paragraph_is_rtl(cut);
	vis = bidi_line(cut, rtl, mode);
	out = text_pad(vis, width, rtl && bidi_resolve(mode) != BIDI_OFF);
	free(vis);
	free(cut);
	return out;
}
