#!/usr/bin/env bash
# The river page on a 400 px phone screen, in headless Chromium (skipped
# without it): nothing makes the page wider than the screen — an image
# with width=99999 (one that loads: a broken one is drawn as its alt
# text), a wide table, a 150-character title, member name and author
# without a space, the member table — so no reader has to scroll sideways
# to read a post.
. tests/lib.sh
. tests/integration/river.lib
river_chromium
server_start
long=$(printf 'x%.0s' $(seq 150))
mkdir -p "$T/feeds"
river_png "$T/feeds/i.png"
cat >"$T/feeds/wide.xml" <<EOF
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Member$long</title>
<link>http://wide.example/</link>
<item><title>Title$long</title><link>http://wide.example/1</link>
<author>a@example.org (Author$long)</author><guid>w1</guid>
<pubDate>$(LC_ALL=C date -u -R)</pubDate>
<description>&lt;p&gt;&lt;img src="$BASE/i.png" width="99999" height="10" alt="wide"&gt;&lt;/p&gt;
&lt;table&gt;&lt;tr&gt;&lt;td&gt;Cell$long&lt;/td&gt;&lt;td&gt;Cell$long&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;
&lt;pre&gt;pre$long$long&lt;/pre&gt;&lt;p&gt;Word$long end&lt;/p&gt;</description></item>
</channel></rss>
EOF
printf '%s\n' "$BASE/wide.xml" >"$T/feeds/list.urls"
server_routes "{
  \"/wide.xml\": {\"body\": \"$T/feeds/wide.xml\"},
  \"/i.png\": {\"body\": \"$T/feeds/i.png\", \"ctype\": \"image/png\"},
  \"/list\": {\"body\": \"$T/feeds/list.urls\", \"ctype\": \"text/plain\"}}"
"$MAJLIS" follow "$BASE/list" >/dev/null || fail "follow"
"$MAJLIS" fetch -q || fail "fetch"
W=$T/www
# The image is on the page's own host, and --images inline-same-origin
# keeps it an image (river-images.sh has the modes).
"$MAJLIS" river --out "$W" --days 36500 --tz UTC --lang en \
    --images inline-same-origin --link "$BASE/w/" || fail "river"

cat >"$T/probe.html" <<'EOF'
<!DOCTYPE html><html><head><title>probe</title></head><body style="margin:0">
<iframe id="f" src="/w/index.html" style="width: 400px; height: 2000px; border: 0"></iframe>
<pre id="out">not loaded</pre>
<script>
document.getElementById("f").onload = function () {
	var d = this.contentDocument, out = ["BEGIN"], w = d.documentElement.clientWidth;
	out.push("WIDTH " + w + " " + d.documentElement.scrollWidth);
	d.querySelectorAll(".content img").forEach(function (i) {
		out.push("IMG " + i.getAttribute("width") + " " + i.naturalWidth +
		    " " + Math.round(i.getBoundingClientRect().width));
	});
	// Every element that reaches past the screen's right edge.
	d.querySelectorAll("body *").forEach(function (el) {
		var r = el.getBoundingClientRect();
		if (r.right > w + 1 && getComputedStyle(el).overflowX === "visible")
			out.push("WIDE " + el.tagName + "." + el.className + " " +
			    Math.round(r.right));
	});
	out.push("END");
	document.getElementById("out").textContent = out.join("\n");
};
</script>
</body></html>
EOF
river_serve "$W" "{
  \"/i.png\": {\"body\": \"$T/feeds/i.png\", \"ctype\": \"image/png\"}}"
river_probe '^(WIDTH|WIDE|IMG) '
cat "$T/probe.txt"
grep -q "Title$long" "$W/index.html" || fail "the long title is not on the page"
# The image is published as wide as it asks to be, and loaded, so that
# only the stylesheet keeps it in the column.
expect_grep "the wide image loaded" '^IMG 99999 1 [0-9]+$' "$T/probe.txt"
read -r _ cw sw < <(grep '^WIDTH ' "$T/probe.txt")
[ "$sw" -le "$cw" ] || fail "the page is $sw px wide on a $cw px screen"
! grep -q '^WIDE ' "$T/probe.txt" || fail "elements past the screen's edge"
exit 0
