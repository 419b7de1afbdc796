/* visual.c — prints its argument as an RTL line in visual order, shaped,
 * through the text engine: the e2e tests' expected Arabic rows. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "text.h"

int main(int argc, char **argv)
{
	struct text_line l;
	setlocale(LC_ALL, "C.UTF-8");
	if (argc < 2 || text_line1(argv[1], 1000, TEXT_RTL, &l) != 0)
		return 2;
	char *s = text_line_utf8(&l, 0);
	puts(s ? s : "");
	free(s);
	text_line_free(&l);
	return 0;
}
