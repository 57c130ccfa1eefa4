/*
 * Unit tests for newsboat.c: newsboat's urls file, quoting, "~title", comments,
 * the refused lines, and writing it back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "majlis.h"

static char *
fixture(const char *name, size_t *len)
{
	struct buf	 b;
	char		*path, chunk[4096];
	size_t		 n;
	FILE		*fp;

	xasprintf(&path, "%s/%s", TEST_DATA, name);
	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	free(path);
	*len = b.len;
	return buf_take(&b);
}

static const char *
tags_of(const struct sub *s)
{
	static char	 out[512];
	size_t		 i;

	out[0] = '\0';
	for (i = 0; i < s->ntags; i++) {
		if (i > 0)
			strncat(out, "|", sizeof out - strlen(out) - 1);
		strncat(out, s->tags[i], sizeof out - strlen(out) - 1);
	}
	return out;
}

static void
test_newsboat_file(void **state)
{
	static const char *const want[] = {
		"import-newsboat.urls:7: exec:~/bin/make-feed: refused: an "
		    "exec: feed runs a command; only add and import of your own urls "
		    "file take one",
		"import-newsboat.urls:8: filter:~/bin/clean:https://example."
		    "com/f.xml: refused: a filter: feed runs a command; only add and import of your own urls "
		    "file take one",
		"import-newsboat.urls:11: missing closing quote",
		"import-newsboat.urls:12: file:///etc/passwd: refused: a file: "
		    "URL reads local files",
	};
	struct sublist	 sl;
	char		*data, *err = NULL;
	size_t		 len, i;

	(void)state;
	data = fixture("import-newsboat.urls", &len);
	assert_false(sublist_is_opml(data, len));
	sublist_init(&sl);
	assert_int_equal(sublist_parse(data, len, "import-newsboat.urls", &sl,
	    &err), 0);
	free(data);
	assert_null(err);

	assert_int_equal(sl.nsubs, 4);
	assert_string_equal(sl.subs[0].url, "https://lwn.net/headlines/rss");
	assert_string_equal(sl.subs[0].title, "LWN.net");
	assert_string_equal(tags_of(&sl.subs[0]), "linux|long reads");
	assert_int_equal(sl.subs[0].line, 3);

	assert_string_equal(sl.subs[1].url, "http://example.org/plain.xml");
	assert_null(sl.subs[1].title);
	assert_int_equal(sl.subs[1].ntags, 0);

	/* Listed twice: tags merged, the first title kept; comment dropped. */
	assert_string_equal(sl.subs[2].url, "https://example.com/tagged.xml");
	assert_string_equal(tags_of(&sl.subs[2]), "news|tech|more");
	assert_string_equal(sl.subs[2].title, "Second title is ignored");

	assert_string_equal(sl.subs[3].url, "https://example.com/quoted.xml");
	assert_string_equal(tags_of(&sl.subs[3]),
	    "tag \"with\" quotes|back\\slash");
	assert_string_equal(sl.subs[3].title, "Unquoted");

	assert_int_equal(sl.nerrors, nitems(want));
	for (i = 0; i < nitems(want); i++)
		assert_string_equal(sl.errors[i], want[i]);
	/* The query feed: a saved view, a line for the config. */
	assert_int_equal(sl.nviews, 1);
	assert_string_equal(sl.views[0],
	    "view \"Unread Articles\" \"unread = \\\"yes\\\"\"");
	sublist_free(&sl);
}

/*
 * The user's own urls file (sl.commands, import of a named file): its
 * exec: and filter: lines are feeds; a filter: without an http URL, or
 * an exec: without a command, is still refused.  An OPML file never
 * takes one, whatever the caller says.
 */
static void
test_commands(void **state)
{
	static const char urls[] =
	    "exec:~/bin/make-feed scripts\n"
	    "\"exec:~/bin/make-feed --all\" \"~Made\"\n"
	    "filter:~/bin/clean:https://example.com/f.xml\n"
	    "filter:~/bin/clean:file:///etc/passwd\n"
	    "exec:\n";
	static const char opml[] =
	    "<opml version=\"2.0\"><body>"
	    "<outline text=\"x\" xmlUrl=\"exec:touch x\"/></body></opml>";
	struct sublist	 sl;
	char		*err = NULL;

	(void)state;
	sublist_init(&sl);
	sl.commands = 1;
	assert_int_equal(sublist_parse(urls, sizeof urls - 1, "u", &sl, &err),
	    0);
	assert_int_equal(sl.nsubs, 3);
	assert_string_equal(sl.subs[0].url, "exec:~/bin/make-feed");
	assert_string_equal(tags_of(&sl.subs[0]), "scripts");
	assert_string_equal(sl.subs[1].url, "exec:~/bin/make-feed --all");
	assert_string_equal(sl.subs[1].title, "Made");
	assert_string_equal(sl.subs[2].url,
	    "filter:~/bin/clean:https://example.com/f.xml");
	assert_int_equal(sl.nerrors, 2);
	assert_string_equal(sl.errors[0], "u:4: filter:~/bin/clean:file:///"
	    "etc/passwd: refused: not filter:SCRIPT:URL");
	assert_string_equal(sl.errors[1], "u:5: exec:: refused: not "
	    "exec:COMMAND");
	sublist_free(&sl);

	sublist_init(&sl);
	sl.commands = 1;
	assert_int_equal(sublist_parse(opml, sizeof opml - 1, "o", &sl, &err),
	    0);
	assert_int_equal(sl.nsubs, 0);
	assert_int_equal(sl.nerrors, 1);
	sublist_free(&sl);
}

