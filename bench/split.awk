# The "where a hold's time goes" section of the report from split.csv
# (label, wall, user, kernel, pgbench microseconds per hold): the median of
# each column over the runs of each label. Labels are "IMPL (PROTOCOL)".
function median(list,    v, n, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j] + 0 < v[j - 1] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return v[int((n + 1) / 2)]
}
NR > 1 { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } for (c = 2; c <= 5; c++) col[$1, c] = col[$1, c] " " $c }
function row(label, name,    w, u, k) {
    w = median(col[label, 2]); u = median(col[label, 3]); k = median(col[label, 4])
    printf "| %s | %.0f | %.0f | %.0f | %.0f | %.0f |\n", name, w, u, k, w - u - k, median(col[label, 5])
    cpu[label] = u + k
}
END {
    print "\n### Where a hold's time goes (1 client, synchronous_commit = off)\n"
    print "Microseconds per hold, medians: the server backend's user and kernel CPU time (from /proc), the rest of the wall time"
    print "(the backend waiting for pgbench's next statement), and pgbench's own CPU time.\n"
    print "| | wall | server user | server kernel | server waiting | pgbench |"
    print "| --- | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= n; i++) { name = order[i]; sub(/^stockhold-history/, "stockhold, " history " rows of history", name); row(order[i], name) }
    print ""
    for (i = 1; i <= n; i++) {
        l = order[i]
        if (l !~ /^stockhold \(/) continue
        p = l; sub(/^stockhold /, "", p); q = p; gsub(/[()]/, "", q)
        r = "reference " p; f = "floor " p; h = "stockhold-history " p
        if (cpu[r] > 0 && cpu[f] > 0)
            printf "Server CPU per hold as a throughput ratio, -M %s: stockhold / reference %.2f, stockhold / floor %.2f.", q, cpu[r] / cpu[l], cpu[f] / cpu[l]
        if (cpu[h] > 0) printf " Growth (empty / with history): %.2f.", cpu[l] / cpu[h]
        print ""
    }
}
