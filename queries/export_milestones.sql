-- Every milestone, oldest first, in the tideline/1 field order.
select id, "on", kind, title, note, created_at
from milestones
order by "on", id