static void
test_crlf_and_bad_bytes(void **state)
{
	struct sublist	 sl;
	char		*data, *err = NULL;
	size_t		 len;

	(void)state;
	data = fixture("import-crlf.urls", &len);
	sublist_init(&sl);
	assert_int_equal(newsboat_urls_parse(data, len, "c", &sl, &err), 0);
	free(data);
	assert_int_equal(sl.nsubs, 1);
	assert_string_equal(sl.subs[0].url, "https://example.com/crlf.xml");
	assert_string_equal(tags_of(&sl.subs[0]), "crlf");
	assert_int_equal(sl.nerrors, 1);
	assert_string_equal(sl.errors[0], "c:2: the line is not valid UTF-8");
	sublist_free(&sl);

	/* Binary data is refused whole. */
	sublist_init(&sl);
	assert_int_equal(newsboat_urls_parse("https://a.example/\n\0\1", 21,
	    "bin", &sl, &err), -1);
	assert_string_equal(err, "bin: binary data, not an OPML or urls file");
	assert_int_equal(sl.nsubs, 0);
	free(err);
	sublist_free(&sl);

	/* Empty and comment-only files hold nothing, and that is fine. */
	sublist_init(&sl);
	assert_int_equal(newsboat_urls_parse("", 0, "e", &sl, &err), 0);
	assert_int_equal(newsboat_urls_parse("# only\n\n   \n", 12, "e", &sl,
	    &err), 0);
	assert_int_equal(sl.nsubs, 0);
	assert_int_equal(sl.nerrors, 0);
	sublist_free(&sl);
}

static void
test_write(void **state)
{
	struct sublist	 sl;
	struct sub	*s;
	struct buf	 b;

	(void)state;
	sublist_init(&sl);
	s = sublist_add(&sl, "https://a.example/feed", 0);
	sub_add_tag(s, "plain");
	sub_add_tag(s, "two words");
	sub_add_tag(s, "~tilde");
	sub_add_tag(s, "#hash");
	sub_add_tag(s, "say \"hi\"");
	s->title = xstrdup("A \\ title");
	s->title_own = 1;
	s = sublist_add(&sl, "https://b.example/", 0);
	/* The feed's own title is not the user's: not written. */
	s->title = xstrdup("Its own");
	s = sublist_add(&sl, "https://c.example/q=\"x\"\\", 0);
	buf_init(&b);
	newsboat_urls_write(&b, sl.subs, sl.nsubs);
	assert_string_equal(buf_str(&b),
	    "https://a.example/feed plain \"two words\" \"#hash\" "
	    "\"say \\\"hi\\\"\" \"~A \\\\ title\"\n"
	    "https://b.example/\n"
	    "\"https://c.example/q=\\\"x\\\"\\\\\"\n");
	buf_free(&b);
	sublist_free(&sl);
}

/* Writing then reading gives the same feeds, tags and titles. */
static void
test_round_trip(void **state)
{
	struct sublist	 sl, back;
	struct buf	 b;
	char		*data, *err = NULL;
	size_t		 len, i;

	(void)state;
	data = fixture("import-newsboat.urls", &len);
	sublist_init(&sl);
	assert_int_equal(newsboat_urls_parse(data, len, "n", &sl, &err), 0);
	free(data);
	buf_init(&b);
	newsboat_urls_write(&b, sl.subs, sl.nsubs);
	sublist_init(&back);
	assert_int_equal(newsboat_urls_parse(buf_str(&b), b.len, "back", &back, &err),
	    0);
	assert_int_equal(back.nerrors, 0);
	assert_int_equal(back.nsubs, sl.nsubs);
	for (i = 0; i < sl.nsubs; i++) {
		assert_string_equal(back.subs[i].url, sl.subs[i].url);
		assert_string_equal(tags_of(&back.subs[i]),
		    tags_of(&sl.subs[i]));
		if (sl.subs[i].title != NULL)
			assert_string_equal(back.subs[i].title,
			    sl.subs[i].title);
		else
			assert_null(back.subs[i].title);
	}
	buf_free(&b);
	sublist_free(&back);
	sublist_free(&sl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_newsboat_file),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_crlf_and_bad_bytes),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
