/*
 * Feed dates to UTC seconds.
 *
 * Feeds write dates every way there is: RFC 822 with and without weekday,
 * two-digit years, named zones, W3CDTF with and without seconds or zone,
 * compact ISO 8601, asctime().  What a reader expects is what the feeds
 * have always shown in other aggregators, and the reference for that (and
 * for our conformance suite) is Python's feedparser 6.0.10.  So this file
 * is a port of feedparser's date handlers, quirks included, not a parser of
 * the standards: where feedparser takes "Sun, 19 May 2002" as midnight UTC,
 * "2003-12-31T10:14:55+0530" as five hours east, or reads only the date of
 * "2003-12-31 10:14:55 EST", so do we.
 *
 * date_parse() runs the handlers in feedparser's order, and the first that
 * gives a date wins:
 *
 *   1. w3dtf_parse()     W3CDTF, also "YYYY-MM-DD hh:mm:ss zone" (MSSQL)
 *   2. rfc822_parse()    RFC 822/2822 and the usual damage done to it
 *   3. iso8601_tmpl_parse()  feedparser's ISO 8601 templates (a prefix
 *                        match, so garbage after a date is ignored)
 *   4. asctime_parse()   "Sun May 19 15:21:36 2002", reordered for (2)
 *   5. perforce_parse()  "Fri, 2006/09/15 08:19:53 EDT", found anywhere
 *   6. greek_parse()     RFC 822 with Greek day and month names
 *
 * Before them, date_fast() reads the two shapes nearly every feed writes
 * ("Sat, 01 Jun 2024 12:00:00 +0300" and "2024-06-01T12:00:00Z") straight
 * off the bytes, giving what the handlers would give; test-date.c checks
 * the two against each other.
 *
 * feedparser also has Hungarian and Korean handlers, but they come after
 * (3), and every string they accept starts with four digits, which (3)
 * already takes as a year; they can never decide a result, so they are not
 * here.
 *
 * Two places where feedparser reads the clock are deliberately different:
 * an ISO 8601 date without a year, month or day (feedparser fills in
 * today's) gives DATE_NONE, and a two-digit ISO 8601 year is taken in the
 * 2000s (feedparser uses the current century, the same until 2100).  That
 * keeps every function here pure: no clock, no locale, no TZ, no mutable
 * static data, so they are safe from any thread.
 *
 * Python semantics that matter and are kept: str.split() and str.strip()
 * split on Unicode whitespace too (py_space()), int() accepts a sign,
 * surrounding whitespace and '_' between digits (py_int()), int(float())
 * accepts exponents (py_float_int()), datetime() rejects hour 24 and
 * second 60 while the ISO 8601 handler's mktime() rolls them over
 * (dt_utc() versus civil()).  Only ASCII digits count as digits.
 *
 * Every scan is bounded by an explicit end pointer; nothing reads past the
 * string's NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

/* A slice of the input (or of a string constant): never NUL-terminated. */
struct tok {
	const char	*p;
	size_t		 n;
};

#define TOKMAX	8		/* rfc822_parts() looks at six at most */

/*
 * Integers above this are "too big for any date field"; py_int() and
 * py_float_int() saturate here so that arithmetic on them cannot overflow
 * and the range checks reject them, as datetime() would.
 */
#define BIG	INT64_C(1000000000000)

/* First and last second datetime() can represent: 0001-01-01, 9999-12-31. */
#define DT_MIN	INT64_C(-62135596800)
#define DT_MAX	INT64_C(253402300799)

static int
lc(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* ASCII case-insensitive: does t equal the lowercase string s? */
static int
tok_is(struct tok t, const char *s)
{
	size_t	 i;

	for (i = 0; i < t.n; i++) {
		if (s[i] == '\0' || lc((unsigned char)t.p[i]) != s[i])
			return 0;
	}
	return s[i] == '\0';
}

/* Does t start with the lowercase string s (ASCII case-insensitive)? */
static int
tok_starts(struct tok t, const char *s)
{
	size_t	 n = strlen(s);

	if (t.n < n)
		return 0;
	return tok_is((struct tok){ t.p, n }, s);
}

/* t[a:b] for byte offsets a <= b found by scanning t, clamped to t. */
static struct tok
tok_sub(struct tok t, size_t a, size_t b)
{
	if (b > t.n)
		b = t.n;
	if (a > b)
		a = b;
	return (struct tok){ t.p + a, b - a };
}

/* Is this byte the first of a UTF-8 character (not a continuation)? */
static int
u8_start(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

/* Length of t in characters, as Python's len() counts them. */
static size_t
u8_len(struct tok t)
{
	size_t	 i, n = 0;

	for (i = 0; i < t.n; i++)
		n += u8_start(t.p[i]);
	return n;
}

/*
 * Python's t[a:b] with a and b counted in characters: "+0\u00a0:00"[1:3]
 * is "0\u00a0", which int() reads as 0.  Clamped the way slices are.
 */
static struct tok
py_slice(struct tok t, size_t a, size_t b)
{
	size_t	 i, c = 0, ba = t.n, bb = t.n;

	for (i = 0; i <= t.n; i++) {
		if (i < t.n && !u8_start(t.p[i]))
			continue;
		if (c == a && ba == t.n)
			ba = i;
		if (c == b) {
			bb = i;
			break;
		}
		c++;
	}
	if (bb < ba)
		bb = ba;
	return (struct tok){ t.p + ba, bb - ba };
}

static struct tok
tok_str(const char *s)
{
	return (struct tok){ s, strlen(s) };
}

/*
 * Length in bytes of the whitespace character at p (0 if there is none),
 * by Python's str.isspace(): ASCII \t-\r, space and \x1c-\x1f, and in UTF-8
 * U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000.  A feed's "Sun,&#160;19 May 2002" is split like feedparser does.
 */
static size_t
py_space(const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t		 n = (size_t)(e - p);

	if (n == 0)
		return 0;
	if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r') ||
	    (u[0] >= 0x1c && u[0] <= 0x1f))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && (u[1] == 0x85 || u[1] == 0xa0))
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xe1 && u[1] == 0x9a && u[2] == 0x80)
		return 3;
	if (u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] <= 0x8a || u[2] == 0xa8 || u[2] == 0xa9 || u[2] == 0xaf))
		return u[2] >= 0x80 ? 3 : 0;
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/*
 * Python's str.strip(), or with num set the stripping int() and float()
 * do, which leaves the separators \x1c-\x1f alone: int("\x1f5") fails.
 */
