/* actions.c — the one table of actions, their keys and their labels; the
 * function bar and the help screen are both drawn from it. */
#include "tui.h"

#define CTRL_KEY(c) ((c)&0x1f)

const struct action_info tui_actions[ACT_COUNT] = {
    [ACT_NONE] = {ACT_NONE, {0}, "", "", ""},
    [ACT_UP] = {ACT_UP, {KEY_UP, 'k'}, "↑/k", N_("Up"), N_("Move up")},
    [ACT_DOWN] = {ACT_DOWN, {KEY_DOWN, 'j'}, "↓/j", N_("Down"), N_("Move down")},
    [ACT_LEFT] = {ACT_LEFT, {KEY_LEFT, 'h'}, "←/h", N_("Left"), N_("Move left, or lower a value")},
    [ACT_RIGHT] =
        {ACT_RIGHT, {KEY_RIGHT, 'l'}, "→/l", N_("Right"), N_("Move right, or raise a value")},
    [ACT_PGUP] =
        {ACT_PGUP, {KEY_PPAGE, CTRL_KEY('b')}, "PgUp", N_("Page up"), N_("Scroll up one page")},
    [ACT_PGDN] = {ACT_PGDN,
                  {KEY_NPAGE, ' ', CTRL_KEY('f')},
                  "PgDn/Space",
                  N_("Page down"),
                  N_("Scroll down one page")},
    [ACT_TOP] = {ACT_TOP, {KEY_HOME, 'g'}, "g/Home", N_("Top"), N_("Go to the top")},
    [ACT_BOTTOM] = {ACT_BOTTOM, {KEY_END, 'G'}, "G/End", N_("End"), N_("Go to the end")},
    [ACT_OPEN] =
        {ACT_OPEN, {'\n', '\r', KEY_ENTER}, "Enter", N_("Open"), N_("Open the selected item")},
    [ACT_BACK] =
        {ACT_BACK, {27, KEY_BACKSPACE}, "Esc", N_("Back"), N_("Go back to the previous screen")},
    [ACT_QUIT] = {ACT_QUIT, {'q'}, "q", N_("Quit"), N_("Go back; on the home screen, quit")},
    [ACT_HELP] = {ACT_HELP,
                  {'?', KEY_F(1)},
                  "?",
                  N_("Help"),
                  N_("Show the keys of this screen, then the others")},
    [ACT_SEARCH] = {ACT_SEARCH, {'/'}, "/", N_("Search"), N_("Search the cards")},
    [ACT_NEXT] = {ACT_NEXT, {'n'}, "n", N_("Next"), N_("Next search match"), N_("Cards")},
    [ACT_PREV] = {ACT_PREV, {'N'}, "N", N_("Previous"), N_("Previous search match"), N_("Cards")},
    [ACT_TICK] =
        {ACT_TICK, {' ', 'x'}, "Space", N_("Tick"), N_("Tick or untick the item"), N_("Checklist")},
    [ACT_ADD] = {ACT_ADD, {'a'}, "a", N_("Add"), N_("Add a diary entry"), N_("Home, Diary")},
    [ACT_EDIT] = {ACT_EDIT, {'e'}, "e", N_("Edit"), N_("Edit the selected entry"), N_("Diary")},
    [ACT_DELETE] = {ACT_DELETE,
                    {'d', KEY_DC},
                    "d",
                    N_("Delete"),
                    N_("Delete the selected entry (asks first)"),
                    N_("Diary")},
    [ACT_SAVE] = {ACT_SAVE,
                  {CTRL_KEY('s')},
                  "^S",
                  N_("Save"),
                  N_("Save the entry from any field"),
                  N_("Diary entry")},
    [ACT_NEXT_FIELD] = {ACT_NEXT_FIELD,
                        {'\t'},
                        "Tab",
                        N_("Next"),
                        N_("Next field or link"),
                        N_("Diary entry, card")},
    [ACT_PREV_FIELD] = {ACT_PREV_FIELD,
                        {KEY_BTAB},
                        "S-Tab",
                        N_("Prev"),
                        N_("Previous field or link"),
                        N_("Diary entry, card")},
    [ACT_CHART] = {ACT_CHART, {'c'}, "c", N_("Chart"), N_("Chart of pain over time"), N_("Diary")},
    [ACT_STATS] =
        {ACT_STATS, {'s'}, "s", N_("Stats"), N_("Averages, worst days and trends"), N_("Diary")},
    [ACT_PERIOD] = {ACT_PERIOD,
                    {'p'},
                    "p",
                    N_("Period"),
                    N_("Switch between 30, 90 and 365 days"),
                    N_("Chart")},
    [ACT_CLEAR] = {ACT_CLEAR, {'u'}, "u", N_("Clear"), N_("Untick everything"), N_("Checklist")},
    /* after ACT_STATS: the key lookup gives 's' to Stats; the verdict
     * screen reads the raw key */
    [ACT_SAVE_VERDICT] = {ACT_SAVE_VERDICT,
                          {'s'},
                          "s",
                          N_("Save to diary"),
                          N_("Save the checklist's verdict with a new diary entry"),
                          N_("Checklist result")},
    [ACT_EXIT] = {ACT_EXIT, {KEY_F(10)}, "F10", N_("Quit"), N_("Quit backcare from any screen")},
    [ACT_LINK_BACK] = {ACT_LINK_BACK,
                       {'b'},
                       "b",
                       N_("Back link"),
                       N_("Back to the card you came from"),
                       N_("Card")},
    [ACT_CHECKIN] = {ACT_CHECKIN,
                     {'w'},
                     "w",
                     N_("Check-in"),
                     N_("The weekly check-in: three questions about the past week"),
                     N_("Home, Diary")},
    /* after ACT_TICK: the key lookup gives 'x' to Tick; the diary list
     * reads the raw key */
    [ACT_EXPORT] = {ACT_EXPORT,
                    {'x'},
                    "x",
                    N_("Export"),
                    N_("Export the diary to a CSV or JSON file"),
                    N_("Diary")},
    /* after ACT_OPEN: Enter stays Open in the lookup; the checklist names
     * it for what it does there */
    [ACT_RESULT] = {ACT_RESULT,
                    {'\n', '\r', KEY_ENTER},
                    "Enter",
                    N_("Result"),
                    N_("On the checklist: show how soon to get help"),
                    N_("Checklist")},
    [ACT_REPORT] =
        {ACT_REPORT,
         {'r'},
         "r",
         N_("Report"),
         N_("Write the report for a clinician: a PDF page, or text for a name ending in .txt"),
         N_("Diary")},
    /* after ACT_CHART: the plan's view reads the raw 'c' */
    [ACT_PLAN_CARD] = {ACT_PLAN_CARD,
                       {'c'},
                       "c",
                       N_("Card"),
                       N_("The flare-up plan card the plan follows"),
                       N_("Flare-up plan")},
};

enum action tui_action_for(wint_t ch, int is_keycode)
{
	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; k < 6 && tui_actions[a].keys[k]; k++) {
			int key = tui_actions[a].keys[k];
			int kc = key >= KEY_MIN;
			if (key == (int)ch && kc == is_keycode)
				return (enum action)a;
		}
	return ACT_NONE;
}
