/*
 * Unit tests for html.c, html-render.c and entities.c: each kind of
 * element, entities, html_text() and its options, links, wrapping in
 * several scripts, and hostile input that tries to reach the terminal with
 * escape sequences.
 * Every file in tests/data named html-* (fixtures and inputs the fuzzer
 * once crashed on) is rendered and checked for terminal safety.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

#define BASE	"https://example.org/blog/post.html"

/* Asserts that r has exactly the lines in want (NULL-terminated). */
static void
check_lines(const struct rendered *r, const char *const *want)
{
	size_t	 i;

	for (i = 0; want[i] != NULL; i++) {
		if (i >= r->nlines)
			fail_msg("only %zu lines, wanted \"%s\"", r->nlines,
			    want[i]);
		assert_string_equal(r->lines[i], want[i]);
	}
	assert_int_equal(r->nlines, i);
}

static void
check_render(const char *html, int width, const char *const *want)
{
	struct rendered	*r = html_render(html, BASE, width);

	check_lines(r, want);
	rendered_free(r);
}

/*
 * The safety property: no C0 control (not even tab or newline: a line is
 * one row), no DEL, no C1, no bidi embedding, override or isolate, and
 * valid UTF-8.
 */
static void
assert_safe(const char *s)
{
	size_t		 i, n, len = strlen(s);
	uint32_t	 c;

	assert_true(utf8_valid(s, len));
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
			fail_msg("control U+%04X in \"%s\"", c, s);
		if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			fail_msg("bidi control U+%04X in \"%s\"", c, s);
	}
}

static void
assert_rendered_safe(const struct rendered *r)
{
	size_t	 i;
	char	*d;

	for (i = 0; i < r->nlines; i++) {
		assert_safe(r->lines[i]);
		d = rendered_display(r, i, BIDI_AUTO);
		assert_safe(d);
		free(d);
	}
	for (i = 0; i < r->nlinks; i++)
		assert_safe(r->links[i]);
}

static void
test_paragraphs(void **state)
{
	static const char *const w1[] = { "a", "", "b", NULL };
	static const char *const w2[] = { "one two three", NULL };
	static const char *const w3[] = { "x", "", "y", "", "z", NULL };
	static const char *const w4[] = { "first", "second", NULL };

	(void)state;
	check_render("<p>a</p><p>b</p>", 40, w1);
	check_render("<P>a<P>b", 40, w1);	/* unclosed, upper case */
	check_render("<p>  one \n\t two   three  </p>", 40, w2);
	check_render("x<p>y</p>z", 40, w3);
	/* div breaks the line but leaves no blank line. */
	check_render("<div>first</div><div>second</div>", 40, w4);
	check_render("", 40, (const char *const []){ NULL });
	check_render("<p></p><p> </p>", 40, (const char *const []){ NULL });
}

static void
test_headings(void **state)
{
	static const char *const h1[] = {
		"Title here", "==========", "", "text", NULL
	};
	static const char *const h2[] = { "Sub", "---", NULL };
	static const char *const h3[] = { "### Third", "", "x", NULL };
	struct rendered	*r;

	(void)state;
	check_render("<h1>Title <em>here</em></h1>text", 40, h1);
	check_render("<h2>Sub</h2>", 40, h2);
	check_render("<h3>Third</h3><p>x", 40, h3);
	r = html_render("<h1>T</h1><p>p</p>", BASE, 40);
	assert_true(r->flags[0] & RLINE_HEADING);
	assert_true(r->flags[1] & RLINE_HEADING);
	assert_false(r->flags[3] & RLINE_HEADING);
	rendered_free(r);
}

static void
test_breaks(void **state)
{
	static const char *const w1[] = { "a", "b", NULL };
	static const char *const w2[] = { "a", "", "b", NULL };
	static const char *const w3[] = { "end", NULL };

	(void)state;
	check_render("a<br>b", 40, w1);
	check_render("a <br/> b", 40, w1);
	check_render("a<br><br>b", 40, w2);
	check_render("<p>end<br></p>", 40, w3);	/* trailing br: no line */
}

