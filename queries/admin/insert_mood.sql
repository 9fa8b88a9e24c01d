-- One mood entry, every field bound by name (written by Store.add after validation);
-- created_at null = now. Returns the new id. The columns are dashboard/schema.py's mood
-- fields in order (tests/queries/test_admin_queries.py checks it).
insert into mood ("at", mood, urge, emotions, activities, note, private, created_at)
values ($at, $mood, $urge, $emotions, $activities, $note, $private, coalesce($created_at, localtimestamp))
returning id
