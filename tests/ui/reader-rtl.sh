#!/usr/bin/env bash
# tests/ui/reader-rtl.sh: the reader in Arabic and in Sorani (LANGUAGE=ar,
# LANGUAGE=ckb, on the C.UTF-8 locale every Debian has: GNU gettext
# honours LANGUAGE whenever the messages' locale is not plain C).  The feed
# list's title, the help and a confirmation appear translated; the layout is
# mirrored (the first column of the feed list at the right edge, the counts
# at the left, the help's keys at the right); the arrows are mirrored (LEFT
# opens, RIGHT goes back), in the prompt too, whose cursor stands left of
# what is typed; 40x10 still works; "layout = ltr" keeps the
# translation and undoes the mirroring.  A build without the catalogues
# (--disable-nls) is English and left to right, mirrored by "layout = rtl".
. tests/lib.sh
. tests/ui/tmux.lib
# Columns are counted in characters: Arabic is two bytes a letter.
export LC_ALL=C.UTF-8
tests/ui/make-fixture || fail "could not build the fixture database"

# vis TEXT: TEXT as a right-to-left run is drawn (reversed).
vis() { ui_visual "$1"; }

# right_edge LINE COLS: does LINE reach column COLS-2, the last one before
# the two-column mark (state, error) that starts a mirrored row?
# (right_edge LINE COLS+2: does it reach the last column?)
right_edge() {
	local l=${1:0:$(($2 - 2))}
	l=${l%"${l##*[! ]}"}
	[ "${#l}" -eq $(($2 - 2)) ]
}

# The reader in a tmux server of its own (a new one on the socket of a
# server still going away fails to start), the previous one gone.
starts=0
start() {	# start LANGUAGE READY-TEXT [COLS ROWS]
	tmux -L "$UI_SOCK" kill-server 2>/dev/null
	starts=$((starts + 1))
	UI_SOCK="majlis$$-$starts"
	UI_ENV="LANGUAGE=$1" UI_READY="$2" ui_start "${3:-100}" "${4:-30}"
}

# A build without NLS (--disable-nls) speaks English in any language, and
# its layout is left to right unless the config says otherwise.
if [ ! -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ]; then
	start ar "Feeds (3)"
	ui_until "ui_line 'Majlis Test News' | grep -q '^.. .*(3/3) Majlis Test News'" ||
	    fail "no NLS: LANGUAGE=ar mirrors the English reader"
	printf 'layout = rtl\n' >"$MAJLIS_CONFIG"
	start ar "Feeds (3)"
	ui_until 'right_edge "$(ui_line "Majlis Test News")" 100'
	line=$(ui_line "Majlis Test News")
	right_edge "$line" 100 || fail "no NLS, layout = rtl: not mirrored: '$line'"
	echo "no catalogues in this build (--disable-nls): the layout only"
	exit 0
fi

printf 'confirm-quit = yes\n' >"$MAJLIS_CONFIG"

# --- Arabic ---------------------------------------------------------------
start ar "$(vis 'الخلاصات')"
ui_wait "$(vis 'كل ما لم')"
# (Polled: the rows are drawn one after the other.)
ui_until 'right_edge "$(ui_line "Majlis Test News")" 100'
line=$(ui_line "Majlis Test News")
right_edge "$line" 100 || { ui_screen; fail "ar: the feed's title is not at the right edge: '$line'"; }
case $line in
*"(3/3)"*"Majlis Test News"|*"(3/3)"*"Majlis Test News "?) ;;
*) fail "ar: the counts are not left of the title: '$line'" ;;
esac
[ "$(echo "$line" | cut -c1-14 | tr -d ' ')" = "(3/3)" ] ||
    fail "ar: the counts are not in the leftmost column: '$line'"
