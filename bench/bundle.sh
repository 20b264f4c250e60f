#!/usr/bin/env bash
# Benchmark of `siege bundle` (run by hand, never by the tests).
#
# Generates the fake depot of siege-testkit (dev.siege.testkit.FakeDepot, scale 1: about 20k
# files and 650 MB), then times in one run, on the same warm page cache:
#   sha256sum of every file (this also writes the tree's SHA256SUMS, so siege checks every file),
#   tar -czf, tar | pigz -p T, tar | zstd -T T -3, siege bundle tar.gz, siege bundle tar.zst,
# and prints times, sizes, ratios, peak RSS (/usr/bin/time) and the targets of issues 4 and 12;
# then the delta case of issue 12 (siege bundle --since, with and without patches, and apply).
# Each contender runs RUNS times in turn and its best time counts (other work on the machine
# only ever adds time); peak RSS is the largest seen.
#
# Usage: bench/bundle.sh   environment: SCALE (1), SEED (1), THREADS (2), RUNS (2), XMX (64m),
#                          BENCH_DIR (default: a new /tmp/siege-bench.*, deleted unless KEEP=1)
# siege runs as users run it, through ./siege (with its JVM options for long commands), plus
# -Xmx$XMX: the archiver needs a few MB of blocks in flight, and the default heap (a quarter of
# RAM) only lets the garbage collector put off collecting, growing the RSS.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
scale=${SCALE:-1}
seed=${SEED:-1}
threads=${THREADS:-2}
runs=${RUNS:-2}
xmx=${XMX:-64m}
work=${BENCH_DIR:-$(mktemp -d /tmp/siege-bench.XXXXXX)}
tree="$work/bundle"
out="$work/out"

for tool in pigz zstd /usr/bin/time sha256sum; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench: $tool is missing (apt-get install -y pigz zstd time)" >&2
    exit 1
  fi
done

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -z ${KEEP:-} && -z ${BENCH_DIR:-} ]]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "bench: building siege (jar and testkit)" >&2
(cd "$root" && mvn -B -q -o -DskipTests package -pl siege-cli,siege-testkit -am) >&2
jar="$root/siege-cli/target/siege.jar"
classpath="$jar:$root/siege-testkit/target/classes"
# ./siege makes its class archive and compiler directives for `siege bundle` on first use after
# a build: here, outside the timings.
"$root/siege" bundle --help >/dev/null

mkdir -p "$out"
if [[ ! -d $tree ]]; then
  echo "bench: generating the fake depot (seed $seed, scale $scale) in $tree" >&2
  java -cp "$classpath" dev.siege.testkit.FakeDepot "$tree" "$seed" "$scale" >&2
  # A stub of the metadata `siege build` writes, so siege treats the tree as a bundle.
  printf '# benchmark stub written by bench/bundle.sh\n' >"$tree/siege-bundle.toml"
