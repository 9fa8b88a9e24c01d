-- One urges entry, every field bound by name (written by Store.add after validation);
-- created_at null = now. Returns the new id. The columns are dashboard/schema.py's urges
-- fields in order (tests/queries/test_admin_queries.py checks it).
insert into urges ("at", intensity, outcome, trigger, note, private, created_at)
values ($at, $intensity, $outcome, $trigger, $note, $private, coalesce($created_at, localtimestamp))
returning id