# The title bar runs from the right: "majlis" ends at the right edge.
ui_screen | head -n 1 | grep -q 'majlis *$' || { ui_screen | head -n 1; fail "ar: title bar"; }
# Mixed content: the English title above stays in order; an Arabic title is
# reordered and starts at the right edge too.
ui_until 'right_edge "$(ui_line "$(vis "أخبار المجلس")")" 100'
line=$(ui_line "$(vis 'أخبار المجلس')")
right_edge "$line" 100 || fail "ar: the Arabic feed's title is not at the right edge: '$line'"
# The status line, translated, runs from the right.
ui_keys s s
ui_wait "$(vis 'تظهر كل الخلاصات والتدوينات المقروءة')"
line=$(ui_screen | tail -n 1)
right_edge "$line" 102 || fail "ar: the status line does not end at the right edge: '$line'"

# The help: translated, its keys column at the right edge.
ui_keys '?'
ui_wait "$(vis 'المساعدة')"
ui_wait "$(vis 'إلى الأعلى')"
line=$(ui_line "$(vis 'إلى الأعلى')")
case $line in
*"$(vis 'إلى الأعلى')"*" up "*"k UP") ;;
*) fail "ar: help columns not mirrored: '$line'" ;;
esac
# The syntax a translated help line quotes reads as typed.
ui_wait "(title=, interval=, keep-days=, ...) $(vis 'إعدادات الخلاصة')"
ui_wait '(title =~ "x" and age < 7)'
# The arrows follow the screen: the help shows LEFT opening.
ui_until 'ui_line " open " | grep -q "LEFT"' || fail "ar: LEFT does not open"
ui_keys q
ui_wait_gone "$(vis 'المساعدة')"

# LEFT opens the row under the cursor (All unread), RIGHT goes back.
ui_keys g Left
ui_wait "$(vis 'كل ما لم') :majlis"
ui_keys Right
ui_wait "$(vis 'الخلاصات')"

# A post's header speaks Arabic as `majlis show` does, each label at the
# right with its colon towards the value, a space between them.
ui_keys g Left
ui_wait "$(vis 'كل ما لم') :majlis"
ui_keys Left
ui_wait ":$(vis 'العنوان')"
ui_wait ":$(vis 'الخلاصة')"
for label in Feed: Title: Author: Date: Link: Tags:; do
	ui_screen | grep -qF -- "$label" && { ui_screen; fail "ar: '$label' in the post's header"; }
done
line=$(ui_line ":$(vis 'التاريخ')")
case $line in
*[0-9]" :$(vis 'التاريخ')") ;;
*) fail "ar: the date is not left of its label, a space between: '$line'" ;;
esac
# Tagging says so in one Arabic sentence, the tags joined by the Arabic
# comma (typed with it too).
ui_keys t
ui_type 'سياسة، اقتصاد'
ui_keys Enter
ui_until 'ui_screen | tail -n 1 | grep -qF "$(vis "سياسة، اقتصاد")"' ||
    { ui_screen; fail "ar: the tagging message"; }
ui_screen | tail -n 1 | grep -q 'tagged\|,' && fail "ar: English or a Latin comma in the tagging message"
ui_keys Right Right
ui_wait "$(vis 'الخلاصات')"

# A filter in the Arabic title bar reads as it was typed, its quotes
# where they were; the marks that keep it so never reach the terminal.
tmux -L "$UI_SOCK" pipe-pane -o "cat >>'$T/bytes'"
ui_keys g F
ui_type 'age < 36500 and unread = "yes"'
ui_keys Enter
ui_until 'ui_screen | head -n 1 | grep -qF "age < 36500 and unread = \"yes\""' ||
    { ui_screen | head -n 1; fail "ar: the filter in the title bar is not in its order"; }
tmux -L "$UI_SOCK" pipe-pane
grep -q "$(printf '\342\200\216\|\342\200\217\|\342\201\250\|\342\201\251')" "$T/bytes" &&
    fail "ar: a direction mark or isolate was sent to the terminal"
ui_keys Right Right
ui_wait "$(vis 'الخلاصات')"

