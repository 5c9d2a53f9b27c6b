# Sourced by scripts/test and scripts/demo: installs what is missing on a
# Debian 12 machine, then builds and installs stockhold with CMake.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
export PATH=/usr/lib/postgresql/15/bin:$PATH

need=()
[ -x "$PG_CONFIG" ] || need+=(postgresql-15)
[ -f /usr/include/postgresql/15/server/postgres.h ] || need+=(postgresql-server-dev-15)
[ -f /usr/share/postgresql/15/extension/pgtap.control ] || need+=(postgresql-15-pgtap)
command -v pg_prove >/dev/null || need+=(libtap-parser-sourcehandler-pgtap-perl)
command -v cmake >/dev/null || need+=(cmake)
command -v g++ >/dev/null || need+=(g++)
command -v clang-tidy >/dev/null || need+=(clang-tidy)
command -v pgrep >/dev/null || need+=(procps)
if [ ${#need[@]} -gt 0 ]; then
    echo "== installing: ${need[*]}"
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
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
