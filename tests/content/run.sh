#!/bin/sh
# Lints the shipped content: every language directory under content/ must
# load without a single diagnostic through the real binary (cards,
# checklist, show), and all languages must have the same shape as English
# (ids, categories, links, sections, table shapes, checklist levels and
# groups, red_flags, whether a card sends readers to emergency care), and
# the emergency check of structure.c must hold: a card whose text sends
# readers to emergency care declares emergency red_flags (and only such a
# card), and checklist items speak of emergency care exactly when they are
# emergency items. Limits: words are matched, not meaning; which sign a
# sentence sends there is not checked, only that the card names at least
# one emergency sign and that every sign it names is at its checklist
# level. A paragraph with advice for someone who may harm themselves
# (structure.c's crisis words) may name the emergency number without a
# flag: a person in immediate danger is told to call it.
# tests/content/selftest.sh proves the lint can fail.
# Usage: tests/content/run.sh BINARY, from the source tree.
# Prints one summary line; exits 1 naming every problem.
set -u
[ $# -eq 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
bin=$1
root=${CONTENT_ROOT:-content}  # another tree for testing this script
categories="after-sex after-miscarriage sex-and-back-pain self-care get-help"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
problems=0
problem() { echo "content: $*" >&2; problems=$((problems + 1)); }

# The shape printer links the same loader the program uses.
if ! cc -std=gnu11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags yaml-0.1 fribidi) \
	tests/content/structure.c src/content.c src/diag.c src/text.c \
	-o "$tmp/structure" $(pkg-config --libs yaml-0.1 fribidi) -lunistring 2>"$tmp/cc.err"; then
	cat "$tmp/cc.err" >&2
	echo "content: FAILED (could not build tests/content/structure.c)"
	exit 1
fi

# run NAME CMD... : runs CMD with stdout in $tmp/NAME.out; any exit status
# but 0 or any output on stderr (warnings too) is a problem.
run() {
	name=$1; shift
	"$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; st=$?
	if [ "$st" != 0 ] || [ -s "$tmp/$name.err" ]; then
		problem "'$*' exited $st with:"
		sed 's/^/    /' "$tmp/$name.err" >&2
		return 1
	fi
	return 0
}

langs=""
for dir in "$root"/*/; do
	lang=$(basename "$dir")
	# A language counts once it has any card or a checklist; empty
	# placeholders for translations in progress are skipped.
	set -- "$dir"cards/*.yaml
	[ -e "$1" ] || [ -e "$dir/checklist.yaml" ] || continue
	langs="$langs $lang"
	c="$bin --content $root --lang $lang"

	if run "$lang.cards" $c cards; then
		n=$(wc -l <"$tmp/$lang.cards.out")
		[ "$n" -ge 20 ] || problem "$lang: only $n cards (at least 20 expected)"
		awk -F '\t' 'NF != 3 { exit 1 }' "$tmp/$lang.cards.out" ||
			problem "$lang: 'cards' printed a line without 3 tab-separated fields"
		for cat in $categories; do
			cut -f2 "$tmp/$lang.cards.out" | grep -qx -- "$cat" ||
				problem "$lang: no card in category '$cat'"
		done
		for id in $(cut -f1 "$tmp/$lang.cards.out"); do
			run "$lang.show" $c show "$id" || continue
			grep -q . "$tmp/$lang.show.out" || problem "$lang: 'show $id' printed nothing"
		done
	fi
	if run "$lang.checklist" $c checklist; then
		n=$(wc -l <"$tmp/$lang.checklist.out")
		[ "$n" -ge 1 ] || problem "$lang: the checklist has no items"
		for level in emergency urgent soon; do
			cut -f2 "$tmp/$lang.checklist.out" | grep -qx "$level" ||
				problem "$lang: no checklist item at level '$level'"
		done
	fi
	if "$tmp/structure" "$root/$lang" >"$tmp/$lang.shape" 2>"$tmp/$lang.shape.err"; then
		sort "$tmp/$lang.shape" >"$tmp/$lang.sorted"
	else
		problem "$lang: structure check failed:"
		sed 's/^/    /' "$tmp/$lang.shape.err" >&2
		sort "$tmp/$lang.shape" >"$tmp/$lang.sorted"
	fi
done

# Every language must match English line for line (sorted by id).
set -- $langs
nlangs=$#
if [ "$nlangs" = 0 ]; then
	problem "no language directory with content under $root/"
elif [ ! -e "$tmp/en.sorted" ]; then
	problem "no English content (content/en), the reference for the other languages"
else
	for lang in $langs; do
		[ "$lang" = en ] && continue
		if ! diff "$tmp/en.sorted" "$tmp/$lang.sorted" >"$tmp/$lang.diff"; then
			problem "$lang is out of step with en ('<' en, '>' $lang):"
			grep '^[<>]' "$tmp/$lang.diff" | sed 's/^/    /' >&2
		fi
	done
fi

ncards=$(cat "$tmp/en.sorted" 2>/dev/null | grep -c '^card ')
nitems=$(cat "$tmp/en.sorted" 2>/dev/null | grep -c '^item ')
if [ "$problems" = 0 ]; then
	echo "content: OK:$langs ($ncards cards and $nitems checklist items in each)"
	exit 0
fi
echo "content: FAILED ($problems problem(s); languages checked:${langs:- none})"
exit 1
