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
contains "$err" "c.json:2:1: id 'x1' is also at line 1, column 2"

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

D0="$D" # the blocks below use their own diaries; the ones after, this one
# A9. export --output and report --pdf refuse every file backcare keeps:
# the plan beside the diary (there or not yet), the lock, a torn copy
D="$W/keep/d.yaml"
mkdir -p "$W/keep"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 3
for f in plan.yaml d.yaml.lock d.yaml.torn-20260101T000000; do
	rm -f "$W/keep/plan.yaml"
	[ "$f" = plan.yaml ] && expect_status 2 "$BACKCARE" --diary "$D" diary export --format csv --output "$W/keep/$f"
	[ "$f" = plan.yaml ] && [ -e "$W/keep/plan.yaml" ] && fail "an export made plan.yaml"
	[ "$f" = plan.yaml ] || [ -e "$W/keep/$f" ] || printf 'keep me\n' >"$W/keep/$f"
	printf 'version: 1\nearly-signs: "my plan"\n' >"$W/keep/plan.yaml"
	cp "$W/keep/$f" "$W/keep.before"
	expect_status 2 "$BACKCARE" --diary "$D" diary export --format csv --output "$W/keep/$f"
	contains "$err" "a file backcare keeps"
	expect_status 1 "$BACKCARE" --diary "$D" report --pdf "$W/keep/$f"
	contains "$err" "a file backcare keeps"
	cmp -s "$W/keep/$f" "$W/keep.before" || fail "$f was replaced by an export or a report"
done
expect_status 0 "$BACKCARE" --diary "$D" plan

# A10. a file "<diary>.lock" that is not backcare's lock (here a second
# diary named a.lock) is never written to: the diary "a" refuses to write
L="$W/lk"
mkdir -p "$L"
expect_status 0 "$BACKCARE" --diary "$L/a.lock" diary add --pain 5 --note "diary two"
chmod 644 "$L/a.lock"
cp "$L/a.lock" "$W/lk.before"
expect_status 1 "$BACKCARE" --diary "$L/a" diary add --pain 1 --note "diary one"
contains "$err" "a.lock is not backcare's lock file"
cmp -s "$L/a.lock" "$W/lk.before" || fail "a.lock (another diary) was written to"
[ "$(stat -c %a "$L/a.lock")" = 644 ] || fail "a.lock was chmod-ed"
expect_status 0 "$BACKCARE" --diary "$L/a.lock" diary list
contains "$out" "diary two"
expect_status 0 "$BACKCARE" --diary "$L/a" diary list # reading is fine

# A1. a diary ending with the YAML end marker "..." (and a comment after
# it): no add appends behind it, the next loads still work
for tail in '...\n' '...\n# the end\n'; do
	D="$W/dots.yaml"
	rm -f "$D" "$D.lock"
	printf "version: 1\nentries:\n- time: 2026-11-01T10:00:00+00:00\n  pain: 3\n  id: x1\n$tail" >"$D"
	expect_status 0 "$BACKCARE" --diary "$D" diary list
	for n in 9 8 7; do
		expect_status 0 "$BACKCARE" --diary "$D" diary add --pain $n
		expect_status 0 "$BACKCARE" --diary "$D" diary list
	done
	expect_status 0 "$BACKCARE" --diary "$D" diary export --format csv
	[ "$(printf '%s\n' "$out" | wc -l)" = 5 ] || fail "dots: not 4 entries: $out"
done

# A3. a note over the limit written by hand is refused at its place (the
# import would refuse the export); one at the limit round-trips
D="$W/long3.yaml"
python3 -c "open('$D','w').write('version: 1\\nentries:\\n- time: 2026-11-01T10:00:00+00:00\\n  pain: 3\\n  note: \\\"' + 'y'*70000 + '\\\"\\n  id: l1\\n')"
expect_status 1 "$BACKCARE" --diary "$D" diary list
contains "$err" "long3.yaml:5:9: note is longer than 65536 bytes"
python3 -c "open('$D','w').write('version: 1\\nentries:\\n- time: 2026-11-01T10:00:00+00:00\\n  pain: 3\\n  note: \\\"' + 'y'*65536 + '\\\"\\n  id: l1\\n')"
expect_status 0 "$BACKCARE" --diary "$D" diary export --format json --output "$W/long.json"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format json "$W/long.json"
expect_status 0 "$BACKCARE" --diary "$W/long2.yaml" diary import --format json "$W/long.json"

