# test_place_pain.sh — issue 13.5: a pain per body area through the real
# binary: --where lower-back:7, the file, list, stats, report, CSV and JSON
# round trips, an older export, and every bad value refused (exit 2/1).
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/d.yaml"
bc() { "$BACKCARE" --diary "$D" "$@"; }
d1=$(date -d '-1 day' +%F)
d2=$(date -d '-2 days' +%F)

# --- bad values: usage error, nothing written --------------------------------
for v in lower-back:11 lower-back:-1 lower-back: lower-back:x lower-back:4.5; do
	expect_status 2 bc diary add --pain 3 --where "$v"
	contains "$err" "'$v'"
	contains "$err" "0 to 10"
	[ ! -e "$D" ] || fail "--where $v wrote the diary"
done
expect_status 2 bc diary add --pain 3 --where knee:3
contains "$err" "unknown place 'knee'"

# --- the usual case is unchanged: no place_pain in the file -------------------
expect_status 0 bc diary add --pain 4 --at "$d2 09:00" --where lower-back,hip-left
not_contains "$(cat "$D")" "place_pain"
cp "$D" "$TESTTMP/before.yaml"

# --- own numbers ---------------------------------------------------------------
expect_status 0 bc diary add --pain 5 --at "$d1 09:00" --where lower-back:7,hip-left:3,pelvis
contains "$(cat "$D")" "  where: [lower-back, hip-left, pelvis]
  place_pain: {lower-back: 7, hip-left: 3}"
# the first entry's bytes are as they were
head -c "$(wc -c <"$TESTTMP/before.yaml")" "$D" | cmp -s - "$TESTTMP/before.yaml" || fail "older entry changed"
ok
expect_status 0 bc diary add --pain 6 --at "$d1 18:00" --where lower-back:6 --where hip-right
expect_status 0 bc diary list
contains "$out" "Lower back (centre) 7, Left hip 3, Pelvis"
contains "$out" "Lower back (centre) 6, Right hip"
expect_status 0 bc diary stats
contains "$out" "Lower back (centre): 6.5 (n=2)"
contains "$out" "Left hip: 3.0 (n=1)"
not_contains "$out" "Pelvis:"
expect_status 0 bc report
contains "$out" "Lower back (centre): 6.5 (n=2)"
# the PDF report gives each place's average too
if command -v pdftotext >/dev/null; then
	expect_status 0 bc report --pdf "$TESTTMP/r.pdf"
	txt=$(pdftotext "$TESTTMP/r.pdf" - | tr '\n' ' ')
	contains "$txt" "Pain by place, where given its own number: Lower back (centre): 6.5 (n=2)"
fi
expect_status 0 bc --lang zh_CN diary stats
contains "$out" "各部位的疼痛"
contains "$out" "6.5（n=2）"
expect_status 0 bc --lang ar diary stats
contains "$out" "الألم حسب الموضع"
contains "$out" "6.5 (n=2)"
not_contains "$out" "Pain by place"

# --- a hand edit that is wrong is named at file:line:column -------------------
cp "$D" "$TESTTMP/good.yaml"
sed 's/hip-left: 3}/hip-right: 3}/' "$TESTTMP/good.yaml" >"$D"
expect_status 1 bc diary list
contains "$err" "d.yaml:"
contains "$err" "place_pain names hip-right, which is not in where"
sed 's/hip-left: 3}/hip-left: 12}/' "$TESTTMP/good.yaml" >"$D"
expect_status 1 bc diary list
contains "$err" "pain '12'"
cp "$TESTTMP/good.yaml" "$D"

# --- exports carry it and import again the same --------------------------------
for f in csv json; do
	expect_status 0 bc diary export --format $f --output "$TESTTMP/e.$f"
	expect_status 0 "$BACKCARE" --diary "$TESTTMP/$f.yaml" diary import --format $f "$TESTTMP/e.$f"
	expect_status 0 "$BACKCARE" --diary "$TESTTMP/$f.yaml" diary export --format $f
	[ "$out" = "$(cat "$TESTTMP/e.$f")" ] || fail "$f round trip differs"
	ok
	grep -q "place_pain: {lower-back: 7, hip-left: 3}" "$TESTTMP/$f.yaml" || fail "$f import lost place_pain"
	ok
done
contains "$(cat "$TESTTMP/e.csv")" ",verdict,place_pain"
contains "$(cat "$TESTTMP/e.csv")" ",lower-back:7;hip-left:3"
contains "$(cat "$TESTTMP/e.json")" '"place_pain": {"lower-back": 7, "hip-left": 3}'

# an older export (no place_pain column / key) imports as before
printf 'id,time,pain,where,feels,context,helped,med,note,verdict\r\nold1,2026-11-01T10:00:00+00:00,3,hip-left,,,,,,\r\n' >"$TESTTMP/old.csv"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/old.yaml" diary import --format csv "$TESTTMP/old.csv"
not_contains "$(cat "$TESTTMP/old.yaml")" "place_pain"
printf '[{"id": "old2", "time": "2026-11-01T10:00:00+00:00", "pain": 3, "where": ["hip-left"], "verdict": null}]\n' >"$TESTTMP/old.json"
expect_status 0 "$BACKCARE" --diary "$TESTTMP/old.yaml" diary import --format json "$TESTTMP/old.json"
not_contains "$(cat "$TESTTMP/old.yaml")" "place_pain"

# bad rows are named, nothing imported
printf 'time,pain,where,place_pain\n2026-11-01T10:00:00+00:00,3,hip-left,hip-right:4\n2026-11-02T10:00:00+00:00,3,hip-left,hip-left:14\n' >"$TESTTMP/bad.csv"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/bad.yaml" diary import --format csv "$TESTTMP/bad.csv"
contains "$err" "row 2: place_pain names hip-right, which is not in where"
contains "$err" "bad.csv:3:38: row 3: place_pain 'hip-left:14'"
[ ! -e "$TESTTMP/bad.yaml" ] || fail "a bad import wrote the diary"
printf '[{"time": "2026-11-01T10:00:00+00:00", "pain": 3, "where": ["hip-left"], "place_pain": {"hip-left": 11}}]\n' >"$TESTTMP/bad.json"
expect_status 1 "$BACKCARE" --diary "$TESTTMP/bad.yaml" diary import --format json "$TESTTMP/bad.json"
contains "$err" "bad.json:1:"
contains "$err" "pain must be a number from 0 to 10"

echo "test_place_pain.sh: $checks checks"
