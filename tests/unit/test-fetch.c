/*
 * Unit tests for the fetcher's pure parts (fetch-http.c: status lines,
 * headers, charsets, Retry-After; discover.c: feed links in HTML) and for
 * the failures the engine must turn into one-line messages without a
 * server (refused connection, a URL that is not http).  Everything that
 * needs a live server is in tests/integration/fetch-*.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "majlis.h"

static void
test_status_line(void **state)
{
	const char	*l;
	char		*reason = NULL;
	long		 code = 0;

	l = "HTTP/1.1 404 Not Found\r\n";
	assert_int_equal(http_status_line(l, strlen(l), &code, &reason), 1);
	assert_int_equal(code, 404);
	assert_string_equal(reason, "Not Found");
	free(reason);

	/* HTTP/2 has no reason phrase. */
	l = "HTTP/2 304\r\n";
	assert_int_equal(http_status_line(l, strlen(l), &code, &reason), 1);
	assert_int_equal(code, 304);
	assert_string_equal(reason, "");
	free(reason);

	/* Control characters in a reason never reach the terminal. */
	l = "HTTP/1.0 500 Bad\033[2J Thing\r\n";
	assert_int_equal(http_status_line(l, strlen(l), &code, &reason), 1);
	assert_string_equal(reason, "Bad[2J Thing");
	free(reason);

	l = "Content-Type: text/html\r\n";
	assert_int_equal(http_status_line(l, strlen(l), &code, NULL), 0);
	l = "HTTP/1.1 20\r\n";
	assert_int_equal(http_status_line(l, strlen(l), &code, NULL), 0);
}

static void
test_header_value(void **state)
{
	const char	*l = "ETag:   \"abc\"  \r\n";
	char		*v;

	v = http_header_value(l, strlen(l), "etag");
	assert_non_null(v);
	assert_string_equal(v, "\"abc\"");
	free(v);
	l = "last-MODIFIED: Wed, 01 Jan 2025 00:00:00 GMT\r\n";
	v = http_header_value(l, strlen(l), "Last-Modified");
	assert_string_equal(v, "Wed, 01 Jan 2025 00:00:00 GMT");
	free(v);
	/* A longer header name that starts alike is another header. */
	l = "ETagged: x\r\n";
	assert_null(http_header_value(l, strlen(l), "etag"));
	l = "\r\n";
	assert_null(http_header_value(l, strlen(l), "etag"));
}

static void
test_content_type(void **state)
{
	char	*s;

	s = http_media_type(" Text/HTML ; charset=UTF-8");
	assert_string_equal(s, "text/html");
	free(s);
	assert_null(http_media_type(""));
	assert_null(http_media_type(NULL));

	s = http_charset("text/xml; charset=ISO-8859-1");
	assert_string_equal(s, "ISO-8859-1");
	free(s);
	s = http_charset("application/rss+xml;format=x; Charset = \"windows-1256\"");
	assert_string_equal(s, "windows-1256");
	free(s);
	/* Only a name: nothing that could smuggle anything else along. */
	s = http_charset("text/xml; charset=utf-8\"; x=1");
	assert_string_equal(s, "utf-8");
	free(s);
	assert_null(http_charset("text/xml"));
	assert_null(http_charset("text/xml; charset="));
	assert_null(http_charset("text/xml; format=flowed"));
}

static void
test_retry_after(void **state)
{
	const time_t	 now = 1735689600;	/* 2025-01-01 00:00:00 UTC */

	assert_int_equal(http_retry_after("120", now), now + 120);
	assert_int_equal(http_retry_after(" 0", now), now);
	assert_int_equal(http_retry_after("Wed, 01 Jan 2025 01:00:00 GMT",
	    now), now + 3600);
	/* A date in the past means "now". */
	assert_int_equal(http_retry_after("Tue, 31 Dec 2024 00:00:00 GMT",
	    now), now);
	/* Absurd delays are capped at a week. */
	assert_int_equal(http_retry_after("99999999999999999999", now),
	    now + 7 * 24 * 3600);
	assert_int_equal(http_retry_after("12abc", now), 0);
	assert_int_equal(http_retry_after("soon", now), 0);
	assert_int_equal(http_retry_after(NULL, now), 0);
}

