/*
 * Language tags: cleaning the ones a feed declares (xml:lang, <language>)
 * into what HTML and XML accept, and the one table of the languages
 * written right to left, which the reader's locale ("ckb_IQ.UTF-8"), a
 * feed's tag ("ar-IQ") and the river's --lang all go through, so that
 * they cannot disagree.
 */
#include <string.h>
#include <strings.h>

#include "majlis.h"

/* Between a tag's subtags ("ckb-IQ"), a locale's parts ("ckb_IQ.UTF-8"). */
#define LANG_SEPS	"-_.@:"

/*
 * A language tag as HTML and XML want it ("ar", "ckb-IQ"): letters, digits
 * and '-' ('_' becomes '-'), subtags of 1 to 8, the first letters only, 35
 * bytes at most, whitespace around ignored.  A heap string, or NULL when s
 * is not one.
 */
char *
lang_clean(const char *s)
{
	char	 tag[36];
	size_t	 n = 0, sub = 0;
	int	 first = 1;

	if (s == NULL)
		return NULL;
	s += strspn(s, " \t\r\n");
	for (; *s != '\0' && strchr(" \t\r\n", *s) == NULL; s++) {
		char	 c = *s == '_' ? '-' : *s;

		if (n + 1 >= sizeof tag)
			return NULL;
		if (c == '-') {
			if (sub == 0)
				return NULL;
			first = 0;
			sub = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (!first && c >= '0' && c <= '9')) {
			if (++sub > 8)
				return NULL;
		} else
			return NULL;
		tag[n++] = c;
	}
	if (s[strspn(s, " \t\r\n")] != '\0' || n == 0 || sub == 0)
		return NULL;
	tag[n] = '\0';
	return xstrdup(tag);
}

/*
 * Is the language of name written right to left?  name is a language tag
 * ("ar", "ckb-IQ", "ku-Arab") or a locale ("ckb_IQ.UTF-8", "fa_IR@x").
 * Its language decides, or its script where one is named; Kurdish written
 * in Iraq ("ku-IQ", "ku_IQ") is Sorani, in the Arabic script.
 */
int
lang_is_rtl(const char *name)
{
	static const char *const rtl[] = {
		"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd",
		"syr", "ug", "ur", "yi"
	};
	static const char *const scripts[] = {
		"arab", "hebr", "syrc", "thaa"
	};
	const char	*p;
	size_t		 i, n;

	if (name == NULL)
		return 0;
	n = strcspn(name, LANG_SEPS);
	for (i = 0; i < nitems(rtl); i++) {
		if (strlen(rtl[i]) == n && strncasecmp(name, rtl[i], n) == 0)
			return 1;
	}
	/* (strchr() finds the NUL too: "ku_IQ" ends there or at a separator.) */
	if (n == 2 && strncasecmp(name, "ku", 2) == 0 && name[2] != '\0' &&
	    strncasecmp(name + 3, "iq", 2) == 0 &&
	    strchr(LANG_SEPS, name[5]) != NULL)
		return 1;
	/* A script subtag: "ku-Arab", "az-Arab-IR". */
	for (p = name + n; *p != '\0'; p += n) {
		p++;
		n = strcspn(p, LANG_SEPS);
		for (i = 0; n == 4 && i < nitems(scripts); i++) {
			if (strncasecmp(p, scripts[i], 4) == 0)
				return 1;
		}
	}
	return 0;
}
