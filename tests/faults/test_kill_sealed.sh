# test_kill_sealed.sh — the kill -9 torture of test_kill.sh on an encrypted
# diary: one app instance (the torture driver with $TORTURE_PASS) adds,
# updates and deletes, each call re-sealing the whole file, and is killed
# at random moments; then `diary import` (the CLI's rewrite) is. After
# every kill the diary decrypts and loads with no warning at all (a sealed
# file is never appended to, so there is no torn record), every
# acknowledged call is there, the file is still sealed with no plaintext
# in it, and the next write removes any temporary file a kill left.
. "$SRCDIR/tests/faults/lib.sh"
D="$TESTTMP/k/diary.yaml"
P="$TESTTMP/pass"
trials=${KILL_TRIALS:-150}
imports=${KILL_IMPORTS:-40}
export TORTURE_PASS="torture passphrase"
printf '%s\n' "$TORTURE_PASS" >"$P"
bcs() { "$BACKCARE" --passphrase-file "$P" --diary "$D" "$@"; }

# sealed_entries — like entries (lib.sh), through the passphrase; a load
# must say nothing at all on stderr.
sealed_entries() {
	bcs diary export --format csv >"$TESTTMP/export.csv" 2>"$TESTTMP/export.err" ||
		fail "the encrypted diary does not load: $(cat "$TESTTMP/export.err")"
	[ -s "$TESTTMP/export.err" ] && fail "loading the encrypted diary: $(cat "$TESTTMP/export.err")"
	tr -d '\r' <"$TESTTMP/export.csv" | awk -F, 'NR > 1 { print $1, $3 }' | sort >"$TESTTMP/entries"
	ok
}
still_sealed() {
	[ "$(head -c 7 "$D" | tail -c 6)" = BCSEAL ] || fail "$1: the diary is no longer encrypted"
	grep -q 'seed entry\|entries:' "$D" && fail "$1: plaintext in the encrypted diary"
	ok
}

seed_csv "$TESTTMP/seed.csv" 300
expect_status 0 "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/seed.csv"
"$TORTURE" "$D" seal >"$TESTTMP/out" 2>&1 || fail "sealing: $(cat "$TESTTMP/out")"
contains "$(cat "$TESTTMP/out")" "SEALED 300"
still_sealed "after sealing"
sealed_entries
cp "$TESTTMP/entries" "$TESTTMP/state"

cat >"$TESTTMP/verify.awk" <<'EOF'
FILENAME == ARGV[1] { want[$1] = $2; nprev++; next }
FILENAME == ARGV[2] {
	if ($1 == "OPEN") { if ($2 != nprev) print "the driver loaded " $2 " entries, the diary had " nprev; next }
	if ($1 == "TRY") { pend = $2; pid = $3; ppain = $4; next }
	if ($1 == "ADD" && NF == 3) { want[$2] = $3; adds++; pend = ""; next }
	if ($1 == "UPD" && NF == 3) { want[$2] = $3; upds++; pend = ""; next }
	if ($1 == "DEL" && NF == 2) { delete want[$2]; dels++; pend = ""; next }
	if ($1 == "ERR") { print "a call failed: " $0; pend = ""; next }
	next
}
FNR > 1 { split($0, f, ","); sub(/\r$/, "", f[3]); act[f[1]] = f[3]; print f[1], f[3] > out }
END {
	applied = 0
	for (id in want) {
		if (id in act) {
			if (act[id] == want[id]) continue
			if (pend == "UPD" && id == pid && act[id] == ppain) { applied = 1; continue }
			print "entry " id " has pain " act[id] ", acknowledged " want[id]; bad++
		} else if (pend == "DEL" && id == pid) {
			applied = 1
		} else {
			print "LOST: entry " id " (pain " want[id] ") is missing"; bad++; lost++
		}
	}
	extra = 0
	for (id in act)
		if (!(id in want)) {
			if (pend == "ADD" && act[id] == ppain && !extra++) { applied = 1; continue }
			print "entry " id " (pain " act[id] ") was never acknowledged"; bad++
		}
	print adds + 0, upds + 0, dels + 0, applied, lost + 0 > counts
	close(out)
	exit bad > 0
}
EOF

mkdir "$TESTTMP/cal"
cp "$D" "$TESTTMP/cal/diary.yaml"
t0=$(date +%s%N)
"$TORTURE" "$TESTTMP/cal/diary.yaml" loop 1 5 >/dev/null 2>&1
ms=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TESTTMP/cal"
awk -v n="$trials" -v ms="$ms" -v seed="$(date +%s%N)" 'BEGIN { srand(seed % 2147483647)
	for (i = 0; i < n; i++) printf "%d %.3f\n", int(rand() * 2147483647), 0.001 + rand() * (0.040 + ms / 1000) }' \
	>"$TESTTMP/delays"
