#!/usr/bin/env bash
# Installs the build tree to a temporary prefix and checks that what is installed works on its
# own, with the source and build trees out of reach (hidden behind empty tmpfs mounts in a
# private mount namespace, `unshare -m`; needs root or user namespaces, else exit 77 = skipped):
#   - the prefix holds the program, data, library, headers, CMake package and cordon.pc;
#   - the stripped program holds no path of the source or build tree;
#   - `cordon lists show` and `cordon screen` find the bundled lists beside the program, also
#     through a symbolic link; a copy without data fails with a clear error; CORDON_DATA_DIR
#     overrides; `cordon --version` names the version, the normaliser and a commit of the repo;
#   - examples/screen_names builds against the installed package out of tree, with
#     find_package(cordon) and with pkg-config, and screens.
# Usage: tests/package/install_test.sh [BUILD_DIR]   (default: build; registered with CTest)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }

# In a private mount namespace, the source and build trees are empty folders (the build tree
# first: it may be inside the source tree).
if [ "$(id -u)" -eq 0 ]; then unshare_flags=(-m); else unshare_flags=(-r -m); fi
if ! unshare "${unshare_flags[@]}" true 2>/dev/null; then
  echo "install_test: SKIP: cannot make a mount namespace (unshare ${unshare_flags[*]})" >&2
  exit 77
fi
hidden() {
  unshare "${unshare_flags[@]}" sh -c \
    'mount -t tmpfs none "$2" && mount -t tmpfs none "$1" && shift 2 && exec "$@"' \
    hidden "$src" "$build" "$@"
}

cmake --install "$build" --prefix "$prefix" --strip >/dev/null
libdir=$(cd "$prefix" && dirname "$(ls lib*/libcordon.a lib*/*/libcordon.a 2>/dev/null | head -1)")
[ -n "$libdir" ] && [ "$libdir" != . ] || fail "no libcordon.a under $prefix/lib"
for f in bin/cordon share/cordon/PROVENANCE.md share/cordon/lists/un share/cordon/tables/name_variants.tsv \
         share/cordon/web/index.html share/cordon/web/assets/app.js \
         include/cordon/screen.h include/cordon/lists.h include/cordon/sources.h \
         "$libdir/cmake/cordon/cordonConfig.cmake" "$libdir/cmake/cordon/cordonConfigVersion.cmake" \
         "$libdir/cmake/cordon/cordonTargets.cmake" "$libdir/pkgconfig/cordon.pc"; do
  [ -e "$prefix/$f" ] || fail "$f not installed"
done
for tree in "$src" "$build"; do
  if grep -qaF "$tree" "$prefix/bin/cordon"; then fail "bin/cordon holds the path $tree"; fi
done

cordon=$prefix/bin/cordon
out=$(hidden env -u CORDON_DATA_DIR "$cordon" lists show) || fail "lists show: exit $?"
for list in un ofac uk ca uae; do
  grep -q "^$list " <<<"$out" || fail "lists show: no $list list: $out"
done
grep -q "file:       $prefix/share/cordon/lists/un/" <<<"$out" || fail "lists show: un not read from $prefix/share/cordon: $out"
out=$(hidden env -u CORDON_DATA_DIR "$cordon" screen --format csv "Sanaullah Gafari") || fail "screen: exit $?"
grep -q 'un:QDi.431' <<<"$out" || fail "screen: no un:QDi.431 hit: $out"

mkdir -p "$work/links" "$work/lonely/bin"
ln -s "$cordon" "$work/links/cordon"
hidden env -u CORDON_DATA_DIR "$work/links/cordon" screen "Sanaullah Gafari" | grep -q 'un:QDi.431' ||
  fail "a symbolic link to the program does not find the data"
cp "$cordon" "$work/lonely/bin/cordon"
if err=$(hidden env -u CORDON_DATA_DIR "$work/lonely/bin/cordon" lists show 2>&1); then
  fail "a copy without data succeeded: $err"
fi
grep -q "no data folder: $work/lonely/share/cordon does not exist" <<<"$err" || fail "unclear error: $err"
hidden env CORDON_DATA_DIR="$prefix/share/cordon" "$work/lonely/bin/cordon" screen "Sanaullah Gafari" |
  grep -q 'un:QDi.431' || fail "CORDON_DATA_DIR is not used"
if err=$(hidden env CORDON_DATA_DIR="$work/none" "$cordon" lists show 2>&1); then
  fail "a CORDON_DATA_DIR that does not exist was accepted"
fi
grep -q "CORDON_DATA_DIR: $work/none: no such folder" <<<"$err" || fail "unclear error: $err"

version=$(hidden "$cordon" --version)
grep -qx 'cordon [0-9]*\.[0-9]*\.[0-9]*' <<<"$(sed -n 1p <<<"$version")" || fail "--version: $version"
grep -qx 'normalizer: normalize/[0-9]* tables:[0-9a-f]\{12\} translit:\([0-9a-f]\{12\}\|none\) forms:[0-9a-f]\{12\}' <<<"$(sed -n 2p <<<"$version")" ||
  fail "--version: $version"
commit=$(sed -n 's/^commit: //p' <<<"$version")
if git -C "$src" rev-parse HEAD >/dev/null 2>&1; then
  git -C "$src" cat-file -e "$commit^{commit}" 2>/dev/null || fail "--version: $commit is no commit of $src"
else
  [ "$commit" = unknown ] || fail "--version: commit $commit outside a git checkout"
fi

# The example, built out of tree against the installed package only.
cp -r "$src/examples/screen_names" "$work/example-src"
hidden cmake -S "$work/example-src" -B "$work/example" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/example.log" 2>&1 || { cat "$work/example.log"; fail "example: cmake"; }
hidden cmake --build "$work/example" >>"$work/example.log" 2>&1 || { cat "$work/example.log"; fail "example: build"; }
out=$(hidden "$work/example/screen_names" --lists "$prefix/share/cordon/lists/un" "Sanaullah Gafari" "Maria Schmidt")
grep -q $'^Sanaullah Gafari\t0\.[0-9]*\tun:QDi.431\tSANAULLAH GHAFARI$' <<<"$out" || fail "example: $out"
if grep -q '^Maria Schmidt' <<<"$out"; then fail "example: a hit for Maria Schmidt: $out"; fi
# pkg-config: the same program compiled with the flags cordon.pc gives.
flags=$(hidden env PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs cordon)
# shellcheck disable=SC2086
hidden c++ -O1 -o "$work/screen_names_pc" "$work/example-src/main.cc" $flags ||
  fail "example with pkg-config ($flags)"
hidden env CORDON_DATA_DIR="$prefix/share/cordon" "$work/screen_names_pc" "Sanaullah Gafari" |
  grep -q 'un:QDi.431' || fail "example (pkg-config) with the bundled lists"
echo "install_test: OK ($prefix: $(du -sh "$prefix" | cut -f1))"
