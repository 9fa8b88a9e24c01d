-- Mood around contact, split by who started it: for the contacts whose tracking day is in
-- [$since, $until], the mood entries logged in the 48 hours before each one ([at − 48 h, at))
-- and after it ([at, at + 48 h), up to the tracking day $until), pooled like
-- mood_before_break (an entry inside two windows counts twice). One row per initiator with
-- contacts and side ('before', 'after'): contacts, entries, mean_mood (null when no entry fell
-- in the windows).
-- Summed from the contacts' days as grouped once per write
-- (tideline_derived.mood_around_contact_by_day), not by pairing every contact with the
-- entries again; an entry after $until is left out by its own tracking day (entry_day).
with

days as (
    select initiator, side, n, mood_sum
    from tideline_derived.mood_around_contact_by_day
    where day_start_hour = $day_start_hour
      and day <= cast($until as date)
      and day >= coalesce(cast($since as date), day)
      and entry_day <= cast($until as date)
),

per_initiator as (
    select
        initiator,
        sum(n) filter (where side = 'contact') as contacts,
        coalesce(sum(n) filter (where side = 'before'), 0) as entries_before,
        sum(mood_sum) filter (where side = 'before') as mood_before,
        coalesce(sum(n) filter (where side = 'after'), 0) as entries_after,
        sum(mood_sum) filter (where side = 'after') as mood_after
    from days
    group by initiator
)

select
    initiator,
    'before' as side,
    cast(contacts as bigint) as contacts,
    cast(entries_before as bigint) as entries,
    case when entries_before > 0 then mood_before / entries_before end as mean_mood
from per_initiator
union all
select
    initiator,
    'after',
    cast(contacts as bigint),
    cast(entries_after as bigint),
    case when entries_after > 0 then mood_after / entries_after end
from per_initiator
order by initiator, side desc
