/*
 * A small JSON writer.  Output is always valid JSON: strings are escaped
 * (control characters as \u00XX, so a feed's ESC bytes never reach a
 * terminal raw) and invalid UTF-8 becomes U+FFFD.  The writer tracks nesting
 * so callers never place commas or colons themselves.
 *
 * `majlis parse --json` prints tens of megabytes through here, a value at a
 * time, so the writer gathers its output in the struct's own buffer and
 * hands stdio large pieces: a stdio call per key, comma and string costs
 * more than escaping the text.  What is gathered goes out when the buffer
 * is full and whenever a top-level value is complete (json_done), so a
 * caller that prints something between two documents keeps its order.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "majlis.h"

void
json_init(struct json *j, FILE *fp, int pretty)
{
	j->fp = fp;
	j->depth = 0;
	memset(j->count, 0, sizeof j->count);
	j->afterkey = 0;
	j->pretty = pretty;
	j->len = 0;
}

static void
json_flush(struct json *j)
{
	if (j->len > 0)
		fwrite(j->out, 1, j->len, j->fp);
	j->len = 0;
}

/* Append n bytes; a piece larger than the buffer goes to stdio directly. */
static void
out_add(struct json *j, const void *p, size_t n)
{
	if (n > sizeof j->out - j->len) {
		json_flush(j);
		if (n > sizeof j->out) {
			fwrite(p, 1, n, j->fp);
			return;
		}
	}
	memcpy(j->out + j->len, p, n);
	j->len += n;
}

static inline void
out_c(struct json *j, char c)
{
	if (j->len == sizeof j->out)
		json_flush(j);
	j->out[j->len++] = c;
}

/* A value is complete: at the top level, it goes out now. */
static inline void
json_done(struct json *j)
{
	if (j->depth == 0)
		json_flush(j);
}

static void
json_indent(struct json *j)
{
	int	 i;

	out_c(j, '\n');
	for (i = 0; i < j->depth; i++)
		out_add(j, "  ", 2);
}

/* Write what must come before any value: a comma, a newline, indent. */
static inline void
json_sep(struct json *j)
{
	if (j->afterkey) {
		j->afterkey = 0;
		return;
	}
	if (j->count[j->depth]++ > 0)
		out_c(j, ',');
	if (j->pretty && j->depth > 0)
		json_indent(j);
}

static void
json_open(struct json *j, char c)
{
	json_sep(j);
	out_c(j, c);
	if (j->depth + 1 >= JSON_MAXDEPTH)
		fatalx("JSON nested too deeply");
	j->count[++j->depth] = 0;
}

static void
json_close(struct json *j, char c)
{
	int	 had = j->count[j->depth];

	j->depth--;
	if (j->pretty && had > 0)
		json_indent(j);
	out_c(j, c);
	json_done(j);
}

void json_begin_object(struct json *j) { json_open(j, '{'); }
void json_end_object(struct json *j) { json_close(j, '}'); }
void json_begin_array(struct json *j) { json_open(j, '['); }
void json_end_array(struct json *j) { json_close(j, ']'); }

#ifdef __SSE2__
/*
 * Skip, sixteen bytes at a time, text that needs no escape and no closer
 * look: ASCII other than controls, DEL, '"' and '\\', and two-byte
 * characters whose lead byte is C3..DF (U+00C0..U+07FF: Arabic, Kurdish,
 * Hebrew, Cyrillic, Greek, accented Latin).  A block passes when every
 * byte is of those three kinds (plain, lead, continuation) and the
 * continuations are exactly the bytes after a lead; a lead in its last
 * byte is left for the next block.  u is at a character boundary.
 * Returns where the first block that does not pass starts.
 */
static inline const unsigned char *
skip_plain(const unsigned char *u, const unsigned char *end)
{
	__m128i	 x, plain, lead, cont;
	int	 all, pairs, last;

	while (end - u >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)u);
		/* Signed bytes: 0x20..0x7e are the ones above 0x1f. */
		plain = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
		    _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f))),
		    _mm_cmpgt_epi8(x, _mm_set1_epi8(0x1f)));
		/* C3..DF are -61..-33, 80..BF are -128..-65. */
		lead = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-62)),
		    _mm_cmpgt_epi8(_mm_set1_epi8(-32), x));
		cont = _mm_cmpgt_epi8(_mm_set1_epi8(-64), x);
		all = _mm_movemask_epi8(_mm_or_si128(plain,
		    _mm_or_si128(lead, cont)));
		pairs = _mm_movemask_epi8(_mm_xor_si128(_mm_slli_si128(lead,
		    1), cont));
		if (all != 0xffff || pairs != 0)
			break;
		last = (_mm_movemask_epi8(lead) >> 15) & 1;
		u += 16 - last;
	}
	return u;
}
#else
/*
 * Are the 8 bytes at p all ASCII that needs no escape: no high bit, no
 * control character (DEL included), no '"' and no '\\'?  Once no byte has
 * its high bit set, v + 0x01.. sets it only in a DEL.  No branch: this is
 * the JSON writer's inner loop.
 */
