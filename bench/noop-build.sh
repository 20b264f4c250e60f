#!/usr/bin/env bash
# Times a no-op `./siege build` (the bundle is up to date, so no Julia may start) on a fixture
# project built once with the testkit's fake julia. Run by hand, not by the tests:
#   bench/noop-build.sh [RUNS]        (target: under 1.5 s wall)
# Environment: PACKAGES (registered packages in the fixture, default 60), SYSIMAGE_MB (size of the
# fake sysimage, default 50), KEEP=1 (keep the temporary directory and print it).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-9}
packages=${PACKAGES:-60}
sysimage_mb=${SYSIMAGE_MB:-50}

work=$(mktemp -d "${TMPDIR:-/tmp}/siege-bench.XXXXXX")
if [[ ${KEEP:-0} == 1 ]]; then
  echo "bench: keeping $work"
else
  # Pkg-style read-only directories in the bundle: make them writable before removing.
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
fi

# Builds siege.jar if needed (and, in the same reactor, the testkit's classes).
"$root/siege" --version >/dev/null
testkit="$root/siege-testkit/target/classes"
if [[ ! -d $testkit/dev/siege/testkit ]]; then
  (cd "$root" && mvn -B -q -DskipTests compile -pl siege-testkit -am) >&2
fi
# The fat jar holds everything the testkit needs (core, julia, tomlj), so no Maven class path.
cp="$root/siege-cli/target/siege.jar:$testkit"

arch=$(uname -m)
case $arch in arm64) arch=aarch64 ;; esac
calls="$work/calls.log"
julia=$(java -cp "$cp" "$root/bench/InstallFakeJulia.java" "$work/julia-1.10.4/bin" \
  SIEGE_FAKE_CALL_LOG="$calls" SIEGE_FAKE_ARCH="$arch" \
  SIEGE_FAKE_SYSIMAGE_BYTES=$((sysimage_mb * 1024 * 1024)))

# The fixture: $packages registered packages, a JLL with its wrappers, and stdlibs, in a
# format 2.0 manifest. UUIDs and tree hashes are made up but stable per name.
uuid() { # NAME: a version-4-shaped UUID derived from NAME
  local h
  h=$(printf '%s' "$1" | sha1sum | cut -c1-32)
  printf '%s-%s-4%s-8%s-%s\n' "${h:0:8}" "${h:8:4}" "${h:13:3}" "${h:17:3}" "${h:20:12}"
}
tree() { printf 'tree:%s' "$1" | sha1sum | cut -c1-40; }
project="$work/project"
mkdir -p "$project"
{
  echo "[deps]"
  for ((i = 1; i <= packages; i++)); do printf 'Bench%03d = "%s"\n' "$i" "$(uuid "Bench$i")"; done
  echo 'Dates = "ade2ca70-3891-5945-98fb-dc099432e06a"'
  echo 'OpenSpecFun_jll = "efe28fd5-8261-553b-a9e1-b2916fc3738e"'
  printf '\n[compat]\njulia = "1.10"\n'
} >"$project/Project.toml"
{
  printf 'julia_version = "1.10.4"\nmanifest_format = "2.0"\nproject_hash = "%s"\n' "$(tree project)"
  for ((i = 1; i <= packages; i++)); do
    printf '\n[[deps.Bench%03d]]\ndeps = ["Dates"]\ngit-tree-sha1 = "%s"\nuuid = "%s"\nversion = "1.%d.0"\n' \
      "$i" "$(tree "Bench$i")" "$(uuid "Bench$i")" "$i"
  done
  stdlib() { printf '\n[[deps.%s]]\nuuid = "%s"\n' "$1" "$2"; }
  stdlib Artifacts 56f22d72-fd6d-98f1-02f0-08ddc0907c33
  stdlib Dates ade2ca70-3891-5945-98fb-dc099432e06a
  stdlib Libdl 8f399da3-3557-5675-b5ff-fb832c97cbdb
  stdlib TOML fa267f1f-6049-4f14-aa54-33bafae1ed76
  printf '\n[[deps.JLLWrappers]]\ndeps = ["Artifacts", "Preferences"]\ngit-tree-sha1 = "%s"\nuuid = "692b3bcd-3c85-4b1f-b108-f13ce0eb3210"\nversion = "1.5.0"\n' "$(tree JLLWrappers)"
  printf '\n[[deps.OpenSpecFun_jll]]\ndeps = ["Artifacts", "JLLWrappers", "Libdl"]\ngit-tree-sha1 = "%s"\nuuid = "efe28fd5-8261-553b-a9e1-b2916fc3738e"\nversion = "0.5.5+0"\n' "$(tree OpenSpecFun_jll)"
  printf '\n[[deps.Preferences]]\ndeps = ["TOML"]\ngit-tree-sha1 = "%s"\nuuid = "21216c6a-2e73-6563-6e65-726566657250"\nversion = "1.4.3"\n' "$(tree Preferences)"
} >"$project/Manifest.toml"

# A per-run cache, so the probe and tool environment are this bench's own. The fake compiles
# nothing, but siege build wants a C compiler for PackageCompiler: name one if none is found.
export SIEGE_CACHE="$work/cache"
if ! command -v g++ >/dev/null && ! command -v gcc >/dev/null && ! command -v clang >/dev/null; then
  export JULIA_CC=${JULIA_CC:-cc}
fi
build=(build "$project" -o "$work/build" --julia "$julia")

echo "bench: first build ($packages packages, ${sysimage_mb} MiB sysimage; not timed)..."
"$root/siege" "${build[@]}" >"$work/first.out" 2>"$work/first.err" || {
  cat "$work/first.err" >&2
  exit 1
}
first_calls=$(wc -l <"$calls")
bundle_bytes=$(du -sb "$work/build" | cut -f1)
bundle_files=$(find "$work/build" -type f | wc -l)
echo "bundle: $((bundle_bytes / 1024 / 1024)) MiB in $bundle_files files; the first build made $first_calls Julia calls"

TIMEFORMAT='%3R %3U %3S'
# shellcheck source=bench/timing.sh
source "$root/bench/timing.sh"
timed_out=$work/noop.out timed_err=$work/noop.err
for ((i = 1; i <= runs; i++)); do
  timed "$root/siege" "${build[@]}"
  if ! grep -q 'is up to date' "$work/noop.out"; then
    echo "bench: run $i was not a no-op:" >&2
    cat "$work/noop.out" "$work/noop.err" >&2
    exit 1
  fi
  echo "run $i: wall $wall_ms ms, cpu $cpu_ms ms"
done

now_calls=$(wc -l <"$calls")
if ((now_calls != first_calls)); then
  echo "bench: FAILED: the no-op builds started Julia $((now_calls - first_calls)) time(s):" >&2
  tail -n +"$((first_calls + 1))" "$calls" >&2
  exit 1
fi
echo "julia calls during the no-op builds: 0"

summary 1500
