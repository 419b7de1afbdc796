/* fuzz_diary.c — libFuzzer harness for the diary.yaml reader: any bytes
 * give entries or diagnostics, never a crash; what parses must survive a
 * CSV export and import unchanged in number. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diary d, back;
	struct diags dg = {0};
	char *buf = NULL;
	size_t len = 0;

	diary_init(&d);
	int r = diary_parse_buffer(&d, "fuzz.yaml", (const char *)data, size, &dg);
	if (r == 0 && d.n > 0) {
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			diary_export_csv(f, &d);
			fclose(f);
			diary_init(&back);
			if (diary_import_csv(&back, "fuzz.csv", buf, len, &dg) == 0 &&
			    back.n != d.n)
				abort();
			diary_close(&back);
			free(buf);
		}
		struct diary_stats s;
		struct diary_day days[31];
		diary_stats(&d, d.v[0].dayn, d.v[d.n - 1].dayn, &s);
		diary_days(&d, d.v[d.n - 1].dayn, 31, days);
	}
	diags_free(&dg);
	diary_close(&d);
	return 0;
}
