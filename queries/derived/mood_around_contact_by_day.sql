-- The mood around contact per tracking day of the contacts and who started them, computed once
-- per write to mood or contacts (dashboard/derived.py) into
-- tideline_derived.mood_around_contact_by_day, which patterns_mood_around_contact sums over
-- the days instead of pairing every contact with the entries again. For the hour a day
-- starts (day_start_hour), per contact day (day) and initiator, rows of side: 'contact' (n:
-- the contacts), 'before' and 'after' (n: the entries in the 48 hours before the contacts,
-- [at − 48 h, at), or after them, [at, at + 48 h), pooled: an entry inside two windows counts
-- twice; mood_sum: their moods). entry_day is the entries' tracking day on 'after' rows, so a
-- reader whose period ends sooner leaves out what was logged after it; on the others it is
-- the contacts' own day (no entry before a contact comes after it).
-- With $first_at and $after_at (not null) only the days whose times lie in [$first_at,
-- $after_at) are computed: those of rows just added, widened by two days on each side
-- (derived.REACH_DAYS), since an entry lies in the windows of the contacts 48 hours around it.
insert into tideline_derived.mood_around_contact_by_day
with

contacts_in_span as (
    select "at", initiator, tracking_day("at", $day_start_hour) as day, cast("at" as date) as date
    from contacts
    where ("at" >= $first_at or $first_at is null) and ("at" < $after_at or $after_at is null)
),

entries as (
    select "at", mood, cast("at" as date) as date
    from mood
    where ("at" >= cast($first_at as timestamp) - interval 48 hour or $first_at is null)
      and ("at" < cast($after_at as timestamp) + interval 48 hour or $after_at is null)
),

-- A contact's two windows, [at − 48 h, at + 48 h), lie on the five calendar dates from two
-- days before its own to two days after: an equality join on those dates pairs each contact
-- with the few entries of its dates (a hash join), not a range join.
window_dates as (
    select c."at", c.initiator, c.day, c.date + d.offset_days as date
    from contacts_in_span as c
    cross join (select unnest([-2, -1, 0, 1, 2]) as offset_days) as d
),

in_windows as (
    select
        w.day,
        w.initiator,
        case when e."at" < w."at" then 'before' else 'after' end as side,
        case when e."at" < w."at" then w.day else tracking_day(e."at", $day_start_hour) end
            as entry_day,
        e.mood
    from window_dates as w
    join entries as e on e.date = w.date
    where e."at" >= w."at" - interval 48 hour
      and e."at" < w."at" + interval 48 hour
),

per_side as (
    select day, initiator, side, entry_day, count(*) as n, sum(mood) as mood_sum
    from in_windows
    group by day, initiator, side, entry_day
)

select cast($day_start_hour as integer), day, initiator, 'contact', day, count(*), 0
from contacts_in_span
group by day, initiator
union all
select cast($day_start_hour as integer), day, initiator, side, entry_day, n, mood_sum
from per_side