adds=0 upds=0 dels=0 inflight=0 lost=0 withtmp=0 i=0
cur="$TESTTMP/state" nxt="$TESTTMP/state2"
while read -r seed delay; do
	: >"$TESTTMP/acks"
	"$TORTURE" "$D" loop "$seed" >"$TESTTMP/acks" 2>"$TESTTMP/torture.err" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for f in "$TESTTMP"/k/.diary.yaml.tmp-*; do
		[ -e "$f" ] && withtmp=$((withtmp + 1))
		break
	done
	still_sealed "trial $i"
	bcs diary export --format csv >"$TESTTMP/export.csv" 2>"$TESTTMP/export.err" ||
		fail "trial $i: the encrypted diary does not load: $(cat "$TESTTMP/export.err")"
	[ -s "$TESTTMP/export.err" ] && fail "trial $i: loading: $(cat "$TESTTMP/export.err")"
	if ! awk -v out="$nxt" -v counts="$TESTTMP/counts" -f "$TESTTMP/verify.awk" \
		"$cur" "$TESTTMP/acks" "$TESTTMP/export.csv" >"$TESTTMP/diff"; then
		read -r a u d f l <"$TESTTMP/counts"
		echo "trial $i (seed $seed, kill after ${delay}s): $l lost"
		cat "$TESTTMP/diff"
		echo "driver output:"; tail -5 "$TESTTMP/acks"; cat "$TESTTMP/torture.err"
		fail "the encrypted diary does not hold what was acknowledged"
	fi
	ok
	read -r a u d f l <"$TESTTMP/counts"
	adds=$((adds + a)) upds=$((upds + u)) dels=$((dels + d)) inflight=$((inflight + f)) lost=$((lost + l))
	t=$cur cur=$nxt nxt=$t
	i=$((i + 1))
done <"$TESTTMP/delays"
[ $((adds + upds + dels)) -ge $((trials / 2)) ] ||
	fail "only $((adds + upds + dels)) calls acknowledged in $trials trials: the kills come too early"

# The next write removes what the kills left.
[ -n "$(tmp_files "$(dirname "$D")")" ] || echo "left by a kill" >"$(dirname "$D")/.diary.yaml.tmp-AbC123"
expect_status 0 bcs diary add --pain 2 --note "after the kills"
[ -z "$(tmp_files "$(dirname "$D")")" ] || fail "temporary files left after the next write: $(tmp_files "$(dirname "$D")")"
still_sealed "after the kills"

# kill -9 during `diary import` on the encrypted diary: the old or the
# new diary, sealed, never less.
mkdir "$TESTTMP/cal"
cp "$D" "$TESTTMP/cal/diary.yaml"
seed_csv "$TESTTMP/more.csv" 3 900
t0=$(date +%s%N)
"$BACKCARE" --passphrase-file "$P" --diary "$TESTTMP/cal/diary.yaml" diary import --format csv "$TESTTMP/more.csv" >/dev/null 2>&1
ims=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TESTTMP/cal"
awk -v n="$imports" -v ms="$ims" -v seed="$(date +%s%N)" 'BEGIN { srand(seed % 2147483647)
	for (i = 0; i < n; i++) printf "%.3f\n", 0.001 + rand() * (ms * 1.3 + 5) / 1000 }' >"$TESTTMP/delays"
imported=0 k=0
sealed_entries
cp "$TESTTMP/entries" "$TESTTMP/state"
while read -r delay; do
	seed_csv "$TESTTMP/more.csv" 3 $((1000 + k * 3))
	: >"$TESTTMP/out"
	"$BACKCARE" --passphrase-file "$P" --diary "$D" diary import --format csv "$TESTTMP/more.csv" >"$TESTTMP/out" 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	still_sealed "import $k"
	sealed_entries
	comm -23 "$TESTTMP/state" "$TESTTMP/entries" >"$TESTTMP/gone"
	[ -s "$TESTTMP/gone" ] && fail "import killed after ${delay}s lost: $(cat "$TESTTMP/gone")"
	new=$(($(wc -l <"$TESTTMP/entries") - $(wc -l <"$TESTTMP/state")))
	[ "$new" = 0 ] || [ "$new" = 3 ] || fail "import killed after ${delay}s left $new of 3 new entries"
	if grep -q 'Imported 3 entries' "$TESTTMP/out"; then
		imported=$((imported + 1))
		[ "$new" = 3 ] || fail "import (killed after ${delay}s) said: $(cat "$TESTTMP/out"); $new new entries are there"
	fi
	cp "$TESTTMP/entries" "$TESTTMP/state"
	k=$((k + 1))
done <"$TESTTMP/delays"
ok

echo "  encrypted diary, kill -9 during add/update/delete: $trials trials (kills 1 to $((ms + 40)) ms after the start); acknowledged $adds adds, $upds updates, $dels deletes; lost $lost; a temporary file was there after $withtmp kills"
echo "  encrypted diary, kill -9 during diary import: $imports trials, $imported completed imports; nothing lost, never half an import, always sealed"
echo "test_kill_sealed.sh: $checks checks"
