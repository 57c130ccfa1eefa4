/*
 * Unit tests for opml.c: nested folders and categories to tags, the
 * refusals (one message per bad outline, naming file and line), files that
 * are refused whole, the export, and export-then-import giving back the
 * same feeds and tags.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/* Read a fixture from tests/data into a heap buffer. */
static char *
fixture(const char *name, size_t *len)
{
	struct buf	 b;
	char		*path, chunk[4096];
	size_t		 n;
	FILE		*fp;

	xasprintf(&path, "%s/%s", TEST_DATA, name);
	fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("cannot open %s", path);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	free(path);
	*len = b.len;
	return buf_take(&b);
}

/* Parse a fixture; returns what opml_parse returned. */
static int
parse_fixture(const char *name, struct sublist *sl, char **err)
{
	char	*data;
	size_t	 len;
	int	 rc;

	data = fixture(name, &len);
	sublist_init(sl);
	rc = sublist_parse(data, len, name, sl, err);
	free(data);
	return rc;
}

/* The tags of s, comma-separated, in a static buffer. */
static const char *
tags_of(const struct sub *s)
{
	static char	 out[512];
	size_t		 i;

	out[0] = '\0';
	for (i = 0; i < s->ntags; i++) {
		if (i > 0)
			strncat(out, ",", sizeof out - strlen(out) - 1);
		strncat(out, s->tags[i], sizeof out - strlen(out) - 1);
	}
	return out;
}

static void
test_nested(void **state)
{
	struct sublist	 sl;
	char		*err = NULL;

	(void)state;
	assert_int_equal(parse_fixture("import-nested.opml", &sl, &err), 0);
	assert_null(err);
	assert_int_equal(sl.nerrors, 0);
	assert_int_equal(sl.nsubs, 5);

	assert_string_equal(sl.subs[0].url, "https://lwn.net/headlines/rss");
	assert_string_equal(sl.subs[0].title, "LWN.net");
	assert_string_equal(sl.subs[0].site, "https://lwn.net/");
	/* Listed again under "News": one feed, the tags of both places. */
	assert_string_equal(tags_of(&sl.subs[0]), "Tech,Linux,News");
	assert_int_equal(sl.subs[0].line, 10);

	/* xmlurl in lower case is read too. */
	assert_string_equal(sl.subs[1].url, "http://example.org/text.xml");
	assert_string_equal(sl.subs[1].title, "Text only");
	assert_null(sl.subs[1].site);

	/* title before text; the category's paths split into tags. */
	assert_string_equal(sl.subs[2].title, "Hacker News");
	assert_string_equal(tags_of(&sl.subs[2]),
	    "Tech,news,daily,aggregator");

	/* URL trimmed, entity decoded, no folder: no tags. */
	assert_string_equal(sl.subs[3].url, "https://example.com/top.xml");
	assert_string_equal(sl.subs[3].title, "Top level & untagged");
	assert_int_equal(sl.subs[3].ntags, 0);

	/* A text that is only the URL is no title. */
	assert_string_equal(sl.subs[4].url, "https://example.net/notitle.xml");
	assert_null(sl.subs[4].title);
	assert_string_equal(tags_of(&sl.subs[4]), "News");
	sublist_free(&sl);
}

static void
test_bad_outlines(void **state)
{
	static const char *const want[] = {
		"import-bad-outline.opml:6: exec:rm -rf ~: refused: an exec: "
		    "feed runs a command; only add and import of your own urls "
		    "file take one",
		"import-bad-outline.opml:9: filter:~/bin/f:https://x.example/"
		    "f.xml: refused: a filter: feed runs a command; only add and import of your own urls "
		    "file take one",
		"import-bad-outline.opml:10: file:///etc/passwd: refused: a "
		    "file: URL reads local files",
		"import-bad-outline.opml:11: gopher://old.example/1: refused: "
		    "not an http or https URL",
		"import-bad-outline.opml:12: |curl https://x.example: refused: "
		    "a command, not a URL",
		"import-bad-outline.opml:13: outline has no xmlUrl",
		"import-bad-outline.opml:14: query:Unread:unread = \"yes\": "
		    "refused: query feeds are not supported",
	};
	struct sublist	 sl;
	char		*err = NULL;
	size_t		 i;

	(void)state;
	assert_int_equal(parse_fixture("import-bad-outline.opml", &sl, &err),
	    0);
	assert_int_equal(sl.nsubs, 3);
	assert_string_equal(sl.subs[0].url, "https://good.example/one.xml");
	assert_string_equal(sl.subs[1].url, "http://good.example/two.xml");
	assert_string_equal(tags_of(&sl.subs[1]), "Folder");
	assert_string_equal(sl.subs[2].url, "https://good.example/three.xml");
	assert_int_equal(sl.nerrors, nitems(want));
	for (i = 0; i < nitems(want); i++)
		assert_string_equal(sl.errors[i], want[i]);
	sublist_free(&sl);
}

