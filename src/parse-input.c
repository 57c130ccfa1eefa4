/*
 * Feed bytes to clean UTF-8, before libxml2 sees them.
 *
 * libxml2 is strict where feeds are sloppy: it stops (or silently switches
 * to Latin-1) at the first invalid UTF-8 byte, it drops a bare '&' together
 * with the word after it ("?a=1&b=2" loses "b"), and a bare '<' in text halts
 * the parse, losing every later post.  So the document is first decoded to
 * UTF-8 here and then scanned once; only when something needs repair is a
 * repaired copy made, so a clean feed is parsed from the caller's bytes.
 *
 * Choosing the encoding (after RFC 3023 and what feedparser does):
 *   1. a byte order mark (UTF-8/16/32), or the first bytes of "<?xml" in
 *      UTF-16/32, is believed first;
 *   2. then the charset the HTTP server declared, unless the document
 *      itself declares UTF-8 and is valid UTF-8 (servers that label
 *      everything ISO-8859-1 are common, documents lying about being valid
 *      UTF-8 are not);
 *   3. then the encoding in the XML declaration;
 *   4. then UTF-8, windows-1252 and ISO-8859-2, in that order.
 * The first candidate that decodes the bytes wins.  UTF-8 "decodes" a
 * document with a few invalid bytes among many valid multibyte sequences
 * (they become U+FFFD); a document whose non-ASCII bytes are mostly not
 * UTF-8 is a mislabelled legacy document and falls through to step 4.
 */
#include <endian.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/* Byte classes for the repair scan. */
#define CL_PLAIN	0
#define CL_AMP		1
#define CL_LT		2
#define CL_CTRL		3
#define CL_HIGH		4

static unsigned char	 byteclass[256];

static void
input_init_classes(void)
{
	int	 c;

	if (byteclass['&'] == CL_AMP)
		return;
	for (c = 0; c < 0x20; c++)
		byteclass[c] = CL_CTRL;
	byteclass['\t'] = byteclass['\n'] = byteclass['\r'] = CL_PLAIN;
	byteclass[0x7f] = CL_PLAIN;
	for (c = 0x80; c < 0x100; c++)
		byteclass[c] = CL_HIGH;
	byteclass['<'] = CL_LT;
	byteclass['&'] = CL_AMP;	/* last: it marks the table as ready */
}

struct scan_stats {
	size_t	 invalid;	/* invalid UTF-8 sequences */
	size_t	 multibyte;	/* valid multibyte sequences */
	size_t	 fixes;		/* markup or control characters repaired */
};

/*
 * Length of the valid UTF-8 sequence at p (p < end, *p >= 0x80), or 0 if it
 * is not one.  Inline checks, as this runs on every non-ASCII character of
 * the document.
 */
static inline size_t
utf8_seqlen(const unsigned char *p, const unsigned char *end)
{
	unsigned char	 c = p[0];

	if (c >= 0xc2 && c <= 0xdf)
		return end - p >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (end - p < 3 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;		/* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0;		/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (end - p < 4 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;		/* overlong */
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;		/* above U+10FFFF */
		return 4;
	}
	return 0;
}

/* Just after the run of two-byte characters (Arabic, Kurdish...) at p. */
static inline const unsigned char *
two_byte_run(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 2 && p[0] >= 0xc2 && p[0] <= 0xdf &&
	    (p[1] & 0xc0) == 0x80)
		p += 2;
	return p;
}

/*
 * Is s[0..len) valid UTF-8 in the sense of scan() (no sequence it would
 * count as invalid)?  ASCII eight bytes at a time and two-byte runs inline:
 * about 3 GB/s, a few per cent of a parse.
 */
