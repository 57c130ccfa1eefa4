/*
 * XML in and out, below the parsers and the writers: libxml2 set up once
 * so that it reads nothing but the bytes it is given, and text escaped for
 * XML.
 */
#include <string.h>

#include <libxml/parser.h>

#include "majlis.h"

/*
 * Refuse every external entity, DTD and XInclude: a parser reads no file
 * and no URL, whatever the document asks for.
 */
static xmlParserInputPtr
refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/*
 * Start libxml2 with the refusing loader.  Every reader of XML (the feed
 * parser, OPML) calls it before its first parse; later calls do nothing.
 */
void
xml_init(void)
{
	static int	 done;

	if (done)
		return;
	done = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_loader);
}

/*
 * s as XML attribute text: the five markup characters escaped, the
 * characters XML 1.0 cannot hold at all dropped (C0 controls, but as
 * character references tab and newline, which an attribute would otherwise
 * turn into spaces), and those text_is_unsafe() names (C1 controls, bidi
 * embeddings, overrides and isolates), invalid UTF-8 as U+FFFD.
 */
void
xml_escape(struct buf *b, const char *s)
{
	uint32_t	 c;
	size_t		 i, n, len = strlen(s);

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		switch (c) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&apos;");
			break;
		case '\t':
			buf_adds(b, "&#9;");
			break;
		case '\n':
			buf_adds(b, "&#10;");
			break;
		default:
			/*
			 * Nor what a terminal is never shown (text.c): a bidi
			 * override in a member's name would turn the page's
			 * own text around it, "gpj.exe" show as "exe.jpg".
			 */
			if (c < 0x20 || c == 0xfffe || c == 0xffff ||
			    text_is_unsafe(c))
				break;
			if (c == UTF8_REPLACEMENT)
				utf8_encode(b, c);
			else
				buf_add(b, s + i, n);
			break;
		}
	}
}
