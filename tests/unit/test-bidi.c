/*
 * Unit tests for bidi.c.  The expected visual strings were computed apart
 * from FriBidi: a pure right-to-left line is its characters reversed; in a
 * mixed line the Latin run keeps its order and the Arabic words around it
 * are reversed and swapped.
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
check_visual(const char *logical, int rtl, const char *want)
{
	char	*got;

	got = bidi_visual(logical, rtl);
	assert_string_equal(got, want);
	free(got);
}

static void
test_paragraph_direction(void **state)
{
	(void)state;
	assert_int_equal(bidi_paragraph_is_rtl("مرحبا بالعالم"), 1);
	assert_int_equal(bidi_paragraph_is_rtl("هەواڵی ئەمڕۆ کوردستان"), 1);
	assert_int_equal(bidi_paragraph_is_rtl("سلام دنیا"), 1);	/* Persian */
	assert_int_equal(bidi_paragraph_is_rtl("שלום עולם"), 1);	/* Hebrew */
	assert_int_equal(bidi_paragraph_is_rtl("Hello مرحبا"), 0);
	/* Digits and punctuation are weak: the first letter decides. */
	assert_int_equal(bidi_paragraph_is_rtl("2024: مرحبا world"), 1);
	assert_int_equal(bidi_paragraph_is_rtl("« hello »"), 0);
	assert_int_equal(bidi_paragraph_is_rtl(""), 0);
	assert_int_equal(bidi_paragraph_is_rtl("123 !?"), 0);
}

static void
test_has_rtl(void **state)
{
	(void)state;
	assert_int_equal(bidi_has_rtl("plain ascii"), 0);
	assert_int_equal(bidi_has_rtl("café 中文 😀"), 0);
	assert_int_equal(bidi_has_rtl("x مرحبا"), 1);
	assert_int_equal(bidi_has_rtl("שלום"), 1);
}

static void
test_pure_rtl(void **state)
{
	(void)state;
	check_visual("مرحبا بالعالم", 1, "ملاعلاب ابحرم");
	check_visual("هەواڵی ئەمڕۆ کوردستان", 1, "ناتسدروک ۆڕمەئ یڵاوەه");
}

static void
test_mixed(void **state)
{
	(void)state;
	/* The Latin run and its number stay left to right, in place. */
	check_visual("مرحبا World 2024 بالعالم", 1,
	    "ملاعلاب World 2024 ابحرم");
	/* A number after Arabic keeps its digit order. */
	check_visual("العدد 123", 1, "123 ددعلا");
	/* An Arabic word inside an English line is reversed in place. */
	check_visual("say مرحبا now", 0, "say ابحرم now");
}

static void
test_mirroring_and_marks(void **state)
{
	(void)state;
	/* Brackets are mirrored in a right-to-left run. */
	check_visual("(مرحبا)", 1, "(ابحرم)");
	/* A kasra stays after its beh, where the terminal draws it. */
	check_visual("بِسم", 1, "مسبِ");
}

static void
test_ltr_untouched(void **state)
{
	(void)state;
	check_visual("Hello, world (1 < 2)", 0, "Hello, world (1 < 2)");
	check_visual("", 1, "");
	check_visual("café 中文", 0, "café 中文");
}

static void
test_mode(void **state)
{
	char	*s;

	(void)state;
	unsetenv("VTE_VERSION");	/* auto as in a terminal without bidi */
	unsetenv("MLTERM");
	unsetenv("KONSOLE_VERSION");
	s = bidi_line("مرحبا بالعالم", 1, BIDI_OFF);
	assert_string_equal(s, "مرحبا بالعالم");
	free(s);
	s = bidi_line("مرحبا بالعالم", 1, BIDI_ON);
	assert_string_equal(s, "ملاعلاب ابحرم");
	free(s);
	s = bidi_line("مرحبا بالعالم", 1, BIDI_AUTO);
	assert_string_equal(s, "ملاعلاب ابحرم");
	free(s);
}

