# test_diary_promises.sh — DESIGN.md "Promises about the person's data"
# through the real binary, one block per item of issue 10 that the CLI can
# show: hand-edited diaries, the big-diary add, modes, same-minute order,
# imports, formula cells, no HOME, --help on a full disk, escapes from
# arguments, exports onto symlinks.
. "$(dirname "$0")/lib.sh"
set -u
W="$TESTTMP/w"
mkdir -p "$W"
ESC=$(printf '\033')

# 1. a complete last entry without a final newline stays
D="$W/one.yaml"
printf 'version: 1\nentries:\n- time: 2025-01-01T08:00:00+01:00\n  pain: 3\n  id: first\n- time: 2025-01-02T08:00:00+01:00\n  pain: 6\n  id: last' >"$D"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 1 --at '2025-01-03 08:00'
[ -z "$err" ] || fail "warnings for a diary without final newline: $err"
expect_status 0 "$BACKCARE" --diary "$D" diary export --format csv
contains "$out" "last,2025-01-02T08:00:00+01:00,6"
ls "$W" | grep -q torn && fail "a .torn file was made for a complete entry"
ok

# 2. an error in the last entry: an error at its line, nothing written
for last in '  pain: 6\n\tid: last\n' '  pain: 6\n' '  pain: 6\n  note: *n\n  id: last\n'; do
	D="$W/two.yaml"
	printf "version: 1\nentries:\n- time: 2025-01-01T08:00:00+01:00\n  pain: 3\n  id: first\n- time: 2025-01-02T08:00:00+01:00\n$last" >"$D"
	cp "$D" "$W/two.before"
	expect_status 1 "$BACKCARE" --diary "$D" diary add --pain 1
	contains "$err" "two.yaml:"
	not_contains "$err" "incomplete"
	cmp -s "$D" "$W/two.before" || fail "a broken diary was written to"
	expect_status 1 "$BACKCARE" --diary "$D" diary list
done

# 6. a big diary a full load refuses: add refuses too (the fast add)
D="$W/big.yaml"
awk 'BEGIN { print "version: 1"; print "entries:"
	for (i = 0; i < 600; i++) printf "- time: 2025-01-%02dT08:%02d:00+01:00\n  pain: %s\n  note: \"a note to make the file big, a note to make the file big\"\n  id: e%d\n", i % 28 + 1, i % 60, i == 2 ? "11" : "3", i }' >"$D"
cp "$D" "$W/big.before"
expect_status 1 "$BACKCARE" --diary "$D" diary add --pain 1
contains "$err" "big.yaml:12:9: pain '11'"
cmp -s "$D" "$W/big.before" || fail "diary add appended to a diary a full load refuses"
sed -i 's/pain: 11/pain: 1 /' "$D"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 1
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 2
sed -i 's/pain: 1 $/pain: 11/' "$D" # a hand edit after the CLI knew it sound
cp "$D" "$W/big.before"
expect_status 1 "$BACKCARE" --diary "$D" diary add --pain 1
cmp -s "$D" "$W/big.before" || fail "diary add appended after a hand edit broke the diary"

# 8. every save leaves 0600
D="$W/mode.yaml"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 1
chmod 666 "$D"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 2
[ "$(stat -c %a "$D")" = 600 ] || fail "an add left the diary $(stat -c %a "$D")"
chmod 644 "$D"
printf 'time,pain\n2025-01-01T08:00:00+01:00,3\n' >"$W/one.csv"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format csv "$W/one.csv"
[ "$(stat -c %a "$D")" = 600 ] || fail "an import left the diary $(stat -c %a "$D")"

# 9. same-minute entries keep their order, newest first, on every load
D="$W/order.yaml"
for p in 1 2 3 4 5 6; do
	expect_status 0 "$BACKCARE" --diary "$D" diary add --pain $p --at '2025-01-01 08:00'
done
for run in 1 2 3; do
	expect_status 0 "$BACKCARE" --diary "$D" diary list
	got=$(printf '%s\n' "$out" | awk '{ printf "%s", $3 }')
	[ "$got" = 654321 ] || fail "same-minute entries listed as $got"
done

# findings D1, D2 (tests/model): an add to a diary without a final
# newline, and imported rows, arrive after the entries of their minute
D="$W/order2.yaml"
for p in 1 2; do expect_status 0 "$BACKCARE" --diary "$D" diary add --pain $p --at '2025-01-01 08:00'; done
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 5 --at '2025-01-02 08:00'
truncate -s -1 "$D"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 3 --at '2025-01-01 08:00'
expect_status 0 "$BACKCARE" --diary "$D" diary list
got=$(printf '%s\n' "$out" | awk '{ printf "%s", $3 }')
[ "$got" = 5321 ] || fail "D1: listed as $got, expected 5321"
D="$W/order3.yaml"
for p in 1 2 3 4 5 6; do expect_status 0 "$BACKCARE" --diary "$D" diary add --pain $p --at '2025-01-01 08:00'; done
off=$(date -d '2025-01-01 08:00' +%:z)
printf '[{"id":"a1","time":"2025-01-01T08:00:00%s","pain":7},{"id":"a0","time":"2025-01-01T08:00:00%s","pain":8}]' "$off" "$off" >"$W/i.json"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format json "$W/i.json"
expect_status 0 "$BACKCARE" --diary "$D" diary list
got=$(printf '%s\n' "$out" | awk '{ printf "%s", $3 }')
[ "$got" = 87654321 ] || fail "D2: listed as $got, expected 87654321"

