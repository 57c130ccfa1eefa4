#!/usr/bin/env bash
# A newsboat config read as it is (majlis -c ~/.newsboat/config,
# majlis.conf(5) NEWSBOAT'S CONFIG): tests/data/newsboat-config, the 82
# lines of a daily newsboat user.  Every line is applied or named: the
# warnings are exactly the lines of the settings majlis has no equivalent
# for, each named as newsboat's, and those applied show at a fetch (the
# proxy with its type and use-proxy, the user agent, ignore-article).
. tests/lib.sh
server_start
server_routes '{"/sponsored": {"items": 2, "title": "Sponsored"}, "/news": {"items": 3, "title": "News"}}'
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
mkdir -p "$HOME/.newsboat"
nb="$HOME/.newsboat/config"
# The proxy (privoxy's port in the file) is the test server.
sed "s/^proxy 127.0.0.1:8118\$/proxy 127.0.0.1:$PORT/" tests/data/newsboat-config >"$nb"
grep -q "^proxy 127.0.0.1:$PORT\$" "$nb" || fail "the proxy line is not in the file"
[ "$(wc -l <"$nb")" -ge 60 ] || fail "the newsboat config is short"

run 0 "$MAJLIS" -c "$nb" feeds
# Each warning: the file, a line, and newsboat's name for what is missing.
expect_no_grep "nothing called unknown" "unknown setting" "$T/err"
awk -v f="majlis: $nb:" 'index($0, f) != 1 { print "not a line warning: " $0; bad = 1 }
    END { exit bad }' "$T/err" || fail "a warning without its file and line"
sed "s|^majlis: $nb:\([0-9]*\): .*|\1|" "$T/err" | paste -sd' ' >"$T/warned"
expect_eq "the lines named" "$(cat "$T/warned")" "11 31 32 36 37 38 39 41 42 43 44 45 46 67 70"
for kw in suppress-first-reload article-sort-order html-renderer notify-format player download-path; do
	expect_grep "$kw named as newsboat's" "^majlis: $nb:[0-9]*: '$kw' is a newsboat setting majlis does not have \(ignored\)$" "$T/err"
done
expect_grep "an operation majlis has no action for" ":67: bind-key: newsboat's operation 'edit-flags' has no majlis action" "$T/err"
expect_grep "a macro with a command's arguments" ":70: macro: newsboat's command 'set' takes arguments" "$T/err"
# Every other line is a comment, a blank, or a keyword majlis applies.
grep -vnE '^[[:space:]]*(#|$)' "$nb" | cut -d: -f1 | paste -sd' ' >"$T/lines"
for n in $(cat "$T/lines"); do
	case " $(cat "$T/warned") " in *" $n "*) continue ;; esac
	kw=$(sed -n "${n}p" "$nb" | awk '{ print $1 }')
	case " auto-reload reload-time reload-threads download-timeout max-items keep-articles-days refresh-on-startup user-agent cookie-cache ssl-verifypeer ssl-verifyhost use-proxy proxy proxy-type browser show-read-feeds show-read-articles goto-first-unread articlelist-format feedlist-format confirm-exit text-width datetime-format save-path notify-program ignore-article ignore-mode unbind-key bind-key macro color highlight highlight-article highlight-feed " in
	*" $kw "*) ;;
	*) fail "line $n ($kw) neither applied nor named" ;;
	esac
done

# Applied: through the proxy (use-proxy, proxy, proxy-type), as the user
# agent said; ignore-article marks the sponsored posts read, and
# keep-articles-days 90 then drops them (the test server's posts are of
# January 2025; unread ones are kept, expire-unread being no); with it 0
# (keep all), they stay, ignored.
subscribe "http://feeds.example.invalid/sponsored" "http://feeds.example.invalid/news"
run 0 "$MAJLIS" -c "$nb" fetch -q
expect_eq "through newsboat's proxy" "$(server_log_field /news proxied)" true
expect_eq "newsboat's user agent" "$(server_log_field /news ua)" "Mozilla/5.0 (X11; Linux x86_64) newsreader"
expect_eq "keep-articles-days: old read posts not kept" "$(sql "SELECT count(*) FROM posts WHERE title LIKE 'Sponsored%'")" 0
expect_eq "keep-articles-days: old unread posts kept" "$(sql 'SELECT count(*) FROM posts')" 3
sed -i 's/^keep-articles-days 90$/keep-articles-days 0/' "$nb"
rm -f "$MAJLIS_DB"
subscribe "http://feeds.example.invalid/sponsored" "http://feeds.example.invalid/news"
run 0 "$MAJLIS" -c "$nb" fetch -q
expect_eq "ignore-article: the sponsored posts ignored" "$(sql 'SELECT count(*) FROM posts WHERE ignored')" 2
expect_eq "the others kept" "$(sql 'SELECT count(*) FROM posts WHERE NOT ignored')" 3

# use-proxy no: newsboat connects directly, and so does majlis.
sed -i 's/^use-proxy yes$/use-proxy no/' "$nb"
: >"$T/server.log"
run 1 "$MAJLIS" -c "$nb" fetch -q
expect_eq "no proxy: the test server sees nothing" "$(jq -s length "$T/server.log")" 0
# A proxy-type newsboat does not have: refused, nothing fetched.
sed -i 's/^use-proxy no$/use-proxy yes/; s/^proxy-type http$/proxy-type socks6/' "$nb"
run 2 "$MAJLIS" -c "$nb" fetch -q
expect_grep "proxy-type named" "^majlis: $nb:21: proxy-type: 'socks6' is not one of" "$T/err"
expect_eq "refused: the test server sees nothing" "$(jq -s length "$T/server.log")" 0
exit 0
