/*
 * The index's tokenizer, "majlis": the FTS5 tokenizer that posts_fts is
 * created with (db-schema.c) and that every connection registers
 * (db_token_register(), from db_open()), so that the index and the query
 * are cut alike.  It wraps SQLite's unicode61 (remove_diacritics 2) the
 * way SQLite's own porter tokenizer does:
 *
 *   1. the marks and invisible characters inside words are taken out
 *      (fold_add(), not all) before unicode61 sees the text, because it
 *      would split an Arabic word at its vowel marks and at a zero-width
 *      non-joiner;
 *   2. unicode61 splits it into words (and folds Latin case and accents);
 *   3. each word goes through stem.c (which folds the rest: its letters
 *      tell it the language first) and becomes tokens.
 *
 * What a word becomes.  In a document: its form, and each stem that
 * differs from the form as a colocated token (FTS5_TOKEN_COLOCATED)
 * written STEM_MARK + stem, so that forms and stems never meet by chance.
 * In a query: every spelling stem_query() gives, each as a form and as a
 * stem, all colocated, which FTS5 takes as alternatives: a post matches
 * when one of its words' forms or stems is one of them.  A query string
 * that begins with STEM_EXACT (search.c adds one beside each word, for
 * ranking) asks for the form alone; a prefix query (word*) for the form
 * and the stems beginning so, with no proclitics.
 *
 * The language.  Indexed text begins with STEM_LANG lang STEM_LANG (the
 * post's lang, from the SQL functions majlis_index() and
 * majlis_index_html() in db.c), read here and not indexed; a query has
 * none and gets every language's stems.
 *
 * Offsets are in the folded text, not the original: posts_fts is
 * contentless, so FTS5's highlight() and snippet() are never used on it
 * (search.c highlights by the same analyzer instead).
 *
 * A change here changes what is in the index: bump DB_FOLD_VERSION.
 */
#include <stdlib.h>
#include <string.h>

#include "db-int.h"

struct tok {
	fts5_tokenizer	  inner_api;	/* unicode61's methods */
	Fts5Tokenizer	 *inner;
	struct stemmer	 *st;
	struct stem_word  sw;
	struct buf	  text;		/* the folded text */
	struct buf	  tok;		/* one token being emitted */
};

/* One xTokenize call's state, for the callback unicode61 calls. */
struct tok_run {
	struct tok	 *t;
	void		 *ctx;
	int		(*emit)(void *, int, const char *, int, int, int);
	int		  flags;	/* FTS5_TOKENIZE_* */
	int		  langs;	/* STEM_* */
	int		  exact;
	int		  n;		/* tokens emitted at this position */
	int		  start, end;
	int		  rc;
};

static void
tok_delete(Fts5Tokenizer *p)
{
	struct tok	*t = (struct tok *)p;

	if (t == NULL)
		return;
	if (t->inner != NULL)
		t->inner_api.xDelete(t->inner);
	stemmer_free(t->st);
	stem_word_free(&t->sw);
	buf_free(&t->text);
	buf_free(&t->tok);
	free(t);
}

static int
tok_create(void *arg, const char **argv, int argc, Fts5Tokenizer **out)
{
	static const char	*inner_argv[] = { "remove_diacritics", "2" };
	fts5_api		*api = arg;
	struct tok		*t;
	void			*inner_arg;
	int			 rc;

	(void)argv;
	(void)argc;
	t = xcalloc(1, sizeof *t);
	stem_word_init(&t->sw);
	buf_init(&t->text);
	buf_init(&t->tok);
	rc = api->xFindTokenizer(api, "unicode61", &inner_arg, &t->inner_api);
	if (rc == SQLITE_OK)
		rc = t->inner_api.xCreate(inner_arg, inner_argv,
		    (int)nitems(inner_argv), &t->inner);
	if (rc != SQLITE_OK) {
		tok_delete((Fts5Tokenizer *)t);
		*out = NULL;
		return rc;
	}
	t->st = stemmer_new();
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

/* Emit mark (0 for none) + s as a token at the current position. */
static void
emit(struct tok_run *r, int mark, const char *s, size_t len)
{
	struct buf	*b = &r->t->tok;

	if (r->rc != SQLITE_OK || len == 0)
		return;
	buf_reset(b);
	if (mark != 0)
		buf_addc(b, mark);
	buf_add(b, s, len);
	r->rc = r->emit(r->ctx, r->n++ > 0 ? FTS5_TOKEN_COLOCATED : 0, b->s,
	    (int)b->len, r->start, r->end);
}

/* stem_query()'s callback: a spelling, as a form and as a stem. */
static void
emit_spelling(void *arg, const char *s, size_t len)
{
	struct tok_run	*r = arg;

	emit(r, 0, s, len);
	emit(r, STEM_MARK, s, len);
}

/* unicode61's callback: one word of the folded text. */
static int
tok_word(void *arg, int tflags, const char *w, int len, int start, int end)
{
	struct tok_run		*r = arg;
	struct stem_word	*sw = &r->t->sw;
	size_t			 i;

	(void)tflags;
	r->n = 0;
	r->start = start;
	r->end = end;
	stem_word(r->t->st, r->langs, w, (size_t)len, sw);
	if (!(r->flags & FTS5_TOKENIZE_QUERY)) {
		emit(r, 0, sw->form.s, sw->form.len);
		for (i = 0; i < sw->nstems; i++)
			emit(r, STEM_MARK, sw->stems[i].s, sw->stems[i].len);
	} else if (r->exact)
		emit(r, 0, sw->form.s, sw->form.len);
	else if (r->flags & FTS5_TOKENIZE_PREFIX) {
		emit(r, 0, sw->form.s, sw->form.len);
		emit(r, STEM_MARK, sw->form.s, sw->form.len);
	} else
		stem_query(sw, emit_spelling, r);
	return r->rc;
}

static int
tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text,
    int len, int (*cb)(void *, int, const char *, int, int, int))
{
	struct tok	*t = (struct tok *)p;
	struct tok_run	 r;
	const char	*end;
	char		*lang;
	size_t		 n = len > 0 ? (size_t)len : 0;
	int		 rc;

	memset(&r, 0, sizeof r);
	r.t = t;
	r.ctx = ctx;
	r.emit = cb;
	r.flags = flags;
	r.langs = STEM_ANY;
	r.rc = SQLITE_OK;
	if (n > 0 && text[0] == STEM_LANG &&
	    (end = memchr(text + 1, STEM_LANG, n - 1)) != NULL) {
		lang = xstrndup(text + 1, (size_t)(end - text - 1));
		r.langs = stem_lang(lang);
		free(lang);
		n -= (size_t)(end + 1 - text);
		text = end + 1;
	} else if (n > 0 && text[0] == STEM_EXACT &&
	    (flags & FTS5_TOKENIZE_QUERY)) {
		r.exact = 1;
		text++;
		n--;
	}
	buf_reset(&t->text);
	fold_add(&t->text, text, n, 0);
	rc = t->inner_api.xTokenize(t->inner, &r, flags, buf_str(&t->text),
	    (int)t->text.len, tok_word);
	return rc != SQLITE_OK ? rc : r.rc;
}

