#!/usr/bin/env bash
# tests/ui/reader-help.sh: the help at 40 columns wraps what each action
# does over the rows it needs, the keys on its first (three columns left a
# letter or two of each description); from 80 columns the action's name
# (as bind lines write it) is shown in a column of its own.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

ui_start 40 14
ui_wait "Feeds (3)"
ui_keys '?'
ui_wait "Help (q to go back)"
ui_wait " q          go back; in the feed list,"
# The rest of q's description on the next row, in the same column.
ui_screen | grep -qx "            quit *" || { ui_screen; fail "40 columns: not wrapped"; }
ui_screen | grep -qF "page-up" && fail "40 columns: the name column is drawn"
# Down to the long one: wrapped whole, its last words on a row of their own.
ui_keys G
ui_wait "Help (q to go back)"
ui_keys g
for i in $(seq 60); do
	ui_screen | grep -q "confirm-threshold)" && break
	ui_keys j
	ui_sync
done
ui_screen | grep -q "^ *confirm-threshold) *$" ||
    { ui_screen; fail "40 columns: the end of a long description"; }
# Wide again: one row per action, the name in its column.
ui_resize 100 30
ui_keys g
ui_wait "page-up"
ui_until 'ui_line "page-up" | grep -q "one page up"' ||
    { ui_screen; fail "100 columns: three columns"; }
exit 0
