#!/bin/sh
# bench/tui.sh BINARY — what a cursor move costs on the wire, and the time
# to the first frame, against a bare ncurses list built here (and dialog
# --menu when it is installed). Bytes are counted with tmux pipe-pane; they
# repeat exactly. Times are the best of 20 runs under script(1).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(pwd)
tmp=$(mktemp -d)
trap 'tmux -S "$tmp/s" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/bare" bench/bare_list.c $(pkg-config --cflags --libs ncursesw) || exit 1
tm() { tmux -S "$tmp/s" "$@"; }

# bytes_per_move NAME KEYS-TO-REACH-THE-LIST -- COMMAND...
bytes_per_move() {
	name=$1 prep=$2
	shift 3
	tm -f /dev/null new-session -d -s b -x 80 -y 24 "cd '$src' && env -i PATH='$PATH' HOME='$tmp' TERM=tmux-256color LANG=C.UTF-8 XDG_DATA_HOME='$tmp/d' XDG_CONFIG_HOME='$tmp/c' $*; sleep 5"
	tm set-option -g status off
	sleep 0.5
	for k in $prep; do tm send-keys -t b "$k"; sleep 0.2; done
	sleep 0.3
	tm pipe-pane -o -t b "cat > '$tmp/out'"
	sleep 0.2
	tm send-keys -t b j
	sleep 0.4
	tm pipe-pane -t b
	sleep 0.1
	n=$(wc -c < "$tmp/out")
	printf '%-34s %6d bytes\n' "$name" "$n"
	tm kill-server
	sleep 0.1
	echo "$n" > "$tmp/bytes.$(echo "$name" | tr -c 'a-z' _)"
}

echo "== bytes sent to the terminal for one cursor move (j) at 80x24"
bytes_per_move "bare ncurses list (baseline)" "" -- "$tmp/bare"
base=$(cat "$tmp"/bytes.bare*)
bytes_per_move "backcare home menu" "" -- "'$bin'"
bytes_per_move "backcare cards list" "Enter" -- "'$bin'"
bytes_per_move "backcare checklist" "j Enter" -- "'$bin'"
if command -v dialog >/dev/null; then
	bytes_per_move "dialog --menu" "" -- dialog --menu x 20 60 12 1 a 2 b 3 c 4 d 5 e
fi
for f in "$tmp"/bytes.backcare*; do
	n=$(cat "$f")
	echo "$(basename "$f" | sed 's/bytes\.//;s/_/ /g'): $(awk "BEGIN{printf \"%.2f\", $n/$base}") x the bare list (target: below dialog's ~165 bytes)"
done

echo "== time to the first frame (best of 20)"
first_frame() {
	best=999999
	for i in $(seq 20); do
		s=$(date +%s%N)
		env TERM=xterm-256color LANG=C.UTF-8 HOME="$tmp" BACKCARE_BENCH_FIRST_FRAME=1 \
			script -qec "$*" /dev/null >/dev/null 2>&1 </dev/null
		e=$(date +%s%N)
		t=$(( (e - s) / 1000 ))
		[ $t -lt $best ] && best=$t
	done
	echo "$best"
}
b=$(first_frame "$tmp/bare once")
a=$(first_frame "$bin")
printf 'bare list: %d us, backcare home: %d us, ratio %s\n' "$b" "$a" "$(awk "BEGIN{printf \"%.2f\", $a/$b}")"
if command -v valgrind >/dev/null; then
	ir=$(cd "$src" && env TERM=xterm-256color LANG=C.UTF-8 HOME="$tmp" BACKCARE_BENCH_FIRST_FRAME=1 \
		script -qec "valgrind --tool=callgrind --callgrind-out-file=$tmp/cg.out $bin" /dev/null 2>&1 </dev/null >/dev/null;
		callgrind_annotate "$tmp/cg.out" 2>/dev/null | grep -m1 'PROGRAM TOTALS' | awk '{print $1}')
	echo "instructions to the first frame (callgrind): $ir"
fi
