# The Cards screen: the list by category, the reader (scrolling, see-also
# links and the back stack), search, side by side on a wide terminal,
# resizing while reading, and right to left.
. "$E2E_LIB"

CONTENT="$SRCDIR/content"

# cli ARGS... — the same binary's plain-text commands, for the titles the
# screens should show (so the test follows the content as it changes)
cli() {
	env -i PATH="$PATH" HOME="$APPHOME" XDG_DATA_HOME="$APPHOME/data" \
		XDG_CONFIG_HOME="$APPHOME/config" LANG=C.UTF-8 \
		"$BACKCARE" --content "$CONTENT" "$@"
}
title_of() { cli cards | awk -F '\t' -v id="$1" '$1 == id { print $3 }'; }

# wait_row N TEXT [SECONDS] — until row N contains TEXT
wait_row() {
	i=0 limit=$(( ${3:-10} * 20 ))
	while [ $i -lt $limit ]; do
		case "$(row "$1")" in *"$2"*) ok "row $1 has '$2'"; return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	fail "row $1 is '$(row "$1")', expected '$2' in it"
}

first_id=$(cli cards | head -1 | cut -f1)
first=$(title_of "$first_id")
second=$(cli cards | sed -n 2p | cut -f3)
# the first see-also title of a card, as 'show' prints it
first_link() { cli show "$1" | sed -n '/^See also:/{n;p;}' | sed 's/^→ //'; }
linked=$(first_link "$first_id")
second_linked=$(first_link "$(cli cards | sed -n 2p | cut -f1)")
positions=$(title_of positions-by-pain)
[ -n "$first" ] && [ -n "$second" ] && [ -n "$linked" ] && [ -n "$positions" ] ||
	fail "cannot read the card titles through '$BACKCARE cards'"
ok "titles: '$first', '$linked', '$positions'"

# --- 80×24: the list, the reader, links ---------------------------------
start 80 24 --content "$CONTENT"
wait_for "Cards — read about back pain"
keys Enter
wait_for "After a miscarriage"
expect_row 0 "Cards"
expect_row 1 "After sex"
wait_for "Sex and back pain"
wait_for "$first"
expect_row 23 "Search"
keys G
wait_for "When to get help"
no_row_wider

# open the first card: its title on top, Sources and the review date at
# the end
keys g Enter
wait_row 1 "$first"
expect_row 23 "Back link"
keys G
wait_for "Sources:"
wait_for "Reviewed: "
no_row_wider

# Tab selects the first see-also link, Enter follows it, b comes back
keys Tab Enter
wait_row 1 "$linked"
# back where it was: at the end of the first card, the link still chosen
keys b
wait_for "Reviewed: "
wait_for "→ $linked"
keys g
wait_row 1 "$first"
# Esc steps back through links first, then to the list (Enter follows
# the link that is still chosen)
keys G Enter
wait_row 1 "$linked"
keys Escape
wait_for "→ $linked"
keys Escape
wait_row 1 "After sex"

# --- search ----------------------------------------------------------------
keys /
type_text spoon
screen | grep -Eq '[0-9]+ cards? match' || sleep 0.3
screen | grep -Eq '[0-9]+ cards? match' || fail "no count of matching cards"
ok "the prompt says how many cards match"
wait_for "$positions"
keys Enter
wait_row 1 "$positions"
wait_for "/spoon"
# the match is highlighted (reverse or a background colour on "spoon")
tm capture-pane -p -e -t app | grep -Eq '\[[0-9;]*(7|4[0-7])m[Ss]poon' ||
	fail "the match is not highlighted"
ok "the match is highlighted"
keys n n N
wait_for "/spoon"
no_row_wider

keys /
type_text xyzzyq
wait_for "No card matches 'xyzzyq'"
keys Enter
wait_for "No card matches 'xyzzyq'"
# the search before it is still there: Esc to the list, Esc shows all
keys Escape
wait_for "/spoon"
keys Escape
wait_gone "/spoon"
wait_for "After a miscarriage"

# Esc in the prompt cancels the search
keys /
type_text pain
wait_for "/pain"
keys Escape
wait_gone "/pain"
wait_for "After a miscarriage"

# --- resizing while reading ------------------------------------------------
keys g Enter
wait_row 1 "$first"
keys Space Space
resize 120 30
wait_for "Back link"
wait_for "After a miscarriage"
no_row_wider
resize 50 12
no_row_wider
resize 30 8
wait_for "enlarge the terminal"
resize 40 10
no_row_wider
resize 80 24
keys g
wait_row 1 "$first"
no_row_wider
keys Escape q
wait_for "Cards — read about back pain"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
stop

# --- 120×30: list and reader side by side ------------------------------------
start 120 30 --content "$CONTENT"
wait_for "Cards — read about back pain"
keys Enter
wait_row 1 "After sex"
wait_row 1 "$first"
keys j
wait_row 1 "$second"
expect_row 1 "After sex"
# Enter moves into the reader; the list stays beside it
keys Enter
wait_row 29 "Back link"
keys Tab Enter
wait_row 1 "$second_linked"
expect_row 1 "After sex"
keys b g
wait_row 1 "$second"
keys Escape
keys /
type_text spoon
wait_row 1 "$positions"
keys Enter
wait_row 1 "$positions"
no_row_wider
# Esc leaves the reader, Esc shows every card again, q leaves Cards
keys Escape Escape q
wait_for "Cards — read about back pain"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
stop

# --- right to left -----------------------------------------------------------
# the app's own engine gives the visual order of a title (lib.sh's visual
# looks in build/; the build under test may be elsewhere)
vis=""
for v in "$(dirname "$BACKCARE")/tests/visual" "$SRCDIR/build/tests/visual"; do
	[ -x "$v" ] && { vis=$v; break; }
done
ar_first=$(cli --lang ar cards | head -1 | cut -f3)

# narrow: the card's title hugs the right edge
start 80 24 --lang ar --content "$CONTENT"
wait_for "Enter"
keys Enter
wait_for "Esc"
no_row_wider
if [ -n "$ar_first" ] && [ -n "$vis" ]; then
	keys Enter
	t=$("$vis" "$ar_first")
	wait_for "$t"
	right_aligned "$t"
	keys G Tab Enter b g
	wait_for "$t"
else
	ok "no Arabic cards or no visual helper: only checking nothing crashes"
	keys Enter G Tab Enter b
fi
keys Escape
no_row_wider
keys q q
wait_exit
[ "$status" = 0 ] || fail "exit status $status in Arabic"
stop

# wide: mirrored panels, the list on the right (its edge right of column
# 60 — the list is as wide as its titles need — nothing where a
# left-to-right list's edge would be, columns 20 to 40)
start 120 30 --lang ar --content "$CONTENT"
wait_for "Enter"
keys Enter
wait_for "Esc"
sleep 0.2
screen | sed -n '2,29p' | python3 -c '
import sys
rows = sys.stdin.read().split("\n")
right = any("\u2502" in r[60:] for r in rows)
left = any("\u2502" in r[20:40] for r in rows)
sys.exit(0 if right and not left else 1)' ||
	[ -z "$ar_first" ] || fail "the panels are not mirrored"
ok "panels mirrored"
keys Enter G Tab Enter b
resize 80 24
no_row_wider
keys Escape Escape q q
wait_exit
[ "$status" = 0 ] || fail "exit status $status in Arabic"
