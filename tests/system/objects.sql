-- Every catalog object of the stockhold extension, one line each, in a form
-- that is equal for equal definitions whatever order they were created in:
-- two databases print the same text exactly when the extension is the same.
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'stockhold'),
members AS (
  SELECT d.classid, d.objid FROM pg_depend d, ext
   WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
)
SELECT 'member ' || pg_describe_object(classid, objid, 0) FROM members
UNION ALL  -- columns, with type, nullability and default
SELECT format('column %s.%s %s %s %s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
              CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(ad.adbin, ad.adrelid))
  FROM members m JOIN pg_attribute a ON m.classid = 'pg_class'::regclass AND a.attrelid = m.objid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
 WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL  -- constraints, by name: the C++ and the upgrade scripts name them
SELECT format('constraint %s %s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
  FROM members m JOIN pg_constraint c ON m.classid = 'pg_class'::regclass AND c.conrelid = m.objid
UNION ALL  -- indexes, by name (not extension members themselves: they belong to their table)
SELECT 'index ' || pg_get_indexdef(i.indexrelid)
  FROM members m JOIN pg_index i ON m.classid = 'pg_class'::regclass AND i.indrelid = m.objid
UNION ALL  -- table options, privileges
SELECT format('relation %s %s %s %s', c.oid::regclass, c.relkind, c.reloptions, c.relacl)
  FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
UNION ALL  -- sequences' options (not their positions)
SELECT format('sequence %s %s %s %s %s %s %s', s.seqrelid::regclass, s.seqtypid::regtype, s.seqincrement, s.seqmin,
              s.seqmax, s.seqcache, s.seqcycle)
  FROM members m JOIN pg_sequence s ON m.classid = 'pg_class'::regclass AND s.seqrelid = m.objid
UNION ALL  -- views
SELECT format('view %s %s', c.oid::regclass, pg_get_viewdef(c.oid))
  FROM members m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid WHERE c.relkind = 'v'
UNION ALL  -- functions: the whole definition, and privileges
SELECT format('function %s %s', pg_get_functiondef(p.oid), p.proacl)
  FROM members m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
UNION ALL  -- triggers
SELECT 'trigger ' || pg_get_triggerdef(t.oid)
  FROM members m JOIN pg_trigger t ON m.classid = 'pg_class'::regclass AND t.tgrelid = m.objid AND NOT t.tgisinternal
UNION ALL  -- enum labels in order
SELECT format('enum %s %s', e.enumtypid::regtype, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder))
  FROM members m JOIN pg_enum e ON m.classid = 'pg_type'::regclass AND e.enumtypid = m.objid GROUP BY e.enumtypid
UNION ALL  -- what pg_dump keeps
SELECT format('config %s %s', c.cfg::regclass, c.cond)
  FROM pg_extension x, unnest(x.extconfig, x.extcondition) AS c(cfg, cond) WHERE x.extname = 'stockhold'
UNION ALL
SELECT format('schema privileges %s', nspacl) FROM pg_namespace WHERE nspname = 'stockhold'
ORDER BY 1;
