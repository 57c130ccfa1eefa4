/*
 * The search language of posts --search, the reader's / and a view's
 * search, translated to the text of an FTS5 MATCH by search_expr(); the
 * store runs it (db-query.c).  Pure: text in, text out.
 *
 * The syntax:
 *
 *	word        posts with the word (folded: case, diacritics and
 *	            Arabic letter variants do not matter)
 *	word*       a word starting so
 *	"a phrase"  the words next to each other, in this order
 *	-word       posts without it (also -"a phrase"); NOT word is the same
 *	a OR b      either side; words next to each other are all required,
 *	            and bind tighter than OR: "a b OR c" is (a b) OR c
 *
 * Every word and phrase goes to FTS5 in double quotes (a quote inside
 * doubled), so that nothing the user types is FTS5 syntax but the
 * operators above: "AND", "NEAR(", ":" are just words.  Each OR group
 * becomes ((positives) NOT negative NOT ...): FTS5's NOT is binary, so a
 * group must have a word to exclude from.  A word or phrase to find goes
 * twice, ("w" OR "\2w"): the index's tokenizer (db-token.c) reads the
 * first as every form of the word and the second as the form typed
 * alone, which finds nothing more but adds to the bm25 rank of a post
 * that has the very form: the exact form ranks first.
 *
 * search_hl_*() find, for highlighting, the words of a text that a search
 * matched: the same analyzer (stem.c) on the text's words, so what is
 * highlighted is what the index found.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static const char ws[] = " \t\r\n\f\v";

enum { TERM_WORD, TERM_OR, TERM_NOT };

/* One token of the search text. */
struct search_term {
	int	 kind;		/* TERM_* */
	char	*text;		/* a word or phrase, as typed */
	int	 neg;		/* -word */
	int	 prefix;	/* word* */
};

/*
 * The next token of the search text at *pp: 1 with *t filled (t->text a
 * heap string), 0 at the end, -1 with *err a heap message.
 */
static int
search_lex(const char **pp, struct search_term *t, char **err)
{
	const char	*p = *pp, *end;
	char		*word, *folded;
	size_t		 len, i;

	for (;;) {
		p += strspn(p, ws);
		if (*p == '\0') {
			*pp = p;
			return 0;
		}
		memset(t, 0, sizeof *t);
		if (*p == '-' && p[1] != '\0' && strchr(ws, p[1]) == NULL) {
			t->neg = 1;
			p++;
		}
		if (*p == '"') {
			if ((end = strchr(p + 1, '"')) == NULL) {
				*err = xstrdup(_("a phrase (\"...) without "
				    "its closing quote"));
				return -1;
			}
			word = xstrndup(p + 1, (size_t)(end - p - 1));
			t->prefix = end[1] == '*';
			len = (size_t)(end - p) + 1 + t->prefix;
		} else {
			len = strcspn(p, " \t\r\n\f\v\"");
			word = xstrndup(p, len);
			/* OR and NOT are operators only in capitals. */
			if (!t->neg && (strcmp(word, "OR") == 0 ||
			    strcmp(word, "NOT") == 0)) {
				t->kind = *word == 'O' ? TERM_OR : TERM_NOT;
				free(word);
				*pp = p + len;
				return 1;
			}
			while (*word != '\0' && word[strlen(word) - 1] == '*') {
				t->prefix = 1;
				word[strlen(word) - 1] = '\0';
			}
		}
		p += len;
		/*
		 * The word goes as typed: the tokenizer folds it, after
		 * reading its language from its letters (stem.c).  Control
		 * characters are the tokenizer's marks (STEM_*), never the
		 * user's; a phrase's words go to FTS5 as one string.  A word
		 * that folds to nothing (only vowel marks) is no word.
		 */
		for (i = 0; word[i] != '\0'; i++) {
			if ((unsigned char)word[i] < ' ')
				word[i] = ' ';
		}
		folded = text_fold(word);
		i = strspn(folded, " ") == strlen(folded);
		free(folded);
		if (i) {
			free(word);
			continue;
		}
		t->text = word;
		*pp = p;
		return 1;
	}
}

/* Append word to b in FTS5 quotes, after lead (0: none), then '*'. */
static void
search_quote(struct buf *b, int lead, const char *word, int prefix)
{
	buf_addc(b, '"');
	if (lead != 0)
		buf_addc(b, lead);
	for (; *word != '\0'; word++) {
		if (*word == '"')
			buf_addc(b, '"');
		buf_addc(b, *word);
	}
	buf_addc(b, '"');
	if (prefix)
		buf_addc(b, '*');
}

