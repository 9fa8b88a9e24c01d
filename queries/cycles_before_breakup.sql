-- What came before each breakup dated in [$since, $until]: one row for each of the 14 tracking
-- days before it (days_before 14 … 1, the breakup day itself left out) with the mood entries of
-- that day (count and mean, null without entries) and the contacts that day, mine and theirs.
-- The 14 days may reach back before the period: they belong to the breakup, not to the filter.
with

breakups as (
    select distinct "on" as breakup_on
    from milestones
    where kind = 'breakup'
      and "on" <= cast($until as date)
      and "on" >= coalesce(cast($since as date), "on")
),

days as (
    select
        b.breakup_on,
        cast(d.offset_days as integer) as days_before,
        cast(b.breakup_on - cast(d.offset_days as integer) as date) as day
    from breakups as b
    cross join range(1, 15) as d(offset_days)
),

mood_days as (
    select tracking_day("at", $day_start_hour) as day, count(*) as entries, avg(mood) as mean_mood
    from mood
    group by 1
),

contact_days as (
    select
        tracking_day("at", $day_start_hour) as day,
        count(*) filter (where initiator = 'me') as contacts_me,
        count(*) filter (where initiator = 'them') as contacts_them
    from contacts
    group by 1
)

select
    days.breakup_on,
    days.days_before,
    days.day,
    coalesce(mood_days.entries, 0) as mood_entries,
    mood_days.mean_mood,
    coalesce(contact_days.contacts_me, 0) as contacts_me,
    coalesce(contact_days.contacts_them, 0) as contacts_them
from days
left join mood_days using (day)
left join contact_days using (day)
order by days.breakup_on, days.days_before desc
