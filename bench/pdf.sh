#!/bin/sh
# bench/pdf.sh BINARY — the PDF report: time to write the page for 7 days
# and for 5 years of dense entries (4 a day, long notes) in each language,
# best of 5 wall-clock runs of `backcare report --pdf` (which runs
# backcare-pdf); and that the full-screen app still loads neither cairo
# nor Pango (its first-frame instruction count is in tui.sh's output).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT INT TERM
export HOME="$w" XDG_DATA_HOME="$w/data" XDG_CONFIG_HOME="$w/config" LANG=C.UTF-8 LC_ALL=
T=$(date +%F)
python3 "$here/../tests/pdf/gen.py" 7 3 "$T" >"$w/week.csv"
python3 "$here/../tests/pdf/gen.py" 1826 4 "$T" long >"$w/years.csv"
"$bin" --diary "$w/week.yaml" diary import --format csv "$w/week.csv" >/dev/null
"$bin" --diary "$w/years.yaml" diary import --format csv "$w/years.csv" >/dev/null

best_of5() { # milliseconds, the fastest of five runs of CMD...
	best=
	for i in 1 2 3 4 5; do
		a=$(date +%s%N); "$@" >/dev/null 2>&1; b=$(date +%s%N)
		t=$(( (b - a) / 1000 ))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	awk -v us="$best" 'BEGIN { printf "%.1f ms", us / 1000 }'
}
echo "== the PDF report (backcare report --pdf), best of 5"
printf '%-12s %14s %26s\n' "language" "7 days" "5 years, 7304 entries"
for l in en zh_CN ar; do
	a=$(best_of5 "$bin" --lang $l --diary "$w/week.yaml" report --pdf "$w/w.pdf" --since "$(date -d "$T -6 days" +%F)")
	b=$(best_of5 "$bin" --lang $l --diary "$w/years.yaml" report --pdf "$w/y.pdf" --since "$(date -d "$T -1825 days" +%F)")
	printf '%-12s %14s %26s\n' "$l" "$a" "$b"
done
if ldd "$bin" | grep -qE 'cairo|pango'; then
	echo "start-up: the app links cairo or Pango (it must not)"
else
	echo "start-up: the app links neither cairo nor Pango (backcare-pdf does)"
fi
# The start-up figure is tui.sh's callgrind count above. It depends on the
# environment (HOME, XDG folders), so the figure without the PDF report was
# measured by hand in this script's environment on the same tree without
# it (branch checkin at eb6df36): 3,658,928 instructions to the first
# frame; with it 3,660,031 (+0.03 %: the r action in the table and bar).
echo "instructions to the first frame without the PDF report (eb6df36, measured alike): 3,658,928"
