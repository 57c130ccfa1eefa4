/*
 * text.c: UTF-8 decoding and validation, and the scrubbing that keeps a
 * feed's control characters and escape sequences off the terminal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

static void
test_decode(void **state)
{
	uint32_t	 c;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &c), 1);
	assert_int_equal(c, 'A');
	assert_int_equal(utf8_decode("\xd8\xa7", 2, &c), 2);	/* ا */
	assert_int_equal(c, 0x627);
	assert_int_equal(utf8_decode("\xe2\x80\xae", 3, &c), 3);
	assert_int_equal(c, 0x202e);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &c), 4);
	assert_int_equal(c, 0x1f600);
	/* Overlong, surrogate, past U+10FFFF, truncated, stray continuation. */
	assert_int_equal(utf8_decode("\xc0\xaf", 2, &c), 1);
	assert_int_equal(c, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &c), 1);
	assert_int_equal(c, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &c), 1);
	assert_int_equal(c, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\xd8", 1, &c), 1);
	assert_int_equal(c, UTF8_REPLACEMENT);
	assert_int_equal(utf8_decode("\x80", 1, &c), 1);
	assert_int_equal(c, UTF8_REPLACEMENT);
}

static void
test_encode_roundtrip(void **state)
{
	struct buf	 b;
	uint32_t	 cps[] = { 'x', 0xe9, 0x6a9, 0x20ac, 0x1f600 }, c;
	size_t		 i, off = 0;

	(void)state;
	buf_init(&b);
	for (i = 0; i < nitems(cps); i++)
		utf8_encode(&b, cps[i]);
	utf8_encode(&b, 0xd800);	/* a surrogate is not a character */
	assert_true(utf8_valid(b.s, b.len));
	for (i = 0; i < nitems(cps); i++) {
		off += utf8_decode(b.s + off, b.len - off, &c);
		assert_int_equal(c, cps[i]);
	}
	utf8_decode(b.s + off, b.len - off, &c);
	assert_int_equal(c, UTF8_REPLACEMENT);
	buf_free(&b);
}

static void
test_sanitize(void **state)
{
	char	*s;

	(void)state;
	assert_true(utf8_valid("کوردستان", strlen("کوردستان")));
	assert_false(utf8_valid("a\xffz", 3));
	s = utf8_sanitize("a\xffz\xd8", 4);
	assert_string_equal(s, "a\xef\xbf\xbdz\xef\xbf\xbd");
	free(s);
	s = utf8_sanitize("سلام", strlen("سلام"));
	assert_string_equal(s, "سلام");
	free(s);
}

static void
test_unsafe(void **state)
{
	(void)state;
	assert_true(text_is_unsafe(0x1b));	/* ESC */
	assert_true(text_is_unsafe('\r'));
	assert_true(text_is_unsafe(0x07));	/* BEL ends an OSC */
	assert_true(text_is_unsafe(0x7f));
	assert_true(text_is_unsafe(0x9b));	/* one-byte CSI */
	assert_true(text_is_unsafe(0x202e));	/* right-to-left override */
	assert_true(text_is_unsafe(0x2066));	/* isolates */
	assert_false(text_is_unsafe('\t'));
	assert_false(text_is_unsafe('\n'));
	assert_false(text_is_unsafe(0x627));
	assert_false(text_is_unsafe(0x200f));	/* RLM is harmless */
}

static void
test_safe(void **state)
{
	char	*s;

	(void)state;
	s = text_safe("a\x1b]0;owned\x07" "b\x1b[2Jc\xc2\x9b" "1m\xe2\x80\xae" "d");
	assert_string_equal(s, "a]0;ownedb[2Jc1md");
	free(s);
	s = text_safe("line\ttab\nnext");
	assert_string_equal(s, "line\ttab\nnext");
	free(s);
	s = text_safe("bad\xff" "byte");
	assert_string_equal(s, "bad\xef\xbf\xbd" "byte");
	free(s);
	s = text_safe("مرحبا");
	assert_string_equal(s, "مرحبا");
	free(s);
}

static void
test_trim(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, " \t\n ئەمڕۆ \r\n");
	text_trim(&b);
	assert_string_equal(b.s, "ئەمڕۆ");
	assert_int_equal(b.len, strlen("ئەمڕۆ"));
	buf_reset(&b);
	buf_adds(&b, "   ");
	text_trim(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_encode_roundtrip),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_unsafe),
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
