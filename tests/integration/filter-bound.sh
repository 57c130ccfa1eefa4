#!/usr/bin/env bash
# The bounds of a filter (issue 25): posts --filter with 100,000
# parentheses, and the regular expression whose nested repetitions made
# glibc's regcomp() take 10 s and 1.3 GB, are errors (exit 2, the column),
# fast; import of a urls file with such query: lines refuses those lines
# and imports the rest; a followed member list brings no views at all: its
# query: lines are refused with the list's URL and line, its members are
# followed, and the fetches after it work.
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 3, "title": "Alpha"}}'
subscribe "$BASE/a"
run 0 "$MAJLIS" fetch

# secs CMD...: run CMD as run_status does and print how long it took.
secs() {
	local t0 t1
	t0=$(date +%s%N)
	run_status "$@" >"$T/rc"
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000000))
}

deep=$(printf '%*s' 100000 '' | tr ' ' '(')
run 2 "$MAJLIS" posts --filter "$deep"
expect_grep "deep: the column" '^majlis: --filter: column 33: more than 32 parentheses nested' "$T/err"
expect_eq "deep: the error shows the place, not the whole filter" \
    "$(($(wc -c <"$T/err") < 400))" 1
expect_grep "deep: cut with an ellipsis" '^  [(]+…$' "$T/err"
d32=$(printf '%*s' 32 '' | tr ' ' '(')title' =~ "item"'$(printf '%*s' 32 '' | tr ' ' ')')
run 0 "$MAJLIS" posts --filter "$d32"
expect_eq "32 deep: SQLite runs it" "$(wc -l <"$T/out" | tr -d ' ')" 3

bomb='title =~ "(((a{1,100}){1,100}){1,100})"'
took=$(secs "$MAJLIS" posts --filter "$bomb")
expect_eq "regex bomb: exit" "$(cat "$T/rc")" 2
expect_grep "regex bomb: why" '^majlis: --filter: column 10: a regular expression too costly' "$T/err"
[ "$took" -lt 3 ] || fail "regex bomb: refused in $took s"
run 2 "$MAJLIS" posts --filter 'title =~ "(a|aa)*\1b"'
expect_grep "back-reference refused" 'column 10: a back-reference' "$T/err"
# Ordinary patterns still work.
run 0 "$MAJLIS" posts --filter 'title =~ "^(alpha|beta)+ item [0-9]{1,2} v[0-9]+$" and title =~ "[[:alpha:]]+"'
expect_eq "ordinary regex" "$(wc -l <"$T/out" | tr -d ' ')" 3
run 0 "$MAJLIS" posts --filter 'title =~ "كتاب|item 1"'
expect_eq "Arabic alternative" "$(wc -l <"$T/out" | tr -d ' ')" 1

# --- import: the hostile query: lines refused, the rest imported ----------
{
	echo "$BASE/i1"
	printf '"query:Deep:%s"\n' "$deep"
	printf '"query:Bomb:%s"\n' 'title =~ \"(((a{1,100}){1,100}){1,100})\"'
	printf '"query:Unread:%s"\n' 'unread = \"yes\"'
	echo "$BASE/i2"
} >"$T/hostile.urls"
took=$(secs "$MAJLIS" import "$T/hostile.urls")
expect_eq "import: exit" "$(cat "$T/rc")" 1
[ "$took" -lt 3 ] || fail "import: $took s"
expect_grep "import: line 2 named" 'hostile.urls:2: query:Deep:\(\(\(.*\.\.\.: refused: filter: column 33: more than 32 parentheses nested' "$T/err"
expect_grep "import: line 3 named" 'hostile.urls:3: query:Bomb:.*refused: filter: column 10: a regular expression too costly' "$T/err"
[ "$(wc -c <"$T/err")" -lt 2000 ] || fail "import: the messages quote the whole 100,000 characters"
expect_eq "import: the feeds" "$(sql "SELECT count(*) FROM feeds WHERE url IN ('$BASE/i1', '$BASE/i2')")" 2
expect_grep "import: the good view" '^view "Unread"' "$MAJLIS_CONFIG"
expect_no_grep "import: no hostile view" 'Deep|Bomb' "$MAJLIS_CONFIG"
: >"$MAJLIS_CONFIG"

# --- follow: a member list brings no views ------------------------------
{
	echo "$BASE/m1"
	printf '"query:Deep:%s"\n' "$deep"
	printf '"query:Unread:%s"\n' 'unread = \"yes\"'
	echo "$BASE/m2"
} >"$T/list.urls"
server_routes "{
  \"/a\": {\"items\": 3, \"title\": \"Alpha\"},
  \"/list\": {\"body\": \"$T/list.urls\", \"ctype\": \"text/plain\"},
  \"/m1\": {\"items\": 2, \"title\": \"M1\"},
  \"/m2\": {\"items\": 2, \"title\": \"M2\"}
}"
took=$(secs "$MAJLIS" follow "$BASE/list")
expect_eq "follow: exit" "$(cat "$T/rc")" 0
[ "$took" -lt 5 ] || fail "follow: $took s"
expect_grep "follow: the deep line named" "^majlis: $BASE/list:2: query:Deep:.*refused: a member list brings no views" "$T/err"
expect_grep "follow: the ordinary one too" "^majlis: $BASE/list:3: query:Unread:.*refused: a member list brings no views" "$T/err"
expect_eq "follow: members followed" "$(sql "SELECT count(*) FROM list_members")" 2
expect_eq "follow: no view" "$(cat "$MAJLIS_CONFIG")" ""
# Every later fetch reads the list again: it must keep working.
run 0 "$MAJLIS" fetch
run 0 "$MAJLIS" fetch
expect_eq "fetch: members' posts" "$(sql "SELECT count(*) FROM posts p JOIN feeds f ON f.id = p.feed_id WHERE f.url IN ('$BASE/m1', '$BASE/m2')")" 4
expect_eq "fetch: no view" "$(cat "$MAJLIS_CONFIG")" ""
