# test_concurrency.sh — writers at once: four CLI writers adding 50 entries
# each in parallel; then two app instances (torture drivers adding,
# updating and deleting their own entries) with a CLI writer and a CLI
# import at the same time. The lock makes them take turns and a writer
# that finds the file changed reloads it first, so afterwards the diary
# holds exactly what every writer was told it saved.
. "$SRCDIR/tests/faults/lib.sh"
D="$TESTTMP/c/diary.yaml"
per=${CONC_ADDS:-50}
ops=${CONC_OPS:-150}

writer() { # writer K N — N adds, their "Added entry" lines in $TESTTMP/w.K
	i=0
	while [ $i -lt "$2" ]; do
		"$BACKCARE" --diary "$D" diary add --pain $((i % 11)) --note "writer $1 entry $i" ||
			echo "FAILED add $i"
		i=$((i + 1))
	done >"$TESTTMP/w.$1" 2>"$TESTTMP/w.$1.err"
}
added_ids() { sed -n 's/^Added entry \([^:]*\):.*/\1/p' "$@"; }

# --- four CLI writers at once ---------------------------------------------
for k in 1 2 3 4; do writer $k "$per" & done
wait
cat "$TESTTMP"/w.*.err >"$TESTTMP/errs"
[ -s "$TESTTMP/errs" ] && fail "a writer failed: $(head -5 "$TESTTMP/errs")"
entries "$D"
[ -s "$TESTTMP/export.err" ] && fail "warnings after parallel adds: $(cat "$TESTTMP/export.err")"
added_ids "$TESTTMP"/w.? | sort >"$TESTTMP/said"
[ "$(wc -l <"$TESTTMP/said")" = $((4 * per)) ] || fail "only $(wc -l <"$TESTTMP/said") adds said they succeeded"
cut -d' ' -f1 "$TESTTMP/entries" >"$TESTTMP/ids"
comm -23 "$TESTTMP/said" "$TESTTMP/ids" >"$TESTTMP/missing"
[ -s "$TESTTMP/missing" ] && fail "added but missing: $(head "$TESTTMP/missing")"
[ "$(wc -l <"$TESTTMP/ids")" = $((4 * per)) ] || fail "$(wc -l <"$TESTTMP/ids") entries, expected $((4 * per))"
[ -z "$(uniq -d "$TESTTMP/ids")" ] || fail "duplicate ids: $(uniq -d "$TESTTMP/ids")"
ok
echo "  4 CLI writers x $per adds at once: all $((4 * per)) entries there, no duplicate, no warning"

# --- two app instances, a CLI writer and an import at once ----------------
rm -f "$TESTTMP"/w.*
seed_csv "$TESTTMP/more.csv" 20 500
"$TORTURE" "$D" loop 11 "$ops" A >"$TESTTMP/a.acks" 2>"$TESTTMP/a.err" &
pa=$!
"$TORTURE" "$D" loop 22 "$ops" B >"$TESTTMP/b.acks" 2>"$TESTTMP/b.err" &
pb=$!
writer 5 "$per" &
pw=$!
"$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/more.csv" >"$TESTTMP/imp" 2>&1 &
pi=$!
wait $pa $pb $pw $pi
grep -h '^ERR' "$TESTTMP/a.acks" "$TESTTMP/b.acks" >"$TESTTMP/errs"
[ -s "$TESTTMP/errs" ] && fail "an app instance failed: $(head -5 "$TESTTMP/errs"; cat "$TESTTMP/a.err" "$TESTTMP/b.err")"
[ -s "$TESTTMP/w.5.err" ] && fail "the CLI writer failed: $(head -5 "$TESTTMP/w.5.err")"
contains "$(cat "$TESTTMP/imp")" "Imported 20 entries"
# What each instance was told, replayed: its entries and their values.
awk '$1 == "ADD" || $1 == "UPD" { v[$2] = $3 } $1 == "DEL" { delete v[$2] }
	END { for (id in v) print id, v[id] }' "$TESTTMP/a.acks" >"$TESTTMP/want"
awk '$1 == "ADD" || $1 == "UPD" { v[$2] = $3 } $1 == "DEL" { delete v[$2] }
	END { for (id in v) print id, v[id] }' "$TESTTMP/b.acks" >>"$TESTTMP/want"
added_ids "$TESTTMP/w.5" | sed 's/$/ ?/' >>"$TESTTMP/want"
sed -n 's/^\(s-[0-9]*\),[^,]*,\([0-9]*\),.*/\1 \2/p' "$TESTTMP/more.csv" >>"$TESTTMP/want"
sed 's/$/ ?/' "$TESTTMP/said" >>"$TESTTMP/want" # the first round
sort -o "$TESTTMP/want" "$TESTTMP/want"
entries "$D"
[ -s "$TESTTMP/export.err" ] && fail "warnings: $(cat "$TESTTMP/export.err")"
# Values of CLI adds ("?") are not tracked: compare ids for those.
awk 'NR == FNR { w[$1] = $2; next }
	{ if (!($1 in w)) print "unexpected entry " $0; else if (w[$1] != "?" && w[$1] != $2) print "entry " $1 " is " $2 ", acknowledged " w[$1]; delete w[$1] }
	END { for (id in w) print "LOST " id }' "$TESTTMP/want" "$TESTTMP/entries" >"$TESTTMP/diff"
[ -s "$TESTTMP/diff" ] && fail "$(head -20 "$TESTTMP/diff")"
ok
a=$(grep -c -e '^ADD' -e '^UPD' -e '^DEL' "$TESTTMP/a.acks")
b=$(grep -c -e '^ADD' -e '^UPD' -e '^DEL' "$TESTTMP/b.acks")
echo "  2 app instances ($a and $b acknowledged adds/updates/deletes) + a CLI writer ($per adds) + an import (20) at once: the diary is exactly what they were told, $(wc -l <"$TESTTMP/entries") entries"
echo "test_concurrency.sh: $checks checks"