static void
test_status_message(void **state)
{
	char	*s;

	s = http_status_message(404, "");
	assert_string_equal(s, "HTTP 404 Not Found");
	free(s);
	s = http_status_message(500, "Kaput");
	assert_string_equal(s, "HTTP 500 Kaput");
	free(s);
	s = http_status_message(599, NULL);
	assert_string_equal(s, "HTTP 599");
	free(s);
}

static void
test_discover_html(void **state)
{
	const char	*html;
	char		*s;

	html = "<html><head><title>x</title>"
	    "<link rel=stylesheet href=/s.css>"
	    "<link rel=\"Alternate home\" type=\"application/atom+xml\" "
	    "href=\"http://example.org/atom.xml\">"
	    "<link rel=alternate type=application/rss+xml href=/rss.xml>"
	    "</head><body></body></html>";
	s = discover_in_html(html, strlen(html), "http://example.org/", NULL);
	assert_non_null(s);
	assert_string_equal(s, "http://example.org/atom.xml");
	free(s);

	/* Not a feed type, not alternate, or no href: nothing. */
	html = "<html><head>"
	    "<link rel=alternate type=text/html href=/fr/>"
	    "<link rel=feed type=application/rss+xml href=/x.xml>"
	    "<link rel=alternate type=application/rss+xml>"
	    "</head></html>";
	assert_null(discover_in_html(html, strlen(html),
	    "http://example.org/", NULL));

	/* Tag soup is still read. */
	html = "<p>unclosed <div><LINK REL=ALTERNATE "
	    "TYPE='application/rss+xml; charset=utf-8' "
	    "HREF='http://example.net/feed'>";
	s = discover_in_html(html, strlen(html), "http://example.org/", NULL);
	assert_non_null(s);
	assert_string_equal(s, "http://example.net/feed");
	free(s);

	/* Only http(s) feeds are offered. */
	html = "<link rel=alternate type=application/rss+xml "
	    "href=\"file:///etc/passwd\">";
	assert_null(discover_in_html(html, strlen(html),
	    "http://example.org/", NULL));
	assert_null(discover_in_html("", 0, "http://example.org/", NULL));
}

static void
test_discover_relative(void **state)
{
	const char	*html;
	char		*s;

	html = "<head><link rel=alternate type=application/rss+xml "
	    "href=\"feed.xml\"></head>";
	s = discover_in_html(html, strlen(html),
	    "http://example.org/blog/index.html", NULL);
	assert_non_null(s);
	assert_string_equal(s, "http://example.org/blog/feed.xml");
	free(s);

	html = "<head><base href=\"http://cdn.example.org/a/\">"
	    "<link rel=alternate type=application/atom+xml "
	    "href=\"../atom\"></head>";
	s = discover_in_html(html, strlen(html), "http://example.org/", NULL);
	assert_non_null(s);
	assert_string_equal(s, "http://cdn.example.org/atom");
	free(s);
}

struct collected {
	int	 calls;
	long	 status;
	char	*error;
};

static void
collect(struct fetch_job *job, void *arg)
{
	struct collected	*c = arg;

	c->calls++;
	c->status = job->status;
	free(c->error);		/* keep the last one */
	c->error = job->error;
	job->error = NULL;	/* taken: fetch_run() must not free it */
}

static void
test_fetch_refused(void **state)
{
	struct fetch_opts	 o;
	struct fetch_job	 job;
	struct collected	 c;

	fetch_opts_default(&o);
	o.connect_timeout = 5;
	memset(&job, 0, sizeof job);
	memset(&c, 0, sizeof c);
	/* Port 1 on the loopback: nobody listens there. */
	job.url = "http://127.0.0.1:1/feed.xml";
	assert_int_equal(fetch_run(&job, 1, &o, collect, &c), 0);
	assert_int_equal(c.calls, 1);
	assert_int_equal(c.status, 0);
	assert_non_null(c.error);
	assert_string_equal(c.error, "connection refused");
	free(c.error);
}

