# test_paths.sh — where the diary is: a missing folder (made 0700), an
# unwritable one, a directory, a FIFO, a device or a file of another user
# where the diary should be (refused with the path and the reason, exit 1,
# nothing created anywhere), the diary as a symlink into a synced folder
# (followed: the temporary file, the lock and the rename beside the
# target, the link kept), and the modes whatever the umask.
. "$SRCDIR/tests/faults/lib.sh"
P="$TESTTMP/p"
mkdir -p "$P"
seed_csv "$TESTTMP/seed.csv" 5
seed_csv "$TESTTMP/more.csv" 3 100

# refused_everywhere DIARY WORDS — every command that reads or writes the
# diary exits 1 naming it and WORDS, within 10 s (a FIFO must not hang),
# and nothing appears in $P or beside DIARY.
refused_everywhere() {
	where=$(dirname "$1")
	listing "$P" "$where" >"$TESTTMP/before"
	for cmd in "diary add --pain 3" "diary list" "diary stats" "diary export --format csv" \
		"diary import --format csv $TESTTMP/seed.csv" "report"; do
		timeout 10 "$BACKCARE" --diary "$1" $cmd >"$TESTTMP/out" 2>"$TESTTMP/err"
		rc=$?
		err=$(cat "$TESTTMP/err")
		[ "$rc" = 1 ] || fail "'$cmd' on $1 exited $rc, expected 1; stderr: $err"
		contains "$err" "$1: "
		contains "$err" "$2"
	done
	# and the app (the model's diary_open, then an add)
	printf 'add 3\n' | timeout 10 "$TORTURE" "$1" script >"$TESTTMP/out" 2>"$TESTTMP/err"
	rc=$?
	[ "$rc" = 1 ] || fail "the app opening $1 exited $rc, expected 1"
	contains "$(cat "$TESTTMP/err")" "$2"
	listing "$P" "$where" >"$TESTTMP/after"
	diff "$TESTTMP/before" "$TESTTMP/after" >/dev/null ||
		fail "something was created for $1: $(diff "$TESTTMP/before" "$TESTTMP/after")"
	ok
}

# --- a missing folder: made on the first save, 0700; loading makes nothing
D="$P/new/sub/diary.yaml"
expect_status 0 "$BACKCARE" --diary "$D" diary list
contains "$out" "No entries yet"
[ -e "$P/new" ] && fail "loading a missing diary created its folder"
expect_status 0 "$BACKCARE" --diary "$D" diary add --pain 3
listing "$P/new" >"$TESTTMP/l"
grep -q "^$P/new d 700 " "$TESTTMP/l" && grep -q "^$P/new/sub d 700 " "$TESTTMP/l" &&
	grep -q "^$D f 600 " "$TESTTMP/l" || fail "modes of a new diary: $(cat "$TESTTMP/l")"
ok
echo "  missing folder: created 0700 (every level) on the first save, the file 0600; a load creates nothing"

# --- the umask does not matter --------------------------------------------
for mask in 000 022 077 277; do
	D="$P/umask$mask/a/diary.yaml"
	(umask $mask && "$BACKCARE" --diary "$D" diary add --pain 2 >/dev/null &&
		"$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/seed.csv" >/dev/null &&
		"$BACKCARE" --diary "$D" diary add --pain 2 >/dev/null &&
		"$BACKCARE" --diary "$D" diary export --format json --output "$P/umask$mask/a/export.json") ||
		fail "saving under umask $mask failed"
	listing "$P/umask$mask" >"$TESTTMP/l"
	bad=$(grep -v -e ' d 700 ' -e ' f 600 ' "$TESTTMP/l")
	[ -z "$bad" ] || fail "under umask $mask: $bad"
	ok
done
echo "  umask 000, 022, 077, 277: folders 0700, diary, lock and export 0600"

