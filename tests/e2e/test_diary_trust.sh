# The app acts on the entry the person chose (issue 10, items 3 and 5):
# a delete names what it deletes; if another program removed the selected
# entry, or changed it after the question, the app says so and does
# nothing; editing the pain of an entry whose note is longer than the form
# edits (6,000 bytes, written by hand) keeps the whole note, spaces and all.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
long=$(python3 -c 'print("  starts with spaces " + "x" * 6000 + " ends with spaces  ", end="")')
cat >"$D" <<EOF
version: 1
entries:
- time: 2025-01-01T08:00:00+00:00
  pain: 2
  id: e-two
- time: 2025-01-02T08:00:00+00:00
  pain: 5
  note: "$long"
  id: e-five
- time: 2025-01-03T08:00:00+00:00
  pain: 8
  id: e-eight
EOF
chmod 600 "$D"
TZ=UTC
export TZ
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys j j Enter
wait_for "3 entries, newest first"

# The prompt names the entry: date, time, pain and the note's start (A11:
# two entries of one minute differ). n keeps it.
keys j d
wait_for 'Delete the entry of 2025-01-02 08:00, pain 5, "starts with spaces x…"? (y/n)'
keys n
wait_for "Nothing was deleted."

# Another program removes the selected entry: d says so, deletes nothing.
python3 - "$D" <<'EOF'
import sys
p = sys.argv[1]
t = open(p).read()
i = t.index("- time: 2025-01-02")
j = t.index("- time: 2025-01-03")
open(p, "w").write(t[:i] + t[j:])
EOF
keys d
wait_for "The selected entry is no longer in the diary."
grep -q 'e-two' "$D" && grep -q 'e-eight' "$D" || fail "an entry the person did not choose was deleted"
ok "a vanished selection: nothing deleted"

# Asked about one entry, which another program changes before y: nothing.
keys g d
wait_for 'Delete the entry of 2025-01-03 08:00, pain 8, "e-eight"? (y/n)'
sed -i 's/pain: 8/pain: 9/' "$D"
keys y
wait_for "changed meanwhile"
grep -q 'e-eight' "$D" || fail "a changed entry was deleted"
ok "a changed entry: nothing deleted"
stop

# A 6,000-byte note: only the pain is edited, the note is kept whole.
cat >"$D" <<EOF
version: 1
entries:
- time: 2025-01-02T08:00:00+00:00
  pain: 5
  note: "$long"
  id: e-five
EOF
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys j j Enter
wait_for "1 entry, newest first"
keys e
wait_for "Edit diary entry"
keys 7 C-s
wait_for "Saved: pain 7"
"$BACKCARE" --diary "$D" diary export --format json >"$TESTTMP/out.json" || fail "export failed"
python3 - "$TESTTMP/out.json" "$long" <<'EOF' || fail "the long note was not kept whole"
import json, sys
e = json.load(open(sys.argv[1]))[0]
sys.exit(0 if e["note"] == sys.argv[2] and e["pain"] == 7 else 1)
EOF
ok "a 6000-byte note kept whole, spaces and all, when the pain was edited"
stop

# B9: entries of one minute without a note are named by their medicine,
# else their places, so the two prompts differ.
cat >"$D" <<EOF
version: 1
entries:
- time: 2026-11-02T10:00:00+00:00
  pain: 4
  med: "ibuprofen 400"
  id: m-one
- time: 2026-11-02T10:00:00+00:00
  pain: 4
  where: [hip-left]
  id: w-two
EOF
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys j j Enter
wait_for "2 entries, newest first"
keys d
wait_for 'Delete the entry of 2026-11-02 10:00, pain 4, "Left hip"? (y/n)'
keys n
wait_for "Nothing was deleted."
keys j d
wait_for 'Delete the entry of 2026-11-02 10:00, pain 4, "ibuprofen 400"? (y/n)'
keys n
ok "two entries of one minute: the prompts name the place and the medicine"
stop