# finding M11: a 6,000-byte note written by hand goes out and comes back
D="$W/long.yaml"
python3 -c 'open("'"$D"'","w").write("version: 1\nentries:\n- time: 2025-01-01T08:00:00+00:00\n  pain: 3\n  note: \""+"z"*6000+"\"\n  id: first\n")'
expect_status 0 "$BACKCARE" --diary "$D" diary export --format json --output "$W/l.json"
expect_status 0 "$BACKCARE" --diary "$W/long2.yaml" diary import --format json "$W/l.json"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format json "$W/l.json"
contains "$out" "Imported 0 entries"

# 4. import: same time, other places: two entries; one id, two contents: refused
D="$W/imp.yaml"
printf '[{"time":"2025-01-01T08:00:00+00:00","pain":3,"where":["hip-left"]},\n{"time":"2025-01-01T08:00:00+00:00","pain":3,"med":"gel"}]' >"$W/s.json"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format json "$W/s.json"
contains "$out" "Imported 2 entries"
printf '[{"id":"x1","time":"2025-01-01T09:00:00+00:00","pain":3,"note":"a"},\n{"id":"x1","time":"2025-01-01T09:00:00+00:00","pain":3,"note":"b"}]' >"$W/c.json"
expect_status 1 "$BACKCARE" --diary "$D" diary import --format json "$W/c.json"
contains "$err" "c.json:2:1: id 'x1' is also on line 1"

# 10. formula cells are defused in CSV and come back exactly
D="$W/f.yaml"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 3 --note '=HYPERLINK("http://x","y")'
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 4 --note "+cmd|' /C calc'!A0" --med '@SUM(1)'
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 5 --note "'quoted" --med '-2'
expect_status 0 "$BACKCARE" --diary "$D" diary export --format csv --output "$W/f.csv"
awk -F, 'NR > 1 { for (i = 8; i <= 9; i++) if ($i ~ /^"?[=+@-]/) { print "formula: " $i; bad = 1 } } END { exit bad }' "$W/f.csv" ||
	fail "a formula cell was exported raw: $(cat "$W/f.csv")"
expect_status 0 "$BACKCARE" --diary "$W/f2.yaml" diary import --format csv "$W/f.csv"
expect_status 0 "$BACKCARE" --diary "$D" diary export --format json
printf '%s\n' "$out" >"$W/f1.json"
expect_status 0 "$BACKCARE" --diary "$W/f2.yaml" diary export --format json
[ "$(printf '%s\n' "$out")" = "$(cat "$W/f1.json")" ] || fail "a CSV round trip changed the notes: $out"

# 10. export --output onto a symlink writes the target and keeps the link
echo old >"$W/real.csv"
ln -s real.csv "$W/link.csv"
expect_status 0 "$BACKCARE" --diary "$D" diary export --format csv --output "$W/link.csv"
[ -L "$W/link.csv" ] || fail "the export replaced the symlink"
grep -q '^id,time' "$W/real.csv" || fail "the export did not reach the link's target"
[ "$(stat -c %a "$W/real.csv")" = 600 ] || fail "the export is not 0600"

# 10. --help on a full disk fails
expect_status 1 sh -c "'$BACKCARE' --help >/dev/full"
expect_status 1 sh -c "'$BACKCARE' diary --help >/dev/full"
expect_status 1 sh -c "'$BACKCARE' --diary '$D' diary export --format csv >/dev/full"
contains "$err" "No space left on device"

# 10. escape sequences from arguments never reach stderr
for args in "diary add --pain 3 --where ${ESC}[31mred" "diary ${ESC}]0;t" "--lang ${ESC}[2J" \
	"diary import --format csv ${ESC}[31mnofile" "diary add --${ESC}[1m"; do
	# shellcheck disable=SC2086
	"$BACKCARE" --diary "$D" $args >/dev/null 2>"$W/esc.err"
	grep -q "$ESC" "$W/esc.err" && fail "an escape reached stderr for: $args"
	ok
done

# 10. no HOME and no XDG_DATA_HOME: never a diary in the current folder
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	mkdir -p "$W/cwd" && chmod 777 "$W/cwd" && chmod 755 "$W" "$TESTTMP"
	(cd "$W/cwd" && setpriv --reuid=54321 --regid=54321 --clear-groups \
		env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME "$BACKCARE" diary add --pain 3) \
		>"$W/nh.out" 2>"$W/nh.err" && fail "diary add with no home folder succeeded"
	grep -q 'HOME' "$W/nh.err" || fail "no home: $(cat "$W/nh.err")"
	[ -z "$(ls -A "$W/cwd")" ] || fail "no home: something was made in the current folder: $(ls -A "$W/cwd")"
	ok
fi
(cd "$W" && env -u HOME -u XDG_DATA_HOME "$BACKCARE" diary list >/dev/null 2>&1)
[ ! -e "$W/.local" ] || fail "no HOME: a diary folder was made under the current folder"
echo "test_diary_promises.sh: $checks checks"
