/* fuzz_card.c — libFuzzer harness for the topic card parser: any bytes
 * must give a card or diagnostics, never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>

#include "content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct card c;

	/* The name ends in .yaml so the id-against-file-name check runs too. */
	if (content_parse_card("fuzz.yaml", (const char *)data, size, &c, &d) == 0)
		content_card_free(&c);
	diags_free(&d);
	return 0;
}