static struct tok
py_strip(struct tok t, int num)
{
	const char	*p = t.p, *e = t.p + t.n, *last;
	size_t		 k;

#define SPACE(p) ((num && (unsigned char)*(p) >= 0x1c && \
	    (unsigned char)*(p) <= 0x1f) ? 0 : py_space((p), e))
	while (p < e && (k = SPACE(p)) > 0)
		p += k;
	t.p = p;
	/*
	 * Scan forwards (UTF-8 cannot be decoded backwards reliably), keeping
	 * the end of the last character that is not whitespace.
	 */
	for (last = p; p < e; ) {
		if ((k = SPACE(p)) > 0)
			p += k;
		else
			last = ++p;
	}
#undef SPACE
	t.n = (size_t)(last - t.p);
	return t;
}

/*
 * Python's str.split() with no argument: store up to max fields in out and
 * return how many there are, counting no further than max + 1 (callers only
 * ask "fewer than five?").
 */
static size_t
py_split(struct tok t, struct tok *out, size_t max)
{
	const char	*p = t.p, *e = t.p + t.n, *s;
	size_t		 n = 0, k;

	for (;;) {
		while ((k = py_space(p, e)) > 0)
			p += k;
		if (p == e || n > max)
			break;
		s = p;
		while (p < e && py_space(p, e) == 0)
			p++;
		if (n < max)
			out[n] = (struct tok){ s, (size_t)(p - s) };
		n++;
	}
	return n;
}

/*
 * Python's int(s) for ASCII digits: optional surrounding whitespace, an
 * optional sign, digits with single '_' between them.  Returns 0 where
 * Python raises ValueError.  The value saturates at +-BIG.
 */
static int
py_int(struct tok t, int64_t *v)
{
	const char	*p, *e;
	int64_t		 x = 0;
	int		 neg = 0;

	t = py_strip(t, 1);
	p = t.p;
	e = t.p + t.n;
	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (p == e || !isdig((unsigned char)*p))
		return 0;
	for (; p < e; p++) {
		if (*p == '_' && p + 1 < e && isdig((unsigned char)p[1]) &&
		    isdig((unsigned char)p[-1]))
			continue;
		if (!isdig((unsigned char)*p))
			return 0;
		if (x < BIG)
			x = x * 10 + (*p - '0');
	}
	if (x > BIG)
		x = BIG;
	*v = neg ? -x : x;
	return 1;
}

/*
 * Python's int(float(s)): decimal with optional fraction and exponent,
 * '_' between digits, truncated toward zero.  "inf" and "nan" are floats
 * but int() refuses them, so they fail here.  Computed digit by digit, not
 * with strtod(), whose decimal point depends on the locale.
 */
static int
py_float_int(struct tok t, int64_t *v)
{
	const char	*p, *e, *m0, *m1, *dot = NULL;
	int64_t		 x = 0, ex = 0, pos;
	int		 neg = 0, eneg = 0, ndig = 0;

	t = py_strip(t, 1);
	p = t.p;
	e = t.p + t.n;
	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	m0 = p;
	for (; p < e; p++) {
		if (isdig((unsigned char)*p))
			ndig++;
		else if (*p == '_' && p > m0 && isdig((unsigned char)p[-1]) &&
		    p + 1 < e && isdig((unsigned char)p[1]))
			continue;
		else if (*p == '.' && dot == NULL)
			dot = p;
		else
			break;
	}
	m1 = p;
	if (ndig == 0)
		return 0;
	if (p < e && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || !isdig((unsigned char)*p))
			return 0;
		for (; p < e; p++) {
			if (*p == '_' && p + 1 < e &&
			    isdig((unsigned char)p[1]) &&
			    isdig((unsigned char)p[-1]))
				continue;
			if (!isdig((unsigned char)*p))
				return 0;
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
		}
	}
	if (p != e)
		return 0;
	if (eneg)
		ex = -ex;
	/*
	 * pos counts the digits still to come before the decimal point: the
	 * integer digits, moved by the exponent.  Digits after it are the
	 * fraction and are dropped.
	 */
	pos = ex;
	for (p = m0; p < m1 && p != dot; p++)
		if (isdig((unsigned char)*p))
			pos++;
	for (p = m0; p < m1 && pos > 0; p++) {
		if (!isdig((unsigned char)*p))
			continue;
		if (x < BIG)
			x = x * 10 + (*p - '0');
		pos--;
	}
	for (; pos > 0 && x < BIG; pos--)
		x *= 10;
	if (x > BIG)
		x = BIG;
	*v = neg ? -x : x;
	return 1;
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int64_t m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar, for
 * m in 1..12 and any d (d outside the month just counts on).  The year is
 * shifted to start in March so that the leap day is the last day of the
 * "year"; then whole 400-year eras of 146097 days are counted.
 */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468 + d - 1;
}

/*
 * Seconds since the epoch for fields that may be out of range in either
 * direction, normalised the way mktime() does: month first (month 13 is
 * January of the next year), then everything else is simply added.  The
 * fields must be within +-BIG.
 */