/* Files refused whole: nothing added, and the reason. */
static void
test_refused_whole(void **state)
{
	static const struct {
		const char	*file;
		const char	*msg;
	} cases[] = {
		{ "import-malformed.opml",
		  "import-malformed.opml:7: not well-formed XML: " },
		{ "import-not-opml.opml",
		  "import-not-opml.opml: not an OPML file (the document is "
		  "<rss>)" },
		{ "import-entities.opml", "import-entities.opml" },
		{ "import-xxe.opml",
		  "import-xxe.opml: refused: the document declares entities" },
	};
	struct sublist	 sl;
	char		*err;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		err = NULL;
		assert_int_equal(parse_fixture(cases[i].file, &sl, &err), -1);
		assert_non_null(err);
		if (strncmp(err, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("%s: got \"%s\"", cases[i].file, err);
		assert_int_equal(sl.nsubs, 0);
		free(err);
		sublist_free(&sl);
	}
}

static void
test_small_documents(void **state)
{
	static const struct {
		const char	*doc;
		int		 rc;
		size_t		 nsubs;
	} cases[] = {
		{ "<opml version=\"1.1\"><body/></opml>", 0, 0 },
		{ "<opml><head/></opml>", -1, 0 },
		{ "<opml><body><outline xmlUrl=\"https://a.example/\"/>"
		  "</body></opml>", 0, 1 },
		{ "<OPML><BODY><OUTLINE XMLURL=\"https://a.example/\"/>"
		  "</BODY></OPML>", 0, 1 },
		{ "<", -1, 0 },
		{ "", -1, 0 },
		{ "<opml><body><outline xmlUrl=\"https://a.example/\">"
		  "<outline xmlUrl=\"https://b.example/\"/></outline>"
		  "</body></opml>", 0, 2 },
	};
	struct sublist	 sl;
	char		*err;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		sublist_init(&sl);
		err = NULL;
		if (opml_parse(cases[i].doc, strlen(cases[i].doc), "t", &sl,
		    &err) != cases[i].rc)
			fail_msg("case %zu: %s", i, err != NULL ? err : "");
		assert_int_equal(sl.nsubs, cases[i].nsubs);
		free(err);
		sublist_free(&sl);
	}
}

static void
test_check_url(void **state)
{
	(void)state;
	assert_null(sub_check_url("https://example.org/feed"));
	assert_null(sub_check_url("HTTP://EXAMPLE.ORG/"));
	assert_non_null(sub_check_url("https://"));
	assert_non_null(sub_check_url("http:///path"));
	assert_non_null(sub_check_url("https://a b/"));
	assert_non_null(sub_check_url("ftp://example.org/"));
	assert_non_null(sub_check_url("EXEC:ls"));
	assert_non_null(sub_check_url("javascript:alert(1)"));
	assert_non_null(sub_check_url(""));
}

static void
test_clean(void **state)
{
	char	*s;

	(void)state;
	s = sub_clean("  a\tb\n\n c \x1b[2J\xe2\x80\xae d  ", 100);
	assert_string_equal(s, "a b c [2J d");
	free(s);
	s = sub_clean("abcdefghij", 6);
	assert_string_equal(s, "abcdef...");
	free(s);
	s = sub_clean("bad \xff byte", 100);
	assert_string_equal(s, "bad \xef\xbf\xbd byte");
	free(s);
}

