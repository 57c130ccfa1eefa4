/*
 * libFuzzer target for the HTML renderer and the width functions.  Besides
 * memory errors (the sanitizers), it checks the renderer's promises and
 * aborts when one is broken, so the fuzzer finds those too:
 *   - every output line is valid UTF-8 without C0/C1 controls, DEL or bidi
 *     embedding/override/isolate characters (after entity decoding);
 *   - no wrapped line is wider than the width (pre and link list lines are
 *     exempt by contract);
 *   - the same holds for the display form of each line.
 * The first input byte picks the base URL form, the rest is the document.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

#define WIDTH	60

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_safe(const char *s)
{
	size_t		 i, n, len = strlen(s);
	uint32_t	 c;

	if (!utf8_valid(s, len))
		abort();
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const bases[] = {
		"https://example.org/a/b/c.html?q=1", "http://x", NULL, ""
	};
	struct rendered	*r;
	char		*html, *s, *d;
	size_t		 i;

	if (size == 0)
		return 0;
	html = xstrndup((const char *)data + 1, size - 1);

	r = html_render(html, bases[data[0] % nitems(bases)], WIDTH);
	for (i = 0; i < r->nlines; i++) {
		check_safe(r->lines[i]);
		if (!(r->flags[i] & (RLINE_PRE | RLINE_LINKLIST)) &&
		    text_width(r->lines[i]) > WIDTH)
			abort();
		d = rendered_display(r, i, (enum bidi_mode)(data[0] % 3));
		check_safe(d);
		free(d);
	}
	for (i = 0; i < r->nlinks; i++)
		check_safe(r->links[i]);
	rendered_free(r);

	s = html_to_plain(html);
	check_safe(s);
	d = text_truncate(s, 20);
	if (text_width(d) > 20)
		abort();
	check_safe(d);
	free(d);
	free(s);

	free(html);
	return 0;
}
