#!/usr/bin/env bash
# A post cannot get out of its place on the river page, in headless
# Chromium (skipped without it).  A member's posts try: the classic
# "</div></article></section>" and a forged <article class="post"> under the
# other member's name, a table whose foster-parented <section> left the
# real one to close the page's, lists, headings and formatting elements
# nested as no browser keeps them, and 200 posts of random tag soup made of
# the allowlist's elements and the page's end tags; the honest member's
# posts come between them.  The page, loaded in a frame of a probe page,
# must have one article.post per post published (atom.xml's entries), each
# in the day's section with its one div.content, the forged name nowhere
# but inside a post's content, every honest post's text in its own post,
# and the member table where the page put it.  A post of 3,000 <br>s and
# one of 150 images are capped (rule 6 of src/sanitize.c): the DOM has
# 2,048 and 100.
. tests/lib.sh
. tests/integration/river.lib
river_chromium
server_start
mkdir -p "$T/feeds"
# feed FILE TITLE LINK: an RSS feed of the posts on stdin, one a line:
# "HOURS-AGO<TAB>TITLE<TAB>HTML".
feed() {
	python3 -c '
import sys, html, email.utils, time
out, title, link = sys.argv[1:4]
now = time.time()
items = []
for i, line in enumerate(sys.stdin.read().split("\n")):
	if not line:
		continue
	h, t, body = line.split("\t", 2)
	items.append("<item><title>%s</title><link>%s/%d</link><guid>%s-%d</guid>"
	    "<pubDate>%s</pubDate><description>%s</description></item>" % (
	    html.escape(t), link, i, link, i,
	    email.utils.formatdate(now - float(h) * 3600, usegmt=True),
	    html.escape(body)))
open(out, "w").write("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
    "<title>%s</title><link>%s</link>%s</channel></rss>" % (
    html.escape(title), link, "".join(items)))
' "$@"
}
# Tag soup: SEED's N posts of the allowlist's elements, text and the end
# tags of the page's own, an hour apart from hour START on.
soup() {
	python3 -c '
import random, sys
seed, n, start = map(int, sys.argv[1:4])
r = random.Random(seed)
tags = ("p div li ul ol dl dd dt table tbody tr td th caption h1 h2 h3 b i "
    "a em blockquote pre article section aside header footer address "
    "details summary figure figcaption span code small ruby rt rp "
    "button form font center select option").split()
page = ["</div>", "</article>", "</section>", "</main>", "</body>",
    "<article class=\"post\">", "<div class=\"content\">"]
for i in range(n):
	s = ""
	for j in range(r.randint(4, 24)):
		k = r.random()
		if k < 0.15:
			s += r.choice(page)
		elif k < 0.25:
			s += "soup "
		elif k < 0.45:
			s += "</%s>" % r.choice(tags)
		else:
			s += "<%s>" % r.choice(tags)
	print("%d.5\tsoup %d\t%s" % (start + i, i, s))
' "$@"
}
long_br=$(printf 'x<br>%.0s' $(seq 3000))
many_img=$(for i in $(seq 150); do printf '<img src="http://127.0.0.1:1/%d.png" alt="i">' "$i"; done)
{
	printf '1.5\tclassic\t%s\n' '</div></article></section><article class="post"><h3 class="title">Forged title</h3><p class="byline"><span class="member">Honest Member</span> Forged byline</p><div class="content">Forged post'
	printf '2.5\ttable\t%s\n' '<table><p>x<section><table>y</table></section></p></table><article class="post"><h3>Forged title</h3><p class="byline"><span class="member">Honest Member</span> Forged byline</p>Forged post</article>'
	printf '3.5\tlists\t%s\n' '<li><div><li>x</div></li></div></article></section><dd><dt>Forged</dt></dd>'
	printf '4.5\theadings\t%s\n' '<h1><h2>x</h1></h2></div></article><h3>Forged</h3>'
	printf '5.5\tformatting\t%s\n' '<b><p>1<div>2</b>3</p></div></div><i><a href="/x"><a href="/y">Forged</i></a></article>'
	printf '6.5\tbutton\t%s\n' '<p><button><p>x</p></button></p></div></article></section>Forged'
	printf '7.5\tbr\t%s\n' "$long_br"
	printf '8.5\timages\t%s\n' "$many_img"
	soup 25 200 9
} | feed "$T/feeds/mallory.xml" "Mallory" "http://mallory.example"
for h in $(seq 0 209); do
	printf '%d\thonest %d\t<p>honest-%d</p>\n' "$h" "$h" "$h"
