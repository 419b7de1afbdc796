# Finding a card: `/` from the home screen and from other lists, every
# word in any order, best match first (the same search as the CLI's), in
# the three languages; and what a reader needs once the card is open: its
# title stays on top, Home/End as terminals send them, F10 quits, → opens,
# tables as grids at 80 columns, a gap before the scroll bar, whole titles
# in a wide list.
. "$E2E_LIB"

CONTENT="$SRCDIR/content"
cli() {
	env -i PATH="$PATH" HOME="$APPHOME" XDG_DATA_HOME="$APPHOME/data" \
		XDG_CONFIG_HOME="$APPHOME/config" LANG=C.UTF-8 \
		"$BACKCARE" --content "$CONTENT" "$@"
}
title_of() { cli --lang "$1" cards | awk -F '\t' -v id="$2" '$1 == id { print $3 }'; }
vis=""
for v in "$(dirname "$BACKCARE")/tests/visual" "$SRCDIR/build/tests/visual"; do
	[ -x "$v" ] && { vis=$v; break; }
done
# shown LANG TEXT: TEXT as the screen shows it (visual order in Arabic)
shown() {
	if [ "$1" = ar ] && [ -n "$vis" ]; then "$vis" "$2"; else printf '%s' "$2"; fi
}
wait_row() {
	i=0 limit=$(( ${3:-10} * 20 ))
	while [ $i -lt $limit ]; do
		case "$(row "$1")" in *"$2"*) ok "row $1 has '$2'"; return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	fail "row $1 is '$(row "$1")', expected '$2' in it"
}

# --- `/` on the home screen searches; it never opens a diary entry --------
start 80 24 --lang en --content "$CONTENT"
wait_for "Cards — read about back pain"
type_text "/backache"
wait_for "cards match"
expect_row 0 "Cards"
wait_row 22 "/backache"
screen | grep -q "Diary entry" && fail "'/backache' opened a diary entry"
ok "no diary entry"
no_row_wider
# Esc before Enter: back to the home screen
keys Escape
wait_for "Cards — read about back pain"
# every word, any order, title matches first: Enter opens the best one
type_text "/positions"
wait_for "cards match"
wait_row 1 "$(title_of en positions-by-pain)"
keys Enter
wait_row 1 "$(title_of en positions-by-pain)"
wait_for "Back link"
# the positions card's tables are grids at 80 columns
keys Space
wait_for "-------------"
no_row_wider
# the title stays on top when the text scrolls
keys Space Space
wait_row 1 "$(title_of en positions-by-pain)"
# the scroll bar never touches the text: a blank column before it
screen | sed -n '3,22p' | python3 -c '
import sys
bad = [r for r in sys.stdin.read().split("\n") if len(r) >= 79 and r[78] == "\u2502" and r[77] != " "]
sys.exit(1 if bad else 0)' || fail "text touches the scroll bar"
ok "a gap before the scroll bar"
# F10 quits from inside a card
keys F10
wait_exit
[ "$status" = 0 ] || fail "exit status $status after F10"
restored
stop

# --- words in any order, the best card first ---------------------------
start 80 24 --lang en --content "$CONTENT"
wait_for "Cards — read about back pain"
type_text "/miscarriage back"
wait_for "cards match"
wait_row 1 "$(title_of en after-miscarriage-recovery)"
keys Escape
wait_for "Cards — read about back pain"
type_text "/sex after pain back"
wait_for "cards match"
wait_row 1 "$(title_of en after-sex-overview)"
keys Escape
# `/` from the diary's list searches the cards, Esc goes back to the diary
keys j j Enter
wait_for "entries, newest first"
type_text "/heat"
wait_for "cards match"
wait_row 1 "$(title_of en heat-and-cold)"
keys Escape
wait_for "entries, newest first"
stop

# --- Chinese without spaces, Arabic without hamza ------------------------
for l in zh_CN ar; do
	case $l in
	zh_CN) q1="流产腰痛" q2="体位" ;;
	ar) q1="الم الظهر بعد الاجهاض" q2="وضعيات" ;;
	esac
	start 80 24 --lang $l --content "$CONTENT"
	wait_for "Enter"
	type_text "/$q1"
	wait_row 1 "$(shown $l "$(title_of $l after-miscarriage-recovery)")"
	no_row_wider
	keys Escape
	sleep 0.3
	type_text "/$q2"
	wait_row 1 "$(shown $l "$(title_of $l positions-by-pain)")"
	keys Enter
	wait_row 1 "$(shown $l "$(title_of $l positions-by-pain)")"
	[ $l = ar ] && right_aligned "$(shown ar "$(title_of ar positions-by-pain)")"
	# tables as grids at 80 columns, in this language too
	keys Space
	wait_for "--------------"
	no_row_wider
	# the title stays on top
	keys Space Space
	wait_row 1 "$(shown $l "$(title_of $l positions-by-pain)")"
	stop
done

# --- Home and End under tmux with TERM=xterm-256color (ESC [1~ / ESC [4~)
APPENV="TERM=xterm-256color" start 80 24 --lang en --content "$CONTENT"
wait_for "Cards — read about back pain"
keys Enter
wait_for "After sex"
keys Enter
first=$(title_of en "$(cli cards | head -1 | cut -f1)")
wait_row 1 "$first"
keys End
wait_for "Reviewed: "
expect_row 1 "$first"
expect_row 23 "Back link"
keys Home
wait_gone "Reviewed: "
expect_row 1 "$first"
expect_row 23 "Back link"
# → and ← in a left-to-right list: → opens, ← goes back to the list
keys Left
wait_for "Sex and back pain"
keys j Right
wait_row 1 "$(title_of en "$(cli cards | sed -n 2p | cut -f1)")"
stop

# --- Arabic: ← opens (mirrored), → goes back -----------------------------
start 80 24 --lang ar --content "$CONTENT"
wait_for "Enter"
keys Left
sleep 0.3
keys Left
t=$(shown ar "$(title_of ar "$(cli cards | head -1 | cut -f1)")")
wait_row 1 "$t"
right_aligned "$t"
stop

# --- 120 columns: the list shows whole titles beside the reader ----------
start 120 30 --lang en --content "$CONTENT"
wait_for "Cards — read about back pain"
keys Enter
wait_for "After sex"
for id in $(cli cards | cut -f1); do
	t=$(title_of en "$id")
	screen | grep -qF -- "$t" || { keys G; sleep 0.2; }
	screen | grep -qF -- "$t" || fail "the list at 120 columns cuts '$t'"
	keys g
done
ok "no title cut at 120 columns"
screen | grep -q "…" && fail "a list title is cut with …"
ok "no …"
stop

# --- help in Arabic: the screen's keys first, key names read as in the bar
start 80 24 --lang ar --content "$CONTENT"
wait_for "Enter"
keys "?"
wait_for "↑/k"
screen | grep -q "k/↑" && fail "the key name is reversed in the Arabic help"
ok "↑/k, not k/↑"
keys G
wait_for "backcare search"
no_row_wider
stop