static int64_t
civil(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s)
{
	int64_t	 m0 = mo - 1;

	y += (m0 >= 0 ? m0 : m0 - 11) / 12;
	m0 -= ((m0 >= 0 ? m0 : m0 - 11) / 12) * 12;
	return days_from_civil(y, m0 + 1, d) * 86400 + h * 3600 + mi * 60 + s;
}

/*
 * UTC seconds for y-mo-d h:mi:s, or DATE_NONE when a field is out of range:
 * month 1-12, day within the month (leap years counted), hour 0-24 (24
 * only as 24:00:00, the end of the day), minute 0-59, second 0-61.  A leap
 * second (60 or 61) is clamped to 59: no feed date is that precise, and
 * POSIX time has no name for it.  Needs no timegm(), locale or TZ.
 */
int64_t
date_timegm(int y, int mo, int d, int h, int mi, int s)
{
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return DATE_NONE;
	if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 61)
		return DATE_NONE;
	if (h == 24 && (mi != 0 || s != 0))
		return DATE_NONE;
	if (s > 59)
		s = 59;
	return civil(y, mo, d, h, mi, s);
}

/*
 * What Python's datetime(y, mo, d, h, mi, s) - timedelta(hours=tzh,
 * minutes=tzm) gives, as UTC seconds: DATE_NONE if datetime() would raise
 * (fields out of range, hour 24 and second 60 included) or the result
 * leaves years 1-9999 (OverflowError).
 */
static int64_t
dt_utc(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s,
    int64_t tzh, int64_t tzm)
{
	int64_t	 t;

	if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > month_days(y, mo))
		return DATE_NONE;
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
		return DATE_NONE;
	t = civil(y, mo, d, h, mi, s) - tzh * 3600 - tzm * 60;
	if (t < DT_MIN || t > DT_MAX)
		return DATE_NONE;
	return t;
}

/* Zone names both feedparser handlers know, in hours east of UTC. */
static const struct zone {
	const char	*name;
	int		 hours;
} zones[] = {
	{ "ut", 0 }, { "gmt", 0 }, { "z", 0 },
	{ "adt", -3 }, { "ast", -4 }, { "at", -4 },
	{ "edt", -4 }, { "est", -5 }, { "et", -5 },
	{ "cdt", -5 }, { "cst", -6 }, { "ct", -6 },
	{ "mdt", -6 }, { "mst", -7 }, { "mt", -7 },
	{ "pdt", -7 }, { "pst", -8 }, { "pt", -8 },
	{ "a", -1 }, { "n", 1 }, { "m", -12 }, { "y", 12 },
	/* These two only in the RFC 822 handler. */
	{ "met", 1 }, { "mest", 2 },
};

/* A zone name's offset; unknown names (UTC, BST, ...) are UTC. */
static int
zone_hours(struct tok t, int rfc822)
{
	size_t	 i, n = nitems(zones) - (rfc822 ? 0 : 2);

	for (i = 0; i < n; i++) {
		if (tok_is(t, zones[i].name))
			return zones[i].hours;
	}
	return 0;
}

