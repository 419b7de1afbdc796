# The pain diary in a real terminal: the entry form (a 7 Ctrl-S; "pain 4
# after sex, lower back"; 10 from two keys), the list newest first, edit,
# delete with its question, Esc asking before dropping changes, the chart,
# stats, an entry added by the CLI meanwhile, a broken diary left
# untouched, Arabic and a small terminal.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"

# entries — how many entries the diary file holds
entries() { [ -f "$D" ] && grep -c '^  *pain:' "$D" || echo 0; }
expect_entries() {
	n=$(entries)
	[ "$n" = "$1" ] || fail "the diary holds $n entries, expected $1"
	ok "the diary holds $1 entries"
}
# wait_entries N — until the file holds N entries (a save is under way)
wait_entries() {
	i=0
	while [ "$(entries)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	expect_entries "$1"
}
# entry_with WORD... — some entry of the file holds every WORD
entry_with() {
	python3 - "$D" "$@" <<'EOF' || fail "no entry with: $*"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = text.split("\n- ")[1:]
want = sys.argv[2:]
sys.exit(0 if any(all(w in b for w in want) for b in blocks) else 1)
EOF
	ok "an entry has: $*"
}

start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"

# a, 7, Ctrl-S from the home screen: one entry, pain 7.
keys a
wait_for "New diary entry"
wait_for "not set"
keys 7
wait_for "[7]"
keys C-s
wait_for "Saved: pain 7 at"
expect_entries 1
entry_with "pain: 7"

# "pain 4 after sex, lower back": a 4 Tab Space Tab Tab Space Ctrl-S —
# eight keys, the form opens on the pain and the map on the lower back.
t0=$(date +%s)
keys a
wait_for "New diary entry"
keys 4 Tab Space Tab Tab Space C-s
wait_for "Saved: pain 4 at"
t1=$(date +%s)
[ $((t1 - t0)) -lt 20 ] || fail "logging took $((t1 - t0)) s"
ok "logged in $((t1 - t0)) s of keys"
expect_entries 2
entry_with "pain: 4" "lower-back" "after-sex"

# 10 from '1' then '0'; Esc on a changed form asks first, n keeps it.
keys a
wait_for "New diary entry"
keys 1 0
wait_for "[10]"
wait_for "severe"
keys Escape
wait_for "Discard this entry? (y/n)"
keys n
wait_for "Still editing"
wait_for "New diary entry"
cp "$D" "$TESTTMP/before"
keys Escape
wait_for "Discard this entry? (y/n)"
keys y
wait_for "Entry discarded."
wait_gone "New diary entry"
cmp -s "$D" "$TESTTMP/before" || fail "discarding changed the diary"
ok "discarded entry not saved"
# an untouched form closes at once
keys a
wait_for "New diary entry"
keys Escape
wait_gone "New diary entry"

# The list: newest first, a bar and the number on each row.
keys j j Enter
wait_for "2 entries, newest first"
expect_row 2 "  4  Lower back (centre) · After sex"
expect_row 2 "████░░░░░░"
expect_row 3 "███████░░░  7"
no_row_wider

# Enter shows the entry in full.
keys Enter
wait_for "Pain: ████░░░░░░ 4 of 10, moderate"
wait_for "Context: After sex"
keys Escape
wait_for "2 entries, newest first"

# Esc after a change in the form of an entry already there: the question
# and the answer say only the changes go (A6), the entry stays.
keys e
wait_for "Edit diary entry"
wait_for "[4]"
keys 6
wait_for "[6]"
keys Escape
wait_for "Discard your changes to this entry? (y/n)"
keys y
wait_for "Changes discarded: the entry is as it was."
expect_entries 2
# Edit the newest: e, 6, Ctrl-S.
keys e
wait_for "Edit diary entry"
wait_for "[4]"
keys 6 C-s
wait_for "Saved: pain 6 at"
expect_entries 2
entry_with "pain: 6" "lower-back" "after-sex"
grep -q 'pain: 4' "$D" && fail "the old pain is still in the file"
expect_row 2 "  6  Lower back (centre)"

# Delete asks; n keeps, y deletes (the pain 7 entry, second row).
keys j d
wait_for ", pain 7, \"…"  # B9: named by the end of its id (no note, med or place)
keys n
wait_for "Nothing was deleted."
expect_entries 2
keys d
wait_for ", pain 7, \"…"
keys y
wait_for "Entry deleted."
wait_for "1 entry, newest first"
expect_entries 1
grep -q 'pain: 7' "$D" && fail "the deleted entry is still in the file"
ok "deleted"

# The chart: the 0-10 scale on the side, today's bar, p for 90 days.
keys c
wait_for "Pain over the last 30 days"
screen | grep -q '^ 10 │' || fail "no 10 on the scale"
screen | grep -q '^  0 └' || fail "no 0 on the scale"
ok "the scale is labelled"
wait_for "Average 6.0 · Worst 6 · 1 day logged"
wait_for "average 6.0, worst 6, 1 entry"
keys Enter
wait_for "Pain: ██████░░░░ 6 of 10"
keys Escape
keys p
wait_for "Pain over the last 90 days"
no_row_wider

# Stats from the chart: the average, days logged, the trend.
keys s
wait_for "Average pain: 6.0 of 10"
wait_for "Days logged: 1 of 90 days"
wait_for "Nothing was logged in the 90 days before"
wait_for "Context: After sex (1)"
keys Escape
wait_for "1 entry, newest first"

# An entry added by the CLI meanwhile shows after a key press.
"$BACKCARE" --diary "$D" diary add --pain 2 --note "added by the cli" ||
	fail "backcare diary add failed"
keys k
wait_for "2 entries, newest first"
expect_row 2 "2  added by the cli"
keys a 3 C-s
wait_for "Saved: pain 3 at"
expect_entries 3
entry_with "added by the cli"
keys q q
wait_exit
tm kill-server

# A broken diary opens read-only and stays byte for byte as it was.
B="$TESTTMP/broken.yaml"
printf 'version: 1\nentries:\n- time: 2026-11-20T09:30:00+00:00\n  pain: eleven\n  id: a1\n- time: 2026-11-21T09:30:00+00:00\n  pain: 3\n  id: a2\n' >"$B"
cp "$B" "$TESTTMP/broken.orig"
start 80 24 --content "$SRCDIR/content" --diary "$B"
wait_for "Diary — log"
keys a
wait_for "Read-only diary, nothing changed"
screen | grep -q "New diary entry" && fail "the form opened on a read-only diary"
keys j j Enter
wait_for "read-only: $B:4"
keys a
wait_for "Read-only diary, nothing changed"
keys d
wait_for "Read-only diary, nothing changed"
keys e
wait_for "Read-only diary, nothing changed"
cmp "$B" "$TESTTMP/broken.orig" || fail "the broken diary was changed"
ok "the broken diary is unchanged"
keys q q
wait_exit
tm kill-server

# Arabic: rows hug the right edge, dates read as dates.
start 80 24 --content "$SRCDIR/content" --diary "$D" --lang ar
wait_for "backcare"
keys j j Enter
day=$(grep 'time:' "$D" | sed 's/.*time: \([0-9-]*\)T.*/\1/' | sort | tail -1)
wait_for "$day"
right_aligned "$day"
no_row_wider
keys a
sleep 0.3
no_row_wider
keys 5 C-s
wait_entries 4
keys q q
wait_exit
tm kill-server

# The smallest terminal: the form scrolls, nothing crashes, saving works.
start 40 10 --content "$SRCDIR/content" --diary "$D"
wait_for "backcare"
keys a
wait_for "New diary entry"
no_row_wider
keys 8 Tab Space Tab Tab Tab Space Tab Tab Tab
no_row_wider
keys C-s
wait_for "Saved: pain 8"
expect_entries 5
keys j j Enter
wait_for "5 entries"
keys c
wait_for "10"
no_row_wider
keys s
wait_for "Average"
keys q q q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
