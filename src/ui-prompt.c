/*
 * The one-line editor on the status line, used for search, tags, the tag
 * filter, a command for |, a file for w and questions (ui_prompt(),
 * ui_yes_no()); at the search, command and file prompts UP and DOWN (or ^P
 * and ^N) go through what was typed there before (ui_prompt_history(),
 * ui-history.c).
 *
 * The line is held as code points, not bytes, so that the cursor, erase
 * and completion can never split a UTF-8 sequence: an Arabic tag is edited
 * exactly like a Latin one.  Only printable, safe characters are ever
 * inserted (text_is_unsafe), so what the user types cannot carry a control
 * sequence into the database or back onto the screen.
 *
 * The prompt is modal: ui_prompt() runs its own small key loop and returns
 * the line.  The database is not polled meanwhile; the main loop catches
 * up with data_version when the prompt returns.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/* Replace the line's text with s (UTF-8); the cursor goes to the end. */
void
ui_line_set(struct ui_line *l, const char *s)
{
	uint32_t	 c;
	size_t		 n, len = strlen(s);

	l->len = l->pos = 0;
	while (len > 0) {
		n = utf8_decode(s, len, &c);
		ui_line_insert(l, c);
		s += n;
		len -= n;
	}
}

/* Insert c at the cursor, unless it is a control or unsafe character. */
void
ui_line_insert(struct ui_line *l, uint32_t c)
{
	if (c < 0x20 || c == 0x7f || text_is_unsafe(c))
		return;
	if (l->len == l->cap) {
		l->cap = l->cap == 0 ? 32 : l->cap * 2;
		l->c = xreallocarray(l->c, l->cap, sizeof *l->c);
	}
	memmove(l->c + l->pos + 1, l->c + l->pos,
	    (l->len - l->pos) * sizeof *l->c);
	l->c[l->pos++] = c;
	l->len++;
}

/*
 * Erase one character before the cursor (dir < 0) or under it (dir > 0).
 * A combining mark goes with its base when erasing backwards, so that one
 * BACKSPACE takes one visible letter.
 */
void
ui_line_erase(struct ui_line *l, int dir)
{
	size_t	 from, to;

	if (dir < 0) {
		if (l->pos == 0)
			return;
		to = l->pos;
		from = to - 1;
		while (from > 0 && char_width(l->c[from]) == 0)
			from--;
	} else {
		if (l->pos >= l->len)
			return;
		from = l->pos;
		to = from + 1;
		while (to < l->len && char_width(l->c[to]) == 0)
			to++;
	}
	memmove(l->c + from, l->c + to, (l->len - to) * sizeof *l->c);
	l->len -= to - from;
	l->pos = from;
}

/* Characters [from, to) of the line as a heap UTF-8 string. */
char *
ui_line_text(const struct ui_line *l, size_t from, size_t to)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	if (to > l->len)
		to = l->len;
	for (i = from; i < to; i++)
		utf8_encode(&b, l->c[i]);
	buf_str(&b);
	return buf_take(&b);
}

void
ui_line_free(struct ui_line *l)
{
	free(l->c);
	memset(l, 0, sizeof *l);
}

/* Length in bytes of the longest common prefix of a and b, on characters. */
static size_t
common_prefix(const char *a, const char *b)
{
	size_t	 i = 0, n, m;
	uint32_t ca, cb;

	while (a[i] != '\0' && b[i] != '\0') {
		n = utf8_decode(a + i, strlen(a + i), &ca);
		m = utf8_decode(b + i, strlen(b + i), &cb);
		if (n != m || ca != cb)
			break;
		i += n;
	}
	return i;
}

/*
 * Where the word before the cursor starts: after the last space or comma
 * (ASCII or Arabic) outside double quotes, or after the quote that opens
 * the word; past a leading '-' or '+'.  *quoted says whether it is in
 * quotes.
 */
static size_t
word_start(const struct ui_line *l, int *quoted)
{
	size_t	 i, start = 0;
	int	 inq = 0;

	for (i = 0; i < l->pos; i++) {
		if (l->c[i] == '"') {
			inq = !inq;
			start = i + 1;
		} else if (!inq && (l->c[i] == ' ' || l->c[i] == ',' ||
		    l->c[i] == 0x060c))
			start = i + 1;
	}
	if (!inq && start < l->pos && (l->c[start] == '-' ||
	    l->c[start] == '+'))
		start++;
	if (!inq && start < l->pos && l->c[start] == '"') {
		start++;
		inq = 1;
	}
	*quoted = inq;
	return start;
}

