# The command line's passphrase prompts on a real terminal: `diary encrypt`
# asks twice without echo (a mismatch and a short one are refused, then
# asked again), `diary list` asks for it (three tries), in English,
# Chinese and Arabic.
. "$E2E_LIB"

D="$TESTTMP/d.yaml"
"$BACKCARE" --diary "$D" diary add --pain 6 --note "prompt test" >/dev/null || fail "add"

# English: encrypt, typing a mismatch, a short one, then the same twice.
start 100 24 --diary "$D" diary encrypt
wait_for "New passphrase:"
type_text "first try words"; keys Enter
wait_for "The same passphrase again:"
type_text "not the same"; keys Enter
wait_for "the two passphrases differ"
type_text "short"; keys Enter
wait_for "at least 8 bytes"
type_text "correct horse battery"; keys Enter
type_text "correct horse battery"; keys Enter
wait_for "is encrypted (1 entry)"
screen | grep -q "horse\|first try\|not the same" && fail "a passphrase was echoed"
ok "nothing echoed"
wait_exit
[ "$status" = 0 ] || fail "encrypt exited $status"
stop
[ "$(head -c 7 "$D" | tail -c 6)" = BCSEAL ] || fail "not sealed"

# Chinese: list asks, a wrong one, then the right one.
start 100 24 --diary "$D" --lang zh_CN diary list
wait_for "日记 $D 的口令："
type_text "wrong words here"; keys Enter
wait_for "口令错误"
type_text "correct horse battery"; keys Enter
wait_for "prompt test"
wait_exit
[ "$status" = 0 ] || fail "list exited $status"
stop

# Arabic: three wrong ones typed ahead, without waiting for the prompts:
# none echoed (echo stays off while the keys are derived), refused.
start 100 24 --diary "$D" --lang ar diary list
wait_for "$D"
for i in 1 2 3; do type_text "wrong $i words"; keys Enter; done
wait_exit 20
screen | grep -q "wrong" && fail "a passphrase typed ahead was echoed"
ok "type-ahead not echoed"
[ "$status" = 1 ] || fail "list after three wrong passphrases exited $status"
screen | grep -q "prompt test" && fail "entries shown after wrong passphrases"
screen | grep -qF "$(visual "عبارة المرور خاطئة")" || screen | grep -qF "عبارة المرور خاطئة" ||
	fail "no Arabic 'wrong passphrase'"
ok "Arabic: three wrong tries refused"
stop
