# The app shell: the home menu in three languages, help, resizing, and a
# restored terminal after q and after SIGTERM.
. "$E2E_LIB"

# English home menu, help and back, quit with q.
start 80 24
wait_for "Cards — read about back pain"
wait_for "Checklist — how soon"
wait_for "Diary — log and chart"
expect_row 0 "backcare"
expect_row 23 "Enter"
expect_row 23 "Help"
# help starts with the keys of the screen it was asked on, then the
# others (a key used twice says where), the command line, about, files
keys "?"
wait_for "Keys on this screen: Home"
expect_row 1 "Keys on this screen: Home"
wait_for "Add a diary entry"
wait_for "Search the cards"
expect_row 0 "Help"
a=$(screen | grep -n "Add a diary entry" | cut -d: -f1)
o=$(screen | grep -n "Keys on other screens" | cut -d: -f1)
[ -n "$a" ] && { [ -z "$o" ] || [ "$a" -lt "$o" ]; } || fail "home's keys do not come first"
screen | grep -q "Esc  *Go back" && fail "help lists Esc on the home screen, where it does nothing"
ok "home's keys first"
keys G
wait_for "Diary: $APPHOME/data/backcare/diary.yaml"
wait_for "backcare report"
wait_for "backcare diary export"
wait_for "About backcare"
keys g
keys Space
wait_for "Averages, worst days and trends (Diary)"
wait_for "entry (Checklist result)"
keys Escape
wait_for "Cards — read about back pain"
keys j j Enter
wait_for "Diary"
keys Escape
# help on a card: the reader's keys first
wait_for "Cards — read about back pain"
keys g Enter
wait_for "After sex"
keys Enter
wait_for "Back link"
keys "?"
wait_for "Keys on this screen: Cards"
expect_row 1 "Keys on this screen: Cards"
screen | sed -n '2,20p' | grep -q "Back to the card you came from" || fail "the reader's keys are not first"
ok "reader's keys first"
keys Escape Escape Escape
wait_for "Cards — read about back pain"
keys q
wait_exit
[ "$status" = 0 ] || fail "exit status $status after q"
restored
stop

# Resize below the minimum and back: says so, never crashes.
start 80 24
wait_for "Cards — read about back pain"
resize 30 8
wait_for "enlarge the terminal"
resize 20 3
resize 1 1
resize 80 24
wait_for "Cards — read about back pain"
no_row_wider
# SIGTERM: the terminal is restored and the exit status is 0.
kill -TERM "$(app_pid)"
wait_exit
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
restored
stop

# SIGHUP too.
start 80 24
wait_for "Cards — read about back pain"
kill -HUP "$(app_pid)"
wait_exit
restored
stop
