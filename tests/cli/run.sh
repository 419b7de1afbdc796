#!/bin/sh
# Runs every tests/cli/test_*.sh against the binary given as $1.
# Each test script gets BACKCARE (absolute path of the binary) and a fresh
# HOME/XDG tree in TMPDIR, sources tests/cli/lib.sh, and exits non-zero on failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
fail=0 n=0
for t in "$here"/test_*.sh; do
	[ -e "$t" ] || continue
	n=$((n + 1))
	tmp=$(mktemp -d)
	if env BACKCARE="$bin" SRCDIR="$(pwd)" TESTTMP="$tmp" HOME="$tmp/home" \
		XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
		LANG=C.UTF-8 LC_ALL= LANGUAGE= COLUMNS=80 NO_COLOR= \
		sh "$t" >"$tmp/log" 2>&1; then
		echo "[  PASSED  ] cli $(basename "$t")"
	else
		echo "[  FAILED  ] cli $(basename "$t")"; sed 's/^/    /' "$tmp/log" | tail -40
		fail=$((fail + 1))
	fi
	rm -rf "$tmp"
done
echo "cli: $n scripts, $fail failed"
[ "$fail" = 0 ]
