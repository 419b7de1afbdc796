# report --pdf: one page whatever the period, the same figures as the text
# report, Arabic in logical order, Chinese intact, fonts embedded, paper
# from the locale, and files written like every other save (atomic
# replace, symlinks followed, clear errors).
. "$SRCDIR/tests/cli/lib.sh"
command -v pdfinfo >/dev/null || fail "poppler-utils is needed (make deps)"
B=$BACKCARE
# the full-screen app never loads cairo or Pango: backcare-pdf does
if command -v ldd >/dev/null; then
	libs=$(ldd "$B")
	not_contains "$libs" "cairo"
	not_contains "$libs" "pango"
	contains "$(ldd "$(dirname "$B")/backcare-pdf")" "pangocairo"
fi
T=$(date +%F)
cd "$TESTTMP" || exit 1
python3 "$SRCDIR/tests/pdf/gen.py" 14 3 "$T" >week.csv
python3 "$SRCDIR/tests/pdf/gen.py" 1826 4 "$T" long >years.csv
$B --diary week.yaml diary import --format csv week.csv >/dev/null || fail "import week"
$B --diary years.yaml diary import --format csv years.csv >/dev/null || fail "import years"
since7=$(date -d "$T -6 days" +%F)
since5y=$(date -d "$T -1825 days" +%F)

flat() { tr '\n' ' ' | tr -s ' '; }
# the figures `backcare report` prints, found in the PDF's text
figures() { # LANG DIARY SINCE PDF
	txt=$($B --lang "$1" --diary "$2" report --since "$3" | flat)
	pdf=$(pdftotext "$4" - | flat)
	for key in "Entries: " "Average pain: " "Worst pain: " "Change in the average: "; do
		case $txt in *"$key"*) ;; *) continue ;; esac
		fig=$(printf '%s' "$txt" | sed "s/.*$key\([-+0-9.]*\).*/\1/")
		[ -n "$fig" ] || fail "no figure after '$key' in the text report"
		contains "$pdf" "$key$fig"
	done
}

for lang in en zh_CN ar; do
	for paper in a4 letter; do
		for case in "week.yaml $since7" "years.yaml $since5y"; do
			set -- $case
			f="r-$lang-$paper-$1.pdf"
			expect_status 0 $B --lang $lang --diary "$1" report --pdf "$f" --since "$2" --paper $paper
			contains "$out" "$TESTTMP/$f"
			info=$(pdfinfo "$f")
			contains "$info" "Pages:           1"
			if [ $paper = a4 ]; then contains "$info" "595.28 x 841.89 pts"; else contains "$info" "612 x 792 pts"; fi
			# every font embedded: the emb column says yes on each row
			fonts=$(pdffonts "$f" | tail -n +3)
			[ -n "$fonts" ] || fail "$f has no fonts"
			printf '%s\n' "$fonts" | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }' ||
				fail "$f: a font is not embedded: $fonts"
			ok
		done
	done
done

# figures: the same as the text report, in English (the 7 days have a
# previous week to compare with; five years have none before them)
figures en week.yaml "$since7" r-en-a4-week.yaml.pdf
figures en years.yaml "$since5y" r-en-a4-years.yaml.pdf
pdf=$(pdftotext r-en-a4-week.yaml.pdf - | flat)
contains "$pdf" "Period: $since7 to $T (7 days)"
contains "$pdf" "it is not a diagnosis"
contains "$pdf" "Where it hurts"
contains "$pdf" "Red-flag checklist verdicts recorded"
contains "$pdf" "more notes not shown"
# long notes are cut with a mark, never onto a second page
pdf=$(pdftotext r-en-a4-years.yaml.pdf - | flat)
contains "$pdf" "…"

# Chinese intact
pdf=$(pdftotext r-zh_CN-a4-week.yaml.pdf - | flat)
contains "$pdf" "腰痛日记：给医生看的摘要"
contains "$pdf" "腰疼，性生活后加重，热敷后好一些。"
# Arabic in logical order (bidi marks and the spaces poppler puts between
# joined letters removed): visual order would read backwards
pdf=$(pdftotext r-ar-a4-week.yaml.pdf - | python3 -c '
import sys, re
t = sys.stdin.read()
print(re.sub("[\u202a-\u202e\u2066-\u2069\\s]", "", t))')
contains "$pdf" "يومياتألمالظهر:ملخصللطبيب"
entries=$($B --diary week.yaml diary list --since "$since7" | grep -c .)
# (pdftotext puts the colon of "label: 21" after the number: only the
# words are checked in order)
contains "$pdf" "التدوينات"
contains "$pdf" "التيفيهاتدوينات" # (poppler turns the lam-alef ligature around)
contains "$pdf" "$entries"

# default paper from the locale: US letter for the US, A4 elsewhere
LC_PAPER=en_US.UTF-8 $B --diary week.yaml report --pdf us.pdf >/dev/null || fail "us"
contains "$(pdfinfo us.pdf)" "612 x 792 pts"
LC_PAPER=de_DE.UTF-8 LANG=en_US.UTF-8 $B --diary week.yaml report --pdf de.pdf >/dev/null || fail "de"
contains "$(pdfinfo de.pdf)" "595.28 x 841.89 pts"
LC_ALL= LC_PAPER= LANG=C.UTF-8 $B --diary week.yaml report --pdf c.pdf >/dev/null || fail "c"
contains "$(pdfinfo c.pdf)" "595.28 x 841.89 pts"

# a path that cannot be written: its name, exit 1, nothing left behind
expect_status 1 $B --diary week.yaml report --pdf "$TESTTMP/no/such/dir/r.pdf"
contains "$err" "$TESTTMP/no/such/dir/r.pdf"
mkdir ro && chmod 500 ro
if [ "$(id -u)" != 0 ]; then
	expect_status 1 $B --diary week.yaml report --pdf ro/r.pdf
	contains "$err" "ro/r.pdf"
fi
expect_status 1 $B --diary week.yaml report --pdf ro
contains "$err" "ro"
expect_status 1 $B --diary week.yaml report --pdf week.yaml
contains "$err" "week.yaml"
cmp -s week.yaml week.yaml || fail "diary touched"
expect_status 2 $B --diary week.yaml report --pdf x.pdf --paper a5
contains "$err" "a5"
expect_status 2 $B --diary week.yaml report --paper letter
# the PDF program missing: said, exit 1
BACKCARE_PDF=/nonexistent/backcare-pdf expect_status 1 $B --diary week.yaml report --pdf m.pdf
contains "$err" "/nonexistent/backcare-pdf"

# an existing file is replaced atomically: a new inode, no temporary file
echo old >old.pdf
ino=$(stat -c %i old.pdf)
expect_status 0 $B --diary week.yaml report --pdf old.pdf
[ "$(stat -c %i old.pdf)" != "$ino" ] || fail "old.pdf rewritten in place"
contains "$(pdfinfo old.pdf)" "Pages:           1"
[ -z "$(ls -A | grep '^\.old\.pdf')" ] || fail "temporary file left: $(ls -A)"
# a symlink there is followed: the link stays, its target is the report
mkdir synced && echo old >synced/report.pdf && ln -s synced/report.pdf link.pdf
expect_status 0 $B --diary week.yaml report --pdf link.pdf
[ -L link.pdf ] || fail "the symlink was replaced"
contains "$(pdfinfo synced/report.pdf)" "Pages:           1"
echo "pdf: $checks checks"
