/*
 * Unit tests for url.c: every example of RFC 3986 section 5.4 (normal and
 * abnormal), then what feeds do: xml:base relative to the feed's URL,
 * bases without a path, wrapped links, schemes the caller must judge.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

struct res {
	const char	*base;
	const char	*ref;
	const char	*want;
};

static int
check(const struct res *t, size_t n)
{
	size_t	 i;
	char	*got;
	int	 bad = 0;

	for (i = 0; i < n; i++) {
		got = url_resolve(t[i].base, t[i].ref);
		if (strcmp(got, t[i].want) != 0) {
			print_error("url_resolve(\"%s\", \"%s\") = \"%s\", "
			    "want \"%s\"\n", t[i].base ? t[i].base : "(null)",
			    t[i].ref, got, t[i].want);
			bad++;
		}
		free(got);
	}
	return bad;
}

#define RFC_BASE "http://a/b/c/d;p?q"

/* RFC 3986 5.4.1 */
static const struct res normal[] = {
	{ RFC_BASE, "g:h", "g:h" },
	{ RFC_BASE, "g", "http://a/b/c/g" },
	{ RFC_BASE, "./g", "http://a/b/c/g" },
	{ RFC_BASE, "g/", "http://a/b/c/g/" },
	{ RFC_BASE, "/g", "http://a/g" },
	{ RFC_BASE, "//g", "http://g" },
	{ RFC_BASE, "?y", "http://a/b/c/d;p?y" },
	{ RFC_BASE, "g?y", "http://a/b/c/g?y" },
	{ RFC_BASE, "#s", "http://a/b/c/d;p?q#s" },
	{ RFC_BASE, "g#s", "http://a/b/c/g#s" },
	{ RFC_BASE, "g?y#s", "http://a/b/c/g?y#s" },
	{ RFC_BASE, ";x", "http://a/b/c/;x" },
	{ RFC_BASE, "g;x", "http://a/b/c/g;x" },
	{ RFC_BASE, "g;x?y#s", "http://a/b/c/g;x?y#s" },
	{ RFC_BASE, "", "http://a/b/c/d;p?q" },
	{ RFC_BASE, ".", "http://a/b/c/" },
	{ RFC_BASE, "./", "http://a/b/c/" },
	{ RFC_BASE, "..", "http://a/b/" },
	{ RFC_BASE, "../", "http://a/b/" },
	{ RFC_BASE, "../g", "http://a/b/g" },
	{ RFC_BASE, "../..", "http://a/" },
	{ RFC_BASE, "../../", "http://a/" },
	{ RFC_BASE, "../../g", "http://a/g" },
};

