#!/usr/bin/env bash
# TLS and cookies, newsboat's settings.  A server whose certificate no
# authority signed (a network's own) is refused by default; trusted with
# ca-file, or with CURL_CA_BUNDLE from the environment when ca-file is not
# set (ca-file wins); read without a check under ssl-verify = no, which a
# fetch warns of once.  cookie-cache = FILE keeps the cookies servers set
# in FILE (0600), sent back on the next fetch; by default there is none.
. tests/lib.sh
need openssl "openssl (./quickstart check installs it)"
unset CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1" 2>"$T/openssl.err" ||
    { cat "$T/openssl.err"; fail "openssl could not make the certificate"; }
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/other-key.pem" \
    -out "$T/other.pem" -days 2 -subj /CN=other 2>"$T/openssl.err" ||
    { cat "$T/openssl.err"; fail "openssl could not make the certificate"; }
server_start --cert "$T/cert.pem" --key "$T/key.pem"
server_routes '{"/jar": {"cookie": "sid=abc123; Path=/; Secure"}}'
subscribe "$BASE/feed" "$BASE/jar"

# --- verification ------------------------------------------------------------
: >"$MAJLIS_CONFIG"
run 1 "$MAJLIS" fetch "$BASE/feed"
expect_grep "refused by default: why" 'certificate' "$T/err"
expect_eq "refused: nothing stored" "$(sql 'SELECT count(*) FROM posts')" 0
expect_eq "refused: no request got through" "$(server_count /feed)" 0

printf 'ssl-verify = no\n' >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch "$BASE/feed" "$BASE/jar"
expect_eq "ssl-verify = no: stored" "$(sql 'SELECT count(*) FROM posts')" 6
expect_eq "ssl-verify = no: warned once" "$(grep -c 'ssl-verify = no' "$T/err")" 1
run 0 "$MAJLIS" fetch -q "$BASE/feed"
expect_eq "-q: still warned" "$(grep -c 'ssl-verify = no' "$T/err")" 1

printf 'ssl-verify = yes\n' >"$MAJLIS_CONFIG"
CURL_CA_BUNDLE="$T/cert.pem" run 0 "$MAJLIS" fetch "$BASE/feed"
expect_eq "CURL_CA_BUNDLE trusted: no warning" "$(cat "$T/err")" ""
printf 'ca-file = %s\n' "$T/cert.pem" >"$MAJLIS_CONFIG"
run 0 "$MAJLIS" fetch "$BASE/feed"
printf 'ca-file = %s\n' "$T/other.pem" >"$MAJLIS_CONFIG"
CURL_CA_BUNDLE="$T/cert.pem" run 1 "$MAJLIS" fetch "$BASE/feed"
expect_grep "ca-file wins over CURL_CA_BUNDLE" 'certificate' "$T/err"

# --- cookies -------------------------------------------------------------------
printf 'ca-file = %s\n' "$T/cert.pem" >"$MAJLIS_CONFIG"
: >"$T/server.log"
run 0 "$MAJLIS" fetch "$BASE/jar"
run 0 "$MAJLIS" fetch "$BASE/jar"
expect_eq "no cookie-cache: no cookie sent" \
    "$(jq -r 'select(.path == "/jar") | .headers[] | select(.[0] == "Cookie") | .[1]' "$T/server.log")" ""
[ ! -e "$T/cookies" ] || fail "a cookie file without cookie-cache"

printf 'ca-file = %s\ncookie-cache = %s\n' "$T/cert.pem" "$T/cookies" >"$MAJLIS_CONFIG"
(umask 000; "$MAJLIS" fetch "$BASE/jar" >"$T/out" 2>"$T/err") ||
    fail "fetch with cookie-cache: $(cat "$T/err")"
[ -f "$T/cookies" ] || fail "cookie-cache: no file written"
expect_eq "cookie-cache: private" "$(stat -c %a "$T/cookies")" 600
expect_grep "cookie-cache: the cookie stored" $'127\\.0\\.0\\.1\t.*\tsid\tabc123$' "$T/cookies"
: >"$T/server.log"
run 0 "$MAJLIS" fetch "$BASE/feed"
expect_eq "the cookie goes back to its server" \
    "$(jq -r 'select(.path == "/feed") | .headers[] | select(.[0] == "Cookie") | .[1]' "$T/server.log")" \
    "sid=abc123"
