# Issue 13.5 in a real terminal: on the body map a digit gives the place
# under the cursor its own pain (1 then 0 for 10, Space unticks and drops
# it), the usual keys stay as they were, the file, the entry view, the form
# of an existing entry and the stats screen show it; en, zh_CN and ar.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
entry_with() {
	python3 - "$D" "$@" <<'PY' || fail "no entry with: $*"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = text.split("\n- ")[1:]
sys.exit(0 if any(all(w in b for w in sys.argv[2:]) for b in blocks) else 1)
PY
	ok "an entry has: $*"
}

start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"

# the usual case: no own number, no place_pain in the file
keys a
wait_for "New diary entry"
keys 4 Tab Space C-s
wait_for "Saved: pain 4 at"
grep -q place_pain "$D" && fail "an entry without own numbers wrote place_pain"
ok "no place_pain for the usual entry"

# a 5, Tab to the map (on the lower back), 7: ticked with its own 7;
# left to the lower back (left), 1 0: 10; once more left: nothing there,
# the cursor stays; right, right to the lower back (right), 3 then Space:
# unticked, its number gone.
keys a
wait_for "New diary entry"
keys 5 Tab
wait_for "Lower back (centre)"
keys 7
wait_for "[#7#]"
wait_for "Lower back (centre): its own pain 7"
wait_for "Marked: Lower back (centre) 7"
keys Left 1 0
wait_for "[10]"
keys Right Right 3
wait_for "Lower back (right) 3"
keys Space
wait_gone "Lower back (right) 3"
wait_gone "(a digit: own pain)"
keys Space
wait_for "Lower back (right) (a digit: own pain)"
# Delete takes the number away, the tick stays
keys Left Left DC
wait_for "Lower back (left) (a digit: own pain)"
keys 1 0
wait_for "Lower back (left): its own pain 10"
no_row_wider
keys C-s
wait_for "Saved: pain 5 at"
entry_with "pain: 5" "where: [lower-back, lower-back-left, lower-back-right]" \
	"place_pain: {lower-back: 7, lower-back-left: 10}"

# the entry in full, then its form keeps the numbers
keys Escape
wait_for "Diary — log"
keys j j Enter
wait_for "2 entries, newest first"
keys Enter
wait_for "Where: Lower back (centre) 7, Lower back (left) 10, Lower back (right)"
keys Escape
keys e
wait_for "Edit diary entry"
keys Tab
wait_for "#10# [#7#] ####"
wait_for "back (left) 10, Lower back (right)"
keys Escape
wait_gone "Edit diary entry"

# the stats screen: each place's average, with n
keys s
wait_for "Diary stats"
wait_for "Pain by place (entries that gave a place its own number):"
wait_for "Lower back (centre): 7.0 (n=1)"
wait_for "Lower back (left): 10.0 (n=1)"
no_row_wider
stop

start 80 24 --content "$SRCDIR/content" --diary "$D" --lang zh_CN
wait_for "backcare"
keys a
wait_for "新的日记记录"
keys 6 Tab 3
wait_for "下背部（中间）：单独疼痛 3"
no_row_wider
keys C-s
wait_for "backcare"
keys j j Enter s
wait_for "各部位的疼痛"
wait_for "下背部（中间）：5.0（n=2）"
no_row_wider
stop

start 80 24 --content "$SRCDIR/content" --diary "$D" --lang ar
wait_for "backcare"
keys a
sleep 0.3
keys 6 Tab 2
wait_for "[#2#]"
no_row_wider
keys C-s
sleep 0.5
entry_with "pain: 6" "place_pain: {lower-back: 2}"
keys j j Enter s
# shaped and reordered on screen: the figures
wait_for "(n=3) 4.0"
wait_for "(n=1) 10.0"
no_row_wider
stop
