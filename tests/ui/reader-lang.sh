#!/usr/bin/env bash
# tests/ui/reader-lang.sh: no English of majlis's own on the reader's
# screens in Arabic and in Sorani.  Each screen the suite reaches (the feed
# list, the help, a list of posts, a post, the prompts for tags, a filter,
# a search and a feed's settings, the messages after them, a question) is
# captured under LANGUAGE=ar and LANGUAGE=ckb, and every ASCII word on it
# of three letters or more must be one the reader may show as it is: the
# feeds' and posts' own text, a key or an action's name (the help's
# columns, as bind lines write them), or the syntax a translation keeps
# (a word of the catalogue's translations: title=, KEY=VALUE, majlis).
. tests/lib.sh
. tests/ui/tmux.lib
export LC_ALL=C.UTF-8
tests/ui/make-fixture || fail "could not build the fixture database"
[ -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ] || {
	echo "a build without the catalogues (--disable-nls): English"
	exit 0
}

# words: the ASCII words (3 letters or more) of standard input, a line
# each; not one cut short at the edge of a column (next to its "…").
words() { grep -oE '…?[A-Za-z][A-Za-z-]{2,}…?' | grep -v '…' | sort -u; }

# What the reader may show in English: the cache's text, the actions' and
# keys' names, the filter's attributes, the catalogues' kept syntax.
{
	"$MAJLIS" posts --all --json | jq -r '.[] | [.title, .author, .link,
	    .feed_title, .feed_url, (.tags // [] | .[])] | map(. // "") | .[]'
	"$MAJLIS" feeds --json | jq -r '.[] | [.title, .url, .site,
	    (.tags // [] | .[])] | map(. // "") | .[]'
	sql "SELECT coalesce(summary, '') || ' ' || coalesce(content, '')
	    FROM bodies"
	echo "news soon"	# what the test types below
	sed -n 's/^	{ "\([^"]*\)",[^"]*"\([^"]*\)".*/\1 \2/p' src/config-keys.c
	# The filter language's attributes, which its errors list.
	sed -n 's/^	{ "\([a-z_]*\)", A_.*/\1/p' src/filter.c
	grep -h '^msgstr' po/ar.po po/ckb.po
} | words >"$T/allowed"
[ -s "$T/allowed" ] || fail "no allowed words: the fixture or the catalogues were not read"

# msg LANGUAGE MSGID: the catalogue's translation.
msg() {
	TEXTDOMAINDIR="$(dirname "$MAJLIS_BIN")/locale" LANGUAGE=$1 \
	    LC_ALL=C.UTF-8 gettext -d majlis "$2"
}
# bare: standard input without the vowel marks (tmux draws a mark with its
# letter or not at all, depending on the terminal).
bare() {
	python3 -c 'import sys, unicodedata as u
sys.stdout.write("".join(c for c in sys.stdin.read() if not u.combining(c)))'
}
# seen LANGUAGE MSGID [CUT]: wait until the translation, up to CUT (a sed
# expression for the part to keep), is drawn (reversed: right to left).
seen() {
	local t i
	t=$(msg "$1" "$2" | sed -e "${3:-s/^//}" | bare | LC_ALL=C.UTF-8 rev)
	for ((i = 0; i < 200; i++)); do
		ui_screen | bare | grep -qF -- "$t" && return 0
		sleep 0.05
	done
	ui_screen
	fail "$1: '$t' ($2) never appeared"
}

starts=0
start() {	# start LANGUAGE
	tmux -L "$UI_SOCK" kill-server 2>/dev/null
	starts=$((starts + 1))
	UI_SOCK="majlis$$-$starts"
	UI_ENV="LANGUAGE=$1" UI_READY="Majlis Test News" ui_start 120 30
}

# check LANGUAGE WHAT: the screen has no English word that is not allowed.
check() {
	local bad
	bad=$(ui_screen | words | comm -23 - "$T/allowed" | tr -s '\n' ' ')
	[ -z "$bad" ] || { ui_screen; fail "$1, $2: English on the screen: $bad"; }
}

# At 40 x 10 a post's header folds into one line, the feed's name and the
# date: after an Arabic name, "04-06-2024" still reads as it is written
# (its digits were taken for Arabic numbers and its parts reversed).
printf 'date-format = %%d-%%m-%%Y\n' >"$MAJLIS_CONFIG"
tmux -L "$UI_SOCK" kill-server 2>/dev/null
UI_SOCK="majlis$$-fold"
UI_ENV="LANGUAGE=ar" UI_READY="Majlis Test News" ui_start 40 10
ui_keys g j j Left
ui_wait "04-06-2024"
ui_keys Left
seen ar "Title"
ui_wait "04-06-2024 ،$(LC_ALL=C.UTF-8 rev <<<'أخبار المجلس')"
tmux -L "$UI_SOCK" kill-server 2>/dev/null

printf 'confirm-quit = yes\nconfirm-threshold = 0\n' >"$MAJLIS_CONFIG"
for lang in ar ckb; do
	start "$lang"
	check "$lang" "the feed list"
	# A question shows its answers in the language's letters (drawn
	# right to left: "(ن/ل)" reads "ل/ن"), and takes them.
	case $lang in
	ar) yes=ن no=ل ;;
	ckb) yes=ب no=ن ;;
	esac
	ui_keys g A
	ui_wait "$no/$yes"
	check "$lang" "the mark-all question"
	ui_type "$no"
	seen "$lang" "nothing marked"
	check "$lang" "nothing marked"
	ui_keys '?'
	seen "$lang" "Help (q to go back)" 's/ (.*//'
	check "$lang" "the help"
	ui_keys q
	ui_keys g Enter
	ui_wait "Welcome to the reader"
	check "$lang" "a list of posts"
	ui_keys Enter
	seen "$lang" "Title"
	check "$lang" "a post"
	ui_keys t
	seen "$lang" "Tags"
	check "$lang" "the tags prompt"
	ui_type 'شبكة، news'
	ui_keys Enter
	seen "$lang" "post tagged %s" 's/ *%s.*//; s/[:،] *$//'
	check "$lang" "the message after tagging"
	ui_keys q q
	ui_keys g F
	seen "$lang" "Filter: " 's/: *$//'
	check "$lang" "the filter prompt"
	ui_type 'title =~ "x" and'
	ui_keys Enter
	seen "$lang" "filter: %s" 's/:.*//'
	check "$lang" "a filter's error"
	ui_keys /
	seen "$lang" "Search: " 's/: *$//'
	check "$lang" "the search prompt"
	ui_keys Escape
	ui_keys G e
	seen "$lang" "Feed setting [%s ] KEY=VALUE: " 's/ \[.*//'
	check "$lang" "the feed settings prompt"
	ui_type 'interval=soon'
	ui_keys Enter
	seen "$lang" "not a duration (30m, 6h, 1d)" 's/ (.*//'
	check "$lang" "a setting's error"
	ui_keys Q
	seen "$lang" "Quit majlis?" 's/ majlis.*//'
	check "$lang" "the quit question"
	ui_keys Escape
done

exit 0
