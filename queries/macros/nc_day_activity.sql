-- Every no-contact day in [since, as_of] (since null = from the first one), one row each, with
-- breaks (contacts I started that day), urges_resisted and peeks (0 on a quiet day).
create or replace macro nc_day_activity(since, as_of, day_start_hour) as table
    select
        nc.day,
        coalesce(a.my_contacts, 0) as breaks,
        coalesce(a.urges_resisted, 0) as urges_resisted,
        coalesce(a.peeks, 0) as peeks
    from nc_days_in(since, as_of) as nc
    left join day_activity(day_start_hour) as a using (day);
