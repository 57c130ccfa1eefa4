/*
 * Unit tests for wrap.c: widths in columns for Latin, Arabic, Sorani
 * Kurdish, CJK, emoji and combining marks; truncation; padding; wrapping
 * that keeps words and clusters whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

#define KURDISH	"هەواڵی ئەمڕۆ کوردستان"

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("hello"), 5);
	assert_int_equal(text_width("e\xcc\x81"), 1);		/* e + U+0301 */
	assert_int_equal(text_width("caf\xc3\xa9"), 4);	/* precomposed */
	assert_int_equal(text_width("中文"), 4);
	assert_int_equal(text_width("한국어"), 6);
	assert_int_equal(text_width("😀"), 2);
	assert_int_equal(text_width("مرحبا"), 5);
	assert_int_equal(text_width("مَرْحَبًا"), 5);		/* harakat are 0 */
	assert_int_equal(text_width(KURDISH), 21);
	assert_int_equal(text_width("a\x1b" "b"), 2);		/* ESC takes nothing */
	assert_int_equal(text_width("a\xe2\x80\x8b" "b"), 2);	/* ZWSP */
	assert_int_equal(char_width(0x0301), 0);
	assert_int_equal(char_width(0x4e2d), 2);
	assert_int_equal(char_width(0xff21), 2);		/* fullwidth A */
	assert_int_equal(char_width(0x1f600), 2);
	assert_int_equal(char_width(0x20000), 2);		/* CJK ext. B */
	assert_int_equal(char_width('A'), 1);
	assert_int_equal(char_width(0x0627), 1);		/* alef */
	assert_int_equal(char_width(0x064e), 0);		/* fatha */
}

static void
test_grapheme(void **state)
{
	const char	*family = "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9"
			    "\xe2\x80\x8d\xf0\x9f\x91\xa7" "x";
	const char	*flags = "\xf0\x9f\x87\xae\xf0\x9f\x87\xb6"
			    "\xf0\x9f\x87\xae\xf0\x9f\x87\xb6";
	int		 w;

	(void)state;
	assert_int_equal(text_grapheme("e\xcc\x81x", 4, &w), 3);
	assert_int_equal(w, 1);
	/* A ZWJ family is one cluster. */
	assert_int_equal(text_grapheme(family, strlen(family), NULL), 18);
	/* Regional indicators pair up: one flag, not two or four. */
	assert_int_equal(text_grapheme(flags, strlen(flags), NULL), 8);
	/* Thumbs up with a skin tone modifier. */
	assert_int_equal(text_grapheme("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", 8,
	    NULL), 8);
	/* An invalid byte is a cluster of one. */
	assert_int_equal(text_grapheme("\xff" "a", 2, NULL), 1);
}

static void
check_trunc(const char *s, int width, const char *want)
{
	char	*got = text_truncate(s, width);

	assert_string_equal(got, want);
	assert_true(text_width(got) <= width);
	free(got);
}

static void
test_truncate(void **state)
{
	(void)state;
	check_trunc("hello world", 20, "hello world");
	check_trunc("hello world", 11, "hello world");
	check_trunc("hello world", 8, "hello w\xe2\x80\xa6");
	check_trunc("hello", 1, "\xe2\x80\xa6");
	check_trunc("hello", 0, "");
	/* A wide character that does not fit is left out whole. */
	check_trunc("中文字", 4, "中\xe2\x80\xa6");
	check_trunc("中文字", 6, "中文字");
	/* The accent stays with its e. */
	check_trunc("cafe\xcc\x81 au lait", 5, "cafe\xcc\x81\xe2\x80\xa6");
	/* Escapes and line breaks never survive. */
	check_trunc("a\x1b[31mb\tc\nd", 20, "a[31mb c d");
	check_trunc("x\xe2\x80\xaey", 20, "xy");		/* U+202E */
	/* Cut in right-to-left text: a RIGHT-TO-LEFT MARK keeps the
	 * ellipsis in that run (bidi.c draws it where the text was cut). */
	check_trunc(KURDISH, 10, "هەواڵی ئە\xe2\x80\xa6\xe2\x80\x8f");
}

