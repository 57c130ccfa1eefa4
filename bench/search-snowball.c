/*
 * bench/search-snowball.c: the Snowball baseline of bench/search-quality,
 * what a search that only stems would find.
 *
 *	search-snowball ALGORITHM POSTS QUERIES
 *
 * POSTS has one post a line, KEY<tab>TEXT; QUERIES one query a line.  For
 * each query, one line of output: the keys of the posts that have, for
 * every word of the query, a word with the same stem, in the order of
 * POSTS, separated by spaces (an empty line when none has).
 *
 * A word is a run of ASCII letters and digits and of any other character
 * that is not a space or punctuation (Arabic letters, their marks, ZWNJ);
 * HTML tags and entities in TEXT separate words.  The only folding is
 * lowercase, of ASCII: then libstemmer's ALGORITHM ("english", "arabic")
 * stems the word.  So ي and ی, ك and ک, ة and ه, ە and ه, a hamza or a
 * vowel mark make different words here, as they do for any program that
 * uses Snowball as it comes.
 *
 * bench/search-quality compiles it on demand (cc ... -lstemmer); it is
 * not part of majlis's build.
 */
#define _POSIX_C_SOURCE 200809L

#include <sys/types.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

struct words {
	char	**v;
	size_t	  n, cap;
};

struct post {
	char		*key;
	struct words	 stems;		/* sorted, unique */
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("search-snowball");
		exit(2);
	}
	return p;
}

static void
words_add(struct words *w, const char *s, size_t len)
{
	if (w->n == w->cap) {
		if (w->cap > SIZE_MAX / 2 / sizeof *w->v) {
			fputs("search-snowball: too many words\n", stderr);
			exit(2);
		}
		w->cap = w->cap ? 2 * w->cap : 16;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n] = xrealloc(NULL, len + 1);
	memcpy(w->v[w->n], s, len);
	w->v[w->n][len] = '\0';
	w->n++;
}

static void
words_free(struct words *w)
{
	size_t	 i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof *w);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts w and drops the duplicates. */
static void
words_sort(struct words *w)
{
	size_t	 i, j;

	if (w->n == 0)
		return;
	qsort(w->v, w->n, sizeof *w->v, cmp);
	for (i = j = 1; i < w->n; i++) {
		if (strcmp(w->v[i], w->v[j - 1]) == 0)
			free(w->v[i]);
		else
			w->v[j++] = w->v[i];
	}
	w->n = j;
}

static int
words_has(const struct words *w, const char *s)
{
	return w->n > 0 &&
	    bsearch(&s, w->v, w->n, sizeof *w->v, cmp) != NULL;
}

/*
 * The code point at s (at most len bytes, len > 0) in *c; returns its
 * length.  A byte that does not start a valid sequence is itself, one
 * byte long, and counts as a letter: the corpus is valid UTF-8.
 */
static size_t
utf8_next(const unsigned char *s, size_t len, uint32_t *c)
{
	size_t	 n, i;

	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0 || n > len)
		goto bad;
	*c = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		*c = (*c << 6) | (s[i] & 0x3f);
	}
	return n;
bad:
	*c = 0xfffd;
	return 1;
}

/* Is c part of a word: not a space, not punctuation? */
static int
word_char(uint32_t c)
{
	if (c < 0x80)
		return isalnum((int)c);
	switch (c) {
	case 0x00a0: case 0x00ab: case 0x00b7: case 0x00bb:
	case 0x060c: case 0x061b: case 0x061f: case 0x06d4:
	case 0x3000: case 0xfd3e: case 0xfd3f: case 0xfeff:
		return 0;
	}
	if (c >= 0x066a && c <= 0x066d)		/* Arabic % , . * */
		return 0;
	/* General punctuation and spaces, but ZWNJ and ZWJ are in words. */
	if (c >= 0x2000 && c <= 0x206f && c != 0x200c && c != 0x200d)
		return 0;
	return 1;
}

