-- Replace the fields of the milestones entry $id (created_at is kept); returns its id, no row when
-- there is none. The columns are dashboard/schema.py's milestones fields in order.
update milestones
set "on" = $on, kind = $kind, title = $title, note = $note
where id = $id
returning id
