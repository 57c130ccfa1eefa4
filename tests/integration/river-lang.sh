#!/usr/bin/env bash
# The river page speaks the language of --lang, not the user's: written
# with --lang ar and --lang ckb by a process in the C locale (as cron runs
# it), with LANGUAGE unset and with LANGUAGE=en, each page is loaded in
# headless Chromium (Debian's chromium; skipped without it), in a frame of
# a probe page whose script reports:
#   1. the English words of the page outside what the feeds wrote (the
#      posts, the members' names, their last posts' titles), URLs and the
#      formats' names: none for ar and ckb, majlis's own for en;
#   2. where the headings and the meta line sit: no dir of their own, the
#      page's direction, at the right margin in ar and ckb, the left in en;
#   3. every date, time and number of the page's text in an element that
#      isolates it (<time dir="ltr">, <bdi>).
# Without --lang, in the C locale, the page is English; a build without
# NLS writes English whatever --lang says, and the test is skipped there.
# A screenshot of the Arabic page is left at build/river-lang-ar.png.
. tests/lib.sh
. tests/integration/river.lib
river_chromium
river_fixture

# write DIR ARGS...: the river of the fixture into $T/DIR, in the C locale
# (LANGUAGE as the caller has it: unset unless it sets it).
unset LANGUAGE
write() {
	local dir=$1
	shift
	LC_ALL=C "$MAJLIS" river --out "$T/$dir" --days 36500 --tz UTC \
	    --link https://net.example/river/ "$@" >"$T/out" 2>"$T/err" ||
	    { cat "$T/err"; fail "river $*"; }
}

if [ ! -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ]; then
	write ar --lang ar
	expect_grep "without NLS: the Arabic page's words are English" \
	    '<p class="meta">updated ' "$T/ar/index.html"
	skip "a build without the catalogues (--disable-nls): the page speaks English"
fi

# One member fails, for its mark in the member table.
server_routes "$(jq '."/many.xml" = {"status": 404}' "$T/routes")"
run_status "$MAJLIS" fetch -q >/dev/null	# exit 1: one feed failed

write ar --lang ar
write ckb --lang ckb-IQ
LANGUAGE=en write ar-en --lang ar
LANGUAGE=ar write en --lang en
LANGUAGE=ar write none
# No post at all (a tag no feed has): the page says so.
write empty-ar --lang ar --tag none
write empty-en --lang en --tag none

