# The encrypted diary in the app: the passphrase prompt at start (nothing
# echoed), a wrong passphrase with the tries left, the right one opening
# the diary screens (an entry added there stays sealed), three wrong ones
# opening without the diary (cards and checklist work, the diary says
# why, nothing written), Esc; in English, Chinese and Arabic.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
P="$TESTTMP/pass"
printf 'correct horse battery\n' >"$P"
"$BACKCARE" --diary "$D" diary add --pain 5 --note "hello sealed" --at "2026-11-20 09:30" >/dev/null ||
	fail "add"
"$BACKCARE" --diary "$D" --passphrase-file "$P" diary encrypt >/dev/null || fail "encrypt"
sealed() {
	[ "$(head -c 7 "$D" | tail -c 6)" = BCSEAL ] || fail "the diary is no longer encrypted"
	grep -q 'hello\|pain' "$D" && fail "plaintext in the encrypted diary"
	ok "the diary is still sealed"
}

# English: a wrong passphrase, then the right one; the diary opens.
start 80 24 --diary "$D"
wait_for "Your diary is encrypted."
wait_for "Passphrase:"
type_text "not the passphrase"
screen | grep -q "not the passphrase" && fail "the passphrase was echoed"
ok "nothing echoed"
keys Enter
wait_for "Wrong passphrase. 2 tries left."
type_text "correct horse battery"
keys Enter
wait_for "Diary"
keys j j Enter
wait_for "hello sealed"
keys a
wait_for "Pain"
keys 7 C-s
wait_for "2 entries"
# the flare-up plan, written after unlocking, is sealed with the diary
keys Escape
wait_for "Flare-up plan"
keys g j j j j j Enter
wait_for "Early signs"
keys e
wait_for "Edit the flare-up plan"
type_text "Stiff after sex"
keys C-s
wait_for "Flare-up plan saved."
keys q q
wait_exit
stop
sealed
PLAN="$TESTTMP/plan.yaml"
[ "$(head -c 7 "$PLAN" | tail -c 6)" = BCSEAL ] || fail "plan.yaml is not sealed"
grep -q 'Stiff' "$PLAN" && fail "plaintext in the sealed plan"
"$BACKCARE" --diary "$D" --passphrase-file "$P" plan | grep -q 'Stiff after sex' || fail "the sealed plan does not read back"
ok "the plan is sealed and reads back"
"$BACKCARE" --diary "$D" --passphrase-file "$P" diary list | grep -q ' 7 ' || fail "the entry added in the app is not there"
ok "the app's entry is in the sealed diary"

# Chinese: three wrong tries open the app without the diary.
cp "$D" "$TESTTMP/before"
start 80 24 --diary "$D" --lang zh_CN
wait_for "你的日记已加密。"
no_row_wider
for i in 1 2 3; do
	type_text "wrong $i"
	keys Enter
	[ $i -lt 3 ] && wait_for "口令错误。还可以再试 $((3 - i)) 次。"
done
wait_for "无法打开日记"
wait_for "卡片"
screen | grep -q "今天还没有写日记" && fail "a locked diary claims nothing was written today"
ok "no due lines from a locked diary"
keys j Enter
wait_for "清单"
keys Escape
wait_for "日记"
keys j Enter
wait_for "日记已加密，但没有提供口令"
wait_for "日记已加密并保持锁定"
screen | grep -q "移走" && fail "a locked diary is called broken (move it away)"
ok "the locked diary says how to open it"
keys a
keys 3 C-s
sleep 0.5
keys Escape Escape
sleep 0.3
cp "$PLAN" "$TESTTMP/plan.before"
keys g j j j j j Enter
wait_for "应对计划已加密，但没有提供口令"
keys e
type_text "x"
keys C-s
sleep 0.5
keys Escape Escape q q q
wait_exit
stop
cmp -s "$D" "$TESTTMP/before" || fail "the diary was written without its passphrase"
cmp -s "$PLAN" "$TESTTMP/plan.before" || fail "the sealed plan was written without its passphrase"
ok "nothing written after three wrong tries"

# Arabic: the prompt right-aligned; Esc opens without the diary.
start 80 24 --diary "$D" --lang ar
enc=$(visual "يومياتك مشفرة.")
wait_for "$enc"
right_aligned "$enc"
no_row_wider
type_text "wrong"
keys Enter
wait_for "$(visual "عبارة المرور خاطئة. بقيت محاولتان.")"
keys Escape
wait_for "$(visual "البطاقات")"
keys q
wait_exit
stop
cmp -s "$D" "$TESTTMP/before" || fail "the diary was written after Esc"
ok "Arabic prompt, Esc opens without the diary"

# No plan yet and the diary left locked: a new plan is not written in the
# clear beside the encrypted diary.
rm -f "$PLAN"
start 80 24 --diary "$D"
wait_for "Your diary is encrypted."
keys Escape
wait_for "The diary stays locked"
keys g j j j j j Enter
wait_for "Early signs"
keys e
wait_for "Edit the flare-up plan"
type_text "written while locked"
keys C-s
wait_for "The diary is encrypted and locked"
keys Escape
sleep 0.3
keys y Escape q q q
wait_exit
stop
[ -e "$PLAN" ] && fail "a plan was written in the clear while the diary was locked"
ok "no plan in the clear beside a locked diary"
