/*
 * fetch.c: the transfer engine.  Given an array of jobs (a URL, its stored
 * validators, maybe a proxy), it runs them through one libcurl multi handle,
 * at most max_transfers at a time and at most per_host against one host, and
 * calls the caller back as each one finishes, so that the caller can parse
 * and store that feed while the others are still on the wire.  Only the
 * bodies of the transfers in flight are in memory at any time.
 *
 * The loop is curl's docs/examples/10-at-a-time.c: add handles up to the
 * cap, curl_multi_perform(), read each CURLMSG_DONE (its data is valid only
 * until the handle is removed), curl_multi_poll().  CURLOPT_PRIVATE takes us
 * from a finished easy handle back to its job.
 *
 * A job moves through these states (struct xfer.state):
 *   1. QUEUED    waiting for a transfer slot and a free slot on its host;
 *                xfer_start() moves it to 2.
 *   2. RUNNING   its easy handle is in the multi handle.
 *   3. When curl says DONE, xfer_done() either follows a redirect (back to
 *      2 with the same easy handle, so the connection and the proxy setting
 *      carry over) or settles the result and calls the callback (4).
 *   4. DONE      results handed to the caller, then freed.
 *
 * A command feed (exec:, filter:; fetch-exec.c) is a job too: exec:'s
 * command starts in fill_slots() (at most max_transfers at once), a
 * filter:'s once its URL answered (filter_start()); their pipes are
 * polled with curl's sockets (cmd_reap()), and they end through
 * xfer_finish() as a transfer does.
 *
 * Redirects are followed here, not by CURLOPT_FOLLOWLOCATION, because the
 * feed's stored URL must change after a 301 or 308 but not after a 302 or
 * 307, and only this way do we see every hop's status.  The rule: the new
 * permanent URL is where the leading run of permanent redirects ends, and
 * only if the final answer was a success (a 301 into a 404 moves nothing).
 *
 * Proxy-only mode (proxy-only = yes, tor = yes) is decided here, for every
 * command that connects, since every request majlis makes is a job of
 * fetch_run(): a job runs only through a proxy that resolves names itself
 * (fetch_refused()), never by the environment's proxy settings or their
 * no_proxy, and with nothing that tells more than the request needs
 * (xfer_private()).
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "majlis.h"

enum xfer_state {
	XFER_QUEUED,
	XFER_RUNNING,
	XFER_DONE
};

/* What fetch.c keeps about a job while it is in its hands. */
struct xfer {
	struct fetch_job	*job;
	enum xfer_state		 state;
	CURL			*easy;
	struct curl_slist	*headers;
	struct host		*host;		/* the host it waits or runs on */
	struct xfer		*next;		/* the host's (or the commands')
						   next queued job */
	struct fetch_cmd	*cmd;		/* its command runs (fetch-exec.c) */
	char			*url;		/* URL of the current hop */
	int			 hops;		/* redirects followed */
	int			 permanent;	/* every hop so far was 301/308 */
	char			*moved;		/* where the permanent run ended */
	long			 code;		/* status of the current response */
	char			*reason;
	char			*location;
	char			*ctype;
	char			*etag;
	char			*lastmod;
	char			*retry;
	int			 toobig;	/* aborted at the size cap */
	int			 proxied;	/* through a proxy we set */
	size_t			 received;	/* body bytes of this response */
	size_t			 max_size;
	/*
	 * CURL_ERROR_SIZE bytes while it runs: in the struct, 256 bytes for
	 * every feed of the run, a megabyte and more of a fetch's peak.
	 */
	char			*errbuf;
};

/*
 * The jobs of one host ("scheme://host:port", host_key()), waiting their
 * turn in the order they were given.  A host is in the run's ready ring
 * while it has a job queued and room for one more transfer, so starting
 * a job costs the same whether a thousand feeds live on one host or on a
 * thousand: no walk over the queue, no comparing of names.
 */
struct host {
	char			*key;
	struct xfer		*head, *tail;	/* queued, in order */
	int			 load;		/* transfers running on it */
	int			 limit;		/* how many may run at once */
	int			 ready;		/* in the ready ring */
	int			 multiplexed;	/* it answered over HTTP/2 */
};

struct fetch_run {
	const struct fetch_opts	*opts;
	CURLM			*multi;
	struct xfer		*xfers;
	size_t			 nxfers;
	struct host		*hosts;
	size_t			 nhosts;
	struct host		**ring;		/* the ready hosts, a FIFO */
	struct curl_slist	*resolve;	/* opts->resolve, curl's way */
	char			 run_id[17];	/* hex, drawn for the run */
	CURLSH			*share;		/* the cookies, with cookie_cache */
	CURL			*jar;		/* reads and writes cookie_cache */
	size_t			 ring_head, ring_len;
	int			 running;
	struct xfer		*cmd_head, *cmd_tail;	/* exec: jobs queued */
	int			 commands;	/* command jobs running */
	fetch_done_cb		 done;
	void			*arg;
};

static int	 curl_ready;

/*
 * majlis's own words for a failed transfer.  They are stored with the
 * feed as they are here (data: feeds --json, which never changes with the
 * language), and said in the messages' language (fetch_error_said()).
 */
enum {
	OWN_TIMEDOUT, OWN_REFUSED, OWN_SCHEME, OWN_CMD_TIMEDOUT,
	OWN_PROXY_DOWN, OWN_PROXY_CMD, OWN_PROXY_LOCAL
};
static const char *const own_errors[] = {
	[OWN_TIMEDOUT] = N_("timed out waiting for the server"),
	[OWN_CMD_TIMEDOUT] = N_("the command ran past the timeout and was "
	    "killed"),
	[OWN_REFUSED] = N_("connection refused"),
	[OWN_SCHEME] = N_("not an http or https URL"),
	[OWN_PROXY_DOWN] = N_("the proxy could not be reached"),
	[OWN_PROXY_CMD] = N_("a command feed is not run in proxy-only mode"),
	[OWN_PROXY_LOCAL] = N_("the feed's proxy would look names up on this "
	    "machine; not used in proxy-only mode"),
};

