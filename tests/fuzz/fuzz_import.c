/* fuzz_import.c — libFuzzer harness for the CSV and JSON importers (the
 * first byte picks which): any bytes give entries or "row N" diagnostics,
 * never a crash; what imports must export and import again the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diary d, back;
	struct diags dg = {0};
	char *buf = NULL;
	size_t len = 0;

	if (size < 1)
		return 0;
	int json = data[0] & 1;
	const char *text = (const char *)data + 1;
	size--;
	diary_init(&d);
	int r = json ? diary_import_json(&d, "fuzz.json", text, size, &dg)
	             : diary_import_csv(&d, "fuzz.csv", text, size, &dg);
	if (r == 0) {
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			if (json)
				diary_export_json(f, &d);
			else
				diary_export_csv(f, &d);
			fclose(f);
			diary_init(&back);
			r = json ? diary_import_json(&back, "again", buf, len, &dg)
			         : diary_import_csv(&back, "again", buf, len, &dg);
			if (r != 0 || back.n != d.n)
				abort();
			for (int i = 0; i < d.n; i++)
				if (strcmp(d.v[i].id, back.v[i].id) || d.v[i].t != back.v[i].t ||
				    d.v[i].pain != back.v[i].pain)
					abort();
			diary_close(&back);
			free(buf);
		}
	}
	diags_free(&dg);
	diary_close(&d);
	return 0;
}
