-- One row per break-free run of consecutive no-contact days in [$since, $as_of], oldest
-- first: start, end, days, ended_by ('ongoing' when the run reaches $as_of, 'break' when the
-- next day is a no-contact day with a break, 'nc ended' when it is not a no-contact day).
with

nc as (
    select day from nc_days_in($since, $as_of)
),

break_days as (
    select distinct tracking_day("at", $day_start_hour) as day
    from contacts
    where initiator = 'me'
),

clean as (
    select nc.day
    from nc
    anti join break_days using (day)
),

-- Gaps and islands: consecutive clean days keep the same (day - their rank).
runs as (
    select min(day) as start_day, max(day) as end_day, count(*) as days
    from (
        select day, day - cast(row_number() over (order by day) as integer) as island
        from clean
    )
    group by island
)

select
    runs.start_day as "start",
    runs.end_day as "end",
    runs.days,
    case
        when runs.end_day = cast($as_of as date) then 'ongoing'
        when nc.day is not null then 'break'
        else 'nc ended'
    end as ended_by
from runs
left join nc on nc.day = runs.end_day + 1
order by runs.start_day
