# test_kill.sh — kill -9 at random moments while one app instance (the
# torture driver: diary_add, diary_update, diary_delete in a loop) and
# while `diary import` (a whole-file rewrite) write. After every kill the
# diary loads (a torn last record is only a warning), every acknowledged
# add is there unless acknowledged deleted, every acknowledged update's
# value is there unless a later acknowledgement changed it; the one call
# in flight at the kill may have happened or not, nothing else may differ.
# Then the next write leaves no temporary file behind.
. "$SRCDIR/tests/faults/lib.sh"
D="$TESTTMP/k/diary.yaml"
trials=${KILL_TRIALS:-1000}
imports=${KILL_IMPORTS:-60}

seed_csv "$TESTTMP/seed.csv" 300
expect_status 0 "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/seed.csv"
entries "$D"
cp "$TESTTMP/entries" "$TESTTMP/state"

# verify.awk STATE ACKS EXPORT.CSV — checks the diary's export against the
# state before the trial and the driver's acknowledgements: prints every
# difference (and exits 1 if there is one), writes the diary's "ID PAIN"
# lines to the file named by -v out=, and "ADDS UPDS DELS APPLIED LOST"
# (the acknowledged calls, whether the call in flight had happened, the
# entries lost) to the file named by -v counts=.
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

# How long the driver takes to start, open this diary and make 5 calls
# (on a copy): a sanitizer build or a busy machine is slower, and the
# kills must still land among the calls.
mkdir "$TESTTMP/cal"
cp "$D" "$TESTTMP/cal/diary.yaml"
t0=$(date +%s%N)
"$TORTURE" "$TESTTMP/cal/diary.yaml" loop 1 5 >/dev/null 2>&1
ms=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TESTTMP/cal"
# One awk draws every delay (seeded from the clock), from 1 ms to that
# time and 40 ms more: kills land before the diary is open, in the middle
# of writes and fsyncs, between calls. The loop starts few processes: it
# is most of the time of the whole suite.
awk -v n="$trials" -v ms="$ms" -v seed="$(date +%s%N)" 'BEGIN { srand(seed % 2147483647)
	for (i = 0; i < n; i++) printf "%d %.3f\n", int(rand() * 2147483647), 0.001 + rand() * (0.040 + ms / 1000) }' \
	>"$TESTTMP/delays"
adds=0 upds=0 dels=0 inflight=0 torn=0 lost=0 withtmp=0 i=0
cur="$TESTTMP/state" nxt="$TESTTMP/state2"
while read -r seed delay; do
	# Emptied first: a kill that lands before the background shell has
	# made its redirections must not leave the last trial's output here.
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
	"$BACKCARE" --diary "$D" diary export --format csv >"$TESTTMP/export.csv" 2>"$TESTTMP/export.err" ||
		fail "trial $i: the diary does not load: $(cat "$TESTTMP/export.err")"
	if [ -s "$TESTTMP/export.err" ]; then
		grep -v '^warning: ' "$TESTTMP/export.err" | grep -q . &&
			fail "trial $i: loading: $(cat "$TESTTMP/export.err")"
		grep -q 'was being saved' "$TESTTMP/export.err" && torn=$((torn + 1))
	fi
	if ! awk -v out="$nxt" -v counts="$TESTTMP/counts" -f "$TESTTMP/verify.awk" \
		"$cur" "$TESTTMP/acks" "$TESTTMP/export.csv" >"$TESTTMP/diff"; then
		read -r a u d f l <"$TESTTMP/counts"
		echo "trial $i (seed $seed, kill after ${delay}s): $l lost"
		cat "$TESTTMP/diff"
		echo "driver output:"; tail -5 "$TESTTMP/acks"; cat "$TESTTMP/torture.err"
		fail "the diary does not hold what was acknowledged"
	fi
	ok
	read -r a u d f l <"$TESTTMP/counts"
	adds=$((adds + a)) upds=$((upds + u)) dels=$((dels + d)) inflight=$((inflight + f)) lost=$((lost + l))
	t=$cur cur=$nxt nxt=$t
	i=$((i + 1))
done <"$TESTTMP/delays"
sort -o "$TESTTMP/state" "$cur"
# Not a test if the kills all came before the first call.
[ $((adds + upds + dels)) -ge $((trials / 2)) ] ||
	fail "only $((adds + upds + dels)) calls acknowledged in $trials trials: the kills come too early"

# The next write, even an append, removes what the kills left (a stale
# temporary file is made here if the kills left none).
[ -n "$(tmp_files "$(dirname "$D")")" ] || echo "left by a kill" >"$(dirname "$D")/.diary.yaml.tmp-AbC123"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 2 --note "after the kills"
[ -z "$(tmp_files "$(dirname "$D")")" ] || fail "temporary files left after the next write: $(tmp_files "$(dirname "$D")")"
id=$(head -n 1 "$TESTTMP/state" | cut -d' ' -f1)
printf 'upd %s 7\n' "$id" | "$TORTURE" "$D" script >"$TESTTMP/out" 2>"$TESTTMP/err"
contains "$(cat "$TESTTMP/out")" "UPD $id 7"
[ -z "$(tmp_files "$(dirname "$D")")" ] || fail "temporary files left after a rewrite: $(tmp_files "$(dirname "$D")")"
ok
expect_status 0 "$BACKCARE" --diary "$D" diary list
[ -z "$err" ] || fail "warnings after the repair: $err"

