-- Attach a plain database file read-only ({path} and {alias}: see attach.sql).
attach {path} as {alias} (read_only)
