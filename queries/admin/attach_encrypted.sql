-- Attach an encrypted database file with the bound key $key ({path} and {alias}: see
-- attach.sql). A new file is created encrypted.
attach {path} as {alias} (encryption_key $key)
