# test_replaced.sh — the diary replaced or edited by another program while
# the app has it open (the torture driver in script mode stands for the
# app): a file moved over it, an entry appended by hand, a same-size edit
# with the old mtime put back, an entry deleted, a broken file, the file
# removed. The app notices before it writes: the other program's changes
# are kept, a deleted entry is not brought back, a broken file is never
# overwritten.
. "$SRCDIR/tests/faults/lib.sh"
D="$TESTTMP/r/diary.yaml"
F="$TESTTMP/flags"
seed_csv "$TESTTMP/seed.csv" 5 # s-0 .. s-4, pain 0 .. 4

# fresh — the diary as five seed entries again
fresh() {
	rm -rf "$TESTTMP/r" "$F"
	mkdir -p "$F"
	"$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/seed.csv" >/dev/null ||
		fail "cannot make the diary"
}
# app CMDS — the app opens the diary, says so, waits until the test has
# meddled, then runs CMDS (one per line); its output in $TESTTMP/app
app() {
	printf 'touch %s/opened\nwait %s/go\n%s\ndump\n' "$F" "$F" "$1" |
		"$TORTURE" "$D" script >"$TESTTMP/app" 2>"$TESTTMP/app.err" &
	app_pid=$!
	i=0
	while [ ! -e "$F/opened" ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
	[ -e "$F/opened" ] || fail "the app did not open the diary: $(cat "$TESTTMP/app.err")"
}
go() { touch "$F/go"; wait "$app_pid"; app=$(cat "$TESTTMP/app"); app_err=$(cat "$TESTTMP/app.err"); }
hand() { # hand ID PAIN — a record as a person would add it in an editor
	printf -- '- time: 2026-01-0%dT10:00:00+01:00\n  pain: %d\n  note: "added by hand"\n  id: %s\n' \
		"$2" "$2" "$1"
}
has() { grep -q "^$1 $2\$" "$TESTTMP/entries" || fail "$3: expected entry $1 with pain $2; have: $(tr '\n' ' ' <"$TESTTMP/entries")"; ok; }
hasnt() { grep -q "^$1 " "$TESTTMP/entries" && fail "$2: entry $1 should not be there"; ok; }

# --- replaced by mv, then appended to by hand; the app updates ------------
fresh
app 'upd s-1 9'
cp "$D" "$TESTTMP/new"
hand hand-1 6 >>"$TESTTMP/new"
mv "$TESTTMP/new" "$D"
hand hand-2 7 >>"$D"
go
contains "$app" "UPD s-1 9"
contains "$app" "END 7" # the app reloaded: it sees the hand-made entries
entries "$D"
has s-1 9 "replaced + appended"
has hand-1 6 "replaced + appended"
has hand-2 7 "replaced + appended"
has s-3 3 "replaced + appended"
[ "$(wc -l <"$TESTTMP/entries")" = 7 ] || fail "expected 7 entries"
echo "  replaced by mv and appended to by hand while open; the app's update kept both hand-made entries"

# --- the app adds and deletes after a hand edit ---------------------------
fresh
app 'add 5 from the app
del s-0'
hand hand-3 8 >>"$D"
go
contains "$app" "DEL s-0"
entries "$D"
has hand-3 8 "app add + delete after a hand append"
hasnt s-0 "app delete"
[ "$(wc -l <"$TESTTMP/entries")" = 6 ] || fail "expected 6 entries"
echo "  appended to by hand; the app's add (an append) and delete (a rewrite) kept the hand-made entry"

# --- a same-size edit in place with the old mtime put back ----------------
fresh
app 'upd s-1 9'
off=$(grep -b -A1 '^- time: 2025-04-04' "$D" | sed -n 's/^\([0-9]*\)-  pain: 3$/\1/p')
[ -n "$off" ] || fail "cannot find s-3's pain line"
touch -r "$D" "$TESTTMP/stamp"
printf '8' | dd of="$D" bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
touch -r "$TESTTMP/stamp" "$D"
[ "$(stat -c %y "$D")" = "$(stat -c %y "$TESTTMP/stamp")" ] || fail "cannot put the mtime back"
go
contains "$app" "UPD s-1 9"
entries "$D"
has s-3 8 "same-size edit, mtime restored"
has s-1 9 "same-size edit, mtime restored"
echo "  edited in place (same size, mtime put back): noticed; the hand edit kept"

# --- an entry deleted by the other program --------------------------------
fresh
app 'upd s-2 7
upd s-3 9
reload'
grep -v -e 'id: s-2$' "$D" | awk '/^- time: 2025-03-03/ { skip = 1 } /^- time: 2025-04/ { skip = 0 } !skip' >"$TESTTMP/new"
mv "$TESTTMP/new" "$D"
go
contains "$app" "ERR update: No such file or directory"
contains "$app_err" "no entry with id s-2"
contains "$app" "UPD s-3 9"
contains "$app" "RELOAD 0"
entries "$D"
hasnt s-2 "deleted by another program"
has s-3 9 "deleted by another program"
echo "  an entry deleted by another program: the app's update of it is refused ('no entry with id s-2'), it does not come back"

# --- replaced by a file that cannot be read: never overwritten ------------
fresh
app 'upd s-1 9
del s-2
add 3'
printf 'version: 1\nentries:\n- time: [unclosed\n  pain: 4\n- time: 2025-01-01T08:00:00+01:00\n  pain: 1\n  id: x\n' >"$TESTTMP/broken"
cp "$TESTTMP/broken" "$D"
go
[ "$(grep -c '^ERR' "$TESTTMP/app")" = 3 ] || fail "the app wrote over a broken file: $app"
contains "$app_err" "$D:3:"
contains "$app_err" "read-only"
cmp -s "$D" "$TESTTMP/broken" || fail "the broken file was changed"
ok
echo "  replaced by a broken file: update, delete, add refused (the error names diary.yaml:3:, read-only), the file untouched"

# --- replaced by a FIFO, or handed to another user, while open -----------
fresh
app 'upd s-1 9
add 2'
rm "$D"
mkfifo "$D"
go
[ "$(grep -c '^ERR' "$TESTTMP/app")" = 2 ] || fail "the app wrote to a FIFO: $app"
contains "$app_err" "is a FIFO"
[ -p "$D" ] || fail "the FIFO was replaced"
if [ "$(id -u)" = 0 ]; then
	fresh
	app 'upd s-1 9
add 2'
	chown nobody "$D"
	cp "$D" "$TESTTMP/theirs"
	go
	[ "$(grep -c '^ERR' "$TESTTMP/app")" = 2 ] || fail "the app wrote to another user's file: $app"
	contains "$app_err" "belongs to another user"
	cmp -s "$D" "$TESTTMP/theirs" || fail "another user's diary was changed"
fi
echo "  replaced by a FIFO or handed to another user while open: the app's update and add refused, nothing written"

# --- removed while open ---------------------------------------------------
fresh
app 'upd s-1 9
reload'
rm "$D"
go
contains "$app" "ERR update"
[ -e "$D" ] && fail "the app's update brought a removed diary back"
echo "  removed while open: the app's update is refused, nothing written"

# --- the app notices changes it did not make, and only those --------------
fresh
printf 'reload\ntouch %s/r1\nwait %s/r2\nreload\nreload\nupd s-1 5\nreload\n' "$F" "$F" |
	"$TORTURE" "$D" script >"$TESTTMP/app" 2>&1 &
app_pid=$!
i=0
while [ ! -e "$F/r1" ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i + 1)); done
hand hand-4 4 >>"$D"
touch "$F/r2"
wait "$app_pid"
[ "$(grep '^RELOAD' "$TESTTMP/app" | tr '\n' ' ')" = "RELOAD 0 RELOAD 1 RELOAD 0 RELOAD 0 " ] ||
	fail "reload reports: $(cat "$TESTTMP/app")"
ok
echo "  reload_if_changed: 1 after another program's append, 0 after the app's own writes"
echo "test_replaced.sh: $checks checks"
