-- Together and apart stretches from the breakup and back_together milestones dated in
-- [$since, $until], in date order (the same list as the cycle figures): one row per milestone,
-- running to the next one of the two kinds, or open through $until. `state` is 'apart' after a
-- breakup and 'together' after a back_together; `counted` is true when the next milestone is of
-- the other kind (the periods the cycle figures measure); `days` is end_on − start_on, or the
-- days so far (through $until) for the open stretch.
with

events as (
    select "on", kind, title, id
    from milestones
    where kind in ('breakup', 'back_together')
      and "on" <= cast($until as date)
      and "on" >= coalesce(cast($since as date), "on")
),

ordered as (
    select
        "on" as start_on,
        kind,
        title,
        lead("on") over (order by "on", id) as end_on,
        lead(kind) over (order by "on", id) as next_kind,
        row_number() over (order by "on", id) as n
    from events
)

select
    n as segment,
    case when kind = 'breakup' then 'apart' else 'together' end as state,
    start_on,
    end_on,
    title,
    next_kind as ended_by,
    end_on is null as open,
    coalesce(next_kind <> kind, false) as counted,
    cast(coalesce(end_on, cast($until as date)) - start_on as integer) as days
from ordered
order by n