/* End one OR group of terms into out; -1 with *err if it cannot be. */
static int
search_group(struct buf *out, struct search_term *t, size_t n, char **err)
{
	size_t	 i, npos = 0;

	for (i = 0; i < n; i++)
		npos += !t[i].neg;
	if (n > 0 && npos == 0) {
		*err = xstrdup(_("only excluded words (-word, NOT word): "
		    "add a word to search for"));
		return -1;
	}
	if (n == 0) {
		*err = xstrdup(_("OR needs words on both sides"));
		return -1;
	}
	if (out->len > 0)
		buf_adds(out, " OR ");
	buf_adds(out, "((");
	for (i = 0, npos = 0; i < n; i++) {
		if (t[i].neg)
			continue;
		/* FTS5 joins phrases with a space, groups only with AND. */
		if (npos++ > 0)
			buf_adds(out, " AND ");
		if (t[i].prefix) {
			search_quote(out, 0, t[i].text, 1);
			continue;
		}
		buf_addc(out, '(');
		search_quote(out, 0, t[i].text, 0);
		buf_adds(out, " OR ");
		search_quote(out, STEM_EXACT, t[i].text, 0);
		buf_addc(out, ')');
	}
	buf_addc(out, ')');
	for (i = 0; i < n; i++) {
		if (t[i].neg) {
			buf_adds(out, " NOT ");
			search_quote(out, 0, t[i].text, t[i].prefix);
		}
	}
	buf_addc(out, ')');
	return 0;
}

/*
 * Returns a heap string: the FTS5 query for the user's search text (the
 * syntax above), "" if there is nothing to search for; or NULL with *err
 * a heap message saying what is wrong (an unterminated phrase, OR or NOT
 * with nothing after it, only excluded words).
 */
char *
search_expr(const char *text, char **err)
{
	struct search_term	*t = NULL, tok;
	struct buf		 out;
	const char		*p, *q;
	size_t			 n = 0, cap = 0, i;
	int			 rc, notword = 0, ok = -1;

	*err = NULL;
	buf_init(&out);
	p = text != NULL ? text : "";
	while ((rc = search_lex(&p, &tok, err)) == 1) {
		if (tok.kind == TERM_OR) {
			if (search_group(&out, t, n, err) == -1)
				goto out;
			for (i = 0; i < n; i++)
				free(t[i].text);
			n = 0;
			if (p[strspn(p, ws)] == '\0') {
				*err = xstrdup(_("OR needs words on both sides"));
				goto out;
			}
			continue;
		}
		if (tok.kind == TERM_NOT) {
			q = p + strspn(p, ws);
			if (*q == '\0' || (strncmp(q, "OR", 2) == 0 &&
			    (q[2] == '\0' || strchr(ws, q[2]) != NULL))) {
				*err = xstrdup(_("NOT needs a word after it"));
				goto out;
			}
			notword = 1;
			continue;
		}
		tok.neg |= notword;
		notword = 0;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			t = xreallocarray(t, cap, sizeof *t);
		}
		t[n++] = tok;
	}
	if (rc == -1)
		goto out;
	if (n > 0 && search_group(&out, t, n, err) == -1)
		goto out;
	ok = 0;
out:
	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
	if (ok == -1) {
		buf_free(&out);
		return NULL;
	}
	return buf_take(&out);
}

/*
 * Highlighting.  A search_hl holds the spellings its words look for
 * (stem_query()) and the beginnings its prefix words look for, all
 * NUL-terminated one after the other in a buffer.
 */
struct search_hl {
	struct stemmer		*st;
	struct stem_word	 sw;
	struct buf		 spell;		/* whole spellings */
	struct buf		 begin;		/* prefixes */
	struct buf		 fold;		/* one word of the text */
};

/* stem_query()'s callback: one more spelling the search looks for. */
static void
hl_add(void *arg, const char *s, size_t len)
{
	buf_list_add(arg, s, len);
}

/*
 * Is c part of a word, for highlighting?  Letters, digits and marks of
 * every script, and the joiners that fold.c drops inside a word; not
 * spaces, punctuation or symbols (those unicode61 splits at).
 */
