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
 * tag names and attribute values must not become search hits.
 */
#include <string.h>
#include <strings.h>

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
		return 0x0647;
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
	uint32_t	 c, f;
	size_t		 i, n, len, run;

	buf_init(&b);
	if (s == NULL)
		return buf_take(&b);
	len = strlen(s);
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
		} else
			n = utf8_decode(s + i, len - i, &c);
		f = fold_char(c);
		if (f == c && c != UTF8_REPLACEMENT)
			continue;
		buf_add(&b, s + run, i - run);
		run = i + n;
		if (f != 0)
			utf8_encode(&b, f);
	}
	buf_add(&b, s + run, i - run);
	return buf_take(&b);
}

/* Elements whose text is not text a reader sees. */
static int
html_skipped(const char *name, size_t len)
{
	return (len == 6 && strncasecmp(name, "script", 6) == 0) ||
	    (len == 5 && strncasecmp(name, "style", 5) == 0);
}

/*
 * Elements that break the text into blocks.  Others (b, i, a, span...) may
 * sit inside a word, so they must not split it.
 */
static int
html_block(const char *name, size_t len)
{
	static const char *const blocks[] = {
		"address", "article", "aside", "blockquote", "br", "dd", "div",
		"dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3",
		"h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
		"section", "table", "td", "th", "tr", "ul"
	};
	size_t	 i;

	for (i = 0; i < nitems(blocks); i++) {
		if (strlen(blocks[i]) == len &&
		    strncasecmp(blocks[i], name, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Decode the entity at s (just after '&'); returns the code point and sets
 * *used to the bytes consumed including ';', or returns 0 when s is not an
 * entity we know (the '&' is then kept as text).
 */
static uint32_t
html_entity(const char *s, size_t *used)
{
	static const struct {
		const char	*name;
		uint32_t	 c;
	} names[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", ' ' }, { "mdash", 0x2014 },
		{ "ndash", 0x2013 }, { "hellip", 0x2026 }, { "rsquo", 0x2019 },
		{ "lsquo", 0x2018 }, { "rdquo", 0x201d }, { "ldquo", 0x201c },
		{ "laquo", 0xab }, { "raquo", 0xbb }, { "zwnj", 0x200c },
	};
	const char	*semi;
	unsigned long	 v = 0;
	size_t		 i, len;
	int		 digits = 0;

	if ((semi = strchr(s, ';')) == NULL || semi - s > 10 || semi == s)
		return 0;
	len = semi - s;
	*used = len + 1;
	if (s[0] == '#') {
		if (s[1] == 'x' || s[1] == 'X') {
			for (i = 2; i < len; i++, digits++) {
				if (s[i] >= '0' && s[i] <= '9')
					v = v * 16 + (s[i] - '0');
				else if ((s[i] | 0x20) >= 'a' &&
				    (s[i] | 0x20) <= 'f')
					v = v * 16 + ((s[i] | 0x20) - 'a' + 10);
				else
					return 0;
			}
		} else {
			for (i = 1; i < len; i++, digits++) {
				if (s[i] < '0' || s[i] > '9')
					return 0;
				v = v * 10 + (s[i] - '0');
			}
		}
		/* At most 8 digits, so v cannot overflow above. */
		if (digits == 0 || digits > 8 || v == 0 || v > 0x10ffff ||
		    (v >= 0xd800 && v <= 0xdfff))
			return digits == 0 || digits > 8 ? 0 : UTF8_REPLACEMENT;
		return (uint32_t)v;
	}
	for (i = 0; i < nitems(names); i++) {
		if (strlen(names[i].name) == len &&
		    strncmp(names[i].name, s, len) == 0)
			return names[i].c;
	}
	return 0;
}

/*
 * Returns a heap string: the text of an HTML fragment, tags dropped (script
 * and style with their content), the common entities decoded, white space
 * collapsed, blocks separated by a blank line.  Not a renderer: good enough
 * to index, and to show a post when nothing better is at hand.
 */
char *
fold_html_text(const char *html)
{
	struct buf	 b;
	const char	*p, *end, *name;
	size_t		 namelen, used;
	uint32_t	 c;
	int		 closing, pending = 0;	/* 1: space, 2: block */

	buf_init(&b);
	if (html == NULL)
		return buf_take(&b);
	for (p = html; *p != '\0';) {
		if (*p == '<') {
			if (strncmp(p, "<!--", 4) == 0) {
				end = strstr(p + 4, "-->");
				p = end != NULL ? end + 3 : p + strlen(p);
				continue;
			}
			closing = p[1] == '/';
			name = p + 1 + closing;
			namelen = strcspn(name, " \t\r\n/>");
			if ((end = strchr(p, '>')) == NULL)
				break;	/* an unfinished tag: not text */
			p = end + 1;
			if (!closing && html_skipped(name, namelen)) {
				/* Skip to the matching end tag. */
				for (; *p != '\0'; p++) {
					if (p[0] == '<' && p[1] == '/' &&
					    html_skipped(p + 2, namelen))
						break;
				}
				continue;
			}
			if (html_block(name, namelen))
				pending = 2;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
		    *p == '\f') {
			if (pending == 0)
				pending = 1;
			p++;
			continue;
		}
		c = 0;
		if (*p == '&')
			c = html_entity(p + 1, &used);
		if (pending != 0 && b.len > 0)
			buf_adds(&b, pending == 2 ? "\n\n" : " ");
		pending = 0;
		if (c != 0) {
			if (c == ' ')
				pending = 1;
			else
				utf8_encode(&b, c);
			p += used + 1;
		} else {
			/* Text up to the next tag, reference or space. */
			used = strcspn(p, "<& \t\r\n\f");
			if (used == 0)
				used = 1;	/* an '&' that is no reference */
			buf_add(&b, p, used);
			p += used;
		}
	}
	return buf_take(&b);
}
