-- The urge rating (mood.urge) in the 24 hours before a break against other no-contact days.
-- Breaks are contacts I started on a no-contact day with a tracking day in [$since, $until].
-- 'before_break': the rated entries in [break − 24 h, break), pooled over breaks (an entry in
-- two windows counts twice); 'other': the rated entries on no-contact days in the range that
-- fall in no such window. Always two rows: moment, entries, mean_urge (null without entries).
with

nc as (
    select day from nc_days_in($since, $until)
),

-- Breaks by the minute they were sent (breaks at the same minute together), with their
-- calendar date.
breaks as (
    select c."at", cast(c."at" as date) as day, count(*) as n
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me'
    group by c."at"
),

-- Only entries from the day before the first no-contact day of the range through the day
-- after $until can lie in a window or on a no-contact day of the range.
rated as (
    select id, "at", cast("at" as date) as day, urge
    from mood
    where urge is not null
      and cast("at" as date)
          between (select min(day) from nc) - 1 and cast($until as date) + 1
),

-- An entry at r lies in the window [b − 24 h, b) of each break b with r < b <= r + 24 h, and
-- such a break falls on r's calendar date or the next one: two joins on a date pair each entry
-- with the few breaks of those two days instead of ordering every entry in time.
in_window as (
    select r.id, r.urge, b.n
    from rated as r
    join breaks as b on b.day = r.day and b."at" > r."at"
    union all
    select r.id, r.urge, b.n
    from rated as r
    join breaks as b on b.day = r.day + 1 and b."at" <= r."at" + interval 24 hour
),

other as (
    select r.urge
    from rated as r
    join nc on nc.day = tracking_day(r."at", $day_start_hour)
    anti join in_window as w on w.id = r.id
)

select
    'before_break' as moment,
    cast(coalesce(sum(n), 0) as bigint) as entries,
    sum(n * urge) / sum(n) as mean_urge
from in_window
union all
select 'other', count(urge), avg(urge)
from other
