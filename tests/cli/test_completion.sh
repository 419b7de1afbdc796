# The bash completion file (completion/backcare): subcommands, options and
# their values, card ids from 'backcare cards' in the language on the line.
. "$SRCDIR/tests/cli/lib.sh"
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || fail "bash-completion is not installed ($BC): make deps"
dir=$(dirname "$BACKCARE")

# complete WORDS...: what bash would offer for the last word (one per line)
complete_() {
	PATH="$dir:$PATH" bash -c '
		. "$1"; . "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_backcare backcare "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" "$SRCDIR/completion/backcare" "$@"
}
# offers EXPECTED WORDS...: EXPECTED is among the offers
offers() {
	e=$1; shift
	got=$(complete_ "$@")
	printf '%s\n' "$got" | grep -qxF -- "$e" || fail "completing '$*' did not offer '$e': $got"
	ok
}
not_offers() {
	e=$1; shift
	got=$(complete_ "$@")
	printf '%s\n' "$got" | grep -qxF -- "$e" && fail "completing '$*' offered '$e'"
	ok
}

bash -n "$SRCDIR/completion/backcare" || fail "completion/backcare: syntax error"; ok
offers search backcare se
offers show backcare ""
offers diary backcare di
offers --lang backcare --la
offers zh_CN backcare --lang ""
offers ar backcare --lang a
offers export backcare diary ex
offers --format backcare diary export --f
offers json backcare diary export --format ""
offers lower-back-left backcare diary add --where ""
offers pelvis,groin backcare diary add --where pelvis,g
offers after-miscarriage backcare diary add --context after-m
offers --pdf backcare report --p
# card ids from the program: every id 'cards' lists, after global options too
ids=$("$BACKCARE" cards | cut -f1)
[ -n "$ids" ] || fail "'cards' listed nothing"
for id in $ids; do offers "$id" backcare show ""; done
offers positions-by-pain backcare --lang ar show pos
offers positions-by-pain backcare show --lang zh_CN pos
not_offers positions-by-pain backcare show positions-by-pain ""
# checklist ids for triage
cid=$("$BACKCARE" checklist | head -1 | cut -f1)
offers "$cid" backcare triage ""
# a content folder with other cards is asked for its ids
mkdir -p "$TESTTMP/c/en/cards"
cp "$SRCDIR/content/en/cards/heat-and-cold.yaml" "$TESTTMP/c/en/cards/"
cp "$SRCDIR/content/en/checklist.yaml" "$TESTTMP/c/en/"
offers heat-and-cold backcare --content "$TESTTMP/c" show ""
not_offers positions-by-pain backcare --content "$TESTTMP/c" show ""
echo "completion: $checks checks"
