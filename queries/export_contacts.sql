-- Every contact, oldest first, in the tideline/1 field order.
select id, "at", initiator, channel, got_response, under_influence, trigger, note, private, created_at
from contacts
order by "at", id
