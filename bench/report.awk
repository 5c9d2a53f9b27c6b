# Turns results.csv into the markdown report: holds/s, latency and the
# ratios stockhold/reference and stockhold/floor, per sync mode and scenario.
NR == 1 { next }
{
    key = $1 SUBSEP $2 SUBSEP $4
    rate[$1, $2, $3, $4] = $5; p50[$1, $2, $3, $4] = $6; p99[$1, $2, $3, $4] = $7; err[$1, $2, $3, $4] = $8
    if (!(($4) in seenc)) { seenc[$4] = 1; clients[++nc] = $4 }
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
    printf "# stockhold benchmark, %s\n\n", stamp
    printf "Machine: %s.\n\nServer settings: %s. Each run %s s of pgbench (-j 2); %s items, 1,000,000 units each.\n", machine, settings, dur, items
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
    for (k in err) if (err[k] != 0) { split(k, p, SUBSEP); printf "\nNote: errors were reported in run %s %s %s %s clients.\n", p[1], p[2], p[3], p[4] }
}
