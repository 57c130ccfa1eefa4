/*
 * libFuzzer target for the feed parser.  Every input is parsed three
 * times: without URL or charset, collecting the entries; then with a feed
 * URL and an HTTP charset picked by the input's first byte, once collecting
 * and once through a callback.  The last two must agree entry by entry (the
 * callback path hands entries over as they complete, and after a repair
 * re-parse skips those it already gave), and every string must be valid
 * UTF-8.  A fourth parse, with no text lifted out of the document for
 * libxml2 (MAJLIS_TEST_NOLIFT, parse-input.c), must give the same feed,
 * field by field, as the second.  Build with --enable-fuzzing (AddressSanitizer and
 * UndefinedBehaviorSanitizer); see fuzz/README.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FEED_URL	"http://fuzz.example/a/b.xml"

struct seen {
	const struct feed *collected;	/* the same input, collected */
	size_t		 n;
};

static void
check_str(const char *s)
{
	if (s != NULL && !utf8_valid(s, strlen(s)))
		abort();
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
check_entry(struct entry *e, void *arg)
{
	struct seen		*sn = arg;
	const struct entry	*c;
	size_t			 i;
	char			*key;

	key = entry_key(e, FEED_URL);
	if (key == NULL || *key == '\0')
		abort();
	free(key);
	check_str(e->title);
	check_str(e->link);
	check_str(e->id);
	check_str(e->author);
	check_str(e->summary);
	check_str(e->content);
	for (i = 0; i < e->ntags; i++) {
		if (e->tags[i] == NULL)
			abort();
		check_str(e->tags[i]);
	}
	for (i = 0; i < e->nenclosures; i++)
		if (e->enclosures[i].url == NULL)
			abort();
	/* Entry n must be entry n of the collected parse. */
	if (sn->n >= sn->collected->nentries)
		abort();
	c = &sn->collected->entries[sn->n++];
	if (!same(c->title, e->title) || !same(c->link, e->link) ||
	    !same(c->id, e->id) || !same(c->summary, e->summary) ||
	    !same(c->content, e->content) || c->ntags != e->ntags ||
	    c->nenclosures != e->nenclosures ||
	    c->published != e->published || c->updated != e->updated)
		abort();
	return 0;
}

/* Are f and g the same feed, field by field?  (Either may be NULL.) */
static int
same_feed(const struct feed *f, const struct feed *g)
{
	const struct entry	*a, *b;
	size_t			 i, j;

	if (f == NULL || g == NULL)
		return f == g;
	if (!same(f->title, g->title) || !same(f->link, g->link) ||
	    !same(f->subtitle, g->subtitle) || !same(f->author, g->author) ||
	    !same(f->id, g->id) || !same(f->rights, g->rights) ||
	    !same(f->generator, g->generator) || !same(f->lang, g->lang) ||
	    !same(f->version, g->version) ||
	    !same(f->bozo_message, g->bozo_message) || f->bozo != g->bozo ||
	    f->updated != g->updated || f->published != g->published ||
	    f->nentries != g->nentries)
		return 0;
	for (i = 0; i < f->nentries; i++) {
		a = &f->entries[i];
		b = &g->entries[i];
		if (!same(a->title, b->title) || !same(a->link, b->link) ||
		    !same(a->id, b->id) || !same(a->author, b->author) ||
		    !same(a->summary, b->summary) ||
		    !same(a->content, b->content) || !same(a->base, b->base) ||
		    !same(a->lang, b->lang) || a->text != b->text ||
		    a->author_inherited != b->author_inherited ||
		    a->published != b->published || a->updated != b->updated ||
		    a->duration != b->duration || a->ntags != b->ntags ||
		    a->nenclosures != b->nenclosures)
			return 0;
		for (j = 0; j < a->ntags; j++)
			if (!same(a->tags[j], b->tags[j]))
				return 0;
		for (j = 0; j < a->nenclosures; j++)
			if (!same(a->enclosures[j].url, b->enclosures[j].url) ||
			    !same(a->enclosures[j].type, b->enclosures[j].type) ||
			    a->enclosures[j].length != b->enclosures[j].length)
				return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		NULL, "utf-8", "iso-8859-1", "windows-1256", "utf-16", "bogus"
	};
	struct feed	*f, *g;
	struct seen	 sn;
	char		*err = NULL, *err2 = NULL;
	const char	*cs;

	f = feed_parse((const char *)data, size, NULL, NULL, NULL, NULL, &err);
	if ((f == NULL) == (err == NULL))
		abort();
	if (f != NULL)
		check_str(f->title);
	feed_free(f);
	free(err);

	err = NULL;
	cs = charsets[size > 0 ? data[0] % nitems(charsets) : 0];
	f = feed_parse((const char *)data, size, FEED_URL, cs, NULL, NULL,
	    &err);
	if ((f == NULL) == (err == NULL))
		abort();
	if (f != NULL) {
		if (f->nentries != f->count)
			abort();
		sn.collected = f;
		sn.n = 0;
		g = feed_parse((const char *)data, size, FEED_URL, cs,
		    check_entry, &sn, &err2);
		if (g == NULL || g->nentries != 0 || g->count != f->count ||
		    sn.n != f->nentries || !same(g->title, f->title) ||
		    g->bozo != f->bozo)
			abort();
		feed_free(g);
	}
	free(err2);
	err2 = NULL;
	setenv("MAJLIS_TEST_NOLIFT", "1", 1);
	g = feed_parse((const char *)data, size, FEED_URL, cs, NULL, NULL,
	    &err2);
	unsetenv("MAJLIS_TEST_NOLIFT");
	if (!same_feed(f, g) || !same(err, err2))
		abort();
	feed_free(g);
	feed_free(f);
	free(err);
	free(err2);
	return 0;
}
