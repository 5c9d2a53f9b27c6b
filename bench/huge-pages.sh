# Huge pages for the benchmark clusters' shared memory; sourced by bench/run
# and bench/compare.
#
# With 4 kB pages each new backend takes a page fault for every page of
# shared memory it touches, and those faults contend in the kernel: on two
# cores with 16 fresh connections a run's first seconds measured the faults
# more than the holds (see "Huge pages" in docs/performance.md). PostgreSQL's
# documentation recommends huge pages for a large shared_buffers; a
# production server has them, and so do these clusters whenever the machine
# can give them.
#
# huge_pages_for N sets HUGE_PAGES to "on" when the shared memory of N
# clusters with bench/cluster.conf's settings fits in free huge pages
# (reserving them first when run as root), else to "off";
# huge_pages_release gives back what it reserved.

huge_pages_reserved=0
HUGE_PAGES=off

# Free huge pages not yet promised to a mapping.
huge_pages_available() {
    awk '/^HugePages_Free:/ {f = $2} /^HugePages_Rsvd:/ {r = $2} END {print f - r}' /proc/meminfo
}

huge_pages_for() {
    local clusters=$1 size_kb need available total
    size_kb=$(awk '/^Hugepagesize:/ {print $2}' /proc/meminfo 2>/dev/null)
    [ -n "$size_kb" ] && [ "$size_kb" -gt 0 ] || return 0
    # 1.2 GB per cluster: shared_buffers (1 GB) and the rest of its shared
    # memory (1079 MB in all, SHOW shared_memory_size).
    need=$((clusters * 1258291 / size_kb))
    available=$(huge_pages_available)
    if [ "$available" -lt "$need" ] && [ "$(id -u)" = 0 ] && [ -w /proc/sys/vm/nr_hugepages ]; then
        total=$(cat /proc/sys/vm/nr_hugepages)
        echo $((total + need - available)) >/proc/sys/vm/nr_hugepages 2>/dev/null || true
        huge_pages_reserved=$(($(cat /proc/sys/vm/nr_hugepages) - total))
        available=$(huge_pages_available)
    fi
    if [ "$available" -ge "$need" ]; then HUGE_PAGES=on; fi
}

huge_pages_release() {
    if [ "$huge_pages_reserved" -gt 0 ]; then
        echo $(($(cat /proc/sys/vm/nr_hugepages) - huge_pages_reserved)) >/proc/sys/vm/nr_hugepages 2>/dev/null || true
        huge_pages_reserved=0
    fi
}
