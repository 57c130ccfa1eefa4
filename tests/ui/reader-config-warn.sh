#!/usr/bin/env bash
# tests/ui/reader-config-warn.sh: bad lines in the config do not throw the
# rest away in the reader either.  The status line names the first skipped
# line (file and line) and how many more there are, until a key; the good
# lines apply, one after the bad ones too (bind x help).  A guard line
# (an unreadable proxy) is said to keep fetching from running.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

printf 'colour info red default\nmax-connections = lots\nbind x help\n' >"$MAJLIS_CONFIG"
ui_start 200 30
ui_wait "Feeds (3)"
ui_wait "config: $MAJLIS_CONFIG:1: unknown setting 'colour' (ignored), and 1 more line"
# The next key takes the message away, and x, bound after the bad lines,
# is help.
ui_keys x
ui_wait "toggle-read"
ui_wait_gone "unknown setting"
ui_keys q
ui_wait "Feeds (3)"
ui_keys q
ui_wait "majlis-exited-0"
tmux -L "$UI_SOCK" kill-server
UI_SOCK="${UI_SOCK}b"	# a new server: the old one may still be going

printf 'proxy = socks5h:/127.0.0.1:9050\nbind x help\n' >"$MAJLIS_CONFIG"
ui_start 200 30
ui_wait "Feeds (3)"
ui_wait "config: $MAJLIS_CONFIG:1: proxy: 'socks5h:/127.0.0.1:9050' is not a proxy"
ui_wait "fetching refuses to run until it is fixed"
ui_keys x
ui_wait "toggle-read"
ui_keys q
ui_wait "Feeds (3)"
ui_keys q
ui_wait "majlis-exited-0"
exit 0