static void	 cmd_start(struct fetch_run *, struct xfer *, int);
static void	 filter_start(struct fetch_run *, struct xfer *);

/* Fill in the defaults; the caller then overrides what its config says. */
void
fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_transfers = FETCH_MAX_TRANSFERS;
	o->per_host = FETCH_PER_HOST;
	o->user_agent = "majlis/" PACKAGE_VERSION;
	o->proxy = NULL;
	o->connect_timeout = FETCH_CONNECT_TIMEOUT;
	o->low_speed_limit = 1;
	o->low_speed_time = FETCH_LOW_SPEED_TIME;
	o->total_timeout = FETCH_TOTAL_TIMEOUT;
	o->max_size = FETCH_MAX_SIZE;
	o->max_redirects = FETCH_MAX_REDIRECTS;
	o->ssl_verify = 1;
}

/* Defaults, then what the config file says (struct config, config.c). */
void
fetch_opts_config(struct fetch_opts *o, const struct config *cfg)
{
	fetch_opts_default(o);
	if (cfg->max_connections > 0)
		o->max_transfers = cfg->max_connections;
	if (cfg->max_per_host > 0)
		o->per_host = cfg->max_per_host;
	if (cfg->user_agent != NULL && *cfg->user_agent != '\0')
		o->user_agent = cfg->user_agent;
	o->proxy = cfg->proxy;
	/*
	 * tor = yes is proxy-only = yes with a login per host, through Tor's
	 * usual port unless proxy names another (Tor Browser's 9150, say).
	 */
	o->proxy_only = cfg->proxy_only || cfg->tor;
	o->isolate = cfg->tor;
	if (cfg->tor && (o->proxy == NULL || *o->proxy == '\0'))
		o->proxy = FETCH_TOR_PROXY;
	o->http_auth = (enum http_auth)cfg->http_auth;
	o->netrc_file = cfg->netrc_file;
	o->ca_file = cfg->ca_file;
	/*
	 * The curl tool's variable; libcurl itself does not read it.  A
	 * ca-file in the config is the more specific wish, and wins.
	 */
	if (o->ca_file == NULL || *o->ca_file == '\0')
		o->ca_file = getenv("CURL_CA_BUNDLE");
	o->ssl_verify = cfg->ssl_verify;
	o->cookie_cache = cfg->cookie_cache;
	o->resolve = cfg->resolve;
	if (cfg->connect_timeout > 0)
		o->connect_timeout = cfg->connect_timeout;
	o->total_timeout = cfg->timeout;
	o->low_speed_time = cfg->low_speed_time;
	o->low_speed_limit = (long)cfg->low_speed_limit;
	if (cfg->max_size > 0)
		o->max_size = (size_t)cfg->max_size;
	/*
	 * Proxy-only: a User-Agent like many others unless the user chose
	 * one; no cookie, which would tie the fetches to each other; no
	 * address pinned here, since the proxy resolves.
	 */
	if (o->proxy_only) {
		if (strcmp(o->user_agent, "majlis/" PACKAGE_VERSION) == 0)
			o->user_agent = FETCH_PRIVATE_UA;
		o->cookie_cache = NULL;
		o->resolve = NULL;
	}
}

/*
 * Would curl look names up on this machine through proxy?  Only
 * socks4a://, socks5h:// and http(s):// (a request for the whole URL, or
 * CONNECT HOST:PORT) hand the proxy the name, and no scheme is curl's
 * http://; every other (socks://, socks4://, socks5://, one curl does not
 * know) may send it an address, which curl looks up first by the
 * machine's own resolver.  So the names that hand it on are listed, not
 * those that do not: a feed's own proxy is not checked as the config's is.
 */
static int
proxy_resolves_here(const char *proxy)
{
	static const char *const remote[] = {
		"socks5h://", "socks4a://", "http://", "https://"
	};
	size_t	 i;

	if (strstr(proxy, "://") == NULL)
		return 0;
	for (i = 0; i < nitems(remote); i++) {
		if (strncasecmp(proxy, remote[i], strlen(remote[i])) == 0)
			return 0;
	}
	return 1;
}

/*
 * The proxy of a job: the feed's own, else the configured one; NULL or ""
 * for none (curl then reads the environment's variables).  In proxy-only
 * mode a feed's "" or "none" is not a way out: the configured one it is.
 */
static const char *
fetch_proxy(const struct fetch_opts *o, const char *feed_proxy)
{
	if (feed_proxy != NULL && (!o->proxy_only ||
	    (*feed_proxy != '\0' && strcasecmp(feed_proxy, "none") != 0)))
		return feed_proxy;
	return o->proxy;
}

/*
 * Why a job of url, with its feed's proxy (or NULL), must not run: in
 * proxy-only mode a command feed (its command may connect any way it
 * likes) or a feed without a proxy that resolves names.  Returns one of
 * majlis's own errors (fetch_error_said() says it), or NULL: it may run.
 */
const char *
fetch_refused(const struct fetch_opts *o, const char *url,
    const char *feed_proxy)
{
	const char	*proxy;

	if (!o->proxy_only)
		return NULL;
	if (url_is_command(url))
		return own_errors[OWN_PROXY_CMD];
	proxy = fetch_proxy(o, feed_proxy);
	if (proxy == NULL || *proxy == '\0' || proxy_resolves_here(proxy))
		return own_errors[OWN_PROXY_LOCAL];
	return NULL;
}

