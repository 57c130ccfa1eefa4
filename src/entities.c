/*
 * Character references: the one table of named references and the one
 * decoder.  Feeds write &nbsp;, &eacute;, &hellip; and friends everywhere:
 * undeclared in XML, where a strict parser would reject them, so the
 * parser's getEntity hook looks the names up here (html_entity_lookup());
 * and in HTML text, which html.c's tokenizer decodes as a browser does
 * (html_ref_decode()), for rendering, titles and the search index alike.
 *
 * The table holds all of HTML 4 and the HTML5 names that feeds commonly
 * use, sorted by strcmp() for bsearch(); names are case-sensitive, as in
 * HTML (&Eacute; is not &eacute;).  The search index holds decoded text,
 * so a change to the table needs DB_FOLD_VERSION bumped (see fold.c).
 */
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

#define REF_NAME_MAX	32	/* longer names are no reference */

struct html_entity {
	const char	*name;
	uint32_t	 cp;
};
static const struct html_entity html_entities[] = {
	{ "AElig", 0x00c6 }, { "AMP", 0x0026 }, { "Aacute", 0x00c1 },
	{ "Acirc", 0x00c2 }, { "Agrave", 0x00c0 }, { "Alpha", 0x0391 },
	{ "Aring", 0x00c5 }, { "Atilde", 0x00c3 }, { "Auml", 0x00c4 },
	{ "Beta", 0x0392 }, { "COPY", 0x00a9 }, { "Ccedil", 0x00c7 },
	{ "Chi", 0x03a7 }, { "Dagger", 0x2021 }, { "Delta", 0x0394 },
	{ "ETH", 0x00d0 }, { "Eacute", 0x00c9 }, { "Ecirc", 0x00ca },
	{ "Egrave", 0x00c8 }, { "Epsilon", 0x0395 }, { "Eta", 0x0397 },
	{ "Euml", 0x00cb }, { "GT", 0x003e }, { "Gamma", 0x0393 },
	{ "Hat", 0x005e }, { "Iacute", 0x00cd }, { "Icirc", 0x00ce },
	{ "Igrave", 0x00cc }, { "Iota", 0x0399 }, { "Iuml", 0x00cf },
	{ "Kappa", 0x039a }, { "LT", 0x003c }, { "Lambda", 0x039b },
	{ "MediumSpace", 0x205f }, { "Mu", 0x039c }, { "NewLine", 0x000a },
	{ "NoBreak", 0x2060 }, { "NonBreakingSpace", 0x00a0 },
	{ "Ntilde", 0x00d1 }, { "Nu", 0x039d }, { "OElig", 0x0152 },
	{ "Oacute", 0x00d3 }, { "Ocirc", 0x00d4 }, { "Ograve", 0x00d2 },
	{ "Omega", 0x03a9 }, { "Omicron", 0x039f }, { "Oslash", 0x00d8 },
	{ "Otilde", 0x00d5 }, { "Ouml", 0x00d6 }, { "Phi", 0x03a6 },
	{ "Pi", 0x03a0 }, { "Prime", 0x2033 }, { "Psi", 0x03a8 },
	{ "QUOT", 0x0022 }, { "REG", 0x00ae }, { "Rho", 0x03a1 },
	{ "Scaron", 0x0160 }, { "Sigma", 0x03a3 }, { "THORN", 0x00de },
	{ "TRADE", 0x2122 }, { "Tab", 0x0009 }, { "Tau", 0x03a4 },
	{ "Theta", 0x0398 }, { "Uacute", 0x00da }, { "Ucirc", 0x00db },
	{ "Ugrave", 0x00d9 }, { "Upsilon", 0x03a5 }, { "Uuml", 0x00dc },
	{ "Xi", 0x039e }, { "Yacute", 0x00dd }, { "Yuml", 0x0178 },
	{ "ZeroWidthSpace", 0x200b }, { "Zeta", 0x0396 },
	{ "aacute", 0x00e1 }, { "acirc", 0x00e2 }, { "acute", 0x00b4 },
	{ "aelig", 0x00e6 }, { "agrave", 0x00e0 }, { "alefsym", 0x2135 },
	{ "alpha", 0x03b1 }, { "amp", 0x0026 }, { "and", 0x2227 },
	{ "ang", 0x2220 }, { "angst", 0x00c5 }, { "apos", 0x0027 },
	{ "aring", 0x00e5 }, { "ast", 0x002a }, { "asymp", 0x2248 },
	{ "atilde", 0x00e3 }, { "auml", 0x00e4 }, { "bdquo", 0x201e },
	{ "beta", 0x03b2 }, { "bigstar", 0x2605 },
	{ "blacklozenge", 0x29eb }, { "brvbar", 0x00a6 }, { "bsol", 0x005c },
	{ "bull", 0x2022 }, { "bullet", 0x2022 }, { "cap", 0x2229 },
	{ "ccedil", 0x00e7 }, { "cedil", 0x00b8 }, { "cent", 0x00a2 },
	{ "centerdot", 0x00b7 }, { "check", 0x2713 },
	{ "checkmark", 0x2713 }, { "chi", 0x03c7 }, { "circ", 0x02c6 },
	{ "clubs", 0x2663 }, { "clubsuit", 0x2663 }, { "colon", 0x003a },
	{ "comma", 0x002c }, { "cong", 0x2245 }, { "copy", 0x00a9 },
	{ "copysr", 0x2117 }, { "crarr", 0x21b5 }, { "cross", 0x2717 },
	{ "cup", 0x222a }, { "curren", 0x00a4 }, { "dArr", 0x21d3 },
	{ "dagger", 0x2020 }, { "darr", 0x2193 }, { "dash", 0x2010 },
	{ "deg", 0x00b0 }, { "delta", 0x03b4 }, { "diamondsuit", 0x2666 },
	{ "diams", 0x2666 }, { "divide", 0x00f7 }, { "dollar", 0x0024 },
	{ "eacute", 0x00e9 }, { "ecirc", 0x00ea }, { "egrave", 0x00e8 },
	{ "empty", 0x2205 }, { "emsp", 0x2003 }, { "ensp", 0x2002 },
	{ "epsilon", 0x03b5 }, { "equals", 0x003d }, { "equiv", 0x2261 },
	{ "eta", 0x03b7 }, { "eth", 0x00f0 }, { "euml", 0x00eb },
	{ "euro", 0x20ac }, { "excl", 0x0021 }, { "exist", 0x2203 },
	{ "female", 0x2640 }, { "flat", 0x266d }, { "fnof", 0x0192 },
	{ "forall", 0x2200 }, { "frac12", 0x00bd }, { "frac13", 0x2153 },
	{ "frac14", 0x00bc }, { "frac15", 0x2155 }, { "frac16", 0x2159 },
	{ "frac18", 0x215b }, { "frac23", 0x2154 }, { "frac34", 0x00be },
	{ "frac38", 0x215c }, { "frac58", 0x215d }, { "frac78", 0x215e },
	{ "frasl", 0x2044 }, { "gamma", 0x03b3 }, { "ge", 0x2265 },
	{ "geq", 0x2265 }, { "grave", 0x0060 }, { "gt", 0x003e },
	{ "hArr", 0x21d4 }, { "hairsp", 0x200a }, { "harr", 0x2194 },
	{ "hearts", 0x2665 }, { "heartsuit", 0x2665 }, { "hellip", 0x2026 },
	{ "hyphen", 0x2010 }, { "iacute", 0x00ed }, { "icirc", 0x00ee },
	{ "iexcl", 0x00a1 }, { "igrave", 0x00ec }, { "image", 0x2111 },
	{ "infin", 0x221e }, { "int", 0x222b }, { "iota", 0x03b9 },
	{ "iquest", 0x00bf }, { "isin", 0x2208 }, { "iuml", 0x00ef },
	{ "kappa", 0x03ba }, { "lArr", 0x21d0 }, { "lambda", 0x03bb },
	{ "lang", 0x2329 }, { "laquo", 0x00ab }, { "larr", 0x2190 },
	{ "lbrace", 0x007b }, { "lbrack", 0x005b }, { "lceil", 0x2308 },
	{ "lcub", 0x007b }, { "ldquo", 0x201c }, { "le", 0x2264 },
	{ "leq", 0x2264 }, { "lfloor", 0x230a }, { "lowast", 0x2217 },
	{ "lowbar", 0x005f }, { "loz", 0x25ca }, { "lozenge", 0x25ca },
	{ "lpar", 0x0028 }, { "lrm", 0x200e }, { "lsaquo", 0x2039 },
	{ "lsqb", 0x005b }, { "lsquo", 0x2018 }, { "lt", 0x003c },
	{ "macr", 0x00af }, { "male", 0x2642 }, { "marker", 0x25ae },
	{ "mdash", 0x2014 }, { "micro", 0x00b5 }, { "middot", 0x00b7 },
	{ "minus", 0x2212 }, { "mldr", 0x2026 }, { "mu", 0x03bc },
	{ "nabla", 0x2207 }, { "natural", 0x266e }, { "nbsp", 0x00a0 },
	{ "ndash", 0x2013 }, { "ne", 0x2260 }, { "nearr", 0x2197 },
	{ "nequiv", 0x2262 }, { "ni", 0x220b }, { "nldr", 0x2025 },
	{ "not", 0x00ac }, { "notin", 0x2209 }, { "nsub", 0x2284 },
	{ "ntilde", 0x00f1 }, { "nu", 0x03bd }, { "num", 0x0023 },
	{ "numero", 0x2116 }, { "numsp", 0x2007 }, { "nwarr", 0x2196 },
	{ "oacute", 0x00f3 }, { "ocirc", 0x00f4 }, { "oelig", 0x0153 },
	{ "ograve", 0x00f2 }, { "ohm", 0x03a9 }, { "oline", 0x203e },
	{ "omega", 0x03c9 }, { "omicron", 0x03bf }, { "oplus", 0x2295 },
	{ "or", 0x2228 }, { "ordf", 0x00aa }, { "ordm", 0x00ba },
	{ "oslash", 0x00f8 }, { "otilde", 0x00f5 }, { "otimes", 0x2297 },
	{ "ouml", 0x00f6 }, { "para", 0x00b6 }, { "part", 0x2202 },
	{ "percnt", 0x0025 }, { "period", 0x002e }, { "permil", 0x2030 },
	{ "perp", 0x22a5 }, { "phi", 0x03c6 }, { "phone", 0x260e },
	{ "pi", 0x03c0 }, { "piv", 0x03d6 }, { "plus", 0x002b },
	{ "plusmn", 0x00b1 }, { "pound", 0x00a3 }, { "prime", 0x2032 },
	{ "prod", 0x220f }, { "prop", 0x221d }, { "psi", 0x03c8 },
	{ "puncsp", 0x2008 }, { "quest", 0x003f }, { "quot", 0x0022 },
	{ "rArr", 0x21d2 }, { "radic", 0x221a }, { "rang", 0x232a },
	{ "raquo", 0x00bb }, { "rarr", 0x2192 }, { "rarrw", 0x219d },
	{ "rbrace", 0x007d }, { "rbrack", 0x005d }, { "rceil", 0x2309 },
	{ "rcub", 0x007d }, { "rdquo", 0x201d }, { "real", 0x211c },
	{ "rect", 0x25ad }, { "reg", 0x00ae }, { "rfloor", 0x230b },
	{ "rho", 0x03c1 }, { "rlm", 0x200f }, { "rpar", 0x0029 },
	{ "rsaquo", 0x203a }, { "rsqb", 0x005d }, { "rsquo", 0x2019 },
	{ "sbquo", 0x201a }, { "scaron", 0x0161 }, { "sdot", 0x22c5 },
	{ "searr", 0x2198 }, { "sect", 0x00a7 }, { "semi", 0x003b },
	{ "sharp", 0x266f }, { "shy", 0x00ad }, { "sigma", 0x03c3 },
	{ "sigmaf", 0x03c2 }, { "sim", 0x223c }, { "sol", 0x002f },
	{ "spades", 0x2660 }, { "squ", 0x25a1 }, { "square", 0x25a1 },
	{ "star", 0x2606 }, { "starf", 0x2605 }, { "sub", 0x2282 },
	{ "sube", 0x2286 }, { "sum", 0x2211 }, { "sung", 0x266a },
	{ "sup", 0x2283 }, { "sup1", 0x00b9 }, { "sup2", 0x00b2 },
	{ "sup3", 0x00b3 }, { "supe", 0x2287 }, { "swarr", 0x2199 },
	{ "szlig", 0x00df }, { "tau", 0x03c4 }, { "there4", 0x2234 },
	{ "theta", 0x03b8 }, { "thetasym", 0x03d1 }, { "thinsp", 0x2009 },
	{ "thorn", 0x00fe }, { "tilde", 0x02dc }, { "times", 0x00d7 },
	{ "trade", 0x2122 }, { "uArr", 0x21d1 }, { "uacute", 0x00fa },
	{ "uarr", 0x2191 }, { "ucirc", 0x00fb }, { "ugrave", 0x00f9 },
	{ "uml", 0x00a8 }, { "upsih", 0x03d2 }, { "upsilon", 0x03c5 },
	{ "uuml", 0x00fc }, { "verbar", 0x007c }, { "vert", 0x007c },
	{ "weierp", 0x2118 }, { "xi", 0x03be }, { "yacute", 0x00fd },
	{ "yen", 0x00a5 }, { "yuml", 0x00ff }, { "zeta", 0x03b6 },
	{ "zwj", 0x200d }, { "zwnj", 0x200c },
};

