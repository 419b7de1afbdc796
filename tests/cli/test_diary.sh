# test_diary.sh — `backcare diary ...` and `backcare report` through the
# real binary: every command, every bad argument (exit 2, nothing written),
# export/import round trips, the report's figures.
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/data/backcare/d.yaml"
bc() { "$BACKCARE" --diary "$D" "$@"; }
ESC=$(printf '\033')
BEL=$(printf '\007')
today=$(date +%F)
d1=$(date -d '-1 day' +%F)
d3=$(date -d '-3 days' +%F)
d40=$(date -d '-40 days' +%F)
tomorrow=$(date -d '+1 day' +%F)

# --- usage errors: exit 2, the bad value named, nothing written ----------
bad() { # bad NEEDLE args...
	needle=$1; shift
	expect_status 2 bc "$@"
	contains "$err" "$needle"
	[ ! -e "$TESTTMP/data/backcare" ] || fail "'$*' wrote something"
}
bad "--pain" diary add
bad "'11'" diary add --pain 11
bad "'-1'" diary add --pain -1
bad "'4.5'" diary add --pain 4.5
bad "'x'" diary add --pain x
bad "''" diary add --pain ''
bad "needs a value" diary add --pain
bad "yesterday" diary add --pain 3 --at yesterday
bad "2026-13-01" diary add --pain 3 --at '2026-13-01 10:00'
bad "2026-02-30" diary add --pain 3 --at '2026-02-30 10:00'
bad "25:00" diary add --pain 3 --at '2026-11-22 25:00'
bad "'knee'" diary add --pain 3 --where lower-back,knee
bad "buttock-left" diary add --pain 3 --where knee
bad "'party'" diary add --pain 3 --context party
bad "after-miscarriage" diary add --pain 3 --context party
bad "'tickly'" diary add --pain 3 --feels tickly
bad "'beer'" diary add --pain 3 --helped beer
bad "'maybe'" diary add --pain 3 --verdict maybe
bad "'--bogus'" diary add --pain 3 --bogus
bad "'stray'" diary add --pain 3 stray
bad "UTF-8" diary add --pain 3 --note "$(printf 'bad \377 byte')"
bad "add, list" diary
bad "'frobnicate'" diary frobnicate
bad "2026-02-30" diary list --since 2026-02-30
bad "'x'" diary list --until x
bad "'stray'" diary list stray
bad "'nope'" diary stats --since nope
bad "after today" diary stats --since "$tomorrow"
bad "--format" diary export
bad "'xml'" diary export --format xml
bad "not a regular file" diary export --format csv --output "$TESTTMP"
bad "--format" diary import "$TESTTMP/x.csv"
bad "one FILE" diary import --format csv
bad "'bad'" report --since bad
bad "'--frob'" report --frob

# --- reading a diary that is not there yet ------------------------------
expect_status 0 bc diary list
contains "$out" "No entries yet."
expect_status 0 bc report
contains "$out" "Entries: 0"
[ ! -e "$TESTTMP/data/backcare" ] || fail "reading created the folder"

# --- add ------------------------------------------------------------------
note1='Stiff, "better" after a walk
second line'
expect_status 0 bc diary add --pain 4 --at "$today 08:00" --where lower-back,buttock-left \
	--context after-sex --feels aching,stiff --note "$note1" --med 'ibuprofen 400 mg'
contains "$out" "Added entry "
contains "$out" "$today 08:00, pain 4"
expect_status 0 bc diary add --pain 8 --at "$d1 21:30" --context after-miscarriage \
	--helped heat,rest --verdict urgent --note '中文：腰疼，性生活后加重。'
expect_status 0 bc diary add --pain 2 --at "$d3 07:00" --context on-waking --helped walking \
	--note "ألم أسفل الظهر evil ${ESC}[31m red ${ESC}]0;title${BEL} end"
expect_status 0 bc diary add --pain 6 --at "$d40 12:00" --where pelvis --med paracetamol
[ "$(stat -c %a "$D")" = 600 ] || fail "diary mode $(stat -c %a "$D")"
[ "$(stat -c %a "$(dirname "$D")")" = 700 ] || fail "folder mode"
ok

