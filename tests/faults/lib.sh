# Helpers for the faults suite: sourced by tests/faults/test_*.sh after the
# CLI tests' helpers (fail, ok, expect_status, contains, not_contains).
. "$SRCDIR/tests/cli/lib.sh"
set -u

# entries FILE — "ID PAIN" per entry of the diary FILE, sorted, into
# $TESTTMP/entries; fails unless the diary loads (exit 0, and nothing on
# stderr but warnings, e.g. about a torn last record set aside).
entries() {
	"$BACKCARE" --diary "$1" diary export --format csv >"$TESTTMP/export.csv" 2>"$TESTTMP/export.err" ||
		fail "the diary $1 does not load: $(cat "$TESTTMP/export.err")"
	grep -v '^warning: ' "$TESTTMP/export.err" | grep -q . &&
		fail "loading $1: $(cat "$TESTTMP/export.err")"
	tr -d '\r' <"$TESTTMP/export.csv" | awk -F, 'NR > 1 { print $1, $3 }' | sort >"$TESTTMP/entries"
	ok
}

# seed_csv FILE N [FIRST] — a CSV of N entries (ids s-FIRST...) to import.
seed_csv() {
	awk -v n="$2" -v first="${3:-0}" 'BEGIN {
		print "id,time,pain,note"
		for (i = first; i < first + n; i++)
			printf "s-%d,2025-%02d-%02dT08:%02d:00+01:00,%d,seed entry %d of a diary of some size\n",
				i, i % 12 + 1, i % 28 + 1, i % 60, i % 11, i
	}' >"$1"
}

# tmp_files DIR — the temporary files of interrupted saves found in DIR.
tmp_files() { ls -A "$1" | grep '\.tmp-' || true; }

# as_user CMD... — runs CMD as an unprivileged user: as root (whose
# permission checks are bypassed, so unwritable folders need another
# user) as nobody through setpriv, otherwise as oneself. give_user FILE...
# hands files to that user. can_be_user says whether there is one.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}
give_user() { [ "$(id -u)" != 0 ] || chown nobody "$@"; }
user_name() { if [ "$(id -u)" = 0 ]; then echo nobody; else id -un; fi; }
can_be_user() {
	[ "$(id -u)" != 0 ] || { command -v setpriv >/dev/null 2>&1 && getent passwd nobody >/dev/null; }
}

# listing DIR... — names, types, modes and owners of everything below DIR
listing() { find "$@" -printf '%p %y %m %u\n' 2>/dev/null | sort; }
