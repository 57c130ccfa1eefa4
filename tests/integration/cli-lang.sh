#!/usr/bin/env bash
# tests/integration/cli-lang.sh: what the commands say to a person, in
# Arabic and in Sorani, carries no English of majlis's own.  Each command
# below (its messages on stderr, and the human output on stdout of those
# whose output is not a machine format) runs under LANGUAGE=ar and
# LANGUAGE=ckb; every ASCII word (3 letters or more) it writes must be one
# of: the feeds' and posts' own text, the paths and arguments given, the
# command and option names, or the syntax a translation keeps (a word of
# the catalogues' translations).  The system's own words (strerror(), which
# the C library translates where its catalogues are installed) and a
# server's or libcurl's are not majlis's, and not run into here.  The columns of feeds and posts and
# --json are machine formats (DESIGN.md) and are not checked here.
. tests/lib.sh
[ -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ] || {
	echo "a build without the catalogues (--disable-nls): English"
	exit 0
}
server_start

# The ASCII words, but for metavariables (FILE, URL: all capitals).
words() { grep -oE '[A-Za-z][A-Za-z-]{2,}' | grep -v '^[A-Z-]*$' | sort -u; }

feed="$BASE/fetch-utf8-arabic.xml"
printf '%s\nhttp://127.0.0.1:9/gone.xml\n' "$feed" >"$T/urls"
"$MAJLIS" import "$T/urls" >/dev/null || fail "import"
"$MAJLIS" fetch -q "$feed" || fail "fetch"
id=$(sql "SELECT min(id) FROM posts")
echo '<opml version="2.0"><body></body>' >"$T/bad.opml"

# The allowed words: the cache's text, what is given on the command lines
# below, the commands' and options' names, the filter's attributes, the
# translations' syntax.
{
	"$MAJLIS" posts --all --json
	"$MAJLIS" feeds --json
	sql "SELECT coalesce(summary, '') || ' ' || coalesce(content, '')
	    FROM bodies"
	echo "$T $BASE $feed gone none xml opml urls news interval soon title bogus colour red open bad"
	sed -n 's/.*\.name = "\([^"]*\)".*/\1/p; s/.*\.usage = "\([^"]*\)".*/\1/p' src/cmd-*.c
	grep -ho '{ "[a-z-]*",' src/cmd-*.c src/main.c src/prog-*.c
	# The filter language's attributes, which its errors list.
	sed -n 's/^	{ "\([a-z_]*\)", A_.*/\1/p' src/filter.c
	grep -h '^msgstr' po/ar.po po/ckb.po
} | words >"$T/allowed"

# says LANGUAGE WHAT CMD...: CMD's messages (and human output) have no
# English word that is not allowed.
says() {
	local lang=$1 what=$2 bad
	shift 2
	LANGUAGE=$lang LC_ALL=C.UTF-8 "$MAJLIS" "$@" >"$T/out" 2>"$T/err"
	bad=$(cat "$T/out" "$T/err" | words | comm -23 - "$T/allowed" |
	    tr '\n' ' ')
	[ -z "$bad" ] || { cat "$T/err" "$T/out"; fail "$lang, $what: English: $bad"; }
}

for lang in ar ckb; do
	says "$lang" "the usage" --help
	says "$lang" "an unknown command" bogus
	says "$lang" "an unknown option" posts --bogus
	says "$lang" "a post" show "$id"
	says "$lang" "a missing post" show 999999
	says "$lang" "a missing post to tag" tag 999999 news
	says "$lang" "tagging" tag "$id" news
	says "$lang" "a feed's settings" feed "$feed"
	says "$lang" "a bad setting" feed "$feed" interval=soon
	says "$lang" "an unknown setting" feed "$feed" colour=red
	says "$lang" "a bad filter" posts --filter 'title =~ "x" and'
	says "$lang" "a bad search" posts --search '"open'
	says "$lang" "an import's summary" import "$T/urls"
	says "$lang" "a file that is not OPML" import "$T/bad.opml"
	says "$lang" "a fetch's summary" fetch "$feed"
	says "$lang" "a failing fetch" fetch http://127.0.0.1:9/gone.xml
	says "$lang" "an unknown feed" fetch http://127.0.0.1:9/none.xml
	says "$lang" "marking" mark --read "$id"
done
exit 0
