/* fuzz_plan.c — libFuzzer harness for plan.yaml's reader: any bytes give a
 * plan or "file:line:column" diagnostics, never a crash; a broken plan
 * holds nothing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan p;
	struct diags dg = {0};
	int r = plan_parse(&p, "fuzz.yaml", (const char *)data, size, &dg);

	if (r != 0 && (!p.readonly || !plan_empty(&p) || !dg.n))
		abort();
	for (int i = 0; r == 0 && i < PLAN_NPARTS; i++)
		if (p.text[i] && (!*p.text[i] || strlen(p.text[i]) > PLAN_TEXT_MAX))
			abort();
	plan_free(&p);
	diags_free(&dg);
	return 0;
}