cat >"$T/probe.html" <<'EOF'
<!DOCTYPE html><html><head><title>probe</title></head><body>
<iframe id="f" style="width: 900px; height: 3000px"></iframe>
<pre id="out">not loaded</pre>
<script>
EOF
river_side_js >>"$T/probe.html"
cat >>"$T/probe.html" <<'EOF'
var f = document.getElementById("f");
f.onload = function () {
	var d = f.contentDocument, out = ["BEGIN"], c, words, el, t, n;
	// Is el an inline element that isolates its text?
	function isolates(el) {
		var s = getComputedStyle(el);
		return s.display == "inline" && /^isolate/.test(s.unicodeBidi);
	}
	// 1. The words of majlis: the page without what the feeds wrote.
	c = d.documentElement.cloneNode(true);
	c.querySelectorAll("article.post, section.members td:nth-child(2) a, " +
	    "meta, link").forEach(function (e) { e.remove(); });
	c.querySelectorAll("section.members td:first-child").forEach(function (td) {
		var keep = td.querySelectorAll(".feed, .failing");
		td.textContent = "";
		keep.forEach(function (e) { td.append(e, " "); });
	});
	c.querySelectorAll("th, td").forEach(function (e) { e.append(" "); });
	words = c.textContent;
	c.querySelectorAll("[title]").forEach(function (e) {
		words += " " + e.getAttribute("title");
	});
	out.push("WORDS " + words.replace(/\s+/g, " "));
	out.push("ENGLISH " + (words.match(/[A-Za-z]{3,}/g) || []).filter(
	    function (w) { return !/^(Atom|OPML|majlis|UTC)$/.test(w); }).join(" "));
	// 2. Headings and the meta line.
	d.querySelectorAll("h1, h2, p.meta, footer").forEach(function (e) {
		out.push(["BLOCK", e.tagName.toLowerCase(), e.getAttribute("dir") || "-",
		    getComputedStyle(e).direction, side(e)].join(" "));
	});
	// 3. Each date, time and number of the page's own text: isolated.
	c = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
	n = 0;
	while ((t = c.nextNode()) != null) {
		if (!/[0-9]/.test(t.data) || t.parentElement.closest(
		    "article.post .content, article.post h3, .member, .author, " +
		    "section.members td a:not(.feed)"))
			continue;
		el = t.parentElement;
		out.push(["NUMBER", el.tagName.toLowerCase(),
		    isolates(el) ? "isolated" : "not-isolated",
		    t.data.replace(/\s+/g, "_")].join(" "));
		n++;
	}
	out.push("NUMBERS " + n);
	out.push("END");
	document.getElementById("out").textContent = out.join("\n");
};
f.src = "/w/" + location.hash.slice(1) + "/index.html";
</script>
</body></html>
EOF
routes="{\"/probe.html\": {\"body\": \"$T/probe.html\", \"ctype\": \"text/html\"}"
for p in ar ckb ar-en en none empty-ar empty-en; do
	routes="$routes, \"/w/$p/index.html\": {\"body\": \"$T/$p/index.html\",
	    \"ctype\": \"text/html\", \"charset\": \"utf-8\"},
	  \"/w/$p/river.css\": {\"body\": \"$T/$p/river.css\", \"ctype\": \"text/css\"}"
done
server_routes "$routes}"

# probe PAGE: the probe's report on $T/PAGE, in $T/PAGE.txt.
probe() {
	chrome --dump-dom "$BASE/probe.html#$1" |
	    grep -E '^(WORDS|ENGLISH|BLOCK|NUMBERS?|END)( |$|<)' >"$T/$1.txt"
	grep -q '^END' "$T/$1.txt" ||
	    { tail -5 "$T/chrome.err"; fail "$1: the probe page gave nothing"; }
	sed "s/^/$1: /" "$T/$1.txt"
}

# rtl PAGE: the page's words all translated; its blocks right to left.
rtl() {
	local p=$1
	probe "$p"
	expect_grep "$p: no English word of majlis's" '^ENGLISH $' "$T/$p.txt"
	expect_eq "$p: headings and meta line without a dir of their own" \
	    "$(grep -c '^BLOCK [a-z0-9]* [a-z]' "$T/$p.txt")" 1
	expect_grep "$p: the title follows its text" '^BLOCK h1 auto ' "$T/$p.txt"
	expect_eq "$p: headings, meta line and footer right to left, at the right" \
	    "$(grep -v '^BLOCK h1 ' "$T/$p.txt" | grep '^BLOCK ' | grep -vc ' - rtl right$')" 0
	isolated "$p"
}

# isolated PAGE: every number in the page's text is isolated.
isolated() {
	if grep '^NUMBER ' "$T/$1.txt" | grep -v ' isolated '; then
		fail "$1: a number of the page's text is not isolated"
	fi
}

# ltr PAGE: an English page.
ltr() {
	local p=$1
	probe "$p"
	expect_grep "$p: English words" \
	    '^ENGLISH river river updated members members member last post weeks (feed )+failing written from its cache times (posts weeks ?)+$' "$T/$p.txt"
	expect_eq "$p: headings, meta line and footer left to right, at the left" \
	    "$(grep -v '^BLOCK h1 ' "$T/$p.txt" | grep '^BLOCK ' | grep -vc ' - ltr left$')" 0
	isolated "$p"
}

