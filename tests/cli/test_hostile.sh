# Hostile data through the plain-text commands: a card and diary notes
# holding escape sequences (colours, a title change, clear screen), C0 and
# C1 controls, bidi overrides (U+202E), zero-width characters, a 100 KB
# paragraph, 5,000 combining marks, and invalid UTF-8 (a card and a CSV
# row). cards, show, diary list and report never carry a control
# character, to a pipe or to a terminal; diary export keeps every byte of
# the data to a pipe and drops the controls to a terminal (DESIGN.md).
#
# The same checks run again under the ASan+UBSan build (build/asan/
# backcare, next to $BACKCARE) when it is newer than every source file
# (make build/asan/backcare), with any sanitizer report failing the test.
. "$SRCDIR/tests/cli/lib.sh"
cd "$SRCDIR" || fail "cannot enter $SRCDIR"
# the system's Python when there is one (a version manager's shim in PATH
# can cost a second per start)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

C="$TESTTMP/content"
cp -R "$SRCDIR/content" "$C" || fail "cannot copy the content"
"$PY" "$SRCDIR/tests/hostile_data.py" "$C/en/cards" "$TESTTMP/notes.csv" "$TESTTMP/bad.csv" \
	"$TESTTMP/notes.json" || fail "cannot write the hostile data"
ok

# clean FILE WHAT [tty] — FILE holds no C0 control but \n and \t (and \r
# from a terminal's line discipline), no DEL, no C1, no bidi control or
# zero-width format character, and no "pwned" (a title change's text)
clean() {
	"$PY" - "$1" "${3:-}" <<'EOF' || fail "$2: control characters in the output"
import sys
data = open(sys.argv[1], "rb").read()
allowed = b"\n\t\r" if sys.argv[2] else b"\n\t"
bad = [b for b in data if (b < 0x20 and b not in allowed) or b == 0x7f]
s = data.decode("utf-8", errors="replace")
bad += [ord(c) for c in s if 0x80 <= ord(c) < 0xa0 or 0x202a <= ord(c) <= 0x202e
        or 0x2066 <= ord(c) <= 0x2069 or ord(c) in (0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x061c)]
if bad or "pwned" in s:
    print("found: " + " ".join("%#x" % b for b in bad[:12]) + (" pwned" if "pwned" in s else ""))
    sys.exit(1)
EOF
	ok
}

# fits FILE WIDTH — no line of FILE is wider than WIDTH cells
fits() {
	"$PY" - "$1" "$2" <<'EOF' || fail "a line is wider than $2 cells"
import sys, unicodedata as u
w = int(sys.argv[2])
for n, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="replace").read().split("\n")):
    cells = sum(2 if u.east_asian_width(c) in "WF" else 0 if u.combining(c) else 1 for c in line)
    if cells > w:
        print("line %d: %d cells" % (n + 1, cells)); sys.exit(1)
EOF
	ok
}

# tty OUT CMD... — runs CMD on a terminal (a pseudo-terminal of 80×24),
# its output in OUT; the exit status is CMD's
tty() {
	out_file=$1
	shift
	"$PY" - "$out_file" "$@" <<'EOF'
import fcntl, os, pty, struct, sys, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])
out = b""
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
open(sys.argv[1], "wb").write(out)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
EOF
}

