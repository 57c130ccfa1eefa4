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
say ckb 2 'XML ـێکی دروست نییە' import "$T/bad.opml"	# majlis-xml
# The English message without LANGUAGE; and LANGUAGE is no use in plain C.
say "" 2 'unknown command' bogus
LANGUAGE=ar LC_ALL=C "$MAJLIS" bogus 2>&1 | grep -q 'unknown command' ||
    fail "LANGUAGE=ar in the C locale is not English (as gettext has it)"

# Machine output does not change with the language.
"$MAJLIS" feeds --json >"$T/en.json"
LANGUAGE=ar LC_ALL=C.UTF-8 "$MAJLIS" feeds --json >"$T/ar.json"
cmp -s "$T/en.json" "$T/ar.json" || fail "feeds --json changes with the language"
exit 0
