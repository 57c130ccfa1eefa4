#!/usr/bin/env bash
# The newsboat round trip: what "newsboat -e" exports, majlis imports
# cleanly; what majlis exports, "newsboat -i" imports with the same feeds
# (and the first tag as newsboat's folder tag); and newsboat reads the
# urls file "majlis export --urls" writes as the same feeds.
. tests/lib.sh
command -v newsboat >/dev/null 2>&1 || skip "newsboat is not installed"

# nb ARGS...: newsboat on files of its own in $T/nb, never the user's.
mkdir -p "$T/nb"
: >"$T/nb/config"
nb() {
	newsboat -C "$T/nb/config" -c "$T/nb/cache.db" "$@"
}

# urls_of FILE: the feed URLs of an OPML file, sorted.
urls_of() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for u in sorted(o.get("xmlUrl") for o in ET.parse(sys.argv[1]).iter("outline")
                if o.get("xmlUrl")):
    print(u)
PY
}

majlis_urls() {
	sql "SELECT url FROM feeds WHERE subscribed ORDER BY url"
}

# The feeds an OPML file can carry: all but the command feeds (exec:,
# filter:), which majlis's OPML export and newsboat's leave out.
majlis_web_urls() {
	sql "SELECT url FROM feeds WHERE subscribed AND url NOT LIKE 'exec:%'
	    AND url NOT LIKE 'filter:%' ORDER BY url"
}

# --- newsboat to majlis ------------------------------------------------------
cat >"$T/nb/urls" <<'URLS'
https://lwn.net/headlines/rss linux "long reads" "~LWN"
http://example.org/plain.xml
"query:Unread:unread = \"yes\"" virtual
exec:~/bin/make-feed scripts
filter:~/bin/clean:https://example.com/f.xml
https://example.com/a&b.xml "~Fish & Chips <3>"
https://example.com/ünï.xml tag
URLS
nb -u "$T/nb/urls" -e >"$T/newsboat.opml" 2>"$T/nb.err" ||
    fail "newsboat -e failed: $(cat "$T/nb.err")"
rc=$(run_status "$MAJLIS" import "$T/newsboat.opml")
expect_eq "import of newsboat -e exit" "$rc" 0
expect_eq "no complaints" "$(cat "$T/err")" ""
expect_eq "newsboat's feeds imported" "$(majlis_urls)" "$(urls_of "$T/newsboat.opml")"
expect_eq "four feeds" "$(majlis_urls | wc -l)" 4
expect_eq "title through newsboat" \
    "$(sql "SELECT title FROM feeds WHERE url = 'https://example.com/a&b.xml'")" \
    "Fish & Chips <3>"
expect_eq "empty newsboat title is no title" \
    "$(sql "SELECT title IS NULL FROM feeds WHERE url = 'http://example.org/plain.xml'")" 1

# newsboat's own urls file, as it is, named on the command line: the
# user's own, so its command feeds are taken as written (majlis(1) COMMAND
# FEEDS) and its query feed becomes a view.
rc=$(run_status "$MAJLIS" import "$T/nb/urls")
expect_eq "import of newsboat urls exit" "$rc" 0
expect_eq "nothing refused" "$(cat "$T/err")" ""
expect_grep "query line imported as a view" '^view "Unread" "unread = \\"yes\\""$' "$MAJLIS_CONFIG"
expect_grep "said so" 'config: 1 view added' "$T/out"
expect_eq "exec line a feed" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = 'exec:~/bin/make-feed'")" 1
expect_eq "filter line a feed" \
    "$(sql "SELECT count(*) FROM feeds WHERE url = 'filter:~/bin/clean:https://example.com/f.xml'")" 1
expect_eq "six feeds" "$(majlis_urls | wc -l)" 6
expect_eq "tags from newsboat urls" \
    "$(sql "SELECT group_concat(t.name, ',') FROM (SELECT t.name FROM feeds f
	JOIN feed_tags ft ON ft.feed_id = f.id JOIN tags t ON t.id = ft.tag_id
	WHERE f.url = 'https://lwn.net/headlines/rss' ORDER BY t.name) t")" \
    "linux,long reads"

# --- majlis to newsboat ------------------------------------------------------
"$MAJLIS" export >"$T/majlis.opml" 2>"$T/export.err" || fail "majlis export failed"
expect_grep "export names the command feed it leaves out" 'exec:~/bin/make-feed' "$T/export.err"
: >"$T/nb/imported-urls"
nb -u "$T/nb/imported-urls" -i "$T/majlis.opml" >"$T/nb.out" 2>&1 ||
    fail "newsboat -i failed: $(cat "$T/nb.out")"
expect_eq "newsboat -i: same feeds" \
    "$(sed 's/ .*//' "$T/nb/imported-urls" | sort)" "$(majlis_web_urls)"
# newsboat makes the folder (our first tag) its tag.
expect_grep "folder tag in newsboat" \
    '^https://lwn.net/headlines/rss "linux"' "$T/nb/imported-urls"

# newsboat reads our urls file as the same feeds.
"$MAJLIS" export --urls >"$T/majlis.urls" || fail "majlis export --urls failed"
rm -f "$T/nb/cache.db"
nb -u "$T/majlis.urls" -e >"$T/back.opml" 2>"$T/nb.err" ||
    fail "newsboat could not read majlis's urls file: $(cat "$T/nb.err")"
expect_grep "export --urls keeps the command feed" '^exec:~/bin/make-feed' "$T/majlis.urls"
expect_eq "newsboat reads export --urls" "$(urls_of "$T/back.opml")" "$(majlis_web_urls)"
expect_grep "newsboat reads the ~title" 'title="LWN"' "$T/back.opml"
exit 0
