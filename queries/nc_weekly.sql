-- The no-contact calendar by week (weeks start on Monday) from $since (or the first day with
-- any data) through $as_of, for ranges too long to draw day by day. One row per week, oldest
-- first: week (its Monday), year and week_of_year (ISO), days (days of the week in the range),
-- nc_days, the no-contact days in each state as on the daily calendar (break_days; peek_days
-- without a break; urge_days with a resisted urge but no break or peek; clean_days), and
-- breaks, urges_resisted and peeks summed over the week's days.
with

nc as (
    select day from nc_days(cast($as_of as date))
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
),

first_day as (
    select coalesce(
        cast($since as date),
        least(
            (select min(day) from nc),
            (select min(day) from my_contacts),
            (select min(day) from urge_days),
            (select min(tracking_day("at", $day_start_hour)) from mood),
            (select min("on") from milestones)
        )
    ) as day
),

calendar as (
    select cast(unnest(generate_series(day, cast($as_of as date), interval 1 day)) as date) as day
    from first_day
    where day <= cast($as_of as date)
),

daily as (
    select
        calendar.day,
        nc.day is not null as in_nc,
        case when nc.day is not null then coalesce(my_contacts.n, 0) else 0 end as breaks,
        coalesce(urge_days.resisted, 0) as urges_resisted,
        coalesce(urge_days.peeked, 0) as peeks
    from calendar
    left join nc using (day)
    left join my_contacts using (day)
    left join urge_days using (day)
),

weekly as (
    select
        cast(date_trunc('week', day) as date) as week,
        count(*) as days,
        count(*) filter (where in_nc) as nc_days,
        count(*) filter (where in_nc and breaks > 0) as break_days,
        count(*) filter (where in_nc and breaks = 0 and peeks > 0) as peek_days,
        count(*) filter (where in_nc and breaks = 0 and peeks = 0 and urges_resisted > 0)
            as urge_days,
        count(*) filter (where in_nc and breaks = 0 and peeks = 0 and urges_resisted = 0)
            as clean_days,
        cast(sum(breaks) as bigint) as breaks,
        cast(sum(urges_resisted) as bigint) as urges_resisted,
        cast(sum(peeks) as bigint) as peeks
    from daily
    group by week
)

select
    week,
    isoyear(week) as year,
    week(week) as week_of_year,
    days,
    nc_days,
    break_days,
    peek_days,
    urge_days,
    clean_days,
    breaks,
    urges_resisted,
    peeks
from weekly
order by week
