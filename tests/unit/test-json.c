/*
 * Unit tests for json.c: string escaping (controls, C1 controls, the
 * JavaScript line breaks, invalid UTF-8, one to four-byte characters),
 * strings longer than the writer's buffer, nesting and commas, pretty
 * printing, integers at their limits, and when output reaches the stream;
 * and the reader: members, escapes and surrogate pairs, ids of 64 bits
 * kept as text, what is not JSON, and nesting past its bound.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/* A writer on a memory stream; out() closes it and returns the text. */
struct sink {
	FILE	*fp;
	char	*s;
	size_t	 len;
};

static struct json *
open_sink(struct sink *k, int pretty)
{
	struct json	*j;

	k->s = NULL;
	k->len = 0;
	if ((k->fp = open_memstream(&k->s, &k->len)) == NULL)
		fail_msg("open_memstream");
	j = xmalloc(sizeof *j);
	json_init(j, k->fp, pretty);
	return j;
}

static char *
out(struct sink *k, struct json *j)
{
	fclose(k->fp);
	free(j);
	return k->s;
}

/* The JSON text json_string() writes for s, end of value included. */
static char *
quoted(const char *s)
{
	struct sink	 k;
	struct json	*j = open_sink(&k, 0);

	json_string(j, s);
	json_end(j);
	return out(&k, j);
}

static void
expect_quoted(const char *s, const char *want)
{
	char	*got = quoted(s);

	assert_string_equal(got, want);
	free(got);
}

static void
test_escapes(void **state)
{
	(void)state;
	expect_quoted("", "\"\"\n");
	expect_quoted("plain text", "\"plain text\"\n");
	expect_quoted("a\"b\\c", "\"a\\\"b\\\\c\"\n");
	expect_quoted("line\nnext\ttab\rcr", "\"line\\nnext\\ttab\\rcr\"\n");
	/* ESC, the other C0 controls and DEL as \u00XX. */
	expect_quoted("\033[2J\001\037\177",
	    "\"\\u001b[2J\\u0001\\u001f\\u007f\"\n");
	/* C1 controls (U+0080..U+009F) are escaped, U+00A0 is not. */
	expect_quoted("\302\200\302\233\302\237\302\240\302\277",
	    "\"\\u0080\\u009b\\u009f\302\240\302\277\"\n");
	/* U+2028 and U+2029 end lines in JavaScript. */
	expect_quoted("a\342\200\250b\342\200\251c\342\200\247",
	    "\"a\\u2028b\\u2029c\342\200\247\"\n");
	/* Arabic, a three-byte and a four-byte character pass as they are. */
	expect_quoted("\330\263\331\204\330\247\331\205 \342\200\231 "
	    "\360\237\230\200", "\"\330\263\331\204\330\247\331\205 "
	    "\342\200\231 \360\237\230\200\"\n");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* A stray continuation byte, a lone lead byte, a cut sequence. */
	expect_quoted("a\200b", "\"a\357\277\275b\"\n");
	expect_quoted("a\330 b", "\"a\357\277\275 b\"\n");
	expect_quoted("end\342\200", "\"end\357\277\275\357\277\275\"\n");
	/* Overlong forms and surrogates are not characters. */
	expect_quoted("\300\257\340\200\257", "\"\357\277\275\357\277\275"
	    "\357\277\275\357\277\275\357\277\275\"\n");
	expect_quoted("\355\240\200", "\"\357\277\275\357\277\275"
	    "\357\277\275\"\n");
	expect_quoted("\364\220\200\200", "\"\357\277\275\357\277\275"
	    "\357\277\275\357\277\275\"\n");
	/* A literal U+FFFD stays one. */
	expect_quoted("\357\277\275", "\"\357\277\275\"\n");
}

/*
 * Strings longer than the writer's buffer, with escapes and characters
 * of every length at every offset: the output must be the escaped text,
 * whole.  The expected text is built here a character at a time.
 */
static void
test_long_strings(void **state)
{
	static const char *const pieces[][2] = {
		{ "word ", "word " },
		{ "\"", "\\\"" },
		{ "\330\271", "\330\271" },
		{ "\n", "\\n" },
		{ "\342\200\224", "\342\200\224" },
		{ "\302\205", "\\u0085" },
		{ "\360\235\204\236", "\360\235\204\236" },
		{ "\377", "\357\277\275" },
	};
	struct buf	 in, want;
	char		*got;
	size_t		 i;

	(void)state;
	buf_init(&in);
	buf_init(&want);
	buf_addc(&want, '"');
	for (i = 0; in.len < 3 * JSON_BUFSIZE; i++) {
		size_t	 p = (i * 7 + i / 3) % nitems(pieces);

		buf_adds(&in, pieces[p][0]);
		buf_adds(&want, pieces[p][1]);
	}
	buf_adds(&want, "\"\n");
	got = quoted(buf_str(&in));
	assert_int_equal(strlen(got), want.len);
	assert_string_equal(got, want.s);
	free(got);
	buf_free(&in);
	buf_free(&want);
}

