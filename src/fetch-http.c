/*
 * fetch-http.c: reading what an HTTP server said.  The transfer loop in
 * fetch.c hands every response header line here and asks for the pieces the
 * fetcher acts on: the status, the validators, the declared charset, the
 * moment a 429 or 503 allows us back.  Everything here is a pure function of
 * its arguments, so the unit tests can feed it the odd headers real servers
 * send.
 *
 * Header values come from the network: they are trimmed, and a value that
 * will end up on a terminal or in the database (the reason phrase) is cut to
 * printable ASCII.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "majlis.h"

/* Longest reason phrase kept: enough for any real one, short for a line. */
#define HTTP_REASON_MAX	64

/* Trim [*p, *p + *len) of spaces, tabs and the line's CR LF. */
static void
http_trim(const char **p, size_t *len)
{
	while (*len > 0 && strchr(" \t\r\n", (*p)[*len - 1]) != NULL)
		(*len)--;
	while (*len > 0 && ((*p)[0] == ' ' || (*p)[0] == '\t')) {
		(*p)++;
		(*len)--;
	}
}

/*
 * Is line (not NUL-terminated, as curl delivers it) a status line such as
 * "HTTP/1.1 404 Not Found" or "HTTP/2 200"?  If so, set *code and, if reason
 * is not NULL, *reason to a heap string (maybe empty) and return 1.
 */
int
http_status_line(const char *line, size_t len, long *code, char **reason)
{
	const char	*p, *end = line + len;
	long		 c = 0;
	int		 digits = 0;
	struct buf	 b;

	if (len < 8 || strncmp(line, "HTTP/", 5) != 0)
		return 0;
	for (p = line + 5; p < end && *p != ' '; p++)
		;
	while (p < end && *p == ' ')
		p++;
	while (p < end && isdigit((unsigned char)*p) && digits < 3) {
		c = c * 10 + (*p++ - '0');
		digits++;
	}
	if (digits != 3)
		return 0;
	*code = c;
	if (reason == NULL)
		return 1;
	while (p < end && *p == ' ')
		p++;
	len = (size_t)(end - p);
	http_trim(&p, &len);
	buf_init(&b);
	for (; len > 0 && b.len < HTTP_REASON_MAX; p++, len--) {
		if (*p >= 0x20 && *p < 0x7f)
			buf_addc(&b, *p);
	}
	*reason = xstrdup(buf_str(&b));
	buf_free(&b);
	return 1;
}

/*
 * If line is the header name (case-insensitive), return its value, trimmed,
 * as a heap string; else NULL.
 */
char *
http_header_value(const char *line, size_t len, const char *name)
{
	size_t		 nlen = strlen(name);
	const char	*v;
	size_t		 vlen;

	if (len <= nlen || line[nlen] != ':' ||
	    strncasecmp(line, name, nlen) != 0)
		return NULL;
	v = line + nlen + 1;
	vlen = len - nlen - 1;
	http_trim(&v, &vlen);
	return xstrndup(v, vlen);
}

/*
 * The media type of a Content-Type value, lower case, without parameters:
 * "Text/HTML; charset=utf-8" gives "text/html".  Returns a heap string, or
 * NULL if there is none.
 */
char *
http_media_type(const char *ctype)
{
	const char	*p = ctype;
	size_t		 len, i;
	char		*s;

	if (ctype == NULL)
		return NULL;
	len = strcspn(p, ";");
	http_trim(&p, &len);
	if (len == 0)
		return NULL;
	s = xstrndup(p, len);
	for (i = 0; s[i] != '\0'; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return s;
}

/*
 * The charset parameter of a Content-Type value (quoted or not), as a heap
 * string, or NULL.  Only characters that can appear in a charset name are
 * kept, so that what reaches iconv or libxml2 is a name and nothing else.
 */
char *
http_charset(const char *ctype)
{
	const char	*p;
	struct buf	 b;
	char		*s;

	if (ctype == NULL || (p = strchr(ctype, ';')) == NULL)
		return NULL;
	while (p != NULL && *p != '\0') {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset", 7) != 0) {
			p = strchr(p, ';');
			continue;
		}
		p += 7;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '=')
			return NULL;
		while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
			p++;
		buf_init(&b);
		for (; *p != '\0' && (isalnum((unsigned char)*p) ||
		    strchr("-_.:+", *p) != NULL); p++)
			buf_addc(&b, *p);
		s = b.len > 0 ? buf_take(&b) : NULL;
		buf_free(&b);
		return s;
	}
	return NULL;
}

/*
 * The moment a Retry-After value (RFC 9110 10.2.3: delay-seconds or an
 * HTTP-date) allows the next request, as UTC seconds, given the time now.
 * Returns 0 when the value says nothing usable.  A delay is capped at a
 * week: a server asking for more is almost certainly misconfigured, and a
 * feed silently skipped for a year helps nobody.
 */
int64_t
http_retry_after(const char *value, time_t now)
{
	const int64_t	 week = 7 * 24 * 3600;
	const char	*p;
	int64_t		 secs = 0;
	time_t		 t;

	if (value == NULL)
		return 0;
	while (*value == ' ' || *value == '\t')
		value++;
	if (isdigit((unsigned char)*value)) {
		for (p = value; isdigit((unsigned char)*p); p++) {
			if (secs < week)
				secs = secs * 10 + (*p - '0');
		}
		if (*p != '\0' && *p != ' ' && *p != '\t')
			return 0;
		if (secs > week)
			secs = week;
		return (int64_t)now + secs;
	}
	/* curl_getdate() reads the three HTTP date formats. */
	if ((t = curl_getdate(value, NULL)) == -1)
		return 0;
	if (t < now)
		return (int64_t)now;
	if ((int64_t)t - now > week)
		return (int64_t)now + week;
	return (int64_t)t;
}

/*
 * The one-line message for a failed HTTP status: "HTTP 404 Not Found", or
 * with the server's own reason phrase if it gave one.  Returns a heap string.
 */
char *
http_status_message(long code, const char *reason)
{
	static const struct {
		long		 code;
		const char	*text;
	} texts[] = {
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 406, "Not Acceptable" },
		{ 408, "Request Timeout" },
		{ 410, "Gone" },
		{ 429, "Too Many Requests" },
		{ 500, "Internal Server Error" },
		{ 502, "Bad Gateway" },
		{ 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	char	*s;
	size_t	 i;

	if (reason == NULL || *reason == '\0') {
		reason = NULL;
		for (i = 0; i < nitems(texts); i++) {
			if (texts[i].code == code)
				reason = texts[i].text;
		}
	}
	if (reason == NULL)
		xasprintf(&s, "HTTP %ld", code);
	else
		xasprintf(&s, "HTTP %ld %s", code, reason);
	return s;
}
