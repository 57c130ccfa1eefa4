#!/usr/bin/env bash
# tests/ui/reader-search-all.sh: the reader's search shows every match,
# past the 2,000 it ranks: the list's count is every match and its end
# (G) shows the oldest matches, not empty rows.
. tests/lib.sh
. tests/ui/tmux.lib
server_start
server_routes '{"/a": {"items": 1300}, "/b": {"items": 1300, "title": "Other"}}'
subscribe "$BASE/a" "$BASE/b"
"$MAJLIS" fetch -q || fail "fetch"
# The last of the whole list, as 'majlis posts' (the same query) has it.
last=$("$MAJLIS" posts --search item --json | jq -er '.[-1].title') ||
    fail "no last match"
[ -n "$last" ] || fail "no last match"

ui_start
ui_wait "Feeds (2)"
ui_keys /
ui_wait "Search:"
ui_type "item"
ui_keys Enter
ui_wait "Search: item (2600)"
ui_keys G
ui_wait "$last"
# The rows above the last are posts too (polled: the rows are drawn one
# after the other, and the last may come before the rest are).
ui_until '[ "$(ui_screen | grep -c " item [0-9]* v1")" -ge 20 ]' ||
    { ui_screen; fail "the end of the list has $(ui_screen | grep -c " item [0-9]* v1") posts on the screen"; }
exit 0
