-- Together and apart stretches for the cycles timeline over [$since, $until], in date order:
-- one row per breakup or back_together milestone dated in the period, running to the next
-- milestone of the two kinds, or open through $until. With a $since, the latest of the two
-- kinds dated before it is carried in as the opening stretch, clipped to $since, so the band
-- covers the whole period (someone apart all month is shown apart, not blank).
-- Columns: `state` is 'apart' after a breakup and 'together' after a back_together; `counted`
-- is true when the next milestone is of the other kind and both fall in the period (the
-- periods the cycle figures measure; a clipped stretch never counts); `days` is end_on −
-- start_on, or the days so far (through $until) for the open stretch; `clipped` marks the
-- carried-in stretch, whose start_on is $since and whose began_on is its milestone's own date
-- (began_on = start_on on every other row).
with

stages as (
    select "on", kind, title, id
    from milestones
    where kind in ('breakup', 'back_together')
      and "on" <= cast($until as date)
),

in_period as (
    select "on", kind, title, id, false as clipped
    from stages
    where "on" >= coalesce(cast($since as date), "on")
),

-- The stretch already under way when the period starts (none without a $since).
carried as (
    select "on", kind, title, id, true as clipped
    from stages
    where "on" < cast($since as date)
    order by "on" desc, id desc
    limit 1
),

events as (
    select * from carried
    union all
    select * from in_period
),

ordered as (
    select
        "on" as began_on,
        kind,
        title,
        clipped,
        lead("on") over (order by "on", id) as end_on,
        lead(kind) over (order by "on", id) as next_kind,
        row_number() over (order by "on", id) as n
    from events
),

clipped_to_period as (
    select
        n,
        kind,
        title,
        clipped,
        began_on,
        end_on,
        next_kind,
        case when clipped then cast($since as date) else began_on end as start_on
    from ordered
)

select
    row_number() over (order by n) as segment,
    case when kind = 'breakup' then 'apart' else 'together' end as state,
    start_on,
    end_on,
    title,
    next_kind as ended_by,
    end_on is null as open,
    coalesce(next_kind <> kind and not clipped, false) as counted,
    cast(coalesce(end_on, cast($until as date)) - start_on as integer) as days,
    clipped,
    began_on
from clipped_to_period
-- A stretch that ended on the first day of the period has nothing left to show.
where not (clipped and end_on is not null and end_on <= start_on)
order by n