# --- list -----------------------------------------------------------------
expect_status 0 bc diary list
first=$(printf '%s\n' "$out" | head -1)
contains "$first" "$today 08:00"
contains "$first" "####......"
contains "$first" "Lower back (centre), Left buttock"
contains "$first" "After sex"
contains "$first" 'Stiff, "better" after a walk second line'
last=$(printf '%s\n' "$out" | tail -1)
contains "$last" "$d40 12:00"
[ "$(printf '%s\n' "$out" | wc -l)" = 4 ] || fail "list: $out"
not_contains "$out" "$ESC"
not_contains "$out" "$BEL"
contains "$out" "evil"; contains "$out" " end"
expect_status 0 bc diary list --since "$d3" --until "$d1"
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || fail "list --since/--until: $out"
contains "$out" "$d1 21:30"

# --- stats (30 days: 4, 8, 2; the 40-day-old 6 is the previous period) ----
expect_status 0 bc diary stats
contains "$out" "Entries: 3"
contains "$out" "Days logged: 3"
contains "$out" "Average pain: 4.7 out of 10"
contains "$out" "Worst pain: 8 out of 10"
contains "$out" "The previous 30 days: average 6.0 (1 entry)"
contains "$out" "-1.3 points (-22 %)"
contains "$out" "smaller than a change people usually notice"
contains "$out" "Farrar"
contains "$out" "Most common contexts: "
contains "$out" "Helped most often: "
expect_status 0 bc diary stats --since "$d1"
contains "$out" "Entries: 2"
contains "$out" "Average pain: 6.0"

# --- report (90 days) -----------------------------------------------------
expect_status 0 bc report
contains "$out" "Entries: 4"
contains "$out" "Average pain: 5.0 out of 10"
contains "$out" "Worst pain: 8 out of 10"
contains "$out" "Pain by week"
contains "$out" "ibuprofen 400 mg (1 time)"
contains "$out" "paracetamol (1 time)"
contains "$out" "$d1 21:30  urgent"
contains "$out" "After a miscarriage ×1"
contains "$out" "中文：腰疼"
not_contains "$out" "$ESC"
[ "$(printf '%s\n' "$out" | wc -l)" -le 66 ] || fail "report longer than a page"
expect_status 0 bc report --since "$d1"
contains "$out" "Entries: 2"

# --- export ---------------------------------------------------------------
expect_status 0 bc diary export --format csv
contains "$out" "id,time,pain,where,feels,context,helped,med,note,verdict"
contains "$out" ',"Stiff, ""better"" after a walk'
contains "$out" "lower-back;buttock-left,aching;stiff,after-sex"
expect_status 0 bc diary export --format json
contains "$out" '"pain": 4'
contains "$out" '"where": ["lower-back", "buttock-left"]'
contains "$out" '"verdict": "urgent"'
echo "old content" >"$TESTTMP/out.csv"
expect_status 0 bc diary export --format csv --output "$TESTTMP/out.csv"
[ "$(head -c 9 "$TESTTMP/out.csv")" = "id,time,p" ] || fail "--output not replaced"
grep -q "$ESC" "$TESTTMP/out.csv" || fail "the export must keep every byte"
ok
expect_status 0 bc diary export --format json --output "$TESTTMP/out.json"
ls -a "$TESTTMP" | grep -q 'tmp-' && fail "temporary file left"
ok

# --- import: round trips and duplicates -------------------------------------
for fmt in csv json; do
	D2="$TESTTMP/rt-$fmt.yaml"
	expect_status 0 "$BACKCARE" --diary "$D2" diary import --format $fmt "$TESTTMP/out.$fmt"
	contains "$out" "Imported 4 entries."
	"$BACKCARE" --diary "$D2" diary export --format $fmt >"$TESTTMP/again.$fmt"
	cmp -s "$TESTTMP/out.$fmt" "$TESTTMP/again.$fmt" || fail "$fmt round trip differs"
	ok
	expect_status 0 "$BACKCARE" --diary "$D2" diary import --format $fmt "$TESTTMP/out.$fmt"
	contains "$out" "Imported 0 entries."
	contains "$out" "4 entries were already in the diary."
