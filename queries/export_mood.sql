-- Every mood entry, oldest first, in the tideline/1 field order.
select id, "at", mood, urge, emotions, activities, note, private, created_at
from mood
order by "at", id
