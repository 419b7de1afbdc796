# Hostile text on the screens: a card and diary notes full of terminal
# escape sequences (colours, a window-title change, clear screen, the
# alternate screen, a cursor report request, DCS and OSC 8 strings), C0
# and C1 controls, bidi overrides (U+202E) and isolates, zero-width
# characters, a 100 KB paragraph, 5,000 combining marks on one letter, a
# card with invalid UTF-8, a broken diary that quotes an escape sequence
# in its diagnostics, and a diary path with an ESC and a bad byte in it.
# Everything must show harmlessly: the terminal title stays, the screen is
# never cleared or recoloured by data, no control or bidi character is on
# the screen, the long texts page within a generous wait, and the app
# still answers keys and exits cleanly.
. "$E2E_LIB"

C="$TESTTMP/content"
D="$TESTTMP/d.yaml"
cp -R "$SRCDIR/content" "$C" || fail "cannot copy the content"

# the hostile card, an invalid UTF-8 card, the diary notes (CSV import)
"$PY" "$SRCDIR/tests/hostile_data.py" "$C/en/cards" "$TESTTMP/notes.csv" ||
	fail "cannot write the hostile data"
"$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/notes.csv" >/dev/null ||
	fail "the hostile notes were not imported"
ok "hostile card and notes written"

# clean_screen — the screen holds no C0/C1 control, no bidi control or
# zero-width format character, and its title was not changed
clean_screen() {
	screen | "$PY" -c '
import sys
s = sys.stdin.read()
bad = [c for c in s if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069
       or ord(c) in (0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x061c, 0xfeff)]
if bad:
    print("on the screen: " + " ".join("U+%04X" % ord(c) for c in bad[:10])); sys.exit(1)
' || fail "a control character reached the screen"
	title=$(tm display -p -t app '#{pane_title}')
	case "$title" in *pwned*) fail "the data changed the terminal title to '$title'" ;; esac
	[ "$(tm display -p -t app '#{alternate_on}')" = 1 ] || fail "the data left the alternate screen"
	ok "screen clean ($1)"
}

# framed — the header and the function bar are still there: an ESC [2J
# or ESC [H from the data would have wiped or moved them (ncurses only
# sends what it believes changed)
framed() {
	expect_row 0 "backcare"
	row "$(($(tm display -p -t app '#{pane_height}') - 1))" | grep -Eq "Esc|Help" ||
		fail "the function bar is gone"
	ok "header and function bar in place"
}

# no_sgr ROW_TEXT SGR_REGEX — the row holding ROW_TEXT, with attributes,
# has no such attribute (data must not colour or blink the screen)
no_sgr() {
	tm capture-pane -p -e -t app | grep -F -- "$1" | grep -Eq "$2" &&
		fail "the data set an attribute on the row with '$1'"
	ok "no data attribute on '$1'"
}

start 80 24 --content "$C" --diary "$D"
wait_for "Cards — read about back pain"
clean_screen "home"

# --- the card ----------------------------------------------------------------
keys Enter
wait_for "HOSTILE RED"
# the invalid UTF-8 card is refused with its place, the rest still loads
wait_for "badutf8.yaml:4:"
clean_screen "cards list"
keys /
type_text HOSTILE
wait_for "1 card matches"
keys Enter
wait_for "HOSTILE RED  TITLE  END"
wait_for "BIDI [REVERSED]"
clean_screen "the card"
framed
no_sgr "HOSTILE RED" '\[([0-9]+;)*31m'
no_sgr "BLINK" '\[([0-9]+;)*5m'
no_row_wider

# paging through the 100 KB paragraph and the 20 KB word: each step
# answers (generous waits; no timing assertion)
keys_change Space
keys_change Space
keys_change Space
keys /
type_text LONGEND
keys Enter
wait_for " LONGEND" 30
clean_screen "the end of the 100 KB paragraph"
keys /
type_text UNBROKENEND
keys Enter
wait_for " UNBROKENEND" 30
no_row_wider
keys /
type_text MARKSEND
keys Enter
wait_for "MARKS a$(printf '\314\201')" 30
clean_screen "5,000 combining marks"
no_row_wider
keys G
wait_for "Reviewed: " 30
wait_for "STRINGS" 30
wait_for "STRINGSEND"
wait_for "BLINK source"
clean_screen "DCS, OSC 8, alternate screen, cursor report"
framed
no_sgr "BLINK" '\[([0-9]+;)*5m'
# a resize lays the 100 KB out again at each width: sixty sizes back to
# back, the smallest among them, then a look at one
for s in 1x1 2x2 200x60 40x10 $(awk 'BEGIN { srand(7); for (i = 0; i < 56; i++)
	printf "%dx%d ", 40 + int(rand() * 160), 10 + int(rand() * 50) }'); do
	tm resize-window -t app -x "${s%x*}" -y "${s#*x}"