static void
test_lists(void **state)
{
	static const char *const ul[] = {
		"before", "", "  • one", "  • two", "", "after", NULL
	};
	static const char *const nested[] = {
		"  • a", "    ◦ b", "    ◦ c", "  • d", NULL
	};
	static const char *const ol[] = {
		"  3. three", "  4. four", NULL
	};
	static const char *const wrapped[] = {
		"  • one two", "    three four", NULL
	};
	static const char *const value[] = {
		"  1. x", "  10. y", "  11. z", NULL
	};

	(void)state;
	check_render("before<ul><li>one</li><li>two</li></ul>after", 40, ul);
	check_render("<ul><li>a<ul><li>b<li>c</ul><li>d</ul>", 40, nested);
	check_render("<ol start=\"3\"><li>three<li>four</ol>", 40, ol);
	check_render("<ul><li>one two three four</ul>", 14, wrapped);
	check_render("<ol><li>x<li value=10>y<li>z</ol>", 40, value);
}

static void
test_blockquote(void **state)
{
	static const char *const q[] = {
		"said:", "", "> one two", "> three", ">", "> again", "",
		"after", NULL
	};
	struct rendered	*r;

	(void)state;
	check_render("said:<blockquote><p>one two three</p><p>again</p>"
	    "</blockquote>after", 9, q);
	r = html_render("<blockquote>q</blockquote>", BASE, 40);
	assert_int_equal(r->nlines, 1);
	assert_string_equal(r->lines[0], "> q");
	assert_true(r->flags[0] & RLINE_QUOTE);
	rendered_free(r);
}

static void
test_pre(void **state)
{
	static const char *const pre[] = {
		"int", "main(void)", "{", "        return  0;", "}", NULL
	};
	static const char *const tabs[] = { "a       b", "ab      c", NULL };
	static const char *const longline[] = {
		"a_very_long_identifier = another_long_identifier;", NULL
	};
	struct rendered	*r;

	(void)state;
	check_render("<pre>\nint\nmain(void)\n{\n\treturn  0;\n}\n</pre>", 40,
	    pre);
	check_render("<pre>a\tb\nab\tc</pre>", 40, tabs);
	/* Not wrapped, and entities and tags inside still work. */
	check_render("<pre>a_very_long_identifier = <b>another_long_"
	    "identifier</b>;</pre>", 20, longline);
	r = html_render("<pre>x &lt; y</pre>", BASE, 40);
	assert_string_equal(r->lines[0], "x < y");
	assert_true(r->flags[0] & RLINE_PRE);
	rendered_free(r);
	/*
	 * A newline right after the start tag is not content, as in a
	 * browser: one from a reference neither, and markup in between does
	 * not count; a character does, even one dropped as unsafe.
	 */
	check_render("<pre>&#10;x</pre>", 40, (const char *const []){
	    "x", NULL });
	check_render("<pre><b>\nx</pre>", 40, (const char *const []){
	    "x", NULL });
	check_render("<pre>&#27;\nx</pre>", 40, (const char *const []){
	    "", "x", NULL });
	check_render("<pre><img alt=a>\nx</pre>", 40, (const char *const []){
	    "[image: a]", "x", NULL });
	check_render("<pre><img src=i alt=a>\nx</pre>", 40,
	    (const char *const []){ "[image 1: a]", "x", "",
	    "[1] https://example.org/blog/i", NULL });
	/* A tab after wide characters, in one run of words. */
	check_render("<pre>日本 語\tx</pre>", 40, (const char *const []){
	    "日本 語 x", NULL });
}

static void
test_table(void **state)
{
	static const char *const t[] = {
		"before", "", "Name | Value", "a | 1", "b | 2", "", "after",
		NULL
	};

	(void)state;
	check_render("before<table><tr><th>Name</th><th>Value</th></tr>"
	    "<tr><td>a</td><td>1</td></tr><tr><td>b<td>2</table>after", 40, t);
}

