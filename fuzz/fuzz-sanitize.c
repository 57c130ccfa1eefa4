/*
 * libFuzzer target for the river's HTML sanitiser.  Besides memory errors
 * (the sanitizers), it checks the promises of html_sanitize() and aborts
 * when one is broken, so the fuzzer finds those too:
 *   - the output is valid UTF-8 without C0 controls but tab, CR and LF;
 *   - read again by libxml2's HTML parser, every element is one the
 *     allowlist keeps, no attribute is an event handler, style, srcset,
 *     class or id, and every href, src and cite is http(s) (or mailto for
 *     href), however the input spelled its URLs;
 *   - the text cut is honoured: with a small maxtext the output stays
 *     small;
 *   - the output is a fixpoint: sanitised again, it is the same, so the
 *     tree a browser builds from it is the one that was sanitised;
 *   - what the images became (html_sanitize_images()): no <img> but one
 *     on the page's origin with inline-same-origin, or any with
 *     html_sanitize().
 * The first input byte picks the base URL, the cut and the image mode, the
 * rest is the post's HTML.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "majlis.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define ORIGIN	"https://example.org"

/* The image modes the first byte picks from; KEEP is html_sanitize()'s. */
static const struct san_images modes[] = {
	{ SAN_IMAGES_KEEP, NULL, NULL },
	{ SAN_IMAGES_LINK, NULL, "image" },
	{ SAN_IMAGES_NONE, NULL, "image" },
	{ SAN_IMAGES_ORIGIN, ORIGIN, "image" },
};
static const struct san_images *mode;

static const char *const kept =
    " a abbr acronym address article aside b bdi bdo big blockquote br"
    " caption cite code col colgroup dd del details dfn div dl dt em"
    " figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li"
    " mark ol p pre q rp rt ruby s samp section small span strike strong sub"
    " summary sup table tbody td tfoot th thead time tr tt u ul var wbr"
    " html body ";		/* the parser's own, around the fragment */

static void
check_node(xmlNodePtr n)
{
	char		 name[64];
	xmlAttrPtr	 a;
	xmlChar		*v;
	const char	*an;
	char		*origin;

	if (strlen((const char *)n->name) > sizeof name - 3)
		abort();
	snprintf(name, sizeof name, " %s ", (const char *)n->name);
	if (strstr(kept, name) == NULL)
		abort();
	if (strcmp(name, " img ") == 0 && mode->mode != SAN_IMAGES_KEEP) {
		if (mode->mode != SAN_IMAGES_ORIGIN ||
		    (v = xmlGetProp(n, (const xmlChar *)"src")) == NULL)
			abort();
		origin = url_origin((char *)v);
		if (origin == NULL || strcmp(origin, ORIGIN) != 0)
			abort();
		free(origin);
		xmlFree(v);
	}
	for (a = n->properties; a != NULL; a = a->next) {
		an = (const char *)a->name;
		if (strncasecmp(an, "on", 2) == 0 || strcasecmp(an, "style") == 0 ||
		    strcasecmp(an, "srcset") == 0 || strcasecmp(an, "class") == 0 ||
		    strcasecmp(an, "id") == 0)
			abort();
		if (strcmp(an, "href") != 0 && strcmp(an, "src") != 0 &&
		    strcmp(an, "cite") != 0)
			continue;
		v = xmlNodeGetContent((xmlNodePtr)a);
		if (v == NULL || (strncasecmp((char *)v, "http://", 7) != 0 &&
		    strncasecmp((char *)v, "https://", 8) != 0 &&
		    !(strcmp(an, "href") == 0 &&
		    strncasecmp((char *)v, "mailto:", 7) == 0)))
			abort();
		xmlFree(v);
	}
}

/* Walk the tree without recursion (it may be deep). */
static void
check_tree(xmlDocPtr doc)
{
	xmlNodePtr	 n = doc->children;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE)
			check_node(n);
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL)
			n = n->parent == (xmlNodePtr)doc ? NULL : n->parent;
		if (n != NULL)
			n = n->next;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const bases[] = {
		"https://example.org/a/b/c.html?q=1", "http://x", NULL,
		"javascript:alert(1)//"
	};
	char		*html, *out, *again;
	size_t		 i, len, maxtext;
	xmlDocPtr	 doc;

	if (size == 0)
		return 0;
	html = xstrndup((const char *)data + 1, size - 1);
	maxtext = (data[0] & 0x80) ? 16 : 1 << 20;
	mode = &modes[(data[0] >> 2) % nitems(modes)];
	out = html_sanitize_images(html, bases[data[0] % nitems(bases)],
	    maxtext, mode);
	len = strlen(out);
	if (!utf8_valid(out, len))
		abort();
	for (i = 0; i < len; i++) {
		if ((unsigned char)out[i] < 0x20 && out[i] != '\t' &&
		    out[i] != '\n' && out[i] != '\r')
			abort();
	}
	if (maxtext == 16 && len > 64 * 1024)
		abort();
	again = html_sanitize_images(out, bases[data[0] % nitems(bases)],
	    1 << 20, mode);
	if (strcmp(again, out) != 0)
		abort();
	free(again);
	if (len > 0) {
		doc = htmlReadMemory(out, (int)len, NULL, "UTF-8",
		    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		    HTML_PARSE_NOWARNING);
		if (doc != NULL) {
			check_tree(doc);
			xmlFreeDoc(doc);
		}
	}
	free(out);
	free(html);
	return 0;
}
