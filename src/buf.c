/*
 * Growable byte strings.  The parser accumulates element text in these, the
 * JSON writer and the renderers build output in them.  Growth checks for
 * overflow before it multiplies.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

void
buf_init(struct buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Has b room for n more bytes and the NUL?  Past SIZE_MAX is fatal. */
static int
buf_room(const struct buf *b, size_t n)
{
	if (n > SIZE_MAX - b->len - 1)
		fatalx("string too long");
	return b->len + n + 1 <= b->cap;
}

/* Make room for need more bytes plus the terminating NUL. */
static void
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap;

	if (buf_room(b, need))
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + need + 1)
		cap = cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

/*
 * Room for n more bytes (and the NUL) in one allocation, where the caller
 * knows about how much is coming: growing by doubling copies the text
 * over again at each step.
 */
void
buf_reserve(struct buf *b, size_t n)
{
	if (buf_room(b, n))
		return;
	b->cap = b->len + n + 1;
	b->s = xrealloc(b->s, b->cap);
	b->s[b->len] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_addc(struct buf *b, int c)
{
	char	 ch = (char)c;

	buf_add(b, &ch, 1);
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	buf_add(b, s, (size_t)n);
	free(s);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

const char *
buf_str(struct buf *b)
{
	if (b->s == NULL)
		buf_grow(b, 0), b->s[0] = '\0';
	return b->s;
}

char *
buf_take(struct buf *b)
{
	char	*s;

	buf_str(b);
	s = b->s;
	buf_init(b);
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	buf_init(b);
}

/*
 * A list of strings kept in a buf, each NUL-terminated after the other
 * (the spellings of a search).  buf_list_has() says whether s[0..len) is
 * one of them, or with prefix whether one of them begins s.
 */
int
buf_list_has(const struct buf *b, const char *s, size_t len, int prefix)
{
	size_t	 i, n;

	for (i = 0; i < b->len; i += n + 1) {
		n = strlen(b->s + i);
		if (prefix ? n <= len && memcmp(b->s + i, s, n) == 0 :
		    n == len && memcmp(b->s + i, s, len) == 0)
			return 1;
	}
	return 0;
}

/* Adds s[0..len) to the list unless it is there: 1 if it was added. */
int
buf_list_add(struct buf *b, const char *s, size_t len)
{
	if (buf_list_has(b, s, len, 0))
		return 0;
	buf_add(b, s, len);
	buf_addc(b, '\0');
	return 1;
}
