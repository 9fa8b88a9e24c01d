-- One row of relapse figures over the breaks (contacts I started on a no-contact day) whose
-- tracking day is in [$since, $as_of] (PRODUCT.md s.4): breaks, late_night (clock hour in
-- $late_hours), under_influence, known_response (got_response not null), got_response (true),
-- mood_sum_before and mood_n_before (the mood entries in [break - 24h, break), pooled over the
-- breaks: an entry inside two windows counts twice) and top_triggers (up to 3 structs
-- {trigger, n}, trimmed and lower-cased, by count descending then name).
with

nc as (
    select day from nc_days($as_of)
),

breaks as (
    select
        c.id,
        c."at",
        c."at" - interval 24 hour as window_start,
        c.under_influence,
        c.got_response,
        nullif(lower(trim(c.trigger)), '') as trigger
    from contacts as c
    join nc on nc.day = tracking_day(c."at", $day_start_hour)
    where c.initiator = 'me'
      and nc.day >= coalesce(cast($since as date), nc.day)
),

-- A 24-hour window touches two calendar dates: its start's and the next. Joining the entries
-- on those dates, then keeping the ones inside [break - 24h, break), compares each break with
-- a handful of entries instead of the whole history.
window_days as (
    select
        id,
        "at",
        window_start,
        unnest([cast(window_start as date), cast(window_start as date) + 1]) as day
    from breaks
),

before as (
    select
        cast(coalesce(sum(m.mood), 0) as bigint) as mood_sum_before,
        count(m.mood) as mood_n_before
    from window_days as w
    join mood as m
        on cast(m."at" as date) = w.day
        and m."at" >= w.window_start
        and m."at" < w."at"
),

triggers as (
    select trigger, count(*) as n
    from breaks
    where trigger is not null
    group by trigger
),

top as (
    select
        coalesce(
            list_slice(
                list(struct_pack(trigger := trigger, n := n) order by n desc, trigger), 1, 3
            ),
            []
        ) as top_triggers
    from triggers
),

totals as (
    select
        count(*) as breaks,
        count(*) filter (where list_contains($late_hours, hour("at"))) as late_night,
        count(*) filter (where under_influence) as under_influence,
        count(got_response) as known_response,
        count(*) filter (where got_response) as got_response
    from breaks
)

select totals.*, before.*, top.top_triggers
from totals, before, top
