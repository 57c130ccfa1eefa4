/*
 * stem.c, the analyzer's word step: each rule and each exception, seen
 * the way the index sees it.  word_keys() gives what a word of a post in
 * a language is indexed under (its form and stems, as db-token.c emits
 * them); finds() says whether a query word meets it (stem_query()'s
 * spellings, as db-token.c asks for them).  Highlighting (search.c) is
 * checked against the same cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

static struct stemmer	*st;

/* A word as unicode61 hands it to the analyzer: marks out, not folded. */
static char *
folded(const char *w)
{
	struct buf	 b;

	buf_init(&b);
	fold_add(&b, w, strlen(w), 0);
	buf_str(&b);
	return buf_take(&b);
}

/* What word (of a post in lang) is indexed under: NUL-separated keys. */
static void
word_keys(const char *w, const char *lang, struct buf *keys)
{
	struct stem_word	 sw;
	char			*f = folded(w);
	size_t			 i;

	stem_word_init(&sw);
	stem_word(st, stem_lang(lang), f, strlen(f), &sw);
	buf_reset(keys);
	buf_add(keys, sw.form.s, sw.form.len + 1);
	for (i = 0; i < sw.nstems; i++)
		buf_add(keys, sw.stems[i].s, sw.stems[i].len + 1);
	stem_word_free(&sw);
	free(f);
}

struct meet {
	const struct buf	*keys;
	int			 found;
};

static void
meet_one(void *arg, const char *s, size_t len)
{
	struct meet	*m = arg;
	size_t		 i, n;

	for (i = 0; i < m->keys->len; i += n + 1) {
		n = strlen(m->keys->s + i);
		if (n == len && memcmp(m->keys->s + i, s, len) == 0)
			m->found = 1;
	}
}

/* Does a search for q find word w in a post in lang? */
static int
finds(const char *q, const char *w, const char *lang)
{
	struct stem_word	 sw;
	struct buf		 keys;
	struct meet		 m;
	char			*f = folded(q);

	buf_init(&keys);
	word_keys(w, lang, &keys);
	stem_word_init(&sw);
	stem_word(st, STEM_ANY, f, strlen(f), &sw);
	m.keys = &keys;
	m.found = 0;
	stem_query(&sw, meet_one, &m);
	stem_word_free(&sw);
	buf_free(&keys);
	free(f);
	return m.found;
}

/* The stem of w in lang, or its form when it has none: a heap string. */
static char *
stem_of(const char *w, const char *lang)
{
	struct buf	 keys;
	char		*s;

	buf_init(&keys);
	word_keys(w, lang, &keys);
	s = xstrdup(keys.s + strlen(keys.s) + 1 < keys.s + keys.len ?
	    keys.s + strlen(keys.s) + 1 : keys.s);
	buf_free(&keys);
	return s;
}

#define FINDS(q, w, lang)	assert_true(finds(q, w, lang))
#define MISSES(q, w, lang)	assert_false(finds(q, w, lang))

static void
check_stem(const char *w, const char *lang, const char *want)
{
	char	*got = stem_of(w, lang), *f = text_fold(want);

	assert_string_equal(got, f);
	free(f);
	free(got);
}

/* The article and what is joined to it; suffixes; both together. */
static void
test_arabic_affixes(void **state)
{
	(void)state;
	check_stem("الكهرباء", "ar", "كهرباء");
	check_stem("بالكهرباء", "ar", "كهرباء");
	check_stem("والكهرباء", "ar", "كهرباء");
	check_stem("للانتخابات", "ar", "انتخاب");
	check_stem("الانتخابات", "ar", "انتخاب");
	check_stem("انتخاباتنا", "ar", "انتخاب");	/* two suffixes */
	check_stem("مدونتي", "ar", "مدون");		/* ة before a pronoun */
	check_stem("حكومتنا", "ar", "حكوم");
	check_stem("المدونة", "ar", "مدون");
	check_stem("مدونات", "ar", "مدون");
	check_stem("المعلمون", "ar", "معلم");
	check_stem("كتابها", "ar", "كتاب");
	check_stem("برأيي", "ar", "برأي");		/* one ي only */
	FINDS("كهرباء", "الكهرباء", "ar");
	FINDS("كهرباء", "بالكهرباء", "ar");
	FINDS("مدونة", "مدونتي", "ar");
	FINDS("مدونة", "بمدونات", "ar");
	FINDS("انتخابات", "للانتخابات", "ar");
	FINDS("رأي", "الرأي", "ar");
	FINDS("رأي", "برأيي", "ar");
	FINDS("الكهرباء", "كهرباء", "ar");		/* the other way */
	FINDS("كتاب", "كتاباً", "ar");		/* tanween al-fath's alef */
	FINDS("كتاب", "كتابًا", "ar");
	FINDS("شكراً", "شكرًا", "ar");
}

