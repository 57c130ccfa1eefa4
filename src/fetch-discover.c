/*
 * fetch-discover.c: from the URL a person typed to the URL of a feed.  People
 * paste a site's home page more often than its feed; the page usually
 * names its feeds in the head:
 *
 *   <link rel="alternate" type="application/rss+xml" href="/feed.xml">
 *
 * discover_feed() fetches the URL once with the ordinary fetcher (same
 * proxy, protocol and size rules as 'majlis fetch').  If what comes back is
 * a feed, that is the answer; if it is an HTML page, the first alternate
 * link of a feed type is, resolved against the page (or its <base href>).
 * discover_in_html() is the pure half, for the tests.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "majlis.h"

/* Media types of the feeds the parser reads. */
static const char *const feed_types[] = {
	"application/rss+xml",
	"application/atom+xml",
	"application/rdf+xml",
	"application/x-rss+xml",
	"application/x-atom+xml",
};

static int
is_feed_type(const char *type)
{
	size_t	 i, len;

	/* "application/rss+xml; charset=utf-8" counts too. */
	while (*type == ' ' || *type == '\t')
		type++;
	len = strcspn(type, " \t;");
	for (i = 0; i < nitems(feed_types); i++) {
		if (strlen(feed_types[i]) == len &&
		    strncasecmp(type, feed_types[i], len) == 0)
			return 1;
	}
	return 0;
}

/* Is word one of the space-separated tokens of list (case-insensitive)? */
static int
has_token(const char *list, const char *word)
{
	size_t	 wlen = strlen(word), len;

	while (*list != '\0') {
		list += strspn(list, " \t\r\n\f");
		len = strcspn(list, " \t\r\n\f");
		if (len == wlen && strncasecmp(list, word, len) == 0)
			return 1;
		list += len;
	}
	return 0;
}

struct discover {
	char	*base;		/* from <base href>, heap, or NULL */
	char	*href;		/* first feed link, heap, or NULL */
};

/* Depth-first, in document order; stops at the first feed link. */
static void
walk(xmlNode *n, struct discover *d)
{
	xmlChar	*rel, *type, *href;

	for (; n != NULL && d->href == NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, BAD_CAST "base") == 0 &&
		    d->base == NULL &&
		    (href = xmlGetProp(n, BAD_CAST "href")) != NULL) {
			d->base = xstrdup((const char *)href);
			xmlFree(href);
		} else if (xmlStrcasecmp(n->name, BAD_CAST "link") == 0 ||
		    xmlStrcasecmp(n->name, BAD_CAST "a") == 0) {
			rel = xmlGetProp(n, BAD_CAST "rel");
			type = xmlGetProp(n, BAD_CAST "type");
			href = xmlGetProp(n, BAD_CAST "href");
			if (rel != NULL && type != NULL && href != NULL &&
			    *href != '\0' &&
			    has_token((const char *)rel, "alternate") &&
			    is_feed_type((const char *)type))
				d->href = xstrdup((const char *)href);
			xmlFree(rel);
			xmlFree(type);
			xmlFree(href);
		}
		if (n->children != NULL)
			walk(n->children, d);
	}
}

/*
 * The first feed an HTML page links to as an alternate, resolved against
 * its <base href> or else against url (the page's own URL; may be NULL).
 * charset is the one the server declared, or NULL.  Returns a heap string,
 * or NULL if the page names no feed.
 */
