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
 * group must have a word to exclude from.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

struct search_term {
	char	*text;		/* folded, FTS5-quoted */
	int	 neg;
};

/* Append word to b in FTS5 quotes, then '*' if prefix. */
static void
search_quote(struct buf *b, const char *word, size_t len, int prefix)
{
	size_t	 i;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		if (word[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, word[i]);
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
		*err = xstrdup("only excluded words (-word, NOT word): add a "
		    "word to search for");
		return -1;
	}
	if (n == 0) {
		*err = xstrdup("OR needs words on both sides");
		return -1;
	}
	if (out->len > 0)
		buf_adds(out, " OR ");
	buf_adds(out, "((");
	for (i = 0, npos = 0; i < n; i++) {
		if (t[i].neg)
			continue;
		if (npos++ > 0)
			buf_addc(out, ' ');
		buf_adds(out, t[i].text);
	}
	buf_addc(out, ')');
	for (i = 0; i < n; i++) {
		if (t[i].neg) {
			buf_adds(out, " NOT ");
			buf_adds(out, t[i].text);
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
	static const char	 ws[] = " \t\r\n\f\v";
	struct search_term	*t = NULL;
	struct buf		 out, w;
	const char		*p, *end;
	char			*word, *folded;
	size_t			 n = 0, cap = 0, i, len;
	int			 neg, notword = 0, prefix, ok = -1;

	*err = NULL;
	buf_init(&out);
	buf_init(&w);
	p = text != NULL ? text : "";
	for (;; p += len) {
		p += strspn(p, ws);
		if (*p == '\0')
			break;
		neg = notword;
		notword = 0;
		if (*p == '-' && p[1] != '\0' && strchr(ws, p[1]) == NULL) {
			neg = 1;
			p++;
		}
		prefix = 0;
		if (*p == '"') {
			if ((end = strchr(p + 1, '"')) == NULL) {
				*err = xstrdup("a phrase (\"...) without its "
				    "closing quote");
				goto out;
			}
			word = xstrndup(p + 1, (size_t)(end - p - 1));
			prefix = end[1] == '*';
			len = (size_t)(end - p) + 1 + prefix;
		} else {
			len = strcspn(p, " \t\r\n\f\v\"");
			word = xstrndup(p, len);
			/* OR and NOT are operators only in capitals. */
			if (!neg && strcmp(word, "OR") == 0) {
				free(word);
				if (search_group(&out, t, n, err) == -1)
					goto out;
				for (i = 0; i < n; i++)
					free(t[i].text);
				n = 0;
				if (p[len + strspn(p + len, ws)] == '\0') {
					*err = xstrdup("OR needs words on "
					    "both sides");
					goto out;
				}
				continue;
			}
			if (!neg && strcmp(word, "NOT") == 0) {
				free(word);
				end = p + len + strspn(p + len, ws);
				if (*end == '\0' || (strncmp(end, "OR", 2) == 0
				    && strchr(ws, end[2]) != NULL)) {
					*err = xstrdup("NOT needs a word after"
					    " it");
					goto out;
				}
				notword = 1;
				continue;
			}
			while (*word != '\0' && word[strlen(word) - 1] == '*') {
				prefix = 1;
				word[strlen(word) - 1] = '\0';
			}
		}
		folded = text_fold(word);
		free(word);
		/* A phrase's words go to FTS5 as one string; "" is nothing. */
		for (i = 0; folded[i] != '\0'; i++) {
			if (strchr(ws, folded[i]) != NULL)
				folded[i] = ' ';
		}
		if (strspn(folded, " ") == strlen(folded)) {
			free(folded);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			t = xreallocarray(t, cap, sizeof *t);
		}
		buf_reset(&w);
		search_quote(&w, folded, strlen(folded), prefix);
		free(folded);
		t[n].text = xstrdup(buf_str(&w));
		t[n++].neg = neg;
	}
	if (n > 0 && search_group(&out, t, n, err) == -1)
		goto out;
	ok = 0;
out:
	for (i = 0; i < n; i++)
		free(t[i].text);
	free(t);
	buf_free(&w);
	if (ok == -1) {
		buf_free(&out);
		return NULL;
	}
	return buf_take(&out);
}