static const char *const month_names[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};
static const char *const day_names[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

/* Month 1-12 named by t's first three letters (any case), else 0. */
static int
month_of(struct tok t)
{
	size_t	 i;

	if (t.n < 3)
		return 0;
	for (i = 0; i < nitems(month_names); i++) {
		if (tok_is(py_slice(t, 0, 3), month_names[i]))
			return (int)i + 1;
	}
	return 0;
}

static int
is_day_name(struct tok t)
{
	size_t	 i;

	if (t.n < 3)
		return 0;
	for (i = 0; i < nitems(day_names); i++) {
		if (tok_is(py_slice(t, 0, 3), day_names[i]))
			return 1;
	}
	return 0;
}

/*
 * The RFC 822 handler's zone field: "+hhmm", "-hh:mm", "GMT+hh:mm",
 * "Etc/GMT-5", a name, or anything else (UTC).  Stores hours and minutes
 * east of UTC; returns 0 where feedparser gives up on the whole date (a
 * sign followed by something that is not "hh" and minutes).
 */
static int
rfc822_zone(struct tok z, int64_t *tzh, int64_t *tzm)
{
	char		 sbuf[32], *heap = NULL, *d;
	size_t		 i, k;
	int		 ok = 1;

	if (tok_starts(z, "etc/"))
		z = tok_sub(z, 4, z.n);
	if (tok_starts(z, "gmt")) {
		/*
		 * "GMT-05:00" is "-0500"; a bare "GMT" stays itself.  Every
		 * colon goes, so the result may be as long as the field
		 * (minutes of a hundred zeros are still zero).
		 */
		d = z.n <= sizeof sbuf ? sbuf : (heap = xmalloc(z.n));
		for (i = 3, k = 0; i < z.n; i++) {
			if (z.p[i] != ':')
				d[k++] = z.p[i];
		}
		z = k > 0 ? (struct tok){ d, k } : tok_str("gmt");
	}
	if (z.n > 0 && (z.p[0] == '+' || z.p[0] == '-')) {
		/* Minutes after "+hh:" if there is a colon anywhere. */
		k = memchr(z.p, ':', z.n) != NULL ? 4 : 3;
		if (!py_int(py_slice(z, 1, 3), tzh) ||
		    !py_int(py_slice(z, k, z.n), tzm))
			ok = 0;
		else if (z.p[0] == '-') {
			*tzh = -*tzh;
			*tzm = -*tzm;
		}
	} else {
		*tzh = zone_hours(z, 1);
		*tzm = 0;
	}
	free(heap);
	return ok;
}

/*
 * The RFC 822 handler on a string already split into fields (n of them,
 * the first min(n, TOKMAX - 2) in parts; parts has room for TOKMAX).
 * Fields: [weekday] day month year [time [zone]], day and month may be
 * swapped, time and zone default to midnight UTC, anything after the zone
 * is ignored.
 */
static int64_t
rfc822_parts(struct tok *parts, size_t n)
{
	struct tok	 tp[3];
	int64_t		 day, year, hms[3], tzh, tzm;
	size_t		 i, k, nt;
	int		 month;

	if (n < 5) {
		parts[n++] = tok_str("00:00:00");
		parts[n++] = tok_str("0000");
	}
	if (is_day_name(parts[0])) {
		parts++;
		n--;
	}
	if (n < 5)
		return DATE_NONE;

	month = month_of(parts[1]);
	if (!py_int(parts[0], &day)) {
		if ((month = month_of(parts[0])) == 0)
			return DATE_NONE;
		if (!py_int(parts[1], &day))
			return DATE_NONE;
	}
	if (month == 0)
		return DATE_NONE;

	if (!py_int(parts[2], &year))
		return DATE_NONE;
	/* feedparser: 90-99 are the 1990s, 00-89 the 2000s. */
	if (u8_len(parts[2]) <= 2)
		year += year < 90 ? 2000 : 1900;

	/* "hh:mm:ss", "hh:mm" or "hh"; more than three fields fail. */
	nt = 0;
	for (i = k = 0; i <= parts[3].n; i++) {
		if (i < parts[3].n && parts[3].p[i] != ':')
			continue;
		if (nt == 3)
			return DATE_NONE;
		tp[nt++] = tok_sub(parts[3], k, i);
		k = i + 1;
	}
	for (i = 0; i < 3; i++) {
		if (i >= nt)
			hms[i] = 0;
		else if (!py_int(tp[i], &hms[i]))
			return DATE_NONE;
	}

	if (!rfc822_zone(parts[4], &tzh, &tzm))
		return DATE_NONE;
	return dt_utc(year, month, day, hms[0], hms[1], hms[2], tzh, tzm);
}

static int64_t
rfc822_parse(struct tok s)
{
	struct tok	 parts[TOKMAX];
	size_t		 n;

	n = py_split(s, parts, TOKMAX - 2);
	if (n > TOKMAX - 2)
		n = TOKMAX - 2;
	return rfc822_parts(parts, n);
}

/*
 * "Sun May 19 15:21:36 2002" and "Sun May 19 15:21:36 +0000 2002":
 * exactly five or six fields, put in RFC 822 order.
 */
static int64_t
asctime_parse(struct tok s)
{
	struct tok	 f[7], parts[TOKMAX];
	size_t		 n;

	n = py_split(s, f, 6);
	if (n == 5) {
		f[5] = f[4];
		f[4] = tok_str("+0000");
		n = 6;
	}
	if (n != 6)
		return DATE_NONE;
	parts[0] = f[0];
	parts[1] = f[2];
	parts[2] = f[1];
	parts[3] = f[5];
	parts[4] = f[3];
	parts[5] = f[4];
	return rfc822_parts(parts, 6);
}

/*
 * W3CDTF: "YYYY[-MM[-DD]][Thh:mm[:ss[.frac]][zone]]", 't' and 'z' in any
 * case, and "YYYY-MM-DD hh:mm:ss zone" with spaces (then a zone glued to
 * the time is ignored: feedparser reads only the third field).  Numeric
 * zones are read as "+hh" and the minutes from the fifth character on.
 */
static int64_t
w3dtf_parse(struct tok s)
{
	struct tok	 parts[3], f[3], date[3], tm[3], tz, t;
	int64_t		 dv[3], tv[3], tzh, tzm;
	size_t		 i, k, n, nt, loc;
	const char	*z = "00:00:00z";
	int		 zulu = 0;

	if (py_strip(s, 0).n == 0)
		return DATE_NONE;

	/* lower().split('t') */
	for (i = 0, n = 0, k = 0; i < s.n; i++) {
		if (lc((unsigned char)s.p[i]) != 't')
			continue;
		if (++n > 1)
			return DATE_NONE;
		k = i;
	}
	if (n == 1) {
		parts[0] = tok_sub(s, 0, k);
		parts[1] = tok_sub(s, k + 1, s.n);
		n = 2;
	} else {
		if ((n = py_split(s, f, 3)) == 0)
			return DATE_NONE;
		for (i = 0; i < 3 && i < n; i++)
			parts[i] = f[i];
		if (n == 1) {
			parts[1] = tok_str(z);
			n = 2;
		}
	}

	/* parts[0].split('-', 2), four characters of year first */
	for (i = 0, nt = 0, k = 0; i < parts[0].n && nt < 2; i++) {
		if (parts[0].p[i] == '-') {
			date[nt++] = tok_sub(parts[0], k, i);
			k = i + 1;
		}
	}
	date[nt++] = tok_sub(parts[0], k, parts[0].n);
	if (u8_len(date[0]) != 4)
		return DATE_NONE;
	for (i = 0; i < 3; i++) {
		if (i >= nt)
			dv[i] = 1;
		else if (!py_int(date[i], &dv[i]))
			return DATE_NONE;
	}

	t = parts[1];
	if (t.n > 0 && lc((unsigned char)t.p[t.n - 1]) == 'z') {
		t.n--;
		zulu = 1;
	}
	/* The zone starts at the first '-', else at the first '+'. */
	loc = t.n;
	for (i = 0; i < t.n; i++) {
		if (t.p[i] == '-') {
			loc = i;
			break;
		}
	}
	if (loc == t.n) {
		for (i = 0; i < t.n; i++) {
			if (t.p[i] == '+') {
				loc = i;
				break;
			}
		}
	}
	if (n >= 3)
		tz = parts[2];
	else if (zulu)
		tz = tok_str("z");
	else
		tz = tok_sub(t, loc, t.n);
	t = tok_sub(t, 0, loc);

	/* t.split(':', 2) */
	for (i = 0, nt = 0, k = 0; i < t.n && nt < 2; i++) {
		if (t.p[i] == ':') {
			tm[nt++] = tok_sub(t, k, i);
			k = i + 1;
		}
	}
	tm[nt++] = tok_sub(t, k, t.n);

	if (tz.n > 0 && (tz.p[0] == '-' || tz.p[0] == '+')) {
		if (!py_int(py_slice(tz, 1, 3), &tzh) ||
		    !py_int(py_slice(tz, 4, tz.n), &tzm))
			return DATE_NONE;
		if (tz.p[0] == '-') {
			tzh = -tzh;
			tzm = -tzm;
		}
	} else {
		tzh = zone_hours(tz, 0);
		tzm = 0;
	}
	for (i = 0; i < 3; i++) {
		if (i >= nt)
			tv[i] = 0;
		else if (!py_float_int(tm[i], &tv[i]))
			return DATE_NONE;
	}
	return dt_utc(dv[0], dv[1], dv[2], tv[0], tv[1], tv[2], tzh, tzm);
}

/*
 * feedparser's ISO 8601 templates, tried in order; the first whose date
 * part matches at the start of the string wins, and whatever follows the
 * match is ignored.  Y4 is four digits, Y2 two, M "[01]d", D "[0123]d",
 * O (ordinal day) "[0123]dd", C (century) two digits ending the string.
 * An element marked OPT may be absent; the matcher backtracks over those
 * like Python's re, preferring "present".
 */
enum iso_el {
	I_END, I_Y4, I_Y2, I_M, I_D, I_O, I_C, I_DASH, I_ZERO
};
#define OPT	0x10

static const unsigned char iso_tmpl[][8] = {
	{ I_Y4, I_DASH | OPT, I_M, I_DASH | OPT, I_D },
	{ I_Y4, I_DASH, I_ZERO, I_M | OPT, I_DASH | OPT, I_D },
	{ I_Y4, I_DASH, I_M },
	{ I_Y4, I_DASH | OPT, I_O },
	{ I_Y2, I_DASH | OPT, I_M, I_DASH | OPT, I_D },
	{ I_Y2, I_DASH | OPT, I_O },
	{ I_Y4 },
	{ I_DASH, I_Y2, I_DASH | OPT, I_M },
	{ I_DASH, I_O },
	{ I_DASH, I_Y2 },
	{ I_DASH, I_DASH, I_M, I_DASH | OPT, I_D },
	{ I_DASH, I_DASH, I_M },
	{ I_DASH, I_DASH, I_DASH, I_D },
	{ I_C },
	{ I_END },
};

/* The groups a match found: start offset and length, length 0 if absent. */
struct iso_match {
	size_t	 off[I_ZERO];
	size_t	 len[I_ZERO];
	int	 has[I_ZERO];	/* the template has the group at all */
};

static size_t
digits_at(struct tok s, size_t pos, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (pos + i >= s.n || !isdig((unsigned char)s.p[pos + i]))
			return 0;
	}
	return 1;
}

