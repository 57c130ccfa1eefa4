/*
 * The search analyzer's word step: what one word of text stands for in
 * the index and in a query.  The index's tokenizer (db-token.c) splits and
 * folds text (fold.c, then SQLite's unicode61) and hands each word here;
 * search.c does the same for highlighting, so what is highlighted is what
 * was found.
 *
 * A word has a form and stems.  The form is the word folded (fold.c, Sorani
 * letters included: ە ێ ۆ ڕ ڵ ڤ onto the letters that Arabic and Persian
 * keyboards type for them, so that a post written on either kind of
 * keyboard meets a query typed on the other).  The word's language is
 * read before folding, from its letters (a Sorani letter, or ة that only
 * Arabic writes) and the post's language.  A stem is the form with its
 * inflection taken off, by that language:
 *
 *   Arabic   a light stemmer after Larkey's light10 and Lucene's
 *            ArabicStemmer: the article and what is written joined to it
 *            (ال وال بال كال فال لل ...), pronoun, plural, dual and
 *            feminine suffixes.  Snowball's Arabic stemmer is not used:
 *            it strips first letters that belong to the word (بغداد →
 *            غداد, فلسطين → لسط) and merges words (مكتب/مكتبة, جامع/جامعة),
 *            which a search must never do.
 *   Sorani   Lucene's SoraniStemmer's suffixes (postpositions, possessive,
 *            definite, indefinite, plural, ezafe, demonstrative).
 *   English  Snowball's English stemmer (libstemmer).
 *
 * A single-letter proclitic (و ف ب ل ك in Arabic, لە بە in Sorani) is
 * never stripped from a word in the index: بغداد, لبنان, وطن and فلسطين
 * begin with those letters, and no rule tells them from ببغداد or وطن's
 * و.  The query adds them instead (stem_query()): a search for بغداد
 * looks for ببغداد, وبغداد, لبغداد ... too.  Adding a letter to a word the
 * user typed is safe where removing one from a word a feed wrote is not;
 * the cost is a longer query, which the index answers with a lookup per
 * spelling.  Words of two letters get no proclitics (طن must not find وطن).
 *
 * The stemmers work on folded text, so their suffixes are written folded
 * here: teh marbuta is ه, yeh is ی (U+06CC), kaf is ک (U+06A9), Sorani ە
 * is ه and ێ is ی.
 *
 * Changing anything here changes what is in the index: bump
 * DB_FOLD_VERSION.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libstemmer.h>

#include "majlis.h"

#define STEM_WORD_MAX	64	/* bytes; a longer word is not stemmed */

struct stemmer {
	struct sb_stemmer	*en;
};

/*
 * Words that an Arabic feminine ending (ة, or ت before a pronoun, or the
 * plural ات) turns into a different word: their stem keeps the ending, so
 * that مكتبة (library) is not مكتب (office).  Folded, without the ending.
 */
static const char *const ar_feminine_words[] = {
	"مکتب", "جامع", "مدرس", "مدین", "قاعد", "حرب", "کتاب", "کلی",
	"شرک", "قدر", "عمل", "حمل", "شعب", "ثور", "جمع", "اسر", "مولد",
	NULL
};

/*
 * Words that look inflected but whose stem would be another word: left as
 * they are, in Arabic and Sorani alike (folded: سلێمانی, the city, is not
 * سلێمان, a man).  (A shorter word that only looks so, لبنان or قانون, is safe
 * already: the suffix rules leave at least three or four letters.)
 */
static const char *const ar_whole_words[] = {
	"الله", "طالبان", "سلیمان", "سلیمانی", NULL
};

/*
 * English words that Snowball's stemmer merges with a different word
 * (university and universe are both "univers"): a word beginning so has
 * that beginning as its stem.
 */
static const char *const en_overrides[] = {
	"universit", "organiz", "organis", "experiment", "generator", NULL
};

