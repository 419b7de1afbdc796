# r in the Diary: offers a PDF in the person's home, writes it with
# backcare-pdf and says where it went; a name ending in .txt gives the
# text report; a folder that does not exist is named in the error. In
# English, Chinese and Arabic.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
"$BACKCARE" --diary "$D" diary add --pain 6 --where lower-back --note "after the long drive" >/dev/null ||
	fail "diary add"
today=$(date +%F)

for lang in en zh_CN ar; do
	rm -f "$APPHOME/backcare-report-$today.pdf" "$APPHOME/r.txt"
	start 80 24 --lang $lang --diary "$D"
	sleep 0.5
	keys j j Enter
	sleep 0.5
	keys r
	wait_for "backcare-report-$today.pdf"
	ok "$lang: r offers ~/backcare-report-$today.pdf"
	keys Enter
	wait_for "$APPHOME/backcare-report-$today.pdf"
	[ -f "$APPHOME/backcare-report-$today.pdf" ] || fail "$lang: no PDF written"
	pdfinfo "$APPHOME/backcare-report-$today.pdf" | grep -q "Pages: *1" || fail "$lang: not a one-page PDF"
	ok "$lang: the PDF is written and the screen says where"
	keys r C-u
	type_text "~/r.txt"
	keys Enter
	wait_for "$APPHOME/r.txt"
	grep -q "after the long drive" "$APPHOME/r.txt" || fail "$lang: the text report lacks the note"
	ok "$lang: .txt gives the text report"
	keys r C-u
	type_text "$TESTTMP/no/such/r.pdf"
	keys Enter
	wait_for "$TESTTMP/no/such/r.pdf"
	ok "$lang: an unwritable path is named"
	keys Escape
	stop
done