static void
test_export(void **state)
{
	struct sublist	 sl;
	struct sub	*s;
	struct buf	 b;
	const char	*out;

	(void)state;
	sublist_init(&sl);
	s = sublist_add(&sl, "https://a.example/feed?x=1&y=2", 0);
	s->title = xstrdup("Fish & \"Chips\" <tab>\there");
	s->site = xstrdup("https://a.example/");
	sub_add_tag(s, "zeta");
	sub_add_tag(s, "two words");
	s = sublist_add(&sl, "https://b.example/", 0);
	s = sublist_add(&sl, "https://c.example/", 0);
	s->title = xstrdup("C \xff");
	sub_add_tag(s, "alpha");

	buf_init(&b);
	opml_write(&b, "majlis subscriptions", sl.subs, sl.nsubs, 1328493600);
	out = buf_str(&b);
	assert_true(utf8_valid(out, b.len));
	assert_non_null(strstr(out, "<opml version=\"2.0\" xmlns:majlis=\""
	    OPML_MAJLIS_NS "\">"));
	assert_non_null(strstr(out,
	    "<dateCreated>Mon, 06 Feb 2012 02:00:00 GMT</dateCreated>"));
	/* Folders in name order, each feed in its first tag's folder. */
	assert_non_null(strstr(out,
	    "    <outline text=\"alpha\" title=\"alpha\">\n"
	    "      <outline type=\"rss\" text=\"C \xef\xbf\xbd\" "
	    "title=\"C \xef\xbf\xbd\" xmlUrl=\"https://c.example/\" "
	    "category=\"alpha\"/>\n"
	    "    </outline>\n"
	    "    <outline text=\"zeta\" title=\"zeta\">\n"
	    "      <outline type=\"rss\" text=\"Fish &amp; &quot;Chips&quot; "
	    "&lt;tab&gt;&#9;here\" title=\"Fish &amp; &quot;Chips&quot; "
	    "&lt;tab&gt;&#9;here\" xmlUrl=\"https://a.example/feed?x=1&amp;"
	    "y=2\" htmlUrl=\"https://a.example/\" category=\"zeta,two words\""
	    "/>\n"
	    "    </outline>\n"
	    "    <outline type=\"rss\" text=\"https://b.example/\" "
	    "xmlUrl=\"https://b.example/\"/>\n"
	    "  </body>\n"));
	buf_free(&b);
	sublist_free(&sl);
}

/* What we write, we read back: same feeds, titles, sites and tags. */
static void
test_round_trip(void **state)
{
	struct sublist	 sl, back;
	struct buf	 b;
	char		*err = NULL;
	size_t		 i, j;

	(void)state;
	assert_int_equal(parse_fixture("import-nested.opml", &sl, &err), 0);
	buf_init(&b);
	opml_write(&b, "majlis subscriptions", sl.subs, sl.nsubs, 0);
	sublist_init(&back);
	assert_int_equal(opml_parse(buf_str(&b), b.len, "back", &back, &err),
	    0);
	assert_int_equal(back.nerrors, 0);
	assert_int_equal(back.nsubs, sl.nsubs);
	for (i = 0; i < sl.nsubs; i++) {
		for (j = 0; j < back.nsubs; j++) {
			if (strcmp(sl.subs[i].url, back.subs[j].url) == 0)
				break;
		}
		assert_true(j < back.nsubs);
		assert_string_equal(tags_of(&sl.subs[i]),
		    tags_of(&back.subs[j]));
		if (sl.subs[i].title == NULL)
			assert_null(back.subs[j].title);
		else
			assert_string_equal(sl.subs[i].title,
			    back.subs[j].title);
		if (sl.subs[i].site == NULL)
			assert_null(back.subs[j].site);
		else
			assert_string_equal(sl.subs[i].site,
			    back.subs[j].site);
	}
	buf_free(&b);
	sublist_free(&back);
	sublist_free(&sl);
}

/* Many feeds, many listed twice: merged through the URL index. */
static void
test_many(void **state)
{
	struct sublist	 sl;
	char		 url[64];
	int		 i;

	(void)state;
	sublist_init(&sl);
	for (i = 0; i < 20000; i++) {
		snprintf(url, sizeof url, "https://h%d.example/feed",
		    i % 10000);
		sub_add_tag(sublist_add(&sl, url, i + 1),
		    i < 10000 ? "a" : "b");
	}
	assert_int_equal(sl.nsubs, 10000);
	assert_string_equal(tags_of(&sl.subs[9999]), "a,b");
	assert_int_equal(sl.subs[9999].line, 10000);
	sublist_free(&sl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_bad_outlines),
		cmocka_unit_test(test_refused_whole),
		cmocka_unit_test(test_small_documents),
		cmocka_unit_test(test_check_url),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
