/* fuzz_config.c — libFuzzer harness for the settings reader (config.yaml):
 * any bytes give settings or diagnostics, never a crash or a leak, and the
 * result is always one the program can use (a known language or none, a
 * colour flag of 0 or 1 — a broken file leaves the defaults). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct config c;

	int r = config_parse("fuzz.yaml", (const char *)data, size, &c, &d);
	if (c.lang < -1 || c.lang >= LANG_COUNT || (c.color != 0 && c.color != 1))
		abort();
	if (r != 0 && (c.lang != -1 || c.color != 1 || d.nerrors == 0))
		abort(); /* a broken file: defaults, and an error saying where */
	for (int i = 0; i < d.n; i++)
		if (!d.v[i].text)
			abort();
	diags_free(&d);
	return 0;
}