/* The article and what is written joined to it; longest first. */
static const struct affix {
	const char	*s;
	size_t		 min;	/* letters that must remain */
} ar_articles[] = {
	{ "وبال", 3 }, { "فبال", 3 }, { "وکال", 3 }, { "فکال", 3 },
	{ "ولل", 3 }, { "فلل", 3 }, { "وال", 3 }, { "فال", 3 },
	{ "بال", 3 }, { "کال", 3 }, { "لل", 2 }, { "ال", 2 },
}, ar_suffixes[] = {
	/* Pronouns, then plural and dual, then teh marbuta and yeh. */
	{ "هما", 3 }, { "کما", 3 }, { "ها", 3 }, { "هم", 3 }, { "هن", 3 },
	{ "کم", 3 }, { "نا", 3 }, { "ات", 3 }, { "ان", 4 }, { "ون", 4 },
	{ "ین", 4 }, { "یه", 3 }, { "ه", 3 }, { "ی", 3 },
}, ckb_copula[] = {
	/*
	 * Sorani, in the order the suffixes stand after a word, outermost
	 * first, one of each group: the copula (ئینتەرنێتدایە), then a
	 * postposition (هەولێردا), a pronoun (گوندەکەی, بلۆگەکەم), the
	 * definite, indefinite, plural and demonstrative endings, and the
	 * ezafe.  After Lucene's SoraniStemmer, whose suffixes these are,
	 * with minimums counted on what remains: Lucene's own leave شار,
	 * ئاو and چیا, the commonest words, unstemmed in every form.
	 */
	{ "یه", 3 },
}, ckb_postpositions[] = {
	{ "دا", 2 }, { "هوه", 2 }, { "وه", 3 },
}, ckb_pronouns[] = {
	{ "مان", 4 }, { "تان", 4 }, { "یان", 4 },
}, ckb_endings[] = {
	{ "هکانی", 2 }, { "کانی", 2 },			/* definite plural, ezafe */
	{ "یهکی", 2 }, { "یکی", 2 },			/* indefinite, ezafe */
	{ "یهک", 2 }, { "یک", 2 },			/* indefinite */
	{ "هکه", 2 }, { "که", 2 },			/* definite */
	{ "هکان", 2 }, { "کان", 2 },			/* definite plural */
	{ "یانی", 3 }, { "انی", 3 },			/* plural, ezafe */
	{ "یان", 4 }, { "ان", 4 },			/* plural */
	/*
	 * Not Lucene's demonstrative plural -انە: it is the end of too many
	 * words (قوتابخانە, school, would lose its خانە).
	 */
};
/* A pronoun of one letter, only after an ending that takes it: ەکەم. */
static const char *const ckb_short_pronouns[] = { "م", "ت", "ی", NULL };


/*
 * Proclitics the query adds (see the top of the file): to a word of three
 * letters the common ones only, as ف and ك before one make other words
 * too often (كرة/فكرة, تاب/كتاب, مال/كمال).
 */
static const char *const ar_proclitics[] = {
	"و", "ب", "ل", "وب", "ول", "ف", "فب", "فل", "ک", NULL
};
#define AR_PROCLITICS_SHORT	5	/* the first five */

/*
 * Words that only look like a proclitic and a word: the query never adds
 * the proclitic to make them (هەشت, eight, must not find بەهەشت, paradise;
 * جنة must not find لجنة).  Folded.
 */
static const char *const proclitic_words[] = {
	"بهههشت", "کتاب", "کمال", "کلام", "فکره", "لجنه", "لبنان", "بنفسج",
	NULL
};
static const char *const ckb_proclitics[] = { "له", "به", "و", NULL };

struct stemmer *
stemmer_new(void)
{
	struct stemmer	*st;

	st = xcalloc(1, sizeof *st);
	/* NULL only if libstemmer lacks English: then English is unstemmed. */
	st->en = sb_stemmer_new("english", "UTF_8");
	return st;
}

void
stemmer_free(struct stemmer *st)
{
	if (st == NULL)
		return;
	if (st->en != NULL)
		sb_stemmer_delete(st->en);
	free(st);
}

/* Is c a letter only Sorani writes (which fold.c folds away)? */
static int
sorani_letter(uint32_t c)
{
	return c == 0x06d5 || c == 0x06ce || c == 0x06c6 || c == 0x0695 ||
	    c == 0x06b5 || c == 0x06a4;
}

