/*
 * Unit tests for sanitize.c: what html_sanitize() lets through of hostile
 * HTML (scripts, event attributes, javascript:/data:/vbscript: URLs in
 * their encoded and spaced spellings, CSS, srcset, entities that decode to
 * markup), how it resolves relative URLs, its dir/lang handling, its cut
 * and its depth limit; then lang_clean() and lang_is_rtl().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

#define BASE	"http://blog.example/posts/1.html"

struct san {
	const char	*in;
	const char	*want;
};

static int
check(const struct san *t, size_t n, const char *base)
{
	size_t	 i;
	char	*got;
	int	 bad = 0;

	for (i = 0; i < n; i++) {
		got = html_sanitize(t[i].in, base, 1 << 20);
		if (strcmp(got, t[i].want) != 0) {
			print_error("html_sanitize(\"%s\")\n  = \"%s\"\n want "
			    "\"%s\"\n", t[i].in, got, t[i].want);
			bad++;
		}
		free(got);
	}
	return bad;
}

#define A_REL	" rel=\"noopener noreferrer nofollow\"" \
		" referrerpolicy=\"no-referrer\""
/* libxml2 puts text at the top level into a paragraph. */
#define P(s)	"<p dir=\"auto\">" s "</p>"
#define IMG_REL	" referrerpolicy=\"no-referrer\" loading=\"lazy\""

static void
test_dropped(void **state)
{
	static const struct san t[] = {
		{ "a<script>alert(1)</script>b", P("ab") },
		{ "a<SCRIPT SRC=http://evil/x.js></SCRIPT>b", P("ab") },
		{ "a<style>body{background:red}</style>b", P("ab") },
		{ "a<iframe src=\"http://evil/\">x</iframe>b", P("ab") },
		{ "a<object data=x.swf>fallback</object>b", P("ab") },
		{ "a<svg onload=alert(1)><script>alert(2)</script></svg>b",
		  P("ab") },
		{ "a<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>b",
		  P("ab") },
		{ "a<template><img src=x onerror=alert(1)></template>b", P("ab") },
		{ "a<noscript><img src=x onerror=alert(1)></noscript>b", P("ab") },
		{ "a<textarea>&lt;/textarea&gt;<script>x</script></textarea>b",
		  P("ab") },
		{ "a<!-- <script>alert(1)</script> -->b", P("ab") },
		/* Tags and attributes go, the text stays. */
		{ "<form action=http://evil/><input name=q value=v>a</form>",
		  "a" },
		{ "<embed src=x.swf>after", "after" },
		{ "<font color=red face=x>a</font><center>b</center>", "ab" },
		{ "<meta http-equiv=refresh content=\"0;url=http://evil/\">a",
		  P("a") },
		{ "<base href=\"http://evil/\">a", P("a") },
	};

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
}

static void
test_attributes(void **state)
{
	static const struct san t[] = {
		{ "<img src=\"http://x/a.png\" onerror=\"alert(1)\" ONLOAD=x>",
		  "<img src=\"http://x/a.png\"" IMG_REL ">" },
		{ "<p onclick=\"alert(1)\" onmouseover=alert(2)>a</p>",
		  "<p dir=\"auto\">a</p>" },
		{ "<div style=\"width: expression(alert(1))\" class=c id=i>"
		  "a</div>", "<div dir=\"auto\">a</div>" },
		{ "<img src=\"http://x/a.png\" srcset=\"http://evil/b.png 2x\">",
		  "<img src=\"http://x/a.png\"" IMG_REL ">" },
		{ "<img src=\"http://x/a.png\" alt=\"&quot;&gt;<script>\">",
		  "<img src=\"http://x/a.png\" alt=\"&quot;&gt;&lt;script&gt;\""
		  IMG_REL ">" },
		{ "<img src=\"http://x/a.png\" width=\"100%\" height=20>",
		  "<img src=\"http://x/a.png\" height=\"20\"" IMG_REL ">" },
		{ "<a href=\"http://ok/\" target=_blank>a</a>",
		  "<a href=\"http://ok/\"" A_REL ">a</a>" },
		{ "<table><tr><td colspan=2 rowspan=\"x\">a</td></tr></table>",
		  "<table><tr><td colspan=\"2\" dir=\"auto\">a</td></tr>"
		  "</table>" },
		/* An image without a usable source is dropped whole. */
		{ "<img src=\"javascript:alert(1)\" alt=x>a", "a" },
		{ "<img alt=x>a", "a" },
	};

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
}

