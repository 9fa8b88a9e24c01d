-- Every day from since through as_of, one row each (day); since null = from the first day with
-- any data (a no-contact day, a contact I started, an urge, a mood entry or a milestone). No
-- rows when that first day is after as_of. A no-contact day never comes before the first
-- milestone (each period starts on one), so the milestones stand for it.
create or replace macro calendar(since, as_of, day_start_hour) as table
    with first_day as (
        select coalesce(
            cast(since as date),
            least(
                (select min("on") from milestones),
                (select min(tracking_day("at", day_start_hour)) from contacts
                 where initiator = 'me'),
                (select min(tracking_day("at", day_start_hour)) from urges),
                (select min(tracking_day("at", day_start_hour)) from mood)
            )
        ) as day
    )
    select cast(unnest(generate_series(day, cast(as_of as date), interval 1 day)) as date) as day
    from first_day
    where day <= cast(as_of as date);
