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
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
for ((i = 1; i <= runs; i++)); do
  timed "$root/siege" "${args[@]}"
  echo "run $i: wall $wall_ms ms, cpu $cpu_ms ms"
done
summary 1000
