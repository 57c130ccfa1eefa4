#!/usr/bin/env bash
# The search syntax (majlis(1), SEARCH): words (all required), "phrases",
# OR, NOT word and -word, prefix*; a malformed query is a usage error with
# a message that says what is wrong, never SQLite's or FTS5's own.
. tests/lib.sh
server_start
server_routes '{"/s": {"items": 5, "title": "Syntax"}}'
subscribe "$BASE/s"
run 0 "$MAJLIS" fetch

# count QUERY: how many posts 'posts --search QUERY' lists.
count() {
	run 0 "$MAJLIS" posts --search "$1"
	wc -l <"$T/out" | tr -d ' '
}
expect_eq "words" "$(count 'syntax item')" 5
expect_eq "a phrase" "$(count '"item 3"')" 1
expect_eq "a phrase's words in another order" "$(count '"3 item"')" 0
expect_eq "OR" "$(count '"item 1" OR "item 2"')" 2
expect_eq "words bind tighter than OR" "$(count 'item 1 OR nosuchword')" 1
expect_eq "-word" "$(count 'item -"item 1"')" 4
expect_eq "NOT word" "$(count 'syntax NOT "item 4" NOT "item 0"')" 3
expect_eq "prefix*" "$(count 'synt*')" 5
expect_eq "a prefix of a phrase" "$(count '"syntax ite"*')" 5
expect_eq "lower-case or is a word" "$(count 'item or')" 0
expect_eq "FTS5 syntax is just words" "$(count 'AND NEAR( : ^item')" 0
expect_eq "posts --json agrees" \
    "$("$MAJLIS" posts --json --search '"item 1" OR "item 2"' | jq length)" 2

# bad QUERY MESSAGE: exit 2, the message, nothing from SQLite.
bad() {
	run 2 "$MAJLIS" posts --search "$1"
	expect_grep "message for $1" "$2" "$T/err"
	expect_no_grep "no raw error for $1" 'fts5|SQL|sqlite' "$T/err"
}
bad '"unclosed' 'without its closing quote'
bad 'item OR' 'OR needs words on both sides'
bad 'OR item' 'OR needs words on both sides'
bad 'item OR OR x' 'OR needs words on both sides'
bad 'item NOT' 'NOT needs a word after it'
bad '-item' 'only excluded words'
bad 'a OR -b' 'only excluded words'
exit 0
