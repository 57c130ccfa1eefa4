#!/usr/bin/env bash
# tests/ui/reader-highlight.sh: newsboat's highlight lines, read from the
# screen's colours (capture-pane -e).  highlight article colours every
# match of its regular expression in the article, case ignored (BRIDGES
# finds bridges), an Arabic word in a right-to-left paragraph where the
# reordering puts it (صحفي, reversed, the line flush right), never a word
# it does not match (الجسر); articlelist and feedlist colour the lists'
# rows, all all three; highlight-article colours the post rows its filter
# matches, highlight-feed the feed rows its feed filter matches.
. tests/lib.sh
. tests/ui/tmux.lib
vis() { ui_visual "$1"; }
cat >"$T/other.xml" <<XML
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Other</title><link>http://other.example/</link><description>x</description>
<item><title>Quiet day</title><link>http://other.example/1</link><guid>o1</guid>
<pubDate>Sun, 02 Jun 2024 10:00:00 GMT</pubDate><description>Another one.</description></item>
</channel></rss>
XML
server_routes '{"/press": {"body": "'"$PWD"'/tests/data/press-ar.xml"}, "/other": {"body": "'"$T"'/other.xml"}}'
server_start
subscribe "$BASE/press" "$BASE/other"
"$MAJLIS" fetch -q || fail "fetch"

cat >"$MAJLIS_CONFIG" <<'CFG'
highlight article "BRIDGES|صحفي" red
highlight articlelist "market" green
highlight feedlist "^oth" magenta
highlight all "crossed" cyan blue
highlight article "^(Feed|Title|Author|Link|Date):" color75 default bold
highlight-article "title =~ \"^market\" and unread = \"yes\"" white red
highlight-feed "unread_count > 1" yellow red
CFG

# has_marked FG BG TEXT: is TEXT one of the runs drawn in FG on BG?
has_marked() { ui_marked "$1" "$2" | grep -qxF -- "$3"; }

ui_start
ui_wait "Feeds (2)"
ui_until 'has_marked 5 -1 "Oth"' ||
    { ui_marked 5 -1; ui_screen; fail "the feed list's match is not highlighted"; }
# A feed's rows only: not the article's pattern's, not the post list's.
ui_marked 2 -1 | grep -q . && fail "articlelist's line coloured the feed list"
# highlight-feed: Press (2 unread) in yellow on red, Other (1) not.
ui_until 'ui_marked 3 1 | grep -qF "Press"' ||
    { ui_marked 3 1; ui_screen; fail "highlight-feed did not colour Press"; }
ui_marked 3 1 | grep -qF "Other" && fail "highlight-feed coloured Other"

# Press, its posts: Market in green, the title's word only.
ui_keys j Enter
ui_wait "Market prices"
ui_until 'has_marked 2 -1 "Market"' ||
    { ui_marked 2 -1; ui_screen; fail "the post list's match is not highlighted"; }
ui_marked 1 -1 | grep -q . && fail "article's line coloured the post list"
# highlight-article: the row of Market prices (the cursor is on the first
# row, the Arabic post's) in white on red, its word Market still green.
ui_until 'ui_marked 7 1 | grep -qF "prices"' ||
    { ui_marked 7 1; ui_screen; fail "highlight-article did not colour the row"; }
ui_marked 7 1 | grep -qF "$(vis "بغداد")" && fail "highlight-article coloured another row"
# Read (N on it), the post is no longer unread: its row loses the look.
ui_keys j N k
ui_until '! ui_marked 7 1 | grep -qF "prices"' ||
    { ui_marked 7 1; ui_screen; fail "a post read keeps highlight-article's look"; }

# The Arabic post: صحفي in red where the reordered line shows it.
ui_screen | sed -n 2p | grep -qF "$(vis "في بغداد")" || ui_keys j
ui_keys Enter
ui_wait "$(vis "قال صحفي إن الجسر مفتوح")"
ui_until 'has_marked 1 -1 "$(vis "صحفي")" && has_marked 1 -1 "bridges"' ||
    { ui_marked 1 -1; ui_screen; fail "the article's matches are not highlighted"; }
# A regular expression matches inside a word: صحفي in the title's
# الصحفيون too, and nothing else.
ui_marked 1 -1 >"$T/marked"
[ "$(grep -cxF "$(vis "صحفي")" "$T/marked")" -eq 2 ] &&
    [ "$(wc -l <"$T/marked")" -eq 3 ] ||
    { cat "$T/marked"; fail "not the three matches highlighted"; }
grep -qF "$(vis "الجسر")" "$T/marked" && fail "الجسر is highlighted"
has_marked 6 4 "crossed" || { ui_marked 6 4; fail "all's line is not in the article"; }
# newsboat's favourite: the header's labels (English, left to right).
has_marked 75 -1 "Title:" || { ui_marked 75 -1; fail "the label Title: is not highlighted"; }
line=$(ui_line "$(vis "قال صحفي إن الجسر مفتوح")")
case $line in *"$(vis "قال صحفي إن الجسر مفتوح")"|*"$(vis "قال صحفي إن الجسر مفتوح") ") ;;
*) fail "the Arabic paragraph is not flush right: '$line'" ;; esac
ui_keys Q
ui_wait "majlis-exited-0"
exit 0