# A8. a bad byte deep in a hand-edited diary is named at its own line and
# column (also in a big diary read in pieces), not at 1:1
D="$W/bad.yaml"
printf 'version: 1\nentries:\n- time: 2026-11-01T10:00:00+00:00\n  pain: 3\n  note: "a\377"\n  id: x1\n' >"$D"
expect_status 1 "$BACKCARE" --diary "$D" diary list
contains "$err" "bad.yaml:5:11: invalid leading UTF-8 octet"
printf 'version: 1\nentries:\n- time: 2026-11-01T10:00:00+00:00\n  pain: 3\n  id: x1\n\014\n' >"$D"
expect_status 1 "$BACKCARE" --diary "$D" diary list
contains "$err" "bad.yaml:6:1: control characters"
awk 'BEGIN { print "version: 1"; print "entries:"
	for (i = 0; i < 20000; i++) printf "- time: 2025-01-01T08:00:00+01:00\n  pain: 3\n  note: \"a note to make the file big\"\n  id: e%d\n", i
	printf "- time: 2025-01-01T08:00:00+01:00\n  pain: 3\n  note: \"\001\"\n  id: last\n" }' >"$D"
expect_status 1 "$BACKCARE" --diary "$D" diary list
contains "$err" "bad.yaml:80005:10: control characters"
D="$D0"

# A12. a JSON id conflict names both objects by line and column (a
# one-line file too)
printf '[{"id":"c1","time":"2026-11-03T10:00:00+00:00","pain":3},{"id":"c1","time":"2026-11-03T10:00:00+00:00","pain":4}]' >"$W/cf.json"
expect_status 1 "$BACKCARE" --diary "$W/cf.yaml" diary import --format json "$W/cf.json"
contains "$err" "cf.json:1:58: id 'c1' is also at line 1, column 2, with other contents"

# A6.1, A6.2. messages say what happened: a check-in already there is not
# "saved"; a row the import file holds twice was not "in the diary"
C="$W/ck.yaml"
expect_status 0 "$BACKCARE" --diary "$C" checkin --pain 3 --enjoyment 3 --activity 3 --at '2026-11-20 10:00'
contains "$out" "Check-in saved"
expect_status 0 "$BACKCARE" --diary "$C" checkin --pain 3 --enjoyment 3 --activity 3 --at '2026-11-20 10:00'
contains "$out" "already in the diary, nothing new was saved"
not_contains "$out" "Check-in saved"
expect_status 0 "$BACKCARE" --diary "$C" diary export --what checkins --format csv --output "$W/ck.csv"
tail -n 1 "$W/ck.csv" >>"$W/ck.csv"
expect_status 0 "$BACKCARE" --diary "$W/ck2.yaml" diary import --format csv "$W/ck.csv"
contains "$out" "Imported 1 check-in."
not_contains "$out" "already in the diary"
contains "$out" "1 check-in was in the file more than once and is kept once."

# A13. an existing world-writable diary folder is named in a warning
mkdir -p "$W/open/backcare" && chmod 777 "$W/open/backcare"
expect_status 0 env XDG_DATA_HOME="$W/open" "$BACKCARE" diary add --pain 1
contains "$err" "can be changed by every user"
contains "$err" "(mode 777)"
chmod 700 "$W/open/backcare"
expect_status 0 env XDG_DATA_HOME="$W/open" "$BACKCARE" diary add --pain 1
not_contains "$err" "every user"