static void
test_images_and_embeds(void **state)
{
	/*
	 * An image is numbered as a link is, its source listed; the same
	 * source keeps its number, and one without a source has none.
	 */
	static const char *const img[] = {
		"see [image 1: a cat] and [image 2] here[3], [image 1: again]",
		"and [image: nowhere]", "",
		"[1] https://example.org/blog/a.png",
		"[2] https://example.org/blog/b.png",
		"[3] https://example.org/c", NULL
	};
	struct rendered	*r;

	(void)state;
	check_render("see <img src=a.png alt=\" a  cat \"> and <img src=b.png>"
	    " <a href=/c>here</a>, <img src=a.png alt=again> and <img "
	    "alt=nowhere>", 60, img);
	r = html_render("<iframe src=\"https://video.example/e/1\">fallback"
	    "</iframe>", BASE, 60);
	assert_string_equal(r->lines[0], "[embed][1]");
	assert_int_equal(r->nlinks, 1);
	assert_string_equal(r->links[0], "https://video.example/e/1");
	rendered_free(r);
}

static void
test_dropped(void **state)
{
	static const char *const w[] = { "visible text", NULL };

	(void)state;
	check_render("<script>document.write('<p>x</p>')</script>visible"
	    "<style>p { color: red }</style> <!-- hidden <p>no</p> -->text",
	    40, w);
	check_render("<head><title>t</title></head>visible "
	    "<SCRIPT type=x>a</script >text<template><p>no</template>", 40, w);
	check_render("<!DOCTYPE html><?xml x?>visible <!---->text", 40, w);
	/* An unterminated comment hides the rest, as in a browser. */
	check_render("visible text<!-- open", 40, w);
}

static void
test_entities(void **state)
{
	static const char *const w1[] = {
		"\xc3\xa9 \xe2\x80\xa6 \xe2\x80\x94 < > & \" ' \xc2\xa0!", NULL
	};
	static const char *const w2[] = { "A A \xe2\x82\xac \xf0\x9f\x98\x80", NULL };
	static const char *const w3[] = { "\xc2\xa9 2024 AT&T &foo; & x", NULL };
	static const char *const w4[] = { "\xef\xbf\xbd \xef\xbf\xbd", NULL };
	static const char *const w5[] = { "\xc2\xacit \xe2\x88\x89", NULL };

	(void)state;
	check_render("&eacute; &hellip; &mdash; &lt; &gt; &amp; &quot; "
	    "&apos; &nbsp;!", 40, w1);
	check_render("&#65; &#x41; &#8364; &#x1F600;", 40, w2);
	/* Legacy without ';', and things that are not references. */
	check_render("&copy 2024 AT&T &foo; & x", 40, w3);
	/* NUL, surrogates and out of range become U+FFFD. */
	check_render("&#0; &#xD800;", 40, w4);
	check_render("&notit &notin;", 40, w5);
}

static void
test_hostile(void **state)
{
	static const char *const cases[] = {
		"a&#27;[31mred&#27;[0m",
		"a&#x1b;]8;;http://evil/&#x1b;\\link",
		"csi&#x9b;2J&#155;1m",
		"spoof&#x202e;gnp.exe&#x202c; &#8238;x &#x2066;y&#x2069;",
		"raw \x1b[2J and \xc2\x9b" "2J and \xe2\x80\xae and \x07 bell",
		"<p title=\"&#27;\">t</p><a href=\"java&#x09;script:x\">l</a>",
		"<img alt=\"&#27;[31m\xe2\x80\xae\">",
		"<a href=\"http://x/&#27;[2J\">x</a>",
		"<a href=\"http://x/\x1b[2J\xe2\x80\xae\">x</a>",
		"<pre>\x1b[31m\r\n&#27;\t&#13;\x7f\x0b</pre>",
		"\xff\xfe\xc0\xaf\xed\xa0\x80 invalid utf-8",
		"<![CDATA[\x1b[31m]]>",
	};
	struct rendered	*r;
	char		*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		r = html_render(cases[i], BASE, 30);
		assert_rendered_safe(r);
		rendered_free(r);
		s = html_to_plain(cases[i]);
		assert_safe(s);
		free(s);
	}
	/* Decoded once: "&amp;#27;" is the text "&#27;", not ESC. */
	r = html_render("x &amp;#27;[31m", BASE, 30);
	assert_string_equal(r->lines[0], "x &#27;[31m");
	rendered_free(r);
	r = html_render("a&#27;[31mb", BASE, 30);
	assert_string_equal(r->lines[0], "a[31mb");
	rendered_free(r);
	r = html_render("a&#x9b;b&#x202e;c", BASE, 30);
	assert_string_equal(r->lines[0], "abc");
	rendered_free(r);
}

