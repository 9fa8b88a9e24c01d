-- Urges resisted, peeks and breaks (contacts I started) on the no-contact days whose tracking
-- day is in [$since, $as_of], per week (Monday start) or per month as $grain ('week' |
-- 'month') says, so a long history stays a few hundred rows. One row per period with at
-- least one no-contact day, oldest first: period (its first day), urges_resisted, peeks,
-- breaks.
select
    cast(date_trunc(cast($grain as varchar), day) as date) as period,
    cast(sum(urges_resisted) as bigint) as urges_resisted,
    cast(sum(peeks) as bigint) as peeks,
    cast(sum(breaks) as bigint) as breaks
from nc_day_activity($since, $as_of, $day_start_hour)
group by period
order by period
