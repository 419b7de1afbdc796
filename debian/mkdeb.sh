#!/bin/sh
# mkdeb.sh ROOT VERSION ARCH OUT — turns a `make install DESTDIR=ROOT
# PREFIX=/usr` tree into the binary package OUT with dpkg-deb: stripped
# binary, compressed man page and changelog, the copyright file, modes
# Debian policy asks for, Depends from dpkg-shlibdeps, md5sums. Run by
# `make deb`.
set -eu
root=$(cd "$1" && pwd) version=$2 arch=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
doc=$root/usr/share/doc/backcare

bins="$root/usr/bin/backcare $root/usr/lib/backcare/backcare-pdf"
# shellcheck disable=SC2086
strip --remove-section=.comment --remove-section=.note --strip-unneeded $bins
gzip -9nf "$root/usr/share/man/man1/backcare.1"
mkdir -p "$doc"
gzip -9nc "$here/changelog" >"$doc/changelog.gz"
cp "$here/copyright" "$doc/copyright"
find "$root" -type d -exec chmod 755 {} +
find "$root" -type f -exec chmod 644 {} +
# shellcheck disable=SC2086
chmod 755 $bins

# dpkg-shlibdeps wants a debian/control beside it: give it a scratch one
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/debian"
printf 'Source: backcare\n\nPackage: backcare\nArchitecture: any\n' >"$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O -e"$root/usr/bin/backcare" \
	-e"$root/usr/lib/backcare/backcare-pdf" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "mkdeb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "mkdeb: $out"
