/*
 * URL reference resolution (RFC 3986, section 5).
 *
 * Feeds are full of relative references: links and enclosures relative to
 * the feed's URL or to an xml:base, which may itself be relative to an
 * outer xml:base or to the feed's URL.  The parser resolves each one here,
 * innermost base first, so that every URL stored is absolute.
 *
 * The rules are the RFC's, with the leniency real documents need:
 *
 *   1. Both strings are trimmed of ASCII whitespace at the ends and lose
 *      any tab, CR or LF inside (a link wrapped over two lines is still
 *      one link; browsers and Python's urllib do the same).
 *   2. A reference with a scheme is returned as it is: resolution does not
 *      rewrite an absolute URL, and what a "javascript:" or "data:" link
 *      means is for the caller to judge.
 *   3. Otherwise the result takes the base's scheme and, unless the
 *      reference has one ("//host/x"), its authority; paths are merged and
 *      "." and ".." segments removed (remove_dot_segments()), and ".."
 *      never climbs above the root ("http://a/../../x" is "http://a/x").
 *   4. A base with an authority but no path ("http://a.com") acts as "/".
 *   5. Case is kept as written, and nothing is percent-decoded or encoded.
 *
 * Nothing here fails: any input gives some string.
 *
 * url_mask() and url_mask_text() are the other side of a URL: what a
 * person sees.  A feed URL may carry credentials ("http://user:pass@host/"),
 * which the fetch needs and nobody else should see: everything majlis shows
 * or publishes goes through one of them, and the userinfo becomes "*:*"
 * (newsboat's form).  The stored URL keeps it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "majlis.h"

/* A URL split into the RFC 3986 appendix B components. */
struct url {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 scheme_len, auth_len, path_len, query_len, frag_len;
	int		 has_scheme, has_auth, has_query, has_frag;
};

/* Length of a valid "scheme:" prefix without its ':', or 0 if none. */
static size_t
scheme_len(const char *s)
{
	size_t	 i;

	if (!ascii_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i;
		if (!ascii_alpha((unsigned char)s[i]) &&
		    !(s[i] >= '0' && s[i] <= '9') &&
		    s[i] != '+' && s[i] != '-' && s[i] != '.')
			return 0;
	}
	return 0;
}

/*
 * A heap copy of s trimmed of ASCII whitespace at both ends and with any
 * tab, CR or LF inside removed (rule 1).
 */
