-- The no-contact calendar: every day of calendar(since, as_of, day_start_hour), one row each,
-- oldest first: day, in_nc (a no-contact day), my_contacts, breaks (my contacts on a no-contact
-- day, else 0), urges_resisted and peeks.
create or replace macro nc_calendar(since, as_of, day_start_hour) as table
    select
        c.day,
        nc.day is not null as in_nc,
        coalesce(a.my_contacts, 0) as my_contacts,
        case when nc.day is not null then coalesce(a.my_contacts, 0) else 0 end as breaks,
        coalesce(a.urges_resisted, 0) as urges_resisted,
        coalesce(a.peeks, 0) as peeks
    from calendar(since, as_of, day_start_hour) as c
    left join nc_days(cast(as_of as date)) as nc using (day)
    left join day_activity(day_start_hour) as a using (day)
    order by c.day;
