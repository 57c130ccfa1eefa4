/*
 * Messages on stderr, in the contract's form "majlis: WHAT: WHY", and the
 * fatal exit.  progname is the program's name in them: majlis-net and
 * majlis-xml speak as "majlis", the program the user ran.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "majlis.h"

const char *progname = "majlis";

/*
 * A message on stderr in the contract's form: "majlis: WHAT: WHY".  WHAT is
 * often something a feed or a user typed (a URL, a tag, a redirect's
 * Location), so the whole line goes through text_safe(): no message can
 * carry an escape sequence to the terminal; and through url_mask_text(),
 * so that no message shows the credentials in a feed's URL.
 */
static void printflike(1, 0)
vwarnx_(const char *fmt, va_list ap)
{
	char	*raw, *masked, *safe;

	/* Not xvasprintf: out of memory, it would come back here. */
	if (vasprintf(&raw, fmt, ap) == -1) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return;
	}
	masked = url_mask_text(raw);
	safe = text_safe(masked);
	fprintf(stderr, "%s: %s\n", progname, safe);
	free(safe);
	free(masked);
	free(raw);
}

void
warnx_(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
}

__dead void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarnx_(fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}
