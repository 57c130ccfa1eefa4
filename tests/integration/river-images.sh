#!/usr/bin/env bash
# river --images: the page tells no host but its own who reads it.  A
# member's post has images on the page's own origin (the test server, where
# --link puts the page and which serves each mode's page) and on an image
# host (a second test server, on another port: another origin), and every
# other element that makes a browser fetch by itself (srcset, <picture>,
# <video poster>, <audio>, <object>, <embed>, <iframe>, style url(),
# background=, <link rel=preload|prefetch|dns-prefetch>, <meta
# http-equiv=refresh>, SVG <image href>), pointing at the image host.
#   1. The written HTML of each mode, the page's and atom.xml's: link (the
#      default) makes every image a link named by its alt text or "image",
#      none keeps the alt text alone, inline-same-origin keeps the images on
#      --link's origin and makes the others links (and, without --link,
#      keeps none); the CSP allows images from that origin alone, or none.
#   2. In headless Chromium (skipped without it), with a net log of every
#      request the page made: with none and link the page asks nothing of
#      any host but its own, and its own only for the page and its
#      stylesheet; with inline-same-origin it asks its own host for its own
#      images, never the image host, whose log stays empty.  A control page
#      with an image on the image host shows that both records see it.
. tests/lib.sh
. tests/integration/river.lib
river_fixture

# The image host: its own server, its log every request that reached it.
echo '{}' >"$T/img.routes"
: >"$T/img.log"
python3 tests/server.py --port-file "$T/img.port" --log "$T/img.log" \
    --routes "$T/img.routes" 2>"$T/img.err" &
IMG_PID=$!
at_exit 'kill "$IMG_PID" 2>/dev/null; wait "$IMG_PID" 2>/dev/null'
IMG=http://127.0.0.1:$(port_wait "$T/img.port" "$IMG_PID" "the image host" \
    "$T/img.err") || exit 1

river_png "$T/feeds/p.png"
cat >"$T/feeds/pics.xml" <<EOF
<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Pictures</title><link>$BASE/pics/</link>
<item><title>Pictures post</title><link>$BASE/pics/1</link><guid>pics-1</guid>
<pubDate>$(LC_ALL=C date -u -R)</pubDate>
<content:encoded><![CDATA[<p><img src="/img/own.png" alt="own image"></p>
<p><img src="$IMG/other.png" alt="other image"></p>
<p><img src="$IMG/noalt.png"></p>
<p><a href="$BASE/pics/full"><img src="$IMG/linked.png" alt="linked"></a></p>
<img src="/img/own2.png" srcset="$IMG/srcset.png 2x">
<picture><source srcset="$IMG/source.png"><img src="/img/own3.png" alt="picture"></picture>
<video poster="$IMG/poster.png" src="$IMG/video.mp4" autoplay></video>
<audio src="$IMG/audio.mp3" autoplay></audio>
<object data="$IMG/object.svg" type="image/svg+xml"></object>
<embed src="$IMG/embed.svg" type="image/svg+xml">
<iframe src="$IMG/frame.html"></iframe>
<span style="background: url($IMG/style.png)">styled</span>
<table background="$IMG/table.png"><tr><td background="$IMG/td.png">cell</td></tr></table>
<link rel="preload" href="$IMG/preload.png" as="image">
<link rel="prefetch" href="$IMG/prefetch.png">
<link rel="dns-prefetch" href="$IMG/">
<meta http-equiv="refresh" content="0;url=$IMG/refresh">
<svg><image href="$IMG/svg.png"/></svg>
<p>Pictures end</p>]]></content:encoded></item>
</channel></rss>
EOF
OWN='"/img/own.png": {"body": "'$T/feeds/p.png'", "ctype": "image/png"},
  "/img/own2.png": {"body": "'$T/feeds/p.png'", "ctype": "image/png"},
  "/img/own3.png": {"body": "'$T/feeds/p.png'", "ctype": "image/png"}'
server_routes "$(jq --argjson own "{$OWN}" --arg b "$T/feeds/pics.xml" \
    '. + $own + {"/pics.xml": {"body": $b}}' "$T/routes")"
