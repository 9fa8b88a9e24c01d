-- Attach an encrypted database file read-only with the bound key $key ({path} and {alias}:
-- see attach.sql).
attach {path} as {alias} (encryption_key $key, read_only)
