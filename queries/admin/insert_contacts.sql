-- One contacts entry, every field bound by name (written by Store.add after validation);
-- created_at null = now. Returns the new id. The columns are dashboard/schema.py's contacts
-- fields in order (tests/queries/test_admin_queries.py checks it).
insert into contacts ("at", initiator, channel, got_response, under_influence, trigger, note, private, created_at)
values ($at, $initiator, $channel, $got_response, $under_influence, $trigger, $note, $private, coalesce($created_at, localtimestamp))
returning id
