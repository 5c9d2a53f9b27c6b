#include "orders/idempotency.hpp"

#include "bridge/caller_text.hpp"
#include "core/errors.hpp"

namespace sh::idempotency {

bool claim(const std::string& key, const std::string& fingerprint, const Legacy& legacy, ResultSet& out) {
    // ON CONFLICT waits for a concurrent first call with the same key to end.
    // Fingerprints are stored as 'v2:' and their md5; those of earlier
    // versions as the bare md5 of their texts.
    static spi::Plan insert(
        "INSERT INTO stockhold.idempotency_keys (key, fingerprint) VALUES ($1, 'v2:' || pg_catalog.md5($2))"
        " ON CONFLICT (key) DO NOTHING RETURNING 1",
        {TEXTOID, TEXTOID});
    static spi::Plan same(
        "SELECT fingerprint IN ('v2:' || pg_catalog.md5($2), pg_catalog.md5($3), pg_catalog.md5($4))"
        "  FROM stockhold.idempotency_keys WHERE key = $1",
        {TEXTOID, TEXTOID, TEXTOID, TEXTOID});
    static spi::Plan replay(
        "SELECT hold_id, sku, location, qty, expires_at FROM stockhold.idempotency_rows WHERE key = $1 ORDER BY ord",
        {TEXTOID});
    if (!spi::run(insert, {spi::text(key), spi::text(fingerprint)}).empty()) return true;
    spi::Result r =
        spi::run(same, {spi::text(key), spi::text(fingerprint), spi::text(legacy.v1_0), spi::text(legacy.v1_1)});
    if (r.empty() || !r.boolean(0, 1))
        fail(Code::idempotency_mismatch, "idempotency key \"" + shown(key) + "\" was already used with different arguments",
             {}, "Use a new key for a different request.");
    spi::Result rows = spi::run(replay, {spi::text(key)});
    for (uint64 i = 0; i < rows.size(); ++i)
        out.add({spi::datum(rows.get(i, 1), rows.is_null(i, 1)), spi::datum(rows.get(i, 2)),
                 spi::datum(rows.get(i, 3), rows.is_null(i, 3)), spi::datum(rows.get(i, 4)),
                 spi::datum(rows.get(i, 5), rows.is_null(i, 5))});
    return false;
}

void record(const std::string& key, int ord, const spi::Arg (&row)[5]) {
    static spi::Plan insert(
        "INSERT INTO stockhold.idempotency_rows (key, ord, hold_id, sku, location, qty, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
        {TEXTOID, INT4OID, INT8OID, TEXTOID, TEXTOID, NUMERICOID, TIMESTAMPTZOID});
    spi::run(insert, {spi::text(key), spi::int4(ord), row[0], row[1], row[2], row[3], row[4]});
}

}  // namespace sh::idempotency
