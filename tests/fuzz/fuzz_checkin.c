/* fuzz_checkin.c — libFuzzer harness for the check-in export's importer
 * (the first byte picks CSV or JSON): any bytes give check-ins or
 * diagnostics naming the row, never a crash; what imports exports and
 * imports again the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct checkin *v = NULL, *w = NULL;
	struct diags dg = {0};
	int n = 0, m = 0;

	if (size < 1)
		return 0;
	int json = data[0] & 1;
	if (checkin_import("fuzz", (const char *)data + 1, size - 1, json, &v, &n, &dg) == 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			if (json)
				checkin_export_json(f, v, n);
			else
				checkin_export_csv(f, v, n);
			fclose(f);
			if (checkin_import("again", buf, len, json, &w, &m, &dg) != 0 || m != n)
				abort();
			for (int i = 0; i < n; i++)
				if (!checkin_same(&v[i], &w[i]) || checkin_check(&w[i]))
					abort();
			free(w);
			free(buf);
		}
	}
	free(v);
	diags_free(&dg);
	return 0;
}