/*
 * Match template elements el[] against s from pos.  Returns the end of the
 * match, or (size_t)-1; fills in m's groups along the successful path.
 */
static size_t
iso_match(const unsigned char *el, struct tok s, size_t pos,
    struct iso_match *m)
{
	size_t	 w, r;
	int	 e = el[0] & ~OPT, ok;

	if (e == I_END)
		return pos;
	switch (e) {
	case I_Y4:
		w = 4;
		ok = digits_at(s, pos, 4);
		break;
	case I_Y2:
	case I_C:
		w = 2;
		ok = digits_at(s, pos, 2);
		if (e == I_C)
			ok = ok && pos + 2 == s.n;
		break;
	case I_M:
		w = 2;
		ok = digits_at(s, pos, 2) && s.p[pos] <= '1';
		break;
	case I_D:
		w = 2;
		ok = digits_at(s, pos, 2) && s.p[pos] <= '3';
		break;
	case I_O:
		w = 3;
		ok = digits_at(s, pos, 3) && s.p[pos] <= '3';
		break;
	default:
		w = 1;
		ok = pos < s.n && s.p[pos] == (e == I_DASH ? '-' : '0');
		break;
	}
	if (ok) {
		if (e != I_DASH && e != I_ZERO) {
			m->off[e] = pos;
			m->len[e] = w;
		}
		if ((r = iso_match(el + 1, s, pos + w, m)) != (size_t)-1)
			return r;
		if (e != I_DASH && e != I_ZERO)
			m->len[e] = 0;
	}
	if (el[0] & OPT)
		return iso_match(el + 1, s, pos, m);
	return (size_t)-1;
}

/* The two-digit number at s[pos] (the caller checked both are digits). */
static int64_t
num2(struct tok s, size_t pos)
{
	return (s.p[pos] - '0') * 10 + (s.p[pos + 1] - '0');
}

