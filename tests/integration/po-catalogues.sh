#!/usr/bin/env bash
# tests/integration/po-catalogues.sh: every message of the sources has a
# translation in each catalogue of po/LINGUAS (Arabic, Sorani), none fuzzy,
# and 'msgfmt --check' passes (po/check-catalogues); and the programs speak
# the catalogues: an error of majlis, of majlis-net and of majlis-xml under
# LANGUAGE=ar and LANGUAGE=ckb, while exit codes and --json stay the same.
. tests/lib.sh
need xgettext "gettext (xgettext)"
need msgattrib "gettext (msgattrib)"

po/check-catalogues || fail "the catalogues are not complete (po/check-catalogues)"

[ -f "$(dirname "$MAJLIS_BIN")/locale/ar/LC_MESSAGES/majlis.mo" ] || {
	echo "a build without the catalogues (--disable-nls): the programs speak English"
	exit 0
}

# say LANGUAGE WANT-STATUS PATTERN CMD...: CMD's stderr matches PATTERN.
say() {
	local lang=$1 want=$2 pat=$3 rc
	shift 3
	LANGUAGE=$lang LC_ALL=C.UTF-8 "$MAJLIS" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq "$want" ] || { cat "$T/err"; fail "$lang: majlis $* exited $rc, not $want"; }
	grep -q -- "$pat" "$T/err" || { cat "$T/err"; fail "$lang: majlis $*: no '$pat'"; }
}
say ar 2 'أمر غير معروف' bogus
say ckb 2 'فەرمانی نەناسراو' bogus
say ar 2 'ليس رقم تدوينة' show x			# majlis
say ar 2 'ليس عددًا بين 1 و256' fetch -j 0		# majlis-net
echo '<opml version="2.0"><body></body>' >"$T/bad.opml"
say ckb 2 'پێکهاتەی XML دروست نییە' import "$T/bad.opml"	# majlis-xml
# The English message without LANGUAGE; and LANGUAGE is no use in plain C.
say "" 2 'unknown command' bogus
LANGUAGE=ar LC_ALL=C "$MAJLIS" bogus 2>&1 | grep -q 'unknown command' ||
    fail "LANGUAGE=ar in the C locale is not English (as gettext has it)"

# Messages once left in English: the import's summary, a feed setting's
# error, why a feed is disabled (stored as a token, said in the language).
feed=http://127.0.0.1:9/feed.xml
echo "$feed" >"$T/urls"
LANGUAGE=ar LC_ALL=C.UTF-8 "$MAJLIS" import "$T/urls" >"$T/out" ||
    fail "import under LANGUAGE=ar"
grep -q "/urls: 1 جديدة، 0 مشترك فيها من قبل، 0 مرفوضة$" "$T/out" ||
    { cat "$T/out"; fail "ar: the import's summary"; }
LANGUAGE=ckb LC_ALL=C.UTF-8 "$MAJLIS" import "$T/urls" >"$T/out"
grep -q "/urls: 0 نوێ، 1 پێشتر بەشداری تێدا کراوە، 0 ڕەتکرانەوە$" "$T/out" ||
    { cat "$T/out"; fail "ckb: the import's summary"; }
say ar 2 'interval=abc: ليست مدة' feed "$feed" interval=abc
say ckb 2 'ژمارەی 0 یان زیاتر نییە' feed "$feed" keep-posts=-1
"$MAJLIS" feed "$feed" enabled=no || fail "disable the feed"
expect_eq "the reason stored as it was" \
    "$(sql "SELECT disabled_reason FROM feeds")" "by the user"
say ar 0 'معطّلة: بيد المستخدم' fetch "$feed"
LANGUAGE=ckb LC_ALL=C.UTF-8 "$MAJLIS" feed "$feed" >"$T/out"
grep -q 'لەلایەن بەکارهێنەرەوە' "$T/out" || { cat "$T/out"; fail "ckb: why disabled"; }

# Machine output does not change with the language.
"$MAJLIS" feeds --json >"$T/en.json"
"$MAJLIS" posts --json >"$T/en-posts.json"
for lang in ar ckb; do
	LANGUAGE=$lang LC_ALL=C.UTF-8 "$MAJLIS" feeds --json >"$T/$lang.json"
	cmp -s "$T/en.json" "$T/$lang.json" ||
	    fail "feeds --json changes with the language ($lang)"
	LANGUAGE=$lang LC_ALL=C.UTF-8 "$MAJLIS" posts --json >"$T/$lang-posts.json"
	cmp -s "$T/en-posts.json" "$T/$lang-posts.json" ||
	    fail "posts --json changes with the language ($lang)"
done
exit 0
