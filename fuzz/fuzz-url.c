/*
 * libFuzzer target for url.c.  The input is a base and a reference split at
 * the first newline (the whole input is the reference if there is none).
 * Checks, beyond "no crash, no read past the string":
 *   1. an absolute base gives an absolute result;
 *   2. a result never holds a tab, CR or LF;
 *   3. a result's path, when the reference was relative to a base with an
 *      authority, holds no "." or ".." segment;
 *   4. url_is_http() implies url_is_absolute().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Does the path of u (after "scheme://authority") hold a dot segment? */
static int
has_dot_segment(const char *u)
{
	const char	*p, *e;
	size_t		 n;

	if ((p = strstr(u, "://")) == NULL)
		return 0;
	p += 3;
	p += strcspn(p, "/?#");
	e = p + strcspn(p, "?#");
	while (p < e && *p == '/') {
		p++;
		n = strcspn(p, "/?#");
		if ((n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char		*in, *base, *ref, *nl, *r, *b, *c;

	in = xmalloc(len + 1);
	memcpy(in, data, len);
	in[len] = '\0';
	if ((nl = strchr(in, '\n')) != NULL) {
		*nl = '\0';
		base = in;
		ref = nl + 1;
	} else {
		base = NULL;
		ref = in;
	}
	r = url_resolve(base, ref);
	if (r == NULL || strpbrk(r, "\t\r\n") != NULL)
		abort();
	if (url_is_http(r) && !url_is_absolute(r))
		abort();
	if (base != NULL) {
		/*
		 * Both as url_resolve() sees them: trimmed, with no tab,
		 * CR or LF ("ht\ttp://x" is absolute).
		 */
		b = url_resolve(NULL, base);
		c = url_resolve(NULL, ref);
		if (url_is_absolute(b) && !url_is_absolute(r))
			abort();
		if (!url_is_absolute(c) && url_is_absolute(b) &&
		    strncmp(b + strcspn(b, ":"), "://", 3) == 0 &&
		    !has_dot_segment(b) && has_dot_segment(r))
			abort();
		free(c);
		free(b);
	}
	free(r);
	free(in);
	return 0;
}
