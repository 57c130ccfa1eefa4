/* date.c: placeholder, replaced by the real date parser. */
#include "majlis.h"

int64_t date_parse(const char *s) { (void)s; return DATE_NONE; }
int64_t date_parse_rfc822(const char *s) { (void)s; return DATE_NONE; }
int64_t date_parse_iso8601(const char *s) { (void)s; return DATE_NONE; }
int64_t
date_timegm(int y, int mo, int d, int h, int mi, int s)
{
	(void)y; (void)mo; (void)d; (void)h; (void)mi; (void)s;
	return DATE_NONE;
}