/*
 * Once per command that connects, before it does: say what the config
 * gives up (with ssl-verify = no anyone between here and a server can
 * pose as it), and refuse a proxy-only mode that cannot be kept.
 * Returns 0, or -1 (said on stderr): the command must not connect.
 */
int
fetch_check_config(const struct config *cfg)
{
	struct fetch_opts	 o;
	char			*shown;

	if (!cfg->ssl_verify)
		warnx_("%s", _("ssl-verify = no: servers' certificates are "
		    "not checked"));
	fetch_opts_config(&o, cfg);
	if (!o.proxy_only)
		return 0;
	if (o.proxy == NULL || *o.proxy == '\0') {
		warnx_("%s", _("proxy-only = yes, but no proxy is set: "
		    "nothing is fetched"));
		return -1;
	}
	if (proxy_resolves_here(o.proxy)) {
		shown = url_mask(o.proxy);
		warnx_(_("proxy-only = yes, but the proxy %s would look names "
		    "up on this machine: nothing is fetched (use socks5h://)"),
		    shown);
		free(shown);
		return -1;
	}
	return 0;
}

/* curl_global_init() once per process; it is not thread-safe to repeat. */
static int
fetch_global_init(void)
{
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return -1;
		curl_ready = 1;
	}
	return 0;
}

static void
free_response(struct xfer *x)
{
	free(x->reason);
	free(x->location);
	free(x->ctype);
	free(x->etag);
	free(x->lastmod);
	free(x->retry);
	x->reason = x->location = x->ctype = NULL;
	x->etag = x->lastmod = x->retry = NULL;
	x->code = 0;
	x->received = 0;
	x->toobig = 0;
}

/*
 * The per-host key of a URL: scheme, host and port, from curl's own URL
 * parser so that it agrees with what curl will connect to.  Returns a heap
 * string, or NULL if curl cannot read the URL.
 */
static char *
host_key(const char *url)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *port = NULL, *key = NULL;

	if ((u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK)
		xasprintf(&key, "%s://%s:%s", scheme, host, port);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return key;
}

/* CURLOPT_HEADERFUNCTION: one complete header line of the current response. */
static size_t
header_cb(char *line, size_t size, size_t nitems, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * nitems;
	long		 code;
	char		*reason, *v;

	if (http_status_line(line, len, &code, &reason)) {
		/* A new response (after a 100 Continue, say): start afresh. */
		free_response(x);
		x->code = code;
		x->reason = reason;
		return len;
	}
	if ((v = http_header_value(line, len, "location")) != NULL) {
		free(x->location);
		x->location = v;
	} else if ((v = http_header_value(line, len, "content-type")) != NULL) {
		free(x->ctype);
		x->ctype = v;
	} else if ((v = http_header_value(line, len, "etag")) != NULL) {
		free(x->etag);
		x->etag = v;
	} else if ((v = http_header_value(line, len, "last-modified")) != NULL) {
		free(x->lastmod);
		x->lastmod = v;
	} else if ((v = http_header_value(line, len, "retry-after")) != NULL) {
		free(x->retry);
		x->retry = v;
	}
	return len;
}

/*
 * Before a body's first bytes: room for as much as the server says is
 * coming (Content-Length), so that a feed of some hundred kilobytes is
 * not copied over at each doubling of its buffer.  At most
 * FETCH_RESERVE_MAX: a length is the server's word, and a body that
 * turns out longer grows as any other.
 */
#define FETCH_RESERVE_MAX	(4 * 1024 * 1024)

static void
body_reserve(struct xfer *x)
{
	curl_off_t	 n;

	if (curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
	    &n) != CURLE_OK || n <= 0)
		return;
	if (n > FETCH_RESERVE_MAX)
		n = FETCH_RESERVE_MAX;
	if ((size_t)n > x->max_size)
		n = (curl_off_t)x->max_size;
	buf_reserve(&x->job->body, (size_t)n);
}

/*
 * CURLOPT_WRITEFUNCTION: body bytes, already decoded if the server
 * compressed them.  Only a 2xx body is kept; any body counts against the
 * cap, because an endless 404 page must end too.  Returning short makes
 * curl abort the transfer with CURLE_WRITE_ERROR.
 */
static size_t
write_cb(char *data, size_t size, size_t nitems, void *arg)
{
	struct xfer	*x = arg;
	size_t		 len = size * nitems;

	if (len > x->max_size - x->received) {
		x->toobig = 1;
		return 0;
	}
	x->received += len;
	if (x->code >= 200 && x->code < 300) {
		if (x->job->body.cap == 0)
			body_reserve(x);
		buf_add(&x->job->body, data, len);
	}
	return len;
}

/*
 * Credentials: those in the URL, else the host's in the netrc file, sent
 * the way http-auth-method says.  With "any" (newsboat's default too)
 * curl sends none until the server asks, then answers with the safest
 * scheme the server offers: a password goes in the clear (Basic) only to
 * a server that asks for it so, and only to the host it was given for
 * (curl keeps them to the URL's host; majlis follows redirects itself).
 */
