# test_diary_kill.sh — `diary add` killed with SIGKILL at random moments:
# every add that said it succeeded is in the diary, and the diary still
# loads (at most a warning about a torn last record, which the next add
# repairs).
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/k/diary.yaml"
bc() { "$BACKCARE" --diary "$D" "$@"; }
trials=${KILL_TRIALS:-100}

# Start with a diary past the size where `add` reads only its head and tail.
i=0
{
	echo "time,pain,note"
	while [ $i -lt 600 ]; do
		echo "2025-01-01T08:00:00+01:00,$((i % 11)),filler $i for a diary of some size"
		i=$((i + 1))
	done
} >"$TESTTMP/seed.csv"
expect_status 0 bc diary import --format csv "$TESTTMP/seed.csv"

# The kill comes after a busy wait of a random length (one awk call draws
# them all, seeded from the clock): from at once to about as long as an add
# takes, so kills land before, during and after the write. A busy wait,
# because starting sleep(1) takes longer than an add on some machines.
awk -v n="$trials" -v seed="$(date +%s%N)" \
	'BEGIN { srand(seed % 2147483647); for (i = 0; i < n; i++) printf "%d\n", rand() * 15000 }' \
	>"$TESTTMP/delays"
spin() { j=0; while [ $j -lt "$1" ]; do j=$((j + 1)); done; }
mkdir "$TESTTMP/runs"
i=0
while read -r delay; do
	# The binary itself, not the bc function: a function in the background
	# runs in a subshell, and $! would be the subshell's pid.
	"$BACKCARE" --diary "$D" diary add --pain $((i % 11)) --note "kill trial $i" \
		>"$TESTTMP/runs/out.$i" 2>"$TESTTMP/runs/err.$i" &
	pid=$!
	spin "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	i=$((i + 1))
done <"$TESTTMP/delays"

# The diary loads: no error, at most a torn-record warning.
expect_status 0 bc diary export --format csv
printf '%s\n' "$err" | grep -v '^$' | grep -v '^warning: ' >"$TESTTMP/errors" && \
	fail "loading after the kills: $(cat "$TESTTMP/errors")"
ok
printf '%s\n' "$out" >"$TESTTMP/all.csv"

# Every add that printed its success line is there.
succeeded=0
for f in "$TESTTMP"/runs/out.*; do
	id=$(sed -n 's/^Added entry \([^:]*\):.*/\1/p' "$f")
	[ -n "$id" ] || continue
	succeeded=$((succeeded + 1))
	grep -q "^$id," "$TESTTMP/all.csv" || fail "entry $id was reported added but is missing"
done
ok

# The next add repairs whatever a kill left; afterwards no warning at all.
expect_status 0 bc diary add --pain 1 --note "after the storm"
expect_status 0 bc diary list
[ -z "$err" ] || fail "warnings after the repair: $err"
ls -a "$(dirname "$D")" | grep -q '\.tmp-' && fail "a temporary file was left behind"
ok
total=$(($(wc -l <"$TESTTMP/all.csv") - 1))
echo "test_diary_kill.sh: $trials trials, $succeeded adds completed, $((total - 600)) entries added; $checks checks"
