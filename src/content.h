/* content.h — topic cards and the red-flag checklist, read from
 * content/<lang>/ with libyaml and validated (docs/SCHEMA.md).
 *
 * Owns: struct card_set and struct checklist and every string in them.
 * Call order: content_load_cards / content_load_checklist, then read the
 * structs freely, then *_free. Nothing here touches the screen.
 * Every problem found goes to a struct diags as "file:line:column: what";
 * a card with an error is left out and the others load; an unknown key is
 * a warning only. */
#ifndef BACKCARE_CONTENT_H
#define BACKCARE_CONTENT_H

#include <stddef.h>

#include "diag.h"

enum card_category {
	CAT_AFTER_SEX,
	CAT_AFTER_MISCARRIAGE,
	CAT_SEX_AND_BACK,
	CAT_SELF_CARE,
	CAT_GET_HELP,
	CAT_COUNT
};

struct category_info {
	const char *id;    /* "after-sex", ... as in the YAML */
	const char *label; /* N_("After sex"): translate with _() to show */
};
extern const struct category_info content_categories[CAT_COUNT];

struct card_table {
	int ncols, nrows;
	char **columns; /* ncols headings */
	char **cells;   /* nrows * ncols, row-major */
};

struct card_section {
	char *heading;
	char **paragraphs;
	int nparagraphs;
	char **bullets;
	int nbullets;
	struct card_table *table; /* NULL if none */
};

/* One checklist sign a card is about (red_flags: in the YAML). level is
 * the level it was listed under; line and col say where, for the check
 * against the checklist (content_check_red_flags). */
struct card_flag {
	char *id;
	int level; /* enum level, never LEVEL_SELFCARE */
	int line, col;
};

struct card {
	char *id;
	int category; /* enum card_category */
	int order;    /* 0 if not given */
	char *title;
	char *summary;
	struct card_section *sections;
	int nsections;
	char **see_also;
	int nsee_also;
	char **sources;
	int nsources;
	struct card_flag *flags; /* red_flags, most urgent level first */
	int nflags;
	char *reviewed; /* "YYYY-MM-DD" */
	char *file;     /* path it was read from */
};

/* Sorted by category (enum order), then order, then id. */
struct card_set {
	struct card *v;
	int n;
};

/* Reads every *.yaml in dir/cards (dir is content/<lang>). Validates each
 * card and then the set (unique ids, see_also that resolve — a dangling
 * link is dropped with an error diagnostic, the card stays). Returns 0 if
 * the directory could be read (even if some cards were broken), -1 if not
 * (the reason is in d). */
int content_load_cards(const char *dir, struct card_set *out, struct diags *d);

/* Parses one card from memory (for tests and fuzzing); name is used in
 * diagnostics. Returns 0 and fills *out, or -1 (errors in d, *out empty). */
int content_parse_card(const char *name, const char *buf, size_t len, struct card *out,
                       struct diags *d);
void content_card_free(struct card *c);

const struct card *cards_find(const struct card_set *set, const char *id);
void cards_free(struct card_set *set);

/* --- checklist ---------------------------------------------------------- */

/* Ordered from least to most urgent so that a larger value is worse. */
enum level { LEVEL_SELFCARE, LEVEL_SOON, LEVEL_URGENT, LEVEL_EMERGENCY, LEVEL_COUNT };

/* The checklist's topics, in the order the screen shows them. */
enum check_group {
	GROUP_SPINE,     /* back, nerves and legs */
	GROUP_GENERAL,   /* falls, heart and general health */
	GROUP_INFECTION, /* fever and infection */
	GROUP_AFTER_SEX, /* sudden pain around sex, pain that lasts */
	GROUP_PREGNANCY, /* pregnancy and miscarriage */
	GROUP_MEN,       /* testicles and prostate */
	GROUP_COUNT
};

struct group_info {
	const char *id;    /* "spine", "after-sex", "pregnancy", "men" */
	const char *label; /* N_("Spine and nerves") ... */
};
extern const struct group_info content_groups[GROUP_COUNT];

/* The one table of the four levels: every spelling of a level in the
 * program comes from here (content_levels[l]). */
struct level_desc {
	const char *word;   /* "selfcare" ...: the YAML, the CLI, the diary file */
	const char *label;  /* N_("see a doctor today"): short, translate with _() */
	const char *symbol; /* "✓", "!", "!!", "!!!": one cell each, never colour alone */
	const char *banner; /* N_("URGENT — see a doctor today"): the verdict's banner */
};
extern const struct level_desc content_levels[LEVEL_COUNT];

/* "selfcare", "soon", "urgent", "emergency"; -1 for an unknown word. */
const char *level_word(enum level l);
int level_from_word(const char *w);

struct check_item {
	char *id;
	enum level level; /* never LEVEL_SELFCARE */
	int group;        /* enum check_group */
	char *question;
	char *sign_of;
};

struct level_info {
	char *title;
	char **advice;
	int nadvice;
	char **cards; /* card ids to suggest */
	int ncards;
};

struct checklist {
	struct check_item *items; /* in file order */
	int n;
	struct level_info levels[LEVEL_COUNT];
	char *emergency_numbers;
	char **sources;
	int nsources;
	char *reviewed;
	char *file;
};

/* Reads dir/checklist.yaml. Items with errors are left out; a missing
 * level or emergency_numbers is an error. Returns 0 if the file could be
 * parsed as YAML at all, -1 otherwise (reasons in d). */
int content_load_checklist(const char *dir, struct checklist *out, struct diags *d);
int content_parse_checklist(const char *name, const char *buf, size_t len, struct checklist *out,
                            struct diags *d);
int checklist_find(const struct checklist *cl, const char *id); /* index or -1 */
void checklist_free(struct checklist *cl);

/* Cards and checklist agree by construction: every red_flags id of every
 * card must name a checklist item, listed under that item's level. A flag
 * that does not is dropped with an error at the card's file:line:column.
 * Call after both loads (the TUI, the CLI and the content lint do).
 * Returns the number of flags dropped. */
int content_check_red_flags(struct card_set *set, const struct checklist *cl, struct diags *d);

/* The index in set of the card about checklist item `item`, or -1 if no
 * card lists it in red_flags. Of the cards that list it, the one most about
 * that topic wins: the largest share of its flags in the item's checklist
 * group, then the most flags in that group, then the fewest flags, then
 * set order. (A card that only mentions a sign in passing, such as
 * "Emergency signs" or "Sex when your back hurts" for numbness, loses to
 * the card about it, "Disc problems and sciatica".) */
int cards_about_flag(const struct card_set *set, const struct checklist *cl, int item);

#endif
