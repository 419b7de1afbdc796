#!/bin/sh
# Runs every tests/e2e/test_*.sh: the real binary ($1) in a real terminal
# (tmux). Each script gets BACKCARE, SRCDIR and a private TESTTMP with its
# own HOME, XDG folders and tmux server; it sources tests/e2e/lib.sh.
#
# E2E_ONLY=WORD runs only the scripts whose name contains WORD (several
# words separated by spaces: any of them).
#
# BACKCARE_ASAN=1 (make e2e-asan, with the ASan+UBSan build): lib.sh makes
# the app and the scripts' CLI calls log sanitizer reports to
# $TESTTMP/asan.PID / ubsan.PID (leaks included: LeakSanitizer at exit);
# a script whose run left any report fails, and the report is printed.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
src=$(pwd)
fail=0 n=0
only=${E2E_ONLY:-}

selected() {
	[ -z "$only" ] && return 0
	for w in $only; do
		case "$1" in *"$w"*) return 0 ;; esac
	done
	return 1
}

# The apps a script started run with HOME=$1/home (lib.sh's start); after
# the tmux server is gone they get SIGHUP and exit. Wait until they have
# (a leak report is written at exit) - at most 20 s.
wait_apps() {
	i=0
	while [ $i -lt 200 ] &&
		grep -lsxzF "HOME=$1/home" /proc/[0-9]*/environ >/dev/null 2>&1; do
		sleep 0.1
		i=$((i + 1))
	done
}

# A binary built elsewhere than build/ (the ASan build in build/asan/)
# finds neither the catalogs (it looks beside itself) nor ../content the
# way build/backcare does: run a copy laid out like the build tree.
stage=""
bindir=$(dirname "$bin")
if [ ! -d "$bindir/locale" ] && [ -d "$bindir/../locale" ]; then
	stage=$(mktemp -d)
	mkdir "$stage/build"
	cp "$bin" "$stage/build/" &&
		ln -s "$(cd "$bindir/.." && pwd)/locale" "$stage/build/locale" &&
		ln -s "$src/content" "$stage/content" &&
		{ [ ! -x "$bindir/../backcare-pdf" ] ||
			ln -s "$(cd "$bindir/.." && pwd)/backcare-pdf" "$stage/build/backcare-pdf"; } ||
		{ echo "e2e: cannot stage $bin"; exit 1; }
	bin="$stage/build/$(basename "$bin")"
fi

for t in "$here"/test_*.sh; do
	[ -e "$t" ] || continue
	selected "$(basename "$t")" || continue
	n=$((n + 1))
	tmp=$(mktemp -d)
	env BACKCARE="$bin" SRCDIR="$src" TESTTMP="$tmp" E2E_LIB="$here/lib.sh" \
		sh "$t" >"$tmp/log" 2>&1
	rc=$?
	tmux -S "$tmp/tmux.sock" kill-server 2>/dev/null
	if [ "${BACKCARE_ASAN:-}" = 1 ]; then
		wait_apps "$tmp"
		for r in "$tmp"/asan.* "$tmp"/ubsan.*; do
			[ -e "$r" ] || continue
			{
				echo "FAIL: sanitizer report $(basename "$r"):"
				head -80 "$r"
			} >>"$tmp/log"
			rc=1
		done
	fi
	if [ "$rc" = 0 ]; then
		echo "[  PASSED  ] e2e $(basename "$t") ($(grep -c '^ok ' "$tmp/log") checks)"
	else
		echo "[  FAILED  ] e2e $(basename "$t")"
		if grep -q '^FAIL: sanitizer report' "$tmp/log"; then
			sed -n '/^FAIL: sanitizer report/,$p' "$tmp/log" | sed 's/^/    /' | head -120
		else
			sed 's/^/    /' "$tmp/log" | tail -60
		fi
		fail=$((fail + 1))
	fi
	rm -rf "$tmp"
done
[ -n "$stage" ] && rm -rf "$stage"
san=""
[ "${BACKCARE_ASAN:-}" = 1 ] && san=" (ASan+UBSan)"
echo "e2e: $n scripts, $fail failed$san"
[ "$fail" = 0 ]
