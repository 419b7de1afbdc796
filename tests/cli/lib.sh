# Helpers for CLI tests: sourced by tests/cli/test_*.sh.
# $BACKCARE is the binary; run from the source tree (./content is found).
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }
# expect_status N cmd...  — runs cmd, stores stdout in $out and stderr in $err
expect_status() {
	want=$1; shift
	"$@" >"$TESTTMP/out" 2>"$TESTTMP/err"; got=$?
	out=$(cat "$TESTTMP/out"); err=$(cat "$TESTTMP/err")
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want; stderr: $err"
	ok
}
# contains HAYSTACK NEEDLE
contains() { case "$1" in *"$2"*) ok ;; *) fail "expected to find '$2' in: $1" ;; esac; }
not_contains() { case "$1" in *"$2"*) fail "did not expect '$2' in: $1" ;; *) ok ;; esac; }
