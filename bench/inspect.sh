#!/usr/bin/env bash
# Times `./siege inspect` (wall clock, JVM start included) on the largest manifest of the shared
# Julia corpus. Run by hand, not by the tests: bench/inspect.sh [RUNS]   (target: under 1 s)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpus="$root/../shared/julia-corpus"
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
TIMEFORMAT='%3R %3U %3S'
walls=()
for ((i = 1; i <= runs; i++)); do
  t=$({ time "$root/siege" "${args[@]}" >/dev/null 2>&1; } 2>&1)
  read -r real user sys <<<"$t"
  wall_ms=$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')
  cpu_ms=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
  walls+=("$wall_ms")
  echo "run $i: wall $wall_ms ms, cpu $cpu_ms ms"
done

sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
min=$(head -1 <<<"$sorted")
median=$(sed -n "$(((runs + 1) / 2))p" <<<"$sorted")
max=$(tail -1 <<<"$sorted")
echo "wall: min $min ms, median $median ms, max $max ms over $runs runs (target < 1000 ms)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