done
[ ! -s "$TESTTMP/status" ] || fail "the app exited during the resizes"
ok "sixty resizes on the hostile card"
resize 50 12
wait_for "1 card matches" 30
no_row_wider
clean_screen "after a resize"
resize 80 24
keys g
wait_for "HOSTILE RED" 30
framed
keys Escape Escape
wait_gone "/MARKSEND"
keys q
wait_for "Cards — read about back pain"

# --- the diary ----------------------------------------------------------------
keys j j Enter
wait_for "4 entries, newest first"
wait_for "NOTE-ESC"
wait_for "NOTE-CTRL [] C1 [31m] BIDI [REVERSED] END"
clean_screen "diary list"
framed
no_sgr "NOTE-ESC" '\[([0-9]+;)*31m'
# a note cut to fit the row is never cut inside a character (no U+FFFD)
screen | grep -q "$(printf '\357\277\275')" && fail "a cut note shows U+FFFD"
ok "cut notes end on a whole character"
no_row_wider
# each entry in full
keys G Enter
wait_for "Note: NOTE-ESC"
wait_for "CLEARED RED"
wait_for "Medication: MEDRED"
clean_screen "an entry with escape sequences"
framed
no_sgr "CLEARED" '\[([0-9]+;)*31m'
keys Escape k Enter
wait_for "Note: NOTE-CTRL"
wait_for "BIDI [REVERSED]"
clean_screen "an entry with controls and U+202E"
keys Escape k Enter
wait_for "Note: NOTE-MARKS a$(printf '\314\201')"
clean_screen "an entry with 2,000 marks"
no_row_wider
keys Escape k Enter
wait_for "Note: NOTE-LONG"
keys_change G
clean_screen "an entry with a 4 KB note"
keys Escape
wait_for "4 entries, newest first"

# editing the entry with the 4 KB note and saving keeps the whole note
# (the line editor once held 2 KB and cut it in half)
"$BACKCARE" --diary "$D" diary export --format json >"$TESTTMP/before.json"
keys g e
wait_for "Edit diary entry"
keys 8
wait_for "[8]"
keys BTab BTab
wait_for "Type freely"
clean_screen "the form with a 4 KB note"
no_row_wider
keys C-s
wait_for "Saved: pain 8"
"$BACKCARE" --diary "$D" diary export --format json >"$TESTTMP/after.json"
"$PY" - "$TESTTMP/before.json" "$TESTTMP/after.json" <<'EOF' || fail "editing changed the long note"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
na = [e["note"] for e in a if e.get("note", "").startswith("NOTE-LONG")]
nb = [e["note"] for e in b if e.get("note", "").startswith("NOTE-LONG")]
sys.exit(0 if na and na == nb and nb[0].endswith("END") else 1)
EOF
ok "the 4 KB note is kept whole after an edit"
# and the data kept its bytes: only the screen shows them clean
"$PY" - "$TESTTMP/after.json" <<'EOF' || fail "the note's bytes were changed in the diary"
import json, sys
want = "NOTE-ESC \x1b]0;pwned\x07 \x1b[2J\x1b[H CLEARED \x1b[31mRED\x1b[0m \x1b[?1049l END"
sys.exit(0 if any(e.get("note") == want for e in json.load(open(sys.argv[1]))) else 1)
EOF
ok "the diary keeps the note's bytes"
keys Escape
wait_for "Diary — log and chart"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
restored
title=$(tm display -p -t app '#{pane_title}')
case "$title" in *pwned*) fail "the terminal title is '$title' after exit" ;; esac
ok "title unchanged after exit"
stop

# --- a broken diary whose diagnostics quote escape sequences ---------------------
B="$TESTTMP/broken.yaml"
printf 'version: 1\nentries:\n- time: 2026-11-20T09:30:00+00:00\n  pain: 4\n  where: ["\\e]0;pwned\\a\\e[2J"]\n  id: a1\n' >"$B"
start 80 24 --content "$C" --diary "$B"
wait_for "Cards — read about back pain"
keys j j Enter
wait_for "read-only: $B:5:"
clean_screen "a diagnostic quoting an escape sequence"
framed
keys Escape q
wait_exit
stop

# --- a diary path with an ESC and an invalid byte: shown with U+FFFD --------------
W="$TESTTMP/di$(printf '\033]0;pwned\007\377')ary.yaml"
start 80 24 --content "$C" --diary "$W"
wait_for "Cards — read about back pain"
keys "?" G
wait_for "Diary: $TESTTMP/di"
screen | grep -q "ary.yaml" || fail "the diary path is not shown"
screen | grep -q "$(printf '\357\277\275')" || fail "the invalid byte is not shown as U+FFFD"
ok "the bad byte in the path shows as U+FFFD"
clean_screen "a path with ESC and an invalid byte"
framed
keys Escape q
wait_exit
[ "$status" = 0 ] || fail "exit status $status"
