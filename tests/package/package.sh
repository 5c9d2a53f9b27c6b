#!/usr/bin/env bash
# package.sh SRCDIR BUILDDIR (CTest `package`): the Debian package, as a DBA
# would build and use it. From a copy of the source tree (what a clone holds,
# with the work tree's uncommitted changes), `dpkg-buildpackage -us -uc -b`
# builds postgresql-15-stockhold and leaves nothing in the tree that git would
# see. The package holds exactly the files `cmake --install BUILDDIR` installs
# (the scripts byte for byte). `apt-get install ./postgresql-15-stockhold_*.deb`
# installs it; on a throwaway cluster CREATE EXTENSION, a hold and a refused
# hold work. `apt-get purge` removes it and every file it installed. Then
# `cmake --install BUILDDIR` puts the work tree's build back, as it does on any
# failure: the package replaced, then deleted, the files the other suites use
# (so CTest runs this test alone: RUN_SERIAL). Needs root, or sudo.
set -euo pipefail
src=$(cd "$1" && pwd) build=$(cd "$2" && pwd)
pkg=postgresql-15-stockhold
export PATH=/usr/lib/postgresql/15/bin:$PATH
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
apt=("${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=600)
checks=0
pass() { echo "ok: $*"; checks=$((checks + 1)); }
fail() { echo "FAIL: $*"; exit 1; }
installed() { [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" = "install ok installed" ]; }

work=$(mktemp -d /tmp/stockhold-package.XXXXXX)
replaced=  # set while the package may have replaced the installed extension
restore() {
    local status=$?
    if [ -n "$replaced" ]; then
        echo "== putting the work tree's build back"
        if installed; then "${apt[@]}" purge "$pkg" >/dev/null || status=1; fi
        "${sudo_cmd[@]}" cmake --install "$build" >/dev/null || { echo "FAIL: cmake --install $build"; status=1; }
    fi
    rm -rf "$work"
    exit $status
}
trap restore EXIT
trap 'exit 130' INT TERM

[ -f "$build/cmake_install.cmake" ] || fail "$build is not a CMake build directory"
version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$src/stockhold.control")
if installed; then echo "note: $pkg is installed already; this test removes it"; fi

echo "== copying the source tree"
mkdir "$work/src"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # Tracked and untracked files, not ignored ones (build/), not deleted ones.
    (cd "$src" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
        tar --null -T - -cf -) | tar -xf - -C "$work/src"
else
    tar -C "$src" --exclude=./build -cf - . | tar -xf - -C "$work/src"
fi
# A repository of its own, to see what the build leaves behind.
git -C "$work/src" -c init.defaultBranch=copy init -q
git -C "$work/src" add -A
git -C "$work/src" -c user.name=package-test -c user.email=package-test@stockhold.invalid -c commit.gpgsign=false \
    commit -q -m copy

echo "== dpkg-buildpackage -us -uc -b (compiles stockhold; log in the scratch directory)"
if ! (cd "$work/src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc)" \
        dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
    tail -60 "$work/build.log"
    fail "dpkg-buildpackage -us -uc -b"
fi
debs=("$work/${pkg}_"*.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "dpkg-buildpackage made no single ${pkg}_*.deb: $(ls "$work")"
deb=${debs[0]}
pass "dpkg-buildpackage built $(basename "$deb")"
debris=$(git -C "$work/src" status --porcelain --untracked-files=all)
[ -z "$debris" ] || fail "the build left files that git sees in the source tree:
$debris"
pass "the build left nothing in the source tree that git sees"
[ "$(dpkg-deb -f "$deb" Package)" = "$pkg" ] && [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
    fail "the package is $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version), not $pkg $version"
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends == *postgresql-15* ]] || fail "the package does not depend on postgresql-15: $depends"
pass "the package is $pkg $version, depending on postgresql-15"

# The same files as `cmake --install`: the package's, outside its docs, are
# the files CMake installs into a staging root.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' | grep -v '^/usr/share/doc/' | sort >"$work/package.files"
DESTDIR="$work/cmake-root" cmake --install "$build" >/dev/null
(cd "$work/cmake-root" && find . ! -type d | sed 's|^\.||' | sort) >"$work/cmake.files"
grep -qx "$(pg_config --pkglibdir)/stockhold.so" "$work/cmake.files" &&
    grep -qx "$(pg_config --sharedir)/extension/stockhold--$version.sql" "$work/cmake.files" ||
    fail "cmake --install $build does not install stockhold.so and stockhold--$version.sql: $(cat "$work/cmake.files")"
diff -u "$work/cmake.files" "$work/package.files" || fail "the package's files (+) are not the ones cmake --install installs (-)"
dpkg-deb -x "$deb" "$work/package-root"
while read -r f; do
    case $f in *.so) continue ;; esac
    cmp -s "$work/cmake-root$f" "$work/package-root$f" || fail "$f differs between the package and cmake --install"
done <"$work/package.files"
pass "the package holds the $(wc -l <"$work/package.files") files cmake --install installs, the scripts identical"

echo "== apt-get install ./$(basename "$deb")"
chmod 755 "$work"  # apt reads the .deb as its own user
replaced=1
(cd "$work" && "${apt[@]}" install "./$(basename "$deb")") >"$work/apt.log" 2>&1 ||
    { cat "$work/apt.log"; fail "apt-get install ./$(basename "$deb")"; }
installed || fail "$pkg is not installed after apt-get install"
# dpkg --verify compares every installed file with the package's checksums.
verify=$(dpkg --verify "$pkg") && [ -z "$verify" ] || fail "dpkg --verify $pkg: $verify"
cmp -s "$work/package-root$(pg_config --pkglibdir)/stockhold.so" "$(pg_config --pkglibdir)/stockhold.so" ||
    fail "the installed stockhold.so is not the package's"
pass "$pkg is installed and its files are on disk"

echo "== CREATE EXTENSION and a hold on a throwaway cluster"
# The short hold (4 of the 3 left) must be refused with SH001 and change nothing.
expected="extension|$version
item|t
on_hand|5
held|x|default|2
available|5|2|3
refused|SH001
available|5|2|3
invariants|0"
# From /: the server's OS user may not enter the caller's directory (a 0700 clone).
got=$(cd / && "$src/scripts/lib/with-cluster" psql -X -q -v ON_ERROR_STOP=1 -At \
    -c 'CREATE EXTENSION stockhold' \
    -c "SELECT 'extension', extversion FROM pg_extension WHERE extname = 'stockhold'" \
    -c "SELECT 'item', stockhold.upsert_item('x') IS NOT NULL" \
    -c "SELECT 'on_hand', trim_scale(stockhold.receive('x', 5))" \
    -c "SELECT 'held', sku, location, trim_scale(qty) FROM stockhold.hold('o1', '[{\"sku\":\"x\",\"qty\":2}]')" \
    -c "SELECT 'available', trim_scale(on_hand), trim_scale(reserved), trim_scale(available) FROM stockhold.availability WHERE sku = 'x'" \
    -c "CREATE FUNCTION pg_temp.short_hold() RETURNS text LANGUAGE plpgsql AS \$\$
        BEGIN
          PERFORM * FROM stockhold.hold('o2', '[{\"sku\":\"x\",\"qty\":4}]');
          RETURN 'held';
        EXCEPTION WHEN OTHERS THEN RETURN SQLSTATE;
        END \$\$" \
    -c "SELECT 'refused', pg_temp.short_hold()" \
    -c "SELECT 'available', trim_scale(on_hand), trim_scale(reserved), trim_scale(available) FROM stockhold.availability WHERE sku = 'x'" \
    -c "SELECT 'invariants', count(*) FROM stockhold.check_invariants()" 2>"$work/session.err") ||
    fail "the session on the package's extension failed:
$got
$(cat "$work/session.err")"
[ "$got" = "$expected" ] || fail "the session on the package's extension printed
$got
$(cat "$work/session.err")
instead of
$expected"
pass "CREATE EXTENSION stockhold ($version), a hold of 2 of 5, a short hold refused with SH001, invariants hold"

echo "== apt-get purge $pkg"
"${apt[@]}" purge "$pkg" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get purge $pkg"; }
! installed || fail "$pkg is still installed after apt-get purge"
left=$(while read -r f; do if [ -e "$f" ]; then echo "$f"; fi; done <"$work/package.files")
[ -z "$left" ] || fail "apt-get purge left the package's files: $left"
pass "apt-get purge removed $pkg and its $(wc -l <"$work/package.files") files"

echo "== cmake --install $build (the work tree's build, for the other suites)"
"${sudo_cmd[@]}" cmake --install "$build" >/dev/null || fail "cmake --install $build"
replaced=
cmp -s "$build/stockhold.so" "$(pg_config --pkglibdir)/stockhold.so" || fail "the installed stockhold.so is not $build's"
while read -r f; do [ -e "$f" ] || fail "$f is missing after cmake --install"; done <"$work/cmake.files"
pass "the work tree's build is installed again"
echo "package: $checks passed, 0 failed"
