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
keys "?"
wait_for "About backcare"
keys Space
wait_for "Show the keys and what backcare is"
keys G
wait_for "Save the entry from any field"
wait_for "Diary: $APPHOME/data/backcare/diary.yaml"
keys Escape
wait_for "Cards — read about back pain"
keys j j Enter
wait_for "Diary"
keys Escape
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
