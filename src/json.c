/*
 * A small JSON writer.  Output is always valid JSON: strings are escaped
 * (control characters as \u00XX, so a feed's ESC bytes never reach a
 * terminal raw) and invalid UTF-8 becomes U+FFFD.  The writer tracks nesting
 * so callers never place commas or colons themselves.
 */
#include <inttypes.h>
#include <string.h>

#include "majlis.h"

void
json_init(struct json *j, FILE *fp, int pretty)
{
	memset(j, 0, sizeof *j);
	j->fp = fp;
	j->pretty = pretty;
}

/* Write what must come before any value: a comma, a newline, indent. */
static void
json_sep(struct json *j)
{
	int	 i;

	if (j->afterkey) {
		j->afterkey = 0;
		return;
	}
	if (j->count[j->depth]++ > 0)
		fputc(',', j->fp);
	if (j->pretty && j->depth > 0) {
		fputc('\n', j->fp);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->fp);
	}
}

static void
json_open(struct json *j, int c)
{
	json_sep(j);
	fputc(c, j->fp);
	if (j->depth + 1 >= JSON_MAXDEPTH)
		fatalx("JSON nested too deeply");
	j->count[++j->depth] = 0;
}

static void
json_close(struct json *j, int c)
{
	int	 i, had = j->count[j->depth];

	j->depth--;
	if (j->pretty && had > 0) {
		fputc('\n', j->fp);
		for (i = 0; i < j->depth; i++)
			fputs("  ", j->fp);
	}
	fputc(c, j->fp);
}

void json_begin_object(struct json *j) { json_open(j, '{'); }
void json_end_object(struct json *j) { json_close(j, '}'); }
void json_begin_array(struct json *j) { json_open(j, '['); }
void json_end_array(struct json *j) { json_close(j, ']'); }

/*
 * Write s as a JSON string.  Runs of bytes that need no escape go out in one
 * fwrite: the parse benchmark prints tens of megabytes through here.
 */
static void
json_quote(struct json *j, const char *s)
{
	/* 0: copied as it is; 1: ASCII that needs an escape; 2: non-ASCII. */
	static const unsigned char cls[256] = {
		1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
		0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,
		0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
		2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
		2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
		2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
		2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,
	};
	const unsigned char *u = (const unsigned char *)s, *run = u;
	uint32_t	 c;
	size_t		 n;

	putc_unlocked('"', j->fp);
	for (;;) {
		while (cls[*u] == 0)
			u++;
		c = *u;
		if (c == 0)
			break;
		n = 1;
		if (c >= 0x80) {
			/* Two-byte characters above U+009F need no decoding. */
			if (c >= 0xc2 && c <= 0xdf && (u[1] & 0xc0) == 0x80 &&
			    (c != 0xc2 || u[1] > 0x9f)) {
				u += 2;
				continue;
			}
			n = utf8_decode((const char *)u,
			    strnlen((const char *)u, 4), &c);
			if (c != UTF8_REPLACEMENT && c > 0x9f && c != 0x2028 &&
			    c != 0x2029) {
				u += n;
				continue;
			}
		}
		fwrite(run, 1, u - run, j->fp);
		switch (c) {
		case '"':
			fputs("\\\"", j->fp);
			break;
		case '\\':
			fputs("\\\\", j->fp);
			break;
		case '\n':
			fputs("\\n", j->fp);
			break;
		case '\t':
			fputs("\\t", j->fp);
			break;
		case '\r':
			fputs("\\r", j->fp);
			break;
		case UTF8_REPLACEMENT:
			fputs("\xef\xbf\xbd", j->fp);
			break;
		default:
			fprintf(j->fp, "\\u%04x", (unsigned)c);
		}
		u += n;
		run = u;
	}
	fwrite(run, 1, u - run, j->fp);
	putc_unlocked('"', j->fp);
}


void
json_key(struct json *j, const char *k)
{
	json_sep(j);
	json_quote(j, k);
	fputs(j->pretty ? ": " : ":", j->fp);
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
	json_sep(j);
	fprintf(j->fp, "%" PRId64, v);
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
	fputs(v ? "true" : "false", j->fp);
}

void
json_null(struct json *j)
{
	json_sep(j);
	fputs("null", j->fp);
}

/* Finish a top-level value with a newline. */
void
json_end(struct json *j)
{
	fputc('\n', j->fp);
}
