-- Mood around contact, split by who started it: for the contacts whose tracking day is in
-- [$since, $until], the mood entries logged in the 48 hours before each one ([at − 48 h, at))
-- and after it ([at, at + 48 h), up to the tracking day $until), pooled like
-- mood_before_break (an entry inside two windows counts twice). One row per initiator with
-- contacts and side ('before', 'after'): contacts, entries, mean_mood (null when no entry fell
-- in the windows).
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

-- Running count and sum of the entries up to each entry time (entries at the same minute
-- together), so a window's entries are a difference of two running totals: three as-of
-- lookups per contact instead of pairing every contact with every entry.
running as (
    select distinct
        "at",
        count(*) over (order by "at") as n,
        sum(mood) over (order by "at") as total
    from mood_so_far
),

edges as (
    select
        id,
        initiator,
        "at" - interval 48 hour as window_start,
        "at" as contact_at,
        "at" + interval 48 hour as window_end
    from contacts_in_range
),

-- Totals of the entries strictly before each edge.
totals as (
    select
        e.initiator,
        coalesce(r_start.n, 0) as n_start,
        coalesce(r_start.total, 0) as sum_start,
        coalesce(r_at.n, 0) as n_at,
        coalesce(r_at.total, 0) as sum_at,
        coalesce(r_end.n, 0) as n_end,
        coalesce(r_end.total, 0) as sum_end
    from edges as e
    asof left join running as r_start on e.window_start > r_start."at"
    asof left join running as r_at on e.contact_at > r_at."at"
    asof left join running as r_end on e.window_end > r_end."at"
),

per_initiator as (
    select
        initiator,
        count(*) as contacts,
        sum(n_at - n_start) as entries_before,
        sum(sum_at - sum_start) as mood_before,
        sum(n_end - n_at) as entries_after,
        sum(sum_end - sum_at) as mood_after
    from totals
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
