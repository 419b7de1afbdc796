# The diary gives back, in a real terminal and in every language: the home
# screen's due lines, w (the weekly check-in) saving into the diary file,
# the flare-up plan read, written and read again, x exporting to the path
# it offers, the chart's dates under their own columns, a saved checklist
# result showing its level in the list, and what the stats say.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
P="$TESTTMP/plan.yaml"
today=$(date +%F)
BC() { "$BACKCARE" --diary "$D" "$@"; }

# T MSGID — the message in $lang from the built catalog; S MSGID [ARGS] —
# as the screen shows it (formatted; Arabic shaped and in visual order)
T() { TEXTDOMAINDIR="$SRCDIR/build/locale" LANGUAGE=$lang LANG=C.UTF-8 gettext -d backcare -- "$1"; }
S() {
	f=$(T "$1"); shift
	# shellcheck disable=SC2059
	t=$(printf -- "$f" "$@")
	if [ $lang = ar ]; then visual "$t"; else printf '%s\n' "$t"; fi
}

for lang in en zh_CN ar; do
	rm -f "$D" "$P" "$APPHOME"/backcare-diary-*
	DUE_ENTRY=$(S "%s (%s)" "$(T "No diary entry today yet.")" a)
	DUE_CK=$(S "%s (%s)" "$(T "Weekly check-in due.")" w)
	PLAN_ITEM=$(S "Flare-up plan — what to do when it flares up")
	CK_TITLE=$(S "Weekly check-in")
	SCORE=$(S "Score: %.1f of 10 (the mean of the three)" 5.0)
	SAVED=$(S "Check-in saved: score %.1f. Next one in a week." 5.0)
	PLAN_TITLE=$(S "Flare-up plan")
	EDIT_TITLE=$(S "Edit the flare-up plan")
	PSAVED=$(S "Flare-up plan saved.")
	SIGNS=$(S "Early signs of a flare-up")
	VERDICT=$(S "Checklist: %s" "$(T "book an appointment")")
	EXPORT_TITLE=$(S "Export the diary")

	# --- home: both due lines on an empty diary ---------------------------
	start 80 24 --lang $lang --content "$SRCDIR/content" --diary "$D"
	wait_for "$DUE_CK"
	screen | grep -qF -- "$DUE_ENTRY" || fail "$lang: no entry-due line"
	ok "$lang: home shows both due lines"
	no_row_wider

	# --- w: the check-in form, three digits, Ctrl-S ---------------------------
	keys w
	wait_for "$CK_TITLE"
	keys 6 5 4
	wait_for "$SCORE"
	keys C-s
	wait_for "$SAVED"
	grep -q "^- {time: ${today}T.*, pain: 6, enjoyment: 5, activity: 4}$" "$D" ||
		fail "$lang: the check-in is not in the diary file: $(cat "$D")"
	ok "$lang: w saved a check-in into the diary"
	# back home: the check-in line is gone, the entry line stays
	keys Escape
	wait_gone "$DUE_CK"
	screen | grep -qF -- "$DUE_ENTRY" || fail "$lang: the entry-due line went too"
	ok "$lang: only the entry is due now"

	# --- the flare-up plan: empty, written, read ---------------------------------
	keys j j j j j
	sleep 0.2
	screen | grep -F -- "$PLAN_ITEM" >/dev/null || fail "$lang: no plan item"
	keys Enter
	wait_for "$PLAN_TITLE"
	wait_for "$SIGNS"
	keys e
	wait_for "$EDIT_TITLE"
	type_text "Stiff when I wake"
	keys Enter
	type_text "Pain into the left buttock"
	keys Tab
	type_text "Lifting"
	keys C-s
	wait_for "$PSAVED"
	wait_for "Pain into the left buttock"
	wait_for "$SIGNS"
	[ "$(stat -c %a "$P")" = 600 ] || fail "$lang: plan mode $(stat -c %a "$P")"
	grep -qF 'early-signs: "Stiff when I wake\nPain into the left buttock"' "$P" ||
		fail "$lang: plan file: $(cat "$P")"
	grep -qF 'ease-off: "Lifting"' "$P" || fail "$lang: plan ease-off: $(cat "$P")"
	ok "$lang: the plan was written and reads back"
	out=$(BC --lang $lang plan)
	case "$out" in *"Stiff when I wake"*"Pain into the left buttock"*) ok "$lang: backcare plan prints it" ;;
		*) fail "$lang: backcare plan: $out" ;; esac
	keys Escape
	sleep 0.2

	# --- x: export to the offered path; a saved checklist result in the list ------
	BC diary add --pain 4 --verdict soon >/dev/null
	keys k k k
	sleep 0.1
	keys Enter
	wait_for "$VERDICT"
	keys x
	wait_for "$EXPORT_TITLE"
	wait_for "$APPHOME/backcare-diary-$today.csv"
	keys Enter
	i=0
	while [ ! -s "$APPHOME/backcare-diary-$today.csv" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -s "$APPHOME/backcare-diary-$today.csv" ] || fail "$lang: no export written"
	head -1 "$APPHOME/backcare-diary-$today.csv" | grep -q '^id,time,pain' || fail "$lang: not a CSV export"
	[ "$(stat -c %a "$APPHOME/backcare-diary-$today.csv")" = 600 ] || fail "$lang: export mode"
	wait_for "backcare-diary-$today.csv"
	ok "$lang: x exported to the offered path and said where"
	# again: the file exists, it asks before replacing; n keeps it
	keys x
	wait_for "$APPHOME/backcare-diary-$today.csv"
	keys Tab
	wait_for "backcare-diary-$today.json"
	keys Enter
	i=0
	while [ ! -s "$APPHOME/backcare-diary-$today.json" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	head -c 1 "$APPHOME/backcare-diary-$today.json" | grep -q '\[' || fail "$lang: no JSON export"
	ok "$lang: Tab switched the export to JSON"
	no_row_wider
	stop
done

# --- the chart: a day's date sits under its own column (issue 12) --------------
rm -f "$D"
BC diary add --pain 8 --at "$(date -d '-4 days' +%F) 09:00" >/dev/null
BC diary add --pain 3 >/dev/null
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys j j Enter
wait_for "2 entries, newest first"
keys c
wait_for "Pain over the last 30 days"
# today's mark (^) and the mark of 4 days ago each have their own day of
# the month right under them, or no label; before, a 5-cell "MM-DD"
# ended at its column and the days before it sat under that label
python3 - "$(screen)" "$(date +%d)" "$(date -d '-4 days' +%d)" <<'EOF' || fail "a date is not under its own column"
import sys
rows = sys.argv[1].split("\n")
axis = next(i for i, r in enumerate(rows) if "└" in r)
marks = [i for i, c in enumerate(rows[axis]) if c in "┴^"]
dates = rows[axis + 1]
today, old = sys.argv[2], sys.argv[3]
assert len(marks) == 2, marks
ok = rows[axis][marks[1]] == "^" and dates[marks[1]:marks[1] + 2] == today
lab = dates[marks[0]:marks[0] + 2]
ok = ok and (lab == old or lab.strip() == "")
sys.exit(0 if ok else 1)
EOF
ok "the chart's dates sit under their own columns"
stop

# --- the plan follows the flare-up plan card when there is one -----------------
cp -r "$SRCDIR/content" "$TESTTMP/content"
cat >"$TESTTMP/content/en/cards/flare-up-plan.yaml" <<'YAML'
id: flare-up-plan
category: self-care
title: "Your flare-up plan"
summary: "A plan written on a calm day."
sections:
  - heading: "What a flare-up is"
    paragraphs: ["A spell of worse pain."]
  - heading: "Early signs"
    bullets: ["Stiffness that lasts", "A familiar twinge"]
  - heading: "What to ease off, and what to keep doing"
    bullets: ["Ease off lifting", "Keep walking"]
  - heading: "What helped before"
    bullets: ["Warmth"]
  - heading: "Medicines, as agreed with a clinician"
    paragraphs: ["What your doctor agreed."]
  - heading: "Who to call"
    bullets: ["Your GP"]
  - heading: "When to use the checklist"
    paragraphs: ["When something is new."]
see_also: []
sources: ["NICE guideline NG59 (2016, updated 2020)"]
reviewed: 2026-11-22
YAML
rm -f "$P"
start 80 24 --content "$TESTTMP/content" --diary "$D"
wait_for "Diary — log"
keys j j j j j Enter
wait_for 'It follows the card "Your flare-up plan": press c to read it.'
wait_for "Not written yet. Stiffness that lasts · A familiar twinge"
wait_for "Not written yet. Keep walking"
wait_for "c Card"
keys c
wait_for "A plan written on a calm day."
ok "the plan follows the card, and c opens it"
keys Escape
wait_for "Not written yet. Ease off lifting"
stop

# --- the entry form says so when the time typed is in the future (issue 12) ---
rm -f "$D"
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys a
wait_for "New diary entry"
keys 5 BTab C-u
type_text "$(date -d '+1 year' +%Y)-01-01 10:00"
keys C-s
wait_for "That time is in the future."
[ ! -s "$D" ] || fail "a future entry was saved"
ok "a future time in the form is refused with a word"
stop

# --- w from the diary list opens the check-in too; Esc with answers asks ---
start 80 24 --content "$SRCDIR/content" --diary "$D"
wait_for "Diary — log"
keys j j Enter
wait_for "w Check-in"
keys w
wait_for "About the past week"
keys 3
keys Escape
wait_for "Discard this check-in? (y/n)"
keys y
wait_for "Check-in discarded."
grep -q 'checkins:' "$D" 2>/dev/null && fail "a discarded check-in was saved"
ok "w from the diary list; a discarded check-in is not saved"
stop