static void
xfer_auth(CURL *e, const struct fetch_opts *o)
{
	static const unsigned long methods[] = {
		[HTTP_AUTH_ANY] = CURLAUTH_ANY,
		[HTTP_AUTH_ANYSAFE] = CURLAUTH_ANYSAFE,
		[HTTP_AUTH_BASIC] = CURLAUTH_BASIC,
		[HTTP_AUTH_DIGEST] = CURLAUTH_DIGEST,
		[HTTP_AUTH_DIGEST_IE] = CURLAUTH_DIGEST_IE,
		[HTTP_AUTH_NTLM] = CURLAUTH_NTLM,
		[HTTP_AUTH_NEGOTIATE] = CURLAUTH_NEGOTIATE,
	};

	if ((size_t)o->http_auth < nitems(methods))
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, methods[o->http_auth]);
	if (o->netrc_file != NULL && *o->netrc_file != '\0') {
		curl_easy_setopt(e, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		curl_easy_setopt(e, CURLOPT_NETRC_FILE, o->netrc_file);
	}
}

/*
 * The "resolve" setting as curl's list: each word "HOST:PORT:ADDRESS"
 * pins a host's address, as curl --resolve does (a blog whose name an
 * ISP's resolver hides or misdirects).  NULL for none.
 */
static struct curl_slist *
resolve_list(const char *s)
{
	struct curl_slist	*l = NULL;
	char			*copy, *w, *p;

	if (s == NULL)
		return NULL;
	p = copy = xstrdup(s);
	while ((w = strsep(&p, " \t,")) != NULL) {
		if (*w != '\0')
			l = curl_slist_append(l, w);
	}
	free(copy);
	return l;
}

/*
 * With isolate (tor = yes), each host's transfers log in to the proxy as
 * a name of their own: Tor puts connections with different logins on
 * different circuits (IsolateSOCKSAuth, on by default), so that one exit
 * never sees two of the user's blogs.  The name is the run's random
 * number and the host's place in the run: it does not name the host, and
 * the next run's circuits are not this one's.  A proxy that carries its
 * own login (socks5h://USER:PASS@HOST) keeps it: one circuit for all.
 * The rest of proxy-only mode is fetch_easy_setup()'s.
 */
static void
xfer_private(struct fetch_run *r, struct xfer *x, const char *proxy)
{
	char	*user;

	if (x->host == NULL)
		return;
	xasprintf(&user, "%s-%zu", r->run_id, (size_t)(x->host - r->hosts));
	fetch_proxy_login(x->easy, r->opts, proxy, user);
	free(user);
}

/*
 * With isolate (tor = yes), a handle's proxy login: user, unless the
 * proxy (that fetch_easy_setup() set; NULL none) carries its own.  The
 * fetch gives each host's transfers one (xfer_private()), the sync its
 * requests another, so that the server a phone reads from does not share
 * a circuit with the blogs.
 */
void
fetch_proxy_login(void *handle, const struct fetch_opts *o,
    const char *proxy, const char *user)
{
	const char	*p;

	if (!o->isolate || proxy == NULL)
		return;
	p = (p = strstr(proxy, "://")) != NULL ? p + 3 : proxy;
	if (strchr(p, '@') != NULL)
		return;
	curl_easy_setopt(handle, CURLOPT_PROXYUSERNAME, user);
	curl_easy_setopt(handle, CURLOPT_PROXYPASSWORD, "majlis");
}

/*
 * The settings every request of majlis makes (a feed's, and the sync's:
 * sync.c), from the options: http and https only, no redirect followed by
 * curl, the user agent, the timeouts and size cap, the proxy (fetch_proxy()
 * of feed_proxy, a feed's own or NULL), the CAs and certificate checks;
 * and proxy-only mode's: the environment's no_proxy must not send a host
 * around the proxy, no Referer is ever made up.  Whatever rule the network
 * must keep belongs here, so that the sync keeps it too.  Returns the
 * proxy set (borrowed), or NULL for none.
 */
const char *
fetch_easy_setup(void *handle, const struct fetch_opts *o,
    const char *feed_proxy)
{
	CURL		*e = handle;
	const char	*proxy;

	/* Only http and https, also for redirects: an imported OPML must not
	 * make us read file:// or talk to anything else. */
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	/* A server that stalls (sends less than low_speed_limit bytes a
	 * second for low_speed_time seconds) is given up. */
	if (o->low_speed_time > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT,
		    o->low_speed_limit > 0 ? o->low_speed_limit : 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	}
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->total_timeout);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	/* Per-feed proxy, else the configured one, else curl reads the usual
	 * environment variables itself.  Set once, it holds for every hop. */
	proxy = fetch_proxy(o, feed_proxy);
	if (proxy != NULL && *proxy != '\0')
		curl_easy_setopt(e, CURLOPT_PROXY, proxy);
	else
		proxy = NULL;
	if (o->proxy_only) {
		curl_easy_setopt(e, CURLOPT_NOPROXY, "");
		curl_easy_setopt(e, CURLOPT_AUTOREFERER, 0L);
	}
	if (o->ca_file != NULL && *o->ca_file != '\0')
		curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file);
	if (!o->ssl_verify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return proxy;
}

