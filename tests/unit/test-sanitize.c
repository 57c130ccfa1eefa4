/*
 * Unit tests for sanitize.c: what html_sanitize() lets through of hostile
 * HTML (scripts, event attributes, javascript:/data:/vbscript: URLs in
 * their encoded and spaced spellings, CSS, srcset, entities that decode to
 * markup), how it resolves relative URLs, its dir/lang handling, its cut
 * and its depth limit; what html_sanitize_images() makes of images in each
 * mode, and that nothing else a browser fetches by itself gets through;
 * then lang_clean() and lang_is_rtl().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <gumbo.h>

#include "majlis.h"

#define BASE	"http://blog.example/posts/1.html"

struct san {
	const char	*in;
	const char	*want;
};

static int
check_images(const struct san *t, size_t n, const char *base,
    const struct san_images *img)
{
	size_t	 i;
	char	*got;
	int	 bad = 0;

	for (i = 0; i < n; i++) {
		got = img != NULL ?
		    html_sanitize_images(t[i].in, base, 1 << 20, img) :
		    html_sanitize(t[i].in, base, 1 << 20);
		if (strcmp(got, t[i].want) != 0) {
			print_error("html_sanitize(\"%s\")\n  = \"%s\"\n want "
			    "\"%s\"\n", t[i].in, got, t[i].want);
			bad++;
		}
		free(got);
	}
	return bad;
}

static int
check(const struct san *t, size_t n, const char *base)
{
	return check_images(t, n, base, NULL);
}

#define A_REL	" rel=\"noopener noreferrer nofollow\"" \
		" referrerpolicy=\"no-referrer\""
#define IMG_REL	" referrerpolicy=\"no-referrer\" loading=\"lazy\""

static void
test_dropped(void **state)
{
	static const struct san t[] = {
		{ "a<script>alert(1)</script>b", "ab" },
		{ "a<SCRIPT SRC=http://evil/x.js></SCRIPT>b", "ab" },
		{ "a<style>body{background:red}</style>b", "ab" },
		{ "a<iframe src=\"http://evil/\">x</iframe>b", "ab" },
		{ "a<object data=x.swf>fallback</object>b", "ab" },
		{ "a<svg onload=alert(1)><script>alert(2)</script></svg>b",
		  "ab" },
		{ "a<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>b",
		  "ab" },
		{ "a<template><img src=x onerror=alert(1)></template>b", "ab" },
		{ "a<noscript><img src=x onerror=alert(1)></noscript>b", "ab" },
		{ "a<textarea>&lt;/textarea&gt;<script>x</script></textarea>b",
		  "ab" },
		{ "a<!-- <script>alert(1)</script> -->b", "ab" },
		/* Tags and attributes go, the text stays. */
		{ "<form action=http://evil/><input name=q value=v>a</form>",
		  "a" },
		{ "<embed src=x.swf>after", "after" },
		{ "<font color=red face=x>a</font><center>b</center>", "ab" },
		{ "<meta http-equiv=refresh content=\"0;url=http://evil/\">a",
		  "a" },
		{ "<base href=\"http://evil/\">a", "a" },
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
		  "<table><tbody><tr><td colspan=\"2\" dir=\"auto\">a</td></tr>"
		  "</tbody></table>" },
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
		  "&lt;script&gt;alert(1)&lt;/script&gt;" },
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
	/* Past the parse's bounds: plain text, every tag closed. */
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "<div><b>");
	s = html_sanitize(buf_str(&b), NULL, 1 << 20);
	assert_int_equal(unbalanced(s), 0);
	free(s);
	buf_free(&b);
}

/*
 * The river's page around one post (river.c, page_post()), and a
 * paragraph after the post's article: what a post must not get out of.
 */
#define PAGE_HEAD \
	"<!DOCTYPE html><html><head><title>t</title></head><body><main>" \
	"<section class=\"day\"><h2>day</h2><article class=\"post\">" \
	"<h3 class=\"title\"><a href=\"http://x/\">t</a></h3>" \
	"<p class=\"byline\"><span class=\"member\">m</span> <time>1</time>" \
	"</p><div class=\"content\">"
#define PAGE_TAIL \
	"</div></article><p class=\"after\">after</p></section></main>" \
	"</body></html>"

