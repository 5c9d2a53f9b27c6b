#include "bridge/schema_version.hpp"

#include <string>

#include "bridge/guard.hpp"
#include "core/errors.hpp"

#ifndef STOCKHOLD_VERSION
#error "the build defines STOCKHOLD_VERSION from stockhold.control"
#endif

namespace sh::schema_version {

namespace {

bool matched = false;

// The database's installed version of the extension ('' when not installed,
// e.g. while CREATE EXTENSION runs before its catalog row is visible).
std::string installed() {
    char version[64] = {};
    pg_guard([&] {
        SPI_connect();
        if (SPI_execute("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'stockhold'", true, 1) ==
                SPI_OK_SELECT &&
            SPI_processed == 1) {
            char* v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
            if (v) strlcpy(version, v, sizeof version);
        }
        SPI_finish();
    });
    return version;
}

}  // namespace

void require() {
    if (matched) return;
    std::string db = installed();
    if (db.empty() || db == STOCKHOLD_VERSION) {
        matched = !db.empty();
        return;
    }
    fail(Code::version_mismatch,
         "the stockhold library is version " STOCKHOLD_VERSION " but this database's extension is version " + db,
         "The library was upgraded; the extension's SQL objects were not.", "Run: ALTER EXTENSION stockhold UPDATE;");
}

}  // namespace sh::schema_version
