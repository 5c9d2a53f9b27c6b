#include "orders/session_rules.hpp"

#include "bridge/caller_text.hpp"
#include "bridge/spi.hpp"
#include "core/errors.hpp"

namespace sh::session_rules {

namespace {

void require_open(const spi::Result& r) {
    std::string ref = r.text(0, 2);
    if (!r.boolean(0, 3)) fail(Code::session_not_open, "sales session \"" + shown(ref) + "\" is closed");
    if (!r.boolean(0, 4))
        fail(Code::session_not_open, "sales session \"" + shown(ref) + "\" is not open now",
             "It is open from " + r.text(0, 5) + (r.is_null(0, 6) ? std::string() : " until " + r.text(0, 6)) + ".");
}

#define SESSION_COLUMNS                                                                                   \
    "SELECT id, session_ref, closed_at IS NULL,"                                                          \
    "       opens_at <= now() AND (closes_at IS NULL OR now() < closes_at), opens_at::text, closes_at::text" \
    "  FROM stockhold.sessions "

}  // namespace

int64 lock_open(const std::string& session_ref) {
    static spi::Plan plan(SESSION_COLUMNS "WHERE session_ref = $1 FOR SHARE", {TEXTOID});
    spi::Result r = spi::run(plan, {spi::text(session_ref)});
    if (r.empty()) fail(Code::unknown_session, "unknown sales session \"" + shown(session_ref) + "\"");
    require_open(r);
    return r.int8(0, 1);
}

void check_open(int64 session_id) {
    static spi::Plan plan(SESSION_COLUMNS "WHERE id = $1 FOR SHARE", {INT8OID});
    spi::Result r = spi::run(plan, {spi::int8(session_id)});
    if (r.empty()) fail(Code::unknown_session, "unknown sales session id " + std::to_string(session_id));
    require_open(r);
}

}  // namespace sh::session_rules
