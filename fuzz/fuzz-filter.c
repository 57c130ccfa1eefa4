/*
 * libFuzzer target for the filter language (filter.c): any text compiles
 * to SQL or fails with a "column N: " message; compiled SQL has exactly one
 * value bound for each '?' (nothing the user wrote is in the text), and
 * parentheses balanced and nested no deeper than FILTER_MAX_DEPTH allows
 * (SQLite's parser gives up near 90).  The same text is also tried as a
 * regular expression: one that filter_regex_bound() lets through is
 * compiled, so that a pattern the bound misjudges shows up as a timeout or
 * as memory over -rss_limit_mb.  Both kinds, a filter of posts and one of
 * feeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What the fixed pieces of filter.c's SQL nest inside one condition. */
#define FUZZ_FILTER_SQL_SLACK	6

static void
fuzz_filter_sql(const struct filter *f)
{
	const char	*p;
	size_t		 marks = 0;
	int		 depth = 0, deepest = 0;

	for (p = f->sql; *p != '\0'; p++) {
		if (*p == '?')
			marks++;
		else if (*p == '(' && ++depth > deepest)
			deepest = depth;
		else if (*p == ')' && --depth < 0)
			abort();
	}
	if (marks != f->n || depth != 0 ||
	    deepest > FILTER_MAX_DEPTH + FUZZ_FILTER_SQL_SLACK)
		abort();
}

/* A compiled filter f, or the error err: either is well made.  Frees. */
static void
fuzz_filter_text(struct filter *f, char *err)
{
	if (f == NULL) {
		if (err == NULL || strncmp(err, "column ", 7) != 0)
			abort();
		free(err);
	} else {
		if (err != NULL)
			abort();
		fuzz_filter_sql(f);
		filter_free(f);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct filter	*f;
	char		*text, *err = NULL;

	if (memchr(data, '\0', len) != NULL)
		return 0;
	text = xstrndup((const char *)data, len);
	f = filter_compile(text, (time_t)1750000000, &err, NULL);
	fuzz_filter_text(f, err);
	/* The same text as a filter of feeds. */
	f = filter_compile_feeds(text, (time_t)1750000000, &err, NULL);
	fuzz_filter_text(f, err);
	if (filter_regex_bound(text) == NULL)
		(void)filter_regex_ok(text);
	free(text);
	return 0;
}
