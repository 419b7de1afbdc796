# test_limits.sh — saving past a file-size limit (ulimit -f; SIGXFSZ is
# ignored, so the write fails with EFBIG) and onto a full disk (a small
# tmpfs, when mount is permitted): every failed save exits 1 with a clear
# error naming the diary, and leaves the diary byte for byte as it was,
# with no temporary file behind.
. "$SRCDIR/tests/faults/lib.sh"
D="$TESTTMP/l/diary.yaml"
bc() { "$BACKCARE" --diary "$D" "$@"; }
long=$(awk 'BEGIN { for (i = 0; i < 380; i++) printf "long note "; }') # 3800 bytes

# limited BLOCKS CMD... — runs CMD with a file-size limit of BLOCKS * 512
# bytes (dash counts in 512-byte blocks), stdout in $out, stderr in $err,
# status in $rc. The shell itself ignores SIGXFSZ too, so the limit can
# only ever fail writes.
limited() {
	blocks=$1; shift
	(trap '' XFSZ; ulimit -f "$blocks" && exec "$@") >"$TESTTMP/out" 2>"$TESTTMP/err"
	rc=$?
	out=$(cat "$TESTTMP/out"); err=$(cat "$TESTTMP/err")
}
# unchanged — the diary is the saved copy, byte for byte; nothing left over
unchanged() {
	cmp -s "$D" "$TESTTMP/before" || fail "$1: the diary changed"
	[ -z "$(tmp_files "$(dirname "$D")")" ] || fail "$1: temporary file left: $(tmp_files "$(dirname "$D")")"
	ok
}
# refused WHAT WORDS — exit 1 and an error naming the diary and the reason
refused() {
	[ "$rc" = 1 ] || fail "$1: exit status $rc, expected 1; stderr: $err"
	contains "$err" "$D"
	contains "$err" "$2"
}
blocks_of() { echo $((($(wc -c <"$1") + 511) / 512)); }

# --- a diary past 64 KiB (`diary add` appends without reading it all) ----
seed_csv "$TESTTMP/seed.csv" 700
expect_status 0 bc diary import --format csv "$TESTTMP/seed.csv"
size=$(wc -c <"$D")
[ "$size" -gt 65536 ] || fail "the seed diary is only $size bytes"
cp "$D" "$TESTTMP/before"
n=$(blocks_of "$D")

# The file is already past the limit: the append cannot start.
limited $((n / 2)) "$BACKCARE" --diary "$D" diary add --pain 4 --note "past the limit"
refused "add past the limit" "File too large"
unchanged "add past the limit"
# The limit falls inside the new record: part of it is written, then the
# write fails; the part must be taken back.
limited "$n" "$BACKCARE" --diary "$D" diary add --pain 4 --note "$long"
refused "add across the limit" "File too large"
unchanged "add across the limit"
# A rewrite (import) past the limit: the temporary file fails, the diary
# stays.
seed_csv "$TESTTMP/more.csv" 5 5000
limited $((n / 2)) "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/more.csv"
refused "import past the limit" "File too large"
unchanged "import past the limit"
limited "$n" "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/more.csv"
refused "import across the limit" "File too large"
unchanged "import across the limit"
# The app's update and delete (rewrites) and add, through the model.
limited $((n / 2)) sh -c "printf 'upd s-1 9\ndel s-2\nadd 3 %s\n' '$long' | '$TORTURE' '$D' script"
[ "$(grep -c '^ERR .*File too large' "$TESTTMP/out")" = 3 ] ||
	fail "update, delete and add under the limit: $out $err"
contains "$err" "$D"
unchanged "update, delete and add under the limit"
# Loading is not affected by the limit, and without it all works again.
(trap '' XFSZ; ulimit -f $((n / 2)) && exec "$BACKCARE" --diary "$D" diary list) 2>"$TESTTMP/err" |
	wc -l >"$TESTTMP/out"
[ -s "$TESTTMP/err" ] && fail "diary list under a file-size limit: $(cat "$TESTTMP/err")"
[ "$(cat "$TESTTMP/out")" = 700 ] || fail "diary list under a file-size limit: $(cat "$TESTTMP/out") lines"
ok
expect_status 0 bc diary add --pain 4 --note "$long"
expect_status 0 bc diary import --format csv "$TESTTMP/more.csv"
contains "$out" "Imported 5 entries"
entries "$D"
[ "$(wc -l <"$TESTTMP/entries")" = 706 ] || fail "expected 706 entries"
echo "  ulimit -f: add (append) and import, update, delete (rewrites) past and across the limit: exit 1, 'File too large', diary unchanged"

