# Shared by the bench scripts (sourced): time one command and summarise the wall times.
# shellcheck shell=bash

walls=()

# timed CMD...: runs CMD, its output going to $timed_out and $timed_err (default /dev/null),
# records its wall time and sets wall_ms and cpu_ms.
timed() {
  local TIMEFORMAT='%3R %3U %3S' t real user sys
  t=$({ time "$@" >"${timed_out:-/dev/null}" 2>"${timed_err:-/dev/null}"; } 2>&1)
  read -r real user sys <<<"$t"
  wall_ms=$(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')
  # shellcheck disable=SC2034 # read by the scripts that source this file
  cpu_ms=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
  walls+=("$wall_ms")
}

# summary TARGET_MS: min, median and max of the recorded wall times, and the machine's load.
summary() {
  local sorted
  sorted=$(printf '%s\n' "${walls[@]}" | sort -n)
  echo "wall: min $(head -1 <<<"$sorted") ms, median $(sed -n "$(((${#walls[@]} + 1) / 2))p" <<<"$sorted") ms," \
    "max $(tail -1 <<<"$sorted") ms over ${#walls[@]} runs (target < $1 ms)"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
}
