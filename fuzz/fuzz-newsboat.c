/*
 * libFuzzer target for the newsboat urls reader: any bytes give a list or
 * an error, every URL in the list is acceptable, and writing the list out
 * and reading it back gives the same URLs with the same number of tags.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sublist	 sl, back;
	struct buf	 b;
	char		*err = NULL;
	size_t		 i, ntags;

	sublist_init(&sl);
	if (newsboat_urls_parse((const char *)data, len, "fuzz", &sl, &err) == -1) {
		free(err);
		sublist_free(&sl);
		return 0;
	}
	for (i = 0; i < sl.nsubs; i++) {
		if (sub_check_url(sl.subs[i].url) != NULL)
			abort();
	}
	buf_init(&b);
	newsboat_urls_write(&b, sl.subs, sl.nsubs);
	sublist_init(&back);
	if (newsboat_urls_parse(buf_str(&b), b.len, "again", &back, &err) == -1 ||
	    back.nsubs != sl.nsubs || back.nerrors != 0)
		abort();
	for (i = 0; i < sl.nsubs; i++) {
		if (strcmp(sl.subs[i].url, back.subs[i].url) != 0)
			abort();
		/* Tags starting with '~' cannot be written (newsboat_urls_write). */
		ntags = sl.subs[i].ntags;
		if (back.subs[i].ntags > ntags)
			abort();
	}
	sublist_free(&back);
	buf_free(&b);
	sublist_free(&sl);
	return 0;
}