static int64_t
iso8601_tmpl_parse(struct tok s)
{
	struct iso_match m;
	int64_t		 year, month, day, ordinal = 0, hour = 0, minute = 0;
	int64_t		 second = 0, tzh = 0, tzm = 0, v;
	size_t		 i, j, pos = (size_t)-1;
	int		 tzsign = 0;
	const unsigned char *el;

	for (i = 0; i < nitems(iso_tmpl); i++) {
		memset(&m, 0, sizeof m);
		for (el = iso_tmpl[i]; (*el & ~OPT) != I_END; el++)
			if ((*el & ~OPT) < I_DASH)
				m.has[*el & ~OPT] = 1;
		if ((pos = iso_match(iso_tmpl[i], s, 0, &m)) != (size_t)-1)
			break;
	}
	if (pos == (size_t)-1)
		return DATE_NONE;

	/* "[T]hh:mm[:ss][.frac][+hh[:mm]|-hh[:mm]|Z]" */
	j = pos;
	if (j < s.n && s.p[j] == 'T')
		j++;
	if (digits_at(s, j, 2) && j + 2 < s.n && s.p[j + 2] == ':' &&
	    digits_at(s, j + 3, 2)) {
		hour = num2(s, j);
		minute = num2(s, j + 3);
		j += 5;
		if (j < s.n && s.p[j] == ':' && digits_at(s, j + 1, 2)) {
			second = num2(s, j + 1);
			j += 3;
		}
		if (j < s.n && s.p[j] == '.' && digits_at(s, j + 1, 1))
			for (j++; j < s.n && isdig((unsigned char)s.p[j]); j++)
				;
		if (j < s.n && (s.p[j] == '+' || s.p[j] == '-') &&
		    digits_at(s, j + 1, 2)) {
			tzsign = s.p[j] == '-' ? -1 : 1;
			tzh = num2(s, j + 1);
			j += 3;
			if (j < s.n && s.p[j] == ':' && digits_at(s, j + 1, 2))
				tzm = num2(s, j + 1);
		}
		pos = j;
	}
	if (pos == 0)
		return DATE_NONE;	/* matched nothing at all */

	if (m.len[I_O] > 0) {
		ordinal = (s.p[m.off[I_O]] - '0') * 100 +
		    num2(s, m.off[I_O] + 1);
	}
	/* Where feedparser would ask the clock, there is no date. */
	if (m.len[I_Y4] > 0) {
		year = 0;
		for (i = 0; i < 4; i++)
			year = year * 10 + (s.p[m.off[I_Y4] + i] - '0');
	} else if (m.len[I_Y2] > 0)
		year = 2000 + num2(s, m.off[I_Y2]);
	else if (!m.has[I_C])
		return DATE_NONE;
	else
		year = 0;
	if (m.len[I_M] > 0)
		month = num2(s, m.off[I_M]);
	else if (ordinal != 0)
		month = 1;
	else
		return DATE_NONE;
	if (m.len[I_D] > 0)
		day = num2(s, m.off[I_D]);
	else if (ordinal != 0)
		day = ordinal;
	else
		day = 1;	/* a year, month or century was given */
	if (m.has[I_C]) {
		v = num2(s, m.off[I_C]);
		year = (v - 1) * 100 + 1;
	}

	if (tzsign < 0) {
		hour += tzh;
		minute += tzm;
	} else if (tzsign > 0) {
		hour -= tzh;
		minute -= tzm;
	}
	/* mktime() rolls every field over: 24:00 is the next day. */
	return civil(year, month, day, hour, minute, second);
}

/*
 * Count the digits at s[p], storing their value in *v (the first five
 * only: callers reject longer runs).
 */
static size_t
digit_run(struct tok s, size_t p, int64_t *v)
{
	size_t	 k;

	*v = 0;
	for (k = 0; p + k < s.n && isdig((unsigned char)s.p[p + k]); k++) {
		if (k < 5)
			*v = *v * 10 + (s.p[p + k] - '0');
	}
	return k;
}

/*
 * "Fri, 2006/09/15 08:19:53 EDT" anywhere in the string, as feedparser's
 * perforce handler and Python's email.utils read it: two-digit years are
 * 1969-2068, zones are the RFC 822 names (unknown ones are UTC) or a bare
 * number "hhmm", and the day and time fields roll over.
 */
static int64_t
perforce_parse(struct tok s)
{
	static const struct zone ezones[] = {
		{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "ast", -4 }, { "adt", -3 }, { "est", -5 }, { "edt", -4 },
		{ "cst", -6 }, { "cdt", -5 }, { "mst", -7 }, { "mdt", -6 },
		{ "pst", -8 }, { "pdt", -7 },
	};
	/* Digits allowed per field: year/month/day hour:minute:second. */
	static const size_t minw[6] = { 0, 0, 2, 0, 2, 2 };
	static const size_t maxw[6] = { 4, 2, 2, 2, 2, 2 };
	static const char seps[] = "// :: ";
	size_t		 c, p, i, k, n[6];
	int64_t		 f[6], off = 0, v;
	struct tok	 z;

	for (c = 0; c + 1 < s.n; c++) {
		if (s.p[c] != ',' || s.p[c + 1] != ' ')
			continue;
		p = c + 2;
		for (i = 0; i < 6; i++) {
			n[i] = k = digit_run(s, p, &f[i]);
			if (k < minw[i] || k > maxw[i])
				break;
			p += k;
			if (p >= s.n || s.p[p] != seps[i])
				break;
			p++;
		}
		if (i == 6)
			break;
	}
	if (c + 1 >= s.n)
		return DATE_NONE;
	/* Fields the regex allows empty make email.utils fail... */
	if (n[1] == 0 || n[3] == 0 || f[1] > 12)
		return DATE_NONE;
	if (f[1] == 0)
		f[1] = 12;	/* months[-1] */
	if (f[0] < 100)
		f[0] += f[0] > 68 ? 1900 : 2000;
	/* The zone: up to three word characters. */
	for (k = 0; p + k < s.n && k < 3; k++) {
		unsigned char ch = (unsigned char)s.p[p + k];

		if (!isdig(ch) && ch != '_' && (lc(ch) < 'a' || lc(ch) > 'z'))
			break;
	}
	z = (struct tok){ s.p + p, k };
	if (n[0] == 0) {
		/*
		 * ...except the year: then email.utils shuffles its fields
		 * and takes a zone made of digits for the year.
		 */
		if (z.n == 0 || !isdig((unsigned char)z.p[0]) || !py_int(z, &v))
			return DATE_NONE;
		f[0] = v < 100 ? v + (v > 68 ? 1900 : 2000) : v;
		return civil(f[0], f[1], f[2], f[3], f[4], f[5]);
	}
	for (i = 0; i < nitems(ezones); i++) {
		if (tok_is(z, ezones[i].name)) {
			off = ezones[i].hours * 3600;
			break;
		}
	}
	if (i == nitems(ezones) && z.n > 0 && py_int(z, &v))
		off = (v / 100) * 3600 + (v % 100) * 60;
	return civil(f[0], f[1], f[2], f[3], f[4], f[5]) - off;
}

