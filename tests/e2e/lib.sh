# tests/e2e/lib.sh — a small tmux harness: start the real binary at a given
# size and language, send keys, poll the screen, compare rows.
# Sourced by tests/e2e/test_*.sh (see run.sh for the environment).
set -u
SOCK="$TESTTMP/tmux.sock"
APPHOME="$TESTTMP/home"
mkdir -p "$APPHOME"
tm() { tmux -S "$SOCK" "$@"; }

# Under BACKCARE_ASAN=1 (make e2e-asan) the app (through start) and every
# CLI call of a script (exported) write their sanitizer reports to
# $TESTTMP/asan.PID and ubsan.PID instead of a terminal nobody reads;
# run.sh fails the script when one appears. (Calls made with env -i drop
# the exported options, but a report still makes them fail.)
SANENV=""
if [ "${BACKCARE_ASAN:-}" = 1 ]; then
	ASAN_OPTIONS="log_path=$TESTTMP/asan:detect_leaks=1"
	UBSAN_OPTIONS="log_path=$TESTTMP/ubsan:print_stacktrace=1:halt_on_error=1"
	export ASAN_OPTIONS UBSAN_OPTIONS
	SANENV="ASAN_OPTIONS='$ASAN_OPTIONS' UBSAN_OPTIONS='$UBSAN_OPTIONS'"
fi

fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tm capture-pane -p -t app 2>/dev/null | sed 's/^/|/'
	exit 1
}
ok() { echo "ok $*"; }

# start W H [ARGS...] — runs backcare in a new tmux session "app" of W×H,
# from the source tree, with a private HOME/XDG and C.UTF-8. Extra
# environment can be given in APPENV ("VAR=value ...").
start() {
	w=$1 h=$2
	shift 2
	rm -f "$TESTTMP/status"
	q=""
	for a in "$@"; do q="$q '$a'"; done
	cmd="cd '$SRCDIR' && env -i PATH='$PATH' HOME='$APPHOME' TERM=tmux-256color \
		XDG_DATA_HOME='$APPHOME/data' XDG_CONFIG_HOME='$APPHOME/config' \
		LANG=C.UTF-8 ${SANENV:-} ${APPENV:-} ${BACKCARE_WRAP:-} '$BACKCARE' $q; \
		echo \$? > '$TESTTMP/status'; sleep 600"
	# a loaded machine can refuse the first try; give it two more
	for try in 1 2 3; do
		tm -f /dev/null new-session -d -s app -x "$w" -y "$h" "$cmd" && break
		echo "tmux new-session failed (try $try)"
		stop
		sleep 1
	done
	tm set-option -g window-size manual >/dev/null 2>&1
	tm set-option -g status off
	tm resize-window -t app -x "$w" -y "$h" 2>/dev/null
}

# stop — ends the tmux server and waits until it is gone (starting again
# right after a bare kill-server can land in the dying server)
stop() {
	tm kill-server 2>/dev/null
	i=0
	while tm has-session 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

screen() { tm capture-pane -p -t app; }
# row N — the N-th row of the screen (0 is the top)
row() { screen | sed -n "$(($1 + 1))p"; }
keys() { tm send-keys -t app "$@"; }
# type TEXT — sends TEXT literally
type_text() { tm send-keys -t app -l "$1"; }

# wait_for TEXT [SECONDS] — until TEXT is on the screen
wait_for() {
	i=0 limit=$(( ${2:-20} * 20 ))
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" && { ok "screen shows '$1'"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	fail "timed out waiting for '$1'"
}

# wait_gone TEXT [SECONDS] — until TEXT is no longer on the screen
wait_gone() {
	i=0 limit=$(( ${2:-20} * 20 ))
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" || { ok "'$1' gone"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	fail "'$1' still on the screen"
}

# expect_row N TEXT — row N contains TEXT
expect_row() {
	r=$(row "$1")
	case "$r" in *"$2"*) ok "row $1 has '$2'" ;; *) fail "row $1 is '$r', expected '$2' in it" ;; esac
}

# right_aligned TEXT — the row holding TEXT ends with it (trailing blanks
# and a one-cell margin allowed): RTL rows hug the right edge
right_aligned() {
	r=$(screen | grep -F -- "$1" | head -1)
	[ -n "$r" ] || fail "'$1' not on the screen"
	t=$(printf '%s' "$r" | sed 's/ *$//')
	case "$t" in *"$1") ok "'$1' is right-aligned" ;; *"$1"?) ok "'$1' is right-aligned" ;;
		*) fail "'$1' is not at the right end of '$r'" ;; esac
	w=$(tm display -p -t app '#{pane_width}')
	len=$(printf '%s' "$t" | python3 -c 'import sys,unicodedata as u; s=sys.stdin.read(); print(sum(2 if u.east_asian_width(c) in "WF" else 0 if u.combining(c) else 1 for c in s))')
	[ "$len" -ge $((w - 3)) ] || fail "row '$t' ends at column $len of $w: not right-aligned"
}

