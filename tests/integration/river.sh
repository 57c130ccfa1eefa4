#!/usr/bin/env bash
# majlis river: the page, the Atom feed and the member list written from a
# cache of three members (hostile HTML in English, Arabic with xml:lang and
# xml:base, Sorani with <language>) and a feed of 15 posts.
#   - every tag and attribute of index.html is on the allowlist, every URL
#     is http(s) or the page's own, none of the hostile payloads is left,
#     the markup that entities decoded to is text, relative URLs resolved
#     against xml:base or the post's link, the CSP and referrer policy set;
#   - lang and dir: each post's language, the page's from --lang;
#   - the caps (--per-feed, --limit, --days), newest first, a post from the
#     future at the time of the run, days grouped in --tz;
#   - the member list: last post and 12 weekly bars;
#   - atom.xml read back by majlis parse (every entry) and feedparser (if
#     python3-feedparser is installed), opml.xml imported by another cache;
#   - --tag, usage errors, no file left half-written, and the query plans
#     (no scan of the posts table).
. tests/lib.sh
. tests/integration/river.lib
river_fixture
W=$T/www

river() { run_status "$MAJLIS" river --out "$W" --days 36500 "$@"; }

# check_page FILE: the allowlist, checked on the parsed page.
check_page() {
	python3 - "$1" <<'PY' || fail "page check: $1"
import html.parser, re, sys
TAGS = set("""html head meta title link body header h1 h2 h3 p time a main
section article span div footer table thead tbody tr th td i img br hr b
em strong blockquote ul ol li pre code q cite abbr del ins sub sup dl dt
dd figure figcaption small s u mark kbd samp var tt strike big bdi bdo
ruby rt rp wbr caption col colgroup tfoot details summary acronym address
aside dfn""".split())
ATTRS = set("""lang dir charset http-equiv content name rel href title
type datetime class id src alt width height referrerpolicy loading cite
colspan rowspan start reversed value span hreflang""".split())
OWN = {"river.css", "atom.xml", "opml.xml", "#members"}
bad = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            bad.append("tag " + tag)
        for k, v in attrs:
            if k not in ATTRS:
                bad.append("attribute %s on %s" % (k, tag))
            if k in ("href", "src", "cite") and v not in OWN and not \
               re.match(r"(https?://|mailto:)", v or ""):
                bad.append("url %s=%r" % (k, v))
            if k == "class" and tag not in ("header", "p", "section",
                    "article", "h3", "span", "div", "a", "i"):
                bad.append("class on " + tag)
            if k == "id" and v != "members":
                bad.append("id %r" % v)
P().feed(open(sys.argv[1], encoding="utf-8").read())
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

# --- the page -------------------------------------------------------------
rc=$(river --tz UTC --lang en --title 'Our <net> & "friends"' \
    --link https://net.example/river)
expect_eq "river exit" "$rc" 0
for f in index.html atom.xml opml.xml river.css; do
	[ -s "$W/$f" ] || fail "no $f"
done
expect_eq "no file left beside" "$(ls -A "$W" | grep -c '^\.')" 0
P=$W/index.html
check_page "$P"
for s in '<script' '<[^>]* on[a-z]+=' 'javascript:' \
    'vbscript:' 'data:' 'expression\(' '<iframe' '<object' '<embed' '<form' \
    '<input' '<svg' '<math' '<style' srcset 'style=' secret-input \
    'http-equiv="refresh"' '<base' 'evil\.example' pwned-script \
    pwned-onerror pwned-js pwned-ent pwned-ws pwned-css pwned-svg \
    pwned-click pwned-noscript; do
	if grep -qiE -- "$s" "$P"; then
		grep -iE -- "$s" "$P" | head -3
		fail "index.html has /$s/"
	fi
done
expect_grep "decoded markup is text" \
    "&lt;script&gt;document.title=&apos;pwned-decoded&apos;&lt;/script&gt; decoded text" "$P"
expect_grep "double-escaped stays text" '&lt;img src=x onerror=' "$P"
expect_grep "title escaped" '>Title with &lt;script&gt;document.title=' "$P"
expect_grep "member name escaped" \
    '<span class="member" dir="auto">Hostile &lt;b&gt;Blog&lt;/b&gt; &amp; &quot;Co&quot;</span>' "$P"
expect_grep "page title escaped" '<title>Our &lt;net&gt; &amp; &quot;friends&quot;</title>' "$P"
expect_grep "text around the hostile parts kept" 'Hostile body end' "$P"
expect_grep "safe link kept" '<a href="http://ok.example/" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer">ok link</a>' "$P"
expect_grep "relative link against the post's link" \
    'href="http://hostile.example/posts/relative/page.html"' "$P"
expect_grep "relative image against the post's link, a link by default" \
    '<a href="http://hostile.example/img/pic.png" rel="noopener noreferrer nofollow" referrerpolicy="no-referrer">relative image</a>' "$P"
expect_grep "relative link against xml:base" \
    'href="http://arabic.example/blog/more.html"' "$P"
expect_grep "relative image against xml:base" \
    'href="http://arabic.example/blog/img/photo.png"' "$P"
expect_grep "entry link against xml:base" \
    'href="http://arabic.example/blog/posts/1.html"' "$P"
expect_grep "CSP: no image from anywhere" "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self';" "$P"
expect_grep "referrer policy" '<meta name="referrer" content="no-referrer">' "$P"
# Nothing on the page makes a browser fetch from another host (--images
# link, the default; river-images.sh has the other modes and a browser's
# requests): no image, and every URL of tests/data/river-hostile.xml's
# fetching elements (srcset, <picture>, <video poster>, <audio>, <object>,
# style url(), background=, <link rel=preload>, SVG <image href>, ...) is
# gone or is a link's href, to be clicked.
expect_no_grep "no image in link mode" '<img' "$P"
expect_eq "fetch.example URLs that are not links" \
    "$(grep -oE '[a-z-]+="[^"]*fetch\.example[^"]*"' "$P" | grep -vc '^href=')" 0
expect_eq "fetch.example links: the images'" \
    "$(grep -oE 'href="http://fetch\.example/[^"]*"' "$P" | sort | tr '\n' ' ')" \
    'href="http://fetch.example/image-element.png" href="http://fetch.example/img-multi.png" href="http://fetch.example/no-alt.png" href="http://fetch.example/picture.png" '
expect_grep "an image without alt: a link named image" \
    '<a href="http://fetch.example/no-alt.png" [^>]*>image</a>' "$P"
expect_grep "an image in a link: its alt text, in that link" \
    '<a href="http://ok.example/photo" [^>]*>linked image</a>' "$P"
expect_eq "links without referrerpolicy=no-referrer" \
    "$(grep -oE '<a [^>]*href=[^>]*>' "$P" | grep -vc 'referrerpolicy="no-referrer"')" 0
expect_eq "fetch.example in atom.xml, not as a link" \
    "$(grep -oE '[a-z-]+=&quot;[^&]*fetch\.example' "$W/atom.xml" | grep -vc '^href=')" 0
expect_grep "page lang" '<html lang="en" dir="ltr">' "$P"
expect_eq "Arabic posts" "$(grep -c '<article class="post" dir="auto" lang="ar">' "$P")" 2
expect_eq "Sorani posts" "$(grep -c '<article class="post" dir="auto" lang="ckb">' "$P")" 2
expect_eq "English posts" "$(grep -c '<article class="post" dir="auto" lang="en-GB">' "$P")" 3
expect_eq "posts without a language" "$(grep -c '<article class="post" dir="auto">' "$P")" 10
expect_eq "per-feed cap (default 10)" \
    "$(grep -c '<h3 class="title"><a [^>]*>Many item ' "$P")" 10

# Newest first, the future post at the run's time, days grouped in the zone.
check_order() {	# check_order FILE ZONE
	python3 - "$1" "$2" <<'PY' || fail "order and days in $2"
import re, sys, time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
page, zone = open(sys.argv[1], encoding="utf-8").read(), ZoneInfo(sys.argv[2])
now = time.time()
last, n = None, 0
for day, body in re.findall(r'<section class="day">\n<h2><time dir="ltr" '
                            r'datetime="([0-9-]+)">.*?</h2>\n(.*?)</section>',
                            page, re.S):
    for t in re.findall(r'<p class="byline">.*?<time dir="ltr" datetime="([^"]+)">', body):
        u = datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert u.timestamp() <= now, "a post after the run: " + t
        assert u.astimezone(zone).strftime("%Y-%m-%d") == day, (t, day)
        assert last is None or u <= last, "not newest first: " + t
        last, n = u, n + 1
assert n == page.count('<article class="post"'), "posts outside day sections"
assert "From the future" in page.split('<article')[1], "future post not first"
PY
}
check_order "$P" UTC
rc=$(river --tz Pacific/Kiritimati --out "$T/www2")
expect_eq "river --tz exit" "$rc" 0
check_order "$T/www2/index.html" Pacific/Kiritimati
rc=$(river --tz America/Adak --out "$T/www2")
check_order "$T/www2/index.html" America/Adak

# --- the member list ------------------------------------------------------
python3 - "$P" <<'PY' || fail "member list"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
members = page.split('<section id="members"', 1)[1]
rows = re.findall(r"<tr><td.*?</tr>", members)
assert len(rows) == 4, rows
want = {"Hostile": ("3 posts", "From the future"),
        "\u0645\u062f\u0648\u0646\u0629": ("2 posts", "\u0645\u062f\u0648\u0646\u0648"),
        "\u0628\u0644\u06c6\u06af\u06cc": ("2 posts", "\u06a9\u06c6\u0628\u0648\u0648\u0646"),
        "Many": ("0 posts", "Many item 14")}
for key, (count, last) in want.items():
    row = [r for r in rows if key in r]
    assert len(row) == 1, key
    assert count + " in 12 weeks" in row[0], (key, row[0])
    assert last in row[0], (key, last)
    assert row[0].count("<i class=\"l") == 12, key
hostile = [r for r in rows if "Hostile" in r][0]
assert hostile.endswith('<i class="l3" title="3"></i></span></td></tr>'), hostile
many = [r for r in rows if "Many" in r][0]
assert many.count('class="l0"') == 12 and ">2025-01-06<" in many, many
PY

# --- caps -----------------------------------------------------------------
rc=$(river --per-feed 3 --out "$T/w3")
expect_eq "per-feed 3" "$(grep -c "<article" "$T/w3/index.html")" 10
rc=$(river --limit 5 --out "$T/w3")
expect_eq "limit 5" "$(grep -c '<article' "$T/w3/index.html")" 5
rc=$(run_status "$MAJLIS" river --out "$T/w3" --days 2)
expect_eq "days 2: the posts of the last 48 hours" \
    "$(grep -c '<article' "$T/w3/index.html")" 5
expect_eq "default days: none of 2025" \
    "$(grep -c '<h3 class="title"><a [^>]*>Many item' "$T/w3/index.html")" 0

# --- --lang -----------------------------------------------------------------
rc=$(river --lang ckb --out "$T/w3")
expect_grep "Sorani page is right to left" '<html lang="ckb" dir="rtl">' "$T/w3/index.html"
expect_grep "Atom language" '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ckb">' "$T/w3/atom.xml"
rc=$(LC_ALL= LC_MESSAGES= LANG=ar_IQ.UTF-8 river --out "$T/w3")
expect_grep "language from the locale" '<html lang="ar-IQ" dir="rtl">' "$T/w3/index.html"

# --- atom.xml ---------------------------------------------------------------
A=$W/atom.xml
"$MAJLIS" parse --json "$A" >"$T/atom.json" || fail "majlis parse atom.xml"
python3 - "$T/atom.json" "$A" <<'PY' || fail "atom.xml read back"
import json, re, sys
import xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
assert d["bozo"] == 0, d.get("bozo_exception")
assert d["version"] == "atom10", d["version"]
assert d["feed"]["title"] == 'Our <net> & "friends"', d["feed"]["title"]
es = d["entries"]
assert len(es) == 17, len(es)
ids = set()
for e in es:
    for k in ("id", "title", "link", "author", "updated", "content"):
        assert e.get(k) not in (None, ""), (k, e)
    assert e["link"].startswith("http"), e["link"]
    c = e["content"].lower()
    for bad in (r"<script", r"<[^>]*\son\w+=", r"javascript:", r"<iframe",
                r"<[^>]*style="):
        assert not re.search(bad, c), (bad, e["title"])
    ids.add(e["id"])
assert len(ids) == 17, "ids not unique"
first = [e for e in es if e["title"].startswith("Title with")][0]
assert "<script>document.title" in first["title"], first["title"]
assert 'href="http://hostile.example/posts/relative/page.html"' in first["content"]
ns = {"a": "http://www.w3.org/2005/Atom"}
X = "{http://www.w3.org/XML/1998/namespace}lang"
root = ET.parse(sys.argv[2]).getroot()
entries = root.findall("a:entry", ns)
assert len(entries) == 17
langs = {}
for e in entries:
    src = e.findall("a:source", ns)
    assert len(src) == 1, "one atom:source per entry"
    assert src[0].find("a:id", ns).text.endswith(".xml")
    assert src[0].find("a:title", ns).text
    assert e.find("a:content", ns).get("type") == "html"
    langs[e.get(X)] = langs.get(e.get(X), 0) + 1
assert langs == {"en-GB": 3, "ar": 2, "ckb": 2, None: 10}, langs
assert root.find("a:link[@rel='self']", ns).get("href") == "https://net.example/river/atom.xml"
PY
# The same ids from one run to the next.
cp "$A" "$T/atom.first"
rc=$(river --tz UTC --lang en --title 'Our <net> & "friends"' \
    --link https://net.example/river)
expect_eq "stable entry ids" "$(grep '<id>' "$A" | sort | md5sum)" \
    "$(grep '<id>' "$T/atom.first" | sort | md5sum)"

fp=
for py in python3 /usr/bin/python3; do
	"$py" -c 'import feedparser' 2>/dev/null && { fp=$py; break; }
done
if [ -n "$fp" ]; then
	"$fp" - "$A" <<'PY' || fail "feedparser reading atom.xml"
import sys, feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.get("bozo_exception")
assert len(d.entries) == 17, len(d.entries)
for e in d.entries:
    assert e.source.get("title"), e
    assert e.content[0].type == "text/html"
    assert "<script" not in e.content[0].value.lower()
ar = [e for e in d.entries if e.get("language") == "ar" or
      e.content[0].get("language") == "ar"]
assert len(ar) == 2, [e.content[0].get("language") for e in d.entries]
PY
else
	echo "python3-feedparser not installed: atom.xml not read by feedparser"
fi

# --- opml.xml: another majlis can take the members ----------------------------
rc=$(MAJLIS_DB=$T/other.db run_status "$MAJLIS" import "$W/opml.xml")
expect_eq "opml import" "$rc" 0
expect_eq "members imported" \
    "$(MAJLIS_DB=$T/other.db "$MAJLIS" feeds | cut -f1 -d' ' | sort | tr '\n' ' ')" \
    "$(sql 'SELECT url FROM feeds ORDER BY url' | tr '\n' ' ')"

# --- --tag --------------------------------------------------------------------
id=$(sql "SELECT id FROM posts WHERE link = 'http://sorani.example/1'")
"$MAJLIS" tag "$id" share || fail "tag"
rc=$(river --tag share --out "$T/w4")
expect_eq "river --tag exit" "$rc" 0
expect_eq "tagged post only" "$(grep -c '<article' "$T/w4/index.html")" 1
expect_grep "the tagged post" 'http://sorani.example/1' "$T/w4/index.html"
expect_eq "its member only" "$(grep -c '<tr><td' "$T/w4/index.html")" 1
expect_eq "its member only in the OPML" "$(grep -c 'xmlUrl=' "$T/w4/opml.xml")" 1
# A feed tagged so brings its posts, capped per feed.
sql_write "INSERT INTO feed_tags(feed_id, tag_id) SELECT f.id, t.id
    FROM feeds f, tags t WHERE f.url LIKE '%/many.xml' AND t.name = 'share'"
rc=$(river --tag share --per-feed 4 --out "$T/w4")
expect_eq "tagged feed, capped" "$(grep -c '<article' "$T/w4/index.html")" 5
rc=$(river --tag nosuchtag --out "$T/w4")
expect_eq "unknown tag: empty river" "$rc" 0
expect_eq "unknown tag: no posts" "$(grep -c '<article' "$T/w4/index.html")" 0

# --- errors -------------------------------------------------------------------
for args in "--days 0" "--per-feed x" "--limit -1" "--bogus" "--lang x_y_" \
    "--tz Nowhere/Atlantis" "--tz ../../etc/passwd" "--link javascript:alert(1)"; do
	# shellcheck disable=SC2086
	rc=$(river $args)
	expect_eq "river $args" "$rc" 2
done
rc=$(run_status "$MAJLIS" river)
expect_eq "river without --out" "$rc" 2
: >"$T/afile"
rc=$(run_status "$MAJLIS" river --out "$T/afile")
expect_eq "--out a file" "$rc" 2
expect_grep "--out a file: said" 'afile: not a directory' "$T/err"
# The files of the last good run stay when a run fails.
cp "$P" "$T/page.before"
chmod 0555 "$W"
if [ "$(id -u)" -ne 0 ]; then
	rc=$(river)
	expect_eq "unwritable directory" "$rc" 2
	cmp -s "$P" "$T/page.before" || fail "a failed run changed index.html"
fi
chmod 0755 "$W"

# --- the query plans: no scan of posts, whatever the cache holds --------------
python3 - src/db-river.c "$MAJLIS_DB" <<'PY' || fail "query plans"
import re, sqlite3, sys
src, db = open(sys.argv[1]).read(), sqlite3.connect(sys.argv[2])
lit = lambda s: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))
# The activity statement's week counts are macros: expand them here.
defs = dict((m.group(1), re.sub(r"\\\n", "\n", m.group(2))) for m in
            re.finditer(r"#define (WEEK_COUNT\w*(?:\(i\))?|RIVER_MEMBER)\s+(.*?[^\\])\n",
                        src, re.S))
src = re.sub(r"#define (WEEK_COUNT|RIVER_MEMBER).*?[^\\]\n", "", src, flags=re.S)
src = src.replace("RIVER_MEMBER", defs["RIVER_MEMBER"])
src = src.replace("WEEK_COUNT_NEWEST", defs["WEEK_COUNT_NEWEST"])
src = re.sub(r"WEEK_COUNT\((\d+)\)",
             lambda m: defs["WEEK_COUNT(i)"].replace("#i", '"%s"' % m.group(1)),
             src)
sqls = [lit(re.search(r"static const char river_sql\[\] =\n(.*?);\n", src,
                      re.S).group(1))]
sqls += [lit(m.group(1)) for m in
         re.finditer(r'db_stmt\(db, ((?:"(?:[^"\\]|\\.)*"\s*)+)\)', src)]
assert len(sqls) == 4, len(sqls)
for s in sqls:
    for tag, rset in (("-1", "0"), ("-1", "1"), ("1", "2"), ("-1", "3")):
        q = re.sub(r":(since|per|limit)|\?\d*", "1", s)
        q = q.replace(":tagname", "'share'").replace(":tag", tag)
        q = q.replace(":set", rset).replace(":list", "'x'")
        plan = [r[3] for r in db.execute("EXPLAIN QUERY PLAN " + q)]
        scans = [p for p in plan if re.match(r"SCAN (posts|p|q|pt|post_tags)\b", p)]
        assert not scans, (s, plan)
PY
exit 0
