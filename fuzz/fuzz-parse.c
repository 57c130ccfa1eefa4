/*
 * libFuzzer target for the feed parser: every input is parsed twice, once
 * collecting the entries and once through a callback (with a feed URL and
 * an HTTP charset taken from the input's first byte, so that the base URL
 * resolution and the charset paths are exercised too), then freed.  Run
 * with AddressSanitizer and UndefinedBehaviorSanitizer (--enable-fuzzing);
 * see fuzz/README.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
check_entry(struct entry *e, void *arg)
{
	size_t	 i;
	char	*key;

	/* Touch everything the database would store. */
	key = entry_key(e, arg);
	free(key);
	if (e->title != NULL && !utf8_valid(e->title, strlen(e->title)))
		abort();
	if (e->summary != NULL && !utf8_valid(e->summary, strlen(e->summary)))
		abort();
	for (i = 0; i < e->ntags; i++)
		if (e->tags[i] == NULL)
			abort();
	for (i = 0; i < e->nenclosures; i++)
		if (e->enclosures[i].url == NULL)
			abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		NULL, "utf-8", "iso-8859-1", "windows-1256", "utf-16", "bogus"
	};
	struct feed	*f;
	char		*err = NULL;
	const char	*cs;

	f = feed_parse((const char *)data, size, NULL, NULL, NULL, NULL, &err);
	if ((f == NULL) == (err == NULL))
		abort();
	feed_free(f);
	free(err);

	err = NULL;
	cs = charsets[size > 0 ? data[0] % nitems(charsets) : 0];
	f = feed_parse((const char *)data, size, "http://fuzz.example/a/b.xml",
	    cs, check_entry, "http://fuzz.example/a/b.xml", &err);
	if ((f == NULL) == (err == NULL))
		abort();
	if (f != NULL && f->nentries != 0)
		abort();
	feed_free(f);
	free(err);
	return 0;
}