done
# stdin
expect_status 0 sh -c "\"$BACKCARE\" --diary \"$TESTTMP/stdin.yaml\" diary import --format csv - <\"$TESTTMP/out.csv\""
contains "$out" "Imported 4 entries."

# Bad rows: every one named, nothing added.
cat >"$TESTTMP/bad.csv" <<'CSV'
time,pain,where,note
2026-11-20T08:00:00+01:00,3,pelvis,fine
2026-11-20T09:00:00+01:00,12,pelvis,bad pain
2026-11-20T10:00:00+01:00,3,knee,bad place
CSV
before=$(cksum <"$D")
expect_status 1 bc diary import --format csv "$TESTTMP/bad.csv"
contains "$err" "bad.csv:3:27: row 3: pain '12'"
contains "$err" "bad.csv:4:29: row 4: unknown place 'knee'"
not_contains "$err" "row 2"
[ "$(cksum <"$D")" = "$before" ] || fail "a bad import changed the diary"
ok
printf '[{"time": "2026-11-20T08:00:00+01:00", "pain": 3},\n {"time": "soon", "pain": 3}]' >"$TESTTMP/bad.json"
expect_status 1 bc diary import --format json "$TESTTMP/bad.json"
contains "$err" "bad.json:2:11: entry 2: 'soon' is not a time"
expect_status 1 bc diary import --format csv "$TESTTMP/missing.csv"
contains "$err" "missing.csv"
[ "$(cksum <"$D")" = "$before" ] || fail "a failed import changed the diary"
ok

# --- a broken diary: every problem named, exit 1, never overwritten -------
B="$TESTTMP/broken.yaml"
printf 'version: 1\nentries:\n- time: 2026-11-20T08:00:00+01:00\n  pain: 12\n  id: a\n- time: 2026-11-21T08:00:00+01:00\n  pain: 1\n  where: [knee]\n  id: b\n' >"$B"
before=$(cksum <"$B")
expect_status 1 "$BACKCARE" --diary "$B" diary list
contains "$err" "broken.yaml:4:9: pain '12'"
contains "$err" "broken.yaml:8:11: unknown place 'knee'"
expect_status 1 "$BACKCARE" --diary "$B" diary add --pain 3
expect_status 1 "$BACKCARE" --diary "$B" diary stats
expect_status 1 "$BACKCARE" --diary "$B" report
expect_status 1 "$BACKCARE" --diary "$B" diary import --format csv "$TESTTMP/out.csv"
[ "$(cksum <"$B")" = "$before" ] || fail "a broken diary was written"
ok
printf 'version: 7\nentries:\n' >"$B"
expect_status 1 "$BACKCARE" --diary "$B" diary add --pain 3
contains "$err" "newer backcare"

# --- not a file -------------------------------------------------------------
mkdir "$TESTTMP/adir"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/adir" diary add --pain 3
contains "$err" "a directory"
[ -z "$(ls -A "$TESTTMP/adir")" ] || fail "wrote into the directory"
mkfifo "$TESTTMP/fifo"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/fifo" diary list
contains "$err" "a FIFO"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/fifo" diary add --pain 3
[ -p "$TESTTMP/fifo" ] || fail "the FIFO was replaced"
ok

# --- a symlink is followed and survives -------------------------------------
mkdir "$TESTTMP/sync"
ln -s "$TESTTMP/sync/real.yaml" "$TESTTMP/link.yaml"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/link.yaml" diary import --format csv "$TESTTMP/out.csv"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/link.yaml" diary add --pain 1
[ -L "$TESTTMP/link.yaml" ] || fail "the link was replaced"
[ -f "$TESTTMP/sync/real.yaml" ] || fail "the target was not written"
ok

# --- the default path (XDG_DATA_HOME) --------------------------------------
expect_status 0 "$BACKCARE" diary add --pain 5
[ -f "$XDG_DATA_HOME/backcare/diary.yaml" ] || fail "not in XDG_DATA_HOME"
ok

echo "test_diary.sh: $checks checks"
