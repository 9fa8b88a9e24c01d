-- Replace the fields of the contacts entry $id (created_at is kept); returns its id, no row when
-- there is none. The columns are dashboard/schema.py's contacts fields in order.
update contacts
set "at" = $at, initiator = $initiator, channel = $channel, got_response = $got_response,
    under_influence = $under_influence, trigger = $trigger, note = $note, private = $private
where id = $id
returning id
