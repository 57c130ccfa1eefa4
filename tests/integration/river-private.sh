#!/usr/bin/env bash
# The river publishes the network and nothing private: by default the
# members of the lists followed, a member being one whether or not it was
# also subscribed by hand; the published OPML and Atom carry titles and
# URLs only, never the user's own feeds, tags, settings or credentials.
. tests/lib.sh
server_start
mkdir -p "$T/feeds"
cat >"$T/feeds/site.xml" <<'EOF'
<?xml version="1.0"?>
<rss version="2.0"><channel><title>Bad&#x202E; site</title>
<link>javascript:alert(1)</link>
<item><title>&#x202E;gpj.exe bad site post</title><link>http://x.example/1</link>
<guid>b1</guid></item></channel></rss>
EOF
server_routes "{
  \"/m1\": {\"items\": 3, \"title\": \"Member One\"},
  \"/m2\": {\"items\": 3, \"title\": \"Member Two\"},
  \"/m3\": {\"body\": \"$T/feeds/site.xml\"},
  \"/gone\": {\"status\": 404},
  \"/own\": {\"items\": 3, \"title\": \"My Own Diary\"},
  \"/secret\": {\"items\": 3, \"title\": \"Paid Feed\"},
  \"/list\": {\"body\": \"$T/feeds/list.urls\", \"ctype\": \"text/plain\"},
  \"/other\": {\"body\": \"$T/feeds/other.urls\", \"ctype\": \"text/plain\"}}"
printf '%s\n' "$BASE/m1" "$BASE/m2" "$BASE/m3" "$BASE/gone" >"$T/feeds/list.urls"
printf '%s\n' "$BASE/m2" >"$T/feeds/other.urls"
W=$T/www

# Without a list followed there is no network to publish.
"$MAJLIS" add "$BASE/own" "my own" personal >/dev/null || fail "add own"
rc=$(run_status "$MAJLIS" river --out "$W")
expect_eq "river without a list followed" "$rc" 2

# Private: a feed of the user's own with tags and a setting, a feed with
# credentials and a token; a member subscribed by hand before following.
"$MAJLIS" feed "$BASE/own" interval=6h keep-days=30 >/dev/null ||
    fail "feed settings"
sec=${BASE/http:\/\//http://reader:hunter2@}/secret?token=SECRET
"$MAJLIS" add "$sec" >/dev/null || fail "add secret"
"$MAJLIS" add "$BASE/m1" handpicked >/dev/null || fail "add m1 by hand"
"$MAJLIS" follow "$BASE/list" iraq >/dev/null || fail "follow"
run_status "$MAJLIS" fetch -q >/dev/null	# /gone fails: exit 1
cp "$T/err" "$T/fetch.err"

private=$(printf 'My Own Diary|Paid Feed|my own|personal|handpicked|hunter2|SECRET|reader:|majlis:interval|majlis:keep|interval=|keep-days|javascript:|\u202e|&#x202[Ee];|&#8238;')
check_public() {	# check_public WHAT DIR: no private word in DIR's files
	local f
	for f in index.html atom.xml opml.xml; do
		[ -s "$2/$f" ] || fail "$1: no $f"
		if grep -E -o "$private" "$2/$f" >"$T/leak"; then
			fail "$1: $f publishes $(sort -u "$T/leak" | tr '\n' ' ')"
		fi
	done
}
members() {	# the titles in DIR's opml.xml, sorted, on one line
	python3 - "$1/opml.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
print(" ".join(sorted(o.get("title") or o.get("text")
      for o in ET.parse(sys.argv[1]).iter("outline") if o.get("xmlUrl"))))
PY
}

rc=$(run_status "$MAJLIS" river --out "$W" --days 36500 --title "Our network")
expect_eq "river" "$rc" 0
check_public "river" "$W"
expect_eq "the members, the hand-subscribed one too" "$(members "$W")" \
    "Bad site Member One Member Two $BASE/gone"
grep -q '<title>Our network</title>' "$W/opml.xml" ||
    fail "opml.xml is not titled --title"
grep -q 'Member One' "$W/atom.xml" && grep -q 'Member Two' "$W/index.html" ||
    fail "the members' posts are not published"
grep -q "category=" "$W/opml.xml" && fail "opml.xml carries categories"
# A failing member is marked in the member table, without its error.
python3 - "$W/index.html" "$BASE/gone" <<'PY' || fail "the failing member is not marked (the feeds' errors: $(sql "SELECT url || ' ' || status || ' ' || coalesce(error, '-') FROM feeds" | tr '\n' ';') the fetch said: $(tr '\n' ';' <"$T/fetch.err"))"
import sys, re
page, url = open(sys.argv[1]).read(), sys.argv[2]
rows = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if url in r]
assert len(rows) == 1 and 'class="failing"' in rows[0], rows
assert page.count('class="failing"') == 1
assert "404" not in rows[0]
PY