/* How many of cands[] start with word. */
static size_t
prefix_matches(char *const *cands, size_t ncands, const char *word)
{
	size_t	 i, n = 0, wlen = strlen(word);

	for (i = 0; i < ncands; i++)
		n += strncmp(cands[i], word, wlen) == 0;
	return n;
}

/*
 * Where the word before the one at start begins, when only spaces part
 * them (not a comma, a quote, a '-' or '+' ahead of start); else start.
 */
static size_t
word_before(const struct ui_line *l, size_t start)
{
	size_t	 i = start;

	if (i == 0 || l->c[i - 1] != ' ')
		return start;
	while (i > 0 && l->c[i - 1] == ' ')
		i--;
	if (i == 0)
		return start;
	while (i > 0 && l->c[i - 1] != ' ' && l->c[i - 1] != ',' &&
	    l->c[i - 1] != 0x060c && l->c[i - 1] != '"')
		i--;
	if (l->c[i] == '-' || l->c[i] == '+')
		i++;
	return i < start ? i : start;
}

/* Insert c at position at of l, the cursor staying on what it was on. */
static void
line_insert_at(struct ui_line *l, size_t at, uint32_t c)
{
	size_t	 pos = l->pos;

	l->pos = at;
	ui_line_insert(l, c);
	l->pos = pos + (at <= pos);
}

/*
 * Complete the word before the cursor from cands[] (word_start()).  One
 * match: the word becomes it, followed by a space.  Several: the word is
 * extended to what they share, and their names are added to matches (if
 * not NULL), space separated.  A name with a space in it is put in double
 * quotes, which the tags prompt reads as one tag (ui_tags_parse()): a tag
 * "world news" completed bare would be two.  Returns the number of
 * matches.
 */
size_t
ui_line_complete(struct ui_line *l, char *const *cands, size_t ncands,
    struct buf *matches)
{
	const char	*first = NULL;
	char		*word;
	size_t		 start, i, k, n = 0, wlen, common = 0;
	uint32_t	 c;
	int		 quoted;

	start = word_start(l, &quoted);
	word = ui_line_text(l, start, l->pos);
	/*
	 * Nothing starts with the word: perhaps with the words before it too,
	 * a name with a space typed without quotes ("world n").
	 */
	while (!quoted && prefix_matches(cands, ncands, word) == 0 &&
	    (k = word_before(l, start)) != start) {
		free(word);
		start = k;
		word = ui_line_text(l, start, l->pos);
	}
	if (prefix_matches(cands, ncands, word) == 0) {
		free(word);
		start = word_start(l, &quoted);
		word = ui_line_text(l, start, l->pos);
	}
	wlen = strlen(word);
	for (i = 0; i < ncands; i++) {
		if (strncmp(cands[i], word, wlen) != 0)
			continue;
		if (n == 0) {
			first = cands[i];
			common = strlen(first);
		} else {
			common = common_prefix(first, cands[i]) < common ?
			    common_prefix(first, cands[i]) : common;
			if (matches != NULL && n == 1)
				buf_adds(matches, first);
		}
		if (matches != NULL && n >= 1) {
			buf_addc(matches, ' ');
			buf_adds(matches, cands[i]);
		}
		n++;
	}
	if (n > 0) {
		if (!quoted && memchr(first, ' ', common) != NULL) {
			line_insert_at(l, start, '"');
			quoted = 1;
		}
		/* Insert what the matches add beyond the typed word. */
		for (i = wlen; i < common; i += k) {
			k = utf8_decode(first + i, common - i, &c);
			ui_line_insert(l, c);
		}
		if (n == 1 && quoted) {
			if (l->pos < l->len && l->c[l->pos] == '"')
				l->pos++;
			else
				ui_line_insert(l, '"');
		}
		if (n == 1 && (l->pos == l->len || l->c[l->pos] != ' '))
			ui_line_insert(l, ' ');
	}
	free(word);
	return n;
}

/*
 * Draw the prompt; the part of the line shown scrolls with the cursor.
 * What was typed is drawn reordered like every other text (ui_put_bidi());
 * in a right-to-left line the cursor's column is mirrored, which is exact
 * for a line all in one right-to-left script, the usual case.
 */
