-- The $limit latest milestones (newest date first) with every field, for editing on the Log page.
select id, "on", kind, title, note, created_at
from milestones
order by "on" desc, id desc
limit $limit