# --tag: the feeds tagged so and the members of the lists followed so.
rc=$(run_status "$MAJLIS" river --out "$T/w2" --days 36500 --tag iraq)
expect_eq "river --tag" "$rc" 0
expect_eq "--tag iraq: every member of the list followed with it" \
    "$(members "$T/w2")" "Bad site Member One Member Two $BASE/gone"
check_public "river --tag" "$T/w2"

# --list: one of the lists followed; a list not followed is refused.
"$MAJLIS" follow "$BASE/other" >/dev/null || fail "follow other"
rc=$(run_status "$MAJLIS" river --out "$T/w3" --days 36500 --list "$BASE/other")
expect_eq "river --list" "$rc" 0
expect_eq "--list: its members only" "$(members "$T/w3")" "Member Two"
rc=$(run_status "$MAJLIS" river --out "$T/w3" --list "$BASE/nosuch")
expect_eq "river --list of a list not followed" "$rc" 2
rc=$(run_status "$MAJLIS" river --out "$T/w3" --all --tag iraq)
expect_eq "--all with --tag" "$rc" 2

# --all: every subscription, on purpose; still no settings or tags.
rc=$(run_status "$MAJLIS" river --out "$T/w4" --days 36500 --all)
expect_eq "river --all" "$rc" 0
grep -q "My Own Diary" "$T/w4/opml.xml" || fail "--all leaves a feed out"
grep -E -q 'majlis:interval|category=|personal' "$T/w4/opml.xml" &&
    fail "--all publishes tags or settings"
grep -q "Paid Feed" "$T/w4/opml.xml" || fail "--all leaves the paid feed out"
grep -E -q 'hunter2|reader:' "$T/w4/opml.xml" "$T/w4/atom.xml" "$T/w4/index.html" &&
    fail "--all publishes credentials"
# follow again with other tags: they replace the old ones on the members
# (not on a feed subscribed by hand), and the command says so.
tags_of() { "$MAJLIS" feeds --json | jq -r --arg u "$1" '.[] | select(.url == $u) | .tags | join(",")'; }
expect_eq "m2 tagged by the list" "$(tags_of "$BASE/m2")" "iraq"
"$MAJLIS" follow "$BASE/list" net >"$T/follow.out" 2>&1 || fail "follow with new tags"
grep -q "tagged now: net" "$T/follow.out" || { cat "$T/follow.out"; fail "follow does not say the tags changed"; }
expect_eq "m2: the new tag replaced the old" "$(tags_of "$BASE/m2")" "net"
expect_eq "m1 (by hand): never tagged by the list" "$(tags_of "$BASE/m1")" "handpicked"
rc=$(run_status "$MAJLIS" river --out "$T/w6" --days 36500 --tag net)
expect_eq "--tag net: the list's members" "$(members "$T/w6")" \
    "Bad site Member One Member Two $BASE/gone"

# unfollow then follow: the members are members again (they stayed
# subscribed, as if by hand), the river publishes them.
"$MAJLIS" unfollow "$BASE/list" >/dev/null || fail "unfollow"
"$MAJLIS" follow "$BASE/list" >/dev/null || fail "follow again"
"$MAJLIS" lists --json >"$T/lists.json" || fail "lists --json"
expect_eq "members after unfollow and follow" \
    "$(jq -r --arg u "$BASE/list" '.[] | select(.url == $u) | .members' "$T/lists.json")" 4
rc=$(run_status "$MAJLIS" river --out "$T/w5" --days 36500 --list "$BASE/list")
expect_eq "river after following again" "$(members "$T/w5")" \
    "Bad site Member One Member Two $BASE/gone"
exit 0
