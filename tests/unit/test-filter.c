/*
 * filter.c: the bounds of a filter (issue 25).  Parentheses nested more
 * than FILTER_MAX_DEPTH deep are an error at the column of the first one
 * too many, however many follow (100,000 overflowed the stack); a regular
 * expression that regcomp() would unroll past FILTER_REGEX_MAX_SIZE, with
 * groups nested past FILTER_REGEX_MAX_DEPTH or with a back-reference is
 * refused before regcomp() sees it; ordinary patterns still pass.  And
 * newsboat's language whole: == for =, a post's guid, date and enclosure,
 * a feed's attributes in a filter of posts (a condition on the feeds, not
 * on each post) and in a filter of feeds, which refuses a post's; the
 * feeds a killfile rule is for ("*", a URL, regex:).
 */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "majlis.h"

#define NOW	((time_t)1750000000)

/* n '(' then middle then n ')' (close: 0 leaves them out).  Heap. */
static char *
nested(size_t n, const char *middle, int close)
{
	size_t	 len = strlen(middle);
	char	*s = xmalloc(2 * n + len + 1);

	memset(s, '(', n);
	memcpy(s + n, middle, len);
	memset(s + n + len, ')', close ? n : 0);
	s[n + len + (close ? n : 0)] = '\0';
	return s;
}

/* text compiles; returns nothing, frees all. */
static void
compiles(const char *text)
{
	struct filter	*f;
	char		*err = NULL;

	f = filter_compile(text, NOW, &err, NULL);
	if (f == NULL)
		fail_msg("%s: %s", text, err);
	assert_null(err);
	filter_free(f);
}

/*
 * text fails with an error that starts with want ("column N: ..."), and
 * the column apart is that N.
 */
static void
fails(const char *text, const char *want)
{
	struct filter	*f;
	char		*err = NULL;
	unsigned long	 wcol;
	size_t		 col = 0;

	f = filter_compile(text, NOW, &err, &col);
	assert_null(f);
	assert_non_null(err);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err, want);
	if (sscanf(want, "column %lu:", &wcol) == 1)
		assert_int_equal(col, wcol);
	free(err);
}

/* The deepest '(' nesting of s. */
static int
sql_depth(const char *s)
{
	int	 d = 0, max = 0;

	for (; *s != '\0'; s++) {
		if (*s == '(' && ++d > max)
			max = d;
		else if (*s == ')')
			d--;
	}
	return max;
}

static void
test_depth(void **state)
{
	struct filter	*f;
	char		*s, *err = NULL;

	(void)state;
	s = nested(FILTER_MAX_DEPTH, "title = \"x\"", 1);
	f = filter_compile(s, NOW, &err, NULL);
	assert_non_null(f);
	/*
	 * One SQL '(' for each of the filter, one for the whole and one of
	 * coalesce(): SQLite's parser (a stack of 100) holds it.
	 */
	assert_int_equal(sql_depth(f->sql), FILTER_MAX_DEPTH + 2);
	filter_free(f);
	free(s);

	s = nested(FILTER_MAX_DEPTH + 1, "title = \"x\"", 1);
	fails(s, "column 33: more than 32 parentheses nested");
	free(s);
	/* The issue's: no crash, the same error, whatever follows. */
	s = nested(100000, "", 0);
	fails(s, "column 33: more than 32 parentheses nested");
	free(s);
	s = nested(50000, "title = \"x\"", 1);
	fails(s, "column 33: more than 32 parentheses nested");
	free(s);
	/* Side by side is not nested. */
	compiles("(title = \"a\") and (title = \"b\") or ((author = \"c\"))");
	fails("(((title = \"a\")", "column 16: expected ')'");
}

/* A long flat chain does not recurse: no bound is needed, none applies. */
static void
test_flat(void **state)
{
	struct buf	 b;
	int		 i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 200; i++)
		buf_addf(&b, "%s(title # \"w%d\")", i > 0 ? (i % 2 ? " or " :
		    " and ") : "", i);
	compiles(buf_str(&b));
	buf_free(&b);
}

static void
test_regex_bound(void **state)
{
	char	*s;

	(void)state;
	/* The bomb: refused at once, before regcomp(). */
	assert_non_null(filter_regex_bound("(((a{1,100}){1,100}){1,100})"));
	fails("title =~ \"(((a{1,100}){1,100}){1,100})\"",
	    "column 10: a regular expression too costly");
	fails("title !~ \"(x|y){40}{40}\"",
	    "column 10: a regular expression too costly");
	fails("title =~ \"a{1,2001}\"",
	    "column 10: a regular expression too costly");
	assert_null(filter_regex_bound("a{1,2000}"));
	assert_non_null(filter_regex_bound("[[:alpha:]]{1,10000}"));
	assert_non_null(filter_regex_bound("a{1,}{1000}{3}"));
	assert_non_null(filter_regex_bound("(ab{99999999999999999999}"));
	/* Back-references: exponential matching. */
	fails("title =~ \"(a|aa)*\\\\1b\"",
	    "column 10: a back-reference");
	/* Groups: regcomp() recurses once per group. */
	s = nested(FILTER_REGEX_MAX_DEPTH, "a", 1);
	assert_null(filter_regex_bound(s));
	assert_true(filter_regex_ok(s));
	free(s);
	s = nested(FILTER_REGEX_MAX_DEPTH + 1, "a", 1);
	assert_non_null(filter_regex_bound(s));
	assert_false(filter_regex_ok(s));
	free(s);
	s = nested(100000, "a", 0);
	assert_non_null(filter_regex_bound(s));
	free(s);
	/* A '(' in a bracket expression opens no group. */
	assert_null(filter_regex_bound("[((((((((((((((((((((((((((((((((((((]"
	    "[[:alpha:]((((((((((((((((((((((((((((((((((((]"));
}