static const char *
class_of(const GumboNode *n)
{
	GumboAttribute	*a;

	if (n->type != GUMBO_NODE_ELEMENT)
		return NULL;
	a = gumbo_get_attribute(&n->v.element.attributes, "class");
	return a != NULL ? a->value : NULL;
}

static int
is_class(const GumboNode *n, GumboTag tag, const char *class)
{
	const char	*c = class_of(n);

	return n != NULL && n->type == GUMBO_NODE_ELEMENT &&
	    n->v.element.tag == tag && c != NULL && strcmp(c, class) == 0;
}

/*
 * Does html, put into the page, stay in its box when the page is parsed
 * as a browser parses it (Gumbo, a whole document)?  The page's elements
 * must each be there once, where the page put them.
 */
static int
stays_in_box(const char *html)
{
	struct buf	 page;
	GumboOutput	*g;
	GumboNode	*n, *post = NULL, *content = NULL, *after = NULL;
	GumboVector	*v;
	size_t		 i, nposts = 0, ncontents = 0, nclasses = 0;
	int		 ok;

	buf_init(&page);
	buf_adds(&page, PAGE_HEAD);
	buf_adds(&page, html);
	buf_adds(&page, PAGE_TAIL);
	g = gumbo_parse(buf_str(&page));
	/* Every node, in document order, by the parent links. */
	n = g->root;
	while (n != NULL) {
		if (class_of(n) != NULL)
			nclasses++;
		if (is_class(n, GUMBO_TAG_ARTICLE, "post") && nposts++ == 0)
			post = n;
		if (is_class(n, GUMBO_TAG_DIV, "content") && ncontents++ == 0)
			content = n;
		if (is_class(n, GUMBO_TAG_P, "after"))
			after = n;
		if (n->type == GUMBO_NODE_ELEMENT &&
		    n->v.element.children.length > 0) {
			n = n->v.element.children.data[0];
			continue;
		}
		for (;;) {
			if (n->parent == NULL ||
			    n->parent->type != GUMBO_NODE_ELEMENT) {
				n = NULL;
				break;
			}
			v = &n->parent->v.element.children;
			i = n->index_within_parent + 1;
			if (i < v->length) {
				n = v->data[i];
				break;
			}
			n = n->parent;
		}
	}
	ok = nposts == 1 && ncontents == 1 && nclasses == 7 &&
	    after != NULL && content->parent == post &&
	    is_class(post->parent, GUMBO_TAG_SECTION, "day") &&
	    after->parent == post->parent &&
	    after->index_within_parent == post->index_within_parent + 1 &&
	    post->parent->parent->v.element.tag == GUMBO_TAG_MAIN;
	if (!ok)
		print_error("out of its box in the page:\n%s\n",
		    buf_str(&page));
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	buf_free(&page);
	return ok;
}

/* Is s what html_sanitize() gives for s itself? */
static int
is_fixpoint(const char *s)
{
	char	*again = html_sanitize(s, BASE, 1 << 20);
	int	 same = strcmp(again, s) == 0;

	if (!same)
		print_error("not a fixpoint:\n  \"%s\"\n  \"%s\"\n", s, again);
	free(again);
	return same;
}

/*
 * Markup that a browser nests otherwise than it is written: the output is
 * the tree a browser builds (HTML5 parsing), balanced, and stays in the
 * page's box.  libxml2's tree, written out, let a post close the page's
 * <div>, <article> and <section> and forge a post.
 */
