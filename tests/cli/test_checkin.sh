# test_checkin.sh — `backcare checkin`, `checkin list`, `due`, `plan`, the
# check-in export/import, and what `diary stats` and `report` say about
# check-ins and what seems to help, through the real binary.
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/data/backcare/diary.yaml"
bc() { "$BACKCARE" --diary "$D" "$@"; }
today=$(date +%F)
d1=$(date -d '-1 day' +%F)
d3=$(date -d '-3 days' +%F)
d8=$(date -d '-8 days' +%F)
d10=$(date -d '-10 days' +%F)

# --- usage errors: exit 2, nothing written ---------------------------------
bad() { # bad NEEDLE args...
	needle=$1; shift
	expect_status 2 bc "$@"
	contains "$err" "$needle"
	[ ! -e "$D" ] || fail "'$*' wrote the diary"
}
bad "'11'" checkin --pain 11 --enjoyment 3 --activity 3
bad "'-1'" checkin --pain 3 --enjoyment -1 --activity 3
bad "'4.5'" checkin --pain 3 --enjoyment 3 --activity 4.5
bad "'x'" checkin --pain x --enjoyment 3 --activity 3
bad "--activity" checkin --pain 3 --enjoyment 3
bad "--enjoyment" checkin --pain 3 --activity 3
bad "needs a value" checkin --pain 3 --enjoyment 3 --activity
bad "'2026-13-01 10:00'" checkin --pain 3 --enjoyment 3 --activity 3 --at '2026-13-01 10:00'
bad "'--bogus'" checkin --bogus
bad "'extra'" checkin list extra
bad "'x'" due x
bad "'x'" plan x
bad "'everything'" diary export --format csv --what everything

