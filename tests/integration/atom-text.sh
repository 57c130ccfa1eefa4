#!/usr/bin/env bash
# Atom's type="text" (the default for content and summary) is plain text:
# a "<" the author typed is shown as typed, in the reader, in 'show' and
# on the river, never taken for markup.  type="html" stays HTML.
. tests/lib.sh
server_start
mkdir -p "$T/feeds"
cat >"$T/feeds/text.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Text Feed</title>
<id>urn:t</id><updated>@NOW@</updated>
<entry><id>urn:t:1</id><title>plain</title><updated>@NOW@</updated>
<content type="text">if a &lt;b&gt; then &lt;/div&gt;&lt;/article&gt;&lt;h1&gt;fake&lt;/h1&gt;
second line</content></entry>
<entry><id>urn:t:2</id><title>untyped</title><updated>@NOW@</updated>
<summary>x &amp;lt; y &lt;i&gt;not italic&lt;/i&gt;</summary></entry>
<entry><id>urn:t:3</id><title>html</title><updated>@NOW@</updated>
<content type="html">&lt;p&gt;is &lt;b&gt;bold&lt;/b&gt;&lt;/p&gt;</content></entry>
</feed>
EOF
sed -i "s/@NOW@/$(date -u +%Y-%m-%dT%H:%M:%SZ)/" "$T/feeds/text.xml"
server_routes "{\"/text.xml\": {\"body\": \"$T/feeds/text.xml\",
  \"ctype\": \"application/atom+xml\"}}"
subscribe "$BASE/text.xml"
"$MAJLIS" fetch -q || fail "fetch"

id() { sql "SELECT id FROM posts WHERE title = '$1'"; }
expect_eq "text content stored as HTML showing it" \
    "$(sql "SELECT content FROM bodies WHERE post_id = $(id plain)")" \
    "if a &lt;b&gt; then &lt;/div&gt;&lt;/article&gt;&lt;h1&gt;fake&lt;/h1&gt;<br>
second line"
"$MAJLIS" show "$(id plain)" >"$T/plain.out" || fail "show plain"
expect_grep "show: the text as typed" \
    'if a <b> then </div></article><h1>fake</h1>' "$T/plain.out"
expect_grep "show: its line break kept" '^second line' "$T/plain.out"
"$MAJLIS" show "$(id untyped)" >"$T/untyped.out" || fail "show untyped"
expect_grep "untyped summary is text" 'x &lt; y <i>not italic</i>' "$T/untyped.out"
"$MAJLIS" show "$(id html)" >"$T/html.out" || fail "show html"
expect_grep "html content is rendered" 'is bold' "$T/html.out"
expect_no_grep "html content's tags are not shown" '<b>' "$T/html.out"

# A post stored before text was told from HTML (its content as the feed
# gave it, its hash without the mark) is stored again on the next 200.
sql_write "UPDATE bodies SET content = 'if a <b> then'
    WHERE post_id = $(id plain); UPDATE posts SET hash = 0 WHERE title = 'plain'"
sql_write "UPDATE feeds SET etag = NULL, last_modified = NULL"
"$MAJLIS" fetch -q || fail "refetch"
expect_grep "stored again as HTML" '^if a &lt;b&gt;' \
    <(sql "SELECT content FROM bodies WHERE post_id = $(id plain)")

# On the river the text is text: no element of the author's "markup".
"$MAJLIS" river --all --out "$T/www" >/dev/null || fail "river"
expect_grep "river shows the text" \
    'if a &lt;b&gt; then &lt;/div&gt;&lt;/article&gt;&lt;h1&gt;fake&lt;/h1&gt;<br>' \
    "$T/www/index.html"
expect_no_grep "river: no element from text" '<h1>fake' "$T/www/index.html"
expect_grep "river: the html post keeps its markup" '<b>bold</b>' "$T/www/index.html"
expect_grep "atom: the text escaped once more" \
    'if a &amp;lt;b&amp;gt; then' "$T/www/atom.xml"
exit 0