static void
test_misnested(void **state)
{
	static const struct san t[] = {
		/* A block closes a paragraph; </p> alone opens one. */
		{ "<p><div>x</div></p>",
		  "<p></p><div dir=\"auto\">x</div><p></p>" },
		/* End tags of nothing open are nothing. */
		{ "</div></article></section><article class=\"post\">fake",
		  "<article dir=\"auto\">fake</article>" },
		{ "<li>a<li>b",
		  "<li dir=\"auto\">a</li><li dir=\"auto\">b</li>" },
		{ "<ul><li>a<div><li>b</div></ul>",
		  "<ul><li dir=\"auto\">a<div></div></li>"
		  "<li dir=\"auto\">b</li></ul>" },
		{ "<dl><dt>a<dd>b<dt>c</dl>",
		  "<dl><dt dir=\"auto\">a</dt><dd dir=\"auto\">b</dd>"
		  "<dt dir=\"auto\">c</dt></dl>" },
		/* Foster parenting: text in a table goes before it. */
		{ "<table>x<tr><td>y</td></tr>z</table>",
		  "xz<table><tbody><tr><td dir=\"auto\">y</td></tr></tbody>"
		  "</table>" },
		{ "<table><b>x</b><tr><td>y</td></tr></table>",
		  "<b>x</b><table><tbody><tr><td dir=\"auto\">y</td></tr>"
		  "</tbody></table>" },
		/* No quirks, as on the page: a table closes a paragraph. */
		{ "<p>a<table><tr><td>b</td></tr></table>c</p>",
		  "<p dir=\"auto\">a</p><table><tbody><tr><td dir=\"auto\">b"
		  "</td></tr></tbody></table>c<p></p>" },
		{ "<h1>a<h2>b</h2></h1>",
		  "<h1 dir=\"auto\">a</h1><h2 dir=\"auto\">b</h2>" },
		{ "<a href=\"/x\">a<a href=\"/y\">b</a></a>",
		  "<a href=\"http://blog.example/x\"" A_REL ">a</a>"
		  "<a href=\"http://blog.example/y\"" A_REL ">b</a>" },
		/*
		 * The button is dropped, and then the inner <p> closes the
		 * outer: a second parse sees to it.
		 */
		{ "<p><button><p>x</p></button></p>",
		  "<p dir=\"auto\"></p><p dir=\"auto\">x</p><p></p>" },
		/* Formatting elements closed, or reopened as a browser does. */
		{ "<b><i>x<p>y", "<b><i>x<p dir=\"auto\">y</p></i></b>" },
		{ "<p><b>x</p><p>y</p>",
		  "<p dir=\"auto\"><b>x</b></p><p dir=\"auto\"><b>y</b></p>" },
		{ "<b>1<p>2</b>3</p>",
		  "<b>1</b><p dir=\"auto\"><b>2</b>3</p>" },
		/* A newline after <pre> is dropped by a parser: kept twice. */
		{ "<pre>\n\nx</pre>", "<pre>\n&#10;x</pre>" },
		/* Foreign content and raw text never reach the output. */
		{ "<noscript><p title=\"</noscript>"
		  "<img src=x onerror=alert(1)>\">", "" },
		{ "<xmp></div></xmp>a", "a" },
		{ "<plaintext></div></article>",
		  "&lt;/div&gt;&lt;/article&gt;" },
	};
	static const char *const hostile[] = {
		"</div></article></section><article class=\"post\">"
		    "<p class=\"byline\">Forged</p>fake",
		"</p></div></article>x",
		/* libxml2 kept the <section> in the <p> in the <table>. */
		"<table><p>x<section><table>y</table></section></p></table>"
		    "<article class=\"post\">Forged",
		"<li></div></article>x",
		"<table><tr><td></div></article></section>x",
		"<dd><dt><li><div><li>x",
		"<h1><h2><h3></h1></h2>x",
		"<b><p><i><div></b>x</i>y</p>z",
		"<p><button><p><form><p>x",
		"<a href=/x><div><a href=/y>x</div></a>",
		"<table><b><tr><td>a</b>b</td></tr>c</table>d",
		"<ruby><rt>a<rp>b</ruby>",
		"<select><option></div>x",
		"<math><mtext><table><mglyph><style><img src=x onerror=1>",
		"<template></div></template>",
		"<svg><p>x</svg></div>y",
		"<p><table><tr><td>x</table></p>",
		"<details><summary><p></summary>x",
		"<li><p><dd><p><dt>x",
		"<blockquote><blockquote></blockquote></div>x",
		"<table><caption><div></caption></table></div>x",
		"<ol><li><ul><li></ol></div>x",
		"<b><b><b><b><p>1<p>2</b></div>x",
		"<table><td><table><td></table></div>x",
	};
	size_t	 i;
	char	*s;

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
	for (i = 0; i < nitems(t); i++) {
		s = html_sanitize(t[i].in, BASE, 1 << 20);
		assert_true(is_fixpoint(s));
		assert_true(stays_in_box(s));
		free(s);
	}
	for (i = 0; i < nitems(hostile); i++) {
		s = html_sanitize(hostile[i], BASE, 1 << 20);
		assert_true(is_fixpoint(s));
		assert_true(stays_in_box(s));
		assert_null(strstr(s, "class="));
		free(s);
	}
}