/* Set up the easy handle for a job's first request.  Returns 0 or -1. */
static int
xfer_setup(struct fetch_run *r, struct xfer *x)
{
	const struct fetch_opts	*o = r->opts;
	struct fetch_job	*job = x->job;
	const char		*proxy;
	char			*h;
	CURL			*e;

	if ((e = x->easy = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	x->errbuf = xcalloc(1, CURL_ERROR_SIZE);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	if ((proxy = fetch_easy_setup(e, o, job->proxy)) != NULL) {
		x->proxied = 1;
		if (o->proxy_only)
			xfer_private(r, x, proxy);
	}
	xfer_auth(e, o);
	/* "": the cookie engine on, reading no file (cookies_open() did). */
	if (r->share != NULL) {
		curl_easy_setopt(e, CURLOPT_SHARE, r->share);
		curl_easy_setopt(e, CURLOPT_COOKIEFILE, "");
	}
	if (r->resolve != NULL)
		curl_easy_setopt(e, CURLOPT_RESOLVE, r->resolve);
	/*
	 * On a host known to multiplex, wait for a stream on its connection
	 * rather than open another one.
	 */
	if (x->host != NULL && x->host->multiplexed)
		curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);

	/* A filter:'s body goes through its script: no conditional GET. */
	if (url_is_command(job->url))
		;
	else if (job->etag != NULL && *job->etag != '\0') {
		xasprintf(&h, "If-None-Match: %s", job->etag);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (!url_is_command(job->url) && job->last_modified != NULL &&
	    *job->last_modified != '\0') {
		xasprintf(&h, "If-Modified-Since: %s", job->last_modified);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (x->headers != NULL)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	return 0;
}

/* Move job results out of the xfer; called once the final response is in. */
static void
xfer_settle(struct xfer *x, CURLcode rc)
{
	struct fetch_job	*job = x->job;
	long			 code = x->code;

	job->status = code;
	job->final_url = x->url;
	x->url = NULL;
	if (rc != CURLE_OK) {
		job->status = 0;
		buf_free(&job->body);
		job->error = fetch_transfer_error(x->easy, rc, x->errbuf,
		    x->proxied, x->toobig, x->max_size);
		return;
	}
	if (code == 429 || code == 503)
		job->retry_after = http_retry_after(x->retry, time(NULL));
	if (code == 304 || (code >= 200 && code < 300)) {
		job->charset = http_charset(x->ctype);
		job->content_type = http_media_type(x->ctype);
		job->new_etag = x->etag;
		job->new_last_modified = x->lastmod;
		x->etag = x->lastmod = NULL;
		if (x->moved != NULL) {
			job->moved_url = x->moved;
			x->moved = NULL;
		}
		return;
	}
	buf_free(&job->body);
	if (code >= 300 && code < 400)
		xasprintf(&job->error, "HTTP %ld redirect without a Location",
		    code);
	else
		job->error = http_status_message(code, x->reason);
}

/*
 * The current request of x is over (rc is curl's verdict).  Either send it
 * on to the next hop of a redirect, or settle the job.  Returns 1 if the
 * job went on to another request, 0 if it is finished.
 */
static int
xfer_done(struct fetch_run *r, struct xfer *x, CURLcode rc)
{
	char	*next = NULL;
	long	 code = x->code;

	if (rc == CURLE_OK && code >= 300 && code < 400 && code != 304 &&
	    x->location != NULL) {
		if (curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &next) !=
		    CURLE_OK || next == NULL) {
			x->job->error = xstrdup("cannot resolve redirect URL");
			goto settle;
		}
		if (!url_is_http(next)) {
			x->job->error = xstrdup(
			    "redirect to a non-HTTP URL refused");
			goto settle;
		}
		if (x->hops >= r->opts->max_redirects) {
			xasprintf(&x->job->error,
			    "too many redirects (more than %d)",
			    r->opts->max_redirects);
			goto settle;
		}
		x->hops++;
		if (x->permanent && (code == 301 || code == 308)) {
			free(x->moved);
			x->moved = xstrdup(next);
		} else
			x->permanent = 0;
		free(x->url);
		x->url = xstrdup(next);	/* next is curl's, valid until reuse */
		free_response(x);
		buf_reset(&x->job->body);
		curl_easy_setopt(x->easy, CURLOPT_URL, x->url);
		if (curl_multi_add_handle(r->multi, x->easy) == CURLM_OK)
			return 1;
		x->job->error = xstrdup("cannot start the transfer");
		goto settle;
	}
	xfer_settle(x, rc);
	return 0;

settle:
	x->job->status = 0;
	buf_free(&x->job->body);
	x->job->final_url = x->url;
	x->url = NULL;
	return 0;
}

/* Hand the job to the caller, then free everything it did not take. */
static void
xfer_finish(struct fetch_run *r, struct xfer *x)
{
	x->state = XFER_DONE;
	if (x->easy != NULL) {
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	free_response(x);
	free(x->url);
	free(x->moved);
	free(x->errbuf);
	x->url = x->moved = x->errbuf = NULL;
	r->done(x->job, r->arg);
	fetch_job_clear(x->job);
}

/* Put h at the back of the ready ring, if it may start a job. */
static void
host_ready(struct fetch_run *r, struct host *h)
{
	if (h->ready || h->head == NULL || h->load >= h->limit)
		return;
	r->ring[(r->ring_head + r->ring_len++) % r->nhosts] = h;
	h->ready = 1;
}

/* The host at the front of the ready ring, taken off it; NULL if none. */
static struct host *
host_next(struct fetch_run *r)
{
	struct host	*h;

	if (r->ring_len == 0)
		return NULL;
	h = r->ring[r->ring_head];
	r->ring_head = (r->ring_head + 1) % r->nhosts;
	r->ring_len--;
	h->ready = 0;
	return h;
}

/*
 * A transfer on h is over.  A host that answered over HTTP/2 carries many
 * transfers as streams of the same per_host connections (curl's
 * multiplexing; CURLMOPT_MAX_HOST_CONNECTIONS still holds the connections
 * to per_host): as polite to the host, and no longer one feed after the
 * other when most members live on one blog host.
 */
static void
host_done(struct fetch_run *r, struct xfer *x)
{
	struct host	*h = x->host;
	long		 version = 0;

	h->load--;
	if (!h->multiplexed && x->easy != NULL &&
	    curl_easy_getinfo(x->easy, CURLINFO_HTTP_VERSION, &version) ==
	    CURLE_OK && version >= CURL_HTTP_VERSION_2_0) {
		h->multiplexed = 1;
		h->limit = r->opts->per_host * FETCH_STREAMS;
	}
	host_ready(r, h);
}

static int
host_key_cmp(const void *a, const void *b)
{
	const struct xfer	*x = *(struct xfer *const *)a;
	const struct xfer	*y = *(struct xfer *const *)b;
	int			 c;

	if ((c = strcmp(x->url, y->url)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* The URL a job's transfer fetches: a filter: feed's, else its own. */
static const char *
xfer_http_url(const struct xfer *x)
{
	const char	*u;

	return (u = url_command_http(x->job->url)) != NULL ? u : x->job->url;
}

/*
 * Group the jobs by host: each gets its host's key once (curl's URL parser
 * is not free), and each host its jobs in the order given; the hosts go
 * into the ready ring in the order their first job came.  A job whose URL
 * is not http(s) finishes at once with its error.  The key is held in
 * x->url meanwhile, which the job's start replaces.
 */
static void
hosts_make(struct fetch_run *r)
{
	struct xfer	**by;
	struct xfer	*x;
	struct host	*h;
	const char	*why;
	size_t		 i, n = 0;

	by = xcalloc(r->nxfers ? r->nxfers : 1, sizeof *by);
	for (i = 0; i < r->nxfers; i++) {
		x = &r->xfers[i];
		if ((why = fetch_refused(r->opts, x->job->url,
		    x->job->proxy)) != NULL) {
			x->job->error = xstrdup(why);
			xfer_finish(r, x);
			continue;
		}
		if (url_is_command(x->job->url) == 1) {
			if (r->cmd_tail != NULL)
				r->cmd_tail->next = x;
			else
				r->cmd_head = x;
			r->cmd_tail = x;
			continue;
		}
		if (!url_is_http(xfer_http_url(x)) ||
		    (x->url = host_key(xfer_http_url(x))) == NULL) {
			x->job->error = xstrdup("not an http or https URL");
			xfer_finish(r, x);
			continue;
		}
		by[n++] = x;
	}
	qsort(by, n, sizeof *by, host_key_cmp);
	r->hosts = xcalloc(n ? n : 1, sizeof *r->hosts);
	r->ring = xcalloc(n ? n : 1, sizeof *r->ring);
	for (i = 0, h = NULL; i < n; i++) {
		if (h == NULL || strcmp(by[i]->url, h->key) != 0) {
			h = &r->hosts[r->nhosts++];
			h->key = by[i]->url;
			h->limit = r->opts->per_host;
		} else
			free(by[i]->url);
		by[i]->url = NULL;
		by[i]->host = h;
	}
	free(by);
	/* The queues, in the jobs' order; the ring, in their hosts' order. */
	for (i = 0; i < r->nxfers; i++) {
		x = &r->xfers[i];
		if (x->state != XFER_QUEUED || (h = x->host) == NULL ||
		    url_is_command(x->job->url) == 1)
			continue;
		if (h->tail != NULL)
			h->tail->next = x;
		else
			h->head = x;
		h->tail = x;
		host_ready(r, h);
	}
}

/*
 * Start queued jobs while there is room: fewer than max_transfers running,
 * and each host within its limit (struct host).  A job that cannot even
 * start finishes at once with its error.
 */
static void
fill_slots(struct fetch_run *r)
{
	struct xfer	*x;
	struct host	*h;

	while (r->commands < r->opts->max_transfers &&
	    (x = r->cmd_head) != NULL) {
		if ((r->cmd_head = x->next) == NULL)
			r->cmd_tail = NULL;
		x->next = NULL;
		cmd_start(r, x, -1);
	}
	while (r->running < r->opts->max_transfers &&
	    (h = host_next(r)) != NULL) {
		x = h->head;
		if ((h->head = x->next) == NULL)
			h->tail = NULL;
		x->next = NULL;
		x->url = xstrdup(xfer_http_url(x));
		x->permanent = 1;
		x->max_size = r->opts->max_size;
		if (xfer_setup(r, x) == -1 ||
		    curl_multi_add_handle(r->multi, x->easy) != CURLM_OK) {
			x->job->error = xstrdup("cannot start the transfer");
			xfer_finish(r, x);
			host_ready(r, h);
			continue;
		}
		x->state = XFER_RUNNING;
		h->load++;
		r->running++;
		/* Round robin: the host goes to the back if it may run more. */
		host_ready(r, h);
	}
}

/* Read what curl has finished, and act on it. */
static void
reap(struct fetch_run *r)
{
	CURLMsg		*msg;
	struct xfer	*x;
	CURLcode	 rc;
	char		*priv;
	int		 left;

	while ((msg = curl_multi_info_read(r->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* msg is curl's and dies with remove_handle: read it first. */
		rc = msg->data.result;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		x = (struct xfer *)priv;
		curl_multi_remove_handle(r->multi, x->easy);
		if (xfer_done(r, x, rc))
			continue;
		r->running--;
		host_done(r, x);
		if (url_is_command(x->job->url) == 2 && x->job->error == NULL)
			filter_start(r, x);
		else
			xfer_finish(r, x);
	}
}

/*
 * Start the command of x, stdin in (-1: /dev/null).  A command that
 * cannot start finishes the job at once with its error.
 */
static void
cmd_start(struct fetch_run *r, struct xfer *x, int in)
{
	const struct fetch_opts	*o = r->opts;
	char			*err;

	x->cmd = fetch_cmd_start(x->job->url, in, o->total_timeout > 0 ?
	    o->total_timeout : FETCH_TOTAL_TIMEOUT, o->max_size, &err);
	if (x->cmd == NULL) {
		x->job->status = 0;
		buf_free(&x->job->body);
		x->job->error = err;
		xfer_finish(r, x);
		return;
	}
	x->state = XFER_RUNNING;
	r->commands++;
}

/*
 * A filter: feed's URL answered: its body goes to the script on its
 * stdin, from a file (the script may read it at its own pace while the
 * loop polls the others).  Nothing of the answer but the URL is kept: a
 * validator would make the next fetch skip the script.
 */
static void
filter_start(struct fetch_run *r, struct xfer *x)
{
	struct fetch_job	*job = x->job;
	FILE			*f = NULL;
	const char		*body = job->body.s != NULL ? job->body.s : "";

	char			*moved;

	free(job->new_etag);
	free(job->new_last_modified);
	job->new_etag = job->new_last_modified = NULL;
	/* A URL moved for good stays behind the same script. */
	if (job->moved_url != NULL) {
		xasprintf(&moved, "%.*s%s",
		    (int)(url_command_http(job->url) - job->url), job->url,
		    job->moved_url);
		free(job->moved_url);
		job->moved_url = moved;
	}
	if (job->status == 304 || (f = tmpfile()) == NULL ||
	    fwrite(body, 1, job->body.len, f) != job->body.len ||
	    fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0) {
		job->status = 0;
		buf_free(&job->body);
		job->error = xstrdup("cannot keep the body for the filter");
		if (f != NULL)
			fclose(f);
		xfer_finish(r, x);
		return;
	}
	buf_free(&job->body);
	cmd_start(r, x, fileno(f));
	fclose(f);
}

/*
 * Read the commands' pipes; those that are over settle their jobs.  fds
 * gets the pipes still open, for the next poll: returns how many.
 */
static unsigned int
cmd_reap(struct fetch_run *r, struct curl_waitfd **fds)
{
	struct xfer	*x;
	size_t		 i;
	unsigned int	 n = 0;
	int		 p[2], k, j;

	*fds = xreallocarray(*fds, 2 * (size_t)r->commands + 1,
	    sizeof **fds);
	for (i = 0; i < r->nxfers && r->commands > 0; i++) {
		x = &r->xfers[i];
		if (x->cmd == NULL)
			continue;
		if (fetch_cmd_read(x->cmd)) {
			fetch_cmd_finish(x->cmd, x->job);
			x->cmd = NULL;
			r->commands--;
			xfer_finish(r, x);
			continue;
		}
		k = fetch_cmd_fds(x->cmd, p);
		for (j = 0; j < k; j++) {
			(*fds)[n].fd = p[j];
			(*fds)[n].events = CURL_WAIT_POLLIN;
			(*fds)[n++].revents = 0;
		}
	}
	return n;
}

/*
 * cookie-cache: one cookie store for every transfer of the run (a share),
 * read from the file once, before the first transfer, by a handle of its
 * own; a file read again as each transfer started would put back the old
 * value of a cookie a server changed meanwhile.  cookies_close() writes
 * the store back.  No file set: nothing, and no cookie is ever sent.
 */
static void
cookies_open(struct fetch_run *r)
{
	const char	*path = r->opts->cookie_cache;

	if (path == NULL || *path == '\0')
		return;
	if ((r->share = curl_share_init()) == NULL ||
	    (r->jar = curl_easy_init()) == NULL) {
		warnx_(_("%s: cannot keep cookies"), path);
		if (r->share != NULL)
			curl_share_cleanup(r->share);
		r->share = NULL;
		return;
	}
	curl_share_setopt(r->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
	curl_easy_setopt(r->jar, CURLOPT_SHARE, r->share);
	curl_easy_setopt(r->jar, CURLOPT_COOKIEFILE, path);
	curl_easy_setopt(r->jar, CURLOPT_COOKIEJAR, path);
	curl_easy_setopt(r->jar, CURLOPT_COOKIELIST, "RELOAD");
}

/*
 * Write the cookies back (every transfer's handle is gone by now).  Under
 * umask 077: the file holds sessions, which are as good as passwords.
 */
static void
cookies_close(struct fetch_run *r)
{
	mode_t	 mask;

	if (r->share == NULL)
		return;
	mask = umask(077);
	curl_easy_setopt(r->jar, CURLOPT_COOKIELIST, "FLUSH");
	/* Cleaning up writes the file once more: the jar is unset first. */
	curl_easy_setopt(r->jar, CURLOPT_COOKIEJAR, NULL);
	curl_easy_cleanup(r->jar);
	umask(mask);
	curl_share_cleanup(r->share);
	r->jar = NULL;
	r->share = NULL;
}

/*
 * A random number for this run, in hex (size - 1 digits): the proxy
 * logins of isolation (fetch_proxy_login()).  Should the kernel give no random
 * bytes, the time and the process make one: still a login per host.
 */
void
fetch_run_id(char *id, size_t size)
{
	unsigned char	 b[32];
	size_t		 i, n = (size - 1) / 2;

	if (n > sizeof b)
		n = sizeof b;
	if (getrandom(b, n, 0) != (ssize_t)n) {
		snprintf(id, size, "%llx%lx", (unsigned long long)time(NULL),
		    (long)getpid());
		return;
	}
	for (i = 0; i < n; i++)
		snprintf(id + 2 * i, size - 2 * i, "%02x", b[i]);
}

/*
 * Run njobs jobs; call done(job, arg) once for each, as it finishes, in no
 * particular order.  The job's inputs are borrowed and must stay valid for
 * the run.  Its results are valid only during the callback: fetch_run()
 * frees them when the callback returns, so a callback that wants to keep a
 * string takes it by setting the field to NULL.  Returns 0, or -1 if curl
 * itself could not be set up (no job was run then).
 */
int
fetch_run(struct fetch_job *jobs, size_t njobs, const struct fetch_opts *opts,
    fetch_done_cb done, void *arg)
{
	struct fetch_run	 r;
	struct fetch_opts	 o = *opts;
	struct curl_waitfd	*fds = NULL;
	size_t			 i;
	unsigned int		 nfds;
	int			 still;

	if (fetch_global_init() == -1)
		return -1;
	if (o.max_transfers < 1)
		o.max_transfers = 1;
	if (o.per_host < 1)
		o.per_host = 1;
	if (o.max_redirects < 0)
		o.max_redirects = 0;
	opts = &o;
	memset(&r, 0, sizeof r);
	r.opts = opts;
	r.done = done;
	r.arg = arg;
	if ((r.multi = curl_multi_init()) == NULL)
		return -1;
	/*
	 * Our own queue keeps to per_host; telling curl the same limit makes
	 * it hold a redirected transfer back rather than open a third
	 * connection to the host it was redirected to.
	 */
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)opts->per_host);
	curl_multi_setopt(r.multi, CURLMOPT_MAXCONNECTS,
	    (long)opts->max_transfers);
	r.xfers = xcalloc(njobs ? njobs : 1, sizeof *r.xfers);
	r.nxfers = njobs;
	for (i = 0; i < njobs; i++) {
		memset(&jobs[i].body, 0, sizeof jobs[i].body);
		r.xfers[i].job = &jobs[i];
		r.xfers[i].state = XFER_QUEUED;
	}

	r.resolve = resolve_list(opts->resolve);
	fetch_run_id(r.run_id, sizeof r.run_id);
	cookies_open(&r);
	hosts_make(&r);
	fill_slots(&r);
	while (r.running > 0 || r.commands > 0) {
		curl_multi_perform(r.multi, &still);
		reap(&r);
		nfds = cmd_reap(&r, &fds);
		fill_slots(&r);
		if ((r.running > 0 && still > 0) || r.commands > 0) {
			if (opts->idle != NULL)
				opts->idle(arg);
			curl_multi_poll(r.multi, fds, nfds, 1000, NULL);
		}
	}
	free(fds);
	curl_multi_cleanup(r.multi);
	cookies_close(&r);
	curl_slist_free_all(r.resolve);
	for (i = 0; i < r.nhosts; i++)
		free(r.hosts[i].key);
	free(r.hosts);
	free(r.ring);
	free(r.xfers);
	return 0;
}

/* Free a job's results (not its borrowed inputs) and zero them. */
void
fetch_job_clear(struct fetch_job *job)
{
	buf_free(&job->body);
	free(job->final_url);
	free(job->moved_url);
	free(job->charset);
	free(job->content_type);
	free(job->new_etag);
	free(job->new_last_modified);
	free(job->error);
	job->final_url = job->moved_url = job->charset = NULL;
	job->content_type = job->new_etag = job->new_last_modified = NULL;
	job->error = NULL;
}

#define TOOBIG	"response larger than %zu bytes, not read"

/*
 * A transfer's error as fetch_curl_message() made it, in the messages'
 * language where it is majlis's own words; a server's or libcurl's stay
 * as they are.  Returns a heap string.
 */
char *
fetch_error_said(const char *why)
{
	char		*s;
	size_t		 i, n;

	for (i = 0; i < nitems(own_errors); i++) {
		if (strcmp(why, own_errors[i]) == 0)
			return xstrdup(_(own_errors[i]));
	}
	if (sscanf(why, "response larger than %zu", &n) == 1) {
		xasprintf(&s, TOOBIG, n);
		if (strcmp(s, why) == 0) {
			free(s);
			xasprintf(&s, _("response larger than %zu bytes, not "
			    "read"), n);
			return s;
		}
		free(s);
	}
	return xstrdup(why);
}

/*
 * Why the transfer of easy failed with rc, as a feed's error is stored
 * (fetch_error_said() says it): proxied if it went through a proxy that
 * fetch_easy_setup() set, and then the only connection curl makes is to
 * the proxy, so one that failed is the proxy's, not the server's.
 * Returns a heap string.
 */
char *
fetch_transfer_error(void *easy, int rc, const char *errbuf, int proxied,
    int toobig, size_t max_size)
{
	long	 oserr;

	if (proxied && (rc == CURLE_COULDNT_CONNECT ||
	    rc == CURLE_COULDNT_RESOLVE_PROXY))
		return xstrdup(own_errors[OWN_PROXY_DOWN]);
	if (curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &oserr) != CURLE_OK)
		oserr = 0;
	return fetch_curl_message(rc, errbuf, (int)oserr, toobig, max_size);
}

/*
 * The one-line reason for a transfer curl could not complete.  Our own
 * words for the failures people meet every day; curl's error buffer, which
 * names the host or the certificate problem, for the rest.  oserr is the
 * errno curl saw (CURLINFO_OS_ERRNO), or 0.  Returns a heap string.
 */
char *
fetch_curl_message(int rc, const char *errbuf, int oserr, int toobig,
    size_t max_size)
{
	char	*s;

	if (toobig || rc == CURLE_FILESIZE_EXCEEDED) {
		xasprintf(&s, TOOBIG, max_size);
		return s;
	}
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return xstrdup(own_errors[OWN_TIMEDOUT]);
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			return xstrdup(own_errors[OWN_REFUSED]);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return xstrdup(own_errors[OWN_SCHEME]);
	default:
		break;
	}
	if (errbuf != NULL && *errbuf != '\0')
		return text_safe(errbuf);
	return xstrdup(curl_easy_strerror((CURLcode)rc));
}
