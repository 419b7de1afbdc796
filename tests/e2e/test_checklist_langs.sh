# The checklist in Chinese and Arabic, as in test_checklist.sh for English:
# headings that match their items, a key bar that calls Enter the result,
# Enter with nothing ticked asks before any all-clear, the card about a
# ticked sign under it, and the emergency level said once.
. "$E2E_LIB"

title_of() { # title_of LANG ID — a card's title from its YAML
	sed -n 's/^title: *"*\([^"]*\)"* *$/\1/p' "$SRCDIR/content/$1/cards/$2.yaml"
}

# check_lang LANG SHOW... — SHOW turns logical text into what the screen
# shows (the identity for Chinese, visual order and shaping for Arabic)
check_lang() {
	lang=$1 show=$2
	start 80 24 --lang "$lang" --content "$SRCDIR/content"
	sleep 0.3
	keys j Enter
	case $lang in
	zh_CN)
		spine="腰背、神经和腿" general="摔伤、心脏和全身情况" first="会阴部、肛门周围"
		result="Enter 结果" tick="Space 勾选" ask="你还没有勾选任何一项"
		banner="!!! 紧急" once="紧急" title="紧急：立即呼救" count="已勾选 1 项" ;;
	ar)
		spine="الظهر والأعصاب والساقان" general="السقوط والقلب والصحة العامة"
		first="هل ظهر لديك خدر" result="النتيجة" tick="تحديد"
		ask="لم تحدد أي شيء بعد" banner="طارئ" once="طارئ"
		title="طارئ: اطلب المساعدة الآن" count="حددت بندا واحدا" ;;
	esac
	wait_for "$($show "$spine")"
	wait_for "$($show "$general")"
	wait_for "$($show "$result")"
	screen | tail -1 | grep -qF "$($show "$tick")" || fail "$lang: Space is not called Tick"
	no_row_wider
	# the first heading's first item is right under it
	screen | grep -A1 -F -- "$($show "$spine")" | tail -1 | grep -qF "[ ]" ||
		fail "$lang: no item under the first heading"
	ok "$lang: an item under the first heading"

	# nothing ticked: a question, never an all-clear
	keys Enter
	wait_for "$($show "$ask")"
	no_row_wider
	keys Escape
	wait_gone "$($show "$ask")"
	wait_for "$($show "$spine")"

	# the first item (cauda equina numbness): emergency, said once, and
	# the card about it
	keys Space
	sleep 0.3
	keys Enter
	wait_for "!!!"
	wait_for "$($show "$banner")"
	disc=$(title_of "$lang" disc-and-sciatica)
	[ -n "$disc" ] || fail "$lang: no title for disc-and-sciatica"
	wait_for "$($show "$disc")"
	screen | grep -qF -- "$($show "$title")" && fail "$lang: the level is said twice"
	n=$(screen | grep -cF -- "$($show "$once")")
	[ "$n" = 1 ] || fail "$lang: '$once' is on $n rows, not once"
	ok "$lang: the emergency level is said once"
	no_row_wider
	keys Escape
	sleep 0.3
	keys q q q
	wait_exit
	[ "$status" = 0 ] || fail "$lang: exit status $status"
	stop
}

same() { printf '%s' "$1"; }
check_lang zh_CN same
# Arabic is matched as the app shows it: make e2e builds the helper
vis=""
for v in "$(dirname "$BACKCARE")/tests/visual" "$SRCDIR/build/tests/visual"; do
	[ -x "$v" ] && { vis=$v; break; }
done
[ -n "$vis" ] || fail "no tests/visual helper next to the binary or in build/ (make e2e builds it)"
arvis() { "$vis" "$1"; }
check_lang ar arvis
