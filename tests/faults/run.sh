#!/bin/sh
# Runs every tests/faults/test_*.sh against the binary given as $1: the
# diary under kill -9, file-size limits and a full disk, odd paths and
# owners, the umask, concurrent writers and a file replaced while open.
# Each script gets BACKCARE (absolute path of the binary), SRCDIR, TESTTMP,
# TORTURE (tests/faults/torture.c built against the libbackcare.a beside
# the binary) and a fresh HOME/XDG tree in TESTTMP, sources lib.sh, and
# exits non-zero on failure. FAULTS_ONLY=WORD runs only the scripts whose
# name holds WORD; KILL_TRIALS=N sets test_kill.sh's trials (1000).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
lib=$(dirname "$bin")/libbackcare.a
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The driver: built with the flags the library was built with (the ASan
# build's library needs the sanitizer runtimes too).
san=
if nm "$lib" 2>/dev/null | grep -q '__asan_'; then
	san="-fsanitize=address,undefined -fno-omit-frame-pointer"
fi
if [ ! -f "$lib" ] || ! cc -D_GNU_SOURCE -I"$root/src" $(pkg-config --cflags yaml-0.1 fribidi) \
	-O1 -g $san -o "$work/torture" "$here/torture.c" "$lib" \
	$(pkg-config --libs yaml-0.1 fribidi) -lunistring >"$work/cc.log" 2>&1; then
	echo "[  FAILED  ] faults: cannot build tests/faults/torture.c against $lib"
	sed 's/^/    /' "$work/cc.log" | tail -20
	exit 1
fi

fail=0 n=0
for t in "$here"/test_*.sh; do
	[ -e "$t" ] || continue
	# FAULTS_ONLY=WORD: only the scripts whose name holds WORD
	case "$(basename "$t")" in *"${FAULTS_ONLY:-}"*) ;; *) continue ;; esac
	n=$((n + 1))
	tmp=$(mktemp -d)
	if env BACKCARE="$bin" SRCDIR="$root" TESTTMP="$tmp" TORTURE="$work/torture" \
		HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
		LANG=C.UTF-8 LC_ALL= LANGUAGE= COLUMNS=80 NO_COLOR= \
		sh "$t" >"$tmp/log" 2>&1; then
		echo "[  PASSED  ] faults $(basename "$t")"
		grep '^  ' "$tmp/log" | sed 's/^/    /'
	else
		echo "[  FAILED  ] faults $(basename "$t")"; sed 's/^/    /' "$tmp/log" | tail -40
		fail=$((fail + 1))
	fi
	chmod -R u+rwX "$tmp" 2>/dev/null
	rm -rf "$tmp"
done
echo "faults: $n scripts, $fail failed"
[ "$fail" = 0 ]