# no_row_wider — no row of the screen is wider than the pane
no_row_wider() {
	w=$(tm display -p -t app '#{pane_width}')
	screen | python3 -c '
import sys, unicodedata as u
w = int(sys.argv[1])
for n, line in enumerate(sys.stdin.read().split("\n")):
    cells = sum(2 if u.east_asian_width(c) in "WF" else 0 if u.combining(c) else 1 for c in line)
    if cells > w:
        print("row %d is %d cells wide (pane %d): %s" % (n, cells, w, line)); sys.exit(1)
' "$w" || fail "a row is wider than the terminal"
	ok "no row wider than $w"
}

# wait_exit [SECONDS] — until the app has exited; sets $status
wait_exit() {
	i=0 limit=$(( ${1:-10} * 20 ))
	while [ $i -lt $limit ]; do
		[ -s "$TESTTMP/status" ] && { status=$(cat "$TESTTMP/status"); ok "app exited ($status)"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	fail "the app did not exit"
}

# restored — after exit the terminal is back to normal: no alternate
# screen, cursor visible
restored() {
	[ "$(tm display -p -t app '#{alternate_on}')" = 0 ] || fail "still on the alternate screen"
	[ "$(tm display -p -t app '#{cursor_flag}')" = 1 ] || fail "cursor still hidden"
	ok "terminal restored"
}

# app_pid — the pid of the running backcare
# (the child of this pane's shell: never another suite's copy)
app_pid() { pgrep -P "$(tm display -p -t app '#{pane_pid}')" | head -1; }

resize() { tm resize-window -t app -x "$1" -y "$2"; sleep 0.2; }

# visual TEXT — TEXT (logical order, RTL paragraph) as the app shows it:
# shaped and in visual order, by the app's own text engine (the engine is
# unit-tested against golden strings; this checks the screen uses it).
visual() { "$SRCDIR/build/tests/visual" "$1"; }

# keys_change KEY... — sends the keys and waits (up to 20 s) until the
# screen, attributes included, differs from what it was before them: the
# app answered
keys_change() {
	before=$(tm capture-pane -p -e -t app)
	keys "$@"
	i=0
	while [ $i -lt 400 ]; do
		[ "$(tm capture-pane -p -e -t app)" != "$before" ] && { ok "the screen changed after '$*'"; return 0; }
		sleep 0.05
		i=$((i + 1))
	done
	fail "nothing changed on the screen after '$*'"
}

# PY — a Python 3 for the helpers below: the system's own when there is
# one (a version manager's shim in PATH can cost a second per start)
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# screen_attrs — the screen with its attributes in a canonical form: each
# run of cells as "{attributes}text", trailing blanks dropped whatever
# their attributes. (The raw capture-pane -e output also depends on how
# tmux's grid lines grew and shrank: it keeps a reversed blank at the end
# of a row or not, so two equal screens can differ there.)
screen_attrs() {
	tm capture-pane -p -e -t app | "$PY" -c '
import re, sys
state = {}
def sgr(params):
    ps = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(ps):
        p = ps[i]
        if p == 0: state.clear()
        elif p in (38, 48) and i + 1 < len(ps):
            n = 3 if ps[i + 1] == 5 else 5
            state["fg" if p == 38 else "bg"] = tuple(ps[i:i + n]); i += n - 1
        elif 30 <= p <= 37 or 90 <= p <= 97: state["fg"] = p
        elif 40 <= p <= 47 or 100 <= p <= 107: state["bg"] = p
        elif p == 39: state.pop("fg", None)
        elif p == 49: state.pop("bg", None)
        elif p == 22: state.pop(1, None); state.pop(2, None)
        elif 23 <= p <= 29: state.pop(p - 20, None)
        else: state[p] = 1
        i += 1
for line in sys.stdin.read().split("\n"):
    cells = []
    for m in re.finditer(r"\x1b\[([0-9;]*)m|\x1b[^\x1b]|([^\x1b])", line):
        if m.group(2) is not None:
            cells.append((m.group(2), tuple(sorted(state.items(), key=str))))
        elif m.group(0).endswith("m"):
            sgr(m.group(1))
    while cells and cells[-1][0] == " ":
        cells.pop()
    out, last = [], None
    for ch, a in cells:
        if a != last:
            out.append("{%s}" % ",".join("%s=%s" % kv for kv in a)); last = a
        out.append(ch)
    print("".join(out))
'
}