/* bidi = auto: off in terminals that reorder by themselves, on elsewhere. */
static void
test_auto(void **state)
{
	char	*s;

	(void)state;
	unsetenv("VTE_VERSION");
	unsetenv("MLTERM");
	unsetenv("KONSOLE_VERSION");
	setenv("TERM", "xterm-256color", 1);
	assert_int_equal(bidi_resolve(BIDI_AUTO), BIDI_ON);
	setenv("VTE_VERSION", "5402", 1);	/* before 0.58: no bidi */
	assert_int_equal(bidi_resolve(BIDI_AUTO), BIDI_ON);
	setenv("VTE_VERSION", "7600", 1);
	assert_int_equal(bidi_resolve(BIDI_AUTO), BIDI_OFF);
	s = bidi_line("مرحبا بالعالم", 1, BIDI_AUTO);
	assert_string_equal(s, "مرحبا بالعالم");
	free(s);
	assert_int_equal(bidi_resolve(BIDI_ON), BIDI_ON);
	unsetenv("VTE_VERSION");
	setenv("TERM", "mlterm", 1);
	assert_int_equal(bidi_resolve(BIDI_AUTO), BIDI_OFF);
	setenv("TERM", "xterm", 1);
	setenv("KONSOLE_VERSION", "230802", 1);
	assert_int_equal(bidi_resolve(BIDI_AUTO), BIDI_OFF);
	unsetenv("KONSOLE_VERSION");
	assert_int_equal(bidi_resolve(BIDI_OFF), BIDI_OFF);
}

static void
test_fit(void **state)
{
	char	*s;

	(void)state;
	s = text_fit("Hello", 8, BIDI_AUTO);
	assert_string_equal(s, "Hello   ");
	free(s);
	/* Right-to-left: reordered and set flush right. */
	s = text_fit("مرحبا", 8, BIDI_AUTO);
	assert_string_equal(s, "   ابحرم");
	free(s);
	/* Cut at the logical end; the ellipsis lands on the left. */
	s = text_fit("مرحبا بالعالم", 8, BIDI_AUTO);
	assert_string_equal(s, "\xe2\x80\xa6ب ابحرم");
	assert_int_equal(text_width(s), 8);
	free(s);
	s = text_fit("مرحبا", 8, BIDI_OFF);
	assert_string_equal(s, "مرحبا   ");
	free(s);
	s = text_fit("a\x1b[2Jb", 4, BIDI_ON);
	assert_string_equal(s, "a[2\xe2\x80\xa6");
	free(s);
}

static void
test_no_shaping(void **state)
{
	char		*s;
	const char	*p;
	size_t		 n, len;
	uint32_t	 c;

	(void)state;
	/* No Arabic presentation forms (U+FB50-U+FEFF) may appear. */
	s = bidi_visual("لا إله إلا الله، كتاب جميل", 1);
	len = strlen(s);
	for (p = s; p < s + len; p += n) {
		n = utf8_decode(p, s + len - p, &c);
		assert_false(c >= 0xfb50 && c <= 0xfeff);
	}
	free(s);
}

/*
 * An isolated title keeps the count outside its run, and the ellipsis of
 * a right-to-left title cut short at the side it was cut (its left).
 */
static void
test_isolated(void **state)
{
	char	*got, *cut;

	(void)state;
	/* Logical "tag: بغد (2)": without the isolate, "(2) دغب". */
	got = bidi_isolated(" majlis: ", "tag: \xd8\xa8\xd8\xba\xd8\xaf",
	    " (2)", BIDI_ON);
	assert_string_equal(got,
	    " majlis: tag: \xd8\xaf\xd8\xba\xd8\xa8 (2)");
	free(got);
	got = bidi_visual(" majlis: tag: \xd8\xa8\xd8\xba\xd8\xaf (2)", 0);
	assert_string_equal(got,
	    " majlis: tag: (2) \xd8\xaf\xd8\xba\xd8\xa8");
	free(got);
	/* The isolate's marks never reach the terminal. */
	got = bidi_isolated("a ", "\xd8\xa8\xd8\xba\xd8\xaf", " (54)", BIDI_ON);
	assert_string_equal(got, "a \xd8\xaf\xd8\xba\xd8\xa8 (54)");
	free(got);
	/* Cut: "بغداد" to 3 columns is "بغ…", drawn "…غب". */
	cut = text_truncate("Feed: \xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf", 9);
	got = bidi_isolated(" ", cut, " (30)", BIDI_ON);
	assert_string_equal(got,
	    " Feed: \xe2\x80\xa6\xd8\xba\xd8\xa8 (30)");
	free(got);
	free(cut);
	got = bidi_isolated("a ", "b", " (1)", BIDI_OFF);
	assert_string_equal(got, "a b (1)");
	free(got);
}

