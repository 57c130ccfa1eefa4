#!/usr/bin/env bash
# The river page in a real browser (headless Chromium, Debian's chromium;
# skipped without it).  The page and its stylesheet are served by the test
# server, as a web server would serve them, and loaded:
#   1. alone, its DOM dumped after the page settled: the <title> is the one
#      majlis wrote, so no hostile handler (onerror, onload, javascript:)
#      ran; a control page with an onerror that sets the title and no CSP
#      shows that the harness would see it if one had;
#   2. in a frame of a test page whose script reads, for every post, the
#      computed direction and where its text lines up: Arabic and Sorani
#      posts are rtl and their title and paragraphs end at the right edge,
#      English ones are ltr and start at the left; the stylesheet applied;
#   3. as a screenshot, build/river-browser.png (build/ is the binary's
#      directory), to look at.
. tests/lib.sh
. tests/integration/river.lib
river_chromium
river_fixture
W=$T/www
"$MAJLIS" river --out "$W" --days 36500 --tz UTC --lang en \
    --title "River test" || fail "river"

cat >"$T/control.html" <<'EOF'
<!DOCTYPE html><html><head><title>control</title></head><body>
<img src="http://127.0.0.1:1/none.png" onerror="document.title='script ran'">
</body></html>
EOF
cat >"$T/probe.html" <<'EOF'
<!DOCTYPE html><html><head><title>probe</title></head><body>
<iframe id="f" src="/w/index.html" style="width: 900px; height: 3000px"></iframe>
<pre id="out">not loaded</pre>
<script>
EOF
river_side_js >>"$T/probe.html"
cat >>"$T/probe.html" <<'EOF'
document.getElementById("f").onload = function () {
	var d = this.contentDocument, out = ["BEGIN"];
	d.querySelectorAll("article.post").forEach(function (a) {
		var h = a.querySelector("h3"), p = a.querySelector(".content p");
		out.push(["POST", a.getAttribute("lang") || "-",
		    getComputedStyle(a).direction,
		    getComputedStyle(a.querySelector(".content")).direction,
		    side(h), p ? side(p) : "-",
		    h.textContent.replace(/\s+/g, "_")].join(" "));
	});
	out.push("CSS " + getComputedStyle(d.body).maxWidth);
	out.push("TITLE " + d.title);
	out.push("END");
	document.getElementById("out").textContent = out.join("\n");
};
</script>
</body></html>
EOF
river_serve "$W" "{
  \"/control.html\": {\"body\": \"$T/control.html\", \"ctype\": \"text/html\"}}"

# 1. No script ran, and the control shows one would have been seen.
chrome --dump-dom "$BASE/control.html" >"$T/control.dom"
expect_grep "the control's handler ran" '<title>script ran</title>' "$T/control.dom"
chrome --dump-dom "$BASE/w/index.html" >"$T/page.dom"
expect_grep "page loaded" '<h1 dir="auto">River test</h1>' "$T/page.dom"
expect_grep "title unchanged: no script ran" '<title>River test</title>' "$T/page.dom"
expect_eq "the served page's posts" "$(grep -c '<article' "$T/page.dom")" 17

# 2. Directions and alignment.
river_probe '^(POST|CSS|TITLE) '
cat "$T/probe.txt"
expect_grep "stylesheet applied (style-src 'self')" '^CSS 736px$' "$T/probe.txt"
expect_grep "framed page's title unchanged" '^TITLE River test$' "$T/probe.txt"
expect_eq "posts probed" "$(grep -c '^POST ' "$T/probe.txt")" 17
expect_eq "Arabic posts right to left, aligned right" \
    "$(grep -c '^POST ar rtl rtl right right ' "$T/probe.txt")" 2
expect_eq "Sorani post right to left, aligned right" \
    "$(grep -c '^POST ckb rtl rtl right right ' "$T/probe.txt")" 1
expect_grep "English title in the Sorani feed: its post ltr" \
    '^POST ckb ltr ltr left left English_title' "$T/probe.txt"
expect_eq "English posts left to right" \
    "$(grep -c '^POST en-GB ltr ltr left ' "$T/probe.txt")" 3

# 3. A screenshot to look at.
shot=$(dirname "$MAJLIS_BIN")/river-browser.png
rm -f "$shot"
chrome --window-size=900,1400 --screenshot="$shot" "$BASE/w/index.html" >/dev/null
[ -s "$shot" ] || fail "no screenshot at $shot"
echo "screenshot: $shot"
exit 0
