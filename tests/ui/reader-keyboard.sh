#!/usr/bin/env bash
# tests/ui/reader-keyboard.sh: keys typed on an Arabic-script keyboard.
# Someone who writes Arabic or Sorani all day has that layout active: the
# key in the place of "/" types ظ (Arabic), the one of "q" ض (Arabic) or
# ق (Sorani), "y" غ or ی.  Each reaches the binding of the Latin key in
# its place (keyboard-layout: by the language, or named), unless the
# character itself is bound; the yes of a confirmation too.  English
# messages here, so that what is checked is the key, not a translation.
. tests/lib.sh
. tests/ui/tmux.lib
export LC_ALL=C.UTF-8
tests/ui/make-fixture || fail "could not build the fixture database"

starts=0
start() {	# start LANGUAGE [READY-TEXT]
	tmux -L "$UI_SOCK" kill-server 2>/dev/null
	starts=$((starts + 1))
	UI_SOCK="majlis$$-$starts"
	UI_ENV="LANGUAGE=$1" UI_READY="${2:-Majlis Test News}" ui_start 100 30
}

# The Arabic layout (the default for any language but Sorani): ظ is "/",
# the search prompt; ؟ (Shift+/) is "?", the help; ض is "q", back.
printf 'layout = ltr\n' >"$MAJLIS_CONFIG"
start en
ui_type 'ظ'
ui_wait "Search:"
ui_keys Escape
ui_wait_gone "Search:"
ui_type '؟'
ui_wait "Help (q to go back)"
ui_type 'ض'
ui_wait_gone "Help (q to go back)"
ui_screen | grep -q "unknown key" && fail "arabic: a key was unknown"

# The character bound by the user wins over the key's place.
printf 'layout = ltr\nbind ظ help\n' >"$MAJLIS_CONFIG"
start en
ui_type 'ظ'
ui_wait "Help (q to go back)"
ui_screen | grep -q "Search:" && fail "bind ظ help: the search opened"

# keyboard-layout = none: an Arabic letter is just an unbound key.
printf 'layout = ltr\nkeyboard-layout = none\n' >"$MAJLIS_CONFIG"
start en
ui_type 'ظ'
ui_wait "unknown key"

# Yes on the Arabic keyboard: غ is the key of "y".
printf 'layout = ltr\nconfirm-quit = yes\n' >"$MAJLIS_CONFIG"
start en
ui_keys Q
ui_wait "Quit majlis? (y/n)"
ui_type 'ى'	# "n"'s place: no
ui_wait_gone "Quit majlis?"
ui_screen | grep -q majlis-exited && fail "arabic: quit on ى (n)"
ui_keys Q
ui_wait "Quit majlis? (y/n)"
ui_type 'غ'
ui_wait "majlis-exited-0"

# The Sorani layout: ق is "q" there (on the Arabic layout it is "r"),
# ی is "y".
printf 'layout = ltr\nconfirm-quit = yes\nkeyboard-layout = kurdish\n' \
    >"$MAJLIS_CONFIG"
start en
ui_type '؟'
ui_wait "Help (q to go back)"
ui_type 'ق'
ui_wait_gone "Help (q to go back)"
ui_keys Q
ui_wait "Quit majlis? (y/n)"
ui_type 'ی'
ui_wait "majlis-exited-0"

# keyboard-layout = auto takes the Sorani layout for Sorani messages.
if [ -f "$(dirname "$MAJLIS_BIN")/locale/ckb/LC_MESSAGES/majlis.mo" ]; then
	printf 'layout = ltr\n' >"$MAJLIS_CONFIG"
	start ckb
	ui_type '؟'
	ui_wait "$(ui_visual 'گەڕانەوە')"
	ui_type 'ق'
	ui_wait_gone "$(ui_visual 'گەڕانەوە')"
fi
exit 0
