-- Urges against actions per week (weeks start on Monday) over the no-contact days whose
-- tracking day is in [$since, $until]: urges resisted, urges that ended in a peek, and breaks
-- (contacts I started). One row per week with at least one of the three, oldest first.
with

nc as (
    select day from nc_days_in($since, $until)
),

events as (
    select tracking_day(u."at", $day_start_hour) as day, u.outcome as kind
    from urges as u
    union all
    select tracking_day(c."at", $day_start_hour), 'broke'
    from contacts as c
    where c.initiator = 'me'
)

select
    cast(date_trunc('week', e.day) as date) as week,
    count(*) filter (where e.kind = 'resisted') as resisted,
    count(*) filter (where e.kind = 'peeked') as peeked,
    count(*) filter (where e.kind = 'broke') as broke
from events as e
join nc on nc.day = e.day
group by week
order by week
