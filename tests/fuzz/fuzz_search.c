/* fuzz_search.c — libFuzzer harness for the search query parser and
 * matcher: any bytes as a query (up to the first NUL) and as the text
 * searched (after it) must give terms that are non-empty valid UTF-8 and
 * matches inside the text; abort() on any broken rule. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_search: %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	char *buf = malloc(size + 1), *hay;
	struct search_query q;
	int n;

	if (!init) {
		setlocale(LC_ALL, "C.UTF-8");
		init = 1;
	}
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	hay = buf + strlen(buf) + (strlen(buf) < size ? 1 : 0);
	n = search_parse(buf, &q);
	CHECK(n >= -1);
	for (int i = 0; n > 0 && i < q.n; i++) {
		CHECK(q.t[i].nkeys >= 1);
		for (int k = 0; k < q.t[i].nkeys; k++) {
			const char *key = q.t[i].keys[k];
			CHECK(*key);
			CHECK(u8_check((const uint8_t *)key, strlen(key)) == NULL);
		}
	}
	if (n > 0) {
		int from = 0, len, off, hl = (int)strlen(hay), guard = 0;
		while ((off = search_find(&q, hay, from, &len)) >= 0 && guard++ < 10000) {
			CHECK(off >= from && off + len <= hl && len > 0);
			from = off + len;
		}
	}
	/* a card made of the text: matching never crashes, a match scores */
	struct card_section sec = {.heading = hay};
	struct card c = {.title = buf, .summary = hay, .sections = &sec, .nsections = 1};
	int title;
	if (n > 0)
		CHECK(search_card(&q, &c, &title) > 0); /* the query holds itself */
	search_query_free(&q);
	free(buf);
	return 0;
}
