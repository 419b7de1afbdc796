/* fuzz_checklist.c — libFuzzer harness for the red-flag checklist parser:
 * any bytes must give a checklist or diagnostics, never a crash or a leak. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "content.h"
#include "triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct checklist cl;

	if (content_parse_checklist("fuzz.yaml", (const char *)data, size, &cl, &d) == 0) {
		/* Whatever loaded must be safe to evaluate with every item ticked. */
		bool *ticked = calloc((size_t)cl.n + 1, sizeof *ticked);
		struct verdict v;
		for (int i = 0; ticked && i < cl.n; i++)
			ticked[i] = true;
		if (ticked && triage_evaluate(&cl, ticked, &v) == 0)
			verdict_free(&v);
		free(ticked);
		checklist_free(&cl);
	}
	diags_free(&d);
	return 0;
}