char *
discover_in_html(const char *html, size_t len, const char *url,
    const char *charset)
{
	struct discover	 d;
	htmlDocPtr	 doc;
	char		*base, *found = NULL;

	if (len > INT_MAX)
		return NULL;
	doc = htmlReadMemory(html, (int)len, url, charset,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (doc == NULL)
		return NULL;
	memset(&d, 0, sizeof d);
	walk(xmlDocGetRootElement(doc), &d);
	xmlFreeDoc(doc);
	if (d.href != NULL) {
		/* A relative <base> is itself relative to the page. */
		base = d.base != NULL ? url_resolve(url, d.base) : NULL;
		found = url_resolve(base != NULL ? base : url, d.href);
		free(base);
		if (!url_is_http(found)) {
			free(found);
			found = NULL;
		}
	}
	free(d.base);
	free(d.href);
	return found;
}

/* Stop the parse at the first entry: we only ask "is it a feed?". */
static int
first_entry(struct entry *e, void *arg)
{
	return 1;
}

static int
is_feed(const struct fetch_job *job)
{
	struct feed	*f;
	char		*err = NULL;

	f = feed_parse(job->body.s != NULL ? job->body.s : "", job->body.len,
	    job->final_url, job->charset, first_entry, NULL, &err);
	free(err);
	if (f == NULL)
		return 0;
	feed_free(f);
	return 1;
}

struct discover_result {
	const char	*url;
	char		*feed;
	char		*err;
	int		 nofeed;	/* an answer came, without a feed */
	struct fetch_job *got;		/* the caller's, for the feed's answer */
};

/* Move the results of job, the feed's own answer, to r->got. */
static void
discover_keep(struct discover_result *r, struct fetch_job *job)
{
	struct fetch_job	*got = r->got;

	if (got == NULL)
		return;
	got->status = job->status;
	got->body = job->body;
	got->final_url = job->final_url;
	got->moved_url = job->moved_url;
	got->charset = job->charset;
	got->content_type = job->content_type;
	got->new_etag = job->new_etag;
	got->new_last_modified = job->new_last_modified;
	got->retry_after = job->retry_after;
	memset(&job->body, 0, sizeof job->body);
	job->final_url = job->moved_url = job->charset = NULL;
	job->content_type = job->new_etag = job->new_last_modified = NULL;
}

static void
discover_done(struct fetch_job *job, void *arg)
{
	struct discover_result	*r = arg;
	const char		*ct = job->content_type;
	const char		*self;
	int			 html;

	if (job->error != NULL) {
		/* The server says the feed is not there: nothing to add. */
		r->nofeed = job->status == 404 || job->status == 410;
		r->err = fetch_error_said(job->error);
		return;
	}
	/* After a permanent redirect, subscribe to where the feed lives. */
	self = job->moved_url != NULL ? job->moved_url : r->url;
	html = ct != NULL && (strcmp(ct, "text/html") == 0 ||
	    strcmp(ct, "application/xhtml+xml") == 0);
	/* Servers mislabel both ways: try the likely reading first. */
	if (!html && is_feed(job)) {
		r->feed = xstrdup(self);
		discover_keep(r, job);
		return;
	}
	r->feed = discover_in_html(job->body.s != NULL ? job->body.s : "",
	    job->body.len, job->final_url, job->charset);
	if (r->feed == NULL && html && is_feed(job)) {
		r->feed = xstrdup(self);
		discover_keep(r, job);
	}
	if (r->feed == NULL) {
		r->nofeed = 1;
		r->err = xstrdup(html ? _("no feed linked from this page") :
		    _("neither a feed nor a page that links to one"));
	}
}

/*
 * The feed to subscribe to for url: url itself (or where a permanent
 * redirect moved it) if it is a feed, else the feed an HTML page links to.
 * opts are the fetcher's settings (proxy, user agent, timeouts).  Returns
 * a heap string, or NULL with *err a heap string saying why and *nofeed 1
 * if that is because the document holds no feed or the server says there
 * is none (404, 410; 0: it could not be fetched).  When url's own answer
 * is the feed and got is not NULL, *got receives that answer's results
 * (status, body, validators: the feed's first fetch, to be stored; free
 * them with fetch_job_clear()); else got->status stays 0.
 */
char *
discover_feed(const char *url, const struct fetch_opts *opts,
    struct fetch_job *got, char **err, int *nofeed)
{
	struct discover_result	 r;
	struct fetch_job	 job;

	*err = NULL;
	*nofeed = 0;
	if (!url_is_http(url)) {
		*err = xstrdup(_("not an http or https URL"));
		return NULL;
	}
	parse_init();

	memset(&r, 0, sizeof r);
	memset(&job, 0, sizeof job);
	r.url = url;
	r.got = got;
	if (got != NULL)
		memset(got, 0, sizeof *got);
	job.url = url;
	if (fetch_run(&job, 1, opts, discover_done, &r) == -1)
		r.err = xstrdup(_("cannot initialise libcurl"));
	*nofeed = r.nofeed;
	if (r.feed == NULL)
		*err = r.err != NULL ? r.err : xstrdup("nothing fetched");
	else
		free(r.err);
	return r.feed;
}
