/*
 * libFuzzer target for the config file reader: any bytes are either
 * applied whole or refused with a "fuzz:LINE: ..." message and the config
 * left exactly as it was.
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
	char		*err = NULL, *before, *after;

	config_defaults(&cfg);
	before = config_value(&cfg, "max-connections");
	if (config_parse(&cfg, (const char *)data, len, "fuzz", &err) == -1) {
		if (err == NULL || strncmp(err, "fuzz:", 5) != 0)
			abort();
		after = config_value(&cfg, "max-connections");
		if (strcmp(before, after) != 0 ||
		    cfg.nbindings == 0 || cfg.user_agent == NULL)
			abort();
		free(after);
		free(err);
	}
	free(before);
	config_free(&cfg);
	return 0;
}
