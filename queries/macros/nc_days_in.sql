-- The no-contact days in [since, as_of] (since null = from the first one), one row each (day).
create or replace macro nc_days_in(since, as_of) as table
    select day
    from nc_days(cast(as_of as date))
    where day >= coalesce(cast(since as date), day);