/*
 * The script of a word, not yet folded, and what its letters tell of its
 * language: STEM_LATIN, or STEM_ARABIC with STEM_SORANI for a letter only
 * Sorani writes and STEM_TEH for teh marbuta, which only Arabic does; 0
 * for anything else (digits, other scripts), which is not stemmed.
 */
static int
word_script(const char *w, size_t len)
{
	uint32_t	 c;
	size_t		 i, n;
	int		 script = 0;

	for (i = 0; i < len; i += n) {
		n = utf8_decode(w + i, len - i, &c);
		if (ascii_alpha((int)c) || (c >= 0xc0 && c < 0x250))
			script |= STEM_LATIN;
		else if (c >= 0x0620 && c < 0x06ff) {
			script |= STEM_ARABIC;
			if (sorani_letter(c))
				script |= STEM_SORANI;
			if (c == 0x0629)
				script |= STEM_TEH;
		} else if (!(c >= '0' && c <= '9'))
			return 0;
	}
	/* A word of two scripts at once is not one language's. */
	if ((script & STEM_LATIN) && (script & STEM_ARABIC))
		return 0;
	return script;
}

/*
 * The languages whose stems a word gets, from its script and the post's
 * language (a STEM_* bit, or STEM_ANY when the post does not say, and
 * always for a query).  A Sorani letter makes a word Sorani whatever the
 * post says; Arabic script in a post of neither language gets both.
 */
int
stem_langs(int postlang, const char *w, size_t len)
{
	int	 script = word_script(w, len);

	if (script & STEM_LATIN)
		return postlang & STEM_EN;
	if (!(script & STEM_ARABIC))
		return 0;
	if (script & STEM_SORANI)
		return STEM_CKB;
	if ((postlang & (STEM_AR | STEM_CKB)) != (STEM_AR | STEM_CKB))
		return postlang & (STEM_AR | STEM_CKB);
	/* A query, or a post that does not say: ة is Arabic's alone. */
	if (script & STEM_TEH)
		return STEM_AR;
	return STEM_AR | STEM_CKB;
}

/* A post's lang attribute ("ar", "ckb-IQ", "en-GB") as STEM_* bits. */
int
stem_lang(const char *lang)
{
	size_t	 n;

	if (lang == NULL || *lang == '\0')
		return STEM_ANY;
	n = strcspn(lang, "-_");
	/* The network's bloggers quote English: its words are stemmed. */
	if (n == 2 && strncasecmp(lang, "ar", 2) == 0)
		return STEM_AR | STEM_EN;
	if ((n == 3 && strncasecmp(lang, "ckb", 3) == 0) ||
	    (n == 2 && strncasecmp(lang, "ku", 2) == 0))
		return STEM_CKB | STEM_EN;
	if (n == 2 && strncasecmp(lang, "en", 2) == 0)
		return STEM_EN;
	/*
	 * Another language: its Latin words are not English (no stems), its
	 * Arabic-script words may be Arabic or Sorani.
	 */
	return STEM_AR | STEM_CKB;
}

