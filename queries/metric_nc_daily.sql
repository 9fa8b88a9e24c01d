-- One row per calendar day from $since (or the first day with any data) through $as_of:
-- whether it is a no-contact day, the contacts I started, breaks, resisted urges and peeks.
with

nc as (
    select day from nc_days($as_of)
),

my_contacts as (
    select tracking_day("at", $day_start_hour) as day, count(*) as n
    from contacts
    where initiator = 'me'
    group by 1
),

urge_days as (
    select
        tracking_day("at", $day_start_hour) as day,
        count(*) filter (where outcome = 'resisted') as resisted,
        count(*) filter (where outcome = 'peeked') as peeked
    from urges
    group by 1
),

first_day as (
    select coalesce(
        cast($since as date),
        least(
            (select min(day) from nc),
            (select min(day) from my_contacts),
            (select min(day) from urge_days),
            (select min(tracking_day("at", $day_start_hour)) from mood),
            (select min("on") from milestones)
        )
    ) as day
),

calendar as (
    select cast(unnest(generate_series(day, cast($as_of as date), interval 1 day)) as date) as day
    from first_day
    where day <= cast($as_of as date)
)

select
    calendar.day,
    nc.day is not null as in_nc,
    coalesce(my_contacts.n, 0) as my_contacts,
    case when nc.day is not null then coalesce(my_contacts.n, 0) else 0 end as breaks,
    coalesce(urge_days.resisted, 0) as urges_resisted,
    coalesce(urge_days.peeked, 0) as peeks
from calendar
left join nc using (day)
left join my_contacts using (day)
left join urge_days using (day)
order by calendar.day