static void
test_urls(void **state)
{
	static const struct san t[] = {
		{ "<a href=\"javascript:alert(1)\">x</a>", "<a" A_REL ">x</a>" },
		{ "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a" A_REL ">x</a>" },
		{ "<a href=\"javascript&#x3a;alert(1)\">x</a>",
		  "<a" A_REL ">x</a>" },
		{ "<a href=\"&#106;avascript:alert(1)\">x</a>",
		  "<a" A_REL ">x</a>" },
		{ "<a href=\" &#x09;java&#x0A;script:alert(1)\">x</a>",
		  "<a" A_REL ">x</a>" },
		{ "<a href=\"java\tscript:alert(1)\">x</a>",
		  "<a" A_REL ">x</a>" },
		{ "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
		  "<a" A_REL ">x</a>" },
		{ "<a href=\"vbscript:msgbox(1)\">x</a>", "<a" A_REL ">x</a>" },
		{ "<img src=\"data:image/png;base64,AAAA\">", "" },
		{ "<a href=\"mailto:a@b.example\">m</a>",
		  "<a href=\"mailto:a@b.example\"" A_REL ">m</a>" },
		{ "<img src=\"mailto:a@b.example\">", "" },
		/* Relative URLs against the base. */
		{ "<a href=\"other.html\">r</a>",
		  "<a href=\"http://blog.example/posts/other.html\"" A_REL
		  ">r</a>" },
		{ "<img src=\"/img/a.png\">",
		  "<img src=\"http://blog.example/img/a.png\"" IMG_REL ">" },
		{ "<a href=\"//cdn.example/x\">p</a>",
		  "<a href=\"http://cdn.example/x\"" A_REL ">p</a>" },
		{ "<blockquote cite=\"../q\">q</blockquote>",
		  "<blockquote cite=\"http://blog.example/q\" dir=\"auto\">q"
		  "</blockquote>" },
		{ "<a href=\"http://a/?x=1&amp;y=&quot;2&quot;\">e</a>",
		  "<a href=\"http://a/?x=1&amp;y=&quot;2&quot;\"" A_REL
		  ">e</a>" },
	};
	static const struct san nobase[] = {
		{ "<a href=\"other.html\">r</a>", "<a" A_REL ">r</a>" },
		{ "<a href=\"https://ok/\">r</a>",
		  "<a href=\"https://ok/\"" A_REL ">r</a>" },
	};

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
	assert_int_equal(check(nobase, nitems(nobase), NULL), 0);
	/* A base that is not http(s) is no base. */
	assert_int_equal(check(nobase, nitems(nobase), "javascript:x/"), 0);
}

static void
test_text(void **state)
{
	static const struct san t[] = {
		/* Entities decode to text, which is escaped again. */
		{ "&lt;script&gt;alert(1)&lt;/script&gt;",
		  "<p dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt;</p>" },
		{ "<p>&amp;lt;b&amp;gt; &#60;i&#62;</p>",
		  "<p dir=\"auto\">&amp;lt;b&amp;gt; &lt;i&gt;</p>" },
		{ "<p>a<p>b<div>c</div>",
		  "<p dir=\"auto\">a</p><p dir=\"auto\">b</p>"
		  "<div dir=\"auto\">c</div>" },
		{ "<p dir=\"RTL\" lang=\"ar_IQ\">\xd8\xb3</p>",
		  "<p dir=\"rtl\" lang=\"ar-IQ\">\xd8\xb3</p>" },
		{ "<p dir=\"sideways\" lang=\"<x>\">a</p>",
		  "<p dir=\"auto\">a</p>" },
		/* No text, no dir="auto": it would say ltr. */
		{ "<p><img src=\"http://x/a.png\"></p><p> <b>b</b></p>",
		  "<p><img src=\"http://x/a.png\"" IMG_REL "></p>"
		  "<p dir=\"auto\"> <b>b</b></p>" },
		{ "", "" },
	};
	char	*s;

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
	s = html_sanitize(NULL, BASE, 100);
	assert_string_equal(s, "");
	free(s);
}

