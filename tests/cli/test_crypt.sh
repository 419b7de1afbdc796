# test_crypt.sh — the encrypted diary from the command line: encrypt,
# every command with --passphrase-file, a wrong passphrase, a truncated
# and a changed file left byte for byte as they were, the passphrase
# changed, decrypt, exports that say they are unencrypted, erase. Uses
# the real key-derivation cost (about half a second a command).
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/data/backcare/diary.yaml"
P="$TESTTMP/pass"
printf 'a passphrase of some words\n' >"$P"
printf 'a passphrase of some wordz\n' >"$TESTTMP/bad"
bc() { "$BACKCARE" "$@"; }
# no controlling terminal (as under cron or CI), even when the tests run
# in one: a prompt would wait for a person
notty() { setsid -w "$BACKCARE" "$@" </dev/null; }
bcp() { "$BACKCARE" --passphrase-file "$P" "$@"; }

expect_status 0 bc diary add --pain 4 --note "secret after-sex note" --at "2026-11-20 09:30"
expect_status 0 bc diary add --pain 6 --context after-miscarriage --at "2026-11-21 10:00"
PLAN="$(dirname "$D")/plan.yaml"
printf 'version: 1\nearly-signs: "stiff when waking, after sex"\n' >"$PLAN"
expect_status 0 bc checkin --pain 5 --enjoyment 4 --activity 6 --at "2026-11-21 20:00"
# attack15 C3: a plain diary with comments is not encrypted, since the copy
# that keeps them would stay in the clear beside it
cp "$D" "$TESTTMP/before-comment"
sed -i '1a # private: a comment written by hand' "$D"
cp "$D" "$TESTTMP/with-comment"
expect_status 1 bcp diary encrypt
contains "$err" "comments"
cmp -s "$D" "$TESTTMP/with-comment" || fail "a refused encrypt changed the diary"
ls "$D".comments-* 2>/dev/null && fail "a refused encrypt left a comments copy in the clear"
cp "$TESTTMP/before-comment" "$D"
expect_status 0 bcp diary encrypt
contains "$out" "encrypted (2 entries)"
# the plan and the check-ins are sealed with it
[ "$(head -c 7 "$PLAN" | tail -c 6)" = BCSEAL ] || fail "plan.yaml is not sealed"
grep -q 'stiff\|early-signs' "$PLAN" && fail "plaintext in the sealed plan"
grep -q 'checkins\|enjoyment' "$D" && fail "check-ins in the clear"
expect_status 0 bcp plan
contains "$out" "stiff when waking, after sex"
expect_status 1 notty plan
expect_status 0 bcp checkin list
contains "$out" "2026-11-21"
expect_status 0 bcp checkin --pain 3 --enjoyment 3 --activity 3 --at "2026-11-28 20:00"
expect_status 0 bcp due
[ "$(head -c 7 "$D" | tail -c 6)" = BCSEAL ] || fail "the diary is not sealed"
grep -q 'secret\|after-miscarriage\|pain' "$D" && fail "plaintext in the encrypted diary"
[ "$(stat -c %a "$D")" = 600 ] || fail "encrypted diary is not 0600"
ok
expect_status 1 bcp diary encrypt
contains "$err" "already encrypted"

# every command works with the passphrase
expect_status 0 bcp diary list
contains "$out" "secret after-sex note"
expect_status 0 bcp diary add --pain 2 --note "third" --at "2026-11-22 08:00"
expect_status 0 bc diary stats --since 2026-11-01 --passphrase-file "$P"
contains "$out" "3"
expect_status 0 bcp report --since 2026-11-01
contains "$out" "third"
expect_status 0 bcp diary export --format csv
contains "$out" "secret after-sex note"
not_contains "$err" "unencrypted"
# C1: a plain file put in the sealed diary's place is not written to in
# the clear by a script that gives the passphrase
cp "$D" "$TESTTMP/sealed.keep"
printf 'version: 1\nentries:\n' >"$D"
cp "$D" "$TESTTMP/plain.before"
expect_status 1 bcp diary add --pain 3 --note "must not be written in the clear"
contains "$err" "not encrypted, but a passphrase was given"
cmp -s "$D" "$TESTTMP/plain.before" || fail "the plain stand-in was written to"
cp "$TESTTMP/sealed.keep" "$D"
ok
# the PDF program gets the key from its parent, never the passphrase again
expect_status 0 bcp report --pdf "$TESTTMP/r.pdf" --since 2026-11-01
contains "$err" "written unencrypted to $TESTTMP/r.pdf"
pdftotext "$TESTTMP/r.pdf" - | grep -q "third" || fail "the PDF of an encrypted diary lacks its notes"
expect_status 1 bc report --pdf "$TESTTMP/r2.pdf" </dev/null
[ -e "$TESTTMP/r2.pdf" ] && fail "a PDF was written without the passphrase"
expect_status 0 bcp diary export --format json --output "$TESTTMP/out.json"
contains "$err" "written unencrypted to $TESTTMP/out.json"
printf 'time,pain,note\n2026-11-23T08:00:00+01:00,5,imported\n' >"$TESTTMP/in.csv"
expect_status 0 bcp diary import --format csv "$TESTTMP/in.csv"
contains "$out" "Imported 1 entry"
grep -q 'imported\|third' "$D" && fail "plaintext after add/import"
ok

