-- The no-contact calendar by week (weeks start on Monday) from $since (or the first day with
-- any data) through $as_of, for ranges too long to draw day by day. One row per week, oldest
-- first: week (its Monday), year and week_of_year (ISO), days (days of the week in the range),
-- nc_days, the no-contact days in each state as on the daily calendar (break_days; peek_days
-- without a break; urge_days with a resisted urge but no break or peek; clean_days), and
-- breaks, urges_resisted and peeks summed over the week's days.
with

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
    from nc_calendar($since, $as_of, $day_start_hour)
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