static void
prompt_draw(const char *label, const struct ui_line *l, const char *hint)
{
	char	*before, *shown, *vis;
	size_t	 start = 0;
	int	 lw = text_width(label), room = COLS - lw - 1, w, sw, col;

	if (room < 1)
		room = 1;
	for (;;) {
		before = ui_line_text(l, start, l->pos);
		w = text_width(before);
		free(before);
		if (w < room || start >= l->pos)
			break;
		start++;
	}
	if (hint != NULL && *hint != '\0' && LINES > 2)
		ui_put_line(LINES - 2, hint, ui_attr(EL_HINT, 0));
	ui_put(LINES - 1, 0, COLS, "", A_NORMAL);
	ui_put_own(LINES - 1, 0, lw, label, ui_attr(EL_TITLE, 0));
	shown = ui_line_text(l, start, l->len);
	/*
	 * In a mirrored layout the line is a right-to-left paragraph that
	 * grows leftwards from the label, and the cursor stands left of the
	 * characters before it (exact for right-to-left text, which is what
	 * is typed there; an English word in it is still drawn in order).
	 * Else a right-to-left text is reordered, the cursor mirrored in it.
	 */
	if (ui->rtl) {
		vis = bidi_line(shown, 1, (enum bidi_mode)ui->cfg.bidi);
		ui_put(LINES - 1, lw, COLS - lw, vis, A_NORMAL);
		free(vis);
		free(shown);
		move(LINES - 1, ui_cursor_x(lw + (w < room ? w : room - 1), 1));
		refresh();
		return;
	}
	ui_put_bidi(LINES - 1, lw, COLS - lw, shown, A_NORMAL);
	col = w < room ? w : room - 1;
	sw = text_width(shown);
	if (ui->cfg.bidi != BIDI_OFF && bidi_paragraph_is_rtl(shown) &&
	    sw <= room)
		col = sw - w;
	free(shown);
	move(LINES - 1, lw + col);
	refresh();
}

/*
 * UP (dir -1) or DOWN (1) at a prompt with a history: the line becomes
 * the entry before or after the one shown, *at.  *at == h->n is the line
 * the user was typing, kept in *draft (heap) while an entry is shown.
 */
static void
prompt_recall(struct ui_line *l, const struct ui_history *h, size_t *at,
    char **draft, int dir)
{
	if (dir < 0 ? *at == 0 : *at >= h->n)
		return;
	if (*at == h->n) {
		free(*draft);
		*draft = ui_line_text(l, 0, l->len);
	}
	*at = dir < 0 ? *at - 1 : *at + 1;
	ui_line_set(l, *at == h->n ? *draft : h->v[*at]);
}

/*
 * The prompt's key loop (see ui_prompt()); hist, if not NULL, is what
 * UP and DOWN go through.
 */
