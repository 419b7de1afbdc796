# The red-flag checklist: group headings that match their items, ticking
# with Space, the count, Enter with nothing ticked asking first, and a
# verdict that names its level once, in words (also with NO_COLOR), with
# the card about each ticked sign; ticks survive a trip to the verdict.
# tests/e2e/test_checklist_langs.sh does the same in Chinese and Arabic.
. "$E2E_LIB"

# The Checklist is the second item of the home menu.
open_checklist() {
	wait_for "Checklist — how soon"
	keys j Enter
	wait_for "Tick what is true for you now"
}

# select_item TEXT — moves down until TEXT is on the selected row: then it
# is on the screen twice, in the list and in the detail area below (which
# repeats the selected question in full). After each move it waits for
# the screen to change, so a slow build never overshoots.
select_item() {
	i=0
	while [ $i -lt 40 ]; do
		before=$(screen)
		n=$(printf '%s\n' "$before" | grep -cF -- "$1")
		[ "$n" -ge 2 ] && { ok "'$1' selected"; return 0; }
		keys j
		k=0
		while [ $k -lt 40 ] && [ "$(screen)" = "$before" ]; do
			sleep 0.05
			k=$((k + 1))
		done
		i=$((i + 1))
	done
	fail "could not select '$1'"
}

start 80 24 --content "$SRCDIR/content"
open_checklist
wait_for "Back, nerves and legs"
wait_for "Falls, heart and general health"
wait_for "0 items ticked"
# The key bar names what the keys do here.
wait_for "Space Tick"
wait_for "Enter Result"
no_row_wider
# The last groups, at the end of the list; headings are never selected.
keys G
wait_for "Pregnancy and miscarriage"
wait_for "Testicles and prostate"
# each heading sits right above an item of its topic
under() {
	screen | grep -A1 -F -- "$1" | tail -1 | grep -qF -- "$2" ||
		fail "'$2' is not the first item under '$1'"
	ok "'$2' is under '$1'"
}
under "Testicles and prostate" "sudden, severe pain in a testicle"
keys g
wait_for "Back, nerves and legs"
under "Back, nerves and legs" "numbness or tingling around your genitals"
under "Falls, heart and general health" "hard fall"
# Up from the first item stays on it: the heading above is not selectable.
keys k
sleep 0.2
[ "$(screen | grep -cF "numbness or tingling around your genitals")" -ge 2 ] ||
	fail "the first item is no longer selected after Up"
ok "headings are not selectable"

# The first item is selected; its full question is in the detail area.
expect_row 4 "[ ]"
screen | grep -q "numbness or tingling around your genitals" || fail "saddle item not shown"
ok "saddle-numbness item is the first item"
keys Space
wait_for "1 item ticked"
expect_row 4 "[x]"
keys Enter
wait_for "EMERGENCY"
wait_for "!!!"
wait_for "Because you said:"
wait_for "emergency number"
no_row_wider
# The level is said once: the banner, not again as a heading.
n=$(screen | grep -ciE "emergency(:| —)")
[ "$n" = 1 ] || fail "the emergency level is said $n times, not once"
ok "the emergency level is said once"

# The card about the ticked sign (its red_flags name it) is under it; Tab
# and Enter open it; Esc comes back to the verdict.
title=$(sed -n 's/^title: *"*\([^"]*\)"* *$/\1/p' "$SRCDIR/content/en/cards/disc-and-sciatica.yaml")
[ -n "$title" ] || fail "no title in disc-and-sciatica.yaml"
wait_for "→ $title"
wait_for "Emergency signs: when to call for help now"
keys Tab Enter
wait_gone "Because you said:"
wait_for "$title"
keys Escape
wait_for "Because you said:"

# Back: the tick is kept; untick it.
keys Escape
wait_for "1 item ticked"
expect_row 4 "[x]"
keys x
wait_for "0 items ticked"
expect_row 4 "[ ]"

# The middle of the list: infection, then sex.
select_item "During or after sex, did you get sudden"
under "Pain around sex" "During or after sex, did you get sudden"
keys g
# A fever item alone: see a doctor today.
select_item "Do you have a fever, shivers"
under "Fever and infection" "With a fever or feeling very unwell"
keys Space
wait_for "1 item ticked"
keys Enter
wait_for "URGENT"
wait_for "see a doctor today"
wait_gone "EMERGENCY"
# fever → the bladder and kidney infections card, not only the level's
wait_for "→ Bladder and kidney infections"
keys Escape

# Two ticks: the most urgent level wins, both reasons are listed.
keys g Space
wait_for "2 items ticked"
keys Enter
wait_for "EMERGENCY"
wait_for "Do you have a fever, shivers"
keys Escape

# u clears everything. Enter with nothing ticked asks before it gives an
# all-clear; Esc goes back to tick, Space ticks from the question.
keys u
wait_for "0 items ticked"
keys Enter
wait_for "You have not ticked anything"
wait_for "Esc Back"
screen | grep -q "SELF-CARE" && fail "an all-clear before the answer"
keys Escape
wait_gone "You have not ticked anything"
wait_for "0 items ticked"
keys Enter
wait_for "You have not ticked anything"
keys Space
wait_gone "You have not ticked anything"
wait_for "1 item ticked"
keys x
wait_for "0 items ticked"
# Asked and answered: Enter again shows self-care, with cards to read.
keys Enter
wait_for "You have not ticked anything"
keys Enter
wait_for "SELF-CARE"
wait_for "Suggested cards"
wait_gone "Because you said:"
no_row_wider
# s saves the verdict with a new diary entry: the entry form opens.
keys s
wait_gone "What to do"
stop

# Leaving: Esc from the verdict, the checklist, then q quits cleanly.
start 80 24 --content "$SRCDIR/content"
open_checklist
keys Enter
wait_for "You have not ticked anything"
keys Enter
wait_for "SELF-CARE"
keys Escape
wait_for "0 items ticked"
keys Escape
wait_for "Checklist — how soon"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
stop

# NO_COLOR: the level is still in words and symbols.
APPENV="NO_COLOR=1" start 80 24 --content "$SRCDIR/content"
open_checklist
keys Space Enter
wait_for "!!! EMERGENCY"
keys Escape x
select_item "Do you have a fever, shivers"
keys Space Enter
wait_for "!! URGENT"
keys Escape u Enter
wait_for "You have not ticked anything"
keys Enter
wait_for "✓ SELF-CARE"
keys q q q
wait_exit
stop

# The smallest terminal: nothing wider than the screen, still works.
start 40 10 --content "$SRCDIR/content"
open_checklist
no_row_wider
keys Space
wait_for "1 item ticked"
keys Enter
wait_for "EMERGENCY"
no_row_wider
keys q q q
wait_exit
stop

# A wide terminal.
start 120 40 --content "$SRCDIR/content"
open_checklist
wait_for "Pain around sex"
no_row_wider
keys q q
wait_exit
stop

# Arabic: with or without an Arabic checklist yet, the screen opens, fits
# and the app leaves cleanly (a missing checklist is said, not a crash).
start 80 24 --lang ar --content "$SRCDIR/content"
sleep 0.5
keys j Enter
sleep 0.5
no_row_wider
keys Space Enter
sleep 0.5
no_row_wider
keys q q q q
wait_exit
[ "$status" = 0 ] || fail "exit status $status in Arabic"
