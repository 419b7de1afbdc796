# test_crypt_recover.sh — attack15 C2 and C6: a kill during diary encrypt /
# decrypt / passphrase. The diary and plan.yaml are two files: the plan is
# written first to plan.yaml.next, then the diary, then plan.yaml.next is
# renamed over plan.yaml. Each state a kill can leave is made here by hand
# from copies of the files before and after, and the next command must put
# the pair right (roll forward when the diary was rewritten, back when it
# was not), never losing the plan and never leaving it in the clear beside
# a sealed diary. Uses the real key-derivation cost.
. "$(dirname "$0")/lib.sh"
set -u
D="$TESTTMP/data/backcare/diary.yaml"
DIR="$(dirname "$D")"
PLAN="$DIR/plan.yaml"
NEXT="$PLAN.next"
P="$TESTTMP/pass"
N="$TESTTMP/new"
S="$TESTTMP/snap"
mkdir -p "$S"
printf 'a passphrase of some words\n' >"$P"
printf 'another passphrase entirely\n' >"$N"
bc() { "$BACKCARE" "$@"; }
bcp() { "$BACKCARE" --passphrase-file "$P" "$@"; }
bcn() { "$BACKCARE" --passphrase-file "$N" "$@"; }
sealed() { [ "$(head -c 7 "$1" | tail -c 6)" = BCSEAL ]; }
# put DIARY PLAN NEXT: the three files from the snapshots named
put() {
	cp "$S/$1.diary" "$D"
	cp "$S/$2.plan" "$PLAN"
	# a killed change's plan.yaml.next is old: a reader undoes only those
	if [ "$3" = - ]; then rm -f "$NEXT"; else cp "$S/$3.plan" "$NEXT" && touch -d '2 minutes ago' "$NEXT"; fi
	chmod 600 "$D" "$PLAN" "$NEXT" 2>/dev/null
	rm -f "$D.lock"
	:
}

expect_status 0 bc diary add --pain 4 --note "secret after-sex note" --at "2026-11-20 09:30"
mkdir -p "$DIR"
printf 'version: 1\nearly-signs: "stiff when waking, after sex"\n' >"$PLAN"
cp "$D" "$S/plain.diary"
cp "$PLAN" "$S/plain.plan"
expect_status 0 bcp diary encrypt
[ -e "$NEXT" ] && fail "encrypt left plan.yaml.next"
cp "$D" "$S/old.diary"
cp "$PLAN" "$S/old.plan"
sealed "$PLAN" || fail "the plan is not sealed after encrypt"
expect_status 0 bcp diary passphrase --new-passphrase-file "$N"
[ -e "$NEXT" ] && fail "passphrase left plan.yaml.next"
cp "$D" "$S/new.diary"
cp "$PLAN" "$S/new.plan"
expect_status 0 bcn plan
contains "$out" "stiff when waking"

# passphrase killed after the diary's rewrite: diary under the new
# passphrase, plan.yaml under the old, plan.yaml.next under the new
put new old new
expect_status 0 bcn plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] && fail "plan.yaml.next not renamed (passphrase, rolled forward)"
cmp -s "$PLAN" "$S/new.plan" || fail "plan.yaml is not the re-sealed plan"
put new old new
expect_status 0 bcn diary passphrase --new-passphrase-file "$P"
expect_status 0 bcp plan
contains "$out" "stiff when waking"
# a change under way in another backcare (plan.yaml.next just written,
# the diary not yet rewritten): a reader leaves its plan.yaml.next alone
put old old new
touch "$NEXT"
expect_status 0 bcp plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] || fail "a reader undid another backcare's change under way"
# passphrase killed before the diary's rewrite: rolled back
put old old new
expect_status 0 bcp plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] && fail "plan.yaml.next under another key left (passphrase, rolled back)"
cmp -s "$PLAN" "$S/old.plan" || fail "plan.yaml changed by the roll back"

