#!/usr/bin/env bash
# majlis import and export: an OPML file with bad outlines imports the rest
# (exit 1, each bad one named by line), a malformed one imports nothing
# (exit 2), importing twice merges instead of duplicating, and what export
# writes (OPML or urls) imports into a fresh cache with the same feeds,
# titles and tags.
. tests/lib.sh
D=tests/data

# feeds_and_tags: "URL|TITLE|TAG,TAG" per subscribed feed, sorted.
feeds_and_tags() {
	sql "SELECT f.url, coalesce(f.title, ''),
	    coalesce((SELECT group_concat(name, ',') FROM (SELECT t.name
	      FROM feed_tags ft JOIN tags t ON t.id = ft.tag_id
	      WHERE ft.feed_id = f.id ORDER BY t.name)), '')
	    FROM feeds f WHERE f.subscribed ORDER BY f.url"
}

# --- one bad outline among good ones --------------------------------------
rc=$(run_status "$MAJLIS" import "$D/import-bad-outline.opml")
expect_eq "bad outline exit" "$rc" 1
expect_eq "good feeds imported" "$(sql 'SELECT count(*) FROM feeds')" 3
expect_grep "exec: named by line" \
    '^majlis: tests/data/import-bad-outline.opml:6: exec:rm -rf ~: refused' "$T/err"
expect_grep "missing xmlUrl named by line" \
    '^majlis: tests/data/import-bad-outline.opml:13: outline has no xmlUrl$' "$T/err"
expect_grep "file: refused" 'opml:10: file:///etc/passwd: refused' "$T/err"
expect_eq "refusals reported" "$(grep -c refused "$T/err")" 6
expect_eq "nothing but http(s) stored" \
    "$(sql "SELECT count(*) FROM feeds WHERE url NOT LIKE 'http%'")" 0
expect_eq "folder became a tag" \
    "$(sql "SELECT t.name FROM feeds f JOIN feed_tags ft ON ft.feed_id = f.id
	JOIN tags t ON t.id = ft.tag_id WHERE f.url = 'http://good.example/two.xml'")" \
    Folder

# --- a malformed file: nothing at all --------------------------------------
before=$(feeds_and_tags)
rc=$(run_status "$MAJLIS" import "$D/import-malformed.opml")
expect_eq "malformed exit" "$rc" 2
expect_grep "malformed: why and where" \
    'import-malformed.opml:7: not well-formed XML: .*nothing imported' "$T/err"
expect_eq "malformed imported nothing" "$(feeds_and_tags)" "$before"
for f in import-not-opml.opml import-entities.opml import-xxe.opml; do
	rc=$(run_status "$MAJLIS" import "$D/$f")
	expect_eq "$f exit" "$rc" 2
	expect_eq "$f imported nothing" "$(feeds_and_tags)" "$before"
done
rc=$(run_status "$MAJLIS" import "$T/no-such-file.opml")
expect_eq "missing file exit" "$rc" 2
expect_grep "missing file named" 'no-such-file.opml: No such file' "$T/err"
rc=$(run_status "$MAJLIS" import)
expect_eq "no argument exit" "$rc" 2

# --- nested folders, categories, and importing twice -----------------------
rc=$(run_status "$MAJLIS" import "$D/import-nested.opml")
expect_eq "nested exit" "$rc" 0
expect_grep "summary" 'import-nested.opml: 5 new, 0 already subscribed, 0 refused' "$T/out"
expect_eq "LWN tags" "$(feeds_and_tags | grep '^https://lwn.net/')" \
    "https://lwn.net/headlines/rss|LWN.net|Linux,News,Tech"
expect_eq "HN tags" "$(feeds_and_tags | grep '^https://news.ycombinator')" \
    "https://news.ycombinator.com/rss|Hacker News|Tech,aggregator,daily,news"
once=$(feeds_and_tags)
rc=$(run_status "$MAJLIS" import - <"$D/import-nested.opml")
expect_eq "second import exit" "$rc" 0
expect_grep "second import merges" 'standard input: 0 new, 5 already subscribed' "$T/out"
expect_eq "no duplicates after a second import" "$(feeds_and_tags)" "$once"

# A urls file adds its tags to a feed already there.
printf 'https://lwn.net/headlines/rss kernel "~Ignored title"\n' >"$T/more.urls"
rc=$(run_status "$MAJLIS" import "$T/more.urls")
expect_eq "urls merge exit" "$rc" 0
expect_eq "tags merged" "$(feeds_and_tags | grep '^https://lwn.net/')" \
    "https://lwn.net/headlines/rss|LWN.net|Linux,News,Tech,kernel"
rc=$(run_status "$MAJLIS" import "$D/import-newsboat.urls")
expect_eq "newsboat urls exit (refused lines)" "$rc" 1
expect_no_grep "query not refused" 'import-newsboat.urls:6:' "$T/err"
expect_grep "query imported as a view" '^view "Unread Articles" ' "$MAJLIS_CONFIG"
expect_eq "urls title" "$(sql "SELECT title FROM feeds WHERE url = 'https://example.com/quoted.xml'")" \
    Unquoted

# --- export, then import into a fresh cache --------------------------------
all=$(feeds_and_tags)
"$MAJLIS" export >"$T/out.opml" || fail "export failed"
python3 - "$T/out.opml" <<'PY' || fail "export is not well-formed OPML 2.0"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "opml" and root.get("version") == "2.0"
assert root.find("head/title") is not None
assert root.find("head/dateCreated") is not None
feeds = root.findall(".//outline[@xmlUrl]")
assert feeds and all(o.get("type") == "rss" and o.get("text") for o in feeds)
PY
"$MAJLIS" export --urls >"$T/out.urls" || fail "export --urls failed"
for fmt in opml urls; do
	MAJLIS_DB="$T/fresh-$fmt.db" "$MAJLIS" import "$T/out.$fmt" >"$T/out" 2>"$T/err"
	expect_eq "re-import $fmt exit" "$?" 0
	# OPML carries no command feed (the urls file's exec: and filter:).
	want=$all
	[ $fmt = opml ] && want=$(grep -v '^exec:\|^filter:' <<<"$all")
	expect_eq "re-imported $fmt: same feeds, titles and tags" \
	    "$(MAJLIS_DB="$T/fresh-$fmt.db" feeds_and_tags)" "$want"
done

# Export is plain ASCII-safe XML even for hostile titles.
sql_write "UPDATE feeds SET title = 'A <b>&amp;' || char(27) || '[31m' || char(10) ||
    CAST(x'78ff' AS TEXT) WHERE url = 'https://example.com/top.xml'"
"$MAJLIS" export >"$T/hostile.opml" || fail "export failed"
expect_no_grep "no raw escape in export" $'\x1b' "$T/hostile.opml"
expect_grep "markup escaped" 'text="A &lt;b&gt;&amp;amp;\[31m&#10;x' "$T/hostile.opml"
# (A line that is not all characters of the UTF-8 locale.)
! LC_ALL=C.UTF-8 grep -qaxv '.*' "$T/hostile.opml" ||
    fail "export is not valid UTF-8"
exit 0
