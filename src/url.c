/* url.c: placeholder, replaced by the real resolver. */
#include <string.h>
#include "majlis.h"

char *url_resolve(const char *base, const char *ref) { (void)base; return xstrdup(ref); }
int url_is_absolute(const char *s) { return strstr(s, "://") != NULL; }
int url_is_http(const char *s) { return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0; }