static int
html_entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_entity *)elem)->name);
}

/*
 * Returns the code point of the HTML entity called name (without & and ;),
 * or 0 if there is no such entity.
 */
uint32_t
html_entity_lookup(const char *name)
{
	const struct html_entity *e;

	e = bsearch(name, html_entities, nitems(html_entities),
	    sizeof html_entities[0], html_entity_cmp);
	return e != NULL ? e->cp : 0;
}

/*
 * The windows-1252 character that a code point U+0080..U+009F stands for
 * (feeds write curly quotes as &#146; or as raw C1 bytes), or 0 if c is
 * outside that range or the slot is unassigned.
 */
uint32_t
html_cp1252(uint32_t c)
{
	static const uint16_t map[32] = {
		0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
		0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
		0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
		0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
	};

	return c >= 0x80 && c <= 0x9f ? map[c - 0x80] : 0;
}

/*
 * Decodes the character reference at s[0] == '&' (len bytes available).
 * Returns the bytes it covers, with the character in *cp, or 0 when this
 * '&' is just an ampersand.  A numeric reference that is no character
 * (0, a surrogate, past U+10FFFF) gives U+FFFD, never a raw byte.
 * Flags:
 *   HTML_REF_ATTR   HTML's rule for attribute values: a legacy reference
 *                   without ';' is not decoded when a letter, digit or
 *                   '=' follows (so "?a=1&copy=2" stays a URL);
 *   HTML_REF_CP1252 a numeric reference to U+0080..U+009F means the
 *                   windows-1252 character (&#146; is a right quote), as
 *                   feedparser reads it; otherwise it stays a C1 control,
 *                   for the caller to drop.
 */
