-- The in-memory database of the derived tables (dashboard/derived.py), one per DuckDB database
-- instance: every cursor of a journal's connection reads it, and it is never written to disk
-- (writable even beside a journal opened read-only).
attach if not exists ':memory:' as tideline_derived (read_write)
