-- Mood around contact, split by who started it: for the contacts whose tracking day is in
-- [$since, $until], the mood entries logged in the 48 hours before each one ([at − 48 h, at))
-- and after it ([at, at + 48 h), up to the tracking day $until), pooled like
-- mood_before_break (an entry inside two windows counts twice). One row per initiator with
-- contacts and side ('before', 'after'): contacts, entries, mean_mood (null when no entry fell
-- in the windows).
with

contacts_in_range as (
    select "at", initiator
    from contacts
    where tracking_day("at", $day_start_hour) <= cast($until as date)
      and tracking_day("at", $day_start_hour)
          >= coalesce(cast($since as date), tracking_day("at", $day_start_hour))
),

-- A window's entries are the difference of two running totals: the entries strictly before
-- its end less those strictly before its start. Entries before the first window's start add
-- the same to every running total and cancel out, so a short period reads only its own.
entries as (
    select "at", mood
    from mood
    where tracking_day("at", $day_start_hour) <= cast($until as date)
      and "at" >= (select min("at") from contacts_in_range) - interval 48 hour
),

-- Each contact puts three edges on one time line with the entries: its window's start, itself
-- and its window's end. An edge sorts before an entry at the same time, so an entry at the
-- edge itself counts after it.
timeline as (
    select "at", 1 as entry, 1 as n, mood, null as initiator, null as edge from entries
    union all
    select "at" - interval 48 hour, 0, 0, 0, initiator, 'start' from contacts_in_range
    union all
    select "at", 0, 0, 0, initiator, 'contact' from contacts_in_range
    union all
    select "at" + interval 48 hour, 0, 0, 0, initiator, 'end' from contacts_in_range
),

-- One pass in time order reads the running totals at every edge (instead of an as-of lookup
-- into the entries for each of the three edges).
at_edges as (
    select
        initiator,
        edge,
        sum(n) over w as n_before,
        sum(mood) over w as sum_before
    from timeline
    window w as (order by "at", entry rows between unbounded preceding and current row)
    qualify entry = 0
),

per_initiator as (
    select
        initiator,
        count(*) filter (where edge = 'contact') as contacts,
        sum(case edge when 'contact' then n_before when 'start' then -n_before else 0 end)
            as entries_before,
        sum(case edge when 'contact' then sum_before when 'start' then -sum_before else 0 end)
            as mood_before,
        sum(case edge when 'end' then n_before when 'contact' then -n_before else 0 end)
            as entries_after,
        sum(case edge when 'end' then sum_before when 'contact' then -sum_before else 0 end)
            as mood_after
    from at_edges
    group by initiator
)

select
    initiator,
    'before' as side,
    contacts,
    cast(entries_before as bigint) as entries,
    case when entries_before > 0 then mood_before / entries_before end as mean_mood
from per_initiator
union all
select
    initiator,
    'after',
    contacts,
    cast(entries_after as bigint),
    case when entries_after > 0 then mood_after / entries_after end
from per_initiator
order by initiator, side desc
