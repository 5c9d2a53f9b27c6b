# Sourced by scripts/test and scripts/demo: installs what is missing on a
# Debian 12 machine (what the suites need too when with_tests is set), then
# builds and installs stockhold with CMake.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
export PATH=/usr/lib/postgresql/15/bin:$PATH

need=()
[ -x "$PG_CONFIG" ] || need+=(postgresql-15)
[ -f /usr/include/postgresql/15/server/postgres.h ] || need+=(postgresql-server-dev-15)
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
command -v pgrep >/dev/null || need+=(procps)
# What only the suites need (scripts/test sets with_tests).
node_pg() { (cd "$root/examples/node" && node -e 'require("pg")') >/dev/null 2>&1; }
if [ -n "${with_tests:-}" ]; then
    [ -f /usr/share/postgresql/15/extension/pgtap.control ] || need+=(postgresql-15-pgtap)
    command -v pg_prove >/dev/null || need+=(libtap-parser-sourcehandler-pgtap-perl)
    command -v clang-tidy >/dev/null || need+=(clang-tidy)
    [ -f /usr/share/postgresql/15/extension/pg_cron.control ] || need+=(postgresql-15-cron)
    # The package test (tests/package/package.sh) builds the Debian package.
    [ -f /usr/share/build-essential/list ] || need+=(build-essential)
    command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
    command -v dh >/dev/null || need+=(debhelper)
    command -v fakeroot >/dev/null || need+=(fakeroot)
    command -v dh_pgxs_test >/dev/null || need+=(postgresql-server-dev-all)
    command -v git >/dev/null || need+=(git)
    # The examples (tests/system/examples.sh): psycopg 3 for Python, node-postgres for Node.
    /usr/bin/python3 -c 'import psycopg' 2>/dev/null || need+=(python3-psycopg)
    if ! command -v node >/dev/null; then need+=(nodejs node-pg)  # Debian's node finds node-pg in /usr/share/nodejs
    elif ! node_pg && ! command -v npm >/dev/null; then need+=(node-pg)
    fi
fi
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing: ${need[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# A node that is not Debian's (NodeSource's cannot be installed with node-pg) gets
# node-postgres from npm instead, at the version examples/node/package-lock.json pins.
if [ -n "${with_tests:-}" ] && ! node_pg; then
    (cd "$root/examples/node" && npm ci --no-audit --no-fund --update-notifier=false --loglevel=error >/dev/null)
fi

# The build's progress goes to a log, shown only if the build fails.
mkdir -p "$root/build"
log=$root/build/build.log
echo "== building stockhold (the first run compiles for a few minutes; progress in $log)"
werror=OFF
[ -n "${CI:-}" ] && werror=ON
if ! { cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPG_CONFIG="$PG_CONFIG" \
           -DSTOCKHOLD_WERROR=$werror && cmake --build "$root/build" -j2; } >"$log" 2>&1; then
    tail -40 "$log"
    echo "== the build failed; the whole log is $log" >&2
    exit 1
fi
"${sudo_cmd[@]}" cmake --install "$root/build" >/dev/null
echo "== installed into $("$PG_CONFIG" --pkglibdir)"
