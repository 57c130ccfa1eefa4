#!/usr/bin/env bash
# The network lives in majlis-net, libxml2 and Gumbo in majlis-xml: the
# majlis binary must load none of them (their dependency chains cost every
# command's start), and the commands handed over to them (fetch, add and
# follow; parse, import, export and river), found beside the binary, must
# behave as ever.  The helpers in turn load neither the terminal's libraries
# (ncursesw) nor FriBidi: the reader's layout is not linked into them.
. tests/lib.sh
command -v readelf >/dev/null || skip "readelf is needed"
readelf -d "$MAJLIS_BIN" >"$T/dynamic" || fail "readelf -d $MAJLIS_BIN"
expect_grep "majlis has a dynamic section" 'NEEDED' "$T/dynamic"
expect_no_grep "majlis does not link libcurl" 'NEEDED.*libcurl' "$T/dynamic"
expect_no_grep "majlis does not link libxml2" 'NEEDED.*libxml2' "$T/dynamic"
expect_no_grep "majlis does not link Gumbo" 'NEEDED.*libgumbo' "$T/dynamic"
dir=$(dirname "$MAJLIS_BIN")
[ -x "$dir/majlis-net" ] || fail "no majlis-net beside $MAJLIS_BIN"
[ -x "$dir/majlis-xml" ] || fail "no majlis-xml beside $MAJLIS_BIN"
readelf -d "$dir/majlis-net" >"$T/dynamic" || fail "readelf -d majlis-net"
expect_grep "majlis-net links libcurl" 'NEEDED.*libcurl' "$T/dynamic"
expect_no_grep "majlis-net does not link ncurses" 'NEEDED.*lib(ncurses|tinfo)' "$T/dynamic"
expect_no_grep "majlis-net does not link FriBidi" 'NEEDED.*libfribidi' "$T/dynamic"
readelf -d "$dir/majlis-xml" >"$T/dynamic" || fail "readelf -d majlis-xml"
expect_grep "majlis-xml links libxml2" 'NEEDED.*libxml2' "$T/dynamic"
expect_grep "majlis-xml links Gumbo (the river's sanitiser)" 'NEEDED.*libgumbo' "$T/dynamic"
expect_no_grep "majlis-xml does not link libcurl" 'NEEDED.*libcurl' "$T/dynamic"
expect_no_grep "majlis-xml does not link ncurses" 'NEEDED.*lib(ncurses|tinfo)' "$T/dynamic"
expect_no_grep "majlis-xml does not link FriBidi" 'NEEDED.*libfribidi' "$T/dynamic"

server_start
server_routes '{"/bad": {"status": 500}}'
subscribe "$BASE/a" "$BASE/bad"
rc=$(run_status "$MAJLIS" fetch)
expect_eq "fetch with a failing feed: exit code" "$rc" 1
expect_grep "fetch: the summary" '^2 feeds fetched, 3 new posts, 1 failed$' "$T/out"
expect_eq "fetch: the error, in majlis's name" "$(cat "$T/err")" \
    "majlis: $BASE/bad: HTTP 500 Internal Server Error"
expect_eq "fetch stored the posts" "$(sql 'SELECT count(*) FROM posts')" 3
# Global options and the environment reach majlis-net.
rc=$(run_status "$MAJLIS" -d "$T/other.db" add "$BASE/b" news)
expect_eq "add -d: exit code" "$rc" 0
expect_eq "add -d: the feed is in that database" \
    "$("$MAJLIS" -d "$T/other.db" feeds | cut -d' ' -f1)" "$BASE/b"
expect_grep "add -d: its tag" 'news' <("$MAJLIS" -d "$T/other.db" feeds)
rc=$(run_status "$MAJLIS" add "$BASE/a")
expect_eq "add again: exit code" "$rc" 0
# Said once, on stdout as a new subscription is; nothing on stderr.
expect_eq "add again: what it says" "$(cat "$T/out")" "already subscribed: Feed /a  $BASE/a"
expect_eq "add again: no warning" "$(cat "$T/err")" ""
rc=$(run_status "$MAJLIS" add "$BASE/a" more)
expect_eq "add again with a tag: exit code" "$rc" 0
expect_eq "add again with a tag: what it says" "$(cat "$T/out")" \
    "already subscribed, tags added: Feed /a  $BASE/a"
expect_eq "add again with a tag: no warning" "$(cat "$T/err")" ""
rc=$(run_status "$MAJLIS" add ftp://example.org/feed)
expect_eq "add of a non-http URL: exit code" "$rc" 2
# The XML commands, with their exit codes.
rc=$(run_status "$MAJLIS" export --urls)
expect_eq "export: exit code" "$rc" 0
expect_eq "export --urls" "$(cut -d' ' -f1 "$T/out")" "$BASE/a
$BASE/bad"
printf '%s\n' "$BASE/c" >"$T/more.urls"
rc=$(run_status "$MAJLIS" import "$T/more.urls")
expect_eq "import: exit code" "$rc" 0
expect_eq "import: subscribed" "$(sql "SELECT count(*) FROM feeds WHERE url = '$BASE/c'")" 1
rc=$(run_status "$MAJLIS" import "$T/missing.opml")
expect_eq "import of a missing file: exit code" "$rc" 2
rc=$(run_status "$MAJLIS" parse --json tests/data/parse-rss20.xml)
expect_eq "parse: exit code" "$rc" 0
expect_grep "parse: the model" '"entries"' "$T/out"
# --help is majlis's own: no majlis-net needed.
rc=$(run_status env MAJLIS_LIBEXEC="$T/nowhere" "$MAJLIS" fetch --help)
expect_eq "fetch --help: exit code" "$rc" 0
expect_grep "fetch --help" '^usage: majlis fetch ' "$T/out"
# Without majlis-net: said, and a usage-class exit (never a silent success).
mkdir -p "$T/nowhere"
rc=$(run_status env MAJLIS_LIBEXEC="$T/nowhere" "$MAJLIS" fetch)
expect_eq "no majlis-net: exit code" "$rc" 2
expect_grep "no majlis-net: the error" "^majlis: fetch: cannot run $T/nowhere/majlis-net: " "$T/err"
rc=$(run_status env MAJLIS_LIBEXEC="$T/nowhere" "$MAJLIS" parse tests/data/parse-rss20.xml)
expect_eq "no majlis-xml: exit code" "$rc" 2
expect_grep "no majlis-xml: the error" "^majlis: parse: cannot run $T/nowhere/majlis-xml: " "$T/err"
exit 0
