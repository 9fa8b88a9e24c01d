-- Mood around contact, split by who started it: for the contacts whose tracking day is in
-- [$since, $until], the mood entries logged in the 48 hours before each one ([at − 48 h, at))
-- and after it ([at, at + 48 h), up to $until's tracking day), pooled like mood_before_break
-- (an entry inside two windows counts twice). One row per initiator with contacts and side
-- ('before', 'after'): contacts, entries, mean_mood (null when no entry fell in the windows).
with

contacts_in_range as (
    select id, "at", initiator
    from contacts
    where tracking_day("at", $day_start_hour) <= cast($until as date)
      and tracking_day("at", $day_start_hour)
          >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
),

mood_so_far as (
    select "at", mood
    from mood
    where tracking_day("at", $day_start_hour) <= cast($until as date)
),

sides as (
    select 'before' as side, 1 as side_order
    union all
    select 'after', 2
),

per_initiator as (
    select initiator, count(*) as contacts
    from contacts_in_range
    group by initiator
),

windows as (
    select
        c.initiator,
        case when m."at" < c."at" then 'before' else 'after' end as side,
        m.mood
    from contacts_in_range as c
    join mood_so_far as m
      on m."at" >= c."at" - interval 48 hour
     and m."at" < c."at" + interval 48 hour
),

pooled as (
    select initiator, side, count(*) as entries, avg(mood) as mean_mood
    from windows
    group by initiator, side
)

select
    p.initiator,
    s.side,
    p.contacts,
    coalesce(pooled.entries, 0) as entries,
    pooled.mean_mood
from per_initiator as p
cross join sides as s
left join pooled on pooled.initiator = p.initiator and pooled.side = s.side
order by p.initiator, s.side_order
