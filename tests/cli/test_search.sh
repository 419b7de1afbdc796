# CLI tests of 'backcare search': every word in any order, folded, best
# first, in the three languages; nothing found is exit 1 with a hint;
# 'show' of an unknown id points to cards and search.
. "$SRCDIR/tests/cli/lib.sh"
tab=$(printf '\t')

# first ID QUERY...: the best card for QUERY is ID
first() {
	id=$1; shift
	expect_status 0 "$BACKCARE" "$@"
	got=$(printf '%s\n' "$out" | head -1 | cut -f1)
	[ "$got" = "$id" ] || fail "'$*' put '$got' first, expected '$id':
$out"
	ok
}
# has ID QUERY...: ID is among the cards found
has() {
	id=$1; shift
	expect_status 0 "$BACKCARE" "$@"
	printf '%s\n' "$out" | cut -f1 | grep -qx "$id" || fail "'$*' did not find '$id':
$out"
	ok
}

# English: words in any order, case folded, fillers and plurals
first after-miscarriage-recovery --lang en search miscarriage back
first after-miscarriage-recovery --lang en search BACK Miscarriage
first after-miscarriage-recovery --lang en search what is normal after a miscarriage
first positions-by-pain --lang en search positions
first positions-by-pain --lang en search which positions if bending hurts
first after-sex-overview --lang en search back pain after sex
has after-miscarriage-recovery --lang en search lower back ache
# "lower" also finds "low back", "ache" also "pain": the back pain cards first
expect_status 0 "$BACKCARE" --lang en search lower back ache
printf '%s\n' "$out" | head -1 | cut -f2 | grep -q "Back pain" || fail "lower back ache: $out"; ok
# one word per card line: ID<TAB>TITLE, the title as 'cards' has it
expect_status 0 "$BACKCARE" --lang en search positions
line=$(printf '%s\n' "$out" | head -1)
title=$("$BACKCARE" --lang en cards | grep "^positions-by-pain$tab" | cut -f3)
[ "$line" = "positions-by-pain$tab$title" ] || fail "search line is '$line'"; ok

# Chinese: with or without spaces, particles ignored
first after-miscarriage-recovery --lang zh_CN search 流产 腰痛
first after-miscarriage-recovery --lang zh_CN search 流产腰痛
first after-miscarriage-recovery --lang zh_CN search 流产后什么是正常的
first after-sex-overview --lang zh_CN search 性生活后腰痛
first positions-by-pain --lang zh_CN search 体位

# Arabic: hamza, article and harakat folded
first after-miscarriage-recovery --lang ar search ألم الظهر بعد الإجهاض
first after-miscarriage-recovery --lang ar search الاجهاض الظهر
first after-miscarriage-recovery --lang ar search "أَلَمُ" "الظَّهْرِ" "الإِجْهَاضِ"
first after-sex-overview --lang ar search الم الظهر بعد الجماع
first positions-by-pain --lang ar search وضعيات

# nothing found: exit 1, nothing on stdout, a hint on stderr
expect_status 1 "$BACKCARE" --lang en search zzzqqq miscarriage
[ -z "$out" ] || fail "a search that found nothing printed: $out"; ok
contains "$err" "zzzqqq"
contains "$err" "backcare cards"
expect_status 2 "$BACKCARE" search
contains "$err" "search --help"
expect_status 0 "$BACKCARE" search --help
contains "$out" "search WORDS"
# the hint is translated
expect_status 1 "$BACKCARE" --lang zh_CN search zzzqqq
contains "$err" "cards"
# a query is data: control characters never reach the terminal
expect_status 1 "$BACKCARE" --lang en search "$(printf 'zz\033[31mqq')"
case "$err" in *"$(printf '\033')"*) fail "an escape reached stderr" ;; esac; ok

# show of an unknown id says where to look
expect_status 1 "$BACKCARE" show nope
contains "$err" "no card with id 'nope'"
contains "$err" "backcare cards"
contains "$err" "backcare search"
# --help names the command
expect_status 0 "$BACKCARE" --help
contains "$out" "search WORDS"
echo "search: $checks checks"