# A14, A6.4. control characters in a file name or a value are shown as
# escapes: the message names what was given and stays on its line
printf bad >"$W/y${ESC}[31mq.yaml"
expect_status 1 "$BACKCARE" --diary "$W/y${ESC}[31mq.yaml" diary list
contains "$err" 'y\e[31mq.yaml:1:1:'
contains "$err" 'the diary '"$W"'/y\e[31mq.yaml could not be read'
expect_status 1 "$BACKCARE" --diary "$W/esc.yaml" diary import --format csv "$W/no
file"
contains "$err" 'cannot read '"$W"'/no\nfile: '
[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "a newline in a file name split the message: $err"
expect_status 2 "$BACKCARE" --diary "$W/esc.yaml" diary add --pain "${ESC}[31m"
contains "$err" "--pain '\\e[31m' must be"

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

# B3: ids a plain YAML scalar would misread ("x:", "-", ":") are written
# quoted: after the import and after a full save the diary still loads
D="$W/b3.yaml"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 4 --note "my real entry"
echo '[{"id":"x:","time":"2026-11-06T10:00:00+00:00","pain":3},{"id":"-","time":"2026-11-06T11:00:00+00:00","pain":2},{"id":":","time":"2026-11-06T12:00:00+00:00","pain":1}]' >"$W/b3.json"
expect_status 0 "$BACKCARE" --diary "$D" diary import --format json "$W/b3.json"
expect_status 0 "$BACKCARE" --diary "$D" diary list
expect_status 0 "$BACKCARE" --diary "$D" diary export --format csv
contains "$out" "x:,2026-11-06T10:00:00+00:00,3"
printf 'version: 1\nentries:\n- time: 2026-11-01T10:00:00+00:00\n  pain: 3\n  id: "x:"\n' >"$W/q.yaml"
expect_status 0 "$BACKCARE" --diary "$W/q.yaml" checkin --pain 1 --enjoyment 1 --activity 1
expect_status 0 "$BACKCARE" --diary "$W/q.yaml" diary list
ok

# B5: an option given twice is a usage error; an --at time the clocks
# skipped is one too, naming it; one that happened twice takes the first
D="$W/b5.yaml"
expect_status 2 "$BACKCARE" --diary "$D" diary add --pain 5 --pain 6
contains "$err" "--pain"
expect_status 2 "$BACKCARE" --diary "$D" checkin --pain 1 --enjoyment 2 --activity 3 --activity 4
contains "$err" "--activity"
[ ! -e "$D" ] || fail "a repeated option still wrote the diary"
if TZ=Europe/Berlin date -d '2026-03-29 12:00' +%Z | grep -q CEST; then
	expect_status 2 env TZ=Europe/Berlin "$BACKCARE" --diary "$D" diary add --pain 1 --at '2026-03-29 02:30'
	contains "$err" "2026-03-29 02:30"
	expect_status 0 env TZ=Europe/Berlin "$BACKCARE" --diary "$D" diary add --pain 1 --at '2026-10-25 02:30'
	contains "$err" "twice"
	grep -q 'time: 2026-10-25T02:30:00+02:00' "$D" || fail "the repeated hour: not the first"
fi
ok

# B4: a HOME that does not exist is refused, never made
expect_status 1 env -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$W/nohome/x" "$BACKCARE" diary add --pain 1
contains "$err" "$W/nohome/x"
[ ! -e "$W/nohome" ] || fail "a HOME that did not exist was made"

# B7: a plan's comments copy is a file backcare keeps: no export onto it
D="$W/kp/d.yaml"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 1
echo keep >"$W/kp/plan.yaml.comments-20261101T100000"
expect_status 2 "$BACKCARE" --diary "$D" diary export --format csv --output "$W/kp/plan.yaml.comments-20261101T100000"
[ "$(cat "$W/kp/plan.yaml.comments-20261101T100000")" = keep ] || fail "an export replaced the plan's comments copy"

# 10. no HOME and no XDG_DATA_HOME: never a diary in the current folder
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	mkdir -p "$W/cwd" "$W/bin" && chmod 777 "$W/cwd" && chmod 755 "$W" "$TESTTMP" "$W/bin"
	# a copy the other user can run, wherever the tree was cloned (a
	# 0700 folder from mktemp -d would hide the build from it)
	cp "$BACKCARE" "$W/bin/backcare" && chmod 755 "$W/bin/backcare"
	(cd "$W/cwd" && setpriv --reuid=54321 --regid=54321 --clear-groups \
		env -u HOME -u XDG_DATA_HOME -u XDG_CONFIG_HOME "$W/bin/backcare" diary add --pain 3) \
		>"$W/nh.out" 2>"$W/nh.err" && fail "diary add with no home folder succeeded"
	grep -q 'HOME' "$W/nh.err" || fail "no home: $(cat "$W/nh.err")"
	[ -z "$(ls -A "$W/cwd")" ] || fail "no home: something was made in the current folder: $(ls -A "$W/cwd")"
	ok
fi
(cd "$W" && env -u HOME -u XDG_DATA_HOME "$BACKCARE" diary list >/dev/null 2>&1)
[ ! -e "$W/.local" ] || fail "no HOME: a diary folder was made under the current folder"
echo "test_diary_promises.sh: $checks checks"
