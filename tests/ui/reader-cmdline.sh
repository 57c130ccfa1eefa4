#!/usr/bin/env bash
# tests/ui/reader-cmdline.sh: the : command line, as newsboat's.  set KEY
# VALUE and set KEY=VALUE change a setting for the run (set KEY says it,
# set KEY! turns a yes/no over), a bad one says why and changes nothing;
# TAB completes the commands' and the settings' names; :NUMBER goes to a
# row, goto to a feed by title, address or number; UP and DOWN bring back
# the lines typed; dumpconfig writes the config in effect, which majlis
# reads back; source reads the config file again, all of it or, when a
# line is bad, none.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"
# The reader's umask: dumpconfig's file is private (0600) all the same.
umask 022

# cmd TEXT: type TEXT at the : prompt and run it.
cmd() {
	ui_keys :
	ui_wait ":"
	ui_type "$1"
	ui_keys Enter
}

ui_start
ui_wait "Feeds (3)"
# TAB: the command, then the setting.
ui_keys :
ui_type "se"
ui_keys Tab
ui_type "show-r"
ui_keys Tab
ui_wait ":set show-read"
ui_type "no"
ui_keys Enter
ui_wait "show-read = no"
ui_wait "Feeds with unread posts (3)"
cmd "set show-read!"
ui_wait "show-read = yes"
ui_wait "Feeds (3)"
cmd "set date-format=%d.%m.%Y"
ui_wait "date-format = %d.%m.%Y"
cmd "set date-format"
ui_wait "date-format = %d.%m.%Y"
cmd "set bogus 1"
ui_wait "set: unknown setting 'bogus'"
cmd "set confirm-threshold lots"
ui_wait "set:1: "
cmd "set confirm-threshold"
ui_wait "confirm-threshold = 20"
cmd "set bidi!"
ui_wait "set: bidi is not yes or no"
cmd "nope"
ui_wait "nope: not a command"

# Rows and feeds.
cmd "1"
expect_focus ":1" "All unread"
cmd "goto arabic"
expect_focus "goto by address" "$(ui_visual "أخبار المجلس")"
cmd "goto test news"
expect_focus "goto by title" "Majlis Test News"
cmd "goto 3"
expect_focus "goto a number" "Hostile"
ui_keys Enter
ui_wait "Evil"
cmd "goto nothing-like-it"
ui_wait "goto: no feed nothing-like-it"
ui_wait "Feeds (3)"
# History: UP brings back the lines typed, newest first.
ui_keys :
ui_wait ":"
ui_keys Up
ui_wait ":goto nothing-like-it"
ui_keys Up
ui_wait ":goto 3"
ui_keys Down Down
ui_wait_gone ":goto"
ui_keys Escape

# dumpconfig: the config in effect, read back as it was.
cmd "dumpconfig $T/dumped"
ui_wait "config written to"
expect_grep "a setting set" '^date-format = %d\.%m\.%Y$' "$T/dumped"
expect_eq "dumpconfig: private under umask 022" "$(stat -c %a "$T/dumped")" 600
expect_grep "a binding" '^bind q quit$' "$T/dumped"
expect_grep "a colour" '^color listfocus yellow blue bold$' "$T/dumped"
run 0 "$MAJLIS" -c "$T/dumped" feeds
cmd "source $T/dumped"
ui_wait "read $T/dumped"
cmd "dumpconfig $T/again"
ui_wait "config written to $T/again"
cmp "$T/dumped" "$T/again" || fail "the config read back is not the one written"
cmd "dumpconfig"
ui_wait "dumpconfig: expected a FILE"

# source: the file again, whole.
printf 'bind z help\nconfirm-threshold = 7\n' >"$MAJLIS_CONFIG"
cmd "source"
ui_wait "read $MAJLIS_CONFIG"
# sourced: the file's setting and binding are the reader's.
sourced() {
	cmd "set confirm-threshold"
	ui_wait "confirm-threshold = 7"
	ui_keys z
	ui_wait "mark-all-read"
	ui_keys q
	ui_wait "Feeds (3)"
}
sourced
# A bad line: none of the file applies, z still opens the help.
printf 'bind z quit\nconfirm-threshold = 9\nbogus = 1\n' >"$MAJLIS_CONFIG"
cmd "source"
ui_wait "config:3: unknown setting 'bogus'"
sourced
cmd "source $T/none"
ui_wait "source: $T/none: No such file"
# The layout set to rtl and back to ltr: the arrows turn back with it.
cmd "set layout rtl"
ui_wait "layout = rtl"
cmd "set layout ltr"
ui_wait "layout = ltr"
ui_keys g Right
ui_wait "majlis: All unread"
ui_keys Left
ui_wait "Feeds (3)"
ui_keys Q
exit 0
