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

-- The mood entries in [t - 24h, t) are those before t minus those before t - 24h. One pass
-- over a timeline of the entries and two markers per break (its moment and 24 hours
-- earlier) gives both running totals; a marker sorts before an entry at the same moment,
-- so the windows stay half-open. (Comparing every break with every entry grows with the
-- product of the two.)
timeline as (
    select "at" as t, 1 as ord, 1 as n, mood as v, 0 as sign
    from mood
    union all
    select "at", 0, 0, 0, 1
    from breaks
    union all
    select window_start, 0, 0, 0, -1
    from breaks
),

running as (
    select
        sign,
        sum(n) over upto as n_upto,
        sum(v) over upto as s_upto
    from timeline
    window upto as (order by t, ord rows between unbounded preceding and current row)
),

before as (
    select
        cast(coalesce(sum(sign * s_upto), 0) as bigint) as mood_sum_before,
        cast(coalesce(sum(sign * n_upto), 0) as bigint) as mood_n_before
    from running
    where sign <> 0
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
