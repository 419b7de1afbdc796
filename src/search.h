/* search.h — finding cards by words: the one implementation behind
 * `backcare search WORDS...` and the app's `/`.
 *
 * A query is split into terms; a card matches when it holds every term
 * somewhere (title, summary, headings, paragraphs, bullets, tables), in
 * any order. Comparison goes through text_find: case folded, Arabic
 * diacritics and letter variants folded. Splitting, by language:
 * - words are runs of letters and digits; punctuation and hyphens split
 *   ("self-care" is two terms);
 * - a few filler words are dropped unless nothing else is left ("what is
 *   normal after a miscarriage" needs neither "what" nor "is"); English
 *   words of four letters or more lose a final plural "s"; Arabic words
 *   lose a leading article ("ال", "وال", "بال", ...) — matching is by
 *   substring, so a shorter term never misses what the longer one found;
 * - Chinese is written without spaces, so a run of Han characters is not
 *   one term but a chain of overlapping pairs (bigrams): the run matches
 *   when every one of its characters is covered by a pair that occurs in
 *   the card. "流产腰痛" matches a card with "流产" and "腰痛" anywhere —
 *   the pair "产腰" that crosses the word boundary is not needed — while a
 *   card holding only "流" and "痛" far apart does not. A dictionary-free
 *   rule that works for two-character words, which most are; a single
 *   character is searched as itself.
 * Ranking: cards with more terms in the title first (among those with
 * as many, a title holding the query as typed, then the shorter title),
 * then by a score
 * (title, then summary and headings, then body, by occurrences), then in
 * the set's order.
 *
 * Owns nothing global; a struct search_query owns its strings. */
#ifndef BACKCARE_SEARCH_H
#define BACKCARE_SEARCH_H

#include "content.h"

struct search_term {
	char **keys; /* UTF-8 strings to look for: a word and its synonym
	                (either will do), or a Han run's pairs (see above) */
	int nkeys;
	int chars; /* Han run: its number of characters (keys are pairs); 0 for a word */
};

struct search_query {
	struct search_term *t;
	int n;
};

/* Splits utf8 into terms. Returns the number of terms (0: nothing to
 * search for), -1 on out of memory. */
int search_parse(const char *utf8, struct search_query *q);
void search_query_free(struct search_query *q);

/* The earliest occurrence at or after byte from in hay of any key of any
 * term (for highlighting); its length in *mlen. -1 if none. */
int search_find(const struct search_query *q, const char *hay, int from, int *mlen);

/* 0 if card does not hold every term; otherwise its score (> 0), and
 * *title the number of terms found in its title. */
int search_card(const struct search_query *q, const struct card *c, int *title);

struct search_hit {
	int card;   /* index in the set */
	int title;  /* terms found in the title */
	int phrase; /* the title holds the query as typed */
	int tlen;   /* the title's width: of two titles with as many terms,
	               the shorter is more about them */
	int score;
};

/* The matching cards of set, best first, in *hits (malloc'd, free it).
 * Returns their number (0 also for a query with no terms), -1 on out of
 * memory. */
int search_cards(const struct card_set *set, const char *query, struct search_hit **hits);

#endif