static void
test_regex_ordinary(void **state)
{
	(void)state;
	compiles("title =~ \"^(a|b)+x{2,3}$\"");
	compiles("title =~ \"كتاب|پەیام\" or content =~ \"الكتاب+\"");
	compiles("author =~ \"[[:alpha:]]+\" and link !~ \"[]a-z]{2,}\"");
	compiles("title =~ \"x{,5}y{3,}z{2}\\\\.\" and title =~ \"a)b\"");
	compiles("title =~ \"(news|sport|weather)*[0-9]{1,4}\"");
	assert_true(filter_regex_ok("^(a|b)+x{2,3}$"));
	assert_true(filter_regex_ok("[[:alpha:]]+"));
	fails("title =~ \"(\"", "column 10: not a valid regular expression");
}

/* A filter of feeds: text fails with an error that starts with want. */
static void
feeds_fails(const char *text, const char *want)
{
	struct filter	*f;
	char		*err = NULL;

	f = filter_compile_feeds(text, NOW, &err, NULL);
	assert_null(f);
	assert_non_null(err);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err, want);
	free(err);
}

static void
test_newsboat(void **state)
{
	struct filter	*f;
	char		*err = NULL;

	(void)state;
	compiles("title == \"a\" and guid = \"g\" and date >= \"2025-01\"");
	compiles("enclosure_url # \"mp3\" or enclosure_type =~ \"^audio\"");
	compiles("feedlink = \"x\" and unread_count > 0 and total_count "
	    "between 1:10 and latest_article_age <= 3");
	/* A feed's attribute in a filter of posts: one pass over the feeds. */
	f = filter_compile("unread_count == 2", NOW, &err, NULL);
	assert_non_null(f);
	assert_non_null(strstr(f->sql, "p.feed_id IN (SELECT f.id FROM feeds"));
	assert_int_equal(f->n, 1);
	assert_int_equal(f->v[0].num, 2);
	filter_free(f);
	/* latest_article_age counts from now, bound before its value. */
	f = filter_compile_feeds("latest_article_age between 7:3", NOW, &err,
	    NULL);
	assert_non_null(f);
	assert_null(strstr(f->sql, "p."));
	assert_int_equal(f->n, 3);
	assert_int_equal(f->v[0].num, (int64_t)NOW);
	assert_int_equal(f->v[1].num, 3);
	assert_int_equal(f->v[2].num, 7);
	filter_free(f);
	f = filter_compile_feeds("feedtitle =~ \"x\" and tags # \"t\" or "
	    "rssurl != \"u\"", NOW, &err, NULL);
	assert_non_null(f);
	assert_int_equal(f->n, 4);	/* LIKE, regexp, the tag, the URL */
	filter_free(f);
	feeds_fails("title = \"x\"", "column 1: title: an attribute of posts");
	feeds_fails("unread = \"yes\"", "column 1: unread: an attribute of");
	feeds_fails("total_count > 1 and age < 3", "column 21: age: an "
	    "attribute of posts");
	fails("total_count =~ \"3\"", "column 13: total_count takes =, !=");
	fails("unread_count > \"x\"", "column 16: expected a number");
	fails("title between 1:2", "column 7: title: between is for numbers");
	fails("feedtitle between 1:2", "column 11: feedtitle: between is for");
	fails("unread_count between 1", "column 23: expected ':'");
	fails("nope = 1", "column 1: nope: not an attribute (title,");
	fails("title ==", "column 9: expected a value");
}

static void
test_feeds_rule(void **state)
{
	(void)state;
	assert_null(filter_feeds_why("*"));
	assert_null(filter_feeds_why("https://a.example/feed"));
	assert_null(filter_feeds_why("regex:^https://(a|b)\\.example/"));
	assert_non_null(filter_feeds_why("regex:("));
	assert_non_null(filter_feeds_why("regex:"));
	assert_non_null(filter_feeds_why("regex:(a{1,100}){1,100}"));
	assert_true(filter_feeds_match("*", "https://a.example/feed"));
	assert_true(filter_feeds_match("https://a.example/feed",
	    "https://a.example/feed"));
	assert_false(filter_feeds_match("https://a.example/feed",
	    "https://b.example/feed"));
	assert_true(filter_feeds_match("regex:^https://(a|b)\\.example/",
	    "https://b.example/feed"));
	assert_true(filter_feeds_match("regex:EXAMPLE/FEED$",
	    "https://b.example/feed"));
	assert_false(filter_feeds_match("regex:^https://(a|b)\\.example/",
	    "https://c.example/feed"));
	assert_false(filter_feeds_match("regex:(", "("));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_regex_bound),
		cmocka_unit_test(test_regex_ordinary),
		cmocka_unit_test(test_newsboat),
		cmocka_unit_test(test_feeds_rule),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
