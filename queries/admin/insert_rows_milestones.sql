-- Many milestones entries at once from the Arrow batch registered as incoming_rows (one column per
-- field, and created_at: null = now). Returns the new ids. The columns are
-- dashboard/schema.py's milestones fields in order (tests/queries/test_admin_queries.py checks it).
insert into milestones ("on", kind, title, note, created_at)
select "on", kind, title, note, coalesce(created_at, localtimestamp)
from incoming_rows
returning id
