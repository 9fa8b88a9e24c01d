-- How many days of [$since, $until] have anything logged, as one row: days_with_entries
-- (tracking days with at least one mood entry, contact or urge), nc_days (no-contact days of the
-- period, as of $until) and nc_days_with_entries (those of them with at least one entry).
-- A no-contact day with nothing logged has no break by definition; this says how many such
-- days the adherence figure rests on.
with

nc as (
    select day
    from nc_days(cast($until as date))
    where day between cast($since as date) and cast($until as date)
),

entry_days as (
    select tracking_day("at", $day_start_hour) as day from mood
    union
    select tracking_day("at", $day_start_hour) as day from contacts
    union
    select tracking_day("at", $day_start_hour) as day from urges
),

logged as (
    select day
    from entry_days
    where day between cast($since as date) and cast($until as date)
)

select
    (select count(*) from logged) as days_with_entries,
    (select count(*) from nc) as nc_days,
    (select count(*) from nc semi join logged using (day)) as nc_days_with_entries
