-- The urge rating (mood.urge) in the 24 hours before a break against other no-contact days.
-- Breaks are contacts I started on a no-contact day with a tracking day in [$since, $until].
-- 'before_break': the rated entries in [break − 24 h, break), pooled over breaks (an entry in
-- two windows counts twice); 'other': the rated entries on no-contact days in the range that
-- fall in no such window. Always two rows: moment, entries, mean_urge (null without entries).
with

nc as (
    select day from nc_days(cast($until as date))
    where day >= coalesce(cast($since as date), day)
),

breaks as (
    select c."at"
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me'
),

rated as (
    select "at", urge
    from mood
    where urge is not null
),

before_break as (
    select r.urge
    from breaks as b
    join rated as r on r."at" >= b."at" - interval 24 hour and r."at" < b."at"
),

other as (
    select r.urge
    from rated as r
    join nc on nc.day = tracking_day(r."at", $day_start_hour)
    where not exists (
        select 1 from breaks as b
        where r."at" >= b."at" - interval 24 hour and r."at" < b."at"
    )
)

select 'before_break' as moment, count(urge) as entries, avg(urge) as mean_urge
from before_break
union all
select 'other', count(urge), avg(urge)
from other