static char *
url_clean(const char *s)
{
	const char	*e;
	char		*out, *d;

	while (ascii_space((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && ascii_space((unsigned char)e[-1]))
		e--;
	out = d = xmalloc((size_t)(e - s) + 1);
	for (; s < e; s++) {
		if (*s != '\t' && *s != '\r' && *s != '\n')
			*d++ = *s;
	}
	*d = '\0';
	return out;
}

/* Split s (which must stay alive while u is used) into components. */
static void
url_split(const char *s, struct url *u)
{
	size_t	 n;

	memset(u, 0, sizeof *u);
	if ((n = scheme_len(s)) > 0) {
		u->has_scheme = 1;
		u->scheme = s;
		u->scheme_len = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		n = strcspn(s, "/?#");
		u->has_auth = 1;
		u->auth = s;
		u->auth_len = n;
		s += n;
	}
	n = strcspn(s, "?#");
	u->path = s;
	u->path_len = n;
	s += n;
	if (*s == '?') {
		s++;
		n = strcspn(s, "#");
		u->has_query = 1;
		u->query = s;
		u->query_len = n;
		s += n;
	}
	if (*s == '#') {
		s++;
		u->has_frag = 1;
		u->frag = s;
		u->frag_len = strlen(s);
	}
}

/*
 * Append auth (n bytes, the authority of a URL) to out with its userinfo,
 * everything up to the last '@', masked as "*:*".  The last '@': a raw '@'
 * cannot be part of a host, so one in a malformed userinfo is hidden too.
 */
static void
mask_auth(struct buf *out, const char *auth, size_t n)
{
	const char	*at = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (auth[i] == '@')
			at = auth + i;
	}
	if (at == NULL || at == auth) {
		/* No userinfo, or an empty one: nothing to hide. */
		buf_add(out, auth, n);
		return;
	}
	buf_adds(out, "*:*");
	buf_add(out, at, n - (size_t)(at - auth));
}

/*
 * Is a query parameter of this name (n bytes) a secret?  Feeds behind a
 * login or a paid plan carry the key in the URL ("?token=", "&api_key=",
 * "private_token", "AccessToken", "sig"); a name is one when it ends with
 * one of these words, in any case.  Masking a harmless parameter only costs the
 * user a '*' on the screen; showing a key gives it away.
 */
static int
query_secret(const char *name, size_t n)
{
	static const char *const words[] = {
		"auth", "code", "hash", "key", "pass", "passwd", "password",
		"pwd", "secret", "session", "sid", "sig", "signature", "token"
	};
	size_t	 i, w;

	for (i = 0; i < nitems(words); i++) {
		w = strlen(words[i]);
		if (n >= w && strncasecmp(name + n - w, words[i], w) == 0)
			return 1;
	}
	return 0;
}

/*
 * Append q (n bytes, a query without its '?') to out with the value of
 * every secret parameter (query_secret()) masked as "*".
 */
static void
mask_query(struct buf *out, const char *q, size_t n)
{
	const char	*end = q + n, *amp, *eq;

	while (q < end) {
		if ((amp = memchr(q, '&', (size_t)(end - q))) == NULL)
			amp = end;
		eq = memchr(q, '=', (size_t)(amp - q));
		if (eq != NULL && eq + 1 < amp && query_secret(q,
		    (size_t)(eq - q))) {
			buf_add(out, q, (size_t)(eq + 1 - q));
			buf_addc(out, '*');
		} else
			buf_add(out, q, (size_t)(amp - q));
		if (amp < end)
			buf_addc(out, '&');
		q = amp + 1;
	}
}

/*
 * Append the URL at url (n bytes) to out with its secrets masked: the
 * userinfo of its authority (mask_auth()) and the secret values of its
 * query (mask_query()).  The authority ends at the first '/', '?' or '#',
 * so an '@' in the path, query or fragment is not userinfo.
 */
static void
mask_url(struct buf *out, const char *url, size_t n)
{
	const char	*end = url + n, *p = url;
	size_t		 k;

	/* The authority: after "scheme://", or "//" (a relative URL). */
	k = scheme_len(url);
	if (k > 0 && n - k >= 3 && memcmp(url + k, "://", 3) == 0)
		p = url + k + 3;
	else if (n >= 2 && memcmp(url, "//", 2) == 0)
		p = url + 2;
	if (p != url) {
		buf_add(out, url, (size_t)(p - url));
		for (k = 0; p + k < end && strchr("/?#", p[k]) == NULL; k++)
			;
		mask_auth(out, p, k);
		p += k;
	}
	for (k = 0; p + k < end && p[k] != '?' && p[k] != '#'; k++)
		;
	buf_add(out, p, k);
	p += k;
	if (p < end && *p == '?') {
		buf_addc(out, '?');
		p++;
		for (k = 0; p + k < end && p[k] != '#'; k++)
			;
		mask_query(out, p, k);
		p += k;
	}
	buf_add(out, p, (size_t)(end - p));
}

/*
 * A heap copy of url with its secrets masked (mask_url()): the userinfo,
 * "user:pass@host:8080" becoming "*:*@host:8080", and the values of
 * secret query parameters, "?token=abc" becoming "?token=*".  A URL
 * without them, or a text that is not a URL, comes back unchanged; masking
 * a masked URL changes nothing.
 */
char *
url_mask(const char *url)
{
	struct buf	 out;

	if (url == NULL)
		return xstrdup("");
	buf_init(&out);
	buf_str(&out);
	mask_url(&out, url, strlen(url));
	return buf_take(&out);
}

/*
 * A heap copy of text, a message that may quote URLs anywhere (an error,
 * "X: moved to Y"), with every "scheme://" URL in it masked as url_mask()
 * does.  In a text a URL also ends at white space and at the quotes and
 * brackets a message puts around it.
 */
char *
url_mask_text(const char *text)
{
	struct buf	 out;
	const char	*p, *start, *sep;
	size_t		 n;

	if (text == NULL)
		return xstrdup("");
	if (strstr(text, "://") == NULL)
		return xstrdup(text);
	buf_init(&out);
	buf_str(&out);
	p = text;
	while ((sep = strstr(p, "://")) != NULL) {
		/* The scheme before "://": letters first, then RFC 3986's. */
		start = sep;
		while (start > p && (ascii_alpha((unsigned char)start[-1]) ||
		    (start[-1] >= '0' && start[-1] <= '9') ||
		    start[-1] == '+' || start[-1] == '-' || start[-1] == '.'))
			start--;
		while (start < sep && !ascii_alpha((unsigned char)*start))
			start++;
		if (start == sep) {
			/* "://" with no scheme: not a URL. */
			buf_add(&out, p, (size_t)(sep + 3 - p));
			p = sep + 3;
			continue;
		}
		buf_add(&out, p, (size_t)(start - p));
		n = strcspn(start, "\"<>'` \t\r\n");
		/* The punctuation of the sentence is not the URL's. */
		while (n > 0 && strchr(".,:;!?)]", start[n - 1]) != NULL)
			n--;
		mask_url(&out, start, n);
		p = start + n;
	}
	buf_adds(&out, p);
	return buf_take(&out);
}

/* Drop the last segment of out, and the '/' before it, if there is one. */
static void
pop_segment(struct buf *out)
{
	while (out->len > 0 && out->s[out->len - 1] != '/')
		out->len--;
	if (out->len > 0)
		out->len--;
	if (out->s != NULL)
		out->s[out->len] = '\0';
}

/*
 * Append path p (n bytes) to out with "." and ".." segments removed: RFC
 * 3986 section 5.2.4, steps A to E.  out must hold nothing before the call
 * that ".." could remove, so it is appended to an empty buffer.
 */
static void
remove_dot_segments(struct buf *out, const char *p, size_t n)
{
	const char	*e = p + n;
	size_t		 k, len;

#define AT(s)	((size_t)(e - p) >= (len = strlen(s)) && memcmp(p, s, len) == 0)
#define IS(s)	((size_t)(e - p) == strlen(s) && memcmp(p, s, strlen(s)) == 0)
	while (p < e) {
		if (AT("../"))				/* A */
			p += 3;
		else if (AT("./"))
			p += 2;
		else if (AT("/./"))			/* B */
			p += 2;
		else if (IS("/.")) {
			buf_addc(out, '/');
			break;
		} else if (AT("/../")) {		/* C */
			p += 3;
			pop_segment(out);
		} else if (IS("/..")) {
			pop_segment(out);
			buf_addc(out, '/');
			break;
		} else if (IS(".") || IS(".."))		/* D */
			break;
		else {					/* E */
			for (k = 1; p + k < e && p[k] != '/'; k++)
				;
			buf_add(out, p, k);
			p += k;
		}
	}
#undef AT
#undef IS
	buf_str(out);
}

/*
 * ref resolved against base, as a heap string.  base may be NULL or empty
 * (then the result is a cleaned copy of ref), or itself relative (then so
 * is the result).
 */
char *
url_resolve(const char *base, const char *ref)
{
	struct url	 b, r;
	struct buf	 out, path;
	char		*bs = NULL, *rs;
	const char	*slash;
	size_t		 i;

	rs = url_clean(ref != NULL ? ref : "");
	if (base == NULL || scheme_len(rs) > 0)
		return rs;
	bs = url_clean(base);
	if (*bs == '\0') {
		free(bs);
		return rs;
	}
	url_split(bs, &b);
	url_split(rs, &r);

	buf_init(&out);
	buf_init(&path);
	if (b.has_scheme) {
		buf_add(&out, b.scheme, b.scheme_len);
		buf_addc(&out, ':');
	}
	if (r.has_auth) {
		buf_adds(&out, "//");
		buf_add(&out, r.auth, r.auth_len);
		remove_dot_segments(&path, r.path, r.path_len);
	} else {
		if (b.has_auth) {
			buf_adds(&out, "//");
			buf_add(&out, b.auth, b.auth_len);
		}
		if (r.path_len == 0) {
			buf_add(&path, b.path, b.path_len);
			if (!r.has_query && b.has_query) {
				r.has_query = 1;
				r.query = b.query;
				r.query_len = b.query_len;
			}
		} else if (r.path[0] == '/')
			remove_dot_segments(&path, r.path, r.path_len);
		else {
			/* Merge (5.2.3): the base path up to its last '/'. */
			struct buf	 merged;

			buf_init(&merged);
			slash = NULL;
			for (i = 0; i < b.path_len; i++) {
				if (b.path[i] == '/')
					slash = b.path + i;
			}
			if (b.has_auth && b.path_len == 0)
				buf_addc(&merged, '/');
			else if (slash != NULL)
				buf_add(&merged, b.path,
				    (size_t)(slash - b.path) + 1);
			buf_add(&merged, r.path, r.path_len);
			remove_dot_segments(&path, merged.s, merged.len);
			buf_free(&merged);
		}
	}
	buf_add(&out, path.s != NULL ? path.s : "", path.len);
	if (r.has_query) {
		buf_addc(&out, '?');
		buf_add(&out, r.query, r.query_len);
	}
	if (r.has_frag) {
		buf_addc(&out, '#');
		buf_add(&out, r.frag, r.frag_len);
	}
	buf_free(&path);
	free(bs);
	free(rs);
	buf_str(&out);
	return buf_take(&out);
}

/*
 * Does s (after leading whitespace) start with a scheme and ':', that is
 * ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"?
 */
int
url_is_absolute(const char *s)
{
	if (s == NULL)
		return 0;
	while (ascii_space((unsigned char)*s))
		s++;
	return scheme_len(s) > 0;
}

/* Is s an http: or https: URL (scheme in any case)? */
int
url_is_http(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	while (ascii_space((unsigned char)*s))
		s++;
	n = scheme_len(s);
	return (n == 4 && strncasecmp(s, "http", 4) == 0) ||
	    (n == 5 && strncasecmp(s, "https", 5) == 0);
}

/*
 * The origin of url (RFC 6454), "scheme://host" or "scheme://host:port",
 * as a heap string, or NULL when url is not http(s) with a host of plain
 * characters (letters, digits, '-', '.', or an IPv6 literal in brackets).
 * The scheme and host are lowercased, the userinfo dropped, and the
 * scheme's default port (80, 443) left out, so that two URLs a browser
 * puts on one origin give the same string when written the same way.
 * The reverse need not hold (a host in percent escapes, an IPv4 address as
 * one number): such URLs compare as different origins, which is the side
 * a caller deciding what may load from where errs on.  What is returned
 * can stand in a Content-Security-Policy source list as it is.
 */
char *
url_origin(const char *url)
{
	struct url	 u;
	struct buf	 b;
	const char	*host, *end, *port, *p;
	unsigned long	 n;
	int		 https;

	if (!url_is_http(url))
		return NULL;
	while (ascii_space((unsigned char)*url))
		url++;
	url_split(url, &u);
	if (!u.has_auth)
		return NULL;
	https = u.scheme_len == 5;
	end = u.auth + u.auth_len;
	for (host = p = u.auth; p < end; p++) {
		if (*p == '@')
			host = p + 1;
	}
	if (*host == '[') {
		if ((p = memchr(host, ']', (size_t)(end - host))) == NULL)
			return NULL;
		port = p + 1;
		if (port < end && *port != ':')
			return NULL;
	} else if ((port = memchr(host, ':', (size_t)(end - host))) == NULL)
		port = end;
	if (port == host)
		return NULL;
	for (p = host; p < port; p++) {
		if (!ascii_alnum((unsigned char)*p) && *p != '-' && *p != '.' &&
		    !(*host == '[' && strchr("[]:", *p) != NULL))
			return NULL;
	}
	n = https ? 443 : 80;
	/* A port is digits ("" for the default), as a browser reads it. */
	if (port + 1 < end) {
		if (strspn(port + 1, "0123456789") != (size_t)(end - port - 1) ||
		    end - port - 1 > 5 || (n = strtoul(port + 1, NULL, 10)) == 0 ||
		    n > 65535)
			return NULL;
	}
	buf_init(&b);
	buf_adds(&b, https ? "https://" : "http://");
	for (p = host; p < port; p++)
		buf_addc(&b, (char)(ascii_alpha((unsigned char)*p) ?
		    *p | 0x20 : *p));
	if (n != (https ? 443UL : 80UL))
		buf_addf(&b, ":%lu", n);
	return buf_take(&b);
}

/*
 * Is url a command feed, exec: or filter:?  Returns 1 for exec:, 2 for
 * filter:, 0 for anything else.
 */
int
url_is_command(const char *url)
{
	if (strncasecmp(url, "exec:", 5) == 0)
		return 1;
	if (strncasecmp(url, "filter:", 7) == 0)
		return 2;
	return 0;
}

/*
 * The URL a filter: feed fetches ("filter:SCRIPT:URL": after the script,
 * which ends at the first colon), borrowed from url; NULL if url is not a
 * filter: feed with an http or https URL.
 */
const char *
url_command_http(const char *url)
{
	const char	*p;

	if (url_is_command(url) != 2 || (p = strchr(url + 7, ':')) == NULL ||
	    !url_is_http(p + 1))
		return NULL;
	return p + 1;
}