/* Letters (code points) in s[0..len). */
static size_t
letters(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Does s[0..*len) end in sfx with at least min letters before it? */
static int
ends(const char *s, size_t len, const char *sfx, size_t min)
{
	size_t	 k = strlen(sfx);

	return len > k && memcmp(s + len - k, sfx, k) == 0 &&
	    letters(s, len - k) >= min;
}

static int
listed(const char *const *list, const char *s, size_t len)
{
	for (; *list != NULL; list++) {
		if (strlen(*list) == len && memcmp(*list, s, len) == 0)
			return 1;
	}
	return 0;
}

/* The Arabic light stem of folded w: sets *len to its length in w + *off. */
static void
stem_ar(const char *w, size_t *off, size_t *len, int *fem)
{
	static const char	 teh[] = "ت";
	const char		*s;
	size_t			 i, n = *len, used = 0;
	int			 pronoun;

	*fem = 0;
	if (listed(ar_whole_words, w, n))
		return;
	for (i = 0; i < nitems(ar_articles); i++) {
		size_t	 k = strlen(ar_articles[i].s);

		if (n > k && memcmp(w, ar_articles[i].s, k) == 0 &&
		    letters(w + k, n - k) >= ar_articles[i].min) {
			*off = k;
			n -= k;
			break;
		}
	}
	s = w + *off;
	if (listed(ar_whole_words, s, n)) {
		*len = n;
		return;
	}
	/* Two suffixes at most (انتخاباتنا), each kind once (برأيي). */
	while (used != (1U << nitems(ar_suffixes)) - 1) {
		for (i = 0; i < nitems(ar_suffixes); i++) {
			if (!(used & (1U << i)) && ends(s, n,
			    ar_suffixes[i].s, ar_suffixes[i].min))
				break;
		}
		if (i == nitems(ar_suffixes))
			break;
		n -= strlen(ar_suffixes[i].s);
		used |= 1U << i;
		if (strcmp(ar_suffixes[i].s, "ات") == 0 ||
		    strcmp(ar_suffixes[i].s, "ه") == 0 ||
		    strcmp(ar_suffixes[i].s, "یه") == 0)
			*fem = 1;
		/* A pronoun after teh marbuta: مدونتي, حكومتنا. */
		pronoun = i < 7 || strcmp(ar_suffixes[i].s, "ی") == 0 ||
		    strcmp(ar_suffixes[i].s, "ه") == 0;
		if (pronoun && ends(s, n, teh, 3) && !ends(s, n, "ات", 3)) {
			n -= strlen(teh);
			*fem = 1;
		}
		if (__builtin_popcount(used) == 2)
			break;
	}
	*len = n;
}

/* Strips the first of n affixes w[0..*len) ends in: 1 if one was. */
static int
strip_one(const char *w, size_t *len, const struct affix *a, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (ends(w, *len, a[i].s, a[i].min)) {
			*len -= strlen(a[i].s);
			return 1;
		}
	}
	return 0;
}

/* Does w[0..len) end in a definite, indefinite or plural ending? */
static int
ckb_ended(const char *w, size_t len)
{
	size_t	 i;

	for (i = 0; i < 10; i++) {
		if (ends(w, len, ckb_endings[i].s, ckb_endings[i].min))
			return 1;
	}
	return 0;
}

/* The Sorani stem of folded w: sets *len. */
static void
stem_ckb(const char *w, size_t *len)
{
	const char *const	*p;
	size_t			 n = *len, k;

	strip_one(w, &n, ckb_copula, nitems(ckb_copula));
	strip_one(w, &n, ckb_postpositions, nitems(ckb_postpositions));
	if (!strip_one(w, &n, ckb_pronouns, nitems(ckb_pronouns))) {
		for (p = ckb_short_pronouns; *p != NULL; p++) {
			k = strlen(*p);
			if (ends(w, n, *p, 3) && ckb_ended(w, n - k)) {
				n -= k;
				break;
			}
		}
	}
	if (strip_one(w, &n, ckb_endings, nitems(ckb_endings))) {
		/* The ە that joins an ending to a word: شارەکە, قوتابییەکان. */
		if (ends(w, n, "ه", 3))
			n -= strlen("ه");
		else if (ends(w, n, "یی", 2))
			n -= strlen("ی");
	} else if (ends(w, n, "ه", 3))		/* copula, ezafe */
		n -= strlen("ه");
	/* The ezafe, or an ی a suffix left: قوتابی, شاری, قوتابیی. */
	if (ends(w, n, "ی", 3))
		n -= strlen("ی");
	*len = n;
}

/* Adds s[0..len) to the list unless it is there already or is form. */
static void
add_stem(struct stem_word *sw, const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || sw->nstems == STEM_MAX ||
	    (len == sw->form.len && memcmp(s, sw->form.s, len) == 0))
		return;
	for (i = 0; i < sw->nstems; i++) {
		if (sw->stems[i].len == len &&
		    memcmp(sw->stems[i].s, s, len) == 0)
			return;
	}
	buf_reset(&sw->stems[sw->nstems]);
	buf_add(&sw->stems[sw->nstems], s, len);
	buf_str(&sw->stems[sw->nstems]);
	sw->nstems++;
}

