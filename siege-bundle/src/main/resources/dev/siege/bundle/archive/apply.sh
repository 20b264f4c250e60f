#!/usr/bin/env bash
# siege delta 1: turns a copy of the old bundle into the new one.
#
# Usage: ./apply [--link] OLD_DIR NEW_DIR
#
# Checks this delta against its own SHA256SUMS and OLD_DIR against the old bundle's SHA256SUMS
# (old/SHA256SUMS) and refuses, naming the files, on any difference. Then builds NEW_DIR in a
# temporary directory beside it: files the old bundle already has are copied from OLD_DIR
# (--link: hard-linked where the mode is the same, so that a later write to one changes both),
# the others come from files/ or from a binary patch against their old version (patches/, which
# needs zstd). Every file, link and mode of the result is checked against the new bundle's
# SHA256SUMS and BUNDLE-TREE before it is renamed to NEW_DIR. OLD_DIR is only ever read: an
# error or an interrupt leaves it as it was, and leaves no NEW_DIR.
#
# Needs bash, coreutils (and zstd when patches/ is not empty).
set -euo pipefail
shopt -s nullglob

me=${0##*/}
die() {
  printf '%s: %s\n' "$me" "$*" >&2
  exit 1
}

link=
args=()
for arg in "$@"; do
  case $arg in
    --link) link=1 ;;
    -h | --help)
      echo "usage: $me [--link] OLD_DIR NEW_DIR: builds NEW_DIR from OLD_DIR (only read) and this delta"
      exit 0
      ;;
    -*) die "unknown option: $arg (usage: $me [--link] OLD_DIR NEW_DIR)" ;;
    *) args+=("$arg") ;;
  esac