static void
test_cut(void **state)
{
	char	*s;

	(void)state;
	s = html_sanitize("<p><b>0123456789abcdef</b></p><p>more</p>", NULL,
	    10);
	assert_string_equal(s, "<p dir=\"auto\"><b>0123456789\xe2\x80\xa6</b>"
	    "</p>");
	free(s);
	/* Never inside a UTF-8 sequence. */
	s = html_sanitize("<p>\xd8\xb3\xd8\xb3\xd8\xb3</p>", NULL, 3);
	assert_string_equal(s, "<p dir=\"auto\">\xd8\xb3\xe2\x80\xa6</p>");
	free(s);
}

/* Tags opened minus tags closed in s (no void elements in it). */
static int
unbalanced(const char *s)
{
	int	 n = 0;

	for (; (s = strchr(s, '<')) != NULL; s++)
		n += s[1] == '/' ? -1 : 1;
	return n;
}

static void
test_deep(void **state)
{
	struct buf	 b;
	char		*s, *p;
	int		 i, n = 0;

	(void)state;
	/* Deeper than the cap: elements beyond it are transparent. */
	buf_init(&b);
	for (i = 0; i < 100; i++)
		buf_adds(&b, "<div><b>");
	buf_adds(&b, "deep");
	s = html_sanitize(buf_str(&b), NULL, 1 << 20);
	assert_non_null(strstr(s, "deep"));
	for (p = s; (p = strstr(p, "<div")) != NULL; p++)
		n++;
	assert_int_equal(n, 32);
	assert_int_equal(unbalanced(s), 0);
	free(s);
	/* Far deeper than libxml2 goes: no crash, every tag closed. */
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "<div><b>");
	s = html_sanitize(buf_str(&b), NULL, 1 << 20);
	assert_int_equal(unbalanced(s), 0);
	free(s);
	buf_free(&b);
}

static void
test_lang(void **state)
{
	static const struct { const char *in, *want; } t[] = {
		{ "ar", "ar" }, { " ckb ", "ckb" }, { "en_GB", "en-GB" },
		{ "zh-Hant-TW", "zh-Hant-TW" }, { "x", "x" },
		{ "", NULL }, { "-ar", NULL }, { "ar-", NULL }, { "a b", NULL },
		{ "1ar", NULL }, { "ar\"><script>", NULL },
		{ "abcdefghi", NULL }, { "ar--IQ", NULL },
	};
	size_t	 i;
	char	*s;

	(void)state;
	for (i = 0; i < nitems(t); i++) {
		s = lang_clean(t[i].in);
		if (t[i].want == NULL)
			assert_null(s);
		else
			assert_string_equal(s, t[i].want);
		free(s);
	}
	assert_null(lang_clean(NULL));
	assert_true(lang_is_rtl("ar"));
	assert_true(lang_is_rtl("ckb"));
	assert_true(lang_is_rtl("ckb-IQ"));
	assert_true(lang_is_rtl("fa-IR"));
	assert_true(lang_is_rtl("ku-Arab"));
	assert_true(lang_is_rtl("ku-IQ"));	/* the table the locale uses too */
	assert_true(lang_is_rtl("ks"));
	assert_true(lang_is_rtl("az-Arab-IR"));
	assert_false(lang_is_rtl("ku-TR"));
	assert_false(lang_is_rtl("ku-IQX"));
	assert_false(lang_is_rtl("ku"));
	assert_false(lang_is_rtl("ku-Latn"));
	assert_false(lang_is_rtl("en"));
	assert_false(lang_is_rtl("arn"));
	assert_false(lang_is_rtl(NULL));
}

static void
test_url_safe(void **state)
{
	char	*s;

	(void)state;
	assert_null(url_safe("javascript:alert(1)", NULL, 1));
	assert_null(url_safe("\x01javascript:alert(1)", NULL, 1));
	assert_null(url_safe("http://a/\x01x", NULL, 1));
	assert_null(url_safe("http:x", NULL, 1));
	assert_null(url_safe(NULL, BASE, 1));
	s = url_safe(" HTTPS://a.example/x ", NULL, 0);
	assert_string_equal(s, "HTTPS://a.example/x");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_url_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
