// The library serves one version of the extension's SQL objects. Between
// installing a new library and ALTER EXTENSION stockhold UPDATE, the old
// objects would run new code against old tables; every call refuses instead,
// with 55000 and the command to run. Checked once per backend (once it
// matches, it stays matched: versions only move forward).
#pragma once

namespace sh::schema_version {

void require();

}  // namespace sh::schema_version