# --- a small diary (loaded whole, then appended to) ----------------------
D="$TESTTMP/s/diary.yaml"
seed_csv "$TESTTMP/small.csv" 20
expect_status 0 bc diary import --format csv "$TESTTMP/small.csv"
cp "$D" "$TESTTMP/before"
limited "$(blocks_of "$D")" "$BACKCARE" --diary "$D" diary add --pain 2 --note "$long"
refused "add to a small diary across the limit" "File too large"
unchanged "add to a small diary across the limit"
# An export to a file past the limit: an error, the old export kept.
echo "old export" >"$TESTTMP/export.csv"
limited 1 "$BACKCARE" --diary "$D" diary export --format csv --output "$TESTTMP/export.csv"
[ "$rc" = 1 ] || fail "export past the limit exited $rc"
contains "$err" "File too large"
[ "$(cat "$TESTTMP/export.csv")" = "old export" ] || fail "the old export was overwritten"
[ -z "$(tmp_files "$TESTTMP")" ] || fail "export left a temporary file"
ok

# An endless import (/dev/zero): refused once past any real export's size,
# instead of eating all memory.
expect_status 1 timeout 60 "$BACKCARE" --diary "$D" diary import --format csv /dev/zero
contains "$err" "cannot read /dev/zero: File too large"
echo "  export past the limit: exit 1, the old export kept; import of /dev/zero: 'File too large', not all memory"

# --- a full disk -----------------------------------------------------------
M="$TESTTMP/full"
mkdir -p "$M"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k,mode=0700 backcare-faults "$M" 2>"$TESTTMP/mount.err"; then
	trap 'umount "$M" 2>/dev/null' EXIT
	D="$M/diary.yaml"
	seed_csv "$TESTTMP/seed.csv" 700
	expect_status 0 bc diary import --format csv "$TESTTMP/seed.csv"
	dd if=/dev/zero of="$M/filler" bs=4096 2>/dev/null
	cp "$D" "$TESTTMP/before"
	# The record is longer than the slack in the diary's last page.
	limited 100000 "$BACKCARE" --diary "$D" diary add --pain 4 --note "$long"
	refused "add on a full disk" "No space left on device"
	unchanged "add on a full disk"
	limited 100000 "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/more.csv"
	refused "import on a full disk" "No space left on device"
	unchanged "import on a full disk"
	# An export onto the full disk names the file and the real reason.
	echo "old export" >"$M/export.csv" 2>/dev/null
	limited 100000 "$BACKCARE" --diary "$D" diary export --format csv --output "$M/export.csv"
	[ "$rc" = 1 ] || fail "export on a full disk exited $rc"
	contains "$err" "$M/export.csv: No space left on device"
	not_contains "$err" "Input/output error"
	unchanged "export on a full disk"
	limited 100000 sh -c "printf 'upd s-1 9\ndel s-2\nadd 3 %s\n' '$long' | '$TORTURE' '$D' script"
	[ "$(grep -c '^ERR .*No space left' "$TESTTMP/out")" = 3 ] ||
		fail "update, delete and add on a full disk: $out $err"
	unchanged "update, delete and add on a full disk"
	expect_status 0 bc diary list
	rm "$M/filler"
	expect_status 0 bc diary add --pain 4 --note "$long"
	expect_status 0 bc diary import --format csv "$TESTTMP/more.csv"
	entries "$D"
	[ "$(wc -l <"$TESTTMP/entries")" = 706 ] || fail "expected 706 entries after the disk was freed"
	umount "$M" && trap - EXIT
	echo "  full disk (256 KiB tmpfs): add, import, update, delete, export: exit 1, 'No space left on device', diary unchanged; fine once freed"
else
	echo "  full disk: SKIPPED, cannot mount a tmpfs here (needs root; $(cat "$TESTTMP/mount.err" 2>/dev/null))"
fi
# --- a torn diary on a read-only file system (issue 10, item 7) ---------
# An append cut short leaves a torn record; the folder is then read-only:
# the diary can still be listed and exported (loading writes nothing);
# a write is refused, naming why, and nothing changes.
R="$TESTTMP/ro"
mkdir -p "$R"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m,mode=0700 backcare-ro "$R" 2>"$TESTTMP/mount.err"; then
	trap 'umount "$R" 2>/dev/null' EXIT
	D="$R/diary.yaml"
	seed_csv "$TESTTMP/ro.csv" 5
	expect_status 0 bc diary import --format csv "$TESTTMP/ro.csv"
	expect_status 0 bc diary add --pain 3
	printf -- '#~ add 90 cut-2 open\n- time: 2026-01-01T10:00:00+01:00\n  pain: 4\n  note: "cut sh' >>"$D"
	mount -o remount,ro "$R" || fail "cannot remount read-only"
	cp "$D" "$TESTTMP/before"
	expect_status 0 bc diary list
	[ "$(printf '%s\n' "$out" | wc -l)" = 6 ] || fail "a torn diary on a read-only disk lists $(printf '%s\n' "$out" | wc -l) entries"
	contains "$err" "was being saved"
	expect_status 0 bc diary export --format csv
	expect_status 1 bc diary add --pain 5
	contains "$err" "Read-only file system"
	cmp -s "$D" "$TESTTMP/before" || fail "the diary changed on a read-only disk"
	umount "$R" && trap - EXIT
	echo "  a torn diary on a read-only file system: listed and exported with a warning; add refused, nothing changed"
else
	echo "  read-only file system: SKIPPED, cannot mount a tmpfs here"
fi
echo "test_limits.sh: $checks checks"
