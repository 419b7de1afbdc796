# test_coarse_times.sh — A16: on a file system with whole-second times
# (ext2 with 128-byte inodes here; FAT, exFAT and many network shares are
# the same) a same-size edit made in the same second as the last add keeps
# size, mtime and ctime. The fast add must still not append to a diary a
# full load refuses. Needs root, mkfs.ext2 and a loop mount: skipped
# otherwise.
. "$SRCDIR/tests/faults/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v mkfs.ext2 >/dev/null || ! command -v python3 >/dev/null; then
	echo "test_coarse_times.sh: skipped (needs root, mkfs.ext2, python3)"
	exit 0
fi
IMG="$TESTTMP/ext2.img"
M="$TESTTMP/mnt"
mkdir -p "$M"
dd if=/dev/zero of="$IMG" bs=1M count=8 2>/dev/null
mkfs.ext2 -q -I 128 -F "$IMG" 2>/dev/null
if ! mount -o loop "$IMG" "$M" 2>/dev/null; then
	echo "test_coarse_times.sh: skipped (no loop mount here)"
	exit 0
fi
trap 'umount "$M" 2>/dev/null' EXIT
D="$M/d.yaml"
tries=0
while :; do
	rm -f "$D" "$D.lock"
	"$BACKCARE" --diary "$D" diary add --pain 3 --note first >/dev/null || fail "first add"
	# the second add and the hand edit in the same second (retried when
	# the second turns over in between)
	same=$(python3 - "$BACKCARE" "$D" <<'PY'
import os, subprocess, sys
b, d = sys.argv[1], sys.argv[2]
subprocess.run([b, "--diary", d, "diary", "add", "--pain", "4", "--note", "second"],
               check=True, stdout=subprocess.DEVNULL)
st = os.stat(d)
s = open(d, "rb").read()
k = s.find(b"pain: 3")
with open(d, "r+b") as f:       # in place, same size: an editor writing over
    f.seek(k + 6)
    f.write(b"X")
st2 = os.stat(d)
print("same" if (st.st_size, st.st_mtime_ns, st.st_ctime_ns) ==
      (st2.st_size, st2.st_mtime_ns, st2.st_ctime_ns) else "moved")
PY
)
	[ "$same" = same ] && break
	tries=$((tries + 1))
	[ $tries -lt 20 ] || { echo "test_coarse_times.sh: skipped (could not edit within one second)"; exit 0; }
done
cp "$D" "$TESTTMP/before"
expect_status 1 "$BACKCARE" --diary "$D" diary add --pain 1
contains "$err" "d.yaml:"
cmp -s "$D" "$TESTTMP/before" || fail "diary add appended to a diary a full load refuses (whole-second times)"
ok
echo "test_coarse_times.sh: $checks checks"