static int
utf8_all_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	uint64_t		 v;
	size_t			 n;

	while (p < end) {
		while (end - p >= 8) {
			memcpy(&v, p, 8);
			if (v & SWAR_HIGHS)
				break;
			p += 8;
		}
		while (p < end && *p < 0x80)
			p++;
		p = two_byte_run(p, end);
		if (p >= end || *p < 0x80)
			continue;
		if ((n = utf8_seqlen(p, end)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * Are the 8 bytes at p all plain ASCII: no high bit, no control character
 * (tab, CR, LF included: rare enough), no '&' and no '<'?
 */
static inline int
plain8(const unsigned char *p)
{
	uint64_t	 v;

	memcpy(&v, p, 8);
	if (v & SWAR_HIGHS)
		return 0;
	return (swar_eq(v, '&') | swar_eq(v, '<') | swar_below(v, 0x20)) == 0;
}

/* Is p[0..) the start of an entity or character reference ("&...;")? */
static int
is_reference(const unsigned char *p, const unsigned char *end)
{
	const unsigned char	*q = p + 1;
	size_t			 n = 0;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			for (q++; q < end && n < 8 && ((*q >= '0' && *q <= '9')
			    || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'));
			    q++)
				n++;
		} else {
			for (; q < end && n < 8 && *q >= '0' && *q <= '9'; q++)
				n++;
		}
		return n > 0 && q < end && *q == ';';
	}
	if (q >= end || !(((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
	    *q == '_' || *q == ':' || *q >= 0x80))
		return 0;
	for (; q < end && n < 64; q++, n++) {
		if (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') ||
		    (*q >= '0' && *q <= '9') || *q == '_' || *q == ':' ||
		    *q == '-' || *q == '.' || *q >= 0x80)
			continue;
		break;
	}
	return q < end && *q == ';';
}

/* Can '<' followed by c start markup? */
static inline int
lt_starts_markup(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '/' ||
	    c == '!' || c == '?' || c == '_' || c == ':' || c >= 0x80;
}

/* Find the terminator t (of length tlen) from p: just after it, or NULL. */
static const unsigned char *
find_end(const unsigned char *p, const unsigned char *end, const char *t,
    size_t tlen)
{
	const unsigned char	*q;

	while ((q = memchr(p, t[0], end - p)) != NULL) {
		if ((size_t)(end - q) >= tlen && memcmp(q, t, tlen) == 0)
			return q + tlen;
		p = q + 1;
	}
	return NULL;
}

/* The same, end if there is none. */
static const unsigned char *
skip_to(const unsigned char *p, const unsigned char *end, const char *t,
    size_t tlen)
{
	const unsigned char	*q = find_end(p, end, t, tlen);

	return q != NULL ? q : end;
}

/* Is p..end "<![CDATA[" cut short by the end of the file (and spaces)? */
static int
cut_cdata(const unsigned char *p, const unsigned char *end)
{
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return end - p < 9 && memcmp(p, "<![CDATA[", end - p) == 0;
}

/*
 * Scan UTF-8 text s[0..len).  Counts into st; if out is not NULL, appends a
 * repaired copy: invalid sequences as U+FFFD, C0 controls (which XML
 * forbids) dropped, '&' that starts no reference as "&amp;", '<' that
 * starts no markup as "&lt;".  Comments, CDATA sections and processing
 * instructions are copied as they are, apart from the UTF-8 and control
 * character repairs, since '&' and '<' mean nothing there.
 */
static void
scan(const char *s, size_t len, struct scan_stats *st, struct buf *out)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	const unsigned char	*run = p, *q, *stop;
	size_t			 n;

	memset(st, 0, sizeof *st);
	stop = NULL;			/* end of a verbatim section */
	while (p < end) {
		/*
		 * The hot loop: eight plain ASCII bytes at a time, else one
		 * plain byte or one two-byte character (Arabic, Kurdish...)
		 * at a time; anything else is dealt with below.  (Testing
		 * eight bytes for four two-byte characters costs more than
		 * it saves: words are short.)
		 */
		while (end - p >= 8 && plain8(p))
			p += 8;
		for (;;) {
			if (p < end && byteclass[*p] == CL_PLAIN)
				p++;
			else if (end - p >= 2 && p[0] >= 0xc2 && p[0] <= 0xdf &&
			    (p[1] & 0xc0) == 0x80) {
				st->multibyte++;
				p += 2;
			} else
				break;
		}
		if (p >= end)
			break;
		switch (byteclass[*p]) {
		case CL_HIGH:
			q = two_byte_run(p, end);
			st->multibyte += (q - p) / 2;
			p = q;
			if (p >= end || *p < 0x80)
				continue;
			if ((n = utf8_seqlen(p, end)) != 0) {
				st->multibyte++;
				p += n;
				continue;
			}
			st->invalid++;
			if (out != NULL) {
				buf_add(out, run, p - run);
				buf_add(out, "\xef\xbf\xbd", 3);
			}
			run = ++p;
			continue;
		case CL_CTRL:
			st->fixes++;
			if (out != NULL)
				buf_add(out, run, p - run);
			run = ++p;
			continue;
		case CL_AMP:
			if (stop != NULL && p < stop) {
				p++;
				continue;
			}
			if (is_reference(p, end)) {
				/* XML wants "&#x41;"; feeds write "&#X41;". */
				if (p[1] == '#' && p[2] == 'X') {
					st->fixes++;
					if (out != NULL) {
						buf_add(out, run, p + 2 - run);
						buf_addc(out, 'x');
					}
					p += 3;
					run = p;
					continue;
				}
				p++;
				continue;
			}
			st->fixes++;
			if (out != NULL) {
				buf_add(out, run, p + 1 - run);
				buf_add(out, "amp;", 4);
			}
			run = ++p;
			continue;
		case CL_LT:
			if (stop != NULL && p < stop) {
				p++;
				continue;
			}
			q = p + 1;
			/* A CDATA section cut off by the end of the file. */
			if (q < end && *q == '!' && cut_cdata(p, end)) {
				st->fixes++;
				if (out != NULL)
					buf_add(out, run, p - run);
				run = p = end;
				continue;
			}
			if (q < end && *q == '!') {
				if (end - q >= 3 && memcmp(q, "!--", 3) == 0)
					stop = skip_to(q + 3, end, "-->", 3);
				else if (end - q >= 8 &&
				    memcmp(q, "![CDATA[", 8) == 0)
					stop = skip_to(q + 8, end, "]]>", 3);
			} else if (q < end && *q == '?')
				stop = skip_to(q + 1, end, "?>", 2);
			if (q < end && lt_starts_markup(*q)) {
				p++;
				continue;
			}
			st->fixes++;
			if (out != NULL) {
				buf_add(out, run, p - run);
				buf_add(out, "&lt;", 4);
			}
			run = ++p;
			continue;
		}
	}
	if (out != NULL)
		buf_add(out, run, end - run);
}

/* Lower-cased copy of an encoding name, for comparisons. */
static void
enc_lower(char *dst, size_t size, const char *src)
{
	size_t	 i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 : src[i];
	dst[i] = '\0';
}

static int
enc_is_utf8(const char *e)
{
	return strcmp(e, "utf-8") == 0 || strcmp(e, "utf8") == 0 ||
	    strcmp(e, "utf_8") == 0 || strcmp(e, "u8") == 0;
}

/* The UTF-16/32 family names that a BOM makes precise. */
static int
enc_is_wide(const char *e)
{
	static const char *const wide[] = {
		"u16", "utf-16", "utf16", "utf_16", "u32", "utf-32", "utf32",
		"utf_32", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4",
		"csunicode", "ucs-2", "ucs-4"
	};
	size_t	 i;

	for (i = 0; i < nitems(wide); i++)
		if (strcmp(e, wide[i]) == 0)
			return 1;
	return 0;
}

/*
 * Open an iconv descriptor to UTF-8 for the encoding called e, trying the
 * spellings Python accepts that glibc does not ("utf_16", "latin_1").
 */
static iconv_t
enc_open(const char *e)
{
	char	 name[64];
	iconv_t	 cd;
	size_t	 i, j;

	if (strcmp(e, "u16") == 0 || strcmp(e, "utf16") == 0)
		e = "utf-16";
	else if (strcmp(e, "u32") == 0 || strcmp(e, "utf32") == 0)
		e = "utf-32";
	else if (strcmp(e, "gb2312") == 0)
		e = "gb18030";		/* its superset; feeds mean that */
	if ((cd = iconv_open("UTF-8", e)) != (iconv_t)-1)
		return cd;
	for (i = 0; i + 1 < sizeof name && e[i] != '\0'; i++)
		name[i] = e[i] == '_' ? '-' : e[i];
	name[i] = '\0';
	if ((cd = iconv_open("UTF-8", name)) != (iconv_t)-1)
		return cd;
	for (i = j = 0; name[i] != '\0'; i++)
		if (name[i] != '-')
			name[j++] = name[i];
	name[j] = '\0';
	return iconv_open("UTF-8", name);
}

/*
 * Convert s[0..len) from encoding e to UTF-8 in out.  Returns 0, or -1 if
 * the encoding is unknown or the bytes are not valid in it.
 */
static int
enc_convert(const char *e, const char *s, size_t len, struct buf *out)
{
	iconv_t	 cd;
	char	*in = (char *)s, *o;
	size_t	 inleft = len, oleft, cap;
	int	 rc = 0;

	if ((cd = enc_open(e)) == (iconv_t)-1)
		return -1;
	buf_free(out);
	/* Most legacy text grows at most twofold; grow on E2BIG anyway. */
	if (len > (SIZE_MAX - 64) / 2)
		fatalx("document too large");
	cap = len * 2 + 64;
	out->s = xmalloc(cap);
	for (;;) {
		o = out->s + out->len;
		oleft = cap - out->len - 1;
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) {
			out->len = o - out->s;
			break;
		}
		out->len = o - out->s;
		if (errno != E2BIG) {
			rc = -1;	/* EILSEQ, or EINVAL: truncated */
			break;
		}
		if (cap > SIZE_MAX / 2)
			fatalx("document too large");
		cap *= 2;
		out->s = xrealloc(out->s, cap);
	}
	out->cap = cap;
	out->s[out->len] = '\0';
	iconv_close(cd);
	return rc;
}

/*
 * The encoding named in an XML declaration at the start of s, lower-cased
 * into name; "" if there is none.
 */
static void
xmldecl_encoding(const char *s, size_t len, char *name, size_t size)
{
	const char	*p, *end, *nl, *q;
	char		 quote;

	name[0] = '\0';
	if (len < 6 || s[0] != '<' || s[1] != '?')
		return;
	if (len > 512)
		len = 512;
	nl = memchr(s, '\n', len);
	end = nl != NULL ? nl : s + len;
	for (p = s; p + 9 < end; p++) {
		if (memcmp(p, "encoding=", 9) != 0)
			continue;
		quote = p[9];
		if (quote != '"' && quote != '\'')
			return;
		p += 10;
		if ((q = memchr(p, quote, end - p)) == NULL)
			return;
		if ((size_t)(q - p) >= size)
			return;
		memcpy(name, p, q - p);
		name[q - p] = '\0';
		enc_lower(name, size, name);
		return;
	}
}

/*
 * Decode data[0..len) to UTF-8 and repair it for libxml2.  On return
 * in->data/in->len is the text to parse: the caller's bytes when they were
 * already clean, else in->owned, a heap copy.  in->bozo is a heap message
 * when the document had to be repaired or its declared encoding was wrong.
 * With lazy set, a document taken as UTF-8 is not scanned
 * (in->unchecked): the caller checks it with feed_input_clean() when the
 * XML parser reports an error, and prepares it again without lazy if it
 * needs repair.  Clean feeds, nearly all of them, so skip a pass.  Lazy 1
 * still checks that the bytes are valid UTF-8 (a much lighter pass than
 * the scan), for a caller that hands entries out while parsing (see
 * below); lazy 2 does not, for one that keeps nothing of a pass it has to
 * restart.
 * Returns -1 (with in->bozo saying why) only if no encoding could decode
 * the document, which cannot happen while ISO-8859-2 is the last resort.
 */
int
feed_input_prepare(struct feed_input *in, const char *data, size_t len,
    const char *charset, int lazy)
{
	const unsigned char	*u = (const unsigned char *)data;
	struct scan_stats	 st;
	struct buf		 conv, fixed;
	const char		*bom = NULL, *cand[6], *text = data;
	char			 decl[64], http[64], used[64];
	size_t			 i, j, tlen = len, skip = 0;
	int			 ok = 0;

	input_init_classes();
	memset(in, 0, sizeof *in);
	buf_init(&conv);
	buf_init(&fixed);

	if (len >= 4 && memcmp(u, "\x00\x00\xfe\xff", 4) == 0)
		bom = "utf-32be", skip = 4;
	else if (len >= 4 && memcmp(u, "\xff\xfe\x00\x00", 4) == 0)
		bom = "utf-32le", skip = 4;
	else if (len >= 2 && memcmp(u, "\xfe\xff", 2) == 0)
		bom = "utf-16be", skip = 2;
	else if (len >= 2 && memcmp(u, "\xff\xfe", 2) == 0)
		bom = "utf-16le", skip = 2;
	else if (len >= 3 && memcmp(u, "\xef\xbb\xbf", 3) == 0)
		bom = "utf-8", skip = 3;
	else if (len >= 4 && memcmp(u, "\x00\x3c\x00\x3f", 4) == 0)
		bom = "utf-16be";
	else if (len >= 4 && memcmp(u, "\x3c\x00\x3f\x00", 4) == 0)
		bom = "utf-16le";
	else if (len >= 4 && memcmp(u, "\x00\x00\x00\x3c", 4) == 0)
		bom = "utf-32be";
	else if (len >= 4 && memcmp(u, "\x3c\x00\x00\x00", 4) == 0)
		bom = "utf-32le";
	data += skip;
	len -= skip;

	/* The declaration of a UTF-16/32 document is itself in UTF-16/32. */
	decl[0] = '\0';
	if (bom != NULL && !enc_is_utf8(bom)) {
		if (enc_convert(bom, data, len > 1024 ? 1024 : len, &conv) == 0 ||
		    conv.len > 0)
			xmldecl_encoding(conv.s, conv.len, decl, sizeof decl);
	} else
		xmldecl_encoding(data, len, decl, sizeof decl);
	if (bom != NULL && enc_is_wide(decl))
		snprintf(decl, sizeof decl, "%s", bom);
	http[0] = '\0';
	if (charset != NULL)
		enc_lower(http, sizeof http, charset);

	i = 0;
	if (bom != NULL)
		cand[i++] = bom;
	/* A UTF-8 charset is taken as the declaration would be: no check. */
	if (*http != '\0' && (enc_is_utf8(http) ||
	    !(enc_is_utf8(decl) && utf8_valid(data, len))))
		cand[i++] = http;
	if (*decl != '\0')
		cand[i++] = decl;
	cand[i++] = "utf-8";
	cand[i++] = "windows-1252";
	cand[i++] = "iso-8859-2";

	for (j = 0; j < i && !ok; j++) {
		if (enc_is_utf8(cand[j]) && lazy &&
		    (lazy == 2 || utf8_all_valid(data, len))) {
			/*
			 * Checked only if libxml2 finds fault with it.  Only
			 * valid UTF-8 may skip the scan: invalid bytes can
			 * make the scan below reject UTF-8 for the whole
			 * document, and entries already handed to a callback
			 * would then differ from the repaired parse's.
			 */
			memset(&st, 0, sizeof st);
			in->unchecked = 1;
			text = data;
			tlen = len;
			ok = 1;
		} else if (enc_is_utf8(cand[j])) {
			scan(data, len, &st, NULL);
			/*
			 * A UTF-8 document with a few bad bytes keeps its
			 * text (bad bytes become U+FFFD); one whose
			 * non-ASCII bytes are mostly invalid is not UTF-8.
			 */
			if (st.invalid > 0 && st.invalid >= st.multibyte)
				continue;
			text = data;
			tlen = len;
			ok = 1;
		} else if (enc_convert(cand[j], data, len, &conv) == 0) {
			text = conv.s != NULL ? conv.s : "";
			tlen = conv.len;
			scan(text, tlen, &st, NULL);
			ok = 1;
		}
		if (ok)
			snprintf(used, sizeof used, "%s", cand[j]);
	}
	if (!ok) {
		buf_free(&conv);
		xasprintf(&in->bozo, "document encoding unknown");
		return -1;
	}
	in->encoding = enc_is_utf8(used) ? "utf-8" : NULL;
	/*
	 * For the tests that parse a document both ways and compare; and a
	 * document grown past 2 GB in its conversion is not followed (the
	 * lifted text's offsets are 32 bits).
	 */
	in->verbatim = getenv("MAJLIS_TEST_NOLIFT") != NULL ||
	    in->len > INT32_MAX;
	if (strcmp(used, cand[0]) != 0 && (*http != '\0' || *decl != '\0' ||
	    bom != NULL))
		xasprintf(&in->bozo, "document declared as %s, but parsed as %s",
		    cand[0], used);
	else if (strcmp(used, cand[0]) != 0)
		xasprintf(&in->bozo, "document is not UTF-8, parsed as %s", used);

	if (st.invalid == 0 && st.fixes == 0) {
		if (text == conv.s) {
			in->owned = buf_take(&conv);
			text = in->owned;
		}
		in->data = text;
		in->len = tlen;
	} else {
		scan(text, tlen, &st, &fixed);
		if (in->bozo == NULL) {
			if (st.invalid > 0)
				xasprintf(&in->bozo, "%zu invalid UTF-8 "
				    "sequence(s) replaced", st.invalid);
			else
				xasprintf(&in->bozo, "%zu unescaped '&' or "
				    "'<', or control character(s), repaired",
				    st.fixes);
		}
		in->len = fixed.len;
		in->owned = buf_take(&fixed);
		in->data = in->owned;
	}
	buf_free(&conv);
	return 0;
}

/*
 * Does UTF-8 text s[0..len) need no repair (no invalid sequence, no bare
 * '&' or '<', no control character)?
 */
int
feed_input_clean(const char *s, size_t len)
{
	struct scan_stats	 st;

	input_init_classes();
	scan(s, len, &st, NULL);
	return st.invalid == 0 && st.fixes == 0;
}

void
feed_input_free(struct feed_input *in)
{
	free(in->owned);
	free(in->bozo);
	buf_free(&in->out);
	buf_free(&in->text);
	free(in->lift);
	memset(in, 0, sizeof *in);
}

/*
 * Text lifted out.  libxml2 2.9 reads element text eight plain ASCII bytes
 * at a time, but from its first non-ASCII character or reference on, a
 * character at a time, each one decoded, checked, copied and counted on
 * its own, and each reference is a callback of its own; a CDATA section it
 * goes over three times, a byte at a time.  Arabic and Kurdish text and
 * HTML, escaped or in CDATA, are most of a feed's bytes.  So libxml2 is
 * given the document's markup only: each such run of text and each CDATA
 * section is checked and decoded here, eight bytes at a time where it can
 * be, and in its place libxml2 reads a processing instruction,
 * <?majlis-text?> with the run's line ends (line numbers in messages stay
 * right), on which parse.c hands the text to its handler
 * (feed_input_lifted()): the same text libxml2 would have handed it.
 *
 * That holds only where libxml2 reads text, so the document is followed
 * token by token, and at the first thing this reading is not sure of (a
 * DOCTYPE, which may declare entities; a tag that is not plainly well
 * formed; an end tag that closes another element; a processing
 * instruction named like the mark) the rest of it goes as it is.  A run
 * stays in the document, for libxml2, if libxml2 would read any of it
 * otherwise: a reference other than to the five named entities or to a
 * character XML allows, a control character, a lone CR, a CR in a CDATA
 * section (libxml2 2.9 keeps it there), "]]>" in text, invalid UTF-8,
 * U+FFFE or U+FFFF; and text the document ends in, cut short (libxml2
 * leaves its last bytes unread).
 */

#define LIFT_MIN	32	/* bytes: a shorter run costs libxml2 less than its mark */

static int
name_byte(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '-' ||
	    c == '.';
}

static int
space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of the plain ASCII name at p, or NULL if none starts there. */
static const unsigned char *
name_end(const unsigned char *p, const unsigned char *end)
{
	if (p >= end || !(((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
	    *p == '_' || *p == ':'))
		return NULL;
	while (p < end && name_byte(*p))
		p++;
	return p;
}

/*
 * The end of the tag whose name starts at p (after '<' or "</"), or NULL
 * if it is not plainly well formed: a name, attributes as name="value" or
 * name='value' without '<', then "/>" or ">".  *name and *nlen are its
 * name, *empty whether it closes itself.
 */
static const unsigned char *
tag_end(const unsigned char *p, const unsigned char *end, int close,
    const unsigned char **name, size_t *nlen, int *empty)
{
	const unsigned char	*q;

	*name = p;
	if ((p = name_end(p, end)) == NULL)
		return NULL;
	*nlen = p - *name;
	*empty = 0;
	for (;;) {
		q = p;
		while (p < end && space_byte(*p))
			p++;
		if (p >= end)
			return NULL;
		if (*p == '>')
			return p + 1;
		if (close)
			return NULL;
		if (*p == '/')
			return end - p >= 2 && p[1] == '>' ?
			    (*empty = 1, p + 2) : NULL;
		/* An attribute, after a space. */
		if (p == q || (p = name_end(p, end)) == NULL)
			return NULL;
		while (p < end && space_byte(*p))
			p++;
		if (p >= end || *p++ != '=')
			return NULL;
		while (p < end && space_byte(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return NULL;
		q = p + 1;
		if ((p = memchr(q, *p, end - q)) == NULL ||
		    memchr(q, '<', p - q) != NULL)
			return NULL;
		p++;
	}
}

/*
 * The end of the processing instruction whose target starts at p (after
 * "<?"), or NULL: the target must be a plain name other than the mark.
 * libxml2 ends an XML declaration it finds fault with at its first '>'.
 */
static const unsigned char *
pi_end(const unsigned char *p, const unsigned char *end)
{
	const unsigned char	*t, *q;

	if ((t = name_end(p, end)) == NULL || t >= end ||
	    !(space_byte(*t) || *t == '?'))
		return NULL;
	if ((size_t)(t - p) == sizeof FEED_INPUT_MARK - 1 &&
	    memcmp(p, FEED_INPUT_MARK, t - p) == 0)
		return NULL;
	if (t - p == 3 && (p[0] | 0x20) == 'x' && (p[1] | 0x20) == 'm' &&
	    (p[2] | 0x20) == 'l')
		return (q = memchr(t, '>', end - t)) != NULL && q[-1] == '?' ?
		    q + 1 : NULL;
	return find_end(t, end, "?>", 2);
}

/*
 * The character a reference at p ("&...;", p < end) stands for, with
 * *len its length, or -1 if the run holding it is to stay as it is.
 * XML's rules as libxml2 applies them, not HTML's (html_ref_decode()):
 * what libxml2 would refuse or read otherwise must stay for it.
 */
static long
reference(const unsigned char *p, const unsigned char *end, size_t *len)
{
	static const struct {
		const char	*s;
		size_t		 len;
		char		 c;
	} named[] = {
		{ "&lt;", 4, '<' }, { "&gt;", 4, '>' }, { "&amp;", 5, '&' },
		{ "&quot;", 6, '"' }, { "&apos;", 6, '\'' },
	};
	const unsigned char	*q;
	unsigned long		 v = 0;
	size_t			 i;
	int			 hex;

	if (end - p < 4)
		return -1;
	if (p[1] != '#') {
		for (i = 0; i < nitems(named); i++)
			if ((size_t)(end - p) >= named[i].len &&
			    memcmp(p, named[i].s, named[i].len) == 0) {
				*len = named[i].len;
				return named[i].c;
			}
		return -1;
	}
	hex = p[2] == 'x';		/* "&#X" is libxml2's error */
	for (q = p + 2 + hex; q < end && q - p < 12; q++) {
		if (*q >= '0' && *q <= '9')
			v = v * (hex ? 16 : 10) + (*q - '0');
		else if (hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f')
			v = v * 16 + ((*q | 0x20) - 'a' + 10);
		else
			break;
	}
	if (q == p + 2 + hex || q >= end || *q != ';')
		return -1;
	*len = q + 1 - p;
	/* The characters XML allows. */
	if (v == '\t' || v == '\n' || v == '\r' ||
	    (v >= 0x20 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) ||
	    (v >= 0x10000 && v <= 0x10ffff))
		return (long)v;
	return -1;
}

/*
 * Do the 8 bytes in v (read little-endian) need lift_run()'s look one by
 * one: a reference, ']' (of "]]>"), a control character (tab and line ends
 * too: they are rare in a run), or non-ASCII that is not plainly UTF-8 in
 * two-byte characters (Arabic, Kurdish...)?  *carry is 0x80 if the last
 * byte before v was the first of a two-byte character, and becomes so for
 * the next 8.
 */
static inline int
lift_special(uint64_t v, uint64_t *carry)
{
	uint64_t	 cont, lead;

	if (swar_eq(v, '&') | swar_eq(v, ']') | swar_below(v, 0x20))
		return 1;
	if ((v & SWAR_HIGHS) == 0 && *carry == 0)
		return 0;
	cont = v & ~(v << 1) & SWAR_HIGHS;	/* 10xxxxxx */
	lead = v & (v << 1) & SWAR_HIGHS;	/* 11xxxxxx */
	/*
	 * Each lead byte the first of two (not C0 or C1: overlong), each
	 * followed by a continuation byte, and each continuation so led.
	 */
	if ((lead & (v << 2)) != 0 || (swar_eq(v, 0xc0) | swar_eq(v, 0xc1)) ||
	    cont != ((lead << 8) | *carry))
		return 1;
	*carry = lead >> 56;
	return 0;
}

/*
 * Lift the text p..end out of the document (cdata: a CDATA section's
 * content), *lines its line ends: 1, or 0 if it stays.  Text is copied
 * (to in->text) only from its first reference or CR LF on; else the lifted
 * text is the document's own bytes.
 */
static int
lift_run(struct feed_input *in, const unsigned char *p,
    const unsigned char *end, int cdata, size_t *lines)
{
	const unsigned char	*start = p, *run = p;
	uint64_t		 v, seen = 0, carry;
	size_t			 mark = in->text.len, n;
	long			 c;
	int			 copied = 0;

	*lines = 0;
	while (p < end) {
		for (carry = 0; end - p >= 8; p += 8) {
			memcpy(&v, p, 8);
			v = le64toh(v);
			seen |= v;
			if (lift_special(v, &carry))
				break;
		}
		if (carry)
			p--;		/* to the character's first byte */
		if (p >= end)
			break;
		if (*p >= 0x80) {
			seen |= SWAR_HIGHS;
			p = two_byte_run(p, end);
			if (p >= end || *p < 0x80)
				continue;
			if ((n = utf8_seqlen(p, end)) == 0 || (n == 3 &&
			    p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe))
				goto keep;
			p += n;
		} else if (*p == '&' && !cdata) {
			if ((c = reference(p, end, &n)) == -1)
				goto keep;
			buf_add(&in->text, run, p - run);
			if (c < 0x80)
				buf_addc(&in->text, (int)c);
			else
				utf8_encode(&in->text, (uint32_t)c);
			copied = 1;
			run = p += n;
		} else if (*p == ']' && !cdata) {
			if (end - p >= 3 && p[1] == ']' && p[2] == '>')
				goto keep;
			p++;
		} else if (*p == '\n') {
			++*lines;
			p++;
		} else if (*p >= 0x20 || *p == '\t')
			p++;
		else if (*p == '\r' && !cdata && end - p >= 2 && p[1] == '\n') {
			buf_add(&in->text, run, p - run);
			copied = 1;
			run = ++p;		/* libxml2 reads CR LF as LF */
		} else
			goto keep;
	}
	/* Plain ASCII text is libxml2's fast path, and cheaper left to it. */
	if (!cdata && !copied && !(seen & SWAR_HIGHS))
		goto keep;
	if (in->nlift == in->liftcap)
		in->lift = xreallocarray(in->lift, in->liftcap = in->liftcap ?
		    in->liftcap * 2 : 64, sizeof *in->lift);
	/* Offsets fit: a document is under 2 GB (feed_parse()). */
	if (copied) {
		buf_add(&in->text, run, p - run);
		in->lift[in->nlift].off = (uint32_t)mark;
		in->lift[in->nlift].len = (uint32_t)(in->text.len - mark);
	} else {
		in->lift[in->nlift].off = (uint32_t)(start -
		    (const unsigned char *)in->data);
		in->lift[in->nlift].len = (uint32_t)(end - start);
	}
	in->lift[in->nlift++].copied = copied;
	return 1;
keep:
	in->text.len = mark;
	return 0;
}

/* Write the mark for a run lifted out with its line ends. */
static void
lift_mark(struct buf *out, size_t lines)
{
	buf_add(out, "<?" FEED_INPUT_MARK, sizeof FEED_INPUT_MARK + 1);
	while (lines-- > 0)
		buf_addc(out, '\n');
	buf_add(out, "?>", 2);
}

/*
 * The token at p ('<'): just after its end, or NULL if the rest of the
 * document is to go as it is.  Follows the open elements.
 */
static const unsigned char *
token_end(struct feed_input *in, const unsigned char *p,
    const unsigned char *end)
{
	const unsigned char	*q = p + 1, *t, *name;
	size_t			 nlen, d = in->depth;
	int			 empty;

	if (end - q >= 3 && memcmp(q, "!--", 3) == 0)
		return find_end(q + 3, end, "-->", 3);
	if (end - q >= 8 && memcmp(q, "![CDATA[", 8) == 0)
		return find_end(q + 8, end, "]]>", 3);
	if (q < end && *q == '?')
		return pi_end(q + 1, end);
	if (q < end && *q == '/') {
		t = tag_end(q + 1, end, 1, &name, &nlen, &empty);
		if (t == NULL || d == 0 || in->open[d - 1].len != nlen ||
		    memcmp(in->data + in->open[d - 1].off, name, nlen) != 0)
			return NULL;
		in->depth--;
		return t;
	}
	if ((t = tag_end(q, end, 0, &name, &nlen, &empty)) == NULL || empty)
		return t;
	if (d == nitems(in->open))
		return NULL;
	in->open[d].off = name - (const unsigned char *)in->data;
	in->open[d].len = nlen;
	in->depth++;
	return t;
}

/*
 * The next slice of the document for libxml2, *s and *len (borrowed from
 * in, good until the next call): the document's own bytes where nothing
 * was lifted out.  Returns 1 for the last slice.  A slice ends after a
 * token, the first to end past about max bytes of the document.
 */
int
feed_input_slice(struct feed_input *in, size_t max, const char **s,
    size_t *len)
{
	const unsigned char	*start, *end, *p, *q, *run, *t;
	size_t			 lines, room;

	start = p = run = (const unsigned char *)in->data + in->pos;
	end = (const unsigned char *)in->data + in->len;
	buf_reset(&in->out);
	/*
	 * A run of text or a token longer than a slice goes as it is, with
	 * the rest of the document, in slices: libxml2 stops at 10 MB of one
	 * chunk it cannot finish ("Huge input lookup"), and so a slice is at
	 * most two.
	 *
	 * What libxml2 has read of the last slice is dropped, so that what is
	 * held stays within a slice's (a document of short runs of text has
	 * many).  It has read all of it but for the rare mark it left for more
	 * of the document.
	 */
	if (in->lifted > 0) {
		in->nlift -= in->lifted;
		memmove(in->lift, in->lift + in->lifted,
		    in->nlift * sizeof *in->lift);
		in->lifted = 0;
		if (in->nlift == 0)
			buf_reset(&in->text);
	}
	while (!in->verbatim && p < end && (size_t)(p - start) < max) {
		if (*p != '<') {
			/* Text the document ends in (cut short) stays. */
			if ((q = memchr(p, '<', end - p)) == NULL)
				q = end;
			if ((size_t)(q - p) > max) {
				in->verbatim = 1;
				break;
			}
			if (in->depth > 0 && q < end && q - p >= LIFT_MIN &&
			    lift_run(in, p, q, 0, &lines)) {
				buf_add(&in->out, run, p - run);
				lift_mark(&in->out, lines);
				run = q;
			}
			p = q;
			continue;
		}
		if ((t = token_end(in, p, end)) == NULL ||
		    (size_t)(t - p) > max) {
			in->verbatim = 1;
			break;
		}
		/* A CDATA section in an element. */
		if (in->depth > 0 && p[1] == '!' && p[2] == '[' &&
		    t - p >= 12 + LIFT_MIN &&
		    lift_run(in, p + 9, t - 3, 1, &lines)) {
			buf_add(&in->out, run, p - run);
			lift_mark(&in->out, lines);
			run = t;
		}
		p = t;
	}
	if (in->verbatim && (size_t)(p - start) < max) {
		room = max - (size_t)(p - start);
		p += (size_t)(end - p) < room ? (size_t)(end - p) : room;
	}
	in->pos = p - (const unsigned char *)in->data;
	if (run == start) {
		*s = (const char *)start;
		*len = p - start;
	} else {
		buf_add(&in->out, run, p - run);
		*s = in->out.s;
		*len = in->out.len;
	}
	return p == end;
}

/*
 * The text lifted out for the next mark libxml2 reads, in *s and *len
 * (borrowed from in): 1, or 0 if there is none.
 */
int
feed_input_lifted(struct feed_input *in, const char **s, size_t *len)
{
	struct feed_lift	*l;

	if (in->lifted >= in->nlift)
		return 0;
	l = &in->lift[in->lifted++];
	*s = (l->copied ? in->text.s : in->data) + l->off;
	*len = l->len;
	return 1;
}
