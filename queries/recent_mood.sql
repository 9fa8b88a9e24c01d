-- The $limit latest mood entries (newest first) with every field, for editing on the Log page.
select id, "at", mood, urge, emotions, activities, note, private, created_at
from mood
order by "at" desc, id desc
limit $limit
