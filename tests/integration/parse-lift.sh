#!/usr/bin/env bash
# Text lifted out of a document for libxml2 (parse-input.c): every document
# parses to the same feed, entry for entry, with lifting and without
# (MAJLIS_TEST_NOLIFT), messages and their line numbers too: the parser's
# fixtures, the conformance corpus beside the repository, and feeds in
# Arabic and Sorani written here (CDATA, escaped HTML, references, CR LF,
# a DOCTYPE, a fault after lifted text).  Then the fetch stores what the
# feeds say, lifted, and a feed with invalid UTF-8 in a CDATA section is
# still repaired, not cut.
. tests/lib.sh
mkdir -p "$T/feeds"
ar='السلام عليكم في بغداد'
ckb='سڵاو لە سلێمانی، ئەمڕۆ'
cat >"$T/feeds/rss.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>$ar</title>
<link>http://127.0.0.1/</link><description>$ckb &amp; &lt;b&gt;</description>
<item><title>$ar &#1600; &#x41; &quot;x&quot;</title><guid>ar-1</guid>
<description><![CDATA[<p dir="rtl">$ar</p>
<p>$ckb</p>]]></description></item>
<item><title>plain English</title><guid>ar-2</guid>
<description>&lt;p&gt;$ckb&lt;/p&gt; ]]&gt; &amp;amp;</description></item>
</channel></rss>
EOF
cat >"$T/feeds/atom.xml" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ckb"><title>$ckb</title>
<id>urn:lift</id><updated>2026-01-02T03:04:05Z</updated>
<entry><id>urn:lift:1</id><title type="html">$ckb &lt;i&gt;$ar&lt;/i&gt;</title>
<updated>2026-01-02T03:04:05Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>$ar <b>$ckb</b></p></div></content>
</entry>
<entry><id>urn:lift:2</id><title>$ar</title><updated>2026-01-02T03:04:05Z</updated>
<content type="text">$ar &lt;not a tag&gt;
$ckb</content></entry>
</feed>
EOF
sed 's/$/\r/' "$T/feeds/atom.xml" >"$T/feeds/crlf.xml"
sed 's/^<rss/<!DOCTYPE rss [<!ENTITY me "'"$ar"'">]>\n<rss/; s/<guid>ar-1</<guid>\&me;</' \
    "$T/feeds/rss.xml" >"$T/feeds/doctype.xml"
sed 's|</channel>|<broken></channel>|' "$T/feeds/rss.xml" >"$T/feeds/fault.xml"

files=("$T"/feeds/*.xml tests/data/*.xml)
conf=../shared/conformance
if [ -d "$conf" ]; then
	while IFS= read -r f; do files+=("$f"); done \
	    < <(find "$conf" -name '*.xml' | sort)
fi
"$MAJLIS" parse --json "${files[@]}" >"$T/lifted.json" 2>"$T/lifted.err"
MAJLIS_TEST_NOLIFT=1 "$MAJLIS" parse --json "${files[@]}" \
    >"$T/plain.json" 2>"$T/plain.err"
[ "$(wc -l <"$T/lifted.json")" -ge 30 ] || fail "too few documents parsed"
cmp -s "$T/lifted.json" "$T/plain.json" ||
    fail "parsed otherwise with lifting: $(diff "$T/lifted.json" \
        "$T/plain.json" | head -c 2000)"
cmp -s "$T/lifted.err" "$T/plain.err" || fail "messages differ"
echo "ok: ${#files[@]} documents parse alike with and without lifting"

"$MAJLIS" parse --json "$T/feeds/fault.xml" >"$T/fault.json"
expect_grep "a fault after lifted text is on its own line" \
    '"bozo_exception":"line 9: ' "$T/fault.json"
"$MAJLIS" parse --json "$T/feeds/crlf.xml" >"$T/crlf.json"
expect_grep "CR LF read as LF in lifted text" \
    "\"content\":\"$ar <not a tag>\\\\n$ckb\"" "$T/crlf.json"
"$MAJLIS" parse --json "$T/feeds/doctype.xml" >"$T/doctype.json"
expect_grep "a DOCTYPE's entity is expanded" "\"id\":\"$ar\"" \
    "$T/doctype.json"

# The fetch: what is stored is what the feeds say.
printf '<rss><channel><title>t</title><item><guid>bad</guid><title>%s</title><description><![CDATA[%s \xd8 end]]></description></item></channel></rss>' \
    "$ar" "$ckb" >"$T/feeds/invalid.xml"
server_start
server_routes "{\"/rss.xml\": {\"body\": \"$T/feeds/rss.xml\"},
  \"/atom.xml\": {\"body\": \"$T/feeds/atom.xml\"},
  \"/invalid.xml\": {\"body\": \"$T/feeds/invalid.xml\"}}"
subscribe "$BASE/rss.xml"
subscribe "$BASE/atom.xml"
subscribe "$BASE/invalid.xml"
"$MAJLIS" fetch -q || fail "fetch"
body() {
	sql "SELECT $1 FROM bodies JOIN posts ON id = post_id WHERE key LIKE '%$2'"
}
expect_eq "title with references" \
    "$(sql "SELECT title FROM posts WHERE key LIKE '%ar-1'")" "$ar ـ A \"x\""
expect_eq "CDATA body" "$(body summary ar-1)" "<p dir=\"rtl\">$ar</p>
<p>$ckb</p>"
expect_eq "escaped HTML decoded, ]]> too" \
    "$(body summary ar-2)" "<p>$ckb</p> ]]> &amp;"
expect_eq "Atom html title" \
    "$(sql "SELECT title FROM posts WHERE key LIKE '%urn:lift:1'")" "$ckb $ar"
body content urn:lift:1 >"$T/xhtml.out"
expect_grep "Atom xhtml content" "<p>$ar <b>$ckb</b></p>" "$T/xhtml.out"
expect_eq "invalid UTF-8 in CDATA repaired, the rest kept" \
    "$(body summary bad)" "$ckb � end"
