#!/bin/sh
# Runs every tests/e2e/test_*.sh: the real binary ($1) in a real terminal
# (tmux). Each script gets BACKCARE, SRCDIR and a private TESTTMP with its
# own HOME, XDG folders and tmux server; it sources tests/e2e/lib.sh.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$(pwd)
fail=0 n=0
only=${E2E_ONLY:-}
for t in "$here"/test_*.sh; do
	[ -e "$t" ] || continue
	case "$(basename "$t")" in *"$only"*) ;; *) continue ;; esac
	n=$((n + 1))
	tmp=$(mktemp -d)
	if env BACKCARE="$bin" SRCDIR="$src" TESTTMP="$tmp" E2E_LIB="$here/lib.sh" \
		sh "$t" >"$tmp/log" 2>&1; then
		echo "[  PASSED  ] e2e $(basename "$t") ($(grep -c '^ok ' "$tmp/log") checks)"
	else
		echo "[  FAILED  ] e2e $(basename "$t")"
		sed 's/^/    /' "$tmp/log" | tail -60
		fail=$((fail + 1))
	fi
	tmux -S "$tmp/tmux.sock" kill-server 2>/dev/null
	rm -rf "$tmp"
done
echo "e2e: $n scripts, $fail failed"
[ "$fail" = 0 ]
