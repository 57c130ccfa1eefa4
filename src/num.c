/*
 * Numbers as the user writes them, in the config file, a feed's settings
 * and filters: an optional sign, digits, and for durations and sizes an
 * optional unit.  Every setting that takes a number reads it here, so that
 * "30m" means the same everywhere.
 */
#include <stdint.h>
#include <stdio.h>
#include <strings.h>

#include "majlis.h"

/* A unit's suffix (any case) and what it multiplies by. */
struct unit {
	const char	*suffix;
	int64_t		 mult;
};
static const struct unit size_units[] = {
	{ "", 1 }, { "b", 1 },
	{ "k", 1024 }, { "kb", 1024 }, { "kib", 1024 },
	{ "m", 1024 * 1024 }, { "mb", 1024 * 1024 }, { "mib", 1024 * 1024 },
	{ "g", 1024 * 1024 * 1024 }, { "gb", 1024 * 1024 * 1024 },
	{ "gib", 1024 * 1024 * 1024 },
	{ NULL, 0 }
};
static const struct unit time_units[] = {
	{ "", 1 }, { "s", 1 }, { "m", 60 }, { "min", 60 }, { "h", 3600 },
	{ "d", 86400 },
	{ NULL, 0 }
};
static const struct unit no_units[] = {
	{ "", 1 },
	{ NULL, 0 }
};

/*
 * Read a number with an optional unit from the NULL-terminated list units.
 * Returns 0, or -1 if s is not a number (with or without a known unit) or
 * overflows.
 */
static int
parse_number(const char *s, const struct unit *units, int64_t *out)
{
	const char	*p = s;
	int64_t		 v = 0;
	int		 neg = 0, digits = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (digits == 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	for (; units->suffix != NULL; units++) {
		if (strcasecmp(p, units->suffix) != 0)
			continue;
		if (v > INT64_MAX / units->mult)
			return -1;
		v *= units->mult;
		*out = neg ? -v : v;
		return 0;
	}
	return -1;
}

/*
 * A plain number (an optional sign, digits, no unit), as a setting, a
 * colour or a filter's number is written.  Returns 0 with *out set, or -1.
 */
int
num_parse(const char *s, int64_t *out)
{
	return parse_number(s, no_units, out);
}

/* A duration as a seconds setting is written ("90", "30m", "6h", "1d"). */
int
num_seconds(const char *s, int64_t *out)
{
	return parse_number(s, time_units, out);
}

/* A size in bytes as a size setting is written ("4096", "512K", "16M"). */
int
num_size(const char *s, int64_t *out)
{
	return parse_number(s, size_units, out);
}

/*
 * A duration of secs seconds (0 or more) as a seconds setting is written,
 * in the largest unit it is a whole number of ("6h" for 21600, "90s"),
 * so that what the user typed reads back the same.  Writes into buf
 * (32 bytes are enough) and returns it.
 */
char *
num_seconds_format(int64_t secs, char *buf, size_t len)
{
	static const struct unit units[] = {
		{ "d", 86400 }, { "h", 3600 }, { "m", 60 }, { NULL, 0 }
	};
	const struct unit	*u;

	for (u = units; u->suffix != NULL; u++) {
		if (secs != 0 && secs % u->mult == 0)
			break;
	}
	if (u->suffix == NULL)
		snprintf(buf, len, "%llds", (long long)secs);
	else
		snprintf(buf, len, "%lld%s", (long long)(secs / u->mult),
		    u->suffix);
	return buf;
}
