-- What each tracking day held of contacts I started and urges: one row per day with at least
-- one of them: day, my_contacts, urges_resisted, peeks. Read from the days grouped once per
-- write (tideline_derived.urges_contacts_by_day, dashboard/derived.py), not the entries: a
-- query calling this is made current first (the Store follows the macros it calls).
create or replace macro day_activity(day_start_hour) as table
    select d.day, d.my_contacts, d.urges_resisted, d.peeks
    from tideline_derived.urges_contacts_by_day as d
    where d.day_start_hour = day_start_hour;