static void
test_pad(void **state)
{
	char	*s;

	(void)state;
	s = text_pad("abc", 6, 1);
	assert_string_equal(s, "   abc");
	free(s);
	s = text_pad("abc", 6, 0);
	assert_string_equal(s, "abc   ");
	free(s);
	s = text_pad("中文", 6, 1);
	assert_string_equal(s, "  中文");
	free(s);
	s = text_pad("abcdefgh", 4, 1);
	assert_string_equal(s, "abc\xe2\x80\xa6");
	free(s);
}

static void
check_wrap(const char *text, int width, const char *const *want, size_t n)
{
	char	**lines;
	size_t	  nlines, i;

	lines = text_wrap(text, width, &nlines);
	for (i = 0; i < nlines && i < n; i++)
		assert_string_equal(lines[i], want[i]);
	assert_int_equal(nlines, n);
	for (i = 0; i < nlines; i++)
		assert_true(text_width(lines[i]) <= width);
	strv_free(lines, nlines);
}

static void
test_wrap_words(void **state)
{
	static const char *const fox[] = {
		"the quick", "brown fox", "jumps over", "the lazy", "dog"
	};
	static const char *const longword[] = {
		"abcde", "fghij", "klmno", "p"
	};
	static const char *const mixed[] = {
		"a", "abcdefghij", "klm b"
	};
	static const char *const hard[] = { "one", "two three", "" };
	static const char *const empty[] = { "" };

	(void)state;
	check_wrap("the quick brown fox jumps over the lazy dog", 10, fox,
	    nitems(fox));
	check_wrap("abcdefghijklmnop", 5, longword, nitems(longword));
	/* A long word goes to its own line before it is broken. */
	check_wrap("a abcdefghijklm b", 10, mixed, nitems(mixed));
	check_wrap("one\ntwo three\n", 10, hard, nitems(hard));
	check_wrap("", 10, empty, nitems(empty));
}

static void
test_wrap_scripts(void **state)
{
	static const char *const kurdish[] = {
		"هەواڵی ئەمڕۆ", "کوردستان"
	};
	static const char *const arabic[] = {
		"مرحبا", "بالعالم"
	};
	static const char *const cjk[] = { "中文中", "文中文" };
	static const char *const emoji[] = { "😀😀😀", "ok" };

	(void)state;
	check_wrap(KURDISH, 12, kurdish, nitems(kurdish));
	check_wrap("مرحبا بالعالم", 10, arabic, nitems(arabic));
	/* Ideographs break without spaces. */
	check_wrap("中文中文中文", 6, cjk, nitems(cjk));
	check_wrap("😀😀😀 ok", 8, emoji, nitems(emoji));
}

static void
test_wrap_clusters(void **state)
{
	char		**lines;
	struct buf	  b;
	size_t		  n, i;
	int		  width, k;

	(void)state;
	/* Twelve e + U+0301 and some CJK with no spaces at all. */
	buf_init(&b);
	for (k = 0; k < 12; k++)
		buf_adds(&b, "e\xcc\x81");
	buf_adds(&b, "中文字中文字");
	for (width = 1; width <= 20; width++) {
		lines = text_wrap(buf_str(&b), width, &n);
		for (i = 0; i < n; i++) {
			/* No line starts with the combining accent ... */
			assert_false((unsigned char)lines[i][0] == 0xcc);
			/* ... or is wider than allowed (unless one CJK). */
			assert_true(text_width(lines[i]) <= (width < 2 ?
			    2 : width));
			assert_true(utf8_valid(lines[i], strlen(lines[i])));
		}
		strv_free(lines, n);
	}
	buf_free(&b);
}

static void
test_wrap_break(void **state)
{
	size_t	 next, n;
	const char *s = "alpha beta   gamma";

	(void)state;
	n = text_wrap_break(s, strlen(s), 12, &next);
	assert_int_equal(n, 10);		/* "alpha beta" */
	assert_int_equal(next, 13);		/* past the spaces */
	n = text_wrap_break(s, strlen(s), 0, &next);
	assert_int_equal(n, strlen(s));
	assert_int_equal(next, strlen(s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_grapheme),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_scripts),
		cmocka_unit_test(test_wrap_clusters),
		cmocka_unit_test(test_wrap_break),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
