-- Every day from since through as_of, one row each (day), days starting at start_hour; since
-- null = from the first day with any data (a no-contact day, a contact I started, an urge, a
-- mood entry or a milestone). No rows when that first day is after as_of. A no-contact day
-- never comes before the first milestone (each period starts on one), so the milestones stand
-- for it. The entries' first days are read off the days grouped once per write
-- (tideline_derived: mood_by_day, urges_contacts_by_day), not the tracking day of each entry.
create or replace macro calendar(since, as_of, start_hour) as table
    with first_day as (
        select coalesce(
            cast(since as date),
            least(
                (select min("on") from milestones),
                (select min(a.day) from tideline_derived.urges_contacts_by_day as a
                 where a.day_start_hour = start_hour),
                (select min(m.day) from tideline_derived.mood_by_day as m
                 where m.day_start_hour = start_hour)
            )
        ) as day
    )
    select cast(unnest(generate_series(day, cast(as_of as date), interval 1 day)) as date) as day
    from first_day
    where day <= cast(as_of as date);