/*
 * RFC 822 with Greek names, as Greek sites wrote it in ISO-8859-7 (here
 * already UTF-8): "Κυρ, 11 Ιούλ 2004 12:00:00 EST".  Only the exact
 * spellings feedparser knows count.
 */
static const struct greek {
	const char	*greek;
	const char	*latin;
} greek_months[] = {
	{ "Ιαν", "jan" }, { "Φεβ", "feb" }, { "Μάώ", "mar" },
	{ "Μαώ", "mar" }, { "Απρ", "apr" }, { "Μάι", "may" },
	{ "Μαϊ", "may" }, { "Μαι", "may" }, { "Ιούν", "jun" },
	{ "Ιον", "jun" }, { "Ιούλ", "jul" }, { "Ιολ", "jul" },
	{ "Αύγ", "aug" }, { "Αυγ", "aug" }, { "Σεπ", "sep" },
	{ "Οκτ", "oct" }, { "Νοέ", "nov" }, { "Νοε", "nov" },
	{ "Δεκ", "dec" },
}, greek_days[] = {
	{ "Κυρ", "sun" }, { "Δευ", "mon" }, { "Τρι", "tue" },
	{ "Τετ", "wed" }, { "Πεμ", "thu" }, { "Παρ", "fri" },
	{ "Σαβ", "sat" },
};

static const char *
greek_name(struct tok t, const struct greek *tab, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (t.n == strlen(tab[i].greek) &&
		    memcmp(t.p, tab[i].greek, t.n) == 0)
			return tab[i].latin;
	}
	return NULL;
}

static int64_t
greek_parse(struct tok s)
{
	/*
	 * feedparser's pattern, matched from the start:
	 * ([^,]+),\s+(\d{2})\s+(\S+)\s+(\d{4})\s+
	 * (\d{2}):(\d{2}):(\d{2})\s+(\S+)
	 * In shape[], 'w' is [^,]+, '_' is \s+, 'n' is \S+, a digit is that
	 * many digits, anything else is itself.
	 */
	static const char shape[] = "w,_2_n_4_2:2:2_n";
	struct tok	 g[8], parts[TOKMAX];
	const char	*p = s.p, *e = s.p + s.n, *q, *wday, *mon;
	size_t		 i, j, k;

	for (i = 0, j = 0; shape[i] != '\0'; i++) {
		switch (shape[i]) {
		case 'w':
			for (q = p; q < e && *q != ','; q++)
				;
			if (q == p)
				return DATE_NONE;
			g[j++] = (struct tok){ p, (size_t)(q - p) };
			p = q;
			break;
		case '_':
			if (py_space(p, e) == 0)
				return DATE_NONE;
			while ((k = py_space(p, e)) > 0)
				p += k;
			break;
		case 'n':
			for (q = p; q < e && py_space(q, e) == 0; q++)
				;
			if (q == p)
				return DATE_NONE;
			g[j++] = (struct tok){ p, (size_t)(q - p) };
			p = q;
			break;
		case '2':
		case '4':
			k = (size_t)(shape[i] - '0');
			if (!digits_at(s, (size_t)(p - s.p), k))
				return DATE_NONE;
			g[j++] = (struct tok){ p, k };
			p += k;
			break;
		default:
			if (p == e || *p != shape[i])
				return DATE_NONE;
			p++;
			break;
		}
	}
	/* g: weekday day month year hh mm ss zone */
	wday = greek_name(g[0], greek_days, nitems(greek_days));
	mon = greek_name(g[2], greek_months, nitems(greek_months));
	if (wday == NULL || mon == NULL)
		return DATE_NONE;
	parts[0] = tok_str(wday);
	parts[1] = g[1];
	parts[2] = tok_str(mon);
	parts[3] = g[3];
	/* "hh:mm:ss" is contiguous in the input: from hh to the end of ss. */
	parts[4] = (struct tok){ g[4].p, (size_t)(g[6].p + 2 - g[4].p) };
	parts[5] = g[7];
	return rfc822_parts(parts, 6);
}

/* RFC 822 and its real-world variants (feedparser's rfc822 handler). */
int64_t
date_parse_rfc822(const char *s)
{
	if (s == NULL)
		return DATE_NONE;
	return rfc822_parse(py_strip(tok_str(s), 0));
}

/* W3CDTF / RFC 3339, then feedparser's looser ISO 8601 templates. */
int64_t
date_parse_iso8601(const char *s)
{
	struct tok	 t;
	int64_t		 v;

	if (s == NULL)
		return DATE_NONE;
	t = py_strip(tok_str(s), 0);
	if (t.n == 0)
		return DATE_NONE;
	if ((v = w3dtf_parse(t)) != DATE_NONE)
		return v;
	return iso8601_tmpl_parse(t);
}

/* --- the common shapes, without the general machinery ------------------ */

