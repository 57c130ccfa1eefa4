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
	local codes
	# The SGR codes drawn before the feed's title on its line.
	codes=$(tmux -L "$UI_SOCK" capture-pane -e -p |
	    grep -m 1 -F "Majlis Test News" | sed 's/Majlis Test News.*//' |
	    grep -o $'\e\\[[0-9;]*m' | tr -d $'\e[m' | tr ';' '\n' | sort -u |
	    paste -sd' ')
	echo "the cursor's line is drawn with SGR: $codes"
	case " $codes " in *" 44 "*) return 1 ;; esac
	case " $codes " in *" 1 "*) ;; *) return 1 ;; esac
	case " $codes " in *" 32 "*) ;; *) return 1 ;; esac
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
