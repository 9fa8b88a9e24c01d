-- Every urge, oldest first, in the tideline/1 field order.
select id, "at", intensity, outcome, trigger, note, private, created_at
from urges
order by "at", id
