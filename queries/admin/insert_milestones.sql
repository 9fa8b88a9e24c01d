-- One milestones entry, every field bound by name (written by Store.add after validation);
-- created_at null = now. Returns the new id. The columns are dashboard/schema.py's milestones
-- fields in order (tests/queries/test_admin_queries.py checks it).
insert into milestones ("on", kind, title, note, created_at)
values ($on, $kind, $title, $note, coalesce($created_at, localtimestamp))
returning id
