# r in the Diary: offers a PDF in the person's home, writes it with
# backcare-pdf and says where it went; a name ending in .txt gives the
# text report; a folder that does not exist is named in the error. In
# English, Chinese and Arabic.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
"$BACKCARE" --diary "$D" diary add --pain 6 --where lower-back --note "after the long drive" >/dev/null ||
	fail "diary add"
today=$(date +%F)
# wait_file PATH — until the app has written it (the prompt shows the
# same path, so the screen alone cannot tell)
wait_file() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$1" ] || fail "$1 was not written"
	[ $lang != en ] || wait_gone "Esc cancels"
}
# (an Arabic line shows a path's leading / at its other end: the path is
# looked for without it)
H=${APPHOME#/}

for lang in en zh_CN ar; do
	rm -f "$APPHOME/backcare-report-$today.pdf" "$APPHOME/r.txt"
	start 80 24 --lang $lang --diary "$D"
	sleep 0.5
	keys j j Enter
	sleep 0.5
	# at 80 columns the bar still names r (the bar drops others first)
	case $lang in
	en) wait_for "r Report" && expect_row 23 "r Report" ;;
	zh_CN) wait_for "r 报告" && expect_row 23 "r 报告" ;;
	esac
	keys r
	wait_for "backcare-report-$today.pdf"
	ok "$lang: r offers ~/backcare-report-$today.pdf"
	keys Enter
	wait_file "$APPHOME/backcare-report-$today.pdf"
	wait_for "$H/backcare-report-$today.pdf"
	pdfinfo "$APPHOME/backcare-report-$today.pdf" | grep -q "Pages: *1" || fail "$lang: not a one-page PDF"
	ok "$lang: the PDF is written and the screen says where"
	keys r C-u
	type_text "~/r.txt"
	keys Enter
	wait_file "$APPHOME/r.txt"
	wait_for "$H/r.txt"
	grep -q "after the long drive" "$APPHOME/r.txt" || fail "$lang: the text report lacks the note"
	ok "$lang: .txt gives the text report"
	keys r C-u
	type_text "$TESTTMP/no/such/r.pdf"
	keys Enter
	[ $lang != en ] || wait_gone "Esc cancels"
	wait_for "${TESTTMP#/}/no/such/r.pdf"
	[ ! -e "$TESTTMP/no" ] || fail "$lang: a folder was made"
	ok "$lang: an unwritable path is named"
	keys Escape
	stop
done