static void
test_links(void **state)
{
	static const char *const w[] = {
		"see a[1], b[2], c[3] and a again[1].", "",
		"[1] https://example.org/about",
		"[2] https://example.org/blog/rel/x?a=1&b=2",
		"[3] https://other.example/",
		NULL
	};
	struct rendered	*r;

	(void)state;
	check_render("see <a href=\"/about\">a</a>, <a href='rel/x?a=1&amp;b=2'>"
	    "b</a>, <A HREF=https://other.example/>c</a> and "
	    "<a href=\"../blog/../about\">a again</a>.", 60, w);
	r = html_render("<a href=\"/about\">a</a>", BASE, 60);
	assert_int_equal(r->nlinks, 1);
	assert_string_equal(r->links[0], "https://example.org/about");
	assert_true(r->flags[r->nlines - 1] & RLINE_LINKLIST);
	rendered_free(r);
	/* Same-page, javascript: and empty links are not listed. */
	r = html_render("<a href=\"#top\">t</a> <a href=\"javascript:x()\">j"
	    "</a> <a href=\"\">e</a> <a>none</a>", BASE, 60);
	assert_int_equal(r->nlinks, 0);
	assert_int_equal(r->nlines, 1);
	assert_string_equal(r->lines[0], "t j e none");
	rendered_free(r);
	/* A link with no visible text gets no number. */
	r = html_render("x<a href=/a></a>y", BASE, 60);
	assert_int_equal(r->nlinks, 0);
	assert_string_equal(r->lines[0], "xy");
	rendered_free(r);
	/* No base: relative stays relative. */
	r = html_render("<a href=\"/p\">p</a>", NULL, 60);
	assert_string_equal(r->links[0], "/p");
	rendered_free(r);
}

static void
check_widths(const struct rendered *r, int width)
{
	size_t	 i;

	for (i = 0; i < r->nlines; i++)
		if (!(r->flags[i] & (RLINE_PRE | RLINE_LINKLIST)))
			assert_true(text_width(r->lines[i]) <= width);
}

static void
test_wrap_scripts(void **state)
{
	static const char *const kurdish[] = {
		"هەواڵی ئەمڕۆ", "کوردستان", NULL
	};
	struct rendered	*r;
	char		*d;
	size_t		 i;
	int		 width;

	(void)state;
	check_render("<p>هەواڵی ئەمڕۆ کوردستان</p>", 12, kurdish);
	for (width = 8; width <= 40; width += 4) {
		r = html_render("<p>مرحبا بالعالم، هذا نص عربي طويل بما يكفي "
		    "ليلتف على عدة أسطر 2024</p><p>中文字符测试中文字符测试中文字符"
		    "</p><p>cafe\xcc\x81 \xf0\x9f\x98\x80 emoji "
		    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80</p><ul><li><blockquote>"
		    "هەواڵی ئەمڕۆ کوردستان</blockquote></ul>", BASE, width);
		check_widths(r, width);
		assert_rendered_safe(r);
		/* The Arabic paragraph is right-to-left, the CJK not. */
		assert_true(r->flags[0] & RLINE_RTL);
		for (i = 0; i < r->nlines; i++) {
			if (strstr(r->lines[i], "中") != NULL)
				assert_false(r->flags[i] & RLINE_RTL);
			d = rendered_display(r, i, BIDI_AUTO);
			if (r->flags[i] & RLINE_RTL)
				assert_int_equal(text_width(d), width);
			free(d);
		}
		rendered_free(r);
	}
}

