# CLI tests of the cards issue 11 added (pregnancy, painful sex, any couple,
# after an abortion or miscarriage treatment, stones and cysts, the flare-up
# plan) and of positions advice that assumes no man and woman. Run by
# tests/cli/run.sh.
. "$SRCDIR/tests/cli/lib.sh"
cd "$SRCDIR" || fail "cannot enter $SRCDIR"
tab=$(printf '\t')

new="pregnancy-sex-and-back-pain:sex-and-back-pain
painful-sex-pelvic-floor:sex-and-back-pain
positions-any-couple:sex-and-back-pain
after-abortion-or-procedure:after-miscarriage
other-causes-stones-cysts:after-sex
flare-up-plan:self-care"

for lang in en zh_CN ar; do
	expect_status 0 "$BACKCARE" --lang "$lang" cards
	[ -z "$err" ] || fail "$lang: cards wrote to stderr: $err"
	cards=$out
	for pair in $new; do
		id=${pair%%:*} cat=${pair#*:}
		contains "$cards" "$id$tab$cat$tab"
		COLUMNS=1000 expect_status 0 "$BACKCARE" --lang "$lang" show "$id"
		[ -z "$err" ] || fail "$lang: show $id wrote to stderr: $err"
		contains "$out" "2026-12-01"
		contains "$out" "NHS: "
	done
	# positions are sorted by what each partner does, not by gender
	expect_status 0 "$BACKCARE" --lang "$lang" show positions-by-pain
	case $lang in
	en) not_contains "$out" "If you are the man"; not_contains "$out" "If you are the woman"
	    not_contains "$out" "Missionary" ;;
	zh_CN) not_contains "$out" "男方"; not_contains "$out" "女方"; not_contains "$out" "男上位" ;;
	ar) not_contains "$out" "للرجل"; not_contains "$out" "للمرأة"; not_contains "$out" "وهو في الأعلى"
	    contains "$out" "شريكك أو شريكتك" ;;
	esac
done

# The flare-up plan card is the template of the app's plan: one section per
# part of the plan, in this order.
expect_status 0 "$BACKCARE" --lang en show flare-up-plan
headings=$(printf '%s\n' "$out" | grep -x -e "What a flare-up is" -e "Early signs" \
	-e "What to ease off, and what to keep doing" -e "What helped before" \
	-e "Medicines, as agreed with a clinician" -e "Who to call" -e "When to use the checklist")
want="What a flare-up is
Early signs
What to ease off, and what to keep doing
What helped before
Medicines, as agreed with a clinician
Who to call
When to use the checklist"
[ "$headings" = "$want" ] || fail "flare-up-plan headings are: $headings"; ok

# Arabic names a miscarriage as such once, so it is not read as an abortion.
expect_status 0 "$BACKCARE" --lang ar show after-abortion-or-procedure
contains "$out" "الإجهاض التلقائي (فقدان الحمل)"
expect_status 0 "$BACKCARE" --lang zh_CN show after-abortion-or-procedure
contains "$out" "自然流产"
