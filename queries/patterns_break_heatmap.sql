-- Breaks (contacts I started on a no-contact day) whose tracking day is in [$since, $until],
-- counted by the weekday of their tracking day (ISO: 1 = Monday … 7 = Sunday) and the clock
-- hour; one row per non-empty cell, so at most 7 × 24 = 168 rows. A text at 01:00 on Saturday
-- counts for Friday night, like every per-day figure.
with

nc as (
    select day from nc_days(cast($until as date))
),

breaks as (
    select
        tracking_day(c."at", $day_start_hour) as day,
        hour(c."at") as hour
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me'
      and nc.day >= coalesce(cast($since as date), nc.day)
)

select
    cast(isodow(day) as integer) as weekday,
    cast(hour as integer) as hour,
    count(*) as breaks
from breaks
group by all
order by weekday, hour