/*
 * Analyze word w (len bytes, from unicode61, not yet folded) of a
 * post in language(s) langs (stem_lang(); STEM_ANY for a query): sets
 * sw->form and sw->stems[0..sw->nstems), the stems that differ from the
 * form.  sw's buffers are reused from call to call (stem_word_init(),
 * stem_word_free()).
 */
void
stem_word(struct stemmer *st, int langs, const char *w, size_t len,
    struct stem_word *sw)
{
	const sb_symbol	*r;
	const char	*f;
	size_t		 i, off, n;
	int		 fem, which;

	buf_reset(&sw->form);
	fold_add(&sw->form, w, len, 1);
	buf_str(&sw->form);
	sw->nstems = 0;
	sw->langs = which = stem_langs(langs, w, len);
	f = sw->form.s;
	if (sw->form.len > STEM_WORD_MAX)
		return;
	if ((which & STEM_EN) && st->en != NULL) {
		for (i = 0; en_overrides[i] != NULL; i++) {
			n = strlen(en_overrides[i]);
			if (strncmp(f, en_overrides[i], n) == 0)
				break;
		}
		if (en_overrides[i] != NULL)
			add_stem(sw, f, n);
		else if ((r = sb_stemmer_stem(st->en, (const sb_symbol *)f,
		    (int)sw->form.len)) != NULL)
			add_stem(sw, (const char *)r,
			    (size_t)sb_stemmer_length(st->en));
	}
	/* In either language's stemmer: a word that is not inflected. */
	if (listed(ar_whole_words, f, sw->form.len))
		return;
	if (which & STEM_AR) {
		off = 0;
		n = sw->form.len;
		stem_ar(f, &off, &n, &fem);
		if (fem && listed(ar_feminine_words, f + off, n)) {
			struct buf	 b;

			buf_init(&b);
			buf_add(&b, f + off, n);
			buf_adds(&b, "ه");
			add_stem(sw, b.s, b.len);
			buf_free(&b);
		} else
			add_stem(sw, f + off, n);
	}
	if (which & STEM_CKB) {
		n = sw->form.len;
		stem_ckb(f, &n);
		add_stem(sw, f, n);
	}
}

void
stem_word_init(struct stem_word *sw)
{
	size_t	 i;

	memset(sw, 0, sizeof *sw);
	buf_init(&sw->form);
	for (i = 0; i < STEM_MAX; i++)
		buf_init(&sw->stems[i]);
}

void
stem_word_free(struct stem_word *sw)
{
	size_t	 i;

	buf_free(&sw->form);
	for (i = 0; i < STEM_MAX; i++)
		buf_free(&sw->stems[i]);
}

/*
 * What a query word looks for, for analyzed sw: calls cb with each
 * spelling once, in no order: the form and each stem, and
 * each of those with the proclitics of its language before it (see the
 * top of the file).  A word in the index matches when its form or one of
 * its stems is one of these.
 */
void
stem_query(const struct stem_word *sw, void (*cb)(void *, const char *,
    size_t), void *arg)
{
	const char *const	*p;
	struct buf		 b, seen;
	const struct buf	*x;
	size_t			 i, k, n;
	int			 lang;

	buf_init(&b);
	buf_init(&seen);	/* two stems with a proclitic can meet */
	for (i = 0; i <= sw->nstems; i++) {
		x = i == 0 ? &sw->form : &sw->stems[i - 1];
		if (buf_list_add(&seen, x->s, x->len))
			cb(arg, x->s, x->len);
		if ((n = letters(x->s, x->len)) < 3)
			continue;
		for (lang = STEM_AR; lang <= STEM_CKB; lang <<= 1) {
			if (!(sw->langs & lang))
				continue;
			p = lang == STEM_AR ? ar_proclitics : ckb_proclitics;
			for (k = 0; p[k] != NULL; k++) {
				if (lang == STEM_AR && n == 3 &&
				    k == AR_PROCLITICS_SHORT)
					break;
				buf_reset(&b);
				buf_adds(&b, p[k]);
				buf_add(&b, x->s, x->len);
				if (!listed(proclitic_words, b.s, b.len) &&
				    buf_list_add(&seen, b.s, b.len))
					cb(arg, b.s, b.len);
			}
		}
	}
	buf_free(&b);
	buf_free(&seen);
}
