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
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "majlis.h"

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
#ifndef ENABLE_NLS
	return 0;
#else
	const char	*loc, *language;

	loc = setlocale(LC_MESSAGES, NULL);
	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return 0;
	language = getenv("LANGUAGE");
	if (language != NULL && *language != '\0')
		return lang_is_rtl(language);
	return lang_is_rtl(loc);
#endif
}