static void
test_display(void **state)
{
	struct rendered	*r;
	char		*d;

	(void)state;
	r = html_render("<p>مرحبا بالعالم</p><p>Hello</p>", BASE, 20);
	assert_int_equal(r->nlines, 3);
	assert_true(r->flags[0] & RLINE_RTL);
	assert_false(r->flags[2] & RLINE_RTL);
	/* Logical in lines[], visual and flush right for display. */
	assert_string_equal(r->lines[0], "مرحبا بالعالم");
	d = rendered_display(r, 0, BIDI_AUTO);
	assert_string_equal(d, "       ملاعلاب ابحرم");
	free(d);
	d = rendered_display(r, 0, BIDI_OFF);
	assert_string_equal(d, "مرحبا بالعالم");
	free(d);
	d = rendered_display(r, 2, BIDI_AUTO);
	assert_string_equal(d, "Hello");
	free(d);
	rendered_free(r);
	/* dir="rtl" makes even Latin text a right-to-left paragraph. */
	r = html_render("<div dir=\"rtl\"><p>abc</p></div><p>abc</p>", BASE, 20);
	assert_true(r->flags[0] & RLINE_RTL);
	assert_false(r->flags[2] & RLINE_RTL);
	rendered_free(r);
}

static void
test_plain(void **state)
{
	struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "Foo <b>bar</b> &amp; baz", "Foo bar & baz" },
		{ "  many\n\tspaces  ", "many spaces" },
		{ "<p>one</p><p>two</p>", "one two" },
		{ "line<br>break", "line break" },
		{ "a < b and c > d", "a < b and c > d" },
		/* A '<' that starts no complete tag is text in a title. */
		{ "if x <y then", "if x <y then" },
		{ "a <b c=\"d", "a <b c=\"d" },
		{ "x<script>evil()</script>y", "xy" },
		{ "<a href=/x>link</a> <img alt=pic>", "link pic" },
		{ "\x1b[31mred&#27;&#x202e;", "[31mred" },
		{ "", "" },
		{ "مرحبا <i>بالعالم</i>", "مرحبا بالعالم" },
	};
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = html_to_plain(cases[i].in);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	s = html_to_plain(NULL);
	assert_string_equal(s, "");
	free(s);
}

/* The options of html_text() each change what they say, and only that. */
static void
test_text_flags(void **state)
{
	struct {
		const char	*in;
		int		 flags;
		const char	*out;
	} cases[] = {
		{ "<p>one</p>\n<div><p>two</p></div>", HTML_TEXT_PARAS,
		    "one\n\ntwo" },
		{ "<p>one</p>\n<div><p>two</p></div>", 0, "one two" },
		{ "one<br>two <b>bold</b>", HTML_TEXT_PARAS, "one\n\ntwo bold" },
		{ "<h1>T</h1>", HTML_TEXT_PARAS, "T" },
		{ "unfinished <tag", HTML_TEXT_PARAS, "unfinished" },
		{ "unfinished <tag", 0, "unfinished <tag" },
		{ "a <img alt=pic> b", 0, "a pic b" },
		{ "a <img alt=pic> b", HTML_TEXT_NO_ALT, "a b" },
		{ "don&#146;t &#150; &#x81;x", HTML_TEXT_CP1252,
		    "don\xe2\x80\x99t \xe2\x80\x93 x" },
		{ "don&#146;t", 0, "dont" },	/* a C1 control is dropped */
		{ "a&#x9b;b", HTML_TEXT_PARAS | HTML_TEXT_NO_ALT, "ab" },
		{ "caf&eacute;&nbsp;&check;", 0,
		    "caf\xc3\xa9\xc2\xa0\xe2\x9c\x93" },
	};
	char	*s;
	size_t	 i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = html_text(cases[i].in, cases[i].flags);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	s = html_text(NULL, HTML_TEXT_PARAS);
	assert_string_equal(s, "");
	free(s);
}