size_t
html_ref_decode(const char *s, size_t len, uint32_t *cp, int flags)
{
	char		 name[REF_NAME_MAX + 1];
	size_t		 i, n;
	uint32_t	 v = 0;
	int		 hex, d, digits = 0;

	if (len < 2)
		return 0;
	if (s[1] == '#') {
		i = 2;
		hex = i < len && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		for (; i < len; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				d = s[i] - '0';
			else if (hex && ascii_lower(s[i]) >= 'a' && ascii_lower(s[i]) <= 'f')
				d = ascii_lower(s[i]) - 'a' + 10;
			else
				break;
			digits++;
			/* Saturate: anything past U+10FFFF is U+FFFD anyway. */
			if (v <= 0x10ffff)
				v = v * (hex ? 16 : 10) + d;
		}
		if (digits == 0)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			v = UTF8_REPLACEMENT;
		else if ((flags & HTML_REF_CP1252) && html_cp1252(v) != 0)
			v = html_cp1252(v);
		*cp = v;
		return i;
	}

	for (n = 0; n + 1 < len && n < REF_NAME_MAX && ascii_alnum(s[n + 1]); n++)
		name[n] = s[n + 1];
	if (n == 0)
		return 0;
	name[n] = '\0';
	if (n + 1 < len && s[n + 1] == ';' &&
	    (v = html_entity_lookup(name)) != 0) {
		*cp = v;
		return n + 2;
	}
	/*
	 * No ';': the legacy references (the Latin-1 ones and amp, lt, gt,
	 * quot) are still recognised, the longest that fits ("&notit" is
	 * "¬it"); none is longer than 6.
	 */
	for (i = n < 6 ? n : 6; i >= 2; i--) {
		name[i] = '\0';
		v = html_entity_lookup(name);
		if ((v >= 0xa0 && v <= 0xff) || v == '&' || v == '<' ||
		    v == '>' || v == '"')
			break;
	}
	if (i < 2)
		return 0;
	if ((flags & HTML_REF_ATTR) && i + 1 < len &&
	    (ascii_alnum(s[i + 1]) || s[i + 1] == '='))
		return 0;
	*cp = v;
	return i + 1;
}
