-- The urge rating (mood.urge) in the 24 hours before a break against other no-contact days.
-- Breaks are contacts I started on a no-contact day with a tracking day in [$since, $until].
-- 'before_break': the rated entries in [break − 24 h, break), pooled over breaks (an entry in
-- two windows counts twice); 'other': the rated entries on no-contact days in the range that
-- fall in no such window. Always two rows: moment, entries, mean_urge (null without entries).
with

nc as (
    select day from nc_days_in($since, $until)
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

-- Running count of breaks up to each break time (breaks at the same minute together): the
-- breaks in (t, t + 24 h] are a difference of two as-of lookups, instead of pairing every
-- rated entry with every break.
running as (
    select distinct "at", count(*) over (order by "at") as n
    from breaks
),

-- An entry at r lies in the window [b − 24 h, b) of each break b with r < b <= r + 24 h.
windows as (
    select
        r."at",
        r.urge,
        coalesce(r_end.n, 0) - coalesce(r_at.n, 0) as breaks_after
    from rated as r
    asof left join running as r_at on r."at" >= r_at."at"
    asof left join running as r_end on r."at" + interval 24 hour >= r_end."at"
),

before_break as (
    select breaks_after, urge
    from windows
    where breaks_after > 0
),

other as (
    select w.urge
    from windows as w
    join nc on nc.day = tracking_day(w."at", $day_start_hour)
    where w.breaks_after = 0
)

select
    'before_break' as moment,
    cast(coalesce(sum(breaks_after), 0) as bigint) as entries,
    sum(breaks_after * urge) / sum(breaks_after) as mean_urge
from before_break
union all
select 'other', count(urge), avg(urge)
from other
