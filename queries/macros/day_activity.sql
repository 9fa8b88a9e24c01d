-- What each tracking day held of contacts I started and urges: one row per day with at least
-- one of them: day, my_contacts, urges_resisted, peeks.
create or replace macro day_activity(day_start_hour) as table
    select
        day,
        count(*) filter (where what = 'me') as my_contacts,
        count(*) filter (where what = 'resisted') as urges_resisted,
        count(*) filter (where what = 'peeked') as peeks
    from (
        select tracking_day("at", day_start_hour) as day, initiator as what
        from contacts
        where initiator = 'me'
        union all
        select tracking_day("at", day_start_hour), outcome
        from urges
    )
    group by day;
