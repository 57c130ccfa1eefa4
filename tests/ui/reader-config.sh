#!/usr/bin/env bash
# tests/ui/reader-config.sh: the reader and the config file.  A broken
# file does not keep the reader from starting: it runs with the defaults
# and says what is wrong on the status line.  A good file rebinds keys
# (the help shows it) and bidi = off leaves right-to-left text in logical
# order for terminals that reorder it themselves.
. tests/lib.sh
. tests/ui/tmux.lib
tests/ui/make-fixture || fail "could not build the fixture database"

printf 'bidi = auto\nno-such-setting = 1\n' >"$MAJLIS_CONFIG"
ui_start
ui_wait "Feeds (3)"
ui_wait "config:"
ui_wait "no-such-setting"
ui_wait "$(ui_visual "أخبار المجلس")"
ui_keys q
ui_wait "majlis-exited-0"
tmux -L "$UI_SOCK" kill-server
UI_SOCK="${UI_SOCK}b"	# a new server: the old one may still be going

printf 'bidi = off\nbind x help\nbind t none\ncolor listfocus red default bold\ncolor listfocus_unread green default bold\n' >"$MAJLIS_CONFIG"
ui_start
ui_wait "Feeds (3)"
ui_wait "أخبار المجلس"
# The color lines: the cursor's line (an unread feed) green and bold, as
# the file says, not the default yellow on blue.
ui_keys j
colors_ok() {
	tmux -L "$UI_SOCK" capture-pane -e -p >"$T/colors"
	python3 - "$T/colors" <<'PY2'
import re, sys
line = [l for l in open(sys.argv[1], encoding="utf-8") if "Majlis Test News" in l][0]
codes = set(re.findall(r"\x1b\[([0-9;]*)m", line.split("Majlis Test News")[0]))
codes = {c for cs in codes for c in cs.split(";")}
print("the cursor's line is drawn with SGR", sorted(codes))
sys.exit(0 if {"1", "32"} <= codes and "44" not in codes else 1)
PY2
}
ui_until colors_ok || fail "the color line did not take effect"
# The first screen is drawn whole once j has moved the cursor, and a config
# error would still be on it (an error stays until the next one).
ui_screen | grep -qF "config:" && fail "a good config reported as broken"
ui_keys x
ui_wait "toggle-read"
ui_line "majlis: Help" | grep -qE "(\? x|x \?):help" || { ui_screen; fail "help is not on x"; }
ui_until "ui_line 'edit tags' | grep -qE '^ +tag '" || { ui_screen; fail "t still shown for tag"; }
ui_keys q
ui_wait "Feeds (3)"
ui_keys q
ui_wait "majlis-exited-0"
exit 0