/* RFC 3986 5.4.2 */
static const struct res abnormal[] = {
	{ RFC_BASE, "../../../g", "http://a/g" },
	{ RFC_BASE, "../../../../g", "http://a/g" },
	{ RFC_BASE, "/./g", "http://a/g" },
	{ RFC_BASE, "/../g", "http://a/g" },
	{ RFC_BASE, "g.", "http://a/b/c/g." },
	{ RFC_BASE, ".g", "http://a/b/c/.g" },
	{ RFC_BASE, "g..", "http://a/b/c/g.." },
	{ RFC_BASE, "..g", "http://a/b/c/..g" },
	{ RFC_BASE, "./../g", "http://a/b/g" },
	{ RFC_BASE, "./g/.", "http://a/b/c/g/" },
	{ RFC_BASE, "g/./h", "http://a/b/c/g/h" },
	{ RFC_BASE, "g/../h", "http://a/b/c/h" },
	{ RFC_BASE, "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ RFC_BASE, "g;x=1/../y", "http://a/b/c/y" },
	{ RFC_BASE, "g?y/./x", "http://a/b/c/g?y/./x" },
	{ RFC_BASE, "g?y/../x", "http://a/b/c/g?y/../x" },
	{ RFC_BASE, "g#s/./x", "http://a/b/c/g#s/./x" },
	{ RFC_BASE, "g#s/../x", "http://a/b/c/g#s/../x" },
	/* The strict parser's answer: a scheme makes a reference absolute. */
	{ RFC_BASE, "http:g", "http:g" },
};

static const struct res feeds[] = {
	/* A feed URL without a path acts as "/". */
	{ "http://a.com", "x", "http://a.com/x" },
	{ "http://a.com", "/x", "http://a.com/x" },
	{ "http://a.com", ".", "http://a.com/" },
	{ "http://a.com", "..", "http://a.com/" },
	{ "http://a.com", "#top", "http://a.com#top" },
	{ "http://example.com/blog/feed.xml", "../img/a.png",
	    "http://example.com/img/a.png" },
	{ "http://example.com/blog/", "2024/05/post.html",
	    "http://example.com/blog/2024/05/post.html" },
	{ "http://example.com:8080/blog/feed", "post",
	    "http://example.com:8080/blog/post" },
	{ "http://example.com/b/", "../../../../x", "http://example.com/x" },
	/* Scheme-relative links take the feed's scheme. */
	{ "https://example.org/feed", "//cdn.example.net/i.png",
	    "https://cdn.example.net/i.png" },
	{ "http://u@a.com/b", "//v@c.com", "http://v@c.com" },
	/* Links wrapped over lines, or padded. */
	{ "http://a.com/x", "  http://b.com/y \n", "http://b.com/y" },
	{ "http://a.com/x", "\n\t/y\r\n", "http://a.com/y" },
	{ "http://a.com/x", "http://b.com/long/\n    path",
	    "http://b.com/long/    path" },
	{ "  http://a.com/dir/x\n", "y", "http://a.com/dir/y" },
	/* Absolute references come back as written. */
	{ "http://a.com/a/b", "HTTP://B.com/X", "HTTP://B.com/X" },
	{ "http://a.com/a/b", "http://b.com/../y", "http://b.com/../y" },
	{ "http://a.com/a/b", "javascript:alert(1)", "javascript:alert(1)" },
	{ "http://a.com/a/b", "mailto:x@y", "mailto:x@y" },
	{ "http://a.com/a/b", "data:text/html,<b>", "data:text/html,<b>" },
	/* Case is kept. */
	{ "http://A.COM/A/B", "C/D", "http://A.COM/A/C/D" },
	/* No base: a copy. */
	{ NULL, "x/../y", "x/../y" },
	{ "", " x ", "x" },
	{ "   ", "x", "x" },
	/* A relative base (an xml:base not yet resolved) stays relative. */
	{ "/relative/base/", "x", "/relative/base/x" },
	{ "relative/base", "x", "relative/x" },
	/* The base's fragment never survives; its query only for "". */
	{ "http://a.com/a/b?x#y", "", "http://a.com/a/b?x" },
	{ "http://a.com/a/b?x#y", "#z", "http://a.com/a/b?x#z" },
	{ "http://a.com/a/b?x#y", "?z", "http://a.com/a/b?z" },
	{ "http://a.com/a/b?x#y", "c", "http://a.com/a/c" },
	/* Not a scheme: a digit first, or a character schemes cannot have. */
	{ "http://a.com/b", "1abc:x", "http://a.com/1abc:x" },
	{ "http://a.com/b", "a_b:x", "http://a.com/a_b:x" },
	{ "http://a.com/b", ":x", "http://a.com/:x" },
	/* Other hierarchical schemes. */
	{ "file:///etc/passwd", "x", "file:///etc/x" },
	{ "ftp://f.org/pub/a/", "../b", "ftp://f.org/pub/b" },
};

static void
test_rfc_normal(void **state)
{
	(void)state;
	assert_int_equal(check(normal, nitems(normal)), 0);
}

static void
test_rfc_abnormal(void **state)
{
	(void)state;
	assert_int_equal(check(abnormal, nitems(abnormal)), 0);
}

static void
test_feeds(void **state)
{
	(void)state;
	assert_int_equal(check(feeds, nitems(feeds)), 0);
}

/* xml:base relative to the feed URL, then an entry's link relative to it. */
static void
test_nested_base(void **state)
{
	char	*base, *link;

	(void)state;
	base = url_resolve("http://example.com/feeds/main.xml", "../blog/");
	assert_string_equal(base, "http://example.com/blog/");
	link = url_resolve(base, "2024/post?id=1#c");
	assert_string_equal(link, "http://example.com/blog/2024/post?id=1#c");
	free(link);
	free(base);
}

static void
test_is_absolute(void **state)
{
	(void)state;
	assert_true(url_is_absolute("http://a.com/"));
	assert_true(url_is_absolute("HTTPS://a.com/"));
	assert_true(url_is_absolute("mailto:x@y"));
	assert_true(url_is_absolute("svn+ssh://h/r"));
	assert_true(url_is_absolute("a.b-c+d:x"));
	assert_true(url_is_absolute("urn:isbn:0451450523"));
	assert_true(url_is_absolute("  http://a.com/"));
	assert_false(url_is_absolute("//a.com/x"));
	assert_false(url_is_absolute("/x:y"));
	assert_false(url_is_absolute("x/y:z"));
	assert_false(url_is_absolute("1http://a.com"));
	assert_false(url_is_absolute("ht tp://a.com"));
	assert_false(url_is_absolute(":x"));
	assert_false(url_is_absolute("http"));
	assert_false(url_is_absolute(""));
	assert_false(url_is_absolute(NULL));
}

static void
test_is_http(void **state)
{
	(void)state;
	assert_true(url_is_http("http://a.com/"));
	assert_true(url_is_http("https://a.com/"));
	assert_true(url_is_http("HtTpS://a.com/"));
	assert_true(url_is_http(" http://a.com/"));
	assert_false(url_is_http("ftp://a.com/"));
	assert_false(url_is_http("file:///etc/passwd"));
	assert_false(url_is_http("httpx://a.com/"));
	assert_false(url_is_http("http"));
	assert_false(url_is_http("https"));
	assert_false(url_is_http("//a.com/"));
	assert_false(url_is_http("javascript:alert(1)"));
	assert_false(url_is_http(""));
	assert_false(url_is_http(NULL));
}

/* Origins: what river --images inline-same-origin compares. */
static void
test_origin(void **state)
{
	static const struct {
		const char	*url, *want;
	} t[] = {
		{ "http://a.example/x", "http://a.example" },
		{ "HTTP://A.Example", "http://a.example" },
		{ " https://a.example:443/x?y#z", "https://a.example" },
		{ "http://a.example:80/", "http://a.example" },
		{ "http://a.example:0080/", "http://a.example" },
		{ "http://a.example:/", "http://a.example" },
		{ "http://a.example:8080/", "http://a.example:8080" },
		{ "https://a.example:80/", "https://a.example:80" },
		{ "http://u:p@a.example/", "http://a.example" },
		{ "http://a.example@b.example/", "http://b.example" },
		{ "http://127.0.0.1:8000/w/", "http://127.0.0.1:8000" },
		{ "http://[::1]:8000/", "http://[::1]:8000" },
		{ "http://[::1]/", "http://[::1]" },
		{ "http:///x", NULL },
		{ "http://:80/", NULL },
		{ "http:x", NULL },
		{ "ftp://a.example/", NULL },
		{ "http://a.example:65536/", NULL },
		{ "http://a.example:0/", NULL },
		{ "http://a.example:8x/", NULL },
		{ "http://a;b.example/", NULL },
		{ "http://a%2eexample/", NULL },
		{ "http://[::1/", NULL },
		{ "http://[::1]x/", NULL },
		{ "//a.example/", NULL },
		{ NULL, NULL },
	};
	size_t	 i;
	char	*o;

	(void)state;
	for (i = 0; i < nitems(t); i++) {
		o = url_origin(t[i].url);
		if (t[i].want == NULL) {
			if (o != NULL)
				fail_msg("url_origin(\"%s\") = \"%s\", want NULL",
				    t[i].url, o);
		} else if (o == NULL || strcmp(o, t[i].want) != 0)
			fail_msg("url_origin(\"%s\") = \"%s\", want \"%s\"",
			    t[i].url, o ? o : "NULL", t[i].want);
		free(o);
	}
}

/* Odd input gives some string, never a crash. */
static void
test_hostile(void **state)
{
	static const char *const odd[] = {
		"", ":", "?", "#", "//", "///", "/..", "..", "../", "/.",
		"a:", "a:/", "a://", "a://b", "?#", "#?", "....//....",
		"%00", "http://[::1", "\x01\x02",
	};
	size_t	 i, j;
	char	*r, *deep;

	(void)state;
	for (i = 0; i < nitems(odd); i++) {
		for (j = 0; j < nitems(odd); j++) {
			r = url_resolve(odd[i], odd[j]);
			assert_non_null(r);
			free(r);
		}
	}
	deep = xmalloc(3 * 10000 + 2);
	for (i = 0; i < 10000; i++)
		memcpy(deep + 3 * i, "../", 3);
	memcpy(deep + 3 * 10000, "x", 2);
	r = url_resolve("http://a.com/b/c/d", deep);
	assert_string_equal(r, "http://a.com/x");
	free(r);
	free(deep);
}

/* url_mask(): what a person sees of a URL with credentials in it. */
struct mask {
	const char	*url;
	const char	*want;
};

static const struct mask masks[] = {
	{ "http://user:secret@example.com/feed",
	    "http://*:*@example.com/feed" },
	{ "https://user:secret@example.com:8443/feed?x=1#f",
	    "https://*:*@example.com:8443/feed?x=1#f" },
	{ "http://user:secret@[::1]:8080/a", "http://*:*@[::1]:8080/a" },
	{ "http://user:secret@[2001:db8::1]/a", "http://*:*@[2001:db8::1]/a" },
	/* An '@' after the authority is no userinfo. */
	{ "http://example.com/people/@me", "http://example.com/people/@me" },
	{ "http://example.com?mail=a@b.org", "http://example.com?mail=a@b.org" },
	{ "http://example.com#@x", "http://example.com#@x" },
	{ "http://u:p@example.com/@me?a=b@c",
	    "http://*:*@example.com/@me?a=b@c" },
	/* Percent-encoded, password-less, empty password, malformed. */
	{ "http://us%40er:p%3As%2Fs@example.com/",
	    "http://*:*@example.com/" },
	{ "http://token@example.com/", "http://*:*@example.com/" },
	{ "http://user:@example.com/", "http://*:*@example.com/" },
	{ "http://:secret@example.com/", "http://*:*@example.com/" },
	{ "http://a@b:c@example.com/", "http://*:*@example.com/" },
	{ "http://@example.com/", "http://@example.com/" },
	{ "HTTP://U:P@EXAMPLE.COM", "HTTP://*:*@EXAMPLE.COM" },
	{ "//user:secret@example.com/x", "//*:*@example.com/x" },
	/* Nothing to hide. */
	{ "http://example.com/feed", "http://example.com/feed" },
	{ "http://example.com:8080", "http://example.com:8080" },
	{ "mailto:someone@example.com", "mailto:someone@example.com" },
	{ "not a url @ all", "not a url @ all" },
	{ "", "" },
	{ "http://", "http://" },
	{ "http://user:secret@", "http://*:*@" },
	/* Secrets in the query: their values, whatever the case. */
	{ "https://a.org/feed?token=SECRET", "https://a.org/feed?token=*" },
	{ "https://a.org/f?x=1&api_key=K&y=2#t",
	    "https://a.org/f?x=1&api_key=*&y=2#t" },
	{ "https://a.org/f?private_token=a&Sig=b&AccessToken=c&feed=rss2",
	    "https://a.org/f?private_token=*&Sig=*&AccessToken=*&feed=rss2" },
	{ "http://u:p@a.org/?password=p&passkey=q",
	    "http://*:*@a.org/?password=*&passkey=*" },
	/* Names that only begin with a word, empty values, a masked URL. */
	{ "https://a.org/?tokens=2&keyword=3&token=",
	    "https://a.org/?tokens=2&keyword=3&token=" },
	{ "https://a.org/?token=*", "https://a.org/?token=*" },
	{ "/feed?key=k", "/feed?key=*" },
};

/* Run mask (named name) on each of the n cases of t: how many are wrong. */
static int
check_masks(char *(*mask)(const char *), const char *name,
    const struct mask *t, size_t n)
{
	size_t	 i;
	char	*got;
	int	 bad = 0;

	for (i = 0; i < n; i++) {
		got = mask(t[i].url);
		if (strcmp(got, t[i].want) != 0) {
			print_error("%s(\"%s\") = \"%s\", want \"%s\"\n", name,
			    t[i].url, got, t[i].want);
			bad++;
		}
		free(got);
	}
	return bad;
}

static void
test_mask(void **state)
{
	char	*got;

	(void)state;
	assert_int_equal(check_masks(url_mask, "url_mask", masks,
	    nitems(masks)), 0);
	got = url_mask(NULL);
	assert_string_equal(got, "");
	free(got);
}

/* url_mask_text(): every URL quoted in a message. */
static void
test_mask_text(void **state)
{
	static const struct mask t[] = {
		{ "http://u:secret@a.org/x: HTTP 404",
		    "http://*:*@a.org/x: HTTP 404" },
		{ "http://u:s@a.org/x: moved to https://v:t@b.org/y, stored",
		    "http://*:*@a.org/x: moved to https://*:*@b.org/y, stored" },
		{ "'http://u:s@[::1]:80/a' and <https://k@h/>",
		    "'http://*:*@[::1]:80/a' and <https://*:*@h/>" },
		{ "see http://a.org/@me or mail a@b.org",
		    "see http://a.org/@me or mail a@b.org" },
		{ "(http://u:s@a.org)", "(http://*:*@a.org)" },
		{ "://u:s@a.org", "://u:s@a.org" },
		{ "x http://u:s@a.org y http://u:s@b.org",
		    "x http://*:*@a.org y http://*:*@b.org" },
		{ "https://a.org/f?token=abc: HTTP 403",
		    "https://a.org/f?token=*: HTTP 403" },
		{ "see 'http://a.org/?key=k&x=1' now",
		    "see 'http://a.org/?key=*&x=1' now" },
		{ "no url here", "no url here" },
		{ "", "" },
	};

	(void)state;
	assert_int_equal(check_masks(url_mask_text, "url_mask_text", t,
	    nitems(t)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_normal),
		cmocka_unit_test(test_rfc_abnormal),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_nested_base),
		cmocka_unit_test(test_is_absolute),
		cmocka_unit_test(test_is_http),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_mask_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