/* entities.c: the table and the decoder every caller shares. */
static void
test_ref_decode(void **state)
{
	struct {
		const char	*in;
		int		 flags;
		size_t		 used;
		uint32_t	 cp;
	} cases[] = {
		{ "&amp;", 0, 5, '&' },
		{ "&AMP;", 0, 5, '&' },
		{ "&apos;", 0, 6, '\'' },
		{ "&Eacute;x", 0, 8, 0xc9 },
		{ "&eacute;", 0, 8, 0xe9 },
		{ "&notit;", 0, 4, 0xac },	/* legacy, longest that fits */
		{ "&copy=2", 0, 5, 0xa9 },
		{ "&copy=2", HTML_REF_ATTR, 0, 0 },
		{ "&copy;=2", HTML_REF_ATTR, 6, 0xa9 },
		{ "&#x41;", 0, 6, 'A' },
		{ "&#65", 0, 4, 'A' },
		{ "&#0;", 0, 4, UTF8_REPLACEMENT },
		{ "&#xd800;", 0, 8, UTF8_REPLACEMENT },
		{ "&#99999999999999;", 0, 17, UTF8_REPLACEMENT },
		{ "&#150;", 0, 6, 0x96 },
		{ "&#150;", HTML_REF_CP1252, 6, 0x2013 },
		{ "&#x81;", HTML_REF_CP1252, 6, 0x81 },	/* unassigned */
		{ "&nosuch;", 0, 0, 0 },
		{ "&#;", 0, 0, 0 },
		{ "& b", 0, 0, 0 },
		{ "&", 0, 0, 0 },
	};
	uint32_t	 cp;
	size_t		 i, n;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		cp = 0;
		n = html_ref_decode(cases[i].in, strlen(cases[i].in), &cp,
		    cases[i].flags);
		if (n != cases[i].used || (n > 0 && cp != cases[i].cp))
			fail_msg("%s: %zu bytes, U+%04X", cases[i].in, n,
			    (unsigned)cp);
	}
	assert_int_equal(html_entity_lookup("hellip"), 0x2026);
	assert_int_equal(html_entity_lookup("zwnj"), 0x200c);
	assert_int_equal(html_entity_lookup("Hellip"), 0);
	assert_int_equal(html_entity_lookup(""), 0);
	assert_int_equal(html_cp1252(0x80), 0x20ac);
	assert_int_equal(html_cp1252(0x8d), 0);
	assert_int_equal(html_cp1252('a'), 0);
}

static void
test_broken(void **state)
{
	static const char *const inputs[] = {
		"<", "<a", "<a href=\"x", "<a href='", "</", "</>", "<!", "<!--",
		"<p", "&", "&#", "&#x", "&#xZ", "&#99999999999999;", "<a =x>",
		"</ul></li></ol></blockquote></pre>", "<li>", "<dd>x<dd>y",
		"<ul><li><ul><li><ul><li>deep", "<svg/>after", "<svg>x</svg>y",
		"<table><td>a<td>b<tr><td>c", "<q>x</q>", "<hr><hr>",
		"<plaintext><b>raw", "<![CDATA[x", "<h1>", "<pre>",
		"<ol start=-99999999999999999999><li value=99999999999999999999>"
		    "x<li>y</ol>",
	};
	struct rendered	*r;
	char		*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < nitems(inputs); i++) {
		r = html_render(inputs[i], BASE, 20);
		assert_rendered_safe(r);
		check_widths(r, 20);
		rendered_free(r);
		r = html_render(inputs[i], BASE, 0);
		rendered_free(r);
		s = html_to_plain(inputs[i]);
		assert_safe(s);
		free(s);
	}
}

static void
test_list_numbers(void **state)
{
	static const char *const w[] = {
		"  999999999. x", "  999999999. y", NULL
	};

	(void)state;
	/* Absurd numbers are clamped, never overflowed. */
	check_render("<ol><li value=99999999999999999999>x<li>y</ol>", 40, w);
}

static void
test_huge_width(void **state)
{
	struct rendered	*r;

	(void)state;
	r = html_render("<hr>", BASE, 0x7fffffff);
	assert_int_equal(r->nlines, 1);
	assert_int_equal(text_width(r->lines[0]), 1000);
	rendered_free(r);
}

