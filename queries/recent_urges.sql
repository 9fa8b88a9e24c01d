-- The $limit latest urges (newest first) with every field, for editing on the Log page.
select id, "at", intensity, outcome, trigger, note, private, created_at
from urges
order by "at" desc, id desc
limit $limit
