# Resize storms: hundreds of size changes, random from 1×1 to 200×60
# (1×1 and 2×2 among them, some with no pause between them) on each main
# screen — home, the cards reader, the checklist, the diary form, the
# chart — in English and on home and cards in Arabic. Afterwards the app
# is alive, the screen at 80×24 is exactly what it was before the storm,
# no row is wider than the pane, a key still changes the screen, and q…q
# exits 0 with the terminal restored.
#
# RESIZE_SEED=N repeats a run's sizes (the seed is printed); RESIZE_N sets
# the resizes per storm (default 200).
. "$E2E_LIB"

SEED=${RESIZE_SEED:-$(date +%s)}
N=${RESIZE_N:-200}
echo "resize storms: seed $SEED, $N resizes each"
D="$TESTTMP/d.yaml"

alive() {
	[ ! -s "$TESTTMP/status" ] || fail "the app exited ($(cat "$TESTTMP/status")) during $1"
}

# storm WHAT — N resizes to random sizes, then back to 80×24
storm() {
	sizes=$(awk -v n="$N" -v seed="$SEED" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			if (i % 50 == 7) print 1, 1
			else if (i % 50 == 31) print 2, 2
			else print int(1 + rand() * 200), int(1 + rand() * 60)
		}
	}')
	SEED=$((SEED + 1))
	k=0
	while read -r w h; do
		tm resize-window -t app -x "$w" -y "$h" || fail "tmux could not resize to ${w}x$h"
		k=$((k + 1))
		# mostly back to back; now and then a pause lets a redraw
		# start at an odd size before the next change arrives
		[ $((k % 25)) = 0 ] && sleep 0.1
	done <<EOF
$sizes
EOF
	alive "the storm on $1"
	ok "$k resizes on $1"
	resize 80 24
}

# same_as REF — until the screen (with attributes) is REF again (20 s)
same_as() {
	i=0
	while [ $i -lt 400 ]; do
		[ "$(screen_attrs)" = "$1" ] &&
			{ ok "redrawn at 80x24 as before the storm (attributes too)"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	printf '%s\n' "$1" >"$TESTTMP/want"
	screen_attrs >"$TESTTMP/got"
	diff "$TESTTMP/want" "$TESTTMP/got" | cat -v
	fail "the screen at 80x24 differs from before the storm"
}

# storm_check WHAT KEY — a storm on the current screen, then the checks
storm_check() {
	sleep 0.3
	ref=$(screen_attrs)
	storm "$1"
	same_as "$ref"
	no_row_wider
	keys_change "$2"
	alive "$1"
}

start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Cards — read about back pain"
storm_check "home" j
keys k

# the cards reader, at the top of the first card
keys Enter
wait_for "After a miscarriage"
keys Enter
wait_for "Back link"
storm_check "the cards reader" j
keys Escape q
wait_for "Cards — read about back pain"

# the checklist
keys j Enter
wait_for "Tick what is true for you now"
storm_check "the checklist" Space
keys Escape
wait_for "Checklist — how soon"

# the diary form, then save what it holds
keys a
wait_for "New diary entry"
keys 5
wait_for "[5]"
storm_check "the diary form" Right
wait_for "[6]"
keys C-s
wait_for "Saved: pain 6"

# the chart
keys g j j Enter
wait_for "1 entry, newest first"
keys c
wait_for "Pain over the last 30 days"
storm_check "the chart" Left
keys Escape Escape
wait_for "Diary — log and chart"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status after the storms"
restored
stop

# Arabic: mirrored panels at every size (translated or not)
start 80 24 --lang ar --content "$SRCDIR/content" --diary "$D"
wait_for "backcare"
sleep 0.5
storm_check "the Arabic home" j
keys k Enter
sleep 0.5
keys Enter
sleep 0.5
storm_check "the Arabic cards reader" j
keys Escape Escape q
wait_exit
[ "$status" = 0 ] || fail "exit status $status after the Arabic storms"
restored