/*
 * The bytes of vis that vm marks, in order: what a highlight draws.  Also
 * checks that vm has a mark for each byte of vis (no more).
 */
static char *
marked(const char *vis, const char *vm)
{
	struct buf	 b;
	size_t		 i, len = strlen(vis);

	buf_init(&b);
	for (i = 0; i < len; i++) {
		if (vm[i])
			buf_addc(&b, vis[i]);
	}
	assert_int_equal(vm[len], '\0');
	buf_str(&b);
	return buf_take(&b);
}

/* check_marks(line, rtl, mode, word, want): word's bytes marked in line. */
static void
check_marks(const char *line, int rtl, enum bidi_mode mode, const char *word,
    const char *want_vis, const char *want_marked)
{
	char		*marks, *vis, *vm = NULL, *got;
	const char	*w = strstr(line, word);

	assert_non_null(w);
	marks = xcalloc(strlen(line) + 1, 1);
	memset(marks + (w - line), 1, strlen(word));
	vis = bidi_line_marks(line, rtl, mode, marks, &vm);
	assert_string_equal(vis, want_vis);
	assert_non_null(vm);
	got = marked(vis, vm);
	assert_string_equal(got, want_marked);
	free(got);
	free(vm);
	free(vis);
	free(marks);
}

/*
 * Marks follow their characters through the reordering: a highlighted
 * Arabic word is marked where it is drawn, reversed; a Latin word in an
 * Arabic line keeps its letters; a mirrored bracket keeps its mark; the
 * marks of the isolates and marks dropped go with them.
 */
static void
test_marks(void **state)
{
	char	*vis, *vm = NULL;

	(void)state;
	/* "news: صحفي جديد today", جديد marked. */
	check_marks("news: \xd8\xb5\xd8\xad\xd9\x81\xd9\x8a "
	    "\xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf today", 0, BIDI_ON,
	    "\xd8\xac\xd8\xaf\xd9\x8a\xd8\xaf",
	    "news: \xd8\xaf\xd9\x8a\xd8\xaf\xd8\xac "
	    "\xd9\x8a\xd9\x81\xd8\xad\xd8\xb5 today",
	    "\xd8\xaf\xd9\x8a\xd8\xaf\xd8\xac");
	/* "قال (BBC) أمس", right to left: BBC marked, then the "(". */
	check_marks("\xd9\x82\xd8\xa7\xd9\x84 (BBC) "
	    "\xd8\xa3\xd9\x85\xd8\xb3", 1, BIDI_ON, "BBC",
	    "\xd8\xb3\xd9\x85\xd8\xa3 (BBC) "
	    "\xd9\x84\xd8\xa7\xd9\x82", "BBC");
	check_marks("\xd9\x82\xd8\xa7\xd9\x84 (BBC) "
	    "\xd8\xa3\xd9\x85\xd8\xb3", 1, BIDI_ON, "(",
	    "\xd8\xb3\xd9\x85\xd8\xa3 (BBC) "
	    "\xd9\x84\xd8\xa7\xd9\x82", ")");
	/* The terminal orders: the marks are the line's. */
	check_marks("a \xd8\xac\xd8\xaf b", 0, BIDI_OFF,
	    "\xd8\xac\xd8\xaf", "a \xd8\xac\xd8\xaf b",
	    "\xd8\xac\xd8\xaf");
	/* An isolate is dropped, and its mark with it. */
	check_marks("a \xe2\x81\xa8\xd8\xac\xd8\xaf\xe2\x81\xa9 b", 0,
	    BIDI_ON, "\xe2\x81\xa8\xd8\xac", "a \xd8\xaf\xd8\xac b",
	    "\xd8\xac");
	/* Nothing to reorder, and nothing at all. */
	check_marks("plain words", 0, BIDI_ON, "words", "plain words", "words");
	vis = bidi_line_marks("", 1, BIDI_ON, "", &vm);
	assert_string_equal(vis, "");
	assert_non_null(vm);
	free(vm);
	free(vis);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraph_direction),
		cmocka_unit_test(test_has_rtl),
		cmocka_unit_test(test_pure_rtl),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_mirroring_and_marks),
		cmocka_unit_test(test_ltr_untouched),
		cmocka_unit_test(test_mode),
		cmocka_unit_test(test_auto),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_no_shaping),
		cmocka_unit_test(test_isolated),
		cmocka_unit_test(test_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