# --- a directory, a FIFO, a device, a symlink loop: refused ---------------
mkdir "$P/adir"
refused_everywhere "$P/adir" "is a directory"
mkfifo "$P/afifo"
refused_everywhere "$P/afifo" "is a FIFO"
refused_everywhere /dev/null "is a device"
ln -s /dev/null "$P/link-to-null"
refused_everywhere "$P/link-to-null" "is a device"
ls -A /dev | grep -q -e '^null\.' -e '^\.null' && fail "something was created in /dev"
ln -s "$P/loop2" "$P/loop1"
ln -s "$P/loop1" "$P/loop2"
refused_everywhere "$P/loop1" "Too many levels of symbolic links"
# Names that can only be folders: refused before a folder or a lock is
# made for them; an empty --diary is a usage error.
refused_everywhere "$P/not-yet/" "is a directory"
refused_everywhere "$P/adir/.." "is a directory"
listing "$P" >"$TESTTMP/before"
(cd "$P" && "$BACKCARE" --diary "" diary add --pain 3) >"$TESTTMP/out" 2>"$TESTTMP/err"
[ $? = 2 ] || fail "--diary '' did not give a usage error"
contains "$(cat "$TESTTMP/err")" "--diary needs a value"
listing "$P" >"$TESTTMP/after"
diff "$TESTTMP/before" "$TESTTMP/after" >/dev/null || fail "--diary '' created something"
echo "  a directory, a FIFO, /dev/null (also through a symlink), a symlink loop, 'dir/' and 'dir/..': refused by add, list, stats, export, import, report and the app; exit 1, nothing created; --diary '' a usage error"

# The settings file as a FIFO or a device: ignored with a warning, no hang.
mkdir -p "$XDG_CONFIG_HOME/backcare"
mkfifo "$XDG_CONFIG_HOME/backcare/config.yaml"
timeout 10 "$BACKCARE" --diary "$P/cfg.yaml" diary list >"$TESTTMP/out" 2>"$TESTTMP/err"
rc=$?
[ "$rc" = 0 ] || fail "with config.yaml a FIFO: exit $rc (124: it hung); $(cat "$TESTTMP/err")"
contains "$(cat "$TESTTMP/err")" "config.yaml: not a regular file; ignored"
rm "$XDG_CONFIG_HOME/backcare/config.yaml"
ln -s /dev/zero "$XDG_CONFIG_HOME/backcare/config.yaml"
expect_status 0 timeout 10 "$BACKCARE" --diary "$P/cfg.yaml" diary list
contains "$err" "not a regular file; ignored"
rm "$XDG_CONFIG_HOME/backcare/config.yaml"
echo "  config.yaml as a FIFO or a link to /dev/zero: ignored with a warning, no hang"

# --- a file owned by someone else -----------------------------------------
if getent passwd nobody >/dev/null && [ "$(id -u)" = 0 ]; then
	D="$P/theirs/diary.yaml"
	expect_status 0 "$BACKCARE" --diary "$D" diary import --format csv "$TESTTMP/seed.csv"
	rm -f "$D.lock"
	chown nobody "$D"
	cp "$D" "$TESTTMP/theirs"
	refused_everywhere "$D" "belongs to another user"
	cmp -s "$D" "$TESTTMP/theirs" || fail "another user's diary was changed"
	echo "  a diary owned by another user (nobody), even for root: refused by every command and the app, nothing created"
elif [ -f /etc/passwd ] && [ "$(stat -c %u /etc/passwd)" != "$(id -u)" ]; then
	# Not root: a file of root's that anyone may read, through a link.
	ln -s /etc/passwd "$P/theirs-link"
	cp /etc/passwd "$TESTTMP/theirs"
	refused_everywhere "$P/theirs-link" "belongs to another user"
	cmp -s /etc/passwd "$TESTTMP/theirs" || fail "/etc/passwd changed"
	echo "  a diary owned by another user (root's /etc/passwd through a link): refused by every command and the app, nothing created"
else
	echo "  a diary owned by another user: SKIPPED (no file of another user at hand)"
fi

