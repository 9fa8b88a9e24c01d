-- Replace the fields of the urges entry $id (created_at is kept); returns its id, no row when
-- there is none. The columns are dashboard/schema.py's urges fields in order.
update urges
set "at" = $at, intensity = $intensity, outcome = $outcome, trigger = $trigger, note = $note,
    private = $private
where id = $id
returning id