/* A single-letter proclitic is the query's to add, never stripped. */
static void
test_arabic_proclitics(void **state)
{
	(void)state;
	FINDS("بغداد", "ببغداد", "ar");
	FINDS("بغداد", "وبغداد", "ar");
	FINDS("بغداد", "لبغداد", "ar");
	FINDS("لبنان", "للبنان", "ar");
	FINDS("فلسطين", "بفلسطين", "ar");
	/* First letters that belong to the word stay. */
	check_stem("بغداد", "ar", "بغداد");
	check_stem("لبنان", "ar", "لبنان");
	check_stem("وطن", "ar", "وطن");
	check_stem("كتاب", "ar", "كتاب");
	check_stem("فلسطين", "ar", "فلسط");
	/* ك is added to words of four letters and more only. */
	MISSES("تاب", "كتاب", "ar");
	MISSES("مال", "كمال", "ar");
	MISSES("لام", "كلام", "ar");
	MISSES("كرة", "فكرة", "ar");
	/* Words that only look like a proclitic and a word. */
	MISSES("جنة", "لجنة", "ar");
	MISSES("بنان", "لبنان", "ar");
	MISSES("هەشت", "بەهەشت", "ckb");
	MISSES("طن", "وطن", "ar");		/* two letters: no proclitics */
	MISSES("لبن", "لبنان", "ar");		/* too short for -ان */
	MISSES("تاب", "كتاب", "ar");
}

/* Different words that share letters are never merged. */
static void
test_arabic_distinct(void **state)
{
	static const char *const groups[][4] = {
		{ "كتب", "كاتب", "مكتبة", NULL },
		{ "علم", "عالم", "معلم", NULL },
		{ "مكتب", "مكتبة", NULL },
		{ "جامع", "جامعة", NULL },
		{ "مدرس", "مدرسة", NULL },
		{ "طالب", "طالبان", NULL },
		{ "الله", "له", NULL },
	};
	size_t	 g, i, j;

	(void)state;
	for (g = 0; g < nitems(groups); g++) {
		for (i = 0; groups[g][i] != NULL; i++) {
			for (j = 0; groups[g][j] != NULL; j++) {
				if (i != j && finds(groups[g][i],
				    groups[g][j], "ar"))
					fail_msg("%s finds %s", groups[g][i],
					    groups[g][j]);
			}
		}
	}
	/* The feminine words keep the ending in every form. */
	FINDS("مكتبة", "المكتبات", "ar");
	FINDS("مكتبة", "مكتبتي", "ar");
	FINDS("جامعة", "الجامعات", "ar");
	FINDS("مكتب", "المكتب", "ar");
	MISSES("مكتب", "المكتبة", "ar");
	MISSES("جامع", "جامعتنا", "ar");
}

/* Sorani: suffixes after Lucene's stemmer, prepositions by the query. */
static void
test_sorani(void **state)
{
	(void)state;
	check_stem("قەڵاکەدا", "ckb", "قهلا");
	check_stem("گوندەکان", "ckb", "گوند");
	check_stem("گوندەکانی", "ckb", "گوند");
	check_stem("شارەکە", "ckb", "شار");
	check_stem("شارێکی", "ckb", "شار");		/* short words too */
	check_stem("ئاوی", "ckb", "ئاو");
	check_stem("چیاکانی", "ckb", "چیا");
	check_stem("گوندەکەی", "ckb", "گوند");		/* a pronoun */
	check_stem("بلۆگەکەم", "ckb", "بلۆگ");
	check_stem("قوتابخانەکەمان", "ckb", "قوتابخان");
	check_stem("قوتابخانە", "ckb", "قوتابخان");	/* not -انە */
	check_stem("قوتابییەکان", "ckb", "قوتاب");
	check_stem("ئینتەرنێتدایە", "ckb", "ئینتەرنێت");	/* copula */
	MISSES("سلێمانی", "سلێمان", "ckb");
	FINDS("قەڵا", "قەڵای", "ckb");
	FINDS("قەڵا", "قەڵاکە", "ckb");
	FINDS("قەڵا", "قەڵاکەدا", "ckb");
	FINDS("هەولێر", "هەولێردا", "ckb");
	FINDS("هەولێر", "لەهەولێر", "ckb");
	FINDS("گوند", "گوندەکە", "ckb");
	FINDS("گوند", "گوندێک", "ckb");
	FINDS("گوند", "گوندەکان", "ckb");
	/* Short words and first letters stay. */
	check_stem("بەفر", "ckb", "بەفر");
	check_stem("نەخۆش", "ckb", "نەخۆش");
	MISSES("فر", "بەفر", "ckb");
	MISSES("خۆش", "نەخۆش", "ckb");
	/* A Sorani letter makes a word Sorani in any post. */
	FINDS("گوند", "گوندەکان", "ar");
	FINDS("قەڵا", "قەڵاکە", NULL);
}