# --- the diary as a symlink into a synced folder --------------------------
# The default diary path ($XDG_DATA_HOME/backcare/diary.yaml) is a link,
# first dangling: the first save makes the target.
S="$P/synced/backcare"
mkdir -p "$S" "$XDG_DATA_HOME/backcare"
L="$XDG_DATA_HOME/backcare/diary.yaml"
ln -s synced/backcare/real.yaml "$P/rel-link" # relative, through a chain
ln -s "$P/rel-link" "$L"
linkdir_before=$(ls -A "$XDG_DATA_HOME/backcare")
linked() {
	[ -L "$L" ] && [ "$(readlink "$L")" = "$P/rel-link" ] && [ -L "$P/rel-link" ] ||
		fail "$1: the link was replaced"
	[ -f "$S/real.yaml" ] && [ ! -L "$S/real.yaml" ] || fail "$1: the target is not a file"
	[ "$(ls -A "$XDG_DATA_HOME/backcare")" = "$linkdir_before" ] ||
		fail "$1: files appeared beside the link: $(ls -A "$XDG_DATA_HOME/backcare")"
	[ "$(ls -A "$P" | grep -v -e '^rel-link$' -e '^synced$' -e '^umask' -e '^new$' \
		-e '^adir$' -e '^afifo$' -e '^link-to-null$' -e '^loop' -e '^theirs' -e '^cfg')" = "" ] ||
		fail "$1: files appeared in $P"
	[ -z "$(tmp_files "$S")" ] || fail "$1: temporary files left in $S"
	ok
}
expect_status 0 "$BACKCARE" diary add --pain 6 --note "through the link"
linked "add to a dangling link"
expect_status 0 "$BACKCARE" diary add --pain 7
linked "add (append)"
expect_status 0 "$BACKCARE" diary import --format csv "$TESTTMP/seed.csv"
linked "import (rewrite)"
printf 'upd s-1 9\ndel s-2\nadd 4 from the app\n' | "$TORTURE" "$L" script >"$TESTTMP/out" 2>&1
[ "$(grep -c -e '^UPD' -e '^DEL' -e '^ADD' "$TESTTMP/out")" = 3 ] || fail "the app through the link: $(cat "$TESTTMP/out")"
linked "update, delete, add by the app"
entries "$L"
[ "$(wc -l <"$TESTTMP/entries")" = 7 ] || fail "expected 7 entries: $(cat "$TESTTMP/entries")"
grep -q '^s-1 9$' "$TESTTMP/entries" && ! grep -q '^s-2 ' "$TESTTMP/entries" ||
	fail "the update or the delete is not in the target"
ok
[ "$(stat -c %a "$S/real.yaml")" = 600 ] || fail "the target is not 0600"
[ -e "$S/real.yaml.lock" ] || fail "the lock is not beside the target"
# An export over the diary itself (by its own name or through the link)
# is refused: the rename would replace the diary with its CSV.
cp "$S/real.yaml" "$TESTTMP/real.before"
expect_status 2 "$BACKCARE" diary export --format csv --output "$S/real.yaml"
contains "$err" "is the diary itself"
expect_status 2 "$BACKCARE" --diary "$S/real.yaml" diary export --format json --output "$L"
cmp -s "$S/real.yaml" "$TESTTMP/real.before" || fail "an export replaced the diary"
linked "export over the diary"
# A symlink to a directory is refused like the directory.
ln -s "$P/adir" "$P/link-to-dir"
refused_everywhere "$P/link-to-dir" "is a directory"
echo "  symlink chain (absolute, then relative) to a synced folder: add to a dangling link, append, import, app update/delete/add all kept the links, wrote the target (0600), nothing beside the link; an export over the diary refused"