static inline int
plain8(const unsigned char *p)
{
	uint64_t	 v;

	memcpy(&v, p, 8);
	return (((v | (v + SWAR_ONES)) & SWAR_HIGHS) | swar_below(v, 0x20) |
	    swar_eq(v, '"') | swar_eq(v, '\\')) == 0;
}

/* Skip plain ASCII eight bytes at a time. */
static inline const unsigned char *
skip_plain(const unsigned char *u, const unsigned char *end)
{
	while (end - u >= 8 && plain8(u))
		u += 8;
	return u;
}
#endif

/*
 * Write s as a JSON string.  Text that needs no escape is skipped a block
 * at a time (skip_plain), or a character at a time through cls[], whose
 * two-byte class lets Arabic and Kurdish text pass without decoding;
 * anything else stops the scan and is looked at closely.  Runs that need
 * no escape are copied whole.
 */
static void
json_quote(struct json *j, const char *s)
{
	/*
	 * 0: look closer (escapes, DEL, NUL, C2 which may start a C1 control,
	 * stray continuation bytes, leads of longer sequences); 1: ASCII as
	 * it is; 2: the lead byte of a two-byte character above U+00BF.
	 */
	static const unsigned char cls[256] = {
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
		1,1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
		1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,1,1,1,
		1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
		0,0,0,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
	};
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s, *run = u, *end;
	char		 esc[6];
	uint32_t	 c;
	size_t		 n;
	int		 i;

	end = u + strlen(s);
	out_c(j, '"');
	for (;;) {
		u = skip_plain(u, end);
		/*
		 * A few characters one by one, then eight at a time again.
		 * Without branches but the loop's own: in text that mixes
		 * one and two-byte characters, a branch on the class would
		 * be mispredicted at every change.  The string's NUL (class
		 * 0) stops this before its end; u[1] is read only after a
		 * lead byte, so it is at most that NUL.
		 */
		for (i = 0; i < 8; i++) {
			if (cls[*u] == 1)
				u++;
			else if (cls[*u] == 2 && (u[1] & 0xc0) == 0x80)
				u += 2;
			else
				break;
		}
		if (i == 8)
			continue;
		if (u == end)
			break;
		c = *u;
		n = 1;
		if (c >= 0x80) {
			/* C2 A0..BF: U+00A0..U+00BF, as they are. */
			if (c == 0xc2 && u[1] >= 0xa0 && u[1] <= 0xbf) {
				u += 2;
				continue;
			}
			n = utf8_decode((const char *)u,
			    end - u < 4 ? (size_t)(end - u) : 4, &c);
			/* C1 controls and JavaScript's line breaks: escaped. */
			if (c != UTF8_REPLACEMENT && c > 0x9f && c != 0x2028 &&
			    c != 0x2029) {
				u += n;
				continue;
			}
		}
		out_add(j, run, u - run);
		switch (c) {
		case '"':
			out_add(j, "\\\"", 2);
			break;
		case '\\':
			out_add(j, "\\\\", 2);
			break;
		case '\n':
			out_add(j, "\\n", 2);
			break;
		case '\t':
			out_add(j, "\\t", 2);
			break;
		case '\r':
			out_add(j, "\\r", 2);
			break;
		case UTF8_REPLACEMENT:
			out_add(j, "\xef\xbf\xbd", 3);
			break;
		default:
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = hex[(c >> 12) & 0xf];
			esc[3] = hex[(c >> 8) & 0xf];
			esc[4] = hex[(c >> 4) & 0xf];
			esc[5] = hex[c & 0xf];
			out_add(j, esc, sizeof esc);
		}
		u += n;
		run = u;
	}
	out_add(j, run, u - run);
	out_c(j, '"');
}

void
json_key(struct json *j, const char *k)
{
	json_sep(j);
	json_quote(j, k);
	if (j->pretty)
		out_add(j, ": ", 2);
	else
		out_c(j, ':');
	j->afterkey = 1;
}