/*
 * Proxy-only mode: which jobs may run (fetch_refused()), what tor = yes
 * sets, and a job with its proxy down or missing: never a direct
 * connection, and the error says why.
 */
static void
test_fetch_proxy_only(void **state)
{
	static const char conf[] = "tor = yes\n";
	struct config		 cfg;
	struct fetch_opts	 o;
	struct fetch_job	 jobs[2];
	struct collected	 c;
	char			*err = NULL;

	fetch_opts_default(&o);
	o.proxy = "socks5h://127.0.0.1:9050";
	assert_null(fetch_refused(&o, "exec:make-feed", NULL));
	o.proxy_only = 1;
	assert_null(fetch_refused(&o, "http://a.onion/", NULL));
	assert_string_equal(fetch_refused(&o, "exec:make-feed", NULL),
	    "a command feed is not run in proxy-only mode");
	assert_non_null(fetch_refused(&o, "filter:x:http://a.example/", NULL));
	/* A feed's "" or "none" is the configured proxy, not none. */
	assert_null(fetch_refused(&o, "http://a.example/", ""));
	assert_null(fetch_refused(&o, "http://a.example/", "none"));
	assert_null(fetch_refused(&o, "http://a.example/",
	    "http://127.0.0.1:3128"));
	assert_null(fetch_refused(&o, "http://a.example/",
	    "socks4a://127.0.0.1:9150"));
	assert_non_null(fetch_refused(&o, "http://a.example/",
	    "socks5://127.0.0.1:9150"));
	assert_non_null(fetch_refused(&o, "http://a.example/",
	    "SOCKS4://127.0.0.1:9150"));
	o.proxy = "socks5://127.0.0.1:9050";
	assert_non_null(fetch_refused(&o, "http://a.example/", NULL));
	o.proxy = NULL;
	assert_non_null(fetch_refused(&o, "http://a.example/", NULL));

	/* tor = yes: Tor's port, isolation, a common User-Agent, no jar. */
	config_defaults(&cfg);
	assert_int_equal(config_parse(&cfg, conf, strlen(conf), "cfg",
	    &err), 0);
	free(cfg.cookie_cache);
	cfg.cookie_cache = xstrdup("/tmp/jar");
	fetch_opts_config(&o, &cfg);
	assert_string_equal(o.proxy, FETCH_TOR_PROXY);
	assert_true(o.proxy_only);
	assert_true(o.isolate);
	assert_string_equal(o.user_agent, FETCH_PRIVATE_UA);
	assert_null(o.cookie_cache);
	config_free(&cfg);

	/* The proxy down (port 1), or none: the error, nothing else. */
	fetch_opts_default(&o);
	o.proxy_only = 1;
	o.connect_timeout = 5;
	memset(jobs, 0, sizeof jobs);
	memset(&c, 0, sizeof c);
	jobs[0].url = "http://127.0.0.1:1/feed.xml";
	jobs[0].proxy = "socks5h://127.0.0.1:1";
	assert_int_equal(fetch_run(jobs, 1, &o, collect, &c), 0);
	assert_int_equal(c.calls, 1);
	assert_string_equal(c.error, "the proxy could not be reached");
	free(c.error);
	memset(&c, 0, sizeof c);
	jobs[1].url = "http://127.0.0.1:1/feed.xml";
	assert_int_equal(fetch_run(jobs + 1, 1, &o, collect, &c), 0);
	assert_int_equal(c.calls, 1);
	assert_string_equal(c.error, "the feed's proxy would look names up "
	    "on this machine; not used in proxy-only mode");
	free(c.error);
}