done
((${#args[@]} == 2)) || die "usage: $me [--link] OLD_DIR NEW_DIR"
old=${args[0]}
new=${args[1]}
new=${new%/}
[[ -n $new ]] || die "NEW_DIR names the file system root"

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
for tool in sha256sum cp mkdir mv rm chmod ln find sort comm xargs mktemp dirname basename head tail; do
  command -v "$tool" >/dev/null || die "needs $tool, which is not on PATH"
done
patches=("$here"/patches/*)
if ((${#patches[@]} > 0)); then
  command -v zstd >/dev/null || die "this delta holds binary patches, which need zstd: install it, or ask for a delta made with --no-patch"
fi

# 1. The delta itself: complete and intact.
[[ -f $here/SHA256SUMS && -f $here/DELTA ]] || die "$here is not a complete SIEGE delta (no SHA256SUMS or DELTA)"
[[ $(head -n 1 "$here/DELTA") == "# siege delta 1" ]] || die "$here/DELTA: not a delta this script knows"
if ! (cd -- "$here" && sha256sum --quiet --strict -c SHA256SUMS); then
  die "the delta is damaged or incomplete (the files above differ from its SHA256SUMS): copy and unpack it again; nothing was changed"
fi
sums_mode=0644
while IFS= read -r line; do
  if [[ $line =~ ^sums-mode\ ([0-7]{4})$ ]]; then
    sums_mode=${BASH_REMATCH[1]}
  fi
done <"$here/DELTA"

# 2. The old bundle: exactly the one the delta was made from.
[[ -d $old ]] || die "$old: no such directory"
old=$(cd -- "$old" && pwd -P)
if ! (cd -- "$old" && sha256sum --quiet --strict -c "$here/old/SHA256SUMS"); then
  die "$old is not the bundle this delta was made from: the files above differ from its SHA256SUMS; nothing was changed"
fi
if [[ -e $new || -L $new ]]; then
  die "$new already exists: give a new directory name; nothing was changed"
fi
parent=$(dirname -- "$new")
[[ -d $parent ]] || die "$parent: no such directory"
parent=$(cd -- "$parent" && pwd -P)

scratch=$(mktemp -d "$parent/.$(basename -- "$new").siege-apply.XXXXXX")
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n ${scratch:-} && -d $scratch ]]; then
    chmod -R u+rwx -- "$scratch" 2>/dev/null || true
    rm -rf -- "$scratch"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# unescape TEXT: undoes the \\ \n \r \t escapes of SHA256SUMS and BUNDLE-TREE lines.
unescape() {
  local s=$1 out='' c
  while [[ $s == *\\* ]]; do
    out+=${s%%\\*}
    s=${s#*\\}
    c=${s:0:1}
    s=${s:1}
    case $c in
      n) out+=$'\n' ;;
      r) out+=$'\r' ;;
      t) out+=$'\t' ;;
      *) out+=$c ;;
    esac
  done
  REPLY=$out$s
}

# safe_name NAME: refuses a name that could leave the bundle.
safe_name() {
  case /$1/ in
    //* | */../* | */./* | *//*) [[ $1 == . ]] || die "unsafe name in the delta: $1" ;;
  esac
}

# read_sums FILE ARRAY: ARRAY[name]=sha256 for every line of a SHA256SUMS file.
read_sums() {
  local -n into=$2
  local line hex name
  while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == \\* ]]; then
      line=${line:1}
      hex=${line%%  *}
      unescape "${line#*  }"
      name=$REPLY
    else
      hex=${line%%  *}
      name=${line#*  }
    fi
    safe_name "$name"
    # shellcheck disable=SC2034 # a nameref
    into["$name"]=$hex
  done <"$1"
}

declare -A old_sums=() new_sums=() old_by_sha=() old_mode=() new_mode=()
read_sums "$here/old/SHA256SUMS" old_sums
read_sums "$here/new/SHA256SUMS" new_sums
for name in "${!old_sums[@]}"; do
  old_by_sha[${old_sums[$name]}]=$name
done

# read_tree FILE ARRAY CALLBACK: calls CALLBACK TYPE MODE PATH [TARGET] for each entry.
read_tree() {
  local line type mode rest path target escaped
  {
    IFS= read -r line
    [[ $line == "# siege tree record 1" ]] || die "$1: not a tree record this script knows"
    while IFS= read -r line || [[ -n $line ]]; do
      escaped=
      if [[ $line == \\* ]]; then
        line=${line:1}
        escaped=1
      fi
      type=${line:0:1}
      mode=${line:2:4}
      rest=${line:7}
      target=
      if [[ $type == l ]]; then
        path=${rest%%$'\t'*}
        target=${rest#*$'\t'}
      else
        path=$rest
      fi
      if [[ -n $escaped ]]; then
        unescape "$path"
        path=$REPLY
        unescape "$target"
        target=$REPLY
      fi
      safe_name "$path"
      "$3" "$type" "$mode" "$path" "$target"
    done
  } <"$1"
}

remember_old_mode() {
  [[ $1 == f ]] && old_mode[$3]=$2
  return 0
}
if [[ -f $here/old/BUNDLE-TREE ]]; then
  read_tree "$here/old/BUNDLE-TREE" old_mode remember_old_mode
fi

# 3. The new tree: directories and links from the record, files from OLD_DIR or the delta.
dirs=()
dir_modes=()
create_entry() {
  local type=$1 mode=$2 path=$3 target=$4
  case $type in
    d)
      [[ $path == . ]] || mkdir -- "$scratch/$path"
      dirs+=("$path")
      dir_modes+=("$mode")
      ;;
    l) ln -s -- "$target" "$scratch/$path" ;;
    f) new_mode[$path]=$mode ;;
    *) die "unknown entry type '$type' in new/BUNDLE-TREE" ;;
  esac
}
read_tree "$here/new/BUNDLE-TREE" new_mode create_entry

same=() linked=() reused=0 fetched=0 patched=0
for name in "${!new_sums[@]}"; do
  sha=${new_sums[$name]}
  dest=$scratch/$name
  if [[ -n ${old_by_sha[$sha]:-} ]]; then
    from=${old_by_sha[$sha]}
    reused=$((reused + 1))
    if [[ -n $link && -n ${old_mode[$from]:-} && ${old_mode[$from]} == "${new_mode[$name]:-}" ]]; then
      ln -- "$old/$from" "$dest"
      linked+=("$name")
    elif [[ $from == "$name" ]]; then
      same+=("$name")
    else
      cp -- "$old/$from" "$dest"
    fi
  elif [[ -f $here/files/$sha ]]; then
    cp -- "$here/files/$sha" "$dest"
    fetched=$((fetched + 1))
  else
    found=
    for patch in "$here/patches/$sha".*.zst; do
      base=${patch##*/}
      base=${base#"$sha".}
      base=${base%.zst}
      if [[ -n ${old_by_sha[$base]:-} ]]; then
        zstd -q -d --long=31 --patch-from="$old/${old_by_sha[$base]}" -o "$dest" -- "$patch" ||
          die "cannot apply the patch of $name"
        found=1
        break
      fi
    done
    [[ -n $found ]] || die "the delta holds neither $name nor a patch for it; nothing was changed"
    patched=$((patched + 1))
  fi
done
if ((${#same[@]} > 0)); then
  (cd -- "$old" && printf '%s\0' "${same[@]}" | xargs -0 cp --parents -t "$scratch" --)
fi
cp -- "$here/new/SHA256SUMS" "$scratch/SHA256SUMS"
chmod "$sums_mode" -- "$scratch/SHA256SUMS"

# 4. Modes: files (never one hard-linked to OLD_DIR), then directories.
declare -A is_linked=()
for name in "${linked[@]}"; do
  is_linked[$name]=1
done
declare -A modes=()
for name in "${!new_mode[@]}"; do
  modes[${new_mode[$name]}]=1
done
for mode in "${!modes[@]}"; do
  group=()
  for name in "${!new_mode[@]}"; do
    if [[ ${new_mode[$name]} == "$mode" && -z ${is_linked[$name]:-} ]]; then
      group+=("$name")
    fi
  done
  if ((${#group[@]} > 0)); then
    (cd -- "$scratch" && printf '%s\0' "${group[@]}" | xargs -0 chmod "$mode" --)
  fi
done
for name in "${!new_sums[@]}"; do
  # BUNDLE-TREE is not in the record: it has the mode of SHA256SUMS
  [[ -n ${new_mode[$name]:-} ]] || chmod "$sums_mode" -- "$scratch/$name"
done
for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
  chmod "${dir_modes[i]}" -- "$scratch/${dirs[i]}"
done

# 5. Check the result: every file against SHA256SUMS, every entry and mode against BUNDLE-TREE.
if ! (cd -- "$scratch" && sha256sum --quiet --strict -c SHA256SUMS); then
  die "the new bundle differs from its SHA256SUMS (see above); OLD_DIR is unchanged, no $new was made"
fi
escape_line() {
  local t=$1 m=$2 p=$3 l=$4 e=
  if [[ $p == *[$'\\\n\r\t']* || $l == *[$'\\\n\r\t']* ]]; then
    e="\\"
    p=${p//\\/\\\\}; p=${p//$'\n'/\\n}; p=${p//$'\r'/\\r}; p=${p//$'\t'/\\t}
    l=${l//\\/\\\\}; l=${l//$'\n'/\\n}; l=${l//$'\r'/\\r}; l=${l//$'\t'/\\t}
  fi
  if [[ $t == l ]]; then
    printf '%s%s %s %s\t%s\n' "$e" "$t" "$m" "$p" "$l"
  else
    printf '%s%s %s %s\n' "$e" "$t" "$m" "$p"
  fi
}
actual=$scratch/.siege-actual-tree
expected=$scratch/.siege-expected-tree
: >"$actual"
while IFS= read -r -d '' info && IFS= read -r -d '' target; do
  type=${info%% *}
  info=${info#* }
  mode=${info%% *}
  path=${info#* }
  [[ -n $path ]] || path=.
  case $path in
    SHA256SUMS | BUNDLE-TREE | .siege-actual-tree | .siege-expected-tree) [[ $type == f ]] && continue ;;
  esac
  [[ $type == l ]] && mode=777
  escape_line "$type" "$(printf '%04o' "$((8#$mode))")" "$path" "$target"
done < <(find "$scratch" -printf '%y %m %P\0%l\0') | LC_ALL=C sort >"$actual"
tail -n +2 "$here/new/BUNDLE-TREE" | LC_ALL=C sort >"$expected"
differences=$(LC_ALL=C comm -3 "$actual" "$expected" | head -n 50)
if [[ -n $differences ]]; then
  {
    echo "the new bundle's tree differs from its BUNDLE-TREE (built, then indented: recorded):"
    printf '%s\n' "$differences"
  } >&2
  die "OLD_DIR is unchanged, no $new was made"
fi
rm -f -- "$actual" "$expected"

# 6. Into place.
[[ ! -e $new && ! -L $new ]] || die "$new appeared meanwhile; nothing was changed"
mv -T -- "$scratch" "$new"
scratch=
total=${#new_sums[@]}
printf '%s: built %s from %s: %d files (%d from the old bundle%s, %d from the delta, %d patched), checked against SHA256SUMS and BUNDLE-TREE\n' \
  "$me" "$new" "$old" "$((total + 1))" "$reused" "${link:+, hard-linked where possible}" "$fetched" "$patched"
