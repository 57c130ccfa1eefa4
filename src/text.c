/*
 * UTF-8 and terminal safety.  Everything a feed wrote is hostile: it may be
 * invalid UTF-8, and it may carry control characters or escape sequences
 * that would reprogram the user's terminal (ESC, CSI, OSC, the C1 range) or
 * bidi override characters that make text read other than it is stored.
 * Text is validated here (invalid sequences become U+FFFD, never a crash or a
 * dropped post) and scrubbed here before anything draws or prints it.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/*
 * Decode one character from s (len > 0 bytes available).  Stores the code
 * point in *cp and returns the number of bytes used, always at least 1.  An
 * invalid, overlong, surrogate or truncated sequence gives U+FFFD and
 * consumes one byte, so that the caller resynchronises on the next.
 */
size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t	 c, min;
	size_t		 n, i;

	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		goto bad;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = UTF8_REPLACEMENT;
	return 1;
}

void
utf8_encode(struct buf *b, uint32_t c)
{
	char	 s[4];

	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = UTF8_REPLACEMENT;
	if (c < 0x80) {
		s[0] = (char)c;
		buf_add(b, s, 1);
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 4);
	}
}

/* Is s[0..len) valid UTF-8?  A literal U+FFFD counts as valid. */
int
utf8_valid(const char *s, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;

	for (i = 0; i < len; i += n) {
		if ((unsigned char)s[i] < 0x80) {
			n = 1;
			continue;
		}
		n = utf8_decode(s + i, len - i, &c);
		if (c == UTF8_REPLACEMENT && n == 1)
			return 0;
	}
	return 1;
}

/* Returns a heap copy of s[0..len) with every invalid sequence as U+FFFD. */
char *
utf8_sanitize(const char *s, size_t len)
{
	struct buf	 b;
	uint32_t	 c;
	size_t		 i, n;

	if (utf8_valid(s, len))
		return xstrndup(s, len);
	buf_init(&b);
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c == UTF8_REPLACEMENT)
			utf8_encode(&b, c);
		else
			buf_add(&b, s + i, n);
	}
	return buf_take(&b);
}

/*
 * Characters that must never reach a terminal from a feed: C0 controls but
 * tab and newline (ESC starts every escape sequence), DEL, the C1 range
 * (0x9b is a one-byte CSI on some terminals), and the bidi embedding,
 * override and isolate controls, which could make a title display as text
 * other than it is.
 */
int
text_is_unsafe(uint32_t c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n';
	if (c >= 0x7f && c <= 0x9f)
		return 1;
	if (c >= 0x202a && c <= 0x202e)
		return 1;
	if (c >= 0x2066 && c <= 0x2069)
		return 1;
	return 0;
}

/*
 * Returns a heap copy of s, valid UTF-8, with every unsafe character
 * dropped.  Carriage returns become nothing; other dropped controls too.
 */
char *
text_safe(const char *s)
{
	struct buf	 b;
	uint32_t	 c;
	size_t		 i, n, len = strlen(s);

	buf_init(&b);
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (text_is_unsafe(c))
			continue;
		if (c == UTF8_REPLACEMENT)
			utf8_encode(&b, c);
		else
			buf_add(&b, s + i, n);
	}
	return buf_take(&b);
}

/* Remove leading and trailing ASCII white space from b in place. */
void
text_trim(struct buf *b)
{
	size_t	 start = 0;

	buf_str(b);
	while (b->len > 0 && ascii_space(b->s[b->len - 1]))
		b->s[--b->len] = '\0';
	while (start < b->len && ascii_space(b->s[start]))
		start++;
	if (start > 0) {
		memmove(b->s, b->s + start, b->len - start + 1);
		b->len -= start;
	}
}
