/*
 * libFuzzer target for date.c.  Any bytes give a date or DATE_NONE, never a
 * crash or a read past the string.  Beyond that it checks what must hold
 * whatever the input:
 *   1. date_parse() finds a date whenever one of the two families does;
 *   2. results stay within the years the handlers can produce;
 *   3. a date printed back in RFC 822 and in W3CDTF form parses to itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Somewhat beyond years 0 and 9999: ISO 8601 fields roll over. */
#define LOW	INT64_C(-62200000000)
#define HIGH	INT64_C(253500000000)

static void
round_trip(int64_t v)
{
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	char		 s[64];
	struct tm	 tm;
	time_t		 t = (time_t)v;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 1000 ||
	    tm.tm_year + 1900 > 9999)
		return;
	snprintf(s, sizeof s, "%02d %s %04d %02d:%02d:%02d GMT", tm.tm_mday,
	    mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	if (date_parse(s) != v)
		abort();
	snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (date_parse(s) != v)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char	*s;
	int64_t	 v, r, i;

	/* An exact-size copy, so that ASan sees any read past the NUL. */
	s = xmalloc(len + 1);
	memcpy(s, data, len);
	s[len] = '\0';
	v = date_parse(s);
	r = date_parse_rfc822(s);
	i = date_parse_iso8601(s);
	if (v == DATE_NONE && (r != DATE_NONE || i != DATE_NONE))
		abort();
	if (v != DATE_NONE && (v < LOW || v > HIGH))
		abort();
	if (v != DATE_NONE)
		round_trip(v);
	free(s);
	return 0;
}