fi
rm -rf "$tree/SHA256SUMS" "${out:?}"/*

input_bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$tree" -type f | wc -l)
links=$(find "$tree" -type l | wc -l)
echo "bench: $files files, $links symlinks, $((input_bytes / 1000000)) MB; $threads threads; $(nproc) cores" >&2
# Warm the page cache so that no contender pays for the first read from disk.
tar -cf - -C "$work" bundle | cat >/dev/null

declare -A seconds cpu rss size
# measure NAME OUTPUT_FILE COMMAND...: keeps the best elapsed seconds, the least CPU seconds (user +
# system, of every process of the contender) and the largest peak RSS. On the shared 2-core
# machine the CPU time is the steadier figure: other work stretches the elapsed time of a run far
# more than the CPU time it needs.
measure() {
  local name=$1 file=$2
  shift 2
  local stats="$out/$name.time" s m u k c
  /usr/bin/time -f '%e %M %U %S' -o "$stats" "$@" >/dev/null 2>"$out/$name.err" ||
    { cat "$out/$name.err" >&2; exit 1; }
  read -r s m u k <"$stats"
  c=$(awk -v u="$u" -v k="$k" 'BEGIN {printf "%.2f", u + k}')
  if [[ -z ${seconds[$name]:-} ]] || awk -v a="$s" -v b="${seconds[$name]}" 'BEGIN {exit !(a < b)}'; then
    seconds[$name]=$s
  fi
  if [[ -z ${cpu[$name]:-} ]] || awk -v a="$c" -v b="${cpu[$name]}" 'BEGIN {exit !(a < b)}'; then
    cpu[$name]=$c
  fi
  if ((m > ${rss[$name]:-0})); then
    rss[$name]=$m
  fi
  size[$name]=$( [[ -n $file ]] && stat -c %s "$file" || echo 0)
  printf 'bench: %-10s %7.2f s  %7.2f s CPU  %6d MB\n' "$name" "$s" "$c" "$((m / 1024))" >&2
}

# The stamps `siege build` leaves beside the bundle (.bundle.siege-stamps), as after a build: taken
# with the digests of SHA256SUMS, more than a second after the files were written.
(cd "$tree" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum \
  >"$out/SHA256SUMS" && mv "$out/SHA256SUMS" SHA256SUMS)
cat >"$work/Stamp.java" <<'JAVA'
import dev.siege.bundle.checksum.Sha256Sums;
import dev.siege.bundle.verify.FileStamps;
import java.nio.file.Path;

public class Stamp {
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    FileStamps.of(root, Sha256Sums.read(root.resolve("SHA256SUMS")).entries()).write(FileStamps.fileFor(root));
  }
}
JAVA
sleep 1
java -cp "$jar" "$work/Stamp.java" "$tree"
stamps="$work/.bundle.siege-stamps"
[[ -s $stamps ]] || { echo "bench: no stamps written" >&2; exit 1; }

for ((run = 1; run <= runs; run++)); do
  echo "bench: run $run of $runs (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  measure sha256sum "" bash -c \
    "cd '$tree' && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort \
     | xargs -d '\n' sha256sum >'$out/SHA256SUMS' && mv '$out/SHA256SUMS' SHA256SUMS"
  measure tar-czf "$out/tar.tar.gz" tar -czf "$out/tar.tar.gz" -C "$work" bundle
  measure tar+pigz "$out/pigz.tar.gz" bash -c \
    "tar -cf - -C '$work' bundle | pigz -p $threads -6 >'$out/pigz.tar.gz'"
  measure tar+zstd "$out/zstd.tar.zst" bash -c \
    "tar -cf - -C '$work' bundle | zstd -q -T$threads -3 >'$out/zstd.tar.zst'"
  measure siege-gz "$out/siege.tar.gz" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$tree" \
    -o "$out/siege.tar.gz" --threads "$threads"
  measure siege-zst "$out/siege.tar.zst" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$tree" \
    -o "$out/siege.tar.zst" --threads "$threads"
  # The same without the build's stamps: every file hashed again.
  mv "$stamps" "$stamps.aside"
  measure zst-nostamp "$out/nostamp.tar.zst" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$tree" \
    -o "$out/nostamp.tar.zst" --threads "$threads"
  mv "$stamps.aside" "$stamps"
done

(cd "$out" && sha256sum --quiet -c siege.tar.gz.sha256 siege.tar.zst.sha256)

# The delta case: the bundle after "one package bump": a copy of one package directory with every
# file changed, a changed metadata file, and the sysimage (sysimage/sys.so of the fake depot) with
# 3 MB of new bytes inserted 50 MB in. Times siege bundle --since against the previous full
# archive, with and without patches, and the apply script on a copy of the old bundle.
echo "bench: delta case" >&2
env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$tree" -o "$out/old.tar.zst" --threads "$threads" >/dev/null 2>&1
newtree="$work/bundle-new"
rm -rf "$newtree"
cp -al "$tree" "$newtree"
rm "$newtree/sysimage/sys.so" "$newtree/SHA256SUMS"
{ head -c 50000000 "$tree/sysimage/sys.so"; head -c 3000000 /dev/urandom; tail -c +50000001 "$tree/sysimage/sys.so"; } \
  >"$newtree/sysimage/sys.so"
pkg=$(find "$newtree" -type d -path '*/packages/*/*' -print -quit)
cp -r "$pkg" "$pkg.bumped" && find "$pkg.bumped" -type f -exec sh -c 'echo "# bumped" >>"$1"' _ {} \;
echo "bumped" >>"$newtree/siege-bundle.toml.new" && cat "$newtree/siege-bundle.toml" >>"$newtree/siege-bundle.toml.new" \
  && rm "$newtree/siege-bundle.toml" && mv "$newtree/siege-bundle.toml.new" "$newtree/siege-bundle.toml"
(cd "$newtree" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum \
  >"$out/SHA256SUMS" && mv "$out/SHA256SUMS" SHA256SUMS)
measure siege-full "$out/new.tar.zst" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$newtree" \
  -o "$out/new.tar.zst" --threads "$threads"
measure siege-delta "$out/delta.tar.zst" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$newtree" \
  -o "$out/delta.tar.zst" --threads "$threads" --since "$out/old.tar.zst"
measure delta-nopatch "$out/delta-np.tar.zst" env SIEGE_JAVA_OPTS="-Xmx$xmx" "$root/siege" bundle "$newtree" \
  -o "$out/delta-np.tar.zst" --threads "$threads" --since "$out/old.tar.zst" --no-patch
mkdir -p "$out/secure" && tar --zstd -xf "$out/delta.tar.zst" -C "$out/secure"
cp -a "$tree" "$out/secure/old"
measure apply "" bash "$out/secure/delta/apply" "$out/secure/old" "$out/secure/new"
rm -rf "$out/secure" "$newtree"

gzip -t "$out/siege.tar.gz"

echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '%-12s %9s %9s %12s %8s %10s\n' tool seconds 'CPU s' bytes ratio 'peak RSS'
for name in sha256sum tar-czf tar+pigz tar+zstd siege-gz siege-zst zst-nostamp siege-full siege-delta delta-nopatch apply; do
  ratio=$(awk -v s="${size[$name]}" -v i="$input_bytes" 'BEGIN {printf "%.3f", s / i}')
  printf '%-12s %9.2f %9.2f %12d %8s %7d MB\n' "$name" "${seconds[$name]}" "${cpu[$name]}" "${size[$name]}" "$ratio" \
    "$((rss[$name] / 1024))"
done

echo
# check LABEL VALUE LIMIT: VALUE <= LIMIT passes.
failed=0
check() {
  local verdict
  verdict=$(awk -v v="$2" -v l="$3" 'BEGIN {print (v <= l) ? "ok" : "MISSED"}')
  [[ $verdict == ok ]] || failed=1
  printf '%-44s %8.3f (target <= %s) %s\n' "$1" "$2" "$3" "$verdict"
}
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", a / b}'; }
check "siege tar.gz time / pigz -p $threads time" "$(r "${seconds[siege-gz]}" "${seconds[tar+pigz]}")" 1.15
check "siege tar.gz time / tar -czf time" "$(r "${seconds[siege-gz]}" "${seconds[tar-czf]}")" 0.6
check "siege tar.gz size / tar -czf size" "$(r "${size[siege-gz]}" "${size[tar-czf]}")" 1.02
check "siege tar.gz time / pigz -p $threads time (issue 12)" "$(r "${seconds[siege-gz]}" "${seconds[tar+pigz]}")" 1.1
check "siege tar.zst time / zstd -T$threads time" "$(r "${seconds[siege-zst]}" "${seconds[tar+zstd]}")" 1.2
echo "without the build's stamps (every file hashed): siege tar.zst time / zstd time" \
  "$(r "${seconds[zst-nostamp]}" "${seconds[tar+zstd]}")"
echo "CPU time (steadier on a busy machine): siege tar.gz / pigz $(r "${cpu[siege-gz]}" "${cpu[tar+pigz]}")," \
  "siege tar.zst / zstd $(r "${cpu[siege-zst]}" "${cpu[tar+zstd]}"), without stamps" \
  "$(r "${cpu[zst-nostamp]}" "${cpu[tar+zstd]}")"
echo "delta: $(r "${size[siege-delta]}" "${size[siege-full]}") of the full archive (--no-patch:" \
  "$(r "${size[delta-nopatch]}" "${size[siege-full]}")), made in ${seconds[siege-delta]} s, applied in ${seconds[apply]} s"
check "siege tar.gz peak RSS (MB)" "$((rss[siege-gz] / 1024))" 300
check "siege tar.zst peak RSS (MB)" "$((rss[siege-zst] / 1024))" 300
exit "$failed"