/* Appends the stems of text's words to w. */
static void
stem_text(struct sb_stemmer *st, const char *text, struct words *w)
{
	const unsigned char	*s = (const unsigned char *)text;
	const sb_symbol		*r;
	char			*word = NULL;
	size_t			 len = strlen(text), i = 0, n, start, k;
	uint32_t		 c;

	while (i < len) {
		if (s[i] == '<' || s[i] == '&') {
			/* A tag or an entity: up to its end. */
			const char *e = strchr(text + i, s[i] == '<' ? '>' : ';');

			i = e != NULL ? (size_t)(e - text) + 1 : len;
			continue;
		}
		n = utf8_next(s + i, len - i, &c);
		if (!word_char(c)) {
			i += n;
			continue;
		}
		for (start = i; i < len && s[i] != '<' && s[i] != '&'; i += n) {
			n = utf8_next(s + i, len - i, &c);
			if (!word_char(c))
				break;
		}
		word = xrealloc(word, i - start);
		for (k = 0; k < i - start; k++)
			word[k] = (char)tolower(s[start + k]);
		r = sb_stemmer_stem(st, (const sb_symbol *)word, (int)(i - start));
		if (r == NULL) {
			fputs("search-snowball: out of memory\n", stderr);
			exit(2);
		}
		words_add(w, (const char *)r, (size_t)sb_stemmer_length(st));
	}
	free(word);
}

/* The next line of f without its newline, in *line; 0 at the end. */
static int
next_line(FILE *f, char **line, size_t *cap)
{
	ssize_t	 n;

	if ((n = getline(line, cap, f)) == -1)
		return 0;
	if (n > 0 && (*line)[n - 1] == '\n')
		(*line)[n - 1] = '\0';
	return 1;
}

int
main(int argc, char **argv)
{
	struct sb_stemmer	*st;
	struct post		*posts = NULL;
	struct words		 q = { 0 };
	FILE			*pf, *qf;
	char			*line = NULL, *tab;
	size_t			 cap = 0, nposts = 0, i, j;
	int			 sep;

	if (argc != 4) {
		fputs("usage: search-snowball ALGORITHM POSTS QUERIES\n", stderr);
		return 2;
	}
	if ((st = sb_stemmer_new(argv[1], "UTF_8")) == NULL) {
		fprintf(stderr, "search-snowball: no Snowball stemmer %s\n", argv[1]);
		return 2;
	}
	if ((pf = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	while (next_line(pf, &line, &cap)) {
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		posts = xrealloc(posts, (nposts + 1) * sizeof *posts);
		posts[nposts].key = strdup(line);
		if (posts[nposts].key == NULL) {
			perror("search-snowball");
			return 2;
		}
		memset(&posts[nposts].stems, 0, sizeof posts[nposts].stems);
		stem_text(st, tab + 1, &posts[nposts].stems);
		words_sort(&posts[nposts].stems);
		nposts++;
	}
	if (ferror(pf)) {
		perror(argv[2]);
		return 2;
	}
	fclose(pf);
	if ((qf = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		return 2;
	}
	while (next_line(qf, &line, &cap)) {
		stem_text(st, line, &q);
		sep = 0;
		for (i = 0; i < nposts && q.n > 0; i++) {
			for (j = 0; j < q.n; j++) {
				if (!words_has(&posts[i].stems, q.v[j]))
					break;
			}
			if (j == q.n) {
				printf("%s%s", sep ? " " : "", posts[i].key);
				sep = 1;
			}
		}
		putchar('\n');
		words_free(&q);
	}
	if (ferror(qf)) {
		perror(argv[3]);
		return 2;
	}
	fclose(qf);
	for (i = 0; i < nposts; i++) {
		free(posts[i].key);
		words_free(&posts[i].stems);
	}
	free(posts);
	free(line);
	sb_stemmer_delete(st);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("search-snowball: stdout");
		return 2;
	}
	return 0;
}