rtl ar
# The day headings, the meta line, the members' last posts and the footer.
expect_grep "ar: day headings" '^BLOCK h2 - rtl right$' "$T/ar.txt"
expect_grep "ar: the time of writing isolated" '^NUMBER time isolated [0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}:[0-9]{2}_UTC$' "$T/ar.txt"
expect_grep "ar: a day isolated" '^NUMBER time isolated [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$T/ar.txt"
expect_grep "ar: 12 weeks isolated" '^NUMBER bdi isolated 12$' "$T/ar.txt"
expect_grep "ar: the version isolated" '^NUMBER bdi isolated [0-9]+\.' "$T/ar.txt"
expect_grep "ar: Arabic words" '^WORDS .*آخر تحديث.*الأعضاء.*العضو.*آخر تدوينة.*12 أسبوعًا.*الخلاصة.*يتعذّر جلبها.*الأوقات بتوقيت UTC' "$T/ar.txt"
expect_grep "ar: the title in Arabic" '^WORDS +نهر majlis ' "$T/ar.txt"
expect_grep "ar: a bar's title, its plural form" 'تدوينات في آخر 12 أسبوعًا' "$T/ar.txt"
rtl ckb
expect_grep "ckb: Sorani words" '^WORDS .*دوایین نوێکردنەوە.*ئەندامان.*ئەندام.*دوایین پۆست.*12 هەفتە.*فید.*هێنانی شکست دەهێنێت' "$T/ckb.txt"
rtl ar-en
cmp -s "$T/ar/index.html" "$T/ar-en/index.html" ||
    expect_eq "LANGUAGE=en: the same Arabic page" \
    "$(diff <(sed 's/<time[^>]*>[^<]*//g' "$T/ar/index.html") \
        <(sed 's/<time[^>]*>[^<]*//g' "$T/ar-en/index.html"))" ""
rtl empty-ar
expect_grep "empty-ar: no posts, said in Arabic" '^WORDS .*لا تدوينات\.' "$T/empty-ar.txt"

ltr en
ltr none
expect_grep "without --lang in the C locale: English" '<html lang="en" dir="ltr">' "$T/none/index.html"
probe empty-en
expect_grep "empty-en: no posts" '^WORDS .*No posts\.' "$T/empty-en.txt"

# The formats scripts read stay as they were.
expect_grep "datetime stays RFC 3339" '<time dir="ltr" datetime="[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$T/ar/index.html"
expect_grep "atom.xml: the default title in Arabic" '<title type="text">نهر majlis</title>' "$T/ar/atom.xml"
expect_grep "atom.xml: the generator" '<generator version="[^"]*">majlis</generator>' "$T/ar/atom.xml"
expect_grep "opml.xml: the default title in Sorani" '<title>ڕووباری majlis</title>' "$T/ckb/opml.xml"
# An image that became a link without alt text is named in the page's
# language, on the page and in atom.xml alike; nothing else of a post is.
expect_grep "index.html: an image without alt text named in Arabic" \
    'no-alt\.png"[^>]*>صورة</a>' "$T/ar/index.html"
expect_grep "atom.xml: an image without alt text named in Arabic" \
    'no-alt\.png&quot;[^<]*&gt;صورة&lt;/a&gt;' "$T/ar/atom.xml"
image_word='s/&gt;\(image\|صورة\)&lt;\/a&gt;/\&gt;IMAGE\&lt;\/a\&gt;/g'
for f in atom.xml opml.xml; do
	expect_eq "$f: only its title changes with the language" \
	    "$(diff <(grep -v '<title>\|<title type="text">\|xml:lang\|dateCreated\|<updated>\|<published>' "$T/en/$f" |
	        sed "$image_word") \
	        <(grep -v '<title>\|<title type="text">\|xml:lang\|dateCreated\|<updated>\|<published>' "$T/ar/$f" |
	        sed "$image_word"))" ""
done

shot=$(dirname "$MAJLIS_BIN")/river-lang-ar.png
rm -f "$shot"
chrome --window-size=900,1400 --screenshot="$shot" "$BASE/w/ar/index.html" >/dev/null
[ -s "$shot" ] || fail "no screenshot at $shot"
echo "screenshot: $shot"
exit 0