done | feed "$T/feeds/honest.xml" "Honest Member" "http://honest.example"
printf '%s\n' "$BASE/mallory.xml" "$BASE/honest.xml" >"$T/feeds/list.urls"
server_routes "{
  \"/mallory.xml\": {\"body\": \"$T/feeds/mallory.xml\"},
  \"/honest.xml\": {\"body\": \"$T/feeds/honest.xml\"},
  \"/list\": {\"body\": \"$T/feeds/list.urls\", \"ctype\": \"text/plain\"}}"
"$MAJLIS" follow "$BASE/list" >/dev/null || fail "follow"
"$MAJLIS" fetch -q || fail "fetch"
W=$T/www
# The 150 images stay images (on the page's own origin, as --link says,
# and --images inline-same-origin keeps those) for their cap to be seen.
"$MAJLIS" river --out "$W" --days 36500 --tz UTC --lang en \
    --per-feed 1000 --limit 1000 --images inline-same-origin \
    --link http://127.0.0.1:1/ || fail "river"
posts=$(grep -c '<entry>' "$W/atom.xml")
expect_eq "posts published" "$posts" 418

cat >"$T/probe.html" <<'EOF'
<!DOCTYPE html><html><head><title>probe</title></head><body>
<iframe id="f" src="/w/index.html" style="width: 900px; height: 600px"></iframe>
<pre id="out">not loaded</pre>
<script>
document.getElementById("f").onload = function () {
	var d = this.contentDocument, out = ["BEGIN"], w, n, outside = 0;
	function name(el) {
		return el ? el.tagName + (el.className ? "." + el.className : "") : "-";
	}
	out.push("POSTS " + d.querySelectorAll("article.post").length);
	out.push("CONTENTS " + d.querySelectorAll("div.content").length);
	d.querySelectorAll("article.post").forEach(function (a) {
		var c = a.querySelectorAll(":scope > div.content"),
		    m = a.querySelector(":scope > p.byline > span.member"),
		    t = c.length ? c[0].textContent : "";
		out.push(["POST", name(a.parentElement),
		    name(a.parentElement && a.parentElement.parentElement),
		    c.length, m ? m.textContent.replace(/\s+/g, "_") : "-",
		    (t.match(/honest-[0-9]+/g) || []).join(",") || "-",
		    c.length ? c[0].querySelectorAll("br").length : 0,
		    c.length ? c[0].querySelectorAll("img").length : 0].join(" "));
	});
	// Text that says "Forged" outside every post's content.
	w = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
	while ((n = w.nextNode()) !== null)
		if (/Forged/.test(n.nodeValue) && !n.parentElement.closest("div.content"))
			outside++;
	out.push("OUTSIDE " + outside);
	out.push("MEMBERS " + name(d.getElementById("members").parentElement));
	out.push("MAIN " + name(d.querySelector("main").parentElement));
	out.push("END");
	document.getElementById("out").textContent = out.join("\n");
};
</script>
</body></html>
EOF
river_serve "$W"
river_probe '^(POSTS|CONTENTS|POST|OUTSIDE|MEMBERS|MAIN) '
grep -v '^POST ' "$T/probe.txt"
expect_eq "article.post in the DOM" "$(sed -n 's/^POSTS //p' "$T/probe.txt")" "$posts"
expect_eq "div.content in the DOM" "$(sed -n 's/^CONTENTS //p' "$T/probe.txt")" "$posts"
expect_eq "posts in the day's section, one content box each" \
    "$(grep -c '^POST SECTION.day MAIN 1 ' "$T/probe.txt")" "$posts"
expect_eq "the forged name outside a post's content" \
    "$(sed -n 's/^OUTSIDE //p' "$T/probe.txt")" 0
expect_grep "the member table where the page put it" '^MEMBERS BODY$' "$T/probe.txt"
expect_grep "main where the page put it" '^MAIN BODY$' "$T/probe.txt"
# Every honest post's text is in one post, its own: a post that escaped
# would have taken the next one's text into its box, or lost its own.
awk '$1 == "POST" && $6 != "-"' "$T/probe.txt" >"$T/honest.txt"
expect_eq "honest posts with their text" "$(wc -l <"$T/honest.txt")" 210
expect_eq "honest text only in the honest member's posts" \
    "$(awk '$5 != "Honest_Member" || $6 ~ /,/' "$T/honest.txt" | wc -l)" 0
# The caps, counted in the DOM.
expect_eq "a post's <br>s, capped" "$(awk '$1 == "POST" {print $7}' "$T/probe.txt" | sort -n | tail -1)" 2048
expect_eq "a post's images, capped" "$(awk '$1 == "POST" {print $8}' "$T/probe.txt" | sort -n | tail -1)" 100
exit 0
