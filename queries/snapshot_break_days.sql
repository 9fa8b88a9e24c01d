-- The latest $limit days with a break (a contact I started on a no-contact day, PRODUCT.md s.4)
-- whose tracking day is in [$since, $until], oldest first: day, breaks (contacts that day).
with

nc as (
    select day from nc_days(cast($until as date))
    where day >= cast($since as date)
),

breaks as (
    select tracking_day(c."at", $day_start_hour) as day
    from contacts as c
    where c.initiator = 'me'
),

break_days as (
    select breaks.day, count(*) as breaks
    from breaks
    join nc using (day)
    group by breaks.day
    order by breaks.day desc
    limit $limit
)

select day, breaks
from break_days
order by day
