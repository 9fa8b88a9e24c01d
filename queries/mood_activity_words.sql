-- The $top activity words used so far (to suggest them in the Log form): activity, times used;
-- most used first, then by name.
with

words as (
    select unnest(activities) as activity
    from mood
)

select activity, count(*) as times
from words
group by activity
order by times desc, activity
limit $top