static void
test_fetch_not_http(void **state)
{
	struct fetch_opts	 o;
	struct fetch_job	 jobs[3];
	struct collected	 c;

	fetch_opts_default(&o);
	memset(jobs, 0, sizeof jobs);
	memset(&c, 0, sizeof c);
	jobs[0].url = "file:///etc/passwd";
	jobs[1].url = "gopher://example.org/";
	jobs[2].url = "http://";
	assert_int_equal(fetch_run(jobs, 3, &o, collect, &c), 0);
	assert_int_equal(c.calls, 3);
	assert_non_null(c.error);
	assert_string_equal(c.error, "not an http or https URL");
	free(c.error);
}

static void
test_fetch_nothing(void **state)
{
	struct fetch_opts	 o;
	struct collected	 c;

	fetch_opts_default(&o);
	memset(&c, 0, sizeof c);
	assert_int_equal(fetch_run(NULL, 0, &o, collect, &c), 0);
	assert_int_equal(c.calls, 0);
}

static void
test_curl_message(void **state)
{
	char	*s;

	s = fetch_curl_message(63 /* CURLE_FILESIZE_EXCEEDED */, "", 0, 0,
	    1024);
	assert_string_equal(s, "response larger than 1024 bytes, not read");
	free(s);
	s = fetch_curl_message(23 /* CURLE_WRITE_ERROR */, "", 0, 1, 2048);
	assert_string_equal(s, "response larger than 2048 bytes, not read");
	free(s);
	s = fetch_curl_message(6 /* COULDNT_RESOLVE_HOST */,
	    "Could not resolve host: nosuch.invalid", 0, 0, 1);
	assert_string_equal(s, "Could not resolve host: nosuch.invalid");
	free(s);
}

/* fetch_plan(): which feeds a fetch takes, and the first reason not to. */
static void
test_fetch_plan(void **state)
{
	struct fetch_feed	 f;
	const int64_t		 left[] = { 3, 7 };
	time_t			 now = 1700000000;

	(void)state;
	memset(&f, 0, sizeof f);
	f.id = 5;
	f.last_fetch = DATE_NONE;
	f.retry_after = DATE_NONE;
	f.interval = -1;
	assert_int_equal(fetch_plan(&f, left, 2, 0, 0, now), FETCH_GO);

	/* Its own interval: not due an hour after, unless named or --all. */
	f.interval = 6 * 3600;
	f.last_fetch = now - 3600;
	assert_int_equal(fetch_plan(&f, left, 2, 0, 0, now), FETCH_NOT_DUE);
	assert_int_equal(fetch_plan(&f, left, 2, 1, 0, now), FETCH_GO);
	assert_int_equal(fetch_plan(&f, left, 2, 0, 1, now), FETCH_GO);
	f.last_fetch = now - 6 * 3600;
	assert_int_equal(fetch_plan(&f, left, 2, 0, 0, now), FETCH_GO);

	/* Retry-After holds even a feed named on the command line. */
	f.retry_after = now + 60;
	assert_int_equal(fetch_plan(&f, left, 2, 1, 1, now), FETCH_WAIT);
	f.retry_after = now;
	assert_int_equal(fetch_plan(&f, left, 2, 1, 1, now), FETCH_GO);

	/* Dropped by its list, then disabled: the first reason wins. */
	f.id = 7;
	f.retry_after = now + 60;
	assert_int_equal(fetch_plan(&f, left, 2, 1, 1, now), FETCH_LEFT);
	f.disabled = 1;
	assert_int_equal(fetch_plan(&f, left, 2, 1, 1, now), FETCH_DISABLED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_line),
		cmocka_unit_test(test_fetch_plan),
		cmocka_unit_test(test_header_value),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_status_message),
		cmocka_unit_test(test_discover_html),
		cmocka_unit_test(test_discover_relative),
		cmocka_unit_test(test_fetch_refused),
		cmocka_unit_test(test_fetch_proxy_only),
		cmocka_unit_test(test_fetch_not_http),
		cmocka_unit_test(test_fetch_nothing),
		cmocka_unit_test(test_curl_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
