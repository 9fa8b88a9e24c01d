-- Mood around contact, split by who started it: for the contacts whose tracking day is in
-- [$since, $until], the mood entries logged in the 48 hours before each one ([at − 48 h, at))
-- and after it ([at, at + 48 h), up to the tracking day $until), pooled like
-- mood_before_break (an entry inside two windows counts twice). One row per initiator with
-- contacts and side ('before', 'after'): contacts, entries, mean_mood (null when no entry fell
-- in the windows).
with

contacts_in_range as (
    select "at", initiator, cast("at" as date) as day
    from contacts
    where tracking_day("at", $day_start_hour) <= cast($until as date)
      and tracking_day("at", $day_start_hour)
          >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
),

entries as (
    select "at", mood, cast("at" as date) as day
    from mood
    where tracking_day("at", $day_start_hour) <= cast($until as date)
),

-- A contact's two windows, [at − 48 h, at + 48 h), lie on the five calendar dates from two
-- days before its own to two days after: an equality join on those dates pairs each contact
-- with the few entries of its dates (a hash join), instead of a range join or one ordered
-- pass over every entry and window edge (the window function took twice as long).
window_dates as (
    select c."at", c.initiator, c.day + d.offset_days as day
    from contacts_in_range as c
    cross join (select unnest([-2, -1, 0, 1, 2]) as offset_days) as d
),

in_windows as (
    select w.initiator, e."at" < w."at" as before, e.mood
    from window_dates as w
    join entries as e on e.day = w.day
    where e."at" >= w."at" - interval 48 hour
      and e."at" < w."at" + interval 48 hour
),

per_side as (
    select initiator, before, count(*) as entries, avg(mood) as mean_mood
    from in_windows
    group by initiator, before
),

per_initiator as (
    select initiator, count(*) as contacts
    from contacts_in_range
    group by initiator
),

sides as (
    select unnest(['before', 'after']) as side
)

select
    c.initiator,
    s.side,
    c.contacts,
    coalesce(p.entries, 0) as entries,
    p.mean_mood
from per_initiator as c
cross join sides as s
left join per_side as p
    on p.initiator = c.initiator and p.before = (s.side = 'before')
order by c.initiator, s.side desc