/* The n ASCII digits at p as a number, or -1 if they are not all digits. */
static int
fast_num(const char *p, size_t n)
{
	int	 v = 0;

	for (; n > 0; n--, p++) {
		if (!isdig((unsigned char)*p))
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* Is this byte a blank that py_strip() would drop and the shapes lack? */
static int
fast_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * "Sat, 01 Jun 2024 12:00:00 +0300" (RFC 822 as nearly every RSS feed
 * writes it: weekday, one or two digit day, four digit year, seconds, a
 * numeric or named zone) in t, already without surrounding blanks.  Gives
 * what the general path gives, by construction: a string that starts with
 * a letter is never W3CDTF (its first field is no number), so the RFC 822
 * handler decides, and the fields below are the ones it would split and
 * read.  Returns 0 when t is not of this shape, or its date is not valid
 * (the later handlers may still read it: see the year 1 case in the
 * tests), and the general path must decide.
 */
static int
fast_rfc822(const char *p, size_t n, int64_t *v)
{
	const char	*e = p + n, *z;
	char		 name[3];
	int		 day, month = 0, year, h, mi, sec, dlen, i, ok = 0;
	int64_t		 tzh, tzm, t;

	if (n < 26 || p[3] != ',' || p[4] != ' ')
		return 0;
	for (i = 0; i < 3; i++)
		name[i] = (char)lc((unsigned char)p[i]);
	for (i = 0; i < (int)nitems(day_names); i++)
		ok |= memcmp(name, day_names[i], 3) == 0;
	if (!ok)
		return 0;
	p += 5;
	dlen = p[1] == ' ' ? 1 : 2;
	if ((day = fast_num(p, dlen)) < 0 || p[dlen] != ' ')
		return 0;
	p += dlen + 1;
	/* "Jun 2024 12:00:00 " and at least one byte of zone. */
	if (e - p < 19 || p[3] != ' ' || p[8] != ' ' || p[11] != ':' ||
	    p[14] != ':' || p[17] != ' ')
		return 0;
	for (i = 0; i < 3; i++)
		name[i] = (char)lc((unsigned char)p[i]);
	for (i = 0; i < (int)nitems(month_names) && month == 0; i++)
		if (memcmp(name, month_names[i], 3) == 0)
			month = i + 1;
	if (month == 0 || (year = fast_num(p + 4, 4)) < 0 ||
	    (h = fast_num(p + 9, 2)) < 0 || (mi = fast_num(p + 12, 2)) < 0 ||
	    (sec = fast_num(p + 15, 2)) < 0)
		return 0;
	z = p + 18;
	if (e - z == 5 && (z[0] == '+' || z[0] == '-')) {
		if ((tzh = fast_num(z + 1, 2)) < 0 ||
		    (tzm = fast_num(z + 3, 2)) < 0)
			return 0;
		if (z[0] == '-') {
			tzh = -tzh;
			tzm = -tzm;
		}
	} else {
		/* A zone name: letters only, read as the general path does. */
		for (i = 0; z + i < e; i++)
			if (lc((unsigned char)z[i]) < 'a' ||
			    lc((unsigned char)z[i]) > 'z')
				return 0;
		if (i > 4 || !rfc822_zone((struct tok){ z, (size_t)i }, &tzh,
		    &tzm))
			return 0;
	}
	if ((t = dt_utc(year, month, day, h, mi, sec, tzh, tzm)) == DATE_NONE)
		return 0;
	*v = t;
	return 1;
}

/*
 * "2024-06-01T12:00:00Z", "2024-06-01T12:00:00.123+03:00" (RFC 3339, as
 * Atom feeds write it) in t, already without surrounding blanks: what
 * w3dtf_parse(), the first handler, makes of it.  0 if t is not of this
 * shape or not a valid date; the general path decides then.
 */
static int
fast_rfc3339(const char *p, size_t n, int64_t *v)
{
	const char	*e = p + n, *z;
	int		 y, mo, d, h, mi, sec;
	int64_t		 tzh, tzm, t;

	if (n < 20 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' &&
	    p[10] != 't') || p[13] != ':' || p[16] != ':')
		return 0;
	if ((y = fast_num(p, 4)) < 0 || (mo = fast_num(p + 5, 2)) < 0 ||
	    (d = fast_num(p + 8, 2)) < 0 || (h = fast_num(p + 11, 2)) < 0 ||
	    (mi = fast_num(p + 14, 2)) < 0 || (sec = fast_num(p + 17, 2)) < 0)
		return 0;
	z = p + 19;
	if (*z == '.') {
		/* A fraction of a second: int(float("ss.fff")) is ss. */
		for (z++; z < e && isdig((unsigned char)*z); z++)
			;
		if (z == p + 20)
			return 0;
	}
	if (e - z == 1 && (*z == 'Z' || *z == 'z'))
		tzh = tzm = 0;
	else if (e - z == 6 && (*z == '+' || *z == '-') && z[3] == ':') {
		if ((tzh = fast_num(z + 1, 2)) < 0 ||
		    (tzm = fast_num(z + 4, 2)) < 0)
			return 0;
		if (*z == '-') {
			tzh = -tzh;
			tzm = -tzm;
		}
	} else
		return 0;
	if ((t = dt_utc(y, mo, d, h, mi, sec, tzh, tzm)) == DATE_NONE)
		return 0;
	*v = t;
	return 1;
}

/*
 * The two shapes nearly every feed uses, read directly: the general path
 * costs a thousand instructions a date in Python-compatible splitting and
 * stripping, which a big feed pays on every entry.  Only ASCII blanks are
 * skipped here; anything unusual takes the general path.
 */
static int
date_fast(const char *s, int64_t *v)
{
	size_t	 n;

	while (fast_blank(*s))
		s++;
	n = strlen(s);
	while (n > 0 && fast_blank(s[n - 1]))
		n--;
	if (n > 0 && isdig((unsigned char)s[0]))
		return fast_rfc3339(s, n, v);
	return fast_rfc822(s, n, v);
}

/* Any feed date; see the top of this file for the order. */
int64_t
date_parse(const char *s)
{
	int64_t		 (*const handlers[])(struct tok) = {
		w3dtf_parse, rfc822_parse, iso8601_tmpl_parse, asctime_parse,
		perforce_parse, greek_parse,
	};
	struct tok	 t;
	int64_t		 v;
	size_t		 i;

	if (s == NULL)
		return DATE_NONE;
	if (date_fast(s, &v))
		return v;
	t = py_strip(tok_str(s), 0);
	if (t.n == 0)
		return DATE_NONE;
	for (i = 0; i < nitems(handlers); i++) {
		if ((v = handlers[i](t)) != DATE_NONE)
			return v;
	}
	return DATE_NONE;
}