/* A string, or null for NULL. */
void
json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	json_sep(j);
	json_quote(j, s);
	json_done(j);
}

/* An array of n strings. */
void
json_strings(struct json *j, char *const *v, size_t n)
{
	size_t	 i;

	json_begin_array(j);
	for (i = 0; i < n; i++)
		json_string(j, v[i]);
	json_end_array(j);
}

void
json_int(struct json *j, int64_t v)
{
	char		 d[24], *p = d + sizeof d;
	uint64_t	 u;

	/* Negated in unsigned arithmetic: INT64_MIN has no positive twin. */
	u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	json_sep(j);
	out_add(j, p, d + sizeof d - p);
	json_done(j);
}

/* A date in UTC seconds, or null for DATE_NONE. */
void
json_date(struct json *j, int64_t v)
{
	if (v == DATE_NONE)
		json_null(j);
	else
		json_int(j, v);
}

void
json_bool(struct json *j, int v)
{
	json_sep(j);
	if (v)
		out_add(j, "true", 4);
	else
		out_add(j, "false", 5);
	json_done(j);
}

void
json_null(struct json *j)
{
	json_sep(j);
	out_add(j, "null", 4);
	json_done(j);
}

/* Finish a top-level value with a newline, and let it all out. */
void
json_end(struct json *j)
{
	out_c(j, '\n');
	json_flush(j);
}

/*
 * The reader: a whole document into a tree of struct jval (what a sync
 * server answers, src/sync*.c).  It is strict where it is cheap to be (the
 * grammar of RFC 8259, nesting at most JSON_MAXDEPTH deep, so a hostile
 * answer cannot take the stack) and keeps numbers as their text, since an
 * item id of 64 bits does not fit a double.  Strings are UTF-8; invalid
 * bytes and lone surrogates become U+FFFD.
 */
struct jparse {
	const char	*p, *end;
	int		 depth;
};

static struct jval *jparse_value(struct jparse *);