# The prompt: its label at the right edge, what is typed grows leftwards,
# the cursor left of it; the arrows move it as they point (RIGHT: back
# towards the start of the Arabic word, which is on the right).
cursor() { tmux -L "$UI_SOCK" display -p '#{cursor_x}'; }
ui_keys /
ui_wait "$(vis 'بحث:')"
ui_type "سلام"
ui_wait "$(vis 'بحث: سلام')"
ui_screen | tail -n 1 | grep -q "$(vis 'بحث: سلام')\$" ||
    fail "ar: the prompt does not start at the right edge"
# 100 columns: the label "بحث: " takes 5 at the right, the word 4 more.
# (The cursor is put in its place after the text is drawn: polled.)
ui_until '[ "$(cursor)" = 90 ]'
expect_eq "ar: cursor after typing" "$(cursor)" 90
ui_keys Right Right
ui_until '[ "$(cursor)" = 92 ]'
expect_eq "ar: cursor after two RIGHT" "$(cursor)" 92
ui_keys Escape
ui_wait_gone "$(vis 'بحث:')"

# A confirmation, translated, with the answers in Arabic letters (ن for
# نعم, ل for لا), answered with one key: "ل" keeps the reader open.
ui_keys Q
ui_wait "$(vis 'الخروج')"
ui_wait "$(vis 'ن/ل')"
ui_type 'ل'
ui_wait_gone "$(vis 'الخروج')"
# Had the reader quit, its screen would be gone with the question.
ui_wait "$(vis 'الخلاصات')"
ui_screen | grep -q majlis-exited && fail "ar: quit although answered no"

# 40x10: still mirrored, still drawn.
ui_resize 40 10
ui_wait "$(vis 'الخلاصات')"
ui_until 'right_edge "$(ui_line "Majlis Test News")" 40'
line=$(ui_line "Majlis Test News")
right_edge "$line" 40 || { ui_screen; fail "ar 40x10: not at the right edge: '$line'"; }
ui_keys '?'
ui_wait "$(vis 'المساعدة')"
ui_keys q
ui_resize 100 30

# Yes, in the language's letter, quits.
ui_keys Q
ui_wait "$(vis 'الخروج')"
ui_type 'ن'
ui_wait "majlis-exited-0"

# --- Sorani ---------------------------------------------------------------
start ckb "$(vis 'فیدەکان')"
ui_wait "$(vis 'هەموو نەخوێندراوەکان')"
ui_until 'right_edge "$(ui_line "Majlis Test News")" 100'
line=$(ui_line "Majlis Test News")
right_edge "$line" 100 || fail "ckb: the feed's title is not at the right edge: '$line'"
ui_keys '?'
ui_wait "$(vis 'یارمەتی')"
ui_wait "$(vis 'بڕۆ سەرەوە')"
ui_keys q
ui_keys Q
ui_wait "$(vis 'دەربچیت')"
ui_wait "$(vis 'ب/ن')"
ui_keys Escape
ui_wait_gone "$(vis 'دەربچیت')"
# ن is no in Sorani (نەخێر), ب yes (بەڵێ).
ui_keys Q
ui_wait "$(vis 'دەربچیت')"
ui_type 'ن'
ui_wait_gone "$(vis 'دەربچیت')"
ui_screen | grep -q majlis-exited && fail "ckb: quit on ن (no)"
ui_keys Q
ui_wait "$(vis 'دەربچیت')"
ui_type 'ب'
ui_wait "majlis-exited-0"

# --- layout = ltr: translated, not mirrored ---------------------------------
printf 'layout = ltr\n' >"$MAJLIS_CONFIG"
start ar "$(vis 'الخلاصات')"
ltr_row() {
	line=$(ui_line "Majlis Test News")
	case $line in
	??*"(3/3) Majlis Test News"*) ;;
	*) return 1 ;;
	esac
}
ui_until ltr_row || fail "layout = ltr: the row is not left to right: '$line'"
ui_keys '?'
ui_wait "$(vis 'إلى الأعلى')"
ui_until 'ui_line " open " | grep -q "RIGHT"' || fail "layout = ltr: RIGHT does not open"
exit 0
