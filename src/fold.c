/*
 * Search folding.  Full-text search must find a word however the feed
 * spelled it: Arabic, Persian and Kurdish text mixes letter variants that a
 * reader sees as the same word (a hamza on the alef or not, Arabic or
 * Persian kaf and yeh, teh marbuta written as heh, vowel marks or none,
 * tatweel stretching), and Arabic-Indic digits beside ASCII ones.  SQLite's
 * unicode61 tokenizer knows none of this, so both the text we index and the
 * user's query go through text_fold() first; as long as the same function
 * is used on both sides the index and the query meet.
 *
 * Changing the table changes what is in the index: bump DB_FOLD_VERSION so
 * that db-schema.c rebuilds it.
 *
 * fold_html_text() is the other half of indexing: feed bodies are HTML, and
 * tag names and attribute values must not become search hits.  What it
 * extracts (html_text() in html.c, the table in entities.c) is in the
 * index as well: a change there needs DB_FOLD_VERSION bumped too.
 */
#include <string.h>

#include "majlis.h"

/*
 * The folding of one code point: the character to write instead, itself
 * when nothing changes, or 0 to drop it.  The targets are the Persian /
 * Kurdish forms (keheh, Farsi yeh) because those are the ones that do not
 * fold further; Arabic text folds onto them just as well.
 */
uint32_t
fold_char(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 'a';
		return c;
	}
	switch (c) {
	case 0x0622:	/* alef with madda above */
	case 0x0623:	/* alef with hamza above */
	case 0x0625:	/* alef with hamza below */
	case 0x0671:	/* alef wasla */
	case 0x0672:	/* alef with wavy hamza above */
	case 0x0673:	/* alef with wavy hamza below */
		return 0x0627;
	case 0x0649:	/* alef maksura */
	case 0x064a:	/* yeh */
	case 0x06d2:	/* yeh barree */
		return 0x06cc;	/* Farsi yeh */
	case 0x0643:	/* kaf */
		return 0x06a9;	/* keheh */
	case 0x0629:	/* teh marbuta */
	case 0x06c0:	/* heh with yeh above */
	case 0x06c1:	/* heh goal */
	case 0x06be:	/* heh doachashmee: older Kurdish text's h */
		return 0x0647;
	/*
	 * Sorani's own letters onto what an Arabic or Persian keyboard
	 * types for them: Kurdish typed on either must meet the standard
	 * spelling (issue: بهفر is بەفر, قەلای is قەڵای).
	 */
	case 0x06d5:	/* ae */
		return 0x0647;
	case 0x06ce:	/* yeh with small v */
		return 0x06cc;
	case 0x06c6:	/* oe */
		return 0x0648;
	case 0x0695:	/* reh with small v below */
		return 0x0631;
	case 0x06b5:	/* lam with small v */
		return 0x0644;
	case 0x06a4:	/* veh */
		return 0x0641;
	case 0x0640:	/* tatweel: only stretches the line */
	case 0x00ad:	/* soft hyphen */
	case 0x200c:	/* zero width non-joiner: inside Persian words */
	case 0x200d:	/* zero width joiner */
	case 0xfeff:	/* byte order mark */
		return 0;
	case 0x200b:	/* zero width space: a word break */
		return ' ';
	}
	/* Harakat, superscript alef, hamza above/below as marks. */
	if ((c >= 0x064b && c <= 0x065f) || c == 0x0670)
		return 0;
	/* Quranic annotation marks. */
	if ((c >= 0x06d6 && c <= 0x06dc) || (c >= 0x06df && c <= 0x06e4) ||
	    c == 0x06e7 || c == 0x06e8 || (c >= 0x06ea && c <= 0x06ed))
		return 0;
	if (c >= 0x0660 && c <= 0x0669)	/* Arabic-Indic digits */
		return '0' + (c - 0x0660);
	if (c >= 0x06f0 && c <= 0x06f9)	/* extended (Persian) digits */
		return '0' + (c - 0x06f0);
	return c;
}

/* Returns a heap string: s folded for search, always valid UTF-8. */
char *
text_fold(const char *s)
{
	struct buf	 b;

	buf_init(&b);
	if (s != NULL)
		fold_add(&b, s, strlen(s), 1);
	return buf_take(&b);
}

/*
 * Appends s[0..len) to b folded for search (all: fold_char()), or with
 * only what fold_char() drops or makes a space done (!all: the marks and
 * invisible characters inside words, which would split a word for
 * unicode61; the letters stay, for stem.c to tell the language by).
 * Always valid UTF-8.
 */
void
fold_add(struct buf *b, const char *s, size_t len, int all)
{
	uint32_t	 c, f;
	size_t		 i, n, run;

	/*
	 * Characters that fold to themselves are copied a run at a time,
	 * not one by one: most of what is indexed is such runs, and the copy
	 * per character was a third of the cost of indexing.  run is where
	 * the current run began.
	 */
	for (i = run = 0; i < len; i += n) {
		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i];
			n = 1;
			if (!all)
				continue;
		} else
			n = utf8_decode(s + i, len - i, &c);
		f = fold_char(c);
		if (!all && f != 0 && f != ' ')
			f = c;
		if (f == c && c != UTF8_REPLACEMENT)
			continue;
		/*
		 * Tanween al-fath is written with an alef that is no letter
		 * of the word (كتاباً is كتاب): the alef goes with the mark,
		 * written before it or after.
		 */
		if (c == 0x064b && i >= run + 2 &&
		    memcmp(s + i - 2, "\u0627", 2) == 0)
			buf_add(b, s + run, i - 2 - run);
		else
			buf_add(b, s + run, i - run);
		run = i + n;
		if (c == 0x064b && len - run >= 2 &&
		    memcmp(s + run, "\u0627", 2) == 0 &&
		    !(i >= 2 && memcmp(s + i - 2, "\u0627", 2) == 0))
			run += 2;
		if (f != 0)
			utf8_encode(b, f);
	}
	buf_add(b, s + run, i - run);
}

/*
 * Returns a heap string: the text of an HTML fragment to index, by the
 * one HTML-to-text path (html.c): tags dropped (script and style with
 * their content), references decoded, white space collapsed, blocks kept
 * apart by a blank line so that words of two paragraphs never run
 * together.  Tag names and attribute values never become search hits.
 */
char *
fold_html_text(const char *html)
{
	return html_text(html, HTML_TEXT_PARAS);
}
