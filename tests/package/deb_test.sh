#!/usr/bin/env bash
# Checks the Debian packages scripts/package made, then installs them on this machine and
# removes them again (root only: CI runs it on its throwaway machine; exit 77 = skipped):
#   - dpkg-deb --info/--contents: names, dependencies from shlibdeps, maintainer scripts, the
#     conffile, and every file where it belongs; the program is stripped;
#   - lintian: no errors (warnings are printed);
#   - dpkg -i: the `cordon` system user, the keys file only it can read, the man page; screening
#     with the installed program as the cordon user; `cordon serve` as the cordon user with the
#     packaged configuration reloads its lists on SIGHUP; systemd-analyze verify on the unit;
#   - an upgrade (dpkg -i again) keeps the edited configuration, the keys and the state folder;
#   - dpkg --purge leaves no file, folder, user or group behind.
# Usage: tests/package/deb_test.sh [DIR]   (DIR holds the .deb files; default build/package)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "${1:-$src/build/package}" && pwd)
fail() { echo "deb_test: FAIL: $*" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  echo "deb_test: SKIP: dpkg -i needs root" >&2
  exit 77
fi
deb=$(ls "$dir"/cordon_*.deb)
dev=$(ls "$dir"/libcordon-dev_*.deb)
if dpkg-query -W -f='${Status}' cordon libcordon-dev 2>/dev/null | grep -q installed; then
  fail "cordon or libcordon-dev is installed on this machine already; remove it first"
fi
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  dpkg --purge cordon libcordon-dev >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- the package files
info=$(dpkg-deb --info "$deb")
for want in 'Package: cordon' 'Depends: .*adduser' 'Depends: .*libicu72' 'Depends: .*libssl3' \
            'Depends: .*libc6' 'Section: misc' ' postinst ' ' postrm ' ' prerm ' ' conffiles '; do
  grep -q -- "$want" <<<"$info" || fail "dpkg-deb --info $deb: no '$want':"$'\n'"$info"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/cordon/cordon.toml ||
  fail "/etc/cordon/cordon.toml is not a conffile"
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for want in ./usr/bin/cordon ./usr/share/cordon/PROVENANCE.md ./usr/share/cordon/lists/un/ \
            ./usr/share/cordon/web/index.html ./usr/share/cordon/web/assets/app.js \
            ./usr/share/man/man1/cordon.1.gz ./lib/systemd/system/cordon.service \
            ./etc/cordon/cordon.toml ./usr/share/doc/cordon/copyright ./usr/share/doc/cordon/changelog.gz; do
  grep -qxF "$want" <<<"$contents" || fail "$deb lacks $want"
done
if grep -q 'include/\|\.a$' <<<"$contents"; then fail "$deb holds development files"; fi
grep -q 'Package: libcordon-dev' <<<"$(dpkg-deb --info "$dev")" || fail "$dev: wrong name"
dev_contents=$(dpkg-deb --contents "$dev" | awk '{print $6}')
for want in ./usr/include/cordon/screen.h 'libcordon\.a$' 'cmake/cordon/cordonConfig\.cmake$' \
            'cmake/cordon/cordonTargets\.cmake$' 'pkgconfig/cordon\.pc$'; do
  grep -q -- "$want" <<<"$dev_contents" || fail "$dev lacks $want"
done
dpkg-deb -x "$deb" "$work/x"
if readelf -S "$work/x/usr/bin/cordon" | grep -q '\.debug_info'; then fail "usr/bin/cordon is not stripped"; fi

# --- lintian
lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" "$dev" >"$work/lintian.txt" 2>&1 ||
  { cat "$work/lintian.txt"; fail "lintian found errors"; }
echo "deb_test: lintian (no errors): $(grep -c '^W:' "$work/lintian.txt" || true) warnings"
cat "$work/lintian.txt"

# --- install
dpkg -i "$deb" "$dev" >"$work/dpkg.txt" 2>&1 || { cat "$work/dpkg.txt"; fail "dpkg -i"; }
getent passwd cordon | grep -q ':/var/lib/cordon:/usr/sbin/nologin$' || fail "no cordon system user"
[ "$(id -u cordon)" -lt 1000 ] || fail "cordon is not a system user"
[ "$(stat -c '%U:%G %a' /etc/cordon/keys.txt)" = "root:cordon 640" ] ||
  fail "/etc/cordon/keys.txt: $(stat -c '%U:%G %a' /etc/cordon/keys.txt)"
zcat /usr/share/man/man1/cordon.1.gz | grep -q 'cordon serve' || fail "the man page lacks cordon serve"
out=$(cd / && runuser -u cordon -- env -u CORDON_DATA_DIR cordon screen --format csv "Sanaullah Gafari") ||
  fail "cordon screen as the cordon user"
grep -q 'un:QDi.431' <<<"$out" || fail "cordon screen: no un:QDi.431 hit: $out"
out=$(cd / && runuser -u cordon -- env -u CORDON_DATA_DIR cordon lists show)
grep -q 'file:       /usr/share/cordon/lists/un/' <<<"$out" || fail "lists not read from /usr/share/cordon"

# The packaged configuration refuses to start without a key; with one, it serves, and SIGHUP
# reloads the lists. (Port 0 instead of 8080, so that the test never collides.)
if err=$(cd / && runuser -u cordon -- cordon serve --config /etc/cordon/cordon.toml --listen 127.0.0.1:0 2>&1); then
  fail "cordon serve started without a key"
fi
grep -q 'keys.txt: no keys' <<<"$err" || fail "cordon serve without a key: $err"
cordon serve --hash-key deb-test screen 2>"$work/key.txt" >>/etc/cordon/keys.txt
key=$(grep -E '^[0-9a-f]{64}$' "$work/key.txt")
# setpriv execs cordon (runuser would stay as its parent), so that $! is the server itself.
(cd / && exec setpriv --reuid=cordon --regid=cordon --init-groups cordon serve \
   --config /etc/cordon/cordon.toml --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err") &
server=$!
# Deadlines, not timings (two minutes each): loading every bundled list takes seconds on a quiet
# machine and several times that on a loaded CI runner.
for _ in $(seq 1200); do grep -q 'listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^cordon serve: listening on \(http:[^;]*\);.*/\1/p' "$work/serve.out")
[ -n "$url" ] || { cat "$work/serve.err"; fail "cordon serve did not start"; }
curl -sf -H "Authorization: Bearer $key" -d '{"name":"Sanaullah Gafari"}' "$url/v1/screen" |
  grep -q 'un:QDi.431' || fail "the service gives no un:QDi.431 hit"
kill -HUP "$server"
for _ in $(seq 1200); do grep -q 'lists reloaded (SIGHUP)' "$work/serve.err" && break; sleep 0.1; done
grep -q '"msg":"lists reloaded (SIGHUP)","generation":2' "$work/serve.err" ||
  { cat "$work/serve.err"; fail "SIGHUP did not reload the lists"; }
kill "$server"; wait "$server" || true; server=""

systemd-analyze verify /lib/systemd/system/cordon.service >"$work/verify.txt" 2>&1 ||
  { cat "$work/verify.txt"; fail "systemd-analyze verify"; }
if [ -s "$work/verify.txt" ]; then cat "$work/verify.txt"; fail "systemd-analyze verify printed warnings"; fi

# --- upgrade: the configuration, the keys and the state stay
echo '# edited by deb_test' >>/etc/cordon/cordon.toml
mkdir -p /var/lib/cordon && echo state >/var/lib/cordon/deb_test
dpkg -i "$deb" >"$work/dpkg.txt" 2>&1 || { cat "$work/dpkg.txt"; fail "dpkg -i (upgrade)"; }
grep -q '# edited by deb_test' /etc/cordon/cordon.toml || fail "the upgrade replaced the edited cordon.toml"
grep -q '^deb-test ' /etc/cordon/keys.txt || fail "the upgrade lost the keys"
[ -f /var/lib/cordon/deb_test ] || fail "the upgrade lost /var/lib/cordon"

# --- purge: nothing left
dpkg --purge cordon libcordon-dev >"$work/dpkg.txt" 2>&1 || { cat "$work/dpkg.txt"; fail "dpkg --purge"; }
for f in $contents $dev_contents; do
  f=${f#.}
  case "$f" in /|/etc/|/lib/|/lib/systemd/|/lib/systemd/system/|/usr/|/usr/bin/|/usr/share/|/usr/share/doc/|/usr/share/man/|/usr/share/man/man1/|/usr/include/|/usr/lib/|/usr/lib/*/|/usr/lib/pkgconfig/|/usr/lib/cmake/) continue ;; esac
  [ ! -e "$f" ] || fail "$f is left after dpkg --purge"
done
for f in /etc/cordon /var/lib/cordon /usr/share/cordon /usr/include/cordon; do
  [ ! -e "$f" ] || fail "$f is left after dpkg --purge"
done
if getent passwd cordon >/dev/null || getent group cordon >/dev/null; then
  fail "the cordon user or group is left after dpkg --purge"
fi
echo "deb_test: OK ($(basename "$deb") $(du -h "$deb" | cut -f1), $(basename "$dev") $(du -h "$dev" | cut -f1))"
