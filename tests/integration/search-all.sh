#!/usr/bin/env bash
# A search returns every match, never a silent cap: the newest 2,000
# matches ranked (best first), then the older ones newest first, and a
# page cut anywhere agrees with the whole list.
. tests/lib.sh
server_start
server_routes '{"/a": {"items": 1300}, "/b": {"items": 1300, "title": "Other"}}'
subscribe "$BASE/a" "$BASE/b"
"$MAJLIS" fetch -q || fail "fetch"
expect_eq "posts stored" "$(sql 'SELECT count(*) FROM posts')" 2600
# Every title has "item"; "Other" is in one feed's titles only.
"$MAJLIS" posts --search item --json >"$T/all.json" || fail "posts --search item"
sql "SELECT json_group_object(id, sort_time) FROM posts" >"$T/sort_time.json"
jq -rn --slurpfile key "$T/sort_time.json" 'input | [.[].id] as $ids | $key[0] as $k |
    if ($ids | length) != 2600 then "got \($ids | length) matches, want 2600"
    elif ($ids | unique | length) != 2600 then "a post came twice"
    # After the ranked window, newest first (sort_time, then id).
    elif ($ids[2000:] | map([$k[tostring], .])) as $rest |
        $rest != ($rest | sort | reverse)
    then "the matches after the window are not newest first"
    # The window holds the newest 2,000 in the order posts were stored.
    elif ($ids[:2000] | sort) != ($ids | sort | reverse | .[:2000] | sort)
    then "the window is not the newest matches"
    else empty end' "$T/all.json" >"$T/search-bad" &&
    [ ! -s "$T/search-bad" ] || { cat "$T/search-bad"; fail "search --json"; }
"$MAJLIS" posts --search item >"$T/all"
expect_eq "text output: every match" "$(wc -l <"$T/all")" 2600
for n in 1999 2000 2001 2450; do
	"$MAJLIS" posts --search item --limit $n >"$T/page"
	expect_eq "--limit $n: lines" "$(wc -l <"$T/page")" $n
	cmp -s "$T/page" <(head -n $n "$T/all") || fail "--limit $n is not the start of the whole list"
done
"$MAJLIS" posts --search "other item" >"$T/out"
expect_eq "two words, one feed: every match" "$(wc -l <"$T/out")" 1300
"$MAJLIS" posts --search item --feed "$BASE/b" --limit 1000000 >"$T/out"
expect_eq "--feed: every match of that feed" "$(wc -l <"$T/out")" 1300
expect_eq "count agrees (unread)" "$("$MAJLIS" posts --search item --unread | wc -l)" 2600
exit 0