# decrypt killed after the diary's rewrite: plain diary, sealed plan,
# plain plan.yaml.next
put plain old plain
expect_status 0 bc plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] && fail "plan.yaml.next not renamed (decrypt, rolled forward)"
sealed "$PLAN" && fail "plan.yaml still sealed beside the plain diary"
put plain old plain
expect_status 0 bcp diary encrypt
expect_status 0 bcp plan
contains "$out" "stiff when waking"
# decrypt killed before the diary's rewrite: the plain copy of the plan
# must not stay beside the sealed diary
put old old plain
cp "$S/plain.plan" "$DIR/.plan.yaml.next.tmp-Qw34Er"
expect_status 0 bcp plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] && fail "the plan in the clear (plan.yaml.next) left beside the sealed diary"
[ -e "$DIR/.plan.yaml.next.tmp-Qw34Er" ] && fail "a temporary of plan.yaml.next left in the clear"
cmp -s "$PLAN" "$S/old.plan" || fail "plan.yaml changed by the roll back (decrypt)"
put old old plain
expect_status 0 bcp diary decrypt
[ -e "$NEXT" ] && fail "decrypt left plan.yaml.next"
expect_status 0 bc plan
contains "$out" "stiff when waking"

# encrypt killed after the diary's rewrite: sealed diary, plan.yaml in
# the clear, sealed plan.yaml.next; encrypt again finishes it
put old plain old
expect_status 1 bcp diary encrypt
contains "$err" "already encrypted"
[ -e "$NEXT" ] && fail "plan.yaml.next not renamed (encrypt, rolled forward)"
sealed "$PLAN" || fail "the plan stays in the clear beside the sealed diary"
cmp -s "$PLAN" "$S/old.plan" || fail "plan.yaml is not the sealed plan"
expect_status 0 bcp plan
contains "$out" "stiff when waking"
# and any command that reads the plan does the same
put old plain old
expect_status 0 bcp plan
contains "$out" "stiff when waking"
sealed "$PLAN" || fail "plan in the clear after plan (encrypt, rolled forward)"
# encrypt killed before the diary's rewrite: rolled back
put plain plain old
expect_status 0 bc plan
contains "$out" "stiff when waking"
[ -e "$NEXT" ] && fail "plan.yaml.next left (encrypt, rolled back)"
cmp -s "$PLAN" "$S/plain.plan" || fail "plan.yaml changed by the roll back (encrypt)"
# neither file opens with the diary's key: both kept, said so
put new old old
cp "$S/plain.plan" "$NEXT"
touch -d '2 minutes ago' "$NEXT"
cp "$S/old.plan" "$PLAN"
cp "$S/new.diary" "$D"
expect_status 1 bcn plan
contains "$err" "plan.yaml.next"
[ -e "$NEXT" ] || fail "plan.yaml.next removed though plan.yaml does not open"

# C6: a decrypted temporary left by a killed decrypt beside the sealed
# diary is removed when the diary is next opened
put old old -
expect_status 0 bcp diary list
printf 'version: 1\nentries:\n  - note: secret after-sex note\n' >"$DIR/.diary.yaml.tmp-Ab12Cd"
expect_status 0 bcp diary list
contains "$out" "2026-11-20"
[ -e "$DIR/.diary.yaml.tmp-Ab12Cd" ] && fail "the decrypted temporary stays after opening the sealed diary"
printf 'x\n' >"$DIR/.diary.yaml.tmp-Ab12Cd"
expect_status 0 bcp diary decrypt
[ -e "$DIR/.diary.yaml.tmp-Ab12Cd" ] && fail "decrypt left a stale temporary"

# plan.yaml.next is one of backcare's files: exports refuse it, erase removes it
cp "$S/plain.plan" "$NEXT"
expect_status 2 bc diary export --format csv --output "$NEXT"
cmp -s "$NEXT" "$S/plain.plan" || fail "an export replaced plan.yaml.next"
: >"$DIR/.plan.yaml.next.tmp-Xy12Zw"
expect_status 0 bc diary erase --yes
contains "$out" "plan.yaml.next"
contains "$out" ".plan.yaml.next.tmp-Xy12Zw"
[ -e "$NEXT" ] && fail "erase left plan.yaml.next"
[ -e "$DIR/.plan.yaml.next.tmp-Xy12Zw" ] && fail "erase left the temporary of plan.yaml.next"
ok
echo "test_crypt_recover.sh: $checks checks"
