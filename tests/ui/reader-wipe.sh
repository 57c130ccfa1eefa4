#!/usr/bin/env bash
# tests/ui/reader-wipe.sh: majlis wipe while the reader is open is refused,
# the reader's process named, and the cache left whole; once the reader has
# quit, wipe erases it.  (privacy-wipe.sh holds the rest of wipe.)
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

ui_start
run 1 "$MAJLIS" wipe --yes
expect_grep "reader open: refused" \
    "^majlis: $MAJLIS_DB: in use by process [0-9]+ \\(the reader or a fetch\\): quit it, or let it end, and wipe again\$" "$T/err"
# The process named is the reader: majlis, in the tmux pane.
pid=$(sed -n 's/.* in use by process \([0-9]*\) .*/\1/p' "$T/err")
expect_eq "reader open: the process named is majlis" \
    "$(readlink "/proc/$pid/exe")" "$(readlink -f "$MAJLIS_BIN")"
pane=$(tmux -L "$UI_SOCK" display-message -p '#{pane_pid}')
p=$pid
while [ "$p" -gt 1 ] && [ "$p" != "$pane" ]; do
	p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status")
done
expect_eq "reader open: the process named is the pane's reader" "$p" "$pane"
[ -s "$MAJLIS_DB" ] || fail "reader open: the database went"
ui_sync
ui_keys q
ui_wait "majlis-exited-0"
run 0 "$MAJLIS" wipe --yes
for s in "" -wal -shm -journal .lock; do
	[ ! -e "$MAJLIS_DB$s" ] || fail "after quitting: majlis.db$s is still there"
done
exit 0
