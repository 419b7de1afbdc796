/* yaml_baseline.c — the floor for loading a diary: libyaml's event parser
 * over the file and nothing else (bench/run.sh compares `diary stats`). */
#include <stdio.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t ev;
	long events = 0;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: yaml_baseline FILE\n");
		return 2;
	}
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "%s:%lu:%lu: %s\n", argv[1],
			        (unsigned long)p.problem_mark.line + 1,
			        (unsigned long)p.problem_mark.column + 1, p.problem);
			return 1;
		}
		int end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		events++;
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	fclose(f);
	printf("%ld events\n", events);
	return 0;
}
