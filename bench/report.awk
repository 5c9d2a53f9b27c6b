# Turns results.csv (one row per run) into the markdown report: per
# protocol, sync mode, scenario, implementation and client count the median
# run's holds/s and latency, and the ratios stockhold/reference and
# stockhold/floor of the medians. Writes the medians as CSV to the file
# `medians` too. Columns: sync, protocol, scenario, impl, clients, holds/s,
# p50, p99, errors.
NR == 1 { next }
{
    k = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
    n = ++runs[k]; hps[k, n] = $6; l50[k, n] = $7; l99[k, n] = $8
    if ($9 != 0) err[k] = 1
    if (!(($5) in seenc)) { seenc[$5] = 1; clients[++nc] = $5 }
}
function settle(    k, n, i, j, t, order, m, parts) {  # rate/p50/p99 of each key's median run
    for (k in runs) {
        n = runs[k]
        for (i = 1; i <= n; i++) order[i] = i
        for (i = 2; i <= n; i++)
            for (j = i; j > 1 && hps[k, order[j]] + 0 < hps[k, order[j - 1]] + 0; j--) { t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
        m = order[int((n + 1) / 2)]
        rate[k] = hps[k, m]; p50[k] = l50[k, m]; p99[k] = l99[k, m]
        split(k, parts, SUBSEP)
        print parts[1] "," parts[2] "," parts[3] "," parts[4] "," parts[5] "," rate[k] > medians
    }
}
function ratio(a, b) { return (b > 0) ? sprintf("%.2f", a / b) : "-" }
function cell(sync, proto, scen, impl, c) {
    return sprintf("%s (%s / %s)", rate[sync, proto, scen, impl, c], p50[sync, proto, scen, impl, c], p99[sync, proto, scen, impl, c])
}
function table(proto, sync, scen,    i, c, s, r, f) {
    printf "\n### %s SKUs, synchronous_commit = %s, pgbench -M %s\n\n", scen, sync, proto
    print "| clients | stockhold holds/s (p50 / p99 ms) | reference holds/s (p50 / p99 ms) | floor holds/s (p50 / p99 ms) | stockhold / reference | stockhold / floor |"
    print "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for (i = 1; i <= nc; i++) {
        c = clients[i]; s = rate[sync, proto, scen, "stockhold", c]; r = rate[sync, proto, scen, "reference", c]; f = rate[sync, proto, scen, "floor", c]
        if (s == "") continue
        printf "| %s | %s | %s | %s | %s | %s |\n", c, cell(sync, proto, scen, "stockhold", c),
            cell(sync, proto, scen, "reference", c), cell(sync, proto, scen, "floor", c), ratio(s, r), ratio(s, f)
    }
}
END {
    settle()
    np = split(protocols, proto, " ")
    printf "# stockhold benchmark, %s\n\n", stamp
    printf "Machine: %s.\n\nServer settings: %s. Each figure is the median of %s runs of %s s of pgbench (-j 2), the implementations taking turns in alternating order; %s items, 1,000,000 units each (the hot SKU 100,000,000).\n", machine, settings, repeat, dur, items
    printf "Every run was made with each of pgbench's protocols: %s (simple: a statement's text parsed and planned on every call; prepared: parsed once per connection and executed by name, as drivers do).\n", protocols
    print "Holds/s counts holds created in the database during the run (not pgbench tps); latency from pgbench's per-transaction log."
    print "Before the runs each implementation warmed up (2 s, 4 clients), then VACUUM ANALYZE: no plan is made on empty tables."
    print "check_invariants() was empty after every stockhold run. Spread: a random SKU per hold; hot: every client on one SKU."
    for (p = np; p >= 1; p--) { table(proto[p], "off", "spread"); table(proto[p], "on", "spread") }
    for (p = np; p >= 1; p--) { table(proto[p], "off", "hot"); table(proto[p], "on", "hot") }
    printf "\n### Three-line hold (stockhold), holds/s counts each line\n\n| clients |"
    for (p = 1; p <= np; p++) printf " sync off, -M %s (p50 / p99 ms) | sync on, -M %s (p50 / p99 ms) |", proto[p], proto[p]
    printf "\n| ---: |"
    for (p = 1; p <= np; p++) printf " ---: | ---: |"
    print ""
    for (i = 1; i <= nc; i++) {
        c = clients[i]
        printf "| %s |", c
        for (p = 1; p <= np; p++)
            printf " %s | %s |", cell("off", proto[p], "three-line", "stockhold", c), cell("on", proto[p], "three-line", "stockhold", c)
        print ""
    }
    printf "\n### One hot SKU split into 16 slots (stockhold), against stockhold on spread SKUs\n\n"
    print "Holds/s of one-unit holds of one item whose level is split into 16 slots (set_slots), of one hot item in one row, and of spread SKUs, from the same run."
    for (p = np; p >= 1; p--) for (si = 1; si <= 2; si++) {
        sync = si == 1 ? "off" : "on"
        printf "\n| clients (sync %s, -M %s) | hot, 16 slots (p50 / p99 ms) | hot, one row | spread | 16 slots / spread | one row / spread |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n", sync, proto[p]
        for (i = 1; i <= nc; i++) {
            c = clients[i]
            hs = rate[sync, proto[p], "hot-slots", "stockhold", c]; h1 = rate[sync, proto[p], "hot", "stockhold", c]
            sp = rate[sync, proto[p], "spread", "stockhold", c]
            if (hs == "") continue
            printf "| %s | %s | %s | %s | %s | %s |\n", c, cell(sync, proto[p], "hot-slots", "stockhold", c), h1, sp, ratio(hs, sp), ratio(h1, sp)
        }
    }
    printf "\n### Growth (synchronous_commit = off)\n\n| protocol | clients | empty | with %s history rows | ratio |\n| --- | ---: | ---: | ---: | ---: |\n", history
    for (p = 1; p <= np; p++) {
        ge = gh = gc = ""
        for (k in rate) {
            split(k, q, SUBSEP)
            if (q[2] != proto[p]) continue
            if (q[3] == "growth-empty") { ge = rate[k]; gc = q[5] }
            if (q[3] == "growth-history") gh = rate[k]
        }
        printf "| %s | %s | %s | %s | %s |\n", proto[p], gc, ge, gh, ratio(gh, ge)
    }
    for (k in err) { split(k, q, SUBSEP); printf "\nNote: errors were reported in a run of %s %s %s %s %s clients.\n", q[1], q[2], q[3], q[4], q[5] }
}
