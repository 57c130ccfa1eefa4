#!/usr/bin/env bash
# Filters: posts --filter with newsboat's filter language (compiled to SQL
# with bound parameters: a value is never SQL), errors that point at the
# column; the killfile (config ignore lines): matching posts are stored as
# ignored by the fetcher, hidden everywhere, never new again, shown by
# posts --all; a bad filter in the config is reported with its line.
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 6, "title": "Alpha"}, "/b": {"items": 2, "title": "Beta"}}'
subscribe "$BASE/a" "$BASE/b"
run 0 "$MAJLIS" fetch

n() { run 0 "$MAJLIS" posts --filter "$1" "${@:2}"; wc -l <"$T/out" | tr -d ' '; }
expect_eq "title =~" "$(n 'title =~ "item [12] "')" 3
expect_eq "regex is case-insensitive" "$(n 'title =~ "ALPHA ITEM 0"')" 1
expect_eq "feedtitle =" "$(n 'feedtitle = "Beta"')" 2
expect_eq "feedurl" "$(n "feedurl = \"$BASE/b\"")" 2
expect_eq "and/or/parentheses" \
    "$(n '(feedtitle = "Beta" or title =~ "item 5") and title !~ "item 0"')" 2
expect_eq "age: the feed's dates are of 2025" "$(n 'age > 30')" 8
expect_eq "age < 7" "$(n 'age < 7')" 0
expect_eq "age between" "$(n 'age between 0:100000')" 8
expect_eq "content #" "$(n 'content # "Body 3"')" 1
expect_eq "unread" "$(n 'unread = "yes"')" 8
id=$(sql "SELECT min(id) FROM posts")
run 0 "$MAJLIS" mark read "$id"
expect_eq "unread = no" "$(n 'unread = "no"')" 1
run 0 "$MAJLIS" tag "$id" keep
run 0 "$MAJLIS" tag --feed "$BASE/b" beta
expect_eq "tags # (post)" "$(n 'tags # "keep"')" 1
expect_eq "tags # (feed)" "$(n 'tags # "beta"')" 2
expect_eq "tags !#" "$(n 'tags !# "beta"')" 6
expect_eq "with --feed" "$(n 'title =~ "item"' --feed "$BASE/b")" 2
run 0 "$MAJLIS" posts --json --filter 'title =~ "item 1 "'
expect_eq "--json" "$(jq length "$T/out")" 2

# A value is bound, never SQL: quotes and SQL inside match as text.
expect_eq "SQL in a value is text" "$(n "title = \"x' OR 1=1 --\"")" 0
expect_eq "posts still there" "$(sql 'SELECT count(*) FROM posts')" 8

# Errors: exit 2, the column, a caret under it.
bad() {
	run 2 "$MAJLIS" posts --filter "$1"
	expect_grep "error of $1" "^majlis: --filter: column $2: $3" "$T/err"
	expect_no_grep "no SQLite error for $1" 'SQL|sqlite|syntax error' "$T/err"
}
bad 'title =~ "x" and' 17 'expected an attribute'
bad 'titel = "x"' 1 'titel: not an attribute'
bad 'title = "open' 9 'a string without its closing quote'
bad 'title =~ "("' 10 'not a valid regular expression'
bad 'age < soon' 7 'expected a number of days'
bad '(title = "x"' 13 "expected '\\)'"
bad 'title = "x" title = "y"' 13 "expected 'and', 'or' or the end"
bad 'title ; "x"' 7 'unexpected character'
bad '' 1 'an empty filter'
run 2 "$MAJLIS" posts --filter 'title =~ "x" and'
expect_eq "the caret line" "$(sed -n 3p "$T/err")" "                  ^"

# --- the killfile -------------------------------------------------------
printf '%s\n' 'ignore * "title =~ \"item 0 \""' \
    "ignore $BASE/b \"title =~ \\\"item 1\\\"\"" >"$MAJLIS_CONFIG"
rm -f "$MAJLIS_DB"
server_routes '{"/a": {"items": 4, "title": "Alpha"}, "/b": {"items": 2, "title": "Beta"}}'
subscribe "$BASE/a" "$BASE/b"
run 0 "$MAJLIS" fetch
expect_grep "the summary counts what was stored" '6 new posts' "$T/out"
expect_eq "stored as ignored" "$(sql 'SELECT count(*) FROM posts WHERE ignored')" 3
expect_eq "ignored posts are read" "$(sql 'SELECT count(*) FROM posts WHERE ignored AND NOT read')" 0
run 0 "$MAJLIS" posts
expect_eq "hidden from lists" "$(wc -l <"$T/out")" 3
expect_no_grep "none of them listed" 'item [0]|Beta item 1' "$T/out"
run 0 "$MAJLIS" posts --all
expect_eq "posts --all shows them" "$(wc -l <"$T/out")" 6
run 0 "$MAJLIS" posts --unread
expect_eq "not unread" "$(wc -l <"$T/out")" 3
# Changed in the feed, or fetched again: still ignored, never new.
server_routes '{"/a": {"items": 4, "title": "Alpha", "version": "2"}, "/b": {"items": 2, "title": "Beta"}}'
run 0 "$MAJLIS" fetch
expect_eq "still ignored after an edit" "$(sql 'SELECT count(*) FROM posts WHERE ignored')" 3
expect_eq "still read" "$(sql 'SELECT count(*) FROM posts WHERE ignored AND NOT read')" 0
run 0 "$MAJLIS" posts --filter 'title =~ "item 0"' --all
expect_eq "--filter with --all" "$(wc -l <"$T/out")" 2

# A bad filter in the config: the line is named and skipped, the fetch
# goes on (majlis.conf(5): only a guard line stops it).
printf 'ignore * "title =~"\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch
expect_grep "config error" 'config:1: ignore: filter: column 9: expected a value .*\(ignored\)$' "$T/err"
# A view is the reader's: fetch warns about a bad one and goes on.
printf 'view "x"\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch
expect_grep "view error" 'config:1: view: expected "NAME" "FILTER"' "$T/err"
exit 0