static void
test_structure(void **state)
{
	struct sink	 k;
	struct json	*j;
	char		*s, *tags[] = { "a", "b" };

	(void)state;
	j = open_sink(&k, 0);
	json_begin_object(j);
	json_key(j, "n"); json_int(j, 42);
	json_key(j, "neg"); json_int(j, -7);
	json_key(j, "min"); json_int(j, INT64_MIN);
	json_key(j, "max"); json_int(j, INT64_MAX);
	json_key(j, "zero"); json_int(j, 0);
	json_key(j, "none"); json_date(j, DATE_NONE);
	json_key(j, "date"); json_date(j, 1021821696);
	json_key(j, "t"); json_bool(j, 1);
	json_key(j, "f"); json_bool(j, 0);
	json_key(j, "s"); json_string(j, NULL);
	json_key(j, "tags"); json_strings(j, tags, 2);
	json_key(j, "empty"); json_begin_array(j); json_end_array(j);
	json_key(j, "o"); json_begin_object(j); json_end_object(j);
	json_end_object(j);
	json_end(j);
	s = out(&k, j);
	assert_string_equal(s, "{\"n\":42,\"neg\":-7,"
	    "\"min\":-9223372036854775808,\"max\":9223372036854775807,"
	    "\"zero\":0,\"none\":null,\"date\":1021821696,\"t\":true,"
	    "\"f\":false,\"s\":null,\"tags\":[\"a\",\"b\"],\"empty\":[],"
	    "\"o\":{}}\n");
	free(s);

	j = open_sink(&k, 1);
	json_begin_object(j);
	json_key(j, "a"); json_begin_array(j);
	json_int(j, 1); json_int(j, 2);
	json_end_array(j);
	json_key(j, "b"); json_begin_array(j); json_end_array(j);
	json_end_object(j);
	json_end(j);
	s = out(&k, j);
	assert_string_equal(s, "{\n  \"a\": [\n    1,\n    2\n  ],\n"
	    "  \"b\": []\n}\n");
	free(s);
}

/*
 * Output is gathered, but a complete top-level value reaches the stream
 * at once, so text the caller prints after it comes after it; and a big
 * value streams out before it is complete.
 */
static void
test_flushing(void **state)
{
	struct sink	 k;
	struct json	*j;
	char		*s, big[1000];
	int		 i;

	(void)state;
	j = open_sink(&k, 0);
	json_begin_array(j);
	json_int(j, 1);
	json_end_array(j);
	fputs(" between", k.fp);
	json_end(j);
	json_init(j, k.fp, 0);
	json_string(j, "x");
	fputs(" after", k.fp);
	s = out(&k, j);
	assert_string_equal(s, "[1] between\n\"x\" after");
	free(s);

	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	j = open_sink(&k, 0);
	json_begin_array(j);
	for (i = 0; i < 4 * JSON_BUFSIZE / (int)sizeof big; i++)
		json_string(j, big);
	fflush(k.fp);
	/* Still open, yet most of it is out already. */
	assert_true(k.len > 2 * JSON_BUFSIZE);
	json_end_array(j);
	json_end(j);
	s = out(&k, j);
	assert_int_equal(strlen(s), 2 + (size_t)i * (sizeof big + 2));
	free(s);
}

static struct jval *
parse(const char *s)
{
	return json_parse(s, strlen(s));
}

static void
test_reader(void **state)
{
	struct jval		*v;
	const struct jval	*a;
	char			 deep[80];
	size_t			 i;

	(void)state;
	v = parse(" {\"items\": [{\"id\": 1700000000000000001,"
	    " \"t\": \"a\\\"\\u0645\\ud83d\\ude00\\n\"}, true, null],"
	    " \"c\": \"x\"} ");
	assert_non_null(v);
	a = jval_get(v, "items");
	assert_non_null(a);
	assert_int_equal(a->type, JVAL_ARRAY);
	assert_int_equal(a->n, 3);
	assert_string_equal(jval_str(a->v[0], "id"), "1700000000000000001");
	assert_string_equal(jval_str(a->v[0], "t"), "a\"\xd9\x85\xf0\x9f\x98\x80\n");
	assert_int_equal(a->v[1]->type, JVAL_TRUE);
	assert_int_equal(a->v[2]->type, JVAL_NULL);
	assert_string_equal(jval_str(v, "c"), "x");
	assert_null(jval_get(v, "none"));
	assert_null(jval_str(a, "id"));		/* an array has no members */
	jval_free(v);
	/* A lone surrogate is U+FFFD, as invalid UTF-8 is. */
	v = parse("\"\\ud800x\xff\"");
	assert_non_null(v);
	assert_string_equal(v->s, "\xef\xbf\xbdx\xef\xbf\xbd");
	jval_free(v);
	assert_null(parse(""));
	assert_null(parse("{\"a\" 1}"));
	assert_null(parse("[1,]"));
	assert_null(parse("[1] x"));
	assert_null(parse("\"open"));
	assert_null(parse("\"a\tb\""));		/* a raw control character */
	assert_null(parse("-"));
	/* JSON_MAXDEPTH levels are read, one more is refused. */
	for (i = 0; i < JSON_MAXDEPTH; i++) {
		deep[i] = '[';
		deep[2 * JSON_MAXDEPTH - 1 - i] = ']';
	}
	deep[2 * JSON_MAXDEPTH] = '\0';
	v = parse(deep);
	assert_non_null(v);
	jval_free(v);
	memmove(deep + 1, deep, strlen(deep) + 1);
	deep[0] = '[';
	strcat(deep, "]");
	assert_null(parse(deep));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_flushing),
		cmocka_unit_test(test_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
