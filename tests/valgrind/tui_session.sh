#!/bin/sh
# tests/valgrind/tui_session.sh BINARY — valgrind memcheck over a whole
# scripted session of the full-screen app (make valgrind-tui).
#
# The real binary runs under valgrind inside tmux at 80×24 with a private
# HOME, the source tree's content and a fresh diary, and is driven through
# every screen: help; cards (open, scroll, follow a link and come back,
# search "spoon", n/N); checklist (tick, verdict, back); diary (a 7 Ctrl-S,
# open it, edit it, delete it with y, another entry, chart, a bucket,
# 90 days, stats); the language switched to Arabic (cards and checklist in
# Arabic) and back to English; resizes to 40×10, 30×8 and back; then q.
#
# Passes when valgrind counts 0 errors, definitely and indirectly lost are
# 0 bytes (ncurses keeps still-reachable memory on purpose: that is fine)
# and the exit status is 0 (valgrind's --error-exitcode is 99). Prints one
# summary line; on failure the valgrind log and the screen.
set -u
[ $# -ge 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind-tui: valgrind is not installed (make deps)"; exit 1; }
command -v tmux >/dev/null || { echo "valgrind-tui: tmux is not installed (make deps)"; exit 1; }

BACKCARE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRCDIR=$(pwd)
TESTTMP=$(mktemp -d)
E2E_LIB="$SRCDIR/tests/e2e/lib.sh"
export BACKCARE SRCDIR TESTTMP
VGLOG="$TESTTMP/valgrind.log"
D="$TESTTMP/d.yaml"
LOG="$TESTTMP/steps.log"
T=60 # seconds for any one screen to appear: valgrind is 20-50 times slower

cleanup() {
	# VALGRIND_KEEP=DIR keeps the valgrind log and the steps there
	[ -n "${VALGRIND_KEEP:-}" ] && mkdir -p "$VALGRIND_KEEP" &&
		cp "$VGLOG" "$LOG" "$VALGRIND_KEEP/" 2>/dev/null
	tmux -S "$TESTTMP/tmux.sock" kill-server 2>/dev/null
	rm -rf "$TESTTMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The session runs in a subshell whose output goes to $LOG: lib.sh's
# fail() exits it, and the summary below decides what to show.
(
	. "$E2E_LIB"
	BACKCARE_WRAP="valgrind --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=no \
--num-callers=30 --log-file=$VGLOG"
	in_config() {
		grep -q "language: $1" "$APPHOME/config/backcare/config.yaml" 2>/dev/null
	}
	# step KEY... — sends the keys and waits until the screen has changed
	# and then stayed the same for half a second
	step() {
		before=$(screen)
		keys "$@"
		i=0
		while [ "$(screen)" = "$before" ] && [ $i -lt $((T * 10)) ]; do sleep 0.1; i=$((i + 1)); done
		[ "$(screen)" != "$before" ] || fail "nothing changed after '$*'"
		prev="" i=0
		while [ "$(screen)" != "$prev" ] && [ $i -lt $((T * 2)) ]; do
			prev=$(screen)
			sleep 0.5
			i=$((i + 1))
		done
		ok "'$*' changed the screen"
	}
	wait_config() {
		i=0
		while ! in_config "$1" && [ $i -lt $((T * 10)) ]; do sleep 0.1; i=$((i + 1)); done
		in_config "$1" || fail "the language $1 was not remembered"
		ok "language $1"
	}

	start 80 24 --content "$SRCDIR/content" --diary "$D"
	wait_for "Cards — read about back pain" $T

	# help
	keys "?"
	wait_for "About backcare" $T
	keys Space G
	wait_for "Cards and checklist:" $T
	keys Escape
	wait_for "Cards — read about back pain" $T

	# cards: the list, a card, scrolling, a link and back, search, n/N
	keys Enter
	wait_for "After a miscarriage" $T
	keys Enter
	wait_for "Back link" $T
	keys j j Space Space k G
	wait_for "Reviewed: " $T
	keys Tab Enter
	wait_gone "Reviewed: " $T
	keys b
	wait_for "Reviewed: " $T
	# resizing while reading: smaller, below the minimum, back
	resize 40 10
	wait_for "Esc" $T
	resize 30 8
	wait_for "enlarge the terminal" $T
	resize 80 24
	wait_for "Back link" $T
	keys Escape
	wait_for "After a miscarriage" $T
	keys /
	type_text spoon
	wait_for "match" $T
	keys Enter
	wait_for "/spoon" $T
	keys n n N
	sleep 1
	keys Escape
	wait_for "/spoon" $T
	keys Escape
	wait_gone "/spoon" $T
	keys q
	wait_for "Cards — read about back pain" $T

	# checklist: tick, verdict, back
	keys g j Enter
	wait_for "Tick what is true for you now" $T
	keys Space
	wait_for "1 item ticked" $T
	keys Enter
	wait_for "EMERGENCY" $T
	keys Escape
	wait_for "1 item ticked" $T
	keys Escape
	wait_for "Checklist — how soon" $T

	# diary: add, open, edit, delete, add, chart, a bucket, stats
	keys a
	wait_for "New diary entry" $T
	keys 7 C-s
	wait_for "Saved: pain 7" $T
	keys g j j Enter
	wait_for "1 entry, newest first" $T
	keys Enter
	wait_for "7 of 10" $T
	keys e
	wait_for "Edit diary entry" $T
	keys 5 Tab Space C-s
	wait_for "Saved: pain 5" $T
	wait_for "1 entry, newest first" $T
	keys d
	wait_for "Delete the entry of" $T
	keys y
	wait_for "Entry deleted." $T
	wait_for "0 entries, newest first" $T
	keys a
	wait_for "New diary entry" $T
	keys 6 C-s
	wait_for "Saved: pain 6" $T
	keys c
	wait_for "Pain over the last 30 days" $T
	keys Enter
	wait_for "6 of 10" $T
	keys Escape
	wait_for "Pain over the last 30 days" $T
	keys p
	wait_for "Pain over the last 90 days" $T
	keys s
	wait_for "Average pain: 6.0 of 10" $T
	keys p
	wait_for "Average pain" $T
	keys Escape
	wait_for "1 entry, newest first" $T
	keys Escape
	wait_for "Diary — log and chart" $T

	# the language: Arabic (home, cards, checklist), then English again
	keys g j j j Enter
	wait_for "Choose the language" $T
	keys G Enter
	wait_config ar
	wait_gone "Choose the language" $T
	# (waiting for the screen to change: the Arabic strings may or may
	# not be translated yet)
	step g Enter
	step Enter
	step j
	step Tab
	step Escape
	step Escape
	step g j Enter
	step Space
	step Enter
	step Escape
	step Escape
	step g j j j Enter
	keys g Enter
	wait_config en
	wait_for "Cards — read about back pain" $T
	no_row_wider

	keys q
	wait_exit 120
	echo "status=$status"
) >"$LOG" 2>&1
session=$?

status=$(sed -n 's/^status=//p' "$LOG")
errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$VGLOG" 2>/dev/null | tail -1 | tr -d ,)
def=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$VGLOG" 2>/dev/null | tail -1 | tr -d ,)
ind=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$VGLOG" 2>/dev/null | tail -1 | tr -d ,)
# no LEAK SUMMARY at all when every block was freed
if grep -q 'All heap blocks were freed' "$VGLOG" 2>/dev/null; then
	def=${def:-0} ind=${ind:-0}
fi

summary="errors ${errors:-?}, definitely lost ${def:-?} bytes, indirectly lost ${ind:-?} bytes, exit status ${status:-?}"
if [ "$session" = 0 ] && [ "${errors:-x}" = 0 ] && [ "${def:-x}" = 0 ] &&
	[ "${ind:-x}" = 0 ] && [ "${status:-x}" = 0 ]; then
	echo "[  PASSED  ] valgrind-tui: $(grep -c '^ok ' "$LOG") checks; $summary"
	exit 0
fi
echo "[  FAILED  ] valgrind-tui: $summary"
[ "$session" = 0 ] || { echo "--- session:"; grep -v '^ok ' "$LOG" | sed 's/^/    /' | tail -40; }
[ -s "$VGLOG" ] && { echo "--- valgrind log:"; sed 's/^/    /' "$VGLOG" | head -200; }
exit 1
