#!/bin/sh
# siege self-extracting bundle 1
# Usage: sh THIS_FILE [--target DIR] [--check]
# Checks the payload's sha256 first, then unpacks the bundle into DIR (default: the current
# directory), checks every file against its SHA256SUMS, runs its bin/julia --version and says
# where it is. --check only checks the payload. Needs sh, coreutils, tar and @FORMAT@.
# The payload (a tar archive) starts at byte @HEADER@ + 1; the last @TRAILER@ bytes hold its sha256.
top=@TOP@
decompress=@FORMAT@
header=@HEADER@
trailer=@TRAILER@
self=$0
target=.
check_only=

die() {
  printf '%s: %s\n' "$self" "$1" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case $1 in
    --target)
      [ $# -ge 2 ] || die "--target needs a directory"
      target=$2
      shift 2
      ;;
    --target=*)
      target=${1#--target=}
      shift
      ;;
    --check)
      check_only=1
      shift
      ;;
    -h | --help)
      printf 'Usage: sh %s [--target DIR] [--check]\n' "$self"
      printf 'Unpacks the SIEGE bundle %s into DIR (default: here) after checking it.\n' "$top"
      exit 0
      ;;
    *)
      die "unknown argument: $1 (usage: sh $self [--target DIR] [--check])"
      ;;
  esac
done

for tool in tail head wc cut sha256sum tar mkdir mv rm "$decompress"; do
  command -v "$tool" >/dev/null 2>&1 || die "needs $tool, which is not on PATH"
done
if [ ! -f "$self" ] || [ ! -r "$self" ]; then
  die "cannot read myself: run me as 'sh FILE.run'"
fi

total=$(wc -c <"$self") || die "cannot read myself"
total=$((total + 0))
length=$((total - header - trailer))
[ "$length" -gt 0 ] || die "truncated: $total bytes, too short to hold a payload"
label=$(tail -c $((trailer - 1)) "$self" | head -c 21)
expected=$(tail -c "$trailer" "$self" | head -c 86 | tail -c 64)
case $expected in
  *[!0-9a-f]* | '') die "damaged or truncated: the trailer holding the payload's sha256 is missing" ;;
esac
if [ "$label" != "siege-payload-sha256 " ] || [ ${#expected} -ne 64 ]; then
  die "damaged or truncated: the trailer holding the payload's sha256 is missing"
fi

payload() {
  tail -c +$((header + 1)) "$self" | head -c "$length"
}

actual=$(payload | sha256sum | cut -d ' ' -f 1)
if [ "$actual" != "$expected" ]; then
  die "payload damaged: its sha256 is $actual, expected $expected; nothing was extracted"
fi
if [ -n "$check_only" ]; then
  printf 'ok: %s: payload intact (sha256 %s, %s bytes)\n' "$self" "$expected" "$length"
  exit 0
fi

if [ ! -d "$target" ]; then
  mkdir -p -- "$target" || die "cannot create $target"
fi
dest=$target/$top
if [ -e "$dest" ] || [ -L "$dest" ]; then
  die "$dest already exists: remove it or choose another --target; nothing was extracted"
fi
scratch=$target/.$top.siege-extract.$$
mkdir -- "$scratch" || die "cannot create $scratch"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  rm -rf -- "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

printf 'extracting %s into %s\n' "$top" "$target"
if ! { payload | "$decompress" -dc || : >"$scratch/.decompress-failed"; } | tar -xf - -C "$scratch"; then
  die "cannot unpack the payload into $scratch (disk full?); nothing was extracted"
fi
[ ! -e "$scratch/.decompress-failed" ] || die "cannot decompress the payload; nothing was extracted"
[ -d "$scratch/$top" ] || die "the payload holds no $top directory; nothing was extracted"
if [ -f "$scratch/$top/SHA256SUMS" ]; then
  (cd -- "$scratch/$top" && sha256sum -c --quiet --strict SHA256SUMS) ||
    die "unpacked files differ from the bundle's SHA256SUMS (see above); nothing was extracted"
fi
mv -- "$scratch/$top" "$dest" || die "cannot move the bundle to $dest"
where=$(cd -- "$dest" && pwd) || where=$dest

if [ -x "$dest/bin/julia" ]; then
  if "$dest/bin/julia" --version; then
    printf 'The bundle is in %s: run %s/bin/julia\n' "$where" "$where"
  else
    printf 'The bundle is in %s, but %s/bin/julia --version failed (see above).\n' "$where" "$where" >&2
    exit 1
  fi
else
  printf 'The bundle is in %s (it has no bin/julia launcher)\n' "$where"
fi
exit 0