# without it, or with a wrong one: refused, nothing changed
cp "$D" "$TESTTMP/before"
expect_status 1 notty diary list
contains "$err" "--passphrase-file FILE"
expect_status 1 bc --passphrase-file "$TESTTMP/bad" diary add --pain 1
contains "$err" "wrong passphrase"
expect_status 1 bc --passphrase-file "$TESTTMP/missing" diary list
contains "$err" "missing"
cmp -s "$D" "$TESTTMP/before" || fail "a refused command changed the diary"
ok

# truncated, then one changed byte: named, every write refused, untouched
size=$(stat -c %s "$D")
head -c $((size - 5)) "$TESTTMP/before" >"$D"
cp "$D" "$TESTTMP/cut"
expect_status 1 bcp diary add --pain 1
contains "$err" "truncated"
expect_status 1 bcp diary list
contains "$err" "truncated"
cmp -s "$D" "$TESTTMP/cut" || fail "the truncated diary was rewritten"
ok
python3 -c "import sys; b=bytearray(open(sys.argv[1],'rb').read()); b[len(b)//2]^=4; open(sys.argv[1],'wb').write(b)" "$D" 2>/dev/null ||
	{ cp "$TESTTMP/before" "$D"; printf '\377' | dd of="$D" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null; }
cp "$TESTTMP/before" "$D"
printf 'X' | dd of="$D" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
cp "$D" "$TESTTMP/flipped"
expect_status 1 bcp diary import --format csv "$TESTTMP/in.csv"
contains "$err" "changed or damaged"
cmp -s "$D" "$TESTTMP/flipped" || fail "the changed diary was rewritten"
ok
cp "$TESTTMP/before" "$D"

# a new passphrase: the old one stops working
printf 'another long passphrase\n' >"$TESTTMP/new"
expect_status 2 bcp diary passphrase
expect_status 0 bcp diary passphrase --new-passphrase-file "$TESTTMP/new"
expect_status 1 bcp diary list
contains "$err" "wrong passphrase"
expect_status 0 bc --passphrase-file "$TESTTMP/new" diary list
contains "$out" "imported"
expect_status 0 bc --passphrase-file "$TESTTMP/new" plan
contains "$out" "stiff when waking"
expect_status 1 bcp plan
printf 'short\n' >"$TESTTMP/short"
expect_status 1 bc --passphrase-file "$TESTTMP/new" diary passphrase --new-passphrase-file "$TESTTMP/short"
contains "$err" "at least 8 bytes"

# decrypt: plain again, readable without a passphrase
expect_status 0 bc --passphrase-file "$TESTTMP/new" diary decrypt
contains "$out" "no longer encrypted"
expect_status 0 bc diary list
contains "$out" "secret after-sex note"
grep -q 'stiff when waking' "$PLAN" || fail "plan.yaml not plain again after decrypt"
expect_status 0 bc plan
expect_status 0 bc checkin list
contains "$out" "2026-11-28"
expect_status 1 bc diary decrypt
contains "$err" "not encrypted"

# erase: asks for the word, removes everything, lists it
mkdir -p "$XDG_CONFIG_HOME/backcare"
printf 'language: en\n' >"$XDG_CONFIG_HOME/backcare/config.yaml"
printf 'version: 1\n' >"$(dirname "$D")/plan.yaml"
: >"$(dirname "$D")/.diary.yaml.tmp-Ab12Cd"
# attack15 C4: the whole diary as it was, kept before its comments were dropped
printf '# private\n' >"$D.comments-20261201T101010"
printf '# phone numbers\n' >"$(dirname "$D")/plan.yaml.comments-20261101T100000"
expect_status 1 sh -c "echo no | '$BACKCARE' diary erase"
contains "$out" "Nothing was removed"
[ -f "$D" ] || fail "erase without the word removed the diary"
expect_status 0 sh -c "echo erase | '$BACKCARE' diary erase"
contains "$out" "Removed $D"
contains "$out" "plan.yaml"
contains "$out" "config.yaml"
contains "$out" ".diary.yaml.tmp-Ab12Cd"
contains "$out" "diary.yaml.lock"
contains "$out" "diary.yaml.comments-20261201T101010"
[ -e "$D.comments-20261201T101010" ] && fail "erase left the comments copy (the whole diary in the clear)"
contains "$out" "plan.yaml.comments-20261101T100000"
[ -e "$D" ] && fail "the diary is still there"
ls "$(dirname "$D")" | grep -q comments && fail "a comments copy is still there"
[ -e "$XDG_CONFIG_HOME/backcare" ] && fail "the settings folder is still there"
ok
expect_status 0 bc diary erase --yes
contains "$out" "Nothing to erase"
# the word is translated (the English one is taken too)
expect_status 0 bc diary add --pain 1
expect_status 1 sh -c "echo no | '$BACKCARE' --lang zh_CN diary erase"
contains "$out" "删除"
expect_status 0 sh -c "echo 删除 | '$BACKCARE' --lang zh_CN diary erase"
[ -e "$D" ] && fail "the diary survived the Chinese confirmation"
expect_status 0 bc diary add --pain 1
expect_status 0 sh -c "echo محو | '$BACKCARE' --lang ar diary erase"
[ -e "$D" ] && fail "the diary survived the Arabic confirmation"
ok
echo "test_crypt.sh: $checks checks"
