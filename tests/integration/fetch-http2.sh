#!/usr/bin/env bash
# HTTP/2: a host that answers over HTTP/2 carries many feeds at once as
# streams of its connections, never more than max-per-host (2) of them;
# an HTTP/1.1 host keeps to 2 transfers at a time.  nginx serves both over
# TLS (a certificate of the test's own, trusted with ca-file), in front
# of the test server, whose answers are slow (150 ms) so that what runs
# at once shows in nginx's log; the host names are pinned to 127.0.0.1
# with resolve.
# Also: 80 feeds on 2 hosts all fetched (the per-host queues).
. tests/lib.sh
need nginx "nginx (./quickstart check installs it)"
need openssl "openssl (./quickstart check installs it)"
server_start

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
H2=$(free_port)
H1=$(free_port)
[ "$H1" != "$H2" ] || H1=$(free_port)
N=$T/nginx
mkdir -p "$N/logs" "$N/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$N/key.pem" \
    -out "$N/cert.pem" -days 2 -subj /CN=h2.test \
    -addext "subjectAltName=DNS:h2.test,DNS:h1.test" 2>"$N/openssl.err" ||
    { cat "$N/openssl.err"; fail "openssl could not make the certificate"; }
user=
[ "$(id -u)" = 0 ] && user="user root root;"
cat >"$N/nginx.conf" <<EOF
$user
daemon off;
master_process off;
worker_processes 1;
pid $N/nginx.pid;
error_log $N/logs/error.log warn;
events { worker_connections 256; }
http {
  log_format t '\$host \$connection \$server_protocol \$status \$msec \$request_time';
  access_log $N/access.log t;
  client_body_temp_path $N/tmp/body;
  proxy_temp_path $N/tmp/proxy;
  fastcgi_temp_path $N/tmp/fastcgi;
  uwsgi_temp_path $N/tmp/uwsgi;
  scgi_temp_path $N/tmp/scgi;
  ssl_certificate $N/cert.pem;
  ssl_certificate_key $N/key.pem;
  keepalive_timeout 60;
  server {
    listen 127.0.0.1:$H2 ssl http2;
    location / { proxy_pass http://127.0.0.1:$PORT; proxy_set_header Host \$host; }
  }
  server {
    listen 127.0.0.1:$H1 ssl;
    location / { proxy_pass http://127.0.0.1:$PORT; proxy_set_header Host \$host; }
  }
}
EOF
nginx -c "$N/nginx.conf" -p "$N" 2>"$N/start.err" &
NGINX_PID=$!
at_exit "kill $NGINX_PID 2>/dev/null; wait $NGINX_PID 2>/dev/null"
for i in $(seq 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$H1") 2>/dev/null &&
	    (exec 3<>"/dev/tcp/127.0.0.1/$H2") 2>/dev/null && break
	kill -0 "$NGINX_PID" 2>/dev/null || { cat "$N/start.err"; fail "nginx died"; }
	sleep 0.05
done

cat >"$MAJLIS_CONFIG" <<EOF
ca-file = $N/cert.pem
resolve = h2.test:$H2:127.0.0.1 h1.test:$H1:127.0.0.1
EOF
for i in $(seq 40); do
	echo "https://h2.test:$H2/f$i?delay=150&title=Two$i"
	echo "https://h1.test:$H1/g$i?delay=150&title=One$i"
done >"$T/urls"
"$MAJLIS" import "$T/urls" >/dev/null || fail "import"
run_status "$MAJLIS" fetch >"$T/rc"
expect_eq "fetch exit" "$(cat "$T/rc")" 0
expect_eq "every feed fetched" "$(sql "SELECT count(*) FROM feeds
    WHERE status = 200 AND error IS NULL")" 80

# What nginx saw: the protocol, and how many connections to each host.
conns() { awk -v h="$1" '$1 == h { print $2 }' "$N/access.log" | sort -u | wc -l; }
expect_eq "h2.test spoke HTTP/2" \
    "$(awk '$1 == "h2.test" { print $3 }' "$N/access.log" | sort -u)" "HTTP/2.0"
expect_eq "h1.test spoke HTTP/1.1" \
    "$(awk '$1 == "h1.test" { print $3 }' "$N/access.log" | sort -u)" "HTTP/1.1"
[ "$(conns h2.test)" -le 2 ] || fail "h2.test: $(conns h2.test) connections, more than 2"
[ "$(conns h1.test)" -le 2 ] || fail "h1.test: $(conns h1.test) connections, more than 2"
# How many of a host's requests nginx had at once: each request's time
# there (its end, $msec, less $request_time), trimmed by 50 ms at both
# ends, so that one request following another on the same connection
# never counts as at once (each takes 150 ms or more).
most() {
	awk -v h="$1" '$1 == h { s = $5 - $6 + 0.05; e = $5 - 0.05
		if (e > s) { printf "%.3f 1\n%.3f -1\n", s, e } }' "$N/access.log" |
	    sort -g -k1,1 -k2,2 | awk '{ n += $2; if (n > m) m = n } END { print m + 0 }'
}
[ "$(most h1.test)" -le 2 ] || fail "h1.test: $(most h1.test) requests at once, more than 2"
[ "$(most h2.test)" -gt 2 ] ||
    fail "h2.test: at most $(most h2.test) at once: its streams were not used"
exit 0