"$MAJLIS" add "$BASE/pics.xml" >/dev/null || fail "add"
"$MAJLIS" fetch -q "$BASE/pics.xml" || fail "fetch"

# river MODE [ARGS...]: the river of every feed in $T/w-MODE.
river() {
	local m=$1
	shift
	run 0 "$MAJLIS" river --out "$T/w-$m" --all --days 36500 --tz UTC \
	    --lang en "$@"
}

# --- 1. the HTML ----------------------------------------------------------
A="rel=\"noopener noreferrer nofollow\" referrerpolicy=\"no-referrer\""
river link --link "$BASE/w/" --images link
river default --link "$BASE/w/"
cmp -s <(grep -v 'class="meta"' "$T/w-link/index.html") \
    <(grep -v 'class="meta"' "$T/w-default/index.html") ||
    fail "--images link is not the default"
P=$T/w-link/index.html
expect_no_grep "link: no image" '<img' "$P"
expect_grep "link: an image a link, its alt text its text" \
    "<a href=\"$BASE/img/own.png\" $A>own image</a>" "$P"
expect_grep "link: an image of another host too" \
    "<a href=\"$IMG/other.png\" $A>other image</a>" "$P"
expect_grep "link: without alt text, the word for an image" \
    "<a href=\"$IMG/noalt.png\" $A>image</a>" "$P"
expect_grep "link: an image in a link is its text" \
    "<a href=\"$BASE/pics/full\" $A>linked</a>" "$P"
