-- The $limit latest contacts (newest first) with every field, for editing on the Log page.
select
    id, "at", initiator, channel, got_response, under_influence, trigger, note, private, created_at
from contacts
order by "at" desc, id desc
limit $limit
