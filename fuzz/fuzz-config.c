/*
 * libFuzzer target for the config file reader: of any bytes, every good
 * line is applied and the first bad one named in a "fuzz:LINE: ..."
 * message, and the config is left whole (a user agent, a date format).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "majlis.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct config	 cfg;
	char		*err = NULL;

	config_defaults(&cfg);
	if (config_parse(&cfg, (const char *)data, len, "fuzz", &err) == -1) {
		if (err == NULL || strncmp(err, "fuzz:", 5) != 0)
			abort();
		free(err);
	}
	if (cfg.user_agent == NULL || cfg.date_format == NULL)
		abort();
	config_free(&cfg);
	return 0;
}