static void
test_deep_nesting(void **state)
{
	struct buf	 b;
	struct rendered	*r;
	int		 i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 5000; i++)
		buf_adds(&b, "<blockquote><ul><li>");
	buf_adds(&b, "deep words here");
	r = html_render(buf_str(&b), BASE, 40);
	check_widths(r, 40);
	assert_true(r->nlines >= 1);
	assert_non_null(strstr(r->lines[r->nlines - 1], "deep"));
	rendered_free(r);
	buf_free(&b);
}

/* Reads a whole file into a heap string. */
static char *
slurp(const char *path)
{
	struct buf	 b;
	FILE		*fp;
	char		 chunk[8192];
	size_t		 n;

	fp = fopen(path, "rb");
	assert_non_null(fp);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	assert_false(ferror(fp));
	fclose(fp);
	return buf_take(&b);
}

/* Every html-* file in tests/data: renders, safely, at several widths. */
static void
test_data_files(void **state)
{
	DIR		*d;
	struct dirent	*e;
	struct rendered	*r;
	char		*path, *data, *s;
	int		 n = 0, width;

	(void)state;
	d = opendir(TEST_DATA);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "html-", 5) != 0)
			continue;
		xasprintf(&path, "%s/%s", TEST_DATA, e->d_name);
		data = slurp(path);
		for (width = 0; width <= 80; width += 20) {
			r = html_render(data, BASE, width);
			assert_rendered_safe(r);
			if (width > 0)
				check_widths(r, width);
			rendered_free(r);
		}
		s = html_to_plain(data);
		assert_safe(s);
		free(s);
		free(data);
		free(path);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

/* Plain text as HTML: markup characters escaped, line breaks kept. */
static void
test_from_text(void **state)
{
	char	*h, *t;

	(void)state;
	h = html_from_text("a <b>&amp;</b>\r\nline 2\n\nend");
	assert_string_equal(h,
	    "a &lt;b&gt;&amp;amp;&lt;/b&gt;<br>\nline 2<br>\n<br>\nend");
	/* What the reader shows is the text as it was typed. */
	t = html_text(h, HTML_TEXT_PARAS);
	assert_non_null(strstr(t, "a <b>&amp;</b>"));
	free(t);
	free(h);
	h = html_from_text("");
	assert_string_equal(h, "");
	free(h);
	h = html_from_text(NULL);
	assert_string_equal(h, "");
	free(h);
	/* A lone CR is a break too; a special at either end; no special. */
	h = html_from_text("<x\ry&");
	assert_string_equal(h, "&lt;x<br>\ny&amp;");
	free(h);
	h = html_from_text("\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 plain");
	assert_string_equal(h, "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 plain");
	free(h);
}

/* buf_reserve(): room made once, the text the same as without it. */
static void
test_buf_reserve(void **state)
{
	struct buf	 b;
	size_t		 i;

	(void)state;
	buf_init(&b);
	buf_reserve(&b, 10);			/* an empty string already */
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	buf_adds(&b, "ab");
	buf_reserve(&b, 1000);
	assert_true(b.cap >= 2 + 1000 + 1);
	for (i = 0; i < 1000; i++)
		buf_addc(&b, 'x');
	assert_int_equal(b.cap, 2 + 1000 + 1);	/* no growth past it */
	assert_int_equal(b.len, 1002);
	assert_memory_equal(b.s, "abxx", 4);
	assert_int_equal(b.s[b.len], '\0');
	buf_reserve(&b, 0);			/* room enough: unchanged */
	assert_int_equal(b.cap, 1003);
	buf_addc(&b, 'y');			/* past it: grows as before */
	assert_true(b.cap > 1003);
	assert_string_equal(b.s + 1000, "xxy");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_blockquote),
		cmocka_unit_test(test_pre),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_images_and_embeds),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_wrap_scripts),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_list_numbers),
		cmocka_unit_test(test_huge_width),
		cmocka_unit_test(test_text_flags),
		cmocka_unit_test(test_ref_decode),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_data_files),
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_buf_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