static void
jparse_blank(struct jparse *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static int
jparse_hex4(struct jparse *jp, uint32_t *c)
{
	int	 i, d;

	if (jp->end - jp->p < 4)
		return -1;
	for (*c = 0, i = 0; i < 4; i++) {
		d = jp->p[i];
		if (ascii_digit(d))
			d -= '0';
		else if ((d | 0x20) >= 'a' && (d | 0x20) <= 'f')
			d = (d | 0x20) - 'a' + 10;
		else
			return -1;
		*c = *c << 4 | (uint32_t)d;
	}
	jp->p += 4;
	return 0;
}

/* At the opening quote: a heap string, or NULL. */
static char *
jparse_string(struct jparse *jp)
{
	struct buf	 b;
	uint32_t	 c, lo;
	char		*s;

	buf_init(&b);
	for (jp->p++; jp->p < jp->end && *jp->p != '"'; ) {
		if ((unsigned char)*jp->p < 0x20)
			goto fail;
		if (*jp->p != '\\') {
			buf_addc(&b, *jp->p++);
			continue;
		}
		if (++jp->p == jp->end)
			goto fail;
		switch (*jp->p++) {
		case '"':	buf_addc(&b, '"'); break;
		case '\\':	buf_addc(&b, '\\'); break;
		case '/':	buf_addc(&b, '/'); break;
		case 'b':	buf_addc(&b, '\b'); break;
		case 'f':	buf_addc(&b, '\f'); break;
		case 'n':	buf_addc(&b, '\n'); break;
		case 'r':	buf_addc(&b, '\r'); break;
		case 't':	buf_addc(&b, '\t'); break;
		case 'u':
			if (jparse_hex4(jp, &c) == -1)
				goto fail;
			if (c >= 0xd800 && c <= 0xdbff && jp->end - jp->p >= 6 &&
			    jp->p[0] == '\\' && jp->p[1] == 'u') {
				jp->p += 2;
				if (jparse_hex4(jp, &lo) == -1)
					goto fail;
				if (lo >= 0xdc00 && lo <= 0xdfff)
					c = 0x10000 + ((c - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					c = UTF8_REPLACEMENT;
			} else if (c >= 0xd800 && c <= 0xdfff)
				c = UTF8_REPLACEMENT;
			utf8_encode(&b, c ? c : UTF8_REPLACEMENT);
			break;
		default:
			goto fail;
		}
	}
	if (jp->p == jp->end)
		goto fail;
	jp->p++;
	buf_str(&b);
	s = utf8_sanitize(b.s, b.len);
	buf_free(&b);
	return s;
fail:
	buf_free(&b);
	return NULL;
}

static struct jval *
jval_new(enum jval_type type)
{
	struct jval	*v = xcalloc(1, sizeof *v);

	v->type = type;
	return v;
}

/* An array's or an object's members, after the opening bracket. */
static int
jparse_members(struct jparse *jp, struct jval *v, char close)
{
	struct jval	*m;
	char		*key = NULL;

	jparse_blank(jp);
	if (jp->p < jp->end && *jp->p == close) {
		jp->p++;
		return 0;
	}
	for (;;) {
		jparse_blank(jp);
		if (close == '}') {
			if (jp->p == jp->end || *jp->p != '"' ||
			    (key = jparse_string(jp)) == NULL)
				return -1;
			jparse_blank(jp);
			if (jp->p == jp->end || *jp->p++ != ':') {
				free(key);
				return -1;
			}
		}
		if ((m = jparse_value(jp)) == NULL) {
			free(key);
			return -1;
		}
		m->key = key;
		key = NULL;
		v->v = xreallocarray(v->v, v->n + 1, sizeof *v->v);
		v->v[v->n++] = m;
		jparse_blank(jp);
		if (jp->p == jp->end)
			return -1;
		if (*jp->p == close) {
			jp->p++;
			return 0;
		}
		if (*jp->p++ != ',')
			return -1;
	}
}

static struct jval *
jparse_value(struct jparse *jp)
{
	struct jval	*v;
	const char	*start;
	static const struct {
		const char	*word;
		enum jval_type	 type;
	} words[] = {
		{ "true", JVAL_TRUE }, { "false", JVAL_FALSE },
		{ "null", JVAL_NULL }
	};
	size_t		 i, n;

	jparse_blank(jp);
	if (jp->p == jp->end)
		return NULL;
	switch (*jp->p) {
	case '{':
	case '[':
		if (jp->depth >= JSON_MAXDEPTH)
			return NULL;
		v = jval_new(*jp->p == '{' ? JVAL_OBJECT : JVAL_ARRAY);
		jp->p++;
		jp->depth++;
		if (jparse_members(jp, v, v->type == JVAL_OBJECT ? '}' :
		    ']') == -1) {
			jval_free(v);
			return NULL;
		}
		jp->depth--;
		return v;
	case '"':
		v = jval_new(JVAL_STRING);
		if ((v->s = jparse_string(jp)) == NULL) {
			jval_free(v);
			return NULL;
		}
		return v;
	}
	for (i = 0; i < nitems(words); i++) {
		n = strlen(words[i].word);
		if ((size_t)(jp->end - jp->p) >= n &&
		    memcmp(jp->p, words[i].word, n) == 0) {
			jp->p += n;
			return jval_new(words[i].type);
		}
	}
	start = jp->p;
	if (*jp->p == '-')
		jp->p++;
	while (jp->p < jp->end && (ascii_digit(*jp->p) || *jp->p == '.' ||
	    *jp->p == 'e' || *jp->p == 'E' || *jp->p == '+' || *jp->p == '-'))
		jp->p++;
	if (jp->p == start || !ascii_digit(jp->p[-1]))
		return NULL;
	v = jval_new(JVAL_NUMBER);
	v->s = xstrndup(start, (size_t)(jp->p - start));
	return v;
}

struct jval *
json_parse(const char *s, size_t len)
{
	struct jparse	 jp = { s, s + len, 0 };
	struct jval	*v;

	if ((v = jparse_value(&jp)) == NULL)
		return NULL;
	jparse_blank(&jp);
	if (jp.p != jp.end) {
		jval_free(v);
		return NULL;
	}
	return v;
}

void
jval_free(struct jval *v)
{
	size_t	 i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++)
		jval_free(v->v[i]);
	free(v->v);
	free(v->key);
	free(v->s);
	free(v);
}

/* An object's member named key, or NULL (also when v is no object). */
const struct jval *
jval_get(const struct jval *v, const char *key)
{
	size_t	 i;

	if (v == NULL || v->type != JVAL_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++) {
		if (strcmp(v->v[i]->key, key) == 0)
			return v->v[i];
	}
	return NULL;
}

/* The string (or number's text) of an object's member, or NULL. */
const char *
jval_str(const struct jval *v, const char *key)
{
	const struct jval	*m = jval_get(v, key);

	if (m == NULL || (m->type != JVAL_STRING && m->type != JVAL_NUMBER))
		return NULL;
	return m->s;
}
