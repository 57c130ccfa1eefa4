/*
 * fold.c: the folding table, both ways a search meets its text (a variant
 * in the feed, the plain form typed, and the other way round), and the HTML
 * text extraction used for indexing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "majlis.h"

static void
check_fold(const char *in, const char *want)
{
	char	*got = text_fold(in);

	assert_string_equal(got, want);
	free(got);
}

/* Folding a and b gives the same string. */
static void
check_same(const char *a, const char *b)
{
	char	*fa = text_fold(a), *fb = text_fold(b);

	assert_string_equal(fa, fb);
	free(fa);
	free(fb);
}

static void
test_alef(void **state)
{
	check_fold("أ", "ا");
	check_fold("إ", "ا");
	check_fold("آ", "ا");
	check_fold("ٱ", "ا");
	check_fold("إسلام", "اسلام");
	check_same("أحمد", "احمد");
}

static void
test_yeh_kaf_heh(void **state)
{
	check_fold("ى", "ی");		/* alef maksura -> Farsi yeh */
	check_fold("ي", "ی");		/* Arabic yeh -> Farsi yeh */
	check_fold("ك", "ک");		/* kaf -> keheh */
	check_fold("ة", "ه");		/* teh marbuta -> heh */
	check_same("مدرسة", "مدرسه");
	check_same("مصطفى", "مصطفي");
	check_same("كتاب", "کتاب");
	check_same("علي", "علی");
	/*
	 * Sorani's own letters fold onto what Arabic and Persian keyboards
	 * type for them (the word's language is read before, in stem.c).
	 */
	check_fold("ە", "ه");
	check_fold("ڕ", "ر");
	check_fold("ڵ", "ل");
	check_fold("ێ", "ی");
	check_fold("ۆ", "و");
	check_fold("ڤ", "ف");
	check_fold("ھ", "ه");		/* heh doachashmee */
	check_same("بەفر", "به\u200cفر");	/* heh + ZWNJ */
	check_same("هەولێر", "ھەولێر");
}

static void
test_marks(void **state)
{
	check_fold("كَتَبَ", "کتب");	/* harakat */
	check_fold("سلامـــ", "سلام");	/* tatweel */
	check_fold("مُحَمَّد", "محمد");	/* damma, fatha, shadda */
	check_fold("الرَّحْمٰنِ", "الرحمن");	/* sukun, superscript alef, kasra */
	check_same("میخواهم", "می\u200cخواهم");	/* ZWNJ */
}

static void
test_digits(void **state)
{
	check_fold("٠١٢٣٤٥٦٧٨٩", "0123456789");
	check_fold("۰۱۲۳۴۵۶۷۸۹", "0123456789");
	check_same("سال ۲۰۲٤", "سال 2024");
}

static void
test_ascii(void **state)
{
	check_fold("Hello World", "hello world");
	check_fold("", "");
	check_fold(NULL, "");
	/* Not folded here: unicode61 does Latin diacritics and case. */
	check_fold("Café", "café");
	/* Invalid UTF-8 becomes U+FFFD, never passes through raw. */
	check_fold("a\xff" "b", "a\xef\xbf\xbd" "b");
}

static void
test_fold_char(void **state)
{
	assert_int_equal(fold_char('A'), 'a');
	assert_int_equal(fold_char(0x0640), 0);
	assert_int_equal(fold_char(0x064e), 0);
	assert_int_equal(fold_char(0x0663), '3');
	assert_int_equal(fold_char(0x0628), 0x0628);	/* beh stays */
	assert_int_equal(fold_char(0x200b), ' ');
}

static void
check_html(const char *in, const char *want)
{
	char	*got = fold_html_text(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_html_text(void **state)
{
	check_html("<p>Hello <b>wor</b>ld</p><p>second</p>",
	    "Hello world\n\nsecond");
	check_html("a &amp; b &lt;c&gt; &#1575;&#x0644;", "a & b <c> ال");
	check_html("x<script>var a = '<p>';</script>y", "xy");
	check_html("<style>p { }</style>text", "text");
	check_html("one<br>two", "one\n\ntwo");
	check_html("<!-- <p>hidden</p> -->shown", "shown");
	check_html("  lots   of\n\tspace  ", "lots of space");
	check_html("AT&T &unknown; &", "AT&T &unknown; &");
	check_html("<a href=\"http://x/\">link</a> text", "link text");
	check_html("unfinished <tag", "unfinished");
	check_html(NULL, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alef),
		cmocka_unit_test(test_yeh_kaf_heh),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_fold_char),
		cmocka_unit_test(test_html_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
