#!/bin/sh
# The catalogs are complete: every string the code marks is in every
# catalog, translated, not fuzzy, and msgfmt --check is clean.
set -u
fail=0
pot=$(mktemp)
ls src/*.c src/tui/*.c > "$pot.files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	-f "$pot.files" -o "$pot" 2>/dev/null || { echo "po: xgettext failed"; exit 1; }
for l in $(cat po/LINGUAS); do
	po=po/$l.po
	[ -f "$po" ] || { echo "po: $po is missing"; fail=1; continue; }
	stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "po: $po: $stats"; fail=1; }
	case "$stats" in *untranslated*|*fuzzy*) echo "po: $po: $stats"; fail=1 ;; esac
	# strings marked in the code but missing from the catalog
	missing=$(msgcmp --use-untranslated "$po" "$pot" 2>&1 | grep -c 'this message is used but not defined')
	if [ "$missing" != 0 ]; then
		echo "po: $po lacks $missing string(s) the code uses (run make update-po):"
		msgcmp --use-untranslated "$po" "$pot" 2>&1 | grep -A1 'used but not defined' | head -20
		fail=1
	fi
	echo "po: $l: $stats"
done
rm -f "$pot" "$pot.files"
[ "$fail" = 0 ]
