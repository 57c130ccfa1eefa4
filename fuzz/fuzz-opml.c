/*
 * libFuzzer target for the OPML reader: any bytes must give either a list
 * (every URL in it acceptable to sub_check_url) or an error, never a crash,
 * a leak or a read past the input; and what it read must survive being
 * written back out and read again.
 */
#include <stdint.h>
#include <stdlib.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sublist	 sl, back;
	struct buf	 b;
	char		*err = NULL;
	size_t		 i;

	sublist_init(&sl);
	if (opml_parse((const char *)data, len, "fuzz", &sl, &err) == -1) {
		if (err == NULL || sl.nsubs != 0)
			abort();
		free(err);
		sublist_free(&sl);
		return 0;
	}
	for (i = 0; i < sl.nsubs; i++) {
		if (sub_check_url(sl.subs[i].url) != NULL)
			abort();
	}
	buf_init(&b);
	opml_write(&b, "majlis subscriptions", sl.subs, sl.nsubs, 0);
	if (!utf8_valid(buf_str(&b), b.len))
		abort();
	sublist_init(&back);
	if (opml_parse(buf_str(&b), b.len, "again", &back, &err) == -1 ||
	    back.nsubs != sl.nsubs)
		abort();
	sublist_free(&back);
	buf_free(&b);
	sublist_free(&sl);
	return 0;
}
