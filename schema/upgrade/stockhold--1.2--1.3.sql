-- stockhold 1.2 -> 1.3
\echo Use "ALTER EXTENSION stockhold UPDATE TO '1.3'" to load this file. \quit

-- The trigger functions' C symbols take the sh_ prefix of every other
-- function (the library still exports the old names, which the scripts of
-- 1.0 to 1.2 name).
CREATE OR REPLACE FUNCTION stockhold.stock_levels_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_guard' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.stock_levels_alert() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_stock_levels_alert' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.holds_guard() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_holds_guard' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.ledger_append_only() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_ledger_append_only' LANGUAGE C;
CREATE OR REPLACE FUNCTION stockhold.locations_restore_default() RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_locations_restore_default' LANGUAGE C;