/*
 * The rank of a search's match: majlis_rank(posts_fts, w0, w1, w2), Okapi
 * BM25 without its inverse document frequency, the column weights given
 * (title, author, body); lower is better, as FTS5's bm25() has it.
 *
 * Why not bm25().  Its IDF counts, for every phrase of the query, the rows
 * of the whole index that have it (xQueryPhrase): a pass over each
 * phrase's matches before the first row is ranked.  A common word matches
 * a third of a 100,000-post cache; a query word is a phrase of many
 * spellings (stem_query()) and twice over (search.c's exact form): that
 * pass was most of a search's time.  Without it the rank costs the rows
 * ranked only (the newest DB_SEARCH_WINDOW matches, db-query.c).  What is
 * lost: in a query of several words, a rare word no longer weighs more
 * than a common one; every word is required anyway, and the title, the
 * exact form and how often a word occurs still order the matches.
 */
#define RANK_K1		1.2
#define RANK_B		0.75
#define RANK_COLUMNS	3

/* The average column sizes, once per query (FTS5 keeps the totals). */
struct rank_avg {
	double	 avg[RANK_COLUMNS];
};

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *sc,
    int argc, sqlite3_value **argv)
{
	struct rank_avg	*ra;
	sqlite3_int64	 rows, total;
	double		 tf[RANK_COLUMNS], score = 0, w, k;
	int		 ninst, i, phrase, col, off, len, ncol;

	ncol = api->xColumnCount(fts);
	if (ncol > RANK_COLUMNS)
		ncol = RANK_COLUMNS;
	if ((ra = api->xGetAuxdata(fts, 0)) == NULL) {
		ra = xcalloc(1, sizeof *ra);
		if (api->xRowCount(fts, &rows) != SQLITE_OK || rows == 0)
			rows = 1;
		for (col = 0; col < ncol; col++) {
			if (api->xColumnTotalSize(fts, col, &total) !=
			    SQLITE_OK)
				total = 0;
			ra->avg[col] = (double)total / (double)rows;
		}
		if (api->xSetAuxdata(fts, ra, free) != SQLITE_OK) {
			sqlite3_result_error_code(sc, SQLITE_NOMEM);
			return;
		}
	}
	/* One pass over the row's hits: how many in each column. */
	for (col = 0; col < ncol; col++)
		tf[col] = 0;
	if (api->xInstCount(fts, &ninst) != SQLITE_OK) {
		sqlite3_result_error_code(sc, SQLITE_ERROR);
		return;
	}
	for (i = 0; i < ninst; i++) {
		if (api->xInst(fts, i, &phrase, &col, &off) == SQLITE_OK &&
		    col < ncol)
			tf[col]++;
	}
	for (col = 0; col < ncol; col++) {
		if (tf[col] == 0)
			continue;
		w = col < argc ? sqlite3_value_double(argv[col]) : 1.0;
		if (api->xColumnSize(fts, col, &len) != SQLITE_OK)
			len = 0;
		k = RANK_K1 * (1 - RANK_B + RANK_B * (ra->avg[col] > 0 ?
		    len / ra->avg[col] : 1));
		score += w * tf[col] * (RANK_K1 + 1) / (tf[col] + k);
	}
	sqlite3_result_double(sc, -score);
}

/*
 * Register the tokenizer and the rank function on db's connection: 0, or
 * -1 with db's error.
 */
int
db_token_register(struct db *db)
{
	static fts5_tokenizer	 methods = {
		tok_create, tok_delete, tok_tokenize
	};
	sqlite3_stmt		*stmt;
	fts5_api		*api = NULL;

	if (sqlite3_prepare_v2(db_handle(db), "SELECT fts5(?1)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return db_error(db, "fts5");
	sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (api == NULL || api->iVersion < 2)
		return db_errorf(db, "fts5: %s", _("SQLite has no FTS5"));
	if (api->xCreateTokenizer(api, "majlis", api, &methods,
	    NULL) != SQLITE_OK ||
	    api->xCreateFunction(api, "majlis_rank", NULL, rank_fn,
	    NULL) != SQLITE_OK)
		return db_error(db, "fts5");
	return 0;
}
