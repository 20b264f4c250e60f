#!/usr/bin/env bash
# Times `./siege inspect` (wall clock, JVM start included) on the largest manifest of the shared
# Julia corpus. Run by hand, not by the tests: bench/inspect.sh [RUNS]   (target: under 1 s)
#
# bench/inspect.sh --memory: peak RSS and wall time of `./siege inspect` on generated manifests
# of 0.15, 1, 2 (the limit), 4 and 20 MiB (both refused from their size before being read). tomlj needs
# ~230 bytes of heap per byte of TOML, so the limit is what keeps the memory bounded.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus="$root/../shared/julia-corpus"

if [[ ${1:-} == --memory ]]; then
  "$root/siege" --version >/dev/null # builds the jar if needed
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for mib in 0.15 1 2 4 20; do
    dir="$work/m$mib"
    mkdir -p "$dir"
    printf '[deps]\nPkg000000 = "00000000-0000-0000-0000-000000000000"\n' >"$dir/Project.toml"
    # Entries shaped like Pkg's: a deps list, a tree hash, a uuid, a version; until the size.
    awk -v limit="$(awk -v m="$mib" 'BEGIN { printf "%d", m * 1048576 - 300 }')" 'BEGIN {
      srand(1)
      out = "julia_version = \"1.10.4\"\nmanifest_format = \"2.0\"\n\n"
      printf "%s", out; size = length(out)
      for (n = 0; size < limit; n++) {
        deps = ""
        for (d = 1; d <= 6 && n > 0; d++) deps = deps (d > 1 ? ", " : "") sprintf("\"Pkg%06d\"", int(rand() * n))
        e = sprintf("[[deps.Pkg%06d]]\ndeps = [%s]\ngit-tree-sha1 = \"%08x%08x%08x%08x%08x\"\nuuid = \"%08x-0000-4000-8000-%012x\"\nversion = \"1.%d.%d\"\n\n",
          n, deps, rand() * 2^32, rand() * 2^32, rand() * 2^32, rand() * 2^32, rand() * 2^32, n, n, n % 50, n % 7)
        printf "%s", e; size += length(e)
      }
    }' >"$dir/Manifest.toml"
    # Both timed runs use ./siege's JVM options for inspect, as users run it.
    /usr/bin/time -f '%M %e' -o "$work/time" "$root/siege" inspect "$dir" >/dev/null 2>"$work/err" && status=ok || status="exit $?"
    read -r rss_kb wall < <(tail -1 "$work/time") # after "Command exited with non-zero status N"
    printf '%6s MiB manifest (%9d bytes): peak RSS %5d MB, wall %5s s, %s %s\n' "$mib" "$(stat -c %s "$dir/Manifest.toml")" \
      $((rss_kb / 1024)) "$wall" "$status" "$(head -c 160 "$work/err" | head -1)"
  done
  exit 0
fi

runs=${1:-7}

if [[ ! -d $corpus ]]; then
  echo "bench: the Julia corpus is missing at $corpus" >&2
  exit 1
fi

# The largest manifest; a versioned one (Manifest-v1.11.toml) is picked with --julia-version.
largest=$(find "$corpus" -name '*Manifest*.toml' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
dir=$(dirname "$largest")
args=(inspect "$dir")
if [[ $(basename "$largest") =~ -v([0-9]+\.[0-9]+)\.toml$ ]]; then
  args+=(--julia-version "${BASH_REMATCH[1]}.99")
fi
echo "manifest: $largest ($(stat -c %s "$largest") bytes)"

"$root/siege" "${args[@]}" >/dev/null # builds the jar if needed; not timed

# Wall time is what the target is about; CPU time (user+sys) shows whether a slow figure comes
# from this program or from other load on the machine.
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
for ((i = 1; i <= runs; i++)); do
  timed "$root/siege" "${args[@]}"
  echo "run $i: wall $wall_ms ms, cpu $cpu_ms ms"
done
summary 1000
