# Turns results.csv (one row per run) into the markdown report: per sync
# mode, scenario, implementation and client count the median run's holds/s
# and latency, and the ratios stockhold/reference and stockhold/floor of the
# medians. Writes the medians as CSV to the file `medians` too.
NR == 1 { next }
{
    k = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
    n = ++runs[k]; hps[k, n] = $5; l50[k, n] = $6; l99[k, n] = $7
    if ($8 != 0) err[k] = 1
    if (!(($4) in seenc)) { seenc[$4] = 1; clients[++nc] = $4 }
}
function settle(    k, n, i, j, t, order, m) {  # rate/p50/p99 of each key's median run
    for (k in runs) {
        n = runs[k]
        for (i = 1; i <= n; i++) order[i] = i
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && hps[k, order[j]] + 0 < hps[k, order[j - 1]] + 0; j--) { t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
        m = order[int((n + 1) / 2)]
        rate[k] = hps[k, m]; p50[k] = l50[k, m]; p99[k] = l99[k, m]
        split(k, parts, SUBSEP)
        print parts[1] "," parts[2] "," parts[3] "," parts[4] "," rate[k] > medians
    }
}
function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "-" }
function table(sync, scen,    i, c, s, r, f) {
    printf "\n### %s SKUs, synchronous_commit = %s\n\n", scen, sync
    print "| clients | stockhold holds/s (p50 / p99 ms) | reference holds/s (p50 / p99 ms) | floor holds/s (p50 / p99 ms) | stockhold / reference | stockhold / floor |"
    print "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= nc; i++) {
        c = clients[i]; s = rate[sync, scen, "stockhold", c]; r = rate[sync, scen, "reference", c]; f = rate[sync, scen, "floor", c]
        printf "| %s | %s (%s / %s) | %s (%s / %s) | %s (%s / %s) | %s | %s |\n", c,
            s, p50[sync, scen, "stockhold", c], p99[sync, scen, "stockhold", c],
            r, p50[sync, scen, "reference", c], p99[sync, scen, "reference", c],
            f, p50[sync, scen, "floor", c], p99[sync, scen, "floor", c], ratio(s, r), ratio(s, f)
    }
}
END {
    settle()
    printf "# stockhold benchmark, %s\n\n", stamp
    printf "Machine: %s.\n\nServer settings: %s. Each figure is the median of %s runs of %s s of pgbench (-j 2), the implementations taking turns in alternating order; %s items, 1,000,000 units each.\n", machine, settings, repeat, dur, items
    print "Holds/s counts holds created in the database during the run (not pgbench tps); latency from pgbench's per-transaction log."
    print "Before the runs each implementation warmed up (2 s, 4 clients), then VACUUM ANALYZE: no plan is made on empty tables."
    print "check_invariants() was empty after every stockhold run. Spread: a random SKU per hold; hot: every client on one SKU."
    for (sync in ss) {}
    table("off", "spread"); table("on", "spread"); table("off", "hot"); table("on", "hot")
    printf "\n### Three-line hold (stockhold), holds/s counts each line\n\n| clients | sync off holds/s (p50 / p99 ms) | sync on holds/s (p50 / p99 ms) |\n| ---: | ---: | ---: |\n"
    for (i = 1; i <= nc; i++) {
        c = clients[i]
        if (("off", "three-line", "stockhold", c) in rate)
            printf "| %s | %s (%s / %s) | %s (%s / %s) |\n", c, rate["off", "three-line", "stockhold", c], p50["off", "three-line", "stockhold", c],
                p99["off", "three-line", "stockhold", c], rate["on", "three-line", "stockhold", c], p50["on", "three-line", "stockhold", c], p99["on", "three-line", "stockhold", c]
    }
    for (k in rate) { split(k, p, SUBSEP); if (p[2] == "growth-empty") { ge = rate[k]; gc = p[4] } if (p[2] == "growth-history") gh = rate[k] }
    printf "\n### Growth (synchronous_commit = off, %s clients)\n\n| empty | with %s history rows | ratio |\n| ---: | ---: | ---: |\n| %s | %s | %s |\n", gc, history, ge, gh, ratio(gh, ge)
    for (k in err) { split(k, p, SUBSEP); printf "\nNote: errors were reported in a run of %s %s %s %s clients.\n", p[1], p[2], p[3], p[4] }
}