static char *
prompt_edit(const char *label, const char *initial, char *const *cands,
    size_t ncands, const struct ui_history *hist, ui_cands_fn cands_fn)
{
	struct ui_line	 l;
	struct buf	 hint;
	char		*out = NULL, *draft = NULL, *before, **v = NULL;
	wint_t		 ch;
	size_t		 at = hist != NULL ? hist->n : 0, nv = 0;
	int		 rc, done = 0;

	memset(&l, 0, sizeof l);
	ui_line_set(&l, initial != NULL ? initial : "");
	buf_init(&hint);
	buf_str(&hint);
	nodelay(stdscr, FALSE);
	curs_set(1);
	while (!done) {
		prompt_draw(label, &l, hint.s);
		if ((rc = get_wch(&ch)) == ERR)
			continue;
		if (rc == KEY_CODE_YES) {
			switch (ch) {
			case KEY_RESIZE:
				ui_draw();
				break;
			case KEY_ENTER:
				done = 1;
				out = ui_line_text(&l, 0, l.len);
				break;
			case KEY_BACKSPACE:
				ui_line_erase(&l, -1);
				break;
			case KEY_DC:
				ui_line_erase(&l, 1);
				break;
			case KEY_LEFT:
			case KEY_RIGHT:
				/* The arrows move on the screen: mirrored. */
				if ((ch == KEY_LEFT) != (ui->rtl != 0)) {
					if (l.pos > 0)
						l.pos--;
				} else if (l.pos < l.len)
					l.pos++;
				break;
			case KEY_HOME:
				l.pos = 0;
				break;
			case KEY_END:
				l.pos = l.len;
				break;
			case KEY_UP:
			case KEY_DOWN:
				if (hist != NULL)
					prompt_recall(&l, hist, &at, &draft,
					    ch == KEY_UP ? -1 : 1);
				break;
			}
			continue;
		}
		switch (ch) {
		case '\r':
		case '\n':
			done = 1;
			out = ui_line_text(&l, 0, l.len);
			break;
		case 27:	/* ESC */
		case 7:		/* ^G */
		case 3:		/* ^C */
			done = 1;
			break;
		case 8:
		case 127:
			ui_line_erase(&l, -1);
			break;
		case 4:		/* ^D */
			ui_line_erase(&l, 1);
			break;
		case 1:		/* ^A */
			l.pos = 0;
			break;
		case 5:		/* ^E */
			l.pos = l.len;
			break;
		case 2:		/* ^B */
			if (l.pos > 0)
				l.pos--;
			break;
		case 6:		/* ^F */
			if (l.pos < l.len)
				l.pos++;
			break;
		case 21:	/* ^U: erase to the start */
			while (l.pos > 0)
				ui_line_erase(&l, -1);
			break;
		case 11:	/* ^K: erase to the end */
			l.len = l.pos;
			break;
		case 16:	/* ^P, ^N: as UP, DOWN */
		case 14:
			if (hist != NULL)
				prompt_recall(&l, hist, &at, &draft,
				    ch == 16 ? -1 : 1);
			break;
		case 23:	/* ^W: erase the word before the cursor */
			while (l.pos > 0 && l.c[l.pos - 1] == ' ')
				ui_line_erase(&l, -1);
			while (l.pos > 0 && l.c[l.pos - 1] != ' ')
				ui_line_erase(&l, -1);
			break;
		case '\t':
			buf_reset(&hint);
			if (cands_fn != NULL) {
				/* What may come there depends on what is before. */
				before = ui_line_text(&l, 0, l.pos);
				v = cands_fn(before, &nv);
				free(before);
			}
			if (ui_line_complete(&l, v != NULL ? v : cands,
			    v != NULL ? nv : ncands, &hint) == 0)
				buf_adds(&hint, _("(no match)"));
			strv_free(v, nv);
			v = NULL;
			nv = 0;
			buf_str(&hint);
			ui->dirty = 1;
			ui_draw();
			break;
		default:
			ui_line_insert(&l, (uint32_t)ch);
			break;
		}
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	ui_line_free(&l);
	buf_free(&hint);
	free(draft);
	ui->dirty = 1;
	return out;
}

/*
 * Ask for a line on the status line, label first, initial text in place.
 * TAB completes from cands[] (may be NULL).  ENTER returns the line as a
 * heap string; ESC or ^G returns NULL.
 */
char *
ui_prompt(const char *label, const char *initial, char *const *cands,
    size_t ncands)
{
	return prompt_edit(label, initial, cands, ncands, NULL, NULL);
}

/* As ui_prompt(), without completion, UP and DOWN going through h. */
char *
ui_prompt_history(const char *label, const char *initial,
    const struct ui_history *h)
{
	return prompt_edit(label, initial, NULL, 0, h, NULL);
}

/*
 * As ui_prompt_history(), TAB completing from what fn gives for the line
 * before the cursor (a heap strv, freed here).
 */
char *
ui_prompt_complete(const char *label, const struct ui_history *h,
    ui_cands_fn fn)
{
	return prompt_edit(label, "", NULL, 0, h, fn);
}

/*
 * Is ch a yes?  y or Y always; the first letter of the language's yes
 * (the message "y": Arabic ن, Sorani ب); the key in y's place on the
 * user's Arabic-script keyboard (config_key_latin()).
 */
static int
is_yes(wint_t ch, const char *yes)
{
	wchar_t	 w;

	if (ch == L'y' || ch == L'Y')
		return 1;
	if (mbtowc(&w, yes, strlen(yes)) > 0 && (wint_t)w == ch)
		return 1;
	return config_key_latin(ui->cfg.keyboard, (uint32_t)ch) == 'y';
}

/*
 * Ask a yes/no question on the status line, answered with one key: a yes
 * (is_yes()) is yes, anything else no, ESC included.  The question comes
 * without its answers, which are shown after it in the language's
 * letters: "(y/n)", «(ن/ل)», «(ب/ن)».  Every confirmation of the reader
 * is asked here, so all of them take the same keys.  Returns 1 for yes.
 */
int
ui_yes_no(const char *question)
{
	struct ui_line	 l;
	const char	*yes, *no;
	char		*shown;
	wint_t		 ch;
	int		 rc;

	/*
	 * TRANSLATORS: the first letter of "yes" in your language, typed to
	 * answer yes (beside "y", which always works) and shown after the
	 * question: "(y/n)".
	 */
	yes = _("y");
	/* TRANSLATORS: the first letter of "no", shown after a question. */
	no = _("n");
	xasprintf(&shown, "%s (%s/%s) ", question, yes, no);
	memset(&l, 0, sizeof l);
	ui_line_set(&l, "");
	nodelay(stdscr, FALSE);
	curs_set(1);
	for (;;) {
		prompt_draw(shown, &l, NULL);
		if ((rc = get_wch(&ch)) == ERR)
			continue;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_draw();
			continue;
		}
		break;
	}
	curs_set(0);
	nodelay(stdscr, TRUE);
	ui_line_free(&l);
	free(shown);
	return rc == OK && is_yes(ch, yes);
}
