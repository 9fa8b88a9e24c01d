-- Urges resisted, peeks and breaks (contacts I started) on the no-contact days whose tracking
-- day is in [$since, $as_of], per week (Monday start) or per month as $grain ('week' |
-- 'month') says, so a long history stays a few hundred rows. One row per period with at
-- least one no-contact day, oldest first: period (its first day), urges_resisted, peeks,
-- breaks.
with

nc as (
    select day from nc_days(cast($as_of as date))
    where day >= coalesce(cast($since as date), day)
),

my_contacts as (
    select tracking_day("at", $day_start_hour) as day, count(*) as n
    from contacts
    where initiator = 'me'
    group by 1
),

urge_days as (
    select
        tracking_day("at", $day_start_hour) as day,
        count(*) filter (where outcome = 'resisted') as resisted,
        count(*) filter (where outcome = 'peeked') as peeked
    from urges
    group by 1
)

select
    cast(date_trunc(cast($grain as varchar), nc.day) as date) as period,
    cast(coalesce(sum(urge_days.resisted), 0) as bigint) as urges_resisted,
    cast(coalesce(sum(urge_days.peeked), 0) as bigint) as peeks,
    cast(coalesce(sum(my_contacts.n), 0) as bigint) as breaks
from nc
left join my_contacts using (day)
left join urge_days using (day)
group by period
order by period