expect_eq "link: the image host in anything but the images' links" \
    "$(grep -oE '[a-z-]+="[^"]*127\.0\.0\.1:'"${IMG##*:}"'[^"]*"' "$P" | sort | tr '\n' ' ')" \
    "href=\"$IMG/noalt.png\" href=\"$IMG/other.png\" "
expect_grep "link: the CSP allows no image" \
    "content=\"default-src 'none'; style-src 'self'; base-uri" "$P"
expect_no_grep "link: no image in atom.xml" '&lt;img' "$T/w-link/atom.xml"
expect_grep "link: atom.xml has the links" \
    "&lt;a href=&quot;$IMG/other.png&quot;" "$T/w-link/atom.xml"

# The page's own template loads nothing from elsewhere: its one stylesheet,
# which has no url(), @import or web font, and no script.
expect_eq "the page's <link>s" \
    "$(grep -oE '<link [^>]*>' "$P" | sed 's/ title="[^"]*"//' | tr '\n' ' ')" \
    '<link rel="stylesheet" href="river.css"> <link rel="alternate" type="application/atom+xml" href="atom.xml"> '
expect_no_grep "no url(), @import or @font-face in river.css" \
    'url\(|@import|@font-face' "$T/w-link/river.css"
expect_no_grep "no script" '<script' "$P"

river none --link "$BASE/w/" --images none
P=$T/w-none/index.html
expect_no_grep "none: no image" '<img' "$P"
expect_no_grep "none: no link to an image" '/img/own|other\.png|noalt\.png' "$P"
expect_grep "none: the alt text kept" '<p dir="auto">own image</p>' "$P"
expect_grep "none: without alt text, nothing" '<p></p>' "$P"
expect_no_grep "none: no image in atom.xml" '&lt;img|other\.png' "$T/w-none/atom.xml"
expect_grep "none: atom.xml has the alt text" 'own image' "$T/w-none/atom.xml"

river origin --link "$BASE/w/" --images inline-same-origin
P=$T/w-origin/index.html
expect_grep "inline-same-origin: its own image kept" \
    "<img src=\"$BASE/img/own.png\" alt=\"own image\" referrerpolicy=\"no-referrer\" loading=\"lazy\">" "$P"
expect_grep "inline-same-origin: another host's a link" \
    "<a href=\"$IMG/other.png\" $A>other image</a>" "$P"
expect_eq "inline-same-origin: images kept" "$(grep -o '<img ' "$P" | wc -l)" 3
expect_grep "inline-same-origin: the CSP allows the page's origin" \
    "content=\"default-src 'none'; img-src $BASE; style-src 'self';" "$P"
expect_grep "inline-same-origin: atom.xml keeps the same" \
    "&lt;img src=&quot;$BASE/img/own.png&quot;" "$T/w-origin/atom.xml"

river nolink --images inline-same-origin
P=$T/w-nolink/index.html
expect_no_grep "inline-same-origin without --link: no image" '<img' "$P"
expect_grep "inline-same-origin without --link: links" \
    "<a href=\"$BASE/img/own.png\" $A>own image</a>" "$P"
expect_grep "inline-same-origin without --link: the CSP allows no image" \
    "content=\"default-src 'none'; style-src 'self';" "$P"

run 2 "$MAJLIS" river --out "$T/w-bad" --all --images all
expect_grep "a mode that is not one" \
    'all: not an --images mode \(none, link, inline-same-origin\)' "$T/err"

# --- 2. in a browser --------------------------------------------------------
river_chromium
# page_requests NETLOG: the URLs the page asked for (its top frame's site's
# requests; Chromium's own, to its update and account servers, are not the
# page's), one a line.
page_requests() {
	python3 - "$1" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
try:
    log = json.loads(text)
except ValueError:
    # A log cut short when Chromium exited: its events so far.
    log = json.loads(text.rstrip().rstrip(",") + "]}")
types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for e in log["events"]:
    p = e.get("params", {})
    if types.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p and \
       p.get("network_isolation_key", "").startswith("http://127.0.0.1 "):
        print(p["url"])
PY
}
# browse NAME URL: load URL, a page long enough for every lazy image to be
# in view, its DOM in $T/NAME.dom, the URLs it asked for in $T/NAME.req.
browse() {
	: >"$T/server.log"
	: >"$T/img.log"
	chrome --window-size=1000,8000 --log-net-log="$T/$1.netlog" \
	    --dump-dom "$2" >"$T/$1.dom"
	page_requests "$T/$1.netlog" | sort -u >"$T/$1.req" ||
	    fail "$1: the net log cannot be read"
}

cat >"$T/control.html" <<EOF
<!DOCTYPE html><html><head><title>control</title></head><body>
<img src="$IMG/control.png" alt="control"></body></html>
EOF
# Every page at its own path, in one routes file: the server would not see
# a change of the file within the clock's granularity.
server_routes "$(jq --arg t "$T" --argjson own "{$OWN}" '. + $own + {
  "/control.html": {"body": ($t + "/control.html"), "ctype": "text/html"}} +
  ([("link", "none", "origin") | {
    ("/" + . + "/index.html"): {"body": ($t + "/w-" + . + "/index.html"),
                                "ctype": "text/html", "charset": "utf-8"},
    ("/" + . + "/river.css"): {"body": ($t + "/w-" + . + "/river.css"),
                               "ctype": "text/css"}}] | add)' "$T/routes")"
browse control "$BASE/control.html"
expect_eq "control: the image host's log has the image" \
    "$(grep -c '"path": "/control.png"' "$T/img.log")" 1
expect_grep "control: the net log has it" "^$IMG/control.png$" "$T/control.req"

for m in link none origin; do
	browse "$m" "$BASE/$m/index.html"
	expect_grep "$m: the page loaded" '<h1 dir="auto"><a [^>]*>majlis river</a></h1>' "$T/$m.dom"
	expect_grep "$m: the net log has the page" "^$BASE/$m/index.html$" "$T/$m.req"
	if grep -v "^$BASE/" "$T/$m.req"; then
		fail "$m: the page asked another host (above)"
	fi
	expect_eq "$m: requests that reached the image host" "$(wc -l <"$T/img.log")" 0
done
for m in link none; do
	expect_eq "$m: what the page asked its own host" \
	    "$(grep -v '/favicon.ico$' "$T/$m.req" | tr '\n' ' ')" \
	    "$BASE/$m/index.html $BASE/$m/river.css "
done
expect_eq "inline-same-origin: what the page asked its own host" \
    "$(grep -v '/favicon.ico$' "$T/origin.req" | tr '\n' ' ')" \
    "$BASE/img/own.png $BASE/img/own2.png $BASE/img/own3.png $BASE/origin/index.html $BASE/origin/river.css "
expect_eq "inline-same-origin: its own image reached its host" \
    "$(server_count /img/own.png)" 1
exit 0