static int
hl_word_char(uint32_t c)
{
	if (c < 0x80)
		return ascii_alnum((int)c);
	if (c < 0xc0)
		return c == 0xaa || c == 0xb5 || c == 0xba;
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x206f)
		return c == 0x200c || c == 0x200d;
	switch (c) {
	case 0x060c: case 0x061b: case 0x061f: case 0x066a: case 0x066b:
	case 0x066c: case 0x066d: case 0x06d4: case 0xfeff:
		return 0;
	}
	return !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xfe10 && c <= 0xfe6f)
	    && !(c >= 0xff00 && c <= 0xff0f);
}

/* The word at text[*i..): its end; *i moves past what is not a word. */
static size_t
hl_word(const char *text, size_t len, size_t *i)
{
	uint32_t	 c;
	size_t		 j, n;

	for (; *i < len; *i += n) {
		n = utf8_decode(text + *i, len - *i, &c);
		if (hl_word_char(c))
			break;
	}
	for (j = *i; j < len; j += n) {
		n = utf8_decode(text + j, len - j, &c);
		if (!hl_word_char(c))
			break;
	}
	return j;
}

/* Does the folded word w (len bytes) match h? */
static int
hl_match(struct search_hl *h, const char *w, size_t len)
{
	struct stem_word	*sw = &h->sw;
	const struct buf	*k;
	size_t			 i;

	stem_word(h->st, STEM_ANY, w, len, sw);
	/* The form, then each stem: as the index has them (db-token.c). */
	for (i = 0; i <= sw->nstems; i++) {
		k = i == 0 ? &sw->form : &sw->stems[i - 1];
		if (buf_list_has(&h->spell, k->s, k->len, 0) ||
		    buf_list_has(&h->begin, k->s, k->len, 1))
			return 1;
	}
	return 0;
}

/* Adds the words of one term of the search to h. */
static void
hl_term(struct search_hl *h, const struct search_term *t)
{
	size_t	 i = 0, end, len = strlen(t->text);

	while (i < len) {
		end = hl_word(t->text, len, &i);
		if (end == i)
			break;
		buf_reset(&h->fold);
		fold_add(&h->fold, t->text + i, end - i, 0);
		stem_word(h->st, STEM_ANY, buf_str(&h->fold), h->fold.len,
		    &h->sw);
		if (t->prefix && end == len)
			hl_add(&h->begin, h->sw.form.s, h->sw.form.len);
		else
			stem_query(&h->sw, hl_add, &h->spell);
		i = end;
	}
}

/*
 * Returns what highlighting the matches of search text needs, to free
 * with search_hl_free(); NULL if the search has no word to find (or is
 * not valid: search_expr() says why).
 */
struct search_hl *
search_hl_new(const char *text)
{
	struct search_hl	*h;
	struct search_term	 t;
	const char		*p = text != NULL ? text : "";
	char			*err = NULL;
	int			 notword = 0, rc;

	h = xcalloc(1, sizeof *h);
	h->st = stemmer_new();
	stem_word_init(&h->sw);
	buf_init(&h->spell);
	buf_init(&h->begin);
	buf_init(&h->fold);
	while ((rc = search_lex(&p, &t, &err)) == 1) {
		if (t.kind != TERM_WORD) {
			notword = t.kind == TERM_NOT;
			continue;
		}
		if (!t.neg && !notword)
			hl_term(h, &t);
		notword = 0;
		free(t.text);
	}
	free(err);
	if (rc == -1 || (h->spell.len == 0 && h->begin.len == 0)) {
		search_hl_free(h);
		return NULL;
	}
	return h;
}

void
search_hl_free(struct search_hl *h)
{
	if (h == NULL)
		return;
	stemmer_free(h->st);
	stem_word_free(&h->sw);
	buf_free(&h->spell);
	buf_free(&h->begin);
	buf_free(&h->fold);
	free(h);
}

/*
 * Finds the first word of text[from..len) that the search matches: 1 with
 * [*start, *end) its bytes, 0 if there is none.
 */
int
search_hl_find(struct search_hl *h, const char *text, size_t len,
    size_t from, size_t *start, size_t *end)
{
	size_t	 i = from, j;

	while (i < len) {
		j = hl_word(text, len, &i);
		if (j == i)
			break;
		buf_reset(&h->fold);
		fold_add(&h->fold, text + i, j - i, 0);
		if (h->fold.len > 0 && hl_match(h, buf_str(&h->fold),
		    h->fold.len)) {
			*start = i;
			*end = j;
			return 1;
		}
		i = j;
	}
	return 0;
}