/* Keyboard spellings of Sorani meet the standard ones, both ways. */
static void
test_sorani_spelling(void **state)
{
	static const char *const pairs[][2] = {
		{ "بەفر", "بهفر" },
		{ "بەفر", "به\u200cفر" },		/* heh + ZWNJ */
		{ "قەڵای", "قەلای" },
		{ "هەولێر", "ھەولێر" },		/* heh doachashmee */
		{ "هەولێر", "ههولير" },
		{ "ڕێگا", "ريگا" },
		{ "کۆڕ", "کور" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(pairs); i++) {
		FINDS(pairs[i][0], pairs[i][1], "ckb");
		FINDS(pairs[i][1], pairs[i][0], "ckb");
	}
	FINDS("قەڵا", "قهلاکه", "ckb");	/* keyboard text, a suffix too */
}

static void
test_english(void **state)
{
	(void)state;
	FINDS("blogging", "blog", "en");
	FINDS("blogging", "blogged", "en");
	FINDS("blog", "blogging", "en");
	FINDS("cut", "cuts", "en");
	FINDS("cut", "cuts", "ar");		/* quoted in an Arabic post */
	MISSES("cut", "cuts", "fr");		/* not English: not stemmed */
	FINDS("cut", "cut", "fr");
	MISSES("news", "new", "en");
	MISSES("university", "universe", "en");
	MISSES("universe", "universities", "en");
	FINDS("university", "universities", "en");
	MISSES("blog", "globe", "en");
	MISSES("generator", "generation", "en");
	FINDS("generator", "generators", "en");
}

/* What highlighting marks is what the search finds. */
static void
test_highlight(void **state)
{
	static const char	 text[] = "عادت الكهرباء إلى بغداد وطن blogged.";
	struct search_hl	*h;
	size_t			 s, e, from = 0;
	int			 n = 0;

	(void)state;
	assert_null(search_hl_new("-x"));
	assert_null(search_hl_new("\"unclosed"));
	h = search_hl_new("كهرباء OR بغداد blog -وطن");
	assert_non_null(h);
	while (search_hl_find(h, text, strlen(text), from, &s, &e)) {
		switch (n++) {
		case 0:
			assert_memory_equal(text + s, "الكهرباء", e - s);
			break;
		case 1:
			assert_memory_equal(text + s, "بغداد", e - s);
			break;
		case 2:
			assert_memory_equal(text + s, "blogged", e - s);
			break;
		}
		from = e;
	}
	assert_int_equal(n, 3);
	search_hl_free(h);
	h = search_hl_new("كهر*");
	assert_true(search_hl_find(h, text, strlen(text), 0, &s, &e));
	assert_memory_equal(text + s, "الكهرباء", e - s);
	search_hl_free(h);
}

/*
 * Hostile text: random bytes, broken UTF-8, endless suffixes, through the
 * analyzer and the highlighter (the sanitizer build checks every access).
 */
static void
test_hostile(void **state)
{
	static const char *const parts[] = {
		"ال", "و", "ة", "ات", "ها", "\xd9", "\xff", "ە", "کان", "دا",
		"ی", "\u200c", "\u064b", "a", "ing", " ", "*", "\"", "-",
	};
	struct stem_word	 sw;
	struct search_hl	*h;
	char			 w[256];
	size_t			 i, n, len, s, e;
	unsigned int		 seed = 1;

	(void)state;
	stem_word_init(&sw);
	for (i = 0; i < 3000; i++) {
		len = 0;
		for (n = rand_r(&seed) % 12; n > 0; n--) {
			const char *p = parts[rand_r(&seed) % nitems(parts)];

			if (len + strlen(p) >= sizeof w)
				break;
			memcpy(w + len, p, strlen(p));
			len += strlen(p);
		}
		w[len] = '\0';
		stem_word(st, STEM_ANY, w, len, &sw);
		assert_true(sw.nstems <= STEM_MAX);
		if ((h = search_hl_new(w)) != NULL) {
			s = 0;
			while (search_hl_find(h, w, len, s, &s, &e))
				s = e;
			search_hl_free(h);
		}
	}
	stem_word_free(&sw);
}

static int
setup(void **state)
{
	(void)state;
	st = stemmer_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	stemmer_free(st);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arabic_affixes),
		cmocka_unit_test(test_arabic_proclitics),
		cmocka_unit_test(test_arabic_distinct),
		cmocka_unit_test(test_sorani),
		cmocka_unit_test(test_sorani_spelling),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
