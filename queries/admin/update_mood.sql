-- Replace the fields of the mood entry $id (created_at is kept); returns its id, no row when
-- there is none. The columns are dashboard/schema.py's mood fields in order.
update mood
set "at" = $at, mood = $mood, urge = $urge, emotions = $emotions, activities = $activities,
    note = $note, private = $private
where id = $id
returning id