# --- nothing yet -------------------------------------------------------------
expect_status 0 bc checkin list
[ -z "$out" ] || fail "an empty diary lists check-ins: $out"
expect_status 0 bc due
[ "$out" = "No diary entry today yet.
Weekly check-in due." ] || fail "due on an empty diary: '$out'"
[ ! -e "$D" ] || fail "due wrote the diary"
expect_status 0 bc plan
contains "$out" "No flare-up plan yet"

# --- check-ins -----------------------------------------------------------------
expect_status 0 bc checkin --pain 7 --enjoyment 6 --activity 5 --at "$d10 09:30"
contains "$out" "score 6.0"
expect_status 0 bc checkin --pain 5 --enjoyment 4 --activity 3 --at "$d3 20:00"
expect_status 0 bc checkin list
[ "$out" = "$d3	4.0	5	4	3
$d10	6.0	7	6	5" ] || fail "checkin list: '$out'"
grep -q '^checkins:$' "$D" || fail "no checkins: list in the diary"
[ "$(stat -c %a "$D")" = 600 ] || fail "diary mode $(stat -c %a "$D")"
# a check-in 3 days ago: only the entry is due
expect_status 0 bc due
[ "$out" = "No diary entry today yet." ] || fail "due: '$out'"
expect_status 0 bc diary add --pain 4
expect_status 0 bc due
[ -z "$out" ] || fail "nothing due, yet: '$out'"
# the future is warned about, not refused (issue 12: a future date was
# taken without a word)
expect_status 0 bc checkin --pain 1 --enjoyment 1 --activity 1 --at '2099-01-01 10:00'
contains "$err" "warning: 2099-01-01 10:00 is in the future"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/future.yaml" diary add --pain 3 --at '2099-01-01 10:00'
contains "$err" "warning: 2099-01-01 10:00 is in the future; the entry is kept as written"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/future.yaml" diary add --pain 3 --at "$d1 10:00"
[ -z "$err" ] || fail "a past time warned: $err"

# --- they survive every other write and a hand edit --------------------------
expect_status 0 bc diary add --pain 6 --at "$d1 08:00" --context after-sex
id=$(grep '  id: ' "$D" | tail -1 | sed 's/  id: //')
printf '# my own comment\n' >>"$D"
expect_status 0 bc diary add --pain 2 --at "$d1 21:00"
expect_status 0 bc checkin list
[ "$(printf '%s\n' "$out" | wc -l)" = 3 ] || fail "check-ins lost after adds: $out"

# --- export / import round trip ---------------------------------------------
for fmt in csv json; do
	expect_status 0 bc diary export --what checkins --format $fmt --output "$TESTTMP/ck.$fmt"
	[ "$(stat -c %a "$TESTTMP/ck.$fmt")" = 600 ] || fail "export mode"
	E="$TESTTMP/other-$fmt.yaml"
	expect_status 0 "$BACKCARE" --diary "$E" diary import --format $fmt "$TESTTMP/ck.$fmt"
	contains "$out" "Imported 3 check-ins."
	expect_status 0 "$BACKCARE" --diary "$E" diary import --format $fmt "$TESTTMP/ck.$fmt"
	contains "$out" "3 check-ins were already in the diary."
	expect_status 0 "$BACKCARE" --diary "$E" checkin list
	expect_status 0 bc checkin list
	mine=$out
	expect_status 0 "$BACKCARE" --diary "$E" checkin list
	[ "$out" = "$mine" ] || fail "$fmt round trip: '$out' vs '$mine'"
done
head -1 "$TESTTMP/ck.csv" | grep -q '^time,score,pain,enjoyment,activity' || fail "check-in CSV header"
# the entry export is as it was: no check-ins in it, and it still imports
expect_status 0 bc diary export --format csv --output "$TESTTMP/e.csv"
head -1 "$TESTTMP/e.csv" | grep -q '^id,time,pain,' || fail "entry CSV header changed"
not_contains "$(cat "$TESTTMP/e.csv")" "enjoyment"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/third.yaml" diary import --format csv "$TESTTMP/e.csv"
contains "$out" "Imported 3 entries."
# a bad check-in row: nothing imported, the row named
printf 'time,score,pain,enjoyment,activity\r\n2026-11-01T10:00:00+00:00,1,1,1,1\r\n2026-11-02T10:00:00+00:00,1,12,1,1\r\n' >"$TESTTMP/bad.csv"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/fourth.yaml" diary import --format csv "$TESTTMP/bad.csv"
contains "$err" "bad.csv:3"
[ ! -e "$TESTTMP/fourth.yaml" ] || fail "a bad import wrote the diary"

# --- a broken check-in in the file: named, read-only, never overwritten --------
cp "$D" "$TESTTMP/good.yaml"
sed -i 's/pain: 5, enjoyment: 4/pain: 15, enjoyment: 4/' "$D"
before=$(md5sum <"$D")
expect_status 1 bc checkin list
contains "$err" "diary.yaml:"
contains "$err" "'15'"
expect_status 1 bc checkin --pain 2 --enjoyment 2 --activity 2
expect_status 1 bc diary add --pain 2
[ "$(md5sum <"$D")" = "$before" ] || fail "a broken diary was written"
cp "$TESTTMP/good.yaml" "$D"

# --- stats and report: the weekly line and what seems to help ----------------
S="$TESTTMP/stats.yaml"
i=1
while [ $i -le 12 ]; do
	day=$(date -d "-$i days" +%F)
	if [ $((i % 2)) = 0 ]; then
		"$BACKCARE" --diary "$S" diary add --pain 6 --at "$day 22:00" --context after-sex >/dev/null
	else
		"$BACKCARE" --diary "$S" diary add --pain 3 --at "$day 09:00" --helped walking >/dev/null
	fi
	i=$((i + 1))
done
expect_status 0 "$BACKCARE" --diary "$S" diary stats
contains "$out" "After sex: 6.0 (n=6) vs 3.0 otherwise (n=6)"
contains "$out" "Helped: Walking: 3.0 (n=6) vs 6.0 otherwise (n=6)"
contains "$out" "not what causes what"
not_contains "$out" "Weekly check-in"
"$BACKCARE" --diary "$S" checkin --pain 6 --enjoyment 6 --activity 6 --at "$d10 10:00" >/dev/null
"$BACKCARE" --diary "$S" checkin --pain 5 --enjoyment 5 --activity 5 --at "$d3 10:00" >/dev/null
expect_status 0 "$BACKCARE" --diary "$S" diary stats
contains "$out" "Weekly check-in (PEG): 5.0 of 10 on $d3"
contains "$out" "-1.0 points"
contains "$out" "Better, by a change people notice."
contains "$out" "About one point is a change people notice"
expect_status 0 "$BACKCARE" --diary "$S" report
contains "$out" "Weekly check-ins (score: pain, enjoyment, activity):"
contains "$out" "After sex: 6.0 (n=6) vs 3.0 otherwise (n=6)"
# four with it: too few, nothing said
"$BACKCARE" --diary "$TESTTMP/few.yaml" diary add --pain 6 --context after-sex >/dev/null
expect_status 0 "$BACKCARE" --diary "$TESTTMP/few.yaml" diary stats
not_contains "$out" "otherwise"

# --- the plan -------------------------------------------------------------------
P="$TESTTMP/data/backcare/plan.yaml"
printf 'version: 1\nearly-signs: "Stiff on waking\\nPain into the left buttock"\nwho-to-call: |\n  Physio: 555 0101\n' >"$P"
expect_status 0 bc plan
contains "$out" "Early signs of a flare-up"
contains "$out" "  Pain into the left buttock"
contains "$out" "Physio: 555 0101"
contains "$out" "(not written yet)"
printf 'version: 1\nearly-sign: "typo"\n' >"$P"
expect_status 1 bc plan
contains "$err" "plan.yaml:2:1:"
contains "$err" "early-sign"

# --- the other languages ------------------------------------------------------------
expect_status 0 "$BACKCARE" --lang zh_CN --diary "$TESTTMP/empty.yaml" due
[ "$out" = "今天还没有写日记。
该做每周自评了。" ] || fail "zh due: '$out'"
expect_status 0 "$BACKCARE" --lang ar --diary "$TESTTMP/empty.yaml" due
contains "$out" "حان وقت التقييم الأسبوعي."
expect_status 2 "$BACKCARE" --lang ar --diary "$TESTTMP/empty.yaml" checkin --pain 11 --enjoyment 1 --activity 1
contains "$err" "'11'"
echo "checkin: $checks checks"
