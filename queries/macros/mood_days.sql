-- Mood per tracking day, one row per day with entries: day, mean_mood (the mean of its
-- entries, unrounded) and entries.
create or replace macro mood_days(day_start_hour) as table
    select tracking_day("at", day_start_hour) as day, avg(mood) as mean_mood, count(*) as entries
    from mood
    group by 1;
