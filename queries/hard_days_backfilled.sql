-- The back-filled entries of [$since, $until] ($since null = from the first), one row each, by
-- the day they are for: kind ('mood', 'contact' or 'urge'), day (the tracking day of "at"),
-- "at" and logged_at (created_at: when it was saved). Back-filled = saved more than 24 hours
-- after the moment it describes, as queries/snapshot_backfilled.sql counts them.
with

-- Each table's back-filled rows, the rule applied before the three are put together.
late_mood as (
    select "at", created_at from mood where created_at > "at" + interval 24 hours
),

late_contacts as (
    select "at", created_at from contacts where created_at > "at" + interval 24 hours
),

late_urges as (
    select "at", created_at from urges where created_at > "at" + interval 24 hours
),

late as (
    select 'mood' as kind, * from late_mood
    union all by name
    select 'contact' as kind, * from late_contacts
    union all by name
    select 'urge' as kind, * from late_urges
),

dated as (
    select kind, tracking_day("at", $day_start_hour) as day, "at", created_at
    from late
)

select kind, day, "at", created_at as logged_at
from dated
where day <= cast($until as date)
  and day >= coalesce(cast($since as date), day)
order by day, "at", kind
