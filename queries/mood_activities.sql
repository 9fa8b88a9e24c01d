-- Activities against mood in [$since, $until], over the tracking days with a mood entry: for each
-- activity named on at least $min_days days and missing on at least one: days_with, mean_with
-- (mean of those days' daily mean mood), days_without, mean_without, difference = with − without;
-- the $top activities with the most days (an activity on every day has nothing to compare with,
-- so it never takes one of those places), ordered by difference (largest lift first), then name.
-- The days and their activities come from tideline_derived (mood_by_day, activities_by_day,
-- grouped once per write to mood), not the entries.
with

daily as (
    select day, mood_sum / entries as mean_mood
    from tideline_derived.mood_by_day
    where day_start_hour = $day_start_hour
      and ($since::date is null or day >= $since::date) and day <= $until::date
),

day_activity as (
    select day, activity
    from tideline_derived.activities_by_day
    where day_start_hour = $day_start_hour
      and ($since::date is null or day >= $since::date) and day <= $until::date
),

activity_days as (
    select activity, count(*) as days_with
    from day_activity
    group by activity
    having count(*) >= $min_days
       and count(*) < (select count(*) from daily)
    order by days_with desc, activity
    limit $top
),

-- Each activity's days joined to their daily means; the days without it are the rest of the
-- range, so their sum and count are the range's totals minus the days with it (no pairing of
-- every activity with every day).
totals as (
    select count(*) as days, sum(mean_mood) as mood_sum
    from daily
),

with_it as (
    select
        activity_days.activity,
        count(*) as days_with,
        sum(daily.mean_mood) as mood_with
    from activity_days
    join day_activity on day_activity.activity = activity_days.activity
    join daily on daily.day = day_activity.day
    group by activity_days.activity
),

compared as (
    select
        with_it.activity,
        with_it.days_with,
        with_it.mood_with / with_it.days_with as mean_with,
        totals.days - with_it.days_with as days_without,
        (totals.mood_sum - with_it.mood_with) / nullif(totals.days - with_it.days_with, 0)
            as mean_without
    from with_it
    cross join totals
)

select
    activity,
    days_with,
    round(mean_with, 3) as mean_with,
    days_without,
    round(mean_without, 3) as mean_without,
    round(mean_with - mean_without, 3) as difference
from compared
where days_without > 0
order by difference desc, activity
