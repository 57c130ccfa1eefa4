#!/usr/bin/env bash
# tests/ui/reader-search-hl.sh: what a search matched is drawn in the
# search colour, read from the screen's colours (capture-pane -e): in the
# list of matches, a word and an inflected Arabic form of it (صحفي, and
# الصحفيون with the article and the plural), reordered right to left as the
# title is; in the article opened from the list, in its header and in its
# text, an Arabic paragraph set flush right and an English one (bridges
# for bridge); never a word the search did not match (بغداد, الجسر).
. tests/lib.sh
. tests/ui/tmux.lib
vis() { ui_visual "$1"; }
cat >"$T/other.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Other</title><link>http://other.example/</link><description>x</description>
<item><title>صحفي آخر</title><link>http://other.example/1</link><guid>o1</guid>
<pubDate>Sun, 02 Jun 2024 10:00:00 GMT</pubDate><description>Another one.</description></item>
</channel></rss>
XML
server_routes '{"/press": {"body": "'"$PWD"'/tests/data/press-ar.xml"}, "/other": {"body": "'"$T"'/other.xml"}}'
server_start
subscribe "$BASE/press" "$BASE/other"
"$MAJLIS" fetch -q || fail "fetch"

# has_marked TEXT: is TEXT one of the runs drawn in the search colour?
has_marked() { ui_marked | sed 's/^current://' | grep -qxF -- "$1"; }

ui_start
ui_wait "Feeds (2)"
ui_keys /
ui_wait "Search:"
ui_type "صحفي"
ui_keys Enter
ui_wait "(2)"
ui_wait "$(vis "في بغداد")"
ui_wait "$(vis "آخر")"
# Both forms, each where the reordered title puts it; the rest is not.
ui_until 'has_marked "$(vis "الصحفيون")" && has_marked "$(vis "صحفي")"' ||
    { ui_marked; ui_screen; fail "the matches of صحفي are not highlighted in the list"; }
ui_marked >"$T/marked"
grep -qF "$(vis "بغداد")" "$T/marked" && { cat "$T/marked"; fail "بغداد is highlighted"; }
grep -qF "$(vis "آخر")" "$T/marked" && { cat "$T/marked"; fail "آخر is highlighted"; }
[ "$(wc -l <"$T/marked")" -eq 2 ] || { cat "$T/marked"; fail "more than the two matches highlighted"; }

# The article opened from the list (the cursor on its first row, the
# second of the screen, in rank order): its title in the header, its text.
ui_screen | sed -n 2p | grep -qF "$(vis "في بغداد")" || ui_keys j
ui_keys Enter
ui_wait "Title: $(vis "الصحفيون في بغداد")"
ui_wait "$(vis "قال صحفي إن الجسر مفتوح")"
ui_until 'has_marked "$(vis "الصحفيون")" && has_marked "$(vis "صحفي")"' ||
    { ui_marked; ui_screen; fail "the matches are not highlighted in the article"; }
ui_marked >"$T/marked"
grep -qF "$(vis "الجسر")" "$T/marked" && { cat "$T/marked"; fail "الجسر is highlighted"; }
grep -qF "$(vis "بغداد")" "$T/marked" && { cat "$T/marked"; fail "بغداد is highlighted in the article"; }
# The paragraph is right to left, set flush right: the highlighted word is
# in the line's last columns, the line in the order it is drawn.
line=$(ui_line "$(vis "قال صحفي إن الجسر مفتوح")")
case $line in *"$(vis "قال صحفي إن الجسر مفتوح")"|*"$(vis "قال صحفي إن الجسر مفتوح") ") ;;
*) fail "the Arabic paragraph is not flush right: '$line'" ;; esac
ui_keys q
ui_wait "Search: "

# An English stem: bridge finds and highlights "bridges" in the text.
ui_keys /
ui_wait "Search:"
ui_type "bridge"
ui_keys Enter
ui_wait "Search: bridge (1)"
ui_keys Enter
ui_wait "Reporters crossed"
ui_until 'has_marked "bridges"' || { ui_marked; ui_screen; fail "bridges is not highlighted"; }
ui_marked | grep -qxF "Reporters" && fail "a word not searched is highlighted"
ui_keys Q
ui_wait "majlis-exited-0"
exit 0
