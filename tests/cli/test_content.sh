# CLI tests of the content subcommands: cards, show, checklist, triage,
# and a content tree with one broken card. Run by tests/cli/run.sh.
. "$SRCDIR/tests/cli/lib.sh"
cd "$SRCDIR" || fail "cannot enter $SRCDIR"
tab=$(printf '\t')

# cards: one line per card, ID<TAB>CATEGORY<TAB>TITLE.
expect_status 0 "$BACKCARE" --lang en cards
[ -z "$err" ] || fail "cards wrote to stderr: $err"
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -ge 20 ] || fail "cards listed $n cards, expected at least 20"; ok
printf '%s\n' "$out" | awk -F '\t' 'NF != 3 || $1 == "" || $2 == "" || $3 == "" { exit 1 }' ||
	fail "a cards line is not ID<TAB>CATEGORY<TAB>TITLE: $out"; ok
contains "$out" "positions-by-pain${tab}sex-and-back-pain${tab}"
contains "$out" "emergency-signs${tab}get-help${tab}"
expect_status 2 "$BACKCARE" cards extra
contains "$err" "extra"
expect_status 0 "$BACKCARE" cards --help
contains "$out" "Usage:"

# show: the card as text, with its title, sources and review date.
expect_status 0 "$BACKCARE" --lang en cards
title=$(printf '%s\n' "$out" | grep "^positions-by-pain$tab" | cut -f3)
expect_status 0 "$BACKCARE" --lang en show positions-by-pain
[ -z "$err" ] || fail "show wrote to stderr: $err"
contains "$out" "$title"
contains "$out" "Sources:"
contains "$out" "Reviewed: "
contains "$out" "See also:"
# Bullets hang: no line is wider than COLUMNS (80) cells (English is ASCII
# here apart from the bullet itself).
w=$(printf '%s\n' "$out" | sed 's/•/*/g' | awk '{ if (length($0) > m) m = length($0) } END { print m }')
[ "$w" -le 80 ] || fail "show printed a line of $w columns at COLUMNS=80"; ok
# A wide terminal gets the table laid out as a table, a narrow one as a list.
COLUMNS=160 expect_status 0 "$BACKCARE" --lang en show positions-by-pain
contains "$out" "-----"
# narrowed columns wrap their cells: a grid down to about 40 columns
COLUMNS=60 expect_status 0 "$BACKCARE" --lang en show positions-by-pain
contains "$out" "-----"
COLUMNS=30 expect_status 0 "$BACKCARE" --lang en show positions-by-pain
contains "$out" "• Position: "
not_contains "$out" "-----"
expect_status 1 "$BACKCARE" show no-such-card
contains "$err" "backcare: no card with id 'no-such-card'"
[ -z "$out" ] || fail "show of an unknown id printed: $out"; ok
expect_status 2 "$BACKCARE" show
expect_status 2 "$BACKCARE" show a b
expect_status 0 "$BACKCARE" show --help
contains "$out" "show ID"

# checklist: ID<TAB>LEVEL<TAB>QUESTION.
expect_status 0 "$BACKCARE" --lang en checklist
[ -z "$err" ] || fail "checklist wrote to stderr: $err"
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -ge 20 ] || fail "checklist listed $n items, expected at least 20"; ok
printf '%s\n' "$out" | awk -F '\t' 'NF != 3 || $2 !~ /^(emergency|urgent|soon)$/ { exit 1 }' ||
	fail "a checklist line is not ID<TAB>LEVEL<TAB>QUESTION: $out"; ok
contains "$out" "saddle-numbness${tab}emergency${tab}"

# triage: the level word first, then the reasons, most urgent first.
expect_status 0 "$BACKCARE" --lang en triage
[ "$(printf '%s\n' "$out" | head -n 1)" = selfcare ] || fail "triage with nothing ticked: $out"; ok
not_contains "$out" "Because you said:"
expect_status 0 "$BACKCARE" --lang en triage saddle-numbness
[ "$(printf '%s\n' "$out" | head -n 1)" = emergency ] || fail "saddle-numbness: $out"; ok
contains "$out" "Because you said:"
contains "$out" "112"
expect_status 0 "$BACKCARE" --lang en triage fever-unwell
[ "$(printf '%s\n' "$out" | head -n 1)" = urgent ] || fail "fever-unwell: $out"; ok
expect_status 0 "$BACKCARE" --lang en triage fever-unwell risk-history
[ "$(printf '%s\n' "$out" | head -n 1)" = urgent ] || fail "fever-unwell risk-history: $out"; ok
# Most urgent reason first, whatever order the ids came in.
expect_status 0 "$BACKCARE" --lang en checklist
q_fever=$(printf '%s\n' "$out" | grep "^fever-unwell$tab" | cut -f3 | cut -c1-30)
q_risk=$(printf '%s\n' "$out" | grep "^risk-history$tab" | cut -f3 | cut -c1-30)
expect_status 0 "$BACKCARE" --lang en triage risk-history fever-unwell
l_fever=$(printf '%s\n' "$out" | grep -nF "$q_fever" | head -n 1 | cut -d: -f1)
l_risk=$(printf '%s\n' "$out" | grep -nF "$q_risk" | head -n 1 | cut -d: -f1)
[ -n "$l_fever" ] && [ -n "$l_risk" ] && [ "$l_fever" -lt "$l_risk" ] ||
	fail "reasons not most urgent first: $out"; ok
expect_status 2 "$BACKCARE" --lang en triage saddle-numbness no-such-item
contains "$err" "no-such-item"
[ -z "$out" ] || fail "triage with an unknown id printed: $out"; ok
expect_status 2 "$BACKCARE" triage --frobnicate
expect_status 0 "$BACKCARE" triage --help
contains "$out" "triage"

# A copy of the content with one broken card: the others still load and
# the broken file is named with its line and column.
mkdir -p "$TESTTMP/content"
cp -R content/en "$TESTTMP/content/en"
good=$(ls "$TESTTMP/content/en/cards" | wc -l)
cat >"$TESTTMP/content/en/cards/zz-broken.yaml" <<'EOF'
id: zz-broken
category: no-such-category
title: "Broken"
summary: "A card with a bad category."
sections:
  - heading: "H"
    paragraphs: ["p"]
sources: ["S"]
reviewed: 2026-11-22
EOF
expect_status 0 "$BACKCARE" --content "$TESTTMP/content" --lang en cards
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" = "$good" ] || fail "broken tree listed $n cards, expected $good"; ok
not_contains "$out" "zz-broken"
contains "$err" "zz-broken.yaml:2:11: unknown category 'no-such-category'"
expect_status 0 "$BACKCARE" --content "$TESTTMP/content" --lang en show positions-by-pain
contains "$err" "zz-broken.yaml:2:11:"
# An unknown key only warns.
printf 'colour: blue\n' >>"$TESTTMP/content/en/cards/positions-by-pain.yaml"
expect_status 0 "$BACKCARE" --content "$TESTTMP/content" --lang en cards
contains "$err" "warning: "
contains "$err" "positions-by-pain.yaml:"
contains "$out" "positions-by-pain"
# A content directory that cannot be read at all is a runtime error.
mkdir -p "$TESTTMP/empty/en"
expect_status 1 "$BACKCARE" --content "$TESTTMP/empty" --lang en cards
contains "$err" "cards"
expect_status 1 "$BACKCARE" --content "$TESTTMP/empty" --lang en triage
contains "$err" "checklist.yaml"

echo "test_content.sh: $checks checks passed"