/* Occurrences of what in s. */
static int
count(const char *s, const char *what)
{
	int	 n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

/* Rule 6: elements, images and attribute values are capped. */
static void
test_caps(void **state)
{
	struct buf	 b;
	char		*s;
	int		 i;

	(void)state;
	/* Past 2,048 elements, tags go and the text stays. */
	buf_init(&b);
	for (i = 0; i < 3000; i++)
		buf_adds(&b, "x<br>");
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_int_equal(count(s, "<br>"), 2048);
	assert_int_equal(count(s, "x"), 3000);
	free(s);
	buf_reset(&b);
	for (i = 0; i < 150; i++)
		buf_addf(&b, "<img src=\"/%d.png\">", i);
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_int_equal(count(s, "<img "), 100);
	free(s);
	/* An attribute value of 2,048 bytes is written, one longer is not. */
	buf_reset(&b);
	buf_adds(&b, "<a href=\"http://x.example/");
	for (i = 0; i < 2048 - 21; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\">1</a><a title=\"");
	for (i = 0; i < 2049; i++)
		buf_addc(&b, 't');
	buf_adds(&b, "\">2</a>");
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_int_equal(count(s, "href=\""), 1);
	assert_int_equal(count(s, "title="), 0);
	free(s);
	/* Attribute values, like text, stop after maxtext bytes. */
	s = html_sanitize("<a href=\"http://x.example/1\">1</a>"
	    "<a href=\"http://x.example/2\">2</a>", BASE, 30);
	assert_string_equal(s, "<a href=\"http://x.example/1\"" A_REL ">1</a>"
	    "<a" A_REL ">2</a>");
	free(s);
	buf_free(&b);
}

/*
 * Input that would make Gumbo's work quadratic is stopped at its bounds
 * (SAN_PARSENODES, SAN_PARSEATTRS) and published as plain text, which is
 * a fixpoint and stays in its box; a post is read up to 1 MB.
 */
static void
test_bounds(void **state)
{
	struct buf	 b;
	char		*s;
	int		 i;

	(void)state;
	/* Unclosed <b>s reopened in each paragraph: 24 million nodes. */
	buf_init(&b);
	buf_adds(&b, "<p>");
	for (i = 0; i < 2000; i++)
		buf_addf(&b, "<b id=\"%d\">", i);
	for (i = 0; i < 3000; i++)
		buf_adds(&b, "</p><p>x");
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_int_equal(count(s, "<b"), 0);
	/* A paragraph each, up to the element cap. */
	assert_int_equal(count(s, "<p dir=\"auto\">"), 2048);
	assert_int_equal(count(s, "x"), 3000);
	assert_true(is_fixpoint(s));
	assert_true(stays_in_box(s));
	free(s);
	/* A tag of 20,000 attributes. */
	buf_reset(&b);
	buf_adds(&b, "<p>before</p><b");
	for (i = 0; i < 20000; i++)
		buf_addf(&b, " a%d", i);
	buf_adds(&b, ">after");
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_string_equal(s, "<p dir=\"auto\">before</p>"
	    "<p dir=\"auto\">after</p>");
	free(s);
	/* 100,000 <div>s, each testing the open elements for a <p>. */
	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "<div>");
	buf_adds(&b, "deep");
	s = html_sanitize(buf_str(&b), BASE, 1 << 20);
	assert_string_equal(s, "<p dir=\"auto\">deep</p>");
	free(s);
	/* What lies past the first megabyte is not read. */
	buf_reset(&b);
	buf_adds(&b, "<p>");
	for (i = 0; i < 1024 * 1024; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "<b>tail</b>");
	s = html_sanitize(buf_str(&b), BASE, 2 << 20);
	assert_null(strstr(s, "tail"));
	/* The megabyte less "<p>", and the "a" of dir="auto". */
	assert_int_equal(count(s, "a"), 1024 * 1024 - 3 + 1);
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

/*
 * Everything else that makes a browser fetch by itself, with images kept:
 * none of it is written.
 */
static void
test_fetchers(void **state)
{
	static const struct san t[] = {
		{ "<img src=\"http://x/a.png\" srcset=\"http://t/b.png 2x\""
		  " sizes=\"1px\">",
		  "<img src=\"http://x/a.png\"" IMG_REL ">" },
		{ "<picture><source srcset=\"http://t/a.webp\">"
		  "<img src=\"http://x/a.png\"></picture>",
		  "<img src=\"http://x/a.png\"" IMG_REL ">" },
		{ "<video poster=\"http://t/p.png\" src=\"http://t/v.mp4\""
		  " autoplay><source src=\"http://t/s.mp4\"><track"
		  " src=\"http://t/t.vtt\">v</video>", "v" },
		{ "<audio src=\"http://t/a.mp3\" autoplay>a</audio>", "a" },
		{ "<embed src=\"http://t/e.svg\">e", "e" },
		{ "<iframe srcdoc=\"&lt;img src=http://t/i.png&gt;\"></iframe>"
		  "i", "i" },
		{ "<span style=\"background: url(http://t/s.png)\">s</span>",
		  "<span>s</span>" },
		{ "<table background=\"http://t/b.png\"><tr><td"
		  " background=\"http://t/c.png\">c</td></tr></table>",
		  "<table><tbody><tr><td dir=\"auto\">c</td></tr></tbody>"
		  "</table>" },
		{ "<link rel=preload href=\"http://t/p.png\" as=image>"
		  "<link rel=prefetch href=\"http://t/n.html\">"
		  "<link rel=dns-prefetch href=\"//t\">"
		  "<link rel=stylesheet href=\"http://t/s.css\">l", "l" },
		{ "<meta http-equiv=refresh content=\"0;url=http://t/\">m",
		  "m" },
		{ "<svg><image href=\"http://t/i.png\"/><image"
		  " xlink:href=\"http://t/x.png\"/></svg>s", "s" },
		{ "<input type=image src=\"http://t/i.png\">i", "i" },
		{ "<body background=\"http://t/b.png\">b", "b" },
		{ "<a href=\"http://x/\" ping=\"http://t/p\">a</a>",
		  "<a href=\"http://x/\"" A_REL ">a</a>" },
		{ "<img src=\"http://x/a.png\" lowsrc=\"http://t/l.png\""
		  " longdesc=\"http://t/d\">",
		  "<img src=\"http://x/a.png\"" IMG_REL ">" },
	};

	(void)state;
	assert_int_equal(check(t, nitems(t), BASE), 0);
}

/* River --images: links, alt text, or images on the page's origin alone. */
static void
test_images(void **state)
{
	static const struct san_images link = {
		SAN_IMAGES_LINK, NULL, "picture"
	}, none = {
		SAN_IMAGES_NONE, NULL, "picture"
	}, origin = {
		SAN_IMAGES_ORIGIN, "http://blog.example", "picture"
	}, nowhere = {
		SAN_IMAGES_ORIGIN, NULL, "picture"
	};
	static const struct san tlink[] = {
		{ "<p><img src=\"http://x/a.png\" alt=\"A cat\"></p>",
		  "<p dir=\"auto\"><a href=\"http://x/a.png\"" A_REL
		  ">A cat</a></p>" },
		{ "<p><img src=\"/a.png\"></p>",
		  "<p dir=\"auto\"><a href=\"http://blog.example/a.png\""
		  A_REL ">picture</a></p>" },
		{ "<img src=\"http://x/a.png\" alt=\" \">",
		  "<a href=\"http://x/a.png\"" A_REL ">picture</a>" },
		{ "<img src=\"http://x/a.png\" alt=\"&lt;b&gt;\">",
		  "<a href=\"http://x/a.png\"" A_REL ">&lt;b&gt;</a>" },
		/* In a link: its text there, no link in a link. */
		{ "<a href=\"http://x/\"><img src=\"http://x/a.png\"></a>",
		  "<a href=\"http://x/\"" A_REL ">picture</a>" },
		{ "<a href=\"http://x/\">see <b><img src=\"http://x/a.png\""
		  " alt=\"it\"></b></a>",
		  "<a href=\"http://x/\"" A_REL ">see <b>it</b></a>" },
		/* No usable source: nothing, as ever. */
		{ "<img src=\"javascript:alert(1)\" alt=x>a", "a" },
		{ "<image src=\"http://x/i.png\">",
		  "<a href=\"http://x/i.png\"" A_REL ">picture</a>" },
		{ "<picture><source srcset=\"http://t/a.webp\">"
		  "<img src=\"http://x/a.png\" alt=\"p\"></picture>",
		  "<a href=\"http://x/a.png\"" A_REL ">p</a>" },
	};
	static const struct san tnone[] = {
		{ "<p><img src=\"http://x/a.png\" alt=\"A cat\"></p>",
		  "<p dir=\"auto\">A cat</p>" },
		{ "<p>a<img src=\"http://x/a.png\">b</p>",
		  "<p dir=\"auto\">ab</p>" },
		{ "<p><img src=\"http://x/a.png\"></p>", "<p></p>" },
		{ "<a href=\"http://x/\"><img src=\"http://x/a.png\""
		  " alt=\"it\"></a>",
		  "<a href=\"http://x/\"" A_REL ">it</a>" },
	};
	static const struct san torigin[] = {
		{ "<img src=\"/a.png\" alt=\"own\">",
		  "<img src=\"http://blog.example/a.png\" alt=\"own\""
		  IMG_REL ">" },
		{ "<img src=\"HTTP://Blog.Example:80/a.png\">",
		  "<img src=\"HTTP://Blog.Example:80/a.png\"" IMG_REL ">" },
		{ "<img src=\"http://user@blog.example/a.png\">",
		  "<img src=\"http://user@blog.example/a.png\"" IMG_REL ">" },
		{ "<img src=\"https://blog.example/a.png\">",
		  "<a href=\"https://blog.example/a.png\"" A_REL
		  ">picture</a>" },
		{ "<img src=\"http://blog.example:8080/a.png\">",
		  "<a href=\"http://blog.example:8080/a.png\"" A_REL
		  ">picture</a>" },
		{ "<img src=\"http://blog.example.evil/a.png\">",
		  "<a href=\"http://blog.example.evil/a.png\"" A_REL
		  ">picture</a>" },
		{ "<img src=\"http://blog.example@evil/a.png\">",
		  "<a href=\"http://blog.example@evil/a.png\"" A_REL
		  ">picture</a>" },
		{ "<a href=\"http://x/\"><img src=\"/a.png\"></a>",
		  "<a href=\"http://x/\"" A_REL "><img"
		  " src=\"http://blog.example/a.png\"" IMG_REL "></a>" },
	};
	static const struct san tnowhere[] = {
		{ "<img src=\"/a.png\" alt=\"own\">",
		  "<a href=\"http://blog.example/a.png\"" A_REL ">own</a>" },
	};

	(void)state;
	assert_int_equal(check_images(tlink, nitems(tlink), BASE, &link), 0);
	assert_int_equal(check_images(tnone, nitems(tnone), BASE, &none), 0);
	assert_int_equal(check_images(torigin, nitems(torigin), BASE,
	    &origin), 0);
	assert_int_equal(check_images(tnowhere, nitems(tnowhere), BASE,
	    &nowhere), 0);
}

/* The cap on images counts the links that stand for them. */
static void
test_images_cap(void **state)
{
	static const struct san_images link = { SAN_IMAGES_LINK, NULL, "i" };
	struct buf	 in;
	char		*out, *p;
	size_t		 i, n = 0;

	(void)state;
	buf_init(&in);
	for (i = 0; i < 150; i++)
		buf_adds(&in, "<img src=\"http://x/a.png\">");
	out = html_sanitize_images(buf_str(&in), NULL, 1 << 20, &link);
	for (p = out; (p = strstr(p, "<a ")) != NULL; p++)
		n++;
	assert_int_equal(n, 100);
	free(out);
	buf_free(&in);
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
		cmocka_unit_test(test_misnested),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_url_safe),
		cmocka_unit_test(test_fetchers),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_images_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