# The same cut without the appender's marker line is what a hand edit
# leaves: an error at its own line and column, and nothing is written.
entries "$D"
n0=$(wc -l <"$TESTTMP/entries")
cp "$D" "$TESTTMP/before-cut"
printf -- '- time: 2026-01-01T10:00:00+01:00\n  pain: 4\n  note: "cut sh' >>"$D"
cp "$D" "$TESTTMP/cut"
printf 'add 3 after a cut\n' | "$TORTURE" "$D" script >"$TESTTMP/out" 2>"$TESTTMP/err"
contains "$(cat "$TESTTMP/out")" "ERR open"
contains "$(cat "$TESTTMP/err")" "diary.yaml:$(($(wc -l <"$TESTTMP/before-cut") + 3)):"
cmp -s "$D" "$TESTTMP/cut" || fail "a diary with a hand-cut last entry was written to"
expect_status 1 "$BACKCARE" --diary "$D" diary add --pain 2
cmp -s "$D" "$TESTTMP/cut" || fail "diary add wrote to a diary with a hand-cut last entry"
cp "$TESTTMP/before-cut" "$D"
ok

# An append cut short mid-record (what a power cut can leave; a kill -9
# rarely does, the record being one write): the marker line the appender
# writes first says "open" and announces more bytes than follow. The app
# opens with a warning, keeps every whole entry, and its next write sets
# the torn bytes aside beside the diary and repairs the file.
printf -- '#~ add 90 cut-1 open\n- time: 2026-01-01T10:00:00+01:00\n  pain: 4\n  note: "cut sh' >>"$D"
printf 'add 3 after a cut\n' | "$TORTURE" "$D" script >"$TESTTMP/out" 2>"$TESTTMP/err"
contains "$(cat "$TESTTMP/out")" "OPEN $n0"
contains "$(cat "$TESTTMP/out")" "ADD "
contains "$(cat "$TESTTMP/err")" "was being saved"
ls "$(dirname "$D")" | grep -q '^diary\.yaml\.torn-' || fail "the torn bytes were not kept"
expect_status 0 "$BACKCARE" --diary "$D" diary list
[ -z "$err" ] || fail "warnings after the repair of a torn tail: $err"
[ "$(printf '%s\n' "$out" | wc -l)" = $((n0 + 1)) ] || fail "expected $((n0 + 1)) entries after the repair"

# kill -9 during `diary import` (the CLI's whole-file rewrite): the diary
# is the old one or the new one, never less. Kills from 1 ms to a little
# more than an import takes here (timed on a copy).
mkdir "$TESTTMP/cal"
cp "$D" "$TESTTMP/cal/diary.yaml"
seed_csv "$TESTTMP/more.csv" 3 900
t0=$(date +%s%N)
"$BACKCARE" --diary "$TESTTMP/cal/diary.yaml" diary import --format csv "$TESTTMP/more.csv" >/dev/null 2>&1
ims=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TESTTMP/cal"
awk -v n="$imports" -v ms="$ims" -v seed="$(date +%s%N)" 'BEGIN { srand(seed % 2147483647)
	for (i = 0; i < n; i++) printf "%.3f\n", 0.001 + rand() * (ms * 1.3 + 5) / 1000 }' >"$TESTTMP/delays"
imported=0 k=0
entries "$D"
cp "$TESTTMP/entries" "$TESTTMP/state"
while read -r delay; do
	seed_csv "$TESTTMP/more.csv" 3 $((1000 + k * 3))
	: >"$TESTTMP/out"
	"$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/more.csv" >"$TESTTMP/out" 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	entries "$D"
	# everything that was there still is, with the same value
	comm -23 "$TESTTMP/state" "$TESTTMP/entries" >"$TESTTMP/gone"
	[ -s "$TESTTMP/gone" ] && fail "import killed after ${delay}s lost: $(cat "$TESTTMP/gone")"
	new=$(($(wc -l <"$TESTTMP/entries") - $(wc -l <"$TESTTMP/state")))
	[ "$new" = 0 ] || [ "$new" = 3 ] || fail "import killed after ${delay}s left $new of 3 new entries"
	if grep -q 'Imported 3 entries' "$TESTTMP/out"; then
		imported=$((imported + 1))
		[ "$new" = 3 ] || fail "import (killed after ${delay}s) said: $(cat "$TESTTMP/out"); $new new entries are there: $(comm -13 "$TESTTMP/state" "$TESTTMP/entries")"
	fi
	cp "$TESTTMP/entries" "$TESTTMP/state"
	k=$((k + 1))
done <"$TESTTMP/delays"
ok

echo "  kill -9 during add/update/delete: $trials trials (kills 1 to $((ms + 40)) ms after the start); acknowledged $adds adds, $upds updates, $dels deletes; lost $lost"
echo "  the call in flight at the kill had already happened in $inflight trials; $torn loads set a torn record aside; a temporary file was there after $withtmp kills (each removed by the next write)"
echo "  the same cut without the appender's marker (a hand edit): an error at its line, nothing written"
echo "  an append cut short (marker open, fewer bytes than announced): loaded with a warning, the torn bytes kept in diary.yaml.torn-* by the next write, which repairs the file"
echo "  kill -9 during diary import: $imports trials (kills 1 to $((ims * 13 / 10 + 5)) ms after the start), $imported completed imports; nothing lost, never half an import"
echo "test_kill.sh: $checks checks"