# checks BIN — every check, with the binary BIN
checks() {
	B=$1
	D="$TESTTMP/d-$(basename "$(dirname "$B")").yaml"
	rm -f "$D"
	expect_status 0 "$B" --diary "$D" diary import --format csv "$TESTTMP/notes.csv"

	# cards: the hostile title cleaned; the invalid UTF-8 card refused
	# with its place, the rest listed
	expect_status 0 "$B" --content "$C" cards
	clean "$TESTTMP/out" "cards"
	contains "$out" "hostile	sex-and-back-pain	HOSTILE RED"
	contains "$err" "badutf8.yaml:4:"
	not_contains "$out" "BAD "

	# show: wrapped to 80 cells, whatever the lines hold (to a pipe it
	# wraps to $COLUMNS, 80 here)
	expect_status 0 "$B" --content "$C" show hostile
	cp "$TESTTMP/out" "$TESTTMP/show.txt"
	clean "$TESTTMP/show.txt" "show to a pipe"
	fits "$TESTTMP/show.txt" 80
	for w in "HOSTILE RED" "BIDI [REVERSED]" "LONGEND" "MARKSEND" "UNBROKENEND" "STRINGSEND" "BLINK source"; do
		grep -qF -- "$w" "$TESTTMP/show.txt" || fail "show: '$w' missing"
		ok
	done
	tty "$TESTTMP/show.tty" "$B" --content "$C" show hostile || fail "show on a terminal failed"
	clean "$TESTTMP/show.tty" "show to a terminal" tty
	grep -qF "MARKSEND" "$TESTTMP/show.tty" || fail "show on a terminal: the marks line is missing"
	ok

	# diary list and report, to a pipe and to a terminal
	for cmd in "diary list" "report"; do
		# shellcheck disable=SC2086
		expect_status 0 "$B" --diary "$D" $cmd
		clean "$TESTTMP/out" "$cmd to a pipe"
		contains "$out" "NOTE-ESC"
		contains "$out" "NOTE-CTRL"
		# shellcheck disable=SC2086
		tty "$TESTTMP/tty.txt" "$B" --diary "$D" $cmd || fail "$cmd on a terminal failed"
		clean "$TESTTMP/tty.txt" "$cmd to a terminal" tty
	done

	# export to a pipe: every byte of the data, exactly (CSV and JSON)
	expect_status 0 "$B" --diary "$D" diary export --format csv
	"$PY" - "$TESTTMP/out" "$TESTTMP/notes.json" <<'EOF' || fail "the CSV export changed the data"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
want = json.load(open(sys.argv[2]))
got = sorted(((r["med"], r["note"]) for r in rows), key=lambda x: x[1])
sys.exit(0 if got == sorted(((w["med"], w["note"]) for w in want), key=lambda x: x[1]) else 1)
EOF
	ok
	expect_status 0 "$B" --diary "$D" diary export --format json
	"$PY" - "$TESTTMP/out" "$TESTTMP/notes.json" <<'EOF' || fail "the JSON export changed the data"
import json, sys
got = sorted(((e.get("med", ""), e["note"]) for e in json.load(open(sys.argv[1]))), key=lambda x: x[1])
want = sorted(((w["med"], w["note"]) for w in json.load(open(sys.argv[2]))), key=lambda x: x[1])
sys.exit(0 if got == want else 1)
EOF
	ok
	# export to a terminal: for reading, no control character acts
	tty "$TESTTMP/csv.tty" "$B" --diary "$D" diary export --format csv || fail "export on a terminal failed"
	"$PY" - "$TESTTMP/csv.tty" <<'EOF' || fail "the export to a terminal carries control characters"
import sys
data = open(sys.argv[1], "rb").read()
bad = [b for b in data if (b < 0x20 and b not in b"\n\t\r") or b == 0x7f]
bad += [ord(c) for c in data.decode("utf-8", "replace") if 0x80 <= ord(c) < 0xa0]
sys.exit(1 if bad else 0)
EOF
	ok
	# the export to a terminal drops bidi controls such as U+202E too
	if grep -q "$(printf '\342\200\256')" "$TESTTMP/csv.tty"; then
		fail "diary export to a terminal sends U+202E raw"
	fi
	ok

	# invalid UTF-8 in an import: refused, named, nothing changed
	cp "$D" "$TESTTMP/before.yaml"
	expect_status 1 "$B" --diary "$D" diary import --format csv "$TESTTMP/bad.csv"
	contains "$err" "row 2"
	clean "$TESTTMP/err" "the import's error"
	cmp -s "$D" "$TESTTMP/before.yaml" || fail "a refused import changed the diary"
	ok
}

checks "$BACKCARE"

# An import's error message quotes the bad field, but never its escape
# sequences: diagnostics are cleaned where they are made (diag.c).
printf 'time,pain,where\n2026-11-21T09:30:00+00:00,3,"\033]0;pwned\007"\n' >"$TESTTMP/esc.csv"
"$BACKCARE" --diary "$TESTTMP/esc.yaml" diary import --format csv "$TESTTMP/esc.csv" 2>"$TESTTMP/esc.err" >/dev/null
if grep -q "$(printf '\033')" "$TESTTMP/esc.err"; then
	fail "import diagnostics quote escape sequences raw on stderr"
fi
grep -q "unknown place" "$TESTTMP/esc.err" || fail "the import error does not name the bad place: $(cat "$TESTTMP/esc.err")"
ok

# again under ASan+UBSan, when that build is current (no source newer)
SAN="$(dirname "$BACKCARE")/asan/backcare"
if [ -x "$SAN" ] && [ -z "$(find "$SRCDIR/src" -name '*.[ch]' -newer "$SAN" | head -1)" ]; then
	ASAN_OPTIONS="log_path=$TESTTMP/asan:detect_leaks=1" \
		UBSAN_OPTIONS="log_path=$TESTTMP/ubsan:print_stacktrace=1:halt_on_error=1"
	export ASAN_OPTIONS UBSAN_OPTIONS
	checks "$SAN"
	for r in "$TESTTMP"/asan.* "$TESTTMP"/ubsan.*; do
		[ -e "$r" ] || continue
		head -60 "$r"
		fail "sanitizer report $(basename "$r")"
	done
	ok
	echo "ASan+UBSan pass: clean"
else
	echo "ASan+UBSan pass skipped: $SAN is missing or older than the sources"
fi
echo "$checks checks"
