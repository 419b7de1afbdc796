#!/bin/sh
# The Debian package ($1, from `make deb`): lintian finds no errors (its
# warnings are printed), and as root it installs cleanly, the installed
# program runs from /usr with its content, catalogs, man page and bash
# completion, and it removes cleanly. Run by `make deb-test`.
set -u
deb=$1
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$deb" ] || fail "no package $deb"

lint=$(lintian "$deb" 2>&1 | grep -v 'running with root privileges')
[ -n "$lint" ] && printf 'lintian says:\n%s\n' "$lint"
printf '%s\n' "$lint" | grep -q '^E:' && fail "lintian reports errors"
echo "ok lintian: no errors"

if [ "$(id -u)" != 0 ]; then
	echo "ok not root: install test skipped (run 'sudo make deb-test')"
	exit 0
fi
if dpkg-query -W -f='${Status}' backcare 2>/dev/null | grep -q 'install ok installed'; then
	fail "backcare is already installed here: not touching it"
fi
dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"
trap 'dpkg -r backcare >/dev/null 2>&1' EXIT
echo "ok installed"
home=$(mktemp -d)
run() { env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 /usr/bin/backcare "$@"; }
v=$(run --version) || fail "backcare --version failed"
case "$v" in *0.*) echo "ok $v" ;; *) fail "--version said '$v'" ;; esac
n=$(cd / && run cards | wc -l)
[ "$n" -gt 10 ] || fail "the installed program lists $n cards (content not found?)"
echo "ok $n cards from /usr/share/backcare"
(cd / && run --lang zh_CN search 流产腰痛 | grep -q after-miscarriage-recovery) ||
	fail "Chinese search in the installed program"
(cd / && run --lang ar show nope 2>&1 | grep -q 'backcare cards') ||
	fail "the installed program's Arabic hint"
(cd / && run --lang zh_CN search zzzqqq 2>&1 | grep -q '没有卡片') || fail "the Chinese catalog is not found"
echo "ok search, catalogs"
[ -f /usr/share/bash-completion/completions/backcare ] || fail "no bash completion"
[ -f /usr/share/man/man1/backcare.1.gz ] || fail "no man page"
echo "ok completion, man page"
# the PDF program is found where the package put it (/usr/lib/backcare)
run --diary "$home/d.yaml" diary add --pain 4 --note "installed" >/dev/null || fail "diary add"
run --lang zh_CN --diary "$home/d.yaml" report --pdf "$home/r.pdf" >/dev/null 2>&1 ||
	fail "the installed program cannot write the PDF report"
pdfinfo "$home/r.pdf" | grep -q '^Pages: *1$' || fail "the installed PDF report is not one page"
echo "ok PDF report"
rm -rf "$home"
dpkg -r backcare >/dev/null || fail "dpkg -r failed"
trap - EXIT
[ ! -e /usr/bin/backcare ] || fail "/usr/bin/backcare is still there after removal"
[ ! -e /usr/share/backcare ] || fail "/usr/share/backcare is still there after removal"
echo "ok removed"
echo "deb: all checks passed"
