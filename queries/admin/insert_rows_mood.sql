-- Many mood entries at once from the Arrow batch registered as incoming_rows (one column per
-- field, and created_at: null = now). Returns the new ids. The columns are
-- dashboard/schema.py's mood fields in order (tests/queries/test_admin_queries.py checks it).
insert into mood ("at", mood, urge, emotions, activities, note, private, created_at)
select "at", mood, urge, emotions, activities, note, private, coalesce(created_at, localtimestamp)
from incoming_rows
returning id
