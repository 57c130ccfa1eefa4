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

/*
 * A running time as podcasts write it (itunes:duration): "H:MM:SS",
 * "M:SS" or seconds, each part digits, a fraction of a second ignored.
 * Returns 0 with *out the seconds (more than 0), or -1.
 */
int
num_clock(const char *s, int64_t *out)
{
	int64_t		 v = 0, part;
	int		 parts = 0, digits;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	for (;;) {
		for (part = 0, digits = 0; *s >= '0' && *s <= '9'; s++) {
			if (++digits > 9)
				return -1;
			part = part * 10 + (*s - '0');
		}
		if (digits == 0 || ++parts > 3)
			return -1;
		/* Minutes and seconds after the first part are 0-59. */
		if (parts > 1 && part > 59)
			return -1;
		v = v * 60 + part;
		if (*s != ':')
			break;
		s++;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * A running time of secs seconds as a clock shows it: "1:02:03", "2:03"
 * under an hour.  Writes into buf (32 bytes are enough), returns it.
 */
char *
num_clock_format(int64_t secs, char *buf, size_t len)
{
	if (secs >= 3600)
		snprintf(buf, len, "%lld:%02d:%02d", (long long)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60));
	else
		snprintf(buf, len, "%d:%02d", (int)(secs / 60),
		    (int)(secs % 60));
	return buf;
}

/*
 * A size in bytes for a person: "512 bytes", "12.3 MB" (units of 1024,
 * as a size setting reads them), one decimal under 100.  Writes into buf
 * (64 bytes are enough), returns it.
 */
char *
num_size_format(int64_t bytes, char *buf, size_t len)
{
	double	 v = (double)bytes / 1024;
	int	 u, whole;

	if (bytes < 1024) {
		snprintf(buf, len, ngettext("%lld byte", "%lld bytes",
		    (unsigned long)bytes), (long long)bytes);
		return buf;
	}
	for (u = 0; v >= 1024 && u < 3; u++)
		v /= 1024;
	whole = v >= 99.95;
	/* TRANSLATORS: sizes, as "12.3 MB"; units of 1024 bytes. */
	switch (u) {
	case 0:
		snprintf(buf, len, whole ? _("%.0f KB") : _("%.1f KB"), v);
		break;
	case 1:
		snprintf(buf, len, whole ? _("%.0f MB") : _("%.1f MB"), v);
		break;
	case 2:
		snprintf(buf, len, whole ? _("%.0f GB") : _("%.1f GB"), v);
		break;
	default:
		snprintf(buf, len, whole ? _("%.0f TB") : _("%.1f TB"), v);
		break;
	}
	return buf;
}
