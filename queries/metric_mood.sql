-- One row of mood figures over the entries whose tracking day is in [$since, $as_of]
-- (PRODUCT.md s.4): entries, days_logged, mood_sum; last7_entries and last7_sum (days
-- $as_of - 6 .. $as_of); min_last_3d (lowest entry on days $as_of - 2 .. $as_of, null if
-- none); nc_entries and nc_mood_sum (entries on no-contact days, for the relapse baseline);
-- current_low_run_days (consecutive days ending on $as_of whose daily mean is <= $low_mood;
-- a day without entries ends the run, so it is 0 when $as_of has none); low_days_7d (days
-- among $as_of - 6 .. $as_of whose lowest entry is <= $low_mood; days without entries count
-- neither way); latest_two_days_min (the lowest entry over the two latest logged days, null
-- when fewer than two days are logged: the support card's way out).
with

nc as (
    select day from nc_days(cast($as_of as date))
),

-- The entries by tracking day (tideline_derived.mood_by_day, grouped once per write to mood).
daily as (
    select
        d.day,
        d.entries,
        d.mood_sum,
        d.mood_sum / d.entries as mood_mean,
        d.mood_min,
        nc.day is not null as in_nc
    from tideline_derived.mood_by_day as d
    left join nc using (day)
    where d.day_start_hour = $day_start_hour
      and d.day <= cast($as_of as date)
      and d.day >= coalesce(cast($since as date), d.day)
),

-- The low run ending on $as_of: the r-th latest low day belongs to it exactly when it lies
-- r - 1 days before $as_of (then every day between is a low day too). Ranked among the low
-- days only: a window over every logged day cost more than the rest of the query at fifty years.
low_ranked as (
    select day, row_number() over (order by day desc) as r
    from daily
    where mood_mean <= $low_mood
),

-- The two latest logged days (the support card's way out reads their lowest entry).
latest_two as (
    select day
    from daily
    order by day desc
    limit 2
)

select
    cast(coalesce(sum(entries), 0) as bigint) as entries,
    count(*) as days_logged,
    cast(coalesce(sum(mood_sum), 0) as bigint) as mood_sum,
    cast(coalesce(sum(entries) filter (where day >= cast($as_of as date) - 6), 0) as bigint)
        as last7_entries,
    cast(coalesce(sum(mood_sum) filter (where day >= cast($as_of as date) - 6), 0) as bigint)
        as last7_sum,
    min(mood_min) filter (where day >= cast($as_of as date) - 2) as min_last_3d,
    cast(coalesce(sum(entries) filter (where in_nc), 0) as bigint) as nc_entries,
    cast(coalesce(sum(mood_sum) filter (where in_nc), 0) as bigint) as nc_mood_sum,
    (select count(*) from low_ranked where cast($as_of as date) - day = r - 1)
        as current_low_run_days,
    count(*) filter (where day >= cast($as_of as date) - 6 and mood_min <= $low_mood)
        as low_days_7d,
    case
        when count(*) >= 2
            then min(mood_min) filter (where day >= (select min(day) from latest_two))
    end as latest_two_days_min
from daily
