-- Every no-contact day up to as_of, one row each (day).
create or replace macro nc_days(as_of) as table
    select distinct cast(unnest(generate_series(start_day, end_day, interval 1 day)) as date) as day
    from nc_periods(as_of)
    where end_day >= start_day;