# --- as an ordinary user (nobody when run as root): an unwritable folder;
# the symlink's saves happen beside the target (the link's folder is not
# writable for that user) ---
if can_be_user; then
	U="$TESTTMP/u"
	chmod 711 "$TESTTMP" "$P"
	mkdir -p "$U/ro" "$U/ro-empty" "$U/sync" "$U/links"
	give_user "$U/ro" "$U/ro-empty" "$U/sync"
	chmod 755 "$U" "$U/links"
	nb() { as_user "$BACKCARE" --diary "$D" "$@"; }
	cp "$TESTTMP/seed.csv" "$TESTTMP/more.csv" "$U/" && chmod 644 "$U"/*.csv
	# A folder the user cannot write holding the user's diary: loading
	# works, a save is refused (no lock can be made there), the diary
	# unchanged.
	D="$U/ro/diary.yaml"
	expect_status 0 nb diary import --format csv "$U/seed.csv"
	rm "$D.lock"
	chmod 500 "$U/ro"
	cp "$D" "$TESTTMP/ro-before"
	listing "$U" >"$TESTTMP/before"
	expect_status 0 nb diary list
	expect_status 1 nb diary add --pain 5
	contains "$err" "$D: "
	contains "$err" "Permission denied"
	expect_status 1 nb diary import --format csv "$U/more.csv"
	contains "$err" "$D: "
	contains "$err" "Permission denied"
	cmp -s "$D" "$TESTTMP/ro-before" || fail "the diary in the unwritable folder changed"
	listing "$U" >"$TESTTMP/after"
	diff "$TESTTMP/before" "$TESTTMP/after" >/dev/null || fail "something was created: $(diff "$TESTTMP/before" "$TESTTMP/after")"
	# With the lock already there an append needs no new file; a rewrite
	# still does, and is refused with the diary as it was.
	chmod 700 "$U/ro" && as_user touch "$D.lock" && chmod 500 "$U/ro"
	expect_status 0 nb diary add --pain 5
	cp "$D" "$TESTTMP/ro-before"
	expect_status 1 nb diary import --format csv "$U/more.csv"
	contains "$err" "cannot save the diary: Permission denied"
	cmp -s "$D" "$TESTTMP/ro-before" || fail "a refused import changed the diary"
	# A missing diary in an unwritable folder, or under one.
	for D in "$U/ro-empty/diary.yaml" "$U/ro-empty/sub/diary.yaml"; do
		chmod 500 "$U/ro-empty"
		listing "$U" >"$TESTTMP/before"
		expect_status 1 nb diary add --pain 5
		contains "$err" "$D: "
		contains "$err" "Permission denied"
		listing "$U" >"$TESTTMP/after"
		diff "$TESTTMP/before" "$TESTTMP/after" >/dev/null || fail "something was created for $D"
	done
	chmod 700 "$U/ro" "$U/ro-empty"
	echo "  unwritable folder (as $(user_name)): list works; add, import refused with 'Permission denied' naming the diary, nothing created; an append through an existing lock works, a rewrite is refused with the diary unchanged"
	# The link in a folder the user cannot write, the target in one they can.
	chmod u+w "$U/links"
	ln -s "$U/sync/real.yaml" "$U/links/diary.yaml"
	[ "$(id -u)" = 0 ] || chmod 555 "$U/links" # as root: root's folder, not nobody's
	D="$U/links/diary.yaml"
	expect_status 0 nb diary add --pain 3
	expect_status 0 nb diary import --format csv "$U/seed.csv"
	expect_status 0 nb diary add --pain 4
	[ -L "$D" ] || fail "the link was replaced"
	[ "$(ls -A "$U/links")" = "diary.yaml" ] || fail "files beside the link: $(ls -A "$U/links")"
	[ "$(stat -c %U "$U/sync/real.yaml")" = "$(user_name)" ] || fail "the target is not the user's"
	expect_status 0 nb diary list
	[ "$(printf '%s\n' "$out" | wc -l)" = 7 ] || fail "expected 7 entries through the link: $out"
	echo "  symlink whose own folder is unwritable (as $(user_name)): add, import, add succeed, so the temporary file, the lock and the rename are beside the target"
else
	echo "  unwritable folder, symlink as an ordinary user: SKIPPED (as root, needs setpriv and the user nobody)"
fi
echo "test_paths.sh: $checks checks"
