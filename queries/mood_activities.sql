-- Activities against mood in [$since, $until], over the tracking days with a mood entry: for each
-- activity named on at least $min_days days and missing on at least one: days_with, mean_with
-- (mean of those days' daily mean mood), days_without, mean_without, difference = with − without;
-- the $top activities with the most days, ordered by difference (largest lift first), then name.
with

mood as (
    select tracking_day("at", $day_start_hour) as day, mood, activities
    from mood
),

in_range as (
    select day, mood, activities
    from mood
    where ($since::date is null or day >= $since::date) and day <= $until::date
),

daily as (
    select day, avg(mood) as mean_mood
    from in_range
    group by day
),

day_activity as (
    select distinct day, unnest(activities) as activity
    from in_range
),

activity_days as (
    select activity, count(*) as days_with
    from day_activity
    group by activity
    having count(*) >= $min_days
    order by days_with desc, activity
    limit $top
),

pairs as (
    select
        activity_days.activity,
        daily.mean_mood,
        day_activity.day is not null as has_it
    from activity_days
    cross join daily
    left join day_activity
        on day_activity.activity = activity_days.activity and day_activity.day = daily.day
),

compared as (
    select
        activity,
        count(*) filter (where has_it) as days_with,
        avg(mean_mood) filter (where has_it) as mean_with,
        count(*) filter (where not has_it) as days_without,
        avg(mean_mood) filter (where not has_it) as mean_without
    from pairs
    group by activity
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
