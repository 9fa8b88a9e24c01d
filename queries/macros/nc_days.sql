-- Every no-contact day up to as_of, one row each (day). The periods never overlap (a period
-- ends before the next end, and a later start's period begins on or after that end), so each
-- day comes from one period only.
create or replace macro nc_days(as_of) as table
    select cast(unnest(generate_series(start_day, end_day, interval 1 day)) as date) as day
    from nc_periods(as_of)
    where end_day >= start_day;
