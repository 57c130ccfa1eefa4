/*
 * The language the programs speak and the direction the reader lays
 * itself out in.
 *
 * Messages are GNU gettext's (po/, the domain "majlis"): a message in the
 * sources is marked _("..."), or N_("...") where it sits in a table and is
 * translated where it is shown, and a count goes through ngettext() (Arabic
 * has six plural forms, Sorani two: a count is never pasted onto a word).
 * What scripts read (--json, the columns of text output, exit codes, the
 * fetch's progress protocol) is never translated.
 *
 * Where the catalogues are, first found wins (as exec_path() finds the
 * programs):
 *   1. a "locale" tree beside the running binary: the build tree, where
 *      the Makefile puts locale/LANG/LC_MESSAGES/majlis.mo;
 *   2. $(localedir), where 'make install' puts them.
 *
 * The direction: right to left when the language the messages are shown in
 * is written right to left (lang_is_rtl(); never in a build without
 * NLS, whose messages are English), or when the config says
 * "layout = rtl".  The language is gettext's own choice: LANGUAGE (its
 * first entry) unless the messages' locale is C/POSIX, where gettext
 * ignores it, then the messages' locale (LC_ALL, LC_MESSAGES, LANG).
 *
 * A file written for others speaks its own language, not the user's: the
 * river's page is in the language of --lang whoever runs it, and cron runs
 * it in the C locale, where gettext ignores LANGUAGE.  Between
 * i18n_lang_begin(lang) and i18n_lang_end() the messages are lang's (or
 * English, where lang has no catalogue), in UTF-8 whatever the locale;
 * i18n_lang_end() gives the user's language back, so that what the program
 * says on the terminal stays in it.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "majlis.h"

#ifdef ENABLE_NLS
/*
 * GNU gettext's count of catalogue changes: gettext keeps the answers it
 * found until the count moves, and setting LANGUAGE does not move it
 * (setlocale() does).  configure's AM_GNU_GETTEXT takes only a gettext
 * that has it.
 */
extern int	 _nl_msg_cat_cntr;

/* What i18n_lang_begin() changed, for i18n_lang_end(). */
static struct {
	int	 active;
	char	*locale;	/* LC_MESSAGES */
	char	*language;	/* LANGUAGE, or NULL: unset */
	char	*codeset;	/* the domain's, or NULL: the locale's */
} i18n_saved;
#endif

/* Set the locale from the environment and bind the message catalogue. */
void
i18n_init(void)
{
#ifdef ENABLE_NLS
	char	*dir;
#endif

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	if ((dir = beside_self("locale", R_OK | X_OK)) != NULL) {
		bindtextdomain(PACKAGE, dir);
		free(dir);
	} else
		bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
#endif
}

/*
 * Are the messages shown in a language written right to left?  Without
 * NLS they are English, whatever the locale.
 */
int
i18n_rtl(void)
{
	const char	*lang = i18n_messages_lang();

	return lang != NULL && lang_is_rtl(lang);
}

/*
 * What separates the items of a list in the messages' language: ", ", or
 * the Arabic comma, which Arabic and Sorani write.
 */
const char *
i18n_comma(void)
{
	/*
	 * TRANSLATORS: between the items of a list ("news, politics"), a
	 * space after it.  Arabic and Sorani: the Arabic comma, "، ".
	 */
	return _(", ");
}

/*
 * The language the messages are shown in, as LANGUAGE or the locale
 * names it ("ckb:ar", "ar_IQ.UTF-8"), or NULL for English (the C locale,
 * or a build without NLS).
 */
const char *
i18n_messages_lang(void)
{
#ifndef ENABLE_NLS
	return NULL;
#else
	const char	*loc, *language;

	loc = setlocale(LC_MESSAGES, NULL);
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return NULL;
	language = getenv("LANGUAGE");
	if (language != NULL && *language != '\0')
		return language;
	return loc;
#endif
}

/*
 * The messages in lang, a language tag ("ar", "ckb-IQ"), until
 * i18n_lang_end(); the pairs do not nest.  gettext honours LANGUAGE in
 * any locale but C and POSIX, so the messages' locale becomes C.UTF-8
 * (glibc 2.35 and later have it built in), or stays the user's where that
 * is missing (then in plain C the messages stay English).  The codeset is
 * UTF-8's, for the C locale's is ASCII, into which gettext would turn
 * every Arabic letter into '?'.
 */
void
i18n_lang_begin(const char *lang)
{
#ifdef ENABLE_NLS
	const char	*v;
	char		*l, *p;

	if (i18n_saved.active)
		fatalx("i18n_lang_begin: nested");
	i18n_saved.active = 1;
	v = setlocale(LC_MESSAGES, NULL);
	i18n_saved.locale = xstrdup(v != NULL ? v : "C");
	v = getenv("LANGUAGE");
	i18n_saved.language = v != NULL ? xstrdup(v) : NULL;
	v = bind_textdomain_codeset(PACKAGE, NULL);
	i18n_saved.codeset = v != NULL ? xstrdup(v) : NULL;

	if (setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
		(void)setlocale(LC_MESSAGES, "C.utf8");
	/* A tag's subtags are a locale's parts: "ckb-IQ" is ckb_IQ. */
	l = xstrdup(lang != NULL ? lang : "en");
	for (p = l; *p != '\0'; p++) {
		if (*p == '-')
			*p = '_';
	}
	setenv("LANGUAGE", l, 1);
	free(l);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	_nl_msg_cat_cntr++;
#else
	(void)lang;
#endif
}

/* The user's language again, as before i18n_lang_begin(). */
void
i18n_lang_end(void)
{
#ifdef ENABLE_NLS
	if (!i18n_saved.active)
		return;
	(void)setlocale(LC_MESSAGES, i18n_saved.locale);
	if (i18n_saved.language != NULL)
		setenv("LANGUAGE", i18n_saved.language, 1);
	else
		unsetenv("LANGUAGE");
	/* gettext cannot be told "none" again: the locale's is the same. */
	bind_textdomain_codeset(PACKAGE, i18n_saved.codeset != NULL ?
	    i18n_saved.codeset : nl_langinfo(CODESET));
	_nl_msg_cat_cntr++;
	free(i18n_saved.locale);
	free(i18n_saved.language);
	free(i18n_saved.codeset);
	memset(&i18n_saved, 0, sizeof i18n_saved);
#endif
}

/*
 * Is answer (a line typed at a question, without its newline) a yes?  y or
 * yes in any case always; the language's yes or its first letter (the
 * messages "yes" and "y", as the reader's yes/no question shows it: Arabic
 * ن, Sorani ب).  Anything else is no.
 */
int
i18n_yes(const char *answer)
{
	while (*answer == ' ' || *answer == '\t')
		answer++;
	return strcasecmp(answer, "y") == 0 ||
	    strcasecmp(answer, "yes") == 0 ||
	    /* TRANSLATORS: "yes", a whole answer typed to a question. */
	    strcmp(answer, _("yes")) == 0 ||
	    strcmp(answer, _("y")) == 0;
}
