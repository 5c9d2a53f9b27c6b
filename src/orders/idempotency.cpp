#include "orders/idempotency.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/settings.hpp"
#include "core/errors.hpp"

#include <stdexcept>

namespace sh::idempotency {

bool claim(const char* scope, const std::string& key, const std::string& fingerprint, spi::Result* replay,
           const Legacy& legacy) {
    // Fingerprints are stored as 'v2:' and their md5; those of hold() in
    // versions before 1.3 as the bare md5 of their texts.
    static spi::Plan insert(
        "INSERT INTO stockhold.idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, 'v2:' || pg_catalog.md5($3))"
        " ON CONFLICT (scope, key) DO NOTHING RETURNING 1",
        {TEXTOID, TEXTOID, TEXTOID});
    static spi::Plan same(
        "SELECT fingerprint IN ('v2:' || pg_catalog.md5($3), pg_catalog.md5($4), pg_catalog.md5($5))"
        "  FROM stockhold.idempotency_keys WHERE scope = $1 AND key = $2",
        {TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID});
    static spi::Plan rows(
        "SELECT hold_id, sku, location, qty, expires_at FROM stockhold.idempotency_rows"
        " WHERE scope = $1 AND key = $2 ORDER BY ord",
        {TEXTOID, TEXTOID});
    if (!spi::run(insert, {spi::text(scope), spi::text(key), spi::text(fingerprint)}).empty()) return true;
    // Legacy fingerprints apply to hold() only (the only function with keys
    // before 1.3); an empty one never matches a stored md5 of real arguments.
    spi::Result r = spi::run(same, {spi::text(scope), spi::text(key), spi::text(fingerprint),
                                    spi::text(legacy.v1_0), spi::text(legacy.v1_1)});
    if (r.empty() || !r.boolean(0, 1))
        fail(Code::idempotency_mismatch,
             "idempotency key \"" + shown(key) + "\" was already used with different arguments for " + scope + "()", {},
             "Use a new key for a different request.");
    *replay = spi::run(rows, {spi::text(scope), spi::text(key)});
    return false;
}

void replay_holds(const spi::Result& r, ResultSet& out) {
    for (uint64 i = 0; i < r.size(); ++i)
        out.add({spi::datum(r.get(i, 1), r.is_null(i, 1)), spi::datum(r.get(i, 2)), spi::datum(r.get(i, 3), r.is_null(i, 3)),
                 spi::datum(r.get(i, 4)), spi::datum(r.get(i, 5), r.is_null(i, 5))});
}

void replay_moved(const spi::Result& r, ResultSet& out) {
    for (uint64 i = 0; i < r.size(); ++i)
        out.add({spi::datum(r.get(i, 2)), spi::datum(r.get(i, 3)), spi::datum(r.get(i, 4))});
}

qty_t replay_value(const spi::Result& r) {
    if (r.size() != 1) throw std::logic_error("a replayed result of one value has " + std::to_string(r.size()) + " rows");
    return r.qty(0, 4);
}

void record(const char* scope, const std::string& key, int ord, const spi::Arg (&row)[5]) {
    static spi::Plan insert(
        "INSERT INTO stockhold.idempotency_rows (scope, key, ord, hold_id, sku, location, qty, expires_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {TEXTOID, TEXTOID, INT4OID, INT8OID, TEXTOID, TEXTOID, NUMERICOID, TIMESTAMPTZOID});
    spi::run(insert, {spi::text(scope), spi::text(key), spi::int4(ord), row[0], row[1], row[2], row[3], row[4]});
}

int32 forget(int32 batch) {
    static spi::Plan plan(
        "DELETE FROM stockhold.idempotency_keys WHERE (scope, key) IN ("
        "  SELECT scope, key FROM stockhold.idempotency_keys"
        "   WHERE created_at < now() - $1::interval ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
        " RETURNING 1",
        {TEXTOID, INT4OID});
    return int32(spi::run(plan, {spi::text(settings::idempotency_retention), spi::int4(batch)}).size());
}

}  // namespace sh::idempotency
